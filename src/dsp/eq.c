/* eq.c — HPF, LPF and eight bands with glides and click-free switching
 * (see eq.h). */
#include <string.h>
#include "dsp/eq.h"

/* Section shapes. The first five match enum eq_band_type on purpose. */
enum { EQK_OFF, EQK_BELL, EQK_LOWSHELF, EQK_HIGHSHELF, EQK_NOTCH,
       EQK_HP12, EQK_HP24, EQK_LP12, EQK_LP24 };

#define PARAM_MS 15.0
#define FADE_MS 8.0
#define Q_BUTTER2 0.70710678118654752
#define Q_BUTTER4_A 0.54119610014619698
#define Q_BUTTER4_B 1.30656296487637652

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

const struct eq_field_range eq_ranges[EQF_COUNT] = {
	[EQF_FREQ] = {"frequency", "Hz", EQ_FREQ_MIN, EQ_FREQ_MAX},
	[EQF_GAIN] = {"gain", "dB", EQ_GAIN_MIN, EQ_GAIN_MAX},
	[EQF_Q] = {"q", "", EQ_Q_MIN, EQ_Q_MAX},
};

const char *const eq_type_names[EQB_NOTCH + 2] = {"off", "bell", "lowshelf", "highshelf", "notch", NULL};

double eq_clamp(enum eq_field f, double v) { return clampd(v, eq_ranges[f].min, eq_ranges[f].max); }

/* Bell and shelves fade by gain; the rest crossfade with the dry signal. */
static int fades_by_gain(int kind) { return kind >= EQK_BELL && kind <= EQK_HIGHSHELF; }

static int nstages(int kind) { return kind == EQK_HP24 || kind == EQK_LP24 ? 2 : 1; }

/* The sections in signal order: HPF, LPF, then the bands. */
#define EQ_NSECS (2 + EQ_NBANDS)
static struct eq_section *sec_at(struct eq *e, int k)
{
	return k == 0 ? &e->hpf : k == 1 ? &e->lpf : &e->band[k - 2];
}

/* Coefficients for a shape; gain_db already scaled by the fade. */
static void design(struct biquad_coefs c[2], int kind, double rate, double hz, double gain_db, double q)
{
	switch (kind) {
	case EQK_BELL: biquad_design(&c[0], BQ_BELL, rate, hz, gain_db, q); break;
	case EQK_LOWSHELF: biquad_design(&c[0], BQ_LOWSHELF, rate, hz, gain_db, q); break;
	case EQK_HIGHSHELF: biquad_design(&c[0], BQ_HIGHSHELF, rate, hz, gain_db, q); break;
	case EQK_NOTCH: biquad_design(&c[0], BQ_NOTCH, rate, hz, 0.0, q); break;
	case EQK_HP12: biquad_design(&c[0], BQ_HIGHPASS, rate, hz, 0.0, Q_BUTTER2); break;
	case EQK_LP12: biquad_design(&c[0], BQ_LOWPASS, rate, hz, 0.0, Q_BUTTER2); break;
	case EQK_HP24:
		biquad_design(&c[0], BQ_HIGHPASS, rate, hz, 0.0, Q_BUTTER4_A);
		biquad_design(&c[1], BQ_HIGHPASS, rate, hz, 0.0, Q_BUTTER4_B);
		break;
	case EQK_LP24:
		biquad_design(&c[0], BQ_LOWPASS, rate, hz, 0.0, Q_BUTTER4_A);
		biquad_design(&c[1], BQ_LOWPASS, rate, hz, 0.0, Q_BUTTER4_B);
		break;
	default: biquad_identity(&c[0]); biquad_identity(&c[1]); break;
	}
}

static void sec_clear(struct eq_section *s)
{
	for (int k = 0; k < 2; k++)
		for (int c = 0; c < DSP_MAXCH; c++)
			biquad_reset(&s->st[k][c]);
}

static void sec_init(struct eq_section *s, double rate)
{
	memset(s, 0, sizeof *s);
	smooth_init(&s->lhz, log(1000.0), rate, PARAM_MS);
	smooth_init(&s->gain, 0.0, rate, PARAM_MS);
	smooth_init(&s->q, 1.0, rate, PARAM_MS);
	smooth_init(&s->fade, 0.0, rate, FADE_MS);
	s->want_hz = 1000.0;
	s->want_q = 1.0;
	s->nstage = 1;
}

/* Take the requested shape and values at once (the section is silent or
 * being reset, so nothing can click). */
static void sec_snap(struct eq_section *s)
{
	s->kind = s->want_kind;
	s->nstage = nstages(s->kind);
	smooth_jump(&s->lhz, log(s->want_hz));
	smooth_jump(&s->gain, s->want_gain);
	smooth_jump(&s->q, s->want_q);
	sec_clear(s);
	s->dirty = 1;
	s->settled = 0;
}

