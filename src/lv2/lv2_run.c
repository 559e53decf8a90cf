/* lv2_run.c — an LV2 plugin as a unit instance: made, connected and
 * activated in create (off the audio thread, holding lv2_lock), run in
 * process. Every port is connected once, in create, to buffers the unit
 * owns; process copies the strip's samples in and out of them, so the
 * plugin never sees the strip's own buffers (in-place-broken plugins
 * are safe) and nothing is reconnected on the audio thread. */
#include "lv2/lv2_internal.h"
#include "tmix.h"
#include <lv2/atom/atom.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/options/options.h>
#include <lv2/parameters/parameters.h>
#include <dlfcn.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

atomic_int lv2_live_units;

enum { F_MAP, F_UNMAP, F_OPTIONS, F_BOUNDED, F_WORKER, F_COUNT };

struct inst {
	LilvInstance *li;
	struct lv2_worker *worker;
	float *in[2], *out[2];
	float **sc;      /* per port: a sidechain input's buffer, else NULL */
	float *ctl_out;  /* per port: a control output's value */
	void **atom;     /* per port: an atom port's buffer, else NULL */
	LV2_Feature feat[F_COUNT];
	const LV2_Feature *feats[F_COUNT + 1];
};

struct lv2_unit {
	const struct lv2_desc *ld;
	int nch, ninst, max_block;
	float *ctl_in; /* per port: a control input's value, shared by the instances */
	struct inst inst[2];
	float rate;
	int32_t min_block, block, nominal;
	LV2_Options_Option options[5];
	LV2_URID chunk, sequence;
	atomic_int latency;
	bool probed; /* its latency asked once, off the audio thread (probe_latency) */
};

static void set_options(struct lv2_unit *u)
{
	LV2_URID f = lv2_urid(LV2_ATOM__Float), i = lv2_urid(LV2_ATOM__Int);
	const struct { const char *key; LV2_URID type; const void *value; } o[] = {
		{LV2_PARAMETERS__sampleRate, f, &u->rate},
		{LV2_BUF_SIZE__minBlockLength, i, &u->min_block},
		{LV2_BUF_SIZE__maxBlockLength, i, &u->block},
		{LV2_BUF_SIZE__nominalBlockLength, i, &u->nominal},
	};
	for (size_t k = 0; k < ARRAY_LEN(o); k++)
		u->options[k] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, lv2_urid(o[k].key), sizeof(int32_t),
						     o[k].type, o[k].value};
	u->options[ARRAY_LEN(o)] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, NULL};
}

static void set_features(struct lv2_unit *u, struct inst *in)
{
	int n = 0;
	in->feat[F_MAP] = (LV2_Feature){LV2_URID__map, lv2_urid_map()};
	in->feat[F_UNMAP] = (LV2_Feature){LV2_URID__unmap, lv2_urid_unmap()};
	in->feat[F_OPTIONS] = (LV2_Feature){LV2_OPTIONS__options, u->options};
	in->feat[F_BOUNDED] = (LV2_Feature){LV2_BUF_SIZE__boundedBlockLength, NULL};
	for (int k = 0; k < F_WORKER; k++)
		in->feats[n++] = &in->feat[k];
	if (in->worker) {
		in->feat[F_WORKER] = (LV2_Feature){LV2_WORKER__schedule, lv2_worker_schedule(in->worker)};
		in->feats[n++] = &in->feat[F_WORKER];
	}
	in->feats[n] = NULL;
}

/* Atom ports as the host must leave them before each run: an input holds
 * an empty sequence, an output offers its whole buffer as a chunk. */
static void atoms_ready(const struct lv2_unit *u, struct inst *in)
{
	const struct lv2_ports *ps = &u->ld->ports;
	for (uint32_t p = 0; p < ps->n; p++) {
		LV2_Atom_Sequence *seq = in->atom[p];
		if (ps->kind[p] == LP_ATOM_IN) {
			seq->atom.size = sizeof(LV2_Atom_Sequence_Body);
			seq->atom.type = u->sequence;
			seq->body.unit = 0;
			seq->body.pad = 0;
		} else if (ps->kind[p] == LP_ATOM_OUT) {
			seq->atom.size = ps->atom_size[p] - (uint32_t)sizeof(LV2_Atom);
			seq->atom.type = u->chunk;
		}
	}
}

