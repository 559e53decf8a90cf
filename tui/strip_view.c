/* strip_view.c — one console strip, top to bottom:
 *
 *   Kick      name on the strip's colour (underlined when selected)
 *   ▲  -9.4   staging flag, the highest peak in dBFS since `c`
 *   ━━ ▇▆ ▌   fader knob on its track · L/R meters · gain reduction
 *   -1.5      fader in dB
 *   L30 •──   pan and a small position indicator
 *   m s C-3   mute / solo flags, the deepest gain reduction and its unit
 *
 * Width 7 (the master 11, with its own dB scale beside its meter; from
 * 13, processors and sends beside the meter); the height is whatever
 * the terminal gives. A strip another's solo silences is drawn dim, its
 * name off its colour. And the legend of these marks for `?`. */
#include "tui.h"
#include "automation.h"
#include "dsp/unit.h"
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

/* The fader's 0 dB on its track: the scale between the strips is the
 * meters' (dBFS), and the fader's travel is not that scale (it goes to
 * +12), so the knob is read against this mark and its value below. */
static void unity_mark(int y, int x, int h, double gain, bool utf8, attr_t dim)
{
	int u = (int)(fader_frac(0) * h - 0.5), k = (int)(fader_frac(gain) * h - 0.5);
	u = u < 0 ? 0 : u > h - 1 ? h - 1 : u;
	k = k < 0 ? 0 : k > h - 1 ? h - 1 : k;
	if (u == k)
		return; /* the knob sits on it */
	attrset(theme_attr(R_GRID) | dim);
	mvaddstr(y + h - 1 - u, x, utf8 ? "┼" : "+");
	attrset(A_NORMAL);
}

static void pan_row(double pan, int y, int x, int w, bool utf8, attr_t dim)
{
	char txt[16], ind[32] = "";
	int pos = (int)lround((pan + 100) / 200 * 2); /* 0, 1, 2 */

	units_fmt_pan(txt, sizeof txt, pan);
	for (int i = 0; i < 3; i++)
		strcat(ind, i == pos ? (utf8 ? "•" : "o") : (utf8 ? "─" : "-"));
	if (pan != 0 && pos == 1) /* a small offset still leans the dot */
		snprintf(ind, sizeof ind, "%s", utf8 ? (pan < 0 ? "•──" : "──•") : (pan < 0 ? "o--" : "--o"));
	{
		char row[64];
		snprintf(row, sizeof row, "%-3s %s", txt, ind);
		widget_text(y, x, w, theme_attr(R_NORMAL) | dim, row);
	}
}

/* The deepest gain reduction of the gate, compressor and limiter, and
 * the letter of the unit taking it (0 when none takes 0.5 dB or more). */
static char deepest_gr(const struct meter_view *m, float *gr)
{
	char who = 0;
	*gr = -0.5f;
	for (int k = 0; k < MGR_N; k++)
		if (m->gr[k] < *gr)
			*gr = m->gr[k], who = MGR_LETTERS[k];
	return who;
}

static void flags_row(const struct app *a, const struct strip *s, const struct meter_view *m, int y, int x, int w,
		      attr_t dim)
{
	float gr;
	char who = deepest_gr(m, &gr), g[16] = "";
	bool muted = auto_heard(a, s, P_MUTE, -1) > 0;

	attrset((muted ? theme_attr(R_MUTE) : theme_attr(R_OFF)) | dim);
	mvaddstr(y, x, muted ? "M" : "m");
	attrset(A_NORMAL);
	addch(' ');
	if (s->kind != SK_MASTER) {
		attrset((s->v[P_SOLO] > 0 ? theme_attr(R_SOLO) : theme_attr(R_OFF)) | dim);
		addstr(s->v[P_SOLO] > 0 ? "S" : "s");
	} else {
		attrset(A_NORMAL);
		addch(' ');
	}
	int fw = w < 8 ? w : 8; /* the figure stays by the flags on a wide strip */

	if (who) {
		snprintf(g, sizeof g, "%c%.0f", who, gr);
		if ((int)strlen(g) > fw - 4) /* a narrow strip: "G25", the minus understood */
			snprintf(g, sizeof g, "%c%.0f", who, -gr);
	}
	widget_text(y, x + 3, w - 3, A_NORMAL, "");
	attrset(theme_attr(R_GR) | dim);
	mvaddstr(y, x + fw - (int)strlen(g), g);
	attrset(A_NORMAL);
}

