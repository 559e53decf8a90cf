/* project_save.c — model → the same file, edited in place (project.h).
 *
 * Every entity renders its keys as canonical text (strip_emit); a key
 * whose text differs from the baseline's is a change. A changed key that
 * is in the file gets only its value replaced on its own line; a new key
 * goes after the last key of its section; a new section goes at the end.
 * Untouched lines are copied byte for byte, so comments, blank lines,
 * CRLF and the person's spelling of untouched values survive. */
#include "atomic.h"
#include "dsp/unit.h"
#include "project.h"
#include "tmix.h"
#include "units.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct kv {
	char *key, *val;
};
struct kvlist {
	int n;
	struct kv *a;
};

static void kv_emit(void *ctx, const char *key, const char *value)
{
	struct kvlist *l = ctx;
	if (!value)
		return;
	l->a = xrealloc(l->a, sizeof *l->a * (size_t)(l->n + 1));
	l->a[l->n++] = (struct kv){xstrdup(key), xstrdup(value)};
}

static void kv_free(struct kvlist *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->a[i].key);
		free(l->a[i].val);
	}
	free(l->a);
	*l = (struct kvlist){0};
}

static const char *kv_get(const struct kvlist *l, const char *key)
{
	for (int i = 0; i < l->n; i++)
		if (!units_casecmp(l->a[i].key, key))
			return l->a[i].val;
	return NULL;
}

/* Per line of the original: a replacement text, and lines to insert after. */
struct edit {
	bool drop;     /* a lane emptied: its line goes (one with a comment stays, empty) */
	char *replace;
	int nins;
	char **ins;
};

struct saver {
	struct project *p;
	struct edit *ed;       /* one per original line, plus one for "before the first" */
	int nnew;
	char **newsec;         /* whole new sections, appended at the end */
	const char *eol;
};

static void insert_after(struct saver *sv, int line, char *text)
{
	struct edit *e = &sv->ed[line + 1];
	e->ins = xrealloc(e->ins, sizeof *e->ins * (size_t)(e->nins + 1));
	e->ins[e->nins++] = text;
}

static char *kv_line(const char *key, const char *val)
{
	size_t n = strlen(key) + strlen(val) + 4;
	char *s = xmalloc(n);
	snprintf(s, n, "%s = %s", key, val);
	return s;
}

