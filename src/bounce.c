/* bounce.c — the offline render loop (bounce.h): sources → graph → sink
 * (and the --stems set, bounce_stems.c), with the limiter's latency
 * compensated in the mix and the master's stem alike, the effect tails
 * followed until they fall below -90 dBFS, and --normalize by measuring
 * and re-rendering. */
#include "atomic.h"
#include "bounce.h"
#include "bounce_internal.h"
#include "bounce_sink.h"
#include "bounce_stems.h"
#include "kweight.h"
#include "source.h"
#include "tmix.h"
#include "units.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 1024
#define TAIL_MAX_S 10.0
#define TAIL_QUIET_S 4.5       /* longer than the longest delay repeat gap */
#define TAIL_FLOOR 3.1623e-5f  /* -90 dBFS */

struct pass {
	const struct project *p;
	const struct bounce_opts *o;
	double rate;
	struct graph *g;
	struct source **src;
	int64_t from, end;         /* timeline frames; end < 0 until known */
	bool auto_end;
	float *tail[2];            /* held back until we know where the tail ends */
	int64_t ntail, tail_loud;
	/* --normalize and --deliver: the first pass records the master's
	 * input (cap, capturing); the passes after it replay only the master
	 * chain from that record (replay), with no stems open */
	struct capture *cap;
	bool replay;
	int64_t cap_loud;          /* capturing: the end of the last block the sum was audible in */
	off_t cap_off;             /* replaying: where the next block is in the record */
	float tap[2][BLOCK];
	float ltap[3][BLOCK];      /* capturing: the limiter's input and detector */
	struct kweight kw;         /* capturing: the K-weighting of the limiter's input */
};

/* How quiet the master's input must stay before a capture stops
 * following the tail: -90 dBFS (TAIL_FLOOR) under the largest gain a
 * pass may add (NORM_MAX_GAIN), with margin. */
#define CAPTURE_FLOOR 1e-7f    /* -140 dBFS */
/* Written a megabyte at a time, not a block (4 KB, a write() each). */
#define CAPTURE_BUF (1 << 20)

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void close_sources(struct pass *ps)
{
	graph_free(ps->g); /* first: its worker may still be reading a stem */
	for (int i = 0; ps->src && i < ps->p->ntracks; i++)
		source_close(ps->src[i]);
	free(ps->src);
	free(ps->tail[0]);
	free(ps->tail[1]);
}

/* What went wrong inside the stems, said once per stem after the pass. */
static void collect_warnings(const struct pass *ps, struct bounce_result *r)
{
	size_t used = 0;
	r->warnings[0] = 0;
	for (int i = 0; ps->src && i < ps->p->ntracks && used + 1 < sizeof r->warnings; i++) {
		const struct strip *s = ps->p->strips[i];
		unsigned long long bad;
		const char *w;
		if (!ps->src[i])
			continue;
		bad = (unsigned long long)source_bad_samples(ps->src[i]);
		w = source_warning(ps->src[i]);
		if (bad)
			used += (size_t)snprintf(r->warnings + used, sizeof r->warnings - used,
						 "stem '%s' of track \"%s\": %llu sample%s NaN or infinite, played as silence\n",
						 s->file, s->name, bad, bad == 1 ? " was" : "s were");
		if (w && used + 1 < sizeof r->warnings)
			used += (size_t)snprintf(r->warnings + used, sizeof r->warnings - used,
						 "stem '%s' of track \"%s\": %s\n", s->file, s->name, w);
	}
}

static void read_stem(void *ctx, int track, int64_t frame, float *const in[2], int n)
{
	struct pass *ps = ctx;
	source_read(ps->src[track], frame, in, n);
}

static int open_pass(struct pass *ps, const struct project *p, const struct bounce_opts *o, char *err, size_t errlen)
{
	int64_t stems_end = 0;

	memset(ps, 0, sizeof *ps);
	ps->p = p;
	ps->o = o;
	ps->rate = project_rate(p);
	ps->g = graph_new(p, ps->rate, err, errlen);
	if (!ps->g)
		return -1;
	graph_set_threads(ps->g, o->threads ? o->threads : 2);
	graph_set_meters(ps->g, false); /* nothing here reads peak/RMS meters */
	ps->src = xcalloc((size_t)p->ntracks + 1, sizeof *ps->src);
	for (int i = 0; i < p->ntracks; i++) {
		const struct strip *s = p->strips[i];
		ps->src[i] = source_open(s->path ? s->path : s->file, ps->rate, s->v[P_START], err, errlen);
		if (!ps->src[i])
			return -1;
		if (source_end(ps->src[i]) > stems_end)
			stems_end = source_end(ps->src[i]);
	}
	graph_set_reader(ps->g, read_stem, ps);
	ps->from = llround(o->from * ps->rate);
	ps->auto_end = o->to < 0;
	ps->end = ps->auto_end ? stems_end : llround(o->to * ps->rate);
	if (ps->end <= ps->from && !ps->auto_end) {
		snprintf(err, errlen, "--to must come after --from");
		return -1;
	}
	if (ps->auto_end) {
		size_t n = (size_t)(TAIL_MAX_S * ps->rate) + BLOCK;
		ps->tail[0] = xmalloc(n * sizeof(float));
		ps->tail[1] = xmalloc(n * sizeof(float));
	}
	return 0;
}

