/* SPDX-License-Identifier: MIT */
/* The database file: open, migrations, the organisation copy, check, backup. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "db_int.h"
#include "hak/date.h"
#include "hak/event.h"
#include "banned.h"

/*
 * The schema, as an ordered list of migrations: migrations[i] brings
 * user_version i-1 to i.  Append new versions at the end; never edit a
 * released one.  SQL kept to what PostgreSQL would also accept where
 * that costs nothing.
 */
static const char *const migrations[] = {
	[0] = NULL,
	[1] =
	"CREATE TABLE settings (\n"
	"	key TEXT PRIMARY KEY,\n"
	"	value TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE departments (\n"
	"	code TEXT PRIMARY KEY,\n"
	"	name TEXT NOT NULL,\n"
	"	active INTEGER NOT NULL DEFAULT 1\n"
	");\n"
	"CREATE TABLE centers (\n"
	"	department TEXT NOT NULL REFERENCES departments(code),\n"
	"	name TEXT NOT NULL,\n"
	"	active INTEGER NOT NULL DEFAULT 1,\n"
	"	PRIMARY KEY (department, name)\n"
	");\n"
	"CREATE TABLE staff (\n"
	"	id TEXT PRIMARY KEY,\n"
	"	name TEXT NOT NULL,\n"
	"	department TEXT NOT NULL REFERENCES departments(code),\n"
	"	role TEXT,\n"
	"	active INTEGER NOT NULL DEFAULT 1\n"
	");\n"
	"CREATE TABLE categories (\n"
	"	code TEXT PRIMARY KEY,\n"
	"	name TEXT NOT NULL,\n"
	"	department TEXT NOT NULL REFERENCES departments(code),\n"
	"	sla_days INTEGER,\n"
	"	active INTEGER NOT NULL DEFAULT 1\n"
	");\n"
	"CREATE TABLE holidays (\n"
	"	day TEXT PRIMARY KEY\n"
	");\n"
	"CREATE TABLE headline (\n"
	"	pos INTEGER PRIMARY KEY,\n"
	"	ref TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE schools (\n"
	"	code TEXT PRIMARY KEY,\n"
	"	name TEXT NOT NULL,\n"
	"	aliases TEXT,\n"
	"	level TEXT NOT NULL,\n"
	"	district TEXT,\n"
	"	opened TEXT\n"
	");\n"
	"CREATE TABLE school_years (\n"
	"	school TEXT NOT NULL REFERENCES schools(code),\n"
	"	year INTEGER NOT NULL,\n"
	"	students INTEGER,\n"
	"	teachers INTEGER,\n"
	"	classes INTEGER,\n"
	"	PRIMARY KEY (school, year)\n"
	");\n"
	"CREATE TABLE school_keys (\n"
	"	key TEXT NOT NULL,\n"
	"	school TEXT NOT NULL REFERENCES schools(code),\n"
	"	PRIMARY KEY (key, school)\n"
	");\n"
	"CREATE INDEX school_keys_school ON school_keys (school);\n"
	"CREATE TABLE batches (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	entity TEXT NOT NULL,\n"
	"	file TEXT NOT NULL,\n"
	"	sha256 TEXT NOT NULL,\n"
	"	rows_read INTEGER NOT NULL,\n"
	"	new_rows INTEGER NOT NULL,\n"
	"	updated INTEGER NOT NULL,\n"
	"	same INTEGER NOT NULL,\n"
	"	changed INTEGER NOT NULL,\n"
	"	rejected INTEGER NOT NULL,\n"
	"	actor TEXT NOT NULL,\n"
	"	os_user TEXT NOT NULL,\n"
	"	at TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE events (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	entity TEXT NOT NULL,\n"
	"	key TEXT NOT NULL,\n"
	"	seq INTEGER NOT NULL,\n"
	"	at TEXT NOT NULL,\n"
	"	actor TEXT NOT NULL,\n"
	"	os_user TEXT NOT NULL,\n"
	"	action TEXT NOT NULL,\n"
	"	field TEXT,\n"
	"	old TEXT,\n"
	"	new TEXT,\n"
	"	note TEXT,\n"
	"	hash TEXT NOT NULL,\n"
	"	UNIQUE (entity, key, seq)\n"
	");\n"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n"
	"BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;\n"
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events\n"
	"BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;\n",
	/* v2: support projects and their participations (lib/project.c) */
	[2] =
	"CREATE TABLE projects (\n"
	"	code TEXT PRIMARY KEY,\n"
	"	name TEXT NOT NULL,\n"
	"	department TEXT NOT NULL REFERENCES departments(code),\n"
	"	area TEXT,\n"
	"	recipients TEXT,\n"
	"	year INTEGER,\n"
	"	start_on TEXT,\n"
	"	end_on TEXT,\n"
	"	status TEXT NOT NULL DEFAULT 'planned'\n"
	"		CHECK (status IN ('planned', 'active', 'closed')),\n"
	"	is_new INTEGER NOT NULL DEFAULT 0 CHECK (is_new IN (0, 1)),\n"
	"	target INTEGER CHECK (target >= 0),\n"
	"	budget INTEGER CHECK (budget >= 0),\n"
	"	description TEXT,\n"
	"	CHECK (start_on IS NULL OR end_on IS NULL OR start_on <= end_on)\n"
	");\n"
	"CREATE INDEX projects_year ON projects (year);\n"
	"CREATE INDEX projects_department ON projects (department);\n"
	"CREATE TABLE participations (\n"
	"	project TEXT NOT NULL REFERENCES projects(code),\n"
	"	school TEXT NOT NULL REFERENCES schools(code),\n"
	"	recipient TEXT NOT NULL CHECK (recipient IN\n"
	"		('school', 'teacher', 'student', 'parent', 'staff')),\n"
	"	day TEXT NOT NULL,\n"
	"	count INTEGER NOT NULL CHECK (count >= 0),\n"
	"	PRIMARY KEY (project, school, recipient, day)\n"
	");\n"
	"CREATE INDEX participations_school ON participations (school);\n"
	"CREATE INDEX participations_day ON participations (day);\n",
	/* v3: support requests (lib/request.c) */
	[3] =
	"CREATE TABLE requests (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	external_id TEXT UNIQUE,\n"
	"	received_at TEXT NOT NULL,\n"
	"	received_ts INTEGER NOT NULL,\n"
	"	school TEXT NOT NULL REFERENCES schools(code),\n"
	"	category TEXT NOT NULL REFERENCES categories(code),\n"
	"	department TEXT NOT NULL REFERENCES departments(code),\n"
	"	priority TEXT NOT NULL\n"
	"		CHECK (priority IN ('low', 'normal', 'high', 'urgent')),\n"
	"	channel TEXT CHECK (channel IN\n"
	"		('web', 'phone', 'visit', 'document', 'email')),\n"
	"	status TEXT NOT NULL CHECK (status IN ('new', 'assigned',\n"
	"		'in_progress', 'waiting', 'resolved', 'closed', 'rejected',\n"
	"		'withdrawn')),\n"
	"	assignee TEXT REFERENCES staff(id),\n"
	"	project TEXT REFERENCES projects(code),\n"
	"	title TEXT NOT NULL,\n"
	"	body TEXT,\n"
	"	requester TEXT,\n"
	"	due_on TEXT,\n"
	"	first_response_at TEXT,\n"
	"	resolved_at TEXT,\n"
	"	resolved_ts INTEGER,\n"
	"	closed_at TEXT,\n"
	"	closed_ts INTEGER,\n"
	"	resolution TEXT,\n"
	"	reason TEXT,\n"
	"	rating INTEGER CHECK (rating BETWEEN 1 AND 5),\n"
	"	waited_days INTEGER NOT NULL DEFAULT 0,\n"
	"	waiting_since_ts INTEGER\n"
	");\n"
	"CREATE INDEX requests_status ON requests (status);\n"
	"CREATE INDEX requests_department ON requests (department);\n"
	"CREATE INDEX requests_school ON requests (school);\n"
	"CREATE INDEX requests_category ON requests (category);\n"
	"CREATE INDEX requests_assignee ON requests (assignee);\n"
	"CREATE INDEX requests_project ON requests (project);\n"
	"CREATE INDEX requests_received ON requests (received_ts);\n"
	"CREATE INDEX requests_resolved ON requests (resolved_ts);\n"
	"CREATE INDEX requests_closed ON requests (closed_ts);\n"
	"CREATE INDEX requests_due ON requests (due_on);\n"
	"CREATE INDEX requests_open_due ON requests (due_on) WHERE status IN\n"
	"	('new', 'assigned', 'in_progress', 'waiting');\n"
	"CREATE TABLE request_notes (\n"
	"	request INTEGER NOT NULL REFERENCES requests(id),\n"
	"	seq INTEGER NOT NULL,\n"
	"	at TEXT NOT NULL,\n"
	"	actor TEXT NOT NULL,\n"
	"	text TEXT,\n"
	"	sha256 TEXT NOT NULL,\n"
	"	PRIMARY KEY (request, seq)\n"
	");\n",
};

