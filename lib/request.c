/* SPDX-License-Identifier: MIT */
/* Support requests: routing, lifecycle, SLA, history (SPEC 5.2). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_int.h"
#include "request_int.h"
#include "span_int.h"
#include "hak/config.h"
#include "hak/csvio.h"
#include "hak/date.h"
#include "hak/event.h"
#include "hak/org.h"
#include "hak/request.h"
#include "hak/school.h"
#include "hak/sla.h"
#include "hak/text.h"
#include "banned.h"

const struct hak_col hak_request_cols[HAK_REQUEST_NCOLS] = {
	{ "id", HAK_COL_CODE },
	{ "external_id", HAK_COL_CODE },
	{ "received_at", HAK_COL_TEXT },
	{ "school", HAK_COL_CODE },
	{ "school_name", HAK_COL_PROSE },
	{ "category", HAK_COL_CODE },
	{ "department", HAK_COL_CODE },
	{ "priority", HAK_COL_TEXT },
	{ "channel", HAK_COL_TEXT },
	{ "status", HAK_COL_TEXT },
	{ "assignee", HAK_COL_CODE },
	{ "project", HAK_COL_CODE },
	{ "title", HAK_COL_PROSE },
	{ "body", HAK_COL_PROSE },
	{ "requester", HAK_COL_PROSE },
	{ "due_on", HAK_COL_TEXT },
	{ "first_response_at", HAK_COL_TEXT },
	{ "resolved_at", HAK_COL_TEXT },
	{ "closed_at", HAK_COL_TEXT },
	{ "resolution", HAK_COL_PROSE },
	{ "reason", HAK_COL_PROSE },
	{ "rating", HAK_COL_NUM }
};

const int hak_request_list_map[HAK_REQUEST_NLIST] = {
	HAK_RQ_ID, HAK_RQ_EXTERNAL_ID, HAK_RQ_RECEIVED_AT, HAK_RQ_SCHOOL,
	HAK_RQ_SCHOOL_NAME, HAK_RQ_CATEGORY, HAK_RQ_DEPARTMENT,
	HAK_RQ_PRIORITY, HAK_RQ_CHANNEL, HAK_RQ_STATUS, HAK_RQ_ASSIGNEE,
	HAK_RQ_PROJECT, HAK_RQ_TITLE, HAK_RQ_DUE_ON, HAK_RQ_FIRST_RESPONSE_AT,
	HAK_RQ_RESOLVED_AT, HAK_RQ_CLOSED_AT, HAK_RQ_RATING
};

const struct hak_col hak_request_list_cols[HAK_REQUEST_NLIST] = {
	{ "id", HAK_COL_CODE },
	{ "external_id", HAK_COL_CODE },
	{ "received_at", HAK_COL_TEXT },
	{ "school", HAK_COL_CODE },
	{ "school_name", HAK_COL_PROSE },
	{ "category", HAK_COL_CODE },
	{ "department", HAK_COL_CODE },
	{ "priority", HAK_COL_TEXT },
	{ "channel", HAK_COL_TEXT },
	{ "status", HAK_COL_TEXT },
	{ "assignee", HAK_COL_CODE },
	{ "project", HAK_COL_CODE },
	{ "title", HAK_COL_PROSE },
	{ "due_on", HAK_COL_TEXT },
	{ "first_response_at", HAK_COL_TEXT },
	{ "resolved_at", HAK_COL_TEXT },
	{ "closed_at", HAK_COL_TEXT },
	{ "rating", HAK_COL_NUM }
};

const struct hak_col hak_request_hist_cols[HAK_REQUEST_NHIST] = {
	HAK_HISTORY_COLS("request")
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Statuses in lifecycle order; the first four are open. */
static const struct {
	const char *code, *ko;
} statuses[] = {
	{ "new", "접수" },
	{ "assigned", "배정" },
	{ "in_progress", "처리중" },
	{ "waiting", "대기" },
	{ "resolved", "해결" },
	{ "closed", "종결" },
	{ "rejected", "반려" },
	{ "withdrawn", "취하" }
};
enum { S_NEW, S_ASSIGNED, S_IN_PROGRESS, S_WAITING, S_RESOLVED, S_CLOSED,
	S_REJECTED, S_WITHDRAWN, S_N };

static const struct {
	const char *code, *ko;
} channels[] = {
	{ "web", "웹" },
	{ "phone", "전화" },
	{ "visit", "방문" },
	{ "document", "공문" },
	{ "email", "이메일" }
};

#define B(s) (1u << (s))
#define OPEN (B(S_NEW) | B(S_ASSIGNED) | B(S_IN_PROGRESS) | B(S_WAITING))
#define FINISHED (B(S_CLOSED) | B(S_REJECTED) | B(S_WITHDRAWN))

/* The state machine of SPEC 5.2: the states each command accepts. */
static const struct {
	const char *name;
	unsigned from;
} cmds[HAK_RQ_NCMDS] = {
	[HAK_RQ_ASSIGN] = { "assign", OPEN },
	[HAK_RQ_START] = { "start", B(S_ASSIGNED) | B(S_WAITING) },
	[HAK_RQ_WAIT] = { "wait", B(S_IN_PROGRESS) },
	[HAK_RQ_RESOLVE] = { "resolve", B(S_ASSIGNED) | B(S_IN_PROGRESS) },
	[HAK_RQ_CLOSE] = { "close", B(S_RESOLVED) },
	[HAK_RQ_REJECT] = { "reject", OPEN },
	[HAK_RQ_WITHDRAW] = { "withdraw", OPEN },
	[HAK_RQ_REOPEN] = { "reopen", B(S_RESOLVED) | B(S_CLOSED) },
	[HAK_RQ_RATE] = { "rate", B(S_RESOLVED) | B(S_CLOSED) },
	[HAK_RQ_NOTE] = { "note", 0xffu },
	[HAK_RQ_SET] = { "set", OPEN },
	[HAK_RQ_REDACT] = { "redact", FINISHED }
};

static bool
streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static void
set_str(char **slot, const char *s)
{
	char *t = hak_xstrdup(s);

	free(*slot);
	*slot = t;
}

static bool
personal(int col)
{
	return col == HAK_RQ_BODY || col == HAK_RQ_REQUESTER ||
		col == HAK_RQ_RESOLUTION || col == HAK_RQ_REASON;
}

void
hak_request_release(struct hak_request *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < HAK_REQUEST_NCOLS; i++)
		free(r->v[i]);
	memset(r, 0, sizeof(*r));
	r->waiting_since = -1;
}

static void
copy_request(const struct hak_request *from, struct hak_request *to)
{
	int i;

	for (i = 0; i < HAK_REQUEST_NCOLS; i++)
		to->v[i] = hak_xstrdup(from->v[i]);
	to->waited_days = from->waited_days;
	to->waiting_since = from->waiting_since;
}

void
hak_request_list_cells(const struct hak_request *r,
	const char *cells[HAK_REQUEST_NLIST])
{
	int i;

	for (i = 0; i < HAK_REQUEST_NLIST; i++)
		cells[i] = r->v[hak_request_list_map[i]];
}

static int
status_index(const char *s)
{
	size_t i;

	for (i = 0; s && i < N(statuses); i++)
		if (!strcmp(s, statuses[i].code))
			return (int)i;
	return -1;
}

int
hak_request_status_parse(const char *s, const char **code,
	struct hak_err *err)
{
	size_t i;

	for (i = 0; s && i < N(statuses); i++)
		if (!strcasecmp(s, statuses[i].code) ||
			!strcmp(s, statuses[i].ko)) {
			*code = statuses[i].code;
			return HAK_OK;
		}
	return hak_err_set(err, HAK_EDATA, "unknown status '%s' (new, "
		"assigned, in_progress, waiting, resolved, closed, rejected, "
		"withdrawn)", s ? s : "");
}

int
hak_request_channel_parse(const char *s, const char **code,
	struct hak_err *err)
{
	size_t i;

	for (i = 0; s && i < N(channels); i++)
		if (!strcasecmp(s, channels[i].code) ||
			!strcmp(s, channels[i].ko)) {
			*code = channels[i].code;
			return HAK_OK;
		}
	return hak_err_set(err, HAK_EDATA, "unknown channel '%s' (web, "
		"phone, visit, document, email)", s ? s : "");
}

int
hak_request_priority_parse(const char *s, const char **code,
	struct hak_err *err)
{
	char low[16];
	size_t i;
	int p;

