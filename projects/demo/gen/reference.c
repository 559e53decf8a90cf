/* reference.c — a "finished commercial track" to A/B against: the demo's
 * own stems mixed with a heavy hand and mastered loud, as a release
 * would be: -10 LUFS, -1.5 dBFS sample peak (true peak just under
 * 0 dBTP). Its loudness is measured here with ITU-R BS.1770 gating, so
 * edits to the music do not silently change how loud the reference is. */
#include "gen.h"
#include "dsp/dsp.h"
#include "tmix.h"
#include <math.h>
#include <stdlib.h>

/* Feed-forward compressor with a hard knee; enough for a rough mix. */
static void compress(float *const ch[], int nch, double thr_db, double ratio, double att_s,
		     double rel_s)
{
	double env = 0.0, ca = 1.0 - exp(-1.0 / (att_s * RATE)), cr = 1.0 - exp(-1.0 / (rel_s * RATE));

	for (long i = 0; i < SONG_FRAMES; i++) {
		double lvl = 0.0;
		for (int c = 0; c < nch; c++)
			lvl = fmax(lvl, fabs(ch[c][i]));
		env += (lvl - env) * (lvl > env ? ca : cr);
		double over = lin_to_db(env) - thr_db;
		double g = over > 0.0 ? db_to_lin(-over * (1.0 - 1.0 / ratio)) : 1.0;
		for (int c = 0; c < nch; c++)
			ch[c][i] = (float)(ch[c][i] * g);
	}
}

/* Integrated loudness (BS.1770-4): K-weighting, 400 ms blocks every
 * 100 ms, absolute gate -70 LUFS, relative gate -10 LU. */
static double loudness(float *const ch[2])
{
	const long step = RATE / 10, nblk = SONG_FRAMES / step;
	double *ms = xcalloc((size_t)nblk, sizeof *ms), sum = 0.0, zsum = 0.0;
	long used = 0;

	for (int c = 0; c < 2; c++) {
		/* the standard's coefficients at 48 kHz: a high shelf, then RLB */
		struct biquad s1 = {1.53512485958697, -2.69169618940638, 1.19839281085285,
				    -1.69065929318241, 0.73248077421585, 0, 0};
		struct biquad s2 = {1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621, 0, 0};
		for (long i = 0; i < SONG_FRAMES; i++) {
			double y = bq_run(&s2, bq_run(&s1, ch[c][i]));
			ms[i / step] += y * y;
		}
	}
	for (long b = 0; b + 4 <= nblk; b++) { /* turn 100 ms sums into 400 ms blocks */
		double z = (ms[b] + ms[b + 1] + ms[b + 2] + ms[b + 3]) / (4.0 * step);
		ms[b] = z;
		if (-0.691 + 10.0 * log10(z + 1e-20) > -70.0)
			sum += z, used++;
	}
	double rel = -0.691 + 10.0 * log10(sum / (double)(used ? used : 1) + 1e-20) - 10.0;
	used = 0;
	for (long b = 0; b + 4 <= nblk; b++)
		if (-0.691 + 10.0 * log10(ms[b] + 1e-20) > fmax(rel, -70.0))
			zsum += ms[b], used++;
	free(ms);
	return -0.691 + 10.0 * log10(zsum / (double)(used ? used : 1) + 1e-20);
}

/* Look-ahead peak limiter. The gain each sample needs is held back over
 * the look-ahead window, recovers with an exponential release and is
 * smoothed by a moving average as long as the look-ahead, so the gain is
 * already down when a peak arrives and never jumps. */
