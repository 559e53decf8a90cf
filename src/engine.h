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
#include "spectrum.h"
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
	unsigned disk_xruns; /* of those, the disk thread fell behind (the rest: the output was late) */
	bool refilling;      /* a seek is waiting for the disk thread */
	int unit_latency;    /* frames the plugins add, made up on every other path (0: none) */
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
/* An insert slot's parameter (its index in the unit's table) or, with
 * INSERT_BYPASS, its bypass; add, delete and move go by engine_reload. */
void engine_set_insert(struct engine *e, int strip, int slot, int param, double v);

/* Recording automation from the keys (touch, latch, write): v becomes
 * the value of target (P_GAIN, P_PAN, P_WIDTH, P_MUTE, or GRAPH_REC_SEND
 * + the model's send index) from the next 50 ms grid point, at once in
 * what is heard; release glides back to the lane (touch). Ignored while
 * stopped. What was played comes back through engine_rec_poll as points,
 * and a pass ends (stop, pause, seek, a loop's wrap, a reload) with an
 * ENGINE_REC_PASS event: the caller merges the points into the model
 * (lane_merge_pass) and reloads. */
enum engine_rec_kind { ENGINE_REC_POINT, ENGINE_REC_RELEASED, ENGINE_REC_PASS };
struct engine_rec_event {
	enum engine_rec_kind kind;
	int strip, target;
	double t, v; /* a point; RELEASED: t of the glide's last point; PASS: from t to v, seconds */
};
void engine_rec(struct engine *e, int strip, int target, double v, bool release);
/* Mirror of a lane edit (target as for engine_rec): the lane is copied
 * and swapped in at the next block, without a reload. */
void engine_set_lane(struct engine *e, int strip, int target, const struct auto_lane *l);
bool engine_rec_poll(struct engine *e, struct engine_rec_event *ev);

/* Rebuilds the graph and sources from a new model without stopping the
 * transport (hot reload, a track added). 0, or -1 with a message. */
int engine_reload(struct engine *e, const struct project *p, char *err, size_t errlen);
/* True (once) when a plugin's latency moved after a parameter change
 * (graph_latency_moved): the caller reloads with the model, so the new
 * graph compensates the new latency and the header's figure follows. */
bool engine_latency_moved(struct engine *e);

void engine_status(struct engine *e, struct engine_status *st);
/* How far playback runs past the last stem so that reverb and delay
 * tails ring out: the end of the song for `tmix play` and the mixer. */
#define ENGINE_TAIL_S 2.0
/* Meters of a strip since the last call for that strip. */
void engine_meter(struct engine *e, int strip, struct strip_meter *m);
/* Frees what the audio side handed back; call once per UI frame. */
void engine_poll(struct engine *e);

/* Added after the first draft (new functions only):
 * Where stderr chatter should go for a screen session:
 * $XDG_STATE_HOME/tmix/tmix.log, else ~/.local/state/tmix/tmix.log
 * (a static buffer; the folders are created by engine_open). */
const char *engine_default_log_path(void);
/* Makes the folders above a log file (mode 0700), as engine_open does;
 * for a caller that checks the log can be written before it opens. */
void engine_make_log_dirs(const char *path);
/* Prints the output devices PortAudio offers, one a line, the default
 * marked '*' (for --list-devices). 0, or -1 when PortAudio fails. */
int engine_list_devices(FILE *out);
/* Hardening: true when track `track` (a strip index below ntracks) has
 * gone offline — its stem was deleted, replaced, truncated, rewritten or
 * failed to read while open — with the reason copied into reason (when
 * not NULL). An offline track plays silence; everything else plays on.
 * engine_reload reopens the stems, which clears the mark when the file
 * is good again. */
bool engine_track_offline(struct engine *e, int track, char *reason, size_t n);

/* Loudness of what is heard (EBU R128 / ITU-R BS.1770, libebur128 in
 * histogram mode): the callback copies its output into a ring and a
 * thread of its own measures it, so the figures lag by ~10 ms. Only
 * blocks that played are measured (not the silence while a seek refills);
 * a seek drops the partial 100 ms sub-block, so no gating block holds
 * audio from both sides of a jump within one 100 ms step. Momentary and
 * short-term follow the audio; integrated, range and the true-peak
 * maximum run since the last reset. */
