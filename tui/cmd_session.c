/* cmd_session.c — the commands that shape the session on screen:
 * :rename, :move, :track add|delete, :bus add, :loop, :tempo and
 * :ref add|delete. The structural ones build the new project with
 * project_edit.h (checked as `tmix check` would) and hand it to
 * edit_structure, which swaps the engine's graph and keeps one undo step;
 * :loop and :tempo are [project] keys set through edit_set. */
#include "commands.h"
#include "project_edit.h"
#include "stem_name.h"
#include "tmix.h"
#include "units.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int fail(struct app *a, const char *what, const char *err)
{
	app_status(a, true, "%s: %s", what, err);
	return RD_STATUS;
}

int c_rename(struct app *a, char *args)
{
	struct strip *s = app_strip(a);
	char err[256], what[64], old[80];
	struct project *np;

	if (!*args)
		return fail(a, "rename", "usage: rename NAME (the selected strip's new name)");
	if (s->kind == SK_MASTER)
		return fail(a, "rename", "the master strip keeps its name");
	if (!strcmp(s->name, args))
		return fail(a, "rename", "that is its name already");
	snprintf(old, sizeof old, "%s", s->name);
	np = project_edit_rename(a->p, a->sel, args, err, sizeof err);
	if (!np)
		return fail(a, "rename", err);
	snprintf(what, sizeof what, "rename %.24s to %.24s", old, args);
	edit_structure(a, np, what, a->sel);
	app_status(a, false, "renamed %s to %s; outputs and sends follow (u undoes)", old, args);
	return RD_ALL;
}

int c_move(struct app *a, char *args)
{
	struct project *p = a->p;
	struct strip *s = app_strip(a);
	bool track = s->kind == SK_TRACK;
	int first = track ? 0 : p->ntracks, last = track ? p->ntracks - 1 : p->ntracks + p->nbuses - 1, to;
	char err[256], what[64], *end;
	struct project *np;

	if (s->kind == SK_MASTER)
		return fail(a, "move", "the master stays at the right");
	if (!strcmp(args, "left") || !strcmp(args, "l"))
		to = a->sel - 1;
	else if (!strcmp(args, "right") || !strcmp(args, "r"))
		to = a->sel + 1;
	else {
		long n = strtol(args, &end, 10);
		if (!*args || *end || n < 1 || n > INT_MAX)
			return fail(a, "move", "usage: move left|right|N (N: the position, 1 is the leftmost)");
		to = (int)n - 1;
	}
	if (to < first && to == a->sel - 1)
		return app_status(a, true, "%s is already the first %s", s->name, track ? "track" : "bus"), RD_STATUS;
	if (to > last && to == a->sel + 1)
		return app_status(a, true, "%s is already the last %s", s->name, track ? "track" : "bus"), RD_STATUS;
	np = project_edit_move(p, a->sel, to, err, sizeof err);
	if (!np)
		return fail(a, "move", err);
	snprintf(what, sizeof what, "move %.40s", s->name);
	edit_structure(a, np, what, to);
	app_status(a, false, "moved %s to position %d (u undoes)", app_strip(a)->name, to + 1);
	return RD_ALL;
}

/* The path as the file will hold it: relative to the project's folder
 * when the stem is inside it, else absolute. The person types it as a
 * shell would take it (from the working folder). */
static bool stem_path(struct app *a, const char *typed, char *out, size_t n, char *err, size_t en)
{
	char *real = realpath(typed, NULL), *dir;
	struct stat st;
	if (!real) {
		snprintf(err, en, "cannot open '%s': %s", typed, strerror(errno));
		return false;
	}
	if (stat(real, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, en, "'%s' is not a file", typed);
		free(real);
		return false;
	}
	dir = realpath(a->p->dir, NULL);
	if (dir && !strncmp(real, dir, strlen(dir)) && real[strlen(dir)] == '/')
		snprintf(out, n, "%s", real + strlen(dir) + 1);
	else
		snprintf(out, n, "%s", real);
	free(real);
	free(dir);
	return true;
}

/* PATH [NAME], or "PATH" [NAME] for a path with blanks: splits off the
 * path; NAME defaults to what the file name says ("03_LeadVox_final.wav"
 * is "Lead Vox"). */
static bool path_and_name(char *args, char **path, char *name, size_t n)
{
	char *sp, *base;
	if (*args == '"' && strchr(args + 1, '"')) { /* "a path with blanks" */
		args++;
		sp = strchr(args, '"');
		*sp = ' ';
	} else
		sp = args + strcspn(args, " \t");
	*path = args;
	if (*sp) {
		*sp++ = 0;
		while (*sp == ' ' || *sp == '\t')
			sp++;
	}
	if (*sp) {
		snprintf(name, n, "%s", sp);
		return true;
	}
	base = strrchr(args, '/');
	stem_name_clean(base ? base + 1 : args, name, n);
	return false;
}

