/* test_project.c — loading: every key kind, every error with its line,
 * CRLF, BOM, UTF-8 names, comments everywhere, whole-file checks. */
#include "project.h"
#include "tap.h"
#include "testutil.h"

static const char *dir;

/* Loads text as a project; returns it (or NULL) with diagnostics. */
static struct project *load_text(const char *text, struct diags *ds, bool probe)
{
	const char *path = tu_path(dir, "p.ini");
	struct project *p;
	tu_write(path, text);
	*ds = (struct diags){0};
	p = project_load(path, ds);
	if (p && probe)
		project_probe(p, ds);
	return p;
}

/* True when the load reports an error at line containing needle. */
static int has_error(const struct diags *ds, int line, const char *needle)
{
	for (int i = 0; i < ds->n; i++)
		if (ds->d[i].level == DIAG_ERROR && ds->d[i].line == line && strstr(ds->d[i].msg, needle))
			return 1;
	for (int i = 0; i < ds->n; i++)
		tap_diag("line %d: %s%s", ds->d[i].line, ds->d[i].level ? "" : "warning: ", ds->d[i].msg);
	return 0;
}

static void expect_error(const char *text, int line, const char *needle, const char *what)
{
	struct diags ds;
	struct project *p = load_text(text, &ds, true);
	ok(ds.nerrors >= 1 && has_error(&ds, line, needle), "%s: error on line %d", what, line);
	project_free(p);
	diags_free(&ds);
}

static const char *full =
	"\xEF\xBB\xBF; a full project\r\n"
	"[project]\r\n"
	"name = Full  ; inline comment\r\n"
	"rate = 48000\r\n"
	"tempo = 96\r\n"
	"panlaw = -4.5 dB\r\n"
	"loop = 0:10 - 0:20\r\n"
	"\r\n"
	"# hash comments too\r\n"
	"[track \"Bäss DI\"]\r\n"
	"  file = a.wav\r\n"
	"  colour = orange\r\n"
	"  start = 1:00.5\r\n"
	"  trim = +3 dB\r\n"
	"  gain = -inf\r\n"
	"  pan = L30\r\n"
	"  width = 50 %\r\n"
	"  invert = yes\r\n"
	"  mute = on\r\n"
	"  solo = 1\r\n"
	"  output = Drums\r\n"
	"  hpf = 30Hz\r\n"
	"  hpf.slope = 24\r\n"
	"  lpf = 12k\r\n"
	"  eq.1 = bell 60 Hz +2 dB q 1.2\r\n"
	"  eq.2 = lowshelf 100Hz -3\r\n"
	"  eq.3 = highshelf 8 kHz +2 dB\r\n"
	"  eq.8 = notch 50 Hz q 10\r\n"
	"  gate.threshold = -50 dB\r\n"
	"  gate.range = -30\r\n"
	"  gate.attack = 0.5 ms\r\n"
	"  gate.hold = 0.1 s\r\n"
	"  gate.release = 200\r\n"
	"  comp.threshold = -20 dB\r\n"
	"  comp.ratio = 3:1\r\n"
	"  comp.attack = 5 ms\r\n"
	"  comp.release = 80 ms\r\n"
	"  comp.knee = 0\r\n"
	"  comp.makeup = auto\r\n"
	"  send.Plate = -14 dB pre\r\n"
	"  auto.gain = 0:00 -2.5, 1:10 -2.5, 1:12 -1\r\n"
	"  auto.pan = 0 L20, 10 R20\r\n"
	"  auto.mute = 0 no, 5 yes\r\n"
	"  auto.send.Plate = 2:30 -14, 2:50 -inf\r\n"
	"[bus \"Drums\"]\r\n"
	"comp.threshold = -10 dB\r\n"
	"[bus \"Plate\"]\r\n"
	"fx = reverb\r\n"
	"reverb.size = 70 %\r\n"
	"reverb.decay = 2.4 s\r\n"
	"reverb.damping = 40\r\n"
	"reverb.predelay = 25 ms\r\n"
	"reverb.width = 80 %\r\n"
	"[bus \"Echo\"]\r\n"
	"fx = delay\r\n"
	"delay.time = 1/8.\r\n"
	"delay.feedback = 35 %\r\n"
	"delay.tone = 4 kHz\r\n"
	"delay.pingpong = yes\r\n"
	"[master]\r\n"
	"comp.threshold = -8 dB\r\n"
	"limiter = -1 dBTP\r\n"
	"limiter.release = 80 ms\r\n"
	"target = -14 LUFS\r\n"
	"[markers]\r\n"
	"Verse 1 = 0:10\r\n"
	"Intro = 0:00\r\n"
	"[reference \"Pro\"]\r\n"
	"file = a.wav\r\n"
	"start = 2\r\n";

