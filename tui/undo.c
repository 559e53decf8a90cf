/* undo.c — the edit history: each step is one key of one strip with its
 * text before and after, so undo and redo replay through strip_set like
 * any other edit. A structural edit (rename, move, add, delete) is a
 * step holding the whole project text before and after it, restored
 * through the loader (edit_restore_text) with the markers of now (they
 * are not undoable, and a snapshot must not take one away); value steps before it keep
 * their strip indices because the history is undone in order. A run of presses on the same strip and key within a
 * second is one step (holding `k` to ride a fader is one gesture). */
#include "tui.h"
#include "tmix.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define COALESCE_S 1.0
#define TEXT_STEP (-2) /* a step's strip when it holds the whole text */

struct step {
	int strip;
	char key[64];
	char *before, *after;
	double t;
	unsigned group; /* steps of one grouped edit share a nonzero id */
	int sel[2];     /* text steps: the selection before and after */
};

struct undo {
	struct step *s;
	int n, pos, cap;
	int saved;   /* pos at the last save or load; -1 when that state is gone */
	bool sealed; /* the next edit starts a new step (after save, undo, redo) */
	unsigned group, ngroups; /* the group being recorded (0: none) */
};

/* Between begin and end, every recorded step is part of one undo step
 * (gain staging sets many trims with one key). */
void undo_group_begin(struct undo *u)
{
	u->group = ++u->ngroups;
	u->sealed = true;
}

void undo_group_end(struct undo *u)
{
	u->group = 0;
	u->sealed = true;
}

struct undo *undo_new(void)
{
	return xcalloc(1, sizeof(struct undo));
}

static void drop_from(struct undo *u, int from)
{
	for (int i = from; i < u->n; i++) {
		free(u->s[i].before);
		free(u->s[i].after);
	}
	u->n = from;
}

void undo_clear(struct undo *u)
{
	drop_from(u, 0);
	u->pos = u->saved = 0;
	u->sealed = true;
}

void undo_free(struct undo *u)
{
	if (!u)
		return;
	drop_from(u, 0);
	free(u->s);
	free(u);
}

void undo_record(struct undo *u, int strip, const char *key, const char *before, const char *after,
		 double now, bool coalesce)
{
	struct step *top = u->pos ? &u->s[u->pos - 1] : NULL;

	if (coalesce && !u->group && !u->sealed && top && u->pos == u->n && top->strip == strip &&
	    !strcmp(top->key, key) && now - top->t < COALESCE_S) {
		free(top->after);
		top->after = xstrdup(after);
		top->t = now;
		return;
	}
	drop_from(u, u->pos);
	if (u->saved > u->pos)
		u->saved = -1;
	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 64;
		u->s = xrealloc(u->s, sizeof *u->s * (size_t)u->cap);
	}
	top = &u->s[u->n++];
	top->strip = strip;
	snprintf(top->key, sizeof top->key, "%s", key);
	top->before = xstrdup(before);
	top->after = xstrdup(after);
	top->t = now;
	top->group = u->group;
	u->pos = u->n;
	u->sealed = u->group != 0;
}

void undo_record_text(struct undo *u, const char *what, const char *before, const char *after, int sel_before,
		      int sel_after, double now)
{
	u->sealed = true;
	undo_record(u, TEXT_STEP, what, before, after, now, false);
	u->s[u->pos - 1].sel[0] = sel_before;
	u->s[u->pos - 1].sel[1] = sel_after;
	u->sealed = true;
}

static int step_one(struct app *a, int dir, int n)
{
	struct undo *u = a->undo;
	struct step *st = &u->s[dir < 0 ? u->pos - 1 : u->pos];
	struct strip *s = st->strip < 0 ? &a->p->proj : a->p->strips[st->strip];
	char err[256];

	if (st->strip == TEXT_STEP) {
		/* markers are not undoable (:marker says so): the snapshot holds
		 * the markers of its time, and restoring it must not take away
		 * one set since */
		struct marker *mk = a->p->nmarkers ? xmalloc(sizeof *mk * (size_t)a->p->nmarkers) : NULL;
		int nmk = a->p->nmarkers;
		for (int i = 0; i < nmk; i++)
			mk[i] = (struct marker){xstrdup(a->p->markers[i].name), a->p->markers[i].t};
		if (edit_restore_text(a, dir < 0 ? st->before : st->after, st->sel[dir < 0 ? 0 : 1])) {
			for (int i = 0; i < nmk; i++)
				free(mk[i].name);
			free(mk);
			return -1;
		}
		for (int i = 0; i < a->p->nmarkers; i++)
			free(a->p->markers[i].name);
		free(a->p->markers);
		a->p->markers = mk;
		a->p->nmarkers = nmk;
		u->pos += dir;
		app_status(a, false, "%s %s", dir < 0 ? "undo:" : "redo:", st->key);
		return 0;
	}

	if (strip_set(a->p, s, st->key, dir < 0 ? st->before : st->after, err, sizeof err)) {
		app_status(a, true, "%s: %s", st->key, err);
		return -1;
	}
	edit_push_engine(a, st->strip, st->key);
	u->pos += dir;
	if (st->strip >= 0 && !st->group)
		a->sel = st->strip;
	if (n > 1)
		app_status(a, false, "%s %d changes (%s)", dir < 0 ? "undo:" : "redo:", n, st->key);
	else
		app_status(a, false, "%s %s %s = %s", dir < 0 ? "undo:" : "redo:",
			   st->strip < 0 ? "project" : s->name, st->key, dir < 0 ? st->before : st->after);
	return 0;
}

int undo_step(struct app *a, int dir)
{
	struct undo *u = a->undo;
	unsigned g;
	int n = 1;

	if (dir < 0 ? u->pos == 0 : u->pos == u->n) {
		app_status(a, false, "nothing to %s", dir < 0 ? "undo" : "redo");
		return -1;
	}
	g = u->s[dir < 0 ? u->pos - 1 : u->pos].group;
	/* a group is undone and redone whole */
	if (g)
		for (int i = dir < 0 ? u->pos - 2 : u->pos + 1; i >= 0 && i < u->n && u->s[i].group == g; i += dir)
			n++;
	for (int k = 0; k < n; k++)
		if (step_one(a, dir, n))
			return -1;
	u->sealed = true;
	a->edits++;
	a->edit_t = a->now;
	return 0;
}

void undo_mark_saved(struct undo *u)
{
	u->saved = u->pos;
	u->sealed = true;
}

bool undo_at_saved(const struct undo *u)
{
	return u->saved == u->pos;
}
