/* lock.c — one writer per project. A session that may save holds an
 * exclusive flock(2) on NAME.ini.lock; a second session finds it taken
 * and opens read-only (it says so and refuses to save in place).
 *
 * Why a file beside the project rather than the project itself: a save
 * replaces NAME.ini by rename, so a lock on the file would stay on the
 * old inode and the next session would lock the new one. The lock file
 * holds the owner's pid, for the message only: the kernel's lock is what
 * counts, and it goes away with the process however it ends (a crash,
 * SIGKILL), so a stale lock file never blocks anyone.
 *
 * The lock is on the file, not on its spelling: the lock file sits
 * beside the project's real path (a symbolic link alias.ini -> song.ini
 * takes song.ini.lock), and the session also holds an flock on the
 * project file itself, re-taken on the new file after each save, so a
 * hard link to it (another name, same inode) finds it taken too.
 *
 * The lock file is opened O_NOFOLLOW and must be a regular file with one
 * name: a symbolic link or hard link planted there (a shared folder)
 * would make us truncate its target. Such a session opens read-only
 * and names the file.
 *
 * A clean exit removes the file while still holding the lock. That is
 * safe because taking the lock checks afterwards that the path still
 * names the inode we locked (else someone removed it meanwhile: retry);
 * without the check, two sessions could each lock a different inode. */
#include "config.h"
#include "tmix.h"
#include "app_state.h"
#include "session.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_pid(int fd)
{
	char buf[32];
	ssize_t r = pread(fd, buf, sizeof buf - 1, 0);
	if (r <= 0)
		return 0;
	buf[r] = 0;
	return atoi(buf);
}

/* The lock file's name: beside the project's real path. */
static char *lock_file(const char *project)
{
	char *real = realpath(project, NULL), *path;
	const char *p = real ? real : project;
	size_t n = strlen(p) + sizeof PROJECT_LOCK_SUFFIX;
	path = xmalloc(n);
	snprintf(path, n, "%s" PROJECT_LOCK_SUFFIX, p);
	free(real);
	return path;
}

/* The lock file by its own name: it sits beside the project (or its
 * real path), and a full path would push the rest off 80 columns. */
static void set_why(struct app *a, const char *fmt, const char *path)
{
	const char *base = strrchr(path, '/');
	/* raw here: widget_text escapes whatever it draws */
	snprintf(a->lock_why, sizeof a->lock_why, fmt, base ? base + 1 : path);
}

/* An flock on the project file itself; -1 when another session holds
 * it (through another name), -2 when it cannot be opened. */
static int lock_inode(const char *project)
{
	int fd = open(project, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -2;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The name lock: fd >= 0 held; -1 held by another (pid in *holder) or
 * refused (a->lock_why says why); -2 no lock possible. */
static int lock_name(struct app *a, const char *path, int *holder)
{
	*holder = 0;
	for (int tries = 0; tries < 10; tries++) {
		struct stat f, l;
		char pid[32];
		int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
		if (fd < 0 && errno == ELOOP) {
			set_why(a, "read-only: %s is a symbolic link (not followed); remove it to save", path);
			return -1;
		}
		if (fd < 0)
			return -2; /* a folder we cannot write: saving fails there anyway */
		if (fstat(fd, &f) || !S_ISREG(f.st_mode) || f.st_nlink != 1) {
			set_why(a, "read-only: %s is not a plain file of its own (left alone); remove it to save", path);
			close(fd);
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			*holder = read_pid(fd);
			close(fd);
			return -1;
		}
		if (lstat(path, &l) || f.st_ino != l.st_ino || f.st_dev != l.st_dev) {
			close(fd); /* removed by its last owner as we took it: again */
			continue;
		}
		snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
		if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, strlen(pid), 0) < 0)
			(void)0; /* the pid is only for the message */
		return fd;
	}
	return -2;
}

static void unlock_name(struct app *a)
{
	struct stat f, l;
	if (a->lock_fd < 0)
		return;
	/* only the file we locked: not whatever took its name since */
	if (!fstat(a->lock_fd, &f) && !lstat(a->lock_file, &l) && f.st_ino == l.st_ino && f.st_dev == l.st_dev)
		unlink(a->lock_file);
	close(a->lock_fd);
	a->lock_fd = -1;
}

void lock_take(struct app *a)
{
	a->lock_why[0] = 0;
	a->lock_pid = 0;
	a->lock_ino_fd = -1;
	a->lock_file = lock_file(a->path);
	a->lock_fd = lock_name(a, a->lock_file, &a->lock_pid);
	a->readonly = a->lock_fd == -1;
	if (a->readonly)
		return;
	a->lock_ino_fd = lock_inode(a->path);
	if (a->lock_ino_fd == -1) {
		snprintf(a->lock_why, sizeof a->lock_why,
			 "read-only: another tmix is editing this file under another name (a link)");
		unlock_name(a);
		a->readonly = true;
	}
}

void lock_renew(struct app *a)
{
	int fd;
	if (a->readonly || a->lock_fd < 0)
		return;
	fd = lock_inode(a->path);
	if (fd == -1)
		return; /* already ours (the same file), or taken through a link in the instant since the rename */
	if (a->lock_ino_fd >= 0)
		close(a->lock_ino_fd);
	a->lock_ino_fd = fd;
}

void lock_drop(struct app *a)
{
	unlock_name(a);
	if (a->lock_ino_fd >= 0)
		close(a->lock_ino_fd);
	a->lock_ino_fd = -1;
	free(a->lock_file);
	a->lock_file = NULL;
}
