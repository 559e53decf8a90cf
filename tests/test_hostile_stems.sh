#!/bin/sh
# test_hostile_stems.sh — one-track projects whose stem is hostile: empty,
# one sample, 8-bit, float with NaN and inf, 192 kHz, 8 kHz, truncated
# WAV/FLAC/Ogg, text with an audio extension, a directory, a FIFO, no
# read permission. `tmix check` and `tmix bounce` must end (60 s at most)
# with 0 or 2 — never a signal or a hang — name the stem when they
# refuse it, and bounce only finite audio. Then memory: a 3-hour stem
# must not cost more than a 1-minute one.
: "${TMIX:=./tmix}"
: "${top_builddir:=.}"
tool="$top_builddir/tests/harden_tool"
dir=$(mktemp -d /tmp/tmix-hostile-XXXXXX)
trap 'chmod -R u+rwx "$dir" 2>/dev/null; rm -rf "$dir"' EXIT
n=0 as=
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

# case NAME FILE [bounce-must-succeed]
case_() {
	name=$1 file=$2 must=${3:-}
	printf '[project]\nrate = 48000\n[track "T"]\nfile = %s\n' "$file" > "$dir/p.ini"
	rm -f "$dir/out.wav"
	timeout 60 $as "$TMIX" check "$dir/p.ini" >"$dir/check.out" 2>"$dir/check.err"; crc=$?
	timeout 60 $as "$TMIX" bounce "$dir/p.ini" -o "$dir/out.wav" --to 2 >/dev/null 2>"$dir/bounce.err"; brc=$?
	t "$name: check ends with 0 or 2 (got $crc)" '[ $crc -eq 0 ] || [ $crc -eq 2 ]'
	t "$name: bounce ends with 0 or 2 (got $brc)" '[ $brc -eq 0 ] || [ $brc -eq 2 ]'
	if [ $crc -ne 0 ] || [ $brc -ne 0 ]; then
		t "$name: the message names the stem" 'grep -qF "$file" "$dir/check.err" && { [ $brc -eq 0 ] || grep -qF "$file" "$dir/bounce.err"; }'
		sed -n 1p "$dir/check.err" | sed 's/^/#   /'
	fi
	if [ $brc -eq 0 ]; then
		t "$name: the bounce is finite audio ($("$tool" peak "$dir/out.wav"))" '"$tool" peak "$dir/out.wav" >/dev/null'
	fi
	if [ -n "$must" ]; then
		t "$name: it plays" '[ $crc -eq 0 ] && [ $brc -eq 0 ]'
	fi
	echo "$name|$crc|$brc|$(sed -n 1p "$dir/bounce.err" "$dir/check.err" | grep -v '^$' | head -1 | cut -c1-150)" >> "$dir/table"
}

"$tool" stem "$dir/empty.wav" pcm16 48000 1 0
case_ "zero-length WAV" empty.wav must
"$tool" stem "$dir/one.wav" pcm16 48000 1 0.0000209
case_ "one sample long" one.wav must
"$tool" stem "$dir/u8.wav" pcm8 48000 2 3
case_ "8-bit" u8.wav must
"$tool" stem "$dir/nan.wav" nan 48000 2 3
case_ "float with NaN/inf" nan.wav must
t "NaN stem: the bounce says how many samples were replaced" 'grep -q "NaN or infinite" "$dir/bounce.err"'
"$tool" stem "$dir/hi.wav" pcm24 192000 2 3
case_ "192 kHz" hi.wav must
"$tool" stem "$dir/lo.wav" pcm16 8000 1 3
case_ "8 kHz" lo.wav must
for k in wav flac ogg; do
	kind=$k; [ $k = wav ] && kind=pcm16
	"$tool" stem "$dir/full.$k" $kind 48000 2 3
	size=$(wc -c < "$dir/full.$k")
	head -c $((size / 2)) "$dir/full.$k" > "$dir/trunc.$k"
	case_ "truncated $k" trunc.$k
	head -c 30 "$dir/full.$k" > "$dir/stub.$k"
	case_ "$k cut inside its header" stub.$k
done
echo "this is not audio" > "$dir/text.wav"
case_ "text file named .wav" text.wav
echo "this is not audio either" > "$dir/text.flac"
case_ "text file named .flac" text.flac
mkdir "$dir/dir.wav"
case_ "a directory" dir.wav
mkfifo "$dir/fifo.wav"
case_ "a FIFO" fifo.wav
case_ "a missing file" missing.wav
"$tool" stem "$dir/secret.wav" pcm16 48000 1 1
chmod 000 "$dir/secret.wav"
# Root reads every file: as root (CI) this case runs tmix as nobody, so
# the unreadable-stem path is taken there too. nobody must reach the
# build's tmix and write the bounce into the scratch folder.
as=
if [ "$(id -u)" -eq 0 ]; then
	for drop in "setpriv --reuid=nobody --regid=nogroup --clear-groups" "runuser -u nobody --"; do
		if $drop "$TMIX" --version >/dev/null 2>&1; then as=$drop; break; fi
	done
	chmod 1777 "$dir"
fi
if [ "$(id -u)" -eq 0 ] && [ -z "$as" ]; then
	skip "no read permission: root reads every file, and neither setpriv nor runuser could run $TMIX as nobody"
else
	case_ "no read permission${as:+ (as nobody)}" secret.wav
	t "no read permission: the reason is given" 'grep -q "ermission denied" "$dir/check.err"'
fi
as=
chmod 700 "$dir"

# Memory: streaming keeps it flat whatever the stem's length.
rss() { "$tool" rss "$@" 2>/dev/null | tail -1; }
"$tool" stem "$dir/min.wav" zeros 8000 1 60
"$tool" stem "$dir/long.wav" zeros 8000 1 10800
printf '[project]\nrate = 48000\n[track "T"]\nfile = min.wav\n' > "$dir/short.ini"
printf '[project]\nrate = 48000\n[track "T"]\nfile = long.wav\n' > "$dir/long.ini"
a=$(rss "$TMIX" bounce "$dir/short.ini" -o "$dir/o1.wav" --to 60)
b=$(rss "$TMIX" bounce "$dir/long.ini" -o "$dir/o2.wav" --to 60)
t "3-hour stem, bounce --to 60: peak RSS $b kB vs $a kB for a 1-minute stem (within 10 %)" \
	'[ "$b" -gt 0 ] && [ $((b * 10)) -le $((a * 11)) ]'
a=$(rss "$TMIX" check "$dir/short.ini")
b=$(rss "$TMIX" check "$dir/long.ini")
t "3-hour stem, check: peak RSS $b kB vs $a kB (within 10 %)" '[ "$b" -gt 0 ] && [ $((b * 10)) -le $((a * 11)) ]'
"$tool" stem "$dir/ten.wav" zeros 8000 1 600
printf '[project]\n[track "T"]\nfile = min.wav\n' > "$dir/s8.ini"
printf '[project]\n[track "T"]\nfile = ten.wav\n' > "$dir/l8.ini"
a=$(rss "$TMIX" bounce "$dir/s8.ini" -o "$dir/o3.wav")
b=$(rss "$TMIX" bounce "$dir/l8.ini" -o "$dir/o4.wav")
t "whole bounce of a 10-minute stem: peak RSS $b kB vs $a kB for 1 minute (within 10 %)" \
	'[ "$b" -gt 0 ] && [ $((b * 10)) -le $((a * 11)) ]'
rm -f "$dir"/long.wav "$dir"/ten.wav "$dir"/o*.wav

echo "# case | check exit | bounce exit | first message"
sed 's/^/# /' "$dir/table"
echo "1..$n"
