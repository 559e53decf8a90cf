/* test_graph.c — the render graph end to end, measured on its output:
 * pan law, faders, automation at given times, mute and solo, pre/post
 * sends, group buses, the limiter's ceiling and latency compensation. */
#include "render_testlib.h"
#include "bounce.h"
#include "dsp/dsp.h"
#include "dsp/truepeak.h"
#include "project_testlib.h"

static const char *dir;

static struct capture render(const char *text, double to) { return render_text(dir, "g.ini", text, to); }

static double rms_db(const float *x, int64_t from, int64_t n)
{
	double s = 0;
	for (int64_t i = from; i < from + n; i++)
		s += (double)x[i] * x[i];
	return n > 0 && s > 0 ? 10 * log10(s / n) : -200;
}

static double peak(const float *x, int64_t from, int64_t n)
{
	double m = 0;
	for (int64_t i = from; i < from + n; i++)
		if (fabs(x[i]) > m)
			m = fabs(x[i]);
	return m;
}

#define SINE_DB (-20 - 3.0103) /* RMS of a sine at amplitude 0.1 */
#define HEAD "[project]\nrate = 48000\n"

static void test_pan_and_fader(void)
{
	struct capture c = render(HEAD "[track \"T\"]\nfile = sine.wav\n", 1);
	is_near(rms_db(c.l, 24000, 24000), SINE_DB - 3.0103, 0.05, "centre, -3 dB law: left 3 dB down");
	is_near(rms_db(c.r, 24000, 24000), SINE_DB - 3.0103, 0.05, "centre, -3 dB law: right 3 dB down");
	free(c.l), free(c.r);
	c = render("[project]\npanlaw = -6 dB\n[track \"T\"]\nfile = sine.wav\ngain = -6 dB\n", 1);
	is_near(rms_db(c.l, 24000, 24000), SINE_DB - 12, 0.05, "fader -6 dB and the -6 dB law");
	free(c.l), free(c.r);
	c = render("[track \"T\"]\nfile = sine.wav\npan = L100\n", 1);
	ok(c.n > 0 && peak(c.r, 0, c.n) == 0, "hard left: right channel exactly silent");
	is_near(rms_db(c.l, 24000, 24000), SINE_DB, 0.05, "hard left: left at unity");
	free(c.l), free(c.r);
	c = render("[track \"T\"]\nfile = stereo.wav\npan = R100\n", 1);
	ok(c.n > 0 && peak(c.l, 0, c.n) == 0, "stereo balance hard right: left silent");
	is_near(rms_db(c.r, 24000, 24000), SINE_DB, 0.05, "stereo balance: right at unity");
	free(c.l), free(c.r);
	c = render("[track \"T\"]\nfile = sine.wav\ntrim = +6 dB\ngain = -inf\n", 1);
	ok(c.n > 0 && peak(c.l, 0, c.n) == 0, "fader at -inf: silence");
	free(c.l), free(c.r);
}

static void test_automation(void)
{
	struct capture c = render("[project]\npanlaw = 0 dB\n[track \"T\"]\nfile = sine.wav\n"
				  "auto.gain = 0 -20, 0.8 0\n", 1);
	/* 0 dB law: centre is unity per side */
	is_near(rms_db(c.l, 19200 - 480, 960), SINE_DB - 10, 0.3, "gain lane at 0.4 s: -10 dB");
	is_near(rms_db(c.l, 9600 - 480, 960), SINE_DB - 15, 0.3, "gain lane at 0.2 s: -15 dB");
	is_near(rms_db(c.l, 40800, 4800), SINE_DB, 0.05, "held after the last point");
	free(c.l), free(c.r);
	c = render("[track \"T\"]\nfile = sine.wav\nauto.mute = 0 no, 0.5 yes\n", 1);
	ok(c.n > 0 && rms_db(c.l, 12000, 4800) > -40 && peak(c.l, 24000 + 960, 4800) == 0,
	   "mute lane switches at its point (silent 20 ms after 0.5 s)");
	free(c.l), free(c.r);
	/* before a mute lane's first point the static mute rules (here: no) */
	c = render("[track \"T\"]\nfile = sine.wav\nauto.mute = 0.25 yes, 0.75 no\n", 1);
	ok(c.n > 0 && rms_db(c.l, 2400, 4800) > -40 && peak(c.l, 12000 + 960, 4800) == 0 &&
	   rms_db(c.l, 40800, 4800) > -40, "auto.mute = 0.25 yes, 0.75 no: heard before 0.25 s, silent to 0.75 s, heard after");
	free(c.l), free(c.r);
	c = render("[track \"T\"]\nfile = sine.wav\nmute = yes\nauto.mute = 0.5 no\n", 1);
	ok(c.n > 0 && peak(c.l, 0, c.n) == 0, "the static mute adds to the lane: mute = yes stays silent throughout");
	free(c.l), free(c.r);
	c = render("[project]\npanlaw = 0 dB\n[track \"T\"]\nfile = sine.wav\nauto.mode = off\nauto.gain = 0 -40\n", 1);
	is_near(rms_db(c.l, 24000, 4800), SINE_DB, 0.05, "auto.mode = off: the lane is kept but not played");
	free(c.l), free(c.r);
	c = render("[project]\npanlaw = 0 dB\n[track \"T\"]\nfile = sine.wav\nauto.mode = latch\nauto.gain = 0 -40\n", 1);
	is_near(rms_db(c.l, 24000, 4800), SINE_DB - 40, 0.05, "auto.mode = latch plays the lane when not recording");
	free(c.l), free(c.r);
	/* a master fade-out is a master gain lane */
	c = render("[project]\npanlaw = 0 dB\n[track \"T\"]\nfile = sine.wav\n[master]\nauto.gain = 0:00.5 0, 0:00.9 -40 dB\n", 1);
	is_near(rms_db(c.l, 9600, 4800), SINE_DB, 0.05, "master gain lane: full level before the fade");
	is_near(rms_db(c.l, 45600, 2400), SINE_DB - 40, 0.05, "master gain lane: -40 dB after it");
	free(c.l), free(c.r);
	c = render("[track \"T\"]\nfile = sine.wav\nauto.pan = 0 L100, 1 R100\n", 1);
	ok(c.n > 0 && rms_db(c.l, 2400, 480) > rms_db(c.r, 2400, 480) + 20 &&
	   rms_db(c.r, 45600, 480) > rms_db(c.l, 45600, 480) + 20, "pan lane sweeps left to right");
	free(c.l), free(c.r);
}

