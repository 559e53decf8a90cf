/* loudness.c — the libebur128 wrapper (loudness.h). */
#include "loudness.h"
#include "tmix.h"
#include <ebur128.h>
#include <stdbool.h>
#include <stdlib.h>

#define CHUNK 1024

struct loudness {
	ebur128_state *st;
	double rate;
	bool tp;
	float inter[CHUNK * 2];
};

static ebur128_state *make(double rate, bool tp)
{
	return ebur128_init(2, (unsigned long)rate,
			    EBUR128_MODE_M | EBUR128_MODE_S | EBUR128_MODE_I | EBUR128_MODE_LRA |
			    (tp ? EBUR128_MODE_TRUE_PEAK : 0) | EBUR128_MODE_HISTOGRAM);
}

static struct loudness *create(double rate, bool tp)
{
	struct loudness *l = xcalloc(1, sizeof *l);
	l->rate = rate;
	l->tp = tp;
	l->st = make(rate, tp);
	if (!l->st) {
		free(l);
		return NULL;
	}
	return l;
}

struct loudness *loudness_new(double rate) { return create(rate, true); }
struct loudness *loudness_new_no_tp(double rate) { return create(rate, false); }

void loudness_free(struct loudness *l)
{
	if (!l)
		return;
	ebur128_destroy(&l->st);
	free(l);
}

void loudness_reset(struct loudness *l)
{
	ebur128_destroy(&l->st);
	l->st = make(l->rate, l->tp);
}

void loudness_add(struct loudness *l, const float *left, const float *right, int n)
{
	while (n > 0) {
		int m = n < CHUNK ? n : CHUNK;
		for (int i = 0; i < m; i++) {
			l->inter[2 * i] = left[i];
			l->inter[2 * i + 1] = right[i];
		}
		ebur128_add_frames_float(l->st, l->inter, (size_t)m);
		left += m;
		right += m;
		n -= m;
	}
}

static double or_inf(int rc, double v)
{
	return rc == EBUR128_SUCCESS && isfinite(v) && v > -200 ? v : -INFINITY;
}

double loudness_integrated(struct loudness *l)
{
	double v = 0;
	int rc = ebur128_loudness_global(l->st, &v);
	return or_inf(rc, v);
}

double loudness_range(struct loudness *l)
{
	double v = 0;
	int rc = ebur128_loudness_range(l->st, &v);
	return rc == EBUR128_SUCCESS && isfinite(v) ? v : 0;
}

double loudness_momentary(struct loudness *l)
{
	double v = 0;
	int rc = ebur128_loudness_momentary(l->st, &v);
	return or_inf(rc, v);
}

double loudness_shortterm(struct loudness *l)
{
	double v = 0;
	int rc = ebur128_loudness_shortterm(l->st, &v);
	return or_inf(rc, v);
}

double loudness_true_peak_db(struct loudness *l)
{
	double a = 0, b = 0;
	if (!l->tp)
		return -INFINITY;
	ebur128_true_peak(l->st, 0, &a);
	ebur128_true_peak(l->st, 1, &b);
	if (b > a)
		a = b;
	return a > 0 ? 20 * log10(a) : -INFINITY;
}