/* Columns of text on screen: UTF-8 continuation bytes take none. */
static size_t columns(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n && s[i]; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* The line with its value swapped; the key, the blanks around '=' and
 * any inline comment stay as the person wrote them, the comment in its
 * column while the new value leaves room for it (one blank at least).
 * A gap holding a tab is kept as it is: tabs align by themselves. */
static char *replace_value(const char *line, const char *val)
{
	const char *eq = strchr(line, '='), *vs, *ve, *cs;
	size_t n, col, at, pad;
	char *out;

	if (!eq)
		return xstrdup(line);
	vs = eq + 1;
	while (*vs == ' ' || *vs == '\t')
		vs++;
	for (cs = vs; *cs; cs++)
		if (*cs == ';' && cs > vs && isspace((unsigned char)cs[-1]))
			break;
	for (ve = cs; ve > vs && isspace((unsigned char)ve[-1]);)
		ve--;
	if (*cs != ';' || memchr(ve, '\t', (size_t)(cs - ve))) {
		n = (size_t)(vs - line) + strlen(val) + strlen(ve) + 1;
		out = xmalloc(n);
		snprintf(out, n, "%.*s%s%s", (int)(vs - line), line, val, ve);
		return out;
	}
	col = columns(line, (size_t)(cs - line));
	at = columns(line, (size_t)(vs - line)) + columns(val, strlen(val));
	pad = col > at ? col - at : 1;
	n = (size_t)(vs - line) + strlen(val) + pad + strlen(cs) + 1;
	out = xmalloc(n);
	snprintf(out, n, "%.*s%s%*s%s", (int)(vs - line), line, val, (int)pad, "", cs);
	return out;
}

static int find_key(const struct project *p, int section, const char *key)
{
	const struct src_section *s = &p->sections[section];
	for (int i = 0; i < s->nkeys; i++)
		if (!units_casecmp(s->keys[i].key, key))
			return s->keys[i].line;
	return -1;
}

/* Where a new key goes: after the section's last key, but a new
 * insert.N.PARAM after the last line of its own slot (insert.N or
 * insert.N.*), so a slot's lines stay together. */
static int new_key_anchor(const struct project *p, int section, const char *key)
{
	const struct src_section *s = &p->sections[section];
	const char *dot;
	size_t n;
	int at = -1;
	if (strncasecmp(key, "insert.", 7) || !(dot = strchr(key + 7, '.')))
		return s->last;
	n = (size_t)(dot - key);
	for (int i = 0; i < s->nkeys; i++)
		if (!strncasecmp(s->keys[i].key, key, n) && (!s->keys[i].key[n] || s->keys[i].key[n] == '.') &&
		    s->keys[i].line > at)
			at = s->keys[i].line;
	return at >= 0 ? at : s->last;
}

static void apply(struct saver *sv, int section, const char *header, const struct kvlist *cur,
		  const struct kvlist *base)
{
	struct project *p = sv->p;
	char *block = NULL;
	size_t blen = 0;

	for (int i = 0; i < cur->n; i++) {
		const char *old = kv_get(base, cur->a[i].key);
		int line;
		if (old && !strcmp(old, cur->a[i].val))
			continue;
		if (section < 0) {
			char *l = kv_line(cur->a[i].key, cur->a[i].val);
			size_t add = strlen(l) + strlen(sv->eol);
			block = xrealloc(block, blen + add + 1);
			snprintf(block + blen, add + 1, "%s%s", l, sv->eol);
			blen += add;
			free(l);
			continue;
		}
		line = find_key(p, section, cur->a[i].key);
		if (line >= 0) {
			struct edit *e = &sv->ed[line + 1];
			const char *sfx;
			int id = param_lookup(cur->a[i].key, &sfx);
			free(e->replace);
			e->replace = replace_value(p->lines[line].text, cur->a[i].val);
			e->drop = id >= 0 && param_defs[id].type == PT_LANE && !*cur->a[i].val &&
				  !strchr(p->lines[line].text, ';');
		} else {
			insert_after(sv, new_key_anchor(p, section, cur->a[i].key), kv_line(cur->a[i].key, cur->a[i].val));
		}
	}
	if (section < 0 && block) {
		size_t n = strlen(header) + blen + 16;
		char *s = xmalloc(n);
		snprintf(s, n, "%s[%s]%s%s", sv->eol, header, sv->eol, block);
		sv->newsec = xrealloc(sv->newsec, sizeof *sv->newsec * (size_t)(sv->nnew + 1));
		sv->newsec[sv->nnew++] = s;
	}
	free(block);
}

static void save_strip(struct saver *sv, const struct strip *s, const struct strip *b)
{
	struct kvlist cur = {0}, base = {0};
	char header[600];

	strip_emit(sv->p, s, kv_emit, &cur);
	if (b)
		strip_emit(sv->p->baseline, b, kv_emit, &base);
	if (s->kind == SK_PROJECT)
		snprintf(header, sizeof header, "project");
	else if (s->kind == SK_MASTER)
		snprintf(header, sizeof header, "master");
	else
		snprintf(header, sizeof header, "%s \"%s\"", s->kind == SK_TRACK ? "track" : "bus", s->name);
	apply(sv, s->section, header, &cur, &base);
	kv_free(&cur);
	kv_free(&base);
}

static void markers_emit(const struct project *p, struct kvlist *l)
{
	char t[32];
	for (int i = 0; i < p->nmarkers; i++)
		kv_emit(l, p->markers[i].name, units_fmt_time(t, sizeof t, p->markers[i].t));
}

static const struct strip *baseline_of(const struct project *p, const struct strip *s)
{
	const struct project *b = p->baseline;
	if (!b)
		return NULL;
	if (s->kind == SK_PROJECT)
		return &b->proj;
	for (int i = 0; i < b->nstrips; i++)
		if (b->strips[i]->kind == s->kind && !strcmp(b->strips[i]->name, s->name))
			return b->strips[i];
	return NULL;
}

char *project_render_text(struct project *p, size_t *len)
{
	struct saver sv = {.p = p, .eol = p->nlines && *p->lines[0].eol ? p->lines[0].eol : "\n"};
	struct kvlist cur = {0}, base = {0};
	int markers = -1;
	char *out;
	size_t n = 0, cap = 1024;

	sv.ed = xcalloc((size_t)p->nlines + 1, sizeof *sv.ed);
	save_strip(&sv, &p->proj, baseline_of(p, &p->proj));
	for (int i = 0; i < p->nstrips; i++)
		save_strip(&sv, p->strips[i], baseline_of(p, p->strips[i]));
	for (int i = 0; i < p->nsections; i++)
		if (!units_casecmp(p->sections[i].header, "markers"))
			markers = i;
	markers_emit(p, &cur);
	if (p->baseline)
		markers_emit(p->baseline, &base);
	apply(&sv, markers, "markers", &cur, &base);
	kv_free(&cur);
	kv_free(&base);

	for (int i = 0; i < p->nlines; i++)
		cap += strlen(p->lines[i].text) + 2;
	out = xmalloc(cap);
#define PUT(s, l) do { size_t l_ = (l); if (n + l_ + 1 > cap) out = xrealloc(out, cap = (n + l_ + 1) * 2); \
		memcpy(out + n, (s), l_); n += l_; } while (0)
	if (p->bom)
		PUT("\xEF\xBB\xBF", 3);
	for (int i = 0; i < p->nlines; i++) {
		const struct edit *e = &sv.ed[i + 1];
		const char *text = e->replace ? e->replace : p->lines[i].text;
		const char *eol = p->lines[i].eol;
		if (!e->drop) {
			PUT(text, strlen(text));
			if (e->nins && !*eol)
				eol = sv.eol; /* the last line had no newline; inserted lines need one */
			PUT(eol, strlen(eol));
		}
		for (int k = 0; k < e->nins; k++) {
			PUT(e->ins[k], strlen(e->ins[k]));
			if (k + 1 < e->nins || *p->lines[i].eol)
				PUT(sv.eol, strlen(sv.eol));
		}
	}
	if (sv.nnew && p->nlines && !*p->lines[p->nlines - 1].eol && !sv.ed[p->nlines].nins)
		PUT(sv.eol, strlen(sv.eol));
	for (int i = 0; i < sv.nnew; i++)
		PUT(sv.newsec[i], strlen(sv.newsec[i]));
#undef PUT
	out[n] = 0;
	for (int i = 0; i <= p->nlines; i++) {
		free(sv.ed[i].replace);
		for (int k = 0; k < sv.ed[i].nins; k++)
			free(sv.ed[i].ins[k]);
		free(sv.ed[i].ins);
	}
	free(sv.ed);
	for (int i = 0; i < sv.nnew; i++)
		free(sv.newsec[i]);
	free(sv.newsec);
	*len = n;
	return out;
}

