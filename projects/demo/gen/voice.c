/* voice.c — a formant-synthesised singer ("aah", "ooh", ...).
 *
 * Source: a band-limited saw (close to the spectrum of a glottal pulse)
 * through a one-pole tilt that opens when the voice is loud, as a real
 * voice gets brighter when pushed, plus breath noise. Filter: five
 * band-passes in parallel at the formants of the vowel, gliding from
 * vowel to vowel. Pitch scoops into notes, with a delayed vibrato and a
 * slow random drift. Notes marked 's' end in a hiss at 5-9 kHz: the
 * sibilance the de-essing EQ in demo.ini is there for. */
#include "gen.h"
#include <math.h>

struct vowel {
	char name;
	double hz[5], db[5], bw[5];
};

/* Tenor formants (frequency, level, bandwidth), after the classic
 * Csound formant table. */
static const struct vowel vowels[] = {
	{'a', {650, 1080, 2650, 2900, 3250}, {0, -6, -7, -8, -22}, {80, 90, 120, 130, 140}},
	{'e', {400, 1700, 2600, 3200, 3580}, {0, -14, -12, -14, -20}, {70, 80, 100, 120, 120}},
	{'i', {290, 1870, 2800, 3250, 3540}, {0, -15, -18, -20, -30}, {40, 90, 100, 120, 120}},
	{'o', {400, 800, 2600, 2800, 3000}, {0, -10, -12, -12, -26}, {40, 80, 100, 120, 120}},
	{'u', {350, 600, 2700, 2900, 3300}, {0, -20, -17, -14, -26}, {40, 60, 100, 120, 120}},
};

static const struct vowel *vowel_of(char v)
{
	for (size_t k = 0; k < sizeof vowels / sizeof vowels[0]; k++)
		if (vowels[k].name == v)
			return &vowels[k];
	return &vowels[0];
}

/* one-pole smoothing coefficient for a time constant */
static double coef(double seconds) { return 1.0 - exp(-1.0 / (seconds * RATE)); }

void render_voice(struct stem *out, const struct take *tk)
{
	size_t n, k = 0;
	const struct note *nt = score_vocal(&n);
	long start[64], end[64], sib_times[64];
	size_t nsib = 0, si = 0;
	struct rng r;
	struct biquad bp[5] = {{0}}, sib_bp = {0}, sib_hp = {0};
	const struct vowel *v = vowel_of(nt[0].vowel);
	double fhz[5], fgain[5], pitch = nt[0].midi, amp = 0.0, tilt = 0.0, drift = 0.0, tc = 0.0;
	double ph = 0.0;
	long since = 0, sib_at = -1;
	const double scoop = coef(0.035), rise = coef(0.04), fall = coef(0.07);

	rng_seed(&r, tk->seed);
	/* Where each note begins and ends: sung loosely around the grid, and
	 * a breath (40 ms) before each new phrase. */
	if (n > 64)
		n = 64;
	for (size_t j = 0; j < n; j++) {
		int next_adjacent = j + 1 < n && nt[j + 1].at == nt[j].at + nt[j].len;
		start[j] = at16(nt[j].at) + lrint(rng_bi(&r) * tk->timing_ms * 0.001 * RATE);
		end[j] = at16(nt[j].at + nt[j].len) - (next_adjacent ? 0 : lrint(0.04 * RATE));
		if (start[j] < 0)
			start[j] = 0;
		if (nt[j].cons == 's')
			sib_times[nsib++] = end[j];
	}
	for (int f = 0; f < 5; f++)
		fhz[f] = v->hz[f], fgain[f] = pow(10.0, v->db[f] / 20.0);
	bq_set(&sib_bp, BQ_BP, 7000.0, 1.2, 0.0);
	bq_set(&sib_hp, BQ_HP, 4500.0, 0.7, 0.0);

	for (long i = 0; i < SONG_FRAMES; i++, since++) {
		if (k + 1 < n && i >= start[k + 1]) {
			k++, since = 0;
			if (start[k] > end[k - 1] + RATE / 10) /* new phrase: no scoop from the last one */
				pitch = nt[k].midi - 0.5;
		}
		if (si < nsib && i >= sib_times[si])
			sib_at = sib_times[si++];
		int gate = i >= start[k] && i < end[k];
		double vel = nt[k].vel, level = vel * sqrt(vel); /* vel^1.5: soft lines sit well down */

		/* control rate: formants glide to the current vowel, drift wanders */
		if (i % 32 == 0) {
			const struct vowel *tv = vowel_of(nt[k].vowel);
			double c = 1.0 - exp(-32.0 / (0.06 * RATE));
			for (int f = 0; f < 5; f++) {
				fhz[f] += (tv->hz[f] - fhz[f]) * c;
				fgain[f] += (pow(10.0, tv->db[f] / 20.0) - fgain[f]) * c;
				bq_set(&bp[f], BQ_BP, fhz[f], fhz[f] / tv->bw[f], 0.0);
			}
			drift += (0.12 * rng_bi(&r) - drift) * 0.02;
			/* glottal tilt: a pushed voice is brighter */
			tc = 1.0 - exp(-2.0 * GEN_PI * (1200.0 + 5000.0 * vel) / RATE);
		}
		pitch += (nt[k].midi + tk->detune_cents / 100.0 - pitch) * scoop;
		double tn = (double)since / RATE;
		double vib = 0.3 * fmin(1.0, fmax(0.0, (tn - 0.25) / 0.4))
			     * sin(2.0 * GEN_PI * tk->vib_hz * (double)i / RATE);
		double f0 = midi_hz(pitch + vib + drift);
		amp += ((gate ? level : 0.0) - amp) * (gate ? rise : fall);

		double src = saw_blep(&ph, f0 / RATE);
		tilt += (src - tilt) * tc;
		double breath = rng_bi(&r) * (0.06 + 0.12 * (1.0 - vel));
		double x = 0.0;
		for (int f = 0; f < 5; f++)
			x += fgain[f] * bq_run(&bp[f], tilt + breath);

		/* the "s": 20 ms rise, 130 ms decay, starting as the vowel stops */
		double s_env = 0.0;
		if (sib_at >= 0 && i >= sib_at) {
			double ts = (double)(i - sib_at) / RATE;
			s_env = (1.0 - exp(-ts / 0.02)) * exp(-ts / 0.13) * (0.5 + 0.5 * vel);
			if (ts > 1.0)
				sib_at = -1;
		}
		double sib = bq_run(&sib_bp, bq_run(&sib_hp, rng_bi(&r))) * s_env;
		out->ch[0][i] = (float)(x * amp * 4.0 + sib * 1.8);
	}
}
