/* monitor.c — the monitor section's modes (see monitor.h for each
 * response). Each mode is a matrix, for phone and small followed by a
 * fixed filter chain, then a gain. A mode change crossfades linearly
 * from the old mode's output to the new one's; a gain change ramps
 * linearly to its exact target, so dim is -20 dB to the bit once settled. */
#include "dsp/monitor.h"
#include "dsp/dsp.h"
#include <strings.h>

enum { CHUNK = 256 };

static const char *const names[MON_NMODES] = {"off", "mono", "side", "swap", "dim", "phone", "small", "cut", NULL};

const char *monitor_mode_name(enum monitor_mode mode)
{
	return mode >= 0 && mode < MON_NMODES ? names[mode] : NULL;
}

int monitor_mode_find(const char *name)
{
	for (int i = 0; i < MON_NMODES; i++)
		if (names[i] && !strcasecmp(names[i], name))
			return i;
	return -1;
}

void monitor_init(struct monitor *m, double rate)
{
	/* 4th-order Butterworth = two sections with these Qs */
	static const double q4[2] = {0.54119610, 1.30656296};
	memset(m, 0, sizeof *m);
	m->rate = rate;
	m->mode = m->from = MON_OFF;
	m->fade_len = (int)lround(MONITOR_FADE_S * rate);
	if (m->fade_len < 1)
		m->fade_len = 1;
	m->step = 1.0f / (float)m->fade_len;
	m->g = m->g_target = 1;
	for (int k = 0; k < 2; k++) {
		biquad_design(&m->phone[k], BQ_HIGHPASS, rate, 300, 0, q4[k]);
		biquad_design(&m->phone[2 + k], BQ_LOWPASS, rate, 3400, 0, q4[k]);
		biquad_design(&m->small[k], BQ_HIGHPASS, rate, 150, 0, q4[k]);
	}
	biquad_design(&m->phone[4], BQ_BELL, rate, 2000, 5, 2);
	biquad_design(&m->small[2], BQ_LOWPASS, rate, 14000, 0, 0.70710678);
}

double monitor_gain_target(const struct monitor *m)
{
	return m->g_target;
}

void monitor_set(struct monitor *m, enum monitor_mode mode, double gain_db)
{
	float g = mode == MON_DIM ? 0.1f : mode == MON_CUT ? 0.0f : mode == MON_LEVEL ? (float)db_to_lin(gain_db) : 1.0f;
	if (mode != m->mode) {
		/* a change within a running fade starts a new one from the mode
		 * that was fading in: quicker than 20 ms, only a key held down */
		m->from = m->mode;
		m->mode = mode;
		m->fade = m->fade_len;
	}
	if (g != m->g_target) {
		m->g_target = g;
		m->g_step = (g - m->g) * m->step;
	}
}

static bool uses(const struct monitor *m, enum monitor_mode k)
{
	return m->mode == k || (m->fade > 0 && m->from == k);
}

/* The mode's output of l/r into outl/outr, k frames. The filter chains run
 * once per block before this (their outputs in ph and sm). */
static void render(enum monitor_mode mode, const float *l, const float *r, const float *ph, const float *sm[2],
		   float *outl, float *outr, int k)
{
	switch (mode) {
	case MON_MONO:
		for (int i = 0; i < k; i++)
			outl[i] = outr[i] = 0.5f * (l[i] + r[i]);
		break;
	case MON_SIDE:
		for (int i = 0; i < k; i++)
			outl[i] = outr[i] = 0.5f * (l[i] - r[i]);
		break;
	case MON_SWAP:
		memcpy(outl, r, (size_t)k * sizeof *outl);
		memcpy(outr, l, (size_t)k * sizeof *outr);
		break;
	case MON_PHONE:
		memcpy(outl, ph, (size_t)k * sizeof *outl);
		memcpy(outr, ph, (size_t)k * sizeof *outr);
		break;
	case MON_SMALL:
		memcpy(outl, sm[0], (size_t)k * sizeof *outl);
		memcpy(outr, sm[1], (size_t)k * sizeof *outr);
		break;
	default: /* off, dim, cut, level: the gain does the work */
		memcpy(outl, l, (size_t)k * sizeof *outl);
		memcpy(outr, r, (size_t)k * sizeof *outr);
		break;
	}
}

