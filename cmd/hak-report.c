/* SPDX-License-Identifier: MIT */
/* hak-report: weekly, monthly and annual reports, SLA, equity across
 * schools, pivot tables of any CSV (SPEC 5.6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool/cli.h"
#include "tool/show.h"
#include "tool/xlsx.h"
#include "hak/doc.h"
#include "hak/report.h"
#include "hak/request.h"

struct opts {
	const char *week, *month, *year;
	const char *dept;
	const char *lang;
	struct hak_cli_period per;	/* sla, equity */
	const char *by;			/* sla */
	const char *rows, *cols, *sum, *mean;	/* pivot */
	bool count;
};

static const char *const lang_words[] = { "en", "ko", NULL };

/* The document format of the verb's output format. */
static int
doc_format(struct hak_cli *c, enum hak_doc_format *fmt)
{
	switch (c->out.fmt) {
	case HAK_FMT_TABLE:
		*fmt = HAK_DOC_FMT_TEXT;
		return HAK_OK;
	case HAK_FMT_MD:
		*fmt = HAK_DOC_FMT_MD;
		return HAK_OK;
	case HAK_FMT_HTML:
		*fmt = HAK_DOC_FMT_HTML;
		return HAK_OK;
	case HAK_FMT_CSV:
		*fmt = HAK_DOC_FMT_CSV;
		return HAK_OK;
	case HAK_FMT_JSON:
		*fmt = HAK_DOC_FMT_JSON;
		return HAK_OK;
	case HAK_FMT_XLSX:	/* render() writes it */
		return HAK_OK;
	default:
		return hak_err_set(&c->err, HAK_EUSAGE, "format '%s' is not "
			"one of a report's (text, md, html, csv, json, xlsx)",
			hak_format_name(c->out.fmt));
	}
}

/* d in c's format to fp; csv with --no-header without its first line. */
static int
render(struct hak_cli *c, const struct hak_doc *d, FILE *fp)
{
	enum hak_doc_format fmt = HAK_DOC_FMT_TEXT;
	char *text = NULL, *body;
	size_t len = 0;
	FILE *mem;
	int rc;

	if ((rc = doc_format(c, &fmt)))
		return rc;
	if (c->out.fmt == HAK_FMT_XLSX)	/* a sheet per section */
		return hak_xlsx_doc(d, fp, !c->no_header, &c->err);
	if (fmt != HAK_DOC_FMT_CSV || !c->no_header)
		return hak_doc_render(d, fmt, fp, &c->err);
	if (!(mem = open_memstream(&text, &len)))
		return hak_err_set(&c->err, HAK_EOS, "out of memory");
	rc = hak_doc_render(d, fmt, mem, &c->err);
	fclose(mem);
	body = text ? strchr(text, '\n') : NULL;
	body = body ? body + 1 : text + len;
	if (!rc && (fwrite(body, 1, len - (size_t)(body - text), fp) !=
		len - (size_t)(body - text) || fflush(fp)))
		rc = hak_err_set(&c->err, HAK_EIO, "write error");
	free(text);
	return rc;
}

/* The verb's end: d (when rc is HAK_OK) written, then freed. */
static int
finish(struct hak_cli *c, int rc, struct hak_doc *d)
{
	enum hak_doc_format fmt;

	/* a format no report has is refused before any file is made */
	if (!rc && !(rc = doc_format(c, &fmt)))
		rc = hak_cli_doc_write(c, d, render);
	hak_doc_free(d);
	return rc;
}

static int
check_lang(struct hak_cli *c)
{
	const struct opts *o = c->opts;

	if (o->lang && strcmp(o->lang, "en") && strcmp(o->lang, "ko"))
		return hak_err_set(&c->err, HAK_EUSAGE, "--lang: '%s' is not "
			"en or ko", o->lang);
	return HAK_OK;
}

/*
 * The period of --week, --month or --year (s; NULL: def), which must be
 * one whole ISO week, calendar month or calendar year; its label into
 * label.
 */
static int
whole_period(struct hak_cli *c, enum hak_report_kind kind, const char *s,
	struct hak_period *p, char *label, size_t n)
{
	static const char *const names[] = { "week", "month", "year" };
	static const char *const defs[] = { "last-week", "last-month",
		"last-year" };
	const struct hak_config *org = hak_db_config(c->db);
	int y, m, d, y2, m2, d2, w;
	bool whole;

