/* SPDX-License-Identifier: MIT */
/*
 * hak/stats.h - the figures of survey results and reports (SPEC 5.4, 5.6).
 *
 * Pure functions on doubles; nothing is allocated that outlives a call.
 * Undefined figures are NaN, never an error code, so that a caller prints
 * them as empty cells (SPEC 2.7):
 *   - mean of n = 0; sd and confidence intervals of n < 2;
 *   - any figure over data holding a NaN (NaN propagates);
 *   - the Gini coefficient of data holding a negative value.
 * Negative values are fine everywhere else.
 */
#ifndef HAK_STATS_H
#define HAK_STATS_H

#include <stddef.h>

/* z for a two-sided 95% interval: the 0.975 quantile of N(0, 1). */
#define HAK_STATS_Z95	1.959963984540054

/*
 * One-pass accumulator (Welford): numerically stable mean and variance,
 * for values far from zero too.  Initialise with HAK_STATS_INIT.
 */
struct hak_stats {
	size_t n;
	double mean;
	double m2;		/* sum of squared deviations from the mean */
};
#define HAK_STATS_INIT { 0, 0.0, 0.0 }

void hak_stats_add(struct hak_stats *s, double x);
double hak_stats_mean(const struct hak_stats *s);	/* NaN if n = 0 */
double hak_stats_sd(const struct hak_stats *s);	/* n - 1; NaN if n < 2 */

/* The same over an array. */
double hak_stats_mean_of(const double *x, size_t n);
double hak_stats_sd_of(const double *x, size_t n);

/*
 * The t-based 95% interval of a mean, mean -+ t(0.975, n-1) sd / sqrt(n)
 * (SPEC 5.4 ci95_low, ci95_high); both NaN when n < 2.
 */
void hak_stats_ci95(const struct hak_stats *s, double *lo, double *hi);

/*
 * Wilson score interval of k successes in n at z = HAK_STATS_Z95; both NaN
 * when n = 0 or k > n.
 */
void hak_stats_wilson(double k, double n, double *lo, double *hi);
/* The same at another z > 0 (SPEC 5.4 fixes z = 1.96 for surveys); both
 * NaN also for z <= 0. */
void hak_stats_wilson_z(double k, double n, double z, double *lo,
	double *hi);

/*
 * The regularized incomplete beta function I_x(a, b) for a, b > 0 and
 * 0 <= x <= 1, by Lentz's continued fraction; y = 1 - x is passed too so
 * that x close to 1 loses no digits.  NaN for arguments out of range.
 */
double hak_stats_ibeta(double a, double b, double x, double y);

/*
 * Student's t with df > 0 degrees of freedom (df may be fractional):
 * P(T <= t), and its inverse for 0 < p < 1 (-inf, +inf at 0 and 1); NaN
 * for df <= 0 or p outside [0, 1].  Quantiles agree with an independent
 * reference to 2e-15 relative (df 1 to 1e6, p up to 1 - 1e-7); above
 * df = 1e4 they come from the Cornish-Fisher expansion.  The CDF is good
 * to about 1e-14 absolute, 1e-10 in far tails (t > 4) of df over 1e4.
 */
double hak_stats_t_cdf(double t, double df);
double hak_stats_t_quantile(double p, double df);

/*
 * Spreadsheets' PERCENTILE.INC: rank p(n-1) in the sorted values, linear
 * interpolation between neighbours; p in [0, 1].  x is not changed (a
 * sorted copy is made).  NaN when n = 0, p is out of range or x holds NaN.
 */
double hak_stats_percentile(const double *x, size_t n, double p);

/*
 * Gini coefficient G = sum_i sum_j |x_i - x_j| / (2 n^2 mean) (SPEC 5.6),
 * computed in O(n log n) from the sorted values as
 * 2 sum_i i x_(i) / (n sum x) - (n + 1) / n, i = 1..n.  0 when all values
 * are equal (all zeros included); NaN when n = 0 or x holds a negative
 * value or NaN.
 */
double hak_stats_gini(const double *x, size_t n);

#endif
