/* SPDX-License-Identifier: MIT */
/*
 * hak/check.h - `hak check` (SPEC 5.1) as a list of steps.
 *
 * A step looks at the database and writes one line per finding (and per
 * warning, starting "warning: ") to report, adding the findings (not the
 * warnings) to *findings.  It returns HAK_OK when it could run, else an
 * error code in err.  The database's own steps (integrity, foreign keys,
 * the events hash chain, batch counts, permissions) come from
 * hak_check_add_db; each domain module adds its steps through its own
 * hak_<module>_check_add (e.g. hak_request_check_add), so this module
 * knows no domain.  The list owns its array; names are borrowed (static
 * strings).
 */
#ifndef HAK_CHECK_H
#define HAK_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include "hak/db.h"
#include "hak/err.h"

typedef int hak_check_fn(struct hak_db *db, FILE *report, int *findings,
	struct hak_err *err);

struct hak_check_step {
	const char *name;	/* for messages: "check of NAME: ..." */
	hak_check_fn *fn;
};

struct hak_check {
	struct hak_check_step *v;
	size_t n, alloc;
};
#define HAK_CHECK_INIT { NULL, 0, 0 }

/* Append a step (run in the order added). */
void hak_check_add(struct hak_check *c, const char *name, hak_check_fn *fn);
/* Append the database's own steps. */
void hak_check_add_db(struct hak_check *c);
/*
 * Run the steps in order; *findings is set to the total.  The first step
 * that cannot run stops the check: its code is returned, err prefixed
 * with "check of NAME".
 */
int hak_check_run(const struct hak_check *c, struct hak_db *db, FILE *report,
	int *findings, struct hak_err *err);
void hak_check_release(struct hak_check *c);

/*
 * For a domain's step: every row of table (keyed by column keycol) has a
 * "create" event of entity, and every key with events of entity has a
 * row.  Reports "TABLE: ENTITY KEY: no create event" and "TABLE: ENTITY
 * KEY: history of a missing ENTITY".  table, keycol and entity come from
 * the caller's code, never from input (they are not bound).
 */
int hak_check_history(struct hak_db *db, const char *entity,
	const char *table, const char *keycol, FILE *report, int *findings,
	struct hak_err *err);

#endif
