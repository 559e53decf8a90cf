/* test_rtsafe.c — proof that the audio callback is real-time safe: a
 * full project (8 tracks with EQ, gate, compressor and sends, a reverb
 * and a delay bus, a master limiter; sidechain keys on a track, a bus
 * and the master, with detector filters) plays while this thread fires
 * parameter changes (insert parameters and bypass too), recorded
 * automation, seeks, loop toggles and a hot reload; every track, a bus
 * and the master carry insert units (and, where the CI's packages are
 * installed, LV2 plugins: swh sc4 on two tracks, x42 dpl on a bus),
 * with lanes on insert parameters (auto.insert.N.PARAM, sc4's too); an
 * interposer (rt_interpose.c) counts every allocation, lock, condition
 * wait, read, write, open or sleep made inside the callback. First on the
 * null clock, then on PortAudio through an ALSA `type null` PCM, which
 * calls back unpaced (a stress test of the real device path). */
#include "engine_testlib.h"
#include "dsp/unit.h"
#include "rt_interpose.h"
#include "tap.h"
#include <sys/stat.h>

static const char *dir;
/* LV2 plugins from the CI's packages, where installed: swh sc4 on two
 * tracks, x42 dpl (atom ports, latency) on the Plate bus */
#define SC4 "http://plugin.org.uk/swh-plugins/sc4"
#define DPL "http://gareus.org/oss/lv2/dpl#stereo"
static int sc4_ratio = -1;

static void write_project(const char *name, double gain)
{
	char text[8192], *p = text;
	p += sprintf(p, "[project]\nname = RT\nrate = 48000\ntempo = 120\nloop = 0:01 - 0:03\n");
	for (int t = 0; t < 8; t++) {
		p += sprintf(p,
			     "[track \"T%d\"]\nfile = s%d.wav\ngain = %.1f dB\npan = L%d\nhpf = 40 Hz\n"
			     "eq.1 = bell 300 Hz -2 dB q 1.5\neq.2 = highshelf 8 kHz +2 dB\n"
			     "gate.threshold = -60 dB\ncomp.threshold = -18 dB\ncomp.ratio = 3:1\n"
			     "send.Plate = -12 dB\nsend.Echo = -18 dB pre\nauto.mode = %s\n%s"
			     "insert.1 = utility\ninsert.1.gain = -1 dB\ninsert.2 = utility\ninsert.2.channels = swap\n",
			     t, t % 4, gain - t, t * 10, t == 0 ? "latch" : t == 1 ? "touch" : t == 2 ? "write" : "read",
			     t == 2 ? "auto.gain = 0 -6, 2 0\nauto.send.Plate = 0 -20, 3 -6\n" : "");
		if (t == 0) /* a sidechain: keyed by two tracks, detector filters on */
			p += sprintf(p, "gate.key = T2\ngate.key.hpf = 80 Hz\ncomp.key = T1\ncomp.key.lpf = 2 kHz\n");
		if (t >= 1 && t <= 3) /* lanes on insert parameters: a glide and a label */
			p += sprintf(p, "auto.insert.1.gain = 0 -6, 2 0\nauto.insert.2.channels = 0 stereo, 1 swap, 2.5 mono\n");
		if (sc4_ratio >= 0 && t < 2)
			p += sprintf(p, "insert.3 = lv2 " SC4 "\ninsert.3.ratio = 4\ninsert.3.threshold = -20\n"
				     "auto.insert.3.threshold = 0 -30, 1.5 -10, 3 -25\n");
	}
	p += sprintf(p, "[bus \"Plate\"]\nfx = reverb\nreverb.decay = 2 s\ncomp.threshold = -30 dB\ncomp.key = T5\ninsert.1 = utility\n"
		     "%s[bus \"Echo\"]\nfx = delay\ndelay.time = 1/8.\ndelay.feedback = 40 %%\n"
		     "[master]\ncomp.threshold = -10 dB\ncomp.key = T4\nlimiter = -1 dBTP\ninsert.1 = utility\ninsert.1.channels = mono\n"
		     "[reference \"R\"]\nfile = s1.wav\n", sc4_ratio >= 0 ? "insert.2 = lv2 " DPL "\n" : "");
	tu_write(tu_path(dir, name), text);
}

