/* SPDX-License-Identifier: MIT */
/*
 * The database connection: locating and opening the file, SQLite
 * helpers, transactions, cached statements, settings, accessors.  The
 * schema is in lib/schema.c, the organisation copy in lib/org.c, backups
 * in lib/backup.c and `hak check` in lib/check.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "db_int.h"
#include "hak/date.h"
#include "banned.h"

/* statfs f_type values of network file systems (linux/magic.h). */
static const unsigned long network_fs[] = {
	0x6969UL,	/* NFS_SUPER_MAGIC */
	0x517BUL,	/* SMB_SUPER_MAGIC */
	0xFF534D42UL,	/* CIFS_SUPER_MAGIC */
	0xFE534D42UL	/* SMB2_SUPER_MAGIC */
};


void
hak_db_locate(const char *opt, const struct hak_config *cfg,
	struct hak_buf *out)
{
	const char *env = getenv("HAK_DB");

	if (opt)
		hak_buf_adds(out, opt);
	else if (env && *env)
		hak_buf_adds(out, env);
	else if (cfg && cfg->database && *cfg->database)
		hak_buf_adds(out, cfg->database);
	else
		hak_buf_adds(out, "./hakjibon.db");
}

/* --- SQLite helpers (db_int.h) --- */

int
hak_db_fail(struct hak_db *db, int rc, struct hak_err *err)
{
	char sp[HAK_ERR_SHORT + 1];
	const char *name = db && db->path ? hak_err_short(db->path, sp) : "?";
	const char *msg = db && db->sql ? sqlite3_errmsg(db->sql) :
	    sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return hak_err_set(err, HAK_EBUSY,
		    "database is busy (waited %d ms)", db ? db->busy_ms : 0);
	case SQLITE_NOMEM:
		return hak_err_set(err, HAK_EOS, "out of memory");
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return hak_err_set(err, HAK_EPERM, "database '%s': %s",
		    name, msg);
	case SQLITE_CANTOPEN:
		return hak_err_set(err, HAK_ENOINPUT,
		    "cannot open database '%s': %s", name, msg);
	case SQLITE_IOERR:
	case SQLITE_FULL:
		return hak_err_set(err, HAK_EIO, "database '%s': %s",
		    name, msg);
	case SQLITE_NOTADB:
		return hak_err_set(err, HAK_ECONFIG,
		    "'%s' is not a hakjibon database", name);
	case SQLITE_CORRUPT:
	case SQLITE_CONSTRAINT:
		return hak_err_set(err, HAK_EDATA, "database '%s': %s",
		    name, msg);
	default:
		return hak_err_set(err, HAK_EBUG, "database '%s': %s",
		    name, msg);
	}
}

int
hak_db_bound(struct hak_db *db, int sqlite_rc, struct hak_err *err)
{
	if (sqlite_rc == SQLITE_OK)
		return HAK_OK;
	return hak_db_fail(db, sqlite_rc, err);
}

int
hak_db_bind_texts(struct hak_db *db, sqlite3_stmt *st, int first,
	const char *const *v, int n, struct hak_err *err)
{
	int i, rc;

	for (i = 0; i < n; i++)
		if ((rc = hak_db_bound(db, hak_db_bind_text(st, first + i, v[i]),
		    err)))
			return rc;
	return HAK_OK;
}

int
hak_db_prepare(struct hak_db *db, const char *sql, sqlite3_stmt **st,
	struct hak_err *err)
{
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, st, NULL);

	if (rc != SQLITE_OK) {
		*st = NULL;
		return hak_db_fail(db, rc, err);
	}
	return HAK_OK;
}

int
hak_db_exec(struct hak_db *db, const char *sql, struct hak_err *err)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? HAK_OK : hak_db_fail(db, rc, err);
}

int
hak_db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int
hak_db_bind_static(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

char *
hak_db_col_dup(sqlite3_stmt *st, int i)
{
	return hak_xstrdup(hak_db_col(st, i));
}

const char *
hak_db_col(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return (const char *)sqlite3_column_text(st, i);
}

/* Step st to its end and finalize it; for statements without rows. */
static int
step_done(struct hak_db *db, sqlite3_stmt *st, struct hak_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return hak_db_fail(db, rc, err);
	return HAK_OK;
}

/* Run sql with up to n text parameters (NULL binds NULL). */
int
hak_db_run(struct hak_db *db, struct hak_err *err, const char *sql, int n,
	const char *const *args)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	if ((rc = hak_db_bind_texts(db, st, 1, args, n, err))) {
		sqlite3_finalize(st);
		return rc;
	}
	return step_done(db, st, err);
}

