/* eq.h — the channel strip's filter section: high-pass, low-pass and eight
 * parametric bands, in that order.
 *
 * Owns its biquads and all glides; the render graph calls eq_process() on
 * the audio thread, the control side calls eq_set_*() between process
 * calls (no locking here: the graph serialises them). The TUI reads
 * eq_response_db() to draw the curve; it uses the targets, so the curve
 * shows where the sound is going, not where the glide currently is.
 *
 * Glides: frequency (in the log domain), gain and q move one sub-block
 * (DSP_SUBBLOCK frames, or one call if shorter) at a time with a 15 ms
 * time constant; coefficients are recomputed only while something moves.
 * Switching a section on, off, or to another shape/slope fades it:
 * bell/shelf gain glides to 0 dB (where the biquad is the identity),
 * notch/HPF/LPF crossfade against the dry signal (8 ms time constant);
 * a shape change fades out, swaps, and fades back in. A section that is
 * off and has finished fading is skipped entirely. */
#ifndef TMIX_EQ_H
#define TMIX_EQ_H
#include "dsp/biquad.h"
#include "dsp/dsp.h"

#define EQ_NBANDS 8

enum eq_band_type { EQB_OFF, EQB_BELL, EQB_LOWSHELF, EQB_HIGHSHELF, EQB_NOTCH };

/* The one range of each field of a band. The project loader
 * (project_keys.c parse_eq), the detail panel's steps (tui/detail_view.c)
 * and eq_set_band() all read this table, so a value the panel can reach
 * always loads and the engine never clamps what the file says. Frequency
 * is further held below 0.45 x the sample rate by the engine. */
enum eq_field { EQF_FREQ, EQF_GAIN, EQF_Q, EQF_COUNT };
/* The numbers themselves, for tables that need constant initialisers
 * (the EQ unit's parameter table, dsp/unit_eq.c): eq_ranges is made of
 * these, so there is one place to change a range. */
#define EQ_FREQ_MIN 10.0
#define EQ_FREQ_MAX 20000.0
#define EQ_GAIN_MIN (-24.0)
#define EQ_GAIN_MAX 24.0
#define EQ_Q_MIN 0.1
#define EQ_Q_MAX 20.0
struct eq_field_range {
	const char *name, *unit;
	double min, max;
};
extern const struct eq_field_range eq_ranges[EQF_COUNT];
/* Band type names as written in the file, indexed by enum eq_band_type,
 * NULL after the last (the EQ unit lists them as its type labels). */
extern const char *const eq_type_names[EQB_NOTCH + 2];
double eq_clamp(enum eq_field f, double v);

/* One section: a band, or the HPF/LPF (up to two cascaded biquads).
 * Fields are public only so the struct can be embedded; treat as private. */
struct eq_section {
	int kind, want_kind;	/* running shape and requested shape (EQK_*, eq.c) */
	int active;		/* processing: on, or still fading out */
	int dirty;		/* coefficients need recomputing */
	int settled;		/* fully faded in, nothing gliding: skip the steps */
	int nstage;
	double want_hz, want_gain, want_q;
	struct smooth lhz, gain, q, fade;
	struct biquad_coefs c[2];
	struct biquad_state st[2][DSP_MAXCH];
};

struct eq {
	double rate;
	struct eq_section hpf, lpf, band[EQ_NBANDS];
	int fresh;		/* no process call since init: start fully in */
	unsigned nan_resets;
};

void eq_init(struct eq *e, double rate);
/* Clear filter memory and finish every glide and fade at once. */
void eq_reset(struct eq *e);
/* slope is 12 or 24 dB/oct (12: Butterworth q 0.7071; 24: two cascaded
 * biquads, q 0.54120 and 1.30656). hz is clamped to [10, 0.45 * rate]. */
void eq_set_hpf(struct eq *e, int on, double hz, int slope);
void eq_set_lpf(struct eq *e, int on, double hz, int slope);
/* i in [0, EQ_NBANDS); out-of-range i is ignored. hz, gain_db and q are
 * clamped to eq_ranges[]; gain is ignored by EQB_NOTCH. */
void eq_set_band(struct eq *e, int i, enum eq_band_type type, double hz, double gain_db, double q);
/* In place, nch 1 or 2, any n. Settings made before the first call are
 * heard from its first sample (no fade-in). If the output goes
 * non-finite the filter memory is cleared, the sub-block (the whole call
 * when nothing is gliding) is silenced and nan_resets counts it. */
void eq_process(struct eq *e, float *const ch[], int nch, int n);
/* Sum of the active sections' magnitudes in dB at freq, from targets. */
double eq_response_db(const struct eq *e, double freq);
#endif
