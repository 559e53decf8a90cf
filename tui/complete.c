/* complete.c — Tab on the `:` line. The command's table entry says what
 * its argument is (commands.h, enum complete): parameter names (with
 * eq.1..eq.8 and send.BUS for the strip's effect buses), strip names,
 * reference names, paths, or a command's own words. The word is
 * completed to the longest prefix the candidates share; several
 * candidates are listed on the status line. */
#include "commands.h"
#include "lv2/lv2_host.h"
#include "dsp/unit.h"
#include "tmix.h"
#include "units.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAXC 512

struct cands {
	int n;
	const char *v[MAXC];
	char buf[32768];
	size_t used;
};

static void add(struct cands *c, const char *s)
{
	size_t l = strlen(s) + 1;
	if (c->n == MAXC || c->used + l > sizeof c->buf)
		return;
	memcpy(c->buf + c->used, s, l);
	c->v[c->n++] = c->buf + c->used;
	c->used += l;
}

static void add_uri(const char *uri, void *ctx) { add(ctx, uri); }

/* Keys that start with word only: a plugin's hundreds of parameters
 * (and their lanes) must not crowd the rest out of the list. */
static void add_key(struct cands *c, const char *k, const char *word)
{
	if (!strncasecmp(k, word, strlen(word)))
		add(c, k);
}

static void add_keys(const struct app *a, struct cands *c, const char *word)
{
	const struct strip *s = app_strip(a);
	unsigned sc = strip_scope(s);
	char k[160];
	for (int i = 0; i < P_COUNT; i++) {
		const struct param_def *d = &param_defs[i];
		if (!(d->scope & (sc | SC_PROJECT))) /* :set loop goes to [project] */
			continue;
		if (!(d->flags & PF_INDEXED)) {
			add_key(c, d->key, word);
			continue;
		}
		if (d->type == PT_EQ && (d->scope & sc))
			for (int b = 1; b <= EQ_BANDS; b++) {
				snprintf(k, sizeof k, "%s.%d", d->key, b);
				add_key(c, k, word);
			}
		if (i == P_INSERT && (d->scope & sc))
			for (int b = 0; b < s->ninserts; b++) {
				const struct unit_desc *u = s->inserts[b].unit;
				snprintf(k, sizeof k, "insert.%d", b + 1);
				add_key(c, k, word);
				for (int q = 0; q < u->nparams; q++) {
					snprintf(k, sizeof k, "insert.%d.%s", b + 1, u->params[q].sym);
					add_key(c, k, word);
				}
				snprintf(k, sizeof k, "insert.%d.bypass", b + 1);
				add_key(c, k, word);
			}
		if (i == P_AUTO_INSERT && (d->scope & sc))
			for (int b = 0; b < s->ninserts; b++)
				for (int q = 0; q < s->inserts[b].unit->nparams; q++) {
					snprintf(k, sizeof k, "auto.insert.%d.%s", b + 1, s->inserts[b].unit->params[q].sym);
					add_key(c, k, word);
				}
		if ((i == P_SEND || i == P_AUTO_SEND) && (d->scope & sc))
			for (int b = 0; b < a->p->nstrips; b++) {
				const struct strip *bus = a->p->strips[b];
				if (bus->fx == FX_NONE || bus == s)
					continue;
				snprintf(k, sizeof k, "%s.%s", d->key, bus->name);
				add_key(c, k, word);
			}
	}
}

static void add_strips(const struct app *a, struct cands *c)
{
	for (int i = 0; i < a->p->nstrips; i++)
		add(c, a->p->strips[i]->kind == SK_MASTER ? "master" : a->p->strips[i]->name);
}

/* Files and folders whose path starts with word; folders end in '/'. */
static void add_paths(struct cands *c, const char *word)
{
	const char *slash = strrchr(word, '/');
	char dir[4096], path[4096];
	const char *base = slash ? slash + 1 : word;
	DIR *d;
	struct dirent *e;

	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - word + 1), word);
	else
		dir[0] = 0;
	d = opendir(*dir ? dir : ".");
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_name[0] == '.' && base[0] != '.')
			continue;
		if (strncmp(e->d_name, base, strlen(base)))
			continue;
		snprintf(path, sizeof path, "%s%s", dir, e->d_name);
		if (!stat(path, &st) && S_ISDIR(st.st_mode))
			strncat(path, "/", sizeof path - strlen(path) - 1);
		add(c, path);
	}
	closedir(d);
}

