/* unit_gate.c — the strip's noise gate (dsp/gate.h) as a unit (unit.h),
 * for an insert slot: a gate after the compressor (where the strip's own
 * runs before the EQ), or one on a bus. Its parameter table has the
 * ranges, defaults and steps of the strip's gate.* keys (params.c);
 * test_insert holds the two to the same numbers. */
#include <stdlib.h>

#include "dsp/gate.h"
#include "dsp/unit.h"

enum { G_THRESHOLD, G_RANGE, G_ATTACK, G_HOLD, G_RELEASE, G_NPARAMS };

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

struct ugate {
	struct gate g;
	double v[G_NPARAMS];
};

static void apply(struct ugate *u)
{
	gate_set(&u->g, u->v[G_THRESHOLD], u->v[G_RANGE], u->v[G_ATTACK], u->v[G_HOLD], u->v[G_RELEASE]);
	gate_set_enabled(&u->g, 1);
}

static void *ugate_create(const struct unit_desc *d, double rate, int max_block, int nch, char *err, size_t errlen)
{
	struct ugate *u = calloc(1, sizeof *u);
	(void)max_block, (void)nch, (void)err, (void)errlen;
	if (!u)
		return NULL;
	gate_init(&u->g, rate);
	for (int i = 0; i < G_NPARAMS; i++)
		u->v[i] = d->params[i].def;
	apply(u);
	return u;
}

static void ugate_destroy(void *u) { free(u); }
static void ugate_reset(void *u) { gate_reset(&((struct ugate *)u)->g); }

static void ugate_set(void *p, int param, double v)
{
	struct ugate *u = p;
	if (param < 0 || param >= G_NPARAMS)
		return;
	u->v[param] = v;
	apply(u);
}

static void ugate_process(void *u, float *const ch[], int nch, int n, const float *const key[])
{
	(void)key;
	gate_process(&((struct ugate *)u)->g, ch, nch, n);
}

/* Declared as no output: a closed gate's -40 dB would read as the
 * strip's compression on its meter. */
static double ugate_output(void *u, int idx)
{
	(void)idx;
	return gate_gain_reduction_db(&((struct ugate *)u)->g);
}

const struct unit_desc unit_gate = {
	.name = "gate",
	.help = "a noise gate, as the strip's own, placed after the compressor",
	.nparams = G_NPARAMS,
	.params = params,
	.create = ugate_create,
	.destroy = ugate_destroy,
	.reset = ugate_reset,
	.set = ugate_set,
	.process = ugate_process,
	.output = ugate_output,
};
