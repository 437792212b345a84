/* SPDX-License-Identifier: MIT */
/*
 * hak/import.h - the import driver shared by every importer (SPEC 2.9,
 * 2.10): schools, requests, projects, survey responses.
 *
 * The caller describes its entity (a name such as "school"), the columns
 * it maps (by header name, trimmed; unknown columns are ignored, a mapped
 * one named twice in the header is an error at FILE:1) and a row
 * callback that validates one row's cells and writes it.  The driver opens
 * the file with hak_csv_open, maps the header, and runs everything in one
 * BEGIN IMMEDIATE transaction.  There is no savepoint per row (it would
 * journal every page a row touches): a callback validates a row before it
 * writes anything, so a row it refuses leaves nothing behind.  A row with
 * more cells than the header is refused unless the extra cells are empty.
 * Problems go to opts->report as
 * "FILE:ROW: COLUMN: message", from a workbook "FILE:SHEET!C7: COLUMN:
 * message" (the cell of COLUMN on that row; "FILE:SHEET!7" when the
 * problem is the row's) (the first HAK_IMPORT_SHOW of them, then
 * "... and N more problems").  Then:
 *   - problems without skip_invalid: rollback, HAK_EDATA, nothing written;
 *   - dry_run: always rollback (HAK_EDATA when there were problems);
 *   - skip_invalid: commit the valid rows (HAK_OK).
 * A committed import records a row in batches (inserted before the first
 * row, its counts set at the end) and a "batch" "create" event.
 * With opts->rejects, the invalid rows (the mapped columns present in the
 * file, then row,error) are written there, UTF-8 with BOM, mode 0600,
 * atomically.  Memory stays flat in the number of rows: keys seen are
 * kept in a temporary table, rejects are written as they come.
 */
#ifndef HAK_IMPORT_H
#define HAK_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hak/buf.h"
#include "hak/csvio.h"
#include "hak/db.h"
#include "hak/err.h"

#define HAK_IMPORT_SHOW 20	/* problems shown before the count */

/* What the row callback did with a valid row. */
enum hak_import_result {
	HAK_IMPORT_NEW = 0,	/* a new record */
	HAK_IMPORT_UPDATED,	/* an existing record was changed */
	HAK_IMPORT_SAME,	/* already present, identical */
	HAK_IMPORT_CHANGED	/* present, differs, left as it is */
};

/*
 * A column the importer reads.  The header cell naming it is found after
 * trimming, case-insensitively, among name and headers (SPEC 2.9: e.g.
 * the Korean headers); opts->columns may name another.  A header cell
 * matching two columns, or a column matched by two header cells, is an
 * error at FILE:1.
 */
struct hak_import_col {
	const char *name;	/* field name, also its header */
	bool required;		/* the header must have it, unless it has
				 * the key (hak_import_run_keyed): then the
				 * callback checks new records for it */
	const char *const *headers;	/* other headers for it, NULL-ended;
					 * NULL: none */
};

/*
 * One change an import makes or would make (--dry-run --print): key's
 * column goes from old (NULL: none, e.g. a new record) to new.  Return
 * HAK_OK or an error code (with err) that ends the import.
 */
typedef int hak_import_change_fn(void *arg, const char *key,
	const char *column, const char *old, const char *new,
	struct hak_err *err);

/*
 * One data row as the callback sees it: cells[i] belongs to spec->cols[i];
 * it is NULL when the column is not in the file or the cell is empty, and
 * otherwise trimmed NFC UTF-8 (borrowed for the call).  present[i] tells
 * whether column i is in the file (an update must not clear a field whose
 * column is absent).
 */
struct hak_import_row {
	const char *const *cells;
	const bool *present;
	size_t n;
	long row;		/* spreadsheet row (header = 1) */
	const char *file;	/* name for messages */
	hak_import_change_fn *change;	/* opts->change, NULL: not wanted */
	void *change_arg;
};

/*
 * Tell the caller about one change the row makes (a no-op unless it asked
 * for them): old and new are compared here, so a callback may call it for
 * every column it sets; equal values (NULL and "" alike) are not changes.
 */
int hak_import_change(const struct hak_import_row *row, const char *key,
	const char *column, const char *old, const char *new,
	struct hak_err *err);

/*
 * The row callback: validate and write one row.  Return HAK_OK with *res
 * set, or HAK_EDATA with a message "COLUMN: message" (no where) for a bad
 * row, which must come before the callback wrote anything (the driver
 * ends the import with HAK_EBUG otherwise) unless spec->row_savepoint.
 * Any other code aborts the whole import (rolled back) and is returned as
 * is.
 */
