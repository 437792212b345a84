/* SPDX-License-Identifier: MIT */
/* The catalogue of support projects and their participations (SPEC 5.3). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_int.h"
#include "hak/check.h"
#include "hak/csvio.h"
#include "hak/date.h"
#include "hak/event.h"
#include "hak/org.h"
#include "hak/project.h"
#include "hak/rand.h"
#include "hak/school.h"
#include "hak/survey.h"
#include "hak/text.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct hak_col hak_project_cols[HAK_PROJECT_NCOLS] = {
	{ "code", HAK_COL_CODE },
	{ "name", HAK_COL_PROSE },
	{ "department", HAK_COL_CODE },
	{ "area", HAK_COL_PROSE },
	{ "recipients", HAK_COL_TEXT },
	{ "year", HAK_COL_NUM },
	{ "start_on", HAK_COL_TEXT },
	{ "end_on", HAK_COL_TEXT },
	{ "status", HAK_COL_TEXT },
	{ "is_new", HAK_COL_BOOL },
	{ "target", HAK_COL_NUM },
	{ "budget", HAK_COL_NUM },
	{ "description", HAK_COL_PROSE }
};

const struct hak_col hak_project_hist_cols[HAK_HISTORY_NCOLS] = {
	HAK_HISTORY_COLS("project")
};

/* What an enroll event's old and new hold, as a CSV line. */
static const struct hak_col enroll_fields[4] = {
	{ "school", HAK_COL_CODE },
	{ "recipient", HAK_COL_TEXT },
	{ "count", HAK_COL_NUM },
	{ "date", HAK_COL_TEXT }
};

/* A create event holds the record; an enroll event the participation. */
static const struct hak_history_record project_records[] = {
	{ "create", hak_project_cols, HAK_PROJECT_NCOLS, true },
	{ "enroll", enroll_fields, 4, false },
	{ NULL, NULL, 0, false }
};

static int
project_key(struct hak_db *db, const char *key, char **out,
	struct hak_err *err)
{
	struct hak_project p;
	int rc;

	*out = NULL;
	if ((rc = hak_project_get(db, key, &p, err)))
		return rc;
	*out = hak_xstrdup(p.v[HAK_PJ_CODE]);
	hak_project_release(&p);
	return HAK_OK;
}

const struct hak_history hak_project_history = {
	"project", project_records, false, project_key
};

const char *const hak_project_opts[HAK_PROJECT_NCOLS] = {
	"code", "name", "dept", "area", "recipient", "year", "start-on",
	"end-on", "status", "is-new", "target", "budget", "description"
};

const struct hak_col hak_part_cols[HAK_PART_NCOLS] = {
	{ "project", HAK_COL_CODE },
	{ "school", HAK_COL_CODE },
	{ "school_name", HAK_COL_PROSE },
	{ "recipient", HAK_COL_TEXT },
	{ "count", HAK_COL_NUM },
	{ "date", HAK_COL_TEXT }
};

const struct hak_col hak_project_req_cols[HAK_PROJECT_REQ_NCOLS] = {
	{ "id", HAK_COL_CODE },
	{ "title", HAK_COL_PROSE },
	{ "status", HAK_COL_TEXT },
	{ "school", HAK_COL_CODE },
	{ "received_at", HAK_COL_TEXT }
};

const struct hak_col hak_project_survey_cols[HAK_PROJECT_SURVEY_NCOLS] = {
	{ "survey", HAK_COL_CODE },
	{ "question", HAK_COL_PROSE },
	{ "n", HAK_COL_NUM },
	{ "mean", HAK_COL_NUM },
	{ "score100", HAK_COL_NUM },
	{ "top2", HAK_COL_NUM }
};

/* Recipient types in their fixed order, with the Korean labels accepted. */
static const struct {
	const char *code, *ko[2];
} recipients[] = {
	{ "school", { "학교", NULL } },
	{ "teacher", { "교사", "교원" } },
	{ "student", { "학생", NULL } },
	{ "parent", { "학부모", NULL } },
	{ "staff", { "직원", "교직원" } }
};

static const struct {
	const char *code, *ko[2];
} statuses[] = {
	{ "planned", { "계획", NULL } },
	{ "active", { "진행", "진행중" } },
	{ "closed", { "종료", NULL } }
};

#define PROJECT_SELECT "SELECT code, name, department, area, recipients, " \
	"year, start_on, end_on, status, is_new, target, budget, description " \
	"FROM projects "

static bool
streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

void
hak_project_release(struct hak_project *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < HAK_PROJECT_NCOLS; i++)
		free(p->v[i]);
	memset(p, 0, sizeof(*p));
}

void
hak_participation_release(struct hak_participation *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < HAK_PART_NCOLS; i++)
		free(p->v[i]);
	memset(p, 0, sizeof(*p));
}

/* --- values --- */

int
hak_project_recipient_parse(const char *s, const char **code,
	struct hak_err *err)
{
	size_t i, k;

	for (i = 0; s && i < N(recipients); i++) {
		if (!strcasecmp(s, recipients[i].code))
			goto found;
		for (k = 0; k < 2; k++)
			if (recipients[i].ko[k] &&
				!strcmp(s, recipients[i].ko[k]))
				goto found;
	}
	return hak_err_set(err, HAK_EDATA, "unknown recipient '%s' (school, "
		"teacher, student, parent, staff)", s ? s : "");
found:
	*code = recipients[i].code;
	return HAK_OK;
}

int
hak_project_status_parse(const char *s, const char **code,
	struct hak_err *err)
{
	size_t i, k;

	for (i = 0; s && i < N(statuses); i++) {
		if (!strcasecmp(s, statuses[i].code))
			goto found;
		for (k = 0; k < 2; k++)
			if (statuses[i].ko[k] && !strcmp(s, statuses[i].ko[k]))
				goto found;
	}
	return hak_err_set(err, HAK_EDATA, "unknown status '%s' (planned, "
		"active, closed)", s ? s : "");
found:
	*code = statuses[i].code;
	return HAK_OK;
}

int
hak_project_recipients_norm(const char *s, char **out, struct hak_err *err)
{
	struct hak_strv sv = HAK_STRV_INIT;
	struct hak_buf b = HAK_BUF_INIT;
	const char *p, *q, *code;
	char *item;
	size_t i;
	int rc = HAK_OK;

	*out = NULL;
	for (p = s; p && *p; p = *q ? q + 1 : q) {
		q = strchr(p, ';');
		if (!q)
			q = p + strlen(p);
		item = hak_xstrndup(p, (size_t)(q - p));
		hak_text_trim(item);
		if (*item && (rc = hak_project_recipient_parse(item, &code,
			err))) {
			free(item);
			goto out;
		}
		if (*item)
			hak_strv_push(&sv, code);
		free(item);
	}
	hak_strv_sort(&sv);
	hak_strv_uniq(&sv);
	for (i = 0; i < sv.n; i++)
		hak_buf_addf(&b, "%s%s", i ? ";" : "", sv.v[i]);
	if (sv.n)
		*out = hak_buf_detach(&b, NULL);
out:
	hak_buf_release(&b);
	hak_strv_clear(&sv);
	return rc;
}

