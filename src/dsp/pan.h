/* pan.h — the strip's panner: mono-to-stereo pan law, or stereo width and
 * balance. Owns only its gain glides; the render graph calls
 * pan_process() on the audio thread and pan_set() between calls.
 *
 * Mono input. With u = (pan + 100) / 200 in [0, 1],
 *   sL = sin((1 - u) * pi/2),  sR = sin(u * pi/2)   (the sin/cos law,
 *   written so the silent side is sin(0), exactly 0 at the hard edges),
 * and the law L dB (the level of each side at centre), k = L / -3.0103:
 *   L <= -3.0103 dB (-4.5, -6): g = s^k. k = 1 is the constant-power law,
 *     k = 2 (about -6 dB) is constant-amplitude; centre is exactly L.
 *   L > -3.0103 dB (0 and -3): g = min(1, s * 10^(L/20) / sin(pi/4)),
 *     the sin law scaled so the centre is exactly L and clipped so no
 *     side ever exceeds 0 dB. For -3 dB this is the constant-power law
 *     (0.01 dB of ripple); for 0 dB both sides are unity at centre and
 *     the far side falls to silence at the edge.
 * Hard left (-100) therefore gives left 0 dB and right exactly 0.
 *
 * Stereo input. Width via mid/side with w = width / 100:
 *   L' = M + w*S, R' = M - w*S, M = (L + R)/2, S = (L - R)/2
 * (0 = mono sum, 100 = as is, 200 = side doubled), then balance: the
 * near side stays at unity, the far side is multiplied by
 * sin((1 - |pan|/100) * pi/2) (-3 dB at half way, silent at the edge).
 * The pan law does not apply to stereo input.
 *
 * Glides: the 2x2 output matrix moves per sub-block with a 15 ms time
 * constant, interpolated per sample. Settings made after pan_init() and
 * before the first process call take effect at once. */
#ifndef TMIX_PAN_H
#define TMIX_PAN_H
#include "dsp/dsp.h"

/* Matrix entries: out_l = ll*in0 + rl*in1, out_r = lr*in0 + rr*in1. */
enum { PAN_LL, PAN_RL, PAN_LR, PAN_RR, PAN_MONO_L, PAN_MONO_R, PAN_NGAIN };

struct pan {
	double rate;
	double pan, width, law; /* as last set (clamped) */
	int fresh;
	int moving;  /* a glide may be under way: settled gains skip the steps */
	struct smooth g[PAN_NGAIN];
	unsigned nan_resets;
};

void pan_init(struct pan *p, double rate);
/* pan -100..100 (left..right), width_pct 0..200, panlaw_db in [-12, 0]
 * (0, -3, -4.5, -6 are the usual); out-of-range values are clamped. */
void pan_set(struct pan *p, double pan, double width_pct, double panlaw_db);
/* Gains the mono law gives at a pan position (for the TUI and tests). */
void pan_mono_gains(double pan, double panlaw_db, double *gl, double *gr);
/* in_nch 1 or 2; out_l/out_r may alias in[0]/in[1]. A non-finite output
 * sub-block is silenced and counted in nan_resets. */
void pan_process(struct pan *p, const float *in[], int in_nch, float *out_l, float *out_r, int n);
/* The same with every gain scaled by k: a fader folded into the pan's
 * multiply (one pass instead of two). */
void pan_process_gain(struct pan *p, const float *in[], int in_nch, float *out_l, float *out_r, int n, double k);
#endif