	for (i = 0; s && s[i] && i + 1 < sizeof(low); i++)
		low[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
	low[i] = '\0';
	p = s ? hak_priority_parse(s) : -1;
	if (p < 0 && s && strlen(s) < sizeof(low))
		p = hak_priority_parse(low);
	if (p < 0)
		return hak_err_set(err, HAK_EDATA, "unknown priority '%s' (low, "
			"normal, high, urgent)", s ? s : "");
	*code = hak_priority_name(p);
	return HAK_OK;
}

bool
hak_request_status_open(const char *status)
{
	int i = status_index(status);

	return i >= 0 && (OPEN & B(i));
}

const char *
hak_request_cmd_name(enum hak_request_cmd cmd)
{
	return cmd < HAK_RQ_NCMDS ? cmds[cmd].name : "?";
}

bool
hak_request_allowed(enum hak_request_cmd cmd, const char *status)
{
	int i = status_index(status);

	return cmd < HAK_RQ_NCMDS && i >= 0 && (cmds[cmd].from & B(i));
}

void
hak_request_allowed_list(const char *status, struct hak_buf *out)
{
	size_t start = out->len;
	int c;

	for (c = 0; c < HAK_RQ_NCMDS; c++)
		if (hak_request_allowed((enum hak_request_cmd)c, status))
			hak_buf_addf(out, "%s%s", out->len > start ? ", " : "",
				cmds[c].name);
}

/* --- reading --- */

#define RQ_COLS "SELECT r.id, r.external_id, r.received_at, r.school, " \
	"(SELECT s.name FROM schools s WHERE s.code = r.school) AS sn, " \
	"r.category, r.department, r.priority, r.channel, r.status, " \
	"r.assignee, r.project, r.title, r.body, r.requester, r.due_on, " \
	"r.first_response_at, r.resolved_at, r.closed_at, r.resolution, " \
	"r.reason, r.rating, r.waited_days, r.waiting_since_ts "
#define RQ_SELECT RQ_COLS "FROM requests r "

static void
fill(sqlite3_stmt *st, struct hak_request *r)
{
	int i;

	for (i = 0; i < HAK_REQUEST_NCOLS; i++)
		r->v[i] = hak_db_col_dup(st, i);
	r->waited_days = sqlite3_column_int(st, HAK_REQUEST_NCOLS);
	r->waiting_since = sqlite3_column_type(st, HAK_REQUEST_NCOLS + 1) ==
		SQLITE_NULL ? -1 :
		sqlite3_column_int64(st, HAK_REQUEST_NCOLS + 1);
}

/* A key as an id: digits only, no leading zero, > 0. */
static bool
parse_id(const char *key, long long *id)
{
	long long v = 0;
	const char *p;

	if (!key || !*key || *key == '0' || strlen(key) > 18)
		return false;
	for (p = key; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	*id = v;
	return true;
}

/* Request id into r by sql (RQ_COLS ... WHERE r.id = ?). */
static int
get_by(struct hak_db *db, const char *sql, long long id,
	struct hak_request *r, struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	memset(r, 0, sizeof(*r));
	r->waiting_since = -1;
	if ((rc = hak_db_stmt(db, sql, &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, sqlite3_bind_int64(st, 1, id), err)))
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		fill(st, r);
	sqlite3_reset(st);
	if (src == SQLITE_ROW)
		return HAK_OK;
	if (src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return hak_err_set(err, HAK_ENOMATCH, "no request '%lld'", id);
}

int
hak_request_get(struct hak_db *db, const char *key, struct hak_request *r,
	struct hak_err *err)
{
	long long id;

	memset(r, 0, sizeof(*r));
	r->waiting_since = -1;
	if (!parse_id(key, &id))
		return hak_err_set(err, HAK_ENOMATCH, "no request '%s'",
			key ? key : "");
	return get_by(db, RQ_SELECT "WHERE r.id = ?", id, r, err);
}

/* --- references --- */

/*
 * Look up code in a reference table: *found, *active, and up to two text
 * columns (dept, sla_days as text) of the row.
 */
static int
lookup(struct hak_db *db, const char *sql, const char *code, bool *found,
	bool *active, char **c1, char **c2, struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	*found = *active = false;
	if ((rc = hak_db_stmt(db, sql, &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*found = true;
		*active = sqlite3_column_int(st, 0) != 0;
		if (c1)
			*c1 = hak_db_col_dup(st, 1);
		if (c2)
			*c2 = hak_db_col_dup(st, 2);
	}
	sqlite3_reset(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return HAK_OK;
}

static int
check_project(struct hak_db *db, const char *code, struct hak_err *err)
{
	bool found, active;
	int rc;

	if ((rc = lookup(db, "SELECT 1 FROM projects WHERE code = ?", code,
		&found, &active, NULL, NULL, err)))
		return rc;
	if (!found)
		return hak_err_set(err, HAK_EDATA, "unknown project '%s'", code);
	return HAK_OK;
}

/* --- the service level --- */

static int
parse_day(const char *s, int32_t *day)
{
	return s ? hak_day_parse(s, day, NULL) : HAK_EDATA;
}

static int
parse_time(const char *s, int64_t *t)
{
	return s ? hak_time_parse(s, t, NULL) : HAK_EDATA;
}

/* due_on of r (priority, received_at, waited_days) as text, for a
 * category of sla_days days (-1 when none). */
static int
due_for(struct hak_db *db, struct hak_request *r, int days,
	struct hak_err *err)
{
	struct hak_calendar cal = hak_db_calendar(db);
	const struct hak_config *org = hak_db_config(db);
	char out[HAK_DATE_LEN];
	int64_t t;
	int prio;

	if (parse_time(r->v[HAK_RQ_RECEIVED_AT], &t))
		return hak_err_set(err, HAK_EBUG, "bad received_at '%s'",
			r->v[HAK_RQ_RECEIVED_AT] ? r->v[HAK_RQ_RECEIVED_AT] :
			"");
	prio = hak_priority_parse(r->v[HAK_RQ_PRIORITY] ?
		r->v[HAK_RQ_PRIORITY] : "normal");
	days = hak_sla_days(days, org->sla, prio);
	hak_day_format(hak_sla_extend(&cal, hak_sla_due(&cal,
		hak_time_day(t), days), r->waited_days), out);
	set_str(&r->v[HAK_RQ_DUE_ON], out);
	return HAK_OK;
}

/* due_on of r (category, priority, received_at, waited_days) as text. */
static int
compute_due(struct hak_db *db, struct hak_request *r, struct hak_err *err)
{
	const struct hak_category *cat;
	int rc;

	if ((rc = hak_org_category(db, r->v[HAK_RQ_CATEGORY], 0, &cat, err)))
		return rc;
	return due_for(db, r, cat->sla_days, err);
}

/* The business days of the running wait of r until now. */
static int
waiting_now(struct hak_db *db, const struct hak_request *r)
{
	struct hak_calendar cal = hak_db_calendar(db);

	if (r->waiting_since < 0 || streq(r->v[HAK_RQ_STATUS], "waiting") == 0)
		return 0;
	return hak_sla_waited(&cal, r->waiting_since, hak_db_now(db));
}

/* --- writing --- */

static void
key_of(long long id, char key[24])
{
	snprintf(key, 24, "%lld", id);
}

/* The value an event holds for column col of r: personal text hashed. */
static char *
event_value(const struct hak_request *r, int col)
{
	char hex[65];
	const char *s = r->v[col];

	if (!s)
		return NULL;
	if (!personal(col))
		return hak_xstrdup(s);
	hak_sha256_hex(s, strlen(s), hex);
	return hak_xstrdup(hex);
}

/* The create record: every column but id and school_name, as CSV. */
static void
create_record(const struct hak_request *r, struct hak_buf *b)
{
	char *v;
	int i;
	bool first = true;

	for (i = 0; i < HAK_REQUEST_NCOLS; i++) {
		if (i == HAK_RQ_ID || i == HAK_RQ_SCHOOL_NAME)
			continue;
		if (!first)
			hak_buf_addch(b, ',');
		first = false;
		v = event_value(r, i);
		hak_csv_quote(b, v, false);
		free(v);
	}
}

static int
bind_ts(sqlite3_stmt *st, int i, const char *s)
{
	int64_t t;

	if (s && !parse_time(s, &t))
		return sqlite3_bind_int64(st, i, t);
	return sqlite3_bind_null(st, i);
}

/* Keep in src the first failed result of a series of binds (and skip
 * the binds after it). */
#define BIND(src, call) ((src) = (src) != SQLITE_OK ? (src) : (call))

/* Bind every stored column of r to ?2..?26 (?1 is the id); returns the
 * first failed SQLite result, or SQLITE_OK. */
static int
bind_request(sqlite3_stmt *st, const struct hak_request *r)
{
	int src = SQLITE_OK;

	BIND(src, hak_db_bind_text(st, 2, r->v[HAK_RQ_EXTERNAL_ID]));
	BIND(src, hak_db_bind_text(st, 3, r->v[HAK_RQ_RECEIVED_AT]));
	BIND(src, bind_ts(st, 4, r->v[HAK_RQ_RECEIVED_AT]));
	BIND(src, hak_db_bind_text(st, 5, r->v[HAK_RQ_SCHOOL]));
	BIND(src, hak_db_bind_text(st, 6, r->v[HAK_RQ_CATEGORY]));
	BIND(src, hak_db_bind_text(st, 7, r->v[HAK_RQ_DEPARTMENT]));
	BIND(src, hak_db_bind_text(st, 8, r->v[HAK_RQ_PRIORITY]));
	BIND(src, hak_db_bind_text(st, 9, r->v[HAK_RQ_CHANNEL]));
	BIND(src, hak_db_bind_text(st, 10, r->v[HAK_RQ_STATUS]));
	BIND(src, hak_db_bind_text(st, 11, r->v[HAK_RQ_ASSIGNEE]));
	BIND(src, hak_db_bind_text(st, 12, r->v[HAK_RQ_PROJECT]));
	BIND(src, hak_db_bind_text(st, 13, r->v[HAK_RQ_TITLE]));
	BIND(src, hak_db_bind_text(st, 14, r->v[HAK_RQ_BODY]));
	BIND(src, hak_db_bind_text(st, 15, r->v[HAK_RQ_REQUESTER]));
	BIND(src, hak_db_bind_text(st, 16, r->v[HAK_RQ_DUE_ON]));
	BIND(src, hak_db_bind_text(st, 17, r->v[HAK_RQ_FIRST_RESPONSE_AT]));
	BIND(src, hak_db_bind_text(st, 18, r->v[HAK_RQ_RESOLVED_AT]));
	BIND(src, bind_ts(st, 19, r->v[HAK_RQ_RESOLVED_AT]));
	BIND(src, hak_db_bind_text(st, 20, r->v[HAK_RQ_CLOSED_AT]));
	BIND(src, bind_ts(st, 21, r->v[HAK_RQ_CLOSED_AT]));
	BIND(src, hak_db_bind_text(st, 22, r->v[HAK_RQ_RESOLUTION]));
	BIND(src, hak_db_bind_text(st, 23, r->v[HAK_RQ_REASON]));
	if (r->v[HAK_RQ_RATING])
		BIND(src, sqlite3_bind_int(st, 24,
			(int)strtol(r->v[HAK_RQ_RATING], NULL, 10)));
	else
		BIND(src, sqlite3_bind_null(st, 24));
	BIND(src, sqlite3_bind_int(st, 25, r->waited_days));
	if (r->waiting_since >= 0)
		BIND(src, sqlite3_bind_int64(st, 26, r->waiting_since));
	else
		BIND(src, sqlite3_bind_null(st, 26));
	return src;
}

/* The columns of r that its spans hold (borrowed). */
static void
span_rec(const struct hak_request *r, struct hak_span_rec *s)
{
	static const int col[HAK_SP_NCOLS] = {
		[HAK_SP_STATUS] = HAK_RQ_STATUS,
		[HAK_SP_DEPARTMENT] = HAK_RQ_DEPARTMENT,
		[HAK_SP_ASSIGNEE] = HAK_RQ_ASSIGNEE,
		[HAK_SP_CATEGORY] = HAK_RQ_CATEGORY,
		[HAK_SP_SCHOOL] = HAK_RQ_SCHOOL,
		[HAK_SP_DUE_ON] = HAK_RQ_DUE_ON,
		[HAK_SP_RATING] = HAK_RQ_RATING,
		[HAK_SP_RECEIVED_AT] = HAK_RQ_RECEIVED_AT,
		[HAK_SP_RESOLVED_AT] = HAK_RQ_RESOLVED_AT,
		[HAK_SP_CLOSED_AT] = HAK_RQ_CLOSED_AT
	};
	int i;

	for (i = 0; i < HAK_SP_NCOLS; i++)
		s->v[i] = r->v[col[i]];
}

/* Set r's id to id and write its create event. */
static int
rq_created(struct hak_db *db, struct hak_request *r, long long id,
	struct hak_err *err)
{
	struct hak_event ev = { 0 };
	struct hak_buf rec = HAK_BUF_INIT;
	char key[24];
	int rc;

	key_of(id, key);
	set_str(&r->v[HAK_RQ_ID], key);
	create_record(r, &rec);
	ev.entity = "request";
	ev.key = key;
	ev.action = "create";
	ev.field = "status";
	ev.new = r->v[HAK_RQ_STATUS];
	ev.note = rec.buf;
	rc = hak_event_add(db, &ev, err);
	hak_buf_release(&rec);
	return rc;
}

/* The stored columns, in the order of bind_request's ?1..?26. */
#define RQ_STORED "id, external_id, received_at, received_ts, school, " \
	"category, department, priority, channel, status, assignee, " \
	"project, title, body, requester, due_on, first_response_at, " \
	"resolved_at, resolved_ts, closed_at, closed_ts, resolution, " \
	"reason, rating, waited_days, waiting_since_ts"
#define RQ_PARAMS "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, " \
	"?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26"

/* Insert r (a new request), set its id, and write its create event. */
static int
rq_insert(struct hak_db *db, struct hak_request *r, long long *id,
	struct hak_err *err)
{
	struct hak_span_rec sr;
	sqlite3_stmt *st;
	int rc;

	if ((rc = hak_db_stmt(db, "INSERT INTO requests (" RQ_STORED ") "
		"VALUES (" RQ_PARAMS ")", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, sqlite3_bind_null(st, 1), err)) ||
		(rc = hak_db_bound(db, bind_request(st, r), err)) ||
		(rc = hak_db_step_done(db, st, err)))
		return rc;
	*id = sqlite3_last_insert_rowid(db->sql);
	if ((rc = rq_created(db, r, *id, err)))
		return rc;
	span_rec(r, &sr);
	return hak_span_create(db, *id, &sr, hak_db_now(db), err);
}

/*
 * Store new in place of old (same id), writing one event per changed
 * column with action; due_note goes with a change of due_on.
 */
static int
rq_update(struct hak_db *db, const struct hak_request *old,
	const struct hak_request *new, const char *action,
	const char *due_note, struct hak_err *err)
{
	/* The stored columns bound to ?2..?24 (RQ_STORED's order) and the
	 * record column each one follows. */
	static const struct {
		const char *name;
		int col;
	} updatable[] = {
		{ "external_id", HAK_RQ_EXTERNAL_ID },
		{ "received_at", HAK_RQ_RECEIVED_AT },
		{ "received_ts", HAK_RQ_RECEIVED_AT },
		{ "school", HAK_RQ_SCHOOL },
		{ "category", HAK_RQ_CATEGORY },
		{ "department", HAK_RQ_DEPARTMENT },
		{ "priority", HAK_RQ_PRIORITY },
		{ "channel", HAK_RQ_CHANNEL },
		{ "status", HAK_RQ_STATUS },
		{ "assignee", HAK_RQ_ASSIGNEE },
		{ "project", HAK_RQ_PROJECT },
		{ "title", HAK_RQ_TITLE },
		{ "body", HAK_RQ_BODY },
		{ "requester", HAK_RQ_REQUESTER },
		{ "due_on", HAK_RQ_DUE_ON },
		{ "first_response_at", HAK_RQ_FIRST_RESPONSE_AT },
		{ "resolved_at", HAK_RQ_RESOLVED_AT },
		{ "resolved_ts", HAK_RQ_RESOLVED_AT },
		{ "closed_at", HAK_RQ_CLOSED_AT },
		{ "closed_ts", HAK_RQ_CLOSED_AT },
		{ "resolution", HAK_RQ_RESOLUTION },
		{ "reason", HAK_RQ_REASON },
		{ "rating", HAK_RQ_RATING }
	};
	struct hak_event ev = { 0 };
	struct hak_buf sql = HAK_BUF_INIT;
	struct hak_span_rec so, sn;
	sqlite3_stmt *st;
	char *o, *n;
	int i, rc;

	/*
	 * Only the columns that changed are set: SQLite rewrites every index
	 * and checks every constraint on a column an UPDATE sets, changed or
	 * not (waited_days and waiting_since_ts have neither).
	 */
	for (i = 0; i < (int)N(updatable); i++) {
		if (streq(old->v[updatable[i].col], new->v[updatable[i].col]))
			continue;
		hak_buf_addf(&sql, "%s%s = ?%d", sql.len ? ", " : "UPDATE "
			"requests SET ", updatable[i].name, i + 2);
	}
	hak_buf_adds(&sql, sql.len ? ", " : "UPDATE requests SET ");
	hak_buf_adds(&sql, "waited_days = ?25, waiting_since_ts = ?26 "
		"WHERE id = ?1");
	rc = hak_db_prepare(db, sql.buf, &st, err);
	hak_buf_release(&sql);
	if (rc)
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1,
		old->v[HAK_RQ_ID]), err)) == HAK_OK &&
		(rc = hak_db_bound(db, bind_request(st, new), err)) == HAK_OK)
		rc = hak_db_step_done(db, st, err);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	ev.entity = "request";
	ev.key = old->v[HAK_RQ_ID];
	ev.action = action;
	for (i = 0; i < HAK_REQUEST_NCOLS; i++) {
		if (i == HAK_RQ_ID || i == HAK_RQ_SCHOOL_NAME ||
			streq(old->v[i], new->v[i]))
			continue;
		o = event_value(old, i);
		n = event_value(new, i);
		ev.field = hak_request_cols[i].name;
		ev.old = o;
		ev.new = n;
		ev.note = i == HAK_RQ_DUE_ON ? due_note : NULL;
		rc = hak_event_add(db, &ev, err);
		free(o);
		free(n);
		if (rc)
			return rc;
	}
	span_rec(old, &so);
	span_rec(new, &sn);
	return hak_span_change(db, strtoll(old->v[HAK_RQ_ID], NULL, 10), &so,
		&sn, action, hak_db_now(db), err);
}

/* Add a note (text) to request key, with an event of action. */
static int
note_add(struct hak_db *db, const char *key, const char *text,
	const char *action, struct hak_err *err)
{
	struct hak_event ev = { 0 };
	char hex[65], at[HAK_TIME_LEN];
	sqlite3_stmt *st;
	int rc;

	hak_sha256_hex(text, strlen(text), hex);
	hak_time_format(hak_db_now(db), at);
	if ((rc = hak_db_stmt(db, "INSERT INTO request_notes (request, seq, "
		"at, actor, text, sha256) VALUES (?1, (SELECT coalesce(max(seq), "
		"0) + 1 FROM request_notes WHERE request = ?1), ?2, ?3, ?4, ?5)",
		&st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, key), err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 2, at), err)))
		return rc;
	if ((rc = hak_db_bound(db,
		hak_db_bind_text(st, 3, hak_db_actor(db)), err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 4, text), err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 5, hex), err)))
		return rc;
	if ((rc = hak_db_step_done(db, st, err)))
		return rc;
	ev.entity = "request";
	ev.key = key;
	ev.action = action;
	ev.field = "note";
	ev.new = hex;
	return hak_event_add(db, &ev, err);
}

