/* main.c — the command line: global options, then a verb from the table
 * below; each verb is a cmd_*.c file that returns an exit status
 * (0 ok, 1 runtime failure, 2 bad input). */
#include "config.h"
#include "cli.h"
#include "engine.h"
#include "tmix.h"
#include "units.h"
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cli_opts cli_opts = {.buffer = 256, .fps = 25};

static const struct verb {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} verbs[] = {
	{"check", cmd_check, "check PROJECT.ini            validate; errors and warnings with file:line"},
	{"play", cmd_play, "play PROJECT.ini [--from T] [--loop]   play without the screen"},
	{"bounce", cmd_bounce, "bounce PROJECT.ini [-o FILE] [--format wav16|wav24|float|flac]\n"
		"                   [--normalize LUFS] [--from T] [--to T] [--stems DIR]   render to a file"},
	{"analyze", cmd_analyze, "analyze PROJECT.ini [--json]  levels per strip, suggested trims, mix loudness"},
	{"init", cmd_init, "init DIR [-o PROJECT.ini]    a new project from a folder of stems"},
	{"plugins", cmd_plugins, "plugins [WORDS] [--json]     the installed LV2 plugins (name, URI, ports, features)"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: tmix [OPTIONS] PROJECT.ini       open the mixer\n");
	for (size_t i = 0; i < ARRAY_LEN(verbs); i++)
		fprintf(f, "       tmix %s\n", verbs[i].usage);
	fprintf(f, "options:\n"
		"  --audio null|portaudio  output (default: the sound card, or null when there is none)\n"
		"  --device NAME|INDEX     PortAudio output device\n"
		"  --buffer FRAMES         audio buffer size (default 256)\n"
		"  --list-devices          list output devices\n"
		"  --fps N                 screen frames per second while playing (default 25)\n"
		"  --recover               the mixer: recover PROJECT.ini.autosave without asking\n"
		"  --discard-autosave      the mixer: delete PROJECT.ini.autosave without asking\n"
		"  --help, --version\n"
		"exit status: 0 ok, 1 runtime failure, 2 bad input\n"
		"see tmix(1) and tmix-project(5)\n");
}

/* Whether the log can be opened for appending (its folders made as the
 * engine makes them); why not in why. */
static bool log_ok(const char *path, char *why, size_t n)
{
	struct stat st;
	int fd;

	engine_make_log_dirs(path);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(why, n, "%s", strerror(errno));
		return false;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(why, n, "not a regular file");
		close(fd);
		return false;
	}
	close(fd);
	return true;
}

/* $TMPDIR/tmix-UID: ours alone (a folder in a shared /tmp that someone
 * else made, or a link, is not used). */
static bool private_dir(const char *dir)
{
	struct stat st;
	mkdir(dir, 0700);
	return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() && !(st.st_mode & 022);
}

const char *cli_log_path(char *note, size_t n)
{
	static char fb[4096];
	const char *def = engine_default_log_path(), *tmp = getenv("TMPDIR"), *out = "/dev/null";
	char why[128], dir[4000], e1[1100], e2[1100];

	*note = 0;
	if (log_ok(def, why, sizeof why))
		return def;
	snprintf(dir, sizeof dir, "%s/tmix-%ld", tmp && *tmp == '/' ? tmp : "/tmp", (long)geteuid());
	snprintf(fb, sizeof fb, "%s/tmix.log", dir);
	if (private_dir(dir) && log_ok(fb, (char[128]){0}, 128))
		out = fb;
	/* where it went first: on an 80-column status line the rest may be cut */
	if (out == fb)
		snprintf(note, n, "the log is in %s: cannot write %s (%s)", units_escape(fb, e2, sizeof e2),
			 units_escape(def, e1, sizeof e1), why);
	else
		snprintf(note, n, "nothing is logged: cannot write %s (%s)", units_escape(def, e1, sizeof e1), why);
	return out;
}

/* Removes global options from argv wherever they appear. */
static int take_globals(int *argc, char **argv)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		const char **val = NULL;
		int *ival = NULL;
		if (!strcmp(a, "--audio"))
			val = &cli_opts.audio;
		else if (!strcmp(a, "--device"))
			val = &cli_opts.device;
		else if (!strcmp(a, "--buffer"))
			ival = &cli_opts.buffer;
		else if (!strcmp(a, "--fps"))
			ival = &cli_opts.fps;
		if (!strcmp(a, "--recover") || !strcmp(a, "--discard-autosave")) {
			*(a[2] == 'r' ? &cli_opts.recover : &cli_opts.discard_autosave) = true;
			continue;
		}
		if (!val && !ival) {
			argv[out++] = argv[i];
			continue;
		}
		if (i + 1 >= *argc) {
			units_print_line(stderr, "tmix: %s needs a value", a);
			return -1;
		}
		if (val)
			*val = argv[++i];
		else {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end || v < 1 || v > 65536) {
				units_print_line(stderr, "tmix: %s %s: expected a positive whole number", a, argv[i]);
				return -1;
			}
			*ival = (int)v;
		}
	}
	*argc = out;
	argv[out] = NULL;
	if (cli_opts.recover && cli_opts.discard_autosave) {
		fprintf(stderr, "tmix: --recover and --discard-autosave: choose one\n");
		return -1;
	}
	if (cli_opts.audio && strcmp(cli_opts.audio, "null") && strcmp(cli_opts.audio, "portaudio")) {
		units_print_line(stderr, "tmix: --audio %s: expected null or portaudio", cli_opts.audio);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	/* a few arenas, not one per thread: background jobs come and go, and
	 * per-thread arenas keep what they freed (memory must stay flat over
	 * a long session); the audio callback never allocates */
	mallopt(M_ARENA_MAX, 2);
	if (take_globals(&argc, argv))
		return EXIT_BADINPUT;
	if (argc < 2) {
		fprintf(stderr, "tmix: which project? (a PROJECT.ini file, or a command such as check)\n");
		usage(stderr);
		return EXIT_BADINPUT;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--list-devices"))
		return cmd_list_devices(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--version")) {
		printf("tmix %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_LEN(verbs); i++)
		if (!strcmp(argv[1], verbs[i].name))
			return verbs[i].run(argc - 1, argv + 1);
	if (argv[1][0] == '-') {
		units_print_line(stderr, "tmix: unknown option %s", argv[1]);
		usage(stderr);
		return EXIT_BADINPUT;
	}
	return cmd_tui(argc, argv);
}
