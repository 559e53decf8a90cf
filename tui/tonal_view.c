/* tonal_view.c — `t`: the tonal balance. Two long-term 1/3-octave
 * spectra over the 31 ISO bands, each in dB relative to its own
 * integrated loudness (so the curves compare balance, not level): the
 * mix as bars, measured from what has played since the meter's last
 * reset (`c`), and the selected reference as a line of marks, measured
 * from its whole file. Below them, mix minus reference per band,
 * highlighted beyond +-3 dB.
 *
 *    -6 ┤      ▔▔    ▆▆
 *   -12 ┤   ▆▆ ██ ▔▔ ██ ...
 *       20    40    80   ...
 *   diff +2 -1 +4 ...          */
#include "tui.h"
#include "tmix.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define DIFF_FLAG_DB 3.0

static void tonal_draw(struct app *a, int flags)
{
	struct engine_tonal t;
	struct engine_reference r;
	int ax = 6, colw, ph, y0 = 3, span_db = 36;
	double top = -INFINITY, per_row;
	const char *refname = NULL;
	char buf[256];

	(void)flags;
	engine_tonal(a->e, a->ref_sel, &t);
	engine_reference_status(a->e, a->ref_sel, &r);
	if (a->p->nrefs && a->ref_sel < a->p->nrefs)
		refname = a->p->refs[a->ref_sel].name;
	colw = (COLS - ax - 1) / SPECTRUM_BANDS;
	if (colw < 2)
		colw = 2;
	if (colw > 4)
		colw = 4;
	ph = LINES - 2 - y0 - 4; /* plot rows: then labels, two of differences, legend; status and hints */
	per_row = (double)span_db / ph;

	snprintf(buf, sizeof buf, " Tonal balance: mix %s%s%s, dB re each one's loudness (t or Esc: back)",
		 refname ? "vs \"" : "", refname ? refname : "(no reference)", refname ? "\"" : "");
	widget_text(2, 0, COLS, theme_attr(R_TITLE), buf);
	for (int j = 0; j < SPECTRUM_BANDS; j++) {
		if (t.mix_valid && isfinite(t.mix[j]))
			top = fmax(top, t.mix[j]);
		if (t.ref_valid && isfinite(t.ref[j]))
			top = fmax(top, t.ref[j]);
	}
	top = isfinite(top) ? ceil(top / 3) * 3 : 0;

	for (int i = 0; i < ph; i++) {
		int y = y0 + i;
		double hi = top - i * per_row, lo = hi - per_row; /* this row spans lo..hi dB */
		char lab[16] = "";
		if (i % 3 == 0)
			snprintf(lab, sizeof lab, "%4.0f", hi);
		widget_text(y, 0, ax - 1, theme_attr(R_DIM), lab);
		widget_text(y, ax - 1, 1, theme_attr(R_GRID), i % 3 == 0 ? (a->utf8 ? "┤" : "+") : (a->utf8 ? "│" : "|"));
		for (int j = 0; j < SPECTRUM_BANDS; j++) {
			int x = ax + j * colw;
			double m = t.mix_valid ? t.mix[j] : -INFINITY, rf = t.ref_valid ? t.ref[j] : -INFINITY;
			const char *cell = " ";
			attr_t at = A_NORMAL;
			if (isfinite(m) && m >= hi)
				cell = a->utf8 ? "█" : "#", at = theme_attr(R_FADER);
			else if (isfinite(m) && m > lo) {
				static const char *const e8[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
				int k = (int)((m - lo) / per_row * 8 + 0.5);
				cell = a->utf8 ? e8[k] : k >= 4 ? "#" : " ";
				at = theme_attr(R_FADER);
			}
			if (isfinite(rf) && rf <= hi && rf > lo)
				cell = a->utf8 ? "▔" : "-", at = theme_attr(R_CURVE);
			for (int c = 0; c < colw - 1; c++)
				widget_text(y, x + c, 1, at, cell);
			widget_text(y, x + colw - 1, 1, A_NORMAL, "");
		}
		widget_text(y, ax + SPECTRUM_BANDS * colw, COLS - ax - SPECTRUM_BANDS * colw, A_NORMAL, "");
	}

	/* band labels: as many as fit without touching */
	int y = y0 + ph;
	widget_text(y, 0, COLS, A_NORMAL, "");
	widget_text(y, 0, ax, theme_attr(R_DIM), "   Hz");
	for (int j = 0, next = ax; j < SPECTRUM_BANDS; j++) {
		int x = ax + j * colw;
		const char *l = spectrum_label(j);
		if (x < next)
			continue;
		widget_text(y, x, (int)strlen(l), theme_attr(R_DIM), l);
		next = x + (int)strlen(l) + 1;
	}

	/* differences: on two rows, alternate bands, when columns are narrow */
	int rows2 = colw < 4;
	y++;
	widget_text(y, 0, COLS, A_NORMAL, "");
	widget_text(y + 1, 0, COLS, A_NORMAL, "");
	widget_text(y, 0, ax, theme_attr(R_DIM), " diff");
	if (t.mix_valid && t.ref_valid)
		for (int j = 0; j < SPECTRUM_BANDS; j++) {
			double d = t.mix[j] - t.ref[j];
			int lim = 99, w = rows2 ? 2 * colw - 1 : colw - 1, dy = rows2 ? j & 1 : 0;
			if (!isfinite(d))
				continue;
			if (t.mix[j] < -60 || t.ref[j] < -60) { /* next to nothing in one of them */
				widget_text(y + dy, ax + j * colw, 1, theme_attr(R_DIM), a->utf8 ? "·" : ".");
				continue;
			}
			if (d > lim) d = lim;
			if (d < -lim) d = -lim;
			snprintf(buf, sizeof buf, "%+.0f", d);
			if (!strcmp(buf, "+0") || !strcmp(buf, "-0"))
				snprintf(buf, sizeof buf, "0");
			widget_text(y + dy, ax + j * colw, w, fabs(d) > DIFF_FLAG_DB ? theme_attr(R_METER_HI) | A_BOLD : A_NORMAL,
				    buf);
		}
	y++;

	/* what the curves are */
	y++;
	if (!t.mix_valid)
		snprintf(buf, sizeof buf, " mix: play it to measure (averaged since the last c)");
	else
		snprintf(buf, sizeof buf, " %s mix, %.0f s since the last c   %s %s%s", a->utf8 ? "█" : "#", t.mix_seconds,
			 a->utf8 ? "▔" : "-", !refname ? "no [reference] in the project"
			 : t.ref_valid ? "reference" : r.measuring ? "reference: measuring..." : "reference: not measured",
			 t.mix_valid && t.ref_valid ? "   diff = mix - reference" : "");
	widget_text(y, 0, COLS, theme_attr(R_DIM), buf);
}

/* Home, t, Space and the rest are the shared rows (keymap.c). */
static const struct binding tonal_keys[] = {
	{27, "Esc", SCR_TONAL, NULL, "back to the console", keymap_back, NULL},
};

const struct screen screen_tonal = {
	.name = "tonal",
	.bit = SCR_TONAL,
	.draw = tonal_draw,
	.bindings = tonal_keys,
	.nbindings = (int)ARRAY_LEN(tonal_keys),
};
