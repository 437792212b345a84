/* SPDX-License-Identifier: MIT */
/*
 * Surveys (SPEC 5.4, 5.5): define, list, import of responses, listings of
 * responses and batches, drop-batch, and the `hak check` step.  The
 * definition parser is lib/survey_def.c, `results` lib/survey_results.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_int.h"
#include "hak/csvio.h"
#include "hak/date.h"
#include "hak/digest.h"
#include "hak/event.h"
#include "hak/school.h"
#include "hak/survey.h"
#include "hak/text.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct hak_col hak_survey_cols[HAK_SURVEY_NCOLS] = {
	{ "code", HAK_COL_CODE },
	{ "title", HAK_COL_PROSE },
	{ "project", HAK_COL_CODE },
	{ "population", HAK_COL_NUM },
	{ "questions", HAK_COL_NUM },
	{ "batches", HAK_COL_NUM },
	{ "responses", HAK_COL_NUM }
};

const struct hak_col hak_survey_q_cols[HAK_SURVEY_Q_NCOLS] = {
	{ "question", HAK_COL_CODE },
	{ "pos", HAK_COL_NUM },
	{ "type", HAK_COL_TEXT },
	{ "scale", HAK_COL_CODE },
	{ "points", HAK_COL_NUM },
	{ "labels", HAK_COL_PROSE },
	{ "reverse", HAK_COL_BOOL },
	{ "optional", HAK_COL_BOOL },
	{ "headers", HAK_COL_PROSE }
};

const struct hak_col hak_survey_batch_cols[HAK_SURVEY_BATCH_NCOLS] = {
	{ "batch", HAK_COL_CODE },
	{ "file", HAK_COL_PROSE },
	{ "sha256", HAK_COL_CODE },
	{ "at", HAK_COL_TEXT },
	{ "actor", HAK_COL_TEXT },
	{ "rows_read", HAK_COL_NUM },
	{ "new", HAK_COL_NUM },
	{ "same", HAK_COL_NUM },
	{ "rejected", HAK_COL_NUM },
	{ "responses", HAK_COL_NUM },
	{ "dropped_at", HAK_COL_TEXT }
};

const struct hak_col hak_survey_hist_cols[HAK_HISTORY_NCOLS] = {
	HAK_HISTORY_COLS("survey")
};

/* What a create event holds, as a CSV line. */
static const struct hak_col survey_record[5] = {
	{ "code", HAK_COL_CODE },
	{ "title", HAK_COL_PROSE },
	{ "project", HAK_COL_CODE },
	{ "population", HAK_COL_NUM },
	{ "definition", HAK_COL_CODE }
};

static const struct hak_history_record survey_records[] = {
	{ "create", survey_record, 5, true },
	{ NULL, NULL, 0, false }
};

static int
survey_exists(struct hak_db *db, const char *code, struct hak_err *err)
{
	static const char sql[] = "SELECT 1 FROM surveys WHERE code = ?";
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_stmt(db, sql, &st, err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src == SQLITE_ROW)
		return HAK_OK;
	if (src == SQLITE_DONE)
		return hak_err_set(err, HAK_ENOMATCH, "no survey '%s'", code);
	return hak_db_fail(db, src, err);
}

static int
survey_key(struct hak_db *db, const char *key, char **out,
	struct hak_err *err)
{
	int rc;

	*out = NULL;
	if ((rc = survey_exists(db, key, err)))
		return rc;
	*out = hak_xstrdup(key);
	return HAK_OK;
}

const struct hak_history hak_survey_history = {
	"survey", survey_records, false, survey_key
};

/* --- define --- */

static const char *
type_name(enum hak_survey_qtype t)
{
	return t == HAK_SURVEY_TEXT ? "text" : t == HAK_SURVEY_YESNO ?
		"yesno" : "scale";
}

/* The labels as stored: a scale's joined by "\n", else NULL. */
static char *
labels_of(const struct hak_survey_question *q)
{
	struct hak_buf b = HAK_BUF_INIT;
	size_t i;

	if (q->type != HAK_SURVEY_SCALE || !q->scale->labels.n)
		return NULL;
	for (i = 0; i < q->scale->labels.n; i++)
		hak_buf_addf(&b, "%s%s", i ? "\n" : "", q->scale->labels.v[i]);
	return hak_buf_detach(&b, NULL);
}

/* Whether the question at pos (of type) has any stored answer. */
static int
has_answers(struct hak_db *db, const char *code, const char *type, int pos,
	bool *yes, struct hak_err *err)
{
	static const char sql_a[] = "SELECT EXISTS (SELECT 1 FROM "
		"survey_responses WHERE survey = ?1 AND substr(answers, ?2, 1) "
		"NOT IN ('', '.'))";
	static const char sql_t[] = "SELECT EXISTS (SELECT 1 FROM survey_texts "
		"t JOIN survey_responses r ON r.id = t.response WHERE "
		"r.survey = ?1 AND t.pos = ?2)";
	bool text = !strcmp(type, "text");
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_stmt(db, text ? sql_t : sql_a, &st, err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)) ||
		(rc = hak_db_bound(db, sqlite3_bind_int(st, 2,
		text ? pos : pos + 1), err)))
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*yes = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return src == SQLITE_ROW ? HAK_OK : hak_db_fail(db, src, err);
}

static bool
same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/*
 * Bring survey_questions in line with d (an existing survey): refuse a
 * change to a question with answers; set each question's pos; *npos the
 * next free pos.
 */
static int
sync_questions(struct hak_db *db, struct hak_survey_def *d, long *npos,
	struct hak_err *err)
{
	static const char sql_get[] = "SELECT id, pos, type, points, labels "
		"FROM survey_questions WHERE survey = ? ORDER BY pos";
	static const char sql_del[] = "DELETE FROM survey_questions WHERE "
		"survey = ? AND id = ?";
	struct hak_survey_question *q;
	struct hak_strv ids = HAK_STRV_INIT, types = HAK_STRV_INIT,
		labels = HAK_STRV_INIT;
	int *pos = NULL, *points = NULL;
	size_t n = 0, i;
	sqlite3_stmt *st;
	char *lab = NULL;
	bool answered;
	int rc, src;

