/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the configuration parser (SPEC 7): the input is
 * parsed as a YAML config; a config that parses is dumped, parsed back
 * and dumped again, and the two dumps must be the same bytes (config.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hak/buf.h"
#include "hak/config.h"
#include "hak/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hak_config cfg, cfg2;
	struct hak_buf d1 = HAK_BUF_INIT, d2 = HAK_BUF_INIT;
	struct hak_err err;

	memset(&cfg, 0, sizeof(cfg));
	memset(&cfg2, 0, sizeof(cfg2));
	hak_err_clear(&err);
	if (hak_config_parse((const char *)data, size, "fuzz.yaml", &cfg,
	    &err) == HAK_OK) {
		(void)hak_config_calendar(&cfg);
		if (cfg.ndepts > 0)
			(void)hak_config_dept(&cfg, cfg.depts[0].code);
		(void)hak_config_staff(&cfg, "nobody");
		(void)hak_config_category(&cfg, "none");
		hak_config_dump(&cfg, &d1);
		hak_err_clear(&err);
		if (hak_config_parse(d1.buf, d1.len, "dump.yaml", &cfg2,
		    &err) != HAK_OK)
			abort();	/* the dump must read back */
		hak_config_dump(&cfg2, &d2);
		if (d1.len != d2.len || memcmp(d1.buf, d2.buf, d1.len) != 0)
			abort();	/* same config, same bytes */
	}
	hak_config_release(&cfg);
	hak_config_release(&cfg2);
	hak_buf_release(&d1);
	hak_buf_release(&d2);
	return 0;
}
