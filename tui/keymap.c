/* keymap.c — key dispatch through the current screen (struct screen),
 * the rows every screen shares, the hint line and the `?` help screen's
 * key list. Dispatch, hints and help all read the same tables (each
 * screen's own, then shared[] here), so a binding and its help cannot
 * drift apart. Each binding calls its own small function, which changes
 * state and returns redraw flags, or runs its command string as if typed
 * after `:` (cmus), so a key and its command are one thing. */
#include "tui.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define CTRL(c) ((c) & 0x1f)
enum {
	VALL = SCR_MIXER | SCR_DETAIL | SCR_TONAL | SCR_STEREO | SCR_TIMELINE,
	VPANELS = SCR_MIXER | SCR_DETAIL | SCR_HELP | SCR_TONAL | SCR_STEREO | SCR_TIMELINE,
};

void screen_switch(struct app *a, const struct screen *s)
{
	if (a->screen && a->screen->leave)
		a->screen->leave(a);
	a->screen = s;
	if (s->enter)
		s->enter(a);
}

int keymap_back(struct app *a, int key)
{
	(void)key;
	/* the help returns to the screen it was opened from */
	screen_switch(a, a->screen == &screen_help && a->help_back ? a->help_back : &screen_mixer);
	return RD_ALL;
}

static int k_unsolo_all(struct app *a, int key)
{
	int n = 0;
	(void)key;
	for (int i = 0; i < a->p->nstrips; i++)
		if (a->p->strips[i]->v[P_SOLO] > 0 && ++n)
			edit_set(a, i, "solo", "no", false);
	app_status(a, false, n ? "solos cleared" : "nothing was soloed");
	return RD_ALL & ~RD_LAYOUT;
}

static int k_clear_marks(struct app *a, int key)
{
	(void)key;
	for (int i = 0; i < a->p->nstrips; i++) {
		a->mv[i].clip = false;
		a->mv[i].hold[0] = a->mv[i].hold[1] = -100;
		a->mv[i].peak_lin = 0;
	}
	engine_loudness_reset(a->e);
	app_status(a, false, "clip marks, peak holds and the loudness meter reset");
	return RD_CONSOLE | RD_HEADER | RD_STATUS;
}

static int k_ref_flip(struct app *a, int key)
{
	(void)key;
	return ref_flip(a);
}

static int k_ref_cycle(struct app *a, int key)
{
	(void)key;
	return ref_cycle(a);
}

static int k_tonal(struct app *a, int key)
{
	(void)key;
	screen_switch(a, a->screen == &screen_tonal ? &screen_mixer : &screen_tonal);
	return RD_ALL;
}

static int k_stereo(struct app *a, int key)
{
	(void)key;
	screen_switch(a, a->screen == &screen_stereo ? &screen_mixer : &screen_stereo);
	return RD_ALL;
}

/* Tab: the console and the timeline, back and forth. */
static int k_timeline(struct app *a, int key)
{
	(void)key;
	screen_switch(a, a->screen == &screen_timeline ? &screen_mixer : &screen_timeline);
	return RD_ALL;
}

static int k_play(struct app *a, int key)
{
	(void)key;
	engine_play(a->e, !a->st.playing);
	return RD_HEADER;
}

static int k_to_start(struct app *a, int key)
{
	(void)key;
	engine_seek(a->e, 0);
	return RD_HEADER;
}

static int k_seek(struct app *a, int key)
{
	engine_seek(a->e, key == '[' ? fmax(0, a->st.pos - 5) : a->st.pos + 5);
	return RD_HEADER;
}

/* { and }: the nearest marker before or after the playhead. */
static int k_marker(struct app *a, int key)
{
	const struct engine_status *st = &a->st;
	int best = -1;
	for (int i = 0; i < a->p->nmarkers; i++) {
		double t = a->p->markers[i].t;
		if (key == '}' ? t > st->pos + 0.05 && (best < 0 || t < a->p->markers[best].t)
		    : t < st->pos - 0.5 && (best < 0 || t > a->p->markers[best].t))
			best = i;
	}
	if (best < 0 && key == '{')
		engine_seek(a->e, 0);
	else if (best < 0)
		return app_status(a, false, "no marker after this point"), RD_STATUS;
	else {
		engine_seek(a->e, a->p->markers[best].t);
		app_status(a, false, "@%s", a->p->markers[best].name);
	}
	return RD_HEADER | RD_STATUS;
}

static int k_undo(struct app *a, int key)
{
	(void)key;
	undo_step(a, -1);
	return RD_ALL; /* a step may add or remove strips */
}

static int k_redo(struct app *a, int key)
{
	(void)key;
	undo_step(a, +1);
	return RD_ALL;
}

