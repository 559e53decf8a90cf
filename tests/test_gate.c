/* test_gate.c — open/hold/release timing, hysteresis, bypass, NaN. */
#include <stdlib.h>
#include "dsp/gate.h"
#include "sig.h"
#include "tap.h"

#define N 96000
#define BLK 32

static float x[N], y[N];
static double gr[N / BLK]; /* meter after each block */

static void run(struct gate *g, float *buf, int n)
{
	for (int b = 0; b * BLK < n; b++) {
		gate_process(g, (float *[]){ buf + b * BLK }, 1, BLK);
		gr[b] = gate_gain_reduction_db(g);
	}
}

/* Meter at time t (ms) relative to sample t0. */
static double gr_at(int t0, double ms) { return gr[(t0 + (int)(ms * SR / 1000.0)) / BLK]; }

int main(void)
{
	struct gate g;
	const double thr = -30, range = -40, att = 5, hold = 50, rel = 100;

	/* Burst at -20 dBFS peak from 0.5 s to 1.0 s, silence around. */
	gate_init(&g, SR);
	gate_set(&g, thr, range, att, hold, rel);
	memset(x, 0, sizeof x);
	sig_sine(x + 24000, 24000, 1000, 0.1, SR);
	memcpy(y, x, sizeof x);
	run(&g, y, N);
	is_near(gr_at(0, 400), range, 1e-9, "closed at the range before the burst");
	ok(gr_at(24000, 2) < -10, "2 ms into the burst still opening (%.1f dB)", gr_at(24000, 2));
	is_near(gr_at(24000, att + 1), 0.0, 1e-9, "open within attack + 1 ms");
	is_near(gr_at(24000, 400), 0.0, 1e-9, "stays open during the burst");
	/* The follower falls from -20 dBFS to thr - hysteresis in
	 * tau * ln(ratio), then the hold runs, then the release. */
	double t_det = 20.0 * log(0.1 / pow(10, (thr - GATE_HYSTERESIS_DB) / 20));
	double t_close = t_det + hold;
	tap_diag("expected: follower %.1f ms, release starts %.1f ms, closed %.1f ms after the burst",
		 t_det, t_close, t_close + rel);
	is_near(gr_at(48000, t_close - 3), 0.0, 1e-9, "held open until detector fall + hold");
	ok(gr_at(48000, t_close + 3) < -0.5, "release under way just after hold (%.2f dB)", gr_at(48000, t_close + 3));
	is_near(gr_at(48000, t_close + rel / 2), range / 2, 1.5, "half way through release at half the range (%.2f)",
		gr_at(48000, t_close + rel / 2));
	ok(gr_at(48000, t_close + rel - 3) > range, "not fully closed before release ends");
	is_near(gr_at(48000, t_close + rel + 3), range, 1e-9, "closed to the range after release");
	int w = sig_whole(12000, 1000, SR);
	is_near(20 * log10(sig_rms(y + 36000, w) / sig_rms(x + 36000, w)), 0.0, 1e-6, "open gate is unity");

	/* A level wobbling +-1 dB around the threshold (hold 0): one opening,
	 * no chatter. */
	gate_init(&g, SR);
	gate_set(&g, thr, range, 1, 0, 20);
	for (int i = 0; i < N; i++) {
		double db = thr + 1.0 * sin(2 * M_PI * 3 * i / SR);
		x[i] = (float)(db_to_lin(db) * sin(2 * M_PI * 1000 * i / SR));
	}
	int trans = 0, was = g.open;
	for (int b = 0; b < N / BLK; b++) {
		gate_process(&g, (float *[]){ x + b * BLK }, 1, BLK);
		trans += g.open != was;
		was = g.open;
	}
	is_int(trans, 1, "+-1 dB wobble around threshold: 1 transition (opens once)");
	/* The same wobble 5 dB lower never opens. */
	gate_init(&g, SR);
	gate_set(&g, thr + 5, range, 1, 0, 20);
	trans = 0;
	was = g.open;
	for (int b = 0; b < N / BLK; b++) {
		gate_process(&g, (float *[]){ x + b * BLK }, 1, BLK);
		trans += g.open != was;
		was = g.open;
	}
	is_int(trans, 0, "wobble 5 dB below threshold never opens");

	/* Stereo link: a loud right channel opens both. */
	gate_init(&g, SR);
	gate_set(&g, thr, range, 1, 10, 50);
	static float l[4800], r[4800];
	sig_sine(l, 4800, 1000, 0.001, SR);
	sig_sine(r, 4800, 1000, 0.5, SR);
	gate_process(&g, (float *[]){ l, r }, 2, 4800);
	is_near(gate_gain_reduction_db(&g), 0.0, 1e-9, "stereo-linked: right opens the gate for both");

	/* Disable fades out, then is bit-transparent and free. */
	gate_init(&g, SR);
	gate_set(&g, thr, range, 1, 10, 50);
	memset(x, 0, 4800 * sizeof(float));
	sig_sine(x + 4800, N - 4800, 200, 0.001, SR); /* below threshold */
	memcpy(y, x, sizeof x);
	gate_process(&g, (float *[]){ y }, 1, 9600);
	gate_set_enabled(&g, 0);
	gate_process(&g, (float *[]){ y + 9600 }, 1, N - 9600);
	double ms = 0;
	for (int i = 9601; i < 14400; i++)
		ms = fmax(ms, fabs(y[i] - y[i - 1]));
	ok(ms <= 2 * M_PI * 200 / SR * 0.001 * 1.01, "disable fades in the signal without a step");
	int same = 1;
	for (int i = N - 4800; i < N; i++)
		same &= y[i] == x[i];
	ok(same, "disabled gate is bit-transparent");
	is_int(g.running, 0, "disabled gate stops running");
	is_near(gate_gain_reduction_db(&g), 0.0, 1e-12, "disabled gate meters 0 dB");

	/* NaN and silence. */
	gate_set_enabled(&g, 1);
	sig_sine(x, 4800, 1000, 0.5, SR);
	x[333] = NAN;
	gate_process(&g, (float *[]){ x }, 1, 4800);
	ok(sig_all_finite(x, 4800), "finite output after NaN");
	is_int(g.nan_resets, 1, "nan_resets incremented");
	ok(fabsf(x[4790]) > 0.0f, "audio resumes after NaN");
	memset(x, 0, sizeof x);
	gate_process(&g, (float *[]){ x }, 1, N);
	ok(g.env == 0.0, "follower flushes to exactly 0 in silence");
	ok(sig_rms(x, N) == 0.0 && sig_count_denormal(x, N) == 0, "silence in, exact silence out");

	static float big[1000000];
	sig_sine(big, 1000000, 440, 0.5, SR);
	for (int i = 0; i < 1000000; i += 9973)
		for (int j = i; j < i + 4000 && j < 1000000; j++)
			big[j] *= 0.001f;
	gate_set(&g, -20, -60, 1, 5, 30);
	gate_process(&g, (float *[]){ big }, 1, 1000000);
	ok(sig_all_finite(big, 1000000), "1e6 samples finite");
	return done_testing();
}
