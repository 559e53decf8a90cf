/* rt_interpose.c — linked into test_rtsafe only: replaces the calls an
 * audio callback must never make (allocation, locks, condition waits,
 * file I/O, sleeping) with versions that count a violation when made on
 * a thread that is inside the engine's callback (rt_inside, set by the
 * engine_rt_*_hook functions), then do the real thing. Allocation goes
 * to glibc's __libc_* entry points; the rest to dlsym(RTLD_NEXT). */

#include "rt_interpose.h"
#include <dlfcn.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

_Thread_local int rt_inside;
atomic_uint rt_violations, rt_callbacks;
_Atomic(const char *) rt_first_violation;

#if RT_COUNTS_MALLOC
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);
#endif

static void hit(const char *what)
{
	if (rt_inside) {
		const char *none = NULL;
		atomic_fetch_add(&rt_violations, 1);
		atomic_compare_exchange_strong(&rt_first_violation, &none, what);
	}
}

void rt_enter(void)
{
	rt_inside = 1;
	atomic_fetch_add_explicit(&rt_callbacks, 1, memory_order_relaxed);
}

void rt_exit(void) { rt_inside = 0; }

#if RT_COUNTS_MALLOC
void *malloc(size_t n) { hit("malloc"); return __libc_malloc(n); }
void *calloc(size_t n, size_t k) { hit("calloc"); return __libc_calloc(n, k); }
void *realloc(void *p, size_t n) { hit("realloc"); return __libc_realloc(p, n); }
void free(void *p) { if (p) hit("free"); __libc_free(p); }
void *aligned_alloc(size_t a, size_t n) { hit("aligned_alloc"); return __libc_memalign(a, n); }
int posix_memalign(void **p, size_t a, size_t n)
{
	hit("posix_memalign");
	*p = __libc_memalign(a, n);
	return *p ? 0 : 12;
}
#endif

/* The next definition of a function, found on first use. Several threads
 * may get here first at once: the pointer is atomic so that is not a
 * data race (each finds the same address). */
#define REAL(ret, name, ...) \
	static _Atomic(ret (*)(__VA_ARGS__)) real_; \
	ret (*real)(__VA_ARGS__) = atomic_load_explicit(&real_, memory_order_acquire); \
	if (!real) { \
		real = (ret(*)(__VA_ARGS__))dlsym(RTLD_NEXT, name); \
		atomic_store_explicit(&real_, real, memory_order_release); \
	}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	REAL(int, "pthread_mutex_lock", pthread_mutex_t *);
	hit("pthread_mutex_lock");
	return real(m);
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	REAL(int, "pthread_cond_wait", pthread_cond_t *, pthread_mutex_t *);
	hit("pthread_cond_wait");
	return real(c, m);
}

int pthread_cond_signal(pthread_cond_t *c)
{
	REAL(int, "pthread_cond_signal", pthread_cond_t *);
	hit("pthread_cond_signal");
	return real(c);
}

ssize_t write(int fd, const void *b, size_t n)
{
	REAL(ssize_t, "write", int, const void *, size_t);
	hit("write");
	return real(fd, b, n);
}

ssize_t read(int fd, void *b, size_t n)
{
	REAL(ssize_t, "read", int, void *, size_t);
	hit("read");
	return real(fd, b, n);
}

int open(const char *path, int flags, ...)
{
	REAL(int, "open", const char *, int, ...);
	va_list ap;
	mode_t mode = 0;
	hit("open");
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return real(path, flags, mode);
}

int nanosleep(const struct timespec *t, struct timespec *rem)
{
	REAL(int, "nanosleep", const struct timespec *, struct timespec *);
	hit("nanosleep");
	return real(t, rem);
}
