/* SPDX-License-Identifier: MIT */
/* `hak demo`: a realistic, reproducible sample database (SPEC 5.1). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_int.h"
#include "hak/csvio.h"
#include "hak/date.h"
#include "hak/demo.h"
#include "hak/import.h"
#include "hak/project.h"
#include "hak/request.h"
#include "hak/school.h"
#include "hak/survey.h"
#include "banned.h"

/* The organisation. */
static const struct {
	const char *dept;
	const char *centers[3];
} centers[] = {
	{ "EDU", { "Learning Support Center", "Teacher Support Center" } },
	{ "ADM", { "Administrative Services Center" } },
	{ "MED", { "School Mediation Center" } },
	{ "FAC", { "Facility Safety Center", "IT Equipment Center" } },
};

static const struct {
	const char *id, *name, *dept, *role;
} staff[] = {
	{ "park.jiyoung", "박지영", "EDU", "director" },
	{ "kim.minji", "김민지", "FAC", "engineer" },
	{ "lee.junho", "이준호", "FAC", "engineer" },
	{ "choi.seojin", "최서진", "FAC", "engineer" },
	{ "jung.hyunwoo", "정현우", "FAC", "manager" },
	{ "kang.dahye", "강다혜", "FAC", "inspector" },
	{ "yoon.sungmin", "윤성민", "FAC", "technician" },
	{ "jang.eunji", "장은지", "FAC", "technician" },
	{ "lim.taeho", "임태호", "FAC", "engineer" },
	{ "han.soyeon", "한소연", "FAC", "officer" },
	{ "oh.jaewon", "오재원", "FAC", "technician" },
	{ "seo.yujin", "서유진", "EDU", "supervisor" },
	{ "shin.donghyun", "신동현", "EDU", "supervisor" },
	{ "kwon.hayoung", "권하영", "EDU", "teacher" },
	{ "hwang.minseo", "황민서", "EDU", "teacher" },
	{ "ahn.jihoon", "안지훈", "EDU", "counselor" },
	{ "song.yerin", "송예린", "EDU", "counselor" },
	{ "jeon.sangwoo", "전상우", "EDU", "manager" },
	{ "hong.seoyeon", "홍서연", "EDU", "officer" },
	{ "ko.minjae", "고민재", "EDU", "teacher" },
	{ "moon.jiwon", "문지원", "EDU", "officer" },
	{ "yang.hyejin", "양혜진", "ADM", "manager" },
	{ "son.kyungho", "손경호", "ADM", "officer" },
	{ "bae.sujin", "배수진", "ADM", "officer" },
	{ "baek.jinwoo", "백진우", "ADM", "accountant" },
	{ "heo.eunbi", "허은비", "ADM", "accountant" },
	{ "yoo.seungho", "유승호", "ADM", "officer" },
	{ "nam.gaeun", "남가은", "ADM", "payroll" },
	{ "sim.jaehyun", "심재현", "ADM", "officer" },
	{ "noh.yuna", "노유나", "ADM", "officer" },
	{ "ha.joonseo", "하준서", "ADM", "officer" },
	{ "kwak.mirae", "곽미래", "MED", "manager" },
	{ "sung.hyunjin", "성현진", "MED", "mediator" },
	{ "cha.minhee", "차민희", "MED", "mediator" },
	{ "joo.wonseok", "주원석", "MED", "lawyer" },
	{ "woo.soyoung", "우소영", "MED", "counselor" },
	{ "min.kihoon", "민기훈", "MED", "mediator" },
	{ "ryu.hana", "류하나", "MED", "officer" },
	{ "na.eunseo", "나은서", "EDU", "teacher" },
	{ "jin.dohyun", "진도현", "FAC", "inspector" },
	{ "ji.yeonwoo", "지연우", "ADM", "officer" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

void
hak_demo_config(struct hak_config *cfg)
{
	size_t i, k, j;

	hak_config_default(cfg);
	free(cfg->office);
	cfg->office = hak_xstrdup("Sejong City Office of Education"
		" \xe2\x80\x94 School Support Headquarters (demo)");
	for (i = 0; i < cfg->ndepts; i++)
		for (k = 0; k < N(centers); k++)
			if (!strcmp(cfg->depts[i].code, centers[k].dept))
				for (j = 0; j < 3 && centers[k].centers[j]; j++)
					hak_strv_push(&cfg->depts[i].centers,
						centers[k].centers[j]);
	cfg->staff = hak_xcalloc(N(staff), sizeof(*cfg->staff));
	cfg->nstaff = N(staff);
	for (i = 0; i < N(staff); i++) {
		cfg->staff[i].id = hak_xstrdup(staff[i].id);
		cfg->staff[i].name = hak_xstrdup(staff[i].name);
		cfg->staff[i].dept = hak_xstrdup(staff[i].dept);
		cfg->staff[i].role = hak_xstrdup(staff[i].role);
		cfg->staff[i].active = true;
	}
}

/* Schools: name stems (neighbourhoods of Sejong and common school names). */
static const char *const stems[] = {
	"한솔", "도담", "아름", "종촌", "고운", "보람", "새롬", "다정", "소담",
	"반곡", "해밀", "나성", "대평", "가온", "늘봄", "두루", "미르", "새뜸",
	"참샘", "온빛", "양지", "한빛", "글벗", "바른", "누리", "으뜸", "매봉",
	"솔빛", "호수", "세종", "조치원", "부강", "금남", "장군", "전의", "전동",
	"소정", "연서", "연봉", "연동", "수왕", "감성", "쌍류", "의랑", "용포",
	"대덕", "봉암", "신봉", "교하", "명동", "송원", "금빛", "산울", "집현",
	"합강", "어진", "연양", "가락", "보듬", "한결", "나래", "새움",
};

static const char *const districts[] = {
	"조치원읍", "한솔동", "도담동", "아름동", "종촌동", "고운동", "보람동",
	"새롬동", "다정동", "소담동", "반곡동", "해밀동", "나성동", "대평동",
	"연서면", "연기면", "부강면", "금남면", "장군면", "전의면", "전동면",
	"소정면",
};

/* How many schools of each level, and their sizes. */
static const struct {
	const char *level, *suffix, *short_suffix, *english;
	int count;
	long smin, smax;	/* students */
	int per_teacher, per_class;
} levels[] = {
	{ "kindergarten", "유치원", NULL, "Kindergarten", 25, 40, 180, 12, 18 },
	{ "elementary", "초등학교", "초", "Elementary School", 55, 250, 1500, 16, 24 },
	{ "middle", "중학교", "중", "Middle School", 35, 250, 1100, 13, 27 },
	{ "high", "고등학교", "고", "High School", 28, 350, 1000, 12, 26 },
	{ "special", "특수학교", NULL, "Special School", 3, 80, 200, 3, 6 },
	{ "other", "대안학교", NULL, "Alternative School", 4, 20, 120, 8, 15 },
};

static const char *const romaja[] = {
	"Hansol", "Dodam", "Areum", "Jongchon", "Goun", "Boram", "Saerom",
	"Dajeong", "Sodam", "Bangok", "Haemil", "Naseong", "Daepyeong", "Gaon",
	"Neulbom", "Duru", "Mireu", "Saetteum", "Chamsaem", "Onbit", "Yangji",
	"Hanbit", "Geulbeot", "Bareun", "Nuri", "Eutteum", "Maebong", "Solbit",
	"Hosu", "Sejong", "Jochiwon", "Bugang", "Geumnam", "Janggun", "Jeonui",
	"Jeondong", "Sojeong", "Yeonseo", "Yeonbong", "Yeondong", "Suwang",
	"Gamseong", "Ssangryu", "Uirang", "Yongpo", "Daedeok", "Bongam",
	"Sinbong", "Gyoha", "Myeongdong", "Songwon", "Geumbit", "Sanul",
	"Jiphyeon", "Hapgang", "Eojin", "Yeonyang", "Garak", "Bodeum",
	"Hangyeol", "Narae", "Saeum",
};

/* Write one school row of the demo CSV. */
static void
school_row(struct hak_buf *b, struct hak_rand *r, size_t lv, size_t k,
	long code, int year_shift)
{
	size_t stem = (k * 7 + lv * 11) % N(stems);
	char name[128], alias1[128], alias2[128], aliases[300], opened[16];
	long students, teachers, classes, oy;
	struct hak_rand sizes = { r->s ^ (uint64_t)code };
	const char *district;

	snprintf(name, sizeof(name), "세종%s%s", stems[stem], levels[lv].suffix);
	if (!strcmp(stems[stem], "세종"))
		snprintf(name, sizeof(name), "세종%s", levels[lv].suffix);
	aliases[0] = '\0';
	if (levels[lv].short_suffix) {
		snprintf(alias1, sizeof(alias1), "%s%s", stems[stem],
			levels[lv].short_suffix);
		snprintf(alias2, sizeof(alias2), "Sejong %s %s", romaja[stem],
			levels[lv].english);
		snprintf(aliases, sizeof(aliases), "%s;%s", alias1, alias2);
	}
	/* the new town's schools are in the neighbourhood they are named
	 * after; the rest in the town and the townships */
	district = stem < 13 ? districts[stem + 1] :
		stem % 9 == 0 ? districts[0] : districts[14 + stem % 8];
	oy = stem < 28 ? hak_rand_range(&sizes, 2012, 2024) :
		hak_rand_range(&sizes, 1936, 2011);
	snprintf(opened, sizeof(opened), "%04ld-03-01", oy);
	students = hak_rand_range(&sizes, levels[lv].smin, levels[lv].smax);
	students += year_shift * hak_rand_range(&sizes, -40, 25);
	if (students < 5)
		students = 5;
	teachers = students / levels[lv].per_teacher + 2;
	classes = students / levels[lv].per_class + 1;
	hak_buf_addf(b, "%07ld,", code);
	hak_csv_quote(b, name, false);
	hak_buf_addch(b, ',');
	hak_csv_quote(b, aliases[0] ? aliases : NULL, false);
	hak_buf_addf(b, ",%s,%s,%ld,%ld,%ld,%s\n", levels[lv].level, district,
		students, teachers, classes, opened);
}

static int
import_schools(struct hak_db *db, struct hak_rand *r, int year,
	int year_shift, long *count, struct hak_err *err)
{
	struct hak_import_opts io = { 0 };
	struct hak_import_stats st;
	struct hak_buf b = HAK_BUF_INIT;
	struct hak_rand seq = *r;
	size_t lv, k;
	long code;
	FILE *fp;
	int rc;

	hak_buf_adds(&b, "code,name,aliases,level,district,students,teachers,"
		"classes,opened\n");
	for (lv = 0; lv < N(levels); lv++) {
		code = 9300000 + (long)lv * 1000 + (lv == 0 ? -9290000 : 0);
		for (k = 0; k < (size_t)levels[lv].count; k++) {
			code += hak_rand_range(&seq, 1, 9);
			school_row(&b, r, lv, k, code, year_shift);
		}
	}
	/* imported through the same driver as any file, so the demo has
	 * its batch and events like real data */
	if (!(fp = fmemopen(b.buf, b.len, "r"))) {
		hak_buf_release(&b);
		return hak_err_set(err, HAK_EOS, "cannot read the demo schools:"
			" %s", strerror(errno));
	}
	io.path = "demo-schools.csv";
	io.fp = fp;
	io.enc = HAK_ENC_UTF8;
	io.report = NULL;
	rc = hak_school_import(db, &io, year, &st, err);
	fclose(fp);
	hak_buf_release(&b);
	*count = st.new_rows + st.updated + st.same;
	return rc;
}

static int
refuse_non_demo(const char *path, struct hak_err *err)
{
	struct hak_db *db = NULL;
	bool ok = false;
	int rc;

	if (access(path, F_OK))
		return HAK_OK;
	if (hak_db_open(path, HAK_DB_READONLY, &db, NULL) == HAK_OK &&
		(rc = hak_db_demo(db, &ok, err))) {
		/* Busy or unreadable: say so rather than "not a demo". */
		hak_db_close(db);
		return rc;
	}
	hak_db_close(db);
	if (!ok)
		return hak_err_set(err, HAK_ECREATE, "refusing to replace '%s':"
			" it is not a demo database", path);
	return HAK_OK;
}

static void
remove_db(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	for (i = 0; i < N(ext); i++) {
		char *p = hak_xasprintf("%s%s", path, ext[i]);

		unlink(p);
		free(p);
	}
}

/*
 * The data each domain adds after the schools, in order (projects before
 * the requests that link to them).  Each appends ", N things" to summary.
 */
typedef int demo_step(struct hak_db *db, struct hak_rand *r,
	struct hak_buf *summary, struct hak_err *err);

static demo_step *const steps[] = {
	hak_project_demo,
	hak_request_demo,
	hak_survey_demo,
	NULL
};

int
hak_demo_build(const char *path, uint64_t seed, char **summary,
	struct hak_err *err)
{
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_rand r = { seed * 0x2545f4914f6cdd1dULL + 1 };
	bool created;
	int from, rc, year;
	long schools = 0, ignored;
	struct hak_buf sum = HAK_BUF_INIT;
	size_t i;
	int32_t day;
	int y, m, d;

	*summary = NULL;
	if ((rc = refuse_non_demo(path, err)))
		return rc;
	remove_db(path);
	hak_demo_config(&cfg);
	rc = hak_db_init(path, NULL, &cfg, &db, &created, &from, err);
	if (rc)
		goto out;
	/*
	 * A year of history is thousands of small transactions on a
	 * database nobody uses yet, rebuilt from scratch if anything goes
	 * wrong: no fsync per commit, and a cache it fits in, until the end.
	 */
	if ((rc = hak_db_exec(db, "PRAGMA synchronous = OFF; "
		"PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY", err)))
		goto out;
	if ((rc = hak_db_begin(db, err)) ||
		(rc = hak_db_set_setting(db, "demo", "1", err)) ||
		(rc = hak_db_commit(db, err)))
		goto out;
	day = hak_time_day(hak_db_now(db));
	hak_day_to_ymd(day, &y, &m, &d);
	year = y;

	rc = import_schools(db, &r, year - 1, -1, &ignored, err);
	if (!rc)
		rc = import_schools(db, &r, year, 0, &schools, err);
	if (rc)
		goto out;
	hak_buf_addf(&sum, "%ld schools, %zu staff, %zu departments,"
		" %zu categories", schools, cfg.nstaff, cfg.ndepts, cfg.ncats);
	for (i = 0; steps[i]; i++)
		if ((rc = steps[i](db, &r, &sum, err)))
			goto out;
	/* the headline questions: those of this year's demo survey (a
	 * config sync after the data, as an office would add them) */
	for (i = 0; i < 2; i++)
		hak_strv_push_owned(&cfg.headline, hak_xasprintf(
			"support-%d/%s", year, i ? "time_gained" :
			"workload_reduced"));
	if ((rc = hak_db_sync_config(db, &cfg, err)))
		goto out;
	if ((rc = hak_db_exec(db, "PRAGMA synchronous = FULL; "
		"PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT", err)))
		goto out;
	*summary = hak_buf_detach(&sum, NULL);
out:
	hak_buf_release(&sum);
	hak_db_close(db);
	hak_config_release(&cfg);
	if (rc)
		remove_db(path);
	return rc;
}
