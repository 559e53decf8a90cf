/* cmd_analyze.c — `tmix analyze PROJECT [--json] [--targets]`: measure
 * every track, bus and the mix offline (analyze.h) and print a table, or
 * one JSON object on standard output for scripts; --targets adds what
 * each delivery target (targets.h) would do to the mix. */
#include "analyze.h"
#include "cli.h"
#include "targets.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANALYZE_USAGE "tmix analyze PROJECT.ini [--json] [--targets]"

static atomic_bool cancelled;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&cancelled, true);
}

/* ---- text ---- */

/* Columns count characters, not bytes: "Bäss" is four wide. */
static int text_width(const char *s)
{
	int w = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		w += (*c & 0xc0) != 0x80;
	return w;
}

/* A name is the person's text: shown raw, an ESC in it could redraw the
 * terminal or forge a row, so it is escaped, and measured as shown. */
static void put_padded(const char *s, int width)
{
	char *e = units_escape_dup(s);
	fputs(e, stdout);
	for (int w = text_width(e); w < width; w++)
		putchar(' ');
	free(e);
}

/* fmt is "%.1f", or "%+.1f" for a signed change; through
 * units_fmt_level, so silence is -inf and zero is never -0.0. */
static const char *num(char *buf, size_t n, double v, const char *fmt)
{
	if (isnan(v) || (v > 0 && isinf(v)))
		snprintf(buf, n, "-");
	else
		units_fmt_level(buf, n, v, 1, strchr(fmt, '+') != NULL);
	return buf;
}

/* The trim column is the change from the trim the project has, blank
 * when the input already peaks in range: what `g` in the mixer would do,
 * so the two agree after gain staging. */
static void text_row(const struct strip *st, const struct strip_stats *s, int namew, bool stage)
{
	char b[8][32], warn[256];
	int flag;
	stage = stage && st->kind == SK_TRACK; /* staging sets a stem's trim: a bus or return has none */
	flag = stage ? analyze_staging(s, st->v[P_TRIM]) : 0;
	put_padded(st->name, namew);
	if (s->silent) {
		printf("  (silent)\n");
		return;
	}
	printf(" %6s %6s %6s %6s %6s %6s %6lu %6s", num(b[0], 32, s->in_peak_db, "%.1f"), num(b[1], 32, s->peak_db, "%.1f"),
	       num(b[2], 32, s->true_peak_db, "%.1f"), num(b[3], 32, s->rms_db, "%.1f"), num(b[4], 32, s->lufs, "%.1f"),
	       num(b[5], 32, s->crest_db, "%.1f"), s->clips,
	       stage && isfinite(analyze_trim_change(s, st->v[P_TRIM]))
		       ? num(b[6], 32, analyze_trim_change(s, st->v[P_TRIM]), "%+.1f") : "");
	if (flag)
		printf("  %s input", flag < 0 ? "low" : "hot");
	putchar('\n');
	/* one line per warning: stem_scan_warnings joins them with "; " */
	stem_scan_warnings(&s->stem, st->v[P_START], warn, sizeof warn);
	for (char *w = warn, *end; *w; w = end ? end + 2 : w + strlen(w)) {
		end = strstr(w, "; ");
		printf("  warning: %.*s\n", end ? (int)(end - w) : (int)strlen(w), w);
	}
}

static void text_header(const char *title, int namew)
{
	put_padded(title, namew);
	printf(" %6s %6s %6s %6s %6s %6s %6s %6s\n", "in pk", "peak", "TP", "RMS", "LUFS", "crest", "clips", "trim");
}

/* ---- stereo (stereo.h) ---- */

static void stereo_header(int namew)
{
	put_padded("Stereo", namew);
	printf(" %6s %6s %6s ", "corr", "worst", "mono");
	for (int b = 0; b < STEREO_BANDS; b++) {
		double hz = stereo_band_hz[b];
		char lab[8];
		if (hz >= 1000)
			snprintf(lab, sizeof lab, "%.0fk", hz / 1000);
		else
			snprintf(lab, sizeof lab, "%.0f", hz == 31.5 ? 31 : hz);
		printf(" %4s", lab);
	}
	putchar('\n');
}

