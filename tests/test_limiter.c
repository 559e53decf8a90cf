/* test_limiter.c — the true-peak limiter against independent references:
 * an 8x oversampler (192-tap-per-phase Kaiser sinc, evaluated in double)
 * for signals band-limited below 0.45 fs, and libebur128's BS.1770 meter
 * for naive full-band signals. Content right at Nyquist has no single
 * "true" peak (every reconstruction filter reads it differently), so the
 * long-sinc reference is only meaningful for band-limited material. */
#include "tap.h"
#include "dsp/limiter.h"

#include <ebur128.h>
#include <stdlib.h>
#include <string.h>

#define REF_HALF 96 /* input samples either side */
#define REF_OS 8

static double ref_coef[REF_OS][2 * REF_HALF];

static double bessel_i0(double x)
{
	double sum = 1.0, term = 1.0, q = x * x / 4.0;
	for (int k = 1; k < 40; k++) {
		term *= q / ((double)k * k);
		sum += term;
	}
	return sum;
}

static void ref_design(void)
{
	const double beta = 10.0;
	for (int k = 0; k < REF_OS; k++)
		for (int j = 0; j < 2 * REF_HALF; j++) {
			/* value at time i + k/8 uses x[i - REF_HALF + 1 + j] */
			double t = (double)k / REF_OS - (j - REF_HALF + 1);
			double r = t / (REF_HALF + 1.0);
			double w = fabs(r) >= 1.0 ? 0.0 : bessel_i0(beta * sqrt(1.0 - r * r)) / bessel_i0(beta);
			ref_coef[k][j] = (t == 0.0 ? 1.0 : sin(M_PI * t) / (M_PI * t)) * w;
		}
}

/* 8x true peak of x[0..n) (zeros outside) between samples from and to. */
static double ref_truepeak_range(const float *x, int n, int from, int to)
{
	double m = 0.0;
	for (int i = from; i < to; i++)
		for (int k = 0; k < REF_OS; k++) {
			double acc = 0.0;
			for (int j = 0; j < 2 * REF_HALF; j++) {
				int s = i - REF_HALF + 1 + j;
				if (s >= 0 && s < n)
					acc += ref_coef[k][j] * x[s];
			}
			if (fabs(acc) > m)
				m = fabs(acc);
		}
	return m;
}

static double ref_truepeak(const float *x, int n)
{
	return ref_truepeak_range(x, n, -1, n);
}

static unsigned rng = 12345u;
static double frand(void) /* uniform [-1, 1) */
{
	rng = rng * 1664525u + 1013904223u;
	return (rng >> 8) * (2.0 / 16777216.0) - 1.0;
}

enum sig { SINE1K, SINE_FS4, NOISE12, SQUARE, SQUARE_HOT, CLICKS, DRUMS, NAIVE_NOISE12, NAIVE_SQUARE };
static const char *sig_name[] = {
	"1 kHz sine 0 dBFS", "fs/4 sine 45deg (0 dBTP, -3 dBFS samples)", "noise <0.45fs peak +12 dB",
	"100 Hz square (bl) 0 dBFS", "3 kHz square (bl) +6 dB", "single-sample clicks", "drum transient train",
	"white noise +12 dB (full band)", "naive 3 kHz square +6 dB",
};

/* White noise through a 0.45 fs windowed-sinc low-pass, peak-normalised. */
#define BLN_LEN (1 << 17)
static float bl_noise[BLN_LEN];

static void make_bl_noise(void)
{
	static float w[BLN_LEN];
	for (int i = 0; i < BLN_LEN; i++)
		w[i] = (float)frand();
	double pk = 0.0;
	for (int i = 0; i < BLN_LEN; i++) {
		double a = 0.0;
		for (int k = -64; k <= 64; k++) {
			int j = (i - k) & (BLN_LEN - 1);
			double win = 0.5 + 0.5 * cos(M_PI * k / 65.0);
			double t = 0.9 * k;
			a += w[j] * 0.9 * (k == 0 ? 1.0 : sin(M_PI * t) / (M_PI * t)) * win;
		}
		bl_noise[i] = (float)a;
		pk = fmax(pk, fabs(a));
	}
	for (int i = 0; i < BLN_LEN; i++)
		bl_noise[i] = (float)(bl_noise[i] / pk);
}

