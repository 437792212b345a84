/* SPDX-License-Identifier: MIT */
/* Output formats (SPEC 2.6), for the programs. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include "hak/buf.h"
#include "hak/csvio.h"
#include "tool/out.h"
#include "tool/xlsx.h"
#include "hak/text.h"
#include "banned.h"

/* A column cut to fit the width keeps at least this many cells. */
#define MIN_CELLS 4

static const char *const fmt_names[] = {
	"table", "csv", "tsv", "json", "jsonl", "excel", "xlsx", "md", "html"
};
#define NFMT (sizeof(fmt_names) / sizeof(fmt_names[0]))

struct hak_out {
	enum hak_format fmt;
	bool no_header;
	bool color;
	int width;
	const struct hak_col *cols;
	size_t ncols;
	FILE *fp;
	bool atomic;		/* af is open */
	struct hak_afile af;
	size_t count;
	bool failed;		/* a write failed; werr holds its errno */
	int werr;
	struct hak_xlsx *xl;	/* xlsx: the workbook */
	char **cells;		/* table: count * ncols copies, NULL kept */
	size_t alloc;
	struct hak_buf line;
};

int
hak_format_parse(const char *s, enum hak_format *fmt, struct hak_err *err)
{
	size_t i;

	if (s && !strcmp(s, "text"))	/* what table is for documents */
		s = "table";
	for (i = 0; s && i < NFMT; i++) {
		if (!strcmp(s, fmt_names[i])) {
			*fmt = (enum hak_format)i;
			return HAK_OK;
		}
	}
	return hak_err_set(err, HAK_EUSAGE, "unknown format '%s' "
		"(use table, csv, tsv, json, jsonl, excel, xlsx, md or html)",
		s ? s : "");
}

const char *
hak_format_name(enum hak_format fmt)
{
	if ((size_t)fmt >= NFMT)
		return "unknown";
	return fmt_names[fmt];
}

int
hak_format_pick(const char *opt, bool tty, enum hak_format *fmt,
	struct hak_err *err)
{
	const char *env;

	if (opt)
		return hak_format_parse(opt, fmt, err);
	if (!tty) {
		*fmt = HAK_FMT_CSV;
		return HAK_OK;
	}
	env = getenv("HAK_FORMAT");
	if (env && *env) {
		if (hak_format_parse(env, fmt, NULL))
			return hak_err_set(err, HAK_EUSAGE, "unknown format "
				"'%s' in $HAK_FORMAT (use table, csv, tsv, "
				"json, jsonl, excel, xlsx, md or html)", env);
		return HAK_OK;
	}
	*fmt = HAK_FMT_TABLE;
	return HAK_OK;
}

/*
 * Writing.
 */

static void
emit(struct hak_out *o, const char *data, size_t len)
{
	if (o->failed || !len)
		return;
	errno = 0;
	if (fwrite(data, 1, len, o->fp) != len) {
		o->failed = true;
		o->werr = errno ? errno : EIO;
	}
}

static int
write_error(struct hak_out *o, int e, struct hak_err *err)
{
	if (o->atomic)
		return hak_err_set(err, HAK_EIO, "cannot write to '%s': %s",
			o->af.path, strerror(e));
	return hak_err_set(err, HAK_EIO, "cannot write to %s: %s",
		o->fp == stdout ? "stdout" : "output", strerror(e));
}

static void
tsv_field(struct hak_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\t':
			hak_buf_adds(b, "\\t");
			break;
		case '\n':
			hak_buf_adds(b, "\\n");
			break;
		case '\r':
			hak_buf_adds(b, "\\r");
			break;
		case '\\':
			hak_buf_adds(b, "\\\\");
			break;
		default:
			hak_buf_addch(b, *s);
		}
	}
}

