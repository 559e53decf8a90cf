/* test_lv2.c — LV2 plugins through the unit interface (src/lv2/): the
 * parameter table read from port metadata (a bundle of Turtle files made
 * here, no binary needed), refusals that name their reason (not
 * installed, a missing host feature, ports tmix cannot connect), swh sc4
 * against lv2apply on the same stem, a mono plugin split over a stereo
 * strip, x42 dpl's atom ports and its reported latency checked against
 * the delay it really adds, a worker plugin, and no allocation, lock or
 * I/O from tmix's side while plugins process (rt_interpose.c counts them).
 * Tests that need a Debian plugin package skip, saying which, where it is
 * not installed. */
#include "dsp/unit.h"
#include "strip_insert.h"
#include "lv2/lv2_host.h"
#include "rt_interpose.h"
#include "tap.h"
#include "testutil.h"
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SC4 "http://plugin.org.uk/swh-plugins/sc4"
#define AMP "http://plugin.org.uk/swh-plugins/amp"
#define DPL "http://gareus.org/oss/lv2/dpl#stereo"
#define ZCONV "http://gareus.org/oss/lv2/zeroconvolv#Mono"
#define RATE 48000
#define BLOCK 256

static char err[1024];

static void skip(int n, const char *why)
{
	for (int i = 0; i < n; i++)
		printf("ok %d # SKIP %s\n", ++tap_n, why);
}

/* Whether a Debian package's plugin is here: anything but "not
 * installed" (a refusal for another reason is a failure to report). */
static bool installed(const char *uri)
{
	char spec[512];
	snprintf(spec, sizeof spec, "lv2 %s", uri);
	return unit_resolve(spec, err, sizeof err) != NULL || !strstr(err, "not installed");
}

static const struct unit_desc *resolve(const char *uri)
{
	char spec[512];
	snprintf(spec, sizeof spec, "lv2 %s", uri);
	return unit_resolve(spec, err, sizeof err);
}

static const char manifest[] =
	"@prefix lv2: <http://lv2plug.in/ns/lv2core#> .\n"
	"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
	"<urn:tmix:test#params> a lv2:Plugin ; lv2:binary <none.so> ; rdfs:seeAlso <plugins.ttl> .\n"
	"<urn:tmix:test#needs> a lv2:Plugin ; lv2:binary <none.so> ; rdfs:seeAlso <plugins.ttl> .\n"
	"<urn:tmix:test#three> a lv2:Plugin ; lv2:binary <none.so> ; rdfs:seeAlso <plugins.ttl> .\n"
	"<urn:tmix:test#cv> a lv2:Plugin ; lv2:binary <none.so> ; rdfs:seeAlso <plugins.ttl> .\n";

#define AUDIO_IO(i, o) \
	"[ a lv2:AudioPort, lv2:InputPort ; lv2:index " #i " ; lv2:symbol \"in\" ; lv2:name \"In\" ] , " \
	"[ a lv2:AudioPort, lv2:OutputPort ; lv2:index " #o " ; lv2:symbol \"out\" ; lv2:name \"Out\" ]"

