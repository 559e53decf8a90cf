/* dither.c — PCG32 (O'Neill) driving a difference of two uniforms. */
#include "dsp/dither.h"

#define PCG_MULT 6364136223846793005ULL
#define PCG_INC 1442695040888963407ULL

static uint32_t pcg32(struct dither *d)
{
	uint64_t old = d->state;
	d->state = old * PCG_MULT + PCG_INC;
	uint32_t xs = (uint32_t)(((old >> 18) ^ old) >> 27);
	uint32_t rot = (uint32_t)(old >> 59);
	return (xs >> rot) | (xs << ((32 - rot) & 31));
}

void dither_init(struct dither *d, uint32_t seed)
{
	/* The reference seeding: step once, add the seed, step again, so
	 * nearby seeds give unrelated streams. */
	d->state = 0;
	pcg32(d);
	d->state += seed;
	pcg32(d);
}

float dither_tpdf(struct dither *d)
{
	/* 24-bit uniforms are exact in float; their difference lies in
	 * [-(1 - 2^-24), 1 - 2^-24], strictly inside (-1, 1). */
	const float scale = 1.0f / 16777216.0f;
	float a = (float)(pcg32(d) >> 8) * scale;
	float b = (float)(pcg32(d) >> 8) * scale;
	return a - b;
}
