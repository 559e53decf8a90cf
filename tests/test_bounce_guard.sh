#!/bin/sh
# test_bounce_guard.sh — `tmix bounce` never writes over what the project
# is made of (the project file, its .bak, a stem, a reference track):
# exit 2, a message naming the file, the file untouched. And -o picks
# the format from the name when --format is not given.
: "${TMIX:=./tmix}"
: "${top_builddir:=.}"
tool="$top_builddir/tests/harden_tool"
dir=$(mktemp -d /tmp/tmix-bguard-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$dir/err"; fi; }

"$tool" stem "$dir/kick.wav" pcm16 48000 1 1 || exit 99
"$tool" stem "$dir/ref.wav" pcm16 48000 2 1 || exit 99
printf '[track "kick"]\nfile = kick.wav\n[reference "Pro"]\nfile = ref.wav\n' > "$dir/song.ini"
cp "$dir/song.ini" "$dir/song.orig"
cp "$dir/kick.wav" "$dir/kick.orig"
cp "$dir/song.ini" "$dir/song.ini.bak"

# --format, so that the name alone is no reason to refuse
refused() { # OUTPUT-ARGS... ; the file the message must name is $want
	"$TMIX" bounce "$dir/song.ini" --format wav24 "$@" 2>"$dir/err"; rc=$?
	[ $rc -eq 2 ] && grep -q "will not write over.*$want" "$dir/err"
}
want=song.ini;     t "-o the project file: exit 2, names it" 'refused -o "$dir/song.ini"'
t "the project file is untouched" 'cmp -s "$dir/song.ini" "$dir/song.orig"'
want=kick.wav;     t "-o a stem: exit 2, names it" 'refused -o "$dir/kick.wav"'
t "the stem is untouched" 'cmp -s "$dir/kick.wav" "$dir/kick.orig"'
want=song.ini.bak; t "-o the project's .bak: exit 2" 'refused -o "$dir/song.ini.bak"'
want=ref.wav;      t "-o the reference track: exit 2" 'refused -o "$dir/ref.wav"'
ln -s kick.wav "$dir/alias.wav"
want=alias.wav;    t "-o a link to a stem: exit 2" 'refused -o "$dir/alias.wav"'
want=kick.wav;     t "--stems into the stems' folder (track kick): exit 2" 'refused -o "$dir/mix.wav" --stems "$dir"'
t "nothing was written" '[ ! -e "$dir/mix.wav" ] && [ ! -e "$dir/Master.wav" ] && cmp -s "$dir/kick.wav" "$dir/kick.orig"'
printf '[track "kick"]\nfile = odd.wav\n' > "$dir/odd.ini"
cp "$dir/kick.wav" "$dir/odd.wav"
"$TMIX" bounce "$dir/odd.ini" 2>"$dir/err"; rc=$?
t "the default NAME.wav when that is a stem: exit 2" '[ $rc -eq 2 ] && grep -q "will not write over.*odd.wav" "$dir/err" && cmp -s "$dir/odd.wav" "$dir/kick.wav"'

# the format from the name
"$TMIX" bounce "$dir/song.ini" -o "$dir/song.ini" 2>"$dir/err"; rc=$?
t "-o song.ini without --format: exit 2, says it is the project file" '[ $rc -eq 2 ] && grep -q "will not write over.*song.ini.*project file" "$dir/err" && cmp -s "$dir/song.ini" "$dir/song.orig"'
"$TMIX" bounce "$dir/song.ini" -o "$dir/mix.flac" 2>"$dir/err"; rc=$?
t "-o mix.flac writes FLAC" '[ $rc -eq 0 ] && [ "$(head -c 4 "$dir/mix.flac")" = fLaC ]'
"$TMIX" bounce "$dir/song.ini" -o "$dir/mix.WAV" 2>"$dir/err"; rc=$?
t "-o mix.WAV writes WAV" '[ $rc -eq 0 ] && [ "$(head -c 4 "$dir/mix.WAV")" = RIFF ]'
"$TMIX" bounce "$dir/song.ini" -o "$dir/mix.mp3" 2>"$dir/err"; rc=$?
t "-o mix.mp3: exit 2, names it, nothing written" '[ $rc -eq 2 ] && grep -q "mix.mp3" "$dir/err" && [ ! -e "$dir/mix.mp3" ]'
"$TMIX" bounce "$dir/song.ini" -o "$dir/mix.mp3" --format wav16 2>"$dir/err"; rc=$?
t "with --format the name is the caller's choice" '[ $rc -eq 0 ] && [ "$(head -c 4 "$dir/mix.mp3")" = RIFF ]'
echo "1..$n"
