/* test_escape.c — units_escape: control characters and bytes that are not
 * UTF-8 shown as \xNN, UTF-8 kept whole, cuts marked with "...", and never
 * a byte past the buffer; units_print_line and units_json_string. */
#include "tap.h"
#include "units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What f printed into a temporary file, as a string the caller frees. */
static char *printed(void (*f)(FILE *, const char *), const char *arg)
{
	FILE *t = tmpfile();
	char *buf = calloc(1, 4096);
	f(t, arg);
	rewind(t);
	if (fread(buf, 1, 4095, t)) {
	}
	fclose(t);
	return buf;
}

static void line(FILE *out, const char *name)
{
	units_print_line(out, "skipping %s: %d channels", name, 3);
}

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

	/* 8-bit C1 and bytes that are not UTF-8 */
	is_str(units_escape("a\x9b" "31mb", b, sizeof b), "a\\x9B31mb", "a raw 0x9B (8-bit CSI) escaped");
	is_str(units_escape("B\xe4ss\xff", b, sizeof b), "B\\xE4ss\\xFF", "Latin-1 and 0xFF escaped byte by byte");
	is_str(units_escape("x\xe2\x82", b, sizeof b), "x\\xE2\\x82", "a cut-short UTF-8 sequence escaped");
	is_str(units_escape("\xc0\x9b\xed\xa0\x80", b, sizeof b), "\\xC0\\x9B\\xED\\xA0\\x80",
	       "an overlong CSI and a surrogate are not UTF-8");
	is_str(units_escape("\xf0\x9f\x8e\xb8\xc2\xa0", b, sizeof b), "\xf0\x9f\x8e\xb8\xc2\xa0",
	       "four-byte UTF-8 and U+00A0 kept");
	is_int((long long)units_escape_size("\x9b"), 5, "size: a stray byte takes four");

	{
		char *o = printed(line, "k\033]52;c;QQ==\007ick\n.wav");
		is_str(o, "skipping k\\x1B]52;c;QQ==\\x07ick\\x0A.wav: 3 channels\n",
		       "a message line: the name escaped, a newline in it too, one newline at the end");
		free(o);
		char big[3000];
		memset(big, 'a', sizeof big - 1);
		big[sizeof big - 1] = 0;
		big[2000] = '\033';
		o = printed(line, big);
		ok(strlen(o) == strlen("skipping : 3 channels\n") + 2998 + 4 && strstr(o, "\\x1B") && !strchr(o, '\033'),
		   "a message longer than the first buffer is printed whole, escaped");
		free(o);
		o = printed(units_json_string, "q\"\\\033\xc2\x9b\x9b\xff\xc3\xa4");
		is_str(o, "\"q\\\"\\\\\\u001b\\u009b\\ufffd\\ufffd\xc3\xa4\"",
		       "JSON: quote, backslash, ESC, C1 as \\u00XX; stray bytes as \\ufffd; UTF-8 kept");
		free(o);
	}
	return done_testing();
}
