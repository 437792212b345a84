/* SPDX-License-Identifier: MIT */
/* hak-request: support requests from intake to satisfaction (SPEC 5.2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hak/cli.h"
#include "hak/csvio.h"
#include "hak/date.h"
#include "hak/import.h"
#include "hak/org.h"
#include "hak/out.h"
#include "hak/request.h"
#include "hak/school.h"
#include "hak/text.h"

static const char *const keycols[] = { "id", NULL };

static int
get_keys(struct hak_cli *c, struct hak_strv *keys)
{
	return hak_cli_keys(c, 0, keycols, keys);
}

/* An option that must be non-empty text. */
static int
need(struct hak_cli *c, const char *name, const char **v)
{
	*v = hak_cli_opt(c, name);
	if (!*v || !**v)
		return hak_err_set(&c->err, HAK_EUSAGE, "%s: --%s is required",
			c->verb->name, name);
	return HAK_OK;
}

/* Enumerated option values are usage errors (exit 2) when bad. */
static int
enum_opt(struct hak_cli *c, const char *name,
	int (*parse)(const char *, const char **, struct hak_err *))
{
	const char *v = hak_cli_opt(c, name), *code;
	struct hak_err e;

	hak_err_clear(&e);
	if (v && parse(v, &code, &e))
		return hak_err_set(&c->err, HAK_EUSAGE, "--%s: %s", name, e.msg);
	return HAK_OK;
}

static int
cmd_new(struct hak_cli *c)
{
	struct hak_request_new in = { 0 };
	char *body = NULL;
	long long id;
	bool existed;
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = need(c, "school", &in.school)) ||
		(rc = need(c, "category", &in.category)) ||
		(rc = need(c, "title", &in.title)) ||
		(rc = enum_opt(c, "priority", hak_request_priority_parse)) ||
		(rc = enum_opt(c, "channel", hak_request_channel_parse)))
		return rc;
	if ((rc = hak_cli_message(c, &body)))
		return rc;
	in.body = body;
	in.priority = hak_cli_opt(c, "priority");
	in.channel = hak_cli_opt(c, "channel");
	in.requester = hak_cli_opt(c, "requester");
	in.project = hak_cli_opt(c, "project");
	in.dept = hak_cli_opt(c, "dept");
	in.external_id = hak_cli_opt(c, "external-id");
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
	struct hak_out_opts oo = { 0 };
	const char *cells[HAK_REQUEST_NLIST];
	struct hak_out *o = NULL;
	size_t i;
	int rc;

	oo.fmt = HAK_FMT_CSV;
	oo.fp = stdout;
	if ((rc = hak_out_open(&o, &oo, hak_request_list_cols,
		HAK_REQUEST_NLIST, &c->err)))
		return rc;
	for (i = 0; !rc && i < n; i++) {
		hak_request_list_cells(&done[i], cells);
		rc = hak_out_row(o, cells, &c->err);
	}
	if (rc) {
		hak_out_abort(o);
		return rc;
	}
	return hak_out_close(o, &c->err);
}