static const char *ratio(char *buf, size_t n, double v)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else if (isinf(v) || v >= 9.995)
		snprintf(buf, n, ">10");
	else
		snprintf(buf, n, "%.2f", v);
	return buf;
}

static void stereo_row(const struct strip *st, const struct strip_stats *s, int namew)
{
	const struct stereo_stats *x = &s->stereo;
	char c[3][32], w[32];

	put_padded(st->name, namew);
	if (s->silent || isnan(x->corr)) {
		printf("  (silent)\n");
		return;
	}
	snprintf(c[0], 32, "%+.2f", x->corr);
	if (isnan(x->corr_worst))
		snprintf(c[1], 32, "-");
	else
		snprintf(c[1], 32, "%+.2f", x->corr_worst);
	if (x->fold_silent)
		snprintf(c[2], 32, "silent");
	else if (isnan(x->fold_drop_lu))
		snprintf(c[2], 32, "-");
	else
		snprintf(c[2], 32, "%.1f", fabs(x->fold_drop_lu) < 0.05 ? 0.0 : x->fold_drop_lu);
	printf(" %6s %6s %6s ", c[0], c[1], c[2]);
	for (int b = 0; b < STEREO_BANDS; b++)
		printf(" %4s", ratio(w, sizeof w, x->width[b]));
	if (s->mono)
		printf("  mono stem");
	putchar('\n');
}

static void print_stereo(const struct project *p, const struct analysis *a, int namew)
{
	printf("\ncorr: correlation, the mean and the worst 400 ms (+1 one signal, 0 unrelated, -1 inverted;\n"
	       "a mono stem is +1 by definition); mono: the loudness lost folded to mono, LU; then side/mid\n"
	       "energy per octave (0 mono, 1 as wide as it is deep, over 1 leaning out of phase)\n\n");
	stereo_header(namew);
	for (int i = 0; i < p->nstrips; i++)
		stereo_row(p->strips[i], &a->strips[i], namew);
}

static void print_text(const struct project *p, const struct analysis *a)
{
	int namew = 12;
	const struct strip_stats *m = &a->strips[a->nstrips - 1];
	char b[4][32], *path = units_escape_dup(p->path);

	for (int i = 0; i < p->nstrips; i++) {
		char *e = units_escape_dup(p->strips[i]->name);
		if (text_width(e) > namew)
			namew = text_width(e);
		free(e);
	}
	printf("%s: %.1f s analysed; levels in dBFS (TP dBTP), loudness in LUFS, crest in dB\n", path, a->seconds);
	free(path);
	printf("in pk: the input before trim; trim: the change to the trim that puts it at %.0f dBFS, shown\n"
	       "when after its trim it peaks outside %.0f..%.0f dBFS (flagged low or hot)\n\n",
	       STAGING_TARGET_DB, STAGING_LOW_DB, STAGING_HIGH_DB);
	text_header("Tracks", namew);
	for (int i = 0; i < p->ntracks; i++)
		text_row(p->strips[i], &a->strips[i], namew, true);
	if (p->nbuses) {
		putchar('\n');
		text_header("Buses", namew);
		for (int i = p->ntracks; i < p->ntracks + p->nbuses; i++)
			text_row(p->strips[i], &a->strips[i], namew, true);
	}
	putchar('\n');
	text_header("Master", namew);
	text_row(project_master(p), m, namew, false);

	printf("\nMix\n");
	printf("  integrated  %7s LUFS", num(b[0], 32, a->lufs, "%.1f"));
	if (isfinite(a->lufs)) {
		double d = a->lufs - a->target_lufs;
		printf("   target %s LUFS: ", num(b[1], 32, a->target_lufs, "%.1f"));
		if (fabs(d) < 0.05)
			printf("on target\n");
		else
			printf("%.1f LU %s\n", fabs(d), d > 0 ? "over" : "under");
	} else {
		printf("   (silent)\n");
	}
	printf("  range       %7s LU\n", num(b[1], 32, a->lra, "%.1f"));
	printf("  true peak   %7s dBTP\n", num(b[2], 32, a->true_peak_db, "%.1f"));
	printf("  peak        %7s dBFS   (before the limiter %s dBFS)\n", num(b[3], 32, a->peak_db, "%.1f"),
	       num(b[0], 32, a->pre_limiter_peak_db, "%.1f"));
	if (a->pre_limiter_peak_db >= 0)
		printf("warning: the mix clips before the limiter (%s dBFS): pull the master or the loudest strips down\n",
		       num(b[1], 32, a->pre_limiter_peak_db, "%+.1f"));
	print_stereo(p, a, namew);
}

