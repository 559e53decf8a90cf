/* project_load.c — INI text → model, through inih (project.h).
 *
 * The file is read whole and split into lines first, so that each key
 * knows its line and saving can edit the text in place. A reader feeds
 * inih one line at a time: section headers are parsed here (inih would
 * cut names over 49 bytes), leading blanks are dropped so an indented
 * line is a key and not a continuation, and a key line inih cannot hold
 * (longer than its buffer, or with ':' before '=') is handed over as a
 * placeholder whose key and value the handler takes from ctx. */
#include "name_index.h"
#include "project.h"
#include "tmix.h"
#include "units.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE (64u << 20)
#define MAX_LINE (4u << 20)
#define PLACEHOLDER "\x01"

enum sec { SEC_NONE, SEC_PROJECT, SEC_STRIP, SEC_MARKERS, SEC_REF, SEC_SKIP };

struct ctx {
	struct project *p;
	struct diags *ds;
	int next, cur;          /* next line to feed, line being parsed (0-based) */
	enum sec sec;
	struct strip *strip;
	struct reference *ref;
	int section;            /* index into p->sections, -1 before the first */
	char *pend_key, *pend_val;
	int ntracks, nbuses, cap_tracks, cap_buses, cap_sections;
	struct strip **tracks, **buses, *master;
	struct name_index names; /* every track and bus so far */
	bool seen_project, seen_markers;
};

static int split_lines(struct project *p, const char *buf, size_t len, struct diags *ds)
{
	size_t start = 0;
	int cap = 0;

	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		p->bom = true;
		start = 3;
	}
	while (start < len) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - buf) : len, tlen = end - start;
		struct src_line *l;
		if (p->nlines == cap) {
			cap = cap ? cap * 2 : 256;
			p->lines = xrealloc(p->lines, sizeof *p->lines * (size_t)cap);
		}
		l = &p->lines[p->nlines++];
		l->eol = nl ? "\n" : "";
		if (nl && tlen && buf[end - 1] == '\r') {
			l->eol = "\r\n";
			tlen--;
		}
		l->text = xstrndup(buf + start, tlen);
		if (strlen(l->text) != tlen)
			diags_add(ds, DIAG_ERROR, p->nlines, "the line holds a NUL byte: is this a text file?");
		else if (tlen > MAX_LINE)
			diags_add(ds, DIAG_ERROR, p->nlines, "the line is %zu bytes long; lines may be up to %u bytes",
				  tlen, MAX_LINE);
		start = end + 1;
	}
	return 0;
}

/* Opens the project for reading: a regular file only, opened without
 * blocking (a FIFO put in its place would wait for a writer forever; a
 * device or a folder is no project either). */
static FILE *open_regular(const char *path, struct diags *ds)
{
	struct stat st;
	FILE *f;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		diags_add(ds, DIAG_ERROR, 0, "cannot open the project: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		diags_add(ds, DIAG_ERROR, 0, "cannot open the project: it is %s, not a regular file",
			  S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)" : S_ISDIR(st.st_mode) ? "a folder"
			  : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : S_ISSOCK(st.st_mode) ? "a socket"
			  : "something else");
		close(fd);
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	f = fdopen(fd, "rb");
	if (!f) {
		diags_add(ds, DIAG_ERROR, 0, "cannot open the project: %s", strerror(errno));
		close(fd);
	}
	return f;
}

