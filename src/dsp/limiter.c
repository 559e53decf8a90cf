/* limiter.c — look-ahead true-peak limiter.
 *
 * Pipeline per frame n:
 *   q[n]  = max over channels of the 4x-interpolated |x| at input times
 *           n-D .. n-D+3/4 (D = OVERSAMPLE_DELAY)
 *   p[n]  = max(q[n-1], q[n]), the true peak within one sample either
 *           side of input frame n-D
 *   r[n]  = min(1, ceiling / p[n]), the gain that frame needs
 *   h[n]  = min of r over the last `hold` frames
 *   e[n]  = min(h[n], release toward 1)
 *   g[n]  = mean of e over the last `avg` frames    (the attack ramp)
 *   y[n]  = x[n - D - look] * g[n]
 * With hold >= look + slack + 1 and avg <= look - slack + 1, every g that
 * lands within `slack` frames of a frame needing r is itself <= r, so the
 * gain is already down when the peak (and its inter-sample neighbours)
 * leave the delay line, and the averaging makes the ramp click-free. */
#include "dsp/limiter.h"

#include <stdlib.h>
#include <string.h>

#define LOOKAHEAD_MS 2.0
#define SLACK_FRAMES 8
#define CEILING_GLIDE_MS 20.0

int limiter_init(struct limiter *l, double rate, int nch)
{
	memset(l, 0, sizeof *l);
	if (rate < 8000.0 || nch < 1 || nch > DSP_MAXCH)
		return -1;
	l->rate = rate;
	l->nch = nch;
	l->slack = SLACK_FRAMES;
	l->look = (int)lround(LOOKAHEAD_MS * 1e-3 * rate);
	if (l->look < 4 * l->slack)
		l->look = 4 * l->slack;
	l->hold = l->look + l->slack + 1;
	l->avg = l->look - l->slack + 1;
	l->dlen = l->look + OVERSAMPLE_DELAY;
	l->wq_cap = l->hold + 1;

	for (int c = 0; c < nch; c++) {
		l->dline[c] = calloc((size_t)l->dlen, sizeof(float));
		if (!l->dline[c])
			goto fail;
		oversample_init(&l->os[c]);
	}
	l->wq_val = calloc((size_t)l->wq_cap, sizeof(float));
	l->wq_idx = calloc((size_t)l->wq_cap, sizeof(long long));
	l->box = calloc((size_t)l->avg, sizeof(float));
	if (!l->wq_val || !l->wq_idx || !l->box)
		goto fail;

	smooth_init(&l->ceiling, db_to_lin(-1.0), rate, CEILING_GLIDE_MS);
	l->release_ms = 100.0;
	l->rel_coef = exp(-1.0 / (l->release_ms * 1e-3 * rate));
	limiter_reset(l);
	return 0;
fail:
	limiter_free(l);
	return -1;
}

void limiter_free(struct limiter *l)
{
	for (int c = 0; c < DSP_MAXCH; c++) {
		free(l->dline[c]);
		l->dline[c] = NULL;
	}
	free(l->wq_val);
	free(l->wq_idx);
	free(l->box);
	l->wq_val = NULL;
	l->wq_idx = NULL;
	l->box = NULL;
}

/* Clears the signal state; parameters are kept and the next set() jumps. */
void limiter_reset(struct limiter *l)
{
	for (int c = 0; c < l->nch; c++) {
		memset(l->dline[c], 0, (size_t)l->dlen * sizeof(float));
		oversample_reset(&l->os[c]);
	}
	l->dpos = 0;
	l->wq_head = l->wq_len = 0;
	l->t = 0;
	for (int i = 0; i < l->avg; i++)
		l->box[i] = 1.0f;
	l->boxpos = 0;
	l->boxsum = l->avg;
	l->env = 1.0;
	l->qprev = 0.0f;
	l->min_gain = 1.0;
	smooth_jump(&l->ceiling, l->ceiling.target);
	l->fresh = 1;
}

void limiter_set(struct limiter *l, double ceiling_dbtp, double release_ms)
{
	/* up to +24 dBTP: the graph sets that for "limiter = off", keeping the
	 * look-ahead delay (constant latency) while never touching the gain */
	if (!(ceiling_dbtp <= 24.0))
		ceiling_dbtp = 24.0;
	if (ceiling_dbtp < -60.0)
		ceiling_dbtp = -60.0;
	if (!(release_ms >= 1.0))
		release_ms = 1.0;
	if (release_ms > 5000.0)
		release_ms = 5000.0;
	/* Aim a little under the ceiling: at content near Nyquist no two
	 * true-peak interpolators agree (ours and libebur128's differ by up
	 * to ~0.2 dB on full-band noise), and the ceiling must hold whoever
	 * measures it. Clean signals land at ceiling - 0.1 dB. */
	ceiling_dbtp -= LIMITER_MARGIN_DB;
	if (l->fresh)
		smooth_jump(&l->ceiling, db_to_lin(ceiling_dbtp));
	else
		smooth_set(&l->ceiling, db_to_lin(ceiling_dbtp));
	l->fresh = 0;
	l->release_ms = release_ms;
	l->rel_coef = exp(-1.0 / (release_ms * 1e-3 * l->rate));
}

