/* params.c — the parameter table and scalar value handling (see params.h). */
#include "params.h"
#include "units.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define ST SC_STRIP
#define TB (SC_TRACK | SC_BUS)

const struct param_def param_defs[P_COUNT] = {
	[P_NAME] = {"name", PT_TEXT, SC_PROJECT, 0, 0, 0, 0, 0, 0, 0, "title shown in the header"},
	[P_RATE] = {"rate", PT_NUM, SC_PROJECT, PF_INT, 8000, 192000, 48000, 0, 0, 0,
		"session sample rate in Hz; stems at other rates are resampled"},
	[P_TEMPO] = {"tempo", PT_NUM, SC_PROJECT, PF_OFF, 20, 300, 120, 1, 10, PM_OFF,
		"BPM; enables note-length delay times such as 1/8."},
	[P_PANLAW] = {"panlaw", PT_PANLAW, SC_PROJECT, 0, -6, 0, -3, 0, 0, 0,
		"centre attenuation for mono sources: 0, -3, -4.5 or -6 dB"},
	[P_LOOP] = {"loop", PT_LOOP, SC_PROJECT, 0, 0, 0, 0, 0, 0, 0, "loop region, START - END"},
	[P_FORMAT] = {"format", PT_NUM, SC_PROJECT, PF_INT, 1, 1, 1, 0, 0, 0, "format version of this file"},

	[P_FILE] = {"file", PT_PATH, SC_TRACK | SC_REF, 0, 0, 0, 0, 0, 0, 0,
		"the stem: any format libsndfile reads, relative to the project folder"},
	[P_COLOUR] = {"colour", PT_COLOUR, ST, 0, 0, 255, 0, 0, 0, 0,
		"red green yellow blue magenta cyan white orange purple pink grey, or 0-255"},
	[P_START] = {"start", PT_TIME, SC_TRACK | SC_REF, 0, 0, 86400, 0, 0.1, 1, 0,
		"where the stem begins on the timeline"},
	[P_TRIM] = {"trim", PT_DB, ST, 0, -48, 24, 0, 0.5, 3, 0, "input gain, for gain staging"},
	[P_GAIN] = {"gain", PT_DB, ST, PF_INF, -90, 12, 0, 0.5, 3, 0, "fader"},
	[P_PAN] = {"pan", PT_PAN, ST, 0, -100, 100, 0, 5, 25, 0, "-100 (left) .. 0 .. +100 (right)"},
	[P_WIDTH] = {"width", PT_PCT, ST, 0, 0, 200, 100, 5, 25, 0, "stereo width of a stereo source"},
	[P_INVERT] = {"invert", PT_BOOL, ST, 0, 0, 1, 0, 1, 1, 0, "polarity"},
	[P_MUTE] = {"mute", PT_BOOL, ST, 0, 0, 1, 0, 1, 1, 0, "mute"},
	[P_SOLO] = {"solo", PT_BOOL, TB, 0, 0, 1, 0, 1, 1, 0, "solo in place"},
	[P_OUTPUT] = {"output", PT_BUSREF, TB, 0, 0, 0, 0, 0, 0, 0, "master or the name of a group bus"},

	[P_HPF] = {"hpf", PT_HZ, ST, PF_OFF, 10, 20000, 80, 0, 0, PM_OFF, "high-pass corner"},
	[P_HPF_SLOPE] = {"hpf.slope", PT_SLOPE, ST, 0, 12, 24, 12, 12, 12, 0, "12 or 24 dB/oct"},
	[P_LPF] = {"lpf", PT_HZ, ST, PF_OFF, 10, 20000, 12000, 0, 0, PM_OFF, "low-pass corner"},
	[P_LPF_SLOPE] = {"lpf.slope", PT_SLOPE, ST, 0, 12, 24, 12, 12, 12, 0, "12 or 24 dB/oct"},
	[P_EQ] = {"eq", PT_EQ, ST, PF_INDEXED, 1, 8, 0, 0, 0, 0,
		"TYPE FREQ [GAIN] [q Q]: bell, lowshelf, highshelf, notch; or off"},

	[P_GATE_THRESHOLD] = {"gate.threshold", PT_DB, ST, PF_OFF, -90, 0, -50, 1, 6, PM_OFF, "noise gate opens above this"},
	[P_GATE_RANGE] = {"gate.range", PT_DB, ST, 0, -90, 0, -40, 1, 6, 0, "attenuation when closed"},
	[P_GATE_ATTACK] = {"gate.attack", PT_MS, ST, 0, 0.1, 100, 1, 0.5, 5, 0, "opening time"},
	[P_GATE_HOLD] = {"gate.hold", PT_MS, ST, 0, 0, 2000, 50, 5, 50, 0, "time held open after the signal falls"},
	[P_GATE_RELEASE] = {"gate.release", PT_MS, ST, 0, 5, 5000, 100, 5, 50, 0, "closing time"},
	[P_GATE_KEY] = {"gate.key", PT_KEYREF, ST, 0, 0, 0, 0, 0, 0, 0,
		"sidechain: the track or bus whose signal (after its compressor) opens the gate, or none"},
	[P_GATE_KEY_HPF] = {"gate.key.hpf", PT_HZ, ST, PF_OFF, 10, 20000, 100, 0, 0, PM_OFF,
		"high-pass on what the gate's detector hears (12 dB/oct), not on the audio"},
	[P_GATE_KEY_LPF] = {"gate.key.lpf", PT_HZ, ST, PF_OFF, 10, 20000, 8000, 0, 0, PM_OFF,
		"low-pass on what the gate's detector hears (12 dB/oct), not on the audio"},

	[P_COMP_THRESHOLD] = {"comp.threshold", PT_DB, ST, PF_OFF, -60, 0, -20, 1, 6, PM_OFF, "compression starts here"},
	[P_COMP_RATIO] = {"comp.ratio", PT_RATIO, ST, 0, 1, 100, 2, 0.5, 2, 0, "3 or 3:1"},
	[P_COMP_ATTACK] = {"comp.attack", PT_MS, ST, 0, 0.1, 300, 10, 1, 10, 0, "attack time"},
	[P_COMP_RELEASE] = {"comp.release", PT_MS, ST, 0, 5, 5000, 100, 10, 100, 0, "release time"},
	[P_COMP_KNEE] = {"comp.knee", PT_DB, ST, 0, 0, 24, 6, 1, 6, 0, "soft-knee width"},
	[P_COMP_MAKEUP] = {"comp.makeup", PT_DB, ST, PF_AUTO, -24, 24, 0, 0.5, 3, 0,
		"makeup gain in dB, or auto (half the reduction a 0 dBFS signal gets)"},
	[P_COMP_KEY] = {"comp.key", PT_KEYREF, ST, 0, 0, 0, 0, 0, 0, 0,
		"sidechain: the track or bus whose signal (after its compressor) drives the compressor, or none"},
	[P_COMP_KEY_HPF] = {"comp.key.hpf", PT_HZ, ST, PF_OFF, 10, 20000, 100, 0, 0, PM_OFF,
		"high-pass on what the compressor's detector hears (12 dB/oct), not on the audio"},
	[P_COMP_KEY_LPF] = {"comp.key.lpf", PT_HZ, ST, PF_OFF, 10, 20000, 8000, 0, 0, PM_OFF,
		"low-pass on what the compressor's detector hears (12 dB/oct), not on the audio"},

	[P_INSERT] = {"insert", PT_INSERT, ST, PF_INDEXED, 1, 16, 0, 0, 0, 0,
		"insert.N = UNIT, run after the compressor; insert.N.PARAM = VALUE, insert.N.bypass = on"},

	[P_SEND] = {"send", PT_SEND, TB, PF_INDEXED | PF_INF, -90, 12, 0, 0.5, 3, 0,
		"send level to an effect bus; append pre for pre-fader"},
	[P_AUTO_GAIN] = {"auto.gain", PT_LANE, ST, 0, -90, 12, 0, 0, 0, 0, "fader automation: TIME dB, ..."},
	[P_AUTO_PAN] = {"auto.pan", PT_LANE, ST, 0, -100, 100, 0, 0, 0, 0, "pan automation: TIME PAN, ..."},
	[P_AUTO_MUTE] = {"auto.mute", PT_LANE, ST, 0, 0, 1, 0, 0, 0, 0, "mute automation: TIME yes|no, ..."},
	[P_AUTO_SEND] = {"auto.send", PT_LANE, TB, PF_INDEXED, -90, 12, 0, 0, 0, 0, "send automation: TIME dB, ..."},
	[P_AUTO_WIDTH] = {"auto.width", PT_LANE, ST, 0, 0, 200, 0, 0, 0, 0, "width automation: TIME %, ..."},
	[P_AUTO_MODE] = {"auto.mode", PT_AUTOMODE, ST, 0, 0, AM_COUNT - 1, AM_READ, 1, 1, 0,
		"automation: off, read, touch, latch or write"},
	[P_AUTO_INSERT] = {"auto.insert", PT_LANE, ST, PF_INDEXED, 0, 0, 0, 0, 0, 0,
		"insert parameter automation: auto.insert.N.PARAM = TIME VALUE, ..."},

	[P_FX] = {"fx", PT_FXKIND, SC_BUS, 0, 0, 0, 0, 0, 0, 0, "reverb or delay; none for a group bus"},
	[P_REVERB_SIZE] = {"reverb.size", PT_PCT, SC_FXBUS, 0, 0, 100, 50, 5, 20, 0, "room size"},
	[P_REVERB_DECAY] = {"reverb.decay", PT_SEC, SC_FXBUS, 0, 0.1, 20, 1.8, 0.1, 1, 0, "RT60 decay time"},
	[P_REVERB_DAMPING] = {"reverb.damping", PT_PCT, SC_FXBUS, 0, 0, 100, 50, 5, 20, 0, "high-frequency damping"},
	[P_REVERB_PREDELAY] = {"reverb.predelay", PT_MS, SC_FXBUS, 0, 0, 250, 10, 1, 10, 0, "pre-delay"},
	[P_REVERB_WIDTH] = {"reverb.width", PT_PCT, SC_FXBUS, 0, 0, 100, 100, 5, 20, 0, "stereo width"},
	[P_DELAY_TIME] = {"delay.time", PT_DELAYTIME, SC_FXBUS, 0, 1, 4000, 375, 5, 50, 0,
		"ms, or a note length with tempo: 1/4, 1/8. (dotted), 1/8t (triplet)"},
	[P_DELAY_FEEDBACK] = {"delay.feedback", PT_PCT, SC_FXBUS, 0, 0, 95, 30, 5, 20, 0, "feedback"},
	[P_DELAY_TONE] = {"delay.tone", PT_HZ, SC_FXBUS, 0, 200, 20000, 6000, 0, 0, 0, "low-pass in the feedback loop"},
	[P_DELAY_PINGPONG] = {"delay.pingpong", PT_BOOL, SC_FXBUS, 0, 0, 1, 0, 1, 1, 0, "repeats alternate left and right"},

	[P_LIMITER] = {"limiter", PT_DBTP, SC_MASTER, PF_OFF, -12, 0, -1, 0.1, 1, PM_OFF, "true-peak ceiling"},
	[P_LIMITER_RELEASE] = {"limiter.release", PT_MS, SC_MASTER, 0, 1, 1000, 50, 5, 50, 0, "limiter release"},
	[P_TARGET] = {"target", PT_LUFS, SC_MASTER, 0, -40, -5, -14, 0.5, 1, 0, "loudness target"},
};

