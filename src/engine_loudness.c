/* engine_loudness.c — the output tap and the loudness thread.
 *
 * The callback (engine_tap_push) copies each block it played into
 * TAP_CHUNK-frame chunks of a lock-free ring and never waits: when the
 * ring is full the frames are dropped and counted. The loudness thread
 * drains the ring every 40 ms (libebur128 steps in 100 ms, the screen
 * draws every 40 ms; waking more often only costs CPU while paused) into:
 *   - the meter of what is heard (struct loudness: M, S, I, LRA; true
 *     peak with tmix's own interpolator, dsp/truepeak.h, which costs a
 *     fraction of libebur128's and reads like the limiter's detector),
 *   - a mix-only loudness and spectrum (chunks holding reference audio
 *     are skipped) for the tonal-balance view,
 *   - the loudness of what is heard folded to mono ((L+R)/2 on both
 *     sides, fed the same 100 ms sub-blocks), for the mono-fold drop,
 *   - the last SCOPE_FRAMES frames heard, for the goniometer,
 * and publishes the figures as atomics (doubles as bits).
 *
 * Seeks: the callback flags the first chunk after a new seek generation
 * (TAP_BREAK). libebur128 measures 400 ms gating blocks every 100 ms of
 * audio fed; this thread feeds it whole 100 ms sub-blocks only, and a
 * break drops the partial sub-block. So the meter keeps integrating
 * across a seek and each 100 ms step of every gating block is one
 * continuous stretch of audio: a jump can never split a sub-block. */
#include "engine_internal.h"
#include "dsp/truepeak.h"
#include "loudness.h"
#include "spectrum.h"
#include "tmix.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void engine_tap_init(struct tap *t)
{
	spsc_init(&t->ring, TAP_SLOTS, sizeof(struct tap_tag));
	for (int c = 0; c < 2; c++)
		t->data[c] = xcalloc((size_t)TAP_SLOTS * TAP_CHUNK, sizeof(float));
	atomic_init(&t->dropped, 0);
	t->slot = -1;
	t->flags = 0;
	t->gen = 0;
	t->reset = 0;
	atomic_init(&t->reset_req, 0);
}

void engine_tap_destroy(struct tap *t)
{
	spsc_destroy(&t->ring);
	free(t->data[0]);
	free(t->data[1]);
	t->data[0] = t->data[1] = NULL;
}

static void tap_flush(struct tap *t)
{
	if (t->slot >= 0) {
		spsc_publish(&t->ring);
		t->slot = -1;
	}
}

/* Audio thread: n frames that were heard, rendered for seek generation
 * gen; ref when the block holds reference audio. */
void engine_tap_push(struct tap *t, const float *l, const float *r, int n, uint32_t gen, bool ref)
{
	uint32_t want = ref ? TAP_REF : 0;
	uint32_t rs = atomic_load_explicit(&t->reset_req, memory_order_acquire);

	if (rs != t->reset) {
		tap_flush(t); /* the chunk so far belongs to before the reset */
		t->reset = rs;
	}
	if (gen != t->gen) {
		tap_flush(t);
		t->gen = gen;
		t->flags = TAP_BREAK;
	}
	while (n > 0) {
		struct tap_tag *tag;
		int k;
		if (t->slot >= 0) {
			tag = spsc_slot_ptr(&t->ring, t->slot);
			if ((tag->flags & TAP_REF) != want)
				tap_flush(t); /* keep mix and reference audio in separate chunks */
		}
		if (t->slot < 0) {
			t->slot = spsc_write_slot(&t->ring);
			if (t->slot < 0) {
				atomic_fetch_add_explicit(&t->dropped, (uint32_t)n, memory_order_relaxed);
				t->flags |= TAP_BREAK; /* what follows does not join what came before */
				return;
			}
			tag = spsc_slot_ptr(&t->ring, t->slot);
			*tag = (struct tap_tag){.n = 0, .flags = t->flags | want, .reset = t->reset};
			t->flags = 0;
		}
		tag = spsc_slot_ptr(&t->ring, t->slot);
		k = TAP_CHUNK - tag->n;
		if (k > n)
			k = n;
		memcpy(t->data[0] + (size_t)t->slot * TAP_CHUNK + tag->n, l, (size_t)k * sizeof(float));
		memcpy(t->data[1] + (size_t)t->slot * TAP_CHUNK + tag->n, r, (size_t)k * sizeof(float));
		tag->n += k;
		l += k;
		r += k;
		n -= k;
		if (tag->n == TAP_CHUNK)
			tap_flush(t);
	}
}

