# bench/: `make bench` runs every benchmark in $(bench_targets). Built on
# demand only (EXTRA_PROGRAMS), never by `make` or `make check`.
EXTRA_PROGRAMS += bench/bench_engine
bench_bench_engine_SOURCES = bench/bench_engine.c
bench_bench_engine_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
bench_bench_engine_LDADD = libtmix.a $(TMIX_LIBS)
CLEANFILES += bench/bench_engine$(EXEEXT)
bench_targets += bench-engine
bench-engine: bench/bench_engine$(EXEEXT)
	bench/bench_engine$(EXEEXT)
.PHONY: bench-engine
