/* SPDX-License-Identifier: MIT */
/*
 * hak/out.h - what the library knows of output: the columns of a record
 * type (names and JSON types, which the domain modules publish) and files
 * written atomically (--rejects, backups, -o), and the string helpers the
 * formats and documents share (table cells, JSON literals).  Writing rows
 * in a format (SPEC 2.6) is the tool layer's (tool/out.h): the library
 * never prints.
 */
#ifndef HAK_OUT_H
#define HAK_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hak/err.h"

/*
 * A column's JSON type, and for the table format how its cells may be cut
 * to fit the terminal (SPEC 2.6): CODE cells (codes and ids) never are,
 * PROSE cells (names, titles, free text) first, the others after them.
 */
enum hak_coltype {
	HAK_COL_TEXT = 0,	/* JSON string: a short value (date, state) */
	HAK_COL_NUM,		/* JSON number (cells hold decimal text) */
	HAK_COL_BOOL,		/* cells "1"/"0"; JSON true/false */
	HAK_COL_CODE,		/* JSON string: a code or id, never cut */
	HAK_COL_PROSE		/* JSON string: free text, cut first */
};

struct hak_col {
	const char *name;
	enum hak_coltype type;
};

/* Format one table cell for a terminal: control and bidi characters as
 * '?', cut to at most width cells with a trailing "…".  Caller frees. */
char *hak_out_cell_fit(const char *s, size_t width);

/* Append s as a JSON string literal (quoted, escaped) to b. */
struct hak_buf;
void hak_out_json_string(struct hak_buf *b, const char *s);
/* True when s is a number in JSON's grammar (RFC 8259 section 6). */
bool hak_out_json_number(const char *s);

/*
 * Atomic files (also used for --rejects and backups): create a temporary
 * file next to path with the given mode; commit fsyncs, renames and
 * fsyncs the directory; abort unlinks.  Both free af.
 */
struct hak_afile {
	FILE *fp;
	char *path;
	char *tmp;
};
int hak_afile_open(struct hak_afile *af, const char *path, int mode,
	struct hak_err *err);
int hak_afile_commit(struct hak_afile *af, struct hak_err *err);
void hak_afile_abort(struct hak_afile *af);

#endif
