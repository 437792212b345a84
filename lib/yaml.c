/* SPDX-License-Identifier: MIT */
/* A YAML document reader over libyaml's event parser (see hak/yaml.h). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "hak/buf.h"
#include "hak/yaml.h"
#include "banned.h"

struct anchor {
	char *name;
	struct hak_yaml_node *node;
};

struct frame {			/* an open collection while parsing */
	struct hak_yaml_node *node;
	size_t nkids, alloc;
};

struct hak_yaml_doc {
	char *name;
	int code;
	size_t visits;
	struct hak_yaml_node *root;
	struct hak_yaml_node **all;	/* every node, for hak_yaml_free */
	size_t nall, aall;
	struct anchor *anchors;
	size_t nanchors, aanchors;
};

struct builder {
	struct hak_yaml_doc *doc;
	struct hak_err *err;
	struct frame stack[HAK_YAML_MAX_DEPTH + 1];
	size_t depth, nodes, aliases, docs;
};

/* ---- Errors ---- */

static int
vfail_at(const struct hak_yaml_doc *doc, size_t line, size_t column,
	struct hak_err *err, const char *fmt, va_list ap)
{
	hak_err_vset(err, doc->code, fmt, ap);
	hak_err_where(err, doc->name, (long)line, (long)column);
	return doc->code;
}

int
hak_yaml_fail_at(const struct hak_yaml_doc *doc, size_t line, size_t column,
	struct hak_err *err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail_at(doc, line, column, err, fmt, ap);
	va_end(ap);
	return rc;
}

int
hak_yaml_fail(const struct hak_yaml_doc *doc, const struct hak_yaml_node *n,
	struct hak_err *err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail_at(doc, n->line, n->column, err, fmt, ap);
	va_end(ap);
	return rc;
}

static int
fail_event(struct builder *b, const yaml_event_t *ev, const char *msg)
{
	return hak_yaml_fail_at(b->doc, ev->start_mark.line + 1,
	    ev->start_mark.column + 1, b->err, "%s", msg);
}

