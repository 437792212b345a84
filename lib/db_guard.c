/* SPDX-License-Identifier: MIT */
/* Nothing writes over the database (SPEC 2.1): output paths are checked. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hak/buf.h"
#include "hak/db.h"
#include "banned.h"

/*
 * The absolute name path has once its directory is resolved (symbolic
 * links and "." and ".." gone), so that a file not yet there compares
 * too; NULL when the directory cannot be resolved.  Caller frees.
 */
static char *
resolved_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real, *name;

	if (slash && !slash[1])
		return NULL;
	dir = slash ? hak_xstrndup(path, slash == path ? 1 :
		(size_t)(slash - path)) : hak_xstrdup(".");
	real = realpath(dir, NULL);
	free(dir);
	if (!real)
		return NULL;
	name = hak_xasprintf("%s%s%s", real, strcmp(real, "/") ? "/" : "",
		slash ? slash + 1 : path);
	free(real);
	return name;
}

/*
 * Where path leads: itself, or for a symbolic link the file it names
 * (followed up to a few times, so that a link to a -wal file that does
 * not exist yet is caught as well).  Caller frees.
 */
static char *
final_name(const char *path)
{
	char *cur = hak_xstrdup(path), *next;
	char target[PATH_MAX];
	const char *slash;
	struct stat st;
	ssize_t n;
	int hops;

	for (hops = 0; hops < 8; hops++) {
		if (lstat(cur, &st) || !S_ISLNK(st.st_mode))
			break;
		if ((n = readlink(cur, target, sizeof(target) - 1)) < 0)
			break;
		target[n] = '\0';
		slash = strrchr(cur, '/');
		if (target[0] == '/' || !slash)
			next = hak_xstrdup(target);
		else
			next = hak_xasprintf("%.*s/%s", (int)(slash - cur), cur,
				target);
		free(cur);
		cur = next;
	}
	next = resolved_name(cur);
	free(cur);
	return next;
}

int
hak_db_refuse_output(const char *db_path, const char *path,
	struct hak_err *err)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	struct stat ps, ds;
	bool exists;
	char *out, *f, *rf;
	size_t i;
	int rc = HAK_OK;

	if (!db_path || !path)
		return HAK_OK;
	exists = stat(path, &ps) == 0;
	out = final_name(path);
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]) && !rc; i++) {
		f = hak_xasprintf("%s%s", db_path, sfx[i]);
		rf = final_name(f);
		if ((exists && stat(f, &ds) == 0 && ps.st_dev == ds.st_dev &&
			ps.st_ino == ds.st_ino) ||
			(out && rf && !strcmp(out, rf)))
			rc = hak_err_set(err, HAK_ECREATE, "will not write '%s': "
				"it is the database file '%s'", path, f);
		free(rf);
		free(f);
	}
	free(out);
	return rc;
}
