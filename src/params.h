/* params.h — the one table of every key a project file may hold: its
 * section, value type, range, default, edit steps and help text. The
 * loader, validation, saving, the detail panel, the `:set` command line
 * and the help screen are all driven from param_defs[]; adding a key
 * here is the whole job of adding a key.
 *
 * Scalar keys keep their value in struct strip's v[] / mode[] arrays,
 * indexed by enum param_id; structured keys (file, eq.N, send.BUS,
 * auto.*, insert.N) keep theirs in dedicated fields of struct strip (project.h).
 * Pure data and pure functions: any thread but the audio callback. */
#ifndef TMIX_PARAMS_H
#define TMIX_PARAMS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum param_id {
	/* [project] */
	P_NAME, P_RATE, P_TEMPO, P_PANLAW, P_LOOP, P_FORMAT,
	/* every strip */
	P_FILE, P_COLOUR, P_START, P_TRIM, P_GAIN, P_PAN, P_WIDTH, P_INVERT,
	P_MUTE, P_SOLO, P_OUTPUT,
	P_HPF, P_HPF_SLOPE, P_LPF, P_LPF_SLOPE, P_EQ,
	P_GATE_THRESHOLD, P_GATE_RANGE, P_GATE_ATTACK, P_GATE_HOLD, P_GATE_RELEASE,
	P_GATE_KEY, P_GATE_KEY_HPF, P_GATE_KEY_LPF,
	P_COMP_THRESHOLD, P_COMP_RATIO, P_COMP_ATTACK, P_COMP_RELEASE, P_COMP_KNEE,
	P_COMP_MAKEUP,
	P_COMP_KEY, P_COMP_KEY_HPF, P_COMP_KEY_LPF,
	P_INSERT,
	P_SEND, P_AUTO_GAIN, P_AUTO_PAN, P_AUTO_MUTE, P_AUTO_SEND, P_AUTO_WIDTH, P_AUTO_MODE,
	P_AUTO_INSERT, /* auto.insert.N.PARAM: a lane of an insert's parameter */
	/* buses */
	P_FX,
	P_REVERB_SIZE, P_REVERB_DECAY, P_REVERB_DAMPING, P_REVERB_PREDELAY, P_REVERB_WIDTH,
	P_DELAY_TIME, P_DELAY_FEEDBACK, P_DELAY_TONE, P_DELAY_PINGPONG,
	/* [master] */
	P_LIMITER, P_LIMITER_RELEASE, P_TARGET,
	P_COUNT
};

enum param_type {
	PT_DB, PT_HZ, PT_MS, PT_SEC, PT_PCT, PT_PAN, PT_BOOL, PT_RATIO, PT_NUM,
	PT_TIME, PT_SLOPE, PT_PANLAW, PT_DELAYTIME, PT_LUFS, PT_DBTP, PT_AUTOMODE,
	/* structured: not stored in v[] */
	PT_TEXT, PT_PATH, PT_COLOUR, PT_BUSREF, PT_FXKIND, PT_LOOP, PT_EQ, PT_SEND, PT_LANE,
	PT_KEYREF, /* a sidechain key: a track or bus name, or none */
	PT_INSERT,
};

/* Which sections accept a key. */
enum {
	SC_PROJECT = 1, SC_TRACK = 2, SC_GROUP = 4, SC_FXBUS = 8, SC_MASTER = 16, SC_REF = 32,
	SC_BUS = SC_GROUP | SC_FXBUS,
	SC_STRIP = SC_TRACK | SC_BUS | SC_MASTER,
};

enum {
	PF_OFF = 1,     /* accepts "off" (the value is kept for switching back on) */
	PF_INF = 2,     /* a gain that accepts -inf */
	PF_AUTO = 4,    /* accepts "auto" */
	PF_INDEXED = 8, /* key.N or key.NAME: eq.1, send.Plate, auto.send.Plate */
	PF_INT = 16,    /* whole numbers only */
};

/* How a scalar's value is meant: the number in v[], or a word instead. */
enum param_mode { PM_VALUE, PM_OFF, PM_AUTO, PM_NOTE };

/* auto.mode, the value in v[P_AUTO_MODE] (Ardour's names and meanings):
 * off plays no lane (kept in the file), read plays them, touch, latch and
 * write play them and record the strip's keys while the transport runs. */
