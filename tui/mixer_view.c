/* mixer_view.c — the header and the console: strips scrolled with the
 * selection, the dB scale and the master pinned at the right; the layout
 * for the terminal's size; which strips another's solo silences; and the
 * meters' ballistics (fall-off, 2 s peak hold, the peak figure held
 * until `c`, latched clips), computed once per frame from the engine's
 * snapshot. */
#include "tui.h"
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
		/* reduction is negative: "fall" toward 0 is a rise, so negate */
		v->gr_comp = -fall(-v->gr_comp, -m.gr_comp, dt * 2);
		v->gr_gate = -fall(-v->gr_gate, -m.gr_gate, dt * 2);
		v->gr_lim = -fall(-v->gr_lim, -m.gr_limiter, dt * 2);
	}
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
	if (nb > n && a->view == V_MIXER)
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
	for (int drop = 0; drop < 4; drop++) {
		char xr[32] = "", out[160] = "", mkr[160] = "";
		if (drop < 1)
			snprintf(out, sizeof out, " %s %s", bar, st->null_output ? "null output" : st->output);
		if (drop < 2 || st->xruns)
			snprintf(xr, sizeof xr, " %s xrun %u", bar, st->xruns);
		if (drop < 3 || mk)
			snprintf(mkr, sizeof mkr, " %s %s%s", bar, mk ? "@" : "", mk ? mk : "no marker");
		snprintf(row, sizeof row, " loop %s%s%s%s %s DSP %.0f%%%s%s", st->looping ? l1 : "off",
			 st->looping ? "-" : "", st->looping ? l2 : "", mkr, bar, st->dsp_load * 100, xr, out);
		if (widget_utf8_cols(row, COLS, NULL) < COLS - 12)
			break;
	}
	/* the right end is kept for the master's LUFS and the scroll range */
	widget_text(1, 0, COLS - 12, hd, row);
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
