/* truepeak.c — running maximum of the 4x-interpolated signal. */
#include "dsp/truepeak.h"

void truepeak_init(struct truepeak *tp)
{
	for (int c = 0; c < DSP_MAXCH; c++)
		oversample_init(&tp->os[c]);
	tp->max = 0.0;
}

void truepeak_reset(struct truepeak *tp)
{
	for (int c = 0; c < DSP_MAXCH; c++)
		oversample_reset(&tp->os[c]);
	tp->max = 0.0;
}

void truepeak_process(struct truepeak *tp, const float *const ch[], int nch, int n)
{
	if (nch > DSP_MAXCH)
		nch = DSP_MAXCH;
	float m = (float)tp->max;
	for (int c = 0; c < nch; c++) {
		const float *x = ch[c];
		for (int i = 0; i < n; i++) {
			float p = oversample_peak(&tp->os[c], x[i]);
			if (p > m) /* false for NaN, so one bad sample can't stick */
				m = p;
		}
	}
	tp->max = m;
}

double truepeak_max(const struct truepeak *tp)
{
	return tp->max;
}