int
hak_project_code_check(const char *s, struct hak_err *err)
{
	size_t i, n;
	int rc;

	if (!s || !*s)
		return hak_err_set(err, HAK_EDATA,
			"a project code is required");
	if ((rc = hak_input_code(s, err)))
		return rc;
	n = strlen(s);
	if (n > 32)
		return hak_err_set(err, HAK_EDATA,
			"code '%s' is longer than 32 characters", s);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || c == '_' || c == '-' ||
			c == '.'))
			return hak_err_set(err, HAK_EDATA, "bad code '%s' "
				"(letters, digits, '_', '.' and '-' only)", s);
	}
	return HAK_OK;
}

int
hak_project_dept_parse(struct hak_db *db, const char *s, const char **code,
	struct hak_err *err)
{
	const struct hak_dept *d;
	int rc;

	if ((rc = hak_org_dept(db, s, 0, &d, err)))
		return rc;
	*code = d->code;
	return HAK_OK;
}

/*
 * A department code as stored (upper case) when it exists and is active,
 * or when it is keep (the record's department, which may have become
 * inactive since: history stays valid, SPEC 3).
 */
static int
dept_value(struct hak_db *db, const char *s, const char *keep, char **out,
	struct hak_err *err)
{
	const struct hak_dept *d;
	int rc;

	if ((rc = hak_org_dept(db, s, keep && !strcasecmp(s, keep) ? 0 :
		HAK_ORG_ACTIVE, &d, err)))
		return rc;
	*out = hak_xstrdup(d->code);
	return HAK_OK;
}

/*
 * One column's value from input form to output form (*out, NULL when
 * empty); old is the record's current value.  HAK_EUSAGE when malformed,
 * HAK_EDATA when well-formed but refused (the caller decides what each
 * becomes).
 */
static int
column_value(struct hak_db *db, int col, const char *in, const char *old,
	char **out, struct hak_err *err)
{
	const char *code;
	long long v;
	int32_t day;
	char buf[HAK_DATE_LEN];
	bool b;
	char *t;
	int rc = HAK_OK;

	*out = NULL;
	if (in && !hak_text_valid(in, strlen(in)))
		return hak_err_set(err, HAK_EUSAGE, "invalid UTF-8");
	t = hak_text_clean(in);
	if (!t)
		return HAK_OK;
	switch (col) {
	case HAK_PJ_DEPT:
		rc = dept_value(db, t, old, out, err);
		break;
	case HAK_PJ_RECIPIENTS:
		if (hak_project_recipients_norm(t, out, err))
			rc = HAK_EUSAGE;
		break;
	case HAK_PJ_YEAR:
		if (hak_input_int(t, &v, err) || v < 1900 || v > 2999)
			rc = hak_err_set(err, HAK_EUSAGE, "bad year '%s' "
				"(1900-2999)", t);
		else
			*out = hak_xasprintf("%lld", v);
		break;
	case HAK_PJ_START_ON:
	case HAK_PJ_END_ON:
		if (hak_input_date(t, &day, err)) {
			rc = HAK_EUSAGE;
		} else {
			hak_day_format(day, buf);
			*out = hak_xstrdup(buf);
		}
		break;
	case HAK_PJ_STATUS:
		if (hak_project_status_parse(t, &code, err))
			rc = HAK_EUSAGE;
		else
			*out = hak_xstrdup(code);
		break;
	case HAK_PJ_IS_NEW:
		if (hak_input_bool(t, &b, err))
			rc = HAK_EUSAGE;
		else
			*out = hak_xstrdup(b ? "1" : "0");
		break;
	case HAK_PJ_TARGET:
	case HAK_PJ_BUDGET:
		if (hak_input_int(t, &v, err))
			rc = HAK_EUSAGE;
		else if (v < 0)
			rc = hak_err_set(err, HAK_EDATA, "%s '%s' is negative",
				hak_project_cols[col].name, t);
		else
			*out = hak_xasprintf("%lld", v);
		break;
	default:
		*out = t;
		t = NULL;
		break;
	}
	free(t);
	return rc;
}

/*
 * Apply ch to old into new (fresh copies).  In import mode an empty
 * status is planned and an empty is_new 0; otherwise clearing name,
 * department or status is HAK_EUSAGE.  *bad is the column at fault.
 */
static int
apply_change(struct hak_db *db, const struct hak_project *old,
	const struct hak_project_change *ch, bool import,
	struct hak_project *new, int *bad, struct hak_err *err)
{
	int i, rc;

	memset(new, 0, sizeof(*new));
	for (i = 0; i < HAK_PROJECT_NCOLS; i++) {
		*bad = i;
		if (i == HAK_PJ_CODE || !ch->v[i]) {
			new->v[i] = hak_xstrdup(old->v[i]);
			continue;
		}
		if ((rc = column_value(db, i, ch->v[i], old->v[i],
			&new->v[i], err)))
			return rc;
		if (new->v[i])
			continue;
		if (i == HAK_PJ_STATUS && import) {
			new->v[i] = hak_xstrdup("planned");
		} else if (i == HAK_PJ_IS_NEW) {
			new->v[i] = hak_xstrdup("0");
		} else if (i == HAK_PJ_NAME || i == HAK_PJ_DEPT ||
			i == HAK_PJ_STATUS) {
			return hak_err_set(err, import ? HAK_EDATA :
				HAK_EUSAGE, "a project needs a %s",
				i == HAK_PJ_NAME ? "name" : i == HAK_PJ_DEPT ?
				"department" : "status");
		}
	}
	*bad = HAK_PJ_START_ON;
	if (new->v[HAK_PJ_START_ON] && new->v[HAK_PJ_END_ON] &&
		strcmp(new->v[HAK_PJ_START_ON], new->v[HAK_PJ_END_ON]) > 0)
		return hak_err_set(err, HAK_EDATA, "start_on %s is after "
			"end_on %s", new->v[HAK_PJ_START_ON],
			new->v[HAK_PJ_END_ON]);
	return HAK_OK;
}

/* Turn apply_change's error into the option's message. */
static int
option_err(int rc, int col, struct hak_err *err)
{
	if (rc == HAK_EUSAGE)
		hak_err_prefix(err, "--%s", hak_project_opts[col]);
	if (err)
		err->code = rc;
	return rc;
}

/* A malformed option value: "--OPT: message", HAK_EUSAGE. */
static int
usage_prefix(struct hak_err *err, const char *opt)
{
	hak_err_prefix(err, "--%s", opt);
	if (err)
		err->code = HAK_EUSAGE;
	return HAK_EUSAGE;
}

/* --- storage --- */

static void
fill(sqlite3_stmt *st, struct hak_project *p)
{
	int i;

	for (i = 0; i < HAK_PROJECT_NCOLS; i++)
		p->v[i] = hak_db_col_dup(st, i);
}

