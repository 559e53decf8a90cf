/* project_edit.c — structural edits on the project's text (project_edit.h).
 *
 * The text is taken as an array of lines; a section's block is its
 * header, the comment lines right above it (they describe it) and every
 * line up to its last key line; the comments and blank lines after that
 * head the next section (a banner over a group of sections) and stay
 * where they are. Moving or deleting a block takes one
 * separating blank line with it, so the file keeps its spacing. */
#include "project_edit.h"
#include "dsp/unit.h"
#include "tmix.h"
#include "units.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <limits.h>
#include <libgen.h>

struct text {
	struct project *q; /* the text read back: its sections give line numbers */
	int n;
	char **l;          /* line text, without the ending */
	const char **eol;
	const char *nl;    /* the file's line ending, for new lines */
};

static bool blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return !*s;
}

static bool comment(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == ';' || *s == '#';
}

static bool header(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '[';
}

struct project *project_from_text(const char *path, const char *text, char *err, size_t n)
{
	struct diags ds = {0};
	struct project *q = project_load_text(path, text, strlen(text), &ds);
	if (q && !ds.nerrors)
		project_probe(q, &ds);
	if (!q || ds.nerrors) {
		const struct diag *d = NULL;
		for (int i = 0; i < ds.n && !d; i++)
			if (ds.d[i].level == DIAG_ERROR)
				d = &ds.d[i];
		/* no line number: the text is not the file on disk yet */
		snprintf(err, n, "%s", d ? d->msg : "the project cannot be read");
		project_free(q);
		q = NULL;
	}
	diags_free(&ds);
	return q;
}

static bool text_open(struct text *t, struct project *p, char *err, size_t n)
{
	size_t len;
	char *s = project_render_text(p, &len);
	struct diags ds = {0};

	memset(t, 0, sizeof *t);
	t->q = project_load_text(p->path, s, len, &ds);
	free(s);
	if (!t->q || ds.nerrors) {
		snprintf(err, n, "the project's text does not read back: %s", ds.n ? ds.d[0].msg : "?");
		project_free(t->q);
		diags_free(&ds);
		return false;
	}
	diags_free(&ds);
	t->n = t->q->nlines;
	t->l = xcalloc((size_t)t->n + 1, sizeof *t->l);
	t->eol = xcalloc((size_t)t->n + 1, sizeof *t->eol);
	for (int i = 0; i < t->n; i++) {
		t->l[i] = xstrdup(t->q->lines[i].text);
		t->eol[i] = t->q->lines[i].eol;
	}
	t->nl = t->n && *t->eol[0] ? t->eol[0] : "\n";
	return true;
}

static void text_close(struct text *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->l[i]);
	free(t->l);
	free(t->eol);
	project_free(t->q);
}

/* Joins the lines and reads the result back as the new project. */
static struct project *text_finish(struct text *t, const char *path, char *err, size_t n)
{
	size_t len = 1;
	char *s, *o;
	struct project *np;
	bool bom = t->q->bom;

	for (int i = 0; i < t->n; i++)
		len += strlen(t->l[i]) + strlen(t->eol[i]);
	o = s = xmalloc(len);
	for (int i = 0; i < t->n; i++)
		o += sprintf(o, "%s%s", t->l[i], t->eol[i]);
	text_close(t);
	np = project_from_text(path, s, err, n);
	if (np)
		np->bom = bom;
	free(s);
	return np;
}

static void text_insert(struct text *t, int at, char **lines, int k)
{
	if (at == t->n && t->n && !*t->eol[t->n - 1])
		t->eol[t->n - 1] = t->nl;
	t->l = xrealloc(t->l, sizeof *t->l * (size_t)(t->n + k + 1));
	t->eol = xrealloc(t->eol, sizeof *t->eol * (size_t)(t->n + k + 1));
	memmove(t->l + at + k, t->l + at, sizeof *t->l * (size_t)(t->n - at));
	memmove(t->eol + at + k, t->eol + at, sizeof *t->eol * (size_t)(t->n - at));
	for (int i = 0; i < k; i++) {
		t->l[at + i] = lines[i];
		t->eol[at + i] = t->nl;
	}
	t->n += k;
}

