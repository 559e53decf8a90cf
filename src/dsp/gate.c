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
	g->det_coef_sub = pow(g->det_coef, DSP_SUBBLOCK);
	for (int i = 0; i < DSP_SUBBLOCK; i++)
		g->decay[i] = (float)pow(g->det_coef, DSP_SUBBLOCK - 1 - i);
	smooth_init(&g->en, 1.0, rate, ENABLE_MS);
	biquad_side_init(&g->det, rate);
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
	biquad_side_reset(&g->det);
}

void gate_set_detector(struct gate *g, double hpf_hz, double lpf_hz)
{
	biquad_side_set(&g->det, hpf_hz, lpf_hz);
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

/* The follower's level at the end of a full sub-block without walking
 * it: env = max(a, env * coef) unrolls to the largest of the start value
 * decayed m times and each sample decayed by the samples after it. */
static inline __attribute__((always_inline)) double follower_end(const struct gate *g, const float *a, double env)
{
	float t = 0.0f;
	DSP_SIMD_REDUCE(max, t)
	for (int i = 0; i < DSP_SUBBLOCK; i++) {
		float v = a[i] * g->decay[i];
		t = v > t ? v : t;
	}
	env *= g->det_coef_sub;
	return t > env ? t : env;
}

/* One sub-block; en0 -> en1 is the enable fade across it. Most sub-blocks
 * are steady, open or closed, and the bounds below prove it without a
 * per-sample walk: the follower never falls faster than det_coef per
 * sample and never rises above the larger of its start and the input
 * peak. Only sub-blocks near a threshold run the state machine. */
DSP_HOT static void gate_block(struct gate *g, float *const ch[], int nch, const float *const det[], int dnch, int m,
			       double en0, double en1)
{
	float a[DSP_SUBBLOCK], k[DSP_SUBBLOCK];
	const float *x0 = det[0], *x1 = dnch > 1 ? det[1] : det[0];
	double env = g->env, gg = g->g, d_en = (en1 - en0) / m;

	DSP_SIMD
	for (int i = 0; i < m; i++) {
		float p = fabsf(x0[i]), q = fabsf(x1[i]);
		a[i] = q > p ? q : p;
	}
	int unity = 0;
	if (m == DSP_SUBBLOCK && g->open && gg == 1.0 && env * g->det_coef_sub >= g->close_lin) {
		/* open and staying open: unity (exactly: k = 1 + en * 0) */
		env = follower_end(g, a, env);
		g->hold_left = g->hold_len;
		unity = 1;
	} else if (m == DSP_SUBBLOCK && !g->open && gg == g->range_lin && env < g->open_lin &&
		   dsp_absmax(a, m, 0.0f) < g->open_lin) {
		/* closed and staying closed: the floor, fading with enable */
		env = follower_end(g, a, env);
		float k0 = (float)en0, dk = (float)d_en, r = (float)(gg - 1.0);
		DSP_SIMD
		for (int i = 0; i < m; i++)
			k[i] = 1.0f + (k0 + dk * (float)(i + 1)) * r;
	} else {
		for (int i = 0; i < m; i++) {
			double fall = env * g->det_coef;
			env = a[i] > fall ? a[i] : fall;
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
			if (g->open) {
				double v = gg * g->up;
				gg = v < 1.0 ? v : 1.0;
			} else if (gg > g->range_lin) {
				double v = gg * g->down;
				gg = v > g->range_lin ? v : g->range_lin;
			} else {
				double v = gg * g->up;
				gg = v < g->range_lin ? v : g->range_lin;
			}
			k[i] = (float)(1.0 + (en0 + d_en * (i + 1)) * (gg - 1.0));
		}
	}
	for (int c = 0; c < nch && !unity; c++) {
		float *x = ch[c];
		DSP_SIMD
		for (int i = 0; i < m; i++)
			x[i] *= k[i];
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
	g->last_gain = 1.0 + (en0 + d_en * m) * (gg - 1.0); /* in double: the meter reads it */
}

void gate_process(struct gate *g, float *const ch[], int nch, int n)
{
	gate_process_key(g, ch, nch, n, (const float *const *)ch, nch);
}

void gate_process_key(struct gate *g, float *const ch[], int nch, int n, const float *const det[], int dnch)
{
	float fbuf[DSP_MAXCH][DSP_SUBBLOCK];
	float *const fd[DSP_MAXCH] = {fbuf[0], fbuf[1]};
	if (nch < 1 || nch > DSP_MAXCH || dnch < 1 || dnch > DSP_MAXCH)
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
		const float *dsub[DSP_MAXCH] = { 0 };
		for (int c = 0; c < nch; c++)
			sub[c] = ch[c] + off;
		for (int c = 0; c < dnch; c++)
			dsub[c] = det[c] + off;
		if (biquad_side_on(&g->det)) {
			g->nan_resets += biquad_side_run(&g->det, dsub, dnch, fd, m);
			for (int c = 0; c < dnch; c++)
				dsub[c] = fd[c];
		}
		gate_block(g, sub, nch, dsub, dnch, m, en0, g->en.cur);
	}
}

double gate_gain_reduction_db(const struct gate *g)
{
	double db = lin_to_db(fabs(g->last_gain));
	return db > 0.0 ? 0.0 : db;
}
