/* graph_rec.c — automation recorded from the keys while the graph plays
 * (graph.h). The engine calls these between blocks on the audio thread:
 * no allocation, no locks. A recorded target is a tiny lane of its own
 * (struct grec) whose points are made here, on a 50 ms grid, so that
 * what plays now is exactly what the lane built from the reported points
 * plays in a bounce: the same points, evaluated by the same lane_value. */
#include "graph_internal.h"
#include "lane_edit.h"
#include <math.h>

double graph_ms_time(int64_t ms) { return lane_ms_time(ms); }

/* The next grid point strictly after frame, in milliseconds. */
static int64_t grid_after(const struct graph *g, int64_t frame)
{
	int64_t ms = (int64_t)floor((double)frame * 1000.0 / g->rate);
	return (ms / GRAPH_REC_STEP_MS + 1) * GRAPH_REC_STEP_MS;
}

static int64_t ms_of(double t) { return (int64_t)llround(t * 1000.0); }

/* A value as the file writes it back, so that the saved lane plays it. */
static double quant(int target, double v)
{
	return lane_quant(target == P_PAN ? P_AUTO_PAN : target == P_MUTE ? P_AUTO_MUTE
			  : target == P_WIDTH ? P_AUTO_WIDTH : P_AUTO_GAIN, v);
}

static const struct auto_lane *lane_of(const struct gstrip *s, int target, const struct gsend *x)
{
	switch (target) {
	case P_GAIN: return &s->lane_gain;
	case P_PAN: return &s->lane_pan;
	case P_WIDTH: return &s->lane_width;
	case P_MUTE: return &s->lane_mute;
	default: return &x->lane;
	}
}

static const struct grec *rec_of(const struct gstrip *s, int target, const struct gsend *x)
{
	switch (target) {
	case P_GAIN: return &s->rec[GREC_GAIN];
	case P_PAN: return &s->rec[GREC_PAN];
	case P_WIDTH: return &s->rec[GREC_WIDTH];
	case P_MUTE: return &s->rec[GREC_MUTE];
	default: return &x->rec;
	}
}

/* The lane or static value, recording aside. */
static double base_value(const struct gstrip *s, int target, const struct gsend *x, double t)
{
	const struct auto_lane *l = lane_of(s, target, x);
	if (target == P_MUTE)
		return l->n ? lane_step(l, t) : 0;
	if (l->n)
		return lane_value(l, t);
	return target == P_GAIN ? s->v[P_GAIN] : target == P_PAN ? s->v[P_PAN] : target == P_WIDTH ? s->v[P_WIDTH]
									      : x->level_db;
}

double graph_rec_value(const struct gstrip *s, int target, const struct gsend *x, double t)
{
	const struct grec *r = rec_of(s, target, x);
	if (r->on && r->n && t >= r->pt[0].t) {
		struct auto_lane v = {r->n, (struct auto_point *)r->pt, false};
		return target == P_MUTE ? lane_step(&v, t) : lane_value(&v, t);
	}
	return base_value(s, target, x, t);
}

bool graph_rec_muted(const struct gstrip *s, double t)
{
	return graph_rec_value(s, P_MUTE, NULL, t) >= 0.5;
}

static bool find(struct graph *g, int strip, int target, struct gstrip **s, struct gsend **x, struct grec **r)
{
	if (strip < 0 || strip >= g->nstrips)
		return false;
	*s = &g->s[strip];
	*x = NULL;
	if (target >= GRAPH_REC_SEND) {
		for (int k = 0; k < (*s)->nsends; k++)
			if ((*s)->sends[k].model == target - GRAPH_REC_SEND)
				*x = &(*s)->sends[k];
		if (!*x)
			return false;
	} else if (target != P_GAIN && target != P_PAN && target != P_WIDTH && target != P_MUTE) {
		return false;
	}
	*r = (struct grec *)rec_of(*s, target, *x);
	return true;
}

/* Drops reported points the playhead has left behind, keeping the one
 * the current segment starts from. */
static void compact(struct grec *r, double now)
{
	while (r->n >= 2 && r->pt[1].t <= now && r->nrep >= 1) {
		for (int i = 1; i < r->n; i++)
			r->pt[i - 1] = r->pt[i];
		r->n--;
		r->nrep--;
	}
}

static void push(struct grec *r, int64_t ms, double v)
{
	if (r->n < GREC_PTS)
		r->pt[r->n++] = (struct auto_point){graph_ms_time(ms), v};
}