static void text_remove(struct text *t, int from, int to)
{
	for (int i = from; i < to; i++)
		free(t->l[i]);
	memmove(t->l + from, t->l + to, sizeof *t->l * (size_t)(t->n - to));
	memmove(t->eol + from, t->eol + to, sizeof *t->eol * (size_t)(t->n - to));
	t->n -= to - from;
	if (t->n && from == t->n) /* the end of the file moved up: it ends as it did */
		t->eol[t->n - 1] = t->nl;
}

/* The block of a section: [*start, *end) in the current lines (only
 * valid before the lines change). */
static void block(const struct text *t, int section, int *start, int *end)
{
	int h = t->q->sections[section].line, s = h, e = h + 1;
	while (s > 0 && comment(t->l[s - 1]))
		s--;
	while (e < t->n && !header(t->l[e]))
		e++;
	/* it ends at its own last key line: comments and blank lines after
	 * it head what follows (a banner over the buses is not the last
	 * track's), so a track added or moved after it goes above them */
	if (e < t->n)
		while (e > h + 1 && (comment(t->l[e - 1]) || blank(t->l[e - 1])))
			e--;
	while (e > h + 1 && blank(t->l[e - 1]))
		e--;
	*start = s;
	*end = e;
}

/* Cuts a block and one blank line that separated it; returns the range
 * taken, [*rs, *re). */
static void cut(struct text *t, int start, int end, char **keep, int *rs, int *re)
{
	*rs = start;
	*re = end;
	if (end < t->n && blank(t->l[end]))
		(*re)++;
	else if (start > 0 && blank(t->l[start - 1]))
		(*rs)--;
	for (int i = start; keep && i < end; i++) {
		keep[i - start] = t->l[i];
		t->l[i] = NULL;
	}
	text_remove(t, *rs, *re);
}

static char *blank_line(void)
{
	return xstrdup("");
}

/* Puts lines (owned by the text from now on) after line `at` - 1 as a
 * block of their own: a blank line between it and what is before. */
static void put_after(struct text *t, int at, char **lines, int k)
{
	char *b = blank_line();
	text_insert(t, at, &b, 1);
	text_insert(t, at + 1, lines, k);
}

static void put_before(struct text *t, int at, char **lines, int k)
{
	char *b = blank_line();
	text_insert(t, at, lines, k);
	text_insert(t, at + k, &b, 1);
}

/* Columns of the first n bytes (UTF-8: continuation bytes take none). */
static int cols(const char *s, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n && s[i]; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Where an inline comment (" ;") starts, or NULL. */
static char *inline_comment(char *s)
{
	for (char *c = s + 1; *c; c++)
		if (*c == ';' && (c[-1] == ' ' || c[-1] == '\t'))
			return c;
	return NULL;
}

/* After a line was edited: its inline comment back in the column it had
 * (the blanks before it widen or narrow, one always kept), so a column
 * of comments stays a column. */
static void keep_comment_column(char **line, const char *before)
{
	char *was = inline_comment((char *)before), *now = inline_comment(*line), *gap, *out;
	int want, have, blanks;
	size_t n;
	if (!was || !now)
		return;
	want = cols(before, (size_t)(was - before));
	have = cols(*line, (size_t)(now - *line));
	for (gap = now; gap > *line && (gap[-1] == ' ' || gap[-1] == '\t'); gap--)
		;
	if (strchr(gap, '\t') && strchr(gap, '\t') < now)
		return; /* tabs: columns unknown */
	blanks = (int)(now - gap) + want - have;
	if (blanks < 1)
		blanks = 1;
	n = (size_t)(gap - *line) + (size_t)blanks + strlen(now) + 1;
	out = xmalloc(n);
	snprintf(out, n, "%.*s%*s%s", (int)(gap - *line), *line, blanks, "", now);
	free(*line);
	*line = out;
}

/* The line with its value replaced; the key, the blanks and an inline
 * comment stay as written. */
static void set_value(char **line, const char *val)
{
	const char *l = *line, *eq = strchr(l, '='), *vs, *ve;
	size_t n;
	char *out;
	if (!eq)
		return;
	for (vs = eq + 1; *vs == ' ' || *vs == '\t'; vs++)
		;
	for (ve = vs; *ve; ve++)
		if (*ve == ';' && ve > vs && isspace((unsigned char)ve[-1]))
			break;
	while (ve > vs && isspace((unsigned char)ve[-1]))
		ve--;
	n = (size_t)(vs - l) + strlen(val) + strlen(ve) + 1;
	out = xmalloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(vs - l), l, val, ve);
	keep_comment_column(&out, l);
	free(*line);
	*line = out;
}

