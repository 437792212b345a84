/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/yaml.c: the tree, styles, aliases, bounds, errors. */
#include <stdlib.h>
#include <string.h>

#include "hak/buf.h"
#include "hak/yaml.h"
#include "tap.h"

static struct hak_yaml_doc *
parse(const char *text, struct hak_err *err)
{
	struct hak_yaml_doc *d = NULL;

	hak_err_clear(err);
	hak_yaml_parse(text, strlen(text), "t.yaml", HAK_EDATA, &d, err);
	return d;
}

/* Parsing text fails at WHERE with a message containing FRAG. */
static void
bad(const char *text, const char *where, const char *frag, const char *name)
{
	struct hak_err err;
	struct hak_yaml_doc *d = parse(text, &err);

	if (!ok(!d && err.code == HAK_EDATA && !strcmp(err.where, where) &&
	    strstr(err.msg, frag), name))
		printf("#   %d %s: %s\n", err.code, err.where, err.msg);
	hak_yaml_free(d);
}

static const struct hak_yaml_node *
get(struct hak_yaml_doc *d, const struct hak_yaml_node *map, const char *k)
{
	const struct hak_yaml_node *v = NULL;

	if (hak_yaml_lookup(d, map, k, &v, NULL))
		return NULL;
	return v;
}

static void
test_tree(void)
{
	struct hak_err err;
	struct hak_yaml_doc *d;
	const struct hak_yaml_node *r, *n, *k, *v;

	d = parse("a: yes\nb: \"yes\"\nc: 'x'\nlist:\n  - 1\n  - [2, 3]\n"
	    "text: |\n  line one\n  line two\nfold: >\n  a\n  b\n"
	    "tagged: !!str 12\n", &err);
	ok(d != NULL, "parse a small document");
	if (!d)
		return;
	r = hak_yaml_root(d);
	ok(r && r->type == HAK_YAML_MAPPING && r->n == 7, "root: 7 pairs");
	n = get(d, r, "a");
	ok(n && n->style == HAK_YAML_PLAIN && !strcmp(n->value, "yes"),
	    "plain yes stays the string 'yes'");
	n = get(d, r, "b");
	ok(n && n->style == HAK_YAML_DOUBLE && !strcmp(n->value, "yes"),
	    "quoted \"yes\" is told apart by style");
	n = get(d, r, "c");
	ok(n && n->style == HAK_YAML_SINGLE, "single-quoted style");
	is_int(n ? n->line : 0, 3, "line of c's value");
	is_int(n ? n->column : 0, 4, "column of c's value");
	n = get(d, r, "list");
	ok(n && n->type == HAK_YAML_SEQUENCE && n->n == 2, "list of 2");
	ok(n && !hak_yaml_item(d, n, 1, &v, NULL) &&
	    v->type == HAK_YAML_SEQUENCE && v->style == HAK_YAML_FLOW &&
	    v->n == 2, "flow list inside");
	ok(n && hak_yaml_item(d, n, 2, &v, NULL) == HAK_EBUG,
	    "item past the end is a bug");
	n = get(d, r, "text");
	is_str(n ? n->value : NULL, "line one\nline two\n", "literal block");
	ok(n && n->style == HAK_YAML_LITERAL, "literal style");
	n = get(d, r, "fold");
	is_str(n ? n->value : NULL, "a b\n", "folded block");
	n = get(d, r, "tagged");
	is_str(n ? n->tag : NULL, "tag:yaml.org,2002:str", "explicit tag");
	ok(!get(d, r, "nope"), "lookup of an absent key");
	ok(!hak_yaml_pair(d, r, 0, &k, &v, NULL) && !strcmp(k->value, "a"),
	    "pair 0 is a");
	hak_yaml_free(d);
}

static void
test_int(void)
{
	struct hak_err err;
	struct hak_yaml_doc *d;
	const struct hak_yaml_node *r;
	long v = 0;

	d = parse("a: 42\nb: \"42\"\nc: 4x\nd: 500\n", &err);
	if (!ok(d != NULL, "parse integers"))
		return;
	r = hak_yaml_root(d);
	ok(!hak_yaml_int(d, get(d, r, "a"), "a", 0, 100, &v, &err) && v == 42,
	    "plain 42");
	ok(hak_yaml_int(d, get(d, r, "b"), "b", 0, 100, &v, &err) ==
	    HAK_EDATA && strstr(err.msg, "expected an integer, got a string"),
	    "quoted 42 is not an integer");
	ok(hak_yaml_int(d, get(d, r, "c"), "c", 0, 100, &v, &err) &&
	    strstr(err.msg, "got '4x'") && !strcmp(err.where, "t.yaml:3:4"),
	    "4x refused at its line:column");
	ok(hak_yaml_int(d, get(d, r, "d"), "d", 0, 100, &v, &err) &&
	    strstr(err.msg, "500 out of range (0 to 100)"), "range check");
	hak_yaml_free(d);
}

