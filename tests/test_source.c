/* test_source.c — stems as the session hears them (source.h): bit-exact
 * same-rate reads, placement, silence around the stem, resampling that
 * keeps pitch, level and timing, seeks that equal sequential reads (also
 * for FLAC and Ogg), damaged files, errors and flat memory. */
#include <malloc.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include "source.h"
#include "tap.h"
#include "testutil.h"

static char *dir;

/* Deterministic noise, so failures repeat. */
static uint32_t rng = 12345;
static double noise(void)
{
	rng = rng * 1664525u + 1013904223u;
	return (rng >> 8) / 16777216.0 - 0.5;
}

typedef double (*gen_fn)(long i, int c, int rate);

static double gen_noise(long i, int c, int rate) { return 0.25 * sin(0.01 * i * (c + 1)) + 0.5 * noise(); }
static double gen_sine1k(long i, int c, int rate) { return 0.5 * sin(2 * M_PI * 1000.0 * i / rate); }
static double gen_click(long i, int c, int rate) { return i == rate / 2 ? 1.0 : 0.0; }
static double gen_dc(long i, int c, int rate) { return 0.5 + 0.001 * (i % 100) + 0.1 * c; }
static double gen_quiet_sine(long i, int c, int rate) { return 0.1 * sin(2 * M_PI * 220.0 * i / rate); }

/* Writes a stem in chunks (the Vorbis encoder dislikes huge writes). */
static const char *stem(const char *name, int format, int rate, int ch, long frames, gen_fn g)
{
	const char *path = tu_path(dir, name);
	SF_INFO si = {.samplerate = rate, .channels = ch, .format = format};
	SNDFILE *f = sf_open(path, SFM_WRITE, &si);
	float *buf = malloc(sizeof *buf * 4096 * (size_t)ch);
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, sf_strerror(NULL));
		exit(99);
	}
	for (long o = 0; o < frames; o += 4096) {
		long m = frames - o < 4096 ? frames - o : 4096;
		for (long i = 0; i < m; i++)
			for (int c = 0; c < ch; c++)
				buf[i * ch + c] = (float)g(o + i, c, rate);
		sf_writef_float(f, buf, m);
	}
	sf_close(f);
	free(buf);
	return path;
}

/* What libsndfile itself decodes, interleaved; *frames gets the count. */
static float *decode_all(const char *path, long *frames)
{
	SF_INFO si = {0};
	SNDFILE *f = sf_open(path, SFM_READ, &si);
	long cap = 1 << 16, n = 0;
	float *buf = malloc(sizeof *buf * (size_t)cap * (size_t)si.channels);
	sf_count_t r;
	for (;;) {
		if (n + 4096 > cap) {
			cap *= 2;
			buf = realloc(buf, sizeof *buf * (size_t)cap * (size_t)si.channels);
		}
		r = sf_readf_float(f, buf + n * si.channels, 4096);
		if (r <= 0)
			break;
		n += r;
	}
	sf_close(f);
	*frames = n;
	return buf;
}

struct take {
	float *ch[2];
	long n;
};

/* Reads [from, from+n) of the timeline sequentially in blocks of `block`. */
static struct take take_seq(struct source *s, int64_t from, long n, int block)
{
	struct take t = {{NULL, NULL}, n};
	for (int c = 0; c < 2; c++)
		t.ch[c] = calloc((size_t)n + 1, sizeof(float));
	for (long o = 0; o < n; o += block) {
		int m = n - o < block ? (int)(n - o) : block;
		float *out[2] = {t.ch[0] + o, t.ch[1] + o};
		source_read(s, from + o, out, m);
	}
	return t;
}

static void take_free(struct take *t)
{
	free(t->ch[0]);
	free(t->ch[1]);
}

static struct source *open_ok(const char *path, double rate, double start)
{
	char err[512];
	struct source *s = source_open(path, rate, start, err, sizeof err);
	if (!s) {
		printf("# %s\n", err);
		exit(99);
	}
	return s;
}

