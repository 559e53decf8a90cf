/* engine.c — the engine's control-thread side (see engine.h): opening
 * the clock (PortAudio, else the null clock), posting commands, reading
 * status and meters, hot reload, freeing what the audio side hands back,
 * and falling over to the null clock when a device stream dies. The
 * audio callback is in engine_rt.c, the disk thread in engine_disk.c. */
#include "engine_internal.h"
#include "graph.h"
#include "tmix.h"
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NULL_OUTPUT "no audio device \xe2\x80\x94 null output"

const char *engine_default_log_path(void)
{
	static char path[4096];
	const char *x = getenv("XDG_STATE_HOME"), *h = getenv("HOME");
	if (x && *x == '/')
		snprintf(path, sizeof path, "%s/tmix/tmix.log", x);
	else
		snprintf(path, sizeof path, "%s/.local/state/tmix/tmix.log", h && *h ? h : "/tmp");
	return path;
}

int engine_list_devices(FILE *out) { return audio_pa_list(out); }

/* Points fd 2 at the log (creating its folders) until engine_close, so
 * ALSA, JACK and libsndfile chatter never reaches a curses screen. */
void engine_make_log_dirs(const char *path)
{
	char dir[4096];

	snprintf(dir, sizeof dir, "%s", path);
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			if (mkdir(dir, 0700) && errno != EEXIST)
				break;
			*p = '/';
		}
}

static int redirect_stderr(struct engine *e, const char *path, char *err, size_t errlen)
{
	int fd;

	engine_make_log_dirs(path);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	fflush(stderr);
	e->saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
	return 0;
}

static void restore_stderr(struct engine *e)
{
	if (e->saved_stderr >= 0) {
		fflush(stderr);
		dup2(e->saved_stderr, 2);
		close(e->saved_stderr);
		e->saved_stderr = -1;
	}
}

static int start_null(struct engine *e, const char *what, char *err, size_t errlen)
{
	e->audio = audio_null_open(e->rate, e->buffer, engine_render, e, err, errlen);
	snprintf(e->output, sizeof e->output, "%s", what);
	return e->audio ? 0 : -1;
}

/* The device when there is one and it works, else the null clock. A
 * device asked for by name or with --audio portaudio must work; a rate
 * the device cannot play is refused in every case. */
static int start_clock(struct engine *e, const struct engine_opts *o, char *err, size_t errlen)
{
	const char *env = getenv("TMIX_AUDIO");
	bool explicit_pa = (o->audio && !strcmp(o->audio, "portaudio")) || o->device;
	bool refused;

	if ((o->audio && !strcmp(o->audio, "null")) || (!o->audio && env && !strcmp(env, "null")))
		return start_null(e, NULL_OUTPUT, err, errlen);
	if (audio_pa_init(err, errlen) == 0) {
		e->pa_up = true;
		e->audio = audio_pa_open(e->rate, e->buffer, o->device, engine_render, e, e->output,
					 sizeof e->output, &refused, err, errlen);
		if (e->audio)
			return 0;
		if (refused || explicit_pa)
			return -1;
	} else if (explicit_pa) {
		return -1;
	}
	return start_null(e, NULL_OUTPUT, err, errlen);
}

