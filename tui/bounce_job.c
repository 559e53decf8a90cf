/* bounce_job.c — `b` and `:bounce`: the mix rendered to a file on a
 * background thread while playback goes on, progress in the status line.
 * The job renders a copy of the model as it was when the bounce began,
 * on one thread so the second core stays free for the live audio. */
#include "bounce.h"
#include "tmix.h"
#include "tui.h"
#include "units.h"
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct bounce_job {
	pthread_t th;
	struct project *p;
	struct bounce_opts o;
	struct bounce_result r;
	char *out;
	char err[512];
	int rc;
	atomic_bool cancel, done;
	_Atomic double progress;   /* 0..1 */
	double last_shown;
};

static void on_progress(void *ctx, double done, double total)
{
	struct bounce_job *j = ctx;
	atomic_store(&j->progress, total > 0 ? fmin(done / total, 1.0) : 0.0);
}

static void *run(void *arg)
{
	struct bounce_job *j = arg;
	thread_background();
	j->rc = bounce_render(j->p, &j->o, &j->r, j->err, sizeof j->err);
	thread_give_back_memory();
	atomic_store(&j->done, true);
	return NULL;
}

static void job_free(struct bounce_job *j)
{
	project_free(j->p);
	free(j->out);
	free(j);
}

int bounce_job_start(struct app *a, const char *path)
{
	struct bounce_job *j;

	if (a->job) {
		app_status(a, true, "a bounce is already running");
		return RD_STATUS;
	}
	j = xcalloc(1, sizeof *j);
	j->p = project_clone(a->p);
	j->out = NULL;
	if (path && *path) {
		/* like every path in a project: relative to the project's folder */
		size_t n = strlen(a->p->dir) + strlen(path) + 2;
		j->out = xmalloc(n);
		if (path[0] == '/')
			snprintf(j->out, n, "%s", path);
		else
			snprintf(j->out, n, "%s/%s", a->p->dir, path);
	}
	j->o = (struct bounce_opts){.out = j->out, .format = BOUNCE_WAV24, .to = -1, .threads = 1,
				    .progress = on_progress, .ctx = j, .cancel = &j->cancel};
	/* said now, not when the thread ends: nothing has been written */
	if (bounce_check_outputs(j->p, &j->o, j->err, sizeof j->err)) {
		app_status(a, true, "bounce: %s", j->err);
		job_free(j);
		return RD_STATUS;
	}
	if (j->out && bounce_format_of(j->out, &j->o.format)) {
		job_free(j);
		app_status(a, true, "bounce: '%s': name the file .wav or .flac", path);
		return RD_STATUS;
	}
	if (pthread_create(&j->th, NULL, run, j)) {
		job_free(j);
		app_status(a, true, "bounce: cannot start a thread");
		return RD_STATUS;
	}
	a->job = j;
	app_status(a, false, "bouncing…");
	return RD_STATUS;
}

static void finish(struct app *a)
{
	struct bounce_job *j = a->job;
	char len[32], lufs[32], tp[32];

	pthread_join(j->th, NULL);
	if (j->rc)
		app_status(a, true, "bounce failed: %s", j->err);
	else
		app_status(a, false, "bounced %s: %s, %s LUFS, true peak %s dBTP%s", j->r.path,
			   units_fmt_time(len, sizeof len, j->r.seconds), units_fmt_level(lufs, sizeof lufs, j->r.lufs, 1, false),
			   units_fmt_level(tp, sizeof tp, j->r.true_peak_db, 1, false),
			   j->r.clips ? ", clipped" : "");
	job_free(j);
	a->job = NULL;
}

int bounce_job_poll(struct app *a)
{
	struct bounce_job *j = a->job;
	double p;

	if (!j)
		return 0;
	if (atomic_load(&j->done)) {
		finish(a);
		return RD_STATUS;
	}
	p = atomic_load(&j->progress);
	if (p - j->last_shown < 0.01)
		return 0;
	j->last_shown = p;
	app_status(a, false, "bouncing %.0f%% (:cancel stops it)", 100 * p);
	return RD_STATUS;
}

void bounce_job_cancel(struct app *a)
{
	if (!a->job)
		return;
	/* bounce_render removes its temporary file when cancelled */
	atomic_store(&a->job->cancel, true);
	finish(a);
	app_status(a, false, "bounce cancelled");
}
