/* SPDX-License-Identifier: MIT */
/* hak-project: support projects and who took part (SPEC 5.3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool/cli.h"
#include "hak/csvio.h"
#include "hak/doc.h"
#include "hak/import.h"
#include "tool/out.h"
#include "tool/show.h"
#include "hak/project.h"
#include "hak/school.h"

static const char *const code_keys[] = { "code", NULL };
static const char *const school_keys[] = { "school", "code", NULL };

enum { IS_NEW = 1, NOT_NEW = 2 };

/* Every verb's options, one struct (each verb's table names its own). */
struct opts {
	struct hak_project_change ch;	/* the field options but two */
	struct hak_strv recipients;	/* --recipient, repeatable */
	int is_new;			/* 0, IS_NEW or NOT_NEW */
	struct hak_cli_act act;
	const char *year, *dept, *status;	/* list */
	bool new_only;
	const char *on;			/* close */
	const char *recipient, *count, *date;	/* enroll */
	struct hak_cli_import imp;
};

static unsigned
action_flags(struct hak_cli *c)
{
	const struct opts *o = c->opts;
	unsigned flags = 0;

	if (o->act.keep_going)
		flags |= HAK_PROJECT_KEEP_GOING;
	if (o->act.dry_run)
		flags |= HAK_PROJECT_DRY_RUN;
	return flags;
}

/*
 * The change the field options describe; *recips holds the joined
 * --recipient values (caller releases).  *any tells whether one was given.
 */
static void
change_opts(struct hak_cli *c, struct hak_project_change *ch,
	struct hak_buf *recips, bool *any)
{
	const struct opts *o = c->opts;
	size_t i;
	int k;

	*ch = o->ch;
	*any = false;
	for (i = 0; i < o->recipients.n; i++)
		hak_buf_addf(recips, "%s%s", i ? ";" : "", o->recipients.v[i]);
	if (o->recipients.n)
		ch->v[HAK_PJ_RECIPIENTS] = recips->buf;
	/* --is-new and --no-is-new: the last one given wins */
	if (o->is_new)
		ch->v[HAK_PJ_IS_NEW] = o->is_new == IS_NEW ? "1" : "0";
	for (k = HAK_PJ_NAME; k < HAK_PROJECT_NCOLS; k++)
		if (ch->v[k])
			*any = true;
}

/* --print: records as list CSV on stdout. */
static int
print_rows(struct hak_cli *c, const struct hak_col *cols, size_t ncols,
	char *const *rows, size_t stride, size_t n)
{
	const struct opts *o = c->opts;

	if (!o->act.print || !n)
		return HAK_OK;
	return hak_cli_print_rows(c, cols, ncols, (const char *const *)rows,
		stride, n);
}

static int
print_projects(struct hak_cli *c, int rc, struct hak_project *done, size_t n)
{
	int prc;
	size_t i;

	prc = print_rows(c, hak_project_cols, HAK_PROJECT_NCOLS,
		done ? done[0].v : NULL, HAK_PROJECT_NCOLS, n);
	for (i = 0; i < n; i++)
		hak_project_release(&done[i]);
	free(done);
	return prc ? hak_code_worst(rc, prc) : rc;
}

static int
cmd_add(struct hak_cli *c)
{
	struct hak_project_change ch;
	struct hak_buf recips = HAK_BUF_INIT;
	struct hak_project *p;
	bool any;
	int rc;

	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"add: a project CODE is required");
	if ((rc = hak_cli_no_operands(c, 1)))
		return rc;
	change_opts(c, &ch, &recips, &any);
	p = hak_xcalloc(1, sizeof(*p));
	rc = hak_project_add(c->db, c->argv[0], &ch, action_flags(c), p,
		&c->err);
	hak_buf_release(&recips);
	return print_projects(c, rc, p, rc ? 0 : 1);
}