static char *read_file(const char *path, size_t *len, struct diags *ds)
{
	FILE *f = open_regular(path, ds);
	char *buf;
	size_t cap = 1 << 16, n = 0;

	if (!f)
		return NULL;
	buf = xmalloc(cap);
	for (;;) {
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n > MAX_FILE) {
			diags_add(ds, DIAG_ERROR, 0, "the project is larger than %u MB; is it a project file?", MAX_FILE >> 20);
			break;
		}
		if (got == 0)
			break;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	if (ferror(f))
		diags_add(ds, DIAG_ERROR, 0, "cannot read the project: %s", strerror(errno));
	fclose(f);
	if (ds->nerrors) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static char *skip_blank(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static struct src_section *new_section(struct ctx *c, const char *header)
{
	struct project *p = c->p;
	struct src_section *s;
	if (p->nsections == c->cap_sections) {
		c->cap_sections = c->cap_sections ? 2 * c->cap_sections : 64;
		p->sections = xrealloc(p->sections, sizeof *p->sections * (size_t)c->cap_sections);
	}
	s = &p->sections[p->nsections];
	*s = (struct src_section){xstrdup(header), c->cur, c->cur, 0, NULL};
	c->section = p->nsections++;
	return s;
}

/* Hashed, and the arrays grow by doubling: one scan of the earlier names
 * and one copy of the array per strip made loading quadratic. */
static bool name_taken(struct ctx *c, const char *name)
{
	return name_index_get(&c->names, name) >= 0;
}

static void add_strip(struct ctx *c, struct strip ***arr, int *n, int *cap, struct strip *s)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*arr = xrealloc(*arr, sizeof **arr * (size_t)*cap);
	}
	(*arr)[(*n)++] = s;
	name_index_put(&c->names, s->name, 0);
	s->section = c->section;
	c->strip = s;
	c->sec = SEC_STRIP;
}

/* "[track "Bäss DI"]" → kind word and quoted name. Returns the section
 * kind, or SEC_SKIP after reporting what is wrong. */
static void parse_header(struct ctx *c, char *line)
{
	char *close = strrchr(line, ']'), *word = skip_blank(line + 1), *q1, *q2, *name = NULL;
	int ln = c->cur + 1;
	size_t wlen;

	c->sec = SEC_SKIP;
	c->strip = NULL;
	c->ref = NULL;
	if (!close) {
		diags_add(c->ds, DIAG_ERROR, ln, "section header has no closing ']'");
		new_section(c, line + 1);
		return;
	}
	{
		char *after = skip_blank(close + 1);
		if (*after && *after != ';' && *after != '#')
			diags_add(c->ds, DIAG_ERROR, ln, "unexpected text after the section header: %s", after);
	}
	*close = 0;
	new_section(c, line + 1);
	wlen = strcspn(word, " \t\"");
	q1 = strchr(word, '"');
	if (q1) {
		q2 = strrchr(q1 + 1, '"');
		if (!q2 || *skip_blank(q2 + 1)) {
			diags_add(c->ds, DIAG_ERROR, ln, "the name in a section header must be in double quotes: [track \"Kick\"]");
			return;
		}
		name = q1 + 1;
		*q2 = 0;
		if (!*name) {
			diags_add(c->ds, DIAG_ERROR, ln, "the name in quotes must not be empty");
			return;
		}
		/* Control characters are allowed (every printing path escapes
		 * them: units_escape); only NUL and newline cannot be in a line. */
	} else if (*skip_blank(word + wlen)) {
		diags_add(c->ds, DIAG_ERROR, ln, "the name in a section header must be in double quotes: [track \"Kick\"]");
		return;
	}
	word[wlen] = 0;
	if (!name) {
		if (!units_casecmp(word, "project")) {
			if (c->seen_project)
				diags_add(c->ds, DIAG_ERROR, ln, "[project] appears twice");
			else
				c->p->proj.section = c->section;
			c->seen_project = true;
			c->sec = SEC_PROJECT;
			c->strip = &c->p->proj;
		} else if (!units_casecmp(word, "master")) {
			if (c->master) {
				diags_add(c->ds, DIAG_ERROR, ln, "[master] appears twice");
				return;
			}
			c->master = strip_new(SK_MASTER, "Master");
			c->master->section = c->section;
			c->strip = c->master;
			c->sec = SEC_STRIP;
		} else if (!units_casecmp(word, "markers")) {
			if (c->seen_markers)
				diags_add(c->ds, DIAG_ERROR, ln, "[markers] appears twice");
			c->seen_markers = true;
			c->sec = SEC_MARKERS;
		} else if (!units_casecmp(word, "track") || !units_casecmp(word, "bus") ||
			   !units_casecmp(word, "reference")) {
			diags_add(c->ds, DIAG_ERROR, ln, "[%s] needs a name: [%s \"NAME\"]", word, word);
		} else {
			diags_add(c->ds, DIAG_WARNING, ln, "unknown section [%s]: it is kept but ignored "
				  "(sections are project, track, bus, master, markers, reference)", word);
			c->p->nunknown++;
		}
		return;
	}
	if (!units_casecmp(word, "track") || !units_casecmp(word, "bus")) {
		bool bus = !units_casecmp(word, "bus");
		if (name_taken(c, name)) {
			diags_add(c->ds, DIAG_ERROR, ln, "duplicate name \"%s\": every track and bus needs its own name", name);
			return;
		}
		if (!units_casecmp(name, "master")) {
			diags_add(c->ds, DIAG_ERROR, ln, "\"%s\" is reserved for the master strip", name);
			return;
		}
		if (bus)
			add_strip(c, &c->buses, &c->nbuses, &c->cap_buses, strip_new(SK_BUS, name));
		else
			add_strip(c, &c->tracks, &c->ntracks, &c->cap_tracks, strip_new(SK_TRACK, name));
	} else if (!units_casecmp(word, "reference")) {
		struct project *p = c->p;
		for (int i = 0; i < p->nrefs; i++)
			if (!strcmp(p->refs[i].name, name)) {
				diags_add(c->ds, DIAG_ERROR, ln, "duplicate reference \"%s\"", name);
				return;
			}
		p->refs = xrealloc(p->refs, sizeof *p->refs * (size_t)(p->nrefs + 1));
		c->ref = &p->refs[p->nrefs++];
		*c->ref = (struct reference){.name = xstrdup(name), .section = c->section};
		c->sec = SEC_REF;
	} else {
		diags_add(c->ds, DIAG_WARNING, ln, "unknown section [%s \"%s\"]: it is kept but ignored", word, name);
		c->p->nunknown++;
	}
}