static char *fmt_line(const char *fmt, const char *a)
{
	size_t n = strlen(fmt) + strlen(a) + 1;
	char *s = xmalloc(n);
	snprintf(s, n, fmt, a);
	return s;
}

bool project_strip_name_ok(const struct project *p, const char *name, int except, char *why, size_t n)
{
	size_t len = strlen(name);
	if (!len)
		return snprintf(why, n, "a name cannot be empty"), false;
	if (len > 64)
		return snprintf(why, n, "a name is at most 64 bytes"), false;
	if (isspace((unsigned char)name[0]) || isspace((unsigned char)name[len - 1]))
		return snprintf(why, n, "a name cannot start or end with a blank"), false;
	for (const char *c = name; *c; c++) {
		if ((unsigned char)*c < 32 || *c == 127)
			return snprintf(why, n, "a name cannot hold control characters"), false;
		if (strchr("\"[]=;", *c))
			return snprintf(why, n, "a name cannot hold '%c' (the project file uses it)", *c), false;
	}
	if (!units_casecmp(name, "master"))
		return snprintf(why, n, "\"master\" is the master strip's name"), false;
	for (int i = 0; i < p->nstrips; i++)
		if (i != except && p->strips[i]->kind != SK_MASTER && !units_casecmp(p->strips[i]->name, name))
			return snprintf(why, n, "there is already a %s named \"%s\"",
					p->strips[i]->kind == SK_TRACK ? "track" : "bus", p->strips[i]->name), false;
	return true;
}

static bool is_bus_key(const char *key, const char *prefix, const char *name)
{
	size_t k = strlen(prefix);
	return !strncasecmp(key, prefix, k) && !strcmp(key + k, name); /* bus names keep their case */
}

/* The key as written at the start of its line, with its bus name swapped. */
static void rename_key(char **line, const char *key, const char *old, const char *name)
{
	const char *l = *line, *ks = l;
	size_t n, keep;
	char *out;
	while (*ks == ' ' || *ks == '\t')
		ks++;
	keep = (size_t)(ks - l) + strlen(key) - strlen(old);
	n = strlen(l) + strlen(name) + 1;
	out = xmalloc(n);
	snprintf(out, n, "%.*s%s%s", (int)keep, l, name, ks + strlen(key));
	keep_comment_column(&out, l);
	free(*line);
	*line = out;
}

struct project *project_edit_rename(struct project *p, int strip, const char *name, char *err, size_t n)
{
	struct text t;
	const struct strip *s;
	const char *old;
	char *h, *q1, *q2, *close;