/* Frames in the block that starts at f, 0 past the end. */
static int block_len(const struct pass *ps, int64_t f, int lat)
{
	int64_t n = BLOCK;
	if (!ps->auto_end && f + n > ps->end + lat)
		n = ps->end + lat - f;
	return n > 0 ? (int)n : 0;
}

/* Past the stems: keeps the tail until it has been quiet long enough.
 * Returns 1 when the tail is over, -1 when writing failed. */
static int follow_tail(struct pass *ps, struct sink *k, const float *l, const float *r, int64_t out_frame, int n,
		       int64_t *quiet_since)
{
	int head = out_frame < ps->end ? (int)(ps->end - out_frame) : 0;
	if (head && sink_write(k, l, r, head))
		return -1;
	for (int i = head; i < n; i++) {
		float a = fabsf(l[i]) > fabsf(r[i]) ? fabsf(l[i]) : fabsf(r[i]);
		ps->tail[0][ps->ntail] = l[i];
		ps->tail[1][ps->ntail] = r[i];
		ps->ntail++;
		if (a > TAIL_FLOOR || a != a) {
			ps->tail_loud = ps->ntail;
			*quiet_since = -1;
		} else if (*quiet_since < 0)
			*quiet_since = ps->ntail;
	}
	return (*quiet_since >= 0 && ps->ntail - *quiet_since > TAIL_QUIET_S * ps->rate) ||
	       ps->ntail >= (int64_t)(TAIL_MAX_S * ps->rate);
}

/* Written through stdio in one pass; read back with pread, so that
 * several replays (one per --deliver target, on threads of their own)
 * can read the one record at once. */
static int capture_io(struct pass *ps, int n, bool write)
{
	for (int c = 0; c < 2; c++) {
		size_t bytes = sizeof(float) * (size_t)n;
		if (write) {
			if (fwrite(ps->tap[c], sizeof(float), (size_t)n, ps->cap->f) != (size_t)n)
				return -1;
			continue;
		}
		for (size_t got = 0; got < bytes;) {
			ssize_t k = pread(fileno(ps->cap->f), (char *)ps->tap[c] + got, bytes - got, ps->cap_off);
			if (k <= 0) {
				if (k == 0)
					errno = EIO; /* shorter than it was written */
				if (k < 0 && errno == EINTR)
					continue;
				return -1;
			}
			got += (size_t)k;
			ps->cap_off += k;
		}
	}
	return 0;
}

/* The model's frames, interleaved: the limiter's detector, and the
 * K-weighted power of its input (both scale with the master's gain, by
 * it and by its square). */
static int model_write(struct pass *ps, int n)
{
	float iv[2 * BLOCK], e[BLOCK];
	float m = ps->cap->qmax;
	kweight_power(&ps->kw, ps->ltap[0], ps->ltap[1], e, n);
	for (int i = 0; i < n; i++) {
		iv[2 * i] = ps->ltap[2][i];
		iv[2 * i + 1] = e[i];
		if (ps->ltap[2][i] > m)
			m = ps->ltap[2][i];
	}
	ps->cap->qmax = m;
	return fwrite(iv, sizeof(float), 2 * (size_t)n, ps->cap->model) == 2 * (size_t)n ? 0 : -1;
}

/* Whether a capture holds all any replay of it can need: past the mix's
 * end, the sum quiet for as long as the tail is followed, or the tail's
 * longest. */
static bool capture_enough(const struct pass *ps, int64_t f, int lat)
{
	int64_t out = f - lat;
	if (!ps->auto_end || out < ps->end)
		return false;
	return f - ps->cap_loud > (int64_t)(TAIL_QUIET_S * ps->rate) + lat ||
	       out - ps->end >= (int64_t)(TAIL_MAX_S * ps->rate);
}

