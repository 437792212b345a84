/* SPDX-License-Identifier: MIT */
/*
 * hak/survey.h - surveys: their definitions (SPEC 6.2), responses and
 * results (SPEC 5.4, 5.5).
 *
 * Storage (schema v5, lib/schema.c):
 *   surveys          one row per survey: the definition's YAML text as
 *                    given to `define` (parsed again when needed), its
 *                    SHA-256, and the columns other tables refer to.
 *   survey_questions one row per question ever defined with answers
 *                    possible: its pos (the index of its answer in
 *                    survey_responses.answers; a new question takes the
 *                    next pos, a pos is never reused), its type, points
 *                    and labels (the scale's labels joined by "\n"), so
 *                    that a re-define can refuse a change that would
 *                    invalidate stored answers.
 *   survey_batches   one row per import batch of a survey: the batch
 *                    (batches.id), the survey, the responses it added and,
 *                    after drop-batch, when it was dropped (its responses
 *                    are then deleted; `hak check` compares the count of
 *                    a batch's stored responses with `responses`, 0 when
 *                    dropped).
 *   survey_responses one row per response, its answers packed: answers
 *                    holds one character per pos (HAK_SURVEY_ANS_*);
 *                    identity is the raw 32-byte SHA-256 of the survey
 *                    code and the response's mapped, normalised cells;
 *                    ordinal k for the k-th identical row of a file;
 *                    fields a JSON object of the other mapped fields
 *                    (e.g. role) and kept columns, keys sorted, NULL when
 *                    none.
 *   survey_texts     the text answers (after [email]/[phone] replacement),
 *                    one row per non-empty answer.
 */
#ifndef HAK_SURVEY_H
#define HAK_SURVEY_H

#include <stdbool.h>
#include <stddef.h>

#include "hak/buf.h"
#include "hak/check.h"
#include "hak/db.h"
#include "hak/err.h"
#include "hak/event.h"
#include "hak/import.h"
#include "hak/out.h"

/*
 * One answer in survey_responses.answers: a scale value v (1..points, the
 * raw value as answered, before `reverse`) is the character '0' + v; yes
 * is '1' and no '0'; an `na` label is HAK_SURVEY_ANS_NA; a blank cell (and
 * a text question's pos, or a pos of a question not in the batch's
 * definition) is HAK_SURVEY_ANS_MISSING.  Points range 2..HAK_SURVEY_MAX_POINTS.
 */
#define HAK_SURVEY_ANS_MISSING '.'
#define HAK_SURVEY_ANS_NA '~'
#define HAK_SURVEY_ANS_YES '1'
#define HAK_SURVEY_ANS_NO '0'
#define HAK_SURVEY_MAX_POINTS 20
#define HAK_SURVEY_ANS(v) ((char)('0' + (v)))
#define HAK_SURVEY_VAL(c) ((int)((unsigned char)(c) - '0'))

/* --- the parsed definition (SPEC 6.2), made by lib/survey_def.c --- */

enum hak_survey_qtype {
	HAK_SURVEY_SCALE = 0,	/* points 2..HAK_SURVEY_MAX_POINTS */
	HAK_SURVEY_YESNO,
	HAK_SURVEY_TEXT
};

/* An answer spelling that means value (a label, a number, an alias). */
struct hak_survey_word {
	char *text;		/* NFC, spaces removed */
	int value;		/* 1..points; yes/no: 1 yes, 0 no */
};

struct hak_survey_scale {
	char *name;
	enum hak_survey_qtype type;	/* SCALE or YESNO */
	int points;		/* SCALE: number of points; YESNO: 2 */
	struct hak_strv labels;	/* SCALE: labels[0] means 1; YESNO: yes
				 * spellings then no spellings, as given */
	struct hak_strv na;	/* labels counted apart ("na"), as given */
	struct hak_survey_word *words;	/* every accepted spelling but the
					 * numbers and na, normalised */
	size_t nwords;
	/* added by lib/survey_def.c: words sorted by text (for a binary
	 * search), and the na labels normalised, sorted */
	struct hak_strv nawords;
	/* an open hash of words by text (FNV-1a): hash[h & hmask] holds
	 * a word's index + 1, 0 when empty */
	unsigned *hash;
	size_t hmask;
};

struct hak_survey_question {
	char *id;
	struct hak_strv headers;	/* `column`, with its alternatives */
	enum hak_survey_qtype type;
	const struct hak_survey_scale *scale;	/* NULL for TEXT */
	bool reverse;		/* scored points + 1 - value */
	bool optional;
	int pos;		/* index in survey_responses.answers */
};

/* A respondent attribute (`fields:`); school and submitted_at are fields
 * with those names. */
struct hak_survey_field {
	char *name;
	struct hak_strv headers;
	struct hak_strv map_to;		/* map: value each spelling becomes ... */
	struct hak_strv map_from;	/* ... map_from[i] -> map_to[i] */
};

