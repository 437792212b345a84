/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/config.c: defaults, parsing, errors, precedence, dump. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hak/config.h"
#include "tap.h"

static char fixdir[4096];

static int32_t
ymd(int y, int m, int d)
{
	return hak_day_from_ymd(y, m, d);
}

static char *
fix(const char *name)
{
	return hak_xasprintf("%s/%s", fixdir, name);
}

/* Load fixture name; expect HAK_ECONFIG at LINE:COL with msg containing
 * frag. */
static void
bad_fixture(const char *name, const char *linecol, const char *frag)
{
	struct hak_config cfg;
	struct hak_err err;
	char *path = fix(name), *where, label[256];
	int rc;

	hak_err_clear(&err);
	rc = hak_config_load(path, &cfg, NULL, &err);
	where = hak_xasprintf("%s:%s", path, linecol);
	snprintf(label, sizeof(label), "%s: HAK_ECONFIG", name);
	is_int(rc, HAK_ECONFIG, label);
	snprintf(label, sizeof(label), "%s: where %s", name, linecol);
	is_str(err.where, where, label);
	snprintf(label, sizeof(label), "%s: message has \"%s\"", name, frag);
	if (!ok(strstr(err.msg, frag) != NULL, label))
		printf("#   msg: %s\n", err.msg);
	hak_config_release(&cfg);
	free(where);
	free(path);
}

static int
parse(const char *text, struct hak_config *cfg, struct hak_err *err)
{
	hak_err_clear(err);
	return hak_config_parse(text, strlen(text), "t.yaml", cfg, err);
}

/* Parse text; expect HAK_ECONFIG at where with msg containing frag. */
static void
bad_text(const char *text, const char *where, const char *frag,
	const char *label)
{
	struct hak_config cfg;
	struct hak_err err;
	char l[256];
	int rc;

	rc = parse(text, &cfg, &err);
	snprintf(l, sizeof(l), "%s: HAK_ECONFIG at %s", label, where);
	ok(rc == HAK_ECONFIG && !strcmp(err.where, where), l);
	if (rc != HAK_ECONFIG || strcmp(err.where, where))
		printf("#   rc %d where '%s' msg '%s'\n", rc, err.where,
		    err.msg);
	snprintf(l, sizeof(l), "%s: message has \"%s\"", label, frag);
	if (!ok(strstr(err.msg, frag) != NULL, l))
		printf("#   msg: %s\n", err.msg);
	hak_config_release(&cfg);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	if (!fp) {
		perror(path);
		exit(2);
	}
	fputs(text, fp);
	fclose(fp);
	chmod(path, mode);
}

