/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/date.c: days, ISO weeks, times, input forms, periods. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hak/date.h"
#include "tap.h"

/* 2026-11-27T10:00:00+09:00, a Friday. */
#define NOW ((int64_t)1795741200)
/* 2026-11-27T00:00:00+09:00 */
#define MIDNIGHT ((int64_t)1795705200)

static int32_t
D(int y, int m, int d)
{
	return hak_day_from_ymd(y, m, d);
}

/* Formatted day, from a small ring of buffers. */
static const char *
F(int32_t day)
{
	static char buf[8][HAK_DATE_LEN];
	static int i;

	i = (i + 1) % 8;
	hak_day_format(day, buf[i]);
	return buf[i];
}

static const char *
T(int64_t t)
{
	static char buf[4][HAK_TIME_LEN];
	static int i;

	i = (i + 1) % 4;
	hak_time_format(t, buf[i]);
	return buf[i];
}

static void
test_civil(void)
{
	int32_t d, prev;
	int y, m, dd, bad = 0;

	is_int(D(1970, 1, 1), 0, "1970-01-01 is day 0");
	is_int(D(2000, 1, 1), 10957, "2000-01-01 is day 10957");
	is_int(D(2026, 1, 1), 20454, "2026-01-01 is day 20454");
	is_int(D(1969, 12, 31), -1, "1969-12-31 is day -1");
	hak_day_to_ymd(-1, &y, &m, &dd);
	ok(y == 1969 && m == 12 && dd == 31, "day -1 is 1969-12-31");
	is_str(F(D(2024, 2, 29)), "2024-02-29", "format a leap day");
	is_str(F(D(2026, 11, 27)), "2026-11-27", "format 2026-11-27");
	is_str(F(D(2026, 3, 1) - 1), "2026-02-28", "day before 2026-03-01");
	is_str(F(D(2000, 3, 1) - 1), "2000-02-29", "2000 is a leap year");
	is_str(F(D(1900, 3, 1) - 1), "1900-02-28", "1900 is not a leap year");

	ok(hak_ymd_valid(2024, 2, 29), "2024-02-29 valid");
	ok(!hak_ymd_valid(2026, 2, 29), "2026-02-29 invalid");
	ok(!hak_ymd_valid(2026, 2, 30), "2026-02-30 invalid");
	ok(!hak_ymd_valid(1900, 2, 29), "1900-02-29 invalid");
	ok(hak_ymd_valid(2000, 2, 29), "2000-02-29 valid");
	ok(!hak_ymd_valid(2026, 4, 31), "2026-04-31 invalid");
	ok(!hak_ymd_valid(2026, 13, 1), "month 13 invalid");
	ok(!hak_ymd_valid(2026, 1, 0), "day 0 invalid");

	is_int(hak_day_weekday(0), 4, "1970-01-01 was a Thursday");
	is_int(hak_day_weekday(D(2026, 11, 27)), 5, "2026-11-27 is a Friday");
	is_int(hak_day_weekday(D(2026, 11, 29)), 7, "2026-11-29 is a Sunday");
	is_int(hak_day_weekday(D(2026, 11, 30)), 1, "2026-11-30 is a Monday");
	is_int(hak_day_weekday(D(1969, 12, 29)), 1, "1969-12-29 was a Monday");

	/* Round trip over a wide range, weekdays cycling. */
	prev = -800001;
	for (d = -800000; d <= 800000; d++) {
		hak_day_to_ymd(d, &y, &m, &dd);
		if (!hak_ymd_valid(y, m, dd) || D(y, m, dd) != d ||
		    hak_day_weekday(d) % 7 != (hak_day_weekday(prev) + 1) % 7)
			bad++;
		prev = d;
	}
	is_int(bad, 0, "day <-> y-m-d round trip over 4400 years");

	ok(hak_day_parse("2026-11-27", &d, NULL) == HAK_OK &&
	    d == D(2026, 11, 27), "day_parse 2026-11-27");
	is_int(hak_day_parse("2026-2-3", &d, NULL), HAK_EDATA,
		"day_parse refuses 2026-2-3");
	is_int(hak_day_parse("2026-02-30", &d, NULL), HAK_EDATA,
		"day_parse refuses 2026-02-30");
	is_int(hak_day_parse("2026-11-27x", &d, NULL), HAK_EDATA,
		"day_parse refuses trailing text");
	is_int(hak_day_parse("", &d, NULL), HAK_EDATA,
		"day_parse refuses empty");
}

