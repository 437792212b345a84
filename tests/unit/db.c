/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/db.c: init, open, migrations, sync, check, backup. */
#include <dirent.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_int.h"
#include "hak/check.h"
#include "hak/config.h"
#include "hak/date.h"
#include "hak/db.h"
#include "hak/event.h"
#include "tap.h"

static char tmpdir[] = "/tmp/hak-db-XXXXXX";

static char *
tpath(const char *name)
{
	return hak_xasprintf("%s/%s", tmpdir, name);
}

/* A config: the built-in default with our own holidays, a center, two
 * staff and one headline question. */
static void
make_cfg(struct hak_config *cfg)
{
	static const char *const days[] = {
		"2026-01-01", "2026-03-02", "2026-05-05"
	};
	size_t i;

	hak_config_default(cfg);
	cfg->nholidays = 3;
	for (i = 0; i < 3; i++)
		hak_day_parse(days[i], &cfg->holidays[i], NULL);
	hak_strv_push(&cfg->depts[0].centers, "Learning Support Center");
	cfg->staff = hak_xcalloc(2, sizeof(*cfg->staff));
	cfg->nstaff = 2;
	cfg->staff[0].id = hak_xstrdup("kim.minji");
	cfg->staff[0].name = hak_xstrdup("김민지");
	cfg->staff[0].dept = hak_xstrdup("FAC");
	cfg->staff[0].role = hak_xstrdup("engineer");
	cfg->staff[0].active = true;
	cfg->staff[1].id = hak_xstrdup("lee.jun");
	cfg->staff[1].name = hak_xstrdup("이준");
	cfg->staff[1].dept = hak_xstrdup("EDU");
	cfg->staff[1].active = true;
	hak_strv_push(&cfg->headline, "support-2026/workload_reduced");
	cfg->path = hak_xstrdup("/etc/hakjibon/config.yaml");
}

