/* theme.c — colours as semantic roles (htop's CRT_colorSchemes habit):
 * every drawing call asks for a role, and one table per terminal class
 * says what that role looks like. Three schemes: 256 colours, 8 colours
 * and monochrome (TERM without colours, or NO_COLOR set), each readable
 * on its own — monochrome leans on bold, reverse and underline. */
#include "tui.h"
#include <stdlib.h>

enum scheme { SCH_256, SCH_8, SCH_MONO };

struct look {
	short fg, bg; /* -1: the terminal's default */
	attr_t attr;
};

/* Indexed [scheme][role]. Mono ignores fg/bg. */
static const struct look schemes[3][R_COUNT] = {
	[SCH_256] = {
		[R_NORMAL] = {-1, -1, 0},
		[R_HEADER] = {252, 236, 0},
		[R_TITLE] = {231, 236, A_BOLD},
		[R_PLAYING] = {46, 236, A_BOLD},
		[R_DIRTY] = {214, 236, A_BOLD},
		[R_DIM] = {244, -1, 0},
		[R_SEL] = {16, 250, A_BOLD},
		[R_FADER] = {110, -1, 0},
		[R_FADER_SEL] = {153, -1, A_BOLD},
		[R_METER_LO] = {40, -1, 0},
		[R_METER_MID] = {220, -1, 0},
		[R_METER_HI] = {202, -1, 0},
		[R_PEAK] = {28, -1, 0},
		[R_HOLD] = {231, -1, A_BOLD},
		[R_CLIP] = {231, 160, A_BOLD},
		[R_MUTE] = {16, 208, A_BOLD},
		[R_SOLO] = {16, 226, A_BOLD},
		[R_GR] = {213, -1, 0},
		[R_STATUS] = {252, -1, 0},
		[R_ERROR] = {231, 124, A_BOLD},
		[R_HINT] = {248, 235, 0},
		[R_HINT_KEY] = {231, 235, A_BOLD},
		[R_CURVE] = {81, -1, A_BOLD},
		[R_GRID] = {239, -1, 0},
		[R_PROMPT] = {231, 24, A_BOLD},
		[R_OFF] = {242, -1, 0},
		[R_NOTICE] = {231, 124, A_BOLD},
	},
	[SCH_8] = {
		[R_NORMAL] = {-1, -1, 0},
		[R_HEADER] = {COLOR_WHITE, COLOR_BLUE, 0},
		[R_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD},
		[R_PLAYING] = {COLOR_GREEN, COLOR_BLUE, A_BOLD},
		[R_DIRTY] = {COLOR_YELLOW, COLOR_BLUE, A_BOLD},
		[R_DIM] = {COLOR_WHITE, -1, 0},
		[R_SEL] = {COLOR_BLACK, COLOR_WHITE, 0},
		[R_FADER] = {COLOR_CYAN, -1, 0},
		[R_FADER_SEL] = {COLOR_CYAN, -1, A_BOLD},
		[R_METER_LO] = {COLOR_GREEN, -1, 0},
		[R_METER_MID] = {COLOR_YELLOW, -1, A_BOLD},
		[R_METER_HI] = {COLOR_RED, -1, A_BOLD},
		[R_PEAK] = {COLOR_GREEN, -1, 0},
		[R_HOLD] = {COLOR_WHITE, -1, A_BOLD},
		[R_CLIP] = {COLOR_WHITE, COLOR_RED, A_BOLD},
		[R_MUTE] = {COLOR_BLACK, COLOR_YELLOW, 0},
		[R_SOLO] = {COLOR_BLACK, COLOR_GREEN, 0},
		[R_GR] = {COLOR_MAGENTA, -1, A_BOLD},
		[R_STATUS] = {-1, -1, 0},
		[R_ERROR] = {COLOR_WHITE, COLOR_RED, A_BOLD},
		[R_HINT] = {COLOR_BLACK, COLOR_CYAN, 0},
		[R_HINT_KEY] = {COLOR_WHITE, COLOR_CYAN, A_BOLD},
		[R_CURVE] = {COLOR_CYAN, -1, A_BOLD},
		[R_GRID] = {COLOR_BLUE, -1, 0},
		[R_PROMPT] = {COLOR_WHITE, COLOR_BLUE, A_BOLD},
		[R_OFF] = {COLOR_WHITE, -1, A_DIM},
		[R_NOTICE] = {COLOR_WHITE, COLOR_RED, A_BOLD},
	},
	[SCH_MONO] = {
		[R_HEADER] = {0, 0, A_REVERSE},
		[R_TITLE] = {0, 0, A_REVERSE | A_BOLD},
		[R_PLAYING] = {0, 0, A_REVERSE | A_BOLD},
		[R_DIRTY] = {0, 0, A_REVERSE | A_BOLD},
		[R_SEL] = {0, 0, A_REVERSE},
		[R_FADER_SEL] = {0, 0, A_BOLD},
		[R_METER_HI] = {0, 0, A_BOLD},
		[R_HOLD] = {0, 0, A_BOLD},
		[R_CLIP] = {0, 0, A_REVERSE | A_BOLD},
		[R_MUTE] = {0, 0, A_REVERSE},
		[R_SOLO] = {0, 0, A_REVERSE | A_BOLD},
		[R_GR] = {0, 0, A_BOLD},
		[R_ERROR] = {0, 0, A_REVERSE | A_BOLD},
		[R_HINT_KEY] = {0, 0, A_BOLD},
		[R_CURVE] = {0, 0, A_BOLD},
		[R_PROMPT] = {0, 0, A_REVERSE},
		[R_OFF] = {0, 0, A_DIM},
		[R_NOTICE] = {0, 0, A_REVERSE | A_BOLD},
	},
};

