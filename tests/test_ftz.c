/* test_ftz.c — graph_set_ftz, which every render thread calls first,
 * flushes denormal floats to zero on this CPU (x86: MXCSR FTZ and DAZ;
 * arm64: FPCR.FZ), both the results of arithmetic and the inputs, so a
 * decaying tail never takes the slow path. */
#include "graph_internal.h"
#include "tap.h"
#include <float.h>

int main(void)
{
	/* volatile: computed at run time, under the mode of the moment */
	volatile float tiny = FLT_MIN, half = 0.5f, one = 1.0f;
	volatile float sub = tiny * half; /* before: a denormal */

	ok(sub > 0.0f && sub < FLT_MIN, "before: FLT_MIN / 2 is a denormal, not zero");
	graph_set_ftz();
	volatile float r = tiny * half;
	ok(r == 0.0f, "after: a denormal result is flushed to zero (got %g)", (double)r);
	volatile float in = sub * one;
	ok(in == 0.0f, "after: a denormal input counts as zero (got %g)", (double)in);
	volatile float n = tiny * one;
	ok(n == FLT_MIN, "after: the smallest normal float is untouched");
	return done_testing();
}
