/* test_tui_lib.c — the mixer screen's edits, undo/redo and `:` commands
 * run in-process (libtmixtui.a) against the real project code and the
 * real engine on its null clock: what a key or a command changes in the
 * model, what undo brings back, and the exact text a save writes. Curses
 * runs on /dev/null (newterm), so the code under test may call it. */
#include "config.h"
#include "engine.h"
#include "project_testlib.h"
#include "tap.h"
#include "testutil.h"
#include "tmix.h"
#include "tui.h"
#include "timeline.h"
#include <curses.h>
#include <math.h>
#include <time.h>

#define CTRL(c) ((c) & 0x1f)

static const char *text =
	"; in-process test project\n"
	"[project]\n"
	"name = Lib\n"
	"\n"
	"[track \"Kick\"]   ; close mic\n"
	"file = kick.wav\n"
	"gain = -4 dB       ; pulled down\n"
	"output = Drums\n"
	"\n"
	"[track \"Snare\"]\n"
	"file = snare.wav\n"
	"eq.1 = bell 1 kHz +2 dB q 1\n"
	"output = Drums\n"
	"\n"
	"[bus \"Drums\"]\n"
	"colour = red\n"
	"\n"
	"[master]\n";

static struct app a;
static const char *dir, *path;

static void nap_ms(int ms)
{
	struct timespec ts = {0, ms * 1000000L};
	nanosleep(&ts, NULL);
}

/* What cmd_tui does before curses starts (tui_main.c), with --audio null. */
static void app_open(void)
{
	struct engine_opts eo = {.audio = "null", .buffer = 256};
	char err[512];
	a.path = path;
	a.screen = &screen_mixer;
	a.base_sig = watch_sig(path);
	a.p = tu_load_path(path, true);
	if (!a.p)
		exit(99);
	lock_take(&a);
	a.e = engine_open(a.p, &eo, err, sizeof err);
	if (!a.e) {
		tap_diag("engine_open: %s", err);
		exit(99);
	}
	a.undo = undo_new();
	undo_clear(a.undo);
	a.mv = calloc((size_t)a.p->nstrips, sizeof *a.mv);
	for (int i = 0; i < a.p->nstrips; i++)
		for (int c = 0; c < 2; c++)
			a.mv[i].peak[c] = a.mv[i].rms[c] = a.mv[i].hold[c] = -100;
	app_apply_loop(&a);
	a.now = tui_now();
	engine_status(a.e, &a.st);
}

static void app_close(void)
{
	lock_drop(&a);
	bounce_job_cancel(&a);
	mastering_close(&a);
	timeline_close(&a);
	engine_close(a.e);
	undo_free(a.undo);
	free(a.mv);
	free(a.offline);
	free(a.autosave_text);
	project_free(a.p);
}

/* A key as the main loop hands it over, a second later than the last
 * one, so that two presses are two undo steps. */
static int key(int ch)
{
	a.now += 1.0;
	return keymap_dispatch(&a, ch);
}

static int cmd(const char *line)
{
	a.now += 1.0;
	return command_run(&a, line);
}

static int strip_index(const char *name)
{
	for (int i = 0; i < a.p->nstrips; i++)
		if (!strcmp(a.p->strips[i]->name, name))
			return i;
	return -1;
}

static const char *output_of(const char *name)
{
	int i = strip_index(name);
	if (i < 0 || !a.p->strips[i]->output_name)
		return "(none)";
	return a.p->strips[i]->output_name;
}

static void test_fader(void)
{
	a.sel = strip_index("Kick");
	key('k');
	is_near(a.p->strips[a.sel]->v[P_GAIN], -3.5, 1e-9, "k raises Kick's fader 0.5 dB");
	ok(app_dirty(&a), "an edit makes the project dirty");
	key(KEY_NPAGE);
	is_near(a.p->strips[a.sel]->v[P_GAIN], -6.5, 1e-9, "PgDn lowers it 3 dB");
	key('u');
	is_near(a.p->strips[a.sel]->v[P_GAIN], -3.5, 1e-9, "u undoes the last step");
	key('u');
	is_near(a.p->strips[a.sel]->v[P_GAIN], -4, 1e-9, "u again: the value the file had");
	ok(!app_dirty(&a), "undone to the saved state: not dirty");
	key(CTRL('r'));
	is_near(a.p->strips[a.sel]->v[P_GAIN], -3.5, 1e-9, "^R redoes");
	key('u');
	key('m');
	ok(a.p->strips[a.sel]->v[P_MUTE] > 0, "m mutes the strip");
	key('u');
	ok(!(a.p->strips[a.sel]->v[P_MUTE] > 0), "u unmutes it");
}

