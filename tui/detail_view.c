/* detail_view.c — every parameter of the selected strip, listed from the
 * parameter table (param_defs filtered by strip_scope), edited with the
 * table's own steps and parser; above the list, the EQ + filter response
 * across 20 Hz–20 kHz and the dynamics' gain-reduction meters. */
#include "tui.h"
#include "analyze.h"
#include "automation.h"
#include "dsp/biquad.h"
#include "dsp/eq.h"
#include "dsp/unit.h"
#include "strip_insert.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* the gain-reduction panel right of the curve, and a stereo strip's correlation */
#define STEREO(s) ((s)->kind != SK_TRACK || (s)->channels == 2)
#define GR_W(s) (((s)->kind == SK_MASTER ? 22 : 14) + (STEREO(s) ? 7 : 0))

/* Whether a row means anything on this strip: an effect bus shows the
 * keys of its own effect only; a mono stem has no stereo width. */
static bool row_applies(const struct strip *s, int id)
{
	if (id == P_WIDTH)
		return !(s->kind == SK_TRACK && s->channels == 1);
	if (id >= P_REVERB_SIZE && id <= P_REVERB_WIDTH)
		return s->fx == FX_REVERB;
	if (id >= P_DELAY_TIME && id <= P_DELAY_PINGPONG)
		return s->fx == FX_DELAY;
	return true;
}

static bool filter_match(const char *key, const char *filter)
{
	size_t n = strlen(filter);
	for (const char *k = key; *k; k++)
		if (!strncasecmp(k, filter, n))
			return true;
	return !n;
}

/* Keys shown for a strip, in table order: structured keys that are not
 * knobs (name, file, colour, automation lanes, fx kind) are left to the
 * file; eq.N and send.BUS are expanded; the `/` filter applies. */
/* The panel's rows as keys ("gain", "eq.3", "insert.1.threshold"). An
 * LV2 plugin may bring hundreds (lsp's 16-band EQ has 184 ports, its
 * 32-band one 665), so the list is as long as the strip needs: the caller
 * frees *keys. UI thread only. */
static void row_add(char (**out)[48], int *n, int *cap, const char *k)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 128;
		*out = xrealloc(*out, (size_t)*cap * sizeof **out);
	}
	snprintf((*out)[(*n)++], 48, "%s", k);
}

