/* SPDX-License-Identifier: MIT */
/*
 * The weekly, monthly and annual reports (SPEC 5.6), as of the end of
 * their period.
 *
 * Every request figure comes from request_spans (lib/span.c), read
 * through the index of the range each one needs:
 *   - what happened in the period (received = a request's first span,
 *     resolved and closed = a span entering that status, reopened = a span
 *     caused by reopen, ratings = a span where a rating was given): the
 *     spans begun in it (request_spans_period, which covers them);
 *   - what was open at its end E (backlog, overdue, open by school): the
 *     open spans holding at E - 1 s, i.e. since_ts < E <= until_ts: the
 *     requests open now (their counts by school and department, and by
 *     due day: request_open_school, request_open_due) less the open
 *     spans begun at or after E (request_spans_period) plus the open
 *     spans that ended at or after E (request_spans_ended, by their
 *     end), and the waiting ones apart (request_spans_waiting), whose
 *     running wait moves their due day.  So the work grows with the
 *     schools and what happened after E, not with the backlog.
 * A span's department, category and due_on are the ones of its time, so
 * later re-routing changes no past figure.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "report_int.h"
#include "span_int.h"
#include "hak/project.h"
#include "hak/sla.h"
#include "hak/stats.h"
#include "hak/survey.h"
#include "banned.h"

#define OPEN_IN "('new', 'assigned', 'in_progress', 'waiting')"
#define SPAN_END_SQL "9223372036854775807"
#define TOP_N 10

/* --- the language of headings --- */

static const struct {
	const char *en, *ko;
} words[] = {
	{ "Weekly report", "주간 보고서" },
	{ "Monthly report", "월간 보고서" },
	{ "Annual report", "연간 보고서" },
	{ "SLA report", "처리기한 준수 보고서" },
	{ "Equity across schools", "학교 간 지원 형평성" },
	{ "Pivot table", "피벗 표" },
	{ "Requests", "요청 처리 현황" },
	{ "Service level and times", "처리기한 준수와 처리 시간" },
	{ "Day by day", "일별 추이" },
	{ "Month by month", "월별 추이" },
	{ "Top categories", "요청이 많은 분류" },
	{ "Schools with most open requests", "미처리 요청이 많은 학교" },
	{ "Survey batches imported", "가져온 설문 응답" },
	{ "Projects", "지원 사업" },
	{ "Participations by recipient type", "대상별 참여" },
	{ "Headline survey questions", "핵심 설문 문항" },
	{ "Open requests at the end, by department",
		"기간 말 미처리 요청 (부서별)" },
	{ "SLA met, % of resolved, by department",
		"처리기한 준수율 (%, 부서별)" },
	{ "Received and resolved", "접수와 해결" },
	{ "Requests received, by category", "분류별 접수" },
	{ "Open requests at the end, by school", "기간 말 미처리 요청 (학교별)" },
	{ "Responses, by batch", "가져온 응답 수" },
	{ "Projects run and new", "운영 사업과 신규 사업" },
	{ "People and schools reached, by recipient type",
		"대상별 참여 인원과 학교" },
	{ "Score (0-100), by question", "문항별 점수 (0-100)" },
	{ "SLA met, % of resolved", "처리기한 준수율 (%)" },
	{ "Schools", "학교" },
	{ "Summary", "요약" },
	{ "Support per 100 students, by school", "학생 100명당 지원 (학교별)" },
	{ "Lorenz curve of support per student",
		"학생당 지원의 로렌츠 곡선" },
	{ "By level", "학교급별" },
	{ "By district", "지역별" },
	{ "Gini coefficient, by level", "학교급별 지니계수" },
	{ "Gini coefficient, by district", "지역별 지니계수" },
	{ "Schools without a student count", "학생 수가 없는 학교" },
	{ "Support, by school without a student count",
		"학생 수가 없는 학교의 지원" },
	{ "Pivot", "피벗" },
	{ "Total by row", "행별 합계" },
};

const char *
hak_report_tr(bool ko, const char *en)
{
	size_t i;

	for (i = 0; ko && i < sizeof(words) / sizeof(*words); i++)
		if (!strcmp(words[i].en, en))
			return words[i].ko;
	return en;
}

bool
hak_report_ko(struct hak_db *db, const char *lang)
{
	const struct hak_config *cfg = hak_db_config(db);

	if (!lang)
		lang = cfg->lang;
	return lang && !strcmp(lang, "ko");
}

/* --- small helpers --- */

void
hak_report_num(char *out, size_t n, double v)
{
	if (isnan(v))
		*out = '\0';
	else
		snprintf(out, n, "%.10g", v);
}

static void
put_int(char *out, size_t n, long long v)
{
	snprintf(out, n, "%lld", v);
}

struct dvec {
	double *v;
	size_t n, alloc;
};

static void
dvec_push(struct dvec *d, double x)
{
	HAK_ALLOC_GROW(d->v, d->n + 1, d->alloc);
	d->v[d->n++] = x;
}

/* The figures of one department (or of all). */
struct figs {
	long long received, resolved, closed, reopened, backlog, overdue;
	long long met, sla_n, rating_n;
	double rating_sum;
	struct dvec first, resol;
};

/* A count by key (categories, schools). */
struct tally {
	char *key;
	long long n;
};

struct tallies {
	struct tally *v;
	size_t n, alloc;
};

static void
tally_add(struct tallies *t, const char *key, long long n, bool last)
{
	size_t i;

	if (!key)
		key = "";
	if (last) {
		i = t->n;
		if (i && !strcmp(t->v[i - 1].key, key)) {
			t->v[i - 1].n += n;
			return;
		}
	} else {
		for (i = 0; i < t->n; i++)
			if (!strcmp(t->v[i].key, key)) {
				t->v[i].n += n;
				return;
			}
	}
	HAK_ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n].key = hak_xstrdup(key);
	t->v[t->n++].n = n;
}

