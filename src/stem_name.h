/* stem_name.h — what a stem's file name says: a clean track name
 * ("03_LeadVox_final.wav" → "Lead Vox") and the instrument family that
 * orders and colours it on a console. Pure string functions, used by
 * `tmix init` (cmd_init.c); any thread. */
#ifndef TMIX_STEM_NAME_H
#define TMIX_STEM_NAME_H
#include <stddef.h>

/* Console order: a family's strips sit together, drums leftmost. */
enum stem_family { FAM_DRUMS, FAM_BASS, FAM_GUITARS, FAM_KEYS, FAM_VOCALS, FAM_FX, FAM_OTHER, FAM_COUNT };

/* Writes the cleaned name of a file name (no folder) into out: leading
 * numbers, the extension and words such as final/v2/take3/bounce
 * dropped, camelCase and _ - . split into words, title case with
 * acronyms kept (BV, DI, OH). Never empty: falls back to the bare name. */
void stem_name_clean(const char *file, char *out, size_t n);
enum stem_family stem_family_guess(const char *file);
const char *stem_family_name(enum stem_family f); /* "drums", ... */
const char *stem_family_colour(enum stem_family f); /* a colour name from tmix-project(5) */
/* Natural order: "Tom 2" before "Tom 10", case-insensitive. */
int stem_natcmp(const char *a, const char *b);
#endif
