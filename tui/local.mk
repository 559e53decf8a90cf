# tui/: the ncurses mixer screen (cmd_tui). Talks to audio only through
# src/engine.h. Everything but the main loop and cmd_tui's start-up
# (tui_main.c, which needs a real terminal) is libtmixtui.a, so that
# tests/test_tui_lib.c runs edits, undo and commands in-process.
noinst_LIBRARIES += libtmixtui.a
libtmixtui_a_SOURCES = tui/tui.h tui/app_state.h tui/app.c tui/edit.c tui/undo.c \
	tui/theme.c tui/widgets.c tui/strip_view.c tui/mixer_view.c \
	tui/automation.c tui/automation.h tui/detail_view.c tui/keymap.c tui/commands.c tui/commands.h tui/cmd_session.c tui/cmd_insert.c tui/complete.c \
	tui/help.c \
	tui/loudness_view.c tui/tonal_view.c tui/stereo_view.c tui/monitor.c \
	tui/timeline.h tui/timeline_view.c tui/timeline_draw.c tui/timeline_lanes.c \
	tui/signals.c tui/offline.c tui/autosave_ask.c
libtmixtui_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tui
tmix_SOURCES += tui/tui_main.c
# The mixer's model, keys, undo and commands in-process, on the null clock.
check_PROGRAMS += tests/test_tui_lib
TESTS += tests/test_tui_lib
tests_test_tui_lib_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tui
tests_test_tui_lib_LDADD = libtmixtui.a libtmix.a $(NCURSES_LIBS) $(TMIX_LIBS)
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
TESTS += tests/test_tui_auto.sh tests/test_tui_autorec.sh
EXTRA_DIST += tests/test_tui_autorec.sh
EXTRA_DIST += tests/test_tui_auto.sh
EXTRA_DIST += tests/test_tui_layout.sh
TESTS += tests/test_tui_detail.sh
EXTRA_DIST += tests/test_tui_detail.sh
TESTS += tests/test_tui_insert.sh
EXTRA_DIST += tests/test_tui_insert.sh
# lanes on insert parameters from the screen: panel, timeline, :set
TESTS += tests/test_tui_insert_auto.sh
EXTRA_DIST += tests/test_tui_insert_auto.sh
TESTS += tests/test_tui_units_demo.sh
EXTRA_DIST += tests/test_tui_units_demo.sh
# Hardening: hang-up, autosave and recovery, one writer, offline stems.
TESTS += tests/test_tui_harden.sh
EXTRA_DIST += tests/test_tui_harden.sh tests/tui_lib.sh
TESTS += tests/test_tui_hangup.sh
EXTRA_DIST += tests/test_tui_hangup.sh
TESTS += tests/test_tui_transport.sh
EXTRA_DIST += tests/test_tui_transport.sh
# File safety: hand edits, planted links, the lock by file, stale temps, :w.
TESTS += tests/test_tui_files.sh
EXTRA_DIST += tests/test_tui_files.sh
# The soak test: 20 s here; .ci/run runs it again for 300 s (SOAK_SECONDS).
TESTS += tests/soak.sh
EXTRA_DIST += tests/soak.sh
# The session edited on screen: rename, move, add, delete, undo, help, Tab.
TESTS += tests/test_tui_session.sh
EXTRA_DIST += tests/test_tui_session.sh
# What a new user met at 80x23: no silent keys, help returns, cut text.
TESTS += tests/test_tui_newuser.sh
EXTRA_DIST += tests/test_tui_newuser.sh
# What a new user found in the session commands (loop, tempo, undo, :w, help).
TESTS += tests/test_tui_session_edge.sh
EXTRA_DIST += tests/test_tui_session_edge.sh
# The monitor section, the correlation meters and the stereo view.
TESTS += tests/test_tui_monitor.sh
EXTRA_DIST += tests/test_tui_monitor.sh

# The timeline (Tab): ruler, overview, lanes and points, under tmux.
TESTS += tests/test_tui_timeline.sh
EXTRA_DIST += tests/test_tui_timeline.sh
