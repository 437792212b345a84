/* SPDX-License-Identifier: MIT */
/*
 * lib/db_int.h - private to the library's database-facing modules: the
 * SQLite handle and helpers that map SQLite results to hak codes.  The
 * only header that includes <sqlite3.h>.
 */
#ifndef HAK_DB_INT_H
#define HAK_DB_INT_H

#include <sqlite3.h>

#include "hak/db.h"

#define HAK_DB_CACHE 64

struct hak_db {
	sqlite3 *sql;
	char *path;
	int64_t now;
	char *actor;
	char *os_user;
	struct hak_config org;	/* the organisation as stored */
	char *org_dump;		/* hak_config_dump of org, as stored */
	int savepoints;		/* depth of SAVEPOINT spN nesting */
	int busy_ms;		/* the busy timeout, for messages */
	bool readonly;		/* opened with HAK_DB_READONLY */
	struct {
		const char *sql;	/* a static string: compared by address */
		sqlite3_stmt *st;
	} cache[HAK_DB_CACHE];	/* see hak_db_stmt */
	size_t ncache;
};

/*
 * One step of `hak check`: writes a line per finding (and per warning,
 * starting "warning: ") to report and adds the findings to *findings.
 * Returns HAK_OK when it could run, else an error code.  The table of
 * these is in lib/db.c (check_steps); domain modules add theirs there.
 */
typedef int hak_db_check_fn(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err);

/* Prepare sql; on failure fill err (HAK_EBUG, or HAK_EBUSY). */
int hak_db_prepare(struct hak_db *db, const char *sql, sqlite3_stmt **st,
	struct hak_err *err);
/*
 * A prepared statement kept for the life of db, for statements run once
 * per row: sql must be a string literal or other static string (it is
 * looked up by address).  The statement is reset and its bindings
 * cleared; the caller must not finalize it (sqlite3_reset when done is
 * polite, not required).  HAK_EBUG when more than HAK_DB_CACHE distinct
 * statements are cached.
 */
int hak_db_stmt(struct hak_db *db, const char *sql, sqlite3_stmt **st,
	struct hak_err *err);
/*
 * For `hak demo`, which plays a year of history: make later events and
 * timestamps happen at now, by actor (copied).
 */
void hak_db_set_clock(struct hak_db *db, int64_t now);
void hak_db_set_actor(struct hak_db *db, const char *actor);

/* Step a statement expected to return no rows, then reset it. */
int hak_db_step_done(struct hak_db *db, sqlite3_stmt *st, struct hak_err *err);
/* Map a failed sqlite3 result code to a hak code and message. */
int hak_db_fail(struct hak_db *db, int sqlite_rc, struct hak_err *err);
/* Run SQL without results (no user values!). */
int hak_db_exec(struct hak_db *db, const char *sql, struct hak_err *err);
/* Bind text, or NULL when s is NULL. */
int hak_db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Copy column i as a new string (NULL for SQL NULL). */
char *hak_db_col_dup(sqlite3_stmt *st, int i);
/* Borrowed column text (NULL for SQL NULL), valid until the next step. */
const char *hak_db_col(sqlite3_stmt *st, int i);

/* Run a fixed query (no parameters) whose first column is text, and
 * append its non-NULL values to out (for completions and checks). */
int hak_db_words(struct hak_db *db, const char *sql, struct hak_strv *out,
	struct hak_err *err);

#endif