	if ((rc = hak_db_prepare(db, sql_get, &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, d->code), err))) {
		sqlite3_finalize(st);
		return rc;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		hak_strv_push(&ids, hak_db_col(st, 0));
		pos = hak_xreallocarray(pos, n + 1, sizeof(*pos));
		points = hak_xreallocarray(points, n + 1, sizeof(*points));
		pos[n] = sqlite3_column_int(st, 1);
		hak_strv_push(&types, hak_db_col(st, 2));
		points[n] = sqlite3_column_int(st, 3);
		hak_strv_push(&labels, hak_db_col(st, 4));
		n++;
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE) {
		rc = hak_db_fail(db, src, err);
		goto out;
	}
	for (i = 0; i < d->nquestions; i++)
		d->questions[i].pos = -1;
	for (i = 0; i < n && !rc; i++) {
		q = (struct hak_survey_question *)hak_survey_question_find(d,
			ids.v[i]);
		free(lab);
		lab = q ? labels_of(q) : NULL;
		if (q && !strcmp(type_name(q->type), types.v[i]) &&
			(q->type == HAK_SURVEY_TEXT ||
			q->scale->points == points[i]) &&
			same_text(lab, labels.v[i])) {
			q->pos = pos[i];
			continue;
		}
		if ((rc = has_answers(db, d->code, types.v[i], pos[i],
			&answered, err)))
			break;
		if (answered) {
			rc = hak_err_set(err, HAK_EDATA, "question '%s' has "
				"answers: %s", ids.v[i], q ? "its scale's "
				"type, points or labels cannot change" :
				"it cannot be removed");
			break;
		}
		if (q) {
			/* no answers yet: it keeps its pos, with the new
			 * scale (updated below) */
			q->pos = pos[i];
			continue;
		}
		rc = hak_db_run(db, err, sql_del, 2,
			(const char *const[]){ d->code, ids.v[i] });
	}
out:
	free(lab);
	hak_strv_clear(&ids);
	hak_strv_clear(&types);
	hak_strv_clear(&labels);
	free(pos);
	free(points);
	(void)npos;
	return rc;
}

/* Write every question's row (new ones take the next pos). */
static int
write_questions(struct hak_db *db, struct hak_survey_def *d, long *npos,
	struct hak_err *err)
{
	static const char sql[] = "INSERT INTO survey_questions (survey, id, "
		"pos, type, points, labels) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
		"ON CONFLICT (survey, id) DO UPDATE SET type = excluded.type, "
		"points = excluded.points, labels = excluded.labels";
	struct hak_survey_question *q;
	sqlite3_stmt *st;
	char *lab;
	size_t i;
	int rc = HAK_OK;

	for (i = 0; i < d->nquestions && !rc; i++) {
		q = &d->questions[i];
		if (q->pos < 0)
			q->pos = (int)(*npos)++;
		if ((rc = hak_db_stmt(db, sql, &st, err)))
			break;
		lab = labels_of(q);
		if (!(rc = hak_db_bind_texts(db, st, 1, (const char *const[]){
			d->code, q->id }, 2, err)) &&
			!(rc = hak_db_bound(db, sqlite3_bind_int(st, 3, q->pos),
			err)) &&
			!(rc = hak_db_bound(db, hak_db_bind_text(st, 4,
			type_name(q->type)), err)) &&
			!(rc = hak_db_bound(db, q->type == HAK_SURVEY_TEXT ?
			sqlite3_bind_null(st, 5) : sqlite3_bind_int(st, 5,
			q->scale->points), err)) &&
			!(rc = hak_db_bound(db, hak_db_bind_text(st, 6, lab),
			err)))
			rc = hak_db_step_done(db, st, err);
		free(lab);
	}
	d->npos = (int)*npos;
	return rc;
}

static int
project_exists(struct hak_db *db, const char *code, struct hak_err *err)
{
	static const char sql[] = "SELECT 1 FROM projects WHERE code = ?";
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_stmt(db, sql, &st, err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src == SQLITE_ROW)
		return HAK_OK;
	if (src == SQLITE_DONE)
		return hak_err_set(err, HAK_EDATA, "project: no project '%s'",
			code);
	return hak_db_fail(db, src, err);
}

int
hak_survey_define(struct hak_db *db, const char *text, size_t len,
	const char *name, char **code, bool *created, struct hak_err *err)
{
	static const char sql_get[] = "SELECT sha256, npos FROM surveys "
		"WHERE code = ?";
	static const char sql_ins[] = "INSERT INTO surveys (code, title, "
		"project, population, definition, sha256, npos, defined_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (code) DO "
		"UPDATE SET title = excluded.title, project = excluded.project, "
		"population = excluded.population, definition = "
		"excluded.definition, sha256 = excluded.sha256, npos = "
		"excluded.npos, defined_at = excluded.defined_at";
	struct hak_survey_def *d = NULL;
	struct hak_event ev = { 0 };
	struct hak_buf line = HAK_BUF_INIT;
	char sha[HAK_SHA256_HEX], at[HAK_TIME_LEN], pop[32], nposs[32];
	char *old = NULL, *body;
	sqlite3_stmt *st;
	long npos = 0;
	bool exists = false;
	int rc, src;

	if (code)
		*code = NULL;
	if (created)
		*created = false;
	if (memchr(text, '\0', len))
		return hak_err_set(err, HAK_EDATA, "%s: contains a NUL byte",
			name);
	if ((rc = hak_survey_def_parse(text, len, name, &d, err)))
		return rc;
	body = hak_xstrndup(text, len);
	hak_sha256_hex(body, len, sha);
	if ((rc = hak_db_begin(db, err)))
		goto out_free;
	if (d->project && (rc = project_exists(db, d->project, err)))
		goto fail;
	if ((rc = hak_db_stmt(db, sql_get, &st, err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 1, d->code), err)))
		goto fail;
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		exists = true;
		old = hak_db_col_dup(st, 0);
		npos = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE) {
		rc = hak_db_fail(db, src, err);
		goto fail;
	}
	if (exists && old && !strcmp(old, sha)) {
		/* the same text again: nothing changes */
		hak_db_rollback(db);
		goto done;
	}
	if (exists && (rc = sync_questions(db, d, &npos, err)))
		goto fail;
	if (!exists)
		for (size_t i = 0; i < d->nquestions; i++)
			d->questions[i].pos = -1;
	/* the surveys row first: survey_questions refers to it */
	hak_time_format(hak_db_now(db), at);
	snprintf(pop, sizeof(pop), "%ld", d->population);
	if ((rc = hak_db_stmt(db, sql_ins, &st, err)) ||
		(rc = hak_db_bind_texts(db, st, 1, (const char *const[]){
		d->code, d->title, d->project,
		d->population ? pop : NULL, body, sha }, 6, err)) ||
		(rc = hak_db_bound(db, sqlite3_bind_int64(st, 7, npos), err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 8, at), err)) ||
		(rc = hak_db_step_done(db, st, err)))
		goto fail;
	if ((rc = write_questions(db, d, &npos, err)))
		goto fail;
	snprintf(nposs, sizeof(nposs), "%ld", npos);
	if ((rc = hak_db_run(db, err, "UPDATE surveys SET npos = ?2 WHERE "
		"code = ?1", 2, (const char *const[]){ d->code, nposs })))
		goto fail;
	ev.entity = "survey";
	ev.key = d->code;
	if (!exists) {
		const char *cells[5] = { d->code, d->title, d->project,
			d->population ? pop : NULL, sha };

		for (int i = 0; i < 5; i++) {
			if (i)
				hak_buf_addch(&line, ',');
			if (cells[i])
				hak_csv_quote(&line, cells[i], false);
		}
		ev.action = "create";
		ev.new = line.buf;
	} else {
		ev.action = "define";
		ev.field = "definition";
		ev.old = old;
		ev.new = sha;
	}
	if ((rc = hak_event_add(db, &ev, err)) ||
		(rc = hak_db_commit(db, err)))
		goto fail;
