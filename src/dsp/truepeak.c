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
		struct oversample *os = &tp->os[c];
		const float *x = ch[c];
		/* Nothing in a stretch can beat the running peak when even the
		 * interpolator's worst case over its windows (the stretch and the
		 * history before it) stays under it: then only the history is
		 * kept, and the last sample computed so the next stretch's first
		 * parabola has its neighbours. A report measures one loud moment
		 * and then mostly confirms it; stretches of OVERSAMPLE_BLOCK
		 * frames find the quieter moments between the loud ones. */
		for (int i = 0; i < n; i += OVERSAMPLE_BLOCK) {
			float pk[OVERSAMPLE_BLOCK];
			int k = n - i < OVERSAMPLE_BLOCK ? n - i : OVERSAMPLE_BLOCK;
			if (k > 1 && oversample_below(os, x + i, k, m)) {
				oversample_feed_n(os, x + i, k - 1);
				float p = oversample_peak(os, x[i + k - 1]);
				if (p > m)
					m = p;
				continue;
			}
			oversample_peaks(os, x + i, k, pk);
			for (int j = 0; j < k; j++)
				if (pk[j] > m) /* false for NaN, so one bad sample can't stick */
					m = pk[j];
		}
	}
	tp->max = m;
}

double truepeak_max(const struct truepeak *tp)
{
	return tp->max;
}
