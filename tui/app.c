/* app.c — the mixer screen's state around the model: the status line,
 * save and reload, a frame drawn through the current screen, and a key
 * handed to the question on the bottom line or to the keymap. Part of
 * libtmixtui.a: tui_main.c (the main loop, cmd_tui's start-up) and
 * tests/test_tui_lib.c call it; it needs no real terminal. */
#include "config.h"
#include "atomic.h"
#include "bounce.h"
#include "tmix.h"
#include "tui.h"
#include "project_edit.h"
#include "units.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STATUS_S 6.0
/* the answers to "changed on disk and here", within 80 columns */
#define CONFLICT_KEYS "t keep theirs (reload)  w write mine (.bak keeps theirs)  m mine elsewhere  Esc"

double tui_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void app_status(struct app *a, bool err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_err = err;
	a->status_t = a->now;
}

bool app_dirty(const struct app *a)
{
	return !undo_at_saved(a->undo) || a->extra_dirty;
}

struct strip *app_strip(const struct app *a)
{
	return a->p->strips[a->sel];
}

void app_clamp_selection(struct app *a)
{
	int nb = a->p->nstrips - 1, n = mixer_visible(a);
	if (a->sel < 0)
		a->sel = 0;
	if (a->sel > nb)
		a->sel = nb;
	if (a->sel < nb) { /* the master is always in view */
		if (a->sel < a->first)
			a->first = a->sel;
		if (a->sel >= a->first + n)
			a->first = a->sel - n + 1;
	}
	if (a->first > nb - n)
		a->first = nb - n;
	if (a->first < 0)
		a->first = 0;
}

/* Writes the model's text to a file other than its own, leaving the
 * baseline (what the project file holds) alone. Atomic, and a file it
 * replaces is kept as NAME.bak: a copy written over the wrong file can
 * be undone. */
static int write_copy(struct app *a, const char *path)
{
	size_t len;
	char err[512];
	/* in another folder, the stems' relative paths are rewritten for it */
	char *text = project_text_for_copy(a->p, path, &len, err, sizeof err);
	int rc;
	if (!text) {
		app_status(a, true, "not written: %s: %s", path, err);
		return -1;
	}
	rc = atomic_write(path, text, len, access(path, F_OK) == 0, err, sizeof err);
	if (rc)
		app_status(a, true, "%s: %s", path, err);
	free(text);
	return rc;
}

/* Writing over a file the project needs (a stem, the reference, the
 * lock, .bak, .autosave) would lose it: the bounce's guard, for :w. */
static bool refuse_copy(struct app *a, const char *path)
{
	struct bounce_opts o = {.out = path};
	char err[600];
	if (a->lock_file && atomic_same_file(path, a->lock_file))
		snprintf(err, sizeof err, "will not write over '%s': it is the project's lock file", path);
	else if (bounce_check_outputs(a->p, &o, err, sizeof err) == 0)
		return false;
	app_status(a, true, "%s", err);
	return true;
}

/* The save proper, once it is known the file on disk is the one the
 * model was read from (or the person said to write over it). Stale
 * temporaries of earlier saves killed midway go first (they may be
 * what fills the disk). */
static int save_in_place(struct app *a)
{
	char err[512], gone[160] = "", as[4200];
	int n = atomic_clean_stale(a->path, true, gone, sizeof gone);

	if (!autosave_path(a->path, as, sizeof as))
		n += atomic_clean_stale(as, false, gone + strlen(gone), sizeof gone - strlen(gone));
	if (project_save(a->p, a->path, err, sizeof err)) {
		app_status(a, true, "save: %s", err);
		return -1;
	}
	undo_mark_saved(a->undo);
	a->extra_dirty = false;
	a->disk_sig = a->base_sig = watch_sig(a->path);
	lock_renew(a);
	autosave_remove(a);
	if (err[0])
		app_status(a, true, "saved %s, but %s", a->path, err);
	else if (n)
		app_status(a, false, "saved %s; removed %d stale temp file%s of a killed save: %s", a->path, n,
			   n == 1 ? "" : "s", gone);
	else
		app_status(a, false, "saved %s", a->path);
	return 0;
}

