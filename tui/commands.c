/* commands.c — the `:` command line: one table of commands (name,
 * syntax, help, an example, what Tab completes, handler) that runs them,
 * answers :help CMD and writes the `?` screen's command rows; plus any
 * parameter key as a command of its own (`:comp.ratio 4` is
 * `:set comp.ratio 4`). Key bindings run command strings through
 * command_run too (keymap.c), so keys and commands are one namespace. */
#include "commands.h"
#include "automation.h"
#include "tmix.h"
#include "units.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The strip a key is set on: the selected one, or for a key only the
 * project or only the master has (`:set loop`, `:set limiter`), that
 * section: nobody means "loop on Kick". */
static int key_strip(const struct app *a, const char *key)
{
	const char *suffix;
	int id = param_lookup(key, &suffix);
	unsigned sc;
	if (id < 0)
		return a->sel;
	sc = param_defs[id].scope;
	if (sc & strip_scope(app_strip(a)))
		return a->sel;
	if (sc & SC_PROJECT)
		return -1;
	if (sc & SC_MASTER)
		return a->p->nstrips - 1;
	return a->sel;
}

static int c_set(struct app *a, char *args)
{
	char *key = strtok(args, " \t"), *val = strtok(NULL, "");
	if (!key || !val)
		return app_status(a, true, "usage: set KEY VALUE (:help set)"), RD_STATUS;
	while (isspace((unsigned char)*val))
		val++;
	if (!units_casecmp(key, "loop") || !units_casecmp(key, "tempo")) /* their own checks */
		return command_find(!units_casecmp(key, "loop") ? "loop" : "tempo")->fn(a, val);
	return edit_set(a, key_strip(a, key), key, val, false);
}

static int c_key(struct app *a, const char *key, char *args)
{
	if (!*args)
		return app_status(a, true, "usage: %s VALUE (:help %s)", key, key), RD_STATUS;
	return edit_set(a, key_strip(a, key), key, args, false);
}

/* On an automated strip the lane moves so that the playhead hears x. */
static int c_heard(struct app *a, const char *key, enum param_id id, char *args)
{
	double x;
	enum param_mode m;
	char err[160];
	int rd;
	if (*args && !param_parse(id, args, &x, &m, err, sizeof err) && m == PM_VALUE &&
	    (rd = auto_set_heard(a, key_strip(a, key), key, x)) >= 0)
		return rd;
	return c_key(a, key, args);
}

static int c_gain(struct app *a, char *args) { return c_heard(a, "gain", P_GAIN, args); }
static int c_pan(struct app *a, char *args) { return c_heard(a, "pan", P_PAN, args); }

static int c_goto(struct app *a, char *args)
{
	double t;
	if (units_parse_time(args, &t))
		return app_status(a, true, "goto: '%s' is not a time (83.5, 1:23.5)", args), RD_STATUS;
	engine_seek(a->e, t);
	return RD_HEADER;
}

/* Adds a marker at the playhead, or moves the one of that name here. */
static int c_marker(struct app *a, char *args)
{
	struct project *p = a->p;
	double t = a->st.pos;
	int i;
	char why[128];
	for (size_t n = strlen(args); n && (args[n - 1] == ' ' || args[n - 1] == '\t'); n--)
		args[n - 1] = 0;
	if (!*args)
		return app_status(a, true, "usage: marker NAME"), RD_STATUS;
	if (!project_marker_name_ok(args, why, sizeof why))
		return app_status(a, true, "marker %s: %s", args, why), RD_STATUS;
	i = project_set_marker(p, args, t);
	/* keep them in time order: { and } and the header rely on it */
	for (; i > 0 && p->markers[i - 1].t > p->markers[i].t; i--) {
		struct marker m = p->markers[i];
		p->markers[i] = p->markers[i - 1];
		p->markers[i - 1] = m;
	}
	for (; i + 1 < p->nmarkers && p->markers[i + 1].t < p->markers[i].t; i++) {
		struct marker m = p->markers[i];
		p->markers[i] = p->markers[i + 1];
		p->markers[i + 1] = m;
	}
	a->extra_dirty = true;
	app_status(a, false, "marker %s at %.1f s (not undoable; saved with :w)", args, t);
	return RD_HEADER | RD_STATUS;
}

