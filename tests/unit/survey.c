/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of lib/survey_def.c: definitions (SPEC 6.2) and their errors
 * at LINE:COLUMN, answers (SPEC 5.4), the e-mail and phone scrubber (SPEC
 * 5.5), and the survey forms of dates (Google Forms, Naver Form).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hak/date.h"
#include "hak/survey.h"
#include "tap.h"

static const char good[] =
	"code: support-2026\n"
	"title: School support satisfaction survey 2026\n"
	"project: EDU-2026-07\n"
	"population: 4200\n"
	"unknown_school: missing\n"
	"scales:\n"
	"  sat5: {points: 5, labels: [매우 불만족, 불만족, 보통, 만족, "
	"매우 만족], na: [해당 없음, 모름]}\n"
	"  agree5: {points: 5, labels: [전혀 그렇지 않다, 그렇지 않다, "
	"보통이다, 그렇다, 매우 그렇다],\n"
	"           aliases: {5: [매우그렇다, 아주 그렇다], 1: 전혀}}\n"
	"  yesno: {type: yesno, yes: [예, 네, \"Yes\"], no: [아니오, 아니요, "
	"No]}\n"
	"  ten: {points: 10}\n"
	"fields:\n"
	"  school: 학교명\n"
	"  role: {column: 직위, map: {teacher: [교사, 담임교사], "
	"principal: [교장]}}\n"
	"  submitted_at: [타임스탬프, 제출 시각]\n"
	"questions:\n"
	"  - {id: overall, column: \"1. 전반적인 만족\", scale: sat5}\n"
	"  - {id: workload_reduced, column: [\"2. 부담\", 부담], "
	"scale: yesno}\n"
	"  - {id: burden, column: \"4. 업무 부담이 크다\", scale: agree5, "
	"reverse: true, optional: true}\n"
	"  - {id: score, column: 점수, scale: ten}\n"
	"  - {id: comment, column: 기타 의견, type: text}\n";

static struct hak_survey_def *
parse(const char *text, struct hak_err *err)
{
	struct hak_survey_def *d = NULL;

	hak_err_clear(err);
	hak_survey_def_parse(text, strlen(text), "t.yaml", &d, err);
	return d;
}

static const struct hak_survey_scale *
scale(const struct hak_survey_def *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nscales; i++)
		if (!strcmp(d->scales[i].name, name))
			return &d->scales[i];
	return NULL;
}

static void
test_good(void)
{
	struct hak_err err;
	struct hak_survey_def *d = parse(good, &err);
	const struct hak_survey_question *q;

	if (!ok(d, "the SPEC's example parses"))
		printf("#   %s: %s\n", err.where, err.msg);
	if (!d)
		return;
	is_str(d->code, "support-2026", "code");
	is_str(d->project, "EDU-2026-07", "project");
	is_int(d->population, 4200, "population");
	ok(d->unknown_school_missing, "unknown_school: missing");
	is_int(d->nscales, 4, "four scales");
	is_int(d->nquestions, 5, "five questions");
	is_int(d->nfields, 3, "three fields");
	is_int(d->npos, 5, "npos");
	q = hak_survey_question_find(d, "burden");
	ok(q && q->reverse && q->optional && q->type == HAK_SURVEY_SCALE &&
		q->pos == 2, "burden: reverse, optional, pos 2");
	q = hak_survey_question_find(d, "workload_reduced");
	ok(q && q->type == HAK_SURVEY_YESNO && q->headers.n == 2,
		"yes/no question with two headers");
	q = hak_survey_question_find(d, "comment");
	ok(q && q->type == HAK_SURVEY_TEXT && !q->scale, "text question");
	is_int(scale(d, "yesno")->points, 2, "yes/no has 2 points");
	is_int(scale(d, "ten")->points, 10, "points without labels");
	is_str(d->fields[1].name, "role", "field role");
	ok(d->fields[1].map_from.n == 5, "role map: 2 values, 3 spellings");
	hak_survey_def_free(d);
}

/* The definition text with the line `from` replaced by `to`: refused at
 * linecol with a message containing frag. */
