/* test_save.c — saving in place: byte-identical round trips, one changed
 * value changes one line, new keys and sections, CRLF, .bak, and a save
 * killed at random moments never leaves a damaged file. */
#include "project.h"
#include "project_testlib.h"
#include "tap.h"
#include "testutil.h"
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

static const char *dir;

static const char *text =
	"; Demo — rough mix\n"
	"[project]\n"
	"name = Demo\n"
	"tempo = 96\n"
	"\n"
	"[track \"Kick\"]   ; the kick\n"
	"file = a.wav\n"
	"gain = -4dB        ; pulled down\n"
	"pan = -15\n"
	"eq.1 = bell 60 Hz +2 dB q 1.2\n"
	"comp.ratio = 3:1\n"
	"send.Plate = -14 dB\n"
	"auto.gain = 0:00 -2.5, 1:10 -2.5\n"
	"unknownkey = kept\n"
	"\n"
	"; the plate\n"
	"[bus \"Plate\"]\n"
	"fx = reverb\n"
	"reverb.decay = 2.4 s\n"
	"\n"
	"[markers]\n"
	"Intro = 0:00\n";

static int count_diff_lines(const char *a, const char *b, int *first)
{
	int n = 0, line = 1;
	*first = 0;
	while (*a || *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
		if (la != lb || memcmp(a, b, la)) {
			if (!n)
				*first = line;
			n++;
		}
		a += la + (ea ? 1 : 0);
		b += lb + (eb ? 1 : 0);
		line++;
	}
	return n;
}

static void roundtrip(const char *name, const char *content)
{
	const char *path = tu_path(dir, name);
	struct project *p;
	char err[256], *after;
	size_t len;

	tu_write(path, content);
	p = tu_load_path(path, false);
	ok(p != NULL, "%s loads", name);
	if (!p)
		return;
	ok(project_save(p, path, err, sizeof err) == 0, "%s saves", name);
	after = tu_read(path, &len);
	ok(len == strlen(content) && !memcmp(after, content, len), "%s: untouched save is byte-identical", name);
	free(after);
	project_free(p);
}

static void test_edits(void)
{
	const char *path = tu_path(dir, "edit.ini");
	struct project *p;
	char err[256], *after, *bak;
	int first;

	tu_write(path, text);
	p = tu_load_path(path, false);
	strip_set(p, p->strips[0], "gain", "-2.5", err, sizeof err);
	ok(project_save(p, path, err, sizeof err) == 0, "save after a fader move");
	after = tu_read(path, NULL);
	is_int(count_diff_lines(text, after, &first), 1, "one value changed, one line changed");
	is_int(first, 8, "on the gain line");
	ok(strstr(after, "gain = -2.5 dB     ; pulled down\n") != NULL,
	   "blanks and inline comment kept, the comment in its column");
	bak = tu_read(tu_path(dir, "edit.ini.bak"), NULL);
	ok(bak && !strcmp(bak, text), "the previous file is kept as .bak");
	free(bak);

	/* the second save edits the right lines of the new text */
	strip_set(p, p->strips[0], "pan", "R20", err, sizeof err);
	strip_set(p, p->strips[0], "eq.2", "highshelf 8k +2", err, sizeof err);
	strip_set(p, p->strips[0], "send.Plate", "-10 dB pre", err, sizeof err);
	strip_set(p, p->strips[1], "reverb.decay", "3 s", err, sizeof err);
	project_master(p)->v[P_GAIN] = -1;
	p->markers[0].t = 1;
	ok(project_save(p, path, err, sizeof err) == 0, "second save");
	free(after);
	after = tu_read(path, NULL);
	ok(strstr(after, "pan = R20\n") && strstr(after, "send.Plate = -10 dB pre\n") &&
	   strstr(after, "reverb.decay = 3 s\n") && strstr(after, "Intro = 0:01\n"), "values rewritten in place");
	ok(strstr(after, "unknownkey = kept\neq.2 = highshelf 8 kHz +2 dB\n\n; the plate\n") != NULL,
	   "a new key goes after the last key of its section");
	ok(strstr(after, "\n[master]\ngain = -1 dB\n") != NULL, "a new section goes at the end");
	ok(strstr(after, "; Demo — rough mix\n") && strstr(after, "[track \"Kick\"]   ; the kick\n") &&
	   strstr(after, "comp.ratio = 3:1\n") && strstr(after, "gain = -2.5 dB     ; pulled down\n"),
	   "comments and untouched spellings kept");
	project_free(p);
	p = tu_load_path(path, false);
	ok(p && p->strips[0]->v[P_PAN] == 20 && p->strips[0]->eq[1].type == EQT_HIGHSHELF &&
	   project_master(p)->v[P_GAIN] == -1 && p->strips[0]->sends[0].pre, "the saved file loads with the edits");
	project_free(p);
	free(after);
}

