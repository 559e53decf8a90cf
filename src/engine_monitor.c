/* engine_monitor.c — the monitor section's control side: which mode is
 * heard, and for a delivery target the gain that platform would apply.
 * The DSP (dsp/monitor.c) runs in the callback after the output tap and
 * the meters, so the loudness meter, the strip meters, a bounce, stems
 * and analysis never see it; the mode travels as CMD_MONITOR on the
 * command ring. Not part of the project: a reload keeps it, a new
 * engine starts with it off.
 *
 * A target's gain is target - the mix's integrated loudness: the whole
 * song's when a background render has measured it (engine_ref.c does for
 * projects with references), else the integrated loudness of what has
 * played since the last reset, else the short-term figure. engine_poll
 * works it out again twice a second and posts it when it moved by
 * 0.05 dB or more; the callback ramps to it. Platforms turn quiet mixes
 * up as well as loud ones down, except YouTube, which only turns down. */
#include "engine_internal.h"
#include "targets.h"
#include "tmix.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define GAIN_LIMIT_DB 24.0
#define POLL_S 0.5

enum { BASIS_NONE, BASIS_SONG, BASIS_SOFAR, BASIS_SHORT };
static const char *const basis_names[] = {"not measured yet", "whole song", "so far", "short-term"};

static inline float bits_f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* audio thread */
void engine_monitor_apply(struct rt_state *rt, const struct cmd *c)
{
	monitor_set(&rt->mon, (enum monitor_mode)c->u.mon.mode, c->u.mon.gain_db);
}

/* The mix loudness a target's gain is worked out from. */
static double mix_lufs(struct engine *e, int *basis)
{
	struct engine_reference r;
	struct engine_loudness l;
	engine_reference_status(e, -1, &r);
	if (isfinite(r.mix_lufs))
		return *basis = BASIS_SONG, r.mix_lufs;
	engine_loudness(e, &l);
	if (l.valid && isfinite(l.integrated))
		return *basis = BASIS_SOFAR, l.integrated;
	if (l.valid && isfinite(l.shortterm))
		return *basis = BASIS_SHORT, l.shortterm;
	return *basis = BASIS_NONE, -INFINITY;
}

static double gain_for(struct engine *e, const char *name, double lufs, int *basis)
{
	double m = mix_lufs(e, basis), g;
	if (!isfinite(m))
		return 0;
	g = lufs - m;
	if (g > 0 && !strcasecmp(name, "youtube"))
		g = 0;
	return g > GAIN_LIMIT_DB ? GAIN_LIMIT_DB : g < -GAIN_LIMIT_DB ? -GAIN_LIMIT_DB : g;
}

static double level_gain(struct engine *e, int *basis)
{
	return gain_for(e, e->ui_mon_name, e->ui_mon_lufs, basis);
}

bool engine_playback_gain(struct engine *e, const char *name, double lufs, double *gain_db, const char **basis)
{
	int b;
	*gain_db = gain_for(e, name, lufs, &b);
	*basis = basis_names[b];
	return b != BASIS_NONE;
}

static bool post(struct engine *e, double gain_db)
{
	struct cmd c = {.type = CMD_MONITOR};
	c.u.mon.mode = e->ui_mon_mode;
	c.u.mon.gain_db = gain_db;
	if (!spsc_push(&e->cmds, &c))
		return false; /* the ring is full: the next poll tries again */
	e->ui_mon_gain = gain_db;
	return true;
}

int engine_monitor_set(struct engine *e, const char *name, double lufs, char *err, size_t errlen)
{
	int mode = monitor_mode_find(name);
	const struct target *t = mode < 0 ? target_find(name) : NULL;

	if (mode < 0 && !t && !isfinite(lufs)) {
		char list[256];
		snprintf(err, errlen, "unknown monitor mode \"%s\": off, mono, side, swap, dim, phone, small, cut, "
			 "or a target: %s, project", name, targets_list(list, sizeof list));
		return -1;
	}
	e->ui_mon_mode = mode >= 0 ? mode : MON_LEVEL;
	snprintf(e->ui_mon_name, sizeof e->ui_mon_name, "%s", mode >= 0 ? monitor_mode_name(mode) : t ? t->name : name);
	e->ui_mon_lufs = t ? t->lufs : lufs;
	e->ui_mon_basis = BASIS_NONE;
	e->ui_mon_gain = NAN; /* until posted: engine_monitor_poll tries again */
	e->ui_mon_poll_t = now_s();
	post(e, mode >= 0 ? 0 : level_gain(e, &e->ui_mon_basis));
	return 0;
}

void engine_monitor_poll(struct engine *e)
{
	double t = now_s(), g;
	if (isnan(e->ui_mon_gain)) { /* a change the command ring had no room for */
		post(e, e->ui_mon_mode == MON_LEVEL ? level_gain(e, &e->ui_mon_basis) : 0);
		return;
	}
	if (e->ui_mon_mode != MON_LEVEL || t - e->ui_mon_poll_t < POLL_S)
		return;
	e->ui_mon_poll_t = t;
	g = level_gain(e, &e->ui_mon_basis);
	if (fabs(g - e->ui_mon_gain) >= 0.05)
		post(e, g);
}

void engine_monitor_status(struct engine *e, struct engine_monitor *m)
{
	float g = bits_f(atomic_load_explicit(&e->mon_gain, memory_order_relaxed));
	memset(m, 0, sizeof *m);
	snprintf(m->name, sizeof m->name, "%s", e->ui_mon_name[0] ? e->ui_mon_name : "off");
	m->on = e->ui_mon_mode != MON_OFF;
	m->level = e->ui_mon_mode == MON_LEVEL;
	m->lufs = m->level ? e->ui_mon_lufs : -INFINITY;
	m->basis = basis_names[e->ui_mon_basis];
	m->measured = e->ui_mon_basis != BASIS_NONE;
	m->gain_db = g > 0 ? 20.0 * log10(g) : -INFINITY;
}