/* After a save the text on disk is the new source: take its lines and
 * sections from a fresh read, so the next save edits the right lines.
 * Taken even when the read finds errors (the lines are the file's lines
 * whatever their values say): keeping the old lines while the baseline
 * moves on would make the next save drop what this one inserted. */
static void adopt_text(struct project *p, const char *path)
{
	struct diags ds = {0};
	struct project *q = project_load(path, &ds);

	if (q) {
		struct src_line *l = p->lines;
		struct src_section *s = p->sections;
		int nl = p->nlines, ns = p->nsections;
		p->lines = q->lines;
		p->nlines = q->nlines;
		p->sections = q->sections;
		p->nsections = q->nsections;
		p->bom = q->bom;
		q->lines = l;
		q->nlines = nl;
		q->sections = s;
		q->nsections = ns;
		for (int i = 0; i < p->nstrips; i++) {
			struct strip *mine = p->strips[i];
			int k = mine->kind == SK_MASTER ? q->nstrips - 1 : project_find_strip(q, mine->name);
			mine->section = k >= 0 ? q->strips[k]->section : -1;
		}
		p->proj.section = q->proj.section;
		for (int i = 0; i < p->nrefs && i < q->nrefs; i++)
			p->refs[i].section = q->refs[i].section;
	}
	project_free(q);
	diags_free(&ds);
	project_free(p->baseline);
	p->baseline = project_clone(p);
}

