/* automation.c — the console's side of automation lanes: the mode of a
 * strip (`a`, `:auto`), what a lane makes heard at the playhead (the strip
 * draws that), and the fader, pan, width and send keys on an automated
 * strip, which move the whole lane (a trim) instead of a static value
 * nobody hears. UI thread only; every change goes through edit_set, so it
 * is undoable and saved like a typed `:set auto.gain ...`. */
#include "tui.h"
#include "automation.h"
#include "lane_edit.h"
#include "dsp/unit.h"
#include "strip_insert.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The lane a key is played from, with its key ("auto.gain",
 * "auto.send.Plate"); NULL when the key has none. */
static struct auto_lane *lane_of(struct strip *s, const char *key, char *lane_key, size_t n)
{
	const char *suffix;
	int id = param_lookup(key, &suffix);
	if (id == P_SEND || id == P_AUTO_SEND) {
		for (int i = 0; i < s->nsends; i++)
			if (!units_casecmp(s->sends[i].bus_name, suffix)) {
				snprintf(lane_key, n, "auto.send.%s", s->sends[i].bus_name);
				return &s->sends[i].lane;
			}
		return NULL;
	}
	if (id != P_GAIN && id != P_PAN && id != P_WIDTH && id != P_MUTE)
		return NULL;
	snprintf(lane_key, n, "auto.%s", param_defs[id].key);
	return strip_lane(s, (enum param_id)id, -1);
}

struct auto_lane *auto_lane_of(struct strip *s, const char *key)
{
	char k[300];
	return lane_of(s, key, k, sizeof k);
}

bool auto_plays(const struct strip *s, const struct auto_lane *l)
{
	return l && l->n && strip_auto_mode(s) != AM_OFF;
}

double auto_heard(const struct app *a, const struct strip *s, enum param_id id, int send)
{
	const struct auto_lane *l = strip_lane((struct strip *)s, id, send);
	double t = a->st.pos, stat = id == P_SEND ? (send >= 0 && send < s->nsends ? s->sends[send].level : -INFINITY)
						  : s->v[id];
	double rec = auto_rec_value(a, s, id, send);
	if (!isnan(rec)) /* being recorded: it plays at once */
		return id == P_MUTE ? (stat > 0 || rec > 0) : rec;
	if (!auto_plays(s, l))
		return stat;
	if (id == P_MUTE) /* the lane adds to the static mute */
		return stat > 0 || lane_step(l, t) >= 0.5;
	return lane_value(l, t);
}

char auto_tag(const struct strip *s)
{
	static const char tags[AM_COUNT] = {'-', 'R', 'T', 'L', 'W'};
	int m = strip_auto_mode(s);
	if (m == AM_READ && !strip_has_lanes(s))
		return 0; /* the default, with nothing to play: no mark */
	return tags[m];
}

int auto_set_mode(struct app *a, int strip, int mode)
{
	return edit_set(a, strip, "auto.mode", auto_mode_names[mode], false);
}

static const char *who(const struct strip *s);

/* The mode just set, with what it does: `a` is the way in to recording,
 * and "latch" alone does not say that the keys now write while playing. */
static int mode_told(struct app *a, int strip, int mode)
{
	static const char *const what[AM_COUNT] = {
		"its lanes kept, not played",
		"its lanes play",
		"keys record while playing; the lane resumes 0.5 s after a key",
		"keys record while playing, the last value held to stop",
		"playing overwrites its lanes until stop",
	};
	int rd = auto_set_mode(a, strip, mode);
	if (!a->status_err)
		app_status(a, false, "%s auto.mode = %s: %s", who(a->p->strips[strip]), auto_mode_names[mode],
			   what[mode]);
	return rd | RD_STATUS;
}

int auto_cycle(struct app *a)
{
	return mode_told(a, a->sel, (strip_auto_mode(app_strip(a)) + 1) % AM_COUNT);
}

static const char *who(const struct strip *s) { return s->kind == SK_MASTER ? "master" : s->name; }
static bool recording(const struct app *a, const struct strip *s);
static int target_of(const struct strip *s, const char *key, enum param_id *id, int *send);
static int record(struct app *a, int strip, const char *key, double delta, bool toggle);

