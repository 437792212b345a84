/* SPDX-License-Identifier: MIT */
/*
 * hak/request.h - support requests from intake to satisfaction (SPEC 5.2):
 * routing, assignment, the lifecycle state machine, the service level,
 * notes, redaction, import and export, and the replay of each request's
 * history for `hak check`.
 *
 * A request's record is the cells of hak_request_cols (v[HAK_RQ_*]), text
 * as printed (NULL = empty cell); struct hak_request owns them
 * (hak_request_release).  Every write runs in one BEGIN IMMEDIATE
 * transaction together with its events (entity "request", key = the id):
 *
 *   action   field         old / new                 note
 *   create   status        NULL / initial status     the record as CSV
 *   CMD      COLUMN        old / new value           (e.g. "waited 2 business days")
 *   note     note          NULL / SHA-256 of the text
 *   redact   COLUMN|notes  SHA-256 (or count) / NULL
 *
 * CMD is the command that made the change (assign, start, wait, resolve,
 * close, reject, withdraw, reopen, rate, set, import); one event per
 * changed column, in column order, so the status of a request as of any
 * time is the `new` of its last event with field "status" at or before
 * that time.  Personal text (body, requester, resolution, reason, notes)
 * is never written to events: its SHA-256 (hak_sha256_hex) is, so redact
 * can blank the text and the hash chain still verifies.  The create
 * record holds the columns of hak_request_cols but id and school_name,
 * personal text replaced by its SHA-256.
 */
#ifndef HAK_REQUEST_H
#define HAK_REQUEST_H

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
#include "hak/rand.h"

enum hak_request_col {
	HAK_RQ_ID, HAK_RQ_EXTERNAL_ID, HAK_RQ_RECEIVED_AT, HAK_RQ_SCHOOL,
	HAK_RQ_SCHOOL_NAME, HAK_RQ_CATEGORY, HAK_RQ_DEPARTMENT,
	HAK_RQ_PRIORITY, HAK_RQ_CHANNEL, HAK_RQ_STATUS, HAK_RQ_ASSIGNEE,
	HAK_RQ_PROJECT, HAK_RQ_TITLE, HAK_RQ_BODY, HAK_RQ_REQUESTER,
	HAK_RQ_DUE_ON, HAK_RQ_FIRST_RESPONSE_AT, HAK_RQ_RESOLVED_AT,
	HAK_RQ_CLOSED_AT, HAK_RQ_RESOLUTION, HAK_RQ_REASON, HAK_RQ_RATING,
	HAK_REQUEST_NCOLS
};

/* The columns of export and import, in the SPEC's order. */
extern const struct hak_col hak_request_cols[HAK_REQUEST_NCOLS];

/* The columns of list and --print: all but body, requester, resolution
 * and reason; hak_request_list_map[i] is the record column of list
 * column i. */
#define HAK_REQUEST_NLIST 18
extern const struct hak_col hak_request_list_cols[HAK_REQUEST_NLIST];
extern const int hak_request_list_map[HAK_REQUEST_NLIST];

/* The columns of history. */
#define HAK_REQUEST_NHIST HAK_HISTORY_NCOLS
extern const struct hak_col hak_request_hist_cols[HAK_REQUEST_NHIST];
/* The history of requests (hak/event.h), keys found by hak_request_get. */
extern const struct hak_history hak_request_hist;

struct hak_request {
	char *v[HAK_REQUEST_NCOLS];
	int waited_days;	/* business days waited in finished waits */
	int64_t waiting_since;	/* when the running wait began; -1 none */
};

void hak_request_release(struct hak_request *r);
/* The list cells of r (borrowed). */
void hak_request_list_cells(const struct hak_request *r,
	const char *cells[HAK_REQUEST_NLIST]);

/*
 * Enumerations: the code (any ASCII case) or its Korean label -> the code
 * (a static string).  HAK_EDATA naming the value when unknown.
 *   status:  접수 new, 배정 assigned, 처리중 in_progress, 대기 waiting,
 *            해결 resolved, 종결 closed, 반려 rejected, 취하 withdrawn
 *   channel: 웹 web, 전화 phone, 방문 visit, 공문 document, 이메일 email
 *   priority: 낮음 low, 보통 normal, 높음 high, 긴급 urgent
 */
int hak_request_status_parse(const char *s, const char **code,
	struct hak_err *err);
int hak_request_channel_parse(const char *s, const char **code,
	struct hak_err *err);
int hak_request_priority_parse(const char *s, const char **code,
	struct hak_err *err);
/* new, assigned, in_progress, waiting. */
bool hak_request_status_open(const char *status);

/* The commands of the state machine. */
enum hak_request_cmd {
	HAK_RQ_ASSIGN, HAK_RQ_START, HAK_RQ_WAIT, HAK_RQ_RESOLVE,
	HAK_RQ_CLOSE, HAK_RQ_REJECT, HAK_RQ_WITHDRAW, HAK_RQ_REOPEN,
	HAK_RQ_RATE, HAK_RQ_NOTE, HAK_RQ_SET, HAK_RQ_REDACT,
	HAK_RQ_NCMDS
};
const char *hak_request_cmd_name(enum hak_request_cmd cmd);
/* Whether cmd may act on a request in status. */
bool hak_request_allowed(enum hak_request_cmd cmd, const char *status);
/* The commands allowed in status, ", "-separated, appended to out. */
void hak_request_allowed_list(const char *status, struct hak_buf *out);

/* `new`: NULL fields are not given.  school is matched by
 * hak_school_find; priority, channel take codes or labels. */