/* Odd harmonics below 0.45 fs, as any alias-free synth would make. */
static double bl_square(double f, double t, double rate)
{
	double a = 0.0;
	for (int k = 1; k * f < 0.45 * rate; k += 2)
		a += sin(2 * M_PI * k * f * t) / k;
	return a * 4.0 / M_PI;
}

static float gen(enum sig s, int c, int i, double rate)
{
	double t = i / rate;
	switch (s) {
	case SINE1K:
		return (float)sin(2 * M_PI * 1000.0 * t + c * 0.3);
	case SINE_FS4:
		return (float)sin(M_PI / 2 * i + M_PI / 4);
	case NOISE12:
		return 4.0f * bl_noise[(i + c * 7919) & (BLN_LEN - 1)];
	case NAIVE_NOISE12:
		return (float)(4.0 * frand());
	case SQUARE:
		return (float)bl_square(100.0, t, rate);
	case SQUARE_HOT:
		return (float)(2.0 * bl_square(3000.0, t + c * 0.25 / 3000.0, rate));
	case NAIVE_SQUARE:
		return fmod(t * 3000.0 + c * 0.25, 1.0) < 0.5 ? 2.0f : -2.0f;
	case CLICKS: {
		int k = i % 4801;
		if (k == 1000)
			return (i / 4801) % 2 ? 1.0f : -4.0f;
		if (k == 1001 && c == 1)
			return 1.0f;
		return 0.0f;
	}
	case DRUMS: {
		double tb = fmod(t, 0.25); /* a hit every 250 ms */
		double amp = (int)(t / 0.25) % 2 ? 3.0 : 1.5;
		double f = 55.0 + 200.0 * exp(-tb * 40.0);
		double body = sin(2 * M_PI * f * tb) * exp(-tb * 12.0);
		double snap = 1.7 * bl_noise[(i + 3001 + c * 104729) & (BLN_LEN - 1)] * exp(-tb * 60.0);
		return (float)(amp * (0.7 * body + 0.6 * snap));
	}
	}
	return 0.0f;
}

/* libebur128's true peak of planar buffers, linear. */
static double ebu_truepeak(float *const buf[], int nch, int n, double rate)
{
	ebur128_state *st = ebur128_init((unsigned)nch, (unsigned long)rate, EBUR128_MODE_TRUE_PEAK);
	float *il = malloc(sizeof(float) * (size_t)n * (size_t)nch);
	for (int i = 0; i < n; i++)
		for (int c = 0; c < nch; c++)
			il[i * nch + c] = buf[c][i];
	ebur128_add_frames_float(st, il, (size_t)n);
	double m = 0.0;
	for (int c = 0; c < nch; c++) {
		double v = 0.0;
		ebur128_true_peak(st, (unsigned)c, &v);
		m = fmax(m, v);
	}
	ebur128_destroy(&st);
	free(il);
	return m;
}

/* Limits `frames` of a generated signal in ragged blocks and returns the
 * true peak of the output in dBTP (ebu: by libebur128, else 8x sinc). */
static double run(enum sig s, double rate, int nch, int frames, double *gr, int ebu)
{
	struct limiter l;
	if (limiter_init(&l, rate, nch) != 0)
		return 1e9;
	limiter_set(&l, -1.0, 80.0);
	int lat = limiter_latency(&l);
	int total = frames + lat;
	float *buf[2];
	for (int c = 0; c < nch; c++) {
		buf[c] = calloc((size_t)total, sizeof(float));
		for (int i = 0; i < frames; i++)
			buf[c][i] = gen(s, c, i, rate);
	}
	static const int blocks[] = { 100, 37, 512, 1, 64, 333 };
	*gr = 0.0;
	for (int off = 0, b = 0; off < total; b++) {
		int n = blocks[b % 6];
		if (n > total - off)
			n = total - off;
		float *p[2] = { buf[0] + off, nch > 1 ? buf[1] + off : NULL };
		limiter_process(&l, p, nch, n);
		if (limiter_gain_reduction_db(&l) > *gr)
			*gr = limiter_gain_reduction_db(&l);
		off += n;
	}
	double tp = 0.0;
	if (ebu)
		tp = ebu_truepeak(buf, nch, total, rate);
	for (int c = 0; c < nch; c++) {
		if (!ebu)
			tp = fmax(tp, ref_truepeak(buf[c], total));
		free(buf[c]);
	}
	limiter_free(&l);
	return lin_to_db(tp);
}

