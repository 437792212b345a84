/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the text helpers (SPEC 7) on valid UTF-8: keys,
 * display width, NFC and clean values; NFC must be idempotent and a clean
 * value is already clean.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hak/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *k, *n, *n2, *c, *c2;

	if (memchr(data, '\0', size) != NULL ||
	    !hak_text_valid((const char *)data, size))
		return 0;
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)hak_text_ascii(s, size);
	(void)hak_text_width(s);
	k = hak_text_key(s);
	if (k != NULL)
		(void)hak_text_width(k);
	n = hak_text_nfc(s);
	if (n == NULL)
		abort();	/* valid UTF-8 always has an NFC */
	n2 = hak_text_nfc(n);
	if (n2 == NULL || strcmp(n, n2) != 0)
		abort();	/* NFC is idempotent */
	c = hak_text_clean(s);
	if (c != NULL) {
		c2 = hak_text_clean(c);
		if (c2 == NULL || strcmp(c, c2) != 0)
			abort();	/* a clean value stays as it is */
		free(c2);
	}
	(void)hak_text_trim(s);
	free(k);
	free(n);
	free(n2);
	free(c);
	free(s);
	return 0;
}
