#!/bin/sh
# test_tui_files.sh — the mixer never writes over what it should not: a
# project changed on disk since it was read (a hand edit, whether or not
# it loads) is only written over when the person says so; companion
# files planted as symbolic links are refused and their targets left
# alone; the one-writer lock holds for the file under any of its names;
# stale temp files of a killed save are removed and reported; :w never
# writes over a stem, the reference or the lock; a folder where no save
# can work is warned about, and an autosave that fails at exit is said
# on stderr with exit status 1; a log that cannot be written falls back.
# Drives the real tmix (null audio) under tmux. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"
export TMIX_AUTOSAVE_SECONDS=60
TMIX_ABS=$(cd "$(dirname "$TMIX")" && pwd)/$(basename "$TMIX")

mkdir -p "$T/proj/stems"
for s in kick snare; do wav "$T/proj/stems/$s.wav" 4; done
wav "$T/proj/ref.wav" 2
cat > "$T/proj/song.ini" <<'INI'
; files test song
[project]
name = Files

[track "Kick"]
file = stems/kick.wav
gain = -1 dB          ; kick fader comment

[track "Snare"]
file = stems/snare.wav

[reference "Pro"]
file = ref.wav
INI
cp "$T/proj/song.ini" "$T/orig.ini"
cp "$T/proj/stems/kick.wav" "$T/kick.orig"
cd "$T/proj" || exit 99

# run.sh NAME [ENV=VAL...] -- ARGS: tmix in a pane whose shell outlives
# it; its status goes to $T/rc.NAME, its stderr (after the screen) to
# $T/err.NAME. $T/as is a command prefix (an unprivileged user).
cat > "$T/run.sh" <<RUN
#!/bin/sh
trap '' HUP
name=\$1; shift
\$RUN_AS "$TMIX_ABS" --audio null "\$@" 2>"$T/err.\$name"
echo "\$?" > "$T/rc.\$name"
echo "EXITED"
sleep 60
RUN
launch() {
	s=$1; shift
	rm -f "$T/rc.$s" "$T/err.$s"
	tm kill-session -t "$s" >/dev/null 2>&1
	tm new-session -d -s "$s" -x 80 -y 24 "sh $T/run.sh $s $*"
}
fresh() {
	stop_server
	wait_file ! -e song.ini.lock
	cp "$T/orig.ini" song.ini
	rm -f song.ini.autosave song.ini.lock song.ini.bak song.ini.mine
}
rc_of() { wait_file -f "$T/rc.$1" && cat "$T/rc.$1"; }
# theirs SED-EXPR [TYPO]: a hand edit of song.ini (and a line that does
# not load, when TYPO); a copy of the result in $T/theirs.ini
theirs() {
	if [ -n "$2" ]; then sed -e "$1" -e '/^file = stems\/snare.wav/a pan = sideways' song.ini
	else sed -e "$1" song.ini; fi > "$T/theirs.ini"
	cat "$T/theirs.ini" > song.ini
}
KEYS='t keep theirs (reload)  w write mine (.bak keeps theirs)  m mine elsewhere  Esc'

echo "1..38"

# ================= 1. a hand edit is never written over =================
fresh; launch t song.ini; wait_for MASTER
theirs 's/^gain = -1 dB .*/gain = -3 dB          ; a hand edit/' typo
wait_for 'not reloaded: line 1[0-9]' 5; check $? "a hand edit with a typo elsewhere: not reloaded, line named"
keys l k; wait_for 'Files \[\+\]' 5
keys C-s
wait_for 'song.ini changed on disk and here: keep theirs or write yours\?' 5 && screen | grep -qF "$KEYS"
check $? "Ctrl-S asks: the question and every answer fit at 80 columns"
cmp -s song.ini "$T/theirs.ini"; check $? "nothing written while it asks: the hand edit byte for byte"
keys Escape; wait_for 'nothing written' 5 && cmp -s song.ini "$T/theirs.ini"
check $? "Esc: nothing written, it says so"
keys C-s; wait_for 'changed on disk and here' 5; check $? "the next Ctrl-S asks again"
keys t; wait_for 'not reloaded: line 1[0-9]' 5 && cmp -s song.ini "$T/theirs.ini" && screen | grep -q 'Files \[+\]'
check $? "t (keep theirs) while theirs does not load: not reloaded, nothing written, my edit still here"
# the person fixes the typo by hand: theirs loads; my edit is unsaved: it asks
sed '/^pan = sideways$/d' "$T/theirs.ini" > "$T/fixed.ini"; cat "$T/fixed.ini" > song.ini
wait_for 'changed on disk and here' 5; check $? "the fixed file on disk while my edit is unsaved: asks"
keys t; wait_for 'kept theirs: reloaded' 5 && wait_for '^ -3\.0 ' 5 && cmp -s song.ini "$T/fixed.ini"
check $? "t reloads theirs: the hand edit on screen, the file byte for byte"
keys q; [ "$(rc_of t)" = 0 ]; check $? "nothing unsaved after keeping theirs: q quits, status 0"

