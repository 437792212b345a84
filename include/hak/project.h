/* SPDX-License-Identifier: MIT */
/*
 * hak/project.h - the catalogue of support projects and who took part
 * (SPEC 5.3).
 *
 * A project is keyed by its code (1-32 of [A-Za-z0-9_.-], e.g.
 * EDU-2026-07).  Its record is kept as the cells of hak_project_cols in
 * output form (NULL = an empty cell): recipients a ";"-separated set of
 * school, teacher, student, parent, staff sorted by code point; year, target
 * and budget decimal integers; is_new "1" or "0"; status planned, active or
 * closed; dates YYYY-MM-DD.  Invariants checked on every write: a name, a
 * department that exists and is active (for new use), start_on <= end_on,
 * target and budget >= 0.
 *
 * A participation is (project, school, recipient type, date) with a count:
 * people, or 1 for a school.  Every write runs in one BEGIN IMMEDIATE
 * transaction with its events (entity "project", key the project code):
 * "create" with the record's CSV line, "update" per changed field with old
 * and new, "enroll" with the participation "school,recipient,count,date"
 * (old holds the previous line when a count changes).
 *
 * Records own their strings: release them with hak_project_release /
 * hak_participation_release.
 */
#ifndef HAK_PROJECT_H
#define HAK_PROJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hak/buf.h"
#include "hak/check.h"
#include "hak/db.h"
#include "hak/err.h"
#include "hak/event.h"
#include "hak/import.h"
#include "hak/out.h"

/* The columns of import, list and export, in order. */
enum hak_project_col {
	HAK_PJ_CODE, HAK_PJ_NAME, HAK_PJ_DEPT, HAK_PJ_AREA, HAK_PJ_RECIPIENTS,
	HAK_PJ_YEAR, HAK_PJ_START_ON, HAK_PJ_END_ON, HAK_PJ_STATUS,
	HAK_PJ_IS_NEW, HAK_PJ_TARGET, HAK_PJ_BUDGET, HAK_PJ_DESCRIPTION,
	HAK_PROJECT_NCOLS
};
extern const struct hak_col hak_project_cols[HAK_PROJECT_NCOLS];

/* The history of projects (hak/event.h): its columns and its kind, whose
 * keys are exact codes; create and enroll events made readable. */
extern const struct hak_col hak_project_hist_cols[HAK_HISTORY_NCOLS];
extern const struct hak_history hak_project_history;
/* The option of add and set for each column ("dept" for department). */
extern const char *const hak_project_opts[HAK_PROJECT_NCOLS];

struct hak_project {
	char *v[HAK_PROJECT_NCOLS];	/* owned cells, NULL = empty */
};
void hak_project_release(struct hak_project *p);

/* The columns of participants. */
enum hak_part_col {
	HAK_PT_PROJECT, HAK_PT_SCHOOL, HAK_PT_SCHOOL_NAME, HAK_PT_RECIPIENT,
	HAK_PT_COUNT, HAK_PT_DATE, HAK_PART_NCOLS
};
extern const struct hak_col hak_part_cols[HAK_PART_NCOLS];

struct hak_participation {
	char *v[HAK_PART_NCOLS];	/* owned cells */
};
void hak_participation_release(struct hak_participation *p);

/*
 * Values.  Each returns HAK_EDATA with a message naming the value when
 * refused; *code is a static string.
 * - recipient: school, teacher, student, parent, staff (any ASCII case) or
 *   학교, 교사/교원, 학생, 학부모, 직원/교직원.
 * - status: planned, active, closed or 계획, 진행/진행중, 종료.
 * - recipients: a ";"-separated set of recipients -> the sorted set (NULL
 *   when empty; caller frees).
 */
int hak_project_recipient_parse(const char *s, const char **code,
	struct hak_err *err);
int hak_project_status_parse(const char *s, const char **code,
	struct hak_err *err);
int hak_project_recipients_norm(const char *s, char **out,
	struct hak_err *err);
