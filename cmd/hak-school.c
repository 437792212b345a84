/* SPDX-License-Identifier: MIT */
/* hak-school: the registry of schools served (SPEC 4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool/cli.h"
#include "hak/csvio.h"
#include "hak/import.h"
#include "tool/out.h"
#include "hak/school.h"

static const char *const keycols[] = { "school", "code", NULL };

/* Every verb's options, one struct (each verb's table names its own). */
struct opts {
	const char *year;
	struct hak_cli_import imp;
	const char *level, *district, *name, *status;
	bool all;
	struct hak_school_change ch;	/* set's fields; .year apart */
	struct hak_cli_act act;
};

/* --year Y (a year or a period within one year), else the year of now. */
static int
year_opt(struct hak_cli *c, int *year)
{
	const struct opts *o = c->opts;

	*year = hak_school_year_now(c->db);
	return hak_cli_year(c, "year", o->year, year);
}

static int
cmd_import(struct hak_cli *c)
{
	const struct opts *op = c->opts;
	struct hak_import_opts o;
	struct hak_import_stats st;
	int rc, year;

	if ((rc = hak_cli_import_opts(c, &op->imp, &o)) ||
		(rc = hak_cli_no_operands(c, 1)) || (rc = year_opt(c, &year)))
		return rc;
	if ((rc = hak_school_import(c->db, &o, year, &st, &c->err)))
		return rc;
	hak_cli_import_summary(c, &op->imp, &st);
	return HAK_OK;
}

struct emit {
	struct hak_out *o;
	struct hak_err *err;
};

static int
emit_row(void *ctx, const struct hak_school *s)
{
	struct emit *e = ctx;
	struct hak_school_cells cells;

	hak_school_cells(s, &cells);
	return hak_out_row(e->o, cells.v, e->err);
}

/* list and export: the schools passing f. */
static int
listing(struct hak_cli *c, struct hak_school_filter *f)
{
	struct emit e = { NULL, &c->err };
	int rc;

	if ((rc = hak_cli_out_open(c, hak_school_cols, HAK_SCHOOL_NCOLS,
		&e.o)))
		return rc;
	if ((rc = hak_school_each(c->db, f, emit_row, &e, &c->err))) {
		hak_out_abort(e.o);
		return rc;
	}
	return hak_cli_out_close(c, e.o);
}

static int
cmd_list(struct hak_cli *c)
{
	const struct opts *o = c->opts;
	struct hak_school_filter f = { 0 };
	struct hak_err e;
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = year_opt(c, &f.year)))
		return rc;
	if ((f.level = o->level) &&
		hak_school_level_parse(f.level, &f.level, &e))
		return hak_err_set(&c->err, HAK_EUSAGE, "--level: %s", e.msg);
	if ((f.status = o->status) &&
		hak_school_status_parse(f.status, &f.status, &e))
		return hak_err_set(&c->err, HAK_EUSAGE, "--status: %s", e.msg);
	if (f.status && o->all)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"--status and --all exclude each other");
	f.all = o->all;
	f.district = o->district;
	f.name = o->name;
	return listing(c, &f);
}

static int
cmd_export(struct hak_cli *c)
{
	struct hak_school_filter f = { 0 };
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = year_opt(c, &f.year)))
		return rc;
	f.all = true;	/* closed schools too */
	return listing(c, &f);
}

/* show: the columns of export, then students_Y, teachers_Y, classes_Y for
 * every year on record. */
struct show {
	struct hak_strv names;
	struct hak_strv cells;
};

static int
add_year(void *ctx, const struct hak_school *s)
{
	static const char *const what[3] = { "students", "teachers", "classes" };
	struct show *sh = ctx;
	long long v[3] = { s->students, s->teachers, s->classes };
	int i;

	for (i = 0; i < 3; i++) {
		hak_strv_push_owned(&sh->names, hak_xasprintf("%s_%d", what[i],
			s->year));
		hak_strv_push_owned(&sh->cells, v[i] < 0 ? NULL :
			hak_xasprintf("%lld", v[i]));
	}
	return 0;
}

