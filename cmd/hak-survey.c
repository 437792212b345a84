/* SPDX-License-Identifier: MIT */
/* hak-survey: survey definitions, response imports, results (SPEC 5.4). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool/cli.h"
#include "hak/doc.h"
#include "hak/import.h"
#include "tool/out.h"
#include "tool/show.h"
#include "hak/survey.h"

#define MAX_DEFINITION (1024 * 1024)

static const char *const code_keys[] = { "code", "survey", NULL };

/* Every verb's options, one struct (each verb's table names its own). */
struct opts {
	struct hak_cli_import imp;
	const char *header_row;
	struct hak_strv keep;
	const char *by, *question, *compare;	/* results */
	bool wide;				/* responses */
};

/* The text of FILE ("-": stdin), at most MAX_DEFINITION bytes. */
static int
read_all(struct hak_cli *c, const char *path, struct hak_buf *b)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[8192];
	size_t n;

	if (!fp)
		return hak_err_set(&c->err, errno == EACCES ? HAK_EPERM :
			HAK_ENOINPUT, "cannot open '%s': %s", path,
			strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		hak_buf_add(b, chunk, n);
		if (b->len > MAX_DEFINITION)
			break;
	}
	if (ferror(fp)) {
		if (fp != stdin)
			fclose(fp);
		return hak_err_set(&c->err, HAK_EIO, "cannot read '%s'", path);
	}
	if (fp != stdin)
		fclose(fp);
	if (b->len > MAX_DEFINITION)
		return hak_err_set(&c->err, HAK_EDATA, "'%s': the definition "
			"is over 1 MiB", path);
	return HAK_OK;
}

static int
cmd_define(struct hak_cli *c)
{
	struct hak_buf b = HAK_BUF_INIT;
	const char *name;
	int rc;

	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"define: a definition FILE is required");
	if ((rc = hak_cli_no_operands(c, 1)))
		return rc;
	name = strcmp(c->argv[0], "-") ? c->argv[0] : "stdin";
	if (!(rc = read_all(c, c->argv[0], &b)))
		rc = hak_survey_define(c->db, b.buf, b.len, name, NULL, NULL,
			&c->err);
	hak_buf_release(&b);
	return rc;
}

/* A listing of rows handed over by the library. */
static int
listing(struct hak_cli *c, const struct hak_col *cols, size_t n,
	int (*walk)(struct hak_cli *c, struct hak_cli_rows *r))
{
	struct hak_cli_rows r = { NULL, &c->err };
	int rc;

	if ((rc = hak_cli_out_open(c, cols, n, &r.o)))
		return rc;
	if ((rc = walk(c, &r))) {
		hak_out_abort(r.o);
		return rc;
	}
	return hak_cli_out_close(c, r.o);
}

static int
walk_list(struct hak_cli *c, struct hak_cli_rows *r)
{
	return hak_survey_each(c->db, hak_cli_row, r, &c->err);
}

static int
cmd_list(struct hak_cli *c)
{
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)))
		return rc;
	return listing(c, hak_survey_cols, HAK_SURVEY_NCOLS, walk_list);
}

static int
need_code(struct hak_cli *c, int operands)
{
	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"%s: a survey CODE is required", c->verb->name);
	return hak_cli_no_operands(c, operands);
}

static int
walk_batches(struct hak_cli *c, struct hak_cli_rows *r)
{
	return hak_survey_batches(c->db, c->argv[0], hak_cli_row, r, &c->err);
}

static int
cmd_batches(struct hak_cli *c)
{
	int rc;

	if ((rc = need_code(c, 1)))
		return rc;
	return listing(c, hak_survey_batch_cols, HAK_SURVEY_BATCH_NCOLS,
		walk_batches);
}

static int
cmd_drop_batch(struct hak_cli *c)
{
	long n;
	int rc;

	if (c->argc < 2)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"drop-batch: a survey CODE and a BATCH are required");
	if ((rc = hak_cli_no_operands(c, 2)))
		return rc;
	return hak_survey_drop_batch(c->db, c->argv[0], c->argv[1], &n,
		&c->err);
}

static int
cmd_import(struct hak_cli *c)
{
	const struct opts *op = c->opts;
	struct hak_survey_import_opts so = { 0 };
	struct hak_import_opts o;
	struct hak_import_stats st;
	long long hr = 1;
	int rc;

	if ((rc = need_code(c, 2)))
		return rc;
	so.code = c->argv[0];
	so.keep = (const char *const *)op->keep.v;
	so.nkeep = op->keep.n;
	if (op->header_row && (rc = hak_parse_int(op->header_row, 1, 1000000,
		&hr, "--header-row", &c->err)))
		return rc;
	/* the FILE operand is the second */
	c->argc--;
	c->argv++;
	rc = hak_cli_import_opts(c, &op->imp, &o);
	c->argc++;
	c->argv--;
	if (rc)
		return rc;
	o.header_row = (long)hr;
	if ((rc = hak_survey_import(c->db, &so, &o, &st, &c->err)))
		return rc;
	hak_cli_import_summary(c, &op->imp, &st);
	return HAK_OK;
}

