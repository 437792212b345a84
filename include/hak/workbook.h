/* SPDX-License-Identifier: MIT */
/*
 * hak/workbook.h - reading spreadsheets (SPEC 2.9): the rows of one sheet
 * of an .xlsx workbook (Office Open XML: a ZIP read with libzip, its XML
 * streamed through expat) or an .xls workbook (BIFF, read with libfreexl
 * in a child process under CPU and memory limits, the cells sent back
 * through a pipe, so that a reader fooled by a hostile file cannot harm
 * the program).
 *
 * Cells come out as the text a data officer sees: shared and inline
 * strings as they are, numbers as decimal text (integers without ".0" or
 * an exponent), booleans TRUE/FALSE, cells whose number format is a date
 * as YYYY-MM-DD (with " HH:MM:SS" for a date and time format, HH:MM:SS
 * alone for a time format) in the workbook's 1900 or 1904 system, and
 * formulas as their cached value (never evaluated).  A row holds its cells
 * by column (A is 0) up to its last non-empty cell; cells between are
 * empty strings; rows without a non-empty cell are skipped, but row
 * numbers are the sheet's own.
 *
 * Hostile files are refused with HAK_EDATA, within fixed bounds of time
 * and memory: a part whose uncompressed size or compression ratio is past
 * a cap (checked from the ZIP directory and again while reading), XML with
 * a DOCTYPE or entity declarations, shared strings past a count or size,
 * a cell over 1 MiB or a row over 16 MiB, cells or rows out of order or
 * past XFD1048576.  Errors carry where = "FILE:SHEET!C7" (or
 * "FILE:SHEET!7" for a whole row).  The library never prints.
 */
#ifndef HAK_WORKBOOK_H
#define HAK_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "hak/err.h"

#define HAK_WB_MAX_ROW 1048576L	/* Excel's last row */
#define HAK_WB_MAX_COL 16384L	/* ... and column, XFD */

enum hak_wb_kind {
	HAK_WB_NONE = 0,	/* not a workbook */
	HAK_WB_XLSX,		/* a ZIP file */
	HAK_WB_XLS		/* an OLE2 compound file */
};

/* What the first n bytes of a file say it is. */
enum hak_wb_kind hak_wb_sniff(const void *buf, size_t n);

struct hak_wb;

/* One row: cells f[0..n) (column A first), NUL-terminated UTF-8, borrowed
 * until the next read. */
struct hak_wb_row {
	long row;		/* the sheet's row number, 1-based */
	size_t n;
	char **f;
	size_t *len;
};

/*
 * Open the workbook in the regular file fd (which is duplicated: the
 * caller keeps its own; it is read from offset 0), of kind (see
 * hak_wb_sniff), named name in messages, and select its sheet: the first
 * when sheet is NULL, else the sheet of that name, else, when sheet is a
 * number N, the N-th (1-based).  HAK_EDATA for a damaged or hostile file
 * or an unknown sheet (the message lists the sheets); HAK_EOS when the
 * child process cannot be made.  The reader is the caller's.
 */
int hak_wb_open(int fd, enum hak_wb_kind kind, const char *name,
	const char *sheet, struct hak_wb **wb, struct hak_err *err);
/* Next row with a non-empty cell into *row, NULL at the end. */
int hak_wb_read(struct hak_wb *wb, const struct hak_wb_row **row,
	struct hak_err *err);
/* The selected sheet's name. */
const char *hak_wb_sheet(const struct hak_wb *wb);
/* Bytes of the sheet read so far and in all, for progress reports
 * (*total -1 when not known). */
void hak_wb_progress(const struct hak_wb *wb, long long *done,
	long long *total);
/* Close, and free wb (NULL is a no-op). */
void hak_wb_close(struct hak_wb *wb);

/*
 * Set e->where to "FILE:SHEET!C7" (col 0-based, row 1-based), or to
 * "FILE:SHEET!7" when col < 0; a long file name is shortened as
 * hak_err_where does.  No-op when e is NULL.
 */
void hak_wb_where(struct hak_err *e, const char *file, const char *sheet,
	long col, long row);
/* The column letters of col (0-based): 0 "A", 25 "Z", 26 "AA"; out must
 * hold 8 bytes. */
void hak_wb_colname(long col, char out[8]);

#endif
