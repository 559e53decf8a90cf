/* cli.h — what the command-line verbs share: loading a project with its
 * messages printed the standard way, and the verb table in main.c.
 * Each verb lives in its own cmd_*.c file and returns an exit status. */
#ifndef TMIX_CLI_H
#define TMIX_CLI_H
#include "project.h"
#include <stdbool.h>

/* Loads and checks a project (probing stems when asked), printing every
 * warning and error as FILE:LINE: on stderr. NULL when it has errors. */
struct project *cli_load(const char *path, bool probe);

/* Global options that every verb accepts, parsed by main. */
struct cli_opts {
	const char *audio;   /* "null", "portaudio" or NULL for automatic */
	const char *device;
	int buffer;
	int fps;
	bool recover, discard_autosave; /* the mixer: answer the autosave question in advance */
};
extern struct cli_opts cli_opts;

/* The mixer's log file: the usual one ($XDG_STATE_HOME/tmix/tmix.log),
 * or, when that cannot be written, $TMPDIR/tmix-UID/tmix.log, else
 * /dev/null. A log that cannot be written never stops the mixer; note
 * says where the log went and why (empty when it is the usual one). */
const char *cli_log_path(char *note, size_t n);
/* A command-line mistake: "tmix VERB: WHAT" (the reason first), then the
 * verb's usage; returns EXIT_BADINPUT. */
int cli_usage_error(const char *verb, const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int cmd_check(int argc, char **argv);
int cmd_bounce(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_tui(int argc, char **argv);
int cmd_play(int argc, char **argv);
int cmd_list_devices(int argc, char **argv);
#endif
