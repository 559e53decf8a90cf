/* synth.c — the generator's toolkit: PRNG, biquads, a band-limited saw,
 * and stem buffers with their finishing and writing. */
#include "gen.h"
#include "dsp/dsp.h"
#include "tmix.h"
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>

/* xorshift64*: tiny, fast and the same on every platform, unlike rand(). */
void rng_seed(struct rng *r, uint64_t seed)
{
	r->s = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
	if (!r->s)
		r->s = 1;
}

static uint64_t rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1Dull;
}

double rng_uni(struct rng *r) { return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0); }
double rng_bi(struct rng *r) { return 2.0 * rng_uni(r) - 1.0; }

/* RBJ cookbook biquads. BQ_BP has a 0 dB peak, so a formant's gain is
 * set by the caller alone. */
void bq_set(struct biquad *f, enum bq_type t, double hz, double q, double gain_db)
{
	double w = 2.0 * GEN_PI * hz / RATE, cw = cos(w), sw = sin(w);
	double alpha = sw / (2.0 * q), A = pow(10.0, gain_db / 40.0);
	double b0, b1, b2, a0, a1, a2, sq = 2.0 * sqrt(A) * alpha;

	switch (t) {
	case BQ_LP:
		b0 = b2 = (1.0 - cw) / 2.0, b1 = 1.0 - cw;
		a0 = 1.0 + alpha, a1 = -2.0 * cw, a2 = 1.0 - alpha;
		break;
	case BQ_HP:
		b0 = b2 = (1.0 + cw) / 2.0, b1 = -(1.0 + cw);
		a0 = 1.0 + alpha, a1 = -2.0 * cw, a2 = 1.0 - alpha;
		break;
	case BQ_BP:
		b0 = alpha, b1 = 0.0, b2 = -alpha;
		a0 = 1.0 + alpha, a1 = -2.0 * cw, a2 = 1.0 - alpha;
		break;
	case BQ_PEAK:
		b0 = 1.0 + alpha * A, b1 = -2.0 * cw, b2 = 1.0 - alpha * A;
		a0 = 1.0 + alpha / A, a1 = -2.0 * cw, a2 = 1.0 - alpha / A;
		break;
	case BQ_LSHELF:
		b0 = A * ((A + 1) - (A - 1) * cw + sq);
		b1 = 2 * A * ((A - 1) - (A + 1) * cw);
		b2 = A * ((A + 1) - (A - 1) * cw - sq);
		a0 = (A + 1) + (A - 1) * cw + sq;
		a1 = -2 * ((A - 1) + (A + 1) * cw);
		a2 = (A + 1) + (A - 1) * cw - sq;
		break;
	default: /* BQ_HSHELF */
		b0 = A * ((A + 1) + (A - 1) * cw + sq);
		b1 = -2 * A * ((A - 1) + (A + 1) * cw);
		b2 = A * ((A + 1) + (A - 1) * cw - sq);
		a0 = (A + 1) - (A - 1) * cw + sq;
		a1 = 2 * ((A - 1) - (A + 1) * cw);
		a2 = (A + 1) - (A - 1) * cw - sq;
		break;
	}
	/* Keep the state: instruments retune filters while they run. */
	f->b0 = b0 / a0, f->b1 = b1 / a0, f->b2 = b2 / a0;
	f->a1 = a1 / a0, f->a2 = a2 / a0;
}

double midi_hz(double note) { return 440.0 * exp2((note - 69.0) / 12.0); }

/* A naive saw aliases audibly above a few hundred Hz; the polyBLEP
 * residual rounds off the jump and costs two multiplies. */
double saw_blep(double *phase, double inc)
{
	double t = *phase, y = 2.0 * t - 1.0;

	if (t < inc) {
		t /= inc;
		y -= t + t - t * t - 1.0;
	} else if (t > 1.0 - inc) {
		t = (t - 1.0) / inc;
		y -= t * t + t + t + 1.0;
	}
	*phase += inc;
	if (*phase >= 1.0)
		*phase -= 1.0;
	return y;
}

void stem_alloc(struct stem *s, const char *file, int nch)
{
	s->file = file;
	s->nch = nch;
	s->first = 0;
	for (int c = 0; c < 2; c++)
		s->ch[c] = c < nch ? xcalloc(SONG_FRAMES, sizeof(float)) : NULL;
}

void stem_free(struct stem *s)
{
	for (int c = 0; c < 2; c++)
		free(s->ch[c]);
}

double stem_peak(const struct stem *s)
{
	double peak = 0.0;
	for (int c = 0; c < s->nch; c++)
		for (long i = 0; i < SONG_FRAMES; i++)
			peak = fmax(peak, fabs(s->ch[c][i]));
	return peak;
}

void stem_finish(struct stem *s, double peak_dbfs)
{
	for (int c = 0; c < s->nch; c++) {
		struct biquad hp = {0};
		bq_set(&hp, BQ_HP, 20.0, 0.707, 0.0);
		for (long i = 0; i < SONG_FRAMES; i++)
			s->ch[c][i] = (float)bq_run(&hp, s->ch[c][i]);
	}
	double peak = stem_peak(s), g = peak > 0.0 ? db_to_lin(peak_dbfs) / peak : 0.0;
	for (int c = 0; c < s->nch; c++)
		for (long i = 0; i < SONG_FRAMES; i++)
			s->ch[c][i] = (float)(s->ch[c][i] * g);
}

/* 24-bit PCM WAV. We round to 24 bits ourselves (no dither: the noise
 * floor of a 24-bit file is far below anything here) so the bytes do not
 * depend on libsndfile's float conversion. */
int stem_write(const struct stem *s, const char *dir)
{
	char path[4096];
	SF_INFO info = {.samplerate = RATE, .channels = s->nch,
			.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24};
	long n = SONG_FRAMES - s->first;
	int *buf;
	SNDFILE *sf;

	snprintf(path, sizeof path, "%s/%s", dir, s->file);
	if (!(sf = sf_open(path, SFM_WRITE, &info))) {
		fprintf(stderr, "gen_demo: cannot write %s: %s\n", path, sf_strerror(NULL));
		return -1;
	}
	buf = xmalloc((size_t)n * (size_t)s->nch * sizeof *buf);
	for (long i = 0; i < n; i++)
		for (int c = 0; c < s->nch; c++) {
			double v = fmax(-1.0, fmin(1.0, s->ch[c][s->first + i])) * 8388607.0;
			buf[i * s->nch + c] = (int)lrint(v) * 256; /* sf int is 32-bit full scale */
		}
	sf_count_t done = sf_writef_int(sf, buf, n);
	free(buf);
	if (sf_close(sf) != 0 || done != n) {
		fprintf(stderr, "gen_demo: short write to %s\n", path);
		return -1;
	}
	return 0;
}
