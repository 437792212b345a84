/* SPDX-License-Identifier: MIT */
/* The programs' shared front end: options, verbs, config, database, output. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hak/cli.h"
#include "hak/csvio.h"
#include "hak/date.h"
#include "hak/import.h"
#include "hak/text.h"
#include "banned.h"

enum optclass {
	GLOBAL,		/* every verb */
	OUTPUT,		/* verbs flagged HAK_VERB_OUT */
	LISTED		/* verbs that name it */
};

struct optdef {
	const char *name;
	int shortopt;
	enum hak_arg arg;
	enum optclass class;
};

/* Options every program knows; the verbs that take a LISTED one name it. */
static const struct optdef builtin[] = {
	{ "db", 0, HAK_ARG_REQUIRED, GLOBAL },
	{ "config", 0, HAK_ARG_REQUIRED, GLOBAL },
	{ "help", 'h', HAK_ARG_NONE, GLOBAL },
	{ "version", 0, HAK_ARG_NONE, GLOBAL },
	{ "list-commands", 0, HAK_ARG_NONE, GLOBAL },
	{ "list-options", 0, HAK_ARG_NONE, GLOBAL },
	{ "list-values", 0, HAK_ARG_NONE, GLOBAL },
	{ "list-operands", 0, HAK_ARG_NONE, GLOBAL },
	{ "format", 'f', HAK_ARG_REQUIRED, OUTPUT },
	{ "out", 'o', HAK_ARG_REQUIRED, OUTPUT },
	{ "no-header", 0, HAK_ARG_NONE, OUTPUT },
	{ "fail-empty", 0, HAK_ARG_NONE, OUTPUT },
	{ "message", 'm', HAK_ARG_REQUIRED, LISTED },
	{ "keep-going", 0, HAK_ARG_NONE, LISTED },
	{ "print", 0, HAK_ARG_NONE, LISTED },
	{ "dry-run", 0, HAK_ARG_NONE, LISTED },
	{ "encoding", 0, HAK_ARG_REQUIRED, LISTED },
	{ "skip-invalid", 0, HAK_ARG_NONE, LISTED },
	{ "rejects", 0, HAK_ARG_REQUIRED, LISTED },
	{ "update", 0, HAK_ARG_NONE, LISTED },
	{ "year", 0, HAK_ARG_REQUIRED, LISTED },
	{ "force", 0, HAK_ARG_NONE, LISTED },
	{ NULL, 0, 0, 0 }
};

static const char *progname = "hak";

const char *
hak_cli_progname(void)
{
	return progname;
}

void
hak_cli_warn(const struct hak_cli *c, const char *fmt, ...)
{
	va_list ap;

	(void)c;
	fprintf(stderr, "%s: warning: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The program's option table: the built-in ones, then the program's own. */
static struct optdef *
all_options(const struct hak_cli_prog *prog, size_t *n)
{
	const struct hak_cli_opt *po;
	struct optdef *defs;
	size_t i, k = 0, np = 0;

	for (po = prog->opts; po && po->name; po++)
		np++;
	defs = hak_xcalloc(sizeof(builtin) / sizeof(builtin[0]) + np + 1,
		sizeof(*defs));
	for (i = 0; builtin[i].name; i++)
		defs[k++] = builtin[i];
	for (po = prog->opts; po && po->name; po++) {
		for (i = 0; i < k && strcmp(defs[i].name, po->name); i++)
			;
		if (i < k)
			continue;
		defs[k].name = po->name;
		defs[k].shortopt = po->shortopt;
		defs[k].arg = po->arg;
		defs[k++].class = LISTED;
	}
	*n = k;
	return defs;
}

static bool
word_in(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, word, n) && (p[n] == ' ' || p[n] == '\0'))
			return true;
		p = strchr(p, ' ');
	}
	return false;
}

