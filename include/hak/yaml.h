/* SPDX-License-Identifier: MIT */
/*
 * hak/yaml.h - a small YAML document reader (config, survey definitions).
 *
 * hak_yaml_parse reads one YAML document into a tree of nodes owned by a
 * struct hak_yaml_doc; every node pointer is borrowed from the document
 * until hak_yaml_free.  Scalars stay strings: YAML 1.1 booleans (yes, on)
 * and numbers are not converted, and the style tells a plain `yes` from a
 * quoted "yes".  Lines and columns are 1-based, columns in characters.
 *
 * Aliases are not copied: an alias is the anchored node itself, so the
 * tree is a graph and a recursive alias (`&a [*a]`) makes a cycle.  The
 * expansion is bounded lazily: children are reached only through
 * hak_yaml_item and hak_yaml_pair, which count every visit and fail past
 * HAK_YAML_MAX_NODES, so a billion-laughs file costs at most that many
 * steps and a walk through a cycle ends.  Do not follow kids directly.
 *
 * Parsing refuses: syntax errors, invalid UTF-8, more than one document,
 * more than HAK_YAML_MAX_ALIASES aliases, HAK_YAML_MAX_NODES nodes in the
 * text, nesting deeper than HAK_YAML_MAX_DEPTH, undefined aliases, and a
 * duplicate scalar key in a mapping.  Every error goes into struct hak_err
 * with where = "NAME:LINE:COLUMN" and the code given to hak_yaml_parse.
 */
#ifndef HAK_YAML_H
#define HAK_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "hak/err.h"

#define HAK_YAML_MAX_NODES	100000	/* in the text, and visits */
#define HAK_YAML_MAX_ALIASES	1000
#define HAK_YAML_MAX_DEPTH	64

enum hak_yaml_type {
	HAK_YAML_SCALAR,
	HAK_YAML_SEQUENCE,
	HAK_YAML_MAPPING
};

enum hak_yaml_style {
	HAK_YAML_PLAIN,		/* also: collections in block style */
	HAK_YAML_SINGLE,	/* 'x' */
	HAK_YAML_DOUBLE,	/* "x" */
	HAK_YAML_LITERAL,	/* |  */
	HAK_YAML_FOLDED,	/* >  */
	HAK_YAML_FLOW		/* collections in flow style: [ ] { } */
};

struct hak_yaml_node {
	enum hak_yaml_type type;
	enum hak_yaml_style style;
	const char *tag;	/* an explicit tag as resolved, else NULL */
	const char *value;	/* scalars: NUL-terminated (may hold NULs) */
	size_t len;		/* scalars: bytes in value */
	size_t n;		/* items of a sequence, pairs of a mapping */
	size_t line, column;	/* where the node (or its anchor) starts */
	struct hak_yaml_node **kids;	/* private: mappings key,value,... */
};

struct hak_yaml_doc;

/*
 * Parse text[0..len) (NAME names it in errors) into *docp (the caller's,
 * free with hak_yaml_free).  Errors use code (e.g. HAK_ECONFIG, HAK_EDATA);
 * out of memory is HAK_EOS.
 */
int hak_yaml_parse(const char *text, size_t len, const char *name,
	int code, struct hak_yaml_doc **docp, struct hak_err *err);
void hak_yaml_free(struct hak_yaml_doc *doc);	/* NULL is fine */

/* The root node; NULL for an empty document (only comments or nothing). */
const struct hak_yaml_node *hak_yaml_root(const struct hak_yaml_doc *doc);

/* Item i of a sequence, counted against the expansion bound. */
int hak_yaml_item(struct hak_yaml_doc *doc, const struct hak_yaml_node *seq,
	size_t i, const struct hak_yaml_node **out, struct hak_err *err);

/* Pair i of a mapping (key then value, both counted). */
int hak_yaml_pair(struct hak_yaml_doc *doc, const struct hak_yaml_node *map,
	size_t i, const struct hak_yaml_node **key,
	const struct hak_yaml_node **val, struct hak_err *err);

/* The value of a scalar key in a mapping, or *val = NULL when absent. */
int hak_yaml_lookup(struct hak_yaml_doc *doc, const struct hak_yaml_node *map,
	const char *key, const struct hak_yaml_node **val, struct hak_err *err);

/* A plain scalar that YAML reads as null: "", ~, null, Null, NULL. */
bool hak_yaml_is_null(const struct hak_yaml_node *n);

/* "a mapping", "a list", "null" or "a string", for messages. */
const char *hak_yaml_kind(const struct hak_yaml_node *n);

/*
 * A plain scalar as a decimal integer in [min, max] (no quotes, no
 * spaces, optional sign).  Errors: "WHAT: expected an integer, got ..."
 * and "WHAT: N out of range (at least MIN)" or "(MIN to MAX)".
 */
int hak_yaml_int(struct hak_yaml_doc *doc, const struct hak_yaml_node *n,
	const char *what, long min, long max, long *out, struct hak_err *err);

/* Record an error at node n (its line and column) with the doc's code. */
int hak_yaml_fail(const struct hak_yaml_doc *doc,
	const struct hak_yaml_node *n, struct hak_err *err,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* As hak_yaml_fail at an explicit line and column. */
int hak_yaml_fail_at(const struct hak_yaml_doc *doc, size_t line,
	size_t column, struct hak_err *err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
