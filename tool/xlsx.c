/* SPDX-License-Identifier: MIT */
/* The xlsx output format (SPEC 2.6), written with libxlsxwriter. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "hak/buf.h"
#include "hak/text.h"
#include "tool/xlsx.h"
#include "banned.h"

#define SHEET_MAX	31	/* characters in a sheet name */
#define CELL_MAX	32767	/* characters in a cell */
#define WIDTH_MIN	6
#define WIDTH_MAX	60

struct hak_xlsx {
	FILE *fp;
	char *tmp;		/* the workbook's temporary file */
	lxw_workbook *wb;
	lxw_format *bold, *date, *datetime;
	struct hak_strv names;	/* sheet names used */

	lxw_worksheet *ws;	/* the current sheet */
	lxw_row_t next;		/* its next row */
	size_t *width;		/* widest cell of each column, in cells */
	size_t nwidth;
	bool filtered;		/* its first table has its autofilter */

	const struct hak_col *cols;	/* the current table */
	size_t ncols;
	lxw_row_t first;	/* its first row (the header's) */
	bool header, first_table;
};

static int
lxw_fail(lxw_error e, const char *what, struct hak_err *err)
{
	return hak_err_set(err, HAK_EIO, "cannot write the workbook (%s): %s",
		what, lxw_strerror(e));
}

int
hak_xlsx_open(struct hak_xlsx **xp, FILE *fp, struct hak_err *err)
{
	lxw_workbook_options opts = { .constant_memory = LXW_TRUE };
	const char *dir = getenv("TMPDIR");
	struct hak_xlsx *x;
	int fd, e;

	*xp = NULL;
	if (!dir || !*dir)
		dir = "/tmp";
	x = hak_xcalloc(1, sizeof(*x));
	x->fp = fp;
	x->tmp = hak_xasprintf("%s/hak-xlsx.XXXXXX", dir);
	if ((fd = mkstemp(x->tmp)) < 0) {
		e = errno;
		free(x->tmp);
		free(x);
		return hak_err_set(err, HAK_ECREATE, "cannot make a temporary "
			"file in '%s': %s", dir, strerror(e));
	}
	close(fd);
	if (!(x->wb = workbook_new_opt(x->tmp, &opts))) {
		unlink(x->tmp);
		free(x->tmp);
		free(x);
		return hak_err_set(err, HAK_ECREATE, "cannot start a workbook");
	}
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	x->datetime = workbook_add_format(x->wb);
	format_set_num_format(x->datetime, "yyyy-mm-dd hh:mm:ss");
	*xp = x;
	return HAK_OK;
}

/* Column widths and the first table's autofilter, once a table ends. */
static void
end_table(struct hak_xlsx *x)
{
	if (!x->ws || !x->cols)
		return;
	if (x->first_table && x->header && x->ncols && x->next > x->first) {
		worksheet_autofilter(x->ws, x->first, 0, x->next - 1,
			(lxw_col_t)(x->ncols - 1));
		x->filtered = true;
	}
	x->cols = NULL;
}

static void
end_sheet(struct hak_xlsx *x)
{
	size_t j, w;

	end_table(x);
	for (j = 0; x->ws && j < x->nwidth; j++) {
		w = x->width[j] + 2;
		w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
		worksheet_set_column(x->ws, (lxw_col_t)j, (lxw_col_t)j,
			(double)w, NULL);
	}
	free(x->width);
	x->width = NULL;
	x->nwidth = 0;
	x->ws = NULL;
}

/* A sheet name Excel takes, not yet used (case does not count). */
static char *
sheet_name(struct hak_xlsx *x, const char *want)
{
	struct hak_buf b = HAK_BUF_INIT, t = HAK_BUF_INIT;
	const unsigned char *s;
	size_t i, chars = 0, n, k;
	bool used;
	int try;

	if (!want || !*want) {
		want = NULL;
		hak_buf_addf(&b, "Sheet%zu", x->names.n + 1);
	}
	for (s = (const unsigned char *)want; s && *s && chars < SHEET_MAX;
		chars++) {
		n = *s < 0x80 ? 1 : *s < 0xe0 ? 2 : *s < 0xf0 ? 3 : 4;
		for (k = 1; k < n && s[k]; k++)
			;
		if (strchr("[]:*?/\\", *s) || *s < 0x20)
			hak_buf_addch(&b, '_');
		else
			hak_buf_add(&b, s, k);
		s += k;
	}
	if (b.buf[0] == '\'')
		b.buf[0] = '_';
	if (b.len && b.buf[b.len - 1] == '\'')
		b.buf[b.len - 1] = '_';
	for (try = 1;; try++) {
		hak_buf_reset(&t);
		hak_buf_adds(&t, b.buf);
		if (try > 1) {
			/* keep the suffix within the 31 characters */
			while (hak_text_length(t.buf) + 6 > SHEET_MAX && t.len) {
				do
					t.len--;
				while (t.len &&
					((unsigned char)t.buf[t.len] & 0xc0) ==
					0x80);
				t.buf[t.len] = '\0';
			}
			hak_buf_addf(&t, " (%d)", try);
		}
		used = false;
		for (i = 0; i < x->names.n && !used; i++)
			used = !strcasecmp(x->names.v[i], t.buf);
		if (!used)
			break;
	}
	hak_buf_release(&b);
	hak_strv_push(&x->names, t.buf);
	return hak_buf_detach(&t, NULL);
}

