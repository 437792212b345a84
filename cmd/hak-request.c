/* SPDX-License-Identifier: MIT */
/* hak-request: support requests from intake to satisfaction (SPEC 5.2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool/cli.h"
#include "hak/csvio.h"
#include "hak/date.h"
#include "hak/import.h"
#include "hak/org.h"
#include "tool/out.h"
#include "hak/request.h"
#include "hak/school.h"
#include "hak/text.h"

static const char *const keycols[] = { "id", NULL };

/* Every verb's options, one struct (each verb's table names its own). */
struct opts {
	struct hak_request_new in;	/* new: all but .body */
	const char *message;
	struct hak_cli_act act;
	struct hak_request_action a;	/* the actions' .to .category ... */
	long long rating;
	const char *before;
	/* list */
	struct hak_strv status;
	bool open, overdue;
	const char *dept, *school, *category, *assignee, *project, *search;
	struct hak_cli_period period;
	const char *date_field, *sort;
	long long limit;
	bool all;
	struct hak_cli_import imp;
	bool update;
};

static int
get_keys(struct hak_cli *c, struct hak_strv *keys)
{
	return hak_cli_keys(c, 0, keycols, keys);
}

/* An option (named name) that must be non-empty text. */
static int
need(struct hak_cli *c, const char *name, const char *v)
{
	if (!v || !*v)
		return hak_err_set(&c->err, HAK_EUSAGE, "%s: --%s is required",
			c->verb->name, name);
	return HAK_OK;
}

/* Enumerated option values are usage errors (exit 2) when bad. */
static int
enum_opt(struct hak_cli *c, const char *name, const char *v,
	int (*parse)(const char *, const char **, struct hak_err *))
{
	const char *code;
	struct hak_err e;

	hak_err_clear(&e);
	if (v && parse(v, &code, &e))
		return hak_err_set(&c->err, HAK_EUSAGE, "--%s: %s", name, e.msg);
	return HAK_OK;
}

static int
cmd_new(struct hak_cli *c)
{
	const struct opts *o = c->opts;
	struct hak_request_new in = o->in;
	char *body = NULL;
	long long id;
	bool existed;
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) ||
		(rc = need(c, "school", in.school)) ||
		(rc = need(c, "category", in.category)) ||
		(rc = need(c, "title", in.title)) ||
		(rc = enum_opt(c, "priority", in.priority,
		hak_request_priority_parse)) ||
		(rc = enum_opt(c, "channel", in.channel,
		hak_request_channel_parse)))
		return rc;
	if ((rc = hak_cli_message(c, o->message, &body)))
		return rc;
	in.body = body;
	rc = hak_request_new(c->db, &in, &id, &existed, &c->err);
	if (!rc)
		printf("%lld\n", id);
	free(body);
	return rc;
}

/* Write records as list CSV (--print). */
static int
print_list(struct hak_cli *c, const struct hak_request *done, size_t n)
{
	const char **rows = hak_xcalloc(n ? n * HAK_REQUEST_NLIST : 1,
		sizeof(*rows));
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		hak_request_list_cells(&done[i], rows + i * HAK_REQUEST_NLIST);
	rc = hak_cli_print_rows(c, hak_request_list_cols, HAK_REQUEST_NLIST,
		rows, HAK_REQUEST_NLIST, n);
	free(rows);
	return rc;
}

/* The action commands: keys, the action, --keep-going, --dry-run, --print. */
static int
act(struct hak_cli *c, struct hak_request_action *a, struct hak_strv *keys)
{
	struct hak_request *done = NULL;
	const struct opts *o = c->opts;
	unsigned flags = 0;
	size_t i, n = 0;
	int rc, prc;

	if (o->act.keep_going)
		flags |= HAK_REQUEST_KEEP_GOING;
	if (o->act.dry_run)
		flags |= HAK_REQUEST_DRY_RUN;
	rc = hak_request_act(c->db, keys, a, flags, stderr, hak_cli_progname(),
		&done, &n, &c->err);
	if (o->act.print && n) {
		prc = print_list(c, done, n);
		if (prc)
			rc = hak_code_worst(rc, prc);
	}
	for (i = 0; i < n; i++)
		hak_request_release(&done[i]);
	free(done);
	return rc;
}