static void test_full(void)
{
	struct diags ds;
	struct project *p = load_text(full, &ds, true);
	struct strip *t, *m, *e, *pl;

	ok(p && ds.n == 0, "a project using every key loads with no message");
	for (int i = 0; i < ds.n; i++)
		tap_diag("line %d: %s", ds.d[i].line, ds.d[i].msg);
	if (!p)
		return;
	is_int(p->ntracks, 1, "one track");
	is_int(p->nbuses, 3, "three buses");
	is_int(p->nstrips, 5, "tracks + buses + master");
	is_str(p->proj.name, "Full", "project name without inline comment");
	is_near(p->proj.v[P_TEMPO], 96, 0, "tempo");
	is_near(p->proj.v[P_PANLAW], -4.5, 0, "panlaw");
	is_near(p->proj.v[P_LOOP], 10, 1e-9, "loop start");
	is_near(p->loop_end, 20, 1e-9, "loop end");
	t = p->strips[0];
	is_str(t->name, "Bäss DI", "UTF-8 track name");
	is_int(t->colour, 208, "orange");
	{
		struct strip *b = strip_new(SK_TRACK, "Bäss");
		is_int(strip_colour(b), 3, "colour by name works for UTF-8 names: Bäss is a bass, yellow");
		free(b->name);
		free(b);
	}
	is_near(t->v[P_START], 60.5, 1e-9, "start 1:00.5");
	ok(isinf(t->v[P_GAIN]) && t->v[P_GAIN] < 0, "gain -inf");
	is_near(t->v[P_PAN], -30, 0, "pan L30");
	is_near(t->v[P_WIDTH], 50, 0, "width");
	ok(t->v[P_INVERT] && t->v[P_MUTE] && t->v[P_SOLO], "booleans");
	is_int(t->output, 1, "output bound to the Drums bus");
	is_near(t->v[P_HPF], 30, 0, "hpf 30Hz");
	is_near(t->v[P_HPF_SLOPE], 24, 0, "hpf.slope 24");
	is_near(t->v[P_LPF], 12000, 0, "lpf 12k");
	ok(t->mode[P_LPF] == PM_VALUE && t->mode[P_HPF] == PM_VALUE, "filters on");
	ok(t->eq[0].type == EQT_BELL && t->eq[0].freq == 60 && t->eq[0].gain == 2 && t->eq[0].q == 1.2, "eq.1 bell");
	ok(t->eq[1].type == EQT_LOWSHELF && t->eq[1].freq == 100 && t->eq[1].gain == -3, "eq.2 lowshelf");
	ok(t->eq[2].type == EQT_HIGHSHELF && t->eq[2].freq == 8000, "eq.3 highshelf");
	ok(t->eq[7].type == EQT_NOTCH && t->eq[7].q == 10, "eq.8 notch");
	ok(t->eq[3].type == EQT_OFF, "eq.4 off");
	is_near(t->v[P_GATE_HOLD], 100, 1e-9, "gate.hold 0.1 s = 100 ms");
	is_near(t->v[P_COMP_RATIO], 3, 0, "ratio 3:1");
	ok(t->mode[P_COMP_MAKEUP] == PM_AUTO, "makeup auto");
	ok(t->nsends == 1 && t->sends[0].pre && t->sends[0].level == -14 && t->sends[0].bus == 2, "pre send to Plate");
	is_int(t->lane_gain.n, 3, "gain lane points");
	is_near(lane_value(&t->lane_gain, 71), -1.75, 1e-9, "gain lane interpolates linearly in dB");
	is_near(lane_value(&t->lane_pan, 5), 0, 1e-9, "pan lane midpoint");
	is_near(lane_value(&t->lane_mute, 6), 1, 0, "mute lane");
	ok(t->sends[0].lane.n == 2 && isinf(t->sends[0].lane.pt[1].v), "send lane to -inf");
	pl = p->strips[2];
	ok(pl->fx == FX_REVERB && pl->v[P_REVERB_DECAY] == 2.4 && pl->v[P_REVERB_PREDELAY] == 25, "reverb bus");
	e = p->strips[3];
	ok(e->fx == FX_DELAY && e->mode[P_DELAY_TIME] == PM_NOTE, "delay time as a note");
	is_near(strip_delay_ms(p, e), 468.75, 1e-9, "1/8. at 96 BPM = 468.75 ms");
	m = project_master(p);
	ok(m->kind == SK_MASTER && m->v[P_LIMITER] == -1 && m->mode[P_LIMITER] == PM_VALUE, "master limiter");
	is_near(m->v[P_TARGET], -14, 0, "target");
	ok(p->nmarkers == 2 && !strcmp(p->markers[0].name, "Intro"), "markers, in time order");
	ok(p->nrefs == 1 && p->refs[0].start == 2 && p->refs[0].channels == 1, "reference probed");
	ok(t->channels == 1 && t->stem_rate == 48000, "stem probed");
	ok(p->bom && !strcmp(p->lines[1].eol, "\r\n"), "BOM and CRLF remembered");
	project_free(p);
	diags_free(&ds);
}

