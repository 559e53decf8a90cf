/* unit_fx.c — an effect bus's reverb (dsp/reverb.h) and delay
 * (dsp/delay.h) as units (unit.h): the first unit of a `fx = reverb` or
 * `fx = delay` bus's chain (graph_build.c), run before the bus's trim,
 * 100 % wet. Not in the registry: a bus has one, set by its reverb.* or
 * delay.* keys through params.c's param_unit_map. Their tables have the
 * ranges, defaults and steps of those keys (test_chain holds them to the
 * same numbers).
 *
 * set only records the value; the effect takes them at the start of the
 * next block, in one call, as a strip's other units do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/delay.h"
#include "dsp/reverb.h"
#include "dsp/unit.h"

enum { R_SIZE, R_DECAY, R_DAMPING, R_PREDELAY, R_WIDTH, R_NPARAMS };
enum { D_TIME, D_FEEDBACK, D_TONE, D_PINGPONG, D_NPARAMS };
#define FX_MAXP 5

static const struct unit_param reverb_params[R_NPARAMS] = {
	[R_SIZE] = {.sym = "size", .unit = "%", .kind = UPK_CONTINUOUS, .min = 0, .max = 100, .def = 50, .step = 5,
		    .coarse = 20, .help = "room size"},
	[R_DECAY] = {.sym = "decay", .unit = "s", .kind = UPK_CONTINUOUS, .min = 0.1, .max = 20, .def = 1.8,
		     .step = 0.1, .coarse = 1, .help = "RT60 decay time"},
	[R_DAMPING] = {.sym = "damping", .unit = "%", .kind = UPK_CONTINUOUS, .min = 0, .max = 100, .def = 50,
		       .step = 5, .coarse = 20, .help = "high-frequency damping"},
	[R_PREDELAY] = {.sym = "predelay", .unit = "ms", .kind = UPK_CONTINUOUS, .min = 0, .max = 250, .def = 10,
			.step = 1, .coarse = 10, .help = "pre-delay"},
	[R_WIDTH] = {.sym = "width", .unit = "%", .kind = UPK_CONTINUOUS, .min = 0, .max = 100, .def = 100, .step = 5,
		     .coarse = 20, .help = "stereo width"},
};

static const struct unit_param delay_params[D_NPARAMS] = {
	[D_TIME] = {.sym = "time", .unit = "ms", .kind = UPK_CONTINUOUS, .min = 1, .max = 4000, .def = 375, .step = 5,
		    .coarse = 50, .help = "delay time (a note length is turned into ms by the loader)"},
	[D_FEEDBACK] = {.sym = "feedback", .unit = "%", .kind = UPK_CONTINUOUS, .min = 0, .max = 95, .def = 30,
			.step = 5, .coarse = 20, .help = "feedback"},
	[D_TONE] = {.sym = "tone", .unit = "Hz", .kind = UPK_CONTINUOUS, .min = 200, .max = 20000, .def = 6000,
		    .log = true, .help = "low-pass in the feedback loop"},
	[D_PINGPONG] = {.sym = "pingpong", .unit = "", .kind = UPK_TOGGLE, .min = 0, .max = 1, .def = 0, .step = 1,
			.coarse = 1, .help = "repeats alternate left and right"},
};

struct ufx {
	bool is_reverb;
	struct reverb r;
	struct delay d;
	double v[FX_MAXP];
	bool dirty;
	float *out[2]; /* the effect's output, copied back in place */
};

static void take(struct ufx *u)
{
	const double *v = u->v;
	if (u->is_reverb)
		reverb_set(&u->r, v[R_SIZE], v[R_DECAY], v[R_DAMPING], v[R_PREDELAY], v[R_WIDTH]);
	else
		delay_set(&u->d, v[D_TIME], v[D_FEEDBACK], v[D_TONE], v[D_PINGPONG] != 0);
	u->dirty = false;
}

static void ufx_destroy(void *p)
{
	struct ufx *u = p;
	if (!u)
		return;
	if (u->is_reverb)
		reverb_free(&u->r);
	else
		delay_free(&u->d);
	free(u->out[0]);
	free(u->out[1]);
	free(u);
}

static void *ufx_create(const struct unit_desc *d, double rate, int max_block, int nch, char *err, size_t errlen)
{
	struct ufx *u = calloc(1, sizeof *u);
	(void)nch;
	if (!u)
		return NULL;
	u->is_reverb = d->params == reverb_params;
	u->out[0] = calloc((size_t)max_block, sizeof(float));
	u->out[1] = calloc((size_t)max_block, sizeof(float));
	if (!u->out[0] || !u->out[1] || (u->is_reverb ? reverb_init(&u->r, rate) : delay_init(&u->d, rate, 4.5))) {
		snprintf(err, errlen, "cannot set up the %s", d->name);
		free(u->out[0]);
		free(u->out[1]);
		free(u);
		return NULL;
	}
	for (int i = 0; i < d->nparams; i++)
		u->v[i] = d->params[i].def;
	take(u);
	return u;
}

static void ufx_reset(void *p)
{
	struct ufx *u = p;
	if (u->is_reverb)
		reverb_reset(&u->r);
	else
		delay_reset(&u->d);
	u->dirty = true;
}

static void ufx_set(void *p, int param, double v)
{
	struct ufx *u = p;
	if (param < 0 || param >= (u->is_reverb ? R_NPARAMS : D_NPARAMS))
		return;
	u->v[param] = v;
	u->dirty = true;
}

static void ufx_process(void *p, float *const ch[], int nch, int n, const float *const key[])
{
	struct ufx *u = p;
	const float *const in[2] = {ch[0], ch[nch - 1]};
	(void)key;
	if (u->dirty)
		take(u);
	if (u->is_reverb)
		reverb_process(&u->r, in, nch, u->out[0], u->out[1], n);
	else
		delay_process(&u->d, in, nch, u->out[0], u->out[1], n);
	for (int c = 0; c < nch; c++)
		memcpy(ch[c], u->out[c], sizeof(float) * (size_t)n);
}

static double ufx_output(void *u, int idx)
{
	(void)u, (void)idx;
	return 0;
}

const struct unit_desc unit_reverb = {
	.name = "reverb",
	.help = "an effect bus's reverb, 100 % wet",
	.nparams = R_NPARAMS,
	.params = reverb_params,
	.create = ufx_create,
	.destroy = ufx_destroy,
	.reset = ufx_reset,
	.set = ufx_set,
	.process = ufx_process,
	.output = ufx_output,
};

const struct unit_desc unit_delay = {
	.name = "delay",
	.help = "an effect bus's delay, 100 % wet",
	.nparams = D_NPARAMS,
	.params = delay_params,
	.create = ufx_create,
	.destroy = ufx_destroy,
	.reset = ufx_reset,
	.set = ufx_set,
	.process = ufx_process,
	.output = ufx_output,
};
