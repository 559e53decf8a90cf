/* saturation.c — the built-in `saturation` insert unit: a soft clipper
 * run at 16 times the sample rate, with a tone control and a dry/wet mix.
 * Reached only through its descriptor, unit_saturation (unit.h), which
 * the registry lists; nothing else calls in here.
 *
 * The curve: y = tanh(g x) / g, g = 10^(drive/20). Its slope at zero is
 * 1, so material well under the knee passes at its own level and drive
 * only decides how much of the signal is rounded off; peaks are held
 * under 1/g (-drive dBFS). Symmetric, so it adds odd harmonics only. The
 * mix blends it with the dry signal; as both have unity gain for small
 * signals and the dry path is delayed to match, a blend never combs.
 *
 * Why 16x. A curve makes harmonics far above the Nyquist frequency, and
 * whatever lies above half the rate it is computed at folds back as
 * inharmonic tones. tanh(a sin t) has harmonics falling off as
 * exp(-k asinh(pi / 2a)): at full drive (24 dB) on a 0 dBFS 5 kHz tone
 * (a = 16) the harmonics that fold into the audio band at 8x (k = 73 to
 * 81) are only 75 dB down; at 16x (k near 155) they are 140 dB down.
 * Measured through the whole unit (test_saturation): the worst
 * inharmonic product of that tone is 127 dB under it.
 * Rates of 88.2 kHz and up need fewer doublings (8x at 88.2 and 96 kHz,
 * 4x at 176.4 and 192 kHz: the top rate stays at or above 700 kHz).
 *
 * How: a chain of 2x stages, each a linear-phase FIR (Kaiser window),
 * used twice: polyphase on the way up (the two output phases of each
 * input sample), and on the way down (every other output). The first
 * stage carries the sharp filter: flat to 0.4167 rate (20 kHz at 48 kHz),
 * 100 dB down from 0.5 rate on, so nothing above the original Nyquist
 * frequency survives to fold on the way down (the 25 kHz harmonic of a
 * 5 kHz tone would otherwise land on 23 kHz). Later stages only have to
 * reject what would fold onto the audio band, so they are short
 * half-band filters (every other tap zero). At 48 kHz: 155, 27, 19 and
 * 19 taps.
 *
 * Latency: each stage delays by (taps - 1) / 2 samples of its rate on
 * the way up and again on the way down. The decimator keeps the even or
 * the odd outputs, whichever lands on the input's own sample grid, so
 * the total is a whole number of input samples (86 at 48 kHz). The dry
 * path is delayed by exactly that many samples; latency() reports it.
 *
 * Tone: a first-order shelf on the saturated signal only, after the
 * curve: treble (above TONE_HZ, half its gain there) by `tone` dB, the
 * lows untouched, so -6 dB darkens the added harmonics' edge and +6 dB
 * brightens it. 0 dB is flat.
 *
 * mix = 0 is the input, bit for bit, with no latency: the unit then
 * stops processing altogether. Leaving 0, it first runs the chain on the
 * input for twice its latency, rounded up to sub-blocks (192 frames at
 * 48 kHz), still passing the input through, so its filters hold real
 * history; then it crossfades from the input to its own output in
 * FADE_MS; going to 0 it crossfades back and stops. During those
 * 10 ms the undelayed input and the delayed output overlap. Drive, tone
 * and mix glide (20 ms), stepped per DSP_SUBBLOCK frames counted from
 * the first frame processed, so any split of the input into process
 * calls gives the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/dsp.h"
#include "dsp/unit.h"

#define SAT_MAX_STAGES 4
#define SAT_TOP_HZ 700000.0
#define SAT_GLIDE_MS 20.0
#define FADE_MS 10.0
#define TONE_HZ 3000.0
#define SUB DSP_SUBBLOCK
#define TOP_MAX (SUB << SAT_MAX_STAGES)

enum { P_DRIVE, P_TONE, P_MIX, P_N };

static const struct unit_param params[P_N] = {
	[P_DRIVE] = {.sym = "drive", .unit = "dB", .kind = UPK_CONTINUOUS, .min = 0, .max = 24, .def = 6,
		     .step = 0.5, .coarse = 3,
		     .help = "how hard the signal is pushed into the curve (peaks held under -drive dBFS)"},
	[P_TONE] = {.sym = "tone", .unit = "dB", .kind = UPK_CONTINUOUS, .min = -12, .max = 12, .def = 0,
		    .step = 0.5, .coarse = 3,
		    .help = "treble of the saturated signal, a shelf above 3 kHz"},
	[P_MIX] = {.sym = "mix", .unit = "%", .kind = UPK_CONTINUOUS, .min = 0, .max = 100, .def = 100,
		   .step = 1, .coarse = 10,
		   .help = "saturated share of the output; 0 passes the input untouched"},
};

/* One 2x stage: the filter and its polyphase branches, two for the way
 * up (the even and the odd output of each input sample, gain 2) and two
 * for the way down (the taps meeting even and odd input samples), each
 * a run of taps with the zeros at its ends trimmed, so a half-band's
 * zeros cost nothing; per channel, the history of its input on the way
 * up, and on the way down its input's even and odd samples apart. */
