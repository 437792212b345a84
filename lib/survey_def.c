/* SPDX-License-Identifier: MIT */
/*
 * Survey definitions (SPEC 6.2): the YAML text, checked strictly, into
 * struct hak_survey_def; answers of a scale (SPEC 5.4); the scrubbing of
 * e-mail addresses and phone numbers out of text answers (SPEC 5.5).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_int.h"
#include "hak/survey.h"
#include "hak/text.h"
#include "hak/yaml.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_TEXT (1024 * 1024)

struct ctx {
	struct hak_yaml_doc *doc;
	struct hak_err *err;
	struct hak_survey_def *d;
};

#define fail(c, n, ...) hak_yaml_fail((c)->doc, (n), (c)->err, __VA_ARGS__)

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

/*
 * The form in which answers and map spellings are compared: NFC, white
 * space removed, ASCII letters in lower case.  Appended to out.
 */
static void
norm_into(const char *s, struct hak_buf *out)
{
	char *nfc = NULL;
	const unsigned char *p;

	if (!hak_text_ascii(s, strlen(s)) && (nfc = hak_text_nfc(s)))
		s = nfc;
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			continue;
		/* U+3000 IDEOGRAPHIC SPACE, U+00A0 NO-BREAK SPACE */
		if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
			p += 2;
			continue;
		}
		if (p[0] == 0xc2 && p[1] == 0xa0) {
			p += 1;
			continue;
		}
		hak_buf_addch(out, *p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	}
	free(nfc);
}

static char *
norm(const char *s)
{
	struct hak_buf b = HAK_BUF_INIT;

	norm_into(s, &b);
	return hak_buf_detach(&b, NULL);
}

static int
item(struct ctx *c, const struct hak_yaml_node *seq, size_t k,
	const struct hak_yaml_node **out)
{
	return hak_yaml_item(c->doc, seq, k, out, c->err);
}

static int
scalar(struct ctx *c, const struct hak_yaml_node *n, const char *what,
	const char **out)
{
	if (n->type != HAK_YAML_SCALAR || hak_yaml_is_null(n))
		return fail(c, n, "%s: expected a string, got %s", what,
			hak_yaml_kind(n));
	if (strlen(n->value) != n->len)
		return fail(c, n, "%s: contains a NUL character", what);
	if (!*n->value)
		return fail(c, n, "%s: is empty", what);
	*out = n->value;
	return HAK_OK;
}

static int
id_of(struct ctx *c, const struct hak_yaml_node *n, const char *what,
	char **out)
{
	const char *s;
	int rc;

	if ((rc = scalar(c, n, what, &s)))
		return rc;
	if (!valid_id(s))
		return fail(c, n, "%s: bad id '%s' (expected "
			"[a-z][a-z0-9_.-]{0,63})", what, s);
	*out = hak_xstrdup(s);
	return HAK_OK;
}

/* true or false (plain); YAML 1.1's yes/no are not taken for booleans. */
static int
boolean(struct ctx *c, const struct hak_yaml_node *n, const char *what,
	bool *out)
{
	if (n->type == HAK_YAML_SCALAR && n->style == HAK_YAML_PLAIN) {
		if (!strcmp(n->value, "true")) {
			*out = true;
			return HAK_OK;
		}
		if (!strcmp(n->value, "false")) {
			*out = false;
			return HAK_OK;
		}
	}
	return fail(c, n, "%s: expected true or false, got %s%s%s%s", what,
		n->type == HAK_YAML_SCALAR ? "'" : "",
		n->type == HAK_YAML_SCALAR ? n->value : hak_yaml_kind(n),
		n->type == HAK_YAML_SCALAR ? "'" : "", "");
}

/* A string, or a list of strings (at least one), into sv. */
static int
one_or_list(struct ctx *c, const struct hak_yaml_node *n, const char *what,
	struct hak_strv *sv)
{
	const struct hak_yaml_node *e;
	const char *s;
	size_t k;
	int rc;

	if (n->type == HAK_YAML_SCALAR) {
		if ((rc = scalar(c, n, what, &s)))
			return rc;
		hak_strv_push(sv, s);
		return HAK_OK;
	}
	if (n->type != HAK_YAML_SEQUENCE)
		return fail(c, n, "%s: expected a string or a list of strings, "
			"got %s", what, hak_yaml_kind(n));
	if (!n->n)
		return fail(c, n, "%s: the list is empty", what);
	for (k = 0; k < n->n; k++) {
		if ((rc = item(c, n, k, &e)) || (rc = scalar(c, e, what, &s)))
			return rc;
		hak_strv_push(sv, s);
	}
	return HAK_OK;
}

