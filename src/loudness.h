/* loudness.h — EBU R128 / ITU-R BS.1770 measurement through libebur128:
 * integrated loudness, loudness range, momentary and short-term loudness,
 * true peak. Histogram mode, so memory stays flat however long it runs.
 * Not for the audio callback (libebur128 may allocate); the live meter
 * feeds it from a ring on its own thread. */
#ifndef TMIX_LOUDNESS_H
#define TMIX_LOUDNESS_H
#include <math.h>

struct loudness;

struct loudness *loudness_new(double rate);
/* Without true peak (loudness_true_peak_db then reads -inf): for callers
 * that measure it with dsp/truepeak.h, which costs far less. */
struct loudness *loudness_new_no_tp(double rate);
void loudness_free(struct loudness *l);
void loudness_reset(struct loudness *l);
void loudness_add(struct loudness *l, const float *left, const float *right, int n);
/* -INFINITY when there is nothing loud enough to measure. */
double loudness_integrated(struct loudness *l);
double loudness_range(struct loudness *l);
double loudness_momentary(struct loudness *l);
double loudness_shortterm(struct loudness *l);
double loudness_true_peak_db(struct loudness *l); /* dBTP, max of channels */
#endif
