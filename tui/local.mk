# tui/: the ncurses mixer screen (cmd_tui). Talks to audio only through
# src/engine.h.
tmix_SOURCES += tui/tui.h tui/app.c tui/edit.c tui/undo.c tui/watch.c \
	tui/theme.c tui/widgets.c tui/strip_view.c tui/mixer_view.c \
	tui/detail_view.c tui/keymap.c tui/commands.c tui/help.c tui/bounce_job.c \
	tui/loudness_view.c tui/tonal_view.c tui/gainstage.c \
	tui/signals.c tui/lock.c tui/autosave.c tui/offline.c
# The screen, driven under tmux (skipped when tmux is missing).
TESTS += tests/test_tui.sh
EXTRA_DIST += tests/test_tui.sh
TESTS += tests/test_tui_bounce.sh
EXTRA_DIST += tests/test_tui_bounce.sh
TESTS += tests/test_tui_mastering.sh
EXTRA_DIST += tests/test_tui_mastering.sh
# Hardening: hang-up, autosave and recovery, one writer, offline stems.
TESTS += tests/test_tui_harden.sh
EXTRA_DIST += tests/test_tui_harden.sh tests/tui_lib.sh
# File safety: hand edits, planted links, the lock by file, stale temps, :w.
TESTS += tests/test_tui_files.sh
EXTRA_DIST += tests/test_tui_files.sh
# The soak test: 20 s here; .ci/run runs it again for 300 s (SOAK_SECONDS).
TESTS += tests/soak.sh
EXTRA_DIST += tests/soak.sh