/* A replay's master chain runs on a thread of its own, a few blocks ahead
 * of the loop that measures and writes them (the loudness meter, the true
 * peak and the encoder cost about as much as the chain): the graph is
 * only ever touched by the feeder, the blocks come out in order, so the
 * output is the one the loop gave alone. Whichever side is faster sleeps
 * until the other has gone half the ring's way (FEED_WAKE blocks), not
 * after every block: a wake-up a block each way cost as much CPU as the
 * loudness meter. */
#define FEED_SLOTS 8
#define FEED_WAKE (FEED_SLOTS / 2)

struct feed_slot {
	int n, err;                /* n 0: the record is over; err: reading it failed */
	float l[BLOCK], r[BLOCK];
};

struct feeder {
	struct pass *ps;
	int lat;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t room, ready; /* the feeder waits for room, the loop for blocks ready */
	int head, count;
	bool stop, feeder_waits, loop_waits;
	struct feed_slot slot[FEED_SLOTS];
};

static void *feed_run(void *arg)
{
	struct feeder *fd = arg;
	struct pass *ps = fd->ps;
	int64_t f = ps->from;

	for (;;) {
		int n = block_len(ps, f, fd->lat);
		int64_t left = ps->cap->frames - (f - ps->from);
		struct feed_slot *s;
		if (left <= 0)
			n = 0;
		else if (n > left)
			n = (int)left;
		pthread_mutex_lock(&fd->mu);
		while (fd->count == FEED_SLOTS && !fd->stop) {
			fd->feeder_waits = true;
			pthread_cond_wait(&fd->room, &fd->mu);
		}
		fd->feeder_waits = false;
		if (fd->stop) {
			pthread_mutex_unlock(&fd->mu);
			break;
		}
		s = &fd->slot[(fd->head + fd->count) % FEED_SLOTS];
		pthread_mutex_unlock(&fd->mu);
		s->err = 0;
		if (n > 0 && capture_io(ps, n, false)) {
			s->err = errno ? errno : EIO;
			n = 0;
		} else if (n > 0)
			graph_process_master(ps->g, f, ps->tap[0], ps->tap[1], s->l, s->r, n);
		s->n = n;
		pthread_mutex_lock(&fd->mu);
		fd->count++;
		if (fd->loop_waits && (fd->count >= FEED_WAKE || n == 0))
			pthread_cond_signal(&fd->ready);
		pthread_mutex_unlock(&fd->mu);
		if (n == 0)
			break;
		f += n;
	}
	return NULL;
}

/* The next block into l and r: its length (0: over), or -1 with errno. */
static int feed_take(struct feeder *fd, float *l, float *r)
{
	struct feed_slot *s;
	int n, err;
	pthread_mutex_lock(&fd->mu);
	while (fd->count == 0) {
		fd->loop_waits = true;
		pthread_cond_wait(&fd->ready, &fd->mu);
	}
	fd->loop_waits = false;
	s = &fd->slot[fd->head];
	pthread_mutex_unlock(&fd->mu);
	n = s->n;
	err = s->err; /* the slot is the feeder's again once count-- is done */
	if (err)
		errno = err;
	memcpy(l, s->l, sizeof(float) * (size_t)n);
	memcpy(r, s->r, sizeof(float) * (size_t)n);
	pthread_mutex_lock(&fd->mu);
	if (n > 0) { /* the last slot stays: nothing comes after it */
		fd->head = (fd->head + 1) % FEED_SLOTS;
		fd->count--;
		if (fd->feeder_waits && fd->count <= FEED_SLOTS - FEED_WAKE)
			pthread_cond_signal(&fd->room);
	}
	pthread_mutex_unlock(&fd->mu);
	return err ? -1 : n;
}

static bool feed_start(struct feeder *fd, struct pass *ps, int lat)
{
	fd->ps = ps;
	fd->lat = lat;
	fd->head = fd->count = 0;
	fd->stop = fd->feeder_waits = fd->loop_waits = false;
	if (pthread_mutex_init(&fd->mu, NULL))
		return false;
	if (pthread_cond_init(&fd->room, NULL)) {
		pthread_mutex_destroy(&fd->mu);
		return false;
	}
	if (pthread_cond_init(&fd->ready, NULL)) {
		pthread_cond_destroy(&fd->room);
		pthread_mutex_destroy(&fd->mu);
		return false;
	}
	if (pthread_create(&fd->th, NULL, feed_run, fd)) {
		pthread_cond_destroy(&fd->ready);
		pthread_cond_destroy(&fd->room);
		pthread_mutex_destroy(&fd->mu);
		return false;
	}
	return true;
}