static struct engine *open_engine(const struct project *p, const struct engine_opts *o, bool manual, char *err,
				  size_t errlen)
{
	struct engine *e = xcalloc(1, sizeof *e);
	struct session *s;

	e->manual = manual;
	e->saved_stderr = -1;
	e->rate = project_rate(p);
	e->buffer = o->buffer > 0 ? o->buffer : 256;
	if (e->buffer < 16)
		e->buffer = 16;
	if (e->buffer > 16384)
		e->buffer = 16384;
	e->length = project_length(p);
	if (p->loop_end > p->proj.v[P_LOOP]) {
		e->ui_loop_start = p->proj.v[P_LOOP];
		e->ui_loop_end = p->loop_end;
	} else {
		e->ui_loop_end = e->length;
	}
	if (o->log_path && redirect_stderr(e, o->log_path, err, errlen)) {
		free(e);
		return NULL;
	}
	s = engine_session_new(p, e->rate, err, errlen);
	if (!s) {
		restore_stderr(e);
		free(e);
		return NULL;
	}
	spsc_init(&e->cmds, 1024, sizeof(struct cmd));
	spsc_init(&e->ret, 64, sizeof(struct session *));
	spsc_init(&e->recev, 4096, sizeof(struct engine_rec_event));
	spsc_init(&e->lane_ret, 1024, sizeof(struct auto_point *));
	e->ui_sess = s;
	e->ui_ref = -1;
	engine_tap_init(&e->tap);
	engine_rt_init(e, s);
	if (engine_loudness_start(e, err, errlen) || engine_ref_start(e, p, err, errlen)) {
		engine_loudness_stop(e);
		atomic_store(&e->live, NULL);
		engine_session_free(s);
		engine_tap_destroy(&e->tap);
		spsc_destroy(&e->cmds);
		spsc_destroy(&e->ret);
		spsc_destroy(&e->recev);
		spsc_destroy(&e->lane_ret);
		restore_stderr(e);
		free(e);
		return NULL;
	}
	if (engine_disk_start(e, err, errlen)) {
		engine_ref_stop(e);
		engine_loudness_stop(e);
		engine_tap_destroy(&e->tap);
		atomic_store(&e->live, NULL);
		engine_session_free(s);
		spsc_destroy(&e->cmds);
		spsc_destroy(&e->ret);
		spsc_destroy(&e->recev);
		spsc_destroy(&e->lane_ret);
		restore_stderr(e);
		free(e);
		return NULL;
	}
	if (manual) {
		snprintf(e->output, sizeof e->output, "test (no clock)");
		return e;
	}
	if (start_clock(e, o, err, errlen)) {
		e->rt.s = s; /* nothing ran: close frees it */
		engine_close(e);
		return NULL;
	}
	return e;
}

struct engine *engine_open(const struct project *p, const struct engine_opts *o, char *err, size_t errlen)
{
	return open_engine(p, o, false, err, errlen);
}

struct engine *engine_open_manual(const struct project *p, const struct engine_opts *o, char *err, size_t errlen)
{
	return open_engine(p, o, true, err, errlen);
}

void engine_render_for_test(struct engine *e, float *l, float *r, int n) { engine_render(e, l, r, n, false); }

int64_t engine_test_min_buffered(struct engine *e)
{
	int64_t min = INT64_MAX;
	for (int t = 0; t < e->ui_sess->nstreams; t++) {
		int64_t f = (int64_t)spsc_count(&e->ui_sess->st[t].ring) * STREAM_CHUNK;
		if (f < min)
			min = f;
	}
	return min;
}

/* Lane points the audio side has let go of. */
static void free_lanes(struct engine *e)
{
	struct auto_point *pt;
	while (spsc_pop(&e->lane_ret, &pt))
		free(pt);
}

void engine_close(struct engine *e)
{
	struct cmd c;
	struct session *s;

	if (!e)
		return;
	if (e->audio)
		audio_close(e->audio);
	if (e->pa_up)
		audio_pa_term();
	engine_disk_stop(e);
	engine_ref_stop(e);
	engine_loudness_stop(e);
	engine_tap_destroy(&e->tap);
	/* no other thread runs now: free every session wherever it is */
	while (spsc_pop(&e->cmds, &c))
		if (c.type == CMD_SWAP)
			engine_session_free(c.u.swap);
		else if (c.type == CMD_LANE)
			free(c.u.lane.pt);
	while (spsc_pop(&e->ret, &s))
		engine_session_free(s);
	for (int i = 0; i < e->rt.nunreturned; i++)
		engine_session_free(e->rt.unreturned[i]);
	for (int i = 0; i < e->ngrave; i++)
		engine_session_free(e->graveyard[i]);
	engine_session_free(e->rt.s);
	spsc_destroy(&e->cmds);
	spsc_destroy(&e->ret);
	spsc_destroy(&e->recev);
	free_lanes(e);
	for (int i = 0; i < e->rt.nunfreed; i++)
		free(e->rt.unfreed[i]);
	spsc_destroy(&e->lane_ret);
	restore_stderr(e);
	free(e);
}


