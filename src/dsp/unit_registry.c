/* unit_registry.c — the list of built-in units. Adding a unit is one line
 * here (and its own file, its test and its man page entry). */
#include <strings.h>

#include "dsp/unit.h"

const struct unit_desc *const unit_registry[] = {
	NULL, /* keeps the array non-empty until the first unit registers */
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
