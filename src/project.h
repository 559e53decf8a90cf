/* project.h — the model: plain data describing one mix, as read from a
 * project file (format 1, FORMAT.md / tmix-project(5)). Owned by the UI
 * thread (or the command-line verb) that loaded it. The render graph is
 * built from it and never reads it again, so the model needs no locks.
 *
 * Strips live in one array in console order: every track in file order,
 * then every bus in file order, then the master (always present). Bus
 * references (output, sends) are indices into that array. */
#ifndef TMIX_PROJECT_H
#define TMIX_PROJECT_H
#include "params.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum strip_kind { SK_TRACK, SK_BUS, SK_MASTER, SK_PROJECT };
enum fx_kind { FX_NONE, FX_REVERB, FX_DELAY };
enum eq_type { EQT_OFF, EQT_BELL, EQT_LOWSHELF, EQT_HIGHSHELF, EQT_NOTCH };

#define EQ_BANDS 8
#define MASTER_OUT (-1)

struct eq_band {
	enum eq_type type;
	double freq, gain, q;
};

struct auto_point {
	double t, v;
};

/* A breakpoint lane: linear between points, held after the last, the
 * first value held before the first point (lane_value); a mute lane
 * (lane_step) says "no" before its first point, so the static mute
 * rules there. Gains are in dB, pan -100..100, width in %. */
struct auto_lane {
	int n;
	struct auto_point *pt;
	bool units; /* the file wrote the values with their unit (-6 dB, 50 %): saving keeps it */
};

struct send {
	char *bus_name;
	int bus; /* strip index of the effect bus */
	double level; /* dB, may be -inf */
	bool pre;
	struct auto_lane lane;
};

/* An insert slot (insert.N): a unit run after the compressor, before
 * the fader; v holds one value per parameter of the unit's table. */
#define STRIP_MAX_INSERTS 16
struct unit_desc;
struct insert {
	const struct unit_desc *unit;
	char *spec;       /* the value as written: "utility", "lv2 URI" */
	double *v;
	bool bypass;
	/* one per parameter: its auto.insert.N.PARAM lane (n 0: none),
	 * NULL where the unit has no parameters */
	struct auto_lane *lane;
	char *state;      /* insert.N.state: its state folder as written (relative
			   * to the project's folder), NULL: none saved yet */
};

struct strip {
	enum strip_kind kind;
	enum fx_kind fx;
	char *name;
	char *file;       /* as written (tracks) */
	char *path;       /* resolved against the project folder */
	int colour;       /* 0-255, or -1 for "by name" */
	char *output_name;
	int output;       /* strip index of a group bus, or MASTER_OUT */
	/* sidechain keys ([0] gate.key, [1] comp.key): the name as written
	 * (NULL: none) and, once project_resolve bound it, the strip index
	 * (-1: none) */
	char *key_name[2];
	int key[2];
	double v[P_COUNT];
	enum param_mode mode[P_COUNT];
	struct eq_band eq[EQ_BANDS];
	int nsends;
	struct send *sends;
	struct auto_lane lane_gain, lane_pan, lane_mute, lane_width;
	int ninserts;
	struct insert *inserts;
	int section;      /* index of its section in the file, -1 if none yet */
	/* what the stem is, filled by project_probe() */
	int channels, stem_rate;
	int64_t stem_frames;
	char *stem_format;
};

struct marker {
	char *name;
	double t;
};

struct reference {
	char *name, *file, *path;
	double start;
	int section;
	int channels, stem_rate;
	int64_t stem_frames;
};

/* One line of the file as read, kept so that saving rewrites only the
 * values that changed and leaves every comment, blank and spelling. */
struct src_line {
	char *text;      /* without the line ending */
	const char *eol; /* "\n", "\r\n" or "" (last line without one) */
};

struct src_key {
	char *key;
	int line;
};

struct src_section {
	char *header;    /* e.g. "track \"Kick\"", as written between [] */
	int line, last;  /* header line and last key line (0-based) */
	int nkeys;
	struct src_key *keys;
};

