/* biquad.c — RBJ cookbook designs and a TDF-II kernel (see biquad.h). */
#include <math.h>
#include <string.h>
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

/* A cascade's coefficients and state, one entry per stage, padded with
 * an identity stage to an even count for the paired kernel. b1 and b2
 * hold c1 = b1 - a1 b0 and c2 = b2 - a2 b0: the TDF-II update with y
 * substituted,
 *   y = b0 v + z1,  z1' = c1 v + z2 - a1 z1,  z2' = c2 v - a2 z1,
 * the same states as biquad_process's, but each step of the recursion
 * waits on one multiply and one add instead of two of each (y no longer
 * sits on the path from z1 to z1'). */
struct casc {
	double b0[BIQUAD_MAX_CASCADE + 1], b1[BIQUAD_MAX_CASCADE + 1], b2[BIQUAD_MAX_CASCADE + 1];
	double a1[BIQUAD_MAX_CASCADE + 1], a2[BIQUAD_MAX_CASCADE + 1];
	double z1[BIQUAD_MAX_CASCADE + 1], z2[BIQUAD_MAX_CASCADE + 1];
};

static inline double stage(struct casc *q, int k, double v)
{
	double y = q->b0[k] * v + q->z1[k];
	double z1 = q->b1[k] * v + q->z2[k] - q->a1[k] * q->z1[k];
	q->z2[k] = q->b2[k] * v - q->a2[k] * q->z1[k];
	q->z1[k] = z1;
	return y;
}

/* States too small to hear are flushed to 0 after every stage's sample
 * DSP_SUBBLOCK - 1, 2 DSP_SUBBLOCK - 1, ... of a call (and at its end), a
 * grid fixed by the stream, not by how it is cut into calls: a bounce's
 * 1024-frame blocks and a callback's 256 flush at the same samples, so
 * they stay bit-identical through a tail decaying into silence. */
static inline int flush_after(int j) { return (j & (DSP_SUBBLOCK - 1)) == DSP_SUBBLOCK - 1; }

static inline void flush_stage(struct casc *q, int k)
{
	q->z1[k] = dsp_flush(q->z1[k]);
	q->z2[k] = dsp_flush(q->z2[k]);
}

/* One pass with every stage inside: each stage's recursion depends only
 * on its own past, so the CPU overlaps the stages instead of waiting out
 * one recursion per pass. Between stages the signal stays in double: no
 * rounding on the critical path. */
static void cascade_scalar(struct casc *q, int ns, float *x, int n)
{
	for (int i = 0; i < n; i++) {
		double v = x[i];
		for (int k = 0; k < ns; k++)
			v = stage(q, k, v);
		x[i] = (float)v;
		if (flush_after(i))
			for (int k = 0; k < ns; k++)
				flush_stage(q, k);
	}
}

#if defined(__GNUC__)
typedef double v2d __attribute__((vector_size(16)));
typedef long long v2i __attribute__((vector_size(16)));
/* (a[1], b[0]) and (a[0], b[0]) as one shuffle each: built lane by lane,
 * GCC went through the stack (a store and a reload on the recursion's
 * critical path, which set the pace of the whole cascade) */
#if defined(__clang__)
#define HI_LO(a, b) __builtin_shufflevector(a, b, 1, 2)
#define LO_LO(a, b) __builtin_shufflevector(a, b, 0, 2)
#else
#define HI_LO(a, b) __builtin_shuffle(a, b, (v2i){1, 2})
#define LO_LO(a, b) __builtin_shuffle(a, b, (v2i){0, 2})
#endif
#define CASC_PAIRS 4 /* stages the paired kernel takes: up to 8 */

/* dsp_flush on one lane of a pair (lane 0 or 1), the other untouched */
static inline v2d flush_lane(v2d z, int lane)
{
	v2d a = (v2d)((v2i)z & 0x7fffffffffffffffLL);
	v2i pick = lane ? (v2i){0, -1} : (v2i){-1, 0};
	return (v2d)((v2i)z & ~((v2i)(a < 1e-20) & pick));
}

