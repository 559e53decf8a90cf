/* automation.h — the console's side of automation (automation.c): modes,
 * the value a lane makes heard at the playhead, and trims (every point of
 * a lane moved by a key's step, one undo step for a run of presses).
 * UI thread only. The timeline view may call auto_heard, auto_trim and
 * auto_lane_edit (one point added, moved or deleted as an undoable edit). */
#ifndef TMIX_TUI_AUTOMATION_H
#define TMIX_TUI_AUTOMATION_H
#include "app_state.h"

/* The lane that plays a key ("gain", "pan", "width", "mute",
 * "send.BUS"), or NULL; auto_plays: it has points and the mode is not off. */
struct auto_lane *auto_lane_of(struct strip *s, const char *key);
bool auto_plays(const struct strip *s, const struct auto_lane *l);
/* What is heard of P_GAIN, P_PAN, P_WIDTH, P_MUTE or P_SEND (send index)
 * at the playhead: the lane's value where one plays, else the static one. */
double auto_heard(const struct app *a, const struct strip *s, enum param_id id, int send);
/* The strip's one-letter mode tag (R T L W, - for off), 0 for none. */
char auto_tag(const struct strip *s);
int auto_set_mode(struct app *a, int strip, int mode);
int auto_cycle(struct app *a);  /* `a`: the selected strip's next mode */
int auto_command(struct app *a, char *args); /* `:auto MODE [all]` */
/* Replaces a lane ("auto.gain", "auto.send.Plate", ...) of a strip with
 * nl as one edit: the model, the engine (in place, no reload) and the
 * undo history, like `:set auto.gain ...`; coalesce merges a run of
 * presses into one undo step. The way for the timeline to add, move or
 * delete points: edit a copy of the lane and pass it here. */
int auto_lane_edit(struct app *a, int strip, const char *lane_key, const struct auto_lane *nl, bool coalesce);
/* Moves every point of the lane that plays key by delta (clamped to the
 * lane's range; -inf stays), as one edit; coalesce merges a run of
 * presses into one undo step. Redraw flags. */
int auto_trim(struct app *a, int strip, const char *key, double delta, bool coalesce);
/* A key's step on an automated strip: the trim (or, while recording,
 * the recorded value). -1 when no lane plays the key (the caller edits
 * the static value), else redraw flags. */
int auto_step(struct app *a, int strip, const char *key, double delta);
/* `:gain X` on an automated strip: the lane moved so that its value at
 * the playhead is x. -1 when no lane plays the key. */
int auto_set_heard(struct app *a, int strip, const char *key, double x);
/* `m` on a strip that records: the mute lane written at the playhead;
 * -1 when the strip is not recording. */
int auto_mute_key(struct app *a, int strip);
/* The value a key is recording now (it plays at once), NaN when none. */
double auto_rec_value(const struct app *a, const struct strip *s, enum param_id id, int send);
/* Once a frame: recorded points from the engine, touch's return to the
 * lane, and at the end of a pass the takes merged into their lanes as
 * one undo step (the engine reloads with them). Redraw flags. */
int auto_tick(struct app *a);
/* A detail-panel step on insert parameter (slot, param) whose lane
 * plays: every point moved one step of the unit's table (clamped; one
 * undo step for a run of presses); a label or on/off lane is not moved,
 * the status says where to change it. -1 when no lane plays it (the
 * caller edits the static value), else redraw flags. */
int auto_insert_step(struct app *a, int strip, int slot, int param, int dir, bool coarse);
#endif
