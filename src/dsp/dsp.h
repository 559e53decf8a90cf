/* dsp.h — conventions and small inline helpers shared by every DSP unit.
 *
 * Every unit under src/dsp/ is a plain struct with init / reset / set /
 * process and no hidden globals, so it can be tested alone on a buffer.
 * Audio is planar float: `float *const ch[]` with nch = 1 or 2, processed
 * in place. Units never allocate in process(); any memory (delay lines)
 * is allocated in init and released in free.
 *
 * Parameters set by the user glide: set_*() stores a target, and process()
 * moves toward it once per sub-block of DSP_SUBBLOCK frames, so a fader
 * ride never clicks and filter coefficients are recomputed at most once
 * per sub-block. Callers may call process() with any n; units split it. */
#ifndef TMIX_DSP_H
#define TMIX_DSP_H
#include <math.h>
#include <stdint.h>
#include <string.h>

#define DSP_SUBBLOCK 32
#define DSP_MAXCH 2

static inline double db_to_lin(double db) { return db <= -200.0 ? 0.0 : pow(10.0, db / 20.0); }
static inline double lin_to_db(double lin) { return lin <= 1e-10 ? -200.0 : 20.0 * log10(lin); }

/* Flush values too small to hear before they turn into denormals, which
 * cost a hundred times more cycles in a filter's feedback path. */
static inline double dsp_flush(double x) { return fabs(x) < 1e-20 ? 0.0 : x; }

/* True when x is NaN or infinite; units reset their state when their
 * output is not finite, so one bad sample never poisons the mix. */
static inline int dsp_bad(double x) { return !isfinite(x); }

/* e^x for the per-sample gain of dynamics units: Cody-Waite reduction to
 * 2^i * e^r with |r| <= ln2/2 and a degree-7 Taylor polynomial; relative
 * error under 1e-8 (far below float resolution), about a third of the
 * cost of libm's exp. x below -700 gives 0. */
static inline double dsp_exp(double x)
{
	static const double ln2_hi = 0.693145751953125, ln2_lo = 1.42860682030941723212e-6;
	double k, r, p;
	int64_t ki;
	uint64_t bits;
	double out;
	if (x < -700.0)
		return 0.0;
	if (x > 700.0)
		x = 700.0;
	k = x * 1.4426950408889634 + (x >= 0 ? 0.5 : -0.5);
	ki = (int64_t)k;
	k = (double)ki;
	r = (x - k * ln2_hi) - k * ln2_lo;
	p = 1.0 + r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720 + r * (1.0 / 5040)))))));
	memcpy(&bits, &p, sizeof bits);
	bits += (uint64_t)ki << 52;
	memcpy(&out, &bits, sizeof out);
	return out;
}

/* True when any of n samples is NaN or infinite. A separate scan of
 * integer bit patterns (NaN and inf have an all-ones exponent) that the
 * compiler vectorises: cheaper than testing inside a recursive loop,
 * where a running float check adds its latency to every sample. */
static inline int dsp_block_bad(const float *x, int n)
{
	uint32_t worst = 0;
	for (int i = 0; i < n; i++) {
		uint32_t b;
		memcpy(&b, &x[i], sizeof b);
		b &= 0x7fffffffu;
		worst = b > worst ? b : worst;
	}
	return worst >= 0x7f800000u;
}

/* A one-pole glide toward a target, stepped once per sub-block.
 * coef is set from a time constant so glides sound the same at any rate. */
struct smooth {
	double cur, target, coef;
};

static inline void smooth_init(struct smooth *s, double value, double rate, double ms)
{
	double blocks_per_s = rate / DSP_SUBBLOCK;
	s->cur = s->target = value;
	s->coef = 1.0 - exp(-1.0 / (blocks_per_s * ms * 0.001));
}

static inline void smooth_set(struct smooth *s, double target) { s->target = target; }
static inline void smooth_jump(struct smooth *s, double value) { s->cur = s->target = value; }

/* Advance one sub-block; returns nonzero while still moving. */
static inline int smooth_step(struct smooth *s)
{
	double d = s->target - s->cur;
	if (fabs(d) < 1e-9 * (1.0 + fabs(s->target))) {
		s->cur = s->target;
		return 0;
	}
	s->cur += d * s->coef;
	return 1;
}
#endif
