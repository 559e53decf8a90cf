#!/bin/sh
# man/lint.sh: TAP test: the man pages format without warnings.
# groff -ww must print nothing; mandoc -Tlint (if installed) must print
# nothing at level warning or above.
srcdir=${top_srcdir:-.}
pages="man/tmix.1 man/tmix-project.5"

if ! command -v groff >/dev/null 2>&1; then
	echo "1..0 # SKIP groff not installed"
	exit 0
fi
have_mandoc=no
command -v mandoc >/dev/null 2>&1 && have_mandoc=yes

n=0
for p in $pages; do n=$((n + 1)); done
[ $have_mandoc = yes ] && n=$((n * 2))
echo "1..$n"

i=0
for p in $pages; do
	i=$((i + 1))
	out=$(groff -man -Tutf8 -ww -z "$srcdir/$p" 2>&1)
	if [ -z "$out" ]; then echo "ok $i - groff -ww $p"
	else echo "not ok $i - groff -ww $p"; echo "$out" | sed 's/^/# /'; fi
	if [ $have_mandoc = yes ]; then
		i=$((i + 1))
		out=$(mandoc -man -Tlint -W warning "$srcdir/$p" 2>&1)
		if [ -z "$out" ]; then echo "ok $i - mandoc -Tlint $p"
		else echo "not ok $i - mandoc -Tlint $p"; echo "$out" | sed 's/^/# /'; fi
	fi
done
