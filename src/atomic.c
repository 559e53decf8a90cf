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

/* All of n bytes, through short writes and EINTR; a write of 0 bytes
 * counts as a full disk. 0, or -1 with errno set. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The errors of a filesystem that has no hard links at all (vfat,
 * exFAT, some network shares), as opposed to a link that failed. */
static bool no_hard_links(int e)
{
	return e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == EXDEV || e == EMLINK;
}

/* Copies from into a new file tmp (O_EXCL) with from's mode, fsynced. */
static int copy_into(const char *from, const char *tmp, char *err, size_t errlen)
{
	char buf[65536];
	struct stat st;
	int in = open(from, O_RDONLY), out = -1, rc = -1;
	ssize_t n;

	if (in < 0 || fstat(in, &st)) {
		failed(err, errlen, "cannot read", from);
		goto done;
	}
	out = open(tmp, O_WRONLY | O_CREAT | O_EXCL, st.st_mode & 07777);
	if (out < 0) {
		failed(err, errlen, "cannot keep a backup of", from);
		goto done;
	}
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			failed(err, errlen, "cannot read", from);
			goto done;
		}
		if (write_all(out, buf, (size_t)n)) {
			failed(err, errlen, "cannot keep a backup of", from);
			goto done;
		}
	}
	if (fsync(out)) {
		failed(err, errlen, "cannot keep a backup of", from);
		goto done;
	}
	rc = 0;
done:
	if (out >= 0 && close(out) && rc == 0)
		rc = failed(err, errlen, "cannot keep a backup of", from);
	if (in >= 0)
		close(in);
	return rc;
}

/* NAME.bak := the current NAME. The new backup is made under a temporary
 * name and renamed over the old one, so there is a .bak at every moment:
 * a failure here leaves the previous one as it was. */
static int keep_backup(const char *path, char *err, size_t errlen)
{
	size_t n = strlen(path) + sizeof ATOMIC_BAK_SUFFIX;
	char *bak = xmalloc(n), *tmp;
	int fd, rc = -1;

	snprintf(bak, n, "%s" ATOMIC_BAK_SUFFIX, path);
	fd = atomic_temp_at(bak, &tmp, err, errlen);
	if (fd < 0) {
		free(bak);
		return -1;
	}
	/* only the unique name is wanted: link() and the copy create it anew */
	close(fd);
	unlink(tmp);
	/* a hard link costs no space and cannot half-fail; the old file
	 * stays whole under its own name until the rename */
	if (link(path, tmp) == 0)
		rc = 0;
	else if (!no_hard_links(errno))
		failed(err, errlen, "cannot keep a backup of", path);
	else if (copy_into(path, tmp, err, errlen) == 0)
		rc = 0;
	if (rc == 0 && rename(tmp, bak))
		rc = failed(err, errlen, "cannot keep a backup as", bak);
	/* when .bak already was a link to NAME (a save that stopped before
	 * its rename), rename() succeeds doing nothing and tmp stays */
	if (rc == 0)
		unlink(tmp);
	if (rc) {
		int e = errno;
		unlink(tmp);
		errno = e;
	}
	free(tmp);
	free(bak);
	return rc;
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
	if (keep_bak && access(path, F_OK) == 0 && keep_backup(path, err, errlen)) {
		unlink(tmp);
		return -1;
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
	int fd = atomic_temp(path, &tmp, err, errlen);

	if (fd < 0)
		return -1;
	if (write_all(fd, data, len)) {
		int e = errno;
		failed(err, errlen, "cannot write", path);
		close(fd);
		unlink(tmp);
		free(tmp);
		errno = e;
		return -1;
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

bool atomic_same_file(const char *a, const char *b)
{
	struct stat x, y;
	if (!a || !b || stat(a, &x) || stat(b, &y))
		return false;
	return x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}
