#!/bin/sh
# test_sidechain_cli.sh — a sidechain key that closes a circle, or names
# no strip, stops `tmix check` and `tmix bounce` with FILE:LINE and the
# circle spelled out, exit status 2, the project file untouched and no
# bounce written. TAP output.
: "${TMIX:=./tmix}"
: "${top_builddir:=.}"
tool="$top_builddir/tests/harden_tool"
dir=$(mktemp -d /tmp/tmix-sccli-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$dir/err"; fi; }

"$tool" stem "$dir/tone.wav" pcm16 48000 1 1 || exit 99
cat > "$dir/song.ini" <<'EOT'
; Bass ducks under the kick, and the kick under the bass
[track "Kick"]
file = tone.wav
comp.threshold = -20 dB
comp.key = Bass   ; line 5

[track "Bass"]
file = tone.wav
output = Low
comp.key = Kick

[bus "Low"]
EOT
cp "$dir/song.ini" "$dir/before.ini"

"$TMIX" check "$dir/song.ini" 2>"$dir/err" >&2; rc=$?
t "check: a circle of keys is exit 2" '[ $rc -eq 2 ]'
t "check: FILE:LINE names the circle" \
	'grep -q "song.ini:5: comp.key = Bass makes a circle: Bass -> Kick -> Bass" "$dir/err"'
"$TMIX" bounce "$dir/song.ini" -o "$dir/out.wav" 2>"$dir/err"; rc=$?
t "bounce: refused the same way, exit 2, nothing written" \
	'[ $rc -eq 2 ] && grep -q "song.ini:5: comp.key = Bass makes a circle" "$dir/err" && [ ! -e "$dir/out.wav" ]'
t "the project file is untouched" 'cmp -s "$dir/song.ini" "$dir/before.ini"'

# through a bus: Kick keyed by the bus that Bass feeds, Bass keyed by Kick
sed 's/^comp.key = Bass   ; line 5$/comp.key = Low/' "$dir/before.ini" > "$dir/song.ini"
"$TMIX" check "$dir/song.ini" 2>"$dir/err" >&2; rc=$?
t "a circle through a bus: Low -> Kick -> Bass -> Low, exit 2" \
	'[ $rc -eq 2 ] && grep -q "song.ini:5: comp.key = Low makes a circle: Low -> Kick -> Bass -> Low" "$dir/err"'

# an unknown strip: FILE:LINE and a suggestion
sed 's/^comp.key = Bass   ; line 5$/gate.key = Bas/' "$dir/before.ini" > "$dir/song.ini"
"$TMIX" check "$dir/song.ini" 2>"$dir/err" >&2; rc=$?
t "an unknown key strip: exit 2, FILE:LINE, did you mean" \
	'[ $rc -eq 2 ] && grep -q "song.ini:5: gate.key = Bas: there is no track or bus named \"Bas\" (did you mean \"Bass\"?)" "$dir/err"'

# without the circle it checks and bounces
sed 's/^comp.key = Bass   ; line 5$/comp.key = none/' "$dir/before.ini" > "$dir/song.ini"
"$TMIX" check "$dir/song.ini" 2>"$dir/err" >&2; rc=$?
t "one way only (Bass keyed by Kick): check passes" '[ $rc -eq 0 ]'
echo "1..$n"
