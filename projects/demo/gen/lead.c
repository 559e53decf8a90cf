/* lead.c — a monophonic two-saw synth for the chorus answers.
 *
 * Legato notes (one starting where the last ended) glide instead of
 * re-striking: portamento. Long notes grow a delayed vibrato. The file
 * starts at the chorus, so demo.ini places it with `start = 0:15`. */
#include "gen.h"
#include <math.h>

void render_lead(struct stem *out)
{
	size_t n, k = 0;
	const struct note *nt = score_lead(&n);
	struct biquad lp = {0};
	double ph[2] = {0.0, 0.37}, pitch = nt[0].midi, amp = 0.0, vel = 0.0;
	double glide = 1.0 - exp(-1.0 / (0.05 * RATE)), attack = 1.0 - exp(-1.0 / (0.008 * RATE));
	double release = 1.0 - exp(-1.0 / (0.1 * RATE));
	long since_note = 0, since_strike = 0;
	int legato = 0;

	out->first = at16(nt[0].at);
	for (long i = out->first; i < SONG_FRAMES; i++, since_note++, since_strike++) {
		if (k + 1 < n && i >= at16(nt[k + 1].at))
			k++, since_note = 0;
		if (since_note == 0) {
			legato = k > 0 && nt[k].at == nt[k - 1].at + nt[k - 1].len;
			if (!legato) /* a fresh phrase: jump to pitch, re-open the filter */
				pitch = nt[k].midi, since_strike = 0;
			vel = nt[k].vel;
		}
		int gate = i < at16(nt[k].at + nt[k].len);
		if (legato)
			pitch += (nt[k].midi - pitch) * glide;

		double tn = (double)since_note / RATE, ts = (double)since_strike / RATE;
		double depth = 0.25 * fmin(1.0, fmax(0.0, (tn - 0.2) / 0.4)); /* semitones, delayed */
		double f = midi_hz(pitch + depth * sin(2.0 * GEN_PI * 5.5 * (double)i / RATE));
		if (i % 32 == 0)
			bq_set(&lp, BQ_LP, 900.0 + 3000.0 * vel * exp(-ts / 0.25), 1.1, 0.0);
		amp += ((gate ? vel : 0.0) - amp) * (gate ? attack : release);
		double x = saw_blep(&ph[0], f * 1.0035 / RATE) + saw_blep(&ph[1], f * 0.9965 / RATE);
		out->ch[0][i] = (float)(tanh(1.5 * bq_run(&lp, x)) * amp);
	}
}
