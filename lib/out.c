/* SPDX-License-Identifier: MIT */
/* Files replaced atomically: output files, rejects, backups. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hak/buf.h"
#include "hak/out.h"
#include "banned.h"

/*
 * Atomic files.
 */

int
hak_afile_open(struct hak_afile *af, const char *path, int mode,
	struct hak_err *err)
{
	const char *slash = strrchr(path, '/');
	int fd, e;

	memset(af, 0, sizeof(*af));
	/* A hidden name next to the target, so rename stays in one fs. */
	if (slash)
		af->tmp = hak_xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path),
			path, slash + 1);
	else
		af->tmp = hak_xasprintf(".%s.XXXXXX", path);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		e = errno;
		free(af->tmp);
		af->tmp = NULL;
		return hak_err_set(err, HAK_ECREATE, "cannot create '%s': %s",
			path, strerror(e));
	}
	if (fchmod(fd, (mode_t)(mode > 0 ? mode : 0600)) < 0 ||
		!(af->fp = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		unlink(af->tmp);
		free(af->tmp);
		af->tmp = NULL;
		return hak_err_set(err, HAK_ECREATE, "cannot create '%s': %s",
			path, strerror(e));
	}
	af->path = hak_xstrdup(path);
	return HAK_OK;
}

/* Make the rename durable; file systems that cannot sync a directory
 * (EINVAL) are fine. */
static int
sync_dir(const char *path, struct hak_err *err)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, rc = HAK_OK, e;

	if (!slash)
		dir = hak_xstrdup(".");
	else if (slash == path)
		dir = hak_xstrdup("/");
	else
		dir = hak_xstrndup(path, (size_t)(slash - path));
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		if (fsync(fd) < 0 && errno != EINVAL && errno != EROFS) {
			e = errno;
			rc = hak_err_set(err, HAK_EIO, "cannot sync '%s': %s",
				dir, strerror(e));
		}
		close(fd);
	}
	free(dir);
	return rc;
}

int
hak_afile_commit(struct hak_afile *af, struct hak_err *err)
{
	int rc = HAK_OK, e;

	errno = 0;
	if (fflush(af->fp) != 0 || ferror(af->fp) ||
		fsync(fileno(af->fp)) < 0) {
		e = errno ? errno : EIO;
		rc = hak_err_set(err, HAK_EIO, "cannot write to '%s': %s",
			af->path, strerror(e));
	}
	if (fclose(af->fp) != 0 && rc == HAK_OK) {
		e = errno;
		rc = hak_err_set(err, HAK_EIO, "cannot write to '%s': %s",
			af->path, strerror(e));
	}
	af->fp = NULL;
	if (rc == HAK_OK && rename(af->tmp, af->path) < 0) {
		e = errno;
		rc = hak_err_set(err, HAK_ECREATE, "cannot create '%s': %s",
			af->path, strerror(e));
	}
	if (rc != HAK_OK)
		unlink(af->tmp);
	else
		rc = sync_dir(af->path, err);
	free(af->tmp);
	free(af->path);
	af->tmp = af->path = NULL;
	return rc;
}

void
hak_afile_abort(struct hak_afile *af)
{
	if (!af)
		return;
	if (af->fp)
		fclose(af->fp);
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	memset(af, 0, sizeof(*af));
}
