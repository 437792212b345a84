/* SPDX-License-Identifier: MIT */
/* The registry of schools served (SPEC 4). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_int.h"
#include "hak/check.h"
#include "hak/csvio.h"
#include "hak/date.h"
#include "hak/event.h"
#include "hak/school.h"
#include "hak/text.h"
#include "banned.h"

const struct hak_col hak_school_cols[HAK_SCHOOL_NCOLS] = {
	{ "code", HAK_COL_CODE },
	{ "name", HAK_COL_PROSE },
	{ "aliases", HAK_COL_PROSE },
	{ "codes", HAK_COL_CODE },
	{ "level", HAK_COL_TEXT },
	{ "district", HAK_COL_TEXT },
	{ "status", HAK_COL_TEXT },
	{ "closed_on", HAK_COL_TEXT },
	{ "students", HAK_COL_NUM },
	{ "teachers", HAK_COL_NUM },
	{ "classes", HAK_COL_NUM },
	{ "opened", HAK_COL_TEXT }
};

const struct hak_col hak_school_hist_cols[HAK_HISTORY_NCOLS] = {
	HAK_HISTORY_COLS("school")
};

/* An import's create event holds the record as a CSV line. */
static const struct hak_history_record school_records[] = {
	{ "create", hak_school_cols, HAK_SCHOOL_NCOLS, true },
	{ NULL, NULL, 0, false }
};

const struct hak_history hak_school_history = {
	"school", school_records, false, hak_school_find
};

enum { C_CODE, C_NAME, C_ALIASES, C_CODES, C_LEVEL, C_DISTRICT, C_STATUS,
	C_CLOSED_ON, C_STUDENTS, C_TEACHERS, C_CLASSES, C_OPENED };

const char *const hak_school_levels[] = { "kindergarten", "elementary",
	"middle", "high", "special", "other", NULL };
const char *const hak_school_statuses[] = { "open", "closed", NULL };

/* The Korean labels of levels (SPEC 4): the school types of primary and
 * secondary education (초·중등교육법 제2조, with 방송통신중·고등학교,
 * 대안학교 and 외국인학교) other than the five are "other". */
static const struct label {
	const char *ko, *code;
} level_labels[] = {
	{ "\xec\x9c\xa0\xec\xb9\x98\xec\x9b\x90", "kindergarten" },	/* 유치원 */
	{ "\xec\x9c\xa0", "kindergarten" },	/* 유 */
	{ "\xec\xb4\x88\xeb\x93\xb1\xed\x95\x99\xea\xb5\x90", "elementary" },	/* 초등학교 */
	{ "\xec\xb4\x88\xeb\x93\xb1", "elementary" },	/* 초등 */
	{ "\xec\xb4\x88", "elementary" },	/* 초 */
	{ "\xec\xa4\x91\xed\x95\x99\xea\xb5\x90", "middle" },	/* 중학교 */
	{ "\xec\xa4\x91", "middle" },	/* 중 */
	{ "\xea\xb3\xa0\xeb\x93\xb1\xed\x95\x99\xea\xb5\x90", "high" },	/* 고등학교 */
	{ "\xea\xb3\xa0", "high" },	/* 고 */
	{ "\xed\x8a\xb9\xec\x88\x98\xed\x95\x99\xea\xb5\x90", "special" },	/* 특수학교 */
	{ "\xea\xb8\xb0\xed\x83\x80", "other" },	/* 기타 */
	{ "\xea\xb0\x81\xec\xa2\x85\xed\x95\x99\xea\xb5\x90", "other" },	/* 각종학교 */
	{ "\xea\xb3\xa0\xeb\x93\xb1\xea\xb3\xb5\xeb\xaf\xbc\xed\x95\x99\xea\xb5\x90", "other" },	/* 고등공민학교 */
	{ "\xea\xb3\xa0\xeb\x93\xb1\xea\xb8\xb0\xec\x88\xa0\xed\x95\x99\xea\xb5\x90", "other" },	/* 고등기술학교 */
	{ "\xea\xb3\xb5\xeb\xaf\xbc\xed\x95\x99\xea\xb5\x90", "other" },	/* 공민학교 */
	{ "\xeb\xb0\xa9\xec\x86\xa1\xed\x86\xb5\xec\x8b\xa0\xec\xa4\x91\xed\x95\x99\xea\xb5\x90", "other" },	/* 방송통신중학교 */
	{ "\xeb\xb0\xa9\xec\x86\xa1\xed\x86\xb5\xec\x8b\xa0\xea\xb3\xa0\xeb\x93\xb1\xed\x95\x99\xea\xb5\x90", "other" },	/* 방송통신고등학교 */
	{ "\xeb\x8c\x80\xec\x95\x88\xed\x95\x99\xea\xb5\x90", "other" },	/* 대안학교 */
	{ "\xec\x99\xb8\xea\xb5\xad\xec\x9d\xb8\xed\x95\x99\xea\xb5\x90", "other" },	/* 외국인학교 */
	{ NULL, NULL }
};

static const struct label status_labels[] = {
	{ "\xec\x9a\xb4\xec\x98\x81", "open" },	/* 운영 */
	{ "\xed\x8f\x90\xea\xb5\x90", "closed" },	/* 폐교 */
	{ "\xed\x8f\x90\xec\x9b\x90", "closed" },	/* 폐원 */
	{ "\xed\x9c\xb4\xea\xb5\x90", "closed" },	/* 휴교 */
	{ "\xed\x8f\x90\x28\xec\x9b\x90\x29\xea\xb5\x90", "closed" },	/* 폐(원)교 */
	{ NULL, NULL }
};

/* A trailing 초, 중, 고 or 유 and what it stands for. */
static const struct {
	const char *abbr, *full;
} suffixes[] = {
	{ "\xec\xb4\x88", "\xec\xb4\x88\xeb\x93\xb1\xed\x95\x99\xea\xb5\x90" },
	{ "\xec\xa4\x91", "\xec\xa4\x91\xed\x95\x99\xea\xb5\x90" },
	{ "\xea\xb3\xa0", "\xea\xb3\xa0\xeb\x93\xb1\xed\x95\x99\xea\xb5\x90" },
	{ "\xec\x9c\xa0", "\xec\x9c\xa0\xec\xb9\x98\xec\x9b\x90" }
};

static bool
streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

void
hak_school_release(struct hak_school *s)
{
	if (!s)
		return;
	free(s->code);
	free(s->name);
	free(s->aliases);
	free(s->codes);
	free(s->level);
	free(s->district);
	free(s->opened);
	free(s->status);
	free(s->closed_on);
	memset(s, 0, sizeof(*s));
	s->students = s->teachers = s->classes = -1;
}

static void
num_cell(long long v, char out[24], const char **cell)
{
	if (v < 0) {
		*cell = NULL;
		return;
	}
	snprintf(out, 24, "%lld", v);
	*cell = out;
}