int
hak_xlsx_sheet(struct hak_xlsx *x, const char *name, struct hak_err *err)
{
	char *nm;

	end_sheet(x);
	nm = sheet_name(x, name);
	x->ws = workbook_add_worksheet(x->wb, nm);
	free(nm);
	if (!x->ws)
		return hak_err_set(err, HAK_EIO, "cannot add a sheet to the "
			"workbook");
	x->next = 0;
	x->filtered = false;
	return HAK_OK;
}

static void
widen(struct hak_xlsx *x, size_t j, size_t w)
{
	size_t old = x->nwidth;

	if (j >= x->nwidth) {
		x->nwidth = j + 1;
		x->width = hak_xreallocarray(x->width, x->nwidth,
			sizeof(*x->width));
		memset(x->width + old, 0, (x->nwidth - old) *
			sizeof(*x->width));
	}
	if (w > x->width[j])
		x->width[j] = w;
}

int
hak_xlsx_table(struct hak_xlsx *x, const struct hak_col *cols, size_t ncols,
	bool header, struct hak_err *err)
{
	lxw_error e;
	size_t j;
	int rc;

	if (!x->ws && (rc = hak_xlsx_sheet(x, NULL, err)))
		return rc;
	end_table(x);
	x->first_table = x->next == 0;
	if (!x->first_table)
		x->next++;		/* a blank row between tables */
	x->cols = cols;
	x->ncols = ncols;
	x->first = x->next;
	x->header = header;
	if (!header)
		return HAK_OK;
	if (x->next >= LXW_ROW_MAX)
		return hak_err_set(err, HAK_EDATA, "more rows than a sheet "
			"holds (%d)", LXW_ROW_MAX);
	for (j = 0; j < ncols; j++) {
		e = worksheet_write_string(x->ws, x->next, (lxw_col_t)j,
			cols[j].name, x->bold);
		if (e)
			return lxw_fail(e, "header", err);
		widen(x, j, hak_text_width(cols[j].name));
	}
	if (x->first_table)
		worksheet_freeze_panes(x->ws, x->next + 1, 0);
	x->next++;
	return HAK_OK;
}