struct branch {
	float *c;         /* taps, symmetric */
	int len, off;     /* output i sums c[j] x[i + off + j] */
};

struct stage {
	int n;            /* taps, odd */
	float *h;         /* the filter, unity gain at DC */
	struct branch up[2], dn[2];
	int q;            /* the decimator keeps outputs 2k + q */
	int hup, hdn;     /* history kept in front of new samples (dn: pairs) */
	float *uph[DSP_MAXCH], *dnh[DSP_MAXCH][2];
};

enum sat_state { S_BYPASS, S_PRIME, S_ON };

struct saturation {
	double rate;
	int nch, nst, latency, prime;
	struct stage st[SAT_MAX_STAGES];
	float *dry[DSP_MAXCH];    /* latency frames of history, then the chunk */
	float bufa[TOP_MAX], bufb[TOP_MAX];
	double mix_target;
	enum sat_state state;
	int prime_left;
	double eng, eng_step;     /* crossfade input -> unit output, linear */
	struct smooth drive, tone, mix;
	double tone_a, tone_db;   /* the shelf tb0.. were made for */
	double tb0, tb1, ta1, tz[DSP_MAXCH];
	/* this sub-block's values: glides step at its start */
	double e0, e1, m0, m1;
	float g, inv_g;
	double g_db;              /* the drive g and inv_g were made for */
	int pos, fresh;
	unsigned nan_resets;
};

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static double bessel_i0(double x)
{
	double sum = 1.0, term = 1.0, q = x * x / 4.0;
	for (int k = 1; k < 40; k++) {
		term *= q / ((double)k * k);
		sum += term;
	}
	return sum;
}

/* Kaiser-windowed sinc low-pass, cutoff fc cycles per sample, n odd taps,
 * unity DC gain; a half-band (fc = 1/4) gets its even taps exactly 0. */
static void kaiser_lowpass(float *h, int n, double fc, double beta)
{
	int c = (n - 1) / 2;
	double sum = 0.0, tmp[256];
	for (int i = 0; i < n; i++) {
		int t = i - c;
		double r = (double)t / c;
		double w = bessel_i0(beta * sqrt(fmax(0.0, 1.0 - r * r))) / bessel_i0(beta);
		double s = t == 0 ? 2.0 * fc : sin(2.0 * M_PI * fc * t) / (M_PI * t);
		if (fc == 0.25 && t != 0 && t % 2 == 0)
			s = 0.0;
		tmp[i] = s * w;
		sum += tmp[i];
	}
	for (int i = 0; i < n; i++)
		h[i] = (float)(tmp[i] / sum);
}

/* Kaiser's formulas for a stopband of atten_db over a transition of
 * width cycles per sample: beta and an odd length (4k + 3 for a half-band,
 * so its outermost taps are not the zero ones). */
static int kaiser_taps(double atten_db, double width, int halfband)
{
	int n = (int)ceil((atten_db - 8.0) / (2.285 * 2.0 * M_PI * width)) + 1;
	n |= 1;
	while (halfband && n % 4 != 3)
		n += 2;
	return n;
}

static double kaiser_beta(double atten_db) { return 0.1102 * (atten_db - 8.7); }

/* The taps h[first], h[first + 2] ... with their zero ends trimmed,
 * times gain; off is the branch offset of the first kept tap, given that
 * of h[first]. */
