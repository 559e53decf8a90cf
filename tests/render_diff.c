/* render_diff.c — compares two renders of one mix, for tests/cross_render.sh
 * (the arm64 build's bounce against the x86 build's):
 *   render_diff A B MAX_DB RMS_DB LABEL
 * prints three TAP lines, unnumbered so that a script can string several
 * comparisons together: A and B have the same rate, channels and length;
 * the largest |A - B| over every sample is at most MAX_DB dBFS; the RMS
 * of A - B (the null test) is at most RMS_DB dBFS. A diagnostic line
 * gives both figures, "-inf" when the files are sample for sample the
 * same. Samples are read as float, so a 32-bit float bounce is compared
 * exactly. Exit status: 0 all three hold, 1 one does not, 2 usage or a
 * file that does not open. */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double to_db(double x) { return x > 0.0 ? 20.0 * log10(x) : -INFINITY; }

static SNDFILE *open_or_say(const char *path, SF_INFO *si)
{
	SNDFILE *f = sf_open(path, SFM_READ, si);
	if (!f)
		fprintf(stderr, "render_diff: %s: %s\n", path, sf_strerror(NULL));
	return f;
}

int main(int argc, char **argv)
{
	enum { BLOCK = 4096 };
	SF_INFO ia = {0}, ib = {0};
	SNDFILE *a, *b;
	double max_db, rms_db, worst = 0.0, sum = 0.0;
	long long n = 0;
	int fails = 0;

	if (argc != 6) {
		fprintf(stderr, "usage: render_diff A B MAX_DB RMS_DB LABEL\n");
		return 2;
	}
	max_db = atof(argv[3]);
	rms_db = atof(argv[4]);
	a = open_or_say(argv[1], &ia);
	b = open_or_say(argv[2], &ib);
	if (!a || !b)
		return 2;
	int same = ia.samplerate == ib.samplerate && ia.channels == ib.channels && ia.frames == ib.frames;
	printf("%sok - %s: same rate, channels and length (%d Hz, %d ch, %lld frames)\n", same ? "" : "not ",
	       argv[5], ia.samplerate, ia.channels, (long long)ia.frames);
	if (!same) {
		printf("# the other: %d Hz, %d ch, %lld frames\n", ib.samplerate, ib.channels, (long long)ib.frames);
		fails++;
	}
	if (ia.channels == ib.channels) {
		float *x = malloc(sizeof(float) * BLOCK * (size_t)ia.channels);
		float *y = malloc(sizeof(float) * BLOCK * (size_t)ia.channels);
		sf_count_t ga, gb = 0;
		if (!x || !y)
			return 2;
		/* over the frames both have; a length mismatch failed above */
		while ((ga = sf_readf_float(a, x, BLOCK)) > 0 && (gb = sf_readf_float(b, y, BLOCK)) > 0) {
			sf_count_t m = (ga < gb ? ga : gb) * ia.channels;
			for (sf_count_t i = 0; i < m; i++) {
				double d = fabs((double)x[i] - (double)y[i]);
				if (!(d <= worst)) /* NaN on either side counts as the worst */
					worst = isnan(d) ? INFINITY : d;
				sum += d * d;
			}
			n += m;
		}
		free(x);
		free(y);
	}
	double rms = n ? sqrt(sum / (double)n) : INFINITY;
	if (isnan(rms))
		rms = INFINITY;
	printf("# %s: max |difference| %.1f dBFS, null-test RMS %.1f dBFS over %lld samples\n", argv[5],
	       to_db(worst), to_db(rms), n);
	int ok_max = n > 0 && to_db(worst) <= max_db, ok_rms = n > 0 && to_db(rms) <= rms_db;
	printf("%sok - %s: max |difference| at most %g dBFS\n", ok_max ? "" : "not ", argv[5], max_db);
	printf("%sok - %s: null-test RMS at most %g dBFS\n", ok_rms ? "" : "not ", argv[5], rms_db);
	fails += !ok_max + !ok_rms;
	sf_close(a);
	sf_close(b);
	return fails ? 1 : 0;
}
