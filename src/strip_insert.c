/* strip_insert.c — the insert.N keys of a strip (project.h): the unit a
 * slot holds, its parameters and its bypass, read and written as text
 * through the unit's own parameter table (dsp/unit.h), so a unit added
 * to the registry needs nothing here. Any thread but the audio callback. */
#include "project.h"
#include "dsp/unit.h"
#include "strip_insert.h"
#include "tmix.h"
#include "units.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void insert_release(struct insert *in)
{
	for (int k = 0; in->lane && k < in->unit->nparams; k++)
		lane_free(&in->lane[k]);
	free(in->lane);
	free(in->spec);
	free(in->v);
	free(in->state);
	*in = (struct insert){0};
}

void insert_copy(struct insert *dst, const struct insert *src)
{
	*dst = *src;
	dst->spec = src->spec ? xstrdup(src->spec) : NULL;
	dst->state = src->state ? xstrdup(src->state) : NULL;
	dst->v = NULL;
	if (src->unit && src->unit->nparams) {
		dst->v = xmalloc(sizeof *dst->v * (size_t)src->unit->nparams);
		memcpy(dst->v, src->v, sizeof *dst->v * (size_t)src->unit->nparams);
	}
	dst->lane = NULL;
	if (src->lane) {
		dst->lane = xcalloc((size_t)src->unit->nparams, sizeof *dst->lane);
		for (int k = 0; k < src->unit->nparams; k++)
			lane_copy(&dst->lane[k], &src->lane[k]);
	}
}

static void insert_init(struct insert *in, const struct unit_desc *d, const char *spec)
{
	*in = (struct insert){.unit = d, .spec = xstrdup(spec)};
	in->v = d->nparams ? xmalloc(sizeof *in->v * (size_t)d->nparams) : NULL;
	in->lane = d->nparams ? xcalloc((size_t)d->nparams, sizeof *in->lane) : NULL;
	for (int i = 0; i < d->nparams; i++)
		in->v[i] = d->params[i].def;
}

/* "3" or "3.rest": the slot number and where the rest starts. */
static int slot_number(const char *suffix, const char **rest)
{
	long n = 0;
	const char *p = suffix;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p) && n < 1000)
		n = n * 10 + (*p++ - '0');
	if (*p && *p != '.')
		return -1;
	*rest = *p == '.' ? p + 1 : NULL;
	return (int)n;
}

int insert_key_parse(const struct strip *s, const char *suffix, int *slot, int *param)
{
	const char *rest;
	int n = slot_number(suffix, &rest);
	if (n < 1 || n > s->ninserts)
		return -1;
	*slot = n - 1;
	if (!rest) {
		*param = INSERT_UNIT;
		return 0;
	}
	if (!units_casecmp(rest, "bypass")) {
		*param = INSERT_BYPASS;
		return 0;
	}
	*param = unit_param_find(s->inserts[n - 1].unit, rest);
	return *param < 0 ? -1 : 0;
}

char *insert_param_format(const struct unit_param *p, double v, char *buf, size_t n)
{
	char num[64];
	switch (p->kind) {
	case UPK_ENUM: {
		int i = (int)v;
		snprintf(buf, n, "%s", i >= 0 && i <= (int)p->max && p->labels ? p->labels[i] : "?");
		return buf;
	}
	case UPK_TOGGLE:
		snprintf(buf, n, "%s", v >= 0.5 ? "on" : "off");
		return buf;
	default:
		if (!strcmp(p->unit, "dB"))
			return units_fmt_db(buf, n, v);
		if (!strcmp(p->unit, "Hz"))
			return units_fmt_hz(buf, n, v);
		units_fmt_number(num, sizeof num, v);
		snprintf(buf, n, "%s%s%s", num, *p->unit ? " " : "", p->unit);
		return buf;
	}
}

/* The range in words, for messages: "-48 dB .. +24 dB", "stereo, swap, mono". */
static void describe(const struct unit_param *p, char *buf, size_t n)
{
	char a[48], b[48];
	size_t len = 0;
	switch (p->kind) {
	case UPK_ENUM:
		buf[0] = 0;
		for (int i = 0; i <= (int)p->max && p->labels && p->labels[i] && len < n; i++)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "", p->labels[i]);
		return;
	case UPK_TOGGLE:
		snprintf(buf, n, "on or off");
		return;
	default:
		snprintf(buf, n, "%s%s to %s", p->kind == UPK_STEPPED ? "a whole number from " : "",
			 insert_param_format(p, p->min, a, sizeof a), insert_param_format(p, p->max, b, sizeof b));
	}
}

