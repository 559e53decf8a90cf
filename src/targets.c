/* targets.c — delivery targets. The figures are the platforms' own
 * published recommendations as of 2026 (see tmix-project(5), TARGETS). */
#include <stdio.h>
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
