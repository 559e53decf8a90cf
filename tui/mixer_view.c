/* mixer_view.c — the header and the console: strips scrolled with the
 * selection, the dB scale and the master pinned at the right; the layout
 * for the terminal's size; which strips another's solo silences; and the
 * meters' ballistics (fall-off, 2 s peak hold, the peak figure held
 * until `c`, latched clips), computed once per frame from the engine's
 * snapshot. */
#include "tui.h"
#include "automation.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define STRIP_MIN 8  /* 7 columns and a gap: fader, meters, reduction */
#define STRIP_INFO 15 /* from WIDE_COLS: room for processors and sends */
#define STRIP_MAX 17 /* a 16-character name and a gap */
#define WIDE_COLS 120
#define SCALE_W 4
#define MASTER_W 11 /* 7, and the master's own scale */
#define FALL_DB_S 20.0 /* IEC type II PPM fall: 20 dB in ~1 s (rounded) */
#define HOLD_S 2.0

bool mixer_too_small(void)
{
	return COLS < MIXER_MIN_COLS || LINES < MIXER_MIN_LINES;
}

/* Columns per strip: every strip's name in full when they all fit, and
 * from WIDE_COLS at least STRIP_INFO; narrower only down to STRIP_MIN
 * so that more strips fit (the rest scroll). */
static int strip_pitch(const struct app *a)
{
	int nb = a->p->nstrips - 1, avail = COLS - SCALE_W - 1 - MASTER_W, want = STRIP_MIN;
	int lo = COLS >= WIDE_COLS ? STRIP_INFO : STRIP_MIN;
	if (nb < 1)
		return lo;
	if (COLS >= WIDE_COLS)
		want = avail / nb;
	else
		for (int i = 0; i < nb; i++) {
			int c = widget_utf8_cols(a->p->strips[i]->name, STRIP_MAX, NULL) + 1;
			if (c > want)
				want = c;
		}
	if (want > STRIP_MAX)
		want = STRIP_MAX;
	if (want * nb > avail)
		want = avail / nb;
	if (want < lo && avail / lo > 0)
		want = avail / (avail / lo); /* they scroll: the room left over goes to the names */
	if (want > STRIP_MAX)
		want = STRIP_MAX;
	return want < lo ? lo : want;
}

/* Strips (tracks and buses, not the master) that fit left of the scale. */
int mixer_visible(const struct app *a)
{
	int n = (COLS - SCALE_W - 1 - MASTER_W) / strip_pitch(a);
	return n < 1 ? 1 : n;
}

/* The engine's solo in place (graph_update_solo), read off the model:
 * with any strip soloed, a strip is heard when it is the master, an
 * effect return, soloed, on a soloed strip's way to the master, or
 * feeding a soloed bus. */
bool strip_silenced(const struct app *a, int idx)
{
	const struct project *p = a->p;
	int master = p->nstrips - 1;
	bool any = false;
	const struct strip *s = p->strips[idx];
	if (idx == master || s->fx != FX_NONE || s->v[P_SOLO] > 0)
		return false;
	for (int i = 0; i < master && !any; i++)
		any = p->strips[i]->v[P_SOLO] > 0;
	if (!any)
		return false;
	for (int i = 0; i < master; i++) {
		if (p->strips[i]->v[P_SOLO] <= 0)
			continue;
		/* downstream of a soloed strip */
		for (int k = p->strips[i]->output, n = 0; k >= 0 && k < master && n < master; k = p->strips[k]->output, n++)
			if (k == idx)
				return false;
		/* upstream: idx's way to the master passes through it */
		for (int k = s->output, n = 0; k >= 0 && k < master && n < master; k = p->strips[k]->output, n++)
			if (k == i)
				return false;
	}
	return true;
}

static float to_db(float lin)
{
	return lin > 1e-5f ? 20 * log10f(lin) : -100;
}

static float fall(float shown, float in, double dt)
{
	if (in >= shown)
		return in;
	shown -= (float)(FALL_DB_S * dt);
	return shown < in ? in : shown < -100 ? -100 : shown;
}

