/* atomic.c — crash-safe file replacement (see atomic.h). */
#include "atomic.h"
#include "tmix.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* what mkstemp puts in place of XXXXXX */
#define TEMP_TAG ".tmp-"
#define TEMP_RAND 6

static int failed(char *err, size_t errlen, const char *what, const char *path)
{
	int e = errno;
	snprintf(err, errlen, "%s '%s': %s", what, path, strerror(e));
	errno = e;
	return -1;
}

static int commit_fd(int fd, const char *tmp, const char *path, bool keep_bak, char *err, size_t errlen);

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* The file a save really replaces: through a symbolic link, its target,
 * so the link stays a link (renaming over it would swap the link for a
 * plain file and leave the target stale). Else path itself. Only for
 * the file the person named: companion files are never followed. */
static char *target_of(const char *path)
{
	struct stat st;
	char *real;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (real = realpath(path, NULL)))
		return real;
	return xstrdup(path);
}

/* A companion name (NAME.bak, NAME.autosave) must be a plain file or
 * nothing: a symbolic link planted there (a shared or group-writable
 * folder) is neither followed nor replaced. */
static int companion_ok(const char *path, char *err, size_t errlen)
{
	struct stat st;
	if (lstat(path, &st) != 0 || S_ISREG(st.st_mode))
		return 0;
	snprintf(err, errlen, "'%s' is %s: tmix will not write through it or replace it (remove it, then save again)",
		 path, S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
	errno = S_ISLNK(st.st_mode) ? ELOOP : EEXIST;
	return -1;
}

/* A new empty file PATH.tmp-XXXXXX, locked (flock) for as long as the
 * returned fd stays open, so that atomic_clean_stale can tell a live
 * writer's temp from one a killed process left. */
static int make_temp(const char *path, char **tmp_out, char *err, size_t errlen)
{
	size_t n = strlen(path) + sizeof TEMP_TAG + TEMP_RAND;
	char *tmp = xmalloc(n);
	int fd;

	snprintf(tmp, n, "%s" TEMP_TAG "XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		failed(err, errlen, "cannot create a temporary file beside", path);
		free(tmp);
		return -1;
	}
	flock(fd, LOCK_EX | LOCK_NB); /* new and ours: nobody else holds it */
	*tmp_out = tmp;
	return fd;
}

/* Gives the temp path's mode (or the umask's, for a new file). A
 * failure is not fatal (the data is right) but is reported: the saved
 * file would otherwise silently end up 0600. */
static void set_mode(int fd, const char *path, char *err, size_t errlen)
{
	struct stat st;
	mode_t mode;
	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(fd, mode) != 0)
		snprintf(err, errlen, "cannot give '%s' its mode %04o (it is now 0600): %s", path, (unsigned)mode,
			 strerror(errno));
}

int atomic_temp(const char *path_in, char **tmp_out, char *err, size_t errlen)
{
	char *path = target_of(path_in);
	int fd = make_temp(path, tmp_out, err, errlen);
	if (fd >= 0)
		set_mode(fd, path, err, errlen);
	free(path);
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
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
	ssize_t n;

	if (in < 0 || fstat(in, &st)) {
		failed(err, errlen, "cannot read", from);
		goto done;
	}
	out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 07777);
	if (out < 0) {
		failed(err, errlen, "cannot keep a backup of", from);
		goto done;
	}
	flock(out, LOCK_EX | LOCK_NB); /* a live temp, like make_temp's */
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
	if (companion_ok(bak, err, errlen)) {
		free(bak);
		return -1;
	}
	fd = make_temp(bak, &tmp, err, errlen);
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
	int fd = open(tmp, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0) {
		failed(err, errlen, "cannot flush", tmp);
		unlink(tmp);
		free(path);
		return -1;
	}
	rc = commit_fd(fd, tmp, path, keep_bak, err, errlen);
	free(path);
	return rc;
}

/* fsyncs fd (tmp, open), keeps the backup, renames tmp over path, fsyncs
 * the folder; closes fd in every case (the temp stays locked until its
 * rename). A folder that cannot be flushed after the rename is reported
 * in err with 0 returned: the file is replaced, but a crash could still
 * bring the old one back. */
