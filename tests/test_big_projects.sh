#!/bin/sh
# test_big_projects.sh — projects at the edges: 1000 tracks, 10,000
# automation points, 1 MB of comments, 100- and 1000-deep group-bus
# chains, 500-byte names, names with control characters, paths with
# spaces and UTF-8, symlinked stems. Each must check (exit 0), bounce two
# seconds, print no raw control character, and save back byte for byte.
: "${TMIX:=./tmix}"
: "${top_builddir:=.}"
tool="$top_builddir/tests/harden_tool"
dir=$(mktemp -d /tmp/tmix-big-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }
esc=$(printf '\033')

# try NAME FILE: check, bounce 2 s, untouched save is byte-identical
try() {
	name=$1 f=$2
	s=$(date +%s)
	timeout 120 "$TMIX" check "$f" >"$dir/out" 2>"$dir/err"; rc=$?
	t "$name: check exits 0 (got $rc)" '[ $rc -eq 0 ]'
	[ $rc -eq 0 ] || sed -n 1,3p "$dir/err" | sed 's/^/#   /'
	t "$name: nothing printed holds a raw ESC" '! grep -q "$esc" "$dir/out" "$dir/err"'
	timeout 300 "$TMIX" bounce "$f" -o "$dir/mix.wav" --to 2 >/dev/null 2>"$dir/err"; rc=$?
	t "$name: bounce --to 2 exits 0 (got $rc)" '[ $rc -eq 0 ] && "$tool" peak "$dir/mix.wav" >/dev/null'
	[ $rc -eq 0 ] || sed -n 1,3p "$dir/err" | sed 's/^/#   /'
	cp "$f" "$dir/before"
	"$tool" resave "$f" 2>"$dir/err"; rc=$?
	t "$name: an untouched save is byte-identical" '[ $rc -eq 0 ] && cmp -s "$f" "$dir/before"'
	echo "# $name: $(( $(date +%s) - s )) s"
}

"$tool" stem "$dir/a.wav" pcm16 48000 1 2 || exit 99

awk 'BEGIN { print "[project]\nrate = 48000"
	for (i = 1; i <= 1000; i++) printf "[track \"T%d\"]\nfile = a.wav\ngain = -30\npan = %d\n", i, i % 201 - 100 }' > "$dir/tracks.ini"
try "1000 tracks" "$dir/tracks.ini"

awk 'BEGIN { printf "[project]\nrate = 48000\n[track \"A\"]\nfile = a.wav\nauto.gain = "
	for (i = 0; i < 10000; i++) printf "%s%.3f %d", i ? ", " : "", i * 0.0002, -(i % 40)
	print "" }' > "$dir/auto.ini"
try "10,000 automation points" "$dir/auto.ini"

awk 'BEGIN { print "; a project with a megabyte of comments"
	for (i = 0; i < 16000; i++) print "; comment " i " ...................................................."
	print "[project]\nrate = 48000\n[track \"A\"]   ; trailing\nfile = a.wav" }' > "$dir/comments.ini"
t "the comments file is over 1 MB" '[ $(wc -c < "$dir/comments.ini") -gt 1000000 ]'
try "1 MB of comments" "$dir/comments.ini"

for depth in 100 1000; do
	awk -v d=$depth 'BEGIN { print "[project]\nrate = 48000\n[track \"A\"]\nfile = a.wav\noutput = B1"
		for (i = 1; i <= d; i++) { printf "[bus \"B%d\"]\n", i; if (i < d) printf "output = B%d\n", i + 1 } }' > "$dir/chain$depth.ini"
	try "a chain of $depth group buses" "$dir/chain$depth.ini"
done
# a 1000-bus cycle is found and named, without recursion
awk 'BEGIN { print "[project]\nrate = 48000\n[track \"A\"]\nfile = a.wav\noutput = B1"
	for (i = 1; i <= 1000; i++) printf "[bus \"B%d\"]\noutput = B%d\n", i, i % 1000 + 1 }' > "$dir/cycle.ini"
"$TMIX" check "$dir/cycle.ini" >/dev/null 2>"$dir/err"; rc=$?
t "a 1000-bus routing cycle: exit 2 and named" '[ $rc -eq 2 ] && grep -q "routing cycle" "$dir/err"'

long=$(awk 'BEGIN { for (i = 0; i < 500; i++) printf "%c", 97 + i % 26 }')
printf '[project]\nrate = 48000\n[bus "%s"]\n[track "%s2"]\nfile = a.wav\noutput = %s\n' "$long" "$long" "$long" > "$dir/long.ini"
try "500-byte names" "$dir/long.ini"

printf '[project]\nname = Esc\033[2Jape\nrate = 48000\n[track "Red\033[31m Tab\tDel\177"]\nfile = a.wav\noutput = G\001\n[bus "G\001"]\n' > "$dir/ctl.ini"
try "names with control characters" "$dir/ctl.ini"
"$TMIX" check "$dir/ctl.ini" >"$dir/out" 2>&1
t "control characters are shown escaped" 'grep -qF "Esc\\x1B[2Jape" "$dir/out"'
printf '[track "X\033]0;pwned\007"]\nfile = nothere.wav\n' > "$dir/ctlerr.ini"
"$TMIX" check "$dir/ctlerr.ini" >"$dir/out" 2>&1
t "also in error messages" '! grep -q "$esc" "$dir/out" && grep -qF "X\\x1B]0;pwned\\x07" "$dir/out"'

mkdir -p "$dir/My Song — Mixdown/stems ünï"
"$tool" stem "$dir/My Song — Mixdown/stems ünï/Bäss DI.wav" pcm16 44100 2 2
ln -s "$dir/a.wav" "$dir/My Song — Mixdown/stems ünï/link.wav"
ln -s "../a.wav" "$dir/My Song — Mixdown/rel link.wav"
printf '[project]\nrate = 48000\n[track "Bäss"]\nfile = stems ünï/Bäss DI.wav\n[track "L"]\nfile = stems ünï/link.wav\n[track "R"]\nfile = rel link.wav\n' \
	> "$dir/My Song — Mixdown/sóng.ini"
try "paths with spaces and UTF-8, symlinked stems" "$dir/My Song — Mixdown/sóng.ini"
ln -s "$dir/My Song — Mixdown/sóng.ini" "$dir/link.ini"
try "a symlinked project file" "$dir/link.ini"
t "saving through a symlinked project keeps the link" '[ -L "$dir/link.ini" ]'
echo "1..$n"