const struct param_unit_map param_unit_map[] = {
	{P_GATE_THRESHOLD, SU_GATE, "threshold", PUH_VALUE},
	{P_GATE_THRESHOLD, SU_GATE, "on", PUH_ON},
	{P_GATE_RANGE, SU_GATE, "range", PUH_VALUE},
	{P_GATE_ATTACK, SU_GATE, "attack", PUH_VALUE},
	{P_GATE_HOLD, SU_GATE, "hold", PUH_VALUE},
	{P_GATE_RELEASE, SU_GATE, "release", PUH_VALUE},
	{P_GATE_KEY_HPF, SU_GATE, "key.hpf", PUH_OFF_ZERO},
	{P_GATE_KEY_LPF, SU_GATE, "key.lpf", PUH_OFF_ZERO},
	{P_HPF, SU_EQ, "hpf", PUH_VALUE},
	{P_HPF, SU_EQ, "hpf.on", PUH_ON},
	{P_HPF_SLOPE, SU_EQ, "hpf.slope", PUH_VALUE},
	{P_LPF, SU_EQ, "lpf", PUH_VALUE},
	{P_LPF, SU_EQ, "lpf.on", PUH_ON},
	{P_LPF_SLOPE, SU_EQ, "lpf.slope", PUH_VALUE},
	{P_COMP_THRESHOLD, SU_COMP, "threshold", PUH_VALUE},
	{P_COMP_THRESHOLD, SU_COMP, "on", PUH_ON},
	{P_COMP_RATIO, SU_COMP, "ratio", PUH_VALUE},
	{P_COMP_ATTACK, SU_COMP, "attack", PUH_VALUE},
	{P_COMP_RELEASE, SU_COMP, "release", PUH_VALUE},
	{P_COMP_KNEE, SU_COMP, "knee", PUH_VALUE},
	{P_COMP_MAKEUP, SU_COMP, "makeup", PUH_AUTO_ZERO},
	{P_COMP_MAKEUP, SU_COMP, "makeup.auto", PUH_AUTO},
	{P_COMP_KEY_HPF, SU_COMP, "key.hpf", PUH_OFF_ZERO},
	{P_COMP_KEY_LPF, SU_COMP, "key.lpf", PUH_OFF_ZERO},
	{P_REVERB_SIZE, SU_REVERB, "size", PUH_VALUE},
	{P_REVERB_DECAY, SU_REVERB, "decay", PUH_VALUE},
	{P_REVERB_DAMPING, SU_REVERB, "damping", PUH_VALUE},
	{P_REVERB_PREDELAY, SU_REVERB, "predelay", PUH_VALUE},
	{P_REVERB_WIDTH, SU_REVERB, "width", PUH_VALUE},
	{P_DELAY_TIME, SU_DELAY, "time", PUH_VALUE},
	{P_DELAY_FEEDBACK, SU_DELAY, "feedback", PUH_VALUE},
	{P_DELAY_TONE, SU_DELAY, "tone", PUH_VALUE},
	{P_DELAY_PINGPONG, SU_DELAY, "pingpong", PUH_VALUE},
};
const int param_unit_map_count = (int)(sizeof param_unit_map / sizeof param_unit_map[0]);

