/* stem_scan.h — what a stem holds as recorded, read straight from its
 * file at its own rate and bit depth (before any resampling, trim or
 * filter): clipped runs, DC offset, rumble below 30 Hz. analyze.c calls
 * it once per track; any thread but the audio callback; it decodes the
 * whole stem (seconds for a song).
 *
 * Clipping is counted where the recording hit its own full scale:
 *  - integer PCM (WAV, AIFF, FLAC, ALAC; 8 to 32 bits): a sample at the
 *    format's largest or smallest code (32767 / -32768 for 16-bit, the
 *    same at 24 bits), read with sf_readf_int, so a 24-bit stem at
 *    -0.0001 dBFS is not clipped and a 16-bit one at 32767 is;
 *  - float, and formats with no integer full scale (lossy, companded):
 *    one value at or beyond 1.0 (0 dBFS) in magnitude, repeated. A float
 *    file keeps what goes over 0 dBFS, so a hot float stem that still
 *    has its waveform is not clipped; a flat top at or over full scale
 *    is something (a converter, a plug-in, an export) cutting it off.
 *    Lossy decoders smear a flat top, so a clipped MP3 or Ogg mostly
 *    goes uncounted.
 * A run is STEM_CLIP_RUN or more consecutive samples of one channel at
 * the same rail: one sample at full scale is a peak, three are a flat
 * top the converter or a plug-in cut off. */
#ifndef TMIX_STEM_SCAN_H
#define TMIX_STEM_SCAN_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define STEM_CLIP_RUN 3
#define STEM_DC_WARN_DB (-50.0)     /* |mean| of a channel above this warns */
#define STEM_RUMBLE_HZ 30.0
#define STEM_RUMBLE_WARN_LU 20.0    /* rumble within this of the loudness warns */

struct stem_scan {
	bool done;                  /* false: not a track, or the stem could not be read */
	int bits;                   /* integer full scale counted at this depth; 0: float rule */
	unsigned long clip_runs, clip_samples;
	double first_clip_s;        /* stem time of the first run's first sample */
	double dc_db;               /* the larger channel |mean|, dBFS; -inf when zero */
	double dc_mean;             /* that channel's mean, signed, full scale 1.0 */
	double rumble_db;           /* power below ~30 Hz (DC excluded), dBFS, channels summed */
	double lufs;                /* the stem's integrated loudness (BS.1770) */
};

/* 0 and r filled; -1 with a message naming the file (or when cancelled). */
int stem_scan(const char *path, struct stem_scan *r, atomic_bool *cancel, char *err, size_t errlen);

bool stem_scan_dc(const struct stem_scan *r);
bool stem_scan_clipped(const struct stem_scan *r);
bool stem_scan_rumble(const struct stem_scan *r);
/* "clipped: 4 runs (14 samples) from 0:01.2; DC offset -38 dBFS; ..."
 * with `start` (the stem's place on the timeline, s) added to times;
 * "" when there is nothing to warn of. Returns buf. */
char *stem_scan_warnings(const struct stem_scan *r, double start, char *buf, size_t n);
#endif
