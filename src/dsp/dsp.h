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

/* DSP_SIMD before a loop asks the compiler to vectorise it even when its
 * length is only known at run time; DSP_SIMD_REDUCE(op, var) also lets a
 * max or sum over the loop be split across lanes (so a float sum may
 * round differently, the same way on every run). Loops so marked must
 * have independent iterations. Without -fopenmp-simd (configure) both
 * are empty and the loops stay plain C. */
#ifdef TMIX_OMP_SIMD
#define DSP_PRAGMA_(x) _Pragma(#x)
#define DSP_SIMD DSP_PRAGMA_(omp simd)
#define DSP_SIMD_REDUCE(op, var) DSP_PRAGMA_(omp simd reduction(op : var))
#else
#define DSP_SIMD
#define DSP_SIMD_REDUCE(op, var)
#endif

/* DSP_HOT before a function whose loops carry the render (the filters,
 * dynamics, pan and mixing) builds it for AVX2 as well as for the
 * baseline, picked once at load by the CPU: wider vectors and
 * three-operand instructions, and the same arithmetic per lane (AVX2 has
 * no fused multiply-add, and -ffp-contract=off), so on a given machine
 * the output does not depend on which copy runs. (Across machines libm's
 * exp, pow and sin, which design the coefficients, may differ in the
 * last bit.) Only on functions with no sum split across lanes, whose
 * rounding would follow the vector width. configure decides
 * (TMIX_CLONES: GCC, and not under ThreadSanitizer). */
#if defined(TMIX_CLONES) && !defined(__SANITIZE_THREAD__)
#define DSP_HOT __attribute__((target_clones("avx2", "default")))
#else
#define DSP_HOT
#endif

static inline double db_to_lin(double db) { return db <= -200.0 ? 0.0 : pow(10.0, db / 20.0); }
static inline double lin_to_db(double lin) { return lin <= 1e-10 ? -200.0 : 20.0 * log10(lin); }

/* Flush values too small to hear before they turn into denormals, which
 * cost a hundred times more cycles in a filter's feedback path. */
static inline double dsp_flush(double x) { return fabs(x) < 1e-20 ? 0.0 : x; }

/* True when x is NaN or infinite; units reset their state when their
 * output is not finite, so one bad sample never poisons the mix. */
static inline int dsp_bad(double x) { return !isfinite(x); }

/* log2 and exp2 in float for the dynamics units' per-sample level and
 * gain. Both are branch-free so a loop of them vectorises; errors are far
 * below what the meters or ears resolve (log2: 1e-6 absolute, i.e. 6e-6
 * dB, mostly float rounding of the sum; exp2: 2.4e-7 relative), and
 * exp2(0) is exactly 1, so unity gain stays bit-transparent.
 *
 * dsp_log2f: x must be a positive normal float (callers gate it with a
 * threshold). x = m 2^e with m in [sqrt(1/2), sqrt(2)); log2 m is the
 * atanh series in t = (m - 1)/(m + 1), |t| <= 0.172, to t^7. */
static inline float dsp_log2f(float x)
{
	const float c1 = 2.88539008177792681f, c3 = 0.961796693925975604f;
	const float c5 = 0.577078016355585362f, c7 = 0.412198583111132402f;
	uint32_t b;
	float m;
	memcpy(&b, &x, sizeof b);
	int e = (int)(b >> 23) - 127;
	b = (b & 0x007fffffu) | 0x3f800000u;
	memcpy(&m, &b, sizeof m);
	int hi = m > 1.41421356f;
	m *= hi ? 0.5f : 1.0f;
	e += hi;
	float t = (m - 1.0f) / (m + 1.0f), t2 = t * t;
	return (float)e + t * (c1 + t2 * (c3 + t2 * (c5 + t2 * c7)));
}

/* 2^x for x in [-126, 126] (clamped; NaN in, NaN out): x = k + f with k
 * the nearest integer, |f| <= 1/2, and 2^f = e^(f ln2) as a degree-6
 * Taylor polynomial (|f ln2| <= 0.347: remainder 1.2e-7). k is found by
 * adding 1.5 * 2^23, which leaves k in the low mantissa bits: unlike a
 * float-to-int conversion it is defined for any input and vectorises. */
static inline float dsp_exp2f(float x)
{
	const float l1 = 0.693147181f, l2 = 0.240226507f, l3 = 0.0555041087f;
	const float l4 = 0.00961812911f, l5 = 0.00133335581f, l6 = 0.000154035304f;
	const float magic = 12582912.0f;
	uint32_t b, kb;
	float out;
	x = x < -126.0f ? -126.0f : x;
	x = x > 126.0f ? 126.0f : x;
	float t = x + magic;
	float f = x - (t - magic);
	float p = 1.0f + f * (l1 + f * (l2 + f * (l3 + f * (l4 + f * (l5 + f * l6)))));
	memcpy(&kb, &t, sizeof kb);
	memcpy(&b, &p, sizeof b);
	b += (kb - 0x4b400000u) << 23;
	memcpy(&out, &b, sizeof out);
	return out;
}

/* Largest |x| of n samples and start, by integer compare of the bit
 * patterns (monotonic for |x|), which vectorises without -ffast-math.
 * NaN is skipped, so one bad sample never sticks in a peak hold. */
static inline float dsp_absmax(const float *x, int n, float start)
{
	uint32_t worst;
	memcpy(&worst, &start, sizeof worst);
	worst &= 0x7fffffffu;
	DSP_SIMD_REDUCE(max, worst)
	for (int i = 0; i < n; i++) {
		uint32_t b;
		memcpy(&b, &x[i], sizeof b);
		b &= 0x7fffffffu;
		b = b > 0x7f800000u ? 0 : b;
		worst = b > worst ? b : worst;
	}
	float out;
	memcpy(&out, &worst, sizeof out);
	return out;
}

/* True when any of n samples is NaN or infinite. A separate scan of
 * integer bit patterns (NaN and inf have an all-ones exponent) that the
 * compiler vectorises: cheaper than testing inside a recursive loop,
 * where a running float check adds its latency to every sample. */
static inline int dsp_block_bad(const float *x, int n)
{
	uint32_t worst = 0;
	DSP_SIMD_REDUCE(max, worst)
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
