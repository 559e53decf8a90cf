#!/bin/sh
# test_tui_detail.sh — the detail panel under tmux at 80x24: frequency
# steps land on the twelfth-octave grid (and are saved as such), a
# tempo-synced delay stays a note length, `/` filters the rows, Home End
# PgUp PgDn move in the list, rows of the other effect are hidden, a
# reroute asks first, and a sidechain key steps past circles. TAP output.
. "${top_srcdir:-.}/tests/tui_lib.sh"

mkdir -p "$T/proj/stems"
for s in kick snare; do wav "$T/proj/stems/$s.wav" 3; done
cat > "$T/proj/song.ini" <<'EOF'
[project]
tempo = 120

[track "Kick"]
file = stems/kick.wav
hpf = 120 Hz          ; low cut
eq.1 = notch 60 Hz q 13.45

[track "Snare"]
file = stems/snare.wav

[bus "Drums"]

[bus "Echo"]
fx = delay
delay.time = 1/8.

[bus "Plate"]
fx = reverb
EOF
cd "$T/proj" || exit 99
tm new-session -d -s t -x 80 -y 24 "$TMIX --audio null song.ini; echo EXITED \$?; sleep 60"
wait_for 'MASTER' 10 || { echo "Bail out! the mixer did not start"; exit 1; }

echo "1..17"

# Kick's hpf is the 8th row (a mono stem has no width row); 120 Hz is
# off the grid, one l lands on it
keys Enter; wait_for 'EQ and filters'
! screen | grep -q '^ width '; check $? "a mono track lists no width row"
keys j j j j j j j l; wait_for '^ hpf +125 Hz'; check $? "l on hpf 120 Hz lands on the grid: 125 Hz"
keys L; wait_for '^ hpf +157 Hz'; check $? "L moves a third of an octave on the grid: 157 Hz"
keys h; wait_for '^ hpf +149 Hz'; check $? "h steps back a twelfth: 149 Hz"
keys l H h; wait_for "^ hpf +118 Hz"; check $? "l H h comes back down the same grid: 118 Hz"
keys C-s; wait_for '^saved '
grep -q '^hpf = 118 Hz          ; low cut$' song.ini; check $? "the file holds 118 Hz, the comment in its column"

# a notch's Q steps on its grid and stays in the range the loader takes
keys Home; keys j j j j j j j j j j j; keys l l l l l l l
wait_for '^ eq.1 +notch 60 Hz q 20 '; check $? "a notch's Q stops at the top of the one EQ range (20)"

# the filter: only matching rows, Esc brings every row back
keys /; keys -l comp; keys Enter
wait_for '/comp  9 matches' && wait_for '^ comp.makeup' && ! screen | grep -q '^ gain '
check $? "/comp shows only the nine comp rows (the key and its filters too)"
keys Escape; wait_for '^ trim ' && wait_gone 'matches'; check $? "Esc clears the filter"

# Home End PgUp PgDn move in the list, the playhead stays
keys End; wait_for 'of 39 *$' && wait_for '^ auto.mode  *read'; check $? "End shows the last row (the automation mode)"
keys Home; wait_for '1-9 of 39'; r1=$?
keys PageDown; wait_for '10-18 of 39' && [ $r1 = 0 ]; check $? "Home and PgDn page through the list"

# routing asks: n leaves it, y reroutes
keys Home; keys j j j j j j l; wait_for 'output -> Drums\? y/n'; r1=$?
keys n; wait_for '^ output +master'; r2=$?
keys l; wait_for 'y/n'; keys y; wait_for '^ output +Drums' && [ $r1 = 0 ] && [ $r2 = 0 ]
check $? "l on output asks y/n; n keeps master, y routes to Drums"

# the delay bus: its time stays a note length, no reverb rows
keys Escape; keys l l l; keys Enter; wait_for 'Echo - EQ'
keys /; keys -l reverb; keys Enter; wait_for '/reverb  0 matches'; r1=$?
keys Escape; keys /; keys -l delay.t; keys Enter; wait_for '^ delay.time +1/8\.'
keys l; wait_for '^ delay.time +1/4t'; r2=$?
keys h h; wait_for '^ delay.time +1/8 ' && [ $r1 = 0 ] && [ $r2 = 0 ]
check $? "a delay bus lists no reverb rows; its synced time steps 1/8. -> 1/4t -> 1/8"

# a sidechain key: l steps through the strips, passing over the one that
# would close a circle (Kick feeds Drums); typed, that one is refused
# with its path; x turns the detector's high-pass on; saved in place
keys Escape; wait_gone 'matches'; keys Escape; keys h h h; keys Enter; wait_for 'Kick - EQ'
keys /; keys -l comp.key; keys Enter; wait_for '/comp.key  3 matches'
keys l; wait_for '^ comp.key +Snare '; r1=$?
keys l; wait_for '^ comp.key +Echo ' && [ $r1 = 0 ]; check $? "l on comp.key: Snare, then Echo (Drums, which Kick feeds, passed over)"
keys h; wait_for '^ comp.key +Snare '
keys =; keys BSpace BSpace BSpace BSpace BSpace; keys -l Drums; keys Enter
wait_for 'comp.key = Drums makes a circle: Drums -> Kick -> Drums' && wait_for '^ comp.key +Snare '
check $? "= Drums is refused, naming the circle; the key stays"
keys j x; wait_for '^ comp.key.hpf +100 Hz'
keys C-s; wait_for '^saved '
sed -n '/^\[track "Kick"\]/,/^\[track "Snare"\]/p' song.ini | grep -q '^comp.key = Snare$' &&
	sed -n '/^\[track "Kick"\]/,/^\[track "Snare"\]/p' song.ini | grep -q '^comp.key.hpf = 100 Hz$'
check $? "saved in Kick's section: comp.key = Snare, comp.key.hpf = 100 Hz"
keys u; wait_for '^ comp.key.hpf +off'; r1=$?
keys u; wait_for '^ comp.key +Echo ' && [ $r1 = 0 ]; check $? "u undoes the filter, then the key"

keys C-s; wait_for '^saved '
keys q q; wait_for 'EXITED 0' 10
echo "# $fails failed"
[ $fails = 0 ]
