#!/bin/sh
# same_bytes.sh OLD_TMIX NEW_TMIX [PROJECT.ini ...] — bounces each project
# (default: every .ini under projects/) with both binaries, whole song and
# stems, and compares the files byte for byte. For a change that must not
# move a sample (issue 13: the unit interface). Exit 1 on any difference.
set -u
old=$1 new=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- $(find "$here/projects" -name '*.ini' | sort)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
bad=0
for ini in "$@"; do
	for fmt in float wav24; do
		for b in old new; do
			eval bin=\$$b
			mkdir -p "$tmp/$b"
			"$bin" bounce "$ini" -o "$tmp/$b/mix.wav" --format $fmt >/dev/null 2>&1 ||
				{ echo "FAIL: $b bounce of $ini ($fmt)"; bad=1; }
			rm -rf "$tmp/$b/stems"
			"$bin" bounce "$ini" -o "$tmp/$b/s.wav" --format float --stems "$tmp/$b/stems" >/dev/null 2>&1 ||
				{ echo "FAIL: $b stems of $ini"; bad=1; }
		done
		if cmp -s "$tmp/old/mix.wav" "$tmp/new/mix.wav" && diff -r "$tmp/old/stems" "$tmp/new/stems" >/dev/null; then
			echo "same: $ini ($fmt, $(cksum <"$tmp/new/mix.wav" | cut -d' ' -f1), stems)"
		else
			echo "DIFFERENT: $ini ($fmt)"
			bad=1
		fi
	done
done
exit $bad