static void
test_default(void)
{
	struct hak_config cfg;
	struct hak_calendar cal;
	const struct hak_category *c;
	static const char *const cats[][2] = {
		{ "curriculum", "EDU" }, { "teacher-support", "EDU" },
		{ "student-welfare", "EDU" }, { "admin-task", "ADM" },
		{ "budget-accounting", "ADM" }, { "hr-payroll", "ADM" },
		{ "conflict-mediation", "MED" }, { "school-violence", "MED" },
		{ "facility-repair", "FAC" }, { "safety-inspection", "FAC" },
		{ "it-equipment", "FAC" }
	};
	size_t i, bad;
	bool sorted = true;

	hak_config_default(&cfg);
	ok(cfg.path == NULL, "default: path is NULL");
	ok(cfg.database == NULL, "default: no database");
	is_str(cfg.office, "School Support Headquarters", "default: office");
	is_str(cfg.timezone, "Asia/Seoul", "default: timezone");
	is_str(cfg.lang, "en", "default: lang");
	ok(cfg.school_year.month == 3 && cfg.school_year.day == 1,
	    "default: school year starts 03-01");
	is_int(cfg.min_group, 5, "default: min_group");
	ok(cfg.sla[HAK_PRIO_LOW] == 10 && cfg.sla[HAK_PRIO_NORMAL] == 5 &&
	    cfg.sla[HAK_PRIO_HIGH] == 3 && cfg.sla[HAK_PRIO_URGENT] == 1,
	    "default: sla low 10 normal 5 high 3 urgent 1");
	is_int(cfg.ndepts, 4, "default: 4 departments");
	ok(cfg.ndepts == 4 && !strcmp(cfg.depts[0].code, "EDU") &&
	    !strcmp(cfg.depts[1].code, "ADM") &&
	    !strcmp(cfg.depts[2].code, "MED") &&
	    !strcmp(cfg.depts[3].code, "FAC"),
	    "default: departments EDU ADM MED FAC in order");
	is_str(hak_config_dept(&cfg, "EDU")->name,
	    "Education Support Department", "default: EDU name");
	is_str(hak_config_dept(&cfg, "ADM")->name,
	    "Administrative Support Department", "default: ADM name");
	is_str(hak_config_dept(&cfg, "MED")->name,
	    "Reconciliation and Mediation Department", "default: MED name");
	is_str(hak_config_dept(&cfg, "FAC")->name,
	    "Facility Support Department", "default: FAC name");
	ok(hak_config_dept(&cfg, "edu") == NULL,
	    "default: department codes are case-sensitive");
	is_int(cfg.ncats, 11, "default: 11 categories");
	for (i = 0, bad = 0; i < sizeof(cats) / sizeof(cats[0]); i++) {
		c = hak_config_category(&cfg, cats[i][0]);
		if (!c || strcmp(c->dept, cats[i][1]) || c->sla_days != -1 ||
		    !c->active)
			bad++;
	}
	is_int(bad, 0, "default: each category has its department (SPEC 3)");
	is_int(cfg.nstaff, 0, "default: no staff");
	is_int(cfg.headline.n, 0, "default: no headline questions");
	is_int(cfg.nholidays, 28, "default: 28 holidays in 2026-2027");
	for (i = 1; i < cfg.nholidays; i++)
		if (cfg.holidays[i - 1] >= cfg.holidays[i])
			sorted = false;
	ok(sorted, "default: holidays sorted and unique");
	ok(cfg.holidays[0] == ymd(2026, 1, 1) &&
	    cfg.holidays[27] == ymd(2027, 12, 27),
	    "default: holidays from 2026-01-01 to 2027-12-27");
	cal = hak_config_calendar(&cfg);
	ok(cal.holidays == cfg.holidays && cal.n == 28,
	    "calendar borrows the holidays");
	sorted = false;
	for (i = 0; i < cfg.nholidays; i++)
		if (cfg.holidays[i] == ymd(2026, 3, 1))
			sorted = true;
	ok(!sorted, "default: 2026-03-01 (a Sunday) is not listed");
	ok(hak_config_staff(&cfg, "kim.minji") == NULL,
	    "default: unknown staff is NULL");
	hak_config_release(&cfg);
}

