/* SPDX-License-Identifier: MIT */
/* Unit tests of the school registry (SPEC 4): values, matching, import,
 * set, listing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "hak/config.h"
#include "hak/db.h"
#include "hak/school.h"
#include "tap.h"

static char dir[] = "/tmp/hak-unit-school.XXXXXX";
static char path[256];

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

static void
wfile(const char *name, const char *text)
{
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
}

static int
import(struct hak_db *db, const char *name, int year, bool skip,
	struct hak_import_stats *st, struct hak_err *err, char **rep)
{
	struct hak_import_opts o = { 0 };
	char file[256];
	size_t len;
	FILE *fp;
	int rc;

	snprintf(file, sizeof(file), "%s/%s", dir, name);
	fp = open_memstream(rep, &len);
	o.path = file;
	o.skip_invalid = skip;
	o.report = fp;
	hak_err_clear(err);
	rc = hak_school_import(db, &o, year, st, err);
	fclose(fp);
	return rc;
}

/* find text; the code found, or "ERR<code>: message". */
static char found[sizeof(((struct hak_err *)0)->msg) + 32];

static const char *
find(struct hak_db *db, const char *text)
{
	struct hak_err err;
	char *code = NULL;
	int rc;

	hak_err_clear(&err);
	rc = hak_school_find(db, text, &code, &err);
	if (rc)
		snprintf(found, sizeof(found), "ERR%d: %s", rc, err.msg);
	else
		snprintf(found, sizeof(found), "%s", code);
	free(code);
	return found;
}

static int
collect(void *ctx, const struct hak_school *s)
{
	struct hak_buf *b = ctx;

	hak_buf_addf(b, "%s%s", b->len ? " " : "", s->code);
	return 0;
}

static int
collect_years(void *ctx, const struct hak_school *s)
{
	struct hak_buf *b = ctx;

	hak_buf_addf(b, "%s%d:%lld/%lld/%lld", b->len ? " " : "", s->year,
		s->students, s->teachers, s->classes);
	return 0;
}

