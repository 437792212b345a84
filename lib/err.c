/* SPDX-License-Identifier: MIT */
/* Error details and the one table of exit statuses (SPEC 2.11). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hak/err.h"
#include "banned.h"

void
hak_err_clear(struct hak_err *e)
{
	if (!e)
		return;
	e->code = HAK_OK;
	e->where[0] = '\0';
	e->msg[0] = '\0';
}

int
hak_err_vset(struct hak_err *e, int code, const char *fmt, va_list ap)
{
	if (e) {
		e->code = code;
		e->where[0] = '\0';
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	}
	return code;
}

int
hak_err_set(struct hak_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hak_err_vset(e, code, fmt, ap);
	va_end(ap);
	return code;
}

int
hak_err_at(struct hak_err *e, int code, const char *where, const char *fmt,
	...)
{
	va_list ap;

	va_start(ap, fmt);
	hak_err_vset(e, code, fmt, ap);
	va_end(ap);
	if (e)
		snprintf(e->where, sizeof(e->where), "%s", where ? where : "");
	return code;
}

void
hak_err_prefix(struct hak_err *e, const char *fmt, ...)
{
	char pre[sizeof(e->msg)], old[sizeof(e->msg)];
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	snprintf(e->msg, sizeof(e->msg), "%s: %s", pre, old);
}

void
hak_err_print(const struct hak_err *e, const char *prog, FILE *fp)
{
	const char *msg = e->msg[0] ? e->msg : "unknown error";

	if (e->code == HAK_EUSAGE) {
		fprintf(fp, "%s: usage: %s\n", prog, msg);
		fprintf(fp, "Try '%s --help' for more information.\n", prog);
	} else if (e->where[0]) {
		fprintf(fp, "%s: %s: %s\n", prog, e->where, msg);
	} else {
		fprintf(fp, "%s: %s\n", prog, msg);
	}
}

int
hak_exit_code(int code)
{
	switch (code) {
	case HAK_OK: case HAK_ENOMATCH: case HAK_EUSAGE: case HAK_EDATA:
	case HAK_ENOINPUT: case HAK_EBUG: case HAK_EOS: case HAK_ECREATE:
	case HAK_EIO: case HAK_EBUSY: case HAK_EPERM: case HAK_ECONFIG:
		return code;
	default:
		return HAK_EBUG;
	}
}

int
hak_code_from_errno(int errnum)
{
	switch (errnum) {
	case ENOENT: case ENOTDIR:
		return HAK_ENOINPUT;
	case EACCES: case EPERM: case EROFS:
		return HAK_EPERM;
	case ENOMEM:
		return HAK_EOS;
	default:
		return HAK_EIO;
	}
}

static int
severity(int code)
{
	static const int order[] = {
		HAK_OK, HAK_ENOMATCH, HAK_EDATA, HAK_EUSAGE, HAK_ENOINPUT,
		HAK_ECREATE, HAK_EIO, HAK_EBUSY, HAK_EPERM, HAK_ECONFIG,
		HAK_EOS, HAK_EBUG
	};
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (order[i] == code)
			return (int)i;
	return (int)i;
}

int
hak_code_worst(int a, int b)
{
	return severity(a) >= severity(b) ? a : b;
}
