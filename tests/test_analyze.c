/* test_analyze.c — analyze_render on stems of known level: input peaks,
 * suggested trims and gain staging, silence, clips, fx-bus input, the
 * master before its limiter, mix figures against libebur128 on the
 * bounced file; `tmix analyze --json` as valid JSON with nulls, and the
 * table with names escaped. */
#include "analyze.h"
#include "bounce.h"
#include "loudness.h"
#include "project_testlib.h"
#include <sys/wait.h>

static const char *dir;

static int analyze(struct project *p, struct analysis *a)
{
	char err[512];
	int rc = analyze_render(p, a, NULL, err, sizeof err);
	if (rc)
		tap_diag("analyze: %s", err);
	return rc;
}

static const char *levels =
	"[track \"Sine -20\"]\nfile = sine20.wav\n"          /* stereo, peak -20 dBFS */
	"[track \"Hot\"]\nfile = hot.wav\n"                  /* mono, peak -3 dBFS */
	"[track \"Faint\"]\nfile = faint.wav\n"              /* mono, peak -80 dBFS */
	"[track \"Silent\"]\nfile = silent.wav\n"
	"[track \"Clipper\"]\nfile = full.wav\ngain = +6 dB\nmute = yes\n"
	"[track \"Sender\"]\nfile = sine20.wav\ngain = -inf\nsend.Verb = -6 dB pre\n"
	"[bus \"Verb\"]\nfx = reverb\n"
	"[master]\ntarget = -16 LUFS\n";

static void test_levels(void)
{
	struct project *p = tu_load_project(dir, "levels.ini", levels);
	struct analysis a;
	const struct strip_stats *s;

	if (!p || analyze(p, &a))
		return;
	is_int(a.nstrips, p->nstrips, "one stats row per strip, the master last");
	s = &a.strips[0];
	is_near(s->in_peak_db, -20.0, 0.05, "a -20 dBFS sine: input peak -20.0");
	is_near(s->suggested_trim_db, 10.0, 0.05, "suggested trim +10.0 puts it at -10 dBFS");
	is_near(s->peak_db, -20.0, 0.05, "stereo, centre, unity fader: output peak -20.0");
	is_near(s->rms_db, -23.01, 0.05, "RMS of a sine: 3 dB under its peak");
	is_near(s->crest_db, 3.01, 0.05, "crest factor 3 dB");
	ok(s->true_peak_db >= s->peak_db - 1e-9 && s->true_peak_db < s->peak_db + 0.1, "true peak at the sample peak (%.2f)",
	   s->true_peak_db);
	is_near(s->lufs, -20.0, 0.3, "1 kHz stereo at -20 dBFS: about -20 LUFS (%.2f)", s->lufs);
	ok(!s->silent && s->clips == 0, "not silent, no clips");
	s = &a.strips[1];
	is_near(s->in_peak_db, -3.0, 0.05, "a hot stem: input peak -3.0");
	is_near(s->suggested_trim_db, -7.0, 0.05, "suggested trim -7.0");
	is_near(s->peak_db, -6.0, 0.05, "mono panned centre: -3 dB pan law on each side");
	s = &a.strips[2];
	is_near(s->suggested_trim_db, 24.0, 1e-9, "a stem at -80 dBFS: the trim stops at +24 dB");
	s = &a.strips[3];
	ok(s->silent && isinf(s->in_peak_db) && isinf(s->peak_db) && isinf(s->rms_db) && isinf(s->lufs) &&
	   isinf(s->crest_db) && s->suggested_trim_db == 0, "a silent stem: silent, figures -inf, trim left alone");
	s = &a.strips[4];
	ok(!s->silent && isinf(s->peak_db) && s->clips == 0 && isfinite(s->suggested_trim_db),
	   "a muted track: output -inf, but its input still gets a trim (%.1f)", s->suggested_trim_db);
	s = &a.strips[6];
	is_near(s->in_peak_db, -26.0, 0.1, "an fx bus's input is its send sum (-20 dBFS sent at -6 dB)");
	is_near(a.target_lufs, -16.0, 1e-9, "target from [master]");
	analysis_free(&a);
	project_free(p);
}

static void test_clips_and_limiter(void)
{
	struct project *p = tu_load_project(dir, "hot.ini",
					    "[track \"Clipper\"]\nfile = full.wav\ngain = +6 dB\n"
					    "[master]\nlimiter = -1 dBTP\n");
	struct analysis a;

	if (!p || analyze(p, &a))
		return;
	ok(a.strips[0].clips > 1000, "a stem pushed over full scale: clips counted (%lu)", a.strips[0].clips);
	ok(a.pre_limiter_peak_db > 2.9, "the master before its limiter shows the overload (%.2f dBFS)",
	   a.pre_limiter_peak_db);
	ok(a.true_peak_db <= -0.9 && a.peak_db <= -0.9, "after it, the mix holds the ceiling (%.2f dBTP)", a.true_peak_db);
	is_int(a.strips[1].clips, 0, "no clips on the master's output");
	analysis_free(&a);
	project_free(p);
}