static void
values(void)
{
	struct hak_err err;
	const char *lv = NULL;
	char *a = NULL;

	ok(!hak_school_level_parse("\xec\xb4\x88\xeb\x93\xb1\xed\x95\x99"
		"\xea\xb5\x90", &lv, NULL) && !strcmp(lv, "elementary"),
		"level: 초등학교 is elementary");
	ok(!hak_school_level_parse("\xec\x9c\xa0\xec\xb9\x98\xec\x9b\x90",
		&lv, NULL) && !strcmp(lv, "kindergarten"),
		"level: 유치원 is kindergarten");
	ok(!hak_school_level_parse("\xec\xa4\x91\xed\x95\x99\xea\xb5\x90",
		&lv, NULL) && !strcmp(lv, "middle"), "level: 중학교 is middle");
	ok(!hak_school_level_parse("\xea\xb3\xa0\xeb\x93\xb1\xed\x95\x99"
		"\xea\xb5\x90", &lv, NULL) && !strcmp(lv, "high"),
		"level: 고등학교 is high");
	ok(!hak_school_level_parse("\xed\x8a\xb9\xec\x88\x98\xed\x95\x99"
		"\xea\xb5\x90", &lv, NULL) && !strcmp(lv, "special"),
		"level: 특수학교 is special");
	ok(!hak_school_level_parse("\xea\xb8\xb0\xed\x83\x80", &lv, NULL) &&
		!strcmp(lv, "other"), "level: 기타 is other");
	ok(!hak_school_level_parse("high", &lv, NULL) && !strcmp(lv, "high"),
		"level: the code itself");
	is_int(hak_school_level_parse("college", &lv, &err), HAK_EDATA,
		"level: college refused");
	ok(strstr(err.msg, "'college'") != NULL, "level: message names it");
	ok(!hak_school_level_parse("초", &lv, NULL) &&
		!strcmp(lv, "elementary"), "level: 초 is elementary");
	ok(!hak_school_level_parse("초등", &lv, NULL) &&
		!strcmp(lv, "elementary"), "level: 초등 is elementary");
	ok(!hak_school_level_parse("유", &lv, NULL) &&
		!strcmp(lv, "kindergarten"), "level: 유 is kindergarten");
	ok(!hak_school_level_parse("각종학교", &lv, NULL) &&
		!strcmp(lv, "other"), "level: 각종학교 is other");
	ok(!hak_school_level_parse("방송통신고등학교", &lv, NULL) &&
		!strcmp(lv, "other"), "level: 방송통신고등학교 is other");
	ok(!hak_school_level_parse("고등기술학교", &lv, NULL) &&
		!strcmp(lv, "other"), "level: 고등기술학교 is other");
	ok(!hak_school_level_parse("Middle", &lv, NULL) &&
		!strcmp(lv, "middle"), "level: a code in any case");
	is_int(hak_school_level_parse("대학교", &lv, &err), HAK_EDATA,
		"level: 대학교 refused");
	ok(strstr(err.msg, "kindergarten") && strstr(err.msg, "유치원") &&
		strstr(err.msg, "각종학교"), "level: refusal lists codes and labels");
	ok(!hak_school_status_parse("폐교", &lv, NULL) &&
		!strcmp(lv, "closed"), "status: 폐교 is closed");
	ok(!hak_school_status_parse("휴교", &lv, NULL) &&
		!strcmp(lv, "closed"), "status: 휴교 is closed");
	ok(!hak_school_status_parse("운영", &lv, NULL) &&
		!strcmp(lv, "open"), "status: 운영 is open");
	is_int(hak_school_status_parse("shut", &lv, &err), HAK_EDATA,
		"status: unknown refused");
	ok(strstr(err.msg, "open, closed") && strstr(err.msg, "폐원"),
		"status: refusal lists codes and labels");
	is_int(hak_school_codes_norm(" 7010001;B000024306;7010001 ", &a, &err),
		HAK_OK, "codes: a set");
	is_str(a, "7010001;B000024306", "codes: sorted, unique, trimmed");
	free(a);
	a = NULL;
	is_int(hak_school_codes_norm("7010001;a b", &a, &err), HAK_EDATA,
		"codes: a bad item refused");
	is_int(hak_school_codes_norm("7.010001E+06", &a, &err), HAK_EDATA,
		"codes: a spreadsheet number refused");
	ok(a == NULL, "codes: nothing returned on refusal");

	is_int(hak_school_code_check("9300087", NULL), HAK_OK,
		"code: digits");
	is_int(hak_school_code_check("0012345", NULL), HAK_OK,
		"code: leading zeros");
	is_int(hak_school_code_check("A-b_9", NULL), HAK_OK,
		"code: letters, - and _");
	is_int(hak_school_code_check("1.2E+15", &err), HAK_EDATA,
		"code: 1.2E+15 refused");
	is_int(hak_school_code_check("ab c", NULL), HAK_EDATA,
		"code: a space refused");
	is_int(hak_school_code_check("", NULL), HAK_EDATA,
		"code: empty refused");
	is_int(hak_school_code_check("123456789012345678901234567890123",
		NULL), HAK_EDATA, "code: 33 characters refused");
	is_int(hak_school_code_check("12345678901234567890123456789012",
		NULL), HAK_OK, "code: 32 characters accepted");

	hak_school_aliases_norm("b; a;;b", &a, NULL);
	is_str(a, "a;b", "aliases: trimmed, sorted, unique, empty dropped");
	free(a);
	hak_school_aliases_norm(" ; ", &a, NULL);
	is_str(a, NULL, "aliases: nothing is NULL");
	free(a);
	hak_school_aliases_norm("\xed\x95\x9c\xeb\xb9\x9b;Hanbit;Zeta", &a,
		NULL);
	is_str(a, "Hanbit;Zeta;\xed\x95\x9c\xeb\xb9\x9b",
		"aliases: sorted by code point");
	free(a);
}

