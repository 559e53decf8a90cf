/* spectrum.h — long-term average spectrum in 1/3-octave bands (the 31 ISO
 * 266 centres from 20 Hz to 20 kHz) for the tonal-balance view: Hann
 * window, 8192-point FFT, 50 % overlap, each FFT's power summed into the
 * bands and averaged over everything added since the last reset.
 *
 * The FFT is a small radix-2 one of our own, not FFTW: no extra
 * dependency to build and ship, and 31 bands at ~12 FFTs a second need
 * nothing faster (one 8192-point transform is well under a millisecond).
 *
 * Not for the audio callback (spectrum_new allocates; spectrum_add does
 * not, but costs an FFT every 4096 frames): the live tap feeds it on the
 * loudness thread, the reference is fed on a measuring thread. One
 * thread at a time. */
#ifndef TMIX_SPECTRUM_H
#define TMIX_SPECTRUM_H
#include <stdint.h>

#define SPECTRUM_BANDS 31
#define SPECTRUM_N 8192

struct spectrum;

extern const double spectrum_centre[SPECTRUM_BANDS]; /* nominal Hz: 20, 25, 31.5 ... 20000 */
const char *spectrum_label(int band);                /* "20", "31", "1k", "12k" ... */

struct spectrum *spectrum_new(double rate);
void spectrum_free(struct spectrum *s);
void spectrum_reset(struct spectrum *s);
/* Adds n frames (right may be NULL: mono). Both channels' power is
 * averaged, so a sine of amplitude A in both shows 20 log10(A) - 3 dB. */
void spectrum_add(struct spectrum *s, const float *left, const float *right, int n);
/* Drops a partly filled window (a seek: windows never straddle it). */
void spectrum_break(struct spectrum *s);
/* The long-term average power per band in dB (mean-square, so a band
 * reads like an RMS level); -INFINITY where nothing has been measured or
 * the band is above Nyquist. Returns the number of FFT windows averaged
 * (windows quieter than -70 dBFS in all bands are left out, like the
 * absolute gate of BS.1770, so pauses do not pull the average down). */
int64_t spectrum_bands(const struct spectrum *s, double out[SPECTRUM_BANDS]);

/* Added for stereo.c: one channel's bands alone (ch 0 left, 1 right),
 * over the same windows as spectrum_bands (gated on both together): two
 * signals measured for the price of one FFT. */
int64_t spectrum_bands_channel(const struct spectrum *s, int ch, double out[SPECTRUM_BANDS]);

/* In-place complex FFT of n (a power of two) points; exposed for tests. */
void spectrum_fft(double *re, double *im, int n);
#endif
