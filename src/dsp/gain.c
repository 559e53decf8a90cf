/* gain.c — linear-domain glides for fader, polarity and mute (gain.h). */
#include <string.h>
#include "dsp/dsp.h"
#include "dsp/gain.h"

static void ramp_jump(struct gain_ramp *r, double v)
{
	r->cur = r->target = v;
	r->inc = 0.0;
	r->left = 0;
}

static void ramp_to(struct gain_ramp *r, double v, int len, int jump)
{
	if (jump || len < 1) {
		ramp_jump(r, v);
		return;
	}
	r->target = v;
	r->left = len;
	r->inc = (v - r->cur) / len;
}

/* Value for the next sample. */
static inline double ramp_next(struct gain_ramp *r)
{
	if (r->left <= 0)
		return r->cur;
	if (--r->left == 0)
		r->cur = r->target;
	else
		r->cur += r->inc;
	return r->cur;
}

static double pm_value(const struct gain *g) { return g->mute ? 0.0 : g->invert ? -1.0 : 1.0; }

void gain_init(struct gain *g, double rate)
{
	memset(g, 0, sizeof *g);
	g->rate = rate;
	g->glide_len = (int)(rate * GAIN_GLIDE_MS * 0.001 + 0.5);
	gain_reset(g);
}

void gain_reset(struct gain *g)
{
	ramp_jump(&g->fader, db_to_lin(g->db));
	ramp_jump(&g->pm, pm_value(g));
	g->fresh = 1;
}

void gain_set_db(struct gain *g, double db)
{
	g->db = isnan(db) ? -INFINITY : db > GAIN_MAX_DB ? GAIN_MAX_DB : db;
	ramp_to(&g->fader, db_to_lin(g->db), g->glide_len, g->fresh);
}

void gain_set_polarity(struct gain *g, int invert)
{
	g->invert = !!invert;
	ramp_to(&g->pm, pm_value(g), g->glide_len, g->fresh);
}

void gain_set_mute(struct gain *g, int mute)
{
	g->mute = !!mute;
	ramp_to(&g->pm, pm_value(g), g->glide_len, g->fresh);
}

/* Multiply one sub-block by the per-sample gains in k[] (or by the
 * constant kc when k is NULL); silence it if the result is not finite.
 * The gains are rounded to float first, so the multiply vectorises. */
DSP_HOT static void apply(struct gain *g, float *const ch[], int nch, int off, int m, const float *k, float kc)
{
	int bad = 0;
	for (int c = 0; c < nch; c++) {
		float *x = ch[c] + off;
		if (k) {
			DSP_SIMD
			for (int i = 0; i < m; i++)
				x[i] *= k[i];
		} else if (kc != 1.0f) {
			DSP_SIMD
			for (int i = 0; i < m; i++)
				x[i] *= kc;
		}
		bad |= dsp_block_bad(x, m);
	}
	if (bad) {
		for (int c = 0; c < nch; c++)
			memset(ch[c] + off, 0, (size_t)m * sizeof(float));
		g->nan_resets++;
	}
}

int gain_fold(struct gain *g, double *k)
{
	if (g->fader.left > 0 || g->pm.left > 0)
		return 0;
	g->fresh = 0;
	*k = g->fader.cur * g->pm.cur;
	return 1;
}

void gain_process(struct gain *g, float *const ch[], int nch, int n)
{
	float k[DSP_SUBBLOCK];
	if (nch < 1 || nch > DSP_MAXCH)
		return;
	g->fresh = 0;
	for (int off = 0; off < n; off += DSP_SUBBLOCK) {
		int m = n - off < DSP_SUBBLOCK ? n - off : DSP_SUBBLOCK;
		if (g->fader.left <= 0 && g->pm.left <= 0) {
			apply(g, ch, nch, off, m, NULL, (float)(g->fader.cur * g->pm.cur));
			continue;
		}
		for (int i = 0; i < m; i++) {
			double f = ramp_next(&g->fader);
			k[i] = (float)(f * ramp_next(&g->pm));
		}
		apply(g, ch, nch, off, m, k, 0.0f);
	}
}

static double floor_db(double db)
{
	return isnan(db) || db < GAIN_FLOOR_DB ? GAIN_FLOOR_DB : db > GAIN_MAX_DB ? GAIN_MAX_DB : db;
}

void gain_process_ramp(struct gain *g, float *const ch[], int nch, int n,
		       double db_from, double db_to)
{
	float k[DSP_SUBBLOCK];
	if (nch < 1 || nch > DSP_MAXCH || n < 1)
		return;
	g->fresh = 0;
	double from = floor_db(db_from), to = floor_db(db_to);
	/* Linear in dB is geometric in gain: one multiply per sample. */
	double r = pow(10.0, (to - from) / (20.0 * n));
	double v = pow(10.0, from / 20.0);
	double silent = pow(10.0, GAIN_FLOOR_DB / 20.0) * (1.0 + 1e-9);
	for (int off = 0; off < n; off += DSP_SUBBLOCK) {
		int m = n - off < DSP_SUBBLOCK ? n - off : DSP_SUBBLOCK;
		for (int i = 0; i < m; i++, v *= r)
			k[i] = (float)((v <= silent ? 0.0 : v) * ramp_next(&g->pm));
		apply(g, ch, nch, off, m, k, 0.0f);
	}
	g->db = to <= GAIN_FLOOR_DB ? -INFINITY : to;
	ramp_jump(&g->fader, to <= GAIN_FLOOR_DB ? 0.0 : db_to_lin(to));
}
