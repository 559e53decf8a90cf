/* cmd_init.c — `tmix init DIR [-o PROJECT.ini]`: a first project from a
 * folder of stems. One track per file libsndfile opens, ordered and
 * coloured by instrument family, named from the file name; the drums
 * through a group bus; a reverb and a delay bus that every track sends
 * to at -inf; a limiter and a loudness target on the master. Every
 * section carries a short comment for the person who edits it next.
 * Writes NAME.ini beside DIR by default (NAME: the song's name, see
 * song_title; inside DIR only when DIR is "."), never over an existing
 * file, atomically. */
#include "atomic.h"
#include "cli.h"
#include "stem_name.h"
#include "tmix.h"
#include "units.h"
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sndfile.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct stem {
	char *file;            /* name in DIR */
	char name[128];
	enum stem_family fam;
	int rate, channels;
};

struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static int by_console_order(const void *x, const void *y)
{
	const struct stem *a = x, *b = y;
	int c;
	if (a->fam != b->fam)
		return (int)a->fam - (int)b->fam;
	c = stem_natcmp(a->file, b->file);
	return c ? c : strcmp(a->file, b->file);
}

/* A value ends at " ;" and loses outer blanks (FORMAT.md): a file name
 * that cannot be written as one is left out rather than misread. */
static bool writable_value(const char *s)
{
	size_t n = strlen(s);
	if (!n || s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return false;
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || (*c == ';' && c > s && (c[-1] == ' ' || c[-1] == '\t')))
			return false;
	return true;
}

/* Reads DIR: every regular file libsndfile opens with one or two
 * channels. Anything else gets a note on stderr. */
static int scan(const char *dir, const char *skip, struct stem **out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stem *st = NULL;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[PATH_MAX];
		struct stat sb;
		SF_INFO info = {0};
		SNDFILE *sf;
		const char *ext = strrchr(e->d_name, '.');
		if (e->d_name[0] == '.' || (ext && (!strcmp(ext, ".ini") || !strcmp(ext, ATOMIC_BAK_SUFFIX) || !strcmp(ext, ".mine"))))
			continue; /* hidden files and tmix's own */
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &sb) || !S_ISREG(sb.st_mode) || (skip && !strcmp(e->d_name, skip)))
			continue;
		sf = sf_open(path, SFM_READ, &info);
		if (!sf) {
			units_print_line(stderr, "tmix init: skipping %s: not audio that libsndfile can read", e->d_name);
			continue;
		}
		sf_close(sf);
		if (info.channels < 1 || info.channels > 2) {
			units_print_line(stderr, "tmix init: skipping %s: %d channels (a stem is mono or stereo)", e->d_name,
				info.channels);
			continue;
		}
		if (!writable_value(e->d_name)) {
			units_print_line(stderr,
					 "tmix init: skipping %s: rename it (no ' ;', control characters or outer blanks)",
					 e->d_name);
			continue;
		}
		st = xrealloc(st, sizeof *st * (size_t)(n + 1));
		st[n] = (struct stem){.file = xstrdup(e->d_name), .rate = info.samplerate, .channels = info.channels};
		st[n].fam = stem_family_guess(e->d_name);
		stem_name_clean(e->d_name, st[n].name, sizeof st[n].name);
		n++;
	}
	closedir(d);
	if (n) /* qsort(NULL, 0) is undefined (UBSan) */
		qsort(st, (size_t)n, sizeof *st, by_console_order);
	*out = st;
	return n;
}

/* "Kick", "Kick 2", ...: a name is taken by an earlier track or a bus. */
static void make_unique(struct stem *st, int n)
{
	static const char *const reserved[] = {"Reverb", "Delay", "Master"};
	for (int i = 0; i < n; i++) {
		char base[128];
		snprintf(base, sizeof base, "%s", st[i].name);
		for (int k = 2;; k++) {
			bool clash = false;
			for (int j = 0; j < i && !clash; j++)
				clash = !strcasecmp(st[j].name, st[i].name);
			for (size_t r = 0; r < ARRAY_LEN(reserved) && !clash; r++)
				clash = !strcasecmp(reserved[r], st[i].name);
			if (!clash)
				break;
			snprintf(st[i].name, sizeof st[i].name, "%.100s %d", base, k);
		}
	}
}

static int common_rate(const struct stem *st, int n, bool *mixed)
{
	int best = 0, count = 0;
	*mixed = false;
	for (int i = 0; i < n; i++) {
		int c = 0;
		for (int j = 0; j < n; j++)
			c += st[j].rate == st[i].rate;
		if (c > count || (c == count && st[i].rate > best))
			best = st[i].rate, count = c;
		if (st[i].rate != st[0].rate)
			*mixed = true;
	}
	return best;
}

/* The stems' folder as seen from the project's folder: "" when they are
 * the same, else "../stems/" and the like. Both must exist. */
