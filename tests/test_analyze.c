/* test_analyze.c — analyze_render on stems of known level: input peaks,
 * suggested trims and gain staging, silence, clips, fx-bus input, the
 * master before its limiter, mix figures against libebur128 on the
 * bounced file; `tmix analyze --json` as valid JSON with nulls, and the
 * table with names escaped; stems made clipped, with DC and with rumble
 * (and clean controls) warned of as recorded, in the struct, the table
 * and the JSON; the trim column as a change from the current trim. */
#include "analyze.h"
#include "bounce.h"
#include "loudness.h"
#include "project_testlib.h"
#include "tmix.h"
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

/* ---- stems as recorded: clipped, DC, rumble, and clean controls ---- */

/* A stem written as integer codes at its own depth (16 or 24 bits), or
 * float (bits 0): f(t, ch) in full-scale units, rounded and clamped here
 * to the codes the format has ([-32768, 32767] at 16 bits), so a
 * clipped take sits on the converter's own rails. */
static void stem(const char *name, int rate, int nch, int bits, double seconds, double (*f)(double, int))
{
	SF_INFO si = {.samplerate = rate, .channels = nch,
		      .format = SF_FORMAT_WAV | (bits == 16 ? SF_FORMAT_PCM_16 : bits == 24 ? SF_FORMAT_PCM_24 : SF_FORMAT_FLOAT)};
	SNDFILE *sf = sf_open(tu_path(dir, name), SFM_WRITE, &si);
	long n = lround(seconds * rate);
	int *iv = malloc(sizeof *iv * (size_t)n * (size_t)nch);
	float *fv = malloc(sizeof *fv * (size_t)n * (size_t)nch);
	for (long i = 0; i < n; i++)
		for (int c = 0; c < nch; c++) {
			double x = f((double)i / rate, c), top = ldexp(1, bits - 1);
			long code = lround(x * top);
			if (bits) {
				code = code > (long)top - 1 ? (long)top - 1 : code < -(long)top ? -(long)top : code;
				iv[i * nch + c] = (int)(code * (1L << (32 - bits))); /* libsndfile takes them left-justified */
			}
			fv[i * nch + c] = (float)x;
		}
	if (!sf || (bits ? sf_writef_int(sf, iv, n) : sf_writef_float(sf, fv, n)) != n) {
		fprintf(stderr, "%s: %s\n", name, sf_strerror(sf));
		exit(99);
	}
	sf_close(sf);
	free(iv), free(fv);
}

/* A snare: a 180 Hz burst twice a second, hot enough that the first
 * cycles of each hit sit flat on the rails. */
static double snare(double t, int c)
{
	double u = fmod(t, 0.5);
	(void)c;
	return t < 0.5 ? 0 : 1.6 * exp(-u / 0.04) * sin(2 * M_PI * 180 * u);
}
static double dc_bass(double t, int c) { return 0.2 * sin(2 * M_PI * 110 * t) + (c == 0 ? 0.01 : 0); } /* -40 dBFS on the left */
static double rumble_vox(double t, int c) { (void)c; return 0.1 * sin(2 * M_PI * 800 * t) + 0.05 * sin(2 * M_PI * 15 * t); }
/* controls */
static double peaks(double t, int c) /* one sample on +FS, two on -FS, four times a second; DC at -66 dBFS */
{
	long i = lround(t * 48000) % 12000;
	(void)c;
	return i == 100 ? 1.0 : i == 200 || i == 201 ? -1.0 : 0.5 * sin(2 * M_PI * 440 * t) + 0.0005;
}
static double flat_below24(double t, int c) /* flat tops at 32767 << 8: 16-bit full scale, not 24-bit */
{
	double x = 1.4 * sin(2 * M_PI * 200 * t + c), fs = 8388352.0 / 8388608.0;
	return x > fs ? fs : x < -fs ? -fs : x;
}
static double bass_e(double t, int c) /* a low E, faded in over 50 ms as a played note is */
{
	(void)c;
	return fmin(1, t / 0.05) * (0.35 * sin(2 * M_PI * 41.2 * t) + 0.15 * sin(2 * M_PI * 82.4 * t));
}
static double kick(double t, int c) /* six cycles of 55 Hz under a Hann window, twice a second */
{
	double u = fmod(t, 0.5), len = 6 / 55.0;
	(void)c;
	return u < len ? 0.9 * sin(2 * M_PI * 55 * u) * 0.5 * (1 - cos(2 * M_PI * u / len)) : 0;
}
static double hot_float(double t, int c) { (void)c; return 1.5 * sin(2 * M_PI * 1000 * t); } /* over 0 dBFS, not cut */
static double clipped_float(double t, int c) { double x = 1.5 * sin(2 * M_PI * 1000 * t); (void)c; return x > 1 ? 1 : x < -1 ? -1 : x; }