#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])) - 1)

/* statfs f_type values of network file systems (linux/magic.h). */
static const unsigned long network_fs[] = {
	0x6969UL,	/* NFS_SUPER_MAGIC */
	0x517BUL,	/* SMB_SUPER_MAGIC */
	0xFF534D42UL,	/* CIFS_SUPER_MAGIC */
	0xFE534D42UL	/* SMB2_SUPER_MAGIC */
};

int
hak_db_schema_version(void)
{
	return SCHEMA_VERSION;
}

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
		    db ? db->path : "?", msg);
	case SQLITE_CANTOPEN:
		return hak_err_set(err, HAK_ENOINPUT,
		    "cannot open database '%s': %s", db ? db->path : "?", msg);
	case SQLITE_IOERR:
	case SQLITE_FULL:
		return hak_err_set(err, HAK_EIO, "database '%s': %s",
		    db ? db->path : "?", msg);
	case SQLITE_NOTADB:
		return hak_err_set(err, HAK_ECONFIG,
		    "'%s' is not a hakjibon database", db ? db->path : "?");
	case SQLITE_CORRUPT:
	case SQLITE_CONSTRAINT:
		return hak_err_set(err, HAK_EDATA, "database '%s': %s",
		    db ? db->path : "?", msg);
	default:
		return hak_err_set(err, HAK_EBUG, "database '%s': %s",
		    db ? db->path : "?", msg);
	}
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
static int
run(struct hak_db *db, struct hak_err *err, const char *sql, int n,
	const char *const *args)
{
	sqlite3_stmt *st;
	int rc, i;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	for (i = 0; i < n; i++)
		hak_db_bind_text(st, i + 1, args[i]);
	return step_done(db, st, err);
}

/* An integer from a one-row query such as PRAGMA user_version. */
static int
query_int(struct hak_db *db, const char *sql, long *out, struct hak_err *err)
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
	db->savepoints = 0;
	return hak_db_exec(db, "BEGIN IMMEDIATE", err);
}

int
hak_db_commit(struct hak_db *db, struct hak_err *err)
{
	int rc = hak_db_exec(db, "COMMIT", err);

	if (rc == HAK_OK)
		db->savepoints = 0;
	return rc;
}

