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
}

static void insert_init(struct insert *in, const struct unit_desc *d, const char *spec)
{
	*in = (struct insert){.unit = d, .spec = xstrdup(spec)};
	in->v = d->nparams ? xmalloc(sizeof *in->v * (size_t)d->nparams) : NULL;
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
