/* fake_source.c — TEMPORARY stand-in for src/source.c until it lands on
 * main: libsndfile reads at the stem's own rate (no resampling). */
#include "source.h"
#include "tmix.h"
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct source {
	SNDFILE *f;
	int ch;
	int64_t start, frames, at;
	float *buf;
};

struct source *source_open(const char *path, double rate, double start_s, char *err, size_t errlen)
{
	SF_INFO si = {0};
	struct source *s;
	SNDFILE *f = sf_open(path, SFM_READ, &si);
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, sf_strerror(NULL));
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->f = f;
	s->ch = si.channels;
	s->frames = si.frames;
	s->start = (int64_t)(start_s * rate + 0.5);
	s->at = -1;
	s->buf = xcalloc(8192 * 2, sizeof(float));
	return s;
}

void source_close(struct source *s)
{
	sf_close(s->f);
	free(s->buf);
	free(s);
}

int source_channels(const struct source *s) { return s->ch; }
int64_t source_end(const struct source *s) { return s->start + s->frames; }

void source_read(struct source *s, int64_t frame, float *const out[], int n)
{
	for (int i = 0; i < n;) {
		int64_t f = frame + i - s->start;
		int k = n - i > 8192 ? 8192 : n - i;
		if (f < 0 || f >= s->frames) {
			for (int c = 0; c < s->ch; c++)
				out[c][i] = 0;
			i++;
			continue;
		}
		if (f + k > s->frames)
			k = (int)(s->frames - f);
		if (s->at != f)
			sf_seek(s->f, f, SEEK_SET);
		sf_count_t got = sf_readf_float(s->f, s->buf, k);
		s->at = f + got;
		for (int j = 0; j < k; j++)
			for (int c = 0; c < s->ch; c++)
				out[c][i + j] = j < got ? s->buf[j * s->ch + c] : 0;
		i += k;
	}
}

uint64_t source_bad_samples(const struct source *s) { return 0; }
const char *source_warning(const struct source *s) { return NULL; }
