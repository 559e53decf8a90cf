/* bounce_loud.c — bounces that land on a loudness: --normalize (one
 * integrated loudness) and --deliver (one file per delivery target,
 * each with its own true-peak ceiling).
 *
 * Both move only the master: its gain (the fader, before the limiter)
 * and, for --deliver, the limiter's ceiling. The tracks and buses do not
 * change between passes, so the first pass renders them once and records
 * the master's input (render_pass with a capture); every later pass
 * replays that record through the master chain alone, which costs a
 * small part of a whole render and gives the very samples a whole render
 * at that gain would. */
#include "bounce_internal.h"
#include "dsp/limiter.h"
#include "kweight.h"
#include "tmix.h"
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NORM_PASSES 8
#define NORM_CLOSE 0.03        /* LU: close enough to stop measuring */
#define NORM_OK 0.1            /* LU: what the file must land within */
#define NORM_MAX_GAIN 24.0     /* dB: the master's gain range */
#define DELIVER_MAX_LIMITING 3.0 /* dB: the most --deliver lets the limiter take off */
#define MODEL_PASSES 12
#define MODEL_CLOSE 0.005      /* LU: the model's own aim, well inside NORM_CLOSE */
#define MODEL_LAST_MISS 0.15   /* LU: a secant step this short is taken without trying it on the model */
#define MODEL_LAST_STEP 0.2    /* dB: (and no longer than this, */
#define MODEL_LAST_SPAN 1.5    /* dB: from points no further apart than this) */
#define MODEL_BLOCK 4096       /* frames a model reads at once */

