/* gain.h — a click-free gain stage: fader, trim, polarity and mute.
 *
 * Owns one strip gain's glide state. The render graph calls
 * gain_process() (or gain_process_ramp() where an automation lane drives
 * the fader) on the audio thread; the control side calls gain_set_*()
 * between process calls.
 *
 * Glides are straight lines in the linear domain lasting GAIN_GLIDE_MS,
 * sample by sample: a straight line (unlike a one-pole) reaches exactly 0
 * for mute and -inf, in a known time, and never steps. Polarity and mute
 * are a second factor (+1, -1 or 0) gliding the same way, so a flip
 * passes through silence instead of jumping. Settings made after
 * gain_init()/gain_reset() and before the next process call take effect
 * at once, so a strip loaded from a project does not fade in. */
#ifndef TMIX_GAIN_H
#define TMIX_GAIN_H

#define GAIN_GLIDE_MS 15.0
/* gain_process_ramp() treats levels at or below this as silence. */
#define GAIN_FLOOR_DB -120.0
/* Settings above this are clamped (no stage needs more, and +inf must
 * not reach the mix). */
#define GAIN_MAX_DB 48.0

struct gain_ramp {
	double cur, target, inc;
	int left; /* samples until cur == target */
};

struct gain {
	double rate;
	int glide_len; /* samples in one glide */
	int fresh;     /* no process call since init/reset: sets jump */
	double db;
	int invert, mute;
	struct gain_ramp fader, pm; /* pm: polarity x mute */
	unsigned nan_resets;
};

void gain_init(struct gain *g, double rate);
/* Finish any glide now. */
void gain_reset(struct gain *g);
/* db may be -INFINITY (silence); NaN counts as -INFINITY; clamped to
 * GAIN_MAX_DB. */
void gain_set_db(struct gain *g, double db);
void gain_set_polarity(struct gain *g, int invert);
void gain_set_mute(struct gain *g, int mute);
/* In place, nch 1 or 2, any n. A non-finite output sub-block is silenced
 * and counted in nan_resets. */
void gain_process(struct gain *g, float *const ch[], int nch, int n);
/* When no glide is under way the gain is one constant: returns 1 with it
 * in *k, for a caller to fold into a multiply of its own (this counts as
 * a process call); 0 while gliding, when gain_process() must run. */
int gain_fold(struct gain *g, double *k);
/* Automation: frame i of n gets db_from + (db_to - db_from) * i / n (so
 * consecutive sub-blocks join without a seam), times polarity/mute. Ends
 * with the fader at db_to, so gain_process() carries on from there.
 * Levels at or below GAIN_FLOOR_DB (including -inf) are silence; a ramp
 * out of silence starts from the floor. */
void gain_process_ramp(struct gain *g, float *const ch[], int nch, int n,
		       double db_from, double db_to);
#endif