int insert_param_parse(const struct unit_param *p, const char *text, double *v, char *err, size_t errlen)
{
	char what[256], num[128];
	size_t len;
	bool b;
	int bad;

	describe(p, what, sizeof what);
	switch (p->kind) {
	case UPK_ENUM:
		for (int i = 0; i <= (int)p->max && p->labels && p->labels[i]; i++)
			if (!units_casecmp(text, p->labels[i])) {
				*v = i;
				return 0;
			}
		snprintf(err, errlen, "must be one of %s", what);
		return -1;
	case UPK_TOGGLE:
		if (units_parse_bool(text, &b)) {
			snprintf(err, errlen, "must be %s", what);
			return -1;
		}
		*v = b;
		return 0;
	default:
		/* the unit is optional: "-3 dB", "-3dB" and "-3" read the same */
		snprintf(num, sizeof num, "%s", text);
		len = strlen(num);
		if (*p->unit && len > strlen(p->unit) && !units_casecmp(num + len - strlen(p->unit), p->unit))
			num[len -= strlen(p->unit)] = 0;
		while (len && isspace((unsigned char)num[len - 1]))
			num[--len] = 0;
		if (!strcmp(p->unit, "dB"))
			bad = units_parse_db(text, v, false);
		else if (!strcmp(p->unit, "Hz"))
			bad = units_parse_hz(text, v);
		else if (!strcmp(p->unit, "ms"))
			bad = units_parse_ms(text, v);
		else
			bad = units_parse_number(num, v);
		if (bad || !isfinite(*v) || *v < p->min || *v > p->max ||
		    (p->kind == UPK_STEPPED && *v != floor(*v))) {
			snprintf(err, errlen, "must be %s", what);
			return -1;
		}
		return 0;
	}
}

double insert_param_step(const struct unit_param *p, double v, int dir, bool coarse)
{
	double st = coarse ? p->coarse : p->step;
	if (p->kind == UPK_TOGGLE)
		v = v >= 0.5 ? 0 : 1;
	else if (p->kind == UPK_ENUM) /* wraps, as a choice list does */
		v = fmod(v + dir + p->max + 1, p->max + 1);
	else if (p->log)
		v = param_grid(v, !strcmp(p->unit, "Hz") ? 1000 : 1, 12, dir * (int)(st > 0 ? st : 1));
	else
		v = round(v / st) * st + dir * st;
	return v < p->min ? p->min : v > p->max ? p->max : v;
}