static int cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Completes the text from word to the end of the line against c. */
static void finish(struct app *a, char *word, struct cands *c, bool path)
{
	const char *match[MAXC];
	size_t wl = strlen(word), common;
	int m = 0;

	for (int i = 0; i < c->n; i++)
		if (!strncasecmp(c->v[i], word, wl))
			match[m++] = c->v[i];
	if (!m) {
		app_status(a, true, "no completion for '%s'", word);
		return;
	}
	qsort(match, (size_t)m, sizeof *match, cmp);
	{ /* a name that is a command and a key (gain) is one candidate */
		int u = 1;
		for (int i = 1; i < m; i++)
			if (strcmp(match[i], match[u - 1]))
				match[u++] = match[i];
		m = u;
	}
	common = strlen(match[0]);
	for (int i = 1; i < m; i++) {
		size_t k = 0;
		while (k < common && match[i][k] == match[0][k])
			k++;
		common = k;
	}
	if (common < wl) /* the candidates differ in case only from here on: keep what was typed */
		common = wl, match[0] = word;
	{
		char done[512];
		bool dir = path && m == 1 && common && match[0][common - 1] == '/';
		snprintf(done, sizeof done, "%.*s%s", (int)common, match[0], m == 1 && !dir ? " " : "");
		snprintf(word, sizeof a->line - (size_t)(word - a->line), "%s", done);
	}
	a->len = a->cur = (int)strlen(a->line);
	if (m > 1) {
		char list[512] = "", more[32];
		int i;
		/* whole names only, as many as the line holds, and how many more */
		for (i = 0; i < m; i++) {
			const char *shown = path && strrchr(match[i], '/') && strrchr(match[i], '/')[1]
				? strrchr(match[i], '/') + 1 : match[i];
			snprintf(more, sizeof more, "(+%d more)", m - i - 1);
			if (widget_utf8_cols(list, 999, NULL) + widget_utf8_cols(shown, 999, NULL) +
				    (i < m - 1 ? 2 + (int)strlen(more) : 0) > COLS - 1 ||
			    strlen(list) + strlen(shown) + 3 >= sizeof list)
				break;
			strncat(list, shown, sizeof list - strlen(list) - 1);
			strncat(list, "  ", sizeof list - strlen(list) - 1);
		}
		if (i < m)
			snprintf(list + strlen(list), sizeof list - strlen(list), "(+%d more)", m - i);
		app_status(a, false, "%s", list);
	} else
		a->status[0] = 0;
}

