/* test_insert_auto.c — lanes on insert parameters (auto.insert.N.PARAM):
 * a utility's gain ridden by a lane bounces to the level the lane says,
 * window by window; a label lane (utility channels) switches at its
 * point, not gliding; auto.mode = off plays no lane; the result does not
 * depend on the block size (live and bounce split differently); an LV2
 * plugin's control port (swh amp) follows its lane at the right time
 * (skipped, naming the package, where swh-lv2 is absent); load errors
 * name the line, the range and the unit's parameters; save writes the
 * lane in place; :insert delete and move carry the lanes. */
#include "render_testlib.h"
#include "bounce.h"
#include "dsp/unit.h"
#include "engine_testlib.h"
#include "project_edit.h"
#include "project_testlib.h"
#include <sndfile.h>

#define RATE 48000
#define AMP "http://plugin.org.uk/swh-plugins/amp"

static const char *dir;

static struct capture render(const char *text, double to) { return render_text(dir, "a.ini", text, to); }

static double rms(const float *x, int64_t n)
{
	double s = 0;
	for (int64_t i = 0; i < n; i++)
		s += (double)x[i] * x[i];
	return n ? sqrt(s / (double)n) : 0;
}

/* 2 s of a 440 Hz tone at 0.1, on the left only (lr) or on both (both). */
static void write_stem(const char *name, bool both)
{
	SF_INFO info = {.samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f;
	float *buf = calloc(2 * RATE * 2, sizeof(float));
	for (int i = 0; i < 2 * RATE; i++) {
		buf[2 * i] = (float)(0.1 * sin(2 * M_PI * 440 * i / RATE));
		buf[2 * i + 1] = both ? buf[2 * i] : 0;
	}
	f = sf_open(tu_path(dir, name), SFM_WRITE, &info);
	sf_writef_float(f, buf, 2 * RATE);
	sf_close(f);
	free(buf);
}

#define HEAD "[project]\nrate = 48000\n[track \"T\"]\nfile = both.wav\n"
#define WIN 1200 /* 25 ms: 11 periods of the tone exactly */

/* The lane 0:00 0, 0:00.4 0, 0:01 -20 dB, held after, on a utility's
 * gain. The analytic expectation: the lane's value on the 32-frame grid
 * goes to the unit, whose gain glides to each new value in a straight
 * line of 15 ms (gain.h); that gain times the strip without the insert,
 * window by window (25 ms), must match within 0.01 dB; and where the lane
 * is flat the level is the lane's value exactly. */
static void test_gain_lane(void)
{
	struct capture ref = render(HEAD, 1.8), c = render(HEAD "insert.1 = utility\n"
							  "auto.insert.1.gain = 0:00 0, 0:00.4 0, 0:01 -20 dB\n", 1.8);
	double worst = 0, at = 0, flat = 0, cur = 1, inc = 0, sent = 0, *g;
	int nwin = 0, left = 0, glide = (int)(RATE * 15.0 / 1000.0);
	ok(ref.n >= (int64_t)(1.8 * RATE) && c.n == ref.n, "both render (%lld frames)", (long long)c.n);
	g = calloc((size_t)ref.n + 1, sizeof *g);
	for (int64_t i = 0; i < ref.n; i++) {
		if (i % 32 == 0) {
			double t = (double)i / RATE, db = t < 0.4 ? 0 : t < 1 ? -20 * (t - 0.4) / 0.6 : -20;
			if (db != sent) { /* set() is called where the value changes */
				inc = (pow(10, db / 20) - cur) / glide;
				left = glide;
				sent = db;
			}
		}
		if (left > 0)
			cur += inc, left--;
		g[i] = cur;
	}
	for (int64_t w = 1; c.n == ref.n && (w + 1) * WIN <= c.n; w++) {
		double tm = ((double)w + 0.5) * WIN / RATE, e = 0, got;
		for (int64_t i = w * WIN; i < (w + 1) * WIN; i++)
			e += (double)ref.l[i] * ref.l[i] * g[i] * g[i];
		got = 20 * log10(rms(c.l + w * WIN, WIN) / rms(ref.l + w * WIN, WIN));
		e = 10 * log10(e / WIN) - 20 * log10(rms(ref.l + w * WIN, WIN));
		nwin++;
		if (fabs(got - e) > worst)
			worst = fabs(got - e), at = tm;
		if (tm < 0.38)
			flat = fmax(flat, fabs(got));
		else if (tm > 1.05)
			flat = fmax(flat, fabs(got + 20));
	}
	ok(nwin > 60 && worst < 0.01, "a gain lane 0 dB, ramp 0.4-1 s to -20 dB: every 25 ms window within %.4f dB "
	   "of the lane through the unit's 15 ms glide (worst at %.3f s, %d windows)", worst, at, nwin);
	ok(nwin > 60 && flat < 0.001, "where the lane is flat the level is its value (within %.5f dB)", flat);
	free(g);
	capture_free(&c);
	c = render(HEAD "auto.mode = off\ninsert.1 = utility\nauto.insert.1.gain = 0:00 0, 0:01 -20 dB\n", 1.8);
	ok(capture_same(&ref, &c), "auto.mode = off: the lane is not played (bit-identical to the strip without it)");
	capture_free(&c);
	/* the static value under a playing lane is not heard */
	c = render(HEAD "insert.1 = utility\ninsert.1.gain = -40 dB\nauto.insert.1.gain = 0:00 0\n", 1.8);
	ok(c.n == ref.n && fabs(20 * log10(rms(c.l + RATE, WIN) / rms(ref.l + RATE, WIN))) < 0.01,
	   "a lane holding 0 dB beside insert.1.gain = -40 dB: 0 dB is heard");
	capture_free(&c);
	capture_free(&ref);
}

/* A label lane switches at its point: the left-only tone, stereo then
 * swap at 1 s: the right is silent before 1 s and the left after, to
 * the sub-block (32 frames at 48 kHz is the resolution asked for). */
static void test_label_lane(void)
{
	struct capture c = render("[project]\nrate = 48000\n[track \"T\"]\nfile = lr.wav\ninsert.1 = utility\n"
				  "auto.insert.1.channels = 0:00 stereo, 0:01 swap\n", 1.5);
	int64_t first_r = -1, last_l = -1;
	for (int64_t i = 0; i < c.n; i++) {
		if (first_r < 0 && c.r[i] != 0)
			first_r = i;
		if (c.l[i] != 0)
			last_l = i;
	}
	ok(c.n > RATE && first_r >= RATE - 32 && first_r <= RATE + 32 && last_l >= RATE - 32 && last_l <= RATE + 32,
	   "channels stereo -> swap at 0:01: the tone leaves the left and reaches the right at frame %lld / %lld "
	   "(%d)", (long long)first_r, (long long)last_l, RATE);
	capture_free(&c);
}

/* The graph run in blocks of 1000 (a live buffer that is no multiple of
 * the sub-block) and of 256: the same samples, bit for bit. */
static void run_blocks(const struct project *p, int block, float *l, float *r, int n)
{
	struct etl_ref rf;
	etl_ref_open(&rf, p, 0);
	for (int off = 0; off < n; off += block) {
		int m = n - off < block ? n - off : block;
		etl_ref_render(&rf, l + off, r + off, m);
	}
	etl_ref_close(&rf);
}

static void test_block_sizes(void)
{
	struct project *p = tu_load_project(dir, "b.ini", HEAD "insert.1 = saturation\n"
					    "auto.insert.1.drive = 0:00 0, 0:00.3 18 dB, 0:00.6 3\n"
					    "auto.insert.1.mix = 0:00 0, 0:00.5 100 %\n"
					    "insert.2 = utility\nauto.insert.2.gain = 0:00 -6, 0:00.7 +6\n");
	int n = RATE;
	float *l1 = calloc((size_t)n, sizeof(float)), *r1 = calloc((size_t)n, sizeof(float));
	float *l2 = calloc((size_t)n, sizeof(float)), *r2 = calloc((size_t)n, sizeof(float));
	ok(p != NULL, "a strip with lanes on two inserts loads");
	if (p) {
		long d;
		run_blocks(p, 1000, l1, r1, n);
		run_blocks(p, 256, l2, r2, n);
		d = etl_diff(l1, l2, n);
		if (d < 0)
			d = etl_diff(r1, r2, n);
		ok(d < 0 && rms(l1, n) > 0.01, "blocks of 1000 and of 256 frames: bit-identical (first difference %ld)", d);
	}
	project_free(p);
	free(l1), free(r1), free(l2), free(r2);
}

/* The RMS of the left channel over the next 12000 frames. */
static double engine_rms(struct engine *e)
{
	float l[240], r[240];
	double sum = 0;
	for (int b = 0; b < 50; b++) {
		etl_render(e, l, r, 240, 960);
		for (int i = 0; i < 240; i++)
			sum += (double)l[i] * l[i];
	}
	return sqrt(sum / 12000);
}

/* The mixer's lane edits reach the running engine in place
 * (engine_set_lane, no reload): a lane on the utility's gain is heard,
 * emptied, the static value is heard again. */
static void test_engine_lane(void)
{
	struct project *p = tu_load_project(dir, "e.ini", "[track \"T\"]\nfile = both.wav\ninsert.1 = utility\n"
					    "insert.1.gain = -6 dB\n");
	struct engine *e = p ? etl_open_manual(p, 240) : NULL;
	struct auto_lane lane = {1, (struct auto_point[]){{0, -26}}, false}, none = {0, NULL, false};
	float l[240], r[240];
	double before, after, back;
	int target = GRAPH_LANE_INSERT + 0 * GRAPH_LANE_INSERT_PARAMS + 0;

	ok(e != NULL, "an engine with a utility opens");
	if (!e) {
		project_free(p);
		return;
	}
	etl_refill(e, 240);
	engine_play(e, true);
	for (int i = 0; i < 10; i++)
		etl_render(e, l, r, 240, 960);
	before = engine_rms(e);
	engine_set_lane(e, 0, target, &lane);
	for (int i = 0; i < 10; i++) /* past the 15 ms glide */
		etl_render(e, l, r, 240, 960);
	after = engine_rms(e);
	engine_set_lane(e, 0, target, &none);
	for (int i = 0; i < 10; i++)
		etl_render(e, l, r, 240, 960);
	back = engine_rms(e);
	ok(before > 0.001 && fabs(20 * log10(after / before) + 20) < 0.01 && fabs(20 * log10(back / before)) < 0.01,
	   "a lane swapped in while playing is heard (%.3f dB), emptied the static -6 dB is back (%.3f dB)",
	   20 * log10(after / before), 20 * log10(back / before));
	engine_close(e);
	project_free(p);
}

static bool installed(const char *uri)
{
	char spec[300], err[512];
	snprintf(spec, sizeof spec, "lv2 %s", uri);
	return unit_resolve(spec, err, sizeof err) || !strstr(err, "not installed");
}

/* swh amp's gain port by its symbol: 0 dB to 0.5 s, then -20 dB. The
 * level follows at 0.5 s (to the sub-block), -20 dB after it. */
static void test_lv2_lane(void)
{
	struct capture ref, c;
	double before, after;
	int64_t cut = RATE / 2;
	if (!installed(AMP)) {
		for (int i = 0; i < 2; i++)
			printf("ok %d # SKIP swh-lv2 is not installed (%s)\n", ++tap_n, AMP);
		return;
	}
	ref = render(HEAD, 1.0);
	c = render(HEAD "insert.1 = lv2 " AMP "\nauto.insert.1.gain = 0:00 0, 0:00.5 0, 0:00.5 -20 dB\n", 1.0);
	ok(c.n == ref.n && c.n > cut + WIN, "swh amp with a lane on its gain port renders");
	if (c.n != ref.n || c.n <= cut + WIN) {
		printf("ok %d # SKIP no render\n", ++tap_n);
	} else {
		int64_t first = -1;
		before = 20 * log10(rms(c.l + cut - 2 * WIN, WIN) / rms(ref.l + cut - 2 * WIN, WIN));
		after = 20 * log10(rms(c.l + cut + WIN, WIN) / rms(ref.l + cut + WIN, WIN));
		/* the first sample that is no longer the reference's */
		for (int64_t i = 0; i < c.n && first < 0; i++)
			if (fabs(c.l[i] - ref.l[i]) > 1e-3 * 0.1)
				first = i;
		ok(fabs(before) < 0.01 && fabs(after + 20) < 0.01 && first >= cut && first < cut + 32,
		   "the lane reaches the plugin at 0.5 s: %.3f dB before, %.3f dB after, changed from frame %lld",
		   before, after, (long long)first);
	}
	capture_free(&c);
	capture_free(&ref);
}

static void test_errors(void)
{
	static const struct {
		const char *text, *want;
		int line;
	} cases[] = {
		{"insert.1 = utility\nauto.insert.1.gian = 0:00 -3\n",
		 "utility has no parameter 'gian'; its parameters are gain, invert, channels", 4},
		{"insert.1 = utility\nauto.insert.1.gain = 0:00 -3, 0:01 30 dB\n",
		 "the point 0:01 30 dB: must be -48 dB to +24 dB", 4},
		{"insert.1 = utility\nauto.insert.1.channels = 0:00 stereo, 0:01 dual\n",
		 "must be one of stereo, swap, mono, left, right", 4},
		{"insert.1 = utility\nauto.insert.1.invert = 0:00 maybe\n", "must be on or off", 4},
		{"insert.1 = utility\nauto.insert.1.gain = 0:02 -3, 0:01 -6\n", "times must not go backwards", 4},
		{"insert.1 = utility\nauto.insert.1.gain = -3\n", "TIME VALUE points", 4},
		{"auto.insert.1.gain = 0:00 -3\n", "there is no insert.1", 3},
		{"insert.1 = utility\nauto.insert.1 = 0:00 -3\n", "auto.insert.N.PARAM", 4},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[512];
		struct diags ds = {0};
		struct project *p;
		bool found = false;
		snprintf(text, sizeof text, "[master]\ngain = 0\n%s", cases[i].text);
		p = project_load_text("e.ini", text, strlen(text), &ds);
		for (int k = 0; k < ds.n; k++)
			found |= ds.d[k].level == DIAG_ERROR && ds.d[k].line == cases[i].line &&
				 strstr(ds.d[k].msg, cases[i].want);
		ok(found, "line %d: %s", cases[i].line, cases[i].want);
		if (!found)
			for (int k = 0; k < ds.n; k++)
				tap_diag("%d: %s", ds.d[k].line, ds.d[k].msg);
		project_free(p);
		diags_free(&ds);
	}
}

/* Save: a lane changed is its own line rewritten in place, the comment
 * in its column; a new lane goes in; an emptied one goes; the text reads
 * back as the same lanes. */
static void test_save(void)
{
	const char *path = tu_path(dir, "s.ini");
	const char *text = "[track \"T\"]\nfile = lr.wav\ninsert.1 = deesser\n"
			   "auto.insert.1.threshold = 0:00 -36 dB, 0:05.500 -40 dB ; a ride\n"
			   "auto.insert.1.listen = 0:01 yes, 0:02 no\ngain = -1\n";
	struct project *p;
	char err[256], *out;
	tu_write(path, text);
	p = tu_load_path(path, false);
	ok(p && p->strips[0]->ninserts == 1, "loaded a de-esser with two lanes");
	if (!p)
		return;
	ok(project_save(p, path, err, sizeof err) == 0, "saved unchanged");
	out = tu_read(path, NULL);
	is_str(out, text, "unchanged: byte for byte as written");
	free(out);
	ok(strip_set(p, p->strips[0], "auto.insert.1.threshold", "0:00 -36 dB, 0:05.5 -44 dB, 1:02.25 -20 dB", err,
		     sizeof err) == 0, ":set auto.insert.1.threshold with a third point");
	ok(strip_set(p, p->strips[0], "auto.insert.1.listen", "", err, sizeof err) == 0, "the listen lane emptied");
	ok(strip_set(p, p->strips[0], "auto.insert.1.freq", "0:00 5000, 0:10 8000", err, sizeof err) == 0,
	   "a new freq lane");
	ok(project_save(p, path, err, sizeof err) == 0, "saved");
	out = tu_read(path, NULL);
	is_str(out, "[track \"T\"]\nfile = lr.wav\ninsert.1 = deesser\n"
	       "auto.insert.1.threshold = 0:00 -36 dB, 0:05.5 -44 dB, 1:02.25 -20 dB ; a ride\n"
	       "gain = -1\nauto.insert.1.freq = 0:00 5000, 0:10 8000\n",
	       "the ride in place with its comment, the emptied lane gone, the new one after the last key");
	free(out);
	project_free(p);
	p = tu_load_path(path, false);
	{
		const struct auto_lane *l = p ? insert_lane(p->strips[0], 0, 1) : NULL;
		ok(l && l->n == 3 && l->pt[2].t == 62.25 && l->pt[2].v == -20, "read back: three points, the last "
		   "at 1:02.25 -20 dB");
	}
	project_free(p);
}

/* :insert delete and :insert move rewrite the lanes' slot numbers with
 * the slot's own lines; a deleted slot's lanes go with it. */
static void test_edit(void)
{
	const char *path = tu_path(dir, "m.ini");
	const char *text = "[track \"T\"]\nfile = lr.wav\ninsert.1 = utility\ninsert.2 = deesser\n"
			   "auto.insert.1.gain = 0:00 -3\nauto.insert.2.threshold = 0:00 -30, 0:01 -40 ; ride\n";
	struct project *p, *q;
	char err[256], *out;
	size_t len;
	tu_write(path, text);
	p = tu_load_path(path, false);
	q = p ? project_edit_insert_delete(p, 0, 0, err, sizeof err) : NULL;
	out = q ? project_render_text(q, &len) : NULL;
	is_str(out, "[track \"T\"]\nfile = lr.wav\ninsert.1 = deesser\n"
	       "auto.insert.1.threshold = 0:00 -30, 0:01 -40 ; ride\n",
	       ":insert delete 1: the utility's lane goes, the de-esser's lane is now auto.insert.1");
	ok(q && q->strips[0]->ninserts == 1 && insert_lane(q->strips[0], 0, 1) &&
	   insert_lane(q->strips[0], 0, 1)->n == 2, "and the model has it on the de-esser's threshold");
	free(out);
	project_free(q);
	q = p ? project_edit_insert_move(p, 0, 1, 0, err, sizeof err) : NULL;
	out = q ? project_render_text(q, &len) : NULL;
	ok(q && q->strips[0]->ninserts == 2 && !strcmp(q->strips[0]->inserts[0].unit->name, "deesser") &&
	   insert_lane(q->strips[0], 0, 1)->n == 2 && insert_lane(q->strips[0], 1, 0)->n == 1 &&
	   insert_lane(q->strips[0], 1, 0)->pt[0].v == -3,
	   ":insert move 2 1: each lane moves with its insert (%s)", q ? "" : err);
	if (out && !(q && strstr(out, "auto.insert.2.gain = 0:00 -3") &&
		     strstr(out, "auto.insert.1.threshold = 0:00 -30, 0:01 -40 ; ride")))
		tap_diag("%s", out);
	free(out);
	project_free(q);
	project_free(p);
}

int main(void)
{
	dir = tu_tmpdir();
	write_stem("lr.wav", false);
	write_stem("both.wav", true);
	test_gain_lane();
	test_label_lane();
	test_block_sizes();
	test_engine_lane();
	test_lv2_lane();
	test_errors();
	test_save();
	test_edit();
	return done_testing();
}