/* libyaml's reader reports a byte offset, not a mark: count characters. */
static void
offset_mark(const char *text, size_t len, size_t off, size_t *line,
	size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

static int
syntax_error(struct builder *b, yaml_parser_t *p, const char *text,
	size_t len)
{
	size_t line = p->problem_mark.line + 1;
	size_t col = p->problem_mark.column + 1;

	if (p->error == YAML_MEMORY_ERROR)
		return hak_err_set(b->err, HAK_EOS, "%s: out of memory",
		    b->doc->name);
	if (p->error == YAML_READER_ERROR)
		offset_mark(text, len, p->problem_offset, &line, &col);
	return hak_yaml_fail_at(b->doc, line, col, b->err,
	    "yaml syntax error: %s%s%s%s",
	    p->problem ? p->problem : "unknown problem",
	    p->context ? " (" : "", p->context ? p->context : "",
	    p->context ? ")" : "");
}

/* ---- Building the tree ---- */

static struct hak_yaml_node *
new_node(struct builder *b, enum hak_yaml_type type, const yaml_event_t *ev,
	const yaml_char_t *tag)
{
	struct hak_yaml_doc *d = b->doc;
	struct hak_yaml_node *n = hak_xcalloc(1, sizeof(*n));

	n->type = type;
	n->line = ev->start_mark.line + 1;
	n->column = ev->start_mark.column + 1;
	n->tag = tag ? hak_xstrdup((const char *)tag) : NULL;
	HAK_ALLOC_GROW(d->all, d->nall + 1, d->aall);
	d->all[d->nall++] = n;
	return n;
}

static void
add_anchor(struct builder *b, const yaml_char_t *name,
	struct hak_yaml_node *n)
{
	struct hak_yaml_doc *d = b->doc;

	if (!name)
		return;
	HAK_ALLOC_GROW(d->anchors, d->nanchors + 1, d->aanchors);
	d->anchors[d->nanchors].name = hak_xstrdup((const char *)name);
	d->anchors[d->nanchors].node = n;
	d->nanchors++;
}

/* The latest node with that anchor (a later anchor overrides). */
static struct hak_yaml_node *
find_anchor(const struct hak_yaml_doc *d, const char *name)
{
	size_t i;

	for (i = d->nanchors; i-- > 0;)
		if (!strcmp(d->anchors[i].name, name))
			return d->anchors[i].node;
	return NULL;
}

/* Attach n to the open collection, or make it the root. */
static void
attach(struct builder *b, struct hak_yaml_node *n)
{
	struct frame *f;
	struct hak_yaml_node *p;

	if (!b->depth) {
		b->doc->root = n;
		return;
	}
	f = &b->stack[b->depth - 1];
	p = f->node;
	HAK_ALLOC_GROW(p->kids, f->nkids + 1, f->alloc);
	p->kids[f->nkids++] = n;
	if (p->type == HAK_YAML_SEQUENCE || f->nkids % 2 == 0)
		p->n++;
}

static int
count_node(struct builder *b, const yaml_event_t *ev)
{
	if (++b->nodes > HAK_YAML_MAX_NODES)
		return fail_event(b, ev, "too many nodes (more than 100000)");
	return HAK_OK;
}

static int
on_scalar(struct builder *b, const yaml_event_t *ev)
{
	static const enum hak_yaml_style styles[] = {
		[YAML_PLAIN_SCALAR_STYLE] = HAK_YAML_PLAIN,
		[YAML_SINGLE_QUOTED_SCALAR_STYLE] = HAK_YAML_SINGLE,
		[YAML_DOUBLE_QUOTED_SCALAR_STYLE] = HAK_YAML_DOUBLE,
		[YAML_LITERAL_SCALAR_STYLE] = HAK_YAML_LITERAL,
		[YAML_FOLDED_SCALAR_STYLE] = HAK_YAML_FOLDED,
	};
	struct hak_yaml_node *n;
	char *v;
	int rc;

	if ((rc = count_node(b, ev)))
		return rc;
	n = new_node(b, HAK_YAML_SCALAR, ev, ev->data.scalar.tag);
	if ((size_t)ev->data.scalar.style < sizeof(styles) / sizeof(*styles))
		n->style = styles[ev->data.scalar.style];
	n->len = ev->data.scalar.length;
	v = hak_xmalloc(n->len + 1);
	memcpy(v, ev->data.scalar.value, n->len);
	v[n->len] = '\0';
	n->value = v;
	add_anchor(b, ev->data.scalar.anchor, n);
	attach(b, n);
	return HAK_OK;
}

static int
on_start(struct builder *b, const yaml_event_t *ev, enum hak_yaml_type type)
{
	struct hak_yaml_node *n;
	const yaml_char_t *anchor, *tag;
	bool flow;
	int rc;

	if (b->depth >= HAK_YAML_MAX_DEPTH)
		return fail_event(b, ev, "nested too deeply");
	if ((rc = count_node(b, ev)))
		return rc;
	if (type == HAK_YAML_SEQUENCE) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		flow = ev->data.sequence_start.style ==
		    YAML_FLOW_SEQUENCE_STYLE;
	} else {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		flow = ev->data.mapping_start.style ==
		    YAML_FLOW_MAPPING_STYLE;
	}
	n = new_node(b, type, ev, tag);
	n->style = flow ? HAK_YAML_FLOW : HAK_YAML_PLAIN;
	add_anchor(b, anchor, n);
	attach(b, n);
	b->stack[b->depth].node = n;
	b->stack[b->depth].nkids = 0;
	b->stack[b->depth].alloc = 0;
	b->depth++;
	return HAK_OK;
}

