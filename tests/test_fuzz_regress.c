/* test_fuzz_regress.c — every input that once crashed a fuzzer
 * (tests/fuzz-regress/, named project-* or units-*) goes through the very
 * code of its target, each in a child process so that one crash is one
 * failed test and the others still run. */
#define LLVMFuzzerTestOneInput fuzz_project_one
#include "../fuzz/fuzz_project.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_units_one
#include "../fuzz/fuzz_units.c"
#undef LLVMFuzzerTestOneInput
#include "tap.h"
#include "testutil.h"
#include <dirent.h>
#include <sys/wait.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void run(const char *dir, const char *name)
{
	int (*one)(const uint8_t *, size_t) = !strncmp(name, "project-", 8) ? fuzz_project_one
					     : !strncmp(name, "units-", 6) ? fuzz_units_one : NULL;
	char path[2048];
	pid_t pid;
	int st;

	if (!one) {
		ok(0, "%s: name it project-* or units-*", name);
		return;
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		size_t len;
		char *buf = tu_read(path, &len);
		if (!buf)
			_exit(3);
		one((const uint8_t *)buf, len);
		free(buf);
		exit(0); /* not _exit: LeakSanitizer reports at exit */
	}
	waitpid(pid, &st, 0);
	if (!ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s", name))
		tap_diag("%s %d", WIFSIGNALED(st) ? "killed by signal" : "exit status",
			 WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
}

/* What two findings (1/82, 1/98) were instances of: every note length
 * that parses must save as text that parses to the same length and
 * saves the same again. */
static void all_notes(void)
{
	static const char *const sfx[] = {"", ".", "t"};
	char t[32], a[64], b[64], err[256];
	int bad = 0;
	for (int num = 1; num <= 64; num++)
		for (int den = 1; den <= 128; den++)
			for (int k = 0; k < 3; k++) {
				double v, v2;
				enum param_mode m, m2;
				snprintf(t, sizeof t, "%d/%d%s", num, den, sfx[k]);
				if (param_parse(P_DELAY_TIME, t, &v, &m, err, sizeof err))
					continue;
				param_format(P_DELAY_TIME, v, m, a, sizeof a);
				if (param_parse(P_DELAY_TIME, a, &v2, &m2, err, sizeof err) || fabs(v2 - v) > 1e-12 ||
				    strcmp(param_format(P_DELAY_TIME, v2, m2, b, sizeof b), a))
					if (bad++ < 3)
						tap_diag("%s saves as %s", t, a);
			}
	is_int(bad, 0, "every note length N/D, N/D. and N/Dt saves as text that loads the same");
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024];
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	snprintf(dir, sizeof dir, "%s/tests/fuzz-regress", top ? top : ".");
	d = opendir(dir);
	if (!ok(d != NULL, "%s can be read", dir))
		return done_testing();
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			names = realloc(names, sizeof *names * (n + 1));
			names[n++] = strdup(e->d_name);
		}
	closedir(d);
	qsort(names, n, sizeof *names, cmp);
	for (size_t i = 0; i < n; i++) {
		run(dir, names[i]);
		free(names[i]);
	}
	free(names);
	ok(n >= 3, "%zu regression inputs", n);
	all_notes();
	return done_testing();
}