static void sec_request(struct eq_section *s, int kind, double hz, double gain, double q)
{
	s->want_kind = kind;
	s->want_hz = hz;
	s->want_gain = gain;
	s->want_q = q;
	s->settled = 0;
	/* Only a section already running this shape glides toward the new
	 * values; otherwise they are taken when it (re)starts silent. */
	if (s->active && s->kind == kind) {
		smooth_set(&s->lhz, log(hz));
		smooth_set(&s->gain, gain);
		smooth_set(&s->q, q);
	}
}

void eq_init(struct eq *e, double rate)
{
	memset(e, 0, sizeof *e);
	e->rate = rate;
	for (int k = 0; k < EQ_NSECS; k++)
		sec_init(sec_at(e, k), rate);
	e->fresh = 1;
}

static void sec_reset(struct eq_section *s)
{
	sec_snap(s);
	s->active = s->want_kind != EQK_OFF;
	smooth_jump(&s->fade, s->active ? 1.0 : 0.0);
}

void eq_reset(struct eq *e)
{
	for (int k = 0; k < EQ_NSECS; k++)
		sec_reset(sec_at(e, k));
}

static int pass_kind(int on, int slope, int k12, int k24)
{
	return on ? (slope >= 18 ? k24 : k12) : EQK_OFF;
}

void eq_set_hpf(struct eq *e, int on, double hz, int slope)
{
	sec_request(&e->hpf, pass_kind(on, slope, EQK_HP12, EQK_HP24),
		    clampd(hz, 10.0, 0.45 * e->rate), 0.0, Q_BUTTER2);
}

void eq_set_lpf(struct eq *e, int on, double hz, int slope)
{
	sec_request(&e->lpf, pass_kind(on, slope, EQK_LP12, EQK_LP24),
		    clampd(hz, 10.0, 0.45 * e->rate), 0.0, Q_BUTTER2);
}

void eq_set_band(struct eq *e, int i, enum eq_band_type type, double hz, double gain_db, double q)
{
	if (i < 0 || i >= EQ_NBANDS)
		return;
	int kind = type >= EQB_BELL && type <= EQB_NOTCH ? (int)type : EQK_OFF;
	sec_request(&e->band[i], kind, clampd(eq_clamp(EQF_FREQ, hz), 10.0, 0.45 * e->rate),
		    eq_clamp(EQF_GAIN, gain_db), eq_clamp(EQF_Q, q));
}

/* Advance one sub-block of glides. Returns 0 when the section has nothing
 * to do this sub-block; *f0 gets the fade before the step. */
static int sec_step(struct eq_section *s, double rate, double *f0)
{
	if (!s->active) {
		if (s->want_kind == EQK_OFF)
			return 0;
		sec_snap(s);
		smooth_jump(&s->fade, 0.0);
		s->active = 1;
	}
	*f0 = s->fade.cur;
	if (s->settled)
		return 1;
	smooth_set(&s->fade, s->kind == s->want_kind ? 1.0 : 0.0);
	int moved = smooth_step(&s->lhz);
	moved |= smooth_step(&s->gain);
	moved |= smooth_step(&s->q);
	int fmoved = smooth_step(&s->fade);
	if (s->fade.target == 0.0 && !fmoved) {
		/* Faded out completely: stop, or swap to the new shape. */
		if (s->want_kind == EQK_OFF) {
			s->active = 0;
			sec_clear(s);
			return 0;
		}
		sec_snap(s);
		smooth_set(&s->fade, 1.0);
	}
	if (moved || s->dirty || (fmoved && fades_by_gain(s->kind))) {
		double g = fades_by_gain(s->kind) ? s->gain.cur * s->fade.cur : 0.0;
		design(s->c, s->kind, rate, exp(s->lhz.cur), g, s->q.cur);
		s->dirty = 0;
	} else if (!fmoved && s->fade.cur == 1.0 && s->kind == s->want_kind) {
		/* every glide has landed (each step just set cur = target):
		 * until the next request, each step would change nothing */
		s->settled = 1;
	}
	return 1;
}

static int sec_filter(struct eq_section *s, float *const ch[], int nch, int m)
{
	int bad = 0;
	for (int k = 0; k < s->nstage; k++)
		for (int c = 0; c < nch; c++)
			bad |= biquad_process(&s->c[k], &s->st[k][c], ch[c], m);
	return bad;
}