/* Splits KEY = VALUE ; comment the way inih does: the value ends at a ';'
 * that follows a blank. */
static int split_kv(char *line, char **key, char **val)
{
	char *eq = strchr(line, '='), *e;
	if (!eq)
		return -1;
	*eq = 0;
	*key = line;
	for (e = eq; e > line && isspace((unsigned char)e[-1]);)
		*--e = 0;
	*val = skip_blank(eq + 1);
	for (e = *val; *e; e++)
		if (*e == ';' && e > *val && isspace((unsigned char)e[-1])) {
			*e = 0;
			break;
		}
	for (e = *val + strlen(*val); e > *val && isspace((unsigned char)e[-1]);)
		*--e = 0;
	return 0;
}

static char *reader(char *str, int num, void *stream)
{
	struct ctx *c = stream;
	char *line, *t;

	if (c->next >= c->p->nlines)
		return NULL;
	c->cur = c->next++;
	line = c->p->lines[c->cur].text;
	t = skip_blank(line);
	str[0] = 0;
	if (!*t || *t == ';' || *t == '#')
		return str;
	if (*t == '[') {
		char *copy = xstrdup(t);
		parse_header(c, copy);
		free(copy);
		return str;
	}
	{
		char *eq = strchr(t, '='), *colon = strchr(t, ':');
		if (!eq) {
			diags_add(c->ds, DIAG_ERROR, c->cur + 1, "expected KEY = VALUE, a [section] or a ; comment");
			return str;
		}
		if (eq == t) {
			diags_add(c->ds, DIAG_ERROR, c->cur + 1, "a key is missing before '='");
			return str;
		}
		for (const char *k = t + 1; k < eq; k++)
			if (*k == ';' && (k[-1] == ' ' || k[-1] == '\t')) {
				/* inih would end the line there and drop it */
				diags_add(c->ds, DIAG_ERROR, c->cur + 1, "a ; comment starts before '=': the key has no value");
				return str;
			}
		/* a line holding the placeholder byte itself must not be
		 * mistaken for one: it goes by hand as well */
		if ((int)strlen(t) + 2 < num && !(colon && colon < eq) && !strchr(t, PLACEHOLDER[0])) {
			snprintf(str, (size_t)num, "%s\n", t);
			return str;
		}
	}
	/* inih cannot hold this line: pass it by hand */
	{
		char *copy = xstrdup(t), *k = copy, *v = copy + strlen(copy);
		split_kv(copy, &k, &v);
		free(c->pend_key);
		free(c->pend_val);
		c->pend_key = xstrdup(k);
		c->pend_val = xstrdup(v);
		free(copy);
		snprintf(str, (size_t)num, PLACEHOLDER "=" PLACEHOLDER "\n");
	}
	return str;
}

