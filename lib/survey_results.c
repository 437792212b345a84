/* SPDX-License-Identifier: MIT */
/*
 * `results` (SPEC 5.4, 5.5): the figures of each scale and yes/no question
 * of a survey, in total and by group, optionally beside another survey's.
 *
 * One pass over the survey's responses: each row's answers (packed, one
 * character per pos, hak/survey.h) are counted into a table of counts per
 * raw key (a school code, a field's value, or one key for all) x question
 * x answer.  Every figure of SPEC 5.4 follows from those counts, so the
 * keys are then merged into groups (schools into levels or districts) and
 * the figures computed per group and question, in C, without SQL per cell.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "hak/school.h"
#include "hak/stats.h"
#include "hak/survey.h"
#include "banned.h"

/* Counts of one question: buckets 0..HAK_SURVEY_MAX_POINTS for the raw
 * values (yes/no: 1 yes, 0 no), then na, then missing. */
#define B_NA (HAK_SURVEY_MAX_POINTS + 1)
#define B_MISS (HAK_SURVEY_MAX_POINTS + 2)
#define NB (HAK_SURVEY_MAX_POINTS + 3)

/* SPEC 5.4 fixes z = 1.96 for the Wilson interval of yes/no questions. */
#define WILSON_Z 1.96

const struct hak_col hak_survey_result_cols[HAK_SURVEY_RESULT_NCOLS +
	HAK_SURVEY_COMPARE_NCOLS] = {
	{ "survey", HAK_COL_CODE }, { "question", HAK_COL_CODE },
	{ "group", HAK_COL_TEXT }, { "group_name", HAK_COL_PROSE },
	{ "respondents", HAK_COL_NUM }, { "n", HAK_COL_NUM },
	{ "mean", HAK_COL_NUM }, { "sd", HAK_COL_NUM },
	{ "ci95_low", HAK_COL_NUM }, { "ci95_high", HAK_COL_NUM },
	{ "score100", HAK_COL_NUM }, { "top2", HAK_COL_NUM },
	{ "dist", HAK_COL_TEXT }, { "response_rate", HAK_COL_NUM },
	{ "n_other", HAK_COL_NUM }, { "mean_other", HAK_COL_NUM },
	{ "score100_other", HAK_COL_NUM }, { "top2_other", HAK_COL_NUM },
	{ "delta_mean", HAK_COL_NUM }, { "delta_score100", HAK_COL_NUM },
	{ "delta_top2", HAK_COL_NUM }
};

enum {
	C_SURVEY, C_QUESTION, C_GROUP, C_GROUP_NAME, C_RESPONDENTS, C_N,
	C_MEAN, C_SD, C_LO, C_HI, C_SCORE100, C_TOP2, C_DIST, C_RATE,
	C_N_OTHER, C_MEAN_OTHER, C_SCORE100_OTHER, C_TOP2_OTHER,
	C_DELTA_MEAN, C_DELTA_SCORE100, C_DELTA_TOP2, C_ALL
};

/* What --by groups by. */
enum by_kind { BY_NONE, BY_SCHOOL, BY_LEVEL, BY_DISTRICT, BY_FIELD };

#define MISSING_GROUP "(missing)"
#define ALL_GROUP "(all)"

/* One raw key (a school code, a field value; NULL: none) and its counts. */
struct slot {
	char *key;
	long resp;
	uint32_t *cnt;		/* nq x NB */
};

/* The counts of one survey, by raw key. */
struct scan {
	size_t nq;
	struct slot *slots;
	size_t nslots, aslots;
	size_t *hash;		/* slot index + 1, 0 empty */
	size_t hmask;
	size_t null_slot;	/* + 1, 0 none yet */
};

/* A group of the output: its key (NULL for (all) and (missing)). */
struct group {
	char *key;
	char *name;
	bool missing;
	int rank;		/* sort order before the key (levels) */
	long resp;
	uint32_t *cnt;		/* nq x NB, owned */
};

struct groups {
	struct group *g;	/* g[0] is (all) */
	size_t n;
	size_t nq;
};

