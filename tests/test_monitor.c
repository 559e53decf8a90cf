/* test_monitor.c — the monitor section's modes, measured on steady
 * signals after the 20 ms fade: phone and small against their documented
 * responses, the matrices sample by sample, dim's exact gain, a fade
 * without steps, and off as a bit-exact pass-through. */
#include <stdlib.h>
#include "dsp/dsp.h"
#include "dsp/monitor.h"
#include "sig.h"
#include "tap.h"

#define N 48000

static float l[N], r[N], l0[N], r0[N];

/* Level in dB of mode on a stereo sine at freq (both sides the same),
 * measured over the last half second against the input. */
static double tone_db(enum monitor_mode mode, double freq)
{
	struct monitor m;
	monitor_init(&m, SR);
	monitor_set(&m, mode, 0);
	sig_sine(l0, N, freq, 0.5, SR);
	memcpy(l, l0, sizeof l);
	memcpy(r, l0, sizeof r);
	monitor_process(&m, l, r, N);
	return sig_gain_db(l0, l, N, N / 2, freq, SR);
}

static double maxabs(const float *x, int a, int b)
{
	double v = 0;
	for (int i = a; i < b; i++)
		v = fmax(v, fabs(x[i]));
	return v;
}

int main(void)
{
	struct monitor m;
	int settle = (int)(MONITOR_FADE_S * SR) + 1;

	/* phone: band-limited 300 Hz - 3.4 kHz */
	ok(tone_db(MON_PHONE, 100) <= -20, "phone: 100 Hz down by at least 20 dB (%.1f dB)", tone_db(MON_PHONE, 100));
	is_near(tone_db(MON_PHONE, 1000), 0, 1.0, "phone: 1 kHz passes within 1 dB");
	ok(tone_db(MON_PHONE, 10000) <= -20, "phone: 10 kHz down by at least 20 dB (%.1f dB)",
	   tone_db(MON_PHONE, 10000));
	ok(tone_db(MON_PHONE, 2000) > 2, "phone: the resonance lifts 2 kHz (%.1f dB)", tone_db(MON_PHONE, 2000));
	/* small: nothing below about 150 Hz */
	ok(tone_db(MON_SMALL, 50) <= -30, "small: 50 Hz down by at least 30 dB (%.1f dB)", tone_db(MON_SMALL, 50));
	is_near(tone_db(MON_SMALL, 150), -3.01, 0.1, "small: -3 dB at its 150 Hz corner");
	is_near(tone_db(MON_SMALL, 1000), 0, 0.1, "small: 1 kHz passes");

	/* mono of L = -R is silence; side of L = R is silence */
	sig_sine(l0, N, 440, 0.5, SR);
	for (int i = 0; i < N; i++) {
		l[i] = l0[i];
		r[i] = -l0[i];
	}
	monitor_init(&m, SR);
	monitor_set(&m, MON_MONO, 0);
	monitor_process(&m, l, r, N);
	ok(maxabs(l, settle, N) == 0 && maxabs(r, settle, N) == 0, "mono of L = -R is silence");
	memcpy(l, l0, sizeof l);
	memcpy(r, l0, sizeof r);
	monitor_init(&m, SR);
	monitor_set(&m, MON_SIDE, 0);
	monitor_process(&m, l, r, N);
	ok(maxabs(l, settle, N) == 0 && maxabs(r, settle, N) == 0, "side of L = R is silence");
	/* side of L = -R is L on both sides; mono of L, 0 is L/2 on both */
	for (int i = 0; i < N; i++) {
		l[i] = l0[i];
		r[i] = -l0[i];
	}
	monitor_init(&m, SR);
	monitor_set(&m, MON_SIDE, 0);
	monitor_process(&m, l, r, N);
	{
		int bad = 0;
		for (int i = settle; i < N; i++)
			bad += l[i] != l0[i] || r[i] != l0[i];
		is_int(bad, 0, "side of L = -R: L on both sides");
	}

	/* swap: exact, each side the other's */
	for (int i = 0; i < N; i++) {
		l0[i] = l[i] = (float)(rand() % 2001 - 1000) / 1000.0f;
		r0[i] = r[i] = (float)(rand() % 2001 - 1000) / 1000.0f;
	}
	monitor_init(&m, SR);
	monitor_set(&m, MON_SWAP, 0);
	monitor_process(&m, l, r, N);
	{
		int bad = 0;
		for (int i = settle; i < N; i++)
			bad += l[i] != r0[i] || r[i] != l0[i];
		is_int(bad, 0, "swap: L and R exchanged, bit for bit");
	}
	/* the fade is linear: no sample step larger than the signal's own */
	sig_sine(l0, N, 100, 0.5, SR);
	memcpy(l, l0, sizeof l);
	for (int i = 0; i < N; i++)
		r[i] = -l0[i];
	monitor_init(&m, SR);
	monitor_process(&m, l, r, 1000);
	monitor_set(&m, MON_MONO, 0);
	monitor_process(&m, l + 1000, r + 1000, N - 1000);
	{
		double step = 0;
		for (int i = 1; i < N; i++)
			step = fmax(step, fabs(l[i] - l[i - 1]));
		ok(step < 0.01, "off -> mono fades without a click (largest step %.4f)", step);
	}

	/* dim: -20 dB exactly once settled */
	sig_sine(l0, N, 1000, 0.5, SR);
	memcpy(l, l0, sizeof l);
	memcpy(r, l0, sizeof r);
	monitor_init(&m, SR);
	monitor_set(&m, MON_DIM, 0);
	monitor_process(&m, l, r, N);
	{
		int bad = 0;
		for (int i = settle; i < N; i++)
			bad += l[i] != 0.1f * l0[i] || r[i] != 0.1f * l0[i];
		is_int(bad, 0, "dim: every sample x 0.1 (-20 dB) after the ramp");
		is_near(sig_gain_db(l0, l, N, N / 2, 1000, SR), -20, 1e-4, "dim: -20.000 dB");
	}
	/* cut: silence; a level: its gain */
	memcpy(l, l0, sizeof l);
	memcpy(r, l0, sizeof r);
	monitor_init(&m, SR);
	monitor_set(&m, MON_CUT, 0);
	monitor_process(&m, l, r, N);
	ok(maxabs(l, settle, N) == 0 && maxabs(r, settle, N) == 0, "cut: silence");
	memcpy(l, l0, sizeof l);
	memcpy(r, l0, sizeof r);
	monitor_init(&m, SR);
	monitor_set(&m, MON_LEVEL, -5);
	monitor_process(&m, l, r, N);
	is_near(sig_gain_db(l0, l, N, N / 2, 1000, SR), -5, 1e-4, "level -5 dB: -5.000 dB");

	/* off: bit-exact pass-through, also after a trip through phone */
	for (int i = 0; i < N; i++) {
		l0[i] = l[i] = (float)(rand() % 2001 - 1000) / 1000.0f;
		r0[i] = r[i] = (float)(rand() % 2001 - 1000) / 1000.0f;
	}
	monitor_init(&m, SR);
	monitor_set(&m, MON_PHONE, 0);
	monitor_process(&m, l, r, 4800);
	monitor_set(&m, MON_OFF, 0);
	monitor_process(&m, l + 4800, r + 4800, N - 4800);
	ok(!memcmp(l + 9600, l0 + 9600, (N - 9600) * sizeof(float)) &&
	   !memcmp(r + 9600, r0 + 9600, (N - 9600) * sizeof(float)), "off: the input untouched once the fade is over");

	/* names */
	is_int(monitor_mode_find("PHONE"), MON_PHONE, "names: phone, any case");
	is_int(monitor_mode_find("level"), -1, "names: level is not typed");
	is_str(monitor_mode_name(MON_SMALL), "small", "names: small");
	return done_testing();
}
