# tui/: the ncurses mixer screen (cmd_tui). Talks to audio only through
# src/engine.h.
tmix_SOURCES += tui/tui.h tui/app.c tui/edit.c tui/undo.c tui/watch.c \
	tui/theme.c tui/widgets.c tui/strip_view.c tui/mixer_view.c \
	tui/detail_view.c tui/keymap.c tui/commands.c tui/commands.h tui/cmd_session.c tui/complete.c \
	tui/help.c tui/bounce_job.c \
	tui/loudness_view.c tui/tonal_view.c tui/gainstage.c \
	tui/signals.c tui/lock.c tui/autosave.c tui/offline.c
# The screen, driven under tmux (skipped when tmux is missing).
TESTS += tests/test_tui.sh
EXTRA_DIST += tests/test_tui.sh
TESTS += tests/test_tui_bounce.sh
EXTRA_DIST += tests/test_tui_bounce.sh
TESTS += tests/test_tui_mastering.sh
EXTRA_DIST += tests/test_tui_mastering.sh
TESTS += tests/test_tui_analysis.sh
EXTRA_DIST += tests/test_tui_analysis.sh
# The console's layout at every size, its marks and its colours.
TESTS += tests/test_tui_layout.sh
EXTRA_DIST += tests/test_tui_layout.sh
TESTS += tests/test_tui_detail.sh
EXTRA_DIST += tests/test_tui_detail.sh
# Hardening: hang-up, autosave and recovery, one writer, offline stems.
TESTS += tests/test_tui_harden.sh
EXTRA_DIST += tests/test_tui_harden.sh tests/tui_lib.sh
TESTS += tests/test_tui_hangup.sh
EXTRA_DIST += tests/test_tui_hangup.sh
TESTS += tests/test_tui_transport.sh
EXTRA_DIST += tests/test_tui_transport.sh
# The soak test: 20 s here; .ci/run runs it again for 300 s (SOAK_SECONDS).
TESTS += tests/soak.sh
EXTRA_DIST += tests/soak.sh
# The session edited on screen: rename, move, add, delete, undo, help, Tab.
TESTS += tests/test_tui_session.sh
EXTRA_DIST += tests/test_tui_session.sh
# What a new user found in the session commands (loop, tempo, undo, :w, help).
TESTS += tests/test_tui_session_edge.sh
EXTRA_DIST += tests/test_tui_session_edge.sh
