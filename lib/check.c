/* SPDX-License-Identifier: MIT */
/* `hak check`: the list of steps, and the database's own steps. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db_int.h"
#include "hak/check.h"
#include "hak/event.h"
#include "banned.h"

static int
check_integrity(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	const char *v;
	int rc;

	if ((rc = hak_db_prepare(db, "PRAGMA integrity_check", &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = hak_db_col(st, 0);
		if (v && strcmp(v, "ok")) {
			fprintf(report, "integrity: %s\n", v);
			(*findings)++;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

static int
check_foreign_keys(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = hak_db_prepare(db, "PRAGMA foreign_key_check", &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = hak_db_col(st, 0), *p = hak_db_col(st, 2);

		fprintf(report, "foreign key: %s row %lld refers to a missing "
		    "%s\n", t ? t : "?", (long long)sqlite3_column_int64(st, 1),
		    p ? p : "?");
		(*findings)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

static int
check_events(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	struct hak_err e;
	long count, bad;
	int rc;

	hak_err_clear(&e);
	rc = hak_event_verify(db, &count, &bad, &e);
	if (rc == HAK_EDATA) {
		fprintf(report, "events: %s\n", e.msg);
		(*findings)++;
		return HAK_OK;
	}
	if (rc && err)
		*err = e;
	return rc;
}

static int
check_batches(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = hak_db_prepare(db, "SELECT id, rows_read, "
	    "new_rows + updated + same + changed + rejected FROM batches "
	    "WHERE rows_read <> new_rows + updated + same + changed + rejected "
	    "ORDER BY id", &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fprintf(report, "batches: batch %lld read %lld rows but "
		    "accounts for %lld\n",
		    (long long)sqlite3_column_int64(st, 0),
		    (long long)sqlite3_column_int64(st, 1),
		    (long long)sqlite3_column_int64(st, 2));
		(*findings)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

/*
 * Group- or world-readable files are a warning, except the shared setup
 * of `hak init --group`: 0660 (not world-accessible) in a setgid
 * directory owned by the same group.
 */
static void
check_one_perm(const char *file, bool shared_ok, FILE *report)
{
	struct stat sb;
	mode_t m;

	if (stat(file, &sb) != 0)
		return;
	m = sb.st_mode & 0777;
	if (m & 0007)
		fprintf(report, "warning: '%s' is accessible by others "
		    "(mode %04o)\n", file, (unsigned)m);
	else if ((m & 0070) && !shared_ok)
		fprintf(report, "warning: '%s' is readable by its group "
		    "(mode %04o)\n", file, (unsigned)m);
}

static int
check_perms(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	struct stat fsb, dsb;
	char *dir = hak_db_dir_of(db->path), *f;
	bool shared = false;
	size_t i;

	(void)findings;
	(void)err;
	if (stat(db->path, &fsb) == 0 && stat(dir, &dsb) == 0)
		shared = (fsb.st_mode & 0777) == 0660 &&
		    (dsb.st_mode & S_ISGID) && dsb.st_gid == fsb.st_gid;
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		f = hak_xasprintf("%s%s", db->path, sfx[i]);
		check_one_perm(f, shared, report);
		free(f);
	}
	free(dir);
	return HAK_OK;
}

/* Run sql (binding entity to ?1) and report its first column as KEY. */
static int
history_rows(struct hak_db *db, const char *sql, const char *entity,
	const char *table, const char *what, FILE *report, int *findings,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	const char *k;
	int rc;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, entity), err))) {
		sqlite3_finalize(st);
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		k = hak_db_col(st, 0);
		fprintf(report, "%s: %s %s: %s%s\n", table, entity, k ? k : "?",
		    what, *what == 'h' ? entity : "");
		(*findings)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

int
hak_check_history(struct hak_db *db, const char *entity, const char *table,
	const char *keycol, FILE *report, int *findings, struct hak_err *err)
{
	struct hak_buf sql = HAK_BUF_INIT;
	int rc;

	hak_buf_addf(&sql, "SELECT t.%s FROM %s t WHERE NOT EXISTS (SELECT 1 "
	    "FROM events e WHERE e.entity = ?1 AND e.key = t.%s AND "
	    "e.action = 'create') ORDER BY t.%s", keycol, table, keycol,
	    keycol);
	rc = history_rows(db, sql.buf, entity, table, "no create event",
	    report, findings, err);
	hak_buf_reset(&sql);
	if (!rc) {
		hak_buf_addf(&sql, "SELECT DISTINCT e.key FROM events e WHERE "
		    "e.entity = ?1 AND NOT EXISTS (SELECT 1 FROM %s t WHERE "
		    "t.%s = e.key) ORDER BY e.key", table, keycol);
		rc = history_rows(db, sql.buf, entity, table,
		    "history of a missing ", report, findings, err);
	}
	hak_buf_release(&sql);
	return rc;
}

void
hak_check_add(struct hak_check *c, const char *name, hak_check_fn *fn)
{
	HAK_ALLOC_GROW(c->v, c->n + 1, c->alloc);
	c->v[c->n].name = name;
	c->v[c->n++].fn = fn;
}

void
hak_check_add_db(struct hak_check *c)
{
	hak_check_add(c, "integrity", check_integrity);
	hak_check_add(c, "foreign keys", check_foreign_keys);
	hak_check_add(c, "events", check_events);
	hak_check_add(c, "batches", check_batches);
	hak_check_add(c, "permissions", check_perms);
}

int
hak_check_run(const struct hak_check *c, struct hak_db *db, FILE *report,
	int *findings, struct hak_err *err)
{
	size_t i;
	int rc;

	*findings = 0;
	for (i = 0; i < c->n; i++)
		if ((rc = c->v[i].fn(db, report, findings, err))) {
			hak_err_prefix(err, "check of %s", c->v[i].name);
			return rc;
		}
	return HAK_OK;
}

void
hak_check_release(struct hak_check *c)
{
	free(c->v);
	c->v = NULL;
	c->n = c->alloc = 0;
}
