/* test_engine.c — the live engine against the bounce path: transport
 * (play, pause, seek, stop, loop wraps on the exact frame), silence until
 * a seek has refilled, meters, hot reload, the null clock's pace, and
 * live output bit-identical to calling the graph directly. */
#include "bounce.h"
#include "engine_testlib.h"
#include "tap.h"
#include <math.h>
#include <sys/stat.h>

#define BUF 256
#define RATE 48000
static const char *dir;
static float L[1 << 20], R[1 << 20], RL[1 << 20], RR[1 << 20];

static const char *project_text =
	"[project]\nname = T\nrate = 48000\n"
	"[track \"Ramp\"]\nfile = ramp.wav\n"
	"[track \"Sine\"]\nfile = sine.wav\ngain = -6 dB\npan = L30\nhpf = 60 Hz\n"
	"eq.1 = bell 400 Hz +3 dB q 1\ncomp.threshold = -20 dB\ncomp.ratio = 4:1\n"
	"send.Verb = -10 dB\nsend.Echo = -12 dB pre\nauto.gain = 0 -6, 2 0\n"
	"[bus \"Verb\"]\nfx = reverb\n"
	"[bus \"Echo\"]\nfx = delay\ndelay.time = 150 ms\n"
	"[master]\nlimiter = -1 dBTP\n";

static int64_t pos_frames(struct engine *e)
{
	struct engine_status st;
	engine_status(e, &st);
	return llround(st.pos * RATE);
}

/* Live equals bounce: N blocks from 0, bit for bit, position exact. */
static void test_play(struct project *p)
{
	struct engine *e = etl_open_manual(p, BUF);
	struct etl_ref rf;
	int nb = 400;
	long d;

	ok(etl_refill(e, BUF) >= 0, "rings primed at open");
	is_int(pos_frames(e), 0, "position 0 before play");
	engine_play(e, true);
	for (int b = 0; b < nb; b++)
		etl_render(e, L + b * BUF, R + b * BUF, BUF, 4 * BUF);
	is_int(pos_frames(e), (int64_t)nb * BUF, "play advances by exactly the frames rendered");
	etl_ref_open(&rf, p, 0);
	for (int b = 0; b < nb; b++)
		etl_ref_render(&rf, RL + b * BUF, RR + b * BUF, BUF);
	d = etl_diff(L, RL, (long)nb * BUF);
	if (d < 0)
		d = etl_diff(R, RR, (long)nb * BUF);
	ok(d < 0, "live output equals the bounce path bit for bit (%d blocks)", nb);
	if (d >= 0)
		tap_diag("first difference at frame %ld: %g vs %g", d, L[d], RL[d]);

	/* pause holds the position and outputs silence */
	engine_play(e, false);
	for (int b = 0; b < 10; b++)
		etl_render(e, L + b * BUF, R + b * BUF, BUF, 0);
	is_int(pos_frames(e), (int64_t)nb * BUF, "pause holds the position");
	ok(etl_diff(L, (float[BUF * 10]){0}, BUF * 10) < 0, "pause outputs silence");

	/* the meters: moving while a sine plays, zero once paused */
	struct strip_meter m;
	int master = p->nstrips - 1;
	engine_meter(e, master, &m); /* what the playing blocks left */
	ok(m.peak[0] > 0.05f && m.rms[0] > 0.01f, "master meter moved while playing (peak %.3f rms %.3f)", m.peak[0],
	   m.rms[0]);
	engine_meter(e, master, &m);
	ok(m.peak[0] == 0 && m.peak[1] == 0 && m.rms[0] == 0, "meters read zero (-inf dB) while paused");
	engine_meter(e, 999, &m);
	ok(m.peak[0] == 0, "a strip out of range reads zero");

	/* stop returns to the start */
	engine_stop(e);
	is_int(pos_frames(e), 0, "stop: status shows the start at once");
	ok(etl_refill(e, BUF) >= 0, "refilled after stop");
	is_int(pos_frames(e), 0, "stop returns to the start");
	etl_ref_close(&rf);
	engine_close(e);
}

