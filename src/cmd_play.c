/* cmd_play.c — `tmix play PROJECT [--from T] [--loop]`: the engine
 * without the screen, for scripts and tests. Plays to the end (the
 * project's length plus ENGINE_TAIL_S for reverbs and delays) or until
 * Ctrl-C. On a terminal, one status line on stderr rewritten in place
 * (position, the master's peak over the last second, DSP load, xruns);
 * elsewhere nothing until the end. When it stops, one summary line on
 * stderr: how much of the song played in how long, the master's peak,
 * and the xruns with their cause — the disk, or the machine itself when
 * the clock shows this process was not running (stopped, suspended,
 * starved), which no setting of tmix can fix. Also `tmix --list-devices`. */
#include "cli.h"
#include "engine.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define TICK_NS 50000000L /* the loop's period */
#define STATUS_TICKS 5    /* the status line 4 times a second */
#define PEAK_SLOTS 4      /* ... showing the peak over the last second */
#define STALL_S 0.25      /* a tick this late: the process was not running */

static atomic_bool interrupted;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&interrupted, true); /* lock-free: safe in a handler */
}

#define PLAY_USAGE "tmix play PROJECT.ini [--from TIME] [--loop]"

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* What the run saw, for the summary. */
struct run {
	double played;        /* seconds of the timeline heard, loops counted */
	double last_pos;
	float peak;           /* the master's, linear, over the whole run */
	double stall, stall_at; /* the longest gap between ticks, and where */
	double suspended;     /* seconds the system slept (boot clock minus monotonic) */
};

/* The timeline moved from r->last_pos to pos: forward, or round the loop. */
static void advance(struct run *r, const struct engine_status *st)
{
	if (st->pos >= r->last_pos)
		r->played += st->pos - r->last_pos;
	else if (st->looping)
		r->played += fmax(0, st->loop_end - r->last_pos) + fmax(0, st->pos - st->loop_start);
	r->last_pos = st->pos;
}

/* "1:23.4": always one decimal, so the line does not jitter in width. */
static char *fmt_pos(char *buf, size_t n, double t)
{
	int m = (int)(t / 60);
	snprintf(buf, n, "%d:%04.1f", m, fmax(0, t - m * 60));
	return buf;
}

static float peak_of(const float *slot)
{
	float pk = 0;
	for (int i = 0; i < PEAK_SLOTS; i++)
		pk = slot[i] > pk ? slot[i] : pk;
	return pk;
}

/* One line, rewritten in place and cut to the terminal's width: a line
 * that wrapped would leave a copy of itself behind at every update. */
static void status_line(const struct engine_status *st, float peak)
{
	char t[32], len[32], db[32], line[160];
	struct winsize ws;
	int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 ? ws.ws_col : 80;

	snprintf(line, sizeof line, "%s %s / %s%s  master %s dBFS  DSP %.0f%%  xruns %u%s",
		 st->playing ? ">" : "=", fmt_pos(t, sizeof t, st->pos), fmt_pos(len, sizeof len, st->length),
		 st->pos > st->length ? " tail" : "",
		 units_fmt_level(db, sizeof db, peak > 0 ? 20.0 * log10(peak) : -INFINITY, 1, false),
		 st->dsp_load * 100.0, st->xruns, st->refilling ? "  (filling)" : "");
	if ((int)strlen(line) > cols - 1)
		line[cols - 1] = 0;
	fprintf(stderr, "\r%s\033[K", line); /* erase what a longer line left */
	fflush(stderr);
}

/* The line that stays: what played, and why any block was late. */
static void summary(const struct run *r, const struct engine_status *st, double wall, bool ended)
{
	char played[32], took[32], at[64], db[32], why[256] = "";
	unsigned late = st->xruns - st->disk_xruns;

	if (st->xruns) {
		size_t k = 0;
		if (r->suspended >= STALL_S)
			k += snprintf(why + k, sizeof why - k, "; the system was suspended for %.1f s", r->suspended);
		else if (late && r->stall >= STALL_S)
			k += snprintf(why + k, sizeof why - k,
				      "; the machine stalled: this process did not run for %.2f s at %s"
				      " (stopped, or the system overloaded), so the sound came late",
				      r->stall, fmt_pos(at, sizeof at, r->stall_at));
		else if (late)
			k += snprintf(why + k, sizeof why - k, "; %u from the output running late (a larger --buffer helps)",
				      late);
		if (st->disk_xruns && k < sizeof why)
			snprintf(why + k, sizeof why - k, "; %u from the disk falling behind", st->disk_xruns);
	}
	if (!ended)
		snprintf(at, sizeof at, "stopped at %s", fmt_pos(took, sizeof took, st->pos));
	fprintf(stderr, "tmix play: played %s (%s) in %s, master peak %s dBFS, %u xrun%s%s\n",
		fmt_pos(played, sizeof played, r->played), ended ? "to the end" : at, fmt_pos(took, sizeof took, wall),
		units_fmt_level(db, sizeof db, r->peak > 0 ? 20.0 * log10(r->peak) : -INFINITY, 1, false), st->xruns,
		st->xruns == 1 ? "" : "s", why);
}