static void
tallies_release(struct tallies *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].key);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static int
by_key(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->key,
		((const struct tally *)b)->key);
}

static int
by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Keys merged (the same key added up), sorted by count, largest first. */
static void
tallies_rank(struct tallies *t)
{
	size_t i, j;

	if (!t->n)
		return;
	qsort(t->v, t->n, sizeof(*t->v), by_key);
	for (i = 0, j = 1; j < t->n; j++) {
		if (!strcmp(t->v[i].key, t->v[j].key)) {
			t->v[i].n += t->v[j].n;
			free(t->v[j].key);
		} else {
			t->v[++i] = t->v[j];
		}
	}
	t->n = i + 1;
	qsort(t->v, t->n, sizeof(*t->v), by_count);
}

/* --- the period report --- */

struct rep {
	struct hak_db *db;
	const struct hak_config *cfg;
	struct hak_calendar cal;
	const struct hak_report_opts *o;
	enum hak_report_kind kind;
	bool ko;
	struct figs *f;		/* per config department, then all */
	size_t nd;
	struct tallies cats, schools;
	long long *recv, *res;	/* per trend bucket */
	size_t nb;
	const char *last_code;	/* dept_of's cache */
	int last_idx;
};

/* The index of department code in r->f, -1 when filtered out. */
static int
dept_of(struct rep *r, const char *code)
{
	size_t i;

	if (!code)
		return -1;
	if (r->last_code && !strcmp(r->last_code, code))
		return r->last_idx;
	for (i = 0; i < r->nd && strcmp(r->cfg->depts[i].code, code); i++)
		;
	if (i == r->nd || (r->o->dept && strcmp(r->o->dept, code)))
		return -1;
	r->last_code = r->cfg->depts[i].code;
	r->last_idx = (int)i;
	return (int)i;
}

static size_t
bucket_of(const struct rep *r, int64_t t)
{
	int32_t day = hak_time_day(t);
	int y, m, d;

	if (r->kind == HAK_REPORT_ANNUAL) {
		hak_day_to_ymd(day, &y, &m, &d);
		return (size_t)(m - 1);
	}
	return (size_t)(day - r->o->period.first);
}

/* One span begun in the period (columns of events_sql). */
static void
span_event(struct rep *r, sqlite3_stmt *st)
{
	int d = dept_of(r, hak_db_col(st, 5));
	const char *status = hak_db_col(st, 2), *cause = hak_db_col(st, 4);
	bool entered = sqlite3_column_int(st, 3) != 0;
	int64_t since = sqlite3_column_int64(st, 1), fr;
	int32_t day = hak_time_day(since), received, due;
	size_t b = bucket_of(r, since);
	struct figs *f;

	if (d < 0)
		return;
	f = &r->f[d];
	if (sqlite3_column_int(st, 0) == 1) {
		f->received++;
		tally_add(&r->cats, hak_db_col(st, 6), 1, false);
		if (b < r->nb)
			r->recv[b]++;
	}
	if (entered && status && !strcmp(status, "resolved")) {
		f->resolved++;
		if (b < r->nb)
			r->res[b]++;
		received = hak_time_day(sqlite3_column_int64(st, 9));
		dvec_push(&f->resol, hak_bizdays_between(&r->cal, received,
			day));
		if (!hak_time_parse(hak_db_col(st, 10), &fr, NULL))
			dvec_push(&f->first, hak_bizdays_between(&r->cal,
				received, hak_time_day(fr)));
		if (!hak_day_parse(hak_db_col(st, 8), &due, NULL)) {
			f->sla_n++;
			f->met += hak_sla_met(day, due);
		}
	}
	if (entered && status && !strcmp(status, "closed"))
		f->closed++;
	if (cause && !strcmp(cause, "reopen"))
		f->reopened++;
	if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
		f->rating_n++;
		f->rating_sum += sqlite3_column_double(st, 7);
	}
}

