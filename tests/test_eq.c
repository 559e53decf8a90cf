/* test_eq.c — the strip EQ measured with sines: bands, HPF/LPF slopes,
 * agreement of eq_response_db with the sound, glides, NaN and silence. */
#include <stdlib.h>
#include "dsp/eq.h"
#include "sig.h"
#include "tap.h"

#define N 48000

static float xin[N], yout[N];
static struct eq e;

/* Steady-state gain of the current settings at freq (fresh state). */
static double measure(double freq)
{
	float *ch[1] = { yout };
	eq_reset(&e);
	sig_sine(xin, N, freq, 0.5, SR);
	memcpy(yout, xin, sizeof xin);
	eq_process(&e, ch, 1, N);
	return sig_gain_db(xin, yout, N, N / 2, freq, SR);
}

static void fresh(void) { eq_init(&e, SR); }

static void level(double freq, double want, double tol, const char *what)
{
	double got = measure(freq);
	is_near(got, want, tol, "%s: %g Hz at %.3f dB (want %.2f)", what, freq, got, want);
}

/* Analog Butterworth attenuation of order 2*nst at ratio r = f/fc (HP). */
static double butter_hp_db(double r, int order) { return -10.0 * log10(1.0 + pow(r, -2.0 * order)); }

int main(void)
{
	fresh();
	eq_set_band(&e, 0, EQB_BELL, 1000, 6, 1);
	level(1000, 6.0, 0.1, "bell 1k +6 q1");
	level(10000, 0.0, 0.5, "bell 1k +6 q1");
	eq_set_band(&e, 0, EQB_BELL, 1000, -6, 1);
	level(1000, -6.0, 0.1, "bell 1k -6 q1");

	fresh();
	eq_set_band(&e, 3, EQB_LOWSHELF, 200, 6, 1);
	level(20, 6.0, 0.3, "lowshelf 200 +6");
	level(10000, 0.0, 0.2, "lowshelf 200 +6");
	fresh();
	eq_set_band(&e, 7, EQB_HIGHSHELF, 2000, 6, 1);
	level(20000, 6.0, 0.3, "highshelf 2k +6");
	level(100, 0.0, 0.2, "highshelf 2k +6");
	fresh();
	eq_set_band(&e, 5, EQB_NOTCH, 1000, 0, 1);
	double nd = measure(1000);
	ok(nd < -30.0, "notch 1k: 1 kHz down %.1f dB (> 30)", -nd);
	level(100, 0.0, 0.5, "notch 1k");

	fresh();
	eq_set_hpf(&e, 1, 100, 12);
	level(50, butter_hp_db(0.5, 2), 0.2, "hpf 100/12");
	level(100, -3.01, 0.1, "hpf 100/12");
	level(1000, 0.0, 0.1, "hpf 100/12");
	eq_set_hpf(&e, 1, 100, 24);
	level(100, -3.01, 0.1, "hpf 100/24");
	level(50, butter_hp_db(0.5, 4), 0.2, "hpf 100/24");
	level(1000, 0.0, 0.1, "hpf 100/24");
	fresh();
	eq_set_lpf(&e, 1, 1000, 12);
	level(2000, butter_hp_db(0.5, 2), 0.2, "lpf 1k/12");
	level(1000, -3.01, 0.1, "lpf 1k/12");
	level(100, 0.0, 0.1, "lpf 1k/12");
	eq_set_lpf(&e, 1, 1000, 24);
	level(1000, -3.01, 0.1, "lpf 1k/24");
	level(2000, butter_hp_db(0.5, 4), 0.2, "lpf 1k/24");
	level(100, 0.0, 0.1, "lpf 1k/24");

	/* Everything at once: the curve the TUI draws must be what we hear. */
	fresh();
	eq_set_hpf(&e, 1, 80, 24);
	eq_set_lpf(&e, 1, 15000, 12);
	eq_set_band(&e, 0, EQB_LOWSHELF, 200, -3, 1);
	eq_set_band(&e, 1, EQB_BELL, 1000, 4, 2);
	eq_set_band(&e, 2, EQB_NOTCH, 3000, 0, 4);
	eq_set_band(&e, 6, EQB_HIGHSHELF, 8000, 2, 1);
	static const double fr[] = { 50, 150, 500, 1000, 2000, 2900, 5000, 10000, 16000 };
	for (size_t k = 0; k < sizeof fr / sizeof fr[0]; k++) {
		double want = eq_response_db(&e, fr[k]);
		double got = measure(fr[k]);
		is_near(got, want, 0.1, "response_db %g Hz: curve %.3f, measured %.3f", fr[k], want, got);
	}

	/* Glide: a +12 dB bell switched on mid-stream ramps in, no step. */
	fresh();
	float *ch[1] = { yout };
	sig_sine(xin, N, 1000, 0.5, SR);
	memcpy(yout, xin, sizeof xin);
	eq_process(&e, ch, 1, 4800);
	eq_set_band(&e, 0, EQB_BELL, 1000, 12, 1);
	eq_process(&e, (float *[]){ yout + 4800 }, 1, N - 4800);
	double maxd = 0, sinemax = 2 * M_PI * 1000 / SR * 0.5 * pow(10, 12 / 20.0);
	for (int i = 1; i < N; i++)
		if (fabs(yout[i] - yout[i - 1]) > maxd)
			maxd = fabs(yout[i] - yout[i - 1]);
	ok(maxd <= sinemax * 1.01, "bell switched on glides: max step %.4f <= %.4f", maxd, sinemax);
	double early = 20 * log10(sig_rms(yout + 4800, 96) / sig_rms(xin + 4800, 96));
	ok(early < 3.0, "2 ms after switching on the bell is still near 0 dB (%.2f)", early);
	is_near(sig_gain_db(xin, yout, N, 4800, 1000, SR), 12.0, 0.1, "and it arrives at +12 dB");

	/* Notch switched on then off: crossfades, then costs nothing and is
	 * bit-transparent. */
	fresh();
	memcpy(yout, xin, sizeof xin);
	eq_set_band(&e, 2, EQB_NOTCH, 1000, 0, 1);
	eq_process(&e, ch, 1, 9600);
	eq_set_band(&e, 2, EQB_OFF, 1000, 0, 1);
	eq_process(&e, (float *[]){ yout + 9600 }, 1, N - 9600);
	maxd = 0;
	for (int i = 1; i < N; i++)
		if (fabs(yout[i] - yout[i - 1]) > maxd)
			maxd = fabs(yout[i] - yout[i - 1]);
	ok(maxd <= 2 * M_PI * 1000 / SR * 0.5 * 1.01, "notch on/off without a click (max step %.4f)", maxd);
	is_int(e.band[2].active, 0, "notch switched off stops running");
	int same = 1;
	for (int i = N - 4800; i < N; i++)
		same &= yout[i] == xin[i];
	ok(same, "an all-off EQ is bit-transparent");

	/* Shape change (bell -> lowshelf) fades out and back in. */
	fresh();
	eq_set_band(&e, 0, EQB_BELL, 1000, 6, 1);
	measure(1000);
	eq_set_band(&e, 0, EQB_LOWSHELF, 200, 6, 1);
	sig_sine(xin, N, 20, 0.5, SR);
	memcpy(yout, xin, sizeof xin);
	eq_process(&e, ch, 1, N);
	is_near(sig_gain_db(xin, yout, N, N / 2, 20, SR), 6.0, 0.3, "bell -> lowshelf swap arrives");
	is_int(e.band[0].kind, EQB_LOWSHELF, "band now runs the shelf");

	/* NaN in a stereo buffer. */
	fresh();
	eq_set_hpf(&e, 1, 100, 24);
	eq_set_band(&e, 0, EQB_BELL, 1000, 6, 1);
	static float l[N], r[N];
	sig_sine(l, N, 440, 0.5, SR);
	sig_sine(r, N, 550, 0.5, SR);
	r[1000] = NAN;
	l[2000] = INFINITY;
	eq_process(&e, (float *[]){ l, r }, 2, N);
	ok(sig_all_finite(l, N) && sig_all_finite(r, N), "stereo output finite after NaN/Inf");
	is_int(e.nan_resets, 2, "nan_resets counts both bad sub-blocks");
	ok(fabsf(l[N - 10]) > 0.01f, "audio resumes");

	/* Silence: every biquad's state flushes to exactly 0. */
	for (int k = 0; k < 4; k++) {
		memset(l, 0, sizeof l);
		memset(r, 0, sizeof r);
		eq_process(&e, (float *[]){ l, r }, 2, N);
	}
	int zero = 1;
	for (int k = 0; k < 2; k++)
		for (int c = 0; c < 2; c++)
			zero &= e.hpf.st[k][c].z1 == 0.0 && e.hpf.st[k][c].z2 == 0.0;
	zero &= e.band[0].st[0][0].z1 == 0.0 && e.band[0].st[0][1].z2 == 0.0;
	ok(zero, "filter state exactly 0 after silence");
	is_int(sig_count_denormal(l, N) + sig_count_denormal(r, N), 0, "no denormal output");

	/* A strip's starting settings are heard from the first sample (no
	 * fade-in): a fresh EQ's first 10 ms equal the plain filter's. */
	{
		static float a[480], b[480];
		struct biquad_coefs bc;
		struct biquad_state bs = { 0 };
		fresh();
		eq_set_hpf(&e, 1, 200, 12);
		sig_sine(a, 480, 60, 0.5, SR);
		memcpy(b, a, sizeof a);
		eq_process(&e, (float *[]){ a }, 1, 480);
		biquad_design(&bc, BQ_HIGHPASS, SR, 200, 0.0, 0.70710678118654752);
		biquad_process(&bc, &bs, b, 480);
		double worst = 0.0;
		for (int i = 0; i < 480; i++)
			worst = fmax(worst, fabs((double)a[i] - b[i]));
		ok(worst < 1e-6, "fresh EQ: hpf 200 Hz in from the first sample (worst difference %.2g)", worst);
	}

	/* A million stereo samples with everything on, under the sanitizers. */
	static float bl[1000000], br[1000000];
	sig_sine(bl, 1000000, 440, 0.5, SR);
	sig_sine(br, 1000000, 330, 0.5, SR);
	eq_set_lpf(&e, 1, 12000, 24);
	for (int i = 0; i < EQ_NBANDS; i++)
		eq_set_band(&e, i, EQB_BELL, 100.0 * (i + 1), i % 2 ? 3 : -3, 1.5);
	for (int i = 0; i < 1000000; i += 64)
		eq_process(&e, (float *[]){ bl + i, br + i }, 2, 1000000 - i < 64 ? 1000000 - i : 64);
	ok(sig_all_finite(bl, 1000000) && sig_all_finite(br, 1000000), "1e6 stereo samples finite");
	return done_testing();
}