static void
check_week(int y, int m, int d, int wy, int ww, const char *name)
{
	int iy, iw;

	hak_day_isoweek(D(y, m, d), &iy, &iw);
	if (!ok(iy == wy && iw == ww, name))
		printf("#   got %d-W%02d\n", iy, iw);
}

static void
test_weeks(void)
{
	struct hak_err e;
	int32_t mon = 0;

	check_week(2020, 12, 31, 2020, 53, "2020-12-31 is 2020-W53");
	check_week(2021, 1, 3, 2020, 53, "2021-01-03 is 2020-W53");
	check_week(2021, 1, 4, 2021, 1, "2021-01-04 is 2021-W01");
	check_week(2024, 12, 30, 2025, 1, "2024-12-30 is 2025-W01");
	check_week(2026, 12, 31, 2026, 53, "2026-12-31 is 2026-W53");
	check_week(2027, 1, 1, 2026, 53, "2027-01-01 is 2026-W53");
	check_week(2027, 1, 4, 2027, 1, "2027-01-04 is 2027-W01");
	check_week(2026, 11, 27, 2026, 48, "2026-11-27 is 2026-W48");
	check_week(2025, 12, 29, 2026, 1, "2025-12-29 is 2026-W01");

	ok(hak_isoweek_monday(2026, 53, &mon, NULL) == HAK_OK &&
	    mon == D(2026, 12, 28), "2026-W53 starts 2026-12-28");
	ok(hak_isoweek_monday(2026, 1, &mon, NULL) == HAK_OK &&
	    mon == D(2025, 12, 29), "2026-W01 starts 2025-12-29");
	ok(hak_isoweek_monday(2020, 53, &mon, NULL) == HAK_OK &&
	    mon == D(2020, 12, 28), "2020-W53 starts 2020-12-28");
	ok(hak_isoweek_monday(2026, 48, &mon, NULL) == HAK_OK &&
	    mon == D(2026, 11, 23), "2026-W48 starts 2026-11-23");
	is_int(hak_isoweek_monday(2027, 53, &mon, &e), HAK_EUSAGE,
		"2027-W53 does not exist");
	is_int(hak_isoweek_monday(2026, 0, &mon, NULL), HAK_EUSAGE,
		"week 0 does not exist");
	is_int(hak_isoweek_monday(2026, 54, &mon, NULL), HAK_EUSAGE,
		"week 54 does not exist");
}