/* Gain reduction grows down from the top: 0..-24 dB over the height. */
static void gr_bar(int y, int x, int h, float gr, bool on, bool utf8, attr_t dim)
{
	double frac = on ? fmin(1, -gr / 24.0) : 0;
	attrset(theme_attr(R_GR) | dim);
	for (int i = 0; i < h; i++) {
		double fill = frac * h - i;
		mvaddstr(y + i, x, fill >= 0.5 ? (utf8 ? "▐" : "|") : fill > 0.1 ? (utf8 ? "╻" : ".") : " ");
	}
	attrset(A_NORMAL);
}

/* The staging flag and the peak figure: the highest sample peak since
 * `c`, in the clip colour above -0.1 dBFS or once the engine saw a clip. */
static void peak_row(struct app *a, int idx, int y, int x, int w, attr_t dim)
{
	const struct meter_view *m = &a->mv[idx];
	char fig[16] = "";
	bool hot = m->clip;
	int flag = staging_flag(a, idx);

	widget_text(y, x, w, A_NORMAL, "");
	if (m->peak_lin > 0) {
		double db = 20 * log10(m->peak_lin);
		hot |= db > -0.1;
		if (db < -99.9)
			db = -99.9;
		snprintf(fig, sizeof fig, fabs(db) < 0.05 ? "0.0" : "%+.1f", db);
		attrset(hot ? theme_attr(R_CLIP) : theme_attr(R_HOLD) | dim);
		mvaddstr(y, x + 7 - (int)strlen(fig), fig);
	}
	if (flag) {
		attrset(theme_attr(R_DIRTY));
		mvaddstr(y, x, flag > 0 ? (a->utf8 ? "▲" : "^") : (a->utf8 ? "▼" : "v"));
	}
	attrset(A_NORMAL);
}

/* Short frequency: 90, 250, 3k, 12.5k. */
static void fmt_hz(char *buf, size_t n, double hz)
{
	if (hz < 1000)
		snprintf(buf, n, "%.0f", hz);
	else
		snprintf(buf, n, "%.3gk", hz / 1000);
}

/* One row of the info column: a label left (cut to what the figure
 * leaves), a figure right; the short label on a narrow column. */
static void info_row(int y, int x, int w, const char *lng, const char *shrt, const char *val, attr_t at)
{
	char row[128];
	const char *l = w >= 8 ? lng : shrt; /* one spelling for the whole column */
	int vw = (int)strlen(val), bytes, cols;
	cols = widget_utf8_cols(l, w - vw - 1 > 0 ? w - vw - 1 : 0, &bytes);
	snprintf(row, sizeof row, "%.*s%*s", bytes, l, w - cols, val);
	widget_text(y, x, w, at, row);
}

/* A send's figure: -inf, or its level in dB with p when pre-fader
 * (-90 reads -90, as the file has it). */
static void send_figure(const struct send *sd, double level, char *v, size_t n)
{
	if (isinf(level))
		snprintf(v, n, "-inf");
	else
		snprintf(v, n, "%.0f%s", level, sd->pre ? "p" : "");
}

/* The widest send figure on the console. */
static int send_figure_w(const struct app *a)
{
	int best = 0;
	char v[32];
	for (int i = 0; i < a->p->nstrips; i++)
		for (int k = 0; k < a->p->strips[i]->nsends; k++) {
			send_figure(&a->p->strips[i]->sends[k], auto_heard(a, a->p->strips[i], P_SEND, k), v, sizeof v);
			if ((int)strlen(v) > best)
				best = (int)strlen(v);
		}
	return best;
}

