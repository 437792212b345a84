/* SPDX-License-Identifier: MIT */
/* Unicode helpers over utf8proc: NFC, display width, matching keys. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "hak/buf.h"
#include "hak/text.h"
#include "banned.h"

bool
hak_text_valid(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	while (len) {
		if (*p < 0x80) {
			p++, len--;
			continue;
		}
		n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
		if (n < 0)
			return false;
		p += n, len -= (size_t)n;
	}
	return true;
}

bool
hak_text_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* utf8proc allocates with malloc; hand the result over as ours. */
static char *
mapped(const char *s, utf8proc_option_t opts)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;

	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
		opts | UTF8PROC_NULLTERM | UTF8PROC_STABLE);
	if (n < 0)
		return NULL;
	return (char *)out;
}

/* Whether s is only ASCII and precomposed Hangul syllables (U+AC00 to
 * U+D7A3), which NFC leaves as they are. */
static bool
ascii_hangul(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;

	while (*p) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((p[0] & 0xf0) != 0xe0 || (p[1] & 0xc0) != 0x80 ||
			(p[2] & 0xc0) != 0x80)
			return false;
		cp = (unsigned)(p[0] & 0x0f) << 12 |
			(unsigned)(p[1] & 0x3f) << 6 | (unsigned)(p[2] & 0x3f);
		if (cp < 0xac00 || cp > 0xd7a3)
			return false;
		p += 3;
	}
	return true;
}

bool
hak_text_nfc_quick(const char *s)
{
	return ascii_hangul(s);
}

char *
hak_text_nfc(const char *s)
{
	if (ascii_hangul(s))
		return hak_xstrdup(s);
	return mapped(s, UTF8PROC_COMPOSE);
}

static bool
is_bidi_control(int cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
		cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

int
hak_text_cp_width(int cp, bool *replace)
{
	utf8proc_category_t cat = utf8proc_category(cp);

	*replace = false;
	if (cat == UTF8PROC_CATEGORY_CC || is_bidi_control(cp) ||
		cp == 0x2028 || cp == 0x2029) {
		*replace = true;
		return 1;
	}
	return utf8proc_charwidth(cp);
}

size_t
hak_text_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	size_t w = 0;
	bool rep;

	while (*p) {
		n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0) {	/* invalid byte: shown as '?' */
			w++, p++;
			continue;
		}
		w += (size_t)hak_text_cp_width(cp, &rep);
		p += n;
	}
	return w;
}

/*
 * hak_text_key for the common case without utf8proc: s only printable
 * ASCII and precomposed Hangul syllables (U+AC00..U+D7A3), which NFKC and
 * case folding leave alone but for A-Z, and none of which composes with
 * its neighbour.  NULL when s holds anything else.
 */
static char *
key_fast(const char *s)
{
	static const char drop[] = " ().-";
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	char *out = hak_xmalloc(len + 1), *o = out;
	unsigned cp;

	while (*p) {
		if (*p >= 0x20 && *p < 0x7f) {
			if (!strchr(drop, *p))
				*o++ = (char)(*p >= 'A' && *p <= 'Z' ?
					*p + ('a' - 'A') : *p);
			p++;
			continue;
		}
		if ((p[0] & 0xf0) != 0xe0 || (p[1] & 0xc0) != 0x80 ||
			(p[2] & 0xc0) != 0x80)
			break;
		cp = (unsigned)(p[0] & 0x0f) << 12 |
			(unsigned)(p[1] & 0x3f) << 6 | (unsigned)(p[2] & 0x3f);
		if (cp < 0xac00 || cp > 0xd7a3)
			break;
		memcpy(o, p, 3);
		o += 3;
		p += 3;
	}
	if (*p) {
		free(out);
		return NULL;
	}
	*o = '\0';
	return out;
}