int
hak_project_get(struct hak_db *db, const char *code, struct hak_project *p,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	memset(p, 0, sizeof(*p));
	if ((rc = hak_db_stmt(db, PROJECT_SELECT "WHERE code = ?", &st,
		err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		fill(st, p);
	sqlite3_reset(st);
	if (src == SQLITE_ROW)
		return HAK_OK;
	if (src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return hak_err_set(err, HAK_ENOMATCH, "no project with code '%s'",
		code ? code : "");
}

int
hak_project_each(struct hak_db *db, const struct hak_project_filter *f,
	int (*fn)(void *ctx, const struct hak_project *p), void *ctx,
	struct hak_err *err)
{
	struct hak_project p;
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_stmt(db, PROJECT_SELECT
		"WHERE (?1 = 0 OR year = ?1) AND "
		"(?2 IS NULL OR department = ?2) AND "
		"(?3 IS NULL OR status = ?3) AND (?4 = 0 OR is_new = 1)"
		" ORDER BY code", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, sqlite3_bind_int(st, 1, f->year), err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 2, f->dept), err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 3, f->status), err)))
		return rc;
	if ((rc = hak_db_bound(db, sqlite3_bind_int(st, 4, f->new_only), err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		fill(st, &p);
		rc = fn(ctx, &p);
		hak_project_release(&p);
		if (rc)
			break;
	}
	sqlite3_reset(st);
	if (rc)
		return rc;
	if (src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return HAK_OK;
}

/* Bind column i of p: integers as integers, the rest as text.  Returns
 * the SQLite result (for hak_db_bound). */
static int
bind_col(sqlite3_stmt *st, int pos, const struct hak_project *p, int i)
{
	const char *s = p->v[i];

	if (s && (i == HAK_PJ_YEAR || i == HAK_PJ_IS_NEW ||
		i == HAK_PJ_TARGET || i == HAK_PJ_BUDGET))
		return sqlite3_bind_int64(st, pos, strtoll(s, NULL, 10));
	return hak_db_bind_text(st, pos, s);
}

static void
csv_line(const char *const *cells, size_t n, struct hak_buf *b)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			hak_buf_addch(b, ',');
		hak_csv_quote(b, cells[i], false);
	}
}

static int
project_insert(struct hak_db *db, const struct hak_project *p,
	struct hak_err *err)
{
	struct hak_event ev = { 0 };
	struct hak_buf line = HAK_BUF_INIT;
	sqlite3_stmt *st;
	int i, rc;

	if ((rc = hak_db_stmt(db, "INSERT INTO projects(code, name, "
		"department, area, recipients, year, start_on, end_on, status, "
		"is_new, target, budget, description) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, err)))
		return rc;
	for (i = 0; i < HAK_PROJECT_NCOLS; i++)
		if ((rc = hak_db_bound(db, bind_col(st, i + 1, p, i), err)))
			return rc;
	if ((rc = hak_db_step_done(db, st, err)))
		return rc;
	csv_line((const char *const *)p->v, HAK_PROJECT_NCOLS, &line);
	ev.entity = "project";
	ev.key = p->v[HAK_PJ_CODE];
	ev.action = "create";
	ev.new = line.buf;
	rc = hak_event_add(db, &ev, err);
	hak_buf_release(&line);
	return rc;
}

/* Bring the stored old to new, an update event per changed field. */
static int
project_update(struct hak_db *db, const struct hak_project *old,
	const struct hak_project *new, bool *changed, struct hak_err *err)
{
	struct hak_event ev = { 0 };
	sqlite3_stmt *st;
	int i, rc;

	*changed = false;
	for (i = 1; i < HAK_PROJECT_NCOLS; i++)
		if (!streq(old->v[i], new->v[i]))
			*changed = true;
	if (!*changed)
		return HAK_OK;
	if ((rc = hak_db_stmt(db, "UPDATE projects SET name = ?2, "
		"department = ?3, area = ?4, recipients = ?5, year = ?6, "
		"start_on = ?7, end_on = ?8, status = ?9, is_new = ?10, "
		"target = ?11, budget = ?12, description = ?13 WHERE code = ?1",
		&st, err)))
		return rc;
	for (i = 0; i < HAK_PROJECT_NCOLS; i++)
		if ((rc = hak_db_bound(db,
			bind_col(st, i + 1, i ? new : old, i), err)))
			return rc;
	if ((rc = hak_db_step_done(db, st, err)))
		return rc;
	ev.entity = "project";
	ev.key = old->v[HAK_PJ_CODE];
	ev.action = "update";
	for (i = 1; i < HAK_PROJECT_NCOLS; i++) {
		if (streq(old->v[i], new->v[i]))
			continue;
		ev.field = hak_project_cols[i].name;
		ev.old = old->v[i];
		ev.new = new->v[i];
		if ((rc = hak_event_add(db, &ev, err)))
			return rc;
	}
	return HAK_OK;
}

static int
year_of_day(const char *date)
{
	int32_t day;
	int y, m, d;

	if (hak_day_parse(date, &day, NULL))
		return 0;
	hak_day_to_ymd(day, &y, &m, &d);
	return y;
}

int
hak_project_add(struct hak_db *db, const char *code,
	const struct hak_project_change *ch, unsigned flags,
	struct hak_project *out, struct hak_err *err)
{
	struct hak_project blank = { { 0 } }, p, old;
	int bad, rc, y;

	if (out)
		memset(out, 0, sizeof(*out));
	if ((rc = hak_project_code_check(code, err)))
		return rc;
	if (!ch->v[HAK_PJ_NAME])
		return hak_err_set(err, HAK_EUSAGE, "add: --name is required");
	if (!ch->v[HAK_PJ_DEPT])
		return hak_err_set(err, HAK_EUSAGE, "add: --dept is required");
	blank.v[HAK_PJ_STATUS] = (char *)"planned";
	blank.v[HAK_PJ_IS_NEW] = (char *)"0";
	rc = apply_change(db, &blank, ch, false, &p, &bad, err);
	if (rc) {
		hak_project_release(&p);
		return option_err(rc, bad, err);
	}
	p.v[HAK_PJ_CODE] = hak_xstrdup(code);
	if (!p.v[HAK_PJ_YEAR]) {
		y = p.v[HAK_PJ_START_ON] ? year_of_day(p.v[HAK_PJ_START_ON]) :
			hak_school_year_now(db);
		p.v[HAK_PJ_YEAR] = hak_xasprintf("%d", y);
	}
	if ((rc = hak_db_begin(db, err)))
		goto out;
	rc = hak_project_get(db, code, &old, NULL);
	if (rc == HAK_OK) {
		hak_project_release(&old);
		rc = hak_err_set(err, HAK_EDATA, "project '%s' already exists",
			code);
	} else if (rc == HAK_ENOMATCH) {
		rc = project_insert(db, &p, err);
	} else {
		rc = hak_project_get(db, code, &old, err);
	}
	if (rc || (flags & HAK_PROJECT_DRY_RUN))
		hak_db_rollback(db);
	else
		rc = hak_db_commit(db, err);
out:
	if (!rc && out)
		*out = p;
	else
		hak_project_release(&p);
	return rc;
}

/* --- acting on keys --- */

/* The records done so far, of one kind. */
struct done {
	void *v;		/* array of size elements */
	size_t n, alloc, size;
	void (*release)(void *rec);
};

static void
done_push(struct done *d, const void *rec)
{
	if (d->n + 1 > d->alloc) {
		d->alloc = d->alloc < 8 ? 8 : d->alloc * 2;
		d->v = hak_xreallocarray(d->v, d->alloc, d->size);
	}
	memcpy((char *)d->v + d->n++ * d->size, rec, d->size);
}

static void
done_truncate(struct done *d, size_t mark)
{
	while (d->n > mark)
		d->release((char *)d->v + --d->n * d->size);
}

typedef int key_fn(struct hak_db *db, const char *key, void *ctx,
	struct done *d, struct hak_err *err);

/* Adapts a key_fn and its records to hak_db_each_key. */
struct each_ctx {
	key_fn *fn;
	void *ctx;
	struct done *d;
	size_t mark;
};

static int
each_one(struct hak_db *db, const char *key, void *vctx, struct hak_err *err)
{
	struct each_ctx *ec = vctx;

	ec->mark = ec->d->n;
	return ec->fn(db, key, ec->ctx, ec->d, err);
}

static void
each_undo(void *vctx)
{
	struct each_ctx *ec = vctx;

	done_truncate(ec->d, ec->mark);
}

/* Run fn for every key, in one transaction or (keep going) one each. */
static int
each_key(struct hak_db *db, const struct hak_strv *keys, unsigned flags,
	FILE *report, const char *prog, key_fn *fn, void *ctx, struct done *d,
	struct hak_err *err)
{
	struct each_ctx ec = { fn, ctx, d, 0 };
	struct hak_each each = { each_one, each_undo, &ec };
	unsigned ef = 0;
	int rc;

	if (flags & HAK_PROJECT_KEEP_GOING)
		ef |= HAK_EACH_KEEP_GOING;
	if (flags & HAK_PROJECT_DRY_RUN)
		ef |= HAK_EACH_DRY_RUN;
	rc = hak_db_each_key(db, keys, ef, &each, report, prog, err);
	if (rc && !(flags & HAK_PROJECT_KEEP_GOING))
		done_truncate(d, 0);
	return rc;
}

static void
release_project(void *rec)
{
	hak_project_release(rec);
}

static void
release_part(void *rec)
{
	hak_participation_release(rec);
}

static bool
done_has_project(const struct done *d, const char *code)
{
	const struct hak_project *p = d->v;
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(p[i].v[HAK_PJ_CODE], code))
			return true;
	return false;
}

static int
set_one(struct hak_db *db, const char *key, void *ctx, struct done *d,
	struct hak_err *err)
{
	const struct hak_project_change *ch = ctx;
	struct hak_project old, new;
	bool changed;
	int bad, rc;

	if (done_has_project(d, key))
		return HAK_OK;
	if ((rc = hak_project_get(db, key, &old, err)))
		return rc;
	rc = apply_change(db, &old, ch, false, &new, &bad, err);
	if (rc) {
		option_err(rc, bad, err);
		if (rc == HAK_EDATA)
			hak_err_prefix(err, "project '%s'", key);
	} else {
		rc = project_update(db, &old, &new, &changed, err);
	}
	hak_project_release(&old);
	if (rc) {
		hak_project_release(&new);
		return rc;
	}
	done_push(d, &new);
	return HAK_OK;
}

int
hak_project_set(struct hak_db *db, const struct hak_strv *keys,
	const struct hak_project_change *ch, unsigned flags, FILE *report,
	const char *prog, struct hak_project **done, size_t *n,
	struct hak_err *err)
{
	struct done d = { NULL, 0, 0, sizeof(struct hak_project),
		release_project };
	int rc;

	rc = each_key(db, keys, flags, report, prog, set_one, (void *)ch, &d,
		err);
	*done = d.v;
	*n = d.n;
	return rc;
}

struct close_ctx {
	const char *on;		/* YYYY-MM-DD or NULL */
	char today[HAK_DATE_LEN];
};

static int
close_one(struct hak_db *db, const char *key, void *vctx, struct done *d,
	struct hak_err *err)
{
	struct close_ctx *ctx = vctx;
	struct hak_project_change ch = { { 0 } };
	struct hak_project p;
	const char *end;
	int rc;

	if (done_has_project(d, key))
		return HAK_OK;
	if ((rc = hak_project_get(db, key, &p, err)))
		return rc;
	if (streq(p.v[HAK_PJ_STATUS], "closed")) {
		hak_project_release(&p);
		return hak_err_set(err, HAK_EDATA, "project '%s' is already "
			"closed", key);
	}
	end = p.v[HAK_PJ_END_ON];
	if (ctx->on)
		end = ctx->on;
	else if (!end || strcmp(end, ctx->today) > 0)
		end = ctx->today;
	ch.v[HAK_PJ_STATUS] = "closed";
	ch.v[HAK_PJ_END_ON] = end;
	hak_project_release(&p);
	return set_one(db, key, &ch, d, err);
}

int
hak_project_close(struct hak_db *db, const struct hak_strv *keys,
	const char *on, unsigned flags, FILE *report, const char *prog,
	struct hak_project **done, size_t *n, struct hak_err *err)
{
	struct done d = { NULL, 0, 0, sizeof(struct hak_project),
		release_project };
	struct close_ctx ctx = { NULL, "" };
	char buf[HAK_DATE_LEN];
	int32_t day;
	int rc;

	*done = NULL;
	*n = 0;
	if (on) {
		if (hak_input_date(on, &day, err))
			return usage_prefix(err, "on");
		hak_day_format(day, buf);
		ctx.on = buf;
	}
	hak_day_format(hak_time_day(hak_db_now(db)), ctx.today);
	rc = each_key(db, keys, flags, report, prog, close_one, &ctx, &d, err);
	*done = d.v;
	*n = d.n;
	return rc;
}

/* --- participations --- */

struct enroll_ctx {
	const char *project;
	const char *recipient;	/* code */
	long long count;	/* -1: not given */
	char date[HAK_DATE_LEN];
};

static bool
done_has_school(const struct done *d, const char *school)
{
	const struct hak_participation *p = d->v;
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(p[i].v[HAK_PT_SCHOOL], school))
			return true;
	return false;
}

static int
enroll_one(struct hak_db *db, const char *key, void *vctx, struct done *d,
	struct hak_err *err)
{
	struct enroll_ctx *ctx = vctx;
	struct hak_participation pt = { { 0 } };
	struct hak_event ev = { 0 };
	struct hak_buf line = HAK_BUF_INIT, oldline = HAK_BUF_INIT;
	struct hak_school s;
	sqlite3_stmt *st;
	const char *vals[4];
	char *code = NULL, cnt[24];
	long long old = -1;
	int rc, src;

	if ((rc = hak_school_find(db, key, &code, err)))
		return rc;
	if (done_has_school(d, code)) {
		free(code);
		return HAK_OK;
	}
	/* a closed school takes no enrolment dated from its closing on */
	if ((rc = hak_school_usable(db, code, ctx->date, err)) ||
		(rc = hak_school_get(db, code, 0, &s, err))) {
		free(code);
		return rc;
	}
	pt.v[HAK_PT_PROJECT] = hak_xstrdup(ctx->project);
	pt.v[HAK_PT_SCHOOL] = code;
	pt.v[HAK_PT_SCHOOL_NAME] = s.name;
	s.name = NULL;
	hak_school_release(&s);
	pt.v[HAK_PT_RECIPIENT] = hak_xstrdup(ctx->recipient);
	pt.v[HAK_PT_COUNT] = hak_xasprintf("%lld", ctx->count);
	pt.v[HAK_PT_DATE] = hak_xstrdup(ctx->date);
	vals[0] = ctx->project;
	vals[1] = code;
	vals[2] = ctx->recipient;
	vals[3] = ctx->date;
	if ((rc = hak_db_stmt(db, "SELECT count FROM participations WHERE "
		"project = ? AND school = ? AND recipient = ? AND day = ?", &st,
		err)))
		goto out;
	if ((rc = hak_db_bind_texts(db, st, 1, vals, 4, err)))
		goto out;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		old = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE) {
		rc = hak_db_fail(db, src, err);
		goto out;
	}
	if (old == ctx->count)
		goto push;
	if ((rc = hak_db_stmt(db, "INSERT INTO participations(project, "
		"school, recipient, day, count) VALUES (?1, ?2, ?3, ?4, ?5) ON "
		"CONFLICT(project, school, recipient, day) DO UPDATE SET "
		"count = ?5", &st, err)))
		goto out;
	if ((rc = hak_db_bind_texts(db, st, 1, vals, 4, err)))
		goto out;
	if ((rc = hak_db_bound(db, sqlite3_bind_int64(st, 5, ctx->count), err)))
		goto out;
	if ((rc = hak_db_step_done(db, st, err)))
		goto out;
	csv_line((const char *const *)&pt.v[HAK_PT_SCHOOL], 1, &line);
	hak_buf_addf(&line, ",%s,%s,%s", ctx->recipient, pt.v[HAK_PT_COUNT],
		ctx->date);
	if (old >= 0) {
		csv_line((const char *const *)&pt.v[HAK_PT_SCHOOL], 1,
			&oldline);
		snprintf(cnt, sizeof(cnt), "%lld", old);
		hak_buf_addf(&oldline, ",%s,%s,%s", ctx->recipient, cnt,
			ctx->date);
	}
	ev.entity = "project";
	ev.key = ctx->project;
	ev.action = "enroll";
	ev.old = old >= 0 ? oldline.buf : NULL;
	ev.new = line.buf;
	if ((rc = hak_event_add(db, &ev, err)))
		goto out;
push:
	done_push(d, &pt);
	memset(&pt, 0, sizeof(pt));
out:
	hak_participation_release(&pt);
	hak_buf_release(&line);
	hak_buf_release(&oldline);
	return rc;
}

/* Whether the set s (";"-separated) holds word. */
static bool
set_has(const char *s, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = s; p && *p; p = strchr(p, ';') ? strchr(p, ';') + 1 : "")
		if (!strncmp(p, word, n) && (p[n] == ';' || !p[n]))
			return true;
	return false;
}

