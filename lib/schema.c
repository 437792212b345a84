/* SPDX-License-Identifier: MIT */
/*
 * The schema: its migrations, the version gate of hak_db_open (older or
 * newer than this library is refused) and `hak init`, which creates or
 * migrates the file and syncs the organisation into it.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "backup_int.h"
#include "db_int.h"
#include "org_int.h"
#include "span_int.h"
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
	/* v4: a school's other codes, status and closing date (SPEC 4 v3);
	 * school_codes holds every code and other code, each once, for the
	 * exact-code lookup and the uniqueness of both */
	[4] =
	"ALTER TABLE schools ADD COLUMN codes TEXT;\n"
	"ALTER TABLE schools ADD COLUMN status TEXT NOT NULL DEFAULT 'open'\n"
	"	CHECK (status IN ('open', 'closed'));\n"
	"ALTER TABLE schools ADD COLUMN closed_on TEXT;\n"
	"CREATE TABLE school_codes (\n"
	"	code TEXT PRIMARY KEY,\n"
	"	school TEXT NOT NULL REFERENCES schools(code)\n"
	");\n"
	"CREATE INDEX school_codes_school ON school_codes (school);\n"
	"INSERT INTO school_codes (code, school) SELECT code, code FROM schools;\n"
	"CREATE INDEX schools_status ON schools (status);\n",
	/* v5: surveys (lib/survey.c; storage described in hak/survey.h) */
	[5] =
	"CREATE TABLE surveys (\n"
	"	code TEXT PRIMARY KEY,\n"
	"	title TEXT NOT NULL,\n"
	"	project TEXT REFERENCES projects(code),\n"
	"	population INTEGER CHECK (population > 0),\n"
	"	definition TEXT NOT NULL,\n"
	"	sha256 TEXT NOT NULL,\n"
	"	npos INTEGER NOT NULL DEFAULT 0,\n"
	"	defined_at TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX surveys_project ON surveys (project);\n"
	"CREATE TABLE survey_questions (\n"
	"	survey TEXT NOT NULL REFERENCES surveys(code),\n"
	"	id TEXT NOT NULL,\n"
	"	pos INTEGER NOT NULL,\n"
	"	type TEXT NOT NULL CHECK (type IN ('scale', 'yesno', 'text')),\n"
	"	points INTEGER,\n"
	"	labels TEXT,\n"
	"	PRIMARY KEY (survey, id),\n"
	"	UNIQUE (survey, pos)\n"
	");\n"
	"CREATE TABLE survey_batches (\n"
	"	batch INTEGER PRIMARY KEY REFERENCES batches(id),\n"
	"	survey TEXT NOT NULL REFERENCES surveys(code),\n"
	"	responses INTEGER NOT NULL CHECK (responses >= 0),\n"
	"	dropped_at TEXT\n"
	");\n"
	"CREATE INDEX survey_batches_survey ON survey_batches (survey);\n"
	/* survey_responses.survey has no REFERENCES: its batch's row in
	 * survey_batches names the survey (hak check compares them), and an
	 * import saves a lookup per response */
	"CREATE TABLE survey_responses (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	survey TEXT NOT NULL,\n"
	"	batch INTEGER NOT NULL REFERENCES survey_batches(batch),\n"
	"	row INTEGER NOT NULL,\n"
	"	identity BLOB NOT NULL,\n"
	"	ordinal INTEGER NOT NULL,\n"
	"	submitted_at TEXT,\n"
	"	school TEXT REFERENCES schools(code),\n"
	"	fields TEXT,\n"
	"	answers TEXT NOT NULL,\n"
	"	UNIQUE (identity, ordinal)\n"
	");\n"
	"CREATE INDEX survey_responses_batch ON survey_responses (batch);\n"
	"CREATE TABLE survey_texts (\n"
	"	response INTEGER NOT NULL REFERENCES survey_responses(id),\n"
	"	pos INTEGER NOT NULL,\n"
	"	text TEXT NOT NULL,\n"
	"	PRIMARY KEY (response, pos)\n"
	");\n",
	/* v6: the spans of requests, for reports as of a past time
	 * (lib/span.c); filled from the events by hak_span_backfill once
	 * the later versions' tables are made too.  Indexes for the
	 * reports' ranges only: spans begun in a period; open spans now,
	 * by school and department (dropped by v7); open spans that
	 * ended, by their end; waiting spans */
	[6] =
	"CREATE TABLE request_spans (\n"
	"	request INTEGER NOT NULL,\n"
	"	seq INTEGER NOT NULL,\n"
	"	since_ts INTEGER NOT NULL,\n"
	"	until_ts INTEGER NOT NULL,\n"
	"	status TEXT NOT NULL,\n"
	"	entered INTEGER NOT NULL,\n"
	"	cause TEXT NOT NULL,\n"
	"	department TEXT NOT NULL,\n"
	"	assignee TEXT,\n"
	"	category TEXT NOT NULL,\n"
	"	school TEXT NOT NULL,\n"
	"	due_on TEXT,\n"
	"	rating INTEGER,\n"
	"	PRIMARY KEY (request, seq)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX request_spans_since ON request_spans (since_ts);\n"
	"CREATE INDEX request_spans_open ON request_spans (school,\n"
	"	department, since_ts, due_on, status, until_ts)\n"
	"	WHERE until_ts = 9223372036854775807 AND status IN\n"
	"	('new', 'assigned', 'in_progress', 'waiting');\n"
	"CREATE INDEX request_spans_ended ON request_spans (until_ts,\n"
	"	since_ts, school, department, due_on, status)\n"
	"	WHERE until_ts < 9223372036854775807 AND status IN\n"
	"	('new', 'assigned', 'in_progress', 'waiting');\n"
	"CREATE INDEX request_spans_waiting ON request_spans (until_ts,\n"
	"	since_ts, department, due_on) WHERE status = 'waiting';\n",
	/* v7: the requests open now, counted by school and department,
	 * and (not waiting) by department and due day, kept with every
	 * span (lib/span.c): a report's backlog at a past end is these
	 * counts less what began since and plus what ended since, read
	 * through the spans' indexes, instead of a scan of every open
	 * span; they replace request_spans_open; and the spans begun in a
	 * period are read from one covering index */
	[7] =
	"CREATE TABLE request_open_school (\n"
	"	school TEXT NOT NULL,\n"
	"	department TEXT NOT NULL,\n"
	"	n INTEGER NOT NULL,\n"
	"	PRIMARY KEY (school, department)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE request_open_due (\n"
	"	department TEXT NOT NULL,\n"
	"	due_on TEXT NOT NULL,\n"
	"	n INTEGER NOT NULL,\n"
	"	PRIMARY KEY (department, due_on)\n"
	") WITHOUT ROWID;\n"
	"INSERT INTO request_open_school (school, department, n)\n"
	"	SELECT school, department, count(*) FROM request_spans\n"
	"	WHERE until_ts = 9223372036854775807 AND status IN\n"
	"	('new', 'assigned', 'in_progress', 'waiting')\n"
	"	GROUP BY school, department;\n"
	"INSERT INTO request_open_due (department, due_on, n)\n"
	"	SELECT department, coalesce(due_on, ''), count(*)\n"
	"	FROM request_spans WHERE until_ts = 9223372036854775807\n"
	"	AND status IN ('new', 'assigned', 'in_progress')\n"
	"	GROUP BY department, coalesce(due_on, '');\n"
	"DROP INDEX request_spans_open;\n"
	/* what a report reads of the spans begun in its period, covered */
	"DROP INDEX request_spans_since;\n"
	"CREATE INDEX request_spans_period ON request_spans (since_ts,\n"
	"	status, entered, cause, department, category, rating, due_on);\n",
	/* v8: the school in that index too, for equity's counts per
	 * school */
	[8] =
	"DROP INDEX request_spans_period;\n"
	"CREATE INDEX request_spans_period ON request_spans (since_ts,\n"
	"	status, entered, cause, department, category, rating, due_on,\n"
	"	school);\n",
};

