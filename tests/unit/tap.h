/* SPDX-License-Identifier: MIT */
/* A small TAP producer for the unit tests: ok(), is_str(), is_int(). */
#ifndef HAK_TAP_H
#define HAK_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int
tap_ok(int cond, const char *file, int line, const char *name)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

static inline int
tap_is_str(const char *got, const char *want, const char *file, int line,
	const char *name)
{
	int eq = (!got && !want) || (got && want && !strcmp(got, want));

	if (!tap_ok(eq, file, line, name))
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
			want ? want : "(null)");
	return eq;
}

static inline int
tap_is_long(long long got, long long want, const char *file, int line,
	const char *name)
{
	if (!tap_ok(got == want, file, line, name))
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return got == want;
}

#define ok(cond, name) tap_ok(!!(cond), __FILE__, __LINE__, (name))
#define is_str(g, w, name) tap_is_str((g), (w), __FILE__, __LINE__, (name))
#define is_int(g, w, name) \
	tap_is_long((long long)(g), (long long)(w), __FILE__, __LINE__, (name))

/* End of a test program: the plan, and the exit status. */
static inline int
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
