/* graph.c — rendering one block through every strip, bus and the master
 * (graph.h). Runs on the audio thread when live: no allocation, no locks,
 * no I/O. Order: tracks, then buses sources-before-sinks, then the master;
 * each strip adds its output into its destination's input buffer. */
#include "graph_internal.h"
#include "strip_insert.h"
#include "tmix.h"
#include <math.h>
#include <string.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#define SUB GRAPH_SUB

/* dst += gain * src, the gain ramping from g0 toward g1 across n frames.
 * In float and without aliasing (a strip never adds into itself), so it
 * vectorises; the constant case is the common one. */
DSP_HOT static void add_into(float *restrict dst, const float *restrict src, int n, float g0, float g1)
{
	if (g0 == g1) {
		DSP_SIMD
		for (int i = 0; i < n; i++)
			dst[i] += g0 * src[i];
		return;
	}
	float step = (g1 - g0) / (float)n;
	DSP_SIMD
	for (int i = 0; i < n; i++)
		dst[i] += (g0 + step * (float)i) * src[i];
}

/* Each send adds its source as set for this block (x->src: the strip's
 * pre or post tap, delayed where compensation asks). */
static void run_sends(struct graph *g, struct gstrip *s, bool pre, int off, int m, double t1, bool muted)
{
	for (int j = 0; j < s->nsends; j++) {
		struct gsend *x = &s->sends[j];
		struct gstrip *bus = &g->s[x->bus];
		double db = x->rec.on ? graph_rec_value(s, GRAPH_REC_SEND, x, t1) : x->lane.n ? lane_value(&x->lane, t1)
			: x->level_db, from = x->cur;
		if (x->pre != pre)
			continue;
		if (db != x->lin_of) {
			x->lin_of = db;
			x->lin = db_to_lin(db);
		}
		x->target = muted ? 0.0 : x->lin;
		x->cur += (x->target - x->cur) * g->send_k;
		if (fabs(x->cur - x->target) < 1e-6)
			x->cur = x->target;
		if (from == 0 && x->cur == 0)
			continue;
		for (int c = 0; c < 2; c++)
			add_into(bus->buf[c] + off, x->src[c] + off, m, (float)from, (float)x->cur);
	}
}

static inline __attribute__((always_inline)) bool block_bad(float *const ch[], int nch, int n)
{
	for (int c = 0; c < nch; c++)
		if (dsp_block_bad(ch[c], n))
			return true;
	return false;
}

static void strip_reset_units(struct gstrip *s)
{
	for (int k = 0; k < s->nchain; k++)
		s->chain[k].d->reset(s->chain[k].u);
}

static inline __attribute__((always_inline)) float peak_of(float *const ch[], int nch, int n, float peak)
{
	for (int c = 0; c < nch; c++)
		peak = dsp_absmax(ch[c], n, peak);
	return peak;
}

/* The pre-fader tap of a key strip in the block being mixed: a track
 * computed ahead has swapped this block's tap into its spare. */
static const float *const *key_tap(const struct graph *g, int k)
{
	const struct gstrip *s = &g->s[k];
	return (const float *const *)(g->spares && k < g->ntracks && !s->late ? s->spare_pre : s->pre);
}

/* An insert's process over a block, its lanes' values set where they
 * change: on the timeline's GRAPH_SUB grid, the value at the grid point,
 * so the frames at which set() is called and what it gets do not depend
 * on the block size (live and bounce alike); a lane that holds still
 * costs one comparison per sub-block and no split. */
