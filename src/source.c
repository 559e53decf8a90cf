/* source.c — one stem streamed from disk, resampled and placed on the
 * timeline (source.h).
 *
 * Pipeline: libsndfile decodes DEC_FRAMES interleaved frames at a time
 * into `dec`; non-finite samples are zeroed there, so nothing downstream
 * ever sees them. Same-rate stems are copied straight out of `dec`
 * (bit-exact with sf_readf_float). Other rates go through soxr (HQ, one
 * thread, interleaved float32) into `rsout`, then out.
 *
 * Positions: `next` is the stem-relative session frame the pipeline hands
 * out next. A read at `next` is the sequential fast path; anything else
 * repositions (reposition()), and every repositioning is built so that
 * its samples equal the ones a sequential read from frame 0 would give:
 *
 *  - Same rate, lossless: sf_seek is exact (WAV, AIFF, FLAC, ...).
 *  - Resampled: restart soxr at an input frame p0 that is a multiple of
 *    stem_rate/gcd, so the output grid after the restart is the sequential
 *    grid exactly (p0 input frames are exactly p0*rate/stem_rate output
 *    frames); p0 lies RS_PREROLL input frames or more before the target,
 *    so the filter's memory is full of real signal again by the time we
 *    reach it, and the outputs up to the target are thrown away.
 *  - Lossy (Ogg Vorbis, Opus, MP3): libsndfile 1.2.0's seek is not exact.
 *    Measured: the first ~1000 frames after a Vorbis seek are wrong (issue
 *    885), up to ~5400 for Opus, and a Vorbis seek landing in the final
 *    page delivers wrongly placed samples until the end. We therefore
 *    never use the samples at a seek point: we sf_seek LOSSY_PREROLL
 *    (65536) frames before the target and decode forward, discarding, up
 *    to it. With half that margin 20000 random seeks per file (Vorbis and
 *    Opus, noise and silent tails, seeks into the last page) matched
 *    sequential decoding bit for bit; with 4096 frames they did not, and
 *    tests/test_source.c fails then. Short
 *    forward jumps are decoded through rather than sought, which is exact
 *    by construction. Reopening and decoding from the start would be
 *    exact too, but costs ~0.7 s for a backward seek in a 5-minute Vorbis
 *    stem and twice that for Opus; this costs a few milliseconds.
 *
 * soxr's delay: soxr 0.1.3 already trims its filter's group delay from
 * the head of the stream (measured: an impulse at input frame 22050 of a
 * 44.1 kHz stream comes out at output frame 24000.000 at 48 kHz), so
 * output frame k after a (re)start at input frame p0 is the signal at
 * input time p0 + k*stem_rate/rate, and no shift is needed. What
 * soxr_delay() reports is output still held inside the resampler; at the
 * end of the file we drain it with flushing calls (in = NULL) until it is
 * zero, so a stem's tail is not cut off. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <soxr.h>
#include <stdarg.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "source.h"
#include "tmix.h"

enum {
	DEC_FRAMES = 4096,	 /* decode block */
	OUT_FRAMES = 4096,	 /* resampler output block */
	LOSSY_PREROLL = 65536,	 /* frames decoded and dropped after a lossy seek */
	RS_PREROLL_MIN = 8192,	 /* input frames fed to soxr before a seek target */
	RS_FORWARD = 16384,	 /* session frames: closer jumps decode through */
	WARN_LEN = 256,
};

struct source {
	SNDFILE *sf;
	int ch;
	int lossy;		/* libsndfile cannot seek it exactly */
	int64_t stem_rate, rate;
	int64_t start;		/* timeline frame of the stem's frame 0 */
	int64_t frames;		/* stem frames (what the file claims, or counted) */
	int64_t len;		/* session frames: source_end - start */

	/* Decoder. file_pos is the stem frame the next sf_read returns;
	 * dec[dec_pos..dec_len) are decoded frames not yet used. */
	float *dec;
	int dec_pos, dec_len;
	int64_t file_pos;
	int eof;		/* the file gave all it has (or failed) */
	int64_t scanned;	/* frames already checked for bad samples */
	uint64_t bad;

	/* Resampler (NULL for same-rate stems) and its pending output. */
	soxr_t rs;
	float *rsout;
	int out_pos, out_len;
	int drained;		/* soxr flushed after eof: nothing more will come */
	int64_t l_in, l_out;	/* stem_rate/gcd, rate/gcd */
	int64_t rs_preroll;

	int64_t next;		/* stem-relative session frame handed out next */
	int need_seek;		/* file position unknown (a seek failed) */

	char warn[WARN_LEN];
	int warned;
};

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* Stem frames -> session frames, rounded up so the last stem frame's
 * interval is covered. */