/* The values of a mapping's keys; unknown keys are errors. */
static int
pick(struct ctx *c, const struct hak_yaml_node *map, const char *what,
	const char *const *keys, size_t nkeys,
	const struct hak_yaml_node **vals)
{
	const struct hak_yaml_node *k, *v;
	struct hak_buf allowed = HAK_BUF_INIT;
	size_t i, j;
	int rc;

	if (map->type != HAK_YAML_MAPPING)
		return fail(c, map, "%s: expected a mapping, got %s", what,
			hak_yaml_kind(map));
	for (i = 0; i < nkeys; i++)
		vals[i] = NULL;
	for (j = 0; j < map->n; j++) {
		if ((rc = hak_yaml_pair(c->doc, map, j, &k, &v, c->err)))
			return rc;
		if (k->type != HAK_YAML_SCALAR)
			return fail(c, k, "%s: expected a string as key, got "
				"%s", what, hak_yaml_kind(k));
		for (i = 0; i < nkeys && strcmp(k->value, keys[i]); i++)
			;
		if (i == nkeys) {
			for (i = 0; i < nkeys; i++)
				hak_buf_addf(&allowed, "%s%s", i ? ", " : "",
					keys[i]);
			rc = fail(c, k, "%s: unknown key '%s' (allowed: %s)",
				what, k->value, allowed.buf);
			hak_buf_release(&allowed);
			return rc;
		}
		vals[i] = v;
	}
	return HAK_OK;
}

static void
add_word(struct hak_survey_scale *s, const char *text, int value)
{
	s->words = hak_xreallocarray(s->words, s->nwords + 1,
		sizeof(*s->words));
	s->words[s->nwords].text = norm(text);
	s->words[s->nwords].value = value;
	s->nwords++;
}

