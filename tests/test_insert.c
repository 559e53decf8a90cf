/* test_insert.c — insert slots end to end: a project's insert.N keys
 * loaded, checked against the unit's table (FILE:LINE), rendered through
 * the graph after the compressor and before the fader, in order, with
 * bypass transparent bit for bit; parameter changes through the engine's
 * command path; the keys saved back. Uses the built-in `utility` unit,
 * whose effect can be computed by hand. */
#include "render_testlib.h"
#include "bounce.h"
#include "engine_testlib.h"
#include "project_testlib.h"
#include "dsp/unit.h"

static const char *dir;

static struct capture render(const char *text) { return render_text(dir, "i.ini", text, 0.5); }

/* Largest |b - k a| over both channels, relative to a's peak. */
static double scaled_error(const struct capture *a, const struct capture *b, double k)
{
	double worst = 0, pk = 0;
	if (a->n == 0 || a->n != b->n)
		return 1e9;
	for (int64_t i = 0; i < a->n; i++) {
		worst = fmax(worst, fabs(b->l[i] - k * a->l[i]));
		worst = fmax(worst, fabs(b->r[i] - k * a->r[i]));
		pk = fmax(pk, fmax(fabs(a->l[i]), fabs(a->r[i])));
	}
	return pk > 0 ? worst / pk : 1e9;
}

static double rms(const float *x, int64_t n)
{
	double s = 0;
	for (int64_t i = 0; i < n; i++)
		s += (double)x[i] * x[i];
	return n ? sqrt(s / (double)n) : 0;
}

/* A track with a compressor working and an EQ, so that the insert runs
 * among the strip's other units; the fader and pan after it are linear. */
#define HEAD "[project]\nrate = 48000\n[track \"T\"]\nfile = lr.wav\ncomp.threshold = -30 dB\n" \
	     "comp.ratio = 4\neq.1 = bell 1 kHz +3 dB q 1\ngain = -2 dB\n"

static void test_render(void)
{
	struct capture ref = render(HEAD), c;

	ok(ref.n > 20000, "the reference renders (%lld frames)", (long long)ref.n);
	c = render(HEAD "insert.1 = utility\ninsert.1.gain = -6 dB\n");
	ok(scaled_error(&ref, &c, pow(10, -6 / 20.0)) < 1e-6,
	   "insert.1.gain = -6 dB scales the output by 10^(-6/20) (error %.2g)",
	   scaled_error(&ref, &c, pow(10, -6 / 20.0)));
	capture_free(&c);
	c = render(HEAD "insert.1 = utility\ninsert.1.gain = -6 dB\ninsert.1.bypass = on\n");
	ok(capture_same(&ref, &c), "insert.1.bypass = on: bit-identical to no insert");
	capture_free(&c);
	c = render(HEAD "insert.1 = utility\n");
	ok(capture_same(&ref, &c), "a utility at its defaults: bit-identical to no insert");
	capture_free(&c);
	c = render(HEAD "insert.1 = utility\ninsert.1.invert = on\n");
	ok(scaled_error(&ref, &c, -1) == 0, "insert.1.invert = on: exactly the negated output");
	capture_free(&c);
	/* after the compressor: a +12 dB insert is not compressed */
	c = render(HEAD "insert.1 = utility\ninsert.1.gain = +12 dB\n");
	ok(scaled_error(&ref, &c, pow(10, 12 / 20.0)) < 1e-6, "the insert runs after the compressor (+12 dB stays +12 dB)");
	capture_free(&c);

	/* order: the stem is a tone on the left and silence on the right.
	 * left then swap: the left everywhere; swap then left: silence. */
	c = render(HEAD "insert.1 = utility\ninsert.1.channels = left\ninsert.2 = utility\ninsert.2.channels = swap\n");
	ok(rms(c.l, c.n) > 0.01 && fabs(rms(c.l, c.n) - rms(c.r, c.n)) < 1e-6 * rms(c.l, c.n),
	   "left, then swap: the tone on both sides (%.4f %.4f)", rms(c.l, c.n), rms(c.r, c.n));
	capture_free(&c);
	c = render(HEAD "insert.1 = utility\ninsert.1.channels = swap\ninsert.2 = utility\ninsert.2.channels = left\n");
	ok(c.n > 0 && rms(c.l, c.n) == 0 && rms(c.r, c.n) == 0, "swap, then left: silence (order is kept)");
	capture_free(&c);
	capture_free(&ref);
}

/* The comp unit is the strip's compressor: its table has the comp.*
 * keys' ranges, and on the same signal it gives the same bits; its gain
 * reduction reaches the strip's meter. */
static void gr_grab(void *ctx, struct graph *g, int64_t frame, const float *l, const float *r, int n)
{
	struct strip_meter m;
	float *deepest = ctx;
	(void)frame, (void)l, (void)r, (void)n;
	graph_take_meter(g, 0, &m);
	if (m.gr[MGR_COMP] < *deepest)
		*deepest = m.gr[MGR_COMP];
}