# w: write mine over theirs; .bak keeps theirs
fresh; launch t song.ini; wait_for MASTER
theirs 's/^name = Files/name = Hand Edited/' typo
wait_for 'not reloaded' 5
keys k; wait_for '^ -0\.5 ' 5
keys C-s; wait_for 'changed on disk and here' 5
keys w; wait_for 'saved song.ini over the changed file; theirs is in song.ini.bak' 5
check $? "w writes mine and says where theirs is"
grep -q '^gain = -0.5 dB *; kick fader comment' song.ini && grep -q '^name = Files' song.ini && cmp -s song.ini.bak "$T/theirs.ini"
check $? "w: song.ini holds mine, song.ini.bak is theirs byte for byte"
keys k; wait_for '^  0\.0 ' 5; keys C-s; wait_for '^saved song.ini$' 5
check $? "after w, the next save is a plain save (no question)"
keys q; rc_of t >/dev/null

# m: mine elsewhere, theirs kept
fresh; launch t song.ini; wait_for MASTER
keys k; wait_for '^ -0\.5 ' 5
theirs 's/^gain = -1 dB .*/gain = -6 dB ; by hand/' typo
wait_for 'changed on disk and here' 5; check $? "a hand edit while my edit is unsaved asks at once"
keys m; wait_for 'your edits are in song.ini.mine; not reloaded' 5 && grep -q 'gain = -0.5 dB' song.ini.mine && cmp -s song.ini "$T/theirs.ini"
check $? "m writes mine to song.ini.mine; theirs (with its typo) untouched"
keys q y; rc_of t >/dev/null

# ================= 2. companion files planted as symbolic links =================
fresh
printf 'precious\n' > "$T/victim"; chmod 600 "$T/victim"; cp "$T/victim" "$T/victim.orig"
ln -s "$T/victim" song.ini.lock
launch t song.ini; wait_for MASTER
wait_for 'read-only: .*song.ini.lock is a symbolic link' 5; check $? "a symlink as the lock file: read-only, named on screen"
cmp -s "$T/victim" "$T/victim.orig" && [ -L song.ini.lock ]; check $? "the lock's target untouched, the link left alone"
keys q; rc_of t >/dev/null; rm -f song.ini.lock
ln "$T/victim" song.ini.lock # a hard link: truncating it would truncate the victim
launch t song.ini; wait_for MASTER
wait_for 'read-only: song.ini.lock is not a plain file of its own' 5 && cmp -s "$T/victim" "$T/victim.orig"
check $? "a hard link as the lock file: read-only, its other name untouched"
keys q; rc_of t >/dev/null; rm -f song.ini.lock

fresh
ln -s "$T/victim" song.ini.autosave
launch t song.ini; wait_for MASTER
keys k; wait_for '^ -0\.5 ' 5
kill -TERM "$(cat song.ini.lock)"
rc=$(rc_of t)
cmp -s "$T/victim" "$T/victim.orig" && [ -L song.ini.autosave ] && cmp -s song.ini "$T/orig.ini"
check $? "a symlink as the autosave: its target and the project untouched at SIGTERM"
[ "$rc" = 1 ] && grep -q 'not kept: autosave: .*song.ini.autosave.* is a symbolic link' "$T/err.t"
check $? "the autosave refused is said on stderr after the screen, exit status 1 (rc $rc)"
rm -f song.ini.autosave

