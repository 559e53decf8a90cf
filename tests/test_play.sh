#!/bin/sh
# test_play.sh — `tmix play` on the null clock: plays to the end and
# exits 0, stops on SIGINT with 0, refuses a broken project with 2, and
# `tmix --list-devices` answers without a sound card. What it prints: a
# summary at the end (played, master peak, xruns and why), one status
# line on a terminal and none elsewhere.
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

# the summary: what played, the master's peak, xruns
t "stderr not a terminal: no status lines, only the start and the summary ($(wc -l < "$dir/err") lines)" \
	'[ "$(wc -l < "$dir/err")" -eq 2 ]'
t "the summary says it played the song and its tail to the end" \
	'grep -q "^tmix play: played 0:02.5 (to the end) in 0:0[2-5]\.[0-9], master peak" "$dir/err"'
# (xruns counted, not required to be 0: a loaded CI machine can stall the null clock)
t "silence: master peak -inf dBFS, xruns counted" 'grep -Eq "master peak -inf dBFS, [0-9]+ xruns?" "$dir/err"'

# what float arithmetic leaves of a decayed tail is silence too: a
# 32-bit float stem holding 1.6e-12 (-235.9 dBFS) throughout
{ printf 'RIFF\044\167\001\000WAVEfmt \020\000\000\000\003\000\001\000'
  printf '\200\273\000\000\000\356\002\000\004\000\040\000data\000\167\001\000'
  printf '\023\056\341\053' > "$dir/q"
  i=0; while [ $i -lt 15 ]; do cat "$dir/q" "$dir/q" > "$dir/q2"; mv "$dir/q2" "$dir/q"; i=$((i + 1)); done
  head -c 96000 "$dir/q"; } > "$dir/tail.wav"
printf '[project]\nname = P\nrate = 48000\n[track "A"]\nfile = tail.wav\n' > "$dir/tail.ini"
"$TMIX" play "$dir/tail.ini" --audio null 2>"$dir/err"
t "a -235.9 dBFS tail: master peak -inf dBFS ($(grep -o 'master peak [^,]*' "$dir/err"))" \
	'grep -q "master peak -inf dBFS" "$dir/err"'

# a stem at -0.004 dBFS (every sample 0x7ff0), pan law 0 dB: "0.0", never "-0.0"
{ printf 'RIFF\244\273\000\000WAVEfmt \020\000\000\000\001\000\001\000'
  printf '\200\273\000\000\000\167\001\000\002\000\020\000data\200\273\000\000'
  printf '\360\177' > "$dir/q"
  i=0; while [ $i -lt 15 ]; do cat "$dir/q" "$dir/q" > "$dir/q2"; mv "$dir/q2" "$dir/q"; i=$((i + 1)); done
  head -c 48000 "$dir/q"; } > "$dir/fs.wav"
printf '[project]\nname = P\nrate = 48000\npanlaw = 0 dB\n[track "A"]\nfile = fs.wav\n' > "$dir/fs.ini"
"$TMIX" play "$dir/fs.ini" --audio null 2>"$dir/err"
t "a peak of -0.004 dBFS: master peak 0.0 dBFS ($(grep -o 'master peak [^,]*' "$dir/err"))" \
	'grep -q "master peak 0\.0 dBFS" "$dir/err"'
"$TMIX" analyze "$dir/fs.ini" >"$dir/an" 2>&1
t "and tmix analyze of it shows no -0.0 ($(grep -c -- '-0\.0' "$dir/an") of them)" \
	'grep -q " 0\.0 " "$dir/an" && ! grep -q -- "-0\.0" "$dir/an"'

"$TMIX" play "$dir/p.ini" --audio null --loop 2>"$dir/err" & pid=$!
sleep 1; kill -INT $pid; wait $pid; rc=$?
t "--loop plays until SIGINT, then exits 0" '[ $rc -eq 0 ]'
t "the summary says where it stopped, the loop's rounds counted ($(tail -1 "$dir/err"))" \
	'grep -Eq "^tmix play: played 0:0(0\.[89]|[1-9]\.[0-9]) \(stopped at 0:00\.[0-9]\)" "$dir/err"'

# the machine stalls (the process stopped for 1.2 s): the null clock
# comes back late, and the summary says why the xrun happened
"$TMIX" play "$dir/p.ini" --audio null --loop 2>"$dir/err" & pid=$!
sleep 0.5; kill -STOP $pid; sleep 1.2; kill -CONT $pid; sleep 0.5; kill -INT $pid; wait $pid
t "a stall: the xrun counted and blamed on the machine ($(tail -1 "$dir/err" | cut -c1-160))" \
	'grep -Eq ", [1-9][0-9]* xruns?; the machine stalled: this process did not run for 1\.[0-9]+ s" "$dir/err"'

"$TMIX" play "$dir/bad.ini" --audio null 2>/dev/null; rc=$?
t "a project with errors exits 2" '[ $rc -eq 2 ]'
"$TMIX" play 2>/dev/null; rc=$?
t "no project: usage, exit 2" '[ $rc -eq 2 ]'
"$TMIX" --list-devices >"$dir/dev" 2>&1; rc=$?
t "--list-devices exits 0" '[ $rc -eq 0 ]'

# on a terminal: one status line rewritten in place, even in a pane too
# narrow for it (a wrapped line leaves a copy at every update), then the
# summary in its place
if command -v tmux >/dev/null 2>&1; then
	sock="tmixplay$$"
	printf '#!/bin/sh\n"%s" play "%s" --audio null\necho EXIT $?\nsleep 30\n' "$TMIX" "$dir/tail.ini" > "$dir/run.sh"
	tmux -L "$sock" new-session -d -s p -x 60 -y 24 "sh $dir/run.sh"
	sleep 1.5; tmux -L "$sock" capture-pane -p -t =p: > "$dir/during"
	i=0; while [ $i -lt 50 ] && ! tmux -L "$sock" capture-pane -p -t =p: | grep -q EXIT; do sleep 0.1; i=$((i + 1)); done
	tmux -L "$sock" capture-pane -p -t =p: > "$dir/after"
	tmux -L "$sock" kill-server
	t "on a terminal: one status line while playing ($(grep -c 'master' "$dir/during") rows with it)" \
		'[ "$(grep -c "master" "$dir/during")" -eq 1 ] && grep -Eq "^> 0:0[0-2]\.[0-9] / 0:00\.5.* master -inf dBFS +DSP [0-9]+% +xruns [0-9]+" "$dir/during"'
	t "at the end the summary replaces it" \
		'! grep -q "DSP" "$dir/after" && grep -q "played 0:02.5 (to the end)" "$dir/after"'
	[ "$(grep -c . "$dir/during")" -le 4 ] || sed 's/^/# | /' "$dir/during"
else
	echo "ok $((n + 1)) # SKIP tmux is not installed"; echo "ok $((n + 2)) # SKIP tmux is not installed"; n=$((n + 2))
fi
echo "1..$n"
