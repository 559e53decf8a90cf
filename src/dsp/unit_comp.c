/* unit_comp.c — the compressor (dsp/comp.h) as a unit (unit.h): the
 * strip's own compressor (in every strip's chain, graph_build.c) and the
 * one an insert slot holds (serial compression, bus glue). Its parameter
 * table has the ranges, defaults and steps of the strip's comp.* keys
 * (params.c); test_insert holds the two to the same numbers. The host
 * parameters are what only the strip's keys reach: the compressor
 * switched off (comp.threshold = off, faded), comp.makeup = auto, and its
 * detector's filters (comp.key.hpf/lpf, 0 for none). Its gain reduction
 * shows on the strip's compression meter.
 *
 * set only records the value; the compressor takes the changed ones at
 * the start of the next block, all together and in one order. */
#include <stdlib.h>

#include "dsp/comp.h"
#include "dsp/unit.h"

enum { C_THRESHOLD, C_RATIO, C_ATTACK, C_RELEASE, C_KNEE, C_MAKEUP, C_NPARAMS };
enum { C_ON = C_NPARAMS, C_MAKEUP_AUTO, C_KEY_HPF, C_KEY_LPF, C_NALL };

static const struct unit_param params[C_NPARAMS] = {
	[C_THRESHOLD] = {.sym = "threshold", .unit = "dB", .kind = UPK_CONTINUOUS, .min = -60, .max = 0, .def = -20,
			 .step = 1, .coarse = 6, .help = "compression starts here"},
	[C_RATIO] = {.sym = "ratio", .unit = "", .kind = UPK_CONTINUOUS, .min = 1, .max = 100, .def = 2, .step = 0.5,
		     .coarse = 2, .help = "input dB over the threshold per output dB"},
	[C_ATTACK] = {.sym = "attack", .unit = "ms", .kind = UPK_CONTINUOUS, .min = 0.1, .max = 300, .def = 10,
		      .step = 1, .coarse = 10, .help = "attack time"},
	[C_RELEASE] = {.sym = "release", .unit = "ms", .kind = UPK_CONTINUOUS, .min = 5, .max = 5000, .def = 100,
		       .step = 10, .coarse = 100, .help = "release time"},
	[C_KNEE] = {.sym = "knee", .unit = "dB", .kind = UPK_CONTINUOUS, .min = 0, .max = 24, .def = 6, .step = 1,
		    .coarse = 6, .help = "soft-knee width"},
	[C_MAKEUP] = {.sym = "makeup", .unit = "dB", .kind = UPK_CONTINUOUS, .min = -24, .max = 24, .def = 0,
		      .step = 0.5, .coarse = 3, .help = "makeup gain"},
};

static const struct unit_param host_params[C_NALL - C_NPARAMS] = {
	[C_ON - C_NPARAMS] = {.sym = "on", .kind = UPK_TOGGLE, .min = 0, .max = 1, .def = 1, .step = 1, .coarse = 1,
			      .help = "off fades the compressor out (comp.threshold = off)"},
	[C_MAKEUP_AUTO - C_NPARAMS] = {.sym = "makeup.auto", .kind = UPK_TOGGLE, .min = 0, .max = 1, .def = 0,
				       .step = 1, .coarse = 1,
				       .help = "makeup of half the reduction a 0 dBFS signal gets (comp.makeup = auto)"},
	[C_KEY_HPF - C_NPARAMS] = {.sym = "key.hpf", .unit = "Hz", .kind = UPK_CONTINUOUS, .min = 0, .max = 20000,
				   .def = 0, .log = true, .help = "detector high-pass, 0 for none"},
	[C_KEY_LPF - C_NPARAMS] = {.sym = "key.lpf", .unit = "Hz", .kind = UPK_CONTINUOUS, .min = 0, .max = 20000,
				   .def = 0, .log = true, .help = "detector low-pass, 0 for none"},
};

static const struct unit_output outputs[] = {
	{.sym = "gr", .kind = UOK_GAIN_REDUCTION},
	{.sym = "nan", .kind = UOK_NAN_RESETS},
};

/* Which comp.h call takes a parameter, in the order they are made. */
enum { SET_CURVE = 1, SET_ON = 2, SET_DETECTOR = 4, SET_ALL = 7 };

struct ucomp {
	struct comp c;
	double rate;
	double v[C_NALL];
	unsigned dirty;
};

static void take(struct ucomp *u)
{
	bool autom = u->v[C_MAKEUP_AUTO] >= 0.5;
	if (u->dirty & SET_CURVE)
		comp_set(&u->c, u->v[C_THRESHOLD], u->v[C_RATIO], u->v[C_ATTACK], u->v[C_RELEASE], u->v[C_KNEE],
			 autom ? 0 : u->v[C_MAKEUP], autom);
	if (u->dirty & SET_ON)
		comp_set_enabled(&u->c, u->v[C_ON] >= 0.5);
	if (u->dirty & SET_DETECTOR)
		comp_set_detector(&u->c, u->v[C_KEY_HPF], u->v[C_KEY_LPF]);
	u->dirty = 0;
}

static void *ucomp_create(const struct unit_desc *d, double rate, int max_block, int nch, char *err, size_t errlen)
{
	struct ucomp *u = calloc(1, sizeof *u);
	(void)max_block, (void)nch, (void)err, (void)errlen;
	if (!u)
		return NULL;
	u->rate = rate;
	comp_init(&u->c, rate);
	for (int i = 0; i < C_NALL; i++)
		u->v[i] = unit_param_at(d, i)->def;
	u->dirty = SET_ALL;
	take(u);
	return u;
}

static void ucomp_destroy(void *u) { free(u); }

/* As made, with the parameters it has (a seek renders as a new graph),
 * keeping the count of blocks it silenced. */
static void ucomp_reset(void *p)
{
	struct ucomp *u = p;
	unsigned nan = u->c.nan_resets;
	comp_init(&u->c, u->rate);
	u->c.nan_resets = nan;
	u->dirty = SET_ALL;
}

static void ucomp_set(void *p, int param, double v)
{
	struct ucomp *u = p;
	if (param < 0 || param >= C_NALL)
		return;
	u->v[param] = v;
	u->dirty |= param == C_ON ? SET_ON : param >= C_KEY_HPF ? SET_DETECTOR : SET_CURVE;
}

static void ucomp_process(void *p, float *const ch[], int nch, int n, const float *const key[])
{
	struct ucomp *u = p;
	if (u->dirty)
		take(u);
	if (key)
		comp_process_key(&u->c, ch, nch, n, key, key[1] ? 2 : 1);
	else
		comp_process(&u->c, ch, nch, n);
}

static double ucomp_output(void *p, int idx)
{
	struct ucomp *u = p;
	return idx == 1 ? (double)u->c.nan_resets : comp_gain_reduction_db(&u->c);
}

const struct unit_desc unit_comp = {
	.name = "comp",
	.help = "a compressor, as the strip's own (serial compression, bus glue)",
	.nparams = C_NPARAMS,
	.params = params,
	.noutputs = 2,
	.outputs = outputs,
	.nhost = C_NALL - C_NPARAMS,
	.host_params = host_params,
	.create = ucomp_create,
	.destroy = ucomp_destroy,
	.reset = ucomp_reset,
	.set = ucomp_set,
	.process = ucomp_process,
	.output = ucomp_output,
};
