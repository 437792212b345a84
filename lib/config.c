/* SPDX-License-Identifier: MIT */
/* The configuration file (SPEC 2.2, 3, 6.1): find, parse, check, dump. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hak/config.h"
#include "hak/yaml.h"
#include "banned.h"

/* Bounds that keep a hostile file (billion laughs) cheap to refuse. */
#define MAX_FILE	(1024 * 1024)

static const char *const default_holidays[] = {
	"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-03-02",
	"2026-05-05", "2026-05-25", "2026-06-03", "2026-08-17", "2026-09-24",
	"2026-09-25", "2026-09-28", "2026-10-05", "2026-10-09", "2026-12-25",
	"2027-01-01", "2027-02-08", "2027-02-09", "2027-03-01", "2027-05-05",
	"2027-05-13", "2027-08-16", "2027-09-14", "2027-09-15", "2027-09-16",
	"2027-10-04", "2027-10-11", "2027-12-27"
};

static const struct {
	const char *code, *name;
} default_depts[] = {
	{ "EDU", "Education Support Department" },
	{ "ADM", "Administrative Support Department" },
	{ "MED", "Reconciliation and Mediation Department" },
	{ "FAC", "Facility Support Department" }
};

static const struct {
	const char *code, *name, *dept;
} default_cats[] = {
	{ "curriculum", "Curriculum", "EDU" },
	{ "teacher-support", "Teacher support", "EDU" },
	{ "student-welfare", "Student welfare", "EDU" },
	{ "admin-task", "Administrative task", "ADM" },
	{ "budget-accounting", "Budget and accounting", "ADM" },
	{ "hr-payroll", "HR and payroll", "ADM" },
	{ "conflict-mediation", "Conflict mediation", "MED" },
	{ "school-violence", "School violence", "MED" },
	{ "facility-repair", "Facility repair", "FAC" },
	{ "safety-inspection", "Safety inspection", "FAC" },
	{ "it-equipment", "IT equipment", "FAC" }
};

static const char *const prio_names[HAK_PRIO_N] = {
	"low", "normal", "high", "urgent"
};
static const char *const prio_ko[HAK_PRIO_N] = {
	"낮음", "보통", "높음", "긴급"
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
add_dept(struct hak_config *cfg, const char *code, const char *name)
{
	struct hak_dept *d;

	cfg->depts = hak_xreallocarray(cfg->depts, cfg->ndepts + 1,
	    sizeof(*cfg->depts));
	d = &cfg->depts[cfg->ndepts++];
	memset(d, 0, sizeof(*d));
	d->code = hak_xstrdup(code);
	d->name = hak_xstrdup(name);
	d->active = true;
}

static void
add_cat(struct hak_config *cfg, const char *code, const char *name,
	const char *dept)
{
	struct hak_category *c;

	cfg->cats = hak_xreallocarray(cfg->cats, cfg->ncats + 1,
	    sizeof(*cfg->cats));
	c = &cfg->cats[cfg->ncats++];
	c->code = hak_xstrdup(code);
	c->name = hak_xstrdup(name);
	c->dept = hak_xstrdup(dept);
	c->sla_days = -1;
	c->active = true;
}

static void
free_depts(struct hak_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->ndepts; i++) {
		free(cfg->depts[i].code);
		free(cfg->depts[i].name);
		hak_strv_clear(&cfg->depts[i].centers);
	}
	free(cfg->depts);
	cfg->depts = NULL;
	cfg->ndepts = 0;
}

static void
free_cats(struct hak_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->ncats; i++) {
		free(cfg->cats[i].code);
		free(cfg->cats[i].name);
		free(cfg->cats[i].dept);
	}
	free(cfg->cats);
	cfg->cats = NULL;
	cfg->ncats = 0;
}

void
hak_config_default(struct hak_config *cfg)
{
	size_t i;
	int y, m, d;

	memset(cfg, 0, sizeof(*cfg));
	cfg->office = hak_xstrdup("School Support Headquarters");
	cfg->timezone = hak_xstrdup("Asia/Seoul");
	cfg->lang = hak_xstrdup("en");
	cfg->school_year.month = 3;
	cfg->school_year.day = 1;
	cfg->min_group = 5;
	cfg->sla[HAK_PRIO_LOW] = 10;
	cfg->sla[HAK_PRIO_NORMAL] = 5;
	cfg->sla[HAK_PRIO_HIGH] = 3;
	cfg->sla[HAK_PRIO_URGENT] = 1;
	cfg->nholidays = NELEM(default_holidays);
	cfg->holidays = hak_xcalloc(cfg->nholidays, sizeof(*cfg->holidays));
	for (i = 0; i < cfg->nholidays; i++) {
		/* The table is sorted and fixed: no need for hak_day_parse. */
		y = (int)strtol(default_holidays[i], NULL, 10);
		m = (int)strtol(default_holidays[i] + 5, NULL, 10);
		d = (int)strtol(default_holidays[i] + 8, NULL, 10);
		cfg->holidays[i] = hak_day_from_ymd(y, m, d);
	}
	for (i = 0; i < NELEM(default_depts); i++)
		add_dept(cfg, default_depts[i].code, default_depts[i].name);
	for (i = 0; i < NELEM(default_cats); i++)
		add_cat(cfg, default_cats[i].code, default_cats[i].name,
		    default_cats[i].dept);
}