	if (strip < 0 || strip >= p->nstrips || p->strips[strip]->kind == SK_MASTER)
		return snprintf(err, n, "the master cannot be renamed"), NULL;
	if (!project_strip_name_ok(p, name, strip, err, n))
		return NULL;
	if (!text_open(&t, p, err, n))
		return NULL;
	s = t.q->strips[strip];
	old = s->name;
	/* the header: [track "OLD"] → [track "NEW"], the rest as written */
	h = t.l[t.q->sections[s->section].line];
	close = strrchr(h, ']');
	q1 = strchr(h, '"');
	q2 = close ? close : h + strlen(h);
	while (q2 > q1 && *q2 != '"')
		q2--;
	if (q1 && q2 > q1) {
		size_t len = strlen(h) + strlen(name) + 1;
		char *out = xmalloc(len);
		snprintf(out, len, "%.*s%s%s", (int)(q1 + 1 - h), h, name, q2);
		keep_comment_column(&out, h);
		free(h);
		t.l[t.q->sections[s->section].line] = out;
	}
	/* what names it: outputs, keys, send.OLD and auto.send.OLD */
	for (int i = 0; i < t.q->nsections; i++) {
		const struct src_section *sec = &t.q->sections[i];
		for (int k = 0; k < sec->nkeys; k++) {
			const char *key = sec->keys[k].key;
			if (is_bus_key(key, "send.", old) || is_bus_key(key, "auto.send.", old))
				rename_key(&t.l[sec->keys[k].line], key, old, name);
		}
	}
	for (int i = 0; i < t.q->nstrips; i++) {
		const struct strip *o = t.q->strips[i];
		if (o->output_name && !strcmp(o->output_name, old) && o->section >= 0) {
			const struct src_section *sec = &t.q->sections[o->section];
			for (int k = 0; k < sec->nkeys; k++)
				if (!units_casecmp(sec->keys[k].key, "output"))
					set_value(&t.l[sec->keys[k].line], name);
		}
		/* sidechain keys that name it */
		for (int w = 0; w < 2 && o->section >= 0; w++) {
			const struct src_section *sec = &t.q->sections[o->section];
			if (!o->key_name[w] || strcmp(o->key_name[w], old))
				continue;
			for (int k = 0; k < sec->nkeys; k++)
				if (!units_casecmp(sec->keys[k].key, w ? "comp.key" : "gate.key"))
					set_value(&t.l[sec->keys[k].line], name);
		}
	}
	return text_finish(&t, p->path, err, n);
}

struct project *project_edit_move(struct project *p, int strip, int to, char *err, size_t n)
{
	struct text t;
	const struct strip *s, *target;
	int ms, me, ts, te, rs, re, k;
	char **lines;
	struct project *np;
	char name[256];

	if (strip < 0 || strip >= p->nstrips - 1)
		return snprintf(err, n, "the master stays at the right"), NULL;
	if (to < 0 || to >= p->nstrips - 1 || p->strips[to]->kind != p->strips[strip]->kind) {
		bool track = p->strips[strip]->kind == SK_TRACK;
		int first = track ? 1 : p->ntracks + 1, last = track ? p->ntracks : p->ntracks + p->nbuses;
		snprintf(err, n, "%s sits among the %s: positions %d-%d", p->strips[strip]->name,
			 track ? "tracks" : "buses", first, last);
		return NULL;
	}
	if (to == strip)
		return snprintf(err, n, "%s is already there", p->strips[strip]->name), NULL;
	if (!text_open(&t, p, err, n))
		return NULL;
	s = t.q->strips[strip];
	target = t.q->strips[to];
	snprintf(name, sizeof name, "%s", s->name);
	block(&t, s->section, &ms, &me);
	block(&t, target->section, &ts, &te);
	k = me - ms;
	lines = xmalloc(sizeof *lines * (size_t)k);
	cut(&t, ms, me, lines, &rs, &re);
	if (ts >= re)
		ts -= re - rs;
	if (te >= re)
		te -= re - rs;
	if (to < strip)
		put_before(&t, ts, lines, k);
	else
		put_after(&t, te, lines, k);
	free(lines);
	np = text_finish(&t, p->path, err, n);
	if (np && (to >= np->nstrips || strcmp(np->strips[to]->name, name))) {
		snprintf(err, n, "%s did not land at position %d (is a section out of order in the file?)", name, to + 1);
		project_free(np);
		np = NULL;
	}
	return np;
}

/* Where a new section of that kind goes: after the last of its kind, or
 * before the first section that comes after its kind, or at the end. */
