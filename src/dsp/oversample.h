/* oversample.h — the 4x polyphase interpolator shared by the true-peak
 * limiter (limiter.c) and the true-peak meter (truepeak.c), so both agree
 * on what "true peak" means. Owns only its coefficient table and one
 * channel's history; callers keep one per channel. Safe to call from the
 * audio thread: no allocation, no locks. */
#ifndef TMIX_OVERSAMPLE_H
#define TMIX_OVERSAMPLE_H

/* Taps per polyphase branch. 48 (192-tap prototype, Kaiser beta 8) keeps
 * the passband flat to ~0.46 fs, where BS.1770's 12-tap branches already
 * sag and under-read the peaks of bright material. */
#define OVERSAMPLE_TAPS 48
/* Input samples between a sample entering and its phase-0 copy leaving. */
#define OVERSAMPLE_DELAY (OVERSAMPLE_TAPS / 2)

struct oversample {
	float coef[4][OVERSAMPLE_TAPS]; /* [phase][tap]; phase 0 unused (pure delay) */
	float hist[2 * OVERSAMPLE_TAPS]; /* written twice so a window is contiguous */
	int pos;
	float last[2]; /* previous call's out[2], out[3], for oversample_peak */
	/* no value oversample_peak returns exceeds this times the largest
	 * |x| of its window (the input samples it sums): oversample_below */
	float bound;
};

/* Designs the Kaiser-windowed sinc and clears the history. */
void oversample_init(struct oversample *os);
void oversample_reset(struct oversample *os);
/* Push one input sample; out[k] is the signal at input time
 * (n - OVERSAMPLE_DELAY + k/4), where n is the sample just pushed. */
void oversample_push(struct oversample *os, float x, float out[4]);
/* Peak detectors want this: max |signal| over this sample's four grid
 * points, each refined by a parabola through its grid neighbours. NaN in,
 * NaN out. */
float oversample_peak(struct oversample *os, float x);
/* Only take x into the history, for callers that can show nothing in
 * this stretch could beat the peak they already have (truepeak.c). The
 * next oversample_peak call's first parabola then uses stale neighbours:
 * end a skipped stretch with an oversample_peak call. */
void oversample_feed(struct oversample *os, float x);
/* n oversample_feed calls, x[0] first: the same history at once. */
void oversample_feed_n(struct oversample *os, const float *x, int n);
/* oversample_peak of n consecutive inputs into peak[0..n-1], the very
 * same values, four samples at a time (their sums overlap). */
#define OVERSAMPLE_BLOCK 32
void oversample_peaks(struct oversample *os, const float *x, int n, float *peak);
/* True when no oversample_peak value over the next n inputs x can exceed
 * level (the interpolator's worst case over their windows, this stretch
 * and the history before it, and the parabola still owed from the last
 * call): a caller may then oversample_feed all but the last of them. */
int oversample_below(const struct oversample *os, const float *x, int n, double level);
#endif
