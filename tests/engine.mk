# tests/engine.mk — the engine tests: transport, seek, loop, meters,
# reload, live-equals-bounce, and the real-time safety proof.
EXTRA_DIST += tests/engine_testlib.h tests/rt_interpose.h tests/test_play.sh
check_PROGRAMS += tests/test_engine tests/test_rtsafe tests/test_autorec
TESTS += tests/test_autorec
tests_test_autorec_LDADD = libtmix.a $(TMIX_LIBS)
TESTS += tests/test_engine tests/test_rtsafe tests/test_play.sh
tests_test_engine_LDADD = libtmix.a $(TMIX_LIBS)
# insert slots through the unit interface (src/dsp/unit.h)
check_PROGRAMS += tests/test_insert
TESTS += tests/test_insert
tests_test_insert_LDADD = libtmix.a $(TMIX_LIBS)
TESTS += tests/test_insert_cli.sh
# lanes on insert parameters (auto.insert.N.PARAM)
check_PROGRAMS += tests/test_insert_auto
TESTS += tests/test_insert_auto
tests_test_insert_auto_LDADD = libtmix.a $(TMIX_LIBS)
EXTRA_DIST += tests/test_insert_cli.sh
tests_test_rtsafe_SOURCES = tests/test_rtsafe.c tests/rt_interpose.c
tests_test_rtsafe_LDADD = libtmix.a $(TMIX_LIBS) -ldl
check_PROGRAMS += tests/test_mastering
TESTS += tests/test_mastering
tests_test_mastering_LDADD = libtmix.a $(TMIX_LIBS)