static void test_ceiling(void)
{
	struct { enum sig s; double rate; int nch, ebu; } cases[] = {
		{ SINE1K, 48000, 2, 0 }, { SINE1K, 44100, 1, 0 }, { SINE_FS4, 48000, 1, 0 }, { SINE_FS4, 44100, 2, 0 },
		{ NOISE12, 48000, 2, 0 }, { NOISE12, 96000, 1, 0 }, { SQUARE, 48000, 1, 0 }, { SQUARE_HOT, 48000, 2, 0 },
		{ CLICKS, 48000, 2, 0 }, { DRUMS, 48000, 2, 0 }, { DRUMS, 44100, 1, 0 },
		{ SINE_FS4, 48000, 2, 1 }, { NAIVE_NOISE12, 48000, 2, 1 }, { NAIVE_SQUARE, 48000, 2, 1 },
		{ CLICKS, 44100, 2, 1 }, { DRUMS, 48000, 2, 1 },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		double gr = 0.0;
		double db = run(cases[k].s, cases[k].rate, cases[k].nch, (int)(cases[k].rate * 0.5), &gr, cases[k].ebu);
		const char *ref = cases[k].ebu ? "libebur128" : "8x sinc";
		tap_diag("%-34s %6.0f Hz %dch: out %+.3f dBTP (%s), max GR %.2f dB", sig_name[cases[k].s],
		         cases[k].rate, cases[k].nch, db, ref, gr);
		/* Full-band white noise puts energy right at Nyquist, where no two
		 * interpolators agree; the limiter's 0.1 dB margin covers it. */
		ok(db <= -1.0 + 0.1, "%s at %.0f Hz stays under -1 dBTP +0.1 (%s)", sig_name[cases[k].s], cases[k].rate, ref);
	}
}

static void test_transparent_and_latency(void)
{
	struct limiter l;
	ok(limiter_init(&l, 48000, 2) == 0, "init");
	limiter_set(&l, -1.0, 100.0);
	int lat = limiter_latency(&l);
	ok(lat >= (int)(0.0015 * 48000) && lat <= (int)(0.005 * 48000), "latency %d frames is 1.5..5 ms", lat);

	const int n = 48000;
	float *in[2], *out[2];
	for (int c = 0; c < 2; c++) {
		in[c] = calloc((size_t)n, sizeof(float));
		out[c] = calloc((size_t)n, sizeof(float));
	}
	in[0][100] = 0.5f; /* an impulse finds the delay */
	for (int i = 1000; i < n; i++) /* then quiet bright noise, TP well under -1 */
		for (int c = 0; c < 2; c++)
			in[c][i] = (float)(0.25 * frand());
	for (int c = 0; c < 2; c++)
		memcpy(out[c], in[c], (size_t)n * sizeof(float));
	for (int off = 0; off < n; off += 300) {
		float *p[2] = { out[0] + off, out[1] + off };
		limiter_process(&l, p, 2, n - off < 300 ? n - off : 300);
	}
	int at = -1;
	for (int i = 0; i < 1000 && at < 0; i++)
		if (out[0][i] != 0.0f)
			at = i;
	is_int(at - 100, lat, "impulse comes out exactly latency frames late");
	double maxdiff = 0.0;
	for (int c = 0; c < 2; c++)
		for (int i = 0; i + lat < n; i++)
			maxdiff = fmax(maxdiff, fabs(out[c][i + lat] - in[c][i]));
	ok(maxdiff <= 1e-6, "below the ceiling output == delayed input (max diff %g)", maxdiff);
	is_near(limiter_gain_reduction_db(&l), 0.0, 1e-9, "no gain reduction reported");

	/* A NaN resets the state instead of poisoning the output. */
	for (int i = 0; i < 256; i++)
		out[0][i] = out[1][i] = 0.1f;
	out[0][10] = NAN;
	float *p[2] = { out[0], out[1] };
	limiter_process(&l, p, 2, 256);
	limiter_process(&l, p, 2, 256);
	int finite = 1;
	for (int i = 0; i < 256; i++)
		finite &= isfinite(out[0][i]) && isfinite(out[1][i]);
	ok(finite && l.nan_resets >= 1, "NaN input: output finite, nan_resets=%u", l.nan_resets);
	for (int c = 0; c < 2; c++) {
		free(in[c]);
		free(out[c]);
	}
	limiter_free(&l);
}

