/* audio_pa.c — the device clock: a PortAudio output stream, float32
 * stereo, non-interleaved, at the session rate and never another (a
 * device that cannot run at the session rate is refused rather than
 * played at the wrong speed). JACK is preferred when a JACK server runs
 * (PortAudio lists its host API only then). ALSA and JACK print to
 * stderr on their own; no-op handlers found with dlsym keep them quiet. */
#include "audio.h"
#include "tmix.h"
#include "units.h"
#include <ctype.h>
#include <dlfcn.h>
#include <portaudio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct audio_pa {
	struct audio base;
	audio_render_fn fn;
	void *user;
	PaStream *stream;
	atomic_bool finished;
};

static void alsa_quiet(const char *file, int line, const char *fn, int err, const char *fmt, ...) {}
static void jack_quiet(const char *msg) {}

void audio_quiet_libs(void)
{
	typedef int (*alsa_set_fn)(void (*)(const char *, int, const char *, int, const char *, ...));
	typedef void (*jack_set_fn)(void (*)(const char *));
	alsa_set_fn alsa = (alsa_set_fn)dlsym(RTLD_DEFAULT, "snd_lib_error_set_handler");
	jack_set_fn jerr = (jack_set_fn)dlsym(RTLD_DEFAULT, "jack_set_error_function");
	jack_set_fn jinfo = (jack_set_fn)dlsym(RTLD_DEFAULT, "jack_set_info_function");

	if (alsa)
		alsa(alsa_quiet);
	if (jerr)
		jerr(jack_quiet);
	if (jinfo)
		jinfo(jack_quiet);
}

int audio_pa_init(char *err, size_t errlen)
{
	PaError pe;

	audio_quiet_libs();
	pe = Pa_Initialize();
	if (pe != paNoError) {
		snprintf(err, errlen, "PortAudio: %s", Pa_GetErrorText(pe));
		return -1;
	}
	return 0;
}

void audio_pa_term(void) { Pa_Terminate(); }

static int pa_callback(const void *in, void *out, unsigned long n, const PaStreamCallbackTimeInfo *ti,
		       PaStreamCallbackFlags flags, void *user)
{
	struct audio_pa *a = user;
	float **o = out;
	a->fn(a->user, o[0], o[1], (int)n, (flags & paOutputUnderflow) != 0);
	return paContinue;
}

static void pa_finished(void *user)
{
	struct audio_pa *a = user;
	atomic_store_explicit(&a->finished, true, memory_order_release);
}

static bool pa_alive(struct audio *base)
{
	struct audio_pa *a = (struct audio_pa *)base;
	return !atomic_load_explicit(&a->finished, memory_order_acquire) && Pa_IsStreamActive(a->stream) == 1;
}

static void pa_close(struct audio *base)
{
	struct audio_pa *a = (struct audio_pa *)base;
	Pa_AbortStream(a->stream);
	Pa_CloseStream(a->stream);
	free(a);
}

static const struct audio_ops pa_ops = {.null = false, .alive = pa_alive, .close = pa_close};

static bool is_output(PaDeviceIndex i)
{
	const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
	return d && d->maxOutputChannels >= 1;
}

/* The device asked for, or paNoDevice with a message. */
static PaDeviceIndex find_device(const char *want, char *err, size_t errlen)
{
	PaDeviceIndex n = Pa_GetDeviceCount(), hit = paNoDevice;
	int hits = 0;
	char *end;

	if (!want) {
		PaHostApiIndex jack = Pa_HostApiTypeIdToHostApiIndex(paJACK);
		const PaHostApiInfo *hi = jack >= 0 ? Pa_GetHostApiInfo(jack) : NULL;
		if (hi && hi->defaultOutputDevice >= 0 && is_output(hi->defaultOutputDevice))
			return hi->defaultOutputDevice;
		hit = Pa_GetDefaultOutputDevice();
		if (hit == paNoDevice)
			snprintf(err, errlen, "no audio output device");
		return hit;
	}
	long idx = strtol(want, &end, 10);
	if (*want && !*end) {
		if (idx < 0 || idx >= n || !is_output((PaDeviceIndex)idx)) {
			snprintf(err, errlen, "--device %s: no output device with that number (see --list-devices)", want);
			return paNoDevice;
		}
		return (PaDeviceIndex)idx;
	}
	for (PaDeviceIndex i = 0; i < n; i++)
		if (is_output(i) && !strcmp(Pa_GetDeviceInfo(i)->name, want))
			return i;
	for (PaDeviceIndex i = 0; i < n; i++)
		if (is_output(i) && strcasestr(Pa_GetDeviceInfo(i)->name, want)) {
			hit = i;
			hits++;
		}
	if (hits == 1)
		return hit;
	snprintf(err, errlen, "--device %s: %s (see --list-devices)", want,
		 hits ? "more than one output device matches" : "no output device by that name");
	return paNoDevice;
}

