/* pdc.c — plugin delay compensation (pdc.h). */
#include "pdc.h"
#include "tmix.h"
#include <stdlib.h>
#include <string.h>

int pdc_solve(int n, const int *lat, const int *topo, const struct pdc_edge *e, int ne, int *delay,
	      int *in_lat)
{
	int most = 0;
	for (int i = 0; i < n; i++)
		in_lat[i] = 0;
	/* in topological order every source's input latency is final before
	 * its sinks are looked at */
	for (int k = 0; k < n; k++) {
		int i = topo[k];
		for (int j = 0; j < ne; j++)
			if (e[j].dst == i && in_lat[e[j].src] + lat[e[j].src] > in_lat[i])
				in_lat[i] = in_lat[e[j].src] + lat[e[j].src];
		if (in_lat[i] + lat[i] > most)
			most = in_lat[i] + lat[i];
	}
	for (int j = 0; j < ne; j++)
		delay[j] = in_lat[e[j].dst] - (in_lat[e[j].src] + lat[e[j].src]);
	return most;
}

/* The memory is twice the ring: each frame is written at pos and at
 * pos + size, so any window of up to max_block frames is contiguous. */
void pdc_line_init(struct pdc_line *l, int delay, int max_block)
{
	memset(l, 0, sizeof *l);
	l->delay = delay > 0 ? delay : 0;
	if (!l->delay)
		return;
	l->size = l->delay + max_block;
	for (int c = 0; c < 2; c++)
		l->buf[c] = xcalloc((size_t)l->size * 2, sizeof(float));
}

void pdc_line_free(struct pdc_line *l)
{
	for (int c = 0; c < 2; c++)
		free(l->buf[c]);
	memset(l, 0, sizeof *l);
}

void pdc_line_reset(struct pdc_line *l)
{
	for (int c = 0; l->delay && c < 2; c++)
		memset(l->buf[c], 0, sizeof(float) * (size_t)l->size * 2);
	l->pos = 0;
}

void pdc_line_process(struct pdc_line *l, const float *const in[], int nch, int n, const float *out[2])
{
	int start;
	if (!l->delay) {
		out[0] = in[0];
		out[1] = in[nch == 2 ? 1 : 0];
		return;
	}
	for (int c = 0; c < 2; c++) {
		const float *src = in[nch == 2 ? c : 0];
		float *b = l->buf[c];
		for (int k = 0, p = l->pos; k < n; k++, p = p + 1 == l->size ? 0 : p + 1)
			b[p] = b[p + l->size] = src[k];
	}
	start = l->pos - l->delay;
	if (start < 0)
		start += l->size;
	out[0] = l->buf[0] + start;
	out[1] = l->buf[1] + start;
	l->pos = (l->pos + n) % l->size;
}
