/* SPDX-License-Identifier: MIT */
/*
 * The spans of requests: the intervals a request spent in one status,
 * department, assignee, category, school and due_on, so that reports can
 * say what held at the end of a past period (SPEC 5.6 "as of").
 *
 * request_spans (schema v6) holds one row per interval [since_ts,
 * until_ts): the state holds at times t with since_ts <= t < until_ts;
 * the current span of a request has until_ts = HAK_SPAN_OPEN.  Every
 * write of lib/request.c keeps it in the same transaction: a new request
 * opens span 1; a change of any spanned column ends the current span now
 * and opens the next (seq + 1) with `cause` = the command, `entered` = 1
 * when the status changed, `rating` = the rating when it was given then.
 *
 * A request created whole (an import, or the create record of the
 * migration's backfill) gets the history its timestamps tell, one span a
 * phase (the seq numbers below), all with the record's department,
 * assignee, category, school and due_on and cause "create":
 *   1 open:     received_at .. the first of resolved_at, closed_at, the
 *               wait's start (a waiting request), received_at (finished
 *               without either), else open; its status is the record's
 *               when new, assigned or in_progress, else in_progress;
 *   2 waiting:  (status waiting) the wait's start .. open;
 *   3 resolved: (resolved_at given) resolved_at .. closed_at, else open
 *               (status resolved) or resolved_at; the rating given here;
 *   4 finished: (a finished status, but resolved with phase 3) the first
 *               of closed_at, resolved_at, received_at .. open, the
 *               record's status; the rating given here when not resolved.
 * The spans open now are counted in request_open_school (by school and
 * department) and request_open_due (not waiting: by department and
 * due_on), kept with every span written.
 * lib/request.c's import writes the same phases in SQL (SPAN_PHASES).
 *
 * The module knows a request only as the columns it spans (struct
 * hak_span_rec), so that the migration (lib/schema.c) can use it.
 */
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "span_int.h"
#include "hak/date.h"
#include "banned.h"

static bool
same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int64_t
time_of(const char *s)
{
	int64_t t;

	return s && !hak_time_parse(s, &t, NULL) ? t : -1;
}

struct span {
	long long request;
	int seq;
	int64_t since, until;
	const char *status;
	bool entered;
	const char *cause;
	const struct hak_span_rec *r;	/* department ... due_on */
	const char *rating;		/* given at since; NULL: none */
};

static int
span_insert(struct hak_db *db, const struct span *s, struct hak_err *err)
{
	sqlite3_stmt *st;
	const struct hak_span_rec *r = s->r;
	int src = SQLITE_OK, rc;

	if ((rc = hak_db_stmt(db, "INSERT INTO request_spans (request, seq, "
		"since_ts, until_ts, status, entered, cause, department, "
		"assignee, category, school, due_on, rating) VALUES (?1, ?2, "
		"?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", &st, err)))
		return rc;
#define B(call) (src = src != SQLITE_OK ? src : (call))
	B(sqlite3_bind_int64(st, 1, s->request));
	B(sqlite3_bind_int(st, 2, s->seq));
	B(sqlite3_bind_int64(st, 3, s->since));
	B(sqlite3_bind_int64(st, 4, s->until));
	B(hak_db_bind_text(st, 5, s->status));
	B(sqlite3_bind_int(st, 6, s->entered));
	B(hak_db_bind_text(st, 7, s->cause));
	B(hak_db_bind_text(st, 8, r->v[HAK_SP_DEPARTMENT]));
	B(hak_db_bind_text(st, 9, r->v[HAK_SP_ASSIGNEE]));
	B(hak_db_bind_text(st, 10, r->v[HAK_SP_CATEGORY]));
	B(hak_db_bind_text(st, 11, r->v[HAK_SP_SCHOOL]));
	B(hak_db_bind_text(st, 12, r->v[HAK_SP_DUE_ON]));
	if (s->rating)
		B(sqlite3_bind_int(st, 13, (int)strtol(s->rating, NULL, 10)));
	else
		B(sqlite3_bind_null(st, 13));
#undef B
	if ((rc = hak_db_bound(db, src, err)))
		return rc;
	return hak_db_step_done(db, st, err);
}

static bool
is_open(const char *status)
{
	return same(status, "new") || same(status, "assigned") ||
		same(status, "in_progress") || same(status, "waiting");
}

/* Count r's current span (of status) in (delta 1) or out (-1) of the
 * requests open now (request_open_school, request_open_due). */
