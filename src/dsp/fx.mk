# src/dsp/fx.mk — effect and master units: limiter, reverb, delay, meters,
# dither, and the shared 4x interpolator.
libtmix_a_SOURCES += src/dsp/oversample.c src/dsp/oversample.h \
	src/dsp/limiter.c src/dsp/limiter.h \
	src/dsp/truepeak.c src/dsp/truepeak.h \
	src/dsp/meter.c src/dsp/meter.h \
	src/dsp/dither.c src/dsp/dither.h

check_PROGRAMS += tests/test_limiter
TESTS += tests/test_limiter
tests_test_limiter_LDADD = libtmix.a $(EBUR128_LIBS) -lm

check_PROGRAMS += tests/test_meter
TESTS += tests/test_meter
tests_test_meter_LDADD = libtmix.a -lm

libtmix_a_SOURCES += src/dsp/delay.c src/dsp/delay.h
check_PROGRAMS += tests/test_delay
TESTS += tests/test_delay
tests_test_delay_LDADD = libtmix.a -lm

libtmix_a_SOURCES += src/dsp/reverb.c src/dsp/reverb.h
# an effect bus's reverb or delay as the first unit of its chain
libtmix_a_SOURCES += src/dsp/unit_fx.c
check_PROGRAMS += tests/test_reverb
TESTS += tests/test_reverb
tests_test_reverb_LDADD = libtmix.a -lm