#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])) - 1)

int
hak_db_schema_version(void)
{
	return SCHEMA_VERSION;
}

/* The file's schema version; newer than this library is refused. */
static int
read_version(struct hak_db *db, long *version, struct hak_err *err)
{
	int rc;

	if ((rc = hak_db_query_int(db, "PRAGMA user_version", version, err)))
		return rc;
	if (*version > SCHEMA_VERSION)
		return hak_err_set(err, HAK_ECONFIG,
		    "database schema v%ld is newer than this program's v%d: "
		    "upgrade hakjibon", *version, SCHEMA_VERSION);
	return HAK_OK;
}

static int
schema_tables(struct hak_db *db, long *n, struct hak_err *err)
{
	return hak_db_query_int(db, "SELECT count(*) FROM sqlite_schema", n,
	    err);
}


int
hak_db_open(const char *path, unsigned flags, struct hak_db **out,
	struct hak_err *err)
{
	char sp[HAK_ERR_SHORT + 1];
	struct hak_db *db;
	long version, ntables;
	int rc;

	*out = NULL;
	if ((rc = hak_db_open_raw(path, flags, &db, err)))
		return rc;
	if ((rc = read_version(db, &version, err)))
		goto fail;
	if (version == 0) {
		/* Also reads the file, so garbage fails here (NOTADB). */
		if ((rc = schema_tables(db, &ntables, err)))
			goto fail;
		rc = hak_err_set(err, HAK_ECONFIG,
		    "'%s' is not a hakjibon database%s", hak_err_short(path, sp),
		    ntables ? "" : " (run 'hak init')");
		goto fail;
	}
	if (version < SCHEMA_VERSION) {
		rc = hak_err_set(err, HAK_ECONFIG,
		    "database schema v%ld is older than this program's v%d: "
		    "run 'hak init'", version, SCHEMA_VERSION);
		goto fail;
	}
	if ((rc = hak_org_load(db, err)) ||
	    (rc = hak_db_set_zone(db, db->org.timezone, err)))
		goto fail;
	*out = db;
	return HAK_OK;
fail:
	hak_db_close(db);
	return rc;
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
	dir = hak_db_dir_of(path);
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
	char sp[HAK_ERR_SHORT + 1];
	char *dir;
	int fd, rc;