static int
count_open(struct hak_db *db, const struct hak_span_rec *r,
	const char *status, int delta, struct hak_err *err)
{
	static const char *const sql[2] = {
		"INSERT INTO request_open_school (school, department, n) "
		"VALUES (?1, ?2, ?3) ON CONFLICT (school, department) DO "
		"UPDATE SET n = request_open_school.n + excluded.n",
		"INSERT INTO request_open_due (department, due_on, n) VALUES "
		"(?2, coalesce(?1, ''), ?3) ON CONFLICT (department, due_on) "
		"DO UPDATE SET n = request_open_due.n + excluded.n"
	};
	sqlite3_stmt *st;
	int i, rc, src;

	if (!is_open(status))
		return HAK_OK;
	for (i = 0; i < (same(status, "waiting") ? 1 : 2); i++) {
		if ((rc = hak_db_stmt(db, sql[i], &st, err)))
			return rc;
		src = hak_db_bind_text(st, 1, r->v[i ? HAK_SP_DUE_ON :
			HAK_SP_SCHOOL]);
		if (src == SQLITE_OK)
			src = hak_db_bind_text(st, 2, r->v[HAK_SP_DEPARTMENT]);
		if (src == SQLITE_OK)
			src = sqlite3_bind_int(st, 3, delta);
		if ((rc = hak_db_bound(db, src, err)) ||
			(rc = hak_db_step_done(db, st, err)))
			return rc;
	}
	return HAK_OK;
}

int
hak_span_create(struct hak_db *db, long long id,
	const struct hak_span_rec *r, int64_t wait_start, struct hak_err *err)
{
	const char *status = r->v[HAK_SP_STATUS];
	int64_t received = time_of(r->v[HAK_SP_RECEIVED_AT]);
	int64_t resolved = time_of(r->v[HAK_SP_RESOLVED_AT]);
	int64_t closed = time_of(r->v[HAK_SP_CLOSED_AT]);
	bool waiting = same(status, "waiting"), fin = !is_open(status);
	struct span s = { id, 1, received, HAK_SPAN_OPEN, status, true,
		"create", r, NULL };
	int rc;

	if (received < 0)
		return hak_err_set(err, HAK_EBUG, "request %lld has no "
			"received_at", id);
	if (wait_start < received)
		wait_start = received;
	if (fin || waiting)
		s.status = "in_progress";
	s.until = resolved >= 0 ? resolved : closed >= 0 ? closed :
		waiting ? wait_start : fin ? received : HAK_SPAN_OPEN;
	if ((rc = span_insert(db, &s, err)))
		return rc;
	if (!fin) {
		if (waiting) {
			s.seq = 2;
			s.since = wait_start;
			s.until = HAK_SPAN_OPEN;
			s.status = "waiting";
			if ((rc = span_insert(db, &s, err)))
				return rc;
		}
		return count_open(db, r, s.status, 1, err);
	}
	if (resolved >= 0) {
		s.seq = 3;
		s.since = resolved;
		s.until = closed >= 0 ? closed : same(status, "resolved") ?
			HAK_SPAN_OPEN : resolved;
		s.status = "resolved";
		s.rating = r->v[HAK_SP_RATING];
		if ((rc = span_insert(db, &s, err)) || same(status, "resolved"))
			return rc;
	}
	s.seq = 4;
	s.since = closed >= 0 ? closed : resolved >= 0 ? resolved : received;
	s.until = HAK_SPAN_OPEN;
	s.status = status;
	s.rating = resolved < 0 ? r->v[HAK_SP_RATING] : NULL;
	return span_insert(db, &s, err);
}

