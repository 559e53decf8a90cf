#!/bin/bash
# bench_bounce.sh — the bounce benchmark behind `make bench`.
#
# For each size (tracks × seconds) it generates stems and a project, then
# bounces the same mix with tmix, ffmpeg and sox, and times the floor
# (decode + sum + encode, bench_floor). It prints a Markdown table on
# stdout and keeps it, with every generated command, in $BENCH_WORK.
#
# Environment (the Makefile sets the first four):
#   TMIX         the tmix binary
#   BENCH_GEN    bench_gen (stems)        BENCH_FLOOR  bench_floor
#   BENCH_WORK   scratch directory, created; never the source tree
#   BENCH_SIZES  sizes, default "8x60 32x60 64x60 8x600"
#   BENCH_CALIBRATE  1 (default) to first run the reference chain
#                (64 stems × 60 s, EQ ×4 + compressor + pan) with ffmpeg,
#                sox and the floor, to compare with the issue's figures
#   BENCH_FFMPEG_THREADED  1 to also time ffmpeg with its default
#                filter threading (reported below the table)
#
# The mix, per track: gate, hpf, 4 EQ bands, compressor, fader, pan, two
# post-fader sends; a reverb bus and a delay bus; master compressor and
# limiter. ffmpeg gets the same graph from its own filters; sox gets one
# process per track, fanned out with tee into three `sox -m` mixers (dry,
# reverb send, delay send) and a master `sox -m`. See bench/RESULTS.md.
set -u
export LC_ALL=C

TMIX=${TMIX:-./tmix}
BENCH_GEN=${BENCH_GEN:-bench/bench_gen}
BENCH_FLOOR=${BENCH_FLOOR:-bench/bench_floor}
BENCH_WORK=${BENCH_WORK:-bench/work}
BENCH_SIZES=${BENCH_SIZES:-"8x60 32x60 64x60 8x600"}
BENCH_CALIBRATE=${BENCH_CALIBRATE:-1}
BENCH_FFMPEG_THREADED=${BENCH_FFMPEG_THREADED:-0}
RATE=48000

die() { echo "bench: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

TMIX=$(absolute "$TMIX")
BENCH_GEN=$(absolute "$BENCH_GEN")
BENCH_FLOOR=$(absolute "$BENCH_FLOOR")
mkdir -p "$BENCH_WORK" || die "cannot create $BENCH_WORK"
W=$(cd "$BENCH_WORK" && pwd -P)
test -x "$BENCH_GEN" || die "$BENCH_GEN not built"
test -x "$BENCH_FLOOR" || die "$BENCH_FLOOR not built"

GNU_TIME=
if test -x /usr/bin/time && /usr/bin/time -f %M true >/dev/null 2>&1; then
	GNU_TIME=/usr/bin/time
else
	echo "bench: GNU time not found (apt-get install time): no peak RSS" >&2
fi
HAVE_FFMPEG=0; have ffmpeg && HAVE_FFMPEG=1
HAVE_SOX=0; have sox && HAVE_SOX=1
HAVE_TMIX=0
if test -x "$TMIX" && "$TMIX" bounce 2>&1 | grep -q 'usage: tmix bounce'; then
	HAVE_TMIX=1
else
	echo "bench: $TMIX has no bounce command yet: tmix columns are n/a" >&2
fi

# ---------------------------------------------------------------- helpers
# awk does the arithmetic (bash has no floating point)
calc() { awk "BEGIN { printf \"%s\", $* }"; }
db2lin() { awk -v d="$1" 'BEGIN { printf "%.6f", 10 ^ (d / 20) }'; }
now_ns() { date +%s%N; }

# timed OUTFILE_PREFIX CMD...: runs CMD, stdout/stderr to PREFIX.log;
# sets T (seconds), RSS (MB, or n/a) and CPU (user + sys seconds, or
# n/a); returns CMD's status
timed() {
	local prefix=$1 t0 t1 st
	shift
	t0=$(now_ns)
	if test -n "$GNU_TIME"; then
		"$GNU_TIME" -f '%M %U %S' -o "$prefix.rss" "$@" >"$prefix.log" 2>&1
	else
		"$@" >"$prefix.log" 2>&1
	fi
	st=$?
	t1=$(now_ns)
	T=$(calc "($t1 - $t0) / 1e9")
	RSS=n/a CPU=n/a
	if test -n "$GNU_TIME" && test -s "$prefix.rss"; then
		RSS=$(awk 'END { printf "%.1f", $1 / 1024 }' "$prefix.rss")
		CPU=$(awk 'END { printf "%.2f", $2 + $3 }' "$prefix.rss")
	fi
	return $st
}

# best REPS PREFIX CMD...: the best wall time of REPS runs (T, RSS, CPU of it);
# T=fail when any run fails
best() {
	local reps=$1 prefix=$2 bt= brss= bcpu= i
	shift 2
	for ((i = 0; i < reps; i++)); do
		if ! timed "$prefix" "$@"; then
			T=fail RSS=n/a CPU=n/a
			echo "bench: failed: $* (see $prefix.log)" >&2
			return 1
		fi
		if test -z "$bt" || awk -v a="$T" -v b="$bt" 'BEGIN { exit !(a < b) }'; then
			bt=$T brss=$RSS bcpu=$CPU
		fi
	done
	T=$bt RSS=$brss CPU=$bcpu
}

fmt2() { case $1 in fail|n/a|"") echo "${1:-n/a}" ;; *) calc "sprintf(\"%.2f\", $1)" ;; esac; }
ratio() {
	case "$1$2" in *fail*|*n/a*|"") echo n/a ;;
	*) awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }' ;;
	esac
}

