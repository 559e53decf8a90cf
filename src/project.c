/* project.c — the model: construction, key get/set, defaults (project.h). */
#include "project.h"
#include "dsp/unit.h"
#include "tmix.h"
#include "units.h"
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diags_add(struct diags *ds, enum diag_level lvl, int line, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (ds->n >= 8 ? !(ds->n & (ds->n - 1)) : !ds->n) /* doubling: 100k messages, not 100k copies */
		ds->d = xrealloc(ds->d, sizeof *ds->d * (size_t)(ds->n >= 8 ? 2 * ds->n : 8));
	/* messages quote names and values from the file: escaped once here,
	 * every screen and log that shows them is safe */
	ds->d[ds->n++] = (struct diag){lvl, line, units_escape_dup(buf)};
	if (lvl == DIAG_ERROR)
		ds->nerrors++;
}

struct diag_at {
	int line, i;
};

static int by_line(const void *x, const void *y)
{
	const struct diag_at *a = x, *b = y;
	return a->line != b->line ? (a->line > b->line) - (a->line < b->line) : (a->i > b->i) - (a->i < b->i);
}

/* In file order: the checks that need the whole file (routing, stems)
 * run after the line-by-line ones, and a reader fixes top to bottom. */
void diags_print(const struct diags *ds, const char *file, FILE *out)
{
	struct diag_at *order = xmalloc(sizeof *order * (size_t)(ds->n ? ds->n : 1));
	for (int i = 0; i < ds->n; i++)
		order[i] = (struct diag_at){ds->d[i].line, i};
	qsort(order, (size_t)ds->n, sizeof *order, by_line);
	for (int k = 0; k < ds->n; k++) {
		const struct diag *d = &ds->d[order[k].i];
		const char *lvl = d->level == DIAG_WARNING ? "warning: " : "";
		char f[1024];
		units_escape(file, f, sizeof f);
		if (d->line)
			fprintf(out, "%s:%d: %s%s\n", f, d->line, lvl, d->msg);
		else
			fprintf(out, "%s: %s%s\n", f, lvl, d->msg);
	}
	free(order);
}

void diags_free(struct diags *ds)
{
	for (int i = 0; i < ds->n; i++)
		free(ds->d[i].msg);
	free(ds->d);
	*ds = (struct diags){0};
}

void strip_defaults(struct strip *s)
{
	for (int i = 0; i < P_COUNT; i++) {
		s->v[i] = param_defs[i].def;
		s->mode[i] = param_defs[i].def_mode;
	}
	for (int i = 0; i < EQ_BANDS; i++)
		s->eq[i] = (struct eq_band){EQT_OFF, 1000, 0, 1};
}

struct strip *strip_new(enum strip_kind kind, const char *name)
{
	struct strip *s = xcalloc(1, sizeof *s);
	s->kind = kind;
	s->name = xstrdup(name ? name : "");
	s->colour = -1;
	s->output = MASTER_OUT;
	s->key[0] = s->key[1] = -1;
	s->section = -1;
	strip_defaults(s);
	return s;
}

void lane_free(struct auto_lane *l)
{
	free(l->pt);
	l->pt = NULL;
	l->n = 0;
}

void lane_copy(struct auto_lane *dst, const struct auto_lane *src)
{
	dst->n = src->n;
	dst->units = src->units;
	dst->pt = NULL;
	if (src->n) {
		dst->pt = xmalloc(sizeof *dst->pt * (size_t)src->n);
		memcpy(dst->pt, src->pt, sizeof *dst->pt * (size_t)src->n);
	}
}

/* The fields a strip owns. [project] is a strip inside struct project
 * (not allocated alone), so freeing and copying are split from the
 * allocation: a key set on it out of scope (output, send.X) is owned
 * and freed like anywhere else. */
static void strip_release(struct strip *s)
{
	free(s->name);
	free(s->file);
	free(s->path);
	free(s->output_name);
	free(s->key_name[0]);
	free(s->key_name[1]);
	free(s->stem_format);
	for (int i = 0; i < s->nsends; i++) {
		free(s->sends[i].bus_name);
		lane_free(&s->sends[i].lane);
	}
	free(s->sends);
	lane_free(&s->lane_gain);
	lane_free(&s->lane_pan);
	lane_free(&s->lane_mute);
	lane_free(&s->lane_width);
	for (int i = 0; i < s->ninserts; i++)
		insert_release(&s->inserts[i]);
	free(s->inserts);
}

