/* keymap.c — the one key table: dispatch, the hint line and the `?` help
 * screen are all read from keymap[], so a binding and its help cannot
 * drift apart. Each action changes state and returns redraw flags; a
 * binding with a command string runs it as if typed after `:` (cmus),
 * so a key and its command are one thing. */
#include "tui.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)
enum { VM = 1, VD = 2, VH = 4, VT = 8, VALL = VM | VD | VT }; /* views a binding works in */

struct binding {
	int key;
	const char *name; /* as shown in help */
	unsigned views;
	const char *hint; /* "UTF8KEY\tASCIIKEY\tlabel" for the bottom line, NULL: help only */
	const char *help;
	int (*fn)(struct app *a, int key);
	int arg;
};

static const struct binding keymap[];

static int step_fader(struct app *a, double db)
{
	struct strip *s = app_strip(a);
	double v = s->v[P_GAIN];
	if (isinf(v) && db > 0)
		v = -90 - db;
	v = round((v + db) * 2) / 2;
	if (v > 12) v = 12;
	if (v < -90) v = -INFINITY;
	return edit_scalar(a, a->sel, P_GAIN, v, PM_VALUE);
}

static int k_select(struct app *a, int dir)
{
	a->sel += dir;
	app_clamp_selection(a);
	return RD_CONSOLE | RD_HEADER;
}

static const struct binding *find(const struct app *a, int key);

static int act(struct app *a, int key)
{
	const struct binding *b = find(a, key);
	struct strip *s = app_strip(a);
	const struct engine_status *st = &a->st;

	switch (b->arg) {
	case 'h': return k_select(a, -1);
	case 'l': return k_select(a, +1);
	case 'k': return step_fader(a, 0.5);
	case 'j': return step_fader(a, -0.5);
	case 'K': return step_fader(a, 3);
	case 'J': return step_fader(a, -3);
	case '0': return edit_scalar(a, a->sel, P_GAIN, 0, PM_VALUE);
	case '<': case '>':
		return edit_scalar(a, a->sel, P_PAN, param_step(P_PAN, s->v[P_PAN], b->arg == '<' ? -1 : 1, false), PM_VALUE);
	case 'm': return edit_set(a, a->sel, "mute", s->v[P_MUTE] > 0 ? "no" : "yes", false);
	case 's':
		if (s->kind == SK_MASTER)
			return app_status(a, false, "the master has no solo"), RD_STATUS;
		return edit_set(a, a->sel, "solo", s->v[P_SOLO] > 0 ? "no" : "yes", false);
	case 'S': {
		int n = 0;
		for (int i = 0; i < a->p->nstrips; i++)
			if (a->p->strips[i]->v[P_SOLO] > 0 && ++n)
				edit_set(a, i, "solo", "no", false);
		app_status(a, false, n ? "solos cleared" : "nothing was soloed");
		return RD_ALL & ~RD_LAYOUT;
	}
	case 'c':
		for (int i = 0; i < a->p->nstrips; i++) {
			a->mv[i].clip = false;
			a->mv[i].hold[0] = a->mv[i].hold[1] = -100;
			a->mv[i].peak_lin = 0;
		}
		engine_loudness_reset(a->e);
		app_status(a, false, "clip marks, peak holds and the loudness meter reset");
		return RD_CONSOLE | RD_HEADER | RD_STATUS;
	case 'r': return ref_flip(a);
	case 'R': return ref_cycle(a);
	case 'g': return gainstage_start(a, a->sel);
	case 't':
		a->view = a->view == V_TONAL ? V_MIXER : V_TONAL;
		return RD_ALL;
	case ' ': engine_play(a->e, !st->playing); return RD_HEADER;
	case KEY_HOME: engine_seek(a->e, 0); return RD_HEADER;
	case '[': engine_seek(a->e, fmax(0, st->pos - 5)); return RD_HEADER;
	case ']': engine_seek(a->e, st->pos + 5); return RD_HEADER;
	case '{': case '}': {
		int best = -1;
		for (int i = 0; i < a->p->nmarkers; i++) {
			double t = a->p->markers[i].t;
			if (b->arg == '}' ? t > st->pos + 0.05 && (best < 0 || t < a->p->markers[best].t)
			    : t < st->pos - 0.5 && (best < 0 || t > a->p->markers[best].t))
				best = i;
		}
		if (best < 0 && b->arg == '{')
			engine_seek(a->e, 0);
		else if (best < 0)
			return app_status(a, false, "no marker after this point"), RD_STATUS;
		else {
			engine_seek(a->e, a->p->markers[best].t);
			app_status(a, false, "@%s", a->p->markers[best].name);
		}
		return RD_HEADER | RD_STATUS;
	}
	case 'L': {
		struct strip *pj = &a->p->proj;
		char t0[32], t1[32], txt[80];
		bool on = pj->mode[P_LOOP] == PM_VALUE;
		if (!on && a->p->loop_end <= pj->v[P_LOOP]) { /* never set: loop the whole song */
			pj->v[P_LOOP] = 0;
			a->p->loop_end = st->length > 0 ? st->length : 1;
		}
		/* off keeps the region (START - END off): L brings it back */
		snprintf(txt, sizeof txt, "%s - %s%s", units_fmt_time(t0, sizeof t0, pj->v[P_LOOP]),
			 units_fmt_time(t1, sizeof t1, a->p->loop_end), on ? " off" : "");
		return edit_set(a, -1, "loop", txt, false);
	}
	case 'e':
		a->view = V_DETAIL;
		return RD_ALL;
	case 'u': return undo_step(a, -1), RD_ALL; /* a step may add or remove strips */
	case CTRL('r'): return undo_step(a, +1), RD_ALL;
	case CTRL('s'): app_save(a, a->path); return RD_HEADER | RD_STATUS;
	case 'b': case ':': {
		a->prompt = b->arg == 'b' ? PR_BOUNCE : PR_COMMAND;
		a->line[0] = 0;
		if (b->arg == 'b')
			bounce_job_offer(a, a->line, sizeof a->line);
		a->len = a->cur = (int)strlen(a->line);
		return RD_STATUS;
	}
	case '?': a->view = a->view == V_HELP ? V_MIXER : V_HELP; a->help_first = 0; return RD_ALL;
	case 'q':
		if (a->view != V_MIXER) {
			a->view = V_MIXER;
			return RD_ALL;
		}
		if (app_dirty(a)) {
			a->prompt = PR_QUIT;
			return RD_STATUS;
		}
		a->quit = true;
		return RD_NONE;
	case CTRL('l'): clearok(curscr, TRUE); return RD_ALL;
	/* detail panel */
	case 'D': return detail_key(a, key);
	}
	return RD_NONE;
}

