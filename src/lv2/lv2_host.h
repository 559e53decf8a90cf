/* lv2_host.h — LV2 plugins hosted through lilv, as units (dsp/unit.h).
 *
 * Owns the one lilv world (loaded on first use from LV2_PATH, or lilv's
 * default path, and kept until exit), the URID map every plugin shares,
 * and a unit_desc per plugin URI made at run time from the plugin's
 * ports. Callers: unit_resolve (for "lv2 URI" insert values) and
 * `tmix plugins`. Everything here runs off the audio thread; only the
 * unit functions the unit interface marks as audio-thread (set, process,
 * output, reset) run on it.
 *
 * Channels: a plugin with 1 audio input and 1 output runs once on a mono
 * strip and as two instances (left, right) on a stereo strip. Otherwise
 * one instance: where the plugin has 2 inputs and the strip 1 channel,
 * both get it; 1 input on a stereo strip gets the mean of left and right;
 * 2 outputs on a mono strip give back their mean; 1 output on a stereo
 * strip goes to both channels. Sidechain inputs (lv2:isSideChain, or a
 * port group that is pg:sideChainOf another) take the unit's key signal,
 * or the strip's own where there is no key. More than 2 main inputs or
 * outputs, or none, is refused.
 *
 * Host features: urid:map and unmap, options (sample rate, min, max and
 * nominal block length), bufSize:boundedBlockLength, worker:schedule (the
 * work on a thread of its own per instance, the responses handed to the
 * plugin at the start of its next process), and empty atom sequences on
 * atom ports. A plugin requiring anything else is refused, naming it. */
#ifndef TMIX_LV2_HOST_H
#define TMIX_LV2_HOST_H
#include <stdbool.h>
#include <stddef.h>

struct unit_desc;

/* The unit for a plugin URI (made once, kept until exit), or NULL with
 * the reason in err: not installed (naming the URI), a host feature it
 * requires that tmix lacks (naming it), or ports tmix cannot connect. */
const struct unit_desc *lv2_resolve(const char *uri, char *err, size_t errlen);

/* Whether tmix provides a host feature (or honours a plugin property
 * such as lv2:hardRTCapable that appears among required features). */
bool lv2_feature_supported(const char *uri);
/* The first of n required feature URIs tmix lacks, or NULL. */
const char *lv2_first_missing(const char *const *uris, int n);

/* One installed plugin, for `tmix plugins`. */
struct lv2_info {
	const char *name, *uri, *klass;
	int audio_in, audio_out, sidechain_in;
	int latency;          /* 0: none; -1: reports it (known once running) */
	bool mono_on_stereo;  /* runs as two mono instances on stereo strips */
	bool state;           /* keeps state beyond its control ports (state:interface) */
	int nfeatures;
	const char *const *features; /* required features */
	const bool *supported;       /* per feature: tmix provides it */
	const char *refused;         /* why tmix cannot run it, or NULL */
};
/* Calls fn for every installed plugin, in URI order; the strings live
 * for the call only. Returns the number of plugins. */
int lv2_list(void (*fn)(const struct lv2_info *info, void *ctx), void *ctx);
/* Tab completion: fn gets each installed plugin's URI that starts with
 * word (any case); when none does, each whose URI or name contains it
 * (this reads every plugin's data the first time: a second or more).
 * Returns how many. */
int lv2_complete(const char *word, void (*fn)(const char *uri, void *ctx), void *ctx);
#endif
