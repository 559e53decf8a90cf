/* test_autorec.c — automation recorded from the keys, in process: the
 * thinning of a lane (at most 20 points a second, within 0.25 dB of what
 * it was), and live recording on the engine (no clock, block by block)
 * in latch, touch and write: the lane built from the pass, saved and
 * read back, bounces bit for bit what was heard while recording, and its
 * level envelope follows the lane. */
#include "engine_testlib.h"
#include "lane_edit.h"
#include "tap.h"
#include <math.h>

#define BUF 256
#define RATE 48000
#define MAXF (RATE * 5)
static const char *dir;
static float L[MAXF], R[MAXF], RL[MAXF], RR[MAXF];

static double worst_error(const struct auto_lane *thin, const struct auto_lane *orig)
{
	double w = 0;
	for (int i = 0; i < orig->n; i++)
		w = fmax(w, fabs(lane_value(thin, orig->pt[i].t) - orig->pt[i].v));
	return w;
}

static int most_per_second(const struct auto_lane *l)
{
	int most = 0;
	for (int i = 0; i < l->n; i++) {
		int k = i;
		while (k < l->n && l->pt[k].t < l->pt[i].t + 1.0)
			k++;
		if (k - i > most)
			most = k - i;
	}
	return most;
}

static void test_thin(void)
{
	struct auto_lane l = {0}, orig = {0};
	l.pt = malloc(sizeof *l.pt * 400);
	/* a smooth ride sampled 100 times a second */
	for (int i = 0; i < 400; i++)
		l.pt[l.n++] = (struct auto_point){i / 100.0, 6 * sin(2 * M_PI * 0.5 * i / 100.0)};
	lane_copy(&orig, &l);
	lane_thin(&l, 20, 0.25, false);
	ok(most_per_second(&l) <= 20, "a 100-point-a-second ride thinned to at most 20 a second (%d)", most_per_second(&l));
	ok(worst_error(&l, &orig) <= 0.25, "and it stays within 0.25 dB of the ride (%.3f dB)", worst_error(&l, &orig));
	lane_free(&l);
	lane_free(&orig);
	/* a jagged one: the rate cannot be met without leaving the tolerance */
	l.pt = malloc(sizeof *l.pt * 200);
	for (int i = 0; i < 200; i++)
		l.pt[l.n++] = (struct auto_point){i / 100.0, (i * 7919 % 13) - 6.0};
	lane_copy(&orig, &l);
	lane_thin(&l, 20, 0.25, false);
	ok(worst_error(&l, &orig) <= 0.25, "a jagged ride keeps the tolerance first (%.3f dB, %d points)",
	   worst_error(&l, &orig), l.n);
	lane_free(&l);
	lane_free(&orig);
	/* a flat run loses its middle; a switch lane loses repeats */
	l.pt = malloc(sizeof *l.pt * 4);
	l.n = 4;
	l.pt[0] = (struct auto_point){0, -3};
	l.pt[1] = (struct auto_point){1, -3};
	l.pt[2] = (struct auto_point){2, -3};
	l.pt[3] = (struct auto_point){3, 0};
	lane_thin(&l, 20, 0.25, false);
	ok(l.n == 3 && l.pt[1].t == 2, "the middle of a flat run goes, its ends stay");
	l.pt[1].v = 0, l.pt[2].v = 1;
	l.pt[0].v = 0;
	lane_thin(&l, 20, 0.25, true);
	ok(l.n == 2 && l.pt[1].v == 1, "a switch lane loses its repeats");
	lane_free(&l);
}

struct act {
	double at;     /* seconds of playback after which it is sent */
	int target;
	double v;
	bool release;
};

/* Plays a project from 0 for `until` seconds on the engine, sending acts
 * as it goes, then pauses; the take of target comes back in k. Returns
 * the frames rendered (live output in L/R). */
static long play_pass(struct project *p, const struct act *acts, int nacts, double until, int target,
		      struct lane_take *k, double *t_end)
{
	struct engine *e = etl_open_manual(p, BUF);
	struct engine_rec_event ev;
	long n = 0;
	int next = 0;