static int
cmd_set(struct hak_cli *c)
{
	struct hak_project_change ch;
	struct hak_buf recips = HAK_BUF_INIT;
	struct hak_strv keys = HAK_STRV_INIT;
	struct hak_project *done = NULL;
	size_t n = 0;
	bool any;
	int rc;

	change_opts(c, &ch, &recips, &any);
	if (!any) {
		rc = hak_err_set(&c->err, HAK_EUSAGE,
			"set: nothing to change (give --name, --status, ...)");
		goto out;
	}
	if ((rc = hak_cli_keys(c, 0, code_keys, &keys)))
		goto out;
	rc = hak_project_set(c->db, &keys, &ch, action_flags(c), stderr,
		hak_cli_progname(), &done, &n, &c->err);
	rc = print_projects(c, rc, done, n);
out:
	hak_buf_release(&recips);
	hak_strv_clear(&keys);
	return rc;
}

static int
cmd_close(struct hak_cli *c)
{
	struct hak_strv keys = HAK_STRV_INIT;
	struct hak_project *done = NULL;
	size_t n = 0;
	int rc;

	if ((rc = hak_cli_keys(c, 0, code_keys, &keys)))
		return rc;
	rc = hak_project_close(c->db, &keys,
		((const struct opts *)c->opts)->on,
		action_flags(c), stderr, hak_cli_progname(), &done, &n,
		&c->err);
	rc = print_projects(c, rc, done, n);
	hak_strv_clear(&keys);
	return rc;
}

static int
cmd_enroll(struct hak_cli *c)
{
	const struct opts *o = c->opts;
	struct hak_strv keys = HAK_STRV_INIT;
	struct hak_participation *done = NULL;
	struct hak_enroll en;
	size_t i, n = 0;
	int rc, prc;

	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"enroll: a project CODE is required");
	en.project = c->argv[0];
	en.recipient = o->recipient;
	en.count = o->count;
	en.date = o->date;
	if ((rc = hak_cli_keys(c, 1, school_keys, &keys)))
		return rc;
	rc = hak_project_enroll(c->db, &keys, &en, action_flags(c), stderr,
		hak_cli_progname(), &done, &n, &c->err);
	prc = print_rows(c, hak_part_cols, HAK_PART_NCOLS,
		done ? done[0].v : NULL, HAK_PART_NCOLS, n);
	if (prc)
		rc = hak_code_worst(rc, prc);
	for (i = 0; i < n; i++)
		hak_participation_release(&done[i]);
	free(done);
	hak_strv_clear(&keys);
	return rc;
}

struct emit {
	struct hak_out *o;
	struct hak_err *err;
};

static int
emit_project(void *ctx, const struct hak_project *p)
{
	struct emit *e = ctx;

	return hak_out_row(e->o, (const char *const *)p->v, e->err);
}

static int
listing(struct hak_cli *c, const struct hak_project_filter *f)
{
	struct emit e = { NULL, &c->err };
	int rc;

	if ((rc = hak_cli_out_open(c, hak_project_cols, HAK_PROJECT_NCOLS,
		&e.o)))
		return rc;
	if ((rc = hak_project_each(c->db, f, emit_project, &e, &c->err))) {
		hak_out_abort(e.o);
		return rc;
	}
	return hak_cli_out_close(c, e.o);
}

static int
cmd_list(struct hak_cli *c)
{
	const struct opts *o = c->opts;
	struct hak_project_filter f = { 0 };
	struct hak_err e;
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) ||
		(rc = hak_cli_year(c, "year", o->year, &f.year)))
		return rc;
	if ((f.status = o->status) &&
		hak_project_status_parse(f.status, &f.status, &e))
		return hak_err_set(&c->err, HAK_EUSAGE, "--status: %s", e.msg);
	if (o->dept && hak_project_dept_parse(c->db, o->dept, &f.dept, &e))
		return hak_err_set(&c->err, HAK_EUSAGE, "--dept: %s", e.msg);
	f.new_only = o->new_only;
	return listing(c, &f);
}

static int
cmd_export(struct hak_cli *c)
{
	struct hak_project_filter f = { 0 };
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)))
		return rc;
	return listing(c, &f);
}

static int
emit_part(void *ctx, const struct hak_participation *p)
{
	struct emit *e = ctx;

	return hak_out_row(e->o, (const char *const *)p->v, e->err);
}

