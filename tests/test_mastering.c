/* test_mastering.c — the live loudness meter, reference A/B and the mix
 * spectrum through the real engine (manual clock): EBU Tech 3341 cases,
 * the live integrated figure against libebur128 on the captured output
 * and against ffmpeg's ebur128 filter on a WAV of it, a seek in the
 * middle, the reset, reference loudness matching and the tonal balance. */
#include "bounce.h"
#include "engine_testlib.h"
#include "loudness.h"
#include "tap.h"
#include <ebur128.h>
#include <sys/stat.h>

#define BUF 512
#define RATE 48000
static const char *dir;
static float L[RATE * 40], R[RATE * 40];

/* Waits until the loudness thread has taken everything published. */
static void settle(struct engine *e)
{
	struct engine_loudness a, b;
	int stable = 0;

	for (int i = 0; i < 2000 && spsc_count(&e->tap.ring) > 0; i++)
		etl_nap_ms(1);
	/* the thread publishes after it has digested what it popped: wait
	 * until the figure is there and has stopped moving (a busy machine
	 * may take a while), up to 5 s */
	engine_loudness(e, &a);
	for (int i = 0; i < 500 && stable < 5; i++) {
		etl_nap_ms(10);
		engine_loudness(e, &b);
		stable = b.valid && isfinite(b.integrated) && b.integrated == a.integrated ? stable + 1 : 0;
		a = b;
	}
}

/* Plays `seconds` from where the transport is into L/R from frame `at`;
 * returns the frames rendered. Keeps the tap ring from overflowing (the
 * manual clock runs far faster than real time). */
static long play(struct engine *e, long at, double seconds)
{
	long n = (long)(seconds * RATE) / BUF * BUF;
	engine_play(e, true);
	for (long f = 0; f < n; f += BUF) {
		while (spsc_count(&e->tap.ring) > TAP_SLOTS / 2)
			etl_nap_ms(1);
		etl_render(e, L + at + f, R + at + f, BUF, 4 * BUF);
	}
	engine_play(e, false);
	return n;
}

static double lufs_of(const float *l, const float *r, long n)
{
	struct loudness *lu = loudness_new(RATE);
	loudness_add(lu, l, r, (int)n);
	double v = loudness_integrated(lu);
	loudness_free(lu);
	return v;
}

/* Integrated loudness of a file by libebur128 alone, none of tmix's code. */
static double file_loudness(const char *path)
{
	SF_INFO info = {0};
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	ebur128_state *st;
	float buf[4096 * 2];
	sf_count_t got;
	double v = NAN;

	if (!f)
		return NAN;
	st = ebur128_init((unsigned)info.channels, (unsigned long)info.samplerate, EBUR128_MODE_I);
	while ((got = sf_readf_float(f, buf, 4096 * 2 / info.channels)) > 0)
		ebur128_add_frames_float(st, buf, (size_t)got);
	sf_close(f);
	if (ebur128_loudness_global(st, &v) != EBUR128_SUCCESS)
		v = NAN;
	ebur128_destroy(&st);
	return v;
}

static void write_wav(const char *path, const float *l, const float *r, long n)
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

/* ffmpeg's ebur128 integrated loudness of a file; NAN when ffmpeg is missing. */
static double ffmpeg_lufs(const char *path)
{
	char cmd[1200], line[512];
	double v = NAN;
	FILE *f;
	if (system("command -v ffmpeg >/dev/null 2>&1"))
		return NAN;
	snprintf(cmd, sizeof cmd, "ffmpeg -nostats -hide_banner -i '%s' -af ebur128 -f null - 2>&1", path);
	f = popen(cmd, "r");
	if (!f)
		return NAN;
	while (fgets(line, sizeof line, f)) {
		char *p = strstr(line, " I:");
		if (p)
			v = strtod(p + 3, NULL); /* the summary comes last */
	}
	pclose(f);
	return v;
}

/* EBU Tech 3341 cases 1 and 2: a stereo 1 kHz sine at -23 / -33 dBFS
 * for 20 s reads -23.0 / -33.0 LUFS, momentary and integrated. */
