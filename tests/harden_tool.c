/* harden_tool.c — what the hardening scripts need from C, one verb each:
 *   stem PATH KIND RATE CHANNELS SECONDS   write a test stem: KIND is
 *        pcm8 pcm16 pcm24 float flac ogg, or nan (float with NaN and inf
 *        samples among a 440 Hz tone), or zeros (pcm16 silence written
 *        in big blocks: hours in seconds)
 *   peak FILE        prints "frames N peak P nonfinite K"; exit 1 if K > 0
 *   save PROJECT     load, move every fader to -2.5 dB, save in place
 *                    (exit 3 when saved with a warning, said on stderr)
 *   resave PROJECT   load and save untouched (must be byte-identical)
 *   clean PATH       atomic_clean_stale: prints "removed N: NAMES"
 *   rss              prints this process's children's peak RSS in kB
 *                    after running the rest of argv (rss CMD ARGS...)
 *   clock SECONDS PERIOD_FRAMES   the machine's own scheduling stalls:
 *        bare threads (one pinned to each CPU) that ask for SCHED_FIFO
 *        like the null clock and sleep to the same absolute deadlines,
 *        doing no work; prints
 *        "wakes N late-half K late-period L worst-ms W" (late by more
 *        than half a period, by more than a period)
 * Exit status: 0 ok, 1 failure (message on stderr), 2 usage. */
#include "atomic.h"
#include "project.h"
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int stem(int argc, char **argv)
{
	const char *path = argv[2], *kind = argv[3];
	int rate = atoi(argv[4]), ch = atoi(argv[5]);
	double secs = atof(argv[6]);
	SF_INFO si = {.samplerate = rate, .channels = ch};
	long long n = (long long)(secs * rate), done = 0;
	enum { BLOCK = 65536 };
	float *buf;
	SNDFILE *f;

	if (argc != 7)
		return 2;
	if (!strcmp(kind, "pcm8")) si.format = SF_FORMAT_WAV | SF_FORMAT_PCM_U8;
	else if (!strcmp(kind, "pcm16") || !strcmp(kind, "zeros")) si.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
	else if (!strcmp(kind, "pcm24")) si.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
	else if (!strcmp(kind, "float") || !strcmp(kind, "nan")) si.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
	else if (!strcmp(kind, "flac")) si.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
	else if (!strcmp(kind, "ogg")) si.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS;
	else return 2;
	if (!strcmp(kind, "zeros") || secs > 600) /* past 4 GB a plain WAV breaks */
		si.format = (si.format & ~SF_FORMAT_TYPEMASK) | SF_FORMAT_RF64;
	f = sf_open(path, SFM_WRITE, &si);
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, sf_strerror(NULL));
		return 1;
	}
	sf_command(f, SFC_RF64_AUTO_DOWNGRADE, NULL, SF_TRUE);
	buf = calloc((size_t)BLOCK * (size_t)ch, sizeof *buf);
	while (done < n) {
		int m = n - done < BLOCK ? (int)(n - done) : BLOCK;
		if (strcmp(kind, "zeros"))
			for (int i = 0; i < m; i++)
				for (int c = 0; c < ch; c++) {
					long long k = done + i;
					float v = (float)(0.5 * sin(2 * M_PI * 440.0 * (double)k / rate));
					if (!strcmp(kind, "nan") && k % 1000 == 7)
						v = k % 3000 == 7 ? NAN : k % 3000 == 1007 ? INFINITY : -INFINITY;
					buf[(size_t)i * (size_t)ch + (size_t)c] = v;
				}
		if (sf_writef_float(f, buf, m) != m) {
			fprintf(stderr, "%s: %s\n", path, sf_strerror(f));
			return 1;
		}
		done += m;
	}
	free(buf);
	return sf_close(f) ? 1 : 0;
}

static int peak(const char *path)
{
	SF_INFO si = {0};
	SNDFILE *f = sf_open(path, SFM_READ, &si);
	float buf[8192];
	double pk = 0;
	long long frames = 0, bad = 0;
	sf_count_t r;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, sf_strerror(NULL));
		return 1;
	}
	while ((r = sf_read_float(f, buf, 8192 - 8192 % si.channels)) > 0) {
		for (sf_count_t i = 0; i < r; i++) {
			if (!isfinite(buf[i]))
				bad++;
			else if (fabs(buf[i]) > pk)
				pk = fabs(buf[i]);
		}
		frames += r / si.channels;
	}
	sf_close(f);
	printf("frames %lld peak %.6f nonfinite %lld\n", frames, pk, bad);
	return bad ? 1 : 0;
}