double param_unit_value(const struct param_unit_map *m, double v, enum param_mode mode)
{
	switch (m->how) {
	case PUH_ON: return mode != PM_OFF;
	case PUH_OFF_ZERO: return mode == PM_OFF ? 0 : v;
	case PUH_AUTO: return mode == PM_AUTO;
	case PUH_AUTO_ZERO: return mode == PM_AUTO ? 0 : v;
	case PUH_VALUE: break;
	}
	return v;
}

const char *const auto_mode_names[AM_COUNT] = {"off", "read", "touch", "latch", "write"};

const char *param_scope_name(unsigned scope)
{
	switch (scope) {
	case SC_PROJECT: return "[project]";
	case SC_TRACK: return "track";
	case SC_GROUP: return "group bus";
	case SC_FXBUS: return "effect bus";
	case SC_MASTER: return "[master]";
	case SC_REF: return "reference";
	}
	return "section";
}

static bool prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
			return false;
	return true;
}

int param_lookup(const char *key, const char **suffix)
{
	*suffix = NULL;
	/* auto.send.X before send.X and auto.* so the longest prefix wins */
	if (prefix_ci(key, "auto.send.") && key[10]) {
		*suffix = key + 10;
		return P_AUTO_SEND;
	}
	if (prefix_ci(key, "auto.insert.") && key[12]) {
		*suffix = key + 12;
		return P_AUTO_INSERT;
	}
	if (prefix_ci(key, "send.") && key[5]) {
		*suffix = key + 5;
		return P_SEND;
	}
	if (prefix_ci(key, "insert.") && key[7]) {
		*suffix = key + 7;
		return P_INSERT;
	}
	if (prefix_ci(key, "eq.") && key[3]) {
		*suffix = key + 3;
		return P_EQ;
	}
	for (int i = 0; i < P_COUNT; i++)
		if (!(param_defs[i].flags & PF_INDEXED) && !units_casecmp(key, param_defs[i].key))
			return i;
	return -1;
}

