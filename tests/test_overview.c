/* test_overview.c — the timeline's audio overview (src/session/overview.c):
 * stems of known signals, written with libsndfile, read on the worker
 * thread into columns whose peak and RMS are known in advance. */
#include "session/overview.h"
#include "tap.h"
#include "testutil.h"
#include <time.h>

/* Writes frames of a float WAV at rate; fn gives each sample. */
static void write_wav(const char *path, int rate, int channels, long frames, double (*fn)(long f, int ch))
{
	SF_INFO info = {.samplerate = rate, .channels = channels, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	float *buf = malloc(sizeof *buf * (size_t)(frames * channels));
	if (!sf || !buf)
		exit(99);
	for (long f = 0; f < frames; f++)
		for (int c = 0; c < channels; c++)
			buf[f * channels + c] = (float)fn(f, c);
	sf_writef_float(sf, buf, frames);
	sf_close(sf);
	free(buf);
}

/* 1 kHz at 48 kHz, 0.5 peak: each 10 ms column holds ten whole periods */
static double sine(long f, int ch) { return 0.5 * sin(2 * M_PI * 1000.0 * f / 48000.0); }
/* left 0.5, right -0.25, for a second; then silence */
static double dc(long f, int ch) { return f >= 44100 ? 0 : ch == 0 ? 0.5 : -0.25; }
/* a ramp that rises by 1/48000 a frame */
static double ramp(long f, int ch) { return (double)f / 48000.0; }

static int wait_done(struct overview *o, int id)
{
	for (int i = 0; i < 1000 && overview_state(o, id) == OV_PENDING; i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return overview_state(o, id);
}

int main(void)
{
	char *dir = tu_tmpdir();
	const char *p_sine = tu_path(dir, "sine.wav"), *p_dc = tu_path(dir, "dc.wav"), *p_ramp = tu_path(dir, "ramp.wav");
	struct overview *o;
	float lo, hi, rms, pk;
	int id, bad;

	write_wav(p_sine, 48000, 1, 48000 * 2, sine);
	write_wav(p_dc, 44100, 2, 44100 * 3 / 2, dc);
	write_wav(p_ramp, 48000, 1, 4800 + 240, ramp);

	o = overview_new();
	ok(o != NULL, "the overview's worker starts");

	/* a sine: every column peaks at 0.5 with RMS 0.5/sqrt(2) */
	id = overview_want(o, p_sine);
	ok(id >= 0, "a stem is queued");
	is_int(wait_done(o, id), OV_DONE, "the sine is read");
	is_near(overview_cps(o, id), 100, 1e-9, "100 columns a second at 48 kHz");
	bad = 0;
	for (int c = 0; c < 200; c++)
		if (overview_column(o, id, c, &lo, &hi, &rms) != OV_DONE || fabsf(hi - 0.5f) > 1e-4 ||
		    fabsf(lo + 0.5f) > 1e-4 || fabsf(rms - 0.5f / sqrtf(2)) > 1e-4)
			bad++;
	is_int(bad, 0, "all 200 columns of the sine: min -0.5, max 0.5, RMS 0.3536");
	is_int(overview_column(o, id, 200, &lo, &hi, &rms), OV_FAILED, "no column past the end");
	is_int(overview_span(o, id, 0.5, 1.5, &pk, &rms), OV_DONE, "a span inside the stem");
	is_near(pk, 0.5, 1e-4, "the span's peak");
	is_near(rms, 0.5 / sqrt(2), 1e-4, "the span's RMS");
	is_int(overview_span(o, id, 3, 4, &pk, &rms), OV_DONE, "a span past the end is silence");
	ok(pk == 0 && rms == 0, "of level 0");
	is_int(overview_want(o, p_sine), id, "asking again for the same file gives the same entry");

	/* stereo DC at 44.1 kHz: both channels count; the silent half reads 0 */
	id = overview_want(o, p_dc);
	is_int(wait_done(o, id), OV_DONE, "the stereo stem is read");
	is_near(overview_cps(o, id), 44100.0 / 441, 1e-9, "columns of 441 frames at 44.1 kHz");
	overview_column(o, id, 10, &lo, &hi, &rms);
	is_near(lo, -0.25, 1e-6, "lowest sample over both channels");
	is_near(hi, 0.5, 1e-6, "highest sample over both channels");
	is_near(rms, sqrt((0.25 + 0.0625) / 2), 1e-6, "RMS over both channels");
	overview_column(o, id, 120, &lo, &hi, &rms);
	ok(lo == 0 && hi == 0 && rms == 0, "a silent column is 0 0 0");
	overview_span(o, id, 0.9, 1.1, &pk, &rms);
	is_near(pk, 0.5, 1e-6, "a span over sound and silence peaks at the sound");
	is_near(rms, sqrt((0.25 + 0.0625) / 2 / 2), 1e-3, "its RMS is the mean power of its columns");

	/* a ramp: column c holds frames 480c..480c+479, so its max is (480c+479)/48000 */
	id = overview_want(o, p_ramp);
	is_int(wait_done(o, id), OV_DONE, "the ramp is read");
	overview_column(o, id, 3, &lo, &hi, &rms);
	is_near(lo, 1440 / 48000.0, 1e-6, "column 3 begins at frame 1440");
	is_near(hi, 1919 / 48000.0, 1e-6, "and ends at frame 1919");
	is_int(overview_column(o, id, 10, &lo, &hi, &rms), OV_DONE, "the short last column (240 frames) is there");
	is_near(hi, (4800 + 239) / 48000.0, 1e-6, "and holds the last frame");
	is_int(overview_column(o, id, 11, &lo, &hi, &rms), OV_FAILED, "and nothing after it");

	/* a file that is not audio: failed, with libsndfile's reason */
	tu_write(tu_path(dir, "junk.wav"), "this is not a wave file\n");
	id = overview_want(o, tu_path(dir, "junk.wav"));
	is_int(wait_done(o, id), OV_FAILED, "a file that is not audio fails");
	ok(overview_error(o, id)[0] != 0, "with a reason (%s)", overview_error(o, id));
	is_int(overview_want(o, tu_path(dir, "missing.wav")), -1, "a missing file is not queued");

	/* a replaced file is read again */
	id = overview_want(o, p_dc);
	write_wav(p_dc, 48000, 1, 48000, sine); /* another size */
	{
		int id2 = overview_want(o, p_dc);
		ok(id2 != id, "a stem whose file changed gets a new entry");
		wait_done(o, id2);
		overview_column(o, id2, 5, &lo, &hi, &rms);
		is_near(hi, 0.5, 1e-4, "read from the new file");
	}
	overview_free(o);

	/* freed while reading: the worker stops (the sanitizer builds check that nothing leaks) */
	write_wav(p_ramp, 48000, 1, 48000 * 30, sine);
	o = overview_new();
	overview_want(o, p_ramp);
	overview_free(o);

	unlink(p_sine);
	unlink(p_dc);
	unlink(p_ramp);
	unlink(tu_path(dir, "junk.wav"));
	rmdir(dir);
	return done_testing();
}