void
hak_db_rollback(struct hak_db *db)
{
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
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

void
hak_db_rollback_to(struct hak_db *db)
{
	char sql[96];

	if (db->savepoints <= 0)
		return;
	snprintf(sql, sizeof(sql), "ROLLBACK TO sp%d; RELEASE sp%d",
	    db->savepoints, db->savepoints);
	sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	db->savepoints--;
}

/* --- settings --- */

char *
hak_db_setting(struct hak_db *db, const char *key)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (hak_db_prepare(db, "SELECT value FROM settings WHERE key = ?",
	    &st, NULL))
		return NULL;
	hak_db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = hak_db_col_dup(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
hak_db_set_setting(struct hak_db *db, const char *key, const char *value,
	struct hak_err *err)
{
	const char *args[2] = { key, value };

	return run(db, err, "INSERT INTO settings (key, value) VALUES (?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", 2, args);
}

/* --- the organisation as stored --- */

static bool
parse_int(const char *s, int *out)
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

static const char *const sla_keys[HAK_PRIO_N] = {
	"sla_low", "sla_normal", "sla_high", "sla_urgent"
};

static int
load_settings(struct hak_db *db, struct hak_config *org, struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, i, m, d;

	if ((rc = hak_db_prepare(db, "SELECT key, value FROM settings", &st,
	    err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = hak_db_col(st, 0), *v = hak_db_col(st, 1);

		if (!k || !v)
			continue;
		if (!strcmp(k, "office")) {
			free(org->office);
			org->office = hak_xstrdup(v);
		} else if (!strcmp(k, "timezone")) {
			free(org->timezone);
			org->timezone = hak_xstrdup(v);
		} else if (!strcmp(k, "lang")) {
			free(org->lang);
			org->lang = hak_xstrdup(v);
		} else if (!strcmp(k, "config_path")) {
			free(org->path);
			org->path = *v ? hak_xstrdup(v) : NULL;
		} else if (!strcmp(k, "config_dump")) {
			free(db->org_dump);
			db->org_dump = hak_xstrdup(v);
		} else if (!strcmp(k, "school_year_start")) {
			if (strlen(v) == 5 && v[2] == '-' &&
			    sscanf(v, "%2d-%2d", &m, &d) == 2) {
				org->school_year.month = m;
				org->school_year.day = d;
			}
		} else if (!strcmp(k, "min_group")) {
			parse_int(v, &org->min_group);
		} else {
			for (i = 0; i < HAK_PRIO_N; i++)
				if (!strcmp(k, sla_keys[i]))
					parse_int(v, &org->sla[i]);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

static struct hak_dept *
find_dept(struct hak_config *org, const char *code)
{
	size_t i;

	for (i = 0; i < org->ndepts; i++)
		if (!strcmp(org->depts[i].code, code))
			return &org->depts[i];
	return NULL;
}

static int
load_lists(struct hak_db *db, struct hak_config *org, struct hak_err *err)
{
	sqlite3_stmt *st;
	size_t alloc;
	int rc;

	/* Departments, in the order they were first synced. */
	if ((rc = hak_db_prepare(db, "SELECT code, name, active "
	    "FROM departments ORDER BY rowid", &st, err)))
		return rc;
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hak_dept *d;

		HAK_ALLOC_GROW(org->depts, org->ndepts + 1, alloc);
		d = &org->depts[org->ndepts++];
		memset(d, 0, sizeof(*d));
		d->code = hak_db_col_dup(st, 0);
		d->name = hak_db_col_dup(st, 1);
		d->active = sqlite3_column_int(st, 2) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);

	/* Centers: struct hak_dept lists only the active ones. */
	if ((rc = hak_db_prepare(db, "SELECT department, name FROM centers "
	    "WHERE active = 1 ORDER BY rowid", &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hak_dept *d = find_dept(org, hak_db_col(st, 0));

		if (d)
			hak_strv_push(&d->centers, hak_db_col(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);

	if ((rc = hak_db_prepare(db, "SELECT id, name, department, role, "
	    "active FROM staff ORDER BY rowid", &st, err)))
		return rc;
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hak_staff *s;

		HAK_ALLOC_GROW(org->staff, org->nstaff + 1, alloc);
		s = &org->staff[org->nstaff++];
		s->id = hak_db_col_dup(st, 0);
		s->name = hak_db_col_dup(st, 1);
		s->dept = hak_db_col_dup(st, 2);
		s->role = hak_db_col_dup(st, 3);
		s->active = sqlite3_column_int(st, 4) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);

	if ((rc = hak_db_prepare(db, "SELECT code, name, department, "
	    "sla_days, active FROM categories ORDER BY rowid", &st, err)))
		return rc;
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hak_category *c;

		HAK_ALLOC_GROW(org->cats, org->ncats + 1, alloc);
		c = &org->cats[org->ncats++];
		c->code = hak_db_col_dup(st, 0);
		c->name = hak_db_col_dup(st, 1);
		c->dept = hak_db_col_dup(st, 2);
		c->sla_days = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(st, 3);
		c->active = sqlite3_column_int(st, 4) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);

	if ((rc = hak_db_prepare(db, "SELECT day FROM holidays ORDER BY day",
	    &st, err)))
		return rc;
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t day;

		if (hak_day_parse(hak_db_col(st, 0) ? hak_db_col(st, 0) : "",
		    &day, NULL))
			continue;	/* reported by hak check, not here */
		HAK_ALLOC_GROW(org->holidays, org->nholidays + 1, alloc);
		org->holidays[org->nholidays++] = day;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);

	if ((rc = hak_db_prepare(db, "SELECT ref FROM headline ORDER BY pos",
	    &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		hak_strv_push(&org->headline, hak_db_col(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);
	return HAK_OK;
}

/* Replace db->org and db->org_dump by what the tables hold now. */
static int
load_org(struct hak_db *db, struct hak_err *err)
{
	struct hak_config *org = &db->org;
	int rc, i;

	hak_config_release(org);
	memset(org, 0, sizeof(*org));
	free(db->org_dump);
	db->org_dump = NULL;
	/* Defaults for settings a database may lack (SPEC 3). */
	org->school_year.month = 3;
	org->school_year.day = 1;
	org->min_group = 5;
	for (i = 0; i < HAK_PRIO_N; i++)
		org->sla[i] = (int[]){ 10, 5, 3, 1 }[i];
	if ((rc = load_settings(db, org, err)) ||
	    (rc = load_lists(db, org, err)))
		return rc;
	if (!org->office)
		org->office = hak_xstrdup("");
	if (!org->timezone)
		org->timezone = hak_xstrdup("Asia/Seoul");
	if (!org->lang)
		org->lang = hak_xstrdup("en");
	if (!db->org_dump)
		db->org_dump = hak_xstrdup("");
	return HAK_OK;
}

/* --- opening --- */

static int
check_fs(const char *path, struct hak_err *err)
{
	struct statfs sf;
	size_t i;

	if (statfs(path, &sf) != 0)
		return HAK_OK;	/* open reports a missing file */
	for (i = 0; i < sizeof(network_fs) / sizeof(network_fs[0]); i++)
		if ((unsigned long)sf.f_type == network_fs[i])
			return hak_err_set(err, HAK_ECONFIG,
			    "database '%s' is on a network file system: "
			    "SQLite's locking is not safe there", path);
	return HAK_OK;
}

/* The directory holding path ("." when none), caller frees. */
static char *
dir_of(const char *path)
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
	if (!parse_int(s, ms) || *ms < 0)
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
		while (db->ncache)
			sqlite3_finalize(db->cache[--db->ncache].st);
		sqlite3_close_v2(db->sql);
	}
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
static int
open_raw(const char *path, unsigned flags, struct hak_db **out,
	struct hak_err *err)
{
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
			    "(run 'hak init')", path);
		return hak_err_set(err, hak_code_from_errno(errno),
		    "cannot open database '%s': %s", path, strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return hak_err_set(err, HAK_ENOINPUT,
		    "cannot open database '%s': not a regular file", path);
	if (access(path, (flags & HAK_DB_READONLY) ? R_OK : R_OK | W_OK))
		return hak_err_set(err, HAK_EPERM,
		    "cannot open database '%s': %s", path, strerror(errno));
	if ((rc = check_fs(path, err)))
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
	    access((dir = dir_of(path)), W_OK | X_OK) == 0);
	free(dir);
	oflags = rw ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
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

static int
schema_tables(struct hak_db *db, long *n, struct hak_err *err)
{
	return query_int(db, "SELECT count(*) FROM sqlite_schema", n, err);
}

/* Set the zone from the stored timezone, then (and only then) "now". */
static int
set_clock(struct hak_db *db, const char *tz, struct hak_err *err)
{
	int rc;

	if ((rc = hak_clock_setzone(tz, err)))
		return rc;
	return hak_clock_now(&db->now, err);
}

int
hak_db_open(const char *path, unsigned flags, struct hak_db **out,
	struct hak_err *err)
{
	struct hak_db *db;
	long version, ntables;
	int rc;

	*out = NULL;
	if ((rc = open_raw(path, flags, &db, err)))
		return rc;
	if ((rc = query_int(db, "PRAGMA user_version", &version, err)))
		goto fail;
	if (version == 0) {
		/* Also reads the file, so garbage fails here (NOTADB). */
		if ((rc = schema_tables(db, &ntables, err)))
			goto fail;
		rc = hak_err_set(err, HAK_ECONFIG,
		    "'%s' is not a hakjibon database%s", path,
		    ntables ? "" : " (run 'hak init')");
		goto fail;
	}
	if (version < SCHEMA_VERSION) {
		rc = hak_err_set(err, HAK_ECONFIG,
		    "database schema v%ld is older than this program's v%d: "
		    "run 'hak init'", version, SCHEMA_VERSION);
		goto fail;
	}
	if (version > SCHEMA_VERSION) {
		rc = hak_err_set(err, HAK_ECONFIG,
		    "database schema v%ld is newer than this program's v%d: "
		    "upgrade hakjibon", version, SCHEMA_VERSION);
		goto fail;
	}
	if ((rc = load_org(db, err)) ||
	    (rc = set_clock(db, db->org.timezone, err)))
		goto fail;
	*out = db;
	return HAK_OK;
fail:
	hak_db_close(db);
	return rc;
}

/* --- copies: backup and FILE.pre-vN --- */

static int
check_copy(sqlite3 *copy, const char *name, struct hak_err *err)
{
	sqlite3_stmt *st;
	const char *v;
	int rc, good = 0;

	rc = sqlite3_prepare_v2(copy, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return hak_err_set(err, HAK_EIO, "cannot check '%s': %s", name,
		    sqlite3_errmsg(copy));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(st, 0);
		good = v && !strcmp(v, "ok");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || !good)
		return hak_err_set(err, HAK_EIO,
		    "copy '%s' failed its integrity check", name);
	return HAK_OK;
}

/*
 * Copy the database to dest with SQLite's online backup: into a
 * temporary file (mode 0600) in dest's directory, integrity-checked,
 * then renamed into place.
 */
static int
copy_to(struct hak_db *db, const char *dest, struct hak_err *err)
{
	struct hak_buf tmp = HAK_BUF_INIT;
	sqlite3_backup *bk;
	sqlite3 *copy = NULL;
	char *dir;
	int fd, rc, src;

	hak_buf_addf(&tmp, "%s.tmpXXXXXX", dest);
	if ((fd = mkstemp(tmp.buf)) < 0) {
		rc = hak_err_set(err, HAK_ECREATE, "cannot create '%s': %s",
		    dest, strerror(errno));
		hak_buf_release(&tmp);
		return rc;
	}
	close(fd);
	rc = sqlite3_open_v2(tmp.buf, &copy, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		rc = hak_err_set(err, HAK_ECREATE, "cannot create '%s': %s",
		    dest, copy ? sqlite3_errmsg(copy) : sqlite3_errstr(rc));
		goto out;
	}
	bk = sqlite3_backup_init(copy, "main", db->sql, "main");
	if (!bk) {
		rc = hak_err_set(err, HAK_ECREATE, "cannot copy to '%s': %s",
		    dest, sqlite3_errmsg(copy));
		goto out;
	}
	while ((src = sqlite3_backup_step(bk, -1)) == SQLITE_OK ||
	    src == SQLITE_BUSY || src == SQLITE_LOCKED)
		sqlite3_sleep(10);
	rc = sqlite3_backup_finish(bk);
	if (src != SQLITE_DONE || rc != SQLITE_OK) {
		rc = hak_err_set(err, (src & 0xff) == SQLITE_BUSY ? HAK_EBUSY :
		    HAK_EIO, "cannot copy to '%s': %s", dest,
		    sqlite3_errstr(src != SQLITE_DONE ? src : rc));
		goto out;
	}
	if ((rc = check_copy(copy, dest, err)))
		goto out;
	rc = sqlite3_close(copy);
	copy = NULL;
	if (rc != SQLITE_OK) {
		rc = hak_err_set(err, HAK_EIO, "cannot write '%s': %s", dest,
		    sqlite3_errstr(rc));
		goto out;
	}
	if ((fd = open(tmp.buf, O_RDONLY)) >= 0) {
		if (fsync(fd) != 0)
			rc = hak_err_set(err, HAK_EIO, "cannot write '%s': %s",
			    dest, strerror(errno));
		close(fd);
		if (rc)
			goto out;
	}
	if (rename(tmp.buf, dest) != 0) {
		rc = hak_err_set(err, HAK_ECREATE, "cannot rename to '%s': %s",
		    dest, strerror(errno));
		goto out;
	}
	dir = dir_of(dest);
	if ((fd = open(dir, O_RDONLY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	hak_buf_release(&tmp);
	return HAK_OK;
out:
	if (copy)
		sqlite3_close(copy);
	unlink(tmp.buf);
	hak_buf_release(&tmp);
	return rc;
}

int
hak_db_backup(struct hak_db *db, const char *dest, bool force,
	struct hak_err *err)
{
	struct stat sb;

	if (lstat(dest, &sb) == 0) {
		if (!force)
			return hak_err_set(err, HAK_ECREATE,
			    "'%s' exists (use --force)", dest);
		if (S_ISDIR(sb.st_mode))
			return hak_err_set(err, HAK_ECREATE,
			    "'%s' is a directory", dest);
	} else if (errno != ENOENT) {
		return hak_err_set(err, HAK_ECREATE, "cannot create '%s': %s",
		    dest, strerror(errno));
	}
	return copy_to(db, dest, err);
}

/* --- init and migrations --- */

/*
 * `hak init --group G`: the database (and its -wal and -shm files, when
 * there) 0660 of group G, in a directory setgid G so that files SQLite
 * makes later for other users inherit G, and writable by G: SQLite
 * creates and removes the -wal and -shm files there as users come and go.
 */
static int
share_with_group(const char *path, const char *group, struct hak_err *err)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	struct group *gr = getgrnam(group);
	struct stat sb;
	char *dir, *p;
	size_t i;
	int rc = HAK_OK;

	if (!gr)
		return hak_err_set(err, HAK_EUSAGE, "unknown group '%s'", group);
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]) && !rc; i++) {
		p = hak_xasprintf("%s%s", path, sfx[i]);
		if ((i == 0 || access(p, F_OK) == 0) &&
		    (chown(p, (uid_t)-1, gr->gr_gid) != 0 ||
		    chmod(p, 0660) != 0))
			rc = hak_err_set(err, HAK_EPERM,
			    "cannot give '%s' to group '%s': %s", p, group,
			    strerror(errno));
		free(p);
	}
	if (rc)
		return rc;
	dir = dir_of(path);
	if (stat(dir, &sb) != 0 || (sb.st_gid != gr->gr_gid &&
	    chown(dir, (uid_t)-1, gr->gr_gid) != 0) ||
	    chmod(dir, (sb.st_mode & 07777) | S_ISGID | S_IRWXG) != 0)
		rc = hak_err_set(err, HAK_EPERM,
		    "cannot make directory '%s' setgid group '%s': %s",
		    dir, group, strerror(errno));
	free(dir);
	return rc;
}

/* Create path empty, 0600, or shared with group. */
static int
create_file(const char *path, const char *group, struct hak_err *err)
{
	char *dir;
	int fd, rc;

	if (group && !getgrnam(group))
		return hak_err_set(err, HAK_EUSAGE, "unknown group '%s'",
		    group);
	dir = dir_of(path);
	rc = check_fs(dir, err);
	free(dir);
	if (rc)
		return rc;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
		return hak_err_set(err, errno == EACCES ? HAK_EPERM :
		    HAK_ECREATE, "cannot create database '%s': %s", path,
		    strerror(errno));
	close(fd);
	if (group && (rc = share_with_group(path, group, err)))
		unlink(path);
	return rc;
}

/* Bring the schema from user_version to SCHEMA_VERSION in one transaction. */
static int
migrate(struct hak_db *db, long *from, struct hak_err *err)
{
	char sql[64];
	long v;
	int rc;

	if ((rc = hak_db_begin(db, err)))
		return rc;
	/* Read again under the write lock: another init may have won. */
	if ((rc = query_int(db, "PRAGMA user_version", &v, err)))
		goto fail;
	*from = v;
	for (v = v + 1; v <= SCHEMA_VERSION; v++)
		if ((rc = hak_db_exec(db, migrations[v], err))) {
			hak_err_prefix(err, "migrating to schema v%ld", v);
			goto fail;
		}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", SCHEMA_VERSION);
	if ((rc = hak_db_exec(db, sql, err)) || (rc = hak_db_commit(db, err)))
		goto fail;
	return HAK_OK;
fail:
	hak_db_rollback(db);
	return rc;
}

int
hak_db_init(const char *path, const char *group,
	const struct hak_config *cfg, struct hak_db **out, bool *created,
	int *migrated_from, struct hak_err *err)
{
	struct hak_db *db = NULL;
	struct hak_buf pre = HAK_BUF_INIT;
	long version, ntables, from;
	struct stat sb;
	bool isnew = false;
	int rc;

	*out = NULL;
	if (created)
		*created = false;
	if (migrated_from)
		*migrated_from = 0;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT)
			return hak_err_set(err, hak_code_from_errno(errno),
			    "cannot open database '%s': %s", path,
			    strerror(errno));
		if ((rc = create_file(path, group, err)))
			return rc;
		isnew = true;
	} else if (group && (rc = share_with_group(path, group, err))) {
		return rc;
	}
	if ((rc = open_raw(path, 0, &db, err)))
		goto fail;
	if ((rc = query_int(db, "PRAGMA user_version", &version, err)))
		goto fail;
	if (version > SCHEMA_VERSION) {
		rc = hak_err_set(err, HAK_ECONFIG,
		    "database schema v%ld is newer than this program's v%d: "
		    "upgrade hakjibon", version, SCHEMA_VERSION);
		goto fail;
	}
	if (version < SCHEMA_VERSION) {
		if ((rc = schema_tables(db, &ntables, err)))
			goto fail;
		if (version == 0 && ntables > 0) {
			/* Someone else's database: never add our tables. */
			rc = hak_err_set(err, HAK_ECONFIG,
			    "'%s' is not a hakjibon database", path);
			goto fail;
		}
		if (!isnew && sb.st_size > 0) {
			hak_buf_addf(&pre, "%s.pre-v%ld", path, version);
			if ((rc = copy_to(db, pre.buf, err)))
				goto fail;
		}
		if ((rc = migrate(db, &from, err)))
			goto fail;
		if (!isnew && migrated_from)
			*migrated_from = (int)from;
	}
	hak_db_close(db);
	db = NULL;
	if ((rc = hak_db_open(path, 0, &db, err)) ||
	    (rc = hak_db_sync_config(db, cfg, err)))
		goto fail;
	hak_buf_release(&pre);
	if (created)
		*created = isnew;
	*out = db;
	return HAK_OK;
fail:
	hak_db_close(db);
	hak_buf_release(&pre);
	if (isnew)
		unlink(path);
	return rc;
}

/* --- config sync (SPEC 2.2) --- */

struct counts {
	int added, updated, deactivated, removed;
};

static bool
same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/*
 * Upsert one row: look it up with sel (binding key[0..nkey)), compare
 * its columns with want[0..nwant) (the last being active), insert with
 * ins or update with upd (binding want then key), and count.
 */
static int
upsert(struct hak_db *db, const char *sel, const char *ins, const char *upd,
	const char *const *key, int nkey, const char *const *want, int nwant,
	struct counts *c, struct hak_err *err)
{
	const char *args[16];
	sqlite3_stmt *st;
	bool found, differs = false;
	int rc, i;

	if ((rc = hak_db_prepare(db, sel, &st, err)))
		return rc;
	for (i = 0; i < nkey; i++)
		hak_db_bind_text(st, i + 1, key[i]);
	rc = sqlite3_step(st);
	found = rc == SQLITE_ROW;
	for (i = 0; found && i < nwant; i++)
		if (!same_str(hak_db_col(st, i), want[i]))
			differs = true;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);
	if (found && !differs)
		return HAK_OK;
	if (!found) {
		c->added++;
		for (i = 0; i < nkey; i++)
			args[i] = key[i];
		for (i = 0; i < nwant; i++)
			args[nkey + i] = want[i];
		return run(db, err, ins, nkey + nwant, args);
	}
	c->updated++;
	for (i = 0; i < nwant; i++)
		args[i] = want[i];
	for (i = 0; i < nkey; i++)
		args[nwant + i] = key[i];
	return run(db, err, upd, nkey + nwant, args);
}

/* Keys (column 0, or columns 0 and 1 joined by a unit separator) of sql. */
static int
collect(struct hak_db *db, const char *sql, struct hak_strv *out,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_count(st) > 1)
			hak_strv_push_owned(out, hak_xasprintf("%s\x1f%s",
			    hak_db_col(st, 0), hak_db_col(st, 1)));
		else
			hak_strv_push(out, hak_db_col(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

static int
sync_settings(struct hak_db *db, const struct hak_config *cfg,
	const char *dump, struct counts *c, struct hak_err *err)
{
	static const char sel[] = "SELECT value FROM settings WHERE key = ?";
	static const char ins[] =
	    "INSERT INTO settings (key, value) VALUES (?, ?)";
	static const char upd[] = "UPDATE settings SET value = ? WHERE key = ?";
	struct counts silent = { 0, 0, 0, 0 };
	char sy[32], ints[HAK_PRIO_N + 1][24];
	const char *keys[] = { "office", "timezone", "lang",
	    "school_year_start", "min_group", "sla_low", "sla_normal",
	    "sla_high", "sla_urgent" };
	const char *vals[9];
	int rc, i;

	snprintf(sy, sizeof(sy), "%02d-%02d", cfg->school_year.month,
	    cfg->school_year.day);
	snprintf(ints[0], sizeof(ints[0]), "%d", cfg->min_group);
	for (i = 0; i < HAK_PRIO_N; i++)
		snprintf(ints[i + 1], sizeof(ints[0]), "%d", cfg->sla[i]);
	vals[0] = cfg->office ? cfg->office : "";
	vals[1] = cfg->timezone ? cfg->timezone : "Asia/Seoul";
	vals[2] = cfg->lang ? cfg->lang : "en";
	vals[3] = sy;
	for (i = 0; i <= HAK_PRIO_N; i++)
		vals[4 + i] = ints[i];
	for (i = 0; i < 9; i++)
		if ((rc = upsert(db, sel, ins, upd, &keys[i], 1, &vals[i], 1,
		    c, err)))
			return rc;
	/* Where the copy came from: not a change of the rules. */
	keys[0] = "config_path";
	vals[0] = cfg->path ? cfg->path : "";
	keys[1] = "config_dump";
	vals[1] = dump;
	for (i = 0; i < 2; i++)
		if ((rc = upsert(db, sel, ins, upd, &keys[i], 1, &vals[i], 1,
		    &silent, err)))
			return rc;
	return HAK_OK;
}

static bool
in_list(const struct hak_strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

/* Deactivate the active rows of sql_active not named in keep. */
static int
deactivate(struct hak_db *db, const char *sql_active, const char *upd,
	const struct hak_strv *keep, struct counts *c, struct hak_err *err)
{
	struct hak_strv have = HAK_STRV_INIT;
	const char *args[2];
	size_t i;
	int rc;

	if ((rc = collect(db, sql_active, &have, err)))
		goto out;
	for (i = 0; i < have.n; i++) {
		char *sep;

		if (in_list(keep, have.v[i]))
			continue;
		c->deactivated++;
		args[0] = have.v[i];
		args[1] = NULL;
		if ((sep = strchr(have.v[i], '\x1f'))) {
			*sep = '\0';
			args[1] = sep + 1;
		}
		if ((rc = run(db, err, upd, args[1] ? 2 : 1, args)))
			goto out;
	}
out:
	hak_strv_clear(&have);
	return rc;
}

static int
sync_depts(struct hak_db *db, const struct hak_config *cfg, struct counts *c,
	struct hak_err *err)
{
	struct hak_strv keep = HAK_STRV_INIT, keepc = HAK_STRV_INIT;
	const char *want[2];
	size_t i, j;
	int rc = HAK_OK;

	for (i = 0; i < cfg->ndepts && !rc; i++) {
		const struct hak_dept *d = &cfg->depts[i];

		want[0] = d->name;
		want[1] = "1";
		hak_strv_push(&keep, d->code);
		rc = upsert(db, "SELECT name, active FROM departments "
		    "WHERE code = ?",
		    "INSERT INTO departments (code, name, active) "
		    "VALUES (?, ?, ?)",
		    "UPDATE departments SET name = ?, active = ? "
		    "WHERE code = ?", (const char *const *)&d->code, 1, want,
		    2, c, err);
		for (j = 0; j < d->centers.n && !rc; j++) {
			const char *key[2] = { d->code, d->centers.v[j] };

			hak_strv_push_owned(&keepc, hak_xasprintf("%s\x1f%s",
			    d->code, d->centers.v[j]));
			rc = upsert(db, "SELECT active FROM centers "
			    "WHERE department = ? AND name = ?",
			    "INSERT INTO centers (department, name, active) "
			    "VALUES (?, ?, ?)",
			    "UPDATE centers SET active = ? "
			    "WHERE department = ? AND name = ?", key, 2,
			    &want[1], 1, c, err);
		}
	}
	if (!rc)
		rc = deactivate(db, "SELECT code FROM departments "
		    "WHERE active = 1",
		    "UPDATE departments SET active = 0 WHERE code = ?", &keep,
		    c, err);
	if (!rc)
		rc = deactivate(db, "SELECT department, name FROM centers "
		    "WHERE active = 1",
		    "UPDATE centers SET active = 0 "
		    "WHERE department = ? AND name = ?", &keepc, c, err);
	hak_strv_clear(&keep);
	hak_strv_clear(&keepc);
	return rc;
}

static int
sync_staff(struct hak_db *db, const struct hak_config *cfg, struct counts *c,
	struct hak_err *err)
{
	struct hak_strv keep = HAK_STRV_INIT;
	const char *want[4];
	size_t i;
	int rc = HAK_OK;

	for (i = 0; i < cfg->nstaff && !rc; i++) {
		const struct hak_staff *s = &cfg->staff[i];

		want[0] = s->name;
		want[1] = s->dept;
		want[2] = s->role;
		want[3] = "1";
		hak_strv_push(&keep, s->id);
		rc = upsert(db, "SELECT name, department, role, active "
		    "FROM staff WHERE id = ?",
		    "INSERT INTO staff (id, name, department, role, active) "
		    "VALUES (?, ?, ?, ?, ?)",
		    "UPDATE staff SET name = ?, department = ?, role = ?, "
		    "active = ? WHERE id = ?", (const char *const *)&s->id, 1,
		    want, 4, c, err);
	}
	if (!rc)
		rc = deactivate(db, "SELECT id FROM staff WHERE active = 1",
		    "UPDATE staff SET active = 0 WHERE id = ?", &keep, c, err);
	hak_strv_clear(&keep);
	return rc;
}

static int
sync_cats(struct hak_db *db, const struct hak_config *cfg, struct counts *c,
	struct hak_err *err)
{
	struct hak_strv keep = HAK_STRV_INIT;
	const char *want[4];
	char sla[24];
	size_t i;
	int rc = HAK_OK;

	for (i = 0; i < cfg->ncats && !rc; i++) {
		const struct hak_category *k = &cfg->cats[i];

		snprintf(sla, sizeof(sla), "%d", k->sla_days);
		want[0] = k->name;
		want[1] = k->dept;
		want[2] = k->sla_days >= 0 ? sla : NULL;
		want[3] = "1";
		hak_strv_push(&keep, k->code);
		rc = upsert(db, "SELECT name, department, sla_days, active "
		    "FROM categories WHERE code = ?",
		    "INSERT INTO categories (code, name, department, sla_days, "
		    "active) VALUES (?, ?, ?, CAST(? AS INTEGER), ?)",
		    "UPDATE categories SET name = ?, department = ?, "
		    "sla_days = CAST(? AS INTEGER), active = ? WHERE code = ?",
		    (const char *const *)&k->code, 1, want, 4, c, err);
	}
	if (!rc)
		rc = deactivate(db, "SELECT code FROM categories "
		    "WHERE active = 1",
		    "UPDATE categories SET active = 0 WHERE code = ?", &keep,
		    c, err);
	hak_strv_clear(&keep);
	return rc;
}

/* Holidays and the headline are replaced as sets (removed, not kept). */
static int
sync_holidays(struct hak_db *db, const struct hak_config *cfg,
	struct counts *c, struct hak_err *err)
{
	struct hak_strv have = HAK_STRV_INIT, want = HAK_STRV_INIT;
	char day[HAK_DATE_LEN];
	const char *arg[1];
	size_t i;
	int rc;

	for (i = 0; i < cfg->nholidays; i++) {
		hak_day_format(cfg->holidays[i], day);
		hak_strv_push(&want, day);
	}
	if ((rc = collect(db, "SELECT day FROM holidays", &have, err)))
		goto out;
	for (i = 0; i < have.n && !rc; i++)
		if (!in_list(&want, have.v[i])) {
			c->removed++;
			arg[0] = have.v[i];
			rc = run(db, err, "DELETE FROM holidays WHERE day = ?",
			    1, arg);
		}
	for (i = 0; i < want.n && !rc; i++)
		if (!in_list(&have, want.v[i])) {
			c->added++;
			arg[0] = want.v[i];
			rc = run(db, err, "INSERT INTO holidays (day) "
			    "VALUES (?)", 1, arg);
		}
out:
	hak_strv_clear(&have);
	hak_strv_clear(&want);
	return rc;
}

static int
sync_headline(struct hak_db *db, const struct hak_config *cfg,
	struct counts *c, struct hak_err *err)
{
	char pos[24];
	const char *key[1] = { pos };
	long n;
	size_t i;
	int rc;

	for (i = 0; i < cfg->headline.n; i++) {
		snprintf(pos, sizeof(pos), "%zu", i + 1);
		if ((rc = upsert(db, "SELECT ref FROM headline "
		    "WHERE pos = CAST(? AS INTEGER)",
		    "INSERT INTO headline (pos, ref) "
		    "VALUES (CAST(? AS INTEGER), ?)",
		    "UPDATE headline SET ref = ? "
		    "WHERE pos = CAST(? AS INTEGER)", key, 1,
		    (const char *const *)&cfg->headline.v[i], 1, c, err)))
			return rc;
	}
	snprintf(pos, sizeof(pos), "%zu", cfg->headline.n);
	if ((rc = query_int(db, "SELECT count(*) FROM headline", &n, err)))
		return rc;
	if (n > (long)cfg->headline.n) {
		c->removed += (int)(n - (long)cfg->headline.n);
		return run(db, err, "DELETE FROM headline "
		    "WHERE pos > CAST(? AS INTEGER)", 1, key);
	}
	return HAK_OK;
}

static void
summary(const struct counts *c, struct hak_buf *out)
{
	const struct {
		int n;
		const char *what;
	} parts[] = {
		{ c->added, "added" }, { c->updated, "updated" },
		{ c->deactivated, "deactivated" }, { c->removed, "removed" }
	};
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i].n)
			hak_buf_addf(out, "%s%d %s", out->len ? ", " : "",
			    parts[i].n, parts[i].what);
}

int
hak_db_sync_config(struct hak_db *db, const struct hak_config *cfg,
	struct hak_err *err)
{
	struct hak_buf dump = HAK_BUF_INIT, note = HAK_BUF_INIT;
	struct counts c = { 0, 0, 0, 0 };
	char hash[65];
	int rc;

	/* The event is stamped in the zone being synced. */
	if ((rc = set_clock(db, cfg->timezone ? cfg->timezone : "Asia/Seoul",
	    err)))
		return rc;
	hak_config_dump(cfg, &dump);
	if ((rc = hak_db_begin(db, err)))
		goto out;
	if ((rc = sync_settings(db, cfg, dump.buf, &c, err)) ||
	    (rc = sync_depts(db, cfg, &c, err)) ||
	    (rc = sync_staff(db, cfg, &c, err)) ||
	    (rc = sync_cats(db, cfg, &c, err)) ||
	    (rc = sync_holidays(db, cfg, &c, err)) ||
	    (rc = sync_headline(db, cfg, &c, err)))
		goto fail;
	summary(&c, &note);
	if (note.len) {
		struct hak_event ev = { "config", "org", "sync", NULL, NULL,
		    hash, note.buf };

		hak_sha256_hex(dump.buf, dump.len, hash);
		if ((rc = hak_event_add(db, &ev, err)))
			goto fail;
	}
	if ((rc = hak_db_commit(db, err)))
		goto fail;
	rc = load_org(db, err);
	goto out;
fail:
	hak_db_rollback(db);
out:
	hak_buf_release(&dump);
	hak_buf_release(&note);
	return rc;
}

/* --- accessors --- */

const struct hak_config *
hak_db_config(const struct hak_db *db)
{
	return &db->org;
}

bool
hak_db_config_differs(const struct hak_db *db, const struct hak_config *cfg)
{
	struct hak_buf dump = HAK_BUF_INIT;
	bool differs;

	hak_config_dump(cfg, &dump);
	differs = !db->org_dump || strcmp(dump.buf, db->org_dump) != 0;
	hak_buf_release(&dump);
	return differs;
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

void
hak_sha256_hex(const void *data, size_t len, char out[65])
{
	SHA256Data(data, len, out);
}

/* --- hak check --- */

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
	char *dir = dir_of(db->path), *f;
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

/*
 * The steps of `hak check`, in order.  Domain modules (e.g. the replay
 * of each request's events to its stored state) add theirs here.
 */
static const struct {
	const char *name;
	hak_db_check_fn *fn;
} check_steps[] = {
	{ "integrity", check_integrity },
	{ "foreign keys", check_foreign_keys },
	{ "events", check_events },
	{ "batches", check_batches },
	{ "permissions", check_perms },
};

int
hak_db_check(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	size_t i;
	int rc;

	*findings = 0;
	for (i = 0; i < sizeof(check_steps) / sizeof(check_steps[0]); i++)
		if ((rc = check_steps[i].fn(db, report, findings, err))) {
			hak_err_prefix(err, "check of %s", check_steps[i].name);
			return rc;
		}
	return HAK_OK;
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
	if (db->ncache == HAK_DB_CACHE)
		return hak_err_set(err, HAK_EBUG, "too many cached statements");
	rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT,
		st, NULL);
	if (rc != SQLITE_OK)
		return hak_db_fail(db, rc, err);
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

bool
hak_db_is_demo(struct hak_db *db)
{
	char *demo = hak_db_setting(db, "demo");
	bool yes = demo && !strcmp(demo, "1");

	free(demo);
	return yes;
}