/* A unit's table against the strip's PREFIX.* keys. */
static bool same_as_keys(const struct unit_desc *d, const char *prefix)
{
	bool same = true;
	char key[64];
	for (int i = 0; i < d->nparams; i++) {
		const char *suffix;
		const struct unit_param *u = &d->params[i];
		int id;
		snprintf(key, sizeof key, "%s.%s", prefix, u->sym);
		id = param_lookup(key, &suffix);
		if (id < 0 || param_defs[id].min != u->min || param_defs[id].max != u->max ||
		    param_defs[id].step != u->step || param_defs[id].coarse != u->coarse || param_defs[id].def != u->def) {
			tap_diag("%s differs from the strip's key", key);
			same = false;
		}
	}
	return same;
}

static void test_gate_unit(void)
{
	const struct unit_desc *d = unit_find("gate");
	struct capture a, b;
	ok(d && same_as_keys(d, "gate"), "the gate unit's table has the strip's gate.* ranges, defaults and steps");
	/* the stem's right channel is silent: the gate works on it */
	a = render("[project]\nrate = 48000\n[track \"T\"]\nfile = lr.wav\ngate.threshold = -30\ngate.range = -60\n");
	b = render("[project]\nrate = 48000\n[track \"T\"]\nfile = lr.wav\ninsert.1 = gate\ninsert.1.threshold = -30\n"
		   "insert.1.range = -60\n");
	ok(capture_same(&a, &b), "insert.1 = gate is the strip's gate bit for bit (nothing between them here)");
	capture_free(&a);
	capture_free(&b);
}

static void test_comp_unit(void)
{
	const struct unit_desc *d = unit_find("comp");
	struct capture a, b;
	bool same_table = d != NULL;
	float deepest = 0;
	struct project *p;
	struct bounce_opts o = {.out = "", .to = 0.5, .block = gr_grab, .ctx = &deepest};
	struct bounce_result r;
	char err[256];

	same_table = same_table && same_as_keys(d, "comp");
	ok(same_table, "the comp unit's table has the strip's comp.* ranges, defaults and steps");
	a = render(HEAD);
	b = render("[project]\nrate = 48000\n[track \"T\"]\nfile = lr.wav\neq.1 = bell 1 kHz +3 dB q 1\ngain = -2 dB\n"
		   "insert.1 = comp\ninsert.1.threshold = -30\ninsert.1.ratio = 4\n");
	ok(capture_same(&a, &b), "insert.1 = comp is the strip's compressor bit for bit");
	capture_free(&a);
	capture_free(&b);
	p = tu_load_project(dir, "gr.ini", "[track \"T\"]\nfile = lr.wav\ninsert.1 = comp\ninsert.1.threshold = -40\n"
				 "insert.1.ratio = 10\n");
	bool rendered = p && bounce_render(p, &o, &r, err, sizeof err) == 0;
	ok(rendered && deepest < -6, "the insert's gain reduction shows on the strip's meter (%.1f dB)", deepest);
	project_free(p);
}

static void test_errors(void)
{
	char why[512];
	bool all = unit_resolve("reverbx", why, sizeof why) == NULL && unit_registry_count >= 3;
	for (int i = 0; i < unit_registry_count; i++)
		all &= strstr(why, unit_registry[i]->name) != NULL;
	ok(all, "an unknown unit's message lists every registered unit: %s", why);
	static const struct {
		const char *text, *want;
		int line;
	} cases[] = {
		{"insert.1 = reverbx\n", "unknown unit \"reverbx\"; the built-in units are: ", 3},
		{"insert.1 = utility\ninsert.1.gian = 3\n", "utility has no parameter 'gian'; its parameters are gain, invert, channels, bypass", 4},
		{"insert.1 = utility\ninsert.1.gain = 30\n", "must be -48 dB to +24 dB", 4},
		{"insert.1 = utility\ninsert.1.channels = dual\n", "must be one of stereo, swap, mono, left, right", 4},
		{"insert.1 = utility\ninsert.1.bypass = maybe\n", "must be on or off", 4},
		{"insert.2 = utility\n", "insert.2 comes before insert.1", 3},
		{"insert.1.gain = 3\n", "insert.1 = UNIT must come before its parameters", 3},
		{"insert.17 = utility\n", "inserts are insert.1 to insert.16", 3},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[512];
		struct diags ds = {0};
		struct project *p;
		snprintf(text, sizeof text, "[master]\ngain = 0\n%s", cases[i].text);
		p = project_load_text("e.ini", text, strlen(text), &ds);
		bool found = false;
		for (int k = 0; k < ds.n; k++)
			found |= ds.d[k].level == DIAG_ERROR && ds.d[k].line == cases[i].line &&
				 strstr(ds.d[k].msg, cases[i].want);
		ok(found, "line %d: %s", cases[i].line, cases[i].want);
		if (!found)
			for (int k = 0; k < ds.n; k++)
				tap_diag("%d: %s", ds.d[k].line, ds.d[k].msg);
		project_free(p);
		diags_free(&ds);
	}
}