/* A name from the file that a strip already has gets a number: the
 * second kick stem is "Kick 2". */
static void free_name(const struct project *p, char *name, size_t n)
{
	char base[128];
	snprintf(base, sizeof base, "%s", name);
	for (int k = 2; k < 100 && project_find_strip(p, name) >= 0; k++)
		snprintf(name, n, "%.100s %d", base, k);
}

static int track_add(struct app *a, char *args)
{
	char name[128], file[4096], err[512], what[64];
	char *path;
	struct project *np;
	int at;

	if (!*args)
		return fail(a, "track add", "usage: track add PATH [NAME]");
	if (!path_and_name(args, &path, name, sizeof name))
		free_name(a->p, name, sizeof name);
	if (!stem_path(a, path, file, sizeof file, err, sizeof err))
		return fail(a, "track add", err);
	np = project_edit_add_track(a->p, file, name, err, sizeof err);
	if (!np)
		return fail(a, "track add", err);
	at = project_find_strip(np, name);
	snprintf(what, sizeof what, "add track %.40s", name);
	edit_structure(a, np, what, at);
	app_status(a, false, "added track %s (%s) (u undoes)", name, file);
	return RD_ALL;
}

static int track_delete(struct app *a, bool asked)
{
	struct strip *s = app_strip(a);
	char err[256], what[64], name[80];
	struct project *np;

	if (s->kind != SK_TRACK)
		return app_status(a, true, "track delete: %s is %s, not a track", s->name,
				  s->kind == SK_MASTER ? "the master" : "a bus"), RD_STATUS;
	if (!asked) {
		snprintf(a->confirm_q, sizeof a->confirm_q, "Delete track %s? y: delete (u brings it back)  n: keep",
			 s->name);
		snprintf(a->confirm_cmd, sizeof a->confirm_cmd, "track delete!");
		a->prompt = PR_CONFIRM;
		return RD_STATUS;
	}
	snprintf(name, sizeof name, "%s", s->name);
	np = project_edit_delete(a->p, a->sel, err, sizeof err);
	if (!np)
		return fail(a, "track delete", err);
	snprintf(what, sizeof what, "delete track %.40s", name);
	edit_structure(a, np, what, a->sel < np->ntracks ? a->sel : np->ntracks - 1);
	app_status(a, false, "deleted track %s (u brings it back)", name);
	return RD_ALL;
}

int c_track(struct app *a, char *args)
{
	if (!strncmp(args, "add", 3) && (!args[3] || args[3] == ' ' || args[3] == '\t')) {
		args += 3;
		while (*args == ' ' || *args == '\t')
			args++;
		return track_add(a, args);
	}
	if (!strcmp(args, "delete"))
		return track_delete(a, false);
	if (!strcmp(args, "delete!"))
		return track_delete(a, true);
	return fail(a, "track", "usage: track add PATH [NAME] | track delete");
}

int c_bus(struct app *a, char *args)
{
	char name[128], err[256], what[64], *last;
	enum fx_kind fx = FX_NONE;
	struct project *np;

	if (strncmp(args, "add ", 4))
		return fail(a, "bus", "usage: bus add NAME [reverb|delay] (no kind: a group bus)");
	snprintf(name, sizeof name, "%s", args + 4);
	while (name[0] == ' ')
		memmove(name, name + 1, strlen(name));
	last = strrchr(name, ' ');
	if (last && (!strcmp(last + 1, "reverb") || !strcmp(last + 1, "delay"))) {
		fx = last[1] == 'r' ? FX_REVERB : FX_DELAY;
		while (last > name && last[-1] == ' ')
			last--;
		*last = 0;
	} else if (!strcmp(name, "reverb") || !strcmp(name, "delay"))
		return fail(a, "bus add", "the bus needs a name: bus add NAME [reverb|delay]");
	np = project_edit_add_bus(a->p, name, fx, err, sizeof err);
	if (!np)
		return fail(a, "bus add", err);
	snprintf(what, sizeof what, "add bus %.40s", name);
	edit_structure(a, np, what, project_find_strip(np, name));
	app_status(a, false, "added %s bus %s%s (u undoes)", fx == FX_REVERB ? "a reverb" : fx == FX_DELAY ? "a delay" : "a group",
		   name, fx != FX_NONE ? "; send.NAME on a strip feeds it" : "; output = NAME on a strip feeds it");
	return RD_ALL;
}