/* Process one sub-block through one section. */
static int sec_run(struct eq_section *s, float *const ch[], int nch, int m, double f0)
{
	double f1 = s->fade.cur;
	if (fades_by_gain(s->kind) || (f0 == 1.0 && f1 == 1.0))
		return sec_filter(s, ch, nch, m);

	/* Crossfade wet against dry, ramping per sample so the fade's
	 * sub-block steps are not heard as zipper noise. m <= DSP_SUBBLOCK:
	 * a crossfading section is never settled, so eq_process takes the
	 * sub-block path whenever this runs. */
	float dry[DSP_MAXCH][DSP_SUBBLOCK];
	for (int c = 0; c < nch; c++)
		memcpy(dry[c], ch[c], (size_t)m * sizeof(float));
	int bad = sec_filter(s, ch, nch, m);
	double step = (f1 - f0) / m;
	for (int c = 0; c < nch; c++) {
		float *x = ch[c];
		for (int i = 0; i < m; i++) {
			double f = f0 + step * (i + 1);
			x[i] = (float)(dry[c][i] + f * (x[i] - dry[c][i]));
		}
	}
	return bad;
}

static void eq_block(struct eq *e, float *const ch[], int nch, int m)
{
	struct eq_section *run[EQ_NSECS];
	double f0s[EQ_NSECS];
	int bad = 0, nrun = 0, fused = 1;
	for (int k = 0; k < EQ_NSECS; k++) {
		struct eq_section *sk = sec_at(e, k);
		double f0;
		if (!sec_step(sk, e->rate, &f0))
			continue;
		run[nrun] = sk;
		f0s[nrun++] = f0;
		/* a section crossfading against dry needs its own pass */
		if (!(fades_by_gain(sk->kind) || (f0 == 1.0 && sk->fade.cur == 1.0)))
			fused = 0;
	}
	if (!fused) {
		for (int k = 0; k < nrun; k++)
			bad |= sec_run(run[k], ch, nch, m, f0s[k]);
	} else if (nrun) {
		const struct biquad_coefs *cs[BIQUAD_MAX_CASCADE];
		struct biquad_state *st[BIQUAD_MAX_CASCADE];
		for (int c = 0; c < nch; c++) {
			int ns = 0;
			for (int k = 0; k < nrun; k++)
				for (int j = 0; j < run[k]->nstage && ns < BIQUAD_MAX_CASCADE; j++) {
					cs[ns] = &run[k]->c[j];
					st[ns++] = &run[k]->st[j][c];
				}
			bad |= biquad_cascade(cs, st, ns, ch[c], m);
		}
	}
	/* Also catches bad input passing through sections that are off, and
	 * a crossfade's dry side; a fused cascade has checked its output. */
	for (int c = 0; c < nch && !bad && !(fused && nrun); c++)
		bad = dsp_block_bad(ch[c], m);
	if (bad) {
		for (int k = 0; k < EQ_NSECS; k++)
			sec_clear(sec_at(e, k));
		for (int c = 0; c < nch; c++)
			memset(ch[c], 0, (size_t)m * sizeof(float));
		e->nan_resets++;
	}
}

/* Nothing gliding, fading or waking: a sub-block's step would change no
 * coefficient, so sub-blocks cost only the cascade's pipeline fill and
 * drain, which at 32 frames is as much work as the filtering. */
static int eq_quiet(struct eq *e)
{
	for (int k = 0; k < EQ_NSECS; k++) {
		const struct eq_section *s = sec_at(e, k);
		if (s->active ? !s->settled : s->want_kind != EQK_OFF)
			return 0;
	}
	return 1;
}

void eq_process(struct eq *e, float *const ch[], int nch, int n)
{
	if (nch < 1 || nch > DSP_MAXCH)
		return;
	/* The settings a strip starts with are its sound from the first
	 * sample: a fade-in is for a section switched on while playing (a
	 * bounce from 0:30 used to hear 30 ms of unfiltered low end). */
	if (e->fresh) {
		eq_reset(e);
		e->fresh = 0;
	}
	if (eq_quiet(e)) {
		eq_block(e, ch, nch, n);
		return;
	}
	for (int off = 0; off < n; off += DSP_SUBBLOCK) {
		int m = n - off < DSP_SUBBLOCK ? n - off : DSP_SUBBLOCK;
		float *sub[DSP_MAXCH] = { 0 };
		for (int c = 0; c < nch; c++)
			sub[c] = ch[c] + off;
		eq_block(e, sub, nch, m);
	}
}

static double sec_response(const struct eq_section *s, double rate, double freq)
{
	struct biquad_coefs c[2];
	if (s->want_kind == EQK_OFF)
		return 0.0;
	design(c, s->want_kind, rate, s->want_hz, s->want_gain, s->want_q);
	double db = biquad_response_db(&c[0], rate, freq);
	if (nstages(s->want_kind) == 2)
		db += biquad_response_db(&c[1], rate, freq);
	return db;
}

double eq_response_db(const struct eq *e, double freq)
{
	double db = sec_response(&e->hpf, e->rate, freq) + sec_response(&e->lpf, e->rate, freq);
	for (int i = 0; i < EQ_NBANDS; i++)
		db += sec_response(&e->band[i], e->rate, freq);
	return db;
}
