/* oversample.c — Kaiser-windowed sinc 4x interpolator, polyphase form. */
#include "dsp/oversample.h"
#include "dsp/dsp.h"

#include <math.h>
#include <string.h>

/* The most a parabola's vertex may rise above its middle grid point
 * (vertex()), and the slack that covers the float sums' rounding in the
 * bounds built on it. */
#define VERTEX_RISE 1.07f
#define ROUNDING 1.001f

/* Zeroth-order modified Bessel function, by its power series; only used
 * at design time, where 30 terms are plenty for beta <= 12. */
static double bessel_i0(double x)
{
	double sum = 1.0, term = 1.0, q = x * x / 4.0;
	for (int k = 1; k < 30; k++) {
		term *= q / ((double)k * k);
		sum += term;
	}
	return sum;
}

void oversample_init(struct oversample *os)
{
	const int len = 4 * OVERSAMPLE_TAPS;
	const int center = 2 * OVERSAMPLE_TAPS; /* on the 4x grid */
	const double beta = 8.0;

	/* Phase 0 sits on the input samples; it stays a pure delay (see
	 * oversample_push) so sample values are reported exactly. */
	for (int ph = 1; ph < 4; ph++) {
		double sum = 0.0;
		for (int j = 0; j < OVERSAMPLE_TAPS; j++) {
			int i = 4 * j + ph;
			double t = (i - center) / 4.0; /* input-sample units */
			double r = (double)(i - center) / (len / 2.0);
			double w = fabs(r) >= 1.0 ? 0.0 : bessel_i0(beta * sqrt(1.0 - r * r)) / bessel_i0(beta);
			double s = t == 0.0 ? 1.0 : sin(M_PI * t) / (M_PI * t);
			os->coef[ph][j] = (float)(s * w);
			sum += s * w;
		}
		/* Unity DC gain on every phase, so a constant never reads as
		 * rippling above itself between samples. */
		for (int j = 0; j < OVERSAMPLE_TAPS; j++)
			os->coef[ph][j] = (float)(os->coef[ph][j] / sum);
	}
	/* |sum c x| <= sum |c| max|x| per phase (phase 0: 1), the parabola
	 * adds at most 7 %, and 0.1 % covers the float sums' rounding */
	double worst = 1.0;
	for (int ph = 1; ph < 4; ph++) {
		double a = 0.0;
		for (int j = 0; j < OVERSAMPLE_TAPS; j++)
			a += fabs(os->coef[ph][j]);
		worst = a > worst ? a : worst;
	}
	os->bound = (float)(worst * VERTEX_RISE * ROUNDING);
	oversample_reset(os);
}

void oversample_reset(struct oversample *os)
{
	memset(os->hist, 0, sizeof os->hist);
	os->pos = 0;
	os->last[0] = os->last[1] = 0.0f;
}

void oversample_feed(struct oversample *os, float x)
{
	os->pos = (os->pos == 0 ? OVERSAMPLE_TAPS : os->pos) - 1;
	os->hist[os->pos] = x;
	os->hist[os->pos + OVERSAMPLE_TAPS] = x;
}

void oversample_feed_n(struct oversample *os, const float *x, int n)
{
	/* the window as n feeds leave it, newest first: the last TAPS of x
	 * reversed, then what was there; where it starts is free, as long
	 * as both copies hold it */
	float w[2 * OVERSAMPLE_TAPS];
	int k = n < OVERSAMPLE_TAPS ? n : OVERSAMPLE_TAPS;
	for (int i = 0; i < k; i++)
		w[i] = x[n - 1 - i];
	memcpy(w + k, os->hist + os->pos, sizeof(float) * (size_t)(OVERSAMPLE_TAPS - k));
	os->pos = 0;
	memcpy(os->hist, w, sizeof(float) * OVERSAMPLE_TAPS);
	memcpy(os->hist + OVERSAMPLE_TAPS, w, sizeof(float) * OVERSAMPLE_TAPS);
}

