/* stereo.c — correlation, mono fold and width per octave (stereo.h). */
#include "stereo.h"
#include "loudness.h"
#include "spectrum.h"
#include "tmix.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_S 0.1
#define WINDOW_BLOCKS 4        /* 400 ms */
#define GATE 1e-7              /* mean square of the two sides: -70 dBFS */
#define CHUNK 1024

const double stereo_band_hz[STEREO_BANDS] = {31.5, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000};

struct sums {
	double lr, ll, rr;
	long n;
};

struct stereo {
	double rate;
	long block;                /* frames per 100 ms */
	struct sums cur;           /* the block being filled */
	struct sums win[WINDOW_BLOCKS]; /* the last blocks, a ring */
	int nwin, wpos;
	long long blocks;          /* completed */
	struct sums all;           /* over the gated blocks */
	double worst, worst_at;
	struct loudness *fold;
	struct spectrum *ms;       /* mid as its left channel, side as its right */
	float m[CHUNK], sd[CHUNK];
};

struct stereo *stereo_new(double rate)
{
	struct stereo *s = xcalloc(1, sizeof *s);
	s->rate = rate;
	s->block = lround(BLOCK_S * rate);
	s->worst = NAN;
	s->fold = loudness_new_no_tp(rate);
	s->ms = spectrum_new(rate);
	if (!s->fold || !s->ms) {
		stereo_free(s);
		return NULL;
	}
	return s;
}

void stereo_free(struct stereo *s)
{
	if (!s)
		return;
	loudness_free(s->fold);
	spectrum_free(s->ms);
	free(s);
}

/* One side silent, or both: the sides are unrelated, 0. */
static double corr_of(const struct sums *x)
{
	double d = x->ll * x->rr;
	return d > 0 ? x->lr / sqrt(d) : 0.0;
}

static bool audible(const struct sums *x)
{
	return x->n && (x->ll + x->rr) / (2.0 * (double)x->n) > GATE;
}

static void close_block(struct stereo *s)
{
	struct sums w = {0};
	if (audible(&s->cur)) {
		s->all.lr += s->cur.lr;
		s->all.ll += s->cur.ll;
		s->all.rr += s->cur.rr;
		s->all.n += s->cur.n;
	}
	s->win[s->wpos] = s->cur;
	s->wpos = (s->wpos + 1) % WINDOW_BLOCKS;
	if (s->nwin < WINDOW_BLOCKS)
		s->nwin++;
	s->blocks++;
	memset(&s->cur, 0, sizeof s->cur);
	if (s->nwin < WINDOW_BLOCKS)
		return;
	for (int i = 0; i < WINDOW_BLOCKS; i++) {
		w.lr += s->win[i].lr;
		w.ll += s->win[i].ll;
		w.rr += s->win[i].rr;
		w.n += s->win[i].n;
	}
	if (audible(&w)) {
		double c = corr_of(&w);
		if (isnan(s->worst) || c < s->worst) {
			s->worst = c;
			s->worst_at = (double)(s->blocks - WINDOW_BLOCKS) * (double)s->block / s->rate;
		}
	}
}

void stereo_add(struct stereo *s, const float *l, const float *r, int n)
{
	while (n > 0) {
		int m = n < CHUNK ? n : CHUNK;
		for (int i = 0; i < m; i++) {
			double a = l[i], b = r[i];
			s->cur.lr += a * b;
			s->cur.ll += a * a;
			s->cur.rr += b * b;
			if (++s->cur.n == s->block)
				close_block(s);
			s->m[i] = 0.5f * (l[i] + r[i]);
			s->sd[i] = 0.5f * (l[i] - r[i]);
		}
		loudness_add(s->fold, s->m, s->m, m);
		spectrum_add(s->ms, s->m, s->sd, m);
		l += m;
		r += m;
		n -= m;
	}
}

/* A band's energy: its mean power (dB) times the windows it averaged. */
static double energy(const double *db, int64_t windows, int band)
{
	double e = 0;
	for (int k = band - 1; k <= band + 1; k++)
		if (k >= 0 && k < SPECTRUM_BANDS && isfinite(db[k]))
			e += pow(10, db[k] / 10);
	return e * (double)windows;
}

void stereo_finish(struct stereo *s, double stereo_lufs, struct stereo_stats *out)
{
	double mid[SPECTRUM_BANDS], side[SPECTRUM_BANDS];
	int64_t nm, ns;

	if (s->cur.n)
		close_block(s);
	out->corr = s->all.n ? corr_of(&s->all) : NAN;
	out->corr_worst = s->worst;
	out->worst_at_s = isnan(s->worst) ? NAN : s->worst_at;
	out->fold_lufs = loudness_integrated(s->fold);
	out->fold_silent = isfinite(stereo_lufs) && !isfinite(out->fold_lufs);
	if (out->fold_silent)
		out->fold_drop_lu = INFINITY;
	else if (isfinite(stereo_lufs))
		out->fold_drop_lu = stereo_lufs - out->fold_lufs;
	else
		out->fold_drop_lu = NAN;
	nm = spectrum_bands_channel(s->ms, 0, mid);
	ns = spectrum_bands_channel(s->ms, 1, side);
	for (int b = 0; b < STEREO_BANDS; b++) {
		int centre = 2 + 3 * b; /* 31.5 Hz is the third 1/3-octave band */
		double em = energy(mid, nm, centre), es = energy(side, ns, centre);
		/* a band with nothing in it (-90 dB a window) has no width */
		if (em + es <= 1e-9 * (double)(nm > ns ? nm : ns))
			out->width[b] = NAN;
		else
			out->width[b] = es >= STEREO_WIDTH_MAX * em ? STEREO_WIDTH_MAX : es / em;
	}
}