static void test_rename(void)
{
	a.sel = strip_index("Drums");
	cmd("rename Kit");
	ok(strip_index("Kit") >= 0 && strip_index("Drums") < 0, ":rename Kit renames the bus");
	is_str(output_of("Kick"), "Kit", "Kick's output follows the new name");
	is_str(output_of("Snare"), "Kit", "Snare's output follows the new name");
	key('u');
	ok(strip_index("Drums") >= 0 && strip_index("Kit") < 0, "u brings the old name back");
	is_str(output_of("Kick"), "Drums", "and Kick's output with it");
	cmd("rename Snare");
	ok(a.status_err && strip_index("Drums") >= 0, ":rename to a taken name is refused with a message: %s",
	   a.status);
}

static void test_move(void)
{
	a.sel = strip_index("Kick");
	cmd("move right");
	is_int(strip_index("Kick"), 1, ":move right puts Kick second");
	is_int(strip_index("Snare"), 0, "and Snare first");
	is_int(a.sel, 1, "the selection follows the strip");
	key('u');
	is_int(strip_index("Kick"), 0, "u puts Kick back first");
	key('(');
	ok(a.status_err && strip_index("Kick") == 0, "( on the first strip says why not: %s", a.status);
	key(')');
	is_int(strip_index("Kick"), 1, ") is :move right");
	key('u');
}

static void test_track(void)
{
	int n0 = a.p->nstrips;
	char line[600];
	tu_wav(tu_path(dir, "hat.wav"), 48000, 1, 20, 6000, 0.1);
	snprintf(line, sizeof line, "track add %s Hat", tu_path(dir, "hat.wav"));
	cmd(line);
	is_int(a.p->nstrips, n0 + 1, ":track add adds a strip");
	ok(strip_index("Hat") >= 0 && a.sel == strip_index("Hat"), "named Hat, and selected");
	ok(a.p->strips[a.sel]->channels == 1, "its stem was probed (mono)");
	cmd("track add nosuch.wav Ghost");
	ok(a.status_err && a.p->nstrips == n0 + 1, "a stem that does not exist is refused: %s", a.status);
	cmd("track delete");
	is_int(a.prompt, PR_CONFIRM, ":track delete asks first");
	is_int(a.p->nstrips, n0 + 1, "and deletes nothing before the answer");
	a.now += 1;
	command_confirm_key(&a, 'y');
	ok(strip_index("Hat") < 0 && a.p->nstrips == n0, "y deletes Hat");
	key('u');
	ok(strip_index("Hat") >= 0 && a.p->nstrips == n0 + 1, "u brings Hat back");
	key('u');
	ok(strip_index("Hat") < 0 && a.p->nstrips == n0, "u again undoes the add");
}

static void test_loop(void)
{
	const struct strip *pj = &a.p->proj;
	bool on = false;
	cmd("loop 0:05 0:15");
	ok(pj->mode[P_LOOP] == PM_VALUE, ":loop 0:05 0:15 turns the loop on");
	is_near(pj->v[P_LOOP], 5, 1e-9, "from 5 s");
	is_near(a.p->loop_end, 15, 1e-9, "to 15 s");
	for (int i = 0; i < 100 && !on; i++) { /* the command reaches the audio thread */
		nap_ms(10);
		engine_poll(a.e);
		engine_status(a.e, &a.st);
		on = a.st.looping && fabs(a.st.loop_start - 5) < 1e-6 && fabs(a.st.loop_end - 15) < 1e-6;
	}
	ok(on, "the engine loops 5..15 s (looping %d, %.3f..%.3f)", a.st.looping, a.st.loop_start, a.st.loop_end);
	cmd("loop 0:15 0:05");
	ok(a.status_err && fabs(a.p->loop_end - 15) < 1e-9, "an end before the start is refused: %s", a.status);
}

