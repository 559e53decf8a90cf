#!/bin/sh
# test_tui_harden.sh — nothing lost when the session ends badly, one
# writer per project, stems that go bad while playing. Drives the real
# tmix (null audio) under tmux like test_tui.sh. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"
export TMIX_AUTOSAVE_SECONDS=60

mkdir -p "$T/proj/stems"
for s in kick snare bass; do wav "$T/proj/stems/$s.wav" 10; done
cp "$T/proj/stems/kick.wav" "$T/kick.wav"
cp "$T/proj/stems/snare.wav" "$T/snare.wav"
cat > "$T/proj/song.ini" <<'INI'
; harden test song
[project]
name = Harden
loop = 0:01 - 0:09    ; keeps playing

[track "Kick"]
file = stems/kick.wav
gain = -1 dB          ; kick fader comment

[track "Snare"]
file = stems/snare.wav

[track "Bass"]
file = stems/bass.wav
INI
cp "$T/proj/song.ini" "$T/orig.ini"
cd "$T/proj" || exit 99
comments() { grep -c ';' "$1"; }

# The pane runs tmix under a shell that outlives it (and ignores SIGHUP,
# so the pane's hang-up reaches tmix as a dead terminal, as over SSH),
# then records the exit status and the terminal modes.
cat > "$T/run.sh" <<RUN
#!/bin/sh
trap '' HUP
ulimit -c 0 # the SIGSEGV check: a core dumped first can outlast its wait
name=\$1; shift
"$TMIX" --audio null "\$@"
rc=\$?
# the terminal's modes first: a check that sees the status file reads them
# (written after it, they were once missed under load)
stty -a > "$T/stty.\$name" 2>&1
echo "\$rc" > "$T/rc.\$name"
echo "EXITED \$rc"
sleep 60
RUN
# launch SESSION ARGS...: a new pane running tmix (the server starts with the first)
launch() {
	s=$1; shift
	rm -f "$T/rc.$s" "$T/stty.$s"
	tm kill-session -t "$s" >/dev/null 2>&1 # a pane left waiting after tmix ended
	tm new-session -d -s "$s" -x 80 -y 24 "sh $T/run.sh $s $*"
}
fresh() { # a new server, the original project, no leftovers
	stop_server
	wait_file ! -e song.ini.lock # the last tmix has let go
	cp "$T/orig.ini" song.ini
	rm -f song.ini.autosave song.ini.lock song.ini.bak
}
rc_of() { wait_file -f "$T/rc.$1" && cat "$T/rc.$1"; }
last_line() { screen | grep -v '^ *$' | tail -1; }
# edit_hangup FADER: a session on song.ini, k (Kick +0.5 dB) until the
# Kick fader reads FADER (a regex), then its pane killed. What went
# otherwise is kept in $setup, for the checks that build on it to name.
edit_hangup() {
	setup=''
	end=$(($(date +%s) + 30))
	while [ -n "$(tmix_pids)" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
	left=$(tmix_pids)
	[ -n "$left" ] && setup="a tmix of an earlier session still ran:$left; "
	launch t song.ini
	if ! wait_for MASTER; then setup="${setup}the session never drew its strips"
	else
		keys k
		wait_for "$1" || setup="${setup}k did not bring the Kick fader to '$1' (status: $(last_line))"
	fi
	tm kill-session -t t
	r=$(rc_of t)
	[ "$r" = 129 ] || setup="${setup}; status '$r' after the hang-up, not 129"
	[ -e song.ini.autosave ] || setup="${setup}; no song.ini.autosave after it"
	[ -e song.ini.lock ] && setup="${setup}; song.ini.lock left (pid $(cat song.ini.lock))"
	[ -z "$setup" ] && setup='the edit and the hang-up before it went as planned'
}

echo "1..37"

# --- SIGHUP: the tmux session killed with an unsaved edit ---
fresh; launch t song.ini; wait_for MASTER
keys k; wait_for '^ -0\.5 '
tm kill-session -t t
[ "$(rc_of t)" = 129 ]; check $? "hang-up (tmux kill-session) ends tmix with status 129"
cmp -s song.ini "$T/orig.ini"; check $? "the project file is untouched"
grep -q 'gain = -0.5 dB *; kick fader comment' song.ini.autosave 2>/dev/null && [ "$(comments song.ini.autosave)" = "$(comments song.ini)" ]
check $? "song.ini.autosave holds the edit, with every comment"
[ ! -e song.ini.lock ]; check $? "the lock file is gone after the hang-up"

# --- the next start asks; v shows the difference; r recovers ---
launch t song.ini
wait_for 'Recover, discard or view'; check $? "the next start offers recover / discard / view"
keys v; wait_for '^\+gain = -0\.5 dB'; check $? "v shows the difference (diff -u)"
keys q; wait_for 'Recover, discard or view'
keys r; wait_for 'recovered 1 unsaved change' && wait_for '^ -0\.5 ' && screen | grep -q 'Harden \[+\]'
check $? "r recovers: the edit is back and unsaved"
keys C-s; wait_for '^saved '
d=$(diff "$T/orig.ini" song.ini | grep -c '^[<>]')
[ "$d" = 2 ] && grep -q 'gain = -0.5 dB *; kick fader comment' song.ini
check $? "Ctrl-S writes the recovered edit into song.ini, comments kept"
[ ! -e song.ini.autosave ]; check $? "a save removes the autosave"
keys q; [ "$(rc_of t)" = 0 ]; check $? "quit with nothing unsaved exits 0"
[ ! -e song.ini.lock ]; check $? "a clean exit removes the lock file"

# --- d discards ---
cp song.ini "$T/saved.ini"
edit_hangup '^  0\.0 '
launch t song.ini
why=''
if ! wait_for 'Recover, discard or view'; then why="no question at the start ($setup; status: $(last_line))"
elif keys d; ! wait_for 'discarded'; then why='no "discarded" on the status line'
elif [ -e song.ini.autosave ]; then why='the autosave is still there'
elif ! cmp -s song.ini "$T/saved.ini"; then why="song.ini changed: $(diff "$T/saved.ini" song.ini | tr '\n' ' ')"
fi
[ -z "$why" ]; check $? "d discards: the autosave is deleted, song.ini as saved" "$why"
keys q; rc_of t >/dev/null

# --- --recover and --discard-autosave answer in advance ---
edit_hangup '^  0\.0 '
launch t --recover song.ini
wait_for 'recovered 1' && ! screen | grep -q 'Recover, discard'; r=$?
check $r "--recover recovers without asking" "$setup; status: $(last_line)"
keys C-s; wait_for '^saved '; grep -q '^gain = 0 dB *; kick fader comment' song.ini; r=$?
check $r "and Ctrl-S writes it" "song.ini has: $(grep '^gain' song.ini | head -1)"
keys q; rc_of t >/dev/null
cp song.ini "$T/saved.ini"
edit_hangup '^ \+0\.5 '
[ -e song.ini.autosave ] && launch t --discard-autosave song.ini && wait_for MASTER && wait_for 'discarded'
r=$?
why=''
if [ $r != 0 ]; then why="no autosave, or no \"discarded\" on the screen ($setup)"
elif [ -e song.ini.autosave ]; then why='the autosave is still there'
elif ! cmp -s song.ini "$T/saved.ini"; then why="song.ini changed: $(diff "$T/saved.ini" song.ini | tr '\n' ' ')"
elif ! wait_for '^  0\.0 ' 5; then why='the kick fader does not read 0.0'
fi
[ -z "$why" ]; check $? "--discard-autosave deletes it without asking" "$why"
keys q; rc_of t >/dev/null

# --- SIGTERM, periodic autosave ---
fresh; launch t song.ini; wait_for MASTER; keys k; wait_for '^ -0\.5 '
kill -TERM "$(cat song.ini.lock)" # the lock file holds the editing session's pid
[ "$(rc_of t)" = 143 ] && grep -q 'gain = -0.5 dB' song.ini.autosave && cmp -s song.ini "$T/orig.ini"
check $? "SIGTERM: autosave written, song.ini untouched, status 143"
[ "$(tm display -p -t =t: '#{alternate_on}')" = 0 ] && grep -q ' icanon' "$T/stty.t" && grep -q ' echo ' "$T/stty.t"
check $? "after SIGTERM the terminal is back (main screen, icanon, echo)"

fresh; stop_server
TMIX_AUTOSAVE_SECONDS=1 launch t song.ini; wait_for MASTER
keys k; wait_file -f song.ini.autosave; check $? "autosave every TMIX_AUTOSAVE_SECONDS while there are unsaved edits"
keys u; wait_file ! -e song.ini.autosave; check $? "undo back to the saved state removes it"
keys k; wait_file -f song.ini.autosave; keys q y; [ "$(rc_of t)" = 0 ] && [ ! -e song.ini.autosave ]
check $? "quitting without saving (a choice) removes it too"

# --- a crash leaves the terminal usable ---
fresh; launch t song.ini; wait_for MASTER
pid=$(cat song.ini.lock)
kill -SEGV "$pid"
wait_file -f "$T/rc.t" || wait_file -f "$T/rc.t" # 60 s: a loaded machine
[ "$(rc_of t)" = 139 ]; check $? "SIGSEGV: the process dies of it (status 139)"
[ "$(tm display -p -t =t: '#{alternate_on}')" = 0 ] && [ "$(tm display -p -t =t: '#{cursor_flag}')" = 1 ]
check $? "after a crash the pane is off the alternate screen, cursor shown"
grep -q ' icanon' "$T/stty.t" && grep -q ' echo ' "$T/stty.t" && ! grep -q -- '-icanon' "$T/stty.t"
check $? "after a crash the terminal modes are restored (icanon, echo)"
why=''
if [ ! -e song.ini.lock ]; then why='no lock file left behind by the crash'
else
	launch t song.ini
	if ! wait_for MASTER; then why='the next session never drew its strips'
	elif sleep 0.5; screen | grep -q 'read-only'; then
		why="read-only; lock says pid $(cat song.ini.lock), crashed pid $pid: $(ps -o pid=,stat=,args= -p "$pid" 2>&1)"
	fi
fi
[ -z "$why" ]; check $? "the crashed session's lock file does not block the next one (the kernel dropped the lock)"
[ -n "$why" ] && echo "# $why"
keys q; rc_of t >/dev/null

# --- one writer ---
fresh; launch t song.ini; wait_for MASTER
launch t2 song.ini; wait_for MASTER 10 t2
pid=$(cat song.ini.lock)
wait_for "read-only: another tmix is editing this project \\(pid $pid\\)" 5 t2
check $? "a second session opens read-only and names the first (pid $pid)"
SESS=t2 keys k; SESS=t2 keys C-s; wait_for 'not saved' 5 t2 && cmp -s song.ini "$T/orig.ini"
check $? "the read-only session refuses to save in place"
SESS=t2 keys ':' ; SESS=t2 keys -l 'w copy.ini'; SESS=t2 keys Enter
wait_file -f copy.ini && grep -q 'gain = -0.5 dB' copy.ini; check $? ":w FILE still writes a copy"
wait_for 'wrote a copy' 5 t2 # the last status, before the next refusal
SESS=t2 keys ':' ; SESS=t2 keys -l "w $PWD/./song.ini"; SESS=t2 keys Enter
wait_for 'not saved' 5 t2 && cmp -s song.ini "$T/orig.ini"
check $? ":w with the project under another spelling is the project: refused too"
SESS=t2 keys q y; [ "$(rc_of t2)" = 0 ] && [ -e song.ini.lock ] && [ "$(cat song.ini.lock)" = "$pid" ]
check $? "quitting the read-only session leaves the first one's lock alone"
keys k; wait_for '^ -0\.5 '; saw=$?
keys C-s
# poll the file, not the screen: a status line may say "saved" before this save lands
# (30 s, not 10: CI's distcheck once missed this save within 10 s; on a
# failure the file and the folder are printed to tell a lost key from a slow save)
r=1; i=0
while [ $i -lt 300 ]; do grep -q 'gain = -0.5 dB' song.ini && { r=0; break; }; sleep 0.1; i=$((i + 1)); done
check $r "the first session saves"
[ $r = 0 ] || { echo "# the fader showed -0.5: $([ $saw = 0 ] && echo yes || echo no)"; ls -la | sed 's/^/# /'; ps -o pid,stat,wchan:24,pcpu,etime,args -C tmix | sed 's/^/# /'; }
[ $r = 0 ] || grep -n 'gain' song.ini | sed 's/^/# song.ini:/'
keys q; rc_of t >/dev/null

# --- stems that go bad while playing ---
fresh; launch t song.ini; wait_for MASTER
keys Space; wait_for 'PLAY 0:0[1-9]'
rm stems/kick.wav
wait_for 'OFFLINE' 5 && wait_for 'Kick is offline: stems/kick.wav: the file was deleted' 5
check $? "a deleted stem: OFFLINE on its strip and the reason on the status line"
# meter columns (3-4 of each 8-column strip), rows of the console
meters() { screen | sed -n '5,19p' | sed -E "s/^.{$(($1 * 8 + 3))}(..).*/\\1/" | tr -d ' \n'; }
end=$(($(date +%s) + 8))
while [ "$(date +%s)" -le "$end" ] && [ -n "$(meters 0 | tr -d 'OFFLINE')" ]; do sleep 0.2; done
c1=$(screen | grep -o 'PLAY [0-9:.]*'); sleep 1; c2=$(screen | grep -o 'PLAY [0-9:.]*')
[ -z "$(meters 0 | tr -d 'OFFLINE')" ] && [ -n "$(meters 1)" ] && [ -n "$(meters 2)" ] && [ "$c1" != "$c2" ]
check $? "the offline track is silent; the others play on ($c1, $c2)"
wait_for 'Kick offline: the file was deleted - fix the file, then :reload' 10
check $? "the status line gives the reason while the strip is selected"
cp "$T/kick.wav" stems/kick.wav
keys : ; keys -l reload; keys Enter
wait_for 'reopened every stem' && wait_gone 'OFFLINE' 5; check $? "the file back and :reload clear the mark"
truncate -s 20000 stems/snare.wav
wait_for 'Snare is offline: .*(truncated|came up short)' 5 && wait_for OFFLINE; check $? "a truncated stem goes offline too"
cp "$T/snare.wav" stems/snare.wav; keys : ; keys -l reload; keys Enter
wait_gone 'OFFLINE' 5 && screen | grep -q 'PLAY'; check $? "restored and reloaded, still playing"
keys q; [ "$(rc_of t)" = 0 ]; check $? "quits cleanly"

[ $fails = 0 ]
