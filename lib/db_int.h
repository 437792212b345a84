/* SPDX-License-Identifier: MIT */
/*
 * lib/db_int.h - private to the library's database-facing modules: the
 * SQLite handle and helpers that map SQLite results to hak codes.  The
 * only header that includes <sqlite3.h>.  Everything here is defined in
 * lib/db.c, the lowest of the database layer; schema.c, org.c, backup.c
 * and check.c build on it and have their own _int.h where they share
 * something.
 */
#ifndef HAK_DB_INT_H
#define HAK_DB_INT_H

#include <sqlite3.h>

#include "hak/db.h"

struct hak_event_writer;

struct hak_db_cached {
	const char *sql;	/* a static string: compared by address */
	sqlite3_stmt *st;
};

struct hak_db {
	sqlite3 *sql;
	char *path;
	int64_t now;
	char *actor;
	char *os_user;
	struct hak_config org;	/* the organisation as stored (lib/org.c) */
	char *org_dump;		/* hak_config_dump of org, as stored */
	int savepoints;		/* depth of SAVEPOINT spN nesting */
	int busy_ms;		/* the busy timeout, for messages */
	bool readonly;		/* opened with HAK_DB_READONLY */
	struct hak_db_cached *cache;	/* see hak_db_stmt; grows */
	size_t ncache, acache;
	/*
	 * The event writer (lib/event.c), NULL until used, and how to free
	 * it.  tx_gen changes at every begin, commit, rollback and rollback
	 * to a savepoint: the writer's cache holds for one value of it.
	 */
	struct hak_event_writer *events;
	void (*events_free)(struct hak_event_writer *);
	unsigned long tx_gen;
};

/* Prepare sql; on failure fill err (HAK_EBUG, or HAK_EBUSY). */
int hak_db_prepare(struct hak_db *db, const char *sql, sqlite3_stmt **st,
	struct hak_err *err);
/*
 * A prepared statement kept for the life of db, for statements run once
 * per row: sql must be a string literal or other static string (it is
 * looked up by address).  The statement is reset and its bindings
 * cleared; the caller must not finalize it (sqlite3_reset when done is
 * polite, not required).  The cache grows as needed.
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
/*
 * Map the result of a sqlite3_bind_* call: HAK_OK for SQLITE_OK, else
 * the error of hak_db_fail (a bind fails for a bad index, out of memory
 * or a value over SQLite's length limit; never ignore it).
 */
int hak_db_bound(struct hak_db *db, int sqlite_rc, struct hak_err *err);
/* Run SQL without results (no user values!). */
int hak_db_exec(struct hak_db *db, const char *sql, struct hak_err *err);
/* Bind text, or NULL when s is NULL; returns the SQLite result. */
int hak_db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* As hak_db_bind_text, s not copied: it must stay until the statement is
 * stepped and reset (the hot paths of an import, where the copy shows). */
int hak_db_bind_static(sqlite3_stmt *st, int i, const char *s);
/* Bind v[0..n) as text (NULL binds NULL) to parameters first.., checked
 * (hak_db_bound). */
int hak_db_bind_texts(struct hak_db *db, sqlite3_stmt *st, int first,
	const char *const *v, int n, struct hak_err *err);
/* Copy column i as a new string (NULL for SQL NULL). */
char *hak_db_col_dup(sqlite3_stmt *st, int i);
/* Borrowed column text (NULL for SQL NULL), valid until the next step. */
const char *hak_db_col(sqlite3_stmt *st, int i);

/* Run a fixed query (no parameters) whose first column is text, and
 * append its non-NULL values to out (for completions and checks). */
int hak_db_words(struct hak_db *db, const char *sql, struct hak_strv *out,
	struct hak_err *err);

/* Prepare sql, bind args[0..n) as text (NULL binds NULL), step it once
 * and finalize it: for writes run once. */
int hak_db_run(struct hak_db *db, struct hak_err *err, const char *sql,
	int n, const char *const *args);
/* An integer from a one-row query such as PRAGMA user_version (0 when
 * it returns no row). */
int hak_db_query_int(struct hak_db *db, const char *sql, long *out,
	struct hak_err *err);
/* A decimal int, the whole of s; false when it is not one. */
bool hak_db_parse_int(const char *s, int *out);

/* Opening (lib/db.c), for schema.c, backup.c and check.c. */
/* HAK_ECONFIG when path is on a network file system. */
int hak_db_check_fs(const char *path, struct hak_err *err);
/* The directory holding path ("." when none), caller frees. */
char *hak_db_dir_of(const char *path);
/* Open the SQLite file with our settings, without looking at the schema. */
int hak_db_open_raw(const char *path, unsigned flags, struct hak_db **out,
	struct hak_err *err);
/* Set the zone from tz, then (and only then) "now". */
int hak_db_set_zone(struct hak_db *db, const char *tz, struct hak_err *err);

#endif
