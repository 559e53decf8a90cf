/* drums.c — kick, hi-hat and a two-mic snare with bleed.
 *
 * Each drum has a pattern function (which sixteenths it plays in a bar,
 * how hard) and a voice. Timing and velocity are nudged by a seeded PRNG
 * so the grid breathes a little, the same way on every run. */
#include "gen.h"
#include <math.h>

struct hit {
	int pos; /* sixteenth within the bar */
	float vel;
};

/* Four on the floor from the verse on; pushes into the chorus and extra
 * sixteenths in some bars keep it from looping audibly. */
static int kick_bar(int bar, struct hit *h)
{
	int n = 0;

	switch (score_section(bar)) {
	case SEC_INTRO:
		if (bar == 1) /* half-time in the second intro bar: a hint of what comes */
			h[n++] = (struct hit){0, 0.7f}, h[n++] = (struct hit){8, 0.65f};
		return n;
	case SEC_VERSE:
	case SEC_CHORUS:
		h[n++] = (struct hit){0, 1.0f}, h[n++] = (struct hit){4, 0.9f};
		h[n++] = (struct hit){8, 0.95f}, h[n++] = (struct hit){12, 0.9f};
		if (bar == 3 || bar == 7 || bar == 9)
			h[n++] = (struct hit){10, 0.55f};
		if (bar == 5 || bar == 11)
			h[n++] = (struct hit){14, 0.7f}, h[n++] = (struct hit){15, 0.6f};
		return n;
	case SEC_OUTRO:
		if (bar == 12)
			h[n++] = (struct hit){0, 1.0f};
		return n;
	default:
		return 0;
	}
}

/* Backbeat on 2 and 4; ghost notes about 20 dB down between them; a
 * sixteenth fill into the chorus. */
static int snare_bar(int bar, struct hit *h)
{
	enum section s = score_section(bar);
	float back = s == SEC_CHORUS ? 1.0f : 0.85f;
	int n = 0;

	if (s != SEC_VERSE && s != SEC_CHORUS)
		return 0;
	h[n++] = (struct hit){4, back};
	if (bar == 5) { /* fill into the chorus */
		h[n++] = (struct hit){12, 0.55f}, h[n++] = (struct hit){13, 0.65f};
		h[n++] = (struct hit){14, 0.8f}, h[n++] = (struct hit){15, 0.95f};
		return n;
	}
	h[n++] = (struct hit){12, back};
	if (bar % 2 == 0)
		h[n++] = (struct hit){7, 0.15f}, h[n++] = (struct hit){10, 0.12f};
	else
		h[n++] = (struct hit){15, 0.18f}, h[n++] = (struct hit){9, 0.13f};
	if (bar == 11)
		h[n++] = (struct hit){14, 0.7f};
	return n;
}

/* Eighths in the intro and verse, sixteenths in the chorus, accents on
 * the offbeats, an open hat every other chorus bar. Negative vel = open. */
static int hats_bar(int bar, struct hit *h)
{
	enum section s = score_section(bar);
	int n = 0;

	if (s == SEC_INTRO || s == SEC_VERSE) {
		float scale = s == SEC_INTRO ? 0.7f : 0.85f;
		for (int p = 0; p < 16; p += 2)
			h[n++] = (struct hit){p, scale * (p % 4 ? 0.75f : 0.5f)};
		if (bar == 5) /* open hat into the chorus */
			h[n - 1].vel = -0.7f;
	} else if (s == SEC_CHORUS) {
		for (int p = 0; p < 16; p++) {
			float v = p % 4 == 0 ? 0.85f : p % 4 == 2 ? 0.7f : 0.4f;
			if (bar % 2 && p == 15)
				break; /* let the open hat on 14 ring */
			h[n++] = (struct hit){p, bar % 2 && p == 14 ? -0.8f : v};
		}
	} else if (bar == 12) {
		h[n++] = (struct hit){0, -0.7f};
	}
	return n;
}

