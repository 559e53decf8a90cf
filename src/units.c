/* units.c — value parsing and formatting (see units.h). */
#include "units.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int units_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
}

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Splits "  -6.5 dB " into a number and a trimmed, lower-cased unit.
 * Only the C locale's '.' is a decimal point: project files must mean the
 * same thing on every machine. */
static int split(const char *s, double *v, char *unit, size_t unitlen)
{
	char *end;
	size_t n = 0;

	s = skip_ws(s);
	if (!*s || isspace((unsigned char)*s))
		return -1;
	if (!isdigit((unsigned char)*s) && *s != '-' && *s != '+' && *s != '.')
		return -1;
	*v = strtod(s, &end);
	if (end == s || !isfinite(*v))
		return -1;
	/* strtod accepts hex and "inf"/"nan", which are not spellings we offer */
	for (const char *p = s; p < end; p++)
		if (*p == 'x' || *p == 'X' || (isalpha((unsigned char)*p) && *p != 'e' && *p != 'E'))
			return -1;
	s = skip_ws(end);
	while (*s && n + 1 < unitlen)
		unit[n++] = (char)tolower((unsigned char)*s++);
	if (*s)
		return -1;
	while (n && isspace((unsigned char)unit[n - 1]))
		n--;
	unit[n] = 0;
	return 0;
}

int units_parse_number(const char *s, double *out)
{
	char u[8];
	double v;
	if (split(s, &v, u, sizeof u) || *u)
		return -1;
	*out = v;
	return 0;
}

int units_parse_db(const char *s, double *out, bool allow_inf)
{
	char u[8];
	double v;
	const char *p = skip_ws(s);

	if (allow_inf && (strncmp(p, "-inf", 4) == 0 || strncmp(p, "-INF", 4) == 0)) {
		p = skip_ws(p + 4);
		if (*p && units_casecmp(p, "db") != 0)
			return -1;
		*out = -INFINITY;
		return 0;
	}
	if (split(s, &v, u, sizeof u))
		return -1;
	if (*u && strcmp(u, "db") && strcmp(u, "dbfs") && strcmp(u, "dbtp") && strcmp(u, "lufs") && strcmp(u, "lu"))
		return -1;
	*out = v;
	return 0;
}

int units_parse_hz(const char *s, double *out)
{
	char u[8];
	double v;
	if (split(s, &v, u, sizeof u))
		return -1;
	if (!strcmp(u, "k") || !strcmp(u, "khz"))
		v *= 1000.0;
	else if (*u && strcmp(u, "hz"))
		return -1;
	*out = v;
	return 0;
}

int units_parse_ms(const char *s, double *out)
{
	char u[8];
	double v;
	if (split(s, &v, u, sizeof u))
		return -1;
	if (!strcmp(u, "s") || !strcmp(u, "sec"))
		v *= 1000.0;
	else if (*u && strcmp(u, "ms"))
		return -1;
	*out = v;
	return 0;
}

int units_parse_seconds(const char *s, double *out)
{
	char u[8];
	double v;
	if (split(s, &v, u, sizeof u))
		return -1;
	if (!strcmp(u, "ms"))
		v /= 1000.0;
	else if (*u && strcmp(u, "s") && strcmp(u, "sec"))
		return -1;
	*out = v;
	return 0;
}

int units_parse_pct(const char *s, double *out)
{
	char u[8];
	double v;
	if (split(s, &v, u, sizeof u))
		return -1;
	if (*u && strcmp(u, "%"))
		return -1;
	*out = v;
	return 0;
}