static int
cmd_show(struct hak_cli *c)
{
	struct show sh = { HAK_STRV_INIT, HAK_STRV_INIT };
	struct hak_school s;
	struct hak_school_cells cells;
	struct hak_col *cols = NULL;
	char *code = NULL;
	size_t i, n;
	int rc, year;

	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"show: a school CODE is required");
	if ((rc = hak_cli_no_operands(c, 1)) || (rc = year_opt(c, &year)))
		return rc;
	if ((rc = hak_school_find(c->db, c->argv[0], &code, &c->err)))
		return rc;
	rc = hak_school_get(c->db, code, year, &s, &c->err);
	free(code);
	if (rc)
		return rc;
	hak_school_cells(&s, &cells);
	for (i = 0; i < HAK_SCHOOL_NCOLS; i++) {
		hak_strv_push(&sh.names, hak_school_cols[i].name);
		hak_strv_push(&sh.cells, cells.v[i]);
	}
	if ((rc = hak_school_years(c->db, s.code, add_year, &sh, &c->err)))
		goto out;
	n = sh.names.n;
	cols = hak_xcalloc(n, sizeof(*cols));
	for (i = 0; i < n; i++) {
		cols[i].name = sh.names.v[i];
		cols[i].type = i < HAK_SCHOOL_NCOLS ? hak_school_cols[i].type :
			HAK_COL_NUM;
	}
	rc = hak_cli_record(c, cols, n, (const char *const *)sh.cells.v);
out:
	free(cols);
	hak_strv_clear(&sh.names);
	hak_strv_clear(&sh.cells);
	hak_school_release(&s);
	return rc;
}

static int
cmd_set(struct hak_cli *c)
{
	const struct opts *o = c->opts;
	struct hak_school_change ch = o->ch;
	struct hak_strv keys = HAK_STRV_INIT;
	struct hak_school *done = NULL;
	struct hak_school_cells *cells = NULL;
	const char **rows;
	unsigned flags = 0;
	size_t i, n = 0;
	int rc, prc;

	if ((rc = year_opt(c, &ch.year)))
		return rc;
	if (!ch.name && !ch.aliases && !ch.level && !ch.district &&
		!ch.opened && !ch.students && !ch.teachers && !ch.classes &&
		!ch.codes && !ch.status && !ch.closed_on)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"set: nothing to change (give --name, --level, ...)");
	if ((rc = hak_school_change_check(&ch, &c->err)))
		return rc;
	if ((rc = hak_cli_keys(c, 0, keycols, &keys)))
		return rc;
	if (o->act.keep_going)
		flags |= HAK_SCHOOL_KEEP_GOING;
	if (o->act.dry_run)
		flags |= HAK_SCHOOL_DRY_RUN;
	rc = hak_school_set(c->db, &keys, &ch, flags, stderr,
		hak_cli_progname(), &done, &n, &c->err);
	/* an empty listing is still a header, for the next in a pipe */
	if (o->act.print && (n || rc == HAK_OK)) {
		/* the cells point into cells[i].num: one row after another */
		cells = hak_xcalloc(n ? n : 1, sizeof(*cells));
		rows = hak_xcalloc(n ? n * HAK_SCHOOL_NCOLS : 1, sizeof(*rows));
		for (i = 0; i < n; i++) {
			hak_school_cells(&done[i], &cells[i]);
			memcpy(rows + i * HAK_SCHOOL_NCOLS, cells[i].v,
				sizeof(cells[i].v));
		}
		prc = hak_cli_print_rows(c, hak_school_cols, HAK_SCHOOL_NCOLS,
			rows, HAK_SCHOOL_NCOLS, n);
		free(rows);
		free(cells);
		if (prc)
			rc = hak_code_worst(rc, prc);
	}
	for (i = 0; i < n; i++)
		hak_school_release(&done[i]);
	free(done);
	hak_strv_clear(&keys);
	return rc;
}

static int
cmd_history(struct hak_cli *c)
{
	return hak_cli_history(c, &hak_school_history, hak_school_hist_cols,
		keycols, false);
}

