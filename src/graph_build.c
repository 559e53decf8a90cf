/* graph_build.c — building a graph from the model and applying parameter
 * changes to it (graph.h). graph_new/graph_free run off the audio thread;
 * graph_set_* may run on it, and only compute and store. */
#include "graph_internal.h"
#include "tmix.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static float *buffer(void)
{
	return xcalloc(GRAPH_MAX_BLOCK, sizeof(float));
}

/* A strip whose auto.mode is off keeps its lanes in the model only. */
static void lane_dup(struct auto_lane *dst, const struct auto_lane *src, const struct strip *m)
{
	if (strip_auto_mode(m) == AM_OFF) {
		*dst = (struct auto_lane){0};
		return;
	}
	dst->n = src->n;
	dst->pt = NULL;
	if (src->n) {
		dst->pt = xmalloc(sizeof *dst->pt * (size_t)src->n);
		memcpy(dst->pt, src->pt, sizeof *dst->pt * (size_t)src->n);
	}
}

/* The fader's effective level and the mute, as the units should have them. */
static double fader_db(const struct gstrip *s)
{
	return s->v[P_GAIN];
}

void graph_apply_strip(struct graph *g, int i)
{
	struct gstrip *s = &g->s[i];
	const double *v = s->v;
	const enum param_mode *m = s->mode;

	gain_set_db(&s->trim, v[P_TRIM]);
	gain_set_polarity(&s->trim, v[P_INVERT] != 0);
	/* the gate, EQ and compressor keys, each to its unit's parameter
	 * (params.h: param_unit_map); the units take them at the next block */
	for (int r = 0; r < param_unit_map_count; r++) {
		const struct param_unit_map *pm = &param_unit_map[r];
		struct ginsert *x;
		if (s->su[pm->unit] < 0) /* reverb.* on a strip without one */
			continue;
		x = &s->chain[s->su[pm->unit]];
		x->d->set(x->u, g->umap[r], param_unit_value(pm, v[pm->id], m[pm->id]));
	}
	if (!s->lane_gain.n)
		gain_set_db(&s->fader, fader_db(s));
	if (!s->lane_pan.n && !s->lane_width.n)
		pan_set(&s->pan, v[P_PAN], v[P_WIDTH], g->panlaw);
	if (i == g->master)
		limiter_set(&g->limiter, m[P_LIMITER] == PM_OFF ? 24.0 : v[P_LIMITER], v[P_LIMITER_RELEASE]);
}

/* Solo in place: a soloed strip is heard with everything on its way to the
 * master (its group buses) and everything that feeds it (a soloed bus
 * keeps its sources); effect returns stay audible so a soloed vocal keeps
 * its reverb. */
void graph_update_solo(struct graph *g)
{
	bool any = false;
	for (int i = 0; i < g->nstrips; i++)
		any |= i != g->master && g->s[i].v[P_SOLO] != 0;
	for (int i = 0; i < g->nstrips; i++)
		g->s[i].audible = !any || i == g->master || g->s[i].fx != FX_NONE;
	if (!any)
		return;
	for (int i = 0; i < g->nstrips; i++) {
		if (i == g->master || !g->s[i].v[P_SOLO])
			continue;
		/* downstream */
		for (int k = i; k >= 0 && k != g->master; k = g->s[k].output)
			g->s[k].audible = true;
		/* upstream: anything whose output chain passes through i */
		for (int t = 0; t < g->nstrips; t++)
			for (int k = t; k >= 0 && k != g->master; k = g->s[k].output)
				if (k == i)
					g->s[t].audible = true;
	}
}

/* Whether strip i is computed in the serial pass (mix_down): a bus, or a
 * track that waits for its key. */
static bool serial(const struct graph *g, int i)
{
	return i >= g->ntracks ? i != g->master : g->s[i].late;
}

/* A strip's keys that the serial pass computes (the master never keys). */
static int serial_key(const struct graph *g, const struct gstrip *s, int w)
{
	return s->key[w] >= 0 && serial(g, s->key[w]) ? s->key[w] : -1;
}