/* An integer from a one-row query such as PRAGMA user_version. */
int
hak_db_query_int(struct hak_db *db, const char *sql, long *out,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = (long)sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

/* --- transactions --- */

int
hak_db_begin(struct hak_db *db, struct hak_err *err)
{
	db->tx_gen++;
	db->savepoints = 0;
	return hak_db_exec(db, "BEGIN IMMEDIATE", err);
}

int
hak_db_commit(struct hak_db *db, struct hak_err *err)
{
	int rc = hak_db_exec(db, "COMMIT", err);

	db->tx_gen++;
	if (rc == HAK_OK)
		db->savepoints = 0;
	return rc;
}

void
hak_db_rollback(struct hak_db *db)
{
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	db->tx_gen++;
	db->savepoints = 0;
}

int
hak_db_savepoint(struct hak_db *db, struct hak_err *err)
{
	char sql[64];
	int rc;

	snprintf(sql, sizeof(sql), "SAVEPOINT sp%d", db->savepoints + 1);
	if ((rc = hak_db_exec(db, sql, err)))
		return rc;
	db->savepoints++;
	return HAK_OK;
}

int
hak_db_release(struct hak_db *db, struct hak_err *err)
{
	char sql[64];
	int rc;

	if (db->savepoints <= 0)
		return hak_err_set(err, HAK_EBUG,
		    "release without a savepoint");
	snprintf(sql, sizeof(sql), "RELEASE sp%d", db->savepoints);
	if ((rc = hak_db_exec(db, sql, err)))
		return rc;
	db->savepoints--;
	return HAK_OK;
}

int
hak_db_rollback_to(struct hak_db *db, struct hak_err *err)
{
	char sql[96];
	int rc;

	db->tx_gen++;
	if (db->savepoints <= 0)
		return hak_err_set(err, HAK_EBUG,
		    "rollback without a savepoint");
	snprintf(sql, sizeof(sql), "ROLLBACK TO sp%d; RELEASE sp%d",
	    db->savepoints, db->savepoints);
	if ((rc = hak_db_exec(db, sql, err)))
		return rc;
	db->savepoints--;
	return HAK_OK;
}

/* --- settings --- */

int
hak_db_setting(struct hak_db *db, const char *key, char **value,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	*value = NULL;
	if ((rc = hak_db_prepare(db, "SELECT value FROM settings WHERE key = ?",
	    &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, key), err))) {
		sqlite3_finalize(st);
		return rc;
	}
	src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*value = hak_db_col_dup(st, 0);
	sqlite3_finalize(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return HAK_OK;
}

int
hak_db_set_setting(struct hak_db *db, const char *key, const char *value,
	struct hak_err *err)
{
	const char *args[2] = { key, value };

	return hak_db_run(db, err, "INSERT INTO settings (key, value) "
	    "VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
	    "excluded.value", 2, args);
}

bool
hak_db_parse_int(const char *s, int *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < INT_MIN || v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

/* --- opening --- */

int
hak_db_check_fs(const char *path, struct hak_err *err)
{
	char sp[HAK_ERR_SHORT + 1];
	struct statfs sf;
	size_t i;

	if (statfs(path, &sf) != 0)
		return HAK_OK;	/* open reports a missing file */
	for (i = 0; i < sizeof(network_fs) / sizeof(network_fs[0]); i++)
		if ((unsigned long)sf.f_type == network_fs[i])
			return hak_err_set(err, HAK_ECONFIG,
			    "database '%s' is on a network file system: "
			    "SQLite's locking is not safe there",
			    hak_err_short(path, sp));
	return HAK_OK;
}

/* The directory holding path ("." when none), caller frees. */
char *
hak_db_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return hak_xstrdup(".");
	if (slash == path)
		return hak_xstrdup("/");
	return hak_xstrndup(path, (size_t)(slash - path));
}

static char *
login_name(void)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw && pw->pw_name && *pw->pw_name)
		return hak_xstrdup(pw->pw_name);
	return hak_xasprintf("uid%ld", (long)geteuid());
}

