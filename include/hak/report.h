/* SPDX-License-Identifier: MIT */
/*
 * hak/report.h - the reports of SPEC 5.6 as documents (hak/doc.h): the
 * weekly, monthly and annual reports, SLA, equity across schools, and
 * pivot tables of any CSV.
 *
 * Every report is built whole in memory, then rendered by the caller in
 * any format of hak/doc.h; each section holds its figures, a chart and
 * the definitions it used.  Figures of a period are computed as of its
 * end: from the spans of requests (lib/span.c) and the events up to the
 * end, so a report of a past period run again later gives the same
 * numbers.  Headings follow lang ("en" or "ko"; NULL: the config's);
 * column and metric names stay English.
 */
#ifndef HAK_REPORT_H
#define HAK_REPORT_H

#include <stdio.h>

#include "hak/date.h"
#include "hak/db.h"
#include "hak/doc.h"
#include "hak/err.h"

enum hak_report_kind {
	HAK_REPORT_WEEKLY,
	HAK_REPORT_MONTHLY,
	HAK_REPORT_ANNUAL
};

struct hak_report_opts {
	struct hak_period period;	/* the days reported on */
	const char *label;	/* the period as given: "2026-W48", ... */
	const char *lang;	/* "en", "ko"; NULL: the config's */
	const char *dept;	/* one department's figures only; NULL: all */
	const char *by;		/* sla: department, category or assignee */
};

/*
 * The weekly, monthly or annual report of o->period into *out (the
 * caller frees it).  HAK_EDATA for an unknown o->dept.
 */
int hak_report_period(struct hak_db *db, enum hak_report_kind kind,
	const struct hak_report_opts *o, struct hak_doc **out,
	struct hak_err *err);

/* `sla`: the service level of the requests resolved in o->period, by
 * o->by (NULL: department). */
int hak_report_sla(struct hak_db *db, const struct hak_report_opts *o,
	struct hak_doc **out, struct hak_err *err);

/* `equity`: support per 100 students per school in o->period, the Gini
 * coefficient, in total and by level and district. */
int hak_report_equity(struct hak_db *db, const struct hak_report_opts *o,
	struct hak_doc **out, struct hak_err *err);

/* `pivot` of the CSV read from fp (name for messages). */
enum hak_pivot_agg { HAK_PIVOT_COUNT, HAK_PIVOT_SUM, HAK_PIVOT_MEAN };
struct hak_pivot_opts {
	const char *rows;	/* the column of the row keys */
	const char *cols;	/* NULL: one column, total */
	enum hak_pivot_agg agg;
	const char *value;	/* SUM, MEAN: the column added up */
};
/* The pivot table: row key, one column per sorted --cols value, total;
 * HAK_EDATA for an unknown column or a value that is not a number. */
int hak_report_pivot(FILE *fp, const char *name,
	const struct hak_pivot_opts *o, const char *lang,
	struct hak_doc **out, struct hak_err *err);

#endif