static int
period_events(struct rep *r, struct hak_err *err)
{
	static const char sql[] = "SELECT s.seq, s.since_ts, s.status, "
		"s.entered, s.cause, s.department, s.category, s.rating, "
		"s.due_on, CASE WHEN s.entered = 1 AND s.status = 'resolved' "
		"THEN (SELECT q.received_ts FROM requests q WHERE q.id = "
		"s.request) END, CASE WHEN s.entered = 1 AND s.status = "
		"'resolved' THEN (SELECT q.first_response_at FROM requests q "
		"WHERE q.id = s.request) END FROM request_spans s WHERE "
		"s.since_ts >= ?1 AND s.since_ts < ?2";
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_prepare(r->db, sql, &st, err)))
		return rc;
	src = sqlite3_bind_int64(st, 1, r->o->period.start);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int64(st, 2, r->o->period.end);
	if ((rc = hak_db_bound(r->db, src, err)) == HAK_OK) {
		while ((src = sqlite3_step(st)) == SQLITE_ROW)
			span_event(r, st);
		if (src != SQLITE_DONE)
			rc = hak_db_fail(r->db, src, err);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * The open requests at the end E, by school and department, with the
 * overdue ones but waiting: the counts of the requests open now, less the
 * spans open now that began at or after E, plus the open spans that held
 * at E and ended since (each a SQL query, rows of school, department,
 * count, overdue but waiting, added with their sign); the overdue among
 * those open now from their counts by due day.  Then the waiting spans
 * that held at E, overdue by their due day moved by the running wait
 * (hak_sla_overdue at E - 1 s).
 */
static int
open_at_end(struct rep *r, struct hak_err *err)
{
#define OVERDUE "sum(CASE WHEN status <> 'waiting' AND due_on < ?2 THEN 1 " \
	"ELSE 0 END)"
	static const struct {
		const char *sql;
		int sign;
		enum { BY_SCHOOL, BY_DUE, WAITING } kind;
	} q[] = {
		{ "SELECT school, department, n, 0 FROM request_open_school "
		  "WHERE n <> 0 AND ?1 = ?1 AND ?2 = ?2", 1, BY_SCHOOL },
		{ "SELECT school, department, count(*), " OVERDUE " FROM "
		  "request_spans WHERE since_ts >= ?1 AND until_ts = "
		  SPAN_END_SQL " AND status IN " OPEN_IN " GROUP BY school, "
		  "department", -1, BY_SCHOOL },
		{ "SELECT school, department, count(*), " OVERDUE " FROM "
		  "request_spans WHERE until_ts < " SPAN_END_SQL " AND status "
		  "IN " OPEN_IN " AND until_ts >= ?1 AND since_ts < ?1 GROUP "
		  "BY school, department", 1, BY_SCHOOL },
		{ "SELECT department, sum(n) FROM request_open_due WHERE "
		  "due_on < ?2 AND due_on <> '' AND ?1 = ?1 GROUP BY "
		  "department", 1, BY_DUE },
		{ "SELECT department, due_on, since_ts FROM request_spans "
		  "WHERE status = 'waiting' AND until_ts >= ?1 AND since_ts < "
		  "?1 AND ?2 = ?2", 1, WAITING }
	};
#undef OVERDUE
	const int64_t end = r->o->period.end;
	char last[HAK_DATE_LEN];
	sqlite3_stmt *st;
	long long n;
	int32_t due;
	size_t i;
	int rc = HAK_OK, src, d;

	hak_day_format(r->o->period.last, last);
	for (i = 0; i < sizeof(q) / sizeof(*q) && !rc; i++) {
		if ((rc = hak_db_prepare(r->db, q[i].sql, &st, err)))
			return rc;
		src = sqlite3_bind_int64(st, 1, end);
		if (src == SQLITE_OK)
			src = hak_db_bind_text(st, 2, last);
		if ((rc = hak_db_bound(r->db, src, err))) {
			sqlite3_finalize(st);
			return rc;
		}
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			if (q[i].kind == WAITING) {
				if ((d = dept_of(r, hak_db_col(st, 0))) >= 0 &&
					!hak_day_parse(hak_db_col(st, 1), &due,
					NULL) && hak_sla_overdue(&r->cal, due,
					hak_sla_waited(&r->cal,
					sqlite3_column_int64(st, 2), end - 1),
					end - 1))
					r->f[d].overdue++;
				continue;
			}
			if (q[i].kind == BY_DUE) {
				if ((d = dept_of(r, hak_db_col(st, 0))) >= 0)
					r->f[d].overdue +=
						sqlite3_column_int64(st, 1);
				continue;
			}
			if ((d = dept_of(r, hak_db_col(st, 1))) < 0)
				continue;
			n = q[i].sign * sqlite3_column_int64(st, 2);
			r->f[d].backlog += n;
			r->f[d].overdue += q[i].sign *
				sqlite3_column_int64(st, 3);
			tally_add(&r->schools, hak_db_col(st, 0), n, true);
		}
		if (src != SQLITE_DONE)
			rc = hak_db_fail(r->db, src, err);
		sqlite3_finalize(st);
	}
	return rc;
}

static void
figs_add(struct figs *to, const struct figs *f)
{
	size_t i;

	to->received += f->received;
	to->resolved += f->resolved;
	to->closed += f->closed;
	to->reopened += f->reopened;
	to->backlog += f->backlog;
	to->overdue += f->overdue;
	to->met += f->met;
	to->sla_n += f->sla_n;
	to->rating_n += f->rating_n;
	to->rating_sum += f->rating_sum;
	for (i = 0; i < f->first.n; i++)
		dvec_push(&to->first, f->first.v[i]);
	for (i = 0; i < f->resol.n; i++)
		dvec_push(&to->resol, f->resol.v[i]);
}

static bool
figs_any(const struct figs *f)
{
	return f->received || f->resolved || f->closed || f->reopened ||
		f->backlog || f->overdue || f->rating_n;
}

/* Whether department i has a row: active, or with figures, or asked. */
static bool
dept_shown(const struct rep *r, size_t i)
{
	if (r->o->dept)
		return !strcmp(r->o->dept, r->cfg->depts[i].code);
	return r->cfg->depts[i].active || figs_any(&r->f[i]);
}

#define NUMBUF 40

static void
summary_row(struct hak_doc *d, const char *name, const struct figs *f)
{
	char c[8][NUMBUF];
	const char *cells[9];
	int i;

	put_int(c[0], NUMBUF, f->received);
	put_int(c[1], NUMBUF, f->resolved);
	put_int(c[2], NUMBUF, f->closed);
	put_int(c[3], NUMBUF, f->reopened);
	put_int(c[4], NUMBUF, f->backlog);
	put_int(c[5], NUMBUF, f->overdue);
	hak_report_num(c[6], NUMBUF, f->rating_n ? f->rating_sum /
		(double)f->rating_n : NAN);
	put_int(c[7], NUMBUF, f->rating_n);
	cells[0] = name;
	for (i = 0; i < 8; i++)
		cells[i + 1] = c[i];
	hak_doc_row(d, cells);
}

static void
sla_row(struct hak_doc *d, const char *name, const struct figs *f)
{
	char c[5][NUMBUF];
	const char *cells[6];
	int i;

	hak_report_num(c[0], NUMBUF, f->sla_n ? (double)f->met /
		(double)f->sla_n : NAN);
	put_int(c[1], NUMBUF, f->sla_n);
	hak_report_num(c[2], NUMBUF, hak_stats_percentile(f->first.v,
		f->first.n, 0.5));
	hak_report_num(c[3], NUMBUF, hak_stats_percentile(f->resol.v,
		f->resol.n, 0.5));
	hak_report_num(c[4], NUMBUF, hak_stats_percentile(f->resol.v,
		f->resol.n, 0.9));
	cells[0] = name;
	for (i = 0; i < 5; i++)
		cells[i + 1] = c[i];
	hak_doc_row(d, cells);
}