	etl_refill(e, BUF);
	engine_play(e, true);
	while (n < (long)(until * RATE) && n + BUF <= MAXF) {
		while (next < nacts && n >= (long)(acts[next].at * RATE)) {
			engine_rec(e, 0, acts[next].target, acts[next].v, acts[next].release);
			next++;
		}
		etl_render(e, L + n, R + n, BUF, 4 * BUF);
		n += BUF;
	}
	engine_play(e, false);
	etl_render(e, RL, RR, BUF, 0); /* the pause ends the pass */
	*t_end = -1;
	while (engine_rec_poll(e, &ev)) {
		if (ev.kind == ENGINE_REC_PASS)
			*t_end = ev.v;
		else if (ev.target != target)
			continue;
		else if (ev.kind == ENGINE_REC_POINT)
			lane_take_add(k, ev.t, ev.v);
		else
			lane_take_release(k, ev.t);
	}
	engine_close(e);
	return n;
}

/* The pass merged into strip 0's lane, saved, read back; the bounce path
 * of that file against what played. Returns the project read back. */
static struct project *merge_and_compare(struct project *p, const char *name, enum param_id lid, int target,
					 const struct lane_take *k, double t_end, long n, const char *what)
{
	struct strip *s = p->strips[0];
	struct auto_lane *l = strip_lane(s, (enum param_id)target, -1);
	struct etl_ref rf;
	struct project *q;
	size_t len;
	char *text;
	long d;

	lane_merge_take(l, l, target == P_MUTE ? 0 : s->v[target], lid, k, t_end);
	text = project_render_text(p, &len);
	tu_write(tu_path(dir, name), text);
	free(text);
	q = etl_load(tu_path(dir, name));
	etl_ref_open(&rf, q, 0);
	for (long f = 0; f < n; f += BUF)
		etl_ref_render(&rf, RL + f, RR + f, BUF);
	etl_ref_close(&rf);
	d = etl_diff(L, RL, n);
	if (d < 0)
		d = etl_diff(R, RR, n);
	ok(d < 0, "%s: what played while recording is what the saved lane bounces, bit for bit", what);
	if (d >= 0)
		tap_diag("first difference at frame %ld (%.4f s): %g vs %g", d, (double)d / RATE, L[d], RL[d]);
	return q;
}

static double rms_db(const float *x, long from, long n)
{
	double s = 0;
	for (long i = from; i < from + n; i++)
		s += (double)x[i] * x[i];
	return 10 * log10(s / (double)n + 1e-30);
}

static void test_latch(void)
{
	static const char ini[] = "[project]\nrate = 48000\n[track \"V\"]\nfile = sine.wav\nauto.mode = latch\n";
	struct act acts[] = {{1.0, P_GAIN, 2.0, false}, {2.0, P_GAIN, 4.0, false}};
	struct lane_take k = {0};
	struct project *p, *q;
	double t_end, worst = 0;
	long n;
	char buf[256];

	tu_write(tu_path(dir, "latch.ini"), ini);
	p = etl_load(tu_path(dir, "latch.ini"));
	n = play_pass(p, acts, 2, 3.0, P_GAIN, &k, &t_end);
	ok(k.n >= 4 && fabs(t_end - (double)n / RATE) < 1e-9, "latch: the pass came back (%d points, ends %.3f s)", k.n,
	   t_end);
	q = merge_and_compare(p, "latch2.ini", P_AUTO_GAIN, P_GAIN, &k, t_end, n, "latch on a strip with no lane");
	{
		const struct auto_lane *g = &q->strips[0]->lane_gain;
		ok(lane_value(g, 0.9) == 0 && lane_value(g, 1.2) == 2 && lane_value(g, 1.9) == 2 &&
		   lane_value(g, 2.2) == 4 && lane_value(g, 2.9) == 4,
		   "the saved auto.gain rises at 1 s and 2 s: %s", strip_get(q, q->strips[0], "auto.gain", buf, sizeof buf));
	}
	/* the level envelope follows the lane (against the first half second) */
	for (long f = RATE / 2; f + 2400 <= n; f += 2400) {
		double want = lane_value(&q->strips[0]->lane_gain, (f + 1200) / (double)RATE);
		double got = rms_db(L, f, 2400) - rms_db(L, 0, RATE / 2);
		/* skip the 50 ms ramps themselves: a window straddles them */
		if (lane_value(&q->strips[0]->lane_gain, (double)f / RATE) !=
		    lane_value(&q->strips[0]->lane_gain, (f + 2400.0) / RATE))
			continue;
		worst = fmax(worst, fabs(got - want));
	}
	ok(worst <= 0.5, "the bounce's level follows the lane within 0.5 dB (worst %.3f dB)", worst);
	lane_take_free(&k);
	project_free(p);
	project_free(q);
}