/* A csv, tsv or excel line of n fields. */
static void
delimited_line(struct hak_out *o, const char *const *f, bool names)
{
	size_t j;

	hak_buf_reset(&o->line);
	for (j = 0; j < o->ncols; j++) {
		const char *s = names ? o->cols[j].name : f[j];

		if (o->fmt == HAK_FMT_TSV) {
			if (j)
				hak_buf_addch(&o->line, '\t');
			tsv_field(&o->line, s);
		} else {
			if (j)
				hak_buf_addch(&o->line, ',');
			hak_csv_quote(&o->line, s, o->fmt == HAK_FMT_EXCEL);
		}
	}
	hak_buf_adds(&o->line, o->fmt == HAK_FMT_EXCEL ? "\r\n" : "\n");
	emit(o, o->line.buf, o->line.len);
}

static void
json_value(struct hak_buf *b, const char *s, enum hak_coltype type)
{
	/* SPEC 2.7: an empty cell is NULL; there are no empty strings. */
	if (!s || !*s)
		hak_buf_adds(b, "null");
	else if (type == HAK_COL_NUM && hak_out_json_number(s))
		hak_buf_adds(b, s);
	else if (type == HAK_COL_BOOL && !strcmp(s, "1"))
		hak_buf_adds(b, "true");
	else if (type == HAK_COL_BOOL && !strcmp(s, "0"))
		hak_buf_adds(b, "false");
	else
		hak_out_json_string(b, s);
}

static void
json_object(struct hak_out *o, const char *const *f)
{
	size_t j;

	hak_buf_addch(&o->line, '{');
	for (j = 0; j < o->ncols; j++) {
		if (j)
			hak_buf_addch(&o->line, ',');
		hak_out_json_string(&o->line, o->cols[j].name);
		hak_buf_addch(&o->line, ':');
		json_value(&o->line, f[j], o->cols[j].type);
	}
	hak_buf_addch(&o->line, '}');
}

static void
out_free(struct hak_out *o)
{
	size_t i;

	for (i = 0; i < o->count * o->ncols && o->cells; i++)
		free(o->cells[i]);
	free(o->cells);
	hak_buf_release(&o->line);
	free(o);
}

int
hak_out_open(struct hak_out **op, const struct hak_out_opts *opts,
	const struct hak_col *cols, size_t ncols, struct hak_err *err)
{
	struct hak_out *o;
	int rc;

	*op = NULL;
	o = hak_xcalloc(1, sizeof(*o));
	o->fmt = opts->fmt;
	o->no_header = opts->no_header;
	o->color = opts->color;
	o->width = opts->width;
	o->cols = cols;
	o->ncols = ncols;
	hak_buf_init(&o->line, 256);
	if (opts->path) {
		rc = hak_afile_open(&o->af, opts->path, 0600, err);
		if (rc != HAK_OK) {
			out_free(o);
			return rc;
		}
		o->atomic = true;
		o->fp = o->af.fp;
	} else {
		o->fp = opts->fp ? opts->fp : stdout;
	}
	if (o->fmt == HAK_FMT_XLSX && ((rc = hak_xlsx_open(&o->xl, o->fp,
		err)) || (rc = hak_xlsx_sheet(o->xl, opts->sheet, err)) ||
		(rc = hak_xlsx_table(o->xl, cols, ncols, !o->no_header, err)))) {
		hak_out_abort(o);
		return rc;
	}
	if (o->fmt == HAK_FMT_EXCEL)
		emit(o, "\xef\xbb\xbf", 3);
	if (!o->no_header && (o->fmt == HAK_FMT_CSV ||
		o->fmt == HAK_FMT_TSV || o->fmt == HAK_FMT_EXCEL))
		delimited_line(o, NULL, true);
	if (o->failed) {
		rc = write_error(o, o->werr, err);
		hak_out_abort(o);
		return rc;
	}
	*op = o;
	return HAK_OK;
}

