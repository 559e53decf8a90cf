/* cmd_bounce.c — `tmix bounce PROJECT [-o FILE] [--format wav16|wav24|float|flac]
 * [--normalize LUFS] [--from T] [--to T] [--stems DIR] [--deliver T1,T2,...]`. */
#include "bounce.h"
#include "cli.h"
#include "targets.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_bool cancelled;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&cancelled, true);
}

struct progress {
	struct timespec t0;
};

static void show_progress(void *ctx, double done, double total)
{
	struct progress *pr = ctx;
	struct timespec t;
	double el, speed, pct;
	char a[32], b[32];
	int bar = 30, fill;

	clock_gettime(CLOCK_MONOTONIC, &t);
	el = (t.tv_sec - pr->t0.tv_sec) + (t.tv_nsec - pr->t0.tv_nsec) * 1e-9;
	speed = el > 0 ? done / el : 0;
	pct = total > 0 ? 100.0 * done / total : 0;
	if (pct > 100)
		pct = 100;
	fill = (int)(pct / 100 * bar);
	fprintf(stderr, "\r[%.*s%*s] %3.0f%%  %s / %s  %.0fx real time  %s left ", fill,
		"##############################", bar - fill, "", pct, units_fmt_time(a, sizeof a, done),
		units_fmt_time(b, sizeof b, total), speed,
		speed > 0 && total > done ? units_fmt_time(a, sizeof a, (total - done) / speed) : "0:00");
}

static const char *db_or(char *buf, size_t n, double v, const char *unit)
{
	char num[32];
	snprintf(buf, n, "%s %s", units_fmt_level(num, sizeof num, isnan(v) ? -INFINITY : v, 1, false), unit);
	return buf;
}

#define BOUNCE_USAGE "tmix bounce PROJECT.ini [-o FILE] [--format wav16|wav24|float|flac]\n" \
	"                   [--normalize LUFS] [--from T] [--to T] [--stems DIR]\n" \
	"                   [--deliver TARGET,... [-o FOLDER]]"

/* What each option takes, for "--stems needs a folder". */
static const char *wants(const char *opt)
{
	if (!strcmp(opt, "-o"))
		return "a file";
	if (!strcmp(opt, "--format"))
		return "a format (wav16, wav24, float or flac)";
	if (!strcmp(opt, "--normalize"))
		return "a loudness (-14)";
	if (!strcmp(opt, "--from") || !strcmp(opt, "--to"))
		return "a time (1:23.5)";
	if (!strcmp(opt, "--stems"))
		return "a folder";
	if (!strcmp(opt, "--deliver"))
		return "targets (spotify,apple,ebu-r128)";
	return NULL;
}