void
hak_config_release(struct hak_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->office);
	free(cfg->database);
	free(cfg->timezone);
	free(cfg->lang);
	free(cfg->holidays);
	free_depts(cfg);
	for (i = 0; i < cfg->nstaff; i++) {
		free(cfg->staff[i].id);
		free(cfg->staff[i].name);
		free(cfg->staff[i].dept);
		free(cfg->staff[i].role);
	}
	free(cfg->staff);
	free_cats(cfg);
	hak_strv_clear(&cfg->headline);
	memset(cfg, 0, sizeof(*cfg));
}

/* ---- Checks on values ---- */

/* ^[a-z][a-z0-9_.-]{0,63}$ (SPEC 2.12) */
static bool
valid_id(const char *s)
{
	size_t i;

	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (i = 1; s[i]; i++) {
		if (i > 63)
			return false;
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    s[i] == '.' || s[i] == '-'))
			return false;
	}
	return true;
}

/* ^[A-Z][A-Z0-9_]{0,15}$ */
static bool
valid_dept_code(const char *s)
{
	size_t i;

	if (!(*s >= 'A' && *s <= 'Z'))
		return false;
	for (i = 1; s[i]; i++) {
		if (i > 15)
			return false;
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	}
	return true;
}

/* A zone name as in the tz database: no leading '/', no "..". */
static bool
valid_zone(const char *s)
{
	const char *p;

	if (!*s || *s == '/' || strstr(s, ".."))
		return false;
	for (p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("/_+-.", *p)))
			return false;
	return true;
}

/* "MM-DD", a day that exists in every year. */
static bool
parse_mmdd(const char *s, struct hak_sy *sy)
{
	int m, d;

	if (strlen(s) != 5 || s[2] != '-' ||
	    !strchr("0123456789", s[0]) || !strchr("0123456789", s[1]) ||
	    !strchr("0123456789", s[3]) || !strchr("0123456789", s[4]))
		return false;
	m = (s[0] - '0') * 10 + (s[1] - '0');
	d = (s[3] - '0') * 10 + (s[4] - '0');
	if (!hak_ymd_valid(2001, m, d))
		return false;
	sy->month = m;
	sy->day = d;
	return true;
}

/* ---- Walking the YAML document ---- */

struct ref {			/* a department named by staff or a category */
	size_t line, column;
	bool staff;
	size_t i;
};

struct ctx {
	const char *name;
	struct hak_yaml_doc *doc;
	struct hak_err *err;
	struct hak_config *cfg;
	struct ref *refs;
	size_t nrefs, arefs;
};

#define fail(c, n, ...) hak_yaml_fail((c)->doc, (n), (c)->err, __VA_ARGS__)
#define is_null hak_yaml_is_null
#define kind hak_yaml_kind

static int
item(struct ctx *c, const struct hak_yaml_node *seq,
	size_t k, const struct hak_yaml_node **out)
{
	return hak_yaml_item(c->doc, seq, k, out, c->err);
}

/* A non-null scalar without NUL bytes; *out is borrowed from the document. */
static int
scalar(struct ctx *c, const struct hak_yaml_node *n,
	const char *what, const char **out)
{
	if (n->type != HAK_YAML_SCALAR || is_null(n))
		return fail(c, n, "%s: expected a string, got %s", what,
		    kind(n));
	if (strlen(n->value) != n->len)
		return fail(c, n, "%s: contains a NUL character", what);
	*out = n->value;
	return HAK_OK;
}

static int
string(struct ctx *c, const struct hak_yaml_node *n,
	const char *what, char **out)
{
	const char *s;
	int rc;

	if ((rc = scalar(c, n, what, &s)))
		return rc;
	free(*out);
	*out = hak_xstrdup(s);
	return HAK_OK;
}

static int
integer(struct ctx *c, const struct hak_yaml_node *n,
	const char *what, int min, int *out)
{
	long v;
	int rc;

	if ((rc = hak_yaml_int(c->doc, n, what, min, INT_MAX, &v, c->err)))
		return rc;
	*out = (int)v;
	return HAK_OK;
}

static int
want(struct ctx *c, const struct hak_yaml_node *n, enum hak_yaml_type type,
	const char *what)
{
	if (n->type == type)
		return HAK_OK;
	return fail(c, n, "%s: expected %s, got %s", what,
	    type == HAK_YAML_MAPPING ? "a mapping" : "a list", kind(n));
}

