/* comp.c — log-domain feed-forward compressor (see comp.h). */
#include <string.h>
#include "dsp/comp.h"

#define MAKEUP_MS 15.0
#define ENABLE_MS 8.0
#define COMP_REST_DB 1e-6

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* The paper's gain computer, eq. (4). */
static double gain_computer(const struct comp *c, double x)
{
	double d = x - c->thr, w = c->knee;
	if (2.0 * d < -w)
		return x;
	if (2.0 * d <= w && w > 0.0) {
		double e = d + w / 2.0;
		return x + (1.0 / c->ratio - 1.0) * e * e / (2.0 * w);
	}
	return c->thr + d / c->ratio;
}

static double makeup_target(const struct comp *c)
{
	return c->makeup_auto ? -0.5 * gain_computer(c, 0.0) : c->makeup_db;
}

void comp_init(struct comp *c, double rate)
{
	memset(c, 0, sizeof *c);
	c->rate = rate;
	smooth_init(&c->makeup, 0.0, rate, MAKEUP_MS);
	smooth_init(&c->en, 1.0, rate, ENABLE_MS);
	biquad_side_init(&c->det, rate);
	c->enabled = c->running = c->fresh = 1;
	comp_set(c, -20.0, 4.0, 10.0, 100.0, 0.0, 0.0, 0);
}

void comp_reset(struct comp *c)
{
	c->y1 = c->yl = 0.0;
	c->last_gr = 0.0;
	biquad_side_reset(&c->det);
}

void comp_set_detector(struct comp *c, double hpf_hz, double lpf_hz)
{
	biquad_side_set(&c->det, hpf_hz, lpf_hz);
}

void comp_set(struct comp *c, double threshold_db, double ratio, double attack_ms,
	      double release_ms, double knee_db, double makeup_db, int makeup_auto)
{
	c->thr = clampd(threshold_db, -80.0, 0.0);
	c->ratio = clampd(ratio, 1.0, 100.0);
	c->attack_ms = clampd(attack_ms, 0.01, 1000.0);
	c->release_ms = clampd(release_ms, 1.0, 5000.0);
	c->knee = clampd(knee_db, 0.0, 48.0);
	c->makeup_db = clampd(makeup_db, -24.0, 48.0);
	c->makeup_auto = !!makeup_auto;
	c->a_att = exp(-1.0 / (c->attack_ms * 0.001 * c->rate));
	c->a_rel = exp(-1.0 / (c->release_ms * 0.001 * c->rate));
	{
		double r = 1.0, a = 1.0, k = 0.0;
		for (int i = 0; i < DSP_SUBBLOCK; i++) {
			r *= c->a_rel;
			a *= c->a_att;
			k = c->a_att * k + (1.0 - c->a_att) * r;
			c->rel_pow[i] = r, c->att_pow[i] = a, c->mix[i] = k;
		}
	}
	/* Below the knee x_L is exactly 0: skip the log there. */
	c->knee_lo_lin = db_to_lin(c->thr - c->knee / 2.0);
	if (c->fresh)
		smooth_jump(&c->makeup, makeup_target(c));
	else
		smooth_set(&c->makeup, makeup_target(c));
}

void comp_set_enabled(struct comp *c, int on)
{
	c->enabled = !!on;
	if (c->fresh)
		smooth_jump(&c->en, c->enabled);
	else
		smooth_set(&c->en, c->enabled);
	if (c->enabled && !c->running) {
		comp_reset(c);
		c->running = 1;
	}
}

/* Three passes per sub-block: the level detector and gain computer for
 * every sample (independent, so vectorised, in float: 1e-5 dB is far
 * below anything audible), then the peak detector's recursion, the only
 * serial part (double: its release coefficient sits within 1e-5 of 1),
 * then the gain for every sample (vectorised again). A per-sample loop
 * doing all three spent most of its time in log10 and exp. */