static int branch_make(struct branch *b, const float *h, int n, int first, int off, float gain)
{
	int lo = -1, hi = -1;
	for (int j = 0; first + 2 * j < n; j++)
		if (h[first + 2 * j] != 0.0f) {
			lo = lo < 0 ? j : lo;
			hi = j;
		}
	b->len = hi - lo + 1;
	b->off = off + lo;
	b->c = calloc((size_t)b->len, sizeof(float));
	if (!b->c)
		return -1;
	for (int j = 0; j < b->len; j++)
		b->c[j] = gain * h[first + 2 * (lo + j)];
	return 0;
}

static int stage_init(struct stage *s, int k, double atten)
{
	/* stage 0 (rate -> 2 rate): flat to 0.4167 rate, stopped from 0.5;
	 * stage k (2^k rate -> 2^(k+1) rate): flat to 0.5 rate, stopped where
	 * its folding would reach the audio band, 2^k - 0.5 rate */
	double top = (double)(2 << k);
	double pass = k == 0 ? 0.41667 : 0.5, stop = k == 0 ? 0.5 : top / 2.0 - 0.5;
	int hb = k > 0;
	s->n = kaiser_taps(atten, (stop - pass) / top, hb);
	if (s->n > 255)
		return -1;
	s->h = calloc((size_t)s->n, sizeof(float));
	if (!s->h)
		return -1;
	kaiser_lowpass(s->h, s->n, hb ? 0.25 : (pass + stop) / 2.0 / top, kaiser_beta(atten));
	/* up: out[2i + p] = sum_j 2 h[p + 2j] x[i - j]; as a forward sum
	 * over x[i - (n-1-p)/2 ...], the taps reversed, which for a symmetric
	 * filter's phases are the same taps */
	for (int p = 0; p < 2; p++) {
		int last = p + 2 * ((s->n - 1 - p) / 2);
		if (branch_make(&s->up[p], s->h, s->n, p, -(last - p) / 2, 2.0f))
			return -1;
	}
	s->hup = (s->n - 1) / 2 + 1;
	return 0;
}

/* The way down, once q is known: out[i] = sum_k h[k] u[2i + q - (n-1) + k];
 * u[2t] is the even stream's t, u[2t + 1] the odd's. */
static int stage_plan_down(struct stage *s, int k, int nch)
{
	int a = s->q - (s->n - 1); /* even: q is its parity */
	for (int par = 0; par < 2; par++) {
		/* taps k with a + k of parity par, the first k = par - a mod 2 */
		int first = ((par - a) % 2 + 2) % 2;
		int t0 = (a + first - par) / 2; /* exact: a + first - par is even */
		if (branch_make(&s->dn[par], s->h, s->n, first, t0, 1.0f))
			return -1;
	}
	s->hdn = (s->n - 1) / 2 + 1;
	int in_max = SUB << k; /* this stage's input frames per chunk on the way up */
	for (int c = 0; c < nch; c++) {
		s->uph[c] = calloc((size_t)(s->hup + in_max), sizeof(float));
		s->dnh[c][0] = calloc((size_t)(s->hdn + in_max), sizeof(float));
		s->dnh[c][1] = calloc((size_t)(s->hdn + in_max), sizeof(float));
		if (!s->uph[c] || !s->dnh[c][0] || !s->dnh[c][1])
			return -1;
	}
	return 0;
}

static void stage_free(struct stage *s)
{
	free(s->h);
	for (int p = 0; p < 2; p++) {
		free(s->up[p].c);
		free(s->dn[p].c);
	}
	for (int c = 0; c < DSP_MAXCH; c++) {
		free(s->uph[c]);
		free(s->dnh[c][0]);
		free(s->dnh[c][1]);
	}
}

/* out[i * stride] (+)= sum_j b->c[j] x[i + j] for i < m, x already at the
 * branch's offset. The taps are symmetric, so mirrored samples are added
 * before the multiply (half the multiplies); the loops run over i, so
 * they vectorise with no sum reordered: the same bytes on any CPU. */
DSP_HOT static void branch_run(const struct branch *b, const float *x, float *out, int m, int stride, int add)
{
	float acc[TOP_MAX];
	const int half = b->len / 2;
	if (b->len & 1) {
		const float ch = b->c[half], *xm = x + half;
		for (int i = 0; i < m; i++)
			acc[i] = ch * xm[i];
	} else {
		memset(acc, 0, (size_t)m * sizeof(float));
	}
	for (int j = 0; j < half; j++) {
		const float cj = b->c[j], *x0 = x + j, *x1 = x + b->len - 1 - j;
		DSP_SIMD
		for (int i = 0; i < m; i++)
			acc[i] += cj * (x0[i] + x1[i]);
	}
	if (add)
		for (int i = 0; i < m; i++)
			out[i * stride] += acc[i];
	else
		for (int i = 0; i < m; i++)
			out[i * stride] = acc[i];
}

