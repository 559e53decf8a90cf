/* dither.h — TPDF dither for 16-bit bounces. The PRNG is seeded
 * explicitly so a bounce is byte-identical run to run. One struct per
 * output channel (or one shared, drawn in a fixed order); used by the
 * bounce writer only. */
#ifndef TMIX_DITHER_H
#define TMIX_DITHER_H
#include <stdint.h>

struct dither {
	uint64_t state; /* PCG32 state */
};

void dither_init(struct dither *d, uint32_t seed);
/* Triangular noise in (-1, 1) LSB, variance 1/6 LSB^2, to add to a
 * sample scaled to LSB units before rounding. */
float dither_tpdf(struct dither *d);
#endif
