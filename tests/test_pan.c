/* test_pan.c — pan laws, width, balance, glides. */
#include <stdlib.h>
#include "dsp/pan.h"
#include "sig.h"
#include "tap.h"

#define N 4800

static float in0[N], in1[N], ol[N], orr[N];

static void dc(float *y, int n, float v)
{
	for (int i = 0; i < n; i++)
		y[i] = v;
}

/* Levels (linear) of a mono DC of 1 panned with fresh settings. */
static void mono(double pan, double law, double *gl, double *gr)
{
	struct pan p;
	pan_init(&p, SR);
	pan_set(&p, pan, 100, law);
	dc(in0, N, 1.0f);
	pan_process(&p, (const float *[]){ in0 }, 1, ol, orr, N);
	*gl = ol[N - 1];
	*gr = orr[N - 1];
}

int main(void)
{
	static const double laws[] = { -3.0, -4.5, -6.0, 0.0 };
	double gl, gr;
	for (int k = 0; k < 4; k++) {
		mono(0, laws[k], &gl, &gr);
		is_near(20 * log10(gl), laws[k], 0.001, "law %g: centre left %.4f dB", laws[k], 20 * log10(gl));
		is_near(20 * log10(gr), laws[k], 0.001, "law %g: centre right %.4f dB", laws[k], 20 * log10(gr));
		mono(-100, laws[k], &gl, &gr);
		int zero = 1;
		for (int i = 0; i < N; i++)
			zero &= orr[i] == 0.0f;
		ok(zero, "law %g: hard left gives right exactly 0", laws[k]);
		is_near(20 * log10(gl), 0.0, 1e-6, "law %g: hard left gives left 0 dB", laws[k]);
	}

	/* +50: u = 0.75, sL = cos(3pi/8), sR = sin(3pi/8). */
	double sl = cos(3 * M_PI / 8), sr = sin(3 * M_PI / 8), c45 = sqrt(0.5);
	mono(50, -3, &gl, &gr);
	is_near(gl, sl * pow(10, -3 / 20.0) / c45, 1e-6, "-3 law +50: left %.5f", gl);
	is_near(gr, fmin(1.0, sr * pow(10, -3 / 20.0) / c45), 1e-6, "-3 law +50: right %.5f", gr);
	double k6 = -6.0 / (20 * log10(c45)), k45 = -4.5 / (20 * log10(c45));
	mono(50, -6, &gl, &gr);
	is_near(gl, pow(sl, k6), 1e-6, "-6 law +50: left %.5f (%.2f dB)", gl, 20 * log10(gl));
	is_near(gr, pow(sr, k6), 1e-6, "-6 law +50: right %.5f (%.2f dB)", gr, 20 * log10(gr));
	mono(50, -4.5, &gl, &gr);
	is_near(gl, pow(sl, k45), 1e-6, "-4.5 law +50: left %.5f (%.2f dB)", gl, 20 * log10(gl));
	is_near(gr, pow(sr, k45), 1e-6, "-4.5 law +50: right %.5f (%.2f dB)", gr, 20 * log10(gr));
	mono(50, 0, &gl, &gr);
	is_near(gl, sl / c45, 1e-6, "0 law +50: left %.5f (%.2f dB)", gl, 20 * log10(gl));
	is_near(gr, 1.0, 1e-6, "0 law +50: right unity");

	/* The -3 dB law keeps total power constant. */
	double pmin = 1e9, pmax = -1e9;
	for (int pos = -100; pos <= 100; pos += 5) {
		pan_mono_gains(pos, -3, &gl, &gr);
		double pw = 10 * log10(gl * gl + gr * gr);
		pmin = fmin(pmin, pw);
		pmax = fmax(pmax, pw);
	}
	ok(pmax - pmin < 0.02, "-3 law total power constant within %.4f dB", pmax - pmin);

	/* Stereo. */
	struct pan p;
	sig_sine(in0, N, 440, 0.5, SR);
	sig_sine(in1, N, 660, 0.3, SR);
	pan_init(&p, SR);
	pan_set(&p, 0, 0, -3);
	pan_process(&p, (const float *[]){ in0, in1 }, 2, ol, orr, N);
	int eq = 1;
	for (int i = 0; i < N; i++)
		eq &= ol[i] == orr[i] && fabsf(ol[i] - 0.5f * (in0[i] + in1[i])) < 1e-7f;
	ok(eq, "width 0: L == R == mono sum");
	pan_init(&p, SR);
	pan_set(&p, 0, 100, -3);
	pan_process(&p, (const float *[]){ in0, in1 }, 2, ol, orr, N);
	eq = 1;
	for (int i = 0; i < N; i++)
		eq &= ol[i] == in0[i] && orr[i] == in1[i];
	ok(eq, "balance centre, width 100: unity (bit-exact)");
	pan_init(&p, SR);
	pan_set(&p, 100, 100, -3);
	pan_process(&p, (const float *[]){ in0, in1 }, 2, ol, orr, N);
	eq = 1;
	for (int i = 0; i < N; i++)
		eq &= ol[i] == 0.0f && orr[i] == in1[i];
	ok(eq, "balance +100: left silent, right untouched");
	pan_init(&p, SR);
	pan_set(&p, -50, 100, -3);
	dc(in0, N, 1.0f);
	dc(in1, N, 1.0f);
	pan_process(&p, (const float *[]){ in0, in1 }, 2, ol, orr, N);
	is_near(20 * log10(orr[10]), -3.01, 0.01, "balance -50: right at -3 dB");
	is_near(ol[10], 1.0, 1e-7, "balance -50: left unity");
	pan_init(&p, SR);
	pan_set(&p, 0, 200, -3);
	dc(in1, N, 0.0f);
	pan_process(&p, (const float *[]){ in0, in1 }, 2, ol, orr, N);
	ok(fabsf(ol[10] - 1.5f) < 1e-6f && fabsf(orr[10] + 0.5f) < 1e-6f, "width 200 doubles the side (1,0) -> (1.5,-0.5)");

	/* Glide: hard left to hard right on DC without a step. */
	pan_init(&p, SR);
	pan_set(&p, -100, 100, -3);
	dc(in0, N, 1.0f);
	pan_process(&p, (const float *[]){ in0 }, 1, ol, orr, 480);
	pan_set(&p, 100, 100, -3);
	pan_process(&p, (const float *[]){ in0 + 480 }, 1, ol + 480, orr + 480, N - 480);
	double ms = 0;
	for (int i = 1; i < N; i++)
		ms = fmax(ms, fmax(fabs(ol[i] - ol[i - 1]), fabs(orr[i] - orr[i - 1])));
	ok(ms < 0.01, "pan sweep glides (max step %.5f)", ms);
	ok(ol[N - 1] < 0.005 && orr[N - 1] > 0.995, "and is nearly hard right after 90 ms (6 time constants)");

	/* In place, NaN, silence. */
	sig_sine(in0, N, 440, 0.5, SR);
	sig_sine(in1, N, 440, 0.5, SR);
	in1[100] = NAN;
	pan_process(&p, (const float *[]){ in0, in1 }, 2, in0, in1, N);
	ok(sig_all_finite(in0, N) && sig_all_finite(in1, N), "finite output after NaN (in place)");
	is_int(p.nan_resets, 1, "nan_resets incremented");
	dc(in0, N, 0.0f);
	pan_process(&p, (const float *[]){ in0 }, 1, ol, orr, N);
	ok(sig_rms(ol, N) == 0.0 && sig_rms(orr, N) == 0.0, "silence in, exact silence out");

	static float big[1000000], bl[1000000], br[1000000];
	sig_sine(big, 1000000, 440, 0.5, SR);
	for (int i = 0; i < 1000000; i += 64) {
		if (i % 4800 == 0)
			pan_set(&p, (i / 4800) % 200 - 100, 100, -4.5);
		pan_process(&p, (const float *[]){ big + i }, 1, bl + i, br + i, 64);
	}
	ok(sig_all_finite(bl, 1000000) && sig_all_finite(br, 1000000), "1e6 samples finite");
	return done_testing();
}