static void test_errors(void)
{
	struct diags ds;
	struct project *p;

	expect_error("[track \"K\"]\nfile = a.wav\ncomp.ratio = 0.5\n", 3, "between 1 and 100", "ratio out of range");
	expect_error("[track \"K\"]\nfile = a.wav\n\ngain = loud\n", 4, "dB", "unparseable gain");
	expect_error("[track \"K\"]\nfile = a.wav\ngain = 13 dB\n", 3, "between -90 and 12", "gain above +12");
	expect_error("[track \"K\"]\nfile = a.wav\npan = L130\n", 3, "-100", "pan out of range");
	expect_error("[track \"K\"]\nfile = a.wav\ngain = -3\n; c\ngain = -4\n", 5, "duplicate key 'gain'", "duplicate key");
	expect_error("[track \"K\"]\nfile = a.wav\nGAIN = -3\ngain = -4\n", 4, "duplicate key", "duplicate key, other case");
	expect_error("[track \"K\"]\nfile = a.wav\n[bus \"K\"]\n", 3, "duplicate name", "duplicate track/bus name");
	expect_error("[track \"K\"]\nfile = a.wav\nsend.Nope = -3\n", 3, "no effect bus named \"Nope\"", "send to a missing bus");
	expect_error("[track \"K\"]\nfile = a.wav\noutput = Nope\n", 3, "no group bus named \"Nope\"", "output to a missing bus");
	expect_error("[track \"K\"]\nfile = a.wav\n[bus \"A\"]\noutput = B\n[bus \"B\"]\noutput = A\n", 3, "cycle",
		     "routing cycle");
	expect_error("[track \"K\"]\nfile = missing.wav\n", 2, "missing.wav", "missing stem");
	expect_error("[track \"K\"]\nfile = text.wav\n", 2, "cannot read", "a text file named .wav");
	expect_error("[track \"K\"]\nfile = six.wav\n", 2, "6 channels", "a six-channel stem");
	expect_error("[track \"K\"]\nfile = .\n", 2, "directory", "a directory as stem");
	expect_error("[track \"K\"]\n", 1, "no file", "a track without a file");
	expect_error("[track \"K\"\nfile = a.wav\n", 1, "']'", "missing ]");
	expect_error("[track K]\nfile = a.wav\n", 1, "double quotes", "unquoted name");
	expect_error("gain = 1\n[master]\n", 1, "before any", "key before a section");
	expect_error("[master]\njust words\n", 2, "KEY = VALUE", "line without =");
	expect_error("[master]\neq.9 = bell 1k +3\n", 2, "eq.1 to eq.8", "eq.9");
	expect_error("[master]\neq.1 = wobble 1k +3\n", 2, "TYPE FREQ", "bad eq type");
	expect_error("[master]\neq.1 = bell 30 kHz +3\n", 2, "TYPE FREQ", "eq frequency out of range");
	expect_error("[track \"K\"]\nfile = a.wav\nauto.gain = 0:10 -3, 0:05 -4\n", 3, "backwards", "lane going back in time");
	expect_error("[track \"K\"]\nfile = a.wav\nauto.gain = 0:10\n", 3, "TIME VALUE", "lane point without value");
	expect_error("[bus \"E\"]\nfx = delay\ndelay.time = 1/8.\n", 3, "tempo", "note length without tempo");
	expect_error("[project]\npanlaw = -2 dB\n", 2, "-4.5", "odd pan law");
	expect_error("[project]\nloop = 0:20 - 0:10\n", 2, "after it starts", "backward loop");
	expect_error("[bus \"R\"]\nfx = chorus\n", 2, "reverb or delay", "unknown fx");
	expect_error("[master]\n[master]\n", 2, "twice", "two [master] sections");
	expect_error("[markers]\nVerse = soon\n", 2, "marker time", "bad marker time");
	expect_error("[track \"K\"]\nfile = a.wav\ncolour = mauve\n", 3, "grey", "unknown colour");

	/* every error, not only the first */
	p = load_text("[track \"K\"]\nfile = a.wav\ngain = x\npan = y\nwidth = 300\n", &ds, false);
	ok(!p || ds.nerrors == 3, "three errors reported together (got %d)", ds.nerrors);
	project_free(p);
	diags_free(&ds);

	/* warnings */
	p = load_text("[track \"Kick\"]\nfile = a.wav\ngian = -4 dB\nlimiter = -1\n[bus \"B\"]\nreverb.size = 20\n", &ds, true);
	ok(p && ds.nerrors == 0 && ds.n == 3, "unknown keys and misplaced keys are warnings");
	ok(ds.n >= 1 && ds.d[0].line == 3 && strstr(ds.d[0].msg, "did you mean 'gain'"), "did-you-mean suggestion");
	ok(ds.n >= 2 && ds.d[1].line == 4 && strstr(ds.d[1].msg, "not a key of"), "master key on a track");
	ok(ds.n >= 3 && ds.d[2].line == 6 && strstr(ds.d[2].msg, "not fx = reverb"), "reverb key on a group bus");
	project_free(p);
	diags_free(&ds);
}

