/* stereo.h — stereo and phase figures of a programme, measured offline
 * (`tmix analyze`, per track, bus and the mix):
 *
 * - correlation: sum(L*R) / sqrt(sum(L*L) * sum(R*R)), +1 for one signal
 *   in both sides, 0 for unrelated sides (or one side silent), -1 for a
 *   side that is the other inverted. The mean is taken over every 100 ms
 *   block above -70 dBFS (mean square of the two sides, the gate tmix
 *   analyze's RMS uses); the worst is the lowest of the 400 ms windows
 *   (100 ms apart) above that gate.
 * - mono fold: the integrated loudness (BS.1770, libebur128) of
 *   M = (L+R)/2 fed to both channels (dual mono), and its drop below the
 *   stereo integrated loudness in LU. Identical sides give M = L = R: no
 *   drop, whatever the pan law; a source panned to one side loses
 *   10 log10(2 (gL^2 + gR^2) / (gL + gR)^2) = 3.0 LU hard left; L = -R
 *   folds to silence.
 * - width: per octave band (centres 31.5 Hz .. 16 kHz, each the sum of its
 *   three 1/3-octave bands of spectrum.h), the energy of the side
 *   S = (L-R)/2 over that of the mid M = (L+R)/2: 0 for mono, 1 for as
 *   much side as mid (unrelated sides), over 1 where the sides lean out
 *   of phase, at most STEREO_WIDTH_MAX (30 dB more side than mid, or
 *   no mid at all). NAN where the band holds nothing above the gate.
 *
 * Not for the audio callback (allocates, FFTs); one thread at a time. */
#ifndef TMIX_STEREO_H
#define TMIX_STEREO_H
#include <stdbool.h>

#define STEREO_BANDS 10
#define STEREO_WIDTH_MAX 1000.0

extern const double stereo_band_hz[STEREO_BANDS]; /* 31.5, 63, 125 ... 16000 */

struct stereo_stats {
	double corr;          /* mean correlation; NAN when nothing passed the gate */
	double corr_worst;    /* lowest 400 ms window; NAN when no window passed */
	double worst_at_s;    /* where that window starts, seconds from the first frame */
	double fold_lufs;     /* -INFINITY when the fold is silent */
	double fold_drop_lu;  /* stereo - fold; INFINITY when the fold is silent, NAN when both are */
	bool fold_silent;     /* the fold measures nothing while the stereo does */
	double width[STEREO_BANDS];
};

struct stereo;

struct stereo *stereo_new(double rate);
void stereo_free(struct stereo *s);
void stereo_add(struct stereo *s, const float *l, const float *r, int n);
/* stereo_lufs: the programme's own integrated loudness, for the drop. */
void stereo_finish(struct stereo *s, double stereo_lufs, struct stereo_stats *out);
#endif
