/* automation.c — the console's side of automation lanes: the mode of a
 * strip (`a`, `:auto`), what a lane makes heard at the playhead (the strip
 * draws that), and the fader, pan, width and send keys on an automated
 * strip, which move the whole lane (a trim) instead of a static value
 * nobody hears. UI thread only; every change goes through edit_set, so it
 * is undoable and saved like a typed `:set auto.gain ...`. */
#include "tui.h"
#include "automation.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LANE_TEXT (1 << 18)

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

int auto_cycle(struct app *a)
{
	return auto_set_mode(a, a->sel, (strip_auto_mode(app_strip(a)) + 1) % AM_COUNT);
}

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
	txt = xmalloc(LANE_TEXT);
	strip_get(a->p, s, lk, txt, LANE_TEXT);
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

int auto_step(struct app *a, int strip, const char *key, double delta)
{
	struct strip *s = a->p->strips[strip];
	if (!auto_plays(s, auto_lane_of(s, key)))
		return -1;
	return auto_trim(a, strip, key, delta, true);
}

int auto_set_heard(struct app *a, int strip, const char *key, double x)
{
	struct strip *s = a->p->strips[strip];
	struct auto_lane *l = auto_lane_of(s, key);
	double now;
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
		return auto_set_mode(a, a->sel, m);
	undo_group_begin(a->undo);
	for (int i = 0; i < a->p->nstrips; i++)
		rd |= auto_set_mode(a, i, m);
	undo_group_end(a->undo);
	app_status(a, false, "automation %s on every strip", auto_mode_names[m]);
	return rd | RD_STATUS;
}
