/* pdc.h — plugin delay compensation: given each strip's own latency (the
 * sum of its units' latencies, in frames) and the connections between
 * strips (outputs and sends), how late each connection must be delayed so
 * that every input of every bus, and the master, gets its sources aligned;
 * and the delay lines that do it.
 *
 * pdc_solve runs where the graph is built (off the audio thread);
 * pdc_line_process runs on the audio thread and neither allocates nor
 * locks: a line's memory is taken in pdc_line_init. */
#ifndef TMIX_PDC_H
#define TMIX_PDC_H

/* A connection from strip src (its post-units signal: output, or a pre-
 * or post-fader send, all after its units) into strip dst's input. */
struct pdc_edge {
	int src, dst;
};

/* n strips, lat[i] each strip's own latency; topo lists every strip in
 * an order where each comes after all strips feeding it. Fills delay[e]
 * for each edge and in_lat[i], the latency of the signal at strip i's
 * input once aligned (0 for a strip nothing feeds). Returns the largest
 * output latency, in_lat + lat, of any strip (the master's when it is the
 * sink of everything). */
int pdc_solve(int n, const int *lat, const int *topo, const struct pdc_edge *e, int ne, int *delay,
	      int *in_lat);

/* A stereo delay of a fixed number of frames, for blocks of at most
 * max_block. A delay of 0 holds no memory and copies nothing. */
struct pdc_line {
	float *buf[2];
	int size, pos, delay;
};
void pdc_line_init(struct pdc_line *l, int delay, int max_block);
void pdc_line_free(struct pdc_line *l);
void pdc_line_reset(struct pdc_line *l);
/* Writes in (nch channels; a mono source fills both), and points out at
 * n frames of the signal delay frames ago: inside the line's memory, or
 * in itself when the delay is 0. */
void pdc_line_process(struct pdc_line *l, const float *const in[], int nch, int n, const float *out[2]);
#endif
