/* SPDX-License-Identifier: MIT */
/*
 * hak/err.h - error codes, error details and the exit-code table.
 *
 * Library calls return int: HAK_OK (0) or one of enum hak_code.  Details go
 * into an optional struct hak_err (may be NULL everywhere).  The numeric
 * values of enum hak_code are the exit statuses of SPEC 2.11; lib/err.c is
 * the one place that maps a code to an exit status (hak_exit_code).
 *
 * Messages follow git's rules: lowercase, no final period, what failed
 * before why.  Input-data errors carry a `where` ("file.csv:12") that is
 * printed before the message.
 */
#ifndef HAK_ERR_H
#define HAK_ERR_H

#include <stdarg.h>
#include <stdio.h>

enum hak_code {
	HAK_OK = 0,
	HAK_ENOMATCH = 1,	/* nothing matched, unknown id, --fail-empty */
	HAK_EUSAGE = 2,		/* bad option, value, enum or period */
	HAK_EDATA = 65,		/* invalid input, ambiguous name, refused state change */
	HAK_ENOINPUT = 66,	/* a file or the database cannot be opened */
	HAK_EBUG = 70,		/* internal error */
	HAK_EOS = 71,		/* out of memory, fork failed */
	HAK_ECREATE = 73,	/* output cannot be created */
	HAK_EIO = 74,		/* read or write error */
	HAK_EBUSY = 75,		/* database busy past the timeout */
	HAK_EPERM = 77,		/* permission denied */
	HAK_ECONFIG = 78	/* configuration, schema version, network fs */
};

struct hak_err {
	int code;
	char where[512];	/* "file:line:col" or "file:row", may be "" */
	char msg[1536];
};

/* Clear e (no-op on NULL). */
void hak_err_clear(struct hak_err *e);

/*
 * Record an error in e (may be NULL) and return code, so that
 *	return hak_err_set(e, HAK_EDATA, "bad date '%s'", s);
 * works.  The message is formatted with printf rules.
 */
int hak_err_set(struct hak_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int hak_err_vset(struct hak_err *e, int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* As hak_err_set, also setting e->where (printf-formatted separately). */
int hak_err_at(struct hak_err *e, int code, const char *where,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Prefix e->msg with "PREFIX: " (for adding context such as a file name). */
void hak_err_prefix(struct hak_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Messages that do not fit in msg (or where) end in "...".  To keep the
 * reason in view, a long name (a path) goes into a message through
 * hak_err_short: s itself when it has at most HAK_ERR_SHORT bytes, else
 * its start and end joined by "..." in buf.
 */
#define HAK_ERR_SHORT 200
const char *hak_err_short(const char *s, char buf[HAK_ERR_SHORT + 1]);
/* Set e->where (e may be NULL) to "NAME:A" or "NAME:A:B" (line, column or
 * row), NAME shortened by hak_err_short, so the numbers always show. */
void hak_err_where(struct hak_err *e, const char *name, long a, long b);

/*
 * Print e as "PROG: WHERE: MSG\n" (WHERE left out when empty) to fp.
 * Usage errors (HAK_EUSAGE) get "PROG: usage: MSG" and a hint line
 * "Try 'PROG --help' for more information.".
 */
void hak_err_print(const struct hak_err *e, const char *prog, FILE *fp);

/* The process exit status for a code (SPEC 2.11). */
int hak_exit_code(int code);

/* Maps an errno value to a code: ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP ->
 * HAK_ENOINPUT, EACCES/EPERM/EROFS -> HAK_EPERM, ENOMEM -> HAK_EOS,
 * others HAK_EIO. */
int hak_code_from_errno(int errnum);

/* The most severe of two codes (for --keep-going): by the order
 * 0 < 1 < 65 < 2 < 66 < 73 < 74 < 75 < 77 < 78 < 71 < 70. */
int hak_code_worst(int a, int b);

#endif