static void
now_text(struct hak_db *db, char out[HAK_TIME_LEN])
{
	hak_time_format(hak_db_now(db), out);
}

/* --- new --- */

static int
find_external(struct hak_db *db, const char *xid, long long *id,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	*id = 0;
	if ((rc = hak_db_stmt(db, "SELECT id FROM requests WHERE "
		"external_id = ?", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, xid), err)))
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return HAK_OK;
}

int
hak_rq_create(struct hak_db *db, const struct hak_request_new *in,
	long long *id, bool *existed, struct hak_err *err)
{
	struct hak_request r;
	struct hak_err e;
	const struct hak_category *cat;
	const struct hak_dept *dept;
	char now[HAK_TIME_LEN], *code = NULL;
	const char *v;
	int rc;

	memset(&r, 0, sizeof(r));
	r.waiting_since = -1;
	*existed = false;
	*id = 0;
	if (in->external_id && *in->external_id) {
		if ((rc = find_external(db, in->external_id, id, err)))
			return rc;
		if (*id) {
			*existed = true;
			return HAK_OK;
		}
		r.v[HAK_RQ_EXTERNAL_ID] = hak_text_clean(in->external_id);
	}
	if (!(r.v[HAK_RQ_TITLE] = hak_text_clean(in->title))) {
		rc = hak_err_set(err, HAK_EDATA, "a request needs a title");
		goto out;
	}
	if ((rc = hak_school_find(db, in->school, &code, err)))
		goto out;
	r.v[HAK_RQ_SCHOOL] = code;
	if ((rc = hak_school_usable(db, code, NULL, err)))
		goto out;
	if (!in->category) {
		rc = hak_err_set(err, HAK_EDATA, "a request needs a category");
		goto out;
	}
	if ((rc = hak_org_category(db, in->category, HAK_ORG_ACTIVE, &cat,
		err)))
		goto out;
	r.v[HAK_RQ_CATEGORY] = hak_xstrdup(cat->code);
	if ((rc = hak_org_dept(db, in->dept ? in->dept : cat->dept,
		HAK_ORG_ACTIVE, &dept, err)))
		goto out;
	r.v[HAK_RQ_DEPARTMENT] = hak_xstrdup(dept->code);
	hak_err_clear(&e);
	if (hak_request_priority_parse(in->priority ? in->priority : "normal",
		&v, &e)) {
		rc = hak_err_set(err, HAK_EUSAGE, "--priority: %s", e.msg);
		goto out;
	}
	r.v[HAK_RQ_PRIORITY] = hak_xstrdup(v);
	if (in->channel) {
		if (hak_request_channel_parse(in->channel, &v, &e)) {
			rc = hak_err_set(err, HAK_EUSAGE, "--channel: %s", e.msg);
			goto out;
		}
		r.v[HAK_RQ_CHANNEL] = hak_xstrdup(v);
	}
	if (in->project && *in->project) {
		if ((rc = check_project(db, in->project, err)))
			goto out;
		r.v[HAK_RQ_PROJECT] = hak_xstrdup(in->project);
	}
	r.v[HAK_RQ_BODY] = hak_text_clean(in->body);
	r.v[HAK_RQ_REQUESTER] = hak_text_clean(in->requester);
	now_text(db, now);
	r.v[HAK_RQ_RECEIVED_AT] = hak_xstrdup(now);
	r.v[HAK_RQ_STATUS] = hak_xstrdup("new");
	if ((rc = compute_due(db, &r, err)))
		goto out;
	rc = rq_insert(db, &r, id, err);
out:
	hak_request_release(&r);
	return rc;
}

int
hak_request_new(struct hak_db *db, const struct hak_request_new *in,
	long long *id, bool *existed, struct hak_err *err)
{
	int rc;

	if ((rc = hak_db_begin(db, err)))
		return rc;
	rc = hak_rq_create(db, in, id, existed, err);
	if (rc || *existed) {
		hak_db_rollback(db);
		return rc;
	}
	return hak_db_commit(db, err);
}

/* --- actions --- */

static int
refuse(const struct hak_request *r, enum hak_request_cmd cmd,
	struct hak_err *err)
{
	struct hak_buf b = HAK_BUF_INIT;
	int rc;

	hak_request_allowed_list(r->v[HAK_RQ_STATUS], &b);
	rc = hak_err_set(err, HAK_EDATA, "request %s is %s: %s is not allowed "
		"(allowed: %s)", r->v[HAK_RQ_ID], r->v[HAK_RQ_STATUS],
		cmds[cmd].name, b.len ? b.buf : "none");
	hak_buf_release(&b);
	return rc;
}

/* Leave the waiting state: add the running wait to waited_days and
 * return its business days. */
static int
end_wait(struct hak_db *db, struct hak_request *r)
{
	int w = waiting_now(db, r);

	r->waited_days += w;
	r->waiting_since = -1;
	return w;
}

static void
responded(struct hak_request *r, const char *now)
{
	if (!r->v[HAK_RQ_FIRST_RESPONSE_AT])
		r->v[HAK_RQ_FIRST_RESPONSE_AT] = hak_xstrdup(now);
}

/* The set command on new (a copy of old): re-route and recompute. */
static int
apply_set(struct hak_db *db, const struct hak_request_action *a,
	struct hak_request *new, char *due_note, size_t dnlen,
	struct hak_err *err)
{
	struct hak_err e;
	struct hak_calendar cal = hak_db_calendar(db);
	const struct hak_category *cat = NULL;
	const struct hak_dept *dept;
	char *title, day[HAK_DATE_LEN];
	const char *prio;
	bool reroute = false, recompute = false;
	int32_t due;
	int rc, w;

