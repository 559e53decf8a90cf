/* help.c — the `?` screen: written from the key table (keymap.c) and the
 * command table (commands.c), so every binding and command shown is one
 * that works, with the help and syntax its table gives. */
#include "tui.h"
#include "tmix.h"
#include <limits.h>

static void help_draw(struct app *a, int flags)
{
	int rows = LINES - 4, n;
	(void)flags;
	/* the long title where it fits; the way back always */
	widget_text(2, 0, COLS, theme_attr(R_TITLE),
		    COLS >= 76 ? " Keys - then commands (:help CMD for one), then marks; Esc or ? goes back"
			       : " Keys - then commands and marks; Esc or ? goes back");
	/* counted first (an offset past everything draws nothing), so PgDn
	 * at the end is clamped before the draw, not after it (the rows a
	 * draw past the end left were stale lines seen twice) */
	n = keymap_help_lines(a, INT_MAX / 2, 3, rows - 1);
	n += command_help_lines(a, INT_MAX / 2, 3, rows - 1);
	n += mixer_legend_lines(a, INT_MAX / 2, 3, rows - 1);
	if (a->help_first > n - (rows - 1))
		a->help_first = n - (rows - 1) > 0 ? n - (rows - 1) : 0;
	n = keymap_help_lines(a, a->help_first, 3, rows - 1);
	n += command_help_lines(a, a->help_first - n, 3, rows - 1);
	n += mixer_legend_lines(a, a->help_first - n, 3, rows - 1);
	for (int y = 3 + n - a->help_first; y < 3 + rows - 1; y++)
		widget_text(y, 0, COLS, A_NORMAL, "");
}

static void help_enter(struct app *a)
{
	a->help_first = 0;
}

static int help_scroll(struct app *a, int key)
{
	a->help_first += key == 'j' || key == KEY_DOWN ? 1 : key == KEY_NPAGE ? 10 : key == KEY_PPAGE ? -10 : -1;
	if (a->help_first < 0)
		a->help_first = 0;
	return RD_CONSOLE;
}

static const struct binding help_keys[] = {
	{'j', "j k PgUp PgDn", SCR_HELP, "↑↓\tk/j\tscroll", "scroll this help", help_scroll, NULL},
	{'k', NULL, SCR_HELP, NULL, NULL, help_scroll, NULL},
	{KEY_DOWN, NULL, SCR_HELP, NULL, NULL, help_scroll, NULL},
	{KEY_UP, NULL, SCR_HELP, NULL, NULL, help_scroll, NULL},
	{KEY_NPAGE, NULL, SCR_HELP, NULL, NULL, help_scroll, NULL},
	{KEY_PPAGE, NULL, SCR_HELP, NULL, NULL, help_scroll, NULL},
	{27, "Esc ?", SCR_HELP, "Esc\tEsc\tback", "close the help", keymap_back, NULL},
};

const struct screen screen_help = {
	.name = "help",
	.bit = SCR_HELP,
	.enter = help_enter,
	.draw = help_draw,
	.bindings = help_keys,
	.nbindings = (int)ARRAY_LEN(help_keys),
};
