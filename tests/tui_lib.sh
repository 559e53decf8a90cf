# tui_lib.sh — helpers for the scripts that drive the real tmix under a
# detached tmux server (sourced by every tests/test_tui*.sh and soak.sh):
# a temp dir $T, tmux on a private socket, TAP counters, a printf-made
# WAV writer, and waits that poll the screen with a deadline.
TMIX=${TMIX:-./tmix}
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR
T=$(mktemp -d "${TMPDIR:-/tmp}/tmix-tui.XXXXXX") || exit 99
export XDG_STATE_HOME="$T/state"
SOCK="tmixtest$$"
# The server outlives its last session: a new-session right after
# kill-session of the only one otherwise reaches a server on its way out
# ("server exited unexpectedly") and the new session is never made. The
# file also keeps a person's ~/.tmux.conf out of the tests.
echo 'set-option -s exit-empty off' > "$T/tmux.conf"
tm() { tmux -u -f "$T/tmux.conf" -L "$SOCK" "$@"; }
# stop_server: kill the tmux server and wait until it is gone. kill-server
# returns before the server has exited; a new-session in that window can
# reach the dying server ("server exited unexpectedly") and the session,
# or the keys sent to it, are lost.
stop_server() {
	spid=$(tm display-message -p '#{pid}' 2>/dev/null)
	tm kill-server >/dev/null 2>&1
	i=0
	while [ -n "$spid" ] && [ $i -lt 50 ] && kill -0 "$spid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
	return 0
}
# tmix_pids: the tmix processes of this test (working in $T or naming it)
tmix_pids() {
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null)
		[ "${exe##*/}" = tmix ] || continue
		case "$(readlink "$p/cwd" 2>/dev/null) $(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)" in
		*"$T"*) printf ' %s' "${p#/proc/}" ;;
		esac
	done
}
# reap: a tmix still running in this test's folder once its terminal is
# gone (one was left spinning under ASan in a CI run, after its tmux
# server was killed, and ran on through every later test) is named and
# killed. Up to 10 s first: ASan's leak check at exit takes a while.
reap() {
	end=$(($(date +%s) + 10))
	while :; do
		left=$(tmix_pids)
		[ -z "$left" ] && return 0
		[ "$(date +%s)" -ge "$end" ] && break
		sleep 0.2
	done
	for pid in $left; do
		echo "# a tmix outlived its terminal, killed: $(ps -o pid=,stat=,etime=,args= -p "$pid" 2>/dev/null)"
		kill -9 "$pid" 2>/dev/null
	done
}
cleanup() { stop_server; reap; [ -n "${KEEP_T:-}" ] || rm -rf "$T"; }
trap cleanup EXIT INT TERM

n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
# not_ok NAME [WHY]: WHY first, then the screen (CI shows a failure's
# first lines; the screen's status line is at its bottom)
not_ok() {
	n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"
	[ -n "${2:-}" ] && echo "# why: $2"
	screen | sed 's/^/# | /'
}
check() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2" "${3:-}"; fi; }

le32() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $((($1 >> 8) & 255)))\\$(printf %03o $((($1 >> 16) & 255)))\\$(printf %03o $((($1 >> 24) & 255)))"; }
# wav FILE SECONDS [UP DOWN]: 16-bit mono 48 kHz, a 375 Hz square wave
# whose sample high bytes are UP and DOWN in octal: by default 040 and
# 340, +-8192 (-12 dBFS); 020 and 360 give -18 dBFS.
wav() {
	up=${3:-040} down=${4:-340}
	bytes=$((48000 * $2 * 2))
	{
		printf RIFF; le32 $((36 + bytes)); printf WAVEfmt' '; le32 16
		printf '\001\000\001\000'; le32 48000; le32 96000; printf '\002\000\020\000'
		printf data; le32 "$bytes"
		p=''; i=0
		while [ $i -lt 64 ]; do p="$p\\000\\$up"; i=$((i + 1)); done
		q=''; i=0
		while [ $i -lt 64 ]; do q="$q\\000\\$down"; i=$((i + 1)); done
		printf "$p$q" > "$T/period"
		i=0
		while [ $i -lt 375 ]; do cat "$T/period"; i=$((i + 1)); done > "$T/second"
		i=0
		while [ $i -lt "$2" ]; do cat "$T/second"; i=$((i + 1)); done
	} > "$1"
}

SESS=${SESS:-t}
screen() { tm capture-pane -p -t "=${1:-$SESS}:" 2>/dev/null; }
# wait_for REGEX [SECONDS [SESSION]]: until the screen shows it
wait_for() {
	end=$(($(date +%s) + ${2:-30}))
	while [ "$(date +%s)" -le "$end" ]; do
		screen "${3:-$SESS}" | grep -E -q -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
wait_gone() {
	end=$(($(date +%s) + ${2:-30}))
	while [ "$(date +%s)" -le "$end" ]; do
		screen "${3:-$SESS}" | grep -E -q -- "$1" || return 0
		sleep 0.1
	done
	return 1
}
# wait_file TEST-ARGS... : until `test ARGS` holds (30 s)
wait_file() {
	end=$(($(date +%s) + 30))
	while [ "$(date +%s)" -le "$end" ]; do
		test "$@" && return 0
		sleep 0.1
	done
	return 1
}
keys() { tm send-keys -t "=$SESS:" "$@"; }
