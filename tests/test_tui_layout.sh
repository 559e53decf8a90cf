#!/bin/sh
# test_tui_layout.sh — the console's drawing at every size and in every
# colour scheme, read back from tmux: the demo at 80x23, 60x16 and
# 200x60 (names, the dB scale, the master, peak figures); a stopped
# console without solid columns; peak figures held until `c`, in the
# clip colour when hot; gain reduction with the unit's letter; strips
# silenced by a solo dimmed; the `?` legend; colour values as drawn
# (`capture-pane -e` shows the escape sequences). Helpers from
# tui_lib.sh. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"
DEMO=${top_builddir:-.}/projects/demo
TMIX=$(cd "$(dirname "$TMIX")" && pwd)/$(basename "$TMIX")

mkdir -p "$T/demo/stems" "$T/proj/stems"
cp "$DEMO/demo.ini" "$T/demo/"
for f in "$DEMO"/stems/*.wav; do ln -s "$(cd "$DEMO/stems" && pwd)/${f##*/}" "$T/demo/stems/"; done
ln -s "$(cd "$DEMO" && pwd)/refs" "$T/demo/refs"

# a small project: a hot stem (0 dBFS square), -12 dBFS ones, a gate that
# stays shut, a compressor that works, and a colour for every way of
# writing one
wav "$T/proj/stems/hot.wav" 20 177 200
for s in a b c d e; do wav "$T/proj/stems/$s.wav" 20; done
cat > "$T/proj/song.ini" <<'EOF'
[project]
name = Layout Test
panlaw = 0 dB

[track "Hot"]
file = stems/hot.wav
colour = grey

[track "Gated"]
file = stems/a.wav
colour = 230
gate.threshold = -6 dB
gate.range = -40 dB

[track "Comp"]
file = stems/b.wav
colour = orange
comp.threshold = -30 dB
comp.ratio = 8

[track "Plain"]
file = stems/c.wav
colour = red

[track "Blue"]
file = stems/d.wav
colour = 21

[track "White"]
file = stems/e.wav
colour = 255

[bus "Plate"]
fx = reverb
EOF