static int c_write(struct app *a, char *args)
{
	app_save(a, *args ? args : a->path);
	return RD_HEADER | RD_STATUS;
}

static int c_quit(struct app *a, char *args)
{
	if (app_dirty(a) && strcmp(args, "!")) {
		app_status(a, true, "unsaved changes: :w to save, :q! to quit without saving");
		return RD_STATUS;
	}
	a->quit = true;
	return RD_NONE;
}

static int c_wq(struct app *a, char *args)
{
	a->quit_after_save = true; /* when the save must ask first (changed on disk) */
	if (app_save(a, a->path) == 0)
		a->quit = true;
	if (a->prompt != PR_CONFLICT)
		a->quit_after_save = false;
	return RD_STATUS;
}

static int c_bounce(struct app *a, char *args)
{
	return bounce_job_start(a, args);
}

static int c_cancel(struct app *a, char *args)
{
	(void)args;
	if (!a->job)
		app_status(a, true, "no bounce is running");
	bounce_job_cancel(a);
	return RD_STATUS;
}

static int c_select(struct app *a, char *args)
{
	int i = project_find_strip(a->p, args);
	if (i < 0 && !units_casecmp(args, "master"))
		i = a->p->nstrips - 1;
	if (i < 0)
		return app_status(a, true, "no strip named '%s'", args), RD_STATUS;
	a->sel = i;
	app_clamp_selection(a);
	return RD_ALL & ~RD_LAYOUT;
}

static int c_gainstage(struct app *a, char *args)
{
	if (*args) {
		int i = project_find_strip(a->p, args);
		if (i < 0)
			return app_status(a, true, "no strip named '%s'", args), RD_STATUS;
		return gainstage_start(a, i);
	}
	return gainstage_start(a, -1);
}

static int c_help(struct app *a, char *args);
static int c_reload(struct app *a, char *args) { return offline_reopen(a); }

static const struct command commands[] = {
	{"set", "KEY VALUE", "set any parameter of the selected strip ([project] and [master] keys go there)",
	 "set comp.ratio 4", CK_KEY, c_set},
	{"gain", "DB", "fader of the selected strip (automated: its lane moves so the playhead hears DB)", "gain -3.5", CK_NONE, c_gain},
	{"pan", "PAN", "pan (L30, C, R20 or -100..100)", "pan L30", CK_NONE, c_pan},
	{"auto", "off|read|touch|latch|write [all]",
	 "automation mode of the selected strip (all: every strip); touch, latch and write record the keys while playing",
	 "auto latch", CK_NONE, auto_command},
	{"rename", "NAME", "rename the selected track or bus; outputs and sends follow", "rename Lead Vox", CK_NONE, c_rename},
	{"move", "left|right|N", "move the selected strip among its kind (keys ( and ))", "move 2", CK_MOVE, c_move},
	{"track", "add PATH [NAME] | delete", "add a stem as a track (checked as tmix check does) or delete the selected track",
	 "track add stems/gtr.wav Guitar", CK_TRACK, c_track},
	{"bus", "add NAME [reverb|delay]", "add a group bus, or an effect return with reverb or delay",
	 "bus add Hall reverb", CK_BUS, c_bus},
	{"insert", "add UNIT | delete N | move N M | bypass N",
	 "insert slots of the selected strip, after its compressor (Tab lists the units; detail panel: a D J K x)",
	 "insert add utility", CK_INSERT, c_insert},
	{"loop", "START END | off", "set the loop region (L turns it on and off)", "loop 0:05 0:15", CK_LOOP, c_loop},
	{"tempo", "BPM", "the song's tempo (delay times in note lengths follow it)", "tempo 96", CK_NONE, c_tempo},
	{"goto", "TIME", "move the playhead (83.5, 1:23.5)", "goto 1:23.5", CK_NONE, c_goto},
	{"marker", "NAME", "add a marker at the playhead (or move it here)", "marker Chorus", CK_NONE, c_marker},
	{"strip", "NAME", "select a strip by name", "strip Kick", CK_STRIP, c_select},
	{"ref", "[NAME|mix] | add PATH [NAME] | delete [NAME]",
	 "hear reference NAME, loudness-matched (no name: flip A/B; mix: back); add or delete one (delete asks; delete! does not)", "ref add refs/pro.flac Pro",
	 CK_REF, c_ref},
	{"monitor", "off|mono|side|swap|dim|phone|small|cut|TARGET",
	 "change what is heard, never the mix: a listening check, or a platform's playback level (spotify, apple, ...; key o cycles off, mono, side, phone, small)",
	 "monitor spotify", CK_MONITOR, c_monitor},
	{"gainstage", "[STRIP]", "set every track's trim (or one track's) so its peaks sit at -10 dBFS; one undo step",
	 "gainstage Kick", CK_STRIP, c_gainstage},
	{"w", "[FILE]", "save (in place; or a copy to FILE)", "w song-copy.ini", CK_PATH, c_write},
	{"q", "[!]", "quit (q! without saving)", "q!", CK_NONE, c_quit},
	{"wq", "", "save and quit", "wq", CK_NONE, c_wq},
	{"bounce", "[FILE]", "render the mix to a .wav or .flac file (default NAME.wav beside the project)", "bounce mix.flac",
	 CK_PATH, c_bounce},
	{"cancel", "", "stop a running bounce", "cancel", CK_NONE, c_cancel},
	{"ramp", "VALUE", "in the timeline: ramp the lane across the selection, from its value at the start to VALUE at the end",
	 "ramp -6", CK_NONE, timeline_ramp},
	{"clear", "", "in the timeline: remove the lane's points inside the selection (x)", "clear", CK_NONE, timeline_clear},
	{"reload", "", "reopen every stem (an offline one comes back once its file is good)", "reload", CK_NONE, c_reload},
	{"help", "[CMD|KEY]", "a command's or a parameter's syntax and an example, or what a key does (no name: the ? screen)", "help gain",
	 CK_HELP, c_help},
};

