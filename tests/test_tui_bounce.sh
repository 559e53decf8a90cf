#!/bin/sh
# test_tui_bounce.sh — `b` in the mixer: the bounce renders beside the
# project in the background while playback goes on, and :cancel stops
# one without leaving a file behind; it will not write over the project
# or a stem, and the name says the format. Uses the demo project. TAP output.
TMIX=${TMIX:-./tmix}
DEMO=${top_builddir:-.}/projects/demo
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
export LANG=C.UTF-8 LC_ALL=C.UTF-8
T=$(mktemp -d "${TMPDIR:-/tmp}/tmix-tuib.XXXXXX") || exit 99
export XDG_STATE_HOME="$T/state"
SOCK="tmixb$$"
tm() { tmux -u -L "$SOCK" "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT INT TERM
n=0 fails=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else fails=$((fails + 1)); echo "not ok $n - $2"; tm capture-pane -p | sed 's/^/# | /'; fi
}
screen() { tm capture-pane -p; }
wait_for() { # PATTERN SECONDS
	end=$(($(date +%s) + $2))
	while [ "$(date +%s)" -le $end ]; do
		screen | grep -q -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

cp "$DEMO/demo.ini" "$T/"
# the stems as links, but kick.wav a copy: a test that it is not
# overwritten must not put the build's own stem at risk
mkdir "$T/stems"
for f in "$DEMO"/stems/*.wav; do ln -s "$(cd "$DEMO/stems" && pwd)/${f##*/}" "$T/stems/"; done
rm "$T/stems/kick.wav" && cp "$DEMO/stems/kick.wav" "$T/stems/kick.wav"
ln -s "$(cd "$DEMO" && pwd)/refs" "$T/refs"
tm new-session -d -x 80 -y 24 "$TMIX --audio null $T/demo.ini"
wait_for MASTER 10; check $? "the mixer opens on the demo"
tm send-keys ' '
wait_for PLAY 5; check $? "playing"
tm send-keys b
wait_for "bounce to: demo.wav" 5; check $? "b asks for a file name, NAME.wav offered"
tm send-keys Enter
wait_for "bounced .*demo.wav" 60; check $? "the bounce finishes in the background"
screen | grep -q PLAY; check $? "and playback went on"
[ -s "$T/demo.wav" ]; check $? "the file is beside the project"
tm send-keys : 'bounce other.wav' Enter
wait_for "bouncing" 10; check $? ":bounce FILE starts a bounce"
tm send-keys : cancel Enter
wait_for "bounce cancelled" 10; check $? ":cancel stops it"
r=1; i=0
while [ $i -lt 50 ]; do
	[ ! -e "$T/other.wav" ] && [ -z "$(ls "$T" | grep 'wav.tmp-')" ] && { r=0; break; }
	sleep 0.1; i=$((i + 1))
done
[ $r = 0 ] || ls -la "$T" | sed 's/^/# /'
check $r "a cancelled bounce leaves no file behind"
tm send-keys : 'bounce demo.ini' Enter
wait_for "will not write over" 5; check $? ":bounce demo.ini is refused in the status line"
cmp -s "$T/demo.ini" "$DEMO/demo.ini"; check $? "and the project file is untouched"
tm send-keys : 'bounce stems/kick.wav' Enter
wait_for "will not write over.*kick" 5; check $? ":bounce stems/kick.wav (a stem) is refused"
cmp -s "$T/stems/kick.wav" "$DEMO/stems/kick.wav"; check $? "and the stem is untouched"
tm send-keys : 'bounce mix.mp3' Enter
wait_for "name the file .wav or .flac" 5; check $? ":bounce mix.mp3: an unknown extension is refused"
tm send-keys : 'bounce mix.flac' Enter
wait_for "bounced .*mix.flac" 60; check $? ":bounce mix.flac finishes"
[ "$(head -c 4 "$T/mix.flac")" = fLaC ]; check $? "and writes FLAC, not WAV named .flac"
echo "1..$n"
[ $fails = 0 ]
