/* SPDX-License-Identifier: MIT */
/*
 * hak/date.h - days, times, the clock, periods and business days (SPEC 2.3-2.5,
 * and the date and time forms accepted on input, 2.9).
 *
 * A day is the number of days since 1970-01-01 (proleptic Gregorian, may
 * be negative): int32_t.  A time is seconds since the Unix epoch: int64_t.
 * Local time is in the zone set by hak_clock_setzone (the config's
 * timezone); the process-wide TZ is set so localtime_r/mktime follow it.
 *
 * Everything here is pure apart from the zone and hak_clock_now, and never
 * prints.  Functions return HAK_OK or an error code with details in err.
 */
#ifndef HAK_DATE_H
#define HAK_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hak/err.h"

#define HAK_DATE_LEN 11		/* "YYYY-MM-DD" + NUL */
#define HAK_TIME_LEN 26		/* "YYYY-MM-DDTHH:MM:SS+09:00" + NUL */

/* Civil calendar. */
int32_t hak_day_from_ymd(int y, int m, int d);
void hak_day_to_ymd(int32_t day, int *y, int *m, int *d);
bool hak_ymd_valid(int y, int m, int d);
int hak_day_weekday(int32_t day);		/* 1 = Monday ... 7 = Sunday */
void hak_day_format(int32_t day, char out[HAK_DATE_LEN]);

/* Strict "YYYY-MM-DD" (as stored and in options).  HAK_EDATA when bad. */
int hak_day_parse(const char *s, int32_t *day, struct hak_err *err);

/* ISO 8601 weeks: the week-numbering year and week (1-53) of a day; and
 * the Monday of week w of ISO year y (HAK_EUSAGE if y has no such week). */
void hak_day_isoweek(int32_t day, int *iso_year, int *week);
int hak_isoweek_monday(int iso_year, int week, int32_t *monday,
	struct hak_err *err);

/*
 * The zone.  hak_clock_setzone("Asia/Seoul") sets TZ and checks that the
 * zone exists (HAK_ECONFIG otherwise).  Until called, TZ from the
 * environment applies.
 */
int hak_clock_setzone(const char *tz, struct hak_err *err);
/* Whether tz names a zone of the tz database (or is "UTC"). */
bool hak_zone_exists(const char *tz);

/* Local day and seconds into that day of a time, and the zone offset in
 * seconds east of UTC at that instant. */
void hak_time_split(int64_t t, int32_t *day, int *secs, int *gmtoff);
/* The time of local day + secs (mktime rules for gaps and overlaps). */
int64_t hak_time_from_local(int32_t day, int secs);
/* The local day of time t. */
int32_t hak_time_day(int64_t t);

/* "YYYY-MM-DDTHH:MM:SS+09:00", with the zone's offset at that instant. */
void hak_time_format(int64_t t, char out[HAK_TIME_LEN]);

/*
 * Parse a stored/ISO 8601 time: "YYYY-MM-DDTHH:MM[:SS]" (T or one space),
 * optionally followed by "Z" or "+HH:MM"/"-HH:MM"/"+HHMM"; without an
 * offset the time is local.  Also takes a bare date (00:00 local).
 * HAK_EDATA when malformed.
 */
int hak_time_parse(const char *s, int64_t *t, struct hak_err *err);

/*
 * "Now": $HAK_NOW when set (parsed by hak_time_parse; invalid -> HAK_ECONFIG
 * with a message naming HAK_NOW), else the system clock.
 */
int hak_clock_now(int64_t *now, struct hak_err *err);

/*
 * The forms accepted in input files (SPEC 2.9): YYYY-MM-DD, YYYY.M.D (spaces
 * after dots, trailing dot), YYYY/M/D, "YYYY년 M월 D일", YYYYMMDD; optionally
 * followed by a time H:MM[:SS] with 오전/오후/AM/PM before or after it, then
 * GMT+9, ±HH:MM or Z.  Surrounding spaces ignored.  Refused with a hint
 * (HAK_EDATA, message says why): two-digit years, MM/DD/YYYY, DD/MM/YYYY,
 * bare numbers (Excel serials), invalid dates.
 *
 * hak_input_date: a date only, or a date with a time (the time is then
 * dropped after converting to local if it had an offset).
 * hak_input_time: a time; a date alone means 00:00 local.
 */
int hak_input_date(const char *s, int32_t *day, struct hak_err *err);
int hak_input_time(const char *s, int64_t *t, struct hak_err *err);

/*
 * Periods (SPEC 2.4).  A period is the days first..last, both included;
 * its half-open time interval is [start, end) from 00:00 of first to 00:00
 * after last, local.
 */
struct hak_period {
	int32_t first, last;
	int64_t start, end;
};

/* School-year start, e.g. 3, 1 for "03-01". */
struct hak_sy {
	int month, day;
};

/*
 * Parse one period: today, yesterday, this-week, last-week, this-month,
 * last-month, this-year, last-year, YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY,
 * YYYYSY, A..B (A and B dates, A <= B).  now is the current time.
 * HAK_EUSAGE (with a message naming the text) when bad.
 */
int hak_period_parse(const char *s, int64_t now, struct hak_sy sy,
	struct hak_period *p, struct hak_err *err);

/*
 * --since S / --until U: either may be NULL (open: first = INT32_MIN/2,
 * last = INT32_MAX/2, start/end INT64_MIN/2, INT64_MAX/2 accordingly).
 * The result covers all of S and all of U.  HAK_EUSAGE when bad or when
 * since is after until.
 */
int hak_period_range(const char *since, const char *until, int64_t now,
	struct hak_sy sy, struct hak_period *p, struct hak_err *err);

/* Fill start/end from first/last. */
void hak_period_times(struct hak_period *p);

/*
 * Business days (SPEC 2.5): Monday-Friday minus holidays.  The calendar
 * borrows a sorted array of holiday days.
 */
struct hak_calendar {
	const int32_t *holidays;
	size_t n;
};

bool hak_bizday_is(const struct hak_calendar *cal, int32_t day);
/* Number of business days d with a < d <= b; 0 when b <= a. */
int hak_bizdays_between(const struct hak_calendar *cal, int32_t a, int32_t b);
/* The first business day >= day. */
int32_t hak_bizday_next(const struct hak_calendar *cal, int32_t day);
/* The n-th business day after day (n = 0: day itself). n >= 0. */
int32_t hak_bizday_add(const struct hak_calendar *cal, int32_t day, int n);

#endif
