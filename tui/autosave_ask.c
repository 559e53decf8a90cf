/* autosave_ask.c — the question before the mixer opens when an autosave
 * from an earlier session is newer than the project (src/session/
 * autosave.c writes and recovers it): recover, discard, quit, or view
 * the difference (diff -u in a pager). Drawn with curses, answered by
 * one key. */
#include "tui.h"
#include "tmix.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A tab to spaces, to the next multiple of 8 columns: diff -u puts one
 * between the file name and its time, and a tab in a value is the
 * person's own text, not a hostile control character (ESC and the rest
 * are still escaped on the way to the screen). */
static char *expand_tabs(const char *s)
{
	size_t tabs = 0, o = 0;
	int col = 0;
	char *out;
	for (const char *c = s; *c; c++)
		tabs += *c == '\t';
	out = xmalloc(strlen(s) + tabs * 8 + 1);
	for (const char *c = s; *c; c++) {
		if (*c == '\t') {
			do
				out[o++] = ' ';
			while (++col % 8);
			continue;
		}
		out[o++] = *c;
		col += ((unsigned char)*c & 0xc0) != 0x80;
	}
	out[o] = 0;
	return out;
}

/* diff -u of the project and its autosave, one line per entry. */
static char **diff_lines(const char *project, int *n)
{
	char as[4200], buf[1024];
	char **lines = NULL;
	int fd[2];
	pid_t pid;
	FILE *f;

	*n = 0;
	autosave_path(project, as, sizeof as);
	if (pipe(fd))
		return NULL;
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execlp("diff", "diff", "-u", project, as, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	while (f && fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\n")] = 0;
		lines = xrealloc(lines, sizeof *lines * (size_t)(*n + 1));
		lines[(*n)++] = expand_tabs(buf);
	}
	if (f)
		fclose(f);
	else
		close(fd[0]);
	waitpid(pid, NULL, 0);
	return lines;
}

static void pager(const char *project)
{
	int n, first = 0;
	char **l = diff_lines(project, &n);

	for (;;) {
		int rows = LINES - 2, ch;
		erase();
		widget_text(0, 0, COLS, theme_attr(R_HEADER),
			    " Unsaved changes: the project (-) and its autosave (+)   j/k PgUp/PgDn scroll  q back");
		if (n == 0)
			widget_text(2, 1, COLS - 2, theme_attr(R_ERROR), "no difference (or diff(1) is missing)");
		for (int i = 0; i < rows && first + i < n; i++) {
			const char *s = l[first + i];
			enum role ro = s[0] == '+' ? R_METER_LO : s[0] == '-' ? R_CLIP : s[0] == '@' ? R_HINT : R_NORMAL;
			widget_text(1 + i, 0, COLS, theme_attr(ro), s);
		}
		refresh();
		ch = signals_getch(250);
		if (signals_pending() || ch == 'q' || ch == 27 || ch == 'v' || ch == '\n' || ch == '\r')
			break;
		if (ch == 'j' || ch == KEY_DOWN)
			first++;
		else if (ch == 'k' || ch == KEY_UP)
			first--;
		else if (ch == KEY_NPAGE || ch == ' ')
			first += rows - 1;
		else if (ch == KEY_PPAGE)
			first -= rows - 1;
		else if (ch == KEY_HOME || ch == 'g')
			first = 0;
		if (first > n - rows)
			first = n - rows;
		if (first < 0)
			first = 0;
	}
	for (int i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

int autosave_ask(struct app *a)
{
	char as[4200], when[64] = "?", line[512];
	struct stat st;
	const char *b = strrchr(a->path, '/');
	b = b ? b + 1 : a->path;

	autosave_path(a->path, as, sizeof as);
	if (stat(as, &st) == 0) {
		struct tm tm;
		localtime_r(&st.st_mtim.tv_sec, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	}
	for (;;) {
		int y = LINES / 2 - 5, ch;
		erase();
		snprintf(line, sizeof line, " %s.autosave holds changes that were never saved", b);
		widget_text(y, 2, COLS - 4, theme_attr(R_TITLE), line);
		snprintf(line, sizeof line, " (written %s, after %s was last saved).", when, b);
		widget_text(y + 1, 2, COLS - 4, A_NORMAL, line);
		snprintf(line, sizeof line, "   r  recover them: Ctrl-S then writes them into %s", b);
		widget_text(y + 3, 2, COLS - 4, A_NORMAL, line);
		snprintf(line, sizeof line, "   d  discard them (deletes %s.autosave)", b);
		widget_text(y + 4, 2, COLS - 4, A_NORMAL, line);
		widget_text(y + 5, 2, COLS - 4, A_NORMAL, "   v  view the difference");
		widget_text(y + 6, 2, COLS - 4, A_NORMAL, "   q  quit and decide later");
		widget_text(y + 8, 2, COLS - 4, theme_attr(R_PROMPT), " Recover, discard or view? [r/d/v/q]");
		refresh();
		ch = signals_getch(250);
		if (signals_pending())
			return 'q';
		switch (ch) {
		case 'r': case 'R': return 'r';
		case 'd': case 'D': return 'd';
		case 'q': case 'Q': case 3: return 'q';
		case 'v': case 'V': pager(a->path); break;
		default: break;
		}
	}
}
