/* SPDX-License-Identifier: MIT */
/* The import driver shared by every importer (SPEC 2.9, 2.10). */
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db_int.h"
#include "hak/date.h"
#include "hak/event.h"
#include "hak/import.h"
#include "hak/out.h"
#include "hak/text.h"
#include "banned.h"

struct run {
	struct hak_db *db;
	const struct hak_import_spec *spec;
	const struct hak_import_opts *opts;
	struct hak_import_stats *st;
	struct hak_csv *csv;
	const char *file;
	size_t hdr_n;		/* cells in the header row */
	int *idx;		/* header index of each spec column, -1 */
	bool *present;
	const char **cells;
	size_t *off;		/* of each cell in cellbuf, or SIZE_MAX */
	struct hak_buf cellbuf;	/* this row's trimmed cells, NUL-ended */
	long problems;
	struct hak_afile rej;	/* the rejects file, written as we go */
	bool rej_open;
	struct hak_buf line;	/* one rejects line */
	int keycol;		/* spec column of spec->key, or -1 */
	int old_cache;		/* PRAGMA cache_size before the import */
	struct timespec t0, last;	/* start, last progress report */
	bool shown;		/* a progress report was made */
};

/*
 * The page cache during an import, in KiB: the indexes of a large table
 * are written all over, and a cache too small for them spills pages to
 * the WAL over and over.  Peak memory stays flat (SPEC 7: under 32 MB).
 */
#define IMPORT_CACHE_KIB 12288

/*
 * The keys seen in this file live in a temporary table (on disk, with its
 * own small cache) rather than in memory, so that memory stays flat
 * whatever the number of rows.
 */
static const char keys_create[] = "CREATE TEMP TABLE IF NOT EXISTS "
	"import_keys (key TEXT PRIMARY KEY, row INTEGER NOT NULL) "
	"WITHOUT ROWID";
static const char keys_add[] = "INSERT OR IGNORE INTO temp.import_keys "
	"(key, row) VALUES (?, ?)";
static const char keys_get[] = "SELECT row FROM temp.import_keys "
	"WHERE key = ?";

/* The row key was already given on, or 0 (recording it then); -1 with
 * err filled on a database error. */
static long
seen_before(struct run *r, const char *key, long row, struct hak_err *err)
{
	sqlite3_stmt *st;
	long first = 0;
	int src;

	if (hak_db_stmt(r->db, keys_add, &st, err) ||
		hak_db_bound(r->db, hak_db_bind_text(st, 1, key), err) ||
		hak_db_bound(r->db, sqlite3_bind_int64(st, 2, row), err) ||
		hak_db_step_done(r->db, st, err))
		return -1;
	if (sqlite3_changes(r->db->sql) > 0)
		return 0;
	if (hak_db_stmt(r->db, keys_get, &st, err) ||
		hak_db_bound(r->db, hak_db_bind_text(st, 1, key), err))
		return -1;
	if ((src = sqlite3_step(st)) == SQLITE_ROW)
		first = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (src != SQLITE_ROW) {
		hak_db_fail(r->db, src, err);
		return -1;
	}
	return first;
}

