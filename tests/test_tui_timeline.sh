#!/bin/sh
# test_tui_timeline.sh — the timeline view (Tab), driven under tmux on the
# null clock: every strip and the ruler (time, bars, markers, loop) at
# 80x24; the overview of each stem appears; the playhead moves while
# playing; a point added at the cursor, moved, saved, deleted, and the
# delete undone; a muted selection writes exactly its two mute points
# beside the ones outside it; a ramp and a loop from a selection; keys
# that do nothing here say so; the rows scroll with the selection; too
# small a window says so. Each save is diffed against the file before it:
# only the lane's line changes. Helpers from tui_lib.sh. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"

mkdir -p "$T/proj/stems"
wav "$T/proj/stems/a.wav" 6
for s in b c d e f g h; do cp "$T/proj/stems/a.wav" "$T/proj/stems/$s.wav"; done
cat > "$T/proj/song.ini" <<'INI'
; a comment the saves must keep
[project]
name = Timeline Test
tempo = 120               ; a beat is 0.5 s, a bar 2 s
loop = 0:04 - 0:05

[track "Kick"]
file = stems/a.wav
gain = -3 dB

[track "Snare Top"]
file = stems/b.wav
auto.mute = 0:00.5 yes, 0:00.75 no, 0:04 yes   ; outside the span the test mutes

[track "Bass Gtr"]
file = stems/c.wav
send.Verb = -10 dB

[track "Vox"]
file = stems/d.wav

[track "Vox Double"]
file = stems/e.wav

[track "Organ"]
file = stems/f.wav

[track "Pad"]
file = stems/g.wav

[track "Shaker"]
file = stems/h.wav

[bus "Verb"]
fx = reverb

[markers]
Verse = 0:01
Chorus = 0:03
INI
cp "$T/proj/song.ini" "$T/orig.ini"
cd "$T/proj" || exit 99

# diffs SAVED BEFORE: the lines added or changed, without diff's headers
changed() { diff "$2" "$1" | grep '^>' | sed 's/^> //'; }
removed() { diff "$2" "$1" | grep -c '^<'; }
# the byte column of the playhead on the marks row (row 6)
playhead() { screen | sed -n 6p | awk '{ print index($0, "▼") }'; }

echo "1..18"

tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
wait_for MASTER || echo "# the mixer did not start"
keys Tab
wait_for '^ Timeline' 5
check $? "Tab opens the timeline"

s=$(screen)
ok_names=0
for nm in Kick 'Snare Top' 'Bass Gtr' Vox 'Vox Double' Organ Pad Shaker Verb master; do
	echo "$s" | grep -q "^$nm  *│" || { ok_names=1; echo "# no row for $nm"; }
done
check $ok_names "every track, the bus and the master have a row at 80x24 (11 rows and the taller selected one)"
echo "$s" | sed -n 4p | grep -q '^ time  *0:00  *0:02  *0:04  *0:06' && echo "$s" | sed -n 5p | grep -q '^ bar  *1 .* 2 .* 3 ' &&
	echo "$s" | sed -n 6p | grep -q '◆Verse.*◆Chorus.*═'
check $? "a ruler: minutes and seconds, bars (tempo 120), the markers and the loop"

# the overview: block characters in every track's row once read
wait_gone 'reading' 20 && screen | grep -E '^(Snare Top|Organ|Shaker) *│' | grep -c '▆▆▆▆▆▆' | grep -q '^3$'
check $? "the overview of the stems appears (a -12 dBFS square: ▆ blocks)"

# the playhead moves while playing (and the cursor stays)
p0=$(playhead)
keys Space
sleep 2
p1=$(playhead)
keys Space
[ -n "$p0" ] && [ -n "$p1" ] && [ "$p1" -gt "$p0" ]
check $? "the playhead moves along the marks row while playing ($p0 -> $p1)"
keys Home
wait_for 'cursor 0:00 ' 5

# a point: three beats right (1.5 s), Enter, two steps up, save
keys l l l Enter
wait_for 'Kick gain: point at 0:01.5, -3.0 dB' 5
check $? "Enter adds a point at the cursor with the lane's value there"
keys Up Up
wait_for 'Kick gain point at 0:01.5: -2.0 dB' 5
keys C-s
wait_for 'saved song.ini' 5
[ "$(changed song.ini "$T/orig.ini")" = 'auto.gain = 0:01.5 -2' ] && [ "$(removed song.ini "$T/orig.ini")" = 0 ]
check $? "↑ ↑ moves it by 2 x 0.5 dB; the save adds only the lane's line"
cp song.ini "$T/s1.ini"

