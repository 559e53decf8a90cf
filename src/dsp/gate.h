/* gate.h — the strip's noise gate.
 *
 * Owns its detector and gain envelope; the render graph calls
 * gate_process() on the audio thread, the control side gate_set*()
 * between calls. The meter reads gate_gain_reduction_db().
 *
 * Detection is stereo-linked (the larger |x| of the channels) through a
 * peak follower, env = max(|x|, env * fall): instant rise, GATE_DETECT_MS
 * exponential fall, so the
 * troughs of a 50 Hz wave do not count as silence. The gate opens when
 * the follower reaches the threshold and only starts closing when it has
 * fallen GATE_HYSTERESIS_DB below it; a level wobbling a dB or two around
 * the threshold therefore does not chatter. After that the gate holds
 * open for hold_ms, then closes.
 *
 * The gain moves in straight lines in dB: attack_ms is the time to go
 * from fully closed (range_db) to open, release_ms from open to closed.
 * range_db is clamped to [-120, 0]. gate_set_enabled() fades the whole
 * gate in or out (8 ms time constant); once faded out it costs nothing.
 * A new gate is enabled; settings made before the first process call
 * take effect at once.
 *
 * The detector may listen to another signal than the one it gates (a
 * sidechain key: gate_process_key) and through a filter of its own
 * (gate_set_detector: a 12 dB/oct Butterworth high-pass and low-pass),
 * so rumble or a kick's low end does not hold the gate open. The filters
 * shape only what the follower sees, never the audio. */
#ifndef TMIX_GATE_H
#define TMIX_GATE_H
#include "dsp/biquad.h"
#include "dsp/dsp.h"

#define GATE_HYSTERESIS_DB 4.0
#define GATE_DETECT_MS 20.0

struct gate {
	double rate;
	double thr_db, range_db, attack_ms, hold_ms, release_ms;
	double open_lin, close_lin, range_lin; /* thresholds and floor, linear */
	double up, down;   /* per-sample gain multipliers of the dB ramps */
	double det_coef;   /* follower fall per sample */
	double det_coef_sub;          /* ... per sub-block */
	float decay[DSP_SUBBLOCK];    /* det_coef^(DSP_SUBBLOCK-1-i) */
	int hold_len;
	/* running state */
	double env, g;
	int open, hold_left;
	int enabled, running, fresh;
	struct smooth en;
	double last_gain;  /* applied gain of the latest sample, for meters */
	unsigned nan_resets;
	struct biquad_side det; /* the detector's own filters */
};

void gate_init(struct gate *g, double rate);
/* Forget the signal: follower 0, gate closed at range. */
void gate_reset(struct gate *g);
void gate_set(struct gate *g, double threshold_db, double range_db,
	      double attack_ms, double hold_ms, double release_ms);
void gate_set_enabled(struct gate *g, int on);
/* In place, nch 1 or 2, any n. A non-finite output sub-block is silenced,
 * the state reset and nan_resets incremented. */
void gate_process(struct gate *g, float *const ch[], int nch, int n);
/* The same, the detector listening to det[0..dnch) (n frames, dnch 1 or
 * 2) instead of ch: a key, or ch itself. Through the detector filters
 * when they are on; with them off and det == ch, exactly gate_process. */
void gate_process_key(struct gate *g, float *const ch[], int nch, int n, const float *const det[], int dnch);
/* The detector's high-pass and low-pass corners in Hz; 0 turns one off.
 * Switching one on starts it from silence. */
void gate_set_detector(struct gate *g, double hpf_hz, double lpf_hz);
/* Current attenuation in dB (<= 0; 0 when open or bypassed). */
double gate_gain_reduction_db(const struct gate *g);
#endif
