/* graph_internal.h — the render graph's insides, shared by graph_build.c
 * (construction and parameter changes) and graph.c (processing). Nobody
 * else includes this: everyone else goes through graph.h. */
#ifndef TMIX_GRAPH_INTERNAL_H
#define TMIX_GRAPH_INTERNAL_H
#include "dsp/gain.h"
#include "dsp/limiter.h"
#include "dsp/meter.h"
#include "dsp/pan.h"
#include "dsp/unit.h"
#include "graph.h"
#include "pdc.h"
#include <stdatomic.h>

/* Automation and send levels are evaluated once per GRAPH_SUB frames:
 * fine enough that a ride is smooth (the issue asks for <= 64). */
#define GRAPH_SUB 32

/* A value being recorded from the keys (graph_rec.c): a few breakpoints
 * on the 50 ms grid, evaluated like a lane from its first point on;
 * before it, the strip's lane or static value plays. Written only
 * between blocks, by the thread that runs the graph. */
#define GREC_PTS 4
struct grec {
	bool on, releasing;
	int n, nrep;         /* points, and how many of them are reported */
	struct auto_point pt[GREC_PTS];
};

/* A send level glides linearly per sub-block, like a fader. */
struct gsend {
	int bus;
	bool pre;
	double level_db;
	double cur, target; /* linear, including mute */
	double lin_of, lin;  /* db_to_lin(lin_of), kept: pow per sub-block showed in profiles */
	struct auto_lane lane;
	struct pdc_line line; /* delay compensation on the way to the bus */
	const float *src[2];  /* this block's (delayed) source, set by the route step */
	int model;           /* its index among the model strip's sends */
	struct grec rec;
};

/* Recorded targets of a strip (graph_rec.c), besides each send's own. */
enum { GREC_GAIN, GREC_PAN, GREC_WIDTH, GREC_MUTE, GREC_N };
/* A unit instance in a strip's chain (dsp/unit.h), made by graph_new:
 * an effect bus's reverb or delay, the strip's own gate, EQ and
 * compressor (SU_*, params.h), then its insert slots. The fixed ones are
 * never bypassed and add no latency. */
struct ginsert {
	const struct unit_desc *d;
	void *u;
	bool bypass;
	int gr;              /* its gain-reduction output, or -1 */
	float mix;           /* 1 processed, 0 bypassed; between: the block after a switch */
	float *dry[2];       /* the input kept for that crossfade */
	int latency;         /* frames it delays the signal, as it reported when made */
	struct pdc_line bypass_line; /* bypassed, the signal still waits that long */
	/* its parameters' lanes (auto.insert.N.PARAM): evaluated on the
	 * GRAPH_SUB grid of the timeline (whatever
	 * the block size, so live and bounce set the same values at the same
	 * frames), passed to set() where the value changed */
	int nlanes;          /* one per parameter, or none when auto.mode is off */
	int nactive;         /* of them, lanes with points */
	struct ginsert_lane {
		int param;
		struct auto_lane lane;
		double stat;     /* the static value, set again when the lane empties */
		double sent;     /* the value last set, NaN before the first */
	} *lanes;
	int grk;             /* the meter its gr shows on: MGR_GATE or MGR_COMP (graph.h) */
	int nan;             /* its count of silenced blocks (UOK_NAN_RESETS), or -1 */
	int key;             /* which of the strip's keys it detects on (0 gate, 1 comp), or -1 */
};
/* graph_set_lane for an insert parameter's lane (graph_build.c): the
 * points swapped in place; returns the old ones, or pt when not taken. */
struct auto_point *graph_set_insert_lane(struct graph *g, int strip, int slot, int param, int n,
					 struct auto_point *pt);