/* Keys bound to a `:` command line (arg: its index), written as a person
 * types it after `:`. */
static const char *const key_cmds[] = {"move left", "move right"};

static int k_cmd(struct app *a, int key)
{
	return command_run(a, key_cmds[find(a, key)->arg]);
}

static int k_help_scroll(struct app *a, int key)
{
	a->help_first += key == 'j' || key == KEY_DOWN ? 1 : key == KEY_NPAGE ? 10 : key == KEY_PPAGE ? -10 : -1;
	if (a->help_first < 0)
		a->help_first = 0;
	return RD_CONSOLE;
}

static int k_leave(struct app *a, int key)
{
	a->view = V_MIXER;
	return RD_ALL;
}

static const struct binding keymap[] = {
	/* mixer */
	{KEY_LEFT, "←  h", VM, NULL, "select the strip to the left", act, 'h'},
	{'h', NULL, VM, NULL, NULL, act, 'h'},
	{KEY_RIGHT, "→  l", VM, "←→\th/l\tselect", "select the strip to the right", act, 'l'},
	{'l', NULL, VM, NULL, NULL, act, 'l'},
	{KEY_UP, "↑  k", VM, NULL, "fader +0.5 dB", act, 'k'},
	{'k', NULL, VM, NULL, NULL, act, 'k'},
	{KEY_DOWN, "↓  j", VM, "↑↓\tk/j\tfader", "fader -0.5 dB", act, 'j'},
	{'j', NULL, VM, NULL, NULL, act, 'j'},
	{KEY_PPAGE, "PgUp K", VM, NULL, "fader +3 dB", act, 'K'},
	{'K', NULL, VM, NULL, NULL, act, 'K'},
	{KEY_NPAGE, "PgDn J", VM, NULL, "fader -3 dB", act, 'J'},
	{'J', NULL, VM, NULL, NULL, act, 'J'},
	{'0', "0", VM, NULL, "fader to 0 dB", act, '0'},
	{'<', "<  >", VM, "<>\t<>\tpan", "pan 5 left / right", act, '<'},
	{'>', NULL, VM, NULL, NULL, act, '>'},
	{'m', "m", VM, "m\tm\tmute", "mute the selected strip", act, 'm'},
	{'s', "s", VM, "s\ts\tsolo", "solo the selected strip", act, 's'},
	{'S', "S", VALL, NULL, "clear every solo", act, 'S'},
	{'c', "c", VALL, NULL, "reset clip marks, peak holds and the loudness meter (I, LRA, TP max)", act, 'c'},
	{'g', "g", VM, NULL, "gain staging: set the trim so the stem peaks at -10 dBFS (analyses first)", act, 'g'},
	{'(', "(  )", VM, NULL, "move the strip one place left / right (:move left, :move right)", k_cmd, 0},
	{')', NULL, VM, NULL, NULL, k_cmd, 1},
	{'\n', "Enter e", VM, "e\te\tdetail", "detail panel of the selected strip", act, 'e'},
	{'\r', NULL, VM, NULL, NULL, act, 'e'},
	{KEY_ENTER, NULL, VM, NULL, NULL, act, 'e'},
	{'e', NULL, VM, NULL, NULL, act, 'e'},
	/* detail panel */
	{'k', "↑  k", VD, NULL, "previous parameter", act, 'D'},
	{KEY_UP, NULL, VD, NULL, NULL, act, 'D'},
	{'j', "↓  j", VD, "↑↓\tk/j\tmove", "next parameter", act, 'D'},
	{KEY_DOWN, NULL, VD, NULL, NULL, act, 'D'},
	{'h', "←  h", VD, NULL, "decrease the value", act, 'D'},
	{KEY_LEFT, NULL, VD, NULL, NULL, act, 'D'},
	{'l', "→  l", VD, "←→\th/l\tchange", "increase the value", act, 'D'},
	{KEY_RIGHT, NULL, VD, NULL, NULL, act, 'D'},
	{'H', "H  L", VD, NULL, "decrease / increase in coarse steps", act, 'D'},
	{'L', NULL, VD, NULL, NULL, act, 'D'},
	{'<', "<  >", VD, NULL, "EQ band frequency down / up a twelfth of an octave", act, 'D'},
	{'>', NULL, VD, NULL, NULL, act, 'D'},
	{'=', "=", VD, "=\t=\ttype", "type a value with units (\"-3 dB\", \"2.5k\", \"bell 3k -2 q 1\")", act, 'D'},
	{'x', "x", VD, "x\tx\ton/off", "switch the section on or off (the value is kept); pre/post for sends", act, 'D'},
	{27, "Esc", VD, "Esc\tEsc\tback", "back to the console", k_leave, 0},
	{KEY_PPAGE, "PgUp PgDn Home End", VD, NULL, "a page up / down the list; its first / last row", act, 'D'},
	{KEY_NPAGE, NULL, VD, NULL, NULL, act, 'D'},
	{KEY_HOME, NULL, VD, NULL, NULL, act, 'D'},
	{KEY_END, NULL, VD, NULL, NULL, act, 'D'},
	{'/', "/", VD, "/\t/\tfind", "show only parameters whose name holds the text (Esc clears)", act, 'D'},
	/* help */
	{'j', "j k PgUp PgDn", VH, "↑↓\tk/j\tscroll", "scroll this help", k_help_scroll, 0},
	{'k', NULL, VH, NULL, NULL, k_help_scroll, 0},
	{KEY_DOWN, NULL, VH, NULL, NULL, k_help_scroll, 0},
	{KEY_UP, NULL, VH, NULL, NULL, k_help_scroll, 0},
	{KEY_NPAGE, NULL, VH, NULL, NULL, k_help_scroll, 0},
	{KEY_PPAGE, NULL, VH, NULL, NULL, k_help_scroll, 0},
	{27, "Esc ?", VH, "Esc\tEsc\tback", "close the help", k_leave, 0},
	/* everywhere */
	{' ', "Space", VALL, "␣\tSpc\tplay", "play / pause", act, ' '},
	{KEY_HOME, "Home", VM | VT, NULL, "back to the start", act, KEY_HOME},
	{'[', "[  ]", VALL, NULL, "seek back / forward 5 s", act, '['},
	{']', NULL, VALL, NULL, NULL, act, ']'},
	{'{', "{  }", VALL, NULL, "previous / next marker", act, '{'},
	{'}', NULL, VALL, NULL, NULL, act, '}'},
	{'L', "L", VM, NULL, "loop on / off (the project's loop region)", act, 'L'},
	{'r', "r", VALL, "r\tr\tA/B", "reference A/B: hear the reference, loudness-matched, and back", act, 'r'},
	{'R', "R", VALL, NULL, "next reference", act, 'R'},
	{'t', "t", VM | VT, NULL, "tonal balance: 1/3-octave spectrum of the mix against the reference", act, 't'},
	{27, "Esc", VT, NULL, "back to the console", k_leave, 0},
	{'u', "u", VALL, "u\tu\tundo", "undo", act, 'u'},
	{CTRL('r'), "^R", VALL, NULL, "redo", act, CTRL('r')},
	{CTRL('s'), "^S", VALL, "^S\t^S\tsave", "save the project (in place, comments kept)", act, CTRL('s')},
	{'b', "b", VALL, NULL, "bounce the mix to a WAV file", act, 'b'},
	{':', ":", VALL, ":\t:\tcmd", "command line (Tab completes; :help CMD shows its syntax and an example)", act, ':'},
	{'?', "?", VM | VD | VH | VT, "?\t?\thelp", "this help", act, '?'},
	{'q', "q", VM | VD | VH | VT, "q\tq\tquit", "quit (asks when there are unsaved changes); closes a panel", act, 'q'},
	{CTRL('c'), NULL, VM | VD | VH | VT, NULL, NULL, act, 'q'},
	{CTRL('l'), "^L", VM | VD | VH | VT, NULL, "redraw the screen", act, CTRL('l')},
};

