/* test_comp.c — static curve, steady-state ratio, time constants, bypass,
 * NaN and silence for the compressor. */
#include <stdlib.h>
#include "dsp/comp.h"
#include "sig.h"
#include "tap.h"

#define N 48000

static float x[N], y[N];

/* Steady-state output level (RMS dB relative to the input's) of a 1 kHz
 * sine with the given peak level, fresh detector. */
static double out_minus_in(struct comp *c, double peak_db)
{
	comp_reset(c);
	sig_sine(x, N, 1000, db_to_lin(peak_db), SR);
	memcpy(y, x, sizeof x);
	comp_process(c, (float *[]){ y }, 1, N);
	return sig_gain_db(x, y, N, N / 2, 1000, SR);
}

/* The paper's detector and gain, one sample at a time in double: what
 * comp.c's float level and gain passes and its closed-form decay below
 * the knee must reproduce. Hard knee, mono. Everything it uses comes
 * from the settings and comp.h's documented formulas, none from the
 * unit under test: a = exp(-1 / (tau fs)) for the attack and release
 * time constants, no reduction at or below the threshold. */
struct ref_set {
	double thr, ratio, attack_ms, release_ms, rate;
};

static void reference(const struct ref_set *p, const float *in, float *out, int n)
{
	const double a_att = exp(-1.0 / (p->attack_ms * 0.001 * p->rate));
	const double a_rel = exp(-1.0 / (p->release_ms * 0.001 * p->rate));
	const double below = pow(10.0, p->thr / 20.0);
	double y1 = 0.0, yl = 0.0;
	for (int i = 0; i < n; i++) {
		double a = fabs(in[i]), xl = 0.0;
		if (a > below)
			xl = (1.0 - 1.0 / p->ratio) * (20.0 * log10(a) - p->thr);
		y1 = fmax(xl, a_rel * y1 + (1.0 - a_rel) * xl);
		yl = a_att * yl + (1.0 - a_att) * y1;
		out[i] = (float)(in[i] * pow(10.0, -yl / 20.0));
	}
}

/* A drum-like test signal: noise bursts with fast attacks and slow
 * decays over a quiet bed, so the detector attacks, releases and rests. */
static void bursts(float *v, int n)
{
	unsigned r = 12345;
	for (int i = 0; i < n; i++) {
		r = r * 1103515245u + 12345u;
		double noise = ((r >> 8) & 0xffff) / 32768.0 - 1.0;
		int t = i % 9000;
		double env = t < 4000 ? 0.9 * exp(-t / 1500.0) : 0.002;
		v[i] = (float)(noise * env);
	}
}

static void check_against_reference(void)
{
	enum { LEN = 4 * 48000 };
	static float in[LEN], ref[LEN], got[LEN], grid[LEN];
	static const int sizes[] = { 1, 7, 16, 33, 64, 256, 1000, 4096 };
	static const struct ref_set set = {.thr = -24, .ratio = 4, .attack_ms = 2, .release_ms = 80, .rate = SR};
	struct comp c;
	bursts(in, LEN);
	reference(&set, in, ref, LEN);
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		int bs = sizes[k];
		double worst = 0.0;
		comp_init(&c, SR);
		comp_set(&c, set.thr, set.ratio, set.attack_ms, set.release_ms, 0, 0, 0);
		memcpy(got, in, sizeof in);
		for (int off = 0; off < LEN; off += bs)
			comp_process(&c, (float *[]){ got + off }, 1, LEN - off < bs ? LEN - off : bs);
		for (int i = 0; i < LEN; i++)
			if (fabs(ref[i]) > 1e-4)
				worst = fmax(worst, fabs(20.0 * log10(fabs(got[i] / ref[i]))));
		ok(worst < 2e-5, "blocks of %d: the per-sample recursion's output within %.2g dB (< 2e-5)", bs, worst);
	}
	/* blocks cut on the sub-block grid (as the engine's and a bounce's
	 * are): bit-identical whatever their size */
	int same = 1;
	for (int bs = DSP_SUBBLOCK; bs <= 1024; bs *= 2) {
		comp_init(&c, SR);
		comp_set(&c, -24, 4, 2, 80, 0, 0, 0);
		memcpy(got, in, sizeof in);
		for (int off = 0; off < LEN; off += bs)
			comp_process(&c, (float *[]){ got + off }, 1, LEN - off < bs ? LEN - off : bs);
		if (bs == DSP_SUBBLOCK)
			memcpy(grid, got, sizeof got);
		else
			same &= memcmp(grid, got, sizeof got) == 0;
	}
	ok(same, "blocks of 32 to 1024 frames give the same output bit for bit");
}