static void
test_zone_and_time(void)
{
	struct hak_err e;
	int64_t t = 0;
	int32_t day;
	int secs, off, bad = 0;
	size_t i;
	static const int64_t samples[] = { 0, NOW, MIDNIGHT - 1,
		1782907200, -86400 * 365, 4102444800LL };

	is_int(hak_clock_setzone("Mars/Olympus_Mons", &e), HAK_ECONFIG,
		"unknown zone refused");
	is_int(hak_clock_setzone("../../etc/passwd", NULL), HAK_ECONFIG,
		"zone path escape refused");
	is_int(hak_clock_setzone("", NULL), HAK_ECONFIG, "empty zone refused");
	is_int(hak_clock_setzone("UTC", NULL), HAK_OK, "UTC accepted");
	is_str(T(NOW), "2026-11-27T01:00:00+00:00", "format in UTC");
	is_int(hak_clock_setzone("Asia/Seoul", NULL), HAK_OK,
		"Asia/Seoul accepted");

	is_str(T(NOW), "2026-11-27T10:00:00+09:00", "format in Seoul");
	is_str(T(0), "1970-01-01T09:00:00+09:00", "format the epoch");
	hak_time_split(NOW, &day, &secs, &off);
	ok(day == D(2026, 11, 27) && secs == 36000 && off == 32400,
		"split 2026-11-27T10:00+09:00");
	is_int(hak_time_from_local(D(2026, 11, 27), 36000), NOW,
		"from_local 2026-11-27 10:00");
	is_int(hak_time_from_local(D(2026, 11, 26), 86400 + 36000), NOW,
		"from_local normalises seconds past the day");
	is_int(hak_time_day(MIDNIGHT - 1), D(2026, 11, 26),
		"23:59:59 is still the day before");
	is_int(hak_time_day(MIDNIGHT), D(2026, 11, 27), "00:00 is the day");

	ok(hak_time_parse("2026-11-27T10:00:00+09:00", &t, NULL) == HAK_OK &&
	    t == NOW, "parse with +09:00");
	ok(hak_time_parse("2026-11-27T01:00:00Z", &t, NULL) == HAK_OK &&
	    t == NOW, "parse with Z");
	ok(hak_time_parse("2026-11-27T10:00:00+0900", &t, NULL) == HAK_OK &&
	    t == NOW, "parse with +0900");
	ok(hak_time_parse("2026-11-26T20:00:00-05:00", &t, NULL) == HAK_OK &&
	    t == NOW, "parse with -05:00");
	ok(hak_time_parse("2026-11-27 10:00", &t, NULL) == HAK_OK &&
	    t == NOW, "parse local, space, no seconds");
	ok(hak_time_parse("2026-11-27", &t, NULL) == HAK_OK && t == MIDNIGHT,
		"parse a bare date as local midnight");
	is_int(hak_time_parse("2026-11-27T25:00", &t, &e), HAK_EDATA,
		"parse refuses hour 25");
	is_int(hak_time_parse("2026-11-27T10:00+9", &t, NULL), HAK_EDATA,
		"parse refuses +9");
	is_int(hak_time_parse("2026/11/27", &t, NULL), HAK_EDATA,
		"parse refuses 2026/11/27");
	is_int(hak_time_parse("2026-11-27T10:00:00+09:00 x", &t, NULL),
		HAK_EDATA, "parse refuses trailing text");
	is_int(hak_time_parse("", &t, NULL), HAK_EDATA, "parse refuses empty");

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		if (hak_time_parse(T(samples[i]), &t, NULL) != HAK_OK ||
		    t != samples[i])
			bad++;
	is_int(bad, 0, "format/parse round trip in Seoul");

	/* A zone with daylight saving time. */
	is_int(hak_clock_setzone("America/New_York", NULL), HAK_OK,
		"America/New_York accepted");
	is_str(T(1782907200), "2026-07-01T08:00:00-04:00",
		"New York summer offset -04:00");
	is_str(T(1768478400), "2026-01-15T07:00:00-05:00",
		"New York winter offset -05:00");
	ok(hak_time_parse("2026-07-01T08:00:00", &t, NULL) == HAK_OK &&
	    t == 1782907200, "local parse in New York summer");
	is_int(hak_time_from_local(D(2026, 3, 9), 0) -
	    hak_time_from_local(D(2026, 3, 8), 0), 23 * 3600,
		"2026-03-08 has 23 hours in New York");
	bad = 0;
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		if (hak_time_parse(T(samples[i]), &t, NULL) != HAK_OK ||
		    t != samples[i])
			bad++;
	is_int(bad, 0, "format/parse round trip in New York");
	hak_clock_setzone("Asia/Seoul", NULL);
}

