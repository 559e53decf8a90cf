# fuzz/: libFuzzer targets for the loader and the value parsers. They are
# built by fuzz/build.sh with clang (outside automake, so the normal build
# stays gcc) and run by `make fuzz`, FUZZ_SECONDS each (default 60), on a
# copy of the seed corpus in fuzz/corpus/. Inputs that ever crashed one
# live in tests/fuzz-regress/ and are replayed by `make check`.
FUZZ_SECONDS = 60
EXTRA_DIST += fuzz/build.sh fuzz/run.sh fuzz/fuzz_project.c fuzz/fuzz_units.c fuzz/corpus
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(SHELL) $(srcdir)/fuzz/run.sh fuzz
.PHONY: fuzz
clean-fuzz:
	-rm -rf fuzz/bin fuzz/work
.PHONY: clean-fuzz
EXTRA_DIST += fuzz/findings/README
