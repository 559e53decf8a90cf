#!/bin/sh
# test_deliver.sh — listening checks and delivery (issue 15): `tmix
# analyze` reports correlation and the mono fold (an inverted side folds
# to silence, a centred mono stem loses nothing), `analyze --targets` what
# each platform would do; `bounce --deliver` writes one file per target,
# each measured by ffmpeg's ebur128 filter on its loudness and under its
# ceiling; unknown targets and -o FILE are refused; --normalize with the
# limiter out of reach takes two passes and is the whole render's file.
: "${TMIX:=./tmix}"
: "${top_builddir:=.}"
: "${srcdir:=.}"
dir=$(mktemp -d /tmp/tmix-deliver-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$dir/err" 2>/dev/null; fi; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
have() { command -v "$1" >/dev/null 2>&1; }
# a figure from analyze --json: j FILE PYTHON-EXPRESSION-ON-d
j() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# ffmpeg's ebur128 on a file: "I TP" (integrated LUFS, true peak dBTP)
ff() {
	ffmpeg -nostdin -nostats -hide_banner -i "$1" -af ebur128=peak=true -f null - 2>&1 |
		awk '/Integrated loudness:/{i=1} i&&/ I:/{I=$2; i=0} /True peak:/{p=1} p&&/Peak:/{P=$2; p=0} END{print I, P}'
}
le() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN{exit !(a <= b)}'; }
near() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN{x=a-b; if (x<0) x=-x; exit !(x <= d + 1e-9)}'; }

if ! have sox || ! have python3; then
	echo "1..0 # SKIP needs sox and python3"
	exit 0
fi

# ---- analyze: correlation and the mono fold ----
sox -n -r 48000 -b 24 -c 1 "$dir/mono.wav" synth 4 sine 440 vol 0.3 2>/dev/null
sox "$dir/mono.wav" "$dir/inv.wav" remix 1 1i
printf '[track "Wide"]\nfile = inv.wav\n' > "$dir/inv.ini"
printf '[project]\npanlaw = -3 dB\n[track "Centre"]\nfile = mono.wav\n[track "Left"]\nfile = mono.wav\npan = -100\n' > "$dir/mono.ini"

"$TMIX" analyze "$dir/inv.ini" --json > "$dir/inv.json" 2>"$dir/err"; rc=$?
c=$(j "$dir/inv.json" 'd["tracks"][0]["stereo"]["correlation"]')
t "analyze --json, a stem whose right is its left inverted: exit 0, correlation $c, at most -0.95" '[ $rc -eq 0 ] && le "$c" -0.95'
w=$(j "$dir/inv.json" 'd["tracks"][0]["stereo"]["correlation_worst_400ms"]')
t "and its worst 400 ms too ($w)" 'le "$w" -0.95'
f=$(j "$dir/inv.json" 'd["tracks"][0]["stereo"]["mono_fold_silent"] or d["tracks"][0]["stereo"]["mono_fold_drop_lu"] >= 40')
t "its mono fold is silence (or 40 LU down): $f" '[ "$f" = True ]'
f=$(j "$dir/inv.json" 'd["mix"]["stereo"]["mono_fold_silent"] and d["mix"]["stereo"]["correlation"] <= -0.95')
t "and so is the mix's" '[ "$f" = True ]'
s=$(j "$dir/inv.json" 'min(v for v in d["tracks"][0]["stereo"]["width_side_mid"].values() if v is not None)')
t "all side, no mid: width at its 1000 cap in every measured band (least $s)" 'near "$s" 1000 0'

"$TMIX" analyze "$dir/mono.ini" --json > "$dir/mono.json" 2>"$dir/err"; rc=$?
f=$(j "$dir/mono.json" 'd["tracks"][0]["stereo"]["correlation"] == 1 and d["tracks"][0]["stereo"]["mono_stem"]')
t "analyze --json, a mono stem centred: exit 0, correlation +1 (by definition), marked a mono stem" '[ $rc -eq 0 ] && [ "$f" = True ]'
dl=$(j "$dir/mono.json" 'd["tracks"][0]["stereo"]["mono_fold_drop_lu"]')
t "centred mono: no loss folded to mono ($dl LU): identical sides, whatever the pan law" 'near "$dl" 0 0.02'
dl=$(j "$dir/mono.json" 'd["tracks"][1]["stereo"]["mono_fold_drop_lu"]')
t "hard left: the pan law's 3.01 LU ($dl)" 'near "$dl" 3.01 0.05'
f=$(j "$dir/mono.json" 'd["tracks"][1]["stereo"]["correlation"]')
t "hard left mono is still +1 by definition ($f)" 'near "$f" 1 0'
"$TMIX" analyze "$dir/mono.ini" > "$dir/mono.txt" 2>"$dir/err"
t "text: a Stereo table, the centred row +1.00 +1.00 0.0" 'grep -Eq "^Centre +\+1\.00 +\+1\.00 +0\.0 .*mono stem" "$dir/mono.txt"'

# ---- analyze --targets ----
"$TMIX" analyze "$dir/mono.ini" --targets --json > "$dir/tg.json" 2>"$dir/err"; rc=$?
f=$(j "$dir/tg.json" '[t["name"] for t in d["targets"]]')
t "analyze --targets --json: exit 0, every target and the project's own: $f" '[ $rc -eq 0 ] && [ "$f" = "['"'spotify', 'spotify-loud', 'apple', 'youtube', 'amazon', 'deezer', 'tidal', 'ebu-r128', 'atsc-a85', 'project'"']" ]'
f=$(j "$dir/tg.json" 'all(abs(t["gain_db"] - (t["lufs"] - d["mix"]["integrated_lufs"])) < 0.01 and t["passes"] == (d["mix"]["true_peak_dbtp"] + t["gain_db"] <= t["ceiling_dbtp"] + 0.01) for t in d["targets"])')
t "each: gain = target - integrated, passes = true peak after the gain under the ceiling" '[ "$f" = True ]'
"$TMIX" analyze "$dir/mono.ini" --targets > "$dir/tg.txt" 2>"$dir/err"
t "text: a row per target with its gain" 'grep -Eq "^ebu-r128 +-23\.0 +-1\.0 +[-+][0-9.]+ " "$dir/tg.txt" && grep -q "^project " "$dir/tg.txt"'

# ---- errors ----
"$TMIX" bounce "$dir/mono.ini" --deliver spotify,spotfy -o "$dir/o/" 2>"$dir/err"; rc=$?
t "--deliver spotfy: exit 2, names it and lists the known targets" \
	'[ $rc -eq 2 ] && grep -q "unknown target .spotfy.: the known ones are spotify, spotify-loud, apple, youtube, amazon, deezer, tidal, ebu-r128, atsc-a85 and project" "$dir/err" && [ ! -e "$dir/o" ]'
"$TMIX" bounce "$dir/mono.ini" --deliver spotify -o "$dir/one.wav" 2>"$dir/err"; rc=$?
t "--deliver with -o one file: exit 2, says why, writes nothing" \
	'[ $rc -eq 2 ] && grep -q "one file per target.*-o must name a folder" "$dir/err" && [ ! -e "$dir/one.wav" ] && [ -z "$(ls "$dir" | grep -- -spotify)" ]'

# ---- --normalize: the limiter out of reach, one measuring pass less ----
"$TMIX" bounce "$dir/mono.ini" --normalize -30 -o "$dir/n.wav" 2>"$dir/err"; rc=$?
t "--normalize -30 with no limiting: 2 passes (the gain follows exactly), within 0.1 LU" \
	'[ $rc -eq 0 ] && grep -q "2 passes" "$dir/err" && grep -Eq "normalized to -30.0 LUFS \(measured -(30.0|29.9)" "$dir/err"'
# the tracks recorded once and the master replayed: the very file a
# whole render gives (with --stems the last pass renders everything)
printf '[track "T"]\nfile = mono.wav\n[track "Wide"]\nfile = inv.wav\ngain = -12\n[master]\nlimiter = -1 dBTP\n' > "$dir/lim.ini"
"$TMIX" bounce "$dir/lim.ini" --normalize -8 -o "$dir/r.wav" 2>"$dir/err"; rc=$?
"$TMIX" bounce "$dir/lim.ini" --normalize -8 -o "$dir/w.wav" --stems "$dir/st" 2>>"$dir/err"; rc2=$?
t "--normalize -8 into the limiter: replayed, the same bytes as the whole render (a guard: the old code rendered whole)" \
	'[ $rc -eq 0 ] && [ $rc2 -eq 0 ] && cmp -s "$dir/r.wav" "$dir/w.wav" && grep -Eq "normalized to -8.0 LUFS" "$dir/err"'


# a master keyed by a track needs that track on every pass: not replayed
sox -n -r 48000 -b 24 -c 1 "$dir/kick.wav" synth 4 square 2 vol 0.5 2>/dev/null
printf '[track "T"]\nfile = mono.wav\n[track "Kick"]\nfile = kick.wav\ngain = -40\n[master]\ncomp.threshold = -40 dB\ncomp.ratio = 8\ncomp.key = Kick\nlimiter = -1 dBTP\n' > "$dir/key.ini"
"$TMIX" bounce "$dir/key.ini" --normalize -12 -o "$dir/kr.wav" 2>"$dir/err"; rc=$?
"$TMIX" bounce "$dir/key.ini" --normalize -12 -o "$dir/kw.wav" --stems "$dir/kst" 2>>"$dir/err"; rc2=$?
t "--normalize with a keyed master: the same bytes as the whole render" \
	'[ $rc -eq 0 ] && [ $rc2 -eq 0 ] && cmp -s "$dir/kr.wav" "$dir/kw.wav"'


# ---- bounce --deliver on the demo ----
demo="$top_builddir/projects/demo/demo.ini"
[ -f "$demo" ] || demo="$srcdir/projects/demo/demo.ini"
"$TMIX" bounce "$demo" --deliver spotify,apple,ebu-r128 -o "$dir/out/" 2>"$dir/err"; rc=$?
t "--deliver spotify,apple,ebu-r128 on the demo: exit 0, three files" \
	'[ $rc -eq 0 ] && [ -s "$dir/out/demo-spotify.wav" ] && [ -s "$dir/out/demo-apple.wav" ] && [ -s "$dir/out/demo-ebu-r128.wav" ] && [ $(ls "$dir/out" | wc -l) -eq 3 ]'
if have ffmpeg; then
	for tg in spotify:-14:-1 apple:-16:-1 ebu-r128:-23:-1; do
		name=${tg%%:*}; rest=${tg#*:}; lufs=${rest%%:*}; tp=${rest#*:}
		m=$(ff "$dir/out/demo-$name.wav"); mi=${m% *}; mp=${m#* }
		t "$name: ffmpeg measures $mi LUFS (target $lufs +/- 0.1) and true peak $mp dBTP (ceiling $tp)" \
			'near "$mi" "$lufs" 0.1 && le "$mp" "$tp"'
	done
else
	skip "ffmpeg is not installed"
fi
t "each file said, with its loudness and true peak" 'grep -q "demo-apple.wav: apple -16.0 LUFS / -1.0 dBTP: -1[56]\.[0-9]* LUFS" "$dir/err"'
echo "1..$n"
