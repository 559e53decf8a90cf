#!/bin/sh
# test_tui_monitor.sh — the monitor section and the stereo meters under
# tmux: `:monitor MODE` and the header's warning, `o` cycling, Tab; the
# correlation meter of the master (-1 for a stem whose right channel is
# its left inverted, +1 for a mono stem panned centre) and of a strip in
# its detail panel; the stereo view (v); `:monitor spotify` on a mix at
# -9 LUFS plays it 5 dB down while the meter reads -9; and a bounce from
# the mixer is byte-identical to `tmix bounce` with every mode on, and a
# saved project holds no monitor, so stems and analyze cannot change.
# Helpers from tui_lib.sh. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"
if ! command -v sox >/dev/null 2>&1; then
	echo "1..0 # SKIP sox is not installed"
	exit 0
fi
TMIX=$(cd "$(dirname "$TMIX")" && pwd)/$(basename "$TMIX")

mkdir -p "$T/proj/stems"
cd "$T/proj" || exit 99
# a 1 kHz tone, the same on both sides; a 440 Hz tone with R = -L; mono
sox -q -n -r 48000 -c 2 -b 24 stems/tone.wav synth 8 sine 1000 vol 0.38
sox -q -n -r 48000 -c 1 -b 24 stems/one.wav synth 8 sine 440 vol 0.3
sox -q stems/one.wav -c 2 stems/wide.wav remix 1 1v-1
cat > wide.ini <<'INI'
[project]
name = Wide
[track "Wide"]
file = stems/wide.wav
[master]
INI
cat > mono.ini <<'INI'
[project]
name = Mono
[track "One"]
file = stems/one.wav
[master]
INI
cat > song.ini <<'INI'
[project]
name = Loud

[track "Tone"]
file = stems/tone.wav

[master]
INI
# the tone's level that puts the mix at -9.0 LUFS, measured by tmix itself
lufs() { "$TMIX" analyze --json song.ini | sed -n 's/.*"integrated_lufs": \(-*[0-9.]*\),.*/\1/p' | head -1; }
vol=$(awk -v l="$(lufs)" 'BEGIN { printf "%.5f", 0.38 * 10 ^ ((-9 - l) / 20) }')
sox -q -n -r 48000 -c 2 -b 24 stems/tone.wav synth 8 sine 1000 vol "$vol"
l=$(lufs)
# libebur128's histogram mode reads a steady tone in 0.1 LU bins: -9.05 or -8.95
awk -v l="$l" 'BEGIN { exit !(l >= -9.06 && l <= -8.94) }'
check $? "the test mix measures -9.0 LUFS ($l)"

start() {
	stop_server
	tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null $1; echo EXITED \$?; sleep 60"
	wait_for 'MASTER' 10
}

# ---- correlation ----
start wide.ini; check $? "the mixer starts on the wide stem"
keys Space
wait_for '│█·┊·· +-(1\.00|0\.9[5-9]) *$' 10
check $? "R = -L: the master's correlation meter reads -1 (needle at the left end)"
keys e; wait_for 'corr' 5 && wait_for '-(1\.00|0\.9[5-9])' 5
check $? "the stereo strip's detail panel shows its correlation at -1"
keys Escape
keys v; wait_for 'Stereo: the master' 5; inview=$?; check $inview "v opens the stereo view"
wait_for 'short-term +cancels \(silent in mono\)' 10; check $? "the mono fold of R = -L cancels"
dots=$(printf '\342[\240-\243][\201-\277]')
end=$(($(date +%s) + 5)) r=1
while [ $r = 1 ] && [ "$(date +%s)" -le "$end" ]; do screen | LC_ALL=C grep -q "$dots" && r=0; sleep 0.1; done
check $r "the goniometer draws braille dots"
screen | grep -q 'plays at [-+][0-9.]* dB on spotify'; check $? "the targets list: plays at X dB on spotify"
keys v; wait_for '│MASTER' 5 && [ $inview = 0 ]; check $? "v again: back to the console"

start mono.ini; check $? "the mixer starts on a mono stem"
keys Space
wait_for '│··┊·█ +\+(1\.00|0\.99) *$' 10
check $? "a mono stem panned centre: the master's correlation reads +1"
keys v; wait_for 'short-term +[-+]0\.[0-2] LU' 10
check $? "and no mono-fold drop"

# ---- modes ----
start song.ini; check $? "the mixer starts on the -9 LUFS mix"
! screen | grep -q 'MON:'; r=$?
keys : 'monitor mono' Enter
wait_for 'MON:mono │ LUFS' 5 && [ $r = 0 ]; check $? "no MON at the start; :monitor mono: the header says MON:mono"
keys o; wait_for 'MON:side │' 5; check $? "o: side"
keys o; wait_for 'MON:phone │' 5; check $? "o: phone"
keys o; wait_for 'MON:small │' 5; small=$?; check $small "o: small"
keys o; wait_gone 'MON:' 5 && [ $small = 0 ]; check $? "o from small: off, the header is clear again"
keys : 'monitor sp' Tab; wait_for ':monitor spotify' 5; check $? "Tab completes a target after :monitor"
keys C-u Escape
keys : 'monitor loud' Enter; wait_for 'unknown monitor mode "loud"' 5 && screen | grep -q 'spotify-loud'
check $? "an unknown mode lists the modes and the targets"

# ---- a platform's level ----
keys Space
NINE='│ LUFS -(9\.[01]|8\.9)'
wait_for "$NINE" 15; check $? "playing: the meter reads -9 LUFS"
keys : 'monitor spotify' Enter
wait_for 'MON:spotify -(5\.0|4\.9) dB' 10; check $? ":monitor spotify: the header says it plays 5 dB down"
keys c; sleep 1.5
wait_for "$NINE" 15 && screen | grep -Eq 'MON:spotify -(5\.0|4\.9) dB'
check $? "the meter still reads -9 LUFS (before the monitor) while -5 dB is heard"
keys : 'monitor apple' Enter; wait_for 'MON:apple -(7\.0|6\.9) dB' 10; check $? ":monitor apple: 7 dB down"
keys Space

# ---- never in a bounce, stems or analysis ----
"$TMIX" bounce song.ini -o cli.wav >/dev/null 2>&1
"$TMIX" bounce song.ini --stems stems-before >/dev/null 2>&1
"$TMIX" analyze --json song.ini > analyze-before.json 2>&1
same=0
for m in off mono side swap dim phone small cut spotify; do
	keys : "monitor $m" Enter
	if [ $m != off ] && ! wait_for "MON:$m" 5; then
		echo "# monitor $m is not on"
		same=1
	fi
	keys : "bounce mix-$m.wav" Enter
	if ! wait_for "bounced .*mix-$m.wav" 60 || ! cmp -s cli.wav "mix-$m.wav"; then
		echo "# the bounce with monitor $m differs"
		same=1
	fi
done
check $same "with each monitor mode on in turn, a bounce from the mixer is byte-identical to tmix bounce"
# saved with a mode on: nothing of it in the file, so the stems and the
# analysis (which never run the live engine) are the same bytes
keys C-s; wait_for 'saved' 5
"$TMIX" bounce song.ini --stems stems-after >/dev/null 2>&1
"$TMIX" analyze --json song.ini > analyze-after.json 2>&1
[ $same = 0 ] && screen | grep -q 'MON:spotify' && ! grep -qi monitor song.ini &&
	diff -r stems-before stems-after >/dev/null && cmp -s analyze-before.json analyze-after.json
check $? "saved with monitor spotify on: no monitor in the file; --stems and analyze byte-identical"

echo "1..$n"
[ "$fails" = 0 ]
