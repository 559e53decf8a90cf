/* lane_edit.c — a whole automation lane set as one edit (timeline.h).
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
