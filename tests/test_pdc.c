/* test_pdc.c — delay compensation (pdc.h): the delays that align every
 * input of a bus and the master for a few routings (a plugin on a track,
 * on a group bus, on a send bus, in series), the delay line (exact delay
 * across block sizes, mono into stereo, no memory for 0), and the graph
 * wired to them: a strip given a latency makes its parallel paths wait,
 * at the master and at a send bus, and graph_latency grow. */
#include "graph_internal.h"
#include "pdc.h"
#include "project_testlib.h"
#include "tap.h"
#include <stdbool.h>
#include <stdlib.h>

/* strips: 0 1 tracks, 2 group bus, 3 send bus, 4 master */
static void test_solve(void)
{
	const int topo[] = {0, 1, 2, 3, 4};
	/* track 0 -> group -> master; track 1 -> master; track 0 sends to
	 * the send bus -> master; track 1 sends too */
	const struct pdc_edge e[] = {{0, 2}, {2, 4}, {1, 4}, {0, 3}, {1, 3}, {3, 4}};
	int delay[6], in_lat[5];
	int lat[5] = {0, 64, 0, 0, 0};

	is_int(pdc_solve(5, lat, topo, e, 6, delay, in_lat), 64, "a plugin on track 1: 64 frames in all");
	ok(delay[0] == 0 && delay[3] == 64 && delay[4] == 0, "the send bus: track 0 waits 64 for track 1");
	ok(delay[1] == 64 && delay[2] == 0 && delay[5] == 0, "the master: the group bus waits 64, the rest none");
	is_int(in_lat[4], 64, "the master's input is 64 late");

	lat[1] = 0;
	lat[2] = 100; /* on the group bus */
	lat[3] = 30;  /* on the send bus */
	is_int(pdc_solve(5, lat, topo, e, 6, delay, in_lat), 100, "the group bus's 100 is the total");
	ok(delay[1] == 0 && delay[2] == 100 && delay[5] == 70, "the master: track 1 waits 100, the send bus 70");
	ok(delay[3] == 0 && delay[4] == 0, "the send bus's inputs are already aligned");

	/* in series: track 0 (10) -> group (20) -> master, beside track 1 */
	lat[0] = 10;
	lat[2] = 20;
	lat[3] = 0;
	is_int(pdc_solve(5, lat, topo, e, 6, delay, in_lat), 30, "in series the latencies add: 30");
	ok(delay[2] == 30 && delay[5] == 20 && delay[4] == 10, "track 1 waits 30 at the master, 10 at the send bus");
}

static void test_line(void)
{
	struct pdc_line l;
	float in[2][300], got[2][2000];
	const float *out[2];
	long t = 0, w = 0;
	int sizes[] = {1, 7, 256, 64, 33, 256, 255, 2};
	bool exact = true;

	pdc_line_init(&l, 100, 256);
	for (int b = 0; b < 8; b++) {
		int n = sizes[b];
		const float *src[2] = {in[0], in[1]};
		for (int k = 0; k < n; k++, t++) {
			in[0][k] = (float)(t + 1);
			in[1][k] = -(float)(t + 1);
		}
		pdc_line_process(&l, src, 2, n, out);
		for (int k = 0; k < n; k++, w++) {
			got[0][w] = out[0][k];
			got[1][w] = out[1][k];
		}
	}
	for (long k = 0; k < w; k++) {
		float want = k < 100 ? 0 : (float)(k - 100 + 1);
		exact &= got[0][k] == want && got[1][k] == -want;
	}
	ok(exact, "100 frames late exactly, over blocks of 1 to 256 (%ld frames)", w);
	pdc_line_reset(&l);
	{
		const float *src[1] = {in[0]};
		in[0][0] = 5;
		pdc_line_process(&l, src, 1, 1, out);
		ok(out[0][0] == 0 && out[1][0] == 0, "after a reset: silence");
		for (int k = 0; k < 99; k++)
			pdc_line_process(&l, (const float *const[]){&(float){0}}, 1, 1, out);
		pdc_line_process(&l, (const float *const[]){&(float){0}}, 1, 1, out);
		ok(out[0][0] == 5 && out[1][0] == 5, "a mono source fills both channels");
	}
	pdc_line_free(&l);
	pdc_line_init(&l, 0, 256);
	{
		const float *src[2] = {in[0], in[1]};
		pdc_line_process(&l, src, 2, 4, out);
		ok(!l.buf[0] && out[0] == in[0] && out[1] == in[1], "a delay of 0: no memory, the input itself");
	}
	pdc_line_free(&l);
}

