/* SPDX-License-Identifier: MIT */
/* Private to the workbook reader: the row being built, the .xls half. */
#ifndef HAK_WORKBOOK_INT_H
#define HAK_WORKBOOK_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "hak/buf.h"
#include "hak/err.h"
#include "hak/workbook.h"

#define WB_FIELD_MAX	(1024 * 1024)
#define WB_RECORD_MAX	(16 * 1024 * 1024)

/* One row: cells back to back in data, NUL-ended, by column. */
struct wb_row {
	long row;
	struct hak_buf data;
	size_t *off, *lens;
	size_t n, a;
	char **fv;
	size_t afv;
	struct hak_wb_row out;
};

void wb_row_reset(struct wb_row *r, long row);
/* Put cell col (after the last one put); -1 when the row would pass
 * WB_RECORD_MAX. */
int wb_row_put(struct wb_row *r, long col, const char *s, size_t len);
const struct hak_wb_row *wb_row_out(struct wb_row *r);
void wb_row_release(struct wb_row *r);

/* The text of a number as a data officer sees it: integers without
 * ".0" or an exponent, else 15 significant digits. */
void wb_number_text(double x, char *out, size_t n);

/* HAK_EDATA: no sheet want among names[0..n) (want NULL: no sheets). */
int wb_no_sheet(const char *name, const char *want, char *const *names,
	size_t n, struct hak_err *err);

/* .xls through libfreexl in a child process (lib/workbook_xls.c). */
struct wb_xls;
int wb_xls_open(struct wb_xls **x, int fd, const char *name,
	const char *sheet, char **sheet_name, struct hak_err *err);
int wb_xls_read(struct wb_xls *x, struct wb_row *row,
	const struct hak_wb_row **out, struct hak_err *err);
void wb_xls_close(struct wb_xls *x);

#endif