/* The monitor section changes what is heard and nothing else: cut is
 * silence while the meters move; swap exchanges the bounce path's sides
 * bit for bit; off is the bounce path again, bit for bit. And the
 * correlation meter: the Ramp stem's right side is its left inverted. */
static void test_monitor(struct project *p)
{
	struct engine *e = etl_open_manual(p, BUF);
	struct etl_ref rf;
	struct strip_meter m;
	char err[512];
	int nb = 200, fade = 2 * BUF * 4; /* past the 20 ms fade, whole blocks */
	long d;

	ok(engine_monitor_set(e, "nonsense", NAN, err, sizeof err) == -1 && strstr(err, "spotify"),
	   "monitor: an unknown name is refused, the targets listed");
	ok(engine_monitor_set(e, "cut", NAN, err, sizeof err) == 0, "monitor cut");
	etl_refill(e, BUF);
	engine_play(e, true);
	for (int b = 0; b < nb; b++)
		etl_render(e, L + b * BUF, R + b * BUF, BUF, 4 * BUF);
	engine_meter(e, p->nstrips - 1, &m);
	{
		int loud = 0;
		for (long i = fade; i < (long)nb * BUF; i++)
			loud += L[i] != 0 || R[i] != 0;
		ok(loud == 0 && m.peak[0] > 0.05f, "cut: silence heard while the master meter reads %.3f", m.peak[0]);
	}
	engine_meter(e, 0, &m);
	ok(m.corr < -0.99f, "the correlation meter reads %.3f for R = -L", m.corr);

	engine_stop(e);
	engine_monitor_set(e, "swap", NAN, err, sizeof err);
	etl_refill(e, BUF);
	engine_play(e, true);
	for (int b = 0; b < nb; b++)
		etl_render(e, L + b * BUF, R + b * BUF, BUF, 4 * BUF);
	etl_ref_open(&rf, p, 0);
	for (int b = 0; b < nb; b++)
		etl_ref_render(&rf, RL + b * BUF, RR + b * BUF, BUF);
	etl_ref_close(&rf);
	d = etl_diff(L + fade, RR + fade, (long)nb * BUF - fade);
	if (d < 0)
		d = etl_diff(R + fade, RL + fade, (long)nb * BUF - fade);
	ok(d < 0, "swap: each side is the bounce path's other side, bit for bit");

	engine_stop(e);
	engine_monitor_set(e, "off", NAN, err, sizeof err);
	etl_refill(e, BUF);
	engine_play(e, true);
	for (int b = 0; b < nb; b++)
		etl_render(e, L + b * BUF, R + b * BUF, BUF, 4 * BUF);
	d = etl_diff(L + fade, RL + fade, (long)nb * BUF - fade);
	if (d < 0)
		d = etl_diff(R + fade, RR + fade, (long)nb * BUF - fade);
	ok(d < 0, "off again: the bounce path bit for bit");
	engine_close(e);
}

