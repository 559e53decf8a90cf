/* lane_edit.c — a strip's automation lanes as the timeline sees them
 * (gain, pan, mute, each send: their values, steps and drawing scale),
 * and a whole lane set as one edit (timeline.h).
 *
 * The points become the text a person would type after `:set auto.gain`
 * and go through edit_set, so the model, the engine, undo and the save
 * in place (only that key's line changes) are the same as for a typed
 * lane. edit_set keeps a step's text in 512 bytes; a longer lane (a
 * recorded ride) is recorded instead as a step of the whole project
 * text, still one undo step and still only that line in the file. */
#include "timeline.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP_TEXT_MAX 480 /* under edit_set's 512-byte before/after */

int timeline_nlanes(const struct strip *s)
{
	return 3 + (s->kind == SK_MASTER ? 0 : s->nsends);
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
	default: {
		struct send *x = &s->sends[i - 3];
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
	if (r->id == P_AUTO_MUTE) {
		snprintf(buf, n, "%s", v > 0 ? "muted" : "on");
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


static char *lane_text(enum param_id id, const struct auto_lane *l)
{
	size_t cap = 64 + (size_t)l->n * 48, used = 0;
	char *out = xmalloc(cap);
	out[0] = 0;
	for (int i = 0; i < l->n; i++) {
		char t[32], v[32];
		units_fmt_time(t, sizeof t, l->pt[i].t);
		if (id == P_AUTO_PAN)
			snprintf(v, sizeof v, "%.3g", l->pt[i].v); /* a number: L/R letters need care at 0 */
		else if (id == P_AUTO_MUTE)
			units_fmt_bool(v, sizeof v, l->pt[i].v != 0);
		else if (isinf(l->pt[i].v))
			snprintf(v, sizeof v, "-inf");
		else
			units_fmt_number(v, sizeof v, l->pt[i].v);
		used += (size_t)snprintf(out + used, cap - used, "%s%s %s", i ? ", " : "", t, v);
	}
	return out;
}

int lane_edit_set(struct app *a, int strip, const char *key, enum param_id id, const struct auto_lane *l,
		  bool coalesce)
{
	struct strip *s = a->p->strips[strip];
	char *text = lane_text(id, l), cur[STEP_TEXT_MAX + 32], err[256];
	bool fits = strlen(text) < STEP_TEXT_MAX;
	int rd;

	cur[0] = 0;
	if (fits && strip_get(a->p, s, key, cur, sizeof cur) && strlen(cur) >= STEP_TEXT_MAX)
		fits = false;
	if (fits) {
		rd = edit_set(a, strip, key, text, coalesce);
	} else {
		size_t len;
		char *before = project_render_text(a->p, &len), *after;
		if (strip_set(a->p, s, key, text, err, sizeof err)) {
			app_status(a, true, "%s %s: %s", s->name, key, err);
			free(before);
			free(text);
			return RD_STATUS;
		}
		after = project_render_text(a->p, &len);
		edit_push_engine(a, strip, key);
		undo_record_text(a->undo, key, before, after, a->sel, a->sel, a->now);
		a->edits++;
		a->edit_t = a->now;
		free(before);
		free(after);
		app_status(a, false, "%s %s: %d points", s->kind == SK_MASTER ? "master" : s->name, key, l->n);
		rd = RD_ALL & ~RD_LAYOUT;
	}
	free(text);
	return rd;
}