static void test_touch(void)
{
	static const char ini[] = "[project]\nrate = 48000\n[track \"V\"]\nfile = sine.wav\nauto.mode = touch\n"
				  "auto.gain = 0 -6, 4 -6\n";
	struct act acts[] = {{1.0, P_GAIN, -2.0, false}, {1.5, P_GAIN, 0, true}};
	struct lane_take k = {0};
	struct project *p, *q;
	double t_end;
	long n;
	char buf[256];

	tu_write(tu_path(dir, "touch.ini"), ini);
	p = etl_load(tu_path(dir, "touch.ini"));
	n = play_pass(p, acts, 2, 2.5, P_GAIN, &k, &t_end);
	q = merge_and_compare(p, "touch2.ini", P_AUTO_GAIN, P_GAIN, &k, t_end, n, "touch");
	{
		const struct auto_lane *g = &q->strips[0]->lane_gain;
		ok(lane_value(g, 0.9) == -6 && lane_value(g, 1.3) == -2 && lane_value(g, 1.8) == -6 &&
		   lane_value(g, 3.5) == -6 && g->pt[g->n - 1].t == 4,
		   "touch returns to the old lane after the press: %s",
		   strip_get(q, q->strips[0], "auto.gain", buf, sizeof buf));
	}
	lane_take_free(&k);
	project_free(p);
	project_free(q);
}

static void test_write(void)
{
	static const char ini[] = "[project]\nrate = 48000\n[track \"V\"]\nfile = sine.wav\nauto.mode = write\n"
				  "auto.gain = 0 -6, 0:01 -12, 0:02 -3, 0:03 -12, 0:04 0\n";
	struct act acts[] = {{1.0, P_GAIN, -1.0, false}};
	struct lane_take k = {0};
	struct project *p, *q;
	double t_end;
	long n;
	char buf[256];

	tu_write(tu_path(dir, "write.ini"), ini);
	p = etl_load(tu_path(dir, "write.ini"));
	n = play_pass(p, acts, 1, 2.5, P_GAIN, &k, &t_end);
	q = merge_and_compare(p, "write2.ini", P_AUTO_GAIN, P_GAIN, &k, t_end, n, "write over a moving lane");
	{
		const struct auto_lane *g = &q->strips[0]->lane_gain;
		bool none_inside = true;
		for (int i = 0; i < g->n; i++)
			none_inside &= !(g->pt[i].t > 0 && g->pt[i].t < 1.0) && !(g->pt[i].t > 1.1 && g->pt[i].t < 2.5);
		ok(none_inside && lane_value(g, 0.5) == -6 && lane_value(g, 1.5) == -1 && lane_value(g, 2.45) == -1 &&
		   lane_value(g, 3) == -12 && lane_value(g, 4) == 0,
		   "write replaces the lane from the start of playback to the stop: %s",
		   strip_get(q, q->strips[0], "auto.gain", buf, sizeof buf));
	}
	lane_take_free(&k);
	project_free(p);
	project_free(q);
}

int main(void)
{
	dir = tu_tmpdir();
	tu_wav(tu_path(dir, "sine.wav"), RATE, 1, 5.0, 1000, 0.1);
	test_thin();
	test_latch();
	test_touch();
	test_write();
	return done_testing();
}