	/* Naming the request's own category again is no change, even
	 * when it has become inactive since. */
	if (a->category && (rc = hak_org_category(db, a->category,
		new->v[HAK_RQ_CATEGORY] && !strcasecmp(a->category,
		new->v[HAK_RQ_CATEGORY]) ? 0 : HAK_ORG_ACTIVE, &cat, err)))
		return rc;
	if (a->category && !streq(cat->code, new->v[HAK_RQ_CATEGORY])) {
		set_str(&new->v[HAK_RQ_CATEGORY], cat->code);
		if (!a->dept) {
			if ((rc = hak_org_dept(db, cat->dept, HAK_ORG_ACTIVE,
				&dept, err)))
				return rc;
			set_str(&new->v[HAK_RQ_DEPARTMENT], dept->code);
		}
		reroute = recompute = true;
	}
	if (a->dept) {
		if ((rc = hak_org_dept(db, a->dept, HAK_ORG_ACTIVE, &dept, err)))
			return rc;
		if (!streq(dept->code, new->v[HAK_RQ_DEPARTMENT])) {
			set_str(&new->v[HAK_RQ_DEPARTMENT], dept->code);
			reroute = true;
		}
	}
	if (a->priority) {
		hak_err_clear(&e);
		if (hak_request_priority_parse(a->priority, &prio, &e))
			return hak_err_set(err, HAK_EUSAGE, "--priority: %s",
				e.msg);
		if (!streq(prio, new->v[HAK_RQ_PRIORITY])) {
			set_str(&new->v[HAK_RQ_PRIORITY], prio);
			recompute = true;
		}
	}
	if (a->title) {
		if (!(title = hak_text_clean(a->title)))
			return hak_err_set(err, HAK_EUSAGE,
				"--title: a request needs a title");
		free(new->v[HAK_RQ_TITLE]);
		new->v[HAK_RQ_TITLE] = title;
	}
	if (a->project) {
		if (*a->project && (rc = check_project(db, a->project, err)))
			return rc;
		set_str(&new->v[HAK_RQ_PROJECT], *a->project ? a->project :
			NULL);
	}
	if (reroute) {
		/*
		 * Back to new ends a wait: its days move due_on as a return
		 * to in_progress would (a recompute below counts them too).
		 */
		if (streq(new->v[HAK_RQ_STATUS], "waiting") &&
			(w = end_wait(db, new)) > 0 && !recompute &&
			!parse_day(new->v[HAK_RQ_DUE_ON], &due)) {
			hak_day_format(hak_sla_extend(&cal, due, w), day);
			set_str(&new->v[HAK_RQ_DUE_ON], day);
			snprintf(due_note, dnlen, "waited %d business day%s", w,
				w == 1 ? "" : "s");
		}
		set_str(&new->v[HAK_RQ_ASSIGNEE], NULL);
		set_str(&new->v[HAK_RQ_STATUS], "new");
	}
	if (recompute) {
		if ((rc = compute_due(db, new, err)))
			return rc;
		w = new->waited_days;
		if (w)
			snprintf(due_note, dnlen, "recomputed, plus %d business "
				"day%s waited", w, w == 1 ? "" : "s");
		else
			snprintf(due_note, dnlen, "recomputed");
	}
	return HAK_OK;
}

static int
apply_redact(struct hak_db *db, const struct hak_request_action *a,
	struct hak_request *old, struct hak_request *new, bool *skip,
	struct hak_err *err)
{
	struct hak_event ev = { 0 };
	sqlite3_stmt *st;
	char count[24];
	int64_t t;
	int rc, n;

	if (a->has_before) {
		if (parse_time(old->v[HAK_RQ_CLOSED_AT], &t) ||
			hak_time_day(t) >= a->before) {
			*skip = true;
			return HAK_OK;
		}
	}
	set_str(&new->v[HAK_RQ_BODY], NULL);
	set_str(&new->v[HAK_RQ_REQUESTER], NULL);
	set_str(&new->v[HAK_RQ_RESOLUTION], NULL);
	set_str(&new->v[HAK_RQ_REASON], NULL);
	if ((rc = hak_db_stmt(db, "UPDATE request_notes SET text = NULL "
		"WHERE request = ? AND text IS NOT NULL", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db,
		hak_db_bind_text(st, 1, old->v[HAK_RQ_ID]), err)))
		return rc;
	if ((rc = hak_db_step_done(db, st, err)))
		return rc;
	n = sqlite3_changes(db->sql);
	if (n) {
		snprintf(count, sizeof(count), "%d", n);
		ev.entity = "request";
		ev.key = old->v[HAK_RQ_ID];
		ev.action = "redact";
		ev.field = "notes";
		ev.old = count;
		ev.note = "note texts blanked";
		if ((rc = hak_event_add(db, &ev, err)))
			return rc;
	}
	return HAK_OK;
}

/* One action on one request; *out (when not NULL) gets the result,
 * *skipped tells that the request was left out (redact --before). */
static int
act_one(struct hak_db *db, const char *key, const struct hak_request_action *a,
	struct hak_request *out, bool *skipped, struct hak_err *err)
{
	struct hak_request old, new;
	const struct hak_staff *staff;
	char now[HAK_TIME_LEN], due_note[96], day[HAK_DATE_LEN];
	const char *status = NULL, *action = cmds[a->cmd].name;
	struct hak_calendar cal = hak_db_calendar(db);
	bool skip = false;
	int32_t due;
	int rc, w;

	*skipped = false;
	if ((rc = hak_request_get(db, key, &old, err)))
		return rc;
	if (!hak_request_allowed(a->cmd, old.v[HAK_RQ_STATUS])) {
		rc = refuse(&old, a->cmd, err);
		hak_request_release(&old);
		return rc;
	}
	memset(&new, 0, sizeof(new));
	copy_request(&old, &new);
	now_text(db, now);
	due_note[0] = '\0';
	switch (a->cmd) {
	case HAK_RQ_ASSIGN:
		if ((rc = hak_org_staff(db, a->to, HAK_ORG_ACTIVE, &staff, err)))
			goto out;
		set_str(&new.v[HAK_RQ_ASSIGNEE], staff->id);
		if (streq(old.v[HAK_RQ_STATUS], "new"))
			status = "assigned";
		break;
	case HAK_RQ_START:
		if (streq(old.v[HAK_RQ_STATUS], "waiting")) {
			w = end_wait(db, &new);
			if (w > 0 && !parse_day(new.v[HAK_RQ_DUE_ON], &due)) {
				hak_day_format(hak_sla_extend(&cal, due, w), day);
				set_str(&new.v[HAK_RQ_DUE_ON], day);
				snprintf(due_note, sizeof(due_note), "waited %d "
					"business day%s", w, w == 1 ? "" : "s");
			}
		}
		status = "in_progress";
		responded(&new, now);
		break;
	case HAK_RQ_WAIT:
		status = "waiting";
		new.waiting_since = hak_db_now(db);
		responded(&new, now);
		break;
	case HAK_RQ_RESOLVE:
		status = "resolved";
		set_str(&new.v[HAK_RQ_RESOLVED_AT], now);
		set_str(&new.v[HAK_RQ_RESOLUTION], a->text);
		responded(&new, now);
		break;
	case HAK_RQ_CLOSE:
		status = "closed";
		set_str(&new.v[HAK_RQ_CLOSED_AT], now);
		break;
	case HAK_RQ_REJECT:
	case HAK_RQ_WITHDRAW:
		if (streq(old.v[HAK_RQ_STATUS], "waiting"))
			end_wait(db, &new);
		status = a->cmd == HAK_RQ_REJECT ? "rejected" : "withdrawn";
		set_str(&new.v[HAK_RQ_CLOSED_AT], now);
		set_str(&new.v[HAK_RQ_REASON], a->text);
		if (a->cmd == HAK_RQ_REJECT)
			responded(&new, now);
		break;
	case HAK_RQ_REOPEN:
		status = "in_progress";
		set_str(&new.v[HAK_RQ_RESOLVED_AT], NULL);
		set_str(&new.v[HAK_RQ_CLOSED_AT], NULL);
		break;
	case HAK_RQ_RATE:
		if (a->rating < 1 || a->rating > 5) {
			rc = hak_err_set(err, HAK_EUSAGE, "--rating: %d is not "
				"1 to 5", a->rating);
			goto out;
		}
		snprintf(day, sizeof(day), "%d", a->rating);
		set_str(&new.v[HAK_RQ_RATING], day);
		break;
	case HAK_RQ_NOTE:
		responded(&new, now);
		break;
	case HAK_RQ_SET:
		if ((rc = apply_set(db, a, &new, due_note, sizeof(due_note),
			err)))
			goto out;
		break;
	case HAK_RQ_REDACT:
		if ((rc = apply_redact(db, a, &old, &new, &skip, err)))
			goto out;
		break;
	default:
		rc = hak_err_set(err, HAK_EBUG, "unknown command");
		goto out;
	}
	if (skip) {
		*skipped = true;
		goto out;
	}
	if (status)
		set_str(&new.v[HAK_RQ_STATUS], status);
	if ((rc = rq_update(db, &old, &new, action, due_note[0] ? due_note :
		NULL, err)))
		goto out;
	if ((a->cmd == HAK_RQ_NOTE || a->cmd == HAK_RQ_REOPEN) && a->text &&
		(rc = note_add(db, old.v[HAK_RQ_ID], a->text, action, err)))
		goto out;
	if (out) {
		*out = new;
		memset(&new, 0, sizeof(new));
	}
out:
	hak_request_release(&old);
	hak_request_release(&new);
	return rc;
}

int
hak_rq_act_one(struct hak_db *db, const char *key,
	const struct hak_request_action *a, struct hak_err *err)
{
	bool skipped;

	return act_one(db, key, a, NULL, &skipped, err);
}

/* Check what does not depend on a request: the -m text rules. */
static int
action_check(const struct hak_request_action *a, struct hak_err *err)
{
	if (a->cmd >= HAK_RQ_NCMDS)
		return hak_err_set(err, HAK_EBUG, "unknown command");
	if ((a->cmd == HAK_RQ_RESOLVE || a->cmd == HAK_RQ_REJECT ||
		a->cmd == HAK_RQ_NOTE) && (!a->text || !*a->text))
		return hak_err_set(err, HAK_EUSAGE, "%s needs -m TEXT",
			cmds[a->cmd].name);
	if (a->cmd == HAK_RQ_ASSIGN && (!a->to || !*a->to))
		return hak_err_set(err, HAK_EUSAGE, "assign needs --to STAFF");
	if (a->cmd == HAK_RQ_RATE && (a->rating < 1 || a->rating > 5))
		return hak_err_set(err, HAK_EUSAGE, "rate needs --rating 1-5");
	return HAK_OK;
}

static bool
done_has(const struct hak_request *done, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (streq(done[i].v[HAK_RQ_ID], id))
			return true;
	return false;
}

/* The state of hak_request_act across hak_db_each_key. */
struct act_ctx {
	const struct hak_request_action *a;
	struct hak_request *done;	/* the affected records */
	size_t n, alloc, mark;		/* mark: n before the current key */
};

static int
act_key(struct hak_db *db, const char *key, void *vctx, struct hak_err *err)
{
	struct act_ctx *ac = vctx;
	struct hak_request r;
	bool skipped;
	int rc;

	ac->mark = ac->n;
	if (done_has(ac->done, ac->n, key))
		return HAK_OK;
	memset(&r, 0, sizeof(r));
	if ((rc = act_one(db, key, ac->a, &r, &skipped, err)))
		return rc;
	if (skipped)
		return HAK_OK;
	HAK_ALLOC_GROW(ac->done, ac->n + 1, ac->alloc);
	ac->done[ac->n++] = r;
	return HAK_OK;
}

/* --keep-going: forget the record of a key whose transaction failed. */
static void
act_undo(void *vctx)
{
	struct act_ctx *ac = vctx;

	while (ac->n > ac->mark)
		hak_request_release(&ac->done[--ac->n]);
}

int
hak_request_act(struct hak_db *db, const struct hak_strv *keys,
	const struct hak_request_action *a, unsigned flags, FILE *report,
	const char *prog, struct hak_request **done, size_t *n,
	struct hak_err *err)
{
	struct act_ctx ac = { a, NULL, 0, 0, 0 };
	struct hak_each each = { act_key, act_undo, &ac };
	unsigned ef = 0;
	int rc;

