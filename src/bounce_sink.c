/* bounce_sink.c — where bounced audio goes: the sample format, clamping
 * and dither, the statistics (peak, clips, loudness), and the temporary
 * file that only becomes the target once it is complete — locked while
 * it is written, so that one a killed bounce left can be told apart and
 * removed (sink_sweep). */
#include "atomic.h"
#include "bounce_sink.h"
#include "dsp/dither.h"
#include "dsp/dsp.h"
#include "tmix.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 1024

static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;

int sink_open(struct sink *k, const char *path, enum bounce_format fmt, double rate, char *err, size_t errlen)
{
	SF_INFO info = {.samplerate = (int)rate, .channels = 2};
	int fd;

	memset(k, 0, sizeof *k);
	k->fmt = fmt;
	k->loud = loudness_new_no_tp(rate);
	truepeak_init(&k->tp);
	dither_init(&k->dither, 0x746d6978u); /* fixed seed: bounces are byte-identical */
	if (!path)
		return 0;
	switch (fmt) {
	case BOUNCE_WAV16: info.format = SF_FORMAT_RF64 | SF_FORMAT_PCM_16; break;
	case BOUNCE_WAV24: info.format = SF_FORMAT_RF64 | SF_FORMAT_PCM_24; break;
	case BOUNCE_FLOAT: info.format = SF_FORMAT_RF64 | SF_FORMAT_FLOAT; break;
	case BOUNCE_FLAC: info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_24; break;
	}
	fd = atomic_temp(path, &k->tmp, err, errlen);
	if (fd < 0) {
		loudness_free(k->loud); /* a failed open leaves nothing to close */
		k->loud = NULL;
		return -1;
	}
	sink_hold(fd); /* until libsndfile closes fd: the temp is a live writer's */
	/* libsndfile's open keeps its error in global state: --deliver
	 * opens its targets' files from several threads */
	pthread_mutex_lock(&open_lock);
	k->sf = sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE);
	if (!k->sf)
		snprintf(err, errlen, "cannot write '%s': %s", path, sf_strerror(NULL));
	pthread_mutex_unlock(&open_lock);
	if (!k->sf) {
		close(fd);
		unlink(k->tmp);
		free(k->tmp);
		k->tmp = NULL;
		loudness_free(k->loud);
		k->loud = NULL;
		return -1;
	}
	/* plain RIFF while small; RF64 only past 4 GB, where RIFF breaks */
	if (fmt != BOUNCE_FLAC)
		sf_command(k->sf, SFC_RF64_AUTO_DOWNGRADE, NULL, SF_TRUE);
	k->path = path;
	return 0;
}

void sink_kweight(struct sink *k, double rate)
{
	loudness_free(k->loud);
	k->loud = NULL;
	k->kg = xmalloc(sizeof *k->kg);
	kgate_init(k->kg, rate);
	kweight_init(&k->kw, rate);
}

/* 24-bit samples, rounded and clamped, interleaved: a frame at a time
 * across the lanes (floor, the clamps and the conversion are exact, so
 * the lanes change no bit). */
static DSP_HOT void to_int24(const float *l, const float *r, int *buf, int n)
{
	DSP_SIMD
	for (int i = 0; i < n; i++) {
		double a = floor(l[i] * 8388608.0 + 0.5), b = floor(r[i] * 8388608.0 + 0.5);
		a = a > 8388607 ? 8388607 : a < -8388608 ? -8388608 : a;
		b = b > 8388607 ? 8388607 : b < -8388608 ? -8388608 : b;
		buf[2 * i] = (int)a * 256; /* libsndfile's int is 32-bit full scale */
		buf[2 * i + 1] = (int)b * 256;
	}
}

/* The largest magnitude and the samples at or over full scale (a float
 * file: over it); a NaN is neither. Exact whatever the lanes. */
