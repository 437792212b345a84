/* SPDX-License-Identifier: MIT */
/* hak-project: support projects and who took part (SPEC 5.3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool/cli.h"
#include "hak/csvio.h"
#include "hak/import.h"
#include "tool/out.h"
#include "hak/project.h"
#include "hak/school.h"

static const char *const code_keys[] = { "code", NULL };
static const char *const school_keys[] = { "school", "code", NULL };

static unsigned
action_flags(struct hak_cli *c)
{
	unsigned flags = 0;

	if (hak_cli_has(c, "keep-going"))
		flags |= HAK_PROJECT_KEEP_GOING;
	if (hak_cli_has(c, "dry-run"))
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
	struct hak_strv rv = HAK_STRV_INIT;
	size_t i;
	int k;

	memset(ch, 0, sizeof(*ch));
	*any = false;
	for (k = HAK_PJ_NAME; k < HAK_PROJECT_NCOLS; k++) {
		if (k == HAK_PJ_RECIPIENTS || k == HAK_PJ_IS_NEW)
			continue;
		ch->v[k] = hak_cli_opt(c, hak_project_opts[k]);
	}
	hak_cli_optv(c, "recipient", &rv);
	for (i = 0; i < rv.n; i++)
		hak_buf_addf(recips, "%s%s", i ? ";" : "", rv.v[i]);
	if (rv.n)
		ch->v[HAK_PJ_RECIPIENTS] = recips->buf;
	hak_strv_clear(&rv);
	/* --is-new and --no-is-new: the last one given wins */
	for (i = 0; i < c->nvals; i++) {
		if (!strcmp(c->vals[i].name, "is-new"))
			ch->v[HAK_PJ_IS_NEW] = "1";
		else if (!strcmp(c->vals[i].name, "no-is-new"))
			ch->v[HAK_PJ_IS_NEW] = "0";
	}
	for (k = HAK_PJ_NAME; k < HAK_PROJECT_NCOLS; k++)
		if (ch->v[k])
			*any = true;
}

/* --print: records as list CSV on stdout. */
static int
print_rows(struct hak_cli *c, const struct hak_col *cols, size_t ncols,
	char *const *rows, size_t stride, size_t n)
{
	struct hak_out_opts oo = { 0 };
	struct hak_out *o;
	size_t i;
	int rc;

	if (!hak_cli_has(c, "print") || !n)
		return HAK_OK;
	oo.fmt = HAK_FMT_CSV;
	oo.fp = stdout;
	if ((rc = hak_out_open(&o, &oo, cols, ncols, &c->err)))
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = hak_out_row(o, (const char *const *)rows + i * stride,
			&c->err))) {
			hak_out_abort(o);
			return rc;
		}
	return hak_out_close(o, &c->err);
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
	rc = hak_project_close(c->db, &keys, hak_cli_opt(c, "on"),
		action_flags(c), stderr, hak_cli_progname(), &done, &n,
		&c->err);
	rc = print_projects(c, rc, done, n);
	hak_strv_clear(&keys);
	return rc;
}

static int
cmd_enroll(struct hak_cli *c)
{
	struct hak_strv keys = HAK_STRV_INIT;
	struct hak_participation *done = NULL;
	struct hak_enroll en;
	size_t i, n = 0;
	int rc, prc;

	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"enroll: a project CODE is required");
	en.project = c->argv[0];
	en.recipient = hak_cli_opt(c, "recipient");
	en.count = hak_cli_opt(c, "count");
	en.date = hak_cli_opt(c, "date");
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
	struct hak_project_filter f = { 0 };
	struct hak_err e;
	const char *d;
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = hak_cli_year(c, "year", &f.year)))
		return rc;
	if ((f.status = hak_cli_opt(c, "status")) &&
		hak_project_status_parse(f.status, &f.status, &e))
		return hak_err_set(&c->err, HAK_EUSAGE, "--status: %s", e.msg);
	if ((d = hak_cli_opt(c, "dept")) &&
		hak_project_dept_parse(c->db, d, &f.dept, &e))
		return hak_err_set(&c->err, HAK_EUSAGE, "--dept: %s", e.msg);
	f.new_only = hak_cli_has(c, "new");
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
	struct hak_import_opts o;
	struct hak_import_stats st;
	int rc;

	if ((rc = hak_cli_import_opts(c, &o)) ||
		(rc = hak_cli_no_operands(c, 1)))
		return rc;
	if ((rc = hak_project_import(c->db, &o, &st, &c->err)))
		return rc;
	hak_cli_import_summary(c, &st);
	return HAK_OK;
}

