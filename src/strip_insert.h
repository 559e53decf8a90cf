/* strip_insert.h — a unit parameter's value as text, and its steps:
 * what the insert.N.PARAM keys (strip_insert.c), the detail panel and
 * `:set` share, all read from the unit's table (dsp/unit.h). Pure
 * functions; any thread but the audio callback. The keys themselves are
 * declared in project.h. */
#ifndef TMIX_STRIP_INSERT_H
#define TMIX_STRIP_INSERT_H
#include "dsp/unit.h"
#include <stdbool.h>
#include <stddef.h>

/* "-3 dB", "2 kHz", "mono", "on". */
char *insert_param_format(const struct unit_param *p, double v, char *buf, size_t n);
/* Text as a person writes it (the unit optional); 0, or -1 with what is
 * allowed in err ("must be -48 dB to +24 dB"). */
int insert_param_parse(const struct unit_param *p, const char *text, double *v, char *err, size_t errlen);
/* One detail-panel step (coarse: H/L) inside the range; a toggle flips,
 * an enum moves to the next label and wraps. */
double insert_param_step(const struct unit_param *p, double v, int dir, bool coarse);
/* What an auto.insert lane of parameter p plays at t: continuous values
 * glide between points (stepped ones rounded to whole numbers), labels
 * and on/off switch at each point; the first value holds before the
 * first point. Pure and allocation-free: the audio thread calls it too. */
struct auto_lane;
double insert_lane_value(const struct unit_param *p, const struct auto_lane *l, double t);
#endif
