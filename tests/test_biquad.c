/* test_biquad.c — RBJ designs measured with sines against analytic levels. */
#include <stdlib.h>
#include "dsp/biquad.h"
#include "sig.h"
#include "tap.h"

#define N 48000

static float xin[N], yout[N];

/* Run a sine at freq through the design; return the steady-state gain. */
static double measure(const struct biquad_coefs *c, double freq)
{
	struct biquad_state s = { 0 };
	sig_sine(xin, N, freq, 0.5, SR);
	for (int i = 0; i < N; i++)
		yout[i] = xin[i];
	for (int i = 0; i < N; i += 32)
		biquad_process(c, &s, yout + i, 32);
	return sig_gain_db(xin, yout, N, N / 2, freq, SR);
}

static void check(enum biquad_type t, double f0, double g, double q, double f,
		  double want, double tol, const char *name)
{
	struct biquad_coefs c;
	biquad_design(&c, t, SR, f0, g, q);
	double got = measure(&c, f), resp = biquad_response_db(&c, SR, f);
	is_near(got, want, tol, "%s: %g Hz reads %.3f dB (want %.2f)", name, f, got, want);
	is_near(resp, got, 0.02, "%s: response_db at %g Hz (%.3f) matches measured", name, f, resp);
}

int main(void)
{
	check(BQ_BELL, 1000, 6, 1, 1000, 6.0, 0.1, "bell +6");
	check(BQ_BELL, 1000, -6, 1, 1000, -6.0, 0.1, "bell -6");
	check(BQ_BELL, 1000, 6, 1, 10000, 0.0, 0.5, "bell +6");
	check(BQ_LOWSHELF, 200, 6, 1, 20, 6.0, 0.3, "lowshelf +6 @200");
	check(BQ_LOWSHELF, 200, 6, 1, 10000, 0.0, 0.2, "lowshelf +6 @200");
	check(BQ_HIGHSHELF, 2000, 6, 1, 20000, 6.0, 0.3, "highshelf +6 @2k");
	check(BQ_HIGHSHELF, 2000, 6, 1, 100, 0.0, 0.2, "highshelf +6 @2k");
	check(BQ_HIGHPASS, 100, 0, 0.70710678, 50, -12.30, 0.2, "hp 100");
	check(BQ_HIGHPASS, 100, 0, 0.70710678, 100, -3.01, 0.1, "hp 100");
	check(BQ_LOWPASS, 1000, 0, 0.70710678, 2000, -12.30, 0.2, "lp 1k");
	check(BQ_LOWPASS, 1000, 0, 0.70710678, 1000, -3.01, 0.1, "lp 1k");

	struct biquad_coefs c;
	biquad_design(&c, BQ_NOTCH, SR, 1000, 0, 1);
	double got = measure(&c, 1000);
	ok(got < -30.0, "notch 1k attenuates 1 kHz by > 30 dB (%.1f dB)", got);
	is_near(measure(&c, 100), 0.0, 0.5, "notch 1k leaves 100 Hz alone");
	ok(biquad_response_db(&c, SR, 1000) < -100.0, "notch response at centre is deep");

	/* The shelf at 0 dB gain must be the identity. */
	biquad_design(&c, BQ_LOWSHELF, SR, 300, 0, 1);
	is_near(biquad_response_db(&c, SR, 57), 0.0, 1e-9, "0 dB shelf is flat");

	/* NaN: reset, silence for the block, finite afterwards. */
	struct biquad_state s = { 0 };
	biquad_design(&c, BQ_BELL, SR, 1000, 6, 1);
	sig_sine(xin, 256, 1000, 0.5, SR);
	xin[40] = NAN;
	int r = 0;
	for (int i = 0; i < 256; i += 32)
		r += biquad_process(&c, &s, xin + i, 32);
	is_int(r, 1, "one NaN block reported");
	is_int(s.nan_resets, 1, "nan_resets incremented");
	ok(sig_all_finite(xin, 256), "output finite after NaN");
	ok(xin[32] == 0.0f && xin[63] == 0.0f, "the bad block is silent");
	ok(fabsf(xin[100]) > 0.0f, "signal resumes after the bad block");

	/* Silence: state flushes to exactly zero, no denormals on the way. */
	int den = 0;
	for (int k = 0; k < 48000 * 4 / 32; k++) {
		for (int i = 0; i < 32; i++)
			xin[i] = 0.0f;
		biquad_process(&c, &s, xin, 32);
		den += sig_count_denormal(xin, 32);
	}
	ok(s.z1 == 0.0 && s.z2 == 0.0, "state is exactly 0 after long silence");
	is_int(den, 0, "no denormal outputs");

	/* A million samples, for a sanity run under the sanitizers. */
	static float big[1000000];
	sig_sine(big, 1000000, 440, 0.5, SR);
	for (int i = 0; i + 32 <= 1000000; i += 32)
		biquad_process(&c, &s, big + i, 32);
	ok(sig_all_finite(big, 1000000), "1e6 samples finite");
	return done_testing();
}
