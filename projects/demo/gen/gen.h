/* gen.h — the demo song generator: the song's clock, its score, and the
 * small synthesis toolkit the instruments share.
 *
 * gen_demo writes the stems of projects/demo/demo.ini at build time, so
 * the repository carries a few kilobytes of C instead of megabytes of
 * audio. Everything is deterministic: one PRNG with fixed seeds, no clock,
 * no threads, so every run writes byte-identical files.
 *
 * Files: main.c (what is written where), score.c (chords, melodies),
 * synth.c (PRNG, filters, oscillators, stem buffers), drums.c, bass.c,
 * keys.c, lead.c, voice.c (one per instrument), reference.c (the loud
 * "commercial" reference mix). */
#ifndef GEN_H
#define GEN_H
#include <stddef.h>
#include <stdint.h>

/* 96 BPM in 4/4. A sixteenth is 60/96/4 s = 7500 frames at 48 kHz, an
 * exact integer, so the grid never drifts and bars sit on round times
 * (one bar = 2.5 s), which keeps the markers in demo.ini readable. */
#define RATE 48000
#define BPM 96
#define SIXTEENTH 7500L
#define BAR (16 * SIXTEENTH)
#define SONG_BARS 15
#define SONG_FRAMES (SONG_BARS * BAR)
#define GEN_PI 3.14159265358979323846

/* ---- score.c: the song, as data -------------------------------------- */

/* intro bars 0-1 (0:00), verse 2-5 (0:05), chorus 6-11 (0:15),
 * outro 12-13 (0:30), tail 14 (0:35-0:37.5, only decays). */
enum section { SEC_INTRO, SEC_VERSE, SEC_CHORUS, SEC_OUTRO, SEC_TAIL };

struct chord {
	int root;     /* MIDI note of the bass root */
	int notes[4]; /* keys voicing, MIDI */
};

/* A note on the sixteenth grid, counted from the start of the song. */
struct note {
	int at, len;  /* in sixteenths */
	int midi;
	float vel;    /* 0..1 */
	char vowel;   /* voice only: a o u e i */
	char cons;    /* voice only: 's' sibilant ending, 0 none */
};

enum section score_section(int bar);
const struct chord *score_chord(int bar); /* NULL where no chord sounds */
const struct note *score_vocal(size_t *n);
const struct note *score_lead(size_t *n);

static inline long at16(int sixteenth) { return sixteenth * SIXTEENTH; }

/* ---- synth.c: toolkit ------------------------------------------------- */

struct rng {
	uint64_t s;
};
void rng_seed(struct rng *r, uint64_t seed);
double rng_uni(struct rng *r); /* [0, 1) */
double rng_bi(struct rng *r);  /* [-1, 1) */

enum bq_type { BQ_LP, BQ_HP, BQ_BP, BQ_PEAK, BQ_LSHELF, BQ_HSHELF };
struct biquad {
	double b0, b1, b2, a1, a2, z1, z2;
};
void bq_set(struct biquad *f, enum bq_type t, double hz, double q, double gain_db);
static inline double bq_run(struct biquad *f, double x)
{
	double y = f->b0 * x + f->z1;
	f->z1 = f->b1 * x - f->a1 * y + f->z2;
	f->z2 = f->b2 * x - f->a2 * y;
	return y;
}

double midi_hz(double note);
double saw_blep(double *phase, double inc); /* band-limited saw, phase in [0,1) */

/* One stem: planar float, the whole song long. `first` is the frame the
 * file starts at (the lead's file starts at the chorus). */
struct stem {
	const char *file; /* relative to the output folder */
	int nch;
	long first;
	float *ch[2];
};
void stem_alloc(struct stem *s, const char *file, int nch);
void stem_free(struct stem *s);
double stem_peak(const struct stem *s);
/* Remove DC and subsonics, then scale to the given sample peak. Stem
 * levels are a design decision here, not an accident of synthesis. */
void stem_finish(struct stem *s, double peak_dbfs);
int stem_write(const struct stem *s, const char *dir);

/* ---- instruments ------------------------------------------------------ */

void render_kick(struct stem *out);
void render_hats(struct stem *out);
/* The snare's two mics hear the kick and hats too (bleed, for the gate). */
void render_snare(struct stem *top, struct stem *bottom, const struct stem *kick,
		  const struct stem *hats);
void render_bass(struct stem *out);
void render_keys(struct stem *out);
void render_lead(struct stem *out);

struct take {
	uint64_t seed;
	double detune_cents; /* a second take is never quite in tune */
	double timing_ms;    /* how loosely it follows the grid */
	double vib_hz;
};
void render_voice(struct stem *out, const struct take *take);

enum ref_stem { REF_KICK, REF_SNARE, REF_SNARE_BOTTOM, REF_HATS, REF_BASS, REF_KEYS,
		REF_LEAD, REF_VOX, REF_N };
/* Mix the stems into a loud stereo master at about target_lufs. */
void render_reference(struct stem *out, const struct stem *const in[REF_N], double target_lufs);
#endif
