/* test_stem_name.c — track names and families from stem file names. */
#include "stem_name.h"
#include "tap.h"

int main(void)
{
	static const struct {
		const char *file, *name;
		enum stem_family fam;
	} c[] = {
		{"03_LeadVox_final.wav", "Lead Vox", FAM_VOCALS},
		{"01 Kick In.wav", "Kick In", FAM_DRUMS},
		{"bass_DI.wav", "Bass DI", FAM_BASS},
		{"bass_di.wav", "Bass DI", FAM_BASS},
		{"OH_L.wav", "OH L", FAM_DRUMS},
		{"Overheads.aif", "Overheads", FAM_DRUMS},
		{"Gtr2-take3.wav", "Gtr 2", FAM_GUITARS},
		{"keys.flac", "Keys", FAM_KEYS},
		{"BV_high_v2.wav", "BV High", FAM_VOCALS},
		{"BVLead.wav", "BV Lead", FAM_VOCALS},
		{"07-HiHat.wav", "Hi Hat", FAM_DRUMS},
		{"hihat.wav", "Hihat", FAM_DRUMS},
		{"Bass Drum.wav", "Bass Drum", FAM_DRUMS},
		{"SN_top.wav", "SN Top", FAM_DRUMS},
		{"SD bottom.wav", "SD Bottom", FAM_DRUMS},
		{"BD_sub.wav", "BD Sub", FAM_DRUMS},
		{"SynthPad_bounce.wav", "Synth Pad", FAM_KEYS},
		{"Rhodes (print).wav", "Rhodes", FAM_KEYS},
		{"riser_FX.wav", "Riser FX", FAM_FX},
		{"ohm_drone.wav", "Ohm Drone", FAM_OTHER},
		{"Choir take 2.wav", "Choir", FAM_VOCALS},
		{"STRINGS_MASTER.wav", "Strings", FAM_OTHER},
		{"Bäss.wav", "Bäss", FAM_OTHER},
		{"01_final.wav", "01_final", FAM_OTHER},
		{".wav", "Wav", FAM_OTHER},
	};
	char out[128];

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		stem_name_clean(c[i].file, out, sizeof out);
		is_str(out, c[i].name, "%s → \"%s\"", c[i].file, c[i].name);
		is_int(stem_family_guess(c[i].file), c[i].fam, "%s is %s", c[i].file, stem_family_name(c[i].fam));
	}
	ok(stem_natcmp("Tom 2.wav", "Tom 10.wav") < 0 && stem_natcmp("tom 10", "Tom 2") > 0 &&
	   stem_natcmp("a01", "a1") == 0, "natural order: numbers by value, case ignored");
	stem_name_clean("Very_Long_Name_With_Many_Words_That_Goes_On_And_On.wav", out, 16);
	ok(strlen(out) < 16, "a short buffer is never overrun (\"%s\")", out);
	return done_testing();
}
