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

/* Coefficients and one channel's state as locals of kweight_power. */
struct kco {
	double b00, b01, b02, a00, a01, b10, b11, b12, a10, a11;
};

/* One sample of one channel through both stages (transposed direct
 * form II): the sums and products of a frame at a time through the
 * struct, in the same order. */
static inline double kstages(const struct kco *c, double z[4], double x)
{
	double y = c->b00 * x + z[0];
	z[0] = c->b01 * x - c->a00 * y + z[1];
	z[1] = c->b02 * x - c->a01 * y;
	x = y;
	y = c->b10 * x + z[2];
	z[2] = c->b11 * x - c->a10 * y + z[3];
	z[3] = c->b12 * x - c->a11 * y;
	return y;
}

/* Both channels through both stages, the coefficients and the state in
 * locals for the block (kstages inlined keeps them in registers): no
 * load and store of the state on every sample's chain. */
void kweight_power(struct kweight *k, const float *l, const float *r, float *e, int n)
{
	const struct kco co = {k->b[0][0], k->b[0][1], k->b[0][2], k->a[0][0], k->a[0][1],
			      k->b[1][0], k->b[1][1], k->b[1][2], k->a[1][0], k->a[1][1]};
	double zl[4] = {k->z[0][0][0], k->z[0][0][1], k->z[0][1][0], k->z[0][1][1]};
	double zr[4] = {k->z[1][0][0], k->z[1][0][1], k->z[1][1][0], k->z[1][1][1]};

	for (int i = 0; i < n; i++) {
		double a = kstages(&co, zl, l[i]), b = kstages(&co, zr, r[i]);
		e[i] = (float)(a * a + b * b);
	}
	for (int ch = 0; ch < 2; ch++) {
		const double *z = ch ? zr : zl;
		k->z[ch][0][0] = z[0];
		k->z[ch][0][1] = z[1];
		k->z[ch][1][0] = z[2];
		k->z[ch][1][1] = z[3];
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