/* A seek: silence until the rings refill, then the right frames. */
static void test_seek(struct project *p)
{
	struct engine *e = etl_open_manual(p, BUF);
	struct etl_ref rf;
	int64_t to = 123457;
	int nb = 100;
	long d;
	double t;

	etl_refill(e, BUF);
	engine_play(e, true);
	for (int b = 0; b < 20; b++)
		etl_render(e, L, R, BUF, 4 * BUF);
	{
		struct engine_status st;
		engine_seek(e, 1e6);
		engine_status(e, &st);
		is_near(st.pos, st.length, 1e-3, "a seek past the end lands at the end");
		engine_seek(e, -5);
		engine_status(e, &st);
		is_near(st.pos, 0, 1e-9, "a seek before the start lands at the start");
	}
	engine_seek(e, (double)to / RATE);
	is_int(pos_frames(e), to, "seek: status shows the target at once");
	/* playing: blocks are silent and the transport holds until the rings
	 * are primed for the target; the first block that moves is the first
	 * output (a fast disk may prime before the very next block) */
	bool silent = true;
	int waited = 0;
	t = etl_now();
	for (int i = 0; i < 5000; i++) {
		engine_render_for_test(e, L, R, BUF);
		if (pos_frames(e) != to)
			break;
		silent &= etl_diff(L, (float[BUF]){0}, BUF) < 0 && etl_diff(R, (float[BUF]){0}, BUF) < 0;
		waited++;
		etl_nap_ms(1);
	}
	t = etl_now() - t;
	ok(silent, "while refilling after a seek: silence, never stale data (%d blocks)", waited);
	ok(pos_frames(e) == to + BUF, "refilled after seek in %.1f ms, then moved by one block", t * 1000);
	for (int b = 1; b < nb; b++)
		etl_render(e, L + b * BUF, R + b * BUF, BUF, 4 * BUF);
	is_int(pos_frames(e), to + (int64_t)nb * BUF, "seek lands exactly, then advances by the frames rendered");
	/* the reference lives the engine's history: 20 blocks from 0, then
	 * graph_reset at the seek */
	etl_ref_open(&rf, p, 0);
	for (int b = 0; b < 20; b++)
		etl_ref_render(&rf, RL, RR, BUF);
	graph_reset(rf.g);
	rf.pos = to;
	for (int b = 0; b < nb; b++)
		etl_ref_render(&rf, RL + b * BUF, RR + b * BUF, BUF);
	d = etl_diff(L, RL, (long)nb * BUF);
	ok(d < 0, "after a seek the output equals a bounce from the target");
	if (d >= 0)
		tap_diag("first difference at frame %ld: %g vs %g", d, L[d], RL[d]);
	etl_ref_close(&rf);
	engine_close(e);
}

/* A loop wraps on its exact end frame, mid-block, with no gap. */
static void test_loop(struct project *p)
{
	struct engine *e = etl_open_manual(p, BUF);
	struct etl_ref rf;
	int64_t ls = 48000 + 17, le = 48000 + 17 + 30001, from = le - 5000;
	int nb = 500; /* 128000 frames: four wraps */
	int64_t want;
	long d;

	engine_set_loop(e, true, (double)ls / RATE, (double)le / RATE);
	engine_seek(e, (double)from / RATE);
	ok(etl_refill(e, BUF) >= 0, "refilled at the loop");
	engine_play(e, true);
	for (int b = 0; b < nb; b++)
		etl_render(e, L + b * BUF, R + b * BUF, BUF, 4 * BUF);
	want = ls + ((from + (int64_t)nb * BUF) - le) % (le - ls);
	is_int(pos_frames(e), want, "position after four wraps");
	etl_ref_open(&rf, p, from);
	graph_reset(rf.g); /* the engine reset at the seek */
	rf.loop = true;
	rf.ls = ls;
	rf.le = le;
	for (int b = 0; b < nb; b++)
		etl_ref_render(&rf, RL + b * BUF, RR + b * BUF, BUF);
	d = etl_diff(L, RL, (long)nb * BUF);
	ok(d < 0, "looped output equals the bounce path along the wrap, no gap");
	if (d >= 0)
		tap_diag("first difference at frame %ld: %g vs %g", d, L[d], RL[d]);

	/* turning the loop off far from its end needs no refill */
	engine_set_loop(e, false, 0, 0);
	engine_render_for_test(e, L, R, BUF);
	struct engine_status st;
	engine_status(e, &st);
	ok(!st.looping, "loop off");
	etl_ref_close(&rf);
	engine_close(e);
}

