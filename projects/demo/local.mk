# projects/demo/: a demo project whose stems are synthesised at build time
# by gen_demo (deterministic: the same bytes on every run), so the
# repository carries C source instead of megabytes of audio.
#
# The stems land in the BUILD tree (projects/demo/stems/, refs/). In a
# VPATH build (make distcheck) demo.ini is copied next to them so that
# the project opens from the build tree; an in-tree build uses the source
# copy as it is and never overwrites it.
noinst_PROGRAMS += projects/demo/gen_demo
projects_demo_gen_demo_SOURCES = \
	projects/demo/gen/gen.h \
	projects/demo/gen/main.c \
	projects/demo/gen/score.c \
	projects/demo/gen/synth.c \
	projects/demo/gen/drums.c \
	projects/demo/gen/bass.c \
	projects/demo/gen/keys.c \
	projects/demo/gen/lead.c \
	projects/demo/gen/voice.c \
	projects/demo/gen/reference.c \
	src/dsp/dsp.h
# dsp.h (db_to_lin, lin_to_db) is listed so that `make dist` ships it.
projects_demo_gen_demo_LDADD = libtmix.a $(SNDFILE_LIBS) -lm
EXTRA_DIST += projects/demo/demo.ini
all_local_deps += projects/demo/stems/.stamp

projects/demo/stems/.stamp: projects/demo/gen_demo$(EXEEXT) $(srcdir)/projects/demo/demo.ini
	$(AM_V_GEN)$(HOST_EMULATOR) projects/demo/gen_demo$(EXEEXT) projects/demo && \
	if test "`cd $(srcdir)/projects/demo && pwd -P`" != "`cd projects/demo && pwd -P`"; then \
	  cp $(srcdir)/projects/demo/demo.ini projects/demo/demo.ini && \
	  chmod u+w projects/demo/demo.ini; \
	fi && touch $@

# Only one clean-local may exist, so the top Makefile.am says
# `clean-local: demo-clean`. The demo.ini copy is removed only when it is
# a copy (VPATH build), never the source file.
.PHONY: demo-clean
demo-clean:
	-rm -rf projects/demo/stems projects/demo/refs
	-if test "`cd $(srcdir)/projects/demo && pwd -P`" != "`cd projects/demo && pwd -P`"; then \
	  rm -f projects/demo/demo.ini; \
	fi