/* The run of trims being made: the status line counts it whole, like the
 * undo step that holds it. */
static struct {
	const struct strip *s;
	char key[300];
	double sum, t;
} run;

/* One step of a lane value: clamped to what the lane accepts; -inf stays. */
static double moved(enum param_id lid, double v, double d)
{
	const struct param_def *p = &param_defs[lid];
	if (isinf(v))
		return v;
	v += d;
	return v < p->min ? p->min : v > p->max ? p->max : v;
}

int auto_lane_edit(struct app *a, int strip, const char *lane_key, const struct auto_lane *nl, bool coalesce)
{
	struct strip *s = a->p->strips[strip];
	const char *suffix;
	int id = param_lookup(lane_key, &suffix), send = -1, rd;
	struct auto_lane *l, save;
	char *txt;

	if (id < 0 || param_defs[id].type != PT_LANE)
		return app_status(a, true, "%s is not an automation lane", lane_key), RD_STATUS;
	for (int i = 0; id == P_AUTO_SEND && i < s->nsends; i++)
		if (!units_casecmp(s->sends[i].bus_name, suffix))
			send = i;
	if (id == P_AUTO_INSERT) {
		int slot, k;
		l = insert_key_parse(s, suffix, &slot, &k) ? NULL : insert_lane(s, slot, k);
		if (!l)
			return app_status(a, true, "%s has no insert parameter %s", who(s), suffix), RD_STATUS;
	} else {
		l = strip_lane(s, (enum param_id)id, send);
	}
	if (!l)
		return app_status(a, true, "%s has no send to %s", who(s), suffix), RD_STATUS;
	/* the text the lane would have, made by the model's own formatter */
	save = *l;
	*l = *nl;
	l->units = save.units;
	txt = xmalloc(strip_text_size(s));
	strip_get(a->p, s, lane_key, txt, strip_text_size(s));
	*l = save;
	rd = edit_set(a, strip, lane_key, txt, coalesce);
	free(txt);
	return rd;
}

int auto_trim(struct app *a, int strip, const char *key, double delta, bool coalesce)
{
	struct strip *s = a->p->strips[strip];
	char lk[300], *txt;
	const char *suffix;
	struct auto_lane *l = lane_of(s, key, lk, sizeof lk), save;
	int lid = param_lookup(lk, &suffix), rd;
	bool pan = lid == P_AUTO_PAN, same = true;
	char unit[8];

	if (!auto_plays(s, l))
		return RD_NONE;
	lane_copy(&save, l);
	for (int i = 0; i < l->n; i++) {
		double v = moved((enum param_id)lid, l->pt[i].v, delta);
		same &= v == l->pt[i].v;
		l->pt[i].v = v;
	}
	txt = xmalloc(strip_text_size(s));
	strip_get(a->p, s, lk, txt, strip_text_size(s));
	/* back as it was: edit_set makes the change, for undo and the engine */
	lane_free(l);
	*l = save;
	if (same) {
		free(txt);
		return app_status(a, false, "%s %s automation is at its %s", s->kind == SK_MASTER ? "master" : s->name,
				  key, delta > 0 ? "top" : "bottom"),
		       RD_STATUS;
	}
	rd = edit_set(a, strip, lk, txt, coalesce);
	free(txt);
	if (coalesce && run.s == s && !strcmp(run.key, key) && a->now - run.t < 1.0)
		run.sum += delta;
	else
		run.sum = delta;
	run.s = s;
	snprintf(run.key, sizeof run.key, "%s", key);
	run.t = a->now;
	if (pan)
		snprintf(unit, sizeof unit, "%s", "");
	else
		snprintf(unit, sizeof unit, "%s", lid == P_AUTO_WIDTH ? " %" : " dB");
	app_status(a, false, "%s %s automation %+.*f%s", s->kind == SK_MASTER ? "master" : s->name, key,
		   pan || lid == P_AUTO_WIDTH ? 0 : 1, run.sum, unit);
	return rd;
}