done:
	if (created)
		*created = !exists;
	if (code)
		*code = hak_xstrdup(d->code);
	goto out_free;
fail:
	hak_db_rollback(db);
out_free:
	hak_buf_release(&line);
	free(old);
	free(body);
	hak_survey_def_free(d);
	return rc;
}

/* --- list, show --- */

static const char survey_row_sql[] = "SELECT s.code, s.title, s.project, "
	"s.population, (SELECT count(*) FROM survey_questions q WHERE "
	"q.survey = s.code), (SELECT count(*) FROM survey_batches b WHERE "
	"b.survey = s.code AND b.dropped_at IS NULL), (SELECT "
	"coalesce(sum(b.responses), 0) FROM survey_batches b WHERE "
	"b.survey = s.code AND b.dropped_at IS NULL) FROM surveys s";

static int
rows_out(struct hak_db *db, sqlite3_stmt *st, size_t ncols,
	int (*fn)(void *ctx, const char *const *cells), void *ctx, long *n,
	struct hak_err *err)
{
	const char *cells[16];
	size_t i;
	int rc = HAK_OK, src;

	*n = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++)
			cells[i] = hak_db_col(st, (int)i);
		(*n)++;
		if ((rc = fn(ctx, cells)))
			break;
	}
	if (!rc && src != SQLITE_DONE)
		rc = hak_db_fail(db, src, err);
	sqlite3_finalize(st);
	return rc;
}

int
hak_survey_each(struct hak_db *db,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err)
{
	struct hak_buf sql = HAK_BUF_INIT;
	sqlite3_stmt *st;
	long n;
	int rc;

	hak_buf_addf(&sql, "%s ORDER BY s.code", survey_row_sql);
	rc = hak_db_prepare(db, sql.buf, &st, err);
	hak_buf_release(&sql);
	if (rc)
		return rc;
	return rows_out(db, st, HAK_SURVEY_NCOLS, fn, ctx, &n, err);
}

int
hak_survey_get(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err)
{
	struct hak_buf sql = HAK_BUF_INIT;
	sqlite3_stmt *st;
	long n;
	int rc;

	hak_buf_addf(&sql, "%s WHERE s.code = ?", survey_row_sql);
	rc = hak_db_prepare(db, sql.buf, &st, err);
	hak_buf_release(&sql);
	if (rc)
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err))) {
		sqlite3_finalize(st);
		return rc;
	}
	if ((rc = rows_out(db, st, HAK_SURVEY_NCOLS, fn, ctx, &n, err)))
		return rc;
	return n ? HAK_OK : hak_err_set(err, HAK_ENOMATCH, "no survey '%s'",
		code);
}

int
hak_survey_questions_each(const struct hak_survey_def *d,
	int (*fn)(void *ctx, const char *const *cells), void *ctx)
{
	const struct hak_survey_question *q;
	struct hak_buf hd = HAK_BUF_INIT;
	char pos[16], points[16], *lab;
	const char *cells[HAK_SURVEY_Q_NCOLS];
	size_t i, k;
	int rc = HAK_OK;

	for (i = 0; i < d->nquestions && !rc; i++) {
		q = &d->questions[i];
		hak_buf_reset(&hd);
		for (k = 0; k < q->headers.n; k++)
			hak_buf_addf(&hd, "%s%s", k ? ";" : "", q->headers.v[k]);
		snprintf(pos, sizeof(pos), "%d", q->pos);
		snprintf(points, sizeof(points), "%d",
			q->scale ? q->scale->points : 0);
		lab = NULL;
		if (q->scale) {
			struct hak_buf lb = HAK_BUF_INIT;

			for (k = 0; k < q->scale->labels.n; k++)
				hak_buf_addf(&lb, "%s%s", k ? ";" : "",
					q->scale->labels.v[k]);
			lab = hak_buf_detach(&lb, NULL);
		}
		cells[0] = q->id;
		cells[1] = pos;
		cells[2] = type_name(q->type);
		cells[3] = q->scale ? q->scale->name : NULL;
		cells[4] = q->scale ? points : NULL;
		cells[5] = lab && *lab ? lab : NULL;
		cells[6] = q->reverse ? "1" : "0";
		cells[7] = q->optional ? "1" : "0";
		cells[8] = hd.buf;
		rc = fn(ctx, cells);
		free(lab);
	}
	hak_buf_release(&hd);
	return rc;
}

/* --- import --- */

bool
hak_survey_personal_header(const char *h)
{
	static const char *const bad[] = { "이름", "성명", "연락처", "전화",
		"휴대폰", "e-mail", "email", "이메일", "주소" };
	char *low = hak_text_nfc(h ? h : "");
	size_t i;
	bool yes = false;

	if (!low)
		return true;
	for (i = 0; low[i]; i++)
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] = (char)(low[i] + 32);
	for (i = 0; i < N(bad) && !yes; i++)
		yes = strstr(low, bad[i]) != NULL;
	free(low);
	return yes;
}

/* What each import column is. */
enum colkind { COL_FIELD, COL_QUESTION, COL_KEEP };

#define SCHOOL_CACHE 512

struct imp {
	struct hak_survey_def *d;
	struct hak_import_stats *st;
	struct hak_import_col *cols;
	const char ***hdrs;
	enum colkind *kind;
	size_t *ref;		/* index in d->fields / d->questions */
	size_t ncols;
	int school_f, submitted_f;	/* field index or -1 */
	char *answers;		/* npos + 1 */
	struct hak_buf ident, json, text;
	unsigned char identity[32];
	char when[HAK_TIME_LEN];
	const char **vals;	/* per field: the value stored */
	struct hak_buf mapbuf;
	/* the identities of this file found stored already (before, or by
	 * the file's first occurrence): open addressing of their 64-bit
	 * keys, with the occurrences met so far (see import_row) */
	struct seen {
		uint64_t key;	/* 0: empty */
		long n;
	} *seen;
	size_t nseen, aseen;
	struct {
		char *cell, *code;
		bool known;
	} schools[SCHOOL_CACHE];
	bool batch_row;
	long responses;
	size_t *json_cols;	/* the columns kept in fields, by name */
	size_t njson;
};

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* The slot of key k, or NULL. */
static struct seen *
seen_find(const struct imp *m, uint64_t k)
{
	size_t i;

	if (!m->aseen)
		return NULL;
	for (i = (size_t)mix(k) & (m->aseen - 1); m->seen[i].key;
		i = (i + 1) & (m->aseen - 1))
		if (m->seen[i].key == k)
			return &m->seen[i];
	return NULL;
}

/* Add key k (not there yet) with n occurrences. */
static void
seen_add(struct imp *m, uint64_t k, long n)
{
	struct seen *old = m->seen;
	size_t i, j, na = m->aseen;

	if ((m->nseen + 1) * 2 > m->aseen) {
		m->aseen = m->aseen ? m->aseen * 2 : 1024;
		m->seen = hak_xcalloc(m->aseen, sizeof(*m->seen));
		for (j = 0; j < na; j++) {
			if (!old[j].key)
				continue;
			for (i = (size_t)mix(old[j].key) & (m->aseen - 1);
				m->seen[i].key; i = (i + 1) & (m->aseen - 1))
				;
			m->seen[i] = old[j];
		}
		free(old);
	}
	for (i = (size_t)mix(k) & (m->aseen - 1); m->seen[i].key;
		i = (i + 1) & (m->aseen - 1))
		;
	m->seen[i].key = k;
	m->seen[i].n = n;
	m->nseen++;
}

