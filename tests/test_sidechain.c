/* test_sidechain.c — gate.key and comp.key through the whole project:
 * music ducked by a voice (a track, or the bus the voice goes through),
 * a gate opened by another strip, measured in windows of a bounce; the
 * bounce the same bytes run to run, with one thread or two, and through
 * graph_process (--stems) as through the look-ahead pipeline; circles of
 * keys refused with the line that closes them. */
#include "bounce.h"
#include "project_testlib.h"
#include <sndfile.h>

#define SR 48000

static const char *dir;

/* A mono float stem: amp * sin(2 pi freq t) from t0 to t1 (seconds),
 * silence elsewhere, `seconds` long. */
static void stem(const char *name, double seconds, double freq, double amp, double t0, double t1)
{
	SF_INFO info = {.samplerate = SR, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f = sf_open(tu_path(dir, name), SFM_WRITE, &info);
	long n = (long)(seconds * SR);
	float *buf = calloc((size_t)n, sizeof *buf);
	for (long i = (long)(t0 * SR); i < (long)(t1 * SR) && i < n; i++)
		buf[i] = (float)(amp * sin(2 * M_PI * freq * (double)i / SR));
	if (!f)
		exit(99);
	sf_writef_float(f, buf, n);
	sf_close(f);
	free(buf);
}

static float *left; /* the left channel of the last bounce read */
static long nleft;

static bool bounce_to(struct project *p, const char *name, int threads, bool stems)
{
	struct bounce_opts o = {.out = tu_path(dir, name), .to = -1, .format = BOUNCE_FLOAT, .threads = threads};
	struct bounce_result r;
	char err[512];
	if (stems)
		o.stems_dir = tu_path(dir, "stems");
	if (bounce_render(p, &o, &r, err, sizeof err)) {
		tap_diag("bounce: %s", err);
		return false;
	}
	return true;
}

static void read_left(const char *name)
{
	SF_INFO info = {0};
	SNDFILE *f = sf_open(tu_path(dir, name), SFM_READ, &info);
	float *buf;
	free(left);
	left = NULL;
	nleft = 0;
	if (!f)
		return;
	buf = malloc(sizeof(float) * (size_t)info.channels * ((size_t)info.frames + 1));
	nleft = (long)sf_readf_float(f, buf, info.frames);
	sf_close(f);
	left = malloc(sizeof(float) * ((size_t)nleft + 1));
	for (long i = 0; i < nleft; i++)
		left[i] = buf[i * info.channels];
	free(buf);
}

/* RMS of the left channel from t0 to t1 seconds, in dBFS. */
static double level(double t0, double t1)
{
	long a = (long)(t0 * SR), b = (long)(t1 * SR);
	double s = 0;
	if (!left || b > nleft)
		return NAN;
	for (long i = a; i < b; i++)
		s += (double)left[i] * left[i];
	return 10 * log10(s / (double)(b - a) + 1e-30);
}

static bool same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = tu_read(tu_path(dir, a), &la), *y = tu_read(tu_path(dir, b), &lb);
	bool same = x && y && la == lb && !memcmp(x, y, la);
	free(x);
	free(y);
	return same;
}

/* Music (200 Hz at -36 dBFS peak, hard left, so the left channel is the
 * music alone) keyed by `key`; Voice (1 kHz at -10 dBFS peak from 1 s to
 * 2 s, hard right) through the group bus Vox; two more tracks on the
 * right so that the tracks are shared between threads. */
static const char *project(const char *name, const char *dyn, const char *key)
{
	static char text[2048];
	snprintf(text, sizeof text,
		 "[project]\nrate = 48000\n"
		 "[track \"Music\"]\nfile = music.wav\npan = -100\n%s%s\n"
		 "[track \"Pad\"]\nfile = music.wav\npan = 100\n"
		 "[track \"Voice\"]\nfile = voice.wav\npan = 100\noutput = Vox\n"
		 "[track \"Pad 2\"]\nfile = music.wav\npan = 100\ngain = -6 dB\n"
		 "[bus \"Vox\"]\n"
		 "[master]\n",
		 dyn, key);
	tu_write(tu_path(dir, name), text);
	return tu_path(dir, name);
}

#define COMP "comp.threshold = -30 dB\ncomp.ratio = 4\ncomp.knee = 0 dB\ncomp.attack = 1 ms\ncomp.release = 100 ms\n"
#define GATE "gate.threshold = -30 dB\ngate.range = -40 dB\ngate.attack = 1 ms\ngate.hold = 20 ms\ngate.release = 50 ms\n"

/* Bounces a project three ways (two threads, one thread, and with
 * --stems, which renders through graph_process) and checks they agree
 * byte for byte; leaves the two-thread render in `left`. */