int
hak_project_enroll(struct hak_db *db, const struct hak_strv *keys,
	const struct hak_enroll *en, unsigned flags, FILE *report,
	const char *prog, struct hak_participation **done, size_t *n,
	struct hak_err *err)
{
	struct done d = { NULL, 0, 0, sizeof(struct hak_participation),
		release_part };
	struct enroll_ctx ctx = { en->project, NULL, -1, "" };
	struct hak_project p;
	const char *recips;
	int32_t day;
	int rc;

	*done = NULL;
	*n = 0;
	if (en->recipient && hak_project_recipient_parse(en->recipient,
		&ctx.recipient, err))
		return usage_prefix(err, "recipient");
	if (en->count) {
		if (hak_input_int(en->count, &ctx.count, err))
			return usage_prefix(err, "count");
		if (ctx.count < 0)
			return hak_err_set(err, HAK_EDATA, "count '%s' is "
				"negative", en->count);
	}
	if (en->date) {
		if (hak_input_date(en->date, &day, err))
			return usage_prefix(err, "date");
	} else {
		day = hak_time_day(hak_db_now(db));
	}
	hak_day_format(day, ctx.date);
	if ((rc = hak_project_get(db, en->project, &p, err)))
		return rc;
	recips = p.v[HAK_PJ_RECIPIENTS];
	if (!recips) {
		rc = hak_err_set(err, HAK_EDATA, "project '%s' has no "
			"recipient types (set them with --recipient)",
			en->project);
	} else if (!ctx.recipient && strchr(recips, ';')) {
		rc = hak_err_set(err, HAK_EUSAGE, "enroll: project '%s' has "
			"several recipient types (%s): give --recipient",
			en->project, recips);
	} else if (!ctx.recipient) {
		hak_project_recipient_parse(recips, &ctx.recipient, NULL);
	} else if (!set_has(recips, ctx.recipient)) {
		rc = hak_err_set(err, HAK_EDATA, "project '%s' is not for "
			"recipient '%s' (%s)", en->project, ctx.recipient,
			recips);
	}
	hak_project_release(&p);
	if (rc)
		return rc;
	if (!strcmp(ctx.recipient, "school")) {
		if (ctx.count < 0)
			ctx.count = 1;
		else if (ctx.count != 1)
			return hak_err_set(err, HAK_EDATA, "a school takes "
				"part as 1, not %lld", ctx.count);
	} else if (ctx.count < 0) {
		return hak_err_set(err, HAK_EUSAGE, "enroll: --count is "
			"required for %s", ctx.recipient);
	}
	rc = each_key(db, keys, flags, report, prog, enroll_one, &ctx, &d, err);
	*done = d.v;
	*n = d.n;
	return rc;
}