static int
busy_timeout(int *ms, struct hak_err *err)
{
	const char *s = getenv("HAK_BUSY_TIMEOUT");

	*ms = 5000;
	if (!s || !*s)
		return HAK_OK;
	if (!hak_db_parse_int(s, ms) || *ms < 0)
		return hak_err_set(err, HAK_ECONFIG,
		    "invalid HAK_BUSY_TIMEOUT '%s': not a number of "
		    "milliseconds", s);
	return HAK_OK;
}

void
hak_db_close(struct hak_db *db)
{
	if (!db)
		return;
	if (db->sql) {
		hak_db_rollback(db);
		if (db->events)
			db->events_free(db->events);
		db->events = NULL;
		while (db->ncache)
			sqlite3_finalize(db->cache[--db->ncache].st);
		sqlite3_close_v2(db->sql);
	}
	free(db->cache);
	hak_config_release(&db->org);
	free(db->org_dump);
	free(db->path);
	free(db->actor);
	free(db->os_user);
	free(db);
}

/*
 * Open the SQLite file with our settings, without looking at the schema.
 * Used by hak_db_open and by hak_db_init before migrating.
 */
int
hak_db_open_raw(const char *path, unsigned flags, struct hak_db **out,
	struct hak_err *err)
{
	char sp[HAK_ERR_SHORT + 1];
	struct hak_db *db;
	struct stat sb;
	char *dir = NULL;
	bool rw;
	int rc, oflags;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return hak_err_set(err, HAK_ENOINPUT,
			    "cannot open database '%s': no such file "
			    "(run 'hak init')", hak_err_short(path, sp));
		return hak_err_set(err, hak_code_from_errno(errno),
		    "cannot open database '%s': %s", hak_err_short(path, sp),
		    strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return hak_err_set(err, HAK_ENOINPUT,
		    "cannot open database '%s': not a regular file",
		    hak_err_short(path, sp));
	if (access(path, (flags & HAK_DB_READONLY) ? R_OK : R_OK | W_OK))
		return hak_err_set(err, HAK_EPERM,
		    "cannot open database '%s': %s", hak_err_short(path, sp),
		    strerror(errno));
	if ((rc = hak_db_check_fs(path, err)))
		return rc;

	db = hak_xcalloc(1, sizeof(*db));
	db->path = hak_xstrdup(path);
	db->readonly = (flags & HAK_DB_READONLY) != 0;
	if ((rc = busy_timeout(&db->busy_ms, err)))
		goto fail;
	/*
	 * A read-only SQLite connection to a WAL database creates -wal and
	 * -shm files and, unable to checkpoint, leaves them behind.  When we
	 * may write the file and its directory, open it read-write with
	 * query_only instead: the last one to close then removes them.
	 */
	rw = !db->readonly || (access(path, W_OK) == 0 &&
	    access((dir = hak_db_dir_of(path)), W_OK | X_OK) == 0);
	free(dir);
	/* One thread uses a connection (hak_db.h): no mutex per call. */
	oflags = (rw ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) |
	    SQLITE_OPEN_NOMUTEX;
	rc = sqlite3_open_v2(path, &db->sql, oflags, NULL);
	if (rc != SQLITE_OK) {
		rc = hak_db_fail(db, rc, err);
		goto fail;
	}
	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->sql, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_busy_timeout(db->sql, db->busy_ms);
	if (!db->readonly &&
	    (rc = hak_db_exec(db, "PRAGMA journal_mode = WAL", err)))
		goto fail;
	if ((rc = hak_db_exec(db, "PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON", err)))
		goto fail;
	if (db->readonly &&
	    (rc = hak_db_exec(db, "PRAGMA query_only = ON", err)))
		goto fail;

	*out = db;
	return HAK_OK;
fail:
	hak_db_close(db);
	return rc;
}

/* Set the zone from the stored timezone, then (and only then) "now". */
int
hak_db_set_zone(struct hak_db *db, const char *tz, struct hak_err *err)
{
	int rc;

	if ((rc = hak_clock_setzone(tz, err)))
		return rc;
	return hak_clock_now(&db->now, err);
}

const char *
hak_db_path(const struct hak_db *db)
{
	return db->path;
}

int64_t
hak_db_now(const struct hak_db *db)
{
	return db->now;
}

/*
 * The user names are looked up when first needed (by a write), so that
 * read-only commands do not pay for the password database.
 */
static void
lookup_users(struct hak_db *db)
{
	const char *user;

	if (db->os_user)
		return;
	db->os_user = login_name();
	user = getenv("HAK_USER");
	db->actor = hak_xstrdup(user && *user ? user : db->os_user);
}

void
hak_db_set_clock(struct hak_db *db, int64_t now)
{
	db->now = now;
}

void
hak_db_set_actor(struct hak_db *db, const char *actor)
{
	char *copy = hak_xstrdup(actor);

	lookup_users(db);
	free(db->actor);
	db->actor = copy;
}

const char *
hak_db_actor(const struct hak_db *db)
{
	lookup_users((struct hak_db *)db);
	return db->actor;
}

const char *
hak_db_os_user(const struct hak_db *db)
{
	lookup_users((struct hak_db *)db);
	return db->os_user;
}

struct hak_calendar
hak_db_calendar(const struct hak_db *db)
{
	struct hak_calendar cal = { db->org.holidays, db->org.nholidays };

	return cal;
}


int
hak_db_words(struct hak_db *db, const char *sql, struct hak_strv *out,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			hak_strv_push(out, hak_db_col(st, 0));
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? HAK_OK : hak_db_fail(db, src, err);
}

int
hak_db_stmt(struct hak_db *db, const char *sql, sqlite3_stmt **st,
	struct hak_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			*st = db->cache[i].st;
			sqlite3_reset(*st);
			sqlite3_clear_bindings(*st);
			return HAK_OK;
		}
	rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT,
		st, NULL);
	if (rc != SQLITE_OK)
		return hak_db_fail(db, rc, err);
	HAK_ALLOC_GROW(db->cache, db->ncache + 1, db->acache);
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache++].st = *st;
	return HAK_OK;
}

