/* test_name_index.c — the hashed name lookup (name_index.h), and loading
 * that stays near-linear in the number of strips: 100k tracks took over
 * half a minute to check when each name was compared with every earlier
 * one (duplicates while loading, output = and send. while resolving). */
#include "name_index.h"
#include "project.h"
#include "tap.h"
#include "tmix.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* n tracks, each routed to a group bus and sending to a reverb; a
 * duplicate name at the end when dup. */
static char *routed(int n, bool dup, size_t *len)
{
	size_t cap = 128 + (size_t)n * 64, o = 0;
	char *t = xmalloc(cap);
	o += (size_t)snprintf(t + o, cap - o, "[project]\nrate = 48000\n[bus \"G\"]\n[bus \"Rev\"]\nfx = reverb\n");
	for (int i = 0; i < n; i++)
		o += (size_t)snprintf(t + o, cap - o, "[track \"T%d\"]\nfile = a.wav\noutput = G\nsend.Rev = -10\n", i);
	if (dup)
		o += (size_t)snprintf(t + o, cap - o, "[bus \"T%d\"]\n", n / 2);
	*len = o;
	return t;
}

/* CPU seconds to load (and resolve) n routed tracks, best of three. */
static double load_time(int n, int *errors)
{
	size_t len;
	char *text = routed(n, false, &len);
	double best = 1e9;
	for (int r = 0; r < 3; r++) {
		struct diags ds = {0};
		double t0 = cpu_now();
		struct project *p = project_load_text("big.ini", text, len, &ds);
		double t = cpu_now() - t0;
		if (t < best)
			best = t;
		*errors = ds.nerrors;
		project_free(p);
		diags_free(&ds);
	}
	free(text);
	return best;
}

int main(void)
{
	struct name_index ix = {0};
	char names[3000][8];
	int bad = 0;

	ok(name_index_get(&ix, "Kick") == -1, "empty: nothing found");
	for (int i = 0; i < 3000; i++) {
		snprintf(names[i], sizeof names[i], "N%d", i);
		name_index_put(&ix, names[i], i);
	}
	for (int i = 0; i < 3000; i++)
		bad += name_index_get(&ix, names[i]) != i;
	ok(!bad && ix.n == 3000, "3000 names, grown many times, each found with its number");
	ok(name_index_get(&ix, "n1") == -1 && name_index_get(&ix, "N30000") == -1, "case-sensitive; absent names are -1");
	name_index_put(&ix, "N7", 70);
	ok(name_index_get(&ix, "N7") == 70 && ix.n == 3000, "putting a name again replaces its number");
	name_index_free(&ix);
	ok(name_index_get(&ix, "N7") == -1, "freed: empty again");

	{
		size_t len;
		char *text = routed(2000, true, &len);
		struct diags ds = {0};
		struct project *p = project_load_text("dup.ini", text, len, &ds);
		ok(ds.nerrors == 1 && strstr(ds.d[0].msg, "duplicate name \"T1000\""), "a duplicate among 2000 is still found");
		ok(p && p->ntracks == 2000 && p->strips[1999]->output == 2000 && p->strips[0]->sends[0].bus == 2001,
		   "every output = and send. bound to its bus");
		project_free(p);
		diags_free(&ds);
		free(text);
	}
	{
		/* 8 times the tracks: near-linear is about 8 times the time,
		 * quadratic about 64 (it was: 0.08 s, then 4.6 s) */
		int e1, e2;
		double small = load_time(2500, &e1), big = load_time(20000, &e2);
		ok(!e1 && !e2, "both load without errors");
		ok(big < 24 * small + 0.05, "20,000 routed tracks load in under 24x the time of 2,500 (%.3f s, %.3f s: %.1fx)",
		   big, small, big / small);
	}
	return done_testing();
}
