/* SPDX-License-Identifier: MIT */
/*
 * `pivot` (SPEC 5.6): a pivot table of any CSV: one row per value of
 * --rows, one column per sorted value of --cols, and total; cells count
 * the records, or add up or average --sum/--mean's column.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "hak/csvio.h"
#include "hak/text.h"
#include "banned.h"

struct cell {
	double sum;
	long long n;
};

struct pivot {
	struct hak_strv rows, cols;	/* keys in order of appearance */
	struct cell *c;			/* rows x cols, grown by rows */
	size_t arows;
};

static size_t
key_index(struct hak_strv *v, const char *k)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], k))
			return i;
	hak_strv_push(v, k);
	return v->n - 1;
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The index of column name in hdr, HAK_EDATA naming it when none. */
static int
column(const struct hak_csv *r, const struct hak_csv_rec *hdr,
	const char *name, const char *opt, int *col, struct hak_err *err)
{
	if (!name) {
		*col = -1;
		return HAK_OK;
	}
	if ((*col = hak_csv_find(hdr, name)) < 0)
		return hak_err_set(err, HAK_EDATA, "%s: %s: no column '%s'",
			hak_csv_name(r), opt, name);
	return HAK_OK;
}

/* Add one record to p (its cells already found). */
static int
add(struct pivot *p, const char *rk, const char *ck, const char *val,
	const struct hak_csv *r, long row, struct hak_err *err)
{
	size_t i, j, k, old = p->rows.n, ncols = p->cols.n;
	struct cell *c;
	char *end;
	double v = 0;

	if (val && *val) {
		v = strtod(val, &end);
		if (*end || !isfinite(v))
			return hak_err_set(err, HAK_EDATA, "%s:%ld: '%s' is not "
				"a number", hak_csv_name(r), row, val);
	}
	i = key_index(&p->rows, rk ? rk : "");
	j = key_index(&p->cols, ck ? ck : "");
	if (p->rows.n != old || p->cols.n != ncols) {
		/* regrow: rows x cols, the old cells moved into place */
		c = hak_xcalloc(p->rows.n * p->cols.n, sizeof(*c));
		for (k = 0; k < old * ncols; k++)
			c[(k / ncols) * p->cols.n + k % ncols] = p->c[k];
		free(p->c);
		p->c = c;
	}
	c = &p->c[i * p->cols.n + j];
	if (val && *val) {
		c->sum += v;
		c->n++;
	} else if (!val) {
		c->n++;
	}
	return HAK_OK;
}

static void
num(char *out, size_t n, const struct cell *c, enum hak_pivot_agg agg)
{
	if (agg == HAK_PIVOT_COUNT)
		snprintf(out, n, "%lld", c->n);
	else if (agg == HAK_PIVOT_SUM)
		hak_report_num(out, n, c->sum);
	else
		hak_report_num(out, n, c->n ? c->sum / (double)c->n : NAN);
}

static void
render(struct pivot *p, const struct hak_pivot_opts *o, bool ko,
	struct hak_doc **out)
{
	const char **cs = hak_xcalloc(p->cols.n + 1, sizeof(*cs));
	const char **rs = hak_xcalloc(p->rows.n + 1, sizeof(*rs));
	size_t *ci = hak_xcalloc(p->cols.n + 1, sizeof(*ci));
	size_t *ri = hak_xcalloc(p->rows.n + 1, sizeof(*ri));
	const char **cells = hak_xcalloc(p->cols.n + 2, sizeof(*cells));
	char (*buf)[40] = hak_xcalloc(p->cols.n + 1, sizeof(*buf));
	struct hak_doc *d;
	struct cell t, *c;
	size_t i, j;

