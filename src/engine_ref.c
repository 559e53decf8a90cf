/* engine_ref.c — reference A/B: the references' streams (opened with a
 * session, filled by the disk thread like any track), the crossfade in
 * the callback, and the measuring thread that gives each reference its
 * loudness-matching gain.
 *
 * Measuring: at open and at every reload the control thread hands this
 * thread a copy of the project. It decodes each reference whole (source.c
 * at the session rate) through libebur128 and the 1/3-octave spectrum —
 * once per file and start: a reload keeps what was measured — then
 * renders the whole mix through the bounce path without a file for the
 * mix's integrated loudness. engine_poll posts the new gain to the
 * callback when a figure arrives. The thread and the control thread share
 * the results under a mutex; the callback only ever sees CMD_REF. */
#include "engine_internal.h"
#include "bounce.h"
#include "graph.h"
#include "loudness.h"
#include "tmix.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XFADE_S 0.020
#define GAIN_LIMIT_DB 24.0

int engine_session_add_refs(struct session *s, const struct project *p, double rate, char *err, size_t errlen)
{
	for (int c = 0; c < 4; c++)
		s->refbuf[c] = xcalloc(GRAPH_MAX_BLOCK, sizeof(float));
	for (int i = 0; i < p->nrefs; i++) {
		const struct reference *rf = &p->refs[i];
		struct stream *st = &s->st[s->ntracks + i];
		st->src = source_open(rf->path ? rf->path : rf->file, rate, rf->start, err, errlen);
		if (!st->src)
			return -1;
		st->channels = source_channels(st->src);
		spsc_init(&st->ring, STREAM_SLOTS, sizeof(struct chunk_tag));
		for (int c = 0; c < st->channels; c++)
			st->data[c] = xcalloc((size_t)STREAM_SLOTS * STREAM_CHUNK, sizeof(float));
		s->nrefs = i + 1;
		s->nstreams = s->ntracks + s->nrefs;
	}
	return 0;
}

/* ---- audio thread ---- */

void engine_ref_apply(struct rt_state *rt, const struct cmd *c)
{
	rt->ref_g_target = (float)pow(10, c->u.ref.gain_db / 20);
	if (c->u.ref.index >= 0) {
		/* from the mix: no glide needed; from another reference (R
		 * while one is heard): a plain switch at the block boundary */
		if (rt->ref_x == 0)
			rt->ref_g = rt->ref_g_target;
		rt->ref = c->u.ref.index;
		rt->ref_on = true;
	} else {
		rt->ref_on = false; /* fades back to the mix; rt->ref still names what fades */
	}
}

bool engine_ref_audible(const struct rt_state *rt)
{
	return rt->ref_x > 0 || rt->ref_on;
}

/* Mixes reference audio rl/rr into the graph's output l/r: a linear
 * crossfade over XFADE_S toward the reference while it is on, back to
 * the mix when off; a new matching gain glides (one pole, same time). */
void engine_ref_mix(struct rt_state *rt, float *l, float *r, const float *rl, const float *rr, int n, double rate)
{
	float step = (float)(1.0 / (XFADE_S * rate)), to = rt->ref_on ? 1.0f : 0.0f;
	float k = (float)(1 - exp(-1.0 / (XFADE_S * rate)));
	if (rt->ref_x == 0 && !rt->ref_on)
		return;
	for (int i = 0; i < n; i++) {
		float x = rt->ref_x, g;
		x = x < to ? fminf(to, x + step) : fmaxf(to, x - step);
		rt->ref_x = x;
		rt->ref_g += (rt->ref_g_target - rt->ref_g) * k;
		g = rt->ref_g * x;
		l[i] = l[i] * (1 - x) + rl[i] * g;
		r[i] = r[i] * (1 - x) + rr[i] * g;
	}
	if (fabsf(rt->ref_g - rt->ref_g_target) < 1e-6f)
		rt->ref_g = rt->ref_g_target;
}

/* ---- measuring ---- */

struct ref_result {
	char *path;
	double start;
	bool measured;
	double lufs;
	double bands[SPECTRUM_BANDS];
};

struct ref_meas {
	pthread_t th;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool quit;
	atomic_bool cancel;
	struct project *job;      /* the next project to measure */
	bool busy;
	/* results, under lock */
	int nres;
	struct ref_result *res;
	double mix_lufs;
	uint32_t serial, seen;    /* bumped when a figure changes */
	double rate;
};

