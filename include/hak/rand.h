/* SPDX-License-Identifier: MIT */
/*
 * hak/rand.h - a small reproducible random generator (splitmix64): the
 * same seed gives the same sequence on every platform.  For `hak demo`
 * and the domain modules' demo steps; not for anything secret.
 */
#ifndef HAK_RAND_H
#define HAK_RAND_H

#include <stdint.h>

struct hak_rand {
	uint64_t s;
};
uint64_t hak_rand_next(struct hak_rand *r);
/* Uniform in [lo, hi]; lo when hi <= lo. */
long hak_rand_range(struct hak_rand *r, long lo, long hi);

#endif
