/* targets.c — delivery targets. The figures are the platforms' own
 * published recommendations as of 2026 (see tmix-project(5), TARGETS). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "targets.h"

const struct target targets[] = {
	{"spotify", -14, -1, "Spotify for Artists: loudness normalization"},
	{"spotify-loud", -11, -2, "Spotify for Artists: the Loud setting"},
	{"apple", -16, -1, "Apple Digital Masters / Sound Check"},
	{"youtube", -14, -1, "YouTube loudness normalization"},
	{"amazon", -14, -2, "Amazon Music"},
	{"deezer", -15, -1, "Deezer"},
	{"tidal", -14, -1, "TIDAL"},
	{"ebu-r128", -23, -1, "EBU R 128 (2020)"},
	{"atsc-a85", -24, -2, "ATSC A/85 (2013)"},
};
const int targets_count = (int)(sizeof targets / sizeof targets[0]);

const struct target *target_find(const char *name)
{
	for (int i = 0; i < targets_count; i++)
		if (strcasecmp(targets[i].name, name) == 0)
			return &targets[i];
	return NULL;
}

char *targets_list(char *buf, size_t n)
{
	size_t len = 0;
	if (n)
		buf[0] = '\0';
	for (int i = 0; i < targets_count && len < n; i++) {
		int w = snprintf(buf + len, n - len, "%s%s", i ? ", " : "", targets[i].name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

struct target target_project(double lufs, double limiter_tp, int limiter_on)
{
	struct target t = {TARGET_PROJECT, lufs, limiter_on ? limiter_tp : -1.0, "the project's [master] target"};
	return t;
}

int targets_parse(const char *list, const struct target *project, struct target *out, int max, char *err,
		  size_t errlen)
{
	int n = 0;
	const char *s = list;

	for (;;) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char name[64], known[256];
		const struct target *t = NULL;

		snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name - 1 ? len : sizeof name - 1), s);
		if (!*name) {
			snprintf(err, errlen, "an empty target name in '%s'", list);
			return -1;
		}
		if (!strcasecmp(name, TARGET_PROJECT))
			t = project;
		else
			t = target_find(name);
		if (!t) {
			snprintf(err, errlen, "unknown target '%s': the known ones are %s and %s", name,
				 targets_list(known, sizeof known), TARGET_PROJECT);
			return -1;
		}
		for (int i = 0; i < n; i++)
			if (!strcasecmp(out[i].name, t->name)) {
				snprintf(err, errlen, "target '%s' is named twice", t->name);
				return -1;
			}
		if (n == max) {
			snprintf(err, errlen, "at most %d targets at once", max);
			return -1;
		}
		out[n++] = *t;
		if (!end)
			return n;
		s = end + 1;
	}
}