static void insert_run(const struct graph *g, struct ginsert *x, float *const ch[], int nch, int n, int64_t frame,
		       const float *const key[])
{
	int start = 0;
	if (!x->nactive) {
		x->d->process(x->u, ch, nch, n, key);
		return;
	}
	for (int off = 0; off < n;) {
		int64_t f = frame + off, grid = f - ((f % SUB) + SUB) % SUB;
		double t = (double)grid / g->rate;
		bool moved = false;
		for (int k = 0; k < x->nlanes; k++) {
			struct ginsert_lane *l = &x->lanes[k];
			const struct unit_param *p = &x->d->params[l->param];
			double v;
			if (!l->lane.n)
				continue;
			v = insert_lane_value(p, &l->lane, t);
			v = v < p->min ? p->min : v > p->max ? p->max : v;
			if (v == l->sent)
				continue;
			if (!moved && off > start) { /* what came before plays with the old values */
				float *part[2] = {ch[0] + start, ch[nch - 1] + start};
				const float *kp[2] = {key ? key[0] + start : NULL, key && key[1] ? key[1] + start : NULL};
				x->d->process(x->u, part, nch, off - start, key ? kp : NULL);
				start = off;
			}
			moved = true;
			x->d->set(x->u, l->param, v);
			l->sent = v;
		}
		off += (int)(grid + SUB - f);
	}
	if (n > start) {
		float *part[2] = {ch[0] + start, ch[nch - 1] + start};
		const float *kp[2] = {key ? key[0] + start : NULL, key && key[1] ? key[1] + start : NULL};
		x->d->process(x->u, part, nch, n - start, key ? kp : NULL);
	}
}

/* Units k0..k1 of the strip's chain, in place on its buffer: an
 * effect bus's effect before the trim, then the gate, EQ, compressor and
 * the inserts after it. Each unit's reduction shows on the meter of its
 * output's kind (the deepest of the block). */
static void run_chain(struct graph *g, struct gstrip *s, int k0, int k1, int n, int64_t frame)
{
	float *const *ch = s->buf;
	int nch = s->nch;
	double gr;
	for (int k = k0; k < k1; k++) {
		struct ginsert *x = &s->chain[k];
		float target = x->bypass ? 0.0f : 1.0f;
		const float *late[2] = {ch[0], ch[1]};
		const float *keyed[2] = {NULL, NULL};
		int key = x->key >= 0 ? s->key[x->key] : -1;
		/* a plugin with latency: its dry path (bypassed, or the
		 * crossfade's) waits as long, fed always, so bypass moves nothing */
		if (x->latency)
			pdc_line_process(&x->bypass_line, (const float *const *)ch, nch, n, late);
		if (x->mix == target && x->bypass) {
			for (int c = 0; x->latency && c < nch; c++)
				memcpy(ch[c], late[c], sizeof(float) * (size_t)n);
			continue;
		}
		if (x->mix != target) /* a bypass switched: crossfade over this block, no click */
			for (int c = 0; c < nch; c++)
				memcpy(x->dry[c], late[c], sizeof(float) * (size_t)n);
		if (key >= 0) {
			const float *const *tap = key_tap(g, key);
			keyed[0] = tap[0];
			keyed[1] = g->s[key].nch > 1 ? tap[1] : NULL;
		}
		insert_run(g, x, ch, nch, n, frame, key >= 0 ? keyed : NULL);
		/* a parameter moved its latency (a look-ahead set longer): the
		 * compensation was made for the old one; say so, the control
		 * thread rebuilds (graph_latency_moved) */
		if (x->d->latency && x->d->latency(x->u) != x->latency)
			atomic_store_explicit(&g->latency_moved, true, memory_order_relaxed);
		if (x->gr >= 0 && (gr = x->d->output(x->u, x->gr)) < s->gr[x->grk])
			s->gr[x->grk] = (float)gr;
		if (x->mix != target) {
			float from = x->mix, step = (target - from) / (float)n;
			for (int c = 0; c < nch; c++)
				for (int j = 0; j < n; j++)
					ch[c][j] = x->dry[c][j] + (from + step * (float)(j + 1)) * (ch[c][j] - x->dry[c][j]);
			x->mix = target;
		}
	}
}

/* Everything a strip does to its own audio, from input to `out`. Touches
 * no other strip but its keys' taps (computed before it: order_buses),
 * so unkeyed tracks may be computed on several threads. */