struct resp {
	struct hak_cli *c;
	struct hak_out *o;
	struct hak_col *cols;	/* owned copies: the output keeps them */
	size_t ncols;
	const struct hak_col *fixed;	/* results: its columns */
	size_t nfixed;
};

static int
resp_head(void *ctx, const struct hak_col *cols, size_t n)
{
	struct resp *r = ctx;
	size_t i;

	r->cols = hak_xcalloc(n ? n : 1, sizeof(*r->cols));
	r->ncols = n;
	for (i = 0; i < n; i++) {
		r->cols[i].name = hak_xstrdup(cols[i].name);
		r->cols[i].type = cols[i].type;
	}
	return hak_cli_out_open(r->c, r->cols, n, &r->o);
}

static void
resp_release(struct resp *r)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		free((char *)r->cols[i].name);
	free(r->cols);
}

static int
resp_row(void *ctx, const char *const *cells)
{
	struct resp *r = ctx;

	return hak_out_row(r->o, cells, &r->c->err);
}

static int
cmd_responses(struct hak_cli *c)
{
	const struct opts *op = c->opts;
	struct resp r = { c, NULL, NULL, 0, NULL, 0 };
	int rc;

	if ((rc = need_code(c, 1)))
		return rc;
	rc = hak_survey_responses(c->db, c->argv[0], op->wide, resp_head,
		resp_row, &r, &c->err);
	if (rc) {
		if (r.o)
			hak_out_abort(r.o);
	} else {
		rc = hak_cli_out_close(c, r.o);
	}
	resp_release(&r);
	return rc;
}

/* The output opens with the first row: an error found before it (an
 * unknown survey, a bad --by) leaves no header behind. */
static int
result_row(void *ctx, const char *const *cells, size_t n)
{
	struct resp *r = ctx;
	int rc;

	(void)n;
	if (!r->o && (rc = hak_cli_out_open(r->c, r->fixed, r->nfixed, &r->o)))
		return rc;
	return hak_out_row(r->o, cells, &r->c->err);
}

static int
cmd_results(struct hak_cli *c)
{
	const struct opts *op = c->opts;
	struct hak_survey_results_opts ro = { 0 };
	struct resp r = { c, NULL, NULL, 0, NULL, 0 };
	const char *f;
	int rc;

	if ((rc = need_code(c, 1)))
		return rc;
	ro.code = c->argv[0];
	ro.by = op->by;
	ro.question = op->question;
	ro.compare = op->compare;
	ro.table = c->out.fmt == HAK_FMT_TABLE;
	r.fixed = hak_survey_result_cols;
	r.nfixed = HAK_SURVEY_RESULT_NCOLS + (op->compare ?
		HAK_SURVEY_COMPARE_NCOLS : 0);
	if ((rc = hak_survey_results(c->db, &ro, result_row, &r, &c->err))) {
		if (r.o)
			hak_out_abort(r.o);
		return rc;
	}
	if (!r.o && (rc = hak_cli_out_open(c, r.fixed, r.nfixed, &r.o)))
		return rc;
	if ((rc = hak_cli_out_close(c, r.o)))
		return rc;
	/* a table of figures for people ends with its formulas */
	f = hak_survey_formulas();
	if (c->out.fmt == HAK_FMT_TABLE && !c->out.path && f && *f)
		printf("\n%s", f);
	return HAK_OK;
}

/* show: the survey's record, its questions and its batches. */
static enum hak_doc_type
doc_type(enum hak_coltype t)
{
	if (t == HAK_COL_BOOL)
		return HAK_DOC_BOOL;
	return t == HAK_COL_NUM ? HAK_DOC_NUMBER : HAK_DOC_TEXT;
}

static void
doc_table(struct hak_doc *d, const char *key, const struct hak_col *cols,
	size_t n)
{
	size_t i;

	hak_doc_table(d, key, NULL);
	for (i = 0; i < n; i++)
		hak_doc_col(d, cols[i].name, doc_type(cols[i].type), -1);
}

static int
doc_row(void *ctx, const char *const *cells)
{
	hak_doc_row(ctx, cells);
	return 0;
}

static int
doc_record(void *ctx, const char *const *cells)
{
	struct hak_doc *d = ctx;
	int i;

	for (i = 0; i < HAK_SURVEY_NCOLS; i++)
		hak_doc_kv(d, hak_survey_cols[i].name, cells[i],
			doc_type(hak_survey_cols[i].type), -1);
	return 0;
}