/* rm -r of a folder tmix made (a state folder or its temporary). */
static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *path_join(const char *dir, const char *file)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *s = xmalloc(n);
	if (file[0] == '/')
		snprintf(s, n, "%s", file);
	else
		snprintf(s, n, "%s/%s", dir, file);
	return s;
}

/* The folder of an insert's state inside NAME.lv2state: the strip's kind
 * and name (what a reader recognises) and the slot. Characters that are
 * not safe in a file name become '_'. */
static void state_name(const struct strip *s, int slot, char *buf, size_t n)
{
	size_t len = (size_t)snprintf(buf, n, "%s",
				      s->kind == SK_MASTER ? "master" : s->kind == SK_BUS ? "bus-" : "track-");
	for (const char *c = s->kind == SK_MASTER ? "" : s->name; *c && len + 1 < n; c++)
		buf[len++] = isalnum((unsigned char)*c) || *c == '-' || *c == '_' || *c == '.' ? *c : '_';
	snprintf(buf + len, n - len, ".insert%d", slot + 1);
}

/* A regular file copied, synced before the folder holding it is renamed
 * into place; 0, or -1 with errno set. */
static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n = 0;
	int in = open(from, O_RDONLY | O_CLOEXEC), out, keep;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	while (out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		for (ssize_t done = 0, w; done < n; done += w)
			if ((w = write(out, buf + done, (size_t)(n - done))) < 0) {
				n = -1;
				break;
			}
	keep = errno;
	close(in);
	if (out >= 0 && n >= 0 && fsync(out))
		keep = errno, n = -1;
	if (out < 0 || n < 0) {
		if (out >= 0)
			close(out);
		errno = keep;
		return -1;
	}
	return close(out);
}

/* A copy of state folder from (files, links as links, folders) as the
 * new folder to; 0, or -1 with errno set. */
static int copy_tree(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *e;
	int rc = 0;

	if (!d || mkdir(to, 0777)) {
		int keep = errno;
		if (d)
			closedir(d);
		errno = keep;
		return -1;
	}
	while (!rc && (e = readdir(d))) {
		char *src, *dst, link[4096];
		struct stat st;
		ssize_t n;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		src = path_join(from, e->d_name);
		dst = path_join(to, e->d_name);
		if (lstat(src, &st))
			rc = -1;
		else if (S_ISDIR(st.st_mode))
			rc = copy_tree(src, dst);
		else if (S_ISLNK(st.st_mode))
			rc = (n = readlink(src, link, sizeof link - 1)) < 0 ? -1 : (link[n] = 0, symlink(link, dst));
		else
			rc = copy_file(src, dst);
		free(src);
		free(dst);
	}
	closedir(d);
	return rc;
}

/* Every insert whose unit keeps state beyond its parameters (an LV2
 * plugin with the state extension): that state in
 * NAME.lv2state/STRIP.insertN beside NAME.ini, and insert.N.state
 * pointed at it, before the project file itself is written.
 * tmix changes a plugin's state in no way (it sends no messages), so a
 * state folder the insert already has is that state: kept where it is,
 * or copied under the new name (a strip renamed, a slot moved). Only an
 * insert without one gets it made, from a fresh instance. A plugin that
 * applies a restored state later (on its worker) would not give it back
 * at once, which a copy never risks. A new folder is written whole under
 * a temporary name and renamed into place, so a save killed midway
 * leaves the old folder or the new one. warn gets a note (not an error)
 * for a state folder gone since the project was opened. */
