/* engine_disk.c — sessions (a graph, its sources and one streaming ring
 * per track, built together from a model off the audio thread) and the
 * disk thread that keeps the rings of the live session full.
 *
 * The disk thread reads (decodes, resamples: source_read) a chunk at a
 * time in playback order, a loop's wrap included, tagging each chunk with
 * its timeline frame and the seek generation it was read for. It fills
 * breadth first (one chunk per track per round) so that after a seek
 * every track has a little before any track has a lot, and marks the
 * session ready for a generation once every ring holds STREAM_PRIME
 * chunks of it. It never waits on the audio thread: it polls every 2 ms
 * when there is nothing to read. */
#include "engine_internal.h"
#include "graph.h"
#include "tmix.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct session *engine_session_new(const struct project *p, double rate, char *err, size_t errlen)
{
	struct session *s = xcalloc(1, sizeof *s);

	s->g = graph_new(p, rate, err, errlen);
	if (!s->g) {
		free(s);
		return NULL;
	}
	s->ntracks = p->ntracks;
	s->nstrips = graph_nstrips(s->g);
	s->unit_latency = graph_unit_latency(s->g);
	s->nstreams = s->ntracks;
	s->st = xcalloc((size_t)(s->ntracks + p->nrefs + 1), sizeof *s->st);
	s->meters = xcalloc((size_t)s->nstrips, sizeof *s->meters);
	atomic_init(&s->ready_gen, 0);
	for (int t = 0; t < s->ntracks; t++) {
		const struct strip *k = p->strips[t];
		struct stream *st = &s->st[t];
		st->src = source_open(k->path, rate, k->v[P_START], err, errlen);
		if (!st->src) {
			s->ntracks = s->nstreams = t;
			engine_session_free(s);
			return NULL;
		}
		st->channels = source_channels(st->src);
		atomic_init(&st->offline, false);
		spsc_init(&st->ring, STREAM_SLOTS, sizeof(struct chunk_tag));
		for (int c = 0; c < st->channels; c++)
			st->data[c] = xcalloc((size_t)STREAM_SLOTS * STREAM_CHUNK, sizeof(float));
	}
	if (engine_session_add_refs(s, p, rate, err, errlen)) {
		engine_session_free(s);
		return NULL;
	}
	return s;
}

void engine_session_free(struct session *s)
{
	if (!s)
		return;
	for (int t = 0; t < s->nstreams; t++) {
		source_close(s->st[t].src);
		spsc_destroy(&s->st[t].ring);
		free(s->st[t].data[0]);
		free(s->st[t].data[1]);
	}
	for (int c = 0; c < 4; c++)
		free(s->refbuf[c]);
	free(s->st);
	free(s->meters);
	graph_free(s->g);
	free(s);
}

/* The loop region as the callback last published it (a seqlock: the
 * callback never waits, the reader retries). */
void engine_loop_read(struct engine *e, bool *on, int64_t *start, int64_t *end)
{
	uint32_t a, b;
	do {
		a = atomic_load_explicit(&e->loop_seq, memory_order_acquire);
		*on = atomic_load_explicit(&e->loop_on, memory_order_relaxed);
		*start = atomic_load_explicit(&e->loop_start, memory_order_relaxed);
		*end = atomic_load_explicit(&e->loop_end, memory_order_relaxed);
		atomic_thread_fence(memory_order_acquire);
		b = atomic_load_explicit(&e->loop_seq, memory_order_relaxed);
	} while ((a & 1) || a != b);
	if (*end <= *start)
		*on = false;
}

/* Publishes a failed source once (engine_track_offline). */
static void mark_offline(struct stream *st)
{
	if (atomic_load_explicit(&st->offline, memory_order_relaxed))
		return;
	snprintf(st->reason, sizeof st->reason, "%s", source_fail_reason(st->src));
	atomic_store_explicit(&st->offline, true, memory_order_release);
}

/* About once a second: is every stem still the file that was opened? */
static void check_sources(struct session *s, struct timespec *last)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - last->tv_sec + (now.tv_nsec - last->tv_nsec) * 1e-9 < 1.0)
		return;
	*last = now;
	for (int t = 0; t < s->ntracks; t++)
		if (source_check(s->st[t].src))
			mark_offline(&s->st[t]);
}