/* Posts a command; when the ring is full (the audio side has stopped
 * draining it) waits up to ~0.2 s, then drops it. */
static bool post(struct engine *e, struct cmd *c)
{
	const struct timespec ms = {0, 1000000};
	for (int i = 0; i < 200; i++) {
		if (spsc_push(&e->cmds, c))
			return true;
		nanosleep(&ms, NULL);
	}
	return false;
}

void engine_rec(struct engine *e, int strip, int target, double v, bool release)
{
	struct cmd c = {.type = CMD_REC, .strip = strip, .u.rec = {target, v, release}};
	post(e, &c);
}

bool engine_rec_poll(struct engine *e, struct engine_rec_event *ev)
{
	return spsc_pop(&e->recev, ev);
}

void engine_set_lane(struct engine *e, int strip, int target, const struct auto_lane *l)
{
	struct cmd c = {.type = CMD_LANE, .strip = strip, .u.lane = {target, l->n, NULL}};
	if (l->n) {
		c.u.lane.pt = xmalloc(sizeof *l->pt * (size_t)l->n);
		memcpy(c.u.lane.pt, l->pt, sizeof *l->pt * (size_t)l->n);
	}
	if (!post(e, &c))
		free(c.u.lane.pt);
}

static void post_transport(struct engine *e, struct cmd *c)
{
	c->serial = ++e->ui_serial;
	if (!c->serial)
		c->serial = ++e->ui_serial;
	post(e, c);
}

static int64_t to_frames(struct engine *e, double s)
{
	double f = s * e->rate;
	return f <= 0 || !isfinite(f) ? 0 : (int64_t)llround(f);
}

void engine_play(struct engine *e, bool on)
{
	struct cmd c = {.type = CMD_PLAY, .u.on = on};
	e->ui_playing = on;
	post_transport(e, &c);
}

void engine_stop(struct engine *e)
{
	struct cmd c = {.type = CMD_STOP};
	e->ui_playing = false;
	e->ui_pos = 0;
	post_transport(e, &c);
	e->ui_pos_serial = e->ui_serial;
}

void engine_seek(struct engine *e, double seconds)
{
	/* a seek lands inside the song: `]` held at the end stops there */
	if (seconds > e->length)
		seconds = e->length;
	if (!(seconds > 0))
		seconds = 0;
	struct cmd c = {.type = CMD_SEEK, .u.frame = to_frames(e, seconds)};
	e->ui_pos = c.u.frame;
	post_transport(e, &c);
	e->ui_pos_serial = e->ui_serial;
}

void engine_set_loop(struct engine *e, bool on, double start, double end)
{
	struct cmd c = {.type = CMD_LOOP, .u.loop = {on, to_frames(e, start), to_frames(e, end)}};
	e->ui_looping = on;
	e->ui_loop_start = start;
	e->ui_loop_end = end;
	post_transport(e, &c);
}

void engine_set_param(struct engine *e, int strip, enum param_id id, double v, enum param_mode mode)
{
	struct cmd c = {.type = CMD_PARAM, .strip = strip, .u.param = {id, v, mode}};
	post(e, &c);
}

void engine_set_eq(struct engine *e, int strip, int band, const struct eq_band *b)
{
	struct cmd c = {.type = CMD_EQ, .strip = strip, .u.eq = {band, *b}};
	post(e, &c);
}

void engine_set_send(struct engine *e, int strip, int send, double level_db, bool pre)
{
	struct cmd c = {.type = CMD_SEND, .strip = strip, .u.send = {send, level_db, pre}};
	post(e, &c);
}

void engine_set_insert(struct engine *e, int strip, int slot, int param, double v)
{
	struct cmd c = {.type = CMD_INSERT, .strip = strip, .u.ins = {slot, param, v}};
	post(e, &c);
}

