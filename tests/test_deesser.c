/* test_deesser.c — the `deesser` unit, driven only through its descriptor
 * as an insert slot would: found by name in the registry, then create,
 * set, process, output, destroy.
 *
 * The sibilance is a band of noise: 41 sines, every 50 Hz from 6 to
 * 8 kHz, with fixed pseudo-random phases, over a 1 kHz tone. Every
 * component sits on an exact bin of a window of whole multiples of 960
 * frames (50 Hz at 48 kHz), so a plain DFT separates the tone from the
 * band with no leakage, and each is measured in and out. */
#include <stdlib.h>
#include "dsp/dsp.h"
#include "dsp/unit.h"
#include "rt_interpose.h"
#include "sig.h"
#include "tap.h"

#define LEN (2 * 48000)
#define B_ON 24000            /* the burst: 0.5 s ... 1.5 s */
#define B_OFF 72000
#define W_START 36000         /* measured after the attack has settled */
#define W_LEN (36 * 960)
#define TONE_AMP 0.25
#define NB 41

static const struct unit_desc *D;

static double frand(unsigned *r)
{
	*r = *r * 1103515245u + 12345u;
	return ((*r >> 8) & 0xffff) / 65536.0;
}

/* The burst's components and phases, the same on every call. */
static void burst(float *x, int from, int to, double amp, unsigned seed)
{
	double ph[NB];
	unsigned r = seed;
	for (int k = 0; k < NB; k++)
		ph[k] = 2.0 * M_PI * frand(&r);
	for (int i = from; i < to; i++) {
		double s = 0.0;
		for (int k = 0; k < NB; k++)
			s += sin(2.0 * M_PI * (6000.0 + 50.0 * k) * i / SR + ph[k]);
		x[i] += (float)(amp * s);
	}
}

/* |DFT| of x[0..n) at f (an exact bin). */
static double bin(const float *x, int n, double f)
{
	double re = 0.0, im = 0.0;
	for (int i = 0; i < n; i++) {
		double w = 2.0 * M_PI * f * i / SR;
		re += x[i] * cos(w);
		im -= x[i] * sin(w);
	}
	return hypot(re, im);
}

static double band_energy(const float *x, int n)
{
	double e = 0.0;
	for (int k = 0; k < NB; k++) {
		double m = bin(x, n, 6000.0 + 50.0 * k);
		e += m * m;
	}
	return e;
}

static void *make(int nch, double freq, double thr, double range, int listen)
{
	char err[200] = "";
	void *u = D->create(D, SR, 1024, nch, err, sizeof err);
	if (!u) {
		tap_diag("create failed: %s", err);
		exit(1);
	}
	D->set(u, unit_param_find(D, "freq"), freq);
	D->set(u, unit_param_find(D, "threshold"), thr);
	D->set(u, unit_param_find(D, "range"), range);
	D->set(u, unit_param_find(D, "listen"), listen);
	return u;
}

/* Runs a mono unit over y in blocks of bs frames; the deepest gain
 * reduction read from its output at block ends within [from, to). */
static double run(void *u, float *y, int n, int bs, int from, int to)
{
	double worst = 0.0;
	for (int off = 0; off < n; off += bs) {
		int m = n - off < bs ? n - off : bs;
		D->process(u, (float *[]){ y + off }, 1, m, NULL);
		double gr = D->output(u, 0);
		if (off >= from && off < to && gr < worst)
			worst = gr;
	}
	return worst;
}

static float x[LEN], y[LEN], z[LEN], r0[LEN], r1[LEN];

static void test_descriptor(void)
{
	ok(D != NULL, "the registry knows \"deesser\"");
	if (!D)
		exit(1);
	int f = unit_param_find(D, "freq"), t = unit_param_find(D, "threshold");
	int r = unit_param_find(D, "range"), l = unit_param_find(D, "listen");
	ok(f >= 0 && t >= 0 && r >= 0 && l >= 0, "freq, threshold, range and listen are its parameters");
	ok(D->params[f].min == 2000 && D->params[f].max == 12000 && D->params[f].log,
	   "freq runs 2-12 kHz on a log grid");
	ok(D->params[l].kind == UPK_TOGGLE, "listen is a toggle");
	ok(D->params[r].max == 0 && D->params[r].min < 0, "range is a cut (dB <= 0)");
	ok(D->noutputs == 1 && D->outputs[0].kind == UOK_GAIN_REDUCTION, "it reports gain reduction");
	char err[100] = "";
	ok(D->create(D, SR, 256, 3, err, sizeof err) == NULL && strstr(err, "deesser"),
	   "three channels refused with a reason: %s", err);
}