/* From 13 columns: where the strip goes, its processors and what they
 * are doing, and its send levels, one a row beside the meter. */
static void info_column(struct app *a, int idx, int y, int x, int w, int h, attr_t dim)
{
	const struct strip *s = a->p->strips[idx];
	const struct meter_view *m = &a->mv[idx];
	attr_t plain = A_NORMAL | dim, grat = theme_attr(R_GR) | dim;
	char v[32], lab[48];
	int r = 0, eqn = 0;

	if (s->output != MASTER_OUT && s->output >= 0 && s->output < a->p->nstrips && r < h) {
		snprintf(lab, sizeof lab, "%s%s", a->utf8 ? "→" : ">", a->p->strips[s->output]->name);
		widget_text(y + r++, x, w, theme_attr(R_DIM) | dim, lab);
	}
	if (s->mode[P_HPF] == PM_VALUE && r < h) {
		fmt_hz(v, sizeof v, s->v[P_HPF]);
		info_row(y + r++, x, w, "hpf", "hp", v, plain);
	}
	if (s->mode[P_LPF] == PM_VALUE && r < h) {
		fmt_hz(v, sizeof v, s->v[P_LPF]);
		info_row(y + r++, x, w, "lpf", "lp", v, plain);
	}
	for (int b = 0; b < EQ_BANDS; b++)
		eqn += s->eq[b].type != EQT_OFF;
	if (eqn && r < h) {
		snprintf(v, sizeof v, "%d", eqn);
		info_row(y + r++, x, w, "eq", "eq", v, plain);
	}
	if (s->mode[P_GATE_THRESHOLD] == PM_VALUE && r < h) {
		snprintf(v, sizeof v, "%.0f", m->gr[MGR_GATE] < -0.5f ? m->gr[MGR_GATE] : 0.0);
		info_row(y + r++, x, w, "gate", "G", v, m->gr[MGR_GATE] < -0.5f ? grat : plain);
	}
	if (s->mode[P_COMP_THRESHOLD] == PM_VALUE && r < h) {
		snprintf(v, sizeof v, "%.0f", m->gr[MGR_COMP] < -0.5f ? m->gr[MGR_COMP] : 0.0);
		info_row(y + r++, x, w, "comp", "C", v, m->gr[MGR_COMP] < -0.5f ? grat : plain);
	}
	/* the inserts by unit name; one that reduces gain shows the strip's
	 * deepest reduction, as the comp row does */
	for (int k = 0; k < s->ninserts && r < h; k++) {
		const struct insert *in = &s->inserts[k];
		bool gr = !in->bypass && in->unit->noutputs && in->unit->outputs[0].kind == UOK_GAIN_REDUCTION;
		snprintf(v, sizeof v, "%s", in->bypass ? "byp" : "on");
		if (gr)
			snprintf(v, sizeof v, "%.0f", m->gr[MGR_COMP] < -0.5f ? m->gr[MGR_COMP] : 0.0);
		info_row(y + r++, x, w, in->unit->name, "I", v,
			 in->bypass ? theme_attr(R_OFF) | dim : gr && m->gr[MGR_COMP] < -0.5f ? grat : plain);
	}
	for (int k = 0; k < s->nsends && r < h; k++) {
		const struct send *sd = &s->sends[k];
		double level = auto_heard(a, s, P_SEND, k);
		bool off = isinf(level);
		char row[128];
		int lw = w - 1 - send_figure_w(a), bytes, cols;
		send_figure(sd, level, v, sizeof v);
		/* every send label on the console cut to one width: the room
		 * the widest send figure leaves */
		cols = widget_utf8_cols(sd->bus_name, lw > 1 ? lw : 1, &bytes);
		snprintf(row, sizeof row, "%.*s%*s", bytes, sd->bus_name, w - cols, v);
		widget_text(y + r++, x, w, off ? theme_attr(R_OFF) | dim : plain, row);
	}
	for (; r < h; r++)
		widget_text(y + r, x, w, A_NORMAL, "");
}

