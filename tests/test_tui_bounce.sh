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
# b a second time: the next free name is offered, and writing over an
# existing file is asked first; n keeps it byte for byte
tm send-keys b
wait_for "bounce to: demo-2.wav" 5; check $? "b again offers demo-2.wav (demo.wav exists)"
cp "$T/demo.wav" "$T/first.wav"
tm send-keys C-u 'demo.wav' Enter
wait_for "demo.wav exists. y: write over it  n: keep it" 5; check $? "naming demo.wav again asks before writing over it"
tm send-keys n
wait_for "not bounced: demo.wav kept" 5; check $? "n: not bounced, said so"
sleep 0.5
cmp -s "$T/demo.wav" "$T/first.wav" && [ -z "$(ls "$T" | grep 'wav.tmp-')" ]; check $? "and demo.wav is untouched, no bounce started"
tm send-keys : 'bounce demo.wav' Enter
wait_for "demo.wav exists" 5; check $? ":bounce demo.wav asks too"
tm send-keys y
wait_for "bounced .*demo.wav" 60; check $? "y: written over"

# a bounce from the mixer warns as the command line does: a stem with
# NaN samples and one that ends early (a truncated WAV)
tm kill-server >/dev/null 2>&1
sleep 0.5
tool=${top_builddir:-.}/tests/harden_tool
"$tool" stem "$T/nan.wav" nan 48000 1 2 || exit 99
"$tool" stem "$T/full.wav" pcm16 48000 1 2 || exit 99
head -c 100000 "$T/full.wav" > "$T/short.wav"
printf '[track "Nanny"]\nfile = nan.wav\n[track "Shorty"]\nfile = short.wav\n' > "$T/warn.ini"
"$TMIX" bounce "$T/warn.ini" -o "$T/cli.wav" 2> "$T/cli.err"
grep -q 'warning:.*Nanny.*NaN' "$T/cli.err" && grep -q 'warning:.*Shorty.*ended early' "$T/cli.err"
check $? "the command line warns of both stems"
tm new-session -d -x 80 -y 24 "$TMIX --audio null $T/warn.ini"
wait_for MASTER 10; check $? "the mixer opens the project with the bad stems"
tm send-keys : 'bounce w.wav' Enter
wait_for 'bounced w.wav' 60
screen | grep -Eq 'bounced w.wav with 2 warnings \(log\): track "Nanny": [0-9]+ samples were NaN' ; check $? "the mixer's bounce warns on the status line at 80 columns, not 'bounced' alone"
grep -q 'bounce: warning:.*Shorty.*ended early' "$XDG_STATE_HOME/tmix/tmix.log" 2>/dev/null; check $? "which is in the log"
echo "1..$n"
[ $fails = 0 ]