static void measure_file(struct ref_meas *m, const char *path, double *lufs, double bands[SPECTRUM_BANDS])
{
	char err[256];
	struct source *src = source_open(path, m->rate, 0, err, sizeof err);
	struct loudness *l = loudness_new_no_tp(m->rate); /* integrated only */
	struct spectrum *sp = spectrum_new(m->rate);
	enum { N = 4096 };
	static _Thread_local float a[N], b[N];
	*lufs = -INFINITY;
	for (int j = 0; j < SPECTRUM_BANDS; j++)
		bands[j] = -INFINITY;
	if (src && l) {
		int64_t end = source_end(src);
		for (int64_t f = 0; f < end && !atomic_load(&m->cancel); f += N) {
			int n = end - f < N ? (int)(end - f) : N;
			float *out[2] = {a, b};
			source_read(src, f, out, n);
			if (source_channels(src) == 1)
				memcpy(b, a, (size_t)n * sizeof(float));
			loudness_add(l, a, b, n);
			spectrum_add(sp, a, b, n);
		}
		*lufs = loudness_integrated(l);
		spectrum_bands(sp, bands);
		for (int j = 0; j < SPECTRUM_BANDS; j++)
			bands[j] -= *lufs;
	}
	source_close(src);
	loudness_free(l);
	spectrum_free(sp);
}

static void run_job(struct ref_meas *m, struct project *p)
{
	char err[256];
	struct bounce_opts o = {.out = "", .from = 0, .to = -1, .threads = 1, .cancel = &m->cancel};
	struct bounce_result br;

	for (int i = 0; i < p->nrefs && !atomic_load(&m->cancel); i++) {
		const char *path = p->refs[i].path ? p->refs[i].path : p->refs[i].file;
		bool have;
		pthread_mutex_lock(&m->lock);
		have = i < m->nres && m->res[i].measured;
		pthread_mutex_unlock(&m->lock);
		if (have)
			continue;
		double lufs, bands[SPECTRUM_BANDS];
		measure_file(m, path, &lufs, bands);
		if (atomic_load(&m->cancel))
			break;
		pthread_mutex_lock(&m->lock);
		if (i < m->nres && !strcmp(m->res[i].path, path)) {
			m->res[i].measured = true;
			m->res[i].lufs = lufs;
			memcpy(m->res[i].bands, bands, sizeof bands);
			m->serial++;
		}
		pthread_mutex_unlock(&m->lock);
	}
	if (p->nrefs && !atomic_load(&m->cancel) && bounce_render(p, &o, &br, err, sizeof err) == 0 &&
	    !atomic_load(&m->cancel)) {
		pthread_mutex_lock(&m->lock);
		m->mix_lufs = br.lufs;
		m->serial++;
		pthread_mutex_unlock(&m->lock);
	}
	thread_give_back_memory();
}

