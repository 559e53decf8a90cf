/* test_escape.c — units_escape: control characters shown as \xNN, UTF-8
 * kept whole, cuts marked with "...", and never a byte past the buffer. */
#include "tap.h"
#include "units.h"
#include <stdlib.h>

int main(void)
{
	char b[64], small[12];

	is_str(units_escape("Kick", b, sizeof b), "Kick", "plain text unchanged");
	is_str(units_escape("Bäss DI — ünï", b, sizeof b), "Bäss DI — ünï", "UTF-8 unchanged");
	is_str(units_escape("a\033[2Jb", b, sizeof b), "a\\x1B[2Jb", "ESC escaped");
	is_str(units_escape("t\tab\r\177", b, sizeof b), "t\\x09ab\\x0D\\x7F", "tab, CR and DEL escaped");
	is_str(units_escape("c1\xc2\x9b", b, sizeof b), "c1\\xC2\\x9B", "UTF-8 C1 control (CSI) escaped");
	is_str(units_escape(NULL, b, sizeof b), "", "NULL is empty");
	is_int((long long)units_escape_size("a\033"), 6, "size: one byte, one escape, the NUL");
	is_str(units_escape("abcdefghijklmnop", small, sizeof small), "abcdefgh...", "a cut is marked");
	is_str(units_escape("abcdef\033xy", small, sizeof small), "abcdef...", "an escape is not cut in half");
	is_str(units_escape("abcdefgäää", small, sizeof small), "abcdefg...", "a UTF-8 character is not cut in half");
	is_str(units_escape("abcdefghijk", small, sizeof small), "abcdefghijk", "exactly full: no cut");
	is_str(units_escape("abc", small, 1), "", "a one-byte buffer holds the NUL");
	return done_testing();
}