static void test_lines(void)
{
	struct diags ds;
	struct project *p;
	char *big = malloc(300000), *q = big;

	/* indented keys are keys, not continuations of the previous value */
	p = load_text("[track \"K\"]\nfile = a.wav\n    gain = -3\n\tpan = R10\n", &ds, false);
	ok(p && ds.nerrors == 0 && p->strips[0]->v[P_GAIN] == -3 && p->strips[0]->v[P_PAN] == 10, "indented keys");
	project_free(p);
	diags_free(&ds);

	/* a line longer than inih's buffer is read whole, not split */
	q += sprintf(q, "[track \"K\"]\nfile = a.wav\nauto.gain = ");
	for (int i = 0; i < 10000; i++)
		q += sprintf(q, "%s%d.%d -%d", i ? ", " : "", i / 10, i % 10, i % 30);
	q += sprintf(q, "\ngain = -2\n");
	p = load_text(big, &ds, false);
	ok(p && ds.nerrors == 0 && p->strips[0]->lane_gain.n == 10000 && p->strips[0]->v[P_GAIN] == -2,
	   "a 10,000-point lane on one line");
	project_free(p);
	diags_free(&ds);

	/* a long section name is not cut short */
	q = big;
	q += sprintf(q, "[track \"");
	for (int i = 0; i < 500; i++)
		*q++ = 'a' + i % 26;
	q += sprintf(q, "\"]\nfile = a.wav\n");
	p = load_text(big, &ds, false);
	ok(p && ds.nerrors == 0 && strlen(p->strips[0]->name) == 500, "a 500-byte track name");
	project_free(p);
	diags_free(&ds);

	/* ':' before '=' in a marker name */
	p = load_text("[markers]\nPart 2: Chorus = 1:20\n", &ds, false);
	ok(p && ds.nerrors == 0 && p->nmarkers == 1 && !strcmp(p->markers[0].name, "Part 2: Chorus") &&
	   p->markers[0].t == 80, "a marker name with ':'");
	project_free(p);
	diags_free(&ds);
	free(big);
}