static void
test_aliases(void)
{
	struct hak_err err;
	struct hak_yaml_doc *d;
	const struct hak_yaml_node *r, *a, *b, *e;
	struct hak_buf bomb = HAK_BUF_INIT;
	size_t i, steps;
	int rc = HAK_OK;

	d = parse("a: &x [1, 2]\nb: *x\n", &err);
	if (!ok(d != NULL, "anchor and alias"))
		return;
	r = hak_yaml_root(d);
	a = get(d, r, "a");
	b = get(d, r, "b");
	ok(a && a == b && b->n == 2, "an alias is the anchored node");
	hak_yaml_free(d);

	bad("a: *nope\n", "t.yaml:1:4", "undefined alias", "undefined alias");

	/* Billion laughs: nine levels of ten aliases each. */
	hak_buf_adds(&bomb, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 9; i++)
		hak_buf_addf(&bomb, "a%zu: &a%zu [*a%zu, *a%zu, *a%zu, *a%zu, "
		    "*a%zu, *a%zu, *a%zu, *a%zu, *a%zu, *a%zu]\n", i, i,
		    i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
		    i - 1, i - 1);
	d = parse(bomb.buf, &err);
	ok(d != NULL, "a small file with a bomb in it parses");
	/* Walking it all would be 10^9 nodes: the bound stops the walk. */
	steps = 0;
	e = d ? get(d, hak_yaml_root(d), "a8") : NULL;
	while (e && e->type == HAK_YAML_SEQUENCE && !rc) {
		rc = hak_yaml_item(d, e, 0, &e, &err);
		steps++;
	}
	ok(d && steps == 9, "a path down the bomb is short");
	rc = HAK_OK;
	a = d ? get(d, hak_yaml_root(d), "a8") : NULL;
	for (i = 0; a && !rc && i < 2000000; i++)
		rc = hak_yaml_item(d, a, 0, &e, &err);
	ok(rc == HAK_EDATA && strstr(err.msg, "after alias expansion"),
	    "visits past the bound are refused");
	hak_yaml_free(d);
	hak_buf_release(&bomb);

	/* More than 1000 aliases in the text. */
	bomb = (struct hak_buf)HAK_BUF_INIT;
	hak_buf_adds(&bomb, "a: &a x\nb: [");
	for (i = 0; i < 1001; i++)
		hak_buf_adds(&bomb, "*a, ");
	hak_buf_adds(&bomb, "*a]\n");
	bad(bomb.buf, "t.yaml:2:4005", "too many aliases", "1001 aliases");
	hak_buf_release(&bomb);

	d = parse("s: &s [*s]\n", &err);
	r = d ? get(d, hak_yaml_root(d), "s") : NULL;
	ok(r && !hak_yaml_item(d, r, 0, &e, NULL) && e == r,
	    "a recursive alias is a cycle, walked only through the bound");
	hak_yaml_free(d);
}

static void
test_errors(void)
{
	struct hak_err err;
	struct hak_yaml_doc *d;
	struct hak_buf deep = HAK_BUF_INIT;
	size_t i;

	bad("a: 1\nb: 2\na: 3\n", "t.yaml:3:1", "duplicate key 'a'",
	    "duplicate key");
	bad("m:\n  x: 1\n  'x': 2\n", "t.yaml:3:3", "duplicate key 'x'",
	    "duplicate key: quoting does not make it another key");
	bad("a: b: c\n", "t.yaml:1:5", "mapping values are not allowed",
	    "syntax error at line:column");
	bad("a: [1, 2\nb: 3\n", "t.yaml:2:2", "yaml syntax error",
	    "unclosed flow list");
	bad("a: 1\n---\nb: 2\n", "t.yaml:2:1", "more than one yaml document",
	    "two documents");
	bad("a: ok\nb: caf\xe9\n", "t.yaml:2:7", "UTF-8", "non-UTF-8 input");
	for (i = 0; i < 70; i++)
		hak_buf_addch(&deep, '[');
	bad(deep.buf, "t.yaml:1:65", "nested too deeply", "nesting bound");
	hak_buf_release(&deep);

	d = parse("", &err);
	ok(d && hak_yaml_root(d) == NULL, "empty text: no root");
	hak_yaml_free(d);
	d = parse("# only a comment\n", &err);
	ok(d && hak_yaml_root(d) == NULL, "only a comment: no root");
	hak_yaml_free(d);
	d = parse("~\n", &err);
	ok(d && hak_yaml_is_null(hak_yaml_root(d)), "~ is null");
	is_str(d ? hak_yaml_kind(hak_yaml_root(d)) : NULL, "null",
	    "kind of ~");
	hak_yaml_free(d);
	d = parse("a: \"\\0\"\n", &err);
	ok(d && get(d, hak_yaml_root(d), "a")->len == 1,
	    "a NUL inside a scalar is kept with its length");
	hak_yaml_free(d);
	d = parse("이름: 김민지\n", &err);
	is_str(d ? get(d, hak_yaml_root(d), "이름")->value : NULL, "김민지",
	    "Hangul keys and values");
	hak_yaml_free(d);
}

int
main(void)
{
	test_tree();
	test_int();
	test_aliases();
	test_errors();
	return done_testing();
}