/* oversample_peaks (a block at a time, four samples per loop) gives
 * the very values of oversample_peak one sample at a time, whatever the
 * block sizes, and leaves the state so that either may go on: checked
 * bit for bit over band-limited noise, full-band noise, a near-silent
 * stretch, a NaN and a full-scale step. */
static void test_block_peaks(void)
{
	enum { N = 20000 };
	static float x[N], one[N], blk[N];
	static struct oversample a, b;
	unsigned seed = 12345;
	int i = 0, k = 0, differ = 0, first = -1;

	for (int j = 0; j < N; j++) {
		seed = seed * 1103515245u + 12345u;
		float w = (float)((seed >> 8) & 0xffff) / 32768.0f - 1.0f;
		x[j] = j < 6000 ? bl_noise[j] : j < 9000 ? w : j < 12000 ? 1e-6f * w : j < 15000 ? bl_noise[j] * 0.5f : 1.0f;
	}
	x[7777] = NAN;
	oversample_init(&a);
	oversample_init(&b);
	for (int j = 0; j < N; j++)
		one[j] = oversample_peak(&a, x[j]);
	while (i < N) {
		int m = (k * 7) % 45 + 1; /* 1..45: odd sizes, past a block's 32 */
		if (m > N - i)
			m = N - i;
		if (k++ % 3 == 2) /* now and then one at a time in between */
			for (int j = 0; j < m; j++)
				blk[i + j] = oversample_peak(&b, x[i + j]);
		else
			oversample_peaks(&b, x + i, m, blk + i);
		i += m;
	}
	for (int j = 0; j < N; j++)
		if (memcmp(&one[j], &blk[j], sizeof(float))) {
			differ++;
			if (first < 0)
				first = j;
		}
	ok(differ == 0, "oversample_peaks: the values of oversample_peak, bit for bit (%d differ, first at %d)", differ,
	   first);
	ok(isnan(blk[7777 + OVERSAMPLE_DELAY]) || isnan(blk[7777]), "and a NaN still reads NaN");
}

/* oversample_feed_n against as many oversample_feed calls: the next
 * samples' peaks bit for bit, for stretches shorter and longer than the
 * history, from histories that start anywhere in the ring. */
static void test_feed_n(void)
{
	static float x[4000];
	int differ = 0, first = -1;
	for (int i = 0; i < 4000; i++)
		x[i] = (float)(bl_noise[(i * 7) % BLN_LEN] * (1.0 + (i % 13) * 0.1));
	for (int n = 1; n <= 3 * OVERSAMPLE_TAPS; n++) {
		struct oversample a, b;
		int at = (n * 37) % 1000;
		oversample_init(&a);
		for (int i = 0; i < at; i++) /* the ring's position somewhere */
			(void)oversample_peak(&a, x[i]);
		b = a;
		for (int i = 0; i < n; i++)
			oversample_feed(&a, x[at + i]);
		oversample_feed_n(&b, x + at, n);
		for (int i = at + n; i < at + n + 2 * OVERSAMPLE_TAPS; i++) {
			float pa = oversample_peak(&a, x[i]), pb = oversample_peak(&b, x[i]);
			if (memcmp(&pa, &pb, sizeof pa) && differ++ == 0)
				first = n;
		}
	}
	ok(differ == 0, "oversample_feed_n: the history of as many oversample_feed calls (%d peaks differ, first "
	   "after %d)", differ, first);
}

/* The gain computer (the running minimum a block at a time, the release
 * left at 1 while it rests, the lap's sum added as it comes) against the
 * pipeline the header lists, one frame at a time the plain way: the
 * minimum over the last `hold` values by looking at each, the release
 * always computed, the box re-added in a loop at each lap's end, the
 * mean always divided. limiter_process's output and limiter_gains'
 * gains, bit for bit, over rests, loud stretches that limit hard and
 * the releases between them (back to exactly 1 and resting again). */
