#!/bin/sh
# test_tui_session.sh — the session edited on screen (issue 11, items 3,
# 5, 7): rename, move, add and delete a track under tmux, each undone,
# with the saved file's diff checked line for line; :loop saved; :help
# CMD with an example; Tab on strip names and paths; a command clears an
# old error; g on a bus says why it does nothing. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"

mkdir -p "$T/proj/stems"
for s in kick snare vox gtr; do wav "$T/proj/stems/$s.wav" 3; done
printf 'not audio\n' > "$T/proj/stems/notes.wav"
cat > "$T/proj/song.ini" <<'INI'
; session test song
[project]
name = Session Test
loop = 0:01 - 0:02

; the kick, close mic
[track "Kick"]
file = stems/kick.wav
gain = -1 dB          ; kick fader comment
output = Drums

[track "Snare"]
file = stems/snare.wav
output = Drums

[track "Vox"]
file = stems/vox.wav
send.Plate = -12 dB   ; vocal reverb

[bus "Drums"]
colour = red

[bus "Plate"]
fx = reverb
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
	tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
	wait_for 'MASTER' 10
}
# cmd TEXT: a `:` command line, typed and run
cmd() { keys :; keys -l "$1"; keys Enter; }
# save, then the diff of the file against the original (without the ---/@@ noise)
saved_diff() {
	rm -f song.ini.bak
	keys C-s; wait_file -e song.ini.bak
	diff "$T/orig.ini" song.ini | grep '^[<>]'
}
# same_as_orig: after an undo and a save the file is the original again
same_as_orig() {
	rm -f song.ini.bak
	keys C-s; wait_file -e song.ini.bak
	cmp -s "$T/orig.ini" song.ini
}

echo "1..27"

start; check $? "the mixer starts"

# rename: the header, the outputs that name the bus follow
keys l l l
cmd 'rename Kit'
wait_for '^renamed Drums to Kit'
got=$(saved_diff)
want='< output = Drums
> output = Kit
< output = Drums
> output = Kit
< [bus "Drums"]
> [bus "Kit"]'
[ "$got" = "$want" ]; check $? "rename a bus: its header and both outputs change, nothing else"
[ "$got" = "$want" ] || echo "$got" | sed 's/^/# got: /'
keys u; wait_for 'undo: rename Drums to Kit' && same_as_orig; check $? "u undoes the rename: the saved file is the original"

# move: ) moves Kick right, with its comment; u moves it back
start; keys ')'
wait_for '^moved Kick to position 2'
saved_diff >/dev/null
cat > "$T/moved.ini" <<'INI'
; session test song
[project]
name = Session Test
loop = 0:01 - 0:02

[track "Snare"]
file = stems/snare.wav
output = Drums

; the kick, close mic
[track "Kick"]
file = stems/kick.wav
gain = -1 dB          ; kick fader comment
output = Drums

[track "Vox"]
INI
head -16 song.ini | cmp -s - "$T/moved.ini" && [ "$(wc -l < song.ini)" = "$(wc -l < "$T/orig.ini")" ]
check $? ") moves Kick right: its block and comment after Snare's"
keys u; wait_for 'undo: move Kick' && same_as_orig; check $? "u undoes the move"

# add a track: Tab completes the path, the stem is checked
start
keys : ; keys -l 'track add stems/gt'; keys Tab
wait_for ':track add stems/gtr\.wav$'; check $? "Tab completes a path"
keys -l 'Guitar'; keys Enter
wait_for '^added track Guitar'
got=$(saved_diff)
want='> [track "Guitar"]
> file = stems/gtr.wav
> '
[ "$got" = "$want" ]; check $? "track add: the new section after the last track, nothing else"
[ "$got" = "$want" ] || echo "$got" | sed 's/^/# got: /'
keys u; wait_for 'undo: add track Guitar' && same_as_orig; check $? "u undoes the add"
cmd 'track add stems/notes.wav'
wait_for "track add: stem 'stems/notes.wav' of track \"Notes\": cannot read"; check $? "a stem that is not audio is refused, named"

