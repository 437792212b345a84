/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the date, time and period parsers (SPEC 7).  The
 * input is split at the first NUL or newline into two strings A and B;
 * A goes through every parser, and A and B are --since and --until of
 * hak_period_range.  Local times are in Asia/Seoul.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hak/date.h"
#include "hak/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
parse_all(const char *a, const char *b)
{
	static const struct hak_sy sys[] = { { 3, 1 }, { 1, 1 }, { 2, 29 } };
	struct hak_period p;
	struct hak_err err;
	char out[HAK_TIME_LEN];
	int64_t t, now = 1772326800;	/* 2026-03-01T10:00:00+09:00 */
	int32_t day;
	size_t i;

	if (hak_input_date(a, &day, &err) == HAK_OK)
		hak_day_format(day, out);
	if (hak_input_time(a, &t, &err) == HAK_OK)
		hak_time_format(t, out);
	if (hak_time_parse(a, &t, &err) == HAK_OK)
		hak_time_format(t, out);
	if (hak_day_parse(a, &day, &err) == HAK_OK)
		hak_day_format(day, out);
	for (i = 0; i < sizeof(sys) / sizeof(sys[0]); i++) {
		(void)hak_period_parse(a, now, sys[i], &p, &err);
		(void)hak_period_range(a, b, now, sys[i], &p, &err);
		(void)hak_period_range(NULL, a, now, sys[i], &p, &err);
		(void)hak_period_range(b, NULL, now, sys[i], &p, &err);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int zoned;
	struct hak_err err;
	char *a, *b;
	size_t i;

	if (size > 4096)
		return 0;
	if (!zoned) {
		zoned = 1;
		if (hak_clock_setzone("Asia/Seoul", &err) != HAK_OK)
			abort();
	}
	if ((a = malloc(size + 1)) == NULL)
		return 0;
	memcpy(a, data, size);
	a[size] = '\0';
	b = a + size;
	for (i = 0; i < size; i++)
		if (a[i] == '\0' || a[i] == '\n') {
			a[i] = '\0';
			b = a + i + 1;
			break;
		}
	parse_all(a, b);
	free(a);
	return 0;
}
