/* lv2_list.c — the installed plugins as `tmix plugins` shows them, read
 * from their metadata alone (nothing is instantiated). */
#include "lv2/lv2_host.h"
#include "lv2/lv2_internal.h"
#include "tmix.h"
#include <lv2/state/state.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int lv2_list(void (*fn)(const struct lv2_info *info, void *ctx), void *ctx)
{
	const LilvPlugins *all;
	int count = 0;

	lv2_lock();
	if (!lv2_world()) {
		lv2_unlock();
		return 0;
	}
	all = lilv_world_get_all_plugins(lv2_world());
	LILV_FOREACH (plugins, it, all) {
		const LilvPlugin *p = lilv_plugins_get(all, it);
		const LilvPluginClass *cls = lilv_plugin_get_class(p);
		LilvNode *name = lilv_plugin_get_name(p);
		LilvNodes *req = lilv_plugin_get_required_features(p);
		LilvNodes *ext = lilv_plugin_get_extension_data(p);
		unsigned nf = req ? lilv_nodes_size(req) : 0, k = 0;
		const char **features = xcalloc(nf + 1, sizeof *features);
		bool *supported = xcalloc(nf + 1, sizeof *supported);
		struct lv2_ports ps;
		char why[512], why2[512];
		struct lv2_info info = {
			.name = name ? lilv_node_as_string(name) : "",
			.uri = lilv_node_as_uri(lilv_plugin_get_uri(p)),
			.klass = cls ? lilv_node_as_string(lilv_plugin_class_get_label(cls)) : "Plugin",
			.features = features,
			.supported = supported,
		};
		LILV_FOREACH (nodes, i, req) {
			features[k] = lilv_node_as_uri(lilv_nodes_get(req, i));
			supported[k] = lv2_feature_supported(features[k]);
			k++;
		}
		if (lv2_lacks(p, why, sizeof why))
			info.refused = why;
		info.nfeatures = (int)k;
		LILV_FOREACH (nodes, i, ext)
			if (lilv_node_is_uri(lilv_nodes_get(ext, i)) &&
			    !strcmp(lilv_node_as_uri(lilv_nodes_get(ext, i)), LV2_STATE__interface))
				info.state = true;
		if (!lv2_ports_scan(p, &ps, why2, sizeof why2) && !info.refused)
			info.refused = why2;
		info.audio_in = ps.nin;
		info.audio_out = ps.nout;
		info.sidechain_in = ps.nsc;
		info.latency = ps.latency_port >= 0 ? -1 : 0;
		info.mono_on_stereo = ps.nin == 1 && ps.nout == 1;
		fn(&info, ctx);
		lv2_ports_free(&ps);
		free(features);
		free(supported);
		lilv_nodes_free(req);
		lilv_nodes_free(ext);
		lilv_node_free(name);
		count++;
	}
	lv2_unlock();
	return count;
}

/* URIs come from the bundles' manifests, which lilv has read at start;
 * a name needs the plugin's own data, which lilv reads on first use (a
 * second or so for a few hundred plugins, once): so names are searched
 * only when no URI starts with the word. */
int lv2_complete(const char *word, void (*fn)(const char *uri, void *ctx), void *ctx)
{
	const LilvPlugins *all;
	size_t wl = strlen(word);
	int n = 0;

	lv2_lock();
	if (!lv2_world()) {
		lv2_unlock();
		return 0;
	}
	all = lilv_world_get_all_plugins(lv2_world());
	LILV_FOREACH (plugins, it, all) {
		const char *uri = lilv_node_as_uri(lilv_plugin_get_uri(lilv_plugins_get(all, it)));
		if (!strncasecmp(uri, word, wl)) {
			fn(uri, ctx);
			n++;
		}
	}
	if (!n && wl)
		LILV_FOREACH (plugins, it, all) {
			const LilvPlugin *p = lilv_plugins_get(all, it);
			const char *uri = lilv_node_as_uri(lilv_plugin_get_uri(p));
			LilvNode *name = lilv_plugin_get_name(p);
			if (strcasestr(uri, word) || (name && strcasestr(lilv_node_as_string(name), word))) {
				fn(uri, ctx);
				n++;
			}
			lilv_node_free(name);
		}
	lv2_unlock();
	return n;
}