int c_loop(struct app *a, char *args)
{
	char txt[160], cur[80], *tok[4];
	int n = 0;
	double start, len;

	if (!*args) {
		if (!strip_get(a->p, &a->p->proj, "loop", cur, sizeof cur))
			snprintf(cur, sizeof cur, "off");
		return app_status(a, false, "loop %s (usage: loop START END | loop off)", cur), RD_STATUS;
	}
	if (!strcmp(args, "off"))
		return edit_set(a, -1, "loop", "off", false);
	for (char *t = strtok(args, " \t"); t && n < 4; t = strtok(NULL, " \t"))
		tok[n++] = t;
	if (n == 3 && !strcmp(tok[1], "-"))
		tok[1] = tok[2], n = 2;
	if (n == 1 && strchr(tok[0], '-')) { /* 0:05-0:15 */
		tok[1] = strchr(tok[0], '-');
		*tok[1]++ = 0;
		n = 2;
	}
	if (n != 2)
		return fail(a, "loop", "usage: loop START END (0:05 0:15) | loop off");
	/* a loop that starts where nothing plays would have the transport
	 * jump past the end for ever; the loader accepts it (a hand edit),
	 * the screen does not make one */
	if (!units_parse_time(tok[0], &start) && start >= (len = project_length(a->p)) && len > 0) {
		char l[32];
		app_status(a, true, "loop: %s is at or past the song's end (it is %s long)", tok[0],
			   units_fmt_time(l, sizeof l, len));
		return RD_STATUS;
	}
	snprintf(txt, sizeof txt, "%s - %s", tok[0], tok[1]);
	return edit_set(a, -1, "loop", txt, false);
}

int c_tempo(struct app *a, char *args)
{
	char cur[64];
	if (!*args) {
		if (!strip_get(a->p, &a->p->proj, "tempo", cur, sizeof cur))
			snprintf(cur, sizeof cur, "none");
		return app_status(a, false, "tempo %s (usage: tempo BPM)", cur), RD_STATUS;
	}
	return edit_set(a, -1, "tempo", args, false);
}

static int ref_add(struct app *a, char *args)
{
	char name[128], file[4096], err[512], what[64];
	char *path;
	struct project *np;

	if (!*args)
		return fail(a, "ref add", "usage: ref add PATH [NAME]");
	path_and_name(args, &path, name, sizeof name);
	if (!stem_path(a, path, file, sizeof file, err, sizeof err))
		return fail(a, "ref add", err);
	np = project_edit_add_ref(a->p, file, name, err, sizeof err);
	if (!np)
		return fail(a, "ref add", err);
	snprintf(what, sizeof what, "add reference %.40s", name);
	edit_structure(a, np, what, a->sel);
	a->ref_sel = a->p->nrefs - 1;
	app_status(a, false, "added reference %s; r plays it (u undoes)", name);
	return RD_ALL;
}

static int ref_delete(struct app *a, const char *name, bool asked)
{
	int i = *name ? -1 : a->ref_sel;
	char err[256], what[64], gone[80];
	struct project *np;

	if (!a->p->nrefs)
		return fail(a, "ref delete", "the project has no reference");
	for (int k = 0; *name && k < a->p->nrefs; k++)
		if (!strcmp(a->p->refs[k].name, name))
			i = k;
	if (i < 0 || i >= a->p->nrefs)
		return app_status(a, true, "ref delete: no reference named '%s'", name), RD_STATUS;
	snprintf(gone, sizeof gone, "%s", a->p->refs[i].name);
	if (!asked) { /* as :track delete asks: a reference can be a long search to find again */
		snprintf(a->confirm_q, sizeof a->confirm_q, "Delete reference %s? y: delete (u brings it back)  n: keep",
			 gone);
		snprintf(a->confirm_cmd, sizeof a->confirm_cmd, "ref delete! %s", gone);
		a->prompt = PR_CONFIRM;
		return RD_STATUS;
	}
	np = project_edit_delete_ref(a->p, i, err, sizeof err);
	if (!np)
		return fail(a, "ref delete", err);
	snprintf(what, sizeof what, "delete reference %.40s", gone);
	edit_structure(a, np, what, a->sel);
	app_status(a, false, "deleted reference %s (u brings it back)", gone);
	return RD_ALL;
}

int c_ref(struct app *a, char *args)
{
	if (!strncmp(args, "add", 3) && (!args[3] || args[3] == ' ')) {
		args += 3;
		while (*args == ' ')
			args++;
		return ref_add(a, args);
	}
	if (!strncmp(args, "delete", 6) && (!args[6] || args[6] == ' ' || args[6] == '!')) {
		bool asked = args[6] == '!';
		args += 6 + asked;
		while (*args == ' ')
			args++;
		return ref_delete(a, args, asked);
	}
	return ref_select(a, args);
}