/* The RMS of the next 12000 frames (110 periods of the 440 Hz stem). */
static double engine_rms(struct engine *e)
{
	float l[240], r[240];
	double sum = 0;
	for (int b = 0; b < 50; b++) {
		etl_render(e, l, r, 240, 960);
		for (int i = 0; i < 240; i++)
			sum += (double)l[i] * l[i];
	}
	return sqrt(sum / 12000);
}

/* A value set through the engine reaches the unit at a block boundary. */
static void test_engine(void)
{
	char err[256];
	struct project *p = tu_load_project(dir, "e.ini", "[track \"T\"]\nfile = lr.wav\ninsert.1 = utility\n");
	struct engine_opts o = {.audio = "null", .buffer = 240};
	struct engine *e = p ? engine_open_manual(p, &o, err, sizeof err) : NULL;
	float l[240], r[240];
	double before, after;

	ok(e != NULL, "an engine with an insert opens");
	if (!e) {
		project_free(p);
		return;
	}
	etl_refill(e, 240);
	engine_play(e, true);
	for (int i = 0; i < 10; i++) /* past any fade-in of the transport */
		etl_render(e, l, r, 240, 960);
	before = engine_rms(e);
	engine_set_insert(e, 0, 0, 0, -20);
	for (int i = 0; i < 10; i++) /* past the 15 ms glide */
		etl_render(e, l, r, 240, 960);
	after = engine_rms(e);
	ok(before > 0.001 && fabs(20 * log10(after / before) + 20) < 0.01,
	   "engine_set_insert(gain -20 dB): the level falls by 20 dB (%.3f dB)", 20 * log10(after / before));
	etl_render(e, l, r, 240, 960); /* the switch off a zero crossing of the tone */
	engine_set_insert(e, 0, 0, INSERT_BYPASS, 1);
	{
		/* the switch from -20 dB to bypassed crossfades: no step between
		 * two samples larger than the tone's own (0.1 x 2 pi 440 / 48k
		 * = 0.0058; a hard switch jumps by up to 0.09) */
		float last = l[239];
		double worst = 0;
		for (int i = 0; i < 8; i++) { /* and past the master's look-ahead delay */
			etl_render(e, l, r, 240, 960);
			for (int j = 0; j < 240; j++) {
				worst = fmax(worst, fabs(l[j] - last));
				last = l[j];
			}
		}
		ok(worst < 0.0075, "bypass switches without a click (largest step %.4f)", worst);
	}
	after = engine_rms(e);
	ok(fabs(20 * log10(after / before)) < 0.01, "bypass through the engine: the level is back (%.3f dB)",
	   20 * log10(after / before));
	engine_close(e);
	project_free(p);
}

/* Saving: a parameter changed in the model is one new line; back to its
 * default, that line changes again; untouched insert keys stay as written. */
static void test_save(void)
{
	const char *path = tu_path(dir, "s.ini");
	const char *text = "[track \"T\"]\nfile = lr.wav\ninsert.1 = Utility   ; as written\n";
	struct project *p;
	char err[256], *out;
	tu_write(path, text);
	p = tu_load_path(path, false);
	ok(p && p->strips[0]->ninserts == 1, "loaded one insert");
	if (!p)
		return;
	ok(strip_set(p, p->strips[0], "insert.1.channels", "mono", err, sizeof err) == 0, ":set insert.1.channels mono");
	ok(project_save(p, path, err, sizeof err) == 0, "saved");
	out = tu_read(path, NULL);
	is_str(out, "[track \"T\"]\nfile = lr.wav\ninsert.1 = Utility   ; as written\ninsert.1.channels = mono\n",
	       "the new value is one line after the section's last key; the rest as written");
	free(out);
	strip_set(p, p->strips[0], "insert.1.channels", "stereo", err, sizeof err);
	project_save(p, path, err, sizeof err);
	out = tu_read(path, NULL);
	is_str(out, "[track \"T\"]\nfile = lr.wav\ninsert.1 = Utility   ; as written\ninsert.1.channels = stereo\n",
	       "back to the default: the line is rewritten, not left stale");
	free(out);
	project_free(p);
}

int main(void)
{
	SF_INFO info = {.samplerate = 48000, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f;
	float *buf = calloc(48000 * 2, sizeof(float));

	dir = tu_tmpdir();
	for (int i = 0; i < 48000; i++)
		buf[2 * i] = (float)(0.1 * sin(2 * M_PI * 440 * i / 48000.0));
	f = sf_open(tu_path(dir, "lr.wav"), SFM_WRITE, &info);
	sf_writef_float(f, buf, 48000);
	sf_close(f);
	free(buf);
	test_render();
	test_comp_unit();
	test_gate_unit();
	test_errors();
	test_engine();
	test_save();
	return done_testing();
}
