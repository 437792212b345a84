/* SPDX-License-Identifier: MIT */
/* The service level of support requests (SPEC 5.2): pure functions. */
#include "hak/sla.h"
#include "banned.h"

int
hak_sla_days(int cat_days, const int sla[HAK_PRIO_N], int prio)
{
	int p;

	if (prio < 0 || prio >= HAK_PRIO_N)
		prio = HAK_PRIO_NORMAL;
	p = sla[prio];
	if (cat_days < 0)
		return p;
	if (prio == HAK_PRIO_URGENT || prio == HAK_PRIO_HIGH)
		return cat_days < p ? cat_days : p;
	return cat_days;
}

int32_t
hak_sla_start(const struct hak_calendar *cal, int32_t received)
{
	return hak_bizday_next(cal, received);
}

int32_t
hak_sla_due(const struct hak_calendar *cal, int32_t received, int days)
{
	return hak_bizday_add(cal, hak_sla_start(cal, received),
		days < 0 ? 0 : days);
}

int
hak_sla_waited(const struct hak_calendar *cal, int64_t since, int64_t until)
{
	int32_t ds = hak_time_day(since), du = hak_time_day(until);

	/*
	 * The end of day d is 00:00 of d + 1: since < end(d) <= until holds
	 * for ds <= d <= du - 1.
	 */
	if (until <= since || du <= ds)
		return 0;
	return hak_bizdays_between(cal, ds - 1, du - 1);
}

int32_t
hak_sla_extend(const struct hak_calendar *cal, int32_t due, int n)
{
	return n <= 0 ? due : hak_bizday_add(cal, due, n);
}

bool
hak_sla_overdue(const struct hak_calendar *cal, int32_t due, int waited,
	int64_t now)
{
	return hak_time_day(now) > hak_sla_extend(cal, due, waited);
}

bool
hak_sla_met(int32_t resolved, int32_t due)
{
	return resolved <= due;
}