/* Keys and -m: both may not read stdin. */
static int
keys_and_text(struct hak_cli *c, struct hak_strv *keys, char **text)
{
	const char *m = ((const struct opts *)c->opts)->message;
	int rc;

	*text = NULL;
	if (m && !strcmp(m, "-") && c->argc == 1 && !strcmp(c->argv[0], "-"))
		return hak_err_set(&c->err, HAK_EUSAGE, "%s: keys and -m cannot "
			"both come from stdin", c->verb->name);
	if ((rc = hak_cli_message(c, m, text)))
		return rc;
	return get_keys(c, keys);
}

static int
action(struct hak_cli *c, enum hak_request_cmd cmd)
{
	const struct opts *o = c->opts;
	struct hak_request_action a = o->a;
	struct hak_strv keys = HAK_STRV_INIT;
	char *text = NULL;
	int rc;

	a.cmd = cmd;
	switch (cmd) {
	case HAK_RQ_ASSIGN:
		if ((rc = need(c, "to", a.to)))
			return rc;
		break;
	case HAK_RQ_RESOLVE:
	case HAK_RQ_REJECT:
	case HAK_RQ_NOTE:
		if (!o->message)
			return hak_err_set(&c->err, HAK_EUSAGE,
				"%s: -m TEXT is required", c->verb->name);
		break;
	case HAK_RQ_RATE:
		/* the default, 0, is out of --rating's range */
		if (!o->rating)
			return hak_err_set(&c->err, HAK_EUSAGE,
				"rate: --rating N is required");
		a.rating = (int)o->rating;
		break;
	case HAK_RQ_SET:
		if (!a.category && !a.priority && !a.dept && !a.title &&
			!a.project)
			return hak_err_set(&c->err, HAK_EUSAGE, "set: nothing "
				"to change (give --category, --priority, ...)");
		if ((rc = enum_opt(c, "priority", a.priority,
			hak_request_priority_parse)))
			return rc;
		break;
	default:
		break;
	}
	if (cmd == HAK_RQ_REDACT && o->before) {
		struct hak_err e;

		hak_err_clear(&e);
		if (hak_input_date(o->before, &a.before, &e))
			return hak_err_set(&c->err, HAK_EUSAGE, "--before: %s",
				e.msg);
		a.has_before = true;
		if (c->argc == 0) {
			if ((rc = hak_request_redact_keys(c->db, a.before, &keys,
				&c->err)))
				goto out;
			rc = keys.n ? act(c, &a, &keys) : HAK_OK;
			goto out;
		}
	}
	if ((rc = keys_and_text(c, &keys, &text)))
		goto out;
	a.text = text;
	rc = act(c, &a, &keys);
out:
	free(text);
	hak_strv_clear(&keys);
	return rc;
}

static int
cmd_assign(struct hak_cli *c)
{
	return action(c, HAK_RQ_ASSIGN);
}

static int
cmd_start(struct hak_cli *c)
{
	return action(c, HAK_RQ_START);
}

static int
cmd_wait(struct hak_cli *c)
{
	return action(c, HAK_RQ_WAIT);
}

static int
cmd_resolve(struct hak_cli *c)
{
	return action(c, HAK_RQ_RESOLVE);
}

static int
cmd_close(struct hak_cli *c)
{
	return action(c, HAK_RQ_CLOSE);
}

static int
cmd_reject(struct hak_cli *c)
{
	return action(c, HAK_RQ_REJECT);
}

static int
cmd_withdraw(struct hak_cli *c)
{
	return action(c, HAK_RQ_WITHDRAW);
}

static int
cmd_reopen(struct hak_cli *c)
{
	return action(c, HAK_RQ_REOPEN);
}

