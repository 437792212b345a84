/* SPDX-License-Identifier: MIT */
/* Growable strings, string lists and allocation that cannot fail. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hak/buf.h"
#include "banned.h"

char hak_buf_empty[1];

/* The library's one message: write(2) to fd 2, which needs no stdio
 * (and no memory) and keeps the library free of stdout/stderr. */
_Noreturn void
hak_oom(size_t n)
{
	char msg[96];
	int len;

	len = snprintf(msg, sizeof(msg),
		"hakjibon: out of memory (allocating %zu bytes)\n", n);
	if (len > 0 && write(2, msg, (size_t)len) < 0)
		len = 0;
	exit(71);
}

void *
hak_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		hak_oom(n);
	return p;
}

void *
hak_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		hak_oom(size && n > SIZE_MAX / size ? SIZE_MAX : n * size);
	return p;
}

void *
hak_xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		hak_oom(SIZE_MAX);	/* n * size does not fit in size_t */
	return hak_xrealloc(p, n * size);
}

void *
hak_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		hak_oom(n);
	return q;
}

char *
hak_xstrdup(const char *s)
{
	return s ? hak_xstrndup(s, strlen(s)) : NULL;
}

char *
hak_xstrndup(const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = hak_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
hak_xasprintf(const char *fmt, ...)
{
	struct hak_buf b = HAK_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	hak_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return hak_buf_detach(&b, NULL);
}

void
hak_buf_init(struct hak_buf *b, size_t hint)
{
	b->buf = hak_buf_empty;
	b->len = b->alloc = 0;
	if (hint)
		hak_buf_grow(b, hint);
}

void
hak_buf_release(struct hak_buf *b)
{
	if (b->alloc)
		free(b->buf);
	hak_buf_init(b, 0);
}

void
hak_buf_reset(struct hak_buf *b)
{
	hak_buf_setlen(b, 0);
}

void
hak_buf_grow(struct hak_buf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1)
		hak_oom(SIZE_MAX);
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return;
	if (!b->alloc)
		b->buf = NULL;
	b->alloc = b->alloc * 3 / 2 > need ? b->alloc * 3 / 2 : need;
	if (b->alloc < 64)
		b->alloc = 64;
	b->buf = hak_xrealloc(b->buf, b->alloc);
	if (!b->len)
		b->buf[0] = '\0';
}

void
hak_buf_setlen(struct hak_buf *b, size_t len)
{
	if (!b->alloc) {
		if (len)
			abort();
		return;
	}
	b->len = len;
	b->buf[len] = '\0';
}

void
hak_buf_add(struct hak_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	hak_buf_grow(b, len);
	memcpy(b->buf + b->len, data, len);
	hak_buf_setlen(b, b->len + len);
}

void
hak_buf_adds(struct hak_buf *b, const char *s)
{
	hak_buf_add(b, s, strlen(s));
}

void
hak_buf_addch(struct hak_buf *b, int c)
{
	hak_buf_grow(b, 1);
	b->buf[b->len] = (char)c;
	hak_buf_setlen(b, b->len + 1);
}

void
hak_buf_vaddf(struct hak_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	hak_buf_grow(b, (size_t)n);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	hak_buf_setlen(b, b->len + (size_t)n);
}

void
hak_buf_addf(struct hak_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hak_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *
hak_buf_detach(struct hak_buf *b, size_t *len)
{
	char *s;

	if (!b->alloc)
		hak_buf_grow(b, 0);
	s = b->buf;
	if (len)
		*len = b->len;
	hak_buf_init(b, 0);
	return s;
}

void
hak_strv_push(struct hak_strv *sv, const char *s)
{
	hak_strv_push_owned(sv, hak_xstrdup(s));
}

void
hak_strv_push_owned(struct hak_strv *sv, char *s)
{
	HAK_ALLOC_GROW(sv->v, sv->n + 1, sv->alloc);
	sv->v[sv->n++] = s;
}

void
hak_strv_clear(struct hak_strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->alloc = 0;
}

static int
cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	if (!x || !y)
		return !!x - !!y;
	return strcmp(x, y);
}

void
hak_strv_sort(struct hak_strv *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof(*sv->v), cmp);
}

void
hak_strv_uniq(struct hak_strv *sv)
{
	size_t i, j = 0;

	for (i = 0; i < sv->n; i++) {
		if (j && !cmp(&sv->v[j - 1], &sv->v[i])) {
			free(sv->v[i]);
			continue;
		}
		sv->v[j++] = sv->v[i];
	}
	sv->n = j;
}