static int
cmp_word(const void *a, const void *b)
{
	return strcmp(((const struct hak_survey_word *)a)->text,
		((const struct hak_survey_word *)b)->text);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned
fnv(const char *p, size_t n)
{
	unsigned h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 16777619u;
	return h;
}

/* The open hash of the words, at most half full. */
static void
word_hash(struct hak_survey_scale *s)
{
	size_t size = 8, i, k;

	while (size < 2 * s->nwords + 2)
		size *= 2;
	s->hash = hak_xcalloc(size, sizeof(*s->hash));
	s->hmask = size - 1;
	for (i = 0; i < s->nwords; i++) {
		k = fnv(s->words[i].text, strlen(s->words[i].text)) & s->hmask;
		while (s->hash[k])
			k = (k + 1) & s->hmask;
		s->hash[k] = (unsigned)i + 1;
	}
}

/* The word spelled key[0..n) whose fnv() is h, or NULL. */
static const struct hak_survey_word *
word_find_h(const struct hak_survey_scale *s, const char *key, size_t n,
	unsigned h)
{
	const struct hak_survey_word *w;
	size_t k;

	if (!s->hash)
		return NULL;
	for (k = h & s->hmask; s->hash[k]; k = (k + 1) & s->hmask) {
		w = &s->words[s->hash[k] - 1];
		if (!memcmp(w->text, key, n) && !w->text[n])
			return w;
	}
	return NULL;
}

static const struct hak_survey_word *
word_find(const struct hak_survey_scale *s, const char *key, size_t n)
{
	return word_find_h(s, key, n, fnv(key, n));
}

/* Sort the words; the same spelling for two values is an error. */
static int
words_done(struct ctx *c, const struct hak_yaml_node *n,
	struct hak_survey_scale *s)
{
	size_t i, j;

	if (s->nwords)
		qsort(s->words, s->nwords, sizeof(*s->words), cmp_word);
	for (i = j = 0; i < s->nwords; i++) {
		if (j && !strcmp(s->words[j - 1].text, s->words[i].text)) {
			if (s->words[j - 1].value != s->words[i].value)
				return fail(c, n, "scales: %s: '%s' means both "
					"%d and %d", s->name, s->words[i].text,
					s->words[j - 1].value,
					s->words[i].value);
			free(s->words[i].text);
			continue;
		}
		s->words[j++] = s->words[i];
	}
	s->nwords = j;
	word_hash(s);
	for (i = 0; i < s->na.n; i++)
		hak_strv_push_owned(&s->nawords, norm(s->na.v[i]));
	if (s->nawords.n)
		qsort(s->nawords.v, s->nawords.n, sizeof(char *), cmp_str);
	for (i = 0; i < s->nawords.n; i++) {
		struct hak_survey_word key = { s->nawords.v[i], 0 };

		if (s->nwords && bsearch(&key, s->words, s->nwords,
			sizeof(*s->words), cmp_word))
			return fail(c, n, "scales: %s: na label '%s' is also "
				"an answer", s->name, s->na.v[i]);
	}
	return HAK_OK;
}

static int
do_aliases(struct ctx *c, const struct hak_yaml_node *n,
	struct hak_survey_scale *s)
{
	const struct hak_yaml_node *k, *v;
	struct hak_strv sv = HAK_STRV_INIT;
	char what[128];
	long val;
	size_t j, i;
	int rc;

	if (n->type != HAK_YAML_MAPPING)
		return fail(c, n, "scales: %s: aliases: expected a mapping of "
			"values to spellings, got %s", s->name,
			hak_yaml_kind(n));
	snprintf(what, sizeof(what), "scales: %s: aliases", s->name);
	for (j = 0; j < n->n; j++) {
		if ((rc = hak_yaml_pair(c->doc, n, j, &k, &v, c->err)) ||
			(rc = hak_yaml_int(c->doc, k, what, 1, s->points, &val,
			c->err)) || (rc = one_or_list(c, v, what, &sv))) {
			hak_strv_clear(&sv);
			return rc;
		}
		for (i = 0; i < sv.n; i++)
			add_word(s, sv.v[i], (int)val);
		hak_strv_clear(&sv);
	}
	return HAK_OK;
}

static int
do_scale(struct ctx *c, const struct hak_yaml_node *kn,
	const struct hak_yaml_node *n, struct hak_survey_scale *s)
{
	static const char *const keys[] = { "type", "points", "labels", "na",
		"aliases", "yes", "no" };
	enum { TYPE, POINTS, LABELS, NA, ALIASES, YES, NO };
	const struct hak_yaml_node *v[N(keys)];
	struct hak_strv no = HAK_STRV_INIT;
	char what[128];
	const char *t;
	long points;
	size_t i, nyes;
	int rc;

	if ((rc = id_of(c, kn, "scales", &s->name)))
		return rc;
	snprintf(what, sizeof(what), "scales: %s", s->name);
	if ((rc = pick(c, n, what, keys, N(keys), v)))
		return rc;
	s->type = HAK_SURVEY_SCALE;
	if (v[TYPE]) {
		if ((rc = scalar(c, v[TYPE], what, &t)))
			return rc;
		if (!strcmp(t, "yesno"))
			s->type = HAK_SURVEY_YESNO;
		else if (strcmp(t, "scale"))
			return fail(c, v[TYPE], "%s: type: '%s' is not scale "
				"or yesno", what, t);
	}
	if (v[NA] && (rc = one_or_list(c, v[NA], what, &s->na)))
		return rc;
	if (s->type == HAK_SURVEY_YESNO) {
		for (i = POINTS; i <= ALIASES; i++)
			if (i != NA && v[i])
				return fail(c, v[i], "%s: a yesno scale has no "
					"%s", what, keys[i]);
		if (!v[YES] || !v[NO])
			return fail(c, n, "%s: missing key '%s'", what,
				v[YES] ? "no" : "yes");
		if ((rc = one_or_list(c, v[YES], what, &s->labels)))
			return rc;
		nyes = s->labels.n;
		if ((rc = one_or_list(c, v[NO], what, &no)))
			return rc;
		for (i = 0; i < no.n; i++)
			hak_strv_push(&s->labels, no.v[i]);
		hak_strv_clear(&no);
		s->points = 2;
		for (i = 0; i < s->labels.n; i++)
			add_word(s, s->labels.v[i], i < nyes ? 1 : 0);
		return words_done(c, n, s);
	}
	if (v[YES] || v[NO])
		return fail(c, v[YES] ? v[YES] : v[NO], "%s: yes and no are "
			"for a scale of type yesno", what);
	if (v[LABELS]) {
		if (v[LABELS]->type != HAK_YAML_SEQUENCE)
			return fail(c, v[LABELS], "%s: labels: expected a "
				"list, got %s", what,
				hak_yaml_kind(v[LABELS]));
		if ((rc = one_or_list(c, v[LABELS], what, &s->labels)))
			return rc;
	}
	if (v[POINTS]) {
		if ((rc = hak_yaml_int(c->doc, v[POINTS], "points", 2,
			HAK_SURVEY_MAX_POINTS, &points, c->err)))
			return rc;
		s->points = (int)points;
		if (s->labels.n && s->labels.n != (size_t)points)
			return fail(c, v[LABELS], "%s: %zu labels for %ld "
				"points", what, s->labels.n, points);
	} else if (s->labels.n) {
		if (s->labels.n < 2 || s->labels.n > HAK_SURVEY_MAX_POINTS)
			return fail(c, v[LABELS], "%s: %zu labels (2 to %d)",
				what, s->labels.n, HAK_SURVEY_MAX_POINTS);
		s->points = (int)s->labels.n;
	} else {
		return fail(c, n, "%s: missing key 'points'", what);
	}
	for (i = 0; i < s->labels.n; i++)
		add_word(s, s->labels.v[i], (int)i + 1);
	if (v[ALIASES] && (rc = do_aliases(c, v[ALIASES], s)))
		return rc;
	return words_done(c, n, s);
}

static int
do_scales(struct ctx *c, const struct hak_yaml_node *n)
{
	const struct hak_yaml_node *k, *v;
	size_t j;
	int rc;

	if (n->type != HAK_YAML_MAPPING)
		return fail(c, n, "scales: expected a mapping of names to "
			"scales, got %s", hak_yaml_kind(n));
	c->d->scales = hak_xcalloc(n->n ? n->n : 1, sizeof(*c->d->scales));
	for (j = 0; j < n->n; j++) {
		if ((rc = hak_yaml_pair(c->doc, n, j, &k, &v, c->err)))
			return rc;
		c->d->nscales++;
		if ((rc = do_scale(c, k, v, &c->d->scales[j])))
			return rc;
	}
	return HAK_OK;
}

/* Every header named so far, for "a header that two columns match". */
static int
header_twice(struct ctx *c, const struct hak_yaml_node *n, const char *h,
	const char *owner)
{
	const struct hak_survey_def *d = c->d;
	size_t i, k;

	for (i = 0; i < d->nfields; i++)
		for (k = 0; k < d->fields[i].headers.n; k++)
			if (!strcasecmp(d->fields[i].headers.v[k], h))
				return fail(c, n, "%s: header '%s' is also "
					"field %s's", owner, h,
					d->fields[i].name);
	for (i = 0; i < d->nquestions; i++)
		for (k = 0; k < d->questions[i].headers.n; k++)
			if (!strcasecmp(d->questions[i].headers.v[k], h))
				return fail(c, n, "%s: header '%s' is also "
					"question %s's", owner, h,
					d->questions[i].id);
	return HAK_OK;
}

/* The headers of a column (string or list), trimmed, each only once. */
static int
headers(struct ctx *c, const struct hak_yaml_node *n, const char *what,
	struct hak_strv *sv)
{
	struct hak_strv raw = HAK_STRV_INIT;
	size_t i;
	char *h;
	int rc;

	if ((rc = one_or_list(c, n, what, &raw)))
		return rc;
	for (i = 0; i < raw.n && !rc; i++) {
		h = hak_text_nfc(raw.v[i]);
		if (!h)
			h = hak_xstrdup(raw.v[i]);
		hak_text_trim(h);
		if (!*h)
			rc = fail(c, n, "%s: a blank header", what);
		else
			rc = header_twice(c, n, h, what);
		hak_strv_push_owned(sv, h);
	}
	hak_strv_clear(&raw);
	return rc;
}

static bool
name_taken(const struct hak_survey_def *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nfields; i++)
		if (!strcmp(d->fields[i].name, name))
			return true;
	for (i = 0; i < d->nquestions; i++)
		if (!strcmp(d->questions[i].id, name))
			return true;
	return false;
}