static int rows(const struct app *a, char (**keys)[48])
{
	const struct strip *s = app_strip(a);
	unsigned sc = strip_scope(s);
	int n = 0, cap = 0;
	char k[48];
	*keys = NULL;
	for (int id = 0; id < P_COUNT; id++) {
		const struct param_def *d = &param_defs[id];
		if (!(d->scope & sc) || d->type == PT_TEXT || d->type == PT_PATH || d->type == PT_COLOUR ||
		    d->type == PT_LANE || d->type == PT_FXKIND || id == P_START || !row_applies(s, id))
			continue;
		if (id == P_EQ) {
			for (int b = 1; b <= EQ_BANDS; b++) {
				snprintf(k, sizeof k, "eq.%d", b);
				if (filter_match(k, a->dfilter))
					row_add(keys, &n, &cap, k);
			}
		} else if (id == P_INSERT) {
			for (int b = 0; b < s->ninserts; b++) {
				snprintf(k, sizeof k, "insert.%d", b + 1);
				if (filter_match(k, a->dfilter) || filter_match(s->inserts[b].spec, a->dfilter))
					row_add(keys, &n, &cap, k);
				for (int q = 0; q < s->inserts[b].unit->nparams; q++) {
					snprintf(k, sizeof k, "insert.%d.%s", b + 1, s->inserts[b].unit->params[q].sym);
					if (filter_match(k, a->dfilter))
						row_add(keys, &n, &cap, k);
				}
			}
		} else if (id == P_SEND) {
			for (int i = a->p->ntracks; i < a->p->nstrips - 1; i++) {
				const struct strip *bus = a->p->strips[i];
				snprintf(k, sizeof k, "send.%s", bus->name);
				if (bus != s && bus->fx != FX_NONE && filter_match(k, a->dfilter))
					row_add(keys, &n, &cap, k);
			}
		} else if (filter_match(d->key, a->dfilter))
			row_add(keys, &n, &cap, d->key);
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

/* Response as a filled area from the 0 dB line, which lies on the
 * boundary between two rows: boosts grow up from it in eighths of a
 * cell, cuts hang down from it, flat is a thin line on it. So a flat
 * stretch under a boost never reads as a dip, and a filter's slope shows
 * over the whole scale: ±12 dB for small moves, ±24 dB once a filter, a
 * notch or a larger gain is in (steeper than that is clipped, marked).
 * Row y holds the band marks (1-8, H and L at their frequencies). */
static void curve_draw(struct app *a, int y, int h, int w)
{
	static const char *const eighths[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	const struct strip *s = app_strip(a);
	double rate = project_rate(a->p), range = 12;
	int x0 = 4, cw = w - x0, hc = (h - 1) & ~1, zb = hc / 2, yc = y + 1;
	static const struct { double f; const char *l; } ticks[] = {
		{20, "20"}, {50, "50"}, {100, "100"}, {200, "200"}, {500, "500"}, {1000, "1k"},
		{2000, "2k"}, {5000, "5k"}, {10000, "10k"}, {20000, "20k"},
	};

	if (s->mode[P_HPF] == PM_VALUE || s->mode[P_LPF] == PM_VALUE)
		range = 24;
	for (int b = 0; b < EQ_BANDS; b++)
		if (s->eq[b].type == EQT_NOTCH || (s->eq[b].type != EQT_OFF && fabs(s->eq[b].gain) > 10))
			range = 24;
	/* the band marks */
	widget_text(y, 0, w, A_NORMAL, "");
	attrset(theme_attr(R_TITLE));
	for (int b = -2; b < EQ_BANDS; b++) {
		double f = b == -2 ? s->v[P_HPF] : b == -1 ? s->v[P_LPF] : s->eq[b].freq;
		bool on = b == -2 ? s->mode[P_HPF] == PM_VALUE : b == -1 ? s->mode[P_LPF] == PM_VALUE : s->eq[b].type != EQT_OFF;
		char m[4];
		int x;
		if (!on || !(f >= 20 && f <= 20000))
			continue;
		x = x0 + (int)lround(log10(f / 20) / 3 * (cw - 1));
		snprintf(m, sizeof m, "%c", b == -2 ? 'H' : b == -1 ? 'L' : '1' + b);
		mvaddstr(y, x, m);
	}
	for (int r = 0; r < hc; r++) {
		char lab[8] = "";
		if (r == 0 || r == hc - 1)
			snprintf(lab, sizeof lab, "%+.0f", r ? -range : range);
		else if (r == zb - 1)
			snprintf(lab, sizeof lab, "0");
		else if (hc >= 8 && (r == zb / 2 || r == zb + zb / 2))
			snprintf(lab, sizeof lab, "%+.0f", r < zb ? range / 2 : -range / 2);
		widget_text(yc + r, 0, x0, theme_attr(R_DIM), lab);
		widget_text(yc + r, x0, cw, A_NORMAL, "");
	}
	for (int x = 0; x < cw; x++) {
		double f = 20 * pow(1000, (double)x / (cw - 1));
		double db = chain_db(s, rate, f);
		double pos = (range - db) / (2 * range) * hc; /* cell edges from the top, fractional */
		bool clip = pos < 0 || pos > hc;
		if (pos < 0) pos = 0;
		if (pos > hc) pos = hc;
		attrset(theme_attr(clip ? R_CLIP : R_CURVE));
		if (fabs(pos - zb) < 1.0 / 16) {
			attrset(theme_attr(R_GRID));
			mvaddstr(yc + zb - 1, x0 + x, a->utf8 ? "▁" : "_");
		} else if (pos < zb) {
			for (int r = (int)floor(pos); r < zb; r++) {
				double fill = r + 1 - fmax(pos, r);
				int k = (int)lround(fill * 8);
				mvaddstr(yc + r, x0 + x, a->utf8 ? eighths[k < 1 ? 1 : k] : fill >= 0.5 ? "#" : "_");
			}
		} else {
			for (int r = zb; r < pos; r++) {
				double fill = fmin(pos, r + 1) - r;
				mvaddstr(yc + r, x0 + x, a->utf8 ? (fill >= 0.75 ? "█" : fill >= 0.375 ? "▀" : "▔")
							: fill >= 0.5 ? "#" : r == zb ? "-" : " ");
			}
		}
	}
	widget_text(y + h, 0, w, theme_attr(R_DIM), "");
	attrset(theme_attr(R_DIM));
	/* right to left, so both ends are labelled; a label that would touch
	 * the one after it is left out (never "1020k") */
	for (int i = (int)ARRAY_LEN(ticks) - 1, next = w + 1; i >= 0; i--) {
		int x = x0 + (int)lround(log10(ticks[i].f / 20) / 3 * (cw - 1));
		if (x + (int)strlen(ticks[i].l) > w)
			x = w - (int)strlen(ticks[i].l);
		if (x + (int)strlen(ticks[i].l) >= next)
			continue;
		mvaddstr(y + h, x, ticks[i].l);
		next = x;
	}
	attrset(A_NORMAL);
}

/* A stereo strip's correlation, upright: +1 at the top, -1 at the foot,
 * a mark at 0 where it turns negative, the figure below. */
static void corr_column(struct app *a, int y, int h, int cx)
{
	float c = meter_corr(a, a->sel);
	int rows = h - 2, mid = (rows - 1) / 2, at = -1;
	char v[16];
	/* 0 on the mark whatever the parity: each half scaled on its own */
	if (!isnan(c))
		at = c >= 0 ? mid - (int)lround(c * mid) : mid + (int)lround(-c * (rows - 1 - mid));
	widget_text(y, cx, 6, theme_attr(R_TITLE), "corr");
	for (int r = 0; r < rows; r++) {
		widget_text(y + 1 + r, cx, 6, A_NORMAL, "");
		if (r == at)
			widget_text(y + 1 + r, cx + 1, 2, theme_attr(c < 0 ? R_CLIP : R_METER_LO) | A_BOLD, a->utf8 ? "██" : "##");
		else
			widget_text(y + 1 + r, cx + 1, 2, theme_attr(r == mid ? R_GRID : R_DIM),
				    r == mid ? (a->utf8 ? "┈┈" : "--") : (a->utf8 ? "··" : ".."));
		if (r == 0 || r == mid || r == rows - 1)
			widget_text(y + 1 + r, cx + 3, 2, theme_attr(R_DIM), r == 0 ? "+1" : r == mid ? "0" : "-1");
	}
	if (isnan(c))
		snprintf(v, sizeof v, "  ---");
	else
		snprintf(v, sizeof v, "%+.2f", c);
	widget_text(y + h - 1, cx, 6, !isnan(c) && c < 0 ? theme_attr(R_CLIP) : A_NORMAL, v);
}

static void gr_panel(struct app *a, int y, int h, int x)
{
	const struct meter_view *m = &a->mv[a->sel];
	const struct strip *s = app_strip(a);
	/* each unit apart (a gated snare's -25 is not compression); the
	 * limiter is the master's */
	struct { const char *l; float gr; bool on; } g[3] = {
		{"gate", m->gr[MGR_GATE], s->mode[P_GATE_THRESHOLD] == PM_VALUE},
		{"comp", m->gr[MGR_COMP], s->mode[P_COMP_THRESHOLD] == PM_VALUE},
		{"lim", m->gr[MGR_LIMITER], s->mode[P_LIMITER] == PM_VALUE},
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
	if (STEREO(s))
		corr_column(a, y, h, x + 1 + (s->kind == SK_MASTER ? 3 : 2) * 7);
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
	change = s->kind == SK_TRACK ? analyze_trim_change(st, s->v[P_TRIM]) : NAN;
	/* rounded first: a peak a hair under 0 dBFS reads 0.0, not -0.0 */
	snprintf(row, sizeof row, " analysis: input peaks %.1f dBFS after trim, %s", round((st->in_peak_db + s->v[P_TRIM]) * 10) / 10 + 0.0,
		 s->kind != SK_TRACK ? "(gain staging is for tracks)" : flag < 0 ? "low" : flag > 0 ? "hot" : "in range");
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

/* Rows of the parameter list at this terminal size (detail_draw's layout). */
static int curve_rows(void)
{
	int ch = (LINES - 4) / 2 - 1;
	if (ch > 14) ch = 14;
	if (ch < 5) ch = 5;
	if ((ch - 1) % 2 == 0) /* an even curve height puts 0 dB between two rows */
		ch--;
	return ch;
}

static int list_rows(void)
{
	int lh = LINES - 2 - (2 + curve_rows() + 3); /* title, curve, two analysis rows */
	return lh < 1 ? 1 : lh;
}

static void detail_draw(struct app *a, int flags)
{
	char (*keys)[48];
	int n = rows(a, &keys), top = 2, ch = curve_rows(), ly, lh;
	const struct strip *s = app_strip(a);
	char title[256], where[256] = "";

	(void)flags; /* the panel is small: all of it every frame */

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
	if (a->dfirst > n - lh) a->dfirst = n - lh > 0 ? n - lh : 0;
	/* where the list is, and the filter, at the end of the title line */
	if (a->dask_key[0])
		snprintf(where, sizeof where, "%s -> %s? y/n ", a->dask_key, a->dask_val);
	else if (a->dtyping || a->dfilter[0])
		snprintf(where, sizeof where, "/%s%s  %d match%s ", a->dfilter, a->dtyping ? "_" : "", n, n == 1 ? "" : "es");
	else if (n > lh)
		snprintf(where, sizeof where, "%d-%d of %d ", a->dfirst + 1, a->dfirst + lh < n ? a->dfirst + lh : n, n);
	{
		/* the title gives way to the position: its short form where the
		 * long one would run into it (60 columns) */
		int tw = COLS - (where[0] && (int)strlen(where) < COLS - 40 ? (int)strlen(where) + 1 : 0);
		if ((int)strlen(title) > tw)
			snprintf(title, sizeof title, " %s - EQ", s->kind == SK_MASTER ? "MASTER" : s->name);
		widget_text(top, 0, COLS, theme_strip(strip_colour(s), true), title);
	}
	if (where[0] && (int)strlen(where) < COLS - 40)
		widget_text(top, COLS - (int)strlen(where), (int)strlen(where),
			    theme_attr(a->dtyping ? R_PROMPT : R_TITLE), where);
	for (int r = 0; r < lh; r++) {
		int i = a->dfirst + r;
		char val[160] = "", row[400];
		const char *suffix;
		int id;
		bool off = false;
		if (i >= n) {
			widget_text(ly + r, 0, COLS, A_NORMAL, r == 0 && n == 0 ? " no parameter matches: Esc clears the filter" : "");
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
		if (id == P_INSERT) {
			int slot, k;
			if (!insert_key_parse(s, suffix, &slot, &k)) {
				const struct insert *in = &s->inserts[slot];
				off = in->bypass;
				if (k == INSERT_UNIT)
					snprintf(row, sizeof row, " %-16s %-24s %s", keys[i], in->bypass ? strcat(val, " (bypassed)") : val,
						 "x bypass  D delete  J K move  a add");
				else {
					const struct auto_lane *l = insert_lane(s, slot, k);
					if (auto_plays(s, l)) { /* what is heard, and that a lane plays it */
						char h[120];
						insert_param_format(&in->unit->params[k],
								    insert_lane_value(&in->unit->params[k], l, a->st.pos), h,
								    sizeof h);
						snprintf(val, sizeof val, "%s (auto)", h);
					}
					snprintf(row, sizeof row, "   %-14s %-24s %s", keys[i] + strcspn(keys[i] + 7, ".") + 8, val,
						 in->unit->params[k].help);
				}
			}
		}
		widget_text(ly + r, 0, COLS, i == a->drow ? theme_attr(R_SEL) : theme_attr(off ? R_OFF : R_NORMAL), row);
	}
	free(keys);
}

/* ---- editing ---- */

/* One field of a band steps (eq_band_step: the grids, inside the one
 * EQ range) and goes through the same text path as the file. */
static int change_eq(struct app *a, struct strip *s, const char *key, int band, int dir, bool coarse, bool freq)
{
	struct eq_band e = s->eq[band];
	char txt[128];
	if (e.type == EQT_OFF)
		return app_status(a, false, "%s is off: x switches it on", key), RD_STATUS;
	eq_band_step(&e, freq ? EQF_FREQ : e.type == EQT_NOTCH ? EQF_Q : EQF_GAIN, dir, coarse);
	return edit_set(a, a->sel, key, eq_band_format(&e, txt, sizeof txt), true);
}

/* A sidechain key steps through none and every track and bus but the
 * strip itself, passing over those that would close a circle. */
static int change_key(struct app *a, struct strip *s, const char *key, int w, int dir)
{
	int n = a->p->nstrips - 1, cur = s->key[w];
	char why[512];
	for (int step = 1; step <= n + 1; step++) {
		int c = ((cur + 1 + dir * step) % (n + 1) + n + 1) % (n + 1) - 1;
		if (c == a->sel || (c >= 0 && project_key_circle(a->p, a->sel, w, c, why, sizeof why)))
			continue;
		return edit_set(a, a->sel, key, c < 0 ? "none" : a->p->strips[c]->name, false);
	}
	return app_status(a, false, "%s: no strip can key %s without a circle", key, s->name), RD_STATUS;
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
	if (id == P_SEND || id == P_GAIN || id == P_PAN || id == P_WIDTH) {
		/* an automated value: the keys move the lane that plays it */
		const struct param_def *d = &param_defs[id];
		int rd = auto_step(a, a->sel, key, dir * (coarse ? d->coarse : d->step));
		if (rd >= 0)
			return rd;
	}
	if (id == P_INSERT) {
		int slot, k;
		const struct unit_param *p;
		if (insert_key_parse(s, suffix, &slot, &k))
			return RD_NONE;
		if (k == INSERT_UNIT)
			return app_status(a, false, "%s: x bypasses, D deletes, J K move it, a adds one", key), RD_STATUS;
		{ /* automated: the keys move the lane that plays it */
			int rd = auto_insert_step(a, a->sel, slot, k, dir, coarse);
			if (rd >= 0)
				return rd;
		}
		p = &s->inserts[slot].unit->params[k];
		return edit_set(a, a->sel, key,
				insert_param_format(p, insert_param_step(p, s->inserts[slot].v[k], dir, coarse), txt,
						    sizeof txt),
				p->kind == UPK_CONTINUOUS || p->kind == UPK_STEPPED);
	}
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
		/* cycle master → each group bus → master, once the user says yes:
		 * a reroute is too big a change for a stray key */
		int cur = s->output, next = MASTER_OUT;
		int i = cur == MASTER_OUT ? (dir > 0 ? a->p->ntracks : a->p->nstrips - 2) : cur + dir;
		for (; i >= a->p->ntracks && i < a->p->nstrips - 1; i += dir)
			if (a->p->strips[i] != s && a->p->strips[i]->fx == FX_NONE) {
				next = i;
				break;
			}
		snprintf(a->dask_key, sizeof a->dask_key, "%s", key);
		snprintf(a->dask_val, sizeof a->dask_val, "%s", next == MASTER_OUT ? "master" : a->p->strips[next]->name);
		app_status(a, false, "route %s to %s? y: yes  n: no", s->name, a->dask_val);
		return RD_STATUS | RD_CONSOLE;
	}
	if (param_defs[id].type == PT_KEYREF)
		return change_key(a, s, key, id == P_COMP_KEY, dir);
	if (!param_is_scalar((enum param_id)id))
		return RD_NONE;
	if (param_defs[id].type == PT_BOOL)
		return edit_set(a, a->sel, key, s->v[id] > 0 ? "no" : "yes", false);
	if (s->mode[id] == PM_OFF)
		return app_status(a, false, "%s is off: x switches it on", key), RD_STATUS;
	if (s->mode[id] == PM_NOTE) /* a synced time stays a note length */
		return edit_scalar(a, a->sel, (enum param_id)id, param_note_step(s->v[id], dir * (coarse ? 3 : 1)), PM_NOTE);
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
	if (id == P_INSERT) {
		int slot, k;
		const struct unit_param *p;
		if (insert_key_parse(s, suffix, &slot, &k))
			return RD_NONE;
		if (k == INSERT_UNIT) {
			snprintf(txt, sizeof txt, "insert.%d.bypass", slot + 1);
			return edit_set(a, a->sel, txt, s->inserts[slot].bypass ? "off" : "on", false);
		}
		p = &s->inserts[slot].unit->params[k];
		if (p->kind != UPK_TOGGLE && p->kind != UPK_ENUM)
			return app_status(a, false, "%s has no off switch (x on insert.%d bypasses the unit)", key, slot + 1),
			       RD_STATUS;
		if (auto_plays(s, insert_lane(s, slot, k))) /* its lane rules: says where to change it */
			return auto_insert_step(a, a->sel, slot, k, 1, false);
		return edit_set(a, a->sel, key, insert_param_format(p, insert_param_step(p, s->inserts[slot].v[k], 1, false),
								      txt, sizeof txt), false);
	}
	if (id == P_SEND) {
		strip_get(a->p, s, key, cur, sizeof cur);
		if (strstr(cur, "pre"))
			*strstr(cur, "pre") = 0;
		else
			strncat(cur, " pre", sizeof cur - strlen(cur) - 1);
		return edit_set(a, a->sel, key, cur, false);
	}
	if (d->type == PT_KEYREF) {
		if (s->key_name[id == P_COMP_KEY])
			return edit_set(a, a->sel, key, "none", false);
		return app_status(a, false, "%s is none: ←→ picks the track or bus it listens to", key), RD_STATUS;
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

static bool detail_captures(const struct app *a, int key)
{
	return a->dtyping || a->dask_key[0] || (key == 27 && a->dfilter[0]);
}

/* Keys while the filter is typed: text, Backspace, Enter keeps it, Esc
 * drops it. */
static int filter_key(struct app *a, int key)
{
	size_t n = strlen(a->dfilter);
	if (key == 27) {
		a->dfilter[0] = 0;
		a->dtyping = false;
	} else if (key == '\n' || key == '\r' || key == KEY_ENTER)
		a->dtyping = false;
	else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (n)
			a->dfilter[n - 1] = 0;
	} else if (key > 32 && key < 127 && n + 1 < sizeof a->dfilter) {
		a->dfilter[n] = (char)key;
		a->dfilter[n + 1] = 0;
	}
	a->drow = a->dfirst = 0;
	return RD_CONSOLE | RD_STATUS;
}

static int detail_key_rows(struct app *a, int key, char (*keys)[48], int n);

int detail_key(struct app *a, int key)
{

	if (a->dask_key[0]) {
		char key_[64], val[128];
		snprintf(key_, sizeof key_, "%s", a->dask_key);
		snprintf(val, sizeof val, "%s", a->dask_val);
		a->dask_key[0] = 0;
		if (key == 'y' || key == 'Y')
			return edit_set(a, a->sel, key_, val, false);
		app_status(a, false, "%s unchanged", key_);
		return RD_STATUS;
	}
	if (a->dtyping)
		return filter_key(a, key);
	if (key == 27) { /* only while filtered (detail_captures): back to every row */
		a->dfilter[0] = 0;
		return RD_CONSOLE;
	}
	if (key == '/') {
		a->dtyping = true;
		a->dfilter[0] = 0;
		a->drow = a->dfirst = 0;
		return RD_CONSOLE;
	}
	{
		char (*keys)[48];
		int n = rows(a, &keys), rd = detail_key_rows(a, key, keys, n);
		free(keys);
		return rd;
	}
}

/* The keys that work on the selected row, with the rows as listed. */
static int detail_key_rows(struct app *a, int key, char (*keys)[48], int n)
{
	int page = list_rows();
	const char *k;

	if (key == 'j' || key == KEY_DOWN || key == 'k' || key == KEY_UP || key == KEY_NPAGE || key == KEY_PPAGE ||
	    key == KEY_HOME || key == KEY_END) {
		int by = key == 'j' || key == KEY_DOWN ? 1 : key == KEY_NPAGE ? page : key == KEY_PPAGE ? -page
			 : key == KEY_HOME ? -n : key == KEY_END ? n : -1;
		a->drow += by;
		if (by == page || by == -page) /* a page turns the list with the selection */
			a->dfirst += by;
		if (a->dfirst > n - page) a->dfirst = n - page;
		if (a->dfirst < 0) a->dfirst = 0;
		if (a->drow >= n) a->drow = n - 1;
		if (a->drow < 0) a->drow = 0;
		if (n > 0) { /* a help cut at the screen's edge reads in full on the status line */
			const char *suffix;
			int id = key_id(keys[a->drow], &suffix);
			if (id >= 0 && id != P_INSERT && 43 + (int)strlen(param_defs[id].help) > COLS)
				app_status(a, false, "%s: %s", keys[a->drow], param_defs[id].help);
		}
		return RD_CONSOLE | RD_STATUS;
	}
	if (n == 0)
		return app_status(a, false, "no parameter matches /%s: Esc clears the filter", a->dfilter), RD_STATUS;
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
		a->line_fresh = true;
		a->prompt = PR_VALUE;
		return RD_STATUS;
	}
	}
	return RD_NONE;
}

/* a: `:insert add ` on the command line, for Tab to list the units; on
 * an insert's row D deletes it, J and K move it down and up. */
static int detail_insert_key(struct app *a, int key)
{
	char (*keys)[48], cmd[64];
	int n, slot, k, bad;
	const char *suffix;
	const struct strip *s = app_strip(a);

	if (key == 'a') {
		a->prompt = PR_COMMAND;
		snprintf(a->line, sizeof a->line, "insert add ");
		a->len = a->cur = (int)strlen(a->line);
		return RD_STATUS;
	}
	n = rows(a, &keys);
	bad = n == 0 || key_id(keys[a->drow < n ? a->drow : n - 1], &suffix) != P_INSERT ||
	      insert_key_parse(s, suffix, &slot, &k);
	free(keys);
	if (bad)
		return app_status(a, false, "%c works on an insert's rows (a adds one)", key), RD_STATUS;
	if (key == 'D')
		snprintf(cmd, sizeof cmd, "insert delete %d", slot + 1);
	else if ((key == 'J' && slot + 1 >= s->ninserts) || (key == 'K' && slot == 0))
		return app_status(a, false, "insert %d is already the %s", slot + 1, key == 'J' ? "last" : "first"), RD_STATUS;
	else
		snprintf(cmd, sizeof cmd, "insert move %d %d", slot + 1, slot + 1 + (key == 'J' ? 1 : -1));
	{
		int rd = command_run(a, cmd), to = key == 'D' ? -1 : slot + (key == 'J' ? 1 : -1);
		/* the selection follows the moved insert to its new row */
		n = rows(a, &keys);
		for (int i = 0; to >= 0 && i < n; i++) {
			char want[48];
			snprintf(want, sizeof want, "insert.%d", to + 1);
			if (!strcmp(keys[i], want))
				a->drow = i;
		}
		free(keys);
		return rd | RD_CONSOLE;
	}
}

/* What the panel takes before its bindings: the filter being typed, the
 * routing question's y/n, Esc clearing a filter. */
static int detail_screen_key(struct app *a, int key)
{
	return detail_captures(a, key) ? detail_key(a, key) : -1;
}

/* Gain staging from the panel, as from the console (the strip shown). */
static int detail_gainstage(struct app *a, int key)
{
	(void)key;
	return gainstage_start(a, a->sel);
}

static const struct binding detail_keys[] = {
	{'k', "↑  k", SCR_DETAIL, NULL, "previous parameter", detail_key, NULL},
	{KEY_UP, NULL, SCR_DETAIL, NULL, NULL, detail_key, NULL},
	{'j', "↓  j", SCR_DETAIL, "↑↓\tk/j\tmove", "next parameter", detail_key, NULL},
	{KEY_DOWN, NULL, SCR_DETAIL, NULL, NULL, detail_key, NULL},
	{'h', "←  h", SCR_DETAIL, NULL, "decrease the value", detail_key, NULL},
	{KEY_LEFT, NULL, SCR_DETAIL, NULL, NULL, detail_key, NULL},
	{'l', "→  l", SCR_DETAIL, "←→\th/l\tchange", "increase the value", detail_key, NULL},
	{KEY_RIGHT, NULL, SCR_DETAIL, NULL, NULL, detail_key, NULL},
	{'H', "H  L", SCR_DETAIL, NULL, "decrease / increase in coarse steps", detail_key, NULL},
	{'L', NULL, SCR_DETAIL, NULL, NULL, detail_key, NULL},
	{'<', "<  >", SCR_DETAIL, NULL, "EQ band frequency down / up a twelfth of an octave", detail_key, NULL},
	{'>', NULL, SCR_DETAIL, NULL, NULL, detail_key, NULL},
	{'=', "=", SCR_DETAIL, "=\t=\ttype", "type a value with units (\"-3 dB\", \"2.5k\", \"bell 3k -2 q 1\")", detail_key,
	 NULL},
	{'x', "x", SCR_DETAIL, "x\tx\ton/off", "switch the section on or off (the value is kept); pre/post for sends",
	 detail_key, NULL},
	{27, "Esc", SCR_DETAIL, "Esc\tEsc\tback", "back to the console", keymap_back, NULL},
	{KEY_PPAGE, "PgUp PgDn Home End", SCR_DETAIL, NULL, "a page up / down the list; its first / last row", detail_key,
	 NULL},
	{KEY_NPAGE, NULL, SCR_DETAIL, NULL, NULL, detail_key, NULL},
	{KEY_HOME, NULL, SCR_DETAIL, NULL, NULL, detail_key, NULL},
	{KEY_END, NULL, SCR_DETAIL, NULL, NULL, detail_key, NULL},
	{'/', "/", SCR_DETAIL, "/\t/\tfind", "show only parameters whose name holds the text (Esc clears)", detail_key, NULL},
	{'g', "g", SCR_DETAIL, NULL, "gain staging of this strip, as in the console", detail_gainstage, NULL},
	{'a', "a", SCR_DETAIL, NULL, "add an insert after the compressor (:insert add; Tab lists the units)",
	 detail_insert_key, NULL},
	{'D', "D", SCR_DETAIL, NULL, "delete the insert whose row is selected", detail_insert_key, NULL},
	{'J', "J  K", SCR_DETAIL, NULL, "move the selected insert down / up the chain", detail_insert_key, NULL},
	{'K', NULL, SCR_DETAIL, NULL, NULL, detail_insert_key, NULL},
};

const struct screen screen_detail = {
	.name = "detail",
	.bit = SCR_DETAIL,
	.draw = detail_draw,
	.key = detail_screen_key,
	.bindings = detail_keys,
	.nbindings = (int)ARRAY_LEN(detail_keys),
};
