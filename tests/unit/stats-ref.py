#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reference values for tests/unit/stats.c, computed independently of
lib/stats.c: Python standard library only, exact rationals (fractions) for
means, deviations, percentiles and the Gini double sum, 50-digit decimals
for square roots and the t distribution.

Student's t CDF comes from the closed forms for integer degrees of freedom
(Abramowitz and Stegun 26.7.3 and 26.7.4: a finite sum in cos(theta),
theta = atan(t / sqrt(df))), not from the incomplete beta function that
lib/stats.c uses; the quantile is found by the secant method on it.

Run: python3 tests/unit/stats-ref.py  (prints C initialisers)."""
from decimal import Decimal as D, getcontext
from fractions import Fraction as F

getcontext().prec = 50


def fdec(x):
    return D(x.numerator) / D(x.denominator)


def atan(x):
    # Halve the angle until small, then the Taylor series.
    halvings = 0
    while abs(x) > D("0.1"):
        x = x / (1 + (1 + x * x).sqrt())
        halvings += 1
    term, total, k, x2 = x, D(0), 0, x * x
    while True:
        t = term / (2 * k + 1)
        if abs(t) < D(10) ** -55:
            break
        total += t if k % 2 == 0 else -t
        term *= x2
        k += 1
    return total * (2 ** halvings)


PI = 4 * (4 * atan(D(1) / 5) - atan(D(1) / 239))


def two_sided(t, df):
    """A(t|df) = P(|T| <= t), A&S 26.7.3 (odd df) and 26.7.4 (even)."""
    t = D(t)
    c2 = D(df) / (df + t * t)            # cos^2 theta
    s = t / (df + t * t).sqrt()         # sin theta
    if df % 2 == 0:
        coef, power, total = D(1), D(1), D(0)
        for k in range((df - 2) // 2 + 1):
            if k:
                coef *= D(2 * k - 1) / (2 * k)
                power *= c2
            total += coef * power
        return s * total
    theta = atan(t / D(df).sqrt())
    if df == 1:
        return 2 * theta / PI
    coef, power, total = D(1), D(1), D(0)
    for k in range((df - 3) // 2 + 1):
        if k:
            coef *= D(2 * k) / (2 * k + 1)
            power *= c2
        total += coef * power
    return 2 / PI * (theta + s * c2.sqrt() * total)


def t_quantile(p, df):
    """t with P(T <= t) = p > 1/2, by the secant method."""
    target = 2 * D(p) - 1
    a, b = D("1.9"), D("2.1")
    fa, fb = two_sided(a, df) - target, two_sided(b, df) - target
    for _ in range(100):
        if fb == fa:
            break
        a, b = b, b - fb * (b - a) / (fb - fa)
        fa, fb = fb, two_sided(b, df) - target
        if abs(b - a) < D(10) ** -30:
            break
    return b


def mean(xs):
    return sum(map(F, xs), F(0)) / len(xs)


def sd(xs):
    m = mean(xs)
    return fdec(sum((F(x) - m) ** 2 for x in xs) / (len(xs) - 1)).sqrt()


def percentile_inc(xs, p):
    v = sorted(map(F, xs))
    rank = F(p) * (len(v) - 1)
    lo = int(rank)
    if lo + 1 >= len(v):
        return v[lo]
    return v[lo] + (rank - lo) * (v[lo + 1] - v[lo])


def gini(xs):
    n, m = len(xs), mean(xs)
    if m == 0:
        return F(0)
    return sum(abs(F(a) - F(b)) for a in xs for b in xs) / (2 * n * n * m)


def wilson(k, n, z=D("1.959963984540054")):
    p = D(k) / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * (p * (1 - p) / n + z * z / (4 * n * n)).sqrt()
    return centre - half, centre + half


def show(name, value):
    print("\t%s = %.17g," % (name, float(value)))


def main():
    print("/* t quantiles: { p, df, t } */")
    for p, df in [(0.975, 1), (0.975, 2), (0.975, 3), (0.975, 5),
                  (0.975, 10), (0.975, 11), (0.975, 29), (0.975, 30),
                  (0.975, 100), (0.975, 1000), (0.975, 1000000),
                  (0.995, 7), (0.9, 4), (0.9999, 20000),
                  (0.9999999, 100000), (0.9999999, 5000)]:
        print("\t{ %s, %d, %.17g }," % (p, df, float(t_quantile(p, df))))

    likert = [5, 4, 4, 3, 5, 2, 4, 4, 1, 5, 3, 4]
    m, s = mean(likert), sd(likert)
    half = t_quantile(0.975, len(likert) - 1) * s / D(len(likert)).sqrt()
    show("likert_mean", fdec(m))
    show("likert_sd", s)
    show("likert_lo", fdec(m) - half)
    show("likert_hi", fdec(m) + half)
    big = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]
    show("big_mean", fdec(mean(big)))
    show("big_sd", sd(big))
    for k, n in [(7, 20), (0, 10), (10, 10)]:
        lo, hi = wilson(k, n)
        show("wilson_%d_%d_lo" % (k, n), lo)
        show("wilson_%d_%d_hi" % (k, n), hi)
    # SPEC 5.4: surveys' yes/no questions use z = 1.96 exactly
    for k, n in [(7, 20), (36, 40), (1, 1)]:
        lo, hi = wilson(k, n, D("1.96"))
        show("wilson196_%d_%d_lo" % (k, n), lo)
        show("wilson196_%d_%d_hi" % (k, n), hi)
    data = [35, 15, 50, 20, 40, 20]
    for p in ["0", "0.1", "0.25", "0.5", "0.9", "1"]:
        show("pct_%s" % p.replace(".", ""),
             fdec(percentile_inc(data, F(p))))
    for name, xs in [("gini_a", [0, 0, 1, 2, 3, 10]),
                     ("gini_b", [0, 0, 0, 1]),
                     ("gini_c", [2.5, 7, 7, 1, 0.5])]:
        show(name, fdec(gini(xs)))


if __name__ == "__main__":
    main()
