/* SPDX-License-Identifier: MIT */
/*
 * hak/school.h - the registry of schools served (SPEC 4).
 *
 * A school is keyed by its code (1-32 of [A-Za-z0-9_-], text, leading
 * zeros kept).  students, teachers and classes are kept per year.  Every
 * write keeps the matching keys (school_keys: hak_text_key of the code,
 * the name and each alias) up to date and records events (SPEC 2.13) in
 * the same transaction.
 *
 * struct hak_school owns its strings (hak_school_release frees them);
 * NULL fields are empty cells.  Counts are -1 when unknown.
 */
#ifndef HAK_SCHOOL_H
#define HAK_SCHOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hak/buf.h"
#include "hak/check.h"
#include "hak/db.h"
#include "hak/err.h"
#include "hak/event.h"
#include "hak/import.h"
#include "hak/out.h"

/* The columns of import, list and export, in order. */
#define HAK_SCHOOL_NCOLS 12
extern const struct hak_col hak_school_cols[HAK_SCHOOL_NCOLS];

struct hak_school {
	char *code;
	char *name;
	char *aliases;		/* ";"-separated, sorted, unique; NULL when none */
	char *codes;		/* other codes, a set as aliases */
	char *level;		/* a level code */
	char *district;
	char *status;		/* "open" or "closed" */
	char *closed_on;	/* YYYY-MM-DD, only when closed */
	char *opened;		/* YYYY-MM-DD */
	int year;		/* the year of the counts */
	long long students, teachers, classes;	/* -1 = NULL */
};

void hak_school_release(struct hak_school *s);

/* A school's cells in column order (hak_school_cols), borrowing from s and
 * from the struct (which holds the numbers' text). */
struct hak_school_cells {
	const char *v[HAK_SCHOOL_NCOLS];
	char num[3][24];
};
void hak_school_cells(const struct hak_school *s, struct hak_school_cells *c);

/* The year of hak_db_now(db) in the configured zone. */
int hak_school_year_now(struct hak_db *db);

/* The level and status codes, NULL-terminated (completion words). */
extern const char *const hak_school_levels[];
extern const char *const hak_school_statuses[];

/*
 * Values (SPEC 4).  Each returns HAK_EDATA with a message naming the value
 * (no column prefix) when refused.
 * - level: a code (any ASCII case) or a Korean label (유치원/유,
 *   초등학교/초등/초, 중학교/중, 고등학교/고, 특수학교; 기타, 각종학교,
 *   고등공민학교, 고등기술학교, 공민학교, 방송통신중학교, 방송통신고등학교,
 *   대안학교, 외국인학교 are "other") -> the code (a static string); the
 *   refusal lists the codes and the labels.
 * - status: open (운영) or closed (폐교, 폐원, 휴교, 폐(원)교).
 * - codes: a set as aliases, each item passing hak_school_code_check.
 * - code: 1-32 of [A-Za-z0-9_-] (after hak_input_code's 1.2E+15 hint).
 * - aliases: ";"-separated, each trimmed; empty items dropped; sorted by
 *   code point, unique; *out NULL when none (caller frees).
 */
int hak_school_level_parse(const char *s, const char **code,
	struct hak_err *err);
int hak_school_status_parse(const char *s, const char **code,
	struct hak_err *err);
int hak_school_code_check(const char *s, struct hak_err *err);
int hak_school_codes_norm(const char *s, char **out, struct hak_err *err);
int hak_school_aliases_norm(const char *s, char **out, struct hak_err *err);

/*
 * Find a school (SPEC 4): the exact code or one of its codes first; else hak_text_key(text)
 * against the keys of codes, names and aliases; if nothing matches and the
 * text ends in 초, 중, 고 or 유, the same with 초등학교, 중학교, 고등학교
 * or 유치원 in its place.  *code is the caller's.  HAK_ENOMATCH "no school
 * matches 'X'", then the nearest names (at most 5); HAK_EDATA when several
 * match, then the candidates: each a line of its own after the first
 * ("\n  CODE  NAME  LEVEL  DISTRICT", aligned).
 */
