/* atomic.c — crash-safe file replacement (see atomic.h). */
#include "atomic.h"
#include "tmix.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failed(char *err, size_t errlen, const char *what, const char *path)
{
	int e = errno;
	snprintf(err, errlen, "%s '%s': %s", what, path, strerror(e));
	errno = e;
	return -1;
}

static int atomic_temp_at(const char *path, char **tmp_out, char *err, size_t errlen);
static int atomic_commit_at(const char *tmp, const char *path, bool keep_bak, char *err, size_t errlen);

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* The file a save really replaces: through a symbolic link, its target,
 * so the link stays a link (renaming over it would swap the link for a
 * plain file and leave the target stale). Else path itself. */
static char *target_of(const char *path)
{
	struct stat st;
	char *real;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (real = realpath(path, NULL)))
		return real;
	return xstrdup(path);
}

int atomic_temp(const char *path_in, char **tmp_out, char *err, size_t errlen)
{
	char *path = target_of(path_in);
	int fd = atomic_temp_at(path, tmp_out, err, errlen);
	free(path);
	return fd;
}

static int atomic_temp_at(const char *path, char **tmp_out, char *err, size_t errlen)
{
	size_t n = strlen(path) + 16;
	char *tmp = xmalloc(n);
	struct stat st;
	mode_t mode = 0644;
	int fd;

	snprintf(tmp, n, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		failed(err, errlen, "cannot create a temporary file beside", path);
		free(tmp);
		return -1;
	}
	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	fchmod(fd, mode);
	*tmp_out = tmp;
	return fd;
}

int atomic_commit(const char *tmp, const char *path_in, bool keep_bak, char *err, size_t errlen)
{
	char *path = target_of(path_in);
	int rc = atomic_commit_at(tmp, path, keep_bak, err, errlen);
	free(path);
	return rc;
}

static int atomic_commit_at(const char *tmp, const char *path, bool keep_bak, char *err, size_t errlen)
{
	int fd = open(tmp, O_RDONLY), dfd;
	char *dir;

	if (fd < 0 || fsync(fd)) {
		failed(err, errlen, "cannot flush", tmp);
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (keep_bak && access(path, F_OK) == 0) {
		size_t n = strlen(path) + 5;
		char *bak = xmalloc(n);
		snprintf(bak, n, "%s.bak", path);
		unlink(bak);
		/* a hard link costs no space and cannot half-fail; the old file
		 * stays whole under its own name until the rename */
		if (link(path, bak)) {
			int e = errno;
			free(bak);
			errno = e;
			failed(err, errlen, "cannot keep a backup of", path);
			unlink(tmp);
			return -1;
		}
		free(bak);
	}
	if (rename(tmp, path)) {
		failed(err, errlen, "cannot replace", path);
		unlink(tmp);
		return -1;
	}
	dir = dir_of(path);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	return 0;
}

int atomic_write(const char *path, const void *data, size_t len, bool keep_bak,
		 char *err, size_t errlen)
{
	char *tmp;
	const char *p = data;
	int fd = atomic_temp(path, &tmp, err, errlen);

	if (fd < 0)
		return -1;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			failed(err, errlen, "cannot write", path);
			{
				int e = errno;
				close(fd);
				unlink(tmp);
				free(tmp);
				errno = e;
			}
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	if (close(fd)) {
		failed(err, errlen, "cannot write", path);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	{
		int rc = atomic_commit(tmp, path, keep_bak, err, errlen);
		free(tmp);
		return rc;
	}
}