/* The identity's first 8 bytes as a key (never 0). */
static uint64_t
identity_key(const struct imp *m)
{
	uint64_t k = 0;
	int i;

	for (i = 0; i < 8; i++)
		k = (k << 8) | m->identity[i];
	return k ? k : 1;
}

/* The batch that stored (identity, 1) into *batch. */
static int
first_batch(struct hak_db *db, const struct imp *m, long long *batch,
	struct hak_err *err)
{
	static const char sql[] = "SELECT batch FROM survey_responses WHERE "
		"identity = ? AND ordinal = 1";
	sqlite3_stmt *st;
	int rc, src;

	*batch = 0;
	if ((rc = hak_db_stmt(db, sql, &st, err)) ||
		(rc = hak_db_bound(db, sqlite3_bind_blob(st, 1, m->identity, 32,
		SQLITE_STATIC), err)))
		return rc;
	if ((src = sqlite3_step(st)) == SQLITE_ROW)
		*batch = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HAK_OK :
		hak_db_fail(db, src, err);
}

static unsigned
str_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The school of a cell (SPEC 4), cached; *code NULL for an unknown one
 * when unknown_school is missing. */
static int
school_of(struct hak_db *db, struct imp *m, const char *cell,
	const char **code, struct hak_err *err)
{
	unsigned h = str_hash(cell) % SCHOOL_CACHE;
	char *found = NULL;
	int rc;

	if (m->schools[h].cell && !strcmp(m->schools[h].cell, cell)) {
		*code = m->schools[h].code;
		return HAK_OK;
	}
	rc = hak_school_find(db, cell, &found, err);
	if (rc == HAK_ENOMATCH && m->d->unknown_school_missing)
		rc = HAK_OK;
	else if (rc == HAK_ENOMATCH)
		rc = HAK_EDATA;
	if (rc) {
		hak_err_prefix(err, "school");
		return rc;
	}
	free(m->schools[h].cell);
	free(m->schools[h].code);
	m->schools[h].cell = hak_xstrdup(cell);
	m->schools[h].code = found;
	*code = found;
	return HAK_OK;
}

/* The value a field's cell stands for. */
static int
field_value(struct imp *m, const struct hak_survey_field *f,
	const char *cell, const char **out, struct hak_err *err)
{
	struct hak_buf allowed = HAK_BUF_INIT;
	size_t i;
	int rc;

	*out = cell;
	if (!cell || !f->map_from.n)
		return HAK_OK;
	hak_buf_reset(&m->mapbuf);
	/* the normalised form of the cell, as the map's spellings */
	for (const unsigned char *p = (const unsigned char *)cell; *p; p++)
		if (*p != ' ' && *p != '\t')
			hak_buf_addch(&m->mapbuf, *p >= 'A' && *p <= 'Z' ?
				*p + 32 : *p);
	for (i = 0; i < f->map_from.n; i++)
		if (!strcmp(f->map_from.v[i], m->mapbuf.buf)) {
			*out = f->map_to.v[i];
			return HAK_OK;
		}
	for (i = 0; i < f->map_to.n; i++)
		if (!i || strcmp(f->map_to.v[i], f->map_to.v[i - 1]))
			hak_buf_addf(&allowed, "%s%s", allowed.len ? ", " : "",
				f->map_to.v[i]);
	rc = hak_err_set(err, HAK_EDATA, "%s: '%s' is not in the map (%s)",
		f->name, cell, allowed.buf);
	hak_buf_release(&allowed);
	return rc;
}

