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
};

/* A strip's meters as published to the control thread: the callback
 * merges (max of peaks, sum of energy and frames, min of gain
 * reduction), the reader takes and clears each field with an exchange.
 * Floats travel as their bits in 32-bit atomics. */
struct meter_slot {
	_Atomic uint32_t peak[2], energy[2], gr[3];
	_Atomic uint32_t frames, clips, nan_resets;
};

/* Everything built from one model: swapped in as a whole by reload. */
struct session {
	struct graph *g;
	int ntracks, nstrips;
	struct stream *st;
	struct meter_slot *meters;
	_Atomic uint32_t ready_gen; /* disk thread: every ring primed for gen */
};

enum cmd_type {
	CMD_PLAY, CMD_STOP, CMD_SEEK, CMD_LOOP, CMD_PARAM, CMD_EQ, CMD_SEND, CMD_SWAP,
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
};

struct engine {
	double rate;
	int buffer;
	bool manual;          /* tests: no clock, engine_render_for_test drives */
	struct audio *audio;
	bool pa_up;
	char output[128];
	struct spsc cmds, ret;
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