static void feed_stop(struct feeder *fd)
{
	pthread_mutex_lock(&fd->mu);
	fd->stop = true;
	pthread_cond_signal(&fd->room);
	pthread_mutex_unlock(&fd->mu);
	pthread_join(fd->th, NULL);
	pthread_cond_destroy(&fd->ready);
	pthread_cond_destroy(&fd->room);
	pthread_mutex_destroy(&fd->mu);
}

/* Renders one pass into k; returns 0, -1 on error, 1 when cancelled.
 * Without stems or a block callback (which read every strip's output
 * after the block) the next block's tracks are computed while this
 * block's master chain runs and its audio is encoded. */
static int run_pass(struct pass *ps, struct sink *k, struct stems *st, struct feeder *fd, char *err, size_t errlen)
{
	const struct bounce_opts *o = ps->o;
	struct graph *g = ps->g;
	int lat = graph_latency(g);
	bool ahead = !st->n && !o->block;
	bool capturing = ps->cap && !ps->replay, mix_done = false;
	float l[BLOCK], r[BLOCK];
	int64_t f = ps->from, quiet_since = -1;
	double last = 0;
	double total = (double)(ps->end - ps->from) / ps->rate;
	int n = block_len(ps, f, lat);

	for (; n > 0; f += n, n = block_len(ps, f, lat)) {
		int skip, len, tail;
		int64_t out_frame;
		if (o->cancel && atomic_load(o->cancel))
			return 1;
		if (fd) {
			n = feed_take(fd, l, r);
			if (n < 0)
				goto capture_failed;
			if (n == 0)
				break;
		} else if (ps->replay) {
			/* the record ends where its tail went quiet */
			int64_t left = ps->cap->frames - (f - ps->from);
			if (left <= 0)
				break;
			if (n > left)
				n = (int)left;
			if (capture_io(ps, n, false))
				goto capture_failed;
			graph_process_master(g, f, ps->tap[0], ps->tap[1], l, r, n);
		} else if (ahead)
			graph_process_ahead(g, f, n, f + n, block_len(ps, f + n, lat), l, r);
		else
			graph_process(g, f, l, r, n);
		if (capturing) {
			if (capture_io(ps, n, true))
				goto capture_failed;
			ps->cap->frames += n;
			if (ps->cap->model && model_write(ps, n)) {
				fclose(ps->cap->model); /* the searches do without it */
				ps->cap->model = NULL;
			}
			for (int i = 0; i < n; i++)
				if (fabsf(ps->tap[0][i]) > CAPTURE_FLOOR || fabsf(ps->tap[1][i]) > CAPTURE_FLOOR) {
					ps->cap_loud = f + n;
					break;
				}
			if (mix_done) {
				/* the mix at this gain is over; a louder one may ring on */
				if (capture_enough(ps, f + n, lat))
					break;
				continue;
			}
		}
		skip = (int)(f - ps->from < lat ? (lat - (f - ps->from) < n ? lat - (f - ps->from) : n) : 0);
		/* the master's output is the mix, late by the look-ahead like
		 * it; every other strip is on time */
		for (int i = 0; i < st->n; i++) {
			int from = i == st->master ? skip : 0;
			if (!st->k[i].failed && n > from)
				sink_write(&st->k[i], graph_strip_output(g, i, 0) + from, graph_strip_output(g, i, 1) + from,
					   n - from);
		}
		out_frame = f - lat + skip;
		len = n - skip;
		if (len <= 0)
			continue;
		if (o->block)
			o->block(o->ctx, g, out_frame, l + skip, r + skip, len);
		if (!ps->auto_end || out_frame + len <= ps->end) {
			if (sink_write(k, l + skip, r + skip, len))
				goto write_failed;
		} else {
			tail = follow_tail(ps, k, l + skip, r + skip, out_frame, len, &quiet_since);
			if (tail < 0)
				goto write_failed;
			if (tail && capturing && !capture_enough(ps, f + n, lat))
				mix_done = true;
			else if (tail)
				break;
		}
		if (o->progress && now() - last > 0.1) {
			last = now();
			o->progress(o->ctx, (double)(f + n - ps->from) / ps->rate, total);
		}
	}
	if (ps->ntail && sink_write(k, ps->tail[0], ps->tail[1], (int)ps->tail_loud))
		goto write_failed;
	return 0;
write_failed:
	snprintf(err, errlen, "cannot write '%s': %s", k->path ? k->path : "output", sink_error(k));
	return -1;
capture_failed:
	snprintf(err, errlen, "cannot %s the rendered tracks in a temporary file: %s", ps->replay ? "read" : "keep",
		 strerror(errno ? errno : EIO));
	return -1;
}

