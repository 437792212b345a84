/* SPDX-License-Identifier: MIT */
/* Option tables into getopt_long, verb structs, usage and completions. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool/opt.h"
#include "banned.h"

static const char *const formats[] = {
	"table", "csv", "tsv", "json", "jsonl", "excel", "xlsx", "md", "html",
	NULL
};
const char *const hak_cli_encodings[] = { "auto", "utf-8", "cp949", NULL };

/* Every verb's; they fill struct hak_cli itself. */
static const struct hak_opt global_opts[] = {
	HAK_OPT_STRING(0, "db", struct hak_cli, db_opt, "FILE", 0,
		"the database (else $HAK_DB, the config, ./hakjibon.db)"),
	HAK_OPT_STRING(0, "config", struct hak_cli, config_opt, "FILE", 0,
		"the config file (else $HAK_CONFIG, ...)"),
	HAK_OPT_BOOL('h', "help", struct hak_cli, help, 0,
		"print this help"),
	HAK_OPT_BOOL(0, "version", struct hak_cli, version, 0,
		"print the version"),
	HAK_OPT_BOOL(0, "list-commands", struct hak_cli, list_commands, 0,
		"for completions: the commands"),
	HAK_OPT_BOOL(0, "list-options", struct hak_cli, list_options, 0,
		"for completions: the options [of VERB]"),
	HAK_OPT_BOOL(0, "list-values", struct hak_cli, list_values, 0,
		"for completions: the values of option or operand NAME"),
	HAK_OPT_BOOL(0, "list-operands", struct hak_cli, list_operands, 0,
		"for completions: the kinds of VERB's operands"),
	HAK_OPT_END()
};

/* The verbs flagged HAK_VERB_OUT's. */
static const struct hak_opt output_opts[] = {
	HAK_OPT_ENUM('f', "format", struct hak_cli, format_opt, "F", 0,
		formats, "table, csv, tsv, json, jsonl, excel, xlsx (a document: md, html)"),
	HAK_OPT_STRING('o', "out", struct hak_cli, out_opt, "FILE", 0,
		"write to FILE (atomically) instead of stdout"),
	HAK_OPT_BOOL(0, "no-header", struct hak_cli, no_header, 0,
		"no header row"),
	HAK_OPT_BOOL(0, "fail-empty", struct hak_cli, fail_empty, 0,
		"exit 1 when there is no row"),
	HAK_OPT_END()
};

static const struct hak_opt *
in_table(const struct hak_opt *t, const char *name, size_t len)
{
	for (; t && t->type != HAK_OPTT_END; t++)
		if (t->type != HAK_OPTT_SEE && strlen(t->name) == len &&
			!strncmp(t->name, name, len))
			return t;
	return NULL;
}

static bool
takes_value(const struct hak_opt *o)
{
	return o->type == HAK_OPTT_STRING || o->type == HAK_OPTT_LIST ||
		o->type == HAK_OPTT_INT;
}

static void
add_table(struct hak_opts *po, const struct hak_opt *t)
{
	size_t k;

	for (; t && t->type != HAK_OPTT_END; t++) {
		if (t->type == HAK_OPTT_SEE)
			continue;
		for (k = 0; k < po->nall && strcmp(po->all[k]->name, t->name);
			k++)
			;
		if (k == po->nall)
			po->all[po->nall++] = t;
		else if (takes_value(po->all[k]) != takes_value(t)) {
			/* a bug in the tables: any run of the program finds it */
			fprintf(stderr, "hakjibon: bug: option --%s takes a "
				"value in one table only\n", t->name);
			abort();
		}
	}
}

/* Every option of the program, each name once: global, output, verbs'. */
static void
collect(const struct hak_cli_prog *prog, struct hak_opts *po)
{
	const struct hak_cli_verb *v;
	const struct hak_opt *t;
	size_t max = sizeof(global_opts) / sizeof(global_opts[0]) +
		sizeof(output_opts) / sizeof(output_opts[0]);

	for (v = prog->verbs; v->name; v++)
		for (t = v->opts; t && t->type != HAK_OPTT_END; t++)
			max++;
	po->all = hak_xcalloc(max, sizeof(*po->all));
	po->nall = 0;
	add_table(po, global_opts);
	add_table(po, output_opts);
	for (v = prog->verbs; v->name; v++)
		add_table(po, v->opts);
}

