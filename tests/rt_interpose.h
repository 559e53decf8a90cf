/* rt_interpose.h — the RT-safety interposer's counters (test-only). */
#ifndef TMIX_RT_INTERPOSE_H
#define TMIX_RT_INTERPOSE_H
#include <stdatomic.h>
extern _Thread_local int rt_inside;
extern atomic_uint rt_violations, rt_callbacks;
extern _Atomic(const char *) rt_first_violation;
void rt_enter(void);
void rt_exit(void);
/* A sanitizer (ASan, TSan) owns malloc itself and cannot share it with
 * an interposer: under one, allocation is not counted and the rest is. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RT_COUNTS_MALLOC 0
#else
#define RT_COUNTS_MALLOC 1
#endif
#endif
