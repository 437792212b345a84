/* SPDX-License-Identifier: MIT */
/*
 * `equity` (SPEC 5.6): support per 100 students per school in a period,
 * and how evenly it is spread: the Gini coefficient of support per
 * student over the schools with students, in total and by level and by
 * district, with the Lorenz curve.
 *
 * Each school's counts come from one query each, ordered by school code,
 * merged with the list of schools: requests received (first spans begun
 * in the period) and resolved (spans entering resolved in it), read from
 * the spans' covering index; participations dated in it.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "report_int.h"
#include "hak/stats.h"
#include "banned.h"

struct school {
	char *code, *name, *level, *district;
	long long students;	/* -1: none recorded */
	long long received, resolved, records;
};

static long long
support(const struct school *s)
{
	return s->received + s->records;
}

static bool
counted(const struct school *s)
{
	return s->students > 0;
}

static double
per100(const struct school *s)
{
	return counted(s) ? 100.0 * (double)support(s) /
		(double)s->students : NAN;
}

struct eq {
	struct school *v;
	size_t n, alloc;
};

static int
read_schools(struct hak_db *db, int year, struct eq *e, struct hak_err *err)
{
	static const char sql[] = "SELECT s.code, s.name, s.level, "
		"s.district, y.students FROM schools s LEFT JOIN school_years "
		"y ON y.school = s.code AND y.year = ? ORDER BY s.code";
	struct school *s;
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, sqlite3_bind_int(st, 1, year), err))) {
		sqlite3_finalize(st);
		return rc;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		HAK_ALLOC_GROW(e->v, e->n + 1, e->alloc);
		s = &e->v[e->n++];
		memset(s, 0, sizeof(*s));
		s->code = hak_db_col_dup(st, 0);
		s->name = hak_db_col_dup(st, 1);
		s->level = hak_db_col_dup(st, 2);
		s->district = hak_db_col_dup(st, 3);
		s->students = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 :
			sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? HAK_OK : hak_db_fail(db, src, err);
}

/* Rows of (school, count) in school order, merged into e's field at off. */
static int
merge_counts(struct hak_db *db, const char *sql, const struct hak_report_opts
	*o, size_t off, struct eq *e, struct hak_err *err)
{
	char first[HAK_DATE_LEN], last[HAK_DATE_LEN];
	const char *code;
	sqlite3_stmt *st;
	size_t i = 0;
	int rc, src, c;

	hak_day_format(o->period.first, first);
	hak_day_format(o->period.last, last);
	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	src = sqlite3_bind_int64(st, 1, o->period.start);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int64(st, 2, o->period.end);
	if (src == SQLITE_OK)
		src = hak_db_bind_text(st, 3, first);
	if (src == SQLITE_OK)
		src = hak_db_bind_text(st, 4, last);
	if ((rc = hak_db_bound(db, src, err))) {
		sqlite3_finalize(st);
		return rc;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(code = hak_db_col(st, 0)))
			continue;
		while (i < e->n && (c = strcmp(e->v[i].code, code)) < 0)
			i++;
		if (i < e->n && !c)
			*(long long *)((char *)&e->v[i] + off) =
				sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? HAK_OK : hak_db_fail(db, src, err);
}

