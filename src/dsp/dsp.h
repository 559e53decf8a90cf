/* dsp.h — conventions and small inline helpers shared by every DSP unit.
 *
 * Every unit under src/dsp/ is a plain struct with init / reset / set /
 * process and no hidden globals, so it can be tested alone on a buffer.
 * Audio is planar float: `float *const ch[]` with nch = 1 or 2, processed
 * in place. Units never allocate in process(); any memory (delay lines)
 * is allocated in init and released in free.
 *
 * Parameters set by the user glide: set_*() stores a target, and process()
 * moves toward it once per sub-block of DSP_SUBBLOCK frames, so a fader
 * ride never clicks and filter coefficients are recomputed at most once
 * per sub-block. Callers may call process() with any n; units split it. */
#ifndef TMIX_DSP_H
#define TMIX_DSP_H
#include <math.h>
#include <stdint.h>

#define DSP_SUBBLOCK 32
#define DSP_MAXCH 2

static inline double db_to_lin(double db) { return db <= -200.0 ? 0.0 : pow(10.0, db / 20.0); }
static inline double lin_to_db(double lin) { return lin <= 1e-10 ? -200.0 : 20.0 * log10(lin); }

/* Flush values too small to hear before they turn into denormals, which
 * cost a hundred times more cycles in a filter's feedback path. */
static inline double dsp_flush(double x) { return fabs(x) < 1e-20 ? 0.0 : x; }

/* True when x is NaN or infinite; units reset their state when their
 * output is not finite, so one bad sample never poisons the mix. */
static inline int dsp_bad(double x) { return !isfinite(x); }

/* A one-pole glide toward a target, stepped once per sub-block.
 * coef is set from a time constant so glides sound the same at any rate. */
struct smooth {
	double cur, target, coef;
};

static inline void smooth_init(struct smooth *s, double value, double rate, double ms)
{
	double blocks_per_s = rate / DSP_SUBBLOCK;
	s->cur = s->target = value;
	s->coef = 1.0 - exp(-1.0 / (blocks_per_s * ms * 0.001));
}

static inline void smooth_set(struct smooth *s, double target) { s->target = target; }
static inline void smooth_jump(struct smooth *s, double value) { s->cur = s->target = value; }

/* Advance one sub-block; returns nonzero while still moving. */
static inline int smooth_step(struct smooth *s)
{
	double d = s->target - s->cur;
	if (fabs(d) < 1e-9 * (1.0 + fabs(s->target))) {
		s->cur = s->target;
		return 0;
	}
	s->cur += d * s->coef;
	return 1;
}
#endif
