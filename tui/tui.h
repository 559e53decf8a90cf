/* tui.h — what the mixer screen's files share. The screen owns the model
 * (struct project) on the UI thread and talks to audio only through
 * engine.h. Key handlers and commands change state and return redraw
 * flags; only the *_draw functions touch curses, once per frame. */
#ifndef TMIX_TUI_H
#define TMIX_TUI_H
#include "engine.h"
#include "project.h"
#include <curses.h>
#include <stdbool.h>

/* What a handler changed, so the frame redraws only that (htop habit). */
enum {
	RD_NONE = 0,
	RD_HEADER = 1,
	RD_CONSOLE = 2,
	RD_STATUS = 4,
	RD_LAYOUT = 8, /* clear and draw everything: view switch, resize, Ctrl-L */
	RD_ALL = RD_HEADER | RD_CONSOLE | RD_STATUS | RD_LAYOUT,
};

/* Semantic colour roles; theme.c maps them to attributes per scheme. */
enum role {
	R_NORMAL, R_HEADER, R_TITLE, R_PLAYING, R_DIRTY, R_DIM, R_SEL,
	R_FADER, R_FADER_SEL, R_METER_LO, R_METER_MID, R_METER_HI, R_PEAK, R_HOLD, R_CLIP,
	R_MUTE, R_SOLO, R_GR, R_STATUS, R_ERROR, R_HINT, R_HINT_KEY, R_CURVE, R_GRID,
	R_PROMPT, R_OFF, R_NOTICE,
	R_COUNT
};

enum view { V_MIXER, V_DETAIL, V_HELP, V_TONAL };

/* A question on the bottom line, answered by the next key or line. */
enum prompt { PR_NONE, PR_COMMAND, PR_VALUE, PR_BOUNCE, PR_QUIT, PR_CONFLICT, PR_CONFIRM, PR_OVERWRITE };

/* Display ballistics of one strip's meter, in dBFS. */
struct meter_view {
	float peak[2], rms[2], hold[2];
	double hold_t[2];
	bool clip;
	float gr_comp, gr_gate, gr_lim;
	float peak_lin;  /* highest sample peak since `c`, linear (0: none yet) */
};

struct undo;
struct analysis;
struct analysis_job;

struct app {
	struct project *p;
	struct engine *e;
	struct engine_status st;
	const char *path;
	int sel, first;         /* selected strip, first strip shown left */
	enum view view;
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
	enum prompt prompt;
	double prompt_t;        /* when the prompt opened */
	char line[256];
	int len, cur;
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
	int signal;             /* the signal that ended the loop, 0 for a quit */
	double autosave_next;
	char *autosave_text;    /* what our NAME.ini.autosave holds, NULL when none */
	bool autosave_kept;     /* quit at the recovery question: leave the autosave */
	int offline_n;          /* strips the offline array covers */
	unsigned char *offline; /* per strip: 1 once announced */
};

/* loudness_view.c: the master strip's loudness block, the header's
 * LUFS, reference A/B keys */
#define LOUDNESS_ROWS 6
void loudness_draw(struct app *a, int y, int x, int w, int rows); /* rows < 6: the most useful first */
void loudness_header(struct app *a, char *buf, size_t n);
bool loudness_master_name(struct app *a, char *buf, size_t n); /* "REF -3.2" while a reference is heard */
int ref_flip(struct app *a);
int ref_cycle(struct app *a);
int ref_select(struct app *a, const char *name);

/* tonal_view.c */
void tonal_draw(struct app *a);

/* gainstage.c: the background analysis (analyze.h), `g` and :gainstage,
 * the staging flags */
int gainstage_start(struct app *a, int strip); /* strip -1: every track */
int mastering_poll(struct app *a);             /* once per main-loop pass */
void mastering_model_changed(struct app *a);   /* a reload: strips may differ */
void mastering_close(struct app *a);
int staging_flag(const struct app *a, int strip); /* +1 peaks above -6, -1 below -12 dBFS, 0 */
bool staging_clip_pre_limiter(const struct app *a, double *db);

/* bounce_job.c. bounce_job_start asks (PR_OVERWRITE, the name in
 * a->line) before writing over a file; bounce_job_write_over is the yes. */
