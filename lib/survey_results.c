/* SPDX-License-Identifier: MIT */
/*
 * A stand-in for `results` (SPEC 5.4) until lib/survey_results.c of the
 * results branch is merged; that file replaces this one whole.
 */
#include "hak/survey.h"
#include "banned.h"

const struct hak_col hak_survey_result_cols[HAK_SURVEY_RESULT_NCOLS +
	HAK_SURVEY_COMPARE_NCOLS] = {
	{ "survey", HAK_COL_CODE }, { "question", HAK_COL_CODE },
	{ "group", HAK_COL_TEXT }, { "group_name", HAK_COL_PROSE },
	{ "respondents", HAK_COL_NUM }, { "n", HAK_COL_NUM },
	{ "mean", HAK_COL_NUM }, { "sd", HAK_COL_NUM },
	{ "ci95_low", HAK_COL_NUM }, { "ci95_high", HAK_COL_NUM },
	{ "score100", HAK_COL_NUM }, { "top2", HAK_COL_NUM },
	{ "dist", HAK_COL_TEXT }, { "response_rate", HAK_COL_NUM },
	{ "n_other", HAK_COL_NUM }, { "mean_other", HAK_COL_NUM },
	{ "score100_other", HAK_COL_NUM }, { "top2_other", HAK_COL_NUM },
	{ "delta_mean", HAK_COL_NUM }, { "delta_score100", HAK_COL_NUM },
	{ "delta_top2", HAK_COL_NUM }
};

int
hak_survey_results(struct hak_db *db, const struct hak_survey_results_opts *o,
	int (*fn)(void *ctx, const char *const *cells, size_t ncells),
	void *ctx, struct hak_err *err)
{
	(void)db;
	(void)o;
	(void)fn;
	(void)ctx;
	return hak_err_set(err, HAK_EUSAGE, "results: not built yet");
}

const char *
hak_survey_formulas(void)
{
	return "";
}