fresh
ln -s song.ini song.ini.autosave # the project itself
launch t song.ini; wait_for MASTER
keys k; wait_for '^ -0\.5 ' 5
kill -TERM "$(cat song.ini.lock)"; rc_of t >/dev/null
cmp -s song.ini "$T/orig.ini" && [ -L song.ini.autosave ]; check $? "an autosave linked to the project: the project is never overwritten by it"
rm -f song.ini.autosave

# ================= 3. the lock holds for the file, not its spelling =================
fresh; ln -sf song.ini alias.ini; rm -f hard.ini; ln song.ini hard.ini
launch t song.ini; wait_for MASTER
pid=$(cat song.ini.lock)
launch t2 alias.ini; wait_for MASTER 10 t2
wait_for "read-only: another tmix is editing this project \\(pid $pid\\)" 5 t2
check $? "tmix alias.ini (a symbolic link to song.ini) opens read-only"
SESS=t2 keys q; rc_of t2 >/dev/null
launch t3 hard.ini; wait_for MASTER 10 t3
wait_for 'read-only: another tmix is editing this file under another name' 5 t3
check $? "tmix hard.ini (a hard link to song.ini) opens read-only"
SESS=t3 keys k C-s; wait_for 'not saved' 5 t3 && cmp -s song.ini "$T/orig.ini"
check $? "and refuses to save"
SESS=t3 keys q y; rc_of t3 >/dev/null
[ -e song.ini.lock ] && [ "$(cat song.ini.lock)" = "$pid" ]; check $? "the first session's lock is left alone"
keys k C-s; wait_for '^saved ' 5
launch t2 alias.ini; wait_for MASTER 10 t2
wait_for "read-only: another tmix is editing this project" 5 t2
check $? "after the first session saved (a new file), the alias is still read-only"
SESS=t2 keys q; rc_of t2 >/dev/null
keys q; rc_of t >/dev/null; rm -f alias.ini hard.ini

# ================= 4. stale temp files of a killed save =================
fresh
for f in song.ini.tmp-Ab12Cd song.ini.bak.tmp-x9Y8z7 song.ini.autosave.tmp-Q1w2E3; do head -c 50000 /dev/urandom > "$f"; done
echo live > song.ini.tmp-Live01; flock -o song.ini.tmp-Live01 sleep 60 & holder=$!
echo mine > song.ini.tmp-abc
launch t song.ini; wait_for MASTER
keys k C-s
wait_for 'removed 3 stale temp files of a killed save' 5; check $? "a save removes the stale temp files and says so"
[ ! -e song.ini.tmp-Ab12Cd ] && [ ! -e song.ini.bak.tmp-x9Y8z7 ] && [ ! -e song.ini.autosave.tmp-Q1w2E3 ]
check $? "all three are gone"
[ -e song.ini.tmp-Live01 ] && [ -e song.ini.tmp-abc ]; check $? "a temp held by a live writer and a name not of the pattern stay"
kill $holder; wait $holder 2>/dev/null; rm -f song.ini.tmp-Live01 song.ini.tmp-abc
keys q; rc_of t >/dev/null

# ================= 5. :w FILE never writes over what the project needs =================
fresh; launch t song.ini; wait_for MASTER
keys k; wait_for '^ -0\.5 ' 5
wcmd() { keys ':'; keys -l "w $1"; keys Enter; }
wcmd stems/kick.wav; wait_for "will not write over 'stems/kick.wav': it is the stem of track \"Kick\"" 5 && cmp -s stems/kick.wav "$T/kick.orig"
check $? ":w stems/kick.wav is refused and the stem untouched"
cp ref.wav "$T/ref.orig"; wcmd ref.wav; wait_for "will not write over 'ref.wav': .*reference" 5 && cmp -s ref.wav "$T/ref.orig"
check $? ":w onto the reference track is refused"
cp song.ini.lock "$T/lock.orig"; wcmd song.ini.lock; wait_for "will not write over 'song.ini.lock': it is the project's lock file" 5 && cmp -s song.ini.lock "$T/lock.orig"
check $? ":w onto the lock file is refused"
wcmd copy.ini; wait_for 'wrote a copy to copy.ini' 5 && grep -q 'gain = -0.5 dB' copy.ini; check $? ":w to a new file still writes a copy"
keys q y; rc_of t >/dev/null