void strip_draw(struct app *a, int idx, int y, int x, int w, int h)
{
	const struct strip *s = a->p->strips[idx];
	const struct meter_view *m = &a->mv[idx];
	bool sel = idx == a->sel, utf8 = a->utf8;
	bool master = s->kind == SK_MASTER, silenced = strip_silenced(a, idx);
	attr_t dim = silenced ? A_DIM : 0;
	int lu = master ? h - 5 - 4 : 0, bh;
	char buf[64], name[32];
	double gain = auto_heard(a, s, P_GAIN, -1); /* what is heard: a lane's value at the playhead */
	char tag = auto_tag(s);
	bool dyn = s->mode[P_COMP_THRESHOLD] == PM_VALUE || s->mode[P_GATE_THRESHOLD] == PM_VALUE ||
		(s->kind == SK_MASTER && s->mode[P_LIMITER] == PM_VALUE);

	/* the master gives its meter at least 4 rows, the loudness block the rest up to 6 */
	if (lu > LOUDNESS_ROWS)
		lu = LOUDNESS_ROWS;
	if (lu < 0)
		lu = 0;
	bh = h - 5 - lu;
	if (master && loudness_master_name(a, name, sizeof name))
		widget_text(y, x, w, theme_attr(R_NOTICE), name); /* a reference is heard */
	else
		widget_text(y, x, w, silenced ? theme_strip_silenced(sel) : theme_strip(strip_colour(s), sel),
			    master ? "MASTER" : s->name);
	peak_row(a, idx, y + 1, x, w, dim);
	widget_fader(y + 2, x, bh, fader_frac(gain), theme_attr(sel ? R_FADER_SEL : R_FADER) | dim, utf8);
	unity_mark(y + 2, x, bh, gain, utf8, dim);
	for (int i = 0; i < bh; i++) {
		mvaddch(y + 2 + i, x + 2, ' ');
		mvaddch(y + 2 + i, x + 5, ' ');
	}
	widget_meter(y + 2, x + 3, bh, m, 0, utf8, dim);
	widget_meter(y + 2, x + 4, bh, m, 1, utf8, dim);
	gr_bar(y + 2, x + 6, bh, fminf(fminf(m->gr[MGR_COMP], m->gr[MGR_GATE]), m->gr[MGR_LIMITER]), dyn, utf8, dim);
	if (master)
		widget_scale(y + 2, x + 7, bh, w - 7);
	else if (w >= 13) {
		for (int i = 0; i < bh; i++)
			mvaddch(y + 2 + i, x + 7, ' ');
		info_column(a, idx, y + 2, x + 8, w - 8, bh, dim);
	} else
		for (int i = 0; i < bh; i++)
			for (int c = x + 7; c < x + w; c++)
				mvaddch(y + 2 + i, c, ' ');
	if (master) {
		loudness_draw(a, y + 2 + bh, x, w, lu);
		/* the analysis found the mix clipping before the limiter */
		if (staging_clip_pre_limiter(a, NULL))
			widget_text(lu ? y + 1 + bh + lu : y + 1, x, w, theme_attr(R_CLIP), "CLIP pre");
	}
	if (bh > 0 && offline_reason(a, idx, NULL, 0)) /* its stem went bad: silent until :reload */
		widget_text(y + 2 + bh / 2, x, w, theme_attr(R_ERROR) | A_REVERSE | A_BOLD, "OFFLINE");
	units_fmt_level(buf, sizeof buf, gain, 1, true); /* -90 reads -90.0, as saved */
	{
		char row[96];
		snprintf(row, sizeof row, "%*s%s", (7 - (int)strlen(buf)) / 2, "", buf);
		widget_text(y + h - 3, x, w, (sel ? theme_attr(R_SEL) : A_BOLD) | dim, row);
		if (tag && strlen(buf) < 6) { /* the automation mode, left of the value it drives */
			attrset(theme_attr(R_NOTICE) | A_BOLD | dim);
			mvaddch(y + h - 3, x, (chtype)tag);
			attrset(A_NORMAL);
		}
	}
	pan_row(auto_heard(a, s, P_PAN, -1), y + h - 2, x, w, utf8, dim);
	flags_row(a, s, m, y + h - 1, x, w, dim);
}