static unsigned view_bit(const struct app *a)
{
	return a->view == V_MIXER ? VM : a->view == V_DETAIL ? VD : a->view == V_TONAL ? VT : VH;
}

static const struct binding *find(const struct app *a, int key)
{
	for (size_t i = 0; i < ARRAY_LEN(keymap); i++)
		if (keymap[i].key == key && (keymap[i].views & view_bit(a)))
			return &keymap[i];
	return NULL;
}

int keymap_dispatch(struct app *a, int key)
{
	const struct binding *b;
	if (a->view == V_DETAIL && detail_captures(a, key))
		return detail_key(a, key);
	b = find(a, key);
	return b ? b->fn(a, key) : RD_NONE;
}

void keymap_hint(struct app *a, int y)
{
	int x = 0;
	widget_text(y, 0, COLS, theme_attr(R_HINT), "");
	for (size_t i = 0; i < ARRAY_LEN(keymap); i++) {
		const struct binding *b = &keymap[i];
		char key[32], label[32];
		const char *t1, *t2;
		int kw, hw;
		if (!b->hint || !(b->views & view_bit(a)))
			continue;
		t1 = strchr(b->hint, '\t');
		t2 = strchr(t1 + 1, '\t');
		if (a->utf8)
			snprintf(key, sizeof key, "%.*s", (int)(t1 - b->hint), b->hint);
		else
			snprintf(key, sizeof key, "%.*s", (int)(t2 - t1 - 1), t1 + 1);
		snprintf(label, sizeof label, "%s", t2 + 1);
		kw = widget_utf8_cols(key, 99, NULL);
		hw = (int)strlen(label);
		if (x + kw + hw + 2 > COLS)
			break;
		widget_text(y, x, kw, theme_attr(R_HINT_KEY), key);
		widget_text(y, x + kw, hw + 2, theme_attr(R_HINT), "");
		mvaddstr(y, x + kw + 1, label);
		x += kw + hw + 2;
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

/* Writes help rows from `first` on; returns the number of help rows. */
int keymap_help_lines(const struct app *a, int first, int y0, int rows)
{
	static const struct { unsigned v; const char *title; } groups[] = {
		{VM, "Console"}, {VD, "Detail panel"}, {VALL, "Everywhere"}, {VM | VT, "Console and tonal balance"},
		{VT, "Tonal balance"}, {VH, "Help"},
	};
	int n = 0;
	for (size_t g = 0; g < ARRAY_LEN(groups); g++) {
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < ARRAY_LEN(keymap); i++) {
				const struct binding *b = &keymap[i];
				char row[256];
				int y = y0 + n - first;
				if (pass == 0 && i > 0)
					break;
				if (pass == 1 && (!b->help || b->views != groups[g].v))
					continue;
				if (pass == 0)
					snprintf(row, sizeof row, "%s", groups[g].title);
				else {
					const char *nm = a->utf8 ? b->name : ascii_name(b->name);
					int pad = 15 - widget_utf8_cols(nm, 40, NULL); /* columns, not bytes */
					snprintf(row, sizeof row, "  %s%*s%s", nm, pad > 1 ? pad : 1, "", b->help);
				}
				if (y >= y0 && y < y0 + rows)
					widget_text(y, 0, COLS, pass ? A_NORMAL : theme_attr(R_TITLE) | A_BOLD, row);
				n++;
			}
	}
	return n;
}

/* :help KEY for a key: "g", "L", "Space", "^S", "PgUp" as the `?` screen
 * names them; every view the key works in, with its help from the table
 * above. False when no binding has that name. */
bool keymap_key_help(const char *name, char *out, size_t n)
{
	size_t len = 0;
	out[0] = 0;
	/* the console's meaning first, then the panels' */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ARRAY_LEN(keymap); i++) {
			const struct binding *b = &keymap[i];
			bool panel = b->views == VD || b->views == VH, hit = false;
			char names[64], *save = NULL;
			if (!b->name || !b->help || panel != (pass == 1))
				continue;
			snprintf(names, sizeof names, "%s", b->name);
			for (char *t = strtok_r(names, " ", &save); t && !hit; t = strtok_r(NULL, " ", &save))
				hit = !strcmp(t, name) || (strlen(name) > 1 && !strcasecmp(t, name));
			if (!hit || len >= n)
				continue;
			len += (size_t)snprintf(out + len, n - len, "%s%s%s", len ? "; " : "",
						!panel ? "" : b->views == VD ? "in the detail panel: " : "in the help: ", b->help);
		}
	return out[0] != 0;
}
