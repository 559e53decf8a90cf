/* main.c — gen_demo DIR: write the demo song's stems to DIR/stems/ and a
 * loud reference master to DIR/refs/, as 24-bit 48 kHz WAV.
 *
 * The peak level of every stem is chosen here on purpose: most sit
 * between -11 and -4 dBFS, the bass is a little hot (-2 dBFS), and the
 * vocal swings from whispered verses to belted chorus, so balancing,
 * trimming and compressing them in tmix is meaningful. */
#include "gen.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int make_dir(const char *dir, const char *sub)
{
	char path[4096];

	snprintf(path, sizeof path, "%s%s%s", dir, sub ? "/" : "", sub ? sub : "");
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen_demo: cannot create %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	struct stem kick, hats, snare, snare_bot, bass, keys, lead, vox, vox2, ref;
	static const struct take vox_take = {606, 0.0, 6.0, 5.2};
	static const struct take double_take = {707, 9.0, 18.0, 5.7}; /* looser, a bit sharp */
	int rc = 0;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: gen_demo DIR   (writes DIR/stems/*.wav and DIR/refs/reference.wav)\n");
		return 2;
	}
	if (make_dir(dir, NULL) || make_dir(dir, "stems") || make_dir(dir, "refs"))
		return 1;

	stem_alloc(&kick, "stems/kick.wav", 1);
	stem_alloc(&hats, "stems/hats.wav", 1);
	stem_alloc(&snare, "stems/snare_top.wav", 1);
	stem_alloc(&snare_bot, "stems/snare_bottom.wav", 1);
	stem_alloc(&bass, "stems/bass.wav", 1);
	stem_alloc(&keys, "stems/keys.wav", 2);
	stem_alloc(&lead, "stems/lead.wav", 1);
	stem_alloc(&vox, "stems/vocal.wav", 1);
	stem_alloc(&vox2, "stems/vocal_double.wav", 1);
	stem_alloc(&ref, "refs/reference.wav", 2);

	/* kick and hats first: the snare mics pick them up as bleed */
	render_kick(&kick);
	stem_finish(&kick, -4.0);
	render_hats(&hats);
	stem_finish(&hats, -11.0);
	render_snare(&snare, &snare_bot, &kick, &hats);
	stem_finish(&snare, -5.0);
	stem_finish(&snare_bot, -10.0);
	render_bass(&bass);
	stem_finish(&bass, -2.0);
	render_keys(&keys);
	stem_finish(&keys, -8.0);
	render_lead(&lead);
	stem_finish(&lead, -7.0);
	render_voice(&vox, &vox_take);
	stem_finish(&vox, -3.5);
	render_voice(&vox2, &double_take);
	stem_finish(&vox2, -9.0);

	const struct stem *const parts[REF_N] = {&kick, &snare, &snare_bot, &hats,
						 &bass, &keys, &lead, &vox};
	render_reference(&ref, parts, -10.0);

	struct stem *all[] = {&kick, &hats, &snare, &snare_bot, &bass, &keys, &lead, &vox, &vox2, &ref};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (stem_write(all[i], dir) != 0)
			rc = 1;
		stem_free(all[i]);
	}
	return rc;
}