static int
show_doc(struct hak_cli *c, const char *code, struct hak_doc **dp)
{
	struct hak_survey_def *def = NULL;
	struct hak_doc *d;
	char *title;
	int rc;

	*dp = NULL;
	if ((rc = hak_survey_load(c->db, code, &def, &c->err)))
		return rc;
	title = hak_xasprintf("%s %s", def->code, def->title);
	d = hak_doc_new(title);
	free(title);
	hak_doc_section(d, "survey", "survey");
	if ((rc = hak_survey_get(c->db, code, doc_record, d, &c->err)))
		goto out;
	hak_doc_section(d, "questions", "questions");
	doc_table(d, "questions", hak_survey_q_cols, HAK_SURVEY_Q_NCOLS);
	hak_survey_questions_each(def, doc_row, d);
	hak_doc_section(d, "batches", "batches");
	doc_table(d, "batches", hak_survey_batch_cols, HAK_SURVEY_BATCH_NCOLS);
	rc = hak_survey_batches(c->db, code, doc_row, d, &c->err);
out:
	hak_survey_def_free(def);
	if (rc)
		hak_doc_free(d);
	else
		*dp = d;
	return rc;
}

static int
cmd_show(struct hak_cli *c)
{
	struct hak_doc *d;
	int rc;

	if ((rc = need_code(c, 1)) || (rc = show_doc(c, c->argv[0], &d)))
		return rc;
	rc = hak_cli_doc_write(c, d, hak_cli_show_render);
	hak_doc_free(d);
	return rc;
}

static int
cmd_history(struct hak_cli *c)
{
	return hak_cli_history(c, &hak_survey_history, hak_survey_hist_cols,
		code_keys, false);
}

#define S struct opts

static const struct hak_opt import_opts[] = {
	HAK_OPT_ENUM(0, "encoding", S, imp.encoding, "E", 0,
		hak_cli_encodings, "the file's encoding (default: auto)"),
	HAK_OPT_SHEET(S, imp),
	HAK_OPT_LIST(0, "column", S, imp.columns, "FIELD=HEADER", 0, NULL,
		"read FIELD (a field or question id) from the column HEADER"),
	HAK_OPT_BOOL(0, "skip-invalid", S, imp.skip_invalid, 0,
		"import the valid rows, skip the others"),
	HAK_OPT_STRING(0, "rejects", S, imp.rejects, "FILE", 0,
		"write the skipped rows there, with their errors"),
	HAK_OPT_BOOL(0, "dry-run", S, imp.dry_run, 0,
		"check and count, write nothing"),
	HAK_OPT_STRING(0, "header-row", S, header_row, "N", 0,
		"the header is row N (rows above it are skipped)"),
	HAK_OPT_LIST(0, "keep-column", S, keep, "COL", 0, NULL,
		"also store column COL (never a name, contact or address)"),
	HAK_OPT_END()
};
static const struct hak_opt results_opts[] = {
	HAK_OPT_KEY(0, "by", S, by, "FIELD", 0, hak_survey_by_words,
		"one group per school, level, district, role or field"),
	HAK_OPT_KEY(0, "question", S, question, "Q", 0,
		hak_survey_question_ids, "only this question"),
	HAK_OPT_KEY(0, "compare", S, compare, "OTHER", 0, hak_survey_codes,
		"beside survey OTHER's figures, with the deltas"),
	HAK_OPT_END()
};
static const struct hak_opt responses_opts[] = {
	HAK_OPT_BOOL(0, "wide", S, wide, 0,
		"one row per response, one column per question"),
	HAK_OPT_END()
};

#define W (HAK_VERB_DB | HAK_VERB_WRITE)
#define R (HAK_VERB_DB | HAK_VERB_OUT)
#define V(name, fn, operands, table, flags, help) \
	{ name, fn, operands, table, sizeof(S), flags, help }

static const struct hak_cli_verb verbs[] = {
	V("define", cmd_define, "FILE", NULL, W,
		"create or update a survey from its YAML definition"),
	V("list", cmd_list, "", NULL, R, "the surveys"),
	V("show", cmd_show, "CODE", NULL, R | HAK_VERB_DOC,
		"one survey: its questions and batches"),
	V("import", cmd_import, "CODE FILE", import_opts, W,
		"add responses from a spreadsheet export"),
	V("results", cmd_results, "CODE", results_opts, R,
		"the figures of each question"),
	V("responses", cmd_responses, "CODE", responses_opts, R,
		"the stored responses"),
	V("batches", cmd_batches, "CODE", NULL, R, "the imports of a survey"),
	V("drop-batch", cmd_drop_batch, "CODE BATCH", NULL, W,
		"delete the responses of one import"),
	V("history", cmd_history, "CODE... | -", NULL, R,
		"the history of surveys"),
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};

static const struct hak_cli_values operands[] = {
	{ "code", NULL, hak_survey_codes },
	{ "batch", NULL, hak_survey_batch_ids },
	{ NULL, NULL, NULL }
};

static const struct hak_cli_prog prog = {
	"hak-survey",
	"Survey definitions, imports of responses, results.",
	verbs,
	operands
};

int
main(int argc, char **argv)
{
	return hak_cli_main(argc, argv, &prog);
}