static bool
verb_takes(const struct hak_cli_verb *v, const struct optdef *d)
{
	switch (d->class) {
	case GLOBAL:
		return true;
	case OUTPUT:
		return v->flags & HAK_VERB_OUT;
	default:
		return word_in(v->opts, d->name);
	}
}

void
hak_cli_usage(const struct hak_cli_prog *prog, FILE *fp)
{
	const struct hak_cli_verb *v;
	const char *lead = "usage:";

	for (v = prog->verbs; v->name; v++) {
		fprintf(fp, "%-6s %s %s%s%s\n", lead, prog->name, v->name,
			v->synopsis && *v->synopsis ? " " : "",
			v->synopsis ? v->synopsis : "");
		lead = "";
	}
	fprintf(fp, "%-6s %s --help | --version\n", lead, prog->name);
	fprintf(fp, "\n%s\n", prog->summary);
	fputs("\nEvery command takes --db FILE and --config FILE.  Commands that"
		" print records\ntake -f/--format table|csv|tsv|json|jsonl|excel,"
		" -o/--out FILE, --no-header\nand --fail-empty.  See the man page"
		" for details.\n", fp);
}

static void
list_options(const struct hak_cli_prog *prog, const struct optdef *defs,
	size_t n, const char *verb)
{
	const struct hak_cli_verb *v = NULL, *w;
	size_t i;

	if (verb)
		for (v = prog->verbs; v->name && strcmp(v->name, verb); v++)
			;
	for (i = 0; i < n; i++) {
		if (!strncmp(defs[i].name, "list-", 5))
			continue;
		if (v && v->name && !verb_takes(v, &defs[i]))
			continue;
		/* without a (known) verb: the options some verb takes */
		for (w = prog->verbs; !(v && v->name) && w->name &&
			!verb_takes(w, &defs[i]); w++)
			;
		if (!(v && v->name) && !w->name)
			continue;
		printf("--%s%s\n", defs[i].name, defs[i].arg ? "=" : "");
	}
}

static const char *const formats[] = {
	"table", "csv", "tsv", "json", "jsonl", "excel", NULL
};
static const char *const encodings[] = { "auto", "utf-8", "cp949", NULL };
static const struct hak_cli_values builtin_values[] = {
	{ "format", formats, NULL },
	{ "encoding", encodings, NULL },
	{ NULL, NULL, NULL }
};

/* Words from the database, for completions: any failure means none. */
static void
list_db_values(struct hak_cli *c, const struct hak_cli_values *v)
{
	struct hak_strv words = HAK_STRV_INIT;
	struct hak_buf path = HAK_BUF_INIT;
	struct hak_db *db = NULL;
	size_t i;

	if (hak_config_load(hak_cli_opt(c, "config"), &c->cfg, NULL, NULL))
		return;
	hak_db_locate(hak_cli_opt(c, "db"), &c->cfg, &path);
	if (!hak_db_open(path.buf, HAK_DB_READONLY, &db, NULL) &&
		!v->list(db, &words, NULL))
		for (i = 0; i < words.n; i++)
			printf("%s\n", words.v[i]);
	hak_db_close(db);
	hak_strv_clear(&words);
	hak_buf_release(&path);
}

static void
list_values(struct hak_cli *c, const char *option)
{
	const struct hak_cli_values *lists[2] = {
		builtin_values, c->prog->values
	};
	const struct hak_cli_values *v;
	const char *const *w;
	size_t i;

	for (i = 0; i < 2 && option; i++)
		for (v = lists[i]; v && v->option; v++) {
			if (strcmp(v->option, option))
				continue;
			for (w = v->words; w && *w; w++)
				printf("%s\n", *w);
			if (v->list)
				list_db_values(c, v);
		}
}

/*
 * The kinds of a verb's operands, for completions, read off its synopsis
 * so that they cannot drift: the upper-case words (optional ones in
 * brackets too) before the first option ("CODE SCHOOL... | - [--recipient
 * T]" gives "code" and "school..."), one a line; "..." marks the one that
 * repeats.
 */
