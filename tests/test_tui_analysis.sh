#!/bin/sh
# test_tui_analysis.sh — what the mixer's detail panel says of the
# selected track's analysis, under tmux at 80x24: a stem clipped at its
# own 16-bit full scale, one with a DC offset, one with 15 Hz rumble
# are warned of; a clean one is not; after `g` the panel and `tmix
# analyze` agree that the track is in range and have no trim to change.
# Helpers from tui_lib.sh. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"

# pcm16 FILE SECONDS EXPR: 16-bit mono 48 kHz, sample i the integer code
# EXPR (an awk expression of i), written as the file's own codes.
pcm16() {
	bytes=$((48000 * $2 * 2))
	{
		printf RIFF; le32 $((36 + bytes)); printf WAVEfmt' '; le32 16
		printf '\001\000\001\000'; le32 48000; le32 96000; printf '\002\000\020\000'
		printf data; le32 "$bytes"
		LC_ALL=C awk "BEGIN { for (i = 0; i < 48000 * $2; i++) { v = int($3); if (v < 0) v += 65536; printf \"%c%c\", v % 256, int(v / 256) } }"
	} > "$1"
}
sq='(i % 128 < 64 ? 1 : -1)'              # a 375 Hz square
mkdir -p "$T/proj/stems"
pcm16 "$T/proj/stems/kick.wav" 8 "8192 * $sq"                    # -12 dBFS, clean
pcm16 "$T/proj/stems/snare.wav" 8 "(i % 128 < 64 ? 32767 : -32768)" # flat on both rails
pcm16 "$T/proj/stems/bass.wav" 8 "8192 * $sq + 1024"              # DC 1024/32768: -30 dBFS
pcm16 "$T/proj/stems/vox.wav" 8 "4096 * $sq + 4096 * (i % 3200 < 1600 ? 1 : -1)" # 15 Hz under it
pcm16 "$T/proj/stems/all.wav" 8 "(i % 128 < 64 ? 32767 : -4096 + 4096 * (i % 3200 < 1600 ? 1 : -1))" # all three
cat > "$T/proj/song.ini" <<'INI'
[track "Kick"]
file = stems/kick.wav
[track "Snare"]
file = stems/snare.wav
[track "Bass"]
file = stems/bass.wav
[track "Vox"]
file = stems/vox.wav
[track "All"]
file = stems/all.wav
[master]
limiter = -1 dBTP
INI
cd "$T/proj" || exit 99
tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
wait_for 'MASTER' 10; check $? "the mixer starts"
wait_for '▲' 30; check $? "the analysis ran: the clipped snare is flagged hot"

# panel SELECTION: Escape to the console, select the n-th track, Enter
panel() {
	keys Escape; sleep 0.2; keys h h h h h h
	i=1; while [ $i -lt "$1" ]; do keys l; i=$((i + 1)); done
	keys Enter; wait_for 'EQ and filters' 5
}
panel 2
wait_for '^ stem: clipped: [0-9]+ runs at 16-bit full scale from 0:00' 5
check $? "Snare: the panel warns of clipping at 16-bit full scale"
screen | grep -q '^ analysis: input peaks 0.0 dBFS after trim, hot: trim -10.0 dB (g)'
check $? "Snare: hot, the trim change g would make (-10.0 dB)"
panel 3; wait_for '^ stem: DC offset -30 dBFS' 5; check $? "Bass: DC offset -30 dBFS"
panel 4; wait_for '^ stem: rumble below 30 Hz' 5; check $? "Vox: rumble below 30 Hz"
panel 5; wait_for '^ stem: clipped, DC offset, rumble \(tmix analyze tells more\)$' 5
check $? "All three at once: named short, to fit 80 columns"
panel 1; wait_for '^ analysis: input peaks -12.0 dBFS after trim, in range$' 5 &&
	! screen | grep -Eq '^ stem:|clipped|DC offset|rumble'
check $? "Kick (clean, in range): no warning and no trim to change"

# gain staging the snare: the panel and tmix analyze then agree
keys Escape; sleep 0.2; keys h h h h h h l g
wait_for 'gain staging: Snare trim -10' 30; check $? "g sets Snare's trim"
keys Enter; wait_for '^ analysis: input peaks -10.0 dBFS after trim, in range$' 5
check $? "after g the panel says in range, nothing to change"
keys Escape C-s; wait_for '^saved ' 5
"$TMIX" analyze song.ini > "$T/an.txt" 2>&1
sed 's/^/# /' "$T/an.txt"
grep -Eq '^Snare +0\.0( +[-0-9.]+){5} +0 *$' "$T/an.txt" && grep -Eq '^Kick +-12\.0( +[-0-9.]+){5} +0 *$' "$T/an.txt"
check $? "tmix analyze agrees: no trim change and no flag for Snare and Kick"
grep -A1 '^Snare ' "$T/an.txt" | grep -q '^  warning: clipped: ' && ! grep -A1 '^Kick ' "$T/an.txt" | grep -q warning
check $? "tmix analyze warns of the snare's clipping, not of the kick"
[ "$(grep -A3 '^All ' "$T/an.txt" | grep -c '^  warning: ')" = 3 ]
check $? "tmix analyze gives each of the three its own line"
grep -Eq '^Bass +-11\.[0-9]+( +[-0-9.]+){5} +0 *$' "$T/an.txt"
check $? "Bass (DC, in range) has no trim change either"

echo "1..$n"
[ $fails = 0 ]
