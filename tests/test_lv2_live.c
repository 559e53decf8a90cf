/* test_lv2_live.c — live equals bounce with LV2 plugins loaded: a project
 * with swh sc4 on a track and x42 dpl (which reports latency) on another
 * and on the master, played by the engine block by block with no clock,
 * against bounce_render (what `tmix bounce` writes), bit for bit, at two
 * buffer sizes; again with lanes on the plugins' ports. Skips, naming
 * the package, where a plugin is absent. */
#include "bounce.h"
#include "dsp/unit.h"
#include "engine_testlib.h"
#include "tap.h"
#include <math.h>

#define SC4 "http://plugin.org.uk/swh-plugins/sc4"
#define DPL "http://gareus.org/oss/lv2/dpl#stereo"
#define LSP_LIMITER "http://lsp-plug.in/plugins/lv2/limiter_stereo"
#define RATE 48000
#define SECONDS 3
static float L[1 << 19], R[1 << 19], RL[1 << 19], RR[1 << 19];

static bool installed(const char *uri)
{
	char spec[300], err[512];
	snprintf(spec, sizeof spec, "lv2 %s", uri);
	return unit_resolve(spec, err, sizeof err) || !strstr(err, "not installed");
}

/* A stereo stem with dynamics, so that both plugins act on it. */
static void write_stem(const char *path)
{
	SF_INFO info = {.samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *f = sf_open(path, SFM_WRITE, &info);
	long n = (long)SECONDS * RATE;
	float *buf = malloc(sizeof *buf * (size_t)n * 2);
	for (long i = 0; i < n; i++) {
		double env = 0.05 + 0.9 * (0.5 - 0.5 * cos(2 * M_PI * 1.5 * i / RATE));
		buf[2 * i] = (float)(env * sin(2 * M_PI * 220 * i / RATE));
		buf[2 * i + 1] = (float)(env * 0.7 * sin(2 * M_PI * 331 * i / RATE + 1));
	}
	sf_writef_float(f, buf, n);
	sf_close(f);
	free(buf);
}

struct capture {
	float *l, *r;
	long n;
};

static void capture_block(void *ctx, struct graph *g, int64_t frame, const float *l, const float *r, int n)
{
	struct capture *c = ctx;
	(void)g;
	for (int i = 0; i < n && frame + i < c->n; i++) {
		c->l[frame + i] = l[i];
		c->r[frame + i] = r[i];
	}
}

static void live_vs_bounce(struct project *p, int buf)
{
	struct engine_opts o = {.buffer = buf};
	char err[256] = "";
	struct engine *e = engine_open_manual(p, &o, err, sizeof err);
	struct capture c = {RL, RR, (long)SECONDS * RATE};
	struct bounce_opts bo = {.out = "", .from = 0, .to = SECONDS, .block = capture_block, .ctx = &c, .threads = 1};
	struct bounce_result res;
	int lat;
	long n, d;
	double peak = 0;

	if (!e) {
		printf("Bail out! the engine does not open: %s\n", err);
		exit(99);
	}
	lat = graph_latency(e->ui_sess->g);
	n = c.n + lat;
	memset(RL, 0, sizeof RL);
	memset(RR, 0, sizeof RR);
	ok(bounce_render(p, &bo, &res, err, sizeof err) == 0, "bounce_render runs (%s)", err);
	etl_refill(e, buf);
	engine_play(e, true);
	for (long f = 0; f < n; f += buf)
		etl_render(e, L + f, R + f, buf, 4 * buf);
	for (long i = 0; i < c.n; i++)
		peak = fmax(peak, fabs(RL[i]));
	d = etl_diff(L + lat, RL, c.n);
	if (d < 0)
		d = etl_diff(R + lat, RR, c.n);
	ok(lat > 0 && peak > 0.01 && d < 0,
	   "sc4 + dpl: live (%d-frame blocks) equals the bounce bit for bit over %d s (latency %d, peak %.3f)", buf, SECONDS,
	   lat, peak);
	if (d >= 0)
		tap_diag("first difference at frame %ld: %.9g vs %.9g", d, L[d + lat], RL[d]);
	engine_close(e);
}

/* A look-ahead changed while playing: the engine notices the plugin's
 * new latency (engine_latency_moved), a reload from the model with the
 * new value compensates it (the header's figure follows), and the two
 * paths of the mix (one through LSP's limiter set transparent, the
 * other with its polarity flipped) null again. */
static void latency_change(const char *dir)
{
	const char *ini = tu_path(dir, "lk.ini");
	struct engine_opts o = {.buffer = 256};
	struct engine_status st;
	char err[256] = "";
	struct project *p;
	struct engine *e;
	int lk, before, moved = 0;
	double peak = 0;

	tu_write(ini, "[project]\nrate = 48000\n[track \"A\"]\nfile = stem.wav\ngain = -6 dB\n"
		      "insert.1 = lv2 " LSP_LIMITER "\ninsert.1.alr = off\ninsert.1.lk = 2\n"
		      "[track \"B\"]\nfile = stem.wav\ngain = -6 dB\ninsert.1 = utility\ninsert.1.invert = on\n[master]\n");
	p = etl_load(ini);
	e = p ? engine_open_manual(p, &o, err, sizeof err) : NULL;
	if (!ok(e != NULL, "a project with lsp limiter (lk 2 ms) plays (%s)", err))
		return;
	lk = unit_param_find(p->strips[0]->inserts[0].unit, "lk");
	engine_status(e, &st);
	before = st.unit_latency;
	etl_refill(e, 256);
	engine_play(e, true);
	for (int b = 0; b < 20; b++)
		etl_render(e, L, R, 256, 1024);
	ok(!engine_latency_moved(e), "while lk stays, the latency does not move (%d frames)", before);
	strip_set(p, p->strips[0], "insert.1.lk", "15", err, sizeof err);
	engine_set_insert(e, 0, 0, lk, 15);
	for (int b = 0; b < 20 && !moved; b++) {
		etl_render(e, L, R, 256, 1024);
		moved = engine_latency_moved(e);
	}
	ok(moved, "lk set to 15 ms while playing: the engine reports the plugin's latency moved");
	ok(engine_reload(e, p, err, sizeof err) == 0, "the reload with the model runs (%s)", err);
	engine_status(e, &st);
	ok(st.unit_latency > before + 12 * RATE / 1000,
	   "the compensated latency follows the look-ahead: %d frames, was %d", st.unit_latency, before);
	for (int b = 0; b < 40; b++) {
		etl_render(e, L, R, 256, 1024);
		for (int i = 0; b >= 4 && i < 256; i++) /* past the swap and the new latency */
			peak = fmax(peak, fmax(fabs(L[i]), fabs(R[i])));
	}
	ok(peak < 3e-5, "after the rebuild the parallel paths null again live (peak %.2g)", peak);
	ok(!engine_latency_moved(e), "and the new graph reports no further move");
	engine_close(e);
	project_free(p);
}

int main(void)
{
	const char *dir = tu_tmpdir();
	const char *ini = tu_path(dir, "p.ini");
	FILE *f;
	struct project *p;

	if (!installed(SC4) || !installed(DPL)) {
		printf("1..0 # SKIP %s not installed\n", !installed(SC4) ? "swh-lv2 (swh sc4)" : "x42-plugins (x42 dpl)");
		return 0;
	}
	write_stem(tu_path(dir, "stem.wav"));
	f = fopen(ini, "w");
	fprintf(f, "[project]\nrate = 48000\n"
		   "[track \"A\"]\nfile = stem.wav\ninsert.1 = lv2 " SC4 "\ninsert.1.ratio = 8\ninsert.1.threshold = -30\n"
		   "[track \"B\"]\nfile = stem.wav\ngain = -6 dB\ninsert.1 = lv2 " DPL "\ninsert.1.threshold = -6\n"
		   "[master]\ninsert.1 = lv2 " DPL "\ninsert.1.threshold = -3\n");
	fclose(f);
	p = etl_load(ini);
	live_vs_bounce(p, 256);
	live_vs_bounce(p, 1000);
	project_free(p);
	/* the same with lanes on the plugins' ports (auto.insert.N.PARAM):
	 * set on the timeline's 32-frame grid whatever the buffer */
	f = fopen(ini, "w");
	fprintf(f, "[project]\nrate = 48000\n"
		   "[track \"A\"]\nfile = stem.wav\ninsert.1 = lv2 " SC4 "\ninsert.1.ratio = 8\n"
		   "auto.insert.1.threshold = 0:00 -30, 0:01.3 -10, 0:02 -25\nauto.insert.1.ratio = 0:00 2, 0:01 8\n"
		   "[track \"B\"]\nfile = stem.wav\ngain = -6 dB\ninsert.1 = lv2 " DPL "\n"
		   "auto.insert.1.threshold = 0:00 -2, 0:02.5 -10\n"
		   "[master]\ninsert.1 = lv2 " DPL "\ninsert.1.threshold = -3\n");
	fclose(f);
	p = etl_load(ini);
	live_vs_bounce(p, 256);
	live_vs_bounce(p, 1000);
	project_free(p);
	if (installed(LSP_LIMITER))
		latency_change(dir);
	else
		printf("ok %d # SKIP lsp-plugins-lv2 not installed (lsp limiter_stereo)\n", ++tap_n);
	return done_testing();
}
