/* audio.h — the two clocks that drive the engine's render callback: a
 * PortAudio output stream (audio_pa.c) and a null clock, a thread paced
 * in real time with clock_nanosleep (audio_null.c). Both call the same
 * function with planar float stereo buffers. Used by engine.c only, from
 * its control thread. */
#ifndef TMIX_AUDIO_H
#define TMIX_AUDIO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Called on the audio thread: fill l[0..n) and r[0..n). xrun is true when
 * the clock knows the previous block came late (an underflow). */
typedef void (*audio_render_fn)(void *user, float *l, float *r, int n, bool xrun);

struct audio;
/* Each clock embeds struct audio as its first member. */
struct audio_ops {
	bool null;
	bool (*alive)(struct audio *a);
	void (*close)(struct audio *a);
};
struct audio {
	const struct audio_ops *ops;
};

/* The null clock: calls render every `buffer` frames at `rate`. */
struct audio *audio_null_open(double rate, int buffer, audio_render_fn fn, void *user,
			      char *err, size_t errlen);

/* PortAudio. audio_pa_init silences ALSA/JACK chatter and initialises
 * PortAudio (0, or -1 with a message); audio_pa_term undoes it.
 * audio_pa_open opens device (NULL: JACK's when a JACK server runs, else
 * the default; a number: that index; else a name, exact or a unique
 * part) at rate and starts it. When the device cannot run at rate it
 * refuses and sets *rate_refused. name receives the device's name. */
int audio_pa_init(char *err, size_t errlen);
void audio_pa_term(void);
struct audio *audio_pa_open(double rate, int buffer, const char *device, audio_render_fn fn, void *user,
			    char *name, size_t namelen, bool *rate_refused, char *err, size_t errlen);
/* Lists output devices (for --list-devices); 0, or -1 when PortAudio
 * cannot start. */
int audio_pa_list(FILE *out);
/* Installs no-op handlers for ALSA and JACK error/info printing. */
void audio_quiet_libs(void);

/* Both clocks. alive is false when a device stream died; after close
 * returns the render function is not called again. */
static inline bool audio_alive(struct audio *a) { return a->ops->alive(a); }
static inline bool audio_is_null(const struct audio *a) { return a->ops->null; }
static inline void audio_close(struct audio *a) { a->ops->close(a); }
#endif