/* The figures of one group and question (NaN: empty). */
struct fig {
	long n;
	double mean, sd, lo, hi, score100, top2;
	char dist[HAK_SURVEY_MAX_POINTS * 12 + 4];
	bool has_dist;
};

/* --- counting --- */

static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static size_t
slot_new(struct scan *s, const char *key, size_t len)
{
	struct slot *sl;

	HAK_ALLOC_GROW(s->slots, s->nslots + 1, s->aslots);
	sl = &s->slots[s->nslots];
	sl->key = key ? hak_xstrndup(key, len) : NULL;
	sl->resp = 0;
	sl->cnt = hak_xcalloc(s->nq ? s->nq * NB : 1, sizeof(*sl->cnt));
	return s->nslots++;
}

static void
rehash(struct scan *s)
{
	size_t i, h, n = (s->hmask + 1) * 2;

	free(s->hash);
	s->hash = hak_xcalloc(n, sizeof(*s->hash));
	s->hmask = n - 1;
	for (i = 0; i < s->nslots; i++) {
		if (!s->slots[i].key)
			continue;
		h = (size_t)fnv(s->slots[i].key, strlen(s->slots[i].key));
		while (s->hash[h & s->hmask])
			h++;
		s->hash[h & s->hmask] = i + 1;
	}
}

/* The slot of key[0..len) (key NULL: no value). */
static struct slot *
slot_of(struct scan *s, const char *key, size_t len)
{
	size_t h, i;

	if (!key) {
		if (!s->null_slot)
			s->null_slot = slot_new(s, NULL, 0) + 1;
		return &s->slots[s->null_slot - 1];
	}
	for (h = (size_t)fnv(key, len); (i = s->hash[h & s->hmask]); h++) {
		const char *k = s->slots[i - 1].key;

		if (k && !strncmp(k, key, len) && !k[len])
			return &s->slots[i - 1];
	}
	i = slot_new(s, key, len);
	s->hash[h & s->hmask] = i + 1;
	if (s->nslots * 2 > s->hmask)
		rehash(s);
	return &s->slots[i];
}

static void
scan_release(struct scan *s)
{
	size_t i;

	for (i = 0; i < s->nslots; i++) {
		free(s->slots[i].key);
		free(s->slots[i].cnt);
	}
	free(s->slots);
	free(s->hash);
}

/*
 * Count the answers at pos[0..nq) (a pos < 0: always missing) of every
 * response of survey code, by the key --by reads from each row.
 */
static int
scan_survey(struct hak_db *db, const char *code, const char *until,
	enum by_kind by, const char *field, const int *pos, size_t nq,
	struct scan *s, struct hak_err *err)
{
	/* ?3: NULL, or only the batches imported before it */
#define UNTIL " AND (?3 IS NULL OR batch IN (SELECT id FROM batches " \
	"WHERE at < ?3))"
	static const char sql_none[] = "SELECT NULL, answers FROM "
		"survey_responses WHERE survey = ?1" UNTIL;
	static const char sql_school[] = "SELECT school, answers FROM "
		"survey_responses WHERE survey = ?1" UNTIL;
	static const char sql_field[] = "SELECT json_extract(fields, ?2), "
		"answers FROM survey_responses WHERE survey = ?1" UNTIL;
#undef UNTIL
	unsigned char bucket[256];
	sqlite3_stmt *st;
	char *path = NULL;
	int rc, src, i;
	size_t k;

	memset(s, 0, sizeof(*s));
	s->nq = nq;
	s->hmask = 63;
	s->hash = hak_xcalloc(s->hmask + 1, sizeof(*s->hash));
	memset(bucket, B_MISS, sizeof(bucket));
	for (i = 0; i <= HAK_SURVEY_MAX_POINTS; i++)
		bucket[(unsigned char)HAK_SURVEY_ANS(i)] = (unsigned char)i;
	bucket[(unsigned char)HAK_SURVEY_ANS_NA] = B_NA;
	if ((rc = hak_db_prepare(db, by == BY_NONE ? sql_none : by ==
		BY_FIELD ? sql_field : sql_school, &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 3, until), err)))
		goto out;
	if (by == BY_FIELD) {
		path = hak_xasprintf("$.\"%s\"", field);
		if ((rc = hak_db_bound(db, hak_db_bind_text(st, 2, path), err)))
			goto out;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *a = sqlite3_column_text(st, 1);
		size_t alen = (size_t)sqlite3_column_bytes(st, 1);
		const char *key = (const char *)sqlite3_column_text(st, 0);
		struct slot *sl = slot_of(s, key, key ?
			(size_t)sqlite3_column_bytes(st, 0) : 0);
		uint32_t *c = sl->cnt;

		sl->resp++;
		for (k = 0; k < nq; k++, c += NB)
			c[pos[k] >= 0 && (size_t)pos[k] < alen ?
				bucket[a[pos[k]]] : B_MISS]++;
	}
	if (src != SQLITE_DONE)
		rc = hak_db_fail(db, src, err);
