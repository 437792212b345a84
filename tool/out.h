/* SPDX-License-Identifier: MIT */
/*
 * tool/out.h - the output formats of SPEC 2.6, for the programs.
 *
 * A struct hak_out writes rows of cells (UTF-8 strings, NULL = empty/null)
 * under fixed columns (struct hak_col, hak/out.h) in one format.  table
 * buffers its rows to size the columns; every other format streams (xlsx
 * to a temporary workbook, copied out at the end).  With
 * a path, output goes to a temporary file in the same directory (mode
 * 0600), which hak_out_close fsyncs and renames into place; hak_out_abort
 * removes it.  The module knows rows and columns, not domains.
 */
#ifndef HAK_TOOL_OUT_H
#define HAK_TOOL_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hak/err.h"
#include "hak/out.h"

enum hak_format {
	HAK_FMT_TABLE = 0,
	HAK_FMT_CSV,
	HAK_FMT_TSV,
	HAK_FMT_JSON,
	HAK_FMT_JSONL,
	HAK_FMT_EXCEL,
	HAK_FMT_XLSX,		/* a workbook (tool/xlsx.h) */
	HAK_FMT_MD,		/* documents only (HAK_VERB_DOC verbs) */
	HAK_FMT_HTML
};

/* "table|csv|tsv|json|jsonl|excel|xlsx|md|html" -> enum; HAK_EUSAGE
 * otherwise.
 * md and html are for documents: hak_out writes neither. */
int hak_format_parse(const char *s, enum hak_format *fmt, struct hak_err *err);
const char *hak_format_name(enum hak_format fmt);

/*
 * The format to use (SPEC 2.6): opt when given; else, when tty is true,
 * $HAK_FORMAT or table; else csv.  HAK_EUSAGE for a bad name.
 */
int hak_format_pick(const char *opt, bool tty, enum hak_format *fmt,
	struct hak_err *err);

struct hak_out_opts {
	enum hak_format fmt;
	const char *path;	/* NULL: write to fp */
	FILE *fp;		/* where to write (stdout usually); unused with path */
	bool no_header;
	int width;		/* table: cut to this many cells; 0 = no limit */
	bool color;		/* table: bold header */
	const char *sheet;	/* xlsx: the sheet's name; NULL: Sheet1 */
};

struct hak_out;

/* Start output; the column array is borrowed for the life of o.
 * HAK_ECREATE when the temporary file cannot be created. */
int hak_out_open(struct hak_out **o, const struct hak_out_opts *opts,
	const struct hak_col *cols, size_t ncols, struct hak_err *err);
/* One row of ncols cells.  HAK_EIO on a write error. */
int hak_out_row(struct hak_out *o, const char *const *cells,
	struct hak_err *err);
size_t hak_out_count(const struct hak_out *o);
/* Finish (table: lay out and print; json: close the array; path: fsync
 * and rename) and free o.  HAK_EIO / HAK_ECREATE on failure. */
int hak_out_close(struct hak_out *o, struct hak_err *err);
/* Free o, discarding a temporary file.  NULL is a no-op. */
void hak_out_abort(struct hak_out *o);

#endif