static void
list_operands(const struct hak_cli_prog *prog, const char *verb)
{
	const struct hak_cli_verb *v;
	const char *p, *end;
	size_t i, n;

	for (v = prog->verbs; verb && v->name && strcmp(v->name, verb); v++)
		;
	if (!verb || !v->name || !v->synopsis)
		return;
	for (p = v->synopsis; *p; p = end) {
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

const char *
hak_cli_opt(const struct hak_cli *c, const char *name)
{
	const char *val = NULL;
	size_t i;

	for (i = 0; i < c->nvals; i++)
		if (!strcmp(c->vals[i].name, name))
			val = c->vals[i].value ? c->vals[i].value : "1";
	return val;
}

bool
hak_cli_has(const struct hak_cli *c, const char *name)
{
	return hak_cli_opt(c, name) != NULL;
}

void
hak_cli_optv(const struct hak_cli *c, const char *name, struct hak_strv *sv)
{
	size_t i;

	for (i = 0; i < c->nvals; i++)
		if (!strcmp(c->vals[i].name, name))
			hak_strv_push(sv, c->vals[i].value);
}

int
hak_parse_int(const char *s, long long min, long long max, long long *v,
	const char *what, struct hak_err *err)
{
	char *end;
	long long x;

	errno = 0;
	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		goto bad;
	x = strtoll(s, &end, 10);
	if (errno || *end)
		goto bad;
	if (x < min || x > max)
		return hak_err_set(err, HAK_EUSAGE,
			"%s '%s' out of range (%lld to %lld)", what, s, min, max);
	*v = x;
	return HAK_OK;
bad:
	return hak_err_set(err, HAK_EUSAGE, "%s '%s' is not a whole number",
		what, s ? s : "");
}

int
hak_cli_int(struct hak_cli *c, const char *name, long long min,
	long long max, long long *v)
{
	const char *s = hak_cli_opt(c, name);
	char what[80];

	if (!s)
		return HAK_OK;
	snprintf(what, sizeof(what), "--%s", name);
	return hak_parse_int(s, min, max, v, what, &c->err);
}

int
hak_cli_year(struct hak_cli *c, const char *name, int *year)
{
	const char *s = hak_cli_opt(c, name);
	const struct hak_config *org = c->db ? hak_db_config(c->db) : &c->cfg;
	struct hak_period p;
	struct hak_err e;
	int y1, y2, m, d;
	size_t n;

	if (!s)
		return HAK_OK;
	if (hak_period_parse(s, c->now, org->school_year, &p, &e))
		return hak_err_set(&c->err, HAK_EUSAGE, "--%s: %s", name,
			e.msg);
	hak_day_to_ymd(p.first, &y1, &m, &d);
	hak_day_to_ymd(p.last, &y2, &m, &d);
	n = strlen(s);
	if (y1 != y2 && !(n > 2 && !strcmp(s + n - 2, "SY")))
		return hak_err_set(&c->err, HAK_EUSAGE, "--%s: '%s' spans "
			"more than one year", name, s);
	*year = y1;
	return HAK_OK;
}

static int
read_all(FILE *fp, struct hak_buf *b)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		hak_buf_add(b, chunk, n);
	return ferror(fp) ? HAK_EIO : HAK_OK;
}

int
hak_cli_period(struct hak_cli *c, struct hak_period *p, bool *has)
{
	const struct hak_config *org = c->db ? hak_db_config(c->db) : &c->cfg;
	const char *per = hak_cli_opt(c, "period");
	const char *since = hak_cli_opt(c, "since");
	const char *until = hak_cli_opt(c, "until");

	*has = per || since || until;
	if (per && (since || until))
		return hak_err_set(&c->err, HAK_EUSAGE, "--period cannot be "
			"mixed with --since or --until");
	if (per)
		return hak_period_parse(per, c->now, org->school_year, p,
			&c->err);
	if (since || until)
		return hak_period_range(since, until, c->now, org->school_year,
			p, &c->err);
	return HAK_OK;
}

int
hak_cli_no_operands(struct hak_cli *c, int first)
{
	if (c->argc > first)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"%s: unexpected operand '%s'", c->verb->name,
			c->argv[first]);
	return HAK_OK;
}

