#!/bin/bash
# bench_deliver.sh — what loudness targets cost (`make bench-deliver`):
# a plain bounce, `--normalize -14` and `--deliver spotify,apple,ebu-r128`
# of the same song in the same run, best of BENCH_REPS each, and their
# ratios to the plain bounce against issue 15's targets (--normalize at
# most 1.3x, --deliver with three targets at most 1.5x). The ratios are
# of CPU time (user + sys of the process and its threads, GNU time's %U
# and %S): the work each bounce does, which other sessions on a shared
# machine do not stretch the way they stretch wall time (shown beside
# it). Prints a Markdown table on stdout and keeps it, with the logs, in
# $BENCH_WORK/deliver.
#
# Environment (the Makefile sets the first three):
#   TMIX, BENCH_GEN   the binaries      BENCH_WORK  scratch directory
#   BENCH_TRACKS  15      BENCH_SECONDS  201 (the issue's 15 stems, 3:21)
#   BENCH_REPS    3
#
# The song: bench_gen's stems, each with hpf, 4 EQ bands, gate,
# compressor, pan and sends to a reverb and a delay (bench_bounce.sh's
# chain), into a master compressor and a -1 dBTP limiter; the faders sit
# where the mix measures about -16 LUFS, so -14 pushes into the limiter.
set -u
export LC_ALL=C
TMIX=${TMIX:-./tmix}
BENCH_GEN=${BENCH_GEN:-bench/bench_gen}
BENCH_WORK=${BENCH_WORK:-bench/work}
N=${BENCH_TRACKS:-15}
SECS=${BENCH_SECONDS:-201}
REPS=${BENCH_REPS:-3}
die() { echo "bench: $*" >&2; exit 1; }
W=$BENCH_WORK/deliver
mkdir -p "$W/stems" || die "cannot create $W"
W=$(cd "$W" && pwd -P)
if ! test -f "$W/stems/.stamp-$N-$SECS"; then
	echo "bench: generating $N stems × $SECS s" >&2
	"$BENCH_GEN" "$W/stems" "$N" "$SECS" || die "bench_gen failed"
	touch "$W/stems/.stamp-$N-$SECS"
fi
{
	echo "[project]"
	echo "name = deliver bench"
	for ((i = 1; i <= N; i++)); do
		printf '\n[track "T%02d"]\nfile = stems/t%02d.wav\ngain = +5 dB\npan = %d\n' $i $i $(((i * 37) % 121 - 60))
		printf 'hpf = 80 Hz\neq.1 = bell 200 Hz -2 dB q 1\neq.2 = lowshelf 100 Hz +2 dB\n'
		printf 'eq.3 = highshelf 8 kHz +1 dB\neq.4 = bell 3 kHz +2 dB q 2\n'
		printf 'gate.threshold = -45 dB\ngate.range = -40 dB\n'
		printf 'comp.threshold = -18 dB\ncomp.ratio = 3\ncomp.attack = 10 ms\ncomp.release = 100 ms\n'
		printf 'send.Verb = -18 dB\nsend.Echo = -24 dB\n'
	done
	printf '\n[bus "Verb"]\nfx = reverb\n\n[bus "Echo"]\nfx = delay\ndelay.time = 375 ms\ndelay.feedback = 30 %%\n'
	printf '\n[master]\ncomp.threshold = -10 dB\ncomp.ratio = 2\nlimiter = -1 dBTP\n'
} > "$W/song.ini"

# best LABEL ARGS...: the least CPU time (user + sys) of REPS runs into
# T, the wall time of that run into TW
test -x /usr/bin/time || die "needs GNU time in /usr/bin/time (apt-get install time)"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
best() {
	local label=$1 t w bt= bw= i
	shift
	for ((i = 0; i < REPS; i++)); do
		rm -rf "$W/out"
		/usr/bin/time -f '%U %S %e' -o "$W/$label.time" "$TMIX" bounce "$W/song.ini" "$@" > "$W/$label.log" 2>&1 ||
			die "failed: $label (see $W/$label.log)"
		t=$(awk 'END { printf "%.3f", $1 + $2 }' "$W/$label.time")
		w=$(awk 'END { printf "%.3f", $3 }' "$W/$label.time")
		if test -z "$bt" || awk -v a="$t" -v b="$bt" 'BEGIN { exit !(a < b) }'; then bt=$t; bw=$w; fi
	done
	T=$bt
	TW=$bw
}
best plain -o "$W/plain.wav"; TP=$T; WP=$TW
best normalize -o "$W/norm.wav" --normalize -14; TN=$T; WN=$TW
best deliver -o "$W/out/" --deliver spotify,apple,ebu-r128; TD=$T; WD=$TW
ratio() { awk -v a="$1" -v b="$TP" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$(ratio "$1")" -v m="$2" 'BEGIN { print (r <= m ? "met" : "missed") }'; }
passes() { grep -o '[0-9]* passes' "$W/$1.log" | tail -1; }
{
	echo "## Loudness targets (\`make bench-deliver\`, $(date -u '+%Y-%m-%d %H:%M') UTC, $N stems × $SECS s, best of $REPS)"
	echo
	echo "| bounce | CPU s (user+sys) | × plain | target | wall s | passes |"
	echo "|---|---:|---:|---:|---:|---|"
	echo "| plain | $TP | 1.00 | | $WP | 1 |"
	echo "| --normalize -14 | $TN | $(ratio "$TN") | ≤ 1.3 ($(verdict "$TN" 1.3)) | $WN | $(passes normalize) |"
	echo "| --deliver spotify,apple,ebu-r128 | $TD | $(ratio "$TD") | ≤ 1.5 ($(verdict "$TD" 1.5)) | $WD | $(passes deliver) |"
	echo
	echo "load average: $LOAD0 at the start, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) at the end"
} | tee "$W/RESULTS.md"