/*
 * show: sections written one after another into one buffer: in table
 * format each under its title (the project as field/value pairs); in
 * json one object with a member per section; otherwise the sections'
 * tables separated by an empty line.
 */
struct show {
	struct hak_cli *c;
	FILE *fp;		/* the buffer */
	int nsect;
	struct hak_out *o;	/* the open section */
	/* per-recipient totals of the reach section */
	struct hak_strv rows;	/* 5 cells per row */
	const char *cur;
	long long tot[3];
	size_t totpos;
};

static int
sect_open(struct show *sh, const char *title, const struct hak_col *cols,
	size_t n)
{
	struct hak_out_opts oo = sh->c->out;
	enum hak_format fmt = oo.fmt;

	if (fmt == HAK_FMT_JSON)
		fprintf(sh->fp, "%s\"%s\":", sh->nsect ? "," : "{", title);
	else if (fmt == HAK_FMT_TABLE)
		fprintf(sh->fp, "%s%s\n", sh->nsect ? "\n" : "", title);
	else if (sh->nsect && fmt != HAK_FMT_JSONL)
		fputs(fmt == HAK_FMT_EXCEL ? "\r\n" : "\n", sh->fp);
	sh->nsect++;
	oo.path = NULL;
	oo.fp = sh->fp;
	return hak_out_open(&sh->o, &oo, cols, n, &sh->c->err);
}

static int
sect_close(struct show *sh)
{
	struct hak_out *o = sh->o;

	sh->o = NULL;
	return hak_out_close(o, &sh->c->err);
}

static int
show_project(struct show *sh, const struct hak_project *p)
{
	static const struct hak_col kv[2] = {
		{ "field", HAK_COL_TEXT }, { "value", HAK_COL_TEXT }
	};
	const char *cells[2];
	int i, rc;

	if (sh->c->out.fmt != HAK_FMT_TABLE) {
		if ((rc = sect_open(sh, "project", hak_project_cols,
			HAK_PROJECT_NCOLS)) ||
			(rc = hak_out_row(sh->o, (const char *const *)p->v,
			&sh->c->err)))
			return rc;
		return sect_close(sh);
	}
	if ((rc = sect_open(sh, "project", kv, 2)))
		return rc;
	for (i = 0; i < HAK_PROJECT_NCOLS; i++) {
		cells[0] = hak_project_cols[i].name;
		cells[1] = p->v[i];
		if ((rc = hak_out_row(sh->o, cells, &sh->c->err)))
			return rc;
	}
	return sect_close(sh);
}

static void
push_reach(struct show *sh, const char *recipient, const char *level,
	long long schools, long long records, long long count)
{
	hak_strv_push(&sh->rows, recipient);
	hak_strv_push(&sh->rows, level);
	hak_strv_push_owned(&sh->rows, hak_xasprintf("%lld", schools));
	hak_strv_push_owned(&sh->rows, hak_xasprintf("%lld", records));
	hak_strv_push_owned(&sh->rows, hak_xasprintf("%lld", count));
}

/* Close the current recipient's "(all)" row with its totals. */
static void
reach_total(struct show *sh)
{
	size_t k;

	if (!sh->cur)
		return;
	for (k = 0; k < 3; k++) {
		free(sh->rows.v[sh->totpos + 2 + k]);
		sh->rows.v[sh->totpos + 2 + k] = hak_xasprintf("%lld",
			sh->tot[k]);
	}
}

static int
add_reach(void *ctx, const struct hak_project_reach *r)
{
	struct show *sh = ctx;

	if (!sh->cur || strcmp(sh->cur, r->recipient)) {
		reach_total(sh);
		sh->totpos = sh->rows.n;
		push_reach(sh, r->recipient, "(all)", 0, 0, 0);
		sh->cur = sh->rows.v[sh->totpos];
		memset(sh->tot, 0, sizeof(sh->tot));
	}
	/* a school has one level: the schools of the levels add up */
	sh->tot[0] += r->schools;
	sh->tot[1] += r->records;
	sh->tot[2] += r->count;
	push_reach(sh, r->recipient, r->level, r->schools, r->records,
		r->count);
	return 0;
}