/* Append a length-prefixed part to the identity text. */
/* n in decimal then ':' at p; the bytes written. */
static size_t
put_len(char *p, size_t n)
{
	char d[24];
	size_t k = sizeof(d);

	d[--k] = ':';
	do {
		d[--k] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	memcpy(p, d + k, sizeof(d) - k);
	return sizeof(d) - k;
}

/* "LEN:TAG" "LEN:VALUE" then a line end: no text can pass for another.
 * One grow per cell: this runs for every cell of every row. */
static void
ident_add(struct hak_buf *b, const char *tag, const char *s)
{
	size_t tl = strlen(tag), sl = strlen(s);
	char *p;

	hak_buf_grow(b, tl + sl + 50);
	p = b->buf + b->len;
	p += put_len(p, tl);
	memcpy(p, tag, tl);
	p += tl;
	p += put_len(p, sl);
	memcpy(p, s, sl);
	p += sl;
	*p++ = '\n';
	*p = '\0';
	b->len = (size_t)(p - b->buf);
}

static int
hexval(int c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

static int
answer_error(const struct hak_survey_question *q, const char *cell,
	struct hak_err *err)
{
	const struct hak_survey_scale *s = q->scale;

	if (s->type == HAK_SURVEY_YESNO)
		return hak_err_set(err, HAK_EDATA, "%s: '%s' is not an answer "
			"of yes/no scale %s", q->id, cell, s->name);
	return hak_err_set(err, HAK_EDATA, "%s: '%s' is not an answer of "
		"scale %s (1 to %d%s)", q->id, cell, s->name, s->points,
		s->labels.n ? " or its labels" : "");
}

static int
import_row(struct hak_db *db, void *ctx, const struct hak_import_row *row,
	enum hak_import_result *res, struct hak_err *err)
{
	static const char sql_resp[] = "INSERT INTO survey_responses (survey, "
		"batch, row, identity, ordinal, submitted_at, school, fields, "
		"answers) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
		"ON CONFLICT (identity, ordinal) DO NOTHING";
	static const char sql_text[] = "INSERT INTO survey_texts (response, "
		"pos, text) VALUES (?, ?, ?)";
	static const char sql_batch[] = "INSERT INTO survey_batches (batch, "
		"survey, responses) VALUES (?, ?, 0)";
	struct imp *m = ctx;
	const struct hak_survey_def *d = m->d;
	const struct hak_survey_question *q;
	const char *school = NULL, *cell, *v;
	char hex[HAK_SHA256_HEX];
	struct seen *seen;
	sqlite3_stmt *st;
	size_t i, nj = 0;
	long ordinal;
	long long first;
	uint64_t key;
	int64_t t;
	int value, rc;
	bool texts = false, inserted;

	/* validate everything first: a refused row writes nothing */
	memset(m->answers, HAK_SURVEY_ANS_MISSING, (size_t)d->npos);
	m->answers[d->npos] = '\0';
	hak_buf_reset(&m->ident);
	hak_buf_adds(&m->ident, d->code);
	hak_buf_addch(&m->ident, '\n');
	m->when[0] = '\0';
	for (i = 0; i < m->ncols; i++) {
		cell = row->cells[i];
		/* kept columns are no part of the identity: importing with
		 * or without --keep-column finds the same responses */
		if (cell && m->kind[i] != COL_KEEP)
			ident_add(&m->ident, m->cols[i].name, cell);
		if (m->kind[i] == COL_FIELD) {
			const struct hak_survey_field *f = &d->fields[m->ref[i]];

			if ((rc = field_value(m, f, cell, &v, err)))
				return rc;
			m->vals[m->ref[i]] = v;
			if ((int)m->ref[i] == m->school_f && cell &&
				(rc = school_of(db, m, cell, &school, err)))
				return rc;
			if ((int)m->ref[i] == m->submitted_f && cell) {
				struct hak_err e;

				if (hak_input_time(cell, &t, &e))
					return hak_err_set(err, HAK_EDATA,
						"%s: %s", f->name, e.msg);
				hak_time_format(t, m->when);
			}
			continue;
		}
		if (m->kind[i] != COL_QUESTION)
			continue;
		q = &d->questions[m->ref[i]];
		if (q->type == HAK_SURVEY_TEXT) {
			texts = texts || cell;
			continue;
		}
		switch (hak_survey_answer_parse(q->scale, cell, &value)) {
		case HAK_SURVEY_A_VALUE:
			m->answers[q->pos] = HAK_SURVEY_ANS(value);
			break;
		case HAK_SURVEY_A_NA:
			m->answers[q->pos] = HAK_SURVEY_ANS_NA;
			break;
		case HAK_SURVEY_A_MISSING:
			break;
		default:
			return answer_error(q, cell, err);
		}
	}
	hak_sha256_hex(m->ident.buf, m->ident.len, hex);
	for (i = 0; i < 32; i++)
		m->identity[i] = (unsigned char)(hexval(hex[2 * i]) << 4 |
			hexval(hex[2 * i + 1]));
	/* the other fields and the kept columns, keys sorted (m->json_cols
	 * is their order, made once) */
	hak_buf_reset(&m->json);
	for (i = 0; i < m->njson; i++) {
		size_t c = m->json_cols[i];

		v = m->kind[c] == COL_FIELD ? m->vals[m->ref[c]] :
			row->cells[c];
		if (!v)
			continue;
		hak_buf_addch(&m->json, nj++ ? ',' : '{');
		hak_out_json_string(&m->json, m->cols[c].name);
		hak_buf_addch(&m->json, ':');
		hak_out_json_string(&m->json, v);
	}
	if (nj)
		hak_buf_addch(&m->json, '}');
	/*
	 * The k-th row of this file with an identity is its ordinal k.  A
	 * first occurrence takes 1; only identities found stored already
	 * are remembered (with their occurrences), so a file of new
	 * responses costs no memory per row: when (identity, 1) is there
	 * and unknown here, this file's first occurrence stored it (this is
	 * the second) or an earlier batch did (this is the first).
	 */
	key = identity_key(m);
	seen = seen_find(m, key);
	ordinal = seen ? seen->n + 1 : 1;

	/* write */
	if (!m->batch_row) {
		char b[32];

		snprintf(b, sizeof(b), "%lld", m->st->batch_id);
		if ((rc = hak_db_run(db, err, sql_batch, 2,
			(const char *const[]){ b, d->code })))
			return rc == HAK_EDATA ? HAK_EBUG : rc;
		m->batch_row = true;
	}
	if ((rc = hak_db_stmt(db, sql_resp, &st, err)) ||
		(rc = hak_db_bound(db, hak_db_bind_static(st, 1, d->code),
		err)) ||
		(rc = hak_db_bound(db, sqlite3_bind_int64(st, 2,
		m->st->batch_id), err)) ||
		(rc = hak_db_bound(db, sqlite3_bind_int64(st, 3, row->row),
		err)) ||
		(rc = hak_db_bound(db, sqlite3_bind_blob(st, 4, m->identity, 32,
		SQLITE_STATIC), err)) ||
		(rc = hak_db_bound(db, sqlite3_bind_int64(st, 5, ordinal),
		err)) ||
		(rc = hak_db_bound(db, hak_db_bind_static(st, 6,
		m->when[0] ? m->when : NULL), err)) ||
		(rc = hak_db_bound(db, hak_db_bind_static(st, 7, school),
		err)) ||
		(rc = hak_db_bound(db, hak_db_bind_static(st, 8,
		nj ? m->json.buf : NULL), err)) ||
		(rc = hak_db_bound(db, hak_db_bind_static(st, 9, m->answers),
		err)))
		return rc == HAK_EDATA ? HAK_EBUG : rc;
	for (;;) {
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			sqlite3_reset(st);
			rc = hak_db_fail(db, rc, err);
			return rc == HAK_EDATA ? HAK_EBUG : rc;
		}
		sqlite3_reset(st);
		inserted = sqlite3_changes(db->sql) != 0;
		if (seen) {
			seen->n = ordinal;
			break;
		}
		if (inserted)
			break;
		if ((rc = first_batch(db, m, &first, err)))
			return rc == HAK_EDATA ? HAK_EBUG : rc;
		if (first != m->st->batch_id) {
			seen_add(m, key, 1);
			break;
		}
		/* the second occurrence in this file */
		seen_add(m, key, 1);
		seen = seen_find(m, key);
		ordinal = 2;
		if ((rc = hak_db_bound(db, sqlite3_bind_int64(st, 5, ordinal),
			err)))
			return rc == HAK_EDATA ? HAK_EBUG : rc;
	}
	if (!inserted) {
		*res = HAK_IMPORT_SAME;
		return HAK_OK;
	}
	*res = HAK_IMPORT_NEW;
	m->responses++;
	if (!texts)
		return HAK_OK;
	{
		sqlite3_int64 id = sqlite3_last_insert_rowid(db->sql);

		for (i = 0; i < m->ncols; i++) {
			if (m->kind[i] != COL_QUESTION || !row->cells[i])
				continue;
			q = &d->questions[m->ref[i]];
			if (q->type != HAK_SURVEY_TEXT)
				continue;
			hak_buf_reset(&m->text);
			hak_survey_scrub(row->cells[i], &m->text);
			if ((rc = hak_db_stmt(db, sql_text, &st, err)) ||
				(rc = hak_db_bound(db, sqlite3_bind_int64(st, 1,
				id), err)) ||
				(rc = hak_db_bound(db, sqlite3_bind_int(st, 2,
				q->pos), err)) ||
				(rc = hak_db_bound(db, hak_db_bind_static(st, 3,
				m->text.buf), err)) ||
				(rc = hak_db_step_done(db, st, err)))
				return rc == HAK_EDATA ? HAK_EBUG : rc;
		}
	}
	return HAK_OK;
}

/* After the last row: the batch's row of survey_batches, its count. */
static int
import_end(struct hak_db *db, void *ctx, struct hak_err *err)
{
	static const char sql_ins[] = "INSERT INTO survey_batches (batch, "
		"survey, responses) VALUES (?, ?, ?)";
	static const char sql_upd[] = "UPDATE survey_batches SET responses = ? "
		"WHERE batch = ?";
	struct imp *m = ctx;
	sqlite3_stmt *st;
	char ev_batch[32], note[64];
	struct hak_event ev = { 0 };
	int rc;

	if (!m->batch_row) {
		if ((rc = hak_db_stmt(db, sql_ins, &st, err)) ||
			(rc = hak_db_bound(db, sqlite3_bind_int64(st, 1,
			m->st->batch_id), err)) ||
			(rc = hak_db_bound(db, hak_db_bind_text(st, 2,
			m->d->code), err)) ||
			(rc = hak_db_bound(db, sqlite3_bind_int64(st, 3,
			m->responses), err)) ||
			(rc = hak_db_step_done(db, st, err)))
			return rc;
		m->batch_row = true;
	} else if ((rc = hak_db_stmt(db, sql_upd, &st, err)) ||
		(rc = hak_db_bound(db, sqlite3_bind_int64(st, 1, m->responses),
		err)) ||
		(rc = hak_db_bound(db, sqlite3_bind_int64(st, 2,
		m->st->batch_id), err)) ||
		(rc = hak_db_step_done(db, st, err)))
		return rc;
	snprintf(ev_batch, sizeof(ev_batch), "%lld", m->st->batch_id);
	snprintf(note, sizeof(note), "%ld new responses", m->responses);
	ev.entity = "survey";
	ev.key = m->d->code;
	ev.action = "import";
	ev.field = "batch";
	ev.new = ev_batch;
	ev.note = note;
	return hak_event_add(db, &ev, err);
}

static void
imp_release(struct imp *m)
{
	size_t i;

	for (i = 0; i < m->ncols; i++)
		free(m->hdrs[i]);
	free(m->hdrs);
	free(m->cols);
	free(m->kind);
	free(m->ref);
	free(m->answers);
	free(m->vals);
	free(m->seen);
	free(m->json_cols);
	hak_buf_release(&m->ident);
	hak_buf_release(&m->json);
	hak_buf_release(&m->text);
	hak_buf_release(&m->mapbuf);
	for (i = 0; i < SCHOOL_CACHE; i++) {
		free(m->schools[i].cell);
		free(m->schools[i].code);
	}
	hak_survey_def_free(m->d);
}

static void
add_col(struct imp *m, const char *name, const struct hak_strv *headers,
	bool required, enum colkind kind, size_t ref)
{
	size_t i = m->ncols++, k;

	m->cols[i].name = name;
	m->cols[i].required = required;
	m->hdrs[i] = hak_xcalloc(headers ? headers->n + 1 : 1,
		sizeof(**m->hdrs));
	for (k = 0; headers && k < headers->n; k++)
		m->hdrs[i][k] = headers->v[k];
	m->cols[i].headers = m->hdrs[i];
	m->kind[i] = kind;
	m->ref[i] = ref;
}

int
hak_survey_import(struct hak_db *db, const struct hak_survey_import_opts *so,
	const struct hak_import_opts *opts, struct hak_import_stats *st,
	struct hak_err *err)
{
	struct imp *m;
	struct hak_import_spec spec = { 0 };
	const struct hak_survey_def *d;
	size_t i, k, n;
	int rc;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < so->nkeep; i++)
		if (hak_survey_personal_header(so->keep[i]))
			return hak_err_set(err, HAK_EUSAGE, "--keep-column '%s': "
				"looks like a name, contact or address; such "
				"columns are never stored", so->keep[i]);
	m = hak_xcalloc(1, sizeof(*m));
	if ((rc = hak_survey_load(db, so->code, &m->d, err))) {
		free(m);
		return rc;
	}
	d = m->d;
	n = d->nfields + d->nquestions + so->nkeep;
	m->cols = hak_xcalloc(n ? n : 1, sizeof(*m->cols));
	m->hdrs = hak_xcalloc(n ? n : 1, sizeof(*m->hdrs));
	m->kind = hak_xcalloc(n ? n : 1, sizeof(*m->kind));
	m->ref = hak_xcalloc(n ? n : 1, sizeof(*m->ref));
	m->vals = hak_xcalloc(d->nfields ? d->nfields : 1, sizeof(*m->vals));
	m->answers = hak_xmalloc((size_t)d->npos + 1);
	m->st = st;
	m->school_f = m->submitted_f = -1;
	for (i = 0; i < d->nfields; i++) {
		if (!strcmp(d->fields[i].name, "school"))
			m->school_f = (int)i;
		if (!strcmp(d->fields[i].name, "submitted_at"))
			m->submitted_f = (int)i;
		add_col(m, d->fields[i].name, &d->fields[i].headers, true,
			COL_FIELD, i);
	}
	for (i = 0; i < d->nquestions; i++)
		add_col(m, d->questions[i].id, &d->questions[i].headers,
			!d->questions[i].optional, COL_QUESTION, i);
	for (i = 0; i < so->nkeep; i++) {
		for (k = 0; k < m->ncols; k++)
			if (!strcasecmp(m->cols[k].name, so->keep[i]))
				break;
		if (k < m->ncols) {
			rc = hak_err_set(err, HAK_EUSAGE, "--keep-column '%s': "
				"already a field or question of survey '%s'",
				so->keep[i], d->code);
			goto out;
		}
		add_col(m, so->keep[i], NULL, true, COL_KEEP, i);
	}
	/* the columns that go into fields, sorted by name (few: a
	 * selection sort) */
	m->json_cols = hak_xcalloc(m->ncols ? m->ncols : 1,
		sizeof(*m->json_cols));
	for (i = 0; i < m->ncols; i++)
		if (m->kind[i] == COL_KEEP || (m->kind[i] == COL_FIELD &&
			(int)m->ref[i] != m->school_f &&
			(int)m->ref[i] != m->submitted_f))
			m->json_cols[m->njson++] = i;
	for (i = 0; i + 1 < m->njson; i++)
		for (k = i + 1; k < m->njson; k++)
			if (strcmp(m->cols[m->json_cols[k]].name,
				m->cols[m->json_cols[i]].name) < 0) {
				size_t t = m->json_cols[i];

				m->json_cols[i] = m->json_cols[k];
				m->json_cols[k] = t;
			}
	spec.entity = "survey";
	spec.cols = m->cols;
	spec.ncols = m->ncols;
	spec.row = import_row;
	spec.ctx = m;
	spec.end = import_end;
	/* the rows are appended; only the identity index is written all
	 * over: a 3 MiB cache keeps peak memory flat in the input (100,000
	 * responses within 1.2x of 10,000), where the driver's 12 MiB would
	 * fill only on large files */
	spec.cache_kib = 3072;
	rc = hak_import_run(db, &spec, opts, st, err);
out:
	imp_release(m);
	free(m);
	return rc;
}