static void
test_full(void)
{
	struct hak_config cfg;
	struct hak_err err;
	const struct hak_staff *s;
	const struct hak_category *c;
	const struct hak_dept *d;
	char *path = fix("full.yaml");
	int rc;

	hak_err_clear(&err);
	rc = hak_config_load(path, &cfg, NULL, &err);
	if (!is_int(rc, HAK_OK, "full: loads"))
		printf("#   %s: %s\n", err.where, err.msg);
	if (rc) {
		free(path);
		return;
	}
	is_str(cfg.path, path, "full: path is the file");
	is_str(cfg.office,
	    "Sejong City Office of Education — School Support Headquarters",
	    "full: office (UTF-8 dash)");
	is_str(cfg.database, "/var/lib/hakjibon/hakjibon.db",
	    "full: database, comment dropped");
	is_str(cfg.lang, "ko", "full: lang ko");
	ok(cfg.school_year.month == 2 && cfg.school_year.day == 15,
	    "full: school year 02-15");
	is_int(cfg.min_group, 7, "full: min_group 7");
	is_int(cfg.nholidays, 5, "full: 5 holidays (a repeat dropped)");
	ok(cfg.nholidays == 5 && cfg.holidays[0] == ymd(2026, 1, 1) &&
	    cfg.holidays[3] == ymd(2026, 2, 18) &&
	    cfg.holidays[4] == ymd(2026, 3, 2), "full: holidays sorted");
	ok(cfg.sla[HAK_PRIO_URGENT] == 2 && cfg.sla[HAK_PRIO_HIGH] == 4 &&
	    cfg.sla[HAK_PRIO_NORMAL] == 6 && cfg.sla[HAK_PRIO_LOW] == 12,
	    "full: sla by priority");
	is_int(cfg.ndepts, 4, "full: 4 departments");
	d = hak_config_dept(&cfg, "MED");
	ok(d && d->centers.n == 2 &&
	    !strcmp(d->centers.v[0], "Mediation Center") &&
	    !strcmp(d->centers.v[1], "Counselling Center"),
	    "full: MED centers");
	d = hak_config_dept(&cfg, "ADM");
	ok(d && d->centers.n == 0 && d->active, "full: ADM without centers");
	is_int(cfg.nstaff, 2, "full: 2 staff");
	s = hak_config_staff(&cfg, "kim.minji");
	ok(s && !strcmp(s->name, "김민지") && !strcmp(s->dept, "FAC") &&
	    s->role && !strcmp(s->role, "engineer") && s->active,
	    "full: kim.minji, FAC engineer");
	s = hak_config_staff(&cfg, "lee.jun");
	ok(s && !strcmp(s->dept, "EDU") && s->role == NULL,
	    "full: lee.jun without a role");
	is_int(cfg.ncats, 2, "full: categories replace the default list");
	c = hak_config_category(&cfg, "facility-repair");
	ok(c && c->sla_days == 5 && !strcmp(c->dept, "FAC"),
	    "full: facility-repair sla_days 5");
	c = hak_config_category(&cfg, "curriculum");
	ok(c && c->sla_days == -1 && !strcmp(c->name, "교육과정"),
	    "full: curriculum without sla_days");
	ok(hak_config_category(&cfg, "it-equipment") == NULL,
	    "full: default categories gone");
	ok(cfg.headline.n == 2 &&
	    !strcmp(cfg.headline.v[0], "support-2026/workload_reduced") &&
	    !strcmp(cfg.headline.v[1], "support-2026/time_gained"),
	    "full: headline in order");
	hak_config_release(&cfg);
	free(path);
}