/* The same arithmetic two stages per vector, skewed in time: stage s
 * works on sample i - s while stage 0 takes sample i, so every stage's
 * input is a value its predecessor made in the previous step and all
 * stages of a step are independent. The scalar cascade is bound by the
 * multiplier count; this halves it. A triangle of scalar steps fills the
 * pipeline at the start and drains it at the end, so a call leaves no
 * sample in flight and the output is the scalar cascade's, bit for bit
 * (each lane does the same operations in the same order). P is a
 * constant at every call site. n >= 2P. */
static inline __attribute__((always_inline)) void cascade_pairs(struct casc *q, const int P, float *x, int n)
{
	const int S = 2 * P;
	double t[2 * CASC_PAIRS][2 * CASC_PAIRS];
	v2d b0[CASC_PAIRS], b1[CASC_PAIRS], b2[CASC_PAIRS], a1[CASC_PAIRS], a2[CASC_PAIRS];
	v2d z1[CASC_PAIRS], z2[CASC_PAIRS], o[CASC_PAIRS], in[CASC_PAIRS];

	/* fill: stage s takes samples 0 .. S-2-s */
	for (int st = 0; st < S; st++)
		for (int j = 0; j <= S - 2 - st; j++)
			t[st][j] = stage(q, st, st == 0 ? x[j] : t[st - 1][j]);
	for (int p = 0; p < P; p++) {
		int k = 2 * p;
		b0[p] = (v2d){q->b0[k], q->b0[k + 1]};
		b1[p] = (v2d){q->b1[k], q->b1[k + 1]};
		b2[p] = (v2d){q->b2[k], q->b2[k + 1]};
		a1[p] = (v2d){q->a1[k], q->a1[k + 1]};
		a2[p] = (v2d){q->a2[k], q->a2[k + 1]};
		z1[p] = (v2d){q->z1[k], q->z1[k + 1]};
		z2[p] = (v2d){q->z2[k], q->z2[k + 1]};
		/* each stage's latest output: stage s last made sample S-2-s */
		o[p] = (v2d){t[k][S - 2 - k], k + 1 <= S - 2 ? t[k + 1][S - 3 - k] : 0.0};
	}
	/* unrolled, so the pairs' state stays in registers: through memory
	 * every step would wait on a store and a reload */
	for (int i = S - 1; i < n; i++) {
		in[0] = LO_LO(((v2d){x[i], 0.0}), o[0]);
		_Pragma("GCC unroll 4")
		for (int p = 1; p < P; p++)
			in[p] = HI_LO(o[p - 1], o[p]);
		_Pragma("GCC unroll 4")
		for (int p = 0; p < P; p++) {
			v2d y = b0[p] * in[p] + z1[p];
			v2d z = b1[p] * in[p] + z2[p] - a1[p] * z1[p];
			z2[p] = b2[p] * in[p] - a2[p] * z1[p];
			z1[p] = z;
			o[p] = y;
		}
		x[i - S + 1] = (float)o[P - 1][1];
		/* stage s has just made sample i - s: at most one stage is
		 * on the flush grid (S <= 8 < DSP_SUBBLOCK) */
		int fs = (i + 1) & (DSP_SUBBLOCK - 1);
		if (fs < S) {
			_Pragma("GCC unroll 4")
			for (int p = 0; p < P; p++)
				if (fs >> 1 == p) {
					z1[p] = flush_lane(z1[p], fs & 1);
					z2[p] = flush_lane(z2[p], fs & 1);
				}
		}
	}
	for (int p = 0; p < P; p++) {
		int k = 2 * p;
		q->z1[k] = z1[p][0], q->z1[k + 1] = z1[p][1];
		q->z2[k] = z2[p][0], q->z2[k + 1] = z2[p][1];
	}
	/* drain: stage s still owes samples n-s .. n-1; d[s][j - n + S] */
	for (int st = 1; st < S; st++)
		for (int j = n - st; j < n; j++) {
			double v = j == n - st ? o[(st - 1) / 2][(st - 1) % 2] : t[st - 1][j - n + S];
			t[st][j - n + S] = stage(q, st, v);
			if (flush_after(j))
				flush_stage(q, st);
		}
	for (int j = n - S + 1; j < n; j++)
		x[j] = (float)t[S - 1][j - n + S];
}

