/* SPDX-License-Identifier: MIT */
/*
 * tool/opt.h - the option tables of tool/cli.h at work, for tool/cli.c:
 * the getopt_long arrays built from them, applying the values to the
 * verb's struct, the usage text and the completion word lists.
 */
#ifndef HAK_TOOL_OPT_H
#define HAK_TOOL_OPT_H

#include "tool/cli.h"

/* The options given, in command-line order (owned by struct hak_opts). */
struct hak_given {
	const struct hak_opt *opt;	/* an entry of some table */
	const char *value;		/* NULL when it takes none */
};

struct hak_opts {
	const struct hak_opt **all;	/* every option of the program, once */
	size_t nall;
	struct hak_given *given;
	size_t ngiven;
};

/* Parse argv with every option the program knows; the global ones go
 * into c at once.  c->argc/argv are the operands.  HAK_EUSAGE when bad. */
int hak_opts_parse(struct hak_cli *c, struct hak_opts *po, int argc,
	char **argv);
/* The rest go into c (output options) and into c->opts, allocated for
 * c->verb; HAK_EUSAGE for an option the verb does not take or a bad
 * number. */
int hak_opts_apply(struct hak_cli *c, struct hak_opts *po);
/* Free c->opts (its lists too) and po's arrays. */
void hak_opts_release(struct hak_cli *c, struct hak_opts *po);

/* The completion helpers: print to stdout. */
void hak_opts_list_options(const struct hak_cli_prog *prog,
	const char *verb);
void hak_opts_list_values(struct hak_cli *c, const char *name);
void hak_opts_list_operands(const struct hak_cli_prog *prog,
	const char *verb);
/* --help after VERB: its options and what they do. */
void hak_opts_verb_help(const struct hak_cli_verb *v, FILE *fp);

#endif