/*
 * Pick the values of a mapping's keys: vals[i] is the value of keys[i] or
 * NULL.  Unknown and non-string keys are errors (duplicates are refused
 * by the reader).
 */
static int
pick(struct ctx *c, const struct hak_yaml_node *map, const char *what,
	const char *const *keys, size_t nkeys,
	const struct hak_yaml_node **vals)
{
	const struct hak_yaml_node *k, *v;
	struct hak_buf allowed = HAK_BUF_INIT;
	const char *ks;
	size_t i, j;
	int rc;

	if ((rc = want(c, map, HAK_YAML_MAPPING, what)))
		return rc;
	for (i = 0; i < nkeys; i++)
		vals[i] = NULL;
	for (j = 0; j < map->n; j++) {
		if ((rc = hak_yaml_pair(c->doc, map, j, &k, &v, c->err)))
			return rc;
		if (k->type != HAK_YAML_SCALAR)
			return fail(c, k, "%s: expected a string as key, "
			    "got %s", what, kind(k));
		ks = k->value;
		for (i = 0; i < nkeys; i++)
			if (!strcmp(ks, keys[i]))
				break;
		if (i == nkeys) {
			for (i = 0; i < nkeys; i++)
				hak_buf_addf(&allowed, "%s%s", i ? ", " : "",
				    keys[i]);
			rc = fail(c, k, "%s: unknown key '%s' (allowed: %s)",
			    what, ks, allowed.buf);
			hak_buf_release(&allowed);
			return rc;
		}
		vals[i] = v;
	}
	return HAK_OK;
}

static int
missing(struct ctx *c, const struct hak_yaml_node *map,
	const char *what, const char *key)
{
	return fail(c, map, "%s: missing key '%s'", what, key);
}

/* A list of strings into sv (null = empty list). */
static int
strings(struct ctx *c, const struct hak_yaml_node *n,
	const char *what, struct hak_strv *sv)
{
	size_t k;
	const struct hak_yaml_node *e;
	const char *s;
	int rc;

	if (is_null(n))
		return HAK_OK;
	if ((rc = want(c, n, HAK_YAML_SEQUENCE, what)))
		return rc;
	for (k = 0; k < n->n; k++) {
		if ((rc = item(c, n, k, &e)) || (rc = scalar(c, e, what, &s)))
			return rc;
		hak_strv_push(sv, s);
	}
	return HAK_OK;
}

static int
cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

static int
do_holidays(struct ctx *c, const struct hak_yaml_node *n)
{
	struct hak_config *cfg = c->cfg;
	size_t k;
	const struct hak_yaml_node *e;
	const char *s;
	size_t i, j, cap;
	int rc;

	free(cfg->holidays);
	cfg->holidays = NULL;
	cfg->nholidays = 0;
	if (is_null(n))
		return HAK_OK;
	if ((rc = want(c, n, HAK_YAML_SEQUENCE, "holidays")))
		return rc;
	cap = n->n;
	cfg->holidays = hak_xcalloc(cap ? cap : 1, sizeof(*cfg->holidays));
	for (k = 0; k < n->n; k++) {
		if ((rc = item(c, n, k, &e)) ||
		    (rc = scalar(c, e, "holidays", &s)))
			return rc;
		if (hak_day_parse(s, &cfg->holidays[cfg->nholidays], NULL))
			return fail(c, e, "holidays: bad date '%s' "
			    "(expected YYYY-MM-DD)", s);
		cfg->nholidays++;
	}
	qsort(cfg->holidays, cfg->nholidays, sizeof(*cfg->holidays), cmp_day);
	for (i = j = 0; i < cfg->nholidays; i++)
		if (!j || cfg->holidays[j - 1] != cfg->holidays[i])
			cfg->holidays[j++] = cfg->holidays[i];
	cfg->nholidays = j;
	return HAK_OK;
}

static int
do_sla(struct ctx *c, const struct hak_yaml_node *n)
{
	static const char *const keys[] = { "urgent", "high", "normal", "low" };
	static const int prio[] = { HAK_PRIO_URGENT, HAK_PRIO_HIGH,
		HAK_PRIO_NORMAL, HAK_PRIO_LOW };
	const struct hak_yaml_node *v[NELEM(keys)];
	char what[32];
	size_t i;
	int rc;

	if ((rc = pick(c, n, "sla", keys, NELEM(keys), v)))
		return rc;
	for (i = 0; i < NELEM(keys); i++) {
		snprintf(what, sizeof(what), "sla.%s", keys[i]);
		if (v[i] && (rc = integer(c, v[i], what, 1,
		    &c->cfg->sla[prio[i]])))
			return rc;
	}
	return HAK_OK;
}

/*
 * The four departments' codes are fixed (SPEC 3): a departments list
 * renames them or gives their centers, and may add more; it never removes
 * one, so a config naming only some of them still refers to all four.
 */
