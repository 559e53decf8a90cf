# src/: the engine and the command line (no curses here).
libtmix_a_SOURCES += src/tmix.h src/xalloc.c src/thread.c src/dsp/dsp.h \
	src/units.c src/units.h src/params.c src/params.h \
	src/project.c src/project.h src/project_keys.c src/project_load.c \
	src/project_resolve.c src/project_save.c src/project_edit.c src/project_edit.h \
	src/atomic.c src/atomic.h src/escape.c src/name_index.c src/name_index.h
libtmix_a_SOURCES += src/source.c src/source.h
libtmix_a_SOURCES += src/graph.c src/graph.h src/graph_internal.h src/graph_build.c src/graph_rec.c \
	src/lane_edit.c src/lane_edit.h src/graph_workers.c \
	src/loudness.c src/loudness.h
libtmix_a_SOURCES += src/bounce.c src/bounce.h src/bounce_internal.h src/bounce_loud.c src/bounce_sink.c src/bounce_sink.h src/bounce_stems.c \
	src/bounce_stems.h
libtmix_a_SOURCES += src/kweight.c src/kweight.h
libtmix_a_SOURCES += src/spectrum.c src/spectrum.h src/stereo.c src/stereo.h
libtmix_a_SOURCES += src/targets.c src/targets.h src/dsp/unit.h src/dsp/unit_registry.c \
	src/dsp/unit_utility.c src/dsp/unit_comp.c src/dsp/unit_gate.c src/strip_insert.c src/strip_insert.h
libtmix_a_SOURCES += src/analyze.c src/analyze.h src/stem_scan.c src/stem_scan.h
libtmix_a_SOURCES += src/stem_name.c src/stem_name.h
libtmix_a_SOURCES += src/pdc.c src/pdc.h
