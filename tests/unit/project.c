/* SPDX-License-Identifier: MIT */
/* Unit tests of the project catalogue (SPEC 5.3): values, add, set, close,
 * enroll, participants, reach, import, the demo step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_int.h"
#include "hak/config.h"
#include "hak/date.h"
#include "hak/db.h"
#include "hak/demo.h"
#include "hak/project.h"
#include "hak/school.h"
#include "tap.h"

static char dir[] = "/tmp/hak-unit-project.XXXXXX";

static long long
count(struct hak_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The first column of a query's rows, joined with "|". */
static char text[4096];

static const char *
rows(struct hak_db *db, const char *sql)
{
	sqlite3_stmt *st;
	size_t len = 0;

	text[0] = '\0';
	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return "(bad sql)";
	while (sqlite3_step(st) == SQLITE_ROW && len < sizeof(text) - 1)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s",
			len ? "|" : "", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return text;
}

static void
values(void)
{
	const char *c = NULL;
	char *s = NULL;
	struct hak_err err;

	ok(!hak_project_recipient_parse("교원", &c, NULL) &&
		!strcmp(c, "teacher"), "recipient: 교원 is teacher");
	ok(!hak_project_recipient_parse("교직원", &c, NULL) &&
		!strcmp(c, "staff"), "recipient: 교직원 is staff");
	ok(!hak_project_recipient_parse("학부모", &c, NULL) &&
		!strcmp(c, "parent"), "recipient: 학부모 is parent");
	ok(!hak_project_recipient_parse("School", &c, NULL) &&
		!strcmp(c, "school"), "recipient: any ASCII case");
	is_int(hak_project_recipient_parse("principal", &c, &err), HAK_EDATA,
		"recipient: principal refused");
	ok(strstr(err.msg, "'principal'") != NULL, "recipient: message");
	ok(!hak_project_status_parse("진행중", &c, NULL) &&
		!strcmp(c, "active"), "status: 진행중 is active");
	ok(!hak_project_status_parse("종료", &c, NULL) &&
		!strcmp(c, "closed"), "status: 종료 is closed");
	is_int(hak_project_status_parse("done", &c, NULL), HAK_EDATA,
		"status: done refused");
	is_int(hak_project_recipients_norm(" 학생 ; teacher;;student ", &s,
		NULL), HAK_OK, "recipients: normalised");
	is_str(s, "student;teacher", "recipients: sorted, unique, trimmed");
	free(s);
	hak_project_recipients_norm(" ; ", &s, NULL);
	ok(s == NULL, "recipients: empty set is NULL");
	is_int(hak_project_code_check("EDU-2026.07", NULL), HAK_OK,
		"code: letters, digits, - and .");
	is_int(hak_project_code_check("a b", NULL), HAK_EDATA,
		"code: a space refused");
	is_int(hak_project_code_check("1.2E+15", NULL), HAK_EDATA,
		"code: spreadsheet notation refused");
}

static int
collect(void *ctx, const struct hak_participation *p)
{
	struct hak_buf *b = ctx;

	hak_buf_addf(b, "%s%s/%s/%s/%s", b->len ? " " : "", p->v[HAK_PT_SCHOOL],
		p->v[HAK_PT_RECIPIENT], p->v[HAK_PT_COUNT], p->v[HAK_PT_DATE]);
	return 0;
}

static int
collect_reach(void *ctx, const struct hak_project_reach *r)
{
	struct hak_buf *b = ctx;

	hak_buf_addf(b, "%s%s/%s/%lld/%lld/%lld", b->len ? " " : "",
		r->recipient, r->level, r->schools, r->records, r->count);
	return 0;
}

static int
collect_reached(void *ctx, const struct hak_project_reached *r)
{
	struct hak_buf *b = ctx;

	hak_buf_addf(b, "%s%s/%s/%lld/%lld/%lld", b->len ? " " : "",
		r->project ? r->project : "-", r->recipient ? r->recipient : "-",
		r->schools, r->records, r->count);
	return 0;
}

/* What the projects reached in a period (P1: S1 12 teachers, S3 10
 * teachers, S1 and S2 30 students each on 2026-04-01; P2: S2 as a school
 * on 2026-11-27). */