static int
do_departments(struct ctx *c, const struct hak_yaml_node *n)
{
	static const char *const keys[] = { "code", "name", "centers" };
	struct hak_config *cfg = c->cfg;
	size_t k;
	const struct hak_yaml_node *e, *v[NELEM(keys)];
	struct hak_dept *d;
	struct hak_strv seen = HAK_STRV_INIT;
	const char *code, *what = "departments";
	size_t i;
	int rc = HAK_OK;

	if ((rc = want(c, n, HAK_YAML_SEQUENCE, what)))
		return rc;
	if (!n->n)
		return fail(c, n, "departments: the list is empty");
	for (k = 0; k < n->n; k++) {
		if ((rc = item(c, n, k, &e)) ||
		    (rc = pick(c, e, what, keys, NELEM(keys), v)))
			break;
		if (!v[0]) {
			rc = missing(c, e, what, "code");
			break;
		}
		if (!v[1]) {
			rc = missing(c, e, what, "name");
			break;
		}
		if ((rc = scalar(c, v[0], "departments: code", &code)))
			break;
		if (!valid_dept_code(code)) {
			rc = fail(c, v[0], "departments: bad code '%s' "
			    "(expected [A-Z][A-Z0-9_]{0,15})", code);
			break;
		}
		for (i = 0; i < seen.n && strcmp(seen.v[i], code); i++)
			;
		if (i < seen.n) {
			rc = fail(c, v[0], "departments: duplicate code '%s'",
			    code);
			break;
		}
		hak_strv_push(&seen, code);
		for (i = 0; i < cfg->ndepts && strcmp(cfg->depts[i].code, code);
		    i++)
			;
		if (i == cfg->ndepts)
			add_dept(cfg, code, "");
		d = &cfg->depts[i];
		free(d->name);
		d->name = NULL;
		hak_strv_clear(&d->centers);
		if ((rc = string(c, v[1], "departments: name", &d->name)))
			break;
		if (v[2] && (rc = strings(c, v[2], "departments: centers",
		    &d->centers)))
			break;
	}
	hak_strv_clear(&seen);
	return rc;
}

static void
add_ref(struct ctx *c, const struct hak_yaml_node *n, bool staff, size_t i)
{
	HAK_ALLOC_GROW(c->refs, c->nrefs + 1, c->arefs);
	c->refs[c->nrefs].line = n->line;
	c->refs[c->nrefs].column = n->column;
	c->refs[c->nrefs].staff = staff;
	c->refs[c->nrefs].i = i;
	c->nrefs++;
}

static int
do_staff(struct ctx *c, const struct hak_yaml_node *n)
{
	static const char *const keys[] = { "id", "name", "department",
		"role" };
	struct hak_config *cfg = c->cfg;
	size_t k;
	const struct hak_yaml_node *e, *v[NELEM(keys)];
	struct hak_staff *s;
	const char *id, *what = "staff";
	size_t i;
	int rc;

	if (is_null(n))
		return HAK_OK;
	if ((rc = want(c, n, HAK_YAML_SEQUENCE, what)))
		return rc;
	for (k = 0; k < n->n; k++) {
		if ((rc = item(c, n, k, &e)) ||
		    (rc = pick(c, e, what, keys, NELEM(keys), v)))
			return rc;
		if (!v[0])
			return missing(c, e, what, "id");
		if (!v[1])
			return missing(c, e, what, "name");
		if (!v[2])
			return missing(c, e, what, "department");
		if ((rc = scalar(c, v[0], "staff: id", &id)))
			return rc;
		if (!valid_id(id))
			return fail(c, v[0], "staff: bad id '%s' "
			    "(expected [a-z][a-z0-9_.-]{0,63})", id);
		for (i = 0; i < cfg->nstaff; i++)
			if (!strcmp(cfg->staff[i].id, id))
				return fail(c, v[0], "staff: duplicate id "
				    "'%s'", id);
		cfg->staff = hak_xreallocarray(cfg->staff, cfg->nstaff + 1,
		    sizeof(*cfg->staff));
		s = &cfg->staff[cfg->nstaff++];
		memset(s, 0, sizeof(*s));
		s->id = hak_xstrdup(id);
		s->active = true;
		if ((rc = string(c, v[1], "staff: name", &s->name)) ||
		    (rc = string(c, v[2], "staff: department", &s->dept)))
			return rc;
		add_ref(c, v[2], true, cfg->nstaff - 1);
		if (v[3] && !is_null(v[3]) &&
		    (rc = string(c, v[3], "staff: role", &s->role)))
			return rc;
	}
	return HAK_OK;
}