static void place(struct graph *g, int i, int *indeg)
{
	struct gstrip *s = &g->s[i];
	indeg[i] = -1;
	g->order[g->norder++] = i;
	if (s->output >= 0 && s->output != g->master)
		indeg[s->output]--;
	for (int k = 0; k < s->nsends; k++)
		indeg[s->sends[k].bus]--;
	for (int j = 0; s->is_key && j < g->master; j++)
		for (int w = 0; w < 2; w++)
			if (serial(g, j) && serial_key(g, &g->s[j], w) == i)
				indeg[j]--;
}

static void order_buses(struct graph *g)
{
	/* Kahn's algorithm over the serial strips: bus → bus edges, and key →
	 * keyed strip (a keyed track waits for its key, so it is computed
	 * here, after the unkeyed tracks). Routing and keys were checked
	 * acyclic by the loader, so every strip is placed. Without keys this
	 * is the buses' order as it always was. */
	int nb = g->nstrips - 1 - g->ntracks, *indeg = xcalloc((size_t)g->nstrips, sizeof *indeg);
	for (int i = 0; i < g->ntracks; i++)
		nb += g->s[i].late;
	g->order = xmalloc(sizeof *g->order * (size_t)(nb + 1));
	for (int i = 0; i < g->master; i++) {
		struct gstrip *s = &g->s[i];
		if (!serial(g, i))
			continue;
		if (s->output >= 0 && s->output != g->master)
			indeg[s->output]++;
		for (int k = 0; k < s->nsends; k++)
			indeg[s->sends[k].bus]++;
		for (int w = 0; w < 2; w++)
			if (serial_key(g, s, w) >= 0)
				indeg[i]++;
	}
	while (g->norder < nb) {
		int placed = 0;
		for (int i = 0; i < g->master; i++) {
			if (!serial(g, i) || indeg[i] != 0)
				continue;
			place(g, i, indeg);
			placed++;
		}
		if (!placed) /* a cycle slipped through: process the rest in file order */
			for (int i = 0; i < g->master; i++)
				if (serial(g, i) && indeg[i] >= 0) {
					indeg[i] = -1;
					g->order[g->norder++] = i;
				}
	}
	free(indeg);
}

/* Strips are solved tracks first, then the buses sources before sinks,
 * then the master. */
void graph_compensate(struct graph *g)
{
	int n = g->nstrips, ne = 0, k = 0;
	int *lat = xcalloc((size_t)n, sizeof *lat), *topo = xcalloc((size_t)n, sizeof *topo);
	int *in_lat = xcalloc((size_t)n, sizeof *in_lat), *delay, ned = 0;
	struct pdc_edge *e;

	for (int i = 0; i < n; i++)
		ned += 1 + g->s[i].nsends;
	e = xcalloc((size_t)ned, sizeof *e);
	delay = xcalloc((size_t)ned, sizeof *delay);
	/* a keyed track is in the order too (computed after its key), a
	 * strip left out of it (a cycle the loader let through) comes last:
	 * each strip is listed once */
	{
		bool *listed = xcalloc((size_t)n, sizeof *listed);
		for (int i = 0; i < g->ntracks + g->norder + 1 + n; i++) {
			int s = i < g->ntracks ? i
				: i < g->ntracks + g->norder ? g->order[i - g->ntracks]
				: i == g->ntracks + g->norder ? g->master : i - g->ntracks - g->norder - 1;
			if (s >= 0 && s < n && !listed[s] && (s != g->master || i >= g->ntracks + g->norder)) {
				listed[s] = true;
				topo[k++] = s;
			}
		}
		free(listed);
	}
	for (int i = 0; i < n; i++) {
		struct gstrip *s = &g->s[i];
		lat[i] = s->latency;
		if (i != g->master)
			e[ne++] = (struct pdc_edge){i, s->output};
		for (int j = 0; j < s->nsends; j++)
			e[ne++] = (struct pdc_edge){i, s->sends[j].bus};
	}
	g->pdc_latency = pdc_solve(n, lat, topo, e, ne, delay, in_lat);
	ne = 0;
	for (int i = 0; i < n; i++) {
		struct gstrip *s = &g->s[i];
		s->in_latency = in_lat[i];
		pdc_line_free(&s->out_line);
		for (int j = 0; j < s->nsends; j++)
			pdc_line_free(&s->sends[j].line);
		if (i != g->master)
			pdc_line_init(&s->out_line, delay[ne++], GRAPH_MAX_BLOCK);
		for (int j = 0; j < s->nsends; j++)
			pdc_line_init(&s->sends[j].line, delay[ne++], GRAPH_MAX_BLOCK);
	}
	free(lat);
	free(topo);
	free(in_lat);
	free(e);
	free(delay);
}