static int k_save(struct app *a, int key)
{
	(void)key;
	app_save(a, a->path);
	return RD_HEADER | RD_STATUS;
}

static int k_bounce(struct app *a, int key)
{
	(void)key;
	a->prompt = PR_BOUNCE;
	bounce_job_offer(a, a->line, sizeof a->line);
	a->len = a->cur = (int)strlen(a->line);
	return RD_STATUS;
}

static int k_command_line(struct app *a, int key)
{
	(void)key;
	a->prompt = PR_COMMAND;
	a->line[0] = 0;
	a->len = a->cur = 0;
	return RD_STATUS;
}

static int k_help(struct app *a, int key)
{
	(void)key;
	if (a->screen == &screen_help)
		return keymap_back(a, key);
	a->help_back = a->screen;
	screen_switch(a, &screen_help);
	return RD_ALL;
}

static int k_quit(struct app *a, int key)
{
	if (a->screen != &screen_mixer)
		return keymap_back(a, key);
	if (app_dirty(a)) {
		a->prompt = PR_QUIT;
		return RD_STATUS;
	}
	a->quit = true;
	return RD_NONE;
}

static int k_redraw(struct app *a, int key)
{
	(void)key;
	clearok(curscr, TRUE);
	return RD_ALL;
}

/* The rows every screen (or several) shares; each screen's own rows come
 * first (its file's bindings), these after, in this order. */
static const struct binding shared[] = {
	{'S', "S", VALL, NULL, "clear every solo", k_unsolo_all, NULL},
	{'c', "c", VALL, NULL, "reset clip marks, peak holds and the loudness meter (I, LRA, TP max)", k_clear_marks, NULL},
	{' ', "Space", VALL, "␣\tSpc\tplay", "play / pause", k_play, NULL},
	{KEY_HOME, "Home", SCR_MIXER | SCR_TONAL, NULL, "back to the start", k_to_start, NULL},
	{'[', "[  ]", VALL, NULL, "seek back / forward 5 s", k_seek, NULL},
	{']', NULL, VALL, NULL, NULL, k_seek, NULL},
	{'{', "{  }", VALL, NULL, "previous / next marker", k_marker, NULL},
	{'}', NULL, VALL, NULL, NULL, k_marker, NULL},
	{'r', "r", VALL, "r\tr\tA/B", "reference A/B: hear the reference, loudness-matched, and back", k_ref_flip, NULL},
	{'R', "R", VALL, NULL, "next reference", k_ref_cycle, NULL},
	{'t', "t", SCR_MIXER | SCR_TONAL, NULL, "tonal balance: 1/3-octave spectrum of the mix against the reference",
	 k_tonal, NULL},
	{'v', "v", SCR_MIXER | SCR_TONAL | SCR_STEREO, NULL,
	 "stereo and loudness: goniometer, correlation, mono-fold drop, where each platform plays the mix", k_stereo, NULL},
	{'o', "o", VALL, NULL, "monitor: cycle off, mono, side, phone, small (what is heard only; :monitor for all)",
	 monitor_cycle, NULL},
	{'u', "u", VALL, "u\tu\tundo", "undo", k_undo, NULL},
	{CTRL('r'), "^R", VALL, NULL, "redo", k_redo, NULL},
	{CTRL('s'), "^S", VALL, "^S\t^S\tsave", "save the project (in place, comments kept)", k_save, NULL},
	{'b', "b", VALL, NULL, "bounce the mix to a WAV file", k_bounce, NULL},
	{':', ":", VALL, ":\t:\tcmd", "command line (Tab completes; :help CMD shows its syntax and an example)",
	 k_command_line, NULL},
	{'?', "?", VPANELS, "?\t?\thelp", "this help", k_help, NULL},
	{'q', "q", VPANELS, "q\tq\tquit", "quit (asks when there are unsaved changes); closes a panel", k_quit, NULL},
	{CTRL('c'), NULL, VPANELS, NULL, NULL, k_quit, NULL},
	{CTRL('l'), "^L", VPANELS, NULL, "redraw the screen", k_redraw, NULL},
	{'\t', "Tab", SCR_MIXER | SCR_TIMELINE, "Tab\tTab\ttimeline",
	 "the timeline: the song in time, each strip's audio, its automation lanes and their points", k_timeline, NULL},
};

static const struct binding *find(const struct app *a, int key)
{
	const struct screen *s = a->screen;
	for (int i = 0; i < s->nbindings; i++)
		if (s->bindings[i].key == key)
			return &s->bindings[i];
	for (size_t i = 0; i < ARRAY_LEN(shared); i++)
		if (shared[i].key == key && (shared[i].views & s->bit))
			return &shared[i];
	return NULL;
}