# stems DIR N SECONDS: generate once (kept across runs until make clean);
# a directory that already holds at least N stems of that length is reused
stems() {
	local dir=$1 n=$2 secs=$3 have=0
	test -f "$dir/.stamp-$secs" && have=$(cat "$dir/.stamp-$secs")
	if test "$have" -lt "$n"; then
		rm -rf "$dir" && mkdir -p "$dir" || die "cannot create $dir"
		echo "bench: generating $n stems × $secs s in $dir" >&2
		"$BENCH_GEN" "$dir" "$n" "$secs" || die "bench_gen failed"
		echo "$n" >"$dir/.stamp-$secs"
	fi
}

# pan of track i (0-based) of n, in -100..100, and its constant-power
# gains (the -3 dB pan law that tmix uses by default)
pan_pct() { awk -v i="$1" -v n="$2" 'BEGIN { printf "%d", (n > 1 ? -60 + 120 * i / (n - 1) : 0) }'; }
pan_l() { awk -v p="$1" 'BEGIN { printf "%.6f", cos((p / 100 + 1) * 0.25 * 3.141592653589793) }'; }
pan_r() { awk -v p="$1" 'BEGIN { printf "%.6f", sin((p / 100 + 1) * 0.25 * 3.141592653589793) }'; }
# fader: keep the sum of n tracks near the same loudness, loud enough
# that the master compressor and limiter have work (-3 dB at 8 tracks)
fader_db() { awk -v n="$1" 'BEGIN { printf "%d", 6 - int(10 * log(n) / log(10) + 0.5) }'; }

# ------------------------------------------------------------ the mix
# Per-track settings, one place for all three tools.
GATE_DB=-45 GATE_RANGE_DB=-40 HPF=80
COMP_DB=-18 COMP_RATIO=3 COMP_ATT_MS=10 COMP_REL_MS=100
SEND_VERB_DB=-18 SEND_ECHO_DB=-24
DELAY_MS=375 DELAY_FB=30
MCOMP_DB=-10 MCOMP_RATIO=2 LIMIT_DB=-1

