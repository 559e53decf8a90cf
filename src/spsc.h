/* spsc.h — a lock-free single-producer single-consumer ring of fixed-size
 * slots (C11 acquire/release). One thread pushes, one thread pops; either
 * side may be the audio callback: no call here allocates, locks or sleeps.
 * Created and freed on a non-real-time thread.
 *
 * Besides copy-in/copy-out (spsc_push/spsc_pop) the ring offers slot
 * access by index (spsc_write_slot/spsc_publish, spsc_read_slot/
 * spsc_release) so that callers can keep bulk data (audio chunks) in
 * parallel arrays indexed by the slot and move only indices. */
#ifndef TMIX_SPSC_H
#define TMIX_SPSC_H
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct spsc {
	/* head and tail on their own cache lines: the two threads write one
	 * each and must not bounce a shared line on every push and pop */
	alignas(64) _Atomic size_t head; /* written by the producer */
	alignas(64) _Atomic size_t tail; /* written by the consumer */
	alignas(64) size_t cap, mask, esize;
	unsigned char *buf;
};

/* cap is rounded up to a power of two; esize may be 0 (index-only use). */
void spsc_init(struct spsc *r, size_t cap, size_t esize);
void spsc_destroy(struct spsc *r);

bool spsc_push(struct spsc *r, const void *el);  /* false when full */
bool spsc_pop(struct spsc *r, void *el);         /* false when empty */

/* Producer: the index of the next free slot, or -1 when full; the slot is
 * handed over by spsc_publish. */
long spsc_write_slot(struct spsc *r);
void spsc_publish(struct spsc *r);
/* Consumer: the index of the oldest filled slot, or -1 when empty; it is
 * given back by spsc_release. */
long spsc_read_slot(struct spsc *r);
void spsc_release(struct spsc *r);

size_t spsc_count(struct spsc *r); /* filled slots, a snapshot */
static inline void *spsc_slot_ptr(struct spsc *r, long i) { return r->buf + (size_t)i * r->esize; }
#endif