/* m input frames x -> 2m frames out. */
static void stage_up(struct stage *s, int c, const float *x, int m, float *out)
{
	float *b = s->uph[c];
	memcpy(b + s->hup, x, (size_t)m * sizeof(float));
	for (int p = 0; p < 2; p++)
		branch_run(&s->up[p], b + s->hup + s->up[p].off, out + p, m, 2, 0);
	memmove(b, b + m, (size_t)s->hup * sizeof(float));
}

/* 2m input frames u -> m frames out: (h * u)[2i + q]. */
static void stage_down(struct stage *s, int c, const float *u, int m, float *out)
{
	float *e = s->dnh[c][0], *o = s->dnh[c][1];
	for (int t = 0; t < m; t++) {
		e[s->hdn + t] = u[2 * t];
		o[s->hdn + t] = u[2 * t + 1];
	}
	branch_run(&s->dn[0], e + s->hdn + s->dn[0].off, out, m, 1, 0);
	branch_run(&s->dn[1], o + s->hdn + s->dn[1].off, out, m, 1, 1);
	memmove(e, e + m, (size_t)s->hdn * sizeof(float));
	memmove(o, o + m, (size_t)s->hdn * sizeof(float));
}

/* tanh, branch-free so the loop over the top rate vectorises: the odd
 * Taylor series near 0 (where 1 - e^-2a would cancel), else
 * (1 - e^-2a) / (1 + e^-2a) from dsp_exp2f. Error under 2e-7. */
static inline float sat_tanh(float z)
{
	float a = fabsf(z), z2 = z * z;
	float t = dsp_exp2f(-2.88539008f * a);
	float big = (1.0f - t) / (1.0f + t);
	float small = a * (1.0f + z2 * (-0.333333333f + z2 * (0.133333333f + z2 * -0.0539682540f)));
	return copysignf(a < 0.0625f ? small : big, z);
}

DSP_HOT static void shape(float *v, int n, float g, float inv_g)
{
	DSP_SIMD
	for (int i = 0; i < n; i++)
		v[i] = sat_tanh(g * v[i]) * inv_g;
}

static void tone_design(struct saturation *s, double db)
{
	double A = pow(10.0, db / 40.0), W = tan(M_PI * TONE_HZ / s->rate);
	double a0 = 1.0 + A * W;
	s->tone_a = A;
	s->tone_db = db;
	s->tb0 = A * (A + W) / a0;
	s->tb1 = A * (W - A) / a0;
	s->ta1 = (A * W - 1.0) / a0;
}

static void engine_reset(struct saturation *s)
{
	for (int k = 0; k < s->nst; k++)
		for (int c = 0; c < s->nch; c++) {
			memset(s->st[k].uph[c], 0, (size_t)s->st[k].hup * sizeof(float));
			memset(s->st[k].dnh[c][0], 0, (size_t)s->st[k].hdn * sizeof(float));
			memset(s->st[k].dnh[c][1], 0, (size_t)s->st[k].hdn * sizeof(float));
		}
	for (int c = 0; c < s->nch; c++) {
		memset(s->dry[c], 0, (size_t)s->latency * sizeof(float));
		s->tz[c] = 0.0;
	}
}

/* m frames of channel c through the chain: wet and the delayed dry. */
static void engine_run(struct saturation *s, int c, const float *x, int m, float *wet, float *dry)
{
	float *a = s->bufa, *b = s->bufb;
	int len = m;
	memcpy(a, x, (size_t)m * sizeof(float));
	for (int k = 0; k < s->nst; k++) {
		stage_up(&s->st[k], c, a, len, b);
		len *= 2;
		float *t = a;
		a = b;
		b = t;
	}
	shape(a, len, s->g, s->inv_g);
	for (int k = s->nst - 1; k >= 0; k--) {
		len /= 2;
		stage_down(&s->st[k], c, a, len, b);
		float *t = a;
		a = b;
		b = t;
	}
	if (s->tone_a != 1.0 || s->tz[c] != 0.0) {
		double z = s->tz[c];
		for (int i = 0; i < m; i++) {
			double in = a[i], y = s->tb0 * in + z;
			z = s->tb1 * in - s->ta1 * y;
			a[i] = (float)y;
		}
		s->tz[c] = dsp_bad(z) ? 0.0 : dsp_flush(z);
	}
	memcpy(wet, a, (size_t)m * sizeof(float));
	float *d = s->dry[c];
	memcpy(d + s->latency, x, (size_t)m * sizeof(float));
	memcpy(dry, d, (size_t)m * sizeof(float));
	memmove(d, d + m, (size_t)s->latency * sizeof(float));
}