int
hak_out_row(struct hak_out *o, const char *const *cells, struct hak_err *err)
{
	size_t j;
	int rc;

	if (o->failed)
		return write_error(o, o->werr, err);
	switch (o->fmt) {
	case HAK_FMT_TABLE:
		HAK_ALLOC_GROW(o->cells, (o->count + 1) * o->ncols, o->alloc);
		for (j = 0; j < o->ncols; j++)
			o->cells[o->count * o->ncols + j] =
				hak_xstrdup(cells[j]);
		break;
	case HAK_FMT_JSON:
		hak_buf_reset(&o->line);
		hak_buf_adds(&o->line, o->count ? ",\n" : "[\n");
		json_object(o, cells);
		emit(o, o->line.buf, o->line.len);
		break;
	case HAK_FMT_JSONL:
		hak_buf_reset(&o->line);
		json_object(o, cells);
		hak_buf_addch(&o->line, '\n');
		emit(o, o->line.buf, o->line.len);
		break;
	case HAK_FMT_XLSX:
		if ((rc = hak_xlsx_row(o->xl, cells, err)))
			return rc;
		break;
	default:
		delimited_line(o, cells, false);
	}
	o->count++;
	if (o->failed)
		return write_error(o, o->werr, err);
	return HAK_OK;
}

size_t
hak_out_count(const struct hak_out *o)
{
	return o->count;
}

/*
 * Fitting a table to the terminal (SPEC 2.6).  w[j] is column j's width,
 * 0 for a column left out.  The steps, each only while the line (the
 * columns and their two-cell gaps) is wider than the limit:
 *   1. a header wider than its column's values is cut to them (not below
 *      MIN_CELLS);
 *   2. empty columns, as wide as their header, are left out, the rightmost
 *      first: no value is lost;
 *   3. free text (HAK_COL_PROSE) is cut, down to MIN_CELLS;
 *   4. every other value but codes and ids is cut, down to MIN_CELLS.
 * Codes and ids (HAK_COL_CODE) are never cut, so a line of many codes may
 * still be wider than the limit.
 */
static size_t
line_width(const size_t *w, size_t n)
{
	size_t total = 0, shown = 0, j;

	for (j = 0; j < n; j++) {
		if (!w[j])
			continue;
		total += w[j];
		shown++;
	}
	return total + (shown ? 2 * (shown - 1) : 0);
}

/* Take the widest columns above their floor down, one step at a time, until
 * the line fits limit or none is left above its floor. */
static void
shrink(size_t *w, const size_t *floor, size_t n, size_t limit)
{
	size_t total, j, m, second, target;

	while ((total = line_width(w, n)) > limit) {
		m = SIZE_MAX;
		for (j = 0; j < n; j++)
			if (w[j] > floor[j] && (m == SIZE_MAX || w[j] > w[m]))
				m = j;
		if (m == SIZE_MAX)
			break;
		second = 0;
		for (j = 0; j < n; j++)
			if (j != m && w[j] > floor[j] && w[j] > second)
				second = w[j];
		target = total - limit >= w[m] ? 0 : w[m] - (total - limit);
		if (target < second)
			target = second;
		if (target < floor[m])
			target = floor[m];
		if (target >= w[m])
			target = w[m] - 1;
		w[m] = target;
	}
}

static size_t
at_most(size_t v, size_t hi)
{
	return v < hi ? v : hi;
}

/* hw: the header widths; dw: the widest value of each column (0: empty). */
static void
fit(const struct hak_col *cols, size_t n, const size_t *hw, const size_t *dw,
	size_t *w, size_t limit)
{
	size_t *floor = hak_xcalloc(n, sizeof(*floor)), j;

	for (j = 0; j < n; j++)
		floor[j] = dw[j] && hw[j] > dw[j] ? (dw[j] > MIN_CELLS ?
			dw[j] : at_most(w[j], MIN_CELLS)) : w[j];
	shrink(w, floor, n, limit);
	for (j = n; j-- > 0 && line_width(w, n) > limit;)
		if (!dw[j])
			w[j] = 0;
	for (j = 0; j < n; j++)
		if (w[j] && cols[j].type == HAK_COL_PROSE)
			floor[j] = at_most(w[j], MIN_CELLS);
	shrink(w, floor, n, limit);
	for (j = 0; j < n; j++)
		if (w[j] && cols[j].type != HAK_COL_CODE)
			floor[j] = at_most(w[j], MIN_CELLS);
	shrink(w, floor, n, limit);
	free(floor);
}

static void
pad(struct hak_buf *b, size_t n)
{
	while (n--)
		hak_buf_addch(b, ' ');
}

