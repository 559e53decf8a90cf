/* offline.c — stems that go bad while playing (hardening). The engine
 * marks a track offline when its stem is deleted, replaced, truncated,
 * rewritten or fails to read (engine_track_offline); the track plays
 * silence and everything else plays on. Here the screen notices the
 * mark once per pass, says so once on the status line, and `:reload`
 * reopens every stem (engine_reload with the model as it is, edits
 * kept), which clears the mark when the file is good again. The strip
 * itself shows OFFLINE over its meters (strip_view.c), and the status
 * line gives the reason while that strip is selected (app.c). */
#include "tui.h"
#include "tmix.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool offline_reason(struct app *a, int strip, char *buf, size_t n)
{
	if (strip < 0 || strip >= a->p->ntracks)
		return false;
	return engine_track_offline(a->e, strip, buf, n);
}

int offline_poll(struct app *a)
{
	int rd = RD_NONE;
	if (a->offline_n != a->p->nstrips) {
		free(a->offline);
		a->offline = xcalloc((size_t)a->p->nstrips, 1);
		a->offline_n = a->p->nstrips;
	}
	for (int i = 0; i < a->p->ntracks; i++) {
		char why[128];
		bool off = offline_reason(a, i, why, sizeof why);
		if (off && !a->offline[i]) {
			const struct strip *s = a->p->strips[i];
			app_status(a, true, "%s is offline: %s: %s - fix it, then :reload", s->name,
				   s->file ? s->file : "its stem", why);
			rd |= RD_CONSOLE | RD_STATUS;
		}
		if (off != (a->offline[i] != 0))
			rd |= RD_CONSOLE;
		a->offline[i] = off;
	}
	return rd;
}

int offline_reopen(struct app *a)
{
	char err[256];
	if (engine_reload(a->e, a->p, err, sizeof err)) {
		app_status(a, true, "not reloaded: %s", err);
		return RD_STATUS;
	}
	if (a->offline)
		memset(a->offline, 0, (size_t)a->offline_n);
	app_status(a, false, "reopened every stem (your edits are kept)");
	return RD_ALL & ~RD_LAYOUT;
}
