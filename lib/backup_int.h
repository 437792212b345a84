/* SPDX-License-Identifier: MIT */
/* lib/backup_int.h - database copies, for lib/schema.c (FILE.pre-vN). */
#ifndef HAK_BACKUP_INT_H
#define HAK_BACKUP_INT_H

#include "db_int.h"

/*
 * Copy the database to dest with SQLite's online backup: into a
 * temporary file (mode 0600) in dest's directory, integrity-checked,
 * then renamed into place.
 */
int hak_backup_copy(struct hak_db *db, const char *dest, struct hak_err *err);

#endif