static int
on_alias(struct builder *b, const yaml_event_t *ev)
{
	struct hak_yaml_node *n;

	if (++b->aliases > HAK_YAML_MAX_ALIASES)
		return fail_event(b, ev, "too many aliases (more than 1000)");
	n = find_anchor(b->doc, (const char *)ev->data.alias.anchor);
	if (!n)
		return fail_event(b, ev, "yaml syntax error: found undefined "
		    "alias");
	attach(b, n);
	return HAK_OK;
}

struct key {
	const struct hak_yaml_node *node;
	size_t pos;
};

static int
same_scalar(const struct hak_yaml_node *x, const struct hak_yaml_node *y)
{
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->value, y->value, x->len);
}

static int
cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = same_scalar(x->node, y->node);

	if (c)
		return c;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/*
 * Refuse the first repeated scalar key in document order: sorted by
 * (value, position), a key equal to the one before it is a repeat, and
 * the repeat with the smallest position is reported.
 */
static int
check_keys(struct builder *b, const struct hak_yaml_node *map)
{
	struct key *v;
	const struct key *dup = NULL;
	size_t i, m = 0;
	int rc = HAK_OK;

	v = hak_xcalloc(map->n ? map->n : 1, sizeof(*v));
	for (i = 0; i < map->n; i++) {
		if (map->kids[2 * i]->type != HAK_YAML_SCALAR)
			continue;
		v[m].node = map->kids[2 * i];
		v[m++].pos = i;
	}
	qsort(v, m, sizeof(*v), cmp_key);
	for (i = 1; i < m; i++)
		if (!same_scalar(v[i - 1].node, v[i].node) &&
		    (!dup || v[i].pos < dup->pos))
			dup = &v[i];
	if (dup)
		rc = hak_yaml_fail(b->doc, dup->node, b->err,
		    "duplicate key '%s'", dup->node->value);
	free(v);
	return rc;
}

static int
on_end(struct builder *b)
{
	const struct hak_yaml_node *n = b->stack[--b->depth].node;

	return n->type == HAK_YAML_MAPPING ? check_keys(b, n) : HAK_OK;
}

static int
on_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1)
			return fail_event(b, ev, "more than one yaml document");
		return HAK_OK;
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(b, ev, HAK_YAML_SEQUENCE);
	case YAML_MAPPING_START_EVENT:
		return on_start(b, ev, HAK_YAML_MAPPING);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(b);
	case YAML_ALIAS_EVENT:
		return on_alias(b, ev);
	default:
		return HAK_OK;
	}
}