static void
test_now(void)
{
	struct hak_err e;
	int64_t now = 0, sys;

	setenv("HAK_NOW", "2026-11-27T10:00:00+09:00", 1);
	ok(hak_clock_now(&now, NULL) == HAK_OK && now == NOW,
		"HAK_NOW with offset");
	setenv("HAK_NOW", "2026-11-27T10:00", 1);
	ok(hak_clock_now(&now, NULL) == HAK_OK && now == NOW,
		"HAK_NOW local");
	setenv("HAK_NOW", "2026-11-27", 1);
	ok(hak_clock_now(&now, NULL) == HAK_OK && now == MIDNIGHT,
		"HAK_NOW a date");
	setenv("HAK_NOW", "next tuesday", 1);
	hak_err_clear(&e);
	is_int(hak_clock_now(&now, &e), HAK_ECONFIG, "invalid HAK_NOW");
	ok(strstr(e.msg, "HAK_NOW") != NULL, "message names HAK_NOW");
	setenv("HAK_NOW", "2026-02-30T10:00", 1);
	is_int(hak_clock_now(&now, NULL), HAK_ECONFIG,
		"HAK_NOW on a day that does not exist");
	unsetenv("HAK_NOW");
	sys = (int64_t)time(NULL);
	ok(hak_clock_now(&now, NULL) == HAK_OK && now >= sys - 5 &&
	    now <= sys + 5, "without HAK_NOW the system clock");
}

static void
date_ok(const char *s, const char *want)
{
	struct hak_err e;
	int32_t day = 0;
	char name[128];
	int rc;

	hak_err_clear(&e);
	snprintf(name, sizeof(name), "input date '%s'", s);
	rc = hak_input_date(s, &day, &e);
	if (!is_str(rc == HAK_OK ? F(day) : e.msg, want, name))
		printf("#   rc %d\n", rc);
}

static void
time_ok(const char *s, int64_t want)
{
	int64_t t = 0;
	char name[128];

	snprintf(name, sizeof(name), "input time '%s'", s);
	if (!ok(hak_input_time(s, &t, NULL) == HAK_OK && t == want, name))
		printf("#   got %s, want %s\n", T(t), T(want));
}

static void
refused(const char *s, const char *hint)
{
	struct hak_err e;
	int32_t day;
	int64_t t;
	char name[128];
	int rc;

	hak_err_clear(&e);
	snprintf(name, sizeof(name), "refused '%s' (%s)", s, hint);
	rc = hak_input_date(s, &day, &e);
	if (!ok(rc == HAK_EDATA && strstr(e.msg, hint) &&
	    hak_input_time(s, &t, NULL) == HAK_EDATA, name))
		printf("#   rc %d msg '%s'\n", rc, e.msg);
}

