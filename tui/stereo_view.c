/* stereo_view.c — `v`: stereo and loudness of the master as heard (before
 * the monitor section). Left, a goniometer drawn with braille dots (U+2800:
 * 2x4 dots a cell): the last ~85 ms, mid (L+R) up, side across, scaled to
 * its own peak, so a mono part is a vertical line, one side alone a
 * diagonal and out-of-phase audio lies flat. Right, the correlation meter,
 * the mono-fold drop (the loudness of (L+R)/2 on both sides against the
 * stereo loudness, short-term and integrated), and where each delivery
 * target (targets.h) would play the mix: "plays at -5.0 dB on spotify".
 *
 *    L   M   R     correlation  ·····┊··█··  +0.62
 *   ⠀⠀⠀⡇⠀⠀⠀        mono fold    -1.2 LU short-term ...
 *                  plays at -5.0 dB on spotify ...               */
#include "tui.h"
#include "targets.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define SCOPE_N 4096
#define MAX_W 120
#define MAX_H 60

static float sl[SCOPE_N], sr[SCOPE_N];

static void scope_draw(struct app *a, int y, int x, int w, int h)
{
	static unsigned char dots[MAX_H][MAX_W];
	static const unsigned char bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
	int n = engine_scope(a->e, sl, sr, SCOPE_N), dw = 2 * w, dh = 4 * h;
	double peak = 0;

	memset(dots, 0, sizeof dots);
	for (int i = 0; i < n; i++)
		peak = fmax(peak, fmax(fabs(sl[i] + sr[i]), fabs(sr[i] - sl[i])));
	/* the frames are from before the last stop too: show them only while
	 * something plays, and nothing below -80 dBFS */
	if (!a->st.playing || peak < 1e-4)
		n = 0;
	for (int i = 0; i < n; i++) {
		double sx = (sr[i] - sl[i]) / peak, my = (sl[i] + sr[i]) / peak; /* -1..1 */
		int px = (int)lround((sx + 1) / 2 * (dw - 1)), py = (int)lround((1 - my) / 2 * (dh - 1));
		if (px >= 0 && px < dw && py >= 0 && py < dh)
			dots[py / 4][px / 2] |= bit[py % 4][px % 2];
	}
	for (int r = 0; r < h; r++)
		for (int c = 0; c < w; c++) {
			unsigned char b = dots[r][c];
			bool axis = c == w / 2 || r == h / 2;
			if (a->utf8) {
				/* the axes as faint dots where nothing was drawn */
				char g[4] = {(char)0xe2, (char)(0xa0 | (b >> 6)), (char)(0x80 | (b & 0x3f)), 0};
				if (!b && axis) {
					widget_text(y + r, x + c, 1, theme_attr(R_GRID), c == w / 2 && r == h / 2 ? "┼" : c == w / 2 ? "┊" : "┈");
					continue;
				}
				widget_text(y + r, x + c, 1, theme_attr(R_CURVE), g);
			} else
				widget_text(y + r, x + c, 1, b ? theme_attr(R_CURVE) : theme_attr(R_GRID),
					    b ? (__builtin_popcount(b) > 2 ? "#" : "*") : axis ? "+" : " ");
		}
}

static void fmt_lu(char *buf, size_t n, double v)
{
	if (isfinite(v))
		snprintf(buf, n, "%+.1f LU", v + 0.0);
	else
		snprintf(buf, n, "---");
}

/* The mono fold as text: the change in LU, or that it cancels. */
static void fold_text(char *buf, size_t n, double stereo, double fold)
{
	if (!isfinite(stereo))
		snprintf(buf, n, "---");
	else if (!isfinite(fold) || fold - stereo < -40)
		snprintf(buf, n, "cancels (silent in mono)");
	else
		fmt_lu(buf, n, fold - stereo);
}

