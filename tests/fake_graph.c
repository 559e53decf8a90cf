/* fake_graph.c — TEMPORARY stand-in for src/graph.c until it lands on
 * main: sums every track (mono to both sides) with its gain. Test-only. */
#include "graph.h"
#include "tmix.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct graph {
	int ntracks, nstrips;
	int *ch;
	float **in;
	float *gain;
	struct strip_meter *m;
};

struct graph *graph_new(const struct project *p, double rate, char *err, size_t errlen)
{
	struct graph *g = xcalloc(1, sizeof *g);
	g->ntracks = p->ntracks;
	g->nstrips = p->nstrips;
	g->ch = xcalloc((size_t)p->nstrips, sizeof *g->ch);
	g->in = xcalloc((size_t)p->nstrips * 2, sizeof *g->in);
	g->gain = xcalloc((size_t)p->nstrips, sizeof *g->gain);
	g->m = xcalloc((size_t)p->nstrips, sizeof *g->m);
	for (int t = 0; t < p->nstrips; t++) {
		g->gain[t] = (float)pow(10, p->strips[t]->v[P_GAIN] / 20);
		if (t >= p->ntracks)
			continue;
		g->ch[t] = p->strips[t]->channels > 1 ? 2 : 1;
		for (int c = 0; c < 2; c++)
			g->in[t * 2 + c] = xcalloc(GRAPH_MAX_BLOCK, sizeof(float));
	}
	return g;
}

void graph_free(struct graph *g)
{
	for (int i = 0; i < g->nstrips * 2; i++)
		free(g->in[i]);
	free(g->in);
	free(g->ch);
	free(g->gain);
	free(g->m);
	free(g);
}

int graph_nstrips(const struct graph *g) { return g->nstrips; }
float *graph_input(struct graph *g, int track, int ch) { return g->in[track * 2 + ch]; }
int graph_input_channels(const struct graph *g, int track) { return g->ch[track]; }
int graph_latency(const struct graph *g) { return 0; }
void graph_reset(struct graph *g) {}

void graph_process(struct graph *g, int64_t frame, float *l, float *r, int n)
{
	memset(l, 0, (size_t)n * sizeof *l);
	memset(r, 0, (size_t)n * sizeof *r);
	for (int t = 0; t < g->ntracks; t++)
		for (int i = 0; i < n; i++) {
			l[i] += g->gain[t] * g->in[t * 2][i];
			r[i] += g->gain[t] * g->in[t * 2 + (g->ch[t] > 1)][i];
		}
	struct strip_meter *m = &g->m[g->nstrips - 1];
	double e = 0;
	for (int i = 0; i < n; i++) {
		if (fabsf(l[i]) > m->peak[0])
			m->peak[0] = m->peak[1] = fabsf(l[i]);
		e += (double)l[i] * l[i];
	}
	m->rms[0] = m->rms[1] = (float)sqrt(e / n);
}

void graph_set_param(struct graph *g, int strip, enum param_id id, double v, enum param_mode mode)
{
	if (id == P_GAIN)
		g->gain[strip] = (float)pow(10, v / 20);
}
void graph_set_eq(struct graph *g, int strip, int band, const struct eq_band *b) {}
void graph_set_send(struct graph *g, int strip, int send, double level_db, bool pre) {}

void graph_take_meter(struct graph *g, int strip, struct strip_meter *m)
{
	*m = g->m[strip];
	memset(&g->m[strip], 0, sizeof g->m[strip]);
}

const float *graph_strip_output(const struct graph *g, int strip, int ch) { return NULL; }