static void sat_reset(void *p)
{
	struct saturation *s = p;
	engine_reset(s);
}

static void sat_set(void *p, int param, double value)
{
	struct saturation *s = p;
	switch (param) {
	case P_DRIVE:
		value = clampd(value, params[P_DRIVE].min, params[P_DRIVE].max);
		if (s->fresh)
			smooth_jump(&s->drive, value);
		else
			smooth_set(&s->drive, value);
		break;
	case P_TONE:
		value = clampd(value, params[P_TONE].min, params[P_TONE].max);
		if (s->fresh) {
			smooth_jump(&s->tone, value);
			tone_design(s, value);
		} else {
			smooth_set(&s->tone, value);
		}
		break;
	case P_MIX:
		s->mix_target = clampd(value, params[P_MIX].min, params[P_MIX].max) / 100.0;
		if (s->fresh) {
			/* before the first frame: no fade, no priming */
			s->state = s->mix_target > 0.0 ? S_ON : S_BYPASS;
			s->eng = s->mix_target > 0.0 ? 1.0 : 0.0;
			smooth_jump(&s->mix, s->mix_target);
		}
		break;
	default:
		break;
	}
}

static void sat_destroy(void *p)
{
	struct saturation *s = p;
	if (!s)
		return;
	for (int k = 0; k < SAT_MAX_STAGES; k++)
		stage_free(&s->st[k]);
	for (int c = 0; c < DSP_MAXCH; c++)
		free(s->dry[c]);
	free(s);
}

static void *sat_create(const struct unit_desc *desc, double rate, int max_block, int nch,
			char *err, size_t errlen)
{
	if (nch < 1 || nch > DSP_MAXCH || !(rate >= 8000.0 && rate <= 768000.0)) {
		snprintf(err, errlen, "saturation: cannot run %d channels at %g Hz", nch, rate);
		return NULL;
	}
	struct saturation *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "saturation: out of memory");
		return NULL;
	}
	s->rate = rate;
	s->nch = nch;
	s->nst = SAT_MAX_STAGES;
	while (s->nst > 1 && rate * (double)(1 << (s->nst - 1)) >= SAT_TOP_HZ)
		s->nst--;
	/* innermost out: each stage's delay in its own input samples */
	int d = 0;
	for (int k = s->nst - 1; k >= 0; k--) {
		struct stage *st = &s->st[k];
		int bad = stage_init(st, k, 100.0);
		int t = bad ? 0 : (st->n - 1) + d;
		st->q = t & 1;
		d = (t - st->q) / 2;
		if (bad || stage_plan_down(st, k, nch)) {
			snprintf(err, errlen, "saturation: out of memory");
			sat_destroy(s);
			return NULL;
		}
	}
	s->latency = d;
	s->prime = (2 * d + SUB) / SUB * SUB;
	for (int c = 0; c < nch; c++) {
		s->dry[c] = calloc((size_t)(d + SUB), sizeof(float));
		if (!s->dry[c]) {
			snprintf(err, errlen, "saturation: out of memory");
			sat_destroy(s);
			return NULL;
		}
	}
	s->eng_step = SUB / (rate * FADE_MS * 0.001);
	smooth_init(&s->drive, params[P_DRIVE].def, rate, SAT_GLIDE_MS);
	smooth_init(&s->tone, params[P_TONE].def, rate, SAT_GLIDE_MS);
	smooth_init(&s->mix, params[P_MIX].def / 100.0, rate, SAT_GLIDE_MS);
	tone_design(s, params[P_TONE].def);
	s->fresh = 1;
	for (int i = 0; i < P_N; i++)
		sat_set(s, i, desc->params[i].def);
	return s;
}