static double
seconds_since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
		(double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * Tell opts->progress how far the import is: not before it has run a
 * second, then at most four times a second; done for the last call,
 * made only when an earlier one was.
 */
static void
progress(struct run *r, bool done)
{
	struct hak_import_progress p;
	struct timespec now;

	if (!r->opts->progress || (done && !r->shown))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	p.elapsed = seconds_since(&r->t0, &now);
	if (!done && (p.elapsed < 1.0 || (r->shown &&
		seconds_since(&r->last, &now) < 0.25)))
		return;
	r->last = now;
	r->shown = true;
	p.rows = r->st->rows_read;
	hak_csv_progress(r->csv, &p.bytes, &p.total);
	p.done = done;
	r->opts->progress(&p, r->opts->progress_arg);
}

static void
problem(struct run *r, const char *where, const char *msg)
{
	r->problems++;
	if (!r->opts->report || r->problems > HAK_IMPORT_SHOW)
		return;
	/* a progress line on the same terminal is erased first */
	progress(r, true);
	r->shown = false;
	fprintf(r->opts->report, "%s: %s\n", where, msg);
}

static void
more_problems(struct run *r)
{
	if (r->opts->report && r->problems > HAK_IMPORT_SHOW)
		fprintf(r->opts->report, "... and %ld more problems\n",
			r->problems - HAK_IMPORT_SHOW);
}

static void
rejects_put(struct run *r)
{
	if (r->rej_open)
		fwrite(r->line.buf, 1, r->line.len, r->rej.fp);
	hak_buf_reset(&r->line);
}

static void
rejects_header(struct run *r)
{
	size_t i;

	hak_buf_adds(&r->line, "\xef\xbb\xbf");
	for (i = 0; i < r->spec->ncols; i++) {
		if (!r->present[i])
			continue;
		hak_csv_quote(&r->line, r->spec->cols[i].name, true);
		hak_buf_addch(&r->line, ',');
	}
	hak_buf_adds(&r->line, "row,error\r\n");
	rejects_put(r);
}

/* The field (0-based) of the column a row message names ("level: ..."),
 * or -1. */
static long
msg_col(struct run *r, const char *msg)
{
	size_t i, n = strcspn(msg, ":");

	for (i = 0; msg[n] && i < r->spec->ncols; i++)
		if (r->idx[i] >= 0 && strlen(r->spec->cols[i].name) == n &&
			!strncmp(r->spec->cols[i].name, msg, n))
			return r->idx[i];
	return -1;
}

/* A bad row: report it, count it, and write it to the rejects. */
static void
reject(struct run *r, const struct hak_csv_rec *rec, const char *msg)
{
	struct hak_err at;
	size_t i;
	int j;

	/* FILE:ROW, a long file name shortened so the row shows; in a
	 * workbook the cell of the column the message starts with */
	hak_csv_where(r->csv, &at, rec->row, msg_col(r, msg));
	problem(r, at.where, msg);
	r->st->rejected++;
	if (!r->rej_open)
		return;
	for (i = 0; i < r->spec->ncols; i++) {
		if (!r->present[i])
			continue;
		j = r->idx[i];
		if ((size_t)j < rec->n && rec->len[j])
			hak_csv_quote(&r->line, rec->f[j], true);
		hak_buf_addch(&r->line, ',');
	}
	hak_buf_addf(&r->line, "%ld,", rec->row);
	hak_csv_quote(&r->line, msg, true);
	hak_buf_adds(&r->line, "\r\n");
	rejects_put(r);
}

/* Whether header cell h (trimmed) names spec column c; given is its
 * --column header, which then replaces its own names. */
static bool
names_col(const char *h, const struct hak_import_col *c, const char *given)
{
	size_t k;

	if (given)
		return !strcasecmp(h, given);
	if (!strcasecmp(h, c->name))
		return true;
	for (k = 0; c->headers && c->headers[k]; k++)
		if (!strcasecmp(h, c->headers[k]))
			return true;
	return false;
}

/* Append "'code', '학교코드' ... or --column code=HEADER" for column c. */
static void
would_do(struct hak_buf *b, const struct hak_import_col *c)
{
	size_t k;

	hak_buf_addf(b, " (a header '%s'", c->name);
	for (k = 0; c->headers && c->headers[k]; k++)
		hak_buf_addf(b, ", '%s'", c->headers[k]);
	hak_buf_addf(b, " or --column %s=HEADER)", c->name);
}

/* The --column mappings in given[] (by spec column); HAK_EUSAGE for a
 * bad one. */
static int
map_given(struct run *r, const char **given, struct hak_err *err)
{
	const struct hak_import_spec *spec = r->spec;
	const char *m, *eq;
	size_t i, k, len;

	for (k = 0; k < r->opts->ncolumns; k++) {
		m = r->opts->columns[k];
		eq = strchr(m, '=');
		if (!eq || eq == m || !eq[1])
			return hak_err_set(err, HAK_EUSAGE, "--column '%s': "
				"not FIELD=HEADER", m);
		len = (size_t)(eq - m);
		for (i = 0; i < spec->ncols; i++)
			if (strlen(spec->cols[i].name) == len &&
				!strncasecmp(spec->cols[i].name, m, len))
				break;
		if (i == spec->ncols)
			return hak_err_set(err, HAK_EUSAGE, "--column '%s': "
				"no %s field '%.*s'", m, spec->entity,
				(int)len, m);
		if (given[i])
			return hak_err_set(err, HAK_EUSAGE, "--column: field "
				"'%s' mapped twice", spec->cols[i].name);
		given[i] = eq + 1;
	}
	return HAK_OK;
}

/*
 * Find each spec column's header cell: its name or one of its headers,
 * trimmed, case-insensitively, or the header --column gives it.  A cell
 * naming two columns, a column named by two cells, a --column header not
 * in the file and a missing required column are errors at FILE:1.
 */
static int
map_header(struct run *r, const struct hak_csv_rec *hdr, struct hak_err *err)
{
	const struct hak_import_spec *spec = r->spec;
	const struct hak_import_col *c;
	struct hak_buf miss = HAK_BUF_INIT;
	size_t i, j, nmiss = 0, n = hdr->n ? hdr->n : 1;
	char **h = hak_xcalloc(n, sizeof(*h));
	int *owner = hak_xcalloc(n, sizeof(*owner));
	const char **given = hak_xcalloc(spec->ncols ? spec->ncols : 1,
		sizeof(*given));
	int rc;

	for (j = 0; j < hdr->n; j++) {
		h[j] = hak_text_trim(hak_xstrdup(hdr->f[j]));
		owner[j] = -1;
	}
	if ((rc = map_given(r, given, err)))
		goto out;
	for (i = 0; i < spec->ncols; i++) {
		c = &spec->cols[i];
		r->idx[i] = -1;
		for (j = 0; j < hdr->n && j < INT_MAX; j++) {
			if (!*h[j] || !names_col(h[j], c, given[i]))
				continue;
			if (r->idx[i] >= 0) {
				rc = hak_err_set(err, HAK_EDATA, "column "
					"'%s' is named twice in the header: "
					"'%s' (column %d) and '%s' (column "
					"%zu)", c->name, h[r->idx[i]],
					r->idx[i] + 1, h[j], j + 1);
				goto out;
			}
			if (owner[j] >= 0) {
				rc = hak_err_set(err, HAK_EDATA, "header "
					"'%s' (column %zu) names both '%s' and "
					"'%s'", h[j], j + 1,
					spec->cols[owner[j]].name, c->name);
				goto out;
			}
			r->idx[i] = (int)j;
			owner[j] = (int)i;
		}
		r->present[i] = r->idx[i] >= 0;
		if (!r->present[i] && given[i]) {
			rc = hak_err_set(err, HAK_EDATA, "--column %s=%s: "
				"no header '%s'", c->name, given[i], given[i]);
			goto out;
		}
	}
	/* A file with the key may hold any subset of the columns: the
	 * callback checks a new record's required ones (SPEC 2.10). */
	for (i = 0; i < spec->ncols; i++) {
		c = &spec->cols[i];
		if (r->present[i] || !c->required || (r->keycol >= 0 &&
			(size_t)r->keycol != i && r->present[r->keycol]))
			continue;
		hak_buf_addf(&miss, "%s'%s'", nmiss ? ", " : "", c->name);
		would_do(&miss, c);
		nmiss++;
	}
	if (nmiss)
		rc = hak_err_set(err, HAK_EDATA, "missing column%s %s",
			nmiss > 1 ? "s" : "", miss.buf);
out:
	if (rc == HAK_EDATA)
		hak_csv_where(r->csv, err, hdr->row, -1);
	for (j = 0; j < hdr->n; j++)
		free(h[j]);
	free(h);
	free(owner);
	free(given);
	hak_buf_release(&miss);
	return rc;
}

/*
 * A row longer than the header is an error unless every extra cell is
 * empty (SPEC 2.9: spreadsheets add trailing empty cells).  The message
 * goes to msg; false when the row is fine.
 */
static bool
too_long(struct run *r, const struct hak_csv_rec *rec, struct hak_buf *msg)
{
	size_t k;
	char *t;

	for (k = r->hdr_n; k < rec->n; k++) {
		if (!rec->len[k])
			continue;
		t = hak_text_trim(hak_xstrdup(rec->f[k]));
		if (*t) {
			hak_buf_addf(msg, "column %zu: '%s' is past the "
				"header's last column (%zu)", k + 1, t,
				r->hdr_n);
			free(t);
			return true;
		}
		free(t);
	}
	return false;
}

/* The mapped cells of rec, trimmed, in r->cells (NULL when empty). */
static void
take_cells(struct run *r, const struct hak_csv_rec *rec)
{
	size_t i, at;
	int j;

	hak_buf_reset(&r->cellbuf);
	for (i = 0; i < r->spec->ncols; i++) {
		r->off[i] = SIZE_MAX;
		j = r->idx[i];
		if (j < 0 || (size_t)j >= rec->n || !rec->len[j])
			continue;
		at = r->cellbuf.len;
		hak_buf_add(&r->cellbuf, rec->f[j], rec->len[j]);
		hak_text_trim(r->cellbuf.buf + at);
		r->cellbuf.len = at + strlen(r->cellbuf.buf + at);
		if (r->cellbuf.len > at) {
			r->off[i] = at;
			hak_buf_addch(&r->cellbuf, '\0');
		}
	}
	for (i = 0; i < r->spec->ncols; i++)
		r->cells[i] = r->off[i] == SIZE_MAX ? NULL :
			r->cellbuf.buf + r->off[i];
}

/*
 * Run one data record through the callback.  There is no savepoint per
 * row unless the spec asks for one (one costs a journal of every page the
 * row touches): a callback validates before it writes, so a row it
 * refuses has written nothing; one that refuses a row after writing is a
 * bug and ends the import.
 */
static int
one_row(struct run *r, const struct hak_csv_rec *rec, struct hak_err *err)
{
	struct hak_import_row row;
	enum hak_import_result res = HAK_IMPORT_SAME;
	struct hak_buf msg = HAK_BUF_INIT;
	struct hak_err rerr;
	long long before;
	long first;
	int rc, src;

	if (too_long(r, rec, &msg)) {
		reject(r, rec, msg.buf);
		hak_buf_release(&msg);
		return HAK_OK;
	}
	take_cells(r, rec);
	row.cells = r->cells;
	row.present = r->present;
	row.n = r->spec->ncols;
	row.row = rec->row;
	row.file = r->file;
	row.change = r->opts->change;
	row.change_arg = r->opts->change_arg;

	hak_err_clear(&rerr);
	if (r->keycol >= 0 && r->cells[r->keycol]) {
		if ((first = seen_before(r, r->cells[r->keycol], rec->row,
			err)) < 0)
			return err ? err->code : HAK_EBUG;
		if (first) {
			hak_err_set(&rerr, HAK_EDATA, "%s: '%s' is also on row "
				"%ld", r->spec->cols[r->keycol].name,
				r->cells[r->keycol], first);
			reject(r, rec, rerr.msg);
			return HAK_OK;
		}
	}
	if (r->spec->row_savepoint && (rc = hak_db_savepoint(r->db, err)))
		return rc;
	before = sqlite3_total_changes64(r->db->sql);
	rc = r->spec->row(r->db, r->spec->ctx, &row, &res, &rerr);
	if (rc && r->spec->row_savepoint) {
		if ((src = hak_db_rollback_to(r->db, err)))
			return src;
	} else if (rc == HAK_EDATA &&
		sqlite3_total_changes64(r->db->sql) != before)
		return hak_err_set(err, HAK_EBUG, "%s:%ld: %s row refused "
			"after it was written: %s", r->file, rec->row,
			r->spec->entity, rerr.msg);
	if (rc == HAK_EDATA) {
		reject(r, rec, rerr.msg);
		return HAK_OK;
	}
	if (rc) {
		if (err)
			*err = rerr;
		return rc;
	}
	if (r->spec->row_savepoint && (rc = hak_db_release(r->db, err)))
		return rc;
	switch (res) {
	case HAK_IMPORT_NEW:
		r->st->new_rows++;
		break;
	case HAK_IMPORT_UPDATED:
		r->st->updated++;
		break;
	case HAK_IMPORT_CHANGED:
		r->st->changed++;
		break;
	case HAK_IMPORT_SAME:
	default:
		r->st->same++;
		break;
	}
	return HAK_OK;
}

/*
 * The batch row is inserted before the first row, with zero counts, so
 * that row callbacks can refer to it (st->batch_id: survey responses
 * hold their batch); its counts are filled in by record_batch at the end,
 * in the same transaction.
 */
static int
open_batch(struct run *r, struct hak_err *err)
{
	static const char sql[] = "INSERT INTO batches(entity, file, sha256, "
		"rows_read, new_rows, updated, same, changed, rejected, actor, "
		"os_user, at) VALUES (?, ?, '', 0, 0, 0, 0, 0, 0, ?, ?, ?)";
	char at[HAK_TIME_LEN];
	const char *texts[5] = { r->spec->entity, r->file,
		hak_db_actor(r->db), hak_db_os_user(r->db), at };
	sqlite3_stmt *stmt;
	int rc, src;

	hak_time_format(hak_db_now(r->db), at);
	if ((rc = hak_db_prepare(r->db, sql, &stmt, err)))
		return rc;
	if ((rc = hak_db_bind_texts(r->db, stmt, 1, texts, 5, err))) {
		sqlite3_finalize(stmt);
		return rc;
	}
	src = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (src != SQLITE_DONE)
		return hak_db_fail(r->db, src, err);
	r->st->batch_id = sqlite3_last_insert_rowid(r->db->sql);
	return HAK_OK;
}

static int
record_batch(struct run *r, struct hak_err *err)
{
	static const char sql[] = "UPDATE batches SET sha256 = ?, "
		"rows_read = ?, new_rows = ?, updated = ?, same = ?, "
		"changed = ?, rejected = ? WHERE id = ?";
	struct hak_import_stats *st = r->st;
	struct hak_event ev = { 0 };
	struct hak_buf line = HAK_BUF_INIT;
	char key[32];
	const long counts[6] = { st->rows_read, st->new_rows, st->updated,
		st->same, st->changed, st->rejected };
	sqlite3_stmt *stmt;
	int rc, src, i;

	if ((rc = hak_db_prepare(r->db, sql, &stmt, err)))
		return rc;
	rc = hak_db_bound(r->db, hak_db_bind_text(stmt, 1, st->sha256), err);
	for (i = 0; i < 6 && !rc; i++)
		rc = hak_db_bound(r->db,
			sqlite3_bind_int64(stmt, 2 + i, counts[i]), err);
	if (!rc)
		rc = hak_db_bound(r->db,
			sqlite3_bind_int64(stmt, 8, st->batch_id), err);
	if (rc) {
		sqlite3_finalize(stmt);
		return rc;
	}
	src = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (src != SQLITE_DONE)
		return hak_db_fail(r->db, src, err);

	/* The event holds the batch record as a CSV line. */
	snprintf(key, sizeof(key), "%lld", st->batch_id);
	hak_csv_quote(&line, r->spec->entity, false);
	hak_buf_addch(&line, ',');
	hak_csv_quote(&line, r->file, false);
	hak_buf_addf(&line, ",%s,%ld,%ld,%ld,%ld,%ld,%ld", st->sha256,
		st->rows_read, st->new_rows, st->updated, st->same, st->changed,
		st->rejected);
	ev.entity = "batch";
	ev.key = key;
	ev.action = "create";
	ev.new = line.buf;
	rc = hak_event_add(r->db, &ev, err);
	hak_buf_release(&line);
	return rc;
}

/* A bigger page cache for the import; the old size in r->old_cache. */
static int
cache_grow(struct run *r, struct hak_err *err)
{
	char sql[64];
	sqlite3_stmt *st;
	int rc;

	if ((rc = hak_db_prepare(r->db, "PRAGMA cache_size", &st, err)))
		return rc;
	r->old_cache = sqlite3_step(st) == SQLITE_ROW ?
		sqlite3_column_int(st, 0) : -2000;
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d",
		r->spec->cache_kib > 0 ? r->spec->cache_kib : IMPORT_CACHE_KIB);
	return hak_db_exec(r->db, sql, err);
}

