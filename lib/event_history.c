/* SPDX-License-Identifier: MIT */
/* Reading the audit history of an entity for people (SPEC 2.13). */
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "hak/buf.h"
#include "hak/event.h"
#include "banned.h"

enum { H_KEY, H_SEQ, H_AT, H_ACTOR, H_ACTION, H_FIELD, H_OLD, H_NEW,
	H_NOTE };

/*
 * Split s, one CSV record as hak_csv_quote writes it (a field quoted when
 * it holds a comma, quote or line end, quotes doubled), into out; an empty
 * field is NULL.  False when s is not such a record.
 */
static bool
split_record(const char *s, struct hak_strv *out)
{
	struct hak_buf f = HAK_BUF_INIT;
	bool quoted;

	for (;;) {
		hak_buf_reset(&f);
		quoted = *s == '"';
		if (quoted) {
			for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
				if (*s == '"')
					s++;
				hak_buf_addch(&f, *s);
			}
			if (*s != '"')
				break;
			s++;
		} else {
			for (; *s && *s != ','; s++)
				hak_buf_addch(&f, *s);
		}
		hak_strv_push(out, f.len ? f.buf : NULL);
		if (!*s) {
			hak_buf_release(&f);
			return true;
		}
		if (*s++ != ',')
			break;
	}
	hak_buf_release(&f);
	return false;
}

static bool
same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/* "name=value name=value" of the non-empty fields of v. */
static char *
pairs(const struct hak_history_record *r, const struct hak_strv *v)
{
	struct hak_buf b = HAK_BUF_INIT;
	size_t i;

	if (!v->n)
		return NULL;
	for (i = 0; i < r->nfields; i++)
		if (v->v[i])
			hak_buf_addf(&b, "%s%s=%s", b.len ? " " : "",
				r->fields[i].name, v->v[i]);
	return hak_buf_detach(&b, NULL);
}

/* One event as rows for people (see hak/event.h). */
static int
event_rows(const struct hak_history *h, const char **cells,
	int (*fn)(void *ctx, const char *const *cells), void *ctx)
{
	const struct hak_history_record *r = h->records;
	struct hak_strv ov = HAK_STRV_INIT, nv = HAK_STRV_INIT;
	const char *row[HAK_HISTORY_NCOLS];
	char *op = NULL, *np = NULL;
	size_t i;
	int rc = 0;

	for (; r && r->action && strcmp(r->action, cells[H_ACTION]); r++)
		;
	if (!r || !r->action || cells[H_FIELD] ||
		(cells[H_OLD] && (!split_record(cells[H_OLD], &ov) ||
		ov.n != r->nfields)) ||
		(cells[H_NEW] && (!split_record(cells[H_NEW], &nv) ||
		nv.n != r->nfields))) {
		rc = fn(ctx, cells);
		goto out;
	}
	memcpy(row, cells, sizeof(row));
	if (!r->split) {
		row[H_OLD] = op = pairs(r, &ov);
		row[H_NEW] = np = pairs(r, &nv);
		rc = fn(ctx, row);
		goto out;
	}
	for (i = 0; !rc && i < r->nfields; i++) {
		row[H_OLD] = ov.n ? ov.v[i] : NULL;
		row[H_NEW] = nv.n ? nv.v[i] : NULL;
		if (same(row[H_OLD], row[H_NEW]))
			continue;
		row[H_FIELD] = r->fields[i].name;
		rc = fn(ctx, row);
	}
out:
	free(op);
	free(np);
	hak_strv_clear(&ov);
	hak_strv_clear(&nv);
	return rc;
}

int
hak_history_each(struct hak_db *db, const struct hak_history *h,
	const char *key, int (*fn)(void *ctx, const char *const *cells),
	void *ctx, struct hak_err *err)
{
	const char *cells[HAK_HISTORY_NCOLS];
	sqlite3_stmt *st;
	int rc, src, i;

	/* One key: run once per key of `history -`, so cached. */
	if (key)
		rc = hak_db_stmt(db, "SELECT key, seq, at, actor, action, "
			"field, old, new, note FROM events WHERE entity = ?1 "
			"AND key = ?2 ORDER BY seq", &st, err);
	else
		rc = hak_db_prepare(db, "SELECT key, seq, at, actor, action, "
			"field, old, new, note FROM events WHERE entity = ?1 "
			"ORDER BY CASE WHEN ?2 THEN CAST(key AS INTEGER) END, "
			"key, seq", &st, err);
	if (rc)
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, h->entity), err)) ||
		(rc = hak_db_bound(db, key ? hak_db_bind_text(st, 2, key) :
		sqlite3_bind_int(st, 2, h->numeric_keys), err)))
		goto out;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < HAK_HISTORY_NCOLS; i++)
			cells[i] = hak_db_col(st, i);
		if ((rc = event_rows(h, cells, fn, ctx)))
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = hak_db_fail(db, src, err);
out:
	if (key)
		sqlite3_reset(st);
	else
		sqlite3_finalize(st);
	return rc;
}