char *
hak_text_key(const char *s)
{
	static const char drop[] = "()\xc2\xb7.-";	/* ( ) · . - */
	const utf8proc_uint8_t *p;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	struct hak_buf b = HAK_BUF_INIT;
	char *folded;

	if ((folded = key_fast(s)))
		return folded;
	folded = mapped(s, UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
		UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
	if (!folded)
		return NULL;
	for (p = (const utf8proc_uint8_t *)folded; *p; p += n) {
		n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0)
			break;
		if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ||
			(cp < 0x80 && (cp == ' ' || (cp >= 9 && cp <= 13))) ||
			cp == 0x30fb || cp == 0xff65 ||		/* katakana middle dots */
			(cp < 0x80 && cp && strchr(drop, cp)) || cp == 0xb7)
			continue;
		hak_buf_add(&b, p, (size_t)n);
	}
	free(folded);
	return hak_buf_detach(&b, NULL);
}

static bool
space_at(const char *s, size_t *n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);

	if (k <= 0)
		return false;
	*n = (size_t)k;
	return (cp < 0x80 && (cp == ' ' || (cp >= 9 && cp <= 13))) ||
		utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS || cp == 0xfeff;
}

char *
hak_text_trim(char *s)
{
	size_t n, len, start = 0, end, last_end = 0;

	while (s[start]) {
		unsigned char c = (unsigned char)s[start];

		/* ASCII, and the lead bytes of no space (see below), need
		 * no utf8proc */
		if (c < 0x80) {
			if (c != ' ' && (c < 9 || c > 13))
				break;
			start++;
			continue;
		}
		if (c != 0xc2 && c != 0xe1 && c != 0xe2 && c != 0xe3 &&
			c != 0xef)
			break;
		if (!space_at(s + start, &n))
			break;
		start += n;
	}
	/* back from the end over the trailing spaces: a cell is read once
	 * by strlen, not character by character */
	end = start + strlen(s + start);
	while (end > start) {
		size_t k = end - 1;

		unsigned char c;

		while (k > start && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		c = (unsigned char)s[k];
		/* ASCII, and the lead bytes of no space, without utf8proc */
		if (c < 0x80) {
			if (c != ' ' && (c < 9 || c > 13))
				break;
			end = k;
			continue;
		}
		if (c != 0xc2 && c != 0xe1 && c != 0xe2 && c != 0xe3 &&
			c != 0xef)
			break;
		if (!space_at(s + k, &n) || k + n != end)
			break;
		end = k;
	}
	last_end = end;
	len = last_end > start ? last_end - start : 0;
	memmove(s, s + start, len);
	s[len] = '\0';
	return s;
}

char *
hak_text_clean(const char *s)
{
	char *t;

	if (!s || !(t = hak_text_nfc(s)))
		return NULL;
	hak_text_trim(t);
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

/* s as code points into a fresh array; *n of them. */
static utf8proc_int32_t *
code_points(const char *s, size_t *n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t *v = hak_xcalloc(strlen(s) + 1, sizeof(*v));
	utf8proc_ssize_t k;

	*n = 0;
	for (; *p; p += k) {
		k = utf8proc_iterate(p, -1, &v[*n]);
		if (k <= 0) {
			v[*n] = *p;
			k = 1;
		}
		(*n)++;
	}
	return v;
}

size_t
hak_text_distance(const char *a, const char *b, size_t max)
{
	utf8proc_int32_t *x, *y;
	size_t nx, ny, i, j, *row, diag, up, best, d;

	x = code_points(a, &nx);
	y = code_points(b, &ny);
	if ((nx > ny ? nx - ny : ny - nx) > max) {
		d = max + 1;
		goto out;
	}
	/* One row of the Wagner-Fischer table; stop once a whole row is
	 * past max, as every later row can only be larger. */
	row = hak_xcalloc(ny + 1, sizeof(*row));
	for (j = 0; j <= ny; j++)
		row[j] = j;
	d = ny;
	for (i = 1; i <= nx; i++) {
		diag = row[0];
		row[0] = i;
		best = row[0];
		for (j = 1; j <= ny; j++) {
			up = row[j];
			d = diag + (x[i - 1] != y[j - 1]);
			if (up + 1 < d)
				d = up + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			row[j] = d;
			diag = up;
			if (d < best)
				best = d;
		}
		if (best > max)
			break;
	}
	d = i <= nx ? max + 1 : row[ny];
	free(row);
	if (d > max)
		d = max + 1;
out:
	free(x);
	free(y);
	return d;
}

size_t
hak_text_length(const char *s)
{
	size_t n;

	free(code_points(s, &n));
	return n;
}