static void connect(struct lv2_unit *u, struct inst *in)
{
	const struct lv2_ports *ps = &u->ld->ports;
	for (uint32_t p = 0; p < ps->n; p++) {
		void *buf = NULL;
		switch (ps->kind[p]) {
		case LP_AUDIO_IN: buf = in->in[p == ps->in[0] ? 0 : 1]; break;
		case LP_AUDIO_OUT: buf = in->out[p == ps->out[0] ? 0 : 1]; break;
		case LP_SIDECHAIN_IN: buf = in->sc[p]; break;
		case LP_CTRL_IN: buf = &u->ctl_in[p]; break;
		case LP_CTRL_OUT: buf = &in->ctl_out[p]; break;
		case LP_ATOM_IN:
		case LP_ATOM_OUT: buf = in->atom[p]; break;
		case LP_NONE: break;
		}
		lilv_instance_connect_port(in->li, p, buf);
	}
}

static void inst_alloc(struct lv2_unit *u, struct inst *in)
{
	const struct lv2_ports *ps = &u->ld->ports;
	for (int c = 0; c < 2; c++) {
		in->in[c] = xcalloc((size_t)u->max_block, sizeof(float));
		in->out[c] = xcalloc((size_t)u->max_block, sizeof(float));
	}
	in->sc = xcalloc(ps->n, sizeof *in->sc);
	in->ctl_out = xcalloc(ps->n, sizeof *in->ctl_out);
	in->atom = xcalloc(ps->n, sizeof *in->atom);
	for (uint32_t p = 0; p < ps->n; p++) {
		if (ps->kind[p] == LP_SIDECHAIN_IN)
			in->sc[p] = xcalloc((size_t)u->max_block, sizeof(float));
		if (ps->kind[p] == LP_ATOM_IN || ps->kind[p] == LP_ATOM_OUT)
			in->atom[p] = xcalloc(1, ps->atom_size[p]);
	}
}

static void inst_free(const struct lv2_unit *u, struct inst *in)
{
	lv2_worker_free(in->worker); /* its thread stopped before the plugin goes */
	if (in->li) {
		lilv_instance_deactivate(in->li);
		lv2_lock(); /* freeing an instance may unload its library from the world */
		lilv_instance_free(in->li);
		lv2_unlock();
	}
	for (int c = 0; c < 2; c++) {
		free(in->in[c]);
		free(in->out[c]);
	}
	for (uint32_t p = 0; in->sc && p < u->ld->ports.n; p++) {
		free(in->sc[p]);
		free(in->atom[p]);
	}
	free(in->sc);
	free(in->ctl_out);
	free(in->atom);
}

void lv2_unit_destroy(void *v)
{
	struct lv2_unit *u = v;
	if (!u)
		return;
	for (int i = 0; i < u->ninst; i++)
		inst_free(u, &u->inst[i]);
	free(u->ctl_in);
	free(u);
	atomic_fetch_sub(&lv2_live_units, 1);
}

/* One block through every instance: the strip's channels in, the plugin
 * run, its outputs back. n <= max_block. */
