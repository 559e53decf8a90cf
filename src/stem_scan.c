/* stem_scan.c — one pass over a stem file at its own rate and depth
 * (stem_scan.h). It has its own SNDFILE rather than riding on source.c:
 * the play and bounce path decodes to float (bit-exact with
 * sf_readf_float, resampled by soxr), where a 16-bit 32767 and a 24-bit
 * 0x7FFF00 look alike and a resampled flat top no longer sits at full
 * scale; here integer formats are read as integers.
 *
 * DC: each channel's mean. Rumble: each channel through an 8th-order
 * Butterworth low-pass at 25 Hz (20 Hz passes, 30 Hz is 13 dB down, a
 * bass's low E at 41 Hz 35 dB down: at 28 Hz a plain 41 Hz bass line
 * came within 20 dB of its own loudness and was taken for rumble); its
 * variance, not its mean square, so DC is not counted twice.
 * Loudness: BS.1770 through loudness.h, a mono stem as one channel,
 * which is how the rumble power is summed too. */
#include "stem_scan.h"
#include "dsp/biquad.h"
#include "loudness.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 4096, LP_STAGES = 4 };
#define LP_HZ 25.0

struct chan {
	struct biquad_state lp[LP_STAGES];
	double sum, lp_sum, lp_sq;
	int rail, run;           /* the rail of the current run (+1/-1, 0 none) and its length */
	float last;              /* float stems: a run is one value repeated */
	int64_t run_from;
};

struct scan {
	struct stem_scan *r;
	struct biquad_coefs lp[LP_STAGES];
	struct chan ch[2];
	struct loudness *lu;
	int64_t frame;           /* stem frame of the block being scanned */
	double rate;
};

/* The bit depth whose full scale clipping is counted at; 0 for formats
 * with none (float, lossy, companded): those use |x| >= 1.0. */
static int int_bits(int format)
{
	switch (format & SF_FORMAT_SUBMASK) {
	case SF_FORMAT_PCM_S8:
	case SF_FORMAT_PCM_U8:
		return 8;
	case SF_FORMAT_PCM_16:
	case SF_FORMAT_ALAC_16:
		return 16;
	case SF_FORMAT_ALAC_20:
		return 20;
	case SF_FORMAT_PCM_24:
	case SF_FORMAT_ALAC_24:
		return 24;
	case SF_FORMAT_PCM_32:
	case SF_FORMAT_ALAC_32:
		return 32;
	}
	return 0;
}

static void on_rail(struct scan *s, int c, int rail, int64_t frame)
{
	struct chan *h = &s->ch[c];
	if (!rail || rail != h->rail) {
		h->rail = rail;
		h->run = rail ? 1 : 0;
		h->run_from = frame;
		return;
	}
	if (++h->run == STEM_CLIP_RUN) {
		if (!s->r->clip_runs)
			s->r->first_clip_s = (double)h->run_from / s->rate;
		s->r->clip_runs++;
		s->r->clip_samples += STEM_CLIP_RUN;
	} else if (h->run > STEM_CLIP_RUN) {
		s->r->clip_samples++;
	}
}

/* A filter that starts from silence rings for a few tens of ms when the
 * stem has an offset, which would count as rumble; it starts settled on
 * the first block's mean (DC gain 1) instead: the offset, if any. */
static void settle(struct scan *s, int c, double x0)
{
	for (int k = 0; k < LP_STAGES; k++) {
		const struct biquad_coefs *q = &s->lp[k];
		s->ch[c].lp[k].z1 = x0 * (1 - q->b0);
		s->ch[c].lp[k].z2 = x0 * (q->b2 - q->a2);
	}
}

/* One block, deinterleaved to x[c][0..n), full scale 1.0. */
static void measure(struct scan *s, float *const x[2], int nch, int n, float *tmp, const float *zeros)
{
	for (int c = 0; c < nch; c++) {
		struct chan *h = &s->ch[c];
		if (s->frame == 0 && n > 0) {
			double m = 0;
			for (int i = 0; i < n; i++)
				m += x[c][i];
			settle(s, c, m / n);
		}
		memcpy(tmp, x[c], sizeof *tmp * (size_t)n);
		for (int k = 0; k < LP_STAGES; k++)
			biquad_process(&s->lp[k], &h->lp[k], tmp, n);
		for (int i = 0; i < n; i++) {
			h->sum += x[c][i];
			h->lp_sum += tmp[i];
			h->lp_sq += (double)tmp[i] * tmp[i];
		}
	}
	loudness_add(s->lu, x[0], nch == 2 ? x[1] : zeros, n);
}

static void finish(struct scan *s, int nch, int64_t frames)
{
	struct stem_scan *r = s->r;
	double worst = 0, power = 0;
	r->dc_mean = 0;
	for (int c = 0; c < nch && frames > 0; c++) {
		double mean = s->ch[c].sum / (double)frames, lm = s->ch[c].lp_sum / (double)frames;
		double var = s->ch[c].lp_sq / (double)frames - lm * lm;
		if (fabs(mean) > worst) {
			worst = fabs(mean);
			r->dc_mean = mean;
		}
		power += var > 0 ? var : 0;
	}
	r->dc_db = worst > 0 ? 20 * log10(worst) : -INFINITY;
	r->rumble_db = power > 0 ? 10 * log10(power) : -INFINITY;
	r->lufs = loudness_integrated(s->lu);
}

