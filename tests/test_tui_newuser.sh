#!/bin/sh
# test_tui_newuser.sh — what a new user met on the demo at 80x23, read
# back from tmux: every key that does nothing says why on the status
# line (unbound keys, the ends of the strip row, a fader or pan at its
# limit); `?` returns to the screen it was opened from. Helpers from
# tui_lib.sh. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"
DEMO=${top_builddir:-.}/projects/demo
TMIX=$(cd "$(dirname "$TMIX")" && pwd)/$(basename "$TMIX")

mkdir -p "$T/demo/stems"
cp "$DEMO/demo.ini" "$T/demo/"
for f in "$DEMO"/stems/*.wav; do ln -s "$(cd "$DEMO/stems" && pwd)/${f##*/}" "$T/demo/stems/"; done
ln -s "$(cd "$DEMO" && pwd)/refs" "$T/demo/refs"

# run SIZE: tmix afresh on the demo in a W x H pane
run() {
	stop_server
	rm -f "$T"/demo/*.lock "$T"/demo/*.autosave
	cp "$DEMO/demo.ini" "$T/demo/"
	tm new-session -d -s t -x "${1%x*}" -y "${1#*x}" "cd $T/demo && $TMIX --audio null demo.ini; echo EXITED \$?; sleep 60"
	wait_for 'MASTER' 10
}
# said KEY REGEX: press KEY; the status line (row 22 of 23) shows REGEX
said() {
	keys -- "$1"
	end=$(($(date +%s) + 5))
	while [ "$(date +%s)" -le "$end" ]; do
		screen | sed -n 22p | grep -E -q -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

# saidf KEY TEXT: the same with a fixed text
saidf() {
	keys -- "$1"
	end=$(($(date +%s) + 5))
	while [ "$(date +%s)" -le "$end" ]; do
		screen | sed -n 22p | grep -F -q -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

run 80x23
for k in x = H y / '*' T E G M; do
	saidf "$k" "$k: no key here in the console (? lists the keys)"
	check $? "console: $k says it has no key here"
done
said BSpace '^Backspace: no key here in the console'
check $? "console: Backspace says it has no key here"
said DC '^Delete: no key here in the console'
check $? "console: Delete says it has no key here"
said Escape '^Esc: no key here in the console'
check $? "console: Esc says it has no key here"
said h '^already the first strip'
check $? "h on the leftmost strip says it is the first"
keys K K K K K K
said K '^Kick gain is at its \+12 dB top'
check $? "K at +12 dB says the top is reached"
i=0; while [ $i -lt 25 ]; do keys '>'; i=$((i + 1)); done
said '>' '^Kick pan is at its right \(R100\) end'
check $? "> at R100 says the end is reached"
keys End
i=0; while [ $i -lt 14 ]; do keys l; i=$((i + 1)); done
said l '^already the last strip \(the master\)'
check $? "l on the master says it is the last"

# ? from the detail panel comes back to the panel; > then steps the EQ
run 80x23
keys e
wait_for 'Kick - EQ' 5
keys '?'
wait_for 'Keys - then commands' 5
keys Escape
wait_for 'Kick - EQ' 5
check $? "Esc in the help opened from the detail panel returns to the panel"
keys '?'
wait_for 'Keys - then commands' 5
keys q
wait_for 'Kick - EQ' 5
check $? "q in the help opened from the detail panel returns to the panel"
keys '?'
wait_for 'Keys - then commands' 5
keys '?'
wait_for 'Kick - EQ' 5
check $? "? in the help opened from the detail panel returns to the panel"
keys g
wait_for 'gain staging: Kick' 30
check $? "g in the detail panel stages the strip's gain"

# a -90 dB fader reads as the file has it, not -inf
run 80x23
keys : 'set gain -90 dB' Enter
wait_for '^ -90\.0 ' 5
check $? "a -90 dB fader reads -90.0 on the strip"
keys C-s
wait_for 'saved demo.ini' 5
grep -q '^gain = -90 dB' "$T/demo/demo.ini"
check $? "and the file says gain = -90 dB"

# gain staging marks on tracks only: the group bus and the returns have
# no stem, so no ▼/▲ and no trim for g (tmix analyze agrees)
run 80x23
i=0; while [ $i -lt 11 ]; do keys l; i=$((i + 1)); done
wait_for '^ *Bäss +Keys .* delay' 5
wait_for '▲' 30
row=$(screen | sed -n 4p | sed 's/▲/X/g; s/▼/X/g') # one byte a column: cut counts bytes
printf '%s\n' "$row" | cut -c1-40 | grep -q X && ! printf '%s\n' "$row" | cut -c41-68 | grep -q X
check $? "staging marks on the tracks, none on Drums, reverb and delay"
keys e
wait_for '^ analysis: input peaks' 30
screen | grep -q '^ analysis: input peaks .* dBFS after trim, (gain staging is for tracks)$'
check $? "the delay return's panel shows its input peak but no trim for g"
"$TMIX" analyze "$T/demo/demo.ini" > "$T/an.txt" 2>&1
sed -n '/^Buses/,/^Master/p' "$T/an.txt" | grep -E -q '[+-][0-9.]+ +(low|hot) input|(low|hot) input'
[ $? != 0 ] && grep -q '^Buses' "$T/an.txt"
check $? "tmix analyze flags no bus or return"

# text at 80x23 and 60x16 is whole: help wrapped, never cut at the edge
run 80x23
keys '?'
wait_for 'Keys - then commands' 5
screen | sed -n 3p | grep -q 'Esc or ? goes back$'
check $? "the help's title fits 80 columns"
keys Escape
run 80x60
keys '?'
wait_for 'Keys - then commands' 5
for cont in '(analyses first)' 'sends' 'max)' 'example)' 'reference'; do
	screen | grep -q -F -x "                 $cont"
	check $? "a long key help wraps under its column: ...$cont"
done
keys Escape
run 80x23
keys : 'help loop' Enter
wait_for '^on and off\)' 5 && screen | sed -n 21p | grep -q '^:loop START END | off  e.g. :loop'
check $? ":help loop is shown whole, wrapped over two rows"
keys k
wait_gone 'on and off' 5 && wait_for '^Kick gain = -0.5 dB' 5
check $? "the next key takes it away and acts"
keys : ga Tab
wait_for '^gain  gainstage  gate' 5 && screen | tail -1 | grep -q '(+4 more)$'
check $? "Tab after :ga lists gain once, whole names, and how many more"
keys Escape
keys e
wait_for 'Kick - EQ' 5
i=0
while [ $i -lt 40 ] && ! screen | grep -q '^eq\.1: TYPE FREQ'; do keys j; sleep 0.1; i=$((i + 1)); done
screen | grep -q '^eq\.1: TYPE FREQ \[GAIN\] \[q Q\]: bell, lowshelf, highshelf, notch; or off$'
check $? "the selected row's help, cut in the list, is whole on the status line"
run 60x16
screen | sed -n 2p | grep -q -v 'nul│' && screen | sed -n 2p | grep -q 'xrun 0 *│ LUFS'
check $? "60x16: the header drops the output rather than cut it"
screen | sed -n 1p | grep -q '│ Glass Harbour… '
check $? "60x16: the project's name is cut at a word, with …"
keys e
wait_for 'Kick - EQ' 5
axis=$(screen | grep -E '^ +20 ' | sed 's/ off.*//')
bad=$(printf '%s\n' $axis | grep -v -x -E '20|50|100|200|500|1k|2k|5k|10k|20k')
[ -n "$axis" ] && [ -z "$bad" ] && printf '%s\n' "$axis" | grep -q '20k *$'
check $? "60x16: the EQ axis labels do not touch ($axis)"

# the scale between the strips is the meters' (dBFS); each fader track
# marks the fader's 0 dB, level with a 0.0 fader's knob
run 80x23
screen | sed -n 4p | grep -q 'dBFS│$'
check $? "the scale is labelled dBFS"
ascii=$(screen | sed -n '5,18p' | sed 's/┊/|/g; s/━/=/g; s/┼/+/g; s/│/!/g')
r0=$(printf '%s\n' "$ascii" | cut -c9-10 | grep -n '==' | cut -d: -f1) # Snare Top at 0.0
[ -n "$r0" ] && [ "$(printf '%s\n' "$ascii" | sed -n "${r0}p" | cut -c1)" = + ] &&
	[ "$(printf '%s\n' "$ascii" | cut -c1 | grep -c '+')" = 1 ]
check $? "Kick's track marks 0 dB once, level with Snare Top's 0.0 knob"

# send labels: one width on the whole console, at 120 and 200 columns
for size in 120x30 200x40; do
	run $size
	wait_for 'MASTER' 5
	labs=$(screen | grep -o -E '┊ {7}(r|re|rev|reve|rever|reverb|d|de|del|dela|delay) +(-[0-9]+p?|-inf)' |
		sed -E 's/^┊ +//; s/ +[-0-9pinf]+$//' | sort -u | tr '\n' ' ')
	[ "$(echo "$labs" | wc -w)" -ge 1 ] && [ "$(printf '%s\n' $labs | cut -c1 | sort | uniq -d)" = "" ]
	check $? "$size: the reverb and delay sends each have one label ($labs)"
done

# a second session is read-only: its quit prompt offers only what works
run 80x23
tm new-session -d -s t2 -x 80 -y 23 "cd $T/demo && $TMIX --audio null demo.ini; echo EXITED \$?; sleep 60"
wait_for 'read-only: another tmix' 10 t2
SESS=t2 keys k q
wait_for 'Unsaved changes' 5 t2
screen t2 | grep -q 'Unsaved changes (read-only' && ! screen t2 | grep -q 's: save and quit'
check $? "the read-only session's quit prompt does not offer s: save and quit"
SESS=t2 keys s
wait_for 'not saved: read-only here' 5 t2
check $? "s at the read-only session's quit prompt says why it does not save"

echo "1..$n"
[ "$fails" = 0 ]
