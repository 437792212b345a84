/* SPDX-License-Identifier: MIT */
/* Means, deviations, intervals, t quantiles, percentiles, Gini. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hak/buf.h"
#include "hak/stats.h"
#include "banned.h"

#define CF_MAX_ITER	200000
#define CF_EPS		1e-16

/* ---- Moments ---- */

void
hak_stats_add(struct hak_stats *s, double x)
{
	double d = x - s->mean;

	s->n++;
	s->mean += d / (double)s->n;
	s->m2 += d * (x - s->mean);
}

double
hak_stats_mean(const struct hak_stats *s)
{
	return s->n ? s->mean : NAN;
}

double
hak_stats_sd(const struct hak_stats *s)
{
	return s->n < 2 ? NAN : sqrt(s->m2 / (double)(s->n - 1));
}

static struct hak_stats
accumulate(const double *x, size_t n)
{
	struct hak_stats s = HAK_STATS_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		hak_stats_add(&s, x[i]);
	return s;
}

double
hak_stats_mean_of(const double *x, size_t n)
{
	struct hak_stats s = accumulate(x, n);

	return hak_stats_mean(&s);
}

double
hak_stats_sd_of(const double *x, size_t n)
{
	struct hak_stats s = accumulate(x, n);

	return hak_stats_sd(&s);
}

/* ---- Intervals ---- */

void
hak_stats_ci95(const struct hak_stats *s, double *lo, double *hi)
{
	double half;

	if (s->n < 2) {
		*lo = *hi = NAN;
		return;
	}
	half = hak_stats_t_quantile(0.975, (double)(s->n - 1)) *
	    hak_stats_sd(s) / sqrt((double)s->n);
	*lo = s->mean - half;
	*hi = s->mean + half;
}

void
hak_stats_wilson(double k, double n, double *lo, double *hi)
{
	hak_stats_wilson_z(k, n, HAK_STATS_Z95, lo, hi);
}

void
hak_stats_wilson_z(double k, double n, double z, double *lo, double *hi)
{
	const double z2 = z * z;
	double p, denom, centre, half;

	if (!(n > 0) || !(k >= 0) || k > n || !(z > 0)) {
		*lo = *hi = NAN;
		return;
	}
	p = k / n;
	denom = 1 + z2 / n;
	centre = (p + z2 / (2 * n)) / denom;
	half = z / denom * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
	*lo = centre - half;
	*hi = centre + half;
}

/* ---- Gamma and beta functions ---- */

/*
 * lgamma(x) - Stirling's approximation, for x >= 10: the series of
 * 1/x^k with Bernoulli-number coefficients, error below 2e-14.
 */
static double
stirling_rest(double x)
{
	double r = 1 / x, r2 = r * r;

	return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 -
	    r2 * (1.0 / 1680 - r2 / 1188))));
}

/*
 * lgamma(a + b) - lgamma(a) without the cancellation that subtracting two
 * large lgamma values has (for a = 5e5 it would lose 6 digits).
 */
static double
lgamma_ratio(double a, double b)
{
	if (a < 10)
		return lgamma(a + b) - lgamma(a);
	return (a - 0.5) * log1p(b / a) + b * log(a + b) - b +
	    stirling_rest(a + b) - stirling_rest(a);
}

/* log B(a, b), accurate when one argument is small and the other large. */
static double
lbeta(double a, double b)
{
	if (a < b)
		return lbeta(b, a);
	return lgamma(b) - lgamma_ratio(a, b);
}

/* The continued fraction of I_x(a, b), modified Lentz's method. */
static double
beta_cf(double a, double b, double x)
{
	const double tiny = DBL_MIN / DBL_EPSILON;
	double c = 1, d, h, num, delta;
	int m;

	d = 1 - (a + b) * x / (a + 1);
	d = 1 / (fabs(d) < tiny ? tiny : d);
	h = d;
	for (m = 1; m <= CF_MAX_ITER; m++) {
		/* Even step, then odd step of the fraction. */
		num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + num * d;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = 1 + num / c;
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		num = -(a + m) * (a + b + m) * x /
		    ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + num * d;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = 1 + num / c;
		c = fabs(c) < tiny ? tiny : c;
		delta = d * c;
		h *= delta;
		if (fabs(delta - 1) < CF_EPS)
			break;
	}
	return h;
}

/* I_x(a, b) by the continued fraction. */
static double
ibeta_direct(double a, double b, double x, double y)
{
	/* log(1 - y) keeps the digits of x close to 1. */
	double lx = x < 0.5 ? log(x) : log1p(-y);
	double ly = y < 0.5 ? log(y) : log1p(-x);

	return exp(a * lx + b * ly - lbeta(a, b)) * beta_cf(a, b, x) / a;
}

double
hak_stats_ibeta(double a, double b, double x, double y)
{
	if (!(a > 0) || !(b > 0) || !(x >= 0) || !(y >= 0) ||
	    fabs(x + y - 1) > 1e-12)
		return NAN;
	if (x == 0 || y == 0)
		return x == 0 ? 0 : 1;
	/*
	 * The fraction converges fast for x < (a + 1) / (a + b + 2), else
	 * for 1 - I_y(b, a); near that bound both need about sqrt(max(a, b))
	 * steps, too many when one is huge (t with df over 2e4), but then
	 * the form whose huge parameter is b is quick when x (a + b) is
	 * moderate (it tends to the incomplete gamma's fraction).
	 */
	if (b > 1e4 && x * (a + b) < 50)
		return ibeta_direct(a, b, x, y);
	if (!(a > 1e4 && y * (a + b) < 50) && x * (a + b + 2) < a + 1)
		return ibeta_direct(a, b, x, y);
	return 1 - ibeta_direct(b, a, y, x);
}