static const struct hak_opt *
find_long(const struct hak_opts *po, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < po->nall; i++)
		if (strlen(po->all[i]->name) == len &&
			!strncmp(po->all[i]->name, s, len))
			return po->all[i];
	return NULL;
}

static const struct hak_opt *
find_short(const struct hak_opt *const *all, size_t n, int ch)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (all[i]->shortopt == ch)
			return all[i];
	return NULL;
}

/*
 * getopt_long accepts unambiguous abbreviations of long options; SPEC 2.14
 * does not.  Refuse any long option that is not spelled out in full.
 */
static int
check_long_names(struct hak_cli *c, const struct hak_opts *po, int argc,
	char **argv)
{
	const struct hak_opt *o;
	const char *a;
	size_t len, k;
	int i;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (!strcmp(a, "--"))
			break;
		if (a[0] != '-' || !a[1])
			continue;
		if (a[1] != '-') {
			/* a cluster of short options: a value ends it */
			for (k = 1; a[k]; k++)
				if ((o = find_short(po->all, po->nall, a[k])) &&
					takes_value(o)) {
					if (!a[k + 1])
						i++;
					break;
				}
			continue;
		}
		len = strcspn(a + 2, "=");
		if (!(o = find_long(po, a + 2, len)))
			return hak_err_set(&c->err, HAK_EUSAGE,
				"unknown option '--%.*s'", (int)len, a + 2);
		if (takes_value(o) && !a[2 + len])
			i++;
	}
	return HAK_OK;
}

static void
set_field(void *base, const struct hak_opt *o, const char *value)
{
	char *p = (char *)base + o->off;

	switch (o->type) {
	case HAK_OPTT_BOOL:
		*(bool *)(void *)p = true;
		break;
	case HAK_OPTT_SET:
		*(int *)(void *)p = (int)o->num;
		break;
	case HAK_OPTT_STRING:
		*(const char **)(void *)p = value;
		break;
	case HAK_OPTT_LIST:
		hak_strv_push((struct hak_strv *)(void *)p, value);
		break;
	default:
		break;
	}
}

int
hak_opts_parse(struct hak_cli *c, struct hak_opts *po, int argc, char **argv)
{
	struct option *lo;
	struct hak_buf so = HAK_BUF_INIT;
	const struct hak_opt *o;
	size_t i;
	int ch, rc;

	memset(po, 0, sizeof(*po));
	collect(c->prog, po);
	if ((rc = check_long_names(c, po, argc, argv)))
		return rc;
	lo = hak_xcalloc(po->nall + 1, sizeof(*lo));
	hak_buf_adds(&so, ":");
	for (i = 0; i < po->nall; i++) {
		o = po->all[i];
		lo[i].name = o->name;
		lo[i].has_arg = takes_value(o) ? required_argument :
			no_argument;
		lo[i].val = 256 + (int)i;
		if (o->shortopt && find_short(po->all, i, o->shortopt) == NULL) {
			hak_buf_addch(&so, (char)o->shortopt);
			if (takes_value(o))
				hak_buf_addch(&so, ':');
		}
	}
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, so.buf, lo, NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			const char *bad = argv[optind - 1];

			if (ch == ':')
				rc = hak_err_set(&c->err, HAK_EUSAGE,
					"option '%s' needs a value", bad);
			else if (optopt && optopt < 256)
				rc = hak_err_set(&c->err, HAK_EUSAGE,
					"unknown option '-%c'", optopt);
			else
				rc = hak_err_set(&c->err, HAK_EUSAGE,
					"unknown option '%s'", bad);
			break;
		}
		o = ch < 256 ? find_short(po->all, po->nall, ch) :
			po->all[ch - 256];
		po->given = hak_xrealloc(po->given, (po->ngiven + 1) *
			sizeof(*po->given));
		po->given[po->ngiven].opt = o;
		po->given[po->ngiven++].value = takes_value(o) ? optarg : NULL;
		/* the global ones at once: --help and the lists need no verb */
		if (in_table(global_opts, o->name, strlen(o->name)))
			set_field(c, o, optarg);
	}
	c->argc = argc - optind;
	c->argv = argv + optind;
	free(lo);
	hak_buf_release(&so);
	return rc;
}

