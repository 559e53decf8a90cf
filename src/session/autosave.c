/* autosave.c — nothing lost when the session ends badly (hardening).
 *
 * While there are unsaved changes, the model's text (what Ctrl-S would
 * write: project_render_text) goes to NAME.ini.autosave every
 * TMIX_AUTOSAVE_SECONDS (60), when it changed, and once more when a
 * SIGHUP, SIGTERM or SIGINT ends the session (signals.c). It is written
 * like a save (temp file, fsync, rename) but never over NAME.ini, and
 * without a .bak. A save in place, a clean quit (with or without saving:
 * quitting without saving is the person's choice) and undoing back to
 * the saved state remove it. A read-only session never writes one.
 *
 * At the next start an autosave newer than NAME.ini is offered before
 * the mixer opens (tui/autosave_ask.c draws the question). Recovering does not adopt the autosave as the file: the
 * project is loaded from NAME.ini as always and each value in which the
 * autosave differs is applied as an edit (edit_set: model, engine, undo
 * history). The model is then dirty against NAME.ini's baseline, every
 * recovered change can be undone, and Ctrl-S rewrites only those values
 * in NAME.ini, its comments kept. An autosave whose strips differ from
 * the file's (a track added, moved or deleted on screen) is taken whole,
 * as one undoable structural step. */
#include "config.h"
#include "tmix.h"
#include "app_state.h"
#include "session.h"
#include "atomic.h"
#include "project_edit.h"
#include "units.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int autosave_path(const char *project, char *buf, size_t n)
{
	if ((size_t)snprintf(buf, n, "%s" PROJECT_AUTOSAVE_SUFFIX, project) < n)
		return 0;
	errno = ENAMETOOLONG;
	return -1;
}

static double interval(void)
{
	const char *env = getenv("TMIX_AUTOSAVE_SECONDS");
	double s = env ? strtod(env, NULL) : 60;
	return s > 0 ? s : 60;
}

int autosave_write(struct app *a)
{
	char path[4200], err[256];
	size_t len;
	char *text;

	if (a->readonly)
		return 0;
	text = project_render_text(a->p, &len);
	if (autosave_path(a->path, path, sizeof path)) {
		app_status(a, true, "autosave: the path of %s" PROJECT_AUTOSAVE_SUFFIX " is too long", a->path);
		free(text);
		return -1;
	}
	/* never through a link planted as NAME.autosave (and so never
	 * over the project itself, whatever the link points at) */
	if (atomic_write_companion(path, text, len, err, sizeof err)) {
		app_status(a, true, "autosave: %s", err);
		free(text);
		return -1;
	}
	free(a->autosave_text);
	a->autosave_text = text;
	return 0;
}

void autosave_remove(struct app *a)
{
	char path[4200], err[512];
	if (a->readonly || autosave_path(a->path, path, sizeof path))
		return;
	if (atomic_check_companion(path, err, sizeof err))
		app_status(a, true, "autosave: %s", err); /* a planted link: not ours to remove */
	else if (unlink(path) && errno != ENOENT)
		app_status(a, true, "%s: %s", path, strerror(errno));
	free(a->autosave_text);
	a->autosave_text = NULL;
}

/* Called every pass of the main loop; does something once a period. */
void autosave_tick(struct app *a)
{
	size_t len;
	char *text;

	if (a->readonly || a->now < a->autosave_next)
		return;
	if (a->autosave_next == 0) { /* first call: the clock starts now */
		a->autosave_next = a->now + interval();
		return;
	}
	a->autosave_next = a->now + interval();
	if (!app_dirty(a)) {
		if (a->autosave_text) /* undone back to what the file holds */
			autosave_remove(a);
		return;
	}
	text = project_render_text(a->p, &len);
	if (!a->autosave_text || strcmp(text, a->autosave_text))
		autosave_write(a);
	free(text);
}

/* An autosave newer than the project file (a plain file: one that is a
 * symbolic link is never read). */
bool autosave_pending(const char *project)
{
	char path[4200];
	struct stat as, ps;
	if (autosave_path(project, path, sizeof path) || lstat(path, &as) || !S_ISREG(as.st_mode) ||
	    stat(project, &ps))
		return false;
	return as.st_mtim.tv_sec > ps.st_mtim.tv_sec ||
	       (as.st_mtim.tv_sec == ps.st_mtim.tv_sec && as.st_mtim.tv_nsec > ps.st_mtim.tv_nsec);
}

/* path's folder can take new files named path + longest (a temp). */
static bool folder_takes(const char *path, const char *longest, char *buf, size_t n)
{
	char dir[PATH_MAX + 1], esc[600];
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	long max;

	if (strlen(path) + strlen(longest) >= PATH_MAX) {
		snprintf(buf, n, "cannot save here: the path of %s is too long", units_escape(path, esc, sizeof esc));
		return false;
	}
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path + (slash == path)) : 1, slash ? path : ".");
	if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS)) {
		snprintf(buf, n, "cannot save here: the folder %s is %s (:w FILE writes elsewhere)",
			 units_escape(dir, esc, sizeof esc), errno == EROFS ? "read-only" : "not writable");
		return false;
	}
	max = pathconf(dir, _PC_NAME_MAX);
	if (max > 0 && strlen(base) + strlen(longest) > (size_t)max) {
		snprintf(buf, n, "cannot save here: the name %s is too long for its temporary files (%ld bytes at most)",
			 units_escape(base, esc, sizeof esc), max - (long)strlen(longest));
		return false;
	}
	return true;
}