static void
summary_section(struct rep *r, struct hak_doc *d)
{
	static const char *const cols[] = { "received", "resolved", "closed",
		"reopened", "backlog", "overdue" };
	const struct figs *all = &r->f[r->nd];
	size_t i;

	hak_doc_section(d, "summary", hak_report_tr(r->ko, "Requests"));
	hak_doc_table(d, "requests", NULL);
	hak_doc_col(d, "department", HAK_DOC_CODE, -1);
	for (i = 0; i < sizeof(cols) / sizeof(*cols); i++)
		hak_doc_col(d, cols[i], HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "rating_mean", HAK_DOC_NUMBER, 2);
	hak_doc_col(d, "rating_n", HAK_DOC_INTEGER, -1);
	for (i = 0; i < r->nd; i++)
		if (dept_shown(r, i))
			summary_row(d, r->cfg->depts[i].code, &r->f[i]);
	if (!r->o->dept)
		summary_row(d, HAK_REPORT_ALL, all);
	hak_doc_bars(d, "backlog", hak_report_tr(r->ko,
		"Open requests at the end, by department"));
	hak_doc_illustrate(d);
	for (i = 0; i < r->nd; i++)
		if (dept_shown(r, i))
			hak_doc_bar(d, r->cfg->depts[i].code,
				(double)r->f[i].backlog);
	hak_doc_define(d, "department", "the department a request was in "
		"at the moment counted (received: when received; resolved, "
		"closed, reopened, ratings: then; backlog, overdue: at the end "
		"of the period); (all) is every department");
	hak_doc_define(d, "received", "requests whose received_at is in "
		"the period");
	hak_doc_define(d, "resolved, closed, reopened", "requests that "
		"entered status resolved, closed (by close), or were "
		"reopened, in the period (a request reopened and resolved "
		"again counts each time)");
	hak_doc_define(d, "backlog", "requests open (new, assigned, "
		"in_progress, waiting) at the end of the period, from the "
		"history up to then");
	hak_doc_define(d, "overdue", "of the backlog, the requests past the "
		"end of their due_on (as it stood then) plus the business "
		"days of a wait still running");
	hak_doc_define(d, "rating_mean, rating_n", "the mean of the "
		"ratings (1-5) given in the period, and how many");
}

static void sla_defines(struct hak_doc *d);

/* The section and table of SLA figures (sla_row's), by key. */
static void
sla_table(struct hak_doc *d, bool ko, const char *key)
{
	static const char *const cols[] = { "first_response_median",
		"resolution_median", "resolution_p90" };
	size_t i;

	hak_doc_section(d, "sla", hak_report_tr(ko,
		"Service level and times"));
	hak_doc_table(d, "sla", NULL);
	hak_doc_col(d, key, HAK_DOC_CODE, -1);
	hak_doc_col(d, "sla_met", HAK_DOC_PERCENT, 1);
	hak_doc_col(d, "sla_n", HAK_DOC_INTEGER, -1);
	for (i = 0; i < sizeof(cols) / sizeof(*cols); i++)
		hak_doc_col(d, cols[i], HAK_DOC_NUMBER, 1);
}

/* The bar of f's SLA met in percent, one decimal (none without n). */
static void
sla_bar(struct hak_doc *d, const char *label, const struct figs *f)
{
	if (f->sla_n)
		hak_doc_bar(d, label, round(1000.0 * (double)f->met /
			(double)f->sla_n) / 10);
}

static void
sla_section(struct rep *r, struct hak_doc *d)
{
	size_t i;

	sla_table(d, r->ko, "department");
	for (i = 0; i < r->nd; i++)
		if (dept_shown(r, i))
			sla_row(d, r->cfg->depts[i].code, &r->f[i]);
	if (!r->o->dept)
		sla_row(d, HAK_REPORT_ALL, &r->f[r->nd]);
	hak_doc_bars(d, "sla_met_percent", hak_report_tr(r->ko,
		"SLA met, % of resolved, by department"));
	hak_doc_illustrate(d);
	for (i = 0; i < r->nd; i++)
		if (dept_shown(r, i))
			sla_bar(d, r->cfg->depts[i].code, &r->f[i]);
	sla_defines(d);
}

/* The definitions of the SLA figures (weekly's section, `sla`). */
static void
sla_defines(struct hak_doc *d)
{
	hak_doc_define(d, "sla_met, sla_n", "of the requests resolved in the "
		"period, the share whose resolution day was on or before "
		"their due_on (SLA days by category or priority, moved by "
		"the business days waited), and their number; csv and json "
		"give the share 0-1");
	hak_doc_define(d, "first_response_median", "the median of the "
		"business days from received_at to first_response_at, over "
		"the requests resolved in the period that have one");
	hak_doc_define(d, "resolution_median, resolution_p90", "the median "
		"and the 90th percentile of the business days from received_at "
		"to the resolution, over the requests resolved in the period");
	hak_doc_define(d, "business days from A to B", "the number of "
		"business days (Monday to Friday but holidays) d with "
		"date(A) < d <= date(B); 0 on the same day");
	hak_doc_define(d, "percentiles", "PERCENTILE.INC: rank p(n - 1) in "
		"the sorted values, interpolated linearly between neighbours");
}