static int edit_distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), d[32][32];

	if (la > 30 || lb > 30)
		return 99;
	for (int i = 0; i <= la; i++)
		d[i][0] = i;
	for (int j = 0; j <= lb; j++)
		d[0][j] = j;
	for (int i = 1; i <= la; i++)
		for (int j = 1; j <= lb; j++) {
			int c = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int m = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1 < m) m = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < m) m = d[i][j - 1] + 1;
			/* a swap of two letters ("gian") is one slip, not two */
			if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) && d[i - 2][j - 2] + 1 < m)
				m = d[i - 2][j - 2] + 1;
			d[i][j] = m;
		}
	return d[la][lb];
}

const char *param_suggest(const char *key, unsigned scope)
{
	const char *best = NULL;
	int bestd = 3;

	for (int i = 0; i < P_COUNT; i++) {
		int dist;
		if (!(param_defs[i].scope & scope))
			continue;
		dist = edit_distance(key, param_defs[i].key);
		if (dist < bestd || (dist == bestd && best == NULL && dist <= 2)) {
			bestd = dist;
			best = param_defs[i].key;
		}
	}
	return bestd <= 2 ? best : NULL;
}

static const char *unit_of(enum param_type t)
{
	switch (t) {
	case PT_DB: case PT_PANLAW: return " dB";
	case PT_HZ: return " Hz";
	case PT_MS: case PT_DELAYTIME: return " ms";
	case PT_SEC: return " s";
	case PT_PCT: return " %";
	case PT_LUFS: return " LUFS";
	case PT_DBTP: return " dBTP";
	default: return "";
	}
}