static void place_new(struct text *t, enum strip_kind kind, char **lines, int k)
{
	const struct project *q = t->q;
	int last = -1, s, e;
	for (int i = 0; i < q->nstrips - 1; i++)
		if (q->strips[i]->kind == kind || (kind == SK_BUS && q->strips[i]->kind == SK_TRACK))
			if (q->strips[i]->section >= 0 && (last < 0 || q->strips[i]->section > last))
				last = q->strips[i]->section;
	if (kind == SK_PROJECT) /* a reference: after the last one */
		for (int i = 0; i < q->nrefs; i++)
			if (q->refs[i].section > last)
				last = q->refs[i].section;
	if (last >= 0) {
		block(t, last, &s, &e);
		put_after(t, e, lines, k);
		return;
	}
	if (kind != SK_PROJECT) {
		int first = -1; /* the first bus, master, markers or reference section */
		for (int i = 0; i < q->nsections; i++)
			if (i != q->proj.section && first < 0)
				first = i;
		if (first >= 0) {
			block(t, first, &s, &e);
			put_before(t, s, lines, k);
			return;
		}
	}
	if (t->n && !blank(t->l[t->n - 1]))
		put_after(t, t->n, lines, k);
	else
		text_insert(t, t->n, lines, k);
}

struct project *project_edit_add_track(struct project *p, const char *file, const char *name, char *err, size_t n)
{
	struct text t;
	char *lines[2];
	if (!project_strip_name_ok(p, name, -1, err, n))
		return NULL;
	if (!*file || strchr(file, '\n') || strchr(file, '\r'))
		return snprintf(err, n, "a stem's path cannot be empty or hold a line break"), NULL;
	if (!text_open(&t, p, err, n))
		return NULL;
	lines[0] = fmt_line("[track \"%s\"]", name);
	lines[1] = fmt_line("file = %s", file);
	place_new(&t, SK_TRACK, lines, 2);
	return text_finish(&t, p->path, err, n);
}

struct project *project_edit_add_bus(struct project *p, const char *name, enum fx_kind fx, char *err, size_t n)
{
	struct text t;
	char *lines[2];
	if (!project_strip_name_ok(p, name, -1, err, n))
		return NULL;
	if (!text_open(&t, p, err, n))
		return NULL;
	lines[0] = fmt_line("[bus \"%s\"]", name);
	lines[1] = fmt_line("fx = %s", fx == FX_REVERB ? "reverb" : "delay");
	place_new(&t, SK_BUS, lines, fx == FX_NONE ? 1 : 2);
	if (fx == FX_NONE)
		free(lines[1]);
	return text_finish(&t, p->path, err, n);
}

static struct project *delete_section(struct project *p, int section, char *err, size_t n, struct text *t)
{
	int s, e, rs, re;
	block(t, section, &s, &e);
	cut(t, s, e, NULL, &rs, &re);
	return text_finish(t, p->path, err, n);
}

struct project *project_edit_delete(struct project *p, int strip, char *err, size_t n)
{
	struct text t;
	if (strip < 0 || strip >= p->nstrips - 1)
		return snprintf(err, n, "the master cannot be deleted"), NULL;
	if (!text_open(&t, p, err, n))
		return NULL;
	if (t.q->strips[strip]->section < 0) {
		text_close(&t);
		return snprintf(err, n, "%s has no section in the file", p->strips[strip]->name), NULL;
	}
	return delete_section(p, t.q->strips[strip]->section, err, n, &t);
}

struct project *project_edit_add_ref(struct project *p, const char *file, const char *name, char *err, size_t n)
{
	struct text t;
	char *lines[2];
	if (!*name || strpbrk(name, "\"[]\n\r"))
		return snprintf(err, n, "a reference's name cannot be empty or hold \" [ ] or a line break"), NULL;
	for (int i = 0; i < p->nrefs; i++)
		if (!strcmp(p->refs[i].name, name))
			return snprintf(err, n, "there is already a reference named \"%s\"", name), NULL;
	if (!*file || strchr(file, '\n') || strchr(file, '\r'))
		return snprintf(err, n, "a reference's path cannot be empty or hold a line break"), NULL;
	if (!text_open(&t, p, err, n))
		return NULL;
	lines[0] = fmt_line("[reference \"%s\"]", name);
	lines[1] = fmt_line("file = %s", file);
	place_new(&t, SK_PROJECT, lines, 2);
	return text_finish(&t, p->path, err, n);
}