static void limit(const float *const in[2], float *const out[2], double gain, double ceiling)
{
	enum { LA = 64 };
	float *need = xmalloc(SONG_FRAMES * sizeof *need);
	long *dq = xmalloc(SONG_FRAMES * sizeof *dq), head = 0, tail = 0;
	double rel = 1.0 - exp(-1.0 / (0.08 * RATE)), r = 1.0, box[LA], boxsum = LA;

	for (long i = 0; i < SONG_FRAMES; i++) {
		double p = gain * fmax(fabs(in[0][i]), fabs(in[1][i]));
		need[i] = (float)(p > ceiling ? ceiling / p : 1.0);
	}
	for (int j = 0; j < LA; j++)
		box[j] = 1.0;
	/* dq holds a rising run of `need` (a sliding-window minimum), so the
	 * minimum of need[i .. i+LA-1] costs O(1) per sample */
	for (long j = 0; j < SONG_FRAMES + LA - 1; j++) {
		long i = j - (LA - 1);
		if (j < SONG_FRAMES) {
			while (tail > head && need[dq[tail - 1]] >= need[j])
				tail--;
			dq[tail++] = j;
		}
		if (i < 0)
			continue;
		while (dq[head] < i)
			head++;
		double h = need[dq[head]];
		r = h < r ? h : r + (1.0 - r) * rel;
		boxsum += r - box[i % LA];
		box[i % LA] = r;
		for (int c = 0; c < 2; c++)
			out[c][i] = (float)(in[c][i] * gain * boxsum / LA);
	}
	free(dq);
	free(need);
}

void render_reference(struct stem *out, const struct stem *const in[REF_N], double target_lufs)
{
	/* the "engineer's" fader (dB) and pan (-1..1) for each stem */
	static const double fader[REF_N] = {0, -1, -8, -6, -3, -5, -5, -1};
	static const double pan[REF_N] = {0, 0, 0, 0.3, 0, 0, -0.3, 0};
	float *tmp = xmalloc(SONG_FRAMES * sizeof *tmp), *mix[2], *const dst[2] = {out->ch[0], out->ch[1]};
	struct stem bus;

	stem_alloc(&bus, NULL, 2);
	mix[0] = bus.ch[0], mix[1] = bus.ch[1];
	for (int s = 0; s < REF_N; s++) {
		double g = db_to_lin(fader[s]) * (s == REF_SNARE_BOTTOM ? -1.0 : 1.0); /* fix polarity */
		double a = (pan[s] + 1.0) * GEN_PI / 4.0, gl = cos(a), gr = sin(a);
		if (in[s]->nch == 2) {
			for (long i = 0; i < SONG_FRAMES; i++)
				mix[0][i] += (float)(g * in[s]->ch[0][i]), mix[1][i] += (float)(g * in[s]->ch[1][i]);
			continue;
		}
		for (long i = 0; i < SONG_FRAMES; i++)
			tmp[i] = in[s]->ch[0][i];
		if (s == REF_VOX || s == REF_BASS) /* the dynamic parts, squashed */
			compress(&tmp, 1, -24.0, 4.0, 0.005, 0.12);
		for (long i = 0; i < SONG_FRAMES; i++)
			mix[0][i] += (float)(g * gl * tmp[i]), mix[1][i] += (float)(g * gr * tmp[i]);
	}
	free(tmp);

	/* master: a smile EQ, glue compression, then the limiter pushed until
	 * the loudness lands on target (the limiter bends the curve, so a few
	 * passes converge on it) */
	for (int c = 0; c < 2; c++) {
		struct biquad lo = {0}, hi = {0};
		bq_set(&lo, BQ_LSHELF, 90.0, 0.7, 1.5);
		bq_set(&hi, BQ_HSHELF, 9000.0, 0.7, 2.5);
		for (long i = 0; i < SONG_FRAMES; i++)
			mix[c][i] = (float)bq_run(&hi, bq_run(&lo, mix[c][i]));
	}
	compress(mix, 2, -14.0 + lin_to_db(stem_peak(&bus)), 2.0, 0.01, 0.15);
	double gain_db = target_lufs - loudness(mix);
	for (int pass = 0; pass < 6; pass++) {
		limit((const float *const *)mix, dst, db_to_lin(gain_db), db_to_lin(-1.5));
		double miss = target_lufs - loudness(dst);
		if (fabs(miss) < 0.05)
			break;
		gain_db += miss * 1.5; /* the limiter gives back less than it is fed */
	}
	stem_free(&bus);
}
