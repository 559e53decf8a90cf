/* detail_view.c — every parameter of the selected strip, listed from the
 * parameter table (param_defs filtered by strip_scope), edited with the
 * table's own steps and parser; above the list, the EQ + filter response
 * across 20 Hz–20 kHz and the dynamics' gain-reduction meters. */
#include "tui.h"
#include "analyze.h"
#include "dsp/biquad.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXROWS 96
#define GR_W(s) ((s)->kind == SK_MASTER ? 22 : 14) /* the gain-reduction panel right of the curve */

/* Keys shown for a strip, in table order: structured keys that are not
 * knobs (name, file, colour, automation lanes, fx kind) are left to the
 * file; eq.N and send.BUS are expanded. */
static int rows(const struct app *a, char keys[][48])
{
	const struct strip *s = app_strip(a);
	unsigned sc = strip_scope(s);
	int n = 0;
	for (int id = 0; id < P_COUNT && n < MAXROWS - 16; id++) {
		const struct param_def *d = &param_defs[id];
		if (!(d->scope & sc) || d->type == PT_TEXT || d->type == PT_PATH || d->type == PT_COLOUR ||
		    d->type == PT_LANE || d->type == PT_FXKIND || id == P_START)
			continue;
		if (id == P_EQ)
			for (int b = 1; b <= EQ_BANDS; b++)
				snprintf(keys[n++], 48, "eq.%d", b);
		else if (id == P_SEND) {
			for (int i = a->p->ntracks; i < a->p->nstrips - 1; i++) {
				const struct strip *bus = a->p->strips[i];
				if (bus != s && bus->fx != FX_NONE && n < MAXROWS)
					snprintf(keys[n++], 48, "send.%s", bus->name);
			}
		} else
			snprintf(keys[n++], 48, "%s", d->key);
	}
	return n;
}

static int key_id(const char *key, const char **suffix)
{
	return param_lookup(key, suffix);
}

/* ---- the response curve ---- */

static double chain_db(const struct strip *s, double rate, double f)
{
	struct biquad_coefs c;
	double db = 0;
	static const double q24[2] = {0.54120, 1.30656};
	for (int k = 0; k < 2; k++) {
		enum param_id id = k ? P_LPF : P_HPF;
		enum biquad_type t = k ? BQ_LOWPASS : BQ_HIGHPASS;
		if (s->mode[id] != PM_VALUE)
			continue;
		if (s->v[id + 1] >= 24) /* the slope key follows its filter in the table */
			for (int j = 0; j < 2; j++) {
				biquad_design(&c, t, rate, s->v[id], 0, q24[j]);
				db += biquad_response_db(&c, rate, f);
			}
		else {
			biquad_design(&c, t, rate, s->v[id], 0, M_SQRT1_2);
			db += biquad_response_db(&c, rate, f);
		}
	}
	for (int b = 0; b < EQ_BANDS; b++) {
		static const enum biquad_type map[] = {BQ_BELL, BQ_BELL, BQ_LOWSHELF, BQ_HIGHSHELF, BQ_NOTCH};
		const struct eq_band *e = &s->eq[b];
		if (e->type == EQT_OFF)
			continue;
		biquad_design(&c, map[e->type], rate, e->freq, e->gain, e->q > 0 ? e->q : 0.7071);
		db += biquad_response_db(&c, rate, f);
	}
	return db;
}