int
hak_opts_apply(struct hak_cli *c, struct hak_opts *po)
{
	const struct hak_cli_verb *v = c->verb;
	const struct hak_opt *o, *t;
	char what[80];
	size_t i;
	void *base;
	int rc;

	c->opts = hak_xcalloc(1, v->size ? v->size : 1);
	for (t = v->opts; t && t->type != HAK_OPTT_END; t++)
		if (t->type == HAK_OPTT_INT)
			*(long long *)(void *)((char *)c->opts + t->off) = t->num;
	for (i = 0; i < po->ngiven; i++) {
		o = po->given[i].opt;
		base = c->opts;
		if (!(t = in_table(v->opts, o->name, strlen(o->name)))) {
			base = c;
			if ((t = in_table(global_opts, o->name, strlen(o->name))))
				continue;	/* done while parsing */
			if (!(v->flags & HAK_VERB_OUT) || !(t = in_table(
				output_opts, o->name, strlen(o->name))))
				return hak_err_set(&c->err, HAK_EUSAGE,
					"%s does not take --%s", v->name,
					o->name);
		}
		if (t->type == HAK_OPTT_INT) {
			snprintf(what, sizeof(what), "--%s", t->name);
			if ((rc = hak_parse_int(po->given[i].value, t->min,
				t->max, (long long *)(void *)((char *)base +
				t->off), what, &c->err)))
				return rc;
		} else {
			set_field(base, t, po->given[i].value);
		}
	}
	return HAK_OK;
}

void
hak_opts_release(struct hak_cli *c, struct hak_opts *po)
{
	const struct hak_opt *t;

	for (t = c->verb && c->opts ? c->verb->opts : NULL;
		t && t->type != HAK_OPTT_END; t++)
		if (t->type == HAK_OPTT_LIST)
			hak_strv_clear((struct hak_strv *)(void *)
				((char *)c->opts + t->off));
	free(c->opts);
	c->opts = NULL;
	free(po->all);
	free(po->given);
	memset(po, 0, sizeof(*po));
}

/* The global or output option a command-line word names, or NULL. */
static const struct hak_opt *
common_option(const char *a)
{
	const struct hak_opt *tables[2] = { global_opts, output_opts };
	const struct hak_opt *t;
	size_t i;

	for (i = 0; i < 2; i++)
		for (t = tables[i]; t->type != HAK_OPTT_END; t++)
			if (a[1] == '-' ? !strcmp(t->name, a + 2) :
				(t->shortopt == a[1] && !a[2]))
				return t;
	return NULL;
}

int
hak_cli_first_operand(int argc, char **argv)
{
	const struct hak_opt *o;
	int i;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || !argv[i][1])
			return i;
		/* "--db=FILE" and "-fcsv" are one word */
		if ((o = common_option(argv[i])) && takes_value(o))
			i++;
	}
	return argc;
}

/* "-m TEXT", "--name N" or "--flag". */
static void
opt_words(struct hak_buf *b, const struct hak_opt *o)
{
	if (o->shortopt && o->argname)
		hak_buf_addf(b, "-%c %s", o->shortopt, o->argname);
	else
		hak_buf_addf(b, "--%s%s%s", o->name, o->argname ? " " : "",
			o->argname ? o->argname : "");
}

