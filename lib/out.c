/* SPDX-License-Identifier: MIT */
/* Files replaced atomically (output files, rejects, backups); table cells
 * and JSON literals made safe, for the formats and documents. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include "hak/buf.h"
#include "hak/out.h"
#include "hak/text.h"
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

/*
 * Cells.
 */

char *
hak_out_cell_fit(const char *s, size_t width)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	struct hak_buf b = HAK_BUF_INIT;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	size_t total = 0, keep = 0, budget = width ? width - 1 : 0;
	bool rep, stopped = false;
	int cw;

	if (!s || !width)
		return hak_xstrdup("");
	while (*p) {
		n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0) {	/* an invalid byte */
			n = 1;
			cw = 1;
			rep = true;
		} else {
			cw = hak_text_cp_width(cp, &rep);
		}
		if (rep)
			hak_buf_addch(&b, '?');
		else
			hak_buf_add(&b, p, (size_t)n);
		p += n;
		total += (size_t)(cw > 0 ? cw : 0);
		/* The longest prefix that leaves a cell for the "…". */
		if (!stopped) {
			if (total <= budget)
				keep = b.len;
			else
				stopped = true;
		}
	}
	if (total > width) {
		hak_buf_setlen(&b, keep);
		hak_buf_adds(&b, "\xe2\x80\xa6");
	}
	return hak_buf_detach(&b, NULL);
}

void
hak_out_json_string(struct hak_buf *b, const char *s)
{
	const unsigned char *p;

	hak_buf_addch(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			hak_buf_adds(b, "\\\"");
			break;
		case '\\':
			hak_buf_adds(b, "\\\\");
			break;
		case '\b':
			hak_buf_adds(b, "\\b");
			break;
		case '\f':
			hak_buf_adds(b, "\\f");
			break;
		case '\n':
			hak_buf_adds(b, "\\n");
			break;
		case '\r':
			hak_buf_adds(b, "\\r");
			break;
		case '\t':
			hak_buf_adds(b, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				hak_buf_addf(b, "\\u%04x", *p);
			} else if (p[0] == 0xe2 && p[1] == 0x80 &&
				(p[2] == 0xa8 || p[2] == 0xa9)) {
				/* U+2028/2029 end JavaScript strings */
				hak_buf_addf(b, "\\u%04x",
					0x2000 + p[2] - 0x80);
				p += 2;
			} else {
				hak_buf_addch(b, *p);
			}
		}
	}
	hak_buf_addch(b, '"');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
hak_out_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (is_digit(*s))
			s++;
	else
		return false;
	if (*s == '.') {
		if (!is_digit(*++s))
			return false;
		while (is_digit(*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!is_digit(*s))
			return false;
		while (is_digit(*s))
			s++;
	}
	return *s == '\0';
}

