/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/stats.c against independently computed figures. */
#include <math.h>
#include <stdio.h>

#include "hak/stats.h"
#include "tap.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define TOL 1e-9

/*
 * The reference values below are the output of tests/unit/stats-ref.py
 * (python3, standard library only): exact fractions and 50-digit decimals;
 * t quantiles by the secant method on the closed-form CDF for integer df
 * (Abramowitz and Stegun 26.7.3/26.7.4), not on the incomplete beta
 * function lib/stats.c uses.  They agree with published tables, e.g.
 * t(0.975, 1) = 12.706204736174705, t(0.975, 1000) = 1.9623390808264078.
 */
static const struct {
	double p, df, t;
} tq[] = {
	{ 0.975, 1, 12.706204736174694 },
	{ 0.975, 2, 4.3026527297494619 },
	{ 0.975, 3, 3.1824463052837086 },
	{ 0.975, 5, 2.5705818356363146 },
	{ 0.975, 10, 2.2281388519862744 },
	{ 0.975, 11, 2.2009851600916392 },
	{ 0.975, 29, 2.0452296421327039 },
	{ 0.975, 30, 2.0422724563012378 },
	{ 0.975, 100, 1.9839715185235518 },
	{ 0.975, 1000, 1.9623390808264081 },
	{ 0.975, 1000000, 1.9599663568141066 },
	{ 0.995, 7, 3.4994832973504932 },
	{ 0.9, 4, 1.5332062740589441 },
	{ 0.9999, 20000, 3.7197060628848968 },
	{ 0.9999999, 100000, 5.199701988462917 },
	{ 0.9999999, 5000, 5.2066341301240904 },
};

static const double
	likert_mean = 3.6666666666666665,
	likert_sd = 1.2309149097933274,
	likert_lo = 2.8845806453006575,
	likert_hi = 4.448752688032676,
	big_mean = 1000000010,
	big_sd = 5.4772255750516612,
	wilson_7_20_lo = 0.18119182410108206,
	wilson_7_20_hi = 0.56714572331476376,
	wilson_0_10_lo = 0,
	wilson_0_10_hi = 0.2775327998628892,
	wilson_10_10_lo = 0.72246720013711074,
	wilson_10_10_hi = 1,
	wilson196_7_20_lo = 0.18118954786794464,
	wilson196_7_20_hi = 0.56714948978053537,
	wilson196_36_40_lo = 0.76947925619526103,
	wilson196_36_40_hi = 0.96042111240442518,
	wilson196_1_1_lo = 0.20654329147389291,
	wilson196_1_1_hi = 1,
	pct_0 = 15,
	pct_01 = 17.5,
	pct_025 = 20,
	pct_05 = 27.5,
	pct_09 = 45,
	pct_1 = 50,
	gini_a = 0.625,
	gini_b = 0.75,
	gini_c = 0.42222222222222222,
	unused_last = 0;

static void
near(double got, double want, const char *name)
{
	double err = fabs(got - want) / (fabs(want) > 1 ? fabs(want) : 1);

	if (!ok(err <= TOL, name))
		printf("#   got  %.17g\n#   want %.17g\n", got, want);
}

static void
test_t(void)
{
	char name[80];
	size_t i;
	double t, df;

	for (i = 0; i < NELEM(tq); i++) {
		snprintf(name, sizeof(name), "t quantile p=%g df=%g", tq[i].p,
		    tq[i].df);
		near(hak_stats_t_quantile(tq[i].p, tq[i].df), tq[i].t, name);
		snprintf(name, sizeof(name), "t cdf back p=%g df=%g", tq[i].p,
		    tq[i].df);
		near(hak_stats_t_cdf(tq[i].t, tq[i].df), tq[i].p, name);
	}
	near(hak_stats_t_quantile(0.025, 10), -tq[4].t, "lower tail: -t");
	ok(hak_stats_t_quantile(0.5, 3) == 0, "median is 0");
	ok(isinf(hak_stats_t_quantile(1, 3)), "p = 1: infinity");
	ok(isnan(hak_stats_t_quantile(1.5, 3)), "p > 1: NaN");
	ok(isnan(hak_stats_t_quantile(0.975, 0)), "df = 0: NaN");
	/* Fractional df: between its neighbours, and the cdf inverts it. */
	t = hak_stats_t_quantile(0.975, 2.5);
	ok(t < tq[1].t && t > tq[2].t, "df 2.5 between df 2 and df 3");
	near(hak_stats_t_cdf(t, 2.5), 0.975, "df 2.5 round trip");
	/* Very large df tends to the normal z. */
	near(hak_stats_t_quantile(0.975, 1e12), HAK_STATS_Z95, "df 1e12 ~ z");
	for (df = 1; df <= 1e6; df *= 10)
		if (fabs(hak_stats_t_cdf(hak_stats_t_quantile(0.9999, df),
		    df) - 0.9999) > 1e-12)
			break;
	ok(df > 1e6, "far tail round trip for df 1 .. 1e6");
	near(hak_stats_ibeta(2, 3, 0.4, 0.6), 0.5248, "I_0.4(2,3) = 0.5248");
	ok(isnan(hak_stats_ibeta(-1, 3, 0.4, 0.6)), "ibeta a < 0: NaN");
}

