/* engine_rt.c — the audio callback, the same for both clocks and for
 * the tests. Per block it: drains the command ring (transport, parameter
 * edits, graph swaps), drops ring chunks of old seek generations, and
 * when rolling renders the block in segments — split at GRAPH_MAX_BLOCK
 * and at a loop's end, so the wrap lands on the exact frame — filling
 * each track's graph input from its ring. Then it publishes meters,
 * position and load through atomics. It never allocates, locks, sleeps,
 * prints or makes a system call; clock_gettime is the vDSO. */
#include "engine_internal.h"
#include "graph.h"
#include <math.h>
#include <string.h>
#include <time.h>

void (*engine_rt_enter_hook)(void);
void (*engine_rt_exit_hook)(void);

static inline float bits_f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t f_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static void atomic_fmax(_Atomic uint32_t *a, float v)
{
	uint32_t old = atomic_load_explicit(a, memory_order_relaxed);
	while (v > bits_f(old) && !atomic_compare_exchange_weak_explicit(a, &old, f_bits(v), memory_order_relaxed,
									     memory_order_relaxed))
		;
}

static void atomic_fmin(_Atomic uint32_t *a, float v)
{
	uint32_t old = atomic_load_explicit(a, memory_order_relaxed);
	while (v < bits_f(old) && !atomic_compare_exchange_weak_explicit(a, &old, f_bits(v), memory_order_relaxed,
									     memory_order_relaxed))
		;
}

static void atomic_fadd(_Atomic uint32_t *a, float v)
{
	uint32_t old = atomic_load_explicit(a, memory_order_relaxed);
	while (!atomic_compare_exchange_weak_explicit(a, &old, f_bits(bits_f(old) + v), memory_order_relaxed,
						      memory_order_relaxed))
		;
}

void engine_meter_take(struct meter_slot *m, struct strip_meter *out)
{
	uint32_t frames = atomic_exchange(&m->frames, 0);
	for (int c = 0; c < 2; c++) {
		float en = bits_f(atomic_exchange(&m->energy[c], 0));
		out->peak[c] = bits_f(atomic_exchange(&m->peak[c], 0));
		out->rms[c] = frames ? sqrtf(en / (float)frames) : 0.0f;
	}
	for (int k = 0; k < MGR_N; k++)
		out->gr[k] = bits_f(atomic_exchange(&m->gr[k], 0));
	out->clips = atomic_exchange(&m->clips, 0);
	out->nan_resets = atomic_exchange(&m->nan_resets, 0);
	out->in_peak = out->pre_limiter_peak = 0; /* offline figures (analyze), not published live */
	out->lr = 0;
	out->corr = atomic_exchange(&m->corr_new, false) ? bits_f(atomic_load(&m->corr)) : NAN;
}

/* Adds a block to a strip's correlation window; publishes at its end. */
static void corr_add(struct meter_slot *ms, double ll, double rr, double lr, int n, int64_t window)
{
	ms->win_ll += ll;
	ms->win_rr += rr;
	ms->win_lr += lr;
	ms->win_n += n;
	if (ms->win_n >= window) {
		/* below about -100 dBFS on either side there is nothing to correlate */
		double den = sqrt(ms->win_ll * ms->win_rr), floor = 1e-10 * (double)ms->win_n;
		float c = ms->win_ll > floor && ms->win_rr > floor ? (float)fmax(-1.0, fmin(1.0, ms->win_lr / den)) : NAN;
		atomic_store_explicit(&ms->corr, f_bits(c), memory_order_relaxed);
		atomic_store_explicit(&ms->corr_new, true, memory_order_release);
		ms->win_ll = ms->win_rr = ms->win_lr = 0;
		ms->win_n = 0;
	}
}

/* heard: when a reference is audible, the master's peak and RMS are
 * those of the output (what is heard) instead of the mix's. */
