/* SPDX-License-Identifier: MIT */
/*
 * hak/config.h - the configuration file (SPEC 2.2, 6.1) as a plain struct.
 *
 * hak_config_load finds the file by the SPEC's precedence, parses it with
 * libyaml and validates it strictly: unknown keys, wrong types, bad ids
 * (^[a-z][a-z0-9_.-]{0,63}$ for staff; department codes are upper case
 * [A-Z][A-Z0-9_]{0,15}; category codes as ids), duplicate codes and
 * references to unknown departments are HAK_ECONFIG with
 * where = "FILE:LINE:COLUMN".  Alias expansion is bounded.  Missing keys
 * take the built-in defaults (SPEC 3); the built-in default config is
 * used when no file is found (path NULL).  A departments list replaces the
 * built-in one, and so does a categories list; when only departments are
 * given, the default categories of departments left out are dropped.
 * Documents with more than 1000 aliases, more than 100000 nodes (also
 * counted after alias expansion) or over 1 MiB are refused.
 *
 * The struct owns all its strings; hak_config_release frees them.
 */
#ifndef HAK_CONFIG_H
#define HAK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hak/buf.h"
#include "hak/date.h"
#include "hak/err.h"

enum hak_priority {
	HAK_PRIO_LOW = 0,
	HAK_PRIO_NORMAL,
	HAK_PRIO_HIGH,
	HAK_PRIO_URGENT,
	HAK_PRIO_N
};

struct hak_dept {
	char *code;
	char *name;
	struct hak_strv centers;
	bool active;		/* false: kept in the database for history */
};

struct hak_staff {
	char *id;
	char *name;
	char *dept;
	char *role;		/* may be NULL */
	bool active;
};

struct hak_category {
	char *code;
	char *name;
	char *dept;
	int sla_days;		/* -1 when not given */
	bool active;
};

struct hak_config {
	char *path;		/* the file used; NULL = built-in default */
	char *office;
	char *database;		/* may be NULL */
	char *timezone;		/* default "Asia/Seoul" */
	char *lang;		/* "en" or "ko" */
	struct hak_sy school_year;	/* default 03-01 */
	int min_group;		/* default 5 */
	int32_t *holidays;	/* sorted, unique */
	size_t nholidays;
	int sla[HAK_PRIO_N];	/* default 10, 5, 3, 1 */
	struct hak_dept *depts;
	size_t ndepts;
	struct hak_staff *staff;
	size_t nstaff;
	struct hak_category *cats;
	size_t ncats;
	struct hak_strv headline;	/* "survey/question" */
};

/* Fill cfg with the built-in default (SPEC 3: the four departments, the
 * default categories, no staff, Korean public holidays 2026-2027). */
void hak_config_default(struct hak_config *cfg);
void hak_config_release(struct hak_config *cfg);

/*
 * Find and load the config: explicit (--config) when not NULL, else
 * $HAK_CONFIG, else ./hakjibon.yaml (skipped with a warning on warn unless
 * owned by the user and not group- or world-writable), else
 * $XDG_CONFIG_HOME/hakjibon/config.yaml (default ~/.config/...), else
 * /etc/hakjibon/config.yaml, else the built-in default.  An explicit or
 * $HAK_CONFIG file that cannot be read is HAK_ENOINPUT.
 */
int hak_config_load(const char *explicit_path, struct hak_config *cfg,
	FILE *warn, struct hak_err *err);

/* Parse YAML text (name is used in messages and where).  On error cfg is
 * left zeroed (hak_config_release on it is a no-op). */
int hak_config_parse(const char *text, size_t len, const char *name,
	struct hak_config *cfg, struct hak_err *err);

/* Lookups; NULL when unknown. */
const struct hak_dept *hak_config_dept(const struct hak_config *cfg,
	const char *code);
const struct hak_staff *hak_config_staff(const struct hak_config *cfg,
	const char *id);
const struct hak_category *hak_config_category(const struct hak_config *cfg,
	const char *code);

/* "low|normal|high|urgent" (and 낮음, 보통, 높음, 긴급) -> enum; -1 if not. */
int hak_priority_parse(const char *s);
const char *hak_priority_name(int prio);

/* The business-day calendar of cfg's holidays (borrowed from cfg). */
struct hak_calendar hak_config_calendar(const struct hak_config *cfg);

/*
 * A canonical text of everything that is copied into the database (all
 * but path and database), used to tell whether the file and the database
 * differ, and printed by `hak config`.  Appended to out as YAML that
 * hak_config_parse reads back to an equal config; inactive departments,
 * staff and categories are left out.  Same config, same bytes.
 */
void hak_config_dump(const struct hak_config *cfg, struct hak_buf *out);

#endif
