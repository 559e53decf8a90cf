/* unit_eq.c — the strip's filter section (dsp/eq.h: high-pass, low-pass
 * and eight bands) as a unit (unit.h), the second of every strip's chain
 * (graph_build.c). Not in the registry: a strip has one, set by its hpf*,
 * lpf* and eq.N keys through params.c's param_unit_map and graph_set_eq.
 *
 * Parameters: hpf, hpf.slope, lpf, lpf.slope, then per band N (1-8)
 * eq.N.type, eq.N.freq, eq.N.gain, eq.N.q with eq.h's EQ_* ranges, those
 * of eq_ranges; host parameters hpf.on and lpf.on.
 * set only records the value; the changed sections are asked for at the
 * start of the next block, each once with all its fields, so a band that
 * changes type and frequency together never runs half changed. */
#include <stdlib.h>

#include "dsp/eq.h"
#include "dsp/unit.h"

enum { E_HPF, E_HPF_SLOPE, E_LPF, E_LPF_SLOPE, E_BAND0, E_NPARAMS = E_BAND0 + 4 * EQ_NBANDS };
enum { E_HPF_ON = E_NPARAMS, E_LPF_ON, E_NALL };
enum { F_TYPE, F_FREQ, F_GAIN, F_Q };

#define BAND(n) \
	[E_BAND0 + 4 * ((n) - 1) + F_TYPE] = {.sym = "eq." #n ".type", .unit = "", .kind = UPK_ENUM, .min = 0, \
					      .max = EQB_NOTCH, .def = EQB_OFF, .step = 1, .coarse = 1, \
					      .labels = eq_type_names, .help = "band " #n ": off, bell, shelf or notch"}, \
	[E_BAND0 + 4 * ((n) - 1) + F_FREQ] = {.sym = "eq." #n ".freq", .unit = "Hz", .kind = UPK_CONTINUOUS, \
					      .min = EQ_FREQ_MIN, .max = EQ_FREQ_MAX, .def = 1000, .log = true, \
					      .help = "band " #n " frequency"}, \
	[E_BAND0 + 4 * ((n) - 1) + F_GAIN] = {.sym = "eq." #n ".gain", .unit = "dB", .kind = UPK_CONTINUOUS, \
					      .min = EQ_GAIN_MIN, .max = EQ_GAIN_MAX, .def = 0, .step = 0.5, .coarse = 3, \
					      .help = "band " #n " gain"}, \
	[E_BAND0 + 4 * ((n) - 1) + F_Q] = {.sym = "eq." #n ".q", .unit = "", .kind = UPK_CONTINUOUS, .min = EQ_Q_MIN, \
					   .max = EQ_Q_MAX, .def = 1, .log = true, .help = "band " #n " width"},

static const struct unit_param params[E_NPARAMS] = {
	[E_HPF] = {.sym = "hpf", .unit = "Hz", .kind = UPK_CONTINUOUS, .min = 10, .max = 20000, .def = 80,
		   .log = true, .help = "high-pass corner"},
	[E_HPF_SLOPE] = {.sym = "hpf.slope", .unit = "dB/oct", .kind = UPK_STEPPED, .min = 12, .max = 24, .def = 12,
			 .step = 12, .coarse = 12, .help = "12 or 24 dB/oct"},
	[E_LPF] = {.sym = "lpf", .unit = "Hz", .kind = UPK_CONTINUOUS, .min = 10, .max = 20000, .def = 12000,
		   .log = true, .help = "low-pass corner"},
	[E_LPF_SLOPE] = {.sym = "lpf.slope", .unit = "dB/oct", .kind = UPK_STEPPED, .min = 12, .max = 24, .def = 12,
			 .step = 12, .coarse = 12, .help = "12 or 24 dB/oct"},
	BAND(1) BAND(2) BAND(3) BAND(4) BAND(5) BAND(6) BAND(7) BAND(8)
};

static const struct unit_param host_params[E_NALL - E_NPARAMS] = {
	[E_HPF_ON - E_NPARAMS] = {.sym = "hpf.on", .kind = UPK_TOGGLE, .min = 0, .max = 1, .def = 0, .step = 1,
				  .coarse = 1, .help = "the high-pass in (hpf = off takes it out, faded)"},
	[E_LPF_ON - E_NPARAMS] = {.sym = "lpf.on", .kind = UPK_TOGGLE, .min = 0, .max = 1, .def = 0, .step = 1,
				  .coarse = 1, .help = "the low-pass in"},
};

static const struct unit_output outputs[] = {{.sym = "nan", .kind = UOK_NAN_RESETS}};

/* dirty bits: the high-pass, the low-pass, then one per band */
#define D_HPF 1u
#define D_LPF 2u
#define D_BAND(b) (4u << (b))
#define D_ALL (D_BAND(EQ_NBANDS) - 1u)

struct ueq {
	struct eq e;
	double rate;
	double v[E_NALL];
	unsigned dirty;
};

static void take(struct ueq *u)
{
	const double *v = u->v;
	if (u->dirty & D_HPF)
		eq_set_hpf(&u->e, v[E_HPF_ON] >= 0.5, v[E_HPF], (int)v[E_HPF_SLOPE]);
	if (u->dirty & D_LPF)
		eq_set_lpf(&u->e, v[E_LPF_ON] >= 0.5, v[E_LPF], (int)v[E_LPF_SLOPE]);
	for (int b = 0; b < EQ_NBANDS; b++)
		if (u->dirty & D_BAND(b)) {
			const double *f = v + E_BAND0 + 4 * b;
			eq_set_band(&u->e, b, (enum eq_band_type)(int)f[F_TYPE], f[F_FREQ], f[F_GAIN], f[F_Q]);
		}
	u->dirty = 0;
}

static void *ueq_create(const struct unit_desc *d, double rate, int max_block, int nch, char *err, size_t errlen)
{
	struct ueq *u = calloc(1, sizeof *u);
	(void)max_block, (void)nch, (void)err, (void)errlen;
	if (!u)
		return NULL;
	u->rate = rate;
	eq_init(&u->e, rate);
	for (int i = 0; i < E_NALL; i++)
		u->v[i] = unit_param_at(d, i)->def;
	u->dirty = D_ALL;
	take(u);
	return u;
}

static void ueq_destroy(void *u) { free(u); }

/* As made, with the parameters it has: a seek renders as a new graph. */
static void ueq_reset(void *p)
{
	struct ueq *u = p;
	unsigned nan = u->e.nan_resets;
	eq_init(&u->e, u->rate);
	u->e.nan_resets = nan;
	u->dirty = D_ALL;
}

static void ueq_set(void *p, int param, double v)
{
	struct ueq *u = p;
	if (param < 0 || param >= E_NALL)
		return;
	u->v[param] = v;
	if (param == E_HPF || param == E_HPF_SLOPE || param == E_HPF_ON)
		u->dirty |= D_HPF;
	else if (param == E_LPF || param == E_LPF_SLOPE || param == E_LPF_ON)
		u->dirty |= D_LPF;
	else
		u->dirty |= D_BAND((param - E_BAND0) / 4);
}

static void ueq_process(void *p, float *const ch[], int nch, int n, const float *const key[])
{
	struct ueq *u = p;
	(void)key;
	if (u->dirty)
		take(u);
	eq_process(&u->e, ch, nch, n);
}

static double ueq_output(void *p, int idx)
{
	(void)idx;
	return (double)((struct ueq *)p)->e.nan_resets;
}

const struct unit_desc unit_eq = {
	.name = "eq",
	.help = "the strip's high-pass, low-pass and eight EQ bands",
	.nparams = E_NPARAMS,
	.params = params,
	.noutputs = 1,
	.outputs = outputs,
	.nhost = E_NALL - E_NPARAMS,
	.host_params = host_params,
	.create = ueq_create,
	.destroy = ueq_destroy,
	.reset = ueq_reset,
	.set = ueq_set,
	.process = ueq_process,
	.output = ueq_output,
};
