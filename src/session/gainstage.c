/* gainstage.c — the offline analysis behind the mixer (analyze.h):
 * run on a background thread at start, again when the model has been
 * left alone for a few seconds after an edit, and on demand by `g` (the
 * selected strip) and `:gainstage` (every track), which set trims so each
 * stem peaks at STAGING_TARGET_DB, all in one undo step.
 *
 * What the analysis feeds: the staging flags (a strip whose peak after
 * trim and before the fader sits outside STAGING_LOW_DB..STAGING_HIGH_DB),
 * the master's "CLIP pre-limiter" flag, and the mix loudness that
 * reference A/B is matched to (engine_reference_match). A strip's
 * in_peak is measured before its trim, so a flag stays right when only
 * trims change; anything else re-analyses once the edits pause. */
#include "analyze.h"
#include "tmix.h"
#include "app_state.h"
#include "session.h"
#include "units.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IDLE_S 4.0 /* re-analyse this long after the last edit */

struct analysis_job {
	pthread_t th;
	struct project *p;
	struct analysis an;
	char err[256];
	int rc;
	int apply;       /* -2: none; -1: every track; else a strip */
	unsigned edits;  /* a->edits when started */
	atomic_bool cancel, done;
};

static void *run(void *arg)
{
	struct analysis_job *j = arg;
	thread_background();
	j->rc = analyze_render(j->p, &j->an, &j->cancel, j->err, sizeof j->err);
	thread_give_back_memory();
	atomic_store(&j->done, true);
	return NULL;
}

static int start(struct app *a, int apply)
{
	struct analysis_job *j;
	if (a->an_job) {
		if (apply != -2)
			a->an_job->apply = apply; /* the running one will do */
		return 0;
	}
	j = xcalloc(1, sizeof *j);
	j->p = project_clone(a->p);
	j->apply = apply;
	j->edits = a->edits;
	atomic_init(&j->cancel, false);
	atomic_init(&j->done, false);
	if (pthread_create(&j->th, NULL, run, j)) {
		project_free(j->p);
		free(j);
		return -1;
	}
	a->an_job = j;
	return 0;
}

static void drop_analysis(struct app *a)
{
	if (a->an) {
		analysis_free(a->an);
		free(a->an);
		a->an = NULL;
	}
}

/* Sets trims from the analysis as one undo step; the number changed. */
static int apply_trims(struct app *a, int which)
{
	int n = 0, first = which >= 0 ? which : 0, last = which >= 0 ? which : a->p->ntracks - 1;
	undo_group_begin(a->undo);
	for (int i = first; i <= last && i < a->an->nstrips && i < a->p->nstrips; i++) {
		const struct strip_stats *st = &a->an->strips[i];
		struct strip *s = a->p->strips[i];
		double t = round(st->suggested_trim_db * 10) / 10;
		if (st->silent || !isfinite(t) || s->kind == SK_MASTER)
			continue;
		if (t < -48) t = -48;
		if (t > 24) t = 24;
		if (fabs(s->v[P_TRIM] - t) < 0.05)
			continue;
		edit_scalar(a, i, P_TRIM, t, PM_VALUE);
		n++;
	}
	undo_group_end(a->undo);
	return n;
}

static void report(struct app *a, int strip, int n)
{
	char trim[64];
	if (strip >= 0 && n)
		app_status(a, false, "gain staging: %s trim %s, its peaks at %.0f dBFS (u undoes)", a->p->strips[strip]->name,
			   strip_get(a->p, a->p->strips[strip], "trim", trim, sizeof trim), STAGING_TARGET_DB);
	else if (strip >= 0)
		app_status(a, false, "gain staging: %s already peaks at %.0f dBFS%s", a->p->strips[strip]->name,
			   STAGING_TARGET_DB, a->an->strips[strip].silent ? " (or is silent)" : "");
	else
		app_status(a, false, "gain staging: %d trim%s set so every stem peaks at %.0f dBFS (u undoes all)", n,
			   n == 1 ? "" : "s", STAGING_TARGET_DB);
}

