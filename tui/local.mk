# tui/: the ncurses mixer screen (cmd_tui). Talks to audio only through
# src/engine.h.
tmix_SOURCES += tui/tui.h tui/app.c tui/edit.c tui/undo.c tui/watch.c \
	tui/theme.c tui/widgets.c tui/strip_view.c tui/mixer_view.c \
	tui/detail_view.c tui/keymap.c tui/commands.c tui/help.c tui/bounce_job.c
# The screen, driven under tmux (skipped when tmux is missing).
TESTS += tests/test_tui.sh
EXTRA_DIST += tests/test_tui.sh
TESTS += tests/test_tui_bounce.sh
EXTRA_DIST += tests/test_tui_bounce.sh