/* The mix figures are the bounce's: a file bounced from the same project
 * and measured with libebur128 reads the same. */
static void test_mix_vs_file(void)
{
	struct project *p = tu_load_project(dir, "mix.ini",
					    "[track \"A\"]\nfile = sine20.wav\nsend.Verb = -10 dB\n"
					    "[track \"B\"]\nfile = hot.wav\npan = L40\ncomp.threshold = -20\n"
					    "[bus \"Verb\"]\nfx = reverb\n[master]\nlimiter = -1 dBTP\n");
	struct bounce_opts o = {.out = tu_path(dir, "mix.wav"), .to = -1, .format = BOUNCE_FLOAT};
	struct bounce_result r;
	struct analysis a;
	struct loudness *lu;
	SF_INFO info = {0};
	SNDFILE *f;
	float *buf, *l, *rr, peak = 0;
	char err[512];

	if (!p || analyze(p, &a) || bounce_render(p, &o, &r, err, sizeof err))
		return;
	f = sf_open(o.out, SFM_READ, &info);
	buf = malloc(sizeof(float) * 2 * (size_t)info.frames);
	l = malloc(sizeof(float) * (size_t)info.frames);
	rr = malloc(sizeof(float) * (size_t)info.frames);
	sf_readf_float(f, buf, info.frames);
	sf_close(f);
	for (long i = 0; i < info.frames; i++) {
		l[i] = buf[2 * i], rr[i] = buf[2 * i + 1];
		peak = fmaxf(peak, fmaxf(fabsf(l[i]), fabsf(rr[i])));
	}
	lu = loudness_new(48000);
	loudness_add(lu, l, rr, (int)info.frames);
	is_near(a.lufs, loudness_integrated(lu), 0.01, "integrated loudness = libebur128 on the bounce (%.2f LUFS)", a.lufs);
	is_near(a.lra, loudness_range(lu), 0.01, "loudness range too (%.2f LU)", a.lra);
	is_near(a.true_peak_db, loudness_true_peak_db(lu), 0.01, "true peak too (%.2f dBTP)", a.true_peak_db);
	is_near(a.peak_db, 20 * log10(peak), 0.01, "sample peak too (%.2f dBFS)", a.peak_db);
	is_near(a.seconds, (double)info.frames / 48000, 1e-6, "length too");
	is_near(a.strips[a.nstrips - 1].lufs, a.lufs, 1e-9, "the master's row shows the mix's loudness");
	loudness_free(lu);
	free(buf), free(l), free(rr);
	analysis_free(&a);
	project_free(p);
}

/* Gain staging as the mixer does it: set every trim to the suggestion,
 * analyse again; the inputs after trim all sit at -10 dBFS. */
static void test_staging(void)
{
	struct project *p = tu_load_project(dir, "stage.ini",
					    "[track \"Sine -20\"]\nfile = sine20.wav\ngain = -4 dB\n"
					    "[track \"Hot\"]\nfile = hot.wav\n[track \"Sine2\"]\nfile = sine20.wav\ntrim = +5 dB\n");
	struct analysis a, b;
	char err[256], val[32];
	bool all = true;

	if (!p || analyze(p, &a))
		return;
	for (int i = 0; i < p->ntracks; i++) {
		snprintf(val, sizeof val, "%+.2f dB", a.strips[i].suggested_trim_db);
		if (strip_set(p, p->strips[i], "trim", val, err, sizeof err))
			tap_diag("strip_set: %s", err);
	}
	if (analyze(p, &b))
		return;
	for (int i = 0; i < p->ntracks; i++) {
		double after = b.strips[i].in_peak_db + p->strips[i]->v[P_TRIM];
		if (fabs(after - STAGING_TARGET_DB) > 0.1) {
			tap_diag("%s: input %.2f + trim %.2f = %.2f", p->strips[i]->name, b.strips[i].in_peak_db,
				 p->strips[i]->v[P_TRIM], after);
			all = false;
		}
	}
	ok(all, "after applying the suggested trims every input lands at -10 dBFS (+/- 0.1)");
	is_near(b.strips[0].peak_db, -14.0, 0.05, "measured: the stereo stem at -10 after trim, -14 after its -4 dB fader");
	is_near(b.strips[2].suggested_trim_db, a.strips[2].suggested_trim_db, 1e-6,
		"the suggestion ignores the current trim: analysing again suggests the same");
	analysis_free(&a);
	analysis_free(&b);
	project_free(p);
}

