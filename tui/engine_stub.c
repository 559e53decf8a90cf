/* engine_stub.c — TEMPORARY stand-in for src/engine.c so the mixer screen
 * can be built and tested before the real engine lands on main. REMOVE
 * from tui/local.mk as soon as src/engine.c is in the build. Transport
 * runs on the wall clock; meters are a fake level derived from the fader
 * so that moving a fader visibly moves its meter. No audio is made. */
#include "engine.h"
#include "tmix.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct engine {
	struct project *p; /* a clone: gain/mute/solo for the fake meters */
	double pos, length, t0, loop_s, loop_e;
	bool playing, looping;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void advance(struct engine *e)
{
	double t = now_s();
	if (e->playing) {
		e->pos += t - e->t0;
		if (e->looping && e->pos >= e->loop_e)
			e->pos = e->loop_s + fmod(e->pos - e->loop_s, e->loop_e - e->loop_s);
		if (e->pos >= e->length) {
			e->pos = e->length;
			e->playing = false;
		}
	}
	e->t0 = t;
}

struct engine *engine_open(const struct project *p, const struct engine_opts *o, char *err, size_t errlen)
{
	struct engine *e = xcalloc(1, sizeof *e);
	(void)o; (void)err; (void)errlen;
	e->p = project_clone(p);
	e->length = project_length(p);
	if (e->length <= 0)
		e->length = 60;
	e->t0 = now_s();
	return e;
}

void engine_close(struct engine *e)
{
	if (!e)
		return;
	project_free(e->p);
	free(e);
}

void engine_play(struct engine *e, bool on) { advance(e); e->playing = on; }
void engine_stop(struct engine *e) { advance(e); e->playing = false; e->pos = 0; }
void engine_seek(struct engine *e, double s) { advance(e); e->pos = s < 0 ? 0 : s > e->length ? e->length : s; }
void engine_set_loop(struct engine *e, bool on, double s, double end)
{
	e->looping = on && end > s;
	e->loop_s = s;
	e->loop_e = end;
}

void engine_set_param(struct engine *e, int strip, enum param_id id, double v, enum param_mode mode)
{
	if (strip < 0 || strip >= e->p->nstrips)
		return;
	e->p->strips[strip]->v[id] = v;
	e->p->strips[strip]->mode[id] = mode;
}

void engine_set_eq(struct engine *e, int strip, int band, const struct eq_band *b) { (void)e; (void)strip; (void)band; (void)b; }
void engine_set_send(struct engine *e, int strip, int send, double l, bool pre) { (void)e; (void)strip; (void)send; (void)l; (void)pre; }

int engine_reload(struct engine *e, const struct project *p, char *err, size_t errlen)
{
	(void)err; (void)errlen;
	project_free(e->p);
	e->p = project_clone(p);
	e->length = project_length(p) > 0 ? project_length(p) : 60;
	return 0;
}

void engine_status(struct engine *e, struct engine_status *st)
{
	advance(e);
	memset(st, 0, sizeof *st);
	st->pos = e->pos;
	st->length = e->length;
	st->playing = e->playing;
	st->looping = e->looping;
	st->loop_start = e->loop_s;
	st->loop_end = e->loop_e;
	st->null_output = true;
	snprintf(st->output, sizeof st->output, "no audio device — null output (stub engine)");
	st->rate = 48000;
	st->buffer = 256;
	st->dsp_load = e->playing ? 0.03f : 0;
}

void engine_meter(struct engine *e, int strip, struct strip_meter *m)
{
	const struct strip *s;
	bool solo = false;
	memset(m, 0, sizeof *m);
	if (!e->playing || strip < 0 || strip >= e->p->nstrips)
		return;
	for (int i = 0; i < e->p->nstrips; i++)
		solo |= e->p->strips[i]->v[P_SOLO] > 0;
	s = e->p->strips[strip];
	if (s->v[P_MUTE] > 0 || (solo && s->kind == SK_TRACK && !(s->v[P_SOLO] > 0)))
		return;
	{
		double db = s->v[P_GAIN] - 12 + 6 * sin(e->pos * 3 + strip);
		double pan = s->v[P_PAN] / 100;
		for (int c = 0; c < 2; c++) {
			double g = pow(10, db / 20) * (c ? 1 + pan : 1 - pan) * 0.8;
			m->peak[c] = (float)g;
			m->rms[c] = (float)(g * 0.5);
			m->clips = g >= 1;
		}
	}
	if (s->mode[P_COMP_THRESHOLD] == PM_VALUE)
		m->gr_comp = (float)(-3 - 2 * sin(e->pos * 5));
}

void engine_poll(struct engine *e) { (void)e; }
