#!/bin/sh
# fuzz/build.sh OUTDIR — builds the libFuzzer targets with clang,
# straight from the sources (not through autotools, so the normal build
# stays gcc): -fsanitize=fuzzer,address,undefined, UBSan fatal so that
# a report is a crash libFuzzer keeps. CC may name another clang.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-fuzz/bin}
cc=${CC_FUZZ:-clang}
mkdir -p "$out"
# the built-in units' list, made as the build makes it from BUILTIN_UNITS:
# src/dsp/units.mk's own, then each included unit's .mk in include order
mkdir -p "$out/gen/src/dsp"
units=$(sed -n 's/^BUILTIN_UNITS = //p' "$src/src/dsp/units.mk")
for mk in $(sed -n 's/^include //p' "$src/src/dsp/units.mk"); do
	units="$units $(sed -n 's/^BUILTIN_UNITS += //p' "$src/$mk")"
done
for u in $units; do echo "X($u)"; done > "$out/gen/src/dsp/unit_list.h"
flags="-g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=all -fno-omit-frame-pointer -I$src/src -I$src -I$out/gen"
libs="$(pkg-config --cflags --libs inih sndfile lilv-0) -lpthread -lm"
model="project.c project_keys.c project_load.c project_resolve.c project_save.c
       params.c units.c escape.c xalloc.c atomic.c name_index.c strip_insert.c"
files=
for f in $model; do files="$files $src/src/$f"; done
# every DSP file: the insert keys resolve units through the registry, so
# a unit added there needs no line here
for f in "$src"/src/dsp/*.c; do files="$files $f"; done
# and the LV2 host, which the registry asks for "lv2 URI" units
for f in "$src"/src/lv2/*.c; do files="$files $f"; done
# shellcheck disable=SC2086
$cc $flags -o "$out/fuzz_project" "$src/fuzz/fuzz_project.c" $files $libs
# shellcheck disable=SC2086
$cc $flags -o "$out/fuzz_units" "$src/fuzz/fuzz_units.c" $files $libs
