# src/dsp/filters.mk — the strip's filter, EQ, pan, gain and dynamics units
# and their TAP tests.
libtmix_a_SOURCES += src/dsp/biquad.c src/dsp/biquad.h
EXTRA_DIST += tests/sig.h

check_PROGRAMS += tests/test_biquad
TESTS += tests/test_biquad
tests_test_biquad_LDADD = libtmix.a -lm

libtmix_a_SOURCES += src/dsp/eq.c src/dsp/eq.h src/dsp/unit_eq.c
check_PROGRAMS += tests/test_eq
TESTS += tests/test_eq
tests_test_eq_LDADD = libtmix.a -lm

libtmix_a_SOURCES += src/dsp/gain.c src/dsp/gain.h
check_PROGRAMS += tests/test_gain
TESTS += tests/test_gain
tests_test_gain_LDADD = libtmix.a -lm

libtmix_a_SOURCES += src/dsp/pan.c src/dsp/pan.h
check_PROGRAMS += tests/test_pan
TESTS += tests/test_pan
tests_test_pan_LDADD = libtmix.a -lm

libtmix_a_SOURCES += src/dsp/gate.c src/dsp/gate.h
check_PROGRAMS += tests/test_gate
TESTS += tests/test_gate
tests_test_gate_LDADD = libtmix.a -lm

libtmix_a_SOURCES += src/dsp/comp.c src/dsp/comp.h
check_PROGRAMS += tests/test_comp
TESTS += tests/test_comp
tests_test_comp_LDADD = libtmix.a -lm

libtmix_a_SOURCES += src/dsp/monitor.c src/dsp/monitor.h
check_PROGRAMS += tests/test_monitor
TESTS += tests/test_monitor
tests_test_monitor_LDADD = libtmix.a -lm
