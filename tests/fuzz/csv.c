/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the CSV reader (SPEC 7): the input is read as a
 * whole CSV file in auto encoding and in forced CP949, with and without
 * HAK_CSV_RAW, and as keys from stdin (hak_csv_read_keys).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hak/buf.h"
#include "hak/csvio.h"
#include "hak/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_all(const uint8_t *data, size_t size, enum hak_encoding enc,
	unsigned flags)
{
	const struct hak_csv_rec *rec;
	struct hak_csv *r;
	struct hak_err err;
	FILE *fp;
	size_t i, total;

	/* fmemopen refuses a zero-sized buffer: give it one byte, read none. */
	if ((fp = fmemopen((void *)data, size > 0 ? size : 1, "r")) == NULL)
		return;
	if (size == 0)
		(void)fgetc(fp);
	hak_err_clear(&err);
	if (hak_csv_open_fp(fp, "fuzz", enc, flags, &r, &err) == HAK_OK) {
		total = 0;
		while (hak_csv_read(r, &rec, &err) == HAK_OK && rec != NULL) {
			for (i = 0; i < rec->n; i++)
				total += rec->len[i];
			if (rec->n > 0)
				(void)hak_csv_find(rec, "code");
		}
		(void)hak_csv_name(r);
		(void)hak_csv_encoding(r);
		(void)hak_csv_sha256(r);
		(void)total;
		hak_csv_close(r);
	}
	fclose(fp);
}

static void
read_keys(const uint8_t *data, size_t size)
{
	static const char *const cols[] = { "school", "code", NULL };
	struct hak_strv keys = { 0 };
	struct hak_err err;
	FILE *fp;

	if (size == 0)
		return;
	if ((fp = fmemopen((void *)data, size, "r")) == NULL)
		return;
	hak_err_clear(&err);
	(void)hak_csv_read_keys(fp, "stdin", cols, &keys, &err);
	hak_strv_clear(&keys);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_all(data, size, HAK_ENC_AUTO, 0);
	read_all(data, size, HAK_ENC_AUTO, HAK_CSV_RAW);
	read_all(data, size, HAK_ENC_CP949, 0);
	read_all(data, size, HAK_ENC_UTF8, 0);
	read_keys(data, size);
	return 0;
}
