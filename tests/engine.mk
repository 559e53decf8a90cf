# tests/engine.mk — the engine's tests. fake_graph.c / fake_source.c are
# TEMPORARY stand-ins until graph.c and source.c land on main.
ENGINE_TEST_FAKES = tests/fake_graph.c tests/fake_source.c
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
