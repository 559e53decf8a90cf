# projects/demo/: a demo project whose stems are synthesised at build time
# by gen_demo (deterministic: the same bytes on every run), so the
# repository carries C source instead of megabytes of audio.
#
# The stems land in the BUILD tree (projects/demo/stems/, refs/).
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
	projects/demo/gen/reference.c
projects_demo_gen_demo_LDADD = libtmix.a $(SNDFILE_LIBS) -lm
all_local_deps += projects/demo/stems/.stamp

projects/demo/stems/.stamp: projects/demo/gen_demo$(EXEEXT)
	$(AM_V_GEN)projects/demo/gen_demo$(EXEEXT) projects/demo && touch $@

# Only one clean-local may exist, so the top Makefile.am says
# `clean-local: demo-clean`.
.PHONY: demo-clean
demo-clean:
	-rm -rf projects/demo/stems projects/demo/refs
