/* graph_workers.c — computing tracks on two threads for `tmix bounce`.
 * Only the per-track chains (and, with a reader, the decoding of their
 * stems) run in parallel; routing and every sum stay on the calling
 * thread in strip order (graph.c), so the output is bit-identical with
 * one thread or two. A live graph never has workers: this file locks
 * and waits, which the audio callback must not.
 *
 * Tracks are handed out one at a time, so whichever thread is free takes
 * the next one: the caller can start a block's tracks, go and do its own
 * serial work (the previous block's master, the encoder) while the
 * worker computes, and then help with what is left. The worker takes
 * them from the last track down and the caller from the first up, so a
 * track is computed by the same thread (and so, mostly, on the same
 * core) block after block, except near where the two meet: its buffers,
 * filter states and stem reader stay in that core's cache. (Taken from
 * one counter, a track changed cores every other block and the pan's
 * stores alone cost twice as much.) Which thread computes a track does
 * not change its result. */
#include "graph_internal.h"
#include "tmix.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct graph_workers {
	struct graph *g;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	int64_t frame;
	int n;
	atomic_uint left;    /* tracks not yet claimed: first | end << 16 */
	unsigned gen, done_gen;
	bool pending;        /* a block started and not yet finished */
	bool quit;
};

static void read_input(struct graph *g, int i, int64_t frame, int n)
{
	struct gstrip *s = &g->s[i];
	float *const in[2] = {s->buf[0], s->buf[s->nch > 1 ? 1 : 0]};
	if (g->reader)
		g->reader(g->reader_ctx, i, frame, in, n);
}

/* The next track from the front (or the back) of the unclaimed range,
 * or -1 when none is left. */
static int claim(struct graph_workers *w, bool back)
{
	unsigned v = atomic_load_explicit(&w->left, memory_order_relaxed), nv;
	int i;
	do {
		unsigned first = v & 0xffffu, end = v >> 16;
		if (first >= end)
			return -1;
		i = back ? (int)end - 1 : (int)first;
		nv = back ? first | (end - 1) << 16 : (first + 1) | end << 16;
	} while (!atomic_compare_exchange_weak_explicit(&w->left, &v, nv, memory_order_relaxed,
							memory_order_relaxed));
	return i;
}

/* Takes tracks until none is left; any thread, any number at once. */
static void claim_tracks(struct graph_workers *w, int64_t frame, int n, bool back)
{
	int i;
	while ((i = claim(w, back)) >= 0) {
		if (w->g->s[i].late)
			continue; /* computed after its key, in graph.c's mix_down */
		read_input(w->g, i, frame, n);
		graph_strip_compute(w->g, i, frame, n);
	}
}

static void *worker(void *arg)
{
	struct graph_workers *w = arg;
	unsigned seen = 0;

	graph_set_ftz();
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->gen == seen && !w->quit)
			pthread_cond_wait(&w->go, &w->mu);
		if (w->gen == seen && w->quit)
			break;
		seen = w->gen;
		{
			int64_t frame = w->frame;
			int n = w->n;
			pthread_mutex_unlock(&w->mu);
			claim_tracks(w, frame, n, true);
		}
		pthread_mutex_lock(&w->mu);
		w->done_gen = seen;
		pthread_cond_signal(&w->done);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

int graph_set_threads(struct graph *g, int threads)
{
	struct graph_workers *w;
	graph_workers_free(g);
	if (threads < 2 || g->ntracks < 2 || g->ntracks > 0xffff)
		return 0;
	w = xcalloc(1, sizeof *w);
	w->g = g;
	atomic_init(&w->left, 0);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->go, NULL);
	pthread_cond_init(&w->done, NULL);
	if (pthread_create(&w->th, NULL, worker, w)) {
		free(w);
		return -1;
	}
	g->workers = w;
	return 0;
}

/* Waits for a started block (the worker may be reading stems the caller
 * is about to close), then stops the thread. */
void graph_workers_free(struct graph *g)
{
	struct graph_workers *w = g->workers;
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->quit = true;
	pthread_cond_signal(&w->go);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->go);
	pthread_cond_destroy(&w->done);
	free(w);
	g->workers = NULL;
}

void graph_tracks_start(struct graph *g, int64_t frame, int n)
{
	struct graph_workers *w = g->workers;
	if (!w) {
		g->ahead_frame = frame;
		g->ahead_n = n;
		return; /* one thread: computed in graph_tracks_finish */
	}
	pthread_mutex_lock(&w->mu);
	w->frame = frame;
	w->n = n;
	atomic_store_explicit(&w->left, (unsigned)g->ntracks << 16, memory_order_relaxed);
	w->gen++;
	w->pending = true;
	pthread_cond_signal(&w->go);
	pthread_mutex_unlock(&w->mu);
}

void graph_tracks_finish(struct graph *g)
{
	struct graph_workers *w = g->workers;
	if (!w) {
		for (int i = 0; i < g->ntracks; i++) {
			if (g->s[i].late)
				continue;
			read_input(g, i, g->ahead_frame, g->ahead_n);
			graph_strip_compute(g, i, g->ahead_frame, g->ahead_n);
		}
		return;
	}
	if (!w->pending)
		return;
	claim_tracks(w, w->frame, w->n, false);
	pthread_mutex_lock(&w->mu);
	while (w->done_gen != w->gen)
		pthread_cond_wait(&w->done, &w->mu);
	w->pending = false;
	pthread_mutex_unlock(&w->mu);
}

void graph_compute_tracks(struct graph *g, int64_t frame, int n)
{
	graph_tracks_start(g, frame, n);
	graph_tracks_finish(g);
}
