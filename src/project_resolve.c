/* project_resolve.c — checks that need the whole file: bus references,
 * routing cycles, keys that do not fit their bus, note lengths without a
 * tempo; and the stems themselves, opened with libsndfile (project.h). */
#include "dsp/unit.h"
#include "name_index.h"
#include "project.h"
#include "tmix.h"
#include "units.h"
#include <ctype.h>
#include <errno.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The 1-based line of a key in a strip's section, or of its header. */
static int key_line(const struct project *p, int section, const char *key)
{
	const struct src_section *s;
	if (section < 0 || section >= p->nsections)
		return 0;
	s = &p->sections[section];
	for (int i = 0; key && i < s->nkeys; i++)
		if (!units_casecmp(s->keys[i].key, key))
			return s->keys[i].line + 1;
	return s->line + 1;
}

static void list_buses(const struct project *p, enum fx_kind want_group, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = 0;
	for (int i = p->ntracks; i < p->ntracks + p->nbuses && used + 1 < n; i++) {
		const struct strip *b = p->strips[i];
		if ((want_group == FX_NONE) != (b->fx == FX_NONE))
			continue;
		used += (size_t)snprintf(buf + used, n - used, "%s\"%s\"", used ? ", " : "", b->name);
	}
	if (!used)
		snprintf(buf, n, want_group == FX_NONE ? "there are no group buses" : "there are no effect buses");
}

/* The k-th bus a strip feeds (0: its output, then its sends); -1 when
 * that edge goes to no bus (the master, an unknown name), -2 past the
 * last edge. */
static int edge(const struct strip *s, int k)
{
	if (k == 0)
		return s->output;
	return k - 1 < s->nsends ? s->sends[k - 1].bus : -2;
}

/* Depth-first search over bus → bus edges (outputs and sends), with its
 * own stack: a chain of thousands of buses must not take as many C stack
 * frames. state: 0 unseen, 1 on the path, 2 done. On a cycle path[0..len)
 * ends with the node that closes it and len is returned, else 0. */
static int find_cycle(const struct project *p, int start, int *state, int *path, int *next_edge)
{
	int depth = 0;
	path[0] = start;
	next_edge[0] = 0;
	state[start] = 1;
	while (depth >= 0) {
		int node = path[depth], to = edge(p->strips[node], next_edge[depth]++);
		if (to == -2) {
			state[node] = 2;
			depth--;
		} else if (to >= 0 && state[to] == 1) {
			path[depth + 1] = to;
			return depth + 2;
		} else if (to >= 0 && state[to] == 0) {
			path[++depth] = to;
			next_edge[depth] = 0;
			state[to] = 1;
		}
	}
	return 0;
}

/* The first bus → bus cycle over the bound outputs and sends: the index
 * of the bus that starts it, its path as "A" -> "B" -> "A" in msg; -1
 * when the buses flow toward the master. */
static int route_cycle(const struct project *p, char *msg, size_t n)
{
	int *state = xcalloc((size_t)p->nstrips, sizeof *state);
	int *path = xcalloc((size_t)p->nstrips + 2, sizeof *path);
	int *next_edge = xcalloc((size_t)p->nstrips + 2, sizeof *next_edge);
	int found = -1;

	for (int i = p->ntracks; i < p->ntracks + p->nbuses && found < 0; i++) {
		int len, from = 0;
		size_t used = 0;
		if (state[i] || !(len = find_cycle(p, i, state, path, next_edge)))
			continue;
		while (path[from] != path[len - 1])
			from++;
		msg[0] = 0;
		for (int k = from; k < len && used + 1 < n; k++)
			used += (size_t)snprintf(msg + used, n - used, "%s\"%s\"", k > from ? " -> " : "",
						 p->strips[path[k]]->name);
		found = path[from];
	}
	free(state);
	free(path);
	free(next_edge);
	return found;
}

/* ---- sidechain keys ---- */

