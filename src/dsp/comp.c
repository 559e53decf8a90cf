/* comp.c — log-domain feed-forward compressor (see comp.h). */
#include <string.h>
#include "dsp/comp.h"

#define MAKEUP_MS 15.0
#define ENABLE_MS 8.0
#define DB_PER_NEPER 8.68588963806503655 /* 20 / ln 10 */

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
	c->enabled = c->running = c->fresh = 1;
	comp_set(c, -20.0, 4.0, 10.0, 100.0, 0.0, 0.0, 0);
}

void comp_reset(struct comp *c)
{
	c->y1 = c->yl = 0.0;
	c->last_gr = 0.0;
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

static void comp_block(struct comp *c, float *const ch[], int nch, int m,
		       double mk0, double mk1, double en0, double en1)
{
	double y1 = c->y1, yl = c->yl, aA = c->a_att, aR = c->a_rel;
	double d_mk = (mk1 - mk0) / m, d_en = (en1 - en0) / m;
	for (int i = 0; i < m; i++) {
		double a = fabs(ch[0][i]);
		if (nch > 1 && fabs(ch[1][i]) > a)
			a = fabs(ch[1][i]);
		double xl = 0.0;
		if (a > c->knee_lo_lin) {
			double xg = 20.0 * log10(a);
			xl = xg - gain_computer(c, xg);
		} else if (a != a) {
			xl = a; /* let NaN through so the check below sees it */
		}
		double rel = aR * y1 + (1.0 - aR) * xl;
		y1 = xl > rel ? xl : rel;
		yl = aA * yl + (1.0 - aA) * y1;
		double db = mk0 + d_mk * (i + 1) - yl;
		double g = db == 0.0 ? 1.0 : dsp_exp(db / DB_PER_NEPER);
		double k = 1.0 + (en0 + d_en * (i + 1)) * (g - 1.0);
		for (int ci = 0; ci < nch; ci++) {
			ch[ci][i] = (float)(ch[ci][i] * k);
		}
	}
	if (dsp_bad(y1) || dsp_bad(yl) || dsp_block_bad(ch[0], m) || (nch > 1 && dsp_block_bad(ch[1], m))) {
		comp_reset(c);
		for (int ci = 0; ci < nch; ci++)
			memset(ch[ci], 0, (size_t)m * sizeof(float));
		c->nan_resets++;
		return;
	}
	c->y1 = dsp_flush(y1);
	c->yl = dsp_flush(yl);
	c->last_gr = -yl * en1;
}

void comp_process(struct comp *c, float *const ch[], int nch, int n)
{
	if (nch < 1 || nch > DSP_MAXCH)
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
		for (int ci = 0; ci < nch; ci++)
			sub[ci] = ch[ci] + off;
		comp_block(c, sub, nch, m, mk0, c->makeup.cur, en0, c->en.cur);
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