void meters_update(struct app *a, double dt)
{
	engine_loudness(a->e, &a->lu);
	for (int i = 0; i < a->p->nstrips; i++) {
		struct strip_meter m;
		struct meter_view *v = &a->mv[i];
		engine_meter(a->e, i, &m);
		for (int c = 0; c < 2; c++) {
			float pk = to_db(m.peak[c]);
			if (m.peak[c] > v->peak_lin)
				v->peak_lin = m.peak[c];
			v->peak[c] = fall(v->peak[c], pk, dt);
			v->rms[c] = fall(v->rms[c], to_db(m.rms[c]), dt);
			if (pk >= v->hold[c]) {
				v->hold[c] = pk;
				v->hold_t[c] = a->now;
			} else if (a->now - v->hold_t[c] > HOLD_S)
				v->hold[c] = fall(v->hold[c], v->peak[c], dt);
		}
		if (m.clips)
			v->clip = true;
		if (!isnan(m.corr)) {
			v->corr = m.corr;
			v->corr_t = a->now;
		}
		/* reduction is negative: "fall" toward 0 is a rise, so negate */
		for (int k = 0; k < MGR_N; k++)
			v->gr[k] = -fall(-v->gr[k], -m.gr[k], dt * 2);
	}
}

float meter_corr(const struct app *a, int strip)
{
	const struct meter_view *v = &a->mv[strip];
	return v->corr_t > 0 && a->now - v->corr_t < 1.0 ? v->corr : NAN;
}

static void fmt_clock(char *buf, size_t n, double t)
{
	/* fixed width while it runs, so the header does not jitter */
	int m;
	if (!(t > 0))
		t = 0;
	m = (int)(t / 60);
	snprintf(buf, n, "%d:%04.1f", m, t - m * 60);
}

static const char *current_marker(const struct app *a)
{
	const char *name = NULL;
	for (int i = 0; i < a->p->nmarkers; i++)
		if (a->p->markers[i].t <= a->st.pos + 0.05)
			name = a->p->markers[i].name;
	return name;
}

