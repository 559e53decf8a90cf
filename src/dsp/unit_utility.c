/* unit_utility.c — the `utility` unit: gain, polarity and channel
 * handling for an insert slot (unit.h). What a trim plug-in does in a
 * DAW: level a hot send return after the compressor, flip one side of a
 * stereo pair, fold a stereo stem to mono or take one side of it.
 *
 * Gain and polarity glide as a fader does (gain.h), so moving them never
 * clicks; the channel choice switches at the block boundary. */
#include <stdlib.h>
#include <string.h>

#include "dsp/dsp.h"
#include "dsp/gain.h"
#include "dsp/unit.h"

enum { U_GAIN, U_INVERT, U_CHANNELS, U_NPARAMS };
enum { CH_STEREO, CH_SWAP, CH_MONO, CH_LEFT, CH_RIGHT };

static const char *const channel_labels[] = {"stereo", "swap", "mono", "left", "right", NULL};

static const struct unit_param params[U_NPARAMS] = {
	[U_GAIN] = {.sym = "gain", .unit = "dB", .kind = UPK_CONTINUOUS, .min = -48, .max = 24, .def = 0,
		    .step = 0.5, .coarse = 3, .help = "level change"},
	[U_INVERT] = {.sym = "invert", .unit = "", .kind = UPK_TOGGLE, .min = 0, .max = 1, .def = 0,
		      .step = 1, .coarse = 1, .help = "polarity"},
	[U_CHANNELS] = {.sym = "channels", .unit = "", .kind = UPK_ENUM, .min = 0, .max = 4, .def = CH_STEREO,
			.step = 1, .coarse = 1, .labels = channel_labels,
			.help = "stereo, swap (left and right), mono (their average), left or right on both"},
};

struct utility {
	struct gain g;
	int channels;
};

static void *utility_create(const struct unit_desc *d, double rate, int max_block, int nch, char *err,
			    size_t errlen)
{
	struct utility *u = calloc(1, sizeof *u);
	(void)d, (void)max_block, (void)nch, (void)err, (void)errlen;
	if (!u)
		return NULL;
	gain_init(&u->g, rate);
	return u;
}

static void utility_destroy(void *u) { free(u); }

static void utility_reset(void *p)
{
	struct utility *u = p;
	gain_reset(&u->g);
}

static void utility_set(void *p, int param, double v)
{
	struct utility *u = p;
	switch (param) {
	case U_GAIN: gain_set_db(&u->g, v); break;
	case U_INVERT: gain_set_polarity(&u->g, v >= 0.5); break;
	case U_CHANNELS: u->channels = (int)v; break;
	}
}

static void utility_process(void *p, float *const ch[], int nch, int n, const float *const key[])
{
	struct utility *u = p;
	float *l = ch[0], *r = ch[nch - 1];
	(void)key;
	if (nch == 2)
		switch (u->channels) {
		case CH_SWAP:
			for (int i = 0; i < n; i++) {
				float t = l[i];
				l[i] = r[i];
				r[i] = t;
			}
			break;
		case CH_MONO:
			for (int i = 0; i < n; i++)
				l[i] = r[i] = 0.5f * (l[i] + r[i]);
			break;
		case CH_LEFT: memcpy(r, l, sizeof *r * (size_t)n); break;
		case CH_RIGHT: memcpy(l, r, sizeof *l * (size_t)n); break;
		}
	gain_process(&u->g, ch, nch, n);
}

static double utility_output(void *u, int idx)
{
	(void)u, (void)idx;
	return 0;
}

const struct unit_desc unit_utility = {
	.name = "utility",
	.help = "gain, polarity and channels (swap, mono, one side)",
	.nparams = U_NPARAMS,
	.params = params,
	.create = utility_create,
	.destroy = utility_destroy,
	.reset = utility_reset,
	.set = utility_set,
	.process = utility_process,
	.output = utility_output,
};
