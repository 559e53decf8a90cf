/* session.h — what a running mixer needs that does not draw: one writer
 * per project (lock.c), the autosave and its recovery (autosave.c), the
 * project file watched for outside edits (watch.c), the background
 * bounce (bounce_job.c) and the offline analysis behind `g` and
 * :gainstage (gainstage.c). Each works on the screen's state (struct
 * app, tui/app_state.h) from the UI thread; the jobs' own threads touch
 * only what they were handed. Called by tui/ (the main loop, app.c,
 * commands, the views); nothing here includes curses. */
#ifndef TMIX_SESSION_H
#define TMIX_SESSION_H
#include <stdbool.h>
#include <stddef.h>

struct app;

/* lock.c: lock_take sets lock_fd (-1 none), readonly, lock_pid and
 * lock_why; lock_renew follows the project file to its new inode after
 * a save or reload; lock_drop lets go and removes the lock file. */
void lock_take(struct app *a);
void lock_renew(struct app *a);
void lock_drop(struct app *a);

/* autosave.c */
int autosave_path(const char *project, char *buf, size_t n); /* -1: the name would not fit */
int autosave_write(struct app *a);
void autosave_remove(struct app *a);
void autosave_tick(struct app *a);
bool autosave_pending(const char *project);
int autosave_recover(struct app *a);
/* True (why in buf) when no save or autosave can ever work where the
 * project is: its folder is not writable, or the names are too long. */
bool autosave_cannot_save(const struct app *a, char *buf, size_t n);

/* watch.c */
void watch_start(struct app *a);
void watch_stop(struct app *a);
int watch_fd(const struct app *a);
int watch_check(struct app *a);
long long watch_sig(const char *path);

/* bounce_job.c. bounce_job_start asks (PR_OVERWRITE, the name in
 * a->line) before writing over a file; bounce_job_write_over is the yes. */
int bounce_job_start(struct app *a, const char *path);
int bounce_job_write_over(struct app *a, const char *path);
/* The name `b` offers: NAME.wav, or the first free NAME-2.wav, NAME-3.wav ... */
void bounce_job_offer(const struct app *a, char *buf, size_t n);
int bounce_job_poll(struct app *a);
void bounce_job_cancel(struct app *a);

/* gainstage.c: the background analysis (analyze.h), `g` and :gainstage,
 * the staging flags */
int gainstage_start(struct app *a, int strip); /* strip -1: every track */
int mastering_poll(struct app *a);             /* once per main-loop pass */
void mastering_model_changed(struct app *a);   /* a reload: strips may differ */
void mastering_close(struct app *a);
int staging_flag(const struct app *a, int strip); /* +1 peaks above -6, -1 below -12 dBFS, 0 */
bool staging_clip_pre_limiter(const struct app *a, double *db);
#endif