static void
test_errors(void)
{
	struct hak_config cfg;
	struct hak_err err;
	struct hak_buf b;
	char *big;
	size_t i;
	int rc;

	bad_fixture("err-unknown-key.yaml", "2:1",
	    "unknown key 'offce' (allowed: office, database, timezone, lang, "
	    "school_year_start, min_group, holidays, sla, departments, staff, "
	    "categories, headline)");
	bad_fixture("err-nested-key.yaml", "4:5",
	    "unknown key 'centre' (allowed: code, name, centers)");
	bad_fixture("err-type-mapping.yaml", "2:6", "expected a mapping");
	bad_fixture("err-type-list.yaml", "1:11", "expected a list");
	bad_fixture("err-type-string.yaml", "2:3", "expected a string");
	bad_fixture("err-type-int.yaml", "1:12", "expected an integer");
	bad_fixture("err-min-group.yaml", "1:12", "min_group");
	bad_fixture("err-bad-date.yaml", "3:5", "bad date '2026-02-30'");
	bad_fixture("err-bad-id.yaml", "2:10", "bad id 'Kim.Minji'");
	bad_fixture("err-dup-code.yaml", "5:11",
	    "duplicate code 'curriculum'");
	bad_fixture("err-dup-dept.yaml", "3:12", "duplicate code 'EDU'");
	bad_fixture("err-staff-dept.yaml", "4:17",
	    "unknown department 'FCA'");
	bad_fixture("err-cat-dept.yaml", "4:46",
	    "unknown department 'XYZ'");
	bad_fixture("err-syntax.yaml", "2:7",
	    "mapping values are not allowed");
	/* 100 aliases a line from line 2: the 1001st opens line 12. */
	bad_fixture("err-alias-bomb.yaml", "12:12", "too many aliases");
	/* 207 visits a department: the 100001st node is c10 of line 2. */
	bad_fixture("err-expansion.yaml", "2:78", "too many nodes");

	bad_text("[a, b]\n", "t.yaml:1:1", "expected a mapping",
	    "top-level list");
	bad_text("office: a\noffice: b\n", "t.yaml:2:1",
	    "duplicate key 'office'", "duplicate top-level key");
	bad_text("departments:\n  - {code: EDU}\n", "t.yaml:2:5",
	    "missing key 'name'", "department without a name");
	bad_text("departments:\n  - {code: edu, name: x}\n", "t.yaml:2:12",
	    "bad code 'edu'", "lower-case department code");
	bad_text("categories:\n  - {code: 1st, name: x, department: EDU}\n",
	    "t.yaml:2:12", "bad code '1st'", "bad category code");
	bad_text("lang: fr\n", "t.yaml:1:7", "expected en or ko", "lang fr");
	bad_text("school_year_start: 02-30\n", "t.yaml:1:20",
	    "bad date '02-30'", "school_year_start 02-30");
	bad_text("sla: {urgent: 0}\n", "t.yaml:1:15", "sla.urgent",
	    "sla urgent 0");
	bad_text("sla: {soon: 1}\n", "t.yaml:1:7",
	    "unknown key 'soon' (allowed: urgent, high, normal, low)",
	    "unknown sla key");
	bad_text("min_group: \"5\"\n", "t.yaml:1:12", "expected an integer",
	    "quoted integer");
	bad_text("office: \"a\\0b\"\n", "t.yaml:1:9", "NUL", "NUL in a string");
	bad_text("headline: [overall]\n", "t.yaml:1:12",
	    "expected survey/question", "headline without a slash");
	bad_text("timezone: ../../etc/passwd\n", "t.yaml:1:11", "bad zone",
	    "timezone path");
	bad_text("office: x\ntimezone: Mars/Olympus_Mons\n", "t.yaml:2:11",
	    "unknown time zone", "a zone not in the tz database");
	bad_text("office: a\n---\noffice: b\n", "t.yaml:2:1",
	    "more than one yaml document", "two documents");
	bad_text("headline: *nope\n", "t.yaml:1:11", "undefined alias",
	    "undefined alias");
	bad_text("departments: []\n", "t.yaml:1:14", "empty",
	    "empty departments list");
	bad_text("staff: &s [*s]\n", "t.yaml:1:8", "expected a mapping",
	    "self-referential alias");
	bad_text("office: \xff\n", "t.yaml:1:9", "UTF-8", "invalid UTF-8");

	/* Over 1 MiB: refused before parsing. */
	big = hak_xmalloc(1100000);
	memset(big, '#', 1100000 - 1);
	big[1100000 - 1] = '\0';
	rc = parse(big, &cfg, &err);
	is_int(rc, HAK_ECONFIG, "parse refuses over 1 MiB");
	hak_config_release(&cfg);
	free(big);

	/* 100001 nodes: the map, its key, the list, then 99998 items. */
	b = (struct hak_buf)HAK_BUF_INIT;
	hak_buf_adds(&b, "headline: [");
	for (i = 0; i < 99998; i++)
		hak_buf_adds(&b, "a/b, ");
	hak_buf_adds(&b, "a/b]\n");
	hak_err_clear(&err);
	rc = hak_config_parse(b.buf, b.len, "t.yaml", &cfg, &err);
	ok(rc == HAK_ECONFIG && !strcmp(err.where, "t.yaml:1:499997") &&
	    strstr(err.msg, "too many nodes"),
	    "100001 nodes refused at the last one");
	if (rc != HAK_ECONFIG)
		printf("#   %d %s %s\n", rc, err.where, err.msg);
	hak_config_release(&cfg);
	hak_buf_release(&b);
}