static int
show_reach(struct show *sh, const char *code)
{
	static const struct hak_col cols[5] = {
		{ "recipient", HAK_COL_TEXT }, { "level", HAK_COL_TEXT },
		{ "schools", HAK_COL_NUM }, { "participations", HAK_COL_NUM },
		{ "count", HAK_COL_NUM }
	};
	size_t i;
	int rc;

	if ((rc = hak_project_reach_each(sh->c->db, code, add_reach, sh,
		&sh->c->err)))
		return rc;
	reach_total(sh);
	if ((rc = sect_open(sh, "participations", cols, 5)))
		return rc;
	for (i = 0; i + 5 <= sh->rows.n; i += 5)
		if ((rc = hak_out_row(sh->o,
			(const char *const *)sh->rows.v + i, &sh->c->err)))
			return rc;
	return sect_close(sh);
}

/* A row of cells into the open section. */
static int
emit_cells(void *ctx, const char *const *cells)
{
	struct show *sh = ctx;

	return hak_out_row(sh->o, cells, &sh->c->err);
}

static int
show_requests(struct show *sh, const char *code)
{
	int rc;

	if ((rc = sect_open(sh, "requests", hak_project_req_cols,
		HAK_PROJECT_REQ_NCOLS)) ||
		(rc = hak_project_requests_each(sh->c->db, code, emit_cells,
		sh, &sh->c->err)))
		return rc;
	return sect_close(sh);
}

/*
 * The headline figures of the surveys linked to the project: a section of
 * its own, empty until surveys link to projects (SPEC 5.4).
 */
static int
show_surveys(struct show *sh, const char *code)
{
	int rc;

	if ((rc = sect_open(sh, "surveys", hak_project_survey_cols,
		HAK_PROJECT_SURVEY_NCOLS)) ||
		(rc = hak_project_surveys_each(sh->c->db, code, emit_cells,
		sh, &sh->c->err)))
		return rc;
	return sect_close(sh);
}

/* Write the buffer to stdout or, with -o, atomically to the file. */
static int
show_write(struct hak_cli *c, const char *text, size_t len)
{
	struct hak_afile af;
	FILE *fp = stdout;
	int rc;

	if (c->out.path) {
		if ((rc = hak_afile_open(&af, c->out.path, 0600, &c->err)))
			return rc;
		fp = af.fp;
	}
	if (fwrite(text, 1, len, fp) != len) {
		if (c->out.path)
			hak_afile_abort(&af);
		return hak_err_set(&c->err, HAK_EIO, "write error");
	}
	return c->out.path ? hak_afile_commit(&af, &c->err) : HAK_OK;
}

static int
cmd_show(struct hak_cli *c)
{
	struct show sh;
	struct hak_project p;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"show: a project CODE is required");
	if ((rc = hak_cli_no_operands(c, 1)))
		return rc;
	if ((rc = hak_project_get(c->db, c->argv[0], &p, &c->err)))
		return rc;
	memset(&sh, 0, sizeof(sh));
	sh.c = c;
	if (!(sh.fp = open_memstream(&text, &len))) {
		hak_project_release(&p);
		return hak_err_set(&c->err, HAK_EOS, "out of memory");
	}
	if (!(rc = show_project(&sh, &p)) &&
		!(rc = show_reach(&sh, p.v[HAK_PJ_CODE])) &&
		!(rc = show_requests(&sh, p.v[HAK_PJ_CODE])) &&
		!(rc = show_surveys(&sh, p.v[HAK_PJ_CODE])) &&
		c->out.fmt == HAK_FMT_JSON)
		fputs("}\n", sh.fp);
	hak_out_abort(sh.o);
	fclose(sh.fp);
	if (!rc)
		rc = show_write(c, text, len);
	free(text);
	hak_strv_clear(&sh.rows);
	hak_project_release(&p);
	return rc;
}

