/* lv2_state.c — a plugin's state beyond its control ports (the LV2 state
 * extension), saved into and restored from a folder with lilv: the
 * unit_desc state hooks (dsp/unit.h) of a plugin that has
 * state:interface. The folder is an LV2 state bundle (manifest.ttl and
 * state.ttl, and any file the plugin saves beside them). Port values are
 * left out of it: the project's insert.N.SYMBOL keys hold those. All of
 * it runs off the audio thread. */
#include "lv2/lv2_internal.h"
#include "tmix.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STATE_FILE "state.ttl"

/* The state in folder dir, or NULL with the reason. Holding lv2_lock. */
static LilvState *load(const struct lv2_desc *ld, const char *dir, char *err, size_t n)
{
	char path[4200];
	struct stat st;
	LilvState *s;
	const LilvNode *applies;

	if (stat(dir, &st)) {
		snprintf(err, n, "state folder %s: %s", dir, strerror(errno));
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, n, "state folder %s is not a folder", dir);
		return NULL;
	}
	snprintf(path, sizeof path, "%s/%s", dir, STATE_FILE);
	if (stat(path, &st)) {
		snprintf(err, n, "state file %s: %s", path, strerror(errno));
		return NULL;
	}
	s = lilv_state_new_from_file(lv2_world(), lv2_urid_map(), NULL, path);
	if (!s) {
		snprintf(err, n, "state file %s cannot be read as an LV2 state", path);
		return NULL;
	}
	applies = lilv_state_get_plugin_uri(s);
	if (!applies || strcmp(lilv_node_as_uri(applies), ld->uri)) {
		snprintf(err, n, "state file %s is the state of %s, not of %s", path,
			 applies ? lilv_node_as_uri(applies) : "no plugin", ld->uri);
		lilv_state_free(s);
		return NULL;
	}
	return s;
}

int lv2_state_check(const struct unit_desc *d, const char *dir, char *err, size_t errlen)
{
	LilvState *s;
	lv2_lock();
	s = load((const struct lv2_desc *)d, dir, err, errlen);
	lilv_state_free(s);
	lv2_unlock();
	return s ? 0 : -1;
}

int lv2_state_restore(void *u, const char *dir, char *err, size_t errlen)
{
	const struct lv2_desc *ld = lv2_unit_desc(u);
	LilvState *s;
	int rc = -1;

	lv2_lock();
	s = load(ld, dir, err, errlen);
	if (s) {
		/* no set_value: the keys set the control ports; the state sets
		 * the rest, on every instance (a split stereo pair alike) */
		for (int i = 0; i < lv2_unit_ninstances(u); i++)
			lilv_state_restore(s, lv2_unit_instance(u, i), NULL, NULL, 0, lv2_unit_features(u, i));
		lilv_state_free(s);
		rc = 0;
	}
	lv2_unlock();
	if (!rc) /* without the lock: the worker's work may want it */
		lv2_unit_settle(u);
	return rc;
}

int lv2_state_save(const struct unit_desc *d, const double *v, double rate, const char *from, const char *dir,
		   char *err, size_t errlen)
{
	const struct lv2_desc *ld = (const struct lv2_desc *)d;
	void *u = lv2_unit_create(d, rate, 1024, 1, err, errlen);
	LilvState *s;
	int rc = -1;

	if (!u)
		return -1;
	if (from && lv2_state_restore(u, from, err, errlen)) {
		lv2_unit_destroy(u);
		return -1;
	}
	for (int i = 0; i < d->nparams; i++)
		lv2_unit_set(u, i, v[i]);
	if (mkdir(dir, 0777) && errno != EEXIST) {
		snprintf(err, errlen, "cannot make the state folder %s: %s", dir, strerror(errno));
		lv2_unit_destroy(u);
		return -1;
	}
	lv2_lock();
	s = lilv_state_new_from_instance(ld->plugin, lv2_unit_instance(u, 0), lv2_urid_map(), NULL, dir, dir, dir,
					 NULL, NULL, 0, lv2_unit_features(u, 0));
	if (!s)
		snprintf(err, errlen, "%s gave no state to save", ld->uri);
	else if (lilv_state_save(lv2_world(), lv2_urid_map(), lv2_urid_unmap(), s, NULL, dir, STATE_FILE))
		snprintf(err, errlen, "cannot write the state of %s into %s", ld->uri, dir);
	else
		rc = 0;
	lilv_state_free(s);
	lv2_unlock();
	lv2_unit_destroy(u);
	return rc;
}