static void
test_parse_misc(void)
{
	struct hak_config cfg;
	struct hak_err err;
	int rc;

	rc = parse("", &cfg, &err);
	ok(rc == HAK_OK && cfg.ndepts == 4 && cfg.ncats == 11,
	    "empty file: the built-in defaults");
	hak_config_release(&cfg);
	rc = parse("# nothing\n~\n", &cfg, &err);
	ok(rc == HAK_OK && cfg.nholidays == 28, "null document: defaults");
	hak_config_release(&cfg);

	rc = parse("staff:\n  - {id: a.b, name: A, department: X1}\n"
	    "departments:\n  - {code: X1, name: One}\n", &cfg, &err);
	ok(rc == HAK_OK && cfg.nstaff == 1 && cfg.ndepts == 5,
	    "staff may come before their departments");
	ok(rc == HAK_OK && cfg.ncats == 11,
	    "departments given, categories not: the default categories");
	hak_config_release(&cfg);

	rc = parse("departments:\n  - {code: EDU, name: Edu}\n"
	    "  - {code: NEW, name: New}\n", &cfg, &err);
	ok(rc == HAK_OK && cfg.ndepts == 5 &&
	    !strcmp(hak_config_dept(&cfg, "EDU")->name, "Edu") &&
	    !strcmp(hak_config_dept(&cfg, "FAC")->name,
	    "Facility Support Department") &&
	    hak_config_category(&cfg, "hr-payroll"),
	    "departments merge into the four fixed ones by code");
	hak_config_release(&cfg);

	rc = parse("sla: {high: 2}\ndatabase:\nstaff:\n"
	    "holidays: []\n", &cfg, &err);
	ok(rc == HAK_OK && cfg.sla[HAK_PRIO_HIGH] == 2 &&
	    cfg.sla[HAK_PRIO_LOW] == 10 && cfg.sla[HAK_PRIO_URGENT] == 1,
	    "sla: keys left out keep their defaults");
	ok(rc == HAK_OK && cfg.database == NULL && cfg.nstaff == 0,
	    "null database and staff");
	ok(rc == HAK_OK && cfg.nholidays == 0,
	    "holidays: [] means no holidays");
	hak_config_release(&cfg);

	rc = parse("base: 1\n", &cfg, &err);
	ok(rc == HAK_ECONFIG && cfg.depts == NULL && cfg.office == NULL,
	    "after an error cfg is empty (and safe to release)");
	hak_config_release(&cfg);

	rc = parse("headline: &h [s-1/q1]\n"
	    "departments: [{code: A, name: a, centers: *h}]\n",
	    &cfg, &err);
	ok(rc == HAK_OK && cfg.depts[4].centers.n == 1 &&
	    !strcmp(cfg.depts[4].centers.v[0], "s-1/q1"),
	    "a few aliases are fine");
	hak_config_release(&cfg);
}

static void
roundtrip(const struct hak_config *a, const char *label)
{
	struct hak_buf d1 = HAK_BUF_INIT, d2 = HAK_BUF_INIT;
	struct hak_config b;
	struct hak_err err;
	char l[256];
	int rc;

	hak_config_dump(a, &d1);
	hak_err_clear(&err);
	rc = hak_config_parse(d1.buf, d1.len, "dump", &b, &err);
	snprintf(l, sizeof(l), "%s: dump parses back", label);
	if (!is_int(rc, HAK_OK, l))
		printf("#   %s: %s\n%s", err.where, err.msg, d1.buf);
	if (rc == HAK_OK) {
		hak_config_dump(&b, &d2);
		snprintf(l, sizeof(l), "%s: same bytes after the round trip",
		    label);
		is_str(d2.buf, d1.buf, l);
		snprintf(l, sizeof(l), "%s: equal fields after the round "
		    "trip", label);
		ok(!strcmp(a->office, b.office) &&
		    !strcmp(a->timezone, b.timezone) &&
		    !strcmp(a->lang, b.lang) && a->min_group == b.min_group &&
		    a->nholidays == b.nholidays &&
		    !memcmp(a->holidays, b.holidays,
		    a->nholidays * sizeof(*a->holidays)) &&
		    !memcmp(a->sla, b.sla, sizeof(a->sla)) &&
		    a->ndepts == b.ndepts && a->nstaff == b.nstaff &&
		    a->ncats == b.ncats && a->headline.n == b.headline.n &&
		    a->school_year.month == b.school_year.month &&
		    a->school_year.day == b.school_year.day, l);
		hak_config_release(&b);
	}
	hak_buf_release(&d1);
	hak_buf_release(&d2);
}

