/* bounce_stems.h — the files of `bounce --stems DIR` as one set (bounce.c
 * only): their names, and how they reach DIR. The set is written into a
 * fresh folder beside DIR (.DIR.tmix-XXXXXX, locked while it is written)
 * and swapped for DIR in one rename, so that a kill at any moment leaves
 * the old set or the new one whole. Where that cannot be done (DIR holds
 * folders or links, is the working or the project's folder, belongs to
 * someone else, or the filesystem cannot swap two folders), each file is
 * renamed into DIR in turn, as a lone bounce file is: a kill among those
 * renames leaves the files renamed so far new and the rest old. */
#ifndef TMIX_BOUNCE_STEMS_H
#define TMIX_BOUNCE_STEMS_H
#include "bounce_sink.h"
#include "project.h"

struct stems {
	int n, master;     /* sinks, one per strip; the master's: nstrips - 1 */
	struct sink *k;
	char **paths;      /* DIR/NAME.wav, where each file ends up */
	char *dir;         /* DIR without trailing slashes */
	char *fresh;       /* the folder the set is written into, NULL: in place */
	int hold;          /* fd holding fresh's lock, or -1 */
	bool existed;      /* DIR was there before */
};

/* DIR/NAME.wav for every strip: NAME folded to a file name, made unique
 * with " 2", " 3", ... where names fold to one file (case ignored). The
 * caller frees each and the array. */
char **stems_paths(const struct project *p, const char *dir);

/* Opens a sink per strip (o->stems_dir NULL: none). Temporary files and
 * folders of killed bounces into DIR are removed first and said in notes. */
void stems_open(struct stems *st, const struct project *p, const struct bounce_opts *o, double rate,
		char *notes, size_t notes_len, char *err, size_t errlen);
/* keep: the set into place; else nothing of it stays. 0 or -1. */
int stems_close(struct stems *st, bool keep, char *err, size_t errlen);
#endif