DSP_HOT void graph_strip_compute(struct graph *g, int i, int64_t frame, int n)
{
	struct gstrip *s = &g->s[i];
	float *const *ch = s->buf;
	int nch = s->nch;

	/* before anything, the effect too: an fx bus is staged by its send sum */
	s->in_peak = peak_of(ch, nch, n, s->in_peak);
	run_chain(g, s, 0, s->nfx, n, frame);
	gain_process(&s->trim, ch, nch, n);
	run_chain(g, s, s->nfx, s->nchain, n, frame);
	if (s->any_pre || s->is_key)
		for (int c = 0; c < nch; c++)
			memcpy(s->pre[c], ch[c], sizeof(float) * (size_t)n);

	for (int off = 0, k = 0; off < n; off += SUB, k++) {
		int m = n - off < SUB ? n - off : SUB;
		double t0 = (double)(frame + off) / g->rate, t1 = (double)(frame + off + m) / g->rate;
		bool muted = s->v[P_MUTE] != 0 || !s->audible ||
			((s->lane_mute.n || s->rec[GREC_MUTE].on) && graph_rec_muted(s, t0));
		float *sub[2] = {ch[0] + off, ch[1] + off};
		const float *psub[2] = {sub[0], sub[1]};
		double fk = 1.0;

		s->sub_muted[k] = muted;
		if (muted != s->muted) {
			gain_set_mute(&s->fader, muted);
			s->muted = muted;
		}
		if (s->lane_gain.n || s->rec_mode) /* recordable: always this path, live and bounced alike */
			gain_process_ramp(&s->fader, sub, nch, m, graph_rec_value(s, P_GAIN, NULL, t0),
					  graph_rec_value(s, P_GAIN, NULL, t1));
		else if (!gain_fold(&s->fader, &fk))
			gain_process(&s->fader, sub, nch, m);
		if (s->lane_pan.n || s->lane_width.n || s->rec_mode)
			pan_set(&s->pan, graph_rec_value(s, P_PAN, NULL, t0), graph_rec_value(s, P_WIDTH, NULL, t0),
				g->panlaw);
		/* a steady fader rides on the pan's multiply */
		pan_process_gain(&s->pan, psub, nch, s->out[0] + off, s->out[1] + off, m, fk);
	}
	if (block_bad(s->out, 2, n) || ((s->any_pre || s->is_key) && block_bad(s->pre, nch, n))) {
		memset(s->out[0], 0, sizeof(float) * (size_t)n);
		memset(s->out[1], 0, sizeof(float) * (size_t)n);
		memset(s->pre[0], 0, sizeof(float) * (size_t)n);
		memset(s->pre[1], 0, sizeof(float) * (size_t)n);
		strip_reset_units(s);
		s->nan_resets++;
	}
	if (i != g->master && g->meters)
		meter_process(&s->meter, (const float *const *)s->out, 2, n);
}

/* Where a computed strip's block is: its own outputs, or in
 * graph_process_ahead the set it computed before swapping. */
struct routed {
	float *out[2], *pre[2];
	const bool *sub_muted;
};

static struct routed own_outputs(const struct gstrip *s)
{
	return (struct routed){{s->out[0], s->out[1]}, {s->pre[0], s->pre[1]}, s->sub_muted};
}

/* Adds a computed strip into its sends and its output. Always run in
 * strip order on one thread, so every sum is made in the same order
 * and a bounce is bit-identical whatever the thread count. Reads of the
 * strip only what its compute step does not write (r, sends, wiring):
 * a track may be computing its next block meanwhile. */
static void strip_route(struct graph *g, int i, const struct routed *r, int64_t frame, int n)
{
	struct gstrip *s = &g->s[i];
	const float *out[2];
	/* delay compensation: each connection late by what aligns it at its
	 * destination (no copy where that is 0) */
	for (int j = 0; j < s->nsends; j++) {
		struct gsend *x = &s->sends[j];
		pdc_line_process(&x->line, (const float *const *)(x->pre ? r->pre : r->out), x->pre ? s->nch : 2, n,
				 x->src);
	}
	if (s->nsends)
		for (int off = 0, k = 0; off < n; off += SUB, k++) {
			int m = n - off < SUB ? n - off : SUB;
			double t1 = (double)(frame + off + m) / g->rate;
			if (s->any_pre)
				run_sends(g, s, true, off, m, t1, r->sub_muted[k]);
			run_sends(g, s, false, off, m, t1, r->sub_muted[k]);
		}
	pdc_line_process(&s->out_line, (const float *const *)r->out, 2, n, out);
	for (int c = 0; c < 2; c++)
		add_into(g->s[s->output].buf[c], out[c], n, 1.0f, 1.0f);
}