static void test_split_band(void)
{
	sig_sine(x, LEN, 1000, TONE_AMP, SR);
	burst(x, B_ON, B_OFF, 0.03, 7);
	memcpy(y, x, sizeof x);
	void *u = make(1, 4000, -40, -10, 0);
	double gr = run(u, y, LEN, 512, W_START, B_OFF);
	const float *xi = x + W_START, *yo = y + W_START;
	double tone = 20.0 * log10(bin(yo, W_LEN, 1000) / bin(xi, W_LEN, 1000));
	double band = 10.0 * log10(band_energy(yo, W_LEN) / band_energy(xi, W_LEN));
	is_near(band, -10.0, 1.0, "the 6-8 kHz burst comes down by its range, -10 dB (%.2f dB)", band);
	is_near(tone, 0.0, 0.2, "the 1 kHz tone under it passes (%.4f dB)", tone);
	is_near(gr, -10.0, 0.5, "gain reduction reads the range while the burst lasts (%.2f dB)", gr);
	memset(z, 0, sizeof z);
	double after = run(u, z, LEN, 512, 24000, LEN);
	ok(after > -0.01, "and returns to 0 dB after it (%.4f dB)", after);
	ok(sig_count_denormal(z, LEN) == 0, "the shelf's decay into silence leaves no denormals");
	D->destroy(u);

	/* range, not threshold, sets the cut */
	memcpy(y, x, sizeof x);
	u = make(1, 4000, -40, -6, 0);
	run(u, y, LEN, 512, 0, 0);
	band = 10.0 * log10(band_energy(y + W_START, W_LEN) / band_energy(xi, W_LEN));
	is_near(band, -6.0, 1.0, "with range -6 dB the burst comes down 6 dB (%.2f dB)", band);
	D->destroy(u);
}

static void test_transparent(void)
{
	/* the same band, 10 dB under the threshold at its peaks */
	sig_sine(x, LEN, 1000, 0.5, SR);
	burst(x, 0, LEN, 0.0015, 11);
	float peak = 0.0f;
	for (int i = 0; i < LEN; i++)
		peak = fmaxf(peak, fabsf(x[i] - (float)(0.5 * sin(2.0 * M_PI * 1000.0 * i / SR))));
	memcpy(y, x, sizeof x);
	void *u = make(1, 6000, -20, -12, 0);
	double gr = run(u, y, LEN, 256, 0, LEN);
	ok(memcmp(x, y, sizeof x) == 0, "no sibilance over the threshold (band peaks %.1f dBFS, threshold -20): output is the input, bit for bit",
	   20.0 * log10(peak));
	ok(gr == 0.0, "and no gain reduction is reported (%g dB)", gr);
	D->destroy(u);
}

static void test_listen(void)
{
	sig_sine(x, LEN, 1000, TONE_AMP, SR);
	burst(x, B_ON, B_OFF, 0.03, 7);
	memcpy(y, x, sizeof x);
	memcpy(z, x, sizeof x);
	void *a = make(1, 4000, -40, -10, 0), *b = make(1, 4000, -40, -10, 1);
	run(a, y, LEN, 512, 0, 0);
	run(b, z, LEN, 512, 0, 0);
	double out = 10.0 * log10(band_energy(y + W_START, W_LEN) / band_energy(x + W_START, W_LEN));
	const float *xi = x + W_START, *zo = z + W_START;
	double tone = 20.0 * log10(bin(zo, W_LEN, 1000) / bin(xi, W_LEN, 1000));
	double band = 10.0 * log10(band_energy(zo, W_LEN) / band_energy(xi, W_LEN));
	double want = 20.0 * log10(1.0 - pow(10.0, -10.0 / 20.0));
	ok(tone < -40.0, "listen: the tone under the band is not in what it removes (%.1f dB)", tone);
	is_near(band, want, 1.0, "listen: the band is, at the share taken away, 1 - 10^(-10/20) (%.2f dB)", band);
	is_near(out, -10.0, 1.0, "the processed output meanwhile keeps 10^(-10/20) of it (%.2f dB)", out);
	D->destroy(a);
	D->destroy(b);

	/* the transparent case's signal: the band under the threshold */
	sig_sine(z, LEN, 1000, 0.5, SR);
	burst(z, 0, LEN, 0.0015, 11);
	b = make(1, 6000, -20, -12, 1);
	run(b, z, LEN, 256, 0, 0);
	float quiet = dsp_absmax(z, LEN, 0.0f);
	ok(quiet == 0.0f, "with nothing to remove, listen is silence (peak %g)", quiet);
	D->destroy(b);
}