static int
do_field(struct ctx *c, const struct hak_yaml_node *kn,
	const struct hak_yaml_node *n)
{
	static const char *const keys[] = { "column", "map" };
	const struct hak_yaml_node *v[N(keys)], *k, *e;
	struct hak_survey_field *f;
	struct hak_strv sp = HAK_STRV_INIT;
	char *name = NULL;
	char what[128];
	const char *to;
	size_t j, i;
	int rc;

	if ((rc = id_of(c, kn, "fields", &name)))
		return rc;
	if (name_taken(c->d, name)) {
		rc = fail(c, kn, "fields: '%s' is named twice", name);
		free(name);
		return rc;
	}
	f = &c->d->fields[c->d->nfields++];
	f->name = name;
	snprintf(what, sizeof(what), "fields: %s", name);
	if (n->type != HAK_YAML_MAPPING)
		return headers(c, n, what, &f->headers);
	if ((rc = pick(c, n, what, keys, N(keys), v)))
		return rc;
	if (!v[0])
		return fail(c, n, "%s: missing key 'column'", what);
	if ((rc = headers(c, v[0], what, &f->headers)))
		return rc;
	if (!v[1])
		return HAK_OK;
	if (!strcmp(name, "school") || !strcmp(name, "submitted_at"))
		return fail(c, v[1], "%s: has no map", what);
	if (v[1]->type != HAK_YAML_MAPPING || !v[1]->n)
		return fail(c, v[1], "%s: map: expected a mapping of values "
			"to spellings, got %s", what, hak_yaml_kind(v[1]));
	for (j = 0; j < v[1]->n; j++) {
		if ((rc = hak_yaml_pair(c->doc, v[1], j, &k, &e, c->err)) ||
			(rc = scalar(c, k, what, &to)) ||
			(rc = one_or_list(c, e, what, &sp))) {
			hak_strv_clear(&sp);
			return rc;
		}
		/* the value itself is a spelling of it too */
		hak_strv_push_owned(&f->map_from, norm(to));
		hak_strv_push(&f->map_to, to);
		for (i = 0; i < sp.n; i++) {
			hak_strv_push_owned(&f->map_from, norm(sp.v[i]));
			hak_strv_push(&f->map_to, to);
		}
		hak_strv_clear(&sp);
	}
	for (j = 0; j < f->map_from.n; j++)
		for (i = 0; i < j; i++)
			if (!strcmp(f->map_from.v[i], f->map_from.v[j]) &&
				strcmp(f->map_to.v[i], f->map_to.v[j]))
				return fail(c, v[1], "%s: map: '%s' means both "
					"'%s' and '%s'", what,
					f->map_from.v[j], f->map_to.v[i],
					f->map_to.v[j]);
	return HAK_OK;
}

