/* test_bounce.c — `tmix bounce` as files: default name, formats, clamping
 * without wrap-around, determinism across runs and thread counts, a
 * killed bounce, an unwritable target, --normalize, --stems, the tail. */
#include "bounce.h"
#include "loudness.h"
#include "project_testlib.h"
#include <ebur128.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

static const char *dir;
static float *read_float(const char *path, long *n);

static int bounce(struct project *p, struct bounce_opts o, struct bounce_result *r)
{
	char err[512];
	int rc = bounce_render(p, &o, r, err, sizeof err);
	if (rc)
		tap_diag("bounce: %s", err);
	return rc;
}

static bool same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = tu_read(a, &la), *y = tu_read(b, &lb);
	bool same = x && y && la == lb && !memcmp(x, y, la);
	free(x);
	free(y);
	return same;
}

/* A bounced file measured with none of tmix's code. */
struct measured {
	long last_loud;            /* the last frame over -90 dBFS, -1 for none */
	double peak_db, lufs, true_peak_db;
	unsigned long full_scale;
};

static struct measured measure(const char *path)
{
	struct measured m = {.last_loud = -1, .peak_db = -INFINITY, .lufs = NAN, .true_peak_db = NAN};
	SF_INFO info = {0};
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	ebur128_state *st;
	float *buf, peak = 0;
	double tp[2];
	if (!f)
		return m;
	buf = malloc(sizeof(float) * (size_t)info.channels * (size_t)info.frames);
	sf_readf_float(f, buf, info.frames);
	sf_close(f);
	for (long i = 0; i < info.frames * info.channels; i++) {
		float a = fabsf(buf[i]);
		if (a > 3.1623e-5f)
			m.last_loud = i / info.channels;
		if (a > peak)
			peak = a;
		m.full_scale += a >= 1.0f;
	}
	m.peak_db = peak > 0 ? 20 * log10(peak) : -INFINITY;
	st = ebur128_init((unsigned)info.channels, (unsigned long)info.samplerate, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
	ebur128_add_frames_float(st, buf, (size_t)info.frames);
	ebur128_loudness_global(st, &m.lufs);
	ebur128_true_peak(st, 0, &tp[0]);
	ebur128_true_peak(st, 1, &tp[1]);
	m.true_peak_db = 20 * log10(tp[0] > tp[1] ? tp[0] : tp[1]);
	ebur128_destroy(&st);
	free(buf);
	return m;
}

static const char *song =
	"[project]\nname = Song\ntempo = 120\n"
	"[track \"Tone\"]\nfile = tone.wav\ncomp.threshold = -20\ncomp.ratio = 4\neq.1 = bell 1k +3\n"
	"send.Verb = -10 dB\nsend.Echo = -12 dB pre\nauto.gain = 0 -6, 1 0\n"
	"[track \"Tone 2\"]\nfile = tone.wav\npan = L40\nhpf = 200 Hz\n"
	"[bus \"Verb\"]\nfx = reverb\nreverb.decay = 1.2 s\n"
	"[bus \"Echo\"]\nfx = delay\ndelay.time = 1/8\n"
	"[master]\nlimiter = -1 dBTP\n";

static void stop_at_once(void *ctx, double done, double total)
{
	(void)done;
	(void)total;
	atomic_store((atomic_bool *)ctx, true);
}

static void test_files(void)
{
	struct project *p = tu_load_project(dir, "song.ini", song);
	struct bounce_result r;
	SF_INFO info = {0};
	SNDFILE *f;

	if (!p)
		return;
	ok(bounce(p, (struct bounce_opts){.to = -1}, &r) == 0, "bounce to the default name");
	is_str(r.path, tu_path(dir, "song.wav"), "default output NAME.wav beside the project");
	f = sf_open(r.path, SFM_READ, &info);
	ok(f && (info.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_24 && ((info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAV || (info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAVEX),
	   "24-bit WAV by default (RIFF while small)");
	if (f)
		sf_close(f);
	{
		struct measured m = measure(r.path);
		/* the tail ends where it falls below -90 dBFS: no silence kept */
		ok(info.frames > 2 * 48000 && m.last_loud >= 0 && info.frames - 1 - m.last_loud < 48000 / 20,
		   "length: the stems plus the tails, ending %.3f s after the last sample over -90 dBFS (%.2f s)",
		   (info.frames - 1 - m.last_loud) / 48000.0, info.frames / 48000.0);
		ok(fabs(r.seconds - info.frames / 48000.0) < 1e-9, "summary: the length is the file's (%.3f s)", r.seconds);
		ok(fabs(r.peak_db - m.peak_db) < 0.01, "summary: peak %.2f dBFS, the file's %.2f", r.peak_db, m.peak_db);
		ok(fabs(r.lufs - m.lufs) < 0.1, "summary: %.2f LUFS, libebur128 on the file %.2f", r.lufs, m.lufs);
		ok(fabs(r.true_peak_db - m.true_peak_db) < 0.3 && r.true_peak_db <= -0.9,
		   "summary: true peak %.2f dBTP, libebur128 on the file %.2f, at most -0.9", r.true_peak_db,
		   m.true_peak_db);
		ok(r.clips == m.full_scale, "summary: %lu clipped, the file holds %lu at full scale", r.clips, m.full_scale);
	}
	ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, "again.wav"), .to = -1}, &r) == 0, "second bounce");
	ok(same_file(tu_path(dir, "song.wav"), tu_path(dir, "again.wav")), "two bounces are byte-identical");
	ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, "one.wav"), .to = -1, .threads = 1}, &r) == 0 &&
	   same_file(tu_path(dir, "song.wav"), tu_path(dir, "one.wav")), "one thread or two: byte-identical");
	ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, "w16.wav"), .to = -1, .format = BOUNCE_WAV16}, &r) == 0 &&
	   bounce(p, (struct bounce_opts){.out = tu_path(dir, "w16b.wav"), .to = -1, .format = BOUNCE_WAV16}, &r) == 0 &&
	   same_file(tu_path(dir, "w16.wav"), tu_path(dir, "w16b.wav")), "16-bit with dither is deterministic");
	ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, "x.flac"), .to = 1, .format = BOUNCE_FLAC}, &r) == 0,
	   "FLAC bounce");
	info = (SF_INFO){0};
	f = sf_open(tu_path(dir, "x.flac"), SFM_READ, &info);
	ok(f && (info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_FLAC && (info.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_24 &&
	   info.frames == 48000, "FLAC is 24-bit and --to 1 gives exactly 1 s");
	if (f)
		sf_close(f);
	ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, "cut.wav"), .from = 0.5, .to = 1.25, .format = BOUNCE_FLOAT}, &r) == 0 &&
	   fabs(r.seconds - 0.75) < 1e-9, "--from 0.5 --to 1.25 gives 0.75 s");
	ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, "stemmix.wav"), .to = 1, .stems_dir = tu_path(dir, "stems")}, &r) == 0 &&
	   access(tu_path(dir, "stems/Tone 2.wav"), R_OK) == 0 && access(tu_path(dir, "stems/Verb.wav"), R_OK) == 0 &&
	   access(tu_path(dir, "stems/Master.wav"), R_OK) == 0, "--stems writes every track and bus");
	{
		/* the limiter on, 24-bit, --to: the Master stem is still the mix */
		long nm, ns;
		float *m = read_float(tu_path(dir, "stemmix.wav"), &nm), *s = read_float(tu_path(dir, "stems/Master.wav"), &ns);
		ok(m && s && nm == 48000 && ns == nm && !memcmp(m, s, sizeof(float) * 2 * (size_t)nm),
		   "with the limiter on, the 24-bit Master stem is the mix sample for sample (%ld and %ld frames)", nm, ns);
		free(m);
		free(s);
	}
	/* with stems every strip is read after its block; without, the next
	 * block's tracks run beside the master: the two paths must agree */
	ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, "nostem.wav"), .to = 1}, &r) == 0 &&
	   same_file(tu_path(dir, "stemmix.wav"), tu_path(dir, "nostem.wav")), "the mix with --stems is the mix without");
	ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, "nostem1.wav"), .from = 0.3, .to = 1, .threads = 1}, &r) == 0 &&
	   bounce(p, (struct bounce_opts){.out = tu_path(dir, "nostem2.wav"), .from = 0.3, .to = 1}, &r) == 0 &&
	   same_file(tu_path(dir, "nostem1.wav"), tu_path(dir, "nostem2.wav")), "--from/--to: one thread or two alike");
	ok(bounce(p, (struct bounce_opts){.out = "/nonexistent-dir/x.wav", .to = 1}, &r) != 0, "unwritable target: an error");
	{
		/* cancelled from the first progress call, with the next block's
		 * tracks already started: nothing written, nothing left running */
		atomic_bool stop = false;
		char err[256];
		struct bounce_opts o = {.out = tu_path(dir, "cancel.wav"), .to = -1, .cancel = &stop,
					.progress = stop_at_once, .ctx = &stop};
		ok(bounce_render(p, &o, &r, err, sizeof err) != 0 && strstr(err, "cancelled") &&
		   access(tu_path(dir, "cancel.wav"), F_OK) != 0, "a cancelled bounce stops and leaves no file");
	}
	project_free(p);
}

