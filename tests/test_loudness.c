/* test_loudness.c — loudness.c and the true-peak meter against EBU Tech
 * 3341 (the BS.1770 conformance signals that can be synthesised), and
 * against ffmpeg's ebur128 filter on a mix-like signal when ffmpeg is
 * installed. */
#include "dsp/truepeak.h"
#include "kweight.h"
#include "loudness.h"
#include "tap.h"
#include "testutil.h"
#include "tmix.h"

#define RATE 48000

static float *L, *R;
static long len;

/* Appends `seconds` of a stereo sine, amplitude from dBFS (peak), both
 * channels alike, phase in degrees. */
static void sine(double seconds, double freq, double dbfs, double phase_deg)
{
	long n = lround(seconds * RATE);
	double a = pow(10, dbfs / 20), ph = phase_deg * M_PI / 180;
	L = realloc(L, sizeof *L * (size_t)(len + n));
	R = realloc(R, sizeof *R * (size_t)(len + n));
	for (long i = 0; i < n; i++)
		L[len + i] = R[len + i] = (float)(a * sin(2 * M_PI * freq * (double)i / RATE + ph));
	len += n;
}

static void clear(void)
{
	len = 0;
}

static double integrated(void)
{
	struct loudness *lu = loudness_new(RATE);
	double v;
	loudness_add(lu, L, R, (int)len);
	v = loudness_integrated(lu);
	loudness_free(lu);
	return v;
}

/* 20 ms raised-cosine ends: a sine that starts on a non-zero sample is a
 * step, whose interpolation overshoots; the conformance files fade too. */
static void fade(void)
{
	long m = RATE / 50;
	for (long i = 0; i < m && i < len / 2; i++) {
		float g = (float)(0.5 - 0.5 * cos(M_PI * (double)i / m));
		L[i] *= g, R[i] *= g;
		L[len - 1 - i] *= g, R[len - 1 - i] *= g;
	}
}

static void true_peaks(double *ours, double *ebu)
{
	struct truepeak tp;
	struct loudness *lu = loudness_new(RATE);
	const float *ch[2] = {L, R};
	truepeak_init(&tp);
	truepeak_process(&tp, ch, 2, (int)len);
	*ours = 20 * log10(truepeak_max(&tp));
	loudness_add(lu, L, R, (int)len);
	*ebu = loudness_true_peak_db(lu);
	loudness_free(lu);
}

static void test_integrated(void)
{
	clear();
	sine(20, 1000, -23, 0);
	is_near(integrated(), -23.0, 0.1, "Tech 3341 case 1: 1 kHz at -23 dBFS reads -23.0 LUFS");
	clear();
	sine(20, 1000, -33, 0);
	is_near(integrated(), -33.0, 0.1, "Tech 3341 case 2: 1 kHz at -33 dBFS reads -33.0 LUFS");
	clear();
	sine(10, 1000, -36, 0);
	sine(60, 1000, -23, 0);
	sine(10, 1000, -36, 0);
	is_near(integrated(), -23.0, 0.1, "Tech 3341 case 3: -36/-23/-36 dBFS (10/60/10 s) reads -23.0 (relative gate)");
	clear();
	sine(10, 1000, -72, 0);
	sine(10, 1000, -36, 0);
	sine(60, 1000, -23, 0);
	sine(10, 1000, -36, 0);
	sine(10, 1000, -72, 0);
	is_near(integrated(), -23.0, 0.1, "Tech 3341 case 4: -72/-36/-23/-36/-72 dBFS reads -23.0 (both gates)");
	clear();
	sine(20, 1000, -100, 0);
	ok(isinf(integrated()) && integrated() < 0, "below the absolute gate: -inf, not a number");
}

