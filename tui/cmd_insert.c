/* cmd_insert.c — `:insert add UNIT | delete N | move N M | bypass N` on
 * the selected strip (and the detail panel's keys, which run these).
 * Add, delete and move change the file's shape: they go through
 * project_edit.h's text edits and edit_structure (one undo step, the
 * graph rebuilt off the audio thread); bypass is a value edit of
 * insert.N.bypass, sent to the running unit. */
#include "commands.h"
#include "dsp/unit.h"
#include "project_edit.h"
#include "tmix.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int say(struct app *a, bool err, const char *msg)
{
	app_status(a, err, "%s", msg);
	return RD_STATUS;
}

/* A slot number 1..ninserts from text; -1 with a message when not. */
static int slot_arg(struct app *a, const char *w, const char *what)
{
	const struct strip *s = app_strip(a);
	char *end;
	long n = w ? strtol(w, &end, 10) : 0;
	if (!w || *end || n < 1 || n > s->ninserts) {
		if (!s->ninserts)
			app_status(a, true, "insert %s: %s has no inserts (:insert add UNIT)", what,
				   s->kind == SK_MASTER ? "master" : s->name);
		else
			app_status(a, true, "insert %s: N is 1 to %d on %s", what, s->ninserts,
				   s->kind == SK_MASTER ? "master" : s->name);
		return -1;
	}
	return (int)n - 1;
}

static int done(struct app *a, struct project *np, const char *what, const char *err, int sel)
{
	if (!np)
		return app_status(a, true, "%s: %s", what, err), RD_STATUS;
	return edit_structure(a, np, what, sel);
}

int c_insert(struct app *a, char *args)
{
	char *verb = strtok(args, " \t"), *x = strtok(NULL, " \t"), *y = strtok(NULL, " \t");
	const struct strip *s = app_strip(a);
	char err[512], what[96], name[80];
	int n, m, rd;

	/* kept: edit_structure replaces the model, s with it */
	snprintf(name, sizeof name, "%s", s->kind == SK_MASTER ? "master" : s->name);
	if (!verb)
		return say(a, true, "usage: insert add UNIT | delete N | move N M | bypass N (:help insert)");
	if (!strcmp(verb, "add")) {
		char spec[600];
		if (!x)
			return say(a, true, "usage: insert add UNIT (Tab lists the units)");
		if (!strcmp(x, "lv2") && !y)
			return say(a, true, "usage: insert add lv2 URI (Tab completes a URI or a word of the plugin's name)");
		/* an LV2 plugin is two words: lv2 and its URI */
		snprintf(spec, sizeof spec, "%s%s%s", x, !strcmp(x, "lv2") ? " " : "", !strcmp(x, "lv2") ? y : "");
		snprintf(what, sizeof what, "insert add %.40s", spec);
		rd = done(a, project_edit_insert_add(a->p, a->sel, spec, err, sizeof err), what, err, a->sel);
		if (!a->status_err)
			app_status(a, false, "%s: insert.%d = %s (u undoes)", name, app_strip(a)->ninserts, spec);
		return rd;
	}
	if (!strcmp(verb, "delete")) {
		if ((n = slot_arg(a, x, "delete")) < 0)
			return RD_STATUS;
		int lanes = 0;
		for (int k = 0; s->inserts[n].lane && k < s->inserts[n].unit->nparams; k++)
			lanes += s->inserts[n].lane[k].n > 0;
		snprintf(what, sizeof what, "insert delete %d", n + 1);
		snprintf(err, sizeof err, "%s", s->inserts[n].spec);
		rd = done(a, project_edit_insert_delete(a->p, a->sel, n, what, sizeof what), "insert delete", what,
			  a->sel);
		if (!a->status_err)
			app_status(a, false, "%s: insert %d (%s) deleted%s (u undoes)", name, n + 1, err,
				   lanes ? ", its lanes with it" : "");
		return rd;
	}
	if (!strcmp(verb, "move")) {
		if ((n = slot_arg(a, x, "move")) < 0 || (m = slot_arg(a, y, "move")) < 0)
			return RD_STATUS;
		snprintf(what, sizeof what, "insert move %d %d", n + 1, m + 1);
		rd = done(a, project_edit_insert_move(a->p, a->sel, n, m, err, sizeof err), what, err, a->sel);
		if (!a->status_err)
			app_status(a, false, "%s: insert %d is now insert %d (u undoes)", name, n + 1, m + 1);
		return rd;
	}
	if (!strcmp(verb, "bypass")) {
		char key[32];
		if ((n = slot_arg(a, x, "bypass")) < 0)
			return RD_STATUS;
		snprintf(key, sizeof key, "insert.%d.bypass", n + 1);
		return edit_set(a, a->sel, key, s->inserts[n].bypass ? "off" : "on", false);
	}
	return say(a, true, "usage: insert add UNIT | delete N | move N M | bypass N (:help insert)");
}