int
hak_span_change(struct hak_db *db, long long id,
	const struct hak_span_rec *old, const struct hak_span_rec *new,
	const char *cause, int64_t at, struct hak_err *err)
{
	struct span s = { 0 };
	sqlite3_stmt *st;
	int i, rc, src;

	for (i = 0; i < HAK_SP_SPANNED; i++)
		if (!same(old->v[i], new->v[i]))
			break;
	if (i == HAK_SP_SPANNED)
		return HAK_OK;
	s.request = id;
	if ((rc = hak_db_stmt(db, "SELECT max(seq) FROM request_spans WHERE "
		"request = ?", &st, err)) ||
		(rc = hak_db_bound(db, sqlite3_bind_int64(st, 1, s.request),
		err)))
		return rc;
	src = sqlite3_step(st);
	s.seq = src == SQLITE_ROW ? sqlite3_column_int(st, 0) + 1 : 1;
	sqlite3_reset(st);
	if (src != SQLITE_ROW)
		return hak_db_fail(db, src, err);
	if ((rc = hak_db_stmt(db, "UPDATE request_spans SET until_ts = ?3 "
		"WHERE request = ?1 AND seq = ?2", &st, err)))
		return rc;
	src = sqlite3_bind_int64(st, 1, s.request);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int(st, 2, s.seq - 1);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int64(st, 3, at);
	if ((rc = hak_db_bound(db, src, err)) ||
		(rc = hak_db_step_done(db, st, err)))
		return rc;
	if ((rc = count_open(db, old, old->v[HAK_SP_STATUS], -1, err)) ||
		(rc = count_open(db, new, new->v[HAK_SP_STATUS], 1, err)))
		return rc;
	s.since = at;
	s.until = HAK_SPAN_OPEN;
	s.status = new->v[HAK_SP_STATUS];
	s.entered = !same(old->v[HAK_SP_STATUS], new->v[HAK_SP_STATUS]);
	s.cause = cause;
	s.r = new;
	s.rating = same(old->v[HAK_SP_RATING], new->v[HAK_SP_RATING]) ? NULL :
		new->v[HAK_SP_RATING];
	return span_insert(db, &s, err);
}

/* --- the migration to v6 --- */

/* The stored names of the columns of struct hak_span_rec. */
static const char *const span_names[HAK_SP_NCOLS] = {
	"status", "department", "assignee", "category", "school", "due_on",
	"rating", "received_at", "resolved_at", "closed_at"
};

static int
span_col(const char *name)
{
	int i;

	for (i = 0; name && i < HAK_SP_NCOLS; i++)
		if (!strcmp(span_names[i], name))
			return i;
	return -1;
}

struct event {
	int64_t at;
	char *action, *field, *old, *new;
};

struct history {
	char *v[HAK_SP_NCOLS];	/* the record, owned */
	struct event *ev;
	size_t n, alloc;
};

static void
history_release(struct history *h)
{
	size_t i;

	for (i = 0; i < HAK_SP_NCOLS; i++)
		free(h->v[i]);
	for (i = 0; i < h->n; i++) {
		free(h->ev[i].action);
		free(h->ev[i].field);
		free(h->ev[i].old);
		free(h->ev[i].new);
	}
	free(h->ev);
	memset(h, 0, sizeof(*h));
}

static void
as_rec(const struct history *h, struct hak_span_rec *r)
{
	int i;

	for (i = 0; i < HAK_SP_NCOLS; i++)
		r->v[i] = h->v[i];
}

static void
put(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? hak_xstrdup(s) : NULL;
}

