/* reverb.h — algorithmic reverb (send effect, 100 % wet): pre-delay, four
 * input allpass diffusers, an 8-line feedback delay network with a
 * Hadamard mixing matrix and per-line absorbent one-pole low-passes, and
 * a mid/side width control. Owns all its delay lines. The render graph
 * calls reverb_process() on the audio thread; reverb_set() may be called
 * between process() calls and glides (size changes move the read heads
 * slowly, so they bend pitch briefly instead of clicking). */
#ifndef TMIX_REVERB_H
#define TMIX_REVERB_H
#include "dsp/dsp.h"

#define REVERB_LINES 8
#define REVERB_DIFFUSERS 4

struct reverb_line {
	float *buf;
	int cap, w;
	struct smooth len; /* frames, fractional while gliding */
	double lp;         /* absorbent filter state */
	double k, b;       /* filter: y = k (1 - b) x + b y */
};

struct reverb_ap {
	float *buf;
	int len, pos;
};

struct reverb {
	double rate;
	struct reverb_line line[REVERB_LINES];
	struct reverb_ap ap[REVERB_DIFFUSERS];
	float *pre;
	int pre_cap, pre_w;
	struct smooth predelay; /* frames */
	struct smooth decay, damping, width; /* s, 0..1, 0..1 */
	int fresh;
	int filters_ok;  /* loop filters match the current glide values */
	unsigned nan_resets;
};

int reverb_init(struct reverb *r, double rate);
void reverb_free(struct reverb *r);
void reverb_reset(struct reverb *r);
/* size_pct 0..100 scales the line lengths (room size); decay_s is the
 * mid-frequency RT60 (0.1..30 s); damping_pct 0..100 makes highs (at
 * Nyquist) decay up to 3x faster; predelay_ms 0..250; width_pct 0 (mono) .. 100. */
void reverb_set(struct reverb *r, double size_pct, double decay_s, double damping_pct, double predelay_ms,
                double width_pct);
/* Stereo input is summed to mono before the diffusers. */
void reverb_process(struct reverb *r, const float *const in[], int in_nch, float *out_l, float *out_r, int n);
#endif