typedef int hak_import_row_fn(struct hak_db *db, void *ctx,
	const struct hak_import_row *row, enum hak_import_result *res,
	struct hak_err *err);

struct hak_import_spec {
	const char *entity;	/* "school", ... (batches.entity) */
	const struct hak_import_col *cols;
	size_t ncols;
	hak_import_row_fn *row;
	void *ctx;
	/* The callback may refuse a row after writing some of it: each row
	 * then runs in a savepoint, rolled back when refused (much slower). */
	bool row_savepoint;
	/* NULL, or called after the last row, before the batch is recorded
	 * (e.g. to write rows the callback held back); an error ends the
	 * import. */
	int (*end)(struct hak_db *db, void *ctx, struct hak_err *err);
	/* The page cache during the import in KiB; 0: the driver's default
	 * (12 MiB, for tables whose indexes are written all over). */
	int cache_kib;
};

/* How far an import is, for a progress display. */
struct hak_import_progress {
	long rows;		/* data records read so far */
	long long bytes;	/* input bytes read so far */
	long long total;	/* input size in bytes, -1 when not known */
	double elapsed;		/* seconds since the import began */
	bool done;		/* the import ended: erase the display */
};

/*
 * Called by the driver once the import has run a second, then at most
 * four times a second, and with done set at the end (only when it was
 * called before) and before a problem is reported on the same stream.
 */
typedef void hak_import_progress_fn(const struct hak_import_progress *p,
	void *arg);

struct hak_import_opts {
	const char *path;	/* "-" = stdin */
	FILE *fp;		/* when not NULL, read it; path names it */
	enum hak_encoding enc;
	bool skip_invalid;
	bool dry_run;
	const char *rejects;	/* NULL: none */
	FILE *report;		/* problems (stderr); NULL: not shown */
	hak_import_progress_fn *progress;	/* NULL: none */
	void *progress_arg;
	/* --column FIELD=HEADER: the header cell naming spec column FIELD
	 * (instead of its own names); a FIELD not among the spec's columns
	 * is HAK_EUSAGE, a HEADER not in the file an error at FILE:1 */
	const char *const *columns;
	size_t ncolumns;
	hak_import_change_fn *change;	/* NULL: changes not wanted */
	void *change_arg;
	/* --header-row N: the header is the first record on row N or
	 * below (0 and 1: the first record); the rows above it (a form's
	 * title) are skipped */
	long header_row;
	/* --sheet NAME|N: the sheet of a workbook (NULL: the first) */
	const char *sheet;
};

struct hak_import_stats {
	long rows_read;		/* data records (not the header) */
	long new_rows;
	long updated;
	long same;		/* already present */
	long changed;		/* changed, not updated */
	long rejected;
	long long batch_id;	/* 0 when no batch was recorded; set
				 * before the first row is read, so that
				 * a callback whose ctx holds these stats
				 * can refer to the batch (the batches
				 * row exists in the transaction) */
	char sha256[65];
	bool committed;
};

/*
 * Run an import.  Codes: HAK_OK; HAK_EDATA for bad rows (see above), a
 * missing required column (where = "FILE:1"), no header, or a CSV error
 * from the reader; HAK_ENOINPUT/HAK_EPERM when the file cannot be opened;
 * HAK_ECREATE when the rejects file cannot be created; HAK_EBUSY; any code
 * a callback returns other than HAK_EDATA.  *st is filled in every case.
 */
int hak_import_run(struct hak_db *db, const struct hak_import_spec *spec,
	const struct hak_import_opts *opts, struct hak_import_stats *st,
	struct hak_err *err);

/*
 * As hak_import_run, for an entity whose records a column identifies
 * (key, e.g. "code", one of spec->cols): a key given on two rows of one
 * file is a row error on the second ("code: 'X' is also on row 2").
 * Otherwise the later row would silently win, and importing the same file
 * again would update instead of finding everything already present.
 */
int hak_import_run_keyed(struct hak_db *db, const struct hak_import_spec *spec,
	const char *key, const struct hak_import_opts *opts,
	struct hak_import_stats *st, struct hak_err *err);

/*
 * Append the one-line summary to out, e.g. "12 new, 340 already present,
 * 0 rejected"; ", N updated" and ", N changed, not updated" follow "new"
 * only when non-zero.  No line end.
 */
void hak_import_summary(const struct hak_import_stats *st,
	struct hak_buf *out);

#endif
