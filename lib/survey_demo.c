/* SPDX-License-Identifier: MIT */
/*
 * The demo step of surveys (`hak demo`): the headquarters' support
 * satisfaction survey of this year and last year, each linked to that
 * year's administrative workload project (ADM-YYYY-01), with responses as
 * the forms export them: this year's from Google Forms (Korean timestamps),
 * imported weekly as a cumulative export, last year's from Excel.  The
 * answers are drawn so that the headline figures resemble the published
 * ones: nearly all report less administrative work, more than 85% gained
 * time for teaching.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "hak/csvio.h"
#include "hak/date.h"
#include "hak/rand.h"
#include "hak/survey.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The definition; %d: the year (three times), the project's year. */
static const char definition[] =
	"code: support-%d\n"
	"title: 학교지원 만족도 조사 %d\n"
	"project: ADM-%d-01\n"
	"population: %ld\n"
	"unknown_school: missing\n"
	"scales:\n"
	"  sat5: {points: 5, labels: [매우 불만족, 불만족, 보통, 만족, "
	"매우 만족], na: [해당 없음]}\n"
	"  agree5: {points: 5, labels: [전혀 그렇지 않다, 그렇지 않다, "
	"보통이다, 그렇다, 매우 그렇다], aliases: {5: [매우그렇다]}}\n"
	"  yesno: {type: yesno, yes: [예, 네], no: [아니오, 아니요]}\n"
	"fields:\n"
	"  school: 학교명\n"
	"  role: {column: 직위, map: {teacher: [교사, 담임교사], "
	"vice_principal: [교감], principal: [교장], staff: [행정실 직원, "
	"행정실장, 주무관]}}\n"
	"  submitted_at: [타임스탬프, 제출 시각]\n"
	"questions:\n"
	"  - {id: overall, column: \"1. 전반적인 지원 서비스에 "
	"만족하십니까?\", scale: sat5}\n"
	"  - {id: workload_reduced, column: \"2. 행정업무 부담이 "
	"줄었습니까?\", scale: yesno}\n"
	"  - {id: time_gained, column: \"3. 교육활동 시간을 더 "
	"확보하였습니까?\", scale: yesno}\n"
	"  - {id: burden, column: \"4. 여전히 업무 부담이 크다\", "
	"scale: agree5, reverse: true, optional: true}\n"
	"  - {id: response_speed, column: \"5. 요청 처리 속도에 "
	"만족하십니까?\", scale: sat5}\n"
	"  - {id: comment, column: 기타 의견, type: text, optional: true}\n";

static const char header[] = "%s,학교명,직위,"
	"1. 전반적인 지원 서비스에 만족하십니까?,"
	"2. 행정업무 부담이 줄었습니까?,"
	"3. 교육활동 시간을 더 확보하였습니까?,"
	"4. 여전히 업무 부담이 크다,"
	"5. 요청 처리 속도에 만족하십니까?,기타 의견\n";

static const char *const sat5[] = { "매우 불만족", "불만족", "보통", "만족",
	"매우 만족" };
static const char *const agree5[] = { "전혀 그렇지 않다", "그렇지 않다",
	"보통이다", "그렇다", "매우 그렇다" };

/* Roles as respondents write them, with weights (per thousand). */
static const struct {
	const char *text;
	int weight;
} roles[] = {
	{ "교사", 520 }, { "담임교사", 200 }, { "교감", 80 }, { "교장", 50 },
	{ "행정실 직원", 90 }, { "주무관", 40 }, { "행정실장", 20 }
};

static const char *const comments[] = {
	"공문 처리 부담이 눈에 띄게 줄었습니다.",
	"시설 보수 요청이 빨리 처리되어 좋았습니다.",
	"방과후 업무 지원이 더 늘었으면 합니다.",
	"담당자 연락처를 찾기 어려웠습니다. 문의는 010-3141-5926으로 주세요.",
	"회계 실무 연수가 큰 도움이 되었습니다.",
	"학기 초에는 처리가 조금 늦었습니다.",
	"수업 준비 시간을 확보할 수 있어 감사합니다.",
	"결과를 demo.teacher@school.example 로도 알려 주세요."
};

