/* SPDX-License-Identifier: MIT */
/*
 * tool/cli.h - what every program shares (SPEC 2.6, 2.8, 2.11, 2.14): option
 * parsing with getopt_long (options before or after the verb, never
 * abbreviated, "--" ends them), --help, --version, the verb table, loading
 * the config, opening the database, output options, keys from stdin,
 * -m/--message, printing the one error and returning the exit status.
 *
 * This is the tool layer (tool/, built into libhaktool.a and linked only
 * into the programs in cmd/): the one place that reads stdin and writes
 * stdout and stderr on their behalf; the library (libhak.a) never does.
 * Verbs get a struct hak_cli and return a code.
 *
 * Options are declared once (as git's parse-options.h): each verb has a
 * table of struct hak_opt, made with the HAK_OPT_* macros, whose entries
 * bind an option to a field of the verb's own struct (verb->size bytes,
 * zeroed, at c->opts).  That table yields the getopt_long arrays, the
 * usage line (which is the man page's SYNOPSIS line), the per-verb help
 * and the completion word lists (--list-options, --list-values).  Verbs
 * of one program may share one struct, each table naming its own fields;
 * a long name takes a value in every table of a program or in none.
 *
 * Global options, accepted by every verb, fill struct hak_cli itself:
 * --db FILE, --config FILE, -h/--help, --version.  Output options
 * (-f/--format, -o/--out, --no-header, --fail-empty) are accepted by verbs
 * flagged HAK_VERB_OUT.  Any other option must be in the verb's table,
 * else exit 2.
 */
#ifndef HAK_TOOL_CLI_H
#define HAK_TOOL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hak/buf.h"
#include "hak/config.h"
#include "hak/date.h"
#include "hak/db.h"
#include "hak/err.h"
#include "tool/out.h"

enum hak_opt_type {
	HAK_OPTT_END = 0,
	HAK_OPTT_BOOL,		/* bool: true when given */
	HAK_OPTT_SET,		/* int: set to .num when given (last wins) */
	HAK_OPTT_STRING,	/* const char *: the value (last wins) */
	HAK_OPTT_LIST,		/* struct hak_strv: every value, in order */
	HAK_OPTT_INT,		/* long long in [.min, .max], .num if absent */
	HAK_OPTT_SEE		/* a global option shown in the synopsis */
};

enum hak_opt_flags {
	HAK_OPTF_REQ = 1 << 0,	/* shown bare, not in brackets (the verb
				 * says what is missing) */
	HAK_OPTF_OR = 1 << 1,	/* in the previous one's brackets, " | " */
	HAK_OPTF_AND = 1 << 2,	/* in the previous one's brackets, " " */
	HAK_OPTF_OPERAND = 1 << 3	/* instead of the operands:
					 * "ID... | - | --all" */
};

/* The words a value may be, read from the database (completions). */
typedef int hak_opt_words_fn(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);

struct hak_opt {
	enum hak_opt_type type;
	int shortopt;		/* 0 when none */
	const char *name;	/* long name without "--" */
	size_t off;		/* of the field in the verb's struct */
	const char *argname;	/* the value in the synopsis; NULL: none */
	unsigned flags;		/* enum hak_opt_flags */
	const char *help;	/* one line for --help */
	long long min, max, num;	/* INT range and default; SET value */
	const char *const *words;	/* completion words; NULL ends */
	hak_opt_words_fn *dbwords;	/* completion words from the database */
};

#define HAK_OPT_(t, s, n, st, f, a, fl, h) \
	.type = (t), .shortopt = (s), .name = (n), .off = offsetof(st, f), \
	.argname = (a), .flags = (fl), .help = (h)
/* --name: bool field */
#define HAK_OPT_BOOL(s, n, st, f, fl, h) \
	{ HAK_OPT_(HAK_OPTT_BOOL, s, n, st, f, NULL, fl, h) }
/* --name: int field set to v */
#define HAK_OPT_SET(s, n, st, f, v, fl, h) \
	{ HAK_OPT_(HAK_OPTT_SET, s, n, st, f, NULL, fl, h), .num = (v) }
