/* testutil.h — scratch folders, text files and synthetic WAV stems for
 * the unit tests. Header-only; each test includes what it uses. */
#ifndef TMIX_TESTUTIL_H
#define TMIX_TESTUTIL_H
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline char *tu_tmpdir(void)
{
	static char dir[64];
	snprintf(dir, sizeof dir, "/tmp/tmix-test-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(99);
	}
	return dir;
}

static inline const char *tu_path(const char *dir, const char *name)
{
	static char buf[8][512];
	static int k;
	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static inline void tu_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, strlen(text), f) != strlen(text)) {
		perror(path);
		exit(99);
	}
	fclose(f);
}

static inline char *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	buf[n] = 0;
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

/* A sine stem: freq Hz at amp (linear), channels, seconds. */
static inline void tu_wav(const char *path, int rate, int channels, double seconds, double freq, double amp)
{
	SF_INFO info = {.samplerate = rate, .channels = channels, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f = sf_open(path, SFM_WRITE, &info);
	long n = (long)(seconds * rate);
	float *buf = malloc(sizeof *buf * (size_t)(n * channels + 1));
	for (long i = 0; i < n; i++)
		for (int c = 0; c < channels; c++)
			buf[i * channels + c] = (float)(amp * sin(2 * M_PI * freq * i / rate));
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, sf_strerror(NULL));
		exit(99);
	}
	sf_writef_float(f, buf, n);
	sf_close(f);
	free(buf);
}
#endif