# run SIZE PROJECT [ENV...]: tmix afresh in a W x H pane
run() {
	stop_server
	rm -f "$T"/*/*.lock "$T"/*/*.autosave
	w=${1%x*} h=${1#*x} ini=$2
	shift 2
	tm new-session -d -s t -x "$w" -y "$h" "cd ${ini%/*} && env $* $TMIX --audio null ${ini##*/}; echo EXITED \$?; sleep 60"
}
# look ROW TEXT: the attributes in force where TEXT starts on screen row
# ROW (1-based), from the escape sequences tmux gives (changes only,
# carried over from the rows above): "bold dim underline reverse bg=N"
# as they apply, "absent" when TEXT is not on that row
look() {
	tm capture-pane -e -p -t =t: | awk -v row="$1" -v text="$2" '
	function sgr(s,    n, part, k, m, c, a, j, v) {
		n = split(s, part, "\033\\[")
		for (k = 2; k <= n; k++) {
			m = index(part[k], "m")
			if (!m)
				continue
			c = split(substr(part[k], 1, m - 1), a, ";")
			for (j = 1; j <= c; j++) {
				v = a[j] + 0
				if (a[j] == "" || v == 0) { bold = dim = ul = rev = 0; bg = "" }
				else if (v == 1) bold = 1
				else if (v == 2) dim = 1
				else if (v == 4) ul = 1
				else if (v == 7) rev = 1
				else if (v == 22) bold = dim = 0
				else if (v == 24) ul = 0
				else if (v == 27) rev = 0
				else if (v == 48 && a[j + 1] == 5) { bg = a[j + 2]; j += 2 }
				else if (v == 38 && a[j + 1] == 5) j += 2
				else if (v >= 40 && v <= 47) bg = v - 40
				else if (v >= 100 && v <= 107) bg = v - 92
				else if (v == 49) bg = ""
			}
		}
	}
	NR < row { sgr($0); next }
	NR == row {
		i = index($0, text)
		if (!i) { print "absent"; exit }
		sgr(substr($0, 1, i - 1))
		printf "%s%s%s%s%s\n", bold ? "bold " : "", dim ? "dim " : "", ul ? "underline " : "",
			rev ? "reverse " : "", bg != "" ? "bg=" bg : "bg=default"
		exit
	}'
}
nosolid() { screen | sed -n "3,$(($1 - 4))p" | grep -q '█' && return 1; return 0; }

echo "1..16"

# --- sizes: the demo ---
run 80x23 "$T/demo/demo.ini"
wait_for 'MASTER' 10 && keys '}' '}' Space && wait_for 'PLAY 0:1[0-9]' 15 && sleep 1
s=$(screen)
miss=''
for l in 0 -6 -12 -18 -24 -36 -48; do echo "$s" | grep -Eq -- "(^| )$l │" || miss="$miss $l"; done
echo "$s" | grep -q '│MASTER' && [ -z "$miss" ] && ! echo "$s" | grep -q 'make the window' &&
	echo "$s" | sed -n 4p | grep -Eq -- '-[0-9]+\.[0-9] .*-[0-9]+\.[0-9]'
check $? "80x23: the console, the master, the scale (0 -6 -12 -18 -24 -36 -48) and peak figures${miss:+ (no$miss)}"

run 60x16 "$T/demo/demo.ini"
wait_for 'MASTER' 10 && keys '}' '}' Space && wait_for 'PLAY 0:1[0-9]' 15 && sleep 1
s=$(screen)
echo "$s" | grep -Eq '^Kick +Snare T' && echo "$s" | grep -q '│MASTER' && echo "$s" | grep -Eq -- '-12 │' &&
	echo "$s" | sed -n 4p | grep -Eq -- '-[0-9]+\.[0-9] .*-[0-9]+\.[0-9]' && echo "$s" | grep -Eq '│I +-[0-9]+\.[0-9]' &&
	echo "$s" | grep -q '^ -1\.0 '
check $? "60x16: a compact console: strips, scale, master with integrated loudness, peak figures, fader values"

tm resize-window -t =t: -x 59 -y 16; wait_for 'make the window larger: 59x16, tmix needs 60x16' 5
r1=$?; tm resize-window -t =t: -x 60 -y 15; wait_for 'make the window larger: 60x15' 5
[ $r1 = 0 ]; check $? "59x16 and 60x15 show the notice"

run 200x60 "$T/demo/demo.ini"
wait_for 'MASTER' 10 && keys '}' '}' Space && wait_for 'PLAY 0:1[0-9]' 15 && sleep 1
s=$(screen)
echo "$s" | grep -q 'Snare Bottom ' && echo "$s" | grep -q 'Vocal Double ' && echo "$s" | grep -q 'Lead Synth ' &&
	echo "$s" | grep -q '│MASTER' && echo "$s" | grep -Eq -- '-48 │' &&
	echo "$s" | sed -n 4p | grep -Eq -- '-[0-9]+\.[0-9] .*-[0-9]+\.[0-9]'
check $? "200x60: names in full, the scale, the master, peak figures"
echo "$s" | grep -q '→Drums' && echo "$s" | grep -Eq 'hp +30 ' && echo "$s" | grep -Eq 'r +-14 ' &&
	echo "$s" | grep -Eq 'G +-[0-9]+ '
check $? "200x60: each strip shows its routing, filters, dynamics and send levels"

# --- stopped and playing ---
run 80x24 "$T/proj/song.ini"
wait_for 'MASTER' 10; sleep 0.5
nosolid 24; r1=$?
keys Space; wait_for 'PLAY 0:0[2-9]' 10
s=$(screen)
echo "$s" | grep -q '█' && [ $r1 = 0 ]
check $? "stopped: no solid columns (the faders are knobs on a track); playing, the meters fill"
echo "$s" | grep -Eq '^m s +m s +G-?[0-9]+ m s +C-?[0-9]+ '
check $? "gain reduction with its unit's letter: G on the gated strip, C on the compressed one"
hot=$(look 4 '0.0') cold=$(look 4 '-12.0')
[ "$hot" = 'bold bg=160' ] && [ "$cold" != absent ] && [ "$cold" != "$hot" ]
check $? "the hot strip's peak figure is in the clip colour, a -12 dBFS one is not ($hot / $cold)"
keys Space; wait_for 'STOP' 5
wait_gone '[█░▔]' 15 && screen | sed -n 4p | grep -Eq -- '-12\.[0-9]'
check $? "stopped, the meters fall and the peak figures stay"
screen | sed -n 4p | grep -Eq -- '-12\.[0-9]'; r1=$?
keys c; wait_for 'reset' 5 && ! screen | sed -n 4p | grep -Eq '[0-9]\.[0-9]' && [ $r1 = 0 ]
check $? "c clears the peak figures"

# --- solo: the others are dimmed; the effect return stays heard ---
keys l l s; wait_for 'm S' 5
g=$(look 3 Comp) p=$(look 3 Plain) pl=$(look 3 Plate)
case "$p" in *dim*) false ;; *) true ;; esac; pd=$?
case "$g$pl" in *dim*) false ;; *) true ;; esac
[ $pd = 1 ] && [ $? = 0 ] && [ "$p" != "${p%bg=default}" ] && [ "$g" != "${g%bg=208}" ]
check $? "solo: the other tracks are dim and off their colour (soloed: $g; silenced: $p; return: $pl)"

