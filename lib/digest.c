/* SPDX-License-Identifier: MIT */
/* lib/digest.c - SHA-256 through libcrypto's EVP interface. */
#include <openssl/evp.h>

#include "hak/buf.h"
#include "hak/digest.h"

#include "banned.h"

struct hak_sha256 {
	EVP_MD_CTX *ctx;
};

/*
 * The implementation, fetched once: EVP_sha256() would look it up in the
 * provider store at every init, which costs more than hashing a short
 * record.  NULL when libcrypto cannot give one (out of memory).
 */
static EVP_MD *
sha256_md(void)
{
	static EVP_MD *md;

	if (!md && !(md = EVP_MD_fetch(NULL, "SHA256", NULL)))
		hak_oom(0);
	return md;
}

static void
hex(const unsigned char *d, unsigned n, char out[HAK_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < n && i < 32; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * i] = '\0';
}

void
hak_sha256_hex(const void *data, size_t len, char out[HAK_SHA256_HEX])
{
	static EVP_MD_CTX *ctx;
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;

	/* one context for every call: the programs are single-threaded */
	if (!ctx && !(ctx = EVP_MD_CTX_new()))
		hak_oom(0);
	if (!EVP_DigestInit_ex(ctx, sha256_md(), NULL) ||
		!EVP_DigestUpdate(ctx, data, len) ||
		!EVP_DigestFinal_ex(ctx, d, &n))
		hak_oom(len);
	hex(d, n, out);
}

struct hak_sha256 *
hak_sha256_new(void)
{
	struct hak_sha256 *s = hak_xmalloc(sizeof(*s));

	if (!(s->ctx = EVP_MD_CTX_new()) ||
		!EVP_DigestInit_ex(s->ctx, sha256_md(), NULL))
		hak_oom(0);
	return s;
}

void
hak_sha256_update(struct hak_sha256 *s, const void *data, size_t len)
{
	if (len && !EVP_DigestUpdate(s->ctx, data, len))
		hak_oom(len);
}

void
hak_sha256_sofar(const struct hak_sha256 *s, char out[HAK_SHA256_HEX])
{
	EVP_MD_CTX *copy = EVP_MD_CTX_new();
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;

	if (!copy || !EVP_MD_CTX_copy_ex(copy, s->ctx) ||
		!EVP_DigestFinal_ex(copy, d, &n))
		hak_oom(0);
	EVP_MD_CTX_free(copy);
	hex(d, n, out);
}

void
hak_sha256_free(struct hak_sha256 *s)
{
	if (!s)
		return;
	EVP_MD_CTX_free(s->ctx);
	free(s);
}