static int save_states(struct project *p, const char *path, char *err, size_t errlen, char *warn, size_t warnlen)
{
	const char *base = strrchr(path, '/'), *dot, *pdir = p->dir ? p->dir : ".";
	char stem[1024], rel[2400], name[1100];
	char *top, *dir, *tmp, *old, *from;
	struct stat st;
	bool made = false;
	int rc = 0;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	snprintf(stem, sizeof stem, "%.*s.lv2state", (int)(dot && dot > base ? dot - base : (long)strlen(base)), base);
	top = path_join(pdir, stem);
	for (int i = 0; i < p->nstrips && !rc; i++) {
		struct strip *s = p->strips[i];
		for (int k = 0; k < s->ninserts && !rc; k++) {
			struct insert *in = &s->inserts[k];
			if (!in->unit->state_save)
				continue;
			state_name(s, k, name, sizeof name);
			snprintf(rel, sizeof rel, "%s/%s", stem, name);
			if (in->state && !strcmp(in->state, rel)) {
				dir = path_join(pdir, rel);
				if (!stat(dir, &st) && S_ISDIR(st.st_mode)) { /* where it is already */
					free(dir);
					continue;
				}
				free(dir);
			}
			if (!made && mkdir(top, 0777) && errno != EEXIST) {
				snprintf(err, errlen, "cannot make the folder %s for plugin state: %s", top, strerror(errno));
				rc = -1;
				break;
			}
			made = true;
			dir = path_join(pdir, rel);
			tmp = xmalloc(strlen(dir) + 8);
			old = xmalloc(strlen(dir) + 8);
			sprintf(tmp, "%s.tmp", dir);
			sprintf(old, "%s.old", dir);
			from = in->state ? path_join(pdir, in->state) : NULL;
			if (from && (stat(from, &st) || !S_ISDIR(st.st_mode))) {
				snprintf(warn, warnlen, "the state folder %s was gone: insert.%d of \"%s\" saved with its plugin's "
					 "defaults", from, k + 1, s->name);
				free(from);
				from = NULL;
			}
			remove_tree(tmp);
			if (from ? copy_tree(from, tmp) && (snprintf(err, errlen, "cannot copy the plugin state %s to %s: %s",
								     from, tmp, strerror(errno)), 1)
				 : in->unit->state_save(in->unit, in->v, project_rate(p), NULL, tmp, err, errlen)) {
				remove_tree(tmp);
				rc = -1;
			} else {
				remove_tree(old);
				if ((!stat(dir, &st) && rename(dir, old)) || rename(tmp, dir)) {
					snprintf(err, errlen, "cannot put the plugin state in place as %s: %s", dir,
						 strerror(errno));
					rc = -1;
				}
				remove_tree(old);
			}
			if (!rc) {
				free(in->state);
				in->state = xstrdup(rel);
			}
			free(from);
			free(dir);
			free(tmp);
			free(old);
		}
	}
	free(top);
	if (rc && !errno)
		errno = EIO;
	return rc;
}

int project_save(struct project *p, const char *path, char *err, size_t errlen)
{
	size_t len;
	char *text, warn[600] = "";
	int rc;

	if (!path)
		path = p->path;
	if (!strcmp(path, p->path) && save_states(p, path, err, errlen, warn, sizeof warn))
		return -1;
	text = project_render_text(p, &len);
	rc = atomic_write(path, text, len, true, err, errlen);
	free(text);
	if (rc == 0 && !*err && *warn) /* said as "saved, but ..." */
		snprintf(err, errlen, "%s", warn);
	if (rc == 0 && !strcmp(path, p->path))
		adopt_text(p, path);
	return rc;
}
