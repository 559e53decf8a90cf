/* spectrum.c — 1/3-octave long-term average spectrum (spectrum.h). */
#include "spectrum.h"
#include "tmix.h"
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define HOP (SPECTRUM_N / 2)
#define SPAN 4 /* bands one bin may touch: 2 at 48 kHz, 4 at 192 kHz */

const double spectrum_centre[SPECTRUM_BANDS] = {
	20, 25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630,
	800, 1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500, 16000, 20000,
};

const char *spectrum_label(int band)
{
	static const char *const l[SPECTRUM_BANDS] = {
		"20", "25", "31", "40", "50", "63", "80", "100", "125", "160", "200", "250", "315", "400", "500", "630",
		"800", "1k", "1k2", "1k6", "2k", "2k5", "3k1", "4k", "5k", "6k3", "8k", "10k", "12k", "16k", "20k",
	};
	return band >= 0 && band < SPECTRUM_BANDS ? l[band] : "";
}

struct spectrum {
	double rate;
	float buf[2][SPECTRUM_N]; /* the current window, filled to `fill` */
	int fill;
	double win[SPECTRUM_N], wnorm;
	double re[SPECTRUM_N], im[SPECTRUM_N];
	/* bin k's power goes into bands lo[k] + j with weight w[k][j] */
	short lo[SPECTRUM_N / 2 + 1];
	float w[SPECTRUM_N / 2 + 1][SPAN];
	double sum[SPECTRUM_BANDS];
	double chsum[2][SPECTRUM_BANDS]; /* each channel's own, for spectrum_bands_channel */
	int64_t windows;
};

/* Band edges: exact base-ten thirds, fc * 10^(+-1/20) around 1000 * 10^(k/10). */
static double edge(int k) { return 1000.0 * pow(10.0, (k - 17) / 10.0 - 0.05); }

static void map_bins(struct spectrum *s)
{
	double df = s->rate / SPECTRUM_N;
	for (int k = 0; k <= SPECTRUM_N / 2; k++) {
		/* the bin covers [f - df/2, f + df/2]; split it by overlap */
		double a = (k - 0.5) * df, b = (k + 0.5) * df;
		s->lo[k] = -1;
		for (int j = 0; j < SPECTRUM_BANDS; j++) {
			double in = fmin(b, edge(j + 1)) - fmax(a, edge(j));
			if (in <= 0)
				continue;
			if (s->lo[k] < 0)
				s->lo[k] = (short)j;
			if (j - s->lo[k] < SPAN)
				s->w[k][j - s->lo[k]] = (float)(in / df);
		}
	}
}

struct spectrum *spectrum_new(double rate)
{
	struct spectrum *s = xcalloc(1, sizeof *s);
	s->rate = rate;
	for (int i = 0; i < SPECTRUM_N; i++) {
		s->win[i] = 0.5 - 0.5 * cos(2 * M_PI * i / SPECTRUM_N);
		s->wnorm += s->win[i] * s->win[i];
	}
	map_bins(s);
	return s;
}

void spectrum_free(struct spectrum *s) { free(s); }

void spectrum_reset(struct spectrum *s)
{
	s->fill = 0;
	s->windows = 0;
	memset(s->sum, 0, sizeof s->sum);
	memset(s->chsum, 0, sizeof s->chsum);
}

void spectrum_break(struct spectrum *s) { s->fill = 0; }

void spectrum_fft(double *re, double *im, int n)
{
	for (int i = 1, j = 0; i < n; i++) {
		int bit = n >> 1;
		for (; j & bit; bit >>= 1)
			j ^= bit;
		j ^= bit;
		if (i < j) {
			double t = re[i]; re[i] = re[j]; re[j] = t;
			t = im[i]; im[i] = im[j]; im[j] = t;
		}
	}
	for (int len = 2; len <= n; len <<= 1) {
		double ang = -2 * M_PI / len, wr = cos(ang), wi = sin(ang);
		for (int i = 0; i < n; i += len) {
			double cr = 1, ci = 0;
			for (int k = 0; k < len / 2; k++) {
				int a = i + k, b = a + len / 2;
				double xr = re[b] * cr - im[b] * ci, xi = re[b] * ci + im[b] * cr;
				re[b] = re[a] - xr;
				im[b] = im[a] - xi;
				re[a] += xr;
				im[a] += xi;
				double t = cr * wr - ci * wi;
				ci = cr * wi + ci * wr;
				cr = t;
			}
		}
	}
}

