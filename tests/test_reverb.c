/* test_reverb.c — RT60 by Schroeder backward integration, pre-delay,
 * width, echo density, long-term stability. */
#include "tap.h"
#include "dsp/reverb.h"

#include <stdlib.h>

#define RATE 48000.0

/* Impulse response (L, R) of n frames, processed in ragged blocks. */
static void impulse_response(struct reverb *r, float *l, float *rr, int n)
{
	static const int blocks[] = { 256, 31, 512, 7, 1000 };
	float *in = calloc((size_t)n, sizeof(float));
	in[0] = 1.0f;
	for (int off = 0, b = 0; off < n; b++) {
		int k = blocks[b % 5] < n - off ? blocks[b % 5] : n - off;
		const float *p[1] = { in + off };
		reverb_process(r, p, 1, l + off, rr + off, k);
		off += k;
	}
	free(in);
}

/* T30: least-squares slope of the Schroeder curve between -5 and -35 dB,
 * extrapolated to 60 dB. */
static double t30(const float *l, const float *r, int n)
{
	double *e = malloc(sizeof(double) * (size_t)n), acc = 0.0;
	for (int i = n - 1; i >= 0; i--) {
		acc += (double)l[i] * l[i] + (double)r[i] * r[i];
		e[i] = acc;
	}
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	long m = 0;
	for (int i = 0; i < n; i++) {
		double db = 10.0 * log10(e[i] / e[0] + 1e-300);
		if (db > -5.0 || db < -35.0)
			continue;
		double t = i / RATE;
		sx += t;
		sy += db;
		sxx += t * t;
		sxy += t * db;
		m++;
	}
	free(e);
	double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
	return -60.0 / slope;
}

static void test_rt60(void)
{
	const double decays[] = { 0.5, 1.8, 4.0 }, sizes[] = { 30, 50, 90 };
	tap_diag("RT60 (T30) at 50%% damping:   size 30%%   size 50%%   size 90%%");
	for (int d = 0; d < 3; d++) {
		double got[3];
		int n = (int)(RATE * (3.0 * decays[d] + 0.5));
		float *l = malloc(sizeof(float) * (size_t)n), *r = malloc(sizeof(float) * (size_t)n);
		for (int s = 0; s < 3; s++) {
			struct reverb rv;
			reverb_init(&rv, RATE);
			reverb_set(&rv, sizes[s], decays[d], 50.0, 0.0, 100.0);
			impulse_response(&rv, l, r, n);
			got[s] = t30(l, r, n);
			reverb_free(&rv);
		}
		tap_diag("  decay %.1f s:              %6.3f     %6.3f     %6.3f", decays[d], got[0], got[1], got[2]);
		for (int s = 0; s < 3; s++)
			ok(fabs(got[s] - decays[d]) <= 0.25 * decays[d], "RT60 %.1f s, size %.0f%%: measured %.3f s (+/-25%%)",
			   decays[d], sizes[s], got[s]);
		free(l);
		free(r);
	}
	/* Without damping every frequency decays at the set rate, so the
	 * broadband figure must match closely; with damping the faster highs
	 * pull the broadband T30 somewhat under the mid-frequency setting. */
	int n = (int)(RATE * 6.0);
	float *l = malloc(sizeof(float) * (size_t)n), *r = malloc(sizeof(float) * (size_t)n);
	struct reverb rv;
	reverb_init(&rv, RATE);
	reverb_set(&rv, 50, 1.8, 0.0, 0.0, 100.0);
	impulse_response(&rv, l, r, n);
	double t = t30(l, r, n);
	is_near(t, 1.8, 0.1 * 1.8, "RT60 1.8 s, no damping: measured %.3f s (+/-10%%)", t);
	reverb_free(&rv);
	free(l);
	free(r);
}

static int first_arrival(const float *l, const float *r, int n)
{
	float pk = 0.0f;
	for (int i = 0; i < n; i++)
		pk = fmaxf(pk, fmaxf(fabsf(l[i]), fabsf(r[i])));
	for (int i = 0; i < n; i++)
		if (fabsf(l[i]) > 1e-3f * pk || fabsf(r[i]) > 1e-3f * pk)
			return i;
	return -1;
}

static void test_predelay_width(void)
{
	int n = (int)RATE;
	float *l = malloc(sizeof(float) * (size_t)n), *r = malloc(sizeof(float) * (size_t)n);
	struct reverb rv;
	ok(reverb_init(&rv, RATE) == 0, "init");
	reverb_set(&rv, 50, 1.5, 50, 0.0, 100);
	impulse_response(&rv, l, r, n);
	int a0 = first_arrival(l, r, n);
	float dl = 0.0f;
	for (int i = 0; i < n; i++)
		dl = fmaxf(dl, fabsf(l[i] - r[i]));
	ok(dl > 1e-3f, "width 100: L and R differ");

	reverb_reset(&rv);
	reverb_set(&rv, 50, 1.5, 50, 80.0, 100);
	impulse_response(&rv, l, r, n);
	int a80 = first_arrival(l, r, n);
	tap_diag("first arrival: %.2f ms without pre-delay, %.2f ms with 80 ms", a0 * 1e3 / RATE, a80 * 1e3 / RATE);
	is_near((a80 - a0) * 1e3 / RATE, 80.0, 1.0, "pre-delay 80 ms shifts the first arrival by 80 ms");

	reverb_reset(&rv);
	reverb_set(&rv, 50, 1.5, 50, 0.0, 0.0);
	impulse_response(&rv, l, r, n);
	int same = 1;
	for (int i = 0; i < n; i++)
		same &= l[i] == r[i];
	ok(same, "width 0: L == R");

	/* Echo density: 10 ms windows from 100 ms on. A sparse (metallic)
	 * response is mostly near-zero samples between echoes; a diffuse one
	 * is noise-like, with ~92%% of samples above 0.1 RMS. */
	reverb_reset(&rv);
	reverb_set(&rv, 50, 1.8, 50, 0.0, 100);
	impulse_response(&rv, l, r, n);
	for (int start_ms = 100; start_ms <= 300; start_ms += 100) {
		int s0 = a0 + (int)(start_ms * 1e-3 * RATE), w = (int)(0.010 * RATE);
		double e = 0.0;
		for (int i = s0; i < s0 + w; i++)
			e += (double)l[i] * l[i];
		double rms = sqrt(e / w);
		int above = 0, outside = 0;
		for (int i = s0; i < s0 + w; i++) {
			above += fabs(l[i]) > 0.1 * rms;
			outside += fabs(l[i]) > rms;
		}
		double ned = (double)outside / w / 0.3173;
		tap_diag("density at %d ms: %.0f%% above 0.1 RMS, normalised echo density %.2f", start_ms,
		         100.0 * above / w, ned);
		ok(above > w / 2, "dense tail at %d ms (%.0f%% of samples above 0.1 RMS)", start_ms, 100.0 * above / w);
	}
	free(l);
	free(r);
	reverb_free(&rv);
}