static void test_crlf(void)
{
	const char *path = tu_path(dir, "crlf.ini");
	const char *crlf = "[project]\r\nname = X\r\n[track \"K\"]\r\nfile = a.wav\r\ngain = 0\r\n";
	struct project *p;
	char err[256], *after;

	tu_write(path, crlf);
	p = tu_load_path(path, false);
	strip_set(p, p->strips[0], "gain", "-1", err, sizeof err);
	strip_set(p, p->strips[0], "mute", "yes", err, sizeof err);
	project_save(p, path, err, sizeof err);
	after = tu_read(path, NULL);
	is_str(after, "[project]\r\nname = X\r\n[track \"K\"]\r\nfile = a.wav\r\ngain = -1 dB\r\nmute = yes\r\n",
	       "CRLF kept on edited and added lines");
	free(after);
	project_free(p);
}

/* Saves in a loop in a child; kills it at random moments; the file must
 * always load and be either the old or the new text. */
static void test_kill(void)
{
	const char *path = tu_path(dir, "kill.ini");
	char *big = malloc(1 << 20), *q = big, *old, *mid;
	long save_us, load_us;
	int damaged = 0, changed = 0;

	q += sprintf(q, "[track \"K\"]\nfile = a.wav\ngain = 0\n");
	while (q - big < 600000)
		q += sprintf(q, "; a long comment line to make the file big enough to be caught mid-write\n");
	tu_write(path, big);
	old = tu_read(path, NULL);
	srand((unsigned)time(NULL));
	/* kill within about two saves' time, however slow this build is
	 * (a sanitizer build saves several times slower) */
	{
		struct timespec a, b, c;
		struct project *p;
		char err[256];
		clock_gettime(CLOCK_MONOTONIC, &a);
		p = tu_load_path(path, false);
		clock_gettime(CLOCK_MONOTONIC, &b);
		project_save(p, path, err, sizeof err);
		clock_gettime(CLOCK_MONOTONIC, &c);
		project_free(p);
		/* the child loads first: wait that long, then kill within two saves */
		load_us = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;
		save_us = (c.tv_sec - b.tv_sec) * 1000000L + (c.tv_nsec - b.tv_nsec) / 1000;
		if (save_us < 10000)
			save_us = 10000;
	}
	for (int i = 0; i < 40; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			struct project *p = tu_load_path(path, false);
			char err[256];
			for (int k = 0;; k++) {
				p->strips[0]->v[P_GAIN] = -(k % 20);
				project_save(p, path, err, sizeof err);
			}
		}
		usleep((unsigned)(1000 + load_us + rand() % (2 * save_us)));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		mid = tu_read(path, NULL);
		{
			struct project *p = tu_load_path(path, false);
			if (!p || strlen(mid) < strlen(old) - 2 || strlen(mid) > strlen(old) + 8)
				damaged++;
			if (p && p->strips[0]->v[P_GAIN] != 0)
				changed++;
			project_free(p);
		}
		free(mid);
	}
	is_int(damaged, 0, "40 saves killed at random moments: no damaged file");
	ok(changed > 0, "and the saves did happen (%d of 40 left a new value)", changed);
	free(old);
	free(big);
}

/* Root writes into a read-only folder, so as root the save runs in a
 * child that has dropped to nobody (as `setpriv --reuid=nobody
 * --regid=nogroup --clear-groups` would): CI runs as root, and the error
 * path must run there too. The child's exit status is project_save's
 * (1 failed, 0 saved), its message comes back through a pipe; -1 when
 * it could not drop its privileges. */