void
hak_school_cells(const struct hak_school *s, struct hak_school_cells *c)
{
	c->v[C_CODE] = s->code;
	c->v[C_NAME] = s->name;
	c->v[C_ALIASES] = s->aliases;
	c->v[C_LEVEL] = s->level;
	c->v[C_CODES] = s->codes;
	c->v[C_DISTRICT] = s->district;
	c->v[C_STATUS] = s->status;
	c->v[C_CLOSED_ON] = s->closed_on;
	num_cell(s->students, c->num[0], &c->v[C_STUDENTS]);
	num_cell(s->teachers, c->num[1], &c->v[C_TEACHERS]);
	num_cell(s->classes, c->num[2], &c->v[C_CLASSES]);
	c->v[C_OPENED] = s->opened;
}

int
hak_school_year_now(struct hak_db *db)
{
	int y, m, d;

	hak_day_to_ymd(hak_time_day(hak_db_now(db)), &y, &m, &d);
	return y;
}

/* s as one of codes (any ASCII case) or of labels, else HAK_EDATA naming
 * what (level, status) and listing both. */
static int
enum_parse(const char *what, const char *const *codes,
	const struct label *labels, const char *s, const char **code,
	struct hak_err *err)
{
	struct hak_buf b = HAK_BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; s && codes[i]; i++) {
		if (!strcasecmp(s, codes[i])) {
			*code = codes[i];
			return HAK_OK;
		}
	}
	for (i = 0; s && labels[i].ko; i++) {
		if (!strcmp(s, labels[i].ko)) {
			*code = labels[i].code;
			return HAK_OK;
		}
	}
	for (i = 0; codes[i]; i++)
		hak_buf_addf(&b, "%s%s", i ? ", " : "", codes[i]);
	hak_buf_adds(&b, "; or");
	for (i = 0; labels[i].ko; i++)
		hak_buf_addf(&b, "%s%s", i ? ", " : " ", labels[i].ko);
	rc = hak_err_set(err, HAK_EDATA, "unknown %s '%s' (%s)", what,
		s ? s : "", b.buf);
	hak_buf_release(&b);
	return rc;
}

int
hak_school_level_parse(const char *s, const char **code, struct hak_err *err)
{
	return enum_parse("level", hak_school_levels, level_labels, s, code, err);
}

int
hak_school_status_parse(const char *s, const char **code, struct hak_err *err)
{
	return enum_parse("status", hak_school_statuses, status_labels, s, code, err);
}

int
hak_school_code_check(const char *s, struct hak_err *err)
{
	size_t i, n;
	int rc;

	if (!s || !*s)
		return hak_err_set(err, HAK_EDATA, "a school code is required");
	if ((rc = hak_input_code(s, err)))
		return rc;
	n = strlen(s);
	if (n > 32)
		return hak_err_set(err, HAK_EDATA,
			"code '%s' is longer than 32 characters", s);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || c == '_' || c == '-'))
			return hak_err_set(err, HAK_EDATA, "bad code '%s' "
				"(letters, digits, '_' and '-' only)", s);
	}
	return HAK_OK;
}

/* A set (SPEC 2.7) from s: items trimmed, empty ones dropped, sorted,
 * unique; each passes check when given. */
static int
set_norm(const char *s, int (*check)(const char *, struct hak_err *),
	char **out, struct hak_err *err)
{
	struct hak_strv sv = HAK_STRV_INIT;
	struct hak_buf b = HAK_BUF_INIT;
	const char *p, *q;
	char *item;
	size_t i;
	int rc = HAK_OK;

	*out = NULL;
	for (p = s; p && *p; p = *q ? q + 1 : q) {
		q = strchr(p, ';');
		if (!q)
			q = p + strlen(p);
		item = hak_xstrndup(p, (size_t)(q - p));
		hak_text_trim(item);
		if (*item)
			hak_strv_push_owned(&sv, item);
		else
			free(item);
	}
	hak_strv_sort(&sv);
	hak_strv_uniq(&sv);
	for (i = 0; check && i < sv.n; i++)
		if ((rc = check(sv.v[i], err)))
			goto out;
	for (i = 0; i < sv.n; i++) {
		if (i)
			hak_buf_addch(&b, ';');
		hak_buf_adds(&b, sv.v[i]);
	}
	if (sv.n)
		*out = hak_buf_detach(&b, NULL);
out:
	hak_buf_release(&b);
	hak_strv_clear(&sv);
	return rc;
}

int
hak_school_aliases_norm(const char *s, char **out, struct hak_err *err)
{
	return set_norm(s, NULL, out, err);
}

int
hak_school_codes_norm(const char *s, char **out, struct hak_err *err)
{
	return set_norm(s, hak_school_code_check, out, err);
}

/* The codes of the schools with this key, sorted. */
static int
by_key(struct hak_db *db, const char *key, struct hak_strv *codes,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_stmt(db, "SELECT DISTINCT school FROM school_keys "
		"WHERE key = ? ORDER BY school", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, key), err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		hak_strv_push(codes, hak_db_col(st, 0));
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return HAK_OK;
}

/* The school whose code or one of whose codes is exactly code: *school
 * (the caller's), NULL when none. */
static int
code_lookup(struct hak_db *db, const char *code, char **school,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	*school = NULL;
	if ((rc = hak_db_stmt(db, "SELECT school FROM school_codes "
		"WHERE code = ?", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*school = hak_db_col_dup(st, 0);
	sqlite3_reset(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return HAK_OK;
}

/* At most this many schools are listed in a message; the nearest names
 * named when nothing matches. */
#define MAX_LISTED 10
#define MAX_NEAR 5

/*
 * Append the schools of codes to b, one a line after a newline: code,
 * name, level and district in aligned columns (SPEC 4), at most
 * MAX_LISTED of them and a line that says how many more.
 */
static int
list_schools(struct hak_db *db, const struct hak_strv *codes,
	struct hak_buf *b, struct hak_err *err)
{
	struct hak_strv cells = HAK_STRV_INIT;
	size_t i, j, n, w[3] = { 0, 0, 0 }, cw;
	sqlite3_stmt *st;
	int rc = HAK_OK, src;

	n = codes->n < MAX_LISTED ? codes->n : MAX_LISTED;
	if ((rc = hak_db_stmt(db, "SELECT code, name, level, district FROM "
		"schools WHERE code = ?", &st, err)))
		return rc;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1,
			codes->v[i]), err)))
			goto out;
		src = sqlite3_step(st);
		if (src != SQLITE_ROW && src != SQLITE_DONE) {
			rc = hak_db_fail(db, src, err);
			goto out;
		}
		for (j = 0; j < 4; j++)
			hak_strv_push(&cells, src == SQLITE_ROW ?
				hak_db_col(st, (int)j) : j ? NULL :
				codes->v[i]);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < 3; j++) {
			cw = hak_text_width(cells.v[i * 4 + j] ?
				cells.v[i * 4 + j] : "");
			if (cw > w[j])
				w[j] = cw;
		}
	for (i = 0; i < n; i++) {
		hak_buf_adds(b, "\n ");
		for (j = 0; j < 4; j++) {
			const char *v = cells.v[i * 4 + j] ?
				cells.v[i * 4 + j] : "";

			hak_buf_addf(b, " %s", v);
			for (cw = hak_text_width(v); j < 3 && cw++ < w[j] + 1;)
				hak_buf_addch(b, ' ');
		}
		while (b->len && b->buf[b->len - 1] == ' ')
			hak_buf_setlen(b, b->len - 1);
	}
	if (codes->n > n)
		hak_buf_addf(b, "\n  ... and %zu more", codes->n - n);
