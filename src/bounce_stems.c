/* bounce_stems.c — `bounce --stems DIR` as one set (bounce_stems.h): the
 * stems' names, the fresh folder they are written into, and the swap
 * that puts the whole set in place at once. */
#include "bounce_stems.h"
#include "tmix.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* A strip's name as a file name: no '/' and no control characters. */
static void fold_name(const char *in, char *out, size_t n)
{
	size_t j = 0;
	for (const char *c = in; *c && j + 1 < n; c++)
		out[j++] = (*c == '/' || (unsigned char)*c < 0x20) ? '_' : *c;
	out[j] = 0;
}

static bool name_taken(char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcasecmp(names[i], name))
			return true;
	return false;
}

char **stems_paths(const struct project *p, const char *dir)
{
	char **names = xcalloc((size_t)p->nstrips + 1, sizeof *names);
	char **paths = xcalloc((size_t)p->nstrips + 1, sizeof *paths);

	for (int i = 0; i < p->nstrips; i++) {
		char base[200], name[256], path[4096];
		fold_name(p->strips[i]->name, base, sizeof base);
		snprintf(name, sizeof name, "%s", base);
		for (int k = 2; name_taken(names, i, name); k++)
			snprintf(name, sizeof name, "%s %d", base, k);
		names[i] = xstrdup(name);
		snprintf(path, sizeof path, "%s/%s.wav", dir, name);
		paths[i] = xstrdup(path);
	}
	for (int i = 0; i < p->nstrips; i++)
		free(names[i]);
	free(names);
	return paths;
}

/* "a/b/" → parent "a", base "b"; "b" → ".", "b". */
static void split(const char *dir, char *parent, size_t pn, char *base, size_t bn)
{
	const char *slash = strrchr(dir, '/');
	if (!slash) {
		snprintf(parent, pn, ".");
		snprintf(base, bn, "%s", dir);
	} else {
		snprintf(parent, pn, "%.*s", slash == dir ? 1 : (int)(slash - dir), dir);
		snprintf(base, bn, "%s", slash + 1);
	}
}

static bool same_dir(const struct stat *a, const char *path)
{
	struct stat b;
	return path && stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* Whether DIR can be swapped whole for a fresh folder: it is not there
 * yet, or it is our own plain folder of files that nobody stands in. */
static bool swappable(const char *dir, const char *base, const struct project *p, bool *existed)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	bool ok = true;

	*existed = lstat(dir, &st) == 0;
	if (!strcmp(base, ".") || !strcmp(base, "..") || !*base)
		return false;
	if (!*existed)
		return errno == ENOENT;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || same_dir(&st, ".") || same_dir(&st, p->dir))
		return false;
	if (!(d = opendir(dir)))
		return false;
	while (ok && (e = readdir(d))) {
		struct stat f;
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			ok = fstatat(dirfd(d), e->d_name, &f, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(f.st_mode);
	}
	closedir(d);
	return ok;
}

