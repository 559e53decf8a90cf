/* app_state.h — the mixer screen's state (struct app) and the functions
 * that change it without drawing: the status message, save and reload
 * (app.c), edits (edit.c) and undo (undo.c). No curses here, so that the
 * session services (src/session/) and the in-process tests can use the
 * state without a terminal. Owned by the UI thread: only tui/ and
 * src/session/ include it. */
#ifndef TMIX_APP_STATE_H
#define TMIX_APP_STATE_H
#include "engine.h"
#include "project.h"
#include <stdbool.h>
#include <stddef.h>

/* What a handler changed, so the frame redraws only that (htop habit). */
enum {
	RD_NONE = 0,
	RD_HEADER = 1,
	RD_CONSOLE = 2,
	RD_STATUS = 4,
	RD_LAYOUT = 8, /* clear and draw everything: view switch, resize, Ctrl-L */
	RD_ALL = RD_HEADER | RD_CONSOLE | RD_STATUS | RD_LAYOUT,
};

/* A question on the bottom line, answered by the next key or line. */
enum prompt { PR_NONE, PR_COMMAND, PR_VALUE, PR_BOUNCE, PR_QUIT, PR_CONFLICT, PR_CONFIRM, PR_OVERWRITE };

/* Display ballistics of one strip's meter, in dBFS. */
struct meter_view {
	float peak[2], rms[2], hold[2];
	double hold_t[2];
	bool clip;
	float gr[MGR_N]; /* as struct strip_meter's, with ballistics */
	float peak_lin;  /* highest sample peak since `c`, linear (0: none yet) */
	float corr;      /* L/R correlation of the last 400 ms window, -1..+1 */
	double corr_t;   /* when it came (app.now); older than 1 s: none (stopped, silent) */
};

struct screen;
struct undo;
struct analysis;
struct analysis_job;
struct timeline;

struct app {
	struct project *p;
	struct engine *e;
	struct engine_status st;
	const char *path;
	int sel, first;         /* selected strip, first strip shown left */
	const struct screen *screen; /* what the body of the screen shows (screen_switch) */
	const struct screen *help_back; /* the screen `?` was opened from: Esc returns there */
	int drow, dfirst;       /* detail panel: selected row, first row shown */
	char dfilter[32];       /* detail panel: only rows whose key holds this (`/`) */
	bool dtyping;           /* the filter is being typed */
	char dask_key[64], dask_val[128]; /* a routing change waiting for y/n */
	struct meter_view *mv;  /* one per strip */
	double now;             /* monotonic seconds, this frame */
	/* the bottom line */
	char status[256];
	bool status_err;
	double status_t;
	int status_rows;        /* rows the status took when drawn: over 1, it stays until the next key */
	enum prompt prompt;
	double prompt_t;        /* when the prompt opened */
	char line[256];
	int len, cur;
	bool line_fresh;      /* `=`'s pre-filled value, untouched: typing replaces it */
	char value_key[64];     /* the key `=` edits */
	char confirm_q[256];    /* PR_CONFIRM: the question, and the command y runs */
	char confirm_cmd[128];
	/* undo and saved state */
	struct undo *undo;
	bool extra_dirty;       /* edits outside undo (markers) since the last save */
	/* hot reload */
	int watch_fd, watch_wd;
	double watch_next;
	long long disk_sig;     /* size/mtime/inode signature of the file as we know it */
	bool disk_changed;
	bool utf8, quit;
	int help_first;
	struct bounce_job *job; /* a bounce running in the background */
	/* mastering: loudness_view.c, tonal_view.c, gainstage.c */
	struct engine_loudness lu; /* this frame's loudness of what is heard */
	int ref_sel;               /* the reference `r` flips to, `R` cycles */
	unsigned edits;            /* model changes (edit_set, undo, reload) */
	double edit_t;             /* when the last one was made */
	struct analysis *an;       /* the latest offline analysis, or NULL */
	unsigned an_edits;         /* `edits` when it was started */
	struct analysis_job *an_job;
	/* hardening: one writer (lock.c), autosave (autosave.c), signals,
	 * offline stems (offline.c) */
	bool readonly;          /* another tmix holds the lock: no save in place, no autosave */
	int lock_fd, lock_pid;  /* our lock, or the holder's pid when read-only (0: unknown) */
	int lock_ino_fd;        /* our flock on the project file itself (lock.c) */
	char *lock_file;        /* NAME.ini.lock beside the project's real path */
	char lock_why[320];     /* why read-only, when not another session's lock */
	long long base_sig;     /* the file our model was read from or last written (watch_sig) */
	bool quit_after_save;   /* the save that a conflict question interrupted was a save-and-quit */
	int signal;             /* the signal that ended the loop, 0 for a quit */
	double autosave_next;
	char *autosave_text;    /* what our NAME.ini.autosave holds, NULL when none */
	bool autosave_kept;     /* quit at the recovery question: leave the autosave */
	int offline_n;          /* strips the offline array covers */
	unsigned char *offline; /* per strip: 1 once announced */
	struct timeline *tl;    /* the timeline's cursor, zoom, selection and overview (timeline_view.c) */
	bool latency_armed;     /* an insert parameter changed: a latency it moves rebuilds the graph once */
	double latency_at;      /* when it changed (stopped: the rebuild waits for the keys to rest) */
};

/* app.c */
void app_draw(struct app *a, int flags); /* one frame: header, the screen, the bottom lines */
int app_key(struct app *a, int ch);      /* one key: to the open question, else the keymap */
void app_apply_loop(struct app *a);      /* the project's loop region to the engine */
void app_status(struct app *a, bool err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool app_dirty(const struct app *a);
int app_save(struct app *a, const char *path);
void app_readonly_msg(const struct app *a, char *buf, size_t n);
int app_reload(struct app *a);
void app_clamp_selection(struct app *a);
struct strip *app_strip(const struct app *a);

/* edit.c: the one way an edit reaches model, engine and undo */
int edit_set(struct app *a, int strip, const char *key, const char *text, bool coalesce);
void edit_push_engine(struct app *a, int strip, const char *key);
/* Once per frame: a plugin whose latency an insert edit moved gets the
 * graph rebuilt, so every other path waits the new amount. Redraw flags. */
int edit_latency_poll(struct app *a);
int edit_scalar(struct app *a, int strip, enum param_id id, double v, enum param_mode mode);
/* A structural edit (project_edit.h made np): np replaces the model, the
 * engine swaps in its graph, one undo step keeps the text before and
 * after; sel is the strip to select. Redraw flags. */
int edit_structure(struct app *a, struct project *np, const char *what, int sel);
int edit_restore_text(struct app *a, const char *text, int sel); /* undo, redo: 0 or -1 */

/* undo.c */
struct undo *undo_new(void);
void undo_free(struct undo *u);
void undo_record(struct undo *u, int strip, const char *key, const char *before, const char *after,
		 double now, bool coalesce);
int undo_step(struct app *a, int dir); /* -1 undo, +1 redo; 0 or -1 when nothing to do */
void undo_mark_saved(struct undo *u);
bool undo_at_saved(const struct undo *u);
void undo_clear(struct undo *u);
void undo_group_begin(struct undo *u);
void undo_group_end(struct undo *u);
void undo_record_text(struct undo *u, const char *what, const char *before, const char *after, int sel_before,
		      int sel_after, double now);

double tui_now(void);
#endif