static char *relative_dir(const char *from, const char *to)
{
	char a[PATH_MAX], b[PATH_MAX];
	struct buf r = {0};
	const char *pa, *pb;

	if (!realpath(from, a) || !realpath(to, b))
		return NULL;
	/* walk the common components; pa, pb stop at the first that differs */
	pa = a;
	pb = b;
	for (;;) {
		size_t la = strcspn(pa + 1, "/"), lb = strcspn(pb + 1, "/");
		if (!pa[0] || !pb[0] || la != lb || memcmp(pa + 1, pb + 1, la) || (!la && !lb))
			break;
		pa += la + 1;
		pb += lb + 1;
	}
	put(&r, "%s", "");
	for (const char *c = pa; *c; c++)
		if (*c == '/' && c[1])
			put(&r, "../");
	if (pb[0] && pb[1])
		put(&r, "%s/", pb + 1);
	return r.s;
}

/* The song's name: the folder's, or its parent's when the folder is
 * only called "stems" or "audio". */
static void song_title(const char *dir, char *out, size_t n)
{
	static const char *const generic[] = {"stems", "audio", "bounces", "exports", "tracks", "wav", "files"};
	char real[PATH_MAX], *slash;

	snprintf(out, n, "Untitled");
	if (!realpath(dir, real) || !(slash = strrchr(real, '/')) || !slash[1])
		return;
	for (size_t i = 0; i < ARRAY_LEN(generic); i++)
		if (!strcasecmp(slash + 1, generic[i]) && slash > real) {
			*slash = 0;
			slash = strrchr(real, '/');
			break;
		}
	if (slash[1] && writable_value(slash + 1) && slash[1] != '.')
		snprintf(out, n, "%s", slash + 1);
}

/* NAME.ini in the folder that holds DIR: the stems stay a folder of
 * stems, the project sits beside them ("tmix init stems" in MySong/
 * writes MySong/MySong.ini with file = stems/...). "." stays ".". */
static char *default_output(const char *dir)
{
	char title[256], *parent, *out;
	size_t n = strlen(dir);

	song_title(dir, title, sizeof title);
	for (char *c = title; *c; c++)
		if (*c == '/' || *c == ';')
			*c = '_';
	while (n > 1 && dir[n - 1] == '/')
		n--;
	parent = xstrndup(dir, n);
	if (!strcmp(parent, ".") || (n >= 2 && !strcmp(parent + n - 2, "/.")))
		; /* the current folder: the project goes in it */
	else if (strrchr(parent, '/'))
		strrchr(parent, '/')[strrchr(parent, '/') == parent ? 1 : 0] = 0;
	else
		snprintf(parent, n + 1, ".");
	n = strlen(parent) + strlen(title) + 8;
	out = xmalloc(n);
	if (!strcmp(parent, "."))
		snprintf(out, n, "%s.ini", title);
	else
		snprintf(out, n, "%s%s%s.ini", parent, parent[strlen(parent) - 1] == '/' ? "" : "/", title);
	free(parent);
	return out;
}

/* The drums' group bus: "Drums", or another name when a track has it. */
static const char *drum_bus_name(const struct stem *st, int n)
{
	static const char *const names[] = {"Drums", "Drum Bus", "Drum Group", "Kit"};
	for (size_t k = 0; k < ARRAY_LEN(names); k++) {
		bool taken = false;
		for (int i = 0; i < n && !taken; i++)
			taken = !strcasecmp(st[i].name, names[k]);
		if (!taken)
			return names[k];
	}
	return NULL;
}