static char *default_out(const struct project *p)
{
	size_t n = strlen(p->path) + 8;
	char *out = xmalloc(n), *dot, *slash;
	snprintf(out, n, "%s", p->path);
	dot = strrchr(out, '.');
	slash = strrchr(out, '/');
	if (dot && (!slash || dot > slash))
		*dot = 0;
	strcat(out, ".wav");
	return out;
}

/* A killed bounce to the same file left PATH.tmp-XXXXXX beside it. */
static void sweep_beside(const char *path, struct bounce_result *r)
{
	const char *slash = strrchr(path, '/');
	char dir[4096], prefix[1024];
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	else
		snprintf(dir, sizeof dir, ".");
	snprintf(prefix, sizeof prefix, "%s.tmp-", slash ? slash + 1 : path);
	sink_sweep(dir, prefix, false, r->notes, sizeof r->notes);
}

/* Opens a pass that replays cap through the master chain of p's graph. */
static int open_replay(struct pass *ps, const struct project *p, const struct bounce_opts *o, struct capture *cap,
		       char *err, size_t errlen)
{
	memset(ps, 0, sizeof *ps);
	ps->p = p;
	ps->o = o;
	ps->rate = project_rate(p);
	ps->cap = cap;
	ps->replay = true;
	ps->g = graph_new(p, ps->rate, err, errlen);
	if (!ps->g)
		return -1;
	graph_set_meters(ps->g, false);
	ps->from = llround(o->from * ps->rate);
	ps->auto_end = cap->auto_end;
	ps->end = cap->end;
	if (ps->auto_end) {
		size_t n = (size_t)(TAIL_MAX_S * ps->rate) + BLOCK;
		ps->tail[0] = xmalloc(n * sizeof(float));
		ps->tail[1] = xmalloc(n * sizeof(float));
	}
	ps->cap_off = 0;
	return 0;
}

int render_pass(const struct project *p, const struct bounce_opts *o, const char *path, struct capture *cap,
		struct bounce_result *r, struct pass_out *po, char *err, size_t errlen)
{
	struct pass ps;
	struct sink k;
	struct stems st = {0};
	struct strip_meter sm;
	/* a master keyed by another strip needs that strip on every pass:
	 * the record of the master's input alone cannot replay it, so each
	 * pass renders whole (and keeps its mix as a replay would) */
	const struct strip *ms = project_master(p);
	bool whole = cap && (ms->key[0] >= 0 || ms->key[1] >= 0);
	bool replay = cap && cap->f && !whole;
	int rc;

