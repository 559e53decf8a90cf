#!/bin/sh
# test_play.sh — `tmix play` on the null clock: plays to the end and
# exits 0, stops on SIGINT with 0, refuses a broken project with 2, and
# `tmix --list-devices` answers without a sound card.
: "${TMIX:=./tmix}"
dir=$(mktemp -d /tmp/tmix-play-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }

# a 0.5 s silent 16-bit mono WAV, header spelt out in octal for sh's printf
{ printf 'RIFF\244\273\000\000WAVEfmt \020\000\000\000\001\000\001\000'
  printf '\200\273\000\000\000\167\001\000\002\000\020\000data\200\273\000\000'
  head -c 48000 /dev/zero; } > "$dir/a.wav"
printf '[project]\nname = P\nrate = 48000\n[track "A"]\nfile = a.wav\n' > "$dir/p.ini"
printf '[project]\nname = P\n[track "A"]\nfile = missing.wav\n' > "$dir/bad.ini"

now() { date +%s.%N; }
start=$(now)
"$TMIX" play "$dir/p.ini" --audio null 2>"$dir/err"; rc=$?
took=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
t "play to the end exits 0" '[ $rc -eq 0 ]'
t "play lasts the length plus the tail (${took} s)" 'awk -v t="$took" "BEGIN { exit !(t > 2.2 && t < 6) }"'
t "says it plays on the null output" 'grep -q "null output" "$dir/err"'

"$TMIX" play "$dir/p.ini" --audio null --loop 2>/dev/null & pid=$!
sleep 1; kill -INT $pid; wait $pid; rc=$?
t "--loop plays until SIGINT, then exits 0" '[ $rc -eq 0 ]'

"$TMIX" play "$dir/bad.ini" --audio null 2>/dev/null; rc=$?
t "a project with errors exits 2" '[ $rc -eq 2 ]'
"$TMIX" play 2>/dev/null; rc=$?
t "no project: usage, exit 2" '[ $rc -eq 2 ]'
"$TMIX" --list-devices >"$dir/dev" 2>&1; rc=$?
t "--list-devices exits 0" '[ $rc -eq 0 ]'
echo "1..$n"
