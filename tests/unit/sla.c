/* SPDX-License-Identifier: MIT */
/* Unit tests of the service level (SPEC 5.2): SLA days, due dates across
 * weekends, holidays, month and year ends, waiting periods, overdue and
 * met.  Every expected date is computed by hand from a calendar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hak/date.h"
#include "hak/sla.h"
#include "tap.h"

/* Holidays: Christmas 2026 (Fri) and New Year 2027 (Fri). */
static int32_t hol[2];
static struct hak_calendar cal;

static int32_t
D(const char *s)
{
	int32_t d = 0;

	hak_day_parse(s, &d, NULL);
	return d;
}

static int64_t
T(const char *s)
{
	int64_t t = 0;

	hak_time_parse(s, &t, NULL);
	return t;
}

static char buf[HAK_DATE_LEN];

static const char *
F(int32_t d)
{
	hak_day_format(d, buf);
	return buf;
}

int
main(void)
{
	static const int sla[HAK_PRIO_N] = { 10, 5, 3, 1 };

	hak_clock_setzone("Asia/Seoul", NULL);
	hol[0] = D("2026-12-25");
	hol[1] = D("2027-01-01");
	cal.holidays = hol;
	cal.n = 2;

	/* SLA days: category first, the smaller of the two for urgent/high. */
	is_int(hak_sla_days(-1, sla, HAK_PRIO_NORMAL), 5, "days: normal by priority");
	is_int(hak_sla_days(-1, sla, HAK_PRIO_LOW), 10, "days: low by priority");
	is_int(hak_sla_days(-1, sla, HAK_PRIO_URGENT), 1, "days: urgent by priority");
	is_int(hak_sla_days(7, sla, HAK_PRIO_NORMAL), 7, "days: category's for normal, even if longer");
	is_int(hak_sla_days(7, sla, HAK_PRIO_LOW), 7, "days: category's for low, even if shorter");
	is_int(hak_sla_days(7, sla, HAK_PRIO_HIGH), 3, "days: high takes the smaller (priority)");
	is_int(hak_sla_days(2, sla, HAK_PRIO_HIGH), 2, "days: high takes the smaller (category)");
	is_int(hak_sla_days(0, sla, HAK_PRIO_URGENT), 0, "days: urgent with a 0-day category");
	is_int(hak_sla_days(4, sla, HAK_PRIO_URGENT), 1, "days: urgent with a 4-day category");

	/* The day a request counts from. */
	is_str(F(hak_sla_start(&cal, D("2026-11-27"))), "2026-11-27", "start: Friday counts from itself");
	is_str(F(hak_sla_start(&cal, D("2026-11-28"))), "2026-11-30", "start: Saturday counts from Monday");
	is_str(F(hak_sla_start(&cal, D("2026-12-25"))), "2026-12-28", "start: holiday Friday counts from Monday");

	/* due_on. */
	is_str(F(hak_sla_due(&cal, D("2026-11-27"), 5)), "2026-12-04", "due: Fri + 5 = next Fri");
	is_str(F(hak_sla_due(&cal, D("2026-11-27"), 0)), "2026-11-27", "due: N = 0 is the day itself");
	is_str(F(hak_sla_due(&cal, D("2026-11-28"), 0)), "2026-11-30", "due: Saturday, N = 0 is Monday");
	is_str(F(hak_sla_due(&cal, D("2026-11-28"), 1)), "2026-12-01", "due: Saturday + 1 = Tuesday (month end)");
	is_str(F(hak_sla_due(&cal, D("2026-11-29"), 5)), "2026-12-07", "due: Sunday + 5 = the Monday after next");
	is_str(F(hak_sla_due(&cal, D("2026-12-24"), 1)), "2026-12-28", "due: Thu + 1 skips the holiday and weekend");
	is_str(F(hak_sla_due(&cal, D("2026-12-30"), 2)), "2027-01-04", "due: across the year end and New Year");
	is_str(F(hak_sla_due(&cal, D("2026-12-25"), 0)), "2026-12-28", "due: received on a holiday, N = 0");
	is_str(F(hak_sla_due(&cal, D("2026-12-25"), 10)), "2027-01-12", "due: holiday + 10 across the year end");
	is_str(F(hak_sla_due(&cal, D("2027-01-29"), 2)), "2027-02-02", "due: across a month end");
	is_str(F(hak_sla_due(&cal, D("2028-02-28"), 1)), "2028-02-29", "due: leap day");

	/* Business days waited: those at whose end (24:00) it was waiting. */
	is_int(hak_sla_waited(&cal, T("2026-11-30T10:00:00"), T("2026-11-30T15:00:00")), 0, "waited: same day is 0");
	is_int(hak_sla_waited(&cal, T("2026-11-30T10:00:00"), T("2026-12-01T09:00:00")), 1, "waited: over one night is 1");
	is_int(hak_sla_waited(&cal, T("2026-11-30T10:00:00"), T("2026-12-01T00:00:00")), 1, "waited: until 24:00 counts the day");
	is_int(hak_sla_waited(&cal, T("2026-11-30T00:00:00"), T("2026-11-30T23:59:59")), 0, "waited: not at 24:00 is 0");
	is_int(hak_sla_waited(&cal, T("2026-11-27T16:00:00"), T("2026-11-30T09:00:00")), 1, "waited: over a weekend is 1 (Friday)");
	is_int(hak_sla_waited(&cal, T("2026-12-24T10:00:00"), T("2026-12-28T10:00:00")), 1, "waited: over a holiday and a weekend is 1");
	is_int(hak_sla_waited(&cal, T("2026-12-30T12:00:00"), T("2027-01-05T08:00:00")), 3, "waited: across the year end is 3");
	is_int(hak_sla_waited(&cal, T("2026-11-30T15:00:00"), T("2026-12-02T10:00:00")), 2, "waited: Mon 15:00 to Wed 10:00 is 2 (Mon's and Tue's ends)");
	is_int(hak_sla_waited(&cal, T("2026-11-28T10:00:00"), T("2026-11-30T10:00:00")), 0, "waited: Sat to Mon is 0 (no business day's end)");
	is_int(hak_sla_waited(&cal, T("2026-12-24T23:59:00"), T("2026-12-25T00:00:00")), 1, "waited: one minute over Thursday's end is 1");
	is_int(hak_sla_waited(&cal, T("2026-12-25T00:00:00"), T("2026-12-28T00:00:00")), 0, "waited: a holiday and a weekend are 0");
	is_int(hak_sla_waited(&cal, T("2026-12-01T10:00:00"), T("2026-11-30T10:00:00")), 0, "waited: backwards is 0");
	is_int(hak_sla_waited(&cal, T("2026-11-26T10:00:00+09:00"), T("2026-11-27T01:00:00Z")), 1, "waited: offsets are read in the zone");

	/* Moving due_on by the days waited. */
	is_str(F(hak_sla_extend(&cal, D("2026-12-24"), 1)), "2026-12-28", "extend: Thu + 1 = Mon");
	is_str(F(hak_sla_extend(&cal, D("2026-12-30"), 2)), "2027-01-04", "extend: across the year end");
	is_str(F(hak_sla_extend(&cal, D("2026-12-04"), 0)), "2026-12-04", "extend: by 0");

	/* Overdue: now past the end of due_on plus the days waited so far. */
	ok(!hak_sla_overdue(&cal, D("2026-11-27"), 0, T("2026-11-27T23:59:59")), "overdue: not on the due day");
	ok(hak_sla_overdue(&cal, D("2026-11-27"), 0, T("2026-11-28T00:00:00")), "overdue: from 00:00 after it");
	ok(!hak_sla_overdue(&cal, D("2026-11-27"), 1, T("2026-11-30T12:00:00")), "overdue: one day waited moves it to Monday");
	ok(hak_sla_overdue(&cal, D("2026-11-27"), 1, T("2026-12-01T00:00:01")), "overdue: ... and Tuesday is past it");
	ok(!hak_sla_overdue(&cal, D("2026-12-24"), 0, T("2026-12-24T23:59:59")), "overdue: not on Thursday the due day");
	ok(!hak_sla_overdue(&cal, D("2026-12-24"), 1, T("2026-12-28T23:00:00")), "overdue: one day waited moves Thu 12-24 past the holiday to Mon 12-28");
	ok(hak_sla_overdue(&cal, D("2026-12-24"), 1, T("2026-12-29T00:00:00")), "overdue: ... and Tuesday 00:00 is past it");

	/* Met. */
	ok(hak_sla_met(D("2026-12-04"), D("2026-12-04")), "met: resolved on the due day");
	ok(!hak_sla_met(D("2026-12-05"), D("2026-12-04")), "met: not the day after");
	return done_testing();
}
