/* project_edit.h — edits that change the shape of a project: rename,
 * reorder, add and delete tracks, buses and references. Owned by the
 * model (src/); called by the mixer screen's commands (tui/commands.c)
 * and the tests, on the thread that owns the project.
 *
 * A structural edit is made on the project's text, not on the strip
 * array: the text of p with every unsaved value (project_render_text)
 * has the section renamed, moved, cut out or added, and is then read
 * back and its stems opened, as `tmix check` would. So the saved file
 * shows exactly that edit (a moved section takes its comments with it,
 * a renamed track's header, outputs and send keys follow), and an edit
 * that would leave a file tmix cannot load is refused with the loader's
 * own message. Each returns the new project (its baseline is itself:
 * p's unsaved values are in its text), or NULL with the reason in err;
 * p is never changed. */
#ifndef TMIX_PROJECT_EDIT_H
#define TMIX_PROJECT_EDIT_H
#include "project.h"

/* Reads text as the project file p->path (stems resolved from its folder),
 * opens its stems; NULL with the first error's reason in err. */
struct project *project_from_text(const char *path, const char *text, char *err, size_t n);
/* False, with the reason, when name cannot be a track or bus name of p
 * (empty, taken, "master", or characters the file cannot hold there).
 * except: a strip index whose own name does not count as taken, or -1. */
bool project_strip_name_ok(const struct project *p, const char *name, int except, char *why, size_t n);

struct project *project_edit_rename(struct project *p, int strip, const char *name, char *err, size_t n);
/* to: the strip index it should have; tracks stay among tracks, buses
 * among buses, the master last. */
struct project *project_edit_move(struct project *p, int strip, int to, char *err, size_t n);
/* file as it is to be written in the file (relative to the project's folder, or absolute). */
struct project *project_edit_add_track(struct project *p, const char *file, const char *name, char *err, size_t n);
struct project *project_edit_add_bus(struct project *p, const char *name, enum fx_kind fx, char *err, size_t n);
struct project *project_edit_delete(struct project *p, int strip, char *err, size_t n);
struct project *project_edit_add_ref(struct project *p, const char *file, const char *name, char *err, size_t n);
struct project *project_edit_delete_ref(struct project *p, int ref, char *err, size_t n);
/* Insert slots (insert.N keys) of a strip: add UNIT as the last slot
 * (one line, after the section's last key; a master without a [master]
 * section gets one); delete slot (0-based: its lines go, the later slots
 * renumber); move slot to dest (0-based: the slots between shift). */
struct project *project_edit_insert_add(struct project *p, int strip, const char *unit, char *err, size_t n);
struct project *project_edit_insert_delete(struct project *p, int strip, int slot, char *err, size_t n);
struct project *project_edit_insert_move(struct project *p, int strip, int slot, int dest, char *err, size_t n);
/* The text of p as a copy at `path` should hold it: the stem and
 * reference paths written relative to p's folder are rewritten for the
 * copy's folder (relative when the file is inside it, else absolute), so
 * the copy opens where it is. NULL with the reason when the copy would
 * not load (its folder missing, a stem it cannot open). Free the text. */
char *project_text_for_copy(struct project *p, const char *path, size_t *len, char *err, size_t n);
#endif
