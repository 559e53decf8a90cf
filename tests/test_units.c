/* test_units.c — value parsing and formatting, and their round trips. */
#include "units.h"
#include "tap.h"
#include <math.h>

static double p_db(const char *s) { double v = NAN; return units_parse_db(s, &v, true) ? NAN : v; }
static double p_hz(const char *s) { double v = NAN; return units_parse_hz(s, &v) ? NAN : v; }
static double p_ms(const char *s) { double v = NAN; return units_parse_ms(s, &v) ? NAN : v; }
static double p_pan(const char *s) { double v = NAN; return units_parse_pan(s, &v) ? NAN : v; }
static double p_time(const char *s) { double v = NAN; return units_parse_time(s, &v) ? NAN : v; }

int main(void)
{
	char buf[64];
	double v;
	bool b;

	is_near(p_db("-6 dB"), -6, 1e-12, "-6 dB");
	is_near(p_db("-6dB"), -6, 1e-12, "-6dB");
	is_near(p_db("-6"), -6, 1e-12, "-6");
	is_near(p_db("+2.5 dB"), 2.5, 1e-12, "+2.5 dB");
	ok(isinf(p_db("-inf")) && p_db("-inf") < 0, "-inf");
	ok(isinf(p_db("-inf dB")), "-inf dB");
	ok(units_parse_db("-inf", &v, false) != 0, "-inf refused where not allowed");
	ok(isnan(p_db("six")), "words refused");
	ok(isnan(p_db("-6 Hz")), "wrong unit refused");
	ok(isnan(p_db("0x10")), "hex refused");
	ok(isnan(p_db("nan")), "nan refused");
	ok(isnan(p_db("")), "empty refused");
	is_near(p_hz("3 kHz"), 3000, 1e-9, "3 kHz");
	is_near(p_hz("3k"), 3000, 1e-9, "3k");
	is_near(p_hz("3000 Hz"), 3000, 1e-9, "3000 Hz");
	is_near(p_hz("3000"), 3000, 1e-9, "3000");
	is_near(p_hz("1.5KHz"), 1500, 1e-9, "1.5KHz");
	is_near(p_ms("10 ms"), 10, 1e-9, "10 ms");
	is_near(p_ms("0.01 s"), 10, 1e-9, "0.01 s in ms");
	is_near(p_ms("10"), 10, 1e-9, "bare ms");
	ok(units_parse_seconds("2400 ms", &v) == 0 && fabs(v - 2.4) < 1e-12, "2400 ms = 2.4 s");
	ok(units_parse_pct("70 %", &v) == 0 && v == 70, "70 %");
	ok(units_parse_pct("70%", &v) == 0 && v == 70, "70%");
	is_near(p_pan("L30"), -30, 1e-12, "L30");
	is_near(p_pan("R30"), 30, 1e-12, "R30");
	is_near(p_pan("C"), 0, 1e-12, "C");
	is_near(p_pan("-15"), -15, 1e-12, "-15");
	is_near(p_pan("l 20"), -20, 1e-12, "l 20");
	is_near(p_pan("L"), -100, 1e-12, "bare L is hard left");
	ok(isnan(p_pan("X30")), "X30 refused");
	ok(units_parse_bool("yes", &b) == 0 && b, "yes");
	ok(units_parse_bool("Off", &b) == 0 && !b, "Off");
	ok(units_parse_bool("TRUE", &b) == 0 && b, "TRUE");
	ok(units_parse_bool("0", &b) == 0 && !b, "0");
	ok(units_parse_bool("maybe", &b) != 0, "maybe refused");
	ok(units_parse_ratio("3:1", &v) == 0 && v == 3, "3:1");
	ok(units_parse_ratio("4", &v) == 0 && v == 4, "4");
	ok(units_parse_ratio("3:0", &v) != 0, "3:0 refused");
	is_near(p_time("83.5"), 83.5, 1e-12, "83.5 s");
	is_near(p_time("1:23.5"), 83.5, 1e-12, "1:23.5");
	is_near(p_time("0:01:23.5"), 83.5, 1e-12, "0:01:23.5");
	is_near(p_time("1:00:00"), 3600, 1e-12, "1:00:00");
	is_near(p_time("12 s"), 12, 1e-12, "12 s");
	ok(isnan(p_time("1:75")), "1:75 refused (seconds past 59)");
	ok(isnan(p_time("1.5:30")), "fraction in minutes refused");
	ok(isnan(p_time("1:2:3:4")), "four fields refused");
	ok(isnan(p_time("-3")), "negative time refused");
	ok(isnan(p_time("1:23.4.5")) && isnan(p_time("1.2.3")) && isnan(p_time("0:05..9")), "a second dot is refused, not read as a shorter time");
	ok(isnan(p_time("1e3")) && isnan(p_time("0x10")) && isnan(p_time("1:0x1")), "strtod's exponents and hex are not times");
	ok(units_parse_note("1/4", &v) == 0 && v == 1, "1/4 = 1 beat");
	ok(units_parse_note("1/8.", &v) == 0 && v == 0.75, "1/8. = 0.75 beat");
	ok(units_parse_note("1/8t", &v) == 0 && fabs(v - 1.0 / 3) < 1e-12, "1/8t = 1/3 beat");
	ok(units_parse_note("1/1", &v) == 0 && v == 4, "1/1 = 4 beats");
	ok(units_parse_note("1/0", &v) != 0, "1/0 refused");
	ok(units_parse_note("375", &v) != 0, "ms is not a note");

	is_str(units_fmt_db(buf, sizeof buf, -4), "-4 dB", "fmt -4 dB");
	is_str(units_fmt_db(buf, sizeof buf, 2.5), "+2.5 dB", "fmt +2.5 dB");
	is_str(units_fmt_db(buf, sizeof buf, 0), "0 dB", "fmt 0 dB");
	is_str(units_fmt_db(buf, sizeof buf, -INFINITY), "-inf dB", "fmt -inf dB");
	is_str(units_fmt_db(buf, sizeof buf, -0.001), "0 dB", "no -0 dB");
	is_str(units_fmt_db(buf, sizeof buf, -235.9), "-inf dB", "a decayed float tail is -inf dB, not -235.9 dB");

	/* measured levels: silence is -inf, zero has no sign */
	is_str(units_fmt_level(buf, sizeof buf, -INFINITY, 1, false), "-inf", "level -inf");
	is_str(units_fmt_level(buf, sizeof buf, -235.9, 1, false), "-inf", "level -235.9 is silence: -inf");
	is_str(units_fmt_level(buf, sizeof buf, UNITS_SILENCE_DB, 1, false), "-inf", "level at the floor: -inf");
	is_str(units_fmt_level(buf, sizeof buf, -199.9, 1, false), "-199.9", "level just above the floor is a number");
	is_str(units_fmt_level(buf, sizeof buf, -0.04, 1, false), "0.0", "level -0.04 at 1 decimal: 0.0, not -0.0");
	is_str(units_fmt_level(buf, sizeof buf, -0.0, 1, true), "0.0", "level -0.0 with a sign: 0.0");
	is_str(units_fmt_level(buf, sizeof buf, 0.04, 1, true), "0.0", "level +0.04 with a sign: 0.0, not +0.0");
	is_str(units_fmt_level(buf, sizeof buf, -0.4, 0, true), "0", "level -0.4 at 0 decimals: 0, not -0");
	is_str(units_fmt_level(buf, sizeof buf, 0.06, 1, true), "+0.1", "level +0.06 with a sign: +0.1");
	is_str(units_fmt_level(buf, sizeof buf, -12.34, 1, false), "-12.3", "level -12.34: -12.3");
	is_str(units_fmt_level(buf, sizeof buf, -0.006, 2, false), "-0.01", "level -0.006 at 2 decimals: -0.01");
	is_str(units_fmt_level(buf, sizeof buf, NAN, 1, false), "nan", "level NaN: nan");
	{
		int neg0 = 0;
		for (int prec = 0; prec <= 2 && !neg0; prec++)
			for (double x = -1; x <= 1; x += 0.0005) {
				units_fmt_level(buf, sizeof buf, x, prec, prec == 1);
				if (strspn(buf + (buf[0] == '-' || buf[0] == '+'), "0.") == strlen(buf) - (buf[0] == '-' || buf[0] == '+') &&
				    (buf[0] == '-' || buf[0] == '+')) {
					neg0 = 1;
					tap_diag("%g at %d decimals gives '%s'", x, prec, buf);
					break;
				}
			}
		ok(!neg0, "no level from -1 to +1 dB prints as a signed zero");
	}
	is_str(units_fmt_hz(buf, sizeof buf, 90), "90 Hz", "fmt 90 Hz");
	is_str(units_fmt_hz(buf, sizeof buf, 3000), "3 kHz", "fmt 3 kHz");
	is_str(units_fmt_hz(buf, sizeof buf, 1250), "1.25 kHz", "fmt 1.25 kHz");
	is_str(units_fmt_pan(buf, sizeof buf, -30), "L30", "fmt L30");
	is_str(units_fmt_pan(buf, sizeof buf, 0), "C", "fmt C");
	is_str(units_fmt_pan(buf, sizeof buf, 20), "R20", "fmt R20");
	is_str(units_fmt_time(buf, sizeof buf, 83.5), "1:23.5", "fmt 1:23.5");
	is_str(units_fmt_time(buf, sizeof buf, 0), "0:00", "fmt 0:00");
	is_str(units_fmt_time(buf, sizeof buf, 3723.25), "1:02:03.25", "fmt 1:02:03.25");
	is_str(units_fmt_ratio(buf, sizeof buf, 3), "3:1", "fmt 3:1");
	is_str(units_fmt_pct(buf, sizeof buf, 70), "70 %", "fmt 70 %");

	/* every formatted value parses back to itself */
	int bad = 0;
	for (double x = -60; x <= 12; x += 0.25) {
		units_fmt_db(buf, sizeof buf, x);
		if (units_parse_db(buf, &v, false) || fabs(v - x) > 1e-9) {
			bad++;
			tap_diag("dB round trip %g via '%s'", x, buf);
			break;
		}
	}
	ok(!bad, "dB round trips -60..+12");
	bad = 0;
	for (double t = 0; t < 7300; t += 13.371) {
		units_fmt_time(buf, sizeof buf, t);
		if (units_parse_time(buf, &v) || fabs(v - t) > 0.0005) {
			bad++;
			tap_diag("time round trip %g via '%s'", t, buf);
			break;
		}
	}
	ok(!bad, "time round trips 0..2 h");
	bad = 0;
	for (double f = 10; f <= 20000; f *= 1.0905) {
		units_fmt_hz(buf, sizeof buf, f);
		if (units_parse_hz(buf, &v) || fabs(v - f) > f * 1e-3) {
			bad++;
			tap_diag("Hz round trip %g via '%s'", f, buf);
			break;
		}
	}
	ok(!bad, "Hz round trips 10 Hz..20 kHz within 0.1 %%");
	bad = 0;
	for (int pn = -100; pn <= 100; pn++) {
		units_fmt_pan(buf, sizeof buf, pn);
		if (units_parse_pan(buf, &v) || v != pn) {
			bad++;
			tap_diag("pan round trip %d via '%s'", pn, buf);
			break;
		}
	}
	ok(!bad, "pan round trips -100..100");
	bad = 0;
	return done_testing();
}
