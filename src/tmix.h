/* tmix.h — small helpers every module may use: allocation that aborts on
 * failure (running out of memory is not a recoverable state for a mixer),
 * and the exit codes of the command line. */
#ifndef TMIX_H
#define TMIX_H
#include <stddef.h>

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_BADINPUT = 2 };

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Lowers the calling thread below the audio and disk threads. */
void thread_background(void);
/* Returns memory freed by a finished background job to the system. */
void thread_give_back_memory(void);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#endif