const struct command *command_at(int i)
{
	return i >= 0 && i < (int)ARRAY_LEN(commands) ? &commands[i] : NULL;
}

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

/* An example value for a parameter, for :help KEY. */
static const char *key_example(int id, char *buf, size_t n)
{
	switch (param_defs[id].type) {
	case PT_EQ: return "bell 3k -2 q 1.4";
	case PT_INSERT: return "utility";
	case PT_SEND: return "-14 dB";
	case PT_LANE: return "0:00 -2.5, 1:10 -1";
	case PT_BUSREF: return "master";
	case PT_KEYREF: return "Vocal";
	case PT_FXKIND: return "reverb";
	case PT_LOOP: return "0:05 - 0:15";
	case PT_COLOUR: return "magenta";
	case PT_TEXT: case PT_PATH: return "...";
	default:
		param_format((enum param_id)id, param_defs[id].def, PM_VALUE, buf, n);
		return buf;
	}
}

static int c_help(struct app *a, char *args)
{
	const struct command *c;
	const char *suffix;
	int id;
	char ex[64], ex2[512];

	if (!*args) { /* the whole list: the ? screen, at its commands */
		if (a->screen != &screen_help)
			a->help_back = a->screen;
		screen_switch(a, &screen_help);
		a->help_first = keymap_help_lines(a, 0, 0, 0);
		return RD_ALL;
	}
	if (*args == ':')
		args++;
	if ((c = command_find(args)) != NULL) {
		app_status(a, false, ":%s%s%s  e.g. :%s  - %s", c->name, *c->usage ? " " : "", c->usage, c->example,
			   c->help);
		return RD_STATUS;
	}
	id = param_lookup(args, &suffix);
	if (id < 0) { /* eq, send: the indexed keys by their stem */
		char k[80];
		snprintf(k, sizeof k, "%s.1", args);
		id = param_lookup(k, &suffix);
		if (id >= 0 && !(param_defs[id].flags & PF_INDEXED))
			id = -1;
	}
	if (id >= 0) {
		const char *k = param_defs[id].key;
		char key[80];
		if (param_defs[id].flags & PF_INDEXED)
			snprintf(key, sizeof key, "%s.%s", k,
				 param_defs[id].type == PT_EQ || param_defs[id].type == PT_INSERT ? "1" : "Plate");
		else
			snprintf(key, sizeof key, "%s", k);
		app_status(a, false, ":%s VALUE  e.g. :%s %s  - %s", param_defs[id].flags & PF_INDEXED ? key : args, key,
			   key_example(id, ex, sizeof ex), param_defs[id].help);
		return RD_STATUS;
	}
	if (keymap_key_help(args, ex2, sizeof ex2)) { /* a key: g, L, Space, ^S */
		app_status(a, false, "key %s: %s", args, ex2);
		return RD_STATUS;
	}
	app_status(a, true, "help: no command or key named '%s' (:help alone lists them)", args);
	return RD_STATUS;
}