static int
cmd_participants(struct hak_cli *c)
{
	struct hak_strv keys = HAK_STRV_INIT;
	struct emit e = { NULL, &c->err };
	struct hak_project p;
	size_t i;
	int rc;

	if ((rc = hak_cli_keys(c, 0, code_keys, &keys)))
		return rc;
	/* every code known before the header is written */
	for (i = 0; i < keys.n; i++) {
		if ((rc = hak_project_get(c->db, keys.v[i], &p, &c->err)))
			goto out;
		hak_project_release(&p);
	}
	if ((rc = hak_cli_out_open(c, hak_part_cols, HAK_PART_NCOLS, &e.o)))
		goto out;
	if ((rc = hak_project_participants(c->db, &keys, emit_part, &e,
		&c->err))) {
		hak_out_abort(e.o);
		goto out;
	}
	rc = hak_cli_out_close(c, e.o);
out:
	hak_strv_clear(&keys);
	return rc;
}

static int
cmd_import(struct hak_cli *c)
{
	const struct opts *op = c->opts;
	struct hak_import_opts o;
	struct hak_import_stats st;
	int rc;

	if ((rc = hak_cli_import_opts(c, &op->imp, &o)) ||
		(rc = hak_cli_no_operands(c, 1)))
		return rc;
	if ((rc = hak_project_import(c->db, &o, &st, &c->err)))
		return rc;
	hak_cli_import_summary(c, &op->imp, &st);
	return HAK_OK;
}

/*
 * show: one document (the project's fields, its reach by recipient and
 * school level with a bar chart of participants by recipient type, the
 * linked requests and surveys), rendered as text (-f table), md or html;
 * in the other formats its records (the project as one record, then each
 * table) as listings: in json one object with a member per section,
 * otherwise apart by an empty line.
 */
struct reach {
	struct hak_strv rows;	/* 5 cells per row */
	const char *cur;	/* the current recipient type */
	long long tot[3];	/* its schools, participations, count */
	size_t totpos;		/* its "(all)" row */
};

static void
push_reach(struct reach *re, const char *recipient, const char *level,
	long long schools, long long records, long long count)
{
	hak_strv_push(&re->rows, recipient);
	hak_strv_push(&re->rows, level);
	hak_strv_push_owned(&re->rows, hak_xasprintf("%lld", schools));
	hak_strv_push_owned(&re->rows, hak_xasprintf("%lld", records));
	hak_strv_push_owned(&re->rows, hak_xasprintf("%lld", count));
}

/* Close the current recipient's "(all)" row with its totals. */
static void
reach_total(struct reach *re)
{
	size_t k;

	if (!re->cur)
		return;
	for (k = 0; k < 3; k++) {
		free(re->rows.v[re->totpos + 2 + k]);
		re->rows.v[re->totpos + 2 + k] = hak_xasprintf("%lld",
			re->tot[k]);
	}
}

static int
add_reach(void *ctx, const struct hak_project_reach *r)
{
	struct reach *re = ctx;

	if (!re->cur || strcmp(re->cur, r->recipient)) {
		reach_total(re);
		re->totpos = re->rows.n;
		push_reach(re, r->recipient, "(all)", 0, 0, 0);
		re->cur = re->rows.v[re->totpos];
		memset(re->tot, 0, sizeof(re->tot));
	}
	/* a school has one level: the schools of the levels add up */
	re->tot[0] += r->schools;
	re->tot[1] += r->records;
	re->tot[2] += r->count;
	push_reach(re, r->recipient, r->level, r->schools, r->records,
		r->count);
	return 0;
}

static enum hak_doc_type
doc_type(enum hak_coltype t)
{
	if (t == HAK_COL_BOOL)
		return HAK_DOC_BOOL;
	return t == HAK_COL_NUM ? HAK_DOC_NUMBER : HAK_DOC_TEXT;
}

/* A table of the document with the columns of a record type. */
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
show_reach(struct hak_cli *c, struct hak_doc *d, const char *code)
{
	static const struct hak_col cols[5] = {
		{ "recipient", HAK_COL_TEXT }, { "level", HAK_COL_TEXT },
		{ "schools", HAK_COL_NUM }, { "participations", HAK_COL_NUM },
		{ "count", HAK_COL_NUM }
	};
	struct reach re = { HAK_STRV_INIT, NULL, { 0 }, 0 };
	char **row;
	size_t i;
	int rc;

	if ((rc = hak_project_reach_each(c->db, code, add_reach, &re,
		&c->err)))
		goto out;
	reach_total(&re);
	hak_doc_section(d, "participations", "participations");
	doc_table(d, "reach", cols, 5);
	for (i = 0; i + 5 <= re.rows.n; i += 5)
		hak_doc_row(d, (const char *const *)re.rows.v + i);
	hak_doc_bars(d, "count", "participants by recipient type");
	for (i = 0; i + 5 <= re.rows.n; i += 5) {
		row = re.rows.v + i;
		if (!strcmp(row[1], "(all)"))
			hak_doc_bar(d, row[0], strtod(row[4], NULL));
	}
out:
	hak_strv_clear(&re.rows);
	return rc;
}

