/* cmd_plugins.c — `tmix plugins [WORDS] [--json]`: the installed LV2
 * plugins (lv2_list), those whose name, URI or class contains every word
 * (any case), as text or as one JSON array for scripts. */
#include "cli.h"
#include "lv2/lv2_host.h"
#include "tmix.h"
#include "units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_line[] = "tmix plugins [WORDS] [--json]";

struct listing {
	char **words;
	int nwords, shown;
	bool json;
};

static bool matches(const struct listing *l, const struct lv2_info *in)
{
	for (int i = 0; i < l->nwords; i++)
		if (!strcasestr(in->name, l->words[i]) && !strcasestr(in->uri, l->words[i]) &&
		    !strcasestr(in->klass, l->words[i]))
			return false;
	return true;
}

/* A feature URI in its usual short form: "urid#map" -> "urid:map". */
static const char *short_feature(const char *uri, char *buf, size_t n)
{
	const char *ns = strstr(uri, "lv2plug.in/ns/"), *hash = strrchr(uri, '#');
	const char *slash;
	if (!ns || !hash)
		return uri;
	ns += strlen("lv2plug.in/ns/");
	slash = strchr(ns, '/');
	if (slash && slash < hash)
		ns = slash + 1; /* "ext/urid#map", "lv2core#..." */
	snprintf(buf, n, "%.*s:%s", (int)(hash - ns), ns, hash + 1);
	return buf;
}

static void text(const struct listing *l, const struct lv2_info *in)
{
	char *name = units_escape_dup(in->name), *uri = units_escape_dup(in->uri), *cls = units_escape_dup(in->klass);
	char fb[256];
	printf("%s%s (%s)\n  %s\n  audio %d in, %d out", l->shown ? "\n" : "", name, cls, uri, in->audio_in,
	       in->audio_out);
	if (in->sidechain_in)
		printf(", %d sidechain in", in->sidechain_in);
	printf("; latency %s", in->latency < 0 ? "reports" : "0");
	if (in->mono_on_stereo && !in->refused)
		printf("; runs as 2 mono instances on stereo strips");
	printf("\n  requires:");
	for (int i = 0; i < in->nfeatures; i++) {
		char *f = units_escape_dup(short_feature(in->features[i], fb, sizeof fb));
		printf("%s %s%s", i ? "," : "", f, in->supported[i] ? "" : " (tmix lacks it)");
		free(f);
	}
	if (!in->nfeatures)
		printf(" nothing");
	printf("\n");
	if (in->state)
		printf("  keeps state beyond its controls (saved beside the project: NAME.lv2state/)\n");
	if (in->refused) {
		char *r = units_escape_dup(in->refused);
		printf("  cannot run in tmix: %s\n", r);
		free(r);
	}
	free(name);
	free(uri);
	free(cls);
}

static void json(const struct listing *l, const struct lv2_info *in)
{
	printf("%s\n  {\"name\": ", l->shown ? "," : "");
	units_json_string(stdout, in->name);
	printf(", \"uri\": ");
	units_json_string(stdout, in->uri);
	printf(", \"class\": ");
	units_json_string(stdout, in->klass);
	printf(", \"audio_in\": %d, \"audio_out\": %d, \"sidechain_in\": %d, \"latency\": %s,"
	       " \"mono_on_stereo\": %s, \"state\": %s, \"required_features\": [",
	       in->audio_in, in->audio_out, in->sidechain_in, in->latency < 0 ? "\"reports\"" : "0",
	       in->mono_on_stereo && !in->refused ? "true" : "false", in->state ? "true" : "false");
	for (int i = 0; i < in->nfeatures; i++) {
		printf("%s{\"uri\": ", i ? ", " : "");
		units_json_string(stdout, in->features[i]);
		printf(", \"supported\": %s}", in->supported[i] ? "true" : "false");
	}
	printf("], \"refused\": ");
	if (in->refused)
		units_json_string(stdout, in->refused);
	else
		printf("null");
	printf("}");
}

static void each(const struct lv2_info *in, void *ctx)
{
	struct listing *l = ctx;
	if (!matches(l, in))
		return;
	(l->json ? json : text)(l, in);
	l->shown++;
}

int cmd_plugins(int argc, char **argv)
{
	struct listing l = {.words = xcalloc((size_t)argc + 1, sizeof(char *))};
	int total;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			l.json = true;
		else if (argv[i][0] == '-' && argv[i][1]) {
			free(l.words);
			return cli_usage_error("plugins", usage_line, "unknown option %s", argv[i]);
		} else
			l.words[l.nwords++] = argv[i];
	}
	if (l.json)
		printf("[");
	total = lv2_list(each, &l);
	if (l.json)
		printf("%s]\n", l.shown ? "\n" : "");
	else if (!total)
		printf("no LV2 plugins installed (lilv looks in LV2_PATH, else ~/.lv2, /usr/local/lib/lv2 and /usr/lib/lv2)\n");
	else if (!l.shown)
		printf("none of the %d installed LV2 plugins matches\n", total);
	free(l.words);
	return EXIT_OK;
}