/* fuzz finding: a marker name given twice (an error) made two markers of
 * one name, which every save wrote out again as new lines. */
static void test_duplicate_markers(void)
{
	static const char text[] = "[markers]\na = 1\nA = 2\na = 3\n[markers]\n";
	struct diags ds;
	struct project *p = load_text(text, &ds, false);
	size_t len;
	char *out;

	ok(p && has_error(&ds, 3, "duplicate key"), "a marker name given twice is an error");
	ok(p && p->nmarkers == 1 && p->markers[0].t == 3, "the later time wins, as for any repeated key");
	out = p ? project_render_text(p, &len) : NULL;
	ok(out && len == strlen(text) && !memcmp(out, text, len), "an untouched save leaves the file as it was");
	free(out);
	/* :marker goes through the same rule */
	ok(p && project_set_marker(p, "A", 5) == 0 && p->nmarkers == 1 && p->markers[0].t == 5,
	   "setting a marker by another case of its name moves it");
	ok(p && project_set_marker(p, "b", 6) == 1 && p->nmarkers == 2, "a new name adds one");
	project_free(p);
	diags_free(&ds);
}

/* auto.width and auto.mode load; a lane edited and saved keeps the unit
 * the file wrote its values with, and its times as M:SS.sss. */
static void test_lane_keys(void)
{
	static const char text[] = "[track \"T\"]\nfile = a.wav\nauto.mode = touch ; rides\n"
		"auto.width = 0:01 50 %, 0:02.5 150 %\nauto.gain = 0 -6 dB, 1.25 -3 dB ; kept\n";
	struct diags ds;
	struct project *p = load_text(text, &ds, false);
	struct strip *t = p && p->nstrips ? p->strips[0] : NULL;
	char err[128], *out;
	size_t len;

	ok(t && ds.nerrors == 0 && strip_auto_mode(t) == AM_TOUCH, "auto.mode = touch loads");
	ok(t && t->lane_width.n == 2 && lane_value(&t->lane_width, 1.75) == 100, "auto.width is a lane in %");
	ok(t && !strip_set(p, t, "auto.gain", "0:00 -5 dB, 0:01.25 -2 dB", err, sizeof err), "a lane set again");
	out = p ? project_render_text(p, &len) : NULL;
	ok(out && strstr(out, "auto.gain = 0:00 -5 dB, 0:01.25 -2 dB ; kept\n") &&
	   strstr(out, "auto.mode = touch ; rides\n"), "saved in place with its unit, M:SS.sss times and comment");
	free(out);
	ok(t && strip_set(p, t, "auto.mode", "sometimes", err, sizeof err) && strstr(err, "off, read, touch, latch or write"),
	   "a wrong mode names the five");
	project_free(p);
	diags_free(&ds);
}

