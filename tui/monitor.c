/* monitor.c — the monitor section on the console: `:monitor MODE|TARGET`,
 * the `o` key that cycles the common checks (off, mono, side, phone,
 * small), and the header's label ("MON:mono", "MON:spotify -5.0 dB") in
 * the warning colour, so nobody forgets a check is on. The mode lives
 * in the engine (engine_monitor_set) and is never saved in the project. */
#include "tui.h"
#include "dsp/monitor.h"
#include "targets.h"
#include "tmix.h"
#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const what[] = {
	"off: the mix as it is", "mono: (L+R)/2 on both sides", "side: (L-R)/2 on both sides, what mono loses",
	"swap: left and right exchanged", "dim: 20 dB down", "phone: a phone speaker, mono, 300 Hz - 3.4 kHz",
	"small: a laptop or small speaker, nothing below 150 Hz", "cut: silence",
};

static int set(struct app *a, const char *name)
{
	char err[512];
	struct engine_monitor m;
	double lufs = !strcasecmp(name, "project") ? project_master(a->p)->v[P_TARGET] : NAN;
	int mode = monitor_mode_find(name);

	if (engine_monitor_set(a->e, name, lufs, err, sizeof err))
		return app_status(a, true, "%s", err), RD_STATUS;
	engine_monitor_status(a->e, &m);
	if (mode >= 0)
		app_status(a, false, "monitor %s%s", what[mode], mode ? " (heard only; o: next)" : "");
	else
		app_status(a, false, "monitor: the mix as %s would play it (%s LUFS)%s", m.name,
			   units_fmt_level((char[32]){0}, 32, m.lufs, 0, false),
			   m.measured ? "" : "; play to measure the mix, 0 dB until then");
	return RD_HEADER | RD_STATUS;
}

int c_monitor(struct app *a, char *args)
{
	char name[64];
	struct engine_monitor m;
	if (!*args) {
		engine_monitor_status(a->e, &m);
		return app_status(a, false, "monitor %s: usage: monitor off|mono|side|swap|dim|phone|small|cut|TARGET", m.name),
		       RD_STATUS;
	}
	snprintf(name, sizeof name, "%s", args);
	name[strcspn(name, " \t")] = 0;
	return set(a, name);
}

int monitor_cycle(struct app *a, int key)
{
	static const char *const ring[] = {"off", "mono", "side", "phone", "small"};
	struct engine_monitor m;
	size_t i;
	(void)key;
	engine_monitor_status(a->e, &m);
	for (i = 0; i < ARRAY_LEN(ring) && strcmp(m.name, ring[i]); i++)
		;
	/* from a mode outside the ring (dim, a target): back to off */
	return set(a, i < ARRAY_LEN(ring) ? ring[(i + 1) % ARRAY_LEN(ring)] : "off");
}

bool monitor_label(struct app *a, char *buf, size_t n)
{
	struct engine_monitor m;
	engine_monitor_status(a->e, &m);
	if (!m.on)
		return false;
	if (m.level && m.measured)
		snprintf(buf, n, "MON:%s %s dB", m.name, units_fmt_level((char[32]){0}, 32, m.gain_db, 1, true));
	else if (m.level)
		snprintf(buf, n, "MON:%s ...", m.name);
	else
		snprintf(buf, n, "MON:%s", m.name);
	return true;
}

void monitor_names(void (*add)(void *ctx, const char *name), void *ctx)
{
	for (int i = 0; i < MON_NMODES; i++)
		if (monitor_mode_name(i))
			add(ctx, monitor_mode_name(i));
	for (int i = 0; i < targets_count; i++)
		add(ctx, targets[i].name);
	add(ctx, "project");
}