	*done = NULL;
	*n = 0;
	if ((rc = action_check(a, err)))
		return rc;
	if (flags & HAK_REQUEST_KEEP_GOING)
		ef |= HAK_EACH_KEEP_GOING;
	if (flags & HAK_REQUEST_DRY_RUN)
		ef |= HAK_EACH_DRY_RUN;
	rc = hak_db_each_key(db, keys, ef, &each, report, prog, err);
	if (rc && !(flags & HAK_REQUEST_KEEP_GOING)) {
		/* All or nothing: nothing was changed. */
		ac.mark = 0;
		act_undo(&ac);
	}
	/* Redacted text must leave no bytes behind in the WAL either. */
	if (a->cmd == HAK_RQ_REDACT && !(flags & HAK_REQUEST_DRY_RUN) &&
		ac.n)
		sqlite3_wal_checkpoint_v2(db->sql, NULL,
			SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (ac.n) {
		*done = ac.done;
		*n = ac.n;
	} else {
		free(ac.done);
	}
	return rc;
}

int
hak_request_redact_keys(struct hak_db *db, int32_t before,
	struct hak_strv *keys, struct hak_err *err)
{
	sqlite3_stmt *st;
	int64_t end = hak_time_from_local(before, 0);
	int rc, src;

	if ((rc = hak_db_prepare(db, "SELECT id FROM requests WHERE closed_ts "
		"< ? AND status IN ('closed', 'rejected', 'withdrawn') AND "
		"(body IS NOT NULL OR requester IS NOT NULL OR resolution IS "
		"NOT NULL OR reason IS NOT NULL OR EXISTS (SELECT 1 FROM "
		"request_notes n WHERE n.request = requests.id AND n.text IS "
		"NOT NULL)) ORDER BY id", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, sqlite3_bind_int64(st, 1, end), err)))
		{
			sqlite3_finalize(st);
			return rc;
		}
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		hak_strv_push(keys, hak_db_col(st, 0));
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return HAK_OK;
}

/* --- list --- */

int
hak_request_datefield_parse(const char *s, enum hak_request_datefield *f,
	struct hak_err *err)
{
	static const struct {
		const char *a, *b;
		enum hak_request_datefield f;
	} names[] = {
		{ "received", "received_at", HAK_RQ_DATE_RECEIVED },
		{ "resolved", "resolved_at", HAK_RQ_DATE_RESOLVED },
		{ "closed", "closed_at", HAK_RQ_DATE_CLOSED },
		{ "due", "due_on", HAK_RQ_DATE_DUE }
	};
	size_t i;

	for (i = 0; s && i < N(names); i++)
		if (!strcmp(s, names[i].a) || !strcmp(s, names[i].b)) {
			*f = names[i].f;
			return HAK_OK;
		}
	return hak_err_set(err, HAK_EUSAGE, "--date-field: unknown field '%s' "
		"(received, resolved, closed, due)", s ? s : "");
}

/* The SQL expression each list column sorts by (a fixed list: --sort is
 * never pasted into SQL). */
static const struct {
	const char *col, *expr;
} sort_exprs[] = {
	{ "id", "r.id" },
	{ "external_id", "r.external_id" },
	{ "received_at", "r.received_ts" },
	{ "school", "r.school" },
	{ "school_name", "sn" },
	{ "category", "r.category" },
	{ "department", "r.department" },
	{ "priority", "CASE r.priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 "
		"WHEN 'high' THEN 2 ELSE 3 END" },
	{ "channel", "r.channel" },
	{ "status", "CASE r.status WHEN 'new' THEN 0 WHEN 'assigned' THEN 1 "
		"WHEN 'in_progress' THEN 2 WHEN 'waiting' THEN 3 WHEN "
		"'resolved' THEN 4 WHEN 'closed' THEN 5 WHEN 'rejected' THEN 6 "
		"ELSE 7 END" },
	{ "assignee", "r.assignee" },
	{ "project", "r.project" },
	{ "title", "r.title" },
	{ "due_on", "r.due_on" },
	{ "first_response_at", "r.first_response_at" },
	{ "resolved_at", "r.resolved_ts" },
	{ "closed_at", "r.closed_ts" },
	{ "rating", "r.rating" }
};

/* Append the ORDER BY terms of sort to b (when b is not NULL). */
static int
sort_sql(const char *sort, struct hak_buf *b, struct hak_err *err)
{
	const char *p, *q;
	char name[64];
	size_t i, len;
	bool desc;

	for (p = sort; p && *p; p = *q ? q + 1 : q) {
		q = strchr(p, ',');
		if (!q)
			q = p + strlen(p);
		desc = *p == '-';
		if (*p == '-' || *p == '+')
			p++;
		len = (size_t)(q - p);
		if (len == 0 || len >= sizeof(name))
			return hak_err_set(err, HAK_EUSAGE, "--sort: bad field "
				"list '%s'", sort);
		memcpy(name, p, len);
		name[len] = '\0';
		for (i = 0; i < N(sort_exprs) && strcmp(sort_exprs[i].col,
			name); i++)
			;
		if (i == N(sort_exprs))
			return hak_err_set(err, HAK_EUSAGE, "--sort: unknown "
				"field '%s' (a list column)", name);
		if (b)
			hak_buf_addf(b, "%s %s, ", sort_exprs[i].expr, desc ?
				"DESC" : "ASC");
	}
	return HAK_OK;
}

int
hak_request_sort_check(const char *sort, struct hak_err *err)
{
	return sort_sql(sort, NULL, err);
}

/* A bound value of a list query. */
struct arg {
	const char *text;	/* NULL: i */
	int64_t i;
};

/* A list query: its SQL and its values, as many as the filter has
 * (SQLite refuses more than its variable limit at prepare). */
struct query {
	struct hak_buf sql;
	struct arg *args;
	size_t n, alloc;
	char days[2][HAK_DATE_LEN];
};

static void
arg_text(struct query *q, const char *s)
{
	HAK_ALLOC_GROW(q->args, q->n + 1, q->alloc);
	q->args[q->n].text = s;
	q->args[q->n++].i = 0;
}

static void
arg_int(struct query *q, int64_t v)
{
	HAK_ALLOC_GROW(q->args, q->n + 1, q->alloc);
	q->args[q->n].text = NULL;
	q->args[q->n++].i = v;
}

static void
query_release(struct query *q)
{
	hak_buf_release(&q->sql);
	free(q->args);
	q->args = NULL;
	q->n = q->alloc = 0;
}

#define OPEN_SQL "r.status IN ('new', 'assigned', 'in_progress', 'waiting')"

static int
build_query(struct hak_db *db, const struct hak_request_filter *f,
	struct query *q, struct hak_err *err)
{
	static const char *const ts[] = { "r.received_ts", "r.resolved_ts",
		"r.closed_ts" };
	size_t i, nst = f->nstatus;
	int rc;

	hak_buf_init(&q->sql, 512);
	q->args = NULL;
	q->n = q->alloc = 0;
	hak_buf_adds(&q->sql, RQ_SELECT "WHERE 1");
	if (nst) {
		hak_buf_adds(&q->sql, " AND r.status IN (");
		for (i = 0; i < nst; i++) {
			hak_buf_adds(&q->sql, i ? ", ?" : "?");
			arg_text(q, f->status[i]);
		}
		hak_buf_adds(&q->sql, ")");
	}
	if (f->open || f->overdue)
		hak_buf_adds(&q->sql, " AND " OPEN_SQL);
	if (f->overdue) {
		hak_day_format(hak_time_day(hak_db_now(db)), q->days[0]);
		hak_buf_adds(&q->sql, " AND r.due_on < ?");
		arg_text(q, q->days[0]);
	}
	if (f->dept) {
		hak_buf_adds(&q->sql, " AND r.department = ?");
		arg_text(q, f->dept);
	}
	if (f->school) {
		hak_buf_adds(&q->sql, " AND r.school = ?");
		arg_text(q, f->school);
	}
	if (f->category) {
		hak_buf_adds(&q->sql, " AND r.category = ?");
		arg_text(q, f->category);
	}
	if (f->assignee) {
		hak_buf_adds(&q->sql, " AND r.assignee = ?");
		arg_text(q, f->assignee);
	}
	if (f->project) {
		hak_buf_adds(&q->sql, " AND r.project = ?");
		arg_text(q, f->project);
	}
	if (f->search) {
		hak_buf_adds(&q->sql, " AND (instr(r.title, ?) > 0 OR "
			"instr(coalesce(r.body, ''), ?) > 0)");
		arg_text(q, f->search);
		arg_text(q, f->search);
	}
	/* Both bounds always, open ends as extremes: with one bound
	 * SQLite would rather scan in id order than use the index. */
	if (f->has_period && f->datefield == HAK_RQ_DATE_DUE) {
		if (f->period.first > INT32_MIN / 4)
			hak_day_format(f->period.first, q->days[0]);
		else
			snprintf(q->days[0], sizeof(q->days[0]), "0000-01-01");
		if (f->period.last < INT32_MAX / 4)
			hak_day_format(f->period.last, q->days[1]);
		else
			snprintf(q->days[1], sizeof(q->days[1]), "9999-12-31");
		hak_buf_adds(&q->sql, " AND r.due_on >= ? AND r.due_on <= ?");
		arg_text(q, q->days[0]);
		arg_text(q, q->days[1]);
	} else if (f->has_period) {
		hak_buf_addf(&q->sql, " AND %s >= ? AND %s < ?",
			ts[f->datefield], ts[f->datefield]);
		arg_int(q, f->period.start);
		arg_int(q, f->period.end);
	}
	hak_buf_adds(&q->sql, " ORDER BY ");
	if ((rc = sort_sql(f->sort, &q->sql, err))) {
		query_release(q);
		return rc;
	}
	hak_buf_adds(&q->sql, "r.id ASC");
	return HAK_OK;
}

static int
prepare_query(struct hak_db *db, struct query *q, const char *prefix,
	sqlite3_stmt **st, struct hak_err *err)
{
	struct hak_buf sql = HAK_BUF_INIT;
	size_t i;
	int rc, src;

	hak_buf_adds(&sql, prefix);
	hak_buf_add(&sql, q->sql.buf, q->sql.len);
	rc = hak_db_prepare(db, sql.buf, st, err);
	hak_buf_release(&sql);
	if (rc)
		return rc;
	for (i = 0; i < q->n; i++) {
		if (q->args[i].text)
			src = hak_db_bind_text(*st, (int)i + 1,
				q->args[i].text);
		else
			src = sqlite3_bind_int64(*st, (int)i + 1,
				q->args[i].i);
		if ((rc = hak_db_bound(db, src, err))) {
			sqlite3_finalize(*st);
			*st = NULL;
			return rc;
		}
	}
	return HAK_OK;
}

/* Whether r is overdue now (SPEC 5.2). */
static bool
is_overdue(struct hak_db *db, const struct hak_request *r)
{
	struct hak_calendar cal = hak_db_calendar(db);
	int32_t due;

	if (!hak_request_status_open(r->v[HAK_RQ_STATUS]) ||
		parse_day(r->v[HAK_RQ_DUE_ON], &due))
		return false;
	return hak_sla_overdue(&cal, due, waiting_now(db, r), hak_db_now(db));
}

int
hak_request_each(struct hak_db *db, const struct hak_request_filter *f,
	int (*fn)(void *ctx, const struct hak_request *r), void *ctx,
	struct hak_err *err)
{
	struct hak_request r;
	struct query q;
	sqlite3_stmt *st;
	long long count = 0;
	int rc, src;