struct audio *audio_pa_open(double rate, int buffer, const char *device, audio_render_fn fn, void *user,
			    char *name, size_t namelen, bool *rate_refused, char *err, size_t errlen)
{
	PaStreamParameters op = {0};
	const PaDeviceInfo *di;
	const PaHostApiInfo *hi;
	struct audio_pa *a;
	PaError pe;

	*rate_refused = false;
	op.device = find_device(device, err, errlen);
	if (op.device == paNoDevice)
		return NULL;
	di = Pa_GetDeviceInfo(op.device);
	hi = Pa_GetHostApiInfo(di->hostApi);
	snprintf(name, namelen, "%s (%s)", di->name, hi ? hi->name : "?");
	op.channelCount = 2;
	op.sampleFormat = paFloat32 | paNonInterleaved;
	op.suggestedLatency = di->defaultLowOutputLatency;
	pe = Pa_IsFormatSupported(NULL, &op, rate);
	if (pe == paInvalidSampleRate) {
		*rate_refused = true;
		snprintf(err, errlen, "%s cannot play at the session rate of %.0f Hz (its default is %.0f Hz); "
			 "refusing rather than playing at the wrong speed", name, rate, di->defaultSampleRate);
		return NULL;
	}
	if (pe != paFormatIsSupported) {
		snprintf(err, errlen, "%s: %s", name, Pa_GetErrorText(pe));
		return NULL;
	}
	a = xcalloc(1, sizeof *a);
	a->base.ops = &pa_ops;
	a->fn = fn;
	a->user = user;
	atomic_init(&a->finished, false);
	pe = Pa_OpenStream(&a->stream, NULL, &op, rate, (unsigned long)buffer, paClipOff | paDitherOff, pa_callback, a);
	if (pe == paNoError && (pe = Pa_SetStreamFinishedCallback(a->stream, pa_finished)) == paNoError)
		pe = Pa_StartStream(a->stream);
	if (pe != paNoError) {
		*rate_refused = pe == paInvalidSampleRate;
		snprintf(err, errlen, "%s: %s", name, Pa_GetErrorText(pe));
		if (a->stream)
			Pa_CloseStream(a->stream);
		free(a);
		return NULL;
	}
	return &a->base;
}

int audio_pa_list(FILE *out)
{
	char err[256];
	PaDeviceIndex def, n;
	int shown = 0;

	if (audio_pa_init(err, sizeof err)) {
		units_print_line(out, "%s", err);
		return -1;
	}
	def = Pa_GetDefaultOutputDevice();
	n = Pa_GetDeviceCount();
	for (PaDeviceIndex i = 0; i < n; i++) {
		const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
		const PaHostApiInfo *h;
		if (!d || d->maxOutputChannels < 1)
			continue;
		h = Pa_GetHostApiInfo(d->hostApi);
		units_print_line(out, "%c %3d  %-6s %s  (%d out, %.0f Hz)", i == def ? '*' : ' ', i, h ? h->name : "?",
			d->name, d->maxOutputChannels, d->defaultSampleRate);
		shown++;
	}
	if (!shown)
		units_print_line(out, "no audio output device (tmix will use the null clock)");
	audio_pa_term();
	return 0;
}