int bounce_job_start(struct app *a, const char *path);
int bounce_job_write_over(struct app *a, const char *path);
/* The name `b` offers: NAME.wav, or the first free NAME-2.wav, NAME-3.wav ... */
void bounce_job_offer(const struct app *a, char *buf, size_t n);
int bounce_job_poll(struct app *a);
void bounce_job_cancel(struct app *a);

/* app.c */
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

/* theme.c */
void theme_init(void);
attr_t theme_attr(enum role r);
attr_t theme_strip(int colour, bool selected);
attr_t theme_strip_silenced(bool selected); /* a name muted by another strip's solo */

/* widgets.c */
double iec_deflection(double db); /* 0..1 */
void widget_meter(int y, int x, int h, const struct meter_view *m, int ch, bool utf8, attr_t extra);
void widget_fader(int y, int x, int h, double frac, attr_t at, bool utf8); /* a knob on a track */
void widget_scale(int y, int x, int h, int w); /* dBFS labels beside a meter of h rows */
void widget_hbar(int y, int x, int w, double frac, attr_t at, bool utf8);
void widget_ascii(bool on);
void widget_text(int y, int x, int w, attr_t at, const char *s); /* clipped, padded */
int widget_utf8_cols(const char *s, int maxcols, int *bytes);

/* mixer_view.c, strip_view.c: the console fits 60x16 and up; wider
 * terminals get longer names and, from 120 columns, each strip's
 * processors and sends beside its meter. */
#define MIXER_MIN_COLS 60
#define MIXER_MIN_LINES 16
bool mixer_too_small(void);
void mixer_draw(struct app *a, int flags);
void header_draw(struct app *a);
void strip_draw(struct app *a, int idx, int y, int x, int w, int h);
int mixer_visible(const struct app *a);
void meters_update(struct app *a, double dt);
bool strip_silenced(const struct app *a, int idx); /* muted by another strip's solo */
int mixer_legend_lines(const struct app *a, int first, int y0, int rows); /* the `?` screen's marks */

/* detail_view.c */
void detail_draw(struct app *a);
int detail_key(struct app *a, int key);
bool detail_captures(const struct app *a, int key); /* the panel takes every key: filter, y/n */

/* help.c */
void help_draw(struct app *a);

/* keymap.c */
int keymap_dispatch(struct app *a, int key);
void keymap_hint(struct app *a, int y);
int keymap_help_lines(const struct app *a, int first, int y0, int rows);
bool keymap_key_help(const char *name, char *out, size_t n);

/* commands.c: the `:` commands; complete.c: Tab */
int command_run(struct app *a, const char *line);
void command_complete(struct app *a);
int command_confirm_key(struct app *a, int ch); /* the answer to a PR_CONFIRM question */
int command_help_lines(const struct app *a, int first, int y0, int rows); /* the `?` screen's command rows */

/* watch.c */
void watch_start(struct app *a);
void watch_stop(struct app *a);
int watch_fd(const struct app *a);
int watch_check(struct app *a);
long long watch_sig(const char *path);

/* signals.c */
void signals_install(void);
int signals_pending(void); /* 0, or SIGHUP/SIGTERM/SIGINT once one came */
bool signals_tty_gone(void);
bool signals_have_terminal(char *why, size_t n);
int signals_getch(int ms); /* getch that turns a dead terminal into SIGHUP */

/* lock.c: fd >= 0 held; -1 another session holds it (*holder its pid or 0);
 * -2 no lock possible (a folder we cannot write) */
void lock_path(const char *project, char *buf, size_t n);
int lock_take(const char *project, int *holder);
void lock_drop(const char *project, int fd);

/* autosave.c */
void autosave_path(const char *project, char *buf, size_t n);
int autosave_write(struct app *a);
void autosave_remove(struct app *a);
void autosave_tick(struct app *a);
bool autosave_pending(const char *project);
int autosave_recover(struct app *a);
int autosave_ask(struct app *a); /* 'r', 'd' or 'q' */

/* offline.c */
int offline_poll(struct app *a); /* redraw flags */
bool offline_reason(struct app *a, int strip, char *buf, size_t n);
int offline_reopen(struct app *a);

double tui_now(void);
#endif