static int
do_categories(struct ctx *c, const struct hak_yaml_node *n)
{
	static const char *const keys[] = { "code", "name", "department",
		"sla_days" };
	struct hak_config *cfg = c->cfg;
	size_t k;
	const struct hak_yaml_node *e, *v[NELEM(keys)];
	struct hak_category *cat;
	const char *code, *what = "categories";
	size_t i;
	int rc;

	free_cats(cfg);
	if (is_null(n))
		return HAK_OK;
	if ((rc = want(c, n, HAK_YAML_SEQUENCE, what)))
		return rc;
	for (k = 0; k < n->n; k++) {
		if ((rc = item(c, n, k, &e)) ||
		    (rc = pick(c, e, what, keys, NELEM(keys), v)))
			return rc;
		if (!v[0])
			return missing(c, e, what, "code");
		if (!v[1])
			return missing(c, e, what, "name");
		if (!v[2])
			return missing(c, e, what, "department");
		if ((rc = scalar(c, v[0], "categories: code", &code)))
			return rc;
		if (!valid_id(code))
			return fail(c, v[0], "categories: bad code '%s' "
			    "(expected [a-z][a-z0-9_.-]{0,63})", code);
		for (i = 0; i < cfg->ncats; i++)
			if (!strcmp(cfg->cats[i].code, code))
				return fail(c, v[0], "categories: duplicate "
				    "code '%s'", code);
		add_cat(cfg, code, "", "");
		cat = &cfg->cats[cfg->ncats - 1];
		if ((rc = string(c, v[1], "categories: name", &cat->name)) ||
		    (rc = string(c, v[2], "categories: department",
		    &cat->dept)))
			return rc;
		add_ref(c, v[2], false, cfg->ncats - 1);
		if (v[3] && !is_null(v[3]) && (rc = integer(c, v[3],
		    "categories: sla_days", 1, &cat->sla_days)))
			return rc;
	}
	return HAK_OK;
}

static int
do_headline(struct ctx *c, const struct hak_yaml_node *n)
{
	size_t k;
	const struct hak_yaml_node *e;
	const char *s, *slash;
	char *survey;
	bool good;
	int rc;

	if (is_null(n))
		return HAK_OK;
	if ((rc = want(c, n, HAK_YAML_SEQUENCE, "headline")))
		return rc;
	for (k = 0; k < n->n; k++) {
		if ((rc = item(c, n, k, &e)) ||
		    (rc = scalar(c, e, "headline", &s)))
			return rc;
		slash = strchr(s, '/');
		good = false;
		if (slash) {
			survey = hak_xstrndup(s, (size_t)(slash - s));
			good = valid_id(survey) && valid_id(slash + 1);
			free(survey);
		}
		if (!good)
			return fail(c, e, "headline: bad question '%s' "
			    "(expected survey/question, both ids)", s);
		hak_strv_push(&c->cfg->headline, s);
	}
	return HAK_OK;
}

static bool
has_dept(const struct hak_config *cfg, const char *code)
{
	return hak_config_dept(cfg, code) != NULL;
}

static int
walk(struct ctx *c, const struct hak_yaml_node *root)
{
	static const char *const keys[] = { "office", "database", "timezone",
		"lang", "school_year_start", "min_group", "holidays", "sla",
		"departments", "staff", "categories", "headline" };
	enum { OFFICE, DATABASE, TIMEZONE, LANG, SY, MIN_GROUP, HOLIDAYS, SLA,
		DEPTS, STAFF, CATS, HEADLINE };
	struct hak_config *cfg = c->cfg;
	const struct hak_yaml_node *v[NELEM(keys)];
	const char *s;
	size_t i, j;
	int rc;

	if ((rc = pick(c, root, "config", keys, NELEM(keys), v)))
		return rc;
	if (v[OFFICE] && (rc = string(c, v[OFFICE], "office", &cfg->office)))
		return rc;
	if (v[DATABASE] && !is_null(v[DATABASE]) &&
	    (rc = string(c, v[DATABASE], "database", &cfg->database)))
		return rc;
	if (v[TIMEZONE]) {
		if ((rc = scalar(c, v[TIMEZONE], "timezone", &s)))
			return rc;
		if (!valid_zone(s))
			return fail(c, v[TIMEZONE], "timezone: bad zone "
			    "name '%s'", s);
		if (!hak_zone_exists(s))
			return fail(c, v[TIMEZONE], "timezone: unknown time "
			    "zone '%s' (not in the tz database)", s);
		free(cfg->timezone);
		cfg->timezone = hak_xstrdup(s);
	}
	if (v[LANG]) {
		if ((rc = scalar(c, v[LANG], "lang", &s)))
			return rc;
		if (strcmp(s, "en") && strcmp(s, "ko"))
			return fail(c, v[LANG], "lang: bad language '%s' "
			    "(expected en or ko)", s);
		free(cfg->lang);
		cfg->lang = hak_xstrdup(s);
	}
	if (v[SY]) {
		if ((rc = scalar(c, v[SY], "school_year_start", &s)))
			return rc;
		if (!parse_mmdd(s, &cfg->school_year))
			return fail(c, v[SY], "school_year_start: bad date "
			    "'%s' (expected MM-DD)", s);
	}
	if (v[MIN_GROUP] && (rc = integer(c, v[MIN_GROUP], "min_group", 1,
	    &cfg->min_group)))
		return rc;
	if (v[HOLIDAYS] && (rc = do_holidays(c, v[HOLIDAYS])))
		return rc;
	if (v[SLA] && (rc = do_sla(c, v[SLA])))
		return rc;
	if (v[DEPTS] && (rc = do_departments(c, v[DEPTS])))
		return rc;
	if (v[STAFF] && (rc = do_staff(c, v[STAFF])))
		return rc;
	if (v[CATS] && (rc = do_categories(c, v[CATS])))
		return rc;
	if (v[HEADLINE] && (rc = do_headline(c, v[HEADLINE])))
		return rc;

	/* References, now that the department list is known. */
	for (i = 0; i < c->nrefs; i++) {
		if (c->refs[i].staff) {
			s = cfg->staff[c->refs[i].i].dept;
			if (!has_dept(cfg, s))
				return hak_yaml_fail_at(c->doc, c->refs[i].line,
				    c->refs[i].column, c->err, "staff "
				    "'%s': unknown department '%s'",
				    cfg->staff[c->refs[i].i].id, s);
		} else {
			s = cfg->cats[c->refs[i].i].dept;
			if (!has_dept(cfg, s))
				return hak_yaml_fail_at(c->doc, c->refs[i].line,
				    c->refs[i].column, c->err,
				    "category '%s': unknown department '%s'",
				    cfg->cats[c->refs[i].i].code, s);
		}
	}
	/* Default categories of departments the file left out are dropped. */
	if (v[DEPTS] && !v[CATS]) {
		for (i = j = 0; i < cfg->ncats; i++) {
			if (has_dept(cfg, cfg->cats[i].dept)) {
				cfg->cats[j++] = cfg->cats[i];
				continue;
			}
			free(cfg->cats[i].code);
			free(cfg->cats[i].name);
			free(cfg->cats[i].dept);
		}
		cfg->ncats = j;
	}
	return HAK_OK;
}

