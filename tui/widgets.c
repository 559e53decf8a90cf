/* widgets.c — the drawing primitives of the console: vertical bars with
 * eighth-cell resolution, level meters on the IEC 60268-18 scale, and
 * text clipped to a column width. Each writes every cell of its box every
 * time, so redrawing into the same window lets ncurses send only what
 * changed (no erase per frame). */
#include "tui.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* IEC 60268-18 meter deflection, piecewise linear in dB: the lower
 * decades are squeezed so -60..0 dBFS fills the height usefully. */
double iec_deflection(double db)
{
	double d;
	if (!(db > -70))
		d = 0;
	else if (db < -60)
		d = (db + 70) * 0.25;
	else if (db < -50)
		d = (db + 60) * 0.5 + 2.5;
	else if (db < -40)
		d = (db + 50) * 0.75 + 7.5;
	else if (db < -30)
		d = (db + 40) * 1.5 + 15;
	else if (db < -20)
		d = (db + 30) * 2 + 30;
	else if (db < 0)
		d = (db + 20) * 2.5 + 50;
	else
		d = 100;
	return d / 100;
}

static const char *const eighths[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

/* The cell of a bar filled to frac (0..1) of h rows, row i from the
 * bottom: full, empty, or a partial block (ASCII: rounded). */
static const char *bar_cell(double frac, int i, int h, bool utf8)
{
	double fill = frac * h - i;
	if (fill >= 1)
		return utf8 ? eighths[8] : "#";
	if (fill <= 0)
		return " ";
	if (!utf8)
		return fill >= 0.5 ? "#" : " ";
	return eighths[(int)(fill * 8 + 0.5)];
}

/* The fader: a thin track with a knob at the fader's position, so a
 * stopped console never shows solid columns that read as loud meters. */
void widget_fader(int y, int x, int h, double frac, attr_t at, bool utf8)
{
	int knob = (int)(frac * h - 0.5); /* row from the bottom */
	if (knob < 0)
		knob = 0;
	if (knob > h - 1)
		knob = h - 1;
	for (int i = 0; i < h; i++) {
		int row = y + h - 1 - i;
		if (i == knob) {
			attrset(at);
			mvaddstr(row, x, utf8 ? "━━" : "==");
		} else {
			attrset(theme_attr(R_GRID));
			mvaddstr(row, x, utf8 ? "┊ " : "| ");
		}
	}
	attrset(A_NORMAL);
}

/* Row (from the bottom) of a meter h rows high whose cell a level
 * reaches: the top cell it fills, even in part. */
static int level_row(double db, int h)
{
	int r = (int)ceil(iec_deflection(db) * h - 1e-9) - 1;
	return r < 0 ? 0 : r > h - 1 ? h - 1 : r;
}

/* The meter's scale: dBFS labels at the rows those levels reach,
 * right-aligned in w columns. The labels a short meter has no room for
 * go in order of use: 0, -12, -24 first, then -6, -18, -48, -36. */
void widget_scale(int y, int x, int h, int w)
{
	static const int order[] = {0, -12, -24, -6, -18, -48, -36};
	char taken[256] = {0};
	for (int i = 0; i < h; i++)
		widget_text(y + i, x, w, A_NORMAL, "");
	if (h > (int)sizeof taken)
		h = (int)sizeof taken;
	for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
		int r = level_row(order[k], h);
		char lab[8];
		if (taken[r])
			continue;
		taken[r] = 1;
		snprintf(lab, sizeof lab, "%*d", w, order[k]);
		widget_text(y + h - 1 - r, x, w, theme_attr(R_DIM), lab);
	}
}

