/* project_testlib.h — for the tests that render a project on real stems
 * (test_analyze, test_bounce, test_graph). Header-only, test-only. */
#ifndef TMIX_PROJECT_TESTLIB_H
#define TMIX_PROJECT_TESTLIB_H
#include "project.h"
#include "tap.h"
#include "testutil.h"

/* Writes text as dir/name, loads and probes it. Every diagnostic goes to
 * the TAP log, so a test that gets NULL (any error) shows why. */
static inline struct project *tu_load_project(const char *dir, const char *name, const char *text)
{
	struct diags ds = {0};
	const char *path = tu_path(dir, name);
	struct project *p;
	tu_write(path, text);
	p = project_load(path, &ds);
	if (p)
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
#endif