static void
test_dump(void)
{
	struct hak_config cfg, cfg2;
	struct hak_buf d1 = HAK_BUF_INIT, d2 = HAK_BUF_INIT;
	struct hak_err err;
	char *path = fix("full.yaml");
	int rc;

	hak_config_default(&cfg);
	roundtrip(&cfg, "default");
	hak_config_dump(&cfg, &d1);
	ok(strstr(d1.buf, "min_group: 5\n") &&
	    strstr(d1.buf, "  - 2026-09-24\n"), "default dump has the values");
	hak_config_default(&cfg2);
	hak_config_dump(&cfg2, &d2);
	is_str(d2.buf, d1.buf, "same config, same bytes");
	hak_config_release(&cfg2);
	hak_config_release(&cfg);
	hak_buf_reset(&d1);
	hak_buf_reset(&d2);

	rc = hak_config_load(path, &cfg, NULL, &err);
	if (rc == HAK_OK) {
		roundtrip(&cfg, "full");
		hak_config_dump(&cfg, &d1);
		ok(!strstr(d1.buf, "database") && !strstr(d1.buf, path),
		    "dump leaves out path and database");
		ok(strstr(d1.buf, "role: \"engineer\"") != NULL,
		    "dump has the role");
		cfg.staff[1].active = false;
		hak_buf_reset(&d1);
		hak_config_dump(&cfg, &d1);
		ok(!strstr(d1.buf, "lee.jun"), "dump skips inactive staff");
		hak_config_release(&cfg);
	}

	rc = parse("office: \"  \\\"quoted\\\" back\\\\slash # not a comment\\n"
	    "line\\ttab\\x01 \\u2028 \\x85\"\n"
	    "timezone: Etc/GMT+9\n"
	    "departments:\n  - {code: ON, name: 'null', centers: ['yes', "
	    "'- dash', ': colon', '']}\n"
	    "staff:\n  - {id: \"null\", name: \"true\", department: ON, "
	    "role: \"~\"}\n"
	    "categories:\n  - {code: 'no', name: '123', department: ON, "
	    "sla_days: 30}\n", &cfg, &err);
	if (!is_int(rc, HAK_OK, "awkward strings parse"))
		printf("#   %s: %s\n", err.where, err.msg);
	if (rc == HAK_OK) {
		is_str(cfg.office, "  \"quoted\" back\\slash # not a comment\n"
		    "line\ttab\x01 \xe2\x80\xa8 \xc2\x85",
		    "escapes in a double-quoted string");
		roundtrip(&cfg, "awkward");
		hak_config_release(&cfg);
	}
	hak_buf_release(&d1);
	hak_buf_release(&d2);
	free(path);
}

static void
test_priority(void)
{
	is_int(hak_priority_parse("low"), HAK_PRIO_LOW, "priority low");
	is_int(hak_priority_parse("normal"), HAK_PRIO_NORMAL,
	    "priority normal");
	is_int(hak_priority_parse("high"), HAK_PRIO_HIGH, "priority high");
	is_int(hak_priority_parse("urgent"), HAK_PRIO_URGENT,
	    "priority urgent");
	is_int(hak_priority_parse("낮음"), HAK_PRIO_LOW, "priority 낮음");
	is_int(hak_priority_parse("보통"), HAK_PRIO_NORMAL, "priority 보통");
	is_int(hak_priority_parse("높음"), HAK_PRIO_HIGH, "priority 높음");
	is_int(hak_priority_parse("긴급"), HAK_PRIO_URGENT, "priority 긴급");
	is_int(hak_priority_parse("Urgent"), -1, "priority is case-sensitive");
	is_int(hak_priority_parse(""), -1, "empty priority");
	is_int(hak_priority_parse("critical"), -1, "unknown priority");
	is_str(hak_priority_name(HAK_PRIO_HIGH), "high", "priority name high");
	is_str(hak_priority_name(HAK_PRIO_URGENT), "urgent",
	    "priority name urgent");
	ok(hak_priority_name(HAK_PRIO_N) == NULL, "no name past the end");
}