/* One transaction around fn for keys[from..to). */
static int
each_tx(struct hak_db *db, const struct hak_strv *keys, size_t from,
	size_t to, bool dry, const struct hak_each *each, struct hak_err *err)
{
	size_t i;
	int rc;

	if ((rc = hak_db_begin(db, err)))
		return rc;
	for (i = from; i < to && !rc; i++)
		rc = each->fn(db, keys->v[i], each->ctx, err);
	if (rc || dry)
		hak_db_rollback(db);
	else
		rc = hak_db_commit(db, err);
	return rc;
}

int
hak_db_each_key(struct hak_db *db, const struct hak_strv *keys,
	unsigned flags, const struct hak_each *each, FILE *report,
	const char *prog, struct hak_err *err)
{
	bool dry = flags & HAK_EACH_DRY_RUN;
	struct hak_err e;
	size_t i;
	int rc, worst = HAK_OK;

	if (!(flags & HAK_EACH_KEEP_GOING))
		return each_tx(db, keys, 0, keys->n, dry, each, err);
	for (i = 0; i < keys->n; i++) {
		hak_err_clear(&e);
		if (!(rc = each_tx(db, keys, i, i + 1, dry, each, &e)))
			continue;
		if (each->undo)
			each->undo(each->ctx);
		if (report)
			hak_err_print(&e, prog, report);
		worst = hak_code_worst(worst, rc);
	}
	return worst;
}

int
hak_db_step_done(struct hak_db *db, sqlite3_stmt *st, struct hak_err *err)
{
	int src = sqlite3_step(st);

	sqlite3_reset(st);
	return src == SQLITE_DONE ? HAK_OK : hak_db_fail(db, src, err);
}

int
hak_db_demo(struct hak_db *db, bool *yes, struct hak_err *err)
{
	char *demo;
	int rc;

	*yes = false;
	if ((rc = hak_db_setting(db, "demo", &demo, err)))
		return rc;
	*yes = demo && !strcmp(demo, "1");
	free(demo);
	return HAK_OK;
}

bool
hak_db_is_demo(struct hak_db *db)
{
	bool yes;

	return hak_db_demo(db, &yes, NULL) == HAK_OK && yes;
}
