/* analyze.c — analyze_render (analyze.h): one bounce without a file
 * whose block callback measures every strip. Per strip: the input peak
 * before trim (from the graph's meters), and the post-fader output's
 * peak, true peak, RMS, integrated loudness and clips, and the stereo
 * figures (stereo.h: correlation, mono fold, width). The mix figures
 * are the bounce's own, so they match what `tmix bounce` reports. */
#include "analyze.h"
#include "bounce.h"
#include "dsp/truepeak.h"
#include "loudness.h"
#include "tmix.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SILENT_LIN 1e-6  /* -120 dBFS */
#define RMS_WIN_S 0.1
/* RMS counts only the 100 ms windows above -70 dBFS (mean square 1e-7):
 * a stem that plays one chorus is not averaged with the silence around
 * it, and the render's effect tail does not pull every strip down. */
#define RMS_GATE 1e-7

struct acc {
	struct truepeak tp;
	float hist[2][OVERSAMPLE_TAPS]; /* the last frames seen, to re-prime tp */
	bool tp_idle;            /* tp skipped the last block */
	struct loudness *lu;
	double win_sq, sum_sq;   /* mean of the channels' squares */
	long win_n;
	long long active;        /* frames in windows above the gate */
	float peak, in_peak;
	unsigned long clips;
	struct stereo *st;
	bool mono;
};

struct run {
	int nstrips, ntracks, master, lat;
	long win;
	int64_t done;            /* timeline frame the strip outputs are measured up to */
	struct acc *acc;
	float pre_limiter;
};

static void close_window(struct acc *a)
{
	if (a->win_n && a->win_sq / (double)a->win_n > RMS_GATE) {
		a->sum_sq += a->win_sq;
		a->active += a->win_n;
	}
	a->win_sq = 0;
	a->win_n = 0;
}

/* True peak is the costly figure: a 4x polyphase filter per channel,
 * most of the time analysis takes. A block whose sample peak is 6 dB
 * under the true peak found so far cannot raise it (band-limited audio
 * overshoots its samples by 3 dB at most), so it is skipped: after the
 * few frames that finish the previous block's interpolation. The filter
 * is re-primed with the frames just before the next block it measures. */
static void add_true_peak(struct acc *a, const float *const ch[2], int n, float block_peak)
{
	const int flush = OVERSAMPLE_DELAY + 2;

	if (block_peak < 0.5 * truepeak_max(&a->tp)) {
		if (!a->tp_idle)
			truepeak_process(&a->tp, ch, 2, n < flush ? n : flush);
		a->tp_idle = true;
	} else {
		if (a->tp_idle)
			for (int c = 0; c < 2; c++) {
				oversample_reset(&a->tp.os[c]);
				for (int i = 0; i < OVERSAMPLE_TAPS; i++)
					oversample_peak(&a->tp.os[c], a->hist[c][i]); /* history only */
			}
		truepeak_process(&a->tp, ch, 2, n);
		a->tp_idle = false;
	}
	for (int c = 0; c < 2; c++) {
		float *h = a->hist[c];
		if (n >= OVERSAMPLE_TAPS) {
			memcpy(h, ch[c] + n - OVERSAMPLE_TAPS, sizeof a->hist[c]);
		} else {
			memmove(h, h + n, sizeof(float) * (size_t)(OVERSAMPLE_TAPS - n));
			memcpy(h + OVERSAMPLE_TAPS - n, ch[c], sizeof(float) * (size_t)n);
		}
	}
}

static void acc_add(struct acc *a, const float *l, const float *r, int n, long win)
{
	const float *const ch[2] = {l, r};
	float bp = 0;

	for (int i = 0; i < n; i++) {
		float x = fabsf(l[i]), y = fabsf(r[i]);
		if (x > bp)
			bp = x;
		if (y > bp)
			bp = y;
		a->clips += (x >= 1.0f) + (y >= 1.0f);
		a->win_sq += 0.5 * ((double)l[i] * l[i] + (double)r[i] * r[i]);
		if (++a->win_n == win)
			close_window(a);
	}
	if (bp > a->peak)
		a->peak = bp;
	add_true_peak(a, ch, n, bp);
	loudness_add(a->lu, l, r, n);
	if (a->st)
		stereo_add(a->st, l, r, n);
}