void header_draw(struct app *a)
{
	const struct engine_status *st = &a->st;
	char pos[32], len[32], l1[64], l2[64], right[128], row[512], scroll[64] = "", title[512];
	const char *mk = current_marker(a);
	int n = mixer_visible(a), nb = a->p->nstrips - 1, name_w;
	attr_t hd = theme_attr(R_HEADER);
	const char *bar = a->utf8 ? "│" : "|";

	/* the scroll range, shorter where the name needs the room */
	if (nb > n && a->screen == &screen_mixer)
		snprintf(scroll, sizeof scroll, COLS >= 80 ? " strips %d-%d of %d " : " %d-%d/%d ", a->first + 1,
			 a->first + n < nb ? a->first + n : nb, nb);
	name_w = COLS - 8 - 24 - (int)strlen(scroll) - 4;
	if (name_w > COLS / 2)
		name_w = COLS / 2;

	/* row 0: name, unsaved mark, transport */
	widget_text(0, 0, COLS, hd, "");
	attrset(theme_attr(R_TITLE));
	mvaddstr(0, 1, "tmix");
	attrset(hd);
	addstr(" ");
	addstr(bar);
	{ /* a name too long is cut at a word where it can be, and says so (…) */
		const char *nm = a->p->proj.name ? a->p->proj.name : "";
		int bytes, k;
		if (widget_utf8_cols(nm, name_w + 1, NULL) > name_w && name_w > 4) {
			widget_utf8_cols(nm, name_w - 1, &bytes);
			for (k = bytes; k > bytes / 2 && nm[k] != ' '; k--)
				;
			snprintf(title, sizeof title, "%.*s%s", nm[k] == ' ' ? k : bytes, nm, a->utf8 ? "…" : "~");
		} else
			snprintf(title, sizeof title, "%s", nm);
	}
	widget_text(0, 8, name_w, theme_attr(R_TITLE), title);
	if (app_dirty(a)) {
		int bytes;
		char shown[256]; /* the name as widget_text shows it: escaped */
		int c = widget_utf8_cols(units_escape(title, shown, sizeof shown), name_w, &bytes);
		attrset(theme_attr(R_DIRTY));
		mvaddstr(0, 9 + c, "[+]");
	}
	fmt_clock(pos, sizeof pos, st->pos);
	fmt_clock(len, sizeof len, st->length);
	snprintf(right, sizeof right, "%s %s / %s ", st->playing ? (a->utf8 ? "▶ PLAY" : "> PLAY") :
		 (a->utf8 ? "■ STOP" : "# STOP"), pos, len);
	attrset(st->playing ? theme_attr(R_PLAYING) : theme_attr(R_TITLE));
	mvaddstr(0, COLS - (int)strlen(right) + (a->utf8 ? 2 : 0), right);

	/* row 1: loop, marker, load, xruns, output, (LUFS later), scroll */
	if (st->looping) {
		units_fmt_time(l1, sizeof l1, st->loop_start);
		units_fmt_time(l2, sizeof l2, st->loop_end);
	}
	/* where the row does not fit, the output goes first, then the xruns
	 * (while there are none), then the marker: a field is whole or absent */
	/* the monitor's mode, at the right end before the LUFS: never dropped */
	char mon[64] = "";
	int monw = 0;
	if (monitor_label(a, mon + 1, sizeof mon - 2)) {
		mon[0] = ' ';
		strcat(mon, " ");
		monw = (int)strlen(mon);
	}
	for (int drop = 0; drop < 4; drop++) {
		char xr[32] = "", out[160] = "", mkr[160] = "", lat[48] = "";
		/* the plugins' latency, made up on every other path: the mix is
		 * heard that much later than the transport's time */
		if (st->unit_latency > 0)
			snprintf(lat, sizeof lat, " %s lat %.1f ms", bar, 1000.0 * st->unit_latency / st->rate);
		if (drop < 1)
			snprintf(out, sizeof out, " %s %s", bar, st->null_output ? "null output" : st->output);
		if (drop < 2 || st->xruns)
			snprintf(xr, sizeof xr, " %s xrun %u", bar, st->xruns);
		if (drop < 3 || mk)
			snprintf(mkr, sizeof mkr, " %s %s%s", bar, mk ? "@" : "", mk ? mk : "no marker");
		snprintf(row, sizeof row, " loop %s%s%s%s %s DSP %.0f%%%s%s%s", st->looping ? l1 : "off",
			 st->looping ? "-" : "", st->looping ? l2 : "", mkr, bar, st->dsp_load * 100, lat, xr, out);
		if (widget_utf8_cols(row, COLS, NULL) < COLS - 12 - monw)
			break;
	}
	/* the right end is kept for the master's LUFS and the scroll range */
	widget_text(1, 0, COLS - 12 - monw, hd, row);
	if (monw) {
		/* the warning colour; in monochrome, where the header is already
		 * reversed, a bold block in normal video cut out of it */
		attr_t at = theme_attr(R_NOTICE);
		widget_text(1, COLS - 12 - monw, monw, at & A_COLOR ? at : A_BOLD, mon);
	}
	{
		char lu[32];
		loudness_header(a, lu, sizeof lu);
		snprintf(right, sizeof right, "%s %s", bar, lu);
		widget_text(1, COLS - 12, 12, hd, right);
	}
	if (scroll[0]) {
		attrset(theme_attr(R_HEADER));
		mvaddstr(0, COLS - 24 - (int)strlen(scroll), scroll);
	}
	attrset(A_NORMAL);
}

void mixer_draw(struct app *a, int flags)
{
	int pitch = strip_pitch(a), n = mixer_visible(a), nb = a->p->nstrips - 1;
	int h = LINES - 4, y = 2, x = 0;
	int mx = COLS - MASTER_W, sx = mx - 1 - SCALE_W;

	if (!(flags & (RD_CONSOLE | RD_LAYOUT)))
		return;
	for (int i = a->first; i < nb && i < a->first + n; i++, x += pitch) {
		strip_draw(a, i, y, x, pitch - 1, h);
		for (int r = 0; r < h; r++)
			mvaddch(y + r, x + pitch - 1, ' ');
	}
	/* blank what is left between the last strip and the scale */
	for (; x < sx; x++)
		for (int r = 0; r < h; r++)
			mvaddch(y + r, x, ' ');
	/* the tracks' scale: their meters start two rows down and stop three
	 * rows above the bottom (strip_draw) */
	widget_text(y, sx, SCALE_W, A_NORMAL, "");
	widget_text(y + 1, sx, SCALE_W, theme_attr(R_DIM), "dBFS"); /* the meters' scale, not the faders' */
	widget_scale(y + 2, sx, h - 5, SCALE_W - 1);
	for (int r = h - 3; r < h; r++)
		widget_text(y + r, sx, SCALE_W, A_NORMAL, "");
	for (int r = 2; r < h - 3; r++)
		widget_text(y + r, sx + SCALE_W - 1, 1, A_NORMAL, "");
	attrset(theme_attr(R_GRID));
	for (int r = 0; r < h; r++)
		mvaddstr(y + r, mx - 1, a->utf8 ? "│" : "|");
	attrset(A_NORMAL);
	strip_draw(a, a->p->nstrips - 1, y, mx, MASTER_W, h);
}

