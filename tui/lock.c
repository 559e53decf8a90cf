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
 * A clean exit removes the file while still holding the lock. That is
 * safe because taking the lock checks afterwards that the path still
 * names the inode we locked (else someone removed it meanwhile: retry);
 * without the check, two sessions could each lock a different inode. */
#include "config.h"
#include "tui.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

void lock_path(const char *project, char *buf, size_t n)
{
	snprintf(buf, n, "%s" PROJECT_LOCK_SUFFIX, project);
}

static int read_pid(int fd)
{
	char buf[32];
	ssize_t r = pread(fd, buf, sizeof buf - 1, 0);
	if (r <= 0)
		return 0;
	buf[r] = 0;
	return atoi(buf);
}

int lock_take(const char *project, int *holder)
{
	char path[4200];
	lock_path(project, path, sizeof path);
	*holder = 0;
	for (int tries = 0; tries < 10; tries++) {
		struct stat a, b;
		char pid[32];
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0)
			return -2; /* a folder we cannot write: saving fails there anyway */
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			*holder = read_pid(fd);
			close(fd);
			return -1;
		}
		if (fstat(fd, &a) || stat(path, &b) || a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
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

void lock_drop(const char *project, int fd)
{
	char path[4200];
	if (fd < 0)
		return;
	lock_path(project, path, sizeof path);
	unlink(path);
	close(fd);
}
