/* reverb.c — FDN reverb (Jot-style absorbent filters).
 *
 * Each loop i has length d_i and a one-pole H_i(z) = k (1 - b) / (1 - b z^-1)
 * with k = 10^(-3 d_i / (fs T)) (the RT60 gain at DC/mids) and b chosen so
 * the Nyquist gain is 10^(-3 d_i / (fs T_hi)), T_hi = T / (1 + 2 damping).
 * Because every loop's gain is derived from its own length, all loops
 * decay at the same rate and the Hadamard matrix (orthogonal, so it
 * neither adds nor loses energy) can mix them freely.
 *
 * No delay modulation: interpolated reads in the loop low-pass the tail
 * on every pass (a 0.35 ms chorus on two lines cost 10 % of the RT60);
 * the diffusers and eight mutually prime loops are dense enough alone. */
#include "dsp/reverb.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PREDELAY_MS 250.0
#define SIZE_GLIDE_MS 150.0
#define PARAM_GLIDE_MS 50.0

/* Line lengths at 100 % size; spread over ~1:2.5 so the modes interleave. */
static const double base_ms[REVERB_LINES] = { 29.7, 37.1, 41.1, 43.7, 53.3, 59.9, 67.7, 73.1 };
/* Schroeder/Dattorro-style diffuser lengths and the gain they share. */
static const double ap_ms[REVERB_DIFFUSERS] = { 4.77, 3.60, 12.73, 9.31 };
#define AP_GAIN 0.65
/* Orthogonal sign patterns (Hadamard rows 1 and 2) make L and R
 * decorrelated; the input goes in with a third pattern. */
static const float sign_l[REVERB_LINES] = { 1, -1, 1, -1, 1, -1, 1, -1 };
static const float sign_r[REVERB_LINES] = { 1, 1, -1, -1, 1, 1, -1, -1 };
static const float sign_in[REVERB_LINES] = { 1, 1, 1, 1, -1, -1, -1, -1 };

static double size_scale(double size_pct)
{
	return 0.2 + 0.8 * size_pct / 100.0;
}

static int is_prime(int n)
{
	if (n < 2)
		return 0;
	for (int f = 2; f * f <= n; f++)
		if (n % f == 0)
			return 0;
	return 1;
}

/* Distinct primes near the scaled lengths: mutually prime loops never
 * share a mode, which is what makes a small FDN ring. */
static void target_lengths(double rate, double size_pct, int out[REVERB_LINES])
{
	for (int i = 0; i < REVERB_LINES; i++) {
		int n = (int)lround(base_ms[i] * 1e-3 * rate * size_scale(size_pct));
		for (;;) {
			int clash = 0;
			for (int j = 0; j < i; j++)
				clash |= out[j] == n;
			if (is_prime(n) && !clash)
				break;
			n++;
		}
		out[i] = n;
	}
}

int reverb_init(struct reverb *r, double rate)
{
	memset(r, 0, sizeof *r);
	if (rate < 8000.0 || rate > 768000.0)
		return -1;
	r->rate = rate;
	int mod = 4; /* interpolation and glide overshoot headroom */
	int maxlen[REVERB_LINES];
	target_lengths(rate, 100.0, maxlen);
	for (int i = 0; i < REVERB_LINES; i++) {
		r->line[i].cap = maxlen[i] + mod;
		r->line[i].buf = calloc((size_t)r->line[i].cap, sizeof(float));
		if (!r->line[i].buf)
			goto fail;
	}
	for (int i = 0; i < REVERB_DIFFUSERS; i++) {
		r->ap[i].len = (int)lround(ap_ms[i] * 1e-3 * rate);
		r->ap[i].buf = calloc((size_t)r->ap[i].len, sizeof(float));
		if (!r->ap[i].buf)
			goto fail;
	}
	r->pre_cap = (int)ceil(MAX_PREDELAY_MS * 1e-3 * rate) + 4;
	r->pre = calloc((size_t)r->pre_cap, sizeof(float));
	if (!r->pre)
		goto fail;

	int len[REVERB_LINES];
	target_lengths(rate, 50.0, len);
	for (int i = 0; i < REVERB_LINES; i++)
		smooth_init(&r->line[i].len, len[i], rate, SIZE_GLIDE_MS);
	smooth_init(&r->predelay, 0.0, rate, SIZE_GLIDE_MS);
	smooth_init(&r->decay, 1.8, rate, PARAM_GLIDE_MS);
	smooth_init(&r->damping, 0.5, rate, PARAM_GLIDE_MS);
	smooth_init(&r->width, 1.0, rate, PARAM_GLIDE_MS);
	reverb_reset(r);
	return 0;
fail:
	reverb_free(r);
	return -1;
}