/* Hot reload swaps the graph without stopping the transport. */
static void test_reload(struct project *p)
{
	struct engine *e = etl_open_manual(p, BUF);
	struct engine_status st;
	struct project *p2;
	char err[256];
	int64_t before;
	float peak = 0;

	etl_refill(e, BUF);
	engine_play(e, true);
	for (int b = 0; b < 50; b++)
		etl_render(e, L, R, BUF, 4 * BUF);
	before = pos_frames(e);
	tu_write(tu_path(dir, "two.ini"), "[project]\nname = T2\nrate = 48000\n"
					  "[track \"Sine\"]\nfile = sine.wav\n[master]\n");
	p2 = etl_load(tu_path(dir, "two.ini"));
	ok(engine_reload(e, p2, err, sizeof err) == 0, "reload accepted");
	project_free(p2);
	etl_refill(e, BUF);
	for (int b = 0; b < 50; b++) {
		etl_render(e, L, R, BUF, 4 * BUF);
		for (int i = 0; i < BUF; i++)
			peak = fmaxf(peak, fabsf(L[i]));
	}
	engine_poll(e);
	engine_status(e, &st);
	ok(st.playing, "still playing after reload");
	int64_t moved = pos_frames(e) - before;
	/* 50 blocks, plus the one that ended the refill wait */
	ok(moved >= 50 * BUF && moved <= 51 * BUF && moved % BUF == 0,
	   "the position carried on across the reload (+%lld frames)", (long long)moved);
	ok(peak > 0.05f, "the new graph plays (peak %.3f)", peak);
	is_int(e->ui_sess->nstrips, 2, "the new session has the new strips");
	engine_close(e);
}

/* Live equals `tmix bounce`: the engine's output, delayed by the
 * graph's latency, against bounce_render's time-aligned blocks. */
struct capture {
	float *l, *r;
	long n;
};

static void capture_block(void *ctx, struct graph *g, int64_t frame, const float *l, const float *r, int n)
{
	struct capture *c = ctx;
	for (int i = 0; i < n && frame + i < c->n; i++) {
		c->l[frame + i] = l[i];
		c->r[frame + i] = r[i];
	}
}

static void test_bounce(struct project *p, int buf)
{
	struct engine_opts o = {.buffer = buf};
	char err[256];
	struct engine *e = engine_open_manual(p, &o, err, sizeof err);
	struct capture c = {RL, RR, 3 * RATE};
	struct bounce_opts bo = {.out = "", .from = 0, .to = 3.0, .block = capture_block, .ctx = &c, .threads = 1};
	struct bounce_result res;
	int lat = graph_latency(e->ui_sess->g);
	long n = c.n + lat, d;

	ok(bounce_render(p, &bo, &res, err, sizeof err) == 0, "bounce_render runs (%s)", err);
	etl_refill(e, buf);
	engine_play(e, true);
	for (long f = 0; f < n; f += buf)
		etl_render(e, L + f, R + f, buf, 4 * buf);
	d = etl_diff(L + lat, RL, c.n);
	if (d < 0)
		d = etl_diff(R + lat, RR, c.n);
	ok(d < 0, "live (%d-frame blocks) equals bounce_render bit for bit over 3 s (latency %d)", buf, lat);
	if (d >= 0)
		tap_diag("first difference at frame %ld: %.9g vs %.9g", d, L[d + lat], RL[d]);
	engine_close(e);
}

/* What the engine relies on at a seek: graph_reset leaves the graph as
 * graph_new made it. */
static void test_reset_fresh(struct project *p)
{
	struct etl_ref a, b;
	int n = 40;
	long d;

	etl_ref_open(&a, p, 48000);
	etl_ref_open(&b, p, 0);
	for (int k = 0; k < 20; k++)
		etl_ref_render(&b, L, R, BUF);
	graph_reset(b.g);
	b.pos = 48000;
	for (int k = 0; k < n; k++) {
		etl_ref_render(&a, RL + k * BUF, RR + k * BUF, BUF);
		etl_ref_render(&b, L + k * BUF, R + k * BUF, BUF);
	}
	d = etl_diff(L, RL, (long)n * BUF);
	ok(d < 0, "graph_reset output equals a fresh graph's");
	if (d >= 0)
		tap_diag("first difference at frame %ld: %.9g vs %.9g", d, L[d], RL[d]);
	etl_ref_close(&a);
	etl_ref_close(&b);
}