out:
	sqlite3_finalize(st);
	free(path);
	if (rc)
		scan_release(s);
	return rc;
}

/* --- groups --- */

/* Levels in their order (SPEC 4) and their Korean names. */
static const char *const level_names[] = {
	"유치원", "초등학교", "중학교", "고등학교", "특수학교", "기타"
};

static int
level_rank(const char *code)
{
	int i;

	for (i = 0; hak_school_levels[i]; i++)
		if (!strcmp(hak_school_levels[i], code))
			return i;
	return i;
}

/* For a school code: its level, district or name, as --by asks. */
static int
school_attr(struct hak_db *db, const char *school, enum by_kind by,
	char **key, char **name, struct hak_err *err)
{
	static const char sql[] = "SELECT name, level, district FROM schools "
		"WHERE code = ?";
	sqlite3_stmt *st;
	int rc, src;

	*key = *name = NULL;
	if ((rc = hak_db_stmt(db, sql, &st, err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 1, school), err)))
		return rc;
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (by == BY_SCHOOL) {
			*key = hak_xstrdup(school);
			*name = hak_db_col_dup(st, 0);
		} else {
			*key = hak_db_col_dup(st, by == BY_LEVEL ? 1 : 2);
		}
	}
	sqlite3_reset(st);
	if (src == SQLITE_DONE) {
		/* a school no longer in the registry: its code still
		 * groups by school, but has no level or district */
		if (by == BY_SCHOOL)
			*key = hak_xstrdup(school);
		return HAK_OK;
	}
	return src == SQLITE_ROW ? HAK_OK : hak_db_fail(db, src, err);
}

/* A mapped field's value: the first spelling mapped to it other than
 * itself (as normalised: spaces removed), if any. */
static char *
field_name(const struct hak_survey_field *f, const char *value)
{
	size_t i;

	for (i = 0; f && i < f->map_to.n; i++)
		if (!strcmp(f->map_to.v[i], value) &&
			strcmp(f->map_from.v[i], value))
			return hak_xstrdup(f->map_from.v[i]);
	return NULL;
}

static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->missing != y->missing)
		return x->missing ? 1 : -1;
	if (x->missing)
		return 0;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void
groups_release(struct groups *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++) {
		free(gs->g[i].key);
		free(gs->g[i].name);
		free(gs->g[i].cnt);
	}
	free(gs->g);
	gs->g = NULL;
	gs->n = 0;
}

static void
add_counts(struct group *g, const struct slot *sl, size_t nq)
{
	size_t i;

	g->resp += sl->resp;
	for (i = 0; i < nq * NB; i++)
		g->cnt[i] += sl->cnt[i];
}

/*
 * The groups of a scan: (all) first, then one group per value of --by,
 * in order (levels in SPEC 4's order, others by code point), (missing)
 * last.
 */
static int
make_groups(struct hak_db *db, const struct scan *s, enum by_kind by,
	const struct hak_survey_field *f, struct groups *gs,
	struct hak_err *err)
{
	struct group *tmp;
	size_t i, n = 0, k;
	int rc = HAK_OK;

