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
 * and no temporary file left behind. */
int atomic_write(const char *path, const void *data, size_t len, bool keep_bak,
		 char *err, size_t errlen);

/* A temporary name beside path, created O_EXCL with path's mode: the
 * caller writes it (e.g. a bounce) and then calls atomic_commit.
 * A process killed outright (SIGKILL, power loss) between the two leaves
 * PATH.tmp-XXXXXX behind; it is never mistaken for the real file and
 * nothing removes it automatically (another tmix may be writing it).
 * Through a symbolic link, path means the link's target. */
int atomic_temp(const char *path, char **tmp_out, char *err, size_t errlen);
/* fsyncs tmp, renames it over path (keeping NAME.bak when asked) and
 * fsyncs the folder; on failure removes tmp. */
int atomic_commit(const char *tmp, const char *path, bool keep_bak, char *err, size_t errlen);
#endif