/* One window: both channels in one complex FFT (left real, right
 * imaginary), separated by symmetry; power averaged over the channels. */
static void analyse(struct spectrum *s)
{
	int n = SPECTRUM_N;
	double scale = 2.0 / (n * s->wnorm); /* one-sided mean-square */
	double band[SPECTRUM_BANDS] = {0}, chband[2][SPECTRUM_BANDS] = {{0}};

	for (int i = 0; i < n; i++) {
		s->re[i] = s->buf[0][i] * s->win[i];
		s->im[i] = s->buf[1][i] * s->win[i];
	}
	spectrum_fft(s->re, s->im, n);
	for (int k = 1; k <= n / 2; k++) {
		int m = (n - k) & (n - 1);
		/* L = (X[k] + conj X[n-k]) / 2, R = (X[k] - conj X[n-k]) / 2i */
		double lr = (s->re[k] + s->re[m]) / 2, li = (s->im[k] - s->im[m]) / 2;
		double rr = (s->im[k] + s->im[m]) / 2, ri = (s->re[m] - s->re[k]) / 2;
		double pl = (lr * lr + li * li) * scale, pr = (rr * rr + ri * ri) * scale;
		if (k == n / 2) {
			pl /= 2; /* Nyquist has no mirror */
			pr /= 2;
		}
		if (s->lo[k] < 0)
			continue;
		for (int j = 0; j < SPAN && s->lo[k] + j < SPECTRUM_BANDS; j++) {
			band[s->lo[k] + j] += (pl + pr) / 2 * s->w[k][j];
			chband[0][s->lo[k] + j] += pl * s->w[k][j];
			chband[1][s->lo[k] + j] += pr * s->w[k][j];
		}
	}
	/* silence (a pause, the end of a song) would pull the average down;
	 * like the loudness gate, windows under -70 dBFS do not count */
	double total = 0;
	for (int j = 0; j < SPECTRUM_BANDS; j++)
		total += band[j];
	if (total < 1e-7)
		return;
	for (int j = 0; j < SPECTRUM_BANDS; j++) {
		s->sum[j] += band[j];
		s->chsum[0][j] += chband[0][j];
		s->chsum[1][j] += chband[1][j];
	}
	s->windows++;
}

void spectrum_add(struct spectrum *s, const float *left, const float *right, int n)
{
	while (n > 0) {
		int m = SPECTRUM_N - s->fill;
		if (m > n)
			m = n;
		memcpy(s->buf[0] + s->fill, left, (size_t)m * sizeof(float));
		memcpy(s->buf[1] + s->fill, right ? right : left, (size_t)m * sizeof(float));
		s->fill += m;
		left += m;
		if (right)
			right += m;
		n -= m;
		if (s->fill == SPECTRUM_N) {
			analyse(s);
			memmove(s->buf[0], s->buf[0] + HOP, HOP * sizeof(float));
			memmove(s->buf[1], s->buf[1] + HOP, HOP * sizeof(float));
			s->fill = HOP;
		}
	}
}

int64_t spectrum_bands(const struct spectrum *s, double out[SPECTRUM_BANDS])
{
	for (int j = 0; j < SPECTRUM_BANDS; j++) {
		double p = s->windows ? s->sum[j] / (double)s->windows : 0;
		out[j] = p > 1e-20 && edge(j) < s->rate / 2 ? 10 * log10(p) : -INFINITY;
	}
	return s->windows;
}

int64_t spectrum_bands_channel(const struct spectrum *s, int ch, double out[SPECTRUM_BANDS])
{
	for (int j = 0; j < SPECTRUM_BANDS; j++) {
		double p = s->windows ? s->chsum[ch & 1][j] / (double)s->windows : 0;
		out[j] = p > 1e-20 && edge(j) < s->rate / 2 ? 10 * log10(p) : -INFINITY;
	}
	return s->windows;
}
