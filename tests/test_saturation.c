/* test_saturation.c — the `saturation` unit, driven only through its
 * descriptor as an insert slot would: found by name in the registry, then
 * create, set, process, latency, destroy.
 *
 * Spectra are plain DFTs at exact bins: a steady tone of 1 or 5 kHz at
 * 48 kHz repeats every 48 samples, and the unit (a whole-number
 * resampling ratio around a fixed curve) maps a periodic input to an
 * output with the same period, so every component it can produce, the
 * harmonics and whatever folds back, sits on a multiple of 1 kHz. A
 * window of whole periods sees each without leakage. */
#include <stdlib.h>
#include "dsp/dsp.h"
#include "dsp/unit.h"
#include "rt_interpose.h"
#include "sig.h"
#include "tap.h"

#define LEN 48000
#define SETTLE 4800
#define WIN 4800

static const struct unit_desc *D;
static float x[LEN], y[LEN], z[LEN];

static void *make(double drive, double tone, double mix)
{
	char err[200] = "";
	void *u = D->create(D, SR, 1024, 1, err, sizeof err);
	if (!u) {
		tap_diag("create failed: %s", err);
		exit(1);
	}
	D->set(u, unit_param_find(D, "drive"), drive);
	D->set(u, unit_param_find(D, "tone"), tone);
	D->set(u, unit_param_find(D, "mix"), mix);
	return u;
}

static void run(void *u, float *v, int n, int bs)
{
	for (int off = 0; off < n; off += bs)
		D->process(u, (float *[]){ v + off }, 1, n - off < bs ? n - off : bs, NULL);
}

static double bin(const float *v, int n, double f)
{
	double re = 0.0, im = 0.0;
	for (int i = 0; i < n; i++) {
		double w = 2.0 * M_PI * f * i / SR;
		re += v[i] * cos(w);
		im -= v[i] * sin(w);
	}
	return hypot(re, im);
}

static double max_step(const float *v, int from, int to)
{
	double worst = 0.0;
	for (int i = from; i < to; i++)
		worst = fmax(worst, fabs((double)v[i] - v[i - 1]));
	return worst;
}

static void test_descriptor(void)
{
	ok(D != NULL, "the registry knows \"saturation\"");
	if (!D)
		exit(1);
	ok(unit_param_find(D, "drive") >= 0 && unit_param_find(D, "tone") >= 0 && unit_param_find(D, "mix") >= 0,
	   "drive, tone and mix are its parameters");
	const struct unit_param *m = &D->params[unit_param_find(D, "mix")];
	ok(m->min == 0 && m->max == 100 && strcmp(m->unit, "%") == 0, "mix runs 0-100 %%");
	ok(D->latency != NULL, "it reports a latency");
}

/* A quiet three-tone signal through drive 0 dB: the curve is a straight
 * line there, so the output is the input delayed by exactly latency(),
 * at any mix. A dry path off by one sample, or a wrong latency, shows at
 * 11 kHz as an error of the order of the signal itself. */
static void test_latency(void)
{
	for (int k = 0; k < 2; k++) {
		double mix = k ? 50 : 100;
		void *u = make(0, 0, mix);
		int lat = D->latency(u);
		for (int i = 0; i < LEN; i++)
			x[i] = (float)(1e-3 * (sin(2 * M_PI * 200 * i / SR) + sin(2 * M_PI * 3000 * i / SR) +
					     sin(2 * M_PI * 11000 * i / SR + 1.0)));
		memcpy(y, x, sizeof x);
		run(u, y, LEN, 256);
		double worst = 0.0;
		for (int i = SETTLE; i < LEN; i++)
			worst = fmax(worst, fabs((double)y[i] - x[i - lat]));
		if (!k)
			ok(lat > 0 && lat < 200, "latency is %d frames (%.2f ms)", lat, lat * 1000.0 / SR);
		ok(worst < 3e-6, "mix %.0f %%, drive 0 dB: output = input %d frames late (worst error %.2g, peak 3e-3)",
		   mix, lat, worst);
		D->destroy(u);
	}
	/* other rates run fewer doublings, with their own latency */
	static const double rates[] = { 44100, 96000, 192000 };
	for (int k = 0; k < 3; k++) {
		double rate = rates[k];
		void *u = D->create(D, rate, 512, 1, (char[100]){ 0 }, 100);
		D->set(u, unit_param_find(D, "drive"), 0);
		int lat = D->latency(u);
		for (int i = 0; i < LEN; i++)
			x[i] = (float)(1e-3 * (sin(2 * M_PI * 200 * i / rate) + sin(2 * M_PI * 9000 * i / rate) +
					     sin(2 * M_PI * 0.4 * rate * i / rate + 1.0)));
		memcpy(y, x, sizeof x);
		run(u, y, LEN, 256);
		double worst = 0.0;
		for (int i = SETTLE; i < LEN; i++)
			worst = fmax(worst, fabs((double)y[i] - x[i - lat]));
		ok(lat > 0 && worst < 3e-6, "at %g Hz: output = input %d frames late (worst error %.2g)", rate, lat, worst);
		D->destroy(u);
	}
}