int
hak_cli_message(struct hak_cli *c, char **text)
{
	const char *m = hak_cli_opt(c, "message");
	struct hak_buf b = HAK_BUF_INIT;
	char *nfc;

	*text = NULL;
	if (!m)
		return HAK_OK;
	if (!strcmp(m, "-")) {
		if (read_all(stdin, &b)) {
			hak_buf_release(&b);
			return hak_err_set(&c->err, HAK_EIO,
				"cannot read the message from stdin: %s",
				strerror(errno));
		}
		while (b.len && (b.buf[b.len - 1] == '\n' ||
			b.buf[b.len - 1] == '\r'))
			hak_buf_setlen(&b, b.len - 1);
	} else {
		hak_buf_adds(&b, m);
	}
	if (!hak_text_valid(b.buf, b.len) || memchr(b.buf, '\0', b.len)) {
		hak_buf_release(&b);
		return hak_err_set(&c->err, HAK_EDATA,
			"the message is not valid UTF-8 text");
	}
	nfc = hak_text_nfc(b.buf);
	hak_buf_release(&b);
	*text = nfc;
	return HAK_OK;
}

int
hak_cli_keys(struct hak_cli *c, int first, const char *const *keycols,
	struct hak_strv *keys)
{
	struct hak_strv tmp = HAK_STRV_INIT;
	size_t i, j;
	int rc;

	if (c->argc - first == 1 && !strcmp(c->argv[first], "-")) {
		rc = hak_csv_read_keys(stdin, "stdin", keycols, keys, &c->err);
		return rc;
	}
	if (c->argc <= first)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"%s: no keys given (name them, or '-' to read stdin)",
			c->verb->name);
	for (i = (size_t)first; i < (size_t)c->argc; i++) {
		if (!strcmp(c->argv[i], "-")) {
			hak_strv_clear(&tmp);
			return hak_err_set(&c->err, HAK_EUSAGE,
				"'-' must be the only key");
		}
		for (j = 0; j < tmp.n && strcmp(tmp.v[j], c->argv[i]); j++)
			;
		if (j == tmp.n)
			hak_strv_push(&tmp, c->argv[i]);
	}
	for (i = 0; i < tmp.n; i++)
		hak_strv_push_owned(keys, tmp.v[i]);
	free(tmp.v);
	return HAK_OK;
}

int
hak_cli_out_open(struct hak_cli *c, const struct hak_col *cols, size_t ncols,
	struct hak_out **o)
{
	return hak_out_open(o, &c->out, cols, ncols, &c->err);
}

int
hak_cli_out_close(struct hak_cli *c, struct hak_out *o)
{
	size_t rows = hak_out_count(o);
	int rc = hak_out_close(o, &c->err);

	if (rc == HAK_OK && c->fail_empty && rows == 0)
		return hak_err_set(&c->err, HAK_ENOMATCH, "no records");
	return rc;
}

/*
 * An import's progress on stderr, a terminal (SPEC 7): rows, rate and,
 * when the input's size is known, the part done and the time left, on
 * one line redrawn with \r and erased at the end.
 */
static void
import_progress(const struct hak_import_progress *p, void *arg)
{
	double rate, left;

	(void)arg;
	if (p->done) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		return;
	}
	rate = p->elapsed > 0 ? (double)p->rows / p->elapsed : 0;
	fprintf(stderr, "\r\033[K%s: %ld rows, %.0f rows/s", progname,
		p->rows, rate);
	if (p->total > 0 && p->bytes > 0 && p->bytes <= p->total) {
		left = p->elapsed * (double)(p->total - p->bytes) /
			(double)p->bytes;
		fprintf(stderr, ", %.0f%%, %.0f s left", 100.0 *
			(double)p->bytes / (double)p->total, left);
	}
	fflush(stderr);
}