out:
	sqlite3_reset(st);
	hak_strv_clear(&cells);
	return rc;
}

/* A school near a text that matched none, and how near. */
struct near {
	char *code;
	int cls;		/* 0: one key holds the other; 1: a few edits */
	size_t dist;
};

static int
near_cmp(const void *a, const void *b)
{
	const struct near *x = a, *y = b;

	if (x->cls != y->cls)
		return x->cls - y->cls;
	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* The length of key k without a trailing 학교, 초등학교, 중학교,
 * 고등학교 or 유치원: what tells one school's name from another's. */
static size_t
stem_len(const char *k)
{
	static const char *const kinds[] = {
		"\xeb\x93\xb1\xed\x95\x99\xea\xb5\x90",	/* 등학교 */
		"\xed\x95\x99\xea\xb5\x90",	/* 학교 */
		"\xec\x9c\xa0\xec\xb9\x98\xec\x9b\x90"	/* 유치원 */
	};
	size_t n = strlen(k), i, kn;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		kn = strlen(kinds[i]);
		if (n > kn && !strcmp(k + n - kn, kinds[i]))
			n -= kn;
	}
	/* 초, 중, 고 before 등학교 or 학교 */
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		kn = strlen(suffixes[i].abbr);
		if (n < strlen(k) && n > kn &&
			!strncmp(k + n - kn, suffixes[i].abbr, kn))
			return n - kn;
	}
	return n;
}

/*
 * The edit distance of two keys (at most max + 1), on their stems when
 * both have a school kind at the end, so that 중앙초등학교 is not near
 * 한빛초등학교 for the 초등학교 they share.
 */
static size_t
stem_distance(const char *a, const char *b, size_t max)
{
	size_t na = stem_len(a), nb = stem_len(b), d, m;
	char *x, *y;

	if (na == strlen(a) || nb == strlen(b))
		return hak_text_distance(a, b, max);
	x = hak_xstrndup(a, na);
	y = hak_xstrndup(b, nb);
	m = hak_text_length(x) / 3;
	if (!m)
		m = 1;
	if (m > max)
		m = max;
	d = hak_text_distance(x, y, m);
	free(x);
	free(y);
	return d > m ? max + 1 : d;
}

/*
 * The schools whose code, name or an alias is nearest to the key k of a
 * text that matched none, best first, at most MAX_NEAR: a key that holds
 * k or is held by it (of two characters or more; the closer in length the
 * nearer), else one within a third of k's length in edits.  One pass over
 * the keys, only when a lookup failed.
 */
static int
nearest(struct hak_db *db, const char *k, struct hak_strv *codes,
	struct hak_err *err)
{
	struct near *v = NULL, cand;
	size_t nv = 0, alloc = 0, kl, ol, i, max;
	sqlite3_stmt *st;
	const char *other, *code;
	int rc, src;

	kl = hak_text_length(k);
	if (!kl)
		return HAK_OK;
	max = kl / 3 ? kl / 3 : 1;
	if ((rc = hak_db_stmt(db, "SELECT key, school FROM school_keys",
		&st, err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(other = hak_db_col(st, 0)) ||
			!(code = hak_db_col(st, 1)))
			continue;
		ol = hak_text_length(other);
		if ((kl >= 2 && ol >= kl && strstr(other, k)) ||
			(ol >= 2 && kl >= ol && strstr(k, other))) {
			cand.cls = 0;
			cand.dist = kl > ol ? kl - ol : ol - kl;
		} else {
			cand.cls = 1;
			if ((cand.dist = stem_distance(k, other, max)) > max)
				continue;
		}
		for (i = 0; i < nv && strcmp(v[i].code, code); i++)
			;
		if (i < nv) {
			if (cand.cls < v[i].cls || (cand.cls == v[i].cls &&
				cand.dist < v[i].dist)) {
				v[i].cls = cand.cls;
				v[i].dist = cand.dist;
			}
			continue;
		}
		HAK_ALLOC_GROW(v, nv + 1, alloc);
		v[nv].code = hak_xstrdup(code);
		v[nv].cls = cand.cls;
		v[nv].dist = cand.dist;
		nv++;
	}
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		rc = hak_db_fail(db, src, err);
	if (nv)
		qsort(v, nv, sizeof(*v), near_cmp);
	for (i = 0; i < nv; i++) {
		if (!rc && i < MAX_NEAR)
			hak_strv_push(codes, v[i].code);
		free(v[i].code);
	}
	free(v);
	return rc;
}

int
hak_school_find(struct hak_db *db, const char *text, char **code,
	struct hak_err *err)
{
	struct hak_strv codes = HAK_STRV_INIT;
	struct hak_buf b = HAK_BUF_INIT;
	char *t, *key = NULL;
	size_t i, n, an;
	int rc;