int
hak_project_participants(struct hak_db *db, const struct hak_strv *codes,
	int (*fn)(void *ctx, const struct hak_participation *p), void *ctx,
	struct hak_err *err)
{
	struct hak_participation pt;
	struct hak_project p;
	sqlite3_stmt *st;
	size_t i;
	int k, rc = HAK_OK, src;

	for (i = 0; i < codes->n; i++) {
		if ((rc = hak_project_get(db, codes->v[i], &p, err)))
			return rc;
		hak_project_release(&p);
	}
	if ((rc = hak_db_stmt(db, "SELECT p.project, p.school, s.name, "
		"p.recipient, p.count, p.day FROM participations p "
		"JOIN schools s ON s.code = p.school WHERE p.project = ? "
		"ORDER BY p.day, p.school, CASE p.recipient "
		"WHEN 'school' THEN 1 WHEN 'teacher' THEN 2 "
		"WHEN 'student' THEN 3 WHEN 'parent' THEN 4 ELSE 5 END",
		&st, err)))
		return rc;
	for (i = 0; !rc && i < codes->n; i++) {
		sqlite3_reset(st);
		if ((rc = hak_db_bound(db,
			hak_db_bind_text(st, 1, codes->v[i]), err)))
			return rc;
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			for (k = 0; k < HAK_PART_NCOLS; k++)
				pt.v[k] = hak_db_col_dup(st, k);
			rc = fn(ctx, &pt);
			hak_participation_release(&pt);
			if (rc)
				break;
		}
		if (!rc && src != SQLITE_DONE)
			rc = hak_db_fail(db, src, err);
	}
	sqlite3_reset(st);
	return rc;
}