int engine_reload(struct engine *e, const struct project *p, char *err, size_t errlen)
{
	struct session *s;
	struct cmd c = {.type = CMD_SWAP};

	if (project_rate(p) != e->rate) {
		snprintf(err, errlen, "the session rate changed from %.0f to %.0f Hz: reopen the project to apply it",
			 e->rate, project_rate(p));
		return -1;
	}
	s = engine_session_new(p, e->rate, err, errlen);
	if (!s)
		return -1;
	c.u.swap = s;
	if (!post(e, &c)) {
		engine_session_free(s);
		snprintf(err, errlen, "the audio side is not answering");
		return -1;
	}
	e->ui_sess = s;
	e->length = project_length(p);
	if (e->ui_ref >= s->nrefs)
		engine_reference(e, -1);
	engine_ref_project(e, p);
	return 0;
}

bool engine_latency_moved(struct engine *e)
{
	/* the newest graph: one still waiting to be swapped in was built
	 * from the model as it is now */
	return e->ui_sess && graph_latency_moved(e->ui_sess->g);
}

static float bits_f(uint32_t u)
{
	float f;
	memcpy(&f, &u, 4);
	return f;
}

void engine_status(struct engine *e, struct engine_status *st)
{
	uint32_t applied = atomic_load_explicit(&e->applied, memory_order_acquire);
	bool caught_up = (int32_t)(applied - e->ui_pos_serial) >= 0;
	int64_t pos = caught_up ? atomic_load_explicit(&e->pos, memory_order_relaxed) : e->ui_pos;

	memset(st, 0, sizeof *st);
	st->pos = (double)pos / e->rate;
	st->length = e->length;
	st->playing = e->ui_playing;
	st->looping = e->ui_looping;
	st->loop_start = e->ui_loop_start;
	st->loop_end = e->ui_loop_end;
	st->null_output = !e->audio || audio_is_null(e->audio);
	snprintf(st->output, sizeof st->output, "%s", e->output);
	st->rate = e->rate;
	st->buffer = e->buffer;
	st->dsp_load = bits_f(atomic_load_explicit(&e->load_mean, memory_order_relaxed));
	st->dsp_load_max = bits_f(atomic_exchange(&e->load_max, 0));
	st->unit_latency = e->ui_sess ? e->ui_sess->unit_latency : 0;
	st->disk_xruns = atomic_load(&e->underruns);
	st->xruns = atomic_load(&e->xruns) + st->disk_xruns;
	st->refilling = !caught_up || atomic_load_explicit(&e->refilling, memory_order_relaxed);
}

bool engine_track_offline(struct engine *e, int track, char *reason, size_t n)
{
	struct stream *st;
	if (track < 0 || track >= e->ui_sess->ntracks)
		return false;
	st = &e->ui_sess->st[track];
	if (!atomic_load_explicit(&st->offline, memory_order_acquire))
		return false;
	if (reason && n)
		snprintf(reason, n, "%s", st->reason);
	return true;
}

void engine_meter(struct engine *e, int strip, struct strip_meter *m)
{
	memset(m, 0, sizeof *m);
	if (strip >= 0 && strip < e->ui_sess->nstrips)
		engine_meter_take(&e->ui_sess->meters[strip], m);
}

void engine_poll(struct engine *e)
{
	struct session *s;
	int keep = 0;

	free_lanes(e);
	while (e->ngrave < (int)ARRAY_LEN(e->graveyard) && spsc_pop(&e->ret, &s))
		e->graveyard[e->ngrave++] = s;
	/* the disk thread may still be filling a session it picked up just
	 * before the swap: free only what it has not announced */
	for (int i = 0; i < e->ngrave; i++) {
		if (atomic_load(&e->disk_hazard) == e->graveyard[i])
			e->graveyard[keep++] = e->graveyard[i];
		else
			engine_session_free(e->graveyard[i]);
	}
	e->ngrave = keep;
	engine_ref_poll(e);
	engine_monitor_poll(e);
	/* a device stream that stopped by itself: carry on with the null
	 * clock, transport untouched (the callback's state lives on) */
	if (e->audio && !audio_is_null(e->audio) && !audio_alive(e->audio)) {
		char err[256];
		audio_close(e->audio);
		e->audio = NULL;
		start_null(e, "audio device lost \xe2\x80\x94 null output", err, sizeof err);
	}
}