static void *meas_main(void *arg)
{
	struct ref_meas *m = arg;
	thread_background();
	pthread_mutex_lock(&m->lock);
	for (;;) {
		while (!m->quit && !m->job)
			pthread_cond_wait(&m->cond, &m->lock);
		if (m->quit)
			break;
		struct project *p = m->job;
		m->job = NULL;
		m->busy = true;
		atomic_store(&m->cancel, false);
		pthread_mutex_unlock(&m->lock);
		run_job(m, p);
		project_free(p);
		pthread_mutex_lock(&m->lock);
		m->busy = false;
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

/* Control thread: the references of p, keeping what was measured for
 * the same file and start, and a job to measure the rest and the mix. */
void engine_ref_project(struct engine *e, const struct project *p)
{
	struct ref_meas *m = e->meas;
	struct ref_result *res = xcalloc((size_t)p->nrefs + 1, sizeof *res);

	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	for (int i = 0; i < p->nrefs; i++) {
		const char *path = p->refs[i].path ? p->refs[i].path : p->refs[i].file;
		res[i].path = xstrdup(path ? path : "");
		res[i].start = p->refs[i].start;
		for (int k = 0; k < m->nres; k++)
			if (m->res[k].measured && !strcmp(m->res[k].path, res[i].path)) {
				res[i].measured = true;
				res[i].lufs = m->res[k].lufs;
				memcpy(res[i].bands, m->res[k].bands, sizeof res[i].bands);
				break;
			}
	}
	for (int k = 0; k < m->nres; k++)
		free(m->res[k].path);
	free(m->res);
	m->res = res;
	m->nres = p->nrefs;
	m->serial++;
	project_free(m->job);
	m->job = p->nrefs ? project_clone(p) : NULL;
	if (m->job) {
		free(m->job->path);
		m->job->path = p->path ? xstrdup(p->path) : NULL;
	}
	atomic_store(&m->cancel, true); /* a running job is out of date */
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

int engine_ref_start(struct engine *e, const struct project *p, char *err, size_t errlen)
{
	struct ref_meas *m = xcalloc(1, sizeof *m);
	int rc;
	m->rate = e->rate;
	m->mix_lufs = -INFINITY;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->cond, NULL);
	atomic_init(&m->cancel, false);
	rc = pthread_create(&m->th, NULL, meas_main, m);
	if (rc) {
		snprintf(err, errlen, "cannot start the measuring thread: %s", strerror(rc));
		pthread_mutex_destroy(&m->lock);
		pthread_cond_destroy(&m->cond);
		free(m);
		return -1;
	}
	e->meas = m;
	e->ui_ref = -1;
	engine_ref_project(e, p);
	return 0;
}

void engine_ref_stop(struct engine *e)
{
	struct ref_meas *m = e->meas;
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->quit = true;
	atomic_store(&m->cancel, true);
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->th, NULL);
	project_free(m->job);
	for (int k = 0; k < m->nres; k++)
		free(m->res[k].path);
	free(m->res);
	pthread_mutex_destroy(&m->lock);
	pthread_cond_destroy(&m->cond);
	free(m);
	e->meas = NULL;
}

/* Under lock: the gain for reference i. */
static double gain_of(const struct ref_meas *m, int i)
{
	double g;
	if (i < 0 || i >= m->nres || !m->res[i].measured || !isfinite(m->res[i].lufs) || !isfinite(m->mix_lufs))
		return 0;
	g = m->mix_lufs - m->res[i].lufs;
	return g > GAIN_LIMIT_DB ? GAIN_LIMIT_DB : g < -GAIN_LIMIT_DB ? -GAIN_LIMIT_DB : g;
}

static void post_ref(struct engine *e, int index)
{
	struct cmd c = {.type = CMD_REF};
	pthread_mutex_lock(&e->meas->lock);
	c.u.ref.index = index;
	c.u.ref.gain_db = gain_of(e->meas, index >= 0 ? index : e->ui_ref);
	pthread_mutex_unlock(&e->meas->lock);
	/* the command ring is 1024 deep and drained every block; when it is
	 * full the next engine_poll tries again */
	if (spsc_push(&e->cmds, &c)) {
		pthread_mutex_lock(&e->meas->lock);
		e->meas->seen = e->meas->serial;
		pthread_mutex_unlock(&e->meas->lock);
	}
}

void engine_ref_poll(struct engine *e)
{
	bool changed;
	if (!e->meas)
		return;
	pthread_mutex_lock(&e->meas->lock);
	changed = e->meas->serial != e->meas->seen;
	pthread_mutex_unlock(&e->meas->lock);
	if (changed && e->ui_ref >= 0)
		post_ref(e, e->ui_ref);
}

void engine_reference(struct engine *e, int index)
{
	if (!e->meas)
		return;
	if (index >= e->ui_sess->nrefs)
		index = -1;
	e->ui_ref = index;
	post_ref(e, index);
}

void engine_reference_status(struct engine *e, int index, struct engine_reference *r)
{
	struct ref_meas *m = e->meas;
	memset(r, 0, sizeof *r);
	r->heard = e->ui_ref;
	r->count = e->ui_sess->nrefs;
	r->lufs = r->mix_lufs = -INFINITY;
	if (!m)
		return;
	if (index < 0)
		index = e->ui_ref >= 0 ? e->ui_ref : 0;
	pthread_mutex_lock(&m->lock);
	r->mix_lufs = m->mix_lufs;
	r->measuring = m->busy || m->job;
	if (index < m->nres) {
		r->measured = m->res[index].measured;
		r->lufs = m->res[index].lufs;
		r->gain_db = gain_of(m, index);
	}
	pthread_mutex_unlock(&m->lock);
}

void engine_reference_match(struct engine *e, double mix_lufs)
{
	if (!e->meas || !isfinite(mix_lufs))
		return;
	pthread_mutex_lock(&e->meas->lock);
	e->meas->mix_lufs = mix_lufs;
	e->meas->serial++;
	pthread_mutex_unlock(&e->meas->lock);
}

bool engine_ref_spectrum(struct engine *e, int index, double out[SPECTRUM_BANDS])
{
	struct ref_meas *m = e->meas;
	bool ok = false;
	for (int j = 0; j < SPECTRUM_BANDS; j++)
		out[j] = -INFINITY;
	if (!m)
		return false;
	pthread_mutex_lock(&m->lock);
	if (index >= 0 && index < m->nres && m->res[index].measured && isfinite(m->res[index].lufs)) {
		memcpy(out, m->res[index].bands, sizeof m->res[index].bands);
		ok = true;
	}
	pthread_mutex_unlock(&m->lock);
	return ok;
}