/* Reads one chunk for track st; false when its ring is full. */
static bool fill_one(struct stream *st, uint32_t gen, bool lon, int64_t ls, int64_t le)
{
	long i = spsc_write_slot(&st->ring);
	float *out[2];
	int n = STREAM_CHUNK;

	if (i < 0)
		return false;
	/* A chunk ends at the loop end so that the next one can start the
	 * loop again: the rule (wrap when reaching the end from below) is the
	 * callback's too. */
	if (lon && st->w < le && le - st->w < n)
		n = (int)(le - st->w);
	for (int c = 0; c < st->channels; c++)
		out[c] = st->data[c] + (size_t)i * STREAM_CHUNK;
	source_read(st->src, st->w, out, n);
	if (source_failed(st->src))
		mark_offline(st);
	*(struct chunk_tag *)spsc_slot_ptr(&st->ring, i) = (struct chunk_tag){.gen = gen, .n = n, .frame = st->w};
	spsc_publish(&st->ring);
	st->w += n;
	if (lon && st->w == le)
		st->w = ls;
	st->primed++;
	return true;
}

/* A few breadth-first rounds over the session's tracks; returns the
 * chunks read. Leaves early when a new seek arrives. */
static int fill_session(struct engine *e, struct session *s)
{
	uint64_t req = atomic_load_explicit(&e->seek_req, memory_order_acquire);
	uint32_t gen = (uint32_t)(req >> SEEK_FRAME_BITS);
	int64_t frame = (int64_t)(req & SEEK_FRAME_MASK);
	int did = 0;

	for (int t = 0; t < s->nstreams; t++)
		if (s->st[t].wgen != gen) {
			s->st[t].wgen = gen;
			s->st[t].w = frame;
			s->st[t].primed = 0;
		}
	for (int round = 0; round < 16; round++) {
		bool lon, primed = true;
		int64_t ls, le;
		int wrote = 0;

		engine_loop_read(e, &lon, &ls, &le);
		for (int t = 0; t < s->nstreams; t++) {
			wrote += fill_one(&s->st[t], gen, lon, ls, le);
			primed &= s->st[t].primed >= STREAM_PRIME;
		}
		if (primed && atomic_load_explicit(&s->ready_gen, memory_order_relaxed) != gen)
			atomic_store_explicit(&s->ready_gen, gen, memory_order_release);
		did += wrote;
		if (!wrote || atomic_load_explicit(&e->seek_req, memory_order_acquire) != req)
			break;
	}
	return did;
}

static void *disk_thread(void *arg)
{
	struct engine *e = arg;
	const struct timespec nap = {0, 2000000};
	struct timespec checked;

	clock_gettime(CLOCK_MONOTONIC, &checked);

	while (!atomic_load_explicit(&e->disk_quit, memory_order_acquire)) {
		/* Hazard pointer: announce the session before using it and
		 * check it is still live, so engine_poll never frees a session
		 * this thread is reading into. */
		struct session *s = atomic_load(&e->live);
		atomic_store(&e->disk_hazard, s);
		if (s != atomic_load(&e->live))
			continue;
		int did = s ? fill_session(e, s) : 0;
		if (s)
			check_sources(s, &checked);
		atomic_store(&e->disk_hazard, NULL);
		if (!did)
			nanosleep(&nap, NULL);
	}
	return NULL;
}

int engine_disk_start(struct engine *e, char *err, size_t errlen)
{
	int rc;

	atomic_init(&e->disk_quit, false);
	atomic_init(&e->disk_hazard, NULL);
	rc = pthread_create(&e->disk, NULL, disk_thread, e);
	if (rc) {
		snprintf(err, errlen, "cannot start the disk thread: %s", strerror(rc));
		return -1;
	}
	return 0;
}

void engine_disk_stop(struct engine *e)
{
	atomic_store_explicit(&e->disk_quit, true, memory_order_release);
	pthread_join(e->disk, NULL);
}
