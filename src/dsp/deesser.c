/* deesser.c — the built-in `deesser` insert unit: split-band, so only the
 * sibilant band is turned down and the voice under it keeps its level.
 * Reached only through its descriptor, unit_deesser (unit.h), which the
 * registry lists; nothing else calls in here.
 *
 * Why a dynamic shelf. A full-band de-esser ducks the whole voice on
 * every "s". The obvious split, band = x - lowpass(x), leaks the voice
 * into the band at 6 dB/octave (a 1 kHz tone would duck with a band at
 * 6 kHz, -12 dB under it); a steeper band, x - (1 - g) highpass(x), rises
 * above the input near the split, where the high-pass's phase has turned
 * past 90 degrees. Instead the band is turned down by a high shelf whose
 * gain is the de-esser's reduction g (dB <= 0):
 *
 *   H(s) = B4(s / Wz) / B4(s / Wp),  B4 = the 4th-order Butterworth
 *          polynomial (s^2 + 0.7654 s + 1)(s^2 + 1.8478 s + 1),
 *   Wp = W g^(1/8), Wz = W g^(-1/8), W = tan(pi freq / rate) (prewarped),
 *   |H(jw)|^2 = (1 + (w/Wz)^8) / (1 + (w/Wp)^8),
 *
 * bilinear-transformed into two biquads. Its gain falls monotonically
 * from 1 (below the band) to g (above it), never rising above 1 and never
 * dipping below g; it is half of g in dB at exactly `freq`, and steep (a
 * 1 kHz tone under a 10 dB cut at 4 kHz loses under a thousandth of a
 * dB).
 * With no reduction, g = 1, numerator and denominator are the same
 * numbers, and the two biquads pass the input through bit for bit: the
 * de-esser is exactly transparent until the band crosses the threshold.
 *
 * Listen plays what it removes: the band (the detector's high-pass,
 * below) times the share of it being taken away, 1 - g. Not x - H x:
 * the shelf turns the phase of the voice below the band a little (0.2
 * rad at 1 kHz under a 10 dB cut at 4 kHz), which no one hears in the
 * output but which would leave the voice in the solo at -15 dB.
 *
 * Detector: the same band, taken by a fixed 4th-order Butterworth
 * high-pass at `freq` (two RBJ sections, Q 0.5412 and 1.3066), the
 * larger |band| of the two channels (stereo-linked, so the image does not
 * wander), in dB over `threshold`, limited to -range: the band is held
 * at the threshold until `range` runs out. That overshoot goes through
 * the compressor's smooth decoupled peak detector (comp.h, Giannoulis et
 * al. eq. 17), attack DEESS_ATTACK_MS, release DEESS_RELEASE_MS: fast
 * enough to catch an "s" within its first millisecond or two, slow enough
 * not to ripple at the band's own frequency.
 *
 * Timing: the shelf is redesigned once per DSP_SUBBLOCK frames, from the
 * detector's state at the start of that sub-block (so a reduction lands
 * up to one sub-block, 0.7 ms at 48 kHz, after the detector sees it).
 * Sub-blocks count from the first frame processed, not from each call,
 * so any split of the input into process calls gives the same bytes.
 * freq glides (log, 20 ms), listen crossfades (10 ms); threshold and
 * range act at once (the detector smooths what they produce). No latency. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/biquad.h"
#include "dsp/dsp.h"
#include "dsp/unit.h"

#define DEESS_ATTACK_MS 1.0
#define DEESS_RELEASE_MS 60.0
#define DEESS_FREQ_MS 20.0
#define DEESS_LISTEN_MS 10.0
/* a millionth of a dB of reduction is none: back to exact transparency */
#define DEESS_REST_DB 1e-6

enum { P_FREQ, P_THRESHOLD, P_RANGE, P_LISTEN, P_N };

static const struct unit_param params[P_N] = {
	[P_FREQ] = {.sym = "freq", .unit = "Hz", .kind = UPK_CONTINUOUS, .min = 2000, .max = 12000,
		    .def = 6000, .step = 1, .coarse = 4, .log = true,
		    .help = "where the sibilant band starts (it takes half the cut here)"},
	[P_THRESHOLD] = {.sym = "threshold", .unit = "dB", .kind = UPK_CONTINUOUS, .min = -60, .max = 0,
			 .def = -30, .step = 1, .coarse = 6,
			 .help = "the band is turned down while its peaks are above this"},
	[P_RANGE] = {.sym = "range", .unit = "dB", .kind = UPK_CONTINUOUS, .min = -24, .max = 0,
		     .def = -6, .step = 0.5, .coarse = 3,
		     .help = "the deepest cut it may make"},
	[P_LISTEN] = {.sym = "listen", .unit = "", .kind = UPK_TOGGLE, .min = 0, .max = 1, .def = 0,
		      .step = 1, .coarse = 1, .help = "hear only what it removes"},
};

static const struct unit_output outputs[] = {
	{.sym = "gr", .kind = UOK_GAIN_REDUCTION},
};