/* ---- recording from the keys (touch, latch, write) ---- */

#define TOUCH_HOLD_S 0.5 /* touch: the lane takes over again this long after the last press */
#define MAX_TAKES 64

/* One target recorded in the pass under way: what the UI last asked
 * for, and the points the engine says were played. */
struct take {
	int strip, target; /* P_GAIN, P_PAN, P_WIDTH, P_MUTE, GRAPH_REC_SEND + send */
	double value, last_press;
	bool held;         /* pressed and not yet let go (touch) */
	struct lane_take pts;
};
static struct take takes[MAX_TAKES];
static int ntakes;

static struct take *take_of(int strip, int target, bool make)
{
	for (int i = 0; i < ntakes; i++)
		if (takes[i].strip == strip && takes[i].target == target)
			return &takes[i];
	if (!make || ntakes == MAX_TAKES)
		return NULL;
	takes[ntakes] = (struct take){strip, target, NAN, -1, false, {0}};
	return &takes[ntakes++];
}

static bool recording(const struct app *a, const struct strip *s)
{
	return a->st.playing && strip_auto_mode(s) >= AM_TOUCH;
}

/* The target and the static key of a key name on a strip. */
static int target_of(const struct strip *s, const char *key, enum param_id *id, int *send)
{
	const char *suffix;
	int k = param_lookup(key, &suffix);
	*send = -1;
	*id = (enum param_id)k;
	if (k == P_SEND) {
		for (int i = 0; i < s->nsends; i++)
			if (!units_casecmp(s->sends[i].bus_name, suffix))
				*send = i;
		return *send < 0 ? -1 : GRAPH_REC_SEND + *send;
	}
	return k == P_GAIN || k == P_PAN || k == P_WIDTH || k == P_MUTE ? k : -1;
}


static int record(struct app *a, int strip, const char *key, double delta, bool toggle)
{
	struct strip *s = a->p->strips[strip];
	enum param_id id;
	int send, target = target_of(s, key, &id, &send);
	struct take *k;
	double v;
	char txt[64];

	if (target < 0)
		return -1;
	k = take_of(strip, target, true);
	if (!k)
		return app_status(a, true, "too many lanes recording at once (%d)", MAX_TAKES), RD_STATUS;
	v = isnan(k->value) || !k->held ? auto_heard(a, s, id, send) : k->value;
	if (toggle) {
		v = v > 0 ? 0 : 1;
	} else {
		enum param_id lid = id == P_PAN ? P_AUTO_PAN : id == P_WIDTH ? P_AUTO_WIDTH : P_AUTO_GAIN;
		if (isinf(v) && delta > 0)
			v = param_defs[lid].min - delta;
		v = moved(lid, v + 0, delta);
		if (v <= param_defs[lid].min && id != P_PAN && id != P_WIDTH && delta < 0)
			v = -INFINITY;
	}
	k->value = v;
	k->held = true;
	k->last_press = a->now;
	engine_rec(a->e, strip, target, v, false);
	if (id == P_MUTE)
		snprintf(txt, sizeof txt, "%s", v > 0 ? "muted" : "unmuted");
	else if (id == P_PAN)
		units_fmt_pan(txt, sizeof txt, v);
	else if (id == P_WIDTH)
		units_fmt_pct(txt, sizeof txt, v);
	else
		units_fmt_db(txt, sizeof txt, v);
	app_status(a, false, "%s %s %s (recording, %s)", who(s), key, txt, auto_mode_names[strip_auto_mode(s)]);
	return RD_CONSOLE | RD_STATUS;
}

int auto_step(struct app *a, int strip, const char *key, double delta)
{
	struct strip *s = a->p->strips[strip];
	if (recording(a, s))
		return record(a, strip, key, delta, false);
	if (!auto_plays(s, auto_lane_of(s, key)))
		return -1;
	return auto_trim(a, strip, key, delta, true);
}

int auto_mute_key(struct app *a, int strip)
{
	if (!recording(a, a->p->strips[strip]))
		return -1;
	return record(a, strip, "mute", 0, true);
}

