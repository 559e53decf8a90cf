/* lv2_worker.c — the LV2 worker extension for one plugin instance.
 *
 * The plugin's run() (audio thread) schedules work: the request is copied
 * into a lock-free byte ring and a semaphore wakes the worker thread,
 * which calls the plugin's work(). Its responses go back through a second
 * ring, handed to work_response() at the start of the instance's next
 * process, before run(). On the audio side nothing allocates, locks or
 * waits: the rings are written and read with C11 atomics and sem_post
 * does not block. */
#include "lv2/lv2_internal.h"
#include "tmix.h"
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define RING_BYTES 65536u /* a power of two */

/* Messages of [uint32 size][size bytes]; one writer, one reader. */
struct ring {
	_Atomic uint32_t head, tail; /* free-running byte counts */
	unsigned char buf[RING_BYTES];
};

struct lv2_worker {
	struct ring req, resp;
	LV2_Worker_Schedule schedule;
	LV2_Handle handle;
	const LV2_Worker_Interface *iface;
	sem_t wake;
	pthread_t thread;
	bool running;
	atomic_bool quit;
	atomic_int pending; /* requests scheduled and not yet worked */
	unsigned char work_buf[RING_BYTES];  /* the worker thread's copy of a request */
	unsigned char resp_buf[RING_BYTES];  /* the audio thread's copy of a response */
};

static void put(struct ring *r, uint32_t at, const void *src, uint32_t n)
{
	uint32_t o = at & (RING_BYTES - 1), first = n < RING_BYTES - o ? n : RING_BYTES - o;
	memcpy(r->buf + o, src, first);
	memcpy(r->buf, (const unsigned char *)src + first, n - first);
}

static void get(const struct ring *r, uint32_t at, void *dst, uint32_t n)
{
	uint32_t o = at & (RING_BYTES - 1), first = n < RING_BYTES - o ? n : RING_BYTES - o;
	memcpy(dst, r->buf + o, first);
	memcpy((unsigned char *)dst + first, r->buf, n - first);
}

static bool ring_write(struct ring *r, uint32_t size, const void *data)
{
	uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	if (size > RING_BYTES - sizeof size || RING_BYTES - (head - tail) < sizeof size + size)
		return false;
	put(r, head, &size, sizeof size);
	put(r, head + sizeof size, data, size);
	atomic_store_explicit(&r->head, head + (uint32_t)sizeof size + size, memory_order_release);
	return true;
}

/* The next message into out (RING_BYTES long); false when empty. */
static bool ring_read(struct ring *r, void *out, uint32_t *size)
{
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint32_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	if (head - tail < sizeof *size)
		return false;
	get(r, tail, size, sizeof *size);
	get(r, tail + sizeof *size, out, *size);
	atomic_store_explicit(&r->tail, tail + (uint32_t)sizeof *size + *size, memory_order_release);
	return true;
}

static LV2_Worker_Status schedule_work(LV2_Worker_Schedule_Handle h, uint32_t size, const void *data)
{
	struct lv2_worker *w = h;
	if (!ring_write(&w->req, size, data))
		return LV2_WORKER_ERR_NO_SPACE;
	atomic_fetch_add_explicit(&w->pending, 1, memory_order_relaxed);
	sem_post(&w->wake);
	return LV2_WORKER_SUCCESS;
}

static LV2_Worker_Status respond(LV2_Worker_Respond_Handle h, uint32_t size, const void *data)
{
	struct lv2_worker *w = h;
	return ring_write(&w->resp, size, data) ? LV2_WORKER_SUCCESS : LV2_WORKER_ERR_NO_SPACE;
}

static void *work_thread(void *arg)
{
	struct lv2_worker *w = arg;
	uint32_t size;
	for (;;) {
		sem_wait(&w->wake);
		if (atomic_load(&w->quit))
			break;
		while (ring_read(&w->req, w->work_buf, &size)) {
			w->iface->work(w->handle, respond, w, size, w->work_buf);
			atomic_fetch_sub_explicit(&w->pending, 1, memory_order_release);
		}
	}
	return NULL;
}

struct lv2_worker *lv2_worker_new(void)
{
	struct lv2_worker *w = xcalloc(1, sizeof *w);
	w->schedule.handle = w;
	w->schedule.schedule_work = schedule_work;
	sem_init(&w->wake, 0, 0);
	return w;
}

LV2_Worker_Schedule *lv2_worker_schedule(struct lv2_worker *w) { return &w->schedule; }

bool lv2_worker_start(struct lv2_worker *w, LV2_Handle handle, const LV2_Worker_Interface *iface)
{
	w->handle = handle;
	w->iface = iface;
	if (!iface || !iface->work)
		return false;
	w->running = pthread_create(&w->thread, NULL, work_thread, w) == 0;
	return w->running;
}

void lv2_worker_deliver(struct lv2_worker *w)
{
	uint32_t size;
	if (!w || !w->running)
		return;
	while (ring_read(&w->resp, w->resp_buf, &size))
		if (w->iface->work_response)
			w->iface->work_response(w->handle, size, w->resp_buf);
}

bool lv2_worker_busy(struct lv2_worker *w)
{
	if (!w || !w->running)
		return false;
	return atomic_load_explicit(&w->pending, memory_order_acquire) > 0 ||
	       atomic_load_explicit(&w->resp.head, memory_order_acquire) !=
		       atomic_load_explicit(&w->resp.tail, memory_order_relaxed);
}

void lv2_worker_end_run(struct lv2_worker *w)
{
	if (w && w->running && w->iface->end_run)
		w->iface->end_run(w->handle);
}

void lv2_worker_free(struct lv2_worker *w)
{
	if (!w)
		return;
	if (w->running) {
		atomic_store(&w->quit, true);
		sem_post(&w->wake);
		pthread_join(w->thread, NULL);
	}
	sem_destroy(&w->wake);
	free(w);
}
