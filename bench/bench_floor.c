/* bench_floor.c — the floor of a bounce for `make bench`.
 *
 *   bench_floor OUT.wav IN1.wav [IN2.wav ...]
 *
 * does the part of a bounce that no mixer can skip: decode every stem with
 * libsndfile, sum them into a stereo bus (each mono stem at a fixed pan,
 * spread left to right, constant power), encode the sum as a
 * 24-bit stereo WAV at the stems' rate. One thread, blocks of 4096 frames,
 * no effects. What a real mixer does beyond this is its own cost. */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 4096

int main(int argc, char **argv)
{
	static float in[BLOCK * 8], out[BLOCK * 2];
	int n = argc - 2, rate = 0;
	SNDFILE **sf;
	SF_INFO *info;
	double *gl, *gr;
	SNDFILE *o;
	SF_INFO oi;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_floor OUT.wav IN1.wav [IN2.wav ...]\n");
		return 2;
	}
	sf = calloc((size_t)n, sizeof *sf);
	info = calloc((size_t)n, sizeof *info);
	gl = calloc((size_t)n, sizeof *gl);
	gr = calloc((size_t)n, sizeof *gr);
	if (!sf || !info || !gl || !gr) {
		fprintf(stderr, "bench_floor: out of memory\n");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		double pan = n > 1 ? -0.6 + 1.2 * i / (n - 1) : 0; /* -60 .. +60 % */
		double th = (pan + 1) * 0.25 * 3.141592653589793;
		sf[i] = sf_open(argv[i + 2], SFM_READ, &info[i]);
		if (!sf[i]) {
			fprintf(stderr, "bench_floor: %s: %s\n", argv[i + 2], sf_strerror(NULL));
			return 1;
		}
		if (info[i].channels > 8) {
			fprintf(stderr, "bench_floor: %s: more than 8 channels\n", argv[i + 2]);
			return 1;
		}
		if (!rate)
			rate = info[i].samplerate;
		gl[i] = cos(th);
		gr[i] = sin(th);
	}
	memset(&oi, 0, sizeof oi);
	oi.samplerate = rate;
	oi.channels = 2;
	oi.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
	o = sf_open(argv[1], SFM_WRITE, &oi);
	if (!o) {
		fprintf(stderr, "bench_floor: %s: %s\n", argv[1], sf_strerror(NULL));
		return 1;
	}
	sf_command(o, SFC_SET_CLIPPING, NULL, SF_TRUE);
	for (;;) {
		sf_count_t most = 0;
		memset(out, 0, sizeof out);
		for (int i = 0; i < n; i++) {
			int ch = info[i].channels;
			sf_count_t got = sf[i] ? sf_readf_float(sf[i], in, BLOCK) : 0;
			for (sf_count_t k = 0; k < got; k++) {
				float m = in[k * ch];
				for (int c = 1; c < ch; c++)
					m += in[k * ch + c];
				out[2 * k] += (float)gl[i] * m;
				out[2 * k + 1] += (float)gr[i] * m;
			}
			if (got > most)
				most = got;
			if (got < BLOCK && sf[i]) {
				sf_close(sf[i]);
				sf[i] = NULL;
			}
		}
		if (most == 0)
			break;
		if (sf_writef_float(o, out, most) != most) {
			fprintf(stderr, "bench_floor: %s: %s\n", argv[1], sf_strerror(o));
			return 1;
		}
	}
	if (sf_close(o) != 0) {
		fprintf(stderr, "bench_floor: %s: close failed\n", argv[1]);
		return 1;
	}
	free(sf);
	free(info);
	free(gl);
	free(gr);
	return 0;
}
