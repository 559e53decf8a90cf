/* graph.h — the render graph: the single place where tmix computes audio.
 * Live playback (engine.c, in the audio callback) and `tmix bounce` run
 * the same graph on the same blocks, so a bounce is what was heard.
 *
 * Built from the model on a non-real-time thread (graph_new allocates
 * everything it will ever need); after that graph_process and the
 * graph_set_* calls neither allocate, lock, print nor touch a file, and
 * may be called from the audio callback. One thread at a time uses a
 * graph (the engine hands it over with an atomic pointer swap).
 *
 * Stem audio is not read here: before each graph_process the caller fills
 * every track's input buffer (graph_input) with the stem's frames at that
 * timeline position, already at the session rate — from a disk-streaming
 * ring when live, straight from the source when bouncing. */
#ifndef TMIX_GRAPH_H
#define TMIX_GRAPH_H
#include "project.h"
#include <stdbool.h>
#include <stdint.h>

#define GRAPH_MAX_BLOCK 1024 /* frames per graph_process call, at most */

struct graph;

/* What each strip publishes for the meters, accumulated since the last
 * graph_take_meter: post-fader, post-pan peak and RMS per channel,
 * samples at or over 0 dBFS, and the deepest gain reduction seen.
 * in_peak is the strip's input before trim (the stem for a track, the
 * sum routed in for a bus), for gain staging; pre_limiter_peak is the
 * master's output before its limiter (0 for other strips). Linear. */
/* A strip's gain-reduction meters, by the kind of output its units
 * report (dsp/unit.h): the gate's attenuation, compression (its
 * compressor and its inserts', the deepest), and on the master the
 * limiter's. MGR_LETTERS: the letter the console shows beside each. */
enum meter_gr { MGR_GATE, MGR_COMP, MGR_LIMITER, MGR_N };
#define MGR_LETTERS "GCL"

struct strip_meter {
	float peak[2], rms[2];
	unsigned clips;
	float gr[MGR_N]; /* dB, <= 0 */
	unsigned nan_resets;
	float in_peak, pre_limiter_peak;
	float lr;   /* mean of L*R (with rms: the correlation); graph_take_meter */
	float corr; /* engine_meter: L/R correlation of the last ~400 ms window, -1..+1;
		     * NaN when no window ended since the last read, or it was silent */
};

struct graph *graph_new(const struct project *p, double rate, char *err, size_t errlen);
void graph_free(struct graph *g);

int graph_nstrips(const struct graph *g);
/* The input buffer of a track (strip index < ntracks) for channel ch of
 * its stem; graph_input_channels says 1 or 2. */
float *graph_input(struct graph *g, int track, int ch);
int graph_input_channels(const struct graph *g, int track);

/* Renders n <= GRAPH_MAX_BLOCK frames whose first frame is at timeline
 * frame `frame` (drives automation) into out_l/out_r. The master's output
 * is delayed by graph_latency frames (the limiter's look-ahead); callers
 * that need time-aligned output (bounce) discard that many first frames. */
void graph_process(struct graph *g, int64_t frame, float *out_l, float *out_r, int n);
int graph_latency(const struct graph *g);
/* Of that, the frames the units (plugins) add on the longest path to the
 * master: what delay compensation makes every other path wait. */
int graph_unit_latency(const struct graph *g);
/* True (once) after a unit reported a latency other than the one the
 * graph was built with and compensates: a parameter change moved it (an
 * LV2 limiter's look-ahead). The graph keeps playing with the old
 * compensation; the caller builds a new graph from the model, which
 * reads every latency afresh, and swaps it in. Any thread (an atomic). */
bool graph_latency_moved(struct graph *g);
/* Clears every delay line, filter and envelope (a seek, a loop jump with
 * tails cut, a reload): the next block starts from silence. */
void graph_reset(struct graph *g);

/* Parameter changes: the model's new value, applied with the same glide
 * as any other change. Solo and mute recompute the audible set. */
void graph_set_param(struct graph *g, int strip, enum param_id id, double v, enum param_mode mode);
void graph_set_eq(struct graph *g, int strip, int band, const struct eq_band *b);
void graph_set_send(struct graph *g, int strip, int send, double level_db, bool pre);
/* A parameter of insert slot `slot` (param: its index in the unit's
 * table, clamped to its range; INSERT_BYPASS: bypass on when v != 0). */
void graph_set_insert(struct graph *g, int strip, int slot, int param, double v);

/* Recording automation from the keys (live only; graph_rec.c). target
 * is P_GAIN, P_PAN, P_WIDTH, P_MUTE, or GRAPH_REC_SEND + the model's
 * send index. graph_rec_set starts a 50 ms ramp to v at the next 50 ms
 * grid point after frame (after the ramp under way, if one is); release
 * glides back to the lane over 100 ms and then lets it play again.
 * Points fall on whole milliseconds and values are rounded as the file
 * writes them, so the lane saved from them plays what was heard. */