	gs->nq = s->nq;
	gs->g = hak_xcalloc(s->nslots + 1, sizeof(*gs->g));
	gs->n = 1;
	gs->g[0].cnt = hak_xcalloc(s->nq ? s->nq * NB : 1, sizeof(uint32_t));
	for (i = 0; i < s->nslots; i++)
		add_counts(&gs->g[0], &s->slots[i], s->nq);
	if (by == BY_NONE)
		return HAK_OK;
	/* each slot's group, then sorted and merged */
	tmp = hak_xcalloc(s->nslots ? s->nslots : 1, sizeof(*tmp));
	for (i = 0; i < s->nslots; i++) {
		struct group *g = &tmp[n++];
		const char *key = s->slots[i].key;

		g->resp = (long)i;	/* the slot, until merged */
		if (!key) {
			g->missing = true;
			continue;
		}
		if (by == BY_FIELD) {
			g->key = hak_xstrdup(key);
			g->name = field_name(f, key);
		} else if ((rc = school_attr(db, key, by, &g->key, &g->name,
			err))) {
			break;
		}
		if (!g->key)
			g->missing = true;
		else if (by == BY_LEVEL)
			g->rank = level_rank(g->key);
	}
	if (!rc)
		qsort(tmp, n, sizeof(*tmp), cmp_group);
	for (i = 0; !rc && i < n; i++) {
		struct group *g = &gs->g[gs->n - 1];
		const struct slot *sl = &s->slots[tmp[i].resp];

		if (gs->n == 1 || cmp_group(g, &tmp[i])) {
			g = &gs->g[gs->n++];
			g->key = tmp[i].key;
			g->name = tmp[i].name;
			g->missing = tmp[i].missing;
			g->rank = tmp[i].rank;
			tmp[i].key = tmp[i].name = NULL;
			g->cnt = hak_xcalloc(s->nq ? s->nq * NB : 1,
				sizeof(uint32_t));
			if (by == BY_LEVEL && !g->missing && !g->name &&
				g->rank < (int)(sizeof(level_names) /
				sizeof(level_names[0])))
				g->name = hak_xstrdup(level_names[g->rank]);
		}
		add_counts(g, sl, s->nq);
	}
	for (k = 0; k < n; k++) {
		free(tmp[k].key);
		free(tmp[k].name);
	}
	free(tmp);
	if (rc)
		groups_release(gs);
	return rc;
}

static const struct group *
group_find(const struct groups *gs, const struct group *like, size_t from)
{
	size_t i;

	if (from == 0)
		return &gs->g[0];
	for (i = 1; i < gs->n; i++)
		if (!cmp_group(&gs->g[i], like))
			return &gs->g[i];
	return NULL;
}

/* --- figures --- */

/*
 * The figures of question q from its counts c (SPEC 5.4); a scale's
 * values are scored (reverse: points + 1 - value) first, and dist counts
 * the scored points.
 */
static void
figures(const struct hak_survey_question *q, const uint32_t *c,
	struct fig *f)
{
	double sum = 0, m2 = 0, top = 0, x;
	int p, v, s;
	size_t len = 0;

	f->mean = f->sd = f->lo = f->hi = f->score100 = f->top2 = NAN;
	f->n = 0;
	f->has_dist = true;
	if (q->type == HAK_SURVEY_YESNO) {
		f->n = (long)c[1] + (long)c[0];
		snprintf(f->dist, sizeof(f->dist), "%lu;%lu",
			(unsigned long)c[1], (unsigned long)c[0]);
		if (!f->n)
			return;
		f->mean = (double)c[1] / (double)f->n;
		f->score100 = 100 * f->mean;
		hak_stats_wilson_z(c[1], (double)f->n, WILSON_Z, &f->lo,
			&f->hi);
		return;
	}
	p = q->scale->points;
	for (s = 1; s <= p; s++) {
		v = q->reverse ? p + 1 - s : s;
		f->n += (long)c[v];
		sum += (double)s * c[v];
		if (s >= p - 1)
			top += c[v];
		len += (size_t)snprintf(f->dist + len, sizeof(f->dist) - len,
			"%s%lu", s > 1 ? ";" : "", (unsigned long)c[v]);
	}
	if (!f->n)
		return;
	f->mean = sum / (double)f->n;
	for (s = 1; s <= p; s++) {
		v = q->reverse ? p + 1 - s : s;
		x = s - f->mean;
		m2 += x * x * c[v];
	}
	f->score100 = (f->mean - 1) / (p - 1) * 100;
	f->top2 = top / (double)f->n;
	if (f->n >= 2) {
		double half;

		f->sd = sqrt(m2 / (double)(f->n - 1));
		half = hak_stats_t_quantile(0.975, (double)(f->n - 1)) *
			f->sd / sqrt((double)f->n);
		f->lo = f->mean - half;
		f->hi = f->mean + half;
	}
}