/* Edits, seeks, loop toggles and one reload while the clock runs. */
static void churn(struct engine *e, struct project *p2, double seconds)
{
	char err[256];
	double t0 = etl_now();
	int i = 0;
	bool reloaded = false;

	engine_play(e, true);
	while (etl_now() - t0 < seconds) {
		struct strip_meter m;
		struct engine_status st;
		struct eq_band b = {EQT_BELL, 200.0 + i, (i % 12) - 6.0, 1.0};
		int k = i % 8;
		engine_set_param(e, k, P_GAIN, -(i % 20), PM_VALUE);
		engine_set_param(e, k, P_PAN, (i % 200) - 100, PM_VALUE);
		engine_set_param(e, k, P_COMP_THRESHOLD, -10 - (i % 20), PM_VALUE);
		engine_set_param(e, 0, P_COMP_KEY_HPF, 40 + i % 200, i % 3 ? PM_VALUE : PM_OFF);
		engine_set_param(e, 0, P_GATE_KEY_LPF, 2000 + i % 2000, i % 5 ? PM_VALUE : PM_OFF);
		/* keys that reach the chain's units two ways (param_unit_map) */
		engine_set_param(e, k, P_HPF, 40 + i % 100, i % 6 ? PM_VALUE : PM_OFF);
		engine_set_param(e, k, P_COMP_MAKEUP, i % 6, i % 4 ? PM_VALUE : PM_AUTO);
		engine_set_param(e, k, P_GATE_THRESHOLD, -60 + i % 10, i % 7 ? PM_VALUE : PM_OFF);
		engine_set_eq(e, k, i % 8, &b);
		engine_set_send(e, k, 0, -(i % 30), i & 1);
		/* automation recorded from the keys on the touch, latch and write strips */
		engine_rec(e, i % 3, P_GAIN, -(i % 24), i % 7 == 6);
		engine_rec(e, i % 3, P_PAN, (i % 40) - 20, false);
		engine_rec(e, i % 3, P_MUTE, i % 11 == 0, i % 13 == 12);
		engine_rec(e, i % 3, GRAPH_REC_SEND + (i & 1), -(i % 30), false);
		for (struct engine_rec_event ev; engine_rec_poll(e, &ev);)
			;
		if (i % 9 == 4) { /* a lane edited: swapped in place */
			struct auto_point pts[3] = {{0, -(i % 12)}, {1.5, 0}, {2.5, -6}};
			struct auto_lane l = {1 + i % 3, pts, false};
			engine_set_lane(e, 2, i % 2 ? P_GAIN : GRAPH_REC_SEND, &l);
		}
		engine_set_insert(e, k, 0, 0, -(i % 24));       /* utility gain */
		engine_set_insert(e, k, 1, 2, i % 5);           /* utility channels */
		engine_set_insert(e, k, 1, INSERT_BYPASS, i & 1);
		engine_set_insert(e, p2->nstrips - 1, 0, 1, (i >> 1) & 1); /* the master's polarity */
		if (sc4_ratio >= 0)
			engine_set_insert(e, k & 1, 2, sc4_ratio, 1 + i % 10); /* an LV2 plugin's port */
		if (i % 25 == 0)
			engine_seek(e, (i % 7) * 0.5);
		if (i % 40 == 10)
			engine_set_loop(e, (i / 40) & 1, 1.0, 3.0);
		if (i % 30 == 5) /* reference A/B flips, the meter reset */
			engine_reference(e, (i / 30) & 1 ? 0 : -1);
		if (i % 70 == 3)
			engine_loudness_reset(e);
		if (!reloaded && etl_now() - t0 > seconds / 2) {
			ok(engine_reload(e, p2, err, sizeof err) == 0, "hot reload while playing");
			reloaded = true;
		}
		for (int s = 0; s < p2->nstrips; s++)
			engine_meter(e, s, &m);
		engine_status(e, &st);
		struct engine_loudness lu;
		struct engine_tonal tl;
		engine_loudness(e, &lu);
		engine_tonal(e, 0, &tl);
		engine_poll(e);
		etl_nap_ms(5);
		i++;
	}
	engine_play(e, false);
}