	if (group && !getgrnam(group))
		return hak_err_set(err, HAK_EUSAGE, "unknown group '%s'",
		    group);
	dir = hak_db_dir_of(path);
	rc = hak_db_check_fs(dir, err);
	free(dir);
	if (rc)
		return rc;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
		return hak_err_set(err, errno == EACCES ? HAK_EPERM :
		    HAK_ECREATE, "cannot create database '%s': %s",
		    hak_err_short(path, sp),
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
	if ((rc = hak_db_query_int(db, "PRAGMA user_version", &v, err)))
		goto fail;
	*from = v;
	for (v = v + 1; v <= SCHEMA_VERSION; v++)
		if ((rc = hak_db_exec(db, migrations[v], err))) {
			hak_err_prefix(err, "migrating to schema v%ld", v);
			goto fail;
		}
	/* the spans of v6 from the history, once every table is there (the
	 * open counts of v7 are kept as the spans are written) */
	if (*from < 6 && (rc = hak_span_backfill(db, err))) {
		hak_err_prefix(err, "migrating to schema v6");
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
	char sp[HAK_ERR_SHORT + 1];
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
			    "cannot open database '%s': %s", hak_err_short(path, sp),
			    strerror(errno));
		if ((rc = create_file(path, group, err)))
			return rc;
		isnew = true;
	} else if (group && (rc = share_with_group(path, group, err))) {
		return rc;
	}
	if ((rc = hak_db_open_raw(path, 0, &db, err)))
		goto fail;
	if ((rc = read_version(db, &version, err)))
		goto fail;
	if (version < SCHEMA_VERSION) {
		if ((rc = schema_tables(db, &ntables, err)))
			goto fail;
		if (version == 0 && ntables > 0) {
			/* Someone else's database: never add our tables. */
			rc = hak_err_set(err, HAK_ECONFIG,
			    "'%s' is not a hakjibon database",
			    hak_err_short(path, sp));
			goto fail;
		}
		if (!isnew && sb.st_size > 0) {
			hak_buf_addf(&pre, "%s.pre-v%ld", path, version);
			if ((rc = hak_backup_copy(db, pre.buf, err)))
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