static void test_json(void)
{
	const char *tmix = getenv("TMIX");
	char cmd[1024];
	char *out;
	int rc;

	if (!tmix || access(tmix, X_OK)) {
		printf("ok %d # SKIP the tmix binary is not built\n", ++tap_n);
		return;
	}
	project_free(tu_load_project(dir, "json.ini",
				     "[track \"Say \"hi\" \\ Bäss\"]\nfile = sine20.wav\n[track \"Silent\"]\nfile = silent.wav\n"
				     "[bus \"Verb\"]\nfx = reverb\n"));
	snprintf(cmd, sizeof cmd, "'%s' analyze '%s' --json > '%s'", tmix, tu_path(dir, "json.ini"), tu_path(dir, "out.json"));
	rc = system(cmd);
	is_int(WEXITSTATUS(rc), 0, "tmix analyze --json exits 0");
	out = tu_read(tu_path(dir, "out.json"), NULL);
	ok(out && !strstr(out, "inf") && !strstr(out, "nan"), "no -inf or nan in the JSON");
	ok(out && strstr(out, "\"name\": \"Say \\\"hi\\\" \\\\ Bäss\""), "names escaped, UTF-8 kept");
	ok(out && strstr(out, "\"name\": \"Silent\", \"silent\": true, \"input_peak_dbfs\": null, \"peak_dbfs\": null"),
	   "a silent stem gives nulls");
	if (system("command -v python3 >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof cmd,
			 "python3 -c 'import json,sys; d=json.load(sys.stdin); "
			 "assert set(d[\"mix\"]) >= {\"integrated_lufs\",\"lra_lu\",\"true_peak_dbtp\",\"peak_dbfs\",\"target_lufs\"}; "
			 "assert len(d[\"tracks\"]) == 2 and len(d[\"buses\"]) == 1; "
			 "assert d[\"tracks\"][1][\"integrated_lufs\"] is None; "
			 "assert abs(d[\"tracks\"][0][\"suggested_trim_db\"] - 10) < 0.05' < '%s'",
			 tu_path(dir, "out.json"));
		ok(system(cmd) == 0, "python3 parses it: one object with mix, tracks and buses");
	} else {
		int depth = 0, bad = 0;
		for (const char *c = out; c && *c; c++)
			depth += (*c == '{') - (*c == '}'), bad |= depth < 0;
		ok(out && !bad && depth == 0, "braces balance (python3 not installed)");
	}
	free(out);
	snprintf(cmd, sizeof cmd, "'%s' analyze '%s' >/dev/null 2>&1", tmix, tu_path(dir, "missing.ini"));
	is_int(WEXITSTATUS(system(cmd)), 2, "a project that does not load: exit 2");
}

/* A name is shown escaped: raw, an ESC or CR in it would act on the
 * terminal (clear it, forge a row). The column is as wide as shown. */
static void test_text_escapes(void)
{
	const char *tmix = getenv("TMIX");
	char cmd[1024];
	char *out;
	bool raw = false;

	if (!tmix || access(tmix, X_OK)) {
		printf("ok %d # SKIP the tmix binary is not built\n", ++tap_n);
		return;
	}
	project_free(tu_load_project(dir, "esc.ini",
				     "[track \"Ev\033[2Jil\r\"]\nfile = sine20.wav\n[track \"B\xc3\xa4ss\"]\nfile = sine20.wav\n"
				     "[bus \"\xc2\x9b" "31m\"]\nfx = reverb\n"));
	snprintf(cmd, sizeof cmd, "'%s' analyze '%s' > '%s'", tmix, tu_path(dir, "esc.ini"), tu_path(dir, "esc.txt"));
	is_int(WEXITSTATUS(system(cmd)), 0, "tmix analyze exits 0");
	out = tu_read(tu_path(dir, "esc.txt"), NULL);
	for (const unsigned char *c = (const unsigned char *)out; c && *c; c++)
		raw |= (*c < 0x20 && *c != '\n') || *c == 0x7f || (c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f);
	ok(out && !raw, "no control character reaches the terminal");
	ok(out && strstr(out, "\nEv\\x1B[2Jil\\x0D  -20.0"), "the name shown escaped, its column as wide as shown");
	ok(out && strstr(out, "\nB\xc3\xa4ss             -20.0"), "UTF-8 kept, and padded by characters");
	ok(out && strstr(out, "\n\\xC2\\x9B31m"), "a C1 control (CSI) escaped too");
	if (tap_failed && out)
		tap_diag("%s", out);
	free(out);
}

int main(void)
{
	dir = tu_tmpdir();
	tu_wav(tu_path(dir, "sine20.wav"), 48000, 2, 3.0, 1000, 0.1);
	tu_wav(tu_path(dir, "hot.wav"), 48000, 1, 3.0, 997, pow(10, -3 / 20.0));
	tu_wav(tu_path(dir, "faint.wav"), 48000, 1, 3.0, 1000, 1e-4);
	tu_wav(tu_path(dir, "silent.wav"), 48000, 1, 3.0, 1000, 0);
	tu_wav(tu_path(dir, "full.wav"), 48000, 2, 3.0, 1000, 1.0);
	test_levels();
	test_clips_and_limiter();
	test_mix_vs_file();
	test_staging();
	test_json();
	test_text_escapes();
	if (!tap_failed) { /* kept for a look when something failed */
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd))
			tap_diag("could not remove %s", dir);
	}
	return done_testing();
}
