/* test_params.c — the detail panel's musical grids (frequency, EQ Q,
 * note lengths) and the one EQ range: everything the panel's steps can
 * produce is written, read back by the loader's own parser and lands on
 * the same value. */
#include "dsp/eq.h"
#include "params.h"
#include "project.h"
#include "tap.h"
#include <math.h>
#include <stdlib.h>

static bool three_figures(double v)
{
	char buf[64];
	int digits = 0;
	snprintf(buf, sizeof buf, "%.12g", v);
	for (const char *p = buf; *p; p++)
		if (*p >= '1' && *p <= '9')
			digits = (int)(p - buf) + 1;
	/* significant digits: from the first non-zero digit to the last */
	for (const char *p = buf; *p; p++)
		if (*p >= '1' && *p <= '9') {
			int n = 0;
			for (const char *q = p; q < buf + digits; q++)
				n += *q >= '0' && *q <= '9';
			return n <= 3;
		}
	return false;
}

static void frequency_grid(void)
{
	double v = 120;
	bool up_down = true, figures = true, rising = true;
	int n = 0;

	is_near(param_step(P_HPF, 120, +1, false), 125, 0, "hpf 120 Hz: one l lands on the grid at 125 Hz");
	is_near(param_step(P_HPF, 120, -1, false), 118, 0, "hpf 120 Hz: one h lands on 118 Hz");
	is_near(param_step(P_HPF, 125, +1, true), 157, 0, "hpf 125 Hz: L is four twelfths, 157 Hz");
	is_near(param_step(P_HPF, 1000, +1, true), 1260, 0, "1 kHz: L gives 1.26 kHz");
	is_near(param_step(P_HPF, 20000, +1, false), 20000, 0, "20 kHz: l stays at the top of the range");
	for (v = param_grid_hz(10, 1); v < 20000; v = param_grid_hz(v, 1), n++) {
		double next = param_grid_hz(v, 1);
		up_down &= param_grid_hz(next, -1) == v && param_grid_hz(v, 4) == param_grid_hz(param_grid_hz(v, 2), 2);
		figures &= three_figures(v);
		rising &= next > v;
	}
	ok(figures, "every frequency grid point has at most three significant figures (%d points)", n);
	ok(up_down, "a step up and a step back return to the same value, everywhere on the grid");
	ok(rising, "the grid rises at every step");
	is_int(n, (int)floor(log2(20000.0 / 10) * 12), "twelve steps an octave from 10 Hz to 20 kHz, none missed");
	is_near(param_grid_q(13.45, 1), 13.5, 0, "Q 13.45 goes up onto the quarter-octave grid at 13.5");
	is_near(param_grid_q(13.5, 1), 16, 0, "and from there to 16");
	is_near(param_grid_q(0.7071, 1), 0.841, 0, "Q 0.7071 goes up to 0.841");
	is_near(param_grid_q(1, -4), 0.5, 0, "Q 1 down an octave is 0.5");
}

static void notes(void)
{
	static const char *const want[] = {"1/32", "1/32.", "1/16t", "1/16", "1/16.", "1/8t", "1/8", "1/8.",
		"1/4t", "1/4", "1/4.", "1/2t", "1/2", "1/2.", "1/1"};
	double b = 0.125;
	bool seq = true, back = true;
	char buf[32], err[128];

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		double x;
		enum param_mode m;
		param_format(P_DELAY_TIME, b, PM_NOTE, buf, sizeof buf);
		if (strcmp(buf, want[i])) {
			tap_diag("step %zu: got %s, want %s", i, buf, want[i]);
			seq = false;
		}
		if (param_parse(P_DELAY_TIME, buf, &x, &m, err, sizeof err) || m != PM_NOTE || x != b)
			seq = false;
		if (i + 1 < sizeof want / sizeof want[0] && param_note_step(param_note_step(b, +1), -1) != b)
			back = false;
		b = param_note_step(b, +1);
	}
	ok(seq, "l steps 1/32, 1/32., 1/16t ... 1/2., 1/1, each written as a note that loads as one");
	ok(back, "h steps back through the same list");
	is_near(param_note_step(0.75, +1), 2.0 / 3, 1e-12, "1/8. then l gives 1/4t (a note length, not ms)");
	is_near(param_note_step(4, +1), 4, 0, "1/1 is the end of the list");
	is_near(param_note_step(0.2, +1), 0.1875, 1e-12, "a length off the list goes to the nearest entry first");
}

/* Steps one field of a band from one end of its range to the other and
 * back, loading every value through strip_set: the panel never produces
 * what the loader refuses. */
static bool sweep(struct project *p, struct strip *s, enum eq_type type, int field, bool coarse, int *count)
{
	struct eq_band e = {type, 1000, 0, type == EQT_NOTCH ? 4 : 1};
	char txt[128], err[256];
	for (int dir = 1; dir >= -1; dir -= 2)
		for (int i = 0; i < 400; i++) {
			struct eq_band before = e;
			eq_band_step(&e, field, dir, coarse);
			eq_band_format(&e, txt, sizeof txt);
			if (strip_set(p, s, "eq.1", txt, err, sizeof err)) {
				tap_diag("%s: %s", txt, err);
				return false;
			}
			if (fabs(s->eq[0].freq - e.freq) > 1e-9 * e.freq || fabs(s->eq[0].gain - e.gain) > 1e-9 ||
			    (type != EQT_LOWSHELF && type != EQT_HIGHSHELF && fabs(s->eq[0].q - e.q) > 1e-9)) {
				tap_diag("%s read back differently", txt);
				return false;
			}
			++*count;
			if (!memcmp(&before, &e, sizeof e))
				break; /* the end of the range */
		}
	return true;
}

static void eq_range(void)
{
	struct project *p = project_new();
	struct strip *s = strip_new(SK_TRACK, "t");
	bool all = true;
	int count = 0;
	char err[256];

	for (int t = EQT_BELL; t <= EQT_NOTCH; t++)
		for (int f = 0; f < EQF_COUNT; f++)
			for (int c = 0; c < 2; c++)
				/* the fields the panel steps: a notch's Q, the others' gain */
				if (f == EQF_FREQ || f == (t == EQT_NOTCH ? EQF_Q : EQF_GAIN))
					all &= sweep(p, s, (enum eq_type)t, f, c, &count);
	ok(all, "every band value the panel's steps reach loads and reads back (%d values)", count);
	ok(!strip_set(p, s, "eq.1", "notch 60 Hz q 20", err, sizeof err), "the loader takes Q 20, the top of the range");
	ok(strip_set(p, s, "eq.1", "notch 60 Hz q 20.5", err, sizeof err) && strstr(err, "Q 0.1..20"),
	   "and refuses 20.5, naming the range from the table: %s", err);
	ok(strip_set(p, s, "eq.1", "bell 1k +24.5", err, sizeof err) && strstr(err, "GAIN -24..+24 dB"),
	   "gain beyond +24 dB is refused");
	is_near(eq_clamp(EQF_Q, 50), eq_ranges[EQF_Q].max, 0, "the engine's clamp is the same table");
	strip_set(p, s, "eq.1", "notch 60 Hz q 13.45", err, sizeof err);
	for (int i = 0; i < 4; i++)
		eq_band_step(&s->eq[0], EQF_Q, +1, false);
	is_near(s->eq[0].q, 20, 0, "a notch's Q 13.45 steps 13.5, 16, 19, then stops at 20");
	free(s->name); /* a strip outside a project: freed as test_project does */
	free(s);
	project_free(p);
}

int main(void)
{
	frequency_grid();
	notes();
	eq_range();
	return done_testing();
}