static int
do_fields(struct ctx *c, const struct hak_yaml_node *n)
{
	const struct hak_yaml_node *k, *v;
	size_t j;
	int rc;

	if (n->type != HAK_YAML_MAPPING)
		return fail(c, n, "fields: expected a mapping of names to "
			"columns, got %s", hak_yaml_kind(n));
	c->d->fields = hak_xcalloc(n->n ? n->n : 1, sizeof(*c->d->fields));
	for (j = 0; j < n->n; j++)
		if ((rc = hak_yaml_pair(c->doc, n, j, &k, &v, c->err)) ||
			(rc = do_field(c, k, v)))
			return rc;
	return HAK_OK;
}

static const struct hak_survey_scale *
scale_named(const struct hak_survey_def *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nscales; i++)
		if (!strcmp(d->scales[i].name, name))
			return &d->scales[i];
	return NULL;
}

static int
do_question(struct ctx *c, const struct hak_yaml_node *n)
{
	static const char *const keys[] = { "id", "column", "scale", "type",
		"reverse", "optional" };
	enum { ID, COLUMN, SCALE, TYPE, REVERSE, OPTIONAL };
	const struct hak_yaml_node *v[N(keys)];
	struct hak_survey_question *q;
	char *id = NULL;
	char what[128];
	const char *s;
	int rc;

	if ((rc = pick(c, n, "questions", keys, N(keys), v)))
		return rc;
	if (!v[ID])
		return fail(c, n, "questions: missing key 'id'");
	if ((rc = id_of(c, v[ID], "questions: id", &id)))
		return rc;
	if (name_taken(c->d, id)) {
		rc = fail(c, v[ID], "questions: '%s' is named twice", id);
		free(id);
		return rc;
	}
	q = &c->d->questions[c->d->nquestions++];
	q->id = id;
	q->pos = (int)c->d->nquestions - 1;
	snprintf(what, sizeof(what), "questions: %s", id);
	if (!v[COLUMN])
		return fail(c, n, "%s: missing key 'column'", what);
	if ((rc = headers(c, v[COLUMN], what, &q->headers)))
		return rc;
	if (v[OPTIONAL] && (rc = boolean(c, v[OPTIONAL], "optional",
		&q->optional)))
		return rc;
	if (v[TYPE]) {
		if ((rc = scalar(c, v[TYPE], what, &s)))
			return rc;
		if (strcmp(s, "text"))
			return fail(c, v[TYPE], "%s: type: '%s' is not text "
				"(a scale question names its scale)", what, s);
		if (v[SCALE] || v[REVERSE])
			return fail(c, v[SCALE] ? v[SCALE] : v[REVERSE], "%s: "
				"a text question has no %s", what,
				v[SCALE] ? "scale" : "reverse");
		q->type = HAK_SURVEY_TEXT;
		return HAK_OK;
	}
	if (!v[SCALE])
		return fail(c, n, "%s: missing key 'scale' (or type: text)",
			what);
	if ((rc = scalar(c, v[SCALE], what, &s)))
		return rc;
	if (!(q->scale = scale_named(c->d, s)))
		return fail(c, v[SCALE], "%s: no scale '%s'", what, s);
	q->type = q->scale->type;
	if (v[REVERSE] && (rc = boolean(c, v[REVERSE], "reverse",
		&q->reverse)))
		return rc;
	if (q->reverse && q->type != HAK_SURVEY_SCALE)
		return fail(c, v[REVERSE], "%s: a yesno question cannot be "
			"reversed", what);
	return HAK_OK;
}

static int
do_questions(struct ctx *c, const struct hak_yaml_node *n)
{
	const struct hak_yaml_node *e;
	size_t k;
	int rc;

	if (n->type != HAK_YAML_SEQUENCE)
		return fail(c, n, "questions: expected a list, got %s",
			hak_yaml_kind(n));
	if (!n->n)
		return fail(c, n, "questions: the list is empty");
	c->d->questions = hak_xcalloc(n->n, sizeof(*c->d->questions));
	for (k = 0; k < n->n; k++)
		if ((rc = item(c, n, k, &e)) || (rc = do_question(c, e)))
			return rc;
	c->d->npos = (int)c->d->nquestions;
	return HAK_OK;
}