static void
table_print(struct hak_out *o)
{
	size_t nc = o->ncols, hdr = o->no_header ? 0 : 1;
	size_t nr = o->count + hdr, r, j, *w, *cw, *hw, *dw;
	bool first;
	char **disp;

	if (!nc || !nr)
		return;
	disp = hak_xcalloc(nr * nc, sizeof(*disp));
	cw = hak_xcalloc(nr * nc, sizeof(*cw));
	w = hak_xcalloc(nc, sizeof(*w));
	hw = hak_xcalloc(nc, sizeof(*hw));
	dw = hak_xcalloc(nc, sizeof(*dw));
	for (j = 0; j < nc; j++)
		hw[j] = hak_text_width(o->cols[j].name);
	for (r = 0; r < nr; r++) {
		for (j = 0; j < nc; j++) {
			const char *s = r < hdr ? o->cols[j].name :
				o->cells[(r - hdr) * nc + j];
			size_t k = r * nc + j;

			disp[k] = hak_out_cell_fit(s, SIZE_MAX);
			cw[k] = hak_text_width(disp[k]);
			if (cw[k] > w[j])
				w[j] = cw[k];
			if (r >= hdr && cw[k] > dw[j])
				dw[j] = cw[k];
		}
	}
	/* an empty column is as wide as its header, even without one */
	for (j = 0; j < nc; j++)
		if (!dw[j])
			w[j] = hw[j];
	if (o->width > 0)
		fit(o->cols, nc, hw, dw, w, (size_t)o->width);
	for (r = 0; r < nr && !o->failed; r++) {
		hak_buf_reset(&o->line);
		if (r < hdr && o->color)
			hak_buf_adds(&o->line, "\033[1m");
		first = true;
		for (j = 0; j < nc; j++) {
			size_t k = r * nc + j, cells = cw[k];
			char *cut = NULL;
			const char *s = disp[k];

			if (!w[j])
				continue;
			if (cells > w[j]) {
				cut = hak_out_cell_fit(s, w[j]);
				s = cut;
				cells = hak_text_width(cut);
			}
			if (!first)
				hak_buf_adds(&o->line, "  ");
			first = false;
			if (o->cols[j].type == HAK_COL_NUM) {
				pad(&o->line, w[j] - cells);
				hak_buf_adds(&o->line, s);
			} else {
				hak_buf_adds(&o->line, s);
				pad(&o->line, w[j] - cells);
			}
			free(cut);
		}
		while (o->line.len && o->line.buf[o->line.len - 1] == ' ')
			hak_buf_setlen(&o->line, o->line.len - 1);
		if (r < hdr && o->color)
			hak_buf_adds(&o->line, "\033[0m");
		hak_buf_addch(&o->line, '\n');
		emit(o, o->line.buf, o->line.len);
	}
	for (r = 0; r < nr * nc; r++)
		free(disp[r]);
	free(disp);
	free(cw);
	free(w);
	free(hw);
	free(dw);
}

int
hak_out_close(struct hak_out *o, struct hak_err *err)
{
	const char *end = o->count ? "\n]\n" : "[]\n";
	int rc = HAK_OK, e;

	if (o->fmt == HAK_FMT_TABLE)
		table_print(o);
	else if (o->fmt == HAK_FMT_JSON)
		emit(o, end, strlen(end));
	if (o->failed)
		rc = write_error(o, o->werr, err);
	if (o->xl) {
		if (rc == HAK_OK)
			rc = hak_xlsx_close(o->xl, err);
		else
			hak_xlsx_abort(o->xl);
		o->xl = NULL;
	}
	if (o->atomic) {
		if (rc != HAK_OK)
			hak_afile_abort(&o->af);
		else
			rc = hak_afile_commit(&o->af, err);
	} else if (rc == HAK_OK) {
		errno = 0;
		if (fflush(o->fp) != 0 || ferror(o->fp)) {
			e = errno ? errno : EIO;
			rc = write_error(o, e, err);
		}
	}
	out_free(o);
	return rc;
}

void
hak_out_abort(struct hak_out *o)
{
	if (!o)
		return;
	hak_xlsx_abort(o->xl);
	if (o->atomic)
		hak_afile_abort(&o->af);
	out_free(o);
}
