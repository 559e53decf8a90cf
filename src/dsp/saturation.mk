# src/dsp/saturation.mk — the saturation unit (saturation.c) and its test.
BUILTIN_UNITS += unit_saturation
libtmix_a_SOURCES += src/dsp/saturation.c
check_PROGRAMS += tests/test_saturation
TESTS += tests/test_saturation
tests_test_saturation_SOURCES = tests/test_saturation.c tests/rt_interpose.c
tests_test_saturation_LDADD = libtmix.a -lm -ldl
