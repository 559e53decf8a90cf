/* sig.h — signal helpers shared by the DSP unit tests: sine generation and
 * RMS over a whole number of periods, so a steady-state level reads true
 * to a few thousandths of a dB without windowing. Test-only. */
#ifndef TMIX_TEST_SIG_H
#define TMIX_TEST_SIG_H
#include <math.h>
#include <float.h>

#define SR 48000.0

static inline void sig_sine(float *x, int n, double freq, double amp, double rate)
{
	for (int i = 0; i < n; i++)
		x[i] = (float)(amp * sin(2.0 * M_PI * freq * i / rate));
}

/* Frames in the largest whole number of periods of freq that fit in n. */
static inline int sig_whole(int n, double freq, double rate)
{
	double per = rate / freq;
	int k = (int)(n / per);
	return k < 1 ? n : (int)lround(k * per);
}

static inline double sig_rms(const float *x, int n)
{
	double s = 0.0;
	for (int i = 0; i < n; i++)
		s += (double)x[i] * x[i];
	return sqrt(s / (n > 0 ? n : 1));
}

/* Level of the last `win` frames of y relative to the same frames of x,
 * in dB, the window trimmed to whole periods of freq. */
static inline double sig_gain_db(const float *x, const float *y, int n, int win,
				 double freq, double rate)
{
	int w = sig_whole(win, freq, rate);
	double rx = sig_rms(x + n - w, w), ry = sig_rms(y + n - w, w);
	return 20.0 * log10((ry > 1e-30 ? ry : 1e-30) / rx);
}

static inline int sig_all_finite(const float *x, int n)
{
	for (int i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return 0;
	return 1;
}

static inline int sig_count_denormal(const float *x, int n)
{
	int c = 0;
	for (int i = 0; i < n; i++)
		if (x[i] != 0.0f && fabsf(x[i]) < FLT_MIN)
			c++;
	return c;
}
#endif