/* One year's survey: its size and how its respondents answer. */
struct year_plan {
	int year;
	long responses, population;
	int yes_workload, yes_time;	/* per thousand */
	int sat_w[5];			/* weights of 1..5, overall */
	int speed_w[5];			/* response_speed */
	int burden_w[5];		/* burden, as answered */
	bool google;			/* Google Forms (else Excel) */
};

static int
pick(struct hak_rand *r, const int *w, int n)
{
	int total = 0, i, x;

	for (i = 0; i < n; i++)
		total += w[i];
	x = (int)hak_rand_range(r, 0, total - 1);
	for (i = 0; i < n - 1 && x >= w[i]; i++)
		x -= w[i];
	return i;
}

static bool
chance(struct hak_rand *r, int per_thousand)
{
	return hak_rand_range(r, 0, 999) < per_thousand;
}

/* A timestamp as the form exports it. */
static void
stamp(struct hak_buf *b, int64_t t, bool google)
{
	char s[HAK_TIME_LEN];
	int y, mo, d, h, mi, se;

	hak_time_format(t, s);
	if (sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se) != 6)
		return;
	if (google)
		hak_buf_addf(b, "%d. %d. %d %s %d:%02d:%02d", y, mo, d,
			h < 12 ? "오전" : "오후", h % 12 ? h % 12 : 12, mi,
			se);
	else
		hak_buf_addf(b, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
}

/* One response's CSV line into b. */
static void
response(struct hak_buf *b, struct hak_rand *r, const struct year_plan *p,
	const struct hak_strv *names, int64_t t)
{
	int rw[N(roles)];
	size_t i;
	int v;

	stamp(b, t, p->google);
	hak_buf_addch(b, ',');
	i = (size_t)hak_rand_range(r, 0, (long)names->n - 1);
	/* most write the school's name, some its code (names[i + 1]) */
	hak_csv_quote(b, names->v[(i & ~(size_t)1) + (chance(r, 150) ? 1 :
		0)], false);
	for (i = 0; i < N(roles); i++)
		rw[i] = roles[i].weight;
	hak_buf_addf(b, ",%s,", roles[pick(r, rw, (int)N(roles))].text);
	v = pick(r, p->sat_w, 5);
	hak_buf_adds(b, chance(r, 15) ? "해당 없음" : chance(r, 300) ?
		sat5[v] : (const char *[]){ "1", "2", "3", "4", "5" }[v]);
	hak_buf_addf(b, ",%s,%s,", chance(r, p->yes_workload) ? "예" :
		"아니오", chance(r, p->yes_time) ? "네" : "아니요");
	if (!chance(r, 120))
		hak_buf_adds(b, agree5[pick(r, p->burden_w, 5)]);
	hak_buf_addch(b, ',');
	hak_buf_adds(b, sat5[pick(r, p->speed_w, 5)]);
	hak_buf_addch(b, ',');
	if (chance(r, 60))
		hak_csv_quote(b, comments[hak_rand_range(r, 0,
			(long)N(comments) - 1)], false);
	hak_buf_addch(b, '\n');
}

/* Import text[0..len) into survey code as file name at time t. */
static int
import_text(struct hak_db *db, const char *code, const char *name,
	const char *text, size_t len, int64_t t, long *added,
	struct hak_err *err)
{
	struct hak_survey_import_opts so = { 0 };
	struct hak_import_opts io = { 0 };
	struct hak_import_stats st;
	FILE *fp;
	int rc;

	if (!(fp = fmemopen((void *)text, len, "r")))
		return hak_err_set(err, HAK_EOS, "cannot read the demo "
			"responses: %s", strerror(errno));
	so.code = code;
	io.path = name;
	io.fp = fp;
	io.enc = HAK_ENC_UTF8;
	hak_db_set_clock(db, t);
	rc = hak_survey_import(db, &so, &io, &st, err);
	fclose(fp);
	*added += st.new_rows;
	return rc;
}

