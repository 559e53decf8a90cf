/* thread.c — thread helpers shared by the engine and the TUI. */
#include "tmix.h"
#include <malloc.h>
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

/* An offline render allocates tens of MB on its own thread (graph, rings,
 * one loudness meter per strip) and frees it all; glibc keeps the freed
 * pages in that thread's arena. Handing them back after each job keeps a
 * long session's memory flat. */
void thread_give_back_memory(void)
{
	malloc_trim(0);
}
