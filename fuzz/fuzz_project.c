/* fuzz_project.c — libFuzzer target: INI text → model → save text →
 * model again. Besides the sanitizers' findings it traps on a broken
 * promise of the loader and saver:
 *  - a file that loads without errors saves (untouched) byte for byte;
 *  - what a save writes loads with no new errors and renders the same;
 *  - an edit (a fader move on every strip) survives a save and a load.
 * Stems are never opened (no project_probe): this is about text. */
#include "project.h"
#include "tmix.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NAME "/nonexistent/fuzz.ini"

static struct project *load(const char *buf, size_t len, int *nerrors)
{
	struct diags ds = {0};
	struct project *p = project_load_text(NAME, buf, len, &ds);
	*nerrors = ds.nerrors;
	diags_free(&ds);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int e1, e2, e3;
	size_t l1, l2, l3;
	struct project *p = load((const char *)data, size, &e1), *q, *r;
	char *t1, *t2, *t3, err[256];

	if (!p)
		return 0;
	t1 = project_render_text(p, &l1);
	if (!e1 && (l1 != size || memcmp(t1, data, size)))
		__builtin_trap(); /* an untouched save changed the file */
	q = load(t1, l1, &e2);
	if (!q || (!e1 && e2))
		__builtin_trap(); /* the saved text does not load as well */
	t2 = project_render_text(q, &l2);
	if (l2 != l1 || memcmp(t1, t2, l1))
		__builtin_trap(); /* not a fixed point */

	/* An edit on every strip: the saved text must hold it. */
	if (!e1) {
		for (int i = 0; i < p->nstrips; i++)
			if (strip_set(p, p->strips[i], "gain", "-1.5", err, sizeof err))
				__builtin_trap();
		t3 = project_render_text(p, &l3);
		r = load(t3, l3, &e3);
		if (!r || e3 || r->nstrips != p->nstrips)
			__builtin_trap();
		for (int i = 0; i < r->nstrips; i++)
			if (r->strips[i]->v[P_GAIN] != -1.5)
				__builtin_trap();
		project_free(r);
		free(t3);
	}
	project_free(q);
	project_free(p);
	free(t1);
	free(t2);
	return 0;
}