/* Running minimum over the last `hold` values (monotone deque). */
static float wedge_push(struct limiter *l, float r)
{
	/* head < cap and len <= cap: a wrap is one subtraction (a division
	 * per frame cost as much as the rest of the gain computer) */
	while (l->wq_len > 0) {
		int back = l->wq_head + l->wq_len - 1;
		if (back >= l->wq_cap)
			back -= l->wq_cap;
		if (l->wq_val[back] < r)
			break;
		l->wq_len--;
	}
	int slot = l->wq_head + l->wq_len;
	if (slot >= l->wq_cap)
		slot -= l->wq_cap;
	l->wq_val[slot] = r;
	l->wq_idx[slot] = l->t;
	l->wq_len++;
	while (l->wq_idx[l->wq_head] <= l->t - l->hold) {
		if (++l->wq_head == l->wq_cap)
			l->wq_head = 0;
		l->wq_len--;
	}
	return l->wq_val[l->wq_head];
}

static double gain_step(struct limiter *l, float q, double ceil)
{
	float p = q > l->qprev ? q : l->qprev;
	l->qprev = q;
	/* A NaN peak compares false and asks for no reduction; the NaN
	 * itself is caught at the output. */
	float r = p > ceil ? (float)(ceil / p) : 1.0f;
	float h = wedge_push(l, r);

	double rel = 1.0 - (1.0 - l->env) * l->rel_coef;
	l->env = h < rel ? h : rel;

	l->boxsum += l->env - l->box[l->boxpos];
	l->box[l->boxpos] = (float)l->env;
	if (++l->boxpos == l->avg) {
		/* Re-add exactly once per lap so rounding never drifts. */
		double s = 0.0;
		for (int i = 0; i < l->avg; i++)
			s += l->box[i];
		l->boxsum = s;
		l->boxpos = 0;
	}
	l->t++;
	double g = l->boxsum / l->avg;
	return g > 1.0 ? 1.0 : g;
}

DSP_HOT static int process_block(struct limiter *l, float *const ch[], int nch, int off, int n)
{
	double ceil = l->ceiling.cur;
	int bad = 0, skip = n > 1 && !l->qtap;
	/* When no window of this sub-block can reach the ceiling, every
	 * detector value only has to read "under the ceiling": 0 will do, and
	 * the gain comes out the same. The history is still fed, and the last
	 * sample measured, as the next sample's detector looks back one step. */
	float pk[DSP_MAXCH][DSP_SUBBLOCK];
	for (int c = 0; c < nch && skip; c++)
		skip = oversample_below(&l->os[c], ch[c] + off, n, ceil);
	/* otherwise every detector value, a channel at a time (the same
	 * values as one frame at a time, sooner) */
	for (int c = 0; c < nch && !skip; c++)
		oversample_peaks(&l->os[c], ch[c] + off, n, pk[c]);
	for (int i = off; i < off + n; i++) {
		float q = 0.0f;
		if (skip && i < off + n - 1)
			for (int c = 0; c < nch; c++)
				oversample_feed(&l->os[c], ch[c][i]);
		else
			for (int c = 0; c < nch; c++) {
				float p = skip ? oversample_peak(&l->os[c], ch[c][i]) : pk[c][i - off];
				if (p > q || p != p)
					q = p;
			}
		if (l->qtap)
			l->qtap[i] = q;
		double g = gain_step(l, q, ceil);
		if (g < l->min_gain)
			l->min_gain = g;
		for (int c = 0; c < nch; c++) {
			float y = (float)(l->dline[c][l->dpos] * g);
			l->dline[c][l->dpos] = ch[c][i];
			ch[c][i] = y;
			bad |= dsp_bad(y);
		}
		if (++l->dpos == l->dlen)
			l->dpos = 0;
	}
	return bad;
}

void limiter_process(struct limiter *l, float *const ch[], int nch, int n)
{
	if (nch > l->nch)
		nch = l->nch;
	l->min_gain = 1.0;
	for (int off = 0; off < n; off += DSP_SUBBLOCK) {
		int len = n - off < DSP_SUBBLOCK ? n - off : DSP_SUBBLOCK;
		smooth_step(&l->ceiling);
		if (process_block(l, ch, nch, off, len)) {
			double target = l->ceiling.target;
			limiter_reset(l);
			smooth_jump(&l->ceiling, target);
			l->fresh = 0;
			for (int c = 0; c < nch; c++)
				memset(ch[c] + off, 0, (size_t)len * sizeof(float));
			l->nan_resets++;
		}
	}
}

void limiter_gains(struct limiter *l, const float *q, float scale, float *gain, int n)
{
	l->min_gain = 1.0;
	for (int off = 0; off < n; off += DSP_SUBBLOCK) {
		int len = n - off < DSP_SUBBLOCK ? n - off : DSP_SUBBLOCK;
		double ceil;
		smooth_step(&l->ceiling);
		ceil = l->ceiling.cur;
		for (int i = off; i < off + len; i++) {
			double g = gain_step(l, q[i] * scale, ceil);
			if (g < l->min_gain)
				l->min_gain = g;
			gain[i] = (float)g;
		}
	}
}

int limiter_latency(const struct limiter *l)
{
	return l->dlen;
}

double limiter_gain_reduction_db(const struct limiter *l)
{
	return l->min_gain >= 1.0 ? 0.0 : -lin_to_db(l->min_gain);
}