static void
test_load(void)
{
	char tmpl[] = "/tmp/hak-config-XXXXXX", cwd[4096];
	char *dir, *p_exp, *p_env, *p_xdg, *p_home, *p_big, *s, *buf = NULL;
	struct hak_config cfg;
	struct hak_err err;
	size_t blen = 0;
	FILE *warn;
	int rc;

	if (!getcwd(cwd, sizeof(cwd)) || !(dir = mkdtemp(tmpl))) {
		ok(0, "temp dir");
		return;
	}
	s = hak_xasprintf("mkdir -p %s/cwd %s/xdg/hakjibon "
	    "%s/home/.config/hakjibon %s/empty", dir, dir, dir, dir);
	if (system(s) != 0)
		ok(0, "mkdir");
	free(s);
	p_exp = hak_xasprintf("%s/explicit.yaml", dir);
	p_env = hak_xasprintf("%s/env.yaml", dir);
	p_xdg = hak_xasprintf("%s/xdg/hakjibon/config.yaml", dir);
	p_home = hak_xasprintf("%s/home/.config/hakjibon/config.yaml", dir);
	p_big = hak_xasprintf("%s/big.yaml", dir);
	write_file(p_exp, "office: Explicit\n", 0600);
	write_file(p_env, "office: FromEnv\n", 0600);
	write_file(p_xdg, "office: FromXdg\nmin_group: 9\n", 0644);
	write_file(p_home, "office: FromHome\n", 0644);
	s = hak_xasprintf("%s/cwd/hakjibon.yaml", dir);
	write_file(s, "office: FromCwd\n", 0600);
	free(s);

	s = hak_xasprintf("%s/xdg", dir);
	setenv("XDG_CONFIG_HOME", s, 1);
	free(s);
	s = hak_xasprintf("%s/home", dir);
	setenv("HOME", s, 1);
	free(s);
	setenv("HAK_CONFIG", p_env, 1);
	s = hak_xasprintf("%s/cwd", dir);
	if (chdir(s) != 0)
		ok(0, "chdir");
	free(s);

	rc = hak_config_load(p_exp, &cfg, NULL, &err);
	ok(rc == HAK_OK && !strcmp(cfg.office, "Explicit") &&
	    !strcmp(cfg.path, p_exp), "--config wins over everything");
	hak_config_release(&cfg);
	rc = hak_config_load(NULL, &cfg, NULL, &err);
	ok(rc == HAK_OK && !strcmp(cfg.office, "FromEnv") &&
	    !strcmp(cfg.path, p_env), "$HAK_CONFIG next");
	hak_config_release(&cfg);
	setenv("HAK_CONFIG", "", 1);
	rc = hak_config_load(NULL, &cfg, NULL, &err);
	ok(rc == HAK_OK && !strcmp(cfg.office, "FromCwd") &&
	    !strcmp(cfg.path, "./hakjibon.yaml"),
	    "empty $HAK_CONFIG: ./hakjibon.yaml next");
	is_int(cfg.min_group, 5, "the file found is used whole, not merged");
	hak_config_release(&cfg);
	unsetenv("HAK_CONFIG");

	chmod("hakjibon.yaml", 0664);
	warn = open_memstream(&buf, &blen);
	rc = hak_config_load(NULL, &cfg, warn, &err);
	fclose(warn);
	ok(rc == HAK_OK && !strcmp(cfg.office, "FromXdg") &&
	    !strcmp(cfg.path, p_xdg),
	    "group-writable ./hakjibon.yaml skipped for $XDG_CONFIG_HOME");
	is_int(cfg.min_group, 9, "XDG file's min_group");
	ok(buf && strstr(buf, "warning") && strstr(buf, "hakjibon.yaml"),
	    "a warning naming ./hakjibon.yaml");
	if (buf)
		printf("# warn: %s", buf);
	free(buf);
	buf = NULL;
	hak_config_release(&cfg);

	chmod("hakjibon.yaml", 0602);
	warn = open_memstream(&buf, &blen);
	rc = hak_config_load(NULL, &cfg, warn, &err);
	fclose(warn);
	ok(rc == HAK_OK && !strcmp(cfg.office, "FromXdg") && blen > 0,
	    "world-writable ./hakjibon.yaml skipped with a warning");
	free(buf);
	buf = NULL;
	hak_config_release(&cfg);

	chmod("hakjibon.yaml", 0600);
	if (geteuid() == 0 && chown("hakjibon.yaml", 65534, 65534) == 0) {
		rc = hak_config_load(NULL, &cfg, NULL, &err);
		ok(rc == HAK_OK && !strcmp(cfg.office, "FromXdg"),
		    "./hakjibon.yaml owned by someone else skipped");
		hak_config_release(&cfg);
	} else {
		ok(1, "# skip chown needs root");
	}
	unlink("hakjibon.yaml");

	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	rc = hak_config_load(NULL, &cfg, NULL, &err);
	ok(rc == HAK_OK && !strcmp(cfg.office, "FromHome") &&
	    !strcmp(cfg.path, p_home),
	    "relative $XDG_CONFIG_HOME ignored: ~/.config next");
	hak_config_release(&cfg);
	unsetenv("XDG_CONFIG_HOME");
	rc = hak_config_load(NULL, &cfg, NULL, &err);
	ok(rc == HAK_OK && !strcmp(cfg.office, "FromHome"),
	    "unset $XDG_CONFIG_HOME: ~/.config");
	hak_config_release(&cfg);

	s = hak_xasprintf("%s/empty", dir);
	setenv("HOME", s, 1);
	free(s);
	if (access("/etc/hakjibon/config.yaml", F_OK) != 0) {
		rc = hak_config_load(NULL, &cfg, NULL, &err);
		ok(rc == HAK_OK && cfg.path == NULL && cfg.ndepts == 4 &&
		    !strcmp(cfg.office, "School Support Headquarters"),
		    "no file anywhere: the built-in default");
		hak_config_release(&cfg);
	} else {
		ok(1, "# skip /etc/hakjibon/config.yaml exists");
	}

	s = hak_xasprintf("%s/missing.yaml", dir);
	hak_err_clear(&err);
	rc = hak_config_load(s, &cfg, NULL, &err);
	ok(rc == HAK_ENOINPUT && strstr(err.msg, s) &&
	    strstr(err.msg, "cannot open"),
	    "missing --config file: HAK_ENOINPUT naming it");
	hak_config_release(&cfg);
	setenv("HAK_CONFIG", s, 1);
	hak_err_clear(&err);
	rc = hak_config_load(NULL, &cfg, NULL, &err);
	ok(rc == HAK_ENOINPUT && strstr(err.msg, s),
	    "missing $HAK_CONFIG file: HAK_ENOINPUT naming it");
	hak_config_release(&cfg);
	unsetenv("HAK_CONFIG");
	free(s);

	rc = hak_config_load(dir, &cfg, NULL, &err);
	is_int(rc, HAK_ENOINPUT, "a directory as --config: HAK_ENOINPUT");
	hak_config_release(&cfg);

	warn = fopen(p_big, "w");
	if (warn) {
		fputs("office: x\n", warn);
		for (rc = 0; rc < 120000; rc++)
			fputs("# padding\n", warn);
		fclose(warn);
	}
	hak_err_clear(&err);
	rc = hak_config_load(p_big, &cfg, NULL, &err);
	ok(rc == HAK_ECONFIG && strstr(err.msg, "too large"),
	    "a file over 1 MiB is refused");
	hak_config_release(&cfg);

	if (chdir(cwd) != 0)
		ok(0, "chdir back");
	s = hak_xasprintf("rm -rf %s", dir);
	if (system(s) != 0)
		ok(0, "rm");
	free(s);
	free(p_exp);
	free(p_env);
	free(p_xdg);
	free(p_home);
	free(p_big);
}

int
main(void)
{
	const char *top = getenv("HAK_TOP");

	if (top && *top)
		snprintf(fixdir, sizeof(fixdir), "%s/tests/data/config", top);
	else if (!getcwd(fixdir, sizeof(fixdir) - 32))
		return 2;
	else
		strncat(fixdir, "/tests/data/config",
		    sizeof(fixdir) - strlen(fixdir) - 1);
	test_default();
	test_full();
	test_errors();
	test_parse_misc();
	test_dump();
	test_priority();
	test_load();
	return done_testing();
}
