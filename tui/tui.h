/* tui.h — what the mixer screen's drawing and key files share: colour
 * roles, widgets, the screens and their bindings, the views' entry
 * points. The state they draw is app_state.h (no curses); the session
 * services they call (lock, autosave, watch, the background jobs) are
 * src/session/session.h. Key handlers and commands change state and
 * return redraw flags; only the *_draw functions touch curses, once per
 * frame. */
#ifndef TMIX_TUI_H
#define TMIX_TUI_H
#include "app_state.h"
#include "session/session.h"
#include <curses.h>
#include <stdbool.h>

/* Semantic colour roles; theme.c maps them to attributes per scheme. */
enum role {
	R_NORMAL, R_HEADER, R_TITLE, R_PLAYING, R_DIRTY, R_DIM, R_SEL,
	R_FADER, R_FADER_SEL, R_METER_LO, R_METER_MID, R_METER_HI, R_PEAK, R_HOLD, R_CLIP,
	R_MUTE, R_SOLO, R_GR, R_STATUS, R_ERROR, R_HINT, R_HINT_KEY, R_CURVE, R_GRID,
	R_PROMPT, R_OFF, R_NOTICE,
	R_COUNT
};

struct app;

/* One key binding: a function of its own, or (fn NULL) a `:` command
 * line run as if typed (cmus), so keys and commands share one namespace.
 * The help screen and the hint line are written from these tables. */
struct binding {
	int key;
	const char *name; /* as shown in help; NULL: an alias of a row with one */
	unsigned views;   /* keymap.c's shared rows: the screens (SCR_*) they work in */
	const char *hint; /* "UTF8KEY\tASCIIKEY\tlabel" for the bottom line, NULL: help only */
	const char *help;
	int (*fn)(struct app *a, int key);
	const char *cmd;
};

/* A screen, as tmux's window modes: each lives in one file and exports
 * one of these. app.c draws and dispatches keys through the current one
 * (screen_switch, keymap.c); keymap.c looks a key up in the screen's own
 * bindings first, then in the shared rows whose views hold its bit. */
enum { SCR_MIXER = 1, SCR_DETAIL = 2, SCR_HELP = 4, SCR_TONAL = 8, SCR_STEREO = 16, SCR_TIMELINE = 32 };
struct screen {
	const char *name;
	unsigned bit;
	void (*enter)(struct app *a);          /* NULL: nothing to set up */
	void (*leave)(struct app *a);          /* NULL: nothing to put away */
	void (*draw)(struct app *a, int flags); /* below the header, above the status lines */
	int (*key)(struct app *a, int ch);     /* keys it takes before its bindings; -1: not taken */
	const struct binding *bindings;
	int nbindings;
};
extern const struct screen screen_mixer;  /* mixer_view.c */
extern const struct screen screen_detail; /* detail_view.c */
extern const struct screen screen_help;   /* help.c */
extern const struct screen screen_tonal;  /* tonal_view.c */
extern const struct screen screen_stereo; /* stereo_view.c */
extern const struct screen screen_timeline; /* timeline_view.c */

/* timeline_view.c: the timeline's state (a->tl) and its commands */
void timeline_close(struct app *a); /* at exit: stops the overview's reader */
int timeline_ramp(struct app *a, char *args);  /* :ramp VALUE */
int timeline_clear(struct app *a, char *args); /* :clear */


/* loudness_view.c: the master strip's loudness block, the header's
 * LUFS, reference A/B keys */
#define LOUDNESS_ROWS 7
void loudness_draw(struct app *a, int y, int x, int w, int rows); /* rows < 6: the most useful first */
void loudness_header(struct app *a, char *buf, size_t n);
bool loudness_master_name(struct app *a, char *buf, size_t n); /* "REF -3.2" while a reference is heard */
int ref_flip(struct app *a);
int ref_cycle(struct app *a);
int ref_select(struct app *a, const char *name);

/* monitor.c: the monitor section (`:monitor`, `o`, the header's label) */
int c_monitor(struct app *a, char *args);
int monitor_cycle(struct app *a, int key);
bool monitor_label(struct app *a, char *buf, size_t n); /* "MON:mono"; false when off */
void monitor_names(void (*add)(void *ctx, const char *name), void *ctx); /* modes, targets, project */

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
int widget_wrap_up(int y, attr_t at, const char *s, int max); /* wrapped upward from row y */
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
float meter_corr(const struct app *a, int strip); /* the correlation to show, NaN when none */
/* loudness_view.c: a correlation meter, -1..+1 on w columns (odd: the
 * middle one is 0), its needle in the warning colour below 0 */
void corr_bar(const struct app *a, int y, int x, int w, float corr);
bool strip_silenced(const struct app *a, int idx); /* muted by another strip's solo */
int mixer_legend_lines(const struct app *a, int first, int y0, int rows); /* the `?` screen's marks */

/* detail_view.c */
int detail_key(struct app *a, int key);

/* keymap.c */
int keymap_dispatch(struct app *a, int key);
int keymap_back(struct app *a, int key); /* Esc in a panel: back to the console */
void screen_switch(struct app *a, const struct screen *s); /* leave the current one, enter s */
void keymap_hint(struct app *a, int y);
int keymap_help_lines(const struct app *a, int first, int y0, int rows);
bool keymap_key_help(const char *name, char *out, size_t n);

/* commands.c: the `:` commands; complete.c: Tab */
int command_run(struct app *a, const char *line);
void command_complete(struct app *a);
int command_confirm_key(struct app *a, int ch); /* the answer to a PR_CONFIRM question */
int command_help_lines(const struct app *a, int first, int y0, int rows); /* the `?` screen's command rows */

/* signals.c */
void signals_install(void);
int signals_pending(void); /* 0, or SIGHUP/SIGTERM/SIGINT once one came */
bool signals_tty_gone(void);
bool signals_have_terminal(char *why, size_t n);
int signals_getch(int ms); /* getch that turns a dead terminal into SIGHUP */

/* autosave_ask.c: the recovery question before the mixer opens */
int autosave_ask(struct app *a); /* 'r', 'd' or 'q' */

/* offline.c */
int offline_poll(struct app *a); /* redraw flags */
bool offline_reason(struct app *a, int strip, char *buf, size_t n);
int offline_reopen(struct app *a);

#endif