static void test_stability(void)
{
	struct reverb rv;
	reverb_init(&rv, RATE);
	reverb_set(&rv, 90, 4.0, 0.0, 20.0, 100);
	float in[1024] = { 0 }, l[1024], r[1024];
	in[0] = 1.0f;
	const float *p[1] = { in };
	int finite = 1;
	double e_first = 0.0, e_last = 0.0, grew = 0;
	double prev = 1e300;
	int blocks = (int)(60.0 * RATE / 1024);
	for (int b = 0; b < blocks; b++) {
		reverb_process(&rv, p, 1, l, r, 1024);
		in[0] = 0.0f;
		double e = 0.0;
		for (int i = 0; i < 1024; i++) {
			finite &= isfinite(l[i]) && isfinite(r[i]);
			e += (double)l[i] * l[i] + (double)r[i] * r[i];
		}
		if (b == 20)
			e_first = e;
		/* Over whole seconds the energy must only fall. */
		if (b > 20 && b % 47 == 0) {
			if (e > prev * 1.01 && e > 1e-30)
				grew = 1;
			prev = e;
		}
		e_last = e;
	}
	ok(finite, "60 s after an impulse: no NaN/inf");
	ok(!grew && e_first > 0.0, "energy never grows (first %.3g)", e_first);
	ok(e_last == 0.0, "flushed to exact zero after 60 s (last block energy %g)", e_last);
	int zero_state = 1;
	for (int i = 0; i < REVERB_LINES; i++)
		for (int k = 0; k < rv.line[i].cap; k++)
			zero_state &= rv.line[i].buf[k] == 0.0f;
	ok(zero_state, "delay lines hold exact zeros (no denormals)");

	/* A NaN resets instead of poisoning the tail. */
	in[3] = NAN;
	reverb_process(&rv, p, 1, l, r, 1024);
	in[3] = 0.0f;
	finite = 1;
	for (int b = 0; b < 8; b++) {
		reverb_process(&rv, p, 1, l, r, 1024);
		for (int i = 0; i < 1024; i++)
			finite &= isfinite(l[i]) && isfinite(r[i]);
	}
	ok(finite && rv.nan_resets >= 1, "NaN input: finite output, nan_resets=%u", rv.nan_resets);
	reverb_free(&rv);
}

static void test_size_glide(void)
{
	/* Changing size while a tone plays must not click: the output's
	 * largest sample-to-sample step stays near what it was before. */
	struct reverb rv;
	reverb_init(&rv, RATE);
	reverb_set(&rv, 30, 2.0, 50, 0.0, 100);
	int n = (int)(RATE * 3);
	float *in = malloc(sizeof(float) * (size_t)n), *l = malloc(sizeof(float) * (size_t)n),
	      *r = malloc(sizeof(float) * (size_t)n);
	for (int i = 0; i < n; i++)
		in[i] = (float)(0.3 * sin(2 * M_PI * 220.0 * i / RATE));
	double before = 0.0, during = 0.0, peak = 0.0;
	for (int off = 0; off < n; off += 512) {
		if (off >= (int)(1.5 * RATE))
			reverb_set(&rv, 90, 2.0, 50, 30.0, 100);
		const float *p[1] = { in + off };
		reverb_process(&rv, p, 1, l + off, r + off, n - off < 512 ? n - off : 512);
	}
	for (int i = (int)(1.0 * RATE); i < n; i++) {
		double st = fmax(fabs(l[i] - l[i - 1]), fabs(r[i] - r[i - 1]));
		if (i < (int)(1.5 * RATE))
			before = fmax(before, st);
		else
			during = fmax(during, st);
		if (i >= (int)(1.5 * RATE))
			peak = fmax(peak, fmax(fabs(l[i]), fabs(r[i])));
	}
	/* The wet output of a steady 220 Hz tone is a 220 Hz tone (bent a
	 * little while the heads move); its own largest step is
	 * 2 pi f / fs times its peak. A click would sit far above that. */
	double own = 2.0 * M_PI * 220.0 / RATE * peak;
	tap_diag("max step before size change %.4f, during/after %.4f, a %.3f-peak 220 Hz sine's own %.4f", before,
	         during, peak, own);
	ok(during < 1.25 * own, "size and pre-delay changes glide without clicks");
	free(in);
	free(l);
	free(r);
	reverb_free(&rv);
}

int main(void)
{
	test_predelay_width();
	test_rt60();
	test_stability();
	test_size_glide();
	return done_testing();
}