void oversample_push(struct oversample *os, float x, float out[4])
{
	/* hist[pos .. pos+TAPS-1] holds the newest sample first. */
	os->pos = (os->pos == 0 ? OVERSAMPLE_TAPS : os->pos) - 1;
	os->hist[os->pos] = x;
	os->hist[os->pos + OVERSAMPLE_TAPS] = x;
	const float *h = os->hist + os->pos;

	out[0] = h[OVERSAMPLE_DELAY];
	/* Four partial sums per phase, all three phases in one pass: twelve
	 * independent chains keep the multipliers busy, where one running sum
	 * per phase waited out an add's latency on every tap. Lane l of a
	 * phase sums taps l, l+4, l+8...: one vector accumulator per phase. */
	const float *c1 = os->coef[1], *c2 = os->coef[2], *c3 = os->coef[3];
#if defined(__GNUC__)
	/* GCC's own vectorisation of the loop below shuffles on every tap */
	typedef float v4f __attribute__((vector_size(16)));
	v4f va = {0}, vb = {0}, vd = {0};
	for (int j = 0; j < OVERSAMPLE_TAPS; j += 4) {
		v4f hv, k1, k2, k3;
		memcpy(&hv, h + j, sizeof hv);
		memcpy(&k1, c1 + j, sizeof k1);
		memcpy(&k2, c2 + j, sizeof k2);
		memcpy(&k3, c3 + j, sizeof k3);
		va += k1 * hv;
		vb += k2 * hv;
		vd += k3 * hv;
	}
	float a[4], b[4], d[4];
	memcpy(a, &va, sizeof a);
	memcpy(b, &vb, sizeof b);
	memcpy(d, &vd, sizeof d);
#else
	float a[4] = {0}, b[4] = {0}, d[4] = {0};
	for (int j = 0; j < OVERSAMPLE_TAPS; j += 4)
		for (int l = 0; l < 4; l++) {
			a[l] += c1[j + l] * h[j + l];
			b[l] += c2[j + l] * h[j + l];
			d[l] += c3[j + l] * h[j + l];
		}
#endif
	out[1] = (a[0] + a[1]) + (a[2] + a[3]);
	out[2] = (b[0] + b[1]) + (b[2] + b[3]);
	out[3] = (d[0] + d[1]) + (d[2] + d[3]);
}

/* Vertex of the parabola through three neighbouring 4x values, if the
 * middle one is a local extremum. On its own the 4x grid can miss the top
 * of a peak by up to 0.7 dB for content near Nyquist; the parabola brings
 * that under 0.05 dB for material band-limited to 0.45 fs. The rise is
 * capped at what a 0.45 fs sinusoid can hide between grid points, so
 * jagged near-Nyquist input cannot make it overshoot wildly. */
__attribute__((always_inline)) static inline float vertex(float a, float b, float c)
{
	if (b < 0.0f) {
		a = -a;
		b = -b;
		c = -c;
	}
	if (b < a || b < c)
		return b;
	float curv = 0.5f * (a + c) - b; /* <= 0 here */
	if (curv >= 0.0f)
		return b;
	float slope = 0.5f * (c - a);
	float pk = b - 0.25f * slope * slope / curv;
	return pk < VERTEX_RISE * b ? pk : VERTEX_RISE * b;
}

/* The peak of one sample from its four grid values: the parabolas
 * through them and the previous call's last two (see oversample_peak). */
__attribute__((always_inline)) static inline float peak_of(struct oversample *os, const float v[4])
{
	/* The previous call's v[3] could only be refined once v[0] arrived;
	 * reporting it a frame late is covered by the limiter's slack. */
	float m = vertex(os->last[0], os->last[1], v[0]);
	float p0 = vertex(os->last[1], v[0], v[1]);
	if (p0 > m)
		m = p0;
	for (int k = 1; k < 3; k++) {
		float p = vertex(v[k - 1], v[k], v[k + 1]);
		if (p > m)
			m = p;
	}
	/* v[3]'s neighbour arrives next call, so it is judged then; report
	 * its plain magnitude now so nothing is missed. */
	if (fabsf(v[3]) > m)
		m = fabsf(v[3]);
	if (m != m || fabsf(v[0]) != fabsf(v[0]))
		m = NAN;
	os->last[0] = v[2];
	os->last[1] = v[3];
	return m;
}