/* Cells of numbers; NaN is an empty cell. */
struct cellbuf {
	char s[C_ALL][48];
	bool table;
};

/* v in csv/json form: the shortest of %.15g..%.17g that reads back as
 * v, so not rounded; in table form one decimal, a share as a
 * percentage. */
static const char *
num(struct cellbuf *b, int col, double v, bool share)
{
	char *s = b->s[col];
	int prec;

	if (isnan(v))
		return NULL;
	if (b->table) {
		snprintf(s, sizeof(b->s[col]), "%.1f", share ? 100 * v : v);
		if (!strcmp(s, "-0.0"))
			memmove(s, s + 1, 4);
		return s;
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof(b->s[col]), "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	return s;
}

static const char *
count(struct cellbuf *b, int col, long v)
{
	snprintf(b->s[col], sizeof(b->s[col]), "%ld", v);
	return b->s[col];
}

/* --- the command --- */

static bool
same_scale(const struct hak_survey_question *a,
	const struct hak_survey_question *b)
{
	size_t i;

	if (a->type != b->type)
		return false;
	if (a->type != HAK_SURVEY_SCALE)
		return true;
	if (a->scale->points != b->scale->points ||
		a->scale->labels.n != b->scale->labels.n)
		return false;
	for (i = 0; i < a->scale->labels.n; i++)
		if (strcmp(a->scale->labels.v[i], b->scale->labels.v[i]))
			return false;
	return true;
}

static const struct hak_survey_field *
field_find(const struct hak_survey_def *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nfields; i++)
		if (!strcmp(d->fields[i].name, name))
			return &d->fields[i];
	return NULL;
}

/* --by: what it groups by; a field must be one of every survey's. */
static int
by_parse(const char *by, const struct hak_survey_def *d,
	const struct hak_survey_def *od, enum by_kind *kind,
	const struct hak_survey_field **f, struct hak_err *err)
{
	static const struct {
		const char *name;
		enum by_kind kind;
	} fixed[] = {
		{ "school", BY_SCHOOL }, { "level", BY_LEVEL },
		{ "district", BY_DISTRICT }
	};
	struct hak_buf b = HAK_BUF_INIT;
	size_t i;
	int rc;

	*kind = BY_NONE;
	*f = NULL;
	if (!by)
		return HAK_OK;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (!strcmp(by, fixed[i].name)) {
			*kind = fixed[i].kind;
			return HAK_OK;
		}
	if (strcmp(by, "submitted_at") && (*f = field_find(d, by)) &&
		(!od || field_find(od, by))) {
		*kind = BY_FIELD;
		return HAK_OK;
	}
	for (i = 0; i < d->nfields; i++)
		if (strcmp(d->fields[i].name, "school") &&
			strcmp(d->fields[i].name, "submitted_at"))
			hak_buf_addf(&b, ", %s", d->fields[i].name);
	if (*f && od)
		rc = hak_err_set(err, HAK_EUSAGE, "results: --by '%s': survey "
			"'%s' has no such field", by, od->code);
	else
		rc = hak_err_set(err, HAK_EUSAGE, "results: --by '%s': not "
			"school, level, district%s of survey '%s'%s%s%s", by,
			b.len ? " or a field" : "", d->code, b.len ?
			" (fields: " : "", b.len ? b.buf + 2 : "", b.len ?
			")" : "");
	*f = NULL;
	hak_buf_release(&b);
	return rc;
}

/* The questions results covers: every scale and yes/no one, or --question. */
static int
pick_questions(const struct hak_survey_def *d, const char *id,
	const struct hak_survey_question ***qs, size_t *nq,
	struct hak_err *err)
{
	const struct hak_survey_question *q;
	size_t i;