int stem_scan(const char *path, struct stem_scan *r, atomic_bool *cancel, char *err, size_t errlen)
{
	SF_INFO si = {0};
	SNDFILE *sf = sf_open(path, SFM_READ, &si);
	struct scan s = {.r = r};
	int nch, rc = 0;
	int32_t *ibuf;
	float *fbuf, *chb[2], *tmp, *zeros;
	int32_t pos_fs;

	memset(r, 0, sizeof *r);
	if (!sf) {
		snprintf(err, errlen, "%s: not a sound file tmix can read (libsndfile: %s)", path, sf_strerror(NULL));
		return -1;
	}
	nch = si.channels;
	if (nch < 1 || nch > 2 || si.samplerate < 1) {
		snprintf(err, errlen, "%s: %d channels at %d Hz: not a stem tmix plays", path, nch, si.samplerate);
		sf_close(sf);
		return -1;
	}
	s.rate = si.samplerate;
	s.lu = loudness_new_no_tp(s.rate);
	if (!s.lu) {
		snprintf(err, errlen, "%s: cannot set up the loudness meter at %d Hz", path, si.samplerate);
		sf_close(sf);
		return -1;
	}
	r->bits = int_bits(si.format);
	/* sf_readf_int left-justifies: a 16-bit 32767 reads 0x7FFF0000 and
	 * -32768 reads INT32_MIN, whatever the depth */
	pos_fs = r->bits ? (int32_t)((((int64_t)1 << (r->bits - 1)) - 1) << (32 - r->bits)) : 0;
	for (int k = 0; k < LP_STAGES; k++) {
		/* the poles of an 8th-order Butterworth, as four sections */
		static const double q8[LP_STAGES] = {0.50980, 0.60134, 0.89998, 2.56292};
		biquad_design(&s.lp[k], BQ_LOWPASS, s.rate, LP_HZ, 0, q8[k]);
	}
	ibuf = xmalloc(sizeof *ibuf * BLOCK * 2);
	fbuf = xmalloc(sizeof *fbuf * BLOCK * 2);
	chb[0] = xmalloc(sizeof *chb[0] * BLOCK);
	chb[1] = xmalloc(sizeof *chb[1] * BLOCK);
	tmp = xmalloc(sizeof *tmp * BLOCK);
	zeros = xcalloc(BLOCK, sizeof *zeros);
	for (;;) {
		sf_count_t got;
		if (cancel && atomic_load(cancel)) {
			snprintf(err, errlen, "%s: cancelled", path);
			rc = -1;
			break;
		}
		if (r->bits) {
			got = sf_readf_int(sf, ibuf, BLOCK);
			for (sf_count_t i = 0; i < got; i++)
				for (int c = 0; c < nch; c++) {
					int32_t v = ibuf[i * nch + c];
					on_rail(&s, c, v >= pos_fs ? 1 : v == INT32_MIN ? -1 : 0, s.frame + i);
					chb[c][i] = (float)((double)v * (1.0 / 2147483648.0));
				}
		} else {
			got = sf_readf_float(sf, fbuf, BLOCK);
			for (sf_count_t i = 0; i < got; i++)
				for (int c = 0; c < nch; c++) {
					float v = fbuf[i * nch + c];
					if (!isfinite(v)) /* as the player does: silence, never a clip */
						v = 0;
					if (v != s.ch[c].last) /* another value: a new run */
						s.ch[c].rail = 0;
					s.ch[c].last = v;
					on_rail(&s, c, v >= 1.0f ? 1 : v <= -1.0f ? -1 : 0, s.frame + i);
					chb[c][i] = v;
				}
		}
		if (got <= 0)
			break;
		measure(&s, chb, nch, (int)got, tmp, zeros);
		s.frame += got;
	}
	if (rc == 0) {
		finish(&s, nch, s.frame);
		r->done = true;
	}
	free(ibuf), free(fbuf), free(chb[0]), free(chb[1]), free(tmp), free(zeros);
	loudness_free(s.lu);
	sf_close(sf);
	return rc;
}

bool stem_scan_dc(const struct stem_scan *r)
{
	return r->done && r->dc_db > STEM_DC_WARN_DB;
}

bool stem_scan_clipped(const struct stem_scan *r)
{
	return r->done && r->clip_runs > 0;
}

bool stem_scan_rumble(const struct stem_scan *r)
{
	return r->done && isfinite(r->lufs) && isfinite(r->rumble_db) && r->rumble_db > r->lufs - STEM_RUMBLE_WARN_LU;
}

char *stem_scan_warnings(const struct stem_scan *r, double start, char *buf, size_t n)
{
	size_t len = 0;
	char t[32];
	buf[0] = 0;
#define ADD(...) (len += (size_t)snprintf(buf + len, len < n ? n - len : 0, __VA_ARGS__), len = len < n ? len : n)
	if (stem_scan_clipped(r)) {
		char depth[16];
		snprintf(depth, sizeof depth, "%d-bit", r->bits);
		ADD("clipped: %lu run%s at %s full scale from %s", r->clip_runs, r->clip_runs == 1 ? "" : "s",
		    r->bits ? depth : "float", units_fmt_time(t, sizeof t, start + r->first_clip_s));
	}
	if (stem_scan_dc(r))
		ADD("%sDC offset %.0f dBFS", len ? "; " : "", r->dc_db);
	if (stem_scan_rumble(r))
		ADD("%srumble below %.0f Hz %.1f dB %s its loudness", len ? "; " : "", STEM_RUMBLE_HZ,
		    fabs(r->lufs - r->rumble_db), r->rumble_db > r->lufs ? "over" : "under");
#undef ADD
	return buf;
}