static void test_clamp(void)
{
	struct project *p = tu_load_project(dir, "song.ini", "[track \"Hot\"]\nfile = tone.wav\ngain = +12 dB\npan = L100\n");
	struct bounce_result r;
	SF_INFO info = {0};
	SNDFILE *f;
	short *s;
	int wrapped = 0;

	if (!p)
		return;
	bounce(p, (struct bounce_opts){.out = tu_path(dir, "hot.wav"), .to = 1, .format = BOUNCE_WAV16}, &r);
	ok(r.clips > 1000, "clipped samples are counted (%lu)", r.clips);
	f = sf_open(tu_path(dir, "hot.wav"), SFM_READ, &info);
	s = calloc((size_t)info.frames * 2, sizeof *s);
	sf_readf_short(f, s, info.frames);
	sf_close(f);
	/* 0.5 * 4 = 2.0 peaks: clamped to full scale, never wrapped to the other sign */
	for (long i = 1; i + 1 < info.frames; i++) {
		int a = s[2 * (i - 1)], b = s[2 * i], c = s[2 * (i + 1)];
		if ((a > 20000 && b < -20000) || (b < -20000 && c > 20000 && a > 20000))
			wrapped++;
	}
	is_int(wrapped, 0, "16-bit output clamps instead of wrapping");
	free(s);
	{
		/* a float file keeps them: what is counted is what is over */
		long n, over = 0;
		float *x;
		bounce(p, (struct bounce_opts){.out = tu_path(dir, "hotf.wav"), .to = 1, .format = BOUNCE_FLOAT}, &r);
		x = read_float(tu_path(dir, "hotf.wav"), &n);
		for (long i = 0; x && i < 2 * n; i++)
			over += fabsf(x[i]) > 1.0f;
		ok(x && over > 1000 && r.clips == (unsigned long)over, "float: %lu samples counted over 0 dBFS, the file holds %ld",
		   r.clips, over);
		free(x);
	}
	project_free(p);
}