static const struct hak_cli_opt opts[] = {
	{ "name", 0, HAK_ARG_REQUIRED },
	{ "dept", 0, HAK_ARG_REQUIRED },
	{ "area", 0, HAK_ARG_REQUIRED },
	{ "recipient", 0, HAK_ARG_REQUIRED },
	{ "start-on", 0, HAK_ARG_REQUIRED },
	{ "end-on", 0, HAK_ARG_REQUIRED },
	{ "status", 0, HAK_ARG_REQUIRED },
	{ "is-new", 0, HAK_ARG_NONE },
	{ "no-is-new", 0, HAK_ARG_NONE },
	{ "target", 0, HAK_ARG_REQUIRED },
	{ "budget", 0, HAK_ARG_REQUIRED },
	{ "description", 0, HAK_ARG_REQUIRED },
	{ "new", 0, HAK_ARG_NONE },
	{ "on", 0, HAK_ARG_REQUIRED },
	{ "count", 0, HAK_ARG_REQUIRED },
	{ "date", 0, HAK_ARG_REQUIRED },
	{ NULL, 0, 0 }
};

#define FIELD_OPTS "name dept area recipient year start-on end-on status " \
	"is-new no-is-new target budget description"
#define FIELD_SYN "[--area A] [--recipient T]... [--year Y] " \
	"[--start-on DATE] [--end-on DATE] [--status S] " \
	"[--is-new | --no-is-new] [--target N] [--budget N] " \
	"[--description TEXT]"

static const struct hak_cli_verb verbs[] = {
	{ "add", cmd_add, FIELD_OPTS " print dry-run",
		HAK_VERB_DB | HAK_VERB_WRITE,
		"CODE --name N --dept D " FIELD_SYN " [--print] [--dry-run]" },
	{ "set", cmd_set, FIELD_OPTS " keep-going print dry-run",
		HAK_VERB_DB | HAK_VERB_WRITE,
		"CODE... | - [--name N] [--dept D] " FIELD_SYN
		" [--keep-going] [--print] [--dry-run]" },
	{ "list", cmd_list, "year dept status new", HAK_VERB_DB | HAK_VERB_OUT,
		"[--year Y] [--dept D] [--status S] [--new]" },
	{ "show", cmd_show, NULL, HAK_VERB_DB | HAK_VERB_OUT, "CODE" },
	{ "close", cmd_close, "on keep-going print dry-run",
		HAK_VERB_DB | HAK_VERB_WRITE,
		"CODE... | - [--on DATE] [--keep-going] [--print] "
		"[--dry-run]" },
	{ "import", cmd_import, "encoding skip-invalid rejects dry-run",
		HAK_VERB_DB | HAK_VERB_WRITE,
		"FILE [--encoding E] [--skip-invalid] [--rejects FILE] "
		"[--dry-run]" },
	{ "export", cmd_export, NULL, HAK_VERB_DB | HAK_VERB_OUT, "" },
	{ "enroll", cmd_enroll, "recipient count date keep-going print dry-run",
		HAK_VERB_DB | HAK_VERB_WRITE,
		"CODE SCHOOL... | - [--recipient T] [--count N] [--date DATE] "
		"[--keep-going] [--print] [--dry-run]" },
	{ "participants", cmd_participants, NULL, HAK_VERB_DB | HAK_VERB_OUT,
		"CODE... | -" },
	{ NULL, NULL, NULL, 0, NULL }
};

static const char *const recipient_words[] = { "school", "teacher",
	"student", "parent", "staff", NULL };
static const char *const status_words[] = { "planned", "active", "closed",
	NULL };
static const struct hak_cli_values values[] = {
	{ "recipient", recipient_words, NULL },
	{ "status", status_words, NULL },
	{ "dept", NULL, hak_project_depts },
	{ "code", NULL, hak_project_codes },
	{ "project", NULL, hak_project_codes },
	{ "school", NULL, hak_school_codes },
	{ NULL, NULL, NULL }
};

static const struct hak_cli_prog prog = {
	"hak-project",
	"The catalogue of support projects and who took part.",
	opts,
	verbs,
	values
};

int
main(int argc, char **argv)
{
	return hak_cli_main(argc, argv, &prog);
}
