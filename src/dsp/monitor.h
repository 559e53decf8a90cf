/* monitor.h — the monitor section: what the listener hears changed for a
 * listening check (mono, side, swap, dim, a phone or laptop speaker,
 * cut, or a platform's playback level), after everything is measured.
 *
 * Owned by the live engine only (engine_rt.c runs it after the output
 * tap and the meters; engine_monitor.c sets it): a bounce, a stem export
 * or an analysis never goes through it. A plain struct, no allocation;
 * monitor_process runs on the audio thread. Mode changes crossfade over
 * MONITOR_FADE_S and gain changes ramp over the same time, so switching
 * never clicks. The responses (see tmix(1), MONITOR):
 *   mono   (L+R)/2 to both sides
 *   side   (L-R)/2 to both sides
 *   swap   L and R exchanged
 *   dim    -20 dB
 *   phone  mono; 4th-order Butterworth high-pass at 300 Hz (24 dB/oct),
 *          4th-order Butterworth low-pass at 3.4 kHz (24 dB/oct), and the
 *          small driver's resonance: a +5 dB bell at 2 kHz, Q 2
 *   small  stereo; 4th-order Butterworth high-pass at 150 Hz (24 dB/oct)
 *          and a 2nd-order low-pass at 14 kHz (12 dB/oct)
 *   cut    silence
 *   level  the mix at a platform's playback level: a plain gain */
#ifndef TMIX_MONITOR_H
#define TMIX_MONITOR_H
#include "dsp/biquad.h"
#include <stdbool.h>

#define MONITOR_FADE_S 0.020

enum monitor_mode {
	MON_OFF, MON_MONO, MON_SIDE, MON_SWAP, MON_DIM, MON_PHONE, MON_SMALL, MON_CUT,
	MON_LEVEL, /* a target's playback level (the gain is the caller's) */
	MON_NMODES
};

enum { MON_PHONE_STAGES = 5, MON_SMALL_STAGES = 3 };

struct monitor {
	double rate;
	enum monitor_mode mode, from; /* from: the mode fading out */
	int fade, fade_len;           /* frames left of the crossfade, its length */
	float step;                   /* 1 / fade_len */
	float g, g_target, g_step;    /* the gain, linear, ramped */
	struct biquad_coefs phone[MON_PHONE_STAGES], small[MON_SMALL_STAGES];
	struct biquad_state phone_s[MON_PHONE_STAGES], small_s[2][MON_SMALL_STAGES];
	bool phone_run, small_run;    /* the filters hold state (reset when they stop) */
};

void monitor_init(struct monitor *m, double rate);
/* A new mode; gain_db is the level for MON_LEVEL (ignored otherwise). */
void monitor_set(struct monitor *m, enum monitor_mode mode, double gain_db);
/* In place, any n. Off, settled: returns at once and leaves l/r alone. */
void monitor_process(struct monitor *m, float *l, float *r, int n);
/* The linear gain the output is heading to (dim 0.1, cut 0, level's). */
double monitor_gain_target(const struct monitor *m);

/* "mono", …; NULL for MON_LEVEL (its name is the target's). */
const char *monitor_mode_name(enum monitor_mode mode);
/* A mode by name (case-insensitive), or -1; "level" is not a name. */
int monitor_mode_find(const char *name);
#endif
