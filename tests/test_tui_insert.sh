#!/bin/sh
# test_tui_insert.sh — insert slots from the screen under tmux at 80x24:
# `:insert add` with Tab completing the unit, the detail panel's rows
# read from the unit's table, x bypasses, K moves an insert up, l steps
# a parameter; saved, the diff is exactly those lines; undo takes each
# step back and the saved file is the original again. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"

mkdir -p "$T/proj/stems"
for s in kick snare; do wav "$T/proj/stems/$s.wav" 3; done
cat > "$T/proj/song.ini" <<'EOF'
[project]
tempo = 120

; the kick
[track "Kick"]
file = stems/kick.wav
gain = -3 dB          ; fader

[track "Snare"]
file = stems/snare.wav
EOF
cp "$T/proj/song.ini" "$T/orig.ini"
cd "$T/proj" || exit 99
tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
wait_for 'MASTER' 10 || { echo "Bail out! the mixer did not start"; exit 1; }

echo "1..10"

keys : 'insert add ut' Tab; wait_for '^:insert add utility'; check $? "Tab completes the unit's name"
keys Enter; wait_for 'Kick: insert.1 = utility \(u undoes\)'; check $? ":insert add utility adds insert.1"
keys : 'insert add nosuch' Enter; wait_for 'unknown unit "nosuch"; the built-in units are: .*utility'
check $? "an unknown unit is refused, naming the units"
keys : 'insert add utility' Enter; wait_for 'insert.2 = utility'
keys Enter; wait_for 'EQ and filters'
keys End k k k; wait_for '^ insert.2 +utility +x bypass'; check $? "the panel lists insert.2 and its parameters"
screen | grep -Eq '^   channels +stereo +stereo, swap'; check $? "an enum parameter shows its label and help from the unit's table"
keys x; wait_for '^ insert.2 +utility \(bypassed\)'; check $? "x bypasses the insert"
keys K; wait_for 'insert 2 is now insert 1'; wait_for '^ insert.1 +utility \(bypassed\)'; check $? "K moves it up: now insert.1"
keys j l l; wait_for 'insert.1.gain = \+1 dB'; check $? "l steps the moved insert's gain by its table's 0.5 dB"
keys C-s; wait_for '^saved '
diff "$T/orig.ini" song.ini > "$T/diff"
printf '7a8,11\n> insert.1 = utility\n> insert.1.bypass = on\n> insert.1.gain = +1 dB\n> insert.2 = utility\n' > "$T/want"
cmp -s "$T/diff" "$T/want"; check $? "saved: the diff is exactly the inserts' lines, comments kept"
[ $? = 0 ] || sed 's/^/# /' "$T/diff"
keys u u u u u; wait_for 'undo: insert add utility'
keys C-s; wait_for '^saved '
cmp -s "$T/orig.ini" song.ini; check $? "five undos (gain, move, bypass, two adds) and a save: the original file"
[ $? = 0 ] || diff "$T/orig.ini" song.ini | sed 's/^/# /'
keys q; wait_for 'EXITED 0' 10 || keys q
exit $((fails > 0))
