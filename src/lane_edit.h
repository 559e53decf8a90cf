/* lane_edit.h — automation lanes changed as a whole: a recorded pass
 * merged into a lane, and thinning. Pure functions on the model's
 * struct auto_lane (project.h); the UI thread calls the merge, and the
 * audio thread may call lane_quant and lane_ms_time (no allocation). */
#ifndef TMIX_LANE_EDIT_H
#define TMIX_LANE_EDIT_H
#include "project.h"

/* Recorded points lie on this grid (ms): at most 1000/LANE_GRID_MS a second. */
#define LANE_GRID_MS 50
/* A time in whole milliseconds as the file's reader makes it from M:SS.sss. */
double lane_ms_time(long long ms);
/* A value as the file writes it back (lane id P_AUTO_*): dB and % to
 * 0.001, pan to 0.1, mute to 0 or 1; -inf stays. */
double lane_quant(enum param_id lane, double v);

/* What one pass recorded of one lane: points in time order; release[i]
 * when the lane took over again after point i (touch glided back). */
struct lane_take {
	int n, cap;
	struct auto_point *pt;
	bool *release;
};
void lane_take_add(struct lane_take *k, double t, double v);
void lane_take_release(struct lane_take *k, double t);
void lane_take_free(struct lane_take *k);

/* The lane after a pass that ended at t_end: the old lane where nothing
 * was recorded, the take where it was; a take still held at the end (latch,
 * write, a touch not yet let go) holds to the end and returns to the old
 * lane (or stat, the static value, when there was none) over one grid
 * step. Then thinned (lane_thin). out is replaced. */
void lane_merge_take(struct auto_lane *out, const struct auto_lane *old, double stat, enum param_id lane,
		     const struct lane_take *k, double t_end);
/* Thins a lane: points that change nothing go, then, while any second
 * holds more than per_s points, the point whose removal moves the lane
 * least, as long as it stays within tol of the lane as it was at every
 * original point. Switch lanes (mute) only lose repeats. */
void lane_thin(struct auto_lane *l, double per_s, double tol, bool step);
/* The tolerance of thinning for a lane: 0.25 dB, 1 pan or width unit. */
double lane_thin_tol(enum param_id lane);
#endif