static int
build(struct builder *b, const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	bool done = false;
	int rc = HAK_OK;

	if (!yaml_parser_initialize(&p))
		return hak_err_set(b->err, HAK_EOS, "out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done && rc == HAK_OK) {
		if (!yaml_parser_parse(&p, &ev)) {
			rc = syntax_error(b, &p, text, len);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return rc;
}

int
hak_yaml_parse(const char *text, size_t len, const char *name, int code,
	struct hak_yaml_doc **docp, struct hak_err *err)
{
	struct builder *b;
	struct hak_yaml_doc *d;
	int rc;

	*docp = NULL;
	d = hak_xcalloc(1, sizeof(*d));
	d->name = hak_xstrdup(name ? name : "yaml");
	d->code = code;
	b = hak_xcalloc(1, sizeof(*b));
	b->doc = d;
	b->err = err;
	rc = build(b, text ? text : "", text ? len : 0);
	free(b);
	if (rc) {
		hak_yaml_free(d);
		return rc;
	}
	*docp = d;
	return HAK_OK;
}

void
hak_yaml_free(struct hak_yaml_doc *doc)
{
	size_t i;

	if (!doc)
		return;
	for (i = 0; i < doc->nall; i++) {
		free((char *)doc->all[i]->value);
		free((char *)doc->all[i]->tag);
		free(doc->all[i]->kids);
		free(doc->all[i]);
	}
	for (i = 0; i < doc->nanchors; i++)
		free(doc->anchors[i].name);
	free(doc->anchors);
	free(doc->all);
	free(doc->name);
	free(doc);
}

const struct hak_yaml_node *
hak_yaml_root(const struct hak_yaml_doc *doc)
{
	return doc->root;
}

/* ---- Walking ---- */

static int
visit(struct hak_yaml_doc *doc, const struct hak_yaml_node *n,
	struct hak_err *err)
{
	if (++doc->visits > HAK_YAML_MAX_NODES)
		return hak_yaml_fail(doc, n, err, "too many nodes after alias "
		    "expansion (more than %d)", HAK_YAML_MAX_NODES);
	return HAK_OK;
}

int
hak_yaml_item(struct hak_yaml_doc *doc, const struct hak_yaml_node *seq,
	size_t i, const struct hak_yaml_node **out, struct hak_err *err)
{
	if (seq->type != HAK_YAML_SEQUENCE || i >= seq->n)
		return hak_err_set(err, HAK_EBUG, "yaml item %zu out of range",
		    i);
	*out = seq->kids[i];
	return visit(doc, *out, err);
}

int
hak_yaml_pair(struct hak_yaml_doc *doc, const struct hak_yaml_node *map,
	size_t i, const struct hak_yaml_node **key,
	const struct hak_yaml_node **val, struct hak_err *err)
{
	int rc;

	if (map->type != HAK_YAML_MAPPING || i >= map->n)
		return hak_err_set(err, HAK_EBUG, "yaml pair %zu out of range",
		    i);
	*key = map->kids[2 * i];
	*val = map->kids[2 * i + 1];
	if ((rc = visit(doc, *key, err)))
		return rc;
	return visit(doc, *val, err);
}

int
hak_yaml_lookup(struct hak_yaml_doc *doc, const struct hak_yaml_node *map,
	const char *key, const struct hak_yaml_node **val,
	struct hak_err *err)
{
	const struct hak_yaml_node *k, *v;
	size_t i;
	int rc;

	*val = NULL;
	for (i = 0; i < map->n; i++) {
		if ((rc = hak_yaml_pair(doc, map, i, &k, &v, err)))
			return rc;
		if (k->type == HAK_YAML_SCALAR && k->len == strlen(key) &&
		    !memcmp(k->value, key, k->len)) {
			*val = v;
			break;
		}
	}
	return HAK_OK;
}

bool
hak_yaml_is_null(const struct hak_yaml_node *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null",
		"NULL" };
	size_t i;

	if (n->type != HAK_YAML_SCALAR || n->style != HAK_YAML_PLAIN)
		return false;
	for (i = 0; i < sizeof(nulls) / sizeof(*nulls); i++)
		if (!strcmp(n->value, nulls[i]))
			return true;
	return false;
}

const char *
hak_yaml_kind(const struct hak_yaml_node *n)
{
	if (n->type == HAK_YAML_MAPPING)
		return "a mapping";
	if (n->type == HAK_YAML_SEQUENCE)
		return "a list";
	return hak_yaml_is_null(n) ? "null" : "a string";
}

int
hak_yaml_int(struct hak_yaml_doc *doc, const struct hak_yaml_node *n,
	const char *what, long min, long max, long *out, struct hak_err *err)
{
	const char *s = n->value;
	char *end;
	long v;

	if (n->type != HAK_YAML_SCALAR || hak_yaml_is_null(n) ||
	    n->style != HAK_YAML_PLAIN)
		return hak_yaml_fail(doc, n, err, "%s: expected an integer, "
		    "got %s", what, hak_yaml_kind(n));
	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || !strchr("+-0123456789", *s))
		return hak_yaml_fail(doc, n, err, "%s: expected an integer, "
		    "got '%s'", what, s);
	if (errno || v < min || v > max) {
		if (max >= INT_MAX)
			return hak_yaml_fail(doc, n, err, "%s: %s out of "
			    "range (at least %ld)", what, s, min);
		return hak_yaml_fail(doc, n, err, "%s: %s out of range "
		    "(%ld to %ld)", what, s, min, max);
	}
	*out = v;
	return HAK_OK;
}
