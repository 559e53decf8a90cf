# tests/harden.mk — hostile inputs: fuzzer findings replayed, escaping,
# huge and odd projects, hostile stems, and writes that fail (disk full).
EXTRA_DIST += tests/fuzz-regress
check_PROGRAMS += tests/test_fuzz_regress
TESTS += tests/test_fuzz_regress
tests_test_fuzz_regress_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
tests_test_fuzz_regress_LDADD = libtmix.a $(SNDFILE_LIBS) $(INIH_LIBS) -lm
# A helper for the scripts below (stems, peaks, saves, peak RSS).
check_PROGRAMS += tests/harden_tool
tests_harden_tool_LDADD = libtmix.a $(SNDFILE_LIBS) $(INIH_LIBS) -lm -lpthread
# The disk-full interposer: a shared object, built by hand (no libtool),
# without the sanitizer flags (it is preloaded into other programs).
check_SCRIPTS += tests/failwrite.so
CLEANFILES += tests/failwrite.so
EXTRA_DIST += tests/failwrite.c
tests/failwrite.so: $(srcdir)/tests/failwrite.c
	$(AM_V_CC)$(CC) -O2 -Wall -shared -fPIC -o $@ $(srcdir)/tests/failwrite.c -ldl
TESTS += tests/test_diskfull.sh
EXTRA_DIST += tests/test_diskfull.sh
TESTS += tests/test_bounce_guard.sh
EXTRA_DIST += tests/test_bounce_guard.sh
TESTS += tests/test_bounce_cli.sh
EXTRA_DIST += tests/test_bounce_cli.sh
TESTS += tests/test_bounce_stems.sh
EXTRA_DIST += tests/test_bounce_stems.sh
TESTS += tests/test_hostile_stems.sh
EXTRA_DIST += tests/test_hostile_stems.sh
check_PROGRAMS += tests/test_escape
TESTS += tests/test_escape
tests_test_escape_LDADD = libtmix.a -lm
TESTS += tests/test_big_projects.sh
EXTRA_DIST += tests/test_big_projects.sh
TESTS += tests/test_files.sh
EXTRA_DIST += tests/test_files.sh
