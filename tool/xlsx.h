/* SPDX-License-Identifier: MIT */
/*
 * tool/xlsx.h - the xlsx output format (SPEC 2.6): Excel workbooks
 * written with libxlsxwriter, for the programs.
 *
 * A workbook holds sheets; a sheet holds tables, one under the other (a
 * blank row between), each of typed columns (struct hak_col).  Cells are
 * written as a spreadsheet should hold them: numbers (HAK_COL_NUM cells
 * that are numbers, HAK_COL_BOOL 1/0) as numbers, dates (YYYY-MM-DD) and
 * times (YYYY-MM-DDTHH:MM:SS with or without an offset, shown in the time
 * as written) as dates under a date format, codes and every other cell as
 * text (never as a formula).  A table's header row is bold; the first
 * table of a sheet has its header frozen and an autofilter.  Column
 * widths fit the widest cell, Hangul counting two.  Rows go to disk as
 * they come (libxlsxwriter's constant_memory mode), so memory stays flat.
 *
 * libxlsxwriter writes to a file name: the workbook is made in a 0600
 * temporary file in $TMPDIR, copied to fp by hak_xlsx_close and removed.
 */
#ifndef HAK_TOOL_XLSX_H
#define HAK_TOOL_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hak/doc.h"
#include "hak/err.h"
#include "hak/out.h"

struct hak_xlsx;

/* Start a workbook for fp.  HAK_ECREATE when the temporary file cannot
 * be made. */
int hak_xlsx_open(struct hak_xlsx **x, FILE *fp, struct hak_err *err);
/* Start a sheet named name: characters Excel refuses in a sheet name
 * ([]:*?/\) become '_', the name is cut to 31 characters, and a name
 * already used gets " (2)", " (3)"...; NULL or empty: "Sheet1"... */
int hak_xlsx_sheet(struct hak_xlsx *x, const char *name,
	struct hak_err *err);
/* Start a table of these columns (borrowed until the next table) in the
 * sheet; header: write their names first. */
int hak_xlsx_table(struct hak_xlsx *x, const struct hak_col *cols,
	size_t ncols, bool header, struct hak_err *err);
/* One row of the table's cells (NULL or "": an empty cell).  HAK_EDATA
 * for a cell over Excel's 32,767 characters or a row past 1,048,576. */
int hak_xlsx_row(struct hak_xlsx *x, const char *const *cells,
	struct hak_err *err);
/* Write the workbook to fp and free x.  HAK_EIO on failure. */
int hak_xlsx_close(struct hak_xlsx *x, struct hak_err *err);
/* Free x, writing nothing.  NULL is a no-op. */
void hak_xlsx_abort(struct hak_xlsx *x);

/*
 * A document (reports, `show` pages) as a workbook on fp: one sheet per
 * section (named by its key), holding its tables and
 * key-value lists (hak_doc_each_records) one under the other; header
 * false leaves out the header rows.
 */
int hak_xlsx_doc(const struct hak_doc *doc, FILE *fp, bool header,
	struct hak_err *err);

#endif
