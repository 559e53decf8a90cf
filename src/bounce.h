/* bounce.h — offline rendering of a project through the same render
 * graph as live playback, as fast as the CPU allows: to a file (`tmix
 * bounce`, the TUI's `b`), or only measured (`tmix analyze`). Runs on any
 * thread but the audio callback; it reads stems, writes files and may use
 * a second thread for the track chains. */
#ifndef TMIX_BOUNCE_H
#define TMIX_BOUNCE_H
#include "graph.h"
#include "project.h"
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

enum bounce_format { BOUNCE_WAV24, BOUNCE_WAV16, BOUNCE_FLOAT, BOUNCE_FLAC };

/* One file of `bounce --deliver`: the caller fills t, bounce_render the
 * rest. The file lands within 0.1 LU of t.lufs with its true peak at or
 * under t.tp, by the master's gain and its limiter at t.tp taking off at
 * most 3 dB; where that is not enough the file is written all the same,
 * missed is set and the result's warnings say by how much and why. */
struct bounce_delivery {
	struct {
		const char *name;  /* "spotify" (targets.h) */
		double lufs, tp;   /* integrated loudness, true-peak ceiling */
	} t;
	char path[4096];           /* DIR/NAME-TARGET.wav (bounce_deliver_path) */
	double lufs, true_peak_db; /* as the file measures */
	double gain_db;            /* added to the master */
	double limiting_db;        /* the limiter's deepest reduction */
	bool missed;
};

struct bounce_opts {
	const char *out;           /* NULL: NAME.wav beside the project; "" renders without a file */
	enum bounce_format format;
	double from, to;           /* seconds; to < 0: the end of the last stem plus the effect tails */
	bool normalize;
	double lufs;               /* with normalize: integrated loudness to land on */
	const char *stems_dir;     /* every track and bus post-fader to DIR/NAME.wav, NAME made
	                            * unique ("Kick 2") where names fold to the same file */
	int threads;               /* 0: two */
	/* Called about ten times a second with seconds rendered and expected. */
	void (*progress)(void *ctx, double done, double total);
	/* Called after every block with the graph (per-strip outputs are
	 * valid) and the time-aligned master output. For analysis. */
	void (*block)(void *ctx, struct graph *g, int64_t frame, const float *l, const float *r, int n);
	void *ctx;
	atomic_bool *cancel;       /* set from another thread to stop; nothing is left behind */
	/* --deliver: one file per entry instead of the mix (out, if given,
	 * names the folder they go to); not with normalize or stems_dir */
	struct bounce_delivery *deliver;
	int ndeliver;
};

struct bounce_result {
	char path[4096];
	double seconds;
	double peak_db, true_peak_db, lufs, lra;
	unsigned long clips;       /* samples at or over full scale before the file's clamp; in
	                            * a float file, samples over full scale (kept, not clipped) */
	double gain_change;        /* dB added to the master by --normalize */
	double speed;              /* × real time, over every pass of the whole call */
	int passes;                /* renders it took (--normalize measures first) */
	/* Stems that played with trouble, one line each ("...\n"): samples
	 * that were NaN or infinite (played as silence), a file that ended
	 * early or failed to read; --normalize that could not land within
	 * 0.1 LU of its target, by how much and why. Empty when all went well. */
	char warnings[4096];
	/* What was tidied on the way, one line each: temporary files and
	 * folders that killed bounces to the same place had left. */
	char notes[2048];
};

/* bounce_render's answer when the options are at fault, not the run
 * (exit status 2 for the command line): see bounce_check_outputs. */
#define BOUNCE_REFUSED (-2)

/* 0, -1 with a message (exit status 1 for the command line), or
 * BOUNCE_REFUSED with a message, having written nothing. */
int bounce_render(const struct project *p, const struct bounce_opts *o, struct bounce_result *r,
		  char *err, size_t errlen);

/* Whether the outputs o asks for (the mix, every --stems file) are safe
 * to replace: 0, or -1 with a message naming the file when one of them
 * is the project file, its .bak, .autosave or .lock, a track's stem or a
 * reference track (compared as files, so links and other spellings of
 * the name count too). bounce_render checks this itself; a caller may
 * ask first to say so before starting. */
int bounce_check_outputs(const struct project *p, const struct bounce_opts *o, char *err, size_t errlen);

/* Where --deliver puts target `name`: the folder -o names (o->out), else
 * the project's own folder; the file is the project file's name without
 * its extension, a dash and the target (demo.ini: demo-spotify.wav), .flac
 * for --format flac, else .wav. */
void bounce_deliver_path(const struct project *p, const struct bounce_opts *o, const char *name, char *buf,
			 size_t n);

/* The format a file name asks for, by its extension in any case: .wav a
 * 24-bit WAV, .flac FLAC. 0, or -1 for any other name. */
int bounce_format_of(const char *path, enum bounce_format *fmt);
#endif
