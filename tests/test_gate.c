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

/* Notes of a 1 kHz tone (-20 dBFS, 0.25 s on, 0.25 s off) over a
 * constant rumble at rumble_hz (-30 dBFS), through a gate at -40 dB
 * (range -60) whose detector has the given filters. The output's level
 * in the last 100 ms of each gap (worst of them) and the gain in the
 * middle of each note (furthest from 0 dB). */
static void notes_over(double rumble_hz, double hp, double lp, double *gap_db, double *note_db)
{
	struct gate g;
	int on = SR / 4, win = SR / 10;
	gate_init(&g, SR);
	gate_set(&g, -40, -60, 1, 20, 50);
	gate_set_detector(&g, hp, lp);
	for (int i = 0; i < N; i++) {
		double t = (double)i / SR;
		x[i] = (float)(0.03 * sin(2 * M_PI * rumble_hz * t));
		if ((i / on) % 2 == 0)
			x[i] += (float)(0.1 * sin(2 * M_PI * 1000 * t));
	}
	memcpy(y, x, sizeof x);
	run(&g, y, N);
	*gap_db = -400;
	*note_db = 0;
	for (int k = 0; k + 2 * on <= N; k += 2 * on) {
		int gap_end = k + 2 * on, mid = k + on / 2 - win / 2;
		double gd = 20 * log10(sig_rms(y + gap_end - win, win) + 1e-30);
		double nd = 20 * log10(sig_rms(y + mid, win) / sig_rms(x + mid, win));
		*gap_db = gd > *gap_db ? gd : *gap_db;
		*note_db = fabs(nd) > fabs(*note_db) ? nd : *note_db;
	}
}

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

	/* The detector's own filters: a 20 Hz rumble at -30 dBFS holds a
	 * -40 dB gate open between the notes; a 100 Hz high-pass on what the
	 * detector hears (12 dB/oct: the rumble reaches it ~28 dB down, at
	 * -58 dBFS, under the -44 dB close point) lets it close to its -60 dB
	 * range, while the notes still pass at unity. */
	{
		double gap, note;
		notes_over(20, 0, 0, &gap, &note);
		ok(gap > -36, "rumble under the notes, no detector filter: open between notes (gap %.1f dBFS)", gap);
		notes_over(20, 100, 0, &gap, &note);
		ok(gap < -85, "detector high-pass 100 Hz: closes between notes (gap %.1f dBFS; rumble -33 - 60)", gap);
		is_near(note, 0.0, 0.05, "and the notes pass at unity (%.3f dB)", note);
		/* hiss at 8 kHz instead of rumble: the low-pass does the same */
		notes_over(8000, 0, 0, &gap, &note);
		ok(gap > -36, "8 kHz hiss under the notes: open between notes (gap %.1f dBFS)", gap);
		notes_over(8000, 0, 2000, &gap, &note);
		ok(gap < -85, "detector low-pass 2 kHz: closes between notes (gap %.1f dBFS)", gap);
		is_near(note, 0.0, 0.05, "and the notes pass at unity (%.3f dB)", note);
	}

	/* A key: a tone at -50 dBFS (under the -40 dB threshold) gated by
	 * another signal, a burst at -20 dBFS in the second second. */
	{
		static float key[N];
		gate_init(&g, SR);
		gate_set(&g, -40, -60, 1, 20, 50);
		sig_sine(x, N, 440, 0.00316, SR);
		memset(key, 0, sizeof key);
		sig_sine(key + N / 2, N / 2, 1000, 0.1, SR);
		for (int b = 0; b * BLK < N; b++) {
			gate_process_key(&g, (float *[]){ x + b * BLK }, 1, BLK, (const float *[]){ key + b * BLK }, 1);
			gr[b] = gate_gain_reduction_db(&g);
		}
		is_near(gr_at(N / 4, 0), -60, 1e-9, "keyed: closed while the key is silent, though the tone plays");
		is_near(gr_at(N / 2, 10), 0.0, 1e-9, "keyed: open 10 ms into the key's burst");
		is_near(gr_at(N / 2, 900), 0.0, 1e-9, "and open while it lasts");
	}
	return done_testing();
}