/* The null clock holds real time. */
static void test_null_clock(struct project *p)
{
	char err[256];
	struct engine_opts o = {.audio = "null", .buffer = BUF};
	struct engine *e = engine_open(p, &o, err, sizeof err);
	struct engine_status st;
	double t0, t1;
	int64_t f0, f1;

	ok(e != NULL, "engine opens on the null clock");
	if (!e)
		return;
	engine_status(e, &st);
	ok(st.null_output, "status says null output");
	is_str(st.output, "no audio device \xe2\x80\x94 null output", "status output text");
	engine_play(e, true);
	for (int i = 0; i < 200; i++) {
		engine_status(e, &st);
		if (!st.refilling)
			break;
		etl_nap_ms(2);
	}
	etl_nap_ms(100);
	f0 = pos_frames(e);
	t0 = etl_now();
	etl_nap_ms(2000);
	f1 = pos_frames(e);
	t1 = etl_now();
	double fps = (double)(f1 - f0) / (t1 - t0);
	tap_diag("null clock: %.0f frames/s over %.2f s", fps, t1 - t0);
	ok(fabs(fps - RATE) < RATE * 0.05, "null clock holds ~48000 frames/s (%.0f)", fps);
	engine_status(e, &st);
	ok(st.dsp_load > 0 && st.dsp_load < 1, "DSP load reported (%.4f)", st.dsp_load);
	engine_poll(e);
	engine_close(e);
}

/* A device stream that dies: engine_poll carries on with the null
 * clock, the transport still rolling. Simulated with a clock whose
 * stream reports itself dead. */
static bool dead_alive(struct audio *a) { return false; }
static void dead_close(struct audio *a) {}
static const struct audio_ops dead_ops = {.null = false, .alive = dead_alive, .close = dead_close};

static void test_fallover(struct project *p)
{
	struct engine *e = etl_open_manual(p, BUF);
	struct audio dead = {&dead_ops};
	struct engine_status st;
	int64_t f0;

	etl_refill(e, BUF);
	engine_play(e, true);
	for (int b = 0; b < 10; b++)
		etl_render(e, L, R, BUF, 4 * BUF);
	f0 = pos_frames(e);
	e->audio = &dead; /* as if PortAudio had been playing */
	engine_status(e, &st);
	ok(!st.null_output, "a device is playing");
	engine_poll(e); /* notices, and starts the null clock */
	engine_status(e, &st);
	ok(st.null_output && strstr(st.output, "null output"), "fell over to the null clock: %s", st.output);
	etl_nap_ms(300);
	engine_status(e, &st);
	ok(st.playing && pos_frames(e) > f0 + RATE / 10, "the transport kept rolling (%.3f s)", st.pos);
	engine_close(e);
}

/* stderr goes to the log for the session (folders created), then back. */
static void test_log(struct project *p)
{
	char err[256], path[600];
	struct engine_opts o = {.audio = "null", .buffer = BUF};
	struct engine *e;
	struct stat sb0, sb1, sb2;
	char *text;

	snprintf(path, sizeof path, "%s/state/tmix/tmix.log", dir);
	o.log_path = path;
	fstat(2, &sb0);
	e = engine_open(p, &o, err, sizeof err);
	ok(e != NULL, "engine opens with a log path in folders that do not exist yet");
	if (!e)
		return;
	fstat(2, &sb1);
	fprintf(stderr, "chatter from a library\n");
	engine_close(e);
	fstat(2, &sb2);
	text = tu_read(path, NULL);
	ok(text && strstr(text, "chatter from a library"), "stderr went to the log while open");
	ok(sb1.st_ino != sb0.st_ino && sb2.st_ino == sb0.st_ino && sb2.st_dev == sb0.st_dev,
	   "fd 2 pointed at the log, and is restored by engine_close");
	free(text);
	setenv("XDG_STATE_HOME", "/x/state", 1);
	is_str(engine_default_log_path(), "/x/state/tmix/tmix.log", "default log path under $XDG_STATE_HOME");
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/h", 1);
	is_str(engine_default_log_path(), "/h/.local/state/tmix/tmix.log", "default log path under ~/.local/state");
}

/* A stem deleted while playing: that track goes offline and silent with
 * its reason, the other plays on; a reload with the file back clears it. */
