# src/session/: what a running mixer needs that does not draw: the lock,
# autosave, the file watch, the background bounce and analysis jobs.
# Built into libtmixtui.a beside the screens that call them; these files
# include app_state.h and session.h, never curses.
libtmixtui_a_SOURCES += src/session/session.h src/session/lock.c src/session/watch.c src/session/autosave.c \
	src/session/bounce_job.c src/session/gainstage.c
# The timeline's audio overview: stems read on a worker thread of its own.
libtmixtui_a_SOURCES += src/session/overview.h src/session/overview.c
check_PROGRAMS += tests/test_overview
TESTS += tests/test_overview
tests_test_overview_LDADD = libtmixtui.a libtmix.a $(TMIX_LIBS)
