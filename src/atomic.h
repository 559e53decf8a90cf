/* atomic.h — replacing a user's file so that a crash, a kill or a full
 * disk at any moment leaves either the old file or the new one, never a
 * mixture: temp file in the same folder, fsync, old file hard-linked to
 * NAME.bak (copied where the filesystem has no hard links), rename over,
 * fsync the folder. Any thread but the audio one. */
#ifndef TMIX_ATOMIC_H
#define TMIX_ATOMIC_H
#include <stdbool.h>
#include <stddef.h>

/* What a replaced file is kept as: NAME.bak */
#define ATOMIC_BAK_SUFFIX ".bak"

/* True when a and b name one existing file (the same name, or another
 * spelling of it: ./x, a full path, a link). */
bool atomic_same_file(const char *a, const char *b);

/* Writes data as path. Returns 0, or -1 with errno set, a message in err,
 * and no temporary file left behind. On success err is empty, or holds
 * a warning the caller must show instead of a plain "saved": the file
 * is replaced but its mode could not be kept (fchmod), or its folder
 * could not be flushed (a crash could still bring the old file back).
 * A NAME.bak that is a symbolic link or not a regular file is refused
 * (-1, nothing written): a backup is never written through a link. */
int atomic_write(const char *path, const void *data, size_t len, bool keep_bak,
		 char *err, size_t errlen);
/* The same for a companion file of a project (its autosave): path is
 * never followed. A symbolic link (or anything but a regular file) at
 * path is refused with a message naming it; no .bak. */
int atomic_write_companion(const char *path, const void *data, size_t len, char *err, size_t errlen);
/* 0 when path is a regular file or absent; else -1 and why in err. */
int atomic_check_companion(const char *path, char *err, size_t errlen);

/* Removes the temporaries that saves of path (through its symbolic
 * link when follow) left behind when killed: PATH.tmp-XXXXXX and
 * PATH.bak.tmp-XXXXXX beside it, ours (same owner), regular files, and
 * not held by a live writer. Every writer here holds an flock(2) on its
 * temp from creating it until its rename, and the kernel drops that
 * lock however the writer dies; so a temp whose lock is free and that
 * holds data (or is a few seconds old) is stale. A second name of a
 * file that has another one (the hard link a save makes on its way to
 * .bak) is removed too: nothing is lost with it. Returns how many were
 * removed; their names, comma-separated, in names. */
int atomic_clean_stale(const char *path, bool follow, char *names, size_t n);

/* A temporary name beside path, created O_EXCL with path's mode: the
 * caller writes it (e.g. a bounce) and then calls atomic_commit.
 * A process killed outright (SIGKILL, power loss) between the two leaves
 * PATH.tmp-XXXXXX behind; it is never mistaken for the real file, and
 * atomic_clean_stale removes it once its writer is gone (the temp is
 * flock'ed while fd stays open). A mode that cannot be set is a warning
 * in err (fd returned). Through a symbolic link, path means the link's
 * target. */
int atomic_temp(const char *path, char **tmp_out, char *err, size_t errlen);
/* fsyncs tmp, renames it over path (keeping NAME.bak when asked) and
 * fsyncs the folder; on failure removes tmp. */
int atomic_commit(const char *tmp, const char *path, bool keep_bak, char *err, size_t errlen);
#endif