write_ini() { # DIR N SECONDS STEMDIR(relative to DIR)
	local dir=$1 n=$2 secs=$3 sd=$4 i p g
	g=$(fader_db "$n")
	{
		echo "; generated by bench/bench_bounce.sh: $n tracks × $secs s"
		echo "[project]"
		echo "name = bench $n x $secs"
		echo "rate = $RATE"
		for ((i = 0; i < n; i++)); do
			p=$(pan_pct "$i" "$n")
			printf '\n[track "T%02d"]\n' $((i + 1))
			printf 'file = %s/t%02d.wav\n' "$sd" $((i + 1))
			echo "gain = $g dB"
			echo "pan = $p"
			echo "hpf = $HPF Hz"
			echo "eq.1 = bell 200 Hz -2 dB q 1"
			echo "eq.2 = lowshelf 100 Hz +2 dB"
			echo "eq.3 = highshelf 8 kHz +1 dB"
			echo "eq.4 = bell 3 kHz +2 dB q 2"
			echo "gate.threshold = $GATE_DB dB"
			echo "gate.range = $GATE_RANGE_DB dB"
			echo "comp.threshold = $COMP_DB dB"
			echo "comp.ratio = $COMP_RATIO"
			echo "comp.attack = $COMP_ATT_MS ms"
			echo "comp.release = $COMP_REL_MS ms"
			echo "send.Verb = $SEND_VERB_DB dB"
			echo "send.Echo = $SEND_ECHO_DB dB"
		done
		printf '\n[bus "Verb"]\nfx = reverb\n'
		printf '\n[bus "Echo"]\nfx = delay\ndelay.time = %s ms\ndelay.feedback = %s %%\n' "$DELAY_MS" "$DELAY_FB"
		printf '\n[master]\ncomp.threshold = %s dB\ncomp.ratio = %s\nlimiter = %s dBTP\n' \
			"$MCOMP_DB" "$MCOMP_RATIO" "$LIMIT_DB"
	} >"$dir/project.ini"
}

# ffmpeg: one filter graph; full=1 the whole mix, full=0 the reference
# chain (EQ ×4 + compressor + pan, summed)
write_ffmpeg() { # DIR N STEMDIR FULL
	local dir=$1 n=$2 sd=$3 full=$4 i p g graph=$1/ffmpeg.graph
	local gate_t gate_r comp_t mcomp_t limit ins=
	g=$(fader_db "$n")
	gate_t=$(db2lin $GATE_DB) gate_r=$(db2lin $GATE_RANGE_DB)
	comp_t=$(db2lin $COMP_DB) mcomp_t=$(db2lin $MCOMP_DB) limit=$(db2lin $LIMIT_DB)
	: >"$graph"
	for ((i = 0; i < n; i++)); do
		p=$(pan_pct "$i" "$n")
		ins="$ins -i $sd/$(printf t%02d.wav $((i + 1)))"
		{
			printf '[%d:a]' "$i"
			test "$full" = 1 && printf 'agate=threshold=%s:range=%s:attack=1:release=100,highpass=f=%s:p=2,' \
				"$gate_t" "$gate_r" "$HPF"
			printf 'equalizer=f=200:t=q:w=1:g=-2,lowshelf=f=100:g=2,highshelf=f=8000:g=1,equalizer=f=3000:t=q:w=2:g=2,'
			printf 'acompressor=threshold=%s:ratio=%s:attack=%s:release=%s,' "$comp_t" "$COMP_RATIO" "$COMP_ATT_MS" "$COMP_REL_MS"
			test "$full" = 1 && printf 'volume=%sdB,' "$g"
			printf 'pan=stereo|c0=%s*c0|c1=%s*c0' "$(pan_l "$p")" "$(pan_r "$p")"
			if test "$full" = 1; then
				printf ',asplit=3[m%d][v%d][e%d];\n' "$i" "$i" "$i"
			else
				printf '[m%d];\n' "$i"
			fi
		} >>"$graph"
	done
	{
		for ((i = 0; i < n; i++)); do printf '[m%d]' "$i"; done
		if test "$full" = 1; then
			printf 'amix=inputs=%d:normalize=0[dry];\n' "$n"
			for ((i = 0; i < n; i++)); do printf '[v%d]' "$i"; done
			printf 'amix=inputs=%d:normalize=0,volume=%sdB,' "$n" "$SEND_VERB_DB"
			printf 'aecho=0.8:0.9:29|37|43|53|61|71|89|97:0.6|0.55|0.5|0.45|0.4|0.35|0.3|0.25[verb];\n'
			for ((i = 0; i < n; i++)); do printf '[e%d]' "$i"; done
			printf 'amix=inputs=%d:normalize=0,volume=%sdB,' "$n" "$SEND_ECHO_DB"
			printf 'aecho=1:1:%s:0.%s,lowpass=f=6000[echo];\n' "$DELAY_MS" "$DELAY_FB"
			printf '[dry][verb][echo]amix=inputs=3:normalize=0,'
			printf 'acompressor=threshold=%s:ratio=%s:attack=10:release=100,' "$mcomp_t" "$MCOMP_RATIO"
			printf 'alimiter=limit=%s:level=0[out]\n' "$limit"
		else
			printf 'amix=inputs=%d:normalize=0,volume=%sdB[out]\n' "$n" "$g"
		fi
	} >>"$graph"
	# the command line, kept next to the graph so a reader can rerun it
	echo "ffmpeg -nostdin -hide_banner -loglevel error -y$ins -filter_complex_threads 1 -filter_complex_script ffmpeg.graph -map [out] -c:a pcm_s24le ffmpeg.wav" \
		>"$dir/ffmpeg.cmd"
}