static DSP_HOT void stats(const float *l, const float *r, int n, bool fl, float *peak, unsigned long *clips)
{
	unsigned long c = 0;
	/* by bit patterns: clang cannot vectorise a float max without
	 * -ffast-math (its -Wpass-failed stops the -Werror build) */
	*peak = dsp_absmax(r, n, dsp_absmax(l, n, *peak));
	DSP_SIMD_REDUCE(+, c)
	for (int i = 0; i < n; i++) {
		float a = fabsf(l[i]), b = fabsf(r[i]);
		c += fl ? (unsigned long)(a > 1.0f) + (b > 1.0f) : (unsigned long)(a >= 1.0f) + (b >= 1.0f);
	}
	*clips += c;
}

static int put(struct sink *k, const float *l, const float *r, int n)
{
	if (!k->sf)
		return 0;
	if (k->fmt == BOUNCE_FLOAT) {
		float buf[CHUNK * 2];
		for (int i = 0; i < n; i++) {
			buf[2 * i] = l[i];
			buf[2 * i + 1] = r[i];
		}
		return sf_writef_float(k->sf, buf, n) == n ? 0 : -1;
	}
	if (k->fmt == BOUNCE_WAV16) {
		short buf[CHUNK * 2];
		for (int i = 0; i < 2 * n; i++) {
			double x = (i & 1 ? r : l)[i / 2] * 32768.0 + dither_tpdf(&k->dither);
			x = floor(x + 0.5);
			buf[i] = (short)(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
		}
		return sf_writef_short(k->sf, buf, n) == n ? 0 : -1;
	}
	{
		int buf[CHUNK * 2];
		to_int24(l, r, buf, n);
		return sf_writef_int(k->sf, buf, n) == n ? 0 : -1;
	}
}

int sink_write(struct sink *k, const float *l, const float *r, int n)
{
	/* a float file keeps what is over full scale: counted as over, not
	 * as clipped at it */
	stats(l, r, n, k->fmt == BOUNCE_FLOAT, &k->peak, &k->clips);
	k->frames += n;
	for (int i = 0; k->record && i < n; i++) {
		float f[2] = {l[i], r[i]};
		if (fwrite(f, sizeof f, 1, k->record) != 1) {
			k->failed = errno ? errno : EIO;
			snprintf(k->why, sizeof k->why, "cannot keep the mix in a temporary file: %s", strerror(k->failed));
			return -1;
		}
	}
	if (k->loud)
		loudness_add(k->loud, l, r, n);
	for (int i = 0; k->kg && i < n; i += CHUNK) {
		float e[CHUNK];
		int m = n - i < CHUNK ? n - i : CHUNK;
		kweight_power(&k->kw, l + i, r + i, e, m);
		kgate_add(k->kg, e, m);
	}
	if (!k->skip_tp) {
		const float *ch[2] = {l, r};
		truepeak_process(&k->tp, ch, 2, n);
	}
	while (n > 0) {
		int m = n < CHUNK ? n : CHUNK;
		errno = 0;
		if (put(k, l, r, m)) {
			/* errno straight from write() is the plain reason (ENOSPC,
			 * EIO); libsndfile's own text is the fallback */
			k->failed = errno ? errno : EIO;
			snprintf(k->why, sizeof k->why, "%s", errno ? strerror(errno) : sf_strerror(k->sf));
			return -1;
		}
		l += m;
		r += m;
		n -= m;
	}
	return 0;
}

int sink_truncate(struct sink *k, long long frames)
{
	sf_count_t n = frames;
	if (!k->sf || k->failed || frames >= k->frames)
		return 0;
	if (sf_command(k->sf, SFC_FILE_TRUNCATE, &n, sizeof n)) {
		k->failed = errno ? errno : EIO;
		snprintf(k->why, sizeof k->why, "cannot cut to the mix's length: %s", sf_strerror(k->sf));
		return -1;
	}
	k->frames = frames;
	return 0;
}

const char *sink_error(const struct sink *k)
{
	return k->why;
}

int sink_close(struct sink *k, bool keep, char *err, size_t errlen)
{
	int rc = 0;
	if (k->sf) {
		if (k->failed && keep) {
			snprintf(err, errlen, "cannot write '%s': %s", k->path, k->why);
			keep = false;
			rc = -1;
		}
		/* closing writes what is buffered (the FLAC encoder's last
		 * frames, the header sizes): it can fail on a full disk too */
		errno = 0;
		if (sf_close(k->sf) && keep) {
			snprintf(err, errlen, "cannot write '%s': %s", k->path, strerror(errno ? errno : EIO));
			keep = false;
			rc = -1;
		}
		k->sf = NULL;
		if (keep)
			rc = atomic_commit(k->tmp, k->path, false, err, errlen);
		else
			unlink(k->tmp);
	}
	free(k->tmp);
	k->tmp = NULL;
	loudness_free(k->loud);
	k->loud = NULL;
	if (k->kg) {
		kgate_free(k->kg);
		free(k->kg);
		k->kg = NULL;
	}
	return rc;
}

void sink_hold(int fd)
{
	flock(fd, LOCK_EX | LOCK_NB);
}

#define STALE_AGE_S 2 /* between a writer's mkstemp and its flock there is a moment */

/* Whether the entry at (dfd, name) is a dead writer's: ours, old enough,
 * and its lock free. Returns an fd holding that lock, or -1. */
static int dead_writer(int dfd, const char *name, bool folder)
{
	struct stat st;
	int fd;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) || st.st_uid != geteuid() ||
	    (folder ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) || time(NULL) - st.st_mtime < STALE_AGE_S)
		return -1;
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | (folder ? O_DIRECTORY : 0));
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A dead set's folder holds only the stems and their temps: regular files. */
static int empty_folder(int fd)
{
	DIR *d = fdopendir(dup(fd));
	struct dirent *e;
	int files = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			struct stat st;
			if (!fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) && S_ISREG(st.st_mode) &&
			    !unlinkat(fd, e->d_name, 0))
				files++;
		}
	closedir(d);
	return files;
}

