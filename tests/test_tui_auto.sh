#!/bin/sh
# test_tui_auto.sh — automation on the console, under tmux on the null
# clock: the demo's Vocal in read mode shows what its lane plays as the
# playhead crosses its ride; the fader keys move every point of the lane
# (one undo step, only that line saved differently); `a` and `:auto`
# set the mode, which the strip tags and the file keeps; `tmix check`
# warns where a static value sits beside a lane that plays instead.
. "${top_srcdir:-.}/tests/tui_lib.sh"
DEMO=${top_builddir:-.}/projects/demo
echo "1..13"

cp "$DEMO/demo.ini" "$T/demo.ini"
cp "$DEMO/demo.ini" "$T/orig.ini"
ln -s "$(cd "$DEMO" && pwd)/stems" "$T/stems"
ln -s "$(cd "$DEMO" && pwd)/refs" "$T/refs"

"$TMIX" check "$T/demo.ini" >/dev/null 2>"$T/warn"
grep -q 'demo.ini:137: warning: Vocal: gain is not heard: auto.gain (line 158) plays instead in read mode' "$T/warn" &&
	grep -q 'demo.ini:127: warning: Lead Synth: pan is not heard: auto.pan' "$T/warn" &&
	grep -q 'Vocal: send.delay is not heard: auto.send.delay' "$T/warn" && ! grep -q 'Kick:' "$T/warn"
check $? "tmix check warns where a gain, pan or send line sits beside a lane that plays instead"

tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null $T/demo.ini"
wait_for MASTER 10
keys ':strip Vocal' Enter
keys ':goto 0:14' Enter
wait_for '0:14\.0' && wait_for 'R-1\.0 .*│'; check $? "Vocal in read mode: the tag R and its lane's -1.0 at 0:14"
keys Space
wait_for 'R-2\.5 .*│' 10; check $? "playing across the ride, the fader value follows the lane to -2.5"
keys Space; wait_for 'STOP'
keys ':goto 0:14' Enter; wait_for 'R-1\.0 .*│'

keys k k k k
wait_for 'Vocal gain automation \+2\.0 dB'; check $? "k x4 on the automated fader: the status line says the lane moved +2.0 dB"
wait_for 'R1\.0 .*│|R\+1\.0 .*│'; check $? "the strip shows the moved lane's value at the playhead"
keys C-s; wait_for '^saved '
diff "$T/orig.ini" "$T/demo.ini" > "$T/d1"
[ "$(grep -c '^[<>]' "$T/d1")" = 2 ] &&
	grep -q '^> auto.gain = 0:00 1, 0:14.8 1, 0:15.2 -0.5, 0:30 -0.5, 0:30.5 2$' "$T/d1"
check $? "Ctrl-S: every auto.gain point 2 dB up, and no other line changed"

keys u; wait_for 'R-1\.0 .*│'
keys C-s; wait_for '^saved '
cmp -s "$T/orig.ini" "$T/demo.ini"; check $? "one u takes back the whole run of four presses"

# pan on the Lead Synth: its lane moves, clamped at the right end
keys ':strip Lead Synth' Enter
keys '>' '>' '>' '>' '>' '>' '>' '>' '>' '>' '>' '>' '>' '>' '>'
wait_for 'Lead Synth pan automation \+75'; r=$?
keys C-s; wait_for '^saved '
grep -q '^auto.pan = 0:15 R45, 0:25 R100, 0:30 R100 ' "$T/demo.ini"; check $((r + $?)) "> x15 on the Lead Synth: every auto.pan point moves right, clamped at R100"
keys u; keys C-s; wait_for '^saved '
keys ':strip Vocal' Enter
keys a; wait_for 'T-1\.0 .*│'; check $? "a cycles read -> touch (tag T)"
keys ':auto off' Enter
wait_for '\--1\.0 .*│' && wait_for 'Vocal auto.mode = off'; check $? ":auto off: the tag -, the static fader -1.0"
keys k; wait_for 'Vocal gain = -0.5 dB'; check $? "with automation off the fader key moves the static gain"
keys ':auto latch all' Enter; wait_for 'automation latch on every strip' && wait_for 'L-4\.5 .*│'
check $? ":auto latch all sets every strip (Keys tagged L)"
keys C-s; wait_for '^saved '
grep -c '^auto.mode = latch$' "$T/demo.ini" > "$T/n"
[ "$(cat "$T/n")" = 13 ] && "$TMIX" check "$T/demo.ini" >/dev/null 2>"$T/warn2" &&
	grep -q 'Keys: gain is not heard: auto.gain (line [0-9]*) plays instead in latch mode' "$T/warn2"
check $? "auto.mode = latch saved in each of the 13 sections and read back"
exit $((fails > 0))