# sox: per-track processes. full=1: each track's output is teed into
# three fifos read by three `sox -m` (dry, reverb send, delay send), whose
# outputs a fourth `sox -m` mixes and masters. full=0: the reference
# chain, `sox -m <(sox stem -p ...) ... out.wav`.
sox_track_fx() { # FULL PAN FADER_DB
	local full=$1 p=$2 g=$3
	test "$full" = 1 && printf 'compand 0.001,0.1 -90,-130,%s.1,%s.1,%s,%s highpass %s ' \
		"$GATE_DB" "$((GATE_DB + GATE_RANGE_DB))" "$GATE_DB" "$GATE_DB" "$HPF"
	printf 'equalizer 200 1q -2 bass +2 100 treble +1 8000 equalizer 3000 2q +2 '
	printf 'compand 0.0%s,0.%s 6:%s,%s,0,%s ' "$COMP_ATT_MS" "$COMP_REL_MS" "$COMP_DB" "$COMP_DB" \
		"$(calc "$COMP_DB - $COMP_DB / $COMP_RATIO")"
	test "$full" = 1 && printf 'gain %s ' "$g"
	printf 'remix 1v%s 1v%s' "$(pan_l "$p")" "$(pan_r "$p")"
}

write_sox() { # DIR N STEMDIR FULL
	local dir=$1 n=$2 sd=$3 full=$4 i p g f s=$1/sox.sh
	local vv ve dry= verb= echo=
	g=$(fader_db "$n")
	vv=$(db2lin $SEND_VERB_DB) ve=$(db2lin $SEND_ECHO_DB)
	{
		echo "#!/bin/bash"
		echo "# generated by bench/bench_bounce.sh: the sox side of the bounce benchmark"
		echo 'cd "$(dirname "$0")" || exit 1'
		if test "$full" = 1; then
			echo 'rm -rf fifo && mkdir fifo || exit 1'
			printf 'mkfifo fifo/dry fifo/verb fifo/echo'
			for ((i = 1; i <= n; i++)); do printf ' fifo/m%02d fifo/v%02d fifo/e%02d' $i $i $i; done
			echo ' || exit 1'
			for ((i = 0; i < n; i++)); do
				f=$(printf %02d $((i + 1)))
				p=$(pan_pct "$i" "$n")
				echo "sox -D $sd/t$f.wav -t sox - $(sox_track_fx 1 "$p" "$g") | tee fifo/v$f fifo/e$f >fifo/m$f &"
				dry="$dry -v 1 -t sox fifo/m$f"
				verb="$verb -v $vv -t sox fifo/v$f"
				echo="$echo -v $ve -t sox fifo/e$f"
			done
			echo "sox -D -m$dry -t sox fifo/dry &"
			echo "sox -D -m$verb -t sox fifo/verb reverb 50 50 100 100 10 &"
			echo "sox -D -m$echo -t sox fifo/echo echo 1 1 $DELAY_MS 0.$DELAY_FB lowpass 6000 &"
			printf 'sox -D -m -v 1 -t sox fifo/dry -v 1 -t sox fifo/verb -v 1 -t sox fifo/echo -b 24 sox.wav '
			printf 'compand 0.01,0.1 6:%s,%s,0,%s ' "$MCOMP_DB" "$MCOMP_DB" "$(calc "$MCOMP_DB - $MCOMP_DB / $MCOMP_RATIO")"
			printf 'compand 0,0.05 %s,%s,0,%s\n' "$LIMIT_DB" "$LIMIT_DB" "$LIMIT_DB"
			echo 'st=$?'
			echo 'for j in $(jobs -p); do wait $j || st=1; done'
			echo 'rm -rf fifo'
			echo 'exit $st'
		else
			printf 'sox -D -m'
			for ((i = 0; i < n; i++)); do
				f=$(printf %02d $((i + 1)))
				p=$(pan_pct "$i" "$n")
				printf ' -v %s -t sox <(sox -D %s/t%s.wav -p %s)' "$(db2lin "$g")" "$sd" "$f" "$(sox_track_fx 0 "$p" "$g")"
			done
			echo ' -b 24 sox.wav'
		fi
	} >"$s"
}

