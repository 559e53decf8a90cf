/* stem_name.c — cleaning stem file names and guessing their family
 * (stem_name.h). Only ASCII letters are cased or split; other UTF-8
 * bytes pass through untouched inside words. */
#include "stem_name.h"
#include "tmix.h"
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAXW 32
#define WLEN 64

struct words {
	int n;
	char w[MAXW][WLEN];
};

static bool is_sep(unsigned char c)
{
	return c == ' ' || c == '_' || c == '-' || c == '.' || c == '+' || c == ',' || c == '(' || c == ')' ||
	       c == '[' || c == ']' || c == '{' || c == '}' || c == '"' || c == '\t' || c < 0x20 || c == 0x7f;
}

static void push(struct words *ws, const char *s, size_t len)
{
	if (!len || ws->n == MAXW)
		return;
	if (len >= WLEN)
		len = WLEN - 1;
	memcpy(ws->w[ws->n], s, len);
	ws->w[ws->n][len] = 0;
	ws->n++;
}

/* "LeadVox" → Lead Vox, "BVLead" → BV Lead, "Gtr2" stays (split later,
 * after words like "take3" and "v2" have been recognised whole). */
static void split(const char *base, struct words *ws)
{
	const char *s = base, *start = NULL;

	ws->n = 0;
	for (;; s++) {
		unsigned char c = (unsigned char)*s;
		if (!c || is_sep(c)) {
			if (start)
				push(ws, start, (size_t)(s - start));
			start = NULL;
			if (!c)
				break;
			continue;
		}
		if (start && isupper(c) &&
		    (islower((unsigned char)s[-1]) || (isupper((unsigned char)s[-1]) && islower((unsigned char)s[1])))) {
			push(ws, start, (size_t)(s - start));
			start = s;
		}
		if (!start)
			start = s;
	}
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* WORD, or WORD followed by digits ("take3", "v2"), case-insensitively. */
static bool word_num(const char *w, const char *word, bool need_digits)
{
	size_t n = strlen(word);
	if (strncasecmp(w, word, n))
		return false;
	return need_digits ? all_digits(w + n) : (!w[n] || all_digits(w + n));
}

/* Bookkeeping words of a studio, not part of an instrument's name. */
static bool is_noise_word(const char *w)
{
	static const char *const plain[] = {"final", "take", "bounce", "bounced", "mix", "print", "printed", "edit",
					    "edited", "master", "mastered", "stem", "export", "rev", "version", "ver"};
	for (size_t i = 0; i < ARRAY_LEN(plain); i++)
		if (word_num(w, plain[i], false))
			return true;
	return word_num(w, "v", true);
}

static bool is_acronym(const char *w)
{
	static const char *const ac[] = {"di", "bv", "bvs", "bgv", "oh", "fx", "sfx", "hh", "vo", "ir", "l", "r", "ms", "lr"};
	for (size_t i = 0; i < ARRAY_LEN(ac); i++)
		if (!strcasecmp(w, ac[i]))
			return true;
	return false;
}

static void title(char *w)
{
	bool caps = true;
	for (char *c = w; *c; c++)
		if (islower((unsigned char)*c))
			caps = false;
	if (is_acronym(w) || (caps && strlen(w) <= 3)) {
		for (char *c = w; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		return;
	}
	for (char *c = w; *c; c++)
		*c = (char)(c == w ? toupper((unsigned char)*c) : tolower((unsigned char)*c));
}

static void base_of(const char *file, char *base, size_t n)
{
	const char *dot = strrchr(file, '.');
	size_t len = dot && dot != file ? (size_t)(dot - file) : strlen(file);
	snprintf(base, n, "%.*s", (int)len, file);
}

void stem_name_clean(const char *file, char *out, size_t n)
{
	char base[512];
	struct words ws;
	size_t len = 0;
	int i = 0;

	base_of(file, base, sizeof base);
	split(base, &ws);
	while (i < ws.n && all_digits(ws.w[i])) /* "03_", "01 " */
		i++;
	out[0] = 0;
	for (; i < ws.n; i++) {
		char *w = ws.w[i], *d;
		if (is_noise_word(w)) {
			if (i + 1 < ws.n && all_digits(ws.w[i + 1]) && !isdigit((unsigned char)w[strlen(w) - 1]))
				i++; /* "take 3" */
			continue;
		}
		/* "Gtr2" → "Gtr 2": a trailing number is a separate word */
		for (d = w + strlen(w); d > w && isdigit((unsigned char)d[-1]); d--)
			;
		if (d > w && *d && !isdigit((unsigned char)w[0])) {
			char num[WLEN];
			snprintf(num, sizeof num, "%s", d);
			*d = 0;
			title(w);
			len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s %s", len ? " " : "", w, num);
		} else {
			title(w);
			len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s", len ? " " : "", w);
		}
		if (len >= n)
			len = n - 1;
	}
	if (!out[0]) { /* nothing but numbers and noise words: keep the file's own name */
		size_t j = 0;
		for (const char *c = base; *c && j + 1 < n; c++)
			if ((unsigned char)*c >= 0x20 && *c != '"' && *c != 0x7f)
				out[j++] = *c;
		out[j] = 0;
		if (!out[0])
			snprintf(out, n, "Track");
	}
}

static const struct {
	const char *word;
	enum stem_family fam;
} keys[] = {
	/* drums first: a "bass drum" is a kick */
	{"kick", FAM_DRUMS}, {"kik", FAM_DRUMS}, {"snare", FAM_DRUMS}, {"snr", FAM_DRUMS}, {"hat", FAM_DRUMS},
	/* the engineers' shorthands: SN_top, SD, BD, KD, OVH */
	{"sn", FAM_DRUMS}, {"sd", FAM_DRUMS}, {"bd", FAM_DRUMS}, {"kd", FAM_DRUMS}, {"ovh", FAM_DRUMS},
	{"hihat", FAM_DRUMS}, {"hh", FAM_DRUMS}, {"tom", FAM_DRUMS}, {"overhead", FAM_DRUMS}, {"oh", FAM_DRUMS},
	{"room", FAM_DRUMS}, {"perc", FAM_DRUMS}, {"drum", FAM_DRUMS}, {"cymbal", FAM_DRUMS}, {"cym", FAM_DRUMS},
	{"ride", FAM_DRUMS}, {"crash", FAM_DRUMS}, {"clap", FAM_DRUMS}, {"shaker", FAM_DRUMS},
	{"bass", FAM_BASS}, {"sub", FAM_BASS},
	{"gtr", FAM_GUITARS}, {"guitar", FAM_GUITARS}, {"gtrs", FAM_GUITARS},
	{"key", FAM_KEYS}, {"keyboard", FAM_KEYS}, {"piano", FAM_KEYS}, {"organ", FAM_KEYS}, {"synth", FAM_KEYS},
	{"pad", FAM_KEYS}, {"rhodes", FAM_KEYS}, {"wurli", FAM_KEYS}, {"mellotron", FAM_KEYS},
	{"vox", FAM_VOCALS}, {"vocal", FAM_VOCALS}, {"voc", FAM_VOCALS}, {"bv", FAM_VOCALS}, {"bvs", FAM_VOCALS},
	{"bgv", FAM_VOCALS}, {"backing", FAM_VOCALS}, {"choir", FAM_VOCALS}, {"voice", FAM_VOCALS},
	{"fx", FAM_FX}, {"sfx", FAM_FX}, {"noise", FAM_FX}, {"riser", FAM_FX}, {"sweep", FAM_FX}, {"impact", FAM_FX},
};

/* Short keys must be the whole word, its plural or either with a number
 * ("oh", "keys2"), so "oh" is not "ohm"; longer ones may begin a word:
 * "overheads", "vocals", "percussion". */
static bool key_matches(const char *w, const char *key)
{
	size_t n = strlen(key);
	if (strncasecmp(w, key, n))
		return false;
	if (n > 3)
		return true;
	w += n;
	if (*w == 's' || *w == 'S')
		w++;
	return !*w || all_digits(w);
}

enum stem_family stem_family_guess(const char *file)
{
	char base[512];
	struct words ws;
	enum stem_family best = FAM_OTHER;

	base_of(file, base, sizeof base);
	split(base, &ws);
	for (int i = 0; i < ws.n; i++)
		for (size_t k = 0; k < ARRAY_LEN(keys); k++)
			if (key_matches(ws.w[i], keys[k].word) && keys[k].fam < best)
				best = keys[k].fam;
	return best;
}

const char *stem_family_name(enum stem_family f)
{
	static const char *const names[FAM_COUNT] = {"drums", "bass", "guitars", "keys", "vocals", "fx", "other"};
	return f < FAM_COUNT ? names[f] : "other";
}

const char *stem_family_colour(enum stem_family f)
{
	/* as strip_colour() guesses from names, so a rename keeps its colour */
	static const char *const colours[FAM_COUNT] = {"red", "yellow", "green", "cyan", "magenta", "purple", "white"};
	return f < FAM_COUNT ? colours[f] : "white";
}

int stem_natcmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			size_t la, lb;
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			for (la = 0; isdigit((unsigned char)a[la]); la++)
				;
			for (lb = 0; isdigit((unsigned char)b[lb]); lb++)
				;
			if (la != lb)
				return la < lb ? -1 : 1;
			if (memcmp(a, b, la))
				return memcmp(a, b, la);
			a += la;
			b += lb;
			continue;
		}
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return tolower((unsigned char)*a) - tolower((unsigned char)*b);
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}