/* --name ARG: const char * field */
#define HAK_OPT_STRING(s, n, st, f, a, fl, h) \
	{ HAK_OPT_(HAK_OPTT_STRING, s, n, st, f, a, fl, h) }
/* --name ARG, one of words (the verb parses it: labels may be allowed) */
#define HAK_OPT_ENUM(s, n, st, f, a, fl, w, h) \
	{ HAK_OPT_(HAK_OPTT_STRING, s, n, st, f, a, fl, h), .words = (w) }
/* --name ARG, a key such as a code, the known ones from the database */
#define HAK_OPT_KEY(s, n, st, f, a, fl, fn, h) \
	{ HAK_OPT_(HAK_OPTT_STRING, s, n, st, f, a, fl, h), .dbwords = (fn) }
/* --name ARG, repeatable: struct hak_strv field; w may be NULL */
#define HAK_OPT_LIST(s, n, st, f, a, fl, w, h) \
	{ HAK_OPT_(HAK_OPTT_LIST, s, n, st, f, a, fl, h), .words = (w) }
/* --name N: long long field in [lo, hi], d when absent */
#define HAK_OPT_INT(s, n, st, f, a, lo, hi, d, fl, h) \
	{ HAK_OPT_(HAK_OPTT_INT, s, n, st, f, a, fl, h), .min = (lo), \
	  .max = (hi), .num = (d) }
/* a global option (--db) shown in this verb's synopsis */
#define HAK_OPT_SEE(n, a, h) \
	{ .type = HAK_OPTT_SEE, .name = (n), .argname = (a), .help = (h) }
#define HAK_OPT_END() { .type = HAK_OPTT_END }

/* The import options (SPEC 2.10) of every import verb, in one field. */
struct hak_cli_import {
	const char *encoding;
	struct hak_strv columns;	/* --column FIELD=HEADER */
	bool skip_invalid;
	const char *rejects;
	bool dry_run;
	bool print;
	const char *sheet;		/* --sheet NAME|N */
};
extern const char *const hak_cli_encodings[];
/* --sheet NAME|N: the sheet of a workbook (SPEC 2.9) */
#define HAK_OPT_SHEET(st, f) \
	HAK_OPT_STRING(0, "sheet", st, f.sheet, "NAME|N", 0, \
		"read this sheet of a workbook (default: the first)")
#define HAK_OPT_IMPORT(st, f) \
	HAK_OPT_ENUM(0, "encoding", st, f.encoding, "E", 0, \
		hak_cli_encodings, "the file's encoding (default: auto)"), \
	HAK_OPT_SHEET(st, f), \
	HAK_OPT_LIST(0, "column", st, f.columns, "FIELD=HEADER", 0, NULL, \
		"read FIELD from the column headed HEADER"), \
	HAK_OPT_BOOL(0, "skip-invalid", st, f.skip_invalid, 0, \
		"import the valid rows, skip the others"), \
	HAK_OPT_STRING(0, "rejects", st, f.rejects, "FILE", 0, \
		"write the skipped rows there, with their errors"), \
	HAK_OPT_BOOL(0, "dry-run", st, f.dry_run, 0, \
		"check and count, write nothing"), \
	HAK_OPT_BOOL(0, "print", st, f.print, 0, \
		"list the changes as CSV key,column,old,new")

/* The options of commands that act on keys (SPEC 2.8). */
struct hak_cli_act {
	bool keep_going;
	bool print;
	bool dry_run;
};
#define HAK_OPT_KEEP_GOING(st, f) \
	HAK_OPT_BOOL(0, "keep-going", st, f.keep_going, 0, \
		"go on past a key that fails")
#define HAK_OPT_PRINT(st, f) \
	HAK_OPT_BOOL(0, "print", st, f.print, 0, \
		"print the records changed, as list CSV"), \
	HAK_OPT_BOOL(0, "dry-run", st, f.dry_run, 0, \
		"check everything, change nothing")
#define HAK_OPT_ACT(st, f) HAK_OPT_KEEP_GOING(st, f), HAK_OPT_PRINT(st, f)