# ------------------------------------------------------------- a run
# One size: DIR N SECONDS FULL REPS; sets TM RSSM CPUM LENM FF SX FL
run_size() {
	local dir=$1 n=$2 secs=$3 full=$4 reps=$5 sd ins= i
	sd="../stems$secs"
	mkdir -p "$dir"
	test "$full" = 1 && write_ini "$dir" "$n" "$secs" "$sd"
	write_ffmpeg "$dir" "$n" "$sd" "$full"
	write_sox "$dir" "$n" "$sd" "$full"
	for ((i = 1; i <= n; i++)); do ins="$ins $sd/$(printf t%02d.wav $i)"; done
	# warm the page cache so that every tool reads from memory
	cat "$W/stems$secs"/t*.wav >/dev/null
	(
		cd "$dir" || exit 1
		TM=n/a RSSM=n/a CPUM=n/a LENM=n/a FF=n/a SX=n/a FL=n/a
		if test "$full" = 1 && test $HAVE_TMIX = 1; then
			best "$reps" tmix "$TMIX" bounce project.ini -o tmix.wav --format wav24 && true
			TM=$T RSSM=$RSS CPUM=$CPU
			test -s tmix.wav && have soxi && LENM=$(soxi -D tmix.wav 2>/dev/null)
		fi
		if test $HAVE_FFMPEG = 1; then
			# word splitting of the stored command is intended: no spaces in paths here
			# shellcheck disable=SC2046
			best "$reps" ffmpeg $(cat ffmpeg.cmd) && true
			FF=$T
			if test "$BENCH_FFMPEG_THREADED" = 1; then
				best "$reps" ffmpeg-threaded $(sed 's/ -filter_complex_threads 1//' ffmpeg.cmd) && true
				echo "FFT=$T" >ffmpeg-threaded.time
			fi
		fi
		if test $HAVE_SOX = 1; then
			best "$reps" sox bash sox.sh && true
			SX=$T
		fi
		# shellcheck disable=SC2086
		best "$reps" floor "$BENCH_FLOOR" floor.wav $ins && true
		FL=$T
		echo "TM=$TM RSSM=$RSSM CPUM=$CPUM LENM=$LENM FF=$FF SX=$SX FL=$FL" >times
	)
	# shellcheck disable=SC1091
	. "$dir/times"
}

# ------------------------------------------------------------- main
out="$W/results.md"
maxn60=0
for s in $BENCH_SIZES; do
	n=${s%x*} secs=${s#*x}
	case "$n$secs" in *[!0-9]*|"") die "bad size '$s' (want TRACKSxSECONDS)" ;; esac
	if test "$secs" = 60 && test "$n" -gt "$maxn60"; then maxn60=$n; fi
