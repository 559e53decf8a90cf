/* escape.c — text from a project file or a file name, made safe to show
 * (units.h). A name may hold any byte but NUL and newline; printed raw,
 * an ESC or a carriage return could redraw the terminal or forge a
 * message line, so every path that prints user text goes through here. */
#include "tmix.h"
#include "units.h"
#include <stdio.h>
#include <string.h>

/* Bytes that a terminal acts on instead of showing: C0 controls, DEL,
 * and the UTF-8 encodings of C1 controls (U+0080..U+009F: CSI is one). */
static size_t control_len(const unsigned char *s)
{
	if (*s < 0x20 || *s == 0x7f)
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	return 0;
}

/* Bytes of the character at s: a UTF-8 sequence is kept whole when cut. */
static size_t char_len(const unsigned char *s)
{
	size_t k = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 1;
	for (size_t i = 1; i < k; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return k;
}

char *units_escape(const char *s, char *buf, size_t n)
{
	size_t o = 0, room;
	const unsigned char *u = (const unsigned char *)(s ? s : "");

	if (!n)
		return buf;
	/* when it does not all fit, keep room for "..." so a cut shows */
	room = units_escape_size(s) <= n ? n - 1 : n >= 4 ? n - 4 : n - 1;
	while (*u) {
		size_t c = control_len(u), k = c ? c : char_len(u), need = c ? 4 * c : k;
		if (o + need > room)
			break;
		if (c)
			for (size_t i = 0; i < c; i++, o += 4)
				snprintf(buf + o, 5, "\\x%02X", u[i]);
		else
			memcpy(buf + o, u, k), o += k;
		u += k;
	}
	if (*u && n >= 4)
		memcpy(buf + o, "...", 3), o += 3;
	buf[o] = 0;
	return buf;
}

size_t units_escape_size(const char *s)
{
	size_t n = 1;
	for (const unsigned char *u = (const unsigned char *)(s ? s : ""); *u;) {
		size_t c = control_len(u);
		n += c ? 4 * c : 1;
		u += c ? c : 1;
	}
	return n;
}

char *units_escape_dup(const char *s)
{
	size_t n = units_escape_size(s);
	return units_escape(s, xmalloc(n), n);
}