static void
trend_section(struct rep *r, struct hak_doc *d)
{
	const bool annual = r->kind == HAK_REPORT_ANNUAL;
	const char *key = annual ? "month" : "day";
	char c[3][NUMBUF];
	const char *cells[3] = { c[0], c[1], c[2] };
	size_t b;

	hak_doc_section(d, "trend", hak_report_tr(r->ko, annual ?
		"Month by month" : "Day by day"));
	hak_doc_table(d, "trend", NULL);
	hak_doc_col(d, key, HAK_DOC_CODE, -1);
	hak_doc_col(d, "received", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "resolved", HAK_DOC_INTEGER, -1);
	for (b = 0; b < r->nb; b++) {
		put_int(c[0], NUMBUF, (long long)b + 1);
		put_int(c[1], NUMBUF, r->recv[b]);
		put_int(c[2], NUMBUF, r->res[b]);
		hak_doc_row(d, cells);
	}
	hak_doc_lines(d, key, hak_report_tr(r->ko, "Received and resolved"));
	hak_doc_illustrate(d);
	for (b = 0; b < r->nb; b++)
		hak_doc_point(d, "received", (double)(b + 1),
			(double)r->recv[b]);
	for (b = 0; b < r->nb; b++)
		hak_doc_point(d, "resolved", (double)(b + 1),
			(double)r->res[b]);
	hak_doc_define(d, key, annual ? "the month of the year, 1 = January" :
		"the day of the period, 1 = its first day");
	hak_doc_define(d, "received, resolved", "as in the summary, by the "
		"day (month) they happened");
}

static void
cats_section(struct rep *r, struct hak_doc *d)
{
	char n[NUMBUF];
	const char *cells[2];
	size_t i;

	tallies_rank(&r->cats);
	hak_doc_section(d, "categories", hak_report_tr(r->ko,
		"Top categories"));
	hak_doc_table(d, "categories", NULL);
	hak_doc_col(d, "category", HAK_DOC_CODE, -1);
	hak_doc_col(d, "received", HAK_DOC_INTEGER, -1);
	for (i = 0; i < r->cats.n && i < TOP_N; i++) {
		put_int(n, sizeof(n), r->cats.v[i].n);
		cells[0] = r->cats.v[i].key;
		cells[1] = n;
		hak_doc_row(d, cells);
	}
	hak_doc_bars(d, "received", hak_report_tr(r->ko,
		"Requests received, by category"));
	hak_doc_illustrate(d);
	for (i = 0; i < r->cats.n && i < TOP_N; i++)
		hak_doc_bar(d, r->cats.v[i].key, (double)r->cats.v[i].n);
	hak_doc_define(d, "category", "the category of the request when "
		"received; the ten with most requests received in the period");
}

static int
schools_section(struct rep *r, struct hak_doc *d, struct hak_err *err)
{
	static const char sql[] = "SELECT name FROM schools WHERE code = ?";
	char n[NUMBUF];
	const char *cells[3];
	char *name;
	sqlite3_stmt *st;
	size_t i;
	int rc, src;

	tallies_rank(&r->schools);
	hak_doc_section(d, "schools", hak_report_tr(r->ko,
		"Schools with most open requests"));
	hak_doc_table(d, "schools", NULL);
	hak_doc_col(d, "school", HAK_DOC_CODE, -1);
	hak_doc_col(d, "school_name", HAK_DOC_TEXT, -1);
	hak_doc_col(d, "open", HAK_DOC_INTEGER, -1);
	if ((rc = hak_db_prepare(r->db, sql, &st, err)))
		return rc;
	while (r->schools.n && r->schools.v[r->schools.n - 1].n <= 0)
		free(r->schools.v[--r->schools.n].key);
	for (i = 0; i < r->schools.n && i < TOP_N && !rc; i++) {
		sqlite3_reset(st);
		if ((rc = hak_db_bound(r->db, hak_db_bind_text(st, 1,
			r->schools.v[i].key), err)))
			break;
		src = sqlite3_step(st);
		if (src != SQLITE_ROW && src != SQLITE_DONE) {
			rc = hak_db_fail(r->db, src, err);
			break;
		}
		name = src == SQLITE_ROW ? hak_db_col_dup(st, 0) : NULL;
		put_int(n, sizeof(n), r->schools.v[i].n);
		cells[0] = r->schools.v[i].key;
		cells[1] = name;
		cells[2] = n;
		hak_doc_row(d, cells);
		free(name);
	}
	sqlite3_finalize(st);
	hak_doc_bars(d, "open", hak_report_tr(r->ko,
		"Open requests at the end, by school"));
	hak_doc_illustrate(d);
	for (i = 0; i < r->schools.n && i < TOP_N; i++)
		hak_doc_bar(d, r->schools.v[i].key, (double)r->schools.v[i].n);
	hak_doc_define(d, "open", "requests of the school open at the end "
		"of the period (the backlog); the ten schools with most");
	return rc;
}

/* Survey batches imported in the period, but those dropped before its
 * end (a drop later changes no past report). */