static void write_text(struct buf *b, const char *out, const char *dir, const char *rel, struct stem *st, int n)
{
	char title[256];
	const char *slash = strrchr(out, '/');
	bool mixed;
	int rate = common_rate(st, n, &mixed);
	enum stem_family fam = FAM_COUNT;
	const char *drums = NULL;
	int ndrums = 0;

	for (int i = 0; i < n; i++)
		ndrums += st[i].fam == FAM_DRUMS;
	if (ndrums >= 2) /* one drum stem needs no group of its own */
		drums = drum_bus_name(st, n);
	song_title(dir, title, sizeof title);
	put(b, "; %s — started by `tmix init` from the stems in %s/.\n", slash ? slash + 1 : out, dir);
	put(b, "; Edit it freely: tmix keeps comments, blank lines and key order when it\n"
	       "; saves. `tmix check` validates it; `man 5 tmix-project` lists every key;\n"
	       "; `tmix analyze` measures every stem and suggests trims.\n\n");
	put(b, "[project]\nname = %s\nrate = %d%s\n", title, rate,
	    mixed ? "              ; the most common stem rate; stems at other rates are resampled" : "");
	if (mixed)
		for (int i = 0; i < n; i++)
			if (st[i].rate != rate)
				put(b, "; %s is at %d Hz\n", st[i].file, st[i].rate);
	put(b, "; tempo = 120             ; set the BPM to give delay times as note lengths (1/8.)\n\n");
	put(b, "; ---------------------------------------------------------------------\n"
	       "; Tracks, one per stem, in console order: drums, bass, guitars, keys,\n"
	       "; vocals, effects, the rest. Move a section to move its strip. Each\n"
	       "; starts flat; add trim, gain, pan, hpf, eq.1, comp.threshold, ...\n"
	       "; Every track sends to the Reverb and Delay buses at -inf: raise\n"
	       "; send.Reverb (try -18 dB) or send.Delay to hear them.\n"
	       "; ---------------------------------------------------------------------\n");
	for (int i = 0; i < n; i++) {
		if (st[i].fam != fam) {
			fam = st[i].fam;
			put(b, "\n; %s\n", stem_family_name(fam));
		} else {
			put(b, "\n");
		}
		put(b, "[track \"%s\"]\nfile = %s%s\ncolour = %s\n", st[i].name, rel, st[i].file,
		    stem_family_colour(st[i].fam));
		if (drums && st[i].fam == FAM_DRUMS)
			put(b, "output = %s\n", drums);
		put(b, "send.Reverb = -inf\nsend.Delay = -inf\n");
	}
	if (drums)
		put(b, "\n; ---------------------------------------------------------------------\n"
		       "; Group bus: the drum tracks play through it (output = %s), so one\n"
		       "; fader, EQ and compressor shape the whole kit.\n"
		       "; ---------------------------------------------------------------------\n\n"
		       "[bus \"%s\"]\ncolour = %s\n", drums, drums, stem_family_colour(FAM_DRUMS));
	put(b, "\n; ---------------------------------------------------------------------\n"
	       "; Effect returns: 100 %% wet, fed by the tracks' send.NAME keys.\n"
	       "; ---------------------------------------------------------------------\n\n");
	put(b, "[bus \"Reverb\"]\nfx = reverb\ncolour = blue\n"
	       "reverb.decay = 1.8 s         ; how long the tail takes to fall 60 dB\n"
	       "hpf = 200 Hz                 ; keep low end out of the tail\n\n");
	put(b, "[bus \"Delay\"]\nfx = delay\ncolour = blue\n"
	       "delay.time = 375 ms          ; or a note length such as 1/8. once [project] has a tempo\n"
	       "delay.feedback = 30 %%        ; how much of each repeat comes back\n\n");
	put(b, "; The master: a true-peak ceiling so a bounce never clips, and the\n"
	       "; loudness the meter and `tmix bounce --normalize` aim for (-14 LUFS\n"
	       "; suits streaming services).\n");
	put(b, "[master]\nlimiter = -1 dBTP\ntarget = -14 LUFS\n");
}

#define INIT_USAGE "tmix init DIR [-o PROJECT.ini]"

int cmd_init(int argc, char **argv)
{
	const char *dir = NULL, *out = NULL, *oslash;
	char *def = NULL, *odir, *rel, err[1024];
	struct stem *st = NULL;
	struct buf b = {0};
	struct stat sb;
	int n, rc = EXIT_OK;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "-o"))
			return cli_usage_error("init", INIT_USAGE, "-o needs a file (PROJECT.ini)");
		else if (argv[i][0] == '-')
			return cli_usage_error("init", INIT_USAGE, "unknown option %s", argv[i]);
		else if (!dir)
			dir = argv[i];
		else
			return cli_usage_error("init", INIT_USAGE, "one folder at a time ('%s' is one too many)", argv[i]);
	}
	if (!dir)
		return cli_usage_error("init", INIT_USAGE, "which folder of stems?");
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode)) {
		units_print_line(stderr, "tmix init: %s: not a folder", dir);
		return EXIT_BADINPUT;
	}
	if (!out)
		out = def = default_output(dir);
	if (!out || access(out, F_OK) == 0) {
		units_print_line(stderr, "tmix init: %s already exists; not overwriting it (choose another name with -o)",
				 out);
		free(def);
		return EXIT_BADINPUT;
	}
	oslash = strrchr(out, '/');
	odir = oslash ? xstrndup(out, (size_t)(oslash - out + (oslash == out))) : xstrdup(".");
	rel = relative_dir(odir, dir);
	if (!rel) {
		units_print_line(stderr, "tmix init: %s: %s", odir, strerror(errno));
		free(odir);
		free(def);
		return EXIT_BADINPUT;
	}
	/* the project file's own name is not a stem, should DIR hold it */
	n = scan(dir, *rel ? NULL : (oslash ? oslash + 1 : out), &st);
	if (n <= 0) {
		units_print_line(stderr, "tmix init: no audio files in %s", dir);
		rc = EXIT_BADINPUT;
	} else {
		make_unique(st, n);
		write_text(&b, out, dir, rel, st, n);
		if (atomic_write(out, b.s, b.len, false, err, sizeof err)) {
			units_print_line(stderr, "tmix init: %s", err);
			rc = EXIT_RUNTIME;
		} else {
			units_print_line(stderr, "%s: %d track%s; next: tmix check %s, then tmix %s", out, n, n == 1 ? "" : "s",
				out, out);
		}
	}
	for (int i = 0; i < n; i++)
		free(st[i].file);
	free(st);
	free(b.s);
	free(rel);
	free(odir);
	free(def);
	return rc;
}