static void route_own(struct graph *g, int i, int64_t frame, int n)
{
	struct routed r = own_outputs(&g->s[i]);
	strip_route(g, i, &r, frame, n);
}

void graph_set_ftz(void)
{
	/* flush-to-zero and denormals-are-zero: a decaying reverb tail must
	 * not cost a hundred times more near silence */
#if defined(__SSE__)
	_mm_setcsr(_mm_getcsr() | 0x8040);
#elif defined(__aarch64__)
	/* FPCR.FZ (bit 24) flushes denormal inputs and results alike */
	uint64_t fpcr;
	__asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
	__asm__ volatile("msr fpcr, %0" : : "r"(fpcr | (1u << 24)));
#endif
}

static void clear_buses(struct graph *g, int n)
{
	for (int i = g->ntracks; i < g->nstrips; i++)
		for (int c = 0; c < 2; c++)
			memset(g->s[i].buf[c], 0, sizeof(float) * (size_t)n);
}

static void route_tracks(struct graph *g, int64_t frame, int n)
{
	for (int i = 0; i < g->ntracks; i++)
		if (!g->s[i].late)
			route_own(g, i, frame, n);
}

static void swap_ptr(float **a, float **b)
{
	float *t = *a;
	*a = *b;
	*b = t;
}

/* The sub-block mute record a track is not writing this block */
static bool *other_bank(struct gstrip *s)
{
	return s->sub_muted == s->sub_muted_bank[0] ? s->sub_muted_bank[1] : s->sub_muted_bank[0];
}

/* Hands each track a fresh set of outputs for the next block and keeps
 * the finished one, in the spares, for routing. Allocates on first use:
 * offline only. */
static void swap_track_outputs(struct graph *g)
{
	for (int i = 0; i < g->ntracks; i++) {
		struct gstrip *s = &g->s[i];
		if (s->late)
			continue;
		for (int c = 0; c < 2; c++) {
			if (!s->spare_out[c]) {
				s->spare_out[c] = xcalloc(GRAPH_MAX_BLOCK, sizeof(float));
				s->spare_pre[c] = xcalloc(GRAPH_MAX_BLOCK, sizeof(float));
			}
			swap_ptr(&s->out[c], &s->spare_out[c]);
			swap_ptr(&s->pre[c], &s->spare_pre[c]);
		}
		s->sub_muted = other_bank(s);
	}
}

static void route_spares(struct graph *g, int64_t frame, int n)
{
	for (int i = 0; i < g->ntracks; i++) {
		struct gstrip *s = &g->s[i];
		if (s->late)
			continue;
		struct routed r = {{s->spare_out[0], s->spare_out[1]},
				   {s->spare_pre[0], s->spare_pre[1]},
				   other_bank(s)};
		strip_route(g, i, &r, frame, n);
	}
}

/* The master strip and the limiter, once its input is summed. */
static void master_chain(struct graph *g, int64_t frame, float *out_l, float *out_r, int n)
{
	struct gstrip *m = &g->s[g->master];
	float *out[2] = {out_l, out_r};

	graph_strip_compute(g, g->master, frame, n);
	g->pre_limiter_peak = peak_of(m->out, 2, n, g->pre_limiter_peak);

	memcpy(out_l, m->out[0], sizeof(float) * (size_t)n);
	memcpy(out_r, m->out[1], sizeof(float) * (size_t)n);
	if (g->ltap[0]) {
		memcpy(g->ltap[0], out_l, sizeof(float) * (size_t)n);
		memcpy(g->ltap[1], out_r, sizeof(float) * (size_t)n);
	}
	limiter_process(&g->limiter, out, 2, n);
	{
		double gr = -limiter_gain_reduction_db(&g->limiter); /* it reports a positive reduction */
		if (gr < m->gr[MGR_LIMITER])
			m->gr[MGR_LIMITER] = (float)gr;
	}
	if (block_bad(out, 2, n)) {
		memset(out_l, 0, sizeof(float) * (size_t)n);
		memset(out_r, 0, sizeof(float) * (size_t)n);
		limiter_reset(&g->limiter);
		m->nan_resets++;
	}
	/* the master's meter shows what is heard: after the limiter */
	memcpy(m->out[0], out_l, sizeof(float) * (size_t)n);
	memcpy(m->out[1], out_r, sizeof(float) * (size_t)n);
	if (g->meters)
		meter_process(&m->meter, (const float *const *)out, 2, n);
}

