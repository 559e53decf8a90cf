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
#define CALM_MAX (1 << 30)

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

	for (int c = 0; c < nch; c++) {
		l->dline[c] = calloc((size_t)l->dlen, sizeof(float));
		if (!l->dline[c])
			goto fail;
		oversample_init(&l->os[c]);
	}
	l->mn_cur = calloc((size_t)l->hold, sizeof(float));
	l->mn_suf = calloc((size_t)l->hold + 1, sizeof(float));
	l->box = calloc((size_t)l->avg, sizeof(float));
	if (!l->mn_cur || !l->mn_suf || !l->box)
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
	free(l->mn_cur);
	free(l->mn_suf);
	free(l->box);
	l->mn_cur = NULL;
	l->mn_suf = NULL;
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
	/* a window that reaches back before the reset holds only what came
	 * after it: as every r is at most 1, 1s stand in for the rest */
	for (int i = 0; i <= l->hold; i++)
		l->mn_suf[i] = 1.0f;
	l->mn_pre = 1.0f;
	l->mn_pos = 0;
	for (int i = 0; i < l->avg; i++)
		l->box[i] = 1.0f;
	l->boxpos = 0;
	l->boxsum = l->avg;
	l->boxlap = 0.0;
	l->env = 1.0;
	l->calm = 0; /* mn_cur's old values are rewritten before they count again */
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

/* The mean of each box sum, at most 1: gain_run's boxsum == avg ? 1 :
 * boxsum / avg (avg / avg is 1 exactly), a frame's independent of the
 * next, so vectorised; and the least of them (the sums are finite: a
 * minimum is the same whichever way it is taken). The least compares
 * bit patterns, monotonic for doubles >= +0 as these are: clang does
 * not vectorise a double min without -ffast-math, and its -Wpass-failed
 * is an error in a -Werror build. */
DSP_HOT static double sums_to_gains(double *g, int n, double avg)
{
	double least = 1.0;
	uint64_t lb;
	DSP_SIMD
	for (int i = 0; i < n; i++) {
		double v = g[i] / avg;
		g[i] = v > 1.0 ? 1.0 : v;
	}
	memcpy(&lb, &least, sizeof lb);
	DSP_SIMD_REDUCE(min, lb)
	for (int i = 0; i < n; i++) {
		uint64_t b;
		memcpy(&b, &g[i], sizeof b);
		lb = b < lb ? b : lb;
	}
	memcpy(&least, &lb, sizeof least);
	return least;
}

/* A stretch no window of which asks for a reduction: r has been 1 for
 * the last `hold` frames (calm: the hold's window, pre and every mn_cur
 * are 1s) and no frame of this sub-block asks for one either (no x over
 * the ceiling, nor the qprev its first p looks back to). Then h is 1 on
 * every frame and env = min(1, rel) is rel (rel <= 1 as env <= 1): only
 * the release, the box and the mean move, the same operations in the
 * same order as gain_run's frame loop, so the same values. Most frames
 * of a limited song are here, releasing between its peaks; the frame
 * loop's min-hold and its division by p go. 0 when not such a stretch. */
static int gain_release(struct limiter *l, const float *q, float scale, double ceil, double *gain, int n)
{
	double env = l->env, boxsum = l->boxsum, lap = l->boxlap, c = l->rel_coef, avg = l->avg, least = l->min_gain;
	float *box = l->box;
	int bp = l->boxpos, nbox = l->avg;

	if (n < 1 || l->calm < l->hold || l->mn_pre != 1.0f || l->qprev > ceil || !(scale > 0.0f))
		return 0;
	/* the largest |q| times scale is at least the largest x (rounding
	 * is monotone and scale positive); a NaN is no reduction, as in the
	 * frame loop, and dsp_absmax passes it over */
	if (dsp_absmax(q, n, 0.0f) * scale > ceil)
		return 0;
	/* in runs up to the lap's end, where boxsum takes the lap's sum
	 * (that frame's mean is of the new sum) */
	for (int i = 0; i < n;) {
		int m = n - i < nbox - bp ? n - i : nbox - bp;
		for (int k = 0; k < m; k++) {
			env = 1.0 - (1.0 - env) * c; /* exactly 1 again once it is 1 */
			boxsum += env - box[bp + k];
			box[bp + k] = (float)env;
			lap += box[bp + k];
			gain[i + k] = boxsum;
		}
		i += m;
		bp += m;
		if (bp == nbox) {
			boxsum = lap;
			lap = 0.0;
			bp = 0;
			gain[i - 1] = boxsum;
		}
	}
	{
		double g = sums_to_gains(gain, n, avg);
		least = g < least ? g : least;
	}
	l->qprev = q[n - 1] * scale;
	l->mn_pos += n;
	if (l->mn_pos >= l->hold) {
		/* the hold's end: the suffix minima of 1s (mn_suf[0], the
		 * least of them, says whether they are already) */
		if (l->mn_suf[0] != 1.0f)
			for (int k = 0; k < l->hold; k++)
				l->mn_suf[k] = 1.0f;
		l->mn_pos %= l->hold;
	}
	l->env = env;
	l->boxsum = boxsum;
	l->boxlap = lap;
	l->boxpos = bp;
	l->min_gain = least;
	l->calm = l->calm > CALM_MAX - n ? CALM_MAX : l->calm + n;
	return 1;
}

