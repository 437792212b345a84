/* SPDX-License-Identifier: MIT */
/*
 * lib/span_int.h - the spans of requests (lib/span.c): the intervals a
 * request spent in one status, department, assignee, category, school and
 * due_on, kept in request_spans for reports as of a past time.  Private
 * to the library: lib/request.c writes them, lib/schema.c backfills them
 * when it migrates to schema v6, lib/report.c reads them.
 */
#ifndef HAK_SPAN_INT_H
#define HAK_SPAN_INT_H

#include <stdint.h>
#include <stdio.h>

#include "hak/db.h"
#include "hak/err.h"

/* until_ts of a span that has not ended. */
#define HAK_SPAN_OPEN INT64_MAX

/* The columns of a request a span needs, text as stored (NULL = empty);
 * the first HAK_SP_SPANNED are the ones whose change opens a span. */
enum hak_span_col {
	HAK_SP_STATUS, HAK_SP_DEPARTMENT, HAK_SP_ASSIGNEE, HAK_SP_CATEGORY,
	HAK_SP_SCHOOL, HAK_SP_DUE_ON, HAK_SP_RATING,
	HAK_SP_SPANNED,
	HAK_SP_RECEIVED_AT = HAK_SP_SPANNED, HAK_SP_RESOLVED_AT,
	HAK_SP_CLOSED_AT,
	HAK_SP_NCOLS
};
struct hak_span_rec {
	const char *v[HAK_SP_NCOLS];
};

/* The spans of request id created whole (its phases, see lib/span.c);
 * wait_start: when a waiting one began to wait. */
int hak_span_create(struct hak_db *db, long long id,
	const struct hak_span_rec *r, int64_t wait_start, struct hak_err *err);
/* When a spanned column differs from old to new: end the current span of
 * request id at time at and open the next, caused by command cause. */
int hak_span_change(struct hak_db *db, long long id,
	const struct hak_span_rec *old, const struct hak_span_rec *new,
	const char *cause, int64_t at, struct hak_err *err);
/* The spans of every request from its events (the migration to v6): the
 * stored record rolled back through the events to its creation, then
 * played forward. */
int hak_span_backfill(struct hak_db *db, struct hak_err *err);

/* `hak check` (hak/check.h): every request's current span is its state,
 * and the counts of open requests are their spans'. */
int hak_span_check(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err);

#endif