	for (i = 0; i < p->cols.n; i++)
		cs[i] = p->cols.v[i];
	for (i = 0; i < p->rows.n; i++)
		rs[i] = p->rows.v[i];
	qsort(cs, p->cols.n, sizeof(*cs), by_str);
	qsort(rs, p->rows.n, sizeof(*rs), by_str);
	for (i = 0; i < p->cols.n; i++)
		ci[i] = key_index(&p->cols, cs[i]);
	for (i = 0; i < p->rows.n; i++)
		ri[i] = key_index(&p->rows, rs[i]);
	d = hak_doc_new(hak_report_tr(ko, "Pivot table"));
	hak_doc_section(d, "pivot", hak_report_tr(ko, "Pivot"));
	hak_doc_table(d, "pivot", NULL);
	hak_doc_col(d, o->rows, HAK_DOC_TEXT, -1);
	for (j = 0; o->cols && j < p->cols.n; j++)
		hak_doc_col(d, cs[j], HAK_DOC_NUMBER, -1);
	hak_doc_col(d, "total", HAK_DOC_NUMBER, -1);
	for (i = 0; i < p->rows.n; i++) {
		memset(&t, 0, sizeof(t));
		cells[0] = rs[i];
		for (j = 0; j < p->cols.n; j++) {
			c = &p->c[ri[i] * p->cols.n + ci[j]];
			t.sum += c->sum;
			t.n += c->n;
			num(buf[j], sizeof(buf[j]), c, o->agg);
			cells[j + 1] = buf[j];
		}
		num(buf[p->cols.n], sizeof(buf[0]), &t, o->agg);
		if (o->cols) {
			cells[p->cols.n + 1] = buf[p->cols.n];
		} else {
			cells[1] = buf[p->cols.n];
		}
		hak_doc_row(d, cells);
	}
	hak_doc_bars(d, "total", hak_report_tr(ko, "Total by row"));
	hak_doc_illustrate(d);
	for (i = 0; i < p->rows.n; i++) {
		memset(&t, 0, sizeof(t));
		for (j = 0; j < p->cols.n; j++) {
			t.sum += p->c[ri[i] * p->cols.n + j].sum;
			t.n += p->c[ri[i] * p->cols.n + j].n;
		}
		hak_doc_bar(d, rs[i], o->agg == HAK_PIVOT_COUNT ?
			(double)t.n : o->agg == HAK_PIVOT_SUM ? t.sum :
			t.n ? t.sum / (double)t.n : 0);
	}
	hak_doc_define(d, "cells", o->agg == HAK_PIVOT_COUNT ? "the number "
		"of records" : o->agg == HAK_PIVOT_SUM ? "the sum of the "
		"column's values; no record: 0" : "the mean of the column's "
		"values (empty cells left out); no value: empty");
	hak_doc_define(d, "total", "the same over the row's records");
	*out = d;
	free(cs);
	free(rs);
	free(ci);
	free(ri);
	free(cells);
	free(buf);
}

int
hak_report_pivot(FILE *fp, const char *name, const struct hak_pivot_opts *o,
	const char *lang, struct hak_doc **out, struct hak_err *err)
{
	struct pivot p = { HAK_STRV_INIT, HAK_STRV_INIT, NULL, 0 };
	const struct hak_csv_rec *rec;
	struct hak_csv *r = NULL;
	int rc, rcol, ccol, vcol;
	const char *val;

	*out = NULL;
	if ((rc = hak_csv_open_fp(fp, name, HAK_ENC_AUTO, 0, &r, err)))
		return rc;
	if ((rc = hak_csv_read(r, &rec, err)))
		goto done;
	if (!rec) {
		rc = hak_err_set(err, HAK_EDATA, "%s: no header row", name);
		goto done;
	}
	if ((rc = column(r, rec, o->rows, "--rows", &rcol, err)) ||
		(rc = column(r, rec, o->cols, "--cols", &ccol, err)) ||
		(rc = column(r, rec, o->agg == HAK_PIVOT_COUNT ? NULL :
		o->value, o->agg == HAK_PIVOT_SUM ? "--sum" : "--mean", &vcol,
		err)))
		goto done;
	while (!(rc = hak_csv_read(r, &rec, err)) && rec) {
		val = vcol < 0 ? NULL : (size_t)vcol < rec->n ? rec->f[vcol] :
			"";
		if ((rc = add(&p, (size_t)rcol < rec->n ? rec->f[rcol] : NULL,
			ccol >= 0 && (size_t)ccol < rec->n ? rec->f[ccol] : NULL,
			val, r, rec->row, err)))
			break;
	}
	if (!rc)
		render(&p, o, lang && !strcmp(lang, "ko"), out);
done:
	hak_csv_close(r);
	hak_strv_clear(&p.rows);
	hak_strv_clear(&p.cols);
	free(p.c);
	return rc;
}