/* 2 zeta of the 4th-order Butterworth's two sections: 2 sin(pi/8), 2 sin(3pi/8) */
static const double bw4_damp[2] = {0.76536686473017954, 1.8477590650225735};
static const double bw4_q[2] = {0.54119610014619699, 1.3065629648763766};

struct deesser {
	double rate;
	int nch;
	double thr_db, thr_lin, range_db;
	int listen;
	struct smooth lfreq;  /* log2 Hz */
	struct smooth mon;    /* 0: processed output, 1: what it removes */
	double a_att, a_rel;
	double y1, yl;        /* detector, dB of reduction (>= 0) */
	double w;             /* tan(pi f / rate) of the current freq */
	double gr;            /* reduction of the current sub-block, dB <= 0 */
	double gr_hold;       /* deepest since the last output() */
	int pos;              /* frames into the current sub-block */
	double mon0;          /* the monitor blend at the sub-block's start */
	int fresh, nan_resets;
	struct biquad_coefs hp[2], shelf[2];
	struct biquad_state hps[DSP_MAXCH][2], shs[DSP_MAXCH][2];
};

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static void design_detector(struct deesser *d)
{
	double f = clampd(exp2(d->lfreq.cur), 20.0, 0.45 * d->rate);
	d->w = tan(M_PI * f / d->rate);
	for (int k = 0; k < 2; k++)
		biquad_design(&d->hp[k], BQ_HIGHPASS, d->rate, f, 0.0, bw4_q[k]);
}

/* The shelf of the header comment for a reduction of gr dB (<= 0). */
static void design_shelf(struct deesser *d, double gr)
{
	double c = pow(10.0, gr / 160.0); /* g^(1/8) */
	double u = 1.0 / (d->w / c), v = 1.0 / (d->w * c);
	for (int k = 0; k < 2; k++) {
		double z = bw4_damp[k];
		double a0 = v * v + z * v + 1.0;
		struct biquad_coefs *s = &d->shelf[k];
		s->b0 = (u * u + z * u + 1.0) / a0;
		s->b1 = (2.0 - 2.0 * u * u) / a0;
		s->b2 = (u * u - z * u + 1.0) / a0;
		s->a1 = (2.0 - 2.0 * v * v) / a0;
		s->a2 = (v * v - z * v + 1.0) / a0;
	}
}

static void deesser_reset(void *p)
{
	struct deesser *d = p;
	d->y1 = d->yl = 0.0;
	d->gr = d->gr_hold = 0.0;
	for (int c = 0; c < DSP_MAXCH; c++)
		for (int k = 0; k < 2; k++) {
			biquad_reset(&d->hps[c][k]);
			biquad_reset(&d->shs[c][k]);
		}
}

static void deesser_set(void *p, int param, double value)
{
	struct deesser *d = p;
	switch (param) {
	case P_FREQ:
		value = log2(clampd(value, params[P_FREQ].min, params[P_FREQ].max));
		if (d->fresh) {
			smooth_jump(&d->lfreq, value);
			design_detector(d);
			design_shelf(d, d->gr);
		} else {
			smooth_set(&d->lfreq, value);
		}
		break;
	case P_THRESHOLD:
		d->thr_db = clampd(value, params[P_THRESHOLD].min, params[P_THRESHOLD].max);
		d->thr_lin = db_to_lin(d->thr_db);
		break;
	case P_RANGE:
		d->range_db = clampd(value, params[P_RANGE].min, params[P_RANGE].max);
		break;
	case P_LISTEN:
		d->listen = value >= 0.5;
		if (d->fresh)
			smooth_jump(&d->mon, d->listen);
		else
			smooth_set(&d->mon, d->listen);
		break;
	default:
		break;
	}
}

static void *deesser_create(const struct unit_desc *desc, double rate, int max_block, int nch,
			    char *err, size_t errlen)
{
	if (nch < 1 || nch > DSP_MAXCH || !(rate >= 8000.0)) {
		snprintf(err, errlen, "deesser: cannot run %d channels at %g Hz", nch, rate);
		return NULL;
	}
	struct deesser *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "deesser: out of memory");
		return NULL;
	}
	d->rate = rate;
	d->nch = nch;
	d->fresh = 1;
	d->a_att = exp(-1.0 / (DEESS_ATTACK_MS * 0.001 * rate));
	d->a_rel = exp(-1.0 / (DEESS_RELEASE_MS * 0.001 * rate));
	smooth_init(&d->lfreq, log2(params[P_FREQ].def), rate, DEESS_FREQ_MS);
	smooth_init(&d->mon, 0.0, rate, DEESS_LISTEN_MS);
	for (int i = 0; i < P_N; i++)
		deesser_set(d, i, desc->params[i].def);
	design_detector(d);
	deesser_reset(d);
	design_shelf(d, 0.0);
	return d;
}

static void deesser_destroy(void *p) { free(p); }

/* The start of a sub-block: glides step, the shelf takes the detector's
 * reduction so far. */
