/* lv2_internal.h — what the files of src/lv2/ share (nothing outside
 * src/lv2/ includes this): the world and its lock, the URID map, a
 * plugin's ports sorted into what tmix connects them to, the descriptor
 * behind each unit_desc, and the worker. */
#ifndef TMIX_LV2_INTERNAL_H
#define TMIX_LV2_INTERNAL_H
#include "dsp/unit.h"
#include <lilv/lilv.h>
#include <lv2/urid/urid.h>
#include <lv2/worker/worker.h>
#include <stdatomic.h>
#include <stdint.h>

/* The world, loaded on first call; every lilv call on it (and plugin
 * instantiation, which reads it) is made holding lv2_lock. */
LilvWorld *lv2_world(void);
void lv2_lock(void);
void lv2_unlock(void);
/* A node for a URI, made once per name and kept with the world. */
const LilvNode *lv2_node(const char *uri);

/* The shared URID map and unmap features (thread-safe, may lock: plugins
 * map at instantiation, off the audio thread). */
LV2_URID lv2_urid(const char *uri);
LV2_URID_Map *lv2_urid_map(void);
LV2_URID_Unmap *lv2_urid_unmap(void);

/* Whether the plugin requires a feature or option tmix lacks; the
 * reason (naming it) in err. Holding lv2_lock. */
bool lv2_lacks(const LilvPlugin *p, char *err, size_t n);

/* What tmix connects each port to. */
enum lv2_pkind {
	LP_AUDIO_IN, LP_AUDIO_OUT, LP_SIDECHAIN_IN, LP_CTRL_IN, LP_CTRL_OUT,
	LP_ATOM_IN, LP_ATOM_OUT, LP_NONE /* optional, left unconnected */
};

struct lv2_ports {
	uint32_t n;
	enum lv2_pkind *kind;   /* per port */
	uint32_t *atom_size;    /* per atom port: buffer bytes */
	int nin, nout, nsc;     /* audio ports (sidechain inputs apart) */
	uint32_t in[2], out[2]; /* port index of each main audio port */
	int latency_port;       /* a control output, or -1 */
};
/* Sorts the plugin's ports (holding lv2_lock); false with the reason in
 * err for a port tmix cannot connect or an audio layout it cannot run. */
bool lv2_ports_scan(const LilvPlugin *p, struct lv2_ports *ports, char *err, size_t n);
void lv2_ports_free(struct lv2_ports *ports);

/* The descriptor: a unit_desc first, so a unit_desc of an LV2 unit is
 * one of these. */
struct lv2_desc {
	struct unit_desc d;
	const LilvPlugin *plugin;
	char *uri;
	struct lv2_ports ports;
	uint32_t *param_port;    /* per parameter: its control port */
	float *port_default;     /* per port: a control input's default */
	double **enum_values;    /* per parameter: scale point values (UPK_ENUM) */
	bool has_worker_feature; /* worker:schedule is among its features */
	void *kept;              /* its library, kept loaded once instantiated */
	struct lv2_desc *next;
};
/* The plugin's descriptor with its parameter table (holding lv2_lock). */
struct lv2_desc *lv2_desc_make(const LilvPlugin *p, char *err, size_t n);
void lv2_desc_free(struct lv2_desc *ld);

/* Unit instances alive (lv2_run.c): at exit the world and the
 * descriptors are freed only when none is, as a thread still running a
 * plugin (a mixer quit mid-block) would read them. */
extern atomic_int lv2_live_units;

/* The unit functions (lv2_run.c). */
void *lv2_unit_create(const struct unit_desc *d, double rate, int max_block, int nch, char *err,
		      size_t errlen);
void lv2_unit_destroy(void *u);
void lv2_unit_reset(void *u);
void lv2_unit_set(void *u, int param, double value);
void lv2_unit_process(void *u, float *const ch[], int nch, int n, const float *const key[]);
double lv2_unit_output(void *u, int idx);
int lv2_unit_latency(void *u);
/* What the state hooks (lv2_state.c) need of an instance. */
const struct lv2_desc *lv2_unit_desc(void *u);
int lv2_unit_ninstances(void *u);
/* Before the instance runs: silent blocks until its worker has nothing
 * left to do (a restored state a plugin finishes on its worker). */
void lv2_unit_settle(void *u);
LilvInstance *lv2_unit_instance(void *u, int i);
const LV2_Feature *const *lv2_unit_features(void *u, int i);

/* The state hooks of a plugin with state:interface (dsp/unit.h). */
int lv2_state_save(const struct unit_desc *d, const double *v, double rate, const char *from, const char *dir,
		   char *err, size_t errlen);
int lv2_state_check(const struct unit_desc *d, const char *dir, char *err, size_t errlen);
int lv2_state_restore(void *u, const char *dir, char *err, size_t errlen);

/* The worker of one instance: a request ring (audio thread -> worker
 * thread) and a response ring (back). */
struct lv2_worker;
struct lv2_worker *lv2_worker_new(void);
/* The schedule feature's data, to pass at instantiation. */
LV2_Worker_Schedule *lv2_worker_schedule(struct lv2_worker *w);
/* Starts the thread once the instance exists; false if it cannot. */
bool lv2_worker_start(struct lv2_worker *w, LV2_Handle handle, const LV2_Worker_Interface *iface);
/* Audio thread: hands the responses in to the plugin. */
void lv2_worker_deliver(struct lv2_worker *w);
/* Off the audio thread: work scheduled and not yet handed back. */
bool lv2_worker_busy(struct lv2_worker *w);
/* Audio thread, after run: the plugin's end_run, if it has one. */
void lv2_worker_end_run(struct lv2_worker *w);
void lv2_worker_free(struct lv2_worker *w);
#endif