static void
bad(const char *from, const char *to, const char *linecol, const char *frag)
{
	struct hak_err err;
	struct hak_survey_def *d;
	const char *p = strstr(good, from);
	char *text, name[256], where[64];

	if (!p) {
		ok(0, from);
		return;
	}
	text = hak_xasprintf("%.*s%s%s", (int)(p - good), good, to,
		p + strlen(from));
	d = parse(text, &err);
	snprintf(where, sizeof(where), "t.yaml:%s", linecol);
	snprintf(name, sizeof(name), "refused at %s: %s", linecol, frag);
	if (!ok(!d && err.code == HAK_EDATA && !strcmp(err.where, where) &&
		strstr(err.msg, frag), name))
		printf("#   got %d %s: %s\n", err.code, err.where, err.msg);
	hak_survey_def_free(d);
	free(text);
}

static void
test_errors(void)
{
	bad("population: 4200\n", "populace: 4200\n", "4:1",
		"unknown key 'populace'");
	bad("code: support-2026", "code: Support-2026", "1:7", "bad id");
	bad("population: 4200", "population: many", "4:13",
		"expected an integer");
	bad("unknown_school: missing", "unknown_school: ignore", "5:17",
		"not error or missing");
	bad("  ten: {points: 10}", "  ten: {points: 21}", "11:17",
		"out of range");
	bad("  ten: {points: 10}", "  ten: {points: 3, labels: [a, b]}",
		"11:28", "2 labels for 3 points");
	bad("  ten: {points: 10}", "  ten: {points: 10, colour: red}",
		"11:21", "unknown key 'colour'");
	bad("  ten: {points: 10}", "  ten: {points: 2, labels: [a, A]}",
		"11:8", "means both");
	bad("yesno: {type: yesno,", "yesno: {type: yesno, points: 3,",
		"10:32", "a yesno scale has no points");
	bad(" scale: ten}", " scale: eleven}", "20:36", "no scale 'eleven'");
	bad("reverse: true", "reverse: yes", "19:66",
		"expected true or false");
	bad("{id: comment, column: 기타 의견, type: text}",
		"{id: comment, column: 기타 의견, type: text, scale: sat5}",
		"21:53", "a text question has no scale");
	bad("{id: score,", "{id: overall,", "20:10", "named twice");
	bad("column: 점수,", "column: 학교명,", "20:25",
		"header '학교명' is also field school's");
	bad("{id: score,", "{id: 9score,", "20:10", "bad id");
	bad("questions:\n", "questionz:\n", "16:1", "unknown key");
	bad("title: School support satisfaction survey 2026\n", "", "1:1",
		"missing key 'title'");
	bad("  - {id: overall", "  - {idx: overall", "17:6",
		"unknown key 'idx'");
	bad("[예, 네, \"Yes\"]", "[예, 네, \"Yes\", 아니오]", "10:10",
		"means both");
	bad("map: {teacher: [교사, 담임교사],", "map: {teacher: [교사, 교장],",
		"14:27", "means both");
}

static void
answer(const struct hak_survey_scale *s, const char *cell,
	enum hak_survey_answer want, int wantv)
{
	char name[128];
	int v = -1;
	enum hak_survey_answer got = hak_survey_answer_parse(s, cell, &v);

	snprintf(name, sizeof(name), "%s: '%s'", s->name, cell ? cell :
		"(null)");
	if (!ok(got == want && (want != HAK_SURVEY_A_VALUE || v == wantv),
		name))
		printf("#   got %d value %d, want %d value %d\n", (int)got, v,
			(int)want, wantv);
}