static void run_block(struct lv2_unit *u, float *const ch[], int nch, int n, const float *const key[])
{
	const struct lv2_ports *ps = &u->ld->ports;
	size_t bytes = (size_t)n * sizeof(float);
	for (int i = 0; i < u->ninst; i++) {
		struct inst *in = &u->inst[i];
		/* each instance's first channel: its own on a split stereo strip */
		int c0 = u->ninst == 2 ? i : 0, c1 = nch == 2 && u->ninst == 1 ? 1 : c0;
		int sc_n = 0;
		lv2_worker_deliver(in->worker);
		if (ps->nin == 1 && nch == 2 && u->ninst == 1) { /* mono in, stereo out: the mean in */
			for (int k = 0; k < n; k++)
				in->in[0][k] = 0.5f * (ch[0][k] + ch[1][k]);
		} else {
			memcpy(in->in[0], ch[c0], bytes);
			if (ps->nin == 2)
				memcpy(in->in[1], ch[c1], bytes);
		}
		for (uint32_t p = 0; p < ps->n; p++)
			if (in->sc[p]) {
				int c = u->ninst == 2 ? i : (sc_n++ ? c1 : c0);
				memcpy(in->sc[p], key ? key[c] : ch[c], bytes);
			}
		atoms_ready(u, in);
		lilv_instance_run(in->li, (uint32_t)n);
		lv2_worker_end_run(in->worker);
		if (ps->nout == 2 && nch == 1) { /* a stereo plugin on a mono strip: the mean */
			for (int k = 0; k < n; k++)
				ch[0][k] = 0.5f * (in->out[0][k] + in->out[1][k]);
		} else { /* a mono output on a stereo strip (2 in, 1 out) goes to both */
			memcpy(ch[c0], in->out[0], bytes);
			if (c1 != c0)
				memcpy(ch[c1], in->out[ps->nout == 2 ? 1 : 0], bytes);
		}
	}
	if (ps->latency_port >= 0) {
		float l = u->inst[0].ctl_out[ps->latency_port];
		atomic_store_explicit(&u->latency, l > 0 && l < 1e7f ? (int)lrintf(l) : 0, memory_order_relaxed);
	}
}

void lv2_unit_process(void *v, float *const ch[], int nch, int n, const float *const key[])
{
	struct lv2_unit *u = v;
	float *part[2];
	const float *kpart[2];
	for (int done = 0; done < n;) {
		int m = n - done < u->max_block ? n - done : u->max_block;
		for (int c = 0; c < nch; c++) {
			part[c] = ch[c] + done;
			kpart[c] = key ? key[c] + done : NULL;
		}
		run_block(u, part, nch, m, key ? kpart : NULL);
		done += m;
	}
}

/* An LV2 plugin is reset only by deactivating and activating it, which
 * the specification does not allow on the audio thread: a seek keeps
 * the plugin's history (as in other hosts); a new instance starts clean. */
void lv2_unit_reset(void *v) { (void)v; }

void lv2_unit_set(void *v, int param, double value)
{
	struct lv2_unit *u = v;
	const struct lv2_desc *ld = u->ld;
	const struct unit_param *up = &ld->d.params[param];
	if (ld->enum_values[param]) {
		long k = lround(value);
		value = ld->enum_values[param][k < 0 ? 0 : k > (long)up->max ? (long)up->max : k];
	}
	u->ctl_in[ld->param_port[param]] = (float)value;
}

double lv2_unit_output(void *v, int idx) { (void)v; (void)idx; return 0; }

static void probe_latency(struct lv2_unit *u);

/* A plugin may finish a restore on its worker (x42's convolver loads its
 * impulse response there, swapped in at a later run): silent blocks are
 * run, the worker given time, until a block leaves no work pending, at
 * most about 2 s. So the first real block already plays the restored
 * state, in a bounce as live, whatever the worker's timing. Off the audio
 * thread, before the instance goes live. */
void lv2_unit_settle(void *v)
{
	struct lv2_unit *u = v;
	float *ch[2];
	if (!u->ld->has_worker_feature)
		return;
	for (int c = 0; c < u->nch; c++)
		ch[c] = xcalloc((size_t)u->max_block, sizeof(float));
	for (int i = 0; i < 2000; i++) {
		bool busy = false;
		run_block(u, ch, u->nch, u->max_block, NULL);
		for (int k = 0; k < u->ninst; k++)
			busy |= lv2_worker_busy(u->inst[k].worker);
		if (!busy)
			break;
		nanosleep(&(struct timespec){0, 1000000}, NULL);
		for (int c = 0; c < u->nch; c++)
			memset(ch[c], 0, sizeof(float) * (size_t)u->max_block);
	}
	for (int c = 0; c < u->nch; c++)
		free(ch[c]);
}

/* The first call probes, with the parameters as set by then (the graph
 * asks once it has set them, before the instance goes live: a plugin
 * whose latency depends on a parameter reports the one it will play
 * with). After that, the value the latest block reported: a plain
 * atomic read, which the graph also makes on the audio thread to notice
 * a change. */
int lv2_unit_latency(void *v)
{
	struct lv2_unit *u = v;
	if (!u->probed) {
		if (u->ld->ports.latency_port >= 0)
			probe_latency(u);
		u->probed = true;
	}
	return atomic_load_explicit(&u->latency, memory_order_relaxed);
}

