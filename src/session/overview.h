/* overview.h — the picture of a stem's audio that the timeline draws: per
 * column of OVERVIEW_CPS a second (coarser for very long stems, so a
 * stem never takes more than OVERVIEW_MAX_COLS columns), the lowest and
 * highest sample and the RMS over every channel. Read with libsndfile on
 * a worker thread of its own, in the background (thread_background), never
 * on the audio thread nor the UI thread: overview_want only queues, and
 * the UI draws the columns that are ready (overview_span says which are
 * not yet). Columns are kept per file (path, size and mtime), so an undo
 * or reload that brings a stem back costs nothing.
 *
 * Called from the UI thread (tui/timeline_view.c) and tests/test_overview.c;
 * the worker touches only the entries it was handed. */
#ifndef TMIX_OVERVIEW_H
#define TMIX_OVERVIEW_H
#include <stdbool.h>

#define OVERVIEW_CPS 100
#define OVERVIEW_MAX_COLS 60000

struct overview;

struct overview *overview_new(void); /* NULL when the worker cannot start */
void overview_free(struct overview *o); /* stops a read midway */
/* The entry of the stem at path, queued for reading when it is new or
 * the file changed; -1 when none can be made (the path is not a file). */
int overview_want(struct overview *o, const char *path);

enum { OV_DONE = 0, OV_PENDING = 1, OV_FAILED = -1 };
/* Peak (highest |sample|) and RMS over the stem's seconds [t0, t1); time
 * outside the stem reads as silence. OV_PENDING when a column of it is
 * not read yet, OV_FAILED when the stem could not be read (the reason in
 * overview_error). */
int overview_span(struct overview *o, int id, double t0, double t1, float *peak, float *rms);
/* One column as read: OV_DONE, OV_PENDING, or OV_FAILED (also past the end). */
int overview_column(struct overview *o, int id, int col, float *lo, float *hi, float *rms);
double overview_cps(struct overview *o, int id);   /* columns a second, 0 until known */
int overview_state(struct overview *o, int id);    /* OV_DONE, OV_PENDING or OV_FAILED */
double overview_progress(struct overview *o, int id); /* 0..1 */
const char *overview_error(struct overview *o, int id);
#endif
