/* keys.c — a stereo pad of detuned saws playing the chord chart.
 *
 * Each side gets its own three detunings and start phases, so left and
 * right are related but not equal: a wide stereo stem for `width` to act
 * on. A slow attack and a long release let chords overlap like a pad. */
#include "gen.h"
#include <math.h>

static const double detune[2][3] = {{-9.0, 2.0, 11.0}, {-12.0, -3.0, 8.0}}; /* cents */

static double section_level(enum section s) { return s == SEC_CHORUS ? 0.9 : s == SEC_VERSE ? 0.55 : 0.65; }
static double section_cutoff(enum section s) { return s == SEC_CHORUS ? 3200.0 : 1500.0; }

static void pad_chord(struct stem *out, const struct chord *ch, long at, long dur, double level,
		      struct rng *r)
{
	long rel = (long)(1.5 * RATE);
	double att = 1.0 - exp(-1.0 / (0.15 * RATE)), dec = exp(-1.0 / (0.35 * RATE));

	for (int v = 0; v < 4; v++) {
		double gain = level * (v == 3 ? 0.3 : 0.25); /* top voice a touch louder */
		for (int c = 0; c < 2; c++) {
			double ph[3], inc[3];
			for (int k = 0; k < 3; k++) {
				ph[k] = rng_uni(r);
				inc[k] = midi_hz(ch->notes[v] + detune[c][k] / 100.0) / RATE;
			}
			double env = 0.0, fade = 1.0;
			for (long i = 0; i < dur + rel && at + i < SONG_FRAMES; i++) {
				env += (1.0 - env) * att; /* exponential approach: a slow swell */
				if (i >= dur)
					fade *= dec;
				double x = saw_blep(&ph[0], inc[0]) + saw_blep(&ph[1], inc[1])
					   + saw_blep(&ph[2], inc[2]);
				out->ch[c][at + i] += (float)(x * env * fade * gain / 3.0);
			}
		}
	}
}

void render_keys(struct stem *out)
{
	struct rng r;

	rng_seed(&r, 505);
	for (int bar = 0; bar < SONG_BARS; bar++) {
		const struct chord *ch = score_chord(bar);
		int end = bar + 1;
		if (!ch || (bar > 0 && score_chord(bar - 1) == ch))
			continue;
		while (end < SONG_BARS && score_chord(end) == ch) /* a held chord is not re-struck */
			end++;
		pad_chord(out, ch, (long)bar * BAR, (long)(end - bar) * BAR,
			  section_level(score_section(bar)), &r);
	}
	/* The filter opens for the chorus (gliding over ~0.5 s) and breathes
	 * with a slow LFO, offset between the sides. */
	for (int c = 0; c < 2; c++) {
		struct biquad lp = {0};
		double cut = section_cutoff(SEC_INTRO);
		for (long i = 0; i < SONG_FRAMES; i++) {
			if (i % 32 == 0) {
				double target = section_cutoff(score_section((int)(i / BAR)));
				double lfo = 1.0 + 0.25 * sin(2.0 * GEN_PI * 0.2 * i / RATE + c * 1.3);
				cut += (target - cut) * (1.0 - exp(-32.0 / (0.5 * RATE)));
				bq_set(&lp, BQ_LP, cut * lfo, 0.9, 0.0);
			}
			out->ch[c][i] = (float)bq_run(&lp, out->ch[c][i]);
		}
	}
}
