/* SPDX-License-Identifier: MIT */
/*
 * hak/buf.h - growable strings and allocation that cannot fail.
 *
 * struct hak_buf owns buf; buf is always NUL-terminated once initialised
 * (HAK_BUF_INIT gives an empty string without allocating).  len excludes
 * the NUL.  hak_buf_detach hands the string to the caller, who frees it.
 *
 * The hak_x* allocators abort with a message when memory runs out, as
 * git's xmalloc does; it is the one place the library exits.
 */
#ifndef HAK_BUF_H
#define HAK_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct hak_buf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char hak_buf_empty[];
#define HAK_BUF_INIT { hak_buf_empty, 0, 0 }

void hak_buf_init(struct hak_buf *b, size_t hint);
void hak_buf_release(struct hak_buf *b);
void hak_buf_reset(struct hak_buf *b);		/* len = 0, keeps memory */
void hak_buf_grow(struct hak_buf *b, size_t extra);
void hak_buf_add(struct hak_buf *b, const void *data, size_t len);
void hak_buf_adds(struct hak_buf *b, const char *s);
void hak_buf_addch(struct hak_buf *b, int c);
void hak_buf_addf(struct hak_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void hak_buf_vaddf(struct hak_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void hak_buf_setlen(struct hak_buf *b, size_t len);
char *hak_buf_detach(struct hak_buf *b, size_t *len);	/* caller frees */

/* Out of memory: a message on fd 2 (no stdio) and exit 71. */
_Noreturn void hak_oom(size_t n);
void *hak_xmalloc(size_t n);
void *hak_xcalloc(size_t n, size_t size);
void *hak_xrealloc(void *p, size_t n);
/* realloc of n elements of size, aborting when n * size overflows. */
void *hak_xreallocarray(void *p, size_t n, size_t size);
char *hak_xstrdup(const char *s);		/* NULL -> NULL */
char *hak_xstrndup(const char *s, size_t n);
char *hak_xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Grow an array to hold at least n elements (git's ALLOC_GROW); the
 * doubling and the byte count are checked for overflow. */
#define HAK_ALLOC_GROW(x, nr, alloc) do { \
	if ((nr) > (alloc)) { \
		(alloc) = (alloc) < 8 ? 8 : (alloc) > SIZE_MAX / 2 ? \
		    SIZE_MAX : (alloc) * 2; \
		if ((alloc) < (nr)) (alloc) = (nr); \
		(x) = hak_xreallocarray((x), (alloc), sizeof(*(x))); \
	} \
} while (0)

/* A list of owned strings. */
struct hak_strv {
	char **v;
	size_t n, alloc;
};
#define HAK_STRV_INIT { NULL, 0, 0 }
void hak_strv_push(struct hak_strv *sv, const char *s);	/* copies s; s may be NULL */
void hak_strv_push_owned(struct hak_strv *sv, char *s);
void hak_strv_clear(struct hak_strv *sv);
void hak_strv_sort(struct hak_strv *sv);	/* by code point (strcmp), NULLs first */
void hak_strv_uniq(struct hak_strv *sv);	/* after sort: drop repeats */

#endif
