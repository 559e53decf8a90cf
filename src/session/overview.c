/* overview.c — stems read into per-column min/max/RMS on a worker thread
 * (overview.h). One worker for all stems, in the order they were asked
 * for; it sleeps on a condition variable when there is nothing to read.
 *
 * Sharing without a lock on the drawing path: an entry's columns are
 * allocated by the worker before it publishes their count (ncols,
 * release), and each column is written before `ready` passes it
 * (release); the UI reads only columns below `ready` (acquire). The
 * entry array itself only grows on the UI thread, under the mutex the
 * worker takes to look an entry up; entries never move or go away until
 * overview_free. */
#include "overview.h"
#include "tmix.h"
#include <math.h>
#include <pthread.h>
#include <sndfile.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BLOCK 4096

struct ov_entry {
	char *path;
	long long size, mtime;
	double cps;        /* written before ncols is published */
	float *col;        /* 3 a column: lowest, highest, RMS */
	atomic_int ncols;  /* 0 until known */
	atomic_int ready;  /* columns written */
	atomic_int state;  /* OV_PENDING, OV_DONE, OV_FAILED */
	char err[200];     /* written before state turns OV_FAILED */
};

struct overview {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct ov_entry **e;
	int n, cap;
	int next;          /* the first entry the worker has not taken (under mu) */
	atomic_bool quit;
};

static void fail(struct ov_entry *e, const char *why)
{
	snprintf(e->err, sizeof e->err, "%s", why);
	atomic_store_explicit(&e->state, OV_FAILED, memory_order_release);
}

/* Reads one stem; columns of `hop` frames (the last may be shorter). */
static void read_stem(struct overview *o, struct ov_entry *e)
{
	SF_INFO info = {0};
	SNDFILE *sf = sf_open(e->path, SFM_READ, &info);
	float *buf;
	long long hop, ncols, frames;
	long long c = 0, in_col = 0;
	double lo = INFINITY, hi = -INFINITY, sq = 0;

	if (!sf) {
		fail(e, sf_strerror(NULL));
		return;
	}
	frames = info.frames;
	if (info.channels < 1 || info.samplerate < 1 || frames < 0) {
		sf_close(sf);
		fail(e, "no audio in the file");
		return;
	}
	hop = (info.samplerate + OVERVIEW_CPS / 2) / OVERVIEW_CPS;
	if (hop < 1)
		hop = 1;
	if ((frames + hop - 1) / hop > OVERVIEW_MAX_COLS)
		hop = (frames + OVERVIEW_MAX_COLS - 1) / OVERVIEW_MAX_COLS;
	ncols = (frames + hop - 1) / hop;
	e->cps = (double)info.samplerate / (double)hop;
	e->col = xcalloc((size_t)(ncols ? ncols : 1) * 3, sizeof *e->col);
	atomic_store_explicit(&e->ncols, (int)ncols, memory_order_release);
	buf = xmalloc(sizeof *buf * BLOCK * (size_t)info.channels);
	while (c < ncols && !atomic_load(&o->quit)) {
		sf_count_t got = sf_readf_float(sf, buf, BLOCK);
		if (got <= 0)
			break;
		for (sf_count_t f = 0; f < got && c < ncols; f++) {
			for (int ch = 0; ch < info.channels; ch++) {
				double x = buf[f * info.channels + ch];
				lo = fmin(lo, x);
				hi = fmax(hi, x);
				sq += x * x;
			}
			if (++in_col == hop) {
				float *col = &e->col[c * 3];
				col[0] = (float)lo;
				col[1] = (float)hi;
				col[2] = (float)sqrt(sq / (double)(in_col * info.channels));
				atomic_store_explicit(&e->ready, (int)++c, memory_order_release);
				in_col = 0;
				lo = INFINITY, hi = -INFINITY, sq = 0;
			}
		}
	}
	if (in_col && c < ncols) { /* the short last column */
		float *col = &e->col[c * 3];
		col[0] = (float)lo;
		col[1] = (float)hi;
		col[2] = (float)sqrt(sq / (double)(in_col * info.channels));
		atomic_store_explicit(&e->ready, (int)++c, memory_order_release);
	}
	free(buf);
	sf_close(sf);
	if (atomic_load(&o->quit))
		return;
	if (c < ncols) { /* shorter than its header said: the rest stays silence */
		atomic_store_explicit(&e->ready, (int)ncols, memory_order_release);
	}
	atomic_store_explicit(&e->state, OV_DONE, memory_order_release);
}

static void *worker(void *arg)
{
	struct overview *o = arg;
	thread_background();
	for (;;) {
		struct ov_entry *e = NULL;
		pthread_mutex_lock(&o->mu);
		while (!atomic_load(&o->quit) && o->next >= o->n)
			pthread_cond_wait(&o->cv, &o->mu);
		if (!atomic_load(&o->quit))
			e = o->e[o->next++];
		pthread_mutex_unlock(&o->mu);
		if (!e)
			break;
		read_stem(o, e);
		/* this thread's arena keeps libsndfile's freed buffers: hand
		 * them back, so a long session's memory stays flat */
		thread_give_back_memory();
	}
	return NULL;
}

struct overview *overview_new(void)
{
	struct overview *o = xcalloc(1, sizeof *o);
	atomic_init(&o->quit, false);
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cv, NULL);
	if (pthread_create(&o->th, NULL, worker, o)) {
		pthread_mutex_destroy(&o->mu);
		pthread_cond_destroy(&o->cv);
		free(o);
		return NULL;
	}
	return o;
}

