/* bounce_internal.h — what bounce.c shares with bounce_loud.c (the
 * --normalize and --deliver searches). Nobody else includes this. */
#ifndef TMIX_BOUNCE_INTERNAL_H
#define TMIX_BOUNCE_INTERNAL_H
#include "bounce.h"
#include <stdio.h>

/* The master's input, every block of a first pass, as floats (left then
 * right per block) in an unlinked temporary file: a song's worth need
 * not fit in memory, and the page cache keeps it there when it does. */
struct capture {
	FILE *f;                   /* NULL until the first pass makes it */
	int64_t frames;            /* recorded, from the pass's first frame */
	int64_t end;               /* the pass's end, as that pass found it */
	bool auto_end;
	/* the model (bounce_loud.c): per recorded frame the limiter's
	 * detector value at the first pass's master settings and the
	 * K-weighted power of its input (kweight.h), as two floats; NULL
	 * when it could not be kept (the searches then only replay) */
	FILE *model;
	char *buf[2];              /* stdio's buffers of f and model (glibc takes a size only with a buffer) */
	float qmax;                /* the largest detector value: the first pass's true peak if it did not limit */
	int lat;                   /* the first pass's latency, frames */
	int64_t out_frames;        /* the first pass's mix, frames */
};

/* What one pass did beyond the result. */
struct pass_out {
	double limiting;           /* the limiter's deepest gain reduction, dB (>= 0) */
	FILE *record;              /* in: a measuring replay keeps the mix it made here */
	bool one_thread;           /* in: a replay runs its master chain on the calling thread */
};

/* The file of a measuring replay that kept its mix in rec: written from
 * the record (the same frames, so the same bytes), its figures into r,
 * without running the master chain again. 0, or -1 with a message. */
int write_record(const struct project *p, const struct bounce_opts *o, const char *path, FILE *rec,
		 struct bounce_result *r, char *err, size_t errlen);

/* One pass of p to path (NULL: measure only) into r (figures of the
 * mix; warnings from the stems when it read them). cap NULL: a plain
 * render, stems and all; cap with no file yet: a render that also
 * records the master's input into cap (no --stems); else a replay of
 * cap through p's master chain alone, bit-identical to a render with
 * those master settings. A replay with no file measures the loudness
 * only (the true peak reads -inf). 0, or -1 with a message. po may be
 * NULL. */
int render_pass(const struct project *p, const struct bounce_opts *o, const char *path, struct capture *cap,
		struct bounce_result *r, struct pass_out *po, char *err, size_t errlen);

/* bounce_loud.c */
int bounce_normalize(const struct project *p, const struct bounce_opts *o, const char *target,
		     struct bounce_result *r, char *err, size_t errlen);
int bounce_deliver(const struct project *p, const struct bounce_opts *o, struct bounce_result *r, char *err,
		   size_t errlen);
#endif
