/* units.h — parse and format the values a person writes in a project
 * file or types on the command line: dB, Hz, ms, s, %, pan, booleans,
 * ratios and timeline times. Pure functions, callable from any thread
 * except the audio callback (they use strtod, which may consult locale).
 *
 * Parsers return 0 on success and -1 when the text is not a value of that
 * kind; units are always optional on input. Formatters write the unit
 * tmix shows and return the buffer. */
#ifndef TMIX_UNITS_H
#define TMIX_UNITS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

int units_parse_number(const char *s, double *out);      /* bare number */
int units_parse_db(const char *s, double *out, bool allow_inf); /* "-6 dB", "-inf" */
int units_parse_hz(const char *s, double *out);          /* "3 kHz", "3k", "90 Hz" */
int units_parse_ms(const char *s, double *out);          /* "10 ms", "0.01 s", "10" (ms) */
int units_parse_seconds(const char *s, double *out);     /* "2.4 s", "2400 ms", "2.4" (s) */
int units_parse_pct(const char *s, double *out);         /* "70 %", "70" */
int units_parse_pan(const char *s, double *out);         /* "-30", "L30", "C", "R30" */
int units_parse_bool(const char *s, bool *out);          /* yes/no on/off true/false 1/0 */
int units_parse_ratio(const char *s, double *out);       /* "3", "3:1" */
int units_parse_time(const char *s, double *out);        /* "83.5", "1:23.5", "0:01:23.5" */
#define UNITS_TIME_MAX 1e7 /* seconds (115 days): longer times are refused */
/* A note length such as "1/4", "1/8." (dotted) or "1/8t" (triplet); the
 * result is in beats (a whole note is 4 beats). */
int units_parse_note(const char *s, double *beats);

char *units_fmt_number(char *buf, size_t n, double v);   /* shortest of %.3f */
char *units_fmt_db(char *buf, size_t n, double v);       /* "-4 dB", "+2.5 dB", "-inf dB" */
char *units_fmt_hz(char *buf, size_t n, double v);       /* "90 Hz", "3 kHz", "1.25 kHz" */
char *units_fmt_ms(char *buf, size_t n, double v);       /* "10 ms" */
char *units_fmt_seconds(char *buf, size_t n, double v);  /* "2.4 s" */
char *units_fmt_pct(char *buf, size_t n, double v);      /* "70 %" */
char *units_fmt_pan(char *buf, size_t n, double v);      /* "L30", "C", "R30" */
char *units_fmt_bool(char *buf, size_t n, bool v);       /* "yes", "no" */
char *units_fmt_ratio(char *buf, size_t n, double v);    /* "3:1" */
char *units_fmt_time(char *buf, size_t n, double v);     /* "1:23.5", "0:00" */
/* A measured level in dB (dBFS, dBTP, LUFS, LU, a gain change) as a bare
 * number with prec decimals, "+" before a positive one when plus. Silence
 * is "-inf": minus infinity, or UNITS_SILENCE_DB and below, where only
 * what float arithmetic leaves of a decayed tail lives (a reverb ringing
 * out reads -235.9 dBFS long after anyone can hear it). A level that
 * rounds to zero is "0.0", never "-0.0" or "+0.0"; NaN is "nan". Every
 * level tmix prints goes through here or units_fmt_db. */
#define UNITS_SILENCE_DB (-200.0)
char *units_fmt_level(char *buf, size_t n, double db, int prec, bool plus);

/* Text made safe to print (escape.c): control characters (C0, DEL, C1
 * as UTF-8) and every byte that is not well-formed UTF-8 (a raw 0x9B is
 * 8-bit CSI) become \xNN, so a name or path holding ESC or CR cannot act
 * on the terminal; everything else, UTF-8 included, is kept. Writes at
 * most n bytes with the NUL, ending in "..." when cut; returns buf.
 * units_escape_size says how big buf must be for no cut. */
char *units_escape(const char *s, char *buf, size_t n);
size_t units_escape_size(const char *s);
/* The whole of s escaped, in a new string the caller frees. */
char *units_escape_dup(const char *s);
/* One message line: formatted as by printf, the whole of it escaped as
 * above (so a name in it cannot act on the terminal or end the line),
 * then a newline. Every command's messages go through this. */
void units_print_line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string with its quotes: C0, DEL and C1 as \u00XX, a byte
 * that is not UTF-8 as \ufffd, so the output is valid JSON and raw
 * control bytes never reach a terminal that shows it. */
void units_json_string(FILE *out, const char *s);

/* Case-insensitive ASCII comparison, for keys and unit names. */
int units_casecmp(const char *a, const char *b);
#endif