static void
test_input(void)
{
	date_ok("2026-11-27", "2026-11-27");
	date_ok("2026.11.27", "2026-11-27");
	date_ok("2026. 11. 27.", "2026-11-27");
	date_ok("2026.11.27.", "2026-11-27");
	date_ok("2026.1.5", "2026-01-05");
	date_ok("2026/11/27", "2026-11-27");
	date_ok("2026/1/5", "2026-01-05");
	date_ok("2026년 11월 27일", "2026-11-27");
	date_ok("2026년 1월 5일", "2026-01-05");
	date_ok("20261127", "2026-11-27");
	date_ok("  2026-11-27\t", "2026-11-27");
	date_ok("2026-11-27 23:30", "2026-11-27");
	date_ok("2026-11-27T23:30:00Z", "2026-11-28");
	date_ok("2026-11-27 10:00 GMT+9", "2026-11-27");

	time_ok("2026-11-27", MIDNIGHT);
	time_ok("2026-11-27 10:00", NOW);
	time_ok("2026-11-27 10:00:00", NOW);
	time_ok("2026-11-27T10:00:00+09:00", NOW);
	time_ok("2026-11-27T01:00:00Z", NOW);
	time_ok("2026-11-27 01:00 Z", NOW);
	time_ok("2026-11-27 10:00 GMT+9", NOW);
	time_ok("2026-11-27 10:00 GMT+09:00", NOW);
	time_ok("2026-11-26 20:00 -05:00", NOW);
	time_ok("2026. 11. 27. 오전 10:00:00", NOW);
	time_ok("2026. 11. 27. 오후 10:00", NOW + 12 * 3600);
	time_ok("2026년 11월 27일 오전 10:00", NOW);
	time_ok("2026/11/27 10:00 AM", NOW);
	time_ok("2026/11/27 10:00 PM", NOW + 12 * 3600);
	time_ok("2026/11/27 10:00 오후", NOW + 12 * 3600);
	time_ok("2026/11/27 PM 10:00", NOW + 12 * 3600);
	time_ok("2026-11-27 오전 12:30", MIDNIGHT + 1800);
	time_ok("2026-11-27 오후 12:30", MIDNIGHT + 12 * 3600 + 1800);
	time_ok("2026-11-27 12:30 AM", MIDNIGHT + 1800);
	time_ok("2026-11-27 12:30 pm", MIDNIGHT + 12 * 3600 + 1800);
	time_ok("2026-11-27 9:05", MIDNIGHT + 9 * 3600 + 300);
	time_ok("20261127 10:00", NOW);
	time_ok("2026-11-27 오후 3:04:05 GMT+9",
		MIDNIGHT + 15 * 3600 + 4 * 60 + 5);

	refused("26-11-27", "two-digit year");
	refused("26.11.27", "two-digit year");
	refused("26/11/27", "two-digit year");
	refused("26년 11월 27일", "two-digit year");
	refused("11/27/2026", "MM/DD/YYYY");
	refused("27/11/2026", "DD/MM/YYYY");
	refused("11-27-2026", "MM/DD/YYYY");
	refused("46000", "serial");
	refused("46000.5", "serial");
	refused("2026", "serial");
	refused("2026-02-30", "no such day");
	refused("2026.2.30", "no such day");
	refused("2026/2/29", "no such day");
	refused("2026년 2월 30일", "no such day");
	refused("20260230", "no such day");
	refused("2026-13-01", "no such day");
	refused("", "empty");
	refused("tomorrow", "YYYY-MM-DD");
	refused("2026-11-27 25:00", "time");
	refused("2026-11-27 오후 13:00", "time");
	refused("2026-11-27 0:30 AM", "time");
	refused("2026-11-27 10:61", "time");
	refused("2026-11-27 10:00 +09", "YYYY-MM-DD");
	refused("2026-11-27 10", "YYYY-MM-DD");
	refused("2026-11-27x", "YYYY-MM-DD");
}

static void
period_is(const char *s, int64_t now, struct hak_sy sy, const char *first,
	const char *last)
{
	struct hak_err e;
	struct hak_period p;
	char name[128], got[sizeof(e.msg) + 32], want[64];
	int rc;

	hak_err_clear(&e);
	snprintf(name, sizeof(name), "period '%s' is %s..%s", s, first, last);
	snprintf(want, sizeof(want), "%s..%s", first, last);
	rc = hak_period_parse(s, now, sy, &p, &e);
	if (rc == HAK_OK)
		snprintf(got, sizeof(got), "%s..%s", F(p.first), F(p.last));
	else
		snprintf(got, sizeof(got), "error %d: %s", rc, e.msg);
	is_str(got, want, name);
}

static void
period_bad(const char *s)
{
	struct hak_err e;
	struct hak_period p;
	struct hak_sy sy = { 3, 1 };
	char name[128];

	hak_err_clear(&e);
	snprintf(name, sizeof(name), "period '%s' refused", s);
	ok(hak_period_parse(s, NOW, sy, &p, &e) == HAK_EUSAGE &&
	    strstr(e.msg, s) != NULL, name);
}

