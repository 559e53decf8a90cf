/* cmd_play.c — `tmix play PROJECT [--from T] [--loop]`: the engine
 * without the screen, for scripts and tests. Plays to the end (the
 * project's length plus a 2 s tail for reverbs and delays) or until
 * Ctrl-C, with a one-line status on stderr once a second when stderr is
 * a terminal. Also `tmix --list-devices`. */
#include "cli.h"
#include "engine.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TAIL_S 2.0

static atomic_bool interrupted;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&interrupted, true); /* lock-free: safe in a handler */
}

static int play_usage(void)
{
	fprintf(stderr, "usage: tmix play PROJECT.ini [--from TIME] [--loop]\n");
	return EXIT_BADINPUT;
}

/* One line, rewritten in place: time, master peak over the last second,
 * DSP load, xruns. */
static void status_line(struct engine *e, float peak)
{
	struct engine_status st;
	char t[32], len[32], db[16], xr[32] = "";
	engine_status(e, &st);
	if (peak > 0)
		snprintf(db, sizeof db, "%6.1f", 20.0 * log10(peak));
	else
		snprintf(db, sizeof db, "  -inf");
	if (st.xruns)
		snprintf(xr, sizeof xr, "  xruns %u", st.xruns);
	fprintf(stderr, "\r%s / %s  master %s dBFS  DSP %4.1f%% (max %4.1f%%)%s%s  ",
		units_fmt_time(t, sizeof t, st.pos), units_fmt_time(len, sizeof len, st.length), db,
		st.dsp_load * 100.0, st.dsp_load_max * 100.0, xr, st.refilling ? "  (filling)" : "");
	fflush(stderr);
}

int cmd_play(int argc, char **argv)
{
	const char *path = NULL;
	double from = 0;
	bool loop = false, tty = isatty(2);
	struct engine_opts o = {.audio = cli_opts.audio, .device = cli_opts.device, .buffer = cli_opts.buffer};
	struct engine_status st;
	struct project *p;
	struct engine *e;
	char err[512];
	int master;
	float peak = 0;
	const struct timespec tick = {0, 50000000};
	int ticks = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--from") && i + 1 < argc) {
			if (units_parse_time(argv[++i], &from)) {
				units_print_line(stderr, "tmix play: --from %s: expected a time like 83.5 or 1:23.5", argv[i]);
				return EXIT_BADINPUT;
			}
		} else if (!strcmp(argv[i], "--loop")) {
			loop = true;
		} else if (argv[i][0] != '-' && !path) {
			path = argv[i];
		} else {
			return play_usage();
		}
	}
	if (!path)
		return play_usage();
	p = cli_load(path, true);
	if (!p)
		return EXIT_BADINPUT;
	e = engine_open(p, &o, err, sizeof err);
	if (!e) {
		units_print_line(stderr, "tmix play: %s", err);
		project_free(p);
		return EXIT_RUNTIME;
	}
	master = p->nstrips - 1;
	engine_status(e, &st);
	units_print_line(stderr, "tmix play: %s at %.0f Hz, %d frames: %s", path, st.rate, st.buffer, st.output);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (from > 0)
		engine_seek(e, from);
	if (loop) {
		/* the project's loop region, else the whole song */
		bool region = p->loop_end > p->proj.v[P_LOOP];
		engine_set_loop(e, true, region ? p->proj.v[P_LOOP] : 0, region ? p->loop_end : project_length(p));
	}
	engine_play(e, true);
	while (!atomic_load(&interrupted)) {
		struct strip_meter m;
		nanosleep(&tick, NULL);
		engine_poll(e);
		engine_meter(e, master, &m);
		float pk = m.peak[0] > m.peak[1] ? m.peak[0] : m.peak[1];
		if (pk > peak)
			peak = pk;
		if (tty && ++ticks % 20 == 0) {
			status_line(e, peak);
			peak = 0;
		}
		engine_status(e, &st);
		if (!loop && st.pos >= st.length + TAIL_S)
			break;
	}
	if (tty)
		fputc('\n', stderr);
	engine_close(e);
	project_free(p);
	return EXIT_OK;
}

int cmd_list_devices(int argc, char **argv)
{
	return engine_list_devices(stdout) ? EXIT_RUNTIME : EXIT_OK;
}
