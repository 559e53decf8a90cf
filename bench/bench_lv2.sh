#!/bin/bash
# bench_lv2.sh — LV2 host overhead behind `make bench-lv2` (issue 14):
# 32 tracks each with one swh sc4 insert, bounced by tmix, against
#   - the same project without the inserts (tmix's own mix), and
#   - lv2bench (lilv-utils) running sc4 for the same number of frames,
#     once per track, at the same block length (tmix bounces in 1024s).
# Overhead = (bounce with inserts - bounce without - 32 × lv2bench) over
# 32 × lv2bench: the time tmix spends per plugin beyond the plugin's own
# (issue: at most 10 %). CPU time (user + sys), the best of REPS runs, so
# that a loaded machine disturbs it less than wall time would.
# Caveat: lv2bench feeds the plugin its own buffers (not the stems); sc4
# costs the same per frame whatever the signal (no branches on level
# beyond its envelope), so the figures compare, but not on identical audio.
#
# Environment (the Makefile sets the first three):
#   TMIX  BENCH_GEN  BENCH_WORK
#   BENCH_SECS  seconds per stem (default 60)    REPS  runs each (default 3)
set -u
export LC_ALL=C
TMIX=${TMIX:-./tmix}
BENCH_GEN=${BENCH_GEN:-bench/bench_gen}
W=${BENCH_WORK:-bench/work}/lv2
SECS=${BENCH_SECS:-60}
REPS=${REPS:-3}
N=32
SC4=http://plugin.org.uk/swh-plugins/sc4
die() { echo "bench_lv2: $*" >&2; exit 1; }

command -v lv2bench > /dev/null || die "lv2bench not found (Debian: lilv-utils)"
"$TMIX" plugins sc4 swh | grep -q "^  $SC4\$" || die "swh sc4 not installed (Debian: swh-lv2)"
mkdir -p "$W/stems" || die "cannot create $W/stems"
if ! test -f "$W/stems/.stamp-$N-$SECS"; then
	echo "bench: generating $N stems × $SECS s" >&2
	"$BENCH_GEN" "$W/stems" "$N" "$SECS" || die "bench_gen failed"
	touch "$W/stems/.stamp-$N-$SECS"
fi
project() { # WITH-INSERTS(0|1)
	echo "[project]"
	for ((i = 1; i <= N; i++)); do
		printf '\n[track "T%02d"]\nfile = stems/t%02d.wav\npan = %d\n' $i $i $(((i * 37) % 121 - 60))
		if test "$1" = 1; then
			printf 'insert.1 = lv2 %s\ninsert.1.ratio = 8\ninsert.1.threshold = -30\n' $SC4
		fi
	done
	printf '\n[master]\n'
}
project 0 > "$W/plain.ini"
project 1 > "$W/sc4.ini"

# cpu COMMAND...: the best user+sys seconds of REPS runs into T
TIMEFORMAT='%U %S'
cpu() {
	local bt= t i
	for ((i = 0; i < REPS; i++)); do
		t=$( { time "$@" > "$W/last.log" 2>&1; } 2>&1 ) || die "failed: $* (see $W/last.log)"
		t=$(awk -v u="${t% *}" -v s="${t#* }" 'BEGIN { printf "%.3f", u + s }')
		if test -z "$bt" || awk -v a="$t" -v b="$bt" 'BEGIN { exit !(a < b) }'; then bt=$t; fi
	done
	T=$bt
}
cpu "$TMIX" bounce "$W/plain.ini" -o "$W/plain.wav"; TP=$T
cpu "$TMIX" bounce "$W/sc4.ini" -o "$W/sc4.wav"; TS=$T
frames=$((SECS * 48000))
# lv2bench prints "SECONDS URI": the plugin's run time alone
bt=
for ((i = 0; i < REPS; i++)); do
	t=$(lv2bench -b 1024 -n $frames $SC4 2>/dev/null | awk -v u=$SC4 '$2 == u { print $1 }')
	test -n "$t" || die "lv2bench printed no time for $SC4"
	if test -z "$bt" || awk -v a="$t" -v b="$bt" 'BEGIN { exit !(a < b) }'; then bt=$t; fi
done
TL=$(awk -v t="$bt" -v n=$N 'BEGIN { printf "%.3f", t * n }')
awk -v p="$TP" -v s="$TS" -v l="$TL" -v n=$N -v secs=$SECS -v reps=$REPS -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v cores="$(nproc)" 'BEGIN {
	extra = s - p - l
	printf "| %d tracks × %d s, best of %d (CPU s) | seconds |\n|---|---|\n", n, secs, reps
	printf "| tmix bounce, no inserts | %.3f |\n| tmix bounce, sc4 on every track | %.3f |\n", p, s
	printf "| plugins inside tmix (difference) | %.3f |\n| lv2bench sc4 × %d (the plugin alone) | %.3f |\n", s - p, n, l
	printf "| tmix beyond the plugin | %.3f |\n\n", extra
	printf "host overhead: %.1f %% of the plugin'"'"'s own time (issue: at most 10 %%: %s)\n", 100 * extra / l, extra / l <= 0.10 ? "met" : "missed"
	printf "machine: %s cores, load average %s (shared, loaded: figures are noisy)\n", cores, load
}'
