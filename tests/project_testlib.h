/* project_testlib.h — loading a project in a test, its diagnostics in
 * the TAP log (test_analyze, test_bounce, test_graph, test_save).
 * Header-only, test-only. */
#ifndef TMIX_PROJECT_TESTLIB_H
#define TMIX_PROJECT_TESTLIB_H
#include "project.h"
#include "tap.h"
#include "testutil.h"

/* Loads path (and with probe, opens its stems to check them). Every
 * diagnostic goes to the TAP log, so a test that gets NULL (any error)
 * shows why. */
static inline struct project *tu_load_path(const char *path, bool probe)
{
	struct diags ds = {0};
	struct project *p = project_load(path, &ds);
	if (p && probe)
		project_probe(p, &ds);
	for (int i = 0; i < ds.n; i++)
		tap_diag("%d: %s", ds.d[i].line, ds.d[i].msg);
	if (ds.nerrors) {
		project_free(p);
		p = NULL;
	}
	diags_free(&ds);
	return p;
}

/* Writes text as dir/name, loads and probes it. */
static inline struct project *tu_load_project(const char *dir, const char *name, const char *text)
{
	const char *path = tu_path(dir, name);
	tu_write(path, text);
	return tu_load_path(path, true);
}
#endif