int app_save(struct app *a, const char *path)
{
	long long sig;
	/* the project file under another spelling (./song.ini, a full
	 * path, a link) is the project file: saved in place, lock and all */
	if (atomic_same_file(path, a->path))
		path = a->path;
	if (strcmp(path, a->path)) {
		if (refuse_copy(a, path) || write_copy(a, path))
			return -1;
		app_status(a, false, "wrote a copy to %s", path);
		return 0;
	}
	if (a->readonly) {
		char why[400];
		app_readonly_msg(a, why, sizeof why);
		app_status(a, true, "not saved - %s (:w FILE writes a copy)", why);
		return -1;
	}
	/* someone changed the file since we read it (a hand edit, whether
	 * or not it loads): never written over without the person's say */
	sig = watch_sig(a->path);
	if (sig != -1 && sig != a->base_sig) {
		a->prompt = PR_CONFLICT;
		a->prompt_t = a->now + 1e-6;
		return -1;
	}
	return save_in_place(a);
}

void app_apply_loop(struct app *a)
{
	const struct strip *pj = &a->p->proj;
	engine_set_loop(a->e, pj->mode[P_LOOP] == PM_VALUE, pj->v[P_LOOP], a->p->loop_end);
}

/* Hot reload: the file as it is now replaces the model, without
 * stopping the transport; on errors the current model stays. */
int app_reload(struct app *a)
{
	struct diags ds = {0};
	long long sig = watch_sig(a->path); /* before reading: a change after it is seen next time */
	struct project *np = project_load(a->path, &ds);
	char err[256];
	int rc = -1;

	a->disk_sig = sig; /* seen, whatever comes of it */
	if (np)
		project_probe(np, &ds);
	if (!np || ds.nerrors) {
		for (int i = 0; i < ds.n; i++)
			if (ds.d[i].level == DIAG_ERROR) {
				app_status(a, true, "not reloaded: line %d: %s", ds.d[i].line, ds.d[i].msg);
				break;
			}
		if (!np && !ds.nerrors)
			app_status(a, true, "not reloaded: cannot read %s", a->path);
	} else if (engine_reload(a->e, np, err, sizeof err)) {
		app_status(a, true, "not reloaded: %s", err);
	} else {
		struct project *old = a->p;
		a->p = np;
		np = NULL;
		project_free(old);
		free(a->mv);
		a->mv = xcalloc((size_t)a->p->nstrips, sizeof *a->mv);
		for (int i = 0; i < a->p->nstrips; i++)
			for (int c = 0; c < 2; c++)
				a->mv[i].peak[c] = a->mv[i].rms[c] = a->mv[i].hold[c] = -100;
		app_clamp_selection(a);
		mastering_model_changed(a);
		undo_clear(a->undo);
		a->extra_dirty = false;
		app_apply_loop(a);
		a->base_sig = sig;
		lock_renew(a);
		app_status(a, false, "reloaded %s from disk", a->path);
		rc = 0;
	}
	project_free(np);
	diags_free(&ds);
	return rc;
}