/* ---- Parsing ---- */

int
hak_config_parse(const char *text, size_t len, const char *name,
	struct hak_config *cfg, struct hak_err *err)
{
	struct hak_config tmp;
	struct ctx c;
	const struct hak_yaml_node *root;
	int rc;

	if (!name)
		name = "config";
	if (!text) {
		text = "";
		len = 0;
	}
	hak_config_default(&tmp);
	memset(&c, 0, sizeof(c));
	c.name = name;
	c.err = err;
	c.cfg = &tmp;
	if (len > MAX_FILE) {
		rc = hak_err_set(err, HAK_ECONFIG, "%s: too large (more than "
		    "%d bytes)", name, MAX_FILE);
		goto out;
	}
	if ((rc = hak_yaml_parse(text, len, name, HAK_ECONFIG, &c.doc, err)))
		goto out;
	root = hak_yaml_root(c.doc);
	if (root && !is_null(root))
		rc = walk(&c, root);
	hak_yaml_free(c.doc);
out:
	free(c.refs);
	if (rc) {
		hak_config_release(&tmp);
		memset(cfg, 0, sizeof(*cfg));
		return rc;
	}
	*cfg = tmp;
	return HAK_OK;
}

/* ---- Finding and reading the file ---- */

enum { FOUND, ABSENT, UNTRUSTED };

/*
 * Read path into *text.  ABSENT when it does not exist (and !must), or,
 * with check_owner, UNTRUSTED when not ours or group/world-writable.
 */
static int
read_file(const char *path, bool must, bool check_owner, char **text,
	size_t *len, int *state, struct hak_err *err)
{
	struct hak_buf b = HAK_BUF_INIT;
	struct stat st;
	ssize_t n;
	int fd, e;

	*state = FOUND;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		e = errno;
		if (!must && (e == ENOENT || e == ENOTDIR)) {
			*state = ABSENT;
			return HAK_OK;
		}
		if (check_owner && (e == EACCES || e == EPERM)) {
			*state = UNTRUSTED;
			return HAK_OK;
		}
		return hak_err_set(err, e == EACCES || e == EPERM ? HAK_EPERM :
		    HAK_ENOINPUT, "cannot open '%s': %s", path, strerror(e));
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return hak_err_set(err, HAK_ENOINPUT, "cannot open '%s': %s",
		    path, strerror(e));
	}
	if (check_owner && (st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)))) {
		close(fd);
		*state = UNTRUSTED;
		return HAK_OK;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return hak_err_set(err, HAK_ENOINPUT, "cannot open '%s': not "
		    "a regular file", path);
	}
	if (st.st_size > MAX_FILE) {
		close(fd);
		return hak_err_set(err, HAK_ECONFIG, "%s: too large (more "
		    "than %d bytes)", path, MAX_FILE);
	}
	for (;;) {
		hak_buf_grow(&b, 8192);
		n = read(fd, b.buf + b.len, b.alloc - b.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			close(fd);
			hak_buf_release(&b);
			return hak_err_set(err, HAK_EIO, "cannot read '%s': %s",
			    path, strerror(e));
		}
		if (n == 0)
			break;
		hak_buf_setlen(&b, b.len + (size_t)n);
		if (b.len > MAX_FILE) {
			close(fd);
			hak_buf_release(&b);
			return hak_err_set(err, HAK_ECONFIG, "%s: too large "
			    "(more than %d bytes)", path, MAX_FILE);
		}
	}
	close(fd);
	*text = hak_buf_detach(&b, len);
	return HAK_OK;
}