static void
test_answers(void)
{
	struct hak_err err;
	struct hak_survey_def *d = parse(good, &err);
	const struct hak_survey_scale *sat, *agree, *yn, *ten;

	if (!d)
		return;
	sat = scale(d, "sat5");
	agree = scale(d, "agree5");
	yn = scale(d, "yesno");
	ten = scale(d, "ten");
	answer(sat, "5", HAK_SURVEY_A_VALUE, 5);
	answer(sat, "5.0", HAK_SURVEY_A_VALUE, 5);
	answer(sat, "5.00", HAK_SURVEY_A_VALUE, 5);
	answer(sat, "5점", HAK_SURVEY_A_VALUE, 5);
	answer(sat, "5 점", HAK_SURVEY_A_VALUE, 5);
	answer(sat, "⑤", HAK_SURVEY_A_VALUE, 5);
	answer(sat, "①", HAK_SURVEY_A_VALUE, 1);
	answer(sat, "⑥", HAK_SURVEY_A_INVALID, 0);
	answer(sat, "1", HAK_SURVEY_A_VALUE, 1);
	answer(sat, "0", HAK_SURVEY_A_INVALID, 0);
	answer(sat, "6", HAK_SURVEY_A_INVALID, 0);
	answer(sat, "4.5", HAK_SURVEY_A_INVALID, 0);
	answer(sat, "-1", HAK_SURVEY_A_INVALID, 0);
	answer(sat, "5.", HAK_SURVEY_A_INVALID, 0);
	answer(sat, "매우 만족", HAK_SURVEY_A_VALUE, 5);
	answer(sat, "매우만족", HAK_SURVEY_A_VALUE, 5);
	answer(sat, " 매우  만족 ", HAK_SURVEY_A_VALUE, 5);
	answer(sat, "매우 불만족", HAK_SURVEY_A_VALUE, 1);
	answer(sat, "보통", HAK_SURVEY_A_VALUE, 3);
	/* decomposed Hangul (NFD) is the same answer after NFC */
	answer(sat, "\xe1\x84\x87\xe1\x85\xa9\xe1\x84\x90\xe1\x85\xa9\xe1\x86\xbc",
		HAK_SURVEY_A_VALUE, 3);
	answer(sat, "해당 없음", HAK_SURVEY_A_NA, 0);
	answer(sat, "해당없음", HAK_SURVEY_A_NA, 0);
	answer(sat, "모름", HAK_SURVEY_A_NA, 0);
	answer(sat, "", HAK_SURVEY_A_MISSING, 0);
	answer(sat, "   ", HAK_SURVEY_A_MISSING, 0);
	answer(sat, NULL, HAK_SURVEY_A_MISSING, 0);
	answer(sat, "아주 좋음", HAK_SURVEY_A_INVALID, 0);
	answer(agree, "매우그렇다", HAK_SURVEY_A_VALUE, 5);
	answer(agree, "아주 그렇다", HAK_SURVEY_A_VALUE, 5);
	answer(agree, "전혀", HAK_SURVEY_A_VALUE, 1);
	answer(agree, "그렇다", HAK_SURVEY_A_VALUE, 4);
	answer(agree, "해당 없음", HAK_SURVEY_A_INVALID, 0);
	/* what `responses` prints reads back: na where a scale has na
	 * labels, yes and no on yes/no scales */
	answer(sat, "na", HAK_SURVEY_A_NA, 0);
	answer(sat, "NA", HAK_SURVEY_A_NA, 0);
	answer(agree, "na", HAK_SURVEY_A_INVALID, 0);
	answer(sat, "yes", HAK_SURVEY_A_INVALID, 0);
	answer(yn, "예", HAK_SURVEY_A_VALUE, 1);
	answer(yn, "Yes", HAK_SURVEY_A_VALUE, 1);
	answer(yn, "yes", HAK_SURVEY_A_VALUE, 1);
	answer(yn, "아니요", HAK_SURVEY_A_VALUE, 0);
	answer(yn, "No", HAK_SURVEY_A_VALUE, 0);
	answer(yn, "1", HAK_SURVEY_A_INVALID, 0);
	answer(yn, "", HAK_SURVEY_A_MISSING, 0);
	answer(ten, "10", HAK_SURVEY_A_VALUE, 10);
	answer(ten, "10점", HAK_SURVEY_A_VALUE, 10);
	answer(ten, "⑩", HAK_SURVEY_A_VALUE, 10);
	answer(ten, "11", HAK_SURVEY_A_INVALID, 0);
	answer(ten, "보통", HAK_SURVEY_A_INVALID, 0);
	hak_survey_def_free(d);
}

static void
scrub(const char *in, const char *want)
{
	struct hak_buf b = HAK_BUF_INIT;
	char name[256];

	hak_survey_scrub(in, &b);
	snprintf(name, sizeof(name), "scrub '%s'", in);
	is_str(b.buf, want, name);
	hak_buf_release(&b);
}