static void
cache_restore(struct run *r)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", r->old_cache);
	hak_db_exec(r->db, sql, NULL);
}

int
hak_import_run(struct hak_db *db, const struct hak_import_spec *spec,
	const struct hak_import_opts *opts, struct hak_import_stats *st,
	struct hak_err *err)
{
	return hak_import_run_keyed(db, spec, NULL, opts, st, err);
}

int
hak_import_run_keyed(struct hak_db *db, const struct hak_import_spec *spec,
	const char *key, const struct hak_import_opts *opts,
	struct hak_import_stats *st, struct hak_err *err)
{
	struct run r = { 0 };
	const struct hak_csv_rec *rec;
	const char *sha;
	bool in_tx = false, cache = false;
	size_t i, n = spec->ncols ? spec->ncols : 1;
	int rc;

	memset(st, 0, sizeof(*st));
	clock_gettime(CLOCK_MONOTONIC, &r.t0);
	r.db = db;
	r.spec = spec;
	r.opts = opts;
	r.st = st;
	hak_buf_init(&r.cellbuf, 0);
	hak_buf_init(&r.line, 0);
	r.idx = hak_xcalloc(n, sizeof(*r.idx));
	r.present = hak_xcalloc(n, sizeof(*r.present));
	r.cells = hak_xcalloc(n, sizeof(*r.cells));
	r.off = hak_xcalloc(n, sizeof(*r.off));
	r.keycol = -1;
	for (i = 0; key && i < spec->ncols; i++)
		if (!strcmp(spec->cols[i].name, key))
			r.keycol = (int)i;