/* Every unit of a strip as graph_new leaves it: fresh state, parameters
 * jumped to (not gliding toward) their values. graph_reset uses it too,
 * so rendering after a seek is rendering from a new graph. */
static void start_strip(struct graph *g, int i)
{
	struct gstrip *s = &g->s[i];
	gain_init(&s->trim, g->rate);
	gain_init(&s->fader, g->rate);
	pan_init(&s->pan, g->rate);
	/* a unit's reset leaves it as made, with the parameters it has (the
	 * EQ's bands among them) */
	for (int k = 0; k < s->nchain; k++) {
		s->chain[k].d->reset(s->chain[k].u);
		s->chain[k].mix = s->chain[k].bypass ? 0.0f : 1.0f;
		pdc_line_reset(&s->chain[k].bypass_line);
	}
	if (i == g->master)
		limiter_reset(&g->limiter);
	for (int k = 0; k < s->nsends; k++) {
		s->sends[k].cur = s->sends[k].target = db_to_lin(s->sends[k].level_db);
		pdc_line_reset(&s->sends[k].line);
	}
	pdc_line_reset(&s->out_line);
	graph_apply_strip(g, i);
	s->muted = s->v[P_MUTE] != 0 || !s->audible;
	gain_set_mute(&s->fader, s->muted);
}

/* The lanes of an insert's parameters, copied where the strip plays
 * them; one per parameter, empty ones too, so that a lane edited in the
 * mixer is swapped in place (graph_set_insert_lane), never allocated on
 * the audio thread. */
static void make_insert_lanes(struct ginsert *x, const struct insert *in, const struct strip *m)
{
	if (strip_auto_mode(m) == AM_OFF || !in->lane || !x->d->nparams)
		return;
	x->lanes = xcalloc((size_t)x->d->nparams, sizeof *x->lanes);
	x->nlanes = x->d->nparams;
	for (int pi = 0; pi < x->d->nparams; pi++) {
		struct ginsert_lane *l = &x->lanes[pi];
		l->param = pi;
		lane_copy(&l->lane, &in->lane[pi]);
		l->stat = in->v[pi];
		l->sent = NAN;
		x->nactive += l->lane.n > 0;
	}
}

struct auto_point *graph_set_insert_lane(struct graph *g, int strip, int slot, int param, int n,
					 struct auto_point *pt)
{
	struct ginsert *x;
	struct ginsert_lane *l;
	struct auto_point *old;
	if (strip < 0 || strip >= g->nstrips || slot < 0 || slot >= g->s[strip].ninserts)
		return pt;
	x = &g->s[strip].ins[slot];
	if (param < 0 || param >= x->nlanes) /* auto.mode off: the graph plays no lane */
		return pt;
	l = &x->lanes[param];
	x->nactive += (n > 0) - (l->lane.n > 0);
	old = l->lane.pt;
	l->lane.n = n;
	l->lane.pt = pt;
	l->sent = NAN; /* the new lane's value goes at the next grid point */
	if (!n)
		x->d->set(x->u, param, l->stat);
	return old;
}