/* The `?` screen's legend of what the console draws, read like the key
 * list: line `first` at row y0, `rows` rows; returns how many lines. */
int mixer_legend_lines(const struct app *a, int first, int y0, int rows)
{
	bool u = a->utf8;
	const char *lines[] = {
		"Marks on the console",
		u ? "  ━━ on ┊        the fader's position (its value in dB below the meters)"
		  : "  == on |        the fader's position (its value in dB below the meters)",
		u ? "  ┼ on ┊         the fader's 0 dB: read the knob against it, not the scale"
		  : "  + on |         the fader's 0 dB: read the knob against it, not the scale",
		"                 (the fader goes from -inf to +12 dB)",
		u ? "  █ ░ ▔          meter: RMS body, peaks above it, the peak held for 2 s"
		  : "  # : -          meter: RMS body, peaks above it, the peak held for 2 s",
		"  0 -6 ... -48   the meters' scale, headed dBFS (the master has its own",
		"                 beside it)",
		"  -9.4           the strip's highest peak in dBFS since c; in the clip colour",
		"                 above -0.1 dBFS or once a sample clipped",
		u ? "  ▲ ▼            stem peaks (after trim, before the fader) over -6 / under -12"
		  : "  ^ v            stem peaks (after trim, before the fader) over -6 / under -12",
		"                 dBFS, from the background analysis (tracks only: they have a",
		"                 stem); g sets the trim",
		"  CLIP pre       on the master: the mix clips before the limiter",
		"  G-25 C-3 L-1   gain reduction in dB of the gate, compressor or limiter, the",
		u ? "                 deepest of the three (G25 on a narrow strip); ▐ its bar"
		  : "                 deepest of the three (G25 on a narrow strip); | its bar",
		"  m s / M S      mute and solo off / on",
		"  R T L W -      left of the fader value: automation read, touch, latch,",
		"                 write, or off (lanes kept, not played); an automated strip",
		"                 shows what its lanes play at the playhead (a changes the mode)",
		"  dim name       silenced by another strip's solo: dimmed, its name off its",
		"                 colour block",
		"  underlined     the selected strip (its fader value reversed)",
		"  REF -3.2       on the master: a reference heard, and the gain matching it",
		"  M S I LRA TP   the master's loudness: momentary, short-term, integrated LUFS,",
		"                 range in LU, true-peak maximum; tgt is the project's target",
		u ? "  ··┊·█ +0.80    the master's L/R correlation over 400 ms, -1..+1, a mark at 0"
		  : "  ..|.# +0.80    the master's L/R correlation over 400 ms, -1..+1, a mark at 0",
		"                 (below it, in the warning colour, the sides cancel in mono)",
		"  MON:mono       in the header: the monitor mode heard (o, :monitor)",
		u ? "  →Drums hpf 90  from 120 columns, beside the meter: where the strip goes,"
		  : "  >Drums hpf 90  from 120 columns, beside the meter: where the strip goes,",
		"  eq 3  comp -3  its filters, EQ bands in use, its dynamics' reduction now,",
		"  reverb -12     and each send's level in dB (p: taken before the fader)",
		"  OFFLINE        the stem went bad: silent until :reload",
		"  [+]            after the project's name: changes not saved yet",
		"  @Verse         the last marker before the playhead",
		"  strips 1-8     which strips are shown, when not all fit (the rest scroll)",
	};
	int n = (int)(sizeof lines / sizeof *lines);
	for (int i = 0; i < n; i++) {
		int y = y0 + i - first;
		if (y >= y0 && y < y0 + rows)
			widget_text(y, 0, COLS, i ? A_NORMAL : theme_attr(R_TITLE) | A_BOLD, lines[i]);
	}
	return n;
}