static void status_draw(struct app *a)
{
	int y = LINES - 2;
	char buf[512];
	const char *base = strrchr(a->path, '/');
	base = base ? base + 1 : a->path;

	switch (a->prompt) {
	case PR_COMMAND: case PR_VALUE: case PR_BOUNCE: {
		int px;
		snprintf(buf, sizeof buf, "%s", a->prompt == PR_COMMAND ? ":" : a->prompt == PR_BOUNCE ? "bounce to: " : "");
		if (a->prompt == PR_VALUE)
			snprintf(buf, sizeof buf, "%s = ", a->value_key);
		px = (int)strlen(buf);
		widget_text(y, 0, px, theme_attr(R_PROMPT), buf);
		/* a pre-filled value shows selected: what is typed replaces it */
		widget_text(y, px, COLS - px, a->line_fresh ? A_REVERSE : A_NORMAL, a->line);
		curs_set(1);
		{ /* after the text before the cursor, as widget_text shows it (escaped) */
			char pre[sizeof a->line], shown[4 * sizeof a->line];
			snprintf(pre, sizeof pre, "%.*s", a->cur, a->line);
			move(y, px + widget_utf8_cols(units_escape(pre, shown, sizeof shown), COLS, NULL));
		}
		return;
	}
	case PR_QUIT:
		widget_text(y, 0, COLS, theme_attr(R_PROMPT), a->readonly /* another tmix holds the lock: no save here */
			    ? "Unsaved changes (read-only: they cannot be saved here). y: quit without saving  n: stay"
			    : "Unsaved changes. y: quit without saving  s: save and quit  n: stay");
		break;
	case PR_CONFIRM:
		widget_text(y, 0, COLS, theme_attr(R_PROMPT), a->confirm_q);
		break;
	case PR_OVERWRITE:
		snprintf(buf, sizeof buf, "%s exists. y: write over it  n: keep it", a->line);
		widget_text(y, 0, COLS, theme_attr(R_PROMPT), buf);
		break;
	case PR_CONFLICT: /* the keys are on the line below (CONFLICT_KEYS) */
		snprintf(buf, sizeof buf, "%s changed on disk and here: keep theirs or write yours?", base);
		widget_text(y, 0, COLS, theme_attr(R_PROMPT), buf);
		break;
	case PR_NONE: {
		char why[128];
		bool held = a->status_rows > 1;
		a->status_rows = 1;
		if (a->status[0] && (a->now - a->status_t < STATUS_S || held)) {
			/* a long message (:help CMD) is wrapped over the rows above, never cut */
			if (widget_utf8_cols(a->status, COLS + 1, NULL) > COLS)
				a->status_rows = widget_wrap_up(y, theme_attr(a->status_err ? R_ERROR : R_STATUS), a->status, y - 2);
			else
				widget_text(y, 0, COLS, theme_attr(a->status_err ? R_ERROR : R_STATUS), a->status);
		}
		else if (offline_reason(a, a->sel, why, sizeof why)) {
			snprintf(buf, sizeof buf, "%s offline: %s - fix the file, then :reload", app_strip(a)->name, why);
			widget_text(y, 0, COLS, theme_attr(R_ERROR), buf);
		} else if (a->readonly) {
			app_readonly_msg(a, buf, sizeof buf);
			widget_text(y, 0, COLS, theme_attr(R_NOTICE), buf);
		} else
			widget_text(y, 0, COLS, A_NORMAL, "");
	}
	}
	curs_set(0);
}

void app_readonly_msg(const struct app *a, char *buf, size_t n)
{
	if (a->lock_why[0])
		snprintf(buf, n, "%s", a->lock_why);
	else if (a->lock_pid)
		snprintf(buf, n, "read-only: another tmix is editing this project (pid %d)", a->lock_pid);
	else
		snprintf(buf, n, "read-only: another tmix is editing this project");
}

