/* audio_null.c — the null clock: with no sound device the engine still
 * runs in real time, so transport, meters and keys behave as with one.
 * A thread sleeps to absolute deadlines one period apart
 * (clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME) and calls the very
 * render function PortAudio would call. After a stall it resyncs to now
 * instead of catching up in a burst, and reports the late block as an
 * xrun, as a sound card would. */
#include "audio.h"
#include "tmix.h"
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct audio_null {
	struct audio base;
	audio_render_fn fn;
	void *user;
	int buffer;
	int64_t period_ns;
	float *l, *r;
	pthread_t thread;
	atomic_bool quit;
};

static int64_t ts_ns(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec; }

static struct timespec ns_ts(int64_t ns)
{
	return (struct timespec){.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000};
}

static void *null_thread(void *arg)
{
	struct audio_null *a = arg;
	struct timespec now;
	int64_t next;
	bool late = false;

	/* Real-time priority when allowed (it rarely is); fine without. */
	struct sched_param sp = {.sched_priority = 10};
	pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	clock_gettime(CLOCK_MONOTONIC, &now);
	next = ts_ns(&now);
	while (!atomic_load_explicit(&a->quit, memory_order_acquire)) {
		a->fn(a->user, a->l, a->r, a->buffer, late);
		next += a->period_ns;
		struct timespec dl = ns_ts(next);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL) == EINTR)
			;
		clock_gettime(CLOCK_MONOTONIC, &now);
		/* More than a period behind the deadline: a card would have
		 * underrun. Count it and start the schedule again from now. */
		late = ts_ns(&now) - next > a->period_ns;
		if (late)
			next = ts_ns(&now);
	}
	return NULL;
}

static bool null_alive(struct audio *a) { return true; }

static void null_close(struct audio *base)
{
	struct audio_null *a = (struct audio_null *)base;
	atomic_store_explicit(&a->quit, true, memory_order_release);
	pthread_join(a->thread, NULL);
	free(a->l);
	free(a->r);
	free(a);
}

static const struct audio_ops null_ops = {.null = true, .alive = null_alive, .close = null_close};

struct audio *audio_null_open(double rate, int buffer, audio_render_fn fn, void *user, char *err, size_t errlen)
{
	struct audio_null *a = xcalloc(1, sizeof *a);
	int rc;

	a->base.ops = &null_ops;
	a->fn = fn;
	a->user = user;
	a->buffer = buffer;
	a->period_ns = (int64_t)((double)buffer * 1e9 / rate + 0.5);
	a->l = xcalloc((size_t)buffer, sizeof *a->l);
	a->r = xcalloc((size_t)buffer, sizeof *a->r);
	atomic_init(&a->quit, false);
	rc = pthread_create(&a->thread, NULL, null_thread, a);
	if (rc) {
		snprintf(err, errlen, "cannot start the null clock: %s", strerror(rc));
		free(a->l);
		free(a->r);
		free(a);
		return NULL;
	}
	return &a->base;
}
