/* app.c — `tmix PROJECT`: the mixer screen's main loop. Each pass takes
 * one snapshot of the engine (status, meters), handles every key that is
 * waiting, checks the project file on disk, and draws into stdscr; only
 * changed cells reach the terminal (ncurses diffs against what it sent).
 * Paused and idle, the loop sleeps in getch for 500 ms at a time; while
 * playing, or while meters are still falling, it wakes at cli_opts.fps. */
#include "config.h"
#include "atomic.h"
#include "cli.h"
#include "tmix.h"
#include "tui.h"
#include "project_edit.h"
#include "units.h"
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IDLE_MS 500
#define STATUS_S 6.0

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

int app_save(struct app *a, const char *path)
{
	char err[256];
	/* the project file under another spelling (./song.ini, a full
	 * path, a link) is the project file: saved in place, lock and all */
	if (atomic_same_file(path, a->path))
		path = a->path;
	if (strcmp(path, a->path)) {
		if (write_copy(a, path))
			return -1;
		app_status(a, false, "wrote a copy to %s", path);
		return 0;
	}
	if (a->readonly) {
		char why[128];
		app_readonly_msg(a, why, sizeof why);
		app_status(a, true, "not saved - %s (:w FILE writes a copy)", why);
		return -1;
	}
	if (project_save(a->p, path, err, sizeof err)) {
		app_status(a, true, "save: %s", err);
		return -1;
	}
	undo_mark_saved(a->undo);
	a->extra_dirty = false;
	a->disk_sig = watch_sig(path);
	autosave_remove(a);
	app_status(a, false, "saved %s", path);
	return 0;
}

static void apply_loop(struct app *a)
{
	const struct strip *pj = &a->p->proj;
	engine_set_loop(a->e, pj->mode[P_LOOP] == PM_VALUE, pj->v[P_LOOP], a->p->loop_end);
}

/* The end of the song (its last stem plus the effects' tail, where
 * `tmix play` ends too): with the loop on, back to the loop's start;
 * otherwise stop there and return to the start, instead of playing on
 * into silence with the clock past the song's length. */
static int transport_end(struct app *a)
{
	const struct engine_status *st = &a->st;
	char t[32];
	if (!st->playing || st->refilling || st->length <= 0 || st->pos < st->length + ENGINE_TAIL_S)
		return 0;
	if (st->looping && st->loop_start < st->length) {
		engine_seek(a->e, st->loop_start);
		app_status(a, false, "end of the song: looping from %s", units_fmt_time(t, sizeof t, st->loop_start));
	} else if (st->looping) { /* a hand-edited loop past the end: looping there plays nothing */
		engine_stop(a->e);
		app_status(a, true, "end of the song: stopped; the loop starts at %s, past the end (:loop START END)",
			   units_fmt_time(t, sizeof t, st->loop_start));
	} else {
		engine_stop(a->e);
		app_status(a, false, "end of the song: stopped (Space plays it from the start)");
	}
	return RD_HEADER | RD_STATUS;
}

/* Hot reload: the file as it is now replaces the model, without
 * stopping the transport; on errors the current model stays. */
int app_reload(struct app *a)
{
	struct diags ds = {0};
	struct project *np = project_load(a->path, &ds);
	char err[256];
	int rc = -1;

	a->disk_sig = watch_sig(a->path); /* seen, whatever comes of it */
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
		apply_loop(a);
		app_status(a, false, "reloaded %s from disk", a->path);
		rc = 0;
	}
	project_free(np);
	diags_free(&ds);
	return rc;
}

static bool meters_moving(const struct app *a)
{
	for (int i = 0; i < a->p->nstrips; i++) {
		const struct meter_view *m = &a->mv[i];
		if (m->peak[0] > -100 || m->peak[1] > -100 || m->hold[0] > -100 || m->hold[1] > -100 ||
		    m->rms[0] > -100 || m->rms[1] > -100 || m->gr_comp < 0 || m->gr_gate < 0 || m->gr_lim < 0)
			return true;
	}
	return false;
}