	if (replay ? open_replay(&ps, p, o, cap, err, errlen) : open_pass(&ps, p, o, err, errlen)) {
		close_sources(&ps);
		return -1;
	}
	if (cap && !replay && !whole) {
		cap->f = tmpfile();
		if (!cap->f) {
			snprintf(err, errlen, "cannot make a temporary file for the rendered tracks: %s", strerror(errno));
			close_sources(&ps);
			return -1;
		}
		cap->buf[0] = xmalloc(CAPTURE_BUF);
		setvbuf(cap->f, cap->buf[0], _IOFBF, CAPTURE_BUF);
		cap->frames = 0;
		cap->end = ps.end;
		cap->auto_end = ps.auto_end;
		ps.cap = cap;
		graph_set_master_tap(ps.g, ps.tap[0], ps.tap[1]);
		cap->lat = graph_latency(ps.g);
		cap->model = tmpfile();
		cap->qmax = 0;
		if (cap->model) {
			cap->buf[1] = xmalloc(CAPTURE_BUF);
			setvbuf(cap->model, cap->buf[1], _IOFBF, CAPTURE_BUF);
			graph_set_limiter_tap(ps.g, ps.ltap[0], ps.ltap[1], ps.ltap[2]);
			kweight_init(&ps.kw, ps.rate);
		}
	}
	if (path)
		sweep_beside(path, r);
	if (sink_open(&k, path, o->format, ps.rate, err, errlen)) {
		close_sources(&ps);
		return -1;
	}
	/* a replay has only the mix (its caller leaves stems_dir out) */
	stems_open(&st, p, o, ps.rate, r->notes, sizeof r->notes, err, errlen);
	if (replay && !path)
		k.skip_tp = true; /* a search's measuring pass: the loudness is all it wants */
	/* the first pass's true peak is its limiter's largest detector value:
	 * the same interpolator over the same samples where the limiter did
	 * nothing, above the file's where it limited (the searches read it
	 * only when it did nothing) */
	bool tp_of_q = cap && !replay && !whole && cap->model;
	if (tp_of_q)
		k.skip_tp = true;
	/* every pass of a loudness search (the first, its replays, the
	 * file's) is gated by tmix's own K-weighting: libebur128's
	 * integrated figure (its histogram gating) for a fifth of its cost,
	 * and no range, which no search reports */
	if (cap)
		sink_kweight(&k, ps.rate);
	if ((replay || whole) && !path && po && po->record) {
		rewind(po->record);
		if (ftruncate(fileno(po->record), 0) == 0)
			k.record = po->record;
	}
	/* a --deliver whose other targets keep the CPUs busy gains nothing
	 * from a second thread here, and pays its wake-ups */
	if (replay && !o->block && !(po && po->one_thread)) {
		struct feeder *fd = xmalloc(sizeof *fd);
		bool threaded = feed_start(fd, &ps, graph_latency(ps.g));
		graph_set_ftz(); /* this thread's sums as the chain's thread had them */
		rc = run_pass(&ps, &k, &st, threaded ? fd : NULL, err, errlen);
		if (threaded)
			feed_stop(fd);
		free(fd);
	} else
		rc = run_pass(&ps, &k, &st, NULL, err, errlen);
	if (cap && cap->f && !replay && rc == 0 && fflush(cap->f)) {
		snprintf(err, errlen, "cannot keep the rendered tracks in a temporary file: %s", strerror(errno));
		rc = -1;
	}
	if (cap && cap->model && !replay)
		cap->out_frames = k.frames;
	if (cap && cap->model && !replay && fflush(cap->model)) {
		fclose(cap->model);
		cap->model = NULL;
	}
	/* the tracks ran ahead of the mix by the look-ahead, and past the
	 * quiet end of the tail the mix left out: every file of one bounce
	 * is the mix's length */
	for (int i = 0; rc == 0 && i < st.n; i++)
		sink_truncate(&st.k[i], k.frames);
	r->seconds = (double)k.frames / ps.rate;
	r->peak_db = k.peak > 0 ? 20 * log10(k.peak) : -INFINITY;
	r->clips = k.clips;
	r->lufs = k.kg ? kgate_integrated(k.kg) : loudness_integrated(k.loud);
	r->lra = k.kg ? 0 : loudness_range(k.loud);
	r->true_peak_db = truepeak_max(&k.tp) > 0 ? 20 * log10(truepeak_max(&k.tp)) : -INFINITY;
	if (tp_of_q)
		r->true_peak_db = cap->model && cap->qmax > 0 ? 20 * log10(cap->qmax) : -INFINITY;
	graph_take_meter(ps.g, graph_nstrips(ps.g) - 1, &sm);
	if (po)
		po->limiting = sm.gr[MGR_LIMITER] < 0 ? -sm.gr[MGR_LIMITER] : 0;
	if (k.failed && rc == 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, sink_error(&k));
		rc = -1;
	}
	if (sink_close(&k, rc == 0, err, errlen))
		rc = -1;
	{
		char why[512] = "";
		if (stems_close(&st, rc == 0, why, sizeof why) && rc == 0) {
			snprintf(err, errlen, "cannot write the stems into '%s'%s%s", o->stems_dir, *why ? ": " : "", why);
			rc = -1;
		}
	}
	if (!replay)
		collect_warnings(&ps, r);
	close_sources(&ps);
	if (rc == 1)
		snprintf(err, errlen, "cancelled");
	return rc ? -1 : 0;
}

int write_record(const struct project *p, const struct bounce_opts *o, const char *path, FILE *rec,
		 struct bounce_result *r, char *err, size_t errlen)
{
	double rate = project_rate(p);
	float buf[BLOCK][2], l[BLOCK], rr[BLOCK];
	struct sink k;
	size_t n;
	int rc = 0;