static long humanise(struct rng *r, int bar, int pos, double ms)
{
	long at = (long)bar * BAR + at16(pos) + lrint(rng_bi(r) * ms * 0.001 * RATE);
	return at < 0 ? 0 : at;
}

/* A sine swept from ~160 Hz down to 45 Hz is the body; a 4 ms burst of
 * high-passed noise is the beater click; tanh adds a little punch. */
static void kick_voice(float *out, long at, float vel, struct rng *r)
{
	struct biquad hp = {0};
	double phase = 0.0;
	long len = (long)(1.2 * RATE);

	bq_set(&hp, BQ_HP, 2500.0, 0.7, 0.0);
	for (long i = 0; i < len && at + i < SONG_FRAMES; i++) {
		double t = (double)i / RATE;
		double f = 45.0 + 115.0 * exp(-t / 0.04);
		double body = sin(2.0 * GEN_PI * phase) * exp(-t / 0.3);
		double click = bq_run(&hp, rng_bi(r)) * exp(-t / 0.004) * 0.5;
		double fade = i > len - 2400 ? (double)(len - i) / 2400.0 : 1.0;
		phase += f / RATE;
		out[at + i] += (float)(tanh(1.4 * (body + click)) * vel * fade);
	}
}

void render_kick(struct stem *out)
{
	struct rng r;
	struct hit h[16];

	rng_seed(&r, 101);
	for (int bar = 0; bar < SONG_BARS; bar++) {
		int n = kick_bar(bar, h);
		for (int k = 0; k < n; k++) {
			long at = humanise(&r, bar, h[k].pos, 2.0);
			kick_voice(out->ch[0], at, h[k].vel * (float)(1.0 + 0.05 * rng_bi(&r)), &r);
		}
	}
}

/* One continuous metallic source (six detuned squares, the 808 recipe,
 * plus noise), high-passed at 24 dB/oct, shaped by a single envelope that
 * each hit restarts: so a closed hat chokes a ringing open one, as on a
 * real stand. */
void render_hats(struct stem *out)
{
	static const double partials[6] = {205.3, 304.4, 369.6, 522.7, 540.0, 800.0};
	double ph[6] = {0}, env = 0.0, decay = 0.0;
	struct biquad hp1 = {0}, hp2 = {0}, air = {0};
	struct rng r;
	struct hit h[32];
	long next_at[32];
	int n = 0, k = 0, bar = -1;

	rng_seed(&r, 202);
	bq_set(&hp1, BQ_HP, 7000.0, 0.54, 0.0);
	bq_set(&hp2, BQ_HP, 7000.0, 1.31, 0.0);
	bq_set(&air, BQ_PEAK, 11000.0, 0.8, 4.0);
	for (long i = 0; i < SONG_FRAMES; i++) {
		if (i % BAR == 0 && ++bar < SONG_BARS) {
			n = hats_bar(bar, h), k = 0;
			for (int j = 0; j < n; j++)
				next_at[j] = humanise(&r, bar, h[j].pos, 1.5);
		}
		while (k < n && i >= next_at[k]) { /* >=: a hit nudged early lands at the bar line */
			int open = h[k].vel < 0;
			env = fabs(h[k].vel) * (1.0 + 0.08 * rng_bi(&r));
			decay = exp(-1.0 / ((open ? 0.30 : 0.04) * RATE));
			k++;
		}
		double metal = 0.0;
		for (int p = 0; p < 6; p++) {
			ph[p] += partials[p] * 1.7 / RATE;
			ph[p] -= floor(ph[p]);
			metal += ph[p] < 0.5 ? 1.0 : -1.0;
		}
		double x = metal / 6.0 + 0.8 * rng_bi(&r);
		x = bq_run(&air, bq_run(&hp2, bq_run(&hp1, x)));
		out->ch[0][i] = (float)(x * env);
		env *= decay;
	}
}

/* What one snare hit puts into a mic: a pitched body (two drum-head
 * modes), a long ring at 920 Hz (an untreated head: the notch in demo.ini
 * takes it out), and band-passed noise from the wires. Both mics hear the
 * same noise samples, so their polarity matters when they are summed. */