static void
reached(struct hak_db *db)
{
	struct hak_buf b = HAK_BUF_INIT;
	int32_t jan1 = hak_day_from_ymd(2026, 1, 1);
	int32_t dec31 = hak_day_from_ymd(2026, 12, 31);
	int32_t apr1 = hak_day_from_ymd(2026, 4, 1);

	is_int(hak_project_reach_period(db, jan1, dec31, NULL,
		collect_reached, &b, NULL), HAK_OK, "reach_period: the year");
	is_str(b.buf, "P1/teacher/2/2/22 P1/student/2/2/60 P1/-/3/4/-1 "
		"P2/school/1/1/1 P2/-/1/1/-1 "
		"-/school/1/1/1 -/teacher/2/2/22 -/student/2/2/60 -/-/3/5/-1",
		"reach_period: per project and type, any type, all projects");
	hak_buf_reset(&b);
	hak_project_reach_period(db, apr1 + 1, dec31, NULL, collect_reached,
		&b, NULL);
	is_str(b.buf, "P2/school/1/1/1 P2/-/1/1/-1 -/school/1/1/1 -/-/1/1/-1",
		"reach_period: only the days of the period");
	hak_buf_reset(&b);
	hak_project_reach_period(db, apr1, apr1, "P1", collect_reached, &b,
		NULL);
	is_str(b.buf, "P1/teacher/2/2/22 P1/student/2/2/60 P1/-/3/4/-1 "
		"-/teacher/2/2/22 -/student/2/2/60 -/-/3/4/-1",
		"reach_period: one project, first and last day included");
	hak_buf_reset(&b);
	hak_project_reach_period(db, jan1, apr1 - 1, NULL, collect_reached,
		&b, NULL);
	ok(b.len == 0, "reach_period: no participations, no rows");
	hak_buf_release(&b);
}

static void
free_projects(struct hak_project *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		hak_project_release(&p[i]);
	free(p);
}

static void
free_parts(struct hak_participation *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		hak_participation_release(&p[i]);
	free(p);
}