bool autosave_cannot_save(const struct app *a, char *buf, size_t n)
{
	char *real = realpath(a->path, NULL);
	bool ok = folder_takes(real ? real : a->path, ATOMIC_BAK_SUFFIX ".tmp-XXXXXX", buf, n) &&
		  folder_takes(a->path, PROJECT_AUTOSAVE_SUFFIX ".tmp-XXXXXX", buf, n);
	free(real);
	return !ok;
}

/* ---- recover: the autosave's values applied to the model as edits ---- */

struct replay {
	struct app *a;
	int strip;
	const struct project *from;
	int changed;
};

static void replay_key(void *ctx, const char *key, const char *value)
{
	struct replay *r = ctx;
	struct strip *s = r->strip < 0 ? &r->a->p->proj : r->a->p->strips[r->strip];
	char cur[4096];
	if (!value)
		return;
	if (strip_get(r->a->p, s, key, cur, sizeof cur) && !strcmp(cur, value))
		return;
	edit_set(r->a, r->strip, key, value, false);
	r->changed++;
}

static bool same_markers(const struct project *x, const struct project *y)
{
	if (x->nmarkers != y->nmarkers)
		return false;
	for (int i = 0; i < x->nmarkers; i++)
		if (strcmp(x->markers[i].name, y->markers[i].name) || x->markers[i].t != y->markers[i].t)
			return false;
	return true;
}

/* The same strips in the same order, and the same references: the
 * autosave differs from the file in values only. */
static bool same_shape(const struct project *x, const struct project *y)
{
	if (x->nstrips != y->nstrips || x->ntracks != y->ntracks || x->nrefs != y->nrefs)
		return false;
	for (int i = 0; i < x->nstrips - 1; i++)
		if (x->strips[i]->kind != y->strips[i]->kind || strcmp(x->strips[i]->name, y->strips[i]->name))
			return false;
	for (int i = 0; i < x->nrefs; i++)
		if (strcmp(x->refs[i].name, y->refs[i].name))
			return false;
	return true;
}

/* Tracks were added, moved or deleted on screen (the session commands)
 * before the session ended: replaying values by name cannot rebuild
 * that, so the autosave's whole text becomes the model as one undoable
 * structural step (edit_structure), the file's text around it kept. */
static int recover_shape(struct app *a, struct project *as)
{
	size_t len;
	char *text = project_render_text(as, &len), err[256];
	struct project *np = project_from_text(a->p->path, text, err, sizeof err);
	free(text);
	if (!np) {
		app_status(a, true, "cannot recover the autosave: %s", err);
		return -1;
	}
	edit_structure(a, np, "recover the autosave", a->sel);
	app_status(a, false, "recovered the unsaved session, tracks added, moved or deleted too (u undoes)");
	free(a->autosave_text);
	a->autosave_text = project_render_text(a->p, &len);
	return 0;
}

int autosave_recover(struct app *a)
{
	char path[4200], base[64] = "";
	struct diags ds = {0};
	struct project *as;
	struct replay r = {.a = a};
	int missing = 0;

	autosave_path(a->path, path, sizeof path);
	/* autosave_pending checked it is a plain file; a link put there
	 * since is still not read */
	as = atomic_check_companion(path, (char[256]){0}, 256) ? NULL : project_load(path, &ds);
	if (!as || ds.nerrors) {
		app_status(a, true, "cannot recover %s: %s", path,
			   ds.nerrors ? ds.d[0].msg : "cannot read it");
		project_free(as);
		diags_free(&ds);
		return -1;
	}
	if (!same_shape(a->p, as)) {
		int rc = recover_shape(a, as);
		project_free(as);
		diags_free(&ds);
		return rc;
	}
	r.from = as;
	r.strip = -1;
	strip_emit(as, &as->proj, replay_key, &r);
	for (int i = 0; i < as->nstrips; i++) {
		const struct strip *s = as->strips[i];
		int k = s->kind == SK_MASTER ? a->p->nstrips - 1 : project_find_strip(a->p, s->name);
		if (k < 0 || a->p->strips[k]->kind != s->kind) {
			missing++; /* the screen cannot add strips; a changed file can */
			continue;
		}
		r.strip = k;
		strip_emit(as, s, replay_key, &r);
	}
	if (!same_markers(a->p, as)) {
		struct project *p = a->p;
		for (int i = 0; i < p->nmarkers; i++)
			free(p->markers[i].name);
		p->markers = xrealloc(p->markers, sizeof *p->markers * (size_t)(as->nmarkers + 1));
		for (int i = 0; i < as->nmarkers; i++)
			p->markers[i] = (struct marker){xstrdup(as->markers[i].name), as->markers[i].t};
		p->nmarkers = as->nmarkers;
		a->extra_dirty = true;
		r.changed++;
	}
	{
		const char *b = strrchr(a->path, '/');
		snprintf(base, sizeof base, "%s", b ? b + 1 : a->path);
	}
	if (missing)
		app_status(a, true, "recovered %d change%s; %d strip%s of the autosave no longer in %s", r.changed,
			   r.changed == 1 ? "" : "s", missing, missing == 1 ? " is" : "s are", base);
	else
		app_status(a, false, "recovered %d unsaved change%s (u undoes) - Ctrl-S writes them to %s", r.changed,
			   r.changed == 1 ? "" : "s", base);
	/* the edits are unsaved again: keep the autosave until they are saved */
	free(a->autosave_text);
	a->autosave_text = project_render_text(a->p, &(size_t){0});
	project_free(as);
	diags_free(&ds);
	return 0;
}
