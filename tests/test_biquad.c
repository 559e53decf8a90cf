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

	/* The cascade (paired and pipelined for up to 8 stages) against the
	 * plain double recursion in the same form, bit for bit, for every stage count and
	 * lengths around the pipeline's fill and drain, state carried over. */
	{
		static const enum biquad_type ty[] = { BQ_HIGHPASS, BQ_BELL, BQ_LOWSHELF, BQ_HIGHSHELF, BQ_BELL,
						       BQ_NOTCH, BQ_LOWPASS, BQ_BELL, BQ_HIGHPASS, BQ_BELL };
		static const int lens[] = { 1, 2, 3, 5, 7, 8, 9, 16, 31, 32, 33, 32, 17, 32 };
		struct biquad_coefs cc[10];
		struct biquad_state st[10];
		const struct biquad_coefs *cp[10];
		struct biquad_state *sp[10];
		int same = 1;
		for (int k = 0; k < 10; k++) {
			biquad_design(&cc[k], ty[k], SR, 60.0 * (k + 1) * (k + 1), k % 2 ? 4.0 : -3.0, 0.7 + 0.2 * k);
			cp[k] = &cc[k];
			sp[k] = &st[k];
		}
		sig_sine(xin, 4096, 97, 0.7, SR);
		for (int ns = 1; ns <= 10; ns++) {
			double z1[10] = { 0 }, z2[10] = { 0 };
			int at = 0;
			memset(st, 0, sizeof st);
			for (int rep = 0; rep < 3; rep++)
				for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
					int n = lens[li];
					float cas[64], want[64];
					memcpy(cas, xin + at, (size_t)n * sizeof(float));
					biquad_cascade(cp, sp, ns, cas, n);
					for (int i = 0; i < n; i++) {
						double v = xin[at + i];
						for (int k = 0; k < ns; k++) { /* biquad.c's struct casc form */
							double y = cc[k].b0 * v + z1[k];
							double c1 = cc[k].b1 - cc[k].a1 * cc[k].b0, c2 = cc[k].b2 - cc[k].a2 * cc[k].b0;
							double nz1 = c1 * v + z2[k] - cc[k].a1 * z1[k];
							z2[k] = c2 * v - cc[k].a2 * z1[k];
							z1[k] = nz1;
							v = y;
						}
						want[i] = (float)v;
					}
					for (int k = 0; k < ns; k++) /* the cascade flushes at the end of a call */
						z1[k] = fabs(z1[k]) < 1e-20 ? 0.0 : z1[k], z2[k] = fabs(z2[k]) < 1e-20 ? 0.0 : z2[k];
					same &= memcmp(cas, want, (size_t)n * sizeof(float)) == 0;
					at += n;
				}
		}
		ok(same, "cascade of 1..10 stages equals the plain recursion bit for bit");
	}

	/* Through a tail decaying into silence, where the tiny states are
	 * flushed to 0: the same output bit for bit whether the stream comes
	 * in calls of 32, 256 or 1024 frames (a callback's against a bounce's
	 * blocks), for the paired kernel (5 stages) and the plain one (10). */
	{
		enum { LEN = 65536 };
		static float in[LEN], ref[LEN], out[LEN];
		struct biquad_coefs cc[10];
		struct biquad_state st[10];
		const struct biquad_coefs *cp[10];
		struct biquad_state *sp[10];
		int same = 1, flushed = 1;
		for (int k = 0; k < 10; k++) {
			biquad_design(&cc[k], k ? BQ_BELL : BQ_HIGHPASS, SR, 40.0 + 300.0 * k, 3.0, 1.0);
			cp[k] = &cc[k];
			sp[k] = &st[k];
		}
		sig_sine(in, 4000, 220, 0.8, SR);
		memset(in + 4000, 0, (LEN - 4000) * sizeof(float));
		for (int ns = 5; ns <= 10; ns += 5)
			for (int bs = 32; bs <= 1024; bs *= 8) {
				memset(st, 0, sizeof st);
				memcpy(out, in, sizeof in);
				for (int off = 0; off < LEN; off += bs)
					biquad_cascade(cp, sp, ns, out + off, bs);
				if (bs == 32)
					memcpy(ref, out, sizeof out);
				else
					same &= memcmp(ref, out, sizeof out) == 0;
				for (int k = 0; k < ns; k++)
					flushed &= st[k].z1 == 0.0 && st[k].z2 == 0.0;
			}
		ok(same, "a decaying tail is bit-identical in calls of 32, 256 and 1024 frames");
		ok(flushed, "and the states end at exactly 0");
	}
	return done_testing();
}
