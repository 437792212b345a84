/* SPDX-License-Identifier: MIT */
/*
 * hak/csvio.h - reading CSV input files (SPEC 2.7-2.9) and quoting CSV
 * fields on output.
 *
 * The reader streams: it reads the file in chunks, decides the encoding
 * (SPEC 2.9: with --encoding auto and no BOM, UTF-8 if the whole input is
 * valid UTF-8, else CP949; decided at open by reading ahead, which copies a
 * stream that is not a regular file, such as a pipe, to a 0600 file in
 * $TMPDIR unlinked at once), converts CP949 to UTF-8 with iconv, parses
 * with libcsv, normalises every field to NFC and removes one leading "'"
 * put there by the excel format (only when the next character is one of
 * = + - @ TAB CR or ', see hak_csv_excel_guard).  Memory use is bounded by the
 * largest record, not the file.
 *
 * Rows are counted as a spreadsheet shows them: the first record is row 1
 * (usually the header).  Completely empty records are skipped but still
 * counted.  Errors in the data carry where = "FILE:ROW" (or "FILE:LINE"
 * for a CSV syntax error such as an unclosed quote) and code HAK_EDATA.
 *
 * A workbook (.xlsx or .xls, told by its first bytes, not its name) is
 * read through hak/workbook.h instead: one sheet's rows become records,
 * cells by column (A first), row numbers the sheet's own, errors at
 * "FILE:SHEET!C7".  A workbook on a stream that is not a regular file is
 * first copied to a 0600 temporary file, unlinked at once.
 */
#ifndef HAK_CSVIO_H
#define HAK_CSVIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hak/buf.h"
#include "hak/err.h"

enum hak_encoding {
	HAK_ENC_AUTO = 0,
	HAK_ENC_UTF8,
	HAK_ENC_CP949
};

/* "auto", "utf-8" (also "utf8"), "cp949" (also "euc-kr") -> enum;
 * HAK_EUSAGE otherwise. */
int hak_encoding_parse(const char *s, enum hak_encoding *enc,
	struct hak_err *err);

enum hak_csv_flags {
	HAK_CSV_RAW = 1 << 0	/* no NFC and no excel unguarding (tests) */
};

struct hak_csv;

struct hak_csv_rec {
	size_t n;		/* fields */
	char **f;		/* NUL-terminated UTF-8; borrowed until next read */
	size_t *len;		/* byte lengths of f[i] */
	long row;		/* spreadsheet row of this record, 1-based */
	long line;		/* physical line where it starts, 1-based */
	bool unterminated;	/* ended by end of file without a line end */
};

/*
 * Open the file path for reading ("-" is a file name here: the programs
 * pass stdin to hak_csv_open_fp, named "stdin" in messages) and decide
 * its encoding, reading it through once when that takes it (a regular
 * file is left where it was; other streams are read to the first byte
 * sequence invalid in UTF-8, or to the end, into a temporary copy that
 * later reads use up first).  Refuses
 * with HAK_EDATA and a hint to save as "CSV UTF-8": a UTF-16 BOM, HTML
 * saved as .xls, a damaged or hostile workbook.  HAK_ENOINPUT / HAK_EPERM
 * when the file cannot be opened.  The reader is the caller's
 * (hak_csv_close).
 */
int hak_csv_open(const char *path, enum hak_encoding enc, unsigned flags,
	struct hak_csv **r, struct hak_err *err);
/* Same on an open stream; name is used in messages; fp is not closed. */
int hak_csv_open_fp(FILE *fp, const char *name, enum hak_encoding enc,
	unsigned flags, struct hak_csv **r, struct hak_err *err);
/*
 * Either of the above (fp NULL: open path; else read fp named path),
 * reading the sheet `sheet` of a workbook (a name or a number from 1;
 * NULL: the first).  A sheet asked of a file that is not a workbook is
 * HAK_EUSAGE; an unknown sheet HAK_EDATA listing the sheets.
 */
int hak_csv_open_sheet(const char *path, FILE *fp, enum hak_encoding enc,
	unsigned flags, const char *sheet, struct hak_csv **r,
	struct hak_err *err);
void hak_csv_close(struct hak_csv *r);

/*
 * Read the next non-empty record into *rec (borrowed until the next call);
 * *rec = NULL at the end.  HAK_EDATA for: invalid bytes in the decided
 * encoding (with the row), a field over 1 MiB, a record over 16 MiB, a NUL
 * byte, an unclosed quote at the end (with the line).
 */
int hak_csv_read(struct hak_csv *r, const struct hak_csv_rec **rec,
	struct hak_err *err);

/* The name used in messages ("stdin" for "-"). */
const char *hak_csv_name(const struct hak_csv *r);
/* The sheet read, or NULL when the input is CSV. */
const char *hak_csv_sheet(const struct hak_csv *r);
/* Set e->where for a problem at row (and field col, 0-based, or -1):
 * "FILE:ROW" for CSV, "FILE:SHEET!C7" (or "FILE:SHEET!7") for a sheet. */
void hak_csv_where(const struct hak_csv *r, struct hak_err *e, long row,
	long col);
/* The decided encoding: never HAK_ENC_AUTO once open. */
enum hak_encoding hak_csv_encoding(const struct hak_csv *r);
/* Bytes of the input consumed so far, and its size (a regular file) or
 * -1 when not known: for progress reports. */
void hak_csv_progress(const struct hak_csv *r, long long *done,
	long long *total);
/* SHA-256 (lowercase hex) of all bytes read so far, as they were in the
 * file; complete once hak_csv_read returned NULL. */
const char *hak_csv_sha256(struct hak_csv *r);

/* Index of the field equal to name after trimming spaces, or -1. */
int hak_csv_find(const struct hak_csv_rec *hdr, const char *name);

/*
 * Keys from stdin (SPEC 2.8): read all of fp (named name); the first row is
 * a header only if one of its cells equals one of keycols (tried in order,
 * e.g. {"school", "code", NULL}); keys come from that column, else from the
 * first column.  Duplicates are dropped, order kept.  A last record without
 * its line end, or no keys and no header, is HAK_EDATA; a header alone (an
 * empty listing) is HAK_OK with no keys.
 */
int hak_csv_read_keys(FILE *fp, const char *name, const char *const *keycols,
	struct hak_strv *keys, struct hak_err *err);

/* Append s as one CSV field (RFC 4180 quoting when needed) to b.  When
 * excel is set, a cell a spreadsheet would run as a formula gets a leading
 * "'" first.  NULL appends nothing (an empty cell). */
void hak_csv_quote(struct hak_buf *b, const char *s, bool excel);

/* True when the excel format would prefix s with "'": s starts with = + -
 * @ TAB CR or ' and is not a plain number (SPEC 2.6). */
bool hak_csv_excel_guard(const char *s);

/*
 * Values in input files (SPEC 2.7, 2.9).  Each returns HAK_EDATA with a
 * message (no where) on refusal.
 * - hak_input_int: digits, optional ',' thousands separators, optional
 *   leading '-', optional trailing 원, 명 or 점 (after optional spaces).
 * - hak_input_bool: 1/0, yes/no, true/false, y/n, 예/아니오 (case-insensitive).
 * - hak_input_code: refuses "1.2E+15"-style scientific notation with a hint
 *   that a spreadsheet converted the code.
 */
int hak_input_int(const char *s, long long *v, struct hak_err *err);
int hak_input_bool(const char *s, bool *v, struct hak_err *err);
int hak_input_code(const char *s, struct hak_err *err);

#endif
