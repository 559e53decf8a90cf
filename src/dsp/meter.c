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
	/* Three reductions the compiler can split across vector lanes (the
	 * sum's rounding then depends on the lane count: fine for a meter).
	 * NaN never raises the peak and is not a clip. */
	for (int c = 0; c < nch; c++) {
		const float *x = ch[c];
		double ss = 0.0;
		unsigned clips = 0;
		DSP_SIMD_REDUCE(+, ss)
		for (int i = 0; i < n; i++)
			ss += (double)x[i] * x[i];
		DSP_SIMD_REDUCE(+, clips)
		for (int i = 0; i < n; i++)
			clips += fabsf(x[i]) >= 1.0f;
		m->peak[c] = dsp_absmax(x, n, m->peak[c]);
		m->sumsq[c] += ss;
		m->clips += clips;
	}
	if (nch == 1) {
		m->peak[1] = m->peak[0];
		m->sumsq[1] = m->sumsq[0];
		m->sumlr = m->sumsq[0];
	} else if (nch == 2) {
		const float *a = ch[0], *b = ch[1];
		double lr = 0.0;
		DSP_SIMD_REDUCE(+, lr)
		for (int i = 0; i < n; i++)
			lr += (double)a[i] * b[i];
		m->sumlr += lr;
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

float meter_lr(const struct meter *m)
{
	return m->count ? (float)(m->sumlr / (double)m->count) : 0.0f;
}