#define YEAR_OPT HAK_OPT_STRING(0, "year", struct opts, year, "Y", 0, \
	"the school year's figures (default: this year)")

static const struct hak_opt import_opts[] = {
	YEAR_OPT,
	HAK_OPT_IMPORT(struct opts, imp),
	HAK_OPT_END()
};

static const struct hak_opt list_opts[] = {
	HAK_OPT_ENUM(0, "level", struct opts, level, "L", 0, hak_school_levels,
		"schools of this level"),
	HAK_OPT_KEY(0, "district", struct opts, district, "D", 0,
		hak_school_districts, "schools of this district"),
	HAK_OPT_STRING(0, "name", struct opts, name, "SUBSTR", 0,
		"whose name or alias contains SUBSTR"),
	HAK_OPT_ENUM(0, "status", struct opts, status, "S", 0,
		hak_school_statuses, "schools of this status (default: open)"),
	HAK_OPT_BOOL(0, "all", struct opts, all, 0,
		"closed schools too"),
	YEAR_OPT,
	HAK_OPT_END()
};

static const struct hak_opt year_opts[] = {
	YEAR_OPT,
	HAK_OPT_END()
};

static const struct hak_opt set_opts[] = {
	HAK_OPT_STRING(0, "name", struct opts, ch.name, "N", 0, "the name"),
	HAK_OPT_STRING(0, "aliases", struct opts, ch.aliases, "A", 0,
		"other names, separated by ';'"),
	HAK_OPT_STRING(0, "codes", struct opts, ch.codes, "C", 0,
		"other codes, separated by ';'"),
	HAK_OPT_ENUM(0, "level", struct opts, ch.level, "L", 0,
		hak_school_levels, "the level"),
	HAK_OPT_KEY(0, "district", struct opts, ch.district, "D", 0,
		hak_school_districts, "the district"),
	HAK_OPT_ENUM(0, "status", struct opts, ch.status, "S", 0,
		hak_school_statuses, "open or closed"),
	HAK_OPT_STRING(0, "closed-on", struct opts, ch.closed_on, "DATE", 0,
		"the closing date"),
	HAK_OPT_STRING(0, "students", struct opts, ch.students, "N", 0,
		"students in the year"),
	HAK_OPT_STRING(0, "teachers", struct opts, ch.teachers, "N", 0,
		"teachers in the year"),
	HAK_OPT_STRING(0, "classes", struct opts, ch.classes, "N", 0,
		"classes in the year"),
	HAK_OPT_STRING(0, "opened", struct opts, ch.opened, "DATE", 0,
		"the opening date"),
	YEAR_OPT,
	HAK_OPT_ACT(struct opts, act),
	HAK_OPT_END()
};

#define W (HAK_VERB_DB | HAK_VERB_WRITE)
#define R (HAK_VERB_DB | HAK_VERB_OUT)

static const struct hak_cli_verb verbs[] = {
	{ "import", cmd_import, "FILE", import_opts, sizeof(struct opts), W,
		"add and update schools and their yearly figures from CSV" },
	{ "list", cmd_list, "", list_opts, sizeof(struct opts), R,
		"the schools, filtered" },
	{ "show", cmd_show, "CODE", year_opts, sizeof(struct opts), R,
		"one school, with its figures of every year" },
	{ "set", cmd_set, "CODE... | -", set_opts, sizeof(struct opts), W,
		"change schools" },
	{ "history", cmd_history, "CODE... | -", NULL, sizeof(struct opts), R,
		"the history of schools" },
	{ "export", cmd_export, "", year_opts, sizeof(struct opts), R,
		"every school, for a new import" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};

static const struct hak_cli_values operands[] = {
	{ "code", NULL, hak_school_codes },
	{ "school", NULL, hak_school_codes },
	{ NULL, NULL, NULL }
};

static const struct hak_cli_prog prog = {
	"hak-school",
	"The registry of schools served.",
	verbs,
	operands
};

int
main(int argc, char **argv)
{
	return hak_cli_main(argc, argv, &prog);
}
