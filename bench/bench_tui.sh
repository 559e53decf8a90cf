#!/bin/sh
# bench_tui.sh — what the mixer screen costs while the demo plays: bytes
# written to the terminal per second (the SSH cost) and CPU, for the real
# tmix on the null clock under a detached tmux. The baseline, measured in
# the same run over the same window, is `tmix play` of the same project:
# the same engine and DSP with no screen, so the difference is the
# screen's own cost. Run by `make bench-tui`; figures in bench/RESULTS.md.
#
# Environment: TMIX (the binary), DEMO (the project), BENCH_SECONDS
# (measuring window, default 10), BENCH_WARMUP (seconds skipped after
# play starts, default 2). Before that the script waits for the start-up
# renders (the mix's loudness for the reference A/B, the strip analysis)
# to finish: two 1-second spans under 20 % CPU in a row.
TMIX=${TMIX:-./tmix}
DEMO=${DEMO:-projects/demo/demo.ini}
SECS=${BENCH_SECONDS:-10}
WARM=${BENCH_WARMUP:-2}
command -v tmux >/dev/null 2>&1 || { echo "bench_tui: tmux is not installed"; exit 1; }
[ -r "$DEMO" ] || { echo "bench_tui: $DEMO: not found (make builds the demo)"; exit 1; }
TMIX=$(cd "$(dirname "$TMIX")" && pwd)/$(basename "$TMIX")
DEMO=$(cd "$(dirname "$DEMO")" && pwd)/$(basename "$DEMO")

T=$(mktemp -d "${TMPDIR:-/tmp}/tmix-bench-tui.XXXXXX") || exit 1
export XDG_STATE_HOME="$T/state" LANG=C.UTF-8 LC_ALL=C.UTF-8
SOCK="tmixbench$$"
tm() { tmux -u -L "$SOCK" "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT INT TERM
HZ=$(getconf CLK_TCK)

# cpu PID [TID]: user + system clock ticks so far, of the process or one thread
cpu() { awk '{ print $14 + $15 }' "/proc/$1${2:+/task/$2}/stat" 2>/dev/null || echo 0; }
size() { wc -c < "$1" 2>/dev/null || echo 0; }
wait_screen() {
	i=0
	while [ $i -lt 300 ]; do
		tm capture-pane -p -t =b: 2>/dev/null | grep -q -- "$1" && return 0
		sleep 0.1; i=$((i + 1))
	done
	echo "bench_tui: the screen never showed '$1'" >&2
	return 1
}

# settle PID: until the start-up renders are done (at most 60 s)
settle() {
	quiet=0 i=0
	while [ $quiet -lt 2 ] && [ $i -lt 60 ]; do
		c0=$(cpu "$1"); sleep 1; c1=$(cpu "$1")
		if [ $((c1 - c0)) -lt $((HZ / 5)) ]; then quiet=$((quiet + 1)); else quiet=0; fi
		i=$((i + 1))
	done
}

# window PID BYTESFILE: over $SECS seconds -> "process-cpu% ui-thread-cpu% B/s"
window() {
	c0=$(cpu "$1"); u0=$(cpu "$1" "$1"); b0=$(size "$2"); t0=$(date +%s.%N)
	sleep "$SECS"
	c1=$(cpu "$1"); u1=$(cpu "$1" "$1"); b1=$(size "$2"); t1=$(date +%s.%N)
	awk -v c="$((c1 - c0))" -v u="$((u1 - u0))" -v b="$((b1 - b0))" -v t0="$t0" -v t1="$t1" -v hz="$HZ" \
		'BEGIN { d = t1 - t0; printf "%.1f %.1f %.0f\n", 100 * c / hz / d, 100 * u / hz / d, b / d }'
}

# screen_case COLS ROWS [ARGS]: one mixer session; prints the playing
# window, then the paused one (after the meters have fallen)
screen_case() {
	tm kill-server >/dev/null 2>&1
	: > "$T/pane.out"
	tm new-session -d -s b -x "$1" -y "$2" "$TMIX --audio null $3 '$DEMO'" || return 1
	wait_screen MASTER || return 1
	pid=$(tm display -p -t =b: '#{pane_pid}')
	settle "$pid"
	tm pipe-pane -t =b: "cat >> '$T/pane.out'"
	tm send-keys -t =b: Space
	sleep "$WARM"
	play=$(window "$pid" "$T/pane.out")
	tm send-keys -t =b: Space
	sleep 8 # the meters fall and the peak holds expire; then the screen sleeps
	idle=$(window "$pid" "$T/pane.out")
	tm send-keys -t =b: q # nothing was edited: it quits without asking
	sleep 0.5
	echo "$play $idle"
}

echo "tmix screen cost while the demo plays (null clock, ${SECS} s windows after ${WARM} s)"
"$TMIX" play "$DEMO" --audio null --loop 2>/dev/null &
ppid=$!
settle "$ppid"
base=$(window "$ppid" /dev/null)
kill "$ppid" 2>/dev/null; wait "$ppid" 2>/dev/null
base_cpu=${base%% *}

printf '\n| screen | fps | tmix CPU %% | `tmix play` CPU %% | UI thread CPU %% | KB/s to the terminal | paused: tmix CPU %% | paused: UI thread %% | paused B/s |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for c in "80 24 25" "80 24 10" "200 60 25"; do
	set -- $c
	r=$(screen_case "$1" "$2" "--fps $3") || { echo "| ${1}x$2 | $3 | failed |"; continue; }
	set -- $c $r
	awk -v w="$1" -v h="$2" -v f="$3" -v pc="$4" -v pu="$5" -v pb="$6" -v ic="$7" -v iu="$8" -v ib="$9" -v bc="$base_cpu" \
		'BEGIN { printf "| %sx%s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |\n",
			w, h, f, pc, bc, pu, pb / 1000, ic, iu, ib }'
done
echo
echo "Budgets (issue 5): playing at 80x24, the screen (UI thread) under 5 % of a"
echo "core and under 20 KB/s to the terminal; paused and idle under 1 % CPU."
echo "tmix CPU minus \`tmix play\` CPU is the screen's cost seen from outside;"
echo "on a busy machine it is noisier than the UI thread's own figure."
