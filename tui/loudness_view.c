/* loudness_view.c — loudness on the console: the master strip's block
 * (momentary, short-term, integrated against the project's target,
 * loudness range, true-peak maximum), the header's integrated LUFS, and
 * reference A/B (`r` flips, `R` cycles, `:ref NAME`), shown as
 * "REF -3.2" on the master's name row while a reference is heard; and
 * the master's correlation meter (a bar from -1 to +1 and its figure).
 * Everything comes from engine.h snapshots taken once per frame. */
#include "tui.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static void fmt_lufs(char *buf, size_t n, double v)
{
	if (isfinite(v))
		units_fmt_level(buf, n, v, 1, false);
	else
		snprintf(buf, n, "---");
}

void loudness_header(struct app *a, char *buf, size_t n)
{
	char v[16];
	fmt_lufs(v, sizeof v, a->lu.valid ? a->lu.integrated : -INFINITY);
	snprintf(buf, n, "LUFS %s", v);
}

bool loudness_master_name(struct app *a, char *buf, size_t n)
{
	struct engine_reference r;
	engine_reference_status(a->e, -1, &r);
	if (r.heard < 0)
		return false;
	if (r.measured && isfinite(r.mix_lufs))
		snprintf(buf, n, "REF %s", units_fmt_level((char[32]){0}, 32, r.gain_db, 1, true));
	else
		snprintf(buf, n, "REF ...");
	return true;
}

/* One row: a label and a figure, the figure in `at`. */
static void row(int y, int x, int w, const char *label, const char *val, attr_t at)
{
	char b[32];
	int lw = (int)strlen(label), fw = w - lw;
	/* bounded, so the compiler can see the figure fits b */
	fw = fw < 0 ? 0 : fw > (int)sizeof b - 1 ? (int)sizeof b - 1 : fw;
	widget_text(y, x, lw, theme_attr(R_DIM), label);
	snprintf(b, sizeof b, "%*.*s", fw, fw, val);
	widget_text(y, x + lw, w - lw, at, b);
}

void corr_bar(const struct app *a, int y, int x, int w, float corr)
{
	int mid = (w - 1) / 2, at = isnan(corr) ? -1 : (int)lround((corr + 1) / 2 * (w - 1));
	for (int i = 0; i < w; i++) {
		bool needle = i == at;
		attr_t c = !needle ? theme_attr(i == mid ? R_GRID : R_DIM)
			 : theme_attr(corr < 0 ? R_CLIP : R_METER_LO) | A_BOLD;
		const char *g = needle ? (a->utf8 ? "█" : "#") : i == mid ? (a->utf8 ? "┊" : "|") : (a->utf8 ? "·" : ".");
		widget_text(y, x + i, 1, c, g);
	}
}

/* The master's correlation: the bar, and the figure (-0.98) on the right. */
static void corr_row(struct app *a, int y, int x, int w)
{
	float c = meter_corr(a, a->p->nstrips - 1);
	char v[16], b[24];
	int bw = w - 6, fw;
	if (bw < 3)
		bw = 0;
	else {
		bw -= !(bw & 1); /* odd: a middle column for 0 */
		corr_bar(a, y, x, bw, c);
	}
	if (isnan(c))
		snprintf(v, sizeof v, "---");
	else
		snprintf(v, sizeof v, "%+.2f", c);
	fw = w - bw > 23 ? 23 : w - bw;
	snprintf(b, sizeof b, "%*s", fw, v);
	widget_text(y, x + bw, w - bw, !isnan(c) && c < 0 ? theme_attr(R_CLIP) : A_NORMAL, b);
}