/* Every parameter of a unit, for "has no parameter" messages. */
static void list_params(const struct unit_desc *d, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = 0;
	for (int i = 0; i < d->nparams && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s, ", d->params[i].sym);
	if (len < n)
		snprintf(buf + len, n - len, "bypass");
}

int insert_key_set(struct strip *s, const char *suffix, const char *text, char *err, size_t errlen)
{
	const char *rest;
	int n = slot_number(suffix, &rest), k;
	struct insert *in;
	char list[512];

	if (n < 1 || n > STRIP_MAX_INSERTS) {
		snprintf(err, errlen, "inserts are insert.1 to insert.%d, then .PARAM or .bypass; not insert.%s",
			 STRIP_MAX_INSERTS, suffix);
		return -1;
	}
	if (n > s->ninserts + (rest ? 0 : 1)) {
		if (rest)
			snprintf(err, errlen, "insert.%d = UNIT must come before its parameters", n);
		else
			snprintf(err, errlen, "insert.%d comes before insert.%d: number the inserts 1, 2, 3 in order",
				 n, s->ninserts + 1);
		return -1;
	}
	if (!rest) {
		const struct unit_desc *d = unit_resolve(text, err, errlen);
		if (!d)
			return -1;
		if (n <= s->ninserts && s->inserts[n - 1].unit == d) {
			free(s->inserts[n - 1].spec);
			s->inserts[n - 1].spec = xstrdup(text);
			return 0;
		}
		if (n > s->ninserts) {
			s->inserts = xrealloc(s->inserts, sizeof *s->inserts * (size_t)(s->ninserts + 1));
			s->ninserts++;
		} else {
			insert_release(&s->inserts[n - 1]);
		}
		insert_init(&s->inserts[n - 1], d, text);
		return 0;
	}
	in = &s->inserts[n - 1];
	if (!units_casecmp(rest, "bypass")) {
		bool b;
		if (units_parse_bool(text, &b)) {
			snprintf(err, errlen, "must be on or off");
			return -1;
		}
		in->bypass = b;
		return 0;
	}
	if (!units_casecmp(rest, "state")) {
		if (!in->unit->state_restore) {
			snprintf(err, errlen, "%s keeps no state beyond its parameters; insert.%d.state does not apply",
				 in->unit->name, n);
			return -1;
		}
		if (!*text) {
			snprintf(err, errlen, "insert.%d.state names the plugin's state folder; it is empty", n);
			return -1;
		}
		free(in->state);
		in->state = xstrdup(text);
		return 0;
	}
	k = unit_param_find(in->unit, rest);
	if (k < 0) {
		list_params(in->unit, list, sizeof list);
		snprintf(err, errlen, "%s has no parameter '%s'; its parameters are %s", in->unit->name, rest, list);
		return -1;
	}
	return insert_param_parse(&in->unit->params[k], text, &in->v[k], err, errlen);
}

char *insert_key_get(const struct strip *s, const char *suffix, char *buf, size_t n)
{
	int slot, k;
	const char *rest;
	slot = slot_number(suffix, &rest);
	if (rest && !units_casecmp(rest, "state")) /* not a parameter: insert_key_parse leaves it out */
		return slot >= 1 && slot <= s->ninserts && s->inserts[slot - 1].state
			       ? (snprintf(buf, n, "%s", s->inserts[slot - 1].state), buf)
			       : NULL;
	if (insert_key_parse(s, suffix, &slot, &k))
		return NULL;
	if (k == INSERT_UNIT)
		snprintf(buf, n, "%s", s->inserts[slot].spec);
	else if (k == INSERT_BYPASS)
		snprintf(buf, n, "%s", s->inserts[slot].bypass ? "on" : "off");
	else
		insert_param_format(&s->inserts[slot].unit->params[k], s->inserts[slot].v[k], buf, n);
	return buf;
}

void insert_key_emit(const struct strip *s, void (*emit)(void *ctx, const char *key, const char *value),
		     void *ctx)
{
	char key[300], val[256];
	for (int i = 0; i < s->ninserts; i++) {
		const struct insert *in = &s->inserts[i];
		snprintf(key, sizeof key, "insert.%d", i + 1);
		emit(ctx, key, in->spec);
		for (int k = 0; k < in->unit->nparams; k++) {
			snprintf(key, sizeof key, "insert.%d.%s", i + 1, in->unit->params[k].sym);
			emit(ctx, key, insert_param_format(&in->unit->params[k], in->v[k], val, sizeof val));
		}
		snprintf(key, sizeof key, "insert.%d.bypass", i + 1);
		emit(ctx, key, in->bypass ? "on" : "off");
		if (in->state) {
			snprintf(key, sizeof key, "insert.%d.state", i + 1);
			emit(ctx, key, in->state);
		}
	}
}

/* ---- auto.insert.N.PARAM: lanes of an insert's parameters ---- */

double insert_lane_value(const struct unit_param *p, const struct auto_lane *l, double t)
{
	double v;
	if (p->kind == UPK_ENUM || p->kind == UPK_TOGGLE) /* a choice switches, it never passes between */
		return l->n && t < l->pt[0].t ? l->pt[0].v : lane_step(l, t);
	v = lane_value(l, t);
	return p->kind == UPK_STEPPED ? floor(v + 0.5) : v;
}

struct auto_lane *insert_lane(const struct strip *s, int slot, int param)
{
	if (slot < 0 || slot >= s->ninserts || param < 0 || param >= s->inserts[slot].unit->nparams ||
	    !s->inserts[slot].lane)
		return NULL;
	return &s->inserts[slot].lane[param];
}

bool insert_has_lanes(const struct strip *s)
{
	for (int i = 0; i < s->ninserts; i++)
		for (int k = 0; s->inserts[i].lane && k < s->inserts[i].unit->nparams; k++)
			if (s->inserts[i].lane[k].n)
				return true;
	return false;
}

/* "-20 dB", "7kHz", "50 %": a value written with its unit. */
static bool has_unit(const char *val)
{
	for (; *val; val++)
		if (isalpha((unsigned char)*val) || *val == '%')
			return true;
	return false;
}

/* A lane's values are the parameter's own: a label, on/off (yes/no), or
 * a number in its range; "-20 dB" and "-20" read the same, and a unit
 * written is written back. */
static int lane_points(const struct unit_param *p, const char *text, struct auto_lane *out, char *err,
		       size_t errlen)
{
	struct auto_lane l = {0};
	char *s = xstrdup(text), *save = NULL, what[256];
	int cap = 0;

	for (char *it = strtok_r(s, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
		char *sp, *val, why[256];
		double t, v;
		size_t len;
		while (isspace((unsigned char)*it))
			it++;
		len = strlen(it);
		while (len && isspace((unsigned char)it[len - 1]))
			it[--len] = 0;
		if (!*it)
			continue;
		sp = strpbrk(it, " \t");
		if (!sp || (*sp = 0, units_parse_time(it, &t))) {
			describe(p, what, sizeof what);
			snprintf(err, errlen, "must be a comma-separated list of TIME VALUE points, TIME as SS.sss or "
				 "M:SS.sss, VALUE %s%s", p->kind == UPK_TOGGLE ? "yes or no" : what,
				 p->kind == UPK_ENUM ? " (one of them)" : "");
			goto fail;
		}
		for (val = sp + 1; isspace((unsigned char)*val); val++)
			;
		if (insert_param_parse(p, val, &v, why, sizeof why)) {
			snprintf(err, errlen, "the point %s %s: %s", it, val, why);
			goto fail;
		}
		if (l.n && t < l.pt[l.n - 1].t) {
			snprintf(err, errlen, "times must not go backwards (%s after %g s)", it, l.pt[l.n - 1].t);
			goto fail;
		}
		if ((p->kind == UPK_CONTINUOUS || p->kind == UPK_STEPPED) && *p->unit && has_unit(val))
			l.units = true;
		if (l.n == cap) {
			cap = cap ? cap * 2 : 8;
			l.pt = xrealloc(l.pt, sizeof *l.pt * (size_t)cap);
		}
		l.pt[l.n++] = (struct auto_point){t, v};
	}
	free(s);
	lane_free(out);
	*out = l;
	return 0;
fail:
	free(s);
	lane_free(&l);
	return -1;
}

static char *lane_text(const struct unit_param *p, const struct auto_lane *l, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = 0;
	for (int i = 0; i < l->n && used + 1 < n; i++) {
		char t[32], v[64];
		units_fmt_time(t, sizeof t, l->pt[i].t);
		if (p->kind == UPK_TOGGLE)
			units_fmt_bool(v, sizeof v, l->pt[i].v >= 0.5);
		else if (p->kind == UPK_ENUM || l->units)
			insert_param_format(p, l->pt[i].v, v, sizeof v);
		else
			units_fmt_number(v, sizeof v, l->pt[i].v);
		used += (size_t)snprintf(buf + used, n - used, "%s%s %s", i ? ", " : "", t, v);
	}
	return buf;
}

int insert_lane_set(struct strip *s, const char *suffix, const char *text, char *err, size_t errlen)
{
	const char *rest;
	int n = slot_number(suffix, &rest), k;
	const struct insert *in;
	char list[512];

	if (n < 1 || !rest || !*rest) {
		snprintf(err, errlen, "insert lanes are auto.insert.N.PARAM (N the slot, PARAM one of its parameters); "
			 "not auto.insert.%s", suffix);
		return -1;
	}
	if (n > s->ninserts) {
		snprintf(err, errlen, "there is no insert.%d%s: insert.%d = UNIT must come before its lanes", n,
			 s->ninserts ? "" : " (the strip has no inserts)", n);
		return -1;
	}
	in = &s->inserts[n - 1];
	k = unit_param_find(in->unit, rest);
	if (k < 0) {
		size_t len = 0;
		list[0] = 0;
		for (int i = 0; i < in->unit->nparams && len < sizeof list; i++)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
						in->unit->params[i].sym);
		snprintf(err, errlen, "%s has no parameter '%s'; its parameters are %s", in->unit->name, rest,
			 in->unit->nparams ? list : "none");
		return -1;
	}
	return lane_points(&in->unit->params[k], text, &in->lane[k], err, errlen);
}

char *insert_lane_get(const struct strip *s, const char *suffix, char *buf, size_t n)
{
	const char *rest;
	int slot = slot_number(suffix, &rest), k;
	if (slot < 1 || slot > s->ninserts || !rest)
		return NULL;
	k = unit_param_find(s->inserts[slot - 1].unit, rest);
	if (k < 0)
		return NULL;
	return lane_text(&s->inserts[slot - 1].unit->params[k], &s->inserts[slot - 1].lane[k], buf, n);
}

void insert_lane_emit(const struct strip *s, void (*emit)(void *ctx, const char *key, const char *value),
		      void *ctx)
{
	size_t cap = 4096;
	char key[300], *val;
	for (int i = 0; i < s->ninserts; i++)
		for (int k = 0; k < s->inserts[i].unit->nparams; k++)
			if ((size_t)s->inserts[i].lane[k].n * 80 + 64 > cap)
				cap = (size_t)s->inserts[i].lane[k].n * 80 + 64;
	val = xmalloc(cap);
	for (int i = 0; i < s->ninserts; i++) {
		const struct insert *in = &s->inserts[i];
		for (int k = 0; k < in->unit->nparams; k++) {
			snprintf(key, sizeof key, "auto.insert.%d.%s", i + 1, in->unit->params[k].sym);
			emit(ctx, key, lane_text(&in->unit->params[k], &in->lane[k], val, cap));
		}
	}
	free(val);
}