struct snare_mic {
	double body, ring, wires, wires_tau, wires_hz;
};

static void snare_voice(float *const out[2], const struct snare_mic mic[2], long at, float vel,
			uint64_t seed)
{
	struct biquad bp[2] = {{0}}, hp[2] = {{0}};
	struct rng r;
	long len = (long)(0.9 * RATE), fade = (long)(0.2 * RATE);
	double wv = pow(vel, 1.4); /* harder hits are brighter */

	rng_seed(&r, seed);
	for (int m = 0; m < 2; m++) {
		bq_set(&bp[m], BQ_BP, mic[m].wires_hz, 0.55, 0.0);
		bq_set(&hp[m], BQ_HP, 1200.0, 0.7, 0.0);
	}
	for (long i = 0; i < len && at + i < SONG_FRAMES; i++) {
		double t = (double)i / RATE;
		double f = 185.0 * (1.0 + 0.15 * exp(-t / 0.01));
		double body = sin(2.0 * GEN_PI * f * t) * exp(-t / 0.07)
			      + 0.5 * sin(2.0 * GEN_PI * 330.0 * t) * exp(-t / 0.045);
		double ring = sin(2.0 * GEN_PI * 920.0 * t) * exp(-t / 0.35);
		double noise = rng_bi(&r) * (1.0 - exp(-t / 0.001));
		double g = i > len - fade ? (double)(len - i) / (double)fade : 1.0;
		for (int m = 0; m < 2; m++) {
			double w = bq_run(&bp[m], bq_run(&hp[m], noise)) * exp(-t / mic[m].wires_tau);
			double y = vel * (mic[m].body * body + mic[m].ring * ring)
				   + wv * mic[m].wires * w * 2.5;
			out[m][at + i] += (float)(y * g);
		}
	}
}

/* Low-passed kick and high-passed hats at a low level, plus hiss: what a
 * close snare mic picks up between hits. This is what the gate removes. */
static void add_bleed(float *dst, const struct stem *kick, const struct stem *hats, double kick_g,
		      double hats_g, double hiss, uint64_t seed)
{
	struct biquad lp = {0}, hp = {0};
	struct rng r;

	rng_seed(&r, seed);
	bq_set(&lp, BQ_LP, 250.0, 0.7, 0.0);
	bq_set(&hp, BQ_HP, 4000.0, 0.7, 0.0);
	for (long i = 0; i < SONG_FRAMES; i++)
		dst[i] += (float)(kick_g * bq_run(&lp, kick->ch[0][i])
				  + hats_g * bq_run(&hp, hats->ch[0][i]) + hiss * rng_bi(&r));
}

void render_snare(struct stem *top, struct stem *bottom, const struct stem *kick,
		  const struct stem *hats)
{
	static const struct snare_mic mic[2] = {
		{1.0, 0.08, 0.8, 0.11, 3500.0},  /* top: body and ring */
		{0.35, 0.04, 1.4, 0.17, 5500.0}, /* bottom: mostly wires */
	};
	float *const out[2] = {top->ch[0], bottom->ch[0]};
	struct rng r;
	struct hit h[16];

	rng_seed(&r, 303);
	for (int bar = 0; bar < SONG_BARS; bar++) {
		int n = snare_bar(bar, h);
		for (int k = 0; k < n; k++) {
			long at = humanise(&r, bar, h[k].pos, 3.0);
			float vel = h[k].vel * (float)(1.0 + 0.06 * rng_bi(&r));
			snare_voice(out, mic, at, vel, 1000u + (uint64_t)(bar * 16 + h[k].pos));
		}
	}
	add_bleed(top->ch[0], kick, hats, 0.12, 0.08, 0.0006, 304);
	add_bleed(bottom->ch[0], kick, hats, 0.05, 0.04, 0.001, 305);
	/* The bottom head moves opposite to the top one, so the bottom mic is
	 * out of polarity with the top: `invert = yes` in demo.ini fixes it. */
	for (long i = 0; i < SONG_FRAMES; i++)
		bottom->ch[0][i] = -bottom->ch[0][i];
}