static int
cmd_rate(struct hak_cli *c)
{
	return action(c, HAK_RQ_RATE);
}

static int
cmd_note(struct hak_cli *c)
{
	return action(c, HAK_RQ_NOTE);
}

static int
cmd_set(struct hak_cli *c)
{
	return action(c, HAK_RQ_SET);
}

static int
cmd_redact(struct hak_cli *c)
{
	return action(c, HAK_RQ_REDACT);
}

struct emit {
	struct hak_out *o;
	struct hak_err *err;
	bool all;	/* export: every column */
};

static int
emit_row(void *ctx, const struct hak_request *r)
{
	struct emit *e = ctx;
	const char *cells[HAK_REQUEST_NLIST];

	if (e->all)
		return hak_out_row(e->o, (const char *const *)r->v, e->err);
	hak_request_list_cells(r, cells);
	return hak_out_row(e->o, cells, e->err);
}

static int
listing(struct hak_cli *c, const struct hak_request_filter *f, bool all)
{
	struct emit e = { NULL, &c->err, all };
	int rc;

	if ((rc = hak_cli_out_open(c, all ? hak_request_cols :
		hak_request_list_cols, all ? HAK_REQUEST_NCOLS :
		HAK_REQUEST_NLIST, &e.o)))
		return rc;
	if ((rc = hak_request_each(c->db, f, emit_row, &e, &c->err))) {
		hak_out_abort(e.o);
		return rc;
	}
	return hak_cli_out_close(c, e.o);
}

/* --status S,...: codes or labels. */
static int
status_list(struct hak_cli *c, struct hak_strv *codes)
{
	const struct hak_strv *vals = &((const struct opts *)c->opts)->status;
	const char *p, *q, *code;
	struct hak_err e;
	char *item;
	size_t i;
	int rc = HAK_OK;

	for (i = 0; !rc && i < vals->n; i++) {
		for (p = vals->v[i]; !rc && *p; p = *q ? q + 1 : q) {
			q = strchr(p, ',');
			if (!q)
				q = p + strlen(p);
			item = hak_xstrndup(p, (size_t)(q - p));
			hak_err_clear(&e);
			if (hak_request_status_parse(item, &code, &e))
				rc = hak_err_set(&c->err, HAK_EUSAGE,
					"--status: %s", e.msg);
			else
				hak_strv_push(codes, code);
			free(item);
		}
	}
	return rc;
}

/* A --dept, --category or --assignee filter must name one of the
 * organisation's (inactive ones too: their old requests stay listed);
 * *v becomes its code as stored. */
static int
known(struct hak_cli *c, const char *opt, const char **v)
{
	const struct hak_dept *d;
	const struct hak_category *cat;
	const struct hak_staff *s;
	struct hak_err e;
	int rc;

	if (!*v)
		return HAK_OK;
	hak_err_clear(&e);
	if (!strcmp(opt, "dept") && !(rc = hak_org_dept(c->db, *v, 0, &d, &e)))
		*v = d->code;
	else if (!strcmp(opt, "category") &&
		!(rc = hak_org_category(c->db, *v, 0, &cat, &e)))
		*v = cat->code;
	else if (!strcmp(opt, "assignee") &&
		!(rc = hak_org_staff(c->db, *v, 0, &s, &e)))
		*v = s->id;
	else
		return hak_err_set(&c->err, HAK_EUSAGE, "--%s: %s", opt, e.msg);
	return HAK_OK;
}