int hak_project_code_check(const char *s, struct hak_err *err);
/*
 * A department to filter by: any department of the config, active or
 * not (its projects stay history), in any ASCII case.  *code points into
 * the database's config.  HAK_EDATA when unknown.
 */
int hak_project_dept_parse(struct hak_db *db, const char *s,
	const char **code, struct hak_err *err);

/*
 * A change: v[i] is the new value of column i in input form, "" to clear,
 * NULL to leave it (v[HAK_PJ_CODE] is not used).  Name, department and
 * status cannot be cleared.
 */
struct hak_project_change {
	const char *v[HAK_PROJECT_NCOLS];
};

enum hak_project_flags {
	HAK_PROJECT_KEEP_GOING = 1 << 0,	/* one transaction per key */
	HAK_PROJECT_DRY_RUN = 1 << 1		/* check, write nothing */
};

/*
 * `add`: a new project code with ch applied to an empty record (status
 * planned, is_new 0; year, when not given, the year of start_on, else of
 * now).  A malformed value is HAK_EUSAGE naming its option; a refused one
 * (unknown or inactive department, dates out of order, a negative target
 * or budget, an existing code) HAK_EDATA.  *out (may be NULL) receives the
 * record.
 */
int hak_project_add(struct hak_db *db, const char *code,
	const struct hak_project_change *ch, unsigned flags,
	struct hak_project *out, struct hak_err *err);

/* The project with this exact code.  HAK_ENOMATCH when unknown; p is
 * filled (release it) on HAK_OK only. */
int hak_project_get(struct hak_db *db, const char *code,
	struct hak_project *p, struct hak_err *err);

/* list/export filters; 0 / NULL / false do not filter. */
struct hak_project_filter {
	int year;
	const char *dept;	/* a department code */
	const char *status;	/* a status code */
	bool new_only;
};

/* Call fn for each project passing f, ordered by code.  A non-zero
 * return from fn stops the walk and is returned. */
int hak_project_each(struct hak_db *db, const struct hak_project_filter *f,
	int (*fn)(void *ctx, const struct hak_project *p), void *ctx,
	struct hak_err *err);

/*
 * `set` and `close` act on keys (project codes): by default all in one
 * transaction (the first failure rolls everything back and is returned in
 * err); with HAK_PROJECT_KEEP_GOING one per key, each failure printed to
 * report (hak_err_print with prog) and the most severe code returned.  The
 * affected records, after the change, go to *done (n of them; release each
 * and free the array).  Unknown code: HAK_ENOMATCH.
 */
int hak_project_set(struct hak_db *db, const struct hak_strv *keys,
	const struct hak_project_change *ch, unsigned flags, FILE *report,
	const char *prog, struct hak_project **done, size_t *n,
	struct hak_err *err);

/*
 * `close`: status closed; end_on = on (input form) when not NULL, else
 * today when end_on is empty or later than today.  An already closed
 * project, or an end before start_on, is HAK_EDATA; a malformed on
 * HAK_EUSAGE.
 */
int hak_project_close(struct hak_db *db, const struct hak_strv *keys,
	const char *on, unsigned flags, FILE *report, const char *prog,
	struct hak_project **done, size_t *n, struct hak_err *err);

/* What `enroll` records, in input form; NULL fields take defaults. */
struct hak_enroll {
	const char *project;	/* the project code */
	const char *recipient;	/* required when the project has several */
	const char *count;	/* people; 1 for a school (the default there) */
	const char *date;	/* default: today */
};

/*
 * `enroll`: record a participation of each school in keys (found by
 * hak_school_find; a school named twice counts once).  The same (project,
 * school, recipient, date) again updates the count.  HAK_ENOMATCH for an
 * unknown project or school; HAK_EUSAGE for a malformed recipient, count
 * or date, or a missing --recipient (several types) or --count (people);
 * HAK_EDATA for a recipient the project does not serve, a project without
 * recipient types, a negative count, a school count other than 1.
 * Transactions and *done as for hak_project_set.
 */