static int
do_def(struct ctx *c, const struct hak_yaml_node *root)
{
	static const char *const keys[] = { "code", "title", "project",
		"population", "unknown_school", "scales", "fields",
		"questions" };
	enum { CODE, TITLE, PROJECT, POPULATION, UNKNOWN, SCALES, FIELDS,
		QUESTIONS };
	const struct hak_yaml_node *v[N(keys)];
	struct hak_survey_def *d = c->d;
	const char *s;
	long pop;
	size_t i;
	int rc;

	if (!root)
		return hak_yaml_fail_at(c->doc, 1, 1, c->err, "the definition "
			"is empty");
	if ((rc = pick(c, root, "definition", keys, N(keys), v)))
		return rc;
	for (i = 0; i < N(keys); i++)
		if (!v[i] && (i == CODE || i == TITLE || i == QUESTIONS))
			return fail(c, root, "missing key '%s'", keys[i]);
	if ((rc = id_of(c, v[CODE], "code", &d->code)) ||
		(rc = scalar(c, v[TITLE], "title", &s)))
		return rc;
	d->title = hak_xstrdup(s);
	if (v[PROJECT] && !hak_yaml_is_null(v[PROJECT])) {
		if ((rc = scalar(c, v[PROJECT], "project", &s)))
			return rc;
		d->project = hak_xstrdup(s);
	}
	if (v[POPULATION] && !hak_yaml_is_null(v[POPULATION])) {
		if ((rc = hak_yaml_int(c->doc, v[POPULATION], "population", 1,
			2000000000L, &pop, c->err)))
			return rc;
		d->population = pop;
	}
	if (v[UNKNOWN]) {
		if ((rc = scalar(c, v[UNKNOWN], "unknown_school", &s)))
			return rc;
		if (!strcmp(s, "missing"))
			d->unknown_school_missing = true;
		else if (strcmp(s, "error"))
			return fail(c, v[UNKNOWN], "unknown_school: '%s' is "
				"not error or missing", s);
	}
	if (v[SCALES] && !hak_yaml_is_null(v[SCALES]) &&
		(rc = do_scales(c, v[SCALES])))
		return rc;
	if (v[FIELDS] && !hak_yaml_is_null(v[FIELDS]) &&
		(rc = do_fields(c, v[FIELDS])))
		return rc;
	return do_questions(c, v[QUESTIONS]);
}

int
hak_survey_def_parse(const char *text, size_t len, const char *name,
	struct hak_survey_def **out, struct hak_err *err)
{
	struct ctx c = { NULL, err, NULL };
	int rc;

	*out = NULL;
	if (len > MAX_TEXT)
		return hak_err_set(err, HAK_EDATA, "%s: the definition is "
			"over 1 MiB", name);
	if ((rc = hak_yaml_parse(text, len, name, HAK_EDATA, &c.doc, err)))
		return rc;
	c.d = hak_xcalloc(1, sizeof(*c.d));
	rc = do_def(&c, hak_yaml_root(c.doc));
	hak_yaml_free(c.doc);
	if (rc) {
		hak_survey_def_free(c.d);
		return rc;
	}
	*out = c.d;
	return HAK_OK;
}

void
hak_survey_def_free(struct hak_survey_def *d)
{
	size_t i, k;

	if (!d)
		return;
	free(d->code);
	free(d->title);
	free(d->project);
	for (i = 0; i < d->nscales; i++) {
		struct hak_survey_scale *s = &d->scales[i];

		free(s->name);
		hak_strv_clear(&s->labels);
		hak_strv_clear(&s->na);
		for (k = 0; k < s->nwords; k++)
			free(s->words[k].text);
		free(s->words);
		hak_strv_clear(&s->nawords);
		free(s->hash);
	}
	free(d->scales);
	for (i = 0; i < d->nquestions; i++) {
		free(d->questions[i].id);
		hak_strv_clear(&d->questions[i].headers);
	}
	free(d->questions);
	for (i = 0; i < d->nfields; i++) {
		free(d->fields[i].name);
		hak_strv_clear(&d->fields[i].headers);
		hak_strv_clear(&d->fields[i].map_to);
		hak_strv_clear(&d->fields[i].map_from);
	}
	free(d->fields);
	free(d);
}

const struct hak_survey_question *
hak_survey_question_find(const struct hak_survey_def *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->nquestions; i++)
		if (!strcmp(d->questions[i].id, id))
			return &d->questions[i];
	return NULL;
}