	*code = NULL;
	t = hak_text_nfc(text ? text : "");
	if (!t)
		return hak_err_set(err, HAK_EDATA, "invalid UTF-8 in '%s'",
			text);
	hak_text_trim(t);
	if ((rc = code_lookup(db, t, code, err)) || *code)
		goto out;
	key = hak_text_key(t);
	if (key && *key && (rc = by_key(db, key, &codes, err)))
		goto out;
	/* The suffix is looked for on the key, so "한빛 (초)" is "한빛초". */
	n = key ? strlen(key) : 0;
	for (i = 0; !codes.n && i < sizeof(suffixes) / sizeof(suffixes[0]);
		i++) {
		an = strlen(suffixes[i].abbr);
		if (n <= an || strcmp(key + n - an, suffixes[i].abbr))
			continue;
		hak_buf_add(&b, key, n - an);
		hak_buf_adds(&b, suffixes[i].full);
		free(key);
		key = hak_text_key(b.buf);
		if (key && *key && (rc = by_key(db, key, &codes, err)))
			goto out;
		break;
	}
	if (codes.n == 1) {
		*code = codes.v[0];
		codes.v[0] = NULL;
		goto out;
	}
	/* the candidates, or the nearest names, one a line under the
	 * message's first line */
	hak_buf_reset(&b);
	if (!codes.n) {
		/* a code a spreadsheet made a number (7.751001E+06) gets
		 * its hint wherever a school is referred to */
		if ((rc = hak_input_code(t, err)))
			goto out;
		free(key);
		key = hak_text_key(t);
		if (key && (rc = nearest(db, key, &codes, err)))
			goto out;
		if (codes.n && (rc = list_schools(db, &codes, &b, err)))
			goto out;
		rc = hak_err_set(err, HAK_ENOMATCH, "no school matches '%s'%s%s",
			t, codes.n ? "; the nearest:" : "", b.len ? b.buf : "");
	} else {
		if ((rc = list_schools(db, &codes, &b, err)))
			goto out;
		rc = hak_err_set(err, HAK_EDATA,
			"'%s' matches several schools:%s", t, b.buf);
	}
out:
	free(t);
	free(key);
	hak_buf_release(&b);
	hak_strv_clear(&codes);
	return rc;
}

static long long
col_count(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return -1;
	return sqlite3_column_int64(st, i);
}

#define SELECT_SCHOOL "SELECT s.code, s.name, s.aliases, s.level, " \
	"s.district, s.opened, y.students, y.teachers, y.classes, " \
	"s.codes, s.status, s.closed_on " \
	"FROM schools s LEFT JOIN school_years y " \
	"ON y.school = s.code AND y.year = ?1 "

static void
fill(sqlite3_stmt *st, int year, struct hak_school *s)
{
	s->code = hak_db_col_dup(st, 0);
	s->name = hak_db_col_dup(st, 1);
	s->aliases = hak_db_col_dup(st, 2);
	s->level = hak_db_col_dup(st, 3);
	s->district = hak_db_col_dup(st, 4);
	s->opened = hak_db_col_dup(st, 5);
	s->students = col_count(st, 6);
	s->teachers = col_count(st, 7);
	s->classes = col_count(st, 8);
	s->codes = hak_db_col_dup(st, 9);
	s->status = hak_db_col_dup(st, 10);
	s->closed_on = hak_db_col_dup(st, 11);
	s->year = year;
}

int
hak_school_get(struct hak_db *db, const char *code, int year,
	struct hak_school *s, struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, src;

	memset(s, 0, sizeof(*s));
	s->students = s->teachers = s->classes = -1;
	if ((rc = hak_db_stmt(db, SELECT_SCHOOL "WHERE s.code = ?2", &st,
		err)))
		return rc;
	if ((rc = hak_db_bound(db, sqlite3_bind_int(st, 1, year), err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 2, code), err)))
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		fill(st, year, s);
		sqlite3_reset(st);
		return HAK_OK;
	}
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return hak_err_set(err, HAK_ENOMATCH, "no school with code '%s'",
		code);
}

int
hak_school_years(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const struct hak_school *s), void *ctx,
	struct hak_err *err)
{
	struct hak_school s;
	sqlite3_stmt *st;
	int rc, src;

	if ((rc = hak_db_stmt(db, "SELECT year, students, teachers, "
		"classes FROM school_years WHERE school = ? ORDER BY year",
		&st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&s, 0, sizeof(s));
		s.year = sqlite3_column_int(st, 0);
		s.students = col_count(st, 1);
		s.teachers = col_count(st, 2);
		s.classes = col_count(st, 3);
		if ((rc = fn(ctx, &s))) {
			sqlite3_reset(st);
			return rc;
		}
	}
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return HAK_OK;
}

/* Whether the key of name or of one alias contains sub (a key). */
static bool
name_matches(const struct hak_school *s, const char *sub)
{
	const char *p, *q;
	char *k, *item;
	bool hit;

	k = hak_text_key(s->name ? s->name : "");
	hit = k && strstr(k, sub);
	free(k);
	for (p = s->aliases; !hit && p && *p; p = *q ? q + 1 : q) {
		q = strchr(p, ';');
		if (!q)
			q = p + strlen(p);
		item = hak_xstrndup(p, (size_t)(q - p));
		k = hak_text_key(item);
		hit = k && strstr(k, sub);
		free(k);
		free(item);
	}
	return hit;
}

int
hak_school_each(struct hak_db *db, const struct hak_school_filter *f,
	int (*fn)(void *ctx, const struct hak_school *s), void *ctx,
	struct hak_err *err)
{
	struct hak_school s;
	sqlite3_stmt *st;
	char *namekey = NULL, *distkey = NULL, *k;
	bool pass;
	int rc, src;

	if ((rc = hak_db_stmt(db, SELECT_SCHOOL
		"WHERE (?2 IS NULL OR s.level = ?2) AND (?3 IS NULL OR "
		"s.status = ?3) ORDER BY s.code", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, sqlite3_bind_int(st, 1, f->year), err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 2, f->level), err)))
		return rc;
	/* without a status, only open schools unless all are asked for */
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 3, f->status ?
		f->status : f->all ? NULL : "open"), err)))
		return rc;
	if (f->name)
		namekey = hak_text_key(f->name);
	if (f->district)
		distkey = hak_text_key(f->district);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		fill(st, f->year, &s);
		pass = true;
		if (namekey)
			pass = name_matches(&s, namekey);
		if (pass && distkey) {
			k = s.district ? hak_text_key(s.district) : NULL;
			pass = k && !strcmp(k, distkey);
			free(k);
		}
		rc = pass ? fn(ctx, &s) : 0;
		hak_school_release(&s);
		if (rc)
			break;
	}
	sqlite3_reset(st);
	free(namekey);
	free(distkey);
	if (rc)
		return rc;
	if (src != SQLITE_DONE)
		return hak_db_fail(db, src, err);
	return HAK_OK;
}

/* Append the items of a ";"-separated set to sv. */
static void
set_push(struct hak_strv *sv, const char *set)
{
	const char *p, *q;

	for (p = set; p && *p; p = *q ? q + 1 : q) {
		if (!(q = strchr(p, ';')))
			q = p + strlen(p);
		hak_strv_push_owned(sv, hak_xstrndup(p, (size_t)(q - p)));
	}
}

