# src/engine.mk — live playback: the engine, its two clocks, the SPSC
# ring, and `tmix play`.
libtmix_a_SOURCES += src/spsc.c src/spsc.h src/audio.h src/audio_null.c src/audio_pa.c \
	src/engine.c src/engine.h src/engine_internal.h src/engine_rt.c src/engine_disk.c \
	src/engine_loudness.c src/engine_ref.c src/engine_monitor.c
tmix_SOURCES += src/cmd_play.c