/* PREFIX + 6 letters or digits (mkstemp's); a PREFIX of "*REST" is any
 * name, then REST. */
static bool temp_name(const char *name, const char *prefix)
{
	size_t n = strlen(prefix), len = strlen(name);
	if (prefix[0] == '*') {
		n--;
		if (len < n + 7 || strncmp(name + len - 6 - n, prefix + 1, n))
			return false;
	} else if (strncmp(name, prefix, n) || len != n + 6)
		return false;
	for (const char *c = name + len - 6; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
			return false;
	return true;
}

int sink_sweep(const char *dir, const char *prefix, bool folders, char *notes, size_t n)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), count = 0;
	DIR *d;
	struct dirent *e;

	if (dfd < 0)
		return 0;
	d = fdopendir(dup(dfd));
	while (d && (e = readdir(d))) {
		int fd;
		if (!temp_name(e->d_name, prefix) || (fd = dead_writer(dfd, e->d_name, folders)) < 0)
			continue;
		if (folders) {
			int files = empty_folder(fd);
			if (files >= 0 && !unlinkat(dfd, e->d_name, AT_REMOVEDIR)) {
				size_t used = strlen(notes);
				snprintf(notes + used, n - used,
					 "removed '%s/%s' (%d file%s): the temporary folder of a bounce that was killed\n", dir,
					 e->d_name, files, files == 1 ? "" : "s");
				count++;
			}
		} else if (!unlinkat(dfd, e->d_name, 0)) {
			size_t used = strlen(notes);
			snprintf(notes + used, n - used, "removed '%s/%s': the temporary file of a bounce that was killed\n",
				 dir, e->d_name);
			count++;
		}
		close(fd);
	}
	if (d)
		closedir(d);
	close(dfd);
	return count;
}
