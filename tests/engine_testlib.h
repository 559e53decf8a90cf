/* engine_testlib.h — shared by the engine tests and benchmark: synthetic
 * projects, a reference renderer that calls the graph directly with
 * source_read inputs (the bounce path), and waiting for the disk thread.
 * Header-only, test-only. */
#ifndef TMIX_ENGINE_TESTLIB_H
#define TMIX_ENGINE_TESTLIB_H
#include "engine_internal.h"
#include "graph.h"
#include "source.h"
#include "testutil.h"
#include <time.h>

/* A ramp stem: a sawtooth that climbs 1/48000 per frame (exact in float),
 * so any gap or repeat shows as a step. */
static inline void etl_ramp_wav(const char *path, int rate, int channels, double seconds)
{
	SF_INFO info = {.samplerate = rate, .channels = channels, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f = sf_open(path, SFM_WRITE, &info);
	long n = (long)(seconds * rate);
	float *buf = malloc(sizeof *buf * (size_t)(n * channels + 1));
	for (long i = 0; i < n; i++)
		for (int c = 0; c < channels; c++)
			buf[i * channels + c] = (float)((i % 48000) / 48000.0 - 0.5) * (c ? -0.5f : 0.5f);
	sf_writef_float(f, buf, n);
	sf_close(f);
	free(buf);
}

static inline struct project *etl_load(const char *path)
{
	struct diags ds = {0};
	struct project *p = project_load(path, &ds);
	if (p)
		project_probe(p, &ds);
	if (!p || ds.nerrors) {
		diags_print(&ds, path, stdout);
		exit(99);
	}
	diags_free(&ds);
	return p;
}

static inline void etl_nap_ms(int ms)
{
	struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000};
	nanosleep(&t, NULL);
}

static inline double etl_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* Renders paused blocks until the rings are primed (the transport does
 * not move meanwhile); returns the seconds it took, or -1 on timeout. */
static inline double etl_refill(struct engine *e, int n)
{
	static float l[16384], r[16384];
	struct engine_status st;
	double t0 = etl_now();
	for (int i = 0; i < 5000; i++) {
		engine_render_for_test(e, l, r, n);
		engine_status(e, &st);
		if (!st.refilling)
			return etl_now() - t0;
		etl_nap_ms(1);
	}
	return -1;
}

/* Renders one block once the disk thread has at least `need` frames
 * buffered in every ring (so the comparison never sees an underrun). */
static inline void etl_render(struct engine *e, float *l, float *r, int n, int64_t need)
{
	for (int i = 0; i < 2000 && engine_test_min_buffered(e) < need; i++)
		etl_nap_ms(1);
	engine_render_for_test(e, l, r, n);
}

/* The bounce path: a fresh graph fed straight from the sources. */
struct etl_ref {
	struct graph *g;
	struct source **src;
	int nt;
	int64_t pos;
	bool loop;
	int64_t ls, le;
};

static inline void etl_ref_open(struct etl_ref *rf, const struct project *p, int64_t pos)
{
	char err[256];
	double rate = project_rate(p);
	memset(rf, 0, sizeof *rf);
	rf->g = graph_new(p, rate, err, sizeof err);
	rf->nt = p->ntracks;
	rf->src = calloc((size_t)rf->nt + 1, sizeof *rf->src);
	for (int t = 0; t < rf->nt; t++)
		rf->src[t] = source_open(p->strips[t]->path, rate, p->strips[t]->v[P_START], err, sizeof err);
	rf->pos = pos;
}

static inline void etl_ref_close(struct etl_ref *rf)
{
	for (int t = 0; t < rf->nt; t++)
		source_close(rf->src[t]);
	free(rf->src);
	graph_free(rf->g);
}

/* n frames along the playback path, split where the engine splits. */
static inline void etl_ref_render(struct etl_ref *rf, float *l, float *r, int n)
{
	for (int off = 0; off < n;) {
		int m = n - off > GRAPH_MAX_BLOCK ? GRAPH_MAX_BLOCK : n - off;
		bool wrap = false;
		if (rf->loop && rf->le > rf->ls && rf->pos < rf->le && rf->le - rf->pos <= m) {
			m = (int)(rf->le - rf->pos);
			wrap = true;
		}
		for (int t = 0; t < rf->nt; t++) {
			int nch = graph_input_channels(rf->g, t);
			float *in[2] = {graph_input(rf->g, t, 0), graph_input(rf->g, t, nch > 1)};
			float tmp[GRAPH_MAX_BLOCK];
			float *out[2] = {in[0], nch > 1 ? in[1] : tmp};
			source_read(rf->src[t], rf->pos, out, m);
		}
		graph_process(rf->g, rf->pos, l + off, r + off, m);
		rf->pos = wrap ? rf->ls : rf->pos + m;
		off += m;
	}
}

/* Index of the first differing sample, or -1. */
static inline long etl_diff(const float *a, const float *b, long n)
{
	for (long i = 0; i < n; i++)
		if (memcmp(&a[i], &b[i], sizeof *a))
			return i;
	return -1;
}
/* An engine with no clock, driven block by block by the test; bails out
 * of the TAP run when it cannot open. */
static inline struct engine *etl_open_manual(struct project *p, int buffer)
{
	char err[256];
	struct engine_opts o = {.buffer = buffer};
	struct engine *e = engine_open_manual(p, &o, err, sizeof err);
	if (!e) {
		printf("Bail out! engine_open: %s\n", err);
		exit(1);
	}
	return e;
}
#endif