static void
test_scrub(void)
{
	scrub("연락 주세요 010-1234-5678", "연락 주세요 [phone]");
	scrub("01012345678로 전화", "[phone]로 전화");
	scrub("010 1234 5678", "[phone]");
	scrub("010.1234.5678", "[phone]");
	scrub("02-123-4567", "[phone]");
	scrub("044-300-1234번", "[phone]번");
	scrub("+82 10 1234 5678", "[phone]");
	scrub("+82-10-1234-5678", "[phone]");
	scrub("+821012345678", "[phone]");
	scrub("메일 kim.minji@sje.go.kr 로", "메일 [email] 로");
	scrub("a_b+c@mail.example.com.", "[email].");
	scrub("kim0101234567@x.kr", "[email]");
	scrub("둘 다: a@b.kr, 010-9999-0000", "둘 다: [email], [phone]");
	scrub("2026년 3월 5일 10시", "2026년 3월 5일 10시");
	scrub("만족도 5점, 학생 120명", "만족도 5점, 학생 120명");
	scrub("학교코드 7010001", "학교코드 7010001");
	scrub("@ 표시와 user@ 만", "@ 표시와 user@ 만");
	scrub("", "");
}

static void
test_personal(void)
{
	ok(hak_survey_personal_header("이름"), "이름 is personal");
	ok(hak_survey_personal_header("응답자 성명"), "성명 inside");
	ok(hak_survey_personal_header("E-Mail"), "E-Mail any case");
	ok(hak_survey_personal_header("Email Address"), "Email Address");
	ok(hak_survey_personal_header("휴대폰 번호"), "휴대폰");
	ok(hak_survey_personal_header("전화번호"), "전화");
	ok(hak_survey_personal_header("연락처"), "연락처");
	ok(hak_survey_personal_header("이메일"), "이메일");
	ok(hak_survey_personal_header("주소"), "주소");
	ok(!hak_survey_personal_header("학년"), "학년 is not");
	ok(!hak_survey_personal_header("담당 업무"), "담당 업무 is not");
}

static void
test_dates(void)
{
	int64_t t, want;

	hak_clock_setzone("Asia/Seoul", NULL);
	ok(hak_input_time("2026-11-20 15:41:07", &want, NULL) == HAK_OK,
		"reference time");
	ok(hak_input_time("2026. 11. 20 오후 3:41:07", &t, NULL) == HAK_OK &&
		t == want, "Google Forms: 2026. 11. 20 오후 3:41:07");
	ok(hak_input_time("2026. 11. 20. 오후 3:41:07", &t, NULL) == HAK_OK &&
		t == want, "2026. 11. 20. 오후 3:41:07");
	ok(hak_input_time("2026.11.20 15:41:07", &t, NULL) == HAK_OK &&
		t == want, "Naver Form: 2026.11.20 15:41:07");
	ok(hak_input_time("2026.11.20 15:41", &t, NULL) == HAK_OK &&
		t == want - 7, "Naver Form: 2026.11.20 15:41");
	ok(hak_input_time("2026/11/20 3:41:07 PM GMT+9", &t, NULL) == HAK_OK &&
		t == want, "Google Forms (English): 2026/11/20 3:41:07 PM GMT+9");
}

/* The day cache of lib/date.c (imports split and make a time per row):
 * the same answers as the C library's, also on the days the offset
 * changes, and after a change of zone. */
static void
test_day_cache(void)
{
	char out[HAK_TIME_LEN];
	int64_t t;
	int32_t day;
	int i;

	hak_clock_setzone("America/New_York", NULL);
	day = hak_day_from_ymd(2026, 3, 7);
	for (i = 0; i < 3; i++) {	/* fill the cache, then use it */
		t = hak_time_from_local(day, 12 * 3600);
		hak_time_format(t, out);
		is_str(out, "2026-03-07T12:00:00-05:00", "New York, a plain day");
		t = hak_time_from_local(day + 1, 3600 + 1800);
		hak_time_format(t, out);
		is_str(out, "2026-03-08T01:30:00-05:00",
			"the day clocks go forward: before");
		t = hak_time_from_local(day + 1, 3 * 3600 + 1800);
		hak_time_format(t, out);
		is_str(out, "2026-03-08T03:30:00-04:00",
			"the day clocks go forward: after");
		hak_time_format(t + 86400, out);
		is_str(out, "2026-03-09T03:30:00-04:00", "the day after");
	}
	hak_clock_setzone("Asia/Seoul", NULL);
	t = hak_time_from_local(day, 12 * 3600);
	hak_time_format(t, out);
	is_str(out, "2026-03-07T12:00:00+09:00", "another zone forgets the days");
}

int
main(void)
{
	test_good();
	test_errors();
	test_answers();
	test_scrub();
	test_personal();
	test_dates();
	test_day_cache();
	return done_testing();
}