double auto_rec_value(const struct app *a, const struct strip *s, enum param_id id, int send)
{
	int strip = -1;
	for (int i = 0; i < a->p->nstrips; i++)
		if (a->p->strips[i] == s)
			strip = i;
	for (int i = 0; i < ntakes; i++)
		if (takes[i].strip == strip && takes[i].held &&
		    takes[i].target == (id == P_SEND ? GRAPH_REC_SEND + send : (int)id))
			return takes[i].value;
	return NAN;
}

/* The model lane a target records into, with its key. */
static struct auto_lane *take_lane(struct strip *s, int target, char *key, size_t n, enum param_id *lid,
				   double *stat)
{
	if (target >= GRAPH_REC_SEND) {
		int k = target - GRAPH_REC_SEND;
		if (k >= s->nsends)
			return NULL;
		snprintf(key, n, "auto.send.%s", s->sends[k].bus_name);
		*lid = P_AUTO_SEND;
		*stat = s->sends[k].level;
		return &s->sends[k].lane;
	}
	snprintf(key, n, "auto.%s", param_defs[target].key);
	*lid = target == P_PAN ? P_AUTO_PAN : target == P_WIDTH ? P_AUTO_WIDTH : target == P_MUTE ? P_AUTO_MUTE
										 : P_AUTO_GAIN;
	*stat = target == P_MUTE ? 0 : s->v[target]; /* a mute lane says no where it has nothing */
	return strip_lane(s, (enum param_id)target, -1);
}

/* A pass ended: every take becomes its lane, all of them one undo step. */
static int merge_pass(struct app *a, double t0, double t1)
{
	int n = 0, rd = RD_NONE;
	char what[400] = "", a0[32], a1[32];
	undo_group_begin(a->undo);
	for (int i = 0; i < ntakes; i++) {
		struct take *k = &takes[i];
		struct strip *s = k->strip < a->p->nstrips ? a->p->strips[k->strip] : NULL;
		struct auto_lane *l, merged = {0, NULL, false};
		enum param_id lid;
		double stat;
		char key[300];
		if (!s || !k->pts.n || !(l = take_lane(s, k->target, key, sizeof key, &lid, &stat)))
			continue;
		lane_merge_take(&merged, l, stat, lid, &k->pts, t1);
		rd |= auto_lane_edit(a, k->strip, key, &merged, false);
		lane_free(&merged);
		if (!n++)
			snprintf(what, sizeof what, "%s %s", who(s), key);
	}
	undo_group_end(a->undo);
	for (int i = 0; i < ntakes; i++)
		lane_take_free(&takes[i].pts);
	ntakes = 0;
	if (n)
		app_status(a, false, "%s%s recorded %s-%s (u takes the pass back)", what, n > 1 ? " and more" : "",
			   units_fmt_time(a0, sizeof a0, t0), units_fmt_time(a1, sizeof a1, t1));
	return rd | RD_STATUS;
}

int auto_tick(struct app *a)
{
	struct engine_rec_event ev;
	int rd = RD_NONE;
	while (engine_rec_poll(a->e, &ev)) {
		struct take *k = ev.kind == ENGINE_REC_PASS ? NULL : take_of(ev.strip, ev.target, true);
		if (ev.kind == ENGINE_REC_POINT && k)
			lane_take_add(&k->pts, ev.t, ev.v);
		else if (ev.kind == ENGINE_REC_RELEASED && k)
			lane_take_release(&k->pts, ev.t);
		else if (ev.kind == ENGINE_REC_PASS)
			rd |= merge_pass(a, ev.t, ev.v);
	}
	/* touch: the lane takes over again half a second after the last press */
	for (int i = 0; i < ntakes; i++) {
		struct take *k = &takes[i];
		if (k->held && k->strip < a->p->nstrips && strip_auto_mode(a->p->strips[k->strip]) == AM_TOUCH &&
		    a->now - k->last_press >= TOUCH_HOLD_S) {
			engine_rec(a->e, k->strip, k->target, 0, true);
			k->held = false;
		}
		if (!a->st.playing)
			k->held = false;
	}
	return rd;
}