static void run(struct project *p, struct project *p2, const char *audio, double seconds)
{
	char err[256];
	struct engine_opts o = {.audio = audio, .buffer = 256};
	struct engine *e;
	unsigned before = atomic_load(&rt_callbacks);

	e = engine_open(p, &o, err, sizeof err);
	if (!e) {
		printf("ok %d # SKIP %s: %s\n", ++tap_n, audio, err);
		return;
	}
	struct engine_status st;
	engine_status(e, &st);
	tap_diag("%s: %s", audio, st.output);
	atomic_store(&rt_violations, 0);
	churn(e, p2, seconds);
	engine_close(e);
	unsigned calls = atomic_load(&rt_callbacks) - before;
	const char *first = atomic_load(&rt_first_violation);
	ok(calls > 100, "%s: the callback ran (%u blocks)", audio, calls);
	is_int(atomic_load(&rt_violations), 0, "%s: no allocation, lock, I/O or sleep inside the callback%s%s", audio,
	       first ? "; first: " : "", first ? first : "");
}

int main(void)
{
	struct project *p, *p2;
	char rc[600];

	dir = tu_tmpdir();
	for (int s = 0; s < 4; s++)
		tu_wav(tu_path(dir, (char[]){'s', (char)('0' + s), '.', 'w', 'a', 'v', 0}), 48000, 1 + (s & 1), 5,
		       110.0 * (s + 1), 0.3);
	{
		char err[512];
		const struct unit_desc *sc4 = unit_resolve("lv2 " SC4, err, sizeof err);
		if (sc4 && unit_resolve("lv2 " DPL, err, sizeof err))
			sc4_ratio = unit_param_find(sc4, "ratio");
		else
			tap_diag("no LV2 plugins in this run: swh-lv2 or x42-plugins not installed (%s)", err);
	}
	write_project("rt.ini", 0);
	write_project("rt2.ini", -3);
	p = etl_load(tu_path(dir, "rt.ini"));
	p2 = etl_load(tu_path(dir, "rt2.ini"));
	ok(p && p->strips[0]->key[0] == 2 && p->strips[0]->key[1] == 1 && p->strips[8]->key[1] == 5 &&
	   p->strips[10]->key[1] == 4, "the sidechain keys are bound (T0 by T2 and T1, Plate by T5, the master by T4)");
	/* the interposer itself: it must see a malloc made inside */
	void *(*volatile alloc)(size_t) = malloc;
	rt_enter();
	void *x = alloc(16);
	rt_exit();
	free(x);
	if (RT_COUNTS_MALLOC)
		is_int(atomic_load(&rt_violations), 1, "the interposer counts a malloc inside the callback");
	else
		ok(1, "# SKIP a sanitizer owns malloc: allocation is not counted in this build");
	atomic_store(&rt_first_violation, NULL);
	engine_rt_enter_hook = rt_enter;
	engine_rt_exit_hook = rt_exit;

	run(p, p2, "null", 3.0);

	/* ALSA reads ~/.asoundrc when PortAudio first initialises it: give it
	 * a home whose default PCM is a `type null` sink. */
	snprintf(rc, sizeof rc, "pcm.tmixnull { type null }\npcm.!default { type plug slave.pcm \"tmixnull\" }\n");
	tu_write(tu_path(dir, ".asoundrc"), rc);
	setenv("HOME", dir, 1);
	run(p, p2, "portaudio", 1.5);
	project_free(p);
	project_free(p2);
	return done_testing();
}