static void
test_periods(void)
{
	struct hak_sy sy = { 3, 1 }, sep = { 9, 1 };
	struct hak_period p;
	struct hak_err e;
	int64_t jan, sun, mon, utc;

	period_is("today", NOW, sy, "2026-11-27", "2026-11-27");
	period_is("yesterday", NOW, sy, "2026-11-26", "2026-11-26");
	period_is("this-week", NOW, sy, "2026-11-23", "2026-11-29");
	period_is("last-week", NOW, sy, "2026-11-16", "2026-11-22");
	period_is("this-month", NOW, sy, "2026-11-01", "2026-11-30");
	period_is("last-month", NOW, sy, "2026-10-01", "2026-10-31");
	period_is("this-year", NOW, sy, "2026-01-01", "2026-12-31");
	period_is("last-year", NOW, sy, "2025-01-01", "2025-12-31");
	period_is("2026-11-27", NOW, sy, "2026-11-27", "2026-11-27");
	period_is("2026-W48", NOW, sy, "2026-11-23", "2026-11-29");
	period_is("2026-W53", NOW, sy, "2026-12-28", "2027-01-03");
	period_is("2026-W01", NOW, sy, "2025-12-29", "2026-01-04");
	period_is("2026-11", NOW, sy, "2026-11-01", "2026-11-30");
	period_is("2026-02", NOW, sy, "2026-02-01", "2026-02-28");
	period_is("2024-02", NOW, sy, "2024-02-01", "2024-02-29");
	period_is("2026", NOW, sy, "2026-01-01", "2026-12-31");
	period_is("2026SY", NOW, sy, "2026-03-01", "2027-02-28");
	period_is("2027SY", NOW, sy, "2027-03-01", "2028-02-29");
	period_is("2026SY", NOW, sep, "2026-09-01", "2027-08-31");
	period_is("2026-11-01..2026-11-15", NOW, sy, "2026-11-01",
		"2026-11-15");
	period_is("2026-11-27..2026-11-27", NOW, sy, "2026-11-27",
		"2026-11-27");

	/* now on other days and in other months. */
	jan = MIDNIGHT - (int64_t)(D(2026, 11, 27) - D(2026, 1, 2)) * 86400;
	period_is("last-month", jan, sy, "2025-12-01", "2025-12-31");
	period_is("this-week", jan, sy, "2025-12-29", "2026-01-04");
	period_is("last-week", jan, sy, "2025-12-22", "2025-12-28");
	period_is("yesterday", jan, sy, "2026-01-01", "2026-01-01");
	period_is("last-year", jan, sy, "2025-01-01", "2025-12-31");
	sun = NOW + 2 * 86400;
	period_is("this-week", sun, sy, "2026-11-23", "2026-11-29");
	mon = NOW + 3 * 86400;
	period_is("this-week", mon, sy, "2026-11-30", "2026-12-06");
	period_is("this-month", mon, sy, "2026-11-01", "2026-11-30");
	/* 2026-11-27T20:00Z is already the 28th in Seoul. */
	utc = NOW + 19 * 3600;
	period_is("today", utc, sy, "2026-11-28", "2026-11-28");

	ok(hak_period_parse("today", NOW, sy, &p, NULL) == HAK_OK &&
	    p.start == MIDNIGHT && p.end == MIDNIGHT + 86400,
		"today is [00:00, next 00:00)");
	ok(hak_period_parse("2026-11", NOW, sy, &p, NULL) == HAK_OK &&
	    p.start == MIDNIGHT - 26 * 86400 &&
	    p.end == MIDNIGHT + 4 * 86400, "2026-11 start and end times");

	period_bad("2027-W53");
	period_bad("2026-W00");
	period_bad("2026-W54");
	period_bad("tomorrow");
	period_bad("2026-13");
	period_bad("2026-11-31");
	period_bad("26");
	period_bad("2026-11-15..2026-11-01");
	period_bad("2026-11-01..");
	period_bad("..2026-11-01");
	period_bad("2026-11-01..2026-11-05..2026-11-09");
	hak_err_clear(&e);
	is_int(hak_period_parse("", NOW, sy, &p, &e), HAK_EUSAGE,
		"empty period refused");

	/* --since / --until */
	ok(hak_period_range("2026-11", "2026-W49", NOW, sy, &p, NULL) ==
	    HAK_OK && p.first == D(2026, 11, 1) && p.last == D(2026, 12, 6) &&
	    p.start == MIDNIGHT - 26 * 86400 &&
	    p.end == MIDNIGHT + 10 * 86400,
		"--since 2026-11 --until 2026-W49 covers both whole");
	ok(hak_period_range("2026-11-15", NULL, NOW, sy, &p, NULL) ==
	    HAK_OK && p.first == D(2026, 11, 15) &&
	    p.last == INT32_MAX / 2 && p.end == INT64_MAX / 2 &&
	    p.start == MIDNIGHT - 12 * 86400, "--since alone is open-ended");
	ok(hak_period_range(NULL, "last-week", NOW, sy, &p, NULL) ==
	    HAK_OK && p.first == INT32_MIN / 2 && p.start == INT64_MIN / 2 &&
	    p.last == D(2026, 11, 22) && p.end == MIDNIGHT - 4 * 86400,
		"--until alone is open at the start");
	ok(hak_period_range(NULL, NULL, NOW, sy, &p, NULL) == HAK_OK &&
	    p.first == INT32_MIN / 2 && p.last == INT32_MAX / 2,
		"neither: everything");
	ok(hak_period_range("2026-11-27", "2026-11", NOW, sy, &p, NULL) ==
	    HAK_OK && p.first == D(2026, 11, 27) &&
	    p.last == D(2026, 11, 30), "--since inside --until");
	is_int(hak_period_range("2026-12", "2026-11", NOW, sy, &p, NULL),
		HAK_EUSAGE, "--since after --until refused");
	is_int(hak_period_range("bogus", NULL, NOW, sy, &p, NULL), HAK_EUSAGE,
		"bad --since refused");
	is_int(hak_period_range(NULL, "2027-W53", NOW, sy, &p, NULL),
		HAK_EUSAGE, "bad --until refused");

	/* Periods in a zone with daylight saving time. */
	hak_clock_setzone("America/New_York", NULL);
	ok(hak_period_parse("2026-03-08", NOW, sy, &p, NULL) == HAK_OK &&
	    p.end - p.start == 23 * 3600 &&
	    p.start == (int64_t)D(2026, 3, 8) * 86400 + 5 * 3600,
		"a period on the DST change day in New York");
	hak_clock_setzone("Asia/Seoul", NULL);
}

