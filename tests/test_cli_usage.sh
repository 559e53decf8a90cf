#!/bin/sh
# test_cli_usage.sh — a command-line mistake says what was wrong before
# the usage text (a missing value, a missing folder, an unknown option),
# exit 2; a project that is not there is said once, without a "1 error;
# nothing was changed" that reads as if something was checked.
: "${TMIX:=./tmix}"
dir=$(mktemp -d /tmp/tmix-usage-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$dir/err"; fi; }
# run ARGS...: stderr in $dir/err, the exit status in $rc
run() { "$TMIX" "$@" 2>"$dir/err" >/dev/null; rc=$?; }
first() { head -n 1 "$dir/err"; }

run play song.ini --to
t "play --to: the reason first, then the usage, exit 2" \
	'[ $rc -eq 2 ] && first | grep -q "^tmix play: unknown option --to" && sed -n 2p "$dir/err" | grep -q "^usage: tmix play"'
run play song.ini --from
t "play --from with no time: '--from needs a time'" '[ $rc -eq 2 ] && first | grep -q "^tmix play: --from needs a time"'
run bounce song.ini --stems
t "bounce --stems with no folder: 'tmix bounce: --stems needs a folder'" \
	'[ $rc -eq 2 ] && first | grep -q "^tmix bounce: --stems needs a folder" && grep -q "^usage: tmix bounce" "$dir/err"'
run bounce song.ini --frobnicate 3
t "bounce --frobnicate: 'unknown option --frobnicate'" '[ $rc -eq 2 ] && first | grep -q "^tmix bounce: unknown option --frobnicate$"'
run analyze song.ini --csv
t "analyze --csv: 'unknown option --csv'" '[ $rc -eq 2 ] && first | grep -q "^tmix analyze: unknown option --csv$"'
run init
t "init with no folder: 'which folder'" '[ $rc -eq 2 ] && first | grep -q "^tmix init: which folder"'
run check a.ini b.ini
t "check of two files: 'one project at a time'" '[ $rc -eq 2 ] && first | grep -q "^tmix check: one project at a time"'
run
t "tmix alone: 'which project?' then the usage" '[ $rc -eq 2 ] && first | grep -q "^tmix: which project?"'
run check "$dir/nonexist.ini"
t "check of a missing file: 'cannot open', exit 2, no 'nothing was changed'" \
	'[ $rc -eq 2 ] && grep -q "nonexist.ini: cannot open the project" "$dir/err" && ! grep -q "nothing was changed" "$dir/err"'
# check: a static value beside the lane that plays instead is a warning
# (the demo's Vocal); with auto.mode = off the static value is heard
demo=${top_builddir:-.}/projects/demo
if [ -f "$demo/stems/.stamp" ]; then
	ln -s "$(cd "$demo" && pwd)/stems" "$dir/stems"
	ln -s "$(cd "$demo" && pwd)/refs" "$dir/refs"
	cp "$demo/demo.ini" "$dir/demo.ini"
	run check "$dir/demo.ini"
	t "check warns where gain sits beside an auto.gain that plays, naming both lines and the way out" \
		'[ $rc -eq 0 ] && grep -q "demo.ini:137: warning: Vocal: gain is not heard: auto.gain (line 158) plays instead in read mode; .*set auto.mode = off to hear gain" "$dir/err"'
	sed 's/^auto.gain = 0:00 -1,/auto.mode = off\nauto.gain = 0:00 -1,/' "$demo/demo.ini" > "$dir/demo.ini"
	run check "$dir/demo.ini"
	t "with auto.mode = off the Vocal's gain is heard: no warning for it" \
		'[ $rc -eq 0 ] && ! grep -q "Vocal: gain" "$dir/err" && grep -q "Keys: gain is not heard" "$dir/err"'
	# in latch the keys record while playing: the warning does not say they move every point
	sed 's/^auto.gain = 0:00 -1,/auto.mode = latch\nauto.gain = 0:00 -1,/' "$demo/demo.ini" > "$dir/demo.ini"
	run check "$dir/demo.ini"
	t "in latch mode the warning says the keys record the lane while playing" \
		'[ $rc -eq 0 ] && grep -q "Vocal: gain is not heard: auto.gain (line 159) plays instead in latch mode; the strip.s keys record the lane while playing (stopped, they move every point of it)" "$dir/err"'
fi
echo "1..$n"