struct project *project_edit_delete_ref(struct project *p, int ref, char *err, size_t n)
{
	struct text t;
	if (ref < 0 || ref >= p->nrefs)
		return snprintf(err, n, "no such reference"), NULL;
	if (!text_open(&t, p, err, n))
		return NULL;
	return delete_section(p, t.q->refs[ref].section, err, n, &t);
}

/* The file's line in its section: the `file` key's, or -1. */
static int file_line(const struct project *q, int section)
{
	if (section < 0)
		return -1;
	for (int k = 0; k < q->sections[section].nkeys; k++)
		if (!units_casecmp(q->sections[section].keys[k].key, "file"))
			return q->sections[section].keys[k].line;
	return -1;
}

/* The line of a key in a section, or -1. */
static int section_key_line(const struct project *q, int section, const char *key)
{
	if (section < 0)
		return -1;
	for (int k = 0; k < q->sections[section].nkeys; k++)
		if (!units_casecmp(q->sections[section].keys[k].key, key))
			return q->sections[section].keys[k].line;
	return -1;
}

/* A file written relative to the old folder, as the new folder reaches it. */
static void repath(struct text *t, int line, const char *file, const char *olddir, const char *newdir)
{
	char *real, out[PATH_MAX + 8], joined[PATH_MAX + 8];
	size_t dl = strlen(newdir);
	if (line < 0 || !file || file[0] == '/')
		return;
	snprintf(joined, sizeof joined, "%s/%s", olddir, file);
	real = realpath(joined, NULL);
	if (!real) /* a stem that is gone: where it was, absolute */
		real = xstrdup(joined);
	if (!strncmp(real, newdir, dl) && real[dl] == '/')
		snprintf(out, sizeof out, "%s", real + dl + 1);
	else
		snprintf(out, sizeof out, "%s", real);
	free(real);
	set_value(&t->l[line], out);
}

char *project_text_for_copy(struct project *p, const char *path, size_t *len, char *err, size_t n)
{
	char *copy = xstrdup(path), *newdir, *olddir, *s, *o;
	struct text t;
	struct project *check;
	size_t total = 1;

	newdir = realpath(dirname(copy), NULL);
	free(copy);
	if (!newdir) {
		snprintf(err, n, "no folder to write it in: %s", strerror(errno));
		return NULL;
	}
	olddir = realpath(p->dir ? p->dir : ".", NULL);
	if (!olddir || !strcmp(olddir, newdir)) { /* the same folder: the text as it is */
		free(olddir);
		free(newdir);
		return project_render_text(p, len);
	}
	if (!text_open(&t, p, err, n)) {
		free(olddir);
		free(newdir);
		return NULL;
	}
	for (int i = 0; i < t.q->ntracks; i++) {
		const struct strip *st = t.q->strips[i];
		repath(&t, file_line(t.q, st->section), st->file, olddir, newdir);
	}
	for (int i = 0; i < t.q->nrefs; i++)
		repath(&t, file_line(t.q, t.q->refs[i].section), t.q->refs[i].file, olddir, newdir);
	/* a plugin's saved state (insert.N.state): the copy reads the
	 * project's own state folder */
	for (int i = 0; i < t.q->nstrips; i++) {
		const struct strip *st = t.q->strips[i];
		for (int k = 0; k < st->ninserts; k++) {
			char key[40];
			snprintf(key, sizeof key, "insert.%d.state", k + 1);
			repath(&t, section_key_line(t.q, st->section, key), st->inserts[k].state, olddir, newdir);
		}
	}
	free(olddir);
	free(newdir);
	for (int i = 0; i < t.n; i++)
		total += strlen(t.l[i]) + strlen(t.eol[i]) + (i == 0 && t.q->bom ? 3 : 0);
	o = s = xmalloc(total);
	if (t.q->bom)
		o += sprintf(o, "\xEF\xBB\xBF");
	for (int i = 0; i < t.n; i++)
		o += sprintf(o, "%s%s", t.l[i], t.eol[i]);
	text_close(&t);
	/* the copy must open where it is, as `tmix check` would open it */
	check = project_from_text(path, s, err, n);
	if (!check) {
		char why[256];
		snprintf(why, sizeof why, "%s", err);
		snprintf(err, n, "the copy would not open there: %s", why);
		free(s);
		return NULL;
	}
	project_free(check);
	*len = (size_t)(o - s);
	return s;
}

