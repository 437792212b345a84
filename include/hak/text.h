/* SPDX-License-Identifier: MIT */
/*
 * hak/text.h - Unicode text helpers over utf8proc: NFC, display width,
 * matching keys.  All strings are UTF-8; returned strings are the caller's.
 */
#ifndef HAK_TEXT_H
#define HAK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is valid UTF-8 (no NUL check). */
bool hak_text_valid(const char *s, size_t len);

/* NFC of s (valid UTF-8); NULL on invalid input.  Caller frees. */
char *hak_text_nfc(const char *s);

/* True when s is ASCII and precomposed Hangul syllables only: then it is
 * NFC as it is (a quick check before hak_text_nfc's copy). */
bool hak_text_nfc_quick(const char *s);
/* True when s is pure ASCII (then NFC is the identity). */
bool hak_text_ascii(const char *s, size_t len);

/*
 * Display width in terminal cells (SPEC 2.6): East Asian Wide and
 * Fullwidth count 2, ambiguous 1, combining marks 0; control and bidi
 * override/isolate characters are shown as '?' and count 1.
 */
size_t hak_text_width(const char *s);

/* One character's width and whether it must be shown as '?'. */
int hak_text_cp_width(int cp, bool *replace);

/*
 * A matching key for names (SPEC 4): NFKC (folds full-width forms),
 * case-folded, with white space and ( ) · . - removed.  Caller frees.
 */
char *hak_text_key(const char *s);

/*
 * A value as stored: NFC, trimmed; NULL when s is NULL, invalid UTF-8 or
 * blank (SPEC 2.7: there are no empty strings).  Caller frees.
 */
char *hak_text_clean(const char *s);

/*
 * The edit distance (insertions, deletions, substitutions of code points)
 * between a and b, or max + 1 when it is more than max.  For "did you
 * mean" lists: cheap when max is small.
 */
size_t hak_text_distance(const char *a, const char *b, size_t max);

/* The number of code points of s (an invalid byte counts one). */
size_t hak_text_length(const char *s);

/* Trim ASCII and Unicode white space at both ends, in place; returns s. */
char *hak_text_trim(char *s);

#endif
