#!/bin/sh
# test_tui_mastering.sh — the mastering keys of the mixer under tmux:
# the master's loudness block and the header's LUFS, `c` resetting the
# meter, reference A/B (`r`, `R`, :ref), the tonal-balance view (`t`),
# gain staging (`g`, :gainstage, one undo step) with its flags, and the
# master's CLIP pre-limiter flag. Helpers from tui_lib.sh. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"

mkdir -p "$T/proj/stems" "$T/proj/refs"
wav "$T/proj/stems/kick.wav" 20 020 360     # -18 dBFS: flagged low
wav "$T/proj/stems/snare.wav" 20 020 360
wav "$T/proj/stems/bass.wav" 20 040 340     # -12 dBFS
wav "$T/proj/stems/keys.wav" 20 040 340
wav "$T/proj/stems/vox.wav" 20 040 340
wav "$T/proj/refs/loud.wav" 20 100 300      # 16384: -6 dBFS
if command -v sox >/dev/null 2>&1; then
	sox -q -n -r 48000 -c 2 -b 16 "$T/proj/refs/pink.wav" synth 20 pinknoise vol 0.3
else
	wav "$T/proj/refs/pink.wav" 20 010 370
fi
cat > "$T/proj/song.ini" <<'INI'
[project]
name = Master Test

[track "Kick"]
file = stems/kick.wav
[track "Snare"]
file = stems/snare.wav
[track "Bass"]
file = stems/bass.wav
[track "Keys"]
file = stems/keys.wav
[track "Vox"]
file = stems/vox.wav

[master]
gain = +6 dB          ; drives the sum over full scale before the limiter
limiter = -1 dBTP
target = -14 LUFS

[reference "Loud"]
file = refs/loud.wav
[reference "Pink"]
file = refs/pink.wav
INI
cp "$T/proj/song.ini" "$T/orig.ini"
cd "$T/proj" || exit 99

start() {
	stop_server
	cp "$T/orig.ini" song.ini
	tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
	wait_for 'MASTER' 10
}

start; check $? "the mixer starts"
s=$(screen)
echo "$s" | grep -q 'LUFS ---' && echo "$s" | grep -Eq '│M +--- *$' && echo "$s" | grep -Eq '│tgt +-14 *$'
check $? "before playing: header LUFS ---, the master shows M --- and the target -14"
wait_for '▼' 15; check $? "the analysis flags stems peaking under -12 dBFS (▼)"
wait_for 'CLIP pre' 15; check $? "the master flags clipping before the limiter"

keys Space
wait_for '│ LUFS -[0-9]+\.[0-9]' 10; check $? "playing: the header shows integrated LUFS"
wait_for '│I +-[0-9]+\.[0-9] *$' 5 && screen | grep -Eq '│LRA +[0-9]+\.[0-9] *$' && screen | grep -Eq '│TP +-?[0-9]+\.[0-9] *$'
check $? "the master strip shows M, S, I, LRA and TP"
keys c; wait_for 'loudness meter reset' 5; check $? "c resets the loudness meter"

keys r; wait_for '^.*REF ' 5 && wait_for 'REF "Loud" [-+][0-9]+\.[0-9] dB' 15
check $? "r flips to the reference, loudness-matched: REF \"Loud\" with its gain"
screen | grep -Eq '│REF [-+][0-9]+\.[0-9]'; check $? "the master's name row shows REF and the gain"
keys R; wait_for 'REF "Pink"' 5; check $? "R cycles to the next reference while it is heard"
keys r; wait_for 'the mix' 5 && wait_for '│MASTER' 5; check $? "r again: back to the mix"
keys : 'ref Pink' Enter; wait_for 'REF "Pink"' 5; check $? ":ref NAME hears that reference"
keys : 'ref mix' Enter; wait_for '│MASTER' 5; check $? ":ref mix goes back"

keys t; wait_for 'Tonal balance' 5; check $? "t opens the tonal-balance view"
wait_for '█ mix, [1-9][0-9]* s since' 10 && wait_for 'diff = mix - reference' 15
check $? "the mix curve and the reference curve are measured"
if command -v sox >/dev/null 2>&1; then
	screen | grep -E '^ diff' | grep -Eq '[-+][0-9]'; check $? "a row of per-band differences (square waves against pink noise)"
else
	n=$((n + 1)); echo "ok $n # SKIP sox is missing: the reference is a square wave like the mix"
fi
screen | grep -Eq '▔'; check $? "the reference is drawn as a line of marks"
screen > "$T/tonal.txt"
keys Escape; wait_for '│MASTER' 5; check $? "Esc goes back to the console"
keys Space; wait_for 'STOP' 5

# gain staging: Kick peaks at -18 dBFS, g sets trim +8 dB (peak -10)
keys g; wait_for 'gain staging: Kick trim \+8\.1 dB' 30; check $? "g sets Kick's trim so it peaks at -10 dBFS (+8.1 dB)"
keys u; wait_for 'undo: Kick trim' 5; check $? "u undoes it"
keys : gainstage Enter; wait_for 'gain staging: 5 trims set' 30; check $? ":gainstage sets every track's trim"
keys C-s; wait_for '^saved ' 5
t=$(grep -c '^trim = ' song.ini)
grep '^trim' song.ini | sed 's/^/# /'
# 4096/32768 peaks at -18.06 dBFS, 8192 at -12.04: trims land them at -10 +- 0.05
[ "$(grep -c '^trim = +8.1 dB' song.ini)" = 2 ] && [ "$(grep -c '^trim = +2 dB' song.ini)" = 3 ] && [ "$t" = 5 ]
check $? "the file holds the trims: +8.1 dB for the -18.06 dBFS stems, +2 dB for the -12.04 dBFS ones"
sleep 0.5; ! screen | grep -q '▼'; check $? "no stem is flagged any more"
keys u; wait_for 'undo: 5 changes' 5; check $? "one u undoes the whole :gainstage"

keys '?'; wait_for 'Keys - ' 5
s=$(screen; keys j j j j j j j j j j j j j j j j j j j j; sleep 0.3; screen; keys j j j j j j j j j j; sleep 0.3; screen; keys j j j j j j j j j j; sleep 0.3; screen)
echo "$s" | grep -q 'reference A/B' && echo "$s" | grep -q 'tonal balance' && echo "$s" | grep -q 'gain staging'
check $? "help lists r, t and g"

echo "# tonal-balance view:"
sed 's/^/# | /' "$T/tonal.txt"
echo "1..$n"
[ $fails = 0 ]