int cmd_bounce(int argc, char **argv)
{
	struct bounce_opts o = {.format = BOUNCE_WAV24, .to = -1, .cancel = &cancelled};
	bool have_format = false;
	struct bounce_result r;
	struct progress pr;
	struct project *p;
	const char *path = NULL, *deliver = NULL;
	struct bounce_delivery *dv = NULL;
	char err[1024], a[32], b[32], c[48], d[32], tp[32], esc[4400];
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (opt[0] != '-') {
			if (path)
				return cli_usage_error("bounce", BOUNCE_USAGE, "one project at a time ('%s' is one too many)", opt);
			path = opt;
			continue;
		}
		if (!wants(opt))
			return cli_usage_error("bounce", BOUNCE_USAGE, "unknown option %s", opt);
		if (!val)
			return cli_usage_error("bounce", BOUNCE_USAGE, "%s needs %s", opt, wants(opt));
		i++;
		if (!strcmp(opt, "-o"))
			o.out = val;
		else if (!strcmp(opt, "--format")) {
			have_format = true;
			if (!strcmp(val, "wav16")) o.format = BOUNCE_WAV16;
			else if (!strcmp(val, "wav24")) o.format = BOUNCE_WAV24;
			else if (!strcmp(val, "float")) o.format = BOUNCE_FLOAT;
			else if (!strcmp(val, "flac")) o.format = BOUNCE_FLAC;
			else {
				units_print_line(stderr, "tmix bounce: --format %s: expected wav16, wav24, float or flac", val);
				return EXIT_BADINPUT;
			}
		} else if (!strcmp(opt, "--normalize")) {
			if (units_parse_db(val, &o.lufs, false) || o.lufs < -70 || o.lufs > 0) {
				units_print_line(stderr, "tmix bounce: --normalize %s: expected a loudness such as -14 (LUFS)", val);
				return EXIT_BADINPUT;
			}
			o.normalize = true;
		} else if (!strcmp(opt, "--from") || !strcmp(opt, "--to")) {
			double t;
			if (units_parse_time(val, &t)) {
				units_print_line(stderr, "tmix bounce: %s %s: expected a time such as 1:23.5", opt, val);
				return EXIT_BADINPUT;
			}
			*(opt[2] == 'f' ? &o.from : &o.to) = t;
		} else if (!strcmp(opt, "--deliver"))
			deliver = val;
		else
			o.stems_dir = val;
	}
	if (!path)
		return cli_usage_error("bounce", BOUNCE_USAGE, "which project? (a PROJECT.ini file)");
	if (deliver && (o.normalize || o.stems_dir))
		return cli_usage_error("bounce", BOUNCE_USAGE, "--deliver sets each file's loudness itself: %s",
				       o.normalize ? "leave out --normalize" : "bounce --stems on its own");
	p = cli_load(path, true);
	if (!p)
		return EXIT_BADINPUT;
	if (deliver) {
		const struct strip *m = project_master(p);
		struct target own = target_project(m->v[P_TARGET], m->v[P_LIMITER], m->mode[P_LIMITER] != PM_OFF);
		struct target t[32];
		int n = targets_parse(deliver, &own, t, 32, err, sizeof err);
		if (n < 0) {
			fprintf(stderr, "tmix bounce: --deliver: %s\n", units_escape(err, esc, sizeof esc));
			project_free(p);
			return EXIT_BADINPUT;
		}
		dv = xcalloc((size_t)n, sizeof *dv);
		for (int i = 0; i < n; i++) {
			dv[i].t.name = t[i].name;
			dv[i].t.lufs = t[i].lufs;
			dv[i].t.tp = t[i].tp;
		}
		o.deliver = dv;
		o.ndeliver = n;
		if (o.format == BOUNCE_FLOAT) {
			/* a platform gets integer PCM: a float file is not what it measures */
			fprintf(stderr, "tmix bounce: --deliver writes wav16, wav24 or flac, not float\n");
			free(dv);
			project_free(p);
			return EXIT_BADINPUT;
		}
	}
	/* bounce_render checks this too; asked first so that -o song.ini is
	 * told what song.ini is rather than that its name is no format */
	if (bounce_check_outputs(p, &o, err, sizeof err)) {
		fprintf(stderr, "tmix bounce: %s\n", units_escape(err, esc, sizeof esc));
		free(dv);
		project_free(p);
		return EXIT_BADINPUT;
	}
	/* without --format the name says it, as for :bounce in the mixer */
	if (o.out && *o.out && !have_format && !deliver && bounce_format_of(o.out, &o.format)) {
		fprintf(stderr, "tmix bounce: -o %s: name the file .wav or .flac, or give --format\n",
			units_escape(o.out, esc, sizeof esc));
		project_free(p);
		return EXIT_BADINPUT;
	}
	if (isatty(2)) {
		clock_gettime(CLOCK_MONOTONIC, &pr.t0);
		o.progress = show_progress;
		o.ctx = &pr;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	rc = bounce_render(p, &o, &r, err, sizeof err);
	if (o.progress)
		fputs("\r\033[K", stderr);
	project_free(p);
	for (char *line = r.notes, *nl; *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n')))
			break;
		*nl = 0;
		fprintf(stderr, "tmix bounce: %s\n", units_escape(line, esc, sizeof esc));
	}
	for (char *line = r.warnings, *nl; *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n')))
			break;
		*nl = 0;
		fprintf(stderr, "tmix bounce: warning: %s\n", units_escape(line, esc, sizeof esc));
	}
	if (rc) {
		fprintf(stderr, "tmix bounce: %s\n", units_escape(err, esc, sizeof esc));
		free(dv);
		return rc == BOUNCE_REFUSED ? EXIT_BADINPUT : EXIT_RUNTIME;
	}
	if (dv) {
		for (int i = 0; i < o.ndeliver; i++) {
			const struct bounce_delivery *dl = &dv[i];
			fprintf(stderr, "%s: %s %.1f LUFS / %.1f dBTP: %.2f LUFS, true peak %s, master %+.2f dB, "
				"limiter %.1f dB%s\n",
				units_escape(dl->path, esc, sizeof esc), dl->t.name, dl->t.lufs, dl->t.tp, dl->lufs,
				db_or(tp, sizeof tp, dl->true_peak_db, "dBTP"), dl->gain_db, dl->limiting_db,
				dl->missed ? " (missed: see the warning above)" : "");
		}
		fprintf(stderr, "%d file%s, %s each, %d passes (%.0fx real time)\n", o.ndeliver, o.ndeliver == 1 ? "" : "s",
			units_fmt_time(a, sizeof a, r.seconds), r.passes, r.speed);
		free(dv);
		return EXIT_OK;
	}
	if (o.format == BOUNCE_FLOAT)
		/* a float file keeps them as they are: a warning, not damage */
		snprintf(c, sizeof c, "%lu sample%s over 0 dBFS", r.clips, r.clips == 1 ? "" : "s");
	else
		snprintf(c, sizeof c, "%lu clipped sample%s", r.clips, r.clips == 1 ? "" : "s");
	fprintf(stderr, "%s: %s, peak %s, true peak %s, %s integrated, %s (%.0fx real time%s)\n",
		units_escape(r.path, esc, sizeof esc), units_fmt_time(a, sizeof a, r.seconds),
		db_or(b, sizeof b, r.peak_db, "dBFS"), db_or(tp, sizeof tp, r.true_peak_db, "dBTP"),
		isfinite(r.lufs) ? (snprintf(err, sizeof err, "%.1f LUFS", r.lufs), err) : "-inf LUFS", c, r.speed,
		r.passes > 1 ? (snprintf(d, sizeof d, ", %d passes", r.passes), d) : "");
	if (o.normalize && isfinite(r.lufs) && fabs(r.lufs - o.lufs) <= 0.1)
		fprintf(stderr, "normalized to %.1f LUFS (measured %.2f): master %+.2f dB\n", o.lufs, r.lufs,
			r.gain_change);
	else if (o.normalize)
		fprintf(stderr, "not normalized to %.1f LUFS (see the warning above): master %+.2f dB\n", o.lufs,
			r.gain_change);
	return EXIT_OK;
}