static double ffmpeg_lufs(const char *path)
{
	char cmd[1024];
	FILE *pp;
	double v = NAN;
	snprintf(cmd, sizeof cmd, "ffmpeg -nostats -hide_banner -i '%s' -af ebur128 -f null - 2>&1 | "
		 "awk '/Integrated loudness/{getline; print $2}'", path);
	pp = popen(cmd, "r");
	if (pp && fscanf(pp, "%lf", &v) != 1)
		v = NAN;
	if (pp)
		pclose(pp);
	return v;
}

static double wall(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

/* --normalize lands within 0.1 LU of its target as the file measures,
 * by libebur128 on the file and by ffmpeg: -16 is a plain gain, -5
 * pushes the master into its -1 dBTP limiter, where loudness no longer
 * follows gain dB for dB; 0 LUFS is out of the limiter's reach and
 * says so. */
/* Drum-like: a 60 Hz thump decaying every quarter second over a quiet
 * tone, a crest factor that a limiter has to work on. */
static void write_thumps(const char *path, double seconds)
{
	SF_INFO info = {.samplerate = 48000, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f = sf_open(path, SFM_WRITE, &info);
	long n = (long)(seconds * 48000);
	float *buf = malloc(sizeof(float) * 2 * (size_t)n);
	for (long i = 0; i < n; i++) {
		double t = (i % 12000) / 48000.0, x = 0.9 * exp(-t * 30) * sin(2 * M_PI * 60 * t) +
							 0.03 * sin(2 * M_PI * 700 * i / 48000.0);
		buf[2 * i] = buf[2 * i + 1] = (float)x;
	}
	sf_writef_float(f, buf, n);
	sf_close(f);
	free(buf);
}

static void test_normalize(void)
{
	static const double targets[] = {-16, -8};
	struct project *p;
	struct bounce_result r;
	bool have_ffmpeg = system("command -v ffmpeg >/dev/null 2>&1") == 0;

	write_thumps(tu_path(dir, "thumps.wav"), 4);
	p = tu_load_project(dir, "thumps.ini", "[track \"Kick\"]\nfile = thumps.wav\n[master]\nlimiter = -1 dBTP\n");
	if (!p)
		return;
	for (int i = 0; i < 2; i++) {
		char name[32];
		struct measured m;
		double t0 = wall(), took;
		snprintf(name, sizeof name, "norm%.0f.wav", -targets[i]);
		ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, name), .to = -1, .normalize = true,
						   .lufs = targets[i]}, &r) == 0, "--normalize %.0f", targets[i]);
		took = wall() - t0;
		m = measure(tu_path(dir, name));
		is_near(m.lufs, targets[i], 0.1, "the file measures %.2f LUFS (libebur128 on the file; master %+.2f dB, %d passes)",
			m.lufs, r.gain_change, r.passes);
		if (have_ffmpeg)
			is_near(ffmpeg_lufs(tu_path(dir, name)), targets[i], 0.1, "and ffmpeg's ebur128 agrees");
		else
			ok(1, "# SKIP ffmpeg is not installed");
		ok(!*r.warnings, "no warning when it lands (%s)", r.warnings);
		/* the figure a person reads is the whole wait, every pass */
		ok(r.passes >= 2 && r.speed * took < r.seconds * 1.25 && r.speed * took > r.seconds * 0.8,
		   "speed %.0fx over the whole call: %.3f s of audio in %.3f s, %d passes", r.speed, r.seconds, took,
		   r.passes);
	}
	ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, "norm0.wav"), .to = -1, .normalize = true, .lufs = 0},
		  &r) == 0, "--normalize 0: still written");
	ok(strstr(r.warnings, "--normalize 0.0: the mix reaches") && strstr(r.warnings, "LU short") &&
	   strstr(r.warnings, "-1.0 dBTP ceiling"), "and says how far short it is and why: %s", r.warnings);
	{
		struct measured m = measure(tu_path(dir, "norm0.wav"));
		char want[64];
		snprintf(want, sizeof want, "reaches %.1f LUFS", m.lufs);
		ok(strstr(r.warnings, want) != NULL, "the figure it gives is the file's (%s)", want);
	}
	project_free(p);
}

