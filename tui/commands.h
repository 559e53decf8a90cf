/* commands.h — inside the `:` command layer: the command table
 * (commands.c) and the handlers of the session commands that change the
 * project's shape (cmd_session.c) and Tab completion (complete.c). Only
 * these files include it; the rest of tui/ calls command_run and
 * command_complete (tui.h). */
#ifndef TMIX_COMMANDS_H
#define TMIX_COMMANDS_H
#include "tui.h"

/* What Tab completes after a command's name. */
enum complete {
	CK_NONE, CK_KEY, CK_STRIP, CK_PATH, CK_HELP, CK_REF, CK_MOVE, CK_TRACK, CK_BUS, CK_LOOP, CK_MONITOR,
	CK_INSERT,
};

struct command {
	const char *name;
	const char *usage;   /* the arguments, as help shows them */
	const char *help;
	const char *example; /* a whole line a person could type, without ':' */
	enum complete complete;
	int (*fn)(struct app *a, char *args);
};

const struct command *command_find(const char *name);
const struct command *command_at(int i); /* NULL past the last */

/* cmd_session.c */
int c_rename(struct app *a, char *args);
int c_move(struct app *a, char *args);
int c_track(struct app *a, char *args);
int c_bus(struct app *a, char *args);
int c_loop(struct app *a, char *args);
int c_tempo(struct app *a, char *args);
int c_ref(struct app *a, char *args);
/* cmd_insert.c */
int c_insert(struct app *a, char *args);
#endif
