/* SPDX-License-Identifier: MIT */
/* Unit tests of the import driver (SPEC 2.9, 2.10) with a toy entity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_int.h"
#include "hak/config.h"
#include "hak/db.h"
#include "hak/import.h"
#include "tap.h"

static char dir[] = "/tmp/hak-unit-import.XXXXXX";
static char path[256];

struct toy {
	bool update;
	char *last_value;	/* the value cell of the last row seen */
	bool last_value_null;
};

static const char *const value_headers[] = { "값", "Wert", NULL };
static const struct hak_import_col cols[] = {
	{ "id", true, NULL },
	{ "value", false, value_headers }
};

/* --column mappings and the changes collected, for run() */
static const char *const *run_columns;
static size_t run_ncolumns;
static struct hak_buf changes = HAK_BUF_INIT;
static bool want_changes;

static int
collect(void *arg, const char *key, const char *column, const char *old,
	const char *new, struct hak_err *err)
{
	(void)arg;
	(void)err;
	hak_buf_addf(&changes, "%s,%s,%s,%s\n", key, column, old ? old : "",
		new ? new : "");
	return HAK_OK;
}

static long long
count(struct hak_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static char *
value_of(struct hak_db *db, const char *id)
{
	sqlite3_stmt *st;
	char *v = NULL;

	sqlite3_prepare_v2(db->sql, "SELECT value FROM things WHERE id = ?",
		-1, &st, NULL);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = hak_db_col_dup(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* id: digits; "boom" as value writes the row and then fails. */
static int
toy_row(struct hak_db *db, void *vctx, const struct hak_import_row *row,
	enum hak_import_result *res, struct hak_err *err)
{
	struct toy *t = vctx;
	const char *id = row->cells[0], *val = row->cells[1];
	sqlite3_stmt *st;
	char *old;
	const char *p;
	bool found;

	free(t->last_value);
	t->last_value = hak_xstrdup(val);
	t->last_value_null = val == NULL;
	if (!id)
		return hak_err_set(err, HAK_EDATA, "id: missing");
	for (p = id; *p; p++)
		if (*p < '0' || *p > '9')
			return hak_err_set(err, HAK_EDATA,
				"id: '%s' is not a number", id);
	sqlite3_prepare_v2(db->sql, "SELECT 1 FROM things WHERE id = ?",
		-1, &st, NULL);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	old = value_of(db, id);
	if (hak_import_change(row, id, "value", found ? old : NULL, val, err))
		return HAK_EBUG;
	if (found) {
		if ((!old && !val) || (old && val && !strcmp(old, val)))
			*res = HAK_IMPORT_SAME;
		else if (!t->update)
			*res = HAK_IMPORT_CHANGED;
		else
			*res = HAK_IMPORT_UPDATED;
		free(old);
		return HAK_OK;
	}
	sqlite3_prepare_v2(db->sql, "INSERT INTO things(id, value) "
		"VALUES (?, ?)", -1, &st, NULL);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (val)
		sqlite3_bind_text(st, 2, val, -1, SQLITE_TRANSIENT);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (val && !strcmp(val, "boom"))
		return hak_err_set(err, HAK_EDATA, "value: boom");
	*res = HAK_IMPORT_NEW;
	return HAK_OK;
}

static void
wfile(const char *name, const char *text)
{
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
}

static char *
slurp(const char *p)
{
	struct hak_buf b = HAK_BUF_INIT;
	FILE *fp = fopen(p, "rb");
	char chunk[4096];
	size_t n;

	if (!fp)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		hak_buf_add(&b, chunk, n);
	fclose(fp);
	return hak_buf_detach(&b, NULL);
}

/* The key column handed to hak_import_run_keyed, NULL: hak_import_run. */
static const char *runkey;
/* Whether the toy spec asks for a savepoint per row (it needs one). */
static bool savepoints = true;

/* Run the toy import of file name; the report is kept in *rep. */
static int
run(struct hak_db *db, struct toy *t, const char *name, bool skip,
	bool dry, const char *rejects, struct hak_import_stats *st,
	struct hak_err *err, char **rep)
{
	struct hak_import_spec spec = { .entity = "thing", .cols = cols,
		.ncols = 2, .row = toy_row, .ctx = t, .row_savepoint = true };
	struct hak_import_opts o = { 0 };
	char file[256];
	size_t replen;
	FILE *fp;
	int rc;

	snprintf(file, sizeof(file), "%s/%s", dir, name);
	fp = open_memstream(rep, &replen);
	spec.row_savepoint = savepoints;
	o.path = file;
	o.enc = HAK_ENC_AUTO;
	o.skip_invalid = skip;
	o.dry_run = dry;
	o.rejects = rejects;
	o.report = fp;
	o.columns = run_columns;
	o.ncolumns = run_ncolumns;
	if (want_changes)
		o.change = collect;
	hak_err_clear(err);
	rc = runkey ? hak_import_run_keyed(db, &spec, runkey, &o, st, err) :
		hak_import_run(db, &spec, &o, st, err);
	fclose(fp);
	return rc;
}

static int
lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

int
main(void)
{
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_import_stats st;
	struct hak_err err;
	struct hak_buf b = HAK_BUF_INIT, big = HAK_BUF_INIT;
	struct toy t = { 0 };
	char dbpath[256], rej[300], want[300], sha[65], *rep = NULL, *s, *v;
	int rc, i;

	setenv("HAK_NOW", "2026-11-27T10:00:00", 1);
	setenv("HAK_USER", "tester", 1);
	if (!mkdtemp(dir))
		return 1;
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	hak_config_default(&cfg);
	rc = hak_db_init(dbpath, NULL, &cfg, &db, NULL, NULL, &err);
	if (!ok(rc == HAK_OK, "database created")) {
		printf("# %s\n", err.msg);
		return done_testing();
	}
	hak_db_exec(db, "CREATE TABLE things(id TEXT PRIMARY KEY, value TEXT)",
		&err);

	/* Summary line. */
	memset(&st, 0, sizeof(st));
	st.new_rows = 12;
	st.same = 340;
	hak_import_summary(&st, &b);
	is_str(b.buf, "12 new, 340 already present, 0 rejected",
		"summary: new, already present, rejected");
	hak_buf_reset(&b);
	st.updated = 3;
	st.changed = 2;
	st.rejected = 1;
	hak_import_summary(&st, &b);
	is_str(b.buf, "12 new, 3 updated, 2 changed, not updated, "
		"340 already present, 1 rejected",
		"summary: updated and changed follow new");
	hak_buf_reset(&b);
	st.updated = 0;
	hak_import_summary(&st, &b);
	is_str(b.buf, "12 new, 2 changed, not updated, 340 already present, "
		"1 rejected", "summary: zero updated left out");

	/* Bad rows, no --skip-invalid: nothing written. */
	wfile("a.csv", "id, value ,extra\n1,a,x\n2,b,y\nx,c,z\n3,boom,w\n");
	rc = run(db, &t, "a.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "bad rows: HAK_EDATA");
	snprintf(want, sizeof(want), "%s/a.csv:4: id: 'x' is not a number\n"
		"%s/a.csv:5: value: boom\n", dir, dir);
	is_str(rep, want, "bad rows: FILE:ROW: COLUMN: message, header = row 1");
	snprintf(want, sizeof(want), "'%s/a.csv': 2 invalid rows, "
		"nothing imported", dir);
	is_str(err.msg, want, "bad rows: message counts them");
	is_int(count(db, "SELECT count(*) FROM things"), 0,
		"bad rows: nothing written");
	is_int(count(db, "SELECT count(*) FROM batches"), 0,
		"bad rows: no batch");
	is_int(st.rows_read, 4, "bad rows: 4 rows read");
	is_int(st.rejected, 2, "bad rows: 2 rejected");
	ok(!st.committed, "bad rows: not committed");
	free(rep);

	/* --dry-run with problems. */
	rc = run(db, &t, "a.csv", true, true, NULL, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "dry run with problems: HAK_EDATA");
	is_int(count(db, "SELECT count(*) FROM things"), 0,
		"dry run: nothing written");
	free(rep);

	/* --skip-invalid --rejects. */
	snprintf(rej, sizeof(rej), "%s/rej.csv", dir);
	rc = run(db, &t, "a.csv", true, false, rej, &st, &err, &rep);
	is_int(rc, HAK_OK, "skip invalid: HAK_OK");
	is_int(st.new_rows, 2, "skip invalid: 2 new");
	is_int(st.rejected, 2, "skip invalid: 2 rejected");
	is_int(st.same, 0, "skip invalid: 0 already present");
	ok(st.committed, "skip invalid: committed");
	is_int(count(db, "SELECT count(*) FROM things"), 2,
		"skip invalid: valid rows written");
	v = value_of(db, "3");
	ok(v == NULL, "skip invalid: the bad row's write rolled back");
	free(v);
	is_int(count(db, "SELECT count(*) FROM batches"), 1,
		"skip invalid: one batch");
	is_int(count(db, "SELECT rows_read * 1000 + new_rows * 100 + same * 10"
		" + rejected FROM batches"), 4202, "batch counts");
	is_int(count(db, "SELECT count(*) FROM batches WHERE entity = 'thing' "
		"AND actor = 'tester' AND at = '2026-11-27T10:00:00+09:00'"), 1,
		"batch entity, actor and time");
	s = slurp(path);
	hak_sha256_hex(s, strlen(s), sha);
	free(s);
	is_str(st.sha256, sha, "batch sha256 of the file bytes");
	ok(st.batch_id > 0, "batch id returned");
	is_int(count(db, "SELECT count(*) FROM events WHERE entity = 'batch' "
		"AND action = 'create'"), 1, "batch create event");
	s = slurp(rej);
	is_str(s, "\xef\xbb\xbf" "id,value,row,error\r\n"
		"x,c,4,id: 'x' is not a number\r\n3,boom,5,value: boom\r\n",
		"rejects: BOM, mapped columns, row, error, CRLF");
	free(s);
	ok(access(rej, F_OK) == 0, "rejects file exists");
	{
		struct stat sb;

		ok(stat(rej, &sb) == 0 && (sb.st_mode & 0777) == 0600,
			"rejects file mode 0600");
	}
	free(rep);

	/* The same file again: already present. */
	rc = run(db, &t, "a.csv", true, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_OK, "re-import: HAK_OK");
	is_int(st.new_rows, 0, "re-import: 0 new");
	is_int(st.same, 2, "re-import: 2 already present");
	free(rep);

	/* A changed row is counted, not updated. */
	wfile("b.csv", "id,value\n1,a2\n2,b\n");
	rc = run(db, &t, "b.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_OK, "changed: HAK_OK");
	is_int(st.changed, 1, "changed: 1 changed, not updated");
	is_int(st.same, 1, "changed: 1 already present");
	hak_buf_reset(&b);
	hak_import_summary(&st, &b);
	is_str(b.buf, "0 new, 1 changed, not updated, 1 already present, "
		"0 rejected", "changed: summary");
	free(rep);
	t.update = true;
	rc = run(db, &t, "b.csv", false, false, NULL, &st, &err, &rep);
	is_int(st.updated, 1, "update: 1 updated");
	t.update = false;
	free(rep);

	/* Dry run of valid rows: nothing written, counts given. */
	wfile("c.csv", "id,value\n7,g\n8,h\n");
	rc = run(db, &t, "c.csv", false, true, NULL, &st, &err, &rep);
	is_int(rc, HAK_OK, "dry run: HAK_OK");
	is_int(st.new_rows, 2, "dry run: counts 2 new");
	is_int(count(db, "SELECT count(*) FROM things"), 2,
		"dry run: nothing written");
	ok(!st.committed && st.batch_id == 0, "dry run: no batch");
	free(rep);

	/* Cells are trimmed; an empty cell is NULL. */
	wfile("d.csv", "id,value\n 9 ,   \n");
	rc = run(db, &t, "d.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_OK, "trimmed id accepted");
	ok(t.last_value_null, "blank cell is NULL");
	free(rep);

	/* Missing required column. */
	wfile("e.csv", "value,other\na,b\n");
	rc = run(db, &t, "e.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "missing column: HAK_EDATA");
	is_str(err.msg, "missing column 'id' (a header 'id' or --column "
		"id=HEADER)", "missing column: named, with what would do");
	snprintf(want, sizeof(want), "%s/e.csv:1", dir);
	is_str(err.where, want, "missing column: where is row 1");
	free(rep);

	/* Empty file, missing file. */
	wfile("f.csv", "");
	rc = run(db, &t, "f.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "empty file: HAK_EDATA");
	free(rep);
	rc = run(db, &t, "nosuch.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_ENOINPUT, "missing file: HAK_ENOINPUT");
	free(rep);

	/* More than 20 problems: 20 shown, then a count. */
	hak_buf_adds(&big, "id\n");
	for (i = 0; i < 25; i++)
		hak_buf_addf(&big, "bad%d\n", i);
	wfile("g.csv", big.buf);
	rc = run(db, &t, "g.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "25 problems: HAK_EDATA");
	is_int(lines(rep), 21, "25 problems: 20 lines and a count");
	s = rep ? strstr(rep, "... and") : NULL;
	is_str(s, "... and 5 more problems\n", "25 problems: the count line");
	is_int(st.rejected, 25, "25 problems: 25 rejected");
	free(rep);

	/* Empty rows are skipped but counted. */
	wfile("h.csv", "id,value\n1,a\n\nq,b\n");
	rc = run(db, &t, "h.csv", false, false, NULL, &st, &err, &rep);
	snprintf(want, sizeof(want), "%s/h.csv:4: id: 'q' is not a number\n",
		dir);
	is_str(rep, want, "row numbers count empty rows");
	free(rep);

	/* Unclosed quote: nothing written. */
	wfile("i.csv", "id,value\n20,a\n21,\"open\n");
	rc = run(db, &t, "i.csv", true, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "unclosed quote: HAK_EDATA");
	v = value_of(db, "20");
	ok(v == NULL, "unclosed quote: nothing written");
	free(v);
	free(rep);

	/* Rejects into a missing directory: nothing committed. */
	wfile("j.csv", "id,value\n30,a\nz,b\n");
	snprintf(rej, sizeof(rej), "%s/nodir/rej.csv", dir);
	rc = run(db, &t, "j.csv", true, false, rej, &st, &err, &rep);
	is_int(rc, HAK_ECREATE, "rejects in a missing directory: HAK_ECREATE");
	v = value_of(db, "30");
	ok(v == NULL, "rejects failure: nothing committed");
	free(v);
	free(rep);

	/* A mapped column named twice in the header: FILE:1. */
	wfile("k.csv", "id,value, id \n40,a,41\n");
	rc = run(db, &t, "k.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "column named twice: HAK_EDATA");
	snprintf(want, sizeof(want), "%s/k.csv:1", dir);
	is_str(err.where, want, "... at the header row");
	ok(strstr(err.msg, "column 'id' is named twice") != NULL,
		"... names the column");
	free(rep);
	wfile("k2.csv", "id,value,other,other\n40,a,,\n");
	rc = run(db, &t, "k2.csv", false, true, NULL, &st, &err, &rep);
	is_int(rc, HAK_OK, "an unmapped column named twice is ignored");
	free(rep);

	/* A key given twice in one file: a row error on the second. */
	runkey = "id";
	wfile("l.csv", "id,value\n50,a\n51,b\n50,c\n");
	rc = run(db, &t, "l.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "key twice: HAK_EDATA");
	ok(rep && strstr(rep, "/l.csv:4: id: '50' is also on row 2\n") != NULL,
		"key twice: FILE:ROW: COLUMN: message of the later row");
	v = value_of(db, "50");
	ok(v == NULL, "key twice: nothing written");
	free(v);
	free(rep);
	rc = run(db, &t, "l.csv", true, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_OK, "key twice --skip-invalid: HAK_OK");
	is_int((int)st.new_rows, 2, "... the first row of the key imported");
	is_int((int)st.rejected, 1, "... the second rejected");
	v = value_of(db, "50");
	is_str(v, "a", "... the first row's value kept");
	free(v);
	free(rep);
	rc = run(db, &t, "l.csv", true, false, NULL, &st, &err, &rep);
	is_int((int)st.same, 2, "again: already present");
	is_int((int)st.updated, 0, "again: nothing updated");
	free(rep);
	runkey = NULL;

	/* Row length (SPEC 2.9): extra cells must be empty. */
	wfile("m.csv", "id,value\n60,a,,  ,\n61,b,,x\n62,c\n63\n");
	rc = run(db, &t, "m.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "row longer than the header: HAK_EDATA");
	snprintf(want, sizeof(want), "%s/m.csv:3: column 4: 'x' is past the "
		"header's last column (2)\n", dir);
	is_str(rep, want, "... FILE:ROW: COLUMN: message of that row only");
	is_int((int)st.rejected, 1, "... trailing empty cells are fine");
	free(rep);
	snprintf(rej, sizeof(rej), "%s/rej2.csv", dir);
	rc = run(db, &t, "m.csv", true, false, rej, &st, &err, &rep);
	is_int((int)st.new_rows, 3, "... --skip-invalid imports the others");
	s = slurp(rej);
	is_str(s, "\xef\xbb\xbf" "id,value,row,error\r\n61,b,3,column 4: "
		"'x' is past the header's last column (2)\r\n",
		"... the row goes to the rejects");
	free(s);
	free(rep);

	/* Without savepoints, a row refused after it was written ends the
	 * import: nothing is committed. */
	savepoints = false;
	wfile("n.csv", "id,value\n70,a\n71,boom\n");
	rc = run(db, &t, "n.csv", true, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_EBUG, "refused after writing: HAK_EBUG");
	v = value_of(db, "70");
	ok(v == NULL, "... nothing committed");
	free(v);
	free(rep);
	wfile("o.csv", "id,value\n72,a\nq,b\n");
	rc = run(db, &t, "o.csv", true, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_OK, "refused before writing: a row error");
	is_int((int)st.new_rows, 1, "... the valid row imported");
	free(rep);
	savepoints = true;

	/* Headers: trimmed, any case, the column's other headers. */
	runkey = NULL;
	wfile("p.csv", " ID , VALUE \n80,a\n");
	rc = run(db, &t, "p.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_OK, "headers: any case, trimmed");
	is_str(t.last_value, "a", "... value read");
	free(rep);
	wfile("q.csv", "Id,값\n81,b\n");
	rc = run(db, &t, "q.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_OK, "headers: a column's other header");
	is_str(t.last_value, "b", "... value read from it");
	free(rep);
	wfile("r.csv", "id,value,wert\n82,c,d\n");
	rc = run(db, &t, "r.csv", false, false, NULL, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "a column matched by two headers: HAK_EDATA");
	snprintf(want, sizeof(want), "%s/r.csv:1", dir);
	is_str(err.where, want, "... at FILE:1");
	is_str(err.msg, "column 'value' is named twice in the header: "
		"'value' (column 2) and 'wert' (column 3)", "... both named");
	free(rep);
	wfile("e2.csv", "other\na\n");
	rc = run(db, &t, "e2.csv", false, false, NULL, &st, &err, &rep);
	is_str(err.msg, "missing column 'id' (a header 'id' or --column "
		"id=HEADER)", "missing column: the headers that would do");
	free(rep);

	/* --column FIELD=HEADER */
	{
		static const char *const m1[] = { "value=Notiz" };
		static const char *const m2[] = { "id=value" };
		static const char *const m3[] = { "nosuch=x" };
		static const char *const m4[] = { "value=absent" };
		static const char *const m5[] = { "value" };

		wfile("s.csv", "id,notiz\n83,e\n");
		run_columns = m1;
		run_ncolumns = 1;
		rc = run(db, &t, "s.csv", false, false, NULL, &st, &err, &rep);
		is_int(rc, HAK_OK, "--column: another header");
		is_str(t.last_value, "e", "... value read from it");
		free(rep);
		wfile("u.csv", "id,value\n84,f\n");
		run_columns = m2;
		rc = run(db, &t, "u.csv", false, false, NULL, &st, &err, &rep);
		is_int(rc, HAK_EDATA, "a header naming two columns: HAK_EDATA");
		is_str(err.msg, "header 'value' (column 2) names both 'id' and "
			"'value'", "... both named");
		free(rep);
		run_columns = m3;
		rc = run(db, &t, "u.csv", false, false, NULL, &st, &err, &rep);
		is_int(rc, HAK_EUSAGE, "--column: unknown field: HAK_EUSAGE");
		free(rep);
		run_columns = m4;
		rc = run(db, &t, "u.csv", false, false, NULL, &st, &err, &rep);
		is_int(rc, HAK_EDATA, "--column: header not in the file");
		is_str(err.msg, "--column value=absent: no header 'absent'",
			"... says so");
		free(rep);
		run_columns = m5;
		rc = run(db, &t, "u.csv", false, false, NULL, &st, &err, &rep);
		is_int(rc, HAK_EUSAGE, "--column without '=': HAK_EUSAGE");
		free(rep);
		run_columns = NULL;
		run_ncolumns = 0;
	}

	/* Changes reported: a new value, an unchanged one not. */
	want_changes = true;
	wfile("v.csv", "id,value\n85,g\n80,a\n");
	rc = run(db, &t, "v.csv", false, true, NULL, &st, &err, &rep);
	is_int(rc, HAK_OK, "changes: dry run");
	is_str(changes.buf, "85,value,,g\n", "changes: the new one only");
	want_changes = false;
	hak_buf_release(&changes);
	free(rep);

	free(t.last_value);
	hak_buf_release(&b);
	hak_buf_release(&big);
	hak_db_close(db);
	hak_config_release(&cfg);
	snprintf(want, sizeof(want), "rm -rf '%s'", dir);
	if (system(want) != 0)
		return 1;
	return done_testing();
}
