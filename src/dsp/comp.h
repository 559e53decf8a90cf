/* comp.h — the strip's feed-forward compressor, after Giannoulis,
 * Massberg & Reiss, "Digital Dynamic Range Compressor Design — A Tutorial
 * and Analysis", JAES 60(6), 2012.
 *
 * Owns its detector state; the render graph calls comp_process() on the
 * audio thread, the control side comp_set*() between calls; meters read
 * comp_gain_reduction_db(), the TUI draws comp_static_curve_db().
 *
 * Signal path per sample (the paper's Fig. 7(c) log-domain design):
 *   x_G = 20 log10(max |x| over channels)   (stereo-linked)
 *   y_G = gain computer with quadratic soft knee of width W (eq. 4):
 *         x_G                                   2(x_G - T) < -W
 *         x_G + (1/R - 1)(x_G - T + W/2)^2/(2W) |2(x_G - T)| <= W
 *         T + (x_G - T)/R                       2(x_G - T) > W
 *   x_L = x_G - y_G, smoothed by the smooth decoupled peak detector
 *   (eq. 17): y1 = max(x_L, aR y1 + (1-aR) x_L), y_L = aA y_L + (1-aA) y1,
 *   with a = exp(-1 / (tau fs)), so a step in level moves the gain 63 %
 *   of the way in the attack time;
 *   gain = -y_L + makeup (dB).
 * Threshold, ratio and knee take effect at once: the detector already
 * smooths the gain they produce. Makeup glides (15 ms).
 *
 * Auto makeup: half the static curve's gain reduction at a 0 dBFS input,
 *   makeup = (0 - y_G(0 dBFS)) / 2,
 * i.e. +7.5 dB for -20 dB threshold at 4:1. Full compensation would make
 * every quiet passage louder than it went in; half is a common, safe rule.
 *
 * comp_set_enabled() fades the compressor in or out (8 ms); once faded
 * out it costs nothing. A new compressor is enabled; settings made before
 * the first process call take effect at once.
 *
 * The detector (x_G) may read another signal than the one compressed (a
 * sidechain key: comp_process_key), through a 12 dB/oct Butterworth
 * high-pass and low-pass of its own (comp_set_detector); they shape only
 * what is measured, never the audio. */
#ifndef TMIX_COMP_H
#define TMIX_COMP_H
#include "dsp/biquad.h"
#include "dsp/dsp.h"

struct comp {
	double rate;
	double thr, ratio, knee, attack_ms, release_ms, makeup_db;
	int makeup_auto;
	double a_att, a_rel;  /* detector coefficients */
	double knee_lo_lin;   /* |x| at or below this: no reduction */
	/* for a sub-block entirely below the knee, where the detector only
	 * decays: y1 * rel_pow[i] and yl * att_pow[i] + y1 * mix[i] after
	 * i + 1 samples */
	double rel_pow[DSP_SUBBLOCK], att_pow[DSP_SUBBLOCK], mix[DSP_SUBBLOCK];
	double y1, yl;        /* detector state, dB of reduction (>= 0) */
	struct smooth makeup, en;
	int enabled, running, fresh;
	double last_gr;       /* latest -y_L, for meters */
	unsigned nan_resets;
	struct biquad_side det; /* the detector's own filters */
};

void comp_init(struct comp *c, double rate);
/* Clear the detector (no reduction). */
void comp_reset(struct comp *c);
/* threshold_db in [-80, 0]; ratio in [1, 100]; attack_ms in [0.01, 1000];
 * release_ms in [1, 5000]; knee_db in [0, 48]; makeup_db in [-24, 48],
 * ignored when makeup_auto is nonzero. */
void comp_set(struct comp *c, double threshold_db, double ratio, double attack_ms,
	      double release_ms, double knee_db, double makeup_db, int makeup_auto);
void comp_set_enabled(struct comp *c, int on);
/* In place, nch 1 or 2, any n. A non-finite output sub-block is silenced,
 * the detector reset and nan_resets incremented. */
void comp_process(struct comp *c, float *const ch[], int nch, int n);
/* The same, the detector reading det[0..dnch) (n frames, dnch 1 or 2)
 * instead of ch: a key, or ch itself. Through the detector filters when
 * they are on; with them off and det == ch, exactly comp_process. */
void comp_process_key(struct comp *c, float *const ch[], int nch, int n, const float *const det[], int dnch);
/* The detector's high-pass and low-pass corners in Hz; 0 turns one off.
 * Switching one on starts it from silence. */
void comp_set_detector(struct comp *c, double hpf_hz, double lpf_hz);
/* Most recent gain reduction in dB (<= 0, without makeup; 0 if bypassed). */
double comp_gain_reduction_db(const struct comp *c);
/* Output level of the static curve, makeup included, for an input level. */
double comp_static_curve_db(const struct comp *c, double in_db);
#endif
