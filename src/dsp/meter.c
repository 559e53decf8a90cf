/* meter.c — peak / RMS / clip accumulation. */
#include "dsp/meter.h"

#include <string.h>

void meter_reset(struct meter *m)
{
	memset(m, 0, sizeof *m);
}

void meter_process(struct meter *m, const float *const ch[], int nch, int n)
{
	if (nch > DSP_MAXCH)
		nch = DSP_MAXCH;
	for (int c = 0; c < nch; c++) {
		const float *x = ch[c];
		float pk = m->peak[c];
		double ss = 0.0;
		unsigned clips = 0;
		for (int i = 0; i < n; i++) {
			float a = fabsf(x[i]);
			if (a > pk)
				pk = a;
			if (a >= 1.0f)
				clips++;
			ss += (double)x[i] * x[i];
		}
		m->peak[c] = pk;
		m->sumsq[c] += ss;
		m->clips += clips;
	}
	if (nch == 1) {
		m->peak[1] = m->peak[0];
		m->sumsq[1] = m->sumsq[0];
	}
	m->count += (unsigned long)n;
}

void meter_take(struct meter *m, float peak[2], float rms[2], unsigned *clips)
{
	for (int c = 0; c < 2; c++) {
		peak[c] = m->peak[c];
		rms[c] = m->count ? (float)sqrt(m->sumsq[c] / (double)m->count) : 0.0f;
	}
	if (clips)
		*clips = m->clips;
	meter_reset(m);
}
