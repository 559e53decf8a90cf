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
struct strip_meter {
	float peak[2], rms[2];
	unsigned clips;
	float gr_gate, gr_comp, gr_limiter; /* dB, <= 0 */
	unsigned nan_resets;
	float in_peak, pre_limiter_peak;
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
/* Clears every delay line, filter and envelope (a seek, a loop jump with
 * tails cut, a reload): the next block starts from silence. */
void graph_reset(struct graph *g);

/* Parameter changes: the model's new value, applied with the same glide
 * as any other change. Solo and mute recompute the audible set. */
void graph_set_param(struct graph *g, int strip, enum param_id id, double v, enum param_mode mode);
void graph_set_eq(struct graph *g, int strip, int band, const struct eq_band *b);
void graph_set_send(struct graph *g, int strip, int send, double level_db, bool pre);

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