static int finish(struct app *a)
{
	struct analysis_job *j = a->an_job;
	int rd = RD_CONSOLE | RD_HEADER;
	pthread_join(j->th, NULL);
	a->an_job = NULL;
	if (j->rc) {
		if (j->apply != -2)
			app_status(a, true, "analysis failed: %s", j->err);
		a->an_edits = j->edits; /* do not retry until the next edit */
		project_free(j->p);
		free(j);
		return RD_STATUS;
	}
	drop_analysis(a);
	a->an = xmalloc(sizeof *a->an);
	*a->an = j->an;
	a->an_edits = j->edits;
	if (isfinite(a->an->lufs))
		engine_reference_match(a->e, a->an->lufs);
	if (j->apply != -2 && a->an->nstrips == a->p->nstrips) {
		report(a, j->apply, apply_trims(a, j->apply));
		rd = RD_ALL & ~RD_LAYOUT;
	}
	project_free(j->p);
	free(j);
	return rd | RD_STATUS;
}

int gainstage_start(struct app *a, int strip)
{
	/* gain staging sets a stem's trim from the stem's own peaks; what a
	 * bus or the master hears is the balance above it, set by faders */
	if (strip >= 0 && a->p->strips[strip]->kind != SK_TRACK) {
		const struct strip *s = a->p->strips[strip];
		if (s->kind == SK_MASTER)
			app_status(a, true, "g does nothing on the master: gain staging sets a track's trim from its stem");
		else if (s->fx != FX_NONE)
			app_status(a, true, "g does nothing on %s: an effect return has no stem (set its sends or fader)",
				   s->name);
		else
			app_status(a, true, "g does nothing on %s: a group bus has no stem (stage its tracks)", s->name);
		return RD_STATUS;
	}
	/* a track's in_peak is its stem, which no edit changes: any analysis
	 * will do; a bus hears the strips above it: only a fresh one */
	if (a->an && !a->an_job && a->an->nstrips == a->p->nstrips &&
	    (a->an_edits == a->edits || strip < a->p->ntracks)) {
		report(a, strip, apply_trims(a, strip));
		return RD_ALL & ~RD_LAYOUT;
	}
	if (start(a, strip))
		return app_status(a, true, "analysis: cannot start a thread"), RD_STATUS;
	app_status(a, false, "analysing\xe2\x80\xa6 (gain staging follows)");
	return RD_STATUS;
}

int mastering_poll(struct app *a)
{
	if (a->an_job)
		return atomic_load(&a->an_job->done) ? finish(a) : 0;
	if ((!a->an && a->an_edits == 0 && a->edits == 0) ||
	    (a->an_edits != a->edits && a->now - a->edit_t > IDLE_S))
		start(a, -2);
	return 0;
}

void mastering_model_changed(struct app *a)
{
	/* a `g` still analysing names its strip by index, which a reload or a
	 * track moved, added or deleted may have given to another strip */
	if (a->an_job && a->an_job->apply != -2)
		a->an_job->apply = -2;
	drop_analysis(a);
	a->edits++;
	a->edit_t = a->now;
	if (a->ref_sel >= a->p->nrefs)
		a->ref_sel = 0;
}

void mastering_close(struct app *a)
{
	if (a->an_job) {
		atomic_store(&a->an_job->cancel, true);
		pthread_join(a->an_job->th, NULL);
		if (!a->an_job->rc)
			analysis_free(&a->an_job->an);
		project_free(a->an_job->p);
		free(a->an_job);
		a->an_job = NULL;
	}
	drop_analysis(a);
}

int staging_flag(const struct app *a, int strip)
{
	if (!a->an || a->an->nstrips != a->p->nstrips || strip < 0 || strip >= a->an->nstrips)
		return 0;
	if (a->p->strips[strip]->kind != SK_TRACK) /* staging is for stems: as `g` and tmix analyze */
		return 0;
	return analyze_staging(&a->an->strips[strip], a->p->strips[strip]->v[P_TRIM]);
}

bool staging_clip_pre_limiter(const struct app *a, double *db)
{
	if (!a->an || !isfinite(a->an->pre_limiter_peak_db) || a->an->pre_limiter_peak_db < 0)
		return false;
	if (db)
		*db = a->an->pre_limiter_peak_db;
	return true;
}
