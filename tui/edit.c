/* edit.c — the one path of every edit the screen makes: the text goes
 * through strip_set (the same parser as the file and `:set`), the model
 * changes, the engine gets the new value at once, and the step lands in
 * the undo history. Strip -1 is the [project] section (the loop). */
#include "tui.h"
#include "project_edit.h"
#include "dsp/unit.h"
#include "tmix.h"
#include "units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct strip *strip_at(struct app *a, int strip)
{
	return strip < 0 ? &a->p->proj : a->p->strips[strip];
}

/* Rebinds bus names and rebuilds the graph: for edits that change the
 * shape of the mix (an output, a new send, automation, the fx kind). */
static void restructure(struct app *a)
{
	struct diags ds = {0};
	char err[256];
	project_resolve(a->p, &ds);
	if (ds.nerrors)
		app_status(a, true, "%s", ds.d[0].msg);
	else if (engine_reload(a->e, a->p, err, sizeof err))
		app_status(a, true, "engine: %s", err);
	diags_free(&ds);
}

void edit_push_engine(struct app *a, int strip, const char *key)
{
	const char *suffix;
	int id = param_lookup(key, &suffix);
	struct strip *s = strip_at(a, strip);

	if (id < 0)
		return;
	if (strip < 0) {
		if (id == P_LOOP)
			engine_set_loop(a->e, s->mode[P_LOOP] == PM_VALUE, s->v[P_LOOP], a->p->loop_end);
		else
			restructure(a);
		return;
	}
	if (id == P_AUTO_MODE) { /* off takes the lanes out of the graph */
		restructure(a);
		return;
	}
	if (param_defs[id].type == PT_LANE) { /* swapped in place: no reload, no gap */
		int target = id == P_AUTO_GAIN ? P_GAIN : id == P_AUTO_PAN ? P_PAN : id == P_AUTO_WIDTH ? P_WIDTH
			: id == P_AUTO_MUTE ? P_MUTE : -1;
		for (int i = 0; id == P_AUTO_SEND && i < s->nsends; i++)
			if (!units_casecmp(s->sends[i].bus_name, suffix) && s->sends[i].bus >= 0)
				target = GRAPH_REC_SEND + i;
		if (target >= 0 && strip_auto_mode(s) != AM_OFF) {
			engine_set_lane(a->e, strip, target, target >= GRAPH_REC_SEND
				? &s->sends[target - GRAPH_REC_SEND].lane : strip_lane(s, (enum param_id)target, -1));
			return;
		}
		if (target >= 0)
			return; /* off: the graph plays no lane */
		if (id == P_AUTO_INSERT) {
			int slot, k;
			const struct auto_lane *l;
			if (!insert_key_parse(s, suffix, &slot, &k) && k >= 0 && k < GRAPH_LANE_INSERT_PARAMS &&
			    (l = insert_lane(s, slot, k))) {
				if (strip_auto_mode(s) != AM_OFF)
					engine_set_lane(a->e, strip, GRAPH_LANE_INSERT + slot * GRAPH_LANE_INSERT_PARAMS + k, l);
				return;
			}
		}
	}
	if (param_is_scalar((enum param_id)id)) {
		engine_set_param(a->e, strip, (enum param_id)id, s->v[id], s->mode[id]);
		return;
	}
	if (id == P_EQ) {
		int band = (int)strtol(suffix, NULL, 10) - 1;
		if (band >= 0 && band < EQ_BANDS)
			engine_set_eq(a->e, strip, band, &s->eq[band]);
		return;
	}
	if (id == P_INSERT) {
		int slot, k;
		if (!insert_key_parse(s, suffix, &slot, &k) && k != INSERT_UNIT) {
			engine_set_insert(a->e, strip, slot, k,
					  k == INSERT_BYPASS ? s->inserts[slot].bypass : s->inserts[slot].v[k]);
			if (k != INSERT_BYPASS && s->inserts[slot].unit->latency) {
				a->latency_armed = true;
				a->latency_at = a->now;
			}
			return;
		}
	}
	if (id == P_SEND) {
		for (int i = 0; i < s->nsends; i++)
			if (!strcmp(s->sends[i].bus_name, suffix)) {
				if (s->sends[i].bus < 0)
					break; /* a new send: the graph has no path for it yet */
				engine_set_send(a->e, strip, i, s->sends[i].level, s->sends[i].pre);
				return;
			}
	}
	restructure(a);
}

