/* SPDX-License-Identifier: MIT */
/* Copies of the database: `hak backup` and the FILE.pre-vN of a migration. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup_int.h"
#include "db_int.h"
#include "banned.h"

/* --- copies: backup and FILE.pre-vN --- */

static int
check_copy(sqlite3 *copy, const char *name, struct hak_err *err)
{
	char sp[HAK_ERR_SHORT + 1];
	sqlite3_stmt *st;
	const char *v;
	int rc, good = 0;

	rc = sqlite3_prepare_v2(copy, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return hak_err_set(err, HAK_EIO, "cannot check '%s': %s",
		    hak_err_short(name, sp),
		    sqlite3_errmsg(copy));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(st, 0);
		good = v && !strcmp(v, "ok");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || !good)
		return hak_err_set(err, HAK_EIO,
		    "copy '%s' failed its integrity check", hak_err_short(name, sp));
	return HAK_OK;
}

/*
 * Copy the database to dest with SQLite's online backup: into a
 * temporary file (mode 0600) in dest's directory, integrity-checked,
 * then renamed into place.
 */
int
hak_backup_copy(struct hak_db *db, const char *dest, struct hak_err *err)
{
	char sp[HAK_ERR_SHORT + 1];
	struct hak_buf tmp = HAK_BUF_INIT;
	sqlite3_backup *bk;
	sqlite3 *copy = NULL;
	char *dir;
	int fd, rc, src;

	hak_buf_addf(&tmp, "%s.tmpXXXXXX", hak_err_short(dest, sp));
	if ((fd = mkstemp(tmp.buf)) < 0) {
		rc = hak_err_set(err, HAK_ECREATE, "cannot create '%s': %s",
		    hak_err_short(dest, sp), strerror(errno));
		hak_buf_release(&tmp);
		return rc;
	}
	close(fd);
	rc = sqlite3_open_v2(tmp.buf, &copy, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		rc = hak_err_set(err, HAK_ECREATE, "cannot create '%s': %s",
		    hak_err_short(dest, sp),
		    copy ? sqlite3_errmsg(copy) : sqlite3_errstr(rc));
		goto out;
	}
	bk = sqlite3_backup_init(copy, "main", db->sql, "main");
	if (!bk) {
		rc = hak_err_set(err, HAK_ECREATE, "cannot copy to '%s': %s",
		    hak_err_short(dest, sp), sqlite3_errmsg(copy));
		goto out;
	}
	while ((src = sqlite3_backup_step(bk, -1)) == SQLITE_OK ||
	    src == SQLITE_BUSY || src == SQLITE_LOCKED)
		sqlite3_sleep(10);
	rc = sqlite3_backup_finish(bk);
	if (src != SQLITE_DONE || rc != SQLITE_OK) {
		rc = hak_err_set(err, (src & 0xff) == SQLITE_BUSY ? HAK_EBUSY :
		    HAK_EIO, "cannot copy to '%s': %s", hak_err_short(dest, sp),
		    sqlite3_errstr(src != SQLITE_DONE ? src : rc));
		goto out;
	}
	if ((rc = check_copy(copy, dest, err)))
		goto out;
	rc = sqlite3_close(copy);
	copy = NULL;
	if (rc != SQLITE_OK) {
		rc = hak_err_set(err, HAK_EIO, "cannot write '%s': %s",
		    hak_err_short(dest, sp),
		    sqlite3_errstr(rc));
		goto out;
	}
	if ((fd = open(tmp.buf, O_RDONLY)) >= 0) {
		if (fsync(fd) != 0)
			rc = hak_err_set(err, HAK_EIO, "cannot write '%s': %s",
			    hak_err_short(dest, sp), strerror(errno));
		close(fd);
		if (rc)
			goto out;
	}
	if (rename(tmp.buf, dest) != 0) {
		rc = hak_err_set(err, HAK_ECREATE, "cannot rename to '%s': %s",
		    hak_err_short(dest, sp), strerror(errno));
		goto out;
	}
	dir = hak_db_dir_of(dest);
	if ((fd = open(dir, O_RDONLY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	hak_buf_release(&tmp);
	return HAK_OK;
out:
	if (copy)
		sqlite3_close(copy);
	unlink(tmp.buf);
	hak_buf_release(&tmp);
	return rc;
}

int
hak_db_backup(struct hak_db *db, const char *dest, bool force,
	struct hak_err *err)
{
	char sp[HAK_ERR_SHORT + 1];
	struct stat sb;

	if (lstat(dest, &sb) == 0) {
		if (!force)
			return hak_err_set(err, HAK_ECREATE,
			    "'%s' exists (use --force)", hak_err_short(dest, sp));
		if (S_ISDIR(sb.st_mode))
			return hak_err_set(err, HAK_ECREATE,
			    "'%s' is a directory", hak_err_short(dest, sp));
	} else if (errno != ENOENT) {
		return hak_err_set(err, HAK_ECREATE, "cannot create '%s': %s",
		    hak_err_short(dest, sp), strerror(errno));
	}
	return hak_backup_copy(db, dest, err);
}
