/* engine_internal.h — what the engine's files (engine.c: the control
 * thread's API; engine_rt.c: the audio callback; engine_disk.c: sessions
 * and the disk thread) share, plus hooks for the tests and the benchmark.
 * Nothing outside src/engine*.c, tests/ and bench/ includes this.
 *
 * Threads and who owns what:
 *   control (UI) thread: struct engine's ui_* fields, building sessions
 *   audio thread (the callback, whichever clock runs it): e->rt
 *   disk thread: struct stream's disk fields, sources
 * Everything else they share is _Atomic. */
#ifndef TMIX_ENGINE_INTERNAL_H
#define TMIX_ENGINE_INTERNAL_H
#include "audio.h"
#include "dsp/monitor.h"
#include "engine.h"
#include "source.h"
#include "spsc.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

/* Disk-streaming rings: STREAM_SLOTS chunks of STREAM_CHUNK frames per
 * track (2.7 s at 48 kHz), planar float. A track must hold STREAM_PRIME
 * chunks of the current seek generation before a seek may roll. */
#define STREAM_CHUNK 512
#define STREAM_SLOTS 256
#define STREAM_PRIME 4
/* seek requests pack generation and frame into one atomic word */
#define SEEK_FRAME_BITS 44
#define SEEK_FRAME_MASK ((UINT64_C(1) << SEEK_FRAME_BITS) - 1)

/* What a chunk holds: n frames of the timeline from `frame`, read for
 * seek generation gen. Chunks never straddle a loop end, so the ring
 * holds the timeline in playback order, wraps included. */
struct chunk_tag {
	uint32_t gen;
	int32_t n;
	int64_t frame;
};

struct stream {
	struct spsc ring; /* of struct chunk_tag; data in parallel arrays */
	int channels;
	float *data[2];
	struct source *src;
	/* disk thread only */
	int64_t w;     /* next timeline frame to read, in playback order */
	uint32_t wgen; /* the generation w belongs to */
	int primed;    /* chunks written since wgen began */
	/* audio thread only */
	int roff;      /* frames already used of the oldest chunk */
	/* Offline (the stem went bad): the disk thread writes reason once,
	 * then sets offline with release; the callback plays silence for
	 * the track and the UI reads reason after an acquire load. */
	atomic_bool offline;
	char reason[128];
};

/* A strip's meters as published to the control thread: the callback
 * merges (max of peaks, sum of energy and frames, min of gain
 * reduction), the reader takes and clears each field with an exchange.
 * Floats travel as their bits in 32-bit atomics. */
struct meter_slot {
	_Atomic uint32_t peak[2], energy[2], gr[MGR_N];
	_Atomic uint32_t frames, clips, nan_resets;
	/* Correlation: the callback sums LL, RR and LR over a window of
	 * CORR_WINDOW_S (audio thread only, win_*), then stores the figure
	 * (float bits; NaN for a silent window) and sets corr_new; the reader
	 * takes it with an exchange of corr_new. */
	_Atomic uint32_t corr;
	atomic_bool corr_new;
	double win_ll, win_rr, win_lr;
	int64_t win_n;
};
#define CORR_WINDOW_S 0.4

/* Everything built from one model: swapped in as a whole by reload. */
struct session {
	struct graph *g;
	int ntracks, nstrips;
	int nrefs, nstreams; /* references stream after the tracks: st[ntracks + i] */
	struct stream *st;
	float *refbuf[4];    /* audio thread: the heard reference, and a sink for the others */
	struct meter_slot *meters;
	_Atomic uint32_t ready_gen; /* disk thread: every ring primed for gen */
	int unit_latency;    /* graph_unit_latency, read when built */
};

enum cmd_type {
	CMD_PLAY, CMD_STOP, CMD_SEEK, CMD_LOOP, CMD_PARAM, CMD_EQ, CMD_SEND, CMD_SWAP,
	CMD_REF, /* engine_ref.c: which reference is heard, at what gain */
	CMD_MONITOR, /* engine_monitor.c: the monitor section's mode and level */
	CMD_REC, /* a recorded automation value (engine_rec) */
	CMD_LANE, /* a lane replaced (engine_set_lane) */
	CMD_INSERT, /* a parameter or the bypass of an insert slot */
};