int hak_school_find(struct hak_db *db, const char *text, char **code,
	struct hak_err *err);

/* The school with this exact code and its counts for year.  HAK_ENOMATCH
 * when unknown.  s is filled (release it) on HAK_OK only. */
int hak_school_get(struct hak_db *db, const char *code, int year,
	struct hak_school *s, struct hak_err *err);

/* The per-year counts of a school, years ascending; fn is called once per
 * year with s holding only year and the counts.  A non-zero return from fn
 * stops and is returned. */
int hak_school_years(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const struct hak_school *s), void *ctx,
	struct hak_err *err);

/*
 * Whether a new record (request, participation) may name the school code:
 * HAK_EDATA "school 'CODE' (NAME) is closed" when it is closed, unless day
 * (YYYY-MM-DD, the record's date; NULL for now) is before its closed_on.
 */
int hak_school_usable(struct hak_db *db, const char *code, const char *day,
	struct hak_err *err);

/* list/export filters; NULL fields do not filter.  level is a level code,
 * name a substring matched on the key of the name and the aliases.
 * Without status only open schools pass, unless all is set. */
struct hak_school_filter {
	const char *level;
	const char *status;
	bool all;
	const char *district;
	const char *name;
	int year;
};

/* Call fn for each school (ordered by code) that passes f.  A non-zero
 * return from fn stops the walk and is returned. */
int hak_school_each(struct hak_db *db, const struct hak_school_filter *f,
	int (*fn)(void *ctx, const struct hak_school *s), void *ctx,
	struct hak_err *err);

/* Every school code, and every district, sorted (for completions). */
int hak_school_codes(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);
int hak_school_districts(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);

/* Import a school file (see hak/import.h) with counts for year. */
int hak_school_import(struct hak_db *db, const struct hak_import_opts *opts,
	int year, struct hak_import_stats *st, struct hak_err *err);

/*
 * A change made by `set`: NULL = leave, "" = clear (refused with HAK_EUSAGE
 * for name and level), else the new value in input form.  Counts apply to
 * year.
 */
struct hak_school_change {
	const char *name, *aliases, *level, *district, *opened;
	const char *codes, *status, *closed_on;
	const char *students, *teachers, *classes;
	int year;
};

/* Check a change's values: HAK_EUSAGE naming the option when bad. */
int hak_school_change_check(const struct hak_school_change *ch,
	struct hak_err *err);

enum hak_school_set_flags {
	HAK_SCHOOL_KEEP_GOING = 1 << 0,	/* one transaction per key */
	HAK_SCHOOL_DRY_RUN = 1 << 1	/* check, write nothing */
};

/*
 * `set`: find each key (hak_school_find) and apply ch, writing one
 * "update" event per changed field (old and new).  By default all keys in
 * one transaction (the first failure rolls everything back and is
 * returned in err); with HAK_SCHOOL_KEEP_GOING one per key, each failure
 * printed to report (hak_err_print with prog) and the most severe code
 * returned.  The affected records, after the change, are appended to
 * *done (n of them; the caller releases each and frees the array).
 */
int hak_school_set(struct hak_db *db, const struct hak_strv *keys,
	const struct hak_school_change *ch, unsigned flags, FILE *report,
	const char *prog, struct hak_school **done, size_t *n,
	struct hak_err *err);

/* The history of schools (hak/event.h): its columns and its kind, whose
 * keys are found by hak_school_find. */
extern const struct hak_col hak_school_hist_cols[HAK_HISTORY_NCOLS];
extern const struct hak_history hak_school_history;

/* `hak check` (hak/check.h): adds the step that matches each record
 * with its history (a create event) and each history with a record. */
void hak_school_check_add(struct hak_check *c);

#endif
