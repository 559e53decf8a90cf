/* truepeak.h — 4x-oversampled true-peak measurement (BS.1770 style) for
 * the master meter and bounce reports. Uses the same interpolator as the
 * limiter (oversample.h), so a limited master reads at or under its
 * ceiling here. Owned by whoever meters a bus; audio-thread safe. */
#ifndef TMIX_TRUEPEAK_H
#define TMIX_TRUEPEAK_H
#include "dsp/dsp.h"
#include "dsp/oversample.h"

struct truepeak {
	struct oversample os[DSP_MAXCH];
	double max; /* linear, largest |x| on the 4x grid since init/reset */
};

void truepeak_init(struct truepeak *tp);
void truepeak_reset(struct truepeak *tp);
void truepeak_process(struct truepeak *tp, const float *const ch[], int nch, int n);
/* Linear true peak since init/reset (1.0 = 0 dBTP). */
double truepeak_max(const struct truepeak *tp);
#endif