static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* The value of n digits at s. */
static int
num(const char *s, size_t n)
{
	int v = 0;

	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* "YYYY-MM-DD", optionally "THH:MM:SS" or " HH:MM:SS" and then an
 * offset ("+09:00", "Z"): a date and time Excel holds (1900 on). */
static bool
parse_when(const char *s, lxw_datetime *t, bool *has_time)
{
	size_t n = strlen(s);
	const char *o;

	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
		s[7] != '-' || !digits(s + 8, 2))
		return false;
	memset(t, 0, sizeof(*t));
	t->year = num(s, 4);
	t->month = num(s + 5, 2);
	t->day = num(s + 8, 2);
	*has_time = n > 10;
	if (*has_time) {
		if (n < 19 || (s[10] != 'T' && s[10] != ' ') ||
			!digits(s + 11, 2) || s[13] != ':' ||
			!digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
			return false;
		o = s + 19;
		if (*o && strcmp(o, "Z") && !((*o == '+' || *o == '-') &&
			strlen(o) == 6 && digits(o + 1, 2) && o[3] == ':' &&
			digits(o + 4, 2)))
			return false;
		t->hour = num(s + 11, 2);
		t->min = num(s + 14, 2);
		t->sec = num(s + 17, 2);
	}
	return t->year >= 1900 && t->year <= 9999 && t->month >= 1 &&
		t->month <= 12 && t->day >= 1 && t->day <= 31 &&
		t->hour < 24 && t->min < 60 && t->sec < 60;
}

int
hak_xlsx_row(struct hak_xlsx *x, const char *const *cells,
	struct hak_err *err)
{
	const struct hak_col *c;
	lxw_datetime t;
	lxw_error e = LXW_NO_ERROR;
	lxw_col_t col;
	bool has_time;
	size_t j, w;
	const char *s;

	if (x->next >= LXW_ROW_MAX)
		return hak_err_set(err, HAK_EDATA, "more rows than a sheet "
			"holds (%d); use csv", LXW_ROW_MAX);
	for (j = 0; j < x->ncols; j++) {
		s = cells[j];
		c = &x->cols[j];
		col = (lxw_col_t)j;
		if (!s || !*s)
			continue;
		if ((c->type == HAK_COL_NUM || c->type == HAK_COL_BOOL) &&
			hak_out_json_number(s)) {
			e = worksheet_write_number(x->ws, x->next, col,
				strtod(s, NULL), NULL);
			w = strlen(s);
		} else if (c->type == HAK_COL_TEXT &&
			parse_when(s, &t, &has_time)) {
			e = worksheet_write_datetime(x->ws, x->next, col, &t,
				has_time ? x->datetime : x->date);
			w = has_time ? 19 : 10;
		} else {
			if (hak_text_length(s) > CELL_MAX)
				return hak_err_set(err, HAK_EDATA, "a cell of "
					"column '%s' holds more than %d "
					"characters, more than a workbook "
					"cell; use csv", c->name, CELL_MAX);
			e = worksheet_write_string(x->ws, x->next, col, s,
				NULL);
			w = hak_text_width(s);
		}
		if (e)
			return lxw_fail(e, c->name, err);
		widen(x, j, w);
	}
	x->next++;
	return HAK_OK;
}

static void
discard(struct hak_xlsx *x)
{
	unlink(x->tmp);
	free(x->tmp);
	free(x->width);
	hak_strv_clear(&x->names);
	free(x);
}

int
hak_xlsx_close(struct hak_xlsx *x, struct hak_err *err)
{
	char buf[64 * 1024];
	lxw_error e;
	FILE *in;
	size_t n;
	int rc = HAK_OK;

	if (!x->names.n)
		hak_xlsx_sheet(x, NULL, NULL);	/* a workbook needs a sheet */
	end_sheet(x);
	e = workbook_close(x->wb);
	if (e) {
		rc = lxw_fail(e, "closing", err);
	} else if (!(in = fopen(x->tmp, "rb"))) {
		rc = hak_err_set(err, HAK_EIO, "cannot read the workbook "
			"back: %s", strerror(errno));
	} else {
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			if (fwrite(buf, 1, n, x->fp) != n)
				break;
		if (ferror(in) || ferror(x->fp))
			rc = hak_err_set(err, HAK_EIO, "cannot write the "
				"workbook: %s", strerror(errno));
		fclose(in);
	}
	discard(x);
	return rc;
}

void
hak_xlsx_abort(struct hak_xlsx *x)
{
	if (!x)
		return;
	/* libxlsxwriter frees only by writing: it writes the temporary
	 * file, which goes */
	workbook_close(x->wb);
	discard(x);
}

/*
 * Documents: one sheet per section.
 */

struct doc_ctx {
	struct hak_xlsx *x;
	const struct hak_doc *doc;
	const char *section;	/* the last section given a sheet */
	bool started, header;
	struct hak_err *err;
};

static int
doc_block(void *ctx, const struct hak_doc_records *r)
{
	struct doc_ctx *d = ctx;
	size_t i;
	int rc;

	if (!d->started || strcmp(d->section, r->section)) {
		d->started = true;
		d->section = r->section;
		if ((rc = hak_xlsx_sheet(d->x, r->section, d->err)))
			return rc;
	}
	if ((rc = hak_xlsx_table(d->x, r->cols, r->ncols, d->header, d->err)))
		return rc;
	for (i = 0; i < r->nrows; i++)
		if ((rc = hak_xlsx_row(d->x, r->cells + i * r->ncols,
			d->err)))
			return rc;
	return HAK_OK;
}

int
hak_xlsx_doc(const struct hak_doc *doc, FILE *fp, bool header,
	struct hak_err *err)
{
	struct doc_ctx d = { 0 };
	int rc;

	if ((rc = hak_xlsx_open(&d.x, fp, err)))
		return rc;
	d.doc = doc;
	d.header = header;
	d.err = err;
	if ((rc = hak_doc_each_records(doc, doc_block, &d))) {
		hak_xlsx_abort(d.x);
		return rc;
	}
	return hak_xlsx_close(d.x, err);
}
