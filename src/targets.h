/* targets.h — the table of delivery targets: the loudness a platform or
 * broadcast standard plays a programme at, and the true-peak ceiling it
 * asks for. Used by `bounce --deliver`, `analyze --targets`, the loudness
 * view's "plays at" list and `:monitor TARGET`. Pure data; any thread. */
#ifndef TMIX_TARGETS_H
#define TMIX_TARGETS_H
#include <stddef.h>

struct target {
	const char *name;   /* as typed: "spotify" */
	double lufs;        /* integrated loudness, LUFS */
	double tp;          /* true-peak ceiling, dBTP */
	const char *source; /* where the figures come from (the man page says more) */
};

extern const struct target targets[];
extern const int targets_count;

/* A target by name (case-insensitive), or NULL. "project" is not in the
 * table: callers make it from the project's own [master] target. */
const struct target *target_find(const char *name);
/* "spotify, spotify-loud, apple, ..." for an unknown-name message. */
char *targets_list(char *buf, size_t n);

/* Added for `bounce --deliver` and `analyze --targets`:
 * The project's own target as a pseudo-target named "project": its
 * [master] target loudness, and its limiter's ceiling when the limiter
 * is on, else -1 dBTP. */
#define TARGET_PROJECT "project"
struct target target_project(double lufs, double limiter_tp, int limiter_on);
/* Parses a comma-separated list of target names ("spotify,apple,project")
 * into out (at most max). The count, or -1 with a message naming the
 * unknown or repeated name and, for an unknown one, every known name. */
int targets_parse(const char *list, const struct target *project, struct target *out, int max, char *err,
		  size_t errlen);
#endif
