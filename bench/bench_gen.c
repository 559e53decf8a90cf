/* bench_gen.c — deterministic stems for `make bench`.
 *
 *   bench_gen DIR NTRACKS SECONDS
 *
 * writes DIR/t01.wav .. DIR/tNN.wav: mono, 48 kHz, 24-bit PCM. Each stem
 * is "musical-ish" so that gates and compressors have work to do: notes or
 * drum hits at 120 BPM, with whole bars of rest (about one in three) in
 * which only a -75 dBFS noise floor remains. Four kinds rotate with the
 * track number: drums (kick thump + noise snare and hats), bass (four
 * harmonics), keys (three-note chords), lead (tone with vibrato). The same
 * arguments give the same bytes on every run: xorshift generators seeded by
 * the track number, no clock, no global state. */
#include <math.h>
#include <sndfile.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATE 48000
#define BLOCK 4096
#define EIGHTH (RATE / 4) /* 120 BPM: a beat is 0.5 s, an eighth 0.25 s */
#define BAR (RATE * 2)
#define TWO_PI 6.283185307179586

static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* uniform in [-1, 1) */
static double rng_bi(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

/* uniform in [0, 1) */
static double rng_u(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

static double midi_hz(int note)
{
	return 440.0 * pow(2.0, (note - 69) / 12.0);
}

struct voice {
	int kind;          /* 0 drums, 1 bass, 2 keys, 3 lead */
	int transpose;     /* semitones, from the track number */
	uint64_t notes;    /* note and rest choices */
	uint64_t noise;    /* sample noise */
	double level;      /* linear peak of a note */
	double phase[4];
	double freq[4];
	double env;        /* tonal envelope */
	double decay;      /* per-sample multiplier of env */
	double nenv;       /* noise envelope (drums) */
	double ndecay;
	double nlevel;
	double hp;         /* one-pole state for bright noise */
	bool rest;         /* current bar is a rest */
};

static void voice_init(struct voice *v, int track)
{
	memset(v, 0, sizeof *v);
	v->kind = track % 4;
	v->transpose = (track / 4) % 7 - 3;
	v->notes = 0x9E3779B97F4A7C15ull ^ ((uint64_t)(track + 1) * 0xBF58476D1CE4E5B9ull);
	v->noise = 0x94D049BB133111EBull ^ ((uint64_t)(track + 1) * 0x2545F4914F6CDD1Dull);
	for (int i = 0; i < 8; i++) {
		rng_next(&v->notes);
		rng_next(&v->noise);
	}
	/* -8 .. -14 dBFS peaks */
	v->level = pow(10.0, (-8.0 - (track * 5 % 7)) / 20.0);
}

static double secs_to_mul(double t60)
{
	/* exponential decay reaching -60 dB after t60 seconds */
	return pow(10.0, -3.0 / (t60 * RATE));
}

static void trigger(struct voice *v, long n)
{
	long in_bar = n % BAR, eighth = in_bar / EIGHTH;
	static const int scale[] = {0, 2, 3, 5, 7, 8, 10};

	if (in_bar == 0) /* about one bar in three rests */
		v->rest = rng_u(&v->notes) < 0.33;
	if (v->rest)
		return;
	switch (v->kind) {
	case 0: /* drums: kick on 1 and 3, snare on 2 and 4, hats on eighths */
		if (eighth % 4 == 0) {
			v->freq[0] = 60.0;
			v->env = v->level;
			v->decay = secs_to_mul(0.35);
		}
		if (eighth % 4 == 2) {
			v->nlevel = v->level * 0.8;
			v->nenv = v->nlevel;
			v->ndecay = secs_to_mul(0.25);
		} else if (rng_u(&v->notes) < 0.8) {
			v->nenv = v->level * 0.25;
			v->ndecay = secs_to_mul(0.06);
		}
		break;
	case 1: /* bass: a note on every beat, sometimes an extra eighth */
		if (eighth % 2 == 0 || rng_u(&v->notes) < 0.3) {
			int note = 36 + v->transpose + scale[rng_next(&v->notes) % 7];
			for (int h = 0; h < 4; h++)
				v->freq[h] = midi_hz(note) * (h + 1);
			v->env = v->level;
			v->decay = secs_to_mul(0.9);
		}
		break;
	case 2: /* keys: a chord on each bar, another on beat 3 half the time */
		if (eighth == 0 || (eighth == 4 && rng_u(&v->notes) < 0.5)) {
			int root = 57 + v->transpose + scale[rng_next(&v->notes) % 7];
			v->freq[0] = midi_hz(root);
			v->freq[1] = midi_hz(root + 3 + (int)(rng_next(&v->notes) % 2));
			v->freq[2] = midi_hz(root + 7);
			v->env = v->level;
			v->decay = secs_to_mul(2.5);
		}
		break;
	default: /* lead: eighths with gaps */
		if (rng_u(&v->notes) < 0.6) {
			int note = 69 + v->transpose + scale[rng_next(&v->notes) % 7] +
				   12 * (int)(rng_next(&v->notes) % 2);
			v->freq[0] = midi_hz(note);
			v->freq[1] = 2 * v->freq[0];
			v->env = v->level;
			v->decay = secs_to_mul(0.6);
		}
		break;
	}
}

static float voice_sample(struct voice *v, long n)
{
	double x = 0, w;

	if (n % EIGHTH == 0)
		trigger(v, n);
	switch (v->kind) {
	case 0:
		/* kick: pitch falls from 60 Hz toward 45 Hz as it decays */
		w = v->freq[0] * (0.75 + 0.25 * v->env / (v->level + 1e-12));
		v->phase[0] += TWO_PI * w / RATE;
		x = v->env * sin(v->phase[0]);
		{
			double r = rng_bi(&v->noise);
			double bright = r - v->hp; /* first difference: hiss */
			v->hp = r;
			x += v->nenv * 0.6 * bright;
		}
		v->nenv *= v->ndecay;
		break;
	case 1:
		for (int h = 0; h < 4; h++) {
			v->phase[h] += TWO_PI * v->freq[h] / RATE;
			x += sin(v->phase[h]) / (h + 1);
		}
		x *= v->env * 0.55;
		break;
	case 2:
		for (int h = 0; h < 3; h++) {
			v->phase[h] += TWO_PI * v->freq[h] / RATE;
			x += sin(v->phase[h]);
		}
		x *= v->env * 0.34;
		break;
	default:
		w = 1.0 + 0.004 * sin(TWO_PI * 5.0 * n / RATE);
		v->phase[0] += TWO_PI * v->freq[0] * w / RATE;
		v->phase[1] += TWO_PI * v->freq[1] * w / RATE;
		x = v->env * (0.75 * sin(v->phase[0]) + 0.25 * sin(v->phase[1]));
		break;
	}
	for (int h = 0; h < 4; h++)
		if (v->phase[h] > TWO_PI)
			v->phase[h] -= TWO_PI;
	v->env *= v->decay;
	/* the noise floor under everything: -75 dBFS */
	x += 0.000178 * rng_bi(&v->noise);
	return (float)x;
}

int main(int argc, char **argv)
{
	static float buf[BLOCK];
	long ntracks, frames;
	double seconds;
	char path[4096];

	if (argc != 4) {
		fprintf(stderr, "usage: bench_gen DIR NTRACKS SECONDS\n");
		return 2;
	}
	ntracks = strtol(argv[2], NULL, 10);
	seconds = strtod(argv[3], NULL);
	if (ntracks < 1 || ntracks > 999 || !(seconds > 0)) {
		fprintf(stderr, "bench_gen: bad NTRACKS or SECONDS\n");
		return 2;
	}
	frames = (long)(seconds * RATE + 0.5);
	for (long t = 0; t < ntracks; t++) {
		SF_INFO info = {.samplerate = RATE, .channels = 1,
				.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24};
		struct voice v;
		SNDFILE *sf;

		snprintf(path, sizeof path, "%s/t%02ld.wav", argv[1], t + 1);
		sf = sf_open(path, SFM_WRITE, &info);
		if (!sf) {
			fprintf(stderr, "bench_gen: %s: %s\n", path, sf_strerror(NULL));
			return 1;
		}
		sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
		voice_init(&v, (int)t);
		for (long n = 0; n < frames;) {
			long k = frames - n < BLOCK ? frames - n : BLOCK;
			for (long i = 0; i < k; i++)
				buf[i] = voice_sample(&v, n + i);
			if (sf_writef_float(sf, buf, k) != k) {
				fprintf(stderr, "bench_gen: %s: %s\n", path, sf_strerror(sf));
				sf_close(sf);
				return 1;
			}
			n += k;
		}
		if (sf_close(sf) != 0) {
			fprintf(stderr, "bench_gen: %s: close failed\n", path);
			return 1;
		}
	}
	return 0;
}