extern const struct unit_desc unit_gate, unit_eq, unit_comp, unit_reverb, unit_delay;
/* The unit each strip processor is (params.h) */
static const struct unit_desc *const strip_units[SU_COUNT] = {
	[SU_GATE] = &unit_gate,
	[SU_EQ] = &unit_eq,
	[SU_COMP] = &unit_comp,
	[SU_REVERB] = &unit_reverb,
	[SU_DELAY] = &unit_delay,
};

/* Where a unit's outputs go: gain reduction to the compression meter,
 * else a gate's attenuation to the gate meter; its silenced blocks to
 * the strip's count. */
static void bind_outputs(struct ginsert *x)
{
	x->grk = MGR_COMP;
	x->gr = unit_output_find(x->d, UOK_GAIN_REDUCTION);
	if (x->gr < 0 && (x->gr = unit_output_find(x->d, UOK_GATE_REDUCTION)) >= 0)
		x->grk = MGR_GATE;
	x->nan = unit_output_find(x->d, UOK_NAN_RESETS);
}

/* The strip's chain, made here off the audio thread with the model's
 * values: an effect bus's effect, its gate, EQ and compressor, then its
 * insert slots. */
static int make_chain(struct gstrip *s, const struct project *p, const struct strip *m, double rate,
		      const int eq_param[][4], char *err, size_t errlen)
{
	char why[700] = "";
	int order[SU_COUNT], nfixed = 0;
	s->nfx = s->fx == FX_REVERB || s->fx == FX_DELAY;
	if (s->nfx)
		order[nfixed++] = s->fx == FX_REVERB ? SU_REVERB : SU_DELAY;
	order[nfixed++] = SU_GATE;
	order[nfixed++] = SU_EQ;
	order[nfixed++] = SU_COMP;
	for (int k = 0; k < SU_COUNT; k++)
		s->su[k] = -1;
	s->chain = xcalloc((size_t)(nfixed + m->ninserts), sizeof *s->chain);
	s->ins = s->chain + nfixed;
	for (int k = 0; k < nfixed; k++) {
		struct ginsert *x = &s->chain[k];
		s->su[order[k]] = k;
		x->d = strip_units[order[k]];
		x->u = x->d->create(x->d, rate, GRAPH_MAX_BLOCK, s->nch, why, sizeof why);
		if (!x->u) {
			snprintf(err, errlen, "the %s of \"%s\": %s", x->d->name, m->name, *why ? why : "cannot be set up");
			return -1;
		}
		s->nchain = k + 1;
		x->mix = 1.0f;
		x->key = order[k] == SU_GATE ? 0 : order[k] == SU_COMP ? 1 : -1;
		bind_outputs(x);
		pdc_line_init(&x->bypass_line, 0, GRAPH_MAX_BLOCK);
	}
	for (int b = 0; b < EQ_BANDS; b++) {
		const struct eq_band *e = &m->eq[b];
		const double f[4] = {e->type, e->freq, e->gain, e->q};
		for (int k = 0; k < 4; k++)
			s->chain[s->su[SU_EQ]].d->set(s->chain[s->su[SU_EQ]].u, eq_param[b][k], f[k]);
	}
	for (int k = 0; k < m->ninserts; k++) {
		const struct insert *in = &m->inserts[k];
		struct ginsert *x = &s->ins[k];
		x->d = in->unit;
		x->u = x->d->create(x->d, rate, GRAPH_MAX_BLOCK, s->nch, why, sizeof why);
		if (!x->u) {
			snprintf(err, errlen, "insert.%d (%s) of \"%s\": %s", k + 1, in->spec, m->name,
				 *why ? why : "cannot be set up");
			return -1;
		}
		s->ninserts = k + 1;
		s->nchain = nfixed + k + 1;
		/* its saved state goes in before it ever runs: restoring is not
		 * allowed beside run(), and the graph is not live yet */
		if (in->state && x->d->state_restore) {
			char *dir = in->state[0] == '/' ? xstrdup(in->state) : NULL;
			if (!dir) {
				const char *base = p->dir ? p->dir : ".";
				size_t len = strlen(base) + strlen(in->state) + 2;
				snprintf(dir = xmalloc(len), len, "%s/%s", base, in->state);
			}
			if (x->d->state_restore(x->u, dir, why, sizeof why)) {
				snprintf(err, errlen, "insert.%d (%s) of \"%s\": %s", k + 1, in->spec, m->name, why);
				free(dir);
				return -1;
			}
			free(dir);
		}
		x->dry[0] = buffer();
		x->dry[1] = buffer();
		x->bypass = in->bypass;
		x->mix = x->bypass ? 0.0f : 1.0f;
		x->key = -1;
		bind_outputs(x);
		for (int pi = 0; pi < x->d->nparams; pi++)
			x->d->set(x->u, pi, in->v[pi]);
		make_insert_lanes(x, in, m);
		/* counted bypassed or not: bypass switches live and must not
		 * move the strip against the rest (pdc.h) */
		x->latency = x->d->latency ? x->d->latency(x->u) : 0;
		pdc_line_init(&x->bypass_line, x->latency, GRAPH_MAX_BLOCK);
		s->latency += x->latency;
	}
	return 0;
}

