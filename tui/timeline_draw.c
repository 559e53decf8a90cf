/* timeline_draw.c — the timeline's picture (timeline_view.c has its keys).
 *
 *    Timeline  cursor 0:12.5  bar 5.4  Vocal gain -3.0 dB  1 s/col
 *    time  0:00     0:05     0:10     0:15
 *    bar   1  ·  ·  ·  2  ·  ·  ·  3
 *    marks       ◆Verse   ══════▼════════ ◆Chorus
 *    Kick  ▂▅▂▅▂▅▂▅▂▅▂▅▂▅▂▅▂▅▂
 *    Vocal   ⠉⠉⠑⠒⠢⠤●⠤⠤⠤                 (the selected strip, taller:
 *    ▸gain      ▃▅▆▅▃▅▆▅▃▅▆                its lane over its audio)
 *
 * A track's row is its stem's overview; a bus's or the master's, the
 * stems that reach it (by output or send), before faders: the loudest
 * peak and the summed RMS. Columns not read yet show as dots with
 * "reading…", so the view opens at once. One row shows the peak as the
 * height of a block; the selected strip's taller row shows the RMS solid
 * and the peak above it shaded, under its lane's curve (braille) and
 * points. The cursor is a reversed column on the selected strip, the
 * selection shaded, the playhead a bright column through every row. */
#include "timeline.h"
#include "dsp/unit.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLOOR_DB 48.0 /* the overview's bottom, dB below full scale */
#define TITLE_Y 2
#define REBUILD_S 2.0 /* stems are looked at again this often (a replaced file) */