static void stereo_draw(struct app *a, int flags)
{
	const struct engine_loudness *l = &a->lu;
	int h = LINES - 2 - 4, w = 2 * h, x0 = 1, rx, ry = 3, rw;
	char buf[256], v1[64], v2[64];
	float c = meter_corr(a, a->p->nstrips - 1);

	(void)flags;
	if (h > MAX_H)
		h = MAX_H;
	if (w > COLS / 2 - 2)
		w = COLS / 2 - 2;
	if (w > MAX_W)
		w = MAX_W;
	w -= !(w & 1); /* odd: a middle column for the mid axis */
	if (h < 3 || w < 5) {
		widget_text(2, 0, COLS, theme_attr(R_DIM), " stereo view: the terminal is too small");
		return;
	}
	for (int r = 2; r < LINES - 2; r++)
		widget_text(r, 0, COLS, A_NORMAL, "");
	widget_text(2, 0, COLS, theme_attr(R_TITLE), " Stereo: the master before the monitor (v or Esc: back)");
	/* the goniometer's corners: left channel alone goes up-left */
	widget_text(ry, x0, 1, theme_attr(R_DIM), "L");
	widget_text(ry, x0 + w / 2, 1, theme_attr(R_DIM), "M");
	widget_text(ry, x0 + w - 1, 1, theme_attr(R_DIM), "R");
	scope_draw(a, ry + 1, x0, w, h);

	rx = x0 + w + 3;
	rw = COLS - rx;
	if (rw < 20)
		return;
	/* correlation */
	widget_text(ry, rx, rw, theme_attr(R_DIM), "correlation");
	{
		int bw = rw - 8 > 21 ? 21 : rw - 8;
		bw -= !(bw & 1);
		corr_bar(a, ry + 1, rx, bw, c);
		if (isnan(c))
			snprintf(buf, sizeof buf, " ---");
		else
			snprintf(buf, sizeof buf, " %+.2f", c);
		widget_text(ry + 1, rx + bw, rw - bw, !isnan(c) && c < 0 ? theme_attr(R_CLIP) : A_NORMAL, buf);
		widget_text(ry + 2, rx, rw, theme_attr(R_DIM), "-1 out of phase, 0, +1 mono");
	}
	/* the mono fold */
	widget_text(ry + 4, rx, rw, theme_attr(R_DIM), "mono fold, (L+R)/2 against stereo");
	fold_text(v1, sizeof v1, l->valid ? l->shortterm : -INFINITY, l->fold_shortterm);
	snprintf(buf, sizeof buf, "short-term  %s", v1);
	widget_text(ry + 5, rx, rw, A_NORMAL, buf);
	fold_text(v2, sizeof v2, l->valid ? l->integrated : -INFINITY, l->fold_integrated);
	snprintf(buf, sizeof buf, "integrated  %s", v2);
	widget_text(ry + 6, rx, rw, A_NORMAL, buf);

	/* the targets */
	{
		int y = ry + 8;
		const char *basis = "";
		double g;
		bool known = engine_playback_gain(a->e, targets[0].name, targets[0].lufs, &g, &basis);
		snprintf(buf, sizeof buf, "on each platform (mix %s)", known ? basis : "not measured yet: play it");
		widget_text(y++, rx, rw, theme_attr(R_DIM), buf);
		for (int i = 0; i < targets_count && y < LINES - 2; i++, y++) {
			const struct target *t = &targets[i];
			bool over;
			engine_playback_gain(a->e, t->name, t->lufs, &g, &basis);
			over = known && l->valid && isfinite(l->true_peak_max) && l->true_peak_max + g > t->tp;
			if (known)
				snprintf(buf, sizeof buf, "plays at %s dB on %s%s", units_fmt_level(v1, sizeof v1, g, 1, true), t->name,
					 over ? ", TP over" : "");
			else
				snprintf(buf, sizeof buf, "plays at --- on %s", t->name);
			widget_text(y, rx, rw, over ? theme_attr(R_CLIP) : A_NORMAL, buf);
		}
	}
}

/* Space, v, o and the rest are the shared rows (keymap.c). */
static const struct binding stereo_keys[] = {
	{27, "Esc", SCR_STEREO, NULL, "back to the console", keymap_back, NULL},
};

const struct screen screen_stereo = {
	.name = "stereo",
	.bit = SCR_STEREO,
	.draw = stereo_draw,
	.bindings = stereo_keys,
	.nbindings = (int)ARRAY_LEN(stereo_keys),
};
