/* escape.c — text from a project file or a file name, made safe to show
 * (units.h). A name may hold any byte but NUL and newline (a file name on
 * disk, even a newline); printed raw, an ESC, a CSI (0x9B, or U+009B in
 * UTF-8) or a carriage return could redraw the terminal, set its title or
 * clipboard, or forge a message line. So every command prints its
 * messages through units_print_line or diags_print, the screen draws all
 * text through widget_text, and JSON strings go through
 * units_json_string: each passes the text through here. */
#include "tmix.h"
#include "units.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of the well-formed UTF-8 character at s (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0 when s does not
 * start one: a stray byte such as 0x9B is 8-bit CSI to some terminals and
 * makes JSON invalid. */
static size_t utf8_len(const unsigned char *s)
{
	size_t k;
	unsigned char lo = 0x80, hi = 0xbf;

	if (*s < 0x80)
		return 1;
	if (*s >= 0xc2 && *s <= 0xdf)
		k = 2;
	else if (*s >= 0xe0 && *s <= 0xef) {
		k = 3;
		if (*s == 0xe0)
			lo = 0xa0;
		else if (*s == 0xed)
			hi = 0x9f;
	} else if (*s >= 0xf0 && *s <= 0xf4) {
		k = 4;
		if (*s == 0xf0)
			lo = 0x90;
		else if (*s == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return k;
}

/* At s, the bytes of one character and whether they are shown escaped:
 * C0 controls, DEL, C1 controls (U+0080..U+009F: CSI is one) and every
 * byte that is not part of well-formed UTF-8. Other UTF-8 is kept. */
static size_t step(const unsigned char *s, bool *esc)
{
	size_t k = utf8_len(s);
	*esc = k == 0 || *s < 0x20 || *s == 0x7f || (s[0] == 0xc2 && s[1] <= 0x9f);
	return k ? k : 1;
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
		bool esc;
		size_t k = step(u, &esc), need = esc ? 4 * k : k;
		if (o + need > room)
			break;
		if (esc)
			for (size_t i = 0; i < k; i++, o += 4)
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
		bool esc;
		size_t k = step(u, &esc);
		n += esc ? 4 * k : k;
		u += k;
	}
	return n;
}

char *units_escape_dup(const char *s)
{
	size_t n = units_escape_size(s);
	return units_escape(s, xmalloc(n), n);
}

void units_print_line(FILE *out, const char *fmt, ...)
{
	char small[1024], *text = small, *e;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof small) {
		text = xmalloc((size_t)len + 1);
		va_start(ap, fmt);
		vsnprintf(text, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}
	e = units_escape_dup(text);
	fprintf(out, "%s\n", e);
	free(e);
	if (text != small)
		free(text);
}

void units_json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (const unsigned char *u = (const unsigned char *)(s ? s : ""); *u;) {
		size_t k = utf8_len(u);
		if (!k) {
			fputs("\\ufffd", out); /* not UTF-8: JSON text cannot hold it */
			u++;
			continue;
		}
		if (*u == '"' || *u == '\\')
			fprintf(out, "\\%c", *u);
		else if (*u < 0x20 || *u == 0x7f)
			fprintf(out, "\\u%04x", *u);
		else if (u[0] == 0xc2 && u[1] <= 0x9f)
			fprintf(out, "\\u%04x", u[1]); /* C1, exactly, but never raw */
		else
			fwrite(u, 1, k, out);
		u += k;
	}
	putc('"', out);
}
