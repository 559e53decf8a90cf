/* test_project_edit.c — structural edits (project_edit.h): rename, move,
 * add and delete tracks, buses and references, each checked on the
 * exact text a save writes (comments kept, only the edited lines
 * changed), and refused with a reason when the result would not load. */
#include "project_edit.h"
#include "project_testlib.h"
#include "dsp/unit.h"
#include "tap.h"
#include "testutil.h"
#include <sys/stat.h>

static const char *dir;

static const char *text =
	"; Demo — rough mix\n"
	"[project]\n"
	"name = Demo\n"
	"\n"
	"; the kick drum, close mic\n"
	"[track \"Kick\"]   ; inside\n"
	"file = a.wav\n"
	"gain = -4dB        ; pulled down\n"
	"output = Drums\n"
	"\n"
	"[track \"Snare\"]\n"
	"file = a.wav\n"
	"send.Plate = -14 dB\n"
	"auto.send.Plate = 0:00 -14, 0:01 -8\n"
	"\n"
	"[track \"Vox\"]\n"
	"file = a.wav\n"
	"Send.Plate = -20 dB ; the key in another case\n"
	"\n"
	"[bus \"Drums\"]\n"
	"colour = red\n"
	"\n"
	"[bus \"Plate\"]\n"
	"fx = reverb\n"
	"\n"
	"[master]\n"
	"limiter = -1 dBTP\n";

static char *render(struct project *p)
{
	size_t len;
	return project_render_text(p, &len);
}