# deleted, saved, and the delete undone
keys x
wait_for 'Kick gain: point at 0:01.5 deleted' 5
keys C-s
wait_for 'saved song.ini' 5
diff "$T/s1.ini" song.ini | grep -c '^[<>]' | grep -q '^1$' && ! grep -q '^auto.gain' song.ini
check $? "x deletes the point under the cursor; saved, the lane's line is gone"
keys u
wait_for 'Kick gain.*\(1 pt, read\)' 5 && keys C-s && sleep 0.5 && cmp -s song.ini "$T/s1.ini"
check $? "u brings the point back, and the save is the file with the point again"

# a muted selection on the next row (k j pick rows whatever the cursor is on)
keys j Home l l v l l l l v
wait_for 'selected 0:01-0:03' 5
keys m
wait_for 'Snare Top muted from 0:01 to 0:03' 5
keys C-s
wait_for 'saved song.ini' 5
c=$(changed song.ini "$T/s1.ini")
echo "# $c"
echo "$c" | grep -Eq '^auto\.mute = 0:00\.5 (yes|on), 0:00\.75 (no|off), 0:01 (yes|on), 0:03 (no|off), 0:04 (yes|on) *; outside the span the test mutes$' &&
	[ "$(echo "$c" | wc -l)" = 1 ] && [ "$(removed song.ini "$T/s1.ini")" = 1 ] && grep -q '^; a comment the saves must keep' song.ini
check $? "m writes exactly: on at the start, off at the end, the points outside kept (comments too)"
cp song.ini "$T/s2.ini"

# the same selection ramps the next strip's gain and becomes the loop
keys j
keys : ; keys -l 'ramp -6'; keys Enter
wait_for 'Bass Gtr gain ramps from 0.0 dB at 0:01 to -6.0 dB at 0:03' 5
check $? ":ramp -6 ramps the lane from its value at the selection's start"
keys L
wait_for 'loop = 0:01 - 0:03' 5
keys C-s
wait_for 'saved song.ini' 5
c=$(changed song.ini "$T/s2.ini")
echo "$c" | grep -q '^auto.gain = 0:01 0, 0:03 -6$' && echo "$c" | grep -q '^loop = 0:01 - 0:03$' && [ "$(echo "$c" | wc -l)" = 2 ]
check $? "the ramp's two points and the loop are the only lines the save changes"

# n picks the send lane; x on the selection with no points says so
keys n n n n
wait_for 'Bass Gtr lane: send Verb \(0 points\)' 5
keys x
wait_for 'Bass Gtr send Verb has no points from 0:01 to 0:03' 5
check $? "n cycles to a send's lane; x on an empty span says there is nothing to clear"

# keys that do nothing here say why
keys y
wait_for 'y: no key here in the timeline' 5
check $? "an unbound key says it has no use in the timeline"

# rows scroll with the selection at 80x16
tm resize-window -t =t: -x 80 -y 16
keys End
i=0; while [ $i -lt 12 ]; do keys j; i=$((i + 1)); done
wait_for '^master  *│' 5 && ! screen | grep -q '^Kick  *│'
check $? "at 80x16 the rows scroll with the selection (the master in, Kick out)"
tm resize-window -t =t: -x 59 -y 16
wait_for 'make the window larger' 5 && tm resize-window -t =t: -x 80 -y 24 && wait_gone 'make the window larger' 5 &&
	wait_for '^ Timeline' 5 && screen | grep -q '^Kick  *│'
check $? "below 60x16 it says the window is too small; back at 80x24 the timeline shows every row again"

# Tab goes back to the console
keys Tab
wait_for 'MASTER' 5 && ! screen | grep -q '^ Timeline'
check $? "Tab goes back to the console"

# monochrome, ASCII: TERM=vt100 in the C locale, NO_COLOR
stop_server
tm new-session -d -s t -x 80 -y 24 "env TERM=vt100 LANG=C LC_ALL=C NO_COLOR=1 $TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
wait_for MASTER 10
keys Tab
wait_for '^ Timeline' 5 && wait_gone 'reading' 20
s=$(screen)
echo "$s" | grep -q '^Organ  *|##*' && echo "$s" | sed -n 6p | grep -q 'V.*\*Verse.*\*Chorus' && ! echo "$s" | grep -q '[█│▁·◆▼▲⠀-⣿]'
check $? "outside a UTF-8 locale the timeline draws in ASCII (# blocks, *markers, V playhead)"
