/* timeline.h — inside the timeline screen (`Tab`): its state, hung on
 * struct app as `tl`; the automation lanes a strip has; the one helper
 * that writes a lane as an undoable edit (lane_edit.c); and the drawing
 * (timeline_draw.c). Only tui/timeline_view.c, tui/timeline_draw.c and
 * tui/lane_edit.c include it. */
#ifndef TMIX_TIMELINE_H
#define TMIX_TIMELINE_H
#include "tui.h"
#include "session/overview.h"

struct timeline {
	struct overview *ov;
	const struct project *seen; /* the model the tables below were made for */
	unsigned seen_edits;
	int n;                      /* strips they cover */
	int *stem;                  /* per strip: its stem's overview entry, -1 for none */
	unsigned char *feeds;       /* n x n: feeds[i * n + b], strip i reaches strip b */
	double cur, t0, spc;        /* the cursor, the left edge, seconds a column */
	int lane;                   /* which of the selected strip's lanes (timeline_lane) */
	int first;                  /* the first strip row shown */
	int vsel;                   /* 0: no selection; 1: `v` set its start; 2: made */
	double va, vb;              /* its ends (vb follows the cursor while vsel is 1) */
	int plot_w;                 /* columns of the plot at the last draw */
};

/* lane_edit.c: one automation lane of a strip: gain, pan, mute, then one per send. */
struct lane_ref {
	char key[300];              /* auto.gain, auto.send.Plate */
	char name[300];             /* gain, pan, mute, send Plate */
	enum param_id id;           /* P_AUTO_GAIN, P_AUTO_PAN, P_AUTO_MUTE or P_AUTO_SEND */
	struct auto_lane *l;
	double stat;                /* what is heard without points: the fader, pan, mute, send level */
	double step, lo, hi;        /* ↑ ↓ move a point by step, within lo..hi */
};
int timeline_nlanes(const struct strip *s);
bool timeline_lane(struct strip *s, int i, struct lane_ref *out);
double lane_ref_value(const struct lane_ref *r, double t); /* at t: the lane, or stat */
char *lane_ref_fmt(const struct lane_ref *r, double v, char *buf, size_t n);
double lane_ref_frac(const struct lane_ref *r, double v);  /* 0 (bottom) .. 1 (top) */
int lane_ref_parse(const struct lane_ref *r, const char *text, double *v);

/* lane_edit.c: sets the strip's lane `key` (of kind id) to the points of
 * l as one undoable edit, through edit_set like `:set auto.gain ...`
 * (a lane too long for its step buffers goes in as a whole-text step).
 * coalesce: a run of presses within a second is one undo step. */
int lane_edit_set(struct app *a, int strip, const char *key, enum param_id id, const struct auto_lane *l,
		  bool coalesce);

/* timeline_draw.c */
void timeline_paint(struct app *a, struct timeline *tl);
int timeline_rows_free(void);        /* strip rows below the ruler */
int timeline_lane_rows(void);        /* rows the selected strip takes */
int timeline_name_w(void);
double timeline_snap_step(const struct app *a, const struct timeline *tl); /* ← → */
#endif