void stems_open(struct stems *st, const struct project *p, const struct bounce_opts *o, double rate,
		char *notes, size_t notes_len, char *err, size_t errlen)
{
	char parent[4096], base[1024], prefix[1100];
	size_t len;

	memset(st, 0, sizeof *st);
	st->hold = -1;
	if (!o->stems_dir)
		return;
	st->dir = xstrdup(o->stems_dir);
	for (len = strlen(st->dir); len > 1 && st->dir[len - 1] == '/'; len--)
		st->dir[len - 1] = 0;
	split(st->dir, parent, sizeof parent, base, sizeof base);
	/* what killed bounces left: a fresh folder beside DIR, a stem's
	 * temporary file in it */
	snprintf(prefix, sizeof prefix, ".%s.tmix-", base);
	sink_sweep(parent, prefix, true, notes, notes_len);
	sink_sweep(st->dir, "*.wav.tmp-", false, notes, notes_len);
	st->paths = stems_paths(p, st->dir);
	st->n = p->nstrips;
	st->master = p->nstrips - 1;
	st->k = xcalloc((size_t)st->n, sizeof *st->k);
	if (swappable(st->dir, base, p, &st->existed)) {
		size_t n = strlen(parent) + strlen(prefix) + 8;
		st->fresh = xmalloc(n);
		snprintf(st->fresh, n, "%s/%sXXXXXX", parent, prefix);
		if (!mkdtemp(st->fresh)) {
			free(st->fresh);
			st->fresh = NULL;
		} else if ((st->hold = open(st->fresh, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
			sink_hold(st->hold);
	}
	if (!st->fresh)
		mkdir(st->dir, 0777);
	for (int i = 0; i < st->n; i++) {
		char path[8192];
		if (st->fresh)
			snprintf(path, sizeof path, "%s%s", st->fresh, strrchr(st->paths[i], '/'));
		else
			snprintf(path, sizeof path, "%s", st->paths[i]);
		/* the sink keeps the path it is given: freed with the set */
		char *own = xstrdup(path);
		if (sink_open(&st->k[i], own, o->format == BOUNCE_FLAC ? BOUNCE_WAV24 : o->format, rate, err, errlen))
			st->k[i].failed = -1;
		st->k[i].path = own;
	}
}

/* Each file of the set from the fresh folder into DIR in turn. */
static int rename_each(struct stems *st, char *err, size_t errlen)
{
	mkdir(st->dir, 0777);
	for (int i = 0; i < st->n; i++)
		if (rename(st->k[i].path, st->paths[i])) {
			snprintf(err, errlen, "cannot put '%s' in place: %s", st->paths[i], strerror(errno));
			return -1;
		}
	return 0;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Files of DIR that are not stems of this set (an older set's strip
 * since renamed, a note of the person's) are carried over by hard link. */
static int carry_over(const char *from, const char *to)
{
	DIR *d = opendir(from);
	int tfd = open(to, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;
	struct dirent *e;
	struct stat f;

	while (d && tfd >= 0 && rc == 0 && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && fstatat(tfd, e->d_name, &f, AT_SYMLINK_NOFOLLOW))
			rc = linkat(dirfd(d), e->d_name, tfd, e->d_name, 0);
	if (d)
		closedir(d);
	if (tfd >= 0)
		close(tfd);
	return d && tfd >= 0 ? rc : -1;
}

static int put_in_place(struct stems *st, char *err, size_t errlen)
{
	char parent[4096], base[1024];
	struct stat was;
	mode_t mask = umask(0);

	umask(mask);
	split(st->dir, parent, sizeof parent, base, sizeof base);
	if (st->existed && stat(st->dir, &was) == 0) {
		/* the folder that takes DIR's place looks like it to others */
		if (chown(st->fresh, (uid_t)-1, was.st_gid)) {
			/* not a member of DIR's group: the user's own, as any new file */
		}
		chmod(st->fresh, was.st_mode & 07777);
	} else
		chmod(st->fresh, 0777 & ~mask);
	if (!st->existed) {
		if (rename(st->fresh, st->dir) == 0) {
			fsync_dir(parent);
			return 0;
		}
		return rename_each(st, err, errlen); /* DIR appeared meanwhile */
	}
	if (carry_over(st->dir, st->fresh) ||
	    renameat2(AT_FDCWD, st->fresh, AT_FDCWD, st->dir, RENAME_EXCHANGE))
		return rename_each(st, err, errlen); /* no hard links, or no swap here */
	fsync_dir(parent);
	/* what arrived in DIR between carry_over and the swap went with the
	 * old set: back into DIR (the old set is now at st->fresh) */
	carry_over(st->fresh, st->dir);
	return 0;
}

/* The fresh folder's path holds what is left: the old set after a swap,
 * the new one after a failure. */
static void remove_fresh(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(path);
}

int stems_close(struct stems *st, bool keep, char *err, size_t errlen)
{
	int rc = 0;

	for (int i = 0; i < st->n; i++) {
		if (st->k[i].failed == -1)
			rc = -1;
		else if (sink_close(&st->k[i], keep && rc == 0, err, errlen))
			rc = -1;
	}
	if (st->fresh) {
		if (keep && rc == 0)
			rc = put_in_place(st, err, errlen);
		remove_fresh(st->fresh);
	}
	if (st->hold >= 0)
		close(st->hold);
	for (int i = 0; i < st->n; i++) {
		free((char *)st->k[i].path);
		free(st->paths[i]);
	}
	free(st->paths);
	free(st->k);
	free(st->dir);
	free(st->fresh);
	return rc;
}
