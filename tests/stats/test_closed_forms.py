"""The closed-form intervals that replaced statsmodels calls on the indicators' path (issue 18, start-up).

The oracle is statsmodels and SciPy themselves, called here (never by the code under test): the critical values are
SciPy's to the last bit, and Wilson, Newcombe and Katz give statsmodels' doubles on many random rows at both levels,
fractional counts and boundaries included.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from wres.stats import LEVELS, katz_interval, newcombe_diff_interval, wilson_interval, z_for
from wres.stats.levels import Z_95, Z_998


def test_critical_value_constants_are_scipys() -> None:
    assert Z_95 == float(stats.norm.ppf(1 - (1 - 0.95) / 2)) == float(stats.norm.isf((1 - 0.95) / 2))
    assert Z_998 == float(stats.norm.ppf(1 - (1 - 0.998) / 2)) == float(stats.norm.isf((1 - 0.998) / 2))
    assert (z_for(0.95), z_for(0.998)) == (Z_95, Z_998)


@pytest.mark.parametrize("level", [0.5, 0.8, 0.9, 0.99, 0.999])
def test_other_levels_are_computed_with_scipy(level: float) -> None:
    assert z_for(level) == float(stats.norm.isf((1 - level) / 2))
    assert z_for(level) == pytest.approx(float(stats.norm.ppf(1 - (1 - level) / 2)), rel=1e-14)


def _rows(seed: int, size: int = 4000) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    n1 = rng.integers(1, 60_000, size).astype(float)
    n2 = rng.integers(1, 60_000, size).astype(float)
    a = rng.integers(0, n1.astype(int) + 1).astype(float)
    c = rng.integers(0, n2.astype(int) + 1).astype(float)
    # A quarter of the rows fractional (Kish effective counts), and boundary rows (0 and n).
    frac = rng.random(size) < 0.25
    a[frac] = a[frac] * rng.random(int(frac.sum()))
    a[:50] = 0.0
    a[50:100] = n1[50:100]
    c[100:150] = n2[100:150]
    return a, n1, c, n2


@pytest.mark.parametrize("level", LEVELS)
def test_wilson_and_newcombe_equal_statsmodels_to_the_bit(level: float) -> None:
    a, n1, c, n2 = _rows(18)
    low, high = wilson_interval(a, n1, level)
    lo, hi = proportion_confint(a, n1, alpha=1 - level, method="wilson")
    lo, hi = np.asarray(lo), np.asarray(hi)
    lo[a == 0] = 0.0  # wres's stated exact boundaries (statsmodels can be an ulp off there)
    hi[a == n1] = 1.0
    np.testing.assert_array_equal(low, lo)
    np.testing.assert_array_equal(high, hi)
    low, high = newcombe_diff_interval(a, n1, c, n2, level)
    lo, hi = confint_proportions_2indep(a, n1, c, n2, compare="diff", method="newcomb", alpha=1 - level)
    np.testing.assert_array_equal(low, np.clip(lo, -1, 1))
    np.testing.assert_array_equal(high, np.clip(hi, -1, 1))


@pytest.mark.parametrize("level", LEVELS)
def test_katz_equals_statsmodels_to_the_bit(level: float) -> None:
    a, n1, c, n2 = _rows(19)
    c = np.maximum(c, 1.0)  # c = 0 is not computed (comparator_rate_zero)
    zero = (a == 0) | (a == n1) | (c == 0) | (c == n2)
    half = np.where(zero, 0.5, 0.0)
    res = katz_interval(a, n1, c, n2, level)
    lo, hi = confint_proportions_2indep(
        a + half, n1 + 2 * half, c + half, n2 + 2 * half, compare="ratio", method="log", alpha=1 - level
    )
    np.testing.assert_array_equal(res.low, lo)
    np.testing.assert_array_equal(res.high, hi)
    np.testing.assert_array_equal(res.zero_corrected, zero)
