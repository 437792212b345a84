/* SPDX-License-Identifier: MIT */
/* Error details and the one table of exit statuses (SPEC 2.11). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hak/err.h"
#include "banned.h"

/*
 * The fixed buffers of struct hak_err keep what fits: a message that did
 * not fit ends in "..." (cut at a UTF-8 character boundary), so that the
 * cut is never silent.
 */
static void
mark_cut(char *buf, size_t size, int n)
{
	size_t end;

	if (n >= 0 && (size_t)n < size)
		return;
	if (n < 0) {
		snprintf(buf, size, "(message could not be formatted)");
		return;
	}
	end = size - 4;
	while (end > 0 && ((unsigned char)buf[end] & 0xc0) == 0x80)
		end--;
	memcpy(buf + end, "...", 4);
}

static void vput(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void
vput(char *buf, size_t size, const char *fmt, va_list ap)
{
	mark_cut(buf, size, vsnprintf(buf, size, fmt, ap));
}

static void put(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
put(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vput(buf, size, fmt, ap);
	va_end(ap);
}

const char *
hak_err_short(const char *s, char buf[HAK_ERR_SHORT + 1])
{
	size_t len = strlen(s), head, tail;

	if (len <= HAK_ERR_SHORT)
		return s;
	/* Keep the start and the end (the file name), cut at characters. */
	head = (HAK_ERR_SHORT - 3) / 2;
	tail = HAK_ERR_SHORT - 3 - head;
	while (head > 0 && ((unsigned char)s[head] & 0xc0) == 0x80)
		head--;
	while (tail > 0 && ((unsigned char)s[len - tail] & 0xc0) == 0x80)
		tail--;
	memcpy(buf, s, head);
	memcpy(buf + head, "...", 3);
	memcpy(buf + head + 3, s + len - tail, tail + 1);
	return buf;
}

void
hak_err_where(struct hak_err *e, const char *name, long a, long b)
{
	char sp[HAK_ERR_SHORT + 1];

	if (!e)
		return;
	name = hak_err_short(name ? name : "", sp);
	if (b > 0)
		put(e->where, sizeof(e->where), "%s:%ld:%ld", name, a, b);
	else
		put(e->where, sizeof(e->where), "%s:%ld", name, a);
}

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
		vput(e->msg, sizeof(e->msg), fmt, ap);
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
		put(e->where, sizeof(e->where), "%s", where ? where : "");
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
	vput(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	put(e->msg, sizeof(e->msg), "%s: %s", pre, old);
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
	case ENOENT: case ENOTDIR: case ENAMETOOLONG: case ELOOP:
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