/* The document of project code; *dp NULL on error. */
static int
show_doc(struct hak_cli *c, const char *code, struct hak_doc **dp)
{
	struct hak_project p;
	struct hak_doc *d;
	char *title;
	int i, rc;

	*dp = NULL;
	if ((rc = hak_project_get(c->db, code, &p, &c->err)))
		return rc;
	title = hak_xasprintf("%s %s", p.v[HAK_PJ_CODE],
		p.v[HAK_PJ_NAME] ? p.v[HAK_PJ_NAME] : "");
	d = hak_doc_new(title);
	free(title);
	hak_doc_section(d, "project", "project");
	for (i = 0; i < HAK_PROJECT_NCOLS; i++)
		hak_doc_kv(d, hak_project_cols[i].name, p.v[i],
			doc_type(hak_project_cols[i].type), -1);
	if ((rc = show_reach(c, d, p.v[HAK_PJ_CODE])))
		goto out;
	hak_doc_section(d, "requests", "requests");
	doc_table(d, "requests", hak_project_req_cols, HAK_PROJECT_REQ_NCOLS);
	if ((rc = hak_project_requests_each(c->db, p.v[HAK_PJ_CODE], doc_row,
		d, &c->err)))
		goto out;
	/* the linked surveys' headline figures (SPEC 5.4) */
	hak_doc_section(d, "surveys", "surveys");
	hak_doc_table(d, "surveys", NULL);
	for (i = 0; i < HAK_PROJECT_SURVEY_NCOLS; i++) {
		const char *name = hak_project_survey_cols[i].name;

		/* for people: top2 a percentage, the others rounded */
		hak_doc_col(d, name, !strcmp(name, "top2") ? HAK_DOC_PERCENT :
			doc_type(hak_project_survey_cols[i].type),
			!strcmp(name, "mean") ? 2 : !strcmp(name, "n") ? 0 : 1);
	}
	rc = hak_project_surveys_each(c->db, p.v[HAK_PJ_CODE], doc_row, d,
		&c->err);
out:
	hak_project_release(&p);
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

	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"show: a project CODE is required");
	if ((rc = hak_cli_no_operands(c, 1)) ||
		(rc = show_doc(c, c->argv[0], &d)))
		return rc;
	/* built whole first: an error leaves no half page behind */
	rc = hak_cli_doc_write(c, d, hak_cli_show_render);
	hak_doc_free(d);
	return rc;
}

static int
cmd_history(struct hak_cli *c)
{
	return hak_cli_history(c, &hak_project_history, hak_project_hist_cols,
		code_keys, false);
}

static const char *const recipient_words[] = { "school", "teacher",
	"student", "parent", "staff", NULL };
static const char *const status_words[] = { "planned", "active", "closed",
	NULL };

#define S struct opts
#define F(k) ch.v[HAK_PJ_##k]
#define REQ HAK_OPTF_REQ

