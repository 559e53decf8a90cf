#!/bin/sh
# test_tui.sh — drives the real tmix binary (null audio) under a detached
# tmux server and reads the screen back with capture-pane. Every wait
# polls the screen with a deadline instead of sleeping a fixed time, so
# a slow machine takes longer but does not fail. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"

# --- a small project: 16-bit mono WAVs made with printf (no sox needed) ---
mkdir -p "$T/proj/stems"
for s in kick snare bass keys vox; do wav "$T/proj/stems/$s.wav" 20; done
cat > "$T/proj/song.ini" <<'EOF'
; tui test song
[project]
name = TUI Test
loop = 0:02 - 0:06

[track "Kick"]
file = stems/kick.wav
gain = -1 dB          ; kick fader comment

[track "Snare"]
file = stems/snare.wav

[track "Bass"]
file = stems/bass.wav
comp.threshold = -30 dB

[track "Keys"]
file = stems/keys.wav

[track "Vox"]
file = stems/vox.wav
send.Plate = -12 dB

[bus "Plate"]
fx = reverb

[markers]
Verse = 0:01
Chorus = 0:08
EOF
cp "$T/proj/song.ini" "$T/orig.ini"
cd "$T/proj" || exit 99

# A killed session's tmix ends on the hang-up a moment later: wait until
# it lets go of the project (NAME.ini.lock) and drop the autosave it left.
settle() {
	i=0
	while [ -e song.ini.lock ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	rm -f song.ini.autosave
}
start() { # start the mixer afresh on a copy of the original project
	stop_server
	settle
	cp "$T/orig.ini" song.ini
	tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
	wait_for 'MASTER' 10
}
# The row of the console that carries fader values (the one with "dB"-ish numbers)
row_of() { screen | grep -E -- "$1" | head -1; }

echo "1..29"

start; check $? "the mixer starts under tmux with --audio null"
s=$(screen)
miss=0
for name in Kick Snare Bass Keys Vox Plate MASTER; do
	echo "$s" | grep -q "$name" || { miss=1; echo "# missing $name"; }
done
check $miss "80x24 shows every track, the bus and the master strip"
echo "$s" | grep -q 'null output'; check $? "the header says null output"

# select Snare, fader up 1 dB, pan right 10, mute, solo
keys l k k; wait_for '^ -1\.0 +\+1\.0 '; check $? "select + fader: Snare shows +1.0 dB"
keys '>' '>'; wait_for '^C   ─•─ R10 '; check $? "pan: Snare shows R10"
keys m; wait_for '^m s     M s '; check $? "mute: Snare shows M"
keys s; wait_for '^m s     M S '; check $? "solo: Snare shows S"
keys S m; wait_for '^m s     m s '; check $? "S clears solos, m unmutes"

# play: the transport runs and every strip's own meter moves. Only the
# meter columns are read (strip N's two cells at columns 8N+3 and 8N+4,
# rows 5-18; the master's at 72): the rows around them also hold the
# fader bars and the master's loudness figures, which move without them.
meter_cells() { screen | sed -n "${2:-5},18p" | sed -E "s/^.{$1}(..).*/\1/;t;s/.*//"; }
lit() { meter_cells "$@" | grep -o '[█▁▂▃▄▅▆▇░▔#:]' | wc -l; }
# wait_lit COLUMN: until that meter shows something (5 s)
wait_lit() {
	end=$(($(date +%s) + 5))
	while [ "$(date +%s)" -le "$end" ]; do
		[ "$(lit "$1")" -gt 0 ] && return 0
		sleep 0.1
	done
	return 1
}
still=0
for c in 3 11 19 27 35 72; do [ "$(lit $c)" = 0 ] || still=1; done
keys Space; wait_for 'PLAY 0:0[1-9]' 10; check $? "space plays: the clock runs"
moved=$still
for c in 3 11 19 27 35 72; do
	wait_lit $c || { moved=1; echo "# no meter at column $c"; }
done
# a -12 dBFS stem does not fill its meter: the top row stays dark
for c in 3 11 19 27 35; do [ -z "$(meter_cells $c | head -1 | tr -d ' ')" ] || moved=1; done
[ $moved = 0 ]; check $? "meters: dark when stopped, every track's and the master's lit while playing"
keys Space; wait_for 'STOP' 5; check $? "space pauses"

# detail panel: hpf (8th row: a mono stem has no width) on, typed value, undo/redo
keys Enter; wait_for 'EQ and filters'; check $? "Enter opens the detail panel"
keys j j j j j j j; keys x; wait_for '^ hpf +80 Hz'; check $? "x switches the high-pass on"
keys =; wait_for '^hpf = '; keys C-u; keys -l '120 Hz'; keys Enter
wait_for '^ hpf +120 Hz'; check $? "= takes a typed value with units"
keys u; wait_for '^ hpf +80 Hz'; check $? "u undoes the typed value"
keys C-r; wait_for '^ hpf +120 Hz'; check $? "Ctrl-R redoes it"
keys =; wait_for '^hpf = 120 Hz'; keys -l '100 Hz'; keys Enter
wait_for '^ hpf +100 Hz'; check $? "= then typing replaces the pre-filled value (it once appended: 120 Hz100 Hz)"
keys =; wait_for '^hpf = 100 Hz'; keys Left End BSpace BSpace BSpace BSpace; keys -l '5 Hz'; keys Enter
wait_for '^ hpf +105 Hz'; check $? "= then Left edits the pre-filled value in place"

# quit with unsaved changes asks
keys Escape q; wait_for 'Unsaved changes'; check $? "q asks when there are unsaved changes"
keys n; keys q y; wait_for 'EXITED 0'; check $? "y quits without saving"

# save: one fader step, Ctrl-S, only that line differs and comments stay
start; keys k C-s; wait_for '^saved '
d=$(diff "$T/orig.ini" song.ini | grep -c '^[<>]')
[ "$d" = 2 ] && grep -q 'gain = -0.5 dB *; kick fader comment' song.ini
check $? "save after one fader move changes only that line (comments kept)"

# hot reload: an external edit shows up
sed -i 's/^gain = -0.5 dB/gain = -7 dB/' song.ini
wait_for '^ -7\.0 ' 5; check $? "hot reload shows an external edit"

# both changed: it asks; m keeps mine in NAME.ini.mine and reloads
keys h h h h h h k; wait_for '^ -6\.5 '
sed -i 's/^gain = -7 dB/gain = -9 dB/' song.ini
wait_for 'changed on disk and here' 5; check $? "an external edit on top of unsaved edits asks"
keys m; wait_for '^ -9\.0 ' 5 && grep -q 'gain = -6.5 dB' song.ini.mine
check $? "m saves mine to song.ini.mine and reloads the file"

# resize: too small, large, back
tm resize-window -t =t: -x 59 -y 20; wait_for 'make the window larger'; check $? "59x20 shows the notice"
tm resize-window -t =t: -x 200 -y 60; wait_for 'MASTER' && wait_gone 'make the window larger'
r1=$?; tm resize-window -t =t: -x 80 -y 24; wait_for 'Plate.*MASTER' && [ $r1 = 0 ]
check $? "200x60 and back to 80x24 redraw the console"

# 1000 random keys: still alive and answering
i=0 batch=''
for k in $(awk 'BEGIN { srand(42); split("h j k l H J K L m s S c e x = < > [ ] { } 0 u Escape Enter Space Tab BSpace Left Right Up Down PageUp PageDown Home C-r ? b a 1 2 . -", K, " "); n = 0; for (k in K) n++; for (i = 0; i < 1000; i++) print K[int(rand() * n) + 1] }'); do
	batch="$batch $k"; i=$((i + 1))
	if [ $((i % 50)) = 0 ]; then keys $batch; batch=''; fi
done
keys Escape Escape Escape
sleep 0.3
keys Escape
if screen | grep -q 'EXITED'; then false; else tm send-keys -t =t: '?'; wait_for 'Keys - ' 5 || { keys Escape '?'; wait_for 'Keys - ' 5; }; fi
check $? "1000 random keys leave it alive and responsive"

# monochrome, ASCII: TERM=vt100 in the C locale, NO_COLOR
stop_server
settle
cp "$T/orig.ini" song.ini
tm new-session -d -s t -x 80 -y 24 "env TERM=vt100 LANG=C LC_ALL=C NO_COLOR=1 $TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
wait_for 'MASTER' && keys Space && wait_for 'PLAY' && wait_lit 3 && meter_cells 3 | grep -q '#'
check $? "TERM=vt100, C locale, NO_COLOR: ASCII bars and every strip"
s=$(screen)
echo "$s" | grep -q 'Kick' && ! echo "$s" | grep -q '[█│▁]'
check $? "no UTF-8 block elements outside a UTF-8 locale"

[ $fails = 0 ]