int
hak_cli_import_opts(struct hak_cli *c, struct hak_import_opts *o)
{
	const char *enc = hak_cli_opt(c, "encoding");
	int rc;

	memset(o, 0, sizeof(*o));
	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"%s: a FILE is required", c->verb->name);
	if (enc && (rc = hak_encoding_parse(enc, &o->enc, &c->err)))
		return rc;
	o->path = c->argv[0];
	o->skip_invalid = hak_cli_has(c, "skip-invalid");
	o->dry_run = hak_cli_has(c, "dry-run");
	o->rejects = hak_cli_opt(c, "rejects");
	o->report = stderr;
	if (isatty(STDERR_FILENO))
		o->progress = import_progress;
	return HAK_OK;
}

void
hak_cli_import_summary(struct hak_cli *c, const struct hak_import_stats *st)
{
	struct hak_buf sum = HAK_BUF_INIT;

	hak_import_summary(st, &sum);
	printf("%s%s\n", sum.buf, hak_cli_has(c, "dry-run") ?
		" (dry run, nothing written)" : "");
	hak_buf_release(&sum);
}

int
hak_cli_record(struct hak_cli *c, const struct hak_col *cols, size_t n,
	const char *const *cells)
{
	static const struct hak_col kv[2] = {
		{ "field", HAK_COL_TEXT }, { "value", HAK_COL_TEXT }
	};
	const bool pairs = c->out.fmt == HAK_FMT_TABLE;
	const char *pair[2];
	struct hak_out *o;
	size_t i;
	int rc;

	if ((rc = hak_out_open(&o, &c->out, pairs ? kv : cols, pairs ? 2 : n,
		&c->err)))
		return rc;
	for (i = 0; pairs && i < n && !rc; i++) {
		pair[0] = cols[i].name;
		pair[1] = cells[i];
		rc = hak_out_row(o, pair, &c->err);
	}
	if (!pairs)
		rc = hak_out_row(o, cells, &c->err);
	if (rc) {
		hak_out_abort(o);
		return rc;
	}
	return hak_out_close(o, &c->err);
}

static int
setup_output(struct hak_cli *c)
{
	const char *path = hak_cli_opt(c, "out");
	const char *cols = getenv("COLUMNS");
	bool tty = !path && isatty(STDOUT_FILENO);
	long long w = 80;
	int rc;

	rc = hak_format_pick(hak_cli_opt(c, "format"), tty, &c->out.fmt, &c->err);
	if (rc)
		return rc;
	c->out.path = path;
	c->out.fp = stdout;
	c->out.no_header = hak_cli_has(c, "no-header");
	c->fail_empty = hak_cli_has(c, "fail-empty");
	if (tty) {
		if (cols && hak_parse_int(cols, 10, 100000, &w, "COLUMNS", NULL))
			w = 80;
		c->out.width = (int)w;
		c->out.color = !getenv("NO_COLOR");
	}
	return HAK_OK;
}

/* Load the config file; its warnings get the program's name. */
static int
load_config(struct hak_cli *c)
{
	char *text = NULL, *line, *nl;
	size_t len = 0;
	FILE *warn = open_memstream(&text, &len);
	int rc;

	if (!warn)
		return hak_err_set(&c->err, HAK_EOS, "out of memory");
	rc = hak_config_load(hak_cli_opt(c, "config"), &c->cfg, warn, &c->err);
	fclose(warn);
	for (line = text; line && *line; line = nl) {
		if ((nl = strchr(line, '\n')))
			*nl++ = '\0';
		fprintf(stderr, "%s: %s\n", progname, line);
	}
	free(text);
	return rc;
}

