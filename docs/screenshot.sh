#!/bin/sh
# screenshot.sh — docs/mixer.png and docs/mixer.txt from the real mixer:
# the demo at 80x24 under tmux with the null clock, playing, captured
# with colours, turned into HTML and photographed by headless Chromium.
# Run from the top of a built tree: sh docs/screenshot.sh
set -e
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)"; exit 1; }
S=tmixshot$$
T=$(mktemp -d)
trap 'tmux -L $S kill-server 2>/dev/null; rm -rf "$T"' EXIT
tmux -L $S new-session -d -x 80 -y 24 "./tmix --audio null projects/demo/demo.ini"
sleep 1
tmux -L $S send-keys '}' '}' ' '
sleep 3
tmux -L $S send-keys l l l l l l l
sleep 1.5
tmux -L $S capture-pane -p > docs/mixer.txt
tmux -L $S capture-pane -p -e | python3 docs/ansi2html.py > "$T/mixer.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$T/profile" --hide-scrollbars --window-size=760,470 \
	--screenshot="$PWD/docs/mixer.png" "file://$T/mixer.html" 2>/dev/null
echo "wrote docs/mixer.png and docs/mixer.txt"