struct hak_survey_def {
	char *code;
	char *title;
	char *project;		/* NULL: none */
	long population;	/* 0: none */
	bool unknown_school_missing;	/* unknown_school: missing */
	struct hak_survey_scale *scales;
	size_t nscales;
	struct hak_survey_question *questions;	/* in definition order */
	size_t nquestions;
	struct hak_survey_field *fields;
	size_t nfields;
	int npos;		/* length of the answers string */
};

/*
 * Parse and check a definition (SPEC 6.2) from text[0..len) (name names
 * it in messages: "NAME:LINE:COLUMN: message", HAK_EDATA).  Ids match
 * ^[a-z][a-z0-9_.-]{0,63}$; unknown keys are errors; each question's pos
 * is its index (hak_survey_load sets the stored ones); whether project
 * exists is checked by define, not here.  *out is the caller's
 * (hak_survey_def_free).
 */
int hak_survey_def_parse(const char *text, size_t len, const char *name,
	struct hak_survey_def **out, struct hak_err *err);
void hak_survey_def_free(struct hak_survey_def *d);	/* NULL is fine */

/*
 * The stored definition of survey code, parsed, with each question's pos
 * and npos as stored in survey_questions.  HAK_ENOMATCH when there is no
 * such survey.
 */
int hak_survey_load(struct hak_db *db, const char *code,
	struct hak_survey_def **out, struct hak_err *err);

/* The question with this id, or NULL. */
const struct hak_survey_question *hak_survey_question_find(
	const struct hak_survey_def *d, const char *id);

/*
 * One cell as an answer of scale s: blank (NULL, or only spaces) is
 * MISSING, never zero; an na label NA; a value (*value 1..points; yes/no:
 * 1 yes, 0 no) for a label, an alias, a yes/no spelling (matched after
 * NFC, removal of spaces and ASCII case folding) or, for scales, a number
 * 1..points written 5, 5.0, 5점 or ⑤ (circled ① to ⑳); else INVALID.
 */
enum hak_survey_answer {
	HAK_SURVEY_A_VALUE = 0,
	HAK_SURVEY_A_NA,
	HAK_SURVEY_A_MISSING,
	HAK_SURVEY_A_INVALID
};
enum hak_survey_answer hak_survey_answer_parse(
	const struct hak_survey_scale *s, const char *cell, int *value);

/*
 * A text answer as stored (SPEC 5.5): e-mail addresses replaced by
 * [email], phone numbers (010-1234-5678, 01012345678, 02-123-4567,
 * +82 10 1234 5678, ...) by [phone].  Appended to out.
 */
void hak_survey_scrub(const char *s, struct hak_buf *out);

/* --- results (SPEC 5.4), made by lib/survey_results.c --- */

/* The columns of `results`, and with --compare the seven more. */
#define HAK_SURVEY_RESULT_NCOLS 14
#define HAK_SURVEY_COMPARE_NCOLS 7

struct hak_survey_results_opts {
	const char *code;
	const char *by;		/* NULL: only (all); school, level,
				 * district, role or a field's name */
	const char *question;	/* NULL: every scale and yes/no question */
	const char *compare;	/* NULL, or the other survey's code */
	bool table;		/* cells for the table format: figures to
				 * one decimal, shares as percentages */
	const char *until;	/* NULL: every stored response; else only
				 * those of batches imported before this
				 * time (hak_time_format), for figures as
				 * of a past period's end */
};

/*
 * `results`: rows of HAK_SURVEY_RESULT_NCOLS cells (with compare, plus
 * HAK_SURVEY_COMPARE_NCOLS) to fn; a non-zero return from fn stops and
 * is returned.  Per question (definition order; text questions never),
 * the row group "(all)" first, then the groups of by (levels in SPEC 4's
 * order, others by code point), "(missing)" last.  Empty cells are NULL;
 * numbers are not rounded (shortest form that reads back) unless
 * o->table.  Groups but (all) under the config's min_group keep only
 * respondents, n and n_other.  response_rate only on (all), when the
 * definition has a population.  Errors, before any row: HAK_ENOMATCH an
 * unknown survey, compare survey or question; HAK_EUSAGE a text question,
 * a by that is no grouping (or a field the compare survey lacks);
 * HAK_EDATA a question whose type, points or labels differ in compare.
 * All figures come from one pass over the responses (see
 * lib/survey_results.c).
 */
extern const struct hak_col hak_survey_result_cols[HAK_SURVEY_RESULT_NCOLS +
	HAK_SURVEY_COMPARE_NCOLS];
int hak_survey_results(struct hak_db *db,
	const struct hak_survey_results_opts *o,
	int (*fn)(void *ctx, const char *const *cells, size_t ncells),
	void *ctx, struct hak_err *err);
