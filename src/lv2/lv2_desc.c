/* lv2_desc.c — a plugin's ports sorted into what tmix connects them to,
 * and its unit_desc: one parameter per control input, read from the
 * port's metadata (range, default, units, integer, toggled, enumeration
 * with its scale points, logarithmic). Called holding lv2_lock. */
#include "lv2/lv2_internal.h"
#include "tmix.h"
#include <lv2/atom/atom.h>
#include <lv2/core/lv2.h>
#include <lv2/port-groups/port-groups.h>
#include <lv2/port-props/port-props.h>
#include <lv2/resize-port/resize-port.h>
#include <lv2/state/state.h>
#include <lv2/units/units.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* not in every lv2.h yet (LV2 1.16) */
#define CORE_IS_SIDECHAIN LV2_CORE_PREFIX "isSideChain"
/* room for a few events; plugins that need more say so (rsz:minimumSize) */
#define ATOM_BYTES 8192

static bool is_a(const LilvPlugin *p, const LilvPort *port, const char *cls)
{
	return lilv_port_is_a(p, port, lv2_node(cls));
}

static bool has(const LilvPlugin *p, const LilvPort *port, const char *prop)
{
	return lilv_port_has_property(p, port, lv2_node(prop));
}

static uint32_t atom_bytes(const LilvPlugin *p, const LilvPort *port)
{
	LilvNodes *v = lilv_port_get_value(p, port, lv2_node(LV2_RESIZE_PORT__minimumSize));
	uint32_t size = ATOM_BYTES;
	if (v && lilv_node_is_int(lilv_nodes_get_first(v)) && lilv_node_as_int(lilv_nodes_get_first(v)) > ATOM_BYTES)
		size = (uint32_t)lilv_node_as_int(lilv_nodes_get_first(v));
	lilv_nodes_free(v);
	return size;
}

/* An input marked lv2:isSideChain, or in a port group that is the
 * sidechain of another (pg:sideChainOf, as LSP's plugins say it). */
static bool sidechain(const LilvPlugin *p, const LilvPort *port)
{
	LilvNodes *g = lilv_port_get_value(p, port, lv2_node(LV2_PORT_GROUPS__group));
	bool sc = has(p, port, CORE_IS_SIDECHAIN);
	if (!sc && g && lilv_nodes_size(g))
		sc = lilv_world_ask(lv2_world(), lilv_nodes_get_first(g), lv2_node(LV2_PORT_GROUPS__sideChainOf), NULL);
	lilv_nodes_free(g);
	return sc;
}

bool lv2_ports_scan(const LilvPlugin *p, struct lv2_ports *ps, char *err, size_t n)
{
	memset(ps, 0, sizeof *ps);
	ps->n = lilv_plugin_get_num_ports(p);
	ps->kind = xcalloc(ps->n ? ps->n : 1, sizeof *ps->kind);
	ps->atom_size = xcalloc(ps->n ? ps->n : 1, sizeof *ps->atom_size);
	ps->latency_port = lilv_plugin_has_latency(p) ? (int)lilv_plugin_get_latency_port_index(p) : -1;
	for (uint32_t i = 0; i < ps->n; i++) {
		const LilvPort *port = lilv_plugin_get_port_by_index(p, i);
		bool in = is_a(p, port, LV2_CORE__InputPort);
		const char *sym = lilv_node_as_string(lilv_port_get_symbol(p, port));
		if (is_a(p, port, LV2_CORE__AudioPort)) {
			if (in && sidechain(p, port)) {
				ps->kind[i] = LP_SIDECHAIN_IN;
				ps->nsc++;
			} else if (in) {
				ps->kind[i] = LP_AUDIO_IN;
				if (ps->nin < 2)
					ps->in[ps->nin] = i;
				ps->nin++;
			} else {
				ps->kind[i] = LP_AUDIO_OUT;
				if (ps->nout < 2)
					ps->out[ps->nout] = i;
				ps->nout++;
			}
		} else if (is_a(p, port, LV2_CORE__ControlPort)) {
			ps->kind[i] = in ? LP_CTRL_IN : LP_CTRL_OUT;
		} else if (is_a(p, port, LV2_ATOM__AtomPort)) {
			ps->kind[i] = in ? LP_ATOM_IN : LP_ATOM_OUT;
			ps->atom_size[i] = atom_bytes(p, port);
		} else if (has(p, port, LV2_CORE__connectionOptional)) {
			ps->kind[i] = LP_NONE;
		} else {
			snprintf(err, n, "its port %s is a %s port, which tmix cannot connect", sym,
				 is_a(p, port, LV2_CORE__CVPort) ? "CV" : "non-audio, non-control, non-atom");
			return false;
		}
	}
	if (ps->nin < 1 || ps->nin > 2 || ps->nout < 1 || ps->nout > 2) {
		snprintf(err, n, "it has %d audio input%s and %d output%s%s; tmix runs plugins with 1 or 2 of each",
			 ps->nin, ps->nin == 1 ? "" : "s", ps->nout, ps->nout == 1 ? "" : "s",
			 ps->nsc ? " (sidechain inputs apart)" : "");
		return false;
	}
	return true;
}

