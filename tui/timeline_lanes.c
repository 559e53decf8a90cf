/* timeline_lanes.c — a strip's automation lanes as the timeline sees
 * them (gain, pan, mute, width, each send: their values, steps and
 * drawing scale). A changed lane is written by auto_lane_edit
 * (automation.h), the path the recorded passes take: the model, the
 * engine in place (no reload, no gap while playing), one undo step of
 * that key however long the lane, and a save that changes only its line. */
#include "timeline.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

int timeline_nlanes(const struct strip *s)
{
	return 4 + (s->kind == SK_MASTER ? 0 : s->nsends);
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
		struct send *x = &s->sends[i - 4];
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
	return r->id == P_AUTO_MUTE ? lane_step(r->l, t) : lane_value(r->l, t);
}

char *lane_ref_fmt(const struct lane_ref *r, double v, char *buf, size_t n)
{
	char num[32];
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

