/* engine.h — live playback: the render graph run by an audio clock
 * (PortAudio, or a null clock paced in real time when there is no
 * device), stems streamed by a disk thread, transport, and meters.
 *
 * This is the one interface the TUI and `tmix play` use. Every function
 * here is called from one control thread (the UI); none blocks for long.
 * Changes travel to the audio callback as fixed-size commands on a
 * lock-free SPSC ring and are applied at the next block with the same
 * smoothing as a bounce; meters and transport come back as atomics.
 * Structural changes (engine_reload) build a new graph here and swap it
 * in with one atomic pointer; the old graph comes back on a return ring
 * and is freed by engine_poll. */
#ifndef TMIX_ENGINE_H
#define TMIX_ENGINE_H
#include "graph.h"
#include "project.h"
#include <stdbool.h>
#include <stdio.h>

struct engine;

struct engine_opts {
	const char *audio;   /* "null", "portaudio", or NULL: the device, else null */
	const char *device;  /* PortAudio device name or index, NULL for the default */
	int buffer;          /* frames per callback, 0 for 256 */
	const char *log_path;/* where stderr chatter goes while running, NULL: keep stderr */
};

struct engine_status {
	double pos;          /* seconds on the timeline */
	double length;       /* seconds: end of the last stem */
	bool playing, looping;
	double loop_start, loop_end;
	bool null_output;    /* true when no device is playing */
	char output[128];    /* "no audio device — null output", or the device name */
	double rate;
	int buffer;
	float dsp_load;      /* mean time in the callback / period, 0..1, over ~1 s */
	float dsp_load_max;  /* worst block since the last status call */
	unsigned xruns;
	bool refilling;      /* a seek is waiting for the disk thread */
};

/* Opens the audio output and the disk thread for project p (which must
 * have been probed). The engine keeps its own copy of what it needs; p
 * stays the caller's. NULL with a message on failure. */
struct engine *engine_open(const struct project *p, const struct engine_opts *o, char *err, size_t errlen);
void engine_close(struct engine *e);

void engine_play(struct engine *e, bool on);
void engine_stop(struct engine *e);               /* pause and return to the start */
void engine_seek(struct engine *e, double seconds);
void engine_set_loop(struct engine *e, bool on, double start, double end);

/* Mirror of a model edit (the model is changed by the caller). */
void engine_set_param(struct engine *e, int strip, enum param_id id, double v, enum param_mode mode);
void engine_set_eq(struct engine *e, int strip, int band, const struct eq_band *b);
void engine_set_send(struct engine *e, int strip, int send, double level_db, bool pre);

/* Rebuilds the graph and sources from a new model without stopping the
 * transport (hot reload, a track added). 0, or -1 with a message. */
int engine_reload(struct engine *e, const struct project *p, char *err, size_t errlen);

void engine_status(struct engine *e, struct engine_status *st);
/* Meters of a strip since the last call for that strip. */
void engine_meter(struct engine *e, int strip, struct strip_meter *m);
/* Frees what the audio side handed back; call once per UI frame. */
void engine_poll(struct engine *e);

/* Added after the first draft (new functions only):
 * Where stderr chatter should go for a screen session:
 * $XDG_STATE_HOME/tmix/tmix.log, else ~/.local/state/tmix/tmix.log
 * (a static buffer; the folders are created by engine_open). */
const char *engine_default_log_path(void);
/* Prints the output devices PortAudio offers, one a line, the default
 * marked '*' (for --list-devices). 0, or -1 when PortAudio fails. */
int engine_list_devices(FILE *out);
#endif
