/* SPDX-License-Identifier: MIT */
/* The programs' shared front end: options, verbs, config, database, output. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool/cli.h"
#include "tool/opt.h"
#include "hak/csvio.h"
#include "hak/date.h"
#include "hak/event.h"
#include "hak/import.h"
#include "hak/text.h"
#include "banned.h"

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
hak_cli_year(struct hak_cli *c, const char *name, const char *s, int *year)
{
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
hak_cli_period(struct hak_cli *c, const struct hak_cli_period *po,
	struct hak_period *p, bool *has)
{
	const struct hak_config *org = c->db ? hak_db_config(c->db) : &c->cfg;
	const char *per = po->period, *since = po->since, *until = po->until;

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
hak_cli_message(struct hak_cli *c, const char *m, char **text)
{
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

int
hak_cli_print_rows(struct hak_cli *c, const struct hak_col *cols, size_t ncols,
	const char *const *rows, size_t stride, size_t n)
{
	struct hak_out_opts oo = { 0 };
	struct hak_out *o;
	size_t i;
	int rc;

	oo.fmt = HAK_FMT_CSV;
	oo.fp = stdout;
	if ((rc = hak_out_open(&o, &oo, cols, ncols, &c->err)))
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = hak_out_row(o, rows + i * stride, &c->err))) {
			hak_out_abort(o);
			return rc;
		}
	return hak_out_close(o, &c->err);
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

/* --print: one change as a CSV line key,column,old,new on stdout. */
static int
print_change(void *arg, const char *key, const char *column, const char *old,
	const char *new, struct hak_err *err)
{
	struct hak_buf line = HAK_BUF_INIT;
	const char *v[4];
	size_t i;

	(void)arg;
	(void)err;
	v[0] = key;
	v[1] = column;
	v[2] = old;
	v[3] = new;
	for (i = 0; i < 4; i++) {
		if (i)
			hak_buf_addch(&line, ',');
		if (v[i])
			hak_csv_quote(&line, v[i], false);
	}
	hak_buf_addch(&line, '\n');
	fwrite(line.buf, 1, line.len, stdout);
	hak_buf_release(&line);
	return HAK_OK;
}

int
hak_cli_import_opts(struct hak_cli *c, const struct hak_cli_import *io,
	struct hak_import_opts *o)
{
	const char *enc = io->encoding;
	int rc;

	memset(o, 0, sizeof(*o));
	if (c->argc < 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"%s: a FILE is required", c->verb->name);
	if (enc && (rc = hak_encoding_parse(enc, &o->enc, &c->err)))
		return rc;
	o->path = c->argv[0];
	if (!strcmp(o->path, "-")) {
		/* the library never reads stdin itself: it gets the stream */
		o->path = "stdin";
		o->fp = stdin;
	}
	o->skip_invalid = io->skip_invalid;
	o->dry_run = io->dry_run;
	o->sheet = io->sheet;
	o->rejects = io->rejects;
	if ((rc = hak_db_refuse_output(c->db_path, o->rejects, &c->err)))
		return rc;
	o->columns = (const char *const *)io->columns.v;
	o->ncolumns = io->columns.n;
	if (io->print) {
		o->change = print_change;
		fputs("key,column,old,new\n", stdout);
	}
	o->report = stderr;
	if (isatty(STDERR_FILENO))
		o->progress = import_progress;
	return HAK_OK;
}

void
hak_cli_import_summary(struct hak_cli *c, const struct hak_cli_import *io,
	const struct hak_import_stats *st)
{
	struct hak_buf sum = HAK_BUF_INIT;

	hak_import_summary(st, &sum);
	(void)c;
	/* with --print, stdout holds the changes: the summary goes aside */
	fprintf(io->print ? stderr : stdout, "%s%s\n", sum.buf, io->dry_run ?
		" (dry run, nothing written)" : "");
	hak_buf_release(&sum);
}

