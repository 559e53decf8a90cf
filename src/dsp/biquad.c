/* biquad.c — RBJ cookbook designs and a TDF-II kernel (see biquad.h). */
#include <math.h>
#include "dsp/biquad.h"
#include "dsp/dsp.h"

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

void biquad_identity(struct biquad_coefs *c)
{
	c->b0 = 1.0;
	c->b1 = c->b2 = c->a1 = c->a2 = 0.0;
}

void biquad_design(struct biquad_coefs *c, enum biquad_type t, double rate,
		   double freq, double gain_db, double q)
{
	double f = clampd(freq, 1.0, 0.49 * rate);
	double w0 = 2.0 * M_PI * f / rate;
	double cw = cos(w0), sw = sin(w0);
	double A = pow(10.0, gain_db / 40.0);
	double alpha = sw / (2.0 * clampd(q, 0.05, 50.0));
	double b0, b1, b2, a0, a1, a2;

	switch (t) {
	case BQ_BELL:
		b0 = 1.0 + alpha * A;
		b1 = -2.0 * cw;
		b2 = 1.0 - alpha * A;
		a0 = 1.0 + alpha / A;
		a1 = -2.0 * cw;
		a2 = 1.0 - alpha / A;
		break;
	case BQ_LOWSHELF:
	case BQ_HIGHSHELF: {
		/* Slope S = 1: alpha = sin(w0)/2 * sqrt(2), the steepest shelf
		 * without a bump in the response. */
		double sa = 2.0 * sqrt(A) * (sw / 2.0 * M_SQRT2);
		double s = t == BQ_LOWSHELF ? 1.0 : -1.0; /* the cookbook's sign flips */
		b0 = A * ((A + 1.0) - s * (A - 1.0) * cw + sa);
		b1 = s * 2.0 * A * ((A - 1.0) - s * (A + 1.0) * cw);
		b2 = A * ((A + 1.0) - s * (A - 1.0) * cw - sa);
		a0 = (A + 1.0) + s * (A - 1.0) * cw + sa;
		a1 = -s * 2.0 * ((A - 1.0) + s * (A + 1.0) * cw);
		a2 = (A + 1.0) + s * (A - 1.0) * cw - sa;
		break;
	}
	case BQ_NOTCH:
		b0 = 1.0;
		b1 = -2.0 * cw;
		b2 = 1.0;
		a0 = 1.0 + alpha;
		a1 = -2.0 * cw;
		a2 = 1.0 - alpha;
		break;
	case BQ_HIGHPASS:
		b0 = (1.0 + cw) / 2.0;
		b1 = -(1.0 + cw);
		b2 = (1.0 + cw) / 2.0;
		a0 = 1.0 + alpha;
		a1 = -2.0 * cw;
		a2 = 1.0 - alpha;
		break;
	case BQ_LOWPASS:
	default:
		b0 = (1.0 - cw) / 2.0;
		b1 = 1.0 - cw;
		b2 = (1.0 - cw) / 2.0;
		a0 = 1.0 + alpha;
		a1 = -2.0 * cw;
		a2 = 1.0 - alpha;
		break;
	}
	c->b0 = b0 / a0;
	c->b1 = b1 / a0;
	c->b2 = b2 / a0;
	c->a1 = a1 / a0;
	c->a2 = a2 / a0;
}

double biquad_response_db(const struct biquad_coefs *c, double rate, double freq)
{
	double w = 2.0 * M_PI * freq / rate;
	double c1 = cos(w), s1 = sin(w), c2 = cos(2.0 * w), s2 = sin(2.0 * w);
	double nr = c->b0 + c->b1 * c1 + c->b2 * c2, ni = -(c->b1 * s1 + c->b2 * s2);
	double dr = 1.0 + c->a1 * c1 + c->a2 * c2, di = -(c->a1 * s1 + c->a2 * s2);
	double num = nr * nr + ni * ni, den = dr * dr + di * di;
	if (num <= 1e-40)
		return -200.0;
	return 10.0 * log10(num / den);
}

void biquad_reset(struct biquad_state *s)
{
	s->z1 = s->z2 = 0.0;
}

int biquad_process(const struct biquad_coefs *c, struct biquad_state *s, float *x, int n)
{
	double b0 = c->b0, b1 = c->b1, b2 = c->b2, a1 = c->a1, a2 = c->a2;
	double z1 = s->z1, z2 = s->z2;

	for (int i = 0; i < n; i++) {
		double in = x[i];
		double y = b0 * in + z1;
		z1 = b1 * in - a1 * y + z2;
		z2 = b2 * in - a2 * y;
		x[i] = (float)y;
	}
	if (dsp_bad(z1) || dsp_bad(z2) || dsp_block_bad(x, n)) {
		biquad_reset(s);
		for (int i = 0; i < n; i++)
			x[i] = 0.0f;
		s->nan_resets++;
		return 1;
	}
	s->z1 = dsp_flush(z1);
	s->z2 = dsp_flush(z2);
	return 0;
}

int biquad_cascade(const struct biquad_coefs *const c[], struct biquad_state *const s[], int ns, float *x, int n)
{
	double b0[BIQUAD_MAX_CASCADE], b1[BIQUAD_MAX_CASCADE], b2[BIQUAD_MAX_CASCADE];
	double a1[BIQUAD_MAX_CASCADE], a2[BIQUAD_MAX_CASCADE], z1[BIQUAD_MAX_CASCADE], z2[BIQUAD_MAX_CASCADE];
	int bad = 0;

	if (ns > BIQUAD_MAX_CASCADE)
		ns = BIQUAD_MAX_CASCADE;
	for (int k = 0; k < ns; k++) {
		b0[k] = c[k]->b0, b1[k] = c[k]->b1, b2[k] = c[k]->b2, a1[k] = c[k]->a1, a2[k] = c[k]->a2;
		z1[k] = s[k]->z1, z2[k] = s[k]->z2;
	}
	/* One pass with every stage inside: each stage's recursion depends
	 * only on its own past, so the CPU overlaps the stages instead of
	 * waiting out one recursion per pass. Between stages the signal
	 * stays in double: no rounding on the critical path. */
	for (int i = 0; i < n; i++) {
		double v = x[i];
		for (int k = 0; k < ns; k++) {
			double y = b0[k] * v + z1[k];
			z1[k] = b1[k] * v - a1[k] * y + z2[k];
			z2[k] = b2[k] * v - a2[k] * y;
			v = y;
		}
		x[i] = (float)v;
	}
	for (int k = 0; k < ns; k++)
		if (dsp_bad(z1[k]) || dsp_bad(z2[k]))
			bad = 1;
	if (bad || dsp_block_bad(x, n)) {
		for (int k = 0; k < ns; k++) {
			biquad_reset(s[k]);
			s[k]->nan_resets++;
		}
		for (int i = 0; i < n; i++)
			x[i] = 0.0f;
		return 1;
	}
	for (int k = 0; k < ns; k++) {
		s[k]->z1 = dsp_flush(z1[k]);
		s[k]->z2 = dsp_flush(z2[k]);
	}
	return 0;
}