static void ref_gains_at(const struct limiter *lim, const float *q, float scale, const double *ceils, double ceil,
			 double *g, int n)
{
	int hold = lim->hold, avg = lim->avg, bp = 0;
	float *r = calloc((size_t)n, sizeof *r), *box = malloc((size_t)avg * sizeof *box), qprev = 0.0f;
	double env = 1.0, boxsum = avg;
	for (int i = 0; i < avg; i++)
		box[i] = 1.0f;
	for (int i = 0; i < n; i++) {
		float x = q[i] * scale, p = x > qprev ? x : qprev, h = 1.0f;
		qprev = x;
		if (ceils)
			ceil = ceils[i];
		r[i] = p > ceil ? (float)(ceil / p) : 1.0f;
		for (int k = i - hold + 1 < 0 ? 0 : i - hold + 1; k <= i; k++)
			if (r[k] < h)
				h = r[k];
		double rel = 1.0 - (1.0 - env) * lim->rel_coef;
		env = h < rel ? h : rel;
		boxsum += env - box[bp];
		box[bp] = (float)env;
		if (++bp == avg) {
			double sum = 0.0;
			for (int k = 0; k < avg; k++)
				sum += box[k];
			boxsum = sum;
			bp = 0;
		}
		g[i] = boxsum / avg > 1.0 ? 1.0 : boxsum / avg;
	}
	free(r);
	free(box);
}

/* Whether no detector value of q[from .. from + n) (nor the one before)
 * is over the ceiling: a stretch that asks for no reduction. */
static int r_of(const float *q, int from, int n, double ceil)
{
	for (int i = from > 0 ? from - 1 : 0; i < from + n; i++)
		if (q[i] > ceil)
			return 0;
	return 1;
}

static void ref_gains(const struct limiter *lim, const float *q, float scale, double ceil, double *g, int n)
{
	ref_gains_at(lim, q, scale, NULL, ceil, g, n);
}

/* limiter_gains a sub-block at a time, the ceiling -1 dBTP gliding to
 * -7 from frame glide_at; each frame's ceiling into ceils (when given). */
static void glide(struct limiter *m, const float *q, float *gm, double *ceils, int n, int glide_at)
{
	limiter_init(m, 48000, 2);
	limiter_set(m, -1.0, 20.0);
	for (int i = 0; i < n; i += DSP_SUBBLOCK) {
		if (i == glide_at)
			limiter_set(m, -7.0, 20.0);
		limiter_gains(m, q + i, 1.0f, gm + i, DSP_SUBBLOCK);
		for (int k = i; ceils && k < i + DSP_SUBBLOCK; k++)
			ceils[k] = m->ceiling.cur;
	}
}

/* A ceiling gliding down while the limiter releases: a sub-block's last
 * detector value under its ceiling but over the next sub-block's asks
 * for a reduction at that next sub-block's first frame (p looks back one
 * frame), though no value of the new sub-block is over its ceiling. */
static void test_gliding_ceiling(void)
{
	enum { N = 24000, SB = DSP_SUBBLOCK, GLIDE = 12000 };
	static float q[N], gm[N];
	static double ceils[N], g[N];
	struct limiter m;
	int bad = 0, first = -1, spikes = 0;

	for (int i = 0; i < N; i++) /* a reduction early on, then its release */
		q[i] = i >= 2000 && i < 2100 ? 2.0f : 0.3f;
	/* the ceilings the glide takes, a sub-block at a time (they do not
	 * depend on the signal) */
	glide(&m, q, gm, ceils, N, GLIDE);
	limiter_free(&m);
	/* now and then a sub-block's last value between its ceiling and the next's */
	for (int i = GLIDE; i + 2 * SB <= N; i += 8 * SB) {
		float v = (float)((ceils[i] + ceils[i + SB]) / 2);
		if (v < ceils[i] && v > ceils[i + SB]) {
			q[i + SB - 1] = v;
			spikes++;
		}
	}
	glide(&m, q, gm, NULL, N, GLIDE);
	ref_gains_at(&m, q, 1.0f, ceils, 0.0, g, N);
	for (int i = 0; i < N; i++) {
		float want = (float)g[i];
		if (memcmp(&want, &gm[i], sizeof want) && bad++ == 0)
			first = i;
	}
	ok(bad == 0 && spikes >= 3, "limiter_gains under a gliding ceiling, %d values between two sub-blocks' "
	   "ceilings: the per-frame reference's gains bit for bit (%d differ, first at %d)", spikes, bad, first);
	limiter_free(&m);
}

