/* delay.h — stereo feedback delay (echo) for send/insert use, 100 % wet.
 * Owns its two delay lines. The render graph calls delay_process() on the
 * audio thread; delay_set() may be called between process() calls and
 * glides (time changes crossfade between read heads, so they never
 * click). delay_note_ms() is a pure helper for tempo-synced UIs. */
#ifndef TMIX_DELAY_H
#define TMIX_DELAY_H
#include "dsp/dsp.h"

struct delay {
	double rate;
	float *line[2];
	int len, wpos;
	int cur, next;  /* read distance in frames; next is faded in */
	int xf_pos;     /* frames into the crossfade, -1 when idle */
	int xf_len;
	int target;     /* latest requested distance */
	struct smooth fb, cross, tone_a; /* feedback gain, ping-pong amount, LP pole */
	double lp[2];   /* tone low-pass state per loop */
	int fresh;
	unsigned nan_resets;
};

int delay_init(struct delay *d, double rate, double max_seconds);
void delay_free(struct delay *d);
void delay_reset(struct delay *d);
/* time_ms is clamped to [1 frame, max_seconds]; feedback_pct to 0..99;
 * tone_hz <= 0 or >= 0.45 * rate bypasses the feedback low-pass. */
void delay_set(struct delay *d, double time_ms, double feedback_pct, double tone_hz, int pingpong);
void delay_process(struct delay *d, const float *const in[], int in_nch, float *out_l, float *out_r, int n);
/* Note length ("1/4", "1/8.", "1/8t", "3/16", ...) at bpm, in ms; a whole
 * note is four beats, '.' is x1.5, 't' is x2/3. *ok = 0 on bad input. */
double delay_note_ms(const char *note, double bpm, int *ok);
#endif