int units_parse_pan(const char *s, double *out)
{
	const char *p = skip_ws(s);
	int c = toupper((unsigned char)*p);

	if (c == 'C' || c == 'L' || c == 'R') {
		double v = 0;
		const char *q = skip_ws(p + 1);
		if (c == 'C') {
			if (*q && units_casecmp(q, "entre") && units_casecmp(q, "enter"))
				return -1;
		} else if (*q) {
			if (!isdigit((unsigned char)*q) || units_parse_number(q, &v) || v < 0)
				return -1;
		} else {
			v = 100; /* a bare L or R is hard left/right */
		}
		*out = c == 'L' ? -v : v;
		if (c == 'C')
			*out = 0;
		return 0;
	}
	return units_parse_number(s, out);
}

int units_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"yes", "on", "true", "1"};
	static const char *const no[] = {"no", "off", "false", "0"};
	char buf[8];
	size_t n;

	s = skip_ws(s);
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	for (size_t i = 0; i < 4; i++) {
		if (!units_casecmp(buf, yes[i])) { *out = true; return 0; }
		if (!units_casecmp(buf, no[i])) { *out = false; return 0; }
	}
	return -1;
}

int units_parse_ratio(const char *s, double *out)
{
	const char *colon = strchr(s, ':');
	double a, b = 1;
	char head[64];

	if (!colon)
		return units_parse_number(s, out);
	if ((size_t)(colon - s) >= sizeof head)
		return -1;
	memcpy(head, s, (size_t)(colon - s));
	head[colon - s] = 0;
	if (units_parse_number(head, &a) || units_parse_number(colon + 1, &b) || b <= 0)
		return -1;
	*out = a / b;
	return 0;
}

int units_parse_time(const char *s, double *out)
{
	double part[3];
	int n = 0;
	const char *p = skip_ws(s);

	for (;;) {
		char *end;
		if (!isdigit((unsigned char)*p) && *p != '.')
			return -1;
		part[n] = strtod(p, &end);
		/* digits and one dot, all of them: not "1.2.3" read as 1.2,
		 * nor strtod's own "1e3" or "0x10" */
		if (end == p || !isfinite(part[n]) || end != p + strspn(p, "0123456789."))
			return -1;
		n++;
		if (*end != ':')
			break;
		/* only the last field may have a fraction: "1.5:30" is a typo */
		if (memchr(p, '.', (size_t)(end - p)) || n == 3)
			return -1;
		p = end + 1;
	}
	{
		const char *rest = skip_ws(p + strspn(p, "0123456789."));
		/* a trailing "s" is allowed on plain seconds */
		if (*rest && (n != 1 || (units_casecmp(rest, "s") && units_casecmp(rest, "sec"))))
			return -1;
	}
	for (int i = 1; i < n; i++)
		if (part[i] >= 60)
			return -1;
	if (n == 1)
		*out = part[0];
	else if (n == 2)
		*out = part[0] * 60 + part[1];
	else
		*out = part[0] * 3600 + part[1] * 60 + part[2];
	/* beyond this a time cannot be written back in milliseconds (the
	 * fuzzer found 3e107 minutes saved as a negative time) */
	if (*out > UNITS_TIME_MAX)
		return -1;
	return 0;
}

int units_parse_note(const char *s, double *beats)
{
	const char *p = skip_ws(s);
	char *end;
	long num, den;
	double mul = 1.0;

	if (!isdigit((unsigned char)*p))
		return -1;
	num = strtol(p, &end, 10);
	if (*end != '/' || num <= 0 || num > 64)
		return -1;
	p = end + 1;
	if (!isdigit((unsigned char)*p))
		return -1;
	den = strtol(p, &end, 10);
	if (den <= 0 || den > 128)
		return -1;
	p = end;
	if (*p == '.') {
		mul = 1.5;
		p++;
	} else if (*p == 't' || *p == 'T') {
		mul = 2.0 / 3.0;
		p++;
	}
	if (*skip_ws(p))
		return -1;
	*beats = 4.0 * (double)num / (double)den * mul;
	return 0;
}

/* Formats with up to `prec` decimals and drops trailing zeros, so values
 * a person typed as "2.5" are written back as "2.5", not "2.500000". */
