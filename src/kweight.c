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

/* Both channels through both stages (transposed direct form II), the
 * coefficients and the state in locals for the block: the very sums
 * and products of a frame at a time through the struct, in the same
 * order, without a load and a store of the state on every sample's
 * chain. */
void kweight_power(struct kweight *k, const float *l, const float *r, float *e, int n)
{
	const double b00 = k->b[0][0], b01 = k->b[0][1], b02 = k->b[0][2], a00 = k->a[0][0], a01 = k->a[0][1];
	const double b10 = k->b[1][0], b11 = k->b[1][1], b12 = k->b[1][2], a10 = k->a[1][0], a11 = k->a[1][1];
	double l00 = k->z[0][0][0], l01 = k->z[0][0][1], l10 = k->z[0][1][0], l11 = k->z[0][1][1];
	double r00 = k->z[1][0][0], r01 = k->z[1][0][1], r10 = k->z[1][1][0], r11 = k->z[1][1][1];

	for (int i = 0; i < n; i++) {
		double x = l[i], y = b00 * x + l00, a, b;
		l00 = b01 * x - a00 * y + l01;
		l01 = b02 * x - a01 * y;
		x = y;
		y = b10 * x + l10;
		l10 = b11 * x - a10 * y + l11;
		l11 = b12 * x - a11 * y;
		a = y;
		x = r[i];
		y = b00 * x + r00;
		r00 = b01 * x - a00 * y + r01;
		r01 = b02 * x - a01 * y;
		x = y;
		y = b10 * x + r10;
		r10 = b11 * x - a10 * y + r11;
		r11 = b12 * x - a11 * y;
		b = y;
		e[i] = (float)(a * a + b * b);
	}
	k->z[0][0][0] = l00;
	k->z[0][0][1] = l01;
	k->z[0][1][0] = l10;
	k->z[0][1][1] = l11;
	k->z[1][0][0] = r00;
	k->z[1][0][1] = r01;
	k->z[1][1][0] = r10;
	k->z[1][1][1] = r11;
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
	/* a hop at a time: the same sum, in the same order, as a frame at a
	 * time asking after each whether the hop is full */
	double acc = g->acc;
	int in = g->in_hop;
	for (int i = 0; i < n;) {
		int m = g->hop - in < n - i ? g->hop - in : n - i;
		for (int j = 0; j < m; j++)
			acc += p[i + j];
		i += m;
		in += m;
		if (in < g->hop)
			break;
		if (g->nh == g->cap) {
			g->cap = g->cap ? 2 * g->cap : 1024;
			g->hops = xrealloc(g->hops, (size_t)g->cap * sizeof *g->hops);
		}
		g->hops[g->nh++] = acc;
		acc = 0;
		in = 0;
	}
	g->acc = acc;
	g->in_hop = in;
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
