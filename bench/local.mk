# bench/: `make bench`, benchmarks that are never part of `make check`.
# Each benchmark adds its target to bench_targets; the `bench:` rule at
# the very end of this file runs them all. Outputs go to bench/work in the
# build tree (removed by make clean), never to the source tree.
# automake wants a variable set with '=' before any '+=': this is that line.
bench_targets =

# The bounce benchmark: tmix's offline bounce against ffmpeg, sox and the
# decode+sum+encode floor (bench_floor), on stems made by bench_gen.
# Results and how to read them: bench/RESULTS.md.
noinst_PROGRAMS += bench/bench_gen bench/bench_floor
bench_bench_gen_SOURCES = bench/bench_gen.c
bench_bench_gen_LDADD = $(SNDFILE_LIBS) -lm
bench_bench_floor_SOURCES = bench/bench_floor.c
bench_bench_floor_LDADD = $(SNDFILE_LIBS) -lm
EXTRA_DIST += bench/bench_bounce.sh bench/RESULTS.md

bench_targets += bench-bounce
.PHONY: bench bench-bounce bench-clean
bench-bounce: tmix bench/bench_gen bench/bench_floor
	TMIX='$(abs_builddir)/tmix' \
	BENCH_GEN='$(abs_builddir)/bench/bench_gen' \
	BENCH_FLOOR='$(abs_builddir)/bench/bench_floor' \
	BENCH_WORK='$(abs_builddir)/bench/work' \
	bash '$(srcdir)/bench/bench_bounce.sh'

clean-local: bench-clean
bench-clean:
	-rm -rf bench/work

# Last in this file: prerequisites are expanded when make reads the rule,
# so every `bench_targets +=` above must come before it.
bench: $(bench_targets)