void reverb_free(struct reverb *r)
{
	for (int i = 0; i < REVERB_LINES; i++) {
		free(r->line[i].buf);
		r->line[i].buf = NULL;
	}
	for (int i = 0; i < REVERB_DIFFUSERS; i++) {
		free(r->ap[i].buf);
		r->ap[i].buf = NULL;
	}
	free(r->pre);
	r->pre = NULL;
}

/* Silences the state; parameters are kept and the next set() jumps. */
void reverb_reset(struct reverb *r)
{
	for (int i = 0; i < REVERB_LINES; i++) {
		memset(r->line[i].buf, 0, (size_t)r->line[i].cap * sizeof(float));
		r->line[i].w = 0;
		r->line[i].lp = 0.0;
	}
	for (int i = 0; i < REVERB_DIFFUSERS; i++) {
		memset(r->ap[i].buf, 0, (size_t)r->ap[i].len * sizeof(float));
		r->ap[i].pos = 0;
	}
	memset(r->pre, 0, (size_t)r->pre_cap * sizeof(float));
	r->pre_w = 0;
	r->fresh = 1;
}

static void set_smooth(struct smooth *s, double v, int jump)
{
	if (jump)
		smooth_jump(s, v);
	else
		smooth_set(s, v);
}

static double clampd(double v, double lo, double hi)
{
	return !(v >= lo) ? lo : v > hi ? hi : v;
}

void reverb_set(struct reverb *r, double size_pct, double decay_s, double damping_pct, double predelay_ms,
                double width_pct)
{
	int len[REVERB_LINES];
	target_lengths(r->rate, clampd(size_pct, 0.0, 100.0), len);
	for (int i = 0; i < REVERB_LINES; i++)
		set_smooth(&r->line[i].len, len[i], r->fresh);
	set_smooth(&r->predelay, clampd(predelay_ms, 0.0, MAX_PREDELAY_MS) * 1e-3 * r->rate, r->fresh);
	set_smooth(&r->decay, clampd(decay_s, 0.1, 30.0), r->fresh);
	set_smooth(&r->damping, clampd(damping_pct, 0.0, 100.0) / 100.0, r->fresh);
	set_smooth(&r->width, clampd(width_pct, 0.0, 100.0) / 100.0, r->fresh);
	r->fresh = 0;
	r->filters_ok = 0; /* a jump moves the values without a step */
}

/* Loop filters from the current (gliding) lengths, decay and damping. */
static void update_filters(struct reverb *r)
{
	double t = r->decay.cur, t_hi = t / (1.0 + 2.0 * r->damping.cur);
	for (int i = 0; i < REVERB_LINES; i++) {
		double d = r->line[i].len.cur / r->rate;
		double g_lo = pow(10.0, -3.0 * d / t), g_hi = pow(10.0, -3.0 * d / t_hi);
		double rho = g_hi / g_lo;
		r->line[i].k = g_lo;
		r->line[i].b = (1.0 - rho) / (1.0 + rho);
	}
}

static inline float read_frac(const float *buf, int cap, int w, double dist)
{
	double p = w - dist;
	while (p < 0.0)
		p += cap;
	int i0 = (int)p;
	double f = p - i0;
	int i1 = i0 + 1 == cap ? 0 : i0 + 1;
	return (float)(buf[i0] + f * (buf[i1] - buf[i0]));
}

/* read_frac at a whole distance (f = 0): what a settled reverb reads */
static inline float read_int(const float *buf, int cap, int w, int dist)
{
	int i = w - dist;
	return buf[i < 0 ? i + cap : i];
}

/* In-place fast Walsh-Hadamard transform, normalised to be orthogonal. */
static inline void hadamard8(double v[REVERB_LINES])
{
	for (int h = 1; h < REVERB_LINES; h <<= 1)
		for (int i = 0; i < REVERB_LINES; i += h << 1)
			for (int j = i; j < i + h; j++) {
				double a = v[j], b = v[j + h];
				v[j] = a + b;
				v[j + h] = a - b;
			}
	for (int i = 0; i < REVERB_LINES; i++)
		v[i] *= 0.35355339059327373; /* 1/sqrt(8) */
}