struct engine_loudness {
	double momentary, shortterm, integrated; /* LUFS; -INFINITY while too quiet or too short */
	double range;         /* LU */
	double true_peak_max; /* dBTP, the highest since the reset */
	bool valid;           /* something has played since the reset */
	unsigned long dropped;/* frames the meter missed (its ring was full) */
	/* the same audio folded to mono, (L+R)/2 on both sides: stereo minus
	 * these is the mono-fold drop in LU (LUFS; -INFINITY while too quiet) */
	double fold_shortterm, fold_integrated;
};
void engine_loudness(struct engine *e, struct engine_loudness *l);
void engine_loudness_reset(struct engine *e);
/* The last frames heard (before the monitor section), oldest first, for
 * the goniometer: up to max (at most 4096); the number copied. */
int engine_scope(struct engine *e, float *l, float *r, int max);

/* Reference A/B: the project's [reference] tracks stream beside the
 * stems, at their `start` on the same timeline. engine_reference flips
 * what is heard (a 20 ms crossfade) between the mix (-1) and reference
 * index, with the reference's gain set to mix LUFS - reference LUFS
 * (clamped to +-24 dB). Each reference's loudness and spectrum are
 * measured once, decoding the whole file on a background thread; the
 * mix's integrated loudness comes from a background render of the whole
 * project (the bounce path) at open and reload, or from the caller
 * (engine_reference_match), whichever came last. The meters and
 * engine_loudness show what is heard. A bounce never includes it. */
struct engine_reference {
	int heard;            /* the reference heard, -1 for the mix */
	int count;            /* references in the project */
	bool measured;        /* this reference's loudness is known */
	double lufs;          /* its integrated loudness, whole file */
	double mix_lufs;      /* the mix it is matched to; -INFINITY until known */
	double gain_db;       /* mix_lufs - lufs once both are known, else 0 */
	bool measuring;       /* a background measurement is running */
};
void engine_reference(struct engine *e, int index);
/* Describes reference index (-1: the one heard, or the first). */
void engine_reference_status(struct engine *e, int index, struct engine_reference *r);
void engine_reference_match(struct engine *e, double mix_lufs);

/* Tonal balance: long-term 1/3-octave spectra (spectrum.h), each in dB
 * relative to its own integrated loudness, so a curve shows balance and
 * not level. The mix's is measured from what played (mix only, never the
 * reference) since the last engine_loudness_reset; a reference's from
 * its whole file. */
struct engine_tonal {
	double mix[SPECTRUM_BANDS], ref[SPECTRUM_BANDS]; /* -INFINITY where unknown */
	bool mix_valid, ref_valid;
	double mix_seconds;   /* how much of the mix the average holds */
};
void engine_tonal(struct engine *e, int ref, struct engine_tonal *t);

/* Monitor section (dsp/monitor.h): changes only what is heard, after the
 * meters and the loudness tap; never in a bounce, stems or analysis, and
 * not saved. name is a mode (off, mono, side, swap, dim, phone, small,
 * cut) or a delivery target (targets.h): the mix then plays at the level
 * that platform would play it (target - the mix's integrated loudness).
 * With a finite lufs any other name is a target of that loudness (the
 * project's own). -1 with the known names in err for an unknown one. */
int engine_monitor_set(struct engine *e, const char *name, double lufs, char *err, size_t errlen);
struct engine_monitor {
	char name[32];      /* "off", "mono", ... or the target's name */
	bool on;            /* anything but off */
	bool level;         /* a target's playback level */
	double lufs;        /* level: the target's loudness */
	bool measured;      /* level: the mix's loudness is known, the gain is real */
	const char *basis;  /* level: "whole song", "so far", "short-term" or "not measured yet" */
	double gain_db;     /* the gain the callback applies now (dim -20, cut -inf, level's) */
};
void engine_monitor_status(struct engine *e, struct engine_monitor *m);
/* The gain a platform of loudness lufs (named name: YouTube only turns
 * down) would play the mix at, from the same figure as the monitor's
 * (basis: "whole song", "so far", "short-term"); false, gain 0, until
 * the mix has been measured. */
bool engine_playback_gain(struct engine *e, const char *name, double lufs, double *gain_db, const char **basis);
#endif