static void publish_meters(struct session *s, int n, const float *heard_l, const float *heard_r, int64_t window)
{
	for (int k = 0; k < s->nstrips; k++) {
		struct strip_meter m;
		struct meter_slot *ms = &s->meters[k];
		graph_take_meter(s->g, k, &m);
		if (heard_l && k == s->nstrips - 1) {
			float lr = 0;
			for (int c = 0; c < 2; c++) {
				const float *x = c ? heard_r : heard_l;
				float pk = 0, e2 = 0;
				for (int i = 0; i < n; i++) {
					pk = fmaxf(pk, fabsf(x[i]));
					e2 += x[i] * x[i];
				}
				m.peak[c] = pk;
				m.rms[c] = sqrtf(e2 / (float)n);
			}
			for (int i = 0; i < n; i++)
				lr += heard_l[i] * heard_r[i];
			m.lr = lr / (float)n;
		}
		corr_add(ms, (double)m.rms[0] * m.rms[0] * n, (double)m.rms[1] * m.rms[1] * n, (double)m.lr * n, n, window);
		for (int c = 0; c < 2; c++) {
			atomic_fmax(&ms->peak[c], m.peak[c]);
			atomic_fadd(&ms->energy[c], m.rms[c] * m.rms[c] * (float)n);
		}
		for (int j = 0; j < MGR_N; j++)
			atomic_fmin(&ms->gr[j], m.gr[j]);
		atomic_fetch_add_explicit(&ms->frames, (uint32_t)n, memory_order_relaxed);
		atomic_fetch_add_explicit(&ms->clips, m.clips, memory_order_relaxed);
		atomic_fetch_add_explicit(&ms->nan_resets, m.nan_resets, memory_order_relaxed);
	}
}

