#!/usr/bin/env python3
"""Independent reference values for KratomWatch's frequentist and BCPNN measures.

Regenerate (needs Python 3 with scipy and mpmath; CI does not run this):
    python3 stats/src/test/python/measures_reference.py > stats/src/test/resources/reference/measures.csv
    python3 stats/src/test/python/measures_reference.py --omega > stats/src/test/resources/reference/omega.csv

Nothing here shares code with the Java implementation: ratios and intervals are computed in
50-digit mpmath arithmetic from the published formulas, chi-square by scipy.stats.chi2_contingency
(the same Yates rule as R's chisq.test), and gamma quantiles by mpmath root finding on the
regularized incomplete gamma function, cross-checked against scipy.stats.gamma.ppf.
"""
import csv
import random
import sys

import mpmath as mp
import numpy as np
from scipy.stats import chi2_contingency
from scipy.stats import gamma as gamma_dist

mp.mp.dps = 50
Z = mp.mpf("1.959963984540054")


def fmt(x):
    if x is None:
        return "NA"
    x = float(x)
    if x != x:
        return "NA"
    if x == float("inf"):
        return "Inf"
    return repr(x)


def gamma_ppf(shape, rate, p):
    shape, rate, p = mp.mpf(shape), mp.mpf(rate), mp.mpf(p)
    f = lambda x: mp.gammainc(shape, 0, x, regularized=True) - p
    guess = mp.mpf(gamma_dist.ppf(float(p), float(shape)))
    x = mp.findroot(f, guess, tol=mp.mpf(10) ** -40)
    q = x / rate
    check = gamma_dist.ppf(float(p), float(shape), scale=1.0 / float(rate))
    assert abs(float(q) - check) <= 1e-12 * check, (shape, rate, p, q, check)
    return q


def prr(a, b, c, d):
    if a + b == 0 or c + d == 0 or (a == 0 and c == 0):
        return None, None, None
    if c == 0:
        return float("inf"), None, None
    if a == 0:
        return 0.0, None, None
    v = mp.mpf(a) / (a + b) / (mp.mpf(c) / (c + d))
    se = mp.sqrt(mp.mpf(1) / a - mp.mpf(1) / (a + b) + mp.mpf(1) / c - mp.mpf(1) / (c + d))
    return v, mp.exp(mp.log(v) - Z * se), mp.exp(mp.log(v) + Z * se)


def ror(a, b, c, d, haldane=False):
    if 0 in (a, b, c, d):
        if haldane:
            a, b, c, d = (mp.mpf(x) + mp.mpf("0.5") for x in (a, b, c, d))
        else:
            num0 = a == 0 or d == 0
            den0 = b == 0 or c == 0
            if num0 and den0:
                return None, None, None
            return (float("inf"), None, None) if den0 else (0.0, None, None)
    a, b, c, d = (mp.mpf(x) for x in (a, b, c, d))
    v = a * d / (b * c)
    se = mp.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return v, mp.exp(mp.log(v) - Z * se), mp.exp(mp.log(v) + Z * se)


def chisq(a, b, c, d, correct):
    if 0 in (a + b, c + d, a + c, b + d):
        return None
    stat = chi2_contingency(np.array([[a, b], [c, d]], dtype=float), correction=correct)[0]
    # chi2_contingency works in doubles; confirm with the closed form in 50 digits.
    n = mp.mpf(a + b + c + d)
    det = abs(mp.mpf(a) * d - mp.mpf(b) * c)
    if correct:
        det = max(mp.mpf(0), det - n / 2)
    exact = n * det ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    assert abs(float(exact) - stat) <= 1e-8 * max(1.0, abs(float(exact))), (a, b, c, d, exact, stat)
    return exact


def ic(a, e):
    rate = mp.mpf(e) + mp.mpf("0.5")
    shape = mp.mpf(a) + mp.mpf("0.5")
    return (mp.log(shape / rate, 2), mp.log(gamma_ppf(shape, rate, "0.025"), 2),
            mp.log(gamma_ppf(shape, rate, "0.975"), 2))


