/* SPDX-License-Identifier: MIT */
/*
 * hak/doc.h - documents (reports, `show` pages) built in memory and
 * rendered as text, md, html, csv or json (SPEC 5.6 formats).
 *
 * A document has a title and sections; a section has a machine key (used
 * by csv and json), a heading (for people) and blocks, in order:
 * paragraphs, key-value lists, tables with typed columns, bar charts, line
 * charts and definition lists.  Each builder call appends to the last
 * section or block; calls before the first section open one with an
 * empty key.  Every string is copied; the document owns everything.
 *
 * Values are strings as the figures' csv shows them (SPEC 2.7): integers
 * "12", numbers unrounded "0.8333333333", shares 0-1 for percent columns,
 * NULL for an empty cell.  Column types decide the display:
 *   TEXT     free text, left-aligned;
 *   CODE     codes and ids: never cut, strings in json;
 *   INTEGER  right-aligned, a number in json;
 *   NUMBER   right-aligned with the column's decimals in text/md/html;
 *   PERCENT  a share shown as 100 x value with the decimals and "%" in
 *            text/md/html, the share itself in csv and json;
 *   BOOL     "1" or "0": "yes" or "no" for people, true or false in json.
 * A numeric cell that does not parse as a number is shown as text.
 *
 * csv, SPEC 5.6 shape `section,department,group,metric,value` (figures
 * only: paragraphs and definitions are left out):
 *   - table: one row per (row, column) except the row key and department:
 *     group = the row's key: its cell in the first column that is not
 *     numeric nor "department" (empty when there is none), metric = the
 *     column name,
 *     department = the row's cell in a column named "department" (else
 *     empty; that column is then not a metric);
 *   - key-value list: group empty, metric = the key;
 *   - bar chart: group = the bar's label, metric = the chart's key
 *     (none for a chart marked with hak_doc_illustrate);
 *   - line chart: group = the series, metric = "KEY@X" (X as %g);
 *   section = the section's key; value = the cell as given.
 * json: {"title", "sections": [{"key", "heading", "blocks": [{"type",
 * ...}]}]} with numbers as numbers and codes and text as strings.
 */
#ifndef HAK_DOC_H
#define HAK_DOC_H

#include <stdio.h>

#include "hak/err.h"
#include "hak/out.h"

enum hak_doc_type {
	HAK_DOC_TEXT,
	HAK_DOC_CODE,
	HAK_DOC_INTEGER,
	HAK_DOC_NUMBER,
	HAK_DOC_PERCENT,
	HAK_DOC_BOOL
};

enum hak_doc_format {
	HAK_DOC_FMT_TEXT,
	HAK_DOC_FMT_MD,
	HAK_DOC_FMT_HTML,
	HAK_DOC_FMT_CSV,
	HAK_DOC_FMT_JSON
};

struct hak_doc;

struct hak_doc *hak_doc_new(const char *title);	/* caller frees */
void hak_doc_free(struct hak_doc *d);		/* NULL is fine */

/* "text" (also "table"), "md", "html", "csv", "json"; else HAK_EUSAGE. */
int hak_doc_format_parse(const char *s, enum hak_doc_format *fmt,
	struct hak_err *err);

/* Open a section: KEY for machines, HEADING for people (may be NULL). */
void hak_doc_section(struct hak_doc *d, const char *key,
	const char *heading);

/* A paragraph of free text. */
void hak_doc_para(struct hak_doc *d, const char *text);

/* One key-value pair, appended to the section's list if it ends with one. */
void hak_doc_kv(struct hak_doc *d, const char *key, const char *value,
	enum hak_doc_type type, int decimals);

/* A table: open it, declare its columns, then add rows of cells (one per
 * column; NULL = empty).  A table without rows is rendered as empty. */
void hak_doc_table(struct hak_doc *d, const char *key, const char *caption);
void hak_doc_col(struct hak_doc *d, const char *name, enum hak_doc_type type,
	int decimals);
void hak_doc_row(struct hak_doc *d, const char *const *cells);

/* A bar chart and its bars (values below 0 are drawn as 0). */
void hak_doc_bars(struct hak_doc *d, const char *key, const char *caption);
void hak_doc_bar(struct hak_doc *d, const char *label, double value);

/* A line chart and its points, by series in the order given. */
void hak_doc_lines(struct hak_doc *d, const char *key, const char *caption);
void hak_doc_point(struct hak_doc *d, const char *series, double x,
	double y);

/* The last block, a chart, draws figures the document gives elsewhere (a
 * table): csv leaves it out, html a line chart's table of points, and
 * text and md (which draw no lines) a line chart, so that no figure is
 * there twice. */
void hak_doc_illustrate(struct hak_doc *d);

/* One term of the section's definitions (SPEC 5.6: formulas used). */
void hak_doc_define(struct hak_doc *d, const char *term,
	const char *definition);

/* Write d to fp in fmt.  HAK_EIO when writing fails. */
int hak_doc_render(const struct hak_doc *d, enum hak_doc_format fmt,
	FILE *fp, struct hak_err *err);

/*
 * The document's records, for the programs' listing formats (SPEC 2.6):
 * fn gets each table, and each key-value list as one record (its keys the
 * columns), in order, with its section's key and the block's key, the
 * columns typed for JSON (BOOL as a boolean, the numeric types as
 * numbers).  Paragraphs, charts and definitions are left out.  Returns
 * the first non-zero value fn returns, else HAK_OK.
 */
struct hak_doc_records {
	const char *section, *key;
	const struct hak_col *cols;
	size_t ncols, nrows;
	const char *const *cells;	/* nrows rows of ncols cells */
};
int hak_doc_each_records(const struct hak_doc *d,
	int (*fn)(void *ctx, const struct hak_doc_records *r), void *ctx);

#endif