/* ---- insert slots: insert.N lines of one section ---- */

/* The slot number of an insert.N or insert.N.PARAM key, or of a lane
 * auto.insert.N.PARAM (its lanes go and move with the slot), or 0. */
static int insert_slot_of(const char *key)
{
	int n = 0;
	if (!strncasecmp(key, "auto.insert.", 12))
		key += 5;
	if (strncasecmp(key, "insert.", 7))
		return 0;
	for (key += 7; isdigit((unsigned char)*key) && n < 1000; key++)
		n = n * 10 + (*key - '0');
	return *key == 0 || *key == '.' ? n : 0;
}

/* The line with the number in its insert.N key replaced; the rest, an
 * inline comment's column included, as written. */
static char *renumber(const char *line, int num)
{
	const char *ks = line, *d;
	char *out;
	size_t n;
	while (*ks == ' ' || *ks == '\t')
		ks++;
	if (!strncasecmp(ks, "auto.", 5)) /* auto.insert.N.PARAM */
		ks += 5;
	for (d = ks + 7; isdigit((unsigned char)*d); d++)
		;
	n = strlen(line) + 16;
	out = xmalloc(n);
	snprintf(out, n, "%.*s%d%s", (int)(ks + 7 - line), line, num, d);
	keep_comment_column(&out, line);
	return out;
}

/* The section of a strip in the text read back, or -1 (a master that has
 * no [master] yet). */
static int strip_section(const struct text *t, int strip)
{
	return t->q->strips[strip]->section;
}

struct project *project_edit_insert_add(struct project *p, int strip, const char *unit, char *err, size_t n)
{
	struct text t;
	int sec, num;
	char *line;
	size_t len;

	if (strip < 0 || strip >= p->nstrips)
		return snprintf(err, n, "no such strip"), NULL;
	num = p->strips[strip]->ninserts + 1;
	if (num > STRIP_MAX_INSERTS)
		return snprintf(err, n, "%s has %d inserts, the most a strip may have", p->strips[strip]->name,
				STRIP_MAX_INSERTS), NULL;
	if (!unit_resolve(unit, err, n))
		return NULL;
	if (!text_open(&t, p, err, n))
		return NULL;
	len = strlen(unit) + 32;
	line = xmalloc(len);
	snprintf(line, len, "insert.%d = %s", num, unit);
	sec = strip_section(&t, strip);
	if (sec >= 0) {
		text_insert(&t, t.q->sections[sec].last + 1, &line, 1);
	} else { /* only the master can lack its section */
		char *lines[2] = {xstrdup("[master]"), line};
		if (t.n && !blank(t.l[t.n - 1]))
			put_after(&t, t.n, lines, 2);
		else
			text_insert(&t, t.n, lines, 2);
	}
	return text_finish(&t, p->path, err, n);
}

/* How many of the lines stay (their slot is not deleted). */
static int kept_lines(const int *to, const int *slot, int cnt)
{
	int k = 0;
	for (int i = 0; i < cnt; i++)
		k += to[slot[i]] >= 0;
	return k;
}

