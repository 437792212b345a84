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

/* --year Y (a year or a period within one year), else the year of now. */
static int
year_opt(struct hak_cli *c, int *year)
{
	*year = hak_school_year_now(c->db);
	return hak_cli_year(c, "year", year);
}

static int
cmd_import(struct hak_cli *c)
{
	struct hak_import_opts o;
	struct hak_import_stats st;
	int rc, year;

	if ((rc = hak_cli_import_opts(c, &o)) || (rc = hak_cli_no_operands(c, 1)) ||
		(rc = year_opt(c, &year)))
		return rc;
	if ((rc = hak_school_import(c->db, &o, year, &st, &c->err)))
		return rc;
	hak_cli_import_summary(c, &st);
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
	struct hak_school_filter f = { 0 };
	struct hak_err e;
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = year_opt(c, &f.year)))
		return rc;
	if ((f.level = hak_cli_opt(c, "level")) &&
		hak_school_level_parse(f.level, &f.level, &e))
		return hak_err_set(&c->err, HAK_EUSAGE, "--level: %s", e.msg);
	f.district = hak_cli_opt(c, "district");
	f.name = hak_cli_opt(c, "name");
	return listing(c, &f);
}

static int
cmd_export(struct hak_cli *c)
{
	struct hak_school_filter f = { 0 };
	int rc;

	if ((rc = hak_cli_no_operands(c, 0)) || (rc = year_opt(c, &f.year)))
		return rc;
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
	struct hak_school_change ch = { 0 };
	struct hak_strv keys = HAK_STRV_INIT;
	struct hak_school *done = NULL;
	struct hak_out_opts oo = { 0 };
	struct hak_school_cells cells;
	struct hak_out *o = NULL;
	unsigned flags = 0;
	size_t i, n = 0;
	int rc, prc;

	if ((rc = year_opt(c, &ch.year)))
		return rc;
	ch.name = hak_cli_opt(c, "name");
	ch.aliases = hak_cli_opt(c, "aliases");
	ch.level = hak_cli_opt(c, "level");
	ch.district = hak_cli_opt(c, "district");
	ch.opened = hak_cli_opt(c, "opened");
	ch.students = hak_cli_opt(c, "students");
	ch.teachers = hak_cli_opt(c, "teachers");
	ch.classes = hak_cli_opt(c, "classes");
	if (!ch.name && !ch.aliases && !ch.level && !ch.district &&
		!ch.opened && !ch.students && !ch.teachers && !ch.classes)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"set: nothing to change (give --name, --level, ...)");
	if ((rc = hak_school_change_check(&ch, &c->err)))
		return rc;
	if ((rc = hak_cli_keys(c, 0, keycols, &keys)))
		return rc;
	if (hak_cli_has(c, "keep-going"))
		flags |= HAK_SCHOOL_KEEP_GOING;
	if (hak_cli_has(c, "dry-run"))
		flags |= HAK_SCHOOL_DRY_RUN;
	rc = hak_school_set(c->db, &keys, &ch, flags, stderr,
		hak_cli_progname(), &done, &n, &c->err);
	/* an empty listing is still a header, for the next in a pipe */
	if (hak_cli_has(c, "print") && (n || rc == HAK_OK)) {
		oo.fmt = HAK_FMT_CSV;
		oo.fp = stdout;
		prc = hak_out_open(&o, &oo, hak_school_cols, HAK_SCHOOL_NCOLS,
			&c->err);
		for (i = 0; !prc && i < n; i++) {
			hak_school_cells(&done[i], &cells);
			prc = hak_out_row(o, cells.v, &c->err);
		}
		if (prc)
			hak_out_abort(o);
		else
			prc = hak_out_close(o, &c->err);
		if (prc)
			rc = hak_code_worst(rc, prc);
	}
	for (i = 0; i < n; i++)
		hak_school_release(&done[i]);
	free(done);
	hak_strv_clear(&keys);
	return rc;
}

static const struct hak_cli_opt opts[] = {
	{ "name", 0, HAK_ARG_REQUIRED },
	{ "aliases", 0, HAK_ARG_REQUIRED },
	{ "level", 0, HAK_ARG_REQUIRED },
	{ "district", 0, HAK_ARG_REQUIRED },
	{ "students", 0, HAK_ARG_REQUIRED },
	{ "teachers", 0, HAK_ARG_REQUIRED },
	{ "classes", 0, HAK_ARG_REQUIRED },
	{ "opened", 0, HAK_ARG_REQUIRED },
	{ NULL, 0, 0 }
};

static const struct hak_cli_verb verbs[] = {
	{ "import", cmd_import, "year encoding skip-invalid rejects dry-run",
		HAK_VERB_DB | HAK_VERB_WRITE,
		"FILE [--year Y] [--encoding E] [--skip-invalid] "
		"[--rejects FILE] [--dry-run]" },
	{ "list", cmd_list, "level district name year", HAK_VERB_DB |
		HAK_VERB_OUT,
		"[--level L] [--district D] [--name SUBSTR] [--year Y]" },
	{ "show", cmd_show, "year", HAK_VERB_DB | HAK_VERB_OUT,
		"CODE [--year Y]" },
	{ "set", cmd_set, "name aliases level district students teachers "
		"classes opened year keep-going print dry-run",
		HAK_VERB_DB | HAK_VERB_WRITE,
		"CODE... | - [--name N] [--aliases A] [--level L] "
		"[--district D] [--students N] [--teachers N] [--classes N] "
		"[--opened DATE] [--year Y] [--keep-going] [--print] "
		"[--dry-run]" },
	{ "export", cmd_export, "year", HAK_VERB_DB | HAK_VERB_OUT,
		"[--year Y]" },
	{ NULL, NULL, NULL, 0, NULL }
};

static const char *const levels[] = { "kindergarten", "elementary",
	"middle", "high", "special", "other", NULL };
static const struct hak_cli_values values[] = {
	{ "level", levels, NULL },
	{ "code", NULL, hak_school_codes },
	{ "school", NULL, hak_school_codes },
	{ "district", NULL, hak_school_districts },
	{ NULL, NULL, NULL }
};

static const struct hak_cli_prog prog = {
	"hak-school",
	"The registry of schools served.",
	opts,
	verbs,
	values
};

int
main(int argc, char **argv)
{
	return hak_cli_main(argc, argv, &prog);
}
