#!/bin/sh
# test_plugins.sh — `tmix plugins [WORDS] [--json]`: the installed LV2
# plugins filtered by words, their ports, latency and required features,
# "2 mono instances" where so, why tmix cannot run one, JSON for scripts,
# names escaped. A bundle of Turtle files made here (no binary needed)
# gives the cases no Debian package has; the packaged ones skip, saying
# which package, where it is absent.
: "${TMIX:=./tmix}"
dir=$(mktemp -d /tmp/tmix-plugins-XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$dir/out" | head -20; fi; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

mkdir -p "$dir/lv2/t.lv2"
cat > "$dir/lv2/t.lv2/manifest.ttl" <<'EOF'
@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:tmix:t#needs> a lv2:Plugin ; lv2:binary <none.so> ; rdfs:seeAlso <p.ttl> .
<urn:tmix:t#gen> a lv2:Plugin ; lv2:binary <none.so> ; rdfs:seeAlso <p.ttl> .
EOF
esc=$(printf '\033')
cat > "$dir/lv2/t.lv2/p.ttl" <<EOF
@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix doap: <http://usefulinc.com/ns/doap#> .
<urn:tmix:t#needs> a lv2:Plugin, lv2:DelayPlugin ; doap:name "Needs Paths" ;
  lv2:requiredFeature <http://lv2plug.in/ns/ext/state#mapPath>, <http://lv2plug.in/ns/ext/urid#map> ;
  lv2:port [ a lv2:AudioPort, lv2:InputPort ; lv2:index 0 ; lv2:symbol "in" ; lv2:name "In" ] ,
           [ a lv2:AudioPort, lv2:OutputPort ; lv2:index 1 ; lv2:symbol "out" ; lv2:name "Out" ] .
<urn:tmix:t#gen> a lv2:Plugin, lv2:GeneratorPlugin ; doap:name "Gen${esc}[2J" ;
  lv2:port [ a lv2:AudioPort, lv2:OutputPort ; lv2:index 0 ; lv2:symbol "out" ; lv2:name "Out" ] .
EOF

LV2_PATH="$dir/lv2" "$TMIX" plugins > "$dir/out" 2>&1; rc=$?
t "a plugin requiring state:mapPath: the feature marked, and why it cannot run" \
	'[ $rc -eq 0 ] && grep -q "requires:.* state:mapPath (tmix lacks it)" "$dir/out" && grep -q "requires:.* urid:map" "$dir/out" &&
	 grep -q "cannot run in tmix: it requires the host feature http://lv2plug.in/ns/ext/state#mapPath" "$dir/out"'
t "a generator (no audio input): refused with the port counts" \
	'grep -q "cannot run in tmix: it has 0 audio inputs and 1 output" "$dir/out"'
t "a name with an escape sequence is shown escaped" '! grep -q "$esc" "$dir/out" && grep -q "^Gen" "$dir/out"'
LV2_PATH="$dir/lv2" "$TMIX" plugins PATHS URN:tmix > "$dir/out" 2>&1
t "words match name and URI, any case, all of them" \
	'grep -q "urn:tmix:t#needs" "$dir/out" && ! grep -q "urn:tmix:t#gen" "$dir/out"'
LV2_PATH="$dir/lv2" "$TMIX" plugins paths generator > "$dir/out" 2>&1
t "a word that matches nothing: none matches" 'grep -q "^none of the 2 installed LV2 plugins matches" "$dir/out"'
LV2_PATH="$dir/empty" "$TMIX" plugins > "$dir/out" 2>&1; rc=$?
t "no plugins at all: said, with where lilv looks" '[ $rc -eq 0 ] && grep -q "^no LV2 plugins installed" "$dir/out"'
"$TMIX" plugins --frobnicate > /dev/null 2> "$dir/out"; rc=$?
t "an unknown option: the reason first, exit 2" '[ $rc -eq 2 ] && head -n 1 "$dir/out" | grep -q "^tmix plugins: unknown option --frobnicate$"'

if "$TMIX" plugins sc4 swh | grep -q plugin.org.uk/swh-plugins/sc4; then
	"$TMIX" plugins sc4 swh > "$dir/out"
	t "swh sc4: its URI, 2 in 2 out, latency 0, requires nothing" \
		'grep -q "^  http://plugin.org.uk/swh-plugins/sc4$" "$dir/out" && grep -q "^  audio 2 in, 2 out; latency 0$" "$dir/out" &&
		 grep -q "requires: nothing" "$dir/out"'
	"$TMIX" plugins COMPRESSOR swh-plugins > "$dir/out"
	t "a word matches the class: swh compressors list sc4, not amp" \
		'grep -q "^SC4 (Compressor Plugin)$" "$dir/out" && ! grep -q "swh-plugins/amp$" "$dir/out"'
	"$TMIX" plugins swh-plugins/amp > "$dir/out"
	t "swh amp (mono): runs as 2 mono instances on stereo strips" \
		'grep -q "audio 1 in, 1 out; latency 0; runs as 2 mono instances on stereo strips" "$dir/out"'
else
	skip "swh-lv2 not installed (swh sc4)"
	skip "swh-lv2 not installed (swh sc4)"
	skip "swh-lv2 not installed (swh amp)"
fi
if "$TMIX" plugins dpl | grep -q 'gareus.org/oss/lv2/dpl#stereo'; then
	"$TMIX" plugins --json dpl > "$dir/out"
	if command -v python3 > /dev/null 2>&1; then
		t "--json: dpl stereo reports latency, needs urid:map, 2 in 2 out" \
			'python3 -c "
import json, sys
p = {x[\"uri\"]: x for x in json.load(open(sys.argv[1]))}[\"http://gareus.org/oss/lv2/dpl#stereo\"]
assert p[\"latency\"] == \"reports\" and p[\"audio_in\"] == 2 and p[\"audio_out\"] == 2 and p[\"refused\"] is None
assert p[\"required_features\"] == [{\"uri\": \"http://lv2plug.in/ns/ext/urid#map\", \"supported\": True}]
" "$dir/out"'
	else
		skip "python3 is not installed"
	fi
else
	skip "x42-plugins not installed (x42 dpl)"
fi
echo "1..$n"