void overview_free(struct overview *o)
{
	if (!o)
		return;
	pthread_mutex_lock(&o->mu);
	atomic_store(&o->quit, true);
	pthread_cond_signal(&o->cv);
	pthread_mutex_unlock(&o->mu);
	pthread_join(o->th, NULL);
	for (int i = 0; i < o->n; i++) {
		free(o->e[i]->path);
		free(o->e[i]->col);
		free(o->e[i]);
	}
	free(o->e);
	pthread_mutex_destroy(&o->mu);
	pthread_cond_destroy(&o->cv);
	free(o);
	thread_give_back_memory();
}

int overview_want(struct overview *o, const char *path)
{
	struct stat st;
	struct ov_entry *e;
	if (!o || !path || stat(path, &st) || !S_ISREG(st.st_mode))
		return -1;
	/* the newest entry of that file wins: an older one may be a file since replaced */
	for (int i = o->n - 1; i >= 0; i--)
		if (!strcmp(o->e[i]->path, path)) {
			if (o->e[i]->size == (long long)st.st_size && o->e[i]->mtime == (long long)st.st_mtime)
				return i;
			break;
		}
	e = xcalloc(1, sizeof *e);
	e->path = xstrdup(path);
	e->size = (long long)st.st_size;
	e->mtime = (long long)st.st_mtime;
	atomic_init(&e->ncols, 0);
	atomic_init(&e->ready, 0);
	atomic_init(&e->state, OV_PENDING);
	pthread_mutex_lock(&o->mu);
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		o->e = xrealloc(o->e, sizeof *o->e * (size_t)o->cap);
	}
	o->e[o->n++] = e;
	pthread_cond_signal(&o->cv);
	pthread_mutex_unlock(&o->mu);
	return o->n - 1;
}

static struct ov_entry *entry(struct overview *o, int id)
{
	return o && id >= 0 && id < o->n ? o->e[id] : NULL;
}

int overview_state(struct overview *o, int id)
{
	struct ov_entry *e = entry(o, id);
	return e ? atomic_load_explicit(&e->state, memory_order_acquire) : OV_FAILED;
}

const char *overview_error(struct overview *o, int id)
{
	struct ov_entry *e = entry(o, id);
	return !e ? "no such stem" : overview_state(o, id) == OV_FAILED ? e->err : "";
}

double overview_cps(struct overview *o, int id)
{
	struct ov_entry *e = entry(o, id);
	return e && atomic_load_explicit(&e->ncols, memory_order_acquire) > 0 ? e->cps : 0;
}

double overview_progress(struct overview *o, int id)
{
	struct ov_entry *e = entry(o, id);
	int n, r;
	if (!e)
		return 0;
	if (overview_state(o, id) == OV_DONE)
		return 1;
	n = atomic_load_explicit(&e->ncols, memory_order_acquire);
	r = atomic_load_explicit(&e->ready, memory_order_acquire);
	return n > 0 ? (double)r / n : 0;
}

int overview_column(struct overview *o, int id, int col, float *lo, float *hi, float *rms)
{
	struct ov_entry *e = entry(o, id);
	int n, st;
	if (!e)
		return OV_FAILED;
	st = overview_state(o, id);
	n = atomic_load_explicit(&e->ncols, memory_order_acquire);
	if (st == OV_FAILED || (n > 0 && col >= n) || col < 0)
		return OV_FAILED;
	if (col >= atomic_load_explicit(&e->ready, memory_order_acquire))
		return OV_PENDING;
	*lo = e->col[col * 3];
	*hi = e->col[col * 3 + 1];
	*rms = e->col[col * 3 + 2];
	return OV_DONE;
}

int overview_span(struct overview *o, int id, double t0, double t1, float *peak, float *rms)
{
	struct ov_entry *e = entry(o, id);
	int n, ready, c0, c1, st;
	double pk = 0, sq = 0;

	*peak = *rms = 0;
	if (!e)
		return OV_FAILED;
	st = overview_state(o, id);
	if (st == OV_FAILED)
		return OV_FAILED;
	n = atomic_load_explicit(&e->ncols, memory_order_acquire);
	if (n == 0)
		return st == OV_DONE ? OV_DONE : OV_PENDING;
	ready = atomic_load_explicit(&e->ready, memory_order_acquire);
	/* the columns the span touches, at least one */
	c0 = (int)floor(t0 * e->cps + 1e-6); /* 0.9 s is column 90, not 89.99999 */
	c1 = (int)ceil(t1 * e->cps - 1e-6);
	if (c1 <= c0)
		c1 = c0 + 1;
	if (c1 <= 0 || c0 >= n)
		return OV_DONE; /* outside the stem: silence */
	if (c0 < 0)
		c0 = 0;
	if (c1 > n)
		c1 = n;
	if (c1 > ready)
		return OV_PENDING;
	for (int c = c0; c < c1; c++) {
		const float *col = &e->col[c * 3];
		pk = fmax(pk, fmax(fabs(col[0]), fabs(col[1])));
		sq += (double)col[2] * col[2];
	}
	*peak = (float)pk;
	*rms = (float)sqrt(sq / (c1 - c0));
	return OV_DONE;
}