/* ---- delivery targets ---- */

/* What a platform playing at t does to this mix: the gain it applies
 * (t.lufs - integrated; down when negative) and the true peak after that
 * gain, against the target's ceiling. A platform that turns quiet mixes
 * up may limit them itself; tmix says only whether the peak fits. */
struct verdict {
	double gain, peak_after;
	bool passes;
};

static struct verdict judge(const struct analysis *a, const struct target *t)
{
	struct verdict v = {t->lufs - a->lufs, a->true_peak_db + (t->lufs - a->lufs), false};
	v.passes = isfinite(v.peak_after) && v.peak_after <= t->tp + 1e-9;
	return v;
}

/* The table's targets and the project's own, last. */
static int all_targets(const struct project *p, struct target *out)
{
	const struct strip *m = project_master(p);
	for (int i = 0; i < targets_count; i++)
		out[i] = targets[i];
	out[targets_count] = target_project(m->v[P_TARGET], m->v[P_LIMITER], m->mode[P_LIMITER] != PM_OFF);
	return targets_count + 1;
}

static void print_targets_text(const struct project *p, const struct analysis *a)
{
	struct target t[64];
	int n = all_targets(p, t);
	char b[3][32];

	if (!isfinite(a->lufs)) {
		printf("\nTargets: the mix is silent; no platform has anything to turn up or down\n");
		return;
	}
	printf("\nTargets: the gain a platform playing at its loudness applies to this mix (%.1f LUFS,\n"
	       "true peak %s dBTP), and the true peak after it against the platform's ceiling\n\n",
	       a->lufs, num(b[0], 32, a->true_peak_db, "%.1f"));
	printf("%-14s %6s %6s %7s %7s\n", "target", "LUFS", "TP", "gain", "peak");
	for (int i = 0; i < n; i++) {
		struct verdict v = judge(a, &t[i]);
		printf("%-14s %6.1f %6.1f %7s %7s  %s", t[i].name, t[i].lufs, t[i].tp, num(b[1], 32, v.gain, "%+.1f"),
		       num(b[2], 32, v.peak_after, "%.1f"), v.passes ? "passes" : "over the ceiling");
		if (!v.passes)
			printf(" by %.1f dB", v.peak_after - t[i].tp);
		putchar('\n');
	}
}

static void json_num(const char *key, double v, const char *sep);

static void print_targets_json(const struct project *p, const struct analysis *a)
{
	struct target t[64];
	int n = all_targets(p, t);

	printf(",\n  \"targets\": [");
	for (int i = 0; i < n; i++) {
		struct verdict v = judge(a, &t[i]);
		printf("%s\n    {\"name\": ", i ? "," : "");
		units_json_string(stdout, t[i].name);
		printf(", \"lufs\": %.1f, \"ceiling_dbtp\": %.1f, ", t[i].lufs, t[i].tp);
		if (isfinite(v.gain))
			printf("\"gain_db\": %.2f, ", v.gain == 0 ? 0.0 : v.gain);
		else
			printf("\"gain_db\": null, ");
		json_num("true_peak_after_dbtp", v.peak_after, ", ");
		printf("\"passes\": %s}", v.passes ? "true" : "false");
	}
	printf("\n  ]");
}