static void test_gain_computer(void)
{
	enum { N = 150000, BLK = 1000 };
	static float x[2][N], y[2][N], q[N], gm[N];
	static double g[N], grdb[N / BLK];
	struct limiter l, m;
	unsigned seed = 777;
	int lat, bad = 0, first = -1, bad_m = 0, first_m = -1, rest = 0, deep = 0;
	double ceil;

	for (int i = 0; i < N; i++) {
		/* rest, a loud stretch, a long release, loud bursts, rest */
		double a = i < 20000 ? 0.2 : i < 50000 ? 3.0 : i < 110000 ? 0.1 : (i / 3000) % 2 ? 2.0 : 0.05;
		for (int c = 0; c < 2; c++) {
			seed = seed * 1103515245u + 12345u;
			x[c][i] = (float)(a * (bl_noise[(i * (c + 1)) % BLN_LEN] + 0.1 * ((int)(seed >> 9 & 0xffff) - 32768) / 32768.0));
		}
	}
	limiter_init(&l, 48000, 2);
	limiter_set(&l, -1.0, 5.0);
	l.qtap = q;
	for (int i = 0; i < N; i += BLK) {
		float *ch[2] = {y[0] + i, y[1] + i};
		memcpy(y[0] + i, x[0] + i, sizeof(float) * BLK);
		memcpy(y[1] + i, x[1] + i, sizeof(float) * BLK);
		l.qtap = q + i;
		limiter_process(&l, ch, 2, BLK);
		grdb[i / BLK] = limiter_gain_reduction_db(&l);
	}
	ceil = l.ceiling.cur;
	lat = limiter_latency(&l);
	ref_gains(&l, q, 1.0f, ceil, g, N);
	for (int i = 0; i < N; i++) {
		rest += g[i] > 1.0 - 1e-6 && i > 60000 && i < 110000;
		deep += g[i] < 0.5 && i > 110000;
		for (int c = 0; c < 2; c++) {
			float want = (float)((i >= lat ? x[c][i - lat] : 0.0f) * g[i]);
			if (memcmp(&want, &y[c][i], sizeof want) && bad++ == 0)
				first = i;
		}
	}
	ok(bad == 0, "limiter_process: the plain per-frame gain computer's output, bit for bit (%d differ, first at %d)",
	   bad, first);
	{
		/* the reduction each call reports: its least gain's, releases
		 * between peaks and all */
		int bad_gr = 0, first_gr = -1, released = 0;
		for (int b = 0; b < N / BLK; b++) {
			double least = 1.0;
			for (int i = b * BLK; i < (b + 1) * BLK; i++)
				least = g[i] < least ? g[i] : least;
			double want = least >= 1.0 ? 0.0 : -lin_to_db(least);
			released += want > 0.0 && r_of(q, b * BLK, BLK, ceil);
			if (grdb[b] != want && bad_gr++ == 0)
				first_gr = b;
		}
		ok(bad_gr == 0 && released > 5,
		   "limiter_gain_reduction_db: each call's least gain, %d calls releasing without a new reduction (%d "
		   "differ, first call %d)",
		   released, bad_gr, first_gr);
	}
	ok(rest > 20000 && deep > 1000, "over a release back to rest (%d frames within 1e-6 of 1) and limiting again (%d "
	   "frames under -6 dB)", rest, deep);
	limiter_init(&m, 48000, 2);
	limiter_set(&m, -1.0, 5.0);
	for (int i = 0; i < N;) {
		int n = (i / 7) % 4000 + 1;
		if (n > N - i)
			n = N - i;
		limiter_gains(&m, q + i, 1.7f, gm + i, n);
		i += n;
	}
	ref_gains(&m, q, 1.7f, ceil, g, N);
	for (int i = 0; i < N; i++) {
		float want = (float)g[i];
		if (memcmp(&want, &gm[i], sizeof want) && bad_m++ == 0)
			first_m = i;
	}
	ok(bad_m == 0, "limiter_gains: the same gains from the detector times 1.7, bit for bit (%d differ, first at %d)",
	   bad_m, first_m);
	limiter_free(&l);
	limiter_free(&m);
}

int main(void)
{
	ref_design();
	make_bl_noise();
	/* Sanity of the reference itself: the classic inter-sample case. */
	float fs4[4800];
	for (int i = 0; i < 4800; i++)
		fs4[i] = (float)sin(M_PI / 2 * i + M_PI / 4);
	is_near(lin_to_db(ref_truepeak_range(fs4, 4800, 1000, 3000)), 0.0, 0.02, "reference reads fs/4 45deg sine at 0 dBTP");
	test_transparent_and_latency();
	test_ceiling();
	test_block_peaks();
	test_feed_n();
	test_gliding_ceiling();
	test_gain_computer();
	return done_testing();
}