DSP_HOT static int process_block(struct reverb *r, const float *const in[], int in_nch, float *out_l, float *out_r,
                         int off, int n)
{
	/* Read heads move linearly across the sub-block between the glide's
	 * previous and next values, so no step is ever taken. */
	double len0[REVERB_LINES], dlen[REVERB_LINES], pre0 = r->predelay.cur;
	for (int i = 0; i < REVERB_LINES; i++)
		len0[i] = r->line[i].len.cur;
	int moved = 0;
	for (int i = 0; i < REVERB_LINES; i++)
		moved |= smooth_step(&r->line[i].len);
	smooth_step(&r->predelay);
	moved |= smooth_step(&r->decay);
	moved |= smooth_step(&r->damping);
	smooth_step(&r->width);
	/* sixteen pow calls: only when what they depend on has moved */
	if (moved || !r->filters_ok)
		update_filters(r);
	r->filters_ok = 1;
	for (int i = 0; i < REVERB_LINES; i++)
		dlen[i] = (r->line[i].len.cur - len0[i]) / n;
	double dpre = (r->predelay.cur - pre0) / n;
	double width = r->width.cur;
	/* Settled on whole-frame lengths (where every glide lands), the
	 * heads read whole samples: no interpolation to compute. */
	int steady = dpre == 0.0 && pre0 == (int)pre0, ilen[REVERB_LINES], ipre = (int)pre0;
	for (int i = 0; i < REVERB_LINES; i++) {
		ilen[i] = (int)len0[i];
		steady &= dlen[i] == 0.0 && len0[i] == ilen[i];
	}

	int bad = 0;
	for (int s = 0; s < n; s++) {
		int fi = off + s;
		double x = in_nch > 1 ? 0.5 * (in[0][fi] + in[1][fi]) : in[0][fi];

		r->pre[r->pre_w] = (float)x;
		x = steady ? read_int(r->pre, r->pre_cap, r->pre_w, ipre) : read_frac(r->pre, r->pre_cap, r->pre_w, pre0 + dpre * s);
		if (++r->pre_w == r->pre_cap)
			r->pre_w = 0;

		for (int a = 0; a < REVERB_DIFFUSERS; a++) {
			struct reverb_ap *ap = &r->ap[a];
			double d = ap->buf[ap->pos];
			double v = dsp_flush(x - AP_GAIN * d);
			ap->buf[ap->pos] = (float)v;
			x = d + AP_GAIN * v;
			if (++ap->pos == ap->len)
				ap->pos = 0;
		}

		double v[REVERB_LINES], yl = 0.0, yr = 0.0;
		for (int i = 0; i < REVERB_LINES; i++) {
			struct reverb_line *ln = &r->line[i];
			double tap = steady ? read_int(ln->buf, ln->cap, ln->w, ilen[i])
					    : read_frac(ln->buf, ln->cap, ln->w, len0[i] + dlen[i] * s);
			yl += sign_l[i] * tap;
			yr += sign_r[i] * tap;
			ln->lp = dsp_flush(ln->k * (1.0 - ln->b) * tap + ln->b * ln->lp);
			v[i] = ln->lp;
		}
		hadamard8(v);
		for (int i = 0; i < REVERB_LINES; i++) {
			struct reverb_line *ln = &r->line[i];
			ln->buf[ln->w] = (float)dsp_flush(v[i] + 0.5 * sign_in[i] * x);
			if (++ln->w == ln->cap)
				ln->w = 0;
		}
		/* Width on mid/side: at 0 the sides vanish and L == R exactly. */
		double mid = 0.5 * (yl + yr), side = 0.5 * (yl - yr) * width;
		out_l[fi] = (float)(0.5 * (mid + side));
		out_r[fi] = (float)(0.5 * (mid - side));
		bad |= dsp_bad(out_l[fi]) | dsp_bad(out_r[fi]);
	}
	return bad;
}

void reverb_process(struct reverb *r, const float *const in[], int in_nch, float *out_l, float *out_r, int n)
{
	for (int off = 0; off < n; off += DSP_SUBBLOCK) {
		int len = n - off < DSP_SUBBLOCK ? n - off : DSP_SUBBLOCK;
		if (process_block(r, in, in_nch, out_l, out_r, off, len)) {
			reverb_reset(r);
			r->fresh = 0; /* keep the (glided) parameters */
			memset(out_l + off, 0, (size_t)len * sizeof(float));
			memset(out_r + off, 0, (size_t)len * sizeof(float));
			r->nan_resets++;
		}
	}
}
