/* limiter.h — look-ahead true-peak limiter for the master bus.
 *
 * Owns its delay line, oversampled detectors and gain computer. The render
 * graph calls limiter_process() on the master (audio thread) and compensates
 * limiter_latency() frames so a bounce starts on time; the UI may read
 * limiter_gain_reduction_db() via the engine's published snapshot.
 *
 * Guarantee: with a steady ceiling, the 4x-interpolated peak of the output
 * does not exceed the ceiling. Below the ceiling the limiter is bit-exact
 * (output = input delayed by limiter_latency()). */
#ifndef TMIX_LIMITER_H
#define TMIX_LIMITER_H
#include "dsp/dsp.h"
#include "dsp/oversample.h"

struct limiter {
	double rate;
	int nch;
	struct oversample os[DSP_MAXCH];
	float *dline[DSP_MAXCH]; /* audio delay, latency frames */
	int dlen, dpos;
	int look, slack, hold, avg; /* frames: look-ahead, safety, min-hold, attack */
	/* The running minimum over `hold` frames, a block of `hold` at a
	 * time (van Herk / Gil-Werman): the minimum of this block so far
	 * (mn_pre) and of the last block's tail from each position on
	 * (mn_suf, hold + 1 values, the last 1: no r is above it). */
	float *mn_cur, *mn_suf;
	float mn_pre;
	int mn_pos;
	float *box; /* attack ramp: moving average of the held gain */
	int boxpos;
	double boxsum;
	double boxlap; /* this lap's values so far, added in order (the lap's end re-adds them) */
	double env, rel_coef;
	/* frames in a row whose r was 1 (capped): from `hold` on, the
	 * hold's window and mn_cur are all 1s (gain_release) */
	int calm;
	float qprev;
	struct smooth ceiling; /* linear */
	double release_ms;
	double min_gain; /* smallest gain applied during the last process() */
	int fresh;       /* next set() jumps instead of gliding */
	unsigned nan_resets;
	float *qtap;     /* offline only: where process() copies each frame's detector value */
};

/* The gain is computed for ceiling - LIMITER_MARGIN_DB (see limiter_set). */
#define LIMITER_MARGIN_DB 0.1

int limiter_init(struct limiter *l, double rate, int nch);
void limiter_free(struct limiter *l);
void limiter_reset(struct limiter *l);
void limiter_set(struct limiter *l, double ceiling_dbtp, double release_ms);
void limiter_process(struct limiter *l, float *const ch[], int nch, int n);
/* The loudness searches' model of a gain change (bounce_loud.c): the
 * detector is linear in its input, so a pass recorded with qtap set
 * gives the detector of the same input times `scale` as q[i] * scale
 * without oversampling again. Writes the gain process() would apply at
 * each frame (to the input limiter_latency() frames before), and moves
 * no audio. Near but not bit-exact to process() of that input (float
 * rounding); a search uses it to guess, never to write a file. */
void limiter_gains(struct limiter *l, const float *q, float scale, float *gain, int n);
int limiter_latency(const struct limiter *l);
/* Largest gain reduction applied during the last process() call, as a
 * positive number of dB (0 when not limiting). */
double limiter_gain_reduction_db(const struct limiter *l);
#endif