static enum scheme scheme;
static attr_t role_attr[R_COUNT];
/* Strip-name pairs are made on first use, after the role pairs, and
 * never past what an attr_t carries (COLOR_PAIR holds 8 bits: pair 256
 * would be pair 0 again, and 272 the mute role's orange). The last 8
 * are kept for the basic colours, the fallback when a project uses more
 * colours than there are pairs. */
#define STRIP_PAIR0 (R_COUNT + 1)
static short strip_pair[256];
static int next_pair, last_pair;

/* The nearest of the 8 basic colours to a 256-colour index, so an
 * "orange" (208) strip still shows as something warm on an 8-colour tty. */
static short to8(int c)
{
	static const short cube[6] = {0, 95, 135, 175, 215, 255};
	int r, g, b;
	if (c < 16)
		return (short)(c & 7);
	if (c >= 232)
		return c >= 244 ? COLOR_WHITE : COLOR_BLACK;
	c -= 16;
	r = cube[c / 36], g = cube[(c / 6) % 6], b = cube[c % 6];
	return (short)((r > 127 ? 1 : 0) | (g > 127 ? 2 : 0) | (b > 127 ? 4 : 0));
}

void theme_init(void)
{
	const char *nc = getenv("NO_COLOR");
	scheme = SCH_MONO;
	if (!(nc && *nc) && has_colors()) {
		start_color();
		use_default_colors();
		scheme = COLORS >= 256 && COLOR_PAIRS >= STRIP_PAIR0 + 16 ? SCH_256
			: COLORS >= 8 && COLOR_PAIRS >= STRIP_PAIR0 + 8 ? SCH_8 : SCH_MONO;
	}
	last_pair = (COLOR_PAIRS < 256 ? COLOR_PAIRS : 256) - 1;
	next_pair = STRIP_PAIR0;
	for (int i = 0; i < 256; i++)
		strip_pair[i] = 0;
	for (int r = 0; r < R_COUNT; r++) {
		const struct look *l = &schemes[scheme][r];
		role_attr[r] = l->attr;
		if (scheme != SCH_MONO && (l->fg || l->bg) && !(l->fg == -1 && l->bg == -1)) {
			init_pair((short)(r + 1), l->fg, l->bg);
			role_attr[r] |= COLOR_PAIR(r + 1);
		}
	}
}

attr_t theme_attr(enum role r) { return role_attr[r]; }

/* Dark text on light colours, light on dark, by rough luminance. */
static bool light(int colour)
{
	if (scheme != SCH_256)
		return colour == COLOR_YELLOW || colour == COLOR_WHITE || colour == COLOR_GREEN || colour == COLOR_CYAN;
	if (colour >= 232)
		return colour > 243;
	if (colour < 16)
		return colour == 3 || colour == 7 || colour == 2 || colour == 6 || colour > 8;
	return ((colour - 16) / 36 * 3 + (colour - 16) / 6 % 6 * 5 + (colour - 16) % 6) > 14;
}

/* The pair that shows `colour` (an index in this scheme's palette) as a
 * background, made the first time it is asked for. */
static short pair_for(int colour)
{
	int basic = scheme == SCH_256 ? to8(colour) : colour;
	if (strip_pair[colour])
		return strip_pair[colour];
	/* the last 8 pairs are the basic colours' */
	if (colour >= 8 && next_pair > last_pair - 8)
		return pair_for(basic);
	strip_pair[colour] = (short)(colour < 8 ? last_pair - colour : next_pair++);
	init_pair(strip_pair[colour], light(colour) ? COLOR_BLACK : COLOR_WHITE, (short)colour);
	return strip_pair[colour];
}

/* The selection is marked the same way in every scheme: the name's
 * block (its colour, or reverse video) in bold and underlined. */
attr_t theme_strip(int colour, bool selected)
{
	attr_t sel = selected ? A_BOLD | A_UNDERLINE : 0;
	if (scheme == SCH_MONO)
		return A_REVERSE | sel;
	if (colour < 0 || colour > 255)
		colour = 7;
	return COLOR_PAIR(pair_for(scheme == SCH_256 ? colour : to8(colour))) | sel;
}

/* Off its colour block and dim: reads as "not heard" in monochrome too
 * (a plain name among reverse-video blocks). */
attr_t theme_strip_silenced(bool selected)
{
	return theme_attr(R_DIM) | A_DIM | (selected ? A_BOLD | A_UNDERLINE : 0);
}