static void
test_moments(void)
{
	static const double likert[] = { 5, 4, 4, 3, 5, 2, 4, 4, 1, 5, 3, 4 };
	static const double big[] = { 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16 };
	struct hak_stats s = HAK_STATS_INIT;
	double lo, hi;
	size_t i;

	for (i = 0; i < NELEM(likert); i++)
		hak_stats_add(&s, likert[i]);
	near(hak_stats_mean(&s), likert_mean, "likert mean");
	near(hak_stats_sd(&s), likert_sd, "likert sd (n - 1)");
	hak_stats_ci95(&s, &lo, &hi);
	near(lo, likert_lo, "likert ci95 low");
	near(hi, likert_hi, "likert ci95 high");
	near(hak_stats_mean_of(big, NELEM(big)), big_mean, "mean near 1e9");
	near(hak_stats_sd_of(big, NELEM(big)), big_sd,
	    "sd near 1e9 (Welford keeps the digits)");

	s = (struct hak_stats)HAK_STATS_INIT;
	ok(isnan(hak_stats_mean(&s)), "n = 0: mean NaN");
	hak_stats_add(&s, 3);
	ok(hak_stats_mean(&s) == 3 && isnan(hak_stats_sd(&s)),
	    "n = 1: mean 3, sd NaN");
	hak_stats_ci95(&s, &lo, &hi);
	ok(isnan(lo) && isnan(hi), "n = 1: no interval");
	hak_stats_add(&s, -5);
	ok(hak_stats_mean(&s) == -1, "negative values are fine");
	hak_stats_add(&s, NAN);
	ok(isnan(hak_stats_mean(&s)), "NaN propagates");
}

static void
test_wilson(void)
{
	double lo, hi;

	hak_stats_wilson(7, 20, &lo, &hi);
	near(lo, wilson_7_20_lo, "wilson 7/20 low");
	near(hi, wilson_7_20_hi, "wilson 7/20 high");
	hak_stats_wilson(0, 10, &lo, &hi);
	near(lo, wilson_0_10_lo, "wilson 0/10 low");
	near(hi, wilson_0_10_hi, "wilson 0/10 high");
	hak_stats_wilson(10, 10, &lo, &hi);
	near(lo, wilson_10_10_lo, "wilson 10/10 low");
	near(hi, wilson_10_10_hi, "wilson 10/10 high");
	hak_stats_wilson(0, 0, &lo, &hi);
	ok(isnan(lo) && isnan(hi), "wilson n = 0: NaN");
	hak_stats_wilson(3, 2, &lo, &hi);
	ok(isnan(lo), "wilson k > n: NaN");
	/* at z = 1.96, as survey results use it (SPEC 5.4) */
	hak_stats_wilson_z(7, 20, 1.96, &lo, &hi);
	near(lo, wilson196_7_20_lo, "wilson z=1.96 7/20 low");
	near(hi, wilson196_7_20_hi, "wilson z=1.96 7/20 high");
	hak_stats_wilson_z(36, 40, 1.96, &lo, &hi);
	near(lo, wilson196_36_40_lo, "wilson z=1.96 36/40 low");
	near(hi, wilson196_36_40_hi, "wilson z=1.96 36/40 high");
	hak_stats_wilson_z(1, 1, 1.96, &lo, &hi);
	near(lo, wilson196_1_1_lo, "wilson z=1.96 1/1 low");
	near(hi, wilson196_1_1_hi, "wilson z=1.96 1/1 high");
	hak_stats_wilson_z(1, 2, 0, &lo, &hi);
	ok(isnan(lo) && isnan(hi), "wilson z = 0: NaN");
	hak_stats_wilson_z(7, 20, HAK_STATS_Z95, &lo, &hi);
	near(lo, wilson_7_20_lo, "wilson_z at HAK_STATS_Z95 = wilson");
}

static void
test_order(void)
{
	static const double data[] = { 35, 15, 50, 20, 40, 20 };
	static const double ga[] = { 0, 0, 1, 2, 3, 10 }, gb[] = { 0, 0, 0, 1 };
	static const double gc[] = { 2.5, 7, 7, 1, 0.5 };
	static const double zeros[] = { 0, 0, 0 }, neg[] = { 1, -1 };
	static const double withnan[] = { 1, NAN };

	near(hak_stats_percentile(data, 6, 0), pct_0, "P0 is the minimum");
	near(hak_stats_percentile(data, 6, 0.1), pct_01, "P10");
	near(hak_stats_percentile(data, 6, 0.25), pct_025, "P25");
	near(hak_stats_percentile(data, 6, 0.5), pct_05, "median");
	near(hak_stats_percentile(data, 6, 0.9), pct_09, "P90");
	near(hak_stats_percentile(data, 6, 1), pct_1, "P100 is the maximum");
	ok(data[0] == 35, "the input is not sorted in place");
	ok(hak_stats_percentile(data, 1, 0.9) == 35, "n = 1: the value");
	ok(isnan(hak_stats_percentile(data, 0, 0.5)), "n = 0: NaN");
	ok(isnan(hak_stats_percentile(data, 6, 1.1)), "p > 1: NaN");
	ok(isnan(hak_stats_percentile(withnan, 2, 0.5)), "NaN input: NaN");

	near(hak_stats_gini(ga, NELEM(ga)), gini_a, "gini a");
	near(hak_stats_gini(gb, NELEM(gb)), gini_b, "gini: one has all");
	near(hak_stats_gini(gc, NELEM(gc)), gini_c, "gini c");
	ok(hak_stats_gini(zeros, 3) == 0, "gini of all zeros is 0");
	ok(isnan(hak_stats_gini(zeros, 0)), "gini n = 0: NaN");
	ok(isnan(hak_stats_gini(neg, 2)), "gini of a negative value: NaN");
	ok(isnan(hak_stats_gini(withnan, 2)), "gini of NaN: NaN");
}

int
main(void)
{
	(void)unused_last;
	test_t();
	test_moments();
	test_wilson();
	test_order();
	return done_testing();
}
