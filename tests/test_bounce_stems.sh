#!/bin/sh
# test_bounce_stems.sh — `tmix bounce --stems DIR` writes the set whole:
# killed at any of its final renames (tests/failwrite.so's
# TMIX_KILL_RENAME), DIR holds the old set or the new one, never a mix;
# what killed bounces left behind (a fresh folder, a temporary file) is
# removed by the next bounce there, which says so, and one a live
# process holds is left alone.
: "${TMIX:=./tmix}"
: "${top_builddir:=.}"
tool="$top_builddir/tests/harden_tool"
fw="$top_builddir/tests/failwrite.so"
# The preloaded library comes before an ASan runtime: allow that.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
dir=$(mktemp -d /tmp/tmix-bstems-XXXXXX)
holder=
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$dir/err"; ls -la "$dir" "$dir/out" 2>&1 | sed 's/^/# ls: /'; fi; }
[ -e "$fw" ] || { echo "1..0 # SKIP tests/failwrite.so was not built"; exit 0; }

"$tool" stem "$dir/a.wav" pcm16 48000 1 1 || exit 99
"$tool" stem "$dir/b.wav" pcm16 48000 2 1 || exit 99
"$tool" stem "$dir/long.wav" pcm16 48000 2 120 || exit 99
song() { # GAIN: of every strip, so that every stem of the two sets differs
	printf '[track "A"]\nfile = a.wav\ngain = %s\nsend.Room = -6\n[track "B"]\nfile = b.wav\npan = L30\ngain = %s\n[track "C"]\nfile = a.wav\ngain = %s\n[bus "Room"]\nfx = reverb\ngain = %s\n[master]\ngain = %s\n' "$1" "$1" "$1" "$1" "$1" > "$dir/song.ini"
}
# set DIR: the stems' names and contents, one line per file
set_of() { (cd "$1" && for f in *.wav; do printf '%s %s\n' "$f" "$(cksum < "$f")"; done); }

song -3
"$TMIX" bounce "$dir/song.ini" -o "" --stems "$dir/out" 2>"$dir/err" || exit 99
set_of "$dir/out" > "$dir/old.set"
song -9
"$TMIX" bounce "$dir/song.ini" -o "" --stems "$dir/ref" 2>"$dir/err" || exit 99
set_of "$dir/ref" > "$dir/new.set"
t "the two sets differ in every stem, five stems each" '[ $(cat "$dir/old.set" "$dir/new.set" | sort -u | wc -l) -eq 10 ]'

# killed at each rename in turn: five stems into place, then the swap
whole=0 tries=0 killed=0
for k in 1 2 3 4 5 6 7; do
	rm -rf "$dir/out" "$dir"/.out.tmix-*
	song -3
	"$TMIX" bounce "$dir/song.ini" -o "" --stems "$dir/out" 2>"$dir/err"
	song -9
	LD_PRELOAD="$fw" TMIX_KILL_RENAME=$k TMIX_KILL_RENAME_PATH=out "$TMIX" bounce "$dir/song.ini" -o "" --stems "$dir/out" 2>"$dir/err"
	[ $? -eq 137 ] && killed=$((killed + 1))
	set_of "$dir/out" > "$dir/now.set"
	tries=$((tries + 1))
	if cmp -s "$dir/now.set" "$dir/old.set" || cmp -s "$dir/now.set" "$dir/new.set"; then
		whole=$((whole + 1))
	else
		echo "# killed at rename $k:"; diff "$dir/old.set" "$dir/now.set" | sed 's/^/#   /'
	fi
done
t "killed at each of its renames ($killed of $tries), the folder holds the old set or the new one whole ($whole)" '[ $killed -ge 5 ] && [ $whole -eq $tries ]'