	if (hak_period_parse(s ? s : defs[kind], c->now, org->school_year, p,
		&c->err))
		return hak_err_set(&c->err, HAK_EUSAGE, "--%s: %s", names[kind],
			c->err.msg);
	hak_day_to_ymd(p->first, &y, &m, &d);
	hak_day_to_ymd(p->last + 1, &y2, &m2, &d2);
	switch (kind) {
	case HAK_REPORT_WEEKLY:
		whole = hak_day_weekday(p->first) == 1 &&
			p->last - p->first == 6;
		hak_day_isoweek(p->first, &y, &w);
		snprintf(label, n, "%04d-W%02d", y, w);
		break;
	case HAK_REPORT_MONTHLY:
		whole = d == 1 && d2 == 1 && (y2 * 12 + m2) - (y * 12 + m) == 1;
		snprintf(label, n, "%04d-%02d", y, m);
		break;
	default:
		whole = d == 1 && m == 1 && d2 == 1 && m2 == 1 && y2 == y + 1;
		snprintf(label, n, "%04d", y);
		break;
	}
	if (!whole)
		return hak_err_set(&c->err, HAK_EUSAGE, "--%s: '%s' is not one "
			"%s", names[kind], s ? s : defs[kind],
			kind == HAK_REPORT_WEEKLY ? "ISO week" :
			kind == HAK_REPORT_MONTHLY ? "calendar month" :
			"calendar year");
	return HAK_OK;
}

static int
period_report(struct hak_cli *c, enum hak_report_kind kind, const char *s)
{
	const struct opts *o = c->opts;
	struct hak_report_opts ro = { 0 };
	struct hak_doc *d;
	char label[16];
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = check_lang(c)) ||
		(rc = whole_period(c, kind, s, &ro.period, label,
		sizeof(label))))
		return rc;
	ro.label = label;
	ro.lang = o->lang;
	ro.dept = o->dept;
	rc = hak_report_period(c->db, kind, &ro, &d, &c->err);
	return finish(c, rc, d);
}

static int
cmd_weekly(struct hak_cli *c)
{
	return period_report(c, HAK_REPORT_WEEKLY,
		((const struct opts *)c->opts)->week);
}

static int
cmd_monthly(struct hak_cli *c)
{
	return period_report(c, HAK_REPORT_MONTHLY,
		((const struct opts *)c->opts)->month);
}

static int
cmd_annual(struct hak_cli *c)
{
	return period_report(c, HAK_REPORT_ANNUAL,
		((const struct opts *)c->opts)->year);
}

/* --period P, --since P --until P; default def.  Its label: P, else "". */
static int
any_period(struct hak_cli *c, const char *def, struct hak_report_opts *ro)
{
	struct opts *o = c->opts;
	bool has;
	int rc;

	if ((rc = hak_cli_period(c, &o->per, &ro->period, &has)))
		return rc;
	if (!has && (rc = hak_period_parse(def, c->now,
		hak_db_config(c->db)->school_year, &ro->period, &c->err)))
		return rc;
	ro->label = o->per.period ? o->per.period : has ? "" : def;
	ro->lang = o->lang;
	return HAK_OK;
}

static int
cmd_sla(struct hak_cli *c)
{
	const struct opts *o = c->opts;
	struct hak_report_opts ro = { 0 };
	struct hak_doc *d;
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = check_lang(c)) ||
		(rc = any_period(c, "last-month", &ro)))
		return rc;
	ro.by = o->by;
	rc = hak_report_sla(c->db, &ro, &d, &c->err);
	return finish(c, rc, d);
}

static int
cmd_equity(struct hak_cli *c)
{
	struct hak_report_opts ro = { 0 };
	struct hak_doc *d;
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = check_lang(c)) ||
		(rc = any_period(c, "this-year", &ro)))
		return rc;
	rc = hak_report_equity(c->db, &ro, &d, &c->err);
	return finish(c, rc, d);
}