/* UI → audio: fixed size, copied through the ring. */
struct cmd {
	enum cmd_type type;
	int strip;
	uint32_t serial; /* transport commands: the UI's count, echoed back */
	union {
		bool on;
		int64_t frame;
		struct { bool on; int64_t start, end; } loop;
		struct { enum param_id id; double v; enum param_mode mode; } param;
		struct { int band; struct eq_band b; } eq;
		struct { int send; double level; bool pre; } send;
		struct session *swap;
		struct { int index; double gain_db; } ref;
		struct { int mode; double gain_db; } mon;
		struct { int target; double v; bool release; } rec;
		struct { int target, n; struct auto_point *pt; } lane;
		struct { int slot, param; double v; } ins;
	} u;
};

/* State only the audio callback touches. */
struct rt_state {
	struct session *s;
	int64_t pos;
	bool playing, waiting, loop_on;
	int64_t loop_start, loop_end;
	uint32_t gen;
	uint32_t serial; /* of the last transport command applied */
	double busy_s, span_s; /* for the ~1 s mean DSP load */
	struct session *unreturned[8];
	int nunreturned;
	struct auto_point *unfreed[8]; /* lane points the return ring had no room for */
	int nunfreed;
	int64_t pass_start;  /* where the automation pass being recorded began */
	unsigned pass_points;/* points reported in it */
	/* reference A/B (engine_ref.c): the crossfade from the mix (0) to
	 * reference ref (1) and its matching gain, both glided */
	int ref;
	bool ref_on;
	float ref_x, ref_g, ref_g_target;
	/* the monitor section: after the tap and the meters, so neither
	 * ever measures it */
	struct monitor mon;
};

/* The output tap (engine_loudness.c): the callback copies what is heard
 * into chunks of this ring; the loudness thread drains it. A chunk is
 * published when full or at a break; when the ring is full the frames are
 * dropped and counted, never waited for. */
#define TAP_CHUNK 1024
#define TAP_SLOTS 256 /* 5.5 s at 48 kHz */
enum { TAP_BREAK = 1, /* a seek (or refill) lies between this chunk and the last */
       TAP_REF = 2 }; /* holds reference audio (the mix-only measures skip it) */
struct tap_tag {
	int32_t n;
	uint32_t flags;
	uint32_t reset;   /* the meter-reset serial this audio was played under */
};
struct tap {
	struct spsc ring; /* of struct tap_tag; audio in data[] by slot */
	float *data[2];
	_Atomic uint32_t dropped;
	/* A meter reset travels with the audio: the UI bumps reset_req, the
	 * callback stamps every chunk with the serial it saw, and the
	 * loudness thread resets when the stamp changes. A reset flag beside
	 * the ring would race: audio played after the reset could be measured
	 * and then thrown away by a reset seen late. */
	_Atomic uint32_t reset_req;
	/* audio thread only */
	long slot;        /* the chunk being filled, or -1 */
	uint32_t flags, gen, reset;
};
struct loud_thread; /* engine_loudness.c */
struct ref_meas;    /* engine_ref.c */

struct engine {
	double rate;
	int buffer;
	bool manual;          /* tests: no clock, engine_render_for_test drives */
	struct audio *audio;
	bool pa_up;
	char output[128];
	struct spsc cmds, ret;
	struct spsc recev;    /* audio → UI: struct engine_rec_event */
	struct spsc lane_ret; /* audio → UI: lane points to free (struct auto_point *) */
	struct rt_state rt;

	/* published by the callback */
	_Atomic int64_t pos;
	_Atomic uint64_t seek_req;
	_Atomic uint32_t loop_seq; /* seqlock over the next three, for the disk thread */
	_Atomic bool loop_on;
	_Atomic int64_t loop_start, loop_end;
	_Atomic bool playing, refilling;
	_Atomic uint32_t applied;
	_Atomic uint32_t load_mean, load_max; /* float bits */
	_Atomic uint32_t xruns, underruns;
	_Atomic(struct session *) live;