static void make_stems(void)
{
	stem("snare16.wav", 44100, 1, 16, 3.0, snare);
	stem("dc.wav", 48000, 2, 16, 3.0, dc_bass);
	stem("rumble.wav", 48000, 1, 24, 3.0, rumble_vox);
	stem("peaks16.wav", 48000, 1, 16, 3.0, peaks);
	stem("flat24.wav", 48000, 2, 24, 3.0, flat_below24);
	stem("bass.wav", 48000, 1, 16, 3.0, bass_e);
	stem("kick.wav", 48000, 1, 16, 3.0, kick);
	stem("hotf.wav", 48000, 1, 0, 3.0, hot_float);
	stem("clipf.wav", 48000, 1, 0, 3.0, clipped_float);
}

static const char *recorded =
	"[track \"Snare\"]\nfile = snare16.wav\nstart = 1.0\n"
	"[track \"DC Bass\"]\nfile = dc.wav\n"
	"[track \"Vox\"]\nfile = rumble.wav\n"
	"[track \"Peaks\"]\nfile = peaks16.wav\n"
	"[track \"Flat24\"]\nfile = flat24.wav\n"
	"[track \"Bass\"]\nfile = bass.wav\n"
	"[track \"Kick\"]\nfile = kick.wav\n"
	"[track \"HotF\"]\nfile = hotf.wav\n"
	"[track \"ClipF\"]\nfile = clipf.wav\n"
	"[master]\nlimiter = -1 dBTP\n";

static void test_recorded(void)
{
	struct project *p = tu_load_project(dir, "recorded.ini", recorded);
	struct analysis a;
	const struct stem_scan *t;
	char w[256];

	if (!p || analyze(p, &a))
		return;
	t = &a.strips[0].stem;
	ok(t->done && t->bits == 16 && stem_scan_clipped(t) && t->clip_runs >= 5 && t->clip_samples >= 3 * t->clip_runs,
	   "a clipped 16-bit snare at 44.1 kHz: runs counted at 16 bits before resampling (%lu runs, %lu samples)",
	   t->clip_runs, t->clip_samples);
	is_near(t->first_clip_s, 0.5, 0.01, "the first run where the first hit is (%.3f s into the stem)", t->first_clip_s);
	stem_scan_warnings(t, p->strips[0]->v[P_START], w, sizeof w);
	ok(strstr(w, "clipped: ") && strstr(w, " at 16-bit full scale from 0:01.5"), "warned, at the hit's place on the timeline: %s", w);
	ok(!stem_scan_dc(t) && !stem_scan_rumble(t), "and nothing else (dc %.1f dBFS, rumble %.1f dBFS, %.1f LUFS)", t->dc_db,
	   t->rumble_db, t->lufs);
	t = &a.strips[1].stem;
	is_near(t->dc_db, -40.0, 0.2, "DC offset of 0.01 on one channel: -40 dBFS (%.2f)", t->dc_db);
	ok(stem_scan_dc(t) && !stem_scan_clipped(t) && !stem_scan_rumble(t), "DC warned, and no rumble for it (%.1f dBFS)",
	   t->rumble_db);
	t = &a.strips[2].stem;
	ok(stem_scan_rumble(t) && !stem_scan_dc(t) && !stem_scan_clipped(t) && t->bits == 24,
	   "15 Hz rumble under a vocal: warned (rumble %.1f dBFS, loudness %.1f LUFS)", t->rumble_db, t->lufs);
	is_near(t->rumble_db, 20 * log10(0.05 / M_SQRT2), 0.5, "the rumble's power is the 15 Hz tone's (%.2f dBFS)", t->rumble_db);
	for (int i = 3; i < 9; i++) {
		t = &a.strips[i].stem;
		stem_scan_warnings(t, 0, w, sizeof w);
		if (i == 8)
			ok(t->done && stem_scan_clipped(t) && !t->bits && !stem_scan_dc(t) && !stem_scan_rumble(t),
			   "a float stem cut flat at 1.0: clipped, by the float rule (%lu runs)", t->clip_runs);
		else
			ok(t->done && !*w, "control %s: no warning (%lu runs, dc %.1f dBFS, rumble %.1f dBFS, %.1f LUFS)%s%s",
			   p->strips[i]->name, t->clip_runs, t->dc_db, t->rumble_db, t->lufs, *w ? ": " : "", w);
	}
	analysis_free(&a);
	project_free(p);
}

