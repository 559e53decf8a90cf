/* bench_load.c — how loading a project grows with its number of strips.
 * Loads (and resolves) n routed tracks for n = 2,500 .. 40,000 and prints
 * CPU seconds and the ratio to the smallest: near-linear is about 2x per
 * doubling, the old name lookups made it about 4x. Run: make bench-load. */
#include "project.h"
#include "tmix.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static char *routed(int n, size_t *len)
{
	size_t cap = 128 + (size_t)n * 64, o = 0;
	char *t = xmalloc(cap);
	o += (size_t)snprintf(t + o, cap - o, "[project]\nrate = 48000\n[bus \"G\"]\n[bus \"Rev\"]\nfx = reverb\n");
	for (int i = 0; i < n; i++)
		o += (size_t)snprintf(t + o, cap - o, "[track \"T%d\"]\nfile = a.wav\noutput = G\nsend.Rev = -10\n", i);
	*len = o;
	return t;
}

/* best of three, so a busy machine inflates the figure less */
static double load_time(int n)
{
	size_t len;
	char *text = routed(n, &len);
	double best = 1e9;
	for (int r = 0; r < 3; r++) {
		struct diags ds = {0};
		double t0 = cpu_now();
		struct project *p = project_load_text("big.ini", text, len, &ds);
		double t = cpu_now() - t0;
		if (t < best)
			best = t;
		if (ds.nerrors)
			fprintf(stderr, "bench_load: %d errors at n=%d\n", ds.nerrors, n);
		project_free(p);
		diags_free(&ds);
	}
	free(text);
	return best;
}

int main(void)
{
	double base = 0;
	printf("%8s %10s %8s\n", "tracks", "CPU s", "ratio");
	for (int n = 2500; n <= 40000; n *= 2) {
		double t = load_time(n);
		if (!base)
			base = t;
		printf("%8d %10.4f %8.1f\n", n, t, t / base);
	}
	return 0;
}
