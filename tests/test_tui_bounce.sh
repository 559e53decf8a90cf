#!/bin/sh
# test_tui_bounce.sh — `b` in the mixer: the bounce renders beside the
# project in the background while playback goes on, and :cancel stops
# one without leaving a file behind. Uses the demo project. TAP output.
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
ln -s "$(cd "$DEMO" && pwd)/stems" "$T/stems"
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
echo "1..$n"
[ $fails = 0 ]