/* ---- JSON ---- */

static void json_str(const char *s)
{
	units_json_string(stdout, s);
}

/* -inf and NaN are not JSON: an unmeasurable figure is null. */
static void json_num(const char *key, double v, const char *sep)
{
	printf("\"%s\": ", key);
	char b[32];
	if (isfinite(v) && v > UNITS_SILENCE_DB)
		fputs(units_fmt_level(b, sizeof b, v, 2, false), stdout);
	else
		printf("null");
	fputs(sep, stdout);
}

/* The stem as recorded (stem_scan.h), tracks only; "warnings" names the
 * ones the table warns of. */
static void json_stem(const struct stem_scan *t)
{
	const char *sep = "";
	printf(", \"stem\": {\"bits\": ");
	if (t->bits)
		printf("%d", t->bits);
	else
		printf("null");
	printf(", \"clipped_runs\": %lu, \"clipped_samples\": %lu, ", t->clip_runs, t->clip_samples);
	json_num("first_clip_s", t->clip_runs ? t->first_clip_s : NAN, ", ");
	json_num("dc_offset_dbfs", t->dc_db, ", ");
	json_num("rumble_dbfs", t->rumble_db, ", ");
	json_num("integrated_lufs", t->lufs, "}");
	printf(", \"warnings\": [");
	if (stem_scan_clipped(t))
		printf("%s\"clipped\"", sep), sep = ", ";
	if (stem_scan_dc(t))
		printf("%s\"dc_offset\"", sep), sep = ", ";
	if (stem_scan_rumble(t))
		printf("%s\"rumble\"", sep);
	putchar(']');
}

/* A plain number, or null: correlation and width are not levels (0 is
 * a figure, not silence). */
static void json_plain(const char *key, double v, const char *fmt, const char *sep)
{
	printf("\"%s\": ", key);
	if (isfinite(v))
		printf(fmt, v == 0 ? 0.0 : v);
	else
		printf("null");
	fputs(sep, stdout);
}

static void json_stereo(const struct strip_stats *s)
{
	const struct stereo_stats *x = &s->stereo;
	printf("{\"mono_stem\": %s, ", s->mono ? "true" : "false");
	json_plain("correlation", x->corr, "%.3f", ", ");
	json_plain("correlation_worst_400ms", x->corr_worst, "%.3f", ", ");
	json_plain("correlation_worst_at_s", x->worst_at_s, "%.1f", ", ");
	json_plain("mono_fold_lufs", x->fold_lufs, "%.2f", ", ");
	json_plain("mono_fold_drop_lu", x->fold_drop_lu, "%.2f", ", ");
	printf("\"mono_fold_silent\": %s, \"width_side_mid\": {", x->fold_silent ? "true" : "false");
	for (int b = 0; b < STEREO_BANDS; b++) {
		char key[16];
		snprintf(key, sizeof key, "%g", stereo_band_hz[b]);
		json_plain(key, x->width[b], "%.3f", b + 1 < STEREO_BANDS ? ", " : "");
	}
	printf("}}");
}