int main(void)
{
	struct comp c;

	/* Static curve: hard knee. */
	comp_init(&c, SR);
	comp_set(&c, -20, 4, 10, 100, 0, 0, 0);
	is_near(comp_static_curve_db(&c, -30), -30, 1e-12, "hard knee: below threshold unchanged");
	is_near(comp_static_curve_db(&c, -20), -20, 1e-12, "hard knee: threshold maps to itself");
	is_near(comp_static_curve_db(&c, 0), -15, 1e-12, "hard knee: 0 dBFS -> T + 20/4 = -15");
	/* Soft knee W = 10: the paper's quadratic between T-W/2 and T+W/2. */
	comp_set(&c, -20, 4, 10, 100, 10, 0, 0);
	is_near(comp_static_curve_db(&c, -25), -25, 1e-12, "soft knee: T - W/2 unchanged");
	is_near(comp_static_curve_db(&c, -15), -20 + 5.0 / 4, 1e-12, "soft knee: T + W/2 -> T + W/(2R)");
	is_near(comp_static_curve_db(&c, -20), -20 - 0.75 * 25 / 20, 1e-12,
		"soft knee: T -> T + (1/R - 1)(W/2)^2/(2W) = -20.9375");
	is_near(comp_static_curve_db(&c, -10), -17.5, 1e-12, "soft knee: above the knee on the ratio line");
	double maxjump = 0, prev = comp_static_curve_db(&c, -60), prevslope = 1.0;
	int mono = 1;
	for (double v = -60 + 0.001; v <= 0; v += 0.001) {
		double o = comp_static_curve_db(&c, v), s = (o - prev) / 0.001;
		maxjump = fmax(maxjump, fabs(o - prev));
		mono &= s <= prevslope + 1e-6 && s >= 1.0 / 4 - 1e-6;
		prev = o;
		prevslope = s;
	}
	ok(maxjump <= 0.001 * 1.000001, "soft knee curve is continuous (max jump %.6f per 0.001 dB)", maxjump);
	ok(mono, "soft knee slope falls smoothly from 1 to 1/R");
	/* Auto makeup: half the reduction at 0 dBFS. */
	comp_set(&c, -20, 4, 10, 100, 0, 0, 1);
	is_near(comp_static_curve_db(&c, 0), -15 + 7.5, 1e-12, "auto makeup = half the 0 dBFS reduction (+7.5)");
	comp_set(&c, -20, 4, 10, 100, 0, 3, 0);
	is_near(comp_static_curve_db(&c, -40), -37, 1e-12, "manual makeup adds");

	/* Steady state with sines (peak-detecting). */
	comp_init(&c, SR);
	comp_set(&c, -30, 4, 1, 200, 0, 0, 0);
	double a = out_minus_in(&c, -20), b = out_minus_in(&c, -10);
	double d_out = (b + -10) - (a + -20);
	is_near(d_out, 2.5, 0.2, "4:1 above threshold: +10 dB in gives +%.3f dB out", d_out);
	is_near(a, -7.5, 0.2, "-20 dBFS peak, T -30, 4:1: %.3f dB of gain (want -7.5)", a);
	double below = out_minus_in(&c, -40);
	is_near(below, 0.0, 0.05, "below threshold output equals input (%.4f dB)", below);
	comp_set(&c, -30, 4, 1, 200, 0, 0, 1);
	double up = out_minus_in(&c, -40);
	is_near(up, 0.5 * 30 * 0.75, 0.05, "auto makeup lifts a quiet signal by %.3f dB", up);

	/* Time constants: -40 -> -10 dBFS step (15 dB of reduction at 4:1,
	 * T -30); attack 10 ms, release 100 ms. Meter read every 32 frames. */
	comp_init(&c, SR);
	const double att = 10, rel = 100;
	comp_set(&c, -30, 4, att, rel, 0, 0, 0);
	static float s[3 * N];
	sig_sine(s, 3 * N, 1000, 1.0, SR);
	for (int i = 0; i < 3 * N; i++)
		s[i] *= (i >= N && i < 2 * N) ? (float)db_to_lin(-10) : (float)db_to_lin(-40);
	double t63 = -1, t37 = -1, final_gr = 0;
	for (int i = 0; i < 3 * N; i += 32) {
		comp_process(&c, (float *[]){ s + i }, 1, 32);
		double grv = -comp_gain_reduction_db(&c);
		if (i == 2 * N - 32)
			final_gr = grv;
		if (i >= N && i < 2 * N && t63 < 0 && grv >= 0.632 * 15)
			t63 = (i + 32 - N) * 1000.0 / SR;
		if (i >= 2 * N && t37 < 0 && grv <= 0.368 * final_gr)
			t37 = (i + 32 - 2 * N) * 1000.0 / SR;
	}
	is_near(final_gr, 15.0, 0.2, "steady reduction %.3f dB (want 15)", final_gr);
	is_near(t63, att, 0.3 * att, "attack: 63 %% of the change after %.2f ms (set %g)", t63, att);
	/* Release runs through y1 (release) then y_L (attack): a 100 ms and a
	 * 10 ms pole in series reach 63 % at about 107 ms. */
	is_near(t37, rel, 0.3 * rel, "release: 63 %% of the change after %.2f ms (set %g)", t37, rel);

	/* Stereo link: detection on the louder channel, same gain on both. */
	comp_init(&c, SR);
	comp_set(&c, -30, 4, 1, 100, 0, 0, 0);
	static float l[N], r[N];
	sig_sine(l, N, 1000, 0.001, SR);
	sig_sine(r, N, 1000, 0.1, SR);
	comp_process(&c, (float *[]){ l, r }, 2, N);
	double gl = 20 * log10(sig_rms(l + N / 2, N / 2) / (0.001 * sqrt(0.5)));
	is_near(gl, -7.5, 0.2, "stereo-linked: quiet left gets the loud right's reduction (%.3f)", gl);

	/* Disable: fades out, then bit-transparent and free. A compressor of
	 * its own, set up as the strip sets one up. */
	comp_init(&c, SR);
	comp_set(&c, -30, 4, 1, 100, 0, 0, 0);
	sig_sine(x, N, 1000, 0.5, SR);
	memcpy(y, x, sizeof x);
	comp_process(&c, (float *[]){ y }, 1, 4800);
	comp_set_enabled(&c, 0);
	comp_process(&c, (float *[]){ y + 4800 }, 1, N - 4800);
	int same = 1;
	for (int i = N - 4800; i < N; i++)
		same &= y[i] == x[i];
	ok(same, "disabled compressor is bit-transparent");
	is_int(c.running, 0, "disabled compressor stops running");
	ok(comp_gain_reduction_db(&c) == 0.0, "disabled compressor meters 0 dB");
	comp_set_enabled(&c, 1);

	/* NaN and silence. */
	sig_sine(x, 4800, 1000, 0.5, SR);
	x[1234] = NAN;
	comp_process(&c, (float *[]){ x }, 1, 4800);
	ok(sig_all_finite(x, 4800), "finite output after NaN");
	is_int(c.nan_resets, 1, "nan_resets incremented");
	ok(fabsf(x[4790]) > 0.0f, "audio resumes");
	memset(x, 0, sizeof x);
	for (int k = 0; k < 20; k++)
		comp_process(&c, (float *[]){ x }, 1, N);
	ok(c.y1 == 0.0 && c.yl == 0.0, "detector flushes to exactly 0 in silence");
	ok(sig_rms(x, N) == 0.0 && sig_count_denormal(x, N) == 0, "silence in, exact silence out");

	static float big[1000000];
	sig_sine(big, 1000000, 440, 0.9, SR);
	comp_set(&c, -24, 6, 5, 80, 6, 0, 1);
	comp_process(&c, (float *[]){ big }, 1, 1000000);
	ok(sig_all_finite(big, 1000000), "1e6 samples finite");
	{
		/* the fast exp2/log2 of the level and gain paths against libm,
		 * over every level and gain a strip can see */
		double we = 0, wl = 0;
		for (double v = -100; v < 100; v += 0.000731) {
			double e = fabs(dsp_exp2f((float)v) / exp2((float)v) - 1);
			we = e > we ? e : we;
		}
		for (double v = 1e-7; v < 1e4; v *= 1.0001) {
			double e = fabs(dsp_log2f((float)v) - log2((float)v));
			wl = e > wl ? e : wl;
		}
		ok(we < 3e-7, "dsp_exp2f within 3e-7 of exp2 over -100..100 (%.2g)", we);
		ok(dsp_exp2f(0.0f) == 1.0f, "dsp_exp2f(0) is exactly 1");
		ok(wl < 2e-6, "dsp_log2f within 2e-6 of log2 over 1e-7..1e4 (%.2g)", wl);
	}
	check_against_reference();

	/* A key: a tone at -40 dBFS (under the -30 dB threshold) compressed
	 * by another signal, a -10 dBFS burst in the second half: 4:1, hard
	 * knee, so (-10 - -30) * (1 - 1/4) = 15 dB of reduction while the key
	 * plays and none at all before it. */
	{
		static float key[N];
		double gr_before = 0, gr_during = 0;
		comp_init(&c, SR);
		comp_set(&c, -30, 4, 1, 100, 0, 0, 0);
		sig_sine(x, N, 440, 0.01, SR);
		memset(key, 0, sizeof key);
		sig_sine(key + N / 2, N / 2, 1000, 0.316228, SR);
		memcpy(y, x, sizeof x);
		for (int k = 0; k * 32 < N; k++) {
			comp_process_key(&c, (float *[]){ y + k * 32 }, 1, 32, (const float *[]){ key + k * 32 }, 1);
			if (k * 32 < N / 2 && comp_gain_reduction_db(&c) < gr_before)
				gr_before = comp_gain_reduction_db(&c);
		}
		gr_during = sig_gain_db(x, y, N, N / 4, 440, SR);
		ok(gr_before == 0.0, "keyed: no reduction while the key is silent (%.2f dB)", gr_before);
		is_near(gr_during, -15.0, 0.5, "keyed: the key at -10 dBFS takes the tone down 15 dB (%.2f)", gr_during);
	}
	/* The detector's high-pass: a 30 Hz swell at -6 dBFS drives the
	 * compressor hard; through a 300 Hz high-pass (12 dB/oct, ~40 dB
	 * down at 30 Hz) the detector hears it under the threshold. */
	{
		double without, with;
		for (int pass = 0; pass < 2; pass++) {
			comp_init(&c, SR);
			comp_set(&c, -30, 4, 1, 100, 0, 0, 0);
			comp_set_detector(&c, pass ? 300 : 0, 0);
			for (int i = 0; i < N; i++)
				x[i] = (float)(0.01 * sin(2 * M_PI * 1000 * i / SR) + 0.5 * sin(2 * M_PI * 30 * i / SR));
			memcpy(y, x, sizeof x);
			comp_process(&c, (float *[]){ y }, 1, N);
			*(pass ? &with : &without) = sig_gain_db(x, y, N, N / 2, 30, SR);
		}
		ok(without < -10, "30 Hz at -6 dBFS, no detector filter: %.1f dB of reduction", without);
		is_near(with, 0.0, 0.1, "detector high-pass 300 Hz: the swell no longer compresses (%.2f dB)", with);
	}
	return done_testing();
}