static const char plugins[] =
	"@prefix lv2: <http://lv2plug.in/ns/lv2core#> .\n"
	"@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
	"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
	"@prefix pprops: <http://lv2plug.in/ns/ext/port-props#> .\n"
	"@prefix units: <http://lv2plug.in/ns/extensions/units#> .\n"
	"@prefix doap: <http://usefulinc.com/ns/doap#> .\n"
	"<urn:tmix:test#params> a lv2:Plugin, lv2:EQPlugin ; doap:name \"Params\" ; lv2:port " AUDIO_IO(0, 1) " ,\n"
	" [ a lv2:ControlPort, lv2:InputPort ; lv2:index 2 ; lv2:symbol \"mode\" ; lv2:name \"Mode\" ;"
	"   lv2:default 5 ; lv2:minimum 1 ; lv2:maximum 10 ; lv2:portProperty lv2:enumeration, lv2:integer ;"
	"   lv2:scalePoint [ rdfs:label \"ten\" ; rdf:value 10 ] , [ rdfs:label \"one\" ; rdf:value 1 ] ,"
	"   [ rdfs:label \"five\" ; rdf:value 5 ] ] ,\n"
	" [ a lv2:ControlPort, lv2:InputPort ; lv2:index 3 ; lv2:symbol \"on\" ; lv2:name \"On\" ;"
	"   lv2:default 1 ; lv2:minimum 0 ; lv2:maximum 1 ; lv2:portProperty lv2:toggled ] ,\n"
	" [ a lv2:ControlPort, lv2:InputPort ; lv2:index 4 ; lv2:symbol \"taps\" ; lv2:name \"Taps\" ;"
	"   lv2:default 4 ; lv2:minimum 1 ; lv2:maximum 16 ; lv2:portProperty lv2:integer ] ,\n"
	" [ a lv2:ControlPort, lv2:InputPort ; lv2:index 5 ; lv2:symbol \"freq\" ; lv2:name \"Frequency\" ;"
	"   lv2:default 1000 ; lv2:minimum 20 ; lv2:maximum 20000 ; lv2:portProperty pprops:logarithmic ;"
	"   units:unit units:hz ] ,\n"
	" [ a lv2:ControlPort, lv2:InputPort ; lv2:index 6 ; lv2:symbol \"gain\" ; lv2:name \"Gain\" ;"
	"   lv2:default 0 ; lv2:minimum -12 ; lv2:maximum 12 ; units:unit units:db ] ,\n"
	" [ a lv2:ControlPort, lv2:OutputPort ; lv2:index 7 ; lv2:symbol \"latency\" ; lv2:name \"Latency\" ;"
	"   lv2:designation lv2:latency ] .\n"
	"<urn:tmix:test#needs> a lv2:Plugin ; doap:name \"Needs\" ;"
	" lv2:requiredFeature <http://lv2plug.in/ns/ext/state#mapPath> ; lv2:port " AUDIO_IO(0, 1) " .\n"
	"<urn:tmix:test#three> a lv2:Plugin ; doap:name \"Three\" ; lv2:port " AUDIO_IO(0, 1) " ,\n"
	" [ a lv2:AudioPort, lv2:InputPort ; lv2:index 2 ; lv2:symbol \"in2\" ; lv2:name \"In 2\" ] ,\n"
	" [ a lv2:AudioPort, lv2:InputPort ; lv2:index 3 ; lv2:symbol \"in3\" ; lv2:name \"In 3\" ] .\n"
	"<urn:tmix:test#cv> a lv2:Plugin ; doap:name \"CV\" ; lv2:port " AUDIO_IO(0, 1) " ,\n"
	" [ a lv2:CVPort, lv2:InputPort ; lv2:index 2 ; lv2:symbol \"mod\" ; lv2:name \"Mod\" ] .\n";

static void test_refusals(void)
{
	const char *with[] = {"http://lv2plug.in/ns/ext/urid#map", "http://lv2plug.in/ns/ext/state#mapPath",
			      "http://lv2plug.in/ns/ext/options#options"};
	ok(!resolve("urn:tmix:no-such-plugin"), "an unknown URI is refused");
	ok(strstr(err, "urn:tmix:no-such-plugin") && strstr(err, "not installed"), "naming the URI: %s", err);
	is_str(lv2_first_missing(with, 3), with[1], "a synthetic feature list: the one tmix lacks is named");
	ok(!lv2_first_missing((const char *[]){with[0], with[2], "http://lv2plug.in/ns/ext/worker#schedule",
					       "http://lv2plug.in/ns/ext/buf-size#boundedBlockLength"}, 4),
	   "map, options, worker and boundedBlockLength are provided");
	ok(!resolve("urn:tmix:test#needs"), "a plugin requiring state:mapPath is refused");
	ok(strstr(err, "http://lv2plug.in/ns/ext/state#mapPath") != NULL, "naming the feature: %s", err);
	ok(!resolve("urn:tmix:test#three") && strstr(err, "3 audio inputs"), "3 audio inputs refused: %s", err);
	ok(!resolve("urn:tmix:test#cv") && strstr(err, "mod") && strstr(err, "CV"), "a CV port refused: %s", err);
}

