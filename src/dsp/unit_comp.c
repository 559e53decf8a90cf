/* unit_comp.c — the strip's compressor (dsp/comp.h) as a unit (unit.h),
 * for an insert slot: a second compressor after the first (serial
 * compression), or one on a bus or the master. Its parameter table has
 * the ranges, defaults and steps of the strip's comp.* keys (params.c);
 * test_insert holds the two to the same numbers. Its gain reduction
 * shows with the strip's compressor's. */
#include <stdlib.h>

#include "dsp/comp.h"
#include "dsp/unit.h"

enum { C_THRESHOLD, C_RATIO, C_ATTACK, C_RELEASE, C_KNEE, C_MAKEUP, C_NPARAMS };

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

static const struct unit_output outputs[] = {{.sym = "gr", .kind = UOK_GAIN_REDUCTION}};

struct ucomp {
	struct comp c;
	double v[C_NPARAMS];
};

static void apply(struct ucomp *u)
{
	comp_set(&u->c, u->v[C_THRESHOLD], u->v[C_RATIO], u->v[C_ATTACK], u->v[C_RELEASE], u->v[C_KNEE],
		 u->v[C_MAKEUP], 0);
	comp_set_enabled(&u->c, 1);
}

static void *ucomp_create(const struct unit_desc *d, double rate, int max_block, int nch, char *err, size_t errlen)
{
	struct ucomp *u = calloc(1, sizeof *u);
	(void)max_block, (void)nch, (void)err, (void)errlen;
	if (!u)
		return NULL;
	comp_init(&u->c, rate);
	for (int i = 0; i < C_NPARAMS; i++)
		u->v[i] = d->params[i].def;
	apply(u);
	return u;
}

static void ucomp_destroy(void *u) { free(u); }
static void ucomp_reset(void *u) { comp_reset(&((struct ucomp *)u)->c); }

static void ucomp_set(void *p, int param, double v)
{
	struct ucomp *u = p;
	if (param < 0 || param >= C_NPARAMS)
		return;
	u->v[param] = v;
	apply(u);
}

static void ucomp_process(void *u, float *const ch[], int nch, int n, const float *const key[])
{
	(void)key;
	comp_process(&((struct ucomp *)u)->c, ch, nch, n);
}

static double ucomp_output(void *u, int idx)
{
	(void)idx;
	return comp_gain_reduction_db(&((struct ucomp *)u)->c);
}

const struct unit_desc unit_comp = {
	.name = "comp",
	.help = "a compressor, as the strip's own (serial compression, bus glue)",
	.nparams = C_NPARAMS,
	.params = params,
	.noutputs = 1,
	.outputs = outputs,
	.create = ucomp_create,
	.destroy = ucomp_destroy,
	.reset = ucomp_reset,
	.set = ucomp_set,
	.process = ucomp_process,
	.output = ucomp_output,
};
