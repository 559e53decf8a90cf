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
	return done_testing();
}