static void test_true_peak(void)
{
	double ours, ebu;

	/* Tech 3341 cases 15-18 style: every sample misses the crest of a
	 * -6 dBFS sinusoid; the true-peak meter must still read -6.0
	 * (+0.2/-0.4 dB, the spec's tolerance). */
	static const struct { double div, phase; } c[] = {{4, 0}, {4, 45}, {6, 60}, {8, 67.5}};
	for (size_t k = 0; k < ARRAY_LEN(c); k++) {
		clear();
		sine(1, RATE / c[k].div, -6, c[k].phase);
		fade();
		true_peaks(&ours, &ebu);
		ok(ours > -6.4 && ours < -5.8, "fs/%g at %g°, -6 dBFS: %.2f dBTP (truepeak.h)", c[k].div, c[k].phase, ours);
		ok(ebu > -6.4 && ebu < -5.8, "fs/%g at %g°, -6 dBFS: %.2f dBTP (libebur128)", c[k].div, c[k].phase, ebu);
	}
	/* fs/4 at 45° with its samples at -3 dBFS: the crest is at 0 dBTP */
	clear();
	sine(1, RATE / 4.0, 0, 45);
	fade();
	true_peaks(&ours, &ebu);
	ok(ours > -0.4 && ours < 0.2, "fs/4 at 45°, samples at -3.01 dBFS: %.2f dBTP (truepeak.h)", ours);
	ok(ebu > -0.4 && ebu < 0.2, "fs/4 at 45°: %.2f dBTP (libebur128)", ebu);
}

/* A few seconds of something like a mix: a kick-like decaying thump, a
 * bass line, hats of noise and a chord that swells, at moving levels. */
static void mixlike(void)
{
	long n = 12L * RATE;
	unsigned seed = 12345;
	clear();
	L = realloc(L, sizeof *L * (size_t)n);
	R = realloc(R, sizeof *R * (size_t)n);
	for (long i = 0; i < n; i++) {
		double t = (double)i / RATE, beat = fmod(t, 0.5), swell = 0.5 + 0.5 * sin(2 * M_PI * t / 6);
		double kick = 0.6 * exp(-beat * 18) * sin(2 * M_PI * (50 + 80 * exp(-beat * 30)) * beat);
		double bass = 0.2 * sin(2 * M_PI * (t < 6 ? 55 : 73.4) * t);
		double hat, chord = 0.08 * swell * (sin(2 * M_PI * 220 * t) + sin(2 * M_PI * 277.2 * t) + sin(2 * M_PI * 329.6 * t));
		seed = seed * 1103515245u + 12345u;
		hat = 0.15 * exp(-fmod(t, 0.25) * 60) * ((double)(seed >> 8) / (1 << 24) * 2 - 1);
		L[i] = (float)(kick + bass + 0.8 * hat + chord * 1.2);
		R[i] = (float)(kick + bass + 1.2 * hat + chord * 0.8);
	}
	len = n;
}

