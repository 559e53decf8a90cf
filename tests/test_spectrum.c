/* test_spectrum.c — the radix-2 FFT against a plain DFT, a sine in its
 * band at its level, pink noise flat per 1/3 octave, mono input. */
#include "spectrum.h"
#include "tap.h"
#include <stdlib.h>

#define RATE 48000

static float L[RATE * 20], R[RATE * 20];

static void test_fft(void)
{
	enum { N = 64 };
	double re[N], im[N], err = 0;
	srand(3);
	for (int i = 0; i < N; i++) {
		re[i] = rand() / (double)RAND_MAX - 0.5;
		im[i] = rand() / (double)RAND_MAX - 0.5;
	}
	double r0[N], i0[N];
	memcpy(r0, re, sizeof re);
	memcpy(i0, im, sizeof im);
	spectrum_fft(re, im, N);
	for (int k = 0; k < N; k++) {
		double sr = 0, si = 0;
		for (int n = 0; n < N; n++) {
			double a = -2 * M_PI * k * n / N;
			sr += r0[n] * cos(a) - i0[n] * sin(a);
			si += r0[n] * sin(a) + i0[n] * cos(a);
		}
		err = fmax(err, fmax(fabs(sr - re[k]), fabs(si - im[k])));
	}
	ok(err < 1e-9, "FFT equals the DFT (max error %.2g)", err);
}

static int band_of(double hz)
{
	for (int j = 0; j < SPECTRUM_BANDS; j++)
		if (spectrum_centre[j] == hz)
			return j;
	return -1;
}

static void test_sine(double hz, double amp)
{
	struct spectrum *s = spectrum_new(RATE);
	double b[SPECTRUM_BANDS];
	int n = RATE * 5, k = band_of(hz), loudest = 0;
	for (int i = 0; i < n; i++)
		L[i] = R[i] = (float)(amp * sin(2 * M_PI * hz * i / RATE));
	spectrum_add(s, L, R, n);
	spectrum_bands(s, b);
	for (int j = 1; j < SPECTRUM_BANDS; j++)
		if (b[j] > b[loudest])
			loudest = j;
	is_int(loudest, k, "a %.0f Hz sine lands in the %s band", hz, spectrum_label(k));
	is_near(b[k], 20 * log10(amp) - 3.01, 0.3, "its band reads its mean-square level (%.2f dB)", b[k]);
	ok(b[k - 2] < b[k] - 30 && b[k + 2] < b[k] - 30, "two bands away it is 30 dB down (%.1f, %.1f)", b[k - 2],
	   b[k + 2]);
	spectrum_free(s);
}

/* Paul Kellet's refined pink filter (within 0.05 dB above 9 Hz). */
static void pink(float *out, int n, unsigned seed)
{
	double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
	srand(seed);
	for (int i = 0; i < n; i++) {
		double w = (rand() / (double)RAND_MAX - 0.5) * 0.2;
		b0 = 0.99886 * b0 + w * 0.0555179;
		b1 = 0.99332 * b1 + w * 0.0750759;
		b2 = 0.96900 * b2 + w * 0.1538520;
		b3 = 0.86650 * b3 + w * 0.3104856;
		b4 = 0.55000 * b4 + w * 0.5329522;
		b5 = -0.7616 * b5 - w * 0.0168980;
		out[i] = (float)(b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
		b6 = w * 0.115926;
	}
}

static void test_pink(void)
{
	struct spectrum *s = spectrum_new(RATE);
	double b[SPECTRUM_BANDS], mean = 0, worst = 0;
	int n = RATE * 20, from = 0, wb = 0;
	pink(L, n, 1);
	pink(R, n, 2);
	spectrum_add(s, L, R, n);
	spectrum_bands(s, b);
	for (int j = from; j < SPECTRUM_BANDS; j++)
		mean += b[j] / (SPECTRUM_BANDS - from);
	for (int j = from; j < SPECTRUM_BANDS; j++)
		if (fabs(b[j] - mean) > worst) {
			worst = fabs(b[j] - mean);
			wb = j;
		}
	ok(worst <= 1.0, "pink noise is flat per 1/3 octave 20 Hz - 20 kHz: worst %.2f dB at %s", worst,
	   spectrum_label(wb));
	for (int j = 0; j < SPECTRUM_BANDS; j++)
		tap_diag("%5s %+6.2f", spectrum_label(j), b[j] - mean);
	spectrum_free(s);
}

static void test_misc(void)
{
	struct spectrum *s = spectrum_new(RATE);
	double b[SPECTRUM_BANDS];
	is_int(spectrum_bands(s, b), 0, "nothing added: no windows");
	ok(isinf(b[17]) && b[17] < 0, "and -inf in every band");
	for (int i = 0; i < RATE; i++)
		L[i] = (float)(0.5 * sin(2 * M_PI * 1000 * i / RATE));
	spectrum_add(s, L, NULL, 3000);
	spectrum_break(s);
	spectrum_add(s, L, NULL, 3000);
	is_int(spectrum_bands(s, b), 0, "a break drops the partial window");
	spectrum_add(s, L, NULL, RATE);
	ok(spectrum_bands(s, b) > 0 && fabs(b[17] - (20 * log10(0.5) - 3.01)) < 0.3, "mono input reads like stereo");
	spectrum_reset(s);
	is_int(spectrum_bands(s, b), 0, "reset empties it");
	spectrum_free(s);
}

int main(void)
{
	test_fft();
	test_sine(1000, 0.5);
	test_sine(100, 0.1);
	test_sine(8000, 0.25);
	test_pink();
	test_misc();
	return done_testing();
}
