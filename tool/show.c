/* SPDX-License-Identifier: MIT */
/* Documents written as the user asked (tool/show.h). */
#include <stdio.h>

#include "hak/out.h"
#include "tool/out.h"
#include "tool/show.h"
#include "tool/xlsx.h"
#include "banned.h"

int
hak_cli_doc_write(struct hak_cli *c, const struct hak_doc *d,
	hak_cli_render_fn *render)
{
	struct hak_afile af;
	int rc;

	if (!c->out.path)
		return render(c, d, stdout);
	if ((rc = hak_afile_open(&af, c->out.path, 0600, &c->err)))
		return rc;
	if ((rc = render(c, d, af.fp))) {
		hak_afile_abort(&af);
		return rc;
	}
	return hak_afile_commit(&af, &c->err);
}

struct listings {
	struct hak_cli *c;
	FILE *fp;
	int n;
};

/* One block's records as a listing under its section's key. */
static int
show_listing(void *ctx, const struct hak_doc_records *r)
{
	struct listings *l = ctx;
	struct hak_out_opts oo = l->c->out;
	struct hak_out *o;
	size_t i;
	int rc;

	if (oo.fmt == HAK_FMT_JSON)
		fprintf(l->fp, "%s\"%s\":", l->n ? "," : "{", r->section);
	else if (l->n && oo.fmt != HAK_FMT_JSONL)
		fputs(oo.fmt == HAK_FMT_EXCEL ? "\r\n" : "\n", l->fp);
	l->n++;
	oo.path = NULL;
	oo.fp = l->fp;
	if ((rc = hak_out_open(&o, &oo, r->cols, r->ncols, &l->c->err)))
		return rc;
	for (i = 0; i < r->nrows; i++) {
		if ((rc = hak_out_row(o, r->cells + i * r->ncols,
			&l->c->err))) {
			hak_out_abort(o);
			return rc;
		}
	}
	return hak_out_close(o, &l->c->err);
}

int
hak_cli_show_render(struct hak_cli *c, const struct hak_doc *d, FILE *fp)
{
	struct listings l = { c, fp, 0 };
	int rc;

	switch (c->out.fmt) {
	case HAK_FMT_TABLE:
		return hak_doc_render(d, HAK_DOC_FMT_TEXT, fp, &c->err);
	case HAK_FMT_MD:
		return hak_doc_render(d, HAK_DOC_FMT_MD, fp, &c->err);
	case HAK_FMT_HTML:
		return hak_doc_render(d, HAK_DOC_FMT_HTML, fp, &c->err);
	case HAK_FMT_XLSX:
		return hak_xlsx_doc(d, fp, !c->out.no_header, &c->err);
	default:
		break;
	}
	if ((rc = hak_doc_each_records(d, show_listing, &l)))
		return rc;
	if (c->out.fmt == HAK_FMT_JSON &&
		(fputs("}\n", fp) == EOF || fflush(fp)))
		return hak_err_set(&c->err, HAK_EIO, "write error");
	return HAK_OK;
}