int
hak_cli_record(struct hak_cli *c, const struct hak_col *cols, size_t n,
	const char *const *cells)
{
	static const struct hak_col kv[2] = {
		{ "field", HAK_COL_TEXT }, { "value", HAK_COL_PROSE }
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

int
hak_cli_row(void *ctx, const char *const *cells)
{
	struct hak_cli_rows *r = ctx;

	return hak_out_row(r->o, cells, r->err);
}

int
hak_cli_history(struct hak_cli *c, const struct hak_history *h,
	const struct hak_col *cols, const char *const *keycols, bool all)
{
	struct hak_strv keys = HAK_STRV_INIT, found = HAK_STRV_INIT;
	struct hak_cli_rows ho = { NULL, &c->err };
	char *k;
	size_t i, j;
	int rc;

	if (all)
		rc = hak_cli_no_operands(c, 0);
	else
		rc = hak_cli_keys(c, 0, keycols, &keys);
	for (i = 0; !rc && i < keys.n; i++) {
		if ((rc = h->find(c->db, keys.v[i], &k, &c->err)))
			break;
		for (j = 0; j < found.n && strcmp(found.v[j], k); j++)
			;
		if (j < found.n)
			free(k);
		else
			hak_strv_push_owned(&found, k);
	}
	if (rc || (rc = hak_cli_out_open(c, cols, HAK_HISTORY_NCOLS, &ho.o)))
		goto out;
	if (all)
		rc = hak_history_each(c->db, h, NULL, hak_cli_row, &ho,
			&c->err);
	for (i = 0; !rc && i < found.n; i++)
		rc = hak_history_each(c->db, h, found.v[i], hak_cli_row, &ho,
			&c->err);
	if (rc)
		hak_out_abort(ho.o);
	else
		rc = hak_cli_out_close(c, ho.o);
out:
	hak_strv_clear(&keys);
	hak_strv_clear(&found);
	return rc;
}

static int
setup_output(struct hak_cli *c)
{
	const char *path = c->out_opt;
	const char *cols = getenv("COLUMNS");
	bool tty = !path && isatty(STDOUT_FILENO);
	long long w = 80;
	int rc;

	rc = hak_format_pick(c->format_opt, tty, &c->out.fmt, &c->err);
	if (rc)
		return rc;
	/* md and html are documents': a listing refuses them when asked
	 * with -f, and takes table instead of $HAK_FORMAT's */
	if ((c->out.fmt == HAK_FMT_MD || c->out.fmt == HAK_FMT_HTML) &&
		!(c->verb->flags & HAK_VERB_DOC)) {
		if (c->format_opt)
			return hak_err_set(&c->err, HAK_EUSAGE, "format '%s' "
				"is for documents; %s writes records (use "
				"table, csv, tsv, json, jsonl, excel or xlsx)",
				c->format_opt, c->verb->name);
		c->out.fmt = HAK_FMT_TABLE;
	}
	/* a workbook is no text for a terminal (SPEC 2.6) */
	if (c->out.fmt == HAK_FMT_XLSX && !path && isatty(STDOUT_FILENO))
		return hak_err_set(&c->err, HAK_EUSAGE, "format 'xlsx' writes "
			"a workbook: give -o FILE or redirect standard output");
	c->out.path = path;
	c->out.fp = stdout;
	c->out.sheet = c->verb->name;
	c->out.no_header = c->no_header;
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
	rc = hak_config_load(c->config_opt, &c->cfg, warn, &c->err);
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
	hak_db_locate(c->db_opt, &c->cfg, &path);
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

int
hak_cli_flush_stdout(struct hak_err *err)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return HAK_OK;
	if (errno == EPIPE)
		return HAK_OK;
	return hak_err_set(err, HAK_EIO, "write error on stdout: %s",
		strerror(errno));
}

static int
finish_stdout(struct hak_cli *c, int rc)
{
	struct hak_err e;
	int frc;

	hak_err_clear(&e);
	if ((frc = hak_cli_flush_stdout(&e)) &&
		(rc == HAK_OK || rc == HAK_ENOMATCH)) {
		c->err = e;
		rc = frc;
	}
	return rc;
}

int
hak_cli_main(int argc, char **argv, const struct hak_cli_prog *prog)
{
	struct hak_cli c;
	struct hak_opts po;
	const struct hak_cli_verb *v;
	int rc;

	memset(&c, 0, sizeof(c));
	progname = prog->name;
	c.prog = prog;
	if ((rc = hak_opts_parse(&c, &po, argc, argv)))
		goto out;
	if (c.help) {
		hak_cli_usage(prog, stdout);
		for (v = prog->verbs; c.argc && v->name; v++)
			if (!strcmp(v->name, c.argv[0]))
				hak_opts_verb_help(v, stdout);
		goto out;
	}
	if (c.version) {
		printf("%s (hakjibon) %s\n", prog->name, HAK_VERSION);
		goto out;
	}
	if (c.list_commands) {
		for (v = prog->verbs; v->name; v++)
			printf("%s\n", v->name);
		goto out;
	}
	if (c.list_operands) {
		hak_opts_list_operands(prog, c.argc ? c.argv[0] : NULL);
		goto out;
	}
	if (c.list_values) {
		hak_opts_list_values(&c, c.argc ? c.argv[0] : NULL);
		goto out;
	}
	if (c.list_options) {
		hak_opts_list_options(prog, c.argc ? c.argv[0] : NULL);
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
	if ((rc = hak_opts_apply(&c, &po)))
		goto out;
	if ((v->flags & HAK_VERB_OUT) && (rc = setup_output(&c)))
		goto out;
	if ((v->flags & (HAK_VERB_DB | HAK_VERB_CONFIG)) && (rc = setup_data(&c)))
		goto out;
	if ((rc = hak_db_refuse_output(c.db_path, c.out.path, &c.err)))
		goto out;
	rc = v->run(&c);
out:
	hak_opts_release(&c, &po);
	hak_db_close(c.db);
	hak_config_release(&c.cfg);
	free(c.db_path);
	rc = finish_stdout(&c, rc);
	if (rc != HAK_OK && c.err.msg[0]) {
		c.err.code = rc;
		hak_err_print(&c.err, prog->name, stderr);
	}
	return hak_exit_code(rc);
}
