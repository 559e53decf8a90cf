#!/bin/sh
# test_tui_autorec.sh — recording automation from the keys under tmux on
# the null clock: latch on a strip with no lane (k at about 1 s and 2 s),
# one u takes the whole pass back, touch returns to the old lane after
# the presses, write replaces the lane from where playback started.
. "${top_srcdir:-.}/tests/tui_lib.sh"
DEMO=${top_builddir:-.}/projects/demo
echo "1..8"

cp "$DEMO/demo.ini" "$T/demo.ini"
ln -s "$(cd "$DEMO" && pwd)/stems" "$T/stems"
ln -s "$(cd "$DEMO" && pwd)/refs" "$T/refs"
# the value of a saved lane at time T: lane_at SECTION-NAME T
lane_at() {
	awk -v sec="[track \"$1\"]" -v t="$2" '
		/^\[/ { insec = ($0 == sec) }
		insec && /^auto.gain = / {
			sub(/^auto.gain = /, ""); sub(/ *;.*/, ""); n = split($0, pts, ", ")
			for (i = 1; i <= n; i++) {
				split(pts[i], f, " "); split(f[1], ms, ":"); tt[i] = ms[1] * 60 + ms[2]; vv[i] = f[2]
			}
			v = vv[1]
			for (i = 1; i <= n; i++) {
				if (tt[i] <= t) v = vv[i]
				else { if (i > 1) v = vv[i-1] + (vv[i] - vv[i-1]) * (t - tt[i-1]) / (tt[i] - tt[i-1]); break }
			}
			print v + 0
		}' "$T/demo.ini"
}
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d < 0.01 && d > -0.01) }'; }
# rises SECTION-NAME: when the saved lane first reaches -0.5 and 0 dB
# ("-" for a level it never reaches), its value at the stop (the last
# point but one) and after it (the last)
rises() {
	awk -v sec="[track \"$1\"]" '
		/^\[/ { insec = ($0 == sec) }
		insec && /^auto.gain = / {
			sub(/^auto.gain = /, ""); sub(/ *;.*/, ""); n = split($0, pts, ", ")
			a = "-"; b = "-"
			for (i = 1; i <= n; i++) {
				split(pts[i], f, " "); split(f[1], ms, ":"); t = ms[1] * 60 + ms[2]; v = f[2] + 0
				if (a == "-" && v > -0.51) a = t
				if (b == "-" && v > -0.01) b = t
				held = last; last = v
			}
			print a, b, held, last
		}' "$T/demo.ini"
}

tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null $T/demo.ini"
wait_for MASTER 10
keys ':strip Kick' Enter
keys ':auto latch' Enter; wait_for 'Kick auto.mode = latch'
keys Space; wait_for 'PLAY 0:01' 10
keys k; wait_for 'Kick gain -0.5 dB \(recording, latch\)'; r1=$?
wait_for 'PLAY 0:02' 10
keys k; wait_for 'Kick gain 0 dB \(recording, latch\)'; r2=$?
wait_for 'PLAY 0:03' 10; keys Space
wait_for 'Kick auto.gain recorded 0:00[.0-9]*-0:0[3-4]'; r3=$?
keys C-s; wait_for '^saved '
# under a loaded machine a later message can replace the status before
# a capture sees it: the saved lane is the proof of the pass then
[ $r3 = 0 ] || { sed -n '/^\[track "Kick"\]/,/^\[track "Snare/p' "$T/demo.ini" | grep -q '^auto.gain = ' && r3=0; }
check $(( r1 + r2 + r3 )) "latch: k at about 1 s and 2 s play at once; at the pause the pass is recorded ($r1 $r2 $r3)"
# The keys go in once the screen shows 0:01 and 0:02, so they land no
# earlier; on a loaded machine later (CI once saw the first at 1.9 s).
v0=$(lane_at Kick 0.5); set -- $(rises Kick)
near "$v0" -1 && awk -v a="${1:--}" -v b="${2:--}" 'BEGIN { exit !(a != "-" && b != "-" && a >= 0.95 && b >= 1.95 && b > a) }' &&
	near "${3:-x}" 0 && near "${4:-x}" -1
check $? "the saved auto.gain: -1 dB, up to -0.5 at the first k (1 s or later), to 0 at the second (2 s or later), held to the stop, then the fader's -1 (at 0.5 s $v0; -0.5 at ${1:-?} s, 0 at ${2:-?} s, at the stop ${3:-?}, after ${4:-?})"
"$TMIX" bounce "$T/demo.ini" -o "$T/a.wav" >/dev/null 2>&1; check $? "the project with the recorded lane bounces"

keys u; wait_for "undo: Kick auto.gain"; keys C-s; wait_for "^saved "
! grep -A20 '^\[track "Kick"\]' "$T/demo.ini" | grep -q '^auto.gain' && grep -q '^auto.mode = latch' "$T/demo.ini"
check $? "one u takes back the whole pass (the lane is gone, the mode stays)"

# touch on the Vocal: its flat -1 dB verse, ridden up, then back to the lane
keys ':strip Vocal' Enter; keys ':auto touch' Enter; wait_for 'Vocal auto.mode = touch'
keys ':goto 0:02' Enter; wait_for '0:02\.0'
keys Space; wait_for 'PLAY 0:03' 10
keys k k; wait_for 'Vocal gain 0 dB \(recording, touch\)'
wait_for 'PLAY 0:05' 10; keys Space
wait_for 'Vocal auto.gain recorded'; keys C-s; wait_for '^saved '
# the presses land at about 3 s (later on a loaded machine): the ride is
# the lane's top between 3 and 4.5 s, and it is back on the old lane by 10 s
v1=-99; for x in 3.1 3.2 3.3 3.4 3.5 3.6 3.7 3.8 3.9 4.0 4.2 4.4; do
	v=$(lane_at Vocal $x); awk -v a="$v" -v b="$v1" 'BEGIN { exit !(a > b) }' && v1=$v
done
v2=$(lane_at Vocal 2.5) v3=$(lane_at Vocal 10)
near "$v1" 0 && near "$v2" -1 && near "$v3" -1 && grep -q '^auto.gain = .*0:14.8 -1, 0:15.2 -2.5, 0:30 -2.5, 0:30.5 0$' "$T/demo.ini"
check $? "touch: the ride is in the lane, then it returns to the old lane ($v1 / $v2 / $v3)"

# write on the Vocal over its ride at 0:14.8-0:15.2
keys ':auto write' Enter; wait_for 'Vocal auto.mode = write'
keys ':goto 0:14' Enter; wait_for '0:14\.0'
keys Space; wait_for 'PLAY 0:14\.[5-9]' 10
keys j; wait_for 'Vocal gain -1.5 dB \(recording, write\)'
# the playhead on the screen that says so: j landed before it (under
# load the key may land well after 14.5 s); the stop is a second later
tj=$(screen | grep -o 'PLAY 0:1[4-9]\.[0-9]' | head -1 | sed 's/PLAY 0://')
tj=$(awk -v t="${tj:-15.5}" 'BEGIN { print t + 0.1 }')
wait_for 'PLAY 0:1[7-9]' 10; keys Space
wait_for 'Vocal auto.gain recorded'; keys C-s; wait_for '^saved '
v1=$(lane_at Vocal "$tj") v2=$(lane_at Vocal 20)
near "$v1" -1.5 && near "$v2" -2.5 && ! grep -q '^auto.gain = .*0:14.8 -1, 0:15.2 -2.5' "$T/demo.ini"
check $? "write replaced the ride from 0:14 to the stop ($v1 at $tj s, just after j; the old -2.5 again at 20 s)"
keys u; keys C-s; wait_for '^saved '
grep -q '^auto.gain = .*0:14.8 -1, 0:15.2 -2.5, 0:30 -2.5, 0:30.5 0$' "$T/demo.ini"; check $? "u brings the ride back"
"$TMIX" check "$T/demo.ini" >/dev/null 2>&1; check $? "the file loads (tmix check)"
exit $((fails > 0))