int
hak_project_reach_each(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const struct hak_project_reach *r), void *ctx,
	struct hak_err *err)
{
	struct hak_project_reach r;
	sqlite3_stmt *st;
	int rc = HAK_OK, src;

	if ((rc = hak_db_stmt(db, "SELECT p.recipient, s.level, "
		"count(DISTINCT p.school), count(*), sum(p.count) FROM "
		"participations p JOIN schools s ON s.code = p.school WHERE "
		"p.project = ? GROUP BY p.recipient, s.level ORDER BY "
		"CASE p.recipient WHEN 'school' THEN 1 WHEN 'teacher' THEN 2 "
		"WHEN 'student' THEN 3 WHEN 'parent' THEN 4 ELSE 5 END, "
		"CASE s.level WHEN 'kindergarten' THEN 1 "
		"WHEN 'elementary' THEN 2 WHEN 'middle' THEN 3 "
		"WHEN 'high' THEN 4 WHEN 'special' THEN 5 ELSE 6 END", &st,
		err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		r.recipient = hak_db_col(st, 0);
		r.level = hak_db_col(st, 1);
		r.schools = sqlite3_column_int64(st, 2);
		r.records = sqlite3_column_int64(st, 3);
		r.count = sqlite3_column_int64(st, 4);
		if ((rc = fn(ctx, &r)))
			break;
	}
	sqlite3_reset(st);
	if (!rc && src != SQLITE_DONE)
		rc = hak_db_fail(db, src, err);
	return rc;
}

#define RECIPIENT_ORDER(c) "CASE " c " WHEN 'school' THEN 1 " \
	"WHEN 'teacher' THEN 2 WHEN 'student' THEN 3 WHEN 'parent' THEN 4 " \
	"WHEN 'staff' THEN 5 ELSE 6 END"

int
hak_project_reach_period(struct hak_db *db, int32_t first, int32_t last,
	const char *code,
	int (*fn)(void *ctx, const struct hak_project_reached *r), void *ctx,
	struct hak_err *err)
{
	struct hak_project_reached r;
	char from[HAK_DATE_LEN], to[HAK_DATE_LEN];
	sqlite3_stmt *st;
	int rc = HAK_OK, src;

	if ((rc = hak_db_stmt(db, "WITH p AS (SELECT project, school, "
		"recipient, count FROM participations WHERE day BETWEEN ?1 "
		"AND ?2 AND (?3 IS NULL OR project = ?3)) "
		"SELECT * FROM ("
		"SELECT project AS pj, recipient AS rc, count(DISTINCT school), "
		"count(*), sum(count) FROM p GROUP BY project, recipient "
		"UNION ALL SELECT project, NULL, count(DISTINCT school), "
		"count(*), -1 FROM p GROUP BY project "
		"UNION ALL SELECT NULL, recipient, count(DISTINCT school), "
		"count(*), sum(count) FROM p GROUP BY recipient "
		"UNION ALL SELECT NULL, NULL, count(DISTINCT school), "
		"count(*), -1 FROM p GROUP BY 1 = 1) "
		"ORDER BY pj IS NULL, pj, " RECIPIENT_ORDER("rc"), &st, err)))
		return rc;
	hak_day_format(first, from);
	hak_day_format(last, to);
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, from), err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 2, to), err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 3, code), err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		r.project = hak_db_col(st, 0);
		r.recipient = hak_db_col(st, 1);
		r.schools = sqlite3_column_int64(st, 2);
		r.records = sqlite3_column_int64(st, 3);
		r.count = sqlite3_column_int64(st, 4);
		if ((rc = fn(ctx, &r)))
			break;
	}
	sqlite3_reset(st);
	if (!rc && src != SQLITE_DONE)
		rc = hak_db_fail(db, src, err);
	return rc;
}

