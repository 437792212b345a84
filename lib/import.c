/* SPDX-License-Identifier: MIT */
/* The import driver shared by every importer (SPEC 2.9, 2.10). */
#include <inttypes.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>

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
	int *idx;		/* header index of each spec column, -1 */
	bool *present;
	char **cells;
	long problems;
	struct hak_buf rejects;	/* the rejects file, built as we go */
	int keycol;		/* spec column of spec->key, or -1 */
	void *seen;		/* tsearch tree of struct seen, by key */
	struct seen **seenv;	/* every node, to free them */
	size_t nseen, aseen;
};

/* A key value and the row it was first given on. */
struct seen {
	char *key;
	long row;
};

static int
seen_cmp(const void *a, const void *b)
{
	return strcmp(((const struct seen *)a)->key,
		((const struct seen *)b)->key);
}

/* The row key was already given on, or 0 (recording it then). */
static long
seen_before(struct run *r, const char *key, long row)
{
	struct seen probe = { (char *)key, 0 }, *s, **found;

	if ((found = tfind(&probe, &r->seen, seen_cmp)))
		return (*found)->row;
	s = hak_xcalloc(1, sizeof(*s));
	s->key = hak_xstrdup(key);
	s->row = row;
	if (!tsearch(s, &r->seen, seen_cmp))
		hak_xmalloc(SIZE_MAX);	/* out of memory: abort */
	HAK_ALLOC_GROW(r->seenv, r->nseen + 1, r->aseen);
	r->seenv[r->nseen++] = s;
	return 0;
}

static void
seen_free(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nseen; i++) {
		tdelete(r->seenv[i], &r->seen, seen_cmp);
		free(r->seenv[i]->key);
		free(r->seenv[i]);
	}
	free(r->seenv);
}