/* codes, status and closed_on (SPEC 4 v3), on the schools of main. */
static void
codes_status(struct hak_db *db)
{
	struct hak_import_stats st;
	struct hak_school_filter f = { 0 };
	struct hak_school_change ch = { 0 };
	struct hak_strv keys = HAK_STRV_INIT;
	struct hak_school *done = NULL;
	struct hak_buf b = HAK_BUF_INIT;
	struct hak_err err;
	char *rep = NULL;
	size_t n = 0, i;
	int rc;

	wfile("v3.csv",
		"code,name,aliases,codes,level,district,status,closed_on,"
		"students,teachers,classes,opened\n"
		"B000024306,폐교초등학교,,9300087;N-1,초,강남,폐교,2020.2.29,"
		",,,1970-03-02\n"
		"B000024307,새학교,,9300088,각종학교,강남,,,,,,\n");
	rc = import(db, "v3.csv", 2026, false, &st, &err, &rep);
	is_int(rc, HAK_OK, "v3 file: imported");
	free(rep);
	is_str(find(db, "9300087"), "B000024306", "find: one of the codes");
	is_str(find(db, "N-1"), "B000024306", "find: another of the codes");
	ok(!strncmp(find(db, "n-1"), "ERR1: no school matches 'n-1'", 29),
		"find: codes matched exactly");
	is_int(count(db, "SELECT count(*) FROM schools WHERE status = 'closed'"
		" AND closed_on = '2020-02-29' AND level = 'elementary'"), 1,
		"v3 file: status and closed_on stored");

	wfile("dup.csv", "code,name,level,codes\n"
		"Z1,중복학교,other,9300088\n");
	rc = import(db, "dup.csv", 2026, false, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "a code twice among schools: refused");
	ok(rep && strstr(rep, "dup.csv:2: codes: '9300088' is already a code "
		"of school 'B000024307'"), "... naming the other school");
	free(rep);
	wfile("dup2.csv", "code,name,level\n9300087,또중복,other\n");
	rc = import(db, "dup2.csv", 2026, false, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "a code that is another's codes: refused");
	free(rep);
	wfile("open.csv", "code,name,level,status,closed_on\n"
		"Z2,열린학교,other,open,2020-01-01\n");
	rc = import(db, "open.csv", 2026, false, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "closed_on with status open: refused");
	free(rep);

	f.year = 2026;
	hak_school_each(db, &f, collect, &b, &err);
	ok(!strstr(b.buf, "B000024306") && strstr(b.buf, "B000024307"),
		"list: a closed school hidden");
	hak_buf_reset(&b);
	f.status = "closed";
	hak_school_each(db, &f, collect, &b, &err);
	is_str(b.buf, "B000024306", "list: --status closed");
	hak_buf_reset(&b);
	f.status = NULL;
	f.all = true;
	hak_school_each(db, &f, collect, &b, &err);
	ok(strstr(b.buf, "B000024306") != NULL, "list: --all");

	is_int(hak_school_usable(db, "B000024306", NULL, &err), HAK_EDATA,
		"usable: closed refused now");
	is_str(err.msg, "school 'B000024306' (폐교초등학교) is closed since "
		"2020-02-29", "usable: the message names it");
	is_int(hak_school_usable(db, "B000024306", "2019-05-01", &err), HAK_OK,
		"usable: a record before its closing");
	is_int(hak_school_usable(db, "B000024307", NULL, &err), HAK_OK,
		"usable: open");

	hak_strv_push(&keys, "B000024306");
	ch.year = 2026;
	ch.status = "open";
	rc = hak_school_set(db, &keys, &ch, 0, NULL, "t", &done, &n, &err);
	is_int(rc, HAK_OK, "set --status open");
	ok(n == 1 && !strcmp(done[0].status, "open") && !done[0].closed_on,
		"set --status open: closed_on cleared");
	for (i = 0; i < n; i++)
		hak_school_release(&done[i]);
	free(done);
	ch.status = NULL;
	ch.closed_on = "2026-03-01";
	rc = hak_school_set(db, &keys, &ch, 0, NULL, "t", &done, &n, &err);
	is_int(rc, HAK_EDATA, "set --closed-on on an open school: refused");
	ch.status = "closed";
	ch.codes = "9300088";
	rc = hak_school_set(db, &keys, &ch, 0, NULL, "t", &done, &n, &err);
	is_int(rc, HAK_EDATA, "set --codes of another school: refused");
	ch.codes = "9300087";
	rc = hak_school_set(db, &keys, &ch, 0, NULL, "t", &done, &n, &err);
	is_int(rc, HAK_OK, "set --status closed --closed-on");
	ok(n == 1 && !strcmp(done[0].status, "closed") && done[0].closed_on &&
		!strcmp(done[0].closed_on, "2026-03-01") && done[0].codes &&
		!strcmp(done[0].codes, "9300087"), "... stored, N-1 dropped");
	for (i = 0; i < n; i++)
		hak_school_release(&done[i]);
	free(done);
	ok(!strncmp(find(db, "N-1"), "ERR1: no school matches 'N-1'", 29),
		"find: a dropped code no longer matches");
	hak_strv_clear(&keys);
	hak_buf_release(&b);
}