void graph_rec_set(struct graph *g, int strip, int target, double v, bool release, int64_t frame)
{
	struct gstrip *s;
	struct gsend *x;
	struct grec *r;
	double now = (double)frame / g->rate;
	int64_t at = grid_after(g, frame), len = release ? 2 * GRAPH_REC_STEP_MS : GRAPH_REC_STEP_MS;

	if (!find(g, strip, target, &s, &x, &r) || (release && !r->on))
		return;
	if (r->on) {
		compact(r, now);
	} else {
		r->on = true;
		r->n = r->nrep = 0;
	}
	if (target == P_MUTE) { /* a switch: one point per change */
		double val = quant(target, release ? base_value(s, target, x, graph_ms_time(at)) : v);
		if (r->n && r->pt[r->n - 1].t > now)
			r->pt[r->n - 1].v = val; /* not played yet: the newest press wins */
		else
			push(r, at, val);
		r->releasing = release;
		return;
	}
	if (r->n >= 2 && r->pt[r->n - 1].t > now) {
		/* a ramp under way: the new one follows it */
		if (r->n >= 3) {
			/* one is waiting already: it goes to the newest value */
			struct auto_point *w = &r->pt[r->n - 1];
			w->t = graph_ms_time(ms_of(r->pt[r->n - 2].t) + len);
			w->v = quant(target, release ? base_value(s, target, x, w->t) : v);
			r->releasing = release;
			return;
		}
		at = ms_of(r->pt[r->n - 1].t);
	} else {
		/* held (or new): the ramp starts at the next grid point from
		 * what plays there */
		push(r, at, quant(target, graph_rec_value(s, target, x, graph_ms_time(at))));
	}
	if (release)
		v = base_value(s, target, x, graph_ms_time(at + len));
	push(r, at + len, quant(target, v));
	r->releasing = release;
}

void graph_rec_arm_write(struct graph *g, int64_t frame)
{
	int64_t ms = (int64_t)floor((double)frame * 1000.0 / g->rate);
	for (int i = 0; i < g->nstrips; i++) {
		struct gstrip *s = &g->s[i];
		if ((int)s->v[P_AUTO_MODE] != AM_WRITE)
			continue;
		for (int k = 0; k < GREC_N + s->nsends; k++) {
			static const int ids[GREC_N] = {P_GAIN, P_PAN, P_WIDTH, P_MUTE};
			struct gsend *x = k < GREC_N ? NULL : &s->sends[k - GREC_N];
			int target = x ? GRAPH_REC_SEND + x->model : ids[k];
			struct grec *r = (struct grec *)rec_of(s, target, x);
			/* gain and pan always; the others where a lane is to be overwritten */
			if (target != P_GAIN && target != P_PAN && !lane_of(s, target, x)->n)
				continue;
			r->on = true;
			r->releasing = false;
			r->n = r->nrep = 0;
			push(r, ms, quant(target, base_value(s, target, x, graph_ms_time(ms))));
		}
	}
}

static void flush_one(struct grec *r, int strip, int target, double now, bool end, const struct graph_rec_sink *k)
{
	if (!r->on)
		return;
	while (r->nrep < r->n && (end || r->pt[r->nrep].t <= now)) {
		k->point(k->ctx, strip, target, r->pt[r->nrep].t, r->pt[r->nrep].v);
		r->nrep++;
	}
	if (end) {
		r->on = false;
		return;
	}
	compact(r, now);
	if (r->releasing && r->nrep == r->n && r->pt[r->n - 1].t <= now) {
		/* glided back: the lane plays again */
		k->released(k->ctx, strip, target, r->pt[r->n - 1].t);
		r->on = r->releasing = false;
	}
}

void graph_rec_flush(struct graph *g, int64_t frame, bool end, const struct graph_rec_sink *sink)
{
	static const int ids[GREC_N] = {P_GAIN, P_PAN, P_WIDTH, P_MUTE};
	double now = (double)frame / g->rate;
	for (int i = 0; i < g->nstrips; i++) {
		struct gstrip *s = &g->s[i];
		for (int k = 0; k < GREC_N; k++)
			flush_one(&s->rec[k], i, ids[k], now, end, sink);
		for (int k = 0; k < s->nsends; k++)
			flush_one(&s->sends[k].rec, i, GRAPH_REC_SEND + s->sends[k].model, now, end, sink);
	}
}

bool graph_rec_move(const struct graph *from, struct graph *to)
{
	if (from->nstrips != to->nstrips)
		return false;
	for (int i = 0; i < from->nstrips; i++) {
		const struct gstrip *a = &from->s[i];
		struct gstrip *b = &to->s[i];
		for (int k = 0; k < GREC_N; k++)
			b->rec[k] = a->rec[k];
		for (int k = 0; k < b->nsends; k++) {
			b->sends[k].rec = (struct grec){0};
			for (int j = 0; j < a->nsends; j++)
				if (a->sends[j].model == b->sends[k].model)
					b->sends[k].rec = a->sends[j].rec;
		}
	}
	return true;
}

struct auto_point *graph_set_lane(struct graph *g, int strip, int target, int n, struct auto_point *pt)
{
	struct gstrip *s;
	struct gsend *x;
	struct grec *r;
	struct auto_lane *l, old;
	if (target >= GRAPH_LANE_INSERT)
		return graph_set_insert_lane(g, strip, (target - GRAPH_LANE_INSERT) / GRAPH_LANE_INSERT_PARAMS,
					     (target - GRAPH_LANE_INSERT) % GRAPH_LANE_INSERT_PARAMS, n, pt);
	if (!find(g, strip, target, &s, &x, &r) || (int)s->v[P_AUTO_MODE] == AM_OFF)
		return pt;
	l = (struct auto_lane *)lane_of(s, target, x);
	old = *l;
	l->n = n;
	l->pt = pt;
	graph_apply_strip(g, strip); /* a fader or pan without a lane again takes its static value */
	return old.pt;
}