static void begin_subblock(struct deesser *d, double *mon0)
{
	*mon0 = d->mon.cur;
	smooth_step(&d->mon);
	int moved = smooth_step(&d->lfreq);
	if (moved)
		design_detector(d);
	double gr = -d->yl;
	if (moved || gr != d->gr)
		design_shelf(d, gr);
	d->gr = gr;
}

static int shelf_at_rest(const struct deesser *d)
{
	for (int c = 0; c < d->nch; c++)
		for (int k = 0; k < 2; k++)
			if (d->shs[c][k].z1 != 0.0 || d->shs[c][k].z2 != 0.0)
				return 0;
	return d->gr == 0.0;
}

/* Detector over m frames of the sub-block: the band's peak over the
 * threshold, limited to the range, into the decoupled peak detector. */
static void detect(struct deesser *d, float *const ch[], int m, float band[][DSP_SUBBLOCK])
{
	for (int c = 0; c < d->nch; c++) {
		memcpy(band[c], ch[c], (size_t)m * sizeof(float));
		for (int k = 0; k < 2; k++)
			biquad_process(&d->hp[k], &d->hps[c][k], band[c], m);
	}
	const float *b1 = d->nch > 1 ? band[1] : band[0];
	const float thr = (float)d->thr_lin, limit = (float)-d->range_db;
	double y1 = d->y1, yl = d->yl, aA = d->a_att, aR = d->a_rel;
	for (int i = 0; i < m; i++) {
		float a = fabsf(band[0][i]), b = fabsf(b1[i]);
		a = b > a ? b : a;
		float xl = 0.0f;
		if (a > thr) {
			xl = 6.02059991f * dsp_log2f(a) - (float)d->thr_db;
			xl = xl < limit ? xl : limit;
		}
		double rel = aR * y1 + (1.0 - aR) * xl;
		y1 = xl > rel ? xl : rel;
		yl = aA * yl + (1.0 - aA) * y1;
	}
	d->y1 = y1 < DEESS_REST_DB ? 0.0 : y1;
	d->yl = yl < DEESS_REST_DB ? 0.0 : yl;
}

/* m frames starting `at` frames into a sub-block whose monitor blend
 * moves from mon0 to d->mon.cur; band is the detector's band. */
static void run(struct deesser *d, float *const ch[], int m, int at, double mon0,
		float band[][DSP_SUBBLOCK])
{
	int rest = shelf_at_rest(d);
	double mon1 = d->mon.cur;
	for (int c = 0; c < d->nch; c++)
		if (!rest)
			for (int k = 0; k < 2; k++)
				biquad_process(&d->shelf[k], &d->shs[c][k], ch[c], m);
	if (mon0 != 0.0 || mon1 != 0.0) {
		const float l0 = (float)mon0, dl = (float)((mon1 - mon0) / DSP_SUBBLOCK);
		const float cut = (float)(1.0 - db_to_lin(d->gr));
		for (int c = 0; c < d->nch; c++) {
			float *y = ch[c];
			for (int i = 0; i < m; i++) {
				float l = l0 + dl * (float)(at + i + 1);
				y[i] = y[i] + l * (cut * band[c][i] - y[i]);
			}
		}
	}
}

static void deesser_process(void *p, float *const ch[], int nch, int n, const float *const key[])
{
	struct deesser *d = p;
	if (nch != d->nch)
		return;
	d->fresh = 0;
	for (int off = 0; off < n;) {
		if (d->pos == 0)
			begin_subblock(d, &d->mon0);
		int m = n - off < DSP_SUBBLOCK - d->pos ? n - off : DSP_SUBBLOCK - d->pos;
		float *sub[DSP_MAXCH] = {0};
		for (int c = 0; c < nch; c++)
			sub[c] = ch[c] + off;
		float band[DSP_MAXCH][DSP_SUBBLOCK];
		detect(d, sub, m, band);
		run(d, sub, m, d->pos, d->mon0, band);
		int bad = 0;
		for (int c = 0; c < nch; c++)
			bad |= dsp_block_bad(sub[c], m);
		if (bad) {
			deesser_reset(d);
			for (int c = 0; c < nch; c++)
				memset(sub[c], 0, (size_t)m * sizeof(float));
			d->nan_resets++;
		}
		if (d->gr < d->gr_hold)
			d->gr_hold = d->gr;
		d->pos = (d->pos + m) % DSP_SUBBLOCK;
		off += m;
	}
}

static double deesser_output(void *p, int idx)
{
	struct deesser *d = p;
	double v = d->gr_hold;
	d->gr_hold = d->gr;
	return idx == 0 ? v : 0.0;
}

extern const struct unit_desc unit_deesser;
const struct unit_desc unit_deesser = {
	.name = "deesser",
	.help = "turns down the sibilant band (s, sh, t) when it crosses the threshold",
	.nparams = P_N,
	.params = params,
	.noutputs = 1,
	.outputs = outputs,
	.create = deesser_create,
	.destroy = deesser_destroy,
	.reset = deesser_reset,
	.set = deesser_set,
	.process = deesser_process,
	.output = deesser_output,
	.latency = NULL,
};
