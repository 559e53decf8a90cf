/* biquad.h — RBJ Audio-EQ-Cookbook second-order sections.
 *
 * Owns the coefficient design for every filter shape the strip uses, the
 * magnitude response the TUI draws as the EQ curve, and the one-channel
 * transposed-direct-form-II kernel. Callers: eq.c (and the TUI, for
 * biquad_design + biquad_response_db only). Coefficients are normalised
 * so a0 = 1; state and coefficients are double because a low-frequency
 * shelf at 48 kHz loses its shape in float. */
#ifndef TMIX_BIQUAD_H
#define TMIX_BIQUAD_H

enum biquad_type { BQ_BELL, BQ_LOWSHELF, BQ_HIGHSHELF, BQ_NOTCH, BQ_HIGHPASS, BQ_LOWPASS };

struct biquad_coefs {
	double b0, b1, b2, a1, a2;
};

/* One channel's filter memory. nan_resets counts how often the kernel
 * found its state non-finite and started again from silence. */
struct biquad_state {
	double z1, z2;
	unsigned nan_resets;
};

/* freq is clamped to [1 Hz, 0.49 * rate] and q to [0.05, 50] so any knob
 * position gives a stable filter. Shelves use slope S = 1 and ignore q;
 * bell and notch use q as bandwidth; HP/LP use q as resonance
 * (0.7071 = Butterworth). gain_db is used by bell and shelves only. */
void biquad_design(struct biquad_coefs *c, enum biquad_type t, double rate,
		   double freq, double gain_db, double q);

/* |H| in dB at freq; for the EQ curve and tests, not for audio. */
double biquad_response_db(const struct biquad_coefs *c, double rate, double freq);

/* The identity filter (b = 1, everything else 0). */
void biquad_identity(struct biquad_coefs *c);

void biquad_reset(struct biquad_state *s);

/* Filter x[0..n) in place. State is flushed to zero below 1e-20 at the
 * end of each call (call it per sub-block). If the output or state went
 * non-finite, the state is reset, x is zeroed, s->nan_resets is
 * incremented and 1 is returned; otherwise 0. No allocation, no I/O. */
int biquad_process(const struct biquad_coefs *c, struct biquad_state *s, float *x, int n);
/* Runs x through ns stages in series in one pass (the strip EQ's hot
 * path): the same filters and states as ns biquad_process calls, in
 * double between stages and rounded differently, faster because the
 * stages' recursions overlap. 1 when a NaN reset every stage. */
#define BIQUAD_MAX_CASCADE 20

/* A dynamics unit's detector filter (gate.c, comp.c): a high-pass and a
 * low-pass, each one 12 dB/oct Butterworth section, on up to two
 * channels of what the detector listens to. A corner of 0 is off. */
struct biquad_side {
	double rate, hp_hz, lp_hz;
	struct biquad_coefs hp, lp;
	struct biquad_state hs[2], ls[2];
};
void biquad_side_init(struct biquad_side *f, double rate);
/* Redesigns when a corner moves; a filter switched on starts from silence. */
void biquad_side_set(struct biquad_side *f, double hp_hz, double lp_hz);
void biquad_side_reset(struct biquad_side *f);
static inline int biquad_side_on(const struct biquad_side *f) { return f->hp_hz > 0 || f->lp_hz > 0; }
/* out[c][0..n) = in[c][0..n) through the filters, for c < nch (<= 2);
 * call per sub-block. Returns the number of NaN resets it made. */
unsigned biquad_side_run(struct biquad_side *f, const float *const in[], int nch, float *const out[], int n);
int biquad_cascade(const struct biquad_coefs *const c[], struct biquad_state *const s[], int ns, float *x, int n);
#endif
