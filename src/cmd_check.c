/* cmd_check.c — `tmix check PROJECT`: validate and summarise. */
#include "cli.h"
#include "dsp/unit.h"
#include "tmix.h"
#include "units.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct project *cli_load(const char *path, bool probe)
{
	struct diags ds = {0};
	struct project *p = project_load(path, &ds);

	if (p && probe)
		project_probe(p, &ds);
	diags_print(&ds, path, stderr);
	/* a file that could not be read at all has said so on its own line;
	 * "1 error; nothing was changed" would add nothing true */
	if (ds.nerrors && p) {
		units_print_line(stderr, "%s: %d error%s; nothing was changed", path, ds.nerrors,
				 ds.nerrors == 1 ? "" : "s");
	}
	if (ds.nerrors) {
		project_free(p);
		p = NULL;
	}
	diags_free(&ds);
	return p;
}

int cli_usage_error(const char *verb, const char *usage, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	units_print_line(stderr, "tmix %s: %s", verb, why);
	fprintf(stderr, "usage: %s\n", usage);
	return EXIT_BADINPUT;
}

/* The 1-based line of key in the strip's section, 0 when not written. */
static int key_line(const struct project *p, const struct strip *s, const char *key)
{
	const struct src_section *sec;
	if (s->section < 0 || s->section >= p->nsections)
		return 0;
	sec = &p->sections[s->section];
	for (int k = 0; k < sec->nkeys; k++)
		if (!units_casecmp(sec->keys[k].key, key))
			return sec->keys[k].line + 1;
	return 0;
}

/* Where the file says one thing and plays another: a static value
 * written beside a lane that the strip's mode plays. */
static void warn_shadowed(const struct project *p, struct diags *ds)
{
	static const struct { const char *key, *lane; } pairs[] = {
		{"gain", "auto.gain"}, {"pan", "auto.pan"}, {"width", "auto.width"}, {"mute", "auto.mute"},
	};
	for (int i = 0; i < p->nstrips; i++) {
		struct strip *s = p->strips[i];
		const char *who = s->kind == SK_MASTER ? "master" : s->name;
		const char *mode = auto_mode_names[strip_auto_mode(s)];
		char key[300], lane[300];
		if (strip_auto_mode(s) == AM_OFF)
			continue;
		for (int k = 0; k < (int)(sizeof pairs / sizeof pairs[0]) + s->nsends; k++) {
			const struct auto_lane *l;
			int at, lat;
			bool mute = k == 3;
			if (k < 4) {
				snprintf(key, sizeof key, "%s", pairs[k].key);
				snprintf(lane, sizeof lane, "%s", pairs[k].lane);
				static const enum param_id ids[4] = {P_GAIN, P_PAN, P_WIDTH, P_MUTE};
				l = strip_lane(s, ids[k], -1);
			} else {
				snprintf(key, sizeof key, "send.%s", s->sends[k - 4].bus_name);
				snprintf(lane, sizeof lane, "auto.send.%s", s->sends[k - 4].bus_name);
				l = &s->sends[k - 4].lane;
			}
			at = key_line(p, s, key);
			lat = key_line(p, s, lane);
			if (!l->n || !at)
				continue;
			if (mute)
				diags_add(ds, DIAG_WARNING, at, "%s: %s is heard together with %s (line %d) in %s mode: the strip "
					  "is silent where either says yes; before the lane's first point only %s applies",
					  who, key, lane, lat, mode, key);
			else
				diags_add(ds, DIAG_WARNING, at, "%s: %s is not heard: %s (line %d) plays instead in %s mode; "
					  "the strip's keys %s; set auto.mode = off to hear %s",
					  who, key, lane, lat, mode,
					  strip_auto_mode(s) == AM_READ ? "move every point of the lane"
					  : "record the lane while playing (stopped, they move every point of it)", key);
		}
		for (int n = 0; n < s->ninserts; n++)
			for (int k = 0; k < s->inserts[n].unit->nparams; k++) {
				int at, lat;
				if (!s->inserts[n].lane[k].n)
					continue;
				snprintf(key, sizeof key, "insert.%d.%s", n + 1, s->inserts[n].unit->params[k].sym);
				snprintf(lane, sizeof lane, "auto.%.280s", key);
				if (!(at = key_line(p, s, key)))
					continue;
				lat = key_line(p, s, lane);
				diags_add(ds, DIAG_WARNING, at, "%s: %s is not heard: %s (line %d) plays instead in %s mode; "
					  "set auto.mode = off to hear %s", who, key, lane, lat, mode, key);
			}
	}
}

int cmd_check(int argc, char **argv)
{
	struct project *p;
	char len[32];
	int fx = 0, resample = 0;
	double rate;

	const char *use = "tmix check PROJECT.ini";
	if (argc < 2)
		return cli_usage_error("check", use, "which project? (a PROJECT.ini file)");
	if (argv[1][0] == '-')
		return cli_usage_error("check", use, "unknown option %s", argv[1]);
	if (argc > 2)
		return cli_usage_error("check", use, "one project at a time ('%s' is one too many)", argv[2]);
	p = cli_load(argv[1], true);
	if (!p)
		return EXIT_BADINPUT;
	{
		struct diags ds = {0};
		warn_shadowed(p, &ds);
		diags_print(&ds, argv[1], stderr);
		diags_free(&ds);
	}
	rate = project_rate(p);
	for (int i = p->ntracks; i < p->ntracks + p->nbuses; i++)
		fx += p->strips[i]->fx != FX_NONE;
	units_print_line(stdout, "%s: \"%s\"", argv[1], p->proj.name);
	printf("  %d track%s, %d bus%s (%d group, %d effect), master%s\n", p->ntracks, p->ntracks == 1 ? "" : "s",
	       p->nbuses, p->nbuses == 1 ? "" : "es", p->nbuses - fx, fx,
	       project_master(p)->mode[P_LIMITER] == PM_OFF ? "" : " with limiter");
	printf("  session rate %.0f Hz%s, length %s\n", rate, p->proj.mode[P_RATE] == PM_AUTO ? " (from the first stem)" : "",
	       units_fmt_time(len, sizeof len, project_length(p)));
	for (int i = 0; i < p->ntracks; i++) {
		const struct strip *s = p->strips[i];
		if (s->stem_rate && s->stem_rate != (int)rate) {
			if (!resample++)
				printf("  stems resampled to %.0f Hz:\n", rate);
			units_print_line(stdout, "    %s (%d Hz)", s->file, s->stem_rate);
		}
	}
	if (!resample)
		printf("  every stem is at the session rate\n");
	printf("  %d marker%s, %d reference%s\n", p->nmarkers, p->nmarkers == 1 ? "" : "s", p->nrefs,
	       p->nrefs == 1 ? "" : "s");
	printf("ok\n");
	project_free(p);
	return EXIT_OK;
}
