/* test_delay.c — echo timing, feedback level, tone, ping-pong, glides. */
#include "tap.h"
#include "dsp/delay.h"

#include <stdlib.h>

#define RATE 48000.0

/* Runs n frames of mono input through d in ragged blocks. */
static void run(struct delay *d, const float *in, float *l, float *r, int n)
{
	static const int blocks[] = { 64, 17, 256, 1, 100 };
	for (int off = 0, b = 0; off < n; b++) {
		int k = blocks[b % 5] < n - off ? blocks[b % 5] : n - off;
		const float *p[1] = { in + off };
		delay_process(d, p, 1, l + off, r + off, k);
		off += k;
	}
}

static int argmax_abs(const float *x, int from, int to)
{
	int at = from;
	for (int i = from; i < to; i++)
		if (fabsf(x[i]) > fabsf(x[at]))
			at = i;
	return at;
}

static void test_timing_and_feedback(void)
{
	struct delay d;
	ok(delay_init(&d, RATE, 2.0) == 0, "init 2 s");
	delay_set(&d, 375.0, 30.0, 0.0, 0);
	int n = (int)RATE * 2;
	float *in = calloc((size_t)n, sizeof(float)), *l = calloc((size_t)n, sizeof(float)),
	      *r = calloc((size_t)n, sizeof(float));
	in[0] = 1.0f;
	run(&d, in, l, r, n);
	int dt = (int)lround(0.375 * RATE);
	int a1 = argmax_abs(l, 1, dt + dt / 2), a2 = argmax_abs(l, dt + dt / 2, 2 * dt + dt / 2);
	is_int(a1, dt, "first repeat at round(0.375 fs) = %d", dt);
	is_near(l[a1], 1.0, 1e-6, "first repeat at unity");
	is_int(a2, 2 * dt, "second repeat at 2x");
	is_near(lin_to_db(l[a2]), -10.4576, 0.01, "second repeat at feedback 30%% = -10.46 dB");
	is_near(r[a1], 1.0, 1e-6, "mono input, normal mode: R repeats too");
	double other = 0.0;
	for (int i = 0; i < 3 * dt; i++)
		if (i != dt && i != 2 * dt)
			other = fmax(other, fabs(l[i]));
	ok(other == 0.0, "nothing between repeats");

	/* With the tone filter on, the repeat's sum still equals feedback
	 * (unity DC gain), only smeared. */
	delay_reset(&d);
	delay_set(&d, 375.0, 30.0, 2000.0, 0);
	memset(l, 0, (size_t)n * sizeof(float));
	run(&d, in, l, r, n);
	double s2 = 0.0;
	for (int i = 2 * dt - 10; i < 3 * dt - 10; i++)
		s2 += l[i];
	is_near(s2, 0.3, 1e-3, "tone 2 kHz: repeat 2 carries feedback x DC gain");
	free(in);
	free(l);
	free(r);
	delay_free(&d);
}

/* Level of repeat k (k >= 1) of a tone burst at freq, in dB. */
static double burst_repeat_db(double freq, int k)
{
	struct delay d;
	delay_init(&d, RATE, 1.0);
	delay_set(&d, 200.0, 70.0, 2000.0, 0);
	int dt = (int)lround(0.2 * RATE), n = dt * (k + 1) + 1000, blen = 2400;
	float *in = calloc((size_t)n, sizeof(float)), *l = calloc((size_t)n, sizeof(float)),
	      *r = calloc((size_t)n, sizeof(float));
	for (int i = 0; i < blen; i++)
		in[i] = (float)(sin(2 * M_PI * freq * i / RATE) * (0.5 - 0.5 * cos(2 * M_PI * i / blen)));
	run(&d, in, l, r, n);
	double e = 0.0;
	for (int i = k * dt; i < k * dt + blen + 200; i++)
		e += (double)l[i] * l[i];
	free(in);
	free(l);
	free(r);
	delay_free(&d);
	return 10.0 * log10(e + 1e-30);
}

static void test_tone(void)
{
	double low = burst_repeat_db(200.0, 4) - burst_repeat_db(200.0, 1);
	double high = burst_repeat_db(8000.0, 4) - burst_repeat_db(8000.0, 1);
	tap_diag("repeat 4 vs 1: 200 Hz %.2f dB, 8 kHz %.2f dB (feedback alone %.2f dB)", low, high,
	         3 * 20 * log10(0.7));
	ok(high < low - 10.0, "tone 2 kHz: highs decay faster than lows");
	is_near(low, 3 * 20 * log10(0.7), 0.5, "200 Hz decays at the feedback rate");
}

