/* score.c — the song as data: sections, chords and the two melodies.
 * Rhythm patterns live with their instruments (drums.c, bass.c); what is
 * here is what a musician would write on a lead sheet.
 *
 * Key of A minor, 96 BPM, 15 bars of 2.5 s:
 *   bar  0-1   intro    Am7 Fmaj7             keys, hats, a few kicks
 *   bar  2-5   verse    Am7 Fmaj7 C G         + drums, bass, quiet vocal
 *   bar  6-11  chorus   F G Em7 Am7 F G       everything, louder, lead answers the vocal
 *   bar 12-13  outro    Am9                   keys, last kick, a soft "ooh"
 *   bar 14     tail     (decays only) */
#include "gen.h"

enum section score_section(int bar)
{
	if (bar < 2)
		return SEC_INTRO;
	if (bar < 6)
		return SEC_VERSE;
	if (bar < 12)
		return SEC_CHORUS;
	return bar < 14 ? SEC_OUTRO : SEC_TAIL;
}

/* Voicings keep common tones between neighbours (voice leading), so the
 * pad moves by steps instead of jumping. */
static const struct chord Am7 = {33, {57, 60, 64, 67}};
static const struct chord Fmaj7 = {29, {53, 57, 60, 64}};
static const struct chord C = {36, {55, 60, 64, 67}};
static const struct chord G = {31, {55, 59, 62, 67}};
static const struct chord F = {29, {53, 57, 60, 65}};
static const struct chord Em7 = {28, {52, 55, 59, 62}};
static const struct chord Am9 = {33, {57, 60, 64, 71}};

static const struct chord *const chart[SONG_BARS] = {
	&Am7, &Fmaj7,                  /* intro */
	&Am7, &Fmaj7, &C, &G,          /* verse */
	&F, &G, &Em7, &Am7, &F, &G,    /* chorus */
	&Am9, &Am9,                    /* outro: one chord held two bars */
	NULL,                          /* tail */
};

const struct chord *score_chord(int bar)
{
	return bar >= 0 && bar < SONG_BARS ? chart[bar] : NULL;
}

#define B(bar, pos) ((bar) * 16 + (pos))

/* Verse phrases are sung softly (vel 0.3-0.55), the chorus is belted
 * (0.85-1.0): a 10-15 dB swing that a compressor has to even out. Notes
 * marked 's' end in a sibilant for the de-essing EQ to find. */
static const struct note vocal[] = {
	{B(2, 2), 2, 64, 0.35f, 'u', 0}, {B(2, 4), 2, 64, 0.40f, 'o', 0},
	{B(2, 6), 2, 62, 0.35f, 'o', 0}, {B(2, 8), 6, 60, 0.45f, 'u', 0},
	{B(3, 0), 2, 57, 0.30f, 'o', 0}, {B(3, 2), 2, 60, 0.35f, 'a', 0},
	{B(3, 4), 8, 57, 0.30f, 'u', 0},
	{B(4, 2), 2, 64, 0.50f, 'a', 0}, {B(4, 4), 2, 67, 0.55f, 'a', 0},
	{B(4, 6), 2, 64, 0.50f, 'e', 0}, {B(4, 8), 2, 62, 0.45f, 'a', 0},
	{B(4, 10), 6, 60, 0.55f, 'a', 's'},
	{B(5, 0), 8, 62, 0.45f, 'o', 0}, {B(5, 8), 4, 59, 0.50f, 'u', 's'},
	/* chorus */
	{B(6, 0), 4, 64, 0.90f, 'a', 0}, {B(6, 4), 2, 65, 0.85f, 'a', 0},
	{B(6, 6), 2, 64, 0.85f, 'e', 0}, {B(6, 8), 6, 60, 0.95f, 'a', 's'},
	{B(7, 12), 4, 59, 0.70f, 'o', 0},
	{B(8, 0), 4, 67, 1.00f, 'a', 0}, {B(8, 4), 2, 64, 0.90f, 'a', 0},
	{B(8, 6), 2, 62, 0.85f, 'e', 0}, {B(8, 8), 6, 64, 0.95f, 'a', 0},
	{B(9, 12), 4, 60, 0.70f, 'o', 0},
	{B(10, 0), 6, 69, 1.00f, 'a', 0}, {B(10, 6), 2, 67, 0.90f, 'a', 0},
	{B(10, 8), 2, 65, 0.85f, 'e', 0}, {B(10, 10), 6, 64, 0.95f, 'a', 's'},
	{B(11, 0), 8, 62, 0.90f, 'o', 0},
	/* outro: one long, soft "ooh" */
	{B(12, 0), 20, 57, 0.35f, 'u', 0},
};

/* The lead holds a soft harmony note under each sung line and answers
 * in the gaps; legato steps glide (portamento). */
static const struct note lead[] = {
	{B(6, 0), 16, 69, 0.45f, 0, 0},
	{B(7, 0), 2, 74, 0.85f, 0, 0}, {B(7, 2), 2, 71, 0.80f, 0, 0},
	{B(7, 4), 2, 74, 0.85f, 0, 0}, {B(7, 6), 6, 79, 0.95f, 0, 0},
	{B(7, 12), 4, 74, 0.80f, 0, 0},
	{B(8, 0), 16, 71, 0.45f, 0, 0},
	{B(9, 0), 2, 76, 0.85f, 0, 0}, {B(9, 2), 2, 72, 0.80f, 0, 0},
	{B(9, 4), 2, 76, 0.85f, 0, 0}, {B(9, 6), 6, 81, 1.00f, 0, 0},
	{B(9, 12), 4, 79, 0.80f, 0, 0},
	{B(10, 0), 16, 72, 0.45f, 0, 0},
	{B(11, 0), 2, 74, 0.85f, 0, 0}, {B(11, 2), 2, 79, 0.85f, 0, 0},
	{B(11, 4), 4, 81, 0.90f, 0, 0}, {B(11, 8), 4, 83, 0.95f, 0, 0},
	{B(11, 12), 2, 81, 0.85f, 0, 0}, {B(11, 14), 2, 79, 0.85f, 0, 0},
	{B(12, 0), 8, 81, 0.90f, 0, 0},
};

const struct note *score_vocal(size_t *n)
{
	*n = sizeof vocal / sizeof vocal[0];
	return vocal;
}

const struct note *score_lead(size_t *n)
{
	*n = sizeof lead / sizeof lead[0];
	return lead;
}