static void json_strip(const struct strip *st, const struct strip_stats *s, bool stage)
{
	int flag;
	stage = stage && st->kind == SK_TRACK; /* as text_row: tracks only */
	flag = stage ? analyze_staging(s, st->v[P_TRIM]) : 0;
	printf("{\"name\": ");
	json_str(st->name);
	printf(", \"silent\": %s, ", s->silent ? "true" : "false");
	json_num("input_peak_dbfs", s->in_peak_db, ", ");
	json_num("peak_dbfs", s->peak_db, ", ");
	json_num("true_peak_dbtp", s->true_peak_db, ", ");
	json_num("rms_dbfs", s->rms_db, ", ");
	json_num("integrated_lufs", s->lufs, ", ");
	json_num("crest_db", s->crest_db, ", ");
	printf("\"clips\": %lu, ", s->clips);
	json_num("suggested_trim_db", s->silent || !stage ? NAN : s->suggested_trim_db, ", ");
	json_num("trim_db", st->v[P_TRIM], ", ");
	json_num("trim_change_db", stage ? analyze_trim_change(s, st->v[P_TRIM]) : NAN, ", ");
	if (!stage || s->silent)
		printf("\"staging\": null");
	else
		printf("\"staging\": \"%s\"", flag < 0 ? "low" : flag > 0 ? "hot" : "in range");
	if (s->stem.done)
		json_stem(&s->stem);
	printf(", \"stereo\": ");
	json_stereo(s);
	putchar('}');
}

static void json_list(const char *key, const struct project *p, const struct analysis *a, int from, int to)
{
	printf("  \"%s\": [", key);
	for (int i = from; i < to; i++) {
		printf(i > from ? ",\n    " : "\n    ");
		json_strip(p->strips[i], &a->strips[i], true);
	}
	printf(to > from ? "\n  ],\n" : "],\n");
}

static void print_json(const struct project *p, const struct analysis *a, bool with_targets)
{
	printf("{\n  \"project\": ");
	json_str(p->path);
	printf(",\n  \"seconds\": %.3f,\n  \"mix\": {", a->seconds);
	json_num("integrated_lufs", a->lufs, ", ");
	json_num("lra_lu", a->lra, ", ");
	json_num("true_peak_dbtp", a->true_peak_db, ", ");
	json_num("peak_dbfs", a->peak_db, ", ");
	json_num("pre_limiter_peak_dbfs", a->pre_limiter_peak_db, ", ");
	json_num("target_lufs", a->target_lufs, ", ");
	json_num("distance_lu", a->lufs - a->target_lufs, ", ");
	printf("\"clips_before_limiter\": %s, \"stereo\": ", a->pre_limiter_peak_db >= 0 ? "true" : "false");
	json_stereo(&a->strips[a->nstrips - 1]);
	printf("},\n");
	json_list("tracks", p, a, 0, p->ntracks);
	json_list("buses", p, a, p->ntracks, p->ntracks + p->nbuses);
	printf("  \"master\": ");
	json_strip(project_master(p), &a->strips[a->nstrips - 1], false);
	if (with_targets)
		print_targets_json(p, a);
	printf("\n}\n");
}

int cmd_analyze(int argc, char **argv)
{
	struct analysis a;
	struct project *p;
	const char *path = NULL;
	bool json = false, with_targets = false;
	char err[1024];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--targets"))
			with_targets = true;
		else if (argv[i][0] == '-')
			return cli_usage_error("analyze", ANALYZE_USAGE, "unknown option %s", argv[i]);
		else if (!path)
			path = argv[i];
		else
			return cli_usage_error("analyze", ANALYZE_USAGE,
					       "one project at a time ('%s' is one too many)", argv[i]);
	}
	if (!path)
		return cli_usage_error("analyze", ANALYZE_USAGE, "which project? (a PROJECT.ini file)");
	p = cli_load(path, true);
	if (!p)
		return EXIT_BADINPUT;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	if (analyze_render_stereo(p, &a, &cancelled, err, sizeof err)) {
		units_print_line(stderr, "tmix analyze: %s", err);
		project_free(p);
		return EXIT_RUNTIME;
	}
	if (json)
		print_json(p, &a, with_targets);
	else {
		print_text(p, &a);
		if (with_targets)
			print_targets_text(p, &a);
	}
	analysis_free(&a);
	project_free(p);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "tmix analyze: cannot write the report\n");
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}