static double thd(double drive)
{
	void *u = make(drive, 0, 100);
	sig_sine(x, LEN, 1000, 0.5, SR);
	run(u, x, SETTLE + WIN, 480);
	D->destroy(u);
	double h = 0.0, f = bin(x + SETTLE, WIN, 1000);
	for (int k = 2; k <= 23; k++) {
		double m = bin(x + SETTLE, WIN, 1000.0 * k);
		h += m * m;
	}
	return sqrt(h) / f;
}

static void test_thd(void)
{
	double prev = -1.0;
	int rising = 1;
	char line[400] = "";
	size_t len = 0;
	for (double d = 0; d <= 24; d += 3) {
		double t = thd(d);
		len += (size_t)snprintf(line + len, sizeof line - len, " %g dB: %.3g %%;", d, 100 * t);
		if (!(t > prev * 1.05))
			rising = 0;
		prev = t;
	}
	ok(rising, "THD of a -6 dBFS 1 kHz tone rises with drive:%s", line);
	ok(prev > 0.2, "at full drive it is heavily saturated (THD %.0f %%)", 100 * prev);
}

/* Worst inharmonic component, dB relative to the 5 kHz fundamental. */
static double aliasing(double amp, double drive, int *at)
{
	void *u = make(drive, 0, 100);
	sig_sine(x, LEN, 5000, amp, SR);
	run(u, x, SETTLE + WIN, 333);
	D->destroy(u);
	double f = bin(x + SETTLE, WIN, 5000), worst = 0.0;
	for (int k = 0; k <= 24; k++) {
		if (k % 5 == 0 && k)
			continue;
		double m = bin(x + SETTLE, WIN, 1000.0 * k) / (k == 0 || k == 24 ? 2.0 : 1.0);
		if (m > worst) {
			worst = m;
			*at = k;
		}
	}
	return 20.0 * log10(fmax(worst, 1e-30) / f);
}

static void test_aliasing(void)
{
	int at = 0;
	double a = aliasing(1.0, 24, &at);
	ok(a <= -80.0, "5 kHz at 0 dBFS, full drive (24 dB): worst aliased product %.1f dB (at %d kHz)", a, at);
	a = aliasing(0.5, 12, &at);
	ok(a <= -80.0, "5 kHz at -6 dBFS, drive 12 dB: worst aliased product %.1f dB (at %d kHz)", a, at);
	a = aliasing(1.0, 6, &at);
	ok(a <= -80.0, "5 kHz at 0 dBFS, drive 6 dB: worst aliased product %.1f dB (at %d kHz)", a, at);
}

static void test_mix_zero(void)
{
	unsigned r = 99;
	for (int i = 0; i < LEN; i++) {
		r = r * 1103515245u + 12345u;
		x[i] = (float)(((r >> 8) & 0xffff) / 16384.0 - 2.0); /* up to +6 dBFS */
	}
	x[100] = NAN;
	x[101] = 1e-40f;
	memcpy(y, x, sizeof x);
	void *u = make(24, 12, 0);
	ok(D->latency(u) == 0, "mix 0: no latency");
	run(u, y, LEN, 100);
	ok(memcmp(x, y, sizeof x) == 0, "mix 0 is bit-transparent (noise to +6 dBFS, a NaN, a denormal)");
	D->destroy(u);

	/* mix 100 -> 0 -> 50 on a tone, with a fresh mix-50 unit alongside */
	sig_sine(x, LEN, 1000, 0.5, SR);
	memcpy(y, x, sizeof x);
	memcpy(z, x, sizeof x);
	u = make(12, 0, 100);
	void *ref = make(12, 0, 50);
	const int bs = 240;
	int back = -1;
	for (int off = 0; off < LEN; off += bs) {
		if (off == 9600) {
			D->set(u, unit_param_find(D, "mix"), 0);
			ok(D->latency(u) == 0, "mix set to 0: latency() says 0");
		}
		if (off == 24000) {
			D->set(u, unit_param_find(D, "mix"), 50);
			back = D->latency(u);
		}
		D->process(u, (float *[]){ y + off }, 1, bs, NULL);
		D->process(ref, (float *[]){ z + off }, 1, bs, NULL);
	}
	ok(back == D->latency(ref) && back > 0, "mix back to 50: latency() says %d again", back);
	double click = max_step(y, 9601, 24000 + 4800), tone_step = max_step(x, 1, LEN);
	ok(click < 2.0 * tone_step, "leaving and re-entering mix 0 crossfades: largest step %.3f (the tone's own %.3f)",
	   click, tone_step);
	ok(memcmp(x + 9600 + 960, y + 9600 + 960, (24000 - 9600 - 960) * sizeof(float)) == 0,
	   "20 ms after mix reaches 0 the output is the input, bit for bit");
	ok(memcmp(y + 24000 + 4800, z + 24000 + 4800, (LEN - 24000 - 4800) * sizeof(float)) == 0,
	   "100 ms after mix returns to 50 %% the output is a fresh mix-50 unit's, bit for bit");
	D->destroy(u);
	D->destroy(ref);
}