const struct lv2_desc *lv2_unit_desc(void *v) { return ((struct lv2_unit *)v)->ld; }
int lv2_unit_ninstances(void *v) { return ((struct lv2_unit *)v)->ninst; }
LilvInstance *lv2_unit_instance(void *v, int i) { return ((struct lv2_unit *)v)->inst[i].li; }
const LV2_Feature *const *lv2_unit_features(void *v, int i)
{
	return (const LV2_Feature *const *)((struct lv2_unit *)v)->inst[i].feats;
}

/* A block of silence, so that a plugin with a latency port reports it
 * before the first real block; then a fresh start (activate resets). */
static void probe_latency(struct lv2_unit *u)
{
	float *ch[2];
	for (int c = 0; c < u->nch; c++)
		ch[c] = xcalloc((size_t)u->max_block, sizeof(float));
	run_block(u, ch, u->nch, u->max_block, NULL);
	for (int i = 0; i < u->ninst; i++) {
		lilv_instance_deactivate(u->inst[i].li);
		lilv_instance_activate(u->inst[i].li);
	}
	for (int c = 0; c < u->nch; c++)
		free(ch[c]);
}

/* The plugin's library stays loaded once used (one more dlopen reference,
 * never closed): graphs are rebuilt often, and some plugins keep global
 * state (caches, tables made once) that does not survive an unload and a
 * reload, or that leak-checkers would report once its library is gone.
 * Holding lv2_lock. */
static void keep_loaded(struct lv2_desc *ld)
{
	char *path;
	if (ld->kept)
		return;
	path = lilv_file_uri_parse(lilv_node_as_uri(lilv_plugin_get_library_uri(ld->plugin)), NULL);
	ld->kept = path ? dlopen(path, RTLD_NOW | RTLD_NOLOAD) : NULL;
	lilv_free(path);
}

void *lv2_unit_create(const struct unit_desc *d, double rate, int max_block, int nch, char *err, size_t errlen)
{
	const struct lv2_desc *ld = (const struct lv2_desc *)d;
	const struct lv2_ports *ps = &ld->ports;
	struct lv2_unit *u;

	if (nch != 1 && nch != 2) {
		snprintf(err, errlen, "%s: %d channels (tmix strips have 1 or 2)", ld->uri, nch);
		return NULL;
	}
	u = xcalloc(1, sizeof *u);
	atomic_fetch_add(&lv2_live_units, 1);
	u->ld = ld;
	u->nch = nch;
	u->ninst = ps->nin == 1 && ps->nout == 1 && nch == 2 ? 2 : 1;
	u->max_block = max_block > 0 ? max_block : 1;
	u->rate = (float)rate;
	u->min_block = 1;
	u->block = u->nominal = u->max_block;
	u->chunk = lv2_urid(LV2_ATOM__Chunk);
	u->sequence = lv2_urid(LV2_ATOM__Sequence);
	set_options(u);
	u->ctl_in = xcalloc(ps->n, sizeof *u->ctl_in);
	memcpy(u->ctl_in, ld->port_default, ps->n * sizeof *u->ctl_in);
	for (int i = 0; i < u->ninst; i++) {
		struct inst *in = &u->inst[i];
		inst_alloc(u, in);
		if (ld->has_worker_feature)
			in->worker = lv2_worker_new();
		set_features(u, in);
		lv2_lock();
		in->li = lilv_plugin_instantiate(ld->plugin, rate, in->feats);
		if (in->li)
			keep_loaded((struct lv2_desc *)ld);
		lv2_unlock();
		if (!in->li) {
			snprintf(err, errlen, "LV2 plugin %s could not be instantiated at %.0f Hz", ld->uri, rate);
			u->ninst = i + 1;
			lv2_unit_destroy(u);
			return NULL;
		}
		connect(u, in);
		if (in->worker)
			lv2_worker_start(in->worker, lilv_instance_get_handle(in->li),
					 lilv_instance_get_extension_data(in->li, LV2_WORKER__interface));
		atoms_ready(u, in);
		lilv_instance_activate(in->li);
	}
	return u;
}