/* Buses, the master strip and the limiter, once the tracks are routed. */
static void mix_down(struct graph *g, int64_t frame, float *out_l, float *out_r, int n)
{
	struct gstrip *m = &g->s[g->master];

	for (int k = 0; k < g->norder; k++) {
		int i = g->order[k];
		if (i < g->ntracks && g->reader) { /* a keyed track reads its stem here */
			struct gstrip *t = &g->s[i];
			float *const in[2] = {t->buf[0], t->buf[t->nch > 1 ? 1 : 0]};
			g->reader(g->reader_ctx, i, frame, in, n);
		}
		graph_strip_compute(g, i, frame, n);
		route_own(g, i, frame, n);
	}
	if (g->tap[0]) {
		memcpy(g->tap[0], m->buf[0], sizeof(float) * (size_t)n);
		memcpy(g->tap[1], m->buf[1], sizeof(float) * (size_t)n);
	}
	master_chain(g, frame, out_l, out_r, n);
}

void graph_process_master(struct graph *g, int64_t frame, const float *in_l, const float *in_r, float *out_l,
			  float *out_r, int n)
{
	struct gstrip *m = &g->s[g->master];

	graph_set_ftz();
	if (n > GRAPH_MAX_BLOCK)
		n = GRAPH_MAX_BLOCK;
	memcpy(m->buf[0], in_l, sizeof(float) * (size_t)n);
	memcpy(m->buf[1], in_r, sizeof(float) * (size_t)n);
	master_chain(g, frame, out_l, out_r, n);
}

void graph_set_master_tap(struct graph *g, float *l, float *r)
{
	g->tap[0] = l;
	g->tap[1] = r;
}

void graph_set_limiter_tap(struct graph *g, float *l, float *r, float *q)
{
	g->ltap[0] = q ? l : NULL;
	g->ltap[1] = q ? r : NULL;
	g->limiter.qtap = q;
}

void graph_process(struct graph *g, int64_t frame, float *out_l, float *out_r, int n)
{
	graph_set_ftz();
	if (n > GRAPH_MAX_BLOCK)
		n = GRAPH_MAX_BLOCK;
	clear_buses(g, n);
	graph_compute_tracks(g, frame, n);
	route_tracks(g, frame, n);
	mix_down(g, frame, out_l, out_r, n);
}

void graph_process_ahead(struct graph *g, int64_t frame, int n, int64_t next, int next_n, float *out_l,
			 float *out_r)
{
	graph_set_ftz();
	if (n > GRAPH_MAX_BLOCK)
		n = GRAPH_MAX_BLOCK;
	if (next_n > GRAPH_MAX_BLOCK)
		next_n = GRAPH_MAX_BLOCK;
	if (!g->started)
		graph_tracks_start(g, frame, n);
	graph_tracks_finish(g);
	/* the next block's tracks run beside this block's routing, buses and
	 * master, and whatever the caller does with the output */
	swap_track_outputs(g);
	g->started = next_n > 0;
	if (g->started)
		graph_tracks_start(g, next, next_n);
	clear_buses(g, n);
	route_spares(g, frame, n);
	g->spares = true;
	mix_down(g, frame, out_l, out_r, n);
	g->spares = false;
}

void graph_set_reader(struct graph *g, graph_reader *fn, void *ctx)
{
	g->reader = fn;
	g->reader_ctx = ctx;
}

void graph_set_meters(struct graph *g, bool on)
{
	g->meters = on;
}
