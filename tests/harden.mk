# tests/harden.mk — hostile inputs: fuzzer findings replayed, escaping,
# huge and odd projects, hostile stems, and writes that fail (disk full).
EXTRA_DIST += tests/fuzz-regress
check_PROGRAMS += tests/test_fuzz_regress
TESTS += tests/test_fuzz_regress
tests_test_fuzz_regress_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
tests_test_fuzz_regress_LDADD = libtmix.a $(SNDFILE_LIBS) $(INIH_LIBS) -lm