static int save_unprivileged(struct project *p, const char *path, char *err, size_t errlen)
{
	struct passwd *pw = getpwnam("nobody");
	int fd[2], st;
	size_t got = 0;
	ssize_t k;
	pid_t pid;

	if (geteuid() != 0)
		return project_save(p, path, err, errlen) ? 1 : 0;
	if (!pw || pipe(fd))
		return -1;
	pid = fork();
	if (pid == 0) {
		char e[256] = "";
		int rc;
		close(fd[0]);
		if (setgroups(0, NULL) || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) ||
		    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) || geteuid() == 0)
			_exit(3);
		rc = project_save(p, path, e, sizeof e);
		if (write(fd[1], e, strlen(e)) < 0)
			_exit(4);
		_exit(rc ? 1 : 0);
	}
	close(fd[1]);
	while (got + 1 < errlen && (k = read(fd[0], err + got, errlen - 1 - got)) > 0)
		got += (size_t)k;
	err[got] = 0;
	close(fd[0]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) > 1)
		return -1;
	return WEXITSTATUS(st);
}

static void test_readonly(void)
{
	const char *sub = tu_path(dir, "ro");
	const char *path = tu_path(sub, "p.ini");
	struct project *p;
	char err[256] = "", *after;
	int rc;

	mkdir(sub, 0755);
	tu_write(path, "[master]\ngain = 0\n");
	p = tu_load_path(path, false);
	p->strips[0]->v[P_GAIN] = -3;
	chmod(sub, 0555);
	chmod(dir, 0711); /* nobody may pass through the scratch folder, not write in it */
	rc = save_unprivileged(p, path, err, sizeof err);
	if (rc < 0) {
		ok(1, "# SKIP running as root, and could not drop to nobody to test an unwritable folder");
		ok(1, "# SKIP running as root, and could not drop to nobody to test an unwritable folder");
	} else {
		ok(rc == 1 && strstr(err, "temporary"), "unwritable folder%s: a clear error (%s)",
		   geteuid() == 0 ? " (saved as nobody)" : "", err);
		after = tu_read(path, NULL);
		is_str(after, "[master]\ngain = 0\n", "and the file is untouched");
		free(after);
	}
	chmod(dir, 0700);
	chmod(sub, 0755);
	project_free(p);
}

/* A changed value keeps its line's comment in the column it was in
 * while it fits, and one blank before it when it does not. */
static void test_comment_column(void)
{
	const char *path = tu_path(dir, "cols.ini");
	struct project *p;
	char err[256], *after;

	tu_write(path, "[track \"Kick\"]\nfile = a.wav\ngain = 0 dB           ; fader\n"
		       "pan = C ; centre\ntrim = 0 dB\t; tabbed\neq.1 = bell 1 kHz +2 dB q 1    ; presence\n");
	p = tu_load_path(path, false);
	strip_set(p, p->strips[0], "gain", "-12.5", err, sizeof err);
	strip_set(p, p->strips[0], "pan", "L35", err, sizeof err);
	strip_set(p, p->strips[0], "trim", "-3.5", err, sizeof err);
	strip_set(p, p->strips[0], "eq.1", "bell 1.26k -2.5 q 1.41", err, sizeof err);
	ok(project_save(p, path, err, sizeof err) == 0, "save after four value changes");
	after = tu_read(path, NULL);
	ok(strstr(after, "\ngain = -12.5 dB       ; fader\n") != NULL, "a wider value: the comment stays in its column");
	ok(strstr(after, "\npan = L35 ; centre\n") != NULL, "no room: one blank before the comment");
	ok(strstr(after, "\ntrim = -3.5 dB\t; tabbed\n") != NULL, "a tab before the comment is kept");
	ok(strstr(after, "\neq.1 = bell 1.26 kHz -2.5 dB q 1.41 ; presence\n") != NULL,
	   "a value past the column: one blank");
	if (!strstr(after, "; fader"))
		tap_diag("%s", after);
	free(after);
	project_free(p);
}

int main(void)
{
	dir = tu_tmpdir();
	tu_wav(tu_path(dir, "a.wav"), 48000, 1, 0.1, 440, 0.5);
	roundtrip("lf.ini", text);
	roundtrip("crlf-full.ini", "\xEF\xBB\xBF[project]\r\nname = Y ; c\r\n\r\n[track \"Bäss\"]\r\n  file = a.wav\r\n  gain = -3dB");
	roundtrip("no-newline.ini", "[master]\ngain=-1");
	test_edits();
	test_comment_column();
	test_crlf();
	test_kill();
	test_readonly();
	return done_testing();
}