	sweep_beside(path, r);
	if (fflush(rec) || sink_open(&k, path, o->format, rate, err, errlen)) {
		if (!*err)
			snprintf(err, errlen, "cannot read the mix back: %s", strerror(errno));
		return -1;
	}
	sink_kweight(&k, rate); /* a search's file, measured as its replays were */
	rewind(rec);
	while (rc == 0 && (n = fread(buf, sizeof buf[0], BLOCK, rec)) > 0) {
		for (size_t i = 0; i < n; i++) {
			l[i] = buf[i][0];
			rr[i] = buf[i][1];
		}
		if (sink_write(&k, l, rr, (int)n)) {
			snprintf(err, errlen, "cannot write '%s': %s", path, sink_error(&k));
			rc = -1;
		}
	}
	if (rc == 0 && ferror(rec)) {
		snprintf(err, errlen, "cannot read the mix back from its temporary file");
		rc = -1;
	}
	r->seconds = (double)k.frames / rate;
	r->peak_db = k.peak > 0 ? 20 * log10(k.peak) : -INFINITY;
	r->clips = k.clips;
	r->lufs = kgate_integrated(k.kg);
	r->lra = 0;
	r->true_peak_db = truepeak_max(&k.tp) > 0 ? 20 * log10(truepeak_max(&k.tp)) : -INFINITY;
	if (sink_close(&k, rc == 0, err, errlen))
		rc = -1;
	return rc;
}

static int render(const struct project *p, const struct bounce_opts *o, const char *path, struct bounce_result *r,
		  char *err, size_t errlen)
{
	return render_pass(p, o, path, NULL, r, NULL, err, errlen);
}

/* The file the mix goes to, or NULL to only measure; *own is what to free. */
static const char *output_of(const struct project *p, const struct bounce_opts *o, char **own)
{
	*own = NULL;
	if (!o->out)
		return *own = default_out(p);
	return *o->out ? o->out : NULL;
}

/* What out is to the project, written into what; false when it is
 * nothing the project needs. */
static bool needed_as(const struct project *p, const char *out, char *what, size_t n)
{
	static const struct {
		const char *suffix, *what;
	} own[] = {{"", "the project file"}, {ATOMIC_BAK_SUFFIX, "the project's backup"},
		   {PROJECT_AUTOSAVE_SUFFIX, "the project's autosave"}, {PROJECT_LOCK_SUFFIX, "the project's lock file"}};

	for (size_t i = 0; p->path && i < ARRAY_LEN(own); i++) {
		size_t len = strlen(p->path) + strlen(own[i].suffix) + 1;
		char *path = xmalloc(len);
		bool same;
		snprintf(path, len, "%s%s", p->path, own[i].suffix);
		same = atomic_same_file(out, path);
		free(path);
		if (same) {
			snprintf(what, n, "%s", own[i].what);
			return true;
		}
	}
	for (int i = 0; i < p->ntracks; i++) {
		const struct strip *s = p->strips[i];
		if (atomic_same_file(out, s->path ? s->path : s->file)) {
			snprintf(what, n, "the stem of track \"%s\"", s->name);
			return true;
		}
	}
	for (int i = 0; i < p->nrefs; i++) {
		const struct reference *ref = &p->refs[i];
		if (atomic_same_file(out, ref->path ? ref->path : ref->file)) {
			snprintf(what, n, "the reference track \"%s\"", ref->name ? ref->name : ref->file);
			return true;
		}
	}
	return false;
}

/* The rename at the end of a bounce would replace the file with no
 * backup, and a project that loses its file or a stem is lost work. */
static int refuse(const struct project *p, const char *out, char *err, size_t errlen)
{
	char what[320];
	if (!needed_as(p, out, what, sizeof what))
		return 0;
	snprintf(err, errlen, "will not write over '%s': it is %s", out, what);
	return -1;
}

void bounce_deliver_path(const struct project *p, const struct bounce_opts *o, const char *name, char *buf,
			 size_t n)
{
	const char *pp = p->path ? p->path : "tmix.ini";
	const char *base = strrchr(pp, '/'), *dot;
	const char *ext = o->format == BOUNCE_FLAC ? "flac" : "wav";
	int stem;

	base = base ? base + 1 : pp;
	dot = strrchr(base, '.');
	stem = dot && dot > base ? (int)(dot - base) : (int)strlen(base);
	if (o->out && *o->out) {
		size_t len = strlen(o->out);
		snprintf(buf, n, "%s%s%.*s-%s.%s", o->out, o->out[len - 1] == '/' ? "" : "/", stem, base, name, ext);
	} else
		snprintf(buf, n, "%.*s%.*s-%s.%s", (int)(base - pp), pp, stem, base, name, ext);
}

