/* bounce_sink.h — the output side of a bounce (bounce.c only). */
#ifndef TMIX_BOUNCE_SINK_H
#define TMIX_BOUNCE_SINK_H
#include "bounce.h"
#include "dsp/dither.h"
#include "dsp/truepeak.h"
#include "kweight.h"
#include "loudness.h"
#include <sndfile.h>
#include <stdio.h>

struct sink {
	enum bounce_format fmt;
	const char *path;
	char *tmp;
	SNDFILE *sf;
	struct dither dither;
	struct loudness *loud;
	/* in loud's place (NULL then): tmix's own K-weighted gating
	 * (kweight.h), for a loudness search's passes (sink_kweight) */
	struct kgate *kg;
	struct kweight kw;
	struct truepeak tp;
	float peak;
	unsigned long clips;
	long long frames;
	int failed;        /* errno of the first failed write, else 0 */
	bool skip_tp;      /* measure no true peak (a pass that only wants the loudness) */
	FILE *record;      /* also keep every frame written, interleaved float (a search's pass) */
	char why[256];     /* and what it means, for the message */
};

/* path NULL: measure only. */
int sink_open(struct sink *k, const char *path, enum bounce_format fmt, double rate, char *err, size_t errlen);
/* The integrated loudness gated by kweight.h (kg) instead of libebur128
 * (loud, then NULL), and no loudness range: for a loudness search's
 * passes. Right after sink_open. */
void sink_kweight(struct sink *k, double rate);
int sink_write(struct sink *k, const float *l, const float *r, int n);
/* Cuts the file back to its first frames frames (a stem that ran on
 * past the mix); the statistics keep what was written. */
int sink_truncate(struct sink *k, long long frames);
/* Why writing failed ("No space left on device"), or "" before a failure. */
const char *sink_error(const struct sink *k);
/* Temporary files and folders a bounce left when it was killed: in dir,
 * the entries named PREFIX + 6 characters (PATH.tmp-XXXXXX of a sink,
 * .DIR.tmix-XXXXXX of a stems set) that are ours (owner, kind), older
 * than a few seconds and not locked by a live writer (every writer holds
 * flock on its temp while it is one). Removed, and one line per entry
 * added to notes. Returns how many. */
int sink_sweep(const char *dir, const char *prefix, bool folders, char *notes, size_t n);
/* The flock a live writer holds on a temp file or folder (fd open on it). */
void sink_hold(int fd);
/* keep: rename the finished file over the target; else remove it. */
int sink_close(struct sink *k, bool keep, char *err, size_t errlen);
#endif