static void add_warning(struct bounce_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_warning(struct bounce_result *r, const char *fmt, ...)
{
	size_t used = strlen(r->warnings);
	va_list ap;
	va_start(ap, fmt);
	if (used + 1 < sizeof r->warnings)
		vsnprintf(r->warnings + used, sizeof r->warnings - used, fmt, ap);
	va_end(ap);
}

static void close_capture(struct capture *cap)
{
	if (cap->f)
		fclose(cap->f);
	if (cap->model)
		fclose(cap->model);
	cap->f = NULL;
	cap->model = NULL;
	free(cap->buf[0]);
	free(cap->buf[1]);
	cap->buf[0] = cap->buf[1] = NULL;
}

/* The model of a pass at the first pass's master gain + gain_db with the
 * limiter at `ceiling`: the master after its fader is the limiter alone,
 * and the fader is the last thing the master strip does, so its input
 * is the first pass's times the gain, and so is its detector (linear in
 * the signal). The limiter's gain computer runs on the recorded detector;
 * the loudness is gated from the recorded K-weighted power of its input,
 * delayed as the limiter delays the audio, times the gain and the
 * limiter's gain squared (K-weighting the limiter's output would move
 * the gain's ripple through the filter: a small part of a small part).
 * It ends where the first pass's mix ended: a gating block past the
 * file's end would count in the model and not in the file. No master
 * strip, no oversampling and no filtering: a small part of a replay. Not
 * bit-exact (float rounding, the gain taken out of the filter, and a
 * master whose gain is automated does not scale so), so a search uses it
 * only to choose the gain its replay renders. linear: the limiter left
 * out (its gain 1 throughout): the loudness of its input, which a gain
 * that keeps the detector under the ceiling gives exactly. The
 * integrated loudness, or NAN. Several threads may run it on one capture
 * (pread). */
DSP_HOT static double model_lufs(const struct capture *cap, double rate, double release, double gain_db, double ceiling,
			 bool linear)
{
	struct limiter lim;
	struct kgate kg;
	float iv[2 * MODEL_BLOCK], q[MODEL_BLOCK], gn[MODEL_BLOCK], pw[MODEL_BLOCK];
	float *ring;
	double s = pow(10.0, gain_db / 20.0);
	float s2 = (float)(s * s);
	int64_t done = 0, skip = cap->lat, out = 0;
	int dlen, at = 0;
	off_t off = 0;
	double v = NAN;

	if (limiter_init(&lim, rate, 2))
		return NAN;
	limiter_set(&lim, ceiling, release); /* it takes an infinite ceiling as "off" */
	dlen = limiter_latency(&lim);
	ring = xcalloc((size_t)dlen, sizeof *ring);
	kgate_init(&kg, rate);
	while (done < cap->frames && out < cap->out_frames) {
		int n = cap->frames - done < MODEL_BLOCK ? (int)(cap->frames - done) : MODEL_BLOCK, from;
		size_t bytes = sizeof(float) * 2 * (size_t)n;
		for (size_t got = 0; got < bytes;) {
			ssize_t k = pread(fileno(cap->model), (char *)iv + got, bytes - got, off);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				goto out;
			got += (size_t)k;
			off += k;
		}
		DSP_SIMD
		for (int i = 0; i < n; i++)
			q[i] = iv[2 * i];
		if (linear)
			for (int i = 0; i < n; i++)
				gn[i] = 1.0f;
		else
			limiter_gains(&lim, q, (float)s, gn, n);
		/* in runs up to the ring's wrap, each frame's product as it was */
		for (int i = 0; i < n;) {
			int m = n - i < dlen - at ? n - i : dlen - at;
			DSP_SIMD
			for (int k = 0; k < m; k++) {
				float e = ring[at + k];
				ring[at + k] = iv[2 * (i + k) + 1];
				pw[i + k] = s2 * gn[i + k] * gn[i + k] * e;
			}
			i += m;
			at = at + m == dlen ? 0 : at + m;
		}
		from = skip > n ? n : (int)skip;
		skip -= from;
		if (n - from > cap->out_frames - out)
			n = from + (int)(cap->out_frames - out);
		if (n > from)
			kgate_add(&kg, pw + from, n - from);
		out += n - from;
		done += n;
	}
	v = kgate_integrated(&kg);
out:
	kgate_free(&kg);
	free(ring);
	limiter_free(&lim);
	return isfinite(v) ? v : NAN;
}

/* A search keeps the mix of its measuring replays: the one in `best`
 * came closest (made at gain `gain`, NAN for none), `cur` takes the next.
 * The file is then written from best's record, without running the
 * master chain again. Without temporary files (NULL) the file is
 * replayed as before. */
struct records {
	FILE *cur, *best;
	double gain, limiting;
};

static void records_open(struct records *rs)
{
	rs->cur = tmpfile();
	rs->best = tmpfile();
	rs->gain = NAN;
	if (!rs->cur || !rs->best) {
		if (rs->cur)
			fclose(rs->cur);
		if (rs->best)
			fclose(rs->best);
		rs->cur = rs->best = NULL;
	}
}

/* The pass just made at g (into cur) is the best so far. */
static void records_keep(struct records *rs, double g, double limiting)
{
	FILE *t = rs->cur;
	if (!t)
		return;
	rs->cur = rs->best;
	rs->best = t;
	rs->gain = g;
	rs->limiting = limiting;
}

static void records_close(struct records *rs)
{
	if (rs->cur)
		fclose(rs->cur);
	if (rs->best)
		fclose(rs->best);
	rs->cur = rs->best = NULL;
}

/* The next gain toward `want` from a pass at g that measured lufs:
 * loudness follows gain dB for dB until the limiter or a compressor
 * bites; past that each dB buys less, so once there are two passes the
 * step is scaled by the slope they measured (never below 0.05 LU per dB,
 * so one step stays finite), and no step is over 12 dB. */
static double next_gain(double want, double g, double lufs, double prev_g, double prev_l)
{
	double miss = want - lufs, step = miss;
	if (isfinite(prev_l) && g != prev_g) {
		double slope = (lufs - prev_l) / (g - prev_g);
		step = miss / (slope > 0.05 ? slope : 0.05);
	}
	if (step > 12)
		step = 12;
	if (step < -12)
		step = -12;
	return g + step > NORM_MAX_GAIN ? NORM_MAX_GAIN : g + step;
}

/* The gain the model (model_lufs) says lands on `want` with the limiter
 * at `ceiling`, never into more than max_limiting dB of limiting (as
 * deliver_one counts it), or NAN without a model. The same search as
 * the replays', on the model; on_curve: the first pass was made with
 * this ceiling (or its limiter did nothing and would do nothing here),
 * so it is a point of the curve. The replay at that gain then usually
 * lands, and writes the file at once. */
struct model_job {
	const struct capture *cap;
	double rate, release, gain_db, ceiling, lufs;
};

static void *model_run(void *arg)
{
	struct model_job *j = arg;
	j->lufs = model_lufs(j->cap, j->rate, j->release, j->gain_db, j->ceiling, false);
	return NULL;
}

static double model_search(const struct capture *cap, double rate, double release, double base, double first_lufs,
			   bool on_curve, bool pair, double want, double ceiling, double max_limiting)
{
	double g = base + (want - first_lufs), lo = -INFINITY, hi = INFINITY;
	double best = NAN, best_miss = INFINITY, prev_g = NAN, prev_l = NAN;
	bool prev_model = false; /* prev_g is a point of the model's, not the first pass */
	/* pair: the first step is measured beside a second a quarter
	 * further (where the limiter swallows some of the gain, it takes
	 * more than the miss), on a thread of its own: the secant through
	 * them usually lands, a step sooner than from the first alone */
	struct model_job pj = {cap, rate, release, 0, ceiling, NAN};
	bool use_pair = false;

	if (on_curve) { /* the first pass is the model's point at base: the second step is a secant */
		prev_g = base;
		prev_l = first_lufs;
	}

	if (!cap->model || !isfinite(first_lufs))
		return NAN;
	for (int k = 0; k < MODEL_PASSES; k++) {
		double lufs, miss, next;
		bool last = false;
		if (g > NORM_MAX_GAIN)
			g = NORM_MAX_GAIN;
		if (use_pair && g == base + pj.gain_db) {
			lufs = pj.lufs;
			use_pair = false;
		} else if (k == 0 && pair) {
			pthread_t th;
			double g2 = g + (g - base) / 4 > NORM_MAX_GAIN ? NORM_MAX_GAIN : g + (g - base) / 4;
			bool started;
			pj.gain_db = g2 - base;
			started = g2 != g && pthread_create(&th, NULL, model_run, &pj) == 0;
			lufs = model_lufs(cap, rate, release, g - base, ceiling, false);
			if (started) {
				pthread_join(th, NULL);
				use_pair = isfinite(pj.lufs);
			}
		} else
			lufs = model_lufs(cap, rate, release, g - base, ceiling, false);
		if (!isfinite(lufs))
			return NAN;
		miss = want - lufs;
		if ((g - base) - (lufs - first_lufs) <= max_limiting) {
			if (g > lo)
				lo = g;
			if (fabs(miss) < fabs(best_miss)) {
				best_miss = miss;
				best = g;
			}
			if (fabs(miss) < MODEL_CLOSE)
				break;
			next = next_gain(want, g, lufs, prev_g, prev_l);
			/* a short secant step from two of the model's own points,
			 * close together, lands within a few thousandths of a LU
			 * of where the model would put it (a point of the first
			 * pass is a real pass, not the model's curve), and a try
			 * costs a fifth of a pass: the replay at that gain checks
			 * it, as it checks every gain the model gives */
			last = prev_model && g != prev_g && fabs(g - prev_g) <= MODEL_LAST_SPAN &&
			       fabs(miss) <= MODEL_LAST_MISS && fabs(next - g) <= MODEL_LAST_STEP && next < hi &&
			       (next - base) - (want - first_lufs) <= max_limiting - 0.1;
			prev_g = g;
			prev_l = lufs;
			prev_model = true;
			if (next >= hi)
				next = (g + hi) / 2;
			if (miss > 0 && hi - lo < 0.02)
				break;
		} else {
			if (g < hi)
				hi = g;
			next = isfinite(lo) ? (lo + g) / 2 : g - 3;
		}
		if (use_pair && next != g && (next - g) * pj.gain_db > 0)
			next = base + pj.gain_db; /* measured already, on the way */
		else {
			use_pair = false;
			if (last && next <= NORM_MAX_GAIN)
				return next;
		}
		if (next == g)
			break;
		g = next;
	}
	return isfinite(best) ? best : isfinite(lo) ? lo : NAN;
}

/* The gain that lands on `want` without a measuring pass, or NAN: when
 * the true peak moved by the gain stays under the ceiling with the
 * limiter's margin to spare, the limiter does nothing at that gain, the
 * master after its fader is linear, and the loudness moves by exactly
 * the gain. From the first pass's loudness when its limiter did nothing
 * (its output was its input, delayed); when it did, from the loudness of
 * the limiter's input (in_lufs, the model's linear figure; the first
 * pass's true peak is its detector's, the input's, then): a target well
 * under a limited mix (a broadcast one) needs no search either. */
static double exact_gain(double base, const struct bounce_result *first, double first_limiting, double in_lufs,
			 double want, double ceiling)
{
	double from = first_limiting > 0 ? in_lufs : first->lufs, step = want - from;
	if (!isfinite(from) || !isfinite(first->true_peak_db))
		return NAN;
	if (first->true_peak_db + step > ceiling - LIMITER_MARGIN_DB - 0.05 || base + step > NORM_MAX_GAIN)
		return NAN;
	return base + step;
}

/* in_lufs for exact_gain, when the first pass limited and some target
 * is quieter than it came out (a louder one takes more of the limiter):
 * NAN otherwise, and without a model (the first pass's true peak is then
 * not its detector's). */
static double input_lufs(const struct capture *cap, double rate, const struct bounce_result *first,
			 double first_limiting, double quietest)
{
	if (first_limiting <= 0 || !cap->model || !(quietest < first->lufs))
		return NAN;
	return model_lufs(cap, rate, 100, 0, INFINITY, true);
}

/* --normalize: the master's gain moved until the mix measures the target.
 * The first pass records the tracks and measures the mix as it is; where
 * the limiter stays out of it the gain follows (exact_gain) and the file
 * is the second pass. Otherwise replays measure until one lands within
 * NORM_CLOSE, and the file is rendered at the gain that came closest;
 * when that is not within NORM_OK of the target, a warning says by how
 * much and why. The gains tried are those the whole-render search tried
 * before, so the file is the same. */
int bounce_normalize(const struct project *p, const struct bounce_opts *o, const char *target,
		     struct bounce_result *r, char *err, size_t errlen)
{
	struct project *q = project_clone(p);
	struct bounce_opts m = *o;
	struct strip *master = project_master(q);
	struct capture cap = {0};
	struct pass_out po = {0};
	double base = master->v[P_GAIN], best = base, best_miss = INFINITY;
	double prev_g = NAN, prev_l = NAN;
	double ceiling = master->mode[P_LIMITER] == PM_OFF ? INFINITY : master->v[P_LIMITER];
	struct records rs;
	int rc = 0, passes = 0;
	bool written = false; /* the model's pass landed, and is the file */

	records_open(&rs);
	m.stems_dir = NULL;
	m.block = NULL;
	while (passes < NORM_PASSES) {
		double g = master->v[P_GAIN], miss, exact;
		po.record = rs.cur;
		rc = render_pass(q, &m, NULL, &cap, r, &po, err, errlen);
		m.progress = NULL; /* the replays take a moment */
		passes++;
		if (rc || !isfinite(r->lufs))
			break;
		miss = o->lufs - r->lufs;
		if (fabs(miss) < fabs(best_miss)) {
			best_miss = miss;
			best = g;
			if (passes > 1) /* the first pass is no replay: nothing kept */
				records_keep(&rs, g, po.limiting);
		}
		if (fabs(miss) < NORM_CLOSE)
			break;
		exact = passes == 1 ? exact_gain(g, r, po.limiting, input_lufs(&cap, project_rate(q), r, po.limiting, o->lufs),
						 o->lufs, ceiling)
				    : NAN;
		if (isfinite(exact)) {
			best = exact;
			break;
		}
		if (passes == 1) {
			double gm = model_search(&cap, project_rate(q), master->v[P_LIMITER_RELEASE], g, r->lufs, true,
						 true, o->lufs, ceiling, INFINITY);
			if (isfinite(gm) && gm != g && o->stems_dir) {
				/* the stems are rendered whole at the end: the replay
				 * at the model's gain only measures */
				master->v[P_GAIN] = gm;
				prev_g = g;
				prev_l = r->lufs;
				continue;
			}
			if (isfinite(gm) && gm != g) {
				/* the file, rendered exactly at the model's gain: kept
				 * when it lands, else the search goes on from it */
				double first_l = r->lufs;
				master->v[P_GAIN] = gm;
				rc = render_pass(q, &m, target, &cap, r, NULL, err, errlen);
				passes++;
				if (rc || !isfinite(r->lufs))
					break;
				miss = o->lufs - r->lufs;
				if (fabs(miss) < NORM_CLOSE) {
					best = gm;
					written = true;
					break;
				}
				if (fabs(miss) < fabs(best_miss)) {
					best_miss = miss;
					best = gm;
				}
				master->v[P_GAIN] = next_gain(o->lufs, gm, r->lufs, g, first_l);
				prev_g = gm;
				prev_l = r->lufs;
				if (master->v[P_GAIN] == gm) {
					written = best == gm; /* as loud as it goes: that file */
					break;
				}
				continue;
			}
		}
		master->v[P_GAIN] = next_gain(o->lufs, g, r->lufs, prev_g, prev_l);
		prev_g = g;
		prev_l = r->lufs;
		if (master->v[P_GAIN] == g)
			break; /* at the top of the gain range: it can go no louder */
	}
	master->v[P_GAIN] = best;
	if (rc == 0 && !written) {
		/* with --stems the tracks are rendered again: they are the stems */
		if (o->stems_dir)
			rc = render_pass(q, o, target, NULL, r, NULL, err, errlen);
		else if (rs.best && rs.gain == best)
			rc = write_record(q, &m, target, rs.best, r, err, errlen);
		else
			rc = render_pass(q, &m, target, &cap, r, NULL, err, errlen);
		passes++;
	}
	records_close(&rs);
	close_capture(&cap);
	r->gain_change = best - base;
	r->passes = passes;
	if (rc == 0 && isfinite(r->lufs) && fabs(r->lufs - o->lufs) > NORM_OK) {
		const struct strip *mm = project_master(p);
		char why[160];
		if (r->lufs < o->lufs && best >= NORM_MAX_GAIN && mm->mode[P_LIMITER] != PM_OFF)
			snprintf(why, sizeof why, "the master's gain is at its +%.0f dB top, into the limiter's %.1f dBTP ceiling",
				 NORM_MAX_GAIN, mm->v[P_LIMITER]);
		else if (r->lufs < o->lufs && best >= NORM_MAX_GAIN)
			snprintf(why, sizeof why, "the master's gain is at its +%.0f dB top", NORM_MAX_GAIN);
		else if (r->lufs < o->lufs && mm->mode[P_LIMITER] != PM_OFF)
			snprintf(why, sizeof why, "the limiter's %.1f dBTP ceiling holds the mix down", mm->v[P_LIMITER]);
		else
			snprintf(why, sizeof why, "the master's dynamics do not follow its gain");
		add_warning(r, "--normalize %.1f: the mix reaches %.1f LUFS, %.1f LU %s: %s (master %+.1f dB)\n", o->lufs,
			    r->lufs, fabs(r->lufs - o->lufs), r->lufs < o->lufs ? "short" : "over", why,
			    r->gain_change);
	}
	project_free(q);
	return rc;
}

/* One target of --deliver: the limiter on at the target's ceiling and
 * the gain searched as for --normalize, but never into more than
 * DELIVER_MAX_LIMITING dB of limiting, counted in loudness: the gain
 * added beyond the first pass less the loudness it gained (what the
 * limiter swallowed). A gain that needs more is infeasible, and the
 * search closes in, by halves, on the loudest one that does not (lo: the
 * loudest feasible gain tried, hi: the quietest infeasible one). */
static int deliver_one(struct project *q, const struct bounce_opts *m, struct capture *cap, double base,
		       const struct bounce_result *first, double first_limiting, double in_lufs,
		       struct bounce_delivery *d, struct bounce_result *r, int *passes, _Atomic int *active, char *err,
		       size_t errlen)
{
	struct strip *master = project_master(q);
	struct pass_out po = {0};
	double lo = -INFINITY, hi = INFINITY, swallowed = 0;
	double best = NAN, best_miss = INFINITY, prev_g = NAN, prev_l = NAN;
	double g = exact_gain(base, first, first_limiting, in_lufs, d->t.lufs, d->t.tp);
	struct records rs;
	bool model = false, written = false;
	int rc = 0;

	/* the first pass is a point on this target's curve when its limiter
	 * was this one, or did nothing and would do nothing here either:
	 * then the second step is already a secant */
	if ((master->mode[P_LIMITER] != PM_OFF && master->v[P_LIMITER] == d->t.tp) ||
	    (first_limiting == 0 && first->true_peak_db <= d->t.tp - LIMITER_MARGIN_DB - 0.05)) {
		prev_g = base;
		prev_l = first->lufs;
	}
	master->mode[P_LIMITER] = PM_VALUE;
	master->v[P_LIMITER] = d->t.tp;
	if (isfinite(g))
		best = g; /* straight to the file */
	else {
		double gm = model_search(cap, project_rate(q), master->v[P_LIMITER_RELEASE], base, first->lufs,
					 isfinite(prev_g), false, d->t.lufs, d->t.tp, DELIVER_MAX_LIMITING);
		g = isfinite(gm) ? gm : base + (d->t.lufs - first->lufs);
		model = isfinite(gm);
	}
	records_open(&rs);
	for (int k = 0; k < NORM_PASSES && isnan(best); k++) {
		double miss, next;
		bool feasible;
		if (g > NORM_MAX_GAIN)
			g = NORM_MAX_GAIN;
		master->v[P_GAIN] = g;
		po.record = rs.cur;
		po.one_thread = atomic_load(active) > 1;
		/* the model's gain is rendered to the file at once: it
		 * usually lands */
		rc = render_pass(q, m, k == 0 && model ? d->path : NULL, cap, r, &po, err, errlen);
		(*passes)++;
		if (rc || !isfinite(r->lufs))
			break;
		miss = d->t.lufs - r->lufs;
		feasible = (g - base) - (r->lufs - first->lufs) <= DELIVER_MAX_LIMITING;
		if (feasible && k == 0 && model && fabs(miss) < NORM_CLOSE) {
			best = g;
			written = true;
			break;
		}
		if (feasible) {
			if (g > lo)
				lo = g;
			if (fabs(miss) < fabs(best_miss)) {
				best_miss = miss;
				best = g;
				if (!(k == 0 && model)) /* that pass kept no record: it wrote the file */
					records_keep(&rs, g, po.limiting);
			}
			if (fabs(miss) < NORM_CLOSE)
				break;
			best = NAN; /* still searching (its mix is kept in rs) */
			next = next_gain(d->t.lufs, g, r->lufs, prev_g, prev_l);
			prev_g = g;
			prev_l = r->lufs;
			if (next >= hi)
				next = (g + hi) / 2;
			if (miss > 0 && hi - lo < 0.02)
				break; /* as loud as the limiting allows */
		} else {
			if (g < hi)
				hi = g;
			next = isfinite(lo) ? (lo + g) / 2 : g - 3;
		}
		if (next == g)
			break;
		g = next;
	}
	if (rc) {
		records_close(&rs);
		return rc;
	}
	if (isnan(best))
		best = isfinite(lo) ? lo : g;
	master->v[P_GAIN] = best;
	if (written)
		; /* the model's pass landed: r and po are the file's */
	else if (rs.best && rs.gain == best) {
		rc = write_record(q, m, d->path, rs.best, r, err, errlen);
		po.limiting = rs.limiting;
		(*passes)++;
	} else {
		po.one_thread = atomic_load(active) > 1;
		rc = render_pass(q, m, d->path, cap, r, &po, err, errlen);
		(*passes)++;
	}
	records_close(&rs);
	if (rc)
		return rc;
	swallowed = (best - base) - (r->lufs - first->lufs);
	d->lufs = r->lufs;
	d->true_peak_db = r->true_peak_db;
	d->gain_db = best - base;
	d->limiting_db = po.limiting;
	d->missed = !isfinite(r->lufs) || fabs(r->lufs - d->t.lufs) > NORM_OK;
	if (d->missed) {
		char why[200];
		if (r->lufs < d->t.lufs && best >= NORM_MAX_GAIN)
			snprintf(why, sizeof why, "the master's gain is at its +%.0f dB top", NORM_MAX_GAIN);
		else if (r->lufs < d->t.lufs)
			snprintf(why, sizeof why,
				 "louder would take more than %.0f dB of limiting at the %.1f dBTP ceiling (the limiter "
				 "already swallows %.1f dB of the gain)",
				 DELIVER_MAX_LIMITING, d->t.tp, swallowed > 0 ? swallowed : 0);
		else
			snprintf(why, sizeof why, "the master's dynamics do not follow its gain");
		add_warning(r, "--deliver %s: the file reaches %.1f LUFS, %.1f LU %s of %.1f: %s (master %+.1f dB)\n",
			    d->t.name, r->lufs, fabs(r->lufs - d->t.lufs), r->lufs < d->t.lufs ? "short" : "over",
			    d->t.lufs, why, d->gain_db);
	}
	if (r->true_peak_db > d->t.tp)
		add_warning(r, "--deliver %s: true peak %.2f dBTP, over the %.1f dBTP ceiling\n", d->t.name,
			    r->true_peak_db, d->t.tp);
	return 0;
}

/* One target's search and file, on a thread of its own: its own copy of
 * the project (the master is what it moves) and its own result. */
struct job {
	const struct project *p;
	const struct bounce_opts *m;
	struct capture *cap;
	const struct bounce_result *first;
	double first_limiting, in_lufs;
	struct bounce_delivery *d;
	_Atomic int *active;       /* targets being worked on now, this one too */
	struct bounce_result r;
	int passes, rc;
	char err[1024];
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	struct project *q = project_clone(j->p);
	double base = project_master(q)->v[P_GAIN];
	j->r = *j->first;
	j->r.warnings[0] = 0;
	j->r.notes[0] = 0;
	j->rc = deliver_one(q, j->m, j->cap, base, j->first, j->first_limiting, j->in_lufs, j->d, &j->r, &j->passes,
			    j->active, j->err, sizeof j->err);
	project_free(q);
	return NULL;
}

static void append(char *to, size_t n, const char *s)
{
	size_t used = strlen(to);
	if (used + 1 < n)
		snprintf(to + used, n - used, "%s", s);
}

/* The targets' searches and files, taken one after another by as many
 * threads as there are CPUs (the calling thread one of them): a thread
 * that finishes a quick target (one that goes straight to its file)
 * takes the next at once instead of waiting for the slowest of a wave.
 * Each job's result is its own, said in the targets' order: which
 * thread ran it changes no byte. */
struct pool {
	struct job *jobs;
	int n;
	_Atomic int next;
	_Atomic int active;        /* jobs started and not yet done: while another runs, a replay keeps to one thread */
};

static void *pool_run(void *arg)
{
	struct pool *pl = arg;
	int i;
	for (;;) {
		atomic_fetch_add(&pl->active, 1);
		if ((i = atomic_fetch_add(&pl->next, 1)) >= pl->n)
			break;
		run_job(&pl->jobs[i]);
		atomic_fetch_sub(&pl->active, 1);
	}
	atomic_fetch_sub(&pl->active, 1);
	return NULL;
}

/* One first pass recorded for every target, then the targets from the
 * pool (each replay is one thread's work; the record is read with
 * pread). */
int bounce_deliver(const struct project *p, const struct bounce_opts *o, struct bounce_result *r, char *err,
		   size_t errlen)
{
	struct bounce_opts m = *o;
	struct capture cap = {0};
	struct bounce_result first;
	struct pass_out po = {0};
	struct job *jobs;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int rc, passes = 1, width = cpus < 1 ? 1 : cpus > o->ndeliver ? o->ndeliver : (int)cpus;
	double quietest = INFINITY, in_lufs = NAN;

	m.stems_dir = NULL;
	m.block = NULL;
	/* the first pass records the tracks and measures the mix as the
	 * project has it; every target starts from its figures */
	rc = render_pass(p, &m, NULL, &cap, r, &po, err, errlen);
	first = *r;
	m.progress = NULL;
	if (rc == 0 && !isfinite(first.lufs)) {
		snprintf(err, errlen, "the mix is silent: there is no loudness to deliver at");
		rc = -1;
	}
	for (int i = 0; i < o->ndeliver; i++)
		if (o->deliver[i].t.lufs < quietest)
			quietest = o->deliver[i].t.lufs;
	if (rc == 0)
		in_lufs = input_lufs(&cap, project_rate(p), &first, po.limiting, quietest);
	jobs = xcalloc((size_t)o->ndeliver, sizeof *jobs);
	if (rc == 0) {
		struct pool pl = {.jobs = jobs, .n = o->ndeliver};
		pthread_t th[64];
		bool started[64] = {false};
		if (width > 64)
			width = 64;
		atomic_init(&pl.next, 0);
		atomic_init(&pl.active, 0);
		for (int i = 0; i < o->ndeliver; i++)
			jobs[i] = (struct job){.p = p, .m = &m, .cap = &cap, .first = &first,
					       .first_limiting = po.limiting, .in_lufs = in_lufs, .d = &o->deliver[i],
					       .active = &pl.active};
		for (int k = 0; k + 1 < width; k++)
			started[k] = pthread_create(&th[k], NULL, pool_run, &pl) == 0;
		pool_run(&pl); /* whatever the threads did not start, this one runs */
		for (int k = 0; k + 1 < width; k++)
			if (started[k])
				pthread_join(th[k], NULL);
	}
	/* said in the order the targets were given */
	for (int i = 0; i < o->ndeliver && jobs[i].d; i++) {
		passes += jobs[i].passes;
		append(r->warnings, sizeof r->warnings, jobs[i].r.warnings);
		append(r->notes, sizeof r->notes, jobs[i].r.notes);
		if (rc == 0 && jobs[i].rc) {
			snprintf(err, errlen, "%s", jobs[i].err);
			rc = jobs[i].rc;
		}
		if (i + 1 == o->ndeliver)
			r->seconds = jobs[i].r.seconds;
	}
	free(jobs);
	close_capture(&cap);
	r->passes = passes;
	return rc;
}