/* Where an impulse on track `from`'s input comes out of strip `at`
 * (the master: the mix), or -1. */
static long impulse_at(struct graph *g, int from, int at)
{
	float l[256], r[256];
	long found = -1;
	graph_reset(g);
	for (int b = 0; b < 8; b++) {
		for (int t = 0; t < g->ntracks; t++)
			for (int c = 0; c < graph_input_channels(g, t); c++) {
				memset(graph_input(g, t, c), 0, sizeof l);
				if (t == from && b == 0)
					graph_input(g, t, c)[10] = 1.0f;
			}
		graph_process(g, (int64_t)b * 256, l, r, 256);
		for (int k = 0; k < 256 && found < 0; k++)
			if (fabsf(graph_strip_output(g, at, 0)[k]) > 0.01f)
				found = (long)b * 256 + k;
	}
	return found;
}

static void test_graph(void)
{
	const char *dir = tu_tmpdir();
	struct project *p;
	struct graph *g;
	char err[256];
	int a, b, echo, master, base;
	long a0, b0, e0;

	tu_wav(tu_path(dir, "s.wav"), 48000, 1, 0.1, 100, 0.5);
	p = tu_load_project(dir, "p.ini",
			    "[project]\nrate = 48000\n"
			    "[track \"A\"]\nfile = s.wav\noutput = G\nsend.Echo = 0 dB\n"
			    "[track \"B\"]\nfile = s.wav\nsend.Echo = 0 dB\n"
			    "[bus \"G\"]\n"
			    "[bus \"Echo\"]\nfx = delay\ndelay.time = 10 ms\ndelay.feedback = 0 %\n[master]\n");
	if (!ok(p != NULL, "the project loads"))
		return;
	g = graph_new(p, 48000, err, sizeof err);
	a = project_find_strip(p, "A");
	b = project_find_strip(p, "B");
	echo = project_find_strip(p, "Echo");
	master = p->nstrips - 1;
	base = graph_latency(g);
	a0 = impulse_at(g, a, master);
	b0 = impulse_at(g, b, master);
	e0 = impulse_at(g, a, echo);
	ok(a0 >= 10 && a0 == b0 && e0 > a0, "no latency anywhere: A and B together at the master (%ld)", a0);
	g->s[b].latency = 64; /* as a plugin on B would report */
	graph_compensate(g);
	is_int(impulse_at(g, a, master) - a0, 64, "B 64 late: A waits 64 at the master");
	is_int(impulse_at(g, b, master), b0, "B itself is not delayed again");
	is_int(impulse_at(g, a, echo) - e0, 64, "and A's send to the echo bus waits 64 for B's");
	is_int(graph_latency(g) - base, 64, "graph_latency grows by 64");
	g->s[b].latency = 0;
	g->s[project_find_strip(p, "G")].latency = 100; /* on the group bus */
	graph_compensate(g);
	is_int(impulse_at(g, b, master) - b0, 100, "G 100 late: B waits 100 at the master");
	is_int(impulse_at(g, a, echo), e0, "the echo bus's inputs were aligned already");
	graph_free(g);
	project_free(p);
	unlink(tu_path(dir, "s.wav"));
	unlink(tu_path(dir, "p.ini"));
	rmdir(dir);
}

int main(void)
{
	test_solve();
	test_line();
	test_graph();
	return done_testing();
}
