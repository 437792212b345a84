/* SPDX-License-Identifier: MIT */
/*
 * hak/digest.h - SHA-256 as lowercase hex: of a buffer at once, or of a
 * stream fed in pieces (an import's file).  Backed by libcrypto, which
 * uses the CPU's SHA instructions where there are any.  Out of memory
 * ends the program (exit 71), as hak_xmalloc does.
 */
#ifndef HAK_DIGEST_H
#define HAK_DIGEST_H

#include <stddef.h>

#define HAK_SHA256_HEX 65	/* 64 hex digits and the NUL */

struct hak_sha256;		/* a running digest */

/* SHA-256 of data[0..len) into out. */
void hak_sha256_hex(const void *data, size_t len, char out[HAK_SHA256_HEX]);

/* A new running digest (the caller's: hak_sha256_free). */
struct hak_sha256 *hak_sha256_new(void);
void hak_sha256_update(struct hak_sha256 *s, const void *data, size_t len);
/* The digest of everything fed so far; s stays open for more. */
void hak_sha256_sofar(const struct hak_sha256 *s, char out[HAK_SHA256_HEX]);
void hak_sha256_free(struct hak_sha256 *s);

#endif