# ================= 6. a folder where no save can work =================
# as an unprivileged user: root writes any folder
RUN_AS=''
if [ "$(id -u)" = 0 ]; then
	if setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
		RUN_AS='setpriv --reuid=nobody --regid=nogroup --clear-groups'
	elif runuser -u nobody -- true 2>/dev/null; then
		RUN_AS='runuser -u nobody --'
	fi
fi
if [ "$(id -u)" = 0 ] && [ -z "$RUN_AS" ]; then
	for i in 1 2 3; do ok "# SKIP running as root and neither setpriv nor runuser works"; done
else
	fresh
	mkdir -p "$T/ro/stems" "$T/nstate"; cp stems/*.wav "$T/ro/stems/"; cp ref.wav song.ini "$T/ro/"
	chmod 755 "$T" "$T/ro" "$T/ro/stems"; chmod 644 "$T/ro/song.ini"; chmod 777 "$T/nstate"
	cp "$T/ro/song.ini" "$T/ro.orig"
	[ "$(id -u)" = 0 ] || chmod 555 "$T/ro"
	export RUN_AS
	XDG_STATE_HOME="$T/nstate" launch t "$T/ro/song.ini"; wait_for MASTER
	wait_for 'cannot save here: the folder .*/ro is not writable' 5
	check $? "opening in a folder where it can never save warns"
	keys k; wait_for '^ -0\.5 ' 5
	tm kill-session -t t # a hang-up: the autosave cannot be written
	rc=$(rc_of t)
	[ "$rc" = 1 ] && grep -q 'your unsaved changes were not kept: autosave: cannot create a temporary file beside .*song.ini.autosave.*Permission denied' "$T/err.t"
	check $? "the autosave at exit fails: said on stderr, exit status 1 (rc $rc)"
	cmp -s "$T/ro/song.ini" "$T/ro.orig"; check $? "the project is untouched"
	unset RUN_AS
	chmod 755 "$T/ro"
fi

# ================= 7. a log that cannot be written =================
fresh
mkdir -p "$T/badstate/tmix/tmix.log" "$T/tmp" # a folder where the log file should be
XDG_STATE_HOME="$T/badstate" TMPDIR="$T/tmp" launch t song.ini
wait_for MASTER 10 && wait_for "the log is in .*/tmp/tmix-$(id -u)/tmix.log: cannot write" 5
check $? "an unwritable log does not stop the mixer; the screen says where the log went"
keys q; [ "$(rc_of t)" = 0 ] && [ -f "$T/tmp/tmix-$(id -u)/tmix.log" ] && grep -q "the log is in .*/tmp/tmix-$(id -u)/tmix.log: cannot write .*badstate/tmix/tmix.log (Is a directory)" "$T/err.t"
check $? "the log is there, and stderr says so after the screen"

# ================= 8. a save that succeeds only in part =================
# fchmod fails (a share that does not keep modes): "saved" would hide
# that the project is now 0600
fw="${top_builddir:-.}/tests/failwrite.so"; fw=$(cd "$(dirname "$fw")" && pwd)/failwrite.so
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
fresh; chmod 644 song.ini
RUN_AS="env LD_PRELOAD=$fw TMIX_FAIL_PATH=song.ini.tmp- TMIX_FAIL_FCHMOD=1" launch t song.ini; wait_for MASTER
keys k C-s
wait_for "saved song.ini, but cannot give 'song.ini' its mode 0644 \\(it is now 0600\\)" 5 && [ "$(stat -c %a song.ini)" = 600 ]
check $? "a save whose mode cannot be kept says so on the status line, not a plain saved"
keys q; rc_of t >/dev/null

[ $fails = 0 ]