static int
surveys_section(struct rep *r, struct hak_doc *d, struct hak_err *err)
{
	static const char sql[] = "SELECT sb.survey, sb.batch, b.file, "
		"sb.responses, b.at FROM survey_batches sb JOIN batches b ON "
		"b.id = sb.batch WHERE b.at >= ?1 AND b.at < ?2 AND "
		"(sb.dropped_at IS NULL OR sb.dropped_at >= ?2) ORDER BY "
		"sb.batch";
	char from[HAK_TIME_LEN], to[HAK_TIME_LEN];
	const char *cells[5];
	struct hak_strv keep = HAK_STRV_INIT;
	sqlite3_stmt *st;
	size_t i;
	int rc, src, c;

	hak_time_format(r->o->period.start, from);
	hak_time_format(r->o->period.end, to);
	hak_doc_section(d, "surveys", hak_report_tr(r->ko,
		"Survey batches imported"));
	hak_doc_table(d, "batches", NULL);
	hak_doc_col(d, "survey", HAK_DOC_CODE, -1);
	hak_doc_col(d, "batch", HAK_DOC_CODE, -1);
	hak_doc_col(d, "file", HAK_DOC_TEXT, -1);
	hak_doc_col(d, "responses", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "imported_at", HAK_DOC_TEXT, -1);
	if ((rc = hak_db_prepare(r->db, sql, &st, err)))
		return rc;
	src = hak_db_bind_text(st, 1, from);
	if (src == SQLITE_OK)
		src = hak_db_bind_text(st, 2, to);
	if ((rc = hak_db_bound(r->db, src, err)) == HAK_OK) {
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			for (c = 0; c < 5; c++)
				cells[c] = hak_db_col(st, c);
			hak_doc_row(d, cells);
			hak_strv_push(&keep, hak_db_col(st, 0));
			hak_strv_push(&keep, hak_db_col(st, 1));
			hak_strv_push(&keep, hak_db_col(st, 3));
		}
		if (src != SQLITE_DONE)
			rc = hak_db_fail(r->db, src, err);
	}
	sqlite3_finalize(st);
	hak_doc_bars(d, "responses", hak_report_tr(r->ko,
		"Responses, by batch"));
	hak_doc_illustrate(d);
	for (i = 0; i + 2 < keep.n; i += 3) {
		char *label = hak_xasprintf("%s #%s", keep.v[i],
			keep.v[i + 1]);

		hak_doc_bar(d, label, strtod(keep.v[i + 2], NULL));
		free(label);
	}
	hak_strv_clear(&keep);
	hak_doc_define(d, "batch", "a file of survey responses imported in "
		"the period (hak-survey import), unless dropped before the "
		"period ended; responses = the new responses it added");
	return rc;
}

/* --- the annual report's additions --- */

static int
projects_section(struct rep *r, struct hak_doc *d, int year,
	struct hak_err *err)
{
	static const char sql[] = "SELECT count(*), coalesce(sum(is_new), 0) "
		"FROM projects WHERE year = ?1 AND (?2 IS NULL OR department "
		"= ?2)";
	char run[NUMBUF], isnew[NUMBUF];
	sqlite3_stmt *st;
	int rc, src;
	long long n = 0, k = 0;