# --- the help screen explains the marks ---
keys '?'; wait_for 'Keys - ' 5
s=''; i=0
while [ $i -lt 30 ]; do keys PageDown; sleep 0.2; s="$s
$(screen)"; i=$((i + 1)); screen | grep -q 'silenced by another strip' && break; done
echo "$s" | grep -q 'CLIP pre' && echo "$s" | grep -q '▲ ▼' && echo "$s" | grep -q 'G-25 C-3 L-1' &&
	echo "$s" | grep -q 'silenced by another strip' && echo "$s" | grep -q '0 -6 ... -48' &&
	echo "$s" | grep -q 'highest peak in dBFS since c'
check $? "? explains the marks: scale, peak figure, ▲ ▼, CLIP pre, G/C/L, dimming"

# --- the master's detail panel: gate, compressor and limiter apart ---
keys Escape; sleep 0.2
i=0; while [ $i -lt 8 ]; do keys l; i=$((i + 1)); done
keys Enter; wait_for 'MASTER - EQ' 5 && s=$(screen) &&
	echo "$s" | grep -q 'gate' && echo "$s" | grep -q 'comp' && echo "$s" | grep -q 'lim'
check $? "the master's detail panel shows gate, compressor and limiter reduction apart"

# --- colours ---
run 80x24 "$T/proj/song.ini" TERM=tmux-256color
wait_for 'MASTER' 10
miss=''
for c in 244:Hot 230:Gated 208:Comp 21:Blue 255:White 1:Plain; do
	l=$(look 3 "${c#*:}")
	[ "${l#*bg=}" = "${c%%:*}" ] || miss="$miss ${c#*:}=$l"
done

run 80x24 "$T/proj/song.ini" TERM=screen
wait_for 'MASTER' 10
for c in 7:Hot 7:Gated 3:Comp 4:Blue 7:White 1:Plain; do
	l=$(look 3 "${c#*:}")
	[ "${l#*bg=}" = "${c%%:*}" ] || miss="$miss ${c#*:}=$l"
done
[ -z "$miss" ]; check $? "colours: grey, 230, orange, 21, 255 and red as written in 256 colours, the nearest of 8 in 8${miss:+ (wrong:$miss)}"

# the selection: bold and underlined, in colour and in monochrome alike
sel_marks() { # the selected (first) strip bold and underlined, another not
	s1=$(look 3 Hot) s2=$(look 3 Comp)
	[ "${s1#bold underline }" != "$s1" ] && [ "${s2#*underline}" = "$s2" ] && [ "${s2#bold}" = "$s2" ]
}
sel_marks; c=$? c1=$s1 c2=$s2
run 80x24 "$T/proj/song.ini" TERM=vt100 NO_COLOR=1
wait_for 'MASTER' 10
sel_marks && [ "${s1#*reverse}" != "$s1" ] && [ "${s2#reverse}" != "$s2" ]
check $((c + $?)) "monochrome marks the selection as colour does: colour [$c1] [$c2], mono [$s1] [$s2]"
keys l l s; wait_for 'm S' 5
p=$(look 3 Plain) pl=$(look 3 Plate)
[ "${p#*reverse}" = "$p" ] && [ "${pl#*reverse}" != "$pl" ]
check $? "monochrome: a strip silenced by a solo loses its reverse block, the effect return keeps it ([$p] [$pl])"

[ $fails = 0 ]
