/* help.c — the `?` screen: written from the key table (keymap.c) and the
 * command table (commands.c), so every binding and command shown is one
 * that works, with the help and syntax its table gives. */
#include "tui.h"

void help_draw(struct app *a)
{
	int rows = LINES - 4, n;
	widget_text(2, 0, COLS, theme_attr(R_TITLE), " Keys - then commands (:help CMD for one), then marks; Esc or ? goes back");
	n = keymap_help_lines(a, a->help_first, 3, rows - 1);
	n += command_help_lines(a, a->help_first - n, 3, rows - 1);
	n += mixer_legend_lines(a, a->help_first - n, 3, rows - 1);
	if (a->help_first > n - (rows - 1))
		a->help_first = n - (rows - 1) > 0 ? n - (rows - 1) : 0;
	for (int y = 3 + n - a->help_first; y < 3 + rows - 1; y++)
		widget_text(y, 0, COLS, A_NORMAL, "");
}