static int
cmd_pivot(struct hak_cli *c)
{
	const struct opts *o = c->opts;
	struct hak_pivot_opts po = { 0 };
	struct hak_doc *d;
	int rc, n = o->count + !!o->sum + !!o->mean;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = check_lang(c)))
		return rc;
	if (!o->rows)
		return hak_err_set(&c->err, HAK_EUSAGE, "pivot: --rows COL "
			"is required");
	if (n > 1)
		return hak_err_set(&c->err, HAK_EUSAGE, "pivot: one of "
			"--count, --sum and --mean");
	po.rows = o->rows;
	po.cols = o->cols;
	po.agg = o->sum ? HAK_PIVOT_SUM : o->mean ? HAK_PIVOT_MEAN :
		HAK_PIVOT_COUNT;
	po.value = o->sum ? o->sum : o->mean;
	rc = hak_report_pivot(stdin, "stdin", &po, o->lang ? o->lang :
		c->cfg.lang, &d, &c->err);
	return finish(c, rc, d);
}

static const char *const by_words[] = { "department", "category",
	"assignee", NULL };

#define S struct opts
#define COMMON \
	HAK_OPT_KEY(0, "dept", S, dept, "D", 0, hak_request_depts, \
		"this department's figures only"), \
	HAK_OPT_ENUM(0, "lang", S, lang, "L", 0, lang_words, \
		"headings in en or ko (default: the config's lang)")

static const struct hak_opt weekly_opts[] = {
	HAK_OPT_STRING(0, "week", S, week, "W", 0,
		"the ISO week (default: last-week)"),
	COMMON,
	HAK_OPT_END()
};
static const struct hak_opt monthly_opts[] = {
	HAK_OPT_STRING(0, "month", S, month, "M", 0,
		"the month (default: last-month)"),
	COMMON,
	HAK_OPT_END()
};
static const struct hak_opt annual_opts[] = {
	HAK_OPT_STRING(0, "year", S, year, "Y", 0,
		"the year (default: last-year)"),
	COMMON,
	HAK_OPT_END()
};

static const struct hak_opt sla_opts[] = {
	HAK_OPT_PERIOD(S, per),
	HAK_OPT_ENUM(0, "by", S, by, "F", 0, by_words,
		"department (default), category or assignee"),
	HAK_OPT_ENUM(0, "lang", S, lang, "L", 0, lang_words,
		"headings in en or ko (default: the config's lang)"),
	HAK_OPT_END()
};
static const struct hak_opt equity_opts[] = {
	HAK_OPT_PERIOD(S, per),
	HAK_OPT_ENUM(0, "lang", S, lang, "L", 0, lang_words,
		"headings in en or ko (default: the config's lang)"),
	HAK_OPT_END()
};
static const struct hak_opt pivot_opts[] = {
	HAK_OPT_STRING(0, "rows", S, rows, "COL", HAK_OPTF_REQ,
		"a row per value of this column"),
	HAK_OPT_STRING(0, "cols", S, cols, "COL", 0,
		"a column per value of this column"),
	HAK_OPT_BOOL(0, "count", S, count, 0, "count the records (default)"),
	HAK_OPT_STRING(0, "sum", S, sum, "COL", HAK_OPTF_OR,
		"add up this column"),
	HAK_OPT_STRING(0, "mean", S, mean, "COL", HAK_OPTF_OR,
		"average this column"),
	HAK_OPT_ENUM(0, "lang", S, lang, "L", 0, lang_words,
		"headings in en or ko (default: the config's lang)"),
	HAK_OPT_END()
};

#define R (HAK_VERB_DB | HAK_VERB_OUT | HAK_VERB_DOC)
#define V(name, fn, operands, table, flags, help) \
	{ name, fn, operands, table, sizeof(S), flags, help }

static const struct hak_cli_verb verbs[] = {
	V("weekly", cmd_weekly, "", weekly_opts, R,
		"the weekly report, as of the week's end"),
	V("monthly", cmd_monthly, "", monthly_opts, R,
		"the monthly report, as of the month's end"),
	V("annual", cmd_annual, "", annual_opts, R,
		"the annual report: projects, reach and headline questions too"),
	V("sla", cmd_sla, "", sla_opts, R,
		"the service level of the requests resolved in a period"),
	V("equity", cmd_equity, "", equity_opts, R,
		"support per 100 students per school, the Gini coefficient"),
	V("pivot", cmd_pivot, "", pivot_opts,
		HAK_VERB_OUT | HAK_VERB_DOC | HAK_VERB_CONFIG,
		"a pivot table of the CSV on stdin"),
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};

static const struct hak_cli_prog prog = {
	"hak-report",
	"Weekly, monthly and annual reports, SLA, equity, pivot tables.",
	verbs,
	NULL
};

int
main(int argc, char **argv)
{
	return hak_cli_main(argc, argv, &prog);
}
