/* test_chain.c — a strip is a chain of units (issue 13, item 1): the
 * strip's gate, EQ and compressor are the units an insert slot holds,
 * set from the strip's keys through params.c's param_unit_map; the
 * gain reduction of every unit in the chain reaches the strip's meters
 * by the kind of its output; a key reaches the units that detect on it
 * with as many channels as it has. */
#include "dsp/eq.h"
#include "dsp/unit.h"
#include "graph.h"
#include "params.h"
#include "project_testlib.h"
#include <math.h>

extern const struct unit_desc unit_gate, unit_eq, unit_comp, unit_reverb, unit_delay;
static const struct unit_desc *const strip_units[SU_COUNT] = {
	[SU_GATE] = &unit_gate, [SU_EQ] = &unit_eq, [SU_COMP] = &unit_comp,
	[SU_REVERB] = &unit_reverb, [SU_DELAY] = &unit_delay,
};
static const char *dir;

static bool same_param(const struct param_def *k, const struct unit_param *u)
{
	return k->min == u->min && k->max == u->max && k->def == u->def && k->step == u->step &&
	       k->coarse == u->coarse;
}

static void test_map(void)
{
	int unresolved = 0, differ = 0, missing = 0;
	for (int r = 0; r < param_unit_map_count; r++) {
		const struct param_unit_map *m = &param_unit_map[r];
		const struct unit_desc *d = strip_units[m->unit];
		int i = unit_param_find_host(d, m->sym);
		if (i < 0) {
			tap_diag("%s: the %s unit has no \"%s\"", param_defs[m->id].key, d->name, m->sym);
			unresolved++;
		} else if (m->how == PUH_VALUE && !same_param(&param_defs[m->id], unit_param_at(d, i))) {
			tap_diag("%s differs from %s.%s", param_defs[m->id].key, d->name, m->sym);
			differ++;
		}
	}
	ok(param_unit_map_count > 0 && !unresolved, "every row of param_unit_map names a parameter of its unit");
	ok(!differ, "a key that is a unit's value has that parameter's range, default and steps");
	/* no scalar key of the gate, the filters, the compressor or an effect
	 * is left wired by hand: each reaches a unit */
	for (int id = P_HPF; id <= P_DELAY_PINGPONG; id++) {
		bool found = false;
		if (!param_is_scalar((enum param_id)id) || id == P_AUTO_MODE)
			continue;
		for (int r = 0; r < param_unit_map_count; r++)
			found |= (int)param_unit_map[r].id == id;
		if (!found) {
			tap_diag("%s reaches no unit", param_defs[id].key);
			missing++;
		}
	}
	ok(!missing, "every scalar gate.*, comp.*, hpf*, lpf*, reverb.* and delay.* key sets a unit parameter");
}

/* eq.N: one range per field, the EQ's own (dsp/eq.h), in the unit too */
static void test_eq_fields(void)
{
	static const char *const field[] = {"freq", "gain", "q"};
	int bad = 0;
	char sym[32];
	for (int b = 1; b <= EQ_NBANDS; b++) {
		int t;
		snprintf(sym, sizeof sym, "eq.%d.type", b);
		t = unit_param_find(&unit_eq, sym);
		if (t < 0 || unit_eq.params[t].max != EQB_NOTCH) {
			bad++;
			continue;
		}
		for (int k = 0; k <= EQB_NOTCH; k++)
			bad += !unit_eq.params[t].labels[k] || strcmp(unit_eq.params[t].labels[k], eq_type_names[k]) != 0;
		for (int f = 0; f < EQF_COUNT; f++) {
			int i;
			snprintf(sym, sizeof sym, "eq.%d.%s", b, field[f]);
			i = unit_param_find(&unit_eq, sym);
			bad += i < 0 || unit_eq.params[i].min != eq_ranges[f].min || unit_eq.params[i].max != eq_ranges[f].max;
		}
	}
	ok(!bad, "the eq unit's band fields have eq_ranges' ranges and eq_type_names' labels (%d differ)", bad);
}

/* Renders `blocks` blocks of 512 frames with each track's input made by
 * fill, and returns the strip's meter over them. */
