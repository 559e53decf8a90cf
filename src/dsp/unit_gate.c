/* unit_gate.c — the noise gate (dsp/gate.h) as a unit (unit.h): the
 * strip's own gate (the first unit of every strip's chain, graph_build.c)
 * and the one an insert slot holds. Its parameter table has the ranges,
 * defaults and steps of the strip's gate.* keys (params.c); test_insert
 * holds the two to the same numbers. The host parameters are what only
 * the strip's keys reach: the gate switched off (gate.threshold = off,
 * faded), and its detector's filters (gate.key.hpf/lpf, 0 for none).
 *
 * set only records the value; the gate takes the changed ones at the
 * start of the next block, all together and in one order, so a block
 * never runs on half a change. */
#include <stdlib.h>

#include "dsp/gate.h"
#include "dsp/unit.h"

enum { G_THRESHOLD, G_RANGE, G_ATTACK, G_HOLD, G_RELEASE, G_NPARAMS };
enum { G_ON = G_NPARAMS, G_KEY_HPF, G_KEY_LPF, G_NALL };

static const struct unit_param params[G_NPARAMS] = {
	[G_THRESHOLD] = {.sym = "threshold", .unit = "dB", .kind = UPK_CONTINUOUS, .min = -90, .max = 0, .def = -50,
			 .step = 1, .coarse = 6, .help = "the gate opens above this"},
	[G_RANGE] = {.sym = "range", .unit = "dB", .kind = UPK_CONTINUOUS, .min = -90, .max = 0, .def = -40,
		     .step = 1, .coarse = 6, .help = "attenuation when closed"},
	[G_ATTACK] = {.sym = "attack", .unit = "ms", .kind = UPK_CONTINUOUS, .min = 0.1, .max = 100, .def = 1,
		      .step = 0.5, .coarse = 5, .help = "opening time"},
	[G_HOLD] = {.sym = "hold", .unit = "ms", .kind = UPK_CONTINUOUS, .min = 0, .max = 2000, .def = 50, .step = 5,
		    .coarse = 50, .help = "time held open after the signal falls"},
	[G_RELEASE] = {.sym = "release", .unit = "ms", .kind = UPK_CONTINUOUS, .min = 5, .max = 5000, .def = 100,
		       .step = 5, .coarse = 50, .help = "closing time"},
};

static const struct unit_param host_params[G_NALL - G_NPARAMS] = {
	[G_ON - G_NPARAMS] = {.sym = "on", .kind = UPK_TOGGLE, .min = 0, .max = 1, .def = 1, .step = 1, .coarse = 1,
			      .help = "off fades the gate out (gate.threshold = off)"},
	[G_KEY_HPF - G_NPARAMS] = {.sym = "key.hpf", .unit = "Hz", .kind = UPK_CONTINUOUS, .min = 0, .max = 20000,
				   .def = 0, .log = true, .help = "detector high-pass, 0 for none"},
	[G_KEY_LPF - G_NPARAMS] = {.sym = "key.lpf", .unit = "Hz", .kind = UPK_CONTINUOUS, .min = 0, .max = 20000,
				   .def = 0, .log = true, .help = "detector low-pass, 0 for none"},
};

static const struct unit_output outputs[] = {
	{.sym = "gr", .kind = UOK_GATE_REDUCTION},
	{.sym = "nan", .kind = UOK_NAN_RESETS},
};

/* Which gate.h call takes a parameter, in the order they are made. */
enum { SET_LEVELS = 1, SET_ON = 2, SET_DETECTOR = 4, SET_ALL = 7 };

struct ugate {
	struct gate g;
	double rate;
	double v[G_NALL];
	unsigned dirty;
};

static void take(struct ugate *u)
{
	if (u->dirty & SET_LEVELS)
		gate_set(&u->g, u->v[G_THRESHOLD], u->v[G_RANGE], u->v[G_ATTACK], u->v[G_HOLD], u->v[G_RELEASE]);
	if (u->dirty & SET_ON)
		gate_set_enabled(&u->g, u->v[G_ON] >= 0.5);
	if (u->dirty & SET_DETECTOR)
		gate_set_detector(&u->g, u->v[G_KEY_HPF], u->v[G_KEY_LPF]);
	u->dirty = 0;
}

static void *ugate_create(const struct unit_desc *d, double rate, int max_block, int nch, char *err, size_t errlen)
{
	struct ugate *u = calloc(1, sizeof *u);
	(void)max_block, (void)nch, (void)err, (void)errlen;
	if (!u)
		return NULL;
	u->rate = rate;
	gate_init(&u->g, rate);
	for (int i = 0; i < G_NALL; i++)
		u->v[i] = unit_param_at(d, i)->def;
	u->dirty = SET_ALL;
	take(u);
	return u;
}

static void ugate_destroy(void *u) { free(u); }

/* As made, with the parameters it has (a seek renders as a new graph),
 * keeping the count of blocks it silenced. */
static void ugate_reset(void *p)
{
	struct ugate *u = p;
	unsigned nan = u->g.nan_resets;
	gate_init(&u->g, u->rate);
	u->g.nan_resets = nan;
	u->dirty = SET_ALL;
}

static void ugate_set(void *p, int param, double v)
{
	struct ugate *u = p;
	if (param < 0 || param >= G_NALL)
		return;
	u->v[param] = v;
	u->dirty |= param == G_ON ? SET_ON : param >= G_KEY_HPF ? SET_DETECTOR : SET_LEVELS;
}

static void ugate_process(void *p, float *const ch[], int nch, int n, const float *const key[])
{
	struct ugate *u = p;
	if (u->dirty)
		take(u);
	if (key)
		gate_process_key(&u->g, ch, nch, n, key, key[1] ? 2 : 1);
	else
		gate_process(&u->g, ch, nch, n);
}

static double ugate_output(void *p, int idx)
{
	struct ugate *u = p;
	return idx == 1 ? (double)u->g.nan_resets : gate_gain_reduction_db(&u->g);
}

const struct unit_desc unit_gate = {
	.name = "gate",
	.help = "a noise gate, as the strip's own, placed after the compressor",
	.nparams = G_NPARAMS,
	.params = params,
	.noutputs = 2,
	.outputs = outputs,
	.nhost = G_NALL - G_NPARAMS,
	.host_params = host_params,
	.create = ugate_create,
	.destroy = ugate_destroy,
	.reset = ugate_reset,
	.set = ugate_set,
	.process = ugate_process,
	.output = ugate_output,
};
