# tests/engine.mk — the engine tests. ENGINE_TEST_FAKES:
# TEMPORARY: graph*.c built in here and fake_source.c stand in until
ENGINE_TEST_FAKES = src/graph.c src/graph_build.c src/graph_workers.c src/bounce.c src/bounce_sink.c src/loudness.c tests/fake_source.c
EXTRA_DIST += tests/engine_testlib.h
check_PROGRAMS += tests/test_engine
TESTS += tests/test_engine
tests_test_engine_SOURCES = tests/test_engine.c $(ENGINE_TEST_FAKES)
tests_test_engine_LDADD = libtmix.a $(TMIX_LIBS)
check_PROGRAMS += tests/test_rtsafe
TESTS += tests/test_rtsafe
EXTRA_DIST += tests/rt_interpose.h
tests_test_rtsafe_SOURCES = tests/test_rtsafe.c tests/rt_interpose.c $(ENGINE_TEST_FAKES)
tests_test_rtsafe_LDADD = libtmix.a $(TMIX_LIBS) -ldl
EXTRA_DIST += tests/test_play.sh
# TEMPORARY, with the fakes: graph_workers.c as committed lacks a prototype
tests_test_engine_CFLAGS = $(AM_CFLAGS) -Wno-error=missing-prototypes
tests_test_rtsafe_CFLAGS = $(AM_CFLAGS) -Wno-error=missing-prototypes
TESTS += tests/test_play.sh