	if ((rc = hak_db_prepare(r->db, sql, &st, err)))
		return rc;
	src = sqlite3_bind_int(st, 1, year);
	if (src == SQLITE_OK)
		src = hak_db_bind_text(st, 2, r->o->dept);
	if ((rc = hak_db_bound(r->db, src, err)) == HAK_OK) {
		if ((src = sqlite3_step(st)) == SQLITE_ROW) {
			n = sqlite3_column_int64(st, 0);
			k = sqlite3_column_int64(st, 1);
		} else {
			rc = hak_db_fail(r->db, src, err);
		}
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	put_int(run, sizeof(run), n);
	put_int(isnew, sizeof(isnew), k);
	hak_doc_section(d, "projects", hak_report_tr(r->ko, "Projects"));
	hak_doc_kv(d, "projects_run", run, HAK_DOC_INTEGER, -1);
	hak_doc_kv(d, "projects_new", isnew, HAK_DOC_INTEGER, -1);
	hak_doc_bars(d, "projects", hak_report_tr(r->ko,
		"Projects run and new"));
	hak_doc_illustrate(d);
	hak_doc_bar(d, "projects_run", (double)n);
	hak_doc_bar(d, "projects_new", (double)k);
	hak_doc_define(d, "projects_run, projects_new", "the projects of the "
		"fiscal year (hak-project --year), and those marked new");
	return HAK_OK;
}

struct reach_ctx {
	struct hak_doc *d;
	struct tallies people;
};

static int
reach_row(void *ctx, const struct hak_project_reached *p)
{
	struct reach_ctx *rc = ctx;
	char c[3][NUMBUF];
	const char *cells[4];

	if (p->project || !p->recipient)
		return HAK_OK;
	put_int(c[0], NUMBUF, p->schools);
	put_int(c[1], NUMBUF, p->records);
	put_int(c[2], NUMBUF, p->count);
	cells[0] = p->recipient;
	cells[1] = c[0];
	cells[2] = c[1];
	cells[3] = c[2];
	hak_doc_row(rc->d, cells);
	tally_add(&rc->people, p->recipient, p->count, true);
	return HAK_OK;
}

static int
reach_section(struct rep *r, struct hak_doc *d, struct hak_err *err)
{
	struct reach_ctx ctx = { d, { 0 } };
	size_t i;
	int rc;

	hak_doc_section(d, "participations", hak_report_tr(r->ko,
		"Participations by recipient type"));
	hak_doc_table(d, "reach", NULL);
	hak_doc_col(d, "recipient", HAK_DOC_CODE, -1);
	hak_doc_col(d, "schools", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "records", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "reached", HAK_DOC_INTEGER, -1);
	rc = hak_project_reach_period(r->db, r->o->period.first,
		r->o->period.last, NULL, reach_row, &ctx, err);
	hak_doc_bars(d, "reached", hak_report_tr(r->ko,
		"People and schools reached, by recipient type"));
	hak_doc_illustrate(d);
	for (i = 0; i < ctx.people.n; i++)
		hak_doc_bar(d, ctx.people.v[i].key, (double)ctx.people.v[i].n);
	tallies_release(&ctx.people);
	hak_doc_define(d, "recipient", "who took part: school, teacher, "
		"student, parent, staff; participations dated in the period");
	hak_doc_define(d, "schools, records, reached", "distinct schools, "
		"participation records, and the people (for type school, "
		"the schools) reached: the sum of the records' counts");
	return rc;
}

/* The (all) row of a headline question's results. */
struct headline {
	char *cells[HAK_SURVEY_RESULT_NCOLS];
	bool found;
};

static int
headline_row(void *ctx, const char *const *cells, size_t n)
{
	struct headline *h = ctx;
	size_t i;

	if (h->found || n < HAK_SURVEY_RESULT_NCOLS || !cells[2] ||
		strcmp(cells[2], HAK_REPORT_ALL))
		return HAK_OK;
	for (i = 0; i < HAK_SURVEY_RESULT_NCOLS; i++)
		h->cells[i] = cells[i] ? hak_xstrdup(cells[i]) : NULL;
	h->found = true;
	return HAK_OK;
}

/* The headline figures of ref ("survey/question") as table cells:
 * survey, question, n, yes_share, top2, score100; *score is score100
 * (NaN when none).  False when the survey has no results for it. */
static bool
headline_one(struct rep *r, struct hak_doc *d, const char *ref,
	double *score)
{
	struct hak_survey_results_opts so;
	struct headline h;
	struct hak_err e;
	char until[HAK_TIME_LEN];
	const char *cells[6] = { 0 };
	char *survey = hak_xstrdup(ref), *q = strchr(survey, '/');
	size_t k;

	memset(&h, 0, sizeof(h));
	*score = NAN;
	if (q) {
		*q++ = '\0';
		memset(&so, 0, sizeof(so));
		so.code = survey;
		so.question = q;
		/* as of the period's end: batches imported later left out */
		hak_time_format(r->o->period.end, until);
		so.until = until;
		hak_err_clear(&e);
		if (hak_survey_results(r->db, &so, headline_row, &h, &e))
			h.found = false;
	}
	cells[0] = survey;
	cells[1] = q;
	if (h.found) {
		/* result columns: n 5, mean 6, score100 10, top2 11; a
		 * yes/no question has no top2, its mean is the yes share */
		cells[2] = h.cells[5];
		cells[3] = !h.cells[11] ? h.cells[6] : NULL;
		cells[4] = h.cells[11];
		cells[5] = h.cells[10];
		if (hak_report_parse(h.cells[10], score))
			*score = NAN;
	}
	hak_doc_row(d, cells);
	for (k = 0; k < HAK_SURVEY_RESULT_NCOLS; k++)
		free(h.cells[k]);
	free(survey);
	return h.found;
}

static void
headline_section(struct rep *r, struct hak_doc *d)
{
	const struct hak_strv *refs = &r->cfg->headline;
	double *score = hak_xcalloc(refs->n + 1, sizeof(*score));
	bool any = false;
	size_t i;

	hak_doc_section(d, "headline", hak_report_tr(r->ko,
		"Headline survey questions"));
	hak_doc_table(d, "headline", NULL);
	hak_doc_col(d, "survey", HAK_DOC_CODE, -1);
	hak_doc_col(d, "question", HAK_DOC_CODE, -1);
	hak_doc_col(d, "n", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "yes_share", HAK_DOC_PERCENT, 1);
	hak_doc_col(d, "top2", HAK_DOC_PERCENT, 1);
	hak_doc_col(d, "score100", HAK_DOC_NUMBER, 1);
	for (i = 0; i < refs->n; i++)
		any |= headline_one(r, d, refs->v[i], &score[i]);
	if (!any)
		hak_doc_para(d, "no survey results");
	hak_doc_bars(d, "score100", hak_report_tr(r->ko,
		"Score (0-100), by question"));
	hak_doc_illustrate(d);
	for (i = 0; i < refs->n; i++)
		if (!isnan(score[i]))
			hak_doc_bar(d, refs->v[i], score[i]);
	free(score);
	hak_doc_define(d, "headline", "the config's headline questions "
		"(survey/question), over the survey's responses of the batches "
		"imported before the period's end (dropped batches left "
		"out); empty figures: no results");
	hak_doc_define(d, "yes_share", "yes/no questions: the share of yes "
		"among the answers");
	hak_doc_define(d, "top2, score100", "scale questions: the share of "
		"answers in the two highest points; (mean - 1) / (points - 1) "
		"x 100 (yes/no: 100 x the share of yes)");
}

/* --- assembling --- */

int
hak_report_parse(const char *s, double *v)
{
	char *end;

	if (!s || !*s)
		return HAK_EDATA;
	*v = strtod(s, &end);
	return *end ? HAK_EDATA : HAK_OK;
}

char *
hak_report_title(struct hak_db *db, bool ko, const char *what,
	const struct hak_report_opts *o)
{
	const struct hak_config *cfg = hak_db_config(db);
	char a[HAK_DATE_LEN], b[HAK_DATE_LEN];

	hak_day_format(o->period.first, a);
	hak_day_format(o->period.last, b);
	return hak_xasprintf("%s%s%s %s (%s..%s)%s%s", cfg->office ?
		cfg->office : "", cfg->office ? " - " : "",
		hak_report_tr(ko, what), o->label ? o->label : "", a, b,
		o->dept ? " " : "", o->dept ? o->dept : "");
}

static void
rep_release(struct rep *r)
{
	size_t i;

	for (i = 0; r->f && i <= r->nd; i++) {
		free(r->f[i].first.v);
		free(r->f[i].resol.v);
	}
	free(r->f);
	free(r->recv);
	free(r->res);
	tallies_release(&r->cats);
	tallies_release(&r->schools);
}

int
hak_report_check_dept(struct hak_db *db, const char *dept,
	struct hak_err *err)
{
	if (dept && !hak_config_dept(hak_db_config(db), dept))
		return hak_err_set(err, HAK_EDATA, "unknown department '%s'",
			dept);
	return HAK_OK;
}

int
hak_report_period(struct hak_db *db, enum hak_report_kind kind,
	const struct hak_report_opts *o, struct hak_doc **out,
	struct hak_err *err)
{
	static const char *const titles[] = { "Weekly report",
		"Monthly report", "Annual report" };
	struct rep r;
	struct hak_doc *d;
	char *title;
	size_t i;
	int rc, y, m, dd;