static int
cmd_list(struct hak_cli *c)
{
	const struct opts *o = c->opts;
	struct hak_request_filter f = { 0 };
	struct hak_strv st = HAK_STRV_INIT;
	char *code = NULL, *search = NULL;
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = status_list(c, &st)))
		goto out;
	f.status = (const char *const *)st.v;
	f.nstatus = st.n;
	f.open = o->open;
	f.overdue = o->overdue;
	f.dept = o->dept;
	f.category = o->category;
	f.assignee = o->assignee;
	f.project = o->project;
	f.sort = o->sort;
	if ((rc = hak_request_sort_check(f.sort, &c->err)))
		goto out;
	f.limit = o->limit;
	if (o->date_field && (rc = hak_request_datefield_parse(o->date_field,
		&f.datefield, &c->err)))
		goto out;
	if ((rc = hak_cli_period(c, &o->period, &f.period, &f.has_period)) ||
		(rc = known(c, "dept", &f.dept)) ||
		(rc = known(c, "category", &f.category)) ||
		(rc = known(c, "assignee", &f.assignee)))
		goto out;
	if (o->search && !(search = hak_text_clean(o->search))) {
		rc = hak_err_set(&c->err, HAK_EUSAGE, "--search: no text");
		goto out;
	}
	f.search = search;
	if (o->school) {
		if ((rc = hak_school_find(c->db, o->school, &code, &c->err)))
			goto out;
		f.school = code;
	}
	rc = listing(c, &f, false);
out:
	free(code);
	free(search);
	hak_strv_clear(&st);
	return rc;
}

static int
cmd_export(struct hak_cli *c)
{
	struct hak_request_filter f = { 0 };
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)))
		return rc;
	return listing(c, &f, true);
}

struct rows {
	struct hak_cli_rows out;
	const char *id;
};

static const struct hak_col note_cols[] = {
	{ "seq", HAK_COL_NUM },
	{ "at", HAK_COL_TEXT },
	{ "actor", HAK_COL_TEXT },
	{ "text", HAK_COL_PROSE }
};

/* One block of show: open, fill, close. */
static int
block(struct hak_cli *c, const struct hak_col *cols, size_t n,
	int (*fill)(struct hak_cli *c, struct rows *r), const char *id)
{
	struct rows r = { { NULL, &c->err }, id };
	int rc;

	if ((rc = hak_out_open(&r.out.o, &c->out, cols, n, &c->err)))
		return rc;
	if ((rc = fill(c, &r))) {
		hak_out_abort(r.out.o);
		return rc;
	}
	return hak_out_close(r.out.o, &c->err);
}

static int
fill_notes(struct hak_cli *c, struct rows *r)
{
	return hak_request_notes(c->db, r->id, hak_cli_row, &r->out, &c->err);
}

static int
fill_history(struct hak_cli *c, struct rows *r)
{
	return hak_request_history(c->db, r->id, hak_cli_row, &r->out,
		&c->err);
}

/* show: the record (every column), then its notes, then its history,
 * each a block in the output format, separated by an empty line. */
static int
cmd_show(struct hak_cli *c)
{
	struct hak_request r;
	int rc;

	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"show: a request ID is required");
	if ((rc = hak_cli_no_operands(c, 1)))
		return rc;
	if (c->out.path)
		return hak_err_set(&c->err, HAK_EUSAGE, "show does not take "
			"-o; redirect its output");
	if ((rc = hak_request_get(c->db, c->argv[0], &r, &c->err)))
		return rc;
	if ((rc = hak_cli_record(c, hak_request_cols, HAK_REQUEST_NCOLS,
		(const char *const *)r.v)))
		goto out;
	putchar('\n');
	if ((rc = block(c, note_cols, 4, fill_notes, r.v[0])))
		goto out;
	putchar('\n');
	rc = block(c, hak_request_hist_cols, HAK_REQUEST_NHIST, fill_history,
		r.v[0]);
out:
	hak_request_release(&r);
	return rc;
}

static int
cmd_history(struct hak_cli *c)
{
	const struct opts *o = c->opts;

	return hak_cli_history(c, &hak_request_hist, hak_request_hist_cols,
		keycols, o->all);
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
	if ((rc = hak_request_import(c->db, &o, op->update, &st, &c->err)))
		return rc;
	hak_cli_import_summary(c, &op->imp, &st);
	return HAK_OK;
}

static const char *const statuses[] = { "new", "assigned", "in_progress",
	"waiting", "resolved", "closed", "rejected", "withdrawn", NULL };
