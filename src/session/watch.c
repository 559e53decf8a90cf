/* watch.c — notices when the project file changes on disk (another
 * editor, sed, git checkout). inotify watches the folder, not the file:
 * editors and our own atomic save replace the file by rename, which a
 * watch on the old inode would miss. Without inotify, the file's
 * signature is polled once a second. Either way the signature (size,
 * mtime, inode) decides, so our own saves are not mistaken for edits. */
#include "config.h"
#include "app_state.h"
#include "session.h"
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_INOTIFY_INIT1
#include <sys/inotify.h>
#endif

long long watch_sig(const char *path)
{
	struct stat st;
	if (stat(path, &st))
		return -1;
	return (long long)st.st_size * 1000003LL ^ (long long)st.st_mtim.tv_sec * 1000000007LL ^
	       (long long)st.st_mtim.tv_nsec ^ (long long)st.st_ino << 20;
}

void watch_start(struct app *a)
{
	a->watch_fd = -1;
	a->disk_sig = watch_sig(a->path);
#ifdef HAVE_INOTIFY_INIT1
	{
		char dir[4096];
		const char *slash = strrchr(a->path, '/');
		if (slash)
			snprintf(dir, sizeof dir, "%.*s", (int)(slash - a->path + (slash == a->path)), a->path);
		else
			snprintf(dir, sizeof dir, ".");
		a->watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (a->watch_fd >= 0)
			a->watch_wd = inotify_add_watch(a->watch_fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE);
		if (a->watch_fd >= 0 && a->watch_wd < 0) {
			close(a->watch_fd);
			a->watch_fd = -1;
		}
	}
#endif
}

void watch_stop(struct app *a)
{
	if (a->watch_fd >= 0)
		close(a->watch_fd);
	a->watch_fd = -1;
}

int watch_fd(const struct app *a)
{
	return a->watch_fd;
}

/* 1 when the file on disk is not the one we last loaded or saved. */
int watch_check(struct app *a)
{
	long long sig;
	if (a->watch_fd >= 0) {
		char buf[4096];
		bool any = false;
		ssize_t n;
		while ((n = read(a->watch_fd, buf, sizeof buf)) > 0)
			any = true; /* which file does not matter: the signature decides */
		if (!any)
			return 0;
	} else {
		if (a->now < a->watch_next)
			return 0;
		a->watch_next = a->now + 1.0;
	}
	sig = watch_sig(a->path);
	return sig != -1 && sig != a->disk_sig;
}
