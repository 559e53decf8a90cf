/* lv2_world.c — the one lilv world, its lock, the URID map, the host
 * features tmix provides, and the cache of descriptors by URI. */
#include "lv2/lv2_host.h"
#include "lv2/lv2_internal.h"
#include "tmix.h"
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2.h>
#include <lv2/options/options.h>
#include <lv2/parameters/parameters.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Recursive: a lookup made while the lock is held (a port scan inside a
 * resolve) takes it again. */
static pthread_mutex_t lock;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static LilvWorld *world;
static struct lv2_desc *descs;

struct named_node {
	char *uri;
	LilvNode *node;
	struct named_node *next;
};
static struct named_node *nodes;

static pthread_mutex_t urid_lock = PTHREAD_MUTEX_INITIALIZER;
static char **urids; /* urids[i] is the URI of URID i + 1 */
static size_t nurids, urid_cap;

static void lv2_shutdown(void)
{
	if (atomic_load(&lv2_live_units))
		return;
	pthread_mutex_lock(&lock);
	while (descs) {
		struct lv2_desc *next = descs->next;
		lv2_desc_free(descs);
		descs = next;
	}
	while (nodes) {
		struct named_node *next = nodes->next;
		lilv_node_free(nodes->node);
		free(nodes->uri);
		free(nodes);
		nodes = next;
	}
	if (world)
		lilv_world_free(world);
	world = NULL;
	pthread_mutex_unlock(&lock);
	pthread_mutex_lock(&urid_lock);
	for (size_t i = 0; i < nurids; i++)
		free(urids[i]);
	free(urids);
	urids = NULL;
	nurids = urid_cap = 0;
	pthread_mutex_unlock(&urid_lock);
}

static void init_once(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&lock, &a);
	pthread_mutexattr_destroy(&a);
	/* lilv_world_load_all reads LV2_PATH itself, else its default path */
	world = lilv_world_new();
	if (world)
		lilv_world_load_all(world);
	/* every unit made from the world is gone by then: descriptors live
	 * until exit, instances are freed by whoever made them */
	atexit(lv2_shutdown);
}

void lv2_lock(void)
{
	pthread_once(&once, init_once);
	pthread_mutex_lock(&lock);
}

void lv2_unlock(void) { pthread_mutex_unlock(&lock); }

LilvWorld *lv2_world(void)
{
	pthread_once(&once, init_once);
	return world;
}

const LilvNode *lv2_node(const char *uri)
{
	struct named_node *n;
	lv2_lock();
	for (n = nodes; n; n = n->next)
		if (!strcmp(n->uri, uri))
			break;
	if (!n) {
		n = xcalloc(1, sizeof *n);
		n->uri = xstrdup(uri);
		n->node = lilv_new_uri(world, uri);
		n->next = nodes;
		nodes = n;
	}
	lv2_unlock();
	return n->node;
}

LV2_URID lv2_urid(const char *uri)
{
	LV2_URID id = 0;
	pthread_mutex_lock(&urid_lock);
	for (size_t i = 0; i < nurids && !id; i++)
		if (!strcmp(urids[i], uri))
			id = (LV2_URID)(i + 1);
	if (!id) {
		if (nurids == urid_cap) {
			urid_cap = urid_cap ? 2 * urid_cap : 64;
			urids = xrealloc(urids, urid_cap * sizeof *urids);
		}
		urids[nurids++] = xstrdup(uri);
		id = (LV2_URID)nurids;
	}
	pthread_mutex_unlock(&urid_lock);
	return id;
}

static LV2_URID map_uri(LV2_URID_Map_Handle h, const char *uri)
{
	(void)h;
	return uri ? lv2_urid(uri) : 0;
}

static const char *unmap_urid(LV2_URID_Unmap_Handle h, LV2_URID id)
{
	const char *s = NULL;
	(void)h;
	pthread_mutex_lock(&urid_lock);
	if (id >= 1 && id <= nurids)
		s = urids[id - 1];
	pthread_mutex_unlock(&urid_lock);
	return s;
}