	/* disk thread */
	pthread_t disk;
	atomic_bool disk_quit;
	_Atomic(struct session *) disk_hazard;

	/* control thread */
	struct session *ui_sess;
	struct session *graveyard[16];
	int ngrave;
	uint32_t ui_serial, ui_pos_serial;
	int64_t ui_pos;
	bool ui_playing, ui_looping;
	double ui_loop_start, ui_loop_end, length;
	int saved_stderr;

	/* mastering: the output tap, the loudness thread, reference A/B */
	struct tap tap;
	struct loud_thread *loud;
	struct ref_meas *meas;
	int ui_ref;           /* the reference heard, -1 for the mix */

	/* monitor section (engine_monitor.c), control thread */
	int ui_mon_mode;      /* enum monitor_mode */
	char ui_mon_name[32]; /* the mode's or the target's name */
	double ui_mon_lufs;   /* MON_LEVEL: the target's loudness */
	double ui_mon_gain;   /* MON_LEVEL: the gain posted, dB */
	int ui_mon_basis;     /* what the gain was worked out from (engine_monitor.c) */
	double ui_mon_poll_t; /* when the gain was last worked out */
	/* tests: the monitor's gain target as the callback last set it (bits) */
	_Atomic uint32_t mon_gain;
};

/* engine_disk.c */
struct session *engine_session_new(const struct project *p, double rate, char *err, size_t errlen);
void engine_session_free(struct session *s);
int engine_disk_start(struct engine *e, char *err, size_t errlen);
void engine_disk_stop(struct engine *e);
void engine_loop_read(struct engine *e, bool *on, int64_t *start, int64_t *end);

/* engine_rt.c */
void engine_render(void *user, float *l, float *r, int n, bool xrun);
void engine_rt_init(struct engine *e, struct session *s);
void engine_meter_take(struct meter_slot *m, struct strip_meter *out);

/* engine_loudness.c */
void engine_tap_init(struct tap *t);
void engine_tap_destroy(struct tap *t);
void engine_tap_push(struct tap *t, const float *l, const float *r, int n, uint32_t gen, bool ref);
int engine_loudness_start(struct engine *e, char *err, size_t errlen);
void engine_loudness_stop(struct engine *e);

/* engine_ref.c */
int engine_session_add_refs(struct session *s, const struct project *p, double rate, char *err, size_t errlen);
void engine_ref_apply(struct rt_state *rt, const struct cmd *c);
void engine_ref_mix(struct rt_state *rt, float *l, float *r, const float *rl, const float *rr, int n, double rate);
bool engine_ref_audible(const struct rt_state *rt);
int engine_ref_start(struct engine *e, const struct project *p, char *err, size_t errlen);
void engine_ref_project(struct engine *e, const struct project *p); /* a reload: measure again */
void engine_ref_poll(struct engine *e);
void engine_ref_stop(struct engine *e);
/* Reference index's spectrum re its loudness; false until measured. */
bool engine_ref_spectrum(struct engine *e, int index, double out[SPECTRUM_BANDS]);

/* engine_monitor.c */
void engine_monitor_apply(struct rt_state *rt, const struct cmd *c);
void engine_monitor_poll(struct engine *e);

/* Test hooks: called at entry and exit of every callback, on the audio
 * thread (set before engine_open; the RT-safety test counts forbidden
 * calls between them). */
extern void (*engine_rt_enter_hook)(void);
extern void (*engine_rt_exit_hook)(void);

/* Tests and benchmark: an engine with no clock; the caller renders blocks
 * through the same callback with engine_render_for_test. */
struct engine *engine_open_manual(const struct project *p, const struct engine_opts *o, char *err, size_t errlen);
void engine_render_for_test(struct engine *e, float *l, float *r, int n);
/* Frames buffered for the current generation in the emptiest ring. */
int64_t engine_test_min_buffered(struct engine *e);
#endif