int hak_project_enroll(struct hak_db *db, const struct hak_strv *keys,
	const struct hak_enroll *en, unsigned flags, FILE *report,
	const char *prog, struct hak_participation **done, size_t *n,
	struct hak_err *err);

/*
 * `participants`: the participations of each project code in codes, in
 * their order, each by date, school and recipient.  All codes are checked
 * first: an unknown one is HAK_ENOMATCH and nothing is listed.
 */
int hak_project_participants(struct hak_db *db, const struct hak_strv *codes,
	int (*fn)(void *ctx, const struct hak_participation *p), void *ctx,
	struct hak_err *err);

/*
 * The reach of a project for `show`: one row per recipient type and school
 * level (types and levels in their fixed order) with the number of
 * distinct schools, of participation records and the sum of counts.
 */
struct hak_project_reach {
	const char *recipient;
	const char *level;
	long long schools, records, count;
};
int hak_project_reach_each(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const struct hak_project_reach *r), void *ctx,
	struct hak_err *err);

/*
 * What projects reached in a period, for reports (SPEC 5.6 annual: the
 * schools, teachers, students, parents and staff each project reached):
 * the participations dated in the days first..last (both included;
 * hak/date.h days), of project code only when code is not NULL.  Rows,
 * in this order: for each project (by code) one per recipient type it
 * reached (types in their fixed order: school, teacher, student, parent,
 * staff), then its any-type row (recipient NULL); then the same over all
 * projects (project NULL).  schools = distinct schools; records =
 * participation records; count = the sum of counts (the schools for type
 * school, else people), -1 on any-type rows, where schools and people do
 * not add up.  No participations: fn is not called.  Counts are the
 * stored ones: a count corrected later changes the figure of its date.
 */
struct hak_project_reached {
	const char *project;	/* NULL: all projects */
	const char *recipient;	/* NULL: any type */
	long long schools, records, count;
};
int hak_project_reach_period(struct hak_db *db, int32_t first, int32_t last,
	const char *code,
	int (*fn)(void *ctx, const struct hak_project_reached *r), void *ctx,
	struct hak_err *err);

/* The requests linked to a project (hak-request new --project): cells id,
 * title, status, school, received_at; ordered by id. */
#define HAK_PROJECT_REQ_NCOLS 5
extern const struct hak_col hak_project_req_cols[HAK_PROJECT_REQ_NCOLS];
int hak_project_requests_each(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err);

/*
 * The headline figures of the surveys linked to a project (their
 * definition's `project:`), for `show`: cells survey, question, n, mean,
 * score100, top2 (shares 0-1; as hak_survey_results' row (all)) of each
 * headline question of each linked survey, by survey code, then in
 * definition order.  A survey's headline questions are those the config's
 * `headline` names; when it names none of that survey's, every scale and
 * yes/no question.
 */
#define HAK_PROJECT_SURVEY_NCOLS 6
extern const struct hak_col hak_project_survey_cols[HAK_PROJECT_SURVEY_NCOLS];
int hak_project_surveys_each(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err);

/* Import a project file (see hak/import.h): update by code. */
int hak_project_import(struct hak_db *db, const struct hak_import_opts *opts,
	struct hak_import_stats *st, struct hak_err *err);

/* Words for completions: project codes, active department codes. */
int hak_project_codes(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);
int hak_project_depts(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);

/*
 * The demo step of `hak demo`: 30+ projects of the four departments over
 * the year of now and the two before it, some new this year, with
 * participations of the demo schools; appends ", N projects, M
 * participations" to summary.  Deterministic for r's state.
 */
struct hak_rand;
int hak_project_demo(struct hak_db *db, struct hak_rand *r,
	struct hak_buf *summary, struct hak_err *err);

/* `hak check` (hak/check.h): adds the step that matches each record
 * with its history (a create event) and each history with a record. */
void hak_project_check_add(struct hak_check *c);

#endif
