/* SPDX-License-Identifier: MIT */
/*
 * hak/db.h - the database file (SPEC 2.1, 2.2, 2.12, 5.1).  Implemented in
 * lib/db.c (connection, transactions), lib/schema.c (hak_db_open's
 * version gate, hak_db_init), lib/org.c (the organisation copy) and
 * lib/backup.c; `hak check` is hak/check.h.
 *
 * struct hak_db is opaque.  It carries, besides the SQLite handle, what
 * every write needs: "now" (hak_clock_now at open), the actor ($HAK_USER,
 * else the login name) and the OS user, and the organisation (departments,
 * staff, categories, holidays, settings) as copied into the database by
 * `hak init`, which every command reads instead of the config file.
 * A struct hak_db is used by one thread at a time (opened NOMUTEX).
 *
 * Opening: WAL, synchronous=FULL, foreign_keys=ON, secure_delete=ON,
 * trusted_schema=OFF, SQLITE_DBCONFIG_DEFENSIVE, busy timeout
 * $HAK_BUSY_TIMEOUT ms (default 5000).  A file on NFS/SMB/CIFS is refused
 * with HAK_ECONFIG.  The schema version is PRAGMA user_version: older than
 * this library -> HAK_ECONFIG "run 'hak init'"; newer -> HAK_ECONFIG.
 * Only hak_db_init migrates, after copying the file to FILE.pre-vN.
 */
#ifndef HAK_DB_H
#define HAK_DB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hak/buf.h"
#include "hak/config.h"
#include "hak/digest.h"
#include "hak/err.h"

struct hak_db;

/* The schema version this library writes and reads. */
int hak_db_schema_version(void);

/*
 * The database path (SPEC 2.1): opt (--db) when not NULL, else $HAK_DB,
 * else cfg->database, else "./hakjibon.db".  Appended to out.
 */
void hak_db_locate(const char *opt, const struct hak_config *cfg,
	struct hak_buf *out);

enum hak_db_flags {
	HAK_DB_READONLY = 1 << 0	/* open read-only (queries only) */
};

/*
 * Open an existing database.  HAK_ENOINPUT with "run 'hak init'" when the
 * file does not exist; HAK_EPERM when it cannot be read; HAK_ECONFIG for a
 * network file system or a wrong schema version; HAK_ECONFIG when
 * $HAK_NOW is invalid.  The handle is the caller's (hak_db_close).
 */
int hak_db_open(const char *path, unsigned flags, struct hak_db **db,
	struct hak_err *err);
void hak_db_close(struct hak_db *db);

/*
 * `hak init`: create the database (mode 0600, or 0660 with group G and a
 * setgid directory when group is not NULL) or migrate it (after copying
 * it to FILE.pre-vN, in one transaction), then sync cfg into it (SPEC
 * 2.2: new entries added, changed ones updated, removed staff, categories
 * and departments made inactive), recording a config-sync event.  Opens
 * and returns the database in *db.  Idempotent.  *created tells whether
 * the file was new; *migrated_from the old version (0 when none).
 */
int hak_db_init(const char *path, const char *group,
	const struct hak_config *cfg, struct hak_db **db, bool *created,
	int *migrated_from, struct hak_err *err);

/* Sync cfg into an open database (part of hak_db_init; also used by
 * `hak demo`).  Runs in its own transaction. */
int hak_db_sync_config(struct hak_db *db, const struct hak_config *cfg,
	struct hak_err *err);

/* The organisation as stored in the database (borrowed, valid until
 * close).  Its path is the config file it was last synced from. */
const struct hak_config *hak_db_config(const struct hak_db *db);

/* *yes when the database was made by `hak demo` (its own organisation). */
int hak_db_demo(struct hak_db *db, bool *yes, struct hak_err *err);
/* The same, for advice only (a warning): false when it cannot tell. */
bool hak_db_is_demo(struct hak_db *db);

/* True when cfg (the file found now) differs from the database's copy. */
bool hak_db_config_differs(const struct hak_db *db,
	const struct hak_config *cfg);

/* Borrowed accessors. */
const char *hak_db_path(const struct hak_db *db);
int64_t hak_db_now(const struct hak_db *db);
const char *hak_db_actor(const struct hak_db *db);
const char *hak_db_os_user(const struct hak_db *db);
/* The config's business-day calendar. */
struct hak_calendar hak_db_calendar(const struct hak_db *db);

/*
 * Transactions (SPEC 2.12): hak_db_begin is BEGIN IMMEDIATE (HAK_EBUSY
 * after the busy timeout); commit; rollback is a no-op outside one.
 * Savepoints nest inside a transaction (used per row by imports);
 * hak_db_rollback_to undoes and ends the innermost one (HAK_EBUG without
 * one; the SQL error when it fails, and then the transaction is lost).
 * Each of begin, commit, rollback and rollback_to makes the event
 * writer's cache stale (lib/event.c).
 */
int hak_db_begin(struct hak_db *db, struct hak_err *err);
int hak_db_commit(struct hak_db *db, struct hak_err *err);
void hak_db_rollback(struct hak_db *db);
int hak_db_savepoint(struct hak_db *db, struct hak_err *err);
int hak_db_release(struct hak_db *db, struct hak_err *err);
int hak_db_rollback_to(struct hak_db *db, struct hak_err *err);

/*
 * Acting on records given as keys (SPEC 2.8): fn is called for each key
 * inside a transaction.  By default all keys share one transaction: the
 * first failure rolls everything back and is returned (in err).  With
 * HAK_EACH_KEEP_GOING each key has its own transaction; a failure is
 * printed to report as "PROG: message", undo (if not NULL) is called so
 * ctx can forget what fn collected for that key, and the most severe
 * code is returned (err left empty).  HAK_EACH_DRY_RUN rolls back what
 * would have been committed.
 */
enum hak_each_flags {
	HAK_EACH_KEEP_GOING = 1 << 0,
	HAK_EACH_DRY_RUN = 1 << 1
};
struct hak_each {
	int (*fn)(struct hak_db *db, const char *key, void *ctx,
		struct hak_err *err);
	void (*undo)(void *ctx);
	void *ctx;
};
int hak_db_each_key(struct hak_db *db, const struct hak_strv *keys,
	unsigned flags, const struct hak_each *each, FILE *report,
	const char *prog, struct hak_err *err);

/*
 * A setting in the settings table: *value (caller frees) is NULL when
 * the key is absent.  A failed lookup (busy, I/O) is an error, never
 * "absent".
 */
int hak_db_setting(struct hak_db *db, const char *key, char **value,
	struct hak_err *err);
int hak_db_set_setting(struct hak_db *db, const char *key, const char *value,
	struct hak_err *err);

/* `hak backup`: SQLite online backup to dest (mode 0600, written to a
 * temporary file and renamed), integrity-checked.  An existing dest
 * without force is HAK_ECREATE. */
int hak_db_backup(struct hak_db *db, const char *dest, bool force,
	struct hak_err *err);

/*
 * Nothing may write over the database (SPEC 2.1): HAK_ECREATE naming both
 * when the output file path is the database at db_path, its -wal or -shm
 * file, or another name of one (a hard or symbolic link, "./x" for "x"):
 * the same st_dev/st_ino when both exist, else the same resolved name.
 * HAK_OK otherwise, and when either is NULL.  Touches no file.
 */
int hak_db_refuse_output(const char *db_path, const char *path,
	struct hak_err *err);


#endif