static int range_error(const struct param_def *d, char *err, size_t errlen)
{
	char lo[32], hi[32];
	units_fmt_number(lo, sizeof lo, d->min);
	units_fmt_number(hi, sizeof hi, d->max);
	snprintf(err, errlen, "must be between %s and %s%s%s%s%s", lo, hi, unit_of(d->type),
		 (d->flags & PF_INF) ? ", or -inf" : "", (d->flags & PF_OFF) ? ", or off" : "",
		 (d->flags & PF_AUTO) ? ", or auto" : "");
	return -1;
}

static int kind_error(const struct param_def *d, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "must be %s%s%s", what,
		 (d->flags & PF_OFF) ? ", or off" : "", (d->flags & PF_AUTO) ? ", or auto" : "");
	return -1;
}

int param_parse(enum param_id id, const char *text, double *v, enum param_mode *mode,
		char *err, size_t errlen)
{
	const struct param_def *d = &param_defs[id];
	double x = 0;
	bool b;
	int rc = 0;
	char word[8];
	size_t n = strspn(text, " \t");

	snprintf(word, sizeof word, "%s", text + n);
	for (char *e = word + strlen(word); e > word && isspace((unsigned char)e[-1]);)
		*--e = 0;
	*mode = PM_VALUE;
	if ((d->flags & PF_OFF) && !units_casecmp(word, "off")) {
		*mode = PM_OFF;
		return 0;
	}
	if ((d->flags & PF_AUTO) && !units_casecmp(word, "auto")) {
		*mode = PM_AUTO;
		return 0;
	}
	switch (d->type) {
	case PT_DB: case PT_LUFS: case PT_DBTP:
		if (units_parse_db(text, &x, d->flags & PF_INF))
			return kind_error(d, "a level in dB such as -6 dB", err, errlen);
		if (isinf(x))
			break;
		goto range;
	case PT_HZ:
		if (units_parse_hz(text, &x))
			return kind_error(d, "a frequency such as 90 Hz or 3 kHz", err, errlen);
		goto range;
	case PT_MS:
		if (units_parse_ms(text, &x))
			return kind_error(d, "a time such as 10 ms", err, errlen);
		goto range;
	case PT_SEC:
		if (units_parse_seconds(text, &x))
			return kind_error(d, "a time such as 1.8 s", err, errlen);
		goto range;
	case PT_PCT:
		if (units_parse_pct(text, &x))
			return kind_error(d, "a percentage such as 70 %", err, errlen);
		goto range;
	case PT_PAN:
		if (units_parse_pan(text, &x))
			return kind_error(d, "-100 .. 100, or L30, C, R30", err, errlen);
		goto range;
	case PT_BOOL:
		if (units_parse_bool(text, &b))
			return kind_error(d, "yes or no", err, errlen);
		x = b;
		break;
	case PT_RATIO:
		if (units_parse_ratio(text, &x))
			return kind_error(d, "a ratio such as 4 or 4:1", err, errlen);
		goto range;
	case PT_NUM:
		if (units_parse_number(text, &x))
			return kind_error(d, "a number", err, errlen);
		if ((d->flags & PF_INT) && x != floor(x))
			return kind_error(d, "a whole number", err, errlen);
		goto range;
	case PT_TIME:
		if (units_parse_time(text, &x))
			return kind_error(d, "a time: SS.sss, M:SS.sss or H:MM:SS.sss", err, errlen);
		goto range;
	case PT_SLOPE:
		if (units_parse_number(text, &x) || (x != 12 && x != 24))
			return kind_error(d, "12 or 24 (dB/oct)", err, errlen);
		break;
	case PT_AUTOMODE:
		for (int i = 0; i < AM_COUNT; i++)
			if (!units_casecmp(word, auto_mode_names[i])) {
				*v = i;
				return 0;
			}
		return kind_error(d, "off, read, touch, latch or write", err, errlen);
	case PT_PANLAW:
		if (units_parse_db(text, &x, false) || (x != 0 && x != -3 && x != -4.5 && x != -6))
			return kind_error(d, "one of 0, -3, -4.5 or -6 dB", err, errlen);
		break;
	case PT_DELAYTIME:
		if (units_parse_note(text, &x) == 0) {
			*mode = PM_NOTE;
			break; /* in beats; tempo resolves it */
		}
		if (units_parse_ms(text, &x))
			return kind_error(d, "a time such as 375 ms, or a note length such as 1/8.", err, errlen);
		goto range;
	default:
		snprintf(err, errlen, "is not a plain value");
		return -1;
	}
	*v = x;
	return rc;
range:
	if (!(x >= d->min && x <= d->max))
		return range_error(d, err, errlen);
	*v = x;
	return 0;
}

