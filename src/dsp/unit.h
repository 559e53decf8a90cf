/* unit.h — the one interface every processor in a strip goes through:
 * the built-in units (gate, EQ, compressor, de-esser, saturation ...) and
 * LV2 plugins hosted through lilv alike.
 *
 * A unit is a descriptor (its name, a table of parameters, its outputs
 * such as gain reduction, and how to make, run and free an instance).
 * The model, the loader, validation, save, `:set`, Tab completion, the
 * detail panel, automation lanes and the engine read the parameter table
 * generically; a key resolves to (strip, unit, parameter index).
 *
 * Threads: create and destroy run off the audio thread (they may
 * allocate, and an LV2 plugin may do anything). reset, set, process and
 * output run on the audio thread (or a bounce worker) and must not
 * allocate, lock, print or do I/O; set is called between process calls,
 * with a value already clamped to the parameter's range.
 *
 * A built-in unit is its own file, its test and its own .mk (src/dsp/
 * deesser.mk is the example), registered by one `include` line in
 * src/dsp/units.mk; the build makes the registry's list from it. */
#ifndef TMIX_UNIT_H
#define TMIX_UNIT_H
#include <stdbool.h>
#include <stddef.h>

/* How a parameter moves: a continuous knob, a stepped (whole-number)
 * value, one of a list of labelled choices (stored as 0..n-1), or an
 * on/off switch (0 or 1). */
enum unit_pkind { UPK_CONTINUOUS, UPK_STEPPED, UPK_ENUM, UPK_TOGGLE };

struct unit_param {
	const char *sym;   /* key as written after "insert.N.": "threshold" */
	const char *unit;  /* shown after the value: "dB", "Hz", "ms", "%", "" */
	enum unit_pkind kind;
	double min, max, def;
	double step, coarse; /* detail-panel steps (h/l and H/L); for log: grid points, twelfths of an octave */
	bool log;            /* steps on a logarithmic grid (frequencies, Q) */
	const char *const *labels; /* UPK_ENUM: labels[0 .. max], NULL-terminated */
	const char *help;
};

/* What a unit reports back for meters. A strip sums its units' outputs
 * by kind: gain reduction shows on its compression meter, a gate's
 * attenuation on its gate meter (a closed gate's -40 dB is not
 * compression), and the non-finite blocks silenced into its count. */
enum unit_okind {
	UOK_GAIN_REDUCTION /* dB, <= 0 */, UOK_LEVEL /* dBFS */,
	UOK_GATE_REDUCTION /* dB, <= 0 */, UOK_NAN_RESETS /* a count since create */
};

struct unit_output {
	const char *sym;
	enum unit_okind kind;
};

struct unit_desc {
	const char *name;  /* as written: "insert.1 = deesser" */
	const char *help;  /* one line for `:insert add` completion and help */
	int nparams;
	const struct unit_param *params;
	int noutputs;
	const struct unit_output *outputs;
	/* Parameters that only a strip's own keys set, numbered after the
	 * table above (set(u, nparams + i, v)): a detector filter's "off",
	 * the unit switched out with a fade. An insert slot never shows them;
	 * a unit made by create has them at their defaults. */
	int nhost;
	const struct unit_param *host_params;
	/* A new instance at this rate for blocks of at most max_block frames
	 * and nch (1 or 2) channels, parameters at their defaults; NULL with
	 * a reason in err on failure. */
	void *(*create)(const struct unit_desc *d, double rate, int max_block, int nch,
			char *err, size_t errlen);
	void (*destroy)(void *u);
	/* Forget the signal's history (after a seek or a NaN). */
	void (*reset)(void *u);
	void (*set)(void *u, int param, double value);
	/* In place on nch planar channels; key is the sidechain signal or
	 * NULL where the unit detects on its own input. A key is two channel
	 * pointers whatever nch is: key[1] is NULL when the key is mono. */
	void (*process)(void *u, float *const ch[], int nch, int n, const float *const key[]);
	/* The latest value of output idx since the last call (meters). */
	double (*output)(void *u, int idx);
	/* Frames of delay the unit adds (0 for most); may be NULL. Asked off
	 * the audio thread after create and after a parameter change. Once
	 * asked so, the graph also reads it on the audio thread after each
	 * block, to notice a parameter that moved it: from then on it must
	 * be a plain read (no allocation, lock or I/O). */
	int (*latency)(void *u);
	/* State beyond the parameters (an LV2 plugin's state extension);
	 * all three NULL for a unit whose parameters are all there is. Off
	 * the audio thread; 0, or -1 with the reason in err.
	 * state_save: writes into the new folder dir the state of a fresh
	 * instance at rate with the parameters v, restored first from the
	 * folder from (a state saved before, or NULL).
	 * state_check: whether folder dir holds a state this unit restores.
	 * state_restore: into instance u, after create, before it runs. */
	int (*state_save)(const struct unit_desc *d, const double *v, double rate, const char *from,
			  const char *dir, char *err, size_t errlen);
	int (*state_check)(const struct unit_desc *d, const char *dir, char *err, size_t errlen);
	int (*state_restore)(void *u, const char *dir, char *err, size_t errlen);
};

/* The registered built-in units, in the order `:insert add` lists them. */
extern const struct unit_desc *const unit_registry[];
extern const int unit_registry_count;

/* A built-in unit by name (case-insensitive), or NULL. */
const struct unit_desc *unit_find(const char *name);
/* What an `insert.N = SPEC` value names: a built-in unit by name, or
 * "lv2 URI" for an LV2 plugin (src/lv2/ answers those). NULL with the
 * reason in err (an unknown name lists the built-in ones). Off the audio
 * thread. */
const struct unit_desc *unit_resolve(const char *spec, char *err, size_t errlen);
/* A parameter index by symbol (case-insensitive), or -1. */
int unit_param_find(const struct unit_desc *d, const char *sym);
/* The same over the table and then the host parameters (indices from
 * nparams on), or -1. */
int unit_param_find_host(const struct unit_desc *d, const char *sym);
/* A parameter of either table by index (NULL out of range). */
const struct unit_param *unit_param_at(const struct unit_desc *d, int idx);
/* The first output of that kind, or -1. */
int unit_output_find(const struct unit_desc *d, enum unit_okind kind);
#endif
