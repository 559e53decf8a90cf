/* timeline.h — inside the timeline screen (`Tab`): its state, hung on
 * struct app as `tl`; the automation lanes a strip has; the one helper
 * (timeline_lanes.c; a changed lane is written by auto_lane_edit,
 * automation.h); and the drawing (timeline_draw.c). Only
 * tui/timeline_view.c, tui/timeline_draw.c and tui/timeline_lanes.c
 * include it. */
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

/* timeline_lanes.c: one automation lane of a strip: gain, pan, mute,
 * width, then one per send, then one per parameter of each insert. */
struct lane_ref {
	char key[300];              /* auto.gain, auto.send.Plate */
	char name[300];             /* gain, pan, mute, send Plate */
	enum param_id id;           /* P_AUTO_GAIN, _PAN, _MUTE, _WIDTH or _SEND */
	struct auto_lane *l;
	double stat;                /* what is heard without points: the fader, pan, mute, width, send level */
	double step, lo, hi;        /* ↑ ↓ move a point by step, within lo..hi */
	const struct unit_param *up; /* an insert's parameter (P_AUTO_INSERT): its table rules */
};
int timeline_nlanes(const struct strip *s);
bool timeline_lane(struct strip *s, int i, struct lane_ref *out);
double lane_ref_value(const struct lane_ref *r, double t); /* at t: the lane, or stat */
char *lane_ref_fmt(const struct lane_ref *r, double v, char *buf, size_t n);
double lane_ref_frac(const struct lane_ref *r, double v);  /* 0 (bottom) .. 1 (top) */
int lane_ref_parse(const struct lane_ref *r, const char *text, double *v);

/* timeline_draw.c */
void timeline_paint(struct app *a, struct timeline *tl);
int timeline_rows_free(void);        /* strip rows below the ruler */
int timeline_lane_rows(void);        /* rows the selected strip takes */
int timeline_name_w(void);
double timeline_snap_step(const struct app *a, const struct timeline *tl); /* ← → */
#endif