static inline __attribute__((always_inline)) int cascade_fast(struct casc *q, int ns, float *x, int n)
{
	int P = (ns + 1) / 2;
	if (P > CASC_PAIRS || n < 2 * P)
		return 0;
	if (ns & 1) { /* the odd stage's partner: y = v exactly */
		q->b0[ns] = 1.0;
		q->b1[ns] = q->b2[ns] = q->a1[ns] = q->a2[ns] = q->z1[ns] = q->z2[ns] = 0.0;
	}
	switch (P) {
	case 1: cascade_pairs(q, 1, x, n); break;
	case 2: cascade_pairs(q, 2, x, n); break;
	case 3: cascade_pairs(q, 3, x, n); break;
	default: cascade_pairs(q, 4, x, n); break;
	}
	return 1;
}
#else
static int cascade_fast(struct casc *q, int ns, float *x, int n) { return 0; }
#endif

DSP_HOT int biquad_cascade(const struct biquad_coefs *const c[], struct biquad_state *const s[], int ns, float *x, int n)
{
	struct casc q;
	int bad = 0;

	if (ns > BIQUAD_MAX_CASCADE)
		ns = BIQUAD_MAX_CASCADE;
	for (int k = 0; k < ns; k++) {
		q.b0[k] = c[k]->b0, q.a1[k] = c[k]->a1, q.a2[k] = c[k]->a2;
		q.b1[k] = c[k]->b1 - c[k]->a1 * c[k]->b0;
		q.b2[k] = c[k]->b2 - c[k]->a2 * c[k]->b0;
		q.z1[k] = s[k]->z1, q.z2[k] = s[k]->z2;
	}
	if (!cascade_fast(&q, ns, x, n))
		cascade_scalar(&q, ns, x, n);
	for (int k = 0; k < ns; k++)
		if (dsp_bad(q.z1[k]) || dsp_bad(q.z2[k]))
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
		s[k]->z1 = dsp_flush(q.z1[k]);
		s[k]->z2 = dsp_flush(q.z2[k]);
	}
	return 0;
}

void biquad_side_init(struct biquad_side *f, double rate)
{
	memset(f, 0, sizeof *f);
	f->rate = rate;
}

void biquad_side_reset(struct biquad_side *f)
{
	for (int c = 0; c < 2; c++) {
		biquad_reset(&f->hs[c]);
		biquad_reset(&f->ls[c]);
	}
}

void biquad_side_set(struct biquad_side *f, double hp_hz, double lp_hz)
{
	hp_hz = hp_hz > 0 ? hp_hz : 0;
	lp_hz = lp_hz > 0 ? lp_hz : 0;
	if (hp_hz != f->hp_hz) {
		if (f->hp_hz == 0)
			for (int c = 0; c < 2; c++)
				biquad_reset(&f->hs[c]);
		if (hp_hz > 0)
			biquad_design(&f->hp, BQ_HIGHPASS, f->rate, hp_hz, 0, M_SQRT1_2);
		f->hp_hz = hp_hz;
	}
	if (lp_hz != f->lp_hz) {
		if (f->lp_hz == 0)
			for (int c = 0; c < 2; c++)
				biquad_reset(&f->ls[c]);
		if (lp_hz > 0)
			biquad_design(&f->lp, BQ_LOWPASS, f->rate, lp_hz, 0, M_SQRT1_2);
		f->lp_hz = lp_hz;
	}
}

unsigned biquad_side_run(struct biquad_side *f, const float *const in[], int nch, float *const out[], int n)
{
	unsigned resets = 0;
	for (int c = 0; c < nch && c < 2; c++) {
		memcpy(out[c], in[c], sizeof(float) * (size_t)n);
		if (f->hp_hz > 0)
			resets += (unsigned)biquad_process(&f->hp, &f->hs[c], out[c], n);
		if (f->lp_hz > 0)
			resets += (unsigned)biquad_process(&f->lp, &f->ls[c], out[c], n);
	}
	return resets;
}