struct hak_request_new {
	const char *school, *category, *title, *body, *priority, *channel;
	const char *requester, *project, *dept, *external_id;
};

/*
 * Create a request received now: routed to the category's department or
 * dept, due_on from the SLA.  With a known external_id nothing is written
 * and *existed is set.  Codes: HAK_ENOMATCH (school), HAK_EDATA (unknown
 * or inactive category, department, unknown project, ambiguous school,
 * empty title), HAK_EUSAGE (bad priority or channel), HAK_EBUSY.
 */
int hak_request_new(struct hak_db *db, const struct hak_request_new *in,
	long long *id, bool *existed, struct hak_err *err);

/* An action on existing requests.  Fields other than cmd's are ignored. */
struct hak_request_action {
	enum hak_request_cmd cmd;
	const char *to;		/* assign: a staff id, existing and active */
	const char *text;	/* -m: resolution, reason or note; may be NULL */
	int rating;		/* rate: 1-5 */
	/* set: NULL = leave; project "" clears it */
	const char *category, *priority, *dept, *title, *project;
	int32_t before;		/* redact: closed before this day; 0 = any */
	bool has_before;
};

enum hak_request_act_flags {
	HAK_REQUEST_KEEP_GOING = 1 << 0,	/* one transaction per key */
	HAK_REQUEST_DRY_RUN = 1 << 1		/* check, write nothing */
};

/*
 * Apply a to each key (a request id).  Unknown id: HAK_ENOMATCH; a
 * refused command/state pair: HAK_EDATA naming the allowed commands.
 * By default all keys in one transaction (the first failure rolls back
 * all and is returned in err); with HAK_REQUEST_KEEP_GOING one per key,
 * failures printed to report (hak_err_print with prog), the most severe
 * code returned.  The affected records after the change are appended to
 * *done (*n of them; release each, free the array).
 */
int hak_request_act(struct hak_db *db, const struct hak_strv *keys,
	const struct hak_request_action *a, unsigned flags, FILE *report,
	const char *prog, struct hak_request **done, size_t *n,
	struct hak_err *err);

/* redact --before DAY without keys: the ids of the finished requests
 * closed before day, ascending, appended to keys. */
int hak_request_redact_keys(struct hak_db *db, int32_t before,
	struct hak_strv *keys, struct hak_err *err);

/* A request by its id (text as given).  HAK_ENOMATCH when unknown or not
 * an id.  r is filled on HAK_OK only. */
int hak_request_get(struct hak_db *db, const char *key,
	struct hak_request *r, struct hak_err *err);

enum hak_request_datefield {
	HAK_RQ_DATE_RECEIVED = 0, HAK_RQ_DATE_RESOLVED, HAK_RQ_DATE_CLOSED,
	HAK_RQ_DATE_DUE
};
/* "received", "resolved", "closed", "due" (also with "_at"/"_on"). */
int hak_request_datefield_parse(const char *s,
	enum hak_request_datefield *f, struct hak_err *err);

/* list filters; NULL / false / 0 do not filter. */
struct hak_request_filter {
	const char *const *status;	/* status codes */
	size_t nstatus;
	bool open, overdue;
	const char *dept, *school, *category, *assignee, *project;
	const char *search;	/* in title or body (no index: a scan) */
	bool has_period;
	struct hak_period period;
	enum hak_request_datefield datefield;
	const char *sort;	/* "[-]F[,...]" of list columns; NULL = id */
	long long limit;	/* 0 = none */
};

/* Check f->sort against the list columns: HAK_EUSAGE naming the bad one. */
int hak_request_sort_check(const char *sort, struct hak_err *err);

/* Call fn for each request passing f, in f's order.  A non-zero return
 * from fn stops the walk and is returned. */
int hak_request_each(struct hak_db *db, const struct hak_request_filter *f,
	int (*fn)(void *ctx, const struct hak_request *r), void *ctx,
	struct hak_err *err);

/* The query plan (EXPLAIN QUERY PLAN details, one per line) of the query
 * hak_request_each runs for f, appended to plan. */
int hak_request_plan(struct hak_db *db, const struct hak_request_filter *f,
	struct hak_buf *plan, struct hak_err *err);

/* The history of one request (key), or of all when key is NULL: fn gets
 * the cells of hak_request_hist_cols. */
int hak_request_history(struct hak_db *db, const char *key,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err);

/* The notes of request id: fn gets seq, at, actor, text (NULL when
 * redacted). */
int hak_request_notes(struct hak_db *db, const char *id,
	int (*fn)(void *ctx, const char *const cells[4]), void *ctx,
	struct hak_err *err);

/* Import a request file (hak/import.h): requires school, category and
 * title; ignores id and school_name; idempotent by external_id (rows
 * without one by received_at, school, category and title, or without
 * received_at by school, category and title); with update,
 * a known request whose content differs is updated. */
int hak_request_import(struct hak_db *db, const struct hak_import_opts *opts,
	bool update, struct hak_import_stats *st, struct hak_err *err);

/* `hak check` (hak/check.h): adds the request steps, which replay each
 * request's events to its stored state (one line per mismatch). */
void hak_request_check_add(struct hak_check *c);

/* Words for completions: active categories, active staff ids, active
 * departments, project codes. */
int hak_request_categories(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);
int hak_request_staff(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);
int hak_request_depts(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);
int hak_request_projects(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);

/* `hak demo`: a year of requests up to now (lib/request_demo.c). */
int hak_request_demo(struct hak_db *db, struct hak_rand *r,
	struct hak_buf *summary, struct hak_err *err);

#endif