/* --- responses --- */

static const char *const numbers[HAK_SURVEY_MAX_POINTS + 1] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
	"13", "14", "15", "16", "17", "18", "19", "20"
};

int
hak_survey_responses(struct hak_db *db, const char *code, bool wide,
	int (*head)(void *ctx, const struct hak_col *cols, size_t n),
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err)
{
	static const char sql_keys[] = "SELECT DISTINCT j.key FROM "
		"survey_responses r, json_each(r.fields) j WHERE r.survey = ? "
		"AND r.fields IS NOT NULL ORDER BY 1";
	static const char sql_texts[] = "SELECT pos, text FROM survey_texts "
		"WHERE response = ?";
	struct hak_survey_def *d = NULL;
	struct hak_strv keys = HAK_STRV_INIT, texts = HAK_STRV_INIT;
	struct hak_buf sql = HAK_BUF_INIT;
	struct hak_col *cols = NULL;
	const char **cells = NULL;
	sqlite3_stmt *st = NULL, *tst;
	size_t nbase, ncols, i, k, nextra;
	char num[3][32];
	const char *ans, *val;
	bool has_text = false;
	int rc, src, c;

	if ((rc = hak_survey_load(db, code, &d, err)))
		return rc;
	/* the other fields: the definition's but school and submitted_at,
	 * then the kept columns found in the stored responses */
	for (i = 0; i < d->nfields; i++)
		if (strcmp(d->fields[i].name, "school") &&
			strcmp(d->fields[i].name, "submitted_at"))
			hak_strv_push(&keys, d->fields[i].name);
	nextra = keys.n;
	if ((rc = hak_db_prepare(db, sql_keys, &st, err)))
		goto out;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		goto out;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = hak_db_col(st, 0);

		for (i = 0; i < nextra && strcmp(keys.v[i], key); i++)
			;
		if (i == nextra)
			hak_strv_push(&keys, key);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (src != SQLITE_DONE) {
		rc = hak_db_fail(db, src, err);
		goto out;
	}
	nbase = 6 + keys.n;
	ncols = nbase + (wide ? d->nquestions : 2);
	cols = hak_xcalloc(ncols, sizeof(*cols));
	cells = hak_xcalloc(ncols, sizeof(*cells));
	cols[0] = (struct hak_col){ "survey", HAK_COL_CODE };
	cols[1] = (struct hak_col){ "response", HAK_COL_CODE };
	cols[2] = (struct hak_col){ "batch", HAK_COL_CODE };
	cols[3] = (struct hak_col){ "row", HAK_COL_NUM };
	cols[4] = (struct hak_col){ "submitted_at", HAK_COL_TEXT };
	cols[5] = (struct hak_col){ "school", HAK_COL_CODE };
	for (i = 0; i < keys.n; i++)
		cols[6 + i] = (struct hak_col){ keys.v[i], HAK_COL_TEXT };
	if (wide) {
		for (i = 0; i < d->nquestions; i++)
			cols[nbase + i] = (struct hak_col){ d->questions[i].id,
				d->questions[i].type == HAK_SURVEY_TEXT ?
				HAK_COL_PROSE : HAK_COL_TEXT };
	} else {
		cols[nbase] = (struct hak_col){ "question", HAK_COL_CODE };
		cols[nbase + 1] = (struct hak_col){ "value", HAK_COL_PROSE };
	}
	for (i = 0; i < d->nquestions; i++)
		has_text = has_text || d->questions[i].type == HAK_SURVEY_TEXT;
	if ((rc = head(ctx, cols, ncols)))
		goto out;
	hak_buf_adds(&sql, "SELECT r.id, r.batch, r.row, r.submitted_at, "
		"r.school, r.answers");
	for (i = 0; i < keys.n; i++)
		hak_buf_addf(&sql, ", (SELECT j.value FROM json_each(r.fields) "
			"j WHERE j.key = ?%zu)", i + 2);
	hak_buf_adds(&sql, " FROM survey_responses r WHERE r.survey = ?1 "
		"ORDER BY r.id");
	if ((rc = hak_db_prepare(db, sql.buf, &st, err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		goto out;
	for (i = 0; i < keys.n && !rc; i++)
		rc = hak_db_bound(db, hak_db_bind_text(st, (int)i + 2,
			keys.v[i]), err);
	if (rc)
		goto out;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(num[0], sizeof(num[0]), "%lld",
			(long long)sqlite3_column_int64(st, 0));
		snprintf(num[1], sizeof(num[1]), "%lld",
			(long long)sqlite3_column_int64(st, 1));
		snprintf(num[2], sizeof(num[2]), "%lld",
			(long long)sqlite3_column_int64(st, 2));
		cells[0] = code;
		cells[1] = num[0];
		cells[2] = num[1];
		cells[3] = num[2];
		cells[4] = hak_db_col(st, 3);
		cells[5] = hak_db_col(st, 4);
		ans = hak_db_col(st, 5);
		if (!ans)
			ans = "";
		for (i = 0; i < keys.n; i++)
			cells[6 + i] = hak_db_col(st, 6 + (int)i);
		hak_strv_clear(&texts);
		if (has_text) {
			for (i = 0; i < d->nquestions; i++)
				hak_strv_push(&texts, NULL);
			if ((rc = hak_db_stmt(db, sql_texts, &tst, err)) ||
				(rc = hak_db_bound(db, sqlite3_bind_int64(tst,
				1, sqlite3_column_int64(st, 0)), err)))
				goto out;
			while ((src = sqlite3_step(tst)) == SQLITE_ROW) {
				int pos = sqlite3_column_int(tst, 0);

				for (i = 0; i < d->nquestions; i++)
					if (d->questions[i].pos == pos &&
						d->questions[i].type ==
						HAK_SURVEY_TEXT)
						texts.v[i] = hak_db_col_dup(tst,
							1);
			}
			sqlite3_reset(tst);
			if (src != SQLITE_DONE) {
				rc = hak_db_fail(db, src, err);
				goto out;
			}
		}
		for (k = 0; k < d->nquestions; k++) {
			const struct hak_survey_question *q = &d->questions[k];

			val = NULL;
			if (q->type == HAK_SURVEY_TEXT) {
				val = texts.v[k];
			} else if ((size_t)q->pos < strlen(ans)) {
				c = ans[q->pos];
				if (c == HAK_SURVEY_ANS_NA)
					val = "na";
				else if (c == HAK_SURVEY_ANS_MISSING)
					val = NULL;
				else if (q->type == HAK_SURVEY_YESNO)
					val = c == HAK_SURVEY_ANS_YES ? "yes" :
						"no";
				else if (HAK_SURVEY_VAL(c) >= 1 &&
					HAK_SURVEY_VAL(c) <= HAK_SURVEY_MAX_POINTS)
					val = numbers[HAK_SURVEY_VAL(c)];
			}
			if (wide) {
				cells[nbase + k] = val;
				continue;
			}
			if (!val)
				continue;
			cells[nbase] = q->id;
			cells[nbase + 1] = val;
			if ((rc = fn(ctx, cells)))
				goto out;
		}
		if (wide && (rc = fn(ctx, cells)))
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = hak_db_fail(db, src, err);
out:
	if (st)
		sqlite3_finalize(st);
	hak_strv_clear(&keys);
	hak_strv_clear(&texts);
	hak_buf_release(&sql);
	free(cols);
	free(cells);
	hak_survey_def_free(d);
	return rc;
}

/* --- batches --- */

int
hak_survey_batches(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err)
{
	static const char sql[] = "SELECT b.id, b.file, b.sha256, b.at, "
		"b.actor, b.rows_read, b.new_rows, b.same, b.rejected, "
		"s.responses, s.dropped_at FROM survey_batches s JOIN batches b "
		"ON b.id = s.batch WHERE s.survey = ? ORDER BY b.id";
	sqlite3_stmt *st;
	long n;
	int rc;

	if ((rc = survey_exists(db, code, err)) ||
		(rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err))) {
		sqlite3_finalize(st);
		return rc;
	}
	return rows_out(db, st, HAK_SURVEY_BATCH_NCOLS, fn, ctx, &n, err);
}

int
hak_survey_drop_batch(struct hak_db *db, const char *code,
	const char *batch, long *n, struct hak_err *err)
{
	static const char sql_get[] = "SELECT dropped_at FROM survey_batches "
		"WHERE batch = ? AND survey = ?";
	static const char sql_texts[] = "DELETE FROM survey_texts WHERE "
		"response IN (SELECT id FROM survey_responses WHERE survey = ?1 "
		"AND batch = ?2)";
	static const char sql_resp[] = "DELETE FROM survey_responses WHERE "
		"survey = ?1 AND batch = ?2";
	static const char sql_mark[] = "UPDATE survey_batches SET dropped_at = "
		"?2 WHERE batch = ?1";
	struct hak_event ev = { 0 };
	char at[HAK_TIME_LEN], note[64], bs[32];
	sqlite3_stmt *st;
	long long id;
	bool dropped = false;
	int rc, src, i;

	*n = 0;
	for (i = 0, id = 0; batch[i]; i++) {
		if (batch[i] < '0' || batch[i] > '9' || i > 15)
			return hak_err_set(err, HAK_EUSAGE, "drop-batch: '%s' "
				"is not a batch number", batch);
		id = id * 10 + (batch[i] - '0');
	}
	if (!i)
		return hak_err_set(err, HAK_EUSAGE, "drop-batch: a BATCH "
			"number is required");
	snprintf(bs, sizeof(bs), "%lld", id);
	if ((rc = hak_db_begin(db, err)))
		return rc;
	if ((rc = survey_exists(db, code, err)))
		goto fail;
	if ((rc = hak_db_prepare(db, sql_get, &st, err)))
		goto fail;
	if ((rc = hak_db_bound(db, sqlite3_bind_int64(st, 1, id), err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 2, code), err))) {
		sqlite3_finalize(st);
		goto fail;
	}
	src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		dropped = sqlite3_column_type(st, 0) != SQLITE_NULL;
	sqlite3_finalize(st);
	if (src == SQLITE_DONE) {
		rc = hak_err_set(err, HAK_ENOMATCH, "survey '%s' has no batch "
			"%s", code, bs);
		goto fail;
	}
	if (src != SQLITE_ROW) {
		rc = hak_db_fail(db, src, err);
		goto fail;
	}
	if (dropped) {
		rc = hak_err_set(err, HAK_EDATA, "batch %s of survey '%s' was "
			"already dropped", bs, code);
		goto fail;
	}
	hak_time_format(hak_db_now(db), at);
	if ((rc = hak_db_run(db, err, sql_texts, 2,
		(const char *const[]){ code, bs })))
		goto fail;
	if ((rc = hak_db_prepare(db, sql_resp, &st, err)))
		goto fail;
	if ((rc = hak_db_bind_texts(db, st, 1, (const char *const[]){ code, bs
		}, 2, err))) {
		sqlite3_finalize(st);
		goto fail;
	}
	src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE) {
		rc = hak_db_fail(db, src, err);
		goto fail;
	}
	*n = (long)sqlite3_changes(db->sql);
	if ((rc = hak_db_run(db, err, sql_mark, 2,
		(const char *const[]){ bs, at })))
		goto fail;
	snprintf(note, sizeof(note), "%ld responses deleted", *n);
	ev.entity = "survey";
	ev.key = code;
	ev.action = "drop-batch";
	ev.field = "batch";
	ev.old = bs;
	ev.note = note;
	if ((rc = hak_event_add(db, &ev, err)) ||
		(rc = hak_db_commit(db, err)))
		goto fail;
	return HAK_OK;
fail:
	hak_db_rollback(db);
	return rc;
}

