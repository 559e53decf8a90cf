/* test_meter.c — peak/RMS/clip meter, true-peak meter, TPDF dither. */
#include "tap.h"
#include "dsp/dither.h"
#include "dsp/meter.h"
#include "dsp/truepeak.h"

#include <stdlib.h>

static void test_meter(void)
{
	enum { N = 48000 };
	static float l[N], r[N];
	for (int i = 0; i < N; i++) {
		l[i] = (float)sin(2 * M_PI * 997.0 * i / 48000.0);
		r[i] = 0.5f * l[i];
	}
	l[100] = 1.0f;
	l[200] = -1.25f;
	struct meter m;
	meter_reset(&m);
	const float *ch[2] = { l, r };
	for (int off = 0; off < N; off += 480) {
		const float *p[2] = { ch[0] + off, ch[1] + off };
		meter_process(&m, p, 2, 480);
	}
	float pk[2], rms[2];
	unsigned clips;
	meter_take(&m, pk, rms, &clips);
	is_near(pk[0], 1.25, 1e-6, "peak L is the largest |x|");
	is_near(lin_to_db(pk[1]), lin_to_db(0.5), 0.01, "peak R of a half-scale sine is -6.02 dB");
	is_near(lin_to_db(rms[0]), -3.0103, 0.01, "RMS of a full-scale sine is -3.01 dB");
	is_near(lin_to_db(rms[1]), -9.0309, 0.01, "RMS of a half-scale sine is -9.03 dB");
	ok(clips >= 2, "clips counted (%u): samples at and over 0 dBFS", clips);

	meter_take(&m, pk, rms, &clips);
	ok(pk[0] == 0.0f && rms[0] == 0.0f && clips == 0, "take clears");

	const float *mono[1] = { r };
	meter_process(&m, mono, 1, N);
	meter_take(&m, pk, rms, &clips);
	ok(pk[0] == pk[1] && rms[0] == rms[1], "mono meters into both slots");
}

static void test_truepeak(void)
{
	enum { N = 48000 };
	static float x[N];
	/* Faded in: an abrupt start would ring above 1 and be measured too. */
	for (int i = 0; i < N; i++)
		x[i] = (float)(sin(M_PI / 2 * i + M_PI / 4) * (i < 4800 ? 0.5 - 0.5 * cos(M_PI * i / 4800.0) : 1.0));
	float sp = 0.0f;
	for (int i = 0; i < N; i++)
		sp = fmaxf(sp, fabsf(x[i]));
	is_near(sp, 0.70711, 1e-4, "fs/4 sine at 45 deg: sample peak 0.7071");
	struct truepeak tp;
	truepeak_init(&tp);
	const float *ch[1] = { x };
	truepeak_process(&tp, ch, 1, N);
	tap_diag("true peak %.4f dBTP", lin_to_db(truepeak_max(&tp)));
	is_near(lin_to_db(truepeak_max(&tp)), 0.0, 0.1, "fs/4 sine at 45 deg: true peak 0 dBTP (+/-0.1 dB)");

	/* A low sine's true peak is its amplitude, within the grid error. */
	for (int i = 0; i < N; i++)
		x[i] = (float)(0.5 * sin(2 * M_PI * 1234.5 * i / 48000.0 + 0.1) * (i < 4800 ? 0.5 - 0.5 * cos(M_PI * i / 4800.0) : 1.0));
	truepeak_reset(&tp);
	truepeak_process(&tp, ch, 1, N);
	is_near(lin_to_db(truepeak_max(&tp)), lin_to_db(0.5), 0.02, "1234.5 Hz sine at -6.02 dB reads -6.02 dBTP");

	/* Blocks that provably cannot beat the running peak are skipped:
	 * the result must be exactly the peak of every sample's reading.
	 * Bright noise with a loud burst, quiet stretches, a near-miss and
	 * a later higher peak, in blocks of assorted sizes. */
	{
		struct oversample os;
		float ref = 0.0f;
		unsigned seed = 12345;
		oversample_init(&os);
		for (int i = 0; i < N; i++) {
			seed = seed * 1664525u + 1013904223u;
			double lvl = i < 2000 ? 0.2 : i < 3000 ? 0.9 : i < 30000 ? 0.05 : i < 30100 ? 0.84 : i < 40000 ? 0.1 : 0.95;
			x[i] = (float)(lvl * ((double)(seed >> 8) / (1 << 24) * 2.0 - 1.0));
			float p = oversample_peak(&os, x[i]);
			ref = p > ref ? p : ref;
		}
		truepeak_reset(&tp);
		for (int i = 0, k = 0; i < N; k++) {
			int n = 1 + (k * 37) % 700;
			if (n > N - i)
				n = N - i;
			const float *part[1] = { x + i };
			truepeak_process(&tp, part, 1, n);
			i += n;
		}
		ok((float)truepeak_max(&tp) == ref, "block-wise true peak equals the per-sample peak exactly (%.6f, %.6f)",
		   truepeak_max(&tp), ref);
	}
}

static void test_dither(void)
{
	enum { N = 1000000 };
	struct dither d;
	dither_init(&d, 42);
	double sum = 0.0, sum2 = 0.0, mn = 0.0, mx = 0.0;
	long inner = 0;
	for (int i = 0; i < N; i++) {
		double v = dither_tpdf(&d);
		sum += v;
		sum2 += v * v;
		mn = fmin(mn, v);
		mx = fmax(mx, v);
		inner += fabs(v) < 0.5;
	}
	double mean = sum / N, var = sum2 / N - mean * mean;
	is_near(mean, 0.0, 0.002, "TPDF mean ~0");
	is_near(var, 1.0 / 6.0, 0.002, "TPDF variance 1/6 LSB^2");
	/* Triangular: P(|v| < 0.5) = 3/4 (a uniform would give 1/2). */
	is_near((double)inner / N, 0.75, 0.003, "triangular shape: 75%% within +/-0.5 LSB");
	ok(mn > -1.0 && mx < 1.0, "range inside (-1, 1): [%g, %g]", mn, mx);

	struct dither a, b, c;
	dither_init(&a, 7);
	dither_init(&b, 7);
	dither_init(&c, 8);
	int same = 1, differ = 0;
	for (int i = 0; i < 10000; i++) {
		float va = dither_tpdf(&a), vb = dither_tpdf(&b), vc = dither_tpdf(&c);
		same &= va == vb;
		differ |= va != vc;
	}
	ok(same, "same seed, same sequence");
	ok(differ, "different seed, different sequence");
}

int main(void)
{
	test_meter();
	test_truepeak();
	test_dither();
	return done_testing();
}