static void test_3341(double dbfs)
{
	char name[64], ini[256];
	struct engine_loudness lu;
	snprintf(name, sizeof name, "sine%.0f.wav", -dbfs);
	tu_wav(tu_path(dir, name), RATE, 2, 20, 1000, pow(10, dbfs / 20));
	snprintf(ini, sizeof ini, "[project]\nrate = 48000\n[track \"Sine\"]\nfile = %s\n", name);
	tu_write(tu_path(dir, "t3341.ini"), ini);
	struct project *p = etl_load(tu_path(dir, "t3341.ini"));
	struct engine *e = etl_open_manual(p, BUF);
	etl_refill(e, BUF);
	engine_loudness(e, &lu);
	ok(!lu.valid && isinf(lu.integrated), "%.0f dBFS: nothing measured before play", dbfs);
	play(e, 0, 19.9);
	settle(e);
	engine_loudness(e, &lu);
	is_near(lu.momentary, dbfs, 0.1, "Tech 3341: %.0f dBFS 1 kHz stereo sine: momentary %.2f LUFS", dbfs, lu.momentary);
	is_near(lu.shortterm, dbfs, 0.1, "  short-term %.2f LUFS", lu.shortterm);
	is_near(lu.integrated, dbfs, 0.1, "  integrated %.2f LUFS", lu.integrated);
	is_near(lu.true_peak_max, dbfs, 0.2, "  true peak max %.2f dBTP", lu.true_peak_max);
	ok(lu.range < 0.2, "  loudness range %.2f LU", lu.range);
	is_int(lu.dropped, 0, "  no frame dropped");
	engine_loudness_reset(e);
	engine_loudness(e, &lu);
	ok(!lu.valid && isinf(lu.integrated), "  reset: nothing measured");
	engine_seek(e, 5);
	etl_refill(e, BUF);
	play(e, 0, 1.0);
	settle(e);
	engine_loudness(e, &lu);
	ok(lu.valid && fabs(lu.momentary - dbfs) < 0.1 && lu.true_peak_max < dbfs + 0.2,
	   "  after the reset it measures again (momentary %.2f)", lu.momentary);
	engine_close(e);
	project_free(p);
}

/* A real mix (compressor, EQ, reverb, delay, limiter) with a seek in the
 * middle: the live meter against the captured audio and ffmpeg. */
static void test_vs_ffmpeg(void)
{
	struct engine_loudness lu;
	tu_wav(tu_path(dir, "a.wav"), RATE, 1, 30, 220, 0.4);
	tu_wav(tu_path(dir, "b.wav"), RATE, 2, 30, 1375, 0.2);
	etl_ramp_wav(tu_path(dir, "ramp.wav"), RATE, 2, 30);
	tu_write(tu_path(dir, "mix.ini"),
		 "[project]\nrate = 48000\n"
		 "[track \"A\"]\nfile = a.wav\npan = L40\ncomp.threshold = -20 dB\ncomp.ratio = 3\n"
		 "auto.gain = 0 -12, 10 0, 20 -6\nsend.Verb = -8 dB\n"
		 "[track \"B\"]\nfile = b.wav\neq.1 = bell 1k +4 dB q 1\nsend.Echo = -10 dB\n"
		 "[track \"Ramp\"]\nfile = ramp.wav\ngain = -12 dB\n"
		 "[bus \"Verb\"]\nfx = reverb\n[bus \"Echo\"]\nfx = delay\n"
		 "[master]\nlimiter = -1 dBTP\n");
	struct project *p = etl_load(tu_path(dir, "mix.ini"));
	struct engine *e = etl_open_manual(p, BUF);
	long n;
	etl_refill(e, BUF);
	n = play(e, 0, 8);
	engine_seek(e, 17.0); /* a jump: from 8 s to 17 s */
	etl_refill(e, BUF);
	n += play(e, n, 9);
	settle(e);
	engine_loudness(e, &lu);
	double mine = lufs_of(L, R, n);
	write_wav(tu_path(dir, "heard.wav"), L, R, n);
	double ff = ffmpeg_lufs(tu_path(dir, "heard.wav"));
	is_near(lu.integrated, mine, 0.2, "live integrated %.2f LUFS vs libebur128 on the captured output %.2f (a seek inside)",
		lu.integrated, mine);
	if (isnan(ff))
		printf("ok %d # SKIP ffmpeg is not installed\n", ++tap_n);
	else
		is_near(lu.integrated, ff, 0.2, "live integrated %.2f LUFS vs ffmpeg ebur128 %.2f on a WAV of it", lu.integrated, ff);
	tap_diag("mix: live I %.2f, captured %.2f, ffmpeg %.2f LUFS; LRA %.1f LU, TP %.2f dBTP", lu.integrated, mine, ff,
		 lu.range, lu.true_peak_max);
	ok(lu.true_peak_max < -0.9 && lu.true_peak_max > -20, "true peak max %.2f dBTP, under the limiter's ceiling", lu.true_peak_max);

	/* the mix spectrum: measured from what played, normalised */
	struct engine_tonal t;
	engine_tonal(e, 0, &t);
	ok(t.mix_valid && t.mix_seconds > 16 && t.mix_seconds < 18, "tonal: the mix average holds what played (%.1f s)",
	   t.mix_seconds);
	ok(!t.ref_valid, "tonal: no reference in this project");
	int loud = 0;
	for (int j = 0; j < SPECTRUM_BANDS; j++)
		if (t.mix[j] > t.mix[loud])
			loud = j;
	ok(spectrum_centre[loud] == 1250 || spectrum_centre[loud] == 200 || spectrum_centre[loud] == 250,
	   "tonal: the loudest band is one of the sines' (%s)", spectrum_label(loud));
	engine_close(e);
	project_free(p);
}

/* Reference A/B: a mix and a reference 9 dB apart; flipped, the output
 * lands on the mix's loudness. */