# a kill leaves its fresh folder: the next bounce removes it, says so
LD_PRELOAD="$fw" TMIX_KILL_RENAME=3 TMIX_KILL_RENAME_PATH=out "$TMIX" bounce "$dir/song.ini" -o "" --stems "$dir/out" 2>"$dir/err"
ls -d "$dir"/.out.tmix-* >/dev/null 2>&1; rc=$?
t "a killed bounce leaves its temporary folder" '[ $rc -eq 0 ]'
touch -d '1 minute ago' "$dir"/.out.tmix-* # stale: not being written
"$TMIX" bounce "$dir/song.ini" -o "" --stems "$dir/out" 2>"$dir/err"; rc=$?
t "the next bounce there removes it and says so" '[ $rc -eq 0 ] && grep -q "tmix bounce: removed .*\.out\.tmix-.*a bounce that was killed" "$dir/err" && ! ls -d "$dir"/.out.tmix-* >/dev/null 2>&1'
set_of "$dir/out" > "$dir/now.set"
t "and writes the new set" 'cmp -s "$dir/now.set" "$dir/new.set"'

# a stem's own temporary file (an older tmix, or a set written in place)
echo x > "$dir/out/A.wav.tmp-Qw3rTy" && touch -d '1 minute ago' "$dir/out/A.wav.tmp-Qw3rTy"
"$TMIX" bounce "$dir/song.ini" -o "" --stems "$dir/out" 2>"$dir/err"; rc=$?
t "a stem's stale temporary file in DIR is removed too, and said" '[ $rc -eq 0 ] && [ ! -e "$dir/out/A.wav.tmp-Qw3rTy" ] && grep -q "removed .*A.wav.tmp-Qw3rTy" "$dir/err"'

# other files in the folder survive the swap
echo "notes" > "$dir/out/README.txt"
"$TMIX" bounce "$dir/song.ini" -o "" --stems "$dir/out" 2>"$dir/err"
t "a file of the person's in the stems folder is kept" '[ "$(cat "$dir/out/README.txt")" = notes ]'

# one that a live process holds (its lock) is not stale
if command -v flock >/dev/null 2>&1; then
	mkdir "$dir/.out.tmix-AbC123" && touch -d '1 minute ago' "$dir/.out.tmix-AbC123"
	flock "$dir/.out.tmix-AbC123" sleep 30 & holder=$!
	i=0; while [ $i -lt 50 ] && flock -n "$dir/.out.tmix-AbC123" true; do sleep 0.05; i=$((i + 1)); done # until it holds the lock
	"$TMIX" bounce "$dir/song.ini" -o "" --stems "$dir/out" 2>"$dir/err"
	t "a temporary folder a live process holds is left alone" '[ -d "$dir/.out.tmix-AbC123" ] && ! grep -q removed "$dir/err"'
	kill "$holder"; holder=
else
	n=$((n + 1)); echo "ok $n # SKIP flock(1) is not installed"
fi

# the mix: kill -9 in the middle leaves mix.wav.tmp-XXXXXX; the next bounce removes it
printf '[track "L"]\nfile = long.wav\n' > "$dir/long.ini"
"$TMIX" bounce "$dir/long.ini" -o "$dir/mix.wav" --format float 2>/dev/null & pid=$!
i=0; while [ $i -lt 100 ] && ! ls "$dir"/mix.wav.tmp-* >/dev/null 2>&1; do sleep 0.05; i=$((i + 1)); done
kill -9 $pid; wait $pid 2>/dev/null
ls "$dir"/mix.wav.tmp-* >/dev/null 2>&1; rc=$?
t "kill -9 during a bounce leaves mix.wav.tmp-XXXXXX" '[ $rc -eq 0 ]'
touch -d '1 minute ago' "$dir"/mix.wav.tmp-*
echo x > "$dir/mix.wav.tmp-not-ours"   # not mkstemp's pattern: not ours
touch -d '1 minute ago' "$dir/mix.wav.tmp-not-ours"
"$TMIX" bounce "$dir/song.ini" -o "$dir/mix.wav" 2>"$dir/err"; rc=$?
t "the next bounce to mix.wav removes it and says so" '[ $rc -eq 0 ] && grep -q "tmix bounce: removed .*mix.wav.tmp-.*a bounce that was killed" "$dir/err" && [ $(ls "$dir" | grep -c "mix.wav.tmp-") -eq 1 ]'
t "a name outside the pattern is left alone" '[ -e "$dir/mix.wav.tmp-not-ours" ]'
echo "1..$n"
