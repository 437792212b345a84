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
#include "hak/db.h"
#include "hak/err.h"

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
};

#endif