/* The unit parameter each row of param_unit_map and each EQ band field
 * names, found once: graph_apply_strip runs on the audio thread. */
static int resolve_units(struct graph *g, char *err, size_t errlen)
{
	static const char *const field[4] = {"type", "freq", "gain", "q"};
	char sym[32];
	g->umap = xcalloc((size_t)param_unit_map_count, sizeof *g->umap);
	for (int r = 0; r < param_unit_map_count; r++) {
		const struct param_unit_map *pm = &param_unit_map[r];
		g->umap[r] = unit_param_find_host(strip_units[pm->unit], pm->sym);
		if (g->umap[r] < 0) {
			snprintf(err, errlen, "%s: the %s unit has no parameter \"%s\"", param_defs[pm->id].key,
				 strip_units[pm->unit]->name, pm->sym);
			return -1;
		}
	}
	for (int b = 0; b < EQ_BANDS; b++)
		for (int k = 0; k < 4; k++) {
			snprintf(sym, sizeof sym, "eq.%d.%s", b + 1, field[k]);
			if ((g->eq_param[b][k] = unit_param_find(&unit_eq, sym)) < 0) {
				snprintf(err, errlen, "the eq unit has no parameter \"%s\"", sym);
				return -1;
			}
		}
	return 0;
}

struct graph *graph_new(const struct project *p, double rate, char *err, size_t errlen)
{
	struct graph *g = xcalloc(1, sizeof *g);

