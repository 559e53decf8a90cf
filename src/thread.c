/* thread.c — thread helpers shared by the engine and the TUI. */
#include "tmix.h"
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Offline work started while the mix plays (analysis, reference
 * measuring, background bounces) must lose every contest for the CPU to
 * the audio clock and the disk thread, or a 2-core machine drops out
 * while it runs. Linux nice values are per thread. */
void thread_background(void)
{
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
}