/* --- completions --- */

int
hak_survey_codes(struct hak_db *db, struct hak_strv *out, struct hak_err *err)
{
	return hak_db_words(db, "SELECT code FROM surveys ORDER BY code", out,
		err);
}

int
hak_survey_question_ids(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err)
{
	return hak_db_words(db, "SELECT DISTINCT id FROM survey_questions "
		"WHERE type <> 'text' ORDER BY id", out, err);
}

int
hak_survey_by_words(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err)
{
	static const char *const fixed[] = { "school", "level", "district",
		"role" };
	struct hak_strv codes = HAK_STRV_INIT;
	struct hak_survey_def *d;
	struct hak_err e;
	size_t i, k;
	int rc;

	for (i = 0; i < N(fixed); i++)
		hak_strv_push(out, fixed[i]);
	if ((rc = hak_survey_codes(db, &codes, err)))
		return rc;
	for (i = 0; i < codes.n; i++) {
		if (hak_survey_load(db, codes.v[i], &d, &e))
			continue;
		for (k = 0; k < d->nfields; k++)
			if (strcmp(d->fields[k].name, "submitted_at"))
				hak_strv_push(out, d->fields[k].name);
		hak_survey_def_free(d);
	}
	hak_strv_clear(&codes);
	hak_strv_sort(out);
	hak_strv_uniq(out);
	return HAK_OK;
}