void widget_hbar(int y, int x, int w, double frac, attr_t at, bool utf8)
{
	static const char *const left[9] = {" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
	attrset(at);
	for (int i = 0; i < w; i++) {
		double fill = frac * w - i;
		const char *c = fill >= 1 ? (utf8 ? left[8] : "#") : fill <= 0 ? " "
			: utf8 ? left[(int)(fill * 8 + 0.5)] : fill >= 0.5 ? "#" : " ";
		mvaddstr(y, x + i, c);
	}
	attrset(A_NORMAL);
}

/* Zone colour by height: green up to -18 dBFS, yellow to -6, red above. */
static enum role zone(double frac)
{
	static double mid = -1, hi;
	if (mid < 0) {
		mid = iec_deflection(-18);
		hi = iec_deflection(-6);
	}
	return frac >= hi ? R_METER_HI : frac >= mid ? R_METER_MID : R_METER_LO;
}

/* One channel: RMS as the solid body, peak as a lighter bar above it,
 * the held peak as a tick. */
void widget_meter(int y, int x, int h, const struct meter_view *m, int ch, bool utf8, attr_t extra)
{
	double r = iec_deflection(m->rms[ch]), p = iec_deflection(m->peak[ch]);
	double hd = iec_deflection(m->hold[ch]);
	int hold_row = hd > 0 ? (int)(hd * h - 0.01) : -1;

	for (int i = 0; i < h; i++) {
		double rf = r * h - i, pf = p * h - i;
		enum role rl = zone((i + 0.5) / h);
		const char *c;
		if (rf >= 1)
			c = utf8 ? eighths[8] : "#";
		else if (rf > 0 && pf < 1)
			c = bar_cell(r, i, h, utf8);
		else if (pf > 0)
			c = utf8 ? "░" : ":"; /* peaks above the RMS body */
		else
			c = " ";
		if (i == hold_row && pf < 1)
			c = utf8 ? "▔" : "-", rl = R_HOLD;
		attrset(theme_attr(rl) | extra);
		mvaddstr(y + h - 1 - i, x, c);
	}
	attrset(A_NORMAL);
}

int widget_utf8_cols(const char *s, int maxcols, int *bytes)
{
	mbstate_t st;
	int cols = 0;
	size_t off = 0, len = strlen(s);
	memset(&st, 0, sizeof st);
	while (off < len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + off, len - off, &st);
		int w;
		if (k == (size_t)-1 || k == (size_t)-2) {
			k = 1; /* not valid in this locale: one byte, one column */
			w = 1;
			memset(&st, 0, sizeof st);
		} else {
			w = wcwidth(wc);
			if (w < 0)
				w = 1;
		}
		if (cols + w > maxcols)
			break;
		cols += w;
		off += k;
	}
	if (bytes)
		*bytes = (int)off;
	return cols;
}

static bool ascii_only;

void widget_ascii(bool on)
{
	ascii_only = on;
}

/* Outside a UTF-8 locale, text from the model or the engine may still
 * hold UTF-8 (a name, an em dash): show dashes as '-' and the rest as
 * '?' rather than let curses print escapes. */
static const char *to_ascii(const char *s, char *buf, size_t n)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && o + 1 < n; p++) {
		if (*p < 0x80) {
			buf[o++] = (char)*p;
			continue;
		}
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94))
			buf[o++] = '-';
		else if (*p >= 0xc0)
			buf[o++] = '?';
		/* continuation bytes are dropped */
	}
	buf[o] = 0;
	return buf;
}

/* Every piece of text on the screen comes through here, so this is where
 * names, paths, values and messages are escaped (units_escape): curses
 * would pass some control bytes (an 8-bit CSI, U+009B) to the terminal
 * as they are, and show others in a form of its own. */
void widget_text(int y, int x, int w, attr_t at, const char *s)
{
	int bytes, cols;
	char abuf[1024], ebuf[1024];
	if (w <= 0)
		return;
	s = units_escape(s, ebuf, sizeof ebuf);
	if (ascii_only)
		s = to_ascii(s, abuf, sizeof abuf);
	if (y == LINES - 1 && x + w >= COLS)
		w = COLS - x - 1; /* the last cell: terminals without insert-char would scroll */
	cols = widget_utf8_cols(s, w, &bytes);
	attrset(at);
	mvaddnstr(y, x, s, bytes);
	for (int i = cols; i < w; i++)
		addch(' ');
	attrset(A_NORMAL);
}

/* Text too long for one row, wrapped at spaces over as many rows as it
 * needs (at most `max`), its last row at y; returns the rows used. */
int widget_wrap_up(int y, attr_t at, const char *s, int max)
{
	const char *start[64];
	int len[64], n = 0;
	while (*s && n < 64 && n < max) {
		int bytes, k;
		widget_utf8_cols(s, COLS, &bytes);
		k = bytes;
		if (s[bytes] && n + 1 < max) { /* break at the last space that fits */
			while (k > 0 && s[k] != ' ')
				k--;
			if (k == 0)
				k = bytes;
		} else if (s[bytes])
			k = bytes;
		start[n] = s;
		len[n++] = k;
		s += k;
		while (*s == ' ')
			s++;
	}
	for (int i = 0; i < n; i++) {
		char row[1024];
		snprintf(row, sizeof row, "%.*s", len[i], start[i]);
		widget_text(y - (n - 1) + i, 0, COLS, at, row);
	}
	return n;
}
