/* bounce.c — the offline render loop (bounce.h): sources → graph → sink
 * (and the --stems set, bounce_stems.c), with the limiter's latency
 * compensated in the mix and the master's stem alike, the effect tails
 * followed until they fall below -90 dBFS, and --normalize by measuring
 * and re-rendering. */
#include "atomic.h"
#include "bounce.h"
#include "bounce_sink.h"
#include "bounce_stems.h"
#include "source.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

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
};

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

/* Renders one pass into k; returns 0, -1 on error, 1 when cancelled.
 * Without stems or a block callback (which read every strip's output
 * after the block) the next block's tracks are computed while this
 * block's master chain runs and its audio is encoded. */
static int run_pass(struct pass *ps, struct sink *k, struct stems *st, char *err, size_t errlen)
{
	const struct bounce_opts *o = ps->o;
	struct graph *g = ps->g;
	int lat = graph_latency(g);
	bool ahead = !st->n && !o->block;
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
		if (ahead)
			graph_process_ahead(g, f, n, f + n, block_len(ps, f + n, lat), l, r);
		else
			graph_process(g, f, l, r, n);
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
			if (tail)
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

static int render(const struct project *p, const struct bounce_opts *o, const char *path, struct bounce_result *r,
		  char *err, size_t errlen)
{
	struct pass ps;
	struct sink k;
	struct stems st = {0};
	int rc;

	if (open_pass(&ps, p, o, err, errlen)) {
		close_sources(&ps);
		return -1;
	}
	if (path)
		sweep_beside(path, r);
	if (sink_open(&k, path, o->format, ps.rate, err, errlen)) {
		close_sources(&ps);
		return -1;
	}
	stems_open(&st, p, o, ps.rate, r->notes, sizeof r->notes, err, errlen);
	rc = run_pass(&ps, &k, &st, err, errlen);
	/* the tracks ran ahead of the mix by the look-ahead, and past the
	 * quiet end of the tail the mix left out: every file of one bounce
	 * is the mix's length */
	for (int i = 0; rc == 0 && i < st.n; i++)
		sink_truncate(&st.k[i], k.frames);
	r->seconds = (double)k.frames / ps.rate;
	r->peak_db = k.peak > 0 ? 20 * log10(k.peak) : -INFINITY;
	r->clips = k.clips;
	r->lufs = loudness_integrated(k.loud);
	r->lra = loudness_range(k.loud);
	r->true_peak_db = truepeak_max(&k.tp) > 0 ? 20 * log10(truepeak_max(&k.tp)) : -INFINITY;
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
	collect_warnings(&ps, r);
	close_sources(&ps);
	if (rc == 1)
		snprintf(err, errlen, "cancelled");
	return rc ? -1 : 0;
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

int bounce_check_outputs(const struct project *p, const struct bounce_opts *o, char *err, size_t errlen)
{
	char *own;
	int rc = refuse(p, output_of(p, o, &own), err, errlen);

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

static void add_warning(struct bounce_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_warning(struct bounce_result *r, const char *fmt, ...)
{
	size_t used = strlen(r->warnings);
	va_list ap;
	va_start(ap, fmt);
	if (used + 1 < sizeof r->warnings)
		vsnprintf(r->warnings + used, sizeof r->warnings - used, fmt, ap);
	va_end(ap);
}

/* --normalize: the master's gain (before the limiter) moved until the
 * mix measures the target. Loudness follows gain dB for dB until the
 * limiter or a compressor bites; past that each dB buys less, so after
 * the first step each step is scaled by the slope the last two passes
 * measured. The file is rendered at the gain that came closest; when
 * that is not within NORM_OK of the target, a warning says by how much
 * and why. */
#define NORM_PASSES 8
#define NORM_CLOSE 0.03        /* LU: close enough to stop measuring */
#define NORM_OK 0.1            /* LU: what the file must land within */
#define NORM_MAX_GAIN 24.0     /* dB: the master's gain range */

static int normalize(const struct project *p, const struct bounce_opts *o, const char *target,
		     struct bounce_result *r, char *err, size_t errlen)
{
	struct project *q = project_clone(p);
	struct bounce_opts m = *o;
	struct strip *master = project_master(q);
	double base = master->v[P_GAIN], best = base, best_miss = INFINITY;
	double prev_g = NAN, prev_l = NAN;
	int rc = 0, passes = 0;

	m.stems_dir = NULL;
	m.progress = NULL;
	m.block = NULL;
	while (passes < NORM_PASSES) {
		double g = master->v[P_GAIN], miss, step;
		rc = render(q, &m, NULL, r, err, errlen);
		passes++;
		if (rc || !isfinite(r->lufs))
			break;
		miss = o->lufs - r->lufs;
		if (fabs(miss) < fabs(best_miss)) {
			best_miss = miss;
			best = g;
		}
		if (fabs(miss) < NORM_CLOSE)
			break;
		step = miss;
		if (isfinite(prev_l) && g != prev_g) {
			/* LU per dB; never below 0.05 so one step stays finite */
			double slope = (r->lufs - prev_l) / (g - prev_g);
			step = miss / (slope > 0.05 ? slope : 0.05);
		}
		if (step > 12)
			step = 12;
		if (step < -12)
			step = -12;
		prev_g = g;
		prev_l = r->lufs;
		master->v[P_GAIN] = g + step > NORM_MAX_GAIN ? NORM_MAX_GAIN : g + step;
		if (master->v[P_GAIN] == g)
			break; /* at the top of the gain range: it can go no louder */
	}
	master->v[P_GAIN] = best;
	if (rc == 0) {
		rc = render(q, o, target, r, err, errlen);
		passes++;
	}
	r->gain_change = best - base;
	r->passes = passes;
	if (rc == 0 && isfinite(r->lufs) && fabs(r->lufs - o->lufs) > NORM_OK) {
		const struct strip *mm = project_master(p);
		char why[160];
		if (r->lufs < o->lufs && best >= NORM_MAX_GAIN && mm->mode[P_LIMITER] != PM_OFF)
			snprintf(why, sizeof why, "the master's gain is at its +%.0f dB top, into the limiter's %.1f dBTP ceiling",
				 NORM_MAX_GAIN, mm->v[P_LIMITER]);
		else if (r->lufs < o->lufs && best >= NORM_MAX_GAIN)
			snprintf(why, sizeof why, "the master's gain is at its +%.0f dB top", NORM_MAX_GAIN);
		else if (r->lufs < o->lufs && mm->mode[P_LIMITER] != PM_OFF)
			snprintf(why, sizeof why, "the limiter's %.1f dBTP ceiling holds the mix down", mm->v[P_LIMITER]);
		else
			snprintf(why, sizeof why, "the master's dynamics do not follow its gain");
		add_warning(r, "--normalize %.1f: the mix reaches %.1f LUFS, %.1f LU %s: %s (master %+.1f dB)\n", o->lufs,
			    r->lufs, fabs(r->lufs - o->lufs), r->lufs < o->lufs ? "short" : "over", why,
			    r->gain_change);
	}
	project_free(q);
	return rc;
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
	target = output_of(p, o, &path);
	if (target)
		snprintf(r->path, sizeof r->path, "%s", target);
	if (o->normalize)
		rc = normalize(p, o, target, r, err, errlen);
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