static void curve_draw(struct app *a, int y, int h, int w)
{
	static const char *const eighths[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	const struct strip *s = app_strip(a);
	double rate = project_rate(a->p), range = 12;
	int x0 = 4, cw = w - x0;
	static const struct { double f; const char *l; } ticks[] = {
		{20, "20"}, {50, "50"}, {100, "100"}, {200, "200"}, {500, "500"}, {1000, "1k"},
		{2000, "2k"}, {5000, "5k"}, {10000, "10k"}, {20000, "20k"},
	};

	/* ±12 dB unless a band reaches further: most moves are small */
	for (int b = 0; b < EQ_BANDS; b++)
		if (s->eq[b].type != EQT_OFF && fabs(s->eq[b].gain) > 10)
			range = 24;
	for (int r = 0; r < h; r++) {
		double db = range - 2 * range * r / (h - 1);
		char lab[8] = "";
		if (r == 0 || r == h - 1 || r == (h - 1) / 2)
			snprintf(lab, sizeof lab, fabs(db) < 0.5 ? "0" : "%+.0f", db);
		widget_text(y + r, 0, x0, theme_attr(R_DIM), lab);
		widget_text(y + r, x0, cw, A_NORMAL, "");
		if (r == (h - 1) / 2) {
			attrset(theme_attr(R_GRID));
			for (int x = 0; x < cw; x++)
				mvaddstr(y + r, x0 + x, a->utf8 ? "┄" : "-");
		}
	}
	for (int x = 0; x < cw; x++) {
		double f = 20 * pow(1000, (double)x / (cw - 1));
		double db = chain_db(s, rate, f);
		double pos = (range - db) / (2 * range) * (h - 1); /* rows from the top, fractional */
		int r;
		if (pos < 0) pos = 0;
		if (pos > h - 1) pos = h - 1;
		r = (int)floor(pos + 0.5);
		attrset(theme_attr(R_CURVE));
		if (a->utf8) {
			/* the curve's level within its cell, as a block of eighths */
			int k = (int)lround((r + 0.5 - pos) * 8);
			mvaddstr(y + r, x0 + x, eighths[k < 1 ? 1 : k > 8 ? 8 : k]);
		} else
			mvaddch(y + r, x0 + x, '*');
	}
	widget_text(y + h, 0, w, theme_attr(R_DIM), "");
	attrset(theme_attr(R_DIM));
	for (size_t i = 0; i < ARRAY_LEN(ticks); i++) {
		int x = x0 + (int)lround(log10(ticks[i].f / 20) / 3 * (cw - 1));
		if (x + (int)strlen(ticks[i].l) > w)
			x = w - (int)strlen(ticks[i].l);
		mvaddstr(y + h, x, ticks[i].l);
	}
	attrset(A_NORMAL);
}

static void gr_panel(struct app *a, int y, int h, int x)
{
	const struct meter_view *m = &a->mv[a->sel];
	const struct strip *s = app_strip(a);
	/* each unit apart (a gated snare's -25 is not compression); the
	 * limiter is the master's */
	struct { const char *l; float gr; bool on; } g[3] = {
		{"gate", m->gr_gate, s->mode[P_GATE_THRESHOLD] == PM_VALUE},
		{"comp", m->gr_comp, s->mode[P_COMP_THRESHOLD] == PM_VALUE},
		{"lim", m->gr_lim, s->mode[P_LIMITER] == PM_VALUE},
	};
	for (int k = 0; k < (s->kind == SK_MASTER ? 3 : 2); k++) {
		int cx = x + 1 + k * 7;
		char v[16];
		if (g[k].on)
			snprintf(v, sizeof v, "%5s", units_fmt_level((char[16]){0}, 16, g[k].gr, 1, false));
		else
			snprintf(v, sizeof v, "  off");
		widget_text(y, cx, 6, theme_attr(g[k].on ? R_TITLE : R_OFF), g[k].l);
		for (int r = 0; r < h - 2; r++) {
			double fill = (g[k].on ? fmin(1, -g[k].gr / 24.0) : 0) * (h - 2) - r;
			widget_text(y + 1 + r, cx, 6, A_NORMAL, "");
			attrset(theme_attr(R_GR));
			mvaddstr(y + 1 + r, cx + 1, fill >= 0.5 ? (a->utf8 ? "██" : "##") : "  ");
			attrset(theme_attr(R_DIM));
			if (r == 0 || r == h - 3)
				mvprintw(y + 1 + r, cx + 3, "%d", r == 0 ? 0 : -24);
		}
		widget_text(y + h - 1, cx, 6, theme_attr(R_GR), v);
	}
	attrset(A_NORMAL);
}

/* The offline analysis of this strip, two rows: where its input peaks
 * after the trim it has, with the trim change `g` would make (the
 * figure `tmix analyze` prints); then what its stem holds as recorded
 * (stem_scan.h), named only when the full text does not fit. */
static void analysis_rows(struct app *a, int y)
{
	const struct strip *s = app_strip(a);
	const struct strip_stats *st;
	char row[512], warn[256];
	double change;
	int flag;

	widget_text(y + 1, 0, COLS, A_NORMAL, "");
	if (!a->an || a->an->nstrips != a->p->nstrips) {
		widget_text(y, 0, COLS, theme_attr(R_DIM),
			    !a->an_job ? " analysis: after the edits pause" : a->utf8 ? " analysis: analysing\xe2\x80\xa6" : " analysis: analysing...");
		return;
	}
	st = &a->an->strips[a->sel];
	if (s->kind == SK_MASTER) {
		snprintf(row, sizeof row, " analysis: the mix %.1f LUFS, true peak %.1f dBTP", a->an->lufs, a->an->true_peak_db);
		widget_text(y, 0, COLS, theme_attr(R_DIM), isfinite(a->an->lufs) ? row : " analysis: the mix is silent");
		return;
	}
	if (st->silent) {
		widget_text(y, 0, COLS, theme_attr(R_DIM), " analysis: silent");
		return;
	}
	flag = analyze_staging(st, s->v[P_TRIM]);
	change = analyze_trim_change(st, s->v[P_TRIM]);
	/* rounded first: a peak a hair under 0 dBFS reads 0.0, not -0.0 */
	snprintf(row, sizeof row, " analysis: input peaks %.1f dBFS after trim, %s", round((st->in_peak_db + s->v[P_TRIM]) * 10) / 10 + 0.0,
		 flag < 0 ? "low" : flag > 0 ? "hot" : "in range");
	if (isfinite(change))
		snprintf(row + strlen(row), sizeof row - strlen(row), ": trim %+.1f dB (g)", change);
	widget_text(y, 0, COLS, theme_attr(R_DIM), row);
	if (!*stem_scan_warnings(&st->stem, s->v[P_START], warn, sizeof warn))
		return;
	snprintf(row, sizeof row, " stem: %s", warn);
	if ((int)strlen(row) > COLS)
		snprintf(row, sizeof row, " stem: %s%s%s%s%s (tmix analyze tells more)",
			 stem_scan_clipped(&st->stem) ? "clipped" : "",
			 stem_scan_clipped(&st->stem) && stem_scan_dc(&st->stem) ? ", " : "",
			 stem_scan_dc(&st->stem) ? "DC offset" : "",
			 stem_scan_rumble(&st->stem) && (stem_scan_clipped(&st->stem) || stem_scan_dc(&st->stem)) ? ", " : "",
			 stem_scan_rumble(&st->stem) ? "rumble" : "");
	widget_text(y + 1, 0, COLS, theme_attr(R_NOTICE), row);
}

void detail_draw(struct app *a)
{
	char keys[MAXROWS][48];
	int n = rows(a, keys), top = 2, avail = LINES - 4;
	int ch = avail / 2 - 1, ly, lh;
	const struct strip *s = app_strip(a);
	char title[256];

	if (ch > 14) ch = 14;
	if (ch < 5) ch = 5;
	if ((ch - 1) % 2 == 0) /* an odd curve height puts 0 dB on a row */
		ch--;
	snprintf(title, sizeof title, " %s - EQ and filters, dB over 20 Hz to 20 kHz", s->kind == SK_MASTER ? "MASTER" : s->name);
	widget_text(top, 0, COLS, theme_strip(strip_colour(s), true), title);
	curve_draw(a, top + 1, ch - 1, COLS - GR_W(s));
	gr_panel(a, top + 1, ch, COLS - GR_W(s));
	analysis_rows(a, top + ch + 1);
	ly = top + ch + 3;
	lh = LINES - 2 - ly;
	if (a->drow >= n) a->drow = n - 1;
	if (a->drow < 0) a->drow = 0;
	if (a->drow < a->dfirst) a->dfirst = a->drow;
	if (a->drow >= a->dfirst + lh) a->dfirst = a->drow - lh + 1;
	for (int r = 0; r < lh; r++) {
		int i = a->dfirst + r;
		char val[160] = "", row[400];
		const char *suffix;
		int id;
		bool off = false;
		if (i >= n) {
			widget_text(ly + r, 0, COLS, A_NORMAL, "");
			continue;
		}
		id = key_id(keys[i], &suffix);
		if (!strip_get(a->p, s, keys[i], val, sizeof val))
			snprintf(val, sizeof val, "-inf (no send)"), off = true;
		if (param_is_scalar((enum param_id)id) && s->mode[id] == PM_OFF) {
			char kept[64];
			snprintf(val, sizeof val, "off  (%s)", param_format((enum param_id)id, s->v[id], PM_VALUE, kept, sizeof kept));
			off = true;
		}
		off |= !strcmp(val, "off");
		snprintf(row, sizeof row, " %-16s %-24s %s", keys[i], val, param_defs[id].help);
		widget_text(ly + r, 0, COLS, i == a->drow ? theme_attr(R_SEL) : theme_attr(off ? R_OFF : R_NORMAL), row);
	}
}

/* ---- editing ---- */

static int change_eq(struct app *a, struct strip *s, const char *key, int band, int dir, bool coarse, bool freq)
{
	struct eq_band e = s->eq[band];
	char f[32], g[32], txt[128];
	static const char *const names[] = {"off", "bell", "lowshelf", "highshelf", "notch"};
	if (e.type == EQT_OFF)
		return app_status(a, false, "%s is off: x switches it on", key), RD_STATUS;
	if (freq)
		e.freq = fmin(20000, fmax(20, e.freq * pow(2, dir * (coarse ? 1.0 / 3 : 1.0 / 6))));
	else if (e.type == EQT_NOTCH)
		e.q = fmin(50, fmax(0.1, e.q * pow(2, dir * 0.25)));
	else
		e.gain = fmin(24, fmax(-24, round(e.gain * 2) / 2 + dir * (coarse ? 3 : 0.5)));
	units_fmt_hz(f, sizeof f, e.freq);
	units_fmt_db(g, sizeof g, e.gain);
	snprintf(txt, sizeof txt, "%s %s %s q %g", names[e.type], f, e.type == EQT_NOTCH ? "" : g, e.q);
	if (e.type == EQT_LOWSHELF || e.type == EQT_HIGHSHELF)
		snprintf(txt, sizeof txt, "%s %s %s", names[e.type], f, g);
	return edit_set(a, a->sel, key, txt, true);
}

static int change(struct app *a, const char *key, int dir, bool coarse, bool freq)
{
	struct strip *s = app_strip(a);
	const char *suffix;
	int id = key_id(key, &suffix);
	char txt[160];

	if (id == P_EQ)
		return change_eq(a, s, key, atoi(suffix) - 1, dir, coarse, freq);
	if (freq)
		return RD_NONE;
	if (id == P_SEND) {
		char cur[64] = "-inf";
		double v;
		bool pre = false;
		strip_get(a->p, s, key, cur, sizeof cur);
		pre = strstr(cur, "pre") != NULL;
		if (units_parse_db(strtok(cur, " p"), &v, true))
			v = -INFINITY;
		v = param_step(P_SEND, v, dir, coarse);
		if (isinf(v))
			snprintf(txt, sizeof txt, "-inf%s", pre ? " pre" : "");
		else
			snprintf(txt, sizeof txt, "%s dB%s", units_fmt_level((char[32]){0}, 32, v, 1, false), pre ? " pre" : "");
		return edit_set(a, a->sel, key, txt, true);
	}
	if (id == P_OUTPUT) {
		/* cycle master → each group bus → master */
		int cur = s->output, next = MASTER_OUT;
		int i = cur == MASTER_OUT ? (dir > 0 ? a->p->ntracks : a->p->nstrips - 2) : cur + dir;
		for (; i >= a->p->ntracks && i < a->p->nstrips - 1; i += dir)
			if (a->p->strips[i] != s && a->p->strips[i]->fx == FX_NONE) {
				next = i;
				break;
			}
		return edit_set(a, a->sel, key, next == MASTER_OUT ? "master" : a->p->strips[next]->name, false);
	}
	if (!param_is_scalar((enum param_id)id))
		return RD_NONE;
	if (param_defs[id].type == PT_BOOL)
		return edit_set(a, a->sel, key, s->v[id] > 0 ? "no" : "yes", false);
	if (s->mode[id] == PM_OFF)
		return app_status(a, false, "%s is off: x switches it on", key), RD_STATUS;
	return edit_scalar(a, a->sel, (enum param_id)id, param_step((enum param_id)id, s->v[id], dir, coarse), PM_VALUE);
}

static int toggle(struct app *a, const char *key)
{
	struct strip *s = app_strip(a);
	const char *suffix;
	int id = key_id(key, &suffix);
	const struct param_def *d = &param_defs[id];
	char cur[64] = "-inf", txt[160];

	if (id == P_EQ) {
		const struct eq_band *e = &s->eq[atoi(suffix) - 1];
		if (e->type != EQT_OFF)
			return edit_set(a, a->sel, key, "off", false);
		snprintf(txt, sizeof txt, "bell %g %g q %g", e->freq > 0 ? e->freq : 1000, e->gain, e->q > 0 ? e->q : 1);
		return edit_set(a, a->sel, key, txt, false);
	}
	if (id == P_SEND) {
		strip_get(a->p, s, key, cur, sizeof cur);
		if (strstr(cur, "pre"))
			*strstr(cur, "pre") = 0;
		else
			strncat(cur, " pre", sizeof cur - strlen(cur) - 1);
		return edit_set(a, a->sel, key, cur, false);
	}
	if (!param_is_scalar((enum param_id)id))
		return RD_NONE;
	if (d->type == PT_BOOL)
		return edit_set(a, a->sel, key, s->v[id] > 0 ? "no" : "yes", false);
	if (d->flags & PF_OFF)
		return edit_scalar(a, a->sel, (enum param_id)id, s->v[id], s->mode[id] == PM_OFF ? PM_VALUE : PM_OFF);
	if (d->flags & PF_AUTO)
		return edit_scalar(a, a->sel, (enum param_id)id, s->v[id], s->mode[id] == PM_AUTO ? PM_VALUE : PM_AUTO);
	return app_status(a, false, "%s has no off switch", key), RD_STATUS;
}

int detail_key(struct app *a, int key)
{
	char keys[MAXROWS][48];
	int n = rows(a, keys);
	const char *k;

	if (key == 'j' || key == KEY_DOWN || key == 'k' || key == KEY_UP || key == KEY_NPAGE || key == KEY_PPAGE) {
		a->drow += key == 'j' || key == KEY_DOWN ? 1 : key == KEY_NPAGE ? 8 : key == KEY_PPAGE ? -8 : -1;
		if (a->drow >= n) a->drow = n - 1;
		if (a->drow < 0) a->drow = 0;
		return RD_CONSOLE;
	}
	if (n == 0)
		return RD_NONE;
	k = keys[a->drow < n ? a->drow : n - 1];
	switch (key) {
	case 'h': case KEY_LEFT: return change(a, k, -1, false, false);
	case 'l': case KEY_RIGHT: return change(a, k, +1, false, false);
	case 'H': return change(a, k, -1, true, false);
	case 'L': return change(a, k, +1, true, false);
	case '<': return change(a, k, -1, false, true);
	case '>': return change(a, k, +1, false, true);
	case 'x': return toggle(a, k);
	case '=': {
		char cur[200] = "";
		strip_get(a->p, app_strip(a), k, cur, sizeof cur);
		snprintf(a->value_key, sizeof a->value_key, "%s", k);
		snprintf(a->line, sizeof a->line, "%s", cur);
		a->len = a->cur = (int)strlen(a->line);
		a->prompt = PR_VALUE;
		return RD_STATUS;
	}
	}
	return RD_NONE;
}
