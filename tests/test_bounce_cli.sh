#!/bin/sh
# test_bounce_cli.sh — what `tmix bounce` tells a person: a float file's
# samples over 0 dBFS are said as such (a float file keeps them), and
# --normalize says what it reached; a project past the open-file limit
# is refused before starting, naming the limit.
: "${TMIX:=./tmix}"
: "${top_builddir:=.}"
tool="$top_builddir/tests/harden_tool"
dir=$(mktemp -d /tmp/tmix-bcli-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$dir/err"; fi; }

"$tool" stem "$dir/tone.wav" pcm16 48000 1 1 || exit 99
printf '[track "Hot"]\nfile = tone.wav\ngain = +12 dB\n' > "$dir/hot.ini"

"$TMIX" bounce "$dir/hot.ini" -o "$dir/hot.wav" --format float 2>"$dir/err"; rc=$?
t "float over full scale: bounced (exit 0)" '[ $rc -eq 0 ]'
t "float: 'samples over 0 dBFS', not 'clipped'" 'grep -q "[1-9][0-9]* samples over 0 dBFS" "$dir/err" && ! grep -q clipped "$dir/err"'
"$TMIX" bounce "$dir/hot.ini" -o "$dir/hot24.wav" 2>"$dir/err"; rc=$?
t "24-bit over full scale: 'clipped samples'" '[ $rc -eq 0 ] && grep -q "[1-9][0-9]* clipped samples" "$dir/err"'

printf '[track "T"]\nfile = tone.wav\n[master]\nlimiter = -1 dBTP\n' > "$dir/n.ini"
"$TMIX" bounce "$dir/n.ini" -o "$dir/n.wav" --normalize -20 2>"$dir/err"; rc=$?
t "--normalize -20: 'normalized to -20.0 LUFS (measured -20.0x)'" '[ $rc -eq 0 ] && grep -Eq "normalized to -20.0 LUFS \(measured -(20.0|19.9)[0-9]\)" "$dir/err"'
"$TMIX" bounce "$dir/n.ini" -o "$dir/n0.wav" --normalize 0 2>"$dir/err"; rc=$?
t "--normalize 0 (out of the limiter's reach): a warning with the shortfall, no 'normalized to'" \
	'[ $rc -eq 0 ] && grep -q "warning: --normalize 0.0: the mix reaches .* LU short" "$dir/err" && ! grep -q "^normalized to" "$dir/err"'
# more stems than the open-file limit allows: said before starting, as
# the open-file limit; a soft limit below the hard one is raised instead
i=0; : > "$dir/many.ini"
while [ $i -lt 60 ]; do printf '[track "T%d"]\nfile = tone.wav\ngain = -30\n' $i >> "$dir/many.ini"; i=$((i + 1)); done
(ulimit -n 50; exec "$TMIX" bounce "$dir/many.ini" -o "$dir/many.wav") 2>"$dir/err"; rc=$?
t "60 stems under a hard limit of 50 open files: exit 1, 'open-file limit', nothing written" \
	'[ $rc -eq 1 ] && grep -q "too many files for the open-file limit: 60 tracks need about [0-9]* files open at once, and the limit is 50" "$dir/err" && [ ! -e "$dir/many.wav" ]'
(ulimit -S -n 50; exec "$TMIX" bounce "$dir/many.ini" -o "$dir/many.wav" --stems "$dir/many") 2>"$dir/err"; rc=$?
t "a soft limit of 50 under a higher hard one: raised, and the bounce (with --stems) goes through" \
	'[ $rc -eq 0 ] && [ -s "$dir/many.wav" ] && [ -s "$dir/many/T59.wav" ]'
echo "1..$n"