static void test_reference(void)
{
	struct engine_reference rs;
	struct engine_loudness lu;
	struct strip_meter m;
	tu_wav(tu_path(dir, "m.wav"), RATE, 2, 20, 440, 0.3);
	tu_wav(tu_path(dir, "ref.wav"), RATE, 2, 20, 2500, 0.9);
	tu_wav(tu_path(dir, "ref2.wav"), RATE, 1, 20, 120, 0.05);
	tu_write(tu_path(dir, "ab.ini"),
		 "[project]\nrate = 48000\n[track \"M\"]\nfile = m.wav\ncomp.threshold = -20 dB\n"
		 "[reference \"Loud\"]\nfile = ref.wav\n[reference \"Quiet\"]\nfile = ref2.wav\nstart = 1\n");
	struct project *p = etl_load(tu_path(dir, "ab.ini"));
	struct engine *e = etl_open_manual(p, BUF);
	double t0 = etl_now();
	etl_refill(e, BUF);
	do {
		engine_reference_status(e, 1, &rs);
		etl_nap_ms(5);
	} while ((!rs.measured || !isfinite(rs.mix_lufs)) && etl_now() - t0 < 20);
	ok(rs.measured && isfinite(rs.mix_lufs), "both references and the mix are measured in the background (%.1f s)",
	   etl_now() - t0);
	is_int(rs.count, 2, "two references");
	is_int(rs.heard, -1, "the mix is heard at first");
	engine_reference_status(e, 0, &rs);
	/* the mix figure against the bounced file measured apart from the
	 * bounce's own meter: libebur128 straight on what libsndfile reads */
	struct bounce_opts bo = {.out = tu_path(dir, "abmix.wav"), .to = -1, .format = BOUNCE_FLOAT};
	struct bounce_result br;
	char err[256];
	bounce_render(p, &bo, &br, err, sizeof err);
	double file_lufs = file_loudness(tu_path(dir, "abmix.wav"));
	is_near(rs.mix_lufs, file_lufs, 0.1, "the mix figure %.2f LUFS is the bounced file's, measured apart (%.2f)",
		rs.mix_lufs, file_lufs);
	is_near(rs.gain_db, rs.mix_lufs - rs.lufs, 1e-9, "REF gain %+.1f dB = mix %.2f - reference %.2f", rs.gain_db,
		rs.mix_lufs, rs.lufs);

	long n = play(e, 0, 3);
	double mix_live = lufs_of(L + RATE, R + RATE, n - RATE);
	engine_reference(e, 0);
	engine_poll(e);
	engine_loudness_reset(e);
	long n2 = play(e, n, 0.1);
	engine_meter(e, p->nstrips - 1, &m); /* the crossfade is in here */
	n2 += play(e, n + n2, 6);
	settle(e);
	double heard = lufs_of(L + n + RATE / 10, R + n + RATE / 10, n2 - RATE / 10);
	engine_loudness(e, &lu);
	is_near(heard, rs.mix_lufs, 0.5, "flipped to the reference: the output is %.2f LUFS, the mix %.2f (matched within 0.5 LU)",
		heard, rs.mix_lufs);
	is_near(lu.integrated, heard, 0.2, "the loudness meter shows what is heard (%.2f)", lu.integrated);
	engine_meter(e, p->nstrips - 1, &m);
	ok(m.peak[0] > 0.9f * 0.9f * (float)pow(10, rs.gain_db / 20) && m.peak[0] < 1.1f * 0.9f * (float)pow(10, rs.gain_db / 20),
	   "the master meter shows the reference's peak (%.3f)", m.peak[0]);
	tap_diag("A/B: mix live %.2f LUFS, mix offline %.2f, reference heard %.2f (error %+.2f LU)", mix_live, rs.mix_lufs,
		 heard, heard - rs.mix_lufs);
	/* the flip is a crossfade: no sample-to-sample jump beyond the music's */
	float jump = 0;
	for (long i = n - 1; i < n + RATE / 20; i++)
		jump = fmaxf(jump, fmaxf(fabsf(L[i + 1] - L[i]), fabsf(R[i + 1] - R[i])));
	ok(jump < 0.35f, "the flip crossfades: the largest step around it is %.3f", jump);

	/* the second reference: mono, starting at 1 s, its own gain */
	engine_reference_status(e, 1, &rs);
	engine_reference(e, 1);
	engine_seek(e, 0);
	etl_refill(e, BUF);
	long n3 = play(e, 0, 4);
	float early = 0;
	for (long i = RATE / 10; i < RATE * 9 / 10; i++)
		early = fmaxf(early, fabsf(L[i]));
	ok(early < 1e-6f, "a reference starts at its start (silence before 1 s: %.2g)", early);
	heard = lufs_of(L + RATE + RATE / 10, R + RATE + RATE / 10, n3 - RATE - RATE / 10);
	is_near(heard, rs.mix_lufs, 0.5, "the quiet mono reference is matched too: %.2f LUFS (gain %+.1f dB)", heard,
		rs.gain_db);
	engine_reference(e, -1);
	engine_reference_status(e, -1, &rs);
	is_int(rs.heard, -1, "back to the mix");
	engine_close(e);
	project_free(p);
}

int main(void)
{
	dir = tu_tmpdir();
	test_3341(-23);
	test_3341(-33);
	test_vs_ffmpeg();
	test_reference();
	return done_testing();
}