static int commit_fd(int fd, const char *tmp, const char *path, bool keep_bak, char *err, size_t errlen)
{
	char *dir;
	int dfd;

	if (fsync(fd)) {
		failed(err, errlen, "cannot flush", tmp);
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (keep_bak && access(path, F_OK) == 0 && keep_backup(path, err, errlen)) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path)) {
		failed(err, errlen, "cannot replace", path);
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	dir = dir_of(path);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		/* EINVAL: a filesystem that cannot flush a folder at all */
		if (fsync(dfd) && errno != EINVAL && errno != ENOTSUP)
			snprintf(err, errlen, "the folder '%s' could not be flushed (%s): a crash now could lose this save",
				 dir, strerror(errno));
		close(dfd);
	}
	free(dir);
	return 0;
}

static int write_at(const char *path, const void *data, size_t len, bool keep_bak, char *err, size_t errlen)
{
	char *tmp;
	int fd = make_temp(path, &tmp, err, errlen), rc;

	if (fd < 0)
		return -1;
	set_mode(fd, path, err, errlen);
	if (write_all(fd, data, len)) {
		int e = errno;
		failed(err, errlen, "cannot write", path);
		close(fd);
		unlink(tmp);
		free(tmp);
		errno = e;
		return -1;
	}
	rc = commit_fd(fd, tmp, path, keep_bak, err, errlen);
	free(tmp);
	return rc;
}

int atomic_write(const char *path_in, const void *data, size_t len, bool keep_bak, char *err, size_t errlen)
{
	char *path = target_of(path_in);
	int rc;
	*err = 0;
	rc = write_at(path, data, len, keep_bak, err, errlen);
	free(path);
	return rc;
}

int atomic_write_companion(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	*err = 0;
	if (companion_ok(path, err, errlen))
		return -1;
	return write_at(path, data, len, false, err, errlen);
}

int atomic_check_companion(const char *path, char *err, size_t errlen)
{
	return companion_ok(path, err, errlen);
}

bool atomic_same_file(const char *a, const char *b)
{
	struct stat x, y;
	if (!a || !b || stat(a, &x) || stat(b, &y))
		return false;
	return x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* ---- stale temporaries ---- */

/* name is base + ".tmp-" + what mkstemp makes of XXXXXX */
static bool temp_of(const char *name, const char *base)
{
	size_t bl = strlen(base), tl = strlen(TEMP_TAG);
	if (strncmp(name, base, bl) || strncmp(name + bl, TEMP_TAG, tl) || strlen(name + bl + tl) != TEMP_RAND)
		return false;
	for (const char *c = name + bl + tl; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
			return false;
	return true;
}

/* True when the temp at dfd/name was left by a process that is gone. */
static bool stale(int dfd, const char *name)
{
	struct stat l, f;
	struct timespec now;
	int fd;
	bool dead;

	if (fstatat(dfd, name, &l, AT_SYMLINK_NOFOLLOW) || !S_ISREG(l.st_mode) || l.st_uid != geteuid())
		return false;
	/* another name for a file that has its own (the hard link a save
	 * makes on its way to NAME.bak): removing this one loses nothing */
	if (l.st_nlink > 1)
		return true;
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	clock_gettime(CLOCK_REALTIME, &now);
	/* a live writer holds its temp's lock from just after creating it:
	 * a free lock on a file with data, or an empty one that is not brand
	 * new, means the writer is gone */
	dead = !fstat(fd, &f) && f.st_dev == l.st_dev && f.st_ino == l.st_ino && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
	       (f.st_size > 0 || now.tv_sec - f.st_mtim.tv_sec >= 2);
	close(fd); /* drops our lock */
	return dead;
}

int atomic_clean_stale(const char *path_in, bool follow, char *names, size_t n)
{
	char *path = follow ? target_of(path_in) : xstrdup(path_in), *dir = dir_of(path), *bak;
	const char *base = strrchr(path, '/');
	int removed = 0, dfd;
	DIR *d;
	struct dirent *de;
	size_t bl;

	base = base ? base + 1 : path;
	bl = strlen(base) + sizeof ATOMIC_BAK_SUFFIX;
	bak = xmalloc(bl);
	snprintf(bak, bl, "%s" ATOMIC_BAK_SUFFIX, base);
	if (n)
		*names = 0;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d && dfd >= 0)
		close(dfd);
	while (d && (de = readdir(d))) {
		if (!(temp_of(de->d_name, base) || temp_of(de->d_name, bak)) || !stale(dfd, de->d_name))
			continue;
		if (unlinkat(dfd, de->d_name, 0) != 0)
			continue;
		if (n && strlen(names) + strlen(de->d_name) + 3 < n)
			snprintf(names + strlen(names), n - strlen(names), "%s%s", removed ? ", " : "", de->d_name);
		removed++;
	}
	if (d)
		closedir(d);
	free(bak);
	free(dir);
	free(path);
	return removed;
}