int
hak_project_requests_each(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err)
{
	const char *cells[HAK_PROJECT_REQ_NCOLS];
	sqlite3_stmt *st;
	int i, rc = HAK_OK, src;

	if ((rc = hak_db_stmt(db, "SELECT id, title, status, school, "
		"received_at FROM requests WHERE project = ? ORDER BY id", &st,
		err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < HAK_PROJECT_REQ_NCOLS; i++)
			cells[i] = hak_db_col(st, i);
		if ((rc = fn(ctx, cells)))
			break;
	}
	sqlite3_reset(st);
	if (!rc && src != SQLITE_DONE)
		rc = hak_db_fail(db, src, err);
	return rc;
}

/* The (all) rows of a linked survey's results, as surveys_each gives them. */
struct headline {
	const struct hak_strv *want;	/* question ids; none: every one */
	int (*fn)(void *ctx, const char *const *cells);
	void *ctx;
	int col[HAK_PROJECT_SURVEY_NCOLS];	/* in the results' cells */
};

static int
headline_row(void *ctx, const char *const *cells, size_t n)
{
	struct headline *h = ctx;
	const char *out[HAK_PROJECT_SURVEY_NCOLS];
	size_t i;

	(void)n;
	if (strcmp(cells[2], "(all)"))
		return 0;
	for (i = 0; i < h->want->n && strcmp(h->want->v[i], cells[1]); i++)
		;
	if (h->want->n && i == h->want->n)
		return 0;
	for (i = 0; i < HAK_PROJECT_SURVEY_NCOLS; i++)
		out[i] = cells[h->col[i]];
	return h->fn(h->ctx, out);
}

/*
 * The questions of survey code that the config's headline names
 * ("survey/question"); none when it names none of them.
 */
static void
headline_questions(struct hak_db *db, const char *code, struct hak_strv *out)
{
	const struct hak_config *cfg = hak_db_config(db);
	size_t i, len = strlen(code);

	for (i = 0; cfg && i < cfg->headline.n; i++) {
		const char *h = cfg->headline.v[i];

		if (!strncmp(h, code, len) && h[len] == '/')
			hak_strv_push(out, h + len + 1);
	}
}

int
hak_project_surveys_each(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err)
{
	static const char sql[] = "SELECT code FROM surveys WHERE project = ? "
		"ORDER BY code";
	struct hak_survey_results_opts o = { 0 };
	struct hak_strv codes = HAK_STRV_INIT, want = HAK_STRV_INIT;
	struct headline h = { &want, fn, ctx, { 0 } };
	sqlite3_stmt *st;
	size_t i, k;
	int rc, src;

	for (i = 0; i < HAK_PROJECT_SURVEY_NCOLS; i++)
		for (k = 0; k < HAK_SURVEY_RESULT_NCOLS; k++)
			if (!strcmp(hak_project_survey_cols[i].name,
				hak_survey_result_cols[k].name))
				h.col[i] = (int)k;
	if ((rc = hak_db_stmt(db, sql, &st, err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		hak_strv_push(&codes, hak_db_col(st, 0));
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		rc = hak_db_fail(db, src, err);
	for (i = 0; !rc && i < codes.n; i++) {
		hak_strv_clear(&want);
		headline_questions(db, codes.v[i], &want);
		o.code = codes.v[i];
		rc = hak_survey_results(db, &o, headline_row, &h, err);
	}
	hak_strv_clear(&want);
	hak_strv_clear(&codes);
	return rc;
}

/* --- import --- */

static int
import_row(struct hak_db *db, void *ctx, const struct hak_import_row *row,
	enum hak_import_result *res, struct hak_err *err)
{
	struct hak_project_change ch = { { 0 } };
	struct hak_project blank = { { 0 } }, old, new = { { 0 } };
	const char *code = row->cells[HAK_PJ_CODE];
	bool exists, changed;
	int i, bad, rc;

	(void)ctx;
	if (!code)
		return hak_err_set(err, HAK_EDATA, "code: missing");
	if ((rc = hak_project_code_check(code, err))) {
		hak_err_prefix(err, "code");
		return rc;
	}
	for (i = HAK_PJ_NAME; i < HAK_PROJECT_NCOLS; i++)
		if (row->present[i])
			ch.v[i] = row->cells[i] ? row->cells[i] : "";
	rc = hak_project_get(db, code, &old, err);
	if (rc && rc != HAK_ENOMATCH)
		return rc;
	exists = rc == HAK_OK;
	if (!exists) {
		blank.v[HAK_PJ_STATUS] = (char *)"planned";
		blank.v[HAK_PJ_IS_NEW] = (char *)"0";
	}
	rc = apply_change(db, exists ? &old : &blank, &ch, true, &new, &bad,
		err);
	if (rc) {
		hak_err_prefix(err, "%s", hak_project_cols[bad].name);
		rc = HAK_EDATA;
		goto out;
	}
	if (!exists && (!new.v[HAK_PJ_NAME] || !new.v[HAK_PJ_DEPT])) {
		/* a new project needs its required columns (SPEC 2.10) */
		rc = hak_err_set(err, HAK_EDATA, "%s%s%s: missing (a new "
			"project needs its name and department)",
			new.v[HAK_PJ_NAME] ? "" : "name",
			!new.v[HAK_PJ_NAME] && !new.v[HAK_PJ_DEPT] ? ", " : "",
			new.v[HAK_PJ_DEPT] ? "" : "department");
		goto out;
	}
	for (i = HAK_PJ_NAME; i < HAK_PROJECT_NCOLS; i++)
		if ((rc = hak_import_change(row, code, hak_project_cols[i].name,
			exists ? old.v[i] : NULL, new.v[i], err)))
			goto out;
	if (!exists) {
		new.v[HAK_PJ_CODE] = hak_xstrdup(code);
		rc = project_insert(db, &new, err);
		*res = HAK_IMPORT_NEW;
	} else {
		rc = project_update(db, &old, &new, &changed, err);
		*res = changed ? HAK_IMPORT_UPDATED : HAK_IMPORT_SAME;
	}
out:
	if (exists)
		hak_project_release(&old);
	hak_project_release(&new);
	return rc;
}

/* The headers each column is also known by, by column (hak-csv(5)). */
static const char *const *const project_headers[HAK_PROJECT_NCOLS] = {
	(const char *const[]){ "사업코드", "과제코드", NULL },
	(const char *const[]){ "사업명", "과제명", NULL },
	(const char *const[]){ "담당부서", "부서", NULL },
	(const char *const[]){ "사업분야", "분야", NULL },
	(const char *const[]){ "대상", "지원대상", NULL },
	(const char *const[]){ "연도", "사업연도", NULL },
	(const char *const[]){ "시작일", "사업시작일", NULL },
	(const char *const[]){ "종료일", "사업종료일", NULL },
	(const char *const[]){ "상태", "진행상태", NULL },
	(const char *const[]){ "신규여부", "신규", NULL },
	(const char *const[]){ "목표", "목표치", NULL },
	(const char *const[]){ "예산", "예산액", NULL },
	(const char *const[]){ "설명", "사업내용", NULL }
};

int
hak_project_import(struct hak_db *db, const struct hak_import_opts *opts,
	struct hak_import_stats *st, struct hak_err *err)
{
	struct hak_import_col cols[HAK_PROJECT_NCOLS];
	struct hak_import_spec spec = { "project", cols, HAK_PROJECT_NCOLS,
		import_row, NULL, false, NULL, 0 };
	int i;

	for (i = 0; i < HAK_PROJECT_NCOLS; i++) {
		cols[i].name = hak_project_cols[i].name;
		cols[i].headers = project_headers[i];
		/* a new project's name and department are checked by
		 * row: a file may hold any subset (SPEC 2.10) */
		cols[i].required = i == HAK_PJ_CODE;
	}
	return hak_import_run_keyed(db, &spec, "code", opts, st, err);
}

/* --- completions --- */

int
hak_project_codes(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err)
{
	return hak_db_words(db, "SELECT code FROM projects ORDER BY code", out,
		err);
}

int
hak_project_depts(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err)
{
	const struct hak_config *cfg = hak_db_config(db);
	size_t i;

	(void)err;
	for (i = 0; i < cfg->ndepts; i++)
		if (cfg->depts[i].active)
			hak_strv_push(out, cfg->depts[i].code);
	return HAK_OK;
}

/* --- the demo --- */

/* Projects of the demo: each runs every year from its first (0 = two
 * years before now, 2 = this year) and is new in that first year. */
static const struct {
	const char *dept, *name, *area, *recipients;
	int first;
	long target, budget;	/* budget in units of 1,000 won */
} demo_projects[] = {
	{ "EDU", "교원 수업코칭", "수업 혁신", "teacher", 0, 300, 45000 },
	{ "EDU", "기초학력 맞춤 지원", "기초학력", "student;teacher", 0, 1200,
		120000 },
	{ "EDU", "찾아가는 진로교육", "진로", "student", 0, 3000, 60000 },
	{ "EDU", "학부모 교육 아카데미", "학부모", "parent", 1, 800, 25000 },
	{ "EDU", "신규교사 멘토링", "교원 역량", "teacher", 1, 150, 18000 },
	{ "EDU", "디지털 교육 역량 연수", "디지털", "teacher;staff", 2, 400,
		30000 },
	{ "ADM", "행정업무 경감 컨설팅", "업무 경감", "school;staff", 0, 60,
		40000 },
	{ "ADM", "학교회계 실무 지원", "회계", "staff", 0, 200, 22000 },
	{ "ADM", "교무행정 지원인력 연수", "업무 경감", "staff", 1, 250, 15000 },
	{ "ADM", "업무포털 활용 연수", "업무 경감", "teacher;staff", 2, 500,
		12000 },
	{ "MED", "학교폭력 관계회복 지원", "관계회복", "parent;student;teacher",
		0, 900, 50000 },
	{ "MED", "교권보호 법률 상담", "교권", "teacher", 0, 120, 35000 },
	{ "MED", "학부모 갈등조정 상담", "갈등조정", "parent", 1, 300, 20000 },
	{ "MED", "또래조정 동아리", "관계회복", "student", 2, 600, 16000 },
	{ "FAC", "찾아가는 학교시설 안전점검", "시설 안전", "school", 0, 80,
		90000 },
	{ "FAC", "에듀테크 기기 지원", "에듀테크", "school;student", 0, 50,
		300000 },
	{ "FAC", "노후 교실 환경 개선", "시설 개선", "school", 1, 30, 450000 },
	{ "FAC", "학교 네트워크 점검", "에듀테크", "school;staff", 2, 70,
		80000 },
};

/* A realistic count of people of a recipient type at one school. */
static long
demo_count(struct hak_rand *r, const char *recipient)
{
	if (!strcmp(recipient, "school"))
		return 1;
	if (!strcmp(recipient, "teacher"))
		return hak_rand_range(r, 1, 12);
	if (!strcmp(recipient, "student"))
		return hak_rand_range(r, 15, 180);
	if (!strcmp(recipient, "parent"))
		return hak_rand_range(r, 4, 45);
	return hak_rand_range(r, 1, 4);
}

/* Enroll some schools in one demo project; *made counts new records. */
static int
demo_enroll(struct hak_db *db, struct hak_rand *r,
	const struct hak_strv *schools, const struct hak_project *p,
	int32_t today, long *made, struct hak_err *err)
{
	struct hak_strv key = HAK_STRV_INIT;
	struct hak_participation *done;
	struct hak_enroll en = { 0 };
	char rbuf[64], cnt[24], date[HAK_DATE_LEN];
	const char *rs = p->v[HAK_PJ_RECIPIENTS], *q;
	int32_t first, last, day;
	long k, nschools;
	size_t i, n, len;
	int rc = HAK_OK;

	hak_day_parse(p->v[HAK_PJ_START_ON], &first, NULL);
	hak_day_parse(p->v[HAK_PJ_END_ON], &last, NULL);
	if (last > today)
		last = today;
	if (first > last || !schools->n)
		return HAK_OK;
	en.project = p->v[HAK_PJ_CODE];
	en.recipient = rbuf;
	en.count = cnt;
	en.date = date;
	nschools = hak_rand_range(r, 6, 18);
	hak_strv_push(&key, NULL);
	for (k = 0; !rc && k < nschools; k++) {
		i = (size_t)hak_rand_range(r, 0, (long)schools->n - 1);
		free(key.v[0]);
		key.v[0] = hak_xstrdup(schools->v[i]);
		day = (int32_t)hak_rand_range(r, first, last);
		hak_day_format(day, date);
		for (q = rs; !rc && q && *q; q += len + (q[len] == ';')) {
			len = strcspn(q, ";");
			snprintf(rbuf, sizeof(rbuf), "%.*s", (int)len, q);
			snprintf(cnt, sizeof(cnt), "%ld", demo_count(r, rbuf));
			rc = hak_project_enroll(db, &key, &en, 0, NULL, NULL,
				&done, &n, err);
			for (i = 0; i < n; i++)
				hak_participation_release(&done[i]);
			free(done);
			*made += (long)n;
		}
	}
	hak_strv_clear(&key);
	return rc;
}

int
hak_project_demo(struct hak_db *db, struct hak_rand *r,
	struct hak_buf *summary, struct hak_err *err)
{
	struct hak_strv schools = HAK_STRV_INIT;
	struct hak_project_change ch = { { 0 } };
	struct hak_project p;
	char code[32], year[8], start[HAK_DATE_LEN], end[HAK_DATE_LEN];
	char target[24], budget[24];
	int32_t today = hak_time_day(hak_db_now(db)), s, e;
	int now = hak_school_year_now(db), y, seq[4] = { 0 };
	long projects = 0, parts = 0;
	size_t i, dx;
	int rc;

	if ((rc = hak_school_codes(db, &schools, err)))
		return rc;
	for (y = now - 2; y <= now; y++) {
		memset(seq, 0, sizeof(seq));
		for (i = 0; i < N(demo_projects); i++) {
			if (now - 2 + demo_projects[i].first > y)
				continue;
			dx = !strcmp(demo_projects[i].dept, "EDU") ? 0 :
				!strcmp(demo_projects[i].dept, "ADM") ? 1 :
				!strcmp(demo_projects[i].dept, "MED") ? 2 : 3;
			snprintf(code, sizeof(code), "%s-%d-%02d",
				demo_projects[i].dept, y, ++seq[dx]);
			snprintf(year, sizeof(year), "%d", y);
			s = hak_day_from_ymd(y, 3, 1) +
				(int32_t)hak_rand_range(r, 0, 75);
			e = hak_day_from_ymd(y, 11, 15) +
				(int32_t)hak_rand_range(r, 0, 40);
			hak_day_format(s, start);
			hak_day_format(e, end);
			snprintf(target, sizeof(target), "%ld",
				demo_projects[i].target *
				hak_rand_range(r, 80, 120) / 100);
			snprintf(budget, sizeof(budget), "%ld000",
				demo_projects[i].budget *
				hak_rand_range(r, 90, 115) / 100);
			ch.v[HAK_PJ_NAME] = demo_projects[i].name;
			ch.v[HAK_PJ_DEPT] = demo_projects[i].dept;
			ch.v[HAK_PJ_AREA] = demo_projects[i].area;
			ch.v[HAK_PJ_RECIPIENTS] = demo_projects[i].recipients;
			ch.v[HAK_PJ_YEAR] = year;
			ch.v[HAK_PJ_START_ON] = start;
			ch.v[HAK_PJ_END_ON] = end;
			ch.v[HAK_PJ_STATUS] = e < today ? "closed" :
				s <= today ? "active" : "planned";
			ch.v[HAK_PJ_IS_NEW] = now - 2 +
				demo_projects[i].first == y ? "1" : "0";
			ch.v[HAK_PJ_TARGET] = target;
			ch.v[HAK_PJ_BUDGET] = budget;
			ch.v[HAK_PJ_DESCRIPTION] = NULL;
			if ((rc = hak_project_add(db, code, &ch, 0, &p, err)))
				goto out;
			projects++;
			rc = demo_enroll(db, r, &schools, &p, today, &parts,
				err);
			hak_project_release(&p);
			if (rc)
				goto out;
		}
	}
	hak_buf_addf(summary, ", %ld projects, %ld participations", projects,
		parts);
out:
	hak_strv_clear(&schools);
	return rc;
}

/* `hak check`: every project has its history and every history its project. */
static int
check_history(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	return hak_check_history(db, "project", "projects", "code", report, findings,
		err);
}

void
hak_project_check_add(struct hak_check *c)
{
	hak_check_add(c, "project history", check_history);
}
