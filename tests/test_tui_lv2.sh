#!/bin/sh
# test_tui_lv2.sh — an LV2 plugin from the screen under tmux at 80x24:
# `:insert add lv2` with Tab completing a word of the plugin's name to its
# URI, the detail panel's rows read from the plugin's ports, the header's
# latency for a plugin that reports one (x42 dpl) and for one whose
# latency follows a parameter (LSP's limiter), saved as plain keys, with
# the state of plugins that keep one beside the project.
# Skips, naming the package, where swh-lv2 or x42-plugins is absent.
. "${top_srcdir:-.}/tests/tui_lib.sh"

if ! "$TMIX" plugins sc4 swh | grep -q swh-plugins/sc4; then
	echo "1..0 # SKIP swh-lv2 not installed (swh sc4)"
	exit 0
fi
mkdir -p "$T/proj/stems"
wav "$T/proj/stems/vox.wav" 3
cat > "$T/proj/song.ini" <<'EOF2'
[project]
tempo = 120

[track "Vox"]
file = stems/vox.wav
EOF2
cp "$T/proj/song.ini" "$T/orig.ini"
cd "$T/proj" || exit 99
tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
wait_for 'MASTER' 10 || { echo "Bail out! the mixer did not start"; exit 1; }

echo "1..12"

keys : 'insert add l' Tab; wait_for '^:insert add lv2 *$'; check $? "Tab offers lv2 beside the built-in units"
keys 'sc4' Tab; wait_for '^:insert add lv2 http://plugin.org.uk/swh-plugins/sc4 *$' 30
check $? "a word of the plugin's name completes to its URI"
keys Enter; wait_for 'Vox: insert.1 = lv2 http://plugin.org.uk/swh-plugins/sc4'; check $? ":insert add lv2 URI adds it"
keys Enter; wait_for 'EQ and filters'
keys End; sleep 0.5
screen | grep -Eq '^   threshold +0 dB +Threshold level'; check $? "the detail panel shows a port with its range's unit and name"
keys : 'set insert.1.ratio 8' Enter; wait_for 'insert.1.ratio = 8'; check $? ":set a port by its symbol"
keys C-s; wait_for '^saved '
diff "$T/orig.ini" song.ini > "$T/diff"
printf '5a6,7\n> insert.1 = lv2 http://plugin.org.uk/swh-plugins/sc4\n> insert.1.ratio = 8\n' > "$T/want"
cmp -s "$T/diff" "$T/want"; check $? "saved: the diff is exactly the insert's lines"
[ $? = 0 ] || sed 's/^/# /' "$T/diff"
if "$TMIX" plugins dpl | grep -q 'dpl#stereo'; then
	keys Escape : 'insert add lv2 http://gareus.org/oss/lv2/dpl#stereo' Enter
	wait_for 'DSP [0-9]+% . lat 1\.3 ms' 20; check $? "x42 dpl's 64 frames at 48 kHz: the header shows lat 1.3 ms"
else
	ok "# SKIP x42-plugins not installed (x42 dpl)"
fi
# a latency that follows a parameter (LSP limiter's look-ahead, lk), and
# the state of plugins that keep one (dpl, LSP) saved beside the project
if "$TMIX" plugins dpl | grep -q 'dpl#stereo' && "$TMIX" plugins limiter | grep -q 'lv2/limiter_stereo$'; then
	keys : 'insert add lv2 http://lsp-plug.in/plugins/lv2/limiter_stereo' Enter
	wait_for 'lat 6\.3 ms' 20 # dpl's 64 frames and the limiter's 5 ms
	keys : 'set insert.3.lk 15' Enter
	wait_for "latency changed: delay compensation rebuilt \\(lat 16\.3 ms\\)" 10 && wait_for 'DSP [0-9]+% . lat 16\.3 ms' 5
	check $? "lk set to 15 ms: the graph is rebuilt and the header shows lat 16.3 ms"
	keys C-s; wait_for '^saved '
	grep -qx 'insert.2.state = song.lv2state/track-Vox.insert2' song.ini &&
		grep -qx 'insert.3.state = song.lv2state/track-Vox.insert3' song.ini &&
		grep -q 'limiter_stereo' song.lv2state/track-Vox.insert3/state.ttl &&
		grep -q 'dpl#stereo' song.lv2state/track-Vox.insert2/state.ttl
	check $? "saved: the plugins' state folders and their insert.N.state keys"
	[ $? = 0 ] || sed 's/^/# /' song.ini
	keys : 'set insert.2.state x' Enter
	wait_for 'insert.2.state: a save writes it' 5; check $? ":set insert.N.state says a save writes it"
else
	for i in 1 2 3; do ok "# SKIP x42-plugins or lsp-plugins-lv2 not installed (x42 dpl, lsp limiter_stereo)"; done
fi
# lsp's 16-band EQ has 184 ports: every band's row is there (the panel
# once stopped at 96 rows, before band 0's frequency) and its logarithmic
# frequency steps (once a fraction of a grid point, truncated to none)
if "$TMIX" plugins para_equalizer_x16_stereo | grep -q 'para_equalizer_x16_stereo'; then
	keys Escape : 'insert add lv2 http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo' Enter
	wait_for 'insert.4 = lv2 http://lsp-plug.in/plugins/lv2/para' 30
	keys Enter; wait_for 'EQ and filters'
	keys End; sleep 0.5
	screen | grep -Eq ' of [2-9][0-9][0-9] *$' && screen | grep -Eq '^   [a-z]+_15 '
	check $? "End reaches the last band's rows of a 184-port plugin: $(screen | grep -Eo '[0-9]+-[0-9]+ of [0-9]+')"
	keys / 'f_15' Enter; wait_for '^   f_15 +16 kHz +Frequency 15'
	keys l; wait_for 'insert.[0-9].f_15 = 17 kHz'; check $? "l steps a logarithmic port a twelfth of an octave (16 -> 17 kHz)"
else
	ok "# SKIP lsp-plugins-lv2 not installed (lsp para_equalizer_x16_stereo)"
	ok "# SKIP lsp-plugins-lv2 not installed (lsp para_equalizer_x16_stereo)"
fi
keys q; wait_for 'Save' 3 && keys n
wait_for 'EXITED 0' 10 || keys q
exit $((fails > 0))