/* The text with one substring replaced (the expected result of an edit). */
static char *swap(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	size_t n = strlen(s) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	if (!at)
		return strdup("(expected text not found)");
	snprintf(out, n, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	return out;
}

static struct project *fresh(void)
{
	return tu_load_project(dir, "song.ini", text);
}

static void check_text(struct project *np, const char *want, const char *what)
{
	char *got = np ? render(np) : NULL;
	ok(np != NULL, "%s: made", what);
	is_str(got ? got : "(null)", want, "%s: the saved text", what);
	free(got);
}

/* Insert slots: each edit's exact text; lines not of the edited slots
 * stay as written (comments in their columns). */
static void test_inserts(void)
{
	static const char *t =
		"[track \"Kick\"]\n"
		"file = a.wav\n"
		"insert.1 = utility      ; trim\n"
		"insert.1.gain = -3 dB\n"
		"gain = -4 dB\n"
		"insert.2 = comp\n"
		"insert.2.ratio = 4\n"
		"insert.3 = utility\n"
		"insert.3.channels = mono  ; fold\n"
		"\n"
		"[track \"Snare\"]\n"
		"file = a.wav   ; the snare\n";
	struct project *p = tu_load_project(dir, "ins.ini", t), *np;
	char err[256];

	if (!ok(p != NULL, "a project with three inserts loads"))
		return;
	np = project_edit_insert_delete(p, 0, 1, err, sizeof err);
	check_text(np,
		   "[track \"Kick\"]\nfile = a.wav\ninsert.1 = utility      ; trim\ninsert.1.gain = -3 dB\ngain = -4 dB\n"
		   "insert.2 = utility\ninsert.2.channels = mono  ; fold\n\n[track \"Snare\"]\nfile = a.wav   ; the snare\n",
		   "delete insert 2: its lines go, insert 3 becomes 2 in place");
	ok(np && np->strips[0]->ninserts == 2 && np->strips[0]->inserts[1].v[2] == 2, "  the model: two inserts, mono");
	project_free(np);
	np = project_edit_insert_move(p, 0, 2, 0, err, sizeof err);
	check_text(np,
		   "[track \"Kick\"]\nfile = a.wav\ninsert.1 = utility\ninsert.1.channels = mono  ; fold\ngain = -4 dB\n"
		   "insert.2 = utility      ; trim\ninsert.2.gain = -3 dB\ninsert.3 = comp\ninsert.3.ratio = 4\n\n"
		   "[track \"Snare\"]\nfile = a.wav   ; the snare\n",
		   "move insert 3 to 1: the slots' lines trade places, each slot's lines together");
	ok(np && np->strips[0]->inserts[0].v[2] == 2 && np->strips[0]->inserts[2].unit == unit_find("comp"),
	   "  the model: mono first, comp last");
	project_free(np);
	np = project_edit_insert_move(p, 0, 0, 1, err, sizeof err);
	ok(np && np->strips[0]->inserts[0].unit == unit_find("comp") && np->strips[0]->inserts[1].v[0] == -3,
	   "move insert 1 to 2: comp first, the trimmed utility second");
	project_free(np);
	np = project_edit_insert_add(p, 1, "comp", err, sizeof err);
	check_text(np, "[track \"Kick\"]\nfile = a.wav\ninsert.1 = utility      ; trim\ninsert.1.gain = -3 dB\ngain = -4 dB\n"
		       "insert.2 = comp\ninsert.2.ratio = 4\ninsert.3 = utility\ninsert.3.channels = mono  ; fold\n\n"
		       "[track \"Snare\"]\nfile = a.wav   ; the snare\ninsert.1 = comp\n",
		   "add to Snare: one line after its last key");
	project_free(np);
	np = project_edit_insert_add(p, p->nstrips - 1, "utility", err, sizeof err);
	{
		char *r = np ? render(np) : NULL;
		ok(r && strstr(r, "\n\n[master]\ninsert.1 = utility\n") && np->strips[np->nstrips - 1]->ninserts == 1,
		   "add on a master without a section: [master] is written with it");
		free(r);
	}
	project_free(np);
	ok(!project_edit_insert_add(p, 0, "nosuch", err, sizeof err) && strstr(err, "unknown unit \"nosuch\""),
	   "an unknown unit is refused: %s", err);
	ok(!project_edit_insert_delete(p, 1, 0, err, sizeof err) && strstr(err, "Snare has no insert 1 (it has 0)"),
	   "deleting an insert a strip lacks is refused: %s", err);
	ok(!project_edit_insert_move(p, 0, 1, 1, err, sizeof err) && strstr(err, "already there"),
	   "a move to where it is is refused: %s", err);
	project_free(p);
}

int main(void)
{
	struct project *p, *np;
	char err[256], *want, *w2;

	dir = tu_tmpdir();
	tu_wav(tu_path(dir, "a.wav"), 48000, 1, 0.5, 440, 0.25);
	tu_wav(tu_path(dir, "b.wav"), 48000, 1, 0.5, 440, 0.25);
	tu_write(tu_path(dir, "bad.wav"), "not audio");
	p = fresh();
	if (!ok(p != NULL, "the project loads"))
		return done_testing();

	/* rename a bus: its header, outputs and send keys follow */
	np = project_edit_rename(p, 4, "Plate Verb", err, sizeof err);
	want = swap(text, "[bus \"Plate\"]", "[bus \"Plate Verb\"]");
	w2 = swap(want, "send.Plate = -14", "send.Plate Verb = -14");
	free(want);
	want = swap(w2, "auto.send.Plate =", "auto.send.Plate Verb =");
	free(w2);
	w2 = swap(want, "Send.Plate = -20 dB ; the key in another case", "Send.Plate Verb = -20 dB ; the key in another case");
	free(want);
	check_text(np, w2, "rename a reverb bus");
	free(w2);
	is_str(np ? np->strips[2]->sends[0].bus_name : "", "Plate Verb", "the send follows in the model");
	project_free(np);

	np = project_edit_rename(p, 4, "Pl", err, sizeof err);
	want = swap(text, "[bus \"Plate\"]", "[bus \"Pl\"]");
	w2 = swap(want, "send.Plate = -14", "send.Pl = -14");
	free(want);
	want = swap(w2, "auto.send.Plate =", "auto.send.Pl =");
	free(w2);
	w2 = swap(want, "Send.Plate = -20 dB ; the key", "Send.Pl = -20 dB    ; the key");
	free(want);
	check_text(np, w2, "a shorter name: the comment after a renamed send key keeps its column");
	free(w2);
	project_free(np);

	np = project_edit_rename(p, 3, "Kit", err, sizeof err);
	want = swap(text, "[bus \"Drums\"]", "[bus \"Kit\"]");
	w2 = swap(want, "output = Drums", "output = Kit");
	check_text(np, w2, "rename a group bus: the output follows");
	free(want);
	free(w2);
	project_free(np);

	np = project_edit_rename(p, 0, "BD", err, sizeof err);
	want = swap(text, "[track \"Kick\"]   ; inside", "[track \"BD\"]     ; inside");
	check_text(np, want, "rename a track: the header's comment stays in its column");
	free(want);
	project_free(np);

	/* an unsaved value is kept through a structural edit */
	ok(strip_set(p, p->strips[0], "gain", "-6", err, sizeof err) == 0, "an unsaved fader move");
	np = project_edit_rename(p, 1, "SD", err, sizeof err);
	want = swap(text, "gain = -4dB        ; pulled down", "gain = -6 dB       ; pulled down");
	w2 = swap(want, "[track \"Snare\"]", "[track \"SD\"]");
	check_text(np, w2, "rename keeps the unsaved fader");
	free(want);
	free(w2);
	project_free(np);
	project_free(p);
	p = fresh();

	ok(!project_edit_rename(p, 0, "Snare", err, sizeof err), "a taken name is refused");
	ok(strstr(err, "already a track named \"Snare\"") != NULL, "  and says why: %s", err);
	ok(!project_edit_rename(p, 0, "mas\"ter", err, sizeof err), "a quote in a name is refused");
	ok(!project_edit_rename(p, 5, "Main", err, sizeof err), "the master keeps its name");

	/* move: the block with its comment above goes whole */
	np = project_edit_move(p, 0, 1, err, sizeof err);
	want = swap(text,
		    "; the kick drum, close mic\n[track \"Kick\"]   ; inside\nfile = a.wav\ngain = -4dB        ; pulled down\n"
		    "output = Drums\n\n[track \"Snare\"]\nfile = a.wav\nsend.Plate = -14 dB\nauto.send.Plate = 0:00 -14, 0:01 -8\n",
		    "[track \"Snare\"]\nfile = a.wav\nsend.Plate = -14 dB\nauto.send.Plate = 0:00 -14, 0:01 -8\n\n"
		    "; the kick drum, close mic\n[track \"Kick\"]   ; inside\nfile = a.wav\ngain = -4dB        ; pulled down\n"
		    "output = Drums\n");
	check_text(np, want, "move Kick right");
	is_str(np ? np->strips[1]->name : "", "Kick", "Kick is second");
	if (np) {
		struct project *back = project_edit_move(np, 1, 0, err, sizeof err);
		check_text(back, text, "moving it back gives the file as it was");
		project_free(back);
	}
	free(want);
	project_free(np);
	np = project_edit_move(p, 2, 0, err, sizeof err);
	ok(np && !strcmp(np->strips[0]->name, "Vox") && !strcmp(np->strips[1]->name, "Kick"), "move Vox to the first place");
	project_free(np);
	ok(!project_edit_move(p, 0, 3, err, sizeof err), "a track cannot move among the buses");
	ok(strstr(err, "positions 1-3") != NULL, "  and says where it can: %s", err);

	/* add and delete */
	np = project_edit_add_track(p, "b.wav", "Bass", err, sizeof err);
	want = swap(text, "another case\n", "another case\n\n[track \"Bass\"]\nfile = b.wav\n");
	check_text(np, want, "add a track after the last track");
	ok(np && np->ntracks == 4 && np->strips[3]->channels == 1, "the new stem is opened");
	free(want);
	project_free(np);
	ok(!project_edit_add_track(p, "bad.wav", "Bad", err, sizeof err), "a stem that is not audio is refused");
	ok(strstr(err, "bad.wav") != NULL, "  naming it: %s", err);
	ok(!project_edit_add_track(p, "none.wav", "None", err, sizeof err), "a missing stem is refused");

	np = project_edit_delete(p, 1, err, sizeof err);
	want = swap(text, "[track \"Snare\"]\nfile = a.wav\nsend.Plate = -14 dB\nauto.send.Plate = 0:00 -14, 0:01 -8\n\n", "");
	check_text(np, want, "delete a track: its block and one blank line");
	free(want);
	project_free(np);
	np = project_edit_delete(p, 0, err, sizeof err);
	want = swap(text, "; the kick drum, close mic\n[track \"Kick\"]   ; inside\nfile = a.wav\ngain = -4dB        ; pulled down\n"
		    "output = Drums\n\n", "");
	check_text(np, want, "delete a track with its comment");
	free(want);
	project_free(np);
	ok(!project_edit_delete(p, 3, err, sizeof err), "a bus that a track feeds cannot go");
	ok(strstr(err, "Drums") != NULL, "  the loader says why: %s", err);

	np = project_edit_add_bus(p, "Echo", FX_DELAY, err, sizeof err);
	want = swap(text, "[bus \"Plate\"]\nfx = reverb\n", "[bus \"Plate\"]\nfx = reverb\n\n[bus \"Echo\"]\nfx = delay\n");
	check_text(np, want, "add a delay bus after the last bus");
	ok(np && np->nbuses == 3 && np->strips[5]->fx == FX_DELAY, "it is an effect return");
	free(want);
	project_free(np);

	np = project_edit_add_ref(p, "b.wav", "Pro", err, sizeof err);
	want = malloc(strlen(text) + 64);
	sprintf(want, "%s\n[reference \"Pro\"]\nfile = b.wav\n", text);
	check_text(np, want, "add a reference at the end");
	if (np) {
		struct project *back = project_edit_delete_ref(np, 0, err, sizeof err);
		check_text(back, text, "delete it again");
		project_free(back);
	}
	free(want);
	project_free(np);
	project_free(p);

	/* a comment banner over the buses (blank lines around it) heads the
	 * buses: a track added, or moved to the end, goes above it */
	{
		static const char *banner =
			"[track \"Kick\"]\nfile = a.wav\n\n[track \"Snare\"]\nfile = a.wav\ngain = -2 ; snare\n\n"
			"; ------\n; Buses take every strip key of a track\n; ------\n\n"
			"[bus \"Drums\"]\ncolour = red\n";
		p = tu_load_project(dir, "banner.ini", banner);
		np = p ? project_edit_add_track(p, "b.wav", "Bass", err, sizeof err) : NULL;
		want = swap(banner, "gain = -2 ; snare\n\n", "gain = -2 ; snare\n\n[track \"Bass\"]\nfile = b.wav\n\n");
		check_text(np, want, "add a track: above the banner that heads the buses");
		free(want);
		project_free(np);
		np = p ? project_edit_move(p, 0, 1, err, sizeof err) : NULL;
		want = strdup("[track \"Snare\"]\nfile = a.wav\ngain = -2 ; snare\n\n[track \"Kick\"]\nfile = a.wav\n\n"
			      "; ------\n; Buses take every strip key of a track\n; ------\n\n"
			      "[bus \"Drums\"]\ncolour = red\n");
		check_text(np, want, "move the first track last: above the banner");
		if (np) {
			struct project *back = project_edit_move(np, 1, 0, err, sizeof err);
			check_text(back, banner, "and back: the file as it was");
			project_free(back);
		}
		free(want);
		project_free(np);
		np = p ? project_edit_delete(p, 1, err, sizeof err) : NULL;
		want = swap(banner, "[track \"Snare\"]\nfile = a.wav\ngain = -2 ; snare\n\n", "");
		check_text(np, want, "delete the last track: the banner stays");
		free(want);
		project_free(np);
		project_free(p);
	}
	/* :w to another folder: relative stem and reference paths are
	 * rewritten for it (relative inside it, absolute outside), and the
	 * copy opens there */
	{
		char sub[1024], copy[2048], inner[2048], line[4096], *real = realpath(dir, NULL), *txt;
		size_t len;
		struct project *c;
		p = tu_load_project(dir, "rel.ini", "[track \"K\"]\nfile = a.wav   ; the kick\n[reference \"Pro\"]\nfile = b.wav\n");
		snprintf(sub, sizeof sub, "%s/elsewhere", dir);
		mkdir(sub, 0755);
		snprintf(copy, sizeof copy, "%s/copy.ini", sub);
		txt = p ? project_text_for_copy(p, copy, &len, err, sizeof err) : NULL;
		snprintf(line, sizeof line, "file = %s/a.wav ; the kick\n", real);
		ok(txt && strstr(txt, line), "a copy in another folder: the stem's path absolute, the comment kept");
		snprintf(line, sizeof line, "file = %s/b.wav\n", real);
		ok(txt && strstr(txt, line), "  and the reference's");
		c = txt ? project_from_text(copy, txt, err, sizeof err) : NULL;
		ok(c != NULL, "  the copy opens from its folder");
		project_free(c);
		free(txt);
		snprintf(inner, sizeof inner, "%s/inner.ini", dir);
		txt = p ? project_text_for_copy(p, inner, &len, err, sizeof err) : NULL;
		ok(txt && strstr(txt, "file = a.wav   ; the kick\n"), "a copy in the same folder: the paths as written");
		free(txt);
		project_free(p);
		/* a project in a subfolder, copied to the folder above: relative */
		snprintf(sub, sizeof sub, "%s/deep", dir);
		mkdir(sub, 0755);
		tu_wav(tu_path(sub, "d.wav"), 48000, 1, 0.5, 440, 0.25);
		p = tu_load_project(sub, "deep.ini", "[track \"D\"]\nfile = d.wav\n");
		snprintf(copy, sizeof copy, "%s/up.ini", dir);
		txt = p ? project_text_for_copy(p, copy, &len, err, sizeof err) : NULL;
		ok(txt && strstr(txt, "file = deep/d.wav\n"), "a copy in a folder above the stems: relative, deep/d.wav");
		free(txt);
		ok(p && !project_text_for_copy(p, "/nonexistent-dir-tmix/x.ini", &len, err, sizeof err) && strstr(err, "no folder"),
		   "a copy into a folder that is not there is refused: %s", err);
		project_free(p);
		free(real);
	}

	/* the loop switched off keeps its region: START - END off */
	{
		char v[64];
		p = tu_load_project(dir, "loop.ini", "[project]\nloop = 0:05 - 0:15 off ; kept\n[track \"K\"]\nfile = a.wav\n");
		ok(p && p->proj.mode[P_LOOP] == PM_OFF && p->proj.v[P_LOOP] == 5 && p->loop_end == 15,
		   "loop = 0:05 - 0:15 off loads: off, the region kept");
		is_str(p && strip_get(p, &p->proj, "loop", v, sizeof v) ? v : "", "0:05 - 0:15 off", "  and reads back as written");
		ok(p && strip_set(p, &p->proj, "loop", "0:05 - 0:15", err, sizeof err) == 0 && p->proj.mode[P_LOOP] == PM_VALUE,
		   "switched on again: the same region");
		ok(p && strip_set(p, &p->proj, "loop", "off", err, sizeof err) == 0 && p->loop_end <= p->proj.v[P_LOOP] &&
		   strip_get(p, &p->proj, "loop", v, sizeof v) && !strcmp(v, "off"), "loop = off: no region (old files read as before)");
		ok(p && strip_set(p, &p->proj, "loop", "0:15 - 0:05 off", err, sizeof err) != 0, "a region that ends first is refused, off or not");
		project_free(p);
	}
	/* renaming a strip that keys others: gate.key and comp.key follow,
	 * in any strip, with their comments; a key naming another is left */
	{
		static const char *keyed =
			"[track \"Voice\"]\nfile = a.wav\noutput = Vox\n"
			"[track \"Music\"]\nfile = a.wav\ncomp.key = Voice   ; duck under the voice\ngate.key = Vox\n"
			"[bus \"Vox\"]\ncomp.key = Voice\n"
			"[master]\n";
		p = tu_load_project(dir, "keys.ini", keyed);
		np = p ? project_edit_rename(p, 0, "Vocal", err, sizeof err) : NULL;
		want = swap(keyed, "[track \"Voice\"]", "[track \"Vocal\"]");
		w2 = swap(want, "comp.key = Voice   ; duck", "comp.key = Vocal   ; duck");
		free(want);
		want = swap(w2, "[bus \"Vox\"]\ncomp.key = Voice", "[bus \"Vox\"]\ncomp.key = Vocal");
		check_text(np, want, "rename a key strip: the keys naming it follow");
		ok(np && np->strips[1]->key[1] == 0 && np->strips[1]->key[0] == 2, "  and bind to it in the model");
		free(want);
		free(w2);
		project_free(np);
		project_free(p);
	}
	test_inserts();
	return done_testing();
}
