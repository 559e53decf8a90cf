/* lane_edit.c — a recorded pass merged into a lane, and thinning
 * (lane_edit.h). */
#include "lane_edit.h"
#include "tmix.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

double lane_ms_time(long long ms)
{
	/* as units_parse_time builds it from H:MM:SS.sss or M:SS.sss, so a
	 * saved point reads back as the very same double */
	long long h = ms / 3600000, m = ms / 60000 % 60;
	double s = (double)(ms % 60000) / 1000.0;
	if (h)
		return (double)h * 3600 + (double)m * 60 + s;
	return (double)m * 60 + s;
}

double lane_quant(enum param_id lane, double v)
{
	if (isnan(v))
		return 0;
	if (isinf(v))
		return v;
	switch (lane) {
	case P_AUTO_PAN: return round(v * 10) / 10;
	case P_AUTO_MUTE: return v >= 0.5;
	default: return round(v * 1000) / 1000;
	}
}

double lane_thin_tol(enum param_id lane)
{
	return lane == P_AUTO_PAN || lane == P_AUTO_WIDTH ? 1.0 : 0.25;
}

void lane_take_add(struct lane_take *k, double t, double v)
{
	if (k->n && t <= k->pt[k->n - 1].t) {
		/* the same instant again: the later value is what played after it */
		if (t == k->pt[k->n - 1].t)
			k->pt[k->n - 1].v = v;
		return;
	}
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 64;
		k->pt = xrealloc(k->pt, sizeof *k->pt * (size_t)k->cap);
		k->release = xrealloc(k->release, sizeof *k->release * (size_t)k->cap);
	}
	k->pt[k->n] = (struct auto_point){t, v};
	k->release[k->n++] = false;
}

void lane_take_release(struct lane_take *k, double t)
{
	(void)t;
	if (k->n)
		k->release[k->n - 1] = true;
}

void lane_take_free(struct lane_take *k)
{
	free(k->pt);
	free(k->release);
	*k = (struct lane_take){0};
}

struct builder {
	struct auto_lane l;
	int cap;
};

static void put(struct builder *b, double t, double v)
{
	if (b->l.n && t <= b->l.pt[b->l.n - 1].t) {
		if (t == b->l.pt[b->l.n - 1].t)
			b->l.pt[b->l.n - 1].v = v;
		return;
	}
	if (b->l.n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->l.pt = xrealloc(b->l.pt, sizeof *b->l.pt * (size_t)b->cap);
	}
	b->l.pt[b->l.n++] = (struct auto_point){t, v};
}

/* The old lane's points strictly between a and b. */
static void put_old(struct builder *b, const struct auto_lane *old, double a, double c)
{
	for (int i = 0; i < old->n; i++)
		if (old->pt[i].t > a && old->pt[i].t < c)
			put(b, old->pt[i].t, old->pt[i].v);
}

static double old_at(const struct auto_lane *old, double stat, bool step, double t)
{
	if (!old->n)
		return stat;
	return step ? lane_step(old, t) : lane_value(old, t);
}

void lane_merge_take(struct auto_lane *out, const struct auto_lane *old, double stat, enum param_id lane,
		     const struct lane_take *k, double t_end)
{
	struct builder b = {{0, NULL, old->units}, 0};
	bool step = lane == P_AUTO_MUTE;
	double cursor = -INFINITY;

	for (int i = 0; i < k->n;) {
		int j = i;
		while (j < k->n - 1 && !k->release[j])
			j++;
		put_old(&b, old, cursor, k->pt[i].t);
		for (int m = i; m <= j; m++)
			put(&b, k->pt[m].t, k->pt[m].v);
		if (k->release[j]) {
			cursor = k->pt[j].t;
		} else {
			/* held to the end of the pass, then the old lane again */
			long long e = llround(fmax(t_end, k->pt[j].t) * 1000.0);
			double tq, back;
			e = (e + LANE_GRID_MS - 1) / LANE_GRID_MS * LANE_GRID_MS;
			tq = lane_ms_time(e);
			if (step) { /* the switch flips back right there */
				back = tq;
			} else {
				put(&b, tq, k->pt[j].v);
				back = lane_ms_time(e + LANE_GRID_MS);
			}
			put(&b, back, lane_quant(lane, old_at(old, stat, step, back)));
			cursor = back;
		}
		i = j + 1;
	}
	put_old(&b, old, cursor, INFINITY);
	lane_thin(&b.l, 1000.0 / LANE_GRID_MS, lane_thin_tol(lane), step);
	lane_free(out);
	*out = b.l;
}

/* |a - b| with -inf meaning silence: equal infinities are no error. */
static double dist(double a, double b)
{
	if (isinf(a) || isinf(b))
		return a == b ? 0 : INFINITY;
	return fabs(a - b);
}

/* The worst error over the original points orig[] lying between the
 * kept points l->pt[i - 1] and l->pt[i + 1], were l->pt[i] removed. */
static double removal_error(const struct auto_lane *l, int i, const struct auto_lane *orig)
{
	const struct auto_point *a = &l->pt[i - 1], *c = &l->pt[i + 1];
	struct auto_lane seg = {2, (struct auto_point[]){*a, *c}, false};
	double worst = 0;
	for (int k = 0; k < orig->n; k++)
		if (orig->pt[k].t > a->t && orig->pt[k].t < c->t) {
			double d = dist(lane_value(&seg, orig->pt[k].t), orig->pt[k].v);
			if (d > worst)
				worst = d;
		}
	return worst;
}

static void drop(struct auto_lane *l, int i)
{
	memmove(&l->pt[i], &l->pt[i + 1], sizeof *l->pt * (size_t)(l->n - i - 1));
	l->n--;
}

void lane_thin(struct auto_lane *l, double per_s, double tol, bool step)
{
	struct auto_lane orig = {0, NULL, false};
	int cap = (int)floor(per_s);

	/* what changes nothing: a repeat of a switch, the middle of a flat run */
	for (int i = 1; i < l->n; i++) {
		bool same = step ? l->pt[i].v == l->pt[i - 1].v
				 : i + 1 < l->n && l->pt[i].v == l->pt[i - 1].v && l->pt[i].v == l->pt[i + 1].v;
		if (same)
			drop(l, i--);
	}
	if (step || cap < 1)
		return;
	lane_copy(&orig, l);
	for (int lo = 0; lo < l->n;) {
		int hi = lo;
		while (hi < l->n && l->pt[hi].t < l->pt[lo].t + 1.0)
			hi++;
		if (hi - lo <= cap) {
			lo++;
			continue;
		}
		/* too many in [t_lo, t_lo + 1 s): the cheapest within tol goes */
		int best = -1;
		double best_e = INFINITY;
		for (int i = lo > 0 ? lo : 1; i < hi && i < l->n - 1; i++) {
			double e = removal_error(l, i, &orig);
			if (e <= tol && e < best_e) {
				best_e = e;
				best = i;
			}
		}
		if (best < 0) {
			lo++; /* nothing can go without leaving the tolerance */
			continue;
		}
		drop(l, best);
	}
	lane_free(&orig);
}