static void test_solo_and_buses(void)
{
	struct capture c;
	const char *mix = "[track \"A\"]\nfile = sine.wav\npan = L100\n%s"
			  "[track \"B\"]\nfile = sine.wav\npan = R100\noutput = G\n%s"
			  "[bus \"G\"]\ngain = -6 dB\n%s"
			  "[bus \"Echo\"]\nfx = delay\ndelay.time = 100 ms\ndelay.feedback = 0\n";
	char text[1024];

	snprintf(text, sizeof text, mix, "", "", "");
	c = render(text, 1);
	is_near(rms_db(c.r, 24000, 24000), SINE_DB - 6, 0.1, "group bus gain applies to its source (hard right: unity)");
	free(c.l), free(c.r);

	snprintf(text, sizeof text, mix, "solo = yes\nsend.Echo = 0 dB\n", "", "");
	c = render(text, 1);
	ok(c.n > 0 && peak(c.r, 24000, 24000) < 1e-6 && rms_db(c.l, 24000, 24000) > SINE_DB - 1,
	   "solo A: B is silent, A plays");
	free(c.l), free(c.r);

	snprintf(text, sizeof text, mix, "", "", "solo = yes\n");
	c = render(text, 1);
	ok(c.n > 0 && peak(c.l, 24000, 24000) < 1e-6 && rms_db(c.r, 24000, 24000) > SINE_DB - 10,
	   "a soloed bus keeps its sources and silences the rest");
	free(c.l), free(c.r);

	/* pre-fader send survives the fader at -inf; post-fader does not */
	c = render("[track \"A\"]\nfile = click.wav\ngain = -inf\nsend.Echo = 0 dB pre\n"
		   "[bus \"Echo\"]\nfx = delay\ndelay.time = 100 ms\ndelay.feedback = 0\n", 1);
	ok(c.n > 0 && peak(c.l, 0, c.n) > 0.1, "pre-fader send reaches the delay with the fader down");
	{
		int64_t at = -1;
		for (int64_t i = 0; i < c.n && at < 0; i++)
			if (fabs(c.l[i]) > 0.05)
				at = i;
		is_int(at, 24000 + 4800, "delay return arrives 100 ms after the click");
	}
	free(c.l), free(c.r);
	c = render("[track \"A\"]\nfile = click.wav\ngain = -inf\nsend.Echo = 0 dB\n"
		   "[bus \"Echo\"]\nfx = delay\ndelay.time = 100 ms\n", 1);
	ok(c.n > 0 && peak(c.l, 0, c.n) == 0, "post-fader send is silent with the fader down");
	free(c.l), free(c.r);
}

static void test_limiter(void)
{
	struct capture c = render("[track \"T\"]\nfile = hot.wav\ntrim = +12 dB\n[master]\nlimiter = -1 dBTP\n", 1);
	struct truepeak tp;
	const float *ch[2];
	truepeak_init(&tp);
	ch[0] = c.l;
	ch[1] = c.r;
	truepeak_process(&tp, ch, 2, (int)c.n);
	ok(c.n > 0 && 20 * log10(truepeak_max(&tp)) <= -0.9, "limiter: true peak %.2f dBTP <= -1.0 (+0.1)",
	   20 * log10(truepeak_max(&tp)));
	free(c.l), free(c.r);
	c = render("[track \"T\"]\nfile = click.wav\npan = L100\n[master]\nlimiter = -1 dBTP\n", 1);
	{
		int64_t at = -1;
		for (int64_t i = 0; i < c.n && at < 0; i++)
			if (fabs(c.l[i]) > 0.05)
				at = i;
		is_int(at, 24000, "limiter latency compensated: the click stays at 0.5 s");
	}
	free(c.l), free(c.r);
}

int main(void)
{
	float *buf = calloc(48000 * 2, sizeof(float));
	SF_INFO info = {.samplerate = 48000, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f;

	dir = tu_tmpdir();
	tu_wav(tu_path(dir, "sine.wav"), 48000, 1, 1.0, 1000, 0.1);
	tu_wav(tu_path(dir, "stereo.wav"), 48000, 2, 1.0, 1000, 0.1);
	/* a full-scale fs/4 sine at 45 degrees: inter-sample peaks 3 dB over the samples */
	for (int i = 0; i < 48000; i++)
		buf[i] = (float)sin(M_PI / 2 * i + M_PI / 4);
	f = sf_open(tu_path(dir, "hot.wav"), SFM_WRITE, &info);
	sf_writef_float(f, buf, 48000);
	sf_close(f);
	memset(buf, 0, sizeof(float) * 48000);
	buf[24000] = 0.5f;
	f = sf_open(tu_path(dir, "click.wav"), SFM_WRITE, &info);
	sf_writef_float(f, buf, 48000);
	sf_close(f);
	free(buf);
	test_pan_and_fader();
	test_automation();
	test_solo_and_buses();
	test_limiter();
	return done_testing();
}
