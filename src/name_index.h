/* name_index.h — names to numbers in constant time: strip names while a
 * project loads (duplicates) and resolves (output = and send. targets).
 * A lookup that scanned every earlier name made loading a project of
 * 100,000 tracks quadratic (over half a minute for `tmix check`).
 * Case-sensitive, as strip names are. The index keeps pointers to the
 * names it is given, not copies: each must outlive it. Not thread-safe;
 * not for the audio callback (it allocates). */
#ifndef TMIX_NAME_INDEX_H
#define TMIX_NAME_INDEX_H

struct name_index {
	unsigned long cap, n; /* cap: a power of two, or 0 */
	struct name_slot *slot;
};

/* The number stored for name, or -1. */
int name_index_get(const struct name_index *ix, const char *name);
/* Stores name → value (replacing an earlier value for the same name). */
void name_index_put(struct name_index *ix, const char *name, int value);
void name_index_free(struct name_index *ix); /* empty again, reusable */
#endif