	if ((rc = hak_csv_open_sheet(opts->path, opts->fp, opts->enc, 0,
		opts->sheet, &r.csv, err)))
		goto out;
	r.file = hak_csv_name(r.csv);
	/* --header-row N: the rows above the header (a form's title), by
	 * the row numbers a spreadsheet shows */
	do {
		if ((rc = hak_csv_read(r.csv, &rec, err)))
			goto out;
	} while (rec && rec->row < opts->header_row);
	if (!rec) {
		rc = hak_err_set(err, HAK_EDATA, "'%s': no header row",
			r.file);
		goto out;
	}
	r.hdr_n = rec->n;
	if ((rc = map_header(&r, rec, err)))
		goto out;
	if (opts->rejects) {
		if ((rc = hak_afile_open(&r.rej, opts->rejects, 0600, err)))
			goto out;
		r.rej_open = true;
	}
	rejects_header(&r);

	if (r.keycol >= 0 && (rc = hak_db_exec(db, keys_create, err)))
		goto out;
	if ((rc = cache_grow(&r, err)))
		goto out;
	cache = true;
	if ((rc = hak_db_begin(db, err)))
		goto out;
	in_tx = true;
	if ((rc = open_batch(&r, err)))
		goto out;
	if (r.keycol >= 0 && (rc = hak_db_exec(db, "DELETE FROM "
		"temp.import_keys", err)))
		goto out;
	for (;;) {
		if ((rc = hak_csv_read(r.csv, &rec, err))) {
			more_problems(&r);
			goto out;
		}
		if (!rec)
			break;
		st->rows_read++;
		if ((rc = one_row(&r, rec, err))) {
			more_problems(&r);
			goto out;
		}
		if (!(st->rows_read & 255))
			progress(&r, false);
	}
	more_problems(&r);
	if (spec->end && (rc = spec->end(db, spec->ctx, err)))
		goto out;
	sha = hak_csv_sha256(r.csv);
	snprintf(st->sha256, sizeof(st->sha256), "%s", sha ? sha : "");

