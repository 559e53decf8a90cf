#!/bin/sh
# test_tui_session_edge.sh — what a new user found in the session
# commands: a value edit that would leave a file that does not load is
# refused; L keeps the loop region; a loop past the song's end is
# refused; undo keeps a later marker; :ref delete asks; :help KEY; :w
# to another folder. Each check fails on the build before its fix. TAP.
. "${top_srcdir:-.}/tests/tui_lib.sh"

mkdir -p "$T/proj/stems"
for s in kick snare; do wav "$T/proj/stems/$s.wav" 3; done
cat > "$T/proj/song.ini" <<'INI'
; edge test song
[project]
name = Edge Test
tempo = 96
loop = 0:01 - 0:02

[track "Kick"]
file = stems/kick.wav
send.Echo = -12 dB

[track "Snare"]
file = stems/snare.wav

; ----------------------------------------
; Buses: the effect returns
; ----------------------------------------

[bus "Echo"]
fx = delay
delay.time = 1/8.         ; a dotted eighth

[reference "Pro"]
file = stems/snare.wav
INI
cp "$T/proj/song.ini" "$T/orig.ini"
cd "$T/proj" || exit 99

settle() {
	i=0
	while [ -e song.ini.lock ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	rm -f song.ini.autosave song.ini.bak
}
start() {
	stop_server
	settle
	cp "$T/orig.ini" song.ini
	tm new-session -d -s t -x 80 -y 23 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
	wait_for 'MASTER' 10
}
cmd() { keys :; keys -l "$1"; keys Enter; }
save() { rm -f song.ini.bak; keys C-s; wait_file -e song.ini.bak; }



# 1: :tempo off with a delay time in note lengths
start
cmd 'tempo off'
wait_for 'tempo: the file would not load: delay\.time: a note length needs a tempo'
check $? ":tempo off with delay.time = 1/8. is refused with the loader's reason"
save; cmp -s song.ini "$T/orig.ini" && "$TMIX" check song.ini >/dev/null 2>&1
check $? "after the refused :tempo off the saved file is unchanged and loads"
cmd 'rename Kik'
wait_for '^renamed Kick to Kik'; check $? "a structural edit after it still works"

# 4: a loop past the song's end (3 s): refused on screen; a hand-edited
# one stops the transport at the end instead of looping for ever
start
cmd "loop 1:00 1:10"
wait_for "loop: 1:00 is at or past the song's end \(it is 0:03(\.0)? long\)"
check $? ":loop 1:00 1:10 past the end is refused, saying the song's length"
cmd 'set loop 0:20 - 0:30'
wait_for "loop: 0:20 is at or past the song's end"; check $? ":set loop past the end is refused too"
save; cmp -s song.ini "$T/orig.ini"; check $? "the refused loops leave the file as it was"
stop_server; settle
sed 's/^loop = .*/loop = 0:20 - 0:30/' "$T/orig.ini" > past.ini
tm new-session -d -s t -x 80 -y 23 "$TMIX --audio null past.ini; echo EXITED \$?; sleep 60"
wait_for 'MASTER' 10
keys Space
wait_for 'end of the song: stopped; the loop starts at 0:20, past the end' 15
check $? "a hand-edited loop past the end: the transport stops at the end and says why"
wait_for 'STOP' 3 && ! screen | grep -q 'looping from'; check $? "... and does not loop"

# 7: :ref delete asks as :track delete does; :ref delete! does not
start
cmd 'ref delete'
wait_for 'Delete reference Pro\? y: delete'; check $? ":ref delete asks y/n"
keys n; wait_for '^nothing changed'
save; cmp -s song.ini "$T/orig.ini"; check $? "n keeps the reference"
cmd 'ref delete! Pro'
wait_for '^deleted reference Pro'; check $? ":ref delete! Pro deletes without asking"

# 8: :help KEY for a key
cmd 'help g'
wait_for '^key g: gain staging'; check $? ":help g shows the key's help"
cmd 'help L'
wait_for '^key L: loop on / off'; check $? ":help L: the console's meaning first"

# 5: undo of a structural step keeps a marker set after it
start
cmd 'rename Kik'
wait_for '^renamed Kick to Kik'
cmd 'goto 0:01'
cmd 'marker Bridge'
wait_for '^marker Bridge at'
keys u; wait_for '^undo: rename Kick to Kik'
wait_for '@Bridge' 3; check $? "u undoes the rename; the Bridge marker stays on screen"
save; grep -q '^Bridge = 0:01' song.ini && grep -q '^\[track "Kick"\]' song.ini
check $? "the saved file has the marker and the old name"

# 3: L off keeps the loop region in the file; L on brings it back
start
keys L; wait_for '^project loop = 0:01 - 0:02 off'
save; grep -q '^loop = 0:01 - 0:02 off$' song.ini; check $? "L off saves 'loop = 0:01 - 0:02 off': the region is kept"
"$TMIX" check song.ini >/dev/null 2>&1; check $? "... and the file loads"
cp song.ini "$T/off.ini"
stop_server; settle; cp "$T/off.ini" song.ini
tm new-session -d -s t -x 80 -y 23 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"; wait_for 'MASTER' 10
wait_for ' loop off ' 3; check $? "reopened: the loop is off"
keys L; wait_for '^project loop = 0:01 - 0:02$'; check $? "L on the next start brings the region back"
save; cmp -s song.ini "$T/orig.ini"; check $? "saved: the file as it was at first"

# 6: :w to another folder: the copy's stem paths work from there
start
mkdir -p "$T/other"
cmd "w $T/other/copy.ini"
wait_for '^wrote a copy to'
"$TMIX" check "$T/other/copy.ini" >/dev/null 2>"$T/check.err"; check $? ":w into another folder writes a copy that tmix check opens"
grep -q "^file = $T/proj/stems/kick.wav" "$T/other/copy.ini" || { grep '^file' "$T/other/copy.ini" | sed 's/^/# /'; false; }
check $? "  its stem path absolute (the stems are outside its folder)"
cmp -s song.ini "$T/orig.ini"; check $? "  the project file untouched"
cmd "w $T/nowhere/copy.ini"
wait_for '^not written: .*nowhere/copy.ini: no folder to write it in'; check $? ":w into a folder that is not there says so"

# 10: the autosave diff: a tab shows as spaces, ESC stays escaped
start
keys k; wait_for 'Kick gain = 0.5 dB'
tm kill-session -t t
wait_file -e song.ini.autosave && wait_file ! -e song.ini.lock
printf '; a comment with a tab\there and an escape \033[31m red\n' >> song.ini.autosave
tm new-session -d -s t -x 80 -y 23 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
wait_for 'Recover, discard or view' 10
keys v; wait_for '^\+\+\+ song\.ini\.autosave {2,}[0-9]'
check $? "the diff header shows a tab as spaces"
wait_for '^\+; a comment with a tab +here and an escape \\x1[bB]\[31m red' 3
check $? "  a tab in a line too; ESC is still shown escaped"
! screen | grep -q 'x09'; check $? "  no \\x09 anywhere in the pager"
keys q; wait_for 'Recover, discard or view'; keys d; wait_for MASTER

echo "1..$n"
[ $fails = 0 ]
