/* SPDX-License-Identifier: MIT */
/* A small reproducible random generator (splitmix64), for `hak demo`. */
#include "hak/rand.h"
#include "banned.h"

uint64_t
hak_rand_next(struct hak_rand *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

long
hak_rand_range(struct hak_rand *r, long lo, long hi)
{
	if (hi <= lo)
		return lo;
	return lo + (long)(hak_rand_next(r) % (uint64_t)(hi - lo + 1));
}