int keymap_dispatch(struct app *a, int key)
{
	const struct binding *b;
	if (a->screen->key) {
		int rd = a->screen->key(a, key);
		if (rd >= 0)
			return rd;
	}
	b = find(a, key);
	if (!b) { /* never a silent no-op: one message for every unbound key */
		char nm[32];
		const char *where = a->screen == &screen_detail ? "the detail panel"
				    : a->screen == &screen_help	 ? "the help"
				    : a->screen == &screen_tonal ? "the tonal balance"
				    : a->screen == &screen_stereo ? "the stereo view"
				    : a->screen == &screen_timeline ? "the timeline"
								 : "the console";
		if (key == '\t') snprintf(nm, sizeof nm, "Tab");
		else if (key == 27) snprintf(nm, sizeof nm, "Esc");
		else if (key == KEY_BACKSPACE || key == 127 || key == 8) snprintf(nm, sizeof nm, "Backspace");
		else if (key == KEY_DC) snprintf(nm, sizeof nm, "Delete");
		else if (key > 32 && key < 127) snprintf(nm, sizeof nm, "%c", key);
		else {
			const char *k = keyname(key);
			snprintf(nm, sizeof nm, "%s", k && strncmp(k, "KEY_", 4) ? k : k ? k + 4 : "that key");
		}
		app_status(a, false, "%s: no key here in %s (? lists the keys)", nm, where);
		return RD_STATUS;
	}
	return b->fn ? b->fn(a, key) : command_run(a, b->cmd);
}

/* Writes one hint ("key label") at *x; false once the line is full. */
static bool hint_one(const struct app *a, const struct binding *b, int y, int *x)
{
	char key[32], label[32];
	const char *t1 = strchr(b->hint, '\t'), *t2 = strchr(t1 + 1, '\t');
	int kw, hw;
	if (a->utf8)
		snprintf(key, sizeof key, "%.*s", (int)(t1 - b->hint), b->hint);
	else
		snprintf(key, sizeof key, "%.*s", (int)(t2 - t1 - 1), t1 + 1);
	snprintf(label, sizeof label, "%s", t2 + 1);
	kw = widget_utf8_cols(key, 99, NULL);
	hw = (int)strlen(label);
	if (*x + kw + hw + 2 > COLS)
		return false;
	widget_text(y, *x, kw, theme_attr(R_HINT_KEY), key);
	widget_text(y, *x + kw, hw + 2, theme_attr(R_HINT), "");
	mvaddstr(y, *x + kw + 1, label);
	*x += kw + hw + 2;
	return true;
}

void keymap_hint(struct app *a, int y)
{
	const struct screen *s = a->screen;
	int x = 0;
	bool room = true;
	widget_text(y, 0, COLS, theme_attr(R_HINT), "");
	for (int i = 0; i < s->nbindings && room; i++)
		if (s->bindings[i].hint)
			room = hint_one(a, &s->bindings[i], y, &x);
	for (size_t i = 0; i < ARRAY_LEN(shared) && room; i++) {
		bool own = false; /* a screen's own row for the key hides the shared one */
		for (int k = 0; k < s->nbindings && !own; k++)
			own = s->bindings[k].key == shared[i].key;
		if (shared[i].hint && (shared[i].views & s->bit) && !own)
			room = hint_one(a, &shared[i], y, &x);
	}
	attrset(A_NORMAL);
}

/* Key names without arrows, for terminals that cannot draw them. */
static const char *ascii_name(const char *name)
{
	static char buf[64];
	static const struct { const char *u, *a; } map[] = {
		{"←", "Left"}, {"→", "Right"}, {"↑", "Up"}, {"↓", "Down"},
	};
	size_t o = 0;
	for (const char *p = name; *p && o < sizeof buf - 8;) {
		size_t k;
		for (k = 0; k < ARRAY_LEN(map); k++)
			if (!strncmp(p, map[k].u, strlen(map[k].u))) {
				o += (size_t)snprintf(buf + o, sizeof buf - o, "%s", map[k].a);
				p += strlen(map[k].u);
				break;
			}
		if (k == ARRAY_LEN(map))
			buf[o++] = *p++;
	}
	buf[o] = 0;
	return buf;
}

/* One key's help: its name, then the text wrapped at the screen's edge
 * onto rows indented under the text's column (a name wider than that
 * column gets a row of its own). y is the entry's first row (outside
 * y0..y0+rows: counted, not drawn); returns the rows it takes. */
