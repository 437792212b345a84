/* SPDX-License-Identifier: MIT */
/*
 * tool/cli.h - what every program shares (SPEC 2.6, 2.8, 2.11, 2.14): option
 * parsing with getopt_long (options before or after the verb, never
 * abbreviated), --help, --version, the verb table, loading the config,
 * opening the database, output options, keys from stdin, -m/--message,
 * printing the one error and returning the exit status.
 *
 * This is the tool layer (tool/, built into libhaktool.a and linked only
 * into the programs in cmd/): the one place that reads stdin and writes
 * stdout and stderr on their behalf; the library (libhak.a) never does.
 * Verbs get a struct hak_cli and return a code.
 *
 * Global options, accepted by every verb: --db FILE, --config FILE,
 * -h/--help, --version.  Output options (-f/--format, -o/--out,
 * --no-header, --fail-empty) are accepted by verbs flagged HAK_VERB_OUT.
 * Any other option must be named in the verb's opts list, else exit 2.
 */
#ifndef HAK_TOOL_CLI_H
#define HAK_TOOL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hak/buf.h"
#include "hak/config.h"
#include "hak/db.h"
#include "hak/err.h"
#include "tool/out.h"

enum hak_arg {
	HAK_ARG_NONE = 0,
	HAK_ARG_REQUIRED = 1
};

struct hak_cli_opt {
	const char *name;	/* long name without "--" */
	int shortopt;		/* 0 when none */
	enum hak_arg arg;
};

enum hak_verb_flags {
	HAK_VERB_DB = 1 << 0,		/* opens the database */
	HAK_VERB_WRITE = 1 << 1,	/* ... for writing */
	HAK_VERB_OUT = 1 << 2,		/* takes -f -o --no-header --fail-empty */
	HAK_VERB_CONFIG = 1 << 3	/* loads the config file even without DB */
};

struct hak_cli;

struct hak_cli_verb {
	const char *name;
	int (*run)(struct hak_cli *cli);
	const char *opts;	/* space-separated long names, may be NULL */
	unsigned flags;
	const char *synopsis;	/* after "PROG VERB ", as in the man page */
};

/*
 * The words an option's value (or an operand, named e.g. "school") may be,
 * for completions (--list-values NAME): fixed words, or words read from
 * the database (which is then opened read-only, quietly: no database, no
 * words).
 */
struct hak_cli_values {
	const char *option;		/* long name, or an operand's name */
	const char *const *words;	/* NULL ends; may be NULL */
	int (*list)(struct hak_db *db, struct hak_strv *out,
		struct hak_err *err);	/* may be NULL */
};

struct hak_cli_prog {
	const char *name;		/* "hak-school" */
	const char *summary;		/* one line for --help */
	const struct hak_cli_opt *opts;	/* program options, {NULL} ends */
	const struct hak_cli_verb *verbs;	/* {NULL} ends */
	const struct hak_cli_values *values;	/* may be NULL; {NULL} ends */
};

struct hak_cli_val {
	const char *name;	/* option long name */
	const char *value;	/* NULL for a flag */
};

struct hak_cli {
	const struct hak_cli_prog *prog;
	const struct hak_cli_verb *verb;
	int argc;		/* operands after the verb */
	char **argv;
	struct hak_cli_val *vals;	/* options in command-line order */
	size_t nvals;
	struct hak_config cfg;	/* the config file found (HAK_VERB_DB/CONFIG) */
	struct hak_db *db;	/* HAK_VERB_DB */
	char *db_path;		/* the located database path */
	int64_t now;
	struct hak_out_opts out;	/* resolved for HAK_VERB_OUT */
	bool fail_empty;
	struct hak_err err;	/* verbs put their error details here */
};

/*
 * Run a program: parse argv, handle --help, --version, and for the
 * completions --list-commands, --list-options [VERB] and --list-values
 * OPTION (the words of prog->values, and the built-in format and
 * encoding names), find the verb, load the config
 * and open the database as the verb's flags say, run it, close everything,
 * flush stdout (a failed flush is HAK_EIO; EPIPE ends quietly), print the
 * error once and return the exit status.  SIGPIPE is left at its default
 * so a closed pipe ends the program quietly.
 */
int hak_cli_main(int argc, char **argv, const struct hak_cli_prog *prog);

/*
 * The index of the first operand in argv[1..argc-1] (argc when none),
 * stepping over the options every program knows and their values
 * ("--db FILE", "--db=FILE", "-f csv", "-fcsv"); any other option counts
 * as one word.  The dispatcher uses it to find the command name.
 */
int hak_cli_first_operand(int argc, char **argv);

/* Print the usage text (as the man page's SYNOPSIS) to fp. */
void hak_cli_usage(const struct hak_cli_prog *prog, FILE *fp);

/* The last value of option name, or NULL when not given ("" is a value). */
const char *hak_cli_opt(const struct hak_cli *c, const char *name);
/* Whether option name was given. */
bool hak_cli_has(const struct hak_cli *c, const char *name);
/* All values of a repeatable option, in order, into sv (borrowed copies). */
void hak_cli_optv(const struct hak_cli *c, const char *name,
	struct hak_strv *sv);
/* Option as an integer in [min, max]; *v unchanged when absent.
 * HAK_EUSAGE naming the option when malformed. */
int hak_cli_int(struct hak_cli *c, const char *name, long long min,
	long long max, long long *v);
/*
 * Option as a year (SPEC 2.4): a year, or any period within one calendar
 * year (this-year, last-year, 2026-11, today, ...); YYYYSY is year YYYY.
 * *year unchanged when absent; HAK_EUSAGE naming the option when bad.
 */
int hak_cli_year(struct hak_cli *c, const char *name, int *year);

/*
 * --period P, or --since P and/or --until P (SPEC 2.4): *has tells whether
 * any was given.  Mixing --period with --since/--until, or a bad period,
 * is HAK_EUSAGE.
 */
int hak_cli_period(struct hak_cli *c, struct hak_period *p, bool *has);

/* A checked integer parse (never atoi): HAK_EUSAGE when not all digits
 * or out of [min, max]; what names the value in the message. */
int hak_parse_int(const char *s, long long min, long long max, long long *v,
	const char *what, struct hak_err *err);

/* HAK_EUSAGE naming the first operand from index first on, if any. */
int hak_cli_no_operands(struct hak_cli *c, int first);

/* -m/--message: the text (read whole from stdin when "-"), NULL when not
 * given.  The caller frees *text. */
int hak_cli_message(struct hak_cli *c, char **text);

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

/*
 * Imports (SPEC 2.10): fill o from the verb's operand FILE (argv[0]) and
 * its --encoding, --skip-invalid, --dry-run, --rejects options (problems
 * reported on stderr); and print the one-line summary of st on stdout.
 */
struct hak_import_opts;
struct hak_import_stats;
int hak_cli_import_opts(struct hak_cli *c, struct hak_import_opts *o);
void hak_cli_import_summary(struct hak_cli *c,
	const struct hak_import_stats *st);

/*
 * One record, as `show` prints it: in table format (for people) a
 * field/value pair a line; in every other format one row under cols, so
 * that it reads like a line of `list`.
 */
int hak_cli_record(struct hak_cli *c, const struct hak_col *cols, size_t n,
	const char *const *cells);

/* Print a warning "PROG: warning: ..." to stderr. */
void hak_cli_warn(const struct hak_cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The program name for messages ("hak-school"). */
const char *hak_cli_progname(void);

#endif