static void mixer_screen_draw(struct app *a, int flags)
{
	mixer_draw(a, flags | RD_CONSOLE); /* the meters move every frame */
}

/* The console's own keys, one function each. */
static int m_select(struct app *a, int dir)
{
	int was = a->sel;
	a->sel += dir;
	app_clamp_selection(a);
	if (a->sel == was)
		return app_status(a, false, dir < 0 ? "already the first strip" : "already the last strip (the master)"),
		       RD_STATUS;
	return RD_CONSOLE | RD_HEADER;
}

static int m_left(struct app *a, int key)
{
	(void)key;
	return m_select(a, -1);
}

static int m_right(struct app *a, int key)
{
	(void)key;
	return m_select(a, +1);
}

/* The fader in steps on a half-dB grid; below -90 dB it is off. */
static int m_fader(struct app *a, double db)
{
	struct strip *s = app_strip(a);
	double v = s->v[P_GAIN];
	int rd = auto_step(a, a->sel, "gain", db);
	if (rd >= 0) /* an automated fader: the lane moves (or records) */
		return rd;
	if (isinf(v) && db > 0)
		v = -90 - db;
	v = round((v + db) * 2) / 2;
	if (v > 12) v = 12;
	if (v < -90) v = -INFINITY;
	if (v == s->v[P_GAIN]) /* at an end: say so rather than repeat the value */
		return app_status(a, false, "%s gain is at its %s", s->name, v > 0 ? "+12 dB top" : "-inf bottom"), RD_STATUS;
	return edit_scalar(a, a->sel, P_GAIN, v, PM_VALUE);
}

static int m_fader_up(struct app *a, int key)
{
	(void)key;
	return m_fader(a, 0.5);
}

static int m_fader_down(struct app *a, int key)
{
	(void)key;
	return m_fader(a, -0.5);
}

static int m_fader_up3(struct app *a, int key)
{
	(void)key;
	return m_fader(a, 3);
}

static int m_fader_down3(struct app *a, int key)
{
	(void)key;
	return m_fader(a, -3);
}

static int m_unity(struct app *a, int key)
{
	int rd;
	(void)key;
	rd = auto_set_heard(a, a->sel, "gain", 0);
	return rd >= 0 ? rd : edit_scalar(a, a->sel, P_GAIN, 0, PM_VALUE);
}

static int m_auto(struct app *a, int key)
{
	(void)key;
	return auto_cycle(a);
}

static int m_pan(struct app *a, int key)
{
	struct strip *s = app_strip(a);
	int dir = key == '<' ? -1 : 1;
	double v = param_step(P_PAN, s->v[P_PAN], dir, false);
	int rd = auto_step(a, a->sel, "pan", dir * param_defs[P_PAN].step);
	if (rd >= 0)
		return rd;
	if (v == s->v[P_PAN]) /* at an end: say so */
		return app_status(a, false, "%s pan is at its %s end", s->name, dir < 0 ? "left (L100)" : "right (R100)"),
		       RD_STATUS;
	return edit_scalar(a, a->sel, P_PAN, v, PM_VALUE);
}

static int m_mute(struct app *a, int key)
{
	int rd = auto_mute_key(a, a->sel); /* recording: the mute lane */
	(void)key;
	if (rd >= 0)
		return rd;
	return edit_set(a, a->sel, "mute", app_strip(a)->v[P_MUTE] > 0 ? "no" : "yes", false);
}

static int m_solo(struct app *a, int key)
{
	struct strip *s = app_strip(a);
	(void)key;
	if (s->kind == SK_MASTER)
		return app_status(a, false, "the master has no solo"), RD_STATUS;
	return edit_set(a, a->sel, "solo", s->v[P_SOLO] > 0 ? "no" : "yes", false);
}

static int m_gainstage(struct app *a, int key)
{
	(void)key;
	return gainstage_start(a, a->sel);
}