/* The gain for each of n detector values q[i] * scale (the steps the
 * header lists, from p on): a sub-block at a time, its state in locals.
 *
 * The running minimum of r over `hold` frames is taken a block of `hold`
 * at a time (van Herk / Gil-Werman): the minimum of this block so far
 * (mn_pre) and of the last block's values from this position on
 * (mn_suf, made when that block was complete). No branch depends on the
 * signal, and a minimum is exact whichever way it is taken.
 *
 * A frame whose window asks for no reduction (h == 1) while the release
 * is already at 1 leaves env at exactly 1 (1 - 0 * c is 1): said so, the
 * long chain of the release does not hold up the stretches where the
 * limiter rests. The same values, bit for bit, as one frame at a time. */
static void gain_run(struct limiter *l, const float *q, float scale, double ceil, double *gain, int n)
{
	if (gain_release(l, q, scale, ceil, gain, n))
		return;
	float qprev = l->qprev, pre = l->mn_pre;
	double env = l->env, boxsum = l->boxsum, lap = l->boxlap, c = l->rel_coef, avg = l->avg, least = l->min_gain;
	int pos = l->mn_pos, bp = l->boxpos, calm = l->calm;

	for (int i = 0; i < n; i++) {
		float x = q[i] * scale;
		float p = x > qprev ? x : qprev;
		qprev = x;
		/* A NaN peak compares false and asks for no reduction; the NaN
		 * itself is caught at the output. */
		float r = p > ceil ? (float)(ceil / p) : 1.0f;
		float tail = l->mn_suf[pos + 1], h;
		pre = pre < r ? pre : r;
		l->mn_cur[pos] = r;
		h = tail < pre ? tail : pre;
		calm = r == 1.0f ? (calm < CALM_MAX ? calm + 1 : calm) : 0;
		if (++pos == l->hold) {
			float m = 1.0f;
			for (int k = l->hold - 1; k >= 0; k--) {
				m = l->mn_cur[k] < m ? l->mn_cur[k] : m;
				l->mn_suf[k] = m;
			}
			pre = 1.0f;
			pos = 0;
		}
		if (!(h == 1.0f && env == 1.0)) {
			double rel = 1.0 - (1.0 - env) * c;
			env = h < rel ? h : rel;
		}
		boxsum += env - l->box[bp];
		l->box[bp] = (float)env;
		/* the lap's values in the order they are written, box[0] first:
		 * the sum the lap's end takes, added as they come */
		lap += l->box[bp];
		if (++bp == l->avg) {
			/* Re-add exactly once per lap so rounding never drifts. */
			boxsum = lap;
			lap = 0.0;
			bp = 0;
		}
		/* at rest the box is all 1s: avg / avg is 1 */
		double g = boxsum == avg ? 1.0 : boxsum / avg;
		g = g > 1.0 ? 1.0 : g;
		least = g < least ? g : least;
		gain[i] = g;
	}
	l->qprev = qprev;
	l->mn_pre = pre;
	l->mn_pos = pos;
	l->env = env;
	l->calm = calm;
	l->boxsum = boxsum;
	l->boxlap = lap;
	l->boxpos = bp;
	l->min_gain = least;
}

DSP_HOT static int process_block(struct limiter *l, float *const ch[], int nch, int off, int n)
{
	double ceil = l->ceiling.cur;
	int bad = 0, skip = n > 1 && !l->qtap;
	/* When no window of this sub-block can reach the ceiling, every
	 * detector value only has to read "under the ceiling": 0 will do, and
	 * the gain comes out the same. The history is still fed, and the last
	 * sample measured, as the next sample's detector looks back one step. */
	float pk[DSP_MAXCH][DSP_SUBBLOCK], q[DSP_SUBBLOCK];
	double gain[DSP_SUBBLOCK];
	for (int c = 0; c < nch && skip; c++)
		skip = oversample_below(&l->os[c], ch[c] + off, n, ceil);
	if (skip) {
		for (int c = 0; c < nch; c++) {
			oversample_feed_n(&l->os[c], ch[c] + off, n - 1);
			pk[c][n - 1] = oversample_peak(&l->os[c], ch[c][off + n - 1]);
		}
		for (int i = 0; i < n - 1; i++)
			q[i] = 0.0f;
	} else
		/* every detector value, a channel at a time (the same values
		 * as one frame at a time, sooner) */
		for (int c = 0; c < nch; c++)
			oversample_peaks(&l->os[c], ch[c] + off, n, pk[c]);
	for (int i = skip ? n - 1 : 0; i < n; i++) {
		float m = 0.0f;
		for (int c = 0; c < nch; c++) {
			float p = pk[c][i];
			if (p > m || p != p)
				m = p;
		}
		q[i] = m;
	}
	if (l->qtap)
		memcpy(l->qtap + off, q, sizeof(float) * (size_t)n);
	gain_run(l, q, 1.0f, ceil, gain, n);
	/* a channel at a time, up to where the delay line wraps: the same
	 * product for every sample, in runs the compiler can vectorise */
	for (int c = 0; c < nch; c++) {
		float *d = l->dline[c], *x = ch[c] + off;
		for (int i = 0, pos = l->dpos; i < n;) {
			int m = n - i < l->dlen - pos ? n - i : l->dlen - pos;
			DSP_SIMD_REDUCE(|, bad)
			for (int k = 0; k < m; k++) {
				float y = (float)(d[pos + k] * gain[i + k]);
				d[pos + k] = x[i + k];
				x[i + k] = y;
				bad |= dsp_bad(y);
			}
			i += m;
			pos = pos + m == l->dlen ? 0 : pos + m;
		}
	}
	l->dpos = (l->dpos + n) % l->dlen;
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
		double g[DSP_SUBBLOCK];
		smooth_step(&l->ceiling);
		gain_run(l, q + off, scale, l->ceiling.cur, g, len);
		DSP_SIMD
		for (int i = 0; i < len; i++)
			gain[off + i] = (float)g[i];
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