/* --period P | --since P --until P (SPEC 2.4). */
struct hak_cli_period {
	const char *period;
	const char *since;
	const char *until;
};
#define HAK_OPT_PERIOD(st, f) \
	HAK_OPT_STRING(0, "period", st, f.period, "P", 0, \
		"within this period (SPEC 2.4: 2026-11, this-year, ...)"), \
	HAK_OPT_STRING(0, "since", st, f.since, "P", HAK_OPTF_OR, \
		"from the start of this period on"), \
	HAK_OPT_STRING(0, "until", st, f.until, "P", HAK_OPTF_AND, \
		"up to the end of this period")

enum hak_verb_flags {
	HAK_VERB_DB = 1 << 0,		/* opens the database */
	HAK_VERB_WRITE = 1 << 1,	/* ... for writing */
	HAK_VERB_OUT = 1 << 2,		/* takes -f -o --no-header --fail-empty */
	HAK_VERB_CONFIG = 1 << 3,	/* loads the config file even without DB */
	HAK_VERB_DOC = 1 << 4		/* with OUT: a document, -f md|html too */
};

struct hak_cli;

struct hak_cli_verb {
	const char *name;
	int (*run)(struct hak_cli *cli);
	const char *operands;		/* the synopsis before the options */
	const struct hak_opt *opts;	/* HAK_OPT_END() ends; may be NULL */
	size_t size;			/* of the struct opts bind */
	unsigned flags;
	const char *help;		/* one line */
};

/*
 * The words an operand (named as in the synopsis, lower case: "school")
 * may be, for completions (--list-values NAME): fixed words, or words read
 * from the database (opened read-only, quietly: no database, no words).
 */
struct hak_cli_values {
	const char *operand;
	const char *const *words;	/* NULL ends; may be NULL */
	hak_opt_words_fn *dbwords;	/* may be NULL */
};

struct hak_cli_prog {
	const char *name;		/* "hak-school" */
	const char *summary;		/* one line for --help */
	const struct hak_cli_verb *verbs;	/* {NULL} ends */
	const struct hak_cli_values *operands;	/* may be NULL; {NULL} ends */
};

struct hak_cli {
	const struct hak_cli_prog *prog;
	const struct hak_cli_verb *verb;
	void *opts;		/* the verb's struct, filled from its table */
	int argc;		/* operands after the verb */
	char **argv;
	/* global options */
	const char *db_opt;	/* --db */
	const char *config_opt;	/* --config */
	bool help, version;
	bool list_commands, list_options, list_values, list_operands;
	/* output options */
	const char *format_opt;	/* -f */
	const char *out_opt;	/* -o */
	bool no_header;
	bool fail_empty;
	struct hak_config cfg;	/* the config file found (HAK_VERB_DB/CONFIG) */
	struct hak_db *db;	/* HAK_VERB_DB */
	char *db_path;		/* the located database path */
	int64_t now;
	struct hak_out_opts out;	/* resolved for HAK_VERB_OUT */
	struct hak_err err;	/* verbs put their error details here */
};

/*
 * Run a program: parse argv, handle --help, --version, and for the
 * completions --list-commands, --list-options [VERB], --list-operands
 * VERB and --list-values NAME, find the verb, load the config and open
 * the database as the verb's flags say, run it, close everything, flush
 * stdout (a failed flush is HAK_EIO; EPIPE ends quietly), print the error
 * once and return the exit status.  SIGPIPE is left at its default so a
 * closed pipe ends the program quietly.
 */
int hak_cli_main(int argc, char **argv, const struct hak_cli_prog *prog);

/*
 * Flush stdout: HAK_OK, also when the reader went away (EPIPE: a closed
 * pipe ends quietly), else HAK_EIO with "write error on stdout: REASON".
 */
int hak_cli_flush_stdout(struct hak_err *err);

/*
 * The index of the first operand in argv[1..argc-1] (argc when none),
 * stepping over the options every program knows and their values
 * ("--db FILE", "--db=FILE", "-f csv", "-fcsv"); any other option counts
 * as one word.  The dispatcher uses it to find the command name.
 */
int hak_cli_first_operand(int argc, char **argv);