/* The graph notices a unit's latency moving (graph_latency_moved) and
 * keeps playing with the old compensation: the rebuild is a reload, as a
 * structural edit is, from the model that now holds the new value. Only
 * after an edit of a unit that reports latency, and once per edit: a
 * plugin whose latency moves by itself (with its signal) would otherwise
 * rebuild the graph again and again. Stopped, nothing runs the plugin to
 * report anything: the graph is rebuilt once the keys rest a quarter of
 * a second (a reload reads every latency afresh), silently unless the
 * figure moved. */
int edit_latency_poll(struct app *a)
{
	char err[256];
	int before = a->st.unit_latency;
	if (!a->latency_armed)
		return 0;
	if (!a->st.playing && a->now - a->latency_at < 0.25)
		return 0;
	if (a->st.playing && !engine_latency_moved(a->e)) {
		if (a->now - a->latency_at > 1.0) /* it reports within a block or two: this edit did not move it */
			a->latency_armed = false;
		return 0;
	}
	a->latency_armed = false;
	if (engine_reload(a->e, a->p, err, sizeof err)) {
		app_status(a, true, "a plugin's latency changed, but the graph could not be rebuilt: %s", err);
		return RD_HEADER | RD_STATUS;
	}
	engine_status(a->e, &a->st);
	if (a->st.unit_latency == before && !a->st.playing)
		return RD_HEADER;
	app_status(a, false, "a plugin's latency changed: delay compensation rebuilt (lat %.1f ms)",
		   1000.0 * a->st.unit_latency / (a->st.rate > 0 ? a->st.rate : 48000));
	return RD_HEADER | RD_STATUS;
}

/* An edit that changes the routing (a new send, an output, a bus's
 * kind, a name that sends and outputs refer to) is tried on a copy first
 * and refused when the copy would not load: a circle of buses, a track
 * feeding an effect bus by its output, a send to a name that is gone. A
 * send at -inf is still a route (the file keeps it); a sidechain key
 * that would close a circle is refused the same way. A new level on a
 * send the strip already has changes nothing the loader checks. */
static bool routing_edit(const struct strip *s, int id, const char *suffix)
{
	enum param_type t = param_defs[id].type;
	if (t == PT_SEND) {
		for (int i = 0; i < s->nsends; i++)
			if (!units_casecmp(s->sends[i].bus_name, suffix))
				return false;
		return true;
	}
	return t == PT_BUSREF || t == PT_FXKIND || t == PT_TEXT || t == PT_KEYREF;
}

static bool breaks_routing(struct app *a, int strip, const char *key, const char *text, char *why, size_t n)
{
	struct project *q = project_clone(a->p);
	struct diags ds = {0};
	char err[256];
	bool bad = false;
	if (strip >= 0 && !strip_set(q, q->strips[strip], key, text, err, sizeof err)) {
		project_resolve(q, &ds);
		for (int i = 0; i < ds.n && !bad; i++)
			if (ds.d[i].level == DIAG_ERROR) {
				snprintf(why, n, "%s", ds.d[i].msg);
				bad = true;
			}
	}
	diags_free(&ds);
	project_free(q);
	return bad;
}

/* Any value edit is tried on a copy whose saved text is read back as the
 * loader would: `:tempo off` with a delay time in note lengths would
 * leave a file that does not load (and every structural edit after it,
 * made on that text, would fail). Refused with the loader's reason. */