float oversample_peak(struct oversample *os, float x)
{
	float v[4];
	oversample_push(os, x, v);
	return peak_of(os, v);
}

/* The grid values of four consecutive samples, whose windows (newest
 * first) start at h0, h0 - 1, h0 - 2 and h0 - 3. Each sum is the very one
 * oversample_push makes (lane l of a phase takes taps l, l+4, ... in
 * order, then (l0 + l1) + (l2 + l3)): the four samples only share the
 * loop, so their twelve chains of adds overlap instead of each sample
 * waiting out its own. */
#if defined(__GNUC__)
typedef float v4f __attribute__((vector_size(16)));

/* macros: functions passing vectors would warn of ABI changes */
#define ROW(p) __extension__({ v4f r_; memcpy(&r_, (p), sizeof r_); r_; })
#define FOLD(v, o) (((v)[o] + (v)[(o) + 1]) + ((v)[(o) + 2] + (v)[(o) + 3]))

typedef int v4i __attribute__((vector_size(16)));
#define SEL(m, x, y) ((v4f)(((m) & (v4i)(x)) | (~(m) & (v4i)(y))))

/* vertex() of four parabolas at once, lane by lane the same operations
 * (every branch taken as a select), so the same values: the branches,
 * which the samples of music send either way, cost more than the sums. */
__attribute__((always_inline)) static inline v4f vertex4(v4f a, v4f b, v4f c)
{
	const v4f zero = {0.0f, 0.0f, 0.0f, 0.0f};
	v4i neg = b < zero, keep;
	v4f curv, slope, pk, top;
	a = SEL(neg, -a, a);
	b = SEL(neg, -b, b);
	c = SEL(neg, -c, c);
	keep = (b < a) | (b < c);
	curv = 0.5f * (a + c) - b;
	keep |= curv >= zero;
	slope = 0.5f * (c - a);
	pk = b - 0.25f * slope * slope / curv;
	top = VERTEX_RISE * b;
	return SEL(keep, b, SEL(pk < top, pk, top));
}

__attribute__((always_inline)) static inline void fir4(const struct oversample *os, const float *h0, float out[4][4])
{
	const float *c1 = os->coef[1], *c2 = os->coef[2], *c3 = os->coef[3];
	/* pN_s: phase N of sample s */
	v4f p1_0 = {0}, p1_1 = {0}, p1_2 = {0}, p1_3 = {0};
	v4f p2_0 = {0}, p2_1 = {0}, p2_2 = {0}, p2_3 = {0};
	v4f p3_0 = {0}, p3_1 = {0}, p3_2 = {0}, p3_3 = {0};
	for (int j = 0; j < OVERSAMPLE_TAPS; j += 4) {
		v4f k1 = ROW(c1 + j), k2 = ROW(c2 + j), k3 = ROW(c3 + j);
		v4f h = ROW(h0 + j);
		p1_0 += k1 * h;
		p2_0 += k2 * h;
		p3_0 += k3 * h;
		h = ROW(h0 - 1 + j);
		p1_1 += k1 * h;
		p2_1 += k2 * h;
		p3_1 += k3 * h;
		h = ROW(h0 - 2 + j);
		p1_2 += k1 * h;
		p2_2 += k2 * h;
		p3_2 += k3 * h;
		h = ROW(h0 - 3 + j);
		p1_3 += k1 * h;
		p2_3 += k2 * h;
		p3_3 += k3 * h;
	}
	for (int s = 0; s < 4; s++)
		out[s][0] = h0[OVERSAMPLE_DELAY - s];
	out[0][1] = FOLD(p1_0, 0);
	out[0][2] = FOLD(p2_0, 0);
	out[0][3] = FOLD(p3_0, 0);
	out[1][1] = FOLD(p1_1, 0);
	out[1][2] = FOLD(p2_1, 0);
	out[1][3] = FOLD(p3_1, 0);
	out[2][1] = FOLD(p1_2, 0);
	out[2][2] = FOLD(p2_2, 0);
	out[2][3] = FOLD(p3_2, 0);
	out[3][1] = FOLD(p1_3, 0);
	out[3][2] = FOLD(p2_3, 0);
	out[3][3] = FOLD(p3_3, 0);
}