/* Rewrites a strip's insert lines so that slot k (0-based) becomes slot
 * to[k] (0-based), or goes when to[k] < 0. A deleted slot's lines go;
 * a renumbered line stays where it is; when the order changes, the
 * slots' lines trade places in the file, so each slot's lines stay
 * together and in ascending order, as the loader wants them. */
static struct project *renumber_inserts(struct project *p, int strip, const int *to, char *err, size_t n)
{
	struct text t;
	const struct src_section *sec;
	int *pos, *slot, cnt = 0, w = 0;
	char **text;

	if (!text_open(&t, p, err, n))
		return NULL;
	if (strip_section(&t, strip) < 0) {
		text_close(&t);
		return snprintf(err, n, "the strip has no inserts"), NULL;
	}
	sec = &t.q->sections[strip_section(&t, strip)];
	pos = xmalloc(sizeof *pos * (size_t)(sec->nkeys + 1));
	slot = xmalloc(sizeof *slot * (size_t)(sec->nkeys + 1));
	text = xmalloc(sizeof *text * (size_t)(sec->nkeys + 1));
	for (int k = 0; k < sec->nkeys; k++) {
		int s = insert_slot_of(sec->keys[k].key);
		if (s >= 1 && s <= p->strips[strip]->ninserts) {
			pos[cnt] = sec->keys[k].line;
			slot[cnt++] = s - 1;
		}
	}
	if (kept_lines(to, slot, cnt) == cnt) {
		/* a move: the kept lines, ordered by their new slot (stable: a
		 * slot's own lines keep their order), fill the same places */
		for (int want = 0; want < p->strips[strip]->ninserts; want++)
			for (int i = 0; i < cnt; i++)
				if (to[slot[i]] == want)
					text[w++] = renumber(t.l[pos[i]], want + 1);
		for (int i = 0; i < w; i++) {
			free(t.l[pos[i]]);
			t.l[pos[i]] = text[i];
		}
	} else {
		/* a deletion: the slot's own lines go, the rest renumber in place */
		for (int i = cnt - 1; i >= 0; i--)
			if (to[slot[i]] < 0) {
				text_remove(&t, pos[i], pos[i] + 1);
			} else {
				char *l = renumber(t.l[pos[i]], to[slot[i]] + 1);
				free(t.l[pos[i]]);
				t.l[pos[i]] = l;
			}
	}
	free(pos);
	free(slot);
	free(text);
	return text_finish(&t, p->path, err, n);
}

struct project *project_edit_insert_delete(struct project *p, int strip, int slot, char *err, size_t n)
{
	int to[STRIP_MAX_INSERTS];
	const struct strip *s = strip >= 0 && strip < p->nstrips ? p->strips[strip] : NULL;
	if (!s || slot < 0 || slot >= s->ninserts)
		return snprintf(err, n, "%s has no insert %d (it has %d)", s ? s->name : "?", slot + 1,
				s ? s->ninserts : 0), NULL;
	for (int k = 0; k < s->ninserts; k++)
		to[k] = k < slot ? k : k == slot ? -1 : k - 1;
	return renumber_inserts(p, strip, to, err, n);
}

struct project *project_edit_insert_move(struct project *p, int strip, int slot, int dest, char *err, size_t n)
{
	int to[STRIP_MAX_INSERTS];
	const struct strip *s = strip >= 0 && strip < p->nstrips ? p->strips[strip] : NULL;
	if (!s || slot < 0 || slot >= s->ninserts || dest < 0 || dest >= s->ninserts)
		return snprintf(err, n, "%s has inserts 1-%d", s ? s->name : "?", s ? s->ninserts : 0), NULL;
	if (slot == dest)
		return snprintf(err, n, "insert %d is already there", slot + 1), NULL;
	for (int k = 0; k < s->ninserts; k++) {
		int r = k == slot ? dest : k; /* its rank once the moved one is taken out and put back */
		if (k != slot)
			r = k - (k > slot) + (k - (k > slot) >= dest);
		to[k] = r;
	}
	return renumber_inserts(p, strip, to, err, n);
}
