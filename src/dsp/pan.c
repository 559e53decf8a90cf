/* pan.c — pan law, width and balance (see pan.h for the formulas). */
#include <string.h>
#include "dsp/pan.h"

#define PAN_MS 15.0
#define HALF_PI 1.57079632679489662
#define DB_SIN45 -3.01029995663981195 /* 20*log10(sin(pi/4)) */

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static double law_gain(double s, double law_db)
{
	if (law_db <= DB_SIN45)
		return pow(s, law_db / DB_SIN45);
	double g = s * pow(10.0, (law_db - DB_SIN45) / 20.0);
	return g > 1.0 ? 1.0 : g;
}

void pan_mono_gains(double pan, double panlaw_db, double *gl, double *gr)
{
	double u = (clampd(pan, -100.0, 100.0) + 100.0) / 200.0;
	double law = clampd(panlaw_db, -12.0, 0.0);
	*gl = law_gain(sin((1.0 - u) * HALF_PI), law);
	*gr = law_gain(sin(u * HALF_PI), law);
}

static void targets(const struct pan *p, double t[PAN_NGAIN])
{
	double w = p->width / 100.0, b = p->pan / 100.0;
	double bl = b > 0.0 ? sin((1.0 - b) * HALF_PI) : 1.0;
	double br = b < 0.0 ? sin((1.0 + b) * HALF_PI) : 1.0;
	t[PAN_LL] = bl * (1.0 + w) / 2.0;
	t[PAN_RL] = bl * (1.0 - w) / 2.0;
	t[PAN_LR] = br * (1.0 - w) / 2.0;
	t[PAN_RR] = br * (1.0 + w) / 2.0;
	pan_mono_gains(p->pan, p->law, &t[PAN_MONO_L], &t[PAN_MONO_R]);
}

void pan_init(struct pan *p, double rate)
{
	double t[PAN_NGAIN];
	memset(p, 0, sizeof *p);
	p->rate = rate;
	p->width = 100.0;
	p->law = -3.0;
	targets(p, t);
	for (int k = 0; k < PAN_NGAIN; k++)
		smooth_init(&p->g[k], t[k], rate, PAN_MS);
	p->fresh = 1;
}

void pan_set(struct pan *p, double pan, double width_pct, double panlaw_db)
{
	double t[PAN_NGAIN];
	p->pan = clampd(isnan(pan) ? 0.0 : pan, -100.0, 100.0);
	p->width = clampd(isnan(width_pct) ? 100.0 : width_pct, 0.0, 200.0);
	p->law = clampd(isnan(panlaw_db) ? -3.0 : panlaw_db, -12.0, 0.0);
	targets(p, t);
	for (int k = 0; k < PAN_NGAIN; k++) {
		if (p->fresh)
			smooth_jump(&p->g[k], t[k]);
		else
			smooth_set(&p->g[k], t[k]);
	}
	p->moving = 1;
}

/* The gains ramp per sample in float; each iteration reads its inputs
 * before writing, so outputs aliasing the inputs at the same index are
 * safe even in vector form. */
DSP_HOT void pan_process_gain(struct pan *p, const float *in[], int in_nch, float *out_l, float *out_r, int n, double k)
{
	if (in_nch < 1 || in_nch > 2)
		return;
	p->fresh = 0;
	for (int off = 0; off < n; off += DSP_SUBBLOCK) {
		int m = n - off < DSP_SUBBLOCK ? n - off : DSP_SUBBLOCK;
		float a[PAN_NGAIN], d[PAN_NGAIN];
		int moving = 0;
		for (int q = 0; q < PAN_NGAIN; q++) {
			double a0 = p->g[q].cur;
			if (p->moving)
				moving |= smooth_step(&p->g[q]);
			a[q] = (float)(a0 * k);
			d[q] = (float)((p->g[q].cur - a0) * k / m);
		}
		p->moving = moving;
		const float *x0 = in[0] + off, *x1 = in_nch == 2 ? in[1] + off : NULL;
		float *yl = out_l + off, *yr = out_r + off;
		if (x1) {
			DSP_SIMD
			for (int i = 0; i < m; i++) {
				float l = x0[i], r = x1[i], j = (float)(i + 1);
				yl[i] = (a[PAN_LL] + d[PAN_LL] * j) * l + (a[PAN_RL] + d[PAN_RL] * j) * r;
				yr[i] = (a[PAN_LR] + d[PAN_LR] * j) * l + (a[PAN_RR] + d[PAN_RR] * j) * r;
			}
		} else {
			float al = a[PAN_MONO_L], dl = d[PAN_MONO_L], ar = a[PAN_MONO_R], dr = d[PAN_MONO_R];
			DSP_SIMD
			for (int i = 0; i < m; i++) {
				float v = x0[i], j = (float)(i + 1);
				yl[i] = (al + dl * j) * v;
				yr[i] = (ar + dr * j) * v;
			}
		}
		if (dsp_block_bad(yl, m) || dsp_block_bad(yr, m)) {
			memset(yl, 0, (size_t)m * sizeof(float));
			memset(yr, 0, (size_t)m * sizeof(float));
			p->nan_resets++;
		}
	}
}

void pan_process(struct pan *p, const float *in[], int in_nch, float *out_l, float *out_r, int n)
{
	pan_process_gain(p, in, in_nch, out_l, out_r, n, 1.0);
}