/* ---- Student's t ---- */

/* P(T > t) for t >= 0: I_{df/(df+t^2)}(df/2, 1/2) / 2. */
static double
t_upper(double t, double df)
{
	double t2 = t * t;

	return 0.5 * hak_stats_ibeta(df / 2, 0.5, df / (df + t2),
	    t2 / (df + t2));
}

static double
t_pdf(double t, double df)
{
	return exp(lgamma_ratio(df / 2, 0.5) - 0.5 * log(df * M_PI) -
	    (df + 1) / 2 * log1p(t * t / df));
}

double
hak_stats_t_cdf(double t, double df)
{
	if (!(df > 0) || isnan(t))
		return NAN;
	if (isinf(t))
		return t > 0 ? 1 : 0;
	return t >= 0 ? 1 - t_upper(t, df) : t_upper(-t, df);
}

static double
normal_upper(double z, double unused)
{
	(void)unused;
	return 0.5 * erfc(z / M_SQRT2);
}

static double
normal_pdf(double z, double unused)
{
	(void)unused;
	return exp(-0.5 * z * z) / sqrt(2 * M_PI);
}

/*
 * The x >= 0 with upper(x, df) = q, 0 < q < 1/2, for a falling upper tail
 * and its density: Newton's method kept inside a bracket [lo, hi] that
 * bisection falls back on.
 */
static double
upper_inverse(double q, double df, double (*upper)(double, double),
	double (*pdf)(double, double))
{
	double lo = 0, hi = 1, x, f, step;
	int i;

	while (upper(hi, df) > q && hi < 1e300)
		hi *= 2;
	x = hi / 2;
	for (i = 0; i < 400; i++) {
		f = upper(x, df) - q;
		if (f > 0)
			lo = x;
		else
			hi = x;
		step = f / pdf(x, df);
		if (!(x + step > lo && x + step < hi))
			step = (lo + hi) / 2 - x;
		x += step;
		if (fabs(step) <= 1e-15 * x || hi - lo <= 4 * DBL_EPSILON * hi)
			break;
	}
	return x;
}

/*
 * For df over T_ASYMPTOTIC the incomplete beta function's fraction needs
 * about sqrt(df) steps in the far tail; the Cornish-Fisher expansion of
 * t in powers of 1/df around the normal quantile z (Abramowitz and
 * Stegun 26.7.5, four terms) is then exact to double precision.
 */
#define T_ASYMPTOTIC	1e4

static double
t_cornish_fisher(double z, double df)
{
	double z2 = z * z;
	double g1 = z * (z2 + 1) / 4;
	double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
	double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
	double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 -
	    945) / 92160;

	return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

static double
t_upper_inverse(double q, double df)
{
	if (df > T_ASYMPTOTIC)
		return t_cornish_fisher(upper_inverse(q, 0, normal_upper,
		    normal_pdf), df);
	return upper_inverse(q, df, t_upper, t_pdf);
}

double
hak_stats_t_quantile(double p, double df)
{
	if (!(df > 0) || !(p >= 0 && p <= 1))
		return NAN;
	if (p == 0 || p == 1)
		return p == 1 ? INFINITY : -INFINITY;
	if (p == 0.5)
		return 0;
	return p > 0.5 ? t_upper_inverse(1 - p, df) :
	    -t_upper_inverse(p, df);
}

/* ---- Order statistics ---- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A sorted copy of x, or NULL when n = 0 or x holds NaN.  Caller frees. */
static double *
sorted_copy(const double *x, size_t n)
{
	double *v;
	size_t i;

	if (!n)
		return NULL;
	for (i = 0; i < n; i++)
		if (isnan(x[i]))
			return NULL;
	v = hak_xreallocarray(NULL, n, sizeof(*v));
	memcpy(v, x, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_double);
	return v;
}

double
hak_stats_percentile(const double *x, size_t n, double p)
{
	double *v, rank, frac, r;
	size_t lo;

	if (!(p >= 0 && p <= 1) || !(v = sorted_copy(x, n)))
		return NAN;
	rank = p * (double)(n - 1);
	lo = (size_t)rank;
	frac = rank - (double)lo;
	r = lo + 1 < n ? v[lo] + frac * (v[lo + 1] - v[lo]) : v[lo];
	free(v);
	return r;
}

double
hak_stats_gini(const double *x, size_t n)
{
	double *v, sum = 0, wsum = 0, g;
	size_t i;

	if (!(v = sorted_copy(x, n)))
		return NAN;
	if (v[0] < 0) {
		free(v);
		return NAN;
	}
	for (i = 0; i < n; i++) {
		sum += v[i];
		wsum += (double)(i + 1) * v[i];
	}
	g = v[0] == v[n - 1] ? 0 : 2 * wsum / ((double)n * sum) -
	    (double)(n + 1) / (double)n;
	free(v);
	return g;
}
