/* test_gain.c — glides without steps, exact silence, automation ramps. */
#include <stdlib.h>
#include "dsp/dsp.h"
#include "dsp/gain.h"
#include "sig.h"
#include "tap.h"

#define N 48000

static float x[N];

static double max_step(const float *y, int a, int b)
{
	double m = 0;
	for (int i = a + 1; i < b; i++)
		if (fabs(y[i] - y[i - 1]) > m)
			m = fabs(y[i] - y[i - 1]);
	return m;
}

static void dc(float *y, int n, float v)
{
	for (int i = 0; i < n; i++)
		y[i] = v;
}

int main(void)
{
	struct gain g;
	float *ch[1] = { x };

	/* Settings before the first process call are taken at once. */
	gain_init(&g, SR);
	gain_set_db(&g, -6.0);
	dc(x, 64, 1.0f);
	gain_process(&g, ch, 1, 64);
	is_near(x[0], db_to_lin(-6.0), 1e-7, "fresh strip: first sample already at -6 dB");

	/* 0 dB -> -inf on DC: a straight glide, silent within 50 ms. */
	gain_init(&g, SR);
	gain_set_db(&g, 0.0);
	dc(x, N, 1.0f);
	gain_process(&g, ch, 1, 4800);
	gain_set_db(&g, -INFINITY);
	gain_process(&g, (float *[]){ x + 4800 }, 1, N - 4800);
	double ms = max_step(x, 0, N);
	ok(ms < 0.002, "0 dB -> -inf has no step (max sample difference %.5f)", ms);
	int last = 0;
	for (int i = 4800; i < N; i++)
		if (x[i] != 0.0f)
			last = i;
	double t_ms = (last + 1 - 4800) * 1000.0 / SR;
	ok(t_ms < 50.0, "silent after %.2f ms (< 50)", t_ms);
	ok(x[4800] > 0.99f, "the glide starts from where it was");

	/* Mute and polarity flip on a sine: no faster change than the sine's. */
	gain_init(&g, SR);
	sig_sine(x, N, 1000, 1.0, SR);
	gain_process(&g, ch, 1, 1000);
	gain_set_mute(&g, 1);
	gain_process(&g, (float *[]){ x + 1000 }, 1, 9000);
	ok(sig_rms(x + 5000, 5000) == 0.0, "mute reaches exact silence");
	gain_set_mute(&g, 0);
	gain_set_polarity(&g, 1);
	gain_process(&g, (float *[]){ x + 10000 }, 1, N - 10000);
	double sine_step = 2 * M_PI * 1000 / SR;
	ms = max_step(x, 0, N);
	ok(ms <= sine_step * 1.001, "mute/unmute+flip click-free (max step %.4f <= %.4f)", ms, sine_step);
	double want = -sin(2 * M_PI * 1000 * (N - 1) / SR);
	is_near(x[N - 1], want, 1e-6, "polarity inverted at the end");

	/* Automation ramp: linear in dB across the block, then continuous. */
	gain_init(&g, SR);
	dc(x, 256, 1.0f);
	gain_process_ramp(&g, ch, 1, 64, 0.0, -12.0);
	is_near(lin_to_db(x[0]), 0.0, 1e-5, "ramp frame 0 is db_from");
	is_near(lin_to_db(x[32]), -6.0, 1e-4, "ramp frame 32 of 64 is half way in dB");
	is_near(lin_to_db(x[63]), -12.0 * 63 / 64, 1e-4, "ramp frame 63 is one step short of db_to");
	gain_process(&g, (float *[]){ x + 64 }, 1, 64);
	is_near(lin_to_db(x[64]), -12.0, 1e-4, "gain_process continues at db_to");
	gain_process_ramp(&g, (float *[]){ x + 128 }, 1, 64, -INFINITY, 0.0);
	ok(x[128] == 0.0f && x[129] > 0.0f, "ramp out of -inf starts at exact silence");
	gain_process_ramp(&g, (float *[]){ x + 192 }, 1, 64, 0.0, -INFINITY);
	dc(x, 64, 1.0f);
	gain_process(&g, ch, 1, 64);
	ok(x[0] == 0.0f && x[63] == 0.0f, "after a ramp into -inf the fader stays silent");

	/* NaN: that sub-block silenced, counted, then fine. */
	gain_init(&g, SR);
	gain_set_db(&g, -3.0);
	sig_sine(x, 256, 440, 0.5, SR);
	x[70] = NAN;
	gain_process(&g, ch, 1, 256);
	ok(sig_all_finite(x, 256), "finite output after NaN");
	is_int(g.nan_resets, 1, "nan_resets incremented");
	ok(x[64] == 0.0f && x[95] == 0.0f && x[100] != 0.0f, "only the bad sub-block is silenced");

	/* Silence stays exactly silence. */
	memset(x, 0, sizeof x);
	gain_set_db(&g, 10.0);
	gain_process(&g, ch, 1, N);
	ok(sig_rms(x, N) == 0.0 && sig_count_denormal(x, N) == 0, "silence in, exact silence out");

	static float big[1000000];
	sig_sine(big, 1000000, 440, 0.5, SR);
	for (int i = 0; i < 1000000; i += 64) {
		int m = 1000000 - i < 64 ? 1000000 - i : 64;
		gain_process_ramp(&g, (float *[]){ big + i }, 1, m, -(i % 7), -((i + 64) % 7));
	}
	ok(sig_all_finite(big, 1000000), "1e6 samples of automation finite");
	return done_testing();
}
