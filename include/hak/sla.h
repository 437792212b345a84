/* SPDX-License-Identifier: MIT */
/*
 * hak/sla.h - the service level of support requests (SPEC 5.2): SLA days,
 * due dates, the clock stopped while waiting, overdue and met.
 *
 * Pure functions over the business-day calendar (hak/date.h); times are
 * split into local days in the configured zone.  A day is an int32_t as
 * in hak/date.h.
 */
#ifndef HAK_SLA_H
#define HAK_SLA_H

#include <stdbool.h>
#include <stdint.h>

#include "hak/config.h"
#include "hak/date.h"

/*
 * The SLA in business days: the category's sla_days (cat_days, -1 when it
 * has none), else sla[prio] (the config's days by priority); for urgent
 * and high priority, the smaller of the two.
 */
int hak_sla_days(int cat_days, const int sla[HAK_PRIO_N], int prio);

/* The day a request received on day counts from: the next business day
 * on or after it. */
int32_t hak_sla_start(const struct hak_calendar *cal, int32_t received);

/* due_on: the days-th business day after the day the request counts from
 * (0: that day). */
int32_t hak_sla_due(const struct hak_calendar *cal, int32_t received,
	int days);

/*
 * The business days at whose end (24:00) a request was waiting, when it
 * waited from since until until (times): business days d with
 * since < 24:00 of d <= until.  0 when until <= since.
 */
int hak_sla_waited(const struct hak_calendar *cal, int64_t since,
	int64_t until);

/* due moved later by n business days (n >= 0; 0: due itself). */
int32_t hak_sla_extend(const struct hak_calendar *cal, int32_t due, int n);

/*
 * Whether an open request is overdue at now: now is past the end of due
 * plus waited business days (the days of a wait still running).
 */
bool hak_sla_overdue(const struct hak_calendar *cal, int32_t due,
	int waited, int64_t now);

/* Whether a request resolved on day resolved met its SLA (resolved <= due). */
bool hak_sla_met(int32_t resolved, int32_t due);

#endif