void app_draw(struct app *a, int flags)
{
	if (a->status_rows > 1) /* a wrapped message covers the view: the view whole under it */
		flags |= RD_ALL & ~RD_LAYOUT;
	if (flags & RD_LAYOUT)
		erase();
	if (mixer_too_small()) {
		char msg[128];
		snprintf(msg, sizeof msg, "make the window larger: %dx%d, tmix needs %dx%d", COLS, LINES,
			 MIXER_MIN_COLS, MIXER_MIN_LINES);
		attrset(theme_attr(R_NOTICE));
		mvaddnstr(LINES / 2, COLS > (int)strlen(msg) ? (COLS - (int)strlen(msg)) / 2 : 0, msg, COLS);
		attrset(A_NORMAL);
		curs_set(0);
	} else {
		header_draw(a);
		a->screen->draw(a, flags);
		if (a->prompt == PR_NONE)
			keymap_hint(a, LINES - 1);
		else if (a->prompt == PR_CONFLICT)
			widget_text(LINES - 1, 0, COLS, theme_attr(R_HINT), CONFLICT_KEYS);
		else if (a->status[0] && a->status_t >= a->prompt_t)
			widget_text(LINES - 1, 0, COLS, theme_attr(a->status_err ? R_ERROR : R_HINT), a->status);
		else
			widget_text(LINES - 1, 0, COLS, theme_attr(R_HINT),
				    a->prompt == PR_COMMAND ? " Enter run  Esc cancel  Tab complete  :help lists commands"
				    : a->prompt == PR_VALUE && a->line_fresh ? " type a new value, or Left to edit this one  Enter accept  Esc cancel"
				    : a->prompt == PR_VALUE || a->prompt == PR_BOUNCE ? " Enter accept  Esc cancel" : "");
		status_draw(a);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* The file changed on disk and here: t keeps theirs (reload; if it
 * does not load, nothing is written and the edits stay), w writes mine
 * over it (.bak keeps theirs), m writes mine to NAME.mine and reloads
 * theirs; Esc (or k) decides later: nothing written, and the next save
 * asks again. */
static int conflict_key(struct app *a, int ch)
{
	char mine[4200], why[sizeof a->status];
	bool then_quit = a->quit_after_save;

	switch (ch) {
	case 't': case 'T': case 'r': case 'R':
		a->prompt = PR_NONE;
		if (app_reload(a) == 0)
			app_status(a, false, "kept theirs: reloaded %s (your unsaved edits are dropped)", a->path);
		break;
	case 'w': case 'W':
		a->prompt = PR_NONE;
		if (save_in_place(a) == 0) {
			if (!a->status_err && !strstr(a->status, "removed"))
				app_status(a, false, "saved %s over the changed file; theirs is in %s" ATOMIC_BAK_SUFFIX,
					   a->path, a->path);
			a->quit = then_quit;
		}
		break;
	case 'm': case 'M': case 's':
		a->prompt = PR_NONE;
		snprintf(mine, sizeof mine, "%s.mine", a->path);
		if (atomic_check_companion(mine, why, sizeof why)) /* never through a planted link */
			app_status(a, true, "%s", why);
		else if (write_copy(a, mine) == 0) {
			if (app_reload(a) == 0)
				app_status(a, false, "your edits are in %s; reloaded from disk", mine);
			else {
				memcpy(why, a->status, sizeof why);
				app_status(a, true, "your edits are in %s; %s", mine, why);
			}
		}
		break;
	case 27: case 'k': case 'K': case 'n': case 'N':
		a->prompt = PR_NONE;
		app_status(a, false, "nothing written; your edits stay here, and saving asks again");
		break;
	default:
		return RD_NONE;
	}
	a->quit_after_save = false;
	return RD_ALL & ~RD_LAYOUT;
}

/* Keys while a question is on the bottom line. */
static int prompt_key(struct app *a, int ch)
{
	enum prompt pr = a->prompt;
	if (pr == PR_QUIT) {
		a->prompt = PR_NONE;
		if (ch == 'y' || ch == 'Y' || ch == 'q')
			a->quit = true;
		else if (ch == 's' && a->readonly)
			app_status(a, true, "not saved: read-only here (another tmix holds the lock); q then y quits without saving");
		else if (ch == 's') {
			a->quit_after_save = true; /* when the save must ask first */
			if (app_save(a, a->path) == 0)
				a->quit = true;
			if (a->prompt != PR_CONFLICT)
				a->quit_after_save = false;
		}
		return RD_STATUS;
	}
	if (pr == PR_CONFIRM)
		return command_confirm_key(a, ch);
	if (pr == PR_OVERWRITE) {
		char name[256];
		snprintf(name, sizeof name, "%s", a->line);
		a->prompt = PR_NONE;
		if (ch == 'y' || ch == 'Y')
			return bounce_job_write_over(a, name);
		app_status(a, false, "not bounced: %s kept (b offers the next free name)", name);
		return RD_STATUS;
	}
	if (pr == PR_CONFLICT)
		return conflict_key(a, ch);
	/* a line being typed */
	if (pr != PR_VALUE || ch == 27 || ch == '\n' || ch == '\r' || ch == KEY_ENTER)
		a->line_fresh = false; /* only the value line `=` filled, and only once */
	if (a->line_fresh) {
		/* `=` pre-filled the value: typing replaces it, as in a selected
		 * field (it once appended: "6.35 kHz7k"); any editing key keeps it */
		a->line_fresh = false;
		if (ch >= 32 && ch < 256 && ch != 127)
			a->line[a->len = a->cur = 0] = 0;
	}
	if (ch == 27) {
		a->prompt = PR_NONE;
		return RD_STATUS;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		char line[256];
		snprintf(line, sizeof line, "%s", a->line);
		a->prompt = PR_NONE;
		if (pr == PR_COMMAND)
			return command_run(a, line) | RD_STATUS;
		if (pr == PR_VALUE)
			return edit_set(a, a->sel, a->value_key, line, false) | RD_STATUS;
		{
			char cmd[300];
			snprintf(cmd, sizeof cmd, "bounce %s", line);
			return command_run(a, cmd) | RD_STATUS;
		}
	}
	if (ch == '\t' && pr == PR_COMMAND)
		command_complete(a);
	else if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && a->cur > 0) {
		int k = a->cur - 1;
		while (k > 0 && ((unsigned char)a->line[k] & 0xc0) == 0x80)
			k--; /* a whole UTF-8 character */
		memmove(a->line + k, a->line + a->cur, (size_t)(a->len - a->cur + 1));
		a->len -= a->cur - k;
		a->cur = k;
	} else if (ch == KEY_LEFT && a->cur > 0)
		while (--a->cur > 0 && ((unsigned char)a->line[a->cur] & 0xc0) == 0x80)
			;
	else if (ch == KEY_RIGHT && a->cur < a->len)
		while (++a->cur < a->len && ((unsigned char)a->line[a->cur] & 0xc0) == 0x80)
			;
	else if (ch == 1 || ch == KEY_HOME)
		a->cur = 0;
	else if (ch == 5 || ch == KEY_END)
		a->cur = a->len;
	else if (ch == 21)
		a->line[a->len = a->cur = 0] = 0;
	else if (ch >= 32 && ch < 256 && ch != 127 && a->len < (int)sizeof a->line - 1) {
		memmove(a->line + a->cur + 1, a->line + a->cur, (size_t)(a->len - a->cur + 1));
		a->line[a->cur++] = (char)ch;
		a->len++;
	}
	return RD_STATUS;
}

static int handle_key1(struct app *a, int ch);

int app_key(struct app *a, int ch)
{
	enum prompt before = a->prompt;
	int rd, covered = a->status_rows > 1;
	if (covered) { /* a wrapped message covers the screen: the key takes it away */
		a->status[0] = 0;
		a->status_rows = 1;
	}
	rd = handle_key1(a, ch) | (covered ? RD_ALL : 0);
	if (before == PR_NONE && a->prompt != PR_NONE)
		a->prompt_t = a->now + 1e-6; /* messages from before the prompt stay off its hint line */
	return rd;
}

static int handle_key1(struct app *a, int ch)
{
	if (ch == KEY_RESIZE) {
		app_clamp_selection(a);
		return RD_ALL;
	}
	if (a->prompt != PR_NONE)
		return prompt_key(a, ch);
	if (mixer_too_small())
		return ch == 'q' || ch == 3 ? (a->quit = !app_dirty(a), a->prompt = a->quit ? PR_NONE : PR_QUIT, RD_ALL) : RD_NONE;
	return keymap_dispatch(a, ch);
}

