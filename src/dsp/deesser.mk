# src/dsp/deesser.mk — the de-esser unit (deesser.c) and its test.
BUILTIN_UNITS += unit_deesser
libtmix_a_SOURCES += src/dsp/deesser.c
check_PROGRAMS += tests/test_deesser
TESTS += tests/test_deesser
tests_test_deesser_SOURCES = tests/test_deesser.c tests/rt_interpose.c
tests_test_deesser_LDADD = libtmix.a -lm -ldl