static int
load_path(const char *path, char *text, size_t len, struct hak_config *cfg,
	struct hak_err *err)
{
	int rc;

	rc = hak_config_parse(text, len, path, cfg, err);
	free(text);
	if (rc == HAK_OK)
		cfg->path = hak_xstrdup(path);
	return rc;
}

int
hak_config_load(const char *explicit_path, struct hak_config *cfg,
	FILE *warn, struct hak_err *err)
{
	const char *env, *home;
	char *path, *text = NULL;
	size_t len = 0;
	int rc, state;

	memset(cfg, 0, sizeof(*cfg));
	if (explicit_path || ((env = getenv("HAK_CONFIG")) && *env)) {
		path = hak_xstrdup(explicit_path ? explicit_path : env);
		rc = read_file(path, true, false, &text, &len, &state, err);
		if (rc == HAK_OK)
			rc = load_path(path, text, len, cfg, err);
		free(path);
		return rc;
	}

	rc = read_file("./hakjibon.yaml", false, true, &text, &len, &state,
	    err);
	if (rc)
		return rc;
	if (state == FOUND)
		return load_path("./hakjibon.yaml", text, len, cfg, err);
	if (state == UNTRUSTED && warn)
		fprintf(warn, "warning: ignoring './hakjibon.yaml': not "
		    "readable, not owned by you, or group- or "
		    "world-writable\n");

	env = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	path = NULL;
	if (env && *env == '/')
		path = hak_xasprintf("%s/hakjibon/config.yaml", env);
	else if (home && *home)
		path = hak_xasprintf("%s/.config/hakjibon/config.yaml", home);
	if (path) {
		rc = read_file(path, false, false, &text, &len, &state, err);
		if (rc == HAK_OK && state == FOUND)
			rc = load_path(path, text, len, cfg, err);
		free(path);
		if (rc || state == FOUND)
			return rc;
	}

	rc = read_file("/etc/hakjibon/config.yaml", false, false, &text, &len,
	    &state, err);
	if (rc)
		return rc;
	if (state == FOUND)
		return load_path("/etc/hakjibon/config.yaml", text, len, cfg,
		    err);
	hak_config_default(cfg);
	return HAK_OK;
}

/* ---- Lookups ---- */

const struct hak_dept *
hak_config_dept(const struct hak_config *cfg, const char *code)
{
	size_t i;

	for (i = 0; code && i < cfg->ndepts; i++)
		if (!strcmp(cfg->depts[i].code, code))
			return &cfg->depts[i];
	return NULL;
}

const struct hak_staff *
hak_config_staff(const struct hak_config *cfg, const char *id)
{
	size_t i;

	for (i = 0; id && i < cfg->nstaff; i++)
		if (!strcmp(cfg->staff[i].id, id))
			return &cfg->staff[i];
	return NULL;
}

const struct hak_category *
hak_config_category(const struct hak_config *cfg, const char *code)
{
	size_t i;

	for (i = 0; code && i < cfg->ncats; i++)
		if (!strcmp(cfg->cats[i].code, code))
			return &cfg->cats[i];
	return NULL;
}

int
hak_priority_parse(const char *s)
{
	int i;

	if (!s)
		return -1;
	for (i = 0; i < HAK_PRIO_N; i++)
		if (!strcmp(s, prio_names[i]) || !strcmp(s, prio_ko[i]))
			return i;
	return -1;
}

const char *
hak_priority_name(int prio)
{
	if (prio < 0 || prio >= HAK_PRIO_N)
		return NULL;
	return prio_names[prio];
}

struct hak_calendar
hak_config_calendar(const struct hak_config *cfg)
{
	struct hak_calendar cal;

	cal.holidays = cfg->holidays;
	cal.n = cfg->nholidays;
	return cal;
}

/* ---- Dump ---- */

/* One UTF-8 character at s (len bytes left): its code point and length;
 * invalid bytes give U+FFFD and length 1. */
static int
utf8_next(const unsigned char *s, size_t len, size_t *n)
{
	int cp, need, i, min;

	*n = 1;
	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xe0) == 0xc0) {
		cp = s[0] & 0x1f;
		need = 1;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		cp = s[0] & 0x0f;
		need = 2;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		cp = s[0] & 0x07;
		need = 3;
		min = 0x10000;
	} else {
		return 0xfffd;
	}
	if ((size_t)need >= len)
		return 0xfffd;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	*n = (size_t)need + 1;
	return cp;
}