/* The fields of add and set; --name and --dept come first, with fl. */
#define FIELDS(fl) \
	HAK_OPT_STRING(0, "name", S, F(NAME), "N", fl, "the name"), \
	HAK_OPT_KEY(0, "dept", S, F(DEPT), "D", fl, hak_project_depts, \
		"the department in charge"), \
	HAK_OPT_STRING(0, "area", S, F(AREA), "A", 0, "the area of support"), \
	HAK_OPT_LIST(0, "recipient", S, recipients, "T", 0, recipient_words, \
		"who it is for (repeatable)"), \
	HAK_OPT_STRING(0, "year", S, F(YEAR), "Y", 0, "the year it runs"), \
	HAK_OPT_STRING(0, "start-on", S, F(START_ON), "DATE", 0, \
		"the first day"), \
	HAK_OPT_STRING(0, "end-on", S, F(END_ON), "DATE", 0, "the last day"), \
	HAK_OPT_ENUM(0, "status", S, F(STATUS), "S", 0, status_words, \
		"planned, active or closed"), \
	HAK_OPT_SET(0, "is-new", S, is_new, IS_NEW, 0, "new this year"), \
	HAK_OPT_SET(0, "no-is-new", S, is_new, NOT_NEW, HAK_OPTF_OR, \
		"not new this year"), \
	HAK_OPT_STRING(0, "target", S, F(TARGET), "N", 0, \
		"the participants aimed at"), \
	HAK_OPT_STRING(0, "budget", S, F(BUDGET), "N", 0, "the budget (won)"), \
	HAK_OPT_STRING(0, "description", S, F(DESCRIPTION), "TEXT", 0, \
		"what it is")

static const struct hak_opt add_opts[] = {
	FIELDS(REQ),
	HAK_OPT_PRINT(S, act),
	HAK_OPT_END()
};
static const struct hak_opt set_opts[] = {
	FIELDS(0),
	HAK_OPT_ACT(S, act),
	HAK_OPT_END()
};
static const struct hak_opt list_opts[] = {
	HAK_OPT_STRING(0, "year", S, year, "Y", 0,
		"running in this year (or period within one)"),
	HAK_OPT_KEY(0, "dept", S, dept, "D", 0, hak_project_depts,
		"of this department"),
	HAK_OPT_ENUM(0, "status", S, status, "S", 0, status_words,
		"in this status"),
	HAK_OPT_BOOL(0, "new", S, new_only, 0, "the new ones only"),
	HAK_OPT_END()
};
static const struct hak_opt close_opts[] = {
	HAK_OPT_STRING(0, "on", S, on, "DATE", 0, "the closing day (today)"),
	HAK_OPT_ACT(S, act),
	HAK_OPT_END()
};
static const struct hak_opt import_opts[] = {
	HAK_OPT_IMPORT(S, imp),
	HAK_OPT_END()
};
static const struct hak_opt enroll_opts[] = {
	HAK_OPT_ENUM(0, "recipient", S, recipient, "T", 0, recipient_words,
		"who took part (default: the project's only recipient)"),
	HAK_OPT_STRING(0, "count", S, count, "N", 0, "how many"),
	HAK_OPT_STRING(0, "date", S, date, "DATE", 0, "when (today)"),
	HAK_OPT_ACT(S, act),
	HAK_OPT_END()
};

#define W (HAK_VERB_DB | HAK_VERB_WRITE)
#define R (HAK_VERB_DB | HAK_VERB_OUT)
#define V(name, fn, operands, table, flags, help) \
	{ name, fn, operands, table, sizeof(S), flags, help }

static const struct hak_cli_verb verbs[] = {
	V("add", cmd_add, "CODE", add_opts, W, "add a project"),
	V("set", cmd_set, "CODE... | -", set_opts, W, "change projects"),
	V("list", cmd_list, "", list_opts, R, "the projects, filtered"),
	V("show", cmd_show, "CODE", NULL, R | HAK_VERB_DOC,
		"one project: its fields, reach, requests and surveys"),
	V("close", cmd_close, "CODE... | -", close_opts, W, "close projects"),
	V("import", cmd_import, "FILE", import_opts, W,
		"add and update projects from CSV"),
	V("export", cmd_export, "", NULL, R, "every project, for a new import"),
	V("enroll", cmd_enroll, "CODE SCHOOL... | -", enroll_opts, W,
		"record schools that took part"),
	V("participants", cmd_participants, "CODE... | -", NULL, R,
		"who took part"),
	V("history", cmd_history, "CODE... | -", NULL, R,
		"the history of projects"),
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};

static const struct hak_cli_values operands[] = {
	{ "code", NULL, hak_project_codes },
	{ "project", NULL, hak_project_codes },
	{ "school", NULL, hak_school_codes },
	{ NULL, NULL, NULL }
};

static const struct hak_cli_prog prog = {
	"hak-project",
	"The catalogue of support projects and who took part.",
	verbs,
	operands
};

int
main(int argc, char **argv)
{
	return hak_cli_main(argc, argv, &prog);
}
