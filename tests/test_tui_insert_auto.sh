#!/bin/sh
# test_tui_insert_auto.sh — lanes on insert parameters (auto.insert.N.PARAM)
# from the screen, under tmux at 80x24 on the null clock: tmix check warns
# that the static threshold beside its lane is not heard; the detail
# panel shows the lane's value at the playhead, marked (auto), and it
# follows the lane while playing; h moves every point of the lane a step
# (the save changes only that line, its comment kept) and u takes it
# back; x on an automated on/off parameter says where to change it; the
# timeline's n reaches the insert's lanes, named by slot and symbol;
# :set auto.insert.1.range completes with Tab and is saved in place.
# Helpers from tui_lib.sh. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"

mkdir -p "$T/proj/stems"
wav "$T/proj/stems/v.wav" 6
cat > "$T/proj/song.ini" <<'INI'
[project]
name = Insert Lanes

[track "Vox"]
file = stems/v.wav
insert.1 = deesser
insert.1.threshold = -36 dB     ; not heard: the lane below plays
auto.insert.1.threshold = 0:00 -30 dB, 0:04 -50 dB ; a ride down
auto.insert.1.listen = 0:00 no
INI
cp "$T/proj/song.ini" "$T/orig.ini"
cd "$T/proj" || exit 99

# diffs SAVED BEFORE: the lines added or changed, and how many went
changed() { diff "$2" "$1" | grep '^>' | sed 's/^> //'; }
removed() { diff "$2" "$1" | grep -c '^<'; }

echo "1..13"

out=$($TMIX check song.ini 2>&1)
echo "$out" | grep -q 'song.ini:7: warning: Vox: insert.1.threshold is not heard: auto.insert.1.threshold (line 8) plays instead in read mode'
check $? "tmix check warns that insert.1.threshold is not heard beside its lane"

tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
wait_for MASTER || echo "# the mixer did not start"
keys e
wait_for 'Vox - EQ' 5
keys / t h r e s Enter
wait_for '^   threshold +-30 dB \(auto\)' 5
check $? "the detail panel shows the lane's value at the playhead, marked (auto), not the static -36 dB"

keys Space
wait_for '^   threshold +-3[2-9](\.[0-9]+)? dB \(auto\)' 10
check $? "while playing, the threshold row follows the lane down"
keys Space
sleep 0.5

# the row selected is the threshold's (the filter keeps it and the gate's, comp's above)
keys Down Down
keys h
wait_for 'Vox insert.1.threshold lane down a step' 5
check $? "h on the automated threshold moves its lane and says so"
keys C-s
wait_for 'saved song.ini' 5
[ "$(changed song.ini "$T/orig.ini")" = 'auto.insert.1.threshold = 0:00 -31 dB, 0:04 -51 dB ; a ride down' ] &&
	[ "$(removed song.ini "$T/orig.ini")" = 1 ]
check $? "saved: every point 1 dB down, only the lane's line changed, its comment kept"
keys u
wait_for 'undo: Vox auto.insert.1.threshold = 0:00 -30 dB, 0:04 -50 dB' 5
check $? "u takes the trim back"

keys Escape
keys / l i s t Enter
wait_for '^   listen ' 5
keys Down Down Down x
wait_for 'Vox: insert.1.listen follows auto.insert.1.listen \(off now\); Tab edits it' 5
check $? "x on the automated listen switch says it follows its lane and where to change it"
keys Escape Escape Escape

keys Tab
wait_for '^ Timeline' 5
i=0
while [ $i -lt 12 ] && ! screen | grep -q 'Vox insert.1 threshold'; do keys n; sleep 0.2; i=$((i + 1)); done
screen | grep -q '^▸1 threshold│' && screen | grep -E -q 'Vox insert.1 threshold -3[0-9.]* dB \(2 pts'
check $? "n in the timeline reaches the insert's threshold lane, its slot and symbol on the row"
keys Tab
wait_for MASTER 5

keys :
tm send-keys -t "=$SESS:" -l "set auto.insert.1.ra"
keys Tab
wait_for ':set auto.insert.1.range' 5 && tm send-keys -t "=$SESS:" -l " 0:00 -4, 0:02 -8" && keys Enter &&
	wait_for 'Vox auto.insert.1.range = 0:00 -4, 0:02 -8' 5 && keys C-s && wait_for 'saved song.ini' 5 &&
	grep -q '^auto.insert.1.range = 0:00 -4, 0:02 -8$' song.ini
check $? ":set auto.insert.1.range (Tab completes the key) is saved as typed"
keys :
tm send-keys -t "=$SESS:" -l "set insert.1.threshold -40"
keys Enter
wait_for 'Vox insert.1.threshold = -40 dB, not heard: its lane plays' 5
check $? ":set insert.1.threshold under its lane says the value is not heard"
keys C-s
wait_for 'saved song.ini' 5
cp song.ini "$T/before_delete.ini"

# :insert delete takes the insert's lanes with it, in one undo step
keys :
tm send-keys -t "=$SESS:" -l "insert delete 1"
keys Enter
wait_for 'Vox: insert 1 \(deesser\) deleted, its lanes with it' 5 && keys C-s && wait_for 'saved song.ini' 5 &&
	! grep -q 'insert' song.ini && grep -q '^file = stems/v.wav' song.ini
check $? ":insert delete 1: the status says its lanes went too; saved, no insert or lane line is left"
keys u
sleep 0.5
keys C-s
wait_for 'saved song.ini' 5 && sleep 0.3 && cmp -s song.ini "$T/before_delete.ini"
check $? "one u brings back the insert and its three lanes, byte for byte"
keys q
wait_for EXITED 5

# two plugins of 157 parameters each (LSP's 16-band EQ) before a
# utility: over 600 keys and lanes, and Tab still completes the utility's
LSP=http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo
if $TMIX plugins para_equalizer_x16 2>/dev/null | grep -q "$LSP"; then
	printf '[track "Vox"]\nfile = stems/v.wav\ninsert.1 = lv2 %s\ninsert.2 = lv2 %s\ninsert.3 = utility\n' \
		"$LSP" "$LSP" > big.ini
	tm kill-session -t "$SESS"
	tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null big.ini; echo EXITED \$?; sleep 60"
	wait_for MASTER 10
	keys :
	tm send-keys -t "=$SESS:" -l "set auto.insert.3.g"
	keys Tab
	wait_for ':set auto.insert.3.gain' 5
	check $? "Tab completes auto.insert.3.gain after two 16-band EQs' 632 keys and lanes"
	keys Escape q
else
	n=$((n + 1)); echo "ok $n # SKIP lsp-plugins-lv2 is not installed ($LSP)"
fi
exit $((fails > 0))