	g->rate = rate;
	g->send_k = 1.0 - exp(-(double)GRAPH_SUB / (0.015 * rate)); /* ~15 ms glide */
	g->meters = true;
	g->panlaw = p->proj.v[P_PANLAW];
	g->nstrips = p->nstrips;
	g->ntracks = p->ntracks;
	g->master = p->nstrips - 1;
	g->s = xcalloc((size_t)g->nstrips, sizeof *g->s);
	for (int c = 0; c < 2; c++)
		g->scratch[c] = buffer();
	if (limiter_init(&g->limiter, rate, 2)) {
		snprintf(err, errlen, "cannot set up the limiter");
		graph_free(g);
		return NULL;
	}
	if (resolve_units(g, err, errlen)) {
		graph_free(g);
		return NULL;
	}
	for (int i = 0; i < g->nstrips; i++) {
		const struct strip *m = p->strips[i];
		struct gstrip *s = &g->s[i];
		s->kind = m->kind;
		s->fx = m->kind == SK_BUS ? m->fx : FX_NONE;
		s->nch = m->kind == SK_TRACK ? (m->channels == 2 ? 2 : 1) : 2;
		s->output = m->kind == SK_MASTER ? -1 : (m->output >= 0 ? m->output : g->master);
		for (int c = 0; c < 2; c++) {
			s->buf[c] = buffer();
			s->out[c] = buffer();
			s->pre[c] = buffer();
		}
		s->sub_muted = s->sub_muted_bank[0];
		for (int w = 0; w < 2; w++)
			s->key[w] = m->key[w] >= 0 && m->key[w] < g->master ? m->key[w] : -1;
		s->late = m->kind == SK_TRACK && (s->key[0] >= 0 || s->key[1] >= 0);
		memcpy(s->v, m->v, sizeof s->v);
		memcpy(s->mode, m->mode, sizeof s->mode);
		if (m->mode[P_DELAY_TIME] == PM_NOTE)
			s->v[P_DELAY_TIME] = strip_delay_ms(p, m);
		meter_reset(&s->meter);
		if (make_chain(s, p, m, rate, (const int(*)[4])g->eq_param, err, errlen)) {
			graph_free(g);
			return NULL;
		}
		lane_dup(&s->lane_gain, &m->lane_gain, m);
		lane_dup(&s->lane_pan, &m->lane_pan, m);
		lane_dup(&s->lane_mute, &m->lane_mute, m);
		lane_dup(&s->lane_width, &m->lane_width, m);
		s->rec_mode = strip_auto_mode(m) >= AM_TOUCH;
		s->sends = m->nsends ? xcalloc((size_t)m->nsends, sizeof *s->sends) : NULL;
		for (int k = 0; k < m->nsends; k++) {
			if (m->sends[k].bus < 0)
				continue;
			struct gsend *x = &s->sends[s->nsends++];
			x->bus = m->sends[k].bus;
			x->model = k;
			x->pre = m->sends[k].pre;
			x->level_db = m->sends[k].level;
			x->cur = x->target = db_to_lin(x->level_db);
			x->lin_of = NAN;
			lane_dup(&x->lane, &m->sends[k].lane, m);
			s->any_pre |= x->pre;
		}
	}
	for (int i = 0; i < g->nstrips; i++)
		for (int w = 0; w < 2; w++)
			if (g->s[i].key[w] >= 0)
				g->s[g->s[i].key[w]].is_key = true;
	order_buses(g);
	graph_compensate(g);
	graph_update_solo(g);
	for (int i = 0; i < g->nstrips; i++)
		start_strip(g, i);
	return g;
}

void graph_free(struct graph *g)
{
	if (!g)
		return;
	graph_workers_free(g);
	for (int i = 0; i < g->nstrips; i++) {
		struct gstrip *s = &g->s[i];
		for (int c = 0; c < 2; c++) {
			free(s->buf[c]);
			free(s->out[c]);
			free(s->pre[c]);
			free(s->spare_out[c]);
			free(s->spare_pre[c]);
		}
		for (int k = 0; k < s->nchain; k++) {
			s->chain[k].d->destroy(s->chain[k].u);
			free(s->chain[k].dry[0]);
			free(s->chain[k].dry[1]);
			pdc_line_free(&s->chain[k].bypass_line);
			for (int l = 0; l < s->chain[k].nlanes; l++)
				lane_free(&s->chain[k].lanes[l].lane);
			free(s->chain[k].lanes);
		}
		free(s->chain);
		lane_free(&s->lane_gain);
		lane_free(&s->lane_pan);
		lane_free(&s->lane_mute);
		lane_free(&s->lane_width);
		for (int k = 0; k < s->nsends; k++) {
			lane_free(&s->sends[k].lane);
			pdc_line_free(&s->sends[k].line);
		}
		pdc_line_free(&s->out_line);
		free(s->sends);
	}
	free(g->s);
	free(g->umap);
	free(g->order);
	for (int c = 0; c < 2; c++)
		free(g->scratch[c]);
	limiter_free(&g->limiter);
	free(g);
}

void graph_reset(struct graph *g)
{
	for (int i = 0; i < g->nstrips; i++)
		start_strip(g, i);
}

