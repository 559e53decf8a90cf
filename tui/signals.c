/* signals.c — the screen's signal handling (hardening).
 *
 * SIGHUP (the SSH link dropped, the tmux pane killed), SIGTERM and
 * SIGINT (`kill -INT`; Ctrl-C in raw mode is a key, not a signal) only
 * record which signal came in a sig_atomic_t. The main loop wakes from
 * getch at least every 500 ms, sees it, writes an autosave when there
 * are unsaved changes, closes the engine, restores the terminal with
 * endwin and exits with 128 + the signal: nothing that is unsafe in a
 * handler runs in one. A terminal that hangs up without sending the
 * signal (signals_tty_gone) counts as SIGHUP. Every wait for a key, the
 * main loop's and each prompt's and pager's, goes through
 * signals_getch, so none of them can spin on a dead terminal: getch on
 * one returns ERR at once, every time, and a loop that only waits for a
 * key then runs flat out, holding the lock.
 *
 * A crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) cannot do any of
 * that. Its handler only does what is async-signal-safe: write(2) the
 * sequences that leave the alternate screen, show the cursor and reset
 * the attributes, tcsetattr(2) the terminal modes saved before curses
 * started, and re-raise the signal with its default action (a core dump
 * where enabled). It runs on its own stack, so a stack overflow is
 * covered too. Unsaved edits are then at most one autosave period old. */
#include "config.h"
#include "tui.h"
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* getch calls in a row that came back with ERR long before their
 * timeout: read(2) is returning EOF or an error, not waiting. */
#define EARLY_ERR_MAX 8

static volatile sig_atomic_t caught;
static struct termios saved_tio;
static volatile sig_atomic_t have_tio;
static const int crash_sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

static void on_quit_signal(int sig)
{
	if (!caught)
		caught = sig;
}

static void on_crash(int sig)
{
	static const char reset[] = "\033[?1049l\033[?25h\033[0m\r\n";
	ssize_t r = write(STDOUT_FILENO, reset, sizeof reset - 1);
	(void)r;
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	/* SA_RESETHAND put the default action back: this ends the process */
	raise(sig);
}

void signals_install(void)
{
	struct sigaction sa;
	static char altstack[1 << 16];
	stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};

	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = 1;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal; /* no SA_RESTART: getch's wait ends early */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	sigaltstack(&ss, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
	for (size_t i = 0; i < sizeof crash_sigs / sizeof crash_sigs[0]; i++)
		sigaction(crash_sigs[i], &sa, NULL);
	/* a dead terminal must not kill us before the autosave is written */
	signal(SIGPIPE, SIG_IGN);
}

/* Whether the screen can run: standard input and output are terminals
 * and TERM names one that terminfo knows. Checked before anything is
 * drawn or locked, so that `tmix song.ini </dev/null` (a script, cron,
 * a service) ends at once with the reason instead of running a mixer
 * nobody can see or quit. */
bool signals_have_terminal(char *why, size_t n)
{
	const char *term = getenv("TERM");
	int err = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(why, n, "standard %s is not a terminal",
			 !isatty(STDIN_FILENO) ? "input" : "output");
		return false;
	}
	if (!term || !*term) {
		snprintf(why, n, "TERM is not set");
		return false;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		snprintf(why, n, err == 0 ? "TERM=%.64s is a terminal type terminfo does not know"
					  : "no terminfo database for TERM=%.64s", term);
		return false;
	}
	del_curterm(cur_term); /* initscr sets it up again */
	return true;
}

int signals_pending(void)
{
	return caught;
}

/* The terminal hung up without a SIGHUP reaching us (it goes to the
 * pane's first process only, which may ignore it): getch then returns
 * at once, every time. Counted as a SIGHUP. */
bool signals_tty_gone(void)
{
	struct pollfd pf = {.fd = STDIN_FILENO, .events = POLLIN};
	if (poll(&pf, 1, 0) == 1 && (pf.revents & (POLLHUP | POLLERR | POLLNVAL))) {
		if (!caught)
			caught = SIGHUP;
		return true;
	}
	return false;
}


static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

/* getch waiting at most ms (0: not at all). ERR when no key came; then
 * also when the terminal is gone, which signals_pending reports from then
 * on as SIGHUP: poll says it hung up, or getch keeps failing at once
 * (EOF, EIO) where it should have waited. */
int signals_getch(int ms)
{
	static int early;
	double t0 = now_ms();
	int ch;

	timeout(ms);
	ch = getch();
	if (ch != ERR) {
		early = 0;
		return ch;
	}
	if (signals_tty_gone())
		return ERR;
	if (ms > 0 && now_ms() - t0 < ms / 4.0 && !caught) {
		if (++early >= EARLY_ERR_MAX)
			caught = SIGHUP;
	} else
		early = 0;
	return ERR;
}
