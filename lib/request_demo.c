/* SPDX-License-Identifier: MIT */
/* `hak demo`: a year of realistic support requests (SPEC 5.1, 5.2). */
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "request_int.h"
#include "hak/date.h"
#include "hak/school.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define HOUR 3600
#define DAY 86400

/* Titles by category; the first word of a category code picks them. */
static const struct {
	const char *category;
	const char *titles[4];
} titles[] = {
	{ "curriculum", { "교육과정 편성 자문 요청", "자유학기 프로그램 운영 지원",
		"수업 나눔 컨설팅 요청", "평가 계획 검토 요청" } },
	{ "teacher-support", { "신규 교사 멘토링 요청", "수업 코칭 신청",
		"교사 연수 강사 지원", "학급 운영 상담 요청" } },
	{ "student-welfare", { "학생 상담 인력 지원", "기초학력 지원 프로그램 문의",
		"방과후 돌봄 운영 지원", "학생 건강 검진 안내 요청" } },
	{ "admin-task", { "공문 처리 대행 요청", "학교 통계 입력 지원",
		"계약 서류 검토 요청", "학교운영위원회 자료 지원" } },
	{ "budget-accounting", { "예산 편성 자문 요청", "회계 결산 지원",
		"물품 구매 절차 문의", "세출 예산 변경 지원" } },
	{ "hr-payroll", { "기간제 교원 채용 지원", "급여 정산 오류 문의",
		"복무 규정 해석 요청", "인사 서류 검토 요청" } },
	{ "conflict-mediation", { "학부모 민원 중재 요청", "교권 침해 상담 요청",
		"교직원 갈등 조정 요청", "지역 주민 민원 조정" } },
	{ "school-violence", { "학교폭력 사안 처리 지원", "심의위원회 자료 검토",
		"피해 학생 보호 조치 상담", "관계 회복 프로그램 요청" } },
	{ "facility-repair", { "교실 누수 보수 요청", "화장실 배관 수리",
		"운동장 배수 불량", "출입문 고장 수리" } },
	{ "safety-inspection", { "소방 시설 점검 요청", "놀이 시설 안전 점검",
		"전기 설비 정기 점검", "석면 관리 점검 요청" } },
	{ "it-equipment", { "교실 전자칠판 고장", "무선 네트워크 장애",
		"노트북 대여 요청", "프린터 교체 요청" } },
};

static const char *const requesters[] = {
	"김지현 교무부장", "이수진 행정실장", "박민수 교감", "최영희 교사",
	"정대호 행정주무관", "강은정 교사", "조성훈 교장", "윤미경 보건교사",
	"장현석 교사", "임지은 상담교사",
};

static const char *const resolutions[] = {
	"현장 방문 후 조치 완료", "담당자와 협의하여 처리함",
	"관련 자료 제공 및 안내 완료", "외부 업체 연계로 해결",
	"전화 상담으로 안내 완료",
};

struct pool {
	struct hak_strv codes, depts;	/* parallel */
	struct hak_strv from, to;	/* projects: start_on, end_on */
};

static void
pool_clear(struct pool *p)
{
	hak_strv_clear(&p->codes);
	hak_strv_clear(&p->depts);
	hak_strv_clear(&p->from);
	hak_strv_clear(&p->to);
}

static int
load_pool(struct hak_db *db, const char *sql, struct pool *p,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		hak_strv_push(&p->codes, hak_db_col(st, 0));
		hak_strv_push(&p->depts, hak_db_col(st, 1));
		if (sqlite3_column_count(st) == 4) {
			hak_strv_push(&p->from, hak_db_col(st, 2));
			hak_strv_push(&p->to, hak_db_col(st, 3));
		}
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? HAK_OK : hak_db_fail(db, src, err);
}

/* Whether entry i of p is in department dept and, for a pool with
 * dates, runs on day (YYYY-MM-DD; NULL: any day). */
static bool
fits(const struct pool *p, size_t i, const char *dept, const char *day)
{
	if (strcmp(p->depts.v[i], dept))
		return false;
	if (!day || i >= p->from.n)
		return true;
	return (!p->from.v[i] || strcmp(p->from.v[i], day) <= 0) &&
		(!p->to.v[i] || strcmp(p->to.v[i], day) >= 0);
}

/* A random entry of p that fits (NULL when none). */
static const char *
pick_in(struct hak_rand *r, const struct pool *p, const char *dept,
	const char *day)
{
	size_t i, n = 0, k;

	for (i = 0; i < p->codes.n; i++)
		if (fits(p, i, dept, day))
			n++;
	if (!n)
		return NULL;
	k = (size_t)hak_rand_range(r, 0, (long)n - 1);
	for (i = 0; i < p->codes.n; i++)
		if (fits(p, i, dept, day) && k-- == 0)
			return p->codes.v[i];
	return NULL;
}

static const char *const *
titles_for(const char *category)
{
	size_t i;

	for (i = 0; i < N(titles); i++)
		if (!strcmp(titles[i].category, category))
			return titles[i].titles;
	return NULL;
}

