/* bench_engine.c — `make bench`: the engine callback's DSP load (time in
 * the callback / period, mean and worst block) for 8, 32 and 64 tracks
 * with full strips (HPF, two EQ bands, gate, compressor, a send to a
 * reverb and one to a delay bus, master limiter) at 48 kHz with 64- and
 * 256-frame buffers, driven with the null clock's timing (the real
 * callback, called at absolute deadlines one period apart while the disk
 * thread streams). Also: how long a seek takes to refill 32 tracks. */
#include "engine_testlib.h"

static const char *dir;

static void write_project(const char *name, int ntracks)
{
	size_t cap = 4096 + (size_t)ntracks * 512;
	char *text = malloc(cap), *p = text;
	p += sprintf(p, "[project]\nname = Bench\nrate = 48000\ntempo = 120\n");
	for (int t = 0; t < ntracks; t++)
		p += sprintf(p,
			     "[track \"T%d\"]\nfile = s%d.wav\ngain = -%d dB\npan = L%d\nhpf = 40 Hz\n"
			     "eq.1 = bell 300 Hz -2 dB q 1.5\neq.2 = highshelf 8 kHz +2 dB\n"
			     "gate.threshold = -60 dB\ncomp.threshold = -18 dB\ncomp.ratio = 3:1\n"
			     "send.Plate = -12 dB\nsend.Echo = -18 dB pre\n",
			     t, t % 4, 6 + t % 6, (t * 7) % 100);
	p += sprintf(p, "[bus \"Plate\"]\nfx = reverb\nreverb.decay = 2 s\n"
		     "[bus \"Echo\"]\nfx = delay\ndelay.time = 1/8.\ndelay.feedback = 40 %%\n"
		     "[master]\ncomp.threshold = -10 dB\nlimiter = -1 dBTP\n");
	tu_write(tu_path(dir, name), text);
	free(text);
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

static void run(int ntracks, int buffer, double seconds)
{
	static float l[16384], r[16384];
	char name[64], err[256];
	struct engine_opts o = {.buffer = buffer};
	struct project *p;
	struct engine *e;
	double period = buffer / 48000.0, sum = 0, worst = 0, next;
	long blocks = (long)(seconds / period), xr;
	struct engine_status st;
	float *loads = calloc((size_t)blocks + 1, sizeof *loads);

	snprintf(name, sizeof name, "b%d.ini", ntracks);
	write_project(name, ntracks);
	p = etl_load(tu_path(dir, name));
	e = engine_open_manual(p, &o, err, sizeof err);
	if (!e) {
		fprintf(stderr, "bench_engine: %s\n", err);
		exit(1);
	}
	engine_set_loop(e, true, 0, 4.0);
	etl_refill(e, buffer);
	engine_play(e, true);
	next = etl_now();
	for (long b = 0; b < blocks; b++) {
		struct timespec dl;
		next += period;
		dl.tv_sec = (time_t)next;
		dl.tv_nsec = (long)((next - (double)dl.tv_sec) * 1e9);
		double t0 = etl_now();
		engine_render_for_test(e, l, r, buffer);
		double t = (etl_now() - t0) / period;
		sum += t;
		loads[b] = (float)t;
		if (t > worst && b > 10)
			worst = t;
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL);
	}
	engine_status(e, &st);
	xr = st.xruns;
	qsort(loads, (size_t)blocks, sizeof *loads, cmp_float);
	printf("%8d %8d %9.1f %% %9.1f %% %9.1f %% %6ld\n", ntracks, buffer, 100 * sum / blocks,
	       100 * loads[blocks * 99 / 100], 100 * worst, xr);
	free(loads);
	fflush(stdout);
	engine_close(e);
	project_free(p);
}

static void refill(int ntracks)
{
	char name[64], err[256];
	struct engine_opts o = {.buffer = 256};
	struct project *p;
	struct engine *e;
	double sum = 0, worst = 0;
	int n = 20;

	snprintf(name, sizeof name, "b%d.ini", ntracks);
	write_project(name, ntracks);
	p = etl_load(tu_path(dir, name));
	e = engine_open_manual(p, &o, err, sizeof err);
	etl_refill(e, 256);
	for (int i = 0; i < n; i++) {
		engine_seek(e, 0.37 * (i + 1));
		double t = etl_refill(e, 256);
		sum += t;
		if (t > worst)
			worst = t;
	}
	printf("seek refill, %d tracks: mean %.1f ms, worst %.1f ms (%d seeks)\n", ntracks, 1000 * sum / n,
	       1000 * worst, n);
	engine_close(e);
	project_free(p);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3.0;
	dir = tu_tmpdir();
	for (int s = 0; s < 4; s++) {
		char f[16];
		snprintf(f, sizeof f, "s%d.wav", s);
		tu_wav(tu_path(dir, f), 48000, 1 + (s & 1), 5, 110.0 * (s + 1), 0.3);
	}
	printf("engine callback DSP load at 48 kHz, null-clock timing, %.0f s each\n", secs);
	printf("  tracks   buffer   mean load   99th pct  worst block  xruns\n");
	for (int b = 0; b < 2; b++)
		for (int t = 0; t < 3; t++)
			run((int[]){8, 32, 64}[t], (int[]){64, 256}[b], secs);
	refill(32);
	return 0;
}
