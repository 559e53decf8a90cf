/* analyze.h — an offline render of the project (the bounce path, no file)
 * that measures every strip and the mix: what `tmix analyze` prints and
 * what gain staging in the mixer (`g`, `:gainstage`) sets trims from.
 * Runs on any thread but the audio callback; takes seconds. */
#ifndef TMIX_ANALYZE_H
#define TMIX_ANALYZE_H
#include "project.h"
#include "stem_scan.h"
#include "stereo.h"
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define STAGING_TARGET_DB (-10.0)   /* where gain staging puts a stem's peak */
#define STAGING_LOW_DB (-12.0)      /* peaks outside -12..-6 dBFS get flagged */
#define STAGING_HIGH_DB (-6.0)

struct strip_stats {
	bool silent;            /* nothing above -120 dBFS: figures are -inf */
	double in_peak_db;      /* the strip's input before trim (the stem itself for tracks) */
	double peak_db, true_peak_db, rms_db, lufs, crest_db; /* post-fader output */
	unsigned long clips;
	double suggested_trim_db; /* the trim that puts in_peak at STAGING_TARGET_DB (not a change) */
	struct stem_scan stem;  /* tracks: the stem file as recorded (clips, DC, rumble) */
	/* post-fader correlation, mono fold and width (stereo.h); a track
	 * whose stem is mono has correlation +1 by definition: its two sides
	 * are one signal, whatever its pan */
	struct stereo_stats stereo;
	bool mono;              /* a track with a mono stem */
};

struct analysis {
	int nstrips;            /* console order, the master last */
	struct strip_stats *strips;
	double lufs, lra, true_peak_db, peak_db, target_lufs;
	double pre_limiter_peak_db; /* the master before its limiter: clipping shows here */
	double seconds;
};

/* Gain staging of a strip whose trim is now `trim` (what the mixer's
 * flags and `tmix analyze` both say): -1 when its input after trim
 * peaks under STAGING_LOW_DB, +1 over STAGING_HIGH_DB, 0 in range or
 * silent. analyze_trim_change: what to add to that trim to bring it to
 * STAGING_TARGET_DB (within the trim's range), NAN when it is in range
 * already or the trim cannot move further. */
int analyze_staging(const struct strip_stats *s, double trim);
double analyze_trim_change(const struct strip_stats *s, double trim);

int analyze_render(const struct project *p, struct analysis *a, atomic_bool *cancel, char *err, size_t errlen);
/* The same with each strip's stereo figures measured too (`tmix analyze`):
 * they take about as long again, so gain staging, which reads none of
 * them, does without (its stereo figures read NAN, "not measured"). */
int analyze_render_stereo(const struct project *p, struct analysis *a, atomic_bool *cancel, char *err,
			  size_t errlen);
void analysis_free(struct analysis *a);
#endif