static const char *const priorities[] = { "low", "normal", "high", "urgent",
	NULL };
static const char *const channels[] = { "web", "phone", "visit", "document",
	"email", NULL };
static const char *const datefields[] = { "received", "resolved", "closed",
	"due", NULL };
static const char *const sorts[] = { "id", "external_id", "received_at",
	"school", "school_name", "category", "department", "priority",
	"channel", "status", "assignee", "project", "title", "due_on",
	"first_response_at", "resolved_at", "closed_at", "rating", NULL };

#define S struct opts
#define REQ HAK_OPTF_REQ

static const struct hak_opt new_opts[] = {
	HAK_OPT_KEY(0, "school", S, in.school, "S", REQ, hak_school_codes,
		"the school (code, name or alias)"),
	HAK_OPT_KEY(0, "category", S, in.category, "C", REQ,
		hak_request_categories, "the category"),
	HAK_OPT_STRING(0, "title", S, in.title, "T", REQ, "the title"),
	HAK_OPT_STRING('m', "message", S, message, "BODY", 0,
		"the body ('-': read stdin)"),
	HAK_OPT_ENUM(0, "priority", S, in.priority, "P", 0, priorities,
		"the priority (default: the category's)"),
	HAK_OPT_ENUM(0, "channel", S, in.channel, "C", 0, channels,
		"how it came in"),
	HAK_OPT_STRING(0, "requester", S, in.requester, "NAME", 0,
		"who asked"),
	HAK_OPT_KEY(0, "project", S, in.project, "CODE", 0,
		hak_request_projects, "the project it belongs to"),
	HAK_OPT_KEY(0, "dept", S, in.dept, "D", 0, hak_request_depts,
		"the department (default: the category's)"),
	HAK_OPT_STRING(0, "external-id", S, in.external_id, "X", 0,
		"its id elsewhere: the same X twice is one request"),
	HAK_OPT_END()
};

#define MSG(arg, fl, h) HAK_OPT_STRING('m', "message", S, message, arg, fl, h)
#define ACT HAK_OPT_ACT(S, act), HAK_OPT_END()

static const struct hak_opt assign_opts[] = {
	HAK_OPT_KEY(0, "to", S, a.to, "STAFF", REQ, hak_request_staff,
		"the staff member"),
	ACT
};
static const struct hak_opt act_opts[] = { ACT };
static const struct hak_opt msg_opts[] = {
	MSG("TEXT", REQ, "the note ('-': read stdin)"), ACT
};
static const struct hak_opt optmsg_opts[] = {
	MSG("TEXT", 0, "a note ('-': read stdin)"), ACT
};
static const struct hak_opt rate_opts[] = {
	HAK_OPT_INT(0, "rating", S, rating, "N", 1, 5, 0, REQ,
		"the school's rating, 1 to 5"),
	ACT
};
static const struct hak_opt set_opts[] = {
	HAK_OPT_KEY(0, "category", S, a.category, "C", 0,
		hak_request_categories, "the category"),
	HAK_OPT_ENUM(0, "priority", S, a.priority, "P", 0, priorities,
		"the priority"),
	HAK_OPT_KEY(0, "dept", S, a.dept, "D", 0, hak_request_depts,
		"the department"),
	HAK_OPT_STRING(0, "title", S, a.title, "T", 0, "the title"),
	HAK_OPT_KEY(0, "project", S, a.project, "P", 0, hak_request_projects,
		"the project ('' for none)"),
	ACT
};
static const struct hak_opt redact_opts[] = {
	HAK_OPT_STRING(0, "before", S, before, "DATE", HAK_OPTF_OPERAND,
		"every closed request received before DATE"),
	ACT
};
static const struct hak_opt list_opts[] = {
	HAK_OPT_LIST(0, "status", S, status, "S,...", 0, statuses,
		"in these states (codes or labels)"),
	HAK_OPT_BOOL(0, "open", S, open, 0, "not resolved, closed, ..."),
	HAK_OPT_BOOL(0, "overdue", S, overdue, 0, "open past the due date"),
	HAK_OPT_KEY(0, "dept", S, dept, "D", 0, hak_request_depts,
		"of this department"),
	HAK_OPT_KEY(0, "school", S, school, "S", 0, hak_school_codes,
		"of this school"),
	HAK_OPT_KEY(0, "category", S, category, "C", 0,
		hak_request_categories, "of this category"),
	HAK_OPT_KEY(0, "assignee", S, assignee, "A", 0, hak_request_staff,
		"assigned to this staff member"),
	HAK_OPT_KEY(0, "project", S, project, "P", 0, hak_request_projects,
		"of this project"),
	HAK_OPT_STRING(0, "search", S, search, "TEXT", 0,
		"TEXT in the title, body or notes"),
	HAK_OPT_PERIOD(S, period),
	HAK_OPT_ENUM(0, "date-field", S, date_field, "F", 0, datefields,
		"the date the period is about (default: received)"),
	HAK_OPT_ENUM(0, "sort", S, sort, "[-]F[,...]", 0, sorts,
		"sort by these columns ('-': descending)"),
	HAK_OPT_INT(0, "limit", S, limit, "N", 1, 1000000000LL, 0, 0,
		"at most N rows"),
	HAK_OPT_END()
};
static const struct hak_opt history_opts[] = {
	HAK_OPT_BOOL(0, "all", S, all, HAK_OPTF_OPERAND,
		"every request's history"),
	HAK_OPT_END()
};
static const struct hak_opt import_opts[] = {
	HAK_OPT_BOOL(0, "update", S, update, 0,
		"update the requests already there"),
	HAK_OPT_IMPORT(S, imp),
	HAK_OPT_END()
};