static void test_killed(void)
{
	struct project *p = tu_load_project(dir, "song.ini", "[track \"Long\"]\nfile = long.wav\n[bus \"V\"]\nfx = reverb\n");
	const char *target = tu_path(dir, "killed.wav");
	struct bounce_result r;
	pid_t pid;

	if (!p)
		return;
	pid = fork();
	if (pid == 0) {
		bounce(p, (struct bounce_opts){.out = target, .to = -1, .format = BOUNCE_FLOAT}, &r);
		_exit(0);
	}
	usleep(150000);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	ok(access(target, F_OK) != 0, "a bounce killed midway leaves no file under the final name");
	project_free(p);
}

static int refused(struct project *p, struct bounce_opts o, const char *name, char *err, size_t errlen)
{
	struct bounce_result r;
	int rc = bounce_render(p, &o, &r, err, errlen);
	if (rc != BOUNCE_REFUSED)
		tap_diag("bounce to %s: %d, %s", name, rc, rc ? err : "written");
	return rc == BOUNCE_REFUSED && strstr(err, name) != NULL;
}

/* -o dir/name is refused with a message naming it and saying what it
 * is (says), and the file is left as it was. */
static void refused_untouched(struct project *p, const char *name, const char *says, const char *what)
{
	char err[512], *before, *after;
	size_t lb, la;
	before = tu_read(tu_path(dir, name), &lb);
	ok(refused(p, (struct bounce_opts){.out = tu_path(dir, name), .to = 1}, name, err, sizeof err) &&
	   strstr(err, says), "-o %s: refused, the message names it (%s)", what, err);
	after = tu_read(tu_path(dir, name), &la);
	ok(after && la == lb && !memcmp(before, after, la), "and %s is untouched", what);
	free(after);
	free(before);
}

/* A bounce never replaces what the project is made of: the rename at its
 * end keeps no backup. */
