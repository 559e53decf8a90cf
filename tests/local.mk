# tests/: one TAP program per module. Rooms add their own tests in their
# own local.mk; this file holds the shared ones.
check_PROGRAMS += tests/test_units
TESTS += tests/test_units
tests_test_units_LDADD = libtmix.a -lm
check_PROGRAMS += tests/test_project
TESTS += tests/test_project
tests_test_project_LDADD = libtmix.a $(SNDFILE_LIBS) $(INIH_LIBS) -lm
EXTRA_DIST += tests/testutil.h tests/project_testlib.h tests/render_testlib.h
check_PROGRAMS += tests/test_save
TESTS += tests/test_save
tests_test_save_LDADD = libtmix.a $(SNDFILE_LIBS) $(INIH_LIBS) -lm
check_PROGRAMS += tests/test_source
TESTS += tests/test_source
tests_test_source_LDADD = libtmix.a $(SOXR_LIBS) $(SNDFILE_LIBS) $(INIH_LIBS) -lm
check_PROGRAMS += tests/test_graph tests/test_bounce
TESTS += tests/test_graph tests/test_bounce
tests_test_graph_LDADD = libtmix.a $(SOXR_LIBS) $(SNDFILE_LIBS) $(INIH_LIBS) $(EBUR128_LIBS) -lpthread -lm
tests_test_bounce_LDADD = $(tests_test_graph_LDADD)
# sidechain keys through a whole project (gate.key, comp.key)
check_PROGRAMS += tests/test_sidechain
TESTS += tests/test_sidechain
tests_test_sidechain_LDADD = $(tests_test_graph_LDADD)
TESTS += tests/test_sidechain_cli.sh
# a strip as a chain of units: the key map, meters by output kind
check_PROGRAMS += tests/test_chain
TESTS += tests/test_chain
tests_test_chain_LDADD = $(tests_test_graph_LDADD)
EXTRA_DIST += tests/test_sidechain_cli.sh
check_PROGRAMS += tests/test_spectrum
TESTS += tests/test_spectrum
tests_test_spectrum_LDADD = libtmix.a -lm
# mastering and loudness: Tech 3341 conformance, tmix analyze, tmix init
check_PROGRAMS += tests/test_loudness tests/test_analyze tests/test_stem_name
TESTS += tests/test_loudness tests/test_analyze tests/test_stem_name tests/test_init.sh
tests_test_loudness_LDADD = $(tests_test_graph_LDADD)
tests_test_analyze_LDADD = $(tests_test_graph_LDADD)
tests_test_stem_name_LDADD = libtmix.a
EXTRA_DIST += tests/test_init.sh
# near-linear loading of big projects: the hashed name lookup
check_PROGRAMS += tests/test_name_index
TESTS += tests/test_name_index
tests_test_name_index_LDADD = libtmix.a $(SNDFILE_LIBS) $(INIH_LIBS) -lm
# no name, path or value reaches the terminal raw: every command and the mixer
TESTS += tests/test_escape_all.sh
EXTRA_DIST += tests/test_escape_all.sh
# a command-line mistake says what was wrong before the usage
TESTS += tests/test_cli_usage.sh
EXTRA_DIST += tests/test_cli_usage.sh
# structural edits on the project's text (project_edit.c)
check_PROGRAMS += tests/test_project_edit
TESTS += tests/test_project_edit
tests_test_project_edit_LDADD = libtmix.a $(SNDFILE_LIBS) $(INIH_LIBS) -lm
# the detail panel's grids and the one EQ range
check_PROGRAMS += tests/test_params
TESTS += tests/test_params
tests_test_params_LDADD = libtmix.a $(SNDFILE_LIBS) $(INIH_LIBS) -lm
# portability: denormals flushed on every CPU; render_diff and
# cross_render.sh compare the arm64 build's bounce with this one's (.ci/run)
check_PROGRAMS += tests/test_ftz tests/render_diff
TESTS += tests/test_ftz
tests_test_ftz_LDADD = libtmix.a -lm
tests_render_diff_LDADD = $(SNDFILE_LIBS) -lm
EXTRA_DIST += tests/cross_render.sh
# listening checks and delivery: analyze's stereo figures and --targets,
# bounce --deliver measured by ffmpeg (issue 15)
TESTS += tests/test_deliver.sh
EXTRA_DIST += tests/test_deliver.sh
