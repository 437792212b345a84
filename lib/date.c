/* SPDX-License-Identifier: MIT */
/* Days, times, the clock, periods and business days (SPEC 2.3-2.5, 2.9). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "hak/date.h"
#include "banned.h"

#define ZONEINFO "/usr/share/zoneinfo/"

/* UTF-8 words of the Korean input forms. */
#define KO_YEAR	"\xeb\x85\x84"			/* 년 */
#define KO_MON	"\xec\x9b\x94"			/* 월 */
#define KO_DAY	"\xec\x9d\xbc"			/* 일 */
#define KO_AM	"\xec\x98\xa4\xec\xa0\x84"	/* 오전 */
#define KO_PM	"\xec\x98\xa4\xed\x9b\x84"	/* 오후 */

static const char period_hint[] = "try today, yesterday, this-week, "
	"last-week, this-month, last-month, this-year, last-year, 2026-11-27, "
	"2026-W48, 2026-11, 2026, 2026SY or A..B";

/*
 * Civil calendar.  The algorithms are the well-known days-from-civil and
 * civil-from-days over 400-year eras, with March as the first month so
 * that the leap day comes last; no time zone is involved.
 */
int32_t
hak_day_from_ymd(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t mp = (m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

void
hak_day_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

static int
month_days(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);

	return m == 2 && leap ? 29 : n[m - 1];
}

bool
hak_ymd_valid(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

int
hak_day_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday. */
	return ((day % 7 + 7) % 7 + 3) % 7 + 1;
}

void
hak_day_format(int32_t day, char out[HAK_DATE_LEN])
{
	int y, m, d;

	hak_day_to_ymd(day, &y, &m, &d);
	snprintf(out, HAK_DATE_LEN, "%04d-%02d-%02d", y, m, d);
}

static bool
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the run of ASCII digits at p. */
static int
ndigits(const char *p)
{
	int n = 0;

	while (isdig(p[n]))
		n++;
	return n;
}

/* Value of the n digits at p (n small). */
static int
numval(const char *p, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

/* Read exactly n digits at *pp into *v; false when they are not there. */
static bool
fixed(const char **pp, int n, int *v)
{
	int i;

	for (i = 0; i < n; i++)
		if (!isdig((*pp)[i]))
			return false;
	*v = numval(*pp, n);
	*pp += n;
	return true;
}

/* Read 1..max digits at *pp into *v. */
static bool
upto(const char **pp, int max, int *v)
{
	int n = ndigits(*pp);

	if (n < 1 || n > max)
		return false;
	*v = numval(*pp, n);
	*pp += n;
	return true;
}

/* Strict YYYY-MM-DD at *pp; advances past it. */
static bool
iso_date(const char **pp, int32_t *day)
{
	const char *p = *pp;
	int y, m, d;

	if (!fixed(&p, 4, &y) || *p++ != '-' || !fixed(&p, 2, &m) ||
	    *p++ != '-' || !fixed(&p, 2, &d) || !hak_ymd_valid(y, m, d))
		return false;
	*day = hak_day_from_ymd(y, m, d);
	*pp = p;
	return true;
}

int
hak_day_parse(const char *s, int32_t *day, struct hak_err *err)
{
	const char *p = s;

	if (!iso_date(&p, day) || *p != '\0')
		return hak_err_set(err, HAK_EDATA,
			"invalid date '%s': expected YYYY-MM-DD", s);
	return HAK_OK;
}

void
hak_day_isoweek(int32_t day, int *iso_year, int *week)
{
	/* The week belongs to the year holding its Thursday. */
	int32_t th = day - hak_day_weekday(day) + 4;
	int y, m, d;

	hak_day_to_ymd(th, &y, &m, &d);
	*iso_year = y;
	*week = (th - hak_day_from_ymd(y, 1, 1)) / 7 + 1;
}

int
hak_isoweek_monday(int iso_year, int week, int32_t *monday,
	struct hak_err *err)
{
	int32_t jan4 = hak_day_from_ymd(iso_year, 1, 4);
	int y, nweeks;

	/* December 28 is always in the last week of its ISO year. */
	hak_day_isoweek(hak_day_from_ymd(iso_year, 12, 28), &y, &nweeks);
	if (week < 1 || week > nweeks)
		return hak_err_set(err, HAK_EUSAGE,
			"invalid week %d of %d: %d has %d ISO weeks", week,
			iso_year, iso_year, nweeks);
	*monday = jan4 - (hak_day_weekday(jan4) - 1) + (week - 1) * 7;
	return HAK_OK;
}

bool
hak_zone_exists(const char *tz)
{
	char path[PATH_MAX];
	struct stat st;

	if (!tz || !*tz)
		return false;
	if (!strcmp(tz, "UTC"))
		return true;
	return tz[0] != '/' && !strstr(tz, "..") &&
	    (size_t)snprintf(path, sizeof(path), "%s%s", ZONEINFO, tz) <
	    sizeof(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

#define DAY_CACHE 64	/* days remembered, by day number mod this */
static struct day_span {
	bool valid;
	int64_t lo;		/* UTC time of the day's local 00:00 */
	int32_t day;
	int off;
} day_cache[DAY_CACHE];

int
hak_clock_setzone(const char *tz, struct hak_err *err)
{
	if (!tz || !*tz)
		return hak_err_set(err, HAK_ECONFIG, "empty time zone");
	if (!hak_zone_exists(tz))
		return hak_err_set(err, HAK_ECONFIG,
			"unknown time zone '%s': not in %s", tz, ZONEINFO);
	if (setenv("TZ", tz, 1) != 0)
		return hak_err_set(err, HAK_EOS,
			"cannot set time zone '%s'", tz);
	tzset();
	memset(day_cache, 0, sizeof(day_cache));
	return HAK_OK;
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/*
 * Local days met lately whose offset is the same all day (no change of
 * the zone's offset within them), for imports that split and make a time
 * per row: [lo, lo + 86400) is such a day in UTC.  localtime_r and mktime
 * cost thousands of instructions a call; inside a known day it is
 * arithmetic.  The programs are single-threaded; hak_clock_setzone
 * forgets them.
 */
static struct day_span *
day_slot(int32_t day)
{
	return &day_cache[(uint32_t)day % DAY_CACHE];
}

/* The known day holding t, or NULL. */
static const struct day_span *
day_cached(int64_t t)
{
	int64_t d = floordiv(t, 86400);
	const struct day_span *e;
	int k;

	/* the local day is the UTC day, the one before or the one after */
	for (k = -1; k <= 1; k++) {
		e = day_slot((int32_t)(d + k));
		if (e->valid && e->day == d + k && t >= e->lo &&
			t < e->lo + 86400)
			return e;
	}
	return NULL;
}

/* After localtime_r found t at local day dd, ss seconds in, offset off:
 * remember the day when its offset holds from its start to its end. */
static void
day_remember(int64_t t, int32_t dd, int ss, int off)
{
	int64_t lo = t - ss;
	time_t a = (time_t)lo, b = (time_t)(lo + 86399);
	struct day_span *e = day_slot(dd);
	struct tm ta, tb;

	if (!localtime_r(&a, &ta) || !localtime_r(&b, &tb) ||
		ta.tm_gmtoff != off || tb.tm_gmtoff != off ||
		ta.tm_hour || ta.tm_min || ta.tm_sec)
		return;
	e->valid = true;
	e->lo = lo;
	e->day = dd;
	e->off = off;
}

void
hak_time_split(int64_t t, int32_t *day, int *secs, int *gmtoff)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int32_t dd;
	int ss, off;

	const struct day_span *e = day_cached(t);

	if (e) {
		dd = e->day;
		ss = (int)(t - e->lo);
		off = e->off;
	} else if (localtime_r(&tt, &tm)) {
		dd = hak_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
			tm.tm_mday);
		ss = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
		off = (int)tm.tm_gmtoff;
		day_remember(t, dd, ss, off);
	} else {
		/* Out of the C library's range: UTC is the best guess. */
		dd = (int32_t)floordiv(t, 86400);
		ss = (int)(t - (int64_t)dd * 86400);
		off = 0;
	}
	if (day)
		*day = dd;
	if (secs)
		*secs = ss;
	if (gmtoff)
		*gmtoff = off;
}

int64_t
hak_time_from_local(int32_t day, int secs)
{
	struct tm tm;
	int64_t dd;
	time_t t;
	int y, m, d, s;

	dd = day + floordiv(secs, 86400);
	s = (int)(secs - floordiv(secs, 86400) * 86400);
	if (day_slot((int32_t)dd)->valid && day_slot((int32_t)dd)->day == dd)
		return day_slot((int32_t)dd)->lo + s;
	hak_day_to_ymd((int32_t)dd, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = s / 3600;
	tm.tm_min = s / 60 % 60;
	tm.tm_sec = s % 60;
	tm.tm_isdst = -1;
	tm.tm_wday = -1;
	t = mktime(&tm);
	/* -1 is also a valid time; tm_wday tells failure apart. */
	if (t == (time_t)-1 && tm.tm_wday == -1)
		return dd * 86400 + s;
	return (int64_t)t;
}

int32_t
hak_time_day(int64_t t)
{
	int32_t day;

	hak_time_split(t, &day, NULL, NULL);
	return day;
}

void
hak_time_format(int64_t t, char out[HAK_TIME_LEN])
{
	int32_t day;
	int secs, off, y, m, d, a, n;

	hak_time_split(t, &day, &secs, &off);
	hak_day_to_ymd(day, &y, &m, &d);
	a = off < 0 ? -off : off;
	if (y >= 0 && y <= 9999 && a < 100 * 3600) {
		/* by hand: imports format a time per row, and snprintf
		 * showed in their profiles */
		const int v[8] = { y / 100, y % 100, m, d, secs / 3600,
			secs / 60 % 60, secs % 60, 0 };
		static const char sep[] = "\0\0--T::";
		char *p = out;
		int k;

		for (k = 0; k < 7; k++) {
			if (k > 1)
				*p++ = sep[k];
			*p++ = (char)('0' + v[k] / 10);
			*p++ = (char)('0' + v[k] % 10);
		}
		*p++ = off < 0 ? '-' : '+';
		*p++ = (char)('0' + a / 36000);
		*p++ = (char)('0' + a / 3600 % 10);
		*p++ = ':';
		*p++ = (char)('0' + a / 60 % 60 / 10);
		*p++ = (char)('0' + a / 60 % 10);
		*p = '\0';
		return;
	}
	n = snprintf(out, HAK_TIME_LEN,
		"%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		y, m, d, secs / 3600, secs / 60 % 60, secs % 60,
		off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
	/* Only a year past 9999 is longer: never cut it, say so. */
	if (n < 0 || n >= HAK_TIME_LEN)
		snprintf(out, HAK_TIME_LEN, "%s", "(time out of range)");
}

/* "Z", "+HH:MM", "-HH:MM", "+HHMM" at *pp, into *off (seconds east). */
static bool
iso_offset(const char **pp, int *off)
{
	const char *p = *pp;
	int sign, h, m;

	if (*p == 'Z' || *p == 'z') {
		*off = 0;
		*pp = p + 1;
		return true;
	}
	if (*p != '+' && *p != '-')
		return false;
	sign = *p++ == '-' ? -1 : 1;
	if (!fixed(&p, 2, &h))
		return false;
	if (*p == ':')
		p++;
	if (!fixed(&p, 2, &m) || h > 23 || m > 59)
		return false;
	*off = sign * (h * 3600 + m * 60);
	*pp = p;
	return true;
}

int
hak_time_parse(const char *s, int64_t *t, struct hak_err *err)
{
	const char *p = s;
	int32_t day;
	int h, mi, sec = 0, off;

	if (!iso_date(&p, &day))
		goto bad;
	if (*p == '\0') {
		*t = hak_time_from_local(day, 0);
		return HAK_OK;
	}
	if (*p != 'T' && *p != 't' && *p != ' ')
		goto bad;
	p++;
	if (!fixed(&p, 2, &h) || *p++ != ':' || !fixed(&p, 2, &mi))
		goto bad;
	if (*p == ':' && (p++, !fixed(&p, 2, &sec)))
		goto bad;
	/* Fractions of a second are allowed by ISO 8601 and dropped. */
	if (*p == '.' || *p == ',') {
		if (!isdig(p[1]))
			goto bad;
		p += 1 + ndigits(p + 1);
	}
	if (h > 23 || mi > 59 || sec > 59)
		goto bad;
	if (*p == '\0') {
		*t = hak_time_from_local(day, h * 3600 + mi * 60 + sec);
		return HAK_OK;
	}
	if (!iso_offset(&p, &off) || *p != '\0')
		goto bad;
	*t = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec - off;
	return HAK_OK;
bad:
	return hak_err_set(err, HAK_EDATA, "invalid time '%s': expected "
		"YYYY-MM-DDTHH:MM:SS with an optional offset such as +09:00",
		s);
}

int
hak_clock_now(int64_t *now, struct hak_err *err)
{
	const char *s = getenv("HAK_NOW");

	if (s && *s) {
		if (hak_time_parse(s, now, NULL) != HAK_OK)
			return hak_err_set(err, HAK_ECONFIG, "invalid HAK_NOW "
				"'%s': expected an ISO 8601 time such as "
				"2026-11-27T10:00:00+09:00", s);
		return HAK_OK;
	}
	*now = (int64_t)time(NULL);
	return HAK_OK;
}

/*
 * Input forms (SPEC 2.9).
 */
struct when {
	int32_t day;
	bool has_time, has_off;
	int secs, off;
};

enum { MER_NONE, MER_AM, MER_PM };

static bool
startswith(const char *p, const char *w)
{
	return strncmp(p, w, strlen(w)) == 0;
}

/* Spaces, tabs and no-break spaces. */
static int
spacelen(const char *p)
{
	if (*p == ' ' || *p == '\t')
		return 1;
	if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0)
		return 2;
	return 0;
}

static const char *
skipsp(const char *p)
{
	int n;

	while ((n = spacelen(p)) > 0)
		p += n;
	return p;
}

static int
meridiem(const char **pp)
{
	const char *p = *pp;

	if (startswith(p, KO_AM) || startswith(p, KO_PM)) {
		*pp = p + strlen(KO_AM);
		return startswith(p, KO_AM) ? MER_AM : MER_PM;
	}
	if ((p[0] == 'A' || p[0] == 'a' || p[0] == 'P' || p[0] == 'p') &&
	    (p[1] == 'M' || p[1] == 'm')) {
		*pp = p + 2;
		return p[0] == 'A' || p[0] == 'a' ? MER_AM : MER_PM;
	}
	return MER_NONE;
}

/* "GMT+9", "UTC+09:00", "GMT", "Z", "+09:00", "+0900" at *pp. */
static bool
zone(const char **pp, int *off)
{
	const char *p = *pp;
	int sign, h, m = 0;

	if (strncasecmp(p, "GMT", 3) == 0 || strncasecmp(p, "UTC", 3) == 0) {
		p += 3;
		if (*p != '+' && *p != '-') {
			*off = 0;
			*pp = p;
			return true;
		}
		sign = *p++ == '-' ? -1 : 1;
		if (!upto(&p, 2, &h))
			return false;
		if (*p == ':' && (p++, !fixed(&p, 2, &m)))
			return false;
		if (h > 23 || m > 59)
			return false;
		*off = sign * (h * 3600 + m * 60);
		*pp = p;
		return true;
	}
	return iso_offset(pp, off);
}

static int
refuse(struct hak_err *err, const char *s, const char *why)
{
	return hak_err_set(err, HAK_EDATA, "invalid date '%s': %s", s, why);
}

/* Is p..e only digits, with at most one decimal point (a serial)? */
static bool
bare_number(const char *p, const char *e)
{
	int dots = 0, digs = 0;

	for (; p < e; p++) {
		if (isdig(*p))
			digs++;
		else if (*p == '.' && dots++ == 0)
			continue;
		else
			return false;
	}
	return digs > 0;
}

/* After a 1- or 2-digit number at p: say why this is refused. */
static int
refuse_short(struct hak_err *err, const char *s, const char *p)
{
	static const char two[] = "two-digit year; write the year in full, "
		"as YYYY-MM-DD";
	static const char expect[] = "expected YYYY-MM-DD";
	char sep;
	int n;

	p += ndigits(p);
	if (startswith(p, KO_YEAR))
		return refuse(err, s, two);
	sep = *p;
	if (sep != '/' && sep != '-' && sep != '.')
		return refuse(err, s, expect);
	p = skipsp(p + 1);
	n = ndigits(p);
	if (n < 1 || n > 2 || p[n] != sep)
		return refuse(err, s, expect);
	p = skipsp(p + n + 1);
	if (ndigits(p) == 4)
		return refuse(err, s, "day and month order is ambiguous "
			"(MM/DD/YYYY or DD/MM/YYYY); write it as YYYY-MM-DD");
	return refuse(err, s, two);
}

static int
input_parse(const char *s, struct when *w, struct hak_err *err)
{
	const char *p, *e, *q;
	int y, m, d, h, mi, sec = 0, mer, n;
	bool iso = false;

	w->has_time = w->has_off = false;
	w->secs = w->off = 0;
	p = skipsp(s);
	e = p + strlen(p);
	for (;;) {
		if (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		else if (e - p >= 2 && (unsigned char)e[-2] == 0xc2 &&
		    (unsigned char)e[-1] == 0xa0)
			e -= 2;
		else
			break;
	}
	if (p == e)
		return refuse(err, s, "empty");
	n = ndigits(p);
	if (bare_number(p, e) && !(n == 8 && p + 8 == e))
		return refuse(err, s, "a bare number (a spreadsheet date "
			"serial?); save dates as text, YYYY-MM-DD");
	if (n == 8) {
		y = numval(p, 4);
		m = numval(p + 4, 2);
		d = numval(p + 6, 2);
		p += 8;
		iso = true;
	} else if (n == 4) {
		y = numval(p, 4);
		p += 4;
		if (*p == '-' || *p == '/') {
			char sep = *p++;

			iso = sep == '-';
			if (!upto(&p, 2, &m) || *p++ != sep || !upto(&p, 2, &d))
				goto bad;
		} else if (*p == '.') {
			p = skipsp(p + 1);
			if (!upto(&p, 2, &m) || *p++ != '.')
				goto bad;
			p = skipsp(p);
			if (!upto(&p, 2, &d))
				goto bad;
			if (*p == '.')
				p++;
		} else if (startswith(p, KO_YEAR)) {
			p = skipsp(p + strlen(KO_YEAR));
			if (!upto(&p, 2, &m) || !startswith(p, KO_MON))
				goto bad;
			p = skipsp(p + strlen(KO_MON));
			if (!upto(&p, 2, &d) || !startswith(p, KO_DAY))
				goto bad;
			p += strlen(KO_DAY);
		} else {
			goto bad;
		}
	} else if (n == 1 || n == 2) {
		return refuse_short(err, s, p);
	} else {
		goto bad;
	}
	if (!hak_ymd_valid(y, m, d))
		return refuse(err, s, "no such day");
	w->day = hak_day_from_ymd(y, m, d);
	if (p == e)
		return HAK_OK;

	/* The time. */
	if (iso && (*p == 'T' || *p == 't'))
		p++;
	else if (spacelen(p) > 0)
		p = skipsp(p);
	else
		goto bad;
	mer = meridiem(&p);
	if (mer != MER_NONE)
		p = skipsp(p);
	if (!upto(&p, 2, &h) || *p++ != ':' || !fixed(&p, 2, &mi))
		goto bad;
	if (*p == ':' && (p++, !fixed(&p, 2, &sec)))
		goto bad;
	if (*p == '.' && isdig(p[1]))
		p += 1 + ndigits(p + 1);
	q = skipsp(p);
	if (mer == MER_NONE && (mer = meridiem(&q)) != MER_NONE)
		p = q;
	p = skipsp(p);
	if (p < e) {
		if (!zone(&p, &w->off))
			goto bad;
		w->has_off = true;
	}
	if (p != e)
		goto bad;
	if (mi > 59 || sec > 59)
		goto badtime;
	if (mer != MER_NONE) {
		if (h < 1 || h > 12)
			goto badtime;
		if (h == 12)
			h = 0;
		if (mer == MER_PM)
			h += 12;
	} else if (h > 23) {
		goto badtime;
	}
	w->has_time = true;
	w->secs = h * 3600 + mi * 60 + sec;
	return HAK_OK;
badtime:
	return refuse(err, s, "no such time of day");
bad:
	return refuse(err, s, "expected YYYY-MM-DD, optionally followed by "
		"a time HH:MM[:SS]");
}

int
hak_input_date(const char *s, int32_t *day, struct hak_err *err)
{
	struct when w;
	int rc;

	if ((rc = input_parse(s, &w, err)) != HAK_OK)
		return rc;
	if (w.has_off)
		*day = hak_time_day((int64_t)w.day * 86400 + w.secs - w.off);
	else
		*day = w.day;
	return HAK_OK;
}

int
hak_input_time(const char *s, int64_t *t, struct hak_err *err)
{
	struct when w;
	int rc;

	if ((rc = input_parse(s, &w, err)) != HAK_OK)
		return rc;
	if (w.has_off)
		*t = (int64_t)w.day * 86400 + w.secs - w.off;
	else
		*t = hak_time_from_local(w.day, w.secs);
	return HAK_OK;
}

/*
 * Periods.
 */
static int32_t
month_first(int y, int m)
{
	return hak_day_from_ymd(y, m, 1);
}

static int32_t
month_last(int y, int m)
{
	return hak_day_from_ymd(y, m, month_days(y, m));
}

/* One period without "..": HAK_OK, or HAK_EUSAGE with the message set. */
static int
period_one(const char *s, const char *whole, int64_t now, struct hak_sy sy,
	struct hak_period *p, struct hak_err *err)
{
	int32_t today = hak_time_day(now), mon;
	const char *q = s;
	size_t len = strlen(s);
	int y, m, d, w, rc;

	hak_day_to_ymd(today, &y, &m, &d);
	mon = today - (hak_day_weekday(today) - 1);
	if (strcasecmp(s, "today") == 0) {
		p->first = p->last = today;
	} else if (strcasecmp(s, "yesterday") == 0) {
		p->first = p->last = today - 1;
	} else if (strcasecmp(s, "this-week") == 0) {
		p->first = mon;
		p->last = mon + 6;
	} else if (strcasecmp(s, "last-week") == 0) {
		p->first = mon - 7;
		p->last = mon - 1;
	} else if (strcasecmp(s, "this-month") == 0) {
		p->first = month_first(y, m);
		p->last = month_last(y, m);
	} else if (strcasecmp(s, "last-month") == 0) {
		if (--m == 0) {
			m = 12;
			y--;
		}
		p->first = month_first(y, m);
		p->last = month_last(y, m);
	} else if (strcasecmp(s, "this-year") == 0) {
		p->first = hak_day_from_ymd(y, 1, 1);
		p->last = hak_day_from_ymd(y, 12, 31);
	} else if (strcasecmp(s, "last-year") == 0) {
		p->first = hak_day_from_ymd(y - 1, 1, 1);
		p->last = hak_day_from_ymd(y - 1, 12, 31);
	} else if (!fixed(&q, 4, &y) || y < 1) {
		goto bad;
	} else if (len == 4) {
		p->first = hak_day_from_ymd(y, 1, 1);
		p->last = hak_day_from_ymd(y, 12, 31);
	} else if (len == 6 && strcasecmp(q, "SY") == 0) {
		int sm = sy.month, sd = sy.day;

		if (!hak_ymd_valid(2000, sm, sd)) {
			sm = 3;
			sd = 1;
		}
		p->first = hak_day_from_ymd(y, sm, sd);
		p->last = hak_day_from_ymd(y + 1, sm, sd) - 1;
	} else if (len == 8 && q[0] == '-' && (q[1] == 'W' || q[1] == 'w')) {
		q += 2;
		if (!fixed(&q, 2, &w))
			goto bad;
		if ((rc = hak_isoweek_monday(y, w, &mon, err)) != HAK_OK)
			return hak_err_set(err, rc, "invalid period '%s': %d "
				"has no ISO week %d", whole, y, w);
		p->first = mon;
		p->last = mon + 6;
	} else if (len == 7 && q[0] == '-') {
		q++;
		if (!fixed(&q, 2, &m) || m < 1 || m > 12)
			goto bad;
		p->first = month_first(y, m);
		p->last = month_last(y, m);
	} else if (len == 10) {
		q = s;
		if (!iso_date(&q, &p->first))
			goto bad;
		p->last = p->first;
	} else {
		goto bad;
	}
	return HAK_OK;
bad:
	return hak_err_set(err, HAK_EUSAGE, "invalid period '%s' (%s)", whole,
		period_hint);
}

void
hak_period_times(struct hak_period *p)
{
	p->start = p->first <= INT32_MIN / 2 ? INT64_MIN / 2 :
		hak_time_from_local(p->first, 0);
	p->end = p->last >= INT32_MAX / 2 ? INT64_MAX / 2 :
		hak_time_from_local(p->last + 1, 0);
}

int
hak_period_parse(const char *s, int64_t now, struct hak_sy sy,
	struct hak_period *p, struct hak_err *err)
{
	struct hak_period a, b;
	const char *dots;
	char left[32];
	size_t n;
	int rc;

	if (!s)
		return hak_err_set(err, HAK_EUSAGE, "missing period");
	dots = strstr(s, "..");
	if (!dots) {
		if ((rc = period_one(s, s, now, sy, p, err)) != HAK_OK)
			return rc;
		hak_period_times(p);
		return HAK_OK;
	}
	n = (size_t)(dots - s);
	if (n == 0 || n >= sizeof(left) || strstr(dots + 2, ".."))
		return hak_err_set(err, HAK_EUSAGE, "invalid period '%s' (%s)",
			s, period_hint);
	memcpy(left, s, n);
	left[n] = '\0';
	if ((rc = period_one(left, s, now, sy, &a, err)) != HAK_OK ||
	    (rc = period_one(dots + 2, s, now, sy, &b, err)) != HAK_OK)
		return rc;
	if (a.first > b.last)
		return hak_err_set(err, HAK_EUSAGE, "invalid period '%s': "
			"its start is after its end", s);
	p->first = a.first;
	p->last = b.last;
	hak_period_times(p);
	return HAK_OK;
}

int
hak_period_range(const char *since, const char *until, int64_t now,
	struct hak_sy sy, struct hak_period *p, struct hak_err *err)
{
	struct hak_period a, b;
	int rc;

	a.first = INT32_MIN / 2;
	a.start = INT64_MIN / 2;
	b.last = INT32_MAX / 2;
	b.end = INT64_MAX / 2;
	if (since && (rc = hak_period_parse(since, now, sy, &a, err)) != HAK_OK)
		return rc;
	if (until && (rc = hak_period_parse(until, now, sy, &b, err)) != HAK_OK)
		return rc;
	if (since && until && a.first > b.last)
		return hak_err_set(err, HAK_EUSAGE, "--since '%s' is after "
			"--until '%s'", since, until);
	p->first = a.first;
	p->start = a.start;
	p->last = b.last;
	p->end = b.end;
	return HAK_OK;
}

/*
 * Business days.
 */

/* Index of the first holiday >= day. */
static size_t
lower_bound(const struct hak_calendar *cal, int32_t day)
{
	size_t lo = 0, hi = cal ? cal->n : 0, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
hak_bizday_is(const struct hak_calendar *cal, int32_t day)
{
	size_t i;

	if (hak_day_weekday(day) > 5)
		return false;
	i = lower_bound(cal, day);
	return !(cal && i < cal->n && cal->holidays[i] == day);
}

int
hak_bizdays_between(const struct hak_calendar *cal, int32_t a, int32_t b)
{
	int64_t n, full, count;
	int32_t x, prev;
	size_t i;
	int r;

	if (b <= a)
		return 0;
	/* Weekdays in a+1..b: whole weeks, then the rest one by one. */
	x = a + 1;
	n = (int64_t)b - a;
	full = n / 7;
	count = full * 5;
	for (r = 0; r < n % 7; r++)
		if (hak_day_weekday((int32_t)(x + full * 7 + r)) <= 5)
			count++;
	if (cal) {
		prev = a;
		for (i = lower_bound(cal, x); i < cal->n &&
		    cal->holidays[i] <= b; i++) {
			if (cal->holidays[i] == prev)
				continue;
			prev = cal->holidays[i];
			if (hak_day_weekday(prev) <= 5)
				count--;
		}
	}
	return count > INT_MAX ? INT_MAX : (int)count;
}

int32_t
hak_bizday_next(const struct hak_calendar *cal, int32_t day)
{
	while (!hak_bizday_is(cal, day))
		day++;
	return day;
}

int32_t
hak_bizday_add(const struct hak_calendar *cal, int32_t day, int n)
{
	int step = n < 0 ? -1 : 1;

	while (n != 0) {
		day += step;
		if (hak_bizday_is(cal, day))
			n -= step;
	}
	return day;
}