struct project {
	char *path, *dir;   /* the file and its folder */
	struct strip proj;  /* [project] settings: name, rate, tempo, panlaw, loop */
	double loop_end;
	int nstrips, ntracks, nbuses;
	struct strip **strips;
	int nmarkers;
	struct marker *markers;
	int nrefs;
	struct reference *refs;
	int nunknown;       /* unknown keys seen (kept on save) */
	/* the text, for saving in place */
	int nlines;
	struct src_line *lines;
	int nsections;
	struct src_section *sections;
	bool bom;
	struct project *baseline; /* the model as last loaded or saved */
};

/* Messages about a project: errors stop a load, warnings do not. */
enum diag_level { DIAG_WARNING, DIAG_ERROR };
struct diag {
	enum diag_level level;
	int line; /* 1-based, 0 when no line applies */
	char *msg;
};
struct diags {
	int n, nerrors;
	struct diag *d;
};
void diags_add(struct diags *ds, enum diag_level lvl, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diags_print(const struct diags *ds, const char *file, FILE *out);
void diags_free(struct diags *ds);

/* project.c: the model */
struct project *project_new(void);
void project_free(struct project *p);
struct project *project_clone(const struct project *p); /* text not copied */
struct strip *strip_new(enum strip_kind kind, const char *name);
void strip_defaults(struct strip *s);
struct strip *project_master(const struct project *p);
int project_find_strip(const struct project *p, const char *name); /* -1 if none */
/* The mixer's files beside a project file NAME (and NAME.bak, which
 * every save keeps: atomic.h): */
#define PROJECT_AUTOSAVE_SUFFIX ".autosave" /* unsaved edits, for recovery */
#define PROJECT_LOCK_SUFFIX ".lock"         /* the session editing it */
/* Moves the marker of that name (case ignored) to t, or adds one; its index. */
int project_set_marker(struct project *p, const char *name, double t);
/* False, with the reason in why, when name cannot be written as a marker
 * and read back as the same one. */
bool project_marker_name_ok(const char *name, char *why, size_t n);
double project_rate(const struct project *p);
double project_length(const struct project *p); /* seconds, end of the last stem */
double strip_delay_ms(const struct project *p, const struct strip *s);
int strip_colour(const struct strip *s); /* the colour to show, 0-255 */
const char *colour_name(int c);          /* NULL when not a named colour */
double lane_value(const struct auto_lane *l, double t);
/* Switch-like lanes (mute): the value of the last point at or before t;
 * 0 before the first point. */
double lane_step(const struct auto_lane *l, double t);
void lane_free(struct auto_lane *l);
void lane_copy(struct auto_lane *dst, const struct auto_lane *src);
/* The strip's lane of a lane key (P_AUTO_GAIN/PAN/MUTE/WIDTH, or
 * P_AUTO_SEND with send index), NULL when there is none. */
struct auto_lane *strip_lane(struct strip *s, enum param_id id, int send);
/* The strip's automation mode (enum auto_mode) and whether it plays its
 * lanes (every mode but off) and has any. */
int strip_auto_mode(const struct strip *s);
bool strip_has_lanes(const struct strip *s);
/* A buffer size that holds any key's text of the strip (strip_get),
 * lanes included. */
size_t strip_text_size(const struct strip *s);

/* Sets a key of a strip from text as a person writes it (the loader, the
 * `:set` command and the detail panel's `=`); 0, or -1 with a message.
 * Bus names in output/send are kept as names; project_resolve() binds them. */
int strip_set(struct project *p, struct strip *s, const char *key, const char *text,
	      char *err, size_t errlen);
/* The canonical text of a key's current value, or NULL when the strip
 * does not have that key set (an absent send or lane). */
char *strip_get(const struct project *p, const struct strip *s, const char *key, char *buf, size_t n);
/* Calls emit for every key the strip has a value for (defaults too), in
 * table order: what saving compares against the baseline. */
void strip_emit(const struct project *p, const struct strip *s,
		void (*emit)(void *ctx, const char *key, const char *value), void *ctx);
unsigned strip_scope(const struct strip *s);

/* strip_insert.c: the insert.N keys (strip_set/strip_get/strip_emit call
 * these for them; suffix is what follows "insert."). */
int insert_key_set(struct strip *s, const char *suffix, const char *text, char *err, size_t errlen);
char *insert_key_get(const struct strip *s, const char *suffix, char *buf, size_t n);
void insert_key_emit(const struct strip *s, void (*emit)(void *ctx, const char *key, const char *value),
		     void *ctx);
/* "1.threshold" -> slot 0 and the parameter's index; INSERT_UNIT for the
 * unit itself ("1"), INSERT_BYPASS for "1.bypass". 0, or -1 when the
 * slot or the parameter does not exist. */
#define INSERT_UNIT (-1)
#define INSERT_BYPASS (-2)
int insert_key_parse(const struct strip *s, const char *suffix, int *slot, int *param);
void insert_copy(struct insert *dst, const struct insert *src);
/* The auto.insert.N.PARAM keys (suffix "N.PARAM"): lanes of an insert's
 * parameters, values read and written through the unit's table (labels
 * and on/off step, the rest glides). insert_lane is NULL when the slot
 * or the parameter does not exist; get gives "" for a lane without
 * points; emit gives every parameter's lane, empty ones too (a lane
 * emptied must reach the save). */
int insert_lane_set(struct strip *s, const char *suffix, const char *text, char *err, size_t errlen);
char *insert_lane_get(const struct strip *s, const char *suffix, char *buf, size_t n);
void insert_lane_emit(const struct strip *s, void (*emit)(void *ctx, const char *key, const char *value),
		      void *ctx);
struct auto_lane *insert_lane(const struct strip *s, int slot, int param);
bool insert_has_lanes(const struct strip *s);
void insert_release(struct insert *in);
/* The detail panel's step of one field of an EQ band (EQF_FREQ, EQF_GAIN,
 * EQF_Q from dsp/eq.h): frequency on the twelfth-octave grid (a third
 * when coarse), gain by 0.5 dB (3 dB), Q on the quarter-octave grid (an
 * octave); always inside eq_ranges[], so the result loads. */
void eq_band_step(struct eq_band *b, int field, int dir, bool coarse);
/* A band as the file writes it: "bell 1 kHz +3 dB q 1.41", "off". */
char *eq_band_format(const struct eq_band *b, char *buf, size_t n);

/* project_load.c */
struct project *project_load(const char *path, struct diags *ds);
/* The same from text already in memory (what project_load does after
 * reading the file; the fuzzers call it directly). path names the file
 * for messages and is where relative stem paths are resolved from. */
struct project *project_load_text(const char *path, const char *buf, size_t len, struct diags *ds);
/* Binds bus names, checks routing; errors are added to ds. */
void project_resolve(struct project *p, struct diags *ds);
/* Whether keying strip `strip`'s gate (which 0) or compressor (1) by
 * strip `key` (-1: none) closes a circle of keys and routing, with every
 * other key and route as bound now: the circle as "A -> B -> A" in msg
 * and true, or false. */
bool project_key_circle(const struct project *p, int strip, int which, int key, char *msg, size_t n);
/* Opens every stem with libsndfile to learn its channels, rate and
 * length; a missing, unreadable or >2-channel stem is an error. */
void project_probe(struct project *p, struct diags *ds);

/* project_save.c: writes the model into the file it came from, changing
 * only the values that differ from the baseline; atomic, keeps NAME.bak.
 * Returns 0, or -1 with errno set and a message in err. */
int project_save(struct project *p, const char *path, char *err, size_t errlen);
/* The text the save would write, without writing (tests, autosave). */
char *project_render_text(struct project *p, size_t *len);
#endif
