/* SPDX-License-Identifier: MIT */
/*
 * hak/org.h - the organisation's departments, categories and staff, as
 * copied into the database (SPEC 2.2, 3), looked up by code the same way
 * in every program: ASCII case is ignored ("fac" is FAC, "Kim.Minji" is
 * kim.minji), surrounding text is not trimmed.  *out points into the
 * database's copy (hak_db_config): borrowed until the next config sync
 * or hak_db_close.  Unknown: HAK_EDATA "unknown department 'x'"; with
 * HAK_ORG_ACTIVE an inactive entry is HAK_EDATA "department 'X' is
 * inactive" (history keeps inactive ones valid, new work does not).
 */
#ifndef HAK_ORG_H
#define HAK_ORG_H

#include "hak/config.h"
#include "hak/db.h"
#include "hak/err.h"

enum hak_org_flags {
	HAK_ORG_ACTIVE = 1 << 0	/* refuse an inactive entry */
};

int hak_org_dept(struct hak_db *db, const char *s, unsigned flags,
	const struct hak_dept **out, struct hak_err *err);
int hak_org_category(struct hak_db *db, const char *s, unsigned flags,
	const struct hak_category **out, struct hak_err *err);
int hak_org_staff(struct hak_db *db, const char *s, unsigned flags,
	const struct hak_staff **out, struct hak_err *err);

#endif