int
hak_survey_batch_ids(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err)
{
	return hak_db_words(db, "SELECT CAST(batch AS TEXT) FROM "
		"survey_batches WHERE dropped_at IS NULL ORDER BY batch", out,
		err);
}

/* --- hak check --- */

static int
check_counts(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	static const char sql[] = "SELECT s.batch, s.survey, CASE WHEN "
		"s.dropped_at IS NULL THEN s.responses ELSE 0 END AS want, "
		"(SELECT count(*) FROM survey_responses r WHERE r.survey = "
		"s.survey AND r.batch = s.batch) AS have FROM survey_batches s WHERE want <> have "
		"ORDER BY s.batch";
	sqlite3_stmt *st;
	int rc;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fprintf(report, "survey_batches: survey %s batch %lld: %lld "
			"responses stored, %lld recorded\n",
			hak_db_col(st, 1) ? hak_db_col(st, 1) : "?",
			(long long)sqlite3_column_int64(st, 0),
			(long long)sqlite3_column_int64(st, 3),
			(long long)sqlite3_column_int64(st, 2));
		(*findings)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

static int
check_history(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	return hak_check_history(db, "survey", "surveys", "code", report,
		findings, err);
}

void
hak_survey_check_add(struct hak_check *c)
{
	hak_check_add(c, "survey batches", check_counts);
	hak_check_add(c, "survey history", check_history);
}
