/* test_lv2_insert.c — LV2 plugins in insert slots, rendered through the
 * graph: swh sc4 on a neutral strip against lv2apply on the same stem;
 * x42 dpl's latency compensated so that parallel paths null (two tracks,
 * one through dpl, the other through a polarity flip, into the master,
 * through a group bus and into a send bus); two renders the same bit for
 * bit. Tests that need a Debian plugin package skip, naming it, where it
 * is absent. */
#include "render_testlib.h"
#include "bounce.h"
#include "dsp/unit.h"
#include "project_testlib.h"
#include <sndfile.h>
#include <sys/stat.h>

#define SC4 "http://plugin.org.uk/swh-plugins/sc4"
#define DPL "http://gareus.org/oss/lv2/dpl#stereo"
#define LSP_LIMITER "http://lsp-plug.in/plugins/lv2/limiter_stereo"
#define RATE 48000

static const char *dir;

static struct capture render(const char *text, double to) { return render_text(dir, "l.ini", text, to); }

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

/* A stereo stem with dynamics: two tones under a slow swell. */
static void write_stem(const char *path, double seconds)
{
	SF_INFO info = {.samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f = sf_open(path, SFM_WRITE, &info);
	long n = (long)(seconds * RATE);
	float *buf = malloc(sizeof *buf * (size_t)n * 2);
	for (long i = 0; i < n; i++) {
		double env = 0.05 + 0.5 * (0.5 - 0.5 * cos(2 * M_PI * 1.5 * i / RATE));
		buf[2 * i] = (float)(env * sin(2 * M_PI * 220 * i / RATE));
		buf[2 * i + 1] = (float)(env * 0.7 * sin(2 * M_PI * 331 * i / RATE + 1));
	}
	sf_writef_float(f, buf, n);
	sf_close(f);
	free(buf);
}

static long read_stereo(const char *path, float **l, float **r)
{
	SF_INFO info = {0};
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	float *buf;
	if (!f || info.channels != 2)
		return -1;
	buf = malloc(sizeof *buf * (size_t)info.frames * 2);
	*l = malloc(sizeof **l * (size_t)info.frames);
	*r = malloc(sizeof **r * (size_t)info.frames);
	info.frames = sf_readf_float(f, buf, info.frames);
	for (long i = 0; i < info.frames; i++) {
		(*l)[i] = buf[2 * i];
		(*r)[i] = buf[2 * i + 1];
	}
	sf_close(f);
	free(buf);
	return (long)info.frames;
}

static double max_diff(const struct capture *c, const float *l, const float *r, long n)
{
	double d = 0;
	if (c->n < n)
		return INFINITY;
	for (long i = 0; i < n; i++)
		d = fmax(d, fmax(fabs(c->l[i] - l[i]), fabs(c->r[i] - r[i])));
	return d;
}

static double peak_db(const struct capture *c)
{
	double p = 0;
	for (int64_t i = 0; i < c->n; i++)
		p = fmax(p, fmax(fabs(c->l[i]), fabs(c->r[i])));
	return p > 0 ? 20 * log10(p) : -INFINITY;
}

static void test_sc4(void)
{
	char cmd[2048];
	float *el = NULL, *er = NULL;
	long n;
	struct capture dry, wet;
	double d;

	if (!installed(SC4)) {
		skip(3, "swh-lv2 not installed (swh sc4)");
		return;
	}
	if (system("command -v lv2apply >/dev/null 2>&1")) {
		skip(3, "lilv-utils not installed (lv2apply)");
		return;
	}
	snprintf(cmd, sizeof cmd, "lv2apply -i %s -o %s -c ratio 8 -c threshold -30 %s >/dev/null 2>&1",
		 tu_path(dir, "stem.wav"), tu_path(dir, "sc4.wav"), SC4);
	n = system(cmd) == 0 ? read_stereo(tu_path(dir, "sc4.wav"), &el, &er) : -1;
	if (!ok(n > RATE, "lv2apply ran sc4 on the stem (%ld frames)", n))
		return;
	dry = render("[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\n[master]\n", 2);
	free(el);
	free(er);
	read_stereo(tu_path(dir, "stem.wav"), &el, &er);
	d = max_diff(&dry, el, er, 2 * RATE);
	ok(d == 0, "the strip is neutral: without the insert the bounce is the stem (%.3g)", d);
	free(el);
	free(er);
	read_stereo(tu_path(dir, "sc4.wav"), &el, &er);
	wet = render("[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\n"
		     "insert.1 = lv2 " SC4 "\ninsert.1.ratio = 8\ninsert.1.threshold = -30\n[master]\n", 2);
	d = max_diff(&wet, el, er, 2 * RATE);
	tap_diag("sc4 in an insert against lv2apply: largest difference %.3g", d);
	ok(d <= 1e-6, "sc4 ratio 8 threshold -30 in insert.1: the bounce matches lv2apply within 1e-6 (%.3g)", d);
	capture_free(&dry);
	capture_free(&wet);
	free(el);
	free(er);
}

/* Two copies of the stem, one through dpl set transparent (threshold 0
 * dB, the stem peaks near -6), the other with its polarity flipped: the
 * mix nulls only if dpl's latency is made up on the other path. */
static void test_dpl_null(void)
{
	const char *dpl = "insert.1 = lv2 " DPL "\ninsert.1.threshold = 0\n";
	const char *flip = "insert.1 = utility\ninsert.1.invert = on\n";
	char text[2048];
	struct capture c, c2, one;
	double p;

	if (!installed(DPL)) {
		skip(5, "x42-plugins not installed (x42 dpl)");
		return;
	}
	one = render("[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\n[master]\n", 1);
	snprintf(text, sizeof text, "[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\n%s"
		 "[track \"B\"]\nfile = stem.wav\n%s[master]\n", dpl, flip);
	c = render(text, 1);
	p = peak_db(&c);
	ok(c.n > 0 && peak_db(&one) > -10 && p < -90, "through the master: the two paths null (%.1f dBFS)", p);
	c2 = render(text, 1);
	ok(c.n > 0 && c.n == c2.n && !memcmp(c.l, c2.l, sizeof(float) * (size_t)c.n) &&
		   !memcmp(c.r, c2.r, sizeof(float) * (size_t)c.n),
	   "two renders with a plugin are the same bit for bit");
	capture_free(&c2);
	capture_free(&c);
	snprintf(text, sizeof text, "[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\noutput = G\n"
		 "[track \"B\"]\nfile = stem.wav\n%s[bus \"G\"]\n%s[master]\n", flip, dpl);
	c = render(text, 1);
	p = peak_db(&c);
	ok(c.n > 0 && p < -90, "dpl on a group bus: the paths null at the master (%.1f dBFS)", p);
	capture_free(&c);
	snprintf(text, sizeof text, "[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\n%ssend.Echo = 0 dB pre\n"
		 "gain = -inf\n[track \"B\"]\nfile = stem.wav\n%ssend.Echo = 0 dB pre\ngain = -inf\n"
		 "[bus \"Echo\"]\nfx = delay\ndelay.time = 10 ms\ndelay.feedback = 0 %%\n[master]\n", dpl, flip);
	c = render(text, 1);
	p = peak_db(&c);
	ok(c.n > 0 && p < -90, "dpl before a send: the send bus's inputs null (%.1f dBFS)", p);
	capture_free(&c);
	snprintf(text, sizeof text, "[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\n%ssend.Echo = 0 dB pre\n"
		 "gain = -inf\n[bus \"Echo\"]\nfx = delay\ndelay.time = 10 ms\ndelay.feedback = 0 %%\n[master]\n", dpl);
	c = render(text, 1);
	p = peak_db(&c);
	ok(c.n > 0 && p > -20, "(and one path alone through that send bus is heard: %.1f dBFS)", p);
	capture_free(&c);
	capture_free(&one);
}

/* LSP's limiter reports a latency that follows its look-ahead (lk, in
 * ms): two copies of the stem, one through the limiter set transparent
 * (threshold 0 dB, input gain 1; the stem peaks near -6 dBFS), the other
 * with its polarity flipped, null only if the compensation is made for
 * the look-ahead the project sets, not the plugin's default (5 ms). */
static void test_lookahead(void)
{
	static const char *const lk[] = {"2", "15"};
	char text[2048];

	if (!installed(LSP_LIMITER)) {
		skip(2, "lsp-plugins-lv2 not installed (lsp limiter_stereo)");
		return;
	}
	for (int i = 0; i < 2; i++) {
		struct capture c;
		double p;
		snprintf(text, sizeof text, "[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\n"
			 "insert.1 = lv2 " LSP_LIMITER "\ninsert.1.alr = off\ninsert.1.lk = %s\n"
			 "[track \"B\"]\nfile = stem.wav\ninsert.1 = utility\ninsert.1.invert = on\n[master]\n", lk[i]);
		c = render(text, 1);
		p = peak_db(&c);
		ok(c.n > 0 && p < -90, "lsp limiter with a look-ahead of %s ms: the parallel paths null (%.1f dBFS)", lk[i], p);
		capture_free(&c);
	}
}

int main(void)
{
	dir = tu_tmpdir();
	write_stem(tu_path(dir, "stem.wav"), 3);
	test_sc4();
	test_dpl_null();
	test_lookahead();
	return done_testing();
}