static const char *const eighths[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

static double tempo(const struct app *a)
{
	const struct strip *pj = &a->p->proj;
	return pj->mode[P_TEMPO] == PM_VALUE && pj->v[P_TEMPO] > 0 ? pj->v[P_TEMPO] : 0;
}

int timeline_name_w(void)
{
	return COLS >= 100 ? 16 : 12;
}

int timeline_lane_rows(void)
{
	return LINES >= 20 ? 4 : 3;
}

static int ruler_rows(const struct app *a)
{
	return tempo(a) > 0 ? 3 : 2;
}

double timeline_snap_step(const struct app *a, const struct timeline *tl)
{
	double bpm = tempo(a), spc = tl->spc > 0 ? tl->spc : 1;
	if (bpm > 0) { /* a beat, or 2, 4, 8 ... beats: never less than a column */
		double s = 60.0 / bpm;
		while (s < spc * 0.999)
			s *= 2;
		return s;
	}
	return spc;
}

/* Which strips reach which: by output (a track without one reaches the
 * master) and by send, through buses. */
static void tables(struct app *a, struct timeline *tl)
{
	const struct project *p = a->p;
	int n = p->nstrips;
	static double last;
	if (tl->seen == p && tl->seen_edits == a->edits && tl->n == n && a->now - last < REBUILD_S)
		return;
	last = a->now;
	tl->seen = p;
	tl->seen_edits = a->edits;
	tl->n = n;
	free(tl->stem);
	free(tl->feeds);
	tl->stem = xcalloc((size_t)n, sizeof *tl->stem);
	tl->feeds = xcalloc((size_t)n * (size_t)n, 1);
	for (int i = 0; i < n; i++) {
		const struct strip *s = p->strips[i];
		tl->stem[i] = s->kind == SK_TRACK && s->path ? overview_want(tl->ov, s->path) : -1;
	}
	for (int i = 0; i < n; i++) {
		unsigned char *reach = &tl->feeds[(size_t)i * (size_t)n];
		int stack[256], top = 0;
		reach[i] = 1;
		stack[top++] = i;
		while (top) {
			const struct strip *s = p->strips[stack[--top]];
			int next[1 + 64], nn = 0;
			if (s->kind != SK_MASTER)
				next[nn++] = s->output >= 0 ? s->output : n - 1;
			for (int k = 0; k < s->nsends && nn < (int)ARRAY_LEN(next); k++)
				if (s->sends[k].bus >= 0)
					next[nn++] = s->sends[k].bus;
			for (int k = 0; k < nn; k++)
				if (next[k] < n && !reach[next[k]] && top < (int)ARRAY_LEN(stack)) {
					reach[next[k]] = 1;
					stack[top++] = next[k];
				}
		}
	}
}

/* The columns of one strip: peak and RMS (linear), pending or failed. */
struct env {
	float pk, rms;
	signed char st; /* OV_DONE, OV_PENDING, OV_FAILED; 2: no audio reaches it */
};

static void track_env(struct app *a, struct timeline *tl, int i, int w, struct env *e)
{
	const struct strip *s = a->p->strips[i];
	double start = s->v[P_START];
	for (int x = 0; x < w; x++) {
		double t = tl->t0 + x * tl->spc - start;
		float pk, rms;
		int st = tl->stem[i] < 0 ? OV_FAILED : overview_span(tl->ov, tl->stem[i], t, t + tl->spc, &pk, &rms);
		e[x] = (struct env){st == OV_DONE ? pk : 0, st == OV_DONE ? rms : 0, (signed char)st};
	}
}

static void strip_env(const struct app *a, struct timeline *tl, int b, int w, struct env *trk, struct env *out)
{
	int n = tl->n, any = 0;
	bool own_failed = false;
	for (int x = 0; x < w; x++)
		out[x] = (struct env){0, 0, OV_DONE};
	for (int i = 0; i < n; i++) {
		if (!tl->feeds[(size_t)i * (size_t)n + b])
			continue;
		if (tl->stem[i] < 0) { /* no stem file to read (a bus), or a track whose file is gone */
			own_failed |= i == b && a->p->strips[i]->kind == SK_TRACK;
			continue;
		}
		any++;
		for (int x = 0; x < w; x++) {
			const struct env *t = &trk[(size_t)i * (size_t)w + x];
			struct env *o = &out[x];
			if (t->st == OV_PENDING && o->st != OV_FAILED)
				o->st = OV_PENDING;
			else if (t->st == OV_FAILED && i == b)
				o->st = OV_FAILED;
			o->pk = fmaxf(o->pk, t->pk);
			o->rms = sqrtf(o->rms * o->rms + t->rms * t->rms);
		}
	}
	for (int x = 0; x < w && (own_failed || !any); x++)
		out[x].st = own_failed ? OV_FAILED : 2;
}

static double level_frac(float v)
{
	double db;
	if (!(v > 0))
		return 0;
	db = 20 * log10(v);
	return fmin(1, fmax(0, (db + FLOOR_DB) / FLOOR_DB));
}

static int col_of(const struct timeline *tl, double t)
{
	return (int)floor((t - tl->t0) / tl->spc + 1e-9);
}

static void put(int y, int x, attr_t at, const char *s)
{
	attrset(at);
	mvaddstr(y, x, s);
}

static void braille(char *buf, unsigned bits)
{
	buf[0] = (char)0xE2;
	buf[1] = (char)(0xA0 | (bits >> 6));
	buf[2] = (char)(0x80 | (bits & 0x3F));
	buf[3] = 0;
}

static void title(struct app *a, struct timeline *tl, const struct lane_ref *r)
{
	char buf[512], t[32], v[32], bar[48] = "", sel[80] = "";
	const char *sep = a->utf8 ? " · " : " | ";
	double bpm = tempo(a);
	if (bpm > 0) {
		double beats = tl->cur * bpm / 60;
		snprintf(bar, sizeof bar, "%sbar %d.%d", sep, (int)(beats / 4) + 1, (int)fmod(beats, 4) + 1);
	}
	if (tl->vsel) {
		char s0[32], s1[32];
		snprintf(sel, sizeof sel, "%ssel %s-%s%s", sep, units_fmt_time(s0, sizeof s0, fmin(tl->va, tl->vb)),
			 units_fmt_time(s1, sizeof s1, fmax(tl->va, tl->vb)), tl->vsel == 1 ? "…" : "");
	}
	const struct strip *s = a->p->strips[a->sel];
	char zoom[48];
	int cols = 0;
	/* the strip's automation mode beside its lane: whether the lane
	 * plays (read), records (touch, latch, write) or is kept silent (off) */
	snprintf(buf, sizeof buf, " Timeline%scursor %s%s%s%s %s %s (%d pt%s, %s)%s", sep,
		 units_fmt_time(t, sizeof t, tl->cur), bar, sep, s->kind == SK_MASTER ? "master" : s->name, r->name,
		 lane_ref_fmt(r, lane_ref_value(r, tl->cur), v, sizeof v), r->l->n, r->l->n == 1 ? "" : "s",
		 auto_mode_names[strip_auto_mode(s)], sel);
	snprintf(zoom, sizeof zoom, "%s%g s/col", sep, tl->spc);
	for (const char *c = buf; *c; c++)
		cols += (*c & 0xC0) != 0x80;
	if (cols + (int)strlen(zoom) - (a->utf8 ? 1 : 0) <= COLS) /* the zoom goes first when it does not fit */
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s", zoom);
	widget_text(TITLE_Y, 0, COLS, theme_attr(R_TITLE), buf);
}

static void ruler(struct app *a, struct timeline *tl, int y, int x0, int w)
{
	static const double ivs[] = {0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600};
	double iv = ivs[ARRAY_LEN(ivs) - 1], bpm = tempo(a);
	char lab[32];
	int yy = y;

	for (size_t k = 0; k < ARRAY_LEN(ivs); k++)
		if (ivs[k] / tl->spc >= (ivs[k] < 1 ? 9 : 7)) {
			iv = ivs[k];
			break;
		}
	widget_text(yy, 0, x0, theme_attr(R_DIM), " time");
	widget_text(yy, x0, w, A_NORMAL, "");
	for (long k = (long)ceil(tl->t0 / iv - 1e-9);; k++) {
		int x = col_of(tl, k * iv), len;
		if (x >= w)
			break;
		units_fmt_time(lab, sizeof lab, k * iv);
		len = (int)strlen(lab);
		if (x >= 0 && x + len <= w)
			put(yy, x0 + x, theme_attr(R_DIM), lab);
	}
	if (bpm > 0) {
		double beat = 60 / bpm, bar = 4 * beat;
		int every = 1;
		yy++;
		while (every * bar / tl->spc < 4 && every < 1 << 20)
			every *= 2;
		widget_text(yy, 0, x0, theme_attr(R_DIM), " bar");
		widget_text(yy, x0, w, A_NORMAL, "");
		if (beat / tl->spc >= 2)
			for (long k = (long)ceil(tl->t0 / beat - 1e-9);; k++) {
				int x = col_of(tl, k * beat);
				if (x >= w)
					break;
				if (x >= 0)
					put(yy, x0 + x, theme_attr(R_GRID), a->utf8 ? "·" : ".");
			}
		for (long k = (long)ceil(tl->t0 / bar - 1e-9);; k++) {
			int x = col_of(tl, k * bar), len;
			if (x >= w)
				break;
			if (k % every)
				continue;
			len = snprintf(lab, sizeof lab, "%ld", k + 1);
			if (x >= 0 && x + len <= w)
				put(yy, x0 + x, theme_attr(R_DIM), lab);
		}
	}
	/* markers, the loop, the selection, the cursor and the playhead */
	yy++;
	widget_text(yy, 0, x0, theme_attr(R_DIM), " marks");
	widget_text(yy, x0, w, A_NORMAL, "");
	if (a->p->proj.mode[P_LOOP] == PM_VALUE) {
		int l0 = col_of(tl, a->p->proj.v[P_LOOP]), l1 = col_of(tl, a->p->loop_end);
		for (int x = l0 < 0 ? 0 : l0; x <= l1 && x < w; x++)
			put(yy, x0 + x, theme_attr(a->st.looping ? R_FADER : R_GRID),
			    x == l0 ? "[" : x == l1 ? "]" : a->utf8 ? "═" : "=");
	}
	for (int i = 0; i < a->p->nmarkers; i++) {
		int x = col_of(tl, a->p->markers[i].t), room;
		char nm[64];
		if (x < 0 || x >= w)
			continue;
		room = w - x - 1;
		for (int k = 0; k < a->p->nmarkers; k++) {
			int xk = col_of(tl, a->p->markers[k].t);
			if (xk > x && xk - x - 1 < room)
				room = xk - x - 1;
		}
		put(yy, x0 + x, theme_attr(R_TITLE), a->utf8 ? "◆" : "*");
		snprintf(nm, sizeof nm, "%s", a->p->markers[i].name);
		if (room > 0)
			widget_text(yy, x0 + x + 1, widget_utf8_cols(nm, room, NULL), theme_attr(R_TITLE), nm);
	}
	if (tl->vsel) { /* the selection: shaded, whatever is drawn there */
		int s0 = col_of(tl, fmin(tl->va, tl->vb)), s1 = col_of(tl, fmax(tl->va, tl->vb));
		for (int x = s0 < 0 ? 0 : s0; x <= s1 && x < w; x++) {
			chtype c = mvinch(yy, x0 + x);
			if ((c & A_CHARTEXT) == ' ')
				put(yy, x0 + x, theme_attr(R_SEL), a->utf8 ? "─" : "-");
			else
				mvchgat(yy, x0 + x, 1, theme_attr(R_SEL), 0, NULL);
		}
	}
	{
		int x = col_of(tl, tl->cur);
		if (x >= 0 && x < w)
			put(yy, x0 + x, theme_attr(R_CURVE), a->utf8 ? "▲" : "^");
		x = col_of(tl, a->st.pos);
		if (x >= 0 && x < w)
			put(yy, x0 + x, theme_attr(R_PLAYING), a->utf8 ? "▼" : "V");
	}
}

/* One strip: h rows from y; its envelope e; the lane curve when r. */
static void strip_rows(struct app *a, struct timeline *tl, int i, int y, int h, int x0, int w, const struct env *e,
		       const struct lane_ref *r)
{
	const struct strip *s = a->p->strips[i];
	bool sel = i == a->sel;
	int cur = col_of(tl, tl->cur), ph = col_of(tl, a->st.pos), v0 = -1, v1 = -1, first_pending = -1;
	unsigned char *dots = NULL;
	char name[300];

	if (tl->vsel) {
		v0 = col_of(tl, fmin(tl->va, tl->vb));
		v1 = col_of(tl, fmax(tl->va, tl->vb));
	}
	snprintf(name, sizeof name, "%s", s->kind == SK_MASTER ? "master" : s->name);
	widget_text(y, 0, x0 - 1, sel ? theme_attr(R_SEL) : theme_strip(strip_colour(s), false), name);
	widget_text(y, x0 - 1, 1, theme_attr(R_GRID), a->utf8 ? "│" : "|");
	for (int k = 1; k < h; k++) {
		char buf[400] = "", v[32];
		if (r && k == 1 && r->up) /* narrow: the slot and the symbol ("insert.N" is in the title) */
			snprintf(buf, sizeof buf, "%s%d %s", a->utf8 ? "▸" : ">", atoi(r->key + 12), r->up->sym);
		else if (r && k == 1)
			snprintf(buf, sizeof buf, "%s%s", a->utf8 ? "▸" : ">", r->name);
		else if (r && k == 2)
			snprintf(buf, sizeof buf, " %s", lane_ref_fmt(r, lane_ref_value(r, tl->cur), v, sizeof v));
		else if (r && k == 3)
			snprintf(buf, sizeof buf, " %d pt%s", r->l->n, r->l->n == 1 ? "" : "s");
		widget_text(y + k, 0, x0 - 1, theme_attr(k == 1 ? R_CURVE : R_DIM), buf);
		widget_text(y + k, x0 - 1, 1, theme_attr(R_GRID), a->utf8 ? "│" : "|");
	}

	/* the lane's curve in braille dots: 2 across, 4 down a cell */
	if (r) {
		int dh = h * 4, prev = -1;
		dots = xcalloc((size_t)w * (size_t)h, 1);
		for (int sx = 0; sx < 2 * w; sx++) {
			double t = tl->t0 + (sx + 0.5) * tl->spc / 2;
			int dy = (int)lround((1 - lane_ref_frac(r, lane_ref_value(r, t))) * (dh - 1));
			int lo = prev < 0 ? dy : prev < dy ? prev + 1 : dy, hi = prev < 0 ? dy : prev > dy ? prev - 1 : dy;
			static const unsigned char bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
			if (lo > hi)
				lo = hi = dy;
			for (int d = lo; d <= hi; d++)
				dots[(size_t)(d / 4) * (size_t)w + (size_t)(sx / 2)] |= bit[sx & 1][d % 4];
			prev = dy;
		}
	}

	for (int x = 0; x < w; x++) {
		const struct env *c = &e[x];
		for (int k = 0; k < h; k++) {
			const char *ch = " ";
			char bb[8];
			attr_t at = theme_attr(R_METER_LO);
			int from_bottom = h - 1 - k;
			if (c->st == OV_PENDING) {
				ch = k == h - 1 ? (a->utf8 ? "·" : ".") : " ";
				at = theme_attr(R_DIM);
				if (first_pending < 0)
					first_pending = x;
			} else if (c->st == OV_DONE) {
				double pf = level_frac(c->pk) * h - from_bottom, rf = level_frac(c->rms) * h - from_bottom;
				if (h == 1) {
					int q = (int)(fmin(1, fmax(0, pf)) * 8 + 0.5);
					ch = a->utf8 ? eighths[q] : q >= 4 ? "#" : q >= 1 ? "_" : " ";
				} else if (rf * 8 >= 1) { /* the RMS solid, the peak above it shaded */
					int q = (int)(fmin(1, rf) * 8);
					ch = a->utf8 ? eighths[q] : rf >= 0.5 ? "#" : pf >= 0.5 ? ":" : " ";
					at = theme_attr(R_GRID);
				} else if (pf >= 0.5) {
					ch = a->utf8 ? "░" : ":";
					at = theme_attr(R_GRID);
				}
			}
			if (dots && dots[(size_t)k * (size_t)w + (size_t)x]) {
				if (a->utf8) {
					braille(bb, dots[(size_t)k * (size_t)w + (size_t)x]);
					ch = bb;
				} else
					ch = "-";
				at = theme_attr(R_CURVE);
			}
			if (sel && x >= v0 && x <= v1)
				at = theme_attr(R_SEL);
			if (x == cur && sel)
				at |= A_REVERSE;
			if (x == ph) /* a bright column: the glyph is on the marks row */
				at = theme_attr(R_PLAYING);
			put(y + k, x0 + x, at, ch);
		}
	}
	/* the points, over the curve */
	if (r) {
		for (int k = 0; k < r->l->n; k++) {
			int x = col_of(tl, r->l->pt[k].t);
			int row = (int)lround((1 - lane_ref_frac(r, r->l->pt[k].v)) * (h * 4 - 1)) / 4;
			if (x < 0 || x >= w)
				continue;
			put(y + row, x0 + x, theme_attr(R_CURVE) | A_BOLD | (x == cur ? A_REVERSE : 0), a->utf8 ? "●" : "o");
		}
	}
	free(dots);
	/* what the row cannot show yet, or at all */
	{
		const char *msg = NULL;
		char why[256];
		int at = first_pending >= 0 ? first_pending : 0;
		if (first_pending >= 0)
			msg = a->utf8 ? "reading…" : "reading...";
		else if (w > 0 && e[0].st == OV_FAILED && tl->stem[i] >= 0) {
			snprintf(why, sizeof why, "cannot read the stem: %s", overview_error(tl->ov, tl->stem[i]));
			msg = why;
		} else if (w > 0 && e[0].st == OV_FAILED)
			msg = !tl->ov ? "no overview (its thread did not start)" : "the stem cannot be read";
		else if (w > 0 && e[0].st == 2)
			msg = "no stem reaches it";
		if (msg && at + 4 < w) {
			int len = widget_utf8_cols(msg, w - at, NULL);
			widget_text(y + h - 1, x0 + at, len, theme_attr(R_DIM), msg);
		}
	}
	attrset(A_NORMAL);
}

void timeline_paint(struct app *a, struct timeline *tl)
{
	int x0 = timeline_name_w() + 1, w = COLS - x0, n = a->p->nstrips;
	int ys = TITLE_Y + 1 + ruler_rows(a), avail = LINES - 2 - ys, lr = timeline_lane_rows(), vis;
	struct env *trk, *e;
	struct lane_ref r;
	double span;

	if (w < 8 || avail < lr + 1)
		return; /* mixer_too_small() covers these sizes */
	tl->plot_w = w;
	tables(a, tl);
	if (tl->spc <= 0) { /* fit the song, on a round number of seconds a column */
		static const double fit[] = {0.05, 0.1, 0.2, 0.25, 0.5, 0.6, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 30, 60};
		double len = project_length(a->p) + 1;
		tl->spc = fit[ARRAY_LEN(fit) - 1];
		for (size_t k = 0; k < ARRAY_LEN(fit); k++)
			if (fit[k] * w >= len) {
				tl->spc = fit[k];
				break;
			}
		tl->t0 = 0;
	}
	/* the view follows the cursor */
	span = w * tl->spc;
	if (tl->cur < tl->t0)
		tl->t0 = fmax(0, tl->cur - span / 4);
	else if (tl->cur >= tl->t0 + span - tl->spc)
		tl->t0 = tl->cur - span * 3 / 4;
	tl->t0 = fmax(0, round(tl->t0 / tl->spc) * tl->spc);

	if (tl->lane >= timeline_nlanes(app_strip(a)))
		tl->lane = 0;
	timeline_lane(app_strip(a), tl->lane, &r);
	title(a, tl, &r);
	ruler(a, tl, TITLE_Y + 1, x0, w);

	/* rows: the selected strip takes lr of them; the rest one each */
	vis = avail - lr + 1;
	if (vis > n)
		vis = n;
	if (a->sel < tl->first)
		tl->first = a->sel;
	if (a->sel >= tl->first + vis)
		tl->first = a->sel - vis + 1;
	if (tl->first > n - vis)
		tl->first = n - vis;
	if (tl->first < 0)
		tl->first = 0;

	trk = xcalloc((size_t)n * (size_t)w, sizeof *trk);
	e = xcalloc((size_t)w, sizeof *e);
	for (int i = 0; i < n; i++)
		if (tl->stem[i] >= 0)
			track_env(a, tl, i, w, &trk[(size_t)i * (size_t)w]);
	{
		int y = ys;
		for (int i = tl->first; i < tl->first + vis && i < n; i++) {
			int h = i == a->sel ? lr : 1;
			strip_env(a, tl, i, w, trk, e);
			strip_rows(a, tl, i, y, h, x0, w, e, i == a->sel ? &r : NULL);
			y += h;
		}
		for (; y < LINES - 2; y++)
			widget_text(y, 0, COLS, A_NORMAL, "");
	}
	free(trk);
	free(e);
}