int
hak_survey_load(struct hak_db *db, const char *code,
	struct hak_survey_def **out, struct hak_err *err)
{
	static const char sql_def[] = "SELECT definition, npos FROM surveys "
		"WHERE code = ?";
	static const char sql_q[] = "SELECT id, pos FROM survey_questions "
		"WHERE survey = ?";
	struct hak_survey_def *d = NULL;
	struct hak_survey_question *q;
	sqlite3_stmt *st;
	const char *text;
	char *copy = NULL, *name = NULL;
	long npos = 0;
	int rc, src;

	*out = NULL;
	if ((rc = hak_db_stmt(db, sql_def, &st, err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		return rc;
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		text = (const char *)sqlite3_column_text(st, 0);
		copy = hak_xstrdup(text ? text : "");
		npos = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (src == SQLITE_DONE)
		return hak_err_set(err, HAK_ENOMATCH, "no survey '%s'", code);
	if (src != SQLITE_ROW)
		return hak_db_fail(db, src, err);
	name = hak_xasprintf("survey %s", code);
	rc = hak_survey_def_parse(copy, strlen(copy), name, &d, err);
	free(copy);
	free(name);
	if (rc)
		return rc;
	d->npos = (int)npos;
	for (size_t i = 0; i < d->nquestions; i++)
		d->questions[i].pos = -1;
	if ((rc = hak_db_stmt(db, sql_q, &st, err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(st, 1, code), err)))
		goto fail;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		q = (struct hak_survey_question *)hak_survey_question_find(d,
			(const char *)sqlite3_column_text(st, 0));
		if (q)
			q->pos = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (src != SQLITE_DONE) {
		rc = hak_db_fail(db, src, err);
		goto fail;
	}
	for (size_t i = 0; i < d->nquestions; i++)
		if (d->questions[i].pos < 0 || d->questions[i].pos >= d->npos) {
			rc = hak_err_set(err, HAK_EBUG, "survey '%s': question "
				"'%s' has no stored pos", code,
				d->questions[i].id);
			goto fail;
		}
	*out = d;
	return HAK_OK;
fail:
	hak_survey_def_free(d);
	return rc;
}

/* --- answers --- */

/* A number 1..20 as answered: 5, 5.0, 5.00, 5점, ⑤; 0 when not one. */
static int
number(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int v = 0, digits = 0;

	/* ① U+2460 .. ⑳ U+2473: e2 91 a0 .. e2 91 b3 */
	if (p[0] == 0xe2 && p[1] == 0x91 && p[2] >= 0xa0 && p[2] <= 0xb3 &&
		!p[3])
		return p[2] - 0xa0 + 1;
	while (*p >= '0' && *p <= '9' && digits < 3) {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	if (!digits)
		return 0;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p == '0')
			p++;
	}
	/* 점 U+C810: ec a0 90 */
	if (p[0] == 0xec && p[1] == 0xa0 && p[2] == 0x90)
		p += 3;
	return *p ? 0 : v;
}

static int
cmp_key_str(const void *k, const void *s)
{
	return strcmp(k, *(char *const *)s);
}

enum hak_survey_answer
hak_survey_answer_parse(const struct hak_survey_scale *s, const char *cell,
	int *value)
{
	char small[256];
	struct hak_buf b = HAK_BUF_INIT;
	const struct hak_survey_word *w;
	const unsigned char *p;
	enum hak_survey_answer res = HAK_SURVEY_A_INVALID;
	const char *key;
	size_t n = 0;
	unsigned h = 2166136261u;
	bool ascii = true, big = false;
	int v;

	*value = 0;
	if (!cell)
		return HAK_SURVEY_A_MISSING;
	/* the fast path: spaces removed, ASCII folded, in a stack buffer */
	for (p = (const unsigned char *)cell; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			continue;
		if (*p >= 0x80)
			ascii = false;
		if (n + 1 >= sizeof(small)) {
			big = true;
			break;
		}
		small[n] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		h = (h ^ (unsigned char)small[n]) * 16777619u;
		n++;
	}
	small[n] = '\0';
	key = small;
	if (big) {
		norm_into(cell, &b);
		key = b.buf;
	}
	if (!*key && ascii) {
		res = HAK_SURVEY_A_MISSING;
		goto out;
	}
	if ((w = key == small ? word_find_h(s, key, n, h) :
		word_find(s, key, strlen(key)))) {
		*value = w->value;
		res = HAK_SURVEY_A_VALUE;
		goto out;
	}
	/* cells from imports are NFC already: only a miss pays for NFC and
	 * the other spaces (U+3000, U+00A0) */
	if (!ascii && !big) {
		norm_into(cell, &b);
		key = b.buf;
		if (!*key) {
			res = HAK_SURVEY_A_MISSING;
			goto out;
		}
		if ((w = word_find(s, key, strlen(key)))) {
			*value = w->value;
			res = HAK_SURVEY_A_VALUE;
			goto out;
		}
	}
	if (s->nawords.n && bsearch(key, s->nawords.v, s->nawords.n,
		sizeof(char *), cmp_key_str)) {
		res = HAK_SURVEY_A_NA;
		goto out;
	}
	/* the words `responses` prints: yes and no, na */
	if (s->type == HAK_SURVEY_YESNO && (!strcmp(key, "yes") ||
		!strcmp(key, "no"))) {
		*value = key[0] == 'y';
		res = HAK_SURVEY_A_VALUE;
		goto out;
	}
	if (s->nawords.n && !strcmp(key, "na")) {
		res = HAK_SURVEY_A_NA;
		goto out;
	}
	if (s->type == HAK_SURVEY_SCALE && (v = number(key)) >= 1 &&
		v <= s->points) {
		*value = v;
		res = HAK_SURVEY_A_VALUE;
	}
out:
	hak_buf_release(&b);
	return res;
}

/* --- scrubbing text answers (SPEC 5.5) --- */

static bool
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static bool
email_local(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		is_digit(ch) || (ch && strchr("._%+-!#$&'*/=?^`{|}~", ch));
}

static bool
email_domain(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		is_digit(ch) || ch == '-' || ch == '.';
}

/*
 * An e-mail address around the '@' at s[at]: *from and *to (exclusive)
 * when there is one (a local part, a domain with a dot).
 */
static bool
email_at(const char *s, size_t at, size_t *from, size_t *to)
{
	size_t a = at, b = at + 1, dot = 0;

	while (a > 0 && email_local((unsigned char)s[a - 1]))
		a--;
	if (a == at)
		return false;
	while (email_domain((unsigned char)s[b]))
		b++;
	/* a sentence's full stop is not the domain's */
	while (b > at + 1 && (s[b - 1] == '.' || s[b - 1] == '-'))
		b--;
	for (size_t k = at + 2; k + 1 < b; k++)
		if (s[k] == '.')
			dot = k;
	if (!dot)
		return false;
	*from = a;
	*to = b;
	return true;
}

/*
 * A phone number starting at s[i] (not preceded by a digit): digits with
 * single separators (-, ., space) or a +82 prefix, 9 to 13 digits, starting
 * 0 (or +82), ending at a non-digit.  *len the bytes it spans.
 */
static bool
phone_at(const char *s, size_t i, size_t *len)
{
	size_t j = i, digits = 0, groups = 1;

	if (s[j] == '+') {
		if (s[j + 1] != '8' || s[j + 2] != '2')
			return false;
		j += 3;
		digits = 1;	/* +82 stands for the leading 0 */
		if (s[j] == ' ' || s[j] == '-' || s[j] == '.')
			j++;
		else if (s[j] == '(' || s[j] == ')')
			j++;
		if (s[j] == '0')
			j++;
		if (!is_digit((unsigned char)s[j]))
			return false;
	} else if (s[j] != '0') {
		return false;
	}
	for (;;) {
		if (is_digit((unsigned char)s[j])) {
			digits++;
			j++;
			continue;
		}
		if ((s[j] == '-' || s[j] == '.' || s[j] == ' ' ||
			s[j] == ')') && is_digit((unsigned char)s[j + 1]) &&
			is_digit((unsigned char)s[j - 1])) {
			groups++;
			j++;
			continue;
		}
		break;
	}
	if (digits < 9 || digits > 13 || groups > 4)
		return false;
	/* a lone run of digits is a phone number only as a mobile or
	 * area number: 0 then 1x or 2-6x */
	if (groups == 1 && s[i] == '0' && !(s[i + 1] >= '1' && s[i + 1] <= '6'))
		return false;
	*len = j - i;
	return true;
}

void
hak_survey_scrub(const char *s, struct hak_buf *out)
{
	struct hak_buf t = HAK_BUF_INIT;
	size_t i, done, from, to, len;

	/* e-mail addresses first: their digits are no phone numbers */
	for (i = done = 0; s[i]; i++) {
		if (s[i] != '@' || i < done || !email_at(s, i, &from, &to) ||
			from < done)
			continue;
		hak_buf_add(&t, s + done, from - done);
		hak_buf_adds(&t, "[email]");
		done = to;
		i = to - 1;
	}
	hak_buf_adds(&t, s + done);
	for (i = 0; i < t.len;) {
		if ((t.buf[i] == '+' || t.buf[i] == '0') &&
			(i == 0 || !is_digit((unsigned char)t.buf[i - 1])) &&
			phone_at(t.buf, i, &len)) {
			hak_buf_adds(out, "[phone]");
			i += len;
			continue;
		}
		hak_buf_addch(out, t.buf[i]);
		i++;
	}
	hak_buf_release(&t);
}