def tables():
    rows = []
    # Hand-checkable small tables, zero cells, and the published kratom FAERS tables (Li et al. 2023).
    rows += [(10, 90, 20, 880), (1, 1, 1, 1), (3, 7, 17, 73), (5, 0, 10, 100), (0, 10, 5, 100),
             (4, 6, 0, 90), (0, 0, 5, 5), (2, 3, 0, 0), (50, 50, 50, 50), (1, 999, 1, 999998),
             (7, 1775, 133719, 146727639), (23, 1759, 185380, 146675978), (26, 1756, 75167, 146786191),
             (35, 1747, 5134, 146856224), (12, 1770, 495097, 146366261), (1, 0, 0, 0), (0, 5, 0, 7),
             (5000, 20000, 100000, 10**8), (120000, 5000, 3 * 10**6, 14 * 10**7), (2500, 100, 2500, 100)]
    rng = random.Random(20261125)
    for _ in range(120):
        scale = rng.choice([10, 1000, 10**5, 10**7, 10**9])
        a = rng.randint(0, 50)
        b = rng.randint(0, max(1, scale // 1000))
        c = rng.randint(0, max(1, scale // 100))
        d = rng.randint(0, scale)
        rows.append((a, b, c, d))
    return rows


def measures():
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["a", "b", "c", "d", "expected", "prr", "prr_lo95", "prr_hi95", "chi2", "chi2_yates",
                "ror", "ror_lo95", "ror_hi95", "ror_ha", "ror_ha_lo95", "ror_ha_hi95", "ic", "ic025", "ic975"])
    for a, b, c, d in tables():
        n = a + b + c + d
        e = mp.mpf(a + b) * (a + c) / n if n else None
        p = prr(a, b, c, d)
        r = ror(a, b, c, d)
        h = ror(a, b, c, d, haldane=True)
        i = ic(a, e) if e is not None else (None, None, None)
        w.writerow([a, b, c, d, fmt(e), *map(fmt, p), fmt(chisq(a, b, c, d, False)), fmt(chisq(a, b, c, d, True)),
                    *map(fmt, r), *map(fmt, h), *map(fmt, i)])


def omega():
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["n00", "n001", "n10", "n101", "n01", "n011", "n11", "n111", "g11", "e111", "omega", "omega025", "omega975"])
    rng = random.Random(7)
    cases = [(1000, 10, 100, 5, 200, 4, 50, 10), (100000, 100, 2000, 40, 500, 3, 30, 0),
             (500, 0, 50, 0, 60, 0, 5, 5), (10, 5, 10, 2, 10, 1, 3, 3), (0, 0, 10, 1, 10, 1, 3, 1),
             (100, 100, 10, 1, 10, 1, 3, 1)]
    for _ in range(60):
        n00 = rng.randint(1, 10**6)
        n10 = rng.randint(1, 5000)
        n01 = rng.randint(1, 5000)
        n11 = rng.randint(0, 500)
        cases.append((n00, rng.randint(0, n00 // 20), n10, rng.randint(0, n10 // 5), n01,
                      rng.randint(0, n01 // 5), n11, rng.randint(0, n11)))
    for c in cases:
        n00, n001, n10, n101, n01, n011, n11, n111 = c
        def odds(k, n):
            if n == 0 or k >= n:
                return None
            f = mp.mpf(k) / n
            return f / (1 - f)
        o00, o10, o01 = odds(n001, n00), odds(n101, n10), odds(n011, n01)
        if None in (o00, o10, o01):
            w.writerow([*c, "NA", "NA", "NA", "NA", "NA"])
            continue
        g11 = 1 - 1 / (max(o00, o10) + max(o00, o01) - o00 + 1)
        e111 = g11 * n11
        rate = e111 + mp.mpf("0.5")
        shape = mp.mpf(n111) + mp.mpf("0.5")
        w.writerow([*c, fmt(g11), fmt(e111), fmt(mp.log(shape / rate, 2)),
                    fmt(mp.log(gamma_ppf(shape, rate, "0.025"), 2)), fmt(mp.log(gamma_ppf(shape, rate, "0.975"), 2))])


if __name__ == "__main__":
    omega() if "--omega" in sys.argv else measures()
