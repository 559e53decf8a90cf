# src/: the engine and the command line (no curses here).
libtmix_a_SOURCES += src/tmix.h src/xalloc.c
