# bench/: `make bench` runs every benchmark in $(bench_targets). Built on
# demand only (EXTRA_PROGRAMS), never by `make` or `make check`.
# (The top Makefile.am sets bench_targets and holds the `bench:` rule,
# after every include.)
EXTRA_PROGRAMS += bench/bench_engine
bench_bench_engine_SOURCES = bench/bench_engine.c
bench_bench_engine_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
bench_bench_engine_LDADD = libtmix.a $(TMIX_LIBS)
CLEANFILES += bench/bench_engine$(EXEEXT)
bench_targets += bench-engine
bench-engine: bench/bench_engine$(EXEEXT)
	bench/bench_engine$(EXEEXT)
.PHONY: bench-engine

# The bounce benchmark: tmix's offline bounce against ffmpeg, sox and the
# decode+sum+encode floor (bench_floor), on stems made by bench_gen.
# Outputs go to bench/work in the build tree (removed by make clean),
# never to the source tree. Results and how to read them: bench/RESULTS.md.
EXTRA_PROGRAMS += bench/bench_gen bench/bench_floor
bench_bench_gen_SOURCES = bench/bench_gen.c
bench_bench_gen_LDADD = $(SNDFILE_LIBS) -lm
bench_bench_floor_SOURCES = bench/bench_floor.c
bench_bench_floor_LDADD = $(SNDFILE_LIBS) -lm
CLEANFILES += bench/bench_gen$(EXEEXT) bench/bench_floor$(EXEEXT)
EXTRA_DIST += bench/bench_bounce.sh bench/RESULTS.md
bench_targets += bench-bounce
bench-bounce: tmix$(EXEEXT) bench/bench_gen$(EXEEXT) bench/bench_floor$(EXEEXT)
	TMIX='$(abs_builddir)/tmix$(EXEEXT)' \
	BENCH_GEN='$(abs_builddir)/bench/bench_gen$(EXEEXT)' \
	BENCH_FLOOR='$(abs_builddir)/bench/bench_floor$(EXEEXT)' \
	BENCH_WORK='$(abs_builddir)/bench/work' \
	bash '$(srcdir)/bench/bench_bounce.sh'
.PHONY: bench-bounce bench-clean

clean-local: bench-clean
bench-clean:
	-rm -rf bench/work

# The mixer screen's cost while playing: terminal bytes/s and CPU against
# `tmix play` (same engine, no screen) in the same run. Needs tmux.
EXTRA_DIST += bench/bench_tui.sh
bench_targets += bench-tui
bench-tui: tmix$(EXEEXT) projects/demo/stems/.stamp
	TMIX='$(abs_builddir)/tmix$(EXEEXT)' DEMO='$(abs_builddir)/projects/demo/demo.ini' \
	sh '$(srcdir)/bench/bench_tui.sh'
.PHONY: bench-tui

# Loading: CPU time against the number of strips (near-linear since the
# names are hashed; 100k tracks took 40 s to check when it was quadratic).
EXTRA_PROGRAMS += bench/bench_load
bench_bench_load_SOURCES = bench/bench_load.c
bench_bench_load_LDADD = libtmix.a $(SNDFILE_LIBS) $(INIH_LIBS) -lm
CLEANFILES += bench/bench_load$(EXEEXT)
bench_targets += bench-load
bench-load: bench/bench_load$(EXEEXT)
	bench/bench_load$(EXEEXT)
.PHONY: bench-load

# Loudness targets (issue 15): plain bounce, --normalize and --deliver ×3
# of a 15-stem, 3:21 song in the same run, and their ratios.
EXTRA_DIST += bench/bench_deliver.sh
bench_targets += bench-deliver
bench-deliver: tmix$(EXEEXT) bench/bench_gen$(EXEEXT)
	TMIX='$(abs_builddir)/tmix$(EXEEXT)' \
	BENCH_GEN='$(abs_builddir)/bench/bench_gen$(EXEEXT)' \
	BENCH_WORK='$(abs_builddir)/bench/work' \
	bash '$(srcdir)/bench/bench_deliver.sh'
.PHONY: bench-deliver
# same_bytes.sh OLD NEW: every project bounced (mix and stems) by two
# binaries and compared byte for byte; for changes that must not move a
# sample (issue 13's unit interface). Not a benchmark; run by hand.
EXTRA_DIST += bench/same_bytes.sh

# LV2 host overhead (issue 14): 32 tracks × swh sc4 bounced, against the
# same project without inserts and lv2bench of sc4 (lilv-utils).
EXTRA_DIST += bench/bench_lv2.sh
bench_targets += bench-lv2
bench-lv2: tmix$(EXEEXT) bench/bench_gen$(EXEEXT)
	TMIX='$(abs_builddir)/tmix$(EXEEXT)' \
	BENCH_GEN='$(abs_builddir)/bench/bench_gen$(EXEEXT)' \
	BENCH_WORK='$(abs_builddir)/bench/work' \
	bash '$(srcdir)/bench/bench_lv2.sh'
.PHONY: bench-lv2