struct gstrip {
	enum strip_kind kind;
	enum fx_kind fx;
	int nch;             /* channels through the pre-pan chain: 1 or 2 */
	int output;          /* strip index, or the master */
	float *buf[2];       /* input, processed in place up to the pan */
	float *out[2];       /* after pan: what the strip feeds onward */
	float *pre[2];       /* pre-fader tap, kept for the route step */
	bool *sub_muted;     /* mute state per sub-block: one of sub_muted_bank */
	bool sub_muted_bank[2][GRAPH_MAX_BLOCK / GRAPH_SUB + 1];
	/* graph_process_ahead only: a track's second set of outputs, so it
	 * can compute the next block while this one is being routed */
	float *spare_out[2], *spare_pre[2];
	struct gain trim, fader;
	int nchain;          /* the fixed units, then the inserts */
	struct ginsert *chain;
	int nfx;             /* the first nfx of them run before the trim: an effect bus's effect */
	int su[SU_COUNT];    /* where each strip unit is in the chain, -1 where it has none */
	struct pan pan;
	int ninserts;        /* after the compressor, before the fader */
	struct ginsert *ins; /* the chain's inserts */
	struct meter meter;
	float gr[MGR_N];     /* the deepest reduction of each meter since the last take */
	float in_peak;       /* max |input| before trim since the last take */
	unsigned nan_resets;
	double v[P_COUNT];
	enum param_mode mode[P_COUNT];
	struct auto_lane lane_gain, lane_pan, lane_mute, lane_width; /* empty when auto.mode is off */
	bool rec_mode;       /* auto.mode touch, latch or write: fader and pan always take the lane path */
	struct grec rec[GREC_N];
	int nsends;
	struct gsend *sends;
	bool any_pre;
	int latency;         /* frames its own units delay it (plugins' reported latency) */
	int in_latency;      /* frames its input is late, all sources aligned (pdc.h) */
	struct pdc_line out_line; /* delay compensation on the way to its output */
	/* sidechain: the strip whose pre-fader tap the gate ([0]) and the
	 * compressor ([1]) detect on, -1 for their own signal */
	int key[2];
	bool is_key;         /* keys a strip: its pre-fader tap is kept */
	bool late;           /* a keyed track: computed with the buses, after its key */
	bool audible;        /* false when another strip is soloed */
	bool muted;          /* mute or solo-mute, as last applied */
};

struct graph {
	double rate;
	int *umap;           /* param_unit_map's rows resolved: the unit parameter index */
	int eq_param[EQ_BANDS][4]; /* the EQ unit's type, freq, gain, q of each band */
	double panlaw;
	int nstrips, ntracks, master;
	struct gstrip *s;
	int *order;          /* buses and keyed tracks, sources and keys before sinks */
	int norder;
	struct limiter limiter;
	float pre_limiter_peak; /* max |master output| before the limiter */
	float *scratch[2];
	struct graph_workers *workers; /* bounce only: tracks computed on 2 threads */
	graph_reader *reader; /* offline only: fills a track's input where it is computed */
	void *reader_ctx;
	int64_t ahead_frame;  /* the block graph_tracks_start named, without workers */
	int ahead_n;
	bool started;         /* graph_process_ahead has started the next block */
	bool spares;          /* this block's tracks are in their spare outputs */
	double send_k;       /* send glide coefficient per sub-block */
	bool meters;         /* strip meters (peak/RMS/clips): the live engine's */
	int pdc_latency;     /* the master's output latency from units (pdc.h) */
	atomic_bool latency_moved; /* a unit reported a latency other than its ginsert's */
	float *tap[2];       /* offline only: where the master's summed input is copied */
	float *ltap[2];      /* offline only: where the limiter's input is copied */
};

void graph_strip_compute(struct graph *g, int i, int64_t frame, int n);
/* Flush-to-zero and denormals-are-zero on the calling thread: every
 * thread that computes strips sets it, so a result never depends on the
 * thread that made it. */
void graph_set_ftz(void);
void graph_workers_free(struct graph *g);
void graph_compute_tracks(struct graph *g, int64_t frame, int n);
/* The two halves of graph_compute_tracks: start hands the block's tracks
 * to the workers (with none, only notes the block); finish computes what
 * is left on the calling thread and waits for the rest. */
void graph_tracks_start(struct graph *g, int64_t frame, int n);
void graph_tracks_finish(struct graph *g);

void graph_apply_strip(struct graph *g, int i);  /* push v[]/mode[] into the units */
/* Delay compensation (pdc.h) from each strip's latency: every connection
 * into a bus or the master delayed so that the destination's inputs line
 * up, whatever the units on each path add; graph_latency grows by the
 * master's. Off the audio thread (it allocates the delay lines); run by
 * graph_new once the strips' units exist, again after a latency changes. */
void graph_compensate(struct graph *g);
/* What plays of a strip's gain, pan, width or a send level at t: the
 * recorded value from its first point on, else the lane, else the
 * static value (graph_rec.c); and the mute lane's say (recorded or not). */
double graph_rec_value(const struct gstrip *s, int target, const struct gsend *x, double t);
bool graph_rec_muted(const struct gstrip *s, double t);
void graph_update_solo(struct graph *g);
#endif
