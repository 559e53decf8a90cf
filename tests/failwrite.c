/* failwrite.c — an LD_PRELOAD library that makes the disk "fill up":
 * after TMIX_FAIL_AFTER bytes written to files whose path contains
 * TMIX_FAIL_PATH, write(), writev(), pwrite() and friends fail with
 * TMIX_FAIL_ERRNO (ENOSPC by default, or EIO), a short write first when
 * the limit falls inside one call, as a real full disk does. With
 * TMIX_FAIL_FSYNC=1 fsync() on such files fails with EIO instead; with
 * TMIX_FAIL_FSYNC=dir only fsync() of such a folder fails (EIO). With
 * TMIX_FAIL_FCHMOD=1 fchmod() of such files fails with EPERM (a share
 * that does not keep modes). Everything else passes through untouched.
 * TMIX_KILL_RENAME (below) kills the process at a chosen rename.
 * Test-only (test_diskfull.sh, test_files.sh, test_bounce_cli.sh). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long long budget = -1; /* bytes left; -1 until read from the env */
static int fail_errno = ENOSPC;

static int matches(int fd)
{
	const char *want = getenv("TMIX_FAIL_PATH");
	char link[64], path[PATH_MAX];
	ssize_t n;

	if (!want || fd < 0)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof path - 1);
	if (n < 0)
		return 0;
	path[n] = 0;
	return strstr(path, want) != NULL;
}

/* How many of len bytes may go through: len, fewer, or -1 (errno set). */
static ssize_t allow(int fd, size_t len)
{
	if (budget < 0) {
		const char *a = getenv("TMIX_FAIL_AFTER"), *e = getenv("TMIX_FAIL_ERRNO");
		budget = a ? atoll(a) : LLONG_MAX;
		if (e && !strcmp(e, "EIO"))
			fail_errno = EIO;
	}
	if (!matches(fd))
		return (ssize_t)len;
	if (budget == 0) {
		errno = fail_errno;
		return -1;
	}
	if ((long long)len > budget)
		len = (size_t)budget;
	budget -= (long long)len;
	return (ssize_t)len;
}

#define REAL(name, type) static __typeof__(type) *real; if (!real) real = (__typeof__(type) *)dlsym(RTLD_NEXT, name)

ssize_t write(int fd, const void *buf, size_t len)
{
	REAL("write", ssize_t(int, const void *, size_t));
	ssize_t n = allow(fd, len);
	return n < 0 ? -1 : real(fd, buf, (size_t)n);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	REAL("pwrite", ssize_t(int, const void *, size_t, off_t));
	ssize_t n = allow(fd, len);
	return n < 0 ? -1 : real(fd, buf, (size_t)n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	REAL("pwrite64", ssize_t(int, const void *, size_t, off_t));
	ssize_t n = allow(fd, len);
	return n < 0 ? -1 : real(fd, buf, (size_t)n, off);
}

/* A partial writev is written as one write of what fits. */
ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	REAL("writev", ssize_t(int, const struct iovec *, int));
	size_t len = 0;
	ssize_t n;
	for (int i = 0; i < cnt; i++)
		len += iov[i].iov_len;
	n = allow(fd, len);
	if (n < 0)
		return -1;
	if ((size_t)n == len)
		return real(fd, iov, cnt);
	{
		size_t left = (size_t)n;
		int k = 0;
		struct iovec part[64];
		for (; k < cnt && k < 64 && left; k++) {
			part[k] = iov[k];
			if (part[k].iov_len > left)
				part[k].iov_len = left;
			left -= part[k].iov_len;
		}
		return real(fd, part, k);
	}
}

int fsync(int fd)
{
	REAL("fsync", int(int));
	const char *f = getenv("TMIX_FAIL_FSYNC");
	struct stat st;
	if (f && *f == '1' && matches(fd)) {
		errno = EIO;
		return -1;
	}
	if (f && !strcmp(f, "dir") && matches(fd) && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int fchmod(int fd, mode_t mode)
{
	REAL("fchmod", int(int, mode_t));
	const char *f = getenv("TMIX_FAIL_FCHMOD");
	if (f && *f == '1' && matches(fd)) {
		errno = EPERM;
		return -1;
	}
	return real(fd, mode);
}

/* The filesystem's answer to a hard link, or 0 to let it through. */
static int link_errno(void)
{
	static const struct {
		const char *name;
		int e;
	} known[] = {{"EPERM", EPERM}, {"EXDEV", EXDEV}, {"EMLINK", EMLINK}, {"ENOTSUP", ENOTSUP}};
	const char *want = getenv("TMIX_FAIL_LINK");
	if (!want || !*want)
		return 0;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (!strcmp(want, known[i].name))
			return known[i].e;
	return EPERM;
}

int link(const char *from, const char *to)
{
	REAL("link", int(const char *, const char *));
	int e = link_errno();
	if (e) {
		errno = e;
		return -1;
	}
	return real(from, to);
}

int linkat(int fromfd, const char *from, int tofd, const char *to, int flags)
{
	REAL("linkat", int(int, const char *, int, const char *, int));
	int e = link_errno();
	if (e) {
		errno = e;
		return -1;
	}
	return real(fromfd, from, tofd, to, flags);
}

/* A kill in the middle of a bounce's last steps: with TMIX_KILL_RENAME=N,
 * the Nth rename whose old or new path contains TMIX_KILL_RENAME_PATH
 * kills the process (SIGKILL) instead of renaming. */
static void maybe_die(const char *from, const char *to)
{
	static int count;
	const char *n = getenv("TMIX_KILL_RENAME"), *want = getenv("TMIX_KILL_RENAME_PATH");
	if (!n || !want || (!strstr(from, want) && !strstr(to, want)))
		return;
	if (++count == atoi(n))
		kill(getpid(), SIGKILL);
}

int rename(const char *from, const char *to)
{
	REAL("rename", int(const char *, const char *));
	maybe_die(from, to);
	return real(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
	REAL("renameat", int(int, const char *, int, const char *));
	maybe_die(from, to);
	return real(fromfd, from, tofd, to);
}

int renameat2(int fromfd, const char *from, int tofd, const char *to, unsigned flags)
{
	REAL("renameat2", int(int, const char *, int, const char *, unsigned));
	maybe_die(from, to);
	return real(fromfd, from, tofd, to, flags);
}
