#!/bin/sh
# test_escape_all.sh — no name, path or value can drive the terminal.
# Every command (init, check, analyze, analyze --json, bounce, play, the
# global options, and the mixer under tmux) runs on a project whose
# folder, file names, track names, project name and values hold ESC,
# BEL, a raw 0x9B (8-bit CSI), DEL, a UTF-8 C1 (U+009B) and a byte that
# is not UTF-8 (0xFF). Every byte printed is checked: nothing but
# newline-separated, well-formed UTF-8 without controls; the JSON parses;
# the mixer's raw terminal output (recorded with script(1)) holds none of
# the planted sequences, and the pane's title stays its own. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"
tool="${top_builddir:-.}/tests/harden_tool"
command -v python3 >/dev/null 2>&1 || { echo "1..0 # SKIP python3 is not installed"; exit 0; }
command -v script >/dev/null 2>&1 || { echo "1..0 # SKIP script(1) is not installed"; exit 0; }

ESC=$(printf '\033') BEL=$(printf '\007') CSI8=$(printf '\233') DEL=$(printf '\177') C1=$(printf '\302\233')
BAD=$(printf '\377')
# OSC 2 retitles the terminal, OSC 52 writes its clipboard, CSI 2J clears it
TITLE="${ESC}]2;PWNED${BEL}"
D="$T/d${TITLE}x${CSI8}2J${BAD}${C1}" # the project's folder
mkdir -p "$D/stems" || exit 99

# clean FILE...: every byte well-formed UTF-8, no C0 but newline, no DEL, no C1
cat > "$T/clean.py" <<'PY'
import sys
bad = []
for f in sys.argv[1:]:
    b = open(f, "rb").read()
    try:
        s = b.decode("utf-8")
    except UnicodeDecodeError as e:
        bad.append("%s: not UTF-8 at byte %d (%r)" % (f, e.start, b[max(0, e.start - 8):e.start + 8]))
        continue
    for i, c in enumerate(s):
        o = ord(c)
        if (o < 0x20 and c != "\n") or 0x7f <= o <= 0x9f:
            bad.append("%s: raw U+%04X in %r" % (f, o, s[max(0, i - 12):i + 12]))
            break
for m in bad:
    print("#   " + m)
sys.exit(1 if bad else 0)
PY
clean() { python3 "$T/clean.py" "$@"; }
# run NAME CMD...: stdout and stderr kept apart in $T/NAME.out and .err
run() { name=$1; shift; "$@" >"$T/$name.out" 2>"$T/$name.err"; rc=$?; }

"$tool" stem "$D/stems/k${ESC}]52;c;QQ==${BEL}ick.wav" pcm16 44100 1 1 || exit 99
"$tool" stem "$D/stems/Ba${BAD}ss${C1}.wav" pcm16 48000 1 1 || exit 99
"$tool" stem "$D/stems/keys.wav" pcm16 48000 2 1 || exit 99
echo "not audio" > "$D/stems/no${CSI8}2Jtes${DEL}.wav"
cd "$D" || exit 99

# --- init: names of skipped files, then of the project it writes
run init "$TMIX" init stems -o song.ini
check $rc "init exits 0"
clean "$T/init.out" "$T/init.err"
check $? "init: nothing raw in its messages"
grep -qF 'skipping k\x1B]52;c;QQ==\x07ick.wav' "$T/init.err" && grep -qF 'skipping no\x9B2Jtes\x7F.wav' "$T/init.err"
check $? "init: the skipped names shown escaped"

# by hand: the project's name, a track's name and its stem's path
LC_ALL=C sed -i "s/^name = .*/name = N${TITLE}${CSI8}1m${BAD}${DEL}${C1}6n/" song.ini
cat >> song.ini <<INI
[track "T${TITLE}${CSI8}2J${C1}${DEL}${BAD}"]
file = stems/k${ESC}]52;c;QQ==${BEL}ick.wav
INI
cp song.ini "$T/song.orig"

run check "$TMIX" check song.ini
check $rc "check exits 0"
clean "$T/check.out" "$T/check.err"
check $? "check: nothing raw"
grep -qF 'N\x1B]2;PWNED\x07\x9B1m\xFF\x7F' "$T/check.out" && grep -qF 'stems/k\x1B]52;c;QQ==\x07ick.wav (44100 Hz)' "$T/check.out"
check $? "check: the project's name and a stem's path shown escaped"