done
test "$BENCH_CALIBRATE" = 1 && test "$maxn60" -lt 64 && maxn60=64
# stems: the largest count per length, each smaller size uses the first N
for s in $BENCH_SIZES; do
	n=${s%x*} secs=${s#*x}
	if test "$secs" = 60; then n=$maxn60; fi
	stems "$W/stems$secs" "$n" "$secs"
done
test "$BENCH_CALIBRATE" = 1 && stems "$W/stems60" "$maxn60" 60

{
	echo "## tmix bounce benchmark"
	echo
	echo "$(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1);" \
		"$(ffmpeg -version 2>/dev/null | head -1 | cut -d' ' -f1-3);" \
		"$(sox --version 2>/dev/null | sed 's/.*SoX v/sox /')"
	echo
	echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)."
	echo
} | tee "$out"

if test "$BENCH_CALIBRATE" = 1; then
	echo "bench: calibration: 64 stems × 60 s, EQ ×4 + compressor + pan" >&2
	run_size "$W/ref64x60" 64 60 0 1
	{
		echo "Calibration, 64 stems × 60 s, EQ ×4 + compressor + pan (reference: ffmpeg ≈ 9.6 s, sox ≈ 7.3 s, floor ≈ 0.4 s):"
		echo "ffmpeg $(fmt2 "$FF") s, sox $(fmt2 "$SX") s, floor $(fmt2 "$FL") s."
		echo
	} | tee -a "$out"
fi

rows= notes=
for s in $BENCH_SIZES; do
	n=${s%x*} secs=${s#*x}
	echo "bench: $n tracks × $secs s" >&2
	reps=1
	# best of 2 for the 60 s runs (a shared machine is noisy); once for longer
	test "$secs" -le 60 && reps=2
	run_size "$W/p${n}x$secs" "$n" "$secs" 1 "$reps"
	xrt=n/a
	case $TM in fail|n/a) ;; *) xrt=$(awk -v l="$secs" -v t="$TM" 'BEGIN { printf "%.0f", l / t }') ;; esac
	rows="$rows| $n | $secs s | $(fmt2 "$TM") | $xrt | $RSSM | $(fmt2 "$FF") | $(fmt2 "$SX") | $(fmt2 "$FL") | $(ratio "$FF" "$TM") | $(ratio "$SX" "$TM") | $(ratio "$TM" "$FL") |
"
	eval "RSS_${n}_${secs}=\$RSSM"
	case $TM in fail|n/a) ;; *)
		notes="$notes
- $n × $secs s: tmix used $CPUM s of CPU (user + sys) for $(fmt2 "$TM") s of wall time; it rendered $(fmt2 "$LENM") s (the stems plus the effect tails)." ;;
	esac
	if test -f "$W/p${n}x$secs/ffmpeg-threaded.time"; then
		# shellcheck disable=SC1091
		. "$W/p${n}x$secs/ffmpeg-threaded.time"
		eval "FFT_${n}_${secs}=\$FFT"
	fi
done

{
	echo "Full chain (per track: gate, hpf, EQ ×4, compressor, fader, pan, 2 sends; reverb + delay buses; master compressor + limiter):"
	echo
	echo "| tracks | length | tmix s | × real time | peak RSS MB | ffmpeg s | sox s | floor s | ffmpeg/tmix | sox/tmix | tmix/floor |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s' "$rows"
	echo
	test -n "$notes" && printf 'Notes:%s\n\n' "$notes"
	for s in $BENCH_SIZES; do
		n=${s%x*} secs=${s#*x}
		test "$secs" = 60 && continue
		eval "long=\${RSS_${n}_${secs}:-n/a} short=\${RSS_${n}_60:-n/a}"
		case "$long$short" in
		*n/a*|*fail*) ;;
		*) echo "Peak RSS, $n tracks: $short MB at 60 s, $long MB at $secs s" \
			"($(awk -v a="$long" -v b="$short" 'BEGIN { printf "%+.1f", 100 * (a - b) / b }') %)." ;;
		esac
	done
	if test "$BENCH_FFMPEG_THREADED" = 1; then
		for s in $BENCH_SIZES; do
			n=${s%x*} secs=${s#*x}
			eval "t=\${FFT_${n}_${secs}:-n/a}"
			echo "ffmpeg with default filter threading, $n × $secs s: $(fmt2 "$t") s."
		done
	fi
} | tee -a "$out"
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)." | tee -a "$out"
echo "bench: table saved in $out; commands in $W/*/ffmpeg.cmd, sox.sh, project.ini" >&2
