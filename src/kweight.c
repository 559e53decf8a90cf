/* kweight.c — K-weighted power and gated loudness (kweight.h), after
 * ITU-R BS.1770-4: the pre-filter and RLB filter designed for any rate
 * from their analogue prototypes (bilinear transform). */
#include "kweight.h"
#include "tmix.h"
#include <math.h>
#include <stdlib.h>

void kweight_init(struct kweight *k, double rate)
{
	/* stage 1: a high shelf of about +4 dB above ~1.7 kHz (the head) */
	double f0 = 1681.974450955533, gain_db = 3.999843853973347, q = 0.7071752369554196;
	double K = tan(M_PI * f0 / rate), vh = pow(10.0, gain_db / 20.0), vb = pow(vh, 0.4996667741545416);
	double a0 = 1.0 + K / q + K * K;

	k->b[0][0] = (vh + vb * K / q + K * K) / a0;
	k->b[0][1] = 2.0 * (K * K - vh) / a0;
	k->b[0][2] = (vh - vb * K / q + K * K) / a0;
	k->a[0][0] = 2.0 * (K * K - 1.0) / a0;
	k->a[0][1] = (1.0 - K / q + K * K) / a0;
	/* stage 2: the RLB high-pass at ~38 Hz */
	f0 = 38.13547087602444;
	q = 0.5003270373238773;
	K = tan(M_PI * f0 / rate);
	a0 = 1.0 + K / q + K * K;
	k->b[1][0] = 1.0;
	k->b[1][1] = -2.0;
	k->b[1][2] = 1.0;
	k->a[1][0] = 2.0 * (K * K - 1.0) / a0;
	k->a[1][1] = (1.0 - K / q + K * K) / a0;
	for (int c = 0; c < 2; c++)
		for (int s = 0; s < 2; s++)
			k->z[c][s][0] = k->z[c][s][1] = 0.0;
}

/* One channel through both stages (transposed direct form II). */
static double filter(struct kweight *k, int c, double x)
{
	for (int s = 0; s < 2; s++) {
		double *z = k->z[c][s];
		double y = k->b[s][0] * x + z[0];
		z[0] = k->b[s][1] * x - k->a[s][0] * y + z[1];
		z[1] = k->b[s][2] * x - k->a[s][1] * y;
		x = y;
	}
	return x;
}

void kweight_power(struct kweight *k, const float *l, const float *r, float *e, int n)
{
	for (int i = 0; i < n; i++) {
		double a = filter(k, 0, l[i]), b = filter(k, 1, r[i]);
		e[i] = (float)(a * a + b * b);
	}
	/* a silent stretch must not leave denormals in the state */
	for (int c = 0; c < 2; c++)
		for (int s = 0; s < 2; s++)
			for (int j = 0; j < 2; j++)
				if (fabs(k->z[c][s][j]) < 1e-30)
					k->z[c][s][j] = 0.0;
}

void kgate_init(struct kgate *g, double rate)
{
	g->hop = (int)((rate + 5) / 10); /* 100 ms */
	g->in_hop = 0;
	g->acc = 0;
	g->hops = NULL;
	g->nh = g->cap = 0;
}

void kgate_add(struct kgate *g, const float *p, int n)
{
	for (int i = 0; i < n; i++) {
		g->acc += p[i];
		if (++g->in_hop < g->hop)
			continue;
		if (g->nh == g->cap) {
			g->cap = g->cap ? 2 * g->cap : 1024;
			g->hops = xrealloc(g->hops, (size_t)g->cap * sizeof *g->hops);
		}
		g->hops[g->nh++] = g->acc;
		g->acc = 0;
		g->in_hop = 0;
	}
}

/* A block's mean power: the four hops ending at hop k. */
static double block(const struct kgate *g, int k)
{
	return (g->hops[k - 3] + g->hops[k - 2] + g->hops[k - 1] + g->hops[k]) / (4.0 * g->hop);
}

/* Gated as libebur128's histogram mode gates, which is what measures the
 * files: each block counted at the centre of its 0.1 LU bin (-70 to +30
 * LUFS), the relative gate taking whole bins from the one the threshold
 * falls in. A steady tone reads up to 0.05 LU off its exact loudness
 * there, and so here. */
#define BINS 1000

static int bin_of(double power)
{
	double lu = -0.691 + 10.0 * log10(power);
	int i = (int)floor((lu + 70.0) * 10.0);
	return i < 0 ? 0 : i >= BINS ? BINS - 1 : i;
}

static double bin_power(int i)
{
	return pow(10.0, (-70.0 + (i + 0.5) / 10.0 + 0.691) / 10.0);
}

double kgate_integrated(const struct kgate *g)
{
	const double abs_gate = pow(10.0, (-70.0 + 0.691) / 10.0);
	int count[BINS] = {0}, n = 0, from;
	double sum = 0;

	for (int k = 3; k < g->nh; k++) {
		double p = block(g, k);
		if (p >= abs_gate) {
			count[bin_of(p)]++;
			n++;
		}
	}
	if (!n)
		return -INFINITY;
	for (int i = 0; i < BINS; i++)
		sum += count[i] * bin_power(i);
	from = sum / n * 0.1 < abs_gate ? 0 : bin_of(sum / n * 0.1); /* -10 LU */
	sum = 0;
	n = 0;
	for (int i = from; i < BINS; i++) {
		sum += count[i] * bin_power(i);
		n += count[i];
	}
	return n ? -0.691 + 10.0 * log10(sum / n) : -INFINITY;
}

void kgate_free(struct kgate *g)
{
	free(g->hops);
	g->hops = NULL;
	g->nh = g->cap = 0;
}
