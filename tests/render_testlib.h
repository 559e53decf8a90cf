/* render_testlib.h — a project rendered to memory through bounce_render,
 * for the tests that compare renders (test_graph, test_insert,
 * test_insert_auto, test_lv2_insert, test_lv2_state). Header-only,
 * test-only. */
#ifndef TMIX_RENDER_TESTLIB_H
#define TMIX_RENDER_TESTLIB_H
#include "bounce.h"
#include "project_testlib.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The master's output, both channels, as bounce_render handed it over. */
struct capture {
	int64_t n, cap;
	float *l, *r;
};

static inline void capture_block(void *ctx, struct graph *g, int64_t frame, const float *l, const float *r, int n)
{
	struct capture *c = ctx;
	(void)g, (void)frame;
	if (c->n + n > c->cap) {
		c->cap = (c->n + n) * 2;
		c->l = realloc(c->l, sizeof(float) * (size_t)c->cap);
		c->r = realloc(c->r, sizeof(float) * (size_t)c->cap);
	}
	memcpy(c->l + c->n, l, sizeof(float) * (size_t)n);
	memcpy(c->r + c->n, r, sizeof(float) * (size_t)n);
	c->n += n;
}

/* The first `to` seconds of p; n is 0 (the reason in the TAP log) when
 * p is NULL or the render fails. */
static inline struct capture render_project(const struct project *p, double to)
{
	struct capture c = {0};
	struct bounce_opts o = {.out = "", .to = to, .block = capture_block, .ctx = &c};
	struct bounce_result r;
	char err[512];
	if (!p || bounce_render(p, &o, &r, err, sizeof err)) {
		tap_diag("render failed: %s", p ? err : "load");
		c.n = 0;
	}
	return c;
}

/* text written as dir/name, loaded (stems in dir) and rendered. */
static inline struct capture render_text(const char *dir, const char *name, const char *text, double to)
{
	struct project *p = tu_load_project(dir, name, text);
	struct capture c = render_project(p, to);
	project_free(p);
	return c;
}

static inline void capture_free(struct capture *c)
{
	free(c->l);
	free(c->r);
}

/* Bit for bit, and not empty. */
static inline bool capture_same(const struct capture *a, const struct capture *b)
{
	return a->n > 0 && a->n == b->n && !memcmp(a->l, b->l, sizeof(float) * (size_t)a->n) &&
	       !memcmp(a->r, b->r, sizeof(float) * (size_t)a->n);
}
#endif