char *param_format(enum param_id id, double v, enum param_mode mode, char *buf, size_t n)
{
	const struct param_def *d = &param_defs[id];

	if (mode == PM_OFF) {
		snprintf(buf, n, "off");
		return buf;
	}
	if (mode == PM_AUTO) {
		snprintf(buf, n, "auto");
		return buf;
	}
	switch (d->type) {
	case PT_DB: case PT_PANLAW: return units_fmt_db(buf, n, v);
	case PT_LUFS: return strcat(units_fmt_level(buf, n - 5, v, 1, false), " LUFS");
	case PT_DBTP: return strcat(units_fmt_level(buf, n - 5, v, 1, false), " dBTP");
	case PT_HZ: return units_fmt_hz(buf, n, v);
	case PT_MS: return units_fmt_ms(buf, n, v);
	case PT_SEC: return units_fmt_seconds(buf, n, v);
	case PT_PCT: return units_fmt_pct(buf, n, v);
	case PT_PAN: return units_fmt_pan(buf, n, v);
	case PT_BOOL: return units_fmt_bool(buf, n, v != 0);
	case PT_RATIO: return units_fmt_ratio(buf, n, v);
	case PT_TIME: return units_fmt_time(buf, n, v);
	case PT_AUTOMODE:
		snprintf(buf, n, "%s", auto_mode_names[v >= 0 && v < AM_COUNT ? (int)v : AM_READ]);
		return buf;
	case PT_DELAYTIME:
		if (mode == PM_NOTE) {
			/* beats back to the simplest note spelling */
			static const struct { double beats; const char *s; } notes[] = {
				{4, "1/1"}, {2, "1/2"}, {1, "1/4"}, {0.5, "1/8"}, {0.25, "1/16"}, {0.125, "1/32"},
			};
			for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
				if (fabs(v - notes[i].beats) < 1e-9) { snprintf(buf, n, "%s", notes[i].s); return buf; }
				if (fabs(v - notes[i].beats * 1.5) < 1e-9) { snprintf(buf, n, "%s.", notes[i].s); return buf; }
				if (fabs(v - notes[i].beats * 2 / 3) < 1e-9) { snprintf(buf, n, "%st", notes[i].s); return buf; }
			}
			/* any other NUM/DEN[.t] that parsed: find a spelling that
			 * parses back to the same beats (fuzzing found "1/82"
			 * written as "0.0487805/4", which does not load) */
			static const struct { double mul; const char *sfx; } kinds[] = {{1, ""}, {1.5, "."}, {2.0 / 3.0, "t"}};
			for (size_t k = 0; k < 3; k++) { /* plain spellings first: they parse back bit for bit */
				for (int den = 1; den <= 128; den++) {
					double num = v * den / (4.0 * kinds[k].mul), whole = floor(num + 0.5);
					/* compare after rounding: 4/98*98/4 is 0.99999... */
					if (whole >= 1 && whole <= 64 && fabs(num - whole) < 1e-9) {
						snprintf(buf, n, "%d/%d%s", (int)whole, den, kinds[k].sfx);
						return buf;
					}
				}
			}
			snprintf(buf, n, "%g/4", v);
			return buf;
		}
		return units_fmt_ms(buf, n, v);
	default:
		return units_fmt_number(buf, n, v);
	}
}

