# src/dsp/units.mk — the built-in units, in the order `:insert add` lists
# them. The strip's own gate and compressor and the utility are listed
# here; every other unit is its own .c, its test, and its own .mk beside
# them (its source, its test program, its name added to BUILTIN_UNITS),
# registered by one `include` line below. unit_list.h is made from
# BUILTIN_UNITS for unit_registry.c, so no list in C needs an edit.
BUILTIN_UNITS = unit_utility unit_comp unit_gate
include src/dsp/deesser.mk
include src/dsp/saturation.mk

# rebuilt when the Makefile is, that is when a unit's line comes or goes
src/dsp/unit_list.h: Makefile
	$(AM_V_GEN)$(MKDIR_P) src/dsp && \
	for u in $(BUILTIN_UNITS); do echo "X($$u)"; done > $@-t && mv $@-t $@
BUILT_SOURCES += src/dsp/unit_list.h
CLEANFILES += src/dsp/unit_list.h
