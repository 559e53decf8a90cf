/* project_keys.c — reading and writing one key of a strip as text: the
 * single path by which the loader, the `:set` command and the detail
 * panel change the model, and by which saving renders it (project.h). */
#include "project.h"
#include "dsp/eq.h"
#include "tmix.h"
#include "units.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define eq_names eq_type_names

static char *trimmed(const char *s)
{
	size_t n;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static int fail(char *err, size_t errlen, const char *fmt, const char *a)
{
	snprintf(err, errlen, fmt, a);
	return -1;
}

/* "bell 1 kHz +6 dB q 1.2", "lowshelf 100 Hz +3", "notch 60 Hz q 8", "off".
 * Tokens are split on spaces, and a unit word is glued to the number before
 * it, so "1 kHz" and "1kHz" read the same. */
static bool in_range(enum eq_field f, double v)
{
	return v >= eq_ranges[f].min && v <= eq_ranges[f].max;
}

static int parse_eq(const char *text, struct eq_band *b, char *err, size_t errlen)
{
	char *s = trimmed(text), *tok[8], *save = NULL;
	int nt = 0, i, rc = -1;
	struct eq_band nb = {EQT_OFF, 1000, 0, 1};
	char joined[8][32];
	int nj = 0;

	for (char *t = strtok_r(s, " \t", &save); t && nt < 8; t = strtok_r(NULL, " \t", &save))
		tok[nt++] = t;
	if (nt == 1 && !units_casecmp(tok[0], "off")) {
		*b = nb;
		free(s);
		return 0;
	}
	if (nt == 0)
		goto bad;
	for (i = 1; i < 5; i++)
		if (!units_casecmp(tok[0], eq_names[i]))
			nb.type = (enum eq_type)i;
	if (nb.type == EQT_OFF)
		goto bad;
	for (i = 1; i < nt; i++) {
		bool unit = isalpha((unsigned char)tok[i][0]) && units_casecmp(tok[i], "q");
		if (unit && nj > 0 && strlen(joined[nj - 1]) + strlen(tok[i]) < 30)
			strcat(joined[nj - 1], tok[i]);
		else if (nj < 8)
			snprintf(joined[nj++], 32, "%s", tok[i]);
	}
	if (nj < 1 || units_parse_hz(joined[0], &nb.freq) || !in_range(EQF_FREQ, nb.freq))
		goto bad;
	nb.q = nb.type == EQT_NOTCH ? 4 : 1;
	i = 1;
	if (i < nj && units_casecmp(joined[i], "q")) {
		if (units_parse_db(joined[i], &nb.gain, false) || !in_range(EQF_GAIN, nb.gain))
			goto bad;
		i++;
	}
	if (i < nj) {
		const char *qv;
		if (!units_casecmp(joined[i], "q") && i + 1 < nj)
			qv = joined[++i];
		else if ((joined[i][0] == 'q' || joined[i][0] == 'Q') && joined[i][1])
			qv = joined[i] + 1;
		else
			goto bad;
		if (units_parse_number(qv, &nb.q) || !in_range(EQF_Q, nb.q))
			goto bad;
		i++;
	}
	if (i != nj)
		goto bad;
	if ((nb.type == EQT_BELL || nb.type == EQT_LOWSHELF || nb.type == EQT_HIGHSHELF) && nj < 2)
		goto bad;
	*b = nb;
	rc = 0;
bad:
	if (rc) {
		char f0[32], f1[32], q0[32], q1[32];
		units_fmt_hz(f0, sizeof f0, eq_ranges[EQF_FREQ].min);
		units_fmt_hz(f1, sizeof f1, eq_ranges[EQF_FREQ].max);
		units_fmt_number(q0, sizeof q0, eq_ranges[EQF_Q].min);
		units_fmt_number(q1, sizeof q1, eq_ranges[EQF_Q].max);
		snprintf(err, errlen, "must be TYPE FREQ [GAIN] [q Q]: TYPE %s, %s, %s or %s, FREQ %s..%s, "
			 "GAIN %+g..%+g dB, Q %s..%s; or off", eq_names[1], eq_names[2], eq_names[3], eq_names[4],
			 f0, f1, eq_ranges[EQF_GAIN].min, eq_ranges[EQF_GAIN].max, q0, q1);
	}
	free(s);
	return rc;
}

void eq_band_step(struct eq_band *b, int field, int dir, bool coarse)
{
	switch (field) {
	case EQF_FREQ:
		b->freq = eq_clamp(EQF_FREQ, param_grid_hz(b->freq, dir * (coarse ? 4 : 1)));
		break;
	case EQF_GAIN:
		b->gain = eq_clamp(EQF_GAIN, round(b->gain * 2) / 2 + dir * (coarse ? 3 : 0.5));
		break;
	case EQF_Q:
		b->q = eq_clamp(EQF_Q, param_grid_q(b->q, dir * (coarse ? 4 : 1)));
		break;
	}
}

char *eq_band_format(const struct eq_band *b, char *buf, size_t n)
{
	char f[32], g[32], q[32];
	if (b->type == EQT_OFF) {
		snprintf(buf, n, "off");
		return buf;
	}
	units_fmt_hz(f, sizeof f, b->freq);
	units_fmt_db(g, sizeof g, b->gain);
	units_fmt_number(q, sizeof q, b->q);
	if (b->type == EQT_NOTCH)
		snprintf(buf, n, "notch %s q %s", f, q);
	else if (b->type == EQT_BELL)
		snprintf(buf, n, "bell %s %s q %s", f, g, q);
	else
		snprintf(buf, n, "%s %s %s", eq_names[b->type], f, g);
	return buf;
}

/* Value parser of one lane point, by lane kind. */
static int lane_point(enum param_id id, const char *text, double *v)
{
	bool b;
	switch (id) {
	case P_AUTO_PAN:
		return units_parse_pan(text, v) || *v < -100 || *v > 100 ? -1 : 0;
	case P_AUTO_MUTE:
		if (units_parse_bool(text, &b))
			return -1;
		*v = b;
		return 0;
	case P_AUTO_WIDTH:
		return units_parse_pct(text, v) || *v < 0 || *v > 200 ? -1 : 0;
	default:
		if (units_parse_db(text, v, true))
			return -1;
		return !isinf(*v) && (*v < -90 || *v > 12) ? -1 : 0;
	}
}

static int parse_lane(enum param_id id, const char *text, struct auto_lane *out, char *err, size_t errlen)
{
	struct auto_lane l = {0};
	char *s = xstrdup(text), *save = NULL;
	const char *what = id == P_AUTO_PAN ? "PAN (-100..100, L30, C, R30)"
		: id == P_AUTO_MUTE ? "yes|no" : id == P_AUTO_WIDTH ? "% (0..200)" : "dB (-90..+12 or -inf)";
	int cap = 0;

	for (char *pt = strtok_r(s, ",", &save); pt; pt = strtok_r(NULL, ",", &save)) {
		char *item = trimmed(pt), *sp;
		double t, v;
		int bad;
		if (!*item) {
			free(item);
			continue;
		}
		sp = strpbrk(item, " \t");
		bad = !sp;
		if (!bad) {
			*sp = 0;
			bad = units_parse_time(item, &t) || lane_point(id, sp + 1, &v);
			/* "-6 dB", "50 %": the save writes the unit back */
			if (!bad && (id == P_AUTO_WIDTH ? strchr(sp + 1, '%') != NULL
				     : id != P_AUTO_PAN && id != P_AUTO_MUTE && strpbrk(sp + 1, "dD")))
				l.units = true;
		}
		if (!bad && l.n && t < l.pt[l.n - 1].t) {
			snprintf(err, errlen, "times must not go backwards (%s after %g s)", item, l.pt[l.n - 1].t);
			free(item);
			goto fail;
		}
		free(item);
		if (bad) {
			snprintf(err, errlen, "must be a comma-separated list of TIME VALUE points, "
				 "TIME as SS.sss or M:SS.sss, VALUE %s", what);
			goto fail;
		}
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

static char *format_lane(enum param_id id, const struct auto_lane *l, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = 0;
	for (int i = 0; i < l->n && used + 1 < n; i++) {
		char t[32], v[32];
		units_fmt_time(t, sizeof t, l->pt[i].t);
		if (id == P_AUTO_PAN)
			units_fmt_pan(v, sizeof v, l->pt[i].v);
		else if (id == P_AUTO_MUTE)
			units_fmt_bool(v, sizeof v, l->pt[i].v != 0);
		else if (isinf(l->pt[i].v))
			snprintf(v, sizeof v, "-inf%s", l->units ? " dB" : "");
		else {
			units_fmt_number(v, sizeof v, l->pt[i].v);
			if (l->units)
				strcat(v, id == P_AUTO_WIDTH ? " %" : " dB");
		}
		used += (size_t)snprintf(buf + used, n - used, "%s%s %s", i ? ", " : "", t, v);
	}
	return buf;
}

static struct send *find_send(const struct strip *s, const char *bus)
{
	for (int i = 0; i < s->nsends; i++)
		if (!strcmp(s->sends[i].bus_name, bus))
			return &s->sends[i];
	return NULL;
}

static struct send *get_send(struct strip *s, const char *bus)
{
	struct send *x = find_send(s, bus);
	if (x)
		return x;
	s->sends = xrealloc(s->sends, sizeof *s->sends * (size_t)(s->nsends + 1));
	x = &s->sends[s->nsends++];
	*x = (struct send){xstrdup(bus), -1, -INFINITY, false, {0, NULL, false}};
	return x;
}

int strip_set(struct project *p, struct strip *s, const char *key, const char *text,
	      char *err, size_t errlen)
{
	const char *suffix;
	int id = param_lookup(key, &suffix);
	char *v;
	int rc = 0;

	if (id < 0)
		return fail(err, errlen, "unknown key '%s'", key);
	if (param_is_scalar((enum param_id)id)) {
		double x;
		enum param_mode m;
		if (param_parse((enum param_id)id, text, &x, &m, err, errlen))
			return -1;
		if (m == PM_VALUE || m == PM_NOTE)
			s->v[id] = x;
		s->mode[id] = m;
		return 0;
	}
	v = trimmed(text);
	switch (param_defs[id].type) {
	case PT_TEXT:
		free(s->name);
		s->name = v;
		return 0;
	case PT_PATH:
		if (!*v) {
			rc = fail(err, errlen, "must name a file%s", "");
			break;
		}
		if (s->kind == SK_PROJECT)
			break;
		free(s->file);
		s->file = v;
		return 0;
	case PT_COLOUR: {
		double x;
		int c = -2;
		for (int i = 0; i < 256 && c == -2; i++)
			if (colour_name(i) && !units_casecmp(v, colour_name(i)))
				c = i;
		if (!units_casecmp(v, "gray"))
			c = 244;
		if (c == -2 && !units_parse_number(v, &x) && x >= 0 && x <= 255 && x == floor(x))
			c = (int)x;
		if (c == -2)
			rc = fail(err, errlen, "must be red, green, yellow, blue, magenta, cyan, white, "
				  "orange, purple, pink, grey or 0-255%s", "");
		else
			s->colour = c;
		break;
	}
	case PT_BUSREF:
		free(s->output_name);
		s->output_name = NULL;
		s->output = MASTER_OUT;
		if (!*v)
			rc = fail(err, errlen, "must be master or the name of a group bus%s", "");
		else if (units_casecmp(v, "master")) {
			s->output_name = v;
			return 0;
		}
		break;
	case PT_KEYREF: {
		int w = id == P_COMP_KEY;
		free(s->key_name[w]);
		s->key_name[w] = NULL;
		s->key[w] = -1;
		if (*v && units_casecmp(v, "none")) {
			s->key_name[w] = v;
			return 0;
		}
		break;
	}
	case PT_FXKIND:
		if (!units_casecmp(v, "reverb"))
			s->fx = FX_REVERB;
		else if (!units_casecmp(v, "delay"))
			s->fx = FX_DELAY;
		else if (!units_casecmp(v, "none") || !*v)
			s->fx = FX_NONE;
		else
			rc = fail(err, errlen, "must be reverb or delay (or none for a group bus), not '%s'", v);
		break;
	case PT_LOOP: {
		/* times never contain '-', so the first one splits START - END */
		char *dash = strchr(v, '-'), *tail;
		double a, b;
		bool off = false;
		if (!units_casecmp(v, "off")) { /* no region */
			s->mode[P_LOOP] = PM_OFF;
			s->v[P_LOOP] = 0;
			p->loop_end = 0;
			break;
		}
		/* START - END off: the region kept, looping switched off (L) */
		tail = v + strlen(v);
		while (tail > v && (tail[-1] == ' ' || tail[-1] == '\t'))
			tail--;
		if (tail - v > 4 && !units_casecmp(tail - 3, "off") && (tail[-4] == ' ' || tail[-4] == '\t')) {
			off = true;
			tail[-4] = 0;
		}
		if (dash)
			*dash = 0;
		if (!dash || units_parse_time(v, &a) || units_parse_time(dash + 1, &b))
			rc = fail(err, errlen, "must be START - END, e.g. 0:40 - 1:20, START - END off, or off%s", "");
		else if (b <= a)
			rc = fail(err, errlen, "must end after it starts%s", "");
		else {
			s->v[P_LOOP] = a;
			s->mode[P_LOOP] = off ? PM_OFF : PM_VALUE;
			p->loop_end = b;
		}
		break;
	}
	case PT_EQ: {
		char *end;
		long i = strtol(suffix, &end, 10);
		if (*end || i < 1 || i > EQ_BANDS)
			rc = fail(err, errlen, "EQ bands are eq.1 to eq.8, not eq.%s", suffix);
		else
			rc = parse_eq(v, &s->eq[i - 1], err, errlen);
		break;
	}
	case PT_SEND: {
		double lvl;
		bool pre = false;
		size_t n = strlen(v);
		if (n >= 3 && !units_casecmp(v + n - 3, "pre") && (n == 3 || isspace((unsigned char)v[n - 4]))) {
			pre = true;
			v[n - 3] = 0;
		}
		if (units_parse_db(v, &lvl, true) || (!isinf(lvl) && (lvl < -90 || lvl > 12)))
			rc = fail(err, errlen, "must be a level of -90..+12 dB or -inf, optionally followed by pre%s", "");
		else {
			struct send *x = get_send(s, suffix);
			x->level = lvl;
			x->pre = pre;
		}
		break;
	}
	case PT_LANE: {
		struct auto_lane *l = id == P_AUTO_SEND ? NULL : strip_lane(s, (enum param_id)id, -1);
		if (id == P_AUTO_INSERT) {
			rc = insert_lane_set(s, suffix, v, err, errlen);
			break;
		}
		if (!l) {
			struct send *x = find_send(s, suffix);
			if (!x) { /* automation may come before the send's own key */
				x = get_send(s, suffix);
				x->level = 0;
			}
			l = &x->lane;
		}
		rc = parse_lane((enum param_id)id, v, l, err, errlen);
		break;
	}
	case PT_INSERT:
		rc = insert_key_set(s, suffix, v, err, errlen);
		break;
	default:
		rc = fail(err, errlen, "cannot set %s", key);
	}
	free(v);
	return rc;
}

char *strip_get(const struct project *p, const struct strip *s, const char *key, char *buf, size_t n)
{
	const char *suffix;
	int id = param_lookup(key, &suffix);

	if (id < 0)
		return NULL;
	if (param_is_scalar((enum param_id)id))
		return param_format((enum param_id)id, s->v[id], s->mode[id], buf, n);
	switch (param_defs[id].type) {
	case PT_TEXT: snprintf(buf, n, "%s", s->name ? s->name : ""); return buf;
	case PT_PATH: snprintf(buf, n, "%s", s->file ? s->file : ""); return buf;
	case PT_COLOUR:
		if (s->colour < 0)
			snprintf(buf, n, "auto");
		else if (colour_name(s->colour))
			snprintf(buf, n, "%s", colour_name(s->colour));
		else
			snprintf(buf, n, "%d", s->colour);
		return buf;
	case PT_BUSREF: snprintf(buf, n, "%s", s->output_name ? s->output_name : "master"); return buf;
	case PT_KEYREF: snprintf(buf, n, "%s", s->key_name[id == P_COMP_KEY] ? s->key_name[id == P_COMP_KEY] : "none"); return buf;
	case PT_FXKIND: snprintf(buf, n, "%s", s->fx == FX_REVERB ? "reverb" : s->fx == FX_DELAY ? "delay" : "none"); return buf;
	case PT_LOOP: {
		char a[32], b[32];
		if (s->mode[P_LOOP] == PM_OFF && p->loop_end <= s->v[P_LOOP])
			snprintf(buf, n, "off");
		else
			snprintf(buf, n, "%s - %s%s", units_fmt_time(a, sizeof a, s->v[P_LOOP]),
				 units_fmt_time(b, sizeof b, p->loop_end), s->mode[P_LOOP] == PM_OFF ? " off" : "");
		return buf;
	}
	case PT_EQ: {
		long i = strtol(suffix, NULL, 10);
		return i >= 1 && i <= EQ_BANDS ? eq_band_format(&s->eq[i - 1], buf, n) : NULL;
	}
	case PT_SEND: {
		const struct send *x = find_send(s, suffix);
		char l[32];
		if (!x)
			return NULL;
		if (isinf(x->level))
			snprintf(l, sizeof l, "-inf dB");
		else
			units_fmt_db(l, sizeof l, x->level);
		snprintf(buf, n, "%s%s", l, x->pre ? " pre" : "");
		return buf;
	}
	case PT_LANE: {
		const struct auto_lane *l = id == P_AUTO_SEND ? NULL : strip_lane((struct strip *)s, (enum param_id)id, -1);
		if (id == P_AUTO_INSERT)
			return insert_lane_get(s, suffix, buf, n);
		if (!l) {
			const struct send *x = find_send(s, suffix);
			if (!x)
				return NULL;
			l = &x->lane;
		}
		return format_lane((enum param_id)id, l, buf, n);
	}
	case PT_INSERT:
		return insert_key_get(s, suffix, buf, n);
	default:
		return NULL;
	}
}

void strip_emit(const struct project *p, const struct strip *s,
		void (*emit)(void *ctx, const char *key, const char *value), void *ctx)
{
	unsigned scope = strip_scope(s);
	size_t cap = 1 << 16;
	char *buf = xmalloc(cap), key[300];

	for (int id = 0; id < P_COUNT; id++) {
		const struct param_def *d = &param_defs[id];
		if (!(d->scope & scope) && !(s->kind == SK_BUS && (d->scope & SC_BUS)))
			continue;
		if (s->kind == SK_BUS && s->fx != FX_REVERB && !strncmp(d->key, "reverb.", 7))
			continue;
		if (s->kind == SK_BUS && s->fx != FX_DELAY && !strncmp(d->key, "delay.", 6))
			continue;
		if (id == P_NAME && s->kind != SK_PROJECT)
			continue;
		if (d->type == PT_LANE && s->nsends == 0 && id == P_AUTO_SEND)
			continue;
		if (id == P_EQ) {
			for (int i = 1; i <= EQ_BANDS; i++) {
				snprintf(key, sizeof key, "eq.%d", i);
				emit(ctx, key, strip_get(p, s, key, buf, cap));
			}
		} else if (id == P_INSERT) {
			insert_key_emit(s, emit, ctx);
		} else if (id == P_AUTO_INSERT) {
			insert_lane_emit(s, emit, ctx);
		} else if (id == P_SEND || id == P_AUTO_SEND) {
			for (int i = 0; i < s->nsends; i++) {
				snprintf(key, sizeof key, "%s.%s", d->key, s->sends[i].bus_name);
				emit(ctx, key, strip_get(p, s, key, buf, cap));
			}
		} else {
			emit(ctx, d->key, strip_get(p, s, d->key, buf, cap));
		}
	}
	free(buf);
}
