/* kweight.h — BS.1770 loudness the cheap way, for the loudness searches'
 * model (bounce_loud.c; bounce.c fills it while it records): the
 * K-weighting filter as per-frame power, and the gated integrated
 * loudness of a stream of such powers. tmix's own, in plain C: it lets a
 * search try a gain by scaling recorded powers instead of filtering the
 * whole mix again; and it measures every pass of a search, its file's too
 * (libebur128's integrated figure to within 0.005 LU for a fifth of its
 * cost). Not for the audio thread (kgate allocates). */
#ifndef TMIX_KWEIGHT_H
#define TMIX_KWEIGHT_H

/* The two K-weighting stages (high shelf, then the RLB high-pass) for
 * two channels. */
struct kweight {
	double b[2][3], a[2][2];
	double z[2][2][2]; /* [channel][stage][state] */
};

void kweight_init(struct kweight *k, double rate);
/* e[i] = K(l)[i]^2 + K(r)[i]^2: the frame's weighted power, channels summed. */
void kweight_power(struct kweight *k, const float *l, const float *r, float *e, int n);

/* Gating over 400 ms blocks every 100 ms (-70 LUFS absolute, -10 LU
 * relative), from per-frame powers. */
struct kgate {
	int hop, in_hop;
	double acc;
	double *hops;
	int nh, cap;
};

void kgate_init(struct kgate *g, double rate);
void kgate_add(struct kgate *g, const float *p, int n);
/* LUFS, or -INFINITY when no block passes the gates. */
double kgate_integrated(const struct kgate *g);
void kgate_free(struct kgate *g);
#endif