static void test_same_rate(int ch)
{
	char name[64];
	const char *path;
	long nref, bad = 0;
	float *ref;
	struct source *s;
	struct take t;
	snprintf(name, sizeof name, "same%d.wav", ch);
	path = stem(name, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 48000, ch, 100000, gen_noise);
	ref = decode_all(path, &nref);
	s = open_ok(path, 48000, 0);
	is_int(source_channels(s), ch, "%d-channel stem reports %d channels", ch, ch);
	is_int(source_end(s), 100000, "same-rate %d ch: end is the frame count", ch);
	t = take_seq(s, 0, 100000, 777);
	for (long i = 0; i < nref; i++)
		for (int c = 0; c < ch; c++)
			bad += t.ch[c][i] != ref[i * ch + c];
	ok(bad == 0, "same-rate %d ch: sequential reads are bit-exact (%ld differ)", ch, bad);
	ok(source_warning(s) == NULL, "same-rate %d ch: no warning", ch);
	take_free(&t);
	source_close(s);
	free(ref);
}

static void test_placement(void)
{
	const char *path = stem("dc.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, 500, gen_dc);
	long nref;
	float *ref = decode_all(path, &nref);
	double start = 1.2345678;
	int64_t first = llround(start * 48000);
	struct source *s = open_ok(path, 48000, start);
	struct take t;
	long zeros_before = 0, zeros_after = 0, bad = 0;

	is_int(source_end(s), first + 500, "end = round(start*rate) + length");
	/* One block that spans the start, the whole stem and its end. */
	t = take_seq(s, first - 300, 1024, 1024);
	for (long i = 0; i < 300; i++)
		zeros_before += t.ch[0][i] == 0 && t.ch[1][i] == 0;
	for (long i = 800; i < 1024; i++)
		zeros_after += t.ch[0][i] == 0 && t.ch[1][i] == 0;
	for (long i = 0; i < 500; i++)
		bad += t.ch[0][300 + i] != ref[2 * i] || t.ch[1][300 + i] != ref[2 * i + 1];
	is_int(zeros_before, 300, "silence before the start");
	is_int(zeros_after, 224, "silence after the end");
	ok(bad == 0, "first sample exactly at round(start*rate) = %lld", (long long)first);
	take_free(&t);

	/* Far before and far after, and blocks that only touch the edges. */
	t = take_seq(s, -5000, 1024, 1024);
	ok(t.ch[0][0] == 0 && t.ch[1][1023] == 0, "a read before the timeline start is silent");
	take_free(&t);
	t = take_seq(s, first + 500, 1024, 1024);
	ok(t.ch[0][0] == 0 && t.ch[0][1023] == 0, "a read from the end on is silent");
	take_free(&t);
	t = take_seq(s, first - 1023, 1024, 1024);
	ok(t.ch[0][1022] == 0 && t.ch[0][1023] == ref[0], "a block ending on the first frame");
	take_free(&t);
	t = take_seq(s, first + 499, 1024, 1024);
	ok(t.ch[1][0] == ref[2 * 499 + 1] && t.ch[1][1] == 0, "a block starting on the last frame");
	take_free(&t);
	source_close(s);
	free(ref);

	s = open_ok(path, 48000, 0.5 / 48000 * 3); /* 1.5 frames rounds to 2 */
	is_int(source_end(s), 2 + 500, "start of 1.5 frames rounds to 2");
	source_close(s);
}

static void test_resample_sine(void)
{
	const char *path = stem("sine441.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 44100, 1, 3 * 44100, gen_sine1k);
	struct source *s = open_ok(path, 48000, 0);
	struct take t = take_seq(s, 0, 3 * 48000, 1024);
	long zc = 0;
	double sum = 0, want = 0.5 / sqrt(2.0);
	is_int(source_end(s), 3 * 48000, "44.1k -> 48k: end in session frames");
	for (long i = 48000; i < 96000; i++) {
		zc += (t.ch[0][i - 1] < 0) != (t.ch[0][i] < 0);
		sum += (double)t.ch[0][i] * t.ch[0][i];
	}
	ok(labs(zc - 2000) <= 2, "1 kHz keeps its frequency: %ld zero crossings in 1 s", zc);
	is_near(20 * log10(sqrt(sum / 48000) / want), 0, 0.05, "1 kHz keeps its level (dB error)");
	take_free(&t);
	source_close(s);
}

static long argmax(const float *x, long n)
{
	long k = 0;
	for (long i = 1; i < n; i++)
		if (fabsf(x[i]) > fabsf(x[k]))
			k = i;
	return k;
}

static void test_alignment(void)
{
	const char *p441 = stem("click441.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 44100, 1, 44100, gen_click);
	const char *p48 = stem("click48.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 1, 48000, gen_click);
	const char *p96 = stem("click96.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 96000, 2, 96000, gen_click);
	struct source *a = open_ok(p441, 48000, 0), *b = open_ok(p48, 48000, 0), *c = open_ok(p96, 48000, 0);
	struct take ta = take_seq(a, 0, 48000, 512), tb = take_seq(b, 0, 48000, 512), tc = take_seq(c, 0, 48000, 512);
	long ka = argmax(ta.ch[0], 48000), kb = argmax(tb.ch[0], 48000), kc = argmax(tc.ch[1], 48000);
	ok(labs(ka - 24000) <= 2, "a click at 0.5 s in a 44.1k stem lands at frame %ld (24000)", ka);
	is_int(kb, 24000, "and in a 48k stem at 24000");
	ok(labs(kc - 24000) <= 2, "and in a 96k stem at %ld", kc);
	take_free(&ta);
	take_free(&tb);
	take_free(&tc);
	source_close(a);
	source_close(b);
	source_close(c);
}

/* Random reads against one sequential pass: max difference. Seeks land
 * everywhere, including around the start and the end. */
static double seek_vs_seq(const char *path, double rate, double start, int rounds, long *nreads)
{
	struct source *s = open_ok(path, rate, start);
	int64_t st = llround(start * rate), end = source_end(s), span = end - st + 4000;
	struct take ref = take_seq(s, st - 2000, span, 1024);
	double worst = 0;
	float a[1024], b[1024];
	float *out[2] = {a, b};
	int ch = source_channels(s);
	uint32_t r = 99;
	for (int k = 0; k < rounds; k++) {
		int64_t pos;
		int n;
		r = r * 1664525u + 1013904223u;
		n = 1 + (int)((r >> 8) % 1024);
		r = r * 1664525u + 1013904223u;
		switch (k % 4) {
		case 0: pos = st - 2000 + (int64_t)((r >> 4) % (uint64_t)(span - n)); break;
		case 1: pos = end - 1 - (int64_t)((r >> 4) % 3000); break; /* the tail */
		case 2: pos = st - 1000 + (int64_t)((r >> 4) % 3000); break; /* the head */
		default: pos = st + (int64_t)((r >> 4) % (uint64_t)(end - st)) ; break;
		}
		if (pos < st - 2000)
			pos = st - 2000;
		if (pos + n > st - 2000 + span)
			pos = st - 2000 + span - n;
		/* Sometimes read on sequentially for a few blocks. */
		for (int rep = 0; rep < 1 + (k % 3 == 0 ? 3 : 0); rep++, pos += n) {
			if (pos + n > st - 2000 + span)
				break;
			source_read(s, pos, out, n);
			for (int c = 0; c < ch; c++)
				for (int i = 0; i < n; i++) {
					double d = fabs((double)out[c][i] - ref.ch[c][pos - (st - 2000) + i]);
					if (!(d <= worst))
						worst = isnan(d) ? INFINITY : d;
				}
			++*nreads;
		}
	}
	take_free(&ref);
	source_close(s);
	return worst;
}

static void test_seeks(void)
{
	const char *p441 = stem("noise441.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 20 * 44100, gen_noise);
	const char *p22 = stem("noise22.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 5 * 22050, gen_noise);
	const char *p96 = stem("noise96.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 96000, 2, 3 * 96000, gen_noise);
	long n = 0;
	double d;
	d = seek_vs_seq(p441, 44100, 0.3, 600, &n);
	ok(d == 0, "same rate: %ld random reads are bit-identical to sequential (max diff %g)", n, d);
	n = 0;
	d = seek_vs_seq(p441, 48000, 0.3, 600, &n);
	ok(d <= 1e-4, "44.1k -> 48k: %ld random reads match sequential (max diff %g)", n, d);
	n = 0;
	d = seek_vs_seq(p441, 32000, 0, 300, &n);
	ok(d <= 1e-4, "44.1k -> 32k: %ld random reads match sequential (max diff %g)", n, d);
	n = 0;
	d = seek_vs_seq(p22, 48000, 2.0, 300, &n);
	ok(d <= 1e-4, "22.05k -> 48k: %ld random reads match sequential (max diff %g)", n, d);
	n = 0;
	d = seek_vs_seq(p96, 44100, 0, 300, &n);
	ok(d <= 1e-4, "96k -> 44.1k: %ld random reads match sequential (max diff %g)", n, d);
}

static void test_truncated_wav(void)
{
	const char *path = stem("trunc.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 96000, gen_noise);
	long nref, bad = 0, nonzero_after = 0;
	float *ref;
	struct source *s;
	struct take t;
	/* Keep the header, 30000 frames and half a frame. */
	if (truncate(path, 44 + 4 * 30000 + 2) != 0) {
		perror("truncate");
		exit(99);
	}
	ref = decode_all(path, &nref);
	s = open_ok(path, 48000, 0);
	t = take_seq(s, 0, 96000, 1024);
	for (long i = 0; i < nref; i++)
		bad += t.ch[0][i] != ref[2 * i] || t.ch[1][i] != ref[2 * i + 1];
	for (long i = nref; i < 96000; i++)
		nonzero_after += t.ch[0][i] != 0 || t.ch[1][i] != 0;
	is_int(nref, 30000, "libsndfile decodes the 30000 frames left");
	ok(bad == 0 && nonzero_after == 0, "a truncated WAV plays what is there, then silence");
	ok(source_warning(s) && strstr(source_warning(s), "stem ended early: read 30000 of 96000 frames"),
	   "and warns: %s", source_warning(s) ? source_warning(s) : "(none)");
	is_int(source_end(s), 30000, "its end is where the data ends");
	take_free(&t);
	source_close(s);
	free(ref);

	/* Resampled, the same. */
	s = open_ok(path, 44100, 0);
	t = take_seq(s, 0, 96000, 1000);
	nonzero_after = 0;
	for (long i = 27563; i < 96000; i++)
		nonzero_after += t.ch[0][i] != 0;
	ok(nonzero_after == 0 && source_warning(s), "resampled truncated WAV: silence after, warning set");
	take_free(&t);
	source_close(s);
}

static double gen_nan(long i, int c, int rate)
{
	switch (i) {
	case 100: return NAN;
	case 2000: return c ? INFINITY : 0.5;
	case 2001: return -INFINITY;
	case 40000: return c ? NAN : -NAN;
	default: return 0.3 * sin(0.02 * i);
	}
}

static void test_nonfinite(void)
{
	const char *path = stem("nan.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 44100, 2, 50000, gen_nan);
	for (int k = 0; k < 2; k++) {
		double rate = k ? 48000 : 44100;
		struct source *s = open_ok(path, rate, 0);
		long fin = 0, n = k ? 54422 : 50000;
		struct take t = take_seq(s, 0, n, 1024);
		for (long i = 0; i < n; i++)
			fin += isfinite(t.ch[0][i]) && isfinite(t.ch[1][i]);
		ok(fin == n, "%s: NaN/inf samples come out finite", k ? "resampled" : "same rate");
		is_int((long long)source_bad_samples(s), 7, "%s: the 7 bad samples are counted", k ? "resampled" : "same rate");
		take_free(&t);
		t = take_seq(s, 0, n, 1024); /* again, after a seek back to 0 */
		take_free(&t);
		is_int((long long)source_bad_samples(s), 7, "%s: reading them again does not count them twice",
		       k ? "resampled" : "same rate");
		source_close(s);
	}
}

static void test_flac(void)
{
	const char *path = stem("noise.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2, 10 * 44100, gen_noise);
	long nref, bad = 0, n = 0;
	float *ref = decode_all(path, &nref);
	struct source *s = open_ok(path, 44100, 0);
	struct take t = take_seq(s, 0, nref, 1024);
	double d;
	for (long i = 0; i < nref; i++)
		bad += t.ch[0][i] != ref[2 * i] || t.ch[1][i] != ref[2 * i + 1];
	ok(bad == 0, "FLAC: sequential reads equal libsndfile's decode");
	take_free(&t);
	source_close(s);
	free(ref);
	d = seek_vs_seq(path, 44100, 0, 400, &n);
	ok(d == 0, "FLAC: %ld random reads bit-identical to sequential", n);
	n = 0;
	d = seek_vs_seq(path, 48000, 0, 300, &n);
	ok(d <= 1e-4, "FLAC 44.1k -> 48k: %ld random reads match (max diff %g)", n, d);
}

static void test_lossy(const char *name, int format, int rate, double seconds, gen_fn g)
{
	const char *path = stem(name, format, rate, 2, (long)(seconds * rate), g);
	long nref, bad = 0, n = 0;
	float *ref = decode_all(path, &nref);
	struct source *s = open_ok(path, rate, 0);
	struct take t = take_seq(s, 0, nref, 1024);
	double d;
	for (long i = 0; i < nref; i++)
		bad += t.ch[0][i] != ref[2 * i] || t.ch[1][i] != ref[2 * i + 1];
	is_int(source_end(s), nref, "%s: end is the decoded length", name);
	ok(bad == 0, "%s: sequential reads equal libsndfile's decode", name);
	take_free(&t);
	source_close(s);
	free(ref);
	/* Lossy, but seeking right decodes the very same samples. */
	d = seek_vs_seq(path, rate, 0, 300, &n);
	ok(d == 0, "%s: %ld random reads (many in the last page) are identical to sequential (max diff %g)",
	   name, n, d);
	if (rate != 48000) {
		n = 0;
		d = seek_vs_seq(path, 48000, 0.1, 120, &n);
		ok(d <= 1e-4, "%s resampled: %ld random reads match (max diff %g)", name, n, d);
	}
}

static double gen_tail_silence(long i, int c, int rate)
{
	return i < 3 * rate ? gen_noise(i, c, rate) : 0.0;
}

static void test_truncated_ogg(void)
{
	const char *path = stem("trunc.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, 2, 10 * 44100, gen_quiet_sine);
	struct stat st;
	struct source *s;
	struct take t;
	long nref, bad = 0;
	float *ref;
	stat(path, &st);
	if (truncate(path, st.st_size / 2) != 0) {
		perror("truncate");
		exit(99);
	}
	ref = decode_all(path, &nref);
	s = open_ok(path, 44100, 0);
	ok(nref > 44100 && nref < 9 * 44100, "a half Ogg still decodes %ld frames", nref);
	is_int(source_end(s), nref, "truncated Ogg: end is what is there");
	ok(source_warning(s) && strstr(source_warning(s), "ended early"), "truncated Ogg warns: %s",
	   source_warning(s) ? source_warning(s) : "(none)");
	t = take_seq(s, 0, nref + 5000, 1024);
	for (long i = 0; i < nref; i++)
		bad += t.ch[0][i] != ref[2 * i] || t.ch[1][i] != ref[2 * i + 1];
	for (long i = nref; i < nref + 5000; i++)
		bad += t.ch[0][i] != 0;
	ok(bad == 0, "truncated Ogg plays what is there, then silence");
	take_free(&t);
	source_close(s);
	free(ref);
}

static void test_errors(void)
{
	char err[512];
	const char *txt = tu_path(dir, "notes.wav");
	const char *six = stem("six.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 6, 1000, gen_noise);
	struct source *s;
	tu_write(txt, "this is not audio\n");
	err[0] = 0;
	s = source_open(txt, 48000, 0, err, sizeof err);
	ok(!s && strstr(err, txt) && strstr(err, "libsndfile: ") && strlen(strstr(err, "libsndfile: ")) > 13,
	   "a text file named .wav: %s", err);
	s = source_open(six, 48000, 0, err, sizeof err);
	ok(!s && strstr(err, six) && strstr(err, "has 6 channels; tmix takes mono or stereo"), "six channels: %s", err);
	s = source_open(tu_path(dir, "missing.wav"), 48000, 0, err, sizeof err);
	ok(!s && strstr(err, "missing.wav") && strstr(err, "No such file"), "a missing file: %s", err);
	s = source_open(dir, 48000, 0, err, sizeof err);
	ok(!s && strstr(err, "not a regular file"), "a folder: %s", err);
}

static long maxrss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void test_memory(void)
{
	/* Ten minutes, mono FLAC (small on disk), resampled. */
	const char *path = stem("long.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 1, 600L * 44100, gen_quiet_sine);
	struct source *s = open_ok(path, 48000, 0);
	float a[1024], b[1024];
	float *out[2] = {a, b};
	struct mallinfo2 m0, m1;
	long rss0, rss1;
	int64_t end = source_end(s), f = 0, deep = 1024L * 26718; /* ~570 s */
	static float rec[2048];
	double sum = 0;
	for (; f < 48000 * 10; f += 1024)
		source_read(s, f, out, 1024);
	m0 = mallinfo2();
	rss0 = maxrss_kb();
	for (; f < end; f += 1024) {
		source_read(s, f, out, 1024);
		sum += a[0];
		if (f >= deep && f < deep + 2048)
			memcpy(rec + (f - deep), a, sizeof a);
	}
	m1 = mallinfo2();
	rss1 = maxrss_kb();
	ok(m1.uordblks <= m0.uordblks + 4096, "10-minute stem: heap in use stays flat (%zu -> %zu bytes)",
	   m0.uordblks, m1.uordblks);
	ok(rss1 - rss0 < 4096, "10-minute stem: max RSS grows %ld kB", rss1 - rss0);
	ok(isfinite(sum) && source_warning(s) == NULL, "10-minute stem read to the end without a warning");
	{
		/* Deep in a long stem, a seek still lands on the sequential grid. */
		float got[1024];
		float *o2[2] = {got, b};
		double d = 0;
		source_read(s, 1000, o2, 1024);
		source_read(s, deep + 333, o2, 1024);
		for (int i = 0; i < 1024; i++)
			d = fmax(d, fabs(got[i] - rec[333 + i]));
		ok(d <= 1e-4, "a seek to 9.5 minutes matches sequential (max diff %g)", d);
	}
	source_close(s);
}

/* Informal: how many times real time. Not asserted. */
static void bench(void)
{
	const char *path = stem("bench.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 60L * 44100, gen_noise);
	for (int k = 0; k < 2; k++) {
		double rate = k ? 48000 : 44100, t0 = now(), dt;
		struct source *s = open_ok(path, rate, 0);
		float a[1024], b[1024];
		float *out[2] = {a, b};
		int64_t end = source_end(s);
		for (int64_t f = 0; f < end; f += 1024)
			source_read(s, f, out, 1024);
		source_close(s);
		dt = now() - t0;
		tap_diag("60 s stereo 44.1k %s: %.3f s, %.0fx real time", k ? "-> 48k" : "same rate", dt, 60 / dt);
	}
}

int main(void)
{
	dir = tu_tmpdir();
	test_same_rate(1);
	test_same_rate(2);
	test_placement();
	test_resample_sine();
	test_alignment();
	test_seeks();
	test_truncated_wav();
	test_nonfinite();
	test_flac();
	test_lossy("noise.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, 8, gen_noise);
	test_lossy("tail.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, 8, gen_tail_silence);
	test_lossy("noise.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000, 4, gen_noise);
	test_truncated_ogg();
	test_errors();
	test_memory();
	bench();
	{
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			tap_diag("could not remove %s", dir);
	}
	return done_testing();
}