static void publish_loop(struct engine *e)
{
	struct rt_state *rt = &e->rt;
	uint32_t q = atomic_load_explicit(&e->loop_seq, memory_order_relaxed);
	atomic_store_explicit(&e->loop_seq, q + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	atomic_store_explicit(&e->loop_on, rt->loop_on, memory_order_relaxed);
	atomic_store_explicit(&e->loop_start, rt->loop_start, memory_order_relaxed);
	atomic_store_explicit(&e->loop_end, rt->loop_end, memory_order_relaxed);
	atomic_store_explicit(&e->loop_seq, q + 2, memory_order_release);
}

/* Starts a new seek generation at frame: the disk thread refills every
 * ring from there and the transport holds (silence) until it has. */
static void resync(struct engine *e, int64_t frame)
{
	struct rt_state *rt = &e->rt;
	rt->gen = (rt->gen + 1) & 0xfffff;
	if (!rt->gen)
		rt->gen = 1;
	rt->pos = frame;
	rt->waiting = true;
	atomic_store_explicit(&e->seek_req, (uint64_t)rt->gen << SEEK_FRAME_BITS | ((uint64_t)frame & SEEK_FRAME_MASK),
			      memory_order_release);
}

void engine_rt_init(struct engine *e, struct session *s)
{
	e->rt = (struct rt_state){.s = s};
	monitor_init(&e->rt.mon, e->rate);
	atomic_store(&e->mon_gain, f_bits(1.0f));
	publish_loop(e);
	resync(e, 0);
	atomic_store(&e->live, s);
}

static bool loop_active(const struct rt_state *rt) { return rt->loop_on && rt->loop_end > rt->loop_start; }

/* Whether the path from pos over `span` frames wraps (loop end ahead). */
static bool wraps_within(bool on, int64_t ls, int64_t le, int64_t pos, int64_t span)
{
	return on && le > ls && pos < le && le - pos < span;
}

static void give_back(struct engine *e, struct session *old)
{
	struct rt_state *rt = &e->rt;
	/* the return ring is large; if the UI has stopped polling, keep a
	 * few here and retry every block */
	if (!spsc_push(&e->ret, &old) && rt->nunreturned < (int)(sizeof rt->unreturned / sizeof *rt->unreturned))
		rt->unreturned[rt->nunreturned++] = old;
}

/* Automation recording (graph_rec.c): points go to the UI as played. */
static void rec_point(void *ctx, int strip, int target, double t, double v)
{
	struct engine *e = ctx;
	struct engine_rec_event ev = {ENGINE_REC_POINT, strip, target, t, v};
	if (spsc_push(&e->recev, &ev))
		e->rt.pass_points++;
}

static void rec_released(void *ctx, int strip, int target, double t)
{
	struct engine *e = ctx;
	struct engine_rec_event ev = {ENGINE_REC_RELEASED, strip, target, t, 0};
	spsc_push(&e->recev, &ev);
}

static void rec_flush(struct engine *e, int64_t frame, bool end)
{
	const struct graph_rec_sink k = {rec_point, rec_released, e};
	graph_rec_flush(e->rt.s->g, frame, end, &k);
}

/* A pass ends at frame `end`: every point out, then the pass itself. */
static void rec_end(struct engine *e, int64_t end)
{
	struct rt_state *rt = &e->rt;
	if (!rt->s)
		return;
	rec_flush(e, end, true);
	if (rt->pass_points) {
		struct engine_rec_event ev = {ENGINE_REC_PASS, -1, -1, (double)rt->pass_start / e->rate,
					      (double)end / e->rate};
		spsc_push(&e->recev, &ev);
	}
	rt->pass_points = 0;
}

/* A pass starts at frame: strips in write mode hold what plays there. */
static void rec_start(struct engine *e, int64_t frame)
{
	struct rt_state *rt = &e->rt;
	rt->pass_start = frame;
	rt->pass_points = 0;
	if (rt->s)
		graph_rec_arm_write(rt->s->g, frame);
}

static void apply(struct engine *e, const struct cmd *c)
{
	struct rt_state *rt = &e->rt;
	struct graph *g = rt->s ? rt->s->g : NULL;

	switch (c->type) {
	case CMD_PLAY:
		if (rt->playing && !c->u.on)
			rec_end(e, rt->pos);
		else if (!rt->playing && c->u.on)
			rec_start(e, rt->pos);
		rt->playing = c->u.on;
		break;
	case CMD_STOP:
		if (rt->playing)
			rec_end(e, rt->pos);
		rt->playing = false;
		/* return to the start like a seek */
		__attribute__((fallthrough));
	case CMD_SEEK:
		if (rt->playing)
			rec_end(e, rt->pos);
		resync(e, c->type == CMD_STOP ? 0 : c->u.frame);
		if (g)
			graph_reset(g); /* tails of the old position must not sound */
		if (rt->playing)
			rec_start(e, rt->pos);
		break;
	case CMD_LOOP: {
		/* Span the disk thread may have read ahead, plus slack: when
		 * neither the old nor the new loop wraps within it, the rings
		 * already hold the right frames and no refill is needed. */
		int64_t span = (int64_t)STREAM_SLOTS * STREAM_CHUNK + (int64_t)(2 * 192000);
		bool old = wraps_within(rt->loop_on, rt->loop_start, rt->loop_end, rt->pos, span);
		bool now = wraps_within(c->u.loop.on, c->u.loop.start, c->u.loop.end, rt->pos, span);
		rt->loop_on = c->u.loop.on;
		rt->loop_start = c->u.loop.start;
		rt->loop_end = c->u.loop.end;
		publish_loop(e);
		if (old || now)
			resync(e, rt->pos);
		break;
	}
	case CMD_PARAM:
		if (g && c->strip < rt->s->nstrips)
			graph_set_param(g, c->strip, c->u.param.id, c->u.param.v, c->u.param.mode);
		break;
	case CMD_EQ:
		if (g && c->strip < rt->s->nstrips)
			graph_set_eq(g, c->strip, c->u.eq.band, &c->u.eq.b);
		break;
	case CMD_SEND:
		if (g && c->strip < rt->s->nstrips)
			graph_set_send(g, c->strip, c->u.send.send, c->u.send.level, c->u.send.pre);
		break;
	case CMD_REF:
		engine_ref_apply(rt, c);
		break;
	case CMD_MONITOR:
		engine_monitor_apply(rt, c);
		atomic_store_explicit(&e->mon_gain, f_bits((float)monitor_gain_target(&rt->mon)), memory_order_relaxed);
		break;
	case CMD_REC:
		if (g && rt->playing && c->strip < rt->s->nstrips)
			graph_rec_set(g, c->strip, c->u.rec.target, c->u.rec.v, c->u.rec.release, rt->pos);
		break;
	case CMD_LANE: {
		struct auto_point *old = g && c->strip < rt->s->nstrips
			? graph_set_lane(g, c->strip, c->u.lane.target, c->u.lane.n, c->u.lane.pt) : c->u.lane.pt;
		if (old && !spsc_push(&e->lane_ret, &old) &&
		    rt->nunfreed < (int)(sizeof rt->unfreed / sizeof *rt->unfreed))
			rt->unfreed[rt->nunfreed++] = old;
		break;
	}
	case CMD_INSERT:
		if (g && c->strip < rt->s->nstrips)
			graph_set_insert(g, c->strip, c->u.ins.slot, c->u.ins.param, c->u.ins.v);
		break;
	case CMD_SWAP: {
		/* live first (seq_cst, pairs with the disk thread's hazard
		 * pointer), then hand the old session back for freeing */
		struct session *old = rt->s;
		/* a recording goes on in the new graph (a pass merged, any
		 * edit); when the strips changed, the pass ends here */
		bool moved = old && rt->playing && c->u.swap && graph_rec_move(old->g, c->u.swap->g);
		if (rt->playing && !moved)
			rec_end(e, rt->pos);
		rt->s = c->u.swap;
		if (rt->playing && !moved)
			rec_start(e, rt->pos);
		atomic_store(&e->live, rt->s);
		if (old)
			give_back(e, old);
		resync(e, rt->pos);
		break;
	}
	}
	if (c->serial)
		rt->serial = c->serial;
}

/* Drops chunks of old generations from the front of a ring. */
static void drop_stale(struct stream *st, uint32_t gen)
{
	long i;
	while ((i = spsc_read_slot(&st->ring)) >= 0 &&
	       ((struct chunk_tag *)spsc_slot_ptr(&st->ring, i))->gen != gen) {
		spsc_release(&st->ring);
		st->roff = 0;
	}
}

/* Copies m frames of the timeline from pos out of a ring into dst;
 * returns the frames found (the rest is silence). */
static int stream_take(struct stream *st, uint32_t gen, int64_t pos, float *const dst[2], int nch, int m)
{
	int done = 0;
	long i;

	while (done < m && (i = spsc_read_slot(&st->ring)) >= 0) {
		const struct chunk_tag *tag = spsc_slot_ptr(&st->ring, i);
		int64_t at = tag->frame + st->roff, want = pos + done;
		int k;
		if (tag->gen != gen || at + (tag->n - st->roff) <= want) {
			/* stale, or wholly behind the playhead after an underrun */
			spsc_release(&st->ring);
			st->roff = 0;
			continue;
		}
		if (at > want)
			break; /* not ours yet: a gap, play silence */
		st->roff += (int)(want - at);
		k = tag->n - st->roff;
		if (k > m - done)
			k = m - done;
		for (int c = 0; c < nch; c++) {
			const float *src = st->data[c < st->channels ? c : 0] + (size_t)i * STREAM_CHUNK + st->roff;
			memcpy(dst[c] + done, src, (size_t)k * sizeof(float));
		}
		st->roff += k;
		done += k;
		if (st->roff == tag->n) {
			spsc_release(&st->ring);
			st->roff = 0;
		}
	}
	for (int c = 0; c < nch; c++)
		memset(dst[c] + done, 0, (size_t)(m - done) * sizeof(float));
	return done;
}

/* Renders n frames of the timeline into l/r; false on a disk underrun. */
static bool roll(struct engine *e, float *l, float *r, int n)
{
	struct rt_state *rt = &e->rt;
	struct session *s = rt->s;
	bool underrun = false, heard;
	int off = 0;

	while (off < n) {
		int m = n - off;
		bool wrap = false;
		if (m > GRAPH_MAX_BLOCK)
			m = GRAPH_MAX_BLOCK;
		if (loop_active(rt) && rt->pos < rt->loop_end && rt->loop_end - rt->pos <= m) {
			m = (int)(rt->loop_end - rt->pos);
			wrap = true;
		}
		for (int t = 0; t < s->ntracks; t++) {
			int nch = graph_input_channels(s->g, t);
			float *dst[2] = {graph_input(s->g, t, 0), nch > 1 ? graph_input(s->g, t, 1) : NULL};
			underrun |= stream_take(&s->st[t], rt->gen, rt->pos, dst, nch, m) < m;
			if (atomic_load_explicit(&s->st[t].offline, memory_order_relaxed))
				for (int c = 0; c < nch; c++) /* silent at once, not when the ring runs dry */
					memset(dst[c], 0, (size_t)m * sizeof(float));
		}
		/* references stream along whether heard or not, so a flip is instant */
		for (int i = 0; i < s->nrefs; i++) {
			struct stream *st = &s->st[s->ntracks + i];
			float **buf = i == rt->ref ? s->refbuf : s->refbuf + 2;
			underrun |= stream_take(st, rt->gen, rt->pos, buf, st->channels, m) < m;
			if (st->channels == 1)
				memcpy(buf[1], buf[0], (size_t)m * sizeof(float));
		}
		graph_process(s->g, rt->pos, l + off, r + off, m);
		if (rt->ref >= 0 && rt->ref < s->nrefs)
			engine_ref_mix(rt, l + off, r + off, s->refbuf[0], s->refbuf[1], m, e->rate);
		if (wrap) /* each time round the loop is a pass of its own */
			rec_end(e, rt->loop_end);
		rt->pos = wrap ? rt->loop_start : rt->pos + m;
		if (wrap)
			rec_start(e, rt->pos);
		off += m;
	}
	heard = rt->ref >= 0 && rt->ref < s->nrefs && engine_ref_audible(rt);
	publish_meters(s, n, heard ? l : NULL, heard ? r : NULL, (int64_t)(CORR_WINDOW_S * e->rate));
	return !underrun;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static void account(struct engine *e, double busy, int n)
{
	struct rt_state *rt = &e->rt;
	double period = n / e->rate;
	atomic_fmax(&e->load_max, (float)(busy / period));
	rt->busy_s += busy;
	rt->span_s += period;
	if (rt->span_s >= 1.0) {
		atomic_store_explicit(&e->load_mean, f_bits((float)(rt->busy_s / rt->span_s)), memory_order_relaxed);
		rt->busy_s = rt->span_s = 0;
	}
}

void engine_render(void *user, float *l, float *r, int n, bool xrun)
{
	struct engine *e = user;
	struct rt_state *rt = &e->rt;
	double t0;
	struct cmd c;

	if (engine_rt_enter_hook)
		engine_rt_enter_hook();
	t0 = now_s();
	if (xrun)
		atomic_fetch_add_explicit(&e->xruns, 1, memory_order_relaxed);
	while (rt->nunreturned && spsc_push(&e->ret, &rt->unreturned[rt->nunreturned - 1]))
		rt->nunreturned--;
	while (rt->nunfreed && spsc_push(&e->lane_ret, &rt->unfreed[rt->nunfreed - 1]))
		rt->nunfreed--;
	/* points the playhead passed go out before new ones are made */
	if (rt->s && rt->playing)
		rec_flush(e, rt->pos, false);
	while (spsc_pop(&e->cmds, &c))
		apply(e, &c);
	if (rt->s) {
		for (int t = 0; t < rt->s->nstreams; t++)
			drop_stale(&rt->s->st[t], rt->gen);
		if (rt->waiting && atomic_load_explicit(&rt->s->ready_gen, memory_order_acquire) == rt->gen)
			rt->waiting = false;
	}
	if (rt->s && rt->playing && !rt->waiting) {
		uint32_t gen = rt->gen;
		bool ok = roll(e, l, r, n);
		/* the loudness meter hears what played, nothing else */
		engine_tap_push(&e->tap, l, r, n, gen, rt->ref >= 0 && rt->ref < rt->s->nrefs && engine_ref_audible(rt));
		if (!ok) {
			/* The disk fell behind: refill from here rather than
			 * play a mixture of tracks. Counted as an xrun. */
			atomic_fetch_add_explicit(&e->underruns, 1, memory_order_relaxed);
			resync(e, rt->pos);
		}
	} else {
		memset(l, 0, (size_t)n * sizeof *l);
		memset(r, 0, (size_t)n * sizeof *r);
	}
	/* last, after the tap and the meters: it changes only what is heard */
	monitor_process(&rt->mon, l, r, n);
	atomic_store_explicit(&e->pos, rt->pos, memory_order_relaxed);
	atomic_store_explicit(&e->playing, rt->playing, memory_order_relaxed);
	atomic_store_explicit(&e->refilling, rt->waiting, memory_order_relaxed);
	/* last: a reader that sees this serial sees the position above */
	atomic_store_explicit(&e->applied, rt->serial, memory_order_release);
	account(e, now_s() - t0, n);
	if (engine_rt_exit_hook)
		engine_rt_exit_hook();
}