/* Raw SQLite access, as an attacker or another program would have. */
static long
raw_int(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long v = -1;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) ==
	    SQLITE_OK && sqlite3_prepare_v2(h, sql, -1, &st, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = (long)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

static int
raw_exec(const char *path, const char *sql)
{
	sqlite3 *h;
	int rc;

	rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

static char *
last_note(struct hak_db *db)
{
	sqlite3_stmt *st;
	char *s = NULL;

	if (hak_db_prepare(db, "SELECT note FROM events ORDER BY id DESC "
	    "LIMIT 1", &st, NULL))
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		s = hak_db_col_dup(st, 0);
	sqlite3_finalize(st);
	return s;
}

static long
db_int(struct hak_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long v = -1;

	if (hak_db_prepare(db, sql, &st, NULL))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static mode_t
mode_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_mode & 07777 : (mode_t)-1;
}

/* A setting, failing the test when the lookup itself fails. */
static char *
setting(struct hak_db *db, const char *key)
{
	struct hak_err e;
	char *v;

	hak_err_clear(&e);
	if (hak_db_setting(db, key, &v, &e) != HAK_OK) {
		fprintf(stderr, "# %s\n", e.msg);
		ok(0, "setting lookup runs");
	}
	return v;
}

/* The database's own steps of `hak check`. */
static int
check_db(struct hak_db *db, FILE *fp, int *findings, struct hak_err *err)
{
	struct hak_check c = HAK_CHECK_INIT;
	int rc;

	hak_check_add_db(&c);
	rc = hak_check_run(&c, db, fp, findings, err);
	hak_check_release(&c);
	return rc;
}

static void
test_locate(void)
{
	struct hak_buf b = HAK_BUF_INIT;
	struct hak_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	unsetenv("HAK_DB");
	hak_db_locate(NULL, NULL, &b);
	is_str(b.buf, "./hakjibon.db", "locate: default ./hakjibon.db");
	hak_buf_reset(&b);
	cfg.database = "/srv/x.db";
	hak_db_locate(NULL, &cfg, &b);
	is_str(b.buf, "/srv/x.db", "locate: config database:");
	hak_buf_reset(&b);
	setenv("HAK_DB", "/env.db", 1);
	hak_db_locate(NULL, &cfg, &b);
	is_str(b.buf, "/env.db", "locate: $HAK_DB beats the config");
	hak_buf_reset(&b);
	hak_db_locate("opt.db", &cfg, &b);
	is_str(b.buf, "opt.db", "locate: --db beats $HAK_DB");
	unsetenv("HAK_DB");
	hak_buf_release(&b);
}

static void
test_open_errors(void)
{
	struct hak_db *db = NULL;
	struct hak_err err;
	char *p = tpath("missing.db"), *want;
	int rc;

	hak_err_clear(&err);
	rc = hak_db_open(p, 0, &db, &err);
	is_int(rc, HAK_ENOINPUT, "open of a missing file: HAK_ENOINPUT");
	want = hak_xasprintf("cannot open database '%s': no such file "
	    "(run 'hak init')", p);
	is_str(err.msg, want, "open of a missing file: message says hak init");
	ok(db == NULL, "open of a missing file: no handle");
	ok(access(p, F_OK) != 0, "open of a missing file does not create it");
	free(want);
	free(p);

	p = tpath("garbage.db");
	{
		FILE *fp = fopen(p, "w");

		fputs("this is not a database, just some text padding it "
		    "out to more than one hundred bytes so that SQLite reads "
		    "a header and refuses it.\n", fp);
		fclose(fp);
	}
	rc = hak_db_open(p, 0, &db, &err);
	is_int(rc, HAK_ECONFIG, "open of a text file: HAK_ECONFIG");
	free(p);

	p = tpath("foreign.db");
	raw_exec(p, "CREATE TABLE stuff (x INTEGER)");
	rc = hak_db_open(p, 0, &db, &err);
	is_int(rc, HAK_ECONFIG, "open of a version-0 foreign database");
	ok(strstr(err.msg, "not a hakjibon database") != NULL,
	    "... says it is not a hakjibon database");
	free(p);
}

static void
test_init(void)
{
	struct hak_config cfg;
	const struct hak_config *org;
	struct hak_calendar cal;
	struct hak_db *db = NULL;
	struct hak_err err;
	bool created = false;
	int from = -1, rc;
	char *p = tpath("h.db"), *note, *s, *wal;
	int32_t day;

	make_cfg(&cfg);
	hak_err_clear(&err);
	rc = hak_db_init(p, NULL, &cfg, &db, &created, &from, &err);
	is_int(rc, HAK_OK, "init of a new file");
	if (rc)
		printf("# %s\n", err.msg);
	ok(created, "init: created");
	is_int(from, 0, "init: not migrated");
	is_int(mode_of(p), 0600, "init: file mode 0600");
	is_int(raw_int(p, "PRAGMA user_version"), hak_db_schema_version(),
	    "init: user_version is the schema version");
	ok(hak_db_schema_version() >= 1, "schema version is at least 1");
	is_int(db_int(db, "SELECT count(*) FROM events"), 1,
	    "init: one config event");
	note = last_note(db);
	/* 9 settings + 4 departments + 1 center + 11 categories + 2 staff
	 * + 3 holidays + 1 headline question */
	is_str(note, "31 added", "init: event note counts what was added");
	free(note);
	is_int(db_int(db, "SELECT count(*) FROM events WHERE entity = 'config'"
	    " AND key = 'org' AND action = 'sync' AND seq = 1 "
	    "AND at = '2026-03-02T09:00:00+09:00' AND actor = 'tester'"), 1,
	    "init: event entity, key, action, seq, at and actor");

	org = hak_db_config(db);
	is_int(org->ndepts, 4, "org: 4 departments");
	is_int(org->ncats, 11, "org: 11 categories");
	is_int(org->nstaff, 2, "org: 2 staff");
	is_str(org->timezone, "Asia/Seoul", "org: timezone");
	is_str(org->path, "/etc/hakjibon/config.yaml", "org: config path");
	is_int(org->depts[0].centers.n, 1, "org: EDU has one center");
	is_int(org->headline.n, 1, "org: one headline question");
	hak_day_parse("2026-03-02", &day, NULL);
	cal = hak_db_calendar(db);
	is_int(cal.n, 3, "calendar: 3 holidays");
	ok(cal.n == 3 && cal.holidays[1] == day, "calendar: sorted days");
	is_int(hak_db_now(db), 1772409600L, "now is $HAK_NOW");
	is_str(hak_db_actor(db), "tester", "actor is $HAK_USER");
	ok(hak_db_os_user(db) && *hak_db_os_user(db), "os_user is set");
	is_str(hak_db_path(db), p, "path");

	s = setting(db, "sla_urgent");
	is_str(s, "1", "setting sla_urgent");
	free(s);
	s = setting(db, "school_year_start");
	is_str(s, "03-01", "setting school_year_start");
	free(s);
	ok(setting(db, "nonesuch") == NULL, "absent setting is NULL");
	ok(!hak_db_config_differs(db, &cfg), "config does not differ");
	hak_db_close(db);
	db = NULL;

	/* Again: idempotent. */
	rc = hak_db_init(p, NULL, &cfg, &db, &created, &from, &err);
	is_int(rc, HAK_OK, "second init");
	ok(!created, "second init: not created");
	is_int(db_int(db, "SELECT count(*) FROM events"), 1,
	    "second init writes no event");
	hak_db_close(db);
	db = NULL;

	/* Remove a staff member, rename another, drop a category. */
	free(cfg.staff[0].name);
	cfg.staff[0].name = hak_xstrdup("김민지 (FAC)");
	free(cfg.staff[1].id);
	free(cfg.staff[1].name);
	free(cfg.staff[1].dept);
	cfg.nstaff = 1;
	free(cfg.cats[10].code);
	free(cfg.cats[10].name);
	free(cfg.cats[10].dept);
	cfg.ncats = 10;
	rc = hak_db_init(p, NULL, &cfg, &db, &created, &from, &err);
	is_int(rc, HAK_OK, "init after editing the config");
	is_int(db_int(db, "SELECT count(*) FROM events"), 2,
	    "... writes a second event");
	is_int(db_int(db, "SELECT max(seq) FROM events"), 2, "... seq 2");
	note = last_note(db);
	is_str(note, "1 updated, 2 deactivated", "... note summarises it");
	free(note);
	org = hak_db_config(db);
	is_int(org->nstaff, 2, "removed staff kept in the database");
	ok(org->nstaff == 2 && !strcmp(org->staff[1].id, "lee.jun") &&
	    !org->staff[1].active, "removed staff is inactive");
	ok(org->nstaff == 2 && org->staff[0].active &&
	    !strcmp(org->staff[0].name, "김민지 (FAC)"), "renamed staff");
	ok(org->ncats == 11 && !org->cats[10].active,
	    "removed category is inactive");
	is_int(db_int(db, "SELECT active FROM staff WHERE id = 'lee.jun'"), 0,
	    "staff row active = 0");
	hak_db_close(db);
	db = NULL;

	/* Holidays are a set: one more, one fewer. */
	hak_day_parse("2026-05-25", &cfg.holidays[2], NULL);
	rc = hak_db_init(p, NULL, &cfg, &db, &created, &from, &err);
	is_int(rc, HAK_OK, "init with other holidays");
	note = last_note(db);
	is_str(note, "1 added, 1 removed", "... holiday replaced");
	free(note);
	is_int(db_int(db, "SELECT count(*) FROM holidays WHERE day = "
	    "'2026-05-05'"), 0, "... old holiday gone");
	ok(!hak_db_config_differs(db, &cfg), "synced config does not differ");
	cfg.min_group = 7;
	ok(hak_db_config_differs(db, &cfg), "changed config differs");
	hak_db_close(db);
	db = NULL;

	/* Read-only open. */
	rc = hak_db_open(p, HAK_DB_READONLY, &db, &err);
	is_int(rc, HAK_OK, "read-only open");
	rc = hak_db_set_setting(db, "x", "y", &err);
	is_int(rc, HAK_EPERM, "read-only: writes refused");
	hak_db_close(db);
	db = NULL;
	wal = hak_xasprintf("%s-wal", p);
	ok(access(wal, F_OK) != 0, "read-only open leaves no -wal file");
	free(wal);

	/* $HAK_NOW in local time means the database's zone, not TZ. */
	setenv("TZ", "UTC", 1);
	setenv("HAK_NOW", "2026-03-02T09:00:00", 1);
	rc = hak_db_open(p, 0, &db, &err);
	is_int(rc, HAK_OK, "open with local $HAK_NOW");
	is_int(hak_db_now(db), 1772409600L, "local $HAK_NOW is in Asia/Seoul");
	hak_db_close(db);
	db = NULL;
	setenv("HAK_NOW", "2026-03-02T09:00:00+09:00", 1);

	setenv("HAK_BUSY_TIMEOUT", "soon", 1);
	rc = hak_db_open(p, 0, &db, &err);
	is_int(rc, HAK_ECONFIG, "invalid HAK_BUSY_TIMEOUT");
	unsetenv("HAK_BUSY_TIMEOUT");

	/* A newer schema is refused. */
	{
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    hak_db_schema_version() + 1);
		raw_exec(p, sql);
	}
	rc = hak_db_open(p, 0, &db, &err);
	is_int(rc, HAK_ECONFIG, "open of a newer schema: HAK_ECONFIG");
	ok(strstr(err.msg, "newer") != NULL, "... says newer");
	rc = hak_db_init(p, NULL, &cfg, &db, &created, &from, &err);
	is_int(rc, HAK_ECONFIG, "init of a newer schema: HAK_ECONFIG");
	ok(access(p, F_OK) == 0, "... leaves the file alone");

	hak_config_release(&cfg);
	free(p);
}

static void
test_migrate(void)
{
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_err err;
	bool created = true;
	int from = -1, rc;
	char *p = tpath("old.db"), *pre = tpath("old.db.pre-v0");
	char *want;

	/* An empty version-0 database: older than v1. */
	raw_exec(p, "CREATE TABLE t (x); INSERT INTO t VALUES (1); "
	    "DROP TABLE t");
	rc = hak_db_open(p, 0, &db, &err);
	is_int(rc, HAK_ECONFIG, "open of a v0 database: HAK_ECONFIG");
	make_cfg(&cfg);
	rc = hak_db_init(p, NULL, &cfg, &db, &created, &from, &err);
	is_int(rc, HAK_OK, "init migrates a v0 database");
	ok(!created, "... not created");
	is_int(from, 0, "... migrated from v0");
	ok(access(pre, F_OK) == 0, "... after copying it to FILE.pre-v0");
	is_int(mode_of(pre), 0600, "... the copy has mode 0600");
	is_int(raw_int(pre, "PRAGMA user_version"), 0, "... the copy is v0");
	is_int(raw_int(p, "PRAGMA user_version"), hak_db_schema_version(),
	    "... the file is at the schema version");
	hak_db_close(db);
	db = NULL;

	/* Someone else's tables: refused, not migrated. */
	free(p);
	p = tpath("theirs.db");
	raw_exec(p, "CREATE TABLE accounts (id INTEGER)");
	rc = hak_db_init(p, NULL, &cfg, &db, &created, &from, &err);
	is_int(rc, HAK_ECONFIG, "init refuses a foreign database");
	want = hak_xasprintf("'%s' is not a hakjibon database", p);
	is_str(err.msg, want, "... saying so");
	is_int(raw_int(p, "PRAGMA user_version"), 0, "... and leaves it v0");
	free(want);
	hak_config_release(&cfg);
	free(pre);
	free(p);
}

/* v3 to v4: the schools of v3 (without codes, status and closed_on) keep
 * their rows; they are open and their codes are in school_codes. */
static void
test_migrate_v4(void)
{
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_err err;
	bool created = true;
	int from = -1, rc;
	char *p = tpath("v3.db");

	make_cfg(&cfg);
	rc = hak_db_init(p, NULL, &cfg, &db, &created, &from, &err);
	is_int(rc, HAK_OK, "v4: a database to make v3 of");
	hak_db_close(db);
	db = NULL;
	/* v5's tables go too: the migration from v3 makes them again */
	raw_exec(p, "DROP TABLE request_open_school; DROP TABLE request_open_due; DROP TABLE request_spans; DROP TABLE survey_texts; DROP TABLE survey_responses; "
	    "DROP TABLE survey_batches; DROP TABLE survey_questions; "
	    "DROP TABLE surveys; "
	    "DROP TABLE school_codes; DROP INDEX schools_status; "
	    "ALTER TABLE schools DROP COLUMN codes; "
	    "ALTER TABLE schools DROP COLUMN status; "
	    "ALTER TABLE schools DROP COLUMN closed_on; "
	    "INSERT INTO schools (code, name, level) "
	    "VALUES ('7010001', 'Hanbit', 'elementary'), "
	    "('0012345', 'Saesol', 'high'); "
	    "PRAGMA user_version = 3");
	rc = hak_db_open(p, 0, &db, &err);
	is_int(rc, HAK_ECONFIG, "v4: a v3 database needs hak init");
	rc = hak_db_init(p, NULL, &cfg, &db, &created, &from, &err);
	is_int(rc, HAK_OK, "v4: init migrates v3");
	is_int(from, 3, "v4: ... from v3");
	hak_db_close(db);
	db = NULL;
	is_int(raw_int(p, "SELECT count(*) FROM schools WHERE status = 'open'"
	    " AND codes IS NULL AND closed_on IS NULL"), 2,
	    "v4: the rows kept, open, without other codes");
	is_int(raw_int(p, "SELECT count(*) FROM school_codes WHERE "
	    "code = school AND code IN ('7010001', '0012345')"), 2,
	    "v4: each code in school_codes");
	hak_config_release(&cfg);
	free(p);
}

/* The statement cache grows: 100 distinct cached statements (it used
 * to fail at 65), each still found again by address. */
static void
test_stmt_cache(void)
{
	static char sqls[100][32];
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_err err;
	sqlite3_stmt *st, *first[100];
	char *p = tpath("cache.db");
	int i, bad = 0, again = 0;

	make_cfg(&cfg);
	hak_err_clear(&err);
	is_int(hak_db_init(p, NULL, &cfg, &db, NULL, NULL, &err), HAK_OK,
	    "cache: init");
	for (i = 0; i < 100; i++) {
		snprintf(sqls[i], sizeof(sqls[i]), "SELECT %d", i);
		if (hak_db_stmt(db, sqls[i], &first[i], &err) != HAK_OK)
			bad++;
	}
	is_int(bad, 0, "cache: 100 distinct statements cached");
	for (i = 0; i < 100; i++)
		if (hak_db_stmt(db, sqls[i], &st, &err) != HAK_OK ||
		    st != first[i] || sqlite3_step(st) != SQLITE_ROW ||
		    sqlite3_column_int(st, 0) != i)
			again++;
	is_int(again, 0, "cache: each found again and runs");
	hak_db_close(db);
	hak_config_release(&cfg);
	free(p);
}

static void
test_tx(void)
{
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_err err;
	sqlite3 *other;
	char *p = tpath("tx.db"), *s;
	int rc;

	make_cfg(&cfg);
	rc = hak_db_init(p, NULL, &cfg, &db, NULL, NULL, &err);
	is_int(rc, HAK_OK, "tx: init");
	hak_db_rollback(db);
	ok(1, "rollback outside a transaction is a no-op");

	is_int(hak_db_begin(db, &err), HAK_OK, "begin");
	is_int(hak_db_savepoint(db, &err), HAK_OK, "savepoint 1");
	hak_db_set_setting(db, "a", "1", &err);
	is_int(hak_db_savepoint(db, &err), HAK_OK, "savepoint 2");
	is_int(db->savepoints, 2, "savepoint depth 2");
	hak_db_set_setting(db, "b", "2", &err);
	is_int(hak_db_rollback_to(db, &err), HAK_OK, "rollback_to");
	is_int(db->savepoints, 1, "rollback_to pops one");
	is_int(hak_db_release(db, &err), HAK_OK, "release 1");
	is_int(hak_db_release(db, &err), HAK_EBUG, "release without one");
	is_int(hak_db_rollback_to(db, &err), HAK_EBUG,
	    "rollback_to without one");
	is_int(hak_db_commit(db, &err), HAK_OK, "commit");
	s = setting(db, "a");
	is_str(s, "1", "released savepoint kept its write");
	free(s);
	ok(setting(db, "b") == NULL, "rolled-back savepoint undone");

	is_int(hak_db_begin(db, &err), HAK_OK, "begin again");
	hak_db_set_setting(db, "a", "9", &err);
	hak_db_rollback(db);
	s = setting(db, "a");
	is_str(s, "1", "rollback undoes the write");
	free(s);
	hak_db_close(db);
	db = NULL;

	/* Busy: another connection holds the write lock. */
	setenv("HAK_BUSY_TIMEOUT", "100", 1);
	rc = hak_db_open(p, 0, &db, &err);
	is_int(rc, HAK_OK, "busy: open");
	sqlite3_open_v2(p, &other, SQLITE_OPEN_READWRITE, NULL);
	is_int(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK, "busy: other connection holds BEGIN IMMEDIATE");
	rc = hak_db_begin(db, &err);
	is_int(rc, HAK_EBUSY, "busy: begin is HAK_EBUSY");
	is_str(err.msg, "database is busy (waited 100 ms)", "busy: message");
	sqlite3_exec(other, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(other);
	is_int(hak_db_begin(db, &err), HAK_OK, "busy: begin after release");
	hak_db_rollback(db);
	hak_db_close(db);
	unsetenv("HAK_BUSY_TIMEOUT");
	hak_config_release(&cfg);
	free(p);
}

static bool
dir_has_tmp(void)
{
	struct dirent *de;
	DIR *d = opendir(tmpdir);
	bool found = false;

	while (d && (de = readdir(d)))
		if (strstr(de->d_name, ".tmp"))
			found = true;
	if (d)
		closedir(d);
	return found;
}

static void
test_backup_check(void)
{
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_err err;
	char *p = tpath("b.db"), *dest = tpath("copy.db"), *want;
	char *rep = NULL;
	size_t replen = 0;
	FILE *fp;
	int rc, findings = -1;

	make_cfg(&cfg);
	rc = hak_db_init(p, NULL, &cfg, &db, NULL, NULL, &err);
	is_int(rc, HAK_OK, "backup: init");
	rc = hak_db_backup(db, dest, false, &err);
	is_int(rc, HAK_OK, "backup to a new file");
	is_int(mode_of(dest), 0600, "backup has mode 0600");
	is_int(raw_int(dest, "SELECT count(*) FROM staff"), 2,
	    "backup has the data");
	is_int(raw_int(dest, "PRAGMA user_version"), hak_db_schema_version(),
	    "backup has the schema version");
	ok(!dir_has_tmp(), "no temporary file left");
	rc = hak_db_backup(db, dest, false, &err);
	is_int(rc, HAK_ECREATE, "backup refuses an existing file");
	want = hak_xasprintf("'%s' exists (use --force)", dest);
	is_str(err.msg, want, "... saying to use --force");
	free(want);
	hak_db_set_setting(db, "marker", "x", &err);
	rc = hak_db_backup(db, dest, true, &err);
	is_int(rc, HAK_OK, "backup --force overwrites");
	is_int(raw_int(dest, "SELECT count(*) FROM settings WHERE key = "
	    "'marker'"), 1, "... with the current data");

	/* check: clean. */
	fp = open_memstream(&rep, &replen);
	rc = check_db(db, fp, &findings, &err);
	fclose(fp);
	is_int(rc, HAK_OK, "check runs");
	is_int(findings, 0, "check: no findings on a fresh database");
	is_str(rep, "", "check: nothing reported");
	free(rep);

	/* check: world-readable is a warning only. */
	chmod(p, 0644);
	fp = open_memstream(&rep, &replen);
	rc = check_db(db, fp, &findings, &err);
	fclose(fp);
	is_int(findings, 0, "check: mode 0644 is not a finding");
	ok(rep && !strncmp(rep, "warning: ", 9), "... but a warning");
	free(rep);
	chmod(p, 0600);

	/* check: a batch whose counts do not add up. */
	hak_db_exec(db, "INSERT INTO batches (entity, file, sha256, rows_read, "
	    "new_rows, updated, same, changed, rejected, actor, os_user, at) "
	    "VALUES ('school', 'a.csv', 'x', 10, 5, 1, 1, 1, 1, 't', 't', "
	    "'2026-03-02T09:00:00+09:00')", &err);
	fp = open_memstream(&rep, &replen);
	check_db(db, fp, &findings, &err);
	fclose(fp);
	is_int(findings, 1, "check: bad batch counts are a finding");
	ok(rep && strstr(rep, "batch 1"), "... naming the batch");
	free(rep);
	hak_db_close(db);
	db = NULL;

	/* check: a tampered event. */
	raw_exec(p, "DROP TRIGGER events_no_update; "
	    "UPDATE events SET note = '0 added' WHERE id = 1");
	rc = hak_db_open(p, 0, &db, &err);
	fp = open_memstream(&rep, &replen);
	check_db(db, fp, &findings, &err);
	fclose(fp);
	is_int(findings, 2, "check: tampered event is a finding");
	ok(rep && strstr(rep, "events: hash chain broken at event 1\n"),
	    "... reported as a broken chain at event 1");
	free(rep);
	hak_db_close(db);

	hak_config_release(&cfg);
	free(dest);
	free(p);
}

static void
test_group(void)
{
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_err err;
	struct group *gr = getgrgid(getegid());
	char *sub = tpath("shared"), *p = tpath("shared/g.db"), *rep = NULL;
	size_t replen = 0;
	int rc, findings;
	FILE *fp;

	make_cfg(&cfg);
	mkdir(sub, 0770);
	rc = hak_db_init(p, "no-such-group-here", &cfg, &db, NULL, NULL, &err);
	is_int(rc, HAK_EUSAGE, "init --group with an unknown group");
	ok(access(p, F_OK) != 0, "... creates nothing");
	if (!gr) {
		ok(1, "# skip: no group name");
		goto out;
	}
	rc = hak_db_init(p, gr->gr_name, &cfg, &db, NULL, NULL, &err);
	is_int(rc, HAK_OK, "init --group");
	is_int(mode_of(p), 0660, "... file mode 0660");
	ok(mode_of(sub) & S_ISGID, "... directory setgid");
	fp = open_memstream(&rep, &replen);
	check_db(db, fp, &findings, &err);
	fclose(fp);
	is_int(findings, 0, "check: shared setup has no findings");
	is_str(rep, "", "check: shared 0660 setup not warned");
	free(rep);
	hak_db_close(db);
out:
	hak_config_release(&cfg);
	free(sub);
	free(p);
}

int
main(void)
{
	char *cmd;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("HAK_NOW", "2026-03-02T09:00:00+09:00", 1);
	setenv("HAK_USER", "tester", 1);
	unsetenv("HAK_BUSY_TIMEOUT");
	test_locate();
	test_open_errors();
	test_init();
	test_migrate();
	test_migrate_v4();
	test_tx();
	test_stmt_cache();
	test_backup_check();
	test_group();
	cmd = hak_xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(cmd);
	return done_testing();
}