/* --deliver writes several files: -o must name the folder for them. */
static int check_deliver(const struct project *p, const struct bounce_opts *o, char *err, size_t errlen)
{
	struct stat st;
	char path[4096];

	if (o->out && *o->out && !(stat(o->out, &st) == 0 && S_ISDIR(st.st_mode)) &&
	    o->out[strlen(o->out) - 1] != '/') {
		snprintf(err, errlen,
			 "--deliver writes one file per target (NAME-spotify.wav ...): -o must name a folder for them, "
			 "and '%s' is %s (name a folder, or end the name with '/' to make one)",
			 o->out, stat(o->out, &st) == 0 ? "a file" : "not a folder");
		return -1;
	}
	for (int i = 0; i < o->ndeliver; i++) {
		bounce_deliver_path(p, o, o->deliver[i].t.name, path, sizeof path);
		if (refuse(p, path, err, errlen))
			return -1;
	}
	return 0;
}

int bounce_check_outputs(const struct project *p, const struct bounce_opts *o, char *err, size_t errlen)
{
	char *own;
	int rc;

	if (o->ndeliver)
		return check_deliver(p, o, err, errlen);
	rc = refuse(p, output_of(p, o, &own), err, errlen);

	if (o->stems_dir) {
		char **paths = stems_paths(p, o->stems_dir);
		for (int i = 0; i < p->nstrips; i++) {
			if (!rc)
				rc = refuse(p, paths[i], err, errlen);
			free(paths[i]);
		}
		free(paths);
	}
	free(own);
	return rc;
}

int bounce_format_of(const char *path, enum bounce_format *fmt)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (!dot || (slash && dot < slash))
		return -1;
	if (!strcasecmp(dot, ".wav"))
		*fmt = BOUNCE_WAV24;
	else if (!strcasecmp(dot, ".flac"))
		*fmt = BOUNCE_FLAC;
	else
		return -1;
	return 0;
}

/* Files this process has open now (Linux: /proc/self/fd), else a guess. */
static long open_now(void)
{
	DIR *d = opendir("/proc/self/fd");
	long n = -3; /* ".", ".." and the listing's own */
	if (!d)
		return 8;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* Every stem stays open through the render, and every --stems file: a
 * project past the open-file limit would fail part-way through, in
 * whichever stem happened to be the one too many. Said before starting,
 * after raising the soft limit as far as the hard one allows. */
static int check_open_files(const struct project *p, const struct bounce_opts *o, char *err, size_t errlen)
{
	struct rlimit rl;
	long long need = open_now() + p->ntracks + (o->stems_dir ? p->nstrips + 2 : 0) + 2 + 16;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY || (long long)rl.rlim_cur >= need)
		return 0;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > rl.rlim_cur) {
		struct rlimit up = rl;
		up.rlim_cur = rl.rlim_max == RLIM_INFINITY ? (rlim_t)need : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &up) == 0 && (long long)up.rlim_cur >= need)
			return 0;
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	snprintf(err, errlen,
		 "too many files for the open-file limit: %d track%s%s need about %lld files open at once, and the "
		 "limit is %llu (hard limit %llu); raise it (ulimit -n %lld) and bounce again",
		 p->ntracks, p->ntracks == 1 ? "" : "s", o->stems_dir ? " and their --stems files" : "", need,
		 (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max, need);
	return -1;
}

int bounce_render(const struct project *p, const struct bounce_opts *o, struct bounce_result *r, char *err,
		  size_t errlen)
{
	char *path;
	const char *target;
	int rc;
	double t0 = now();

	memset(r, 0, sizeof *r);
	if (bounce_check_outputs(p, o, err, errlen))
		return BOUNCE_REFUSED;
	if (check_open_files(p, o, err, errlen))
		return -1;
	if (o->ndeliver) {
		if (o->out && *o->out && mkdir(o->out, 0777) && errno != EEXIST) {
			snprintf(err, errlen, "cannot make the folder '%s': %s", o->out, strerror(errno));
			return -1;
		}
		for (int i = 0; i < o->ndeliver; i++)
			bounce_deliver_path(p, o, o->deliver[i].t.name, o->deliver[i].path, sizeof o->deliver[i].path);
		rc = bounce_deliver(p, o, r, err, errlen);
		r->speed = r->seconds / (now() - t0 + 1e-9);
		return rc;
	}
	target = output_of(p, o, &path);
	if (target)
		snprintf(r->path, sizeof r->path, "%s", target);
	if (o->normalize)
		rc = bounce_normalize(p, o, target, r, err, errlen);
	else {
		rc = render(p, o, target, r, err, errlen);
		r->passes = 1;
	}
	/* what the person waited for, every pass of --normalize included */
	r->speed = r->seconds / (now() - t0 + 1e-9);
	if (target)
		snprintf(r->path, sizeof r->path, "%s", target);
	free(path);
	return rc;
}