static void test_params(void)
{
	const struct unit_desc *d = resolve("urn:tmix:test#params");
	const struct unit_param *p;
	if (!ok(d != NULL, "the metadata-only plugin resolves (%s)", d ? d->name : err))
		return;
	is_int(d->nparams, 5, "one parameter per control input (the latency output is not one)");
	p = &d->params[unit_param_find(d, "mode")];
	ok(p->kind == UPK_ENUM && p->max == 2 && p->labels && !strcmp(p->labels[0], "one") &&
		   !strcmp(p->labels[1], "five") && !strcmp(p->labels[2], "ten") && !p->labels[3],
	   "enumeration: labels sorted by value");
	is_near(p->def, 1, 0, "enumeration: the default is the index of its scale point");
	p = &d->params[unit_param_find(d, "on")];
	ok(p->kind == UPK_TOGGLE && p->def == 1, "toggled -> a toggle, default on");
	p = &d->params[unit_param_find(d, "taps")];
	ok(p->kind == UPK_STEPPED && p->min == 1 && p->max == 16 && p->def == 4 && p->step == 1,
	   "integer -> stepped 1..16, default 4");
	p = &d->params[unit_param_find(d, "freq")];
	ok(p->log && !strcmp(p->unit, "Hz") && p->min == 20 && p->max == 20000 && p->def == 1000,
	   "logarithmic with units:hz -> log steps, \"Hz\"");
	/* the panel's h/l and H/L: a twelfth and a third of an octave (once
	 * a fraction of a grid point, truncated to none: the keys did nothing) */
	is_near(insert_param_step(p, 1000, +1, false), 1060, 0, "a log port steps a twelfth of an octave: 1 kHz -> 1.06 kHz");
	is_near(insert_param_step(p, 1000, -1, true), 794, 0, "and a third of an octave coarse: 1 kHz -> 794 Hz");
	p = &d->params[unit_param_find(d, "gain")];
	ok(p->kind == UPK_CONTINUOUS && !p->log && !strcmp(p->unit, "dB") && p->min == -12 && !strcmp(p->help, "Gain"),
	   "units:db -> \"dB\", its name as help");
	ok(strstr(d->help, "Params") != NULL, "the unit's help names the plugin: %s", d->help);
}

struct seen { int latency; bool found; };
static void seen_params(const struct lv2_info *in, void *ctx)
{
	struct seen *s = ctx;
	if (!strcmp(in->uri, "urn:tmix:test#params")) {
		s->found = true;
		s->latency = in->latency;
	}
}

/* A stereo test stem: two tones under a slow swell, left and right apart. */
static void stem(float *l, float *r, long n)
{
	for (long i = 0; i < n; i++) {
		double env = 0.05 + 0.9 * (0.5 - 0.5 * cos(2 * M_PI * 1.5 * i / RATE));
		l[i] = (float)(env * sin(2 * M_PI * 220 * i / RATE));
		r[i] = (float)(env * 0.7 * sin(2 * M_PI * 331 * i / RATE + 1));
	}
}