#define W (HAK_VERB_DB | HAK_VERB_WRITE)
#define R (HAK_VERB_DB | HAK_VERB_OUT)
#define IDS "ID... | -"
#define V(name, fn, operands, table, flags, help) \
	{ name, fn, operands, table, sizeof(S), flags, help }

static const struct hak_cli_verb verbs[] = {
	V("new", cmd_new, "", new_opts, W, "record a new request"),
	V("assign", cmd_assign, IDS, assign_opts, W, "assign requests"),
	V("start", cmd_start, IDS, act_opts, W, "start work on requests"),
	V("wait", cmd_wait, IDS, act_opts, W, "wait on the school"),
	V("resolve", cmd_resolve, IDS, msg_opts, W, "resolve requests"),
	V("close", cmd_close, IDS, act_opts, W, "close resolved requests"),
	V("reject", cmd_reject, IDS, msg_opts, W, "reject requests"),
	V("withdraw", cmd_withdraw, IDS, optmsg_opts, W,
		"the school withdrew them"),
	V("reopen", cmd_reopen, IDS, optmsg_opts, W, "reopen requests"),
	V("rate", cmd_rate, IDS, rate_opts, W, "record the school's rating"),
	V("note", cmd_note, IDS, msg_opts, W, "add a note"),
	V("set", cmd_set, IDS, set_opts, W, "change requests' fields"),
	V("redact", cmd_redact, IDS, redact_opts, W,
		"remove personal text from closed requests"),
	V("list", cmd_list, "", list_opts, R, "the requests, filtered"),
	V("show", cmd_show, "ID", NULL, R,
		"one request, its notes and its history"),
	V("history", cmd_history, IDS, history_opts, R,
		"the history of requests"),
	V("import", cmd_import, "FILE", import_opts, W,
		"add requests from CSV"),
	V("export", cmd_export, "", NULL, R, "every request, every column"),
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};

static const struct hak_cli_values operands[] = {
	{ "id", NULL, NULL },
	{ NULL, NULL, NULL }
};

static const struct hak_cli_prog prog = {
	"hak-request",
	"Support requests from schools: intake, routing, assignment, "
	"lifecycle, SLA, history.",
	verbs,
	operands
};

int
main(int argc, char **argv)
{
	return hak_cli_main(argc, argv, &prog);
}