/* The verb's synopsis after "PROG VERB", as in the man page. */
static void
synopsis(struct hak_buf *b, const struct hak_cli_verb *v)
{
	const struct hak_opt *o, *group = NULL;

	hak_buf_adds(b, v->operands ? v->operands : "");
	for (o = v->opts; o && o->type != HAK_OPTT_END; o++)
		if (o->flags & HAK_OPTF_OPERAND) {
			hak_buf_adds(b, " | ");
			opt_words(b, o);
		}
	for (o = v->opts; o && o->type != HAK_OPTT_END; o++) {
		if (o->flags & HAK_OPTF_OPERAND)
			continue;
		if (o->flags & (HAK_OPTF_OR | HAK_OPTF_AND)) {
			hak_buf_adds(b, o->flags & HAK_OPTF_OR ? " | " : " ");
			opt_words(b, o);
			continue;
		}
		if (group)
			hak_buf_adds(b, group->type == HAK_OPTT_LIST &&
				!strstr(group->argname, "...") ? "]..." : "]");
		group = NULL;
		if (b->len)
			hak_buf_addch(b, ' ');
		if (!(o->flags & HAK_OPTF_REQ)) {
			hak_buf_addch(b, '[');
			group = o;
		}
		opt_words(b, o);
	}
	if (group)
		hak_buf_adds(b, group->type == HAK_OPTT_LIST &&
			!strstr(group->argname, "...") ? "]..." : "]");
}

void
hak_cli_usage(const struct hak_cli_prog *prog, FILE *fp)
{
	const struct hak_cli_verb *v;
	struct hak_buf syn = HAK_BUF_INIT;
	const char *lead = "usage:";

	for (v = prog->verbs; v->name; v++) {
		hak_buf_reset(&syn);
		synopsis(&syn, v);
		fprintf(fp, "%-6s %s %s%s%s\n", lead, prog->name, v->name,
			syn.len ? " " : "", syn.buf);
		lead = "";
	}
	hak_buf_release(&syn);
	fprintf(fp, "%-6s %s --help | --version\n", lead, prog->name);
	fprintf(fp, "\n%s\n", prog->summary);
	fputs("\nEvery command takes --db FILE and --config FILE.  Commands that"
		" print records\ntake -f/--format table|csv|tsv|json|jsonl|excel"
		" (a document also md|html),\n-o/--out FILE, --no-header and"
		" --fail-empty.  See the man page for details.\n", fp);
}

static void
help_lines(const struct hak_opt *t, FILE *fp)
{
	struct hak_buf w = HAK_BUF_INIT;

	for (; t && t->type != HAK_OPTT_END; t++) {
		if (t->type == HAK_OPTT_SEE || !strncmp(t->name, "list-", 5))
			continue;
		hak_buf_reset(&w);
		if (t->shortopt)
			hak_buf_addf(&w, "-%c, ", t->shortopt);
		hak_buf_addf(&w, "--%s%s%s", t->name, t->argname ? " " : "",
			t->argname ? t->argname : "");
		fprintf(fp, "  %-24s %s\n", w.buf, t->help ? t->help : "");
	}
	hak_buf_release(&w);
}

void
hak_opts_verb_help(const struct hak_cli_verb *v, FILE *fp)
{
	fprintf(fp, "\n%s: %s\n", v->name, v->help ? v->help : "");
	help_lines(v->opts, fp);
	if (v->flags & HAK_VERB_OUT)
		help_lines(output_opts, fp);
	help_lines(global_opts, fp);
}

static bool
verb_takes(const struct hak_cli_verb *v, const struct hak_opt *o)
{
	size_t n = strlen(o->name);

	return in_table(global_opts, o->name, n) ||
		((v->flags & HAK_VERB_OUT) && in_table(output_opts, o->name, n)) ||
		in_table(v->opts, o->name, n);
}

void
hak_opts_list_options(const struct hak_cli_prog *prog, const char *verb)
{
	const struct hak_cli_verb *v = NULL, *w;
	struct hak_opts po;
	size_t i;

	for (w = prog->verbs; verb && w->name; w++)
		if (!strcmp(w->name, verb))
			v = w;
	collect(prog, &po);
	for (i = 0; i < po.nall; i++) {
		if (!strncmp(po.all[i]->name, "list-", 5))
			continue;
		/* without a (known) verb: the options some verb takes */
		for (w = prog->verbs; !v && w->name &&
			!verb_takes(w, po.all[i]); w++)
			;
		if (v ? !verb_takes(v, po.all[i]) : !w->name)
			continue;
		printf("--%s%s\n", po.all[i]->name, takes_value(po.all[i]) ?
			"=" : "");
	}
	free(po.all);
}