enum auto_mode { AM_OFF, AM_READ, AM_TOUCH, AM_LATCH, AM_WRITE, AM_COUNT };
extern const char *const auto_mode_names[AM_COUNT];

struct param_def {
	const char *key;      /* as written in the file; indexed keys without suffix */
	enum param_type type;
	unsigned scope, flags;
	double min, max, def; /* range and default, in the unit shown */
	double step, coarse;  /* detail-panel steps (h/l and H/L) */
	enum param_mode def_mode;
	const char *help;
};

extern const struct param_def param_defs[P_COUNT];

/* A strip's own processors; each is a unit (dsp/unit.h: unit_gate,
 * unit_eq, unit_comp; an effect bus's unit_reverb or unit_delay). Its
 * chain runs them in the order effect (before the trim), gate, EQ,
 * compressor, and its inserts follow them (graph_build.c). */
enum strip_unit { SU_GATE, SU_EQ, SU_COMP, SU_REVERB, SU_DELAY, SU_COUNT };

/* How a key's value and mode reach a unit parameter: the value; 1 unless
 * the key is off (the unit's "on"); the value, or 0 when off (a detector
 * filter); 1 when auto; the value, or 0 when auto (comp.makeup). */
enum param_unit_how { PUH_VALUE, PUH_ON, PUH_OFF_ZERO, PUH_AUTO, PUH_AUTO_ZERO };

/* Which unit parameter of which strip processor each of their keys sets,
 * by the unit's own symbol (a key may set two: gate.threshold sets the
 * gate's threshold and whether it is on). graph_apply_strip pushes a
 * strip's v[]/mode[] through this table; test_insert checks that every
 * row names a parameter and that a PUH_VALUE key has the parameter's
 * range, default and steps. */
struct param_unit_map {
	enum param_id id;
	enum strip_unit unit;
	const char *sym;
	enum param_unit_how how;
};
extern const struct param_unit_map param_unit_map[];
extern const int param_unit_map_count;
double param_unit_value(const struct param_unit_map *m, double v, enum param_mode mode);

/* The section label used in messages: "[track \"Kick\"]" style names. */
const char *param_scope_name(unsigned scope);

/* Finds the definition of a key as written ("comp.ratio", "eq.3",
 * "send.Plate", "auto.send.Plate"), case-insensitively. For indexed keys
 * *suffix points into key at the index or bus name. Returns -1 if none. */
int param_lookup(const char *key, const char **suffix);

/* The known key closest to an unknown one (for "did you mean"), or NULL. */
const char *param_suggest(const char *key, unsigned scope);

/* Parses a scalar value of definition id. On failure writes a message
 * saying what is allowed (e.g. "ratio must be between 1 and 100") and
 * returns -1. Structured types are parsed in project.c. */
int param_parse(enum param_id id, const char *text, double *v, enum param_mode *mode,
		char *err, size_t errlen);
char *param_format(enum param_id id, double v, enum param_mode mode, char *buf, size_t n);

/* Steps a scalar by its step (coarse when asked) clamped to its range.
 * Frequencies move on param_grid_hz, note-length delay times (PM_NOTE)
 * must go through param_note_step instead. */
double param_step(enum param_id id, double v, int dir, bool coarse);

/* The musical grids of the detail panel. A grid point is anchor x
 * 2^(n/per_octave) rounded to three significant figures; a step moves
 * `steps` grid points (negative: down) from v, counting the first point
 * strictly beyond v, so a value off the grid lands on it in one step and
 * a step back returns to the same point. Results are not clamped.
 * Frequencies: twelfths of an octave from 1 kHz (a third of an octave is
 * 4 steps); EQ Q: quarters of an octave from 1 (0.707, 1, 1.41, 2 ...). */
double param_grid(double v, double anchor, int per_octave, int steps);
double param_grid_hz(double v, int steps);
double param_grid_q(double v, int steps);
/* Note lengths in beats, in the order a sync menu lists them: 1/32,
 * 1/32., 1/16t, 1/16, 1/16., 1/8t, 1/8, 1/8. ... 1/2. and 1/1. Moves
 * `steps` entries from beats (a length not in the list goes to the
 * nearest entry first); clamped to the ends of the list. */
double param_note_step(double beats, int steps);
static inline bool param_is_scalar(enum param_id id) { return param_defs[id].type < PT_TEXT; }
#endif