static void test_ffmpeg(void)
{
	const char *dir = tu_tmpdir(), *path = tu_path(dir, "mix.wav");
	SF_INFO info = {.samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f;
	float *inter;
	char cmd[1024];
	double i_ff = NAN, tp_ff = NAN, ours, ebu, lufs;
	FILE *pp;

	mixlike();
	lufs = integrated();
	true_peaks(&ours, &ebu);
	tap_diag("mix-like signal: %.2f LUFS, true peak %.2f dBTP (truepeak.h) %.2f (libebur128)", lufs, ours, ebu);
	if (system("command -v ffmpeg >/dev/null 2>&1") != 0) {
		printf("ok %d # SKIP ffmpeg not installed\n", ++tap_n);
		printf("ok %d # SKIP ffmpeg not installed\n", ++tap_n);
		return;
	}
	inter = malloc(sizeof *inter * 2 * (size_t)len);
	for (long i = 0; i < len; i++)
		inter[2 * i] = L[i], inter[2 * i + 1] = R[i];
	f = sf_open(path, SFM_WRITE, &info);
	sf_writef_float(f, inter, len);
	sf_close(f);
	free(inter);
	snprintf(cmd, sizeof cmd,
		 "ffmpeg -nostats -hide_banner -i '%s' -af ebur128=peak=true -f null - 2>&1 | "
		 "awk '/Integrated loudness/{getline; i=$2} /True peak/{getline; p=$2} END{print i, p}'", path);
	pp = popen(cmd, "r");
	if (!pp || fscanf(pp, "%lf %lf", &i_ff, &tp_ff) != 2)
		tap_diag("ffmpeg gave no figures");
	if (pp)
		pclose(pp);
	tap_diag("ffmpeg ebur128: %.2f LUFS, true peak %.2f dBTP", i_ff, tp_ff);
	is_near(lufs, i_ff, 0.2, "integrated loudness agrees with ffmpeg's ebur128 within 0.2 LU");
	is_near(ours, tp_ff, 0.3, "true peak agrees with ffmpeg's within 0.3 dB");
	unlink(path);
	rmdir(dir);
}

/* kweight.h's K-weighted power and gating (the loudness searches' model)
 * on the current signal. */
static double kweighted(void)
{
	struct kweight kw;
	struct kgate kg;
	float *e = xmalloc(sizeof *e * (size_t)(len ? len : 1));
	double v;
	kweight_init(&kw, RATE);
	kgate_init(&kg, RATE);
	/* in odd pieces, as the model reads it */
	for (long i = 0; i < len; i += 1000) {
		int n = len - i < 1000 ? (int)(len - i) : 1000;
		kweight_power(&kw, L + i, R + i, e + i, n);
		kgate_add(&kg, e + i, n);
	}
	v = kgate_integrated(&kg);
	kgate_free(&kg);
	free(e);
	return v;
}

/* The model's loudness is libebur128's, within 0.005 LU, across the
 * K-weighting's shelf and high-pass and through both gates. */
static void test_kweight(void)
{
	static const double freq[] = {20, 40, 100, 1000, 3000, 10000, 20000};
	double k, e;

	for (size_t i = 0; i < ARRAY_LEN(freq); i++) {
		clear();
		sine(5, freq[i], -20, 0);
		k = kweighted();
		e = integrated();
		is_near(k, e, 0.005, "kweight: %g Hz sine at -20 dBFS reads %.3f LUFS, libebur128 %.3f", freq[i], k, e);
	}
	clear();
	sine(10, 1000, -36, 0);
	sine(60, 1000, -23, 0);
	sine(10, 1000, -36, 0);
	k = kweighted();
	is_near(k, -23.0, 0.1, "kweight: Tech 3341 case 3 (the relative gate): %.3f LUFS", k);
	clear();
	sine(3, 1000, -90, 0);
	sine(2, 1000, -20, 0);
	k = kweighted();
	e = integrated();
	is_near(k, e, 0.005, "kweight: -90 dBFS then -20 (the absolute gate): %.3f, libebur128 %.3f", k, e);
	mixlike();
	k = kweighted();
	e = integrated();
	is_near(k, e, 0.005, "kweight: a mix-like signal reads %.3f LUFS, libebur128 %.3f", k, e);
	clear();
	sine(2, 1000, -200, 0);
	ok(kweighted() == -INFINITY, "kweight: silence reads -inf");
}

/* kweight_power and kgate_add keep their state in locals for a block:
 * the powers and the hops are those of a frame at a time, bit for bit,
 * whatever the block sizes (1 frame, odd sizes, sizes past a hop), on
 * the mix-like signal. */
static void test_kweight_blocks(void)
{
	struct kweight a, b;
	struct kgate ga, gb;
	float *e1, *e2;
	int differ = 0, hops_differ = 0;

	mixlike();
	e1 = xmalloc(sizeof *e1 * (size_t)len);
	e2 = xmalloc(sizeof *e2 * (size_t)len);
	kweight_init(&a, RATE);
	kweight_init(&b, RATE);
	kgate_init(&ga, RATE);
	kgate_init(&gb, RATE);
	for (long i = 0; i < len; i++) {
		kweight_power(&a, L + i, R + i, e1 + i, 1);
		kgate_add(&ga, e1 + i, 1);
	}
	for (long i = 0, k = 0; i < len; k++) {
		int n = (int)((k * 7919) % 9000) + 1;
		if (n > len - i)
			n = (int)(len - i);
		kweight_power(&b, L + i, R + i, e2 + i, n);
		kgate_add(&gb, e2 + i, n);
		i += n;
	}
	for (long i = 0; i < len; i++)
		differ += memcmp(&e1[i], &e2[i], sizeof *e1) != 0;
	for (int k = 0; k < ga.nh && k < gb.nh; k++)
		hops_differ += memcmp(&ga.hops[k], &gb.hops[k], sizeof *ga.hops) != 0;
	ok(differ == 0, "kweight_power in blocks of 1 to 9000 frames: a frame at a time's powers, bit for bit (%d differ)",
	   differ);
	ok(ga.nh == gb.nh && ga.nh > 10 && hops_differ == 0 && ga.in_hop == gb.in_hop && ga.acc == gb.acc,
	   "kgate_add in those blocks: the same %d hops (%d differ) and the same partial hop", gb.nh, hops_differ);
	kgate_free(&ga);
	kgate_free(&gb);
	free(e1);
	free(e2);
}

int main(void)
{
	test_integrated();
	test_kweight();
	test_kweight_blocks();
	test_true_peak();
	test_ffmpeg();
	free(L);
	free(R);
	return done_testing();
}