static int help_row(const struct app *a, const struct binding *b, const char *title, int y, int y0, int rows)
{
	enum { COL = 17 };
	int used = 0, w = COLS - COL > 20 ? COLS - COL : 20;
	const char *nm, *h;
	char row[320];
	bool own;

	if (title) {
		if (y >= y0 && y < y0 + rows)
			widget_text(y, 0, COLS, theme_attr(R_TITLE) | A_BOLD, title);
		return 1;
	}
	nm = a->utf8 ? b->name : ascii_name(b->name);
	own = widget_utf8_cols(nm, 40, NULL) > COL - 3; /* columns, not bytes */
	h = b->help;
	if (own) {
		snprintf(row, sizeof row, "  %s", nm);
		if (y >= y0 && y < y0 + rows)
			widget_text(y, 0, COLS, A_NORMAL, row);
		used++;
	}
	do {
		int len = (int)strlen(h), cut = len, yy = y + used;
		if (len > w) {
			for (cut = w; cut > 0 && h[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = w;
		}
		if (h == b->help && !own)
			snprintf(row, sizeof row, "  %s%*s%.*s", nm, COL - 2 - widget_utf8_cols(nm, 40, NULL), "", cut, h);
		else
			snprintf(row, sizeof row, "%*s%.*s", COL, "", cut, h);
		if (yy >= y0 && yy < y0 + rows)
			widget_text(yy, 0, COLS, A_NORMAL, row);
		used++;
		h += cut;
		while (*h == ' ')
			h++;
	} while (*h);
	return used;
}

/* Writes help rows from `first` on; returns the number of help rows. A
 * group is one screen's own bindings, or the shared rows whose views are
 * exactly its mask. */
int keymap_help_lines(const struct app *a, int first, int y0, int rows)
{
	static const struct { const struct screen *s; unsigned v; const char *title; } groups[] = {
		{&screen_mixer, 0, "Console"}, {&screen_detail, 0, "Detail panel"}, {NULL, VALL, "Everywhere"},
		{NULL, SCR_MIXER | SCR_TONAL, "Console and tonal balance"}, {&screen_tonal, 0, "Tonal balance"},
		{NULL, SCR_MIXER | SCR_TONAL | SCR_STEREO, "Console, tonal balance and stereo view"},
		{&screen_stereo, 0, "Stereo view"},
		{NULL, SCR_MIXER | SCR_TIMELINE, "Console and timeline"}, {&screen_timeline, 0, "Timeline"},
		{&screen_help, 0, "Help"},
	};
	int n = 0;
	for (size_t g = 0; g < ARRAY_LEN(groups); g++) {
		const struct screen *s = groups[g].s;
		n += help_row(a, NULL, groups[g].title, y0 + n - first, y0, rows);
		for (int i = 0; s && i < s->nbindings; i++)
			if (s->bindings[i].help)
				n += help_row(a, &s->bindings[i], NULL, y0 + n - first, y0, rows);
		for (size_t i = 0; !s && i < ARRAY_LEN(shared); i++)
			if (shared[i].help && shared[i].views == groups[g].v)
				n += help_row(a, &shared[i], NULL, y0 + n - first, y0, rows);
	}
	return n;
}

/* Whether the space-separated names of a binding ("[  ]", "Enter e")
 * hold name (one letter exactly; longer names in any case). */
static bool names_hold(const char *names, const char *name)
{
	char buf[64], *save = NULL;
	snprintf(buf, sizeof buf, "%s", names);
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		if (!strcmp(t, name) || (strlen(name) > 1 && !strcasecmp(t, name)))
			return true;
	return false;
}

/* :help KEY for a key: "g", "L", "Space", "^S", "PgUp" as the `?` screen
 * names them; every screen the key works in, with its help from the
 * tables, the console's meaning first. False when no binding has that
 * name. */
bool keymap_key_help(const char *name, char *out, size_t n)
{
	static const struct { const struct screen *s; const char *where; } screens[] = {
		{&screen_mixer, ""}, {NULL, ""}, {&screen_detail, "in the detail panel: "},
		{&screen_tonal, "in the tonal balance: "}, {&screen_stereo, "in the stereo view: "},
		{&screen_timeline, "in the timeline: "},
		{&screen_help, "in the help: "},
	};
	size_t len = 0;
	out[0] = 0;
	for (size_t k = 0; k < ARRAY_LEN(screens); k++) {
		const struct binding *b = screens[k].s ? screens[k].s->bindings : shared;
		int nb = screens[k].s ? screens[k].s->nbindings : (int)ARRAY_LEN(shared);
		for (int i = 0; i < nb && len < n; i++)
			if (b[i].name && b[i].help && names_hold(b[i].name, name))
				len += (size_t)snprintf(out + len, n - len, "%s%s%s", len ? "; " : "", screens[k].where,
							b[i].help);
	}
	return out[0] != 0;
}