static void test_guard(void)
{
	static const char *text = "[track \"kick\"]\nfile = kick.wav\n[reference \"Pro\"]\nfile = ref.wav\n";
	struct project *p;
	char err[512];

	tu_wav(tu_path(dir, "kick.wav"), 48000, 1, 0.5, 60, 0.5);
	tu_wav(tu_path(dir, "ref.wav"), 48000, 2, 0.5, 1000, 0.5);
	p = tu_load_project(dir, "guard.ini", text);
	if (!p)
		return;
	refused_untouched(p, "guard.ini", "project file", "the project file");
	refused_untouched(p, "kick.wav", "stem of track \"kick\"", "a stem");
	ok(refused(p, (struct bounce_opts){.out = tu_path(dir, "ref.wav"), .to = 1}, "ref.wav", err, sizeof err),
	   "-o the reference track: refused");
	symlink("kick.wav", tu_path(dir, "link.wav"));
	ok(refused(p, (struct bounce_opts){.out = tu_path(dir, "link.wav"), .to = 1}, "link.wav", err, sizeof err),
	   "-o a symbolic link to a stem: refused");
	link(tu_path(dir, "kick.wav"), tu_path(dir, "hard.wav"));
	ok(refused(p, (struct bounce_opts){.out = tu_path(dir, "hard.wav"), .to = 1}, "hard.wav", err, sizeof err),
	   "-o a hard link to a stem: refused");
	for (int i = 0; i < 3; i++) {
		static const char *const sfx[] = {".bak", ".autosave", ".lock"};
		char name[64];
		snprintf(name, sizeof name, "guard.ini%s", sfx[i]);
		tu_write(tu_path(dir, name), "x\n");
		ok(refused(p, (struct bounce_opts){.out = tu_path(dir, name), .to = 1}, name, err, sizeof err),
		   "-o the project's %s: refused", sfx[i]);
	}
	ok(refused(p, (struct bounce_opts){.out = "", .to = 1, .stems_dir = dir}, "kick.wav", err, sizeof err),
	   "--stems into the stems' folder, where track kick's stem would be replaced: refused");
	ok(access(tu_path(dir, "Master.wav"), F_OK) != 0, "and no stem was written");
	ok(bounce_check_outputs(p, &(struct bounce_opts){.out = tu_path(dir, "new.wav")}, err, sizeof err) == 0,
	   "a new file is fine");
	project_free(p);
}

/* Names that fold to one file name get " 2", " 3": no stem is lost. */
static void test_stem_names(void)
{
	static const char *text = "[track \"a/b\"]\nfile = tone.wav\ngain = -20\n"
				  "[track \"a_b\"]\nfile = tone.wav\ngain = -10\n"
				  "[track \"A_B\"]\nfile = tone.wav\n"
				  "[bus \"a\x01" "b\"]\n";
	struct project *p = tu_load_project(dir, "names.ini", text);
	struct bounce_result r;
	const char *sd = tu_path(dir, "named");

	if (!p)
		return;
	ok(bounce(p, (struct bounce_opts){.out = "", .to = 0.5, .stems_dir = sd}, &r) == 0, "--stems with names that fold alike");
	ok(access(tu_path(sd, "a_b.wav"), F_OK) == 0 && access(tu_path(sd, "a_b 2.wav"), F_OK) == 0 &&
	   access(tu_path(sd, "A_B 3.wav"), F_OK) == 0, "a/b, a_b and A_B: a_b.wav, 'a_b 2.wav', 'A_B 3.wav'");
	ok(p->nstrips < 5 || access(tu_path(sd, "a_b 4.wav"), F_OK) == 0, "a bus named a\\x01b: 'a_b 4.wav'");
	ok(!same_file(tu_path(sd, "a_b.wav"), tu_path(sd, "a_b 2.wav")), "each file holds its own track");
	project_free(p);
}

/* A stereo float file read back whole: interleaved, its frame count in *n. */
static float *read_float(const char *path, long *n)
{
	SF_INFO info = {0};
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	float *buf;
	*n = 0;
	if (!f || info.channels != 2) {
		tap_diag("%s: %s", path, sf_strerror(f));
		if (f)
			sf_close(f);
		return NULL;
	}
	buf = malloc(sizeof(float) * 2 * ((size_t)info.frames + 1));
	*n = (long)sf_readf_float(f, buf, info.frames);
	sf_close(f);
	return buf;
}