static void test_stereo_link(void)
{
	/* right: the loud burst; left: a burst below the threshold */
	sig_sine(x, LEN, 1000, TONE_AMP, SR);
	memcpy(z, x, sizeof x);
	burst(x, B_ON, B_OFF, 0.03, 7);
	burst(z, B_ON, B_OFF, 0.0005, 9);
	memcpy(r1, x, sizeof x);
	memcpy(r0, z, sizeof z);
	void *u = make(2, 4000, -40, -10, 0);
	for (int off = 0; off < LEN; off += 480)
		D->process(u, (float *[]){ r0 + off, r1 + off }, 2, 480, NULL);
	double left = 10.0 * log10(band_energy(r0 + W_START, W_LEN) / band_energy(z + W_START, W_LEN));
	double right = 10.0 * log10(band_energy(r1 + W_START, W_LEN) / band_energy(x + W_START, W_LEN));
	is_near(right, -10.0, 1.0, "stereo: the loud right band is cut by the range (%.2f dB)", right);
	is_near(left, -10.0, 1.0, "stereo-linked: the quiet left band follows the right's cut (%.2f dB)", left);
	D->destroy(u);
}

static void test_blocks_and_bad_input(void)
{
	static const int sizes[] = { 1, 7, 33, 100, 1000 };
	sig_sine(x, LEN, 1000, TONE_AMP, SR);
	burst(x, B_ON, B_OFF, 0.03, 7);
	memcpy(y, x, sizeof x);
	void *u = make(1, 5000, -40, -10, 0);
	D->process(u, (float *[]){ y }, 1, LEN, NULL);
	D->destroy(u);
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		memcpy(z, x, sizeof x);
		u = make(1, 5000, -40, -10, 0);
		run(u, z, LEN, sizes[k], 0, 0);
		D->destroy(u);
		ok(memcmp(y, z, sizeof y) == 0, "blocks of %d frames give the same bytes as one block", sizes[k]);
	}

	memset(z, 0, sizeof z);
	u = make(1, 5000, -60, -24, 0);
	run(u, z, LEN, 64, 0, 0);
	ok(dsp_absmax(z, LEN, 0.0f) == 0.0f, "silence in, silence out");
	memcpy(y, x, sizeof x);
	for (int i = 0; i < 2000; i++)
		y[B_ON + 1000 + i] *= 1e-30f; /* a tail into the denormal range */
	y[B_ON + 500] = NAN;
	y[B_ON + 501] = INFINITY;
	D->reset(u);
	run(u, y, LEN, 64, 0, 0);
	ok(sig_all_finite(y, LEN), "NaN and inf in the input do not survive");
	ok(fabs(y[LEN - 1]) < 1.0 && dsp_absmax(y + LEN - 4800, 4800, 0.0f) > 0.1f,
	   "and the unit recovers (plays the tone again)");
	D->destroy(u);
}

/* Everything the audio thread calls, under the RT-safety interposer
 * (tests/rt_interpose.c): no allocation, lock, sleep or file I/O. */
static void test_rt_safe(void)
{
	sig_sine(x, LEN, 1000, TONE_AMP, SR);
	burst(x, B_ON, B_OFF, 0.03, 7);
	void *u = D->create(D, SR, 512, 2, (char[100]){ 0 }, 100);
	memcpy(y, x, sizeof x);
	memcpy(z, x, sizeof x);
	rt_enter();
	for (int off = 0, k = 0; off + 512 <= LEN; off += 512, k++) {
		D->set(u, unit_param_find(D, "freq"), 3000 + 100 * (k % 50));
		D->set(u, unit_param_find(D, "threshold"), -40 + k % 10);
		D->set(u, unit_param_find(D, "range"), -(k % 24));
		D->set(u, unit_param_find(D, "listen"), (k / 20) % 2);
		D->process(u, (float *[]){ y + off, z + off }, 2, 512, NULL);
		(void)D->output(u, 0);
		if (k == 100)
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
	D = unit_find("deesser");
	test_descriptor();
	test_split_band();
	test_transparent();
	test_listen();
	test_stereo_link();
	test_blocks_and_bad_input();
	test_rt_safe();
	return done_testing();
}