/* The events of request id, in order, into h. */
static int
history_read(struct hak_db *db, long long id, struct history *h,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	struct event *e;
	char key[24];
	int rc, src;

	snprintf(key, sizeof(key), "%lld", id);
	if ((rc = hak_db_stmt(db, "SELECT at, action, field, old, new FROM "
		"events WHERE entity = 'request' AND key = ? ORDER BY seq", &st,
		err)) || (rc = hak_db_bound(db, hak_db_bind_text(st, 1, key),
		err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		HAK_ALLOC_GROW(h->ev, h->n + 1, h->alloc);
		e = &h->ev[h->n++];
		e->at = time_of(hak_db_col(st, 0));
		e->action = hak_db_col_dup(st, 1);
		e->field = hak_db_col_dup(st, 2);
		e->old = hak_db_col_dup(st, 3);
		e->new = hak_db_col_dup(st, 4);
		if (e->at < 0) {
			sqlite3_reset(st);
			return hak_err_set(err, HAK_EDATA, "request %lld: an "
				"event without a valid time", id);
		}
	}
	sqlite3_reset(st);
	return src == SQLITE_DONE ? HAK_OK : hak_db_fail(db, src, err);
}

/* The spans of one request, its stored record in h. */
static int
backfill_one(struct hak_db *db, long long id, struct history *h,
	struct hak_err *err)
{
	struct hak_span_rec a, b;
	char *prev[HAK_SP_NCOLS] = { 0 };
	size_t i, j;
	int c, rc;

	if ((rc = history_read(db, id, h, err)))
		return rc;
	if (!h->n || !same(h->ev[0].action, "create"))
		return hak_err_set(err, HAK_EDATA, "request %lld: its history "
			"does not start with its create record", id);
	/* roll the record back to its creation */
	for (i = h->n; i-- > 1;)
		if ((c = span_col(h->ev[i].field)) >= 0)
			put(&h->v[c], h->ev[i].old);
	as_rec(h, &a);
	if ((rc = hak_span_create(db, id, &a, h->ev[0].at, err)))
		return rc;
	/* and forward again, one span per (time, command) */
	for (i = 1; i < h->n && !rc; i = j) {
		for (c = 0; c < HAK_SP_NCOLS; c++)
			prev[c] = h->v[c] ? hak_xstrdup(h->v[c]) : NULL;
		for (j = i; j < h->n && h->ev[j].at == h->ev[i].at &&
			same(h->ev[j].action, h->ev[i].action); j++)
			if ((c = span_col(h->ev[j].field)) >= 0)
				put(&h->v[c], h->ev[j].new);
		for (c = 0; c < HAK_SP_NCOLS; c++)
			a.v[c] = prev[c];
		as_rec(h, &b);
		rc = hak_span_change(db, id, &a, &b, h->ev[i].action,
			h->ev[i].at, err);
		for (c = 0; c < HAK_SP_NCOLS; c++)
			free(prev[c]);
	}
	return rc;
}

int
hak_span_backfill(struct hak_db *db, struct hak_err *err)
{
	struct history h;
	sqlite3_stmt *st;
	long long id;
	int rc = HAK_OK, src, i;

	memset(&h, 0, sizeof(h));
	if ((rc = hak_db_prepare(db, "SELECT id, status, department, "
		"assignee, category, school, due_on, rating, received_at, "
		"resolved_at, closed_at FROM requests ORDER BY id", &st, err)))
		return rc;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		for (i = 0; i < HAK_SP_NCOLS; i++)
			h.v[i] = hak_db_col_dup(st, i + 1);
		rc = backfill_one(db, id, &h, err);
		history_release(&h);
	}
	if (!rc && src != SQLITE_DONE)
		rc = hak_db_fail(db, src, err);
	sqlite3_finalize(st);
	return rc;
}

/* --- hak check --- */

int
hak_span_check(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	static const struct {
		const char *sql, *what;
	} q[] = {
		{ "SELECT r.id FROM requests r WHERE NOT EXISTS (SELECT 1 FROM "
		  "request_spans s WHERE s.request = r.id AND s.until_ts = "
		  "9223372036854775807 AND s.status = r.status AND "
		  "s.department = r.department AND s.school = r.school AND "
		  "s.category = r.category AND s.assignee IS r.assignee AND "
		  "s.due_on IS r.due_on) ORDER BY r.id",
		  "its current span is not its state" },
		{ "SELECT school || ' ' || department FROM (SELECT school, "
		  "department, n FROM request_open_school WHERE n <> 0 EXCEPT "
		  "SELECT school, department, count(*) FROM request_spans "
		  "WHERE until_ts = 9223372036854775807 AND status IN ('new', "
		  "'assigned', 'in_progress', 'waiting') GROUP BY school, "
		  "department) UNION SELECT school || ' ' || department FROM "
		  "(SELECT school, department, count(*) FROM request_spans "
		  "WHERE until_ts = 9223372036854775807 AND status IN ('new', "
		  "'assigned', 'in_progress', 'waiting') GROUP BY school, "
		  "department EXCEPT SELECT school, department, n FROM "
		  "request_open_school)",
		  "the count of open requests is not their spans' count" },
		{ "SELECT department || ' ' || due_on FROM (SELECT department, "
		  "due_on, n FROM request_open_due WHERE n <> 0 EXCEPT SELECT "
		  "department, coalesce(due_on, ''), count(*) FROM "
		  "request_spans WHERE until_ts = 9223372036854775807 AND "
		  "status IN ('new', 'assigned', 'in_progress') GROUP BY 1, 2) "
		  "UNION SELECT department || ' ' || due_on FROM (SELECT "
		  "department, coalesce(due_on, '') AS due_on, count(*) FROM "
		  "request_spans WHERE until_ts = 9223372036854775807 AND "
		  "status IN ('new', 'assigned', 'in_progress') GROUP BY 1, 2 "
		  "EXCEPT SELECT department, due_on, n FROM request_open_due)",
		  "the count of open requests due then is not their spans'" }
	};
	sqlite3_stmt *st;
	size_t i;
	int rc, src;

	for (i = 0; i < sizeof(q) / sizeof(*q); i++) {
		if ((rc = hak_db_prepare(db, q[i].sql, &st, err)))
			return rc;
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			fprintf(report, "request spans: %s %s: %s\n",
				i ? "open count of" : "request",
				hak_db_col(st, 0) ? hak_db_col(st, 0) : "?",
				q[i].what);
			(*findings)++;
		}
		sqlite3_finalize(st);
		if (src != SQLITE_DONE)
			return hak_db_fail(db, src, err);
	}
	return HAK_OK;
}