static void strip_free(struct strip *s)
{
	if (!s)
		return;
	strip_release(s);
	free(s);
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static void strip_copy(struct strip *c, const struct strip *s)
{
	*c = *s;
	c->name = dup_or_null(s->name);
	c->file = dup_or_null(s->file);
	c->path = dup_or_null(s->path);
	c->output_name = dup_or_null(s->output_name);
	c->key_name[0] = dup_or_null(s->key_name[0]);
	c->key_name[1] = dup_or_null(s->key_name[1]);
	c->stem_format = dup_or_null(s->stem_format);
	c->sends = s->nsends ? xmalloc(sizeof *c->sends * (size_t)s->nsends) : NULL;
	for (int i = 0; i < s->nsends; i++) {
		c->sends[i] = s->sends[i];
		c->sends[i].bus_name = dup_or_null(s->sends[i].bus_name);
		lane_copy(&c->sends[i].lane, &s->sends[i].lane);
	}
	lane_copy(&c->lane_gain, &s->lane_gain);
	lane_copy(&c->lane_pan, &s->lane_pan);
	lane_copy(&c->lane_mute, &s->lane_mute);
	lane_copy(&c->lane_width, &s->lane_width);
	c->inserts = s->ninserts ? xmalloc(sizeof *c->inserts * (size_t)s->ninserts) : NULL;
	for (int i = 0; i < s->ninserts; i++)
		insert_copy(&c->inserts[i], &s->inserts[i]);
}

static struct strip *strip_clone(const struct strip *s)
{
	struct strip *c = xmalloc(sizeof *c);
	strip_copy(c, s);
	return c;
}

struct project *project_new(void)
{
	struct project *p = xcalloc(1, sizeof *p);
	p->proj.kind = SK_PROJECT;
	p->proj.section = -1;
	strip_defaults(&p->proj);
	p->proj.mode[P_RATE] = PM_AUTO; /* rate of the first stem */
	p->proj.mode[P_LOOP] = PM_OFF;
	return p;
}

void project_free(struct project *p)
{
	if (!p)
		return;
	project_free(p->baseline);
	free(p->path);
	free(p->dir);
	strip_release(&p->proj);
	for (int i = 0; i < p->nstrips; i++)
		strip_free(p->strips[i]);
	free(p->strips);
	for (int i = 0; i < p->nmarkers; i++)
		free(p->markers[i].name);
	free(p->markers);
	for (int i = 0; i < p->nrefs; i++) {
		free(p->refs[i].name);
		free(p->refs[i].file);
		free(p->refs[i].path);
	}
	free(p->refs);
	for (int i = 0; i < p->nlines; i++)
		free(p->lines[i].text);
	free(p->lines);
	for (int i = 0; i < p->nsections; i++) {
		free(p->sections[i].header);
		for (int k = 0; k < p->sections[i].nkeys; k++)
			free(p->sections[i].keys[k].key);
		free(p->sections[i].keys);
	}
	free(p->sections);
	free(p);
}

struct project *project_clone(const struct project *p)
{
	struct project *c = xcalloc(1, sizeof *c);
	c->path = dup_or_null(p->path);
	c->dir = dup_or_null(p->dir);
	strip_copy(&c->proj, &p->proj);
	c->loop_end = p->loop_end;
	c->nstrips = p->nstrips;
	c->ntracks = p->ntracks;
	c->nbuses = p->nbuses;
	c->strips = xcalloc((size_t)p->nstrips, sizeof *c->strips);
	for (int i = 0; i < p->nstrips; i++)
		c->strips[i] = strip_clone(p->strips[i]);
	c->nmarkers = p->nmarkers;
	c->markers = p->nmarkers ? xmalloc(sizeof *c->markers * (size_t)p->nmarkers) : NULL;
	for (int i = 0; i < p->nmarkers; i++)
		c->markers[i] = (struct marker){xstrdup(p->markers[i].name), p->markers[i].t};
	c->nrefs = p->nrefs;
	c->refs = p->nrefs ? xmalloc(sizeof *c->refs * (size_t)p->nrefs) : NULL;
	for (int i = 0; i < p->nrefs; i++) {
		c->refs[i] = p->refs[i];
		c->refs[i].name = dup_or_null(p->refs[i].name);
		c->refs[i].file = dup_or_null(p->refs[i].file);
		c->refs[i].path = dup_or_null(p->refs[i].path);
	}
	c->nunknown = p->nunknown;
	c->bom = p->bom;
	return c;
}

struct strip *project_master(const struct project *p)
{
	return p->strips[p->nstrips - 1];
}

int project_find_strip(const struct project *p, const char *name)
{
	for (int i = 0; i < p->nstrips; i++)
		if (p->strips[i]->kind != SK_MASTER && strcmp(p->strips[i]->name, name) == 0)
			return i;
	return -1;
}

/* Names ignore case, as keys do, so one name is one marker: the saver
 * finds a marker's line by its name and could not tell two apart (every
 * save would add lines). */
int project_set_marker(struct project *p, const char *name, double t)
{
	int i;
	for (i = 0; i < p->nmarkers; i++)
		if (!units_casecmp(p->markers[i].name, name))
			break;
	if (i == p->nmarkers) {
		p->markers = xrealloc(p->markers, sizeof *p->markers * (size_t)(p->nmarkers + 1));
		p->markers[p->nmarkers++] = (struct marker){xstrdup(name), t};
	}
	p->markers[i].t = t;
	return i;
}

/* A marker's name is the key of its line in [markers], so it must read
 * back as that key: inih splits a line at '=' or ':', takes ';' and '#'
 * as comments, '[' at the start as a section, and strips blanks. */
bool project_marker_name_ok(const char *name, char *why, size_t n)
{
	const char *bad = NULL;
	size_t len = strlen(name);
	if (!len)
		bad = "a marker needs a name";
	else if (name[0] == ' ' || name[0] == '\t' || name[len - 1] == ' ' || name[len - 1] == '\t')
		bad = "a marker name cannot start or end with a blank";
	else if (name[0] == '[')
		bad = "a marker name cannot start with [";
	else if (strpbrk(name, "=:;#"))
		bad = "a marker name cannot hold = : ; or # (it is a key in the project file)";
	else
		for (const unsigned char *c = (const unsigned char *)name; *c && !bad; c++)
			if (*c < 0x20 || *c == 0x7f)
				bad = "a marker name cannot hold control characters";
	if (bad)
		snprintf(why, n, "%s", bad);
	return !bad;
}

double project_rate(const struct project *p)
{
	if (p->proj.mode[P_RATE] == PM_VALUE)
		return p->proj.v[P_RATE];
	for (int i = 0; i < p->ntracks; i++)
		if (p->strips[i]->stem_rate > 0)
			return p->strips[i]->stem_rate;
	return 48000;
}

double project_length(const struct project *p)
{
	double len = 0;
	for (int i = 0; i < p->ntracks; i++) {
		const struct strip *s = p->strips[i];
		if (s->stem_rate > 0) {
			double end = s->v[P_START] + (double)s->stem_frames / s->stem_rate;
			if (end > len)
				len = end;
		}
	}
	return len;
}

double strip_delay_ms(const struct project *p, const struct strip *s)
{
	if (s->mode[P_DELAY_TIME] == PM_NOTE) {
		double bpm = p->proj.mode[P_TEMPO] == PM_VALUE ? p->proj.v[P_TEMPO] : 120;
		return s->v[P_DELAY_TIME] * 60000.0 / bpm;
	}
	return s->v[P_DELAY_TIME];
}

static const struct { const char *name; int index; } colours[] = {
	{"red", 1}, {"green", 2}, {"yellow", 3}, {"blue", 4}, {"magenta", 5}, {"cyan", 6},
	{"white", 7}, {"orange", 208}, {"purple", 93}, {"pink", 211}, {"grey", 244}, {"gray", 244},
};

const char *colour_name(int c)
{
	for (size_t i = 0; i < ARRAY_LEN(colours); i++)
		if (colours[i].index == c)
			return colours[i].name;
	return NULL;
}

static bool name_has(const char *name, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = name; *p; p++) {
		size_t i = 0;
		while (i < n && p[i] && tolower((unsigned char)p[i]) == (unsigned char)word[i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

int strip_colour(const struct strip *s)
{
	/* By instrument family, as consoles are usually coloured. */
	static const struct { const char *word; int colour; } fam[] = {
		{"kick", 1}, {"snare", 1}, {"drum", 1}, {"hat", 1}, {"tom", 1}, {"perc", 208},
		{"cym", 1}, {"bass", 3}, {"bäss", 3}, {"gtr", 2}, {"guitar", 2}, {"key", 6},
		{"piano", 6}, {"pad", 6}, {"synth", 93}, {"lead", 93}, {"vox", 5}, {"vocal", 5},
		{"voc", 5}, {"choir", 211}, {"verb", 4}, {"plate", 4}, {"room", 4}, {"hall", 4},
		{"delay", 4}, {"echo", 4},
	};
	if (s->colour >= 0)
		return s->colour;
	if (s->kind == SK_MASTER)
		return 7;
	for (size_t i = 0; i < ARRAY_LEN(fam); i++)
		if (name_has(s->name, fam[i].word))
			return fam[i].colour;
	return s->kind == SK_BUS ? 4 : 7;
}

double lane_value(const struct auto_lane *l, double t)
{
	int lo = 0, hi;
	if (l->n == 0)
		return 0;
	if (t <= l->pt[0].t)
		return l->pt[0].v;
	if (t >= l->pt[l->n - 1].t)
		return l->pt[l->n - 1].v;
	hi = l->n - 1;
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (l->pt[mid].t <= t)
			lo = mid;
		else
			hi = mid;
	}
	{
		const struct auto_point *a = &l->pt[lo], *b = &l->pt[hi];
		double span = b->t - a->t;
		if (span <= 0)
			return b->v;
		if (isinf(a->v) || isinf(b->v)) /* -inf dB: jump at the far end */
			return t < b->t ? a->v : b->v;
		return a->v + (b->v - a->v) * (t - a->t) / span;
	}
}

double lane_step(const struct auto_lane *l, double t)
{
	int lo = 0, hi = l->n;
	if (l->n == 0 || t < l->pt[0].t)
		return 0;
	/* the last point at or before t */
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (l->pt[mid].t <= t)
			lo = mid;
		else
			hi = mid;
	}
	return l->pt[lo].v;
}

struct auto_lane *strip_lane(struct strip *s, enum param_id id, int send)
{
	switch (id) {
	case P_AUTO_GAIN: case P_GAIN: return &s->lane_gain;
	case P_AUTO_PAN: case P_PAN: return &s->lane_pan;
	case P_AUTO_MUTE: case P_MUTE: return &s->lane_mute;
	case P_AUTO_WIDTH: case P_WIDTH: return &s->lane_width;
	case P_AUTO_SEND: case P_SEND: return send >= 0 && send < s->nsends ? &s->sends[send].lane : NULL;
	default: return NULL;
	}
}

int strip_auto_mode(const struct strip *s)
{
	int m = (int)s->v[P_AUTO_MODE];
	return m >= 0 && m < AM_COUNT ? m : AM_READ;
}

bool strip_has_lanes(const struct strip *s)
{
	if (s->lane_gain.n || s->lane_pan.n || s->lane_mute.n || s->lane_width.n)
		return true;
	for (int i = 0; i < s->nsends; i++)
		if (s->sends[i].lane.n)
			return true;
	return insert_has_lanes(s);
}

size_t strip_text_size(const struct strip *s)
{
	/* a point is at most "H:MM:SS.sss -inf dB, " (~40 bytes) */
	size_t n = (size_t)s->lane_gain.n + (size_t)s->lane_pan.n + (size_t)s->lane_mute.n + (size_t)s->lane_width.n;
	for (int i = 0; i < s->nsends; i++)
		if ((size_t)s->sends[i].lane.n > n)
			n = (size_t)s->sends[i].lane.n;
	for (int i = 0; i < s->ninserts; i++) /* a label may be long: 80 bytes a point */
		for (int k = 0; s->inserts[i].lane && k < s->inserts[i].unit->nparams; k++)
			if ((size_t)s->inserts[i].lane[k].n * 2 > n)
				n = (size_t)s->inserts[i].lane[k].n * 2;
	return 4096 + 48 * n;
}

unsigned strip_scope(const struct strip *s)
{
	switch (s->kind) {
	case SK_TRACK: return SC_TRACK;
	case SK_BUS: return s->fx == FX_NONE ? SC_GROUP : SC_FXBUS;
	case SK_MASTER: return SC_MASTER;
	case SK_PROJECT: return SC_PROJECT;
	}
	return 0;
}

