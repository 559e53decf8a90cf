#!/bin/sh
# test_diskfull.sh — a save or a bounce that runs out of disk (ENOSPC)
# or hits an I/O error (EIO) says so, leaves the previous project file
# and the earlier bounce byte for byte as they were, and leaves no
# temporary file behind. The full disk is tests/failwrite.so, preloaded.
: "${TMIX:=./tmix}"
: "${top_builddir:=.}"
tool="$top_builddir/tests/harden_tool"
fw="$top_builddir/tests/failwrite.so"
case $fw in /*) ;; *) fw="$PWD/$fw" ;; esac
dir=$(mktemp -d /tmp/tmix-diskfull-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }
# The preloaded library comes before an ASan runtime: allow that.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
full() { LD_PRELOAD="$fw" TMIX_FAIL_PATH="$1" TMIX_FAIL_AFTER="$2" "$@"; }
no_temp() { [ -z "$(find "$dir" -name '*.tmp-*')" ]; }

"$tool" stem "$dir/a.wav" pcm16 48000 1 3 || exit 99
# a project file big enough that the save needs several writes
{ printf '; a project\n[project]\nname = P\nrate = 48000\n[track "A"]\nfile = a.wav\ngain = 0\n'
  i=0; while [ $i -lt 2000 ]; do echo "; comment line $i to make the file about 100 kB long"; i=$((i + 1)); done
} > "$dir/p.ini"
cp "$dir/p.ini" "$dir/orig.ini"

for err in ENOSPC EIO; do
	for after in 0 4096 50000; do
		LD_PRELOAD="$fw" TMIX_FAIL_PATH=p.ini.tmp- TMIX_FAIL_AFTER=$after TMIX_FAIL_ERRNO=$err \
			"$tool" save "$dir/p.ini" 2>"$dir/err"; rc=$?
		want="No space left on device"; [ $err = EIO ] && want="Input/output error"
		t "save, $err after $after bytes: fails" '[ $rc -eq 1 ]'
		t "save, $err after $after bytes: says '$want'" 'grep -q "$want" "$dir/err" && grep -q "p.ini" "$dir/err"'
		t "save, $err after $after bytes: project file untouched" 'cmp -s "$dir/p.ini" "$dir/orig.ini"'
		t "save, $err after $after bytes: no temporary file left" 'no_temp'
	done
done
LD_PRELOAD="$fw" TMIX_FAIL_PATH=p.ini.tmp- TMIX_FAIL_FSYNC=1 "$tool" save "$dir/p.ini" 2>"$dir/err"; rc=$?
t "save, fsync fails (EIO): fails and says so" '[ $rc -eq 1 ] && grep -q "Input/output error" "$dir/err"'
t "save, fsync fails: project untouched, no temporary file" 'cmp -s "$dir/p.ini" "$dir/orig.ini" && no_temp'
"$tool" save "$dir/p.ini" 2>"$dir/err"; rc=$?
t "with room the same save works" '[ $rc -eq 0 ] && grep -q "gain = -2.5 dB" "$dir/p.ini" && no_temp'
cp "$dir/orig.ini" "$dir/p.ini"

# no hard links (vfat, exFAT): link() fails with EPERM; the backup is a
# copy, and the earlier .bak stays until the new one is complete
printf 'an older backup\n' > "$dir/p.ini.bak"
for e in EPERM EXDEV; do
	cp "$dir/orig.ini" "$dir/p.ini"
	LD_PRELOAD="$fw" TMIX_FAIL_LINK=$e "$tool" save "$dir/p.ini" 2>"$dir/err"; rc=$?
	t "save without hard links ($e): works" '[ $rc -eq 0 ] && [ ! -s "$dir/err" ]'
	t "save without hard links ($e): the file is saved" 'grep -q "gain = -2.5 dB" "$dir/p.ini" && grep -q "comment line 1999" "$dir/p.ini"'
	t "save without hard links ($e): .bak holds the previous contents" 'cmp -s "$dir/p.ini.bak" "$dir/orig.ini"'
	t "save without hard links ($e): no temporary file left" 'no_temp'
done
cp "$dir/p.ini" "$dir/saved.ini"
printf 'an older backup\n' > "$dir/p.ini.bak"
cp "$dir/p.ini.bak" "$dir/bak.orig"
LD_PRELOAD="$fw" TMIX_FAIL_LINK=EPERM TMIX_FAIL_PATH=p.ini.bak.tmp- TMIX_FAIL_AFTER=4096 \
	"$tool" save "$dir/p.ini" 2>"$dir/err"; rc=$?
t "save without hard links, the backup's copy runs out of disk: fails, names the file" '[ $rc -eq 1 ] && grep -q "p.ini" "$dir/err" && grep -q "No space left on device" "$dir/err"'
t "...: the project file and the earlier .bak are untouched" 'cmp -s "$dir/p.ini" "$dir/saved.ini" && cmp -s "$dir/p.ini.bak" "$dir/bak.orig"'
t "...: no temporary file left" 'no_temp'
rm -f "$dir/p.ini.bak"
cp "$dir/orig.ini" "$dir/p.ini"

# bounce: an earlier bounce is there; the new one runs out of disk
"$TMIX" bounce "$dir/p.ini" -o "$dir/mix.wav" 2>/dev/null || exit 99
cp "$dir/mix.wav" "$dir/mix.orig"
for fmt in wav24 flac float; do
	for err in ENOSPC EIO; do
		for after in 0 100000; do
			LD_PRELOAD="$fw" TMIX_FAIL_PATH=mix.wav.tmp- TMIX_FAIL_AFTER=$after TMIX_FAIL_ERRNO=$err \
				"$TMIX" bounce "$dir/p.ini" -o "$dir/mix.wav" --format $fmt 2>"$dir/err"; rc=$?
			want="no space left"; [ $err = EIO ] && want="Input/output error\|I/O error\|error"
			what="bounce $fmt, $err after $after bytes"
			t "$what: exit 1" '[ $rc -eq 1 ]'
			t "$what: the message names the file and the reason" 'grep -qi "mix.wav" "$dir/err" && grep -qi "$want" "$dir/err"'
			t "$what: the earlier bounce is untouched" 'cmp -s "$dir/mix.wav" "$dir/mix.orig"'
			t "$what: no temporary file left" 'no_temp'
		done
	done
done
sed -n 1,3p "$dir/err" | sed 's/^/# /'
echo "1..$n"