void loudness_draw(struct app *a, int y, int x, int w, int rows)
{
	const struct engine_loudness *l = &a->lu;
	double target = project_master(a->p)->v[P_TARGET];
	/* which rows a short block keeps, in order of use: I, S, TP, cor, M, LRA, tgt */
	static const int rank[LOUDNESS_ROWS] = {4, 1, 0, 5, 2, 3, 6};
	char v[LOUDNESS_ROWS][24];
	const char *label[LOUDNESS_ROWS] = {"M", "S", "I", "LRA", "TP", "cor", "tgt"};
	attr_t plain = A_NORMAL, at[LOUDNESS_ROWS];

	fmt_lufs(v[0], sizeof v[0], l->valid ? l->momentary : -INFINITY);
	fmt_lufs(v[1], sizeof v[1], l->valid ? l->shortterm : -INFINITY);
	/* integrated against the target: on it (within 1 LU) bold, over it
	 * in the meter's red, under it plain */
	fmt_lufs(v[2], sizeof v[2], l->valid ? l->integrated : -INFINITY);
	at[0] = at[1] = at[3] = plain;
	at[2] = !l->valid || !isfinite(l->integrated) ? plain
		: l->integrated > target + 1 ? theme_attr(R_METER_HI)
		: l->integrated >= target - 1 ? theme_attr(R_METER_LO) | A_BOLD : plain;
	if (l->valid)
		snprintf(v[3], sizeof v[3], "%.1f", l->range);
	else
		snprintf(v[3], sizeof v[3], "---");
	fmt_lufs(v[4], sizeof v[4], l->valid ? l->true_peak_max : -INFINITY);
	at[4] = l->valid && l->true_peak_max > -1 ? theme_attr(R_CLIP) : plain;
	v[5][0] = 0;
	at[5] = plain;
	units_fmt_level(v[6], sizeof v[6], target, 0, false);
	at[6] = theme_attr(R_DIM);
	for (int i = 0, r = 0; i < LOUDNESS_ROWS; i++)
		if (rank[i] < rows) {
			if (i == 5)
				corr_row(a, y + r++, x, w);
			else
				row(y + r++, x, w, label[i], v[i], at[i]);
		}
}

static void say_ref(struct app *a, int idx)
{
	struct engine_reference r;
	const char *name = a->p->refs[idx].name;
	engine_reference_status(a->e, idx, &r);
	if (r.heard != idx)
		app_status(a, false, "reference %d/%d \"%s\" (r to hear it)", idx + 1, a->p->nrefs, name);
	else if (r.measured && isfinite(r.mix_lufs))
		app_status(a, false, "REF \"%s\" %s dB: %s LUFS matched to the mix at %s LUFS", name,
			   units_fmt_level((char[32]){0}, 32, r.gain_db, 1, true),
			   units_fmt_level((char[32]){0}, 32, r.lufs, 1, false),
			   units_fmt_level((char[32]){0}, 32, r.mix_lufs, 1, false));
	else
		app_status(a, false, "REF \"%s\": measuring its loudness, unmatched until then", name);
}

int ref_flip(struct app *a)
{
	struct engine_reference r;
	if (!a->p->nrefs)
		return app_status(a, true, "no [reference] in this project"), RD_STATUS;
	if (a->ref_sel >= a->p->nrefs)
		a->ref_sel = 0;
	engine_reference_status(a->e, -1, &r);
	if (r.heard >= 0) {
		engine_reference(a->e, -1);
		app_status(a, false, "the mix");
	} else {
		engine_reference(a->e, a->ref_sel);
		say_ref(a, a->ref_sel);
	}
	return RD_ALL & ~RD_LAYOUT;
}

int ref_cycle(struct app *a)
{
	struct engine_reference r;
	if (!a->p->nrefs)
		return app_status(a, true, "no [reference] in this project"), RD_STATUS;
	a->ref_sel = (a->ref_sel + 1) % a->p->nrefs;
	engine_reference_status(a->e, -1, &r);
	if (r.heard >= 0)
		engine_reference(a->e, a->ref_sel);
	say_ref(a, a->ref_sel);
	return RD_ALL & ~RD_LAYOUT;
}

int ref_select(struct app *a, const char *name)
{
	if (!*name)
		return ref_flip(a);
	if (!strcmp(name, "mix") || !strcmp(name, "off")) {
		engine_reference(a->e, -1);
		app_status(a, false, "the mix");
		return RD_ALL & ~RD_LAYOUT;
	}
	for (int i = 0; i < a->p->nrefs; i++)
		if (!strcmp(a->p->refs[i].name, name)) {
			a->ref_sel = i;
			engine_reference(a->e, i);
			say_ref(a, i);
			return RD_ALL & ~RD_LAYOUT;
		}
	app_status(a, true, "no reference named '%s'%s", name, a->p->nrefs ? " (R cycles them)" : "");
	return RD_STATUS;
}
