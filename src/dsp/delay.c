/* delay.c — stereo / ping-pong feedback delay.
 *
 * Per frame: tap = read(distance); out = tap; line <- input + fb * LP(tap).
 * The first repeat is therefore clean and each later one passes the tone
 * filter once more, so highs die faster than lows. Ping-pong is a glided
 * cross amount c: at c = 1 the mono input enters only the left line and
 * each loop feeds the other channel, so repeats alternate L, R, L... */
#include "dsp/delay.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define XFADE_MS 40.0
#define GLIDE_MS 30.0

int delay_init(struct delay *d, double rate, double max_seconds)
{
	memset(d, 0, sizeof *d);
	if (rate < 8000.0 || !(max_seconds > 0.0) || max_seconds > 60.0)
		return -1;
	d->rate = rate;
	d->len = (int)ceil(max_seconds * rate) + 2;
	for (int c = 0; c < 2; c++) {
		d->line[c] = calloc((size_t)d->len, sizeof(float));
		if (!d->line[c]) {
			delay_free(d);
			return -1;
		}
	}
	d->xf_len = (int)(XFADE_MS * 1e-3 * rate);
	smooth_init(&d->fb, 0.0, rate, GLIDE_MS);
	smooth_init(&d->cross, 0.0, rate, GLIDE_MS);
	smooth_init(&d->tone_a, 0.0, rate, GLIDE_MS);
	d->cur = d->next = d->target = (int)lround(0.25 * rate) < d->len - 1 ? (int)lround(0.25 * rate) : d->len - 1;
	delay_reset(d);
	return 0;
}

void delay_free(struct delay *d)
{
	for (int c = 0; c < 2; c++) {
		free(d->line[c]);
		d->line[c] = NULL;
	}
}

void delay_reset(struct delay *d)
{
	for (int c = 0; c < 2; c++)
		memset(d->line[c], 0, (size_t)d->len * sizeof(float));
	d->wpos = 0;
	d->lp[0] = d->lp[1] = 0.0;
	d->cur = d->next = d->target;
	d->xf_pos = -1;
	d->fresh = 1;
}

void delay_set(struct delay *d, double time_ms, double feedback_pct, double tone_hz, int pingpong)
{
	double frames = time_ms * 1e-3 * d->rate;
	if (!(frames >= 1.0))
		frames = 1.0;
	if (frames > d->len - 2)
		frames = d->len - 2;
	d->target = (int)lround(frames);

	if (!(feedback_pct >= 0.0))
		feedback_pct = 0.0;
	if (feedback_pct > 99.0)
		feedback_pct = 99.0;
	/* One-pole y += a (x - y) with a = 1 - exp(-2 pi fc / fs); a = 1 is
	 * a straight wire. */
	double a = 1.0;
	if (tone_hz > 0.0 && tone_hz < 0.45 * d->rate)
		a = 1.0 - exp(-2.0 * M_PI * tone_hz / d->rate);

	if (d->fresh) {
		smooth_jump(&d->fb, feedback_pct / 100.0);
		smooth_jump(&d->cross, pingpong ? 1.0 : 0.0);
		smooth_jump(&d->tone_a, a);
		d->cur = d->next = d->target;
		d->xf_pos = -1;
		d->fresh = 0;
	} else {
		smooth_set(&d->fb, feedback_pct / 100.0);
		smooth_set(&d->cross, pingpong ? 1.0 : 0.0);
		smooth_set(&d->tone_a, a);
	}
}

static inline float tap_at(const struct delay *d, int c, int dist)
{
	int p = d->wpos - dist;
	if (p < 0)
		p += d->len;
	return d->line[c][p];
}

DSP_HOT static int process_block(struct delay *d, const float *const in[], int in_nch, float *out_l, float *out_r,
                         int off, int n)
{
	double fb = d->fb.cur, c = d->cross.cur, a = d->tone_a.cur;
	int bad = 0;
	for (int i = off; i < off + n; i++) {
		/* A new time is picked up only between crossfades, so a knob
		 * being turned lands on its final value one fade later. */
		if (d->xf_pos < 0 && d->target != d->cur) {
			d->next = d->target;
			d->xf_pos = 0;
		}
		float t[2];
		for (int ch = 0; ch < 2; ch++) {
			t[ch] = tap_at(d, ch, d->cur);
			if (d->xf_pos >= 0) {
				float u = (float)d->xf_pos / (float)d->xf_len;
				float w = u * u * (3.0f - 2.0f * u); /* smoothstep */
				t[ch] += w * (tap_at(d, ch, d->next) - t[ch]);
			}
		}
		if (d->xf_pos >= 0 && ++d->xf_pos >= d->xf_len) {
			d->cur = d->next;
			d->xf_pos = -1;
		}

		float il = in[0][i], ir = in_nch > 1 ? in[1][i] : il;
		double mono = 0.5 * (il + ir);
		double fl = (1.0 - c) * t[0] + c * t[1];
		double fr = (1.0 - c) * t[1] + c * t[0];
		d->lp[0] = dsp_flush(d->lp[0] + a * (fl - d->lp[0]));
		d->lp[1] = dsp_flush(d->lp[1] + a * (fr - d->lp[1]));
		double wl = (1.0 - c) * il + c * mono + fb * d->lp[0];
		double wr = (1.0 - c) * ir + fb * d->lp[1];
		d->line[0][d->wpos] = (float)dsp_flush(wl);
		d->line[1][d->wpos] = (float)dsp_flush(wr);
		if (++d->wpos == d->len)
			d->wpos = 0;

		out_l[i] = t[0];
		out_r[i] = t[1];
		bad |= dsp_bad(t[0]) | dsp_bad(t[1]) | dsp_bad(wl) | dsp_bad(wr);
	}
	return bad;
}

void delay_process(struct delay *d, const float *const in[], int in_nch, float *out_l, float *out_r, int n)
{
	for (int off = 0; off < n; off += DSP_SUBBLOCK) {
		int len = n - off < DSP_SUBBLOCK ? n - off : DSP_SUBBLOCK;
		smooth_step(&d->fb);
		smooth_step(&d->cross);
		smooth_step(&d->tone_a);
		if (process_block(d, in, in_nch, out_l, out_r, off, len)) {
			delay_reset(d);
			d->fresh = 0; /* keep the glided parameters */
			memset(out_l + off, 0, (size_t)len * sizeof(float));
			memset(out_r + off, 0, (size_t)len * sizeof(float));
			d->nan_resets++;
		}
	}
}

double delay_note_ms(const char *note, double bpm, int *ok)
{
	int dummy;
	if (!ok)
		ok = &dummy;
	*ok = 0;
	if (!note || !(bpm > 0.0) || bpm > 1000.0)
		return 0.0;
	const char *s = note;
	while (isspace((unsigned char)*s))
		s++;
	char *end;
	long num = strtol(s, &end, 10);
	if (end == s || *end != '/' || num <= 0 || num > 64)
		return 0.0;
	s = end + 1;
	long den = strtol(s, &end, 10);
	if (end == s || den <= 0 || den > 256)
		return 0.0;
	double mult = 1.0;
	if (*end == '.') {
		mult = 1.5;
		end++;
	} else if (*end == 't' || *end == 'T') {
		mult = 2.0 / 3.0;
		end++;
	}
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		return 0.0;
	*ok = 1;
	return 4.0 * 60000.0 / bpm * (double)num / (double)den * mult;
}