static void bounce_three(struct project *p, const char *what)
{
	char a[64], b[64], c[64], d[64];
	snprintf(a, sizeof a, "%s-2.wav", what);
	snprintf(b, sizeof b, "%s-2b.wav", what);
	snprintf(c, sizeof c, "%s-1.wav", what);
	snprintf(d, sizeof d, "%s-st.wav", what);
	ok(bounce_to(p, a, 2, false) && bounce_to(p, b, 2, false) && same_file(a, b),
	   "%s: two bounces are byte-identical", what);
	ok(bounce_to(p, c, 1, false) && same_file(a, c), "%s: one thread or two, byte-identical", what);
	ok(bounce_to(p, d, 2, true) && same_file(a, d), "%s: through graph_process (--stems) the same bytes", what);
	read_left(a);
}

int main(void)
{
	struct project *p;
	struct diags ds = {0};
	double dry = 20 * log10(0.0158489 / sqrt(2)); /* the music's RMS, -36 dBFS peak */

	dir = tu_tmpdir();
	stem("music.wav", 3, 200, 0.0158489, 0, 3);
	stem("voice.wav", 3, 1000, 0.316228, 1, 2);

	/* comp.key = Voice: the music sits under the -30 dB threshold on its
	 * own; the voice at -10 dBFS takes it down (-10 - -30) * 3/4 = 15 dB
	 * while it lasts, and not at all before or after it. */
	p = tu_load_path(project("duck.ini", COMP, "comp.key = Voice"), true);
	ok(p != NULL, "comp.key = Voice loads");
	if (p) {
		bounce_three(p, "duck");
		tap_diag("music %.2f dBFS dry; before %.2f, under the voice %.2f, after %.2f", dry, level(0.2, 0.95),
			 level(1.3, 1.95), level(2.6, 2.95));
		is_near(level(0.2, 0.95), dry, 0.05, "before the voice the music is untouched (%.2f dBFS)", level(0.2, 0.95));
		is_near(level(1.3, 1.95) - dry, -15.0, 1.0, "under the voice it drops by the comp's 15 dB (%.2f dB)",
			level(1.3, 1.95) - dry);
		ok(level(1.004, 1.014) - dry < -13, "in the same block as the voice, not a block later (%.2f dB at 4-14 ms)",
		   level(1.004, 1.014) - dry);
		is_near(level(2.6, 2.95), dry, 0.1, "after the voice (and the release) it is back (%.2f dBFS)",
			level(2.6, 2.95));
		project_free(p);
	}

	/* keyed by the bus the voice goes through: the music waits for Vox */
	p = tu_load_path(project("duckbus.ini", COMP, "comp.key = Vox"), true);
	ok(p != NULL, "comp.key = Vox (a group bus) loads");
	if (p) {
		bounce_three(p, "duckbus");
		is_near(level(0.2, 0.95), dry, 0.05, "keyed by the bus: untouched before the voice (%.2f dBFS)",
			level(0.2, 0.95));
		is_near(level(1.3, 1.95) - dry, -15.0, 1.0, "keyed by the bus: 15 dB down under the voice (%.2f dB)",
			level(1.3, 1.95) - dry);
		ok(level(1.004, 1.014) - dry < -13, "keyed by the bus: at once, not a block later (%.2f dB at 4-14 ms)",
		   level(1.004, 1.014) - dry);
		project_free(p);
	}

	/* gate.key = Voice: the music is under the gate's -30 dB threshold,
	 * so the gate holds it 40 dB down, except while the voice opens it */
	p = tu_load_path(project("gate.ini", GATE, "gate.key = Voice"), true);
	ok(p != NULL, "gate.key = Voice loads");
	if (p) {
		bounce_three(p, "gate");
		is_near(level(0.2, 0.95) - dry, -40.0, 0.5, "gated: 40 dB down before the voice (%.2f dB)",
			level(0.2, 0.95) - dry);
		is_near(level(1.1, 1.95), dry, 0.05, "opened by the voice: the music at its own level (%.2f dBFS)",
			level(1.1, 1.95));
		is_near(level(1.002, 1.012), dry, 0.1, "open 2 ms after the voice starts, not a block later (%.2f dBFS)",
			level(1.002, 1.012));
		is_near(level(2.5, 2.95) - dry, -40.0, 0.5, "closed again after it (%.2f dB)", level(2.5, 2.95) - dry);
		project_free(p);
	}

	/* the detector's high-pass in a project: notes (1 kHz at -20 dBFS,
	 * 0.25 s on, 0.25 s off) over a 20 Hz rumble at -30 dBFS through a
	 * -40 dB gate; the rumble holds it open between the notes, unless
	 * gate.key.hpf takes it out of what the detector hears */
	{
		SF_INFO info = {.samplerate = SR, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
		SNDFILE *f = sf_open(tu_path(dir, "notes.wav"), SFM_WRITE, &info);
		static float buf[2 * SR];
		for (int i = 0; i < 2 * SR; i++)
			buf[i] = (float)(0.03 * sin(2 * M_PI * 20 * i / SR) +
					 ((i / (SR / 4)) % 2 ? 0 : 0.1 * sin(2 * M_PI * 1000.0 * i / SR)));
		sf_writef_float(f, buf, 2 * SR);
		sf_close(f);
		for (int hp = 0; hp < 2; hp++) {
			char text[512];
			snprintf(text, sizeof text,
				 "[track \"Vocal\"]\nfile = notes.wav\npan = -100\ngate.threshold = -40 dB\n"
				 "gate.range = -60 dB\ngate.hold = 20 ms\ngate.release = 50 ms\n%s",
				 hp ? "gate.key.hpf = 100 Hz\n" : "");
			p = tu_load_project(dir, "notes.ini", text);
			if (!ok(p && bounce_to(p, "notes.wav.out.wav", 2, false), "rumble under notes, %s: bounced",
				hp ? "gate.key.hpf = 100 Hz" : "no detector filter"))
				continue;
			read_left("notes.wav.out.wav");
			/* the last 100 ms of the first gap, and the middle of the second note */
			if (hp) {
				ok(level(0.4, 0.5) < -85, "gate.key.hpf = 100 Hz: closed between the notes (%.1f dBFS)",
				   level(0.4, 0.5));
				is_near(level(0.6, 0.7), 20 * log10(hypot(0.1, 0.03) / sqrt(2)), 0.1,
					"and the note passes whole (%.2f dBFS)", level(0.6, 0.7));
			} else
				ok(level(0.4, 0.5) > -36, "no detector filter: the rumble holds it open (%.1f dBFS)",
				   level(0.4, 0.5));
			project_free(p);
		}
	}

	/* circles: a key whose strip already (through keys and routing)
	 * feeds the keyed strip. FILE:LINE names the line that closes it. */
	{
		static const struct {
			const char *text, *what, *msg;
			int line;
		} bad[] = {
			{"[track \"Bass\"]\nfile = music.wav\ncomp.key = Kick\n"
			 "[track \"Kick\"]\nfile = music.wav\ncomp.key = Bass\n",
			 "Bass keyed by Kick keyed by Bass", "comp.key = Kick makes a circle: Kick -> Bass -> Kick", 3},
			{"[track \"Voice\"]\nfile = voice.wav\noutput = Vox\ngate.key = Vox\n[bus \"Vox\"]\n",
			 "a track keyed by the bus it feeds", "gate.key = Vox makes a circle: Vox -> Voice -> Vox", 4},
			{"[track \"A\"]\nfile = music.wav\ncomp.key = G\n[track \"B\"]\nfile = music.wav\noutput = G\n"
			 "gate.key = A\n[bus \"G\"]\n",
			 "A keyed by G, G fed by B, B keyed by A", "comp.key = G makes a circle: G -> A -> B -> G", 3},
			{"[track \"A\"]\nfile = music.wav\ncomp.key = A\n", "a strip keyed by itself",
			 "comp.key = A makes a circle: A -> A", 3},
			{"[track \"Music\"]\nfile = music.wav\ncomp.key = Voise\n[track \"Voice\"]\nfile = voice.wav\n",
			 "an unknown strip", "comp.key = Voise: there is no track or bus named \"Voise\" (did you mean \"Voice\"?)", 3},
			{"[track \"Music\"]\nfile = music.wav\ncomp.key = master\n", "the master",
			 "comp.key = master: the master cannot be a key", 3},
		};
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			const char *path = tu_path(dir, "bad.ini");
			bool found = false;
			tu_write(path, bad[i].text);
			ds = (struct diags){0};
			p = project_load(path, &ds);
			for (int k = 0; k < ds.n; k++) {
				tap_diag("%d: %s", ds.d[k].line, ds.d[k].msg);
				found |= ds.d[k].level == DIAG_ERROR && ds.d[k].line == bad[i].line &&
					 !strncmp(ds.d[k].msg, bad[i].msg, strlen(bad[i].msg));
			}
			ok(found && ds.nerrors == 1, "%s: refused on line %d: %s", bad[i].what, bad[i].line, bad[i].msg);
			project_free(p);
			diags_free(&ds);
		}
	}
	/* not circles: a bus keyed by a track that feeds it (the track's tap
	 * is before the bus), the master keyed by a track */
	p = tu_load_project(dir, "fine.ini",
			    "[track \"Voice\"]\nfile = voice.wav\noutput = Vox\n[track \"Music\"]\nfile = music.wav\n"
			    "[bus \"Vox\"]\ncomp.key = Voice\n[master]\ncomp.key = Voice\n");
	ok(p != NULL, "a bus keyed by a track that feeds it, the master keyed by a track: no circle");
	project_free(p);
	{
		bool warned = false;
		ds = (struct diags){0};
		p = project_load(tu_path(dir, "fine.ini"), &ds);
		for (int k = 0; k < ds.n; k++)
			warned |= ds.d[k].level == DIAG_WARNING && ds.d[k].line == 7 &&
				  !strcmp(ds.d[k].msg, "comp.key = Voice has no effect while comp.threshold is off");
		ok(p && warned, "a key on a compressor that is off: a warning on its line");
		project_free(p);
		diags_free(&ds);
	}
	free(left);
	return done_testing();
}
