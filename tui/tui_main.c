/* tui_main.c — `tmix PROJECT`: cmd_tui's start-up and the main loop,
 * the part of the mixer screen that needs a real terminal (everything
 * else is libtmixtui.a, tested in-process by tests/test_tui_lib.c). Each
 * pass takes one snapshot of the engine (status, meters), handles every
 * key that is waiting, checks the project file on disk, and draws into
 * stdscr; only changed cells reach the terminal (ncurses diffs against
 * what it sent). Paused and idle, the loop sleeps in getch for 500 ms at
 * a time; while playing, or while meters are still falling, it wakes at
 * cli_opts.fps. */
#include "config.h"
#include "cli.h"
#include "tmix.h"
#include "tui.h"
#include "automation.h"
#include "units.h"
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IDLE_MS 500

static bool meters_moving(const struct app *a)
{
	for (int i = 0; i < a->p->nstrips; i++) {
		const struct meter_view *m = &a->mv[i];
		if (m->peak[0] > -100 || m->peak[1] > -100 || m->hold[0] > -100 || m->hold[1] > -100 ||
		    m->rms[0] > -100 || m->rms[1] > -100 || m->gr[MGR_COMP] < 0 || m->gr[MGR_GATE] < 0 || m->gr[MGR_LIMITER] < 0)
			return true;
	}
	return false;
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
		flags |= edit_latency_poll(a);
		engine_status(a->e, &a->st);
		flags |= auto_tick(a);
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
		app_draw(a, flags | RD_HEADER | RD_STATUS);
		flags = 0;
		ms = animate ? (int)((next_frame - tui_now()) * 1000) : IDLE_MS;
		ch = signals_getch(ms < 1 ? 1 : ms); /* a dead terminal: the loop's top sees SIGHUP */
		/* every key already waiting before the next frame: a held key
		 * repeats faster than the frame rate and must not lag behind */
		for (int n = 0; ch != ERR && n < 256 && !a->quit; n++) {
			a->now = tui_now();
			flags |= app_key(a, ch);
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
	char err[512], lognote[1024], lost[300] = "";
	int rc;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: tmix [OPTIONS] PROJECT.ini\n");
		return EXIT_BADINPUT;
	}
	setlocale(LC_ALL, "");
	a.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	a.path = argv[1];
	a.screen = &screen_mixer;
	a.base_sig = watch_sig(a.path); /* before reading: an edit after it counts as theirs */
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
	lock_take(&a);
	eo.audio = cli_opts.audio;
	eo.device = cli_opts.device;
	eo.buffer = cli_opts.buffer;
	eo.log_path = cli_log_path(lognote, sizeof lognote);
	a.e = engine_open(a.p, &eo, err, sizeof err);
	if (!a.e) {
		units_print_line(stderr, "tmix: %s", err);
		project_free(a.p);
		lock_drop(&a);
		return EXIT_RUNTIME;
	}
	a.undo = undo_new();
	undo_clear(a.undo);
	a.mv = xcalloc((size_t)a.p->nstrips, sizeof *a.mv);
	for (int i = 0; i < a.p->nstrips; i++)
		for (int c = 0; c < 2; c++)
			a.mv[i].peak[c] = a.mv[i].rms[c] = a.mv[i].hold[c] = -100;
	app_apply_loop(&a);
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
	if (lognote[0])
		app_status(&a, true, "%s", lognote);
	if (a.readonly) {
		app_readonly_msg(&a, err, sizeof err);
		app_status(&a, true, "%s; saving is off", err);
	} else if (autosave_cannot_save(&a, err, sizeof err)) {
		app_status(&a, true, "%s", err);
	} else if (start_autosave(&a)) {
		a.quit = true;
		a.signal = signals_pending();
	}
	loop(&a);
	/* first: the terminal may already be gone */
	if (a.signal && app_dirty(&a) && autosave_write(&a))
		snprintf(lost, sizeof lost, "%s", a.status);
	endwin();
	if (!a.signal && !a.autosave_kept)
		autosave_remove(&a); /* a clean quit: saved, unchanged, or discarded on purpose */
	lock_drop(&a);

	watch_stop(&a);
	bounce_job_cancel(&a);
	mastering_close(&a);
	timeline_close(&a);
	if (lost[0]) /* into the log too: after a hang-up nobody reads the terminal */
		fprintf(stderr, "tmix: your unsaved changes were not kept: %s\n", lost);
	engine_close(a.e); /* stderr is the terminal again */
	rc = a.signal ? 128 + a.signal : EXIT_OK;
	if (lost[0]) {
		char esc[1300];
		fprintf(stderr, "tmix: your unsaved changes were not kept: %s\n", units_escape(lost, esc, sizeof esc));
		rc = EXIT_RUNTIME;
	}
	if (lognote[0])
		fprintf(stderr, "tmix: %s\n", lognote);
	undo_free(a.undo);
	free(a.mv);
	free(a.offline);
	free(a.autosave_text);
	project_free(a.p);
	return rc;
}
