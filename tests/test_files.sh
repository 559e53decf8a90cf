#!/bin/sh
# test_files.sh — the project file and its companions, without a screen:
# a FIFO (or a folder, a device) as the project is refused at once with
# exit 2 by every command; a save whose mode cannot be kept (fchmod) or
# whose folder cannot be flushed (EIO) says so instead of a plain
# success; atomic.c's temps of a killed save are cleaned by the next
# save (the mixer's side is in test_tui_files.sh). TAP output.
: "${TMIX:=./tmix}"
: "${top_builddir:=.}"
tool="$top_builddir/tests/harden_tool"
fw="$top_builddir/tests/failwrite.so"
case $fw in /*) ;; *) fw="$PWD/$fw" ;; esac
dir=$(mktemp -d /tmp/tmix-files-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$dir/err"; fi; }
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

"$tool" stem "$dir/kick.wav" pcm16 48000 1 1 || exit 99

# --- not a regular file as the project: no hang, exit 2, a clear message ---
mkfifo "$dir/pipe.ini" || exit 99
mkdir "$dir/folder.ini"
# within a couple of seconds (timeout: 124 if it hangs)
for verb in check bounce analyze; do
	start=$(date +%s)
	timeout 10 "$TMIX" $verb "$dir/pipe.ini" </dev/null >/dev/null 2>"$dir/err"; rc=$?
	secs=$(($(date +%s) - start))
	t "tmix $verb FIFO: exit 2 within 2 s (rc $rc, ${secs} s)" '[ $rc -eq 2 ] && [ $secs -le 2 ]'
	t "tmix $verb FIFO: names the file and says what it is" 'grep -q "pipe.ini.*FIFO.*not a regular file" "$dir/err"'
done
timeout 10 "$TMIX" check "$dir/folder.ini" 2>"$dir/err"; rc=$?
t "tmix check on a folder: exit 2, says so" '[ $rc -eq 2 ] && grep -q "folder.ini.*a folder, not a regular file" "$dir/err"'
timeout 10 "$TMIX" check /dev/zero 2>"$dir/err"; rc=$?
t "tmix check /dev/zero: exit 2 at once (a device)" '[ $rc -eq 2 ] && grep -q "a device, not a regular file" "$dir/err"'
# the mixer reads the project before anything else: the same refusal
timeout 10 "$TMIX" --audio null "$dir/pipe.ini" </dev/null >/dev/null 2>"$dir/err"; rc=$?
t "the mixer with a FIFO as the project: exit 2, no hang" '[ $rc -eq 2 ] && grep -q "FIFO" "$dir/err"'

# --- saves that succeed only in part say so ---
printf '; p\n[project]\nname = P\n[track "K"]\nfile = kick.wav\ngain = 0\n' > "$dir/p.ini"
chmod 0644 "$dir/p.ini"
LD_PRELOAD="$fw" TMIX_FAIL_PATH=p.ini.tmp- TMIX_FAIL_FCHMOD=1 "$tool" save "$dir/p.ini" 2>"$dir/err"; rc=$?
t "fchmod fails: the save says the mode could not be kept (exit 3, not a plain success)" \
	'[ $rc -eq 3 ] && grep -q "p.ini.*mode 0644" "$dir/err" && grep -q "Operation not permitted" "$dir/err"'
t "fchmod fails: the data is saved all the same" 'grep -q "gain = -2.5 dB" "$dir/p.ini"'
chmod 0644 "$dir/p.ini"
cp "$dir/p.ini" "$dir/p.before"
LD_PRELOAD="$fw" TMIX_FAIL_PATH="$dir" TMIX_FAIL_FSYNC=dir "$tool" resave "$dir/p.ini" 2>"$dir/err"; rc=$?
t "the folder's fsync fails (EIO): said, not a plain success" \
	'[ $rc -eq 3 ] && grep -q "could not be flushed (Input/output error)" "$dir/err"'
"$tool" resave "$dir/p.ini" 2>"$dir/err"; rc=$?
t "without the faults the same saves are plain successes" '[ $rc -eq 0 ] && [ ! -s "$dir/err" ] && cmp -s "$dir/p.ini" "$dir/p.before"'

# --- NAME.bak planted as a symbolic link: not written through, not replaced ---
printf 'precious\n' > "$dir/victim"; cp "$dir/victim" "$dir/victim.orig"
cp "$dir/p.ini" "$dir/p.before"
rm -f "$dir/p.ini.bak"; ln -s "$dir/victim" "$dir/p.ini.bak"
"$tool" save "$dir/p.ini" 2>"$dir/err"; rc=$?
t "a symlink as NAME.bak: the save is refused and names it" '[ $rc -eq 1 ] && grep -q "p.ini.bak. is a symbolic link" "$dir/err"'
t "its target, the link and the project are untouched" \
	'cmp -s "$dir/victim" "$dir/victim.orig" && [ -L "$dir/p.ini.bak" ] && cmp -s "$dir/p.ini" "$dir/p.before" && [ -z "$(find "$dir" -name "p.ini*.tmp-*")" ]'
rm -f "$dir/p.ini.bak"

# --- a save killed with its temps on disk; the next save removes them ---
big="$dir/big.ini"
{ printf '[track "K"]\nfile = kick.wav\ngain = 0\n'
  i=0; while [ $i -lt 60000 ]; do echo "; comment line $i to make the save take a while"; i=$((i + 1)); done
} > "$big"
left=''
i=0
while [ $i -lt 30 ] && [ -z "$left" ]; do
	"$tool" save "$big" 2>/dev/null & pid=$!
	# kill it once its temp file is there
	k=0; while [ $k -lt 400 ] && [ -z "$(find "$dir" -name 'big.ini.tmp-*' 2>/dev/null)" ]; do k=$((k + 1)); done
	kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	left=$(find "$dir" -name 'big.ini.tmp-*' | head -1)
	i=$((i + 1))
done
t "a save killed with kill -9 leaves its temp behind ($(basename "${left:-none}"))" '[ -n "$left" ]'
# beside it: a temp of a live writer (its lock held), a name not of
# tmix's pattern, and another project's temp
echo live > "$dir/big.ini.tmp-Live01"
flock -o "$dir/big.ini.tmp-Live01" sleep 30 & holder=$!
k=0; while [ $k -lt 100 ] && flock -n "$dir/big.ini.tmp-Live01" true; do sleep 0.05; k=$((k + 1)); done
echo x > "$dir/big.ini.tmp-abc"; echo x > "$dir/big.ini.tmp-Ab12Cd.keep"; echo x > "$dir/other.ini.tmp-Ab12Cd"
"$tool" clean "$big" >"$dir/err" 2>&1; rc=$?
t "the cleaner removes the killed save's temp and names it" \
	'[ $rc -eq 0 ] && grep -q "removed [1-9].*$(basename "$left")" "$dir/err" && [ ! -e "$left" ]'
t "but not a live writer's temp, another pattern or another file's" \
	'[ -e "$dir/big.ini.tmp-Live01" ] && [ -e "$dir/big.ini.tmp-abc" ] && [ -e "$dir/big.ini.tmp-Ab12Cd.keep" ] && [ -e "$dir/other.ini.tmp-Ab12Cd" ]'
kill $holder 2>/dev/null; wait $holder 2>/dev/null
"$tool" clean "$big" >"$dir/err" 2>&1
t "once its writer is gone, the live one goes too" '[ ! -e "$dir/big.ini.tmp-Live01" ] && grep -q "removed 1: big.ini.tmp-Live01" "$dir/err"'
echo "1..$n"