	if ((rc = build_query(db, f, &q, err)))
		return rc;
	rc = prepare_query(db, &q, "", &st, err);
	if (rc) {
		query_release(&q);
		return rc;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		fill(st, &r);
		if (!f->overdue || is_overdue(db, &r)) {
			rc = fn(ctx, &r);
			count++;
		}
		hak_request_release(&r);
		if (rc || (f->limit > 0 && count >= f->limit))
			break;
	}
	sqlite3_finalize(st);
	query_release(&q);
	if (rc)
		return rc;
	if (src != SQLITE_DONE && src != SQLITE_ROW)
		return hak_db_fail(db, src, err);
	return HAK_OK;
}

int
hak_request_plan(struct hak_db *db, const struct hak_request_filter *f,
	struct hak_buf *plan, struct hak_err *err)
{
	struct query q;
	sqlite3_stmt *st;
	const char *d;
	int rc, src;

	if ((rc = build_query(db, f, &q, err)))
		return rc;
	rc = prepare_query(db, &q, "EXPLAIN QUERY PLAN ", &st, err);
	query_release(&q);
	if (rc)
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		if ((d = hak_db_col(st, 3)))
			hak_buf_addf(plan, "%s\n", d);
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? HAK_OK : hak_db_fail(db, src, err);
}

/* --- history and notes --- */

static int
request_key(struct hak_db *db, const char *key, char **out,
	struct hak_err *err)
{
	struct hak_request r;
	int rc;

	*out = NULL;
	if ((rc = hak_request_get(db, key, &r, err)))
		return rc;
	*out = hak_xstrdup(r.v[HAK_RQ_ID]);
	hak_request_release(&r);
	return HAK_OK;
}

/* A request's create event holds its state; the record is in the note. */
const struct hak_history hak_request_hist = {
	"request", NULL, true, request_key
};

int
hak_request_history(struct hak_db *db, const char *key,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err)
{
	char *id = NULL;
	int rc;

	if (key && (rc = request_key(db, key, &id, err)))
		return rc;
	rc = hak_history_each(db, &hak_request_hist, id, fn, ctx, err);
	free(id);
	return rc;
}

int
hak_request_notes(struct hak_db *db, const char *id,
	int (*fn)(void *ctx, const char *const cells[4]), void *ctx,
	struct hak_err *err)
{
	const char *cells[4];
	sqlite3_stmt *st;
	int rc, src, i;

	if ((rc = hak_db_prepare(db, "SELECT seq, at, actor, text FROM "
		"request_notes WHERE request = ? ORDER BY seq", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, id), err)))
		{
			sqlite3_finalize(st);
			return rc;
		}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 4; i++)
			cells[i] = hak_db_col(st, i);
		if ((rc = fn(ctx, cells)))
			break;
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	return src == SQLITE_DONE ? HAK_OK : hak_db_fail(db, src, err);
}

/* --- completions --- */

int
hak_request_categories(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err)
{
	return hak_db_words(db, "SELECT code FROM categories WHERE active = 1 "
		"ORDER BY code", out, err);
}

int
hak_request_staff(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err)
{
	return hak_db_words(db, "SELECT id FROM staff WHERE active = 1 "
		"ORDER BY id", out, err);
}

int
hak_request_depts(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err)
{
	return hak_db_words(db, "SELECT code FROM departments WHERE active = 1 "
		"ORDER BY code", out, err);
}

int
hak_request_projects(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err)
{
	return hak_db_words(db, "SELECT code FROM projects ORDER BY code", out,
		err);
}

/* --- import --- */

static int
col_err(struct hak_err *err, int col, int rc)
{
	hak_err_prefix(err, "%s", hak_request_cols[col].name);
	return rc;
}

/* A time cell in any accepted form -> the stored form. */
static int
time_cell(const char *s, char **out, struct hak_err *err)
{
	char buf[HAK_TIME_LEN];
	int64_t t;
	int rc;

	if (hak_time_parse(s, &t, NULL) &&
		(rc = hak_input_time(s, &t, err)))
		return rc;
	hak_time_format(t, buf);
	*out = hak_xstrdup(buf);
	return HAK_OK;
}

static int
date_cell(const char *s, char **out, struct hak_err *err)
{
	char buf[HAK_DATE_LEN];
	int32_t d;
	int rc;

	if ((rc = hak_input_date(s, &d, err)))
		return rc;
	hak_day_format(d, buf);
	*out = hak_xstrdup(buf);
	return HAK_OK;
}

/*
 * New requests of an import are staged in a temporary table without
 * constraints or indexes and moved into requests STAGE_ROWS at a time:
 * one INSERT ... SELECT checks the constraints (whose IN lists SQLite
 * builds a table for at every run of a statement) and writes the indexes
 * for many rows at once.  Ids are handed out in order from max(id) + 1,
 * as SQLite would.  A staged request is invisible to queries until the
 * next flush: its external_id cannot come again in the file (the driver
 * refuses a key given twice), and rows without one are looked for in the
 * stage too.
 */
#define STAGE_ROWS 1024

struct import_ctx {
	bool update;
	long long next_id;	/* 0 until the stage is set up */
	int staged;		/* rows in temp.rq_stage, the last ids */
};

static bool
is_staged(const struct import_ctx *ctx, long long id)
{
	return ctx->staged && id >= ctx->next_id - ctx->staged;
}

/* The value of cell col in stored form (*out NULL for an empty cell). */
static int
cell_value(struct hak_db *db, int col, const char *s,
	char **out, struct hak_err *err)
{
	struct hak_err e;
	const struct hak_category *cat;
	const struct hak_dept *dept;
	const struct hak_staff *staff;
	const char *code;
	long long v;
	int rc = HAK_OK;

	*out = NULL;
	if (!s)
		return HAK_OK;
	hak_err_clear(&e);
	switch (col) {
	case HAK_RQ_SCHOOL:
		if ((rc = hak_school_find(db, s, out, err)) == HAK_ENOMATCH)
			rc = HAK_EDATA;
		break;
	case HAK_RQ_CATEGORY:
		if (!(rc = hak_org_category(db, s, 0, &cat, err)))
			*out = hak_xstrdup(cat->code);
		break;
	case HAK_RQ_DEPARTMENT:
		if (!(rc = hak_org_dept(db, s, 0, &dept, err)))
			*out = hak_xstrdup(dept->code);
		break;
	case HAK_RQ_ASSIGNEE:
		if (!(rc = hak_org_staff(db, s, 0, &staff, err)))
			*out = hak_xstrdup(staff->id);
		break;
	case HAK_RQ_PROJECT:
		if (!(rc = check_project(db, s, err)))
			*out = hak_xstrdup(s);
		break;
	case HAK_RQ_PRIORITY:
		if (!(rc = hak_request_priority_parse(s, &code, err)))
			*out = hak_xstrdup(code);
		break;
	case HAK_RQ_CHANNEL:
		if (!(rc = hak_request_channel_parse(s, &code, err)))
			*out = hak_xstrdup(code);
		break;
	case HAK_RQ_STATUS:
		if (!(rc = hak_request_status_parse(s, &code, err)))
			*out = hak_xstrdup(code);
		break;
	case HAK_RQ_RECEIVED_AT:
	case HAK_RQ_FIRST_RESPONSE_AT:
	case HAK_RQ_RESOLVED_AT:
	case HAK_RQ_CLOSED_AT:
		rc = time_cell(s, out, err);
		break;
	case HAK_RQ_DUE_ON:
		rc = date_cell(s, out, err);
		break;
	case HAK_RQ_RATING:
		if ((rc = hak_input_int(s, &v, err)))
			break;
		if (v < 1 || v > 5) {
			rc = hak_err_set(err, HAK_EDATA, "rating %lld is not 1 "
				"to 5", v);
			break;
		}
		*out = hak_xasprintf("%lld", v);
		break;
	default:
		*out = hak_xstrdup(s);
		break;
	}
	if (rc)
		return col_err(err, col, rc == HAK_EUSAGE ? HAK_EDATA : rc);
	return HAK_OK;
}

/*
 * The request a row without external_id stands for: same school, category
 * and title, no external_id, and the same received_at when the row has
 * one (without it, importing the same file again must still add nothing).
 */
static int
find_same(struct hak_db *db, const struct hak_request *r, bool staged,
	long long *id, struct hak_err *err)
{
#define SAME_AT "WHERE received_ts = ?1 AND received_at = ?2 AND " \
	"school = ?3 AND category = ?4 AND title = ?5 AND external_id IS " \
	"NULL ORDER BY id LIMIT 1"
#define SAME_ANY "WHERE school = ?3 AND category = ?4 AND title = ?5 AND " \
	"external_id IS NULL ORDER BY id LIMIT 1"
	static const char *const sql[2][2] = {
		{ "SELECT id FROM requests " SAME_ANY,
		  "SELECT id FROM requests " SAME_AT },
		{ "SELECT id FROM temp.rq_stage " SAME_ANY,
		  "SELECT id FROM temp.rq_stage " SAME_AT }
	};
	sqlite3_stmt *st;
	const bool at = r->v[HAK_RQ_RECEIVED_AT] != NULL;
	int rc, src;

	*id = 0;
	if ((rc = hak_db_stmt(db, sql[staged][at], &st, err)))
		return rc;
	if (r->v[HAK_RQ_RECEIVED_AT] && ((rc = hak_db_bound(db,
		bind_ts(st, 1, r->v[HAK_RQ_RECEIVED_AT]), err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 2,
		r->v[HAK_RQ_RECEIVED_AT]), err))))
		return rc;
	if ((rc = hak_db_bound(db,
		hak_db_bind_text(st, 3, r->v[HAK_RQ_SCHOOL]), err)))
		return rc;
	if ((rc = hak_db_bound(db,
		hak_db_bind_text(st, 4, r->v[HAK_RQ_CATEGORY]), err)))
		return rc;
	if ((rc = hak_db_bound(db,
		hak_db_bind_text(st, 5, r->v[HAK_RQ_TITLE]), err)))
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return HAK_OK;
#undef SAME_AT
#undef SAME_ANY
}

/* A new imported request: its school open, or closed after the day it
 * was received (SPEC 4). */
static int
import_school_open(struct hak_db *db, const struct hak_request *r,
	struct hak_err *err)
{
	char day[HAK_DATE_LEN];
	int rc;

	snprintf(day, sizeof(day), "%s", r->v[HAK_RQ_RECEIVED_AT]);
	if ((rc = hak_school_usable(db, r->v[HAK_RQ_SCHOOL], day, err)))
		hak_err_prefix(err, "%s", "school");
	return rc;
}

/* Fill the defaults of empty cells that may not stay empty. */
static int
import_defaults(struct hak_db *db,
	struct hak_request *r, bool due_given, struct hak_err *err)
{
	const struct hak_category *cat;
	char now[HAK_TIME_LEN];
	int rc;

	if (!r->v[HAK_RQ_RECEIVED_AT]) {
		now_text(db, now);
		r->v[HAK_RQ_RECEIVED_AT] = hak_xstrdup(now);
	}
	if (!r->v[HAK_RQ_PRIORITY])
		r->v[HAK_RQ_PRIORITY] = hak_xstrdup("normal");
	if (!r->v[HAK_RQ_STATUS])
		r->v[HAK_RQ_STATUS] = hak_xstrdup("new");
	if ((rc = hak_org_category(db, r->v[HAK_RQ_CATEGORY], 0, &cat, err)))
		return rc;
	if (!r->v[HAK_RQ_DEPARTMENT])
		r->v[HAK_RQ_DEPARTMENT] = hak_xstrdup(cat->dept);
	if (!r->v[HAK_RQ_DUE_ON] || !due_given)
		return due_for(db, r, cat->sla_days, err);
	return HAK_OK;
}