static void test_set_eq(void)
{
	const struct eq_band *b;
	a.sel = strip_index("Snare");
	cmd("set eq.1 bell 2 kHz -3 dB q 2");
	b = &a.p->strips[a.sel]->eq[0];
	ok(b->type == EQT_BELL && fabs(b->freq - 2000) < 1e-9 && fabs(b->gain + 3) < 1e-9 && fabs(b->q - 2) < 1e-9,
	   ":set eq.1 sets the band (%d %.1f Hz %.1f dB q %.2f)", b->type, b->freq, b->gain, b->q);
	key('u');
	ok(fabs(b->freq - 1000) < 1e-9 && fabs(b->gain - 2) < 1e-9, "u restores 1 kHz +2 dB");
	key(CTRL('r'));
	cmd("set eq.1 bell 2 kHz -3 dB q 99");
	ok(a.status_err && fabs(b->q - 2) < 1e-9, "a Q out of range is refused: %s", a.status);
}

/* The edits that stay, saved, and the file read back line by line. */
static void test_save(void)
{
	static const char *want[] = {
		"; in-process test project",
		"[project]",
		"name = Lib",
		"loop = 0:05 - 0:15",
		"",
		"[track \"Kick\"]   ; close mic",
		"file = kick.wav",
		"gain = -3.5 dB     ; pulled down",
		"output = Kit",
		"",
		"[track \"Snare\"]",
		"file = snare.wav",
		"eq.1 = bell 2 kHz -3 dB q 2",
		"output = Kit",
		"",
		"[bus \"Kit\"]",
		"colour = red",
		"",
		"[master]",
	};
	char *got, *line;
	int n = 0, bad = 0;

	a.sel = strip_index("Kick");
	key('k');
	a.sel = strip_index("Drums");
	cmd("rename Kit");
	cmd("w");
	ok(!a.status_err && !app_dirty(&a), ":w saves (%s)", a.status);
	got = tu_read(path, NULL);
	line = got;
	for (char *nl; line && *line; line = nl + 1, n++) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = 0;
		if (n >= (int)ARRAY_LEN(want) || strcmp(line, want[n])) {
			tap_diag("line %d: got '%s', want '%s'", n + 1, line, n < (int)ARRAY_LEN(want) ? want[n] : "(end)");
			bad++;
		}
	}
	ok(!bad && n == (int)ARRAY_LEN(want), "the saved file holds exactly those edits (%d lines, %d differ)", n, bad);
	free(got);
	{
		char *bak = tu_read(tu_path(dir, "lib.ini.bak"), NULL);
		ok(bak != NULL, "the file before the save is kept as lib.ini.bak");
		free(bak);
	}
}

/* Whether a row of the virtual screen holds text. */
static bool on_screen(const char *want)
{
	char row[512];
	for (int y = 0; y < LINES; y++) {
		mvinnstr(y, 0, row, COLS < (int)sizeof row - 1 ? COLS : (int)sizeof row - 1);
		if (strstr(row, want))
			return true;
	}
	return false;
}

/* Keys typed as a person types them: ':' opens the command line, Enter
 * runs it (app_key: the prompt, then the keymap). */
static void type(const char *keys)
{
	for (const char *k = keys; *k; k++) {
		a.now += 0.01;
		app_key(&a, *k == '\n' ? '\r' : (unsigned char)*k);
	}
}

/* Every screen draws a whole frame over the in-process model, and the
 * help screen and hint line come from the binding tables. */