/* Words from the database, for completions: any failure means none. */
static void
list_db_words(struct hak_cli *c, hak_opt_words_fn *fn)
{
	struct hak_strv words = HAK_STRV_INIT;
	struct hak_buf path = HAK_BUF_INIT;
	struct hak_db *db = NULL;
	size_t i;

	if (hak_config_load(c->config_opt, &c->cfg, NULL, NULL))
		return;
	hak_db_locate(c->db_opt, &c->cfg, &path);
	if (!hak_db_open(path.buf, HAK_DB_READONLY, &db, NULL) &&
		!fn(db, &words, NULL))
		for (i = 0; i < words.n; i++)
			printf("%s\n", words.v[i]);
	hak_db_close(db);
	hak_strv_clear(&words);
	hak_buf_release(&path);
}

static void
list_words(struct hak_cli *c, const char *const *words, hak_opt_words_fn *fn)
{
	for (; words && *words; words++)
		printf("%s\n", *words);
	if (fn)
		list_db_words(c, fn);
}

/* Whether option o has completion words: its own, or a small range. */
static bool
has_words(const struct hak_opt *o)
{
	return o->words || o->dbwords || (o->type == HAK_OPTT_INT &&
		o->max - o->min < 20);
}

void
hak_opts_list_values(struct hak_cli *c, const char *name)
{
	const struct hak_cli_values *ov;
	const struct hak_cli_verb *v;
	const struct hak_opt *o = NULL, *t;
	const struct hak_opt *tables[2] = { global_opts, output_opts };
	long long k;
	size_t i;

	if (!name)
		return;
	for (i = 0; i < 2 && !o; i++)
		if ((t = in_table(tables[i], name, strlen(name))) &&
			has_words(t))
			o = t;
	/* an option of one verb may have words another's lacks */
	for (v = c->prog->verbs; !o && v->name; v++)
		if ((t = in_table(v->opts, name, strlen(name))) &&
			has_words(t))
			o = t;
	if (o && o->type == HAK_OPTT_INT)
		for (k = o->min; k <= o->max; k++)
			printf("%lld\n", k);
	else if (o)
		list_words(c, o->words, o->dbwords);
	else
		for (ov = c->prog->operands; ov && ov->operand; ov++)
			if (!strcmp(ov->operand, name))
				list_words(c, ov->words, ov->dbwords);
}

/*
 * The kinds of a verb's operands, for completions, read off its operands
 * synopsis so that they cannot drift: the upper-case words (optional ones
 * in brackets too) ("CODE SCHOOL... | -" gives "code" and "school..."),
 * one a line; "..." marks the one that repeats.
 */
void
hak_opts_list_operands(const struct hak_cli_prog *prog, const char *verb)
{
	const struct hak_cli_verb *v;
	const char *p, *end;
	size_t i, n;

	for (v = prog->verbs; verb && v->name && strcmp(v->name, verb); v++)
		;
	if (!verb || !v->name || !v->operands)
		return;
	for (p = v->operands; *p; p = end) {
		while (*p == ' ')
			p++;
		end = p + strcspn(p, " ");
		n = (size_t)(end - p);
		if (*p == '-' || !strncmp(p, "[-", 2))
			break;
		for (i = 0; i < n; i++) {
			if (p[i] >= 'A' && p[i] <= 'Z')
				putchar(p[i] - 'A' + 'a');
			else if (p[i] != '[' && p[i] != ']' && p[i] != '|')
				putchar(p[i]);
		}
		if (n && (*p == '[' ? p[1] : *p) >= 'A' &&
			(*p == '[' ? p[1] : *p) <= 'Z')
			putchar('\n');
	}
}