/* The action commands: keys, the action, --keep-going, --dry-run, --print. */
static int
act(struct hak_cli *c, struct hak_request_action *a, struct hak_strv *keys)
{
	struct hak_request *done = NULL;
	unsigned flags = 0;
	size_t i, n = 0;
	int rc, prc;

	if (hak_cli_has(c, "keep-going"))
		flags |= HAK_REQUEST_KEEP_GOING;
	if (hak_cli_has(c, "dry-run"))
		flags |= HAK_REQUEST_DRY_RUN;
	rc = hak_request_act(c->db, keys, a, flags, stderr, hak_cli_progname(),
		&done, &n, &c->err);
	if (hak_cli_has(c, "print") && n) {
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
	const char *m = hak_cli_opt(c, "message");
	int rc;

	*text = NULL;
	if (m && !strcmp(m, "-") && c->argc == 1 && !strcmp(c->argv[0], "-"))
		return hak_err_set(&c->err, HAK_EUSAGE, "%s: keys and -m cannot "
			"both come from stdin", c->verb->name);
	if ((rc = hak_cli_message(c, text)))
		return rc;
	return get_keys(c, keys);
}

static int
action(struct hak_cli *c, enum hak_request_cmd cmd)
{
	struct hak_request_action a = { 0 };
	struct hak_strv keys = HAK_STRV_INIT;
	char *text = NULL;
	long long rating = 0;
	int rc;

	a.cmd = cmd;
	switch (cmd) {
	case HAK_RQ_ASSIGN:
		if ((rc = need(c, "to", &a.to)))
			return rc;
		break;
	case HAK_RQ_RESOLVE:
	case HAK_RQ_REJECT:
	case HAK_RQ_NOTE:
		if (!hak_cli_has(c, "message"))
			return hak_err_set(&c->err, HAK_EUSAGE,
				"%s: -m TEXT is required", c->verb->name);
		break;
	case HAK_RQ_RATE:
		if (!hak_cli_has(c, "rating"))
			return hak_err_set(&c->err, HAK_EUSAGE,
				"rate: --rating N is required");
		if ((rc = hak_cli_int(c, "rating", 1, 5, &rating)))
			return rc;
		a.rating = (int)rating;
		break;
	case HAK_RQ_SET:
		a.category = hak_cli_opt(c, "category");
		a.priority = hak_cli_opt(c, "priority");
		a.dept = hak_cli_opt(c, "dept");
		a.title = hak_cli_opt(c, "title");
		a.project = hak_cli_opt(c, "project");
		if (!a.category && !a.priority && !a.dept && !a.title &&
			!a.project)
			return hak_err_set(&c->err, HAK_EUSAGE, "set: nothing "
				"to change (give --category, --priority, ...)");
		if ((rc = enum_opt(c, "priority", hak_request_priority_parse)))
			return rc;
		break;
	default:
		break;
	}
	if (cmd == HAK_RQ_REDACT && hak_cli_has(c, "before")) {
		struct hak_err e;

		hak_err_clear(&e);
		if (hak_input_date(hak_cli_opt(c, "before"), &a.before, &e))
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
	struct hak_strv vals = HAK_STRV_INIT;
	const char *p, *q, *code;
	struct hak_err e;
	char *item;
	size_t i;
	int rc = HAK_OK;

	hak_cli_optv(c, "status", &vals);
	for (i = 0; !rc && i < vals.n; i++) {
		for (p = vals.v[i]; !rc && *p; p = *q ? q + 1 : q) {
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
	hak_strv_clear(&vals);
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
	struct hak_request_filter f = { 0 };
	struct hak_strv st = HAK_STRV_INIT;
	const char *school = hak_cli_opt(c, "school");
	char *code = NULL, *search = NULL;
	long long limit = 0;
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = status_list(c, &st)))
		goto out;
	f.status = (const char *const *)st.v;
	f.nstatus = st.n;
	f.open = hak_cli_has(c, "open");
	f.overdue = hak_cli_has(c, "overdue");
	f.dept = hak_cli_opt(c, "dept");
	f.category = hak_cli_opt(c, "category");
	f.assignee = hak_cli_opt(c, "assignee");
	f.project = hak_cli_opt(c, "project");
	f.sort = hak_cli_opt(c, "sort");
	if ((rc = hak_request_sort_check(f.sort, &c->err)) ||
		(rc = hak_cli_int(c, "limit", 1, 1000000000LL, &limit)))
		goto out;
	f.limit = limit;
	if (hak_cli_has(c, "date-field") && (rc = hak_request_datefield_parse(
		hak_cli_opt(c, "date-field"), &f.datefield, &c->err)))
		goto out;
	if ((rc = hak_cli_period(c, &f.period, &f.has_period)) ||
		(rc = known(c, "dept", &f.dept)) ||
		(rc = known(c, "category", &f.category)) ||
		(rc = known(c, "assignee", &f.assignee)))
		goto out;
	if (hak_cli_has(c, "search") &&
		!(search = hak_text_clean(hak_cli_opt(c, "search")))) {
		rc = hak_err_set(&c->err, HAK_EUSAGE, "--search: no text");
		goto out;
	}
	f.search = search;
	if (school) {
		if ((rc = hak_school_find(c->db, school, &code, &c->err)))
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
	struct hak_out *o;
	struct hak_err *err;
	const char *id;
};

static int
hist_row(void *ctx, const char *const *cells)
{
	struct rows *r = ctx;

	return hak_out_row(r->o, cells, r->err);
}

static const struct hak_col note_cols[] = {
	{ "seq", HAK_COL_NUM },
	{ "at", HAK_COL_TEXT },
	{ "actor", HAK_COL_TEXT },
	{ "text", HAK_COL_TEXT }
};

static int
note_row(void *ctx, const char *const cells[4])
{
	struct rows *r = ctx;

	return hak_out_row(r->o, cells, r->err);
}

/* One block of show: open, fill, close. */
static int
block(struct hak_cli *c, const struct hak_col *cols, size_t n,
	int (*fill)(struct hak_cli *c, struct rows *r), const char *id)
{
	struct rows r = { NULL, &c->err, id };
	int rc;

	if ((rc = hak_out_open(&r.o, &c->out, cols, n, &c->err)))
		return rc;
	if ((rc = fill(c, &r))) {
		hak_out_abort(r.o);
		return rc;
	}
	return hak_out_close(r.o, &c->err);
}

static int
fill_notes(struct hak_cli *c, struct rows *r)
{
	return hak_request_notes(c->db, r->id, note_row, r, &c->err);
}

static int
fill_history(struct hak_cli *c, struct rows *r)
{
	return hak_request_history(c->db, r->id, hist_row, r, &c->err);
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
	struct hak_strv keys = HAK_STRV_INIT;
	struct rows r = { NULL, &c->err, NULL };
	size_t i;
	int rc;

	if (hak_cli_has(c, "all")) {
		if ((rc = hak_cli_no_operands(c, 0)))
			return rc;
	} else if ((rc = get_keys(c, &keys))) {
		return rc;
	}
	if ((rc = hak_cli_out_open(c, hak_request_hist_cols,
		HAK_REQUEST_NHIST, &r.o)))
		goto out;
	if (hak_cli_has(c, "all"))
		rc = hak_request_history(c->db, NULL, hist_row, &r, &c->err);
	for (i = 0; !rc && i < keys.n; i++)
		rc = hak_request_history(c->db, keys.v[i], hist_row, &r,
			&c->err);
	if (rc)
		hak_out_abort(r.o);
	else
		rc = hak_cli_out_close(c, r.o);
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
	if ((rc = hak_request_import(c->db, &o, hak_cli_has(c, "update"), &st,
		&c->err)))
		return rc;
	hak_cli_import_summary(c, &st);
	return HAK_OK;
}

static const struct hak_cli_opt opts[] = {
	{ "school", 0, HAK_ARG_REQUIRED },
	{ "category", 0, HAK_ARG_REQUIRED },
	{ "title", 0, HAK_ARG_REQUIRED },
	{ "priority", 0, HAK_ARG_REQUIRED },
	{ "channel", 0, HAK_ARG_REQUIRED },
	{ "requester", 0, HAK_ARG_REQUIRED },
	{ "project", 0, HAK_ARG_REQUIRED },
	{ "dept", 0, HAK_ARG_REQUIRED },
	{ "external-id", 0, HAK_ARG_REQUIRED },
	{ "to", 0, HAK_ARG_REQUIRED },
	{ "rating", 0, HAK_ARG_REQUIRED },
	{ "before", 0, HAK_ARG_REQUIRED },
	{ "search", 0, HAK_ARG_REQUIRED },
	{ "status", 0, HAK_ARG_REQUIRED },
	{ "open", 0, HAK_ARG_NONE },
	{ "overdue", 0, HAK_ARG_NONE },
	{ "assignee", 0, HAK_ARG_REQUIRED },
	{ "period", 0, HAK_ARG_REQUIRED },
	{ "since", 0, HAK_ARG_REQUIRED },
	{ "until", 0, HAK_ARG_REQUIRED },
	{ "date-field", 0, HAK_ARG_REQUIRED },
	{ "sort", 0, HAK_ARG_REQUIRED },
	{ "limit", 0, HAK_ARG_REQUIRED },
	{ "all", 0, HAK_ARG_NONE },
	{ NULL, 0, 0 }
};

#define ACT "keep-going print dry-run"
#define ACT_SYN "[--keep-going] [--print] [--dry-run]"
#define W (HAK_VERB_DB | HAK_VERB_WRITE)
#define R (HAK_VERB_DB | HAK_VERB_OUT)

static const struct hak_cli_verb verbs[] = {
	{ "new", cmd_new, "school category title message priority channel "
		"requester project dept external-id", W,
		"--school S --category C --title T [-m BODY] [--priority P] "
		"[--channel C] [--requester NAME] [--project CODE] [--dept D] "
		"[--external-id X]" },
	{ "assign", cmd_assign, "to " ACT, W,
		"ID... | - --to STAFF " ACT_SYN },
	{ "start", cmd_start, ACT, W, "ID... | - " ACT_SYN },
	{ "wait", cmd_wait, ACT, W, "ID... | - " ACT_SYN },
	{ "resolve", cmd_resolve, "message " ACT, W,
		"ID... | - -m TEXT " ACT_SYN },
	{ "close", cmd_close, ACT, W, "ID... | - " ACT_SYN },
	{ "reject", cmd_reject, "message " ACT, W,
		"ID... | - -m TEXT " ACT_SYN },
	{ "withdraw", cmd_withdraw, "message " ACT, W,
		"ID... | - [-m TEXT] " ACT_SYN },
	{ "reopen", cmd_reopen, "message " ACT, W,
		"ID... | - [-m TEXT] " ACT_SYN },
	{ "rate", cmd_rate, "rating " ACT, W,
		"ID... | - --rating N " ACT_SYN },
	{ "note", cmd_note, "message " ACT, W,
		"ID... | - -m TEXT " ACT_SYN },
	{ "set", cmd_set, "category priority dept title project " ACT, W,
		"ID... | - [--category C] [--priority P] [--dept D] "
		"[--title T] [--project P] " ACT_SYN },
	{ "redact", cmd_redact, "before " ACT, W,
		"ID... | - | --before DATE " ACT_SYN },
	{ "list", cmd_list, "status open overdue dept school category "
		"assignee project search period since until date-field sort "
		"limit", R,
		"[--status S,...] [--open] [--overdue] [--dept D] [--school S] "
		"[--category C] [--assignee A] [--project P] [--search TEXT] "
		"[--period P | --since P --until P] [--date-field F] "
		"[--sort [-]F[,...]] [--limit N]" },
	{ "show", cmd_show, NULL, R, "ID" },
	{ "history", cmd_history, "all", R, "ID... | - | --all" },
	{ "import", cmd_import, "encoding skip-invalid rejects dry-run update",
		W, "FILE [--update] [--encoding E] [--skip-invalid] "
		"[--rejects FILE] [--dry-run]" },
	{ "export", cmd_export, NULL, R, "" },
	{ NULL, NULL, NULL, 0, NULL }
};

static const char *const statuses[] = { "new", "assigned", "in_progress",
	"waiting", "resolved", "closed", "rejected", "withdrawn", NULL };
static const char *const priorities[] = { "low", "normal", "high", "urgent",
	NULL };
static const char *const channels[] = { "web", "phone", "visit", "document",
	"email", NULL };
static const char *const datefields[] = { "received", "resolved", "closed",
	"due", NULL };
static const char *const ratings[] = { "1", "2", "3", "4", "5", NULL };
static const char *const sorts[] = { "id", "external_id", "received_at",
	"school", "school_name", "category", "department", "priority",
	"channel", "status", "assignee", "project", "title", "due_on",
	"first_response_at", "resolved_at", "closed_at", "rating", NULL };

static const struct hak_cli_values values[] = {
	{ "status", statuses, NULL },
	{ "priority", priorities, NULL },
	{ "channel", channels, NULL },
	{ "date-field", datefields, NULL },
	{ "rating", ratings, NULL },
	{ "sort", sorts, NULL },
	{ "category", NULL, hak_request_categories },
	{ "dept", NULL, hak_request_depts },
	{ "to", NULL, hak_request_staff },
	{ "assignee", NULL, hak_request_staff },
	{ "school", NULL, hak_school_codes },
	{ "project", NULL, hak_request_projects },
	{ NULL, NULL, NULL }
};

static const struct hak_cli_prog prog = {
	"hak-request",
	"Support requests from schools: intake, routing, assignment, "
	"lifecycle, SLA, history.",
	opts,
	verbs,
	values
};

int
main(int argc, char **argv)
{
	return hak_cli_main(argc, argv, &prog);
}