/* bounce.c calls this once per graph block once the limiter's latency
 * has passed, with the master time-aligned (frame, n). The strips'
 * outputs are not delayed: they cover the graph block, which ends at
 * frame + n + latency and began where the previous one ended. */
static void on_block(void *ctx, struct graph *g, int64_t frame, const float *l, const float *r, int n)
{
	struct run *u = ctx;
	int64_t end = frame + n + u->lat;
	int m = (int)(end - u->done);

	if (m > GRAPH_MAX_BLOCK) /* a first block swallowed whole by the latency */
		m = GRAPH_MAX_BLOCK;
	u->done = end;
	for (int i = 0; i < u->nstrips; i++) {
		struct acc *a = &u->acc[i];
		struct strip_meter sm;
		graph_take_meter(g, i, &sm);
		if (i < u->ntracks)
			a->mono = graph_input_channels(g, i) == 1;
		if (sm.in_peak > a->in_peak)
			a->in_peak = sm.in_peak;
		if (i == u->master) {
			if (sm.pre_limiter_peak > u->pre_limiter)
				u->pre_limiter = sm.pre_limiter_peak;
			acc_add(a, l, r, n, u->win);
		} else {
			acc_add(a, graph_strip_output(g, i, 0), graph_strip_output(g, i, 1), m, u->win);
		}
	}
}

static double lin_db(double x)
{
	return x > 0 ? 20 * log10(x) : -INFINITY;
}

static void finish(struct acc *a, struct strip_stats *s)
{
	close_window(a);
	memset(s, 0, sizeof *s);
	s->silent = a->peak < SILENT_LIN && a->in_peak < SILENT_LIN;
	for (int b = 0; b < STEREO_BANDS; b++)
		s->stereo.width[b] = NAN;
	s->stereo.corr = s->stereo.corr_worst = s->stereo.worst_at_s = s->stereo.fold_drop_lu = NAN;
	s->stereo.fold_lufs = -INFINITY;
	s->in_peak_db = a->in_peak >= SILENT_LIN ? lin_db(a->in_peak) : -INFINITY;
	s->clips = a->clips;
	s->suggested_trim_db = 0; /* silent: leave the trim alone */
	if (isfinite(s->in_peak_db)) {
		s->suggested_trim_db = STAGING_TARGET_DB - s->in_peak_db;
		if (s->suggested_trim_db < param_defs[P_TRIM].min)
			s->suggested_trim_db = param_defs[P_TRIM].min;
		if (s->suggested_trim_db > param_defs[P_TRIM].max)
			s->suggested_trim_db = param_defs[P_TRIM].max;
	}
	if (a->peak < SILENT_LIN) {
		s->peak_db = s->true_peak_db = s->rms_db = s->lufs = s->crest_db = -INFINITY;
		return;
	}
	s->peak_db = lin_db(a->peak);
	s->true_peak_db = lin_db(truepeak_max(&a->tp));
	if (s->true_peak_db < s->peak_db) /* the interpolator may miss a lone sample's own value */
		s->true_peak_db = s->peak_db;
	s->rms_db = a->active ? 10 * log10(a->sum_sq / (double)a->active) : -INFINITY;
	s->lufs = loudness_integrated(a->lu);
	s->crest_db = isfinite(s->rms_db) ? s->peak_db - s->rms_db : -INFINITY;
}

static void finish_stereo(struct acc *a, struct strip_stats *s)
{
	stereo_finish(a->st, s->lufs, &s->stereo);
	s->mono = a->mono;
	if (a->mono && !isnan(s->stereo.corr)) {
		s->stereo.corr = 1.0;
		s->stereo.corr_worst = 1.0;
	}
}

