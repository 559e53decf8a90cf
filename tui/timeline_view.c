/* timeline_view.c — `Tab`: the song laid out in time. A ruler (minutes
 * and seconds; bars and beats when the project has a tempo; markers, the
 * loop and the playhead), then one row per strip with the overview of
 * its audio (src/session/overview.c), and over the selected strip a
 * taller row with one of its automation lanes drawn as a curve with its
 * points (timeline_draw.c draws it all).
 *
 * The keys work on a time cursor, not on the playhead: ← → move it (a
 * beat, or a whole number of beats, when there is a tempo; else one
 * column), `{` `}` to markers, `+` `-` zoom around it. `Enter` adds a
 * point at the cursor with the lane's value there; with a point under
 * the cursor (within half a step) ↑ ↓ move it by the lane's step and `x`
 * deletes it; without one, ↑ ↓ select the strip row above or below (k j
 * always do). `v` marks a selection's start and end; then `L` loops it,
 * `m` mutes it (mute points: on at its start, at its end what was there
 * before), `:ramp VALUE` ramps the lane across it, `x` or `:clear`
 * removes its points. Every change is one edit through auto_lane_edit:
 * the engine takes the lane in place (no reload while playing), one undo
 * step, and saved in place as the lane's own line. */
#include "timeline.h"
#include "dsp/unit.h"
#include "strip_insert.h"
#include "automation.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

static struct timeline *tl_get(struct app *a)
{
	if (!a->tl) {
		a->tl = xcalloc(1, sizeof *a->tl);
		a->tl->ov = overview_new(); /* NULL: the rows say the overview is off */
		a->tl->spc = 0;
	}
	return a->tl;
}

void timeline_close(struct app *a)
{
	struct timeline *tl = a->tl;
	if (!tl)
		return;
	overview_free(tl->ov);
	free(tl->stem);
	free(tl->feeds);
	free(tl);
	a->tl = NULL;
}

/* The selected strip's current lane (its index clamped to what it has). */
static struct lane_ref cur_lane(struct app *a, struct timeline *tl)
{
	struct lane_ref r;
	if (tl->lane >= timeline_nlanes(app_strip(a)))
		tl->lane = 0;
	timeline_lane(app_strip(a), tl->lane, &r);
	return r;
}

static const char *strip_label(const struct app *a, int i)
{
	const struct strip *s = a->p->strips[i];
	return s->kind == SK_MASTER ? "master" : s->name;
}

/* ---- the cursor and the selection ---- */

static double song_end(const struct app *a)
{
	double len = project_length(a->p);
	return len > 0 ? len : 1;
}

static double round_ms(double t)
{
	return round(t * 1000) / 1000;
}

static void cursor_to(struct app *a, struct timeline *tl, double t)
{
	double end = song_end(a);
	tl->cur = round_ms(t < 0 ? 0 : t > end ? end : t);
	if (tl->vsel == 1)
		tl->vb = tl->cur;
}

/* The point of the lane under the cursor: within half a step, the nearest. */
static int point_at_cursor(const struct app *a, const struct timeline *tl, const struct auto_lane *l)
{
	double tol = timeline_snap_step(a, tl) / 2 - 1e-6, best = INFINITY;
	int k = -1;
	for (int i = 0; i < l->n; i++) {
		double d = fabs(l->pt[i].t - tl->cur);
		if (d <= tol && d < best)
			best = d, k = i;
	}
	return k;
}

static bool selection(const struct timeline *tl, double *s0, double *s1)
{
	if (!tl->vsel)
		return false;
	*s0 = fmin(tl->va, tl->vb);
	*s1 = fmax(tl->va, tl->vb);
	return *s1 > *s0;
}

static int no_selection(struct app *a, const char *what)
{
	app_status(a, true, "%s: no selection (in the timeline: v at its start, v at its end)", what);
	return RD_STATUS;
}

/* ---- lanes as point lists ---- */

static void lane_add(struct auto_lane *l, double t, double v)
{
	int i = l->n;
	l->pt = xrealloc(l->pt, sizeof *l->pt * (size_t)(l->n + 1));
	while (i > 0 && l->pt[i - 1].t > t) {
		l->pt[i] = l->pt[i - 1];
		i--;
	}
	l->pt[i] = (struct auto_point){t, v};
	l->n++;
}

