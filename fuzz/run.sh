#!/bin/sh
# fuzz/run.sh OUTDIR — builds the fuzzers (fuzz/build.sh) and runs each
# for FUZZ_SECONDS (default 60) on a copy of its seed corpus, failing on
# any crash, leak, hang (-timeout=10), memory blow-up or UBSan report.
# Prints TAP: one line per target with its executions, then the total.
# A crashing input is kept as OUTDIR/work/TARGET-crash-* and printed; add
# it to tests/fuzz-regress/ (named project-* or units-*) once fixed.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-fuzz}
secs=${FUZZ_SECONDS:-60}
mkdir -p "$out/work"
if ! "$src/fuzz/build.sh" "$out/bin" >"$out/work/build.log" 2>&1; then
	cat "$out/work/build.log"
	echo "not ok 1 - the fuzzers build with clang -fsanitize=fuzzer (apt-get install clang)"
	echo "1..1"
	exit 1
fi
n=0 failed=0 total=0
for t in project units; do
	n=$((n + 1))
	corpus="$out/work/corpus-$t"
	rm -rf "$corpus" "$out/work/$t-"*
	mkdir -p "$corpus"
	cp "$src/fuzz/corpus/$t/"* "$corpus/"
	log="$out/work/$t.log"
	# -timeout: a single input running 10 s is a hang; the outer timeout
	# catches a fuzzer that stops answering altogether.
	timeout $((secs + 120)) "$out/bin/fuzz_$t" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/work/$t-" \
		"$corpus" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	runs=${runs:-0}
	total=$((total + runs))
	if [ "$rc" -eq 0 ] && ! grep -q 'runtime error\|ERROR: \(Address\|Leak\|libFuzzer\)' "$log"; then
		echo "ok $n - fuzz_$t: $secs s, $runs executions, no finding"
	else
		failed=$((failed + 1))
		echo "not ok $n - fuzz_$t: exit $rc after $runs executions"
		grep -A30 'runtime error\|ERROR: ' "$log" | head -60 | sed 's/^/# /'
		for a in "$out/work/$t-"*; do
			[ -f "$a" ] && { echo "# input $a:"; od -c "$a" | head -20 | sed 's/^/#   /'; }
		done
	fi
done
echo "# fuzz: $total executions in all"
echo "1..$n"
[ "$failed" -eq 0 ]