/* The start of a sub-block: the state machine and the glides. */
static void begin_subblock(struct saturation *s)
{
	double target = s->mix_target;
	if (s->state == S_BYPASS && target > 0.0) {
		engine_reset(s);
		smooth_jump(&s->mix, target);
		s->prime_left = s->prime;
		s->state = S_PRIME;
	} else if (s->state == S_PRIME && target <= 0.0) {
		s->state = S_BYPASS;
	} else if (s->state == S_PRIME && s->prime_left <= 0) {
		s->state = S_ON;
		s->eng = 0.0;
	}
	s->e0 = s->eng;
	if (s->state == S_ON) {
		double e = s->eng + (target > 0.0 ? s->eng_step : -s->eng_step);
		s->eng = clampd(e, 0.0, 1.0);
		if (target > 0.0)
			smooth_set(&s->mix, target);
		if (s->e0 == 0.0 && s->eng == 0.0)
			s->state = S_BYPASS;
	}
	s->e1 = s->eng;
	s->m0 = s->mix.cur;
	smooth_step(&s->mix);
	s->m1 = s->mix.cur;
	smooth_step(&s->drive);
	if (s->drive.cur != s->g_db || s->g == 0.0f) {
		double g = db_to_lin(s->drive.cur);
		s->g_db = s->drive.cur;
		s->g = (float)g;
		s->inv_g = (float)(1.0 / g);
	}
	smooth_step(&s->tone);
	if (s->tone.cur != s->tone_db)
		tone_design(s, s->tone.cur);
}

/* Input x blended with the unit's output u: x + e (dry + mix (wet - dry)
 * - x), e and mix moving in straight lines across the sub-block. */
static void blend(const struct saturation *s, float *x, const float *wet, const float *dry, int m, int at)
{
	const float e0 = (float)s->e0, de = (float)((s->e1 - s->e0) / SUB);
	const float m0 = (float)s->m0, dm = (float)((s->m1 - s->m0) / SUB);
	if (s->e0 == 1.0 && s->e1 == 1.0 && s->m0 == 1.0 && s->m1 == 1.0) {
		memcpy(x, wet, (size_t)m * sizeof(float));
		return;
	}
	for (int i = 0; i < m; i++) {
		float j = (float)(at + i + 1);
		float u = dry[i] + (m0 + dm * j) * (wet[i] - dry[i]);
		x[i] = x[i] + (e0 + de * j) * (u - x[i]);
	}
}

static void sat_process(void *p, float *const ch[], int nch, int n, const float *const key[])
{
	struct saturation *s = p;
	float wet[SUB], dry[SUB];
	if (nch != s->nch)
		return;
	s->fresh = 0;
	if (s->state == S_BYPASS && s->mix_target <= 0.0) {
		s->pos = (int)((s->pos + (long)n) % SUB);
		return;
	}
	for (int off = 0; off < n;) {
		if (s->pos == 0)
			begin_subblock(s);
		int m = n - off < SUB - s->pos ? n - off : SUB - s->pos;
		if (s->state != S_BYPASS) {
			int bad = 0;
			for (int c = 0; c < nch; c++) {
				float *x = ch[c] + off;
				engine_run(s, c, x, m, wet, dry);
				if (s->state == S_ON)
					blend(s, x, wet, dry, m, s->pos);
				bad |= dsp_block_bad(wet, m);
				if (s->state == S_ON)
					bad |= dsp_block_bad(x, m);
			}
			if (s->state == S_PRIME)
				s->prime_left -= m;
			if (bad) {
				engine_reset(s);
				if (s->state == S_ON)
					for (int c = 0; c < nch; c++)
						memset(ch[c] + off, 0, (size_t)m * sizeof(float));
				s->nan_resets++;
			}
		}
		s->pos = (s->pos + m) % SUB;
		off += m;
	}
}

static double sat_output(void *p, int idx) { return 0.0; }

static int sat_latency(void *p)
{
	const struct saturation *s = p;
	return s->mix_target > 0.0 ? s->latency : 0;
}

extern const struct unit_desc unit_saturation;
const struct unit_desc unit_saturation = {
	.name = "saturation",
	.help = "soft clipping, oversampled, with tone and dry/wet mix",
	.nparams = P_N,
	.params = params,
	.noutputs = 0,
	.outputs = NULL,
	.create = sat_create,
	.destroy = sat_destroy,
	.reset = sat_reset,
	.set = sat_set,
	.process = sat_process,
	.output = sat_output,
	.latency = sat_latency,
};