#define SYN_COLS 28 /* the syntax column of the `?` screen */

/* Puts one row of the `?` screen when it is in view; counts it. */
static void help_row(int *n, int first, int y0, int rows, attr_t at, const char *text)
{
	int y = y0 + *n - first;
	if (y >= y0 && y < y0 + rows)
		widget_text(y, 0, COLS, at, text);
	(*n)++;
}

/* A command's syntax, then its help wrapped in the column beside it (or
 * below it, when the syntax is wider than its column). */
static void help_command(int *n, int first, int y0, int rows, const char *syn, const char *help)
{
	int w = COLS - SYN_COLS - 3 > 20 ? COLS - SYN_COLS - 3 : 20;
	bool own_row = (int)strlen(syn) > SYN_COLS - 1;
	char row[400];
	const char *h = help;

	if (own_row) {
		snprintf(row, sizeof row, "  %s", syn);
		help_row(n, first, y0, rows, A_NORMAL, row);
	}
	do {
		int len = (int)strlen(h), cut = len;
		if (len > w) {
			for (cut = w; cut > 0 && h[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = w;
		}
		snprintf(row, sizeof row, "  %-*s %.*s", SYN_COLS, h == help && !own_row ? syn : "", cut, h);
		help_row(n, first, y0, rows, A_NORMAL, row);
		h += cut;
		while (*h == ' ')
			h++;
	} while (*h);
}

/* The `?` screen's rows for the commands, from `first` on; the count. */
int command_help_lines(const struct app *a, int first, int y0, int rows)
{
	int n = 0;
	char syn[96];
	(void)a;
	help_row(&n, first, y0, rows, A_NORMAL, "");
	help_row(&n, first, y0, rows, theme_attr(R_TITLE) | A_BOLD,
		 "Commands (: then Tab completes; :help CMD shows an example)");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
		snprintf(syn, sizeof syn, ":%s%s%s", commands[i].name, *commands[i].usage ? " " : "", commands[i].usage);
		help_command(&n, first, y0, rows, syn, commands[i].help);
	}
	help_command(&n, first, y0, rows, ":KEY VALUE", "any parameter as a command: :comp.ratio 4, :eq.1 bell 3k -2");
	return n;
}

int command_confirm_key(struct app *a, int ch)
{
	a->prompt = PR_NONE;
	if (ch == 'y' || ch == 'Y')
		return command_run(a, a->confirm_cmd) | RD_STATUS;
	app_status(a, false, "nothing changed");
	return RD_STATUS;
}

int command_run(struct app *a, const char *text)
{
	char line[320], *name, *args;
	const char *suffix;
	size_t n;

	snprintf(line, sizeof line, "%s", text);
	name = line;
	while (isspace((unsigned char)*name))
		name++;
	if (!*name)
		return RD_STATUS;
	args = name + strcspn(name, " \t!");
	if (*args == '!') { /* q! w! */
		memmove(args + 1, args, strlen(args) + 1);
		*args++ = 0;
	} else if (*args)
		*args++ = 0;
	while (isspace((unsigned char)*args))
		args++;
	n = strlen(args);
	while (n && isspace((unsigned char)args[n - 1]))
		args[--n] = 0;
	/* the last message is answered: a command that succeeds quietly
	 * (:goto, :strip) must not leave an old error up */
	a->status[0] = 0;
	a->status_err = false;
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (!strcmp(name, commands[i].name))
			return commands[i].fn(a, args) | RD_STATUS;
	if (param_lookup(name, &suffix) >= 0)
		return c_key(a, name, args);
	app_status(a, true, "unknown command '%s' (:help lists them)", name);
	return RD_STATUS;
}