DSP_HOT void oversample_peaks(struct oversample *os, const float *x, int n, float *peak)
{
	/* newest first: the block's samples reversed, then the history */
	float w[OVERSAMPLE_BLOCK + OVERSAMPLE_TAPS];
	while (n > 0) {
		int m = n < OVERSAMPLE_BLOCK ? n : OVERSAMPLE_BLOCK, i = 0;
		for (int k = 0; k < m; k++)
			w[m - 1 - k] = x[k];
		memcpy(w + m, os->hist + os->pos, sizeof(float) * OVERSAMPLE_TAPS);
		for (; i + 4 <= m; i += 4) {
			float v[4][4];
			/* sample i + s's window starts at w + m - 1 - i - s */
			fir4(os, w + m - 1 - i, v);
			/* peak_of's four parabolas of each sample: lane s is sample s */
			v4f v0 = {v[0][0], v[1][0], v[2][0], v[3][0]}, v1 = {v[0][1], v[1][1], v[2][1], v[3][1]};
			v4f v2 = {v[0][2], v[1][2], v[2][2], v[3][2]}, v3 = {v[0][3], v[1][3], v[2][3], v[3][3]};
			v4f l0 = {os->last[0], v[0][2], v[1][2], v[2][2]}, l1 = {os->last[1], v[0][3], v[1][3], v[2][3]};
			v4f p0 = vertex4(l0, l1, v0), p1 = vertex4(l1, v0, v1), p2 = vertex4(v0, v1, v2);
			v4f p3 = vertex4(v1, v2, v3);
			for (int s = 0; s < 4; s++) {
				/* as peak_of takes them, NaN and all */
				float pm = p0[s];
				if (p1[s] > pm)
					pm = p1[s];
				if (p2[s] > pm)
					pm = p2[s];
				if (p3[s] > pm)
					pm = p3[s];
				if (fabsf(v[s][3]) > pm)
					pm = fabsf(v[s][3]);
				if (pm != pm || fabsf(v[s][0]) != fabsf(v[s][0]))
					pm = NAN;
				peak[i + s] = pm;
			}
			os->last[0] = v[3][2];
			os->last[1] = v[3][3];
		}
		/* the history as i pushes leave it (where it starts is free);
		 * the last few of the block go the long way */
		os->pos = 0;
		memcpy(os->hist, w + (m - i), sizeof(float) * OVERSAMPLE_TAPS);
		memcpy(os->hist + OVERSAMPLE_TAPS, w + (m - i), sizeof(float) * OVERSAMPLE_TAPS);
		for (; i < m; i++)
			peak[i] = oversample_peak(os, x[i]);
		x += m;
		peak += m;
		n -= m;
	}
}
#else
void oversample_peaks(struct oversample *os, const float *x, int n, float *peak)
{
	for (int i = 0; i < n; i++)
		peak[i] = oversample_peak(os, x[i]);
}
#endif

int oversample_below(const struct oversample *os, const float *x, int n, double level)
{
	float a = dsp_absmax(x, n, dsp_absmax(os->hist + os->pos, OVERSAMPLE_TAPS, 0.0f));
	return os->bound * a <= level && fabsf(os->last[1]) * VERTEX_RISE * ROUNDING <= level;
}