static int
setup_data(struct hak_cli *c)
{
	struct hak_buf path = HAK_BUF_INIT;
	unsigned flags;
	int rc;

	rc = load_config(c);
	if (rc)
		return rc;
	if (!(c->verb->flags & HAK_VERB_DB)) {
		rc = hak_clock_setzone(c->cfg.timezone, &c->err);
		return rc ? rc : hak_clock_now(&c->now, &c->err);
	}
	hak_db_locate(hak_cli_opt(c, "db"), &c->cfg, &path);
	c->db_path = hak_buf_detach(&path, NULL);
	flags = c->verb->flags & HAK_VERB_WRITE ? 0 : HAK_DB_READONLY;
	rc = hak_db_open(c->db_path, flags, &c->db, &c->err);
	if (rc)
		return rc;
	c->now = hak_db_now(c->db);
	/* a demo database carries its own organisation: no warning */
	if (!hak_db_is_demo(c->db) && hak_db_config_differs(c->db, &c->cfg))
		hak_cli_warn(c, "the %s%s%s differs from the copy in '%s'"
			" (run 'hak init' to sync it)",
			c->cfg.path ? "config file '" : "", c->cfg.path ?
			c->cfg.path : "built-in default config",
			c->cfg.path ? "'" : "", c->db_path);
	return HAK_OK;
}

static int
finish_stdout(struct hak_cli *c, int rc)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	if (errno == EPIPE)
		return rc;
	if (rc == HAK_OK || rc == HAK_ENOMATCH)
		rc = hak_err_set(&c->err, HAK_EIO, "write error on stdout: %s",
			strerror(errno));
	return rc;
}

/* The option whose long name is the len bytes at s, or NULL. */
static const struct optdef *
find_long(const struct optdef *defs, size_t ndefs, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ndefs; i++)
		if (strlen(defs[i].name) == len && !strncmp(defs[i].name, s, len))
			return &defs[i];
	return NULL;
}

/* Whether ch is a short option taking a value. */
static bool
short_takes_arg(const struct optdef *defs, size_t ndefs, int ch)
{
	size_t i;

	for (i = 0; i < ndefs; i++)
		if (defs[i].shortopt == ch)
			return defs[i].arg;
	return false;
}

/*
 * getopt_long accepts unambiguous abbreviations of long options; SPEC 2.14
 * does not.  Refuse any long option that is not spelled out in full.
 */
static int
check_long_names(struct hak_cli *c, int argc, char **argv,
	const struct optdef *defs, size_t ndefs)
{
	const struct optdef *d;
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
				if (short_takes_arg(defs, ndefs, a[k])) {
					if (!a[k + 1])
						i++;
					break;
				}
			continue;
		}
		len = strcspn(a + 2, "=");
		if (!(d = find_long(defs, ndefs, a + 2, len)))
			return hak_err_set(&c->err, HAK_EUSAGE,
				"unknown option '--%.*s'", (int)len, a + 2);
		if (d->arg && !a[2 + len])
			i++;
	}
	return HAK_OK;
}

