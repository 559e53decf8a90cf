/* timeline_lanes.c — a strip's automation lanes as the timeline sees
 * them (gain, pan, mute, width, each send, each insert parameter by the
 * unit's own table: their values, steps and
 * drawing scale). A changed lane is written by auto_lane_edit
 * (automation.h), the path the recorded passes take: the model, the
 * engine in place (no reload, no gap while playing), one undo step of
 * that key however long the lane, and a save that changes only its line. */
#include "timeline.h"
#include "dsp/unit.h"
#include "strip_insert.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static int nsend_lanes(const struct strip *s)
{
	return s->kind == SK_MASTER ? 0 : s->nsends;
}

int timeline_nlanes(const struct strip *s)
{
	int n = 4 + nsend_lanes(s);
	for (int i = 0; i < s->ninserts; i++)
		n += s->inserts[i].unit->nparams;
	return n;
}

/* Lane i counted from the first insert's first parameter. */
static void insert_ref(struct strip *s, int i, struct lane_ref *r)
{
	int slot = 0;
	while (slot < s->ninserts && i >= s->inserts[slot].unit->nparams)
		i -= s->inserts[slot++].unit->nparams;
	const struct unit_param *p = &s->inserts[slot].unit->params[i];
	snprintf(r->key, sizeof r->key, "auto.insert.%d.%s", slot + 1, p->sym);
	snprintf(r->name, sizeof r->name, "insert.%d %s", slot + 1, p->sym);
	r->id = P_AUTO_INSERT, r->l = insert_lane(s, slot, i), r->stat = s->inserts[slot].v[i];
	r->up = p, r->step = p->step > 0 ? p->step : 1, r->lo = p->min, r->hi = p->max;
}

bool timeline_lane(struct strip *s, int i, struct lane_ref *r)
{
	memset(r, 0, sizeof *r);
	if (i < 0 || i >= timeline_nlanes(s))
		return false;
	r->step = 0.5, r->lo = -90, r->hi = 12;
	switch (i) {
	case 0:
		snprintf(r->key, sizeof r->key, "auto.gain");
		snprintf(r->name, sizeof r->name, "gain");
		r->id = P_AUTO_GAIN, r->l = &s->lane_gain, r->stat = s->v[P_GAIN];
		break;
	case 1:
		snprintf(r->key, sizeof r->key, "auto.pan");
		snprintf(r->name, sizeof r->name, "pan");
		r->id = P_AUTO_PAN, r->l = &s->lane_pan, r->stat = s->v[P_PAN];
		r->step = 5, r->lo = -100, r->hi = 100;
		break;
	case 2:
		snprintf(r->key, sizeof r->key, "auto.mute");
		snprintf(r->name, sizeof r->name, "mute");
		r->id = P_AUTO_MUTE, r->l = &s->lane_mute, r->stat = s->v[P_MUTE] > 0;
		r->step = 1, r->lo = 0, r->hi = 1;
		break;
	case 3:
		snprintf(r->key, sizeof r->key, "auto.width");
		snprintf(r->name, sizeof r->name, "width");
		r->id = P_AUTO_WIDTH, r->l = &s->lane_width, r->stat = s->v[P_WIDTH];
		r->step = 5, r->lo = 0, r->hi = 200;
		break;
	default: {
		struct send *x;
		if (i >= 4 + nsend_lanes(s)) {
			insert_ref(s, i - 4 - nsend_lanes(s), r);
			break;
		}
		x = &s->sends[i - 4];
		snprintf(r->key, sizeof r->key, "auto.send.%s", x->bus_name);
		snprintf(r->name, sizeof r->name, "send %s", x->bus_name);
		r->id = P_AUTO_SEND, r->l = &x->lane, r->stat = x->level;
	}
	}
	return true;
}

double lane_ref_value(const struct lane_ref *r, double t)
{
	if (r->l->n == 0)
		return r->stat;
	if (r->up)
		return insert_lane_value(r->up, r->l, t);
	return r->id == P_AUTO_MUTE ? lane_step(r->l, t) : lane_value(r->l, t);
}

char *lane_ref_fmt(const struct lane_ref *r, double v, char *buf, size_t n)
{
	char num[32];
	if (r->up)
		return insert_param_format(r->up, v, buf, n);
	if (r->id == P_AUTO_PAN)
		return units_fmt_pan(buf, n, v);
	if (r->id == P_AUTO_WIDTH)
		return units_fmt_pct(buf, n, v);
	if (r->id == P_AUTO_MUTE) {
		snprintf(buf, n, "%s", v > 0 ? "muted" : "heard"); /* "mute on" would read as muted */
		return buf;
	}
	snprintf(buf, n, "%s dB", units_fmt_level(num, sizeof num, v, 1, true));
	return buf;
}

/* Up is louder: a gain or send from -60 dB (and -inf) at the bottom to
 * +12 at the top; pan left at the bottom; a mute lane sits up while the
 * strip is heard and down while muted. */
double lane_ref_frac(const struct lane_ref *r, double v)
{
	if (r->up) { /* its range, bottom to top; a frequency or a Q on octaves */
		double f = r->hi <= r->lo ? 0
			: r->up->log && r->lo > 0 ? log(v / r->lo) / log(r->hi / r->lo) : (v - r->lo) / (r->hi - r->lo);
		return fmin(1, fmax(0, f));
	}
	if (r->id == P_AUTO_PAN)
		return (v + 100) / 200;
	if (r->id == P_AUTO_WIDTH) /* mono at the bottom, 200 % at the top */
		return fmin(1, fmax(0, v / 200));
	if (r->id == P_AUTO_MUTE)
		return v > 0 ? 0 : 1;
	if (!(v > -60))
		return 0;
	return fmin(1, (v + 60) / 72);
}

int lane_ref_parse(const struct lane_ref *r, const char *text, double *v)
{
	bool b;
	char err[256];
	if (r->up)
		return insert_param_parse(r->up, text, v, err, sizeof err);
	if (r->id == P_AUTO_PAN)
		return units_parse_pan(text, v) || *v < -100 || *v > 100 ? -1 : 0;
	if (r->id == P_AUTO_WIDTH)
		return units_parse_pct(text, v) || *v < 0 || *v > 200 ? -1 : 0;
	if (r->id == P_AUTO_MUTE) {
		if (units_parse_bool(text, &b))
			return -1;
		*v = b;
		return 0;
	}
	if (units_parse_db(text, v, true))
		return -1;
	return !isinf(*v) && (*v < -90 || *v > 12) ? -1 : 0;
}