# a hang-up after a structural edit: the autosave brings the track back
start
cmd 'track add stems/gtr.wav Guitar'
wait_for '^added track Guitar'
tm kill-session -t t
wait_file -e song.ini.autosave && wait_file ! -e song.ini.lock
cmp -s song.ini "$T/orig.ini" && grep -q '^\[track "Guitar"\]' song.ini.autosave; check $? "a hang-up after :track add leaves the file alone, the track in the autosave"
tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null --recover song.ini; echo EXITED \$?; sleep 60"
wait_for '^recovered the unsaved session' 10 && wait_for 'Guitar'
got=$(saved_diff)
want='> [track "Guitar"]
> file = stems/gtr.wav
> '
[ "$got" = "$want" ]; check $? "--recover brings the added track back; saved, it is the one new section"
[ "$got" = "$want" ] || echo "$got" | sed 's/^/# got: /'

# delete a track: asks; u brings it back
start; keys l
cmd 'track delete'
wait_for 'Delete track Snare\? y'; check $? ":track delete asks"
keys y; wait_for '^deleted track Snare'
got=$(saved_diff)
want='< [track "Snare"]
< file = stems/snare.wav
< output = Drums
< '
[ "$got" = "$want" ]; check $? "delete: the track's block and one blank line go, nothing else"
[ "$got" = "$want" ] || echo "$got" | sed 's/^/# got: /'
keys u; wait_for 'undo: delete track Snare' && same_as_orig; check $? "u brings the track back, the file as it was"

# the loop, from any strip
start
cmd 'loop 0:02 0:15'
wait_for 'project loop = 0:02 - 0:15'
got=$(saved_diff)
want='< loop = 0:01 - 0:02
> loop = 0:02 - 0:15'
[ "$got" = "$want" ]; check $? ":loop 0:02 0:15 is saved as the loop (the stems are 3 s long)"

# :set of a [project] key from a track goes to the project
start
cmd 'set loop 0:02 - 0:04'
wait_for 'project loop = 0:02 - 0:04'; check $? ":set loop on a track sets the project's loop"

# a bus and a tempo, in one save
cmd 'bus add Echo delay'
wait_for '^added a delay bus Echo'
cmd 'tempo 100'
wait_for 'project tempo = 100'
got=$(saved_diff)
want='< loop = 0:01 - 0:02
> loop = 0:02 - 0:04
> tempo = 100
> 
> [bus "Echo"]
> fx = delay'
[ "$got" = "$want" ]; check $? ":bus add Echo delay and :tempo 100 are saved as exactly those lines"
[ "$got" = "$want" ] || echo "$got" | sed 's/^/# got: /'

# a reference added and deleted, each undoable
start
cp stems/gtr.wav pro.wav
cmd 'ref add pro.wav Pro'
wait_for '^added reference Pro'
got=$(saved_diff)
want='> 
> [reference "Pro"]
> file = pro.wav'
[ "$got" = "$want" ]; check $? ":ref add pro.wav Pro adds a [reference] section"
[ "$got" = "$want" ] || echo "$got" | sed 's/^/# got: /'
cmd 'ref delete Pro'
wait_for 'Delete reference Pro\? y' && keys y
wait_for '^deleted reference Pro' && same_as_orig; check $? ":ref delete Pro takes it out again"

# help and completion
cmd 'help gain'
wait_for ':gain DB +e\.g\. :gain -3\.5'; check $? ":help gain shows its syntax and an example"
keys : ; keys -l 'strip Sn'; keys Tab
wait_for ':strip Snare$'; check $? "Tab completes a strip name"
keys Escape
keys : ; keys -l 'set send.P'; keys Tab
wait_for ':set send\.Plate$'; check $? "Tab completes send.BUS after set"
keys Escape
keys : ; keys -l 'eq.'; keys Tab
wait_for 'eq\.1  eq\.2  eq\.3'; check $? "Tab lists eq.1 .. eq.8 as commands"
keys Escape

# a command that succeeds clears the previous error
cmd 'bogus'
wait_for "unknown command 'bogus'"
cmd 'goto 1'
wait_gone "unknown command" 3; check $? "a successful command clears the previous error"

# g where gain staging does not apply says why
keys l l l l; keys g
wait_for 'g does nothing on Plate: an effect return'; check $? "g on an effect return says why it does nothing"
keys h g
wait_for 'g does nothing on Drums: a group bus'; check $? "g on a group bus says why"
keys l l g
wait_for 'g does nothing on the master'; check $? "g on the master says why"

[ $fails = 0 ]
