/* graph_workers.c — computing tracks on two threads for `tmix bounce`.
 * Only the per-track chains run in parallel; routing and every sum stay
 * on the calling thread in strip order (graph.c), so the output is
 * bit-identical with one thread or two. A live graph never has workers:
 * this file locks and waits, which the audio callback must not. */
#include "graph_internal.h"
#include "tmix.h"
#include <pthread.h>
#include <stdlib.h>

struct graph_workers {
	struct graph *g;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	int64_t frame;
	int n, split;
	unsigned gen, done_gen;
	bool quit;
};

static void *worker(void *arg)
{
	struct graph_workers *w = arg;
	unsigned seen = 0;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->gen == seen && !w->quit)
			pthread_cond_wait(&w->go, &w->mu);
		if (w->quit)
			break;
		seen = w->gen;
		pthread_mutex_unlock(&w->mu);
		for (int i = w->split; i < w->g->ntracks; i++)
			graph_strip_compute(w->g, i, w->frame, w->n);
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
	if (threads < 2 || g->ntracks < 2)
		return 0;
	w = xcalloc(1, sizeof *w);
	w->g = g;
	w->split = g->ntracks / 2;
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

void graph_compute_tracks(struct graph *g, int64_t frame, int n)
{
	struct graph_workers *w = g->workers;
	int split = w ? w->split : g->ntracks;

	if (w) {
		pthread_mutex_lock(&w->mu);
		w->frame = frame;
		w->n = n;
		w->gen++;
		pthread_cond_signal(&w->go);
		pthread_mutex_unlock(&w->mu);
	}
	for (int i = 0; i < split; i++)
		graph_strip_compute(g, i, frame, n);
	if (w) {
		pthread_mutex_lock(&w->mu);
		while (w->done_gen != w->gen)
			pthread_cond_wait(&w->done, &w->mu);
		pthread_mutex_unlock(&w->mu);
	}
}