int
main(void)
{
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_import_stats st;
	struct hak_err err;
	struct hak_school s, *done = NULL;
	struct hak_school_change ch;
	struct hak_school_filter f;
	struct hak_school_cells cells;
	struct hak_strv keys = HAK_STRV_INIT;
	struct hak_buf b = HAK_BUF_INIT;
	char dbpath[256], want[1024], *rep = NULL;
	size_t n = 0, i;
	int rc;

	setenv("HAK_NOW", "2026-11-27T10:00:00", 1);
	setenv("HAK_USER", "tester", 1);
	values();
	if (!mkdtemp(dir))
		return 1;
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	hak_config_default(&cfg);
	rc = hak_db_init(dbpath, NULL, &cfg, &db, NULL, NULL, &err);
	if (!ok(rc == HAK_OK, "database created")) {
		printf("# %s\n", err.msg);
		return done_testing();
	}
	is_int(hak_school_year_now(db), 2026, "year of now");

	/* A file with one bad row: nothing written. */
	wfile("bad.csv",
		"code,name,aliases,level,district,students,teachers,classes,"
		"opened\n"
		"7010001,한빛초등학교,Hanbit Elementary,초등학교,강남,\"1,200\","
		"60,40,1990.3.2\n"
		"7010002,한빛중학교,,college,강남,,,,\n");
	rc = import(db, "bad.csv", 2026, false, &st, &err, &rep);
	is_int(rc, HAK_EDATA, "import with a bad row: HAK_EDATA");
	snprintf(want, sizeof(want), "%s/bad.csv:3: level: unknown level "
		"'college' (kindergarten, elementary, middle, high, special, "
		"other; or %s)\n", dir, "유치원, 유, 초등학교, 초등, 초, 중학교, 중, 고등학교, 고, 특수학교, 기타, 각종학교, 고등공민학교, 고등기술학교, 공민학교, 방송통신중학교, 방송통신고등학교, 대안학교, 외국인학교");
	is_str(rep, want, "import: FILE:ROW: COLUMN: message");
	is_int(count(db, "SELECT count(*) FROM schools"), 0,
		"import with a bad row: nothing written");
	free(rep);

	wfile("s.csv",
		"code,name,aliases,level,district,students,teachers,classes,"
		"opened\n"
		"7010001,한빛초등학교,Hanbit Elementary;한빛초,초등학교,강남,"
		"\"1,200\",60,40,1990.3.2\n"
		"7010002,한빛중학교,,middle,강남,,,,\n"
		"7010003,새솔 고등학교,,고등학교,서초,800명,50,,2001-03-01\n"
		"7010004,한빛 초등학교 (분교),,elementary,강남,,,,\n"
		"A1,중앙초등학교,중앙,elementary,,,,,\n"
		"A2,중앙중학교,중앙,middle,,,,,\n"
		"B1,미래초등학교,,elementary,,,,,\n"
		"B2,미래 초등학교,,elementary,,,,,\n");
	rc = import(db, "s.csv", 2026, false, &st, &err, &rep);
	is_int(rc, HAK_OK, "import: HAK_OK");
	is_int(st.new_rows, 8, "import: 8 new");
	free(rep);
	is_int(count(db, "SELECT count(*) FROM events WHERE entity = 'school'"
		" AND action = 'create'"), 8, "import: a create event per school");
	is_int(count(db, "SELECT count(*) FROM events WHERE entity = 'school'"
		" AND key = '7010001' AND new = '7010001,한빛초등학교,"
		"Hanbit Elementary;한빛초,,elementary,강남,open,,1200,60,40,"
		"1990-03-02'"),
		1, "import: the create event holds the record's CSV line");

	rc = hak_school_get(db, "7010001", 2026, &s, &err);
	is_int(rc, HAK_OK, "get: known code");
	is_str(s.level, "elementary", "get: level stored as the code");
	is_str(s.opened, "1990-03-02", "get: opened stored YYYY-MM-DD");
	is_int(s.students, 1200, "get: students with separators");
	is_str(s.aliases, "Hanbit Elementary;한빛초", "get: aliases sorted");
	hak_school_cells(&s, &cells);
	is_str(cells.v[8], "1200", "cells: students as text");
	is_str(cells.v[11], "1990-03-02", "cells: opened");
	hak_school_release(&s);
	rc = hak_school_get(db, "7010003", 2026, &s, &err);
	is_int(s.students, 800, "get: 800명 is 800");
	is_int(s.classes, -1, "get: empty count is unknown");
	hak_school_cells(&s, &cells);
	ok(cells.v[10] == NULL, "cells: unknown count is an empty cell");
	hak_school_release(&s);
	rc = hak_school_get(db, "7010002", 2025, &s, &err);
	is_int(rc, HAK_OK, "get: another year");
	hak_school_release(&s);
	rc = hak_school_get(db, "9999999", 2026, &s, &err);
	is_int(rc, HAK_ENOMATCH, "get: unknown code is HAK_ENOMATCH");

	/* Matching. */
	is_str(find(db, "7010001"), "7010001", "find: exact code");
	is_str(find(db, "한빛초등학교"), "7010001", "find: name");
	is_str(find(db, " 한빛 초등학교 "), "7010001",
		"find: spaces ignored");
	is_str(find(db, "hanbit elementary"), "7010001",
		"find: alias, case folded");
	is_str(find(db, "ＨＡＮＢＩＴ　Ｅｌｅｍｅｎｔａｒｙ"), "7010001",
		"find: full-width forms folded");
	is_str(find(db, "（한빛）초등학교"), "7010001",
		"find: full-width parentheses removed");
	is_str(find(db, "한빛초등학교(분교)"), "7010004",
		"find: parentheses and spaces in the stored name");
	is_str(find(db, "한빛·초등학교"), "7010001",
		"find: middle dot removed");
	is_str(find(db, "새솔고등학교"), "7010003",
		"find: the stored name's space ignored");
	is_str(find(db, "새솔고"), "7010003", "find: 고 read as 고등학교");
	is_str(find(db, "한빛중"), "7010002", "find: 중 read as 중학교");
	is_str(find(db, "한빛초"), "7010001",
		"find: the alias 한빛초 matches first");
	is_str(find(db, "중앙초"), "A1", "find: 초 read as 초등학교");
	is_str(find(db, "새솔 (고)"), "7010003",
		"find: the suffix read after the key drops spaces and ()");
	is_str(find(db, "새솔고."), "7010003",
		"find: a trailing dot does not hide the suffix");
	is_str(find(db, "중앙"),
		"ERR65: '중앙' matches several schools:\n"
		"  A1  중앙초등학교  elementary\n"
		"  A2  중앙중학교    middle",
		"find: ambiguous alias lists the candidates");
	is_str(find(db, "미래초"),
		"ERR65: '미래초' matches several schools:\n"
		"  B1  미래초등학교   elementary\n"
		"  B2  미래 초등학교  elementary",
		"find: ambiguous expansion is not accepted");
	is_str(find(db, "미래초등학교"),
		"ERR65: '미래초등학교' matches several schools:\n"
		"  B1  미래초등학교   elementary\n"
		"  B2  미래 초등학교  elementary",
		"find: ambiguous name");
	is_str(find(db, "없는학교"), "ERR1: no school matches '없는학교'",
		"find: no match");
	is_str(find(db, "없는초"), "ERR1: no school matches '없는초'",
		"find: no match after expansion");
	is_str(find(db, ""), "ERR1: no school matches ''", "find: empty");

	/* Re-import: already present. */
	rc = import(db, "s.csv", 2026, false, &st, &err, &rep);
	is_int(rc, HAK_OK, "re-import: HAK_OK");
	is_int(st.same, 8, "re-import: 8 already present");
	is_int(st.new_rows + st.updated, 0, "re-import: nothing new");
	free(rep);

	/* Update by code; absent columns keep their values. */
	wfile("u.csv", "code,name,level,students\n"
		"7010001,한빛초등학교,elementary,1300\n"
		"7010002,한빛중학교,middle,\n");
	rc = import(db, "u.csv", 2026, false, &st, &err, &rep);
	is_int(st.updated, 1, "update: 1 updated");
	is_int(st.same, 1, "update: 1 already present");
	free(rep);
	rc = hak_school_get(db, "7010001", 2026, &s, &err);
	is_int(s.students, 1300, "update: students changed");
	is_int(s.teachers, 60, "update: absent column kept");
	is_str(s.district, "강남", "update: absent district kept");
	hak_school_release(&s);
	is_int(count(db, "SELECT count(*) FROM events WHERE entity = 'school'"
		" AND action = 'update' AND field = 'students' AND old = '1200'"
		" AND new = '1300'"), 1, "update: an update event with old, new");

	/* Counts per year. */
	wfile("y.csv", "code,name,level,students\n"
		"7010001,한빛초등학교,elementary,1100\n");
	rc = import(db, "y.csv", 2025, false, &st, &err, &rep);
	is_int(st.updated, 1, "year 2025: counts are new for the year");
	free(rep);
	hak_buf_reset(&b);
	hak_school_years(db, "7010001", collect_years, &b, &err);
	is_str(b.buf, "2025:1100/-1/-1 2026:1300/60/40",
		"years: per-year counts, ascending");

	/* Listing filters. */
	memset(&f, 0, sizeof(f));
	f.year = 2026;
	hak_buf_reset(&b);
	hak_school_each(db, &f, collect, &b, &err);
	is_str(b.buf, "7010001 7010002 7010003 7010004 A1 A2 B1 B2",
		"list: all, by code");
	f.level = "middle";
	hak_buf_reset(&b);
	hak_school_each(db, &f, collect, &b, &err);
	is_str(b.buf, "7010002 A2", "list: --level");
	f.level = NULL;
	f.district = "강남";
	hak_buf_reset(&b);
	hak_school_each(db, &f, collect, &b, &err);
	is_str(b.buf, "7010001 7010002 7010004", "list: --district");
	f.district = NULL;
	f.name = "한빛";
	hak_buf_reset(&b);
	hak_school_each(db, &f, collect, &b, &err);
	is_str(b.buf, "7010001 7010002 7010004", "list: --name substring");
	f.name = "elementary";
	hak_buf_reset(&b);
	hak_school_each(db, &f, collect, &b, &err);
	is_str(b.buf, "7010001", "list: --name matches aliases");

	/* set. */
	memset(&ch, 0, sizeof(ch));
	ch.year = 2026;
	ch.name = "한빛새초등학교";
	ch.district = "";
	ch.students = "1,400";
	hak_strv_push(&keys, "한빛초");
	rc = hak_school_set(db, &keys, &ch, 0, NULL, "t", &done, &n, &err);
	is_int(rc, HAK_OK, "set: HAK_OK");
	is_int(n, 1, "set: one record affected");
	if (n) {
		is_str(done[0].name, "한빛새초등학교", "set: new name");
		ok(done[0].district == NULL, "set: '' clears district");
		is_int(done[0].students, 1400, "set: students");
	}
	for (i = 0; i < n; i++)
		hak_school_release(&done[i]);
	free(done);
	is_int(count(db, "SELECT count(*) FROM events WHERE entity = 'school'"
		" AND key = '7010001' AND action = 'update'"), 5,
		"set: one update event per changed field (2 before, 3 now)");
	is_int(count(db, "SELECT count(*) FROM events WHERE field = 'district'"
		" AND old = '강남' AND new IS NULL"), 1,
		"set: cleared field's event has old and no new");
	is_str(find(db, "한빛새초등학교"), "7010001",
		"set: keys follow the new name");
	is_str(find(db, "한빛초등학교"),
		"ERR1: no school matches '한빛초등학교'; the nearest:\n"
		"  7010004  한빛 초등학교 (분교)  elementary  강남\n"
		"  7010001  한빛새초등학교        elementary\n"
		"  7010002  한빛중학교            middle      강남",
		"set: the old name's key is gone; the nearest names listed, "
		"holding ones first, not 중앙초등학교 for its 초등학교");

	hak_strv_clear(&keys);
	hak_strv_push(&keys, "7010002");
	hak_strv_push(&keys, "없는학교");
	memset(&ch, 0, sizeof(ch));
	ch.year = 2026;
	ch.district = "서초";
	rc = hak_school_set(db, &keys, &ch, 0, NULL, "t", &done, &n, &err);
	is_int(rc, HAK_ENOMATCH, "set: unknown key is HAK_ENOMATCH");
	ok(strstr(err.msg, "없는학교") != NULL, "set: message names it");
	ok(n == 0 && done == NULL, "set: nothing reported on failure");
	rc = hak_school_get(db, "7010002", 2026, &s, &err);
	is_str(s.district, "강남", "set: all or nothing");
	hak_school_release(&s);

	rc = hak_school_set(db, &keys, &ch, HAK_SCHOOL_KEEP_GOING, NULL, "t",
		&done, &n, &err);
	is_int(rc, HAK_ENOMATCH, "set --keep-going: worst code");
	is_int(n, 1, "set --keep-going: the good key done");
	for (i = 0; i < n; i++)
		hak_school_release(&done[i]);
	free(done);
	rc = hak_school_get(db, "7010002", 2026, &s, &err);
	is_str(s.district, "서초", "set --keep-going: good key committed");
	hak_school_release(&s);

	hak_strv_clear(&keys);
	hak_strv_push(&keys, "7010002");
	ch.district = "종로";
	rc = hak_school_set(db, &keys, &ch, HAK_SCHOOL_DRY_RUN, NULL, "t",
		&done, &n, &err);
	is_int(rc, HAK_OK, "set --dry-run: HAK_OK");
	if (n)
		is_str(done[0].district, "종로", "set --dry-run: shows result");
	for (i = 0; i < n; i++)
		hak_school_release(&done[i]);
	free(done);
	rc = hak_school_get(db, "7010002", 2026, &s, &err);
	is_str(s.district, "서초", "set --dry-run: nothing written");
	hak_school_release(&s);

	memset(&ch, 0, sizeof(ch));
	ch.name = "";
	is_int(hak_school_change_check(&ch, &err), HAK_EUSAGE,
		"set: empty --name refused");
	ch.name = NULL;
	ch.level = "college";
	is_int(hak_school_change_check(&ch, &err), HAK_EUSAGE,
		"set: bad --level is a usage error");
	ch.level = NULL;
	ch.students = "-3";
	is_int(hak_school_change_check(&ch, &err), HAK_EUSAGE,
		"set: negative --students refused");
	ch.students = NULL;
	ch.opened = "03/01/2001";
	is_int(hak_school_change_check(&ch, &err), HAK_EUSAGE,
		"set: MM/DD/YYYY --opened refused");

	codes_status(db);

	hak_strv_clear(&keys);
	hak_buf_release(&b);
	hak_db_close(db);
	hak_config_release(&cfg);
	snprintf(want, sizeof(want), "rm -rf '%s'", dir);
	if (system(want) != 0)
		return 1;
	return done_testing();
}