typedef void filler(int track, int ch, float *x, int n, int64_t frame);
static struct strip_meter run(const char *text, int strip, filler *fill, int blocks)
{
	struct strip_meter m = {0}, t;
	char err[256];
	struct project *p = tu_load_project(dir, "c.ini", text);
	struct graph *g = p ? graph_new(p, 48000, err, sizeof err) : NULL;
	float l[512], r[512];
	m.gr[MGR_GATE] = m.gr[MGR_COMP] = 1; /* a failure shows as no reduction at all */
	if (!g) {
		tap_diag("no graph: %s", p ? err : "load");
		project_free(p);
		return m;
	}
	for (int b = 0; b < blocks; b++) {
		for (int k = 0; k < p->ntracks; k++)
			for (int c = 0; c < graph_input_channels(g, k); c++)
				fill(k, c, graph_input(g, k, c), 512, (int64_t)b * 512);
		graph_process(g, (int64_t)b * 512, l, r, 512);
		graph_take_meter(g, strip, &t);
		if (b == blocks - 1)
			m = t;
	}
	graph_free(g);
	project_free(p);
	return m;
}

/* a 1 kHz tone at -40 dBFS on every channel of every track */
static void quiet(int track, int ch, float *x, int n, int64_t frame)
{
	(void)track, (void)ch;
	for (int i = 0; i < n; i++)
		x[i] = (float)(0.01 * sin(2 * M_PI * 1000.0 * (double)(frame + i) / 48000.0));
}

static void test_meters(void)
{
	struct strip_meter m;
	m = run("[project]\nrate = 48000\n[track \"T\"]\nfile = s.wav\ninsert.1 = gate\ninsert.1.threshold = -20 dB\n"
		"insert.1.range = -40 dB\n",
		0, quiet, 40);
	ok(fabs(m.gr[MGR_GATE] + 40) < 0.5 && m.gr[MGR_COMP] == 0,
	   "an insert gate closed on a -40 dBFS tone shows -40 dB on the gate meter, none as compression "
	   "(gate %.2f, comp %.2f)", m.gr[MGR_GATE], m.gr[MGR_COMP]);
	m = run("[project]\nrate = 48000\n[track \"T\"]\nfile = s.wav\ngate.threshold = -20 dB\ngate.range = -30 dB\n",
		0, quiet, 40);
	ok(fabs(m.gr[MGR_GATE] + 30) < 0.5 && m.gr[MGR_COMP] == 0, "the strip's own gate the same (gate %.2f, comp %.2f)",
	   m.gr[MGR_GATE], m.gr[MGR_COMP]);
	m = run("[project]\nrate = 48000\n[track \"T\"]\nfile = s.wav\ninsert.1 = comp\ninsert.1.threshold = -60 dB\n"
		"insert.1.ratio = 4\ninsert.1.knee = 0\n",
		0, quiet, 40);
	ok(m.gr[MGR_COMP] < -10 && m.gr[MGR_GATE] == 0, "an insert compressor's reduction shows as compression (%.2f)", m.gr[MGR_COMP]);
}

/* track 0 (mono): the tone at -40 dBFS; track 1 (stereo key): silent on
 * the left, loud (-6 dBFS) on the right */
static void right_key(int track, int ch, float *x, int n, int64_t frame)
{
	for (int i = 0; i < n; i++)
		x[i] = track == 0 ? (float)(0.01 * sin(2 * M_PI * 1000.0 * (double)(frame + i) / 48000.0))
			: ch == 1 ? (float)(0.5 * sin(2 * M_PI * 300.0 * (double)(frame + i) / 48000.0)) : 0.0f;
}

static void test_key_channels(void)
{
	struct strip_meter m;
	const char *head = "[project]\nrate = 48000\n[track \"T\"]\nfile = s.wav\n";
	char text[512];
	snprintf(text, sizeof text, "%sgate.threshold = -20 dB\ngate.key = K\n[track \"K\"]\nfile = st.wav\n", head);
	m = run(text, 0, right_key, 40);
	ok(m.gr[MGR_GATE] > -1, "a mono strip's gate keyed by a stereo strip hears the key's right channel: open (%.2f)",
	   m.gr[MGR_GATE]);
	snprintf(text, sizeof text, "%scomp.threshold = -30 dB\ncomp.ratio = 4\ncomp.knee = 0\ncomp.key = K\n"
		 "[track \"K\"]\nfile = st.wav\n", head);
	m = run(text, 0, right_key, 40);
	ok(m.gr[MGR_COMP] < -10, "its compressor keyed so works from the right channel (%.2f)", m.gr[MGR_COMP]);
}

int main(void)
{
	dir = tu_tmpdir();
	tu_wav(tu_path(dir, "s.wav"), 48000, 1, 1.0, 1000, 0.01);
	tu_wav(tu_path(dir, "st.wav"), 48000, 2, 1.0, 300, 0.5);
	test_map();
	test_eq_fields();
	test_meters();
	test_key_channels();
	return done_testing();
}
