/* bounce_job.c — `b` and `:bounce`: the mix rendered to a file on a
 * background thread while playback goes on, progress in the status line.
 * The job renders a copy of the model as it was when the bounce began,
 * on one thread so the second core stays free for the live audio. A
 * file that exists is asked about first; what went wrong in the stems
 * is said on the status line and every line of it in the log. */
#include "bounce.h"
#include "tmix.h"
#include "app_state.h"
#include "session.h"
#include "units.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* Like every path in a project: relative to the project's folder. */
static char *resolve(const struct app *a, const char *path)
{
	size_t n = strlen(a->p->dir) + strlen(path) + 2;
	char *out = xmalloc(n);
	if (path[0] == '/')
		snprintf(out, n, "%s", path);
	else
		snprintf(out, n, "%s/%s", a->p->dir, path);
	return out;
}

static bool exists(const struct app *a, const char *path)
{
	struct stat st;
	char *full = resolve(a, path);
	bool there = lstat(full, &st) == 0;
	free(full);
	return there;
}

/* NAME.wav for NAME.ini, as bounce.c names it: the name without its extension */
static void plain_name(const struct app *a, char *stem, size_t n)
{
	const char *base = strrchr(a->path, '/');
	char *dot;
	snprintf(stem, n, "%s", base ? base + 1 : a->path);
	dot = strrchr(stem, '.');
	if (dot)
		*dot = 0;
}

static bool refused(const struct app *a, const char *name)
{
	char *full = resolve(a, name), err[512];
	struct bounce_opts o = {.out = full, .to = -1};
	enum bounce_format f;
	bool no = bounce_check_outputs(a->p, &o, err, sizeof err) != 0 || bounce_format_of(full, &f) != 0;
	free(full);
	return no;
}

void bounce_job_offer(const struct app *a, char *buf, size_t n)
{
	char stem[200];

	plain_name(a, stem, sizeof stem);
	snprintf(buf, n, "%s.wav", stem);
	for (int k = 2; k < 1000 && exists(a, buf); k++)
		snprintf(buf, n, "%s-%d.wav", stem, k);
}

int bounce_job_start(struct app *a, const char *path)
{
	char name[256];

	if (path && *path)
		snprintf(name, sizeof name, "%s", path);
	else {
		plain_name(a, name, sizeof name - 4);
		strcat(name, ".wav");
	}
	/* the bounce's rename keeps no backup: a file already there is
	 * asked about first (the answer comes to bounce_job_write_over),
	 * unless it is one the bounce refuses anyway, said at once there */
	if (!a->job && exists(a, name) && !refused(a, name)) {
		snprintf(a->line, sizeof a->line, "%s", name);
		a->len = a->cur = (int)strlen(a->line);
		a->prompt = PR_OVERWRITE;
		a->prompt_t = a->now + 1e-6;
		return RD_STATUS;
	}
	return bounce_job_write_over(a, path);
}

int bounce_job_write_over(struct app *a, const char *path)
{
	struct bounce_job *j;

	if (a->job) {
		app_status(a, true, "a bounce is already running");
		return RD_STATUS;
	}
	j = xcalloc(1, sizeof *j);
	j->p = project_clone(a->p);
	j->out = path && *path ? resolve(a, path) : NULL;
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
	int nwarn;

	pthread_join(j->th, NULL);
	nwarn = 0;
	for (const char *w = j->r.warnings; (w = strchr(w, '\n')); w++)
		nwarn++;
	/* every warning to the log (stderr under the screen), as the
	 * command line prints them; the first on the status line */
	for (const char *w = j->r.notes, *nl; (nl = strchr(w, '\n')); w = nl + 1)
		fprintf(stderr, "bounce: %.*s\n", (int)(nl - w), w);
	for (const char *w = j->r.warnings, *nl; (nl = strchr(w, '\n')); w = nl + 1)
		fprintf(stderr, "bounce: warning: %.*s\n", (int)(nl - w), w);
	if (j->rc)
		app_status(a, true, "bounce failed: %s", j->err);
	else if (nwarn) {
		/* "stem 'stems/kick.wav' of track "Kick": ..." said from the
		 * track on, so that what matters fits 80 columns */
		char first[256], esc[512], count[64] = "a warning";
		const char *w = j->r.warnings, *of = strstr(w, "' of track "), *base = strrchr(j->r.path, '/');
		size_t k;
		if (!strncmp(w, "stem '", 6) && of && of < w + strcspn(w, "\n"))
			w = of + 5;
		k = strcspn(w, "\n");
		snprintf(first, sizeof first, "%.*s", (int)(k < sizeof first ? k : sizeof first - 1), w);
		if (nwarn > 1) /* the count first: the line may be cut */
			snprintf(count, sizeof count, "%d warnings (log)", nwarn);
		app_status(a, true, "bounced %s with %s: %s", base ? base + 1 : j->r.path, count,
			   units_escape(first, esc, sizeof esc));
	} else
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
