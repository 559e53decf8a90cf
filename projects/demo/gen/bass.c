/* bass.c — a saw bass through a resonant low-pass, on the chord roots.
 *
 * Velocity drives both level (vel^1.3) and filter brightness, and the
 * patterns swing between 0.5 and 1.0: the loud notes stick out by 6-8 dB,
 * which is what gives the compressor on "Bäss" something to do. */
#include "gen.h"
#include <math.h>

struct bass_step {
	int pos, len;
	float vel;
	int octave; /* +1: jump up an octave */
};

static const struct bass_step verse[] = {
	{0, 3, 1.0f, 0}, {3, 2, 0.55f, 0}, {6, 2, 0.7f, 0},
	{8, 3, 0.9f, 0}, {11, 2, 0.5f, 0}, {14, 2, 0.65f, 0},
};

static const struct bass_step chorus[] = {
	{0, 2, 1.0f, 0}, {2, 2, 0.6f, 0}, {4, 2, 0.85f, 0}, {6, 2, 0.55f, 1},
	{8, 2, 0.95f, 0}, {10, 2, 0.6f, 0}, {12, 2, 0.8f, 0}, {14, 2, 0.7f, 1},
};

static const struct bass_step outro[] = {{0, 24, 0.9f, 0}};

static void bass_note(float *out, long at, long dur, double hz, double vel)
{
	struct biquad lp = {0};
	double ph = 0.0, inc = hz / RATE, amp = pow(vel, 1.3);
	long rel = (long)(0.025 * RATE), len = dur + rel;

	for (long i = 0; i < len && at + i < SONG_FRAMES; i++) {
		double t = (double)i / RATE;
		if (i % 32 == 0) /* retune the filter per sub-block, not per sample */
			bq_set(&lp, BQ_LP, 150.0 + 1800.0 * vel * vel * exp(-t / 0.12), 1.4, 0.0);
		double env = (1.0 - exp(-t / 0.004)) * exp(-t / 1.5);
		if (i >= dur)
			env *= 1.0 - (double)(i - dur) / (double)rel;
		double osc = 0.7 * saw_blep(&ph, inc) + 0.5 * sin(2.0 * GEN_PI * ph);
		out[at + i] += (float)(bq_run(&lp, osc) * env * amp);
	}
}

void render_bass(struct stem *out)
{
	struct rng r;

	rng_seed(&r, 404);
	for (int bar = 0; bar < SONG_BARS; bar++) {
		const struct chord *ch = score_chord(bar);
		const struct bass_step *p;
		size_t n;

		switch (score_section(bar)) {
		case SEC_VERSE:
			p = verse, n = sizeof verse / sizeof verse[0];
			break;
		case SEC_CHORUS:
			p = chorus, n = sizeof chorus / sizeof chorus[0];
			break;
		case SEC_OUTRO:
			if (bar != 12)
				continue;
			p = outro, n = 1;
			break;
		default:
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			long at = (long)bar * BAR + at16(p[k].pos) + lrint(rng_bi(&r) * 0.002 * RATE);
			long dur = at16(p[k].len) - (long)(0.015 * RATE); /* a short gap: the notes articulate */
			double vel = p[k].vel * (1.0 + 0.08 * rng_bi(&r));
			bass_note(out->ch[0], at < 0 ? 0 : at, dur, midi_hz(ch->root + 12 * p[k].octave),
				  fmin(vel, 1.0));
		}
	}
}