/* The points of src outside [s0, s1]. */
static struct auto_lane lane_outside(const struct auto_lane *src, double s0, double s1)
{
	struct auto_lane l = {0};
	for (int i = 0; i < src->n; i++)
		if (src->pt[i].t < s0 - 1e-9 || src->pt[i].t > s1 + 1e-9)
			lane_add(&l, src->pt[i].t, src->pt[i].v);
	return l;
}

static int apply(struct app *a, const struct lane_ref *r, struct auto_lane *l, bool coalesce)
{
	int rd = auto_lane_edit(a, a->sel, r->key, l, coalesce);
	lane_free(l);
	return rd | RD_STATUS;
}

/* The status after a lane edit; where the strip's automation is off the
 * lane is kept but not played, and the edit would seem to do nothing. */
static void told(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void told(struct app *a, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (strip_auto_mode(app_strip(a)) == AM_OFF)
		app_status(a, false, "%s; not heard: automation off (a: read)", buf);
	else
		app_status(a, false, "%s", buf);
}

/* ---- keys ---- */

static int t_cursor(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	double step = timeline_snap_step(a, tl);
	int dir = key == KEY_LEFT || key == 'h' || key == KEY_SLEFT ? -1 : 1;
	double was = tl->cur;
	if (key == KEY_SLEFT || key == KEY_SRIGHT)
		step *= 4;
	cursor_to(a, tl, round(tl->cur / step) * step + dir * step);
	if (tl->cur == was) {
		app_status(a, false, "the cursor is at the %s of the song", dir < 0 ? "start" : "end");
		return RD_STATUS;
	}
	return RD_CONSOLE;
}

static int t_ends(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	double was = tl->cur;
	cursor_to(a, tl, key == KEY_HOME ? 0 : song_end(a));
	if (tl->cur == was)
		app_status(a, false, "the cursor is at the %s of the song already", key == KEY_HOME ? "start" : "end");
	return RD_CONSOLE | RD_STATUS;
}

static int t_marker(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	int best = -1;
	for (int i = 0; i < a->p->nmarkers; i++) {
		double t = a->p->markers[i].t;
		if (key == '}' ? t > tl->cur + 1e-3 && (best < 0 || t < a->p->markers[best].t)
		    : t < tl->cur - 1e-3 && (best < 0 || t > a->p->markers[best].t))
			best = i;
	}
	if (best < 0) {
		app_status(a, false, "no marker %s the cursor", key == '}' ? "after" : "before");
		return RD_STATUS;
	}
	cursor_to(a, tl, a->p->markers[best].t);
	app_status(a, false, "cursor at @%s", a->p->markers[best].name);
	return RD_CONSOLE | RD_STATUS;
}

static int t_zoom(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	bool in = key == '+' || key == '=';
	double old = tl->spc, x = (tl->cur - tl->t0) / old;
	static const double ladder[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 60};
	int k = 0;
	while (k + 1 < (int)ARRAY_LEN(ladder) && ladder[k] < old - 1e-9)
		k++;
	k += in ? -1 : 1;
	if (k < 0 || k >= (int)ARRAY_LEN(ladder)) {
		app_status(a, false, "zoomed %s as far as it goes (%g s a column)", in ? "in" : "out", old);
		return RD_STATUS;
	}
	tl->spc = ladder[k];
	tl->t0 = fmax(0, tl->cur - x * tl->spc); /* the cursor keeps its column */
	app_status(a, false, "zoom: %g s a column", tl->spc);
	return RD_CONSOLE | RD_STATUS;
}

static int select_row(struct app *a, int dir)
{
	int to = a->sel + dir;
	if (to < 0 || to >= a->p->nstrips) {
		app_status(a, false, to < 0 ? "already the first row" : "already the last row (the master)");
		return RD_STATUS;
	}
	a->sel = to;
	app_clamp_selection(a);
	return RD_CONSOLE;
}

static int t_row(struct app *a, int key)
{
	return select_row(a, key == 'k' ? -1 : 1);
}

/* ↑ ↓ and PgUp PgDn: the point under the cursor, else the row. */
static int t_updown(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	struct lane_ref r = cur_lane(a, tl);
	int k = point_at_cursor(a, tl, r.l), dir = key == KEY_UP || key == KEY_PPAGE ? 1 : -1;
	struct auto_lane l = {0};
	char t[32], v[32];
	double nv;

	if (k < 0) {
		if (key == KEY_PPAGE || key == KEY_NPAGE) {
			app_status(a, false, "no %s point under the cursor (Enter adds one; ↑ ↓ select the row)", r.name);
			return RD_STATUS;
		}
		return select_row(a, -dir);
	}
	nv = r.l->pt[k].v;
	if (r.up) /* the unit's own step: a grid for frequencies, the next label */
		nv = insert_param_step(r.up, nv, dir, key == KEY_PPAGE || key == KEY_NPAGE);
	else if (r.id == P_AUTO_MUTE)
		nv = dir > 0 ? 0 : 1; /* up: heard, down: muted */
	else {
		double step = key == KEY_PPAGE || key == KEY_NPAGE ? r.step * (r.id == P_AUTO_PAN ? 5 : 6) : r.step;
		if (isinf(nv))
			nv = dir > 0 ? r.lo : nv;
		else if (dir < 0 && nv <= r.lo && r.id != P_AUTO_PAN && r.id != P_AUTO_WIDTH)
			nv = -INFINITY;
		else
			nv = fmin(r.hi, fmax(r.lo, round((nv + dir * step) / r.step) * r.step));
	}
	units_fmt_time(t, sizeof t, r.l->pt[k].t);
	lane_ref_fmt(&r, nv, v, sizeof v);
	if (nv == r.l->pt[k].v || (isinf(nv) && isinf(r.l->pt[k].v))) {
		app_status(a, false, "%s %s point at %s is at its %s already: %s", strip_label(a, a->sel), r.name, t,
			   dir > 0 ? "top" : "bottom", v);
		return RD_STATUS;
	}
	for (int i = 0; i < r.l->n; i++)
		lane_add(&l, r.l->pt[i].t, i == k ? nv : r.l->pt[i].v);
	apply(a, &r, &l, true);
	if (!a->status_err)
		told(a, "%s %s point at %s: %s (u undoes)", strip_label(a, a->sel), r.name, t, v);
	return RD_ALL & ~RD_LAYOUT;
}

static int t_add(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	struct lane_ref r = cur_lane(a, tl);
	struct auto_lane l = {0};
	double v = lane_ref_value(&r, tl->cur);
	char t[32], vs[32];
	int k = point_at_cursor(a, tl, r.l);

	units_fmt_time(t, sizeof t, tl->cur);
	if (k >= 0) {
		app_status(a, false, "%s %s has a point here already: ↑ ↓ move it, x deletes it", strip_label(a, a->sel),
			   r.name);
		return RD_STATUS;
	}
	for (int i = 0; i < r.l->n; i++)
		lane_add(&l, r.l->pt[i].t, r.l->pt[i].v);
	lane_add(&l, tl->cur, v);
	apply(a, &r, &l, false);
	if (!a->status_err)
		told(a, "%s %s: point at %s, %s (↑ ↓ move it)", strip_label(a, a->sel), r.name, t,
			   lane_ref_fmt(&r, v, vs, sizeof vs));
	return RD_ALL & ~RD_LAYOUT;
}

static int clear_span(struct app *a, double s0, double s1)
{
	struct timeline *tl = tl_get(a);
	struct lane_ref r = cur_lane(a, tl);
	struct auto_lane l = lane_outside(r.l, s0, s1);
	int gone = r.l->n - l.n;
	char t0[32], t1[32];
	units_fmt_time(t0, sizeof t0, s0);
	units_fmt_time(t1, sizeof t1, s1);
	if (!gone) {
		lane_free(&l);
		app_status(a, false, "%s %s has no points from %s to %s", strip_label(a, a->sel), r.name, t0, t1);
		return RD_STATUS;
	}
	apply(a, &r, &l, false);
	if (!a->status_err)
		told(a, "%s %s: %d point%s from %s to %s removed (u undoes)", strip_label(a, a->sel), r.name,
			   gone, gone == 1 ? "" : "s", t0, t1);
	return RD_ALL & ~RD_LAYOUT;
}

static int t_delete(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	struct lane_ref r = cur_lane(a, tl);
	struct auto_lane l = {0};
	double s0, s1;
	char t[32];
	int k;

	if (selection(tl, &s0, &s1))
		return clear_span(a, s0, s1);
	k = point_at_cursor(a, tl, r.l);
	if (k < 0) {
		app_status(a, false, "no %s point under the cursor to delete (v ... v selects a span to clear)", r.name);
		return RD_STATUS;
	}
	units_fmt_time(t, sizeof t, r.l->pt[k].t);
	for (int i = 0; i < r.l->n; i++)
		if (i != k)
			lane_add(&l, r.l->pt[i].t, r.l->pt[i].v);
	apply(a, &r, &l, false);
	if (!a->status_err)
		told(a, "%s %s: point at %s deleted (u undoes)", strip_label(a, a->sel), r.name, t);
	return RD_ALL & ~RD_LAYOUT;
}

static int t_lane(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	int n = timeline_nlanes(app_strip(a));
	struct lane_ref r;
	tl->lane = ((tl->lane + (key == 'N' ? -1 : 1)) % n + n) % n;
	r = cur_lane(a, tl);
	app_status(a, false, "%s lane: %s (%d point%s)", strip_label(a, a->sel), r.name, r.l->n, r.l->n == 1 ? "" : "s");
	return RD_CONSOLE | RD_STATUS;
}

static int t_visual(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	char t0[32], t1[32];
	if (tl->vsel != 1) {
		tl->vsel = 1;
		tl->va = tl->vb = tl->cur;
		app_status(a, false, "selection from %s: move the cursor, v ends it", units_fmt_time(t0, sizeof t0, tl->cur));
		return RD_CONSOLE | RD_STATUS;
	}
	tl->vb = tl->cur;
	if (fabs(tl->vb - tl->va) < 1e-9) {
		tl->vsel = 0;
		app_status(a, false, "an empty selection: none");
		return RD_CONSOLE | RD_STATUS;
	}
	tl->vsel = 2;
	units_fmt_time(t0, sizeof t0, fmin(tl->va, tl->vb));
	units_fmt_time(t1, sizeof t1, fmax(tl->va, tl->vb));
	app_status(a, false, "selected %s-%s: L loops it, m mutes it, :ramp VALUE, x clears its points", t0, t1);
	return RD_CONSOLE | RD_STATUS;
}

static int t_escape(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	if (tl->vsel) {
		tl->vsel = 0;
		app_status(a, false, "selection dropped");
		return RD_CONSOLE | RD_STATUS;
	}
	return keymap_back(a, key);
}

static int t_loop(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	double s0, s1;
	char cmd[96], t0[32], t1[32];
	if (!selection(tl, &s0, &s1))
		return no_selection(a, "L");
	snprintf(cmd, sizeof cmd, "loop %s %s", units_fmt_time(t0, sizeof t0, s0), units_fmt_time(t1, sizeof t1, s1));
	return command_run(a, cmd) | RD_CONSOLE;
}

/* m: mute points on at the selection's start and, at its end, what the
 * lane said there before (off where it said nothing); the points
 * between go, the ones outside stay. */
static int t_mute(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	struct lane_ref r;
	struct auto_lane l;
	double s0, s1, after = 0;
	char t0[32], t1[32];
	if (!selection(tl, &s0, &s1))
		return no_selection(a, "m (mute a span)");
	timeline_lane(app_strip(a), 2, &r);
	for (int i = 0; i < r.l->n; i++)
		if (r.l->pt[i].t <= s1 + 1e-9)
			after = r.l->pt[i].v;
	l = lane_outside(r.l, s0, s1);
	lane_add(&l, s0, 1);
	lane_add(&l, s1, after);
	apply(a, &r, &l, false);
	if (!a->status_err)
		told(a, "%s muted from %s to %s (auto.mute; u undoes)", strip_label(a, a->sel),
			   units_fmt_time(t0, sizeof t0, s0), units_fmt_time(t1, sizeof t1, s1));
	return RD_ALL & ~RD_LAYOUT;
}

/* a: as in the console; the title shows the mode beside the lane */
static int t_auto(struct app *a, int key)
{
	return auto_cycle(a) | RD_CONSOLE;
}

static int t_playhead(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	char t[32];
	engine_seek(a->e, tl->cur);
	app_status(a, false, "playhead at the cursor, %s", units_fmt_time(t, sizeof t, tl->cur));
	return RD_HEADER | RD_CONSOLE | RD_STATUS;
}

static int t_to_playhead(struct app *a, int key)
{
	struct timeline *tl = tl_get(a);
	char t[32];
	cursor_to(a, tl, a->st.pos);
	app_status(a, false, "cursor at the playhead, %s", units_fmt_time(t, sizeof t, tl->cur));
	return RD_CONSOLE | RD_STATUS;
}

/* ---- commands (commands.c's table calls these) ---- */

int timeline_ramp(struct app *a, char *args)
{
	struct timeline *tl = tl_get(a);
	struct lane_ref r = cur_lane(a, tl);
	struct auto_lane l;
	double s0, s1, v0, v1;
	char a0[32], a1[32], t0[32], t1[32];
	if (a->screen != &screen_timeline || !selection(tl, &s0, &s1))
		return no_selection(a, "ramp");
	if (r.id == P_AUTO_MUTE || (r.up && (r.up->kind == UPK_ENUM || r.up->kind == UPK_TOGGLE))) {
		app_status(a, true, "ramp: a %s lane only switches (%s; n picks another lane)", r.id == P_AUTO_MUTE ?
			   "mute" : r.name, r.id == P_AUTO_MUTE ? "m mutes a selection" : "Enter adds a point, ↑ ↓ change it");
		return RD_STATUS;
	}
	if (!*args || lane_ref_parse(&r, args, &v1)) {
		char range[200] = "";
		if (r.up)
			snprintf(range, sizeof range, "%s..%s", lane_ref_fmt(&r, r.lo, a0, sizeof a0),
				 lane_ref_fmt(&r, r.hi, a1, sizeof a1));
		app_status(a, true, "usage: ramp VALUE, the %s at the selection's end (%s)", r.name,
			   r.up ? range : r.id == P_AUTO_PAN ? "L30, C, R20 or -100..100"
			   : r.id == P_AUTO_WIDTH ? "0..200 %" : "dB, -90..+12 or -inf");
		return RD_STATUS;
	}
	v0 = lane_ref_value(&r, s0);
	l = lane_outside(r.l, s0, s1);
	lane_add(&l, s0, v0);
	lane_add(&l, s1, v1);
	apply(a, &r, &l, false);
	if (!a->status_err)
		told(a, "%s %s ramps from %s at %s to %s at %s (u undoes)", strip_label(a, a->sel), r.name,
			   lane_ref_fmt(&r, v0, a0, sizeof a0), units_fmt_time(t0, sizeof t0, s0),
			   lane_ref_fmt(&r, v1, a1, sizeof a1), units_fmt_time(t1, sizeof t1, s1));
	return RD_ALL & ~RD_LAYOUT;
}

int timeline_clear(struct app *a, char *args)
{
	struct timeline *tl = tl_get(a);
	double s0, s1;
	if (a->screen != &screen_timeline || !selection(tl, &s0, &s1))
		return no_selection(a, "clear");
	return clear_span(a, s0, s1);
}

/* ---- the screen ---- */

static void timeline_enter(struct app *a)
{
	struct timeline *tl = tl_get(a);
	if (tl->spc <= 0) /* the first time: the cursor at the playhead, the zoom set by the first draw */
		tl->cur = round_ms(a->st.pos);
}

static void timeline_draw(struct app *a, int flags)
{
	(void)flags;
	timeline_paint(a, tl_get(a));
}

static const struct binding timeline_keys[] = {
	{KEY_LEFT, "←  →  h  l", SCR_TIMELINE, "←→\th/l\tcursor",
	 "move the cursor a beat (or a bar, zoomed out) when the project has a tempo, else a column", t_cursor, NULL},
	{KEY_RIGHT, NULL, SCR_TIMELINE, NULL, NULL, t_cursor, NULL},
	{'h', NULL, SCR_TIMELINE, NULL, NULL, t_cursor, NULL},
	{'l', NULL, SCR_TIMELINE, NULL, NULL, t_cursor, NULL},
	{KEY_SLEFT, "S-←  S-→", SCR_TIMELINE, NULL, "move the cursor four steps", t_cursor, NULL},
	{KEY_SRIGHT, NULL, SCR_TIMELINE, NULL, NULL, t_cursor, NULL},
	{'{', "{  }", SCR_TIMELINE, NULL, "cursor to the previous / next marker", t_marker, NULL},
	{'}', NULL, SCR_TIMELINE, NULL, NULL, t_marker, NULL},
	{KEY_HOME, "Home End", SCR_TIMELINE, NULL, "cursor to the start / end of the song", t_ends, NULL},
	{KEY_END, NULL, SCR_TIMELINE, NULL, NULL, t_ends, NULL},
	{'+', "+  -", SCR_TIMELINE, "+-\t+-\tzoom", "zoom in / out around the cursor", t_zoom, NULL},
	{'=', NULL, SCR_TIMELINE, NULL, NULL, t_zoom, NULL},
	{'-', NULL, SCR_TIMELINE, NULL, NULL, t_zoom, NULL},
	{KEY_UP, "↑  ↓", SCR_TIMELINE, "↑↓\tUp/Dn\tpoint/row",
	 "with a point under the cursor: move it by the lane's step (0.5 dB, pan and width 5; mute: ↑ heard, "
	 "↓ muted); "
	 "without one: select the row above / below", t_updown, NULL},
	{KEY_DOWN, NULL, SCR_TIMELINE, NULL, NULL, t_updown, NULL},
	{KEY_PPAGE, "PgUp PgDn", SCR_TIMELINE, NULL, "move the point under the cursor by 3 dB (pan 25, width 30 %)", t_updown, NULL},
	{KEY_NPAGE, NULL, SCR_TIMELINE, NULL, NULL, t_updown, NULL},
	{'k', "k  j", SCR_TIMELINE, NULL, "select the row above / below, point or not", t_row, NULL},
	{'j', NULL, SCR_TIMELINE, NULL, NULL, t_row, NULL},
	{'\n', "Enter", SCR_TIMELINE, "⏎\tEnter\tpoint", "add a point at the cursor with the lane's value there", t_add,
	 NULL},
	{'\r', NULL, SCR_TIMELINE, NULL, NULL, t_add, NULL},
	{KEY_ENTER, NULL, SCR_TIMELINE, NULL, NULL, t_add, NULL},
	{'x', "x  Delete", SCR_TIMELINE, "x\tx\tdel",
	 "delete the point under the cursor; with a selection, every point in it (:clear)", t_delete, NULL},
	{KEY_DC, NULL, SCR_TIMELINE, NULL, NULL, t_delete, NULL},
	{'n', "n  N", SCR_TIMELINE, "n\tn\tlane",
	 "next / previous lane of the strip: gain, pan, mute, width, each send, each insert parameter", t_lane, NULL},
	{'N', NULL, SCR_TIMELINE, NULL, NULL, t_lane, NULL},
	{'v', "v", SCR_TIMELINE, "v\tv\tselect", "start a selection at the cursor; again: end it there", t_visual, NULL},
	{'L', "L", SCR_TIMELINE, NULL, "make the selection the loop region", t_loop, NULL},
	{'m', "m", SCR_TIMELINE, NULL,
	 "mute the selection: auto.mute on at its start, back at its end (:ramp VALUE ramps the lane across it)",
	 t_mute, NULL},
	{'a', "a", SCR_TIMELINE, NULL, "automation mode of the strip: off, read, touch, latch, write (as in the console)",
	 t_auto, NULL},
	{'p', "p  P", SCR_TIMELINE, NULL, "move the playhead to the cursor / the cursor to the playhead", t_playhead,
	 NULL},
	{'P', NULL, SCR_TIMELINE, NULL, NULL, t_to_playhead, NULL},
	{'\t', NULL, SCR_TIMELINE, "Tab\tTab\tconsole", NULL, keymap_back, NULL},
	{27, "Esc", SCR_TIMELINE, NULL, "drop the selection; without one, back to the console", t_escape, NULL},
};

const struct screen screen_timeline = {
	.name = "timeline",
	.bit = SCR_TIMELINE,
	.enter = timeline_enter,
	.draw = timeline_draw,
	.bindings = timeline_keys,
	.nbindings = (int)ARRAY_LEN(timeline_keys),
};
