/* source.h — one stem as the session hears it: decoded by libsndfile in
 * blocks, resampled by soxr (HQ) to the session rate when its rate
 * differs, placed at its `start` on the timeline. Memory is a few blocks
 * whatever the stem's length: nothing is loaded whole.
 *
 * source_read blocks on file I/O: call it from the bounce loop or the
 * disk thread, never from the audio callback. One thread per source. */
#ifndef TMIX_SOURCE_H
#define TMIX_SOURCE_H
#include <stddef.h>
#include <stdint.h>

struct source;

/* Opens path for a session at `rate`, the stem starting at start_s.
 * NULL with a message naming the file and libsndfile's reason. */
struct source *source_open(const char *path, double rate, double start_s, char *err, size_t errlen);
void source_close(struct source *s);

int source_channels(const struct source *s);      /* 1 or 2 */
int64_t source_end(const struct source *s);       /* timeline frame after its last frame */

/* Fills out[0..channels-1] with n frames from timeline frame `frame`:
 * silence before the stem starts and after it ends. Sequential reads are
 * the fast path; any other position seeks (exactly, also for lossy
 * formats). A stem that turns out shorter than it claimed, or fails to
 * read, plays silence from there and sets a warning (source_warning). */
void source_read(struct source *s, int64_t frame, float *const out[], int n);
/* Non-finite samples in the file are replaced by silence and counted. */
uint64_t source_bad_samples(const struct source *s);
/* A message when something went wrong while reading, else NULL. */
const char *source_warning(const struct source *s);

/* Offline: a stem that goes bad after it was opened (deleted, replaced,
 * truncated, rewritten, no longer readable, or a read that fails or
 * comes up short) is marked failed for good and reads silence from then
 * on; reopening it (a new source) is the way back. source_check stats
 * the path against what was opened (call it about once a second, from
 * the thread that reads); reads mark failures themselves. */
int source_check(struct source *s);                /* 1 when failed */
int source_failed(const struct source *s);
const char *source_fail_reason(const struct source *s); /* NULL unless failed */
#endif