static void
problem(struct run *r, const char *where, const char *msg)
{
	r->problems++;
	if (r->opts->report && r->problems <= HAK_IMPORT_SHOW)
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
rejects_header(struct run *r)
{
	size_t i;

	hak_buf_adds(&r->rejects, "\xef\xbb\xbf");
	for (i = 0; i < r->spec->ncols; i++) {
		if (!r->present[i])
			continue;
		hak_csv_quote(&r->rejects, r->spec->cols[i].name, true);
		hak_buf_addch(&r->rejects, ',');
	}
	hak_buf_adds(&r->rejects, "row,error\r\n");
}

static void
rejects_row(struct run *r, const struct hak_csv_rec *rec, const char *msg)
{
	size_t i;
	int j;

	for (i = 0; i < r->spec->ncols; i++) {
		if (!r->present[i])
			continue;
		j = r->idx[i];
		if ((size_t)j < rec->n && rec->len[j])
			hak_csv_quote(&r->rejects, rec->f[j], true);
		hak_buf_addch(&r->rejects, ',');
	}
	hak_buf_addf(&r->rejects, "%ld,", rec->row);
	hak_csv_quote(&r->rejects, msg, true);
	hak_buf_adds(&r->rejects, "\r\n");
}

/* Whether a header cell after cell i has the same (trimmed) name. */
static bool
named_twice(const struct hak_csv_rec *hdr, int i)
{
	struct hak_csv_rec rest = *hdr;
	char *name = hak_text_trim(hak_xstrdup(hdr->f[i]));
	bool twice;

	rest.f += i + 1;
	rest.n -= (size_t)i + 1;
	twice = hak_csv_find(&rest, name) >= 0;
	free(name);
	return twice;
}

static int
map_header(struct run *r, const struct hak_csv_rec *hdr, struct hak_err *err)
{
	struct hak_buf miss = HAK_BUF_INIT;
	size_t i, nmiss = 0;

	for (i = 0; i < r->spec->ncols; i++) {
		r->idx[i] = hak_csv_find(hdr, r->spec->cols[i].name);
		r->present[i] = r->idx[i] >= 0;
		if (r->present[i] && named_twice(hdr, r->idx[i])) {
			char where[512];

			snprintf(where, sizeof(where), "%s:%ld", r->file,
				hdr->row);
			hak_buf_release(&miss);
			return hak_err_at(err, HAK_EDATA, where, "column '%s' "
				"is named twice in the header",
				r->spec->cols[i].name);
		}
		if (!r->present[i] && r->spec->cols[i].required) {
			hak_buf_addf(&miss, "%s'%s'", nmiss ? ", " : "",
				r->spec->cols[i].name);
			nmiss++;
		}
	}
	if (nmiss) {
		char where[512];

		snprintf(where, sizeof(where), "%s:%ld", r->file, hdr->row);
		hak_err_at(err, HAK_EDATA, where, "missing column%s %s",
			nmiss > 1 ? "s" : "", miss.buf);
		hak_buf_release(&miss);
		return HAK_EDATA;
	}
	return HAK_OK;
}

/* Run one data record through the callback inside a savepoint. */
static int
one_row(struct run *r, const struct hak_csv_rec *rec, struct hak_err *err)
{
	struct hak_import_row row;
	enum hak_import_result res = HAK_IMPORT_SAME;
	struct hak_err rerr;
	char where[512];
	size_t i;
	long first;
	int j, rc;

	for (i = 0; i < r->spec->ncols; i++) {
		free(r->cells[i]);
		r->cells[i] = NULL;
		j = r->idx[i];
		if (j < 0 || (size_t)j >= rec->n)
			continue;
		r->cells[i] = hak_xstrdup(rec->f[j]);
		hak_text_trim(r->cells[i]);
		if (!*r->cells[i]) {
			free(r->cells[i]);
			r->cells[i] = NULL;
		}
	}
	row.cells = (const char *const *)r->cells;
	row.present = r->present;
	row.n = r->spec->ncols;
	row.row = rec->row;
	row.file = r->file;

	hak_err_clear(&rerr);
	if (r->keycol >= 0 && r->cells[r->keycol] &&
		(first = seen_before(r, r->cells[r->keycol], rec->row))) {
		hak_err_set(&rerr, HAK_EDATA, "%s: '%s' is also on row %ld",
			r->spec->cols[r->keycol].name, r->cells[r->keycol],
			first);
		snprintf(where, sizeof(where), "%s:%ld", r->file, rec->row);
		problem(r, where, rerr.msg);
		rejects_row(r, rec, rerr.msg);
		r->st->rejected++;
		return HAK_OK;
	}
	if ((rc = hak_db_savepoint(r->db, err)))
		return rc;
	rc = r->spec->row(r->db, r->spec->ctx, &row, &res, &rerr);
	if (rc == HAK_EDATA) {
		hak_db_rollback_to(r->db);
		snprintf(where, sizeof(where), "%s:%ld", r->file, rec->row);
		problem(r, where, rerr.msg);
		rejects_row(r, rec, rerr.msg);
		r->st->rejected++;
		return HAK_OK;
	}
	if (rc) {
		hak_db_rollback_to(r->db);
		if (err)
			*err = rerr;
		return rc;
	}
	if ((rc = hak_db_release(r->db, err)))
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

static int
record_batch(struct run *r, struct hak_err *err)
{
	static const char sql[] = "INSERT INTO batches(entity, file, sha256, "
		"rows_read, new_rows, updated, same, changed, rejected, actor, "
		"os_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct hak_import_stats *st = r->st;
	struct hak_event ev = { 0 };
	struct hak_buf line = HAK_BUF_INIT;
	char at[HAK_TIME_LEN], key[32];
	sqlite3_stmt *stmt;
	int rc, src;

	hak_time_format(hak_db_now(r->db), at);
	if ((rc = hak_db_prepare(r->db, sql, &stmt, err)))
		return rc;
	hak_db_bind_text(stmt, 1, r->spec->entity);
	hak_db_bind_text(stmt, 2, r->file);
	hak_db_bind_text(stmt, 3, st->sha256);
	sqlite3_bind_int64(stmt, 4, st->rows_read);
	sqlite3_bind_int64(stmt, 5, st->new_rows);
	sqlite3_bind_int64(stmt, 6, st->updated);
	sqlite3_bind_int64(stmt, 7, st->same);
	sqlite3_bind_int64(stmt, 8, st->changed);
	sqlite3_bind_int64(stmt, 9, st->rejected);
	hak_db_bind_text(stmt, 10, hak_db_actor(r->db));
	hak_db_bind_text(stmt, 11, hak_db_os_user(r->db));
	hak_db_bind_text(stmt, 12, at);
	src = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (src != SQLITE_DONE)
		return hak_db_fail(r->db, src, err);
	st->batch_id = sqlite3_last_insert_rowid(r->db->sql);

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

static int
write_rejects(struct run *r, struct hak_err *err)
{
	struct hak_afile af;
	int rc;

	if ((rc = hak_afile_open(&af, r->opts->rejects, 0600, err)))
		return rc;
	if (fwrite(r->rejects.buf, 1, r->rejects.len, af.fp) != r->rejects.len) {
		hak_afile_abort(&af);
		return hak_err_set(err, HAK_EIO, "cannot write '%s'",
			r->opts->rejects);
	}
	return hak_afile_commit(&af, err);
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
	bool in_tx = false;
	size_t i;
	int rc;

	memset(st, 0, sizeof(*st));
	r.db = db;
	r.spec = spec;
	r.opts = opts;
	r.st = st;
	hak_buf_init(&r.rejects, 0);
	r.idx = hak_xcalloc(spec->ncols ? spec->ncols : 1, sizeof(*r.idx));
	r.present = hak_xcalloc(spec->ncols ? spec->ncols : 1,
		sizeof(*r.present));
	r.cells = hak_xcalloc(spec->ncols ? spec->ncols : 1,
		sizeof(*r.cells));
	r.keycol = -1;
	for (i = 0; key && i < spec->ncols; i++)
		if (!strcmp(spec->cols[i].name, key))
			r.keycol = (int)i;

	if ((rc = opts->fp ? hak_csv_open_fp(opts->fp, opts->path, opts->enc,
		0, &r.csv, err) : hak_csv_open(opts->path, opts->enc, 0, &r.csv,
		err)))
		goto out;
	r.file = hak_csv_name(r.csv);
	if ((rc = hak_csv_read(r.csv, &rec, err)))
		goto out;
	if (!rec) {
		rc = hak_err_set(err, HAK_EDATA, "'%s': no header row",
			r.file);
		goto out;
	}
	if ((rc = map_header(&r, rec, err)))
		goto out;
	rejects_header(&r);

	if ((rc = hak_db_begin(db, err)))
		goto out;
	in_tx = true;
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
	}
	more_problems(&r);
	sha = hak_csv_sha256(r.csv);
	snprintf(st->sha256, sizeof(st->sha256), "%s", sha ? sha : "");

	if (opts->rejects && (rc = write_rejects(&r, err)))
		goto out;
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
	if (!st->committed)
		st->batch_id = 0;
	hak_csv_close(r.csv);
	for (i = 0; i < spec->ncols; i++)
		free(r.cells[i]);
	free(r.cells);
	free(r.idx);
	free(r.present);
	seen_free(&r);
	hak_buf_release(&r.rejects);
	return rc;
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