	*out = NULL;
	if ((rc = hak_report_check_dept(db, o->dept, err)))
		return rc;
	memset(&r, 0, sizeof(r));
	r.db = db;
	r.cfg = hak_db_config(db);
	r.cal = hak_db_calendar(db);
	r.o = o;
	r.kind = kind;
	r.ko = hak_report_ko(db, o->lang);
	r.nd = r.cfg->ndepts;
	r.f = hak_xcalloc(r.nd + 1, sizeof(*r.f));
	r.nb = kind == HAK_REPORT_ANNUAL ? 12 :
		(size_t)(o->period.last - o->period.first + 1);
	r.recv = hak_xcalloc(r.nb, sizeof(*r.recv));
	r.res = hak_xcalloc(r.nb, sizeof(*r.res));
	if ((rc = period_events(&r, err)) || (rc = open_at_end(&r, err)))
		goto out;
	for (i = 0; i < r.nd; i++)
		figs_add(&r.f[r.nd], &r.f[i]);
	title = hak_report_title(db, r.ko, titles[kind], o);
	d = hak_doc_new(title);
	free(title);
	summary_section(&r, d);
	sla_section(&r, d);
	trend_section(&r, d);
	cats_section(&r, d);
	if ((rc = schools_section(&r, d, err)) == HAK_OK &&
		(rc = surveys_section(&r, d, err)) == HAK_OK &&
		kind == HAK_REPORT_ANNUAL) {
		hak_day_to_ymd(o->period.first, &y, &m, &dd);
		if ((rc = projects_section(&r, d, y, err)) == HAK_OK &&
			(rc = reach_section(&r, d, err)) == HAK_OK)
			headline_section(&r, d);
	}
	if (rc)
		hak_doc_free(d);
	else
		*out = d;
out:
	rep_release(&r);
	return rc;
}

/* --- sla --- */

struct group {
	char *key;
	struct figs f;
};

struct groups {
	struct group *v;
	size_t n, alloc;
};

static struct figs *
group_of(struct groups *g, const char *key)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(g->v[i].key, key))
			return &g->v[i].f;
	HAK_ALLOC_GROW(g->v, g->n + 1, g->alloc);
	memset(&g->v[g->n], 0, sizeof(g->v[g->n]));
	g->v[g->n].key = hak_xstrdup(key);
	return &g->v[g->n++].f;
}

static int
by_group_key(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->key,
		((const struct group *)b)->key);
}

/* One resolution (columns of hak_report_sla's query) into f. */
static void
resolution(const struct hak_calendar *cal, sqlite3_stmt *st, struct figs *f)
{
	int32_t day = hak_time_day(sqlite3_column_int64(st, 3)), due;
	int32_t received = hak_time_day(sqlite3_column_int64(st, 5));
	int64_t fr;

	f->resolved++;
	dvec_push(&f->resol, hak_bizdays_between(cal, received, day));
	if (!hak_time_parse(hak_db_col(st, 6), &fr, NULL))
		dvec_push(&f->first, hak_bizdays_between(cal, received,
			hak_time_day(fr)));
	if (!hak_day_parse(hak_db_col(st, 4), &due, NULL)) {
		f->sla_n++;
		f->met += hak_sla_met(day, due);
	}
}

int
hak_report_sla(struct hak_db *db, const struct hak_report_opts *o,
	struct hak_doc **out, struct hak_err *err)
{
	static const char sql[] = "SELECT s.department, s.category, "
		"s.assignee, s.since_ts, s.due_on, q.received_ts, "
		"q.first_response_at FROM request_spans s JOIN requests q ON "
		"q.id = s.request WHERE s.since_ts >= ?1 AND s.since_ts < ?2 "
		"AND s.status = 'resolved' AND s.entered = 1";
	static const char *const bys[] = { "department", "category",
		"assignee" };
	const struct hak_calendar cal = hak_db_calendar(db);
	const bool ko = hak_report_ko(db, o->lang);
	struct groups g = { 0 };
	struct figs all = { 0 };
	struct hak_doc *d;
	sqlite3_stmt *st;
	const char *key;
	char *title;
	size_t i, by;
	int rc, src;

	*out = NULL;
	for (by = 0; by < 3 && o->by && strcmp(o->by, bys[by]); by++)
		;
	if (by == 3)
		return hak_err_set(err, HAK_EUSAGE, "--by: '%s' is not "
			"department, category or assignee", o->by);
	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	src = sqlite3_bind_int64(st, 1, o->period.start);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int64(st, 2, o->period.end);
	if ((rc = hak_db_bound(db, src, err)) == HAK_OK) {
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			key = hak_db_col(st, (int)by);
			resolution(&cal, st, group_of(&g, key ? key :
				"(none)"));
			resolution(&cal, st, &all);
		}
		if (src != SQLITE_DONE)
			rc = hak_db_fail(db, src, err);
	}
	sqlite3_finalize(st);
	if (!rc) {
		if (g.n)
			qsort(g.v, g.n, sizeof(*g.v), by_group_key);
		title = hak_report_title(db, ko, "SLA report", o);
		d = hak_doc_new(title);
		free(title);
		sla_table(d, ko, bys[by]);
		for (i = 0; i < g.n; i++)
			sla_row(d, g.v[i].key, &g.v[i].f);
		sla_row(d, HAK_REPORT_ALL, &all);
		hak_doc_bars(d, "sla_met_percent", hak_report_tr(ko,
			"SLA met, % of resolved"));
		hak_doc_illustrate(d);
		for (i = 0; i < g.n; i++)
			sla_bar(d, g.v[i].key, &g.v[i].f);
		hak_doc_define(d, bys[by], "of the request when it was "
			"resolved; (none): no assignee; (all): every one");
		sla_defines(d);
		*out = d;
	}
	for (i = 0; i < g.n; i++) {
		free(g.v[i].key);
		free(g.v[i].f.first.v);
		free(g.v[i].f.resol.v);
	}
	free(g.v);
	free(all.first.v);
	free(all.resol.v);
	return rc;
}