static LV2_URID_Map map_feature = {NULL, map_uri};
static LV2_URID_Unmap unmap_feature = {NULL, unmap_urid};
LV2_URID_Map *lv2_urid_map(void) { return &map_feature; }
LV2_URID_Unmap *lv2_urid_unmap(void) { return &unmap_feature; }

/* What a plugin may require and get: the features tmix passes at
 * instantiation, and the plugin properties that some plugins list among
 * their features though they ask nothing of the host. */
static const char *const provided[] = {
	LV2_URID__map, LV2_URID__unmap, LV2_OPTIONS__options, LV2_BUF_SIZE__boundedBlockLength,
	LV2_WORKER__schedule, LV2_CORE__hardRTCapable, LV2_CORE__inPlaceBroken, LV2_CORE__isLive,
};

bool lv2_feature_supported(const char *uri)
{
	for (size_t i = 0; i < ARRAY_LEN(provided); i++)
		if (!strcmp(provided[i], uri))
			return true;
	return false;
}

const char *lv2_first_missing(const char *const *uris, int n)
{
	for (int i = 0; i < n; i++)
		if (!lv2_feature_supported(uris[i]))
			return uris[i];
	return NULL;
}

/* Options a plugin may require (opts:requiredOption): those tmix sets. */
static bool option_supported(const char *uri)
{
	return !strcmp(uri, LV2_PARAMETERS__sampleRate) || !strcmp(uri, LV2_BUF_SIZE__minBlockLength) ||
	       !strcmp(uri, LV2_BUF_SIZE__maxBlockLength) || !strcmp(uri, LV2_BUF_SIZE__nominalBlockLength);
}

bool lv2_lacks(const LilvPlugin *p, char *err, size_t n)
{
	LilvNodes *req = lilv_plugin_get_required_features(p);
	LilvNodes *opts = lilv_plugin_get_value(p, lv2_node(LV2_OPTIONS__requiredOption));
	bool missing = false;
	LILV_FOREACH (nodes, i, req) {
		const char *u = lilv_node_as_uri(lilv_nodes_get(req, i));
		if (!missing && !lv2_feature_supported(u)) {
			snprintf(err, n, "it requires the host feature %s, which tmix does not provide", u);
			missing = true;
		}
	}
	LILV_FOREACH (nodes, i, opts) {
		const LilvNode *o = lilv_nodes_get(opts, i);
		if (!missing && lilv_node_is_uri(o) && !option_supported(lilv_node_as_uri(o))) {
			snprintf(err, n, "it requires the option %s, which tmix does not set", lilv_node_as_uri(o));
			missing = true;
		}
	}
	lilv_nodes_free(req);
	lilv_nodes_free(opts);
	return missing;
}

const struct unit_desc *lv2_resolve(const char *uri, char *err, size_t errlen)
{
	struct lv2_desc *ld;
	const LilvPlugin *p = NULL;
	char why[512];

	lv2_lock();
	for (ld = descs; ld; ld = ld->next)
		if (!strcmp(ld->uri, uri))
			break;
	if (!ld && world) {
		LilvNode *u = lilv_new_uri(world, uri);
		if (u)
			p = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world), u);
		lilv_node_free(u);
		if (!p)
			snprintf(err, errlen, "LV2 plugin %s is not installed (lv2ls lists the installed ones; "
				 "LV2_PATH says where to look)", uri);
		else if (lv2_lacks(p, why, sizeof why))
			snprintf(err, errlen, "LV2 plugin %s: %s", uri, why);
		else if (!(ld = lv2_desc_make(p, why, sizeof why)))
			snprintf(err, errlen, "LV2 plugin %s: %s", uri, why);
		else {
			ld->next = descs;
			descs = ld;
		}
	} else if (!ld)
		snprintf(err, errlen, "LV2 plugin %s: lilv could not start", uri);
	lv2_unlock();
	return ld ? &ld->d : NULL;
}
