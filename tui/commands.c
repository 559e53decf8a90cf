/* commands.c — the `:` command line: one table of commands (name, usage,
 * help, handler), plus any parameter key as a command of its own
 * (`:comp.ratio 4` is `:set comp.ratio 4`). Tab completes command and
 * parameter names from the same tables. */
#include "tui.h"
#include "tmix.h"
#include "units.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct command {
	const char *name, *usage, *help;
	int (*fn)(struct app *a, char *args);
};

static int c_set(struct app *a, char *args)
{
	char *key = strtok(args, " \t"), *val = strtok(NULL, "");
	if (!key || !val)
		return app_status(a, true, "usage: set KEY VALUE"), RD_STATUS;
	while (isspace((unsigned char)*val))
		val++;
	return edit_set(a, a->sel, key, val, false);
}

static int c_key(struct app *a, const char *key, char *args)
{
	if (!*args)
		return app_status(a, true, "usage: %s VALUE", key), RD_STATUS;
	return edit_set(a, a->sel, key, args, false);
}

static int c_gain(struct app *a, char *args) { return c_key(a, "gain", args); }
static int c_pan(struct app *a, char *args) { return c_key(a, "pan", args); }

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

static int c_ref(struct app *a, char *args) { return ref_select(a, args); }

static int c_help(struct app *a, char *args);
static int c_reload(struct app *a, char *args) { return offline_reopen(a); }

static const struct command commands[] = {
	{"set", "KEY VALUE", "set any parameter of the selected strip", c_set},
	{"gain", "DB", "fader of the selected strip", c_gain},
	{"pan", "PAN", "pan (L30, C, R20 or -100..100)", c_pan},
	{"goto", "TIME", "move the playhead (83.5, 1:23.5)", c_goto},
	{"marker", "NAME", "add a marker at the playhead (or move it here)", c_marker},
	{"strip", "NAME", "select a strip by name", c_select},
	{"w", "[FILE]", "save (in place; or to FILE)", c_write},
	{"q", "[!]", "quit (q! without saving)", c_quit},
	{"wq", "", "save and quit", c_wq},
	{"bounce", "[FILE]", "render the mix to a .wav or .flac file (default NAME.wav beside the project)", c_bounce},
	{"cancel", "", "stop a running bounce", c_cancel},
	{"gainstage", "[STRIP]", "set every track's trim (or one strip's) so its peaks sit at -10 dBFS; one undo step", c_gainstage},
	{"ref", "[NAME|mix]", "hear reference NAME, loudness-matched (no name: flip A/B; mix: back)", c_ref},
	{"reload", "", "reopen every stem (an offline one comes back once its file is good)", c_reload},
	{"help", "", "list the commands", c_help},
};

static int c_help(struct app *a, char *args)
{
	char buf[256] = "";
	for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
		strncat(buf, commands[i].name, sizeof buf - strlen(buf) - 1);
		strncat(buf, " ", sizeof buf - strlen(buf) - 1);
	}
	app_status(a, false, ":%s, or :KEY VALUE for any parameter", buf);
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
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (!strcmp(name, commands[i].name))
			return commands[i].fn(a, args);
	if (param_lookup(name, &suffix) >= 0)
		return c_key(a, name, args);
	app_status(a, true, "unknown command '%s' (:help lists them)", name);
	return RD_STATUS;
}

/* Candidates for the word at the cursor: command and key names first,
 * key names after `set`. */
static int candidates(const struct app *a, bool first, const char *out[], int max)
{
	int n = 0;
	unsigned sc = strip_scope(app_strip(a));
	if (first)
		for (size_t i = 0; i < ARRAY_LEN(commands) && n < max; i++)
			out[n++] = commands[i].name;
	for (int i = 0; i < P_COUNT && n < max; i++)
		if ((param_defs[i].scope & sc) && !(param_defs[i].flags & PF_INDEXED))
			out[n++] = param_defs[i].key;
	return n;
}

void command_complete(struct app *a)
{
	const char *cand[128], *match[128];
	char *word = a->line, *sp = strrchr(a->line, ' ');
	bool first = !sp;
	int n, m = 0;
	size_t wl, common = 0;

	if (sp) {
		if (strncmp(a->line, "set ", 4) || sp != a->line + 3)
			return; /* only the key after set, or the command itself */
		word = sp + 1;
	}
	wl = strlen(word);
	n = candidates(a, first, cand, 128);
	for (int i = 0; i < n; i++)
		if (!strncmp(cand[i], word, wl))
			match[m++] = cand[i];
	if (!m) {
		app_status(a, true, "no completion for '%s'", word);
		return;
	}
	common = strlen(match[0]);
	for (int i = 1; i < m; i++) {
		size_t k = 0;
		while (k < common && match[i][k] == match[0][k])
			k++;
		common = k;
	}
	snprintf(word, sizeof a->line - (size_t)(word - a->line), "%.*s%s", (int)common, match[0],
		 m == 1 ? " " : "");
	a->len = a->cur = (int)strlen(a->line);
	if (m > 1) {
		char list[256] = "";
		for (int i = 0; i < m && strlen(list) < 200; i++) {
			strncat(list, match[i], sizeof list - strlen(list) - 1);
			strncat(list, " ", sizeof list - strlen(list) - 1);
		}
		app_status(a, false, "%s", list);
	}
}