/* The formulas, printed under a table of figures (text, lines). */
const char *hak_survey_formulas(void);

/* --- definitions, imports, listings (lib/survey.c) --- */

/*
 * `define`: create or update the survey of the definition text (name for
 * messages) in one transaction, with a "survey" event ("create", or
 * "define" with old and new SHA-256 of the text).  A question that has
 * stored answers and is removed, or whose type, points or labels (their
 * order) change, is refused with HAK_EDATA naming it; so is an unknown
 * project.  New questions take the next pos.  *code (may be NULL)
 * receives the survey's code (caller frees); *created whether it is new.
 */
int hak_survey_define(struct hak_db *db, const char *text, size_t len,
	const char *name, char **code, bool *created, struct hak_err *err);

/* list: code, title, project, population, questions, batches, responses */
#define HAK_SURVEY_NCOLS 7
extern const struct hak_col hak_survey_cols[HAK_SURVEY_NCOLS];
int hak_survey_each(struct hak_db *db,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err);
/* One survey's row of hak_survey_cols; HAK_ENOMATCH when unknown. */
int hak_survey_get(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err);

/* show: one row per question: id, pos, type, scale, points, labels,
 * reverse, optional, headers (";"-joined) */
#define HAK_SURVEY_Q_NCOLS 9
extern const struct hak_col hak_survey_q_cols[HAK_SURVEY_Q_NCOLS];
int hak_survey_questions_each(const struct hak_survey_def *d,
	int (*fn)(void *ctx, const char *const *cells), void *ctx);

/* Options of `import` beyond the driver's. */
struct hak_survey_import_opts {
	const char *code;
	const char *const *keep;	/* --keep-column headers */
	size_t nkeep;
};

/*
 * A --keep-column header that looks like a name, contact or address
 * (이름, 성명, 연락처, 전화, 휴대폰, e-mail, email, 이메일, 주소, any
 * case, as a substring): true.
 */
bool hak_survey_personal_header(const char *h);

/*
 * `import`: the survey's responses from a spreadsheet export through the
 * import driver (hak/import.h), one row per response (SPEC 5.4, 5.5).
 * A kept column that looks personal is HAK_EUSAGE; an unknown survey
 * HAK_ENOMATCH.
 */
int hak_survey_import(struct hak_db *db, const struct hak_survey_import_opts *so,
	const struct hak_import_opts *opts, struct hak_import_stats *st,
	struct hak_err *err);

/*
 * `responses`: head gets the columns once (long: survey, response, batch,
 * row, submitted_at, school, the definition's other fields, the kept
 * columns, question, value; wide: the same without question and value,
 * then one column per question id), then fn each row.
 */
int hak_survey_responses(struct hak_db *db, const char *code, bool wide,
	int (*head)(void *ctx, const struct hak_col *cols, size_t n),
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err);

/* batches: batch, file, sha256, at, actor, rows_read, new, same,
 * rejected, responses, dropped_at; by batch. */
#define HAK_SURVEY_BATCH_NCOLS 11
extern const struct hak_col hak_survey_batch_cols[HAK_SURVEY_BATCH_NCOLS];
int hak_survey_batches(struct hak_db *db, const char *code,
	int (*fn)(void *ctx, const char *const *cells), void *ctx,
	struct hak_err *err);

/*
 * `drop-batch`: delete the responses (and text answers) of one batch of
 * the survey and mark it dropped, with a "survey" "drop-batch" event.
 * HAK_ENOMATCH for an unknown survey or a batch not of this survey;
 * HAK_EDATA for a batch already dropped.  *n the responses deleted.
 */
int hak_survey_drop_batch(struct hak_db *db, const char *code,
	const char *batch, long *n, struct hak_err *err);

/* The history of surveys (hak/event.h). */
extern const struct hak_col hak_survey_hist_cols[HAK_HISTORY_NCOLS];
extern const struct hak_history hak_survey_history;

/* Words for completions: survey codes; the ids of scale and yes/no
 * questions and the --by words (school, level, district, role and the
 * fields) of every survey. */
int hak_survey_codes(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);
int hak_survey_question_ids(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);
int hak_survey_by_words(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);
/* The batches of surveys not dropped. */
int hak_survey_batch_ids(struct hak_db *db, struct hak_strv *out,
	struct hak_err *err);

/*
 * The demo step of `hak demo` (lib/survey_demo.c): the support
 * satisfaction surveys support-YYYY of this year and last year, linked to
 * that year's project ADM-YYYY-01, with about a thousand responses each;
 * appends ", 2 surveys, N responses" to summary.
 */
struct hak_rand;
int hak_survey_demo(struct hak_db *db, struct hak_rand *r,
	struct hak_buf *summary, struct hak_err *err);

/* `hak check`: every batch's stored responses equal its count. */
void hak_survey_check_add(struct hak_check *c);

#endif
