/* meter.h — level-meter accumulation run on the audio side: peak, RMS
 * and clip count since the last read. Plain data, no atomics: the engine
 * owns the struct, calls meter_process() from the audio thread and
 * publishes meter_take()'s snapshot to the UI by its own means. */
#ifndef TMIX_METER_H
#define TMIX_METER_H
#include "dsp/dsp.h"

struct meter {
	float peak[DSP_MAXCH];   /* max |x| since last take */
	double sumsq[DSP_MAXCH]; /* double: a float sum stalls after ~1e7 samples */
	double sumlr;            /* sum of L*R, for the correlation meter (mono: of x*x) */
	unsigned long count;     /* frames since last take */
	unsigned clips;          /* samples with |x| >= 1.0 (0 dBFS), all channels */
};

void meter_reset(struct meter *m);
/* A mono input (nch 1) is metered into both slots, so a stereo display
 * shows it on both sides. */
void meter_process(struct meter *m, const float *const ch[], int nch, int n);
/* Read linear peak and RMS per channel and the clip count, then clear. */
void meter_take(struct meter *m, float peak[2], float rms[2], unsigned *clips);
/* Mean of L*R since the last take (signed; with the RMS it gives the
 * correlation). Read it before meter_take, which clears it. */
float meter_lr(const struct meter *m);
#endif
