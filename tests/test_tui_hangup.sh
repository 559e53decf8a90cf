#!/bin/sh
# test_tui_hangup.sh — a mixer never outlives its terminal. A hang-up
# (tmux kill-session) while the autosave question or its diff pager is
# on screen ends tmix within 3 s with status 129, the lock let go and
# the autosave kept; a mixer started without a terminal refuses at once
# with the reason and status 2. Drives the real tmix under tmux. TAP.
. "${top_srcdir:-.}/tests/tui_lib.sh"

mkdir -p "$T/proj/stems"
wav "$T/proj/stems/kick.wav" 2
cat > "$T/proj/song.ini" <<'INI'
[project]
name = Hangup

[track "Kick"]
file = stems/kick.wav
gain = -1 dB
INI
cd "$T/proj" || exit 99
cp song.ini "$T/orig.ini"
sed 's/-1 dB/-2.5 dB/' song.ini > "$T/autosave.ini"

# The pane's shell ignores SIGHUP and outlives tmix, as a login shell
# over SSH does: the hang-up reaches tmix as a terminal that is gone.
cat > "$T/run.sh" <<RUN
#!/bin/sh
trap '' HUP
"$TMIX" --audio null "\$@"
echo "\$?" > "$T/rc"
sleep 60
RUN
# an autosave newer than the project: the next start asks about it
plant() {
	cp "$T/orig.ini" song.ini
	cp "$T/autosave.ini" song.ini.autosave
	touch -d '@'$(($(date +%s) + 2)) song.ini.autosave
	rm -f "$T/rc" song.ini.lock
}
# gone PID: true once the process has ended, within 3 s
gone() {
	i=0
	while [ $i -lt 30 ]; do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
# hangup WHERE: kill the session, then check what is left behind
hangup() {
	pid=$(cat song.ini.lock)
	tm kill-session -t t
	why=''
	if ! gone "$pid"; then
		why="still running after 3 s: $(ps -o pid=,stat=,pcpu=,args= -p "$pid")"
		kill -9 "$pid" 2>/dev/null
	elif [ "$(cat "$T/rc" 2>/dev/null)" != 129 ]; then why="exit status $(cat "$T/rc" 2>/dev/null), not 129"
	elif [ -e song.ini.lock ]; then why='the lock file is still there'
	elif ! cmp -s song.ini.autosave "$T/autosave.ini"; then why='the autosave was not kept as it was'
	elif ! cmp -s song.ini "$T/orig.ini"; then why='song.ini changed'
	fi
	[ -z "$why" ]; check $? "hang-up $1: gone within 3 s, status 129, lock released, autosave kept"
	[ -n "$why" ] && echo "# $why"
}

echo "1..5"

plant; tm new-session -d -s t -x 80 -y 24 "sh $T/run.sh song.ini"
wait_for 'Recover, discard or view' 10 || echo "# no recovery question on screen"
hangup "at the recovery question"

stop_server; plant; tm new-session -d -s t -x 80 -y 24 "sh $T/run.sh song.ini"
wait_for 'Recover, discard or view' 10 && keys v && wait_for '^\+gain = -2\.5 dB' 10 || echo "# no diff pager on screen"
hangup "in the diff pager"

# no terminal at all: standard input from /dev/null, as from cron
plant
"$TMIX" --audio null song.ini </dev/null >"$T/out" 2>"$T/err" & pid=$!
if gone "$pid"; then wait "$pid"; rc=$?; else rc=running; kill -9 "$pid"; fi
[ "$rc" = 2 ] && grep -q 'needs a terminal and standard input is not a terminal' "$T/err"
check $? "tmix song.ini </dev/null: refused at once, status 2 (got $rc): $(head -c 200 "$T/err")"
[ ! -e song.ini.lock ] && cmp -s song.ini.autosave "$T/autosave.ini" && cmp -s song.ini "$T/orig.ini"
check $? "and it touches nothing: no lock file, the autosave and song.ini as they were"

# standard output into a file, standard input the pane's terminal
stop_server; plant
tm new-session -d -s t -x 80 -y 24 "\"$TMIX\" --audio null song.ini >\"$T/out\" 2>\"$T/err\"; echo \$? >\"$T/rc\"; sleep 60"
wait_file -f "$T/rc"
[ "$(cat "$T/rc")" = 2 ] && grep -q 'standard output is not a terminal' "$T/err" && [ ! -s "$T/out" ]
check $? "tmix song.ini >FILE: refused, status 2, nothing drawn into the file"

[ $fails = 0 ]