/* Levenshtein distance, case ignored, for "did you mean" */
static int name_distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), row[65];
	if (la > 64 || lb > 64)
		return 99;
	for (int j = 0; j <= lb; j++)
		row[j] = j;
	for (int i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = i;
		for (int j = 1; j <= lb; j++) {
			int up = row[j], cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The track or bus name nearest to an unknown one, or NULL. */
static const char *strip_suggest(const struct project *p, const char *name)
{
	const char *best = NULL;
	int bd = 3;
	for (int i = 0; i < p->nstrips - 1; i++) {
		int d = name_distance(name, p->strips[i]->name);
		if (d < bd) {
			bd = d;
			best = p->strips[i]->name;
		}
	}
	return best;
}

/* The key of strip i's unit w, with strip `as`'s unit `aw` read as `ak`. */
static int key_of(const struct project *p, int i, int w, int as, int aw, int ak)
{
	return i == as && w == aw ? ak : p->strips[i]->key[w];
}

bool project_key_circle(const struct project *p, int strip, int which, int key, char *msg, size_t n)
{
	/* Strip X must be computed before Y when X feeds Y (output, send,
	 * anything into the master) or keys Y. Keying `strip` by `key` adds
	 * key -> strip: a circle when strip already reaches key. Breadth
	 * first from strip, with parents to write the path. */
	int ns = p->nstrips, master = ns - 1, *from, *queue, head = 0, tail = 0, nkeyed = 0, *keyed;
	bool found = false;

	if (key < 0 || strip < 0 || strip >= ns || key >= ns)
		return false;
	if (key == strip) {
		snprintf(msg, n, "%s -> %s", p->strips[strip]->name, p->strips[strip]->name);
		return true;
	}
	from = xmalloc(sizeof *from * (size_t)ns);
	queue = xmalloc(sizeof *queue * (size_t)ns);
	keyed = xmalloc(sizeof *keyed * (size_t)ns);
	for (int i = 0; i < ns; i++) {
		from[i] = -2;
		if (key_of(p, i, 0, strip, which, key) >= 0 || key_of(p, i, 1, strip, which, key) >= 0)
			keyed[nkeyed++] = i;
	}
	from[strip] = -1;
	queue[tail++] = strip;
	while (head < tail && !found) {
		int u = queue[head++], next[3];
		const struct strip *su = p->strips[u];
		int nn = 0;
		/* the strips u feeds or keys */
		if (u != master)
			next[nn++] = su->output >= 0 ? su->output : master;
		for (int k = -nn; k < su->nsends + nkeyed && !found; k++) {
			int v;
			if (k < 0)
				v = next[0];
			else if (k < su->nsends)
				v = su->sends[k].bus;
			else {
				int t = keyed[k - su->nsends];
				v = key_of(p, t, 0, strip, which, key) == u || key_of(p, t, 1, strip, which, key) == u ? t : -1;
			}
			if (v < 0 || v >= ns || from[v] != -2)
				continue;
			from[v] = u;
			queue[tail++] = v;
			found = v == key;
		}
	}
	if (found) {
		/* key -> strip -> ... -> key: the path back from key, reversed */
		int len = 0, used;
		for (int v = key; v >= 0; v = from[v])
			queue[len++] = v;
		used = snprintf(msg, n, "%s", p->strips[key]->name);
		for (int k = len - 1; k >= 0 && used >= 0 && (size_t)used + 1 < n; k--)
			used += snprintf(msg + used, n - (size_t)used, " -> %s", p->strips[queue[k]]->name);
	}
	free(from);
	free(queue);
	free(keyed);
	return found;
}

/* Binds gate.key and comp.key names, then refuses a key that closes a
 * circle (the first one found: one circle, one message). */
static void resolve_keys(struct project *p, struct name_index *strips, struct diags *ds)
{
	char msg[1024];
	for (int i = 0; i < p->nstrips; i++) {
		struct strip *s = p->strips[i];
		for (int w = 0; w < 2; w++) {
			const char *kk = w ? "comp.key" : "gate.key", *name = s->key_name[w];
			int k;
			s->key[w] = -1;
			if (!name)
				continue;
			k = name_index_get(strips, name);
			if (!units_casecmp(name, "master"))
				diags_add(ds, DIAG_ERROR, key_line(p, s->section, kk),
					  "%s = %s: the master cannot be a key (everything feeds it); name a track or bus",
					  kk, name);
			else if (k < 0) {
				const char *hint = strip_suggest(p, name);
				diags_add(ds, DIAG_ERROR, key_line(p, s->section, kk),
					  "%s = %s: there is no track or bus named \"%s\"%s%s%s", kk, name, name,
					  hint ? " (did you mean \"" : "", hint ? hint : "", hint ? "\"?)" : "");
			} else {
				s->key[w] = k;
				if (s->mode[w ? P_COMP_THRESHOLD : P_GATE_THRESHOLD] == PM_OFF)
					diags_add(ds, DIAG_WARNING, key_line(p, s->section, kk),
						  "%s = %s has no effect while %s is off", kk, name,
						  w ? "comp.threshold" : "gate.threshold");
			}
		}
	}
	for (int i = 0; i < p->nstrips; i++)
		for (int w = 0; w < 2; w++) {
			struct strip *s = p->strips[i];
			const char *kk = w ? "comp.key" : "gate.key";
			if (s->key[w] < 0 || !project_key_circle(p, i, w, s->key[w], msg, sizeof msg))
				continue;
			diags_add(ds, DIAG_ERROR, key_line(p, s->section, kk), "%s = %s makes a circle: %s", kk,
				  s->key_name[w], msg);
			return;
		}
}

void project_resolve(struct project *p, struct diags *ds)
{
	char names[512], msg[1024];
	int cycle;
	struct name_index strips = {0}; /* project_find_strip, hashed: every track may route */

	for (int i = p->nstrips - 2; i >= 0; i--) /* the first of a name wins, as in project_find_strip */
		name_index_put(&strips, p->strips[i]->name, i);
	for (int i = 0; i < p->nstrips; i++) {
		struct strip *s = p->strips[i];
		if (s->kind == SK_TRACK && !s->file)
			diags_add(ds, DIAG_ERROR, key_line(p, s->section, NULL),
				  "track \"%s\" has no file = (the stem it plays)", s->name);
		if (s->output_name) {
			int b = name_index_get(&strips, s->output_name);
			if (b < 0 || p->strips[b]->kind != SK_BUS || p->strips[b]->fx != FX_NONE) {
				list_buses(p, FX_NONE, names, sizeof names);
				diags_add(ds, DIAG_ERROR, key_line(p, s->section, "output"),
					  "output = %s: there is no group bus named \"%s\" (%s%s)", s->output_name,
					  s->output_name, strncmp(names, "there", 5) ? "group buses: " : "", names);
			} else if (b == i) {
				diags_add(ds, DIAG_ERROR, key_line(p, s->section, "output"),
					  "output = %s: a bus cannot feed itself", s->output_name);
			} else
				s->output = b;
		}
		for (int k = 0; k < s->nsends; k++) {
			struct send *x = &s->sends[k];
			int b = name_index_get(&strips, x->bus_name);
			char key[300];
			snprintf(key, sizeof key, "send.%s", x->bus_name);
			if (b < 0 || p->strips[b]->kind != SK_BUS || p->strips[b]->fx == FX_NONE) {
				list_buses(p, FX_REVERB, names, sizeof names);
				if (key_line(p, s->section, key) == key_line(p, s->section, NULL))
					snprintf(key, sizeof key, "auto.send.%s", x->bus_name);
				diags_add(ds, DIAG_ERROR, key_line(p, s->section, key),
					  "%s: there is no effect bus named \"%s\" (%s%s)", key, x->bus_name,
					  strncmp(names, "there", 5) ? "effect buses: " : "", names);
			} else if (b == i) {
				diags_add(ds, DIAG_ERROR, key_line(p, s->section, key), "%s: a bus cannot send to itself", key);
			} else
				x->bus = b;
		}
		if (s->kind == SK_BUS) {
			for (int id = 0; id < P_COUNT; id++) {
				const char *k = param_defs[id].key;
				int reverb = !strncmp(k, "reverb.", 7), delay = !strncmp(k, "delay.", 6);
				int ln = key_line(p, s->section, k);
				if (ln == key_line(p, s->section, NULL))
					continue;
				if ((reverb && s->fx != FX_REVERB) || (delay && s->fx != FX_DELAY))
					diags_add(ds, DIAG_WARNING, ln, "%s has no effect: bus \"%s\" is not fx = %s",
						  k, s->name, reverb ? "reverb" : "delay");
			}
			if (s->fx == FX_DELAY && s->mode[P_DELAY_TIME] == PM_NOTE && p->proj.mode[P_TEMPO] != PM_VALUE)
				diags_add(ds, DIAG_ERROR, key_line(p, s->section, "delay.time"),
					  "delay.time: a note length needs a tempo (set tempo = BPM in [project])");
			if (s->fx != FX_NONE && s->kind == SK_BUS) {
				for (int t = 0; t < p->nstrips; t++)
					if (p->strips[t]->output == i)
						diags_add(ds, DIAG_ERROR, key_line(p, p->strips[t]->section, "output"),
							  "output = %s: \"%s\" is an effect bus, fed by send.%s, not by output",
							  s->name, s->name, s->name);
			}
		}
	}
	if (p->proj.mode[P_LOOP] == PM_VALUE && p->loop_end <= p->proj.v[P_LOOP])
		diags_add(ds, DIAG_ERROR, key_line(p, p->proj.section, "loop"), "loop must end after it starts");

	if ((cycle = route_cycle(p, msg, sizeof msg)) >= 0)
		diags_add(ds, DIAG_ERROR, key_line(p, p->strips[cycle]->section, NULL),
			  "bus routing cycle: %s; buses must flow toward the master", msg);
	else
		resolve_keys(p, &strips, ds);
	name_index_free(&strips);
}

static char *resolve_path(const struct project *p, const char *file)
{
	char *out;
	size_t n;
	if (file[0] == '/')
		return xstrdup(file);
	n = strlen(p->dir) + strlen(file) + 2;
	out = xmalloc(n);
	snprintf(out, n, "%s/%s", p->dir, file);
	return out;
}

/* Opens one stem. FIFOs and devices are refused before sf_open, which
 * would block on them; libsndfile's own reason is quoted otherwise. */
static int probe_one(const char *path, const char *what, int line, struct diags *ds,
		     int *channels, int *rate, int64_t *frames, char **format)
{
	struct stat st;
	SF_INFO info = {0};
	SNDFILE *f;

	if (stat(path, &st)) {
		diags_add(ds, DIAG_ERROR, line, "%s: cannot open '%s': %s", what, path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		diags_add(ds, DIAG_ERROR, line, "%s: '%s' is a directory, not an audio file", what, path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		diags_add(ds, DIAG_ERROR, line, "%s: '%s' is not a regular file", what, path);
		return -1;
	}
	f = sf_open(path, SFM_READ, &info);
	if (!f) {
		diags_add(ds, DIAG_ERROR, line, "%s: cannot read '%s' as audio: %s", what, path, sf_strerror(NULL));
		return -1;
	}
	if (info.channels < 1 || info.channels > 2) {
		diags_add(ds, DIAG_ERROR, line, "%s: '%s' has %d channels; tmix takes mono or stereo stems",
			  what, path, info.channels);
		sf_close(f);
		return -1;
	}
	if (info.samplerate < 1000 || info.samplerate > 768000) {
		diags_add(ds, DIAG_ERROR, line, "%s: '%s' claims a sample rate of %d Hz", what, path, info.samplerate);
		sf_close(f);
		return -1;
	}
	if (info.frames <= 0 || info.frames == SF_COUNT_MAX)
		diags_add(ds, DIAG_WARNING, line, "%s: '%s' %s", what, path,
			  info.frames <= 0 ? "is empty: the track is silent" : "does not say its length; it plays until it ends");
	if (format) {
		SF_FORMAT_INFO fi = {.format = info.format & SF_FORMAT_TYPEMASK};
		sf_command(NULL, SFC_GET_FORMAT_MAJOR, &fi, sizeof fi);
		*format = xstrdup(fi.extension ? fi.extension : "?");
	}
	*channels = info.channels;
	*rate = info.samplerate;
	*frames = info.frames == SF_COUNT_MAX || info.frames < 0 ? 0 : info.frames;
	sf_close(f);
	return 0;
}

void project_probe(struct project *p, struct diags *ds)
{
	char what[400];
	for (int i = 0; i < p->ntracks; i++) {
		struct strip *s = p->strips[i];
		if (!s->file)
			continue;
		free(s->path);
		s->path = resolve_path(p, s->file);
		snprintf(what, sizeof what, "stem '%s' of track \"%s\"", s->file, s->name);
		free(s->stem_format);
		s->stem_format = NULL;
		probe_one(s->path, what, key_line(p, s->section, "file"), ds, &s->channels, &s->stem_rate,
			  &s->stem_frames, &s->stem_format);
	}
	/* a plugin's saved state (insert.N.state): read now, so that a
	 * missing or foreign folder stops the load at its line rather than
	 * the graph's making */
	for (int i = 0; i < p->nstrips; i++) {
		struct strip *s = p->strips[i];
		for (int k = 0; k < s->ninserts; k++) {
			const struct insert *in = &s->inserts[k];
			char key[40], why[600], *dir;
			if (!in->state || !in->unit->state_check)
				continue;
			snprintf(key, sizeof key, "insert.%d.state", k + 1);
			dir = resolve_path(p, in->state);
			if (in->unit->state_check(in->unit, dir, why, sizeof why))
				diags_add(ds, DIAG_ERROR, key_line(p, s->section, key), "%s = %s: %s", key, in->state, why);
			free(dir);
		}
	}
	for (int i = 0; i < p->nrefs; i++) {
		struct reference *r = &p->refs[i];
		if (!r->file) {
			diags_add(ds, DIAG_ERROR, key_line(p, r->section, NULL), "reference \"%s\" has no file =", r->name);
			continue;
		}
		free(r->path);
		r->path = resolve_path(p, r->file);
		snprintf(what, sizeof what, "reference '%s'", r->file);
		probe_one(r->path, what, key_line(p, r->section, "file"), ds, &r->channels, &r->stem_rate,
			  &r->stem_frames, NULL);
	}
}