static void status_draw(struct app *a)
{
	int y = LINES - 2;
	char buf[512], mine[300];
	const char *base = strrchr(a->path, '/');
	base = base ? base + 1 : a->path;
	snprintf(mine, sizeof mine, "%s.mine", base);

	switch (a->prompt) {
	case PR_COMMAND: case PR_VALUE: case PR_BOUNCE: {
		int px;
		snprintf(buf, sizeof buf, "%s", a->prompt == PR_COMMAND ? ":" : a->prompt == PR_BOUNCE ? "bounce to: " : "");
		if (a->prompt == PR_VALUE)
			snprintf(buf, sizeof buf, "%s = ", a->value_key);
		px = (int)strlen(buf);
		widget_text(y, 0, px, theme_attr(R_PROMPT), buf);
		widget_text(y, px, COLS - px, A_NORMAL, a->line);
		curs_set(1);
		{ /* after the text before the cursor, as widget_text shows it (escaped) */
			char pre[sizeof a->line], shown[4 * sizeof a->line];
			snprintf(pre, sizeof pre, "%.*s", a->cur, a->line);
			move(y, px + widget_utf8_cols(units_escape(pre, shown, sizeof shown), COLS, NULL));
		}
		return;
	}
	case PR_QUIT:
		widget_text(y, 0, COLS, theme_attr(R_PROMPT), "Unsaved changes. y: quit without saving  s: save and quit  n: stay");
		break;
	case PR_CONFIRM:
		widget_text(y, 0, COLS, theme_attr(R_PROMPT), a->confirm_q);
		break;
	case PR_OVERWRITE:
		snprintf(buf, sizeof buf, "%s exists. y: write over it  n: keep it", a->line);
		widget_text(y, 0, COLS, theme_attr(R_PROMPT), buf);
		break;
	case PR_CONFLICT:
		snprintf(buf, sizeof buf, "%s changed on disk and here. r: reload  k: keep mine  m: save mine to %s, reload",
			 base, mine);
		widget_text(y, 0, COLS, theme_attr(R_PROMPT), buf);
		break;
	case PR_NONE: {
		char why[128];
		if (a->status[0] && a->now - a->status_t < STATUS_S)
			widget_text(y, 0, COLS, theme_attr(a->status_err ? R_ERROR : R_STATUS), a->status);
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
	if (a->lock_pid)
		snprintf(buf, n, "read-only: another tmix is editing this project (pid %d)", a->lock_pid);
	else
		snprintf(buf, n, "read-only: another tmix is editing this project");
}

static void draw(struct app *a, int flags)
{
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
		if (a->view == V_MIXER)
			mixer_draw(a, flags | RD_CONSOLE);
		else if (a->view == V_DETAIL)
			detail_draw(a);
		else if (a->view == V_TONAL)
			tonal_draw(a);
		else
			help_draw(a);
		if (a->prompt == PR_NONE)
			keymap_hint(a, LINES - 1);
		else if (a->status[0] && a->status_t >= a->prompt_t)
			widget_text(LINES - 1, 0, COLS, theme_attr(a->status_err ? R_ERROR : R_HINT), a->status);
		else
			widget_text(LINES - 1, 0, COLS, theme_attr(R_HINT),
				    a->prompt == PR_COMMAND ? " Enter run  Esc cancel  Tab complete  :help lists commands"
				    : a->prompt == PR_VALUE || a->prompt == PR_BOUNCE ? " Enter accept  Esc cancel" : "");
		status_draw(a);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* Keys while a question is on the bottom line. */
static int prompt_key(struct app *a, int ch)
{
	enum prompt pr = a->prompt;
	if (pr == PR_QUIT) {
		a->prompt = PR_NONE;
		if (ch == 'y' || ch == 'Y' || ch == 'q')
			a->quit = true;
		else if (ch == 's' && app_save(a, a->path) == 0)
			a->quit = true;
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
	if (pr == PR_CONFLICT) {
		char mine[4200];
		if (ch == 'r' || ch == 'R') {
			a->prompt = PR_NONE;
			app_reload(a);
		} else if (ch == 'k' || ch == 'K' || ch == 27) {
			a->prompt = PR_NONE;
			a->disk_sig = watch_sig(a->path);
			app_status(a, false, "kept your edits; saving will overwrite the file on disk");
		} else if (ch == 'm' || ch == 'M' || ch == 's') {
			snprintf(mine, sizeof mine, "%s.mine", a->path);
			a->prompt = PR_NONE;
			if (write_copy(a, mine) == 0 && app_reload(a) == 0)
				app_status(a, false, "your edits are in %s; reloaded from disk", mine);
		}
		return RD_ALL & ~RD_LAYOUT;
	}
	/* a line being typed */
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

static int handle_key(struct app *a, int ch)
{
	enum prompt before = a->prompt;
	int rd = handle_key1(a, ch);
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

static void loop(struct app *a)
{
	double last = tui_now(), next_frame = last;
	int flags = RD_ALL, fps = cli_opts.fps > 0 ? cli_opts.fps : 25;

	while (!a->quit) {
		int ch, ms;
		bool animate;
		if ((a->signal = signals_pending()) != 0)
			break;
		a->now = tui_now();
		autosave_tick(a);
		flags |= offline_poll(a);
		engine_poll(a->e);
		engine_status(a->e, &a->st);
		flags |= transport_end(a);
		flags |= bounce_job_poll(a);
		flags |= mastering_poll(a);
		animate = a->st.playing || meters_moving(a);
		if (a->now >= next_frame) {
			meters_update(a, fmin(a->now - last, 0.5));
			last = a->now;
			next_frame = a->now + 1.0 / fps;
			flags |= RD_CONSOLE | RD_HEADER;
		}
		if (a->prompt == PR_NONE && watch_check(a)) {
			if (app_dirty(a))
				a->prompt = PR_CONFLICT;
			else
				app_reload(a);
			flags |= RD_ALL & ~RD_LAYOUT;
		}
		draw(a, flags | RD_HEADER | RD_STATUS);
		flags = 0;
		ms = animate ? (int)((next_frame - tui_now()) * 1000) : IDLE_MS;
		ch = signals_getch(ms < 1 ? 1 : ms); /* a dead terminal: the loop's top sees SIGHUP */
		/* every key already waiting before the next frame: a held key
		 * repeats faster than the frame rate and must not lag behind */
		for (int n = 0; ch != ERR && n < 256 && !a->quit; n++) {
			a->now = tui_now();
			flags |= handle_key(a, ch);
			ch = signals_getch(0);
		}
		if (!animate && flags == 0)
			next_frame = 0; /* idle: the next pass draws at once */
	}
}

/* An autosave from an earlier session: recover it, discard it, or (the
 * person quits at the question) leave it. True when tmix should end. */
static bool start_autosave(struct app *a)
{
	char as[4200];
	int answer;
	autosave_path(a->path, as, sizeof as);
	if (cli_opts.discard_autosave) {
		if (access(as, F_OK) == 0) {
			autosave_remove(a);
			app_status(a, false, "discarded %s", as);
		}
		return false;
	}
	if (!autosave_pending(a->path)) {
		if (cli_opts.recover)
			app_status(a, true, "--recover: no autosave newer than %s", a->path);
		return false;
	}
	answer = cli_opts.recover ? 'r' : autosave_ask(a);
	if (answer == 'r')
		autosave_recover(a);
	else if (answer == 'd') {
		autosave_remove(a);
		app_status(a, false, "discarded %s", as);
	} else {
		a->autosave_kept = true;
		return true;
	}
	return false;
}

int cmd_tui(int argc, char **argv)
{
	struct app a = {0};
	struct engine_opts eo = {0};
	char err[512];

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: tmix [OPTIONS] PROJECT.ini\n");
		return EXIT_BADINPUT;
	}
	setlocale(LC_ALL, "");
	a.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	a.path = argv[1];
	a.p = cli_load(a.path, true);
	if (!a.p)
		return EXIT_BADINPUT;
	if (!signals_have_terminal(err, sizeof err)) {
		char *name = units_escape_dup(a.path);
		fprintf(stderr, "tmix: %s: the mixer needs a terminal and %s (tmix play plays without a screen;"
				" tmix check and tmix analyze report)\n", name, err);
		free(name);
		project_free(a.p);
		return EXIT_BADINPUT;
	}
	a.lock_fd = lock_take(a.path, &a.lock_pid);
	a.readonly = a.lock_fd == -1;
	eo.audio = cli_opts.audio;
	eo.device = cli_opts.device;
	eo.buffer = cli_opts.buffer;
	eo.log_path = engine_default_log_path();
	a.e = engine_open(a.p, &eo, err, sizeof err);
	if (!a.e) {
		units_print_line(stderr, "tmix: %s", err);
		project_free(a.p);
		lock_drop(a.path, a.lock_fd);
		return EXIT_RUNTIME;
	}
	a.undo = undo_new();
	undo_clear(a.undo);
	a.mv = xcalloc((size_t)a.p->nstrips, sizeof *a.mv);
	for (int i = 0; i < a.p->nstrips; i++)
		for (int c = 0; c < 2; c++)
			a.mv[i].peak[c] = a.mv[i].rms[c] = a.mv[i].hold[c] = -100;
	apply_loop(&a);
	watch_start(&a);

	signals_install(); /* before initscr, so that curses keeps its hands off them */
	initscr();
	raw(); /* Ctrl-S and Ctrl-R reach us instead of the tty's flow control */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	theme_init();
	widget_ascii(!a.utf8);
	a.now = tui_now();
	app_status(&a, false, "%s — ? for help", a.st.output[0] ? a.st.output : a.path);
	engine_status(a.e, &a.st);
	if (a.st.null_output)
		app_status(&a, false, "no audio device: null output (the meters still run in real time)");
	if (a.readonly) {
		app_readonly_msg(&a, err, sizeof err);
		app_status(&a, true, "%s; saving is off", err);
	} else if (start_autosave(&a)) {
		a.quit = true;
		a.signal = signals_pending();
	}
	loop(&a);
	if (a.signal && app_dirty(&a))
		autosave_write(&a); /* first: the terminal may already be gone */
	endwin();
	if (!a.signal && !a.autosave_kept)
		autosave_remove(&a); /* a clean quit: saved, unchanged, or discarded on purpose */
	lock_drop(a.path, a.lock_fd);

	watch_stop(&a);
	bounce_job_cancel(&a);
	mastering_close(&a);
	engine_close(a.e);
	undo_free(a.undo);
	free(a.mv);
	free(a.offline);
	free(a.autosave_text);
	project_free(a.p);
	return a.signal ? 128 + a.signal : EXIT_OK;
}
