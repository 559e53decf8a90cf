#!/bin/sh
# test_insert_cli.sh — a bad insert in a project, as `tmix check` and
# `tmix bounce` tell it: FILE:LINE and the reason from the unit's table
# (the unit's parameters, its range, the units there are), exit status
# 2, the project file untouched and no bounce written. TAP output.
: "${TMIX:=./tmix}"
: "${top_builddir:=.}"
tool="$top_builddir/tests/harden_tool"
dir=$(mktemp -d /tmp/tmix-icli-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$dir/err"; fi; }
echo "1..8"

"$tool" stem "$dir/tone.wav" pcm16 48000 1 1 || exit 99
printf '[track "T"]\nfile = tone.wav\ninsert.1 = utility   ; a trim\ninsert.1.gian = -3 dB\n' > "$dir/a.ini"
cp "$dir/a.ini" "$dir/a.orig"
"$TMIX" check "$dir/a.ini" 2>"$dir/err" >/dev/null; rc=$?
t "unknown parameter: exit 2" '[ $rc -eq 2 ]'
t "unknown parameter: FILE:LINE and the unit's parameters" \
	'grep -q "a.ini:4: insert.1.gian = -3 dB: utility has no parameter .gian.; its parameters are gain, invert, channels, bypass" "$dir/err"'
t "the file is untouched" 'cmp -s "$dir/a.ini" "$dir/a.orig"'

printf '[track "T"]\nfile = tone.wav\ninsert.1 = utility\ninsert.1.gain = +30 dB\n' > "$dir/b.ini"
"$TMIX" bounce "$dir/b.ini" -o "$dir/b.wav" 2>"$dir/err" >/dev/null; rc=$?
t "out of range: bounce refuses with exit 2" '[ $rc -eq 2 ]'
t "out of range: FILE:LINE with the range" 'grep -q "b.ini:4: insert.1.gain = +30 dB: must be -48 dB to +24 dB" "$dir/err"'
t "no bounce written" '[ ! -e "$dir/b.wav" ]'

printf '[master]\ninsert.1 = deeser\n' > "$dir/c.ini"
"$TMIX" check "$dir/c.ini" 2>"$dir/err" >/dev/null; rc=$?
t "unknown unit: exit 2" '[ $rc -eq 2 ]'
t "unknown unit: FILE:LINE listing the units" 'grep -q "c.ini:2: insert.1 = deeser: unknown unit \"deeser\"; the built-in units are: .*utility" "$dir/err"'