static void test_offline(void)
{
	struct project *p;
	struct engine *e;
	struct strip_meter m;
	char why[128] = "", err[256];
	bool off = false;
	float peak = 0;

	tu_wav(tu_path(dir, "a.wav"), RATE, 1, 6, 440, 0.5);
	tu_wav(tu_path(dir, "b.wav"), RATE, 1, 6, 440, 0.5);
	tu_write(tu_path(dir, "off.ini"), "[project]\nname = O\nrate = 48000\n"
					  "[track \"A\"]\nfile = a.wav\n[track \"B\"]\nfile = b.wav\n[master]\n");
	p = etl_load(tu_path(dir, "off.ini"));
	e = etl_open_manual(p, BUF);
	etl_refill(e, BUF);
	engine_play(e, true);
	for (int b = 0; b < 20; b++)
		etl_render(e, L, R, BUF, 4 * BUF);
	ok(!engine_track_offline(e, 0, why, sizeof why) && !engine_track_offline(e, 1, why, sizeof why),
	   "both tracks online");
	unlink(tu_path(dir, "a.wav"));
	for (int i = 0; i < 300 && !off; i++) { /* the disk thread looks once a second */
		etl_render(e, L, R, BUF, 0);
		etl_nap_ms(10);
		off = engine_track_offline(e, 0, why, sizeof why);
	}
	ok(off && strstr(why, "deleted"), "a deleted stem takes its track offline: %s", why);
	ok(!engine_track_offline(e, 1, NULL, 0), "the other track stays online");
	ok(!engine_track_offline(e, 2, NULL, 0) && !engine_track_offline(e, -1, NULL, 0),
	   "the master and out-of-range indices are never offline");
	engine_meter(e, 0, &m);
	engine_meter(e, 1, &m);
	for (int b = 0; b < 20; b++)
		etl_render(e, L, R, BUF, 4 * BUF);
	engine_meter(e, 0, &m);
	peak = m.peak[0];
	ok(peak == 0, "the offline track is silent at once (peak %g)", peak);
	engine_meter(e, 1, &m);
	ok(m.peak[0] > 0.1f, "the other track keeps playing (peak %.3f)", m.peak[0]);
	ok(engine_reload(e, p, err, sizeof err) != 0, "reload while the stem is missing fails: %s", err);
	tu_wav(tu_path(dir, "a.wav"), RATE, 1, 6, 440, 0.5);
	ok(engine_reload(e, p, err, sizeof err) == 0, "reload with the stem back");
	ok(!engine_track_offline(e, 0, NULL, 0), "the mark is gone");
	engine_close(e);
	project_free(p);
}

int main(void)
{
	struct project *p;

	dir = tu_tmpdir();
	etl_ramp_wav(tu_path(dir, "ramp.wav"), RATE, 2, 6);
	tu_wav(tu_path(dir, "sine.wav"), RATE, 1, 6, 440, 0.5);
	tu_write(tu_path(dir, "t.ini"), project_text);
	p = etl_load(tu_path(dir, "t.ini"));
	test_play(p);
	test_seek(p);
	test_monitor(p);
	test_loop(p);
	test_reload(p);
	test_bounce(p, BUF);
	test_reset_fresh(p);
	test_bounce(p, 64);
	{
		/* a note that ends: its EQ's tail decays into silence, where
		 * the filter states are flushed to 0, on the same samples
		 * whatever the block size (nothing else plays to hide it) */
		struct project *ps;
		tu_wav(tu_path(dir, "short.wav"), RATE, 1, 0.5, 1000, 0.5);
		tu_write(tu_path(dir, "short.ini"), "[project]\nname = S\nrate = 48000\n"
			 "[track \"Short\"]\nfile = short.wav\nhpf = 80 Hz\neq.1 = bell 1 kHz +4 dB q 2\n[master]\n");
		ps = etl_load(tu_path(dir, "short.ini"));
		test_bounce(ps, BUF);
		test_bounce(ps, 64);
		project_free(ps);
	}
	test_null_clock(p);
	test_fallover(p);
	test_log(p);
	test_offline();
	project_free(p);
	return done_testing();
}