static void write_stereo(const char *path, const float *l, const float *r, long n)
{
	SF_INFO info = {.samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f = sf_open(path, SFM_WRITE, &info);
	float *buf = malloc(sizeof *buf * (size_t)n * 2);
	for (long i = 0; i < n; i++) {
		buf[2 * i] = l[i];
		buf[2 * i + 1] = r[i];
	}
	sf_writef_float(f, buf, n);
	sf_close(f);
	free(buf);
}

static long read_stereo(const char *path, float *l, float *r, long n)
{
	SF_INFO info = {0};
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	float *buf = malloc(sizeof *buf * (size_t)n * 2);
	long got = f && info.channels == 2 ? (long)sf_readf_float(f, buf, n) : -1;
	for (long i = 0; i < got; i++) {
		l[i] = buf[2 * i];
		r[i] = buf[2 * i + 1];
	}
	if (f)
		sf_close(f);
	free(buf);
	return got;
}

/* Runs a whole stereo signal through a unit in blocks of BLOCK. */
static void run_unit(const struct unit_desc *d, void *u, float *l, float *r, long n, int nch)
{
	for (long i = 0; i < n; i += BLOCK) {
		int m = (int)(n - i < BLOCK ? n - i : BLOCK);
		float *ch[2] = {l + i, r + i};
		d->process(u, ch, nch, m, NULL);
	}
}

static double rms(const float *x, long n)
{
	double s = 0;
	for (long i = 0; i < n; i++)
		s += (double)x[i] * x[i];
	return sqrt(s / n);
}

static void test_sc4(const char *dir)
{
	const long n = 3 * RATE;
	float *l = malloc(sizeof *l * n), *r = malloc(sizeof *r * n), *el = malloc(sizeof *el * n),
	      *er = malloc(sizeof *er * n);
	const struct unit_desc *d;
	char cmd[2048];
	double diff = 0, rin;
	void *u;

	if (!installed(SC4)) {
		skip(7, "swh-lv2 not installed (swh sc4)");
		goto out;
	}
	d = resolve(SC4);
	ok(d && d->nparams == 7 && d->params[unit_param_find(d, "threshold")].min == -30 &&
		   d->params[unit_param_find(d, "ratio")].max == 20,
	   "sc4: 7 parameters, threshold from -30, ratio up to 20");
	ok(d && !strcmp(d->params[unit_param_find(d, "threshold")].unit, "dB") &&
		   !strcmp(d->params[unit_param_find(d, "threshold")].help, "Threshold level") &&
		   !strcmp(d->params[unit_param_find(d, "attack")].unit, "ms") &&
		   !strcmp(d->params[unit_param_find(d, "ratio")].unit, ""),
	   "sc4: no units:unit, so the unit comes from its name: \"Threshold level (dB)\" is dB, "
	   "\"Ratio (1:n)\" none");
	if (system("command -v lv2apply >/dev/null 2>&1") != 0) {
		skip(5, "lilv-utils not installed (lv2apply)");
		goto out;
	}
	stem(l, r, n);
	write_stereo(tu_path(dir, "in.wav"), l, r, n);
	snprintf(cmd, sizeof cmd, "lv2apply -i %s -o %s -c ratio 8 -c threshold -30 %s", tu_path(dir, "in.wav"),
		 tu_path(dir, "out.wav"), SC4);
	ok(system(cmd) == 0, "lv2apply ran sc4");
	is_int(read_stereo(tu_path(dir, "out.wav"), el, er, n), n, "lv2apply wrote every frame");

	u = d->create(d, RATE, BLOCK, 2, err, sizeof err);
	ok(u != NULL, "sc4 instantiates on a stereo strip (%s)", u ? "ok" : err);
	if (!u)
		goto out;
	d->set(u, unit_param_find(d, "ratio"), 8);
	d->set(u, unit_param_find(d, "threshold"), -30);
	rin = rms(l, n);
	run_unit(d, u, l, r, n, 2);
	for (long i = 0; i < n; i++)
		diff = fmax(diff, fmax(fabs(l[i] - el[i]), fabs(r[i] - er[i])));
	tap_diag("sc4 ratio 8 threshold -30: largest difference from lv2apply %.3g", diff);
	ok(diff <= 1e-6, "sc4 through the unit interface matches lv2apply within 1e-6 (%.3g)", diff);
	ok(rms(l, n) < 0.6 * rin, "the compressor pulled the level down (rms %.3f from %.3f)", rms(l, n), rin);
	d->destroy(u);
out:
	free(l);
	free(r);
	free(el);
	free(er);
}

/* swh amp (1 in, 1 out) on a stereo strip: two instances, each channel
 * its own, not a mix. */
static void test_mono_split(void)
{
	const struct unit_desc *d;
	float l[BLOCK], r[BLOCK];
	float *ch[2] = {l, r};
	double worst = 0;
	void *u;
	if (!installed(AMP)) {
		skip(2, "swh-lv2 not installed (swh amp)");
		return;
	}
	d = resolve(AMP);
	u = d ? d->create(d, RATE, BLOCK, 2, err, sizeof err) : NULL;
	if (!ok(u != NULL, "amp (mono) instantiates on a stereo strip (%s)", u ? "ok" : err))
		return;
	d->set(u, unit_param_find(d, "gain"), 20 * log10(2.0));
	for (int i = 0; i < BLOCK; i++) {
		l[i] = (float)sin(i * 0.1);
		r[i] = i % 7 ? 0.25f : -0.5f;
	}
	d->process(u, ch, 2, BLOCK, NULL);
	for (int i = 0; i < BLOCK; i++)
		worst = fmax(worst, fmax(fabs(l[i] - 2 * sin(i * 0.1)), fabs(r[i] - (i % 7 ? 0.5 : -1.0))));
	ok(worst < 1e-5, "each channel through its own instance, +6 dB (worst error %.3g)", worst);
	d->destroy(u);
}

/* dpl: atom ports (empty sequences), a latency port. The impulse comes
 * out exactly as late as the plugin says. */
static void test_dpl(void)
{
	const long n = 4 * BLOCK;
	float l[4 * BLOCK] = {0}, r[4 * BLOCK] = {0};
	const struct unit_desc *d;
	long peak = -1;
	int lat;
	void *u;
	if (!installed(DPL)) {
		skip(3, "x42-plugins not installed (x42 dpl)");
		return;
	}
	d = resolve(DPL);
	u = d ? d->create(d, RATE, BLOCK, 2, err, sizeof err) : NULL;
	if (!ok(u != NULL, "x42 dpl (atom ports) instantiates (%s)", u ? "ok" : err))
		return;
	lat = d->latency(u);
	ok(lat > 0 && lat < n - 1, "dpl reports its latency after create: %d frames", lat);
	l[1] = r[1] = 0.1f; /* far below the -1 dB threshold: passed untouched */
	run_unit(d, u, l, r, n, 2);
	for (long i = 0; i < n; i++)
		if (fabsf(l[i]) > 0.05f && peak < 0)
			peak = i;
	is_int(peak - 1, lat, "the impulse comes out as late as the reported latency");
	d->destroy(u);
}

static void test_worker(void)
{
	const struct unit_desc *d;
	float x[BLOCK] = {0};
	float *ch[1] = {x};
	void *u;
	if (!installed(ZCONV)) {
		skip(1, "x42-plugins not installed (zeroconvolv, which needs worker:schedule)");
		return;
	}
	d = resolve(ZCONV);
	u = d ? d->create(d, RATE, BLOCK, 1, err, sizeof err) : NULL;
	ok(u != NULL, "zeroconvolv (requires worker:schedule) instantiates and runs (%s)", u ? "ok" : err);
	for (int i = 0; u && i < 8; i++)
		d->process(u, ch, 1, BLOCK, NULL);
	if (u)
		d->destroy(u);
}

/* Allocation, locks and I/O made on this thread while plugins process,
 * counted by the interposer (sc4, dpl and a split mono plugin). */
static void test_rtsafe(void)
{
	const char *uris[] = {SC4, DPL, AMP};
	const struct unit_desc *d[3];
	void *u[3];
	float l[BLOCK], r[BLOCK];
	float *ch[2] = {l, r};
	for (int k = 0; k < 3; k++)
		if (!installed(uris[k])) {
			skip(1, "swh-lv2 or x42-plugins not installed");
			return;
		}
	for (int k = 0; k < 3; k++) {
		d[k] = resolve(uris[k]);
		u[k] = d[k]->create(d[k], RATE, BLOCK, 2, err, sizeof err);
	}
	atomic_store(&rt_violations, 0);
	rt_enter();
	for (int b = 0; b < 200; b++) {
		for (int i = 0; i < BLOCK; i++)
			l[i] = r[i] = (float)sin((b * BLOCK + i) * 0.05) * (b % 3 ? 0.9f : 0.1f);
		for (int k = 0; k < 3; k++) {
			d[k]->set(u[k], b % d[k]->nparams, d[k]->params[b % d[k]->nparams].def);
			d[k]->process(u[k], ch, 2, BLOCK - b % 5, NULL);
		}
	}
	rt_exit();
	if (RT_COUNTS_MALLOC)
		ok(atomic_load(&rt_violations) == 0, "no allocation, lock or I/O while plugins process (%u; first %s)",
		   atomic_load(&rt_violations), atomic_load(&rt_first_violation) ? atomic_load(&rt_first_violation) : "-");
	else
		ok(atomic_load(&rt_violations) == 0, "no lock or I/O while plugins process (allocation not counted "
		   "under a sanitizer)");
	for (int k = 0; k < 3; k++)
		d[k]->destroy(u[k]);
}

struct found { int n; bool params, needs; char last[200]; };
static void found_uri(const char *uri, void *ctx)
{
	struct found *f = ctx;
	f->n++;
	f->params |= !strcmp(uri, "urn:tmix:test#params");
	f->needs |= !strcmp(uri, "urn:tmix:test#needs");
	snprintf(f->last, sizeof f->last, "%s", uri);
}

/* Tab completion: a URI prefix (any case), else a word of the name. */
static void test_complete(void)
{
	struct found f = {0};
	lv2_complete("URN:TMIX:test#", found_uri, &f);
	ok(f.n == 4 && f.params && f.needs, "URIs by prefix, any case: the 4 test plugins (%d)", f.n);
	memset(&f, 0, sizeof f);
	lv2_complete("arams", found_uri, &f);
	ok(f.n >= 1 && f.params, "no URI starts with it: a word inside a name or URI finds the plugin (%s)", f.last);
	memset(&f, 0, sizeof f);
	is_int(lv2_complete("zzqq-none", found_uri, &f), 0, "a word nothing has: no candidates");
}

int main(void)
{
	const char *dir = tu_tmpdir();
	const char *old = getenv("LV2_PATH");
	char path[4096], cmd[600];
	struct seen s = {0};

	/* the test bundle first, then where Debian's packages put plugins */
	mkdir(tu_path(dir, "lv2"), 0700);
	mkdir(tu_path(dir, "lv2/test.lv2"), 0700);
	tu_write(tu_path(dir, "lv2/test.lv2/manifest.ttl"), manifest);
	tu_write(tu_path(dir, "lv2/test.lv2/plugins.ttl"), plugins);
	snprintf(path, sizeof path, "%s/lv2:%s", dir,
		 old && *old ? old : "/usr/lib/x86_64-linux-gnu/lv2:/usr/lib/aarch64-linux-gnu/lv2:/usr/lib/lv2:/usr/local/lib/lv2");
	setenv("LV2_PATH", path, 1);

	test_refusals();
	test_params();
	test_complete();
	lv2_list(seen_params, &s);
	ok(s.found && s.latency == -1, "tmix plugins: a latency port shows as \"reports\"");
	test_sc4(dir);
	test_mono_split();
	test_dpl();
	test_worker();
	test_rtsafe();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd))
		tap_diag("could not remove %s", dir);
	return done_testing();
}