	if (r.rej_open) {
		r.rej_open = false;
		if ((rc = hak_afile_commit(&r.rej, err)))
			goto out;
	}
	if (opts->dry_run || (r.problems && !opts->skip_invalid)) {
		if (r.problems) {
			rc = hak_err_set(err, HAK_EDATA,
				"'%s': %ld invalid row%s, nothing imported",
				r.file, r.problems, r.problems == 1 ? "" : "s");
			goto out;
		}
		rc = HAK_OK;
		goto out;
	}
	if ((rc = record_batch(&r, err)))
		goto out;
	if ((rc = hak_db_commit(db, err)))
		goto out;
	in_tx = false;
	st->committed = true;
out:
	if (in_tx)
		hak_db_rollback(db);
	if (cache)
		cache_restore(&r);
	if (r.rej_open)
		hak_afile_abort(&r.rej);
	if (!st->committed)
		st->batch_id = 0;
	if (r.csv)
		progress(&r, true);
	hak_csv_close(r.csv);
	free(r.cells);
	free(r.off);
	free(r.idx);
	free(r.present);
	hak_buf_release(&r.cellbuf);
	hak_buf_release(&r.line);
	return rc;
}

int
hak_import_change(const struct hak_import_row *row, const char *key,
	const char *column, const char *old, const char *new,
	struct hak_err *err)
{
	if (!row->change)
		return HAK_OK;
	if (old && !*old)
		old = NULL;
	if (new && !*new)
		new = NULL;
	if (old == new || (old && new && !strcmp(old, new)))
		return HAK_OK;
	return row->change(row->change_arg, key, column, old, new, err);
}

void
hak_import_summary(const struct hak_import_stats *st, struct hak_buf *out)
{
	hak_buf_addf(out, "%ld new", st->new_rows);
	if (st->updated)
		hak_buf_addf(out, ", %ld updated", st->updated);
	if (st->changed)
		hak_buf_addf(out, ", %ld changed, not updated", st->changed);
	hak_buf_addf(out, ", %ld already present, %ld rejected", st->same,
		st->rejected);
}