static void test_screens(void)
{
	app_draw(&a, RD_ALL);
	ok(on_screen("Kick") && on_screen("MASTER"), "the console draws Kick and the master");
	ok(on_screen("fader") && on_screen("detail"), "the hint line comes from the console's bindings");
	type("e");
	ok(a.screen == &screen_detail, "e opens the detail panel");
	app_draw(&a, RD_ALL);
	ok(on_screen("EQ and filters"), "the detail panel draws");
	type("\033");
	ok(a.screen == &screen_mixer, "Esc goes back to the console");
	type("?");
	ok(a.screen == &screen_help, "? opens the help");
	app_draw(&a, RD_ALL);
	ok(on_screen("fader +0.5 dB") && on_screen("Detail panel"), "the help lists the bindings by screen");
	type("q");
	ok(a.screen == &screen_mixer, "q closes the help");
	type("t");
	ok(a.screen == &screen_tonal, "t opens the tonal balance");
	app_draw(&a, RD_ALL);
	type("t");
	ok(a.screen == &screen_mixer, "t again: back to the console");
	type(":strip Snare\n");
	is_int(a.sel, strip_index("Snare"), ":strip typed on the command line selects Snare");
	type("(");
	is_int(strip_index("Snare"), 0, "( runs :move left");
	type("u");
	is_int(strip_index("Snare"), 1, "u undoes it");
}

/* The timeline draws in-process; a lane too long for an edit step's
 * text (a recorded ride) is still one undo step, and its save changes
 * only that lane's line. */
static void test_timeline(void)
{
	struct auto_lane l = {0};
	char *before, *after, *bl, *al;
	int k = strip_index("Kick"), diff = 0;
	size_t len;

	type("\t");
	ok(a.screen == &screen_timeline, "Tab opens the timeline");
	app_draw(&a, RD_ALL);
	ok(on_screen("Timeline") && on_screen("Kick") && on_screen("marks"), "the timeline draws its ruler and rows");
	before = project_render_text(a.p, &len);
	l.n = 80;
	l.pt = calloc((size_t)l.n, sizeof *l.pt);
	for (int i = 0; i < l.n; i++)
		l.pt[i] = (struct auto_point){i * 0.25, -6 + (i % 7) * 0.5};
	a.now += 1;
	lane_edit_set(&a, k, "auto.gain", P_AUTO_GAIN, &l, false);
	is_int(a.p->strips[k]->lane_gain.n, 80, "an 80-point lane is set (%s)", a.status);
	after = project_render_text(a.p, &len);
	/* line by line: exactly one differs, the auto.gain line added to Kick */
	bl = before, al = after;
	while (*bl || *al) {
		size_t nb = strcspn(bl, "\n"), na = strcspn(al, "\n");
		if (nb != na || strncmp(bl, al, nb)) {
			diff++;
			ok(!strncmp(al, "auto.gain = 0:00", 16), "the new line is the lane (%.40s...)", al);
			al += na + (al[na] ? 1 : 0);
			continue;
		}
		bl += nb + (bl[nb] ? 1 : 0);
		al += na + (al[na] ? 1 : 0);
	}
	is_int(diff, 1, "the text gains that one line and nothing else");
	type("u");
	is_int(a.p->strips[strip_index("Kick")]->lane_gain.n, 0, "one u takes the whole lane back");
	key(CTRL('r'));
	is_int(a.p->strips[strip_index("Kick")]->lane_gain.n, 80, "^R puts it back");
	type("\t");
	ok(a.screen == &screen_mixer, "Tab again: the console");
	free(l.pt);
	free(before);
	free(after);
}

int main(void)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr;

	dir = tu_tmpdir();
	tu_wav(tu_path(dir, "kick.wav"), 48000, 1, 20, 60, 0.3);
	tu_wav(tu_path(dir, "snare.wav"), 48000, 1, 20, 200, 0.2);
	path = strdup(tu_path(dir, "lib.ini"));
	tu_write(path, text);

	setenv("COLUMNS", "100", 1);
	setenv("LINES", "30", 1);
	scr = newterm("xterm-256color", out, in);
	if (!scr) {
		printf("1..0 # SKIP no xterm-256color terminfo\n");
		return 0;
	}
	theme_init();
	app_open();
	ok(!a.readonly, "the project's lock is ours");
	test_fader();
	test_rename();
	test_move();
	test_track();
	test_loop();
	test_set_eq();
	test_save();
	test_screens();
	test_timeline();
	app_close();
	endwin();
	delscreen(scr);
	{
		static const char *files[] = {"kick.wav", "snare.wav", "hat.wav", "lib.ini", "lib.ini.bak", "lib.ini.lock"};
		for (size_t i = 0; i < ARRAY_LEN(files); i++)
			unlink(tu_path(dir, files[i]));
		rmdir(dir);
	}
	return done_testing();
}
