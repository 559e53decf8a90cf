/* spsc.c — see spsc.h. Indices run freely and are masked on use, so a
 * full ring holds cap slots (no wasted slot). The producer publishes with
 * a release store of head after writing the slot; the consumer reads head
 * with acquire before reading the slot, and the reverse for tail. */
#include "spsc.h"
#include "tmix.h"
#include <stdlib.h>
#include <string.h>

void spsc_init(struct spsc *r, size_t cap, size_t esize)
{
	size_t c = 1;
	while (c < cap)
		c <<= 1;
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	r->cap = c;
	r->mask = c - 1;
	r->esize = esize;
	r->buf = esize ? xcalloc(c, esize) : NULL;
}

void spsc_destroy(struct spsc *r)
{
	free(r->buf);
	r->buf = NULL;
}

long spsc_write_slot(struct spsc *r)
{
	size_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t t = atomic_load_explicit(&r->tail, memory_order_acquire);
	return h - t >= r->cap ? -1 : (long)(h & r->mask);
}

void spsc_publish(struct spsc *r)
{
	size_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
}

long spsc_read_slot(struct spsc *r)
{
	size_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	size_t h = atomic_load_explicit(&r->head, memory_order_acquire);
	return h == t ? -1 : (long)(t & r->mask);
}

void spsc_release(struct spsc *r)
{
	size_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	atomic_store_explicit(&r->tail, t + 1, memory_order_release);
}

bool spsc_push(struct spsc *r, const void *el)
{
	long i = spsc_write_slot(r);
	if (i < 0)
		return false;
	memcpy(spsc_slot_ptr(r, i), el, r->esize);
	spsc_publish(r);
	return true;
}

bool spsc_pop(struct spsc *r, void *el)
{
	long i = spsc_read_slot(r);
	if (i < 0)
		return false;
	memcpy(el, spsc_slot_ptr(r, i), r->esize);
	spsc_release(r);
	return true;
}

size_t spsc_count(struct spsc *r)
{
	size_t t = atomic_load_explicit(&r->tail, memory_order_acquire);
	size_t h = atomic_load_explicit(&r->head, memory_order_acquire);
	return h - t;
}