/* 100 ms of audio gathered before it goes to libebur128. */
struct seg {
	float *buf[2];
	int fill, len;
};

#define SCOPE_FRAMES 4096 /* 85 ms at 48 kHz: what one frame of the goniometer shows */

struct loud_thread {
	pthread_t th;
	atomic_bool quit;
	uint32_t reset_seen;     /* the last tap reset stamp acted on */
	double rate;
	struct loudness *heard, *mix, *fold;
	float *fold_buf;         /* one sub-block of (L+R)/2 */
	struct truepeak tp_heard;
	struct spectrum *spec;
	struct seg seg_heard, seg_mix;
	int64_t mix_frames;
	/* published */
	_Atomic uint64_t m, s, i, lra, tp, fold_s, fold_i;
	_Atomic bool valid;
	/* the mix spectrum, for the UI thread (both non-real-time) */
	pthread_mutex_t lock;
	double bands[SPECTRUM_BANDS], mix_lufs, mix_seconds;
	bool bands_valid;
	/* the goniometer's frames, a ring (under lock) */
	float scope[2][SCOPE_FRAMES];
	int scope_w;
	int64_t scope_total;
};

static uint64_t d_bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double bits_d(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

static void seg_init(struct seg *g, double rate)
{
	g->len = (int)lround(rate / 10);
	g->buf[0] = xcalloc((size_t)g->len, sizeof(float));
	g->buf[1] = xcalloc((size_t)g->len, sizeof(float));
	g->fill = 0;
}

/* Appends audio; every whole 100 ms goes to the meter, and folded to
 * mono into fold (when not NULL; fb holds a sub-block). */
static void seg_add(struct seg *g, struct loudness *l, const float *a, const float *b, int n, struct loudness *fold,
		    float *fb)
{
	while (n > 0) {
		int k = g->len - g->fill;
		if (k > n)
			k = n;
		memcpy(g->buf[0] + g->fill, a, (size_t)k * sizeof(float));
		memcpy(g->buf[1] + g->fill, b, (size_t)k * sizeof(float));
		g->fill += k;
		a += k;
		b += k;
		n -= k;
		if (g->fill == g->len) {
			loudness_add(l, g->buf[0], g->buf[1], g->len);
			if (fold) {
				for (int i = 0; i < g->len; i++)
					fb[i] = 0.5f * (g->buf[0][i] + g->buf[1][i]);
				loudness_add(fold, fb, fb, g->len);
			}
			g->fill = 0;
		}
	}
}

static void publish(struct loud_thread *lt)
{
	double bands[SPECTRUM_BANDS], lufs = loudness_integrated(lt->mix);
	int64_t w = spectrum_bands(lt->spec, bands);

	atomic_store_explicit(&lt->m, d_bits(loudness_momentary(lt->heard)), memory_order_relaxed);
	atomic_store_explicit(&lt->s, d_bits(loudness_shortterm(lt->heard)), memory_order_relaxed);
	atomic_store_explicit(&lt->i, d_bits(loudness_integrated(lt->heard)), memory_order_relaxed);
	atomic_store_explicit(&lt->lra, d_bits(loudness_range(lt->heard)), memory_order_relaxed);
	atomic_store_explicit(&lt->fold_s, d_bits(loudness_shortterm(lt->fold)), memory_order_relaxed);
	atomic_store_explicit(&lt->fold_i, d_bits(loudness_integrated(lt->fold)), memory_order_relaxed);
	double tp = truepeak_max(&lt->tp_heard);
	atomic_store_explicit(&lt->tp, d_bits(tp > 0.0 ? 20.0 * log10(tp) : -INFINITY), memory_order_relaxed);
	atomic_store_explicit(&lt->valid, true, memory_order_release);
	pthread_mutex_lock(&lt->lock);
	for (int j = 0; j < SPECTRUM_BANDS; j++)
		lt->bands[j] = bands[j] - lufs;
	lt->mix_lufs = lufs;
	lt->bands_valid = w > 0 && isfinite(lufs);
	lt->mix_seconds = (double)lt->mix_frames / lt->rate;
	pthread_mutex_unlock(&lt->lock);
}

static void do_reset(struct loud_thread *lt)
{
	loudness_reset(lt->heard);
	loudness_reset(lt->mix);
	loudness_reset(lt->fold);
	truepeak_reset(&lt->tp_heard);
	spectrum_reset(lt->spec);
	lt->seg_heard.fill = lt->seg_mix.fill = 0;
	lt->mix_frames = 0;
	atomic_store(&lt->valid, false);
	pthread_mutex_lock(&lt->lock);
	lt->bands_valid = false;
	lt->mix_seconds = 0;
	pthread_mutex_unlock(&lt->lock);
}

static void scope_add(struct loud_thread *lt, const float *a, const float *b, int n)
{
	if (n > SCOPE_FRAMES) {
		a += n - SCOPE_FRAMES;
		b += n - SCOPE_FRAMES;
		n = SCOPE_FRAMES;
	}
	pthread_mutex_lock(&lt->lock);
	for (int i = 0; i < n; i++) {
		lt->scope[0][lt->scope_w] = a[i];
		lt->scope[1][lt->scope_w] = b[i];
		lt->scope_w = (lt->scope_w + 1) % SCOPE_FRAMES;
	}
	lt->scope_total += n;
	pthread_mutex_unlock(&lt->lock);
}

/* Everything in the ring; the number of chunks taken. */
static int drain(struct loud_thread *lt, struct tap *t)
{
	int did = 0;
	long i;
	while ((i = spsc_read_slot(&t->ring)) >= 0) {
		const struct tap_tag *tag = spsc_slot_ptr(&t->ring, i);
		const float *a = t->data[0] + (size_t)i * TAP_CHUNK, *b = t->data[1] + (size_t)i * TAP_CHUNK;
		if (tag->reset != lt->reset_seen) {
			lt->reset_seen = tag->reset;
			do_reset(lt);
		}
		if (tag->flags & TAP_BREAK) {
			lt->seg_heard.fill = 0;
			lt->seg_mix.fill = 0;
			spectrum_break(lt->spec);
		}
		seg_add(&lt->seg_heard, lt->heard, a, b, tag->n, lt->fold, lt->fold_buf);
		scope_add(lt, a, b, tag->n);
		truepeak_process(&lt->tp_heard, (const float *const[]){a, b}, 2, tag->n);
		if (tag->flags & TAP_REF) {
			/* the mix-only measures see the reference as a gap */
			lt->seg_mix.fill = 0;
			spectrum_break(lt->spec);
		} else {
			seg_add(&lt->seg_mix, lt->mix, a, b, tag->n, NULL, NULL);
			spectrum_add(lt->spec, a, b, tag->n);
			lt->mix_frames += tag->n;
		}
		spsc_release(&t->ring);
		did++;
	}
	return did;
}

static void *loud_main(void *arg)
{
	struct engine *e = arg;
	struct loud_thread *lt = e->loud;
	const struct timespec nap = {0, 40000000};

	while (!atomic_load_explicit(&lt->quit, memory_order_acquire)) {
		int did = drain(lt, &e->tap);
		if (did)
			publish(lt);
		else
			nanosleep(&nap, NULL);
	}
	return NULL;
}

int engine_loudness_start(struct engine *e, char *err, size_t errlen)
{
	struct loud_thread *lt = xcalloc(1, sizeof *lt);
	int rc;

	lt->rate = e->rate;
	lt->heard = loudness_new_no_tp(e->rate);
	lt->mix = loudness_new_no_tp(e->rate);
	lt->fold = loudness_new_no_tp(e->rate);
	truepeak_init(&lt->tp_heard);
	lt->spec = spectrum_new(e->rate);
	if (!lt->heard || !lt->mix || !lt->fold) {
		snprintf(err, errlen, "libebur128 cannot measure at %.0f Hz", e->rate);
		loudness_free(lt->heard);
		loudness_free(lt->mix);
		loudness_free(lt->fold);
		spectrum_free(lt->spec);
		free(lt);
		return -1;
	}
	seg_init(&lt->seg_heard, e->rate);
	seg_init(&lt->seg_mix, e->rate);
	lt->fold_buf = xcalloc((size_t)lt->seg_heard.len, sizeof(float));
	pthread_mutex_init(&lt->lock, NULL);
	atomic_init(&lt->quit, false);
	atomic_init(&lt->valid, false);
	for (int j = 0; j < SPECTRUM_BANDS; j++)
		lt->bands[j] = -INFINITY;
	e->loud = lt;
	rc = pthread_create(&lt->th, NULL, loud_main, e);
	if (rc) {
		snprintf(err, errlen, "cannot start the loudness thread: %s", strerror(rc));
		e->loud = NULL;
		for (int c = 0; c < 2; c++) {
			free(lt->seg_heard.buf[c]);
			free(lt->seg_mix.buf[c]);
		}
		pthread_mutex_destroy(&lt->lock);
		loudness_free(lt->heard);
		loudness_free(lt->mix);
		loudness_free(lt->fold);
		free(lt->fold_buf);
		spectrum_free(lt->spec);
		free(lt);
		return -1;
	}
	return 0;
}

void engine_loudness_stop(struct engine *e)
{
	struct loud_thread *lt = e->loud;
	if (!lt)
		return;
	atomic_store_explicit(&lt->quit, true, memory_order_release);
	pthread_join(lt->th, NULL);
	loudness_free(lt->heard);
	loudness_free(lt->mix);
	loudness_free(lt->fold);
	free(lt->fold_buf);
	spectrum_free(lt->spec);
	for (int c = 0; c < 2; c++) {
		free(lt->seg_heard.buf[c]);
		free(lt->seg_mix.buf[c]);
	}
	pthread_mutex_destroy(&lt->lock);
	free(lt);
	e->loud = NULL;
}

void engine_loudness(struct engine *e, struct engine_loudness *l)
{
	struct loud_thread *lt = e->loud;
	memset(l, 0, sizeof *l);
	l->momentary = l->shortterm = l->integrated = l->true_peak_max = -INFINITY;
	l->fold_shortterm = l->fold_integrated = -INFINITY;
	l->dropped = atomic_load_explicit(&e->tap.dropped, memory_order_relaxed);
	if (!lt || !atomic_load_explicit(&lt->valid, memory_order_acquire))
		return;
	l->valid = true;
	l->momentary = bits_d(atomic_load_explicit(&lt->m, memory_order_relaxed));
	l->shortterm = bits_d(atomic_load_explicit(&lt->s, memory_order_relaxed));
	l->integrated = bits_d(atomic_load_explicit(&lt->i, memory_order_relaxed));
	l->range = bits_d(atomic_load_explicit(&lt->lra, memory_order_relaxed));
	l->true_peak_max = bits_d(atomic_load_explicit(&lt->tp, memory_order_relaxed));
	l->fold_shortterm = bits_d(atomic_load_explicit(&lt->fold_s, memory_order_relaxed));
	l->fold_integrated = bits_d(atomic_load_explicit(&lt->fold_i, memory_order_relaxed));
}

int engine_scope(struct engine *e, float *l, float *r, int max)
{
	struct loud_thread *lt = e->loud;
	int n;
	if (!lt)
		return 0;
	if (max > SCOPE_FRAMES)
		max = SCOPE_FRAMES;
	pthread_mutex_lock(&lt->lock);
	n = lt->scope_total < max ? (int)lt->scope_total : max;
	for (int i = 0; i < n; i++) {
		int k = (lt->scope_w - n + i + SCOPE_FRAMES) % SCOPE_FRAMES;
		l[i] = lt->scope[0][k];
		r[i] = lt->scope[1][k];
	}
	pthread_mutex_unlock(&lt->lock);
	return n;
}

void engine_loudness_reset(struct engine *e)
{
	if (e->loud) {
		atomic_store(&e->loud->valid, false);
		atomic_fetch_add_explicit(&e->tap.reset_req, 1, memory_order_release);
	}
}

void engine_tonal(struct engine *e, int ref, struct engine_tonal *t)
{
	struct loud_thread *lt = e->loud;
	memset(t, 0, sizeof *t);
	for (int j = 0; j < SPECTRUM_BANDS; j++)
		t->mix[j] = t->ref[j] = -INFINITY;
	if (lt) {
		pthread_mutex_lock(&lt->lock);
		if (lt->bands_valid)
			memcpy(t->mix, lt->bands, sizeof t->mix);
		t->mix_valid = lt->bands_valid;
		t->mix_seconds = lt->mix_seconds;
		pthread_mutex_unlock(&lt->lock);
	}
	t->ref_valid = engine_ref_spectrum(e, ref, t->ref);
}
