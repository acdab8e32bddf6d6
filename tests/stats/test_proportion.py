"""Wilson and Newcombe intervals (methods.md §1, §3; wres-domain.md §5.1, §5.5–5.8)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from wres.stats import (
    LEVELS,
    alpha_for,
    difference_reason,
    newcombe_diff_interval,
    proportion_reason,
    wilson_interval,
    z_for,
)

from ._helpers import any_count, close_dp, counts

# ---------------------------------------------------------------------------------------------------------
# Levels


def test_levels_and_critical_values() -> None:
    assert LEVELS == (0.95, 0.998)
    assert z_for(0.95) == stats.norm.isf((1 - 0.95) / 2)
    assert z_for(0.95) == pytest.approx(stats.norm.isf(0.025), rel=1e-15)
    assert close_dp(z_for(0.95), 1.959964, 6)
    assert close_dp(z_for(0.998), 3.090232, 6)
    assert alpha_for(0.998) == 1.0 - 0.998


@pytest.mark.parametrize("level", [0.0, 1.0, -0.5, 95.0])
def test_z_for_rejects_bad_levels(level: float) -> None:
    with pytest.raises(ValueError, match="confidence level"):
        z_for(level)


# ---------------------------------------------------------------------------------------------------------
# Wilson: worked examples


def test_wilson_worked_examples_methods_1() -> None:
    # 160/1,000 → 95% 13.86%–18.40%; 99.8% 12.74%–19.90%. 6/60 → 95% 4.66%–20.15%.
    low, high = wilson_interval(160, 1000, 0.95)
    assert close_dp(100 * low, 13.86, 2)
    assert close_dp(100 * high, 18.40, 2)
    low, high = wilson_interval(160, 1000, 0.998)
    assert close_dp(100 * low, 12.74, 2)
    assert close_dp(100 * high, 19.90, 2)
    low, high = wilson_interval(6, 60)
    assert close_dp(100 * low, 4.66, 2)
    assert close_dp(100 * high, 20.15, 2)


def test_wilson_indicator1_example_domain_5_1() -> None:
    # Cluster 8c–VSM: 6 BME of 60 → 10.0%, Wilson 95% 4.7%–20.1%.
    low, high = wilson_interval(6, 60)
    assert close_dp(100 * low, 4.7, 1)
    assert close_dp(100 * high, 20.1, 1)


def test_wilson_boundaries_are_exact() -> None:
    low, high = wilson_interval([0, 5, 7, 0], [5, 5, 7, 1])
    assert low[0] == 0.0
    assert low[3] == 0.0
    assert high[1] == 1.0
    assert high[2] == 1.0
    assert np.all(high[[0, 3]] < 1.0)
    assert np.all(low[[1, 2]] > 0.0)


def test_wilson_not_computed_rows_have_nan_and_reason() -> None:
    x = [3, 0, 5, -1, 2, np.nan, 4]
    n = [10, 0, 4, 10, np.inf, 10, np.nan]
    low, high = wilson_interval(x, n)
    reason = proportion_reason(x, n)
    assert list(reason) == [
        None,
        "no_people",
        "invalid_input",
        "invalid_input",
        "invalid_input",
        "missing_input",
        "missing_input",
    ]
    computed = np.array([r is None for r in reason])
    assert np.all(np.isfinite(low[computed]))
    assert np.all(np.isnan(low[~computed]))
    assert np.all(np.isnan(high[~computed]))


def test_wilson_accepts_scalars_lists_and_pandas() -> None:
    low, high = wilson_interval(6, 60)
    assert low.shape == ()
    assert high.shape == ()
    series = pd.Series([6, None, 0], dtype="Int64")
    low_s, _ = wilson_interval(series, pd.Series([60, 60, 0]))
    assert low_s.shape == (3,)
    assert low_s[0] == low
    assert np.isnan(low_s[1:]).all()
    assert list(proportion_reason(series, [60, 60, 0])) == [None, "missing_input", "no_people"]
    # Broadcasting: one denominator for several numerators, and 2-d input.
    assert wilson_interval([1, 2, 3], 10).low.shape == (3,)
    assert wilson_interval(np.ones((2, 3)), 10).high.shape == (2, 3)


@settings(max_examples=200, deadline=None)
@given(st.lists(counts(), min_size=1, max_size=30), st.sampled_from(LEVELS))
def test_wilson_equals_statsmodels_scipy_and_phe_formula(rows: list[tuple[int, int]], level: float) -> None:
    x = np.array([r[0] for r in rows], dtype=float)
    n = np.array([r[1] for r in rows], dtype=float)
    low, high = wilson_interval(x, n, level)
    lo_sm, hi_sm = proportion_confint(x, n, alpha=1 - level, method="wilson")
    np.testing.assert_allclose(low, lo_sm, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(high, hi_sm, rtol=1e-12)
    # PHEindicatormethods closed form (2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²)).
    z = z_for(level)
    root = z * np.sqrt(z**2 + 4 * x * (1 - x / n))
    np.testing.assert_allclose(low, (2 * x + z**2 - root) / (2 * (n + z**2)), rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(high, (2 * x + z**2 + root) / (2 * (n + z**2)), rtol=1e-9)
    for i in range(min(len(rows), 5)):
        ci = stats.binomtest(int(x[i]), int(n[i])).proportion_ci(level, method="wilson")
        np.testing.assert_allclose([low[i], high[i]], [ci.low, ci.high], rtol=1e-9, atol=1e-15)


# ---------------------------------------------------------------------------------------------------------
# Wilson: properties


@settings(max_examples=300, deadline=None)
@given(counts(max_n=100_000), st.sampled_from(LEVELS))
def test_wilson_properties(row: tuple[int, int], level: float) -> None:
    x, n = row
    low, high = wilson_interval(x, n, level)
    p = x / n
    assert 0.0 <= low <= p <= high <= 1.0
    # Ten times the counts: a narrower interval.
    low10, high10 = wilson_interval(10 * x, 10 * n, level)
    assert high10 - low10 < high - low
    # The 99.8% interval contains the 95% one.
    low998, high998 = wilson_interval(x, n, 0.998)
    low95, high95 = wilson_interval(x, n, 0.95)
    assert low998 <= low95
    assert high95 <= high998


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(any_count, any_count), min_size=1, max_size=20))
def test_wilson_vectorised_equals_scalar_loop_and_never_inf(rows: list[tuple[float, float]]) -> None:
    x = np.array([r[0] for r in rows])
    n = np.array([r[1] for r in rows])
    with np.errstate(all="raise"):
        low, high = wilson_interval(x, n)
        reason = proportion_reason(x, n)
    assert not np.isinf(low).any()
    assert not np.isinf(high).any()
    computed = np.array([r is None for r in reason])
    assert np.array_equal(np.isnan(low), ~computed)
    assert np.array_equal(np.isnan(high), ~computed)
    for i, (xi, ni) in enumerate(rows):
        lo_i, hi_i = wilson_interval(xi, ni)
        np.testing.assert_allclose([lo_i, hi_i], [low[i], high[i]], rtol=1e-14, equal_nan=True)
        assert proportion_reason(xi, ni) == reason[i]


# ---------------------------------------------------------------------------------------------------------
# Newcombe: worked examples

SURVEY_EXAMPLES = [
    # (label, x1, n1, x2, n2, gap points, 95% low, 95% high, 99.8% low, 99.8% high, dp)
    ("indicator 6 (methods §3)", 108, 400, 440, 2000, 5.00, 0.48, 9.88, -1.94, 12.83, 2),
    ("indicator 7 (methods §3)", 1188, 2000, 195, 400, 10.65, 5.30, 15.96, None, None, 2),
    ("indicator 5 (domain §5.5)", 120, 400, 536, 2000, 3.2, -1.5, 8.2, None, None, 1),
    ("indicator 6 (domain §5.6)", 108, 400, 440, 2000, 5.0, 0.5, 9.9, -1.9, 12.8, 1),
    ("indicator 8 (domain §5.8)", 52, 400, 120, 2000, 7.0, 3.8, 10.8, 2.3, 13.2, 1),
]


@pytest.mark.parametrize("example", SURVEY_EXAMPLES, ids=[e[0] for e in SURVEY_EXAMPLES])
def test_newcombe_worked_examples(example: tuple[Any, ...]) -> None:
    _, x1, n1, x2, n2, gap, lo95, hi95, lo998, hi998, dp = example
    assert close_dp(100 * (x1 / n1 - x2 / n2), gap, dp)
    low, high = newcombe_diff_interval(x1, n1, x2, n2, 0.95)
    assert close_dp(100 * low, lo95, dp)
    assert close_dp(100 * high, hi95, dp)
    if lo998 is not None:
        low, high = newcombe_diff_interval(x1, n1, x2, n2, 0.998)
        assert close_dp(100 * low, lo998, dp)
        assert close_dp(100 * high, hi998, dp)


def test_newcombe_national_indicator7_gap() -> None:
    # National 2024 indicator 7: White 59.4%, BME 48.8% → adverse gap 10.6 points (White − BME).
    assert close_dp(59.4 - 48.8, 10.6, 1)


def test_newcombe_reasons() -> None:
    x1 = [5, 0, 0, 11, np.nan]
    n1 = [10, 0, 10, 10, 10]
    x2 = [5, 5, 0, 5, 5]
    n2 = [10, 10, 10, 10, 10]
    low, high = newcombe_diff_interval(x1, n1, x2, n2)
    assert list(difference_reason(x1, n1, x2, n2)) == [None, "no_people", None, "invalid_input", "missing_input"]
    assert np.isfinite(low[[0, 2]]).all()
    assert np.isnan(low[[1, 3, 4]]).all()
    assert np.isnan(high[[1, 3, 4]]).all()
    # Both groups without events: the difference 0 is computed, with an interval around it.
    assert low[2] < 0.0 < high[2]


# ---------------------------------------------------------------------------------------------------------
# Newcombe: equality with statsmodels, closed form and properties


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(counts(), counts()), min_size=1, max_size=40),
    st.sampled_from(LEVELS),
)
def test_newcombe_equals_statsmodels_row_by_row(
    rows: list[tuple[tuple[int, int], tuple[int, int]]], level: float
) -> None:
    x1 = np.array([r[0][0] for r in rows], dtype=float)
    n1 = np.array([r[0][1] for r in rows], dtype=float)
    x2 = np.array([r[1][0] for r in rows], dtype=float)
    n2 = np.array([r[1][1] for r in rows], dtype=float)
    low, high = newcombe_diff_interval(x1, n1, x2, n2, level)
    for i in range(len(rows)):
        lo_i, hi_i = confint_proportions_2indep(
            int(x1[i]), int(n1[i]), int(x2[i]), int(n2[i]), compare="diff", method="newcomb", alpha=1 - level
        )
        np.testing.assert_allclose([low[i], high[i]], [lo_i, hi_i], rtol=1e-9, atol=1e-14)
    # Closed form of methods.md §3 from our Wilson limits.
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson_interval(x1, n1, level)
    l2, u2 = wilson_interval(x2, n2, level)
    d = p1 - p2
    np.testing.assert_allclose(low, d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(high, d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2), rtol=1e-9, atol=1e-14)


def test_newcombe_many_rows_equal_statsmodels() -> None:
    rng = np.random.default_rng(20240331)
    size = 3000
    n1 = rng.integers(1, 50_000, size)
    n2 = rng.integers(1, 50_000, size)
    x1 = rng.integers(0, n1 + 1)
    x2 = rng.integers(0, n2 + 1)
    for level in LEVELS:
        low, high = newcombe_diff_interval(x1, n1, x2, n2, level)
        expected = np.array(
            [
                confint_proportions_2indep(
                    int(a), int(b), int(c), int(d), compare="diff", method="newcomb", alpha=1 - level
                )
                for a, b, c, d in zip(x1, n1, x2, n2, strict=True)
            ]
        )
        np.testing.assert_allclose(low, expected[:, 0], rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(high, expected[:, 1], rtol=1e-9, atol=1e-14)


@settings(max_examples=300, deadline=None)
@given(counts(max_n=100_000), counts(max_n=100_000), st.sampled_from(LEVELS))
def test_newcombe_properties(g1: tuple[int, int], g2: tuple[int, int], level: float) -> None:
    (x1, n1), (x2, n2) = g1, g2
    d = x1 / n1 - x2 / n2
    low, high = newcombe_diff_interval(x1, n1, x2, n2, level)
    assert -1.0 <= low <= d <= high <= 1.0
    # Swapping the groups negates the interval.
    low_s, high_s = newcombe_diff_interval(x2, n2, x1, n1, level)
    np.testing.assert_allclose([low_s, high_s], [-high, -low], rtol=1e-12, atol=1e-15)
    # Ten times the counts: narrower.
    low10, high10 = newcombe_diff_interval(10 * x1, 10 * n1, 10 * x2, 10 * n2, level)
    assert high10 - low10 < high - low


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(any_count, any_count, any_count, any_count), min_size=1, max_size=15))
def test_newcombe_vectorised_equals_scalar_loop_and_never_inf(
    rows: list[tuple[float, float, float, float]],
) -> None:
    x1, n1, x2, n2 = (np.array([r[k] for r in rows]) for k in range(4))
    with np.errstate(all="raise"):
        low, high = newcombe_diff_interval(x1, n1, x2, n2)
        reason = difference_reason(x1, n1, x2, n2)
    assert not np.isinf(low).any()
    assert not np.isinf(high).any()
    computed = np.array([r is None for r in reason])
    assert np.array_equal(np.isnan(low), ~computed)
    for i, row in enumerate(rows):
        lo_i, hi_i = newcombe_diff_interval(*row)
        np.testing.assert_allclose([lo_i, hi_i], [low[i], high[i]], rtol=1e-14, equal_nan=True)
