/* fuzz_units.c — libFuzzer target for the value parsers: every
 * units_parse_*, param_parse for every key, and strip_set with an
 * arbitrary KEY=VALUE on a fresh strip of every kind. It traps when a
 * value that parsed does not parse again from its own canonical text
 * (what a save writes must load) or does not come back the same. */
#include "params.h"
#include "project.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Says what broke, then crashes so libFuzzer keeps the input. */
#define BROKEN(...) do { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); __builtin_trap(); } while (0)

static void units_all(const char *s)
{
	char buf[64], esc[96];
	double v;
	bool b;

	if (!units_parse_number(s, &v)) units_fmt_number(buf, sizeof buf, v);
	if (!units_parse_db(s, &v, true)) units_fmt_db(buf, sizeof buf, v);
	if (!units_parse_db(s, &v, false)) units_fmt_db(buf, sizeof buf, v);
	if (!units_parse_hz(s, &v)) units_fmt_hz(buf, sizeof buf, v);
	if (!units_parse_ms(s, &v)) units_fmt_ms(buf, sizeof buf, v);
	if (!units_parse_seconds(s, &v)) units_fmt_seconds(buf, sizeof buf, v);
	if (!units_parse_pct(s, &v)) units_fmt_pct(buf, sizeof buf, v);
	if (!units_parse_pan(s, &v)) units_fmt_pan(buf, sizeof buf, v);
	if (!units_parse_bool(s, &b)) units_fmt_bool(buf, sizeof buf, b);
	if (!units_parse_ratio(s, &v)) units_fmt_ratio(buf, sizeof buf, v);
	if (!units_parse_time(s, &v)) units_fmt_time(buf, sizeof buf, v);
	units_parse_note(s, &v);
	units_escape(s, esc, sizeof esc);
	if (strlen(esc) >= sizeof esc)
		BROKEN("units_escape overran");
	units_casecmp(s, "master");
}

static void params_all(const char *s)
{
	char buf[128], err[256];
	for (int id = 0; id < P_COUNT; id++) {
		double v, v2;
		enum param_mode m, m2;
		if (!param_is_scalar((enum param_id)id) || param_parse((enum param_id)id, s, &v, &m, err, sizeof err))
			continue;
		param_format((enum param_id)id, v, m, buf, sizeof buf);
		if (param_parse((enum param_id)id, buf, &v2, &m2, err, sizeof err) || m2 != m)
			BROKEN("%s: '%s' formats as '%s', which does not parse: %s", param_defs[id].key, s, buf, err);
		param_step((enum param_id)id, v, 1, false);
		param_step((enum param_id)id, v, -1, true);
	}
}

/* KEY=VALUE on a fresh strip; what strip_get says must set the same. */
static void strip_one(struct project *p, enum strip_kind kind, const char *fx, const char *key, const char *val)
{
	struct strip *s = kind == SK_PROJECT ? &p->proj : strip_new(kind, kind == SK_MASTER ? "Master" : "X");
	struct strip *t = kind == SK_PROJECT ? NULL : strip_new(kind, "X");
	char err[512], a[4096], b[4096], *ga, *gb;

	if (fx && (strip_set(p, s, "fx", fx, err, sizeof err) || strip_set(p, t, "fx", fx, err, sizeof err)))
		BROKEN("fx = %s: %s", fx, err);
	if (!strip_set(p, s, key, val, err, sizeof err) && t && (ga = strip_get(p, s, key, a, sizeof a))) {
		if (strip_set(p, t, key, ga, err, sizeof err))
			BROKEN("%s = %s saves as '%s', which does not load: %s", key, val, ga, err);
		gb = strip_get(p, t, key, b, sizeof b);
		if (!gb || strcmp(ga, gb))
			BROKEN("%s = %s saves as '%s', then as '%s'", key, val, ga, gb ? gb : "(nothing)");
	}
	if (kind != SK_PROJECT) {
		struct project *one = project_new();
		/* strip_free is private: a project frees the strips it holds */
		one->strips = xmalloc(sizeof *one->strips * 2);
		one->strips[0] = s;
		one->strips[1] = t;
		one->nstrips = 2;
		project_free(one);
	}
	param_suggest(key, strip_scope(kind == SK_PROJECT ? &p->proj : p->strips[0]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *eq;
	const char *suffix;
	struct project *p;

	if (size > 4096)
		return 0;
	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	units_all(s);
	params_all(s);
	param_lookup(s, &suffix);
	eq = strchr(s, '=');
	if (eq) {
		*eq = 0;
		p = project_new();
		p->strips = xmalloc(sizeof *p->strips);
		p->strips[0] = strip_new(SK_MASTER, "Master");
		p->nstrips = 1;
		strip_one(p, SK_TRACK, NULL, s, eq + 1);
		strip_one(p, SK_BUS, NULL, s, eq + 1);
		strip_one(p, SK_BUS, "reverb", s, eq + 1);
		strip_one(p, SK_BUS, "delay", s, eq + 1);
		strip_one(p, SK_MASTER, NULL, s, eq + 1);
		strip_one(p, SK_PROJECT, NULL, s, eq + 1);
		project_free(p);
	}
	free(s);
	return 0;
}