static char *skip(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static void add_cb(void *ctx, const char *s) { add(ctx, s); }

/* After a command word that takes sub-words (track add, ref delete):
 * *rest is past "WORD " when the line has it, and true. */
static bool sub(char **rest, const char *w)
{
	size_t n = strlen(w);
	if (strncmp(*rest, w, n) || (*rest)[n] != ' ')
		return false;
	*rest = skip(*rest + n);
	return true;
}

/* The choices of an insert's enum or toggle parameter after ":set
 * insert.N.PARAM ", or the built-in units after ":set insert.N ". */
static bool insert_value_cands(struct app *a, char *rest, struct cands *c)
{
	const struct strip *s = app_strip(a);
	char key[64], *val = skip(rest + strcspn(rest, " \t"));
	const char *suffix;
	int slot, k;
	snprintf(key, sizeof key, "%.*s", (int)strcspn(rest, " \t"), rest);
	if (param_lookup(key, &suffix) != P_INSERT || insert_key_parse(s, suffix, &slot, &k))
		return false;
	if (k == INSERT_UNIT) {
		for (int i = 0; i < unit_registry_count; i++)
			add(c, unit_registry[i]->name);
	} else if (k == INSERT_BYPASS) {
		add(c, "on");
		add(c, "off");
	} else {
		const struct unit_param *p = &s->inserts[slot].unit->params[k];
		if (p->kind == UPK_TOGGLE) {
			add(c, "on");
			add(c, "off");
		} else if (p->kind == UPK_ENUM) {
			for (int i = 0; p->labels && p->labels[i]; i++)
				add(c, p->labels[i]);
		} else
			return false;
	}
	finish(a, val, c, false);
	return true;
}

void command_complete(struct app *a)
{
	static struct cands c;
	char *line = skip(a->line), *sp = line + strcspn(line, " \t"), *rest;
	const struct command *cmd;
	char name[64];

	c.n = 0;
	c.used = 0;
	if (!*sp) { /* the command itself, or a key as a command */
		for (int i = 0; command_at(i); i++)
			add(&c, command_at(i)->name);
		add_keys(a, &c, line);
		finish(a, line, &c, false);
		return;
	}
	snprintf(name, sizeof name, "%.*s", (int)(sp - line), line);
	rest = skip(sp);
	cmd = command_find(name);
	switch (cmd ? cmd->complete : CK_NONE) {
	case CK_KEY:
		if (rest[strcspn(rest, " \t")]) { /* past the key: a value, when it is a choice */
			if (insert_value_cands(a, rest, &c))
				return;
			break;
		}
		add_keys(a, &c, rest);
		finish(a, rest, &c, false);
		return;
	case CK_HELP:
		for (int i = 0; command_at(i); i++)
			add(&c, command_at(i)->name);
		add_keys(a, &c, rest);
		finish(a, rest, &c, false);
		return;
	case CK_STRIP:
		add_strips(a, &c);
		finish(a, rest, &c, false);
		return;
	case CK_PATH:
		add_paths(&c, rest);
		finish(a, rest, &c, true);
		return;
	case CK_MOVE:
		add(&c, "left");
		add(&c, "right");
		finish(a, rest, &c, false);
		return;
	case CK_LOOP:
		add(&c, "off");
		finish(a, rest, &c, false);
		return;
	case CK_TRACK:
		if (sub(&rest, "add")) {
			if (rest[strcspn(rest, " \t")])
				break; /* past the path: the name is free text */
			add_paths(&c, rest);
			finish(a, rest, &c, true);
			return;
		}
		add(&c, "add");
		add(&c, "delete");
		finish(a, rest, &c, false);
		return;
	case CK_BUS:
		if (sub(&rest, "add")) {
			char *last = strrchr(rest, ' ');
			if (!last)
				break; /* the name is free text */
			add(&c, "reverb");
			add(&c, "delay");
			finish(a, last + 1, &c, false);
			return;
		}
		add(&c, "add");
		finish(a, rest, &c, false);
		return;
	case CK_REF:
		if (sub(&rest, "add")) {
			if (rest[strcspn(rest, " \t")])
				break;
			add_paths(&c, rest);
			finish(a, rest, &c, true);
			return;
		}
		if (!sub(&rest, "delete")) {
			add(&c, "add");
			add(&c, "delete");
			add(&c, "mix");
		}
		for (int i = 0; i < a->p->nrefs; i++)
			add(&c, a->p->refs[i].name);
		finish(a, rest, &c, false);
		return;
	case CK_MONITOR:
		monitor_names(add_cb, &c);
		finish(a, rest, &c, false);
		return;
	case CK_INSERT:
		if (sub(&rest, "add")) {
			if (sub(&rest, "lv2")) {
				lv2_complete(rest, add_uri, &c);
				/* found by a word of the name: the URI replaces the word */
				if (c.n && strncasecmp(c.v[0], rest, strlen(rest)))
					*rest = 0;
				finish(a, rest, &c, false);
				return;
			}
			for (int i = 0; i < unit_registry_count; i++)
				add(&c, unit_registry[i]->name);
			add(&c, "lv2");
			finish(a, rest, &c, false);
			return;
		}
		if (rest[strcspn(rest, " \t")])
			break; /* past the sub-command: numbers */
		add(&c, "add");
		add(&c, "delete");
		add(&c, "move");
		add(&c, "bypass");
		finish(a, rest, &c, false);
		return;
	case CK_NONE:
		break;
	}
	app_status(a, false, "%s%s%s: nothing to complete here", cmd ? cmd->name : name, cmd && *cmd->usage ? " " : "",
		   cmd ? cmd->usage : "");
}
