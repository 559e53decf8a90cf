/* strip_view.c — one console strip, top to bottom:
 *
 *   Kick      name on the strip's colour (underlined when selected)
 *    ● ●      latched clip marks over the meter
 *   ██ ▇▆ ▌   fader bar · L/R meters · gain-reduction bar (falls from top)
 *   -1.5      fader in dB
 *   L30 •──   pan and a small position indicator
 *   M S  -3   mute / solo flags, deepest gain reduction in dB
 *
 * Width 7 (9 for the master); the height is whatever the terminal gives. */
#include "tui.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Fader travel: +12 dB at the top, on the meter's IEC curve shifted so
 * 0 dB sits at 70 % and the usual -20..+6 range gets most of the height. */
static double fader_frac(double db)
{
	return isinf(db) ? 0 : iec_deflection(db - 12);
}

static void fmt_db1(char *buf, size_t n, double db)
{
	if (isinf(db) || db <= -90)
		snprintf(buf, n, "-inf");
	else if (fabs(db) < 0.05)
		snprintf(buf, n, "0.0");
	else
		snprintf(buf, n, "%+.1f", db);
}

static void pan_row(const struct strip *s, int y, int x, int w, bool utf8)
{
	char txt[16], ind[32] = "";
	double pan = s->v[P_PAN];
	int pos = (int)lround((pan + 100) / 200 * 2); /* 0, 1, 2 */

	units_fmt_pan(txt, sizeof txt, pan);
	for (int i = 0; i < 3; i++)
		strcat(ind, i == pos ? (utf8 ? "•" : "o") : (utf8 ? "─" : "-"));
	if (pan != 0 && pos == 1) /* a small offset still leans the dot */
		snprintf(ind, sizeof ind, "%s", utf8 ? (pan < 0 ? "•──" : "──•") : (pan < 0 ? "o--" : "--o"));
	{
		char row[64];
		snprintf(row, sizeof row, "%-3s %s", txt, ind);
		widget_text(y, x, w, theme_attr(R_NORMAL), row);
	}
}

static void flags_row(const struct strip *s, const struct meter_view *m, int y, int x, int w)
{
	float gr = fminf(fminf(m->gr_comp, m->gr_gate), m->gr_lim);
	char g[8] = "";

	attrset(s->v[P_MUTE] > 0 ? theme_attr(R_MUTE) : theme_attr(R_OFF));
	mvaddstr(y, x, s->v[P_MUTE] > 0 ? "M" : "m");
	attrset(A_NORMAL);
	addch(' ');
	if (s->kind != SK_MASTER) {
		attrset(s->v[P_SOLO] > 0 ? theme_attr(R_SOLO) : theme_attr(R_OFF));
		addstr(s->v[P_SOLO] > 0 ? "S" : "s");
	} else {
		attrset(A_NORMAL);
		addch(' ');
	}
	if (gr < -0.5f)
		snprintf(g, sizeof g, "%.0f", gr);
	widget_text(y, x + 3, w - 3 - (int)strlen(g), A_NORMAL, "");
	attrset(theme_attr(R_GR));
	mvaddstr(y, x + w - (int)strlen(g), g);
	attrset(A_NORMAL);
}

/* Gain reduction grows down from the top: 0..-24 dB over the height. */
static void gr_bar(int y, int x, int h, float gr, bool on, bool utf8)
{
	double frac = on ? fmin(1, -gr / 24.0) : 0;
	attrset(theme_attr(R_GR));
	for (int i = 0; i < h; i++) {
		double fill = frac * h - i;
		mvaddstr(y + i, x, fill >= 0.5 ? (utf8 ? "▐" : "|") : fill > 0.1 ? (utf8 ? "╻" : ".") : " ");
	}
	attrset(A_NORMAL);
}

void strip_draw(struct app *a, int idx, int y, int x, int w, int h)
{
	const struct strip *s = a->p->strips[idx];
	const struct meter_view *m = &a->mv[idx];
	bool sel = idx == a->sel, utf8 = a->utf8;
	bool master = s->kind == SK_MASTER;
	int bh = h - 5 - (master ? LOUDNESS_ROWS : 0);
	char buf[32], name[32];
	bool dyn = s->mode[P_COMP_THRESHOLD] == PM_VALUE || s->mode[P_GATE_THRESHOLD] == PM_VALUE ||
		(s->kind == SK_MASTER && s->mode[P_LIMITER] == PM_VALUE);

	if (master && loudness_master_name(a, name, sizeof name))
		widget_text(y, x, w, theme_attr(R_NOTICE), name); /* a reference is heard */
	else
		widget_text(y, x, w, theme_strip(strip_colour(s), sel),
			    master ? "MASTER" : s->name);
	/* clip marks sit over the meter columns until `c` resets them */
	widget_text(y + 1, x, w, A_NORMAL, "");
	if (m->clip) {
		attrset(theme_attr(R_CLIP));
		mvaddstr(y + 1, x + 3, utf8 ? "●●" : "!!");
		attrset(A_NORMAL);
	}
	/* gain staging: peaks after trim, before the fader, outside -12..-6 */
	if (staging_flag(a, idx)) {
		attrset(theme_attr(R_DIRTY));
		mvaddstr(y + 1, x, staging_flag(a, idx) > 0 ? (utf8 ? "▲" : "^") : (utf8 ? "▼" : "v"));
		attrset(A_NORMAL);
	}
	if (master && staging_clip_pre_limiter(a, NULL))
		widget_text(y + 1, x, w, theme_attr(R_CLIP), "CLIP pre");
	widget_vbar(y + 2, x, bh, fader_frac(s->v[P_GAIN]), theme_attr(sel ? R_FADER_SEL : R_FADER), utf8);
	widget_vbar(y + 2, x + 1, bh, fader_frac(s->v[P_GAIN]), theme_attr(sel ? R_FADER_SEL : R_FADER), utf8);
	for (int i = 0; i < bh; i++) {
		mvaddch(y + 2 + i, x + 2, ' ');
		mvaddch(y + 2 + i, x + 5, ' ');
		for (int c = x + 7; c < x + w; c++)
			mvaddch(y + 2 + i, c, ' ');
	}
	widget_meter(y + 2, x + 3, bh, m, 0, utf8);
	widget_meter(y + 2, x + 4, bh, m, 1, utf8);
	gr_bar(y + 2, x + 6, bh, fminf(fminf(m->gr_comp, m->gr_gate), m->gr_lim), dyn, utf8);
	if (master)
		loudness_draw(a, y + 2 + bh, x, w);
	if (bh > 0 && offline_reason(a, idx, NULL, 0)) /* its stem went bad: silent until :reload */
		widget_text(y + 2 + bh / 2, x, w, theme_attr(R_ERROR) | A_REVERSE | A_BOLD, "OFFLINE");
	fmt_db1(buf, sizeof buf, s->v[P_GAIN]);
	{
		char row[64];
		snprintf(row, sizeof row, "%*s%s", (w - (int)strlen(buf)) / 2, "", buf);
		widget_text(y + h - 3, x, w, sel ? theme_attr(R_SEL) : A_BOLD, row);
	}
	pan_row(s, y + h - 2, x, w, utf8);
	flags_row(s, m, y + h - 1, x, w);
}