static int
parse(struct hak_cli *c, int argc, char **argv, const struct optdef *defs,
	size_t ndefs)
{
	struct option *lo = hak_xcalloc(ndefs + 1, sizeof(*lo));
	struct hak_buf so = HAK_BUF_INIT;
	size_t i;
	int ch, rc = HAK_OK;

	hak_buf_adds(&so, ":");
	for (i = 0; i < ndefs; i++) {
		lo[i].name = defs[i].name;
		lo[i].has_arg = defs[i].arg ? required_argument : no_argument;
		lo[i].val = 256 + (int)i;
		if (defs[i].shortopt) {
			hak_buf_addch(&so, defs[i].shortopt);
			if (defs[i].arg)
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
		if (ch < 256) {
			for (i = 0; i < ndefs && defs[i].shortopt != ch; i++)
				;
		} else {
			i = (size_t)(ch - 256);
		}
		c->vals = hak_xrealloc(c->vals, (c->nvals + 1) * sizeof(*c->vals));
		c->vals[c->nvals].name = defs[i].name;
		c->vals[c->nvals++].value = defs[i].arg ? optarg : NULL;
	}
	c->argc = argc - optind;
	c->argv = argv + optind;
	free(lo);
	hak_buf_release(&so);
	return rc;
}

static int
check_options(struct hak_cli *c, const struct optdef *defs, size_t ndefs)
{
	size_t i, k;

	for (i = 0; i < c->nvals; i++) {
		for (k = 0; k < ndefs && strcmp(defs[k].name, c->vals[i].name); k++)
			;
		if (k < ndefs && !verb_takes(c->verb, &defs[k]))
			return hak_err_set(&c->err, HAK_EUSAGE,
				"%s does not take --%s", c->verb->name,
				c->vals[i].name);
	}
	return HAK_OK;
}

int
hak_cli_first_operand(int argc, char **argv)
{
	const struct optdef *d;
	const char *a;
	int i;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (a[0] != '-' || !a[1])
			return i;
		d = NULL;
		if (a[1] == '-' && !strchr(a, '='))
			d = find_long(builtin, sizeof(builtin) /
				sizeof(builtin[0]) - 1, a + 2, strlen(a + 2));
		else if (a[1] != '-' && !a[2] && short_takes_arg(builtin,
			sizeof(builtin) / sizeof(builtin[0]) - 1, a[1]))
			i++;
		if (d && d->arg)
			i++;
	}
	return argc;
}

int
hak_cli_main(int argc, char **argv, const struct hak_cli_prog *prog)
{
	struct hak_cli c;
	struct optdef *defs;
	size_t ndefs;
	const struct hak_cli_verb *v;
	int rc;

	memset(&c, 0, sizeof(c));
	progname = prog->name;
	c.prog = prog;
	defs = all_options(prog, &ndefs);
	rc = check_long_names(&c, argc, argv, defs, ndefs);
	if (rc == HAK_OK)
		rc = parse(&c, argc, argv, defs, ndefs);
	if (rc)
		goto out;
	if (hak_cli_has(&c, "help")) {
		hak_cli_usage(prog, stdout);
		goto out;
	}
	if (hak_cli_has(&c, "version")) {
		printf("%s (hakjibon) %s\n", prog->name, HAK_VERSION);
		goto out;
	}
	if (hak_cli_has(&c, "list-commands")) {
		for (v = prog->verbs; v->name; v++)
			printf("%s\n", v->name);
		goto out;
	}
	if (hak_cli_has(&c, "list-operands")) {
		list_operands(prog, c.argc ? c.argv[0] : NULL);
		goto out;
	}
	if (hak_cli_has(&c, "list-values")) {
		list_values(&c, c.argc ? c.argv[0] : NULL);
		goto out;
	}
	if (hak_cli_has(&c, "list-options")) {
		list_options(prog, defs, ndefs, c.argc ? c.argv[0] : NULL);
		goto out;
	}
	if (c.argc < 1) {
		rc = hak_err_set(&c.err, HAK_EUSAGE, "no command given");
		goto out;
	}
	for (v = prog->verbs; v->name && strcmp(v->name, c.argv[0]); v++)
		;
	if (!v->name) {
		rc = hak_err_set(&c.err, HAK_EUSAGE, "unknown command '%s'",
			c.argv[0]);
		goto out;
	}
	c.verb = v;
	c.argc--;
	c.argv++;
	if ((rc = check_options(&c, defs, ndefs)))
		goto out;
	if ((v->flags & HAK_VERB_OUT) && (rc = setup_output(&c)))
		goto out;
	if ((v->flags & (HAK_VERB_DB | HAK_VERB_CONFIG)) && (rc = setup_data(&c)))
		goto out;
	rc = v->run(&c);
out:
	hak_db_close(c.db);
	hak_config_release(&c.cfg);
	free(c.db_path);
	free(c.vals);
	free(defs);
	rc = finish_stdout(&c, rc);
	if (rc != HAK_OK && c.err.msg[0]) {
		c.err.code = rc;
		hak_err_print(&c.err, prog->name, stderr);
	}
	return hak_exit_code(rc);
}