int cmd_play(int argc, char **argv)
{
	const char *path = NULL;
	double from = 0, t0, boot0, prev, prev_boot;
	bool loop = false, ended = false, tty = isatty(STDERR_FILENO);
	struct engine_opts o = {.audio = cli_opts.audio, .device = cli_opts.device, .buffer = cli_opts.buffer};
	struct engine_status st;
	struct project *p;
	struct engine *e;
	struct run run = {0};
	char err[512];
	int master, ticks = 0;
	float slot[PEAK_SLOTS] = {0};
	const struct timespec tick = {0, TICK_NS};

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--from") && i + 1 >= argc)
			return cli_usage_error("play", PLAY_USAGE, "--from needs a time (1:23.5)");
		if (!strcmp(argv[i], "--from")) {
			if (units_parse_time(argv[++i], &from)) {
				units_print_line(stderr, "tmix play: --from %s: expected a time like 83.5 or 1:23.5", argv[i]);
				return EXIT_BADINPUT;
			}
		} else if (!strcmp(argv[i], "--loop")) {
			loop = true;
		} else if (argv[i][0] == '-') {
			return cli_usage_error("play", PLAY_USAGE, "unknown option %s%s", argv[i],
					       !strcmp(argv[i], "--to") ? " (play runs to the end; bounce takes --to)" : "");
		} else if (!path) {
			path = argv[i];
		} else {
			return cli_usage_error("play", PLAY_USAGE, "one project at a time ('%s' is one too many)", argv[i]);
		}
	}
	if (!path)
		return cli_usage_error("play", PLAY_USAGE, "which project? (a PROJECT.ini file)");
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
	engine_status(e, &st);
	run.last_pos = st.pos;
	engine_play(e, true);
	t0 = prev = clock_s(CLOCK_MONOTONIC);
	boot0 = prev_boot = clock_s(CLOCK_BOOTTIME);
	while (!atomic_load(&interrupted)) {
		struct strip_meter m;
		double now, boot;
		nanosleep(&tick, NULL);
		now = clock_s(CLOCK_MONOTONIC);
		boot = clock_s(CLOCK_BOOTTIME);
		engine_poll(e);
		engine_status(e, &st);
		/* a tick far later than asked: nothing of ours ran meanwhile */
		if (now - prev > run.stall) {
			run.stall = now - prev;
			run.stall_at = run.last_pos;
		}
		run.suspended += fmax(0, (boot - prev_boot) - (now - prev)); /* the monotonic clock stops in a suspend */
		prev = now;
		prev_boot = boot;
		advance(&run, &st);
		engine_meter(e, master, &m);
		float pk = m.peak[0] > m.peak[1] ? m.peak[0] : m.peak[1];
		int s = ticks / STATUS_TICKS % PEAK_SLOTS;
		if (pk > slot[s])
			slot[s] = pk;
		if (pk > run.peak)
			run.peak = pk;
		if (tty && ++ticks % STATUS_TICKS == 0) {
			status_line(&st, peak_of(slot));
			slot[(s + 1) % PEAK_SLOTS] = 0;
		}
		if (!loop && st.pos >= st.length + ENGINE_TAIL_S) {
			ended = true;
			break;
		}
	}
	engine_play(e, false);
	engine_status(e, &st);
	if (tty)
		fputs("\r\033[K", stderr);
	summary(&run, &st, fmax(clock_s(CLOCK_MONOTONIC) - t0, clock_s(CLOCK_BOOTTIME) - boot0), ended);
	engine_close(e);
	project_free(p);
	return EXIT_OK;
}

int cmd_list_devices(int argc, char **argv)
{
	return engine_list_devices(stdout) ? EXIT_RUNTIME : EXIT_OK;
}
