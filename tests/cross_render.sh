#!/bin/sh
# cross_render.sh — another build of tmix (the arm64 one, under qemu)
# renders what this one renders. Run by .ci/run after both builds, not by
# `make check` (it needs the second build):
#   TMIX=./tmix TMIX_OTHER="qemu-aarch64 build-arm64/tmix" \
#   RENDER_DIFF=tests/render_diff DEMO=projects/demo/demo.ini sh tests/cross_render.sh
# Both bounce, as 32-bit float, the demo and a copy of it whose stems sox
# has turned into other rates, depths and formats (44.1, 22.05, 32 and
# 96 kHz; 16-bit, 24-bit FLAC and float: resampling and decoding on each
# machine), normalised to -16 LUFS; render_diff compares each pair.
#
# The stated tolerance: the two renders differ by at most -120 dBFS at
# any sample and their difference (the null test) has an RMS of at most
# -140 dBFS. -ffp-contract=off keeps both compilers from fusing multiply
# and add, so the DSP does the same IEEE arithmetic on both; what may
# differ is libm's last bit in the coefficient design and libsoxr's SIMD
# rounding (SSE/AVX against NEON), far below the 24-bit floor (-144 dBFS
# is one float step at full scale). A last line proves the comparison can
# fail: a 0.01 dB change on one track must not pass it.
set -u
: "${TMIX:?}" "${TMIX_OTHER:?}" "${RENDER_DIFF:?}" "${DEMO:?}"
MAX_DB=-120
RMS_DB=-140

w=$(mktemp -d "${TMPDIR:-/tmp}/tmix-cross.XXXXXX") || exit 1
trap 'rm -rf "$w"' EXIT
demo_dir=$(dirname "$DEMO")
fails=0
n=0
say() { n=$((n + 1)); echo "$1"; }

# the second project: the demo's mix over converted stems
mkdir -p "$w/alt/stems" || exit 1
conv() { # STEM OUT.EXT SOX-OUTPUT-OPTIONS...
	src="$demo_dir/stems/$1.wav" out=$2
	shift 2
	sox -q -R "$src" "$@" "$w/alt/stems/$out" || { echo "Bail out! sox could not convert $src"; exit 1; }
	sed "s|stems/${src##*/}|stems/$out|" "$w/alt/alt.ini" > "$w/alt/alt.tmp" && mv "$w/alt/alt.tmp" "$w/alt/alt.ini"
}
cp "$DEMO" "$w/alt/alt.ini" && cp "$demo_dir"/stems/*.wav "$w/alt/stems/" && cp -r "$demo_dir/refs" "$w/alt/" || exit 1
conv kick kick.wav -b 16 -r 44100
conv bass bass.wav -e floating-point -b 32 -r 22050
conv keys keys.flac -b 24 -r 96000
conv lead lead.flac -b 16 -r 32000
conv vocal vocal.wav -e floating-point -b 32 -r 44100
conv snare_top snare_top.wav -b 16 -r 48000

bounce() { # LABEL PROJECT EXTRA-ARGS...: both builds, then compare
	label=$1 ini=$2
	shift 2
	if ! $TMIX bounce "$ini" -o "$w/a.wav" --format float "$@" > "$w/a.log" 2>&1; then
		say "not ok - $label: this build bounces it"; sed 's/^/# /' "$w/a.log"; fails=$((fails + 1)); return
	fi
	if ! $TMIX_OTHER bounce "$ini" -o "$w/b.wav" --format float "$@" > "$w/b.log" 2>&1; then
		say "not ok - $label: the other build bounces it"; sed 's/^/# /' "$w/b.log"; fails=$((fails + 1)); return
	fi
	"$RENDER_DIFF" "$w/a.wav" "$w/b.wav" "$MAX_DB" "$RMS_DB" "$label" > "$w/diff.tap"
	r=$?
	cat "$w/diff.tap"
	n=$((n + $(grep -c '^\(not \)\{0,1\}ok' "$w/diff.tap")))
	fails=$((fails + $(grep -c '^not ok' "$w/diff.tap")))
	# 2: usage or a file that does not open; 0 must come with three oks
	if [ "$r" -gt 1 ] || { [ "$r" -eq 0 ] && [ "$(grep -c '^ok' "$w/diff.tap")" -ne 3 ]; }; then
		say "not ok - $label: render_diff ran (status $r)"; fails=$((fails + 1))
	fi
}
bounce "demo" "$DEMO"
bounce "demo over resampled 16-bit, float and FLAC stems, normalised" "$w/alt/alt.ini" --normalize -16

# the comparison can fail: the Kick 0.01 dB louder, on this build
sed '0,/^gain = -1 dB /s//gain = -0.99 dB /' "$DEMO" > "$w/nudged.ini"
cp -r "$demo_dir/stems" "$demo_dir/refs" "$w/" || exit 1
if cmp -s "$DEMO" "$w/nudged.ini"; then
	say "not ok - the nudged copy of the demo differs from it"; fails=$((fails + 1))
elif $TMIX bounce "$w/nudged.ini" -o "$w/c.wav" --format float > "$w/c.log" 2>&1 &&
	$TMIX bounce "$DEMO" -o "$w/a.wav" --format float > "$w/a.log" 2>&1 &&
	{ "$RENDER_DIFF" "$w/a.wav" "$w/c.wav" "$MAX_DB" "$RMS_DB" nudged > "$w/diff.tap"; [ $? -eq 1 ]; }; then
	say "ok - the comparison fails a render with one track 0.01 dB louder"
	grep '^#' "$w/diff.tap"
else
	say "not ok - the comparison fails a render with one track 0.01 dB louder"; fails=$((fails + 1))
fi
echo "1..$n"
[ "$fails" -eq 0 ]
