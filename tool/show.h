/* SPDX-License-Identifier: MIT */
/*
 * tool/show.h - writing a document (hak/doc.h) as the user asked: to
 * stdout or, with -o FILE, atomically to the file, so that an error or a
 * kill leaves no half page behind.
 */
#ifndef HAK_TOOL_SHOW_H
#define HAK_TOOL_SHOW_H

#include <stdio.h>

#include "hak/doc.h"
#include "tool/cli.h"

/* Renders d in c's output format to fp. */
typedef int hak_cli_render_fn(struct hak_cli *c, const struct hak_doc *d,
	FILE *fp);

/* d through render to stdout, or atomically to c's -o file. */
int hak_cli_doc_write(struct hak_cli *c, const struct hak_doc *d,
	hak_cli_render_fn *render);

/*
 * A `show` page: text (table), md, html and xlsx render the document;
 * the listing formats (csv, tsv, json, jsonl, excel) give each table as
 * a listing under its section's key (json: one object of them).
 */
int hak_cli_show_render(struct hak_cli *c, const struct hak_doc *d,
	FILE *fp);

#endif