double param_step(enum param_id id, double v, int dir, bool coarse)
{
	const struct param_def *d = &param_defs[id];
	double x;

	if (d->type == PT_HZ) {
		/* frequencies move in musical steps: a twelfth or a third of an octave */
		x = param_grid_hz(v, dir * (coarse ? 4 : 1));
	} else {
		double s = coarse ? d->coarse : d->step;
		if (isinf(v) && dir > 0)
			v = d->min - s;
		x = (round(v / s) + dir) * s;
		if (d->flags & PF_INF && x < d->min)
			return -INFINITY;
	}
	if (x < d->min) x = d->min;
	if (x > d->max) x = d->max;
	return x;
}

/* x rounded to three significant figures; dividing by a whole power of
 * ten gives the double nearest the decimal (0.707, not 0.70700000001). */
static double sig3(double x)
{
	int e = (int)floor(log10(x));
	double p = pow(10.0, fabs(2.0 - e));
	return e <= 2 ? round(x * p) / p : round(x / p) * p;
}

static double grid_point(double anchor, int per_octave, long n)
{
	return sig3(anchor * pow(2.0, (double)n / per_octave));
}

double param_grid(double v, double anchor, int per_octave, int steps)
{
	long n;
	int dir = steps < 0 ? -1 : 1;

	if (!(v > 0) || !isfinite(v) || steps == 0)
		return v;
	n = lround(log2(v / anchor) * per_octave);
	/* the first point strictly beyond v (a hair of tolerance: v is often
	 * a grid point read back from text) */
	while (dir > 0 ? grid_point(anchor, per_octave, n) > v * (1 + 1e-9)
		       : grid_point(anchor, per_octave, n) < v * (1 - 1e-9))
		n -= dir;
	while (dir > 0 ? grid_point(anchor, per_octave, n) <= v * (1 + 1e-9)
		       : grid_point(anchor, per_octave, n) >= v * (1 - 1e-9))
		n += dir;
	return grid_point(anchor, per_octave, n + steps - dir);
}

double param_grid_hz(double v, int steps) { return param_grid(v, 1000.0, 12, steps); }
double param_grid_q(double v, int steps) { return param_grid(v, 1.0, 4, steps); }

static const double note_beats[] = {
	0.125, 0.1875,                 /* 1/32 1/32. */
	0.25 * 2 / 3, 0.25, 0.375,     /* 1/16t 1/16 1/16. */
	0.5 * 2 / 3, 0.5, 0.75,        /* 1/8t ... */
	1.0 * 2 / 3, 1.0, 1.5,         /* 1/4t ... */
	2.0 * 2 / 3, 2.0, 3.0,         /* 1/2t ... */
	4.0,                           /* 1/1 */
};

double param_note_step(double beats, int steps)
{
	int n = (int)(sizeof note_beats / sizeof note_beats[0]), at = 0;
	double best = INFINITY;

	for (int i = 0; i < n; i++) {
		double d = fabs(log(beats / note_beats[i]));
		if (d < best) {
			best = d;
			at = i;
		}
	}
	if (best > 1e-9) /* off the list: the nearest entry is the first step */
		steps -= steps > 0 ? 1 : steps < 0 ? -1 : 0;
	at += steps;
	return note_beats[at < 0 ? 0 : at >= n ? n - 1 : at];
}