static bool breaks_reading(struct app *a, int strip, const char *key, const char *text, char *why, size_t n)
{
	struct diags ds = {0};
	char err[256], *s;
	size_t len;
	bool bad = false;
	/* the model's own text read back: it has the lines a save edits */
	struct project *q, *r = NULL;
	s = project_render_text(a->p, &len);
	q = project_load_text(a->p->path, s, len, &ds);
	free(s);
	if (!q || ds.nerrors || strip >= q->nstrips) {
		project_free(q);
		diags_free(&ds);
		return false; /* not this edit's doing; the structural edits say so */
	}
	diags_free(&ds);
	if (!strip_set(q, strip < 0 ? &q->proj : q->strips[strip], key, text, err, sizeof err)) {
		s = project_render_text(q, &len);
		r = project_load_text(q->path, s, len, &ds);
		for (int i = 0; i < ds.n && !bad; i++)
			if (ds.d[i].level == DIAG_ERROR) {
				snprintf(why, n, "the file would not load: %s", ds.d[i].msg);
				bad = true;
			}
		free(s);
	}
	project_free(r);
	diags_free(&ds);
	project_free(q);
	return bad;
}

static int edit_set_text(struct app *a, int strip, struct strip *s, const char *key, int id, const char *suffix,
			 const char *text, bool coalesce, char *before, char *after, size_t size);

int edit_set(struct app *a, int strip, const char *key, const char *text, bool coalesce)
{
	struct strip *s = strip_at(a, strip);
	char *before, *after;
	const char *suffix;
	int id = param_lookup(key, &suffix);
	int rd;
	size_t size;

	if (id < 0) {
		const char *hint = param_suggest(key, strip_scope(s));
		app_status(a, true, "unknown key '%s'%s%s%s", key, hint ? " (did you mean " : "",
			   hint ? hint : "", hint ? "?)" : "");
		return RD_STATUS;
	}
	if (!(param_defs[id].scope & strip_scope(s))) {
		app_status(a, true, "%s does not apply to %s", key,
			   strip < 0 ? "the project" : s->name);
		return RD_STATUS;
	}
	/* a lane's text can be long: the history must hold all of it */
	size = strip_text_size(s) + strlen(text);
	before = xmalloc(size);
	after = xmalloc(size);
	rd = edit_set_text(a, strip, s, key, id, suffix, text, coalesce, before, after, size);
	free(before);
	free(after);
	return rd;
}

