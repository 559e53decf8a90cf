# man/: the two manual pages, plain man(7) roff.
dist_man_MANS += man/tmix.1 man/tmix-project.5

# `make check` lints them (groff -ww, and mandoc -Tlint when installed).
TESTS += man/lint.sh
EXTRA_DIST += man/lint.sh