#define GRAPH_REC_SEND 1000
#define GRAPH_REC_STEP_MS 50
void graph_rec_set(struct graph *g, int strip, int target, double v, bool release, int64_t frame);
/* Arms every target of strips in write mode at frame (a pass starts):
 * the value there holds until a key changes it. */
void graph_rec_arm_write(struct graph *g, int64_t frame);
/* Hands every point the playhead (frame) has passed to emit, once; end:
 * every point, and recording stops (a pass ends). released is called
 * when a touch has glided back, with the time of its last point. */
struct graph_rec_sink {
	void (*point)(void *ctx, int strip, int target, double t, double v);
	void (*released)(void *ctx, int strip, int target, double t);
	void *ctx;
};
void graph_rec_flush(struct graph *g, int64_t frame, bool end, const struct graph_rec_sink *sink);
/* A time in whole milliseconds as the file's reader makes it from M:SS.sss. */
double graph_ms_time(int64_t ms);
/* A reload while recording: the recording goes on in the new graph (built
 * from the same strips). False, and nothing moved, when the shapes differ. */
bool graph_rec_move(const struct graph *from, struct graph *to);

/* A lane replaced in place (the model's lane edited: a trim, a pass
 * merged): target as for graph_rec_set; pt (n points, allocated by the
 * caller) becomes the lane. Returns what the caller must free off the
 * audio thread: the old points, or pt itself when the lane was not taken
 * (auto.mode off, no such send). */
struct auto_point *graph_set_lane(struct graph *g, int strip, int target, int n, struct auto_point *pt);
/* graph_set_lane's (and engine_set_lane's) target for the lane of
 * parameter `param` of insert slot `slot`: GRAPH_LANE_INSERT + slot *
 * GRAPH_LANE_INSERT_PARAMS + param. An empty lane gives the parameter
 * back its static value. */
#define GRAPH_LANE_INSERT 100000
#define GRAPH_LANE_INSERT_PARAMS 1000

/* Offline rendering only (bounce, analyze): compute tracks on `threads`
 * threads. The output stays bit-identical. Never on a live graph: the
 * hand-over between threads locks. */
int graph_set_threads(struct graph *g, int threads);

/* Offline rendering only: the graph fills each track's input itself by
 * calling fn (the caller then leaves graph_input alone), on whichever
 * thread computes that track — so stems decode in parallel too. fn must
 * touch nothing but that track's source. */
typedef void graph_reader(void *ctx, int track, int64_t frame, float *const in[2], int n);
void graph_set_reader(struct graph *g, graph_reader *fn, void *ctx);

/* Offline rendering with a reader: like graph_process for the block
 * (frame, n), but once the tracks of that block are summed it starts the
 * tracks of the next block (next, next_n; next_n 0 for none) on the
 * workers, so that this block's master chain and whatever the caller
 * does with the output run beside them. The next call must be for
 * exactly (next, next_n). Track outputs (graph_strip_output) are those
 * of the next block by the time this returns: a caller that reads them
 * uses graph_process. Output identical to graph_process. */
void graph_process_ahead(struct graph *g, int64_t frame, int n, int64_t next, int next_n, float *out_l,
			 float *out_r);

/* Offline only (bounce --normalize, --deliver): render the tracks and
 * buses once, replay only the master chain for each gain or target.
 * graph_set_master_tap: every block's master input (the sum of what is
 * routed to it, before the master strip) is also copied to l and r,
 * which hold GRAPH_MAX_BLOCK frames each (NULL: stop). graph_process_master:
 * runs only the master strip and the limiter on a master input recorded
 * so, for the block (frame, n) it was recorded at; with blocks replayed
 * in the same order, the output is the one graph_process gave for a graph
 * built with the same master settings. */
void graph_set_master_tap(struct graph *g, float *l, float *r);
void graph_process_master(struct graph *g, int64_t frame, const float *in_l, const float *in_r, float *out_l,
			  float *out_r, int n);
/* Offline only: every block's limiter input (the master strip's output)
 * is also copied to l and r, and the limiter's detector value per frame
 * (its 4x-interpolated peak, before the ceiling) to q, GRAPH_MAX_BLOCK
 * frames each (NULL: stop). The output does not change. */
void graph_set_limiter_tap(struct graph *g, float *l, float *r, float *q);
/* Denormals flushed to zero on the calling thread, as every graph_process
 * call sets them: a thread that handles the graph's output (an offline
 * replay's writer) sets the same, so its arithmetic is the same. */
void graph_set_ftz(void);

/* Strip meters (peak, RMS, clips) are on in a new graph; an offline
 * render that never reads them turns them off to save their pass over
 * every strip. Gain reduction, input and pre-limiter peaks are kept. */
void graph_set_meters(struct graph *g, bool on);
/* Reads and clears a strip's meter accumulators (audio side). */
void graph_take_meter(struct graph *g, int strip, struct strip_meter *m);
/* The post-fader output of a strip in the last graph_process call (for
 * `bounce --stems`): planar, n frames, two channels. */
const float *graph_strip_output(const struct graph *g, int strip, int ch);
#endif