/* Print the usage text (the man page's SYNOPSIS lines first) to fp. */
void hak_cli_usage(const struct hak_cli_prog *prog, FILE *fp);

/*
 * Value s of option name as a year (SPEC 2.4): a year, or any period
 * within one calendar year (this-year, last-year, 2026-11, today, ...);
 * YYYYSY is year YYYY.  *year unchanged when s is NULL; HAK_EUSAGE naming
 * the option when bad.
 */
int hak_cli_year(struct hak_cli *c, const char *name, const char *s,
	int *year);

/*
 * --period P, or --since P and/or --until P (SPEC 2.4): *has tells whether
 * any was given.  Mixing --period with --since/--until, or a bad period,
 * is HAK_EUSAGE.
 */
int hak_cli_period(struct hak_cli *c, const struct hak_cli_period *po,
	struct hak_period *p, bool *has);

/* A checked integer parse (never atoi): HAK_EUSAGE when not all digits
 * or out of [min, max]; what names the value in the message. */
int hak_parse_int(const char *s, long long min, long long max, long long *v,
	const char *what, struct hak_err *err);

/* HAK_EUSAGE naming the first operand from index first on, if any. */
int hak_cli_no_operands(struct hak_cli *c, int first);

/* -m/--message m: the text (read whole from stdin when "-"), NULL when m
 * is NULL.  The caller frees *text. */
int hak_cli_message(struct hak_cli *c, const char *m, char **text);

/*
 * The keys a verb acts on (SPEC 2.8): its operands from index first on,
 * or, when the only one is "-", records from stdin through
 * hak_csv_read_keys with keycols.  HAK_EUSAGE when there are none.
 */
int hak_cli_keys(struct hak_cli *c, int first, const char *const *keycols,
	struct hak_strv *keys);

/* Open output for the verb (c->out) with these columns. */
int hak_cli_out_open(struct hak_cli *c, const struct hak_col *cols,
	size_t ncols, struct hak_out **o);
/* Close it; with --fail-empty and no rows, HAK_ENOMATCH. */
int hak_cli_out_close(struct hak_cli *c, struct hak_out *o);
/* --print: n rows of ncols cells (stride cells apart) as CSV on stdout. */
int hak_cli_print_rows(struct hak_cli *c, const struct hak_col *cols,
	size_t ncols, const char *const *rows, size_t stride, size_t n);

/*
 * Imports (SPEC 2.10): fill o from the verb's operand FILE (argv[0], "-"
 * for stdin) and its import options io (problems reported on stderr;
 * --rejects naming the database is refused); and print the one-line
 * summary of st on stdout.
 */
struct hak_import_opts;
struct hak_import_stats;
int hak_cli_import_opts(struct hak_cli *c, const struct hak_cli_import *io,
	struct hak_import_opts *o);
void hak_cli_import_summary(struct hak_cli *c, const struct hak_cli_import *io,
	const struct hak_import_stats *st);

/*
 * One record, as `show` prints it: in table format (for people) a
 * field/value pair a line; in every other format one row under cols, so
 * that it reads like a line of `list`.
 */
int hak_cli_record(struct hak_cli *c, const struct hak_col *cols, size_t n,
	const char *const *cells);

/* Rows handed over by the library's walks, a row of cells at a time, go
 * to hak_cli_row with this as ctx. */
struct hak_cli_rows {
	struct hak_out *o;
	struct hak_err *err;
};
int hak_cli_row(void *ctx, const char *const *cells);

/*
 * `history KEY... | -` (SPEC 2.13): the keys (operands, or records from
 * stdin with keycols) found by h->find, every one before any output (the
 * first unknown one is the error), then their events under cols
 * (HAK_HISTORY_COLS), a key named twice once; with all, every key's.
 */
struct hak_history;
int hak_cli_history(struct hak_cli *c, const struct hak_history *h,
	const struct hak_col *cols, const char *const *keycols, bool all);

/* Print a warning "PROG: warning: ..." to stderr. */
void hak_cli_warn(const struct hak_cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The program name for messages ("hak-school"). */
const char *hak_cli_progname(void);

#endif