# errors quoting the file's lines: a bad value, an unknown bus, a missing stem
cat > bad.ini <<INI
[track "E${TITLE}"]
file = stems/gone${CSI8}.wav
gain = loud${ESC}[2J${CSI8}${BAD}
output = Bus${TITLE}${DEL}
INI
run bad "$TMIX" check bad.ini
check $((rc != 2)) "a project with errors: exit 2"
clean "$T/bad.out" "$T/bad.err"
check $? "check's FILE:LINE errors: nothing raw"
grep -qF 'gain = loud\x1B[2J\x9B\xFF' "$T/bad.err"
check $? "the quoted value shown escaped"

run an "$TMIX" analyze song.ini
check $rc "analyze exits 0"
clean "$T/an.out" "$T/an.err"
check $? "analyze: nothing raw"
grep -qF 'T\x1B]2;PWNED\x07\x9B2J\xC2\x9B\x7F\xFF' "$T/an.out"
check $? "analyze: the track's name shown escaped"

run json "$TMIX" analyze --json song.ini
check $rc "analyze --json exits 0"
python3 -m json.tool "$T/json.out" >/dev/null 2>&1
check $? "analyze --json: valid JSON"
clean "$T/json.out" "$T/json.err"
check $? "analyze --json: nothing raw"
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
names = [t["name"] for t in j["tracks"]]
want = "T\x1b]2;PWNED\x07\ufffd2J\x9b\x7f\ufffd"
sys.exit(0 if want in names and "Ba\ufffdss\x9b" in names else 1)' "$T/json.out"
check $? "analyze --json: controls kept exactly as \\u00XX, bytes that are not UTF-8 as U+FFFD"

run bounce "$TMIX" bounce song.ini -o "$D/mix${TITLE}${CSI8}.wav"
check $rc "bounce exits 0"
clean "$T/bounce.out" "$T/bounce.err"
check $? "bounce: nothing raw in its summary"
run bounce2 "$TMIX" bounce song.ini -o "$D/no${TITLE}${CSI8}/mix.wav"
check $((rc == 0)) "bounce into a folder that is not there fails"
clean "$T/bounce2.out" "$T/bounce2.err"
check $? "bounce: nothing raw in its error"

run play timeout 30 "$TMIX" --audio null play song.ini
check $rc "play --audio null plays to the end"
clean "$T/play.out" "$T/play.err"
check $? "play: nothing raw"
run opt "$TMIX" --audio "x${TITLE}${CSI8}" check song.ini
check $((rc != 2)) "a bad option value: exit 2"
run opt2 "$TMIX" "--x${TITLE}${CSI8}${BAD}"
clean "$T/opt.out" "$T/opt.err" "$T/opt2.out" "$T/opt2.err"
check $? "option errors: nothing raw"

# --- the mixer: its raw output recorded by script(1) inside a tmux pane
printf '%s' "$D" > "$T/dir" # not through tmux's command line
cat > "$T/mixer.sh" <<RUN
#!/bin/sh
P=\$(cat "$T/dir")/song.ini
export P # the command script(1) writes at the top of its record names \$P, not the path
exec script -q -e -c '"$TMIX" --audio null "\$P"' "$T/raw"
RUN
tm new-session -d -s "$SESS" -x 100 -y 30 "sh '$T/mixer.sh'"
wait_for 'MASTER' 30
check $? "the mixer starts"
keys C-s
wait_for 'saved ' 10
check $? "Ctrl-S: the status line names the saved path"
screen > "$T/screen"
grep -qF 'N\x1B]2;PWNED\x07' "$T/screen"
check $? "the header shows the project's name escaped"
grep -qF '\x1B]2;PWNED\x07x\x9B2J\xFF\xC2\x9B/song.ini' "$T/screen"
check $? "the status line shows the path escaped"
title=$(tm display-message -p -t "=$SESS:" '#{pane_title}')
[ "$title" != PWNED ]
check $? "the pane's title is its own (got '$title')"
keys q
i=0
while tm has-session -t "=$SESS" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
python3 -c '
import sys
raw = open(sys.argv[1], "rb").read()
found = [name for name, seq in (("an OSC (ESC ])", b"\x1b]"), ("a raw 0xFF", b"\xff"), ("a UTF-8 C1", b"\xc2\x9b"),
    ("a DEL", b"\x7f"), ("BEL", b"\x07")) if seq in raw]
# a raw 0x9B after an ASCII byte (inside UTF-8 it is a continuation byte)
found += ["a raw 0x9B" for i in range(1, len(raw)) if raw[i] == 0x9b and raw[i - 1] < 0x80][:1]
for f in found:
    print("#   the terminal received " + f)
sys.exit(1 if found or len(raw) < 500 else 0)' "$T/raw"
check $? "the terminal received none of the planted bytes ($(wc -c < "$T/raw") bytes recorded)"
cmp -s song.ini "$T/song.orig"
check $? "the save wrote the project back byte for byte"
echo "1..$n"
[ "$fails" = 0 ]