static int save(const char *path, int edit)
{
	struct diags ds = {0};
	struct project *p = project_load(path, &ds);
	char err[1024];
	int rc = 0;

	diags_print(&ds, path, stderr);
	if (!p || ds.nerrors) {
		diags_free(&ds);
		project_free(p);
		return 1;
	}
	for (int i = 0; edit && i < p->nstrips; i++)
		strip_set(p, p->strips[i], "gain", "-2.5", err, sizeof err);
	if (project_save(p, path, err, sizeof err)) {
		fprintf(stderr, "save: %s\n", err);
		rc = 1;
	} else if (err[0]) { /* saved, with a warning */
		fprintf(stderr, "saved, but %s\n", err);
		rc = 3;
	}
	diags_free(&ds);
	project_free(p);
	return rc;
}

static int rss(char **argv)
{
	struct rusage ru;
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	getrusage(RUSAGE_CHILDREN, &ru);
	printf("%ld\n", ru.ru_maxrss);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* The soak runs this beside the mixer: a null-clock xrun is the
 * machine's, not the mixer's, when the machine stalled too. A stall can
 * hit one CPU only (the hypervisor takes a virtual CPU away: steal
 * time), so there is one sleeper pinned to each CPU, and their stalls
 * add up. */
struct probe {
	pthread_t th;
	int cpu;
	double secs;
	int64_t period, worst;
	long wakes, half, full;
};

static void *probe_main(void *arg)
{
	struct probe *p = arg;
	struct sched_param sp = {.sched_priority = 10};
	cpu_set_t set;
	int64_t next = now_ns(), end;

	CPU_ZERO(&set);
	CPU_SET(p->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof set, &set);
	pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	end = next + (int64_t)(p->secs * 1e9);
	while (next < end) {
		next += p->period;
		struct timespec dl = {.tv_sec = next / 1000000000, .tv_nsec = next % 1000000000};
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL) == EINTR)
			;
		int64_t late = now_ns() - next;
		p->wakes++;
		p->worst = late > p->worst ? late : p->worst;
		p->half += late > p->period / 2;
		if (late > p->period) { /* as the null clock does: start again from now */
			p->full++;
			next = now_ns();
		}
	}
	return NULL;
}

static int clock_probe(double secs, int frames)
{
	enum { MAXCPU = 64 };
	static struct probe pr[MAXCPU];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN), wakes = 0, half = 0, full = 0;
	int64_t worst = 0;

	if (ncpu < 1 || ncpu > MAXCPU)
		ncpu = ncpu < 1 ? 1 : MAXCPU;
	for (int i = 0; i < ncpu; i++) {
		pr[i] = (struct probe){.cpu = i, .secs = secs, .period = (int64_t)(frames * 1e9 / 48000 + 0.5)};
		if (pthread_create(&pr[i].th, NULL, probe_main, &pr[i]))
			return 1;
	}
	for (int i = 0; i < ncpu; i++) {
		pthread_join(pr[i].th, NULL);
		wakes += pr[i].wakes;
		half += pr[i].half;
		full += pr[i].full;
		worst = pr[i].worst > worst ? pr[i].worst : worst;
	}
	printf("wakes %ld late-half %ld late-period %ld worst-ms %.2f cpus %ld\n", wakes, half, full, worst / 1e6, ncpu);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "clock"))
		return clock_probe(atof(argv[2]), atoi(argv[3]));
	if (argc >= 7 && !strcmp(argv[1], "stem"))
		return stem(argc, argv);
	if (argc == 3 && !strcmp(argv[1], "peak"))
		return peak(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "save"))
		return save(argv[2], 1);
	if (argc == 3 && !strcmp(argv[1], "resave"))
		return save(argv[2], 0);
	if (argc == 3 && !strcmp(argv[1], "clean")) {
		char names[4096];
		int n = atomic_clean_stale(argv[2], true, names, sizeof names);
		printf("removed %d: %s\n", n, names);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "rss"))
		return rss(argv + 2);
	fprintf(stderr, "usage: harden_tool stem|peak|save|resave|clean|rss|clock ...\n");
	return 2;
}