int auto_set_heard(struct app *a, int strip, const char *key, double x)
{
	struct strip *s = a->p->strips[strip];
	struct auto_lane *l = auto_lane_of(s, key);
	double now;
	if (recording(a, s)) { /* recorded like a key's step to x */
		enum param_id id;
		int send, target = target_of(s, key, &id, &send);
		double h = target < 0 ? NAN : auto_heard(a, s, id, send);
		if (target < 0 || id == P_MUTE)
			return -1;
		if (isinf(h)) /* from -inf: straight to x */
			h = param_defs[id == P_PAN ? P_AUTO_PAN : id == P_WIDTH ? P_AUTO_WIDTH : P_AUTO_GAIN].min, x = fmax(x, h);
		return record(a, strip, key, x - h, false);
	}
	if (!auto_plays(s, l))
		return -1;
	now = lane_value(l, a->st.pos);
	if (isinf(now))
		return app_status(a, true, "%s %s automation is -inf at the playhead: there is nothing to move by",
				  s->name, key),
		       RD_STATUS;
	return auto_trim(a, strip, key, x - now, false);
}

int auto_command(struct app *a, char *args)
{
	char *word = strtok(args, " \t"), *all = strtok(NULL, " \t");
	int m = -1, rd = RD_NONE;
	for (int i = 0; word && i < AM_COUNT; i++)
		if (!units_casecmp(word, auto_mode_names[i]))
			m = i;
	if (m < 0 || (all && units_casecmp(all, "all")))
		return app_status(a, true, "usage: auto off|read|touch|latch|write [all] (:help auto)"), RD_STATUS;
	if (!all)
		return mode_told(a, a->sel, m);
	undo_group_begin(a->undo);
	for (int i = 0; i < a->p->nstrips; i++)
		rd |= auto_set_mode(a, i, m);
	undo_group_end(a->undo);
	app_status(a, false, "automation %s on every strip", auto_mode_names[m]);
	return rd | RD_STATUS;
}

/* ---- insert parameters (auto.insert.N.PARAM) ---- */

int auto_insert_step(struct app *a, int strip, int slot, int param, int dir, bool coarse)
{
	struct strip *s = a->p->strips[strip];
	struct auto_lane *l = insert_lane(s, slot, param), nl = {0, NULL, false};
	const struct unit_param *p;
	char key[300], v[64];
	bool same = true;
	int rd;

	if (!auto_plays(s, l))
		return -1;
	p = &s->inserts[slot].unit->params[param];
	snprintf(key, sizeof key, "auto.insert.%d.%s", slot + 1, p->sym);
	if (p->kind == UPK_ENUM || p->kind == UPK_TOGGLE) /* a label has no "every point one step" */
		return app_status(a, false, "%s: insert.%d.%s follows %s (%s now); Tab edits it", who(s), slot + 1,
				  p->sym, key, insert_param_format(p, insert_lane_value(p, l, a->st.pos), v, sizeof v)),
		       RD_STATUS;
	lane_copy(&nl, l);
	for (int i = 0; i < nl.n; i++) {
		double nv = insert_param_step(p, nl.pt[i].v, dir, coarse);
		same &= nv == nl.pt[i].v;
		nl.pt[i].v = nv;
	}
	if (same) {
		lane_free(&nl);
		return app_status(a, false, "%s %s automation is at its %s", who(s), key + 5, dir > 0 ? "top" : "bottom"),
		       RD_STATUS;
	}
	rd = auto_lane_edit(a, strip, key, &nl, true);
	lane_free(&nl);
	if (!a->status_err)
		app_status(a, false, "%s insert.%d.%s lane %s a step: %s at the playhead%s", who(s),
			   slot + 1, p->sym, dir > 0 ? "up" : "down",
			   insert_param_format(p, insert_lane_value(p, l, a->st.pos), v, sizeof v),
			   recording(a, s) ? " (insert lanes are trimmed, not recorded from the keys)" : "");
	return rd | RD_STATUS;
}
