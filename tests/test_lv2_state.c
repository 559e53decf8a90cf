/* test_lv2_state.c — a plugin's state beyond its control ports (the LV2
 * state extension) saved beside the project and restored on load: x42
 * dpl keeps a setting of its own (its window's scale) there. A save
 * writes NAME.lv2state/STRIP.insertN and insert.N.state; a value changed
 * in that state by hand is kept by the next save; the bounce is the same
 * bytes before and after the round trip; a copy elsewhere points at the
 * folder; a missing or foreign state folder, and the key on a unit
 * without state, are errors at the key's line. x42's IR convolver keeps
 * its impulse response only in its state: set there, the bounce plays it
 * from the first frame, and a strip renamed in the file takes it along.
 * Skips, naming the package, where x42-plugins is absent. */
#include "render_testlib.h"
#include "bounce.h"
#include "dsp/unit.h"
#include "project_edit.h"
#include "project_testlib.h"
#include <sys/stat.h>

#define DPL "http://gareus.org/oss/lv2/dpl#stereo"
#define RATE 48000

static const char *dir;

static struct capture render(const struct project *p) { return render_project(p, 1); }

static void skip(int n, const char *why)
{
	for (int i = 0; i < n; i++)
		printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static bool installed(const char *uri)
{
	char spec[300], err[512];
	snprintf(spec, sizeof spec, "lv2 %s", uri);
	return unit_resolve(spec, err, sizeof err) || !strstr(err, "not installed");
}

static void write_stem(const char *path)
{
	SF_INFO info = {.samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f = sf_open(path, SFM_WRITE, &info);
	float buf[2 * 1000];
	for (int b = 0; b < 2 * RATE / 1000; b++) {
		for (int i = 0; i < 1000; i++) {
			long t = b * 1000L + i;
			buf[2 * i] = (float)(0.5 * sin(2 * M_PI * 220 * t / RATE));
			buf[2 * i + 1] = (float)(0.4 * sin(2 * M_PI * 331 * t / RATE));
		}
		sf_writef_float(f, buf, 1000);
	}
	sf_close(f);
}

/* The first error's line and message of loading path with its probe. */
static int load_error(const char *path, char *msg, size_t n)
{
	struct diags ds = {0};
	struct project *p = project_load(path, &ds);
	int line = 0;
	if (p && !ds.nerrors)
		project_probe(p, &ds);
	msg[0] = 0;
	for (int i = 0; i < ds.n && !line; i++)
		if (ds.d[i].level == DIAG_ERROR) {
			line = ds.d[i].line;
			snprintf(msg, n, "%s", ds.d[i].msg);
		}
	tap_diag("%d: %s", line, msg);
	project_free(p);
	diags_free(&ds);
	return line;
}

/* Replaces the first `from` in file path by `to`; false if absent. */
static bool edit_file(const char *path, const char *from, const char *to)
{
	size_t len;
	char *text = tu_read(path, &len), *at, *out;
	size_t n;
	if (!text || !(at = strstr(text, from))) {
		free(text);
		return false;
	}
	n = strlen(text) + strlen(to) + 1;
	out = malloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	tu_write(path, out);
	free(out);
	free(text);
	return true;
}

static void test_state(void)
{
	const char *ini = tu_path(dir, "s.ini");
	char path[4200], msg[1200], *text, state_ttl[4200];
	struct project *p;
	struct capture before, after;
	struct stat st;
	char err[512];
	int line;

	tu_write(ini, "[project]\nrate = 48000\n[track \"Lead vox\"]\nfile = stem.wav\n"
		      "insert.1 = lv2 " DPL "\ninsert.1.threshold = 0\n[master]\n");
	p = tu_load_path(ini, true);
	if (!ok(p != NULL, "a project with x42 dpl (state:interface) loads"))
		return;
	before = render(p);
	ok(project_save(p, NULL, err, sizeof err) == 0, "it saves (%s)", err);
	project_free(p);
	text = tu_read(ini, &(size_t){0});
	ok(text && strstr(text, "insert.1.state = s.lv2state/track-Lead_vox.insert1\n"),
	   "the save records insert.1.state = s.lv2state/track-Lead_vox.insert1 (%s)", text ? text : "");
	free(text);
	snprintf(state_ttl, sizeof state_ttl, "%s/s.lv2state/track-Lead_vox.insert1/state.ttl", dir);
	text = tu_read(state_ttl, &(size_t){0});
	ok(text && strstr(text, DPL) && strstr(text, "uiscale"),
	   "the state folder holds dpl's state (its uiscale) as an LV2 state file");
	tap_diag("%s", text ? text : "(no state.ttl)");
	free(text);
	snprintf(path, sizeof path, "%s/s.lv2state/track-Lead_vox.insert1.tmp", dir);
	ok(stat(path, &st) != 0, "no temporary folder is left behind");

	/* a value only the state holds, changed by hand (as another host
	 * would): the project loads with it and the next save keeps it */
	ok(edit_file(state_ttl, "\"1.0\"^^xsd:float", "\"1.25\"^^xsd:float"), "uiscale set to 1.25 in state.ttl");
	p = tu_load_path(ini, true);
	ok(p != NULL, "the project loads with its state");
	after = render(p);
	ok(capture_same(&before, &after), "the bounce after the round trip is the same bytes as before it");
	ok(p && project_save(p, NULL, err, sizeof err) == 0, "it saves again (%s)", err);
	project_free(p);
	text = tu_read(state_ttl, &(size_t){0});
	ok(text && strstr(text, "1.25"), "the next save keeps the state as it was set (uiscale 1.25)");
	free(text);
	free(before.l), free(before.r), free(after.l), free(after.r);

	/* :w FILE into another folder: the copy reads the same state folder */
	p = tu_load_path(ini, true);
	if (p) {
		size_t len;
		char *copy;
		snprintf(path, sizeof path, "%s/sub", dir);
		mkdir(path, 0777);
		snprintf(path, sizeof path, "%s/sub/copy.ini", dir);
		copy = project_text_for_copy(p, path, &len, err, sizeof err);
		/* absolute, as stems outside the copy's folder are; the copy
		 * is checked to load where it is before the text is given */
		ok(copy && strstr(copy, "insert.1.state = /") && strstr(copy, "/s.lv2state/track-Lead_vox.insert1\n"),
		   "a copy in another folder points insert.1.state at the project's state folder (%s)", copy ? "" : err);
		free(copy);
		project_free(p);
	} else {
		ok(0, "the project loads for a copy");
	}

	/* a missing state folder: the key's line, the path, the reason */
	snprintf(path, sizeof path, "%s/s.lv2state", dir);
	rename(path, tu_path(dir, "moved.lv2state"));
	line = load_error(ini, msg, sizeof msg);
	ok(line == 7 && strstr(msg, "insert.1.state") && strstr(msg, "s.lv2state/track-Lead_vox.insert1") &&
		   strstr(msg, "No such file"),
	   "a missing state folder is an error at its key's line, naming the folder and why (%d: %s)", line, msg);
	rename(tu_path(dir, "moved.lv2state"), path);

	/* the state of another plugin */
	{
		tu_write(tu_path(dir, "o.ini"), "[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\n"
						"insert.1 = lv2 http://gareus.org/oss/lv2/dpl#mono\n"
						"insert.1.state = s.lv2state/track-Lead_vox.insert1\n[master]\n");
		line = load_error(tu_path(dir, "o.ini"), msg, sizeof msg);
		ok(line == 6 && strstr(msg, "is the state of " DPL), "another plugin's state is refused at its line (%s)",
		   msg);
	}
	/* a unit with nothing beyond its parameters */
	tu_write(tu_path(dir, "u.ini"), "[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\n"
					"insert.1 = utility\ninsert.1.state = s.lv2state/x\n[master]\n");
	line = load_error(tu_path(dir, "u.ini"), msg, sizeof msg);
	ok(line == 6 && strstr(msg, "keeps no state"), "insert.N.state on a built-in unit is an error (%s)", msg);
}

/* A mono impulse of 0.5 at frame 0: the convolver's output is half its input. */
static void write_ir(const char *path)
{
	SF_INFO info = {.samplerate = RATE, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f = sf_open(path, SFM_WRITE, &info);
	float ir[480] = {0.5f};
	sf_writef_float(f, ir, 480);
	sf_close(f);
}

static double max_half_diff(const struct capture *dry, const struct capture *wet)
{
	double d = 0;
	if (!dry->n || dry->n != wet->n)
		return INFINITY;
	for (int64_t i = 0; i < dry->n; i++)
		d = fmax(d, fmax(fabs(wet->l[i] - 0.5 * dry->l[i]), fabs(wet->r[i] - 0.5 * dry->r[i])));
	return d;
}

/* State that changes the sound: x42's IR convolver keeps its impulse
 * response's file in its state, nowhere else. Set there (by hand, as
 * another host would), it must reach the instances the graph makes
 * (the bounce is half the dry mix), survive the next save, and follow a
 * strip renamed in the file into the new folder. */
static void test_convolver(void)
{
	const char *ini = tu_path(dir, "c.ini"), *zc = "http://gareus.org/oss/lv2/zeroconvolv#CfgMono";
	char state_ttl[4200], err[512], *text;
	struct capture dry, wet;
	struct project *p;
	double d;

	if (!installed(zc)) {
		skip(5, "x42-plugins not installed (x42 zeroconvolv)");
		return;
	}
	write_ir(tu_path(dir, "ir.wav"));
	p = tu_load_project(dir, "c.ini", "[project]\nrate = 48000\n[track \"Room\"]\nfile = stem.wav\n[master]\n");
	dry = render(p);
	project_free(p);
	/* buffered off: no latency, so the output lines up with the dry mix */
	tu_write(ini, "[project]\nrate = 48000\n[track \"Room\"]\nfile = stem.wav\n"
		      "insert.1 = lv2 http://gareus.org/oss/lv2/zeroconvolv#CfgMono\ninsert.1.buffered = off\n[master]\n");
	p = tu_load_path(ini, true);
	ok(p && project_save(p, NULL, err, sizeof err) == 0, "a project with the convolver saves (%s)", err);
	project_free(p);
	snprintf(state_ttl, sizeof state_ttl, "%s/c.lv2state/track-Room.insert1/state.ttl", dir);
	ok(edit_file(state_ttl, "CfgMono> .",
		     "CfgMono> ;\n\tstate:state [\n\t\t<http://gareus.org/oss/lv2/zeroconvolv#ir> <../../ir.wav>\n\t] ."),
	   "the impulse response set in its state.ttl");
	p = tu_load_path(ini, true);
	wet = render(p);
	d = max_half_diff(&dry, &wet);
	ok(d < 1e-6, "the state reaches the plugin in the graph: the bounce is half the dry mix (%.3g)", d);
	free(wet.l), free(wet.r);
	ok(p && project_save(p, NULL, err, sizeof err) == 0, "saved again (%s)", err);
	project_free(p);
	/* the strip renamed in the file: the next save copies the state */
	text = tu_read(ini, &(size_t){0});
	tu_write(ini, "");
	{
		char *at = strstr(text, "[track \"Room\"]");
		if (at)
			memcpy(at, "[track \"Hall\"]", 14);
		tu_write(ini, text);
	}
	free(text);
	p = tu_load_path(ini, true);
	if (p)
		project_save(p, NULL, err, sizeof err);
	project_free(p);
	p = tu_load_path(ini, true);
	text = tu_read(ini, &(size_t){0});
	wet = render(p);
	d = max_half_diff(&dry, &wet);
	ok(text && strstr(text, "insert.1.state = c.lv2state/track-Hall.insert1\n") && d < 1e-6,
	   "renamed, the state is copied to track-Hall.insert1 and still plays (%.3g)", d);
	free(text);
	project_free(p);
	free(wet.l), free(wet.r), free(dry.l), free(dry.r);
}

int main(void)
{
	dir = tu_tmpdir();
	write_stem(tu_path(dir, "stem.wav"));
	if (!installed(DPL))
		skip(14, "x42-plugins not installed (x42 dpl)");
	else
		test_state();
	test_convolver();
	return done_testing();
}