static int render_stats(const struct project *p, struct analysis *a, bool stereo, atomic_bool *cancel, char *err,
			size_t errlen)
{
	struct bounce_opts o = {.out = "", .to = -1, .cancel = cancel};
	struct bounce_result r;
	struct run u = {0};
	const struct strip *master = project_master(p);
	double rate = project_rate(p);
	struct graph *g;
	int rc = 0;

	memset(a, 0, sizeof *a);
	/* the latency is the limiter's; a throwaway graph is the only way to ask */
	g = graph_new(p, rate, err, errlen);
	if (!g)
		return -1;
	u.lat = graph_latency(g);
	graph_free(g);
	u.nstrips = p->nstrips;
	u.ntracks = p->ntracks;
	u.master = p->nstrips - 1;
	u.win = lround(RMS_WIN_S * rate);
	u.acc = xcalloc((size_t)u.nstrips, sizeof *u.acc);
	for (int i = 0; i < u.nstrips; i++) {
		truepeak_init(&u.acc[i].tp);
		u.acc[i].lu = loudness_new_no_tp(rate); /* true peak: dsp/truepeak.h */
		u.acc[i].st = stereo ? stereo_new(rate) : NULL;
		if (!u.acc[i].lu || (stereo && !u.acc[i].st)) {
			snprintf(err, errlen, "cannot set up the loudness meter at %.0f Hz", rate);
			rc = -1;
		}
	}
	if (rc == 0) {
		o.block = on_block;
		o.ctx = &u;
		rc = bounce_render(p, &o, &r, err, errlen);
	}
	if (rc == 0) {
		a->nstrips = u.nstrips;
		a->strips = xcalloc((size_t)u.nstrips, sizeof *a->strips);
		for (int i = 0; i < u.nstrips; i++)
			finish(&u.acc[i], &a->strips[i]);
		if (!a->strips[u.master].silent) {
			/* the master's row shows the same figures as the mix: the file's */
			struct strip_stats *m = &a->strips[u.master];
			m->peak_db = r.peak_db;
			m->true_peak_db = r.true_peak_db;
			m->lufs = r.lufs;
			m->crest_db = isfinite(m->rms_db) && isfinite(r.peak_db) ? r.peak_db - m->rms_db : -INFINITY;
		}
		for (int i = 0; stereo && i < u.nstrips; i++)
			if (!a->strips[i].silent)
				finish_stereo(&u.acc[i], &a->strips[i]);
		a->lufs = r.lufs;
		a->lra = isfinite(r.lufs) ? r.lra : -INFINITY;
		a->true_peak_db = r.true_peak_db;
		a->peak_db = r.peak_db;
		a->target_lufs = master->v[P_TARGET];
		a->pre_limiter_peak_db = lin_db(u.pre_limiter);
		a->seconds = r.seconds;
		for (int i = 0; i < p->ntracks && rc == 0; i++) {
			const struct strip *s = p->strips[i];
			char why[512];
			if (s->kind != SK_TRACK || !(s->path || s->file))
				continue;
			/* a stem that cannot be scanned played in the render: the
			 * render's figures stand, without the stem's warnings */
			if (stem_scan(s->path ? s->path : s->file, &a->strips[i].stem, cancel, why, sizeof why) &&
			    cancel && atomic_load(cancel)) {
				snprintf(err, errlen, "%s", why);
				analysis_free(a);
				rc = -1;
			}
		}
	}
	for (int i = 0; i < u.nstrips; i++) {
		loudness_free(u.acc[i].lu);
		stereo_free(u.acc[i].st);
	}
	free(u.acc);
	return rc;
}

int analyze_render(const struct project *p, struct analysis *a, atomic_bool *cancel, char *err, size_t errlen)
{
	return render_stats(p, a, false, cancel, err, errlen);
}

int analyze_render_stereo(const struct project *p, struct analysis *a, atomic_bool *cancel, char *err,
			  size_t errlen)
{
	return render_stats(p, a, true, cancel, err, errlen);
}

int analyze_staging(const struct strip_stats *s, double trim)
{
	double pk;
	if (s->silent || !isfinite(s->in_peak_db))
		return 0;
	pk = s->in_peak_db + trim;
	return pk > STAGING_HIGH_DB + 0.05 ? 1 : pk < STAGING_LOW_DB - 0.05 ? -1 : 0;
}

double analyze_trim_change(const struct strip_stats *s, double trim)
{
	double d = round((s->suggested_trim_db - trim) * 10) / 10;
	if (!analyze_staging(s, trim) || fabs(d) < 0.05)
		return NAN;
	return d;
}

void analysis_free(struct analysis *a)
{
	free(a->strips);
	memset(a, 0, sizeof *a);
}
