/* name_index.c — open addressing with linear probing, kept at most half
 * full (name_index.h). */
#include "name_index.h"
#include "tmix.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct name_slot {
	const char *name; /* NULL: empty */
	uint32_t hash;
	int value;
};

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		h = (h ^ *u) * 16777619u;
	return h;
}

static struct name_slot *find(const struct name_index *ix, const char *name, uint32_t h)
{
	unsigned long mask = ix->cap - 1;
	for (unsigned long i = h & mask;; i = (i + 1) & mask) {
		struct name_slot *s = &ix->slot[i];
		if (!s->name || (s->hash == h && !strcmp(s->name, name)))
			return s;
	}
}

int name_index_get(const struct name_index *ix, const char *name)
{
	const struct name_slot *s;
	if (!ix->cap)
		return -1;
	s = find(ix, name, hash(name));
	return s->name ? s->value : -1;
}

void name_index_put(struct name_index *ix, const char *name, int value)
{
	uint32_t h = hash(name);
	struct name_slot *s;
	if (2 * (ix->n + 1) > ix->cap) {
		struct name_index big = {ix->cap ? 2 * ix->cap : 64, ix->n, NULL};
		big.slot = xcalloc(big.cap, sizeof *big.slot);
		for (unsigned long i = 0; i < ix->cap; i++)
			if (ix->slot[i].name)
				*find(&big, ix->slot[i].name, ix->slot[i].hash) = ix->slot[i];
		free(ix->slot);
		*ix = big;
	}
	s = find(ix, name, h);
	if (!s->name)
		ix->n++;
	*s = (struct name_slot){name, h, value};
}

void name_index_free(struct name_index *ix)
{
	free(ix->slot);
	*ix = (struct name_index){0};
}