/* A YAML double-quoted scalar that reads back as exactly s. */
static void
quote(struct hak_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p), n;
	int cp;

	hak_buf_addch(out, '"');
	while (len) {
		cp = utf8_next(p, len, &n);
		if (cp == '"' || cp == '\\')
			hak_buf_addf(out, "\\%c", cp);
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			hak_buf_addf(out, "\\x%02x", cp);
		else if (cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
		    cp == 0xfffe || cp == 0xffff || (cp == 0xfffd && n == 1))
			hak_buf_addf(out, "\\u%04x", cp);
		else
			hak_buf_add(out, p, n);
		p += n;
		len -= n;
	}
	hak_buf_addch(out, '"');
}

static void
quoted_list(struct hak_buf *out, const struct hak_strv *sv)
{
	size_t i;

	hak_buf_addch(out, '[');
	for (i = 0; i < sv->n; i++) {
		if (i)
			hak_buf_adds(out, ", ");
		quote(out, sv->v[i]);
	}
	hak_buf_addch(out, ']');
}

void
hak_config_dump(const struct hak_config *cfg, struct hak_buf *out)
{
	char day[HAK_DATE_LEN];
	size_t i;
	bool any;

	hak_buf_adds(out, "office: ");
	quote(out, cfg->office);
	hak_buf_adds(out, "\ntimezone: ");
	quote(out, cfg->timezone);
	hak_buf_adds(out, "\nlang: ");
	quote(out, cfg->lang);
	hak_buf_addf(out, "\nschool_year_start: \"%02d-%02d\"\n",
	    cfg->school_year.month, cfg->school_year.day);
	hak_buf_addf(out, "min_group: %d\n", cfg->min_group);
	hak_buf_adds(out, cfg->nholidays ? "holidays:\n" : "holidays: []\n");
	for (i = 0; i < cfg->nholidays; i++) {
		hak_day_format(cfg->holidays[i], day);
		hak_buf_addf(out, "  - %s\n", day);
	}
	hak_buf_addf(out, "sla: {urgent: %d, high: %d, normal: %d, low: %d}\n",
	    cfg->sla[HAK_PRIO_URGENT], cfg->sla[HAK_PRIO_HIGH],
	    cfg->sla[HAK_PRIO_NORMAL], cfg->sla[HAK_PRIO_LOW]);

	/* Only active entries: inactive ones are history, not config. */
	for (i = 0, any = false; i < cfg->ndepts; i++)
		any = any || cfg->depts[i].active;
	hak_buf_adds(out, any ? "departments:\n" : "departments: []\n");
	for (i = 0; i < cfg->ndepts; i++) {
		if (!cfg->depts[i].active)
			continue;
		hak_buf_adds(out, "  - code: ");
		quote(out, cfg->depts[i].code);
		hak_buf_adds(out, "\n    name: ");
		quote(out, cfg->depts[i].name);
		hak_buf_adds(out, "\n    centers: ");
		quoted_list(out, &cfg->depts[i].centers);
		hak_buf_addch(out, '\n');
	}
	for (i = 0, any = false; i < cfg->nstaff; i++)
		any = any || cfg->staff[i].active;
	hak_buf_adds(out, any ? "staff:\n" : "staff: []\n");
	for (i = 0; i < cfg->nstaff; i++) {
		if (!cfg->staff[i].active)
			continue;
		hak_buf_adds(out, "  - id: ");
		quote(out, cfg->staff[i].id);
		hak_buf_adds(out, "\n    name: ");
		quote(out, cfg->staff[i].name);
		hak_buf_adds(out, "\n    department: ");
		quote(out, cfg->staff[i].dept);
		if (cfg->staff[i].role) {
			hak_buf_adds(out, "\n    role: ");
			quote(out, cfg->staff[i].role);
		}
		hak_buf_addch(out, '\n');
	}
	for (i = 0, any = false; i < cfg->ncats; i++)
		any = any || cfg->cats[i].active;
	hak_buf_adds(out, any ? "categories:\n" : "categories: []\n");
	for (i = 0; i < cfg->ncats; i++) {
		if (!cfg->cats[i].active)
			continue;
		hak_buf_adds(out, "  - code: ");
		quote(out, cfg->cats[i].code);
		hak_buf_adds(out, "\n    name: ");
		quote(out, cfg->cats[i].name);
		hak_buf_adds(out, "\n    department: ");
		quote(out, cfg->cats[i].dept);
		if (cfg->cats[i].sla_days >= 0)
			hak_buf_addf(out, "\n    sla_days: %d",
			    cfg->cats[i].sla_days);
		hak_buf_addch(out, '\n');
	}
	hak_buf_adds(out, "headline: ");
	quoted_list(out, &cfg->headline);
	hak_buf_addch(out, '\n');
}
