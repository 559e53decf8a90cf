#!/bin/sh
# test_tui_transport.sh — the mixer's transport ends with the song: at
# its last stem plus the 2 s effects tail it stops and goes back to the
# start, or, with the loop on, goes back to the loop's start and plays
# on; it never runs on into silence past the song's length. Drives the
# real tmix (null audio) under tmux. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"

mkdir -p "$T/proj/stems"
wav "$T/proj/stems/kick.wav" 2
cat > "$T/proj/song.ini" <<'INI'
[project]
name = Transport
loop = 0:00.5 - 0:01

[track "Kick"]
file = stems/kick.wav
INI
cd "$T/proj" || exit 99
# the header's "PLAY 0:03.5" or "STOP 0:00.0"
clock() { screen | grep -o '\(PLAY\|STOP\) [0-9:.]*' | head -1; }
secs() { echo "$1" | awk '{ split($2, t, ":"); print t[1] * 60 + t[2] }'; }
# watch_clock SECONDS [UNTIL]: the latest position seen over SECONDS,
# and the last clock; done early once the clock matches UNTIL
watch_clock() {
	max=0 last='' end=$(($(date +%s) + $1))
	while [ "$(date +%s)" -lt "$end" ]; do
		last=$(clock)
		s=$(secs "$last")
		max=$(awk -v a="$max" -v b="${s:-0}" 'BEGIN { print (b > a ? b : a) }')
		[ -n "$2" ] && echo "$last" | grep -Eq "$2" && break
		sleep 0.1
	done
}

echo "1..4"

tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null song.ini"
wait_for MASTER || echo "# the mixer did not start"
keys L; wait_for 'loop off' 5 || echo "# the loop did not go off"
keys Space
watch_clock 8 '^STOP 0:00(\.0)?$'
sleep 1 # a second more: it stays stopped
last=$(clock)
# 2 s of song, 2 s of tail: then it must stop, not read 0:05 and on
awk -v m="$max" 'BEGIN { exit !(m >= 3.5 && m < 4.5) }' && echo "$last" | grep -Eq '^STOP 0:00(\.0)?$'
check $? "at the end of the song plus its tail the transport stops and returns to the start (latest $max s, now '$last')"
screen | grep -q 'end of the song: stopped'
check $? "the status line says why it stopped"

# the loop on (L), the playhead after the loop region: the song's end
# takes it back to the loop's start, and it keeps playing
keys : ; keys -l 'goto 1.5'; keys Enter
wait_for 'STOP 0:01.5' 5
keys L; wait_for 'loop 0:00.5-0:01' 5 || echo "# the loop did not come on"
keys Space
watch_clock 5
awk -v m="$max" 'BEGIN { exit !(m < 4.5) }' && echo "$last" | grep -q '^PLAY 0:0[01]'
check $? "with the loop on, the end of the song goes back into the loop and plays on (latest $max s, now '$last')"
screen | grep -q 'end of the song: looping from 0:00.5'
check $? "the status line says so"
keys q

[ $fails = 0 ]
