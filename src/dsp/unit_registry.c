/* unit_registry.c — the list of built-in units and lookups in it. Adding
 * a unit is its own file, its test and its .mk, one `include` line in
 * src/dsp/units.mk, and its man page entry: nothing here. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dsp/unit.h"
#include "lv2/lv2_host.h"

/* The built-in units, in the order `:insert add` lists them: made by the
 * build from BUILTIN_UNITS (src/dsp/units.mk, one `include` line a unit),
 * one X(descriptor) a line; each descriptor is defined in its own file. */
#define X(u) extern const struct unit_desc u;
#include "src/dsp/unit_list.h"
#undef X

const struct unit_desc *const unit_registry[] = {
#define X(u) &u,
#include "src/dsp/unit_list.h"
#undef X
	NULL, /* the end; keeps the array non-empty */
};
const int unit_registry_count = (int)(sizeof unit_registry / sizeof unit_registry[0]) - 1;

const struct unit_desc *unit_find(const char *name)
{
	for (int i = 0; i < unit_registry_count; i++)
		if (strcasecmp(unit_registry[i]->name, name) == 0)
			return unit_registry[i];
	return NULL;
}

int unit_param_find(const struct unit_desc *d, const char *sym)
{
	for (int i = 0; i < d->nparams; i++)
		if (strcasecmp(d->params[i].sym, sym) == 0)
			return i;
	return -1;
}

int unit_param_find_host(const struct unit_desc *d, const char *sym)
{
	int i = unit_param_find(d, sym);
	for (int h = 0; i < 0 && h < d->nhost; h++)
		if (strcasecmp(d->host_params[h].sym, sym) == 0)
			i = d->nparams + h;
	return i;
}

const struct unit_param *unit_param_at(const struct unit_desc *d, int idx)
{
	if (idx >= 0 && idx < d->nparams)
		return &d->params[idx];
	if (idx >= d->nparams && idx < d->nparams + d->nhost)
		return &d->host_params[idx - d->nparams];
	return NULL;
}

int unit_output_find(const struct unit_desc *d, enum unit_okind kind)
{
	for (int o = 0; o < d->noutputs; o++)
		if (d->outputs[o].kind == kind)
			return o;
	return -1;
}

const struct unit_desc *unit_resolve(const char *spec, char *err, size_t errlen)
{
	const struct unit_desc *d = unit_find(spec);
	size_t len = 0;
	if (d)
		return d;
	if (strncasecmp(spec, "lv2 ", 4) == 0) {
		const char *uri = spec + 4;
		while (*uri == ' ' || *uri == '\t')
			uri++;
		return lv2_resolve(uri, err, errlen);
	}
	len = (size_t)snprintf(err, errlen, "unknown unit \"%s\"; the built-in units are:", spec);
	for (int i = 0; i < unit_registry_count && len < errlen; i++)
		len += (size_t)snprintf(err + len, errlen - len, "%s %s", i ? "," : "", unit_registry[i]->name);
	if (!unit_registry_count && len < errlen)
		snprintf(err + len, errlen - len, " none");
	return NULL;
}
