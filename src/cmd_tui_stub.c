/* cmd_tui_stub.c — until the mixer screen lands, `tmix PROJECT` checks it. */
#include "cli.h"

int cmd_tui(int argc, char **argv)
{
	char *args[] = {"check", argv[1], NULL};
	(void)argc;
	return cmd_check(2, args);
}
