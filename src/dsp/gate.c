/* gate.c — hysteresis gate with hold and dB-linear ramps (see gate.h). */
#include <string.h>
#include "dsp/gate.h"

#define ENABLE_MS 8.0

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* Multiplier per sample for a ramp of db_span dB over ms milliseconds. */
static double ramp_mul(double rate, double db_span, double ms)
{
	double samples = ms * 0.001 * rate;
	if (samples < 1.0)
		samples = 1.0;
	return pow(10.0, db_span / 20.0 / samples);
}

static void recompute(struct gate *g)
{
	/* Speed is set by the range, so attack means "closed to open"; a
	 * 1 dB minimum keeps the ramp moving when the range is 0 dB. */
	double span = fmax(-g->range_db, 1.0);
	g->open_lin = db_to_lin(g->thr_db);
	g->close_lin = db_to_lin(g->thr_db - GATE_HYSTERESIS_DB);
	g->range_lin = db_to_lin(g->range_db);
	g->up = ramp_mul(g->rate, span, g->attack_ms);
	g->down = ramp_mul(g->rate, -span, g->release_ms);
	g->hold_len = (int)(g->hold_ms * 0.001 * g->rate + 0.5);
}

void gate_init(struct gate *g, double rate)
{
	memset(g, 0, sizeof *g);
	g->rate = rate;
	g->det_coef = exp(-1.0 / (GATE_DETECT_MS * 0.001 * rate));
	smooth_init(&g->en, 1.0, rate, ENABLE_MS);
	g->enabled = g->running = g->fresh = 1;
	gate_set(g, -40.0, -40.0, 1.0, 50.0, 100.0);
	gate_reset(g);
}

void gate_reset(struct gate *g)
{
	g->env = 0.0;
	g->open = 0;
	g->hold_left = 0;
	g->g = g->range_lin;
	g->last_gain = 1.0 + g->en.cur * (g->g - 1.0);
}

void gate_set(struct gate *g, double threshold_db, double range_db,
	      double attack_ms, double hold_ms, double release_ms)
{
	g->thr_db = clampd(threshold_db, -120.0, 0.0);
	g->range_db = clampd(range_db, -120.0, 0.0);
	g->attack_ms = clampd(attack_ms, 0.0, 1000.0);
	g->hold_ms = clampd(hold_ms, 0.0, 5000.0);
	g->release_ms = clampd(release_ms, 0.0, 10000.0);
	recompute(g);
	if (g->fresh && !g->open)
		g->g = g->range_lin;
}

void gate_set_enabled(struct gate *g, int on)
{
	g->enabled = !!on;
	if (g->fresh)
		smooth_jump(&g->en, g->enabled);
	else
		smooth_set(&g->en, g->enabled);
	if (g->enabled && !g->running) {
		gate_reset(g);
		g->running = 1;
	}
}

/* One sub-block; en0 -> en1 is the enable fade across it. */
static void gate_block(struct gate *g, float *const ch[], int nch, int m, double en0, double en1)
{
	double env = g->env, gg = g->g, d_en = (en1 - en0) / m, k = 1.0;
	for (int i = 0; i < m; i++) {
		double a = fabs(ch[0][i]);
		if (nch > 1 && fabs(ch[1][i]) > a)
			a = fabs(ch[1][i]);
		env = a > env ? a : env * g->det_coef;
		if (!g->open) {
			if (env >= g->open_lin) {
				g->open = 1;
				g->hold_left = g->hold_len;
			}
		} else if (env >= g->close_lin) {
			g->hold_left = g->hold_len;
		} else if (g->hold_left > 0) {
			g->hold_left--;
		} else {
			g->open = 0;
		}
		if (g->open)
			gg = fmin(1.0, gg * g->up);
		else if (gg > g->range_lin)
			gg = fmax(g->range_lin, gg * g->down);
		else
			gg = fmin(g->range_lin, gg * g->up);
		k = 1.0 + (en0 + d_en * (i + 1)) * (gg - 1.0);
		for (int c = 0; c < nch; c++) {
			ch[c][i] = (float)(ch[c][i] * k);
		}
	}
	if (dsp_bad(env) || dsp_block_bad(ch[0], m) || (nch > 1 && dsp_block_bad(ch[1], m))) {
		gate_reset(g);
		for (int c = 0; c < nch; c++)
			memset(ch[c], 0, (size_t)m * sizeof(float));
		g->nan_resets++;
		return;
	}
	g->env = dsp_flush(env);
	g->g = gg;
	g->last_gain = k;
}

void gate_process(struct gate *g, float *const ch[], int nch, int n)
{
	if (nch < 1 || nch > DSP_MAXCH)
		return;
	g->fresh = 0;
	for (int off = 0; off < n && g->running; off += DSP_SUBBLOCK) {
		int m = n - off < DSP_SUBBLOCK ? n - off : DSP_SUBBLOCK;
		double en0 = g->en.cur;
		int moving = smooth_step(&g->en);
		if (!g->enabled && !moving) {
			/* Faded out: stop until enabled again. */
			g->running = 0;
			g->last_gain = 1.0;
			break;
		}
		float *sub[DSP_MAXCH] = { 0 };
		for (int c = 0; c < nch; c++)
			sub[c] = ch[c] + off;
		gate_block(g, sub, nch, m, en0, g->en.cur);
	}
}

double gate_gain_reduction_db(const struct gate *g)
{
	double db = lin_to_db(fabs(g->last_gain));
	return db > 0.0 ? 0.0 : db;
}
