# src/lv2/: LV2 plugins hosted through lilv, as units (lv2_host.h).
libtmix_a_SOURCES += src/lv2/lv2_host.h src/lv2/lv2_internal.h src/lv2/lv2_world.c src/lv2/lv2_desc.c \
	src/lv2/lv2_run.c src/lv2/lv2_worker.c src/lv2/lv2_list.c src/lv2/lv2_state.c
# the hosting against Debian's plugin packages (skips those not installed),
# with the RT interposer around processing
check_PROGRAMS += tests/test_lv2
TESTS += tests/test_lv2
tests_test_lv2_SOURCES = tests/test_lv2.c tests/rt_interpose.c
tests_test_lv2_LDADD = libtmix.a $(SNDFILE_LIBS) -ldl -lpthread -lm
# `tmix plugins`: listing, filtering, refusals, JSON
TESTS += tests/test_plugins.sh
EXTRA_DIST += tests/test_plugins.sh
# LV2 load errors through `tmix check` and `tmix bounce`
TESTS += tests/test_lv2_cli.sh
EXTRA_DIST += tests/test_lv2_cli.sh
# delay compensation: the solver and the delay lines
check_PROGRAMS += tests/test_pdc
TESTS += tests/test_pdc
tests_test_pdc_LDADD = libtmix.a $(SOXR_LIBS) $(SNDFILE_LIBS) $(INIH_LIBS) $(EBUR128_LIBS) -lpthread -lm
# LV2 plugins in insert slots, through the graph and a bounce
check_PROGRAMS += tests/test_lv2_insert
TESTS += tests/test_lv2_insert
tests_test_lv2_insert_LDADD = libtmix.a $(TMIX_LIBS)
# an LV2 plugin from the mixer: Tab, the detail panel, the header's latency
TESTS += tests/test_tui_lv2.sh
EXTRA_DIST += tests/test_tui_lv2.sh
# live equals bounce with LV2 plugins loaded
check_PROGRAMS += tests/test_lv2_live
TESTS += tests/test_lv2_live
tests_test_lv2_live_LDADD = libtmix.a $(TMIX_LIBS)
# a plugin's state beyond its controls: saved beside the project, restored
check_PROGRAMS += tests/test_lv2_state
TESTS += tests/test_lv2_state
tests_test_lv2_state_LDADD = libtmix.a $(TMIX_LIBS)