/* The projects and participations of a demo database, as text. */
static char *
demo_text(const char *path, uint64_t seed, char **summary)
{
	struct hak_buf b = HAK_BUF_INIT;
	struct hak_db *db = NULL;
	sqlite3_stmt *st;
	int i;

	*summary = NULL;
	if (hak_demo_build(path, seed, summary, NULL) ||
		hak_db_open(path, HAK_DB_READONLY, &db, NULL))
		return hak_xstrdup("(failed)");
	sqlite3_prepare_v2(db->sql, "SELECT code, name, department, "
		"recipients, year, start_on, end_on, status, is_new, budget "
		"FROM projects ORDER BY code", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < 10; i++)
			hak_buf_addf(&b, "%s%c", sqlite3_column_text(st, i) ?
				(const char *)sqlite3_column_text(st, i) : "",
				i == 9 ? '\n' : ',');
	sqlite3_finalize(st);
	sqlite3_prepare_v2(db->sql, "SELECT project || school || recipient || "
		"day || count FROM participations ORDER BY 1", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		hak_buf_addf(&b, "%s\n", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	hak_db_close(db);
	return hak_buf_detach(&b, NULL);
}

static void
demo(void)
{
	char p1[300], p2[300], *s1, *s2, *sum1, *sum2;
	struct hak_db *db = NULL;

	snprintf(p1, sizeof(p1), "%s/d1.db", dir);
	snprintf(p2, sizeof(p2), "%s/d2.db", dir);
	s1 = demo_text(p1, 7, &sum1);
	s2 = demo_text(p2, 7, &sum2);
	ok(!strcmp(s1, s2), "demo: the same seed, the same projects");
	ok(sum1 && strstr(sum1, " projects, ") &&
		strstr(sum1, " participations"), "demo: summary counts them");
	if (!hak_db_open(p1, HAK_DB_READONLY, &db, NULL)) {
		ok(count(db, "SELECT count(*) FROM projects") >= 30,
			"demo: 30+ projects");
		is_int(count(db, "SELECT count(DISTINCT department) FROM "
			"projects"), 4, "demo: the four departments");
		is_int(count(db, "SELECT count(DISTINCT year) FROM projects"),
			3, "demo: three years");
		ok(count(db, "SELECT count(*) FROM projects WHERE year = 2026 "
			"AND is_new = 1") >= 3, "demo: new projects this year");
		is_int(count(db, "SELECT count(*) FROM projects WHERE year < "
			"2026 AND status <> 'closed'"), 0,
			"demo: past years' projects closed");
		is_int(count(db, "SELECT count(*) FROM projects WHERE "
			"start_on > '2026-11-27' AND status <> 'planned'"), 0,
			"demo: future projects planned");
		is_int(count(db, "SELECT count(DISTINCT recipient) FROM "
			"participations"), 5, "demo: every recipient type");
		is_int(count(db, "SELECT count(*) FROM participations p JOIN "
			"projects j ON j.code = p.project WHERE p.day < j.start_on"
			" OR p.day > j.end_on OR p.day > '2026-11-27'"), 0,
			"demo: participations within the project's dates");
		is_int(count(db, "SELECT count(*) FROM participations WHERE "
			"recipient = 'school' AND count <> 1"), 0,
			"demo: a school counts 1");
		is_int(count(db, "SELECT count(*) FROM participations") +
			count(db, "SELECT count(*) FROM projects"),
			count(db, "SELECT count(*) FROM events WHERE entity = "
			"'project'"), "demo: an event per project and "
			"participation");
		hak_db_close(db);
	}
	free(s1);
	free(s2);
	free(sum1);
	free(sum2);
}

int
main(void)
{
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_err err;
	struct hak_project p, *done = NULL;
	struct hak_participation *pd = NULL;
	struct hak_project_change ch = { { 0 } };
	struct hak_enroll en = { 0 };
	struct hak_strv keys = HAK_STRV_INIT;
	struct hak_buf b = HAK_BUF_INIT;
	struct hak_import_opts io = { 0 };
	struct hak_import_stats st;
	char dbpath[256], file[256];
	size_t n = 0;
	FILE *fp;
	int rc;

	setenv("HAK_NOW", "2026-11-27T10:00:00", 1);
	setenv("HAK_USER", "tester", 1);
	values();
	if (!mkdtemp(dir))
		return 1;
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	hak_config_default(&cfg);
	rc = hak_db_init(dbpath, NULL, &cfg, &db, NULL, NULL, &err);
	hak_config_release(&cfg);
	if (!ok(rc == HAK_OK, "database created")) {
		printf("# %s\n", err.msg);
		return done_testing();
	}
	snprintf(file, sizeof(file), "%s/s.csv", dir);
	fp = fopen(file, "w");
	fputs("code,name,level\nS1,한빛초등학교,elementary\n"
		"S2,한빛중학교,middle\nS3,새솔고등학교,high\n", fp);
	fclose(fp);
	io.path = file;
	rc = hak_school_import(db, &io, 2026, &st, NULL);
	is_int(rc, HAK_OK, "schools imported");

	/* add */
	ch.v[HAK_PJ_NAME] = "수업코칭";
	ch.v[HAK_PJ_DEPT] = "edu";
	ch.v[HAK_PJ_RECIPIENTS] = "교사;학생";
	ch.v[HAK_PJ_START_ON] = "2025.3.2";
	ch.v[HAK_PJ_BUDGET] = "1,000원";
	rc = hak_project_add(db, "P1", &ch, 0, &p, &err);
	is_int(rc, HAK_OK, "add");
	is_str(p.v[HAK_PJ_DEPT], "EDU", "add: department upper case");
	is_str(p.v[HAK_PJ_YEAR], "2025", "add: year from start_on");
	is_str(p.v[HAK_PJ_STATUS], "planned", "add: planned by default");
	is_str(p.v[HAK_PJ_IS_NEW], "0", "add: not new by default");
	is_str(p.v[HAK_PJ_BUDGET], "1000", "add: budget read as won");
	hak_project_release(&p);
	is_int(hak_project_add(db, "P1", &ch, 0, NULL, &err), HAK_EDATA,
		"add: existing code refused");
	ch.v[HAK_PJ_END_ON] = "2025-01-01";
	is_int(hak_project_add(db, "P2", &ch, 0, NULL, &err), HAK_EDATA,
		"add: end before start refused");
	is_str(err.msg, "start_on 2025-03-02 is after end_on 2025-01-01",
		"add: dates message");
	ch.v[HAK_PJ_END_ON] = "2025-13-01";
	is_int(hak_project_add(db, "P2", &ch, 0, NULL, &err), HAK_EUSAGE,
		"add: malformed date is usage");
	ok(!strncmp(err.msg, "--end-on: ", 10), "add: message names the option");
	ch.v[HAK_PJ_END_ON] = NULL;
	ch.v[HAK_PJ_BUDGET] = "-1";
	is_int(hak_project_add(db, "P2", &ch, 0, NULL, &err), HAK_EDATA,
		"add: negative budget refused");
	ch.v[HAK_PJ_BUDGET] = NULL;
	ch.v[HAK_PJ_DEPT] = "XYZ";
	is_int(hak_project_add(db, "P2", &ch, 0, NULL, &err), HAK_EDATA,
		"add: unknown department refused");
	ch.v[HAK_PJ_DEPT] = "FAC";
	ch.v[HAK_PJ_RECIPIENTS] = "school";
	ch.v[HAK_PJ_START_ON] = NULL;
	ch.v[HAK_PJ_NAME] = "안전점검";
	is_int(hak_project_add(db, "P2", &ch, HAK_PROJECT_DRY_RUN, NULL, &err),
		HAK_OK, "add --dry-run");
	is_int(count(db, "SELECT count(*) FROM projects"), 1,
		"dry run wrote nothing");
	is_int(hak_project_add(db, "P2", &ch, 0, NULL, &err), HAK_OK, "add P2");
	is_str(rows(db, "SELECT year FROM projects WHERE code = 'P2'"), "2026",
		"add: year of now without start_on");

	/* set */
	memset(&ch, 0, sizeof(ch));
	ch.v[HAK_PJ_AREA] = "안전";
	ch.v[HAK_PJ_IS_NEW] = "1";
	hak_strv_push(&keys, "P2");
	rc = hak_project_set(db, &keys, &ch, 0, NULL, "t", &done, &n, &err);
	is_int(rc, HAK_OK, "set");
	is_int(n, 1, "set: one record done");
	is_str(n ? done[0].v[HAK_PJ_AREA] : NULL, "안전", "set: area");
	free_projects(done, n);
	is_str(rows(db, "SELECT field || ':' || coalesce(old, '') || '>' || "
		"new FROM events WHERE entity = 'project' AND action = 'update' "
		"ORDER BY id"), "area:>안전|is_new:0>1",
		"set: an update event per field");
	hak_strv_push(&keys, "NOPE");
	rc = hak_project_set(db, &keys, &ch, 0, NULL, "t", &done, &n, &err);
	is_int(rc, HAK_ENOMATCH, "set: unknown code");
	is_int(n, 0, "set: nothing done");
	free_projects(done, n);
	ch.v[HAK_PJ_AREA] = "x";
	rc = hak_project_set(db, &keys, &ch, HAK_PROJECT_KEEP_GOING, NULL, "t",
		&done, &n, &err);
	is_int(rc, HAK_ENOMATCH, "set --keep-going: worst code");
	is_int(n, 1, "set --keep-going: the known one done");
	free_projects(done, n);
	ch.v[HAK_PJ_AREA] = NULL;
	ch.v[HAK_PJ_NAME] = "";
	is_int(hak_project_set(db, &keys, &ch, 0, NULL, "t", &done, &n, &err),
		HAK_EUSAGE, "set: clearing the name is usage");
	free_projects(done, n);
	hak_strv_clear(&keys);

	/* close */
	hak_strv_push(&keys, "P1");
	rc = hak_project_close(db, &keys, NULL, 0, NULL, "t", &done, &n, &err);
	is_int(rc, HAK_OK, "close");
	is_str(n ? done[0].v[HAK_PJ_END_ON] : NULL, "2026-11-27",
		"close: end_on today when empty");
	is_str(n ? done[0].v[HAK_PJ_STATUS] : NULL, "closed", "close: status");
	free_projects(done, n);
	is_int(hak_project_close(db, &keys, NULL, 0, NULL, "t", &done, &n,
		&err), HAK_EDATA, "close: already closed refused");
	free_projects(done, n);
	hak_strv_clear(&keys);

	/* enroll */
	hak_strv_push(&keys, "한빛초");
	hak_strv_push(&keys, "S3");
	hak_strv_push(&keys, "S1");
	en.project = "P1";
	en.count = "10";
	en.date = "2026-04-01";
	is_int(hak_project_enroll(db, &keys, &en, 0, NULL, "t", &pd, &n, &err),
		HAK_EUSAGE, "enroll: several types need --recipient");
	free_parts(pd, n);
	en.recipient = "parent";
	is_int(hak_project_enroll(db, &keys, &en, 0, NULL, "t", &pd, &n, &err),
		HAK_EDATA, "enroll: a type the project does not serve");
	free_parts(pd, n);
	en.recipient = "교사";
	is_int(hak_project_enroll(db, &keys, &en, 0, NULL, "t", &pd, &n, &err),
		HAK_OK, "enroll teachers");
	is_int(n, 2, "enroll: a school named twice counts once");
	free_parts(pd, n);
	en.count = "12";
	hak_strv_clear(&keys);
	hak_strv_push(&keys, "S1");
	is_int(hak_project_enroll(db, &keys, &en, 0, NULL, "t", &pd, &n, &err),
		HAK_OK, "enroll again: the count updated");
	free_parts(pd, n);
	en.recipient = "student";
	en.count = "30";
	hak_strv_push(&keys, "S2");
	is_int(hak_project_enroll(db, &keys, &en, 0, NULL, "t", &pd, &n, &err),
		HAK_OK, "enroll students");
	free_parts(pd, n);
	is_int(count(db, "SELECT count(*) FROM participations"), 4,
		"four participations");
	is_str(rows(db, "SELECT coalesce(old, '') || '>' || new FROM events "
		"WHERE action = 'enroll' ORDER BY id"),
		">S1,teacher,10,2026-04-01|>S3,teacher,10,2026-04-01|"
		"S1,teacher,10,2026-04-01>S1,teacher,12,2026-04-01|"
		">S1,student,30,2026-04-01|>S2,student,30,2026-04-01",
		"enroll events");
	hak_strv_clear(&keys);
	hak_strv_push(&keys, "P1");
	rc = hak_project_participants(db, &keys, collect, &b, &err);
	is_int(rc, HAK_OK, "participants");
	is_str(b.buf, "S1/teacher/12/2026-04-01 S1/student/30/2026-04-01 "
		"S2/student/30/2026-04-01 S3/teacher/10/2026-04-01",
		"participants: by date, school, recipient");
	hak_buf_reset(&b);
	rc = hak_project_reach_each(db, "P1", collect_reach, &b, &err);
	is_str(b.buf, "teacher/elementary/1/1/12 teacher/high/1/1/10 "
		"student/elementary/1/1/30 student/middle/1/1/30",
		"reach: by recipient then level");
	hak_buf_reset(&b);
	hak_strv_push(&keys, "NOPE");
	is_int(hak_project_participants(db, &keys, collect, &b, &err),
		HAK_ENOMATCH, "participants: unknown code");
	ok(b.len == 0, "participants: nothing listed for an unknown code");
	hak_strv_clear(&keys);

	/* enroll: school type */
	hak_strv_push(&keys, "S2");
	en.project = "P2";
	en.recipient = NULL;
	en.count = NULL;
	en.date = NULL;
	is_int(hak_project_enroll(db, &keys, &en, 0, NULL, "t", &pd, &n, &err),
		HAK_OK, "enroll a school: the one type");
	is_str(n ? pd[0].v[HAK_PT_COUNT] : NULL, "1", "enroll: a school is 1");
	is_str(n ? pd[0].v[HAK_PT_DATE] : NULL, "2026-11-27",
		"enroll: today by default");
	free_parts(pd, n);
	en.count = "3";
	is_int(hak_project_enroll(db, &keys, &en, 0, NULL, "t", &pd, &n, &err),
		HAK_EDATA, "enroll: a school count other than 1");
	free_parts(pd, n);
	hak_strv_clear(&keys);
	reached(db);

	/* import */
	snprintf(file, sizeof(file), "%s/p.csv", dir);
	fp = fopen(file, "w");
	fputs("code,name,department,status\nP2,안전점검,FAC,종료\n"
		"P3,새 사업,MED,\n", fp);
	fclose(fp);
	io.path = file;
	rc = hak_project_import(db, &io, &st, &err);
	is_int(rc, HAK_OK, "import");
	ok(st.new_rows == 1 && st.updated == 1, "import: 1 new, 1 updated");
	is_str(rows(db, "SELECT status || ',' || is_new || ',' || "
		"coalesce(area, '') FROM projects WHERE code IN ('P2', 'P3') "
		"ORDER BY code"), "closed,1,x|planned,0,",
		"import: absent columns kept, empty status planned");

	hak_buf_release(&b);
	hak_db_close(db);
	demo();
	snprintf(file, sizeof(file), "rm -rf '%s'", dir);
	if (system(file) != 0)
		printf("# could not remove %s\n", dir);
	return done_testing();
}
