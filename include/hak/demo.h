/* SPDX-License-Identifier: MIT */
/*
 * hak/demo.h - the demo database of `hak demo` (SPEC 5.1): a realistic
 * organisation (the four departments with centers, about 40 staff, the
 * default categories, the year's Korean public holidays) and about 150
 * schools of every level with Korean names, aliases and yearly counts.
 * The same seed gives the same database.  Later modules add their data
 * through the steps table in lib/demo.c (projects, requests, surveys); the
 * headline is this year's demo survey's workload_reduced and
 * time_gained.
 */
#ifndef HAK_DEMO_H
#define HAK_DEMO_H

#include <stdint.h>

#include "hak/config.h"
#include "hak/db.h"
#include "hak/err.h"
#include "hak/rand.h"

/* The demo organisation: the built-in default plus centers and staff. */
void hak_demo_config(struct hak_config *cfg);

/*
 * Build the demo database at path.  An existing file is replaced only if
 * it is a demo database (HAK_ECREATE otherwise).  *summary (caller frees)
 * says what was made, e.g. "150 schools, 41 staff".
 */
int hak_demo_build(const char *path, uint64_t seed, char **summary,
	struct hak_err *err);

#endif