/* The schools as respondents name them: name, code, name, code, ... */
static int
school_names(struct hak_db *db, struct hak_strv *out, struct hak_err *err)
{
	static const char sql[] = "SELECT name, code FROM schools WHERE "
		"status = 'open' ORDER BY code";
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		hak_strv_push(out, hak_db_col(st, 0));
		hak_strv_push(out, hak_db_col(st, 1));
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? HAK_OK : hak_db_fail(db, src, err);
}

/*
 * One year's survey: defined, then its responses (submitted over the two
 * weeks before the close day) imported; this year's as two weekly
 * cumulative exports, so the second adds only the responses after the
 * first.
 */
static int
one_survey(struct hak_db *db, struct hak_rand *r, const struct year_plan *p,
	const struct hak_strv *names, int32_t close_day, long *added,
	struct hak_err *err)
{
	struct hak_buf def = HAK_BUF_INIT, csv = HAK_BUF_INIT;
	char code[32], name[64];
	int64_t start = hak_time_from_local(close_day - 14, 9 * 3600), t;
	size_t first_week = 0;
	long i;
	int rc;

	snprintf(code, sizeof(code), "support-%d", p->year);
	hak_buf_addf(&def, definition, p->year, p->year, p->year,
		p->population);
	hak_db_set_clock(db, start - 86400);
	if ((rc = hak_survey_define(db, def.buf, def.len, "demo", NULL, NULL,
		err)))
		goto out;
	hak_buf_addf(&csv, header, p->google ? "타임스탬프" : "제출 시각");
	first_week = csv.len;
	for (i = 0; i < p->responses; i++) {
		t = start + (int64_t)i * 14 * 86400 / p->responses +
			hak_rand_range(r, 0, 600);
		response(&csv, r, p, names, t);
		if (t < start + 7 * 86400)
			first_week = csv.len;
	}
	if (p->google) {
		/* the export of the first week, then the whole */
		char *week = hak_xstrndup(csv.buf, first_week);

		snprintf(name, sizeof(name), "%s-week1.csv", code);
		rc = import_text(db, code, name, week, strlen(week),
			start + 7 * 86400, added, err);
		free(week);
		if (rc)
			goto out;
	}
	snprintf(name, sizeof(name), "%s%s.csv", code, p->google ?
		"-week2" : "");
	rc = import_text(db, code, name, csv.buf, csv.len, start + 14 * 86400,
		added, err);
out:
	hak_buf_release(&def);
	hak_buf_release(&csv);
	return rc;
}

int
hak_survey_demo(struct hak_db *db, struct hak_rand *r,
	struct hak_buf *summary, struct hak_err *err)
{
	struct hak_strv names = HAK_STRV_INIT;
	int64_t real_now = hak_db_now(db);
	char *actor = hak_xstrdup(hak_db_actor(db));
	int32_t today = hak_time_day(real_now);
	int y, m, d;
	long added = 0;
	int rc;

	hak_day_to_ymd(today, &y, &m, &d);
	{
		/* last year's closed on 12-10; this year's closes a week
		 * before today (the demo is as of late in the year) */
		const struct year_plan plans[2] = {
			{ y - 1, 980, 1500, 962, 838, { 20, 40, 170, 430, 340 },
				{ 30, 60, 220, 400, 290 },
				{ 260, 380, 200, 110, 50 }, false },
			{ y, 1240, 1800, 985, 872, { 10, 25, 120, 420, 425 },
				{ 15, 45, 180, 420, 340 },
				{ 330, 400, 160, 80, 30 }, true },
		};
		const int32_t close[2] = { hak_day_from_ymd(y - 1, 12, 10),
			today - 7 };

		if ((rc = school_names(db, &names, err)))
			goto out;
		if (!names.n)
			goto out;
		/* the data officer of the workload project imports them */
		hak_db_set_actor(db, "son.kyungho");
		for (size_t i = 0; i < 2 && !rc; i++)
			rc = one_survey(db, r, &plans[i], &names, close[i],
				&added, err);
	}
	if (!rc)
		hak_buf_addf(summary, ", 2 surveys, %ld responses", added);
out:
	hak_db_set_clock(db, real_now);
	hak_db_set_actor(db, actor);
	free(actor);
	hak_strv_clear(&names);
	return rc;
}