static char *fmt_trim(char *buf, size_t n, double v, int prec, const char *unit)
{
	char num[64];
	char *dot;

	if (fabs(v) < 0.5 * pow(10, -prec))
		v = 0; /* no "-0" */
	snprintf(num, sizeof num, "%.*f", prec, v);
	if ((dot = strchr(num, '.'))) {
		char *e = num + strlen(num) - 1;
		while (e > dot && *e == '0')
			*e-- = 0;
		if (e == dot)
			*e = 0;
	}
	snprintf(buf, n, "%s%s%s", num, unit && *unit ? " " : "", unit ? unit : "");
	return buf;
}

char *units_fmt_number(char *buf, size_t n, double v) { return fmt_trim(buf, n, v, 3, NULL); }

char *units_fmt_level(char *buf, size_t n, double db, int prec, bool plus)
{
	if (isnan(db))
		snprintf(buf, n, "nan");
	else if (db <= UNITS_SILENCE_DB)
		snprintf(buf, n, "-inf");
	else {
		if (fabs(db) < 0.5 * pow(10, -prec))
			db = 0; /* no "-0.0"; and 0 takes no sign */
		snprintf(buf, n, plus && db > 0 ? "%+.*f" : "%.*f", prec, db);
	}
	return buf;
}

char *units_fmt_db(char *buf, size_t n, double v)
{
	if (v <= UNITS_SILENCE_DB) {
		snprintf(buf, n, "-inf dB");
		return buf;
	}
	fmt_trim(buf, n, v, 2, "dB");
	if (v >= 0.005 && n > 1) {
		memmove(buf + 1, buf, strnlen(buf, n - 2) + 1);
		buf[0] = '+';
		buf[n - 1] = 0;
	}
	return buf;
}

char *units_fmt_hz(char *buf, size_t n, double v)
{
	if (v >= 1000.0)
		return fmt_trim(buf, n, v / 1000.0, 3, "kHz");
	return fmt_trim(buf, n, v, 2, "Hz");
}

char *units_fmt_ms(char *buf, size_t n, double v) { return fmt_trim(buf, n, v, 2, "ms"); }
char *units_fmt_seconds(char *buf, size_t n, double v) { return fmt_trim(buf, n, v, 3, "s"); }
char *units_fmt_pct(char *buf, size_t n, double v) { return fmt_trim(buf, n, v, 1, "%"); }

char *units_fmt_pan(char *buf, size_t n, double v)
{
	char num[32];
	if (fabs(v) < 0.05) {
		snprintf(buf, n, "C");
		return buf;
	}
	fmt_trim(num, sizeof num, fabs(v), 1, NULL);
	snprintf(buf, n, "%c%s", v < 0 ? 'L' : 'R', num);
	return buf;
}

char *units_fmt_bool(char *buf, size_t n, bool v)
{
	snprintf(buf, n, "%s", v ? "yes" : "no");
	return buf;
}

char *units_fmt_ratio(char *buf, size_t n, double v)
{
	char num[32];
	fmt_trim(num, sizeof num, v, 2, NULL);
	snprintf(buf, n, "%s:1", num);
	return buf;
}

char *units_fmt_time(char *buf, size_t n, double v)
{
	long long ms = v > 0 ? llround((v < UNITS_TIME_MAX ? v : UNITS_TIME_MAX) * 1000.0) : 0;
	long long h = ms / 3600000, m = ms / 60000 % 60, sec = ms / 1000 % 60, f = ms % 1000;
	char frac[8] = "";

	if (f) {
		snprintf(frac, sizeof frac, ".%03lld", f);
		for (char *e = frac + strlen(frac) - 1; *e == '0'; e--)
			*e = 0;
	}
	if (h)
		snprintf(buf, n, "%lld:%02lld:%02lld%s", h, m, sec, frac);
	else
		snprintf(buf, n, "%lld:%02lld%s", m, sec, frac);
	return buf;
}