static const char *section_label(struct ctx *c, char *buf, size_t n)
{
	if (c->section < 0)
		return "the file";
	snprintf(buf, n, "[%s]", c->p->sections[c->section].header);
	return buf;
}

static void record_key(struct ctx *c, const char *key)
{
	struct src_section *s;
	char lab[300];
	if (c->section < 0)
		return;
	s = &c->p->sections[c->section];
	for (int i = 0; i < s->nkeys; i++)
		if (!units_casecmp(s->keys[i].key, key)) {
			diags_add(c->ds, DIAG_ERROR, c->cur + 1, "duplicate key '%s' in %s (first set on line %d)",
				  key, section_label(c, lab, sizeof lab), s->keys[i].line + 1);
			return;
		}
	s->keys = xrealloc(s->keys, sizeof *s->keys * (size_t)(s->nkeys + 1));
	s->keys[s->nkeys++] = (struct src_key){xstrdup(key), c->cur};
	s->last = c->cur;
}

static void strip_key(struct ctx *c, const char *key, const char *value)
{
	char err[512], lab[300];
	const char *suffix;
	int id = param_lookup(key, &suffix);
	unsigned scope = strip_scope(c->strip);
	int ln = c->cur + 1;

	if (c->strip->kind == SK_BUS)
		scope = SC_BUS; /* fx may come later; checked once the section is read */
	if (id < 0 || !(param_defs[id].scope & scope)) {
		const char *hint = param_suggest(key, scope);
		if (id >= 0)
			diags_add(c->ds, DIAG_WARNING, ln, "'%s' is not a key of %s; it is kept but ignored",
				  key, section_label(c, lab, sizeof lab));
		else if (hint)
			diags_add(c->ds, DIAG_WARNING, ln, "unknown key '%s' in %s, did you mean '%s'?",
				  key, section_label(c, lab, sizeof lab), hint);
		else
			diags_add(c->ds, DIAG_WARNING, ln, "unknown key '%s' in %s; it is kept but ignored",
				  key, section_label(c, lab, sizeof lab));
		c->p->nunknown++;
		return;
	}
	if (strip_set(c->p, c->strip, key, value, err, sizeof err))
		diags_add(c->ds, DIAG_ERROR, ln, "%s = %s: %s", key, value, err);
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct ctx *c = user;
	int ln = c->cur + 1;
	char err[256];
	double t;

	(void)section;
	if (!strcmp(name, PLACEHOLDER)) {
		name = c->pend_key;
		value = c->pend_val;
	}
	if (c->section < 0) {
		diags_add(c->ds, DIAG_ERROR, ln, "'%s' comes before any [section]", name);
		return 1;
	}
	record_key(c, name);
	switch (c->sec) {
	case SEC_PROJECT: case SEC_STRIP:
		strip_key(c, name, value);
		break;
	case SEC_MARKERS:
		if (units_parse_time(value, &t))
			diags_add(c->ds, DIAG_ERROR, ln, "%s = %s: a marker time must be SS.sss, M:SS.sss or H:MM:SS.sss",
				  name, value);
		else
			project_set_marker(c->p, name, t);
		break;
	case SEC_REF:
		if (!units_casecmp(name, "file")) {
			free(c->ref->file);
			c->ref->file = *value ? xstrdup(value) : NULL;
			if (!*value)
				diags_add(c->ds, DIAG_ERROR, ln, "file = : must name a file");
		} else if (!units_casecmp(name, "start")) {
			enum param_mode m;
			if (param_parse(P_START, value, &c->ref->start, &m, err, sizeof err))
				diags_add(c->ds, DIAG_ERROR, ln, "start = %s: %s", value, err);
		} else {
			diags_add(c->ds, DIAG_WARNING, ln, "unknown key '%s' in a reference (keys: file, start)", name);
			c->p->nunknown++;
		}
		break;
	default:
		break;
	}
	return 1;
}