static void
test_bizdays(void)
{
	int32_t hol[8], a;
	struct hak_calendar cal;
	int n, bad = 0;

	hol[0] = D(2026, 2, 16);
	hol[1] = D(2026, 2, 17);
	hol[2] = D(2026, 2, 18);
	hol[3] = D(2026, 3, 2);
	hol[4] = D(2026, 5, 5);
	hol[5] = D(2026, 5, 25);
	hol[6] = D(2026, 12, 25);
	hol[7] = D(2027, 1, 1);
	cal.holidays = hol;
	cal.n = 8;

	ok(hak_bizday_is(&cal, D(2026, 11, 27)), "Friday is a business day");
	ok(!hak_bizday_is(&cal, D(2026, 11, 28)), "Saturday is not");
	ok(!hak_bizday_is(&cal, D(2026, 11, 29)), "Sunday is not");
	ok(!hak_bizday_is(&cal, D(2026, 2, 16)), "Seollal is not");
	ok(!hak_bizday_is(&cal, D(2026, 12, 25)), "Christmas is not");
	ok(hak_bizday_is(&cal, D(2026, 12, 24)), "Christmas eve is");
	ok(hak_bizday_is(NULL, D(2026, 12, 25)), "no calendar: weekdays");

	is_int(hak_bizdays_between(&cal, D(2026, 11, 27), D(2026, 11, 27)), 0,
		"same day: 0");
	is_int(hak_bizdays_between(&cal, D(2026, 11, 30), D(2026, 11, 27)), 0,
		"b before a: 0");
	is_int(hak_bizdays_between(&cal, D(2026, 11, 27), D(2026, 11, 30)), 1,
		"Friday to Monday: 1");
	is_int(hak_bizdays_between(&cal, D(2026, 11, 28), D(2026, 11, 29)), 0,
		"Saturday to Sunday: 0");
	is_int(hak_bizdays_between(&cal, D(2026, 11, 27), D(2026, 12, 4)), 5,
		"a week: 5");
	is_int(hak_bizdays_between(&cal, D(2026, 2, 13), D(2026, 2, 20)), 2,
		"over Seollal: 2");
	is_int(hak_bizdays_between(&cal, D(2026, 5, 1), D(2026, 5, 31)), 18,
		"May 2026: 18");
	is_int(hak_bizdays_between(&cal, D(2026, 12, 24), D(2027, 1, 4)), 5,
		"over the new year: 5");
	is_int(hak_bizdays_between(&cal, D(2026, 1, 1), D(2026, 12, 31)), 253,
		"2026 after new year's day: 253");
	is_int(hak_bizdays_between(NULL, D(2026, 1, 1), D(2026, 12, 31)), 260,
		"2026 without holidays: 260");

	is_str(F(hak_bizday_next(&cal, D(2026, 11, 28))), "2026-11-30",
		"next after Saturday");
	is_str(F(hak_bizday_next(&cal, D(2026, 11, 27))), "2026-11-27",
		"next of a business day is itself");
	is_str(F(hak_bizday_next(&cal, D(2026, 2, 14))), "2026-02-19",
		"next over Seollal");
	is_str(F(hak_bizday_next(&cal, D(2026, 12, 25))), "2026-12-28",
		"next after Christmas");

	is_str(F(hak_bizday_add(&cal, D(2026, 11, 27), 0)), "2026-11-27",
		"add 0");
	is_str(F(hak_bizday_add(&cal, D(2026, 11, 28), 0)), "2026-11-28",
		"add 0 on a Saturday is the day itself");
	is_str(F(hak_bizday_add(&cal, D(2026, 11, 27), 1)), "2026-11-30",
		"add 1 over a weekend");
	is_str(F(hak_bizday_add(&cal, D(2026, 11, 27), 3)), "2026-12-02",
		"add 3 across the month end");
	is_str(F(hak_bizday_add(&cal, D(2026, 11, 27), 10)), "2026-12-11",
		"add 10");
	is_str(F(hak_bizday_add(&cal, D(2026, 12, 24), 1)), "2026-12-28",
		"add 1 over Christmas");
	is_str(F(hak_bizday_add(&cal, D(2026, 12, 24), 5)), "2027-01-04",
		"add 5 across the year end");
	is_str(F(hak_bizday_add(&cal, D(2026, 2, 13), 1)), "2026-02-19",
		"add 1 over Seollal");
	is_str(F(hak_bizday_add(&cal, D(2026, 2, 27), 1)), "2026-03-03",
		"add 1 across February and 03-02");
	is_str(F(hak_bizday_add(&cal, D(2026, 5, 22), 1)), "2026-05-26",
		"add 1 over 05-25");

	for (a = D(2026, 1, 1); a <= D(2027, 1, 10); a++)
		for (n = 0; n <= 30; n += 7)
			if (hak_bizdays_between(&cal, a,
			    hak_bizday_add(&cal, a, n)) != n)
				bad++;
	is_int(bad, 0, "between(a, add(a, n)) == n over 2026");
}

int
main(void)
{
	unsetenv("HAK_NOW");
	if (hak_clock_setzone("Asia/Seoul", NULL) != HAK_OK) {
		printf("Bail out! no Asia/Seoul zone\n");
		return 1;
	}
	test_civil();
	test_weeks();
	test_zone_and_time();
	test_now();
	test_input();
	test_periods();
	test_bizdays();
	return done_testing();
}