static int m_detail(struct app *a, int key)
{
	(void)key;
	screen_switch(a, &screen_detail);
	return RD_ALL;
}

/* L: the project's loop on or off; never set, the whole song. */
static int m_loop(struct app *a, int key)
{
	struct strip *pj = &a->p->proj;
	char t0[32], t1[32], txt[80];
	bool on = pj->mode[P_LOOP] == PM_VALUE;
	(void)key;
	if (!on && a->p->loop_end <= pj->v[P_LOOP]) { /* never set: loop the whole song */
		pj->v[P_LOOP] = 0;
		a->p->loop_end = a->st.length > 0 ? a->st.length : 1;
	}
	/* off keeps the region (START - END off): L brings it back */
	snprintf(txt, sizeof txt, "%s - %s%s", units_fmt_time(t0, sizeof t0, pj->v[P_LOOP]),
		 units_fmt_time(t1, sizeof t1, a->p->loop_end), on ? " off" : "");
	return edit_set(a, -1, "loop", txt, false);
}

static const struct binding mixer_keys[] = {
	{KEY_LEFT, "←  h", SCR_MIXER, NULL, "select the strip to the left", m_left, NULL},
	{'h', NULL, SCR_MIXER, NULL, NULL, m_left, NULL},
	{KEY_RIGHT, "→  l", SCR_MIXER, "←→\th/l\tselect", "select the strip to the right", m_right, NULL},
	{'l', NULL, SCR_MIXER, NULL, NULL, m_right, NULL},
	{KEY_UP, "↑  k", SCR_MIXER, NULL, "fader +0.5 dB", m_fader_up, NULL},
	{'k', NULL, SCR_MIXER, NULL, NULL, m_fader_up, NULL},
	{KEY_DOWN, "↓  j", SCR_MIXER, "↑↓\tk/j\tfader", "fader -0.5 dB", m_fader_down, NULL},
	{'j', NULL, SCR_MIXER, NULL, NULL, m_fader_down, NULL},
	{KEY_PPAGE, "PgUp K", SCR_MIXER, NULL, "fader +3 dB", m_fader_up3, NULL},
	{'K', NULL, SCR_MIXER, NULL, NULL, m_fader_up3, NULL},
	{KEY_NPAGE, "PgDn J", SCR_MIXER, NULL, "fader -3 dB", m_fader_down3, NULL},
	{'J', NULL, SCR_MIXER, NULL, NULL, m_fader_down3, NULL},
	{'0', "0", SCR_MIXER, NULL, "fader to 0 dB", m_unity, NULL},
	{'<', "<  >", SCR_MIXER, "<>\t<>\tpan", "pan 5 left / right", m_pan, NULL},
	{'>', NULL, SCR_MIXER, NULL, NULL, m_pan, NULL},
	{'m', "m", SCR_MIXER, "m\tm\tmute", "mute the selected strip", m_mute, NULL},
	{'s', "s", SCR_MIXER, "s\ts\tsolo", "solo the selected strip", m_solo, NULL},
	{'g', "g", SCR_MIXER, NULL, "gain staging: set the trim so the stem peaks at -10 dBFS (analyses first)",
	 m_gainstage, NULL},
	{'(', "(  )", SCR_MIXER, NULL, "move the strip one place left / right (:move left, :move right)", NULL,
	 "move left"},
	{')', NULL, SCR_MIXER, NULL, NULL, NULL, "move right"},
	{'\n', "Enter e", SCR_MIXER, "e\te\tdetail", "detail panel of the selected strip", m_detail, NULL},
	{'\r', NULL, SCR_MIXER, NULL, NULL, m_detail, NULL},
	{KEY_ENTER, NULL, SCR_MIXER, NULL, NULL, m_detail, NULL},
	{'e', NULL, SCR_MIXER, NULL, NULL, m_detail, NULL},
	{'L', "L", SCR_MIXER, NULL, "loop on / off (the project's loop region)", m_loop, NULL},
	{'a', "a", SCR_MIXER, NULL, "automation mode of the strip: off, read, touch, latch, write (:auto)", m_auto,
	 NULL},
};

const struct screen screen_mixer = {
	.name = "console",
	.bit = SCR_MIXER,
	.draw = mixer_screen_draw,
	.bindings = mixer_keys,
	.nbindings = (int)ARRAY_LEN(mixer_keys),
};