/* An independent count: sox clips a sine written as 24-bit FLAC and
 * says how many samples it clipped; every one of them sits in a run at
 * 24-bit full scale (200 Hz at +4 dB: some 60 samples a half cycle). */
static void test_sox_clipped(void)
{
	char cmd[1024], *log;
	const char *f = tu_path(dir, "sox24.flac"), *ok24 = tu_path(dir, "sox24ok.flac"), *lg = tu_path(dir, "sox.log");
	unsigned long said = 0;
	struct stem_scan t;
	int rc;
	char err[256];
	const char *at;

	if (system("command -v sox >/dev/null 2>&1") != 0) {
		printf("ok %d # SKIP sox is not installed\n", ++tap_n);
		printf("ok %d # SKIP sox is not installed\n", ++tap_n);
		return;
	}
	snprintf(cmd, sizeof cmd, "sox -r 44100 -n -b 24 -D '%s' synth 3 sine 200 gain 4 2>'%s' && "
		 "sox -r 44100 -n -b 24 -D '%s' synth 3 sine 200 gain -0.01 2>>'%s'", f, lg, ok24, lg);
	if (system(cmd) != 0)
		tap_diag("sox failed");
	log = tu_read(lg, NULL);
	at = log ? strstr(log, "gain clipped ") : NULL;
	if (at)
		said = strtoul(at + strlen("gain clipped "), NULL, 10);
	rc = stem_scan(f, &t, NULL, err, sizeof err);
	ok(rc == 0 && t.bits == 24 && said > 0 && t.clip_samples == said && t.clip_runs == 1200,
	   "24-bit FLAC from sox: %lu clipped samples in %lu runs, sox says %lu", t.clip_samples, t.clip_runs, said);
	rc = stem_scan(ok24, &t, NULL, err, sizeof err);
	ok(rc == 0 && t.done && t.clip_runs == 0, "the same sine 0.01 dB under full scale: no run (%lu)", t.clip_runs);
	free(log);
}

/* After gain staging the trim column is the change from the trim the
 * project has: nothing once it is in range. */
static void test_trim_change(void)
{
	struct project *p = tu_load_project(dir, "change.ini",
					    "[track \"Sine -20\"]\nfile = sine20.wav\ntrim = +4 dB\n"
					    "[track \"In range\"]\nfile = sine20.wav\ntrim = +12 dB\n"
					    "[track \"Hot\"]\nfile = hot.wav\n");
	struct analysis a;

	if (!p || analyze(p, &a))
		return;
	is_near(analyze_trim_change(&a.strips[0], p->strips[0]->v[P_TRIM]), 6.0, 0.05,
		"input -20 with trim +4: change the trim by +6.0");
	is_int(analyze_staging(&a.strips[0], p->strips[0]->v[P_TRIM]), -1, "and it is flagged low");
	ok(isnan(analyze_trim_change(&a.strips[1], p->strips[1]->v[P_TRIM])) &&
	   analyze_staging(&a.strips[1], p->strips[1]->v[P_TRIM]) == 0, "in range (-8 after trim): no change, no flag");
	is_near(analyze_trim_change(&a.strips[2], 0), -7.0, 0.05, "a hot stem at trim 0: -7.0");
	analysis_free(&a);
	project_free(p);
}

/* The same stems through `tmix analyze`, as text and as JSON: each
 * warning under its own track, none under a control. */