static int64_t to_session(const struct source *s, int64_t stem_frames)
{
	if (!s->rs)
		return stem_frames;
	return (stem_frames * s->l_out + s->l_in - 1) / s->l_in;
}

/* Only the first problem is kept: later ones are usually its echo. */
static void set_warning(struct source *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_warning(struct source *s, const char *fmt, ...)
{
	va_list ap;
	if (s->warned)
		return;
	s->warned = 1;
	va_start(ap, fmt);
	vsnprintf(s->warn, sizeof s->warn, fmt, ap);
	va_end(ap);
}

/* The file ran out at file_pos. If that is short of what it claimed,
 * the stem now ends there: later reads give silence without trying. */
static void hit_eof(struct source *s)
{
	s->eof = 1;
	if (sf_error(s->sf) != SF_ERR_NO_ERROR)
		set_warning(s, "read error after %" PRId64 " frames: %s", s->file_pos, sf_strerror(s->sf));
	/* INT64_MAX: source_open is counting a file of unknown length. */
	if (s->file_pos < s->frames && s->frames != INT64_MAX) {
		set_warning(s, "stem ended early: read %" PRId64 " of %" PRId64 " frames", s->file_pos, s->frames);
		s->frames = s->file_pos;
		s->len = to_session(s, s->frames);
	}
}

/* Decodes up to max frames into dec (replacing its contents). Zeroes
 * non-finite samples, counting each file frame once however often seeks
 * make us decode it again. Returns the frames decoded; 0 at the end. */
static int decode_block(struct source *s, int max)
{
	int64_t left = s->frames - s->file_pos;
	sf_count_t r;
	if (s->eof || left <= 0) {
		s->eof = 1;
		s->dec_pos = s->dec_len = 0;
		return 0;
	}
	if (max > left)
		max = (int)left;
	r = sf_readf_float(s->sf, s->dec, max);
	if (r < 0)
		r = 0;
	s->dec_pos = 0;
	s->dec_len = (int)r;
	if (r > 0) {
		int64_t fresh = s->file_pos + r - s->scanned;
		size_t from = fresh >= r ? 0 : (size_t)(r - fresh) * (size_t)s->ch;
		size_t n = (size_t)r * (size_t)s->ch;
		for (size_t i = 0; i < n; i++) {
			if (!isfinite(s->dec[i])) {
				s->dec[i] = 0.0f;
				if (i >= from)
					s->bad++;
			}
		}
		s->file_pos += r;
		if (s->file_pos > s->scanned)
			s->scanned = s->file_pos;
	}
	if (r < max || r == 0)
		hit_eof(s);
	return (int)r;
}

/* Decodes and drops k frames. */
static void skip_frames(struct source *s, int64_t k)
{
	while (k > 0 && !s->eof) {
		int r = decode_block(s, k < DEC_FRAMES ? (int)k : DEC_FRAMES);
		k -= r;
	}
	s->dec_pos = s->dec_len = 0;
}

/* Puts the decoder at stem frame p exactly (see the top of the file for
 * why lossy formats decode through LOSSY_PREROLL frames). */
static void decode_seek(struct source *s, int64_t p)
{
	sf_count_t got;
	int64_t from;
	s->dec_pos = s->dec_len = 0;
	if (p >= s->frames) {
		s->file_pos = p;
		s->eof = 1;
		return;
	}
	if (!s->need_seek && p == s->file_pos && !s->eof)
		return;
	if (s->lossy && !s->need_seek && !s->eof && p > s->file_pos && p - s->file_pos <= LOSSY_PREROLL) {
		skip_frames(s, p - s->file_pos);
		return;
	}
	from = s->lossy ? (p > LOSSY_PREROLL ? p - LOSSY_PREROLL : 0) : p;
	s->eof = 0;
	got = sf_seek(s->sf, from, SEEK_SET);
	if (got != from) {
		set_warning(s, "cannot seek to frame %" PRId64 ": %s", from, sf_strerror(s->sf));
		s->need_seek = 1;
		s->eof = 1;
		s->file_pos = p;
		return;
	}
	s->need_seek = 0;
	s->file_pos = from;
	skip_frames(s, p - from);
}

/* Copies k frames from interleaved src to the channel buffers at off. */
static void deinterleave(const struct source *s, const float *src, float *const dst[], int off, int k)
{
	if (s->ch == 1) {
		memcpy(dst[0] + off, src, sizeof *src * (size_t)k);
		return;
	}
	for (int i = 0; i < k; i++) {
		dst[0][off + i] = src[2 * i];
		dst[1][off + i] = src[2 * i + 1];
	}
}

/* Runs soxr once: feeds pending decoded input (or the flush at the end)
 * and collects output into rsout. Returns 0 once nothing more can come. */
static int resample_some(struct source *s)
{
	size_t idone = 0, odone = 0;
	soxr_error_t e;
	s->out_pos = s->out_len = 0;
	if (s->drained)
		return 0;
	if (s->dec_pos == s->dec_len && !s->eof)
		decode_block(s, DEC_FRAMES);
	if (s->dec_pos < s->dec_len) {
		e = soxr_process(s->rs, s->dec + (size_t)s->dec_pos * (size_t)s->ch,
				 (size_t)(s->dec_len - s->dec_pos), &idone, s->rsout, OUT_FRAMES, &odone);
		s->dec_pos += (int)idone;
	} else {
		/* End of input: drain what soxr still holds (soxr_delay). */
		e = soxr_process(s->rs, NULL, 0, NULL, s->rsout, OUT_FRAMES, &odone);
		if (!e && odone == 0)
			s->drained = 1;
	}
	if (e) {
		set_warning(s, "resampler: %s", e);
		s->drained = 1;
		return 0;
	}
	s->out_len = (int)odone;
	return 1;
}

/* Hands out k frames from `next` on, into dst at off, or drops them when
 * dst is NULL. Frames the file no longer has stay as they are (silence:
 * source_read zeroes first). */
static void produce(struct source *s, float *const dst[], int off, int64_t k)
{
	if (!s->rs) {
		while (k > 0) {
			int r = decode_block(s, k < DEC_FRAMES ? (int)k : DEC_FRAMES);
			if (r == 0)
				break;
			if (dst)
				deinterleave(s, s->dec, dst, off, r);
			off += r;
			k -= r;
			s->next += r;
		}
		s->dec_pos = s->dec_len = 0;
		s->next += k;
		return;
	}
	while (k > 0) {
		int m;
		if (s->out_pos == s->out_len && !resample_some(s))
			break;
		m = s->out_len - s->out_pos;
		if (m > k)
			m = (int)k;
		if (dst && m > 0)
			deinterleave(s, s->rsout + (size_t)s->out_pos * (size_t)s->ch, dst, off, m);
		s->out_pos += m;
		off += m;
		k -= m;
		s->next += m;
	}
	s->next += k;
}

/* Makes `next` equal rel (a stem-relative session frame) so that what
 * follows is what a sequential read would have given. */
static void reposition(struct source *s, int64_t rel)
{
	int64_t p0, q0;
	if (!s->rs) {
		decode_seek(s, rel);
		s->next = rel;
		return;
	}
	/* A short jump ahead: decoding through is exact and cheap. */
	if (rel > s->next && rel - s->next <= RS_FORWARD && !s->need_seek) {
		produce(s, NULL, 0, rel - s->next);
		return;
	}
	/* Restart on the shared grid: p0 stem frames = q0 session frames. */
	p0 = rel * s->l_in / s->l_out - s->rs_preroll;
	p0 = p0 <= 0 ? 0 : p0 / s->l_in * s->l_in;
	q0 = p0 / s->l_in * s->l_out;
	soxr_clear(s->rs);
	s->out_pos = s->out_len = 0;
	s->drained = 0;
	decode_seek(s, p0);
	s->next = q0;
	produce(s, NULL, 0, rel - q0);
}

void source_read(struct source *s, int64_t frame, float *const out[], int n)
{
	int64_t a, b, end = s->start + s->len;
	for (int c = 0; c < s->ch; c++)
		memset(out[c], 0, sizeof *out[c] * (size_t)(n > 0 ? n : 0));
	a = frame > s->start ? frame : s->start;
	b = frame + n < end ? frame + n : end;
	if (a >= b)
		return;
	if (a - s->start != s->next || s->need_seek)
		reposition(s, a - s->start);
	produce(s, out, (int)(a - frame), b - a);
}

/* For formats whose header says how long they are, libsndfile trims the
 * length to what the file holds and only says so in its log
 * ("data : 352800 (should be 200002)"). Returns the frames the header
 * claimed, or `frames` when it did not complain. */
static int64_t claimed_frames(SNDFILE *sf, int64_t frames)
{
	char log[4096], *line;
	long long said, is;
	int len = (int)sf_command(sf, SFC_GET_LOG_INFO, log, sizeof log);
	if (len <= 0)
		return frames;
	log[sizeof log - 1] = 0;
	for (line = log; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if ((strncmp(line, "data", 4) == 0 || strncmp(line, "SSND", 4) == 0) &&
		    sscanf(line + 4, " : %lld (should be %lld)", &said, &is) == 2 && frames > 0 && said > is) {
			/* The data holds whole frames plus maybe a part of one. */
			long long per = is / frames;
			return per > 0 ? (int64_t)(said / per) : frames;
		}
	}
	return frames;
}

static int is_lossy(int format)
{
	int major = format & SF_FORMAT_TYPEMASK, sub = format & SF_FORMAT_SUBMASK;
	return major == SF_FORMAT_OGG || major == SF_FORMAT_MPEG || sub == SF_FORMAT_VORBIS ||
	       sub == SF_FORMAT_OPUS || sub == SF_FORMAT_MPEG_LAYER_I || sub == SF_FORMAT_MPEG_LAYER_II ||
	       sub == SF_FORMAT_MPEG_LAYER_III;
}

struct source *source_open(const char *path, double rate, double start_s, char *err, size_t errlen)
{
	struct source *s;
	SF_INFO si;
	SNDFILE *sf;
	struct stat st;
	int64_t claimed;

	if (!(rate >= 1.0 && rate < 1e7) || !isfinite(start_s)) {
		snprintf(err, errlen, "%s: bad session rate %g or start %g", path, rate, start_s);
		return NULL;
	}
	/* libsndfile's reasons can mislead ("File does not exist" for a text
	 * file named .mp3), so say what we know first. */
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return NULL;
	}
	memset(&si, 0, sizeof si);
	sf = sf_open(path, SFM_READ, &si);
	if (!sf) {
		snprintf(err, errlen, "%s: not a sound file tmix can read (libsndfile: %s)", path, sf_strerror(NULL));
		return NULL;
	}
	if (si.channels < 1 || si.channels > 2) {
		snprintf(err, errlen, "%s: has %d channels; tmix takes mono or stereo", path, si.channels);
		sf_close(sf);
		return NULL;
	}
	if (si.samplerate < 1) {
		snprintf(err, errlen, "%s: bad sample rate %d", path, si.samplerate);
		sf_close(sf);
		return NULL;
	}

	s = xcalloc(1, sizeof *s);
	s->sf = sf;
	s->ch = si.channels;
	s->lossy = is_lossy(si.format);
	s->stem_rate = si.samplerate;
	s->rate = llround(rate);
	s->start = llround(start_s * (double)s->rate);
	s->dec = xmalloc(sizeof *s->dec * DEC_FRAMES * (size_t)s->ch);

	if (s->stem_rate != s->rate) {
		soxr_error_t e = NULL;
		soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
		soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
		soxr_runtime_spec_t rt = soxr_runtime_spec(1);
		int64_t g = gcd64(s->stem_rate, s->rate);
		s->rs = soxr_create((double)s->stem_rate, (double)s->rate, (unsigned)s->ch, &e, &io, &q, &rt);
		if (!s->rs) {
			snprintf(err, errlen, "%s: cannot resample %" PRId64 " Hz to %" PRId64 " Hz: %s", path,
				 s->stem_rate, s->rate, e ? e : "soxr failed");
			source_close(s);
			return NULL;
		}
		s->l_in = s->stem_rate / g;
		s->l_out = s->rate / g;
		/* Enough input for the HQ filter's memory at any ratio
		 * (it is ~1400 input frames at 96k -> 44.1k). */
		s->rs_preroll = RS_PREROLL_MIN * s->stem_rate / s->rate;
		if (s->rs_preroll < RS_PREROLL_MIN)
			s->rs_preroll = RS_PREROLL_MIN;
		s->rsout = xmalloc(sizeof *s->rsout * OUT_FRAMES * (size_t)s->ch);
	}

	if (si.frames == SF_COUNT_MAX || si.frames < 0) {
		/* A damaged Ogg says nothing of its length: count it once,
		 * decoding, so that source_end means something. */
		s->frames = INT64_MAX;
		while (decode_block(s, DEC_FRAMES) > 0)
			;
		s->frames = s->file_pos;
		set_warning(s, "stem ended early: read %" PRId64 " frames; the file does not say how long it should be (damaged?)",
		     s->frames);
		s->eof = 0;
		s->need_seek = 1;
	} else {
		s->frames = si.frames;
		claimed = claimed_frames(sf, s->frames);
		if (claimed > s->frames)
			set_warning(s, "stem ended early: read %" PRId64 " of %" PRId64 " frames", s->frames, claimed);
	}
	s->len = to_session(s, s->frames);
	return s;
}

void source_close(struct source *s)
{
	if (!s)
		return;
	if (s->sf)
		sf_close(s->sf);
	if (s->rs)
		soxr_delete(s->rs);
	free(s->dec);
	free(s->rsout);
	free(s);
}

int source_channels(const struct source *s) { return s->ch; }
int64_t source_end(const struct source *s) { return s->start + s->len; }
uint64_t source_bad_samples(const struct source *s) { return s->bad; }
const char *source_warning(const struct source *s) { return s->warned ? s->warn : NULL; }