void lv2_ports_free(struct lv2_ports *ps)
{
	free(ps->kind);
	free(ps->atom_size);
	memset(ps, 0, sizeof *ps);
}

/* The short form shown after a value, from units:unit. */
static char *unit_label(const LilvPlugin *p, const LilvPort *port)
{
	static const struct { const char *name, *label; } known[] = {
		{"db", "dB"}, {"hz", "Hz"}, {"khz", "kHz"}, {"mhz", "MHz"}, {"ms", "ms"}, {"s", "s"},
		{"pc", "%"}, {"bpm", "BPM"}, {"cent", "ct"}, {"semitone12TET", "st"}, {"oct", "oct"},
		{"min", "min"}, {"frame", "frames"}, {"bar", "bars"}, {"beat", "beats"}, {"degree", "deg"},
		{"m", "m"}, {"cm", "cm"}, {"mm", "mm"}, {"km", "km"}, {"inch", "in"}, {"mile", "mi"},
		{"midiNote", "note"}, {"coef", ""},
	};
	LilvNodes *v = lilv_port_get_value(p, port, lv2_node(LV2_UNITS__unit));
	const LilvNode *u = v ? lilv_nodes_get_first(v) : NULL;
	char *out = NULL;
	if (u && lilv_node_is_uri(u) && !strncmp(lilv_node_as_uri(u), LV2_UNITS_PREFIX, strlen(LV2_UNITS_PREFIX))) {
		const char *name = lilv_node_as_uri(u) + strlen(LV2_UNITS_PREFIX);
		for (size_t i = 0; i < ARRAY_LEN(known) && !out; i++)
			if (!strcmp(known[i].name, name))
				out = xstrdup(known[i].label);
	}
	if (u && !out) { /* a unit of the plugin's own: its units:symbol */
		LilvNode *s = lilv_world_get(lv2_world(), u, lv2_node(LV2_UNITS__symbol), NULL);
		if (s && lilv_node_is_string(s))
			out = xstrdup(lilv_node_as_string(s));
		lilv_node_free(s);
	}
	lilv_nodes_free(v);
	return out;
}

/* Without units:unit, a name that ends in a unit in brackets, as swh's
 * do ("Threshold level (dB)"): the unit, and the name cut before it. */
static char *unit_from_name(char *name)
{
	static const char *const known[] = {"dB", "Hz", "kHz", "ms", "s", "%", "BPM", "cents", "semitones"};
	size_t len = strlen(name);
	char *open = strrchr(name, '(');
	if (!open || len < 3 || name[len - 1] != ')')
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(known); i++)
		if (strlen(known[i]) == (size_t)(name + len - 1 - open - 1) && !strncmp(open + 1, known[i], strlen(known[i]))) {
			char *u = xstrdup(known[i]);
			while (open > name && open[-1] == ' ')
				open--;
			*open = 0;
			return u;
		}
	return NULL;
}