static void test_recorded_cli(void)
{
	const char *tmix = getenv("TMIX");
	char cmd[1024], *out, *row;
	static const char *const expect[][2] = {
		{"Snare", "warning: clipped: 35 runs at 16-bit full scale from 0:01.5"},
		{"DC Bass", "warning: DC offset -40 dBFS\n"},
		{"Vox", "warning: rumble below 30 Hz "},
		{"Peaks", NULL}, {"Flat24", NULL}, {"Bass", NULL}, {"Kick", NULL}, {"HotF", NULL},
		{"ClipF", "warning: clipped: 6000 runs at float full scale"},
	};

	if (!tmix || access(tmix, X_OK)) {
		printf("ok %d # SKIP the tmix binary is not built\n", ++tap_n);
		return;
	}
	snprintf(cmd, sizeof cmd, "'%s' analyze '%s' > '%s'", tmix, tu_path(dir, "recorded.ini"), tu_path(dir, "rec.txt"));
	is_int(WEXITSTATUS(system(cmd)), 0, "tmix analyze of the recorded stems exits 0");
	out = tu_read(tu_path(dir, "rec.txt"), NULL);
	for (size_t i = 0; out && i < ARRAY_LEN(expect); i++) {
		char name[64], *next;
		snprintf(name, sizeof name, "\n%s ", expect[i][0]);
		row = strstr(out, name);
		next = row ? strchr(row + 1, '\n') : NULL;
		if (expect[i][1])
			ok(next && !strncmp(next + 1, "  ", 2) && strstr(next, expect[i][1]) == next + 3,
			   "text: %s is warned of under its row", expect[i][0]);
		else
			ok(next && strncmp(next + 1, "  warning", 9), "text: control %s has no warning", expect[i][0]);
	}
	if (tap_failed && out)
		tap_diag("%s", out);
	free(out);
	snprintf(cmd, sizeof cmd, "'%s' analyze '%s' --json > '%s'", tmix, tu_path(dir, "recorded.ini"), tu_path(dir, "rec.json"));
	is_int(WEXITSTATUS(system(cmd)), 0, "tmix analyze --json exits 0");
	out = tu_read(tu_path(dir, "rec.json"), NULL);
	ok(out && strstr(out, "\"name\": \"Snare\"") && strstr(out, "\"bits\": 16, \"clipped_runs\": 35, ") &&
	   strstr(out, "\"first_clip_s\": 0.50, \"dc_offset_dbfs\": -5") && strstr(out, "\"warnings\": [\"clipped\"]"),
	   "JSON: the snare's stem block (16 bits, 35 runs from 0.50 s) and its warning");
	ok(out && strstr(out, "\"dc_offset_dbfs\": -40.00, ") && strstr(out, "\"warnings\": [\"dc_offset\"]") &&
	   strstr(out, "\"warnings\": [\"rumble\"]"), "JSON: DC and rumble named");
	if (system("command -v python3 >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof cmd,
			 "python3 -c 'import json,sys; d=json.load(sys.stdin); w=[t[\"stem\"] and t[\"warnings\"] for t in d[\"tracks\"]]; "
			 "assert w == [[\"clipped\"],[\"dc_offset\"],[\"rumble\"],[],[],[],[],[],[\"clipped\"]], w; "
			 "s=d[\"tracks\"][0]; assert s[\"staging\"] == \"hot\" and abs(s[\"trim_change_db\"] + 10) < 0.05, s; "
			 "b=d[\"tracks\"][5]; assert b[\"staging\"] == \"in range\" and b[\"trim_change_db\"] is None, b; "
			 "assert d[\"master\"][\"staging\"] is None and \"stem\" not in d[\"master\"]' < '%s'",
			 tu_path(dir, "rec.json"));
		ok(system(cmd) == 0, "JSON parses; warnings per track as expected, none for the controls; staging and trim change");
	}
	free(out);
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
				     "[track \"Say \"hi\" \\ Bäss\"]\nfile = sine20.wav\nsend.Verb = -6 dB\n[track \"Silent\"]\nfile = silent.wav\n"
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
		snprintf(cmd, sizeof cmd,
			 "python3 -c 'import json,sys; d=json.load(sys.stdin); v=d[\"buses\"][0]; "
			 "assert v[\"input_peak_dbfs\"] is not None and v[\"staging\"] is None and "
			 "v[\"trim_change_db\"] is None and v[\"suggested_trim_db\"] is None, v' < '%s'",
			 tu_path(dir, "out.json"));
		ok(system(cmd) == 0, "a return that receives a send: its input peak, but no staging or trim (it has no stem)");
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
	make_stems();
	test_recorded();
	test_sox_clipped();
	test_trim_change();
	test_recorded_cli();
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
