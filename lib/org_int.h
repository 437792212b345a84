/* SPDX-License-Identifier: MIT */
/* lib/org_int.h - the organisation copy, for lib/schema.c (hak_db_open). */
#ifndef HAK_ORG_INT_H
#define HAK_ORG_INT_H

#include "db_int.h"

/* Replace db->org and db->org_dump by what the tables hold now. */
int hak_org_load(struct hak_db *db, struct hak_err *err);

#endif
