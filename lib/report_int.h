/* SPDX-License-Identifier: MIT */
/*
 * lib/report_int.h - private to the report modules (lib/report*.c): the
 * language of headings, numbers as cells, titles.
 */
#ifndef HAK_REPORT_INT_H
#define HAK_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "hak/report.h"

/* The group or department cell of "all of them". */
#define HAK_REPORT_ALL "(all)"

/* Whether headings are Korean: lang, else the config's lang, is "ko". */
bool hak_report_ko(struct hak_db *db, const char *lang);
/* A heading in Korean when ko (English when it has no translation). */
const char *hak_report_tr(bool ko, const char *en);
/* v as a cell ("%.10g"), empty when NaN. */
void hak_report_num(char *out, size_t n, double v);
/* A cell as a number: HAK_EDATA when empty or not one. */
int hak_report_parse(const char *s, double *v);
/* "OFFICE - WHAT LABEL (FIRST..LAST) DEPT" (caller frees). */
char *hak_report_title(struct hak_db *db, bool ko, const char *what,
	const struct hak_report_opts *o);
/* HAK_EDATA when dept (not NULL) is no department. */
int hak_report_check_dept(struct hak_db *db, const char *dept,
	struct hak_err *err);

/* qsort's comparison of doubles, ascending. */
int hak_report_cmp_double(const void *a, const void *b);

#endif