static float node_float(const LilvNode *n, float fallback)
{
	return n && (lilv_node_is_float(n) || lilv_node_is_int(n)) ? lilv_node_as_float(n) : fallback;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* UPK_ENUM from the scale points, sorted by value; false when there are
 * none (the port is then only stepped). */
static bool enum_param(const LilvPlugin *p, const LilvPort *port, struct unit_param *up, double **values)
{
	LilvScalePoints *sp = lilv_port_get_scale_points(p, port);
	unsigned k = sp ? lilv_scale_points_size(sp) : 0, i = 0, def = 0;
	struct { double v; const char *label; } *pts;
	const char **labels;
	double best = INFINITY;

	if (!k) {
		lilv_scale_points_free(sp);
		return false;
	}
	pts = xcalloc(k, sizeof *pts);
	LILV_FOREACH (scale_points, it, sp) {
		const LilvScalePoint *s = lilv_scale_points_get(sp, it);
		pts[i].v = node_float(lilv_scale_point_get_value(s), 0);
		pts[i].label = lilv_node_as_string(lilv_scale_point_get_label(s));
		i++;
	}
	qsort(pts, k, sizeof *pts, cmp_double); /* the value comes first in each entry */
	labels = xcalloc(k + 1, sizeof *labels);
	*values = xcalloc(k, sizeof **values);
	for (i = 0; i < k; i++) {
		labels[i] = xstrdup(pts[i].label);
		(*values)[i] = pts[i].v;
	}
	for (i = 0; i < k; i++)
		if (fabs(pts[i].v - up->def) < best) {
			best = fabs(pts[i].v - up->def);
			def = i;
		}
	up->kind = UPK_ENUM;
	up->labels = labels;
	up->def = def;
	up->min = 0;
	up->max = k - 1;
	up->step = up->coarse = 1;
	free(pts);
	lilv_scale_points_free(sp);
	return true;
}

static void make_param(const LilvPlugin *p, const LilvPort *port, struct unit_param *up, double **values)
{
	LilvNode *def = NULL, *min = NULL, *max = NULL, *name = lilv_port_get_name(p, port);
	lilv_port_get_range(p, port, &def, &min, &max);
	char *help = xstrdup(name ? lilv_node_as_string(name) : lilv_node_as_string(lilv_port_get_symbol(p, port)));
	char *unit = unit_label(p, port);
	up->sym = xstrdup(lilv_node_as_string(lilv_port_get_symbol(p, port)));
	if (!unit)
		unit = unit_from_name(help);
	up->help = help;
	up->unit = unit ? unit : xstrdup("");
	up->min = node_float(min, 0);
	up->max = node_float(max, 1);
	if (up->max < up->min)
		up->max = up->min;
	up->def = node_float(def, (float)up->min);
	up->def = up->def < up->min ? up->min : up->def > up->max ? up->max : up->def;
	up->kind = UPK_CONTINUOUS;
	up->step = (up->max - up->min) / 100;
	up->coarse = (up->max - up->min) / 10;
	if (has(p, port, LV2_CORE__toggled)) {
		up->kind = UPK_TOGGLE;
		up->min = 0;
		up->max = 1;
		up->def = up->def > 0.5 ? 1 : 0;
		up->step = up->coarse = 1;
	} else if (has(p, port, LV2_CORE__enumeration) && enum_param(p, port, up, values)) {
		/* done by enum_param */
	} else if (has(p, port, LV2_CORE__integer)) {
		up->kind = UPK_STEPPED;
		up->step = 1;
		up->coarse = fmax(1, round((up->max - up->min) / 10));
	} else if (has(p, port, LV2_PORT_PROPS__logarithmic) && up->min > 0) {
		up->log = true;
		up->step = 1;   /* grid points: a twelfth of an octave */
		up->coarse = 4; /* a third of an octave, as the EQ's frequencies */
	}
	lilv_node_free(def);
	lilv_node_free(min);
	lilv_node_free(max);
	lilv_node_free(name);
}

void lv2_desc_free(struct lv2_desc *ld)
{
	if (!ld)
		return;
	for (int i = 0; i < ld->d.nparams; i++) {
		struct unit_param *up = (struct unit_param *)&ld->d.params[i];
		free((char *)up->sym);
		free((char *)up->unit);
		free((char *)up->help);
		for (int k = 0; up->labels && up->labels[k]; k++)
			free((char *)up->labels[k]);
		free((char **)up->labels);
		free(ld->enum_values[i]);
	}
	free((struct unit_param *)ld->d.params);
	free((char *)ld->d.name);
	free((char *)ld->d.help);
	free(ld->enum_values);
	free(ld->param_port);
	free(ld->port_default);
	free(ld->uri);
	lv2_ports_free(&ld->ports);
	free(ld);
}

struct lv2_desc *lv2_desc_make(const LilvPlugin *p, char *err, size_t n)
{
	struct lv2_desc *ld = xcalloc(1, sizeof *ld);
	struct unit_param *params;
	LilvNode *name = lilv_plugin_get_name(p);
	const LilvPluginClass *cls = lilv_plugin_get_class(p);
	const char *uri = lilv_node_as_uri(lilv_plugin_get_uri(p));
	char buf[1024];
	int np = 0;

	if (!lv2_ports_scan(p, &ld->ports, err, n)) {
		lilv_node_free(name);
		lv2_desc_free(ld);
		return NULL;
	}
	ld->plugin = p;
	ld->uri = xstrdup(uri);
	snprintf(buf, sizeof buf, "lv2 %s", uri);
	ld->d.name = xstrdup(buf);
	snprintf(buf, sizeof buf, "%s (LV2, %s)", name ? lilv_node_as_string(name) : uri,
		 cls ? lilv_node_as_string(lilv_plugin_class_get_label(cls)) : "plugin");
	ld->d.help = xstrdup(buf);
	lilv_node_free(name);
	for (uint32_t i = 0; i < ld->ports.n; i++)
		np += ld->ports.kind[i] == LP_CTRL_IN;
	params = xcalloc(np ? np : 1, sizeof *params);
	ld->param_port = xcalloc(np ? np : 1, sizeof *ld->param_port);
	ld->enum_values = xcalloc(np ? np : 1, sizeof *ld->enum_values);
	ld->port_default = xcalloc(ld->ports.n ? ld->ports.n : 1, sizeof *ld->port_default);
	ld->d.params = params;
	np = 0;
	for (uint32_t i = 0; i < ld->ports.n; i++) {
		if (ld->ports.kind[i] != LP_CTRL_IN)
			continue;
		make_param(p, lilv_plugin_get_port_by_index(p, i), &params[np], &ld->enum_values[np]);
		ld->param_port[np] = i;
		ld->port_default[i] = (float)(ld->enum_values[np] ? ld->enum_values[np][(int)params[np].def]
								 : params[np].def);
		ld->d.nparams = ++np;
	}
	ld->has_worker_feature = lilv_plugin_has_feature(p, lv2_node(LV2_WORKER__schedule));
	ld->d.create = lv2_unit_create;
	ld->d.destroy = lv2_unit_destroy;
	ld->d.reset = lv2_unit_reset;
	ld->d.set = lv2_unit_set;
	ld->d.process = lv2_unit_process;
	ld->d.output = lv2_unit_output;
	/* only a plugin that reports latency has any to ask for (and to
	 * watch: edits of the others never rebuild the graph) */
	ld->d.latency = ld->ports.latency_port >= 0 ? lv2_unit_latency : NULL;
	if (lilv_plugin_has_extension_data(p, lv2_node(LV2_STATE__interface))) {
		ld->d.state_save = lv2_state_save;
		ld->d.state_check = lv2_state_check;
		ld->d.state_restore = lv2_state_restore;
	}
	return ld;
}