/* Every file of one bounce starts at the same sample and is as long as
 * the mix: with a master that is only a gain, the track and bus stems
 * summed and scaled are the mix, and the Master stem is the mix itself
 * (with the limiter off its look-ahead still delays the master). */
static void test_stems_null(void)
{
	static const char *text = "[track \"Low\"]\nfile = tone.wav\ngain = -4 dB\npan = L30\nsend.Room = -6 dB\n"
				  "[track \"High\"]\nfile = short.wav\ngain = -12 dB\npan = R50\nstart = 0.25\n"
				  "[bus \"Room\"]\nfx = reverb\nreverb.decay = 0.8 s\n"
				  "[master]\ngain = -6 dB\nlimiter = off\n";
	static const char *const names[] = {"Low", "High", "Room", "Master"};
	struct project *p;
	struct bounce_result r;
	char sd[256];
	float *mix, *stem[4];
	long nmix, n[4], common;
	double g = pow(10, -6 / 20.0), worst = 0, master_worst = 0, mix_peak = 0;
	bool lengths = true;

	snprintf(sd, sizeof sd, "%s", tu_path(dir, "nullstems"));
	tu_wav(tu_path(dir, "short.wav"), 48000, 2, 1.5, 300, 0.4);
	p = tu_load_project(dir, "nullst.ini", text);
	if (!p)
		return;
	ok(bounce(p, (struct bounce_opts){.out = tu_path(dir, "nullmix.wav"), .to = -1, .format = BOUNCE_FLOAT,
					   .stems_dir = sd}, &r) == 0, "--stems, float, to the end of the tails");
	mix = read_float(tu_path(dir, "nullmix.wav"), &nmix);
	common = nmix;
	for (int i = 0; i < 4; i++) {
		char name[32];
		snprintf(name, sizeof name, "%s.wav", names[i]);
		stem[i] = read_float(tu_path(sd, name), &n[i]);
		if (n[i] != nmix) {
			tap_diag("%s: %ld frames, the mix %ld", name, n[i], nmix);
			lengths = false;
		}
	}
	ok(mix && nmix > 48000 && lengths, "every stem is as long as the mix (%ld frames)", nmix);
	/* over the frames they share, so that an offset fails apart from a length */
	for (int s = 0; s < 4; s++)
		if (n[s] < common)
			common = n[s];
	for (long i = 0; mix && stem[0] && stem[1] && stem[2] && stem[3] && i < 2 * common; i++) {
		double sum = 0;
		for (int s = 0; s < 3; s++)
			sum += stem[s][i];
		if (fabs(sum * g - mix[i]) > worst)
			worst = fabs(sum * g - mix[i]);
		if (fabs((double)stem[3][i] - mix[i]) > master_worst)
			master_worst = fabs((double)stem[3][i] - mix[i]);
		if (fabs(mix[i]) > mix_peak)
			mix_peak = fabs(mix[i]);
	}
	ok(mix_peak > 0.05 && worst < 1e-5,
	   "tracks + bus through the master's gain null against the mix (worst %.2g, peak %.2f)", worst, mix_peak);
	ok(mix_peak > 0.05 && master_worst == 0, "the Master stem is the mix, sample for sample (worst %.2g)", master_worst);
	free(mix);
	for (int i = 0; i < 4; i++)
		free(stem[i]);
	project_free(p);
}

static void test_format_of(void)
{
	enum bounce_format f = BOUNCE_WAV16;
	ok(bounce_format_of("mix.wav", &f) == 0 && f == BOUNCE_WAV24, ".wav: 24-bit WAV");
	ok(bounce_format_of("dir/Mix.FLAC", &f) == 0 && f == BOUNCE_FLAC, ".FLAC: FLAC");
	ok(bounce_format_of("mix.mp3", &f) != 0, ".mp3: not a format a bounce writes");
	ok(bounce_format_of("x.flac/mix", &f) != 0 && bounce_format_of("mix", &f) != 0, "no extension: none");
}

int main(void)
{
	dir = tu_tmpdir();
	tu_wav(tu_path(dir, "tone.wav"), 48000, 1, 2.0, 440, 0.5);
	tu_wav(tu_path(dir, "long.wav"), 48000, 2, 120.0, 440, 0.3);
	test_files();
	test_clamp();
	test_normalize();
	test_killed();
	test_guard();
	test_stem_names();
	test_stems_null();
	test_format_of();
	return done_testing();
}