/* Weighted choice: w[] sums to 100. */
static int
weighted(struct hak_rand *r, const int *w, int n)
{
	long x = hak_rand_range(r, 0, 99);
	int i;

	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

struct sim {
	struct hak_db *db;
	int64_t real_now;
	const char *key;
	const char *staff;
	int64_t t;	/* the time of the request's last step */
	struct hak_err *err;
};

/*
 * Take one step at t + delta (seconds) unless that is after now.
 * Returns 1 when the step lies in the future (the request stays as it
 * is), 0 when done, or an error code.
 */
/* Staff work 09:00-18:00 on business days: move t into the next such
 * time, keeping its minutes so that times do not bunch up. */
static int64_t
office_hours(struct hak_db *db, int64_t t)
{
	struct hak_calendar cal = hak_db_calendar(db);
	int32_t day, next;
	int secs, off;

	hak_time_split(t, &day, &secs, &off);
	next = hak_bizday_next(&cal, day);
	if (next == day && secs >= 9 * HOUR && secs < 18 * HOUR)
		return t;
	if (next == day && secs >= 18 * HOUR)
		next = hak_bizday_next(&cal, day + 1);
	if (next == day || secs < 9 * HOUR || secs >= 18 * HOUR)
		secs = 9 * HOUR + secs % (9 * HOUR);
	return hak_time_from_local(next, secs);
}

static int
step(struct sim *s, int64_t delta, const struct hak_request_action *a)
{
	int rc;

	s->t = office_hours(s->db, s->t + (delta < 60 ? 60 : delta));
	if (s->t > s->real_now)
		return 1;
	hak_db_set_clock(s->db, s->t);
	rc = hak_rq_act_one(s->db, s->key, a, s->err);
	return rc ? -rc : 0;
}

static int
simulate(struct sim *s, struct hak_rand *r, int sla_days)
{
	struct hak_request_action a;
	static const int ratings[] = { 3, 5, 12, 30, 50 };
	int64_t work;
	long fate = hak_rand_range(r, 0, 99);
	int rc;

#define STEP(d) do { if ((rc = step(s, (d), &a))) return rc < 0 ? -rc : 0; } \
	while (0)
	memset(&a, 0, sizeof(a));
	if (fate < 3) {		/* withdrawn by the school */
		a.cmd = HAK_RQ_WITHDRAW;
		a.text = hak_rand_range(r, 0, 1) ? "학교 자체 해결" : NULL;
		STEP(hak_rand_range(r, HOUR, 2 * DAY));
		return HAK_OK;
	}
	if (fate < 7) {		/* out of the headquarters' scope */
		a.cmd = HAK_RQ_REJECT;
		a.text = "지원 범위에 해당하지 않아 관할 기관 안내";
		STEP(hak_rand_range(r, 2 * HOUR, 30 * HOUR));
		return HAK_OK;
	}
	a.cmd = HAK_RQ_ASSIGN;
	a.to = s->staff;
	STEP(hak_rand_range(r, 15 * 60, 20 * HOUR));
	a.cmd = HAK_RQ_START;
	STEP(hak_rand_range(r, 30 * 60, 26 * HOUR));
	if (fate < 20) {	/* waiting for the school */
		a.cmd = HAK_RQ_WAIT;
		STEP(hak_rand_range(r, HOUR, 24 * HOUR));
		a.cmd = HAK_RQ_START;
		STEP(hak_rand_range(r, DAY, 6 * DAY));
	}
	if (hak_rand_range(r, 0, 3) == 0) {
		a.cmd = HAK_RQ_NOTE;
		a.text = "학교 담당자와 일정 협의";
		STEP(hak_rand_range(r, HOUR, DAY));
	}
	/* Most finish within the SLA, some take longer. */
	work = (int64_t)(sla_days > 0 ? sla_days : 1) * DAY;
	a.cmd = HAK_RQ_RESOLVE;
	a.text = resolutions[hak_rand_range(r, 0, N(resolutions) - 1)];
	STEP(hak_rand_range(r, 2 * HOUR, fate < 85 ? work : 3 * work));
	if (fate >= 95) {	/* reopened: it broke again */
		a.cmd = HAK_RQ_CLOSE;
		STEP(hak_rand_range(r, DAY, 3 * DAY));
		a.cmd = HAK_RQ_REOPEN;
		a.text = "동일 증상 재발";
		STEP(hak_rand_range(r, DAY, 5 * DAY));
		a.cmd = HAK_RQ_RESOLVE;
		a.text = "재조치 완료";
		STEP(hak_rand_range(r, 2 * HOUR, 3 * DAY));
	}
	a.cmd = HAK_RQ_CLOSE;
	STEP(hak_rand_range(r, 6 * HOUR, 5 * DAY));
	if (hak_rand_range(r, 0, 99) < 55) {
		a.cmd = HAK_RQ_RATE;
		a.rating = weighted(r, ratings, 5) + 1;
		STEP(hak_rand_range(r, HOUR, 3 * DAY));
	}
	return HAK_OK;
#undef STEP
}

static int
sla_of(struct hak_db *db, const char *category, int prio)
{
	const struct hak_config *org = hak_db_config(db);
	size_t i;
	int d = org->sla[prio];

	for (i = 0; i < org->ncats; i++)
		if (!strcmp(org->cats[i].code, category) &&
			org->cats[i].sla_days >= 0)
			return org->cats[i].sla_days;
	return d;
}

int
hak_request_demo(struct hak_db *db, struct hak_rand *r,
	struct hak_buf *summary, struct hak_err *err)
{
	static const int prio_w[] = { 15, 60, 18, 7 };
	static const char *const chans[] = { "web", "phone", "email",
		"document", "visit" };
	static const int chan_w[] = { 45, 25, 12, 10, 8 };
	struct pool cats = { HAK_STRV_INIT, HAK_STRV_INIT, HAK_STRV_INIT,
		HAK_STRV_INIT };
	struct pool staff = { HAK_STRV_INIT, HAK_STRV_INIT, HAK_STRV_INIT,
		HAK_STRV_INIT };
	struct pool projects = { HAK_STRV_INIT, HAK_STRV_INIT, HAK_STRV_INIT,
		HAK_STRV_INIT };
	struct hak_strv schools = HAK_STRV_INIT;
	struct hak_calendar cal = hak_db_calendar(db);
	struct hak_request_new in;
	struct sim s;
	int64_t real_now = hak_db_now(db);
	char *actor = hak_xstrdup(hak_db_actor(db)), key[24], body[256];
	char dayname[HAK_DATE_LEN];
	const char *const *tt;
	int32_t today = hak_time_day(real_now), d;
	long count = 0, k, per, i;
	long long id;
	bool existed;
	size_t c;
	int rc, prio;

	if ((rc = hak_school_codes(db, &schools, err)) ||
		(rc = load_pool(db, "SELECT code, department FROM categories "
		"WHERE active = 1 ORDER BY code", &cats, err)) ||
		(rc = load_pool(db, "SELECT id, department FROM staff WHERE "
		"active = 1 ORDER BY id", &staff, err)) ||
		(rc = load_pool(db, "SELECT code, department, start_on, end_on "
		"FROM projects WHERE status <> 'planned' ORDER BY code",
		&projects, err)))
		goto out;
	if (!schools.n || !cats.codes.n)
		goto out;
	if ((rc = hak_db_begin(db, err)))
		goto out;
	for (d = today - 365; d <= today && !rc; d++) {
		hak_day_format(d, dayname);
		per = hak_bizday_is(&cal, d) ? hak_rand_range(r, 9, 21) :
			hak_rand_range(r, 0, 2);
		for (k = 0; k < per && !rc; k++) {
			memset(&in, 0, sizeof(in));
			/* some schools ask far more often than others */
			i = hak_rand_range(r, 0, (long)schools.n - 1);
			i = i * hak_rand_range(r, 1, 100) / 100;
			in.school = schools.v[i];
			c = (size_t)hak_rand_range(r, 0, (long)cats.codes.n - 1);
			in.category = cats.codes.v[c];
			prio = weighted(r, prio_w, 4);
			in.priority = hak_priority_name(prio);
			in.channel = chans[weighted(r, chan_w, 5)];
			tt = titles_for(in.category);
			in.title = tt ? tt[hak_rand_range(r, 0, 3)] :
				"지원 요청";
			snprintf(body, sizeof(body), "%s 관련하여 본부의 지원을 "
				"요청드립니다.", in.title);
			in.body = body;
			in.requester = requesters[hak_rand_range(r, 0,
				N(requesters) - 1)];
			if (hak_rand_range(r, 0, 9) == 0)
				in.project = pick_in(r, &projects,
					cats.depts.v[c], dayname);
			s.t = hak_time_from_local(d, (int)hak_rand_range(r,
				8 * HOUR + 1800, 18 * HOUR));
			if (s.t > real_now)
				continue;
			hak_db_set_clock(db, s.t);
			hak_db_set_actor(db, "demo.intake");
			if ((rc = hak_rq_create(db, &in, &id, &existed, err)))
				break;
			count++;
			snprintf(key, sizeof(key), "%lld", id);
			s.db = db;
			s.real_now = real_now;
			s.key = key;
			s.err = err;
			s.staff = pick_in(r, &staff, cats.depts.v[c], NULL);
			if (!s.staff)
				continue;
			hak_db_set_actor(db, s.staff);
			rc = simulate(&s, r, sla_of(db, in.category, prio));
		}
	}
	if (rc)
		hak_db_rollback(db);
	else
		rc = hak_db_commit(db, err);
	if (!rc)
		hak_buf_addf(summary, ", %ld requests", count);
out:
	hak_db_set_clock(db, real_now);
	hak_db_set_actor(db, actor);
	free(actor);
	hak_strv_clear(&schools);
	pool_clear(&cats);
	pool_clear(&staff);
	pool_clear(&projects);
	return rc;
}