/* Run sql, a fixed DELETE of one school's rows, for code. */
static int
rows_delete(struct hak_db *db, const char *sql, const char *code,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = hak_db_stmt(db, sql, &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	return hak_db_step_done(db, st, err);
}

/* Rewrite the matching keys of a school: its code, name and aliases
 * (a school just inserted has none to delete). */
static int
keys_write(struct hak_db *db, const struct hak_school *s, bool fresh,
	struct hak_err *err)
{
	struct hak_strv texts = HAK_STRV_INIT;
	sqlite3_stmt *st;
	char *k;
	size_t i;
	int rc, src;

	if (!fresh && (rc = rows_delete(db, "DELETE FROM school_keys WHERE "
		"school = ?", s->code, err)))
		return rc;
	hak_strv_push(&texts, s->code);
	hak_strv_push(&texts, s->name);
	set_push(&texts, s->aliases);
	if ((rc = hak_db_stmt(db, "INSERT OR IGNORE INTO school_keys(key, "
		"school) VALUES (?, ?)", &st, err)))
		goto out;
	for (i = 0; i < texts.n; i++) {
		if (!texts.v[i] || !(k = hak_text_key(texts.v[i])))
			continue;
		if (*k) {
			sqlite3_reset(st);
			if ((rc = hak_db_bound(db,
				hak_db_bind_static(st, 1, k), err)))
				goto out;
			if ((rc = hak_db_bound(db,
				hak_db_bind_static(st, 2, s->code), err)))
				goto out;
			src = sqlite3_step(st);
			if (src != SQLITE_DONE) {
				free(k);
				sqlite3_reset(st);
				rc = hak_db_fail(db, src, err);
				goto out;
			}
		}
		free(k);
	}
	sqlite3_reset(st);
out:
	hak_strv_clear(&texts);
	return rc;
}

/* Prefix err's message with the column name. */
static int
col_err(struct hak_err *err, const char *col, int rc)
{
	hak_err_prefix(err, "%s", col);
	return rc;
}

/* Whether value, as a code or one of the codes, belongs to a school other
 * than code: HAK_EDATA naming that school (the message has no column). */
static int
code_free(struct hak_db *db, const char *value, const char *code,
	struct hak_err *err)
{
	char *other;
	int rc;

	if ((rc = code_lookup(db, value, &other, err)))
		return rc;
	if (other && strcmp(other, code))
		rc = hak_err_set(err, HAK_EDATA, "'%s' is already a code of "
			"school '%s'", value, other);
	free(other);
	return rc;
}

/* Check that s's code and codes belong to no other school; the column
 * starts the message. */
static int
codes_free(struct hak_db *db, const struct hak_school *s, bool code,
	struct hak_err *err)
{
	struct hak_strv v = HAK_STRV_INIT;
	size_t i;
	int rc = HAK_OK;

	if (code && (rc = code_free(db, s->code, s->code, err)))
		return col_err(err, "code", rc);
	set_push(&v, s->codes);
	for (i = 0; !rc && i < v.n; i++) {
		if (!strcmp(v.v[i], s->code))
			rc = hak_err_set(err, HAK_EDATA, "'%s' is the school's "
				"code", v.v[i]);
		else
			rc = code_free(db, v.v[i], s->code, err);
		if (rc)
			rc = col_err(err, "codes", rc);
	}
	hak_strv_clear(&v);
	return rc;
}

/* Rewrite school_codes for s: its code and each of its codes (checked
 * with codes_free first). */
static int
codes_write(struct hak_db *db, const struct hak_school *s, bool fresh,
	struct hak_err *err)
{
	struct hak_strv v = HAK_STRV_INIT;
	sqlite3_stmt *st;
	size_t i;
	int rc = HAK_OK;

	if (!fresh && (rc = rows_delete(db, "DELETE FROM school_codes WHERE "
		"school = ?", s->code, err)))
		return rc;
	hak_strv_push(&v, s->code);
	set_push(&v, s->codes);
	for (i = 0; !rc && i < v.n; i++) {
		if ((rc = hak_db_stmt(db, "INSERT INTO school_codes (code, "
			"school) VALUES (?, ?)", &st, err)))
			break;
		if (!(rc = hak_db_bound(db, hak_db_bind_static(st, 1, v.v[i]),
			err)) && !(rc = hak_db_bound(db,
			hak_db_bind_static(st, 2, s->code), err)))
			rc = hak_db_step_done(db, st, err);
	}
	hak_strv_clear(&v);
	return rc;
}

/* Write the year row of s (deleted when all its counts are unknown). */
static int
year_write(struct hak_db *db, const struct hak_school *s, struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, i;
	long long v[3] = { s->students, s->teachers, s->classes };

	if (v[0] < 0 && v[1] < 0 && v[2] < 0) {
		if ((rc = hak_db_stmt(db, "DELETE FROM school_years "
			"WHERE school = ? AND year = ?", &st, err)))
			return rc;
		if ((rc = hak_db_bound(db,
			hak_db_bind_static(st, 1, s->code), err)))
			return rc;
		if ((rc = hak_db_bound(db,
			sqlite3_bind_int(st, 2, s->year), err)))
			return rc;
		return hak_db_step_done(db, st, err);
	}
	if ((rc = hak_db_stmt(db, "INSERT INTO school_years(school, year, "
		"students, teachers, classes) VALUES (?1, ?2, ?3, ?4, ?5) "
		"ON CONFLICT(school, year) DO UPDATE SET students = ?3, "
		"teachers = ?4, classes = ?5", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_static(st, 1, s->code), err)))
		return rc;
	if ((rc = hak_db_bound(db, sqlite3_bind_int(st, 2, s->year), err)))
		return rc;
	for (i = 0; i < 3; i++)
		if ((rc = hak_db_bound(db, v[i] < 0 ?
			sqlite3_bind_null(st, 3 + i) :
			sqlite3_bind_int64(st, 3 + i, v[i]), err)))
			return rc;
	return hak_db_step_done(db, st, err);
}

static void
csv_line(const struct hak_school *s, struct hak_buf *b)
{
	struct hak_school_cells c;
	int i;

	hak_school_cells(s, &c);
	for (i = 0; i < HAK_SCHOOL_NCOLS; i++) {
		if (i)
			hak_buf_addch(b, ',');
		hak_csv_quote(b, c.v[i], false);
	}
}

static int
school_insert(struct hak_db *db, const struct hak_school *s,
	struct hak_err *err)
{
	struct hak_event ev = { 0 };
	struct hak_buf line = HAK_BUF_INIT;
	sqlite3_stmt *st;
	const char *v[9];
	char note[32];
	int rc, i;

	if ((rc = hak_db_stmt(db, "INSERT INTO schools(code, name, aliases, "
		"level, district, opened, codes, status, closed_on) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, err)))
		return rc;
	v[0] = s->code;
	v[1] = s->name;
	v[2] = s->aliases;
	v[3] = s->level;
	v[4] = s->district;
	v[5] = s->opened;
	v[6] = s->codes;
	v[7] = s->status ? s->status : "open";
	v[8] = s->closed_on;
	for (i = 0; i < 9; i++)
		if ((rc = hak_db_bound(db, hak_db_bind_static(st, i + 1, v[i]),
			err)))
			return rc;
	if ((rc = hak_db_step_done(db, st, err)))
		return rc;
	if ((rc = year_write(db, s, err)) ||
		(rc = codes_write(db, s, true, err)) ||
		(rc = keys_write(db, s, true, err)))
		return rc;
	csv_line(s, &line);
	snprintf(note, sizeof(note), "year %d", s->year);
	ev.entity = "school";
	ev.key = s->code;
	ev.action = "create";
	ev.new = line.buf;
	ev.note = note;
	rc = hak_event_add(db, &ev, err);
	hak_buf_release(&line);
	return rc;
}

static int
field_event(struct hak_db *db, const char *code, const char *field,
	const char *old, const char *new, const char *note, struct hak_err *err)
{
	struct hak_event ev = { 0 };

	ev.entity = "school";
	ev.key = code;
	ev.action = "update";
	ev.field = field;
	ev.old = old;
	ev.new = new;
	ev.note = note;
	return hak_event_add(db, &ev, err);
}

/*
 * Bring the stored school old to new (same code and year), writing an
 * update event per changed field.  *changed tells whether anything did.
 */
static int
school_update(struct hak_db *db, const struct hak_school *old,
	const struct hak_school *new, bool *changed, struct hak_err *err)
{
	struct hak_school_cells co, cn;
	sqlite3_stmt *st;
	const char *v[9];
	char note[32];
	bool rec = false, counts = false, keys;
	int i, rc;

	*changed = false;
	hak_school_cells(old, &co);
	hak_school_cells(new, &cn);
	for (i = C_NAME; i < HAK_SCHOOL_NCOLS; i++) {
		if (streq(co.v[i], cn.v[i]))
			continue;
		if (i >= C_STUDENTS && i <= C_CLASSES)
			counts = true;
		else
			rec = true;
	}
	if (!rec && !counts)
		return HAK_OK;
	*changed = true;
	keys = !streq(old->name, new->name) ||
		!streq(old->aliases, new->aliases);
	if (rec) {
		if ((rc = hak_db_stmt(db, "UPDATE schools SET name = ?, "
			"aliases = ?, level = ?, district = ?, opened = ?, "
			"codes = ?, status = ?, closed_on = ? WHERE code = ?",
			&st, err)))
			return rc;
		v[0] = new->name;
		v[1] = new->aliases;
		v[2] = new->level;
		v[3] = new->district;
		v[4] = new->opened;
		v[5] = new->codes;
		v[6] = new->status;
		v[7] = new->closed_on;
		v[8] = old->code;
		if ((rc = hak_db_bind_texts(db, st, 1, v, 9, err)))
			return rc;
		if ((rc = hak_db_step_done(db, st, err)))
			return rc;
	}
	if (!streq(old->codes, new->codes) &&
		(rc = codes_write(db, new, false, err)))
		return rc;
	if (keys && (rc = keys_write(db, new, false, err)))
		return rc;
	if (counts && (rc = year_write(db, new, err)))
		return rc;
	snprintf(note, sizeof(note), "year %d", new->year);
	for (i = C_NAME; i < HAK_SCHOOL_NCOLS; i++) {
		if (streq(co.v[i], cn.v[i]))
			continue;
		if ((rc = field_event(db, old->code, hak_school_cols[i].name,
			co.v[i], cn.v[i],
			i >= C_STUDENTS && i <= C_CLASSES ? note : NULL, err)))
			return rc;
	}
	return HAK_OK;
}

static char *
dup_or_null(const char *s)
{
	return s && *s ? hak_xstrdup(s) : NULL;
}

/* A count cell: NULL -> -1; else a non-negative integer. */
static int
count_value(const char *s, long long *v, struct hak_err *err)
{
	int rc;

	*v = -1;
	if (!s || !*s)
		return HAK_OK;
	if ((rc = hak_input_int(s, v, err)))
		return rc;
	if (*v < 0)
		return hak_err_set(err, HAK_EDATA, "'%s' is negative", s);
	return HAK_OK;
}

static int
date_value(const char *s, char **out, struct hak_err *err)
{
	char buf[HAK_DATE_LEN];
	int32_t day;
	int rc;

	*out = NULL;
	if (!s || !*s)
		return HAK_OK;
	if ((rc = hak_input_date(s, &day, err)))
		return rc;
	hak_day_format(day, buf);
	*out = hak_xstrdup(buf);
	return HAK_OK;
}

/*
 * closed_on belongs to closed schools only: given with status open it is
 * refused; kept from before, a school set open loses it.
 */
static int
closed_fix(struct hak_school *s, bool given, struct hak_err *err)
{
	if (!s->closed_on || !strcmp(s->status, "closed"))
		return HAK_OK;
	if (given)
		return hak_err_set(err, HAK_EDATA, "closed_on: school '%s' "
			"is open (a closing date needs status closed)",
			s->code);
	free(s->closed_on);
	s->closed_on = NULL;
	return HAK_OK;
}

struct import_ctx {
	int year;
};

/* The import's extra column: the address a district is taken from. */
#define C_ADDRESS HAK_SCHOOL_NCOLS
#define IMPORT_NCOLS (HAK_SCHOOL_NCOLS + 1)

/*
 * The district of a lot-number address: its first word after the first
 * that ends in 읍, 면 or 동 ("세종특별자치시 조치원읍 ..." -> 조치원읍);
 * NULL when none does.  The caller owns the result.
 */
static char *
address_district(const char *addr)
{
	static const char *const ends[] = { "읍", "면", "동" };
	const char *p = addr, *w;
	size_t n, k, e, words = 0;

	while (p && *p) {
		while (*p == ' ' || *p == '\t')
			p++;
		w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if ((n = (size_t)(p - w)) == 0 || words++ == 0)
			continue;
		for (k = 0; k < sizeof(ends) / sizeof(ends[0]); k++) {
			e = strlen(ends[k]);
			if (n > e && !memcmp(w + n - e, ends[k], e))
				return hak_xstrndup(w, n);
		}
	}
	return NULL;
}

/* Report the row's changes to the caller (--print): every column set of
 * a new school (old NULL), the differing ones of an existing one. */
static int
import_changes(const struct hak_import_row *row, const struct hak_school *old,
	const struct hak_school *s, struct hak_err *err)
{
	struct hak_school_cells co, cn;
	int i, rc;

	if (!row->change)
		return HAK_OK;
	hak_school_cells(s, &cn);
	if (old)
		hak_school_cells(old, &co);
	for (i = C_NAME; i < HAK_SCHOOL_NCOLS; i++)
		if ((rc = hak_import_change(row, s->code, hak_school_cols[i].name,
			old ? co.v[i] : NULL, cn.v[i], err)))
			return rc;
	return HAK_OK;
}

/*
 * One import row: the code and whichever columns the file has.  A new
 * school needs its name and level; an existing one gets just the columns
 * present updated (SPEC 2.10), its figures those of ctx->year.
 */
static int
import_row(struct hak_db *db, void *vctx, const struct hak_import_row *row,
	enum hak_import_result *res, struct hak_err *err)
{
	struct import_ctx *ctx = vctx;
	const char *const *c = row->cells;
	struct hak_school s = { 0 }, old = { 0 };
	struct hak_buf miss = HAK_BUF_INIT;
	const char *level, *status;
	bool changed, exists = false, has_district;
	long long *cnt[3];
	int i, rc;

	s.year = ctx->year;
	cnt[0] = &s.students;
	cnt[1] = &s.teachers;
	cnt[2] = &s.classes;
	if (!c[C_CODE]) {
		rc = hak_err_set(err, HAK_EDATA, "code: missing");
		goto out;
	}
	if ((rc = hak_school_code_check(c[C_CODE], err))) {
		rc = col_err(err, "code", rc);
		goto out;
	}
	s.code = hak_xstrdup(c[C_CODE]);
	s.name = dup_or_null(c[C_NAME]);
	hak_school_aliases_norm(c[C_ALIASES], &s.aliases, err);
	if ((rc = hak_school_codes_norm(c[C_CODES], &s.codes, err))) {
		rc = col_err(err, "codes", rc);
		goto out;
	}
	/* an empty status cell is the default, open */
	if (c[C_STATUS]) {
		if ((rc = hak_school_status_parse(c[C_STATUS], &status, err))) {
			rc = col_err(err, "status", rc);
			goto out;
		}
		s.status = hak_xstrdup(status);
	} else if (row->present[C_STATUS]) {
		s.status = hak_xstrdup("open");
	}
	if ((rc = date_value(c[C_CLOSED_ON], &s.closed_on, err))) {
		rc = col_err(err, "closed_on", rc);
		goto out;
	}
	if (c[C_LEVEL]) {
		if ((rc = hak_school_level_parse(c[C_LEVEL], &level, err))) {
			rc = col_err(err, "level", rc);
			goto out;
		}
		s.level = hak_xstrdup(level);
	}
	/* no district column: the 읍, 면 or 동 of the address, if any */
	has_district = row->present[C_DISTRICT] || row->present[C_ADDRESS];
	s.district = row->present[C_DISTRICT] ? dup_or_null(c[C_DISTRICT]) :
		address_district(c[C_ADDRESS]);
	for (i = 0; i < 3; i++) {
		if ((rc = count_value(c[C_STUDENTS + i], cnt[i], err))) {
			rc = col_err(err, hak_school_cols[C_STUDENTS + i].name,
				rc);
			goto out;
		}
	}
	if ((rc = date_value(c[C_OPENED], &s.opened, err))) {
		rc = col_err(err, "opened", rc);
		goto out;
	}

	rc = hak_school_get(db, s.code, s.year, &old, NULL);
	if (rc && rc != HAK_ENOMATCH) {
		rc = hak_school_get(db, s.code, s.year, &old, err);
		goto out;
	}
	exists = rc == HAK_OK;
	if (!exists) {
		/* a new school needs its required columns (SPEC 2.10) */
		if (!s.name)
			hak_buf_adds(&miss, "name");
		if (!s.level)
			hak_buf_addf(&miss, "%slevel", miss.len ? ", " : "");
		if (miss.len) {
			rc = hak_err_set(err, HAK_EDATA, "%s: missing (a new "
				"school needs its name and level)", miss.buf);
			goto out;
		}
		if (!s.status)
			s.status = hak_xstrdup("open");
		if ((rc = closed_fix(&s, true, err)) ||
			(rc = codes_free(db, &s, true, err)) ||
			(rc = import_changes(row, NULL, &s, err)) ||
			(rc = school_insert(db, &s, err)))
			goto out;
		*res = HAK_IMPORT_NEW;
		goto out;
	}
	/* Columns absent from the file, or empty where required, keep their
	 * stored values. */
	if (!s.name)
		s.name = hak_xstrdup(old.name);
	if (!s.level)
		s.level = hak_xstrdup(old.level);
	if (!s.status)
		s.status = hak_xstrdup(old.status);
	if (!row->present[C_ALIASES]) {
		free(s.aliases);
		s.aliases = dup_or_null(old.aliases);
	}
	if (!row->present[C_CODES]) {
		free(s.codes);
		s.codes = dup_or_null(old.codes);
	}
	if (!row->present[C_CLOSED_ON])
		s.closed_on = dup_or_null(old.closed_on);
	if (!has_district) {
		free(s.district);
		s.district = dup_or_null(old.district);
	}
	if (!row->present[C_OPENED])
		s.opened = dup_or_null(old.opened);
	for (i = 0; i < 3; i++)
		if (!row->present[C_STUDENTS + i])
			*cnt[i] = i == 0 ? old.students : i == 1 ?
				old.teachers : old.classes;
	if ((rc = closed_fix(&s, row->present[C_CLOSED_ON] && s.closed_on,
		err)) || (rc = codes_free(db, &s, false, err)) ||
		(rc = import_changes(row, &old, &s, err)))
		goto out;
	rc = school_update(db, &old, &s, &changed, err);
	if (!rc)
		*res = changed ? HAK_IMPORT_UPDATED : HAK_IMPORT_SAME;
out:
	if (exists)
		hak_school_release(&old);
	hak_school_release(&s);
	hak_buf_release(&miss);
	return rc;
}

/* The headers each column is also known by (hak-csv(5)). */
static const char *const h_code[] = { "학교코드", "학교ID",
	"표준학교코드", NULL };
static const char *const h_name[] = { "학교명", NULL };
static const char *const h_aliases[] = { "별칭", NULL };
static const char *const h_codes[] = { "다른코드", NULL };
static const char *const h_level[] = { "학교급", "학교급구분", NULL };
static const char *const h_district[] = { "지역", "읍면동", NULL };
static const char *const h_status[] = { "운영상태", NULL };
static const char *const h_closed_on[] = { "폐교일자", NULL };
static const char *const h_students[] = { "학생수", NULL };
static const char *const h_teachers[] = { "교원수", "교사수", NULL };
static const char *const h_classes[] = { "학급수", NULL };
static const char *const h_opened[] = { "설립일자", "개교일", NULL };
static const char *const h_address[] = { "소재지지번주소", "지번주소",
	NULL };

int
hak_school_import(struct hak_db *db, const struct hak_import_opts *opts,
	int year, struct hak_import_stats *st, struct hak_err *err)
{
	/* Only code is required of the file: a new school's name and level
	 * are checked by row (SPEC 2.10).  In the order of the C_ columns. */
	static const struct hak_import_col cols[IMPORT_NCOLS] = {
		{ "code", true, h_code },
		{ "name", false, h_name },
		{ "aliases", false, h_aliases },
		{ "codes", false, h_codes },
		{ "level", false, h_level },
		{ "district", false, h_district },
		{ "status", false, h_status },
		{ "closed_on", false, h_closed_on },
		{ "students", false, h_students },
		{ "teachers", false, h_teachers },
		{ "classes", false, h_classes },
		{ "opened", false, h_opened },
		{ "address", false, h_address }
	};
	struct import_ctx ctx = { year };
	struct hak_import_spec spec = { "school", cols, IMPORT_NCOLS,
		import_row, &ctx, false, NULL, 0 };

	return hak_import_run_keyed(db, &spec, "code", opts, st, err);
}

int
hak_school_usable(struct hak_db *db, const char *code, const char *day,
	struct hak_err *err)
{
	struct hak_school s;
	int rc;

	if ((rc = hak_school_get(db, code, 0, &s, err)))
		return rc;
	if (!strcmp(s.status, "closed") &&
		(!day || !s.closed_on || strcmp(day, s.closed_on) >= 0))
		rc = hak_err_set(err, HAK_EDATA, "school '%s' (%s) is closed%s%s",
			s.code, s.name, s.closed_on ? " since " : "",
			s.closed_on ? s.closed_on : "");
	hak_school_release(&s);
	return rc;
}

static int
usage_err(struct hak_err *err, const char *opt, struct hak_err *e)
{
	return hak_err_set(err, HAK_EUSAGE, "--%s: %s", opt, e->msg);
}

int
hak_school_change_check(const struct hak_school_change *ch,
	struct hak_err *err)
{
	const char *counts[3] = { ch->students, ch->teachers, ch->classes };
	const char *level;
	struct hak_err e;
	long long v;
	char *t;
	int i;

	hak_err_clear(&e);
	if (ch->name) {
		if (!(t = hak_text_clean(ch->name)))
			return hak_err_set(err, HAK_EUSAGE,
				"--name: a school needs a name");
		free(t);
	}
	if (ch->level && hak_school_level_parse(ch->level, &level, &e))
		return usage_err(err, "level", &e);
	for (i = 0; i < 3; i++) {
		if (counts[i] && count_value(counts[i], &v, &e))
			return usage_err(err, hak_school_cols[C_STUDENTS + i].name,
				&e);
	}
	t = NULL;
	if (ch->opened && date_value(ch->opened, &t, &e))
		return usage_err(err, "opened", &e);
	free(t);
	t = NULL;
	if (ch->closed_on && date_value(ch->closed_on, &t, &e))
		return usage_err(err, "closed-on", &e);
	free(t);
	t = NULL;
	if (ch->codes && hak_school_codes_norm(ch->codes, &t, &e))
		return usage_err(err, "codes", &e);
	free(t);
	if (ch->status && hak_school_status_parse(ch->status, &level, &e))
		return usage_err(err, "status", &e);
	for (i = 0; i < 3; i++) {
		const char *s[3] = { ch->name, ch->aliases, ch->district };

		if (s[i] && !hak_text_valid(s[i], strlen(s[i])))
			return hak_err_set(err, HAK_EUSAGE,
				"invalid UTF-8 in an option value");
	}
	return HAK_OK;
}

/* old with ch applied into new (fresh copies). */
static void
apply_change(const struct hak_school *old, const struct hak_school_change *ch,
	struct hak_school *new)
{
	const char *level;
	char *t;

	memset(new, 0, sizeof(*new));
	new->code = hak_xstrdup(old->code);
	new->year = old->year;
	new->name = ch->name ? hak_text_clean(ch->name) : hak_xstrdup(old->name);
	if (ch->aliases) {
		t = hak_text_clean(ch->aliases);
		hak_school_aliases_norm(t, &new->aliases, NULL);
		free(t);
	} else {
		new->aliases = hak_xstrdup(old->aliases);
	}
	if (ch->level && !hak_school_level_parse(ch->level, &level, NULL))
		new->level = hak_xstrdup(level);
	else
		new->level = hak_xstrdup(old->level);
	new->district = ch->district ? hak_text_clean(ch->district) :
		hak_xstrdup(old->district);
	if (ch->opened)
		date_value(ch->opened, &new->opened, NULL);
	else
		new->opened = hak_xstrdup(old->opened);
	if (ch->codes)
		hak_school_codes_norm(ch->codes, &new->codes, NULL);
	else
		new->codes = hak_xstrdup(old->codes);
	if (ch->status && !hak_school_status_parse(ch->status, &level, NULL))
		new->status = hak_xstrdup(level);
	else
		new->status = hak_xstrdup(old->status);
	if (ch->closed_on)
		date_value(ch->closed_on, &new->closed_on, NULL);
	else
		new->closed_on = hak_xstrdup(old->closed_on);
	new->students = old->students;
	new->teachers = old->teachers;
	new->classes = old->classes;
	if (ch->students)
		count_value(ch->students, &new->students, NULL);
	if (ch->teachers)
		count_value(ch->teachers, &new->teachers, NULL);
	if (ch->classes)
		count_value(ch->classes, &new->classes, NULL);
}

static bool
done_has(struct hak_school *done, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(done[i].code, code))
			return true;
	return false;
}

static int
set_one(struct hak_db *db, const char *key, const struct hak_school_change *ch,
	struct hak_school **done, size_t *n, size_t *alloc, struct hak_err *err)
{
	struct hak_school old, new;
	char *code;
	bool changed;
	int rc;

	if ((rc = hak_school_find(db, key, &code, err)))
		return rc;
	if (done_has(*done, *n, code)) {
		free(code);
		return HAK_OK;
	}
	rc = hak_school_get(db, code, ch->year, &old, err);
	free(code);
	if (rc)
		return rc;
	apply_change(&old, ch, &new);
	if (!(rc = closed_fix(&new, ch->closed_on && *ch->closed_on, err)) &&
		!(rc = codes_free(db, &new, false, err)))
		rc = school_update(db, &old, &new, &changed, err);
	hak_school_release(&old);
	if (rc) {
		hak_school_release(&new);
		return rc;
	}
	HAK_ALLOC_GROW(*done, *n + 1, *alloc);
	(*done)[(*n)++] = new;
	return HAK_OK;
}

/* What `set` carries from key to key. */
struct set_ctx {
	const struct hak_school_change *ch;
	struct hak_school **done;
	size_t *n, alloc, mark;
};

static int
set_key(struct hak_db *db, const char *key, void *ctx, struct hak_err *err)
{
	struct set_ctx *sc = ctx;

	sc->mark = *sc->n;
	return set_one(db, key, sc->ch, sc->done, sc->n, &sc->alloc, err);
}

static void
set_undo(void *ctx)
{
	struct set_ctx *sc = ctx;

	while (*sc->n > sc->mark)
		hak_school_release(&(*sc->done)[--*sc->n]);
}

int
hak_school_set(struct hak_db *db, const struct hak_strv *keys,
	const struct hak_school_change *ch, unsigned flags, FILE *report,
	const char *prog, struct hak_school **done, size_t *n,
	struct hak_err *err)
{
	struct set_ctx sc = { ch, done, n, 0, 0 };
	struct hak_each each = { set_key, set_undo, &sc };
	unsigned ef = 0;
	size_t i;
	int rc;

	*done = NULL;
	*n = 0;
	if ((rc = hak_school_change_check(ch, err)))
		return rc;
	if (flags & HAK_SCHOOL_KEEP_GOING)
		ef |= HAK_EACH_KEEP_GOING;
	if (flags & HAK_SCHOOL_DRY_RUN)
		ef |= HAK_EACH_DRY_RUN;
	rc = hak_db_each_key(db, keys, ef, &each, report, prog, err);
	if (rc && !(flags & HAK_SCHOOL_KEEP_GOING)) {
		for (i = 0; i < *n; i++)
			hak_school_release(&(*done)[i]);
		free(*done);
		*done = NULL;
		*n = 0;
	}
	return rc;
}

int
hak_school_codes(struct hak_db *db, struct hak_strv *out, struct hak_err *err)
{
	return hak_db_words(db, "SELECT code FROM schools ORDER BY code", out,
		err);
}

int
hak_school_districts(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err)
{
	return hak_db_words(db, "SELECT DISTINCT district FROM schools "
		"ORDER BY district", out, err);
}

/* `hak check`: every school has its history and every history its school. */
static int
check_history(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err)
{
	return hak_check_history(db, "school", "schools", "code", report, findings,
		err);
}

void
hak_school_check_add(struct hak_check *c)
{
	hak_check_add(c, "school history", check_history);
}