int graph_nstrips(const struct graph *g) { return g->nstrips; }
/* The limiter's look-ahead after whatever the units on the way add */
int graph_latency(const struct graph *g) { return g->pdc_latency + limiter_latency(&g->limiter); }
int graph_unit_latency(const struct graph *g) { return g->pdc_latency; }
bool graph_latency_moved(struct graph *g)
{
	return atomic_exchange_explicit(&g->latency_moved, false, memory_order_relaxed);
}

float *graph_input(struct graph *g, int track, int ch)
{
	return g->s[track].buf[ch < g->s[track].nch ? ch : 0];
}

int graph_input_channels(const struct graph *g, int track) { return g->s[track].nch; }

const float *graph_strip_output(const struct graph *g, int strip, int ch)
{
	return g->s[strip].out[ch & 1];
}

void graph_set_param(struct graph *g, int strip, enum param_id id, double v, enum param_mode mode)
{
	struct gstrip *s;
	if (strip < 0 || strip >= g->nstrips || id < 0 || id >= P_COUNT)
		return;
	s = &g->s[strip];
	s->v[id] = v;
	s->mode[id] = mode;
	if (id == P_SOLO)
		graph_update_solo(g);
	graph_apply_strip(g, strip);
}

void graph_set_eq(struct graph *g, int strip, int band, const struct eq_band *b)
{
	struct ginsert *x;
	if (strip < 0 || strip >= g->nstrips || band < 0 || band >= EQ_BANDS)
		return;
	x = &g->s[strip].chain[g->s[strip].su[SU_EQ]];
	/* the type first: the unit asks for the band once, with all four */
	x->d->set(x->u, g->eq_param[band][0], b->type);
	x->d->set(x->u, g->eq_param[band][1], b->freq);
	x->d->set(x->u, g->eq_param[band][2], b->gain);
	x->d->set(x->u, g->eq_param[band][3], b->q);
}

void graph_set_send(struct graph *g, int strip, int send, double level_db, bool pre)
{
	struct gstrip *s;
	if (strip < 0 || strip >= g->nstrips)
		return;
	s = &g->s[strip];
	if (send < 0 || send >= s->nsends)
		return;
	s->sends[send].level_db = level_db;
	s->sends[send].pre = pre;
	s->any_pre = false;
	for (int k = 0; k < s->nsends; k++)
		s->any_pre |= s->sends[k].pre;
}

void graph_set_insert(struct graph *g, int strip, int slot, int param, double v)
{
	struct ginsert *x;
	const struct unit_param *pd;
	if (strip < 0 || strip >= g->nstrips || slot < 0 || slot >= g->s[strip].ninserts)
		return;
	x = &g->s[strip].ins[slot];
	if (param == INSERT_BYPASS) {
		x->bypass = v != 0;
		return;
	}
	if (param < 0 || param >= x->d->nparams)
		return;
	pd = &x->d->params[param];
	v = v < pd->min ? pd->min : v > pd->max ? pd->max : v;
	if (param < x->nlanes) {
		x->lanes[param].stat = v;
		if (x->lanes[param].lane.n)
			return; /* its lane plays: the static value is not heard */
	}
	x->d->set(x->u, param, v);
}

void graph_take_meter(struct graph *g, int strip, struct strip_meter *m)
{
	struct gstrip *s = &g->s[strip];
	m->lr = meter_lr(&s->meter);
	m->corr = NAN;
	meter_take(&s->meter, m->peak, m->rms, &m->clips);
	memcpy(m->gr, s->gr, sizeof m->gr);
	m->in_peak = s->in_peak;
	m->pre_limiter_peak = strip == g->master ? g->pre_limiter_peak : 0;
	s->in_peak = 0;
	m->nan_resets = s->nan_resets;
	for (int k = 0; k < s->nchain; k++)
		if (s->chain[k].nan >= 0)
			m->nan_resets += (unsigned)s->chain[k].d->output(s->chain[k].u, s->chain[k].nan);
	for (int k = 0; k < MGR_N; k++)
		s->gr[k] = 0;
	if (strip == g->master)
		g->pre_limiter_peak = 0;
}