static void test_pingpong(void)
{
	struct delay d;
	delay_init(&d, RATE, 1.0);
	delay_set(&d, 100.0, 50.0, 0.0, 1);
	int dt = (int)lround(0.1 * RATE), n = 4 * dt + 10;
	float *in = calloc((size_t)n, sizeof(float)), *l = calloc((size_t)n, sizeof(float)),
	      *r = calloc((size_t)n, sizeof(float));
	in[0] = 1.0f;
	run(&d, in, l, r, n);
	ok(l[dt] == 1.0f && r[dt] == 0.0f, "ping-pong: repeat 1 in L only");
	ok(r[2 * dt] == 0.5f && l[2 * dt] == 0.0f, "ping-pong: repeat 2 in R only");
	ok(l[3 * dt] == 0.25f && r[3 * dt] == 0.0f, "ping-pong: repeat 3 back in L");
	free(in);
	free(l);
	free(r);
	delay_free(&d);
}

static void test_time_change(void)
{
	struct delay d;
	delay_init(&d, RATE, 2.0);
	delay_set(&d, 300.0, 40.0, 5000.0, 0);
	int n = (int)RATE * 4;
	float *in = calloc((size_t)n, sizeof(float)), *l = calloc((size_t)n, sizeof(float)),
	      *r = calloc((size_t)n, sizeof(float));
	for (int i = 0; i < n; i++)
		in[i] = (float)(0.5 * sin(2 * M_PI * 440.0 * i / RATE));
	double in_step = 0.0;
	for (int i = 1; i < n; i++)
		in_step = fmax(in_step, fabs(in[i] - in[i - 1]));
	/* Turn the knob every block for a second, then jump it. */
	int blk = 256;
	for (int off = 0; off < n; off += blk) {
		double t = (double)off / RATE;
		if (t > 1.0 && t < 2.0)
			delay_set(&d, 300.0 + 400.0 * (t - 1.0), 40.0, 5000.0, 0);
		if (t > 2.5)
			delay_set(&d, 123.0, 40.0, 5000.0, t > 3.0);
		const float *p[1] = { in + off };
		delay_process(&d, p, 1, l + off, r + off, n - off < blk ? n - off : blk);
	}
	double out_step = 0.0;
	for (int i = (int)(0.35 * RATE); i < n; i++)
		out_step = fmax(out_step, fmax(fabs(l[i] - l[i - 1]), fabs(r[i] - r[i - 1])));
	double peak = 0.0;
	for (int i = (int)(0.35 * RATE); i < n; i++)
		peak = fmax(peak, fabs(l[i]));
	tap_diag("max step: input %.4f, output %.4f (output peak %.3f)", in_step, out_step, peak);
	/* The wet signal is louder than the input (feedback builds up), so
	 * compare against the step a sine of the output's peak would have. */
	ok(out_step <= in_step * peak / 0.5 * 1.05, "time and mode changes: no step beyond the signal's own");
	free(in);
	free(l);
	free(r);
	delay_free(&d);
}

static void test_notes(void)
{
	int okv;
	is_near(delay_note_ms("1/4", 120, &okv), 500.0, 1e-9, "1/4 at 120 = 500 ms");
	ok(okv, "1/4 parses");
	is_near(delay_note_ms("1/8.", 120, &okv), 375.0, 1e-9, "1/8. at 120 = 375 ms");
	is_near(delay_note_ms("1/8t", 120, &okv), 166.6667, 1e-3, "1/8t at 120 = 166.67 ms");
	is_near(delay_note_ms("1/16", 120, &okv), 125.0, 1e-9, "1/16 = 125 ms");
	is_near(delay_note_ms("1/2", 120, &okv), 1000.0, 1e-9, "1/2 = 1000 ms");
	is_near(delay_note_ms("1/1", 120, &okv), 2000.0, 1e-9, "1/1 = 2000 ms");
	is_near(delay_note_ms("3/16", 120, &okv), 375.0, 1e-9, "3/16 = 375 ms");
	is_near(delay_note_ms("1/4", 90, &okv), 666.6667, 1e-3, "1/4 at 90 = 666.67 ms");
	const char *bad[] = { "", "1", "1/", "/4", "1/0", "0/4", "1/4x", "a/b", "1/8..", "-1/4" };
	int all_bad = 1;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		delay_note_ms(bad[i], 120, &okv);
		all_bad &= !okv;
	}
	ok(all_bad, "malformed notes rejected");
	delay_note_ms("1/4", 0, &okv);
	ok(!okv, "bpm 0 rejected");
}

static void test_nan(void)
{
	struct delay d;
	delay_init(&d, RATE, 0.5);
	delay_set(&d, 10.0, 90.0, 3000.0, 0);
	float in[2048] = { 0 }, l[2048], r[2048];
	in[5] = NAN;
	const float *p[1] = { in };
	delay_process(&d, p, 1, l, r, 2048);
	int finite = 1;
	for (int i = 0; i < 2048; i++)
		finite &= isfinite(l[i]) && isfinite(r[i]);
	ok(finite && d.nan_resets >= 1, "NaN input: finite output, nan_resets=%u", d.nan_resets);
	delay_free(&d);
}

int main(void)
{
	test_timing_and_feedback();
	test_tone();
	test_pingpong();
	test_time_change();
	test_notes();
	test_nan();
	return done_testing();
}