/*
 * An imported record must be one the commands could have made: no
 * resolution times while open, no closed_at on a resolved
 * request, and no time before received_at (closed_at not before
 * resolved_at).
 */
static int
import_consistent(const struct hak_request *r, struct hak_err *err)
{
	static const int later[] = { HAK_RQ_FIRST_RESPONSE_AT,
		HAK_RQ_RESOLVED_AT, HAK_RQ_CLOSED_AT };
	/* (a rating may stay on a request reopened after it) */
	static const int done[] = { HAK_RQ_RESOLVED_AT, HAK_RQ_CLOSED_AT };
	const char *status = r->v[HAK_RQ_STATUS];
	int64_t t, received, resolved = 0;
	size_t i;
	int col;

	for (i = 0; i < N(done) && hak_request_status_open(status); i++)
		if (r->v[done[i]])
			return hak_err_set(err, HAK_EDATA, "%s: a request in "
				"status '%s' has no %s",
				hak_request_cols[done[i]].name, status,
				hak_request_cols[done[i]].name);
	if (streq(status, "resolved") && r->v[HAK_RQ_CLOSED_AT])
		return hak_err_set(err, HAK_EDATA, "closed_at: a resolved "
			"request is not closed yet (status 'closed' is)");
	if (hak_time_parse(r->v[HAK_RQ_RECEIVED_AT], &received, NULL))
		return HAK_OK;
	for (i = 0; i < N(later); i++) {
		col = later[i];
		if (!r->v[col] || hak_time_parse(r->v[col], &t, NULL))
			continue;
		if (t < received)
			return hak_err_set(err, HAK_EDATA, "%s: %s is before "
				"received_at %s", hak_request_cols[col].name,
				r->v[col], r->v[HAK_RQ_RECEIVED_AT]);
		if (col == HAK_RQ_RESOLVED_AT)
			resolved = t;
		else if (col == HAK_RQ_CLOSED_AT && resolved && t < resolved)
			return hak_err_set(err, HAK_EDATA, "closed_at: %s is "
				"before resolved_at %s", r->v[col],
				r->v[HAK_RQ_RESOLVED_AT]);
	}
	return HAK_OK;
}

/* The spans of the staged requests: their phases, as hak_span_create
 * writes them (lib/span.c). */
#define SPAN_END "9223372036854775807"
#define SPAN_WAIT "CASE WHEN waiting_since_ts > received_ts THEN " \
	"waiting_since_ts ELSE received_ts END"
#define SPAN_REST "'create', department, assignee, category, school, due_on"
#define SPAN_OPEN_IN "('new', 'assigned', 'in_progress', 'waiting')"
#define SPAN_PHASES "INSERT INTO main.request_spans (request, seq, " \
	"since_ts, until_ts, status, entered, cause, department, assignee, " \
	"category, school, due_on, rating) " \
	"SELECT id, 1, received_ts, coalesce(resolved_ts, closed_ts, CASE " \
	"WHEN status = 'waiting' THEN " SPAN_WAIT " WHEN status NOT IN " \
	SPAN_OPEN_IN " THEN received_ts END, " SPAN_END "), " \
	"CASE WHEN status IN ('new', 'assigned', 'in_progress') THEN status " \
	"ELSE 'in_progress' END, 1, " SPAN_REST ", NULL FROM temp.rq_stage " \
	"UNION ALL SELECT id, 2, " SPAN_WAIT ", " SPAN_END ", 'waiting', 1, " \
	SPAN_REST ", NULL FROM temp.rq_stage WHERE status = 'waiting' " \
	"UNION ALL SELECT id, 3, resolved_ts, coalesce(closed_ts, CASE WHEN " \
	"status = 'resolved' THEN " SPAN_END " ELSE resolved_ts END), " \
	"'resolved', 1, " SPAN_REST ", rating FROM temp.rq_stage WHERE " \
	"resolved_ts IS NOT NULL AND status NOT IN " SPAN_OPEN_IN " " \
	"UNION ALL SELECT id, 4, coalesce(closed_ts, resolved_ts, " \
	"received_ts), " SPAN_END ", status, 1, " SPAN_REST ", CASE WHEN " \
	"resolved_ts IS NULL THEN rating END FROM temp.rq_stage WHERE " \
	"status NOT IN " SPAN_OPEN_IN " AND NOT (status = 'resolved' AND " \
	"resolved_ts IS NOT NULL)"
/* ... and the open ones counted (lib/span.c) */
#define SPAN_OPEN_SCHOOL "INSERT INTO main.request_open_school (school, " \
	"department, n) SELECT school, department, 1 FROM temp.rq_stage " \
	"WHERE status IN " SPAN_OPEN_IN " ON CONFLICT (school, department) " \
	"DO UPDATE SET n = request_open_school.n + excluded.n"
#define SPAN_OPEN_DUE "INSERT INTO main.request_open_due (department, " \
	"due_on, n) SELECT department, coalesce(due_on, ''), 1 FROM " \
	"temp.rq_stage WHERE status IN ('new', 'assigned', 'in_progress') " \
	"ON CONFLICT (department, due_on) DO UPDATE SET n = " \
	"request_open_due.n + excluded.n"

static int
stage_flush(struct hak_db *db, struct import_ctx *ctx, struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (!ctx->staged)
		return HAK_OK;
	if ((rc = hak_db_stmt(db, "INSERT INTO main.requests (" RQ_STORED ") "
		"SELECT " RQ_STORED " FROM temp.rq_stage ORDER BY id", &st,
		err)) || (rc = hak_db_step_done(db, st, err)) ||
		(rc = hak_db_stmt(db, SPAN_PHASES, &st, err)) ||
		(rc = hak_db_step_done(db, st, err)) ||
		(rc = hak_db_stmt(db, SPAN_OPEN_SCHOOL, &st, err)) ||
		(rc = hak_db_step_done(db, st, err)) ||
		(rc = hak_db_stmt(db, SPAN_OPEN_DUE, &st, err)) ||
		(rc = hak_db_step_done(db, st, err)) ||
		(rc = hak_db_stmt(db, "DELETE FROM temp.rq_stage", &st, err)) ||
		(rc = hak_db_step_done(db, st, err)))
		return rc == HAK_EDATA ? HAK_EBUG : rc;
	ctx->staged = 0;
	return HAK_OK;
}

/* Stage r as a new request (see STAGE_ROWS); its create event now. */
static int
stage_insert(struct hak_db *db, struct import_ctx *ctx, struct hak_request *r,
	long long *id, struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	if (!ctx->next_id) {
		if ((rc = hak_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS "
			"rq_stage AS SELECT * FROM main.requests WHERE 0; "
			"DELETE FROM temp.rq_stage", err)) ||
			(rc = hak_db_stmt(db, "SELECT coalesce(max(id), 0) + 1 "
			"FROM requests", &st, err)))
			return rc;
		src = sqlite3_step(st);
		if (src == SQLITE_ROW)
			ctx->next_id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (src != SQLITE_ROW)
			return hak_db_fail(db, src, err);
	}
	if ((rc = hak_db_stmt(db, "INSERT INTO temp.rq_stage (" RQ_STORED ") "
		"VALUES (" RQ_PARAMS ")", &st, err)))
		return rc;
	*id = ctx->next_id;
	if ((rc = hak_db_bound(db, sqlite3_bind_int64(st, 1, *id), err)) ||
		(rc = hak_db_bound(db, bind_request(st, r), err)) ||
		(rc = hak_db_step_done(db, st, err)))
		return rc;
	ctx->next_id++;
	if ((rc = rq_created(db, r, *id, err)))
		return rc;
	if (++ctx->staged >= STAGE_ROWS)
		return stage_flush(db, ctx, err);
	return HAK_OK;
}

static int
import_end(struct hak_db *db, void *vctx, struct hak_err *err)
{
	return stage_flush(db, vctx, err);
}

/* A new request's required cells: school, category and title. */
static int
import_required(const struct hak_request *in, struct hak_err *err)
{
	static const int req[] = { HAK_RQ_SCHOOL, HAK_RQ_CATEGORY,
		HAK_RQ_TITLE };
	size_t k;

	for (k = 0; k < sizeof(req) / sizeof(req[0]); k++)
		if (!in->v[req[k]])
			return hak_err_set(err, HAK_EDATA, "%s: missing",
				hak_request_cols[req[k]].name);
	return HAK_OK;
}

/* Report the row's changes to the caller (--print): every column a new
 * request sets (old NULL), the differing ones of an existing one. */
static int
import_changes(const struct hak_import_row *row, const char *key,
	const struct hak_request *old, const struct hak_request *new,
	struct hak_err *err)
{
	int i, rc;

	for (i = 0; i < HAK_REQUEST_NCOLS; i++) {
		if (i == HAK_RQ_SCHOOL_NAME)
			continue;
		if ((rc = hak_import_change(row, key, hak_request_cols[i].name,
			old ? old->v[i] : NULL, new->v[i], err)))
			return rc;
	}
	return HAK_OK;
}

static int
import_row(struct hak_db *db, void *vctx, const struct hak_import_row *row,
	enum hak_import_result *res, struct hak_err *err)
{
	struct import_ctx *ctx = vctx;
	struct hak_request in, old, new;
	long long id = 0;
	char key[32];
	bool differs = false;
	int i, rc = HAK_OK;