	*qs = hak_xcalloc(d->nquestions ? d->nquestions : 1, sizeof(**qs));
	*nq = 0;
	if (id) {
		if (!(q = hak_survey_question_find(d, id)))
			return hak_err_set(err, HAK_ENOMATCH, "survey '%s' has "
				"no question '%s'", d->code, id);
		if (q->type == HAK_SURVEY_TEXT)
			return hak_err_set(err, HAK_EUSAGE, "results: "
				"--question '%s' is a text question: its "
				"answers are only in 'responses'", id);
		(*qs)[(*nq)++] = q;
		return HAK_OK;
	}
	for (i = 0; i < d->nquestions; i++)
		if (d->questions[i].type != HAK_SURVEY_TEXT)
			(*qs)[(*nq)++] = &d->questions[i];
	return HAK_OK;
}

/* One survey's counts, grouped. */
static int
count_survey(struct hak_db *db, const struct hak_survey_def *d,
	const char *until, const struct hak_survey_question *const *qs,
	size_t nq,
	enum by_kind by, const struct hak_survey_field *f,
	struct groups *gs, struct hak_err *err)
{
	struct scan s;
	int *pos = hak_xcalloc(nq ? nq : 1, sizeof(*pos));
	size_t i;
	int rc;

	for (i = 0; i < nq; i++)
		pos[i] = qs[i] ? qs[i]->pos : -1;
	rc = scan_survey(db, d->code, until, by, f ? f->name : NULL, pos,
		nq, &s, err);
	free(pos);
	if (rc)
		return rc;
	rc = make_groups(db, &s, by, f, gs, err);
	scan_release(&s);
	return rc;
}

/* The row of question k (q, and oq of the other survey) for group g. */
static int
emit(const struct hak_survey_results_opts *o, const struct hak_survey_def *d,
	const struct hak_survey_question *q, size_t k, const struct group *g,
	bool all, const struct groups *other,
	const struct hak_survey_question *oq, int min_group,
	int (*fn)(void *ctx, const char *const *cells, size_t ncells),
	void *ctx)
{
	const char *cells[C_ALL] = { 0 };
	struct cellbuf b;
	struct fig f, of;
	const struct group *og = NULL;
	bool yn = q->type == HAK_SURVEY_YESNO, hide;
	size_t ncells = o->compare ? C_ALL : HAK_SURVEY_RESULT_NCOLS;

	b.table = o->table;
	figures(q, g->cnt + k * NB, &f);
	hide = !all && g->resp < min_group;
	cells[C_SURVEY] = d->code;
	cells[C_QUESTION] = q->id;
	cells[C_GROUP] = all ? ALL_GROUP : g->missing ? MISSING_GROUP : g->key;
	cells[C_GROUP_NAME] = g->name;
	cells[C_RESPONDENTS] = count(&b, C_RESPONDENTS, g->resp);
	cells[C_N] = count(&b, C_N, f.n);
	if (!hide) {
		cells[C_MEAN] = num(&b, C_MEAN, f.mean, yn);
		cells[C_SD] = num(&b, C_SD, f.sd, false);
		cells[C_LO] = num(&b, C_LO, f.lo, yn);
		cells[C_HI] = num(&b, C_HI, f.hi, yn);
		cells[C_SCORE100] = num(&b, C_SCORE100, f.score100, false);
		cells[C_TOP2] = num(&b, C_TOP2, f.top2, true);
		cells[C_DIST] = f.dist;
		if (all && d->population > 0)
			cells[C_RATE] = num(&b, C_RATE, (double)g->resp /
				(double)d->population, true);
	}
	if (o->compare && oq && (og = group_find(other, g, all ? 0 : 1))) {
		figures(oq, og->cnt + k * NB, &of);
		cells[C_N_OTHER] = count(&b, C_N_OTHER, of.n);
		if (!all && og->resp < min_group)
			hide = true;
		if (!hide) {
			cells[C_MEAN_OTHER] = num(&b, C_MEAN_OTHER, of.mean,
				yn);
			cells[C_SCORE100_OTHER] = num(&b, C_SCORE100_OTHER,
				of.score100, false);
			cells[C_TOP2_OTHER] = num(&b, C_TOP2_OTHER, of.top2,
				true);
			cells[C_DELTA_MEAN] = num(&b, C_DELTA_MEAN, f.mean -
				of.mean, yn);
			cells[C_DELTA_SCORE100] = num(&b, C_DELTA_SCORE100,
				f.score100 - of.score100, false);
			cells[C_DELTA_TOP2] = num(&b, C_DELTA_TOP2, f.top2 -
				of.top2, true);
		}
	}
	return fn(ctx, cells, ncells);
}