DSP_HOT static void comp_block(struct comp *c, float *const ch[], int nch, const float *const det[], int dnch,
			       int m, double mk0, double mk1, double en0, double en1)
{
	float xl[DSP_SUBBLOCK], yls[DSP_SUBBLOCK];
	const float *x0 = det[0], *x1 = dnch > 1 ? det[1] : det[0];
	const float knee_lo = (float)c->knee_lo_lin, thr = (float)c->thr;
	const float w = (float)c->knee, slope = (float)(1.0 - 1.0 / c->ratio);
	const float inv2w = w > 0.0f ? 0.5f / w : 0.0f;
	double y1 = c->y1, yl = c->yl, aA = c->a_att, aR = c->a_rel;
	double bA = 1.0 - aA, bR = 1.0 - aR;

	float amax = dsp_absmax(x0, m, 0.0f);
	if (dnch > 1)
		amax = dsp_absmax(x1, m, amax);
	if (amax <= knee_lo && m == DSP_SUBBLOCK) {
		/* Nothing above the knee: x_L = 0 throughout, the detector
		 * only decays, in closed form. At rest, with no makeup, the
		 * gain is exactly 1 and there is nothing to multiply. */
		if (y1 == 0.0 && yl == 0.0 && mk0 == 0.0 && mk1 == 0.0)
			goto check;
		DSP_SIMD
		for (int i = 0; i < m; i++)
			yls[i] = (float)(c->att_pow[i] * yl + c->mix[i] * y1);
		yl = c->att_pow[m - 1] * yl + c->mix[m - 1] * y1;
		y1 *= c->rel_pow[m - 1];
	} else {
		/* x_L = x_G - y_G = (1 - 1/R) (x_G - T) above the knee, the
		 * quadratic inside it, 0 below; written as selects. */
		DSP_SIMD
		for (int i = 0; i < m; i++) {
			float a = fabsf(x0[i]), b = fabsf(x1[i]);
			a = b > a ? b : a;
			float xg = 6.02059991f * dsp_log2f(a > knee_lo ? a : 1.0f);
			float d = xg - thr, e = d + 0.5f * w, q = e * e * inv2w;
			float v = slope * (2.0f * d > w ? d : q);
			xl[i] = a > knee_lo ? v : 0.0f;
		}
		for (int i = 0; i < m; i++) {
			double rel = aR * y1 + bR * xl[i];
			y1 = xl[i] > rel ? xl[i] : rel;
			yl = aA * yl + bA * y1;
			yls[i] = (float)yl;
		}
	}
	const float mk = (float)mk0, d_mk = (float)((mk1 - mk0) / m);
	const float en = (float)en0, d_en = (float)((en1 - en0) / m);
	DSP_SIMD
	for (int i = 0; i < m; i++) {
		float j = (float)(i + 1);
		float g = dsp_exp2f((mk + d_mk * j - yls[i]) * 0.166096405f);
		yls[i] = 1.0f + (en + d_en * j) * (g - 1.0f);
	}
	for (int ci = 0; ci < nch; ci++) {
		float *x = ch[ci];
		DSP_SIMD
		for (int i = 0; i < m; i++)
			x[i] *= yls[i];
	}
check:
	if (dsp_bad(y1) || dsp_bad(yl) || dsp_block_bad(ch[0], m) || (nch > 1 && dsp_block_bad(ch[1], m))) {
		comp_reset(c);
		for (int ci = 0; ci < nch; ci++)
			memset(ch[ci], 0, (size_t)m * sizeof(float));
		c->nan_resets++;
		return;
	}
	/* a millionth of a dB of reduction is none: back to rest, where a
	 * sub-block below the knee costs one peak scan */
	c->y1 = y1 < COMP_REST_DB ? 0.0 : y1;
	c->yl = yl < COMP_REST_DB ? 0.0 : yl;
	c->last_gr = -yl * en1;
}

void comp_process(struct comp *c, float *const ch[], int nch, int n)
{
	comp_process_key(c, ch, nch, n, (const float *const *)ch, nch);
}

void comp_process_key(struct comp *c, float *const ch[], int nch, int n, const float *const det[], int dnch)
{
	float fbuf[DSP_MAXCH][DSP_SUBBLOCK];
	float *const fd[DSP_MAXCH] = {fbuf[0], fbuf[1]};
	if (nch < 1 || nch > DSP_MAXCH || dnch < 1 || dnch > DSP_MAXCH)
		return;
	c->fresh = 0;
	for (int off = 0; off < n && c->running; off += DSP_SUBBLOCK) {
		int m = n - off < DSP_SUBBLOCK ? n - off : DSP_SUBBLOCK;
		double en0 = c->en.cur, mk0 = c->makeup.cur;
		int moving = smooth_step(&c->en);
		if (!c->enabled && !moving) {
			c->running = 0;
			c->last_gr = 0.0;
			break;
		}
		smooth_step(&c->makeup);
		float *sub[DSP_MAXCH] = { 0 };
		const float *dsub[DSP_MAXCH] = { 0 };
		for (int ci = 0; ci < nch; ci++)
			sub[ci] = ch[ci] + off;
		for (int ci = 0; ci < dnch; ci++)
			dsub[ci] = det[ci] + off;
		if (biquad_side_on(&c->det)) {
			c->nan_resets += biquad_side_run(&c->det, dsub, dnch, fd, m);
			for (int ci = 0; ci < dnch; ci++)
				dsub[ci] = fd[ci];
		}
		comp_block(c, sub, nch, dsub, dnch, m, mk0, c->makeup.cur, en0, c->en.cur);
	}
}

double comp_gain_reduction_db(const struct comp *c)
{
	return c->last_gr > 0.0 ? 0.0 : c->last_gr;
}

double comp_static_curve_db(const struct comp *c, double in_db)
{
	return gain_computer(c, in_db) + makeup_target(c);
}