	memset(&in, 0, sizeof(in));
	memset(&old, 0, sizeof(old));
	memset(&new, 0, sizeof(new));
	in.waiting_since = old.waiting_since = new.waiting_since = -1;
	for (i = 0; i < HAK_REQUEST_NCOLS; i++) {
		if (i == HAK_RQ_ID || i == HAK_RQ_SCHOOL_NAME)
			continue;
		if ((rc = cell_value(db, i, row->cells[i], &in.v[i],
			err)))
			goto out;
	}
	/* A known external_id needs no more: its record gets the columns
	 * given (SPEC 2.10); a new request, or one found by content, needs
	 * its required ones. */
	if (in.v[HAK_RQ_EXTERNAL_ID] && (rc = find_external(db,
		in.v[HAK_RQ_EXTERNAL_ID], &id, err)))
		goto out;
	if (!id && (rc = import_required(&in, err)))
		goto out;
	if (!in.v[HAK_RQ_EXTERNAL_ID] && !(rc = find_same(db, &in, false, &id,
		err)) && !id && ctx->staged)
		rc = find_same(db, &in, true, &id, err);
	if (rc)
		goto out;
	if (!id) {
		if ((rc = import_defaults(db, &in,
			row->present[HAK_RQ_DUE_ON],
			err)) || (rc = import_consistent(&in, err)) ||
			(rc = import_school_open(db, &in, err)))
			goto out;
		if (streq(in.v[HAK_RQ_STATUS], "waiting"))
			in.waiting_since = hak_db_now(db);
		if ((rc = stage_insert(db, ctx, &in, &id, err)))
			goto out;
		snprintf(key, sizeof(key), "%lld", id);
		rc = import_changes(row, in.v[HAK_RQ_EXTERNAL_ID] ?
			in.v[HAK_RQ_EXTERNAL_ID] : key, NULL, &in, err);
		*res = HAK_IMPORT_NEW;
		goto out;
	}
	if ((rc = get_by(db, is_staged(ctx, id) ? RQ_COLS "FROM "
		"temp.rq_stage r WHERE r.id = ?" : RQ_SELECT "WHERE r.id = ?",
		id, &old, err)))
		goto out;
	copy_request(&old, &new);
	for (i = 0; i < HAK_REQUEST_NCOLS; i++) {
		if (i == HAK_RQ_ID || i == HAK_RQ_SCHOOL_NAME ||
			!row->present[i])
			continue;
		free(new.v[i]);
		new.v[i] = in.v[i];
		in.v[i] = NULL;
	}
	if (!new.v[HAK_RQ_RECEIVED_AT])
		new.v[HAK_RQ_RECEIVED_AT] = hak_xstrdup(old.v[HAK_RQ_RECEIVED_AT]);
	if ((rc = import_defaults(db, &new, true, err)) ||
		(rc = import_consistent(&new, err)))
		goto out;
	for (i = 0; i < HAK_REQUEST_NCOLS; i++)
		if (i != HAK_RQ_SCHOOL_NAME && !streq(old.v[i], new.v[i]))
			differs = true;
	if (!differs) {
		*res = HAK_IMPORT_SAME;
	} else if (!ctx->update) {
		*res = HAK_IMPORT_CHANGED;
	} else {
		if (streq(new.v[HAK_RQ_STATUS], "waiting") &&
			!streq(old.v[HAK_RQ_STATUS], "waiting"))
			new.waiting_since = hak_db_now(db);
		else if (!streq(new.v[HAK_RQ_STATUS], "waiting"))
			new.waiting_since = -1;
		/* (validated: now a staged request may be written out) */
		if (!is_staged(ctx, id) || !(rc = stage_flush(db, ctx, err)))
			rc = rq_update(db, &old, &new, "import", NULL, err);
		snprintf(key, sizeof(key), "%lld", id);
		if (!rc)
			rc = import_changes(row, new.v[HAK_RQ_EXTERNAL_ID] ?
				new.v[HAK_RQ_EXTERNAL_ID] : key, &old, &new,
				err);
		*res = HAK_IMPORT_UPDATED;
	}
out:
	hak_request_release(&in);
	hak_request_release(&old);
	hak_request_release(&new);
	return rc;
}

/* The headers each column is also known by, by column (hak-csv(5)). */
static const char *const *const request_headers[HAK_REQUEST_NCOLS] = {
	(const char *const[]){ "번호", NULL },
	(const char *const[]){ "외부번호", "접수번호", NULL },
	(const char *const[]){ "접수일시", "접수일", NULL },
	(const char *const[]){ "학교코드", "학교ID", NULL },
	(const char *const[]){ "학교명", NULL },
	(const char *const[]){ "분류", "유형", NULL },
	(const char *const[]){ "담당부서", "부서", NULL },
	(const char *const[]){ "우선순위", "긴급도", NULL },
	(const char *const[]){ "접수경로", "경로", NULL },
	(const char *const[]){ "상태", "처리상태", NULL },
	(const char *const[]){ "담당자", NULL },
	(const char *const[]){ "사업코드", "사업", NULL },
	(const char *const[]){ "제목", NULL },
	(const char *const[]){ "내용", "요청내용", NULL },
	(const char *const[]){ "요청자", "민원인", NULL },
	(const char *const[]){ "처리기한", "기한", NULL },
	(const char *const[]){ "첫응답일시", NULL },
	(const char *const[]){ "해결일시", NULL },
	(const char *const[]){ "종결일시", NULL },
	(const char *const[]){ "처리결과", "처리내용", NULL },
	(const char *const[]){ "사유", NULL },
	(const char *const[]){ "만족도", "평점", NULL }
};

int
hak_request_import(struct hak_db *db, const struct hak_import_opts *opts,
	bool update, struct hak_import_stats *st, struct hak_err *err)
{
	static struct hak_import_col cols[HAK_REQUEST_NCOLS];
	struct import_ctx ctx = { 0 };
	struct hak_import_spec spec = { "request", cols, HAK_REQUEST_NCOLS,
		import_row, &ctx, false, import_end, 0 };
	int i;

	ctx.update = update;

	for (i = 0; i < HAK_REQUEST_NCOLS; i++) {
		cols[i].name = hak_request_cols[i].name;
		cols[i].headers = request_headers[i];
		cols[i].required = i == HAK_RQ_SCHOOL ||
			i == HAK_RQ_CATEGORY || i == HAK_RQ_TITLE;
	}
	return hak_import_run_keyed(db, &spec, "external_id", opts, st, err);
}

/* --- hak check: replay --- */

/* The columns of the create record, in order. */
static int
record_cols(int map[HAK_REQUEST_NCOLS])
{
	int i, n = 0;

	for (i = 0; i < HAK_REQUEST_NCOLS; i++)
		if (i != HAK_RQ_ID && i != HAK_RQ_SCHOOL_NAME)
			map[n++] = i;
	return n;
}

static int
col_index(const char *name)
{
	int i;

	for (i = 0; name && i < HAK_REQUEST_NCOLS; i++)
		if (!strcmp(hak_request_cols[i].name, name))
			return i;
	return -1;
}

/* Parse the create record (CSV) into cur (event values). */
static int
parse_record(const char *note, char *cur[HAK_REQUEST_NCOLS])
{
	const struct hak_csv_rec *rec = NULL;
	struct hak_csv *csv = NULL;
	int map[HAK_REQUEST_NCOLS], n, i, rc;
	FILE *fp;

	if (!note || !*note)
		return HAK_EDATA;
	n = record_cols(map);
	if (!(fp = fmemopen((void *)note, strlen(note), "r")))
		return HAK_EOS;
	rc = hak_csv_open_fp(fp, "event", HAK_ENC_UTF8, HAK_CSV_RAW, &csv,
		NULL);
	if (!rc)
		rc = hak_csv_read(csv, &rec, NULL);
	if (!rc && (!rec || rec->n != (size_t)n))
		rc = HAK_EDATA;
	for (i = 0; !rc && i < n; i++)
		cur[map[i]] = rec->len[i] ? hak_xstrdup(rec->f[i]) : NULL;
	hak_csv_close(csv);
	fclose(fp);
	return rc;
}

struct replay {
	struct hak_db *db;
	FILE *report;
	int *findings;
};

/* One finding.  fmt is always a literal: values from the database are
 * arguments (a tampered history may hold any text). */
static void finding(struct replay *rp, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
finding(struct replay *rp, const char *id, const char *fmt, ...)
{
	va_list ap;

	fprintf(rp->report, "requests: request %s: ", id ? id : "?");
	va_start(ap, fmt);
	vfprintf(rp->report, fmt, ap);
	va_end(ap);
	fputc('\n', rp->report);
	(*rp->findings)++;
}

/* A value for a finding: "(empty)" for NULL. */
static const char *
shown(const char *s)
{
	return s ? s : "(empty)";
}

/* Compare the notes of request r with the hashes its events hold. */
static int
check_notes(struct replay *rp, const char *id, const struct hak_strv *shas,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	const char *text, *sha;
	char hex[65];
	size_t k = 0;
	int rc, src;

	if ((rc = hak_db_stmt(rp->db, "SELECT seq, text, sha256 FROM "
		"request_notes WHERE request = ? ORDER BY seq", &st, err)))
		return rc;
	if ((rc = hak_db_bound(rp->db, hak_db_bind_text(st, 1, id), err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		text = hak_db_col(st, 1);
		sha = hak_db_col(st, 2);
		if (k >= shas->n || !streq(sha, shas->v[k]))
			finding(rp, id, "note %s has no matching event",
				shown(hak_db_col(st, 0)));
		else if (text && (hak_sha256_hex(text, strlen(text), hex),
			strcmp(hex, sha)))
			finding(rp, id, "note %s text does not match its "
				"hash", shown(hak_db_col(st, 0)));
		k++;
	}
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		return hak_db_fail(rp->db, src, err);
	if (k < shas->n)
		finding(rp, id, "more note events but fewer notes stored");
	return HAK_OK;
}

/* Replay the events of request r and compare with its stored state. */
static int
replay_one(struct replay *rp, const struct hak_request *r,
	struct hak_err *err)
{
	char *cur[HAK_REQUEST_NCOLS] = { 0 };
	struct hak_strv shas = HAK_STRV_INIT;
	const char *id = r->v[HAK_RQ_ID], *field, *old, *new, *action;
	sqlite3_stmt *st;
	char *stored;
	bool created = false;
	int rc, src, i, col;

	if ((rc = hak_db_stmt(rp->db, "SELECT seq, action, field, old, new, "
		"note FROM events WHERE entity = 'request' AND key = ? "
		"ORDER BY seq", &st, err)))
		return rc;
	if ((rc = hak_db_bound(rp->db, hak_db_bind_text(st, 1, id), err)))
		goto done;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		action = hak_db_col(st, 1);
		field = hak_db_col(st, 2);
		old = hak_db_col(st, 3);
		new = hak_db_col(st, 4);
		if (!created) {
			if (!streq(action, "create") ||
				parse_record(hak_db_col(st, 5), cur)) {
				finding(rp, id, "history does not start with "
					"its create record");
				goto done;
			}
			created = true;
			continue;
		}
		if (streq(field, "note")) {
			hak_strv_push(&shas, new);
			continue;
		}
		if ((col = col_index(field)) < 0 || col == HAK_RQ_ID ||
			col == HAK_RQ_SCHOOL_NAME)
			continue;
		if (!streq(cur[col], old))
			finding(rp, id, "event %lld (%s) changes %s from '%s', "
				"but the replay has '%s'",
				(long long)sqlite3_column_int64(st, 0),
				action ? action : "?", field, shown(old),
				shown(cur[col]));
		free(cur[col]);
		cur[col] = hak_xstrdup(new);
	}
	if (src != SQLITE_DONE) {
		rc = hak_db_fail(rp->db, src, err);
		goto done;
	}
	if (!created) {
		finding(rp, id, "no history");
		goto done;
	}
	for (i = 0; i < HAK_REQUEST_NCOLS; i++) {
		if (i == HAK_RQ_ID || i == HAK_RQ_SCHOOL_NAME)
			continue;
		stored = event_value(r, i);
		if (!streq(stored, cur[i]))
			finding(rp, id, "%s is '%s' but its history says '%s'",
				hak_request_cols[i].name, shown(stored),
				shown(cur[i]));
		free(stored);
	}
	rc = check_notes(rp, id, &shas, err);
done:
	sqlite3_reset(st);
	for (i = 0; i < HAK_REQUEST_NCOLS; i++)
		free(cur[i]);
	hak_strv_clear(&shas);
	return rc;
}

static int
check_replay(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	struct replay rp = { db, report, findings };
	struct hak_request r;
	sqlite3_stmt *st;
	int rc = HAK_OK, src;

	if ((rc = hak_db_prepare(db, RQ_SELECT "ORDER BY r.id", &st, err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		fill(st, &r);
		rc = replay_one(&rp, &r, err);
		hak_request_release(&r);
		if (rc)
			break;
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	if ((rc = hak_db_prepare(db, "SELECT DISTINCT e.key FROM events e "
		"WHERE e.entity = 'request' AND NOT EXISTS (SELECT 1 FROM "
		"requests r WHERE r.id = CAST(e.key AS INTEGER)) ORDER BY "
		"CAST(e.key AS INTEGER)", &st, err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		finding(&rp, hak_db_col(st, 0), "history of a missing "
			"request");
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? HAK_OK : hak_db_fail(db, src, err);
}

void
hak_request_check_add(struct hak_check *c)
{
	hak_check_add(c, "request history", check_replay);
	hak_check_add(c, "request spans", hak_span_check);
}

