#!/bin/sh
# test_init.sh — `tmix init` on a folder of stems with messy names: the
# project passes `tmix check`, tracks come in console order with clean
# names and family colours, the drums through a group bus, every track
# sending to a reverb and a delay at -inf, the common rate wins, the
# project lands beside the stems folder, nothing is overwritten.
TMIX=${TMIX:-./tmix}
dir=$(mktemp -d /tmp/tmix-init-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }

# little-endian integers and a silent 16-bit WAV, without sox
le() {
	v=$1 i=0
	while [ $i -lt "$2" ]; do printf "\\$(printf %03o $((v & 255)))"; v=$((v >> 8)); i=$((i + 1)); done
}
wav() { # PATH RATE CHANNELS FRAMES
	bytes=$(($4 * $3 * 2))
	{ printf RIFF; le $((36 + bytes)) 4; printf 'WAVEfmt '; le 16 4; le 1 2; le "$3" 2; le "$2" 4
	  le $(($2 * $3 * 2)) 4; le $(($3 * 2)) 2; le 16 2; printf data; le $bytes 4
	  head -c $bytes /dev/zero; } > "$1"
}

s="$dir/song/stems"
mkdir -p "$s"
for f in "03_LeadVox_final.wav" "01 Kick In.wav" "bass_DI.wav" "OH_L.wav" "Gtr2-take3.wav" "02_Snare.wav" \
	"Kick.wav" "kick_final.wav" "Ambience.wav" "SN_top.wav"; do
	wav "$s/$f" 48000 1 4800
done
wav "$s/keys.wav.tmp" 44100 2 4410
if command -v sox >/dev/null 2>&1; then
	sox "$s/keys.wav.tmp" "$s/keys.flac" && rm "$s/keys.wav.tmp"
elif command -v ffmpeg >/dev/null 2>&1; then
	ffmpeg -loglevel error -i "$s/keys.wav.tmp" -f flac "$s/keys.flac" && rm "$s/keys.wav.tmp"
else
	echo "# neither sox nor ffmpeg: keys.flac is a WAV under that name (libsndfile reads by content)"
	mv "$s/keys.wav.tmp" "$s/keys.flac"
fi
echo "take 3 was the best" > "$s/notes.txt"
mkdir "$s/old takes"

"$TMIX" init "$s" 2> "$dir/err"
ok $? "init exits 0"
ini="$dir/song/song.ini"
ok "$([ -f "$ini" ] && [ ! -e "$s/song.ini" ]; echo $?)" "default output: NAME.ini beside DIR (not inside it), NAME the song folder above stems/"
grep -q "notes.txt" "$dir/err"
ok $? "notes.txt skipped with a note on stderr"
"$TMIX" check "$ini" > "$dir/check" 2>&1
ok $? "tmix check accepts the project"
grep -q "stems resampled to 48000 Hz" "$dir/check" && grep -q "keys.flac (44100 Hz)" "$dir/check"
ok $? "session rate: the most common stem rate; the odd one is resampled"
grep -q "^rate = 48000 .*; the most common" "$ini" && grep -q "^; keys.flac is at 44100 Hz" "$ini"
ok $? "and the file says so in a comment"

names=$(sed -n 's/^\[track "\(.*\)"\]$/\1/p' "$ini" | tr '\n' '|')
want="Kick In|Snare|Kick|Kick 2|OH L|SN Top|Bass DI|Gtr 2|Keys|Lead Vox|Ambience|"
[ "$names" = "$want" ]
ok $? "tracks in console order with clean, unique names"
[ "$names" = "$want" ] || { echo "#   got  $names"; echo "#   want $want"; }

colour() { sed -n "/^\[track \"$1\"\]/,/^\[/s/^colour = //p" "$ini"; }
[ "$(colour 'Kick In')$(colour 'OH L')$(colour 'SN Top')$(colour 'Bass DI')$(colour 'Gtr 2')$(colour Keys)$(colour 'Lead Vox')$(colour Ambience)" = \
  "redredredyellowgreencyanmagentawhite" ]
ok $? "colours by family (SN_top is a drum)"
grep -q '^file = stems/03_LeadVox_final.wav$' "$ini"
ok $? "paths relative to the project's folder"
key() { sed -n "/^\[track \"$1\"\]/,/^\[/s/^$2 = //p" "$ini"; }
[ "$(key 'Kick In' output)$(key 'SN Top' output)$(key 'OH L' output)" = DrumsDrumsDrums ] &&
	[ -z "$(key 'Bass DI' output)" ] && grep -q '^\[bus "Drums"\]' "$ini"
ok $? "the drum tracks play through a Drums group bus, the others to the master"
[ "$(grep -c '^send.Reverb = -inf$' "$ini")" = 11 ] && [ "$(grep -c '^send.Delay = -inf$' "$ini")" = 11 ]
ok $? "every track sends to the reverb and the delay at -inf"
grep -q '^\[bus "Reverb"\]' "$ini" && grep -q '^fx = reverb' "$ini" && grep -q '^\[bus "Delay"\]' "$ini" &&
	grep -q '^fx = delay' "$ini" && grep -q '^limiter = -1 dBTP' "$ini" && grep -q '^target = -14 LUFS' "$ini"
ok $? "a reverb and a delay bus, limiter at -1 dBTP, target -14 LUFS"
[ "$(grep -c '^;' "$ini")" -ge 10 ]
ok $? "comments for the person who edits it"

sum=$(cksum < "$ini")
"$TMIX" init "$s" 2> "$dir/err"
rc=$?
ok "$([ $rc = 2 ] && [ "$(cksum < "$ini")" = "$sum" ]; echo $?)" "refuses to overwrite: exit 2, file untouched"
grep -q "already exists" "$dir/err"
ok $? "and says why"

"$TMIX" init "$s" -o "$dir/song/mix.ini" 2> /dev/null
ok $? "-o elsewhere"
grep -q '^file = stems/bass_DI.wav$' "$dir/song/mix.ini" && "$TMIX" check "$dir/song/mix.ini" > /dev/null 2>&1
ok $? "paths relative to that project's folder, and it checks"
"$TMIX" analyze "$dir/song/mix.ini" --json > /dev/null 2>&1
ok $? "tmix analyze runs on it"

(cd "$dir/song" && "$TMIX" init stems -o ../rel.ini 2> /dev/null) && grep -q '^file = song/stems/Kick.wav$' "$dir/rel.ini" &&
	"$TMIX" check "$dir/rel.ini" > /dev/null 2>&1
ok $? "a relative DIR with -o in another folder: paths relative to the project"
mkdir -p "$dir/other/audio" && cp "$s/Kick.wav" "$s/02_Snare.wav" "$dir/other/audio/"
(cd "$dir/other" && "$TMIX" init audio 2> /dev/null) && [ -f "$dir/other/other.ini" ] &&
	grep -q '^file = audio/Kick.wav$' "$dir/other/other.ini"
ok $? "tmix init audio writes ./other.ini beside the folder"

mkdir "$dir/empty"
echo hi > "$dir/empty/readme.txt"
"$TMIX" init "$dir/empty" 2> /dev/null
ok "$([ $? = 2 ]; echo $?)" "a folder without audio: exit 2"
"$TMIX" init "$dir/nope" 2> /dev/null
ok "$([ $? = 2 ]; echo $?)" "a folder that does not exist: exit 2"
ok "$(ls -A "$s" | grep -q '^\.'; [ $? != 0 ]; echo $?)" "no temporary file left in the stems folder"

echo "1..$n"
exit $fail