static int cmp_marker(const void *a, const void *b)
{
	double x = ((const struct marker *)a)->t, y = ((const struct marker *)b)->t;
	return (x > y) - (x < y);
}

struct project *project_load(const char *path, struct diags *ds)
{
	size_t len;
	char *buf = read_file(path, &len, ds);
	struct project *p;

	if (!buf)
		return NULL;
	p = project_load_text(path, buf, len, ds);
	free(buf);
	/* A project file reached through a symbolic link keeps its stems
	 * beside the real file, not beside the link. */
	{
		struct stat st;
		char *real, *slash;
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (real = realpath(path, NULL))) {
			slash = strrchr(real, '/');
			free(p->dir);
			p->dir = xstrndup(real, (size_t)(slash - real) + (slash == real));
			free(real);
		}
	}
	return p;
}

struct project *project_load_text(const char *path, const char *buf, size_t len, struct diags *ds)
{
	struct ctx c = {.section = -1};
	struct project *p;
	char *slash;
	int rc;

	if (len > MAX_FILE) {
		diags_add(ds, DIAG_ERROR, 0, "the project is larger than %u MB; is it a project file?", MAX_FILE >> 20);
		return NULL;
	}
	p = project_new();
	p->path = xstrdup(path);
	slash = strrchr(p->path, '/');
	p->dir = slash ? xstrndup(p->path, (size_t)(slash - p->path) + (slash == p->path)) : xstrdup(".");
	split_lines(p, buf, len, ds);
	c.p = p;
	c.ds = ds;
	rc = ini_parse_stream(reader, &c, handler, &c);
	if (rc == -2)
		diags_add(ds, DIAG_ERROR, 0, "out of memory while reading the project");
	else if (rc > 0 && !ds->nerrors) /* a line inih refused that the reader let through */
		diags_add(ds, DIAG_ERROR, rc, "tmix cannot read this line (expected KEY = VALUE)");
	free(c.pend_key);
	free(c.pend_val);
	name_index_free(&c.names);

	/* console order: tracks, buses, master */
	if (!c.master)
		c.master = strip_new(SK_MASTER, "Master");
	p->ntracks = c.ntracks;
	p->nbuses = c.nbuses;
	p->nstrips = c.ntracks + c.nbuses + 1;
	p->strips = xmalloc(sizeof *p->strips * (size_t)p->nstrips);
	for (int i = 0; i < c.ntracks; i++)
		p->strips[i] = c.tracks[i];
	for (int i = 0; i < c.nbuses; i++)
		p->strips[c.ntracks + i] = c.buses[i];
	p->strips[p->nstrips - 1] = c.master;
	free(c.tracks);
	free(c.buses);
	if (!p->proj.name) {
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		const char *dot = strrchr(base, '.');
		p->proj.name = xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
	}
	if (p->nmarkers) /* qsort(NULL, 0) is undefined */
		qsort(p->markers, (size_t)p->nmarkers, sizeof *p->markers, cmp_marker);
	project_resolve(p, ds);
	p->baseline = project_clone(p);
	return p;
}