static int edit_set_text(struct app *a, int strip, struct strip *s, const char *key, int id, const char *suffix,
			 const char *text, bool coalesce, char *before, char *after, size_t size)
{
	char err[256];

	if (id == P_INSERT) { /* a slot's unit is the file's shape: its own commands */
		int slot, k;
		const char *dot = strchr(suffix, '.');
		if (dot && !units_casecmp(dot + 1, "state")) { /* not a parameter: where a save put the state */
			app_status(a, true, "%s: a save writes it (the plugin's state folder beside the project); "
				   "it is not set from the mixer", key);
			return RD_STATUS;
		}
		if (insert_key_parse(s, suffix, &slot, &k)) {
			app_status(a, true, "%s: %s", key, s->ninserts ? "no such insert parameter (Tab lists them)"
				   : "the strip has no inserts (:insert add UNIT)");
			return RD_STATUS;
		}
		if (k == INSERT_UNIT && units_casecmp(text, s->inserts[slot].unit->name)) {
			app_status(a, true, "%s: to change the unit, :insert delete %d and :insert add UNIT", key, slot + 1);
			return RD_STATUS;
		}
	}
	if (!strip_get(a->p, s, key, before, size))
		snprintf(before, size, "%s", id == P_SEND ? "-inf" : "");
	if (routing_edit(s, id, suffix) && breaks_routing(a, strip, key, text, err, sizeof err)) {
		app_status(a, true, "%s %s: %s", s->name, key, err);
		return RD_STATUS;
	}
	/* a typed value or a toggle is checked (2.7 ms on the demo: two
	 * renders and reads); a held key's steps (coalesced) are not: they
	 * are values param_format wrote, on a key whose kind cannot change */
	if (!coalesce && breaks_reading(a, strip, key, text, err, sizeof err)) {
		app_status(a, true, "%s %s: %s", strip < 0 ? "project" : s->name, key, err);
		return RD_STATUS;
	}
	if (strip_set(a->p, s, key, text, err, sizeof err)) {
		app_status(a, true, "%s: %s", key, err);
		return RD_STATUS;
	}
	if (!strip_get(a->p, s, key, after, size))
		after[0] = 0;
	edit_push_engine(a, strip, key);
	if (strcmp(before, after)) {
		undo_record(a->undo, strip, key, before, after, a->now, coalesce);
		a->edits++;
		a->edit_t = a->now;
	}
	app_status(a, false, "%s %s = %s", strip < 0 ? "project" : s->kind == SK_MASTER ? "master" : s->name,
		   key, after);
	if (id == P_INSERT && strip >= 0) { /* a value its lane hides is not heard: say so */
		int slot, k;
		const struct auto_lane *l;
		if (!insert_key_parse(s, suffix, &slot, &k) && k >= 0 && (l = insert_lane(s, slot, k)) && l->n &&
		    strip_auto_mode(s) != AM_OFF)
			app_status(a, false, "%s %s = %s, not heard: its lane plays (auto.mode = off)",
				   s->kind == SK_MASTER ? "master" : s->name, key, after);
	}
	return RD_ALL & ~RD_LAYOUT;
}

int edit_scalar(struct app *a, int strip, enum param_id id, double v, enum param_mode mode)
{
	char txt[64];
	param_format(id, v, mode, txt, sizeof txt);
	return edit_set(a, strip, param_defs[id].key, txt, true);
}

/* Puts np in place of the model: the engine builds np's graph on this
 * thread and swaps it in at a block boundary (engine_reload, as a hot
 * reload does), without stopping the transport. On failure np is freed
 * and the model stays. */
static int adopt(struct app *a, struct project *np)
{
	char err[256];
	struct project *old = a->p;
	const struct strip *pj = &np->proj;

	if (engine_reload(a->e, np, err, sizeof err)) {
		app_status(a, true, "engine: %s", err);
		project_free(np);
		return -1;
	}
	a->p = np;
	project_free(old);
	free(a->mv);
	a->mv = xcalloc((size_t)np->nstrips, sizeof *a->mv);
	for (int i = 0; i < np->nstrips; i++)
		for (int c = 0; c < 2; c++)
			a->mv[i].peak[c] = a->mv[i].rms[c] = a->mv[i].hold[c] = -100;
	engine_set_loop(a->e, pj->mode[P_LOOP] == PM_VALUE, pj->v[P_LOOP], np->loop_end);
	mastering_model_changed(a);
	return 0;
}

int edit_structure(struct app *a, struct project *np, const char *what, int sel)
{
	size_t len;
	char *before = project_render_text(a->p, &len), *after = project_render_text(np, &len);
	int sel_before = a->sel;

	if (adopt(a, np)) {
		free(before);
		free(after);
		return RD_STATUS;
	}
	undo_record_text(a->undo, what, before, after, sel_before, sel, a->now);
	free(before);
	free(after);
	a->sel = sel;
	app_clamp_selection(a);
	return RD_ALL;
}

int edit_restore_text(struct app *a, const char *text, int sel)
{
	char err[256];
	struct project *np = project_from_text(a->p->path, text, err, sizeof err);
	if (!np) {
		app_status(a, true, "cannot restore: %s", err);
		return -1;
	}
	if (adopt(a, np))
		return -1;
	a->sel = sel;
	app_clamp_selection(a);
	return 0;
}
