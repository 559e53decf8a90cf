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
#include "tmix.h"
#include <math.h>
#include <pthread.h>
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
	cap->f = NULL;
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

/* The gain that lands on `want` without a measuring pass, or NAN: when
 * the limiter did nothing in the first pass (its output was its input,
 * delayed) and the true peak moved by the same gain stays under the
 * ceiling with the limiter's margin to spare, the limiter does nothing
 * at that gain either, the master after its fader is linear, and the
 * loudness moves by exactly the gain. */
static double exact_gain(double base, const struct bounce_result *first, double first_limiting, double want,
			 double ceiling)
{
	double step = want - first->lufs;
	if (first_limiting > 0 || !isfinite(first->lufs) || !isfinite(first->true_peak_db))
		return NAN;
	if (first->true_peak_db + step > ceiling - LIMITER_MARGIN_DB - 0.05 || base + step > NORM_MAX_GAIN)
		return NAN;
	return base + step;
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
		exact = passes == 1 ? exact_gain(g, r, po.limiting, o->lufs, ceiling) : NAN;
		if (isfinite(exact)) {
			best = exact;
			break;
		}
		master->v[P_GAIN] = next_gain(o->lufs, g, r->lufs, prev_g, prev_l);
		prev_g = g;
		prev_l = r->lufs;
		if (master->v[P_GAIN] == g)
			break; /* at the top of the gain range: it can go no louder */
	}
	master->v[P_GAIN] = best;
	if (rc == 0) {
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
		       const struct bounce_result *first, double first_limiting, struct bounce_delivery *d,
		       struct bounce_result *r, int *passes, char *err, size_t errlen)
{
	struct strip *master = project_master(q);
	struct pass_out po = {0};
	double lo = -INFINITY, hi = INFINITY, swallowed = 0;
	double best = NAN, best_miss = INFINITY, prev_g = NAN, prev_l = NAN;
	double g = exact_gain(base, first, first_limiting, d->t.lufs, d->t.tp);
	struct records rs;
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
	else
		g = base + (d->t.lufs - first->lufs);
	records_open(&rs);
	for (int k = 0; k < NORM_PASSES && isnan(best); k++) {
		double miss, next;
		bool feasible;
		if (g > NORM_MAX_GAIN)
			g = NORM_MAX_GAIN;
		master->v[P_GAIN] = g;
		po.record = rs.cur;
		rc = render_pass(q, m, NULL, cap, r, &po, err, errlen);
		(*passes)++;
		if (rc || !isfinite(r->lufs))
			break;
		miss = d->t.lufs - r->lufs;
		feasible = (g - base) - (r->lufs - first->lufs) <= DELIVER_MAX_LIMITING;
		if (feasible) {
			if (g > lo)
				lo = g;
			if (fabs(miss) < fabs(best_miss)) {
				best_miss = miss;
				best = g;
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
	if (rs.best && rs.gain == best) {
		rc = write_record(q, m, d->path, rs.best, r, err, errlen);
		po.limiting = rs.limiting;
	} else
		rc = render_pass(q, m, d->path, cap, r, &po, err, errlen);
	records_close(&rs);
	(*passes)++;
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
	double first_limiting;
	struct bounce_delivery *d;
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
	j->rc = deliver_one(q, j->m, j->cap, base, j->first, j->first_limiting, j->d, &j->r, &j->passes, j->err,
			    sizeof j->err);
	project_free(q);
	return NULL;
}

static void append(char *to, size_t n, const char *s)
{
	size_t used = strlen(to);
	if (used + 1 < n)
		snprintf(to + used, n - used, "%s", s);
}

/* The targets search at once, as many at a time as there are CPUs
 * (each replay is one thread's work; the record is read with pread). */
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
	jobs = xcalloc((size_t)o->ndeliver, sizeof *jobs);
	for (int i = 0; rc == 0 && i < o->ndeliver; i += width) {
		pthread_t th[64];
		bool started[64] = {false};
		int w = o->ndeliver - i < width ? o->ndeliver - i : width;
		if (w > 64)
			w = 64;
		for (int k = 0; k < w; k++) {
			struct job *j = &jobs[i + k];
			*j = (struct job){.p = p, .m = &m, .cap = &cap, .first = &first, .first_limiting = po.limiting,
					  .d = &o->deliver[i + k]};
			/* the last of a wave runs here, the rest on threads */
			started[k] = k + 1 < w && pthread_create(&th[k], NULL, run_job, j) == 0;
		}
		for (int k = 0; k < w; k++)
			if (!started[k])
				run_job(&jobs[i + k]);
		for (int k = 0; k < w; k++)
			if (started[k])
				pthread_join(th[k], NULL);
		if (w < width)
			break;
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