/* A marker's name is a key in the file: one that would not read back as
 * itself is refused before it is saved. */
static void test_marker_names(void)
{
	static const char *const bad[] = {"", " Verse", "Verse ", "[bridge]", "intro = count-in", "2:30",
					  "#2", "Verse ; alt", "a\tb", "x\x1b[31m"};
	static const char *const good[] = {"Verse 2", "Chorus (last)", "Bäss drop", "x[", "a]"};
	char why[128];
	struct diags ds;
	struct project *p;
	int nbad = 0, ngood = 0;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		nbad += !project_marker_name_ok(bad[i], why, sizeof why) && *why;
	ok(nbad == (int)(sizeof bad / sizeof bad[0]), "names with = : ; # [ at the start, edge blanks or controls are refused");
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		ngood += project_marker_name_ok(good[i], why, sizeof why);
	ok(ngood == (int)(sizeof good / sizeof good[0]), "ordinary names pass");
	p = load_text("[markers]\nVerse 2 ; alt = 1:00\n", &ds, false);
	ok(has_error(&ds, 2, "comment starts before"), "a key cut by a ; comment is an error, not a silently dropped line");
	project_free(p);
	diags_free(&ds);
}

/* What the mixer asks before it keeps a routing edit: the loader's
 * check, on the model as edited in memory. A send at -inf is a route. */
static void test_route_cycle(void)
{
	static const char text[] = "[bus \"Verb\"]\nfx = reverb\nsend.Echo = -10 dB\n[bus \"Echo\"]\nfx = delay\n";
	struct diags ds, again = {0};
	struct project *p = load_text(text, &ds, false);
	char err[160];
	int echo = p ? project_find_strip(p, "Echo") : -1;
	bool circle = false;

	ok(p && !ds.nerrors, "Verb -> Echo -> master is no circle");
	if (echo >= 0 && !strip_set(p, p->strips[echo], "send.Verb", "-inf", err, sizeof err))
		project_resolve(p, &again);
	for (int i = 0; i < again.n; i++)
		circle |= strstr(again.d[i].msg, "routing cycle: \"Verb\" -> \"Echo\" -> \"Verb\"") != NULL;
	ok(circle, "Echo sending back to Verb is one, even at -inf");
	project_free(p);
	diags_free(&ds);
	diags_free(&again);
}

/* Errors found late (routing, after every line is read) print in file
 * order with the others. */
static void test_diag_order(void)
{
	struct diags ds = {0};
	char buf[256] = "";
	FILE *f = tmpfile();
	diags_add(&ds, DIAG_ERROR, 9, "late");
	diags_add(&ds, DIAG_ERROR, 0, "whole file");
	diags_add(&ds, DIAG_ERROR, 3, "early");
	diags_add(&ds, DIAG_WARNING, 9, "late too");
	diags_print(&ds, "s.ini", f);
	rewind(f);
	buf[fread(buf, 1, sizeof buf - 1, f)] = 0;
	fclose(f);
	ok(!strcmp(buf, "s.ini: whole file\ns.ini:3: early\ns.ini:9: late\ns.ini:9: warning: late too\n"),
	   "diagnostics print in line order, ties as found");
	diags_free(&ds);
}

int main(void)
{
	SF_INFO six = {.samplerate = 48000, .channels = 6, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
	SNDFILE *f;
	short zero[6] = {0};

	dir = tu_tmpdir();
	tu_wav(tu_path(dir, "a.wav"), 48000, 1, 0.5, 440, 0.5);
	tu_write(tu_path(dir, "text.wav"), "this is not audio\n");
	f = sf_open(tu_path(dir, "six.wav"), SFM_WRITE, &six);
	sf_writef_short(f, zero, 1);
	sf_close(f);
	test_full();
	test_errors();
	test_lines();
	test_duplicate_markers();
	test_marker_names();
	test_lane_keys();
	test_route_cycle();
	test_diag_order();
	return done_testing();
}