static int
by_per100(const void *a, const void *b)
{
	const struct school *x = a, *y = b;
	double px = per100(x), py = per100(y);

	if (counted(x) != counted(y))
		return counted(x) ? -1 : 1;
	if (counted(x) && px != py)
		return px > py ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* The figures of a set of schools (all, a level, a district). */
struct agg {
	const char *key;
	size_t schools, with_students, no_support;
	long long students, support;
	struct hak_stats_vec {
		double *v;
		size_t n, alloc;
	} x;			/* support per student, counted schools */
};

static void
agg_add(struct agg *a, const struct school *s)
{
	a->schools++;
	if (!counted(s))
		return;
	a->with_students++;
	a->students += s->students;
	a->support += support(s);
	if (!support(s))
		a->no_support++;
	HAK_ALLOC_GROW(a->x.v, a->x.n + 1, a->x.alloc);
	a->x.v[a->x.n++] = (double)support(s) / (double)s->students;
}

#define NUMBUF 40

static void
agg_row(struct hak_doc *d, const struct agg *a)
{
	char c[5][NUMBUF];
	const char *cells[6] = { a->key, c[0], c[1], c[2], c[3], c[4] };

	snprintf(c[0], NUMBUF, "%zu", a->schools);
	snprintf(c[1], NUMBUF, "%zu", a->with_students);
	snprintf(c[2], NUMBUF, "%zu", a->no_support);
	hak_report_num(c[3], NUMBUF, a->students ? 100.0 *
		(double)a->support / (double)a->students : NAN);
	hak_report_num(c[4], NUMBUF, hak_stats_gini(a->x.v, a->x.n));
	hak_doc_row(d, cells);
}

static int
by_agg_key(const void *a, const void *b)
{
	return strcmp(((const struct agg *)a)->key,
		((const struct agg *)b)->key);
}

/* By level (k = 0) or district (1): a table, and the Gini in bars. */
static void
group_section(struct hak_doc *d, bool ko, const struct eq *e, int k)
{
	struct agg *g = NULL;
	size_t ng = 0, ag = 0, i, j;
	const char *key;
	double gini;

	hak_doc_section(d, k ? "districts" : "levels", hak_report_tr(ko,
		k ? "By district" : "By level"));
	for (i = 0; i < e->n; i++) {
		key = k ? e->v[i].district : e->v[i].level;
		key = key ? key : "(missing)";
		for (j = 0; j < ng && strcmp(g[j].key, key); j++)
			;
		if (j == ng) {
			HAK_ALLOC_GROW(g, ng + 1, ag);
			memset(&g[ng], 0, sizeof(*g));
			g[ng++].key = key;
		}
		agg_add(&g[j], &e->v[i]);
	}
	if (ng)
		qsort(g, ng, sizeof(*g), by_agg_key);
	hak_doc_table(d, k ? "districts" : "levels", NULL);
	hak_doc_col(d, k ? "district" : "level", HAK_DOC_TEXT, -1);
	hak_doc_col(d, "schools", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "with_students", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "no_support", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "support_per100", HAK_DOC_NUMBER, 1);
	hak_doc_col(d, "gini", HAK_DOC_NUMBER, 3);
	for (i = 0; i < ng; i++)
		agg_row(d, &g[i]);
	hak_doc_bars(d, "gini", hak_report_tr(ko, k ?
		"Gini coefficient, by district" : "Gini coefficient, by level"));
	hak_doc_illustrate(d);
	for (i = 0; i < ng; i++) {
		gini = hak_stats_gini(g[i].x.v, g[i].x.n);
		if (!isnan(gini))
			hak_doc_bar(d, g[i].key, round(gini * 1000) / 1000);
		free(g[i].x.v);
	}
	free(g);
	hak_doc_define(d, "gini", "as in the summary, over the schools of "
		"the group with students; empty without any");
}

static void
summary_section(struct hak_doc *d, bool ko, struct agg *all)
{
	char c[NUMBUF];
	double *x = all->x.v, cum = 0, total = 0;
	size_t i, n = all->x.n;

	hak_doc_section(d, "summary", hak_report_tr(ko, "Summary"));
	snprintf(c, NUMBUF, "%zu", all->schools);
	hak_doc_kv(d, "schools", c, HAK_DOC_INTEGER, -1);
	snprintf(c, NUMBUF, "%zu", all->with_students);
	hak_doc_kv(d, "with_students", c, HAK_DOC_INTEGER, -1);
	snprintf(c, NUMBUF, "%zu", all->no_support);
	hak_doc_kv(d, "no_support", c, HAK_DOC_INTEGER, -1);
	hak_report_num(c, NUMBUF, all->students ? 100.0 *
		(double)all->support / (double)all->students : NAN);
	hak_doc_kv(d, "support_per100", c, HAK_DOC_NUMBER, 2);
	hak_report_num(c, NUMBUF, hak_stats_gini(x, n));
	hak_doc_kv(d, "gini", c, HAK_DOC_NUMBER, 3);
	/* the Lorenz curve: schools from least to most support per
	 * student, the cumulative share of schools against that of
	 * support; a straight line is equality */
	hak_doc_lines(d, "lorenz", hak_report_tr(ko,
		"Lorenz curve of support per student"));
	hak_doc_illustrate(d);
	for (i = 0; i < n; i++)
		total += x[i];
	hak_doc_point(d, "equality", 0, 0);
	hak_doc_point(d, "equality", 1, 1);
	if (n && total > 0) {
		qsort(x, n, sizeof(*x), hak_report_cmp_double);
		hak_doc_point(d, "lorenz", 0, 0);
		for (i = 0; i < n; i++) {
			cum += x[i];
			hak_doc_point(d, "lorenz", (double)(i + 1) / (double)n,
				cum / total);
		}
	}
	hak_doc_define(d, "support", "requests received in the period plus "
		"participation records dated in it (records, not people); "
		"both parts are shown per school");
	hak_doc_define(d, "support_per100", "100 x support / students, "
		"students of the period's year (hak-school --year)");
	hak_doc_define(d, "gini", "G = sum_i sum_j |x_i - x_j| / (2 n^2 "
		"mean(x)), x = support per student, over the n schools with "
		"students > 0, those without support included; 0 = even, "
		"1 = all to one school");
	hak_doc_define(d, "no_support", "schools with students and no "
		"support in the period");
	hak_doc_define(d, "lorenz", "the schools with students ordered from "
		"least to most support per student: the share of schools "
		"(x) against the share of support they got (y)");
}

static void
school_row(struct hak_doc *d, const struct school *s, bool apart)
{
	char c[6][NUMBUF];
	const char *cells[11] = { s->code, s->name, s->level, s->district };
	int k = 4;

	if (!apart) {
		snprintf(c[0], NUMBUF, "%lld", s->students);
		cells[k++] = c[0];
	}
	snprintf(c[1], NUMBUF, "%lld", s->received);
	snprintf(c[2], NUMBUF, "%lld", s->resolved);
	snprintf(c[3], NUMBUF, "%lld", s->records);
	snprintf(c[4], NUMBUF, "%lld", support(s));
	cells[k++] = c[1];
	cells[k++] = c[2];
	cells[k++] = c[3];
	cells[k++] = c[4];
	if (!apart) {
		hak_report_num(c[5], NUMBUF, per100(s));
		cells[k++] = c[5];
	}
	hak_doc_row(d, cells);
}

static void
school_cols(struct hak_doc *d, bool apart)
{
	hak_doc_col(d, "school", HAK_DOC_CODE, -1);
	hak_doc_col(d, "school_name", HAK_DOC_TEXT, -1);
	hak_doc_col(d, "level", HAK_DOC_CODE, -1);
	hak_doc_col(d, "district", HAK_DOC_TEXT, -1);
	if (!apart)
		hak_doc_col(d, "students", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "received", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "resolved", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "participations", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "support", HAK_DOC_INTEGER, -1);
	if (!apart)
		hak_doc_col(d, "support_per100", HAK_DOC_NUMBER, 1);
}

static void
schools_sections(struct hak_doc *d, bool ko, const struct eq *e)
{
	size_t i, rank = 0;

	hak_doc_section(d, "schools", hak_report_tr(ko, "Schools"));
	hak_doc_table(d, "schools", NULL);
	school_cols(d, false);
	for (i = 0; i < e->n; i++)
		if (counted(&e->v[i]))
			school_row(d, &e->v[i], false);
	hak_doc_lines(d, "rank", hak_report_tr(ko,
		"Support per 100 students, by school"));
	hak_doc_illustrate(d);
	for (i = 0; i < e->n; i++)
		if (counted(&e->v[i]))
			hak_doc_point(d, "support_per100", (double)++rank,
				per100(&e->v[i]));
	hak_doc_define(d, "schools", "the schools with students, ranked by "
		"support per 100 students, most first; rank 1 is the first");
	hak_doc_define(d, "received, resolved", "requests received in the "
		"period, and requests resolved in it (each resolution)");
	hak_doc_define(d, "participations", "participation records dated in "
		"the period (hak-project enroll)");

	hak_doc_section(d, "apart", hak_report_tr(ko,
		"Schools without a student count"));
	hak_doc_table(d, "apart", NULL);
	school_cols(d, true);
	for (i = 0; i < e->n; i++)
		if (!counted(&e->v[i]))
			school_row(d, &e->v[i], true);
	hak_doc_bars(d, "support", hak_report_tr(ko,
		"Support, by school without a student count"));
	hak_doc_illustrate(d);
	for (i = 0; i < e->n; i++)
		if (!counted(&e->v[i]) && support(&e->v[i]))
			hak_doc_bar(d, e->v[i].code,
				(double)support(&e->v[i]));
	hak_doc_define(d, "apart", "schools with no student count recorded "
		"for the period's year (or 0): their support is shown, "
		"but they are left out of support per 100 students and of "
		"the Gini coefficient");
}

int
hak_report_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
hak_report_equity(struct hak_db *db, const struct hak_report_opts *o,
	struct hak_doc **out, struct hak_err *err)
{
	static const struct {
		const char *sql;
		size_t off;
	} counts[] = {
		{ "SELECT school, count(*) FROM request_spans WHERE since_ts "
		  ">= ?1 AND since_ts < ?2 AND seq = 1 AND ?3 = ?3 AND ?4 = "
		  "?4 GROUP BY school ORDER BY school",
		  offsetof(struct school, received) },
		{ "SELECT school, count(*) FROM request_spans WHERE since_ts "
		  ">= ?1 AND since_ts < ?2 AND status = 'resolved' AND "
		  "entered = 1 AND ?3 = ?3 AND ?4 = ?4 GROUP BY school ORDER "
		  "BY school", offsetof(struct school, resolved) },
		{ "SELECT school, count(*) FROM participations WHERE day >= ?3 "
		  "AND day <= ?4 AND ?1 = ?1 AND ?2 = ?2 GROUP BY school "
		  "ORDER BY school", offsetof(struct school, records) }
	};
	const bool ko = hak_report_ko(db, o->lang);
	struct eq e = { 0 };
	struct agg all = { 0 };
	struct hak_doc *d;
	char *title;
	size_t i;
	int rc, y, m, dd;

	*out = NULL;
	hak_day_to_ymd(o->period.first, &y, &m, &dd);
	if ((rc = read_schools(db, y, &e, err)))
		goto out;
	for (i = 0; i < sizeof(counts) / sizeof(*counts); i++)
		if ((rc = merge_counts(db, counts[i].sql, o, counts[i].off, &e,
			err)))
			goto out;
	if (e.n)
		qsort(e.v, e.n, sizeof(*e.v), by_per100);
	all.key = HAK_REPORT_ALL;
	for (i = 0; i < e.n; i++)
		agg_add(&all, &e.v[i]);
	title = hak_report_title(db, ko, "Equity across schools", o);
	d = hak_doc_new(title);
	free(title);
	summary_section(d, ko, &all);
	schools_sections(d, ko, &e);
	group_section(d, ko, &e, 0);
	group_section(d, ko, &e, 1);
	*out = d;
out:
	for (i = 0; i < e.n; i++) {
		free(e.v[i].code);
		free(e.v[i].name);
		free(e.v[i].level);
		free(e.v[i].district);
	}
	free(e.v);
	free(all.x.v);
	return rc;
}