static void test_tone(void)
{
	double g[2][2];
	for (int t = 0; t < 2; t++)
		for (int k = 0; k < 2; k++) {
			double f = k ? 12000 : 100;
			void *u = make(0, t ? 12 : -12, 100);
			sig_sine(x, LEN, f, 0.01, SR);
			memcpy(y, x, sizeof x);
			run(u, y, LEN, 512);
			D->destroy(u);
			g[t][k] = 20.0 * log10(bin(y + SETTLE, WIN, f) / bin(x + SETTLE, WIN, f));
		}
	ok(fabs(g[0][0]) < 0.2 && fabs(g[1][0]) < 0.2, "tone leaves 100 Hz alone (%.2f, %.2f dB)", g[0][0], g[1][0]);
	ok(g[0][1] < -9 && g[0][1] > -12.1, "tone -12 dB takes 12 kHz down (%.2f dB)", g[0][1]);
	ok(g[1][1] > 9 && g[1][1] < 12.1, "tone +12 dB brings 12 kHz up (%.2f dB)", g[1][1]);
}

static void test_blocks_and_bad_input(void)
{
	static const int sizes[] = { 1, 7, 33, 100, 1000 };
	for (int i = 0; i < LEN; i++)
		x[i] = (float)(0.8 * sin(2 * M_PI * 440 * i / SR) * sin(2 * M_PI * 3 * i / SR));
	memcpy(y, x, sizeof x);
	void *u = make(12, -6, 70);
	D->process(u, (float *[]){ y }, 1, LEN, NULL);
	D->destroy(u);
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		memcpy(z, x, sizeof x);
		u = make(12, -6, 70);
		run(u, z, LEN, sizes[k]);
		D->destroy(u);
		ok(memcmp(y, z, sizeof y) == 0, "blocks of %d frames give the same bytes as one block", sizes[k]);
	}

	memset(y, 0, sizeof y);
	u = make(24, 12, 100);
	run(u, y, LEN, 64);
	ok(dsp_absmax(y, LEN, 0.0f) == 0.0f && sig_count_denormal(y, LEN) == 0, "silence in, silence out");
	memcpy(y, x, 4800 * sizeof(float));
	memset(y + 4800, 0, (LEN - 4800) * sizeof(float));
	D->set(u, unit_param_find(D, "tone"), -12);
	run(u, y, LEN, 64);
	ok(sig_count_denormal(y, LEN) == 0 && dsp_absmax(y + LEN - 4800, 4800, 0.0f) == 0.0f,
	   "a tone dying into silence leaves no denormals and ends in exact zeros");
	memcpy(y, x, sizeof x);
	y[1000] = NAN;
	y[2000] = INFINITY;
	run(u, y, LEN, 64);
	ok(sig_all_finite(y, LEN), "NaN and inf in the input do not survive");
	ok(dsp_absmax(y + LEN / 2, LEN / 2, 0.0f) > 0.01f, "and the unit recovers");
	D->destroy(u);
}

/* Everything the audio thread calls, under the RT-safety interposer
 * (tests/rt_interpose.c): no allocation, lock, sleep or file I/O, also
 * while mix leaves 0 (priming) and returns to it. */
static void test_rt_safe(void)
{
	void *u = D->create(D, SR, 512, 1, (char[100]){ 0 }, 100);
	sig_sine(x, LEN, 1000, 0.5, SR);
	rt_enter();
	for (int off = 0, k = 0; off + 480 <= LEN; off += 480, k++) {
		D->set(u, unit_param_find(D, "drive"), k % 25);
		D->set(u, unit_param_find(D, "tone"), k % 25 - 12);
		D->set(u, unit_param_find(D, "mix"), (k / 10) % 3 ? 50 : 0);
		D->process(u, (float *[]){ x + off }, 1, 480, NULL);
		(void)D->output(u, 0);
		if (k == 50)
			D->reset(u);
	}
	rt_exit();
	unsigned v = atomic_load(&rt_violations);
	const char *first = atomic_load(&rt_first_violation);
	ok(v == 0, "set, process, output and reset never allocate, lock, sleep or do I/O (%u, first %s)%s",
	   v, first ? first : "none", RT_COUNTS_MALLOC ? "" : " (allocation not counted under a sanitizer)");
	D->destroy(u);
}

int main(void)
{
	D = unit_find("saturation");
	test_descriptor();
	test_latency();
	test_thd();
	test_aliasing();
	test_mix_zero();
	test_tone();
	test_blocks_and_bad_input();
	test_rt_safe();
	return done_testing();
}