int
hak_survey_results(struct hak_db *db, const struct hak_survey_results_opts *o,
	int (*fn)(void *ctx, const char *const *cells, size_t ncells),
	void *ctx, struct hak_err *err)
{
	struct hak_survey_def *d = NULL, *od = NULL;
	const struct hak_survey_question **qs = NULL, **oqs = NULL;
	const struct hak_survey_field *f = NULL;
	struct groups gs = { 0 }, ogs = { 0 };
	const struct hak_config *cfg = hak_db_config(db);
	enum by_kind by;
	size_t nq = 0, k, i;
	int min_group = cfg && cfg->min_group > 0 ? cfg->min_group : 5;
	int rc;

	if ((rc = hak_survey_load(db, o->code, &d, err)))
		return rc;
	if (o->compare && (rc = hak_survey_load(db, o->compare, &od, err)))
		goto out;
	if ((rc = by_parse(o->by, d, od, &by, &f, err)) ||
		(rc = pick_questions(d, o->question, &qs, &nq, err)))
		goto out;
	if (od) {
		oqs = hak_xcalloc(nq ? nq : 1, sizeof(*oqs));
		for (k = 0; k < nq; k++) {
			oqs[k] = hak_survey_question_find(od, qs[k]->id);
			if (oqs[k] && !same_scale(qs[k], oqs[k])) {
				rc = hak_err_set(err, HAK_EDATA, "results: "
					"question '%s' has another scale in "
					"survey '%s' than in '%s'", qs[k]->id,
					od->code, d->code);
				goto out;
			}
		}
	}
	if ((rc = count_survey(db, d, o->until, qs, nq, by, f, &gs, err)))
		goto out;
	if (od && (rc = count_survey(db, od, o->until, oqs, nq, by, f ?
		field_find(od, f->name) : NULL, &ogs, err)))
		goto out;
	for (k = 0; k < nq && !rc; k++)
		for (i = 0; i < gs.n && !rc; i++)
			rc = emit(o, d, qs[k], k, &gs.g[i], i == 0, &ogs,
				oqs ? oqs[k] : NULL, min_group, fn, ctx);
out:
	groups_release(&gs);
	groups_release(&ogs);
	free(qs);
	free(oqs);
	hak_survey_def_free(d);
	hak_survey_def_free(od);
	return rc;
}

const char *
hak_survey_formulas(void)
{
	return
	"Formulas (SPEC 5.4; shares in percent, figures to one decimal):\n"
	"  respondents  responses in the group\n"
	"  n            answers neither missing nor na\n"
	"  scale questions (x = the answer, points + 1 - x when reverse):\n"
	"    mean       sum(x) / n\n"
	"    sd         sqrt(sum((x - mean)^2) / (n - 1)), empty when n < 2\n"
	"    ci95       mean -+ t(0.975, n - 1) * sd / sqrt(n), empty when "
	"n < 2\n"
	"    score100   (mean - 1) / (points - 1) * 100\n"
	"    top2       share of answers in the two highest points\n"
	"    dist       answers per point, 1 first\n"
	"  yes/no questions (p = share of yes = yes / n, z = 1.96):\n"
	"    mean       p; sd and top2 empty; dist yes;no\n"
	"    ci95       Wilson: (p + z^2/2n -+ z sqrt(p(1 - p)/n + "
	"z^2/4n^2)) / (1 + z^2/n)\n"
	"    score100   100 * p\n"
	"  response_rate  respondents / population, on (all) only\n"
	"  groups with fewer respondents than min_group show counts only\n"
	"  delta_X      X - X_other (--compare)\n";
}
