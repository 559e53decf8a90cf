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
 * the mixer opens: recover, discard, or view the difference (diff -u in
 * a pager). Recovering does not adopt the autosave as the file: the
 * project is loaded from NAME.ini as always and each value in which the
 * autosave differs is applied as an edit (edit_set: model, engine, undo
 * history). The model is then dirty against NAME.ini's baseline, every
 * recovered change can be undone, and Ctrl-S rewrites only those values
 * in NAME.ini, its comments kept. An autosave whose strips differ from
 * the file's (a track added, moved or deleted on screen) is taken whole,
 * as one undoable structural step. */
#include "config.h"
#include "cli.h"
#include "tmix.h"
#include "tui.h"
#include "atomic.h"
#include "project_edit.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void autosave_path(const char *project, char *buf, size_t n)
{
	snprintf(buf, n, "%s" PROJECT_AUTOSAVE_SUFFIX, project);
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
	autosave_path(a->path, path, sizeof path);
	if (atomic_write(path, text, len, false, err, sizeof err)) {
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
	char path[4200];
	if (a->readonly)
		return;
	autosave_path(a->path, path, sizeof path);
	if (unlink(path) && errno != ENOENT)
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

/* An autosave newer than the project file. */
bool autosave_pending(const char *project)
{
	char path[4200];
	struct stat as, ps;
	autosave_path(project, path, sizeof path);
	if (stat(path, &as) || stat(project, &ps))
		return false;
	return as.st_mtim.tv_sec > ps.st_mtim.tv_sec ||
	       (as.st_mtim.tv_sec == ps.st_mtim.tv_sec && as.st_mtim.tv_nsec > ps.st_mtim.tv_nsec);
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
	as = project_load(path, &ds);
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

/* ---- the question before the mixer opens ---- */

/* A tab to spaces, to the next multiple of 8 columns: diff -u puts one
 * between the file name and its time, and a tab in a value is the
 * person's own text, not a hostile control character (ESC and the rest
 * are still escaped on the way to the screen). */
static char *expand_tabs(const char *s)
{
	size_t tabs = 0, o = 0;
	int col = 0;
	char *out;
	for (const char *c = s; *c; c++)
		tabs += *c == '\t';
	out = xmalloc(strlen(s) + tabs * 8 + 1);
	for (const char *c = s; *c; c++) {
		if (*c == '\t') {
			do
				out[o++] = ' ';
			while (++col % 8);
			continue;
		}
		out[o++] = *c;
		col += ((unsigned char)*c & 0xc0) != 0x80;
	}
	out[o] = 0;
	return out;
}

/* diff -u of the project and its autosave, one line per entry. */
static char **diff_lines(const char *project, int *n)
{
	char as[4200], buf[1024];
	char **lines = NULL;
	int fd[2];
	pid_t pid;
	FILE *f;

	*n = 0;
	autosave_path(project, as, sizeof as);
	if (pipe(fd))
		return NULL;
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execlp("diff", "diff", "-u", project, as, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	while (f && fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\n")] = 0;
		lines = xrealloc(lines, sizeof *lines * (size_t)(*n + 1));
		lines[(*n)++] = expand_tabs(buf);
	}
	if (f)
		fclose(f);
	else
		close(fd[0]);
	waitpid(pid, NULL, 0);
	return lines;
}

static void pager(const char *project)
{
	int n, first = 0;
	char **l = diff_lines(project, &n);

	for (;;) {
		int rows = LINES - 2, ch;
		erase();
		widget_text(0, 0, COLS, theme_attr(R_HEADER),
			    " Unsaved changes: the project (-) and its autosave (+)   j/k PgUp/PgDn scroll  q back");
		if (n == 0)
			widget_text(2, 1, COLS - 2, theme_attr(R_ERROR), "no difference (or diff(1) is missing)");
		for (int i = 0; i < rows && first + i < n; i++) {
			const char *s = l[first + i];
			enum role ro = s[0] == '+' ? R_METER_LO : s[0] == '-' ? R_CLIP : s[0] == '@' ? R_HINT : R_NORMAL;
			widget_text(1 + i, 0, COLS, theme_attr(ro), s);
		}
		refresh();
		ch = signals_getch(250);
		if (signals_pending() || ch == 'q' || ch == 27 || ch == 'v' || ch == '\n' || ch == '\r')
			break;
		if (ch == 'j' || ch == KEY_DOWN)
			first++;
		else if (ch == 'k' || ch == KEY_UP)
			first--;
		else if (ch == KEY_NPAGE || ch == ' ')
			first += rows - 1;
		else if (ch == KEY_PPAGE)
			first -= rows - 1;
		else if (ch == KEY_HOME || ch == 'g')
			first = 0;
		if (first > n - rows)
			first = n - rows;
		if (first < 0)
			first = 0;
	}
	for (int i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

int autosave_ask(struct app *a)
{
	char as[4200], when[64] = "?", line[512];
	struct stat st;
	const char *b = strrchr(a->path, '/');
	b = b ? b + 1 : a->path;

	autosave_path(a->path, as, sizeof as);
	if (stat(as, &st) == 0) {
		struct tm tm;
		localtime_r(&st.st_mtim.tv_sec, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	}
	for (;;) {
		int y = LINES / 2 - 5, ch;
		erase();
		snprintf(line, sizeof line, " %s.autosave holds changes that were never saved", b);
		widget_text(y, 2, COLS - 4, theme_attr(R_TITLE), line);
		snprintf(line, sizeof line, " (written %s, after %s was last saved).", when, b);
		widget_text(y + 1, 2, COLS - 4, A_NORMAL, line);
		snprintf(line, sizeof line, "   r  recover them: Ctrl-S then writes them into %s", b);
		widget_text(y + 3, 2, COLS - 4, A_NORMAL, line);
		snprintf(line, sizeof line, "   d  discard them (deletes %s.autosave)", b);
		widget_text(y + 4, 2, COLS - 4, A_NORMAL, line);
		widget_text(y + 5, 2, COLS - 4, A_NORMAL, "   v  view the difference");
		widget_text(y + 6, 2, COLS - 4, A_NORMAL, "   q  quit and decide later");
		widget_text(y + 8, 2, COLS - 4, theme_attr(R_PROMPT), " Recover, discard or view? [r/d/v/q]");
		refresh();
		ch = signals_getch(250);
		if (signals_pending())
			return 'q';
		switch (ch) {
		case 'r': case 'R': return 'r';
		case 'd': case 'D': return 'd';
		case 'q': case 'Q': case 3: return 'q';
		case 'v': case 'V': pager(a->path); break;
		default: break;
		}
	}
}