static void run_filters(struct monitor *m, const float *l, const float *r, float *ph, float *sm[2], int k)
{
	if (uses(m, MON_PHONE)) {
		const struct biquad_coefs *c[MON_PHONE_STAGES];
		struct biquad_state *s[MON_PHONE_STAGES];
		for (int j = 0; j < MON_PHONE_STAGES; j++) {
			c[j] = &m->phone[j];
			s[j] = &m->phone_s[j];
		}
		for (int i = 0; i < k; i++)
			ph[i] = 0.5f * (l[i] + r[i]);
		biquad_cascade(c, s, MON_PHONE_STAGES, ph, k);
		m->phone_run = true;
	} else if (m->phone_run) {
		/* stopped: the next entry starts from silence, not a stale tail */
		for (int j = 0; j < MON_PHONE_STAGES; j++)
			biquad_reset(&m->phone_s[j]);
		m->phone_run = false;
	}
	if (uses(m, MON_SMALL)) {
		for (int ch = 0; ch < 2; ch++) {
			const struct biquad_coefs *c[MON_SMALL_STAGES];
			struct biquad_state *s[MON_SMALL_STAGES];
			for (int j = 0; j < MON_SMALL_STAGES; j++) {
				c[j] = &m->small[j];
				s[j] = &m->small_s[ch][j];
			}
			memcpy(sm[ch], ch ? r : l, (size_t)k * sizeof(float));
			biquad_cascade(c, s, MON_SMALL_STAGES, sm[ch], k);
		}
		m->small_run = true;
	} else if (m->small_run) {
		for (int ch = 0; ch < 2; ch++)
			for (int j = 0; j < MON_SMALL_STAGES; j++)
				biquad_reset(&m->small_s[ch][j]);
		m->small_run = false;
	}
}

static void process_chunk(struct monitor *m, float *l, float *r, int k)
{
	float ph[CHUNK], sm0[CHUNK], sm1[CHUNK], al[CHUNK], ar[CHUNK], bl[CHUNK], br[CHUNK];
	float *sm[2] = {sm0, sm1};
	const float *smc[2] = {sm0, sm1};

	run_filters(m, l, r, ph, sm, k);
	render(m->mode, l, r, ph, smc, bl, br, k);
	if (m->fade > 0) {
		render(m->from, l, r, ph, smc, al, ar, k);
		for (int i = 0; i < k && m->fade > 0; i++) {
			float x = 1.0f - (float)m->fade * m->step;
			bl[i] = al[i] + x * (bl[i] - al[i]);
			br[i] = ar[i] + x * (br[i] - ar[i]);
			m->fade--;
		}
	}
	if (m->g != m->g_target) {
		for (int i = 0; i < k; i++) {
			float g = m->g + m->g_step;
			if ((m->g_step >= 0 && g >= m->g_target) || (m->g_step < 0 && g <= m->g_target))
				g = m->g_target; /* exact once there */
			m->g = g;
			l[i] = g * bl[i];
			r[i] = g * br[i];
		}
	} else if (m->g == 1.0f) {
		memcpy(l, bl, (size_t)k * sizeof *l);
		memcpy(r, br, (size_t)k * sizeof *r);
	} else {
		for (int i = 0; i < k; i++) {
			l[i] = m->g * bl[i];
			r[i] = m->g * br[i];
		}
	}
}

void monitor_process(struct monitor *m, float *l, float *r, int n)
{
	if (m->mode == MON_OFF && m->fade == 0 && m->g == 1.0f && m->g_target == 1.0f) {
		run_filters(m, l, r, NULL, NULL, 0); /* lets stopped chains reset */
		return;
	}
	for (int off = 0; off < n; off += CHUNK)
		process_chunk(m, l + off, r + off, n - off < CHUNK ? n - off : CHUNK);
}
