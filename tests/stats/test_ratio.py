"""Risk ratio, Koopman and Katz intervals, Mantel–Haenszel pooling (methods.md §2; wres-domain.md §5.2–5.4)."""

from __future__ import annotations

import decimal
import warnings
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.stats.contingency import relative_risk
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.proportion import confint_proportions_2indep, score_test_proportions_2indep

from wres.stats import (
    LEVELS,
    katz_interval,
    katz_log_ratio,
    koopman_interval,
    mantel_haenszel_rr,
    ratio_status,
    risk_ratio,
    z_for,
)

from ._helpers import any_count, close_dp, columns, two_groups


def statsmodels_koopman(a: float, n1: float, c: float, n2: float, level: float) -> tuple[float, float]:
    """One row through statsmodels' Koopman interval (the reference implementation)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = confint_proportions_2indep(
            a, n1, c, n2, compare="ratio", method="score", alpha=1 - level, correction=True
        )
    return float(np.real(low)), float(np.real(high))


def score_statistic(a: float, n1: float, c: float, n2: float, value: float) -> float:
    """statsmodels' score statistic for H0: p1/p2 = value (Miettinen–Nurminen correction)."""
    if value <= 0:
        return float("nan")  # not a ratio (statsmodels' cubic can return negative "limits")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = score_test_proportions_2indep(a, n1, c, n2, value=value, compare="ratio", correction=True)
    return float(res.statistic)


def inverts_score_test(
    row: tuple[float, float, float, float], limit: float, level: float, side: str, delta: float = 1e-6
) -> bool:
    """True when ``limit`` is where statsmodels' score test switches between rejecting and not rejecting.

    Lower limit: the test rejects (``Z > z``) just below it and does not just above it; upper limit: it
    rejects (``Z < −z``) just above it and does not just below it. ``delta`` is relative to the limit.
    """
    z = z_for(level)
    below = score_statistic(*row, limit * (1 - delta))
    above = score_statistic(*row, limit * (1 + delta))
    if side == "low":
        return below > z > above
    return below > -z > above


# ---------------------------------------------------------------------------------------------------------
# Worked examples: methods.md §2.4 (all rows)

TABLE_2_4 = [
    # (case, a, n1, c, n2, RR, Koopman 95%, Koopman 99.8%, Katz 95%, (status, side))
    (
        "ind2 White/BME",
        375,
        1500,
        160,
        1000,
        1.5625,
        (1.3239, 1.8479),
        (1.2049, 2.0364),
        (1.3223, 1.8463),
        ("adverse_evidence", "above"),
    ),
    (
        "ind4 White/BME",
        1200,
        3000,
        250,
        800,
        1.2800,
        (1.1470, 1.4340),
        (1.0787, 1.5333),
        (1.1447, 1.4313),
        ("adverse_evidence", "above"),
    ),
    (
        "ind3 single year",
        10,
        800,
        22,
        3000,
        1.7045,
        (0.8227, 3.5227),
        (0.5583, 5.1751),
        (0.8105, 3.5849),
        ("insufficient_evidence", "above"),
    ),
    (
        "ind3 rolling",
        16,
        1600,
        42,
        6000,
        1.4286,
        (0.8109, 2.5130),
        (0.5944, 3.4220),
        (0.8053, 2.5341),
        ("insufficient_evidence", "above"),
    ),
    (
        "zero numerator",
        0,
        150,
        12,
        2400,
        0.0,
        (0.0, 5.0263),
        (0.0, 12.3010),
        (0.0378, 10.6910),
        ("insufficient_evidence", "below"),
    ),
]


@pytest.mark.parametrize("row", TABLE_2_4, ids=[r[0] for r in TABLE_2_4])
def test_methods_2_4_worked_examples(row: tuple[Any, ...]) -> None:
    _, a, n1, c, n2, rr, k95, k998, katz95, (status, side) = row
    estimate, reason = risk_ratio(a, n1, c, n2)
    assert reason == None  # noqa: E711 - 0-d object array
    assert close_dp(estimate, rr, 4)
    lo95, hi95 = koopman_interval(a, n1, c, n2, 0.95)
    lo998, hi998 = koopman_interval(a, n1, c, n2, 0.998)
    assert close_dp(lo95, k95[0], 4)
    assert close_dp(hi95, k95[1], 4)
    assert close_dp(lo998, k998[0], 4)
    assert close_dp(hi998, k998[1], 4)
    katz = katz_interval(a, n1, c, n2, 0.95)
    assert close_dp(katz.low, katz95[0], 4)
    assert close_dp(katz.high, katz95[1], 4)
    assert bool(katz.zero_corrected) == (a == 0)
    result = ratio_status(estimate, lo95, hi95, lo998, hi998, reason)
    assert result.status == status
    assert result.side == side


def test_methods_2_4_zero_numerator_details() -> None:
    lo95, _ = koopman_interval(0, 150, 12, 2400, 0.95)
    lo998, _ = koopman_interval(0, 150, 12, 2400, 0.998)
    assert lo95 == 0.0
    assert lo998 == 0.0
    # Katz on corrected cells: centre 0.636 (the corrected ratio), flagged.
    log_rr, log_se, corrected = katz_log_ratio(0, 150, 12, 2400)
    assert close_dp(np.exp(log_rr), 0.636, 3)
    assert bool(corrected)
    katz = katz_interval(0, 150, 12, 2400)
    assert np.isclose(np.sqrt(katz.low * katz.high), np.exp(log_rr))
    assert katz.log_se == log_se


def test_methods_2_4_zero_comparator_not_computed() -> None:
    estimate, reason = risk_ratio(6, 150, 0, 2400)
    assert np.isnan(estimate)
    assert reason == "comparator_rate_zero"
    assert np.isnan(koopman_interval(6, 150, 0, 2400)).all()
    katz = katz_interval(6, 150, 0, 2400)
    assert np.isnan([katz.low, katz.high, katz.log_se]).all()
    assert not katz.zero_corrected
    result = ratio_status(estimate, np.nan, np.nan, np.nan, np.nan, reason)
    assert result.status == "not_computed"
    assert result.side.item() is None


# ---------------------------------------------------------------------------------------------------------
# Worked examples: wres-domain.md §5.2–5.4, SciPy documentation, published figures


def test_domain_indicator2_synthetic() -> None:
    # White 375/1,500 vs BME 160/1,000 → 1.5625 (1.56); Koopman 95% 1.3239–1.8479 (1.32–1.85).
    estimate, _ = risk_ratio(375, 1500, 160, 1000)
    assert estimate == 1.5625
    low, high = koopman_interval(375, 1500, 160, 1000)
    assert close_dp(low, 1.3239, 4)
    assert close_dp(high, 1.8479, 4)
    assert f"{float(estimate):.2f} (95% CI {float(low):.2f} to {float(high):.2f})" == "1.56 (95% CI 1.32 to 1.85)"


@pytest.mark.parametrize(
    ("a", "n1", "c", "n2", "rr", "low", "high"),
    [
        (16, 1600, 42, 6000, 1.43, 0.81, 2.51),  # indicator 3, rolling form (summed counts, 2 × headcount)
        (10, 800, 22, 3000, 1.70, 0.82, 3.52),  # indicator 3, single year
        (1200, 3000, 250, 800, 1.28, 1.15, 1.43),  # indicator 4
    ],
)
def test_domain_indicators_3_and_4(a: int, n1: int, c: int, n2: int, rr: float, low: float, high: float) -> None:
    estimate, _ = risk_ratio(a, n1, c, n2)
    lo, hi = koopman_interval(a, n1, c, n2)
    assert close_dp(estimate, rr, 2)
    assert close_dp(lo, low, 2)
    assert close_dp(hi, high, 2)


def test_indicator3_rolling_form_same_point_estimate() -> None:
    # ((6 + 10) / 2 / 800) / ((20 + 22) / 2 / 3000) equals the summed counts over twice the headcount.
    rolling = ((6 + 10) / 2 / 800) / ((20 + 22) / 2 / 3000)
    estimate, _ = risk_ratio(6 + 10, 2 * 800, 20 + 22, 2 * 3000)
    assert estimate == pytest.approx(rolling, rel=1e-15)


def test_scipy_documentation_example() -> None:
    # 10/75 vs 12/225 → 2.5, Katz 95% 1.1262–5.5499.
    estimate, _ = risk_ratio(10, 75, 12, 225)
    assert estimate == pytest.approx(2.5, rel=1e-15)
    katz = katz_interval(10, 75, 12, 225)
    assert close_dp(katz.low, 1.1262, 4)
    assert close_dp(katz.high, 5.5499, 4)
    assert not katz.zero_corrected


def test_published_examples() -> None:
    # The Christie 2022: White 46.99%, BME 14.65% → 3.21 (from rates).
    estimate, reason = risk_ratio(46.99, 100, 14.65, 100)
    assert reason == None  # noqa: E711
    assert close_dp(estimate, 3.21, 2)
    # KMPT indicator 3: (9/725) / (17/2505) = 1.83, not the 1.71 of rounded percentages.
    estimate, _ = risk_ratio(9, 725, 17, 2505)
    assert close_dp(estimate, 1.83, 2)
    assert not close_dp(estimate, 1.2 / 0.7, 2)


def test_change_example_methods_5_1_from_katz_outputs() -> None:
    # Last year 330/1,450 vs 120/900 (RR 1.707, SE 0.0978); this year 375/1,500 vs 160/1,000 (SE 0.0851):
    # ratio of ratios 0.915, 95% 0.710–1.180, z = −0.68, p = 0.50.
    log_rr, log_se, corrected = katz_log_ratio([330, 375], [1450, 1500], [120, 160], [900, 1000])
    assert not corrected.any()
    assert close_dp(np.exp(log_rr[0]), 1.707, 3)
    assert close_dp(log_se[0], 0.0978, 4)
    assert close_dp(log_se[1], 0.0851, 4)
    d = log_rr[1] - log_rr[0]
    se_d = np.hypot(log_se[0], log_se[1])
    z = z_for(0.95)
    assert close_dp(np.exp(d), 0.915, 3)
    assert close_dp(np.exp(d - z * se_d), 0.710, 3)
    assert close_dp(np.exp(d + z * se_d), 1.180, 3)
    assert close_dp(d / se_d, -0.68, 2)
    assert close_dp(2 * stats.norm.sf(abs(d / se_d)), 0.50, 2)


# ---------------------------------------------------------------------------------------------------------
# Reason codes


def test_risk_ratio_reason_codes() -> None:
    rows = [
        ((5, 10, 2, 10), None),
        ((0, 10, 2, 10), None),  # a = 0, c > 0: RR = 0, computed
        ((0, 0, 2, 10), "no_people"),
        ((2, 10, 0, 0), "no_people"),
        ((0, 10, 0, 10), "no_events"),
        ((3, 10, 0, 10), "comparator_rate_zero"),
        ((11, 10, 2, 10), "invalid_input"),
        ((1, 10, 12, 10), "invalid_input"),
        ((-1, 10, 2, 10), "invalid_input"),
        ((1, 10, 2, -10), "invalid_input"),
        ((1, np.inf, 2, 10), "invalid_input"),
        ((1, 0.5, 2, 10), "invalid_input"),
        ((5, 0, 2, 10), "invalid_input"),  # invalid takes precedence over no_people
        ((np.nan, 10, 2, 10), "missing_input"),
        ((None, 10, 2, 10), "missing_input"),
        ((np.nan, 10, 12, 10), "missing_input"),  # missing takes precedence over invalid
    ]
    a, n1, c, n2 = (np.array([r[0][k] for r in rows], dtype=float) for k in range(4))
    estimate, reason = risk_ratio(a, n1, c, n2)
    assert list(reason) == [r[1] for r in rows]
    assert estimate[0] == pytest.approx(2.5)
    assert estimate[1] == 0.0
    computed = np.array([r[1] is None for r in rows])
    assert np.isnan(estimate[~computed]).all()
    for interval in (koopman_interval(a, n1, c, n2), katz_interval(a, n1, c, n2)):
        assert np.isfinite(interval.low[computed]).all()
        assert np.isfinite(interval.high[computed]).all()
        assert np.isnan(interval.low[~computed]).all()
        assert np.isnan(interval.high[~computed]).all()


def test_scalar_inputs_give_0d_arrays_and_broadcasting_works() -> None:
    estimate, reason = risk_ratio(375, 1500, 160, 1000)
    assert estimate.shape == ()
    assert reason.shape == ()
    assert koopman_interval(375, 1500, 160, 1000).low.shape == ()
    low, _ = koopman_interval([375, 300], 1500, 160, 1000)
    assert low.shape == (2,)
    assert katz_interval(np.full((2, 3), 5), 100, 10, 100).low.shape == (2, 3)


# ---------------------------------------------------------------------------------------------------------
# Koopman: equality with statsmodels


def assert_equal_to_statsmodels_or_more_accurate(
    rows: Sequence[tuple[float, float, float, float]], low: np.ndarray, high: np.ndarray, level: float
) -> int:
    """Row by row: our limits equal statsmodels' (rtol 1e-6), or statsmodels' limit is numerically wrong.

    statsmodels solves Nam's cubic with ``numpy.roots``; with very unequal group sizes (e.g. 1/2 vs 202/203,
    1/4 vs 899,117/1,256,747) its roots lose accuracy. A mismatch is accepted only when our limit inverts
    statsmodels' own score test and statsmodels' limit does not. Returns the number of such rows.
    """
    worse = 0
    for i, row in enumerate(rows):
        lo_sm, hi_sm = statsmodels_koopman(*row, level)
        z = z_for(level)
        if row[0] == 0:
            # By definition 0: with a = 0, Z(φ) ≤ 0 < z for every φ, so statsmodels' lower root (usually within
            # rounding of 0, but e.g. 0.035 for 0/2 vs 3,810/3,811) is not a boundary of its own test.
            assert low[i] == 0.0
            assert score_statistic(*row, max(lo_sm, 1e-12 * hi_sm)) < z
        elif not np.isclose(low[i], lo_sm, rtol=1e-6, atol=0.0):
            assert inverts_score_test(row, float(low[i]), level, "low"), row
            # statsmodels' limit misses the root by more (or is not even a ratio: NaN residual).
            assert not abs(score_statistic(*row, lo_sm) - z) <= abs(score_statistic(*row, float(low[i])) - z), row
            worse += 1
        if not np.isclose(high[i], hi_sm, rtol=1e-6, atol=0.0):
            assert inverts_score_test(row, float(high[i]), level, "high"), row
            assert not abs(score_statistic(*row, hi_sm) + z) <= abs(score_statistic(*row, float(high[i])) + z), row
            worse += 1
    return worse


@settings(max_examples=300, deadline=None)
@given(st.lists(two_groups(interior=True), min_size=1, max_size=25), st.sampled_from(LEVELS))
def test_koopman_equals_statsmodels_row_by_row(rows: list[tuple[int, int, int, int]], level: float) -> None:
    a, n1, c, n2 = columns(rows)
    low, high = koopman_interval(a, n1, c, n2, level)
    assert_equal_to_statsmodels_or_more_accurate(rows, low, high, level)


@st.composite
def comparable_groups(draw: st.DrawFn) -> tuple[int, int, int, int]:
    """Group sizes 20–100,000 within a factor of 10 of each other, event rates between 5% and 95%."""
    n1 = draw(st.integers(20, 100_000))
    n2 = draw(st.integers(max(20, n1 // 10), 10 * n1))
    a = draw(st.integers(int(np.ceil(0.05 * n1)), int(0.95 * n1)))
    c = draw(st.integers(int(np.ceil(0.05 * n2)), int(0.95 * n2)))
    return a, n1, c, n2


@settings(max_examples=300, deadline=None)
@given(st.lists(comparable_groups(), min_size=1, max_size=25), st.sampled_from(LEVELS))
def test_koopman_equals_statsmodels_strictly_for_comparable_groups(
    rows: list[tuple[int, int, int, int]], level: float
) -> None:
    # Where statsmodels' cubic is well conditioned the two agree to rtol 1e-6 with no exception allowed.
    a, n1, c, n2 = columns(rows)
    low, high = koopman_interval(a, n1, c, n2, level)
    expected = np.array([statsmodels_koopman(*row, level) for row in rows])
    np.testing.assert_allclose(low, expected[:, 0], rtol=1e-6)
    np.testing.assert_allclose(high, expected[:, 1], rtol=1e-6)


def test_koopman_many_rows_equal_statsmodels() -> None:
    rng = np.random.default_rng(31)
    size = 2000
    n1 = np.exp(rng.uniform(np.log(2), np.log(2e6), size)).astype(np.int64)
    n2 = np.exp(rng.uniform(np.log(2), np.log(2e6), size)).astype(np.int64)
    a = (rng.beta(0.5, 2.0, size) * n1).astype(np.int64).clip(1, n1 - 1)
    c = (rng.beta(0.5, 2.0, size) * n2).astype(np.int64).clip(1, n2 - 1)
    rows = [(float(w), float(x), float(y), float(z)) for w, x, y, z in zip(a, n1, c, n2, strict=True)]
    for level in LEVELS:
        low, high = koopman_interval(a, n1, c, n2, level)
        worse = assert_equal_to_statsmodels_or_more_accurate(rows, low, high, level)
        assert worse < 0.1 * size


@settings(max_examples=300, deadline=None)
@given(two_groups(max_n=100_000), st.sampled_from(LEVELS))
def test_koopman_limits_invert_the_statsmodels_score_test(row: tuple[int, int, int, int], level: float) -> None:
    # Every row, including one group at 100% (a == n1 or c == n2), where statsmodels' cubic is unreliable:
    # statsmodels' own score test rejects just outside our limits and not just inside them.
    a, n1, c, n2 = row
    low, high = koopman_interval(a, n1, c, n2, level)
    assert inverts_score_test(row, float(high), level, "high")
    if a > 0:
        assert inverts_score_test(row, float(low), level, "low")
    else:
        assert low == 0.0
        # With no events in the numerator group the test never rejects below the estimate.
        assert score_statistic(a, n1, c, n2, 1e-9 * float(high)) < z_for(level)


@pytest.mark.parametrize(
    ("a", "n1", "c", "n2"),
    [(1, 1, 1, 1), (0, 5, 5, 5), (3, 3, 1, 10), (5, 5, 1, 5), (3, 10, 4, 4), (150, 150, 2400, 2400)],
)
def test_koopman_one_group_at_100_percent(a: int, n1: int, c: int, n2: int) -> None:
    # statsmodels' cubic returns a spurious lower limit here (e.g. exactly 1/p of a spurious root, or a complex
    # value); the true score interval contains the estimate and inverts the score test.
    estimate, _ = risk_ratio(a, n1, c, n2)
    for level in LEVELS:
        z = z_for(level)
        low, high = koopman_interval(a, n1, c, n2, level)
        assert low <= estimate <= high
        assert inverts_score_test((a, n1, c, n2), float(high), level, "high")
        assert score_statistic(a, n1, c, n2, float(high)) == pytest.approx(-z, abs=1e-6)
        if a > 0:
            assert inverts_score_test((a, n1, c, n2), float(low), level, "low")
            assert score_statistic(a, n1, c, n2, float(low)) == pytest.approx(z, abs=1e-6)


def high_precision_score(a: float, n1: float, c: float, n2: float, phi: float) -> float:
    """The same score statistic evaluated with 50-digit decimals (an independent, rounding-free reference)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        a_, n1_, c_, n2_, f = (Decimal(repr(float(v))) for v in (a, n1, c, n2, phi))
        big_n = n1_ + n2_
        big_b = n1_ * f + a_ + n2_ + c_ * f
        disc = big_b * big_b - 4 * big_n * f * (a_ + c_)
        p2 = 2 * (a_ + c_) / (big_b + disc.sqrt())
        p1 = f * p2
        var = (p1 * (1 - p1) / n1_ + f * f * p2 * (1 - p2) / n2_) * big_n / (big_n - 1)
        return float((a_ / n1_ - f * c_ / n2_) / var.sqrt())


def test_koopman_extreme_rows_against_high_precision_score() -> None:
    # Group sizes from 1 to 10 million, events at 0, 1, half, all-but-one and all: every limit is finite and
    # is the switching point of the score test evaluated in 50-digit arithmetic (to 1e-9 relative). Here
    # statsmodels' own double-precision score test is itself too noisy to serve as the reference.
    sizes = [1, 2, 10, 1000, 10**7]
    rows = [
        (a, n1, c, n2)
        for n1 in sizes
        for n2 in sizes
        for a in sorted({0, 1, n1 // 2, n1 - 1, n1})
        for c in sorted({1, n2 // 2, n2 - 1, n2} - {0})
    ]
    a, n1, c, n2 = columns(rows)
    for level in LEVELS:
        z = z_for(level)
        low, high = koopman_interval(a, n1, c, n2, level)
        assert np.isfinite(low).all()
        assert np.isfinite(high).all()
        for i, row in enumerate(rows):
            assert (
                high_precision_score(*row, high[i] * (1 - 1e-9)) > -z > high_precision_score(*row, high[i] * (1 + 1e-9))
            ), row
            if row[0] > 0:
                assert (
                    high_precision_score(*row, low[i] * (1 - 1e-9))
                    > z
                    > high_precision_score(*row, low[i] * (1 + 1e-9))
                ), row
            else:
                assert low[i] == 0.0


def test_koopman_on_10000_random_rows_brackets_the_ratio() -> None:
    """Every one of 10,000 random rows (one vectorised call) gets a finite interval around its ratio. Its speed is
    measured by ``benchmarks/bench_parts.py``, not here."""
    rng = np.random.default_rng(7)
    size = 10_000
    n1 = rng.integers(1, 20_000, size)
    n2 = rng.integers(1, 20_000, size)
    a = rng.integers(0, n1 + 1)
    c = rng.integers(1, n2 + 1)
    low, high = koopman_interval(a, n1, c, n2)
    assert np.isfinite(low).all()
    assert np.isfinite(high).all()
    ratio = (a / n1) / (c / n2)  # the score statistic is 0 at the sample ratio, so the interval holds it
    assert (low <= ratio).all()
    assert (ratio <= high).all()
    assert (low[a == 0] == 0.0).all()


# ---------------------------------------------------------------------------------------------------------
# Katz: equality with SciPy (no zero cells) and statsmodels method="log" (corrected cells)


@settings(max_examples=150, deadline=None)
@given(st.lists(two_groups(max_n=100_000), min_size=1, max_size=25), st.sampled_from(LEVELS))
def test_katz_equals_scipy_and_statsmodels(rows: list[tuple[int, int, int, int]], level: float) -> None:
    a, n1, c, n2 = columns(rows)
    katz = katz_interval(a, n1, c, n2, level)
    log_rr, log_se, corrected = katz_log_ratio(a, n1, c, n2)
    np.testing.assert_array_equal(katz.log_se, log_se)
    np.testing.assert_array_equal(katz.zero_corrected, corrected)
    for i, (ai, n1i, ci, n2i) in enumerate(rows):
        zero = 0 in (ai, n1i - ai, ci, n2i - ci)
        assert corrected[i] == zero
        if zero:
            h = 0.5
            lo, hi = confint_proportions_2indep(
                ai + h, n1i + 2 * h, ci + h, n2i + 2 * h, compare="ratio", method="log", alpha=1 - level
            )
        else:
            ci_scipy = relative_risk(ai, n1i, ci, n2i).confidence_interval(level)
            lo, hi = ci_scipy.low, ci_scipy.high
            assert np.exp(log_rr[i]) == pytest.approx((ai / n1i) / (ci / n2i), rel=1e-12)
        np.testing.assert_allclose([katz.low[i], katz.high[i]], [lo, hi], rtol=1e-10)
        # The interval is exp(ln RR ± z·SE) around the (corrected) log ratio.
        z = z_for(level)
        np.testing.assert_allclose(
            [katz.low[i], katz.high[i]],
            np.exp(log_rr[i] + np.array([-z, z]) * log_se[i]),
            rtol=1e-10,
        )


def test_katz_correction_is_not_log_adjusted() -> None:
    # Zero cells: a + 0.5, n1 + 1 (not statsmodels' "log-adjusted", which adds 0.5 to totals, zeros or not).
    katz = katz_interval(0, 150, 12, 2400)
    lo, hi = confint_proportions_2indep(0.5, 151, 12.5, 2401, compare="ratio", method="log")
    np.testing.assert_allclose([katz.low, katz.high], [lo, hi], rtol=1e-12)
    adjusted = confint_proportions_2indep(0, 150, 12, 2400, compare="ratio", method="log-adjusted")
    assert not np.isclose(katz.low, adjusted[0], rtol=1e-6)


# ---------------------------------------------------------------------------------------------------------
# Properties


@settings(max_examples=300, deadline=None)
@given(two_groups(max_n=200_000), st.sampled_from(LEVELS))
def test_swapping_groups_inverts_ratio_and_intervals(row: tuple[int, int, int, int], level: float) -> None:
    a, n1, c, n2 = row
    assume(a > 0)
    rr, _ = risk_ratio(a, n1, c, n2)
    rr_s, _ = risk_ratio(c, n2, a, n1)
    assert rr_s == pytest.approx(1 / rr, rel=1e-12)
    low, high = koopman_interval(a, n1, c, n2, level)
    low_s, high_s = koopman_interval(c, n2, a, n1, level)
    # rtol 1e-7: with one group at or near 100% the score statistic itself carries ~1e-6 rounding noise.
    assert low_s == pytest.approx(1 / high, rel=1e-7)
    assert high_s == pytest.approx(1 / low, rel=1e-7)
    katz = katz_interval(a, n1, c, n2, level)
    katz_s = katz_interval(c, n2, a, n1, level)
    assert katz_s.low == pytest.approx(1 / katz.high, rel=1e-12)
    assert katz_s.high == pytest.approx(1 / katz.low, rel=1e-12)
    assert katz_s.log_se == pytest.approx(katz.log_se, rel=1e-12)


@settings(max_examples=300, deadline=None)
@given(two_groups(max_n=100_000), st.integers(2, 1000))
def test_scaling_counts_keeps_the_ratio(row: tuple[int, int, int, int], k: int) -> None:
    a, n1, c, n2 = row
    rr, _ = risk_ratio(a, n1, c, n2)
    rr_k, _ = risk_ratio(k * a, k * n1, k * c, k * n2)
    assert rr_k == pytest.approx(rr, rel=1e-12, abs=0.0)


@settings(max_examples=300, deadline=None)
@given(two_groups(max_n=200_000), st.sampled_from(LEVELS))
def test_intervals_contain_the_estimate_and_narrow_with_more_data(row: tuple[int, int, int, int], level: float) -> None:
    a, n1, c, n2 = row
    rr, _ = risk_ratio(a, n1, c, n2)
    low, high = koopman_interval(a, n1, c, n2, level)
    assert 0.0 <= low <= rr <= high
    katz = katz_interval(a, n1, c, n2, level)
    log_rr, _, corrected = katz_log_ratio(a, n1, c, n2)
    assert katz.low <= np.exp(log_rr) <= katz.high
    if not corrected:
        assert katz.low <= rr <= katz.high
    # The 99.8% interval contains the 95% one.
    if level == 0.998:
        low95, high95 = koopman_interval(a, n1, c, n2, 0.95)
        assert low <= low95
        assert high95 <= high
    # Ten times the counts: narrower (on the log scale; the upper limit alone when a = 0).
    low10, high10 = koopman_interval(10 * a, 10 * n1, 10 * c, 10 * n2, level)
    katz10 = katz_interval(10 * a, 10 * n1, 10 * c, 10 * n2, level)
    if a > 0:
        assert np.log(high10 / low10) < np.log(high / low)
    else:
        assert low10 == 0.0
        assert high10 < high
    if not corrected:
        assert katz10.log_se < katz.log_se


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(any_count, any_count, any_count, any_count), min_size=1, max_size=15))
def test_vectorised_equals_scalar_loop_and_never_inf(rows: list[tuple[float, float, float, float]]) -> None:
    a, n1, c, n2 = (np.array([r[k] for r in rows]) for k in range(4))
    with np.errstate(all="raise"):
        estimate, reason = risk_ratio(a, n1, c, n2)
        koop95 = koopman_interval(a, n1, c, n2, 0.95)
        koop998 = koopman_interval(a, n1, c, n2, 0.998)
        katz = katz_interval(a, n1, c, n2)
        log_rr, log_se, _ = katz_log_ratio(a, n1, c, n2)
    computed = np.array([r is None for r in reason])
    for values in (estimate, *koop95, *koop998, katz.low, katz.high, katz.log_se, log_rr, log_se):
        assert not np.isinf(values).any()
        assert np.array_equal(np.isnan(values), ~computed)
    for i, row in enumerate(rows):
        est_i, reason_i = risk_ratio(*row)
        assert reason_i == reason[i]
        np.testing.assert_array_equal(est_i, estimate[i])
        np.testing.assert_allclose(koopman_interval(*row, 0.95), [koop95.low[i], koop95.high[i]], rtol=1e-13)
        np.testing.assert_allclose(koopman_interval(*row, 0.998), [koop998.low[i], koop998.high[i]], rtol=1e-13)
        katz_i = katz_interval(*row)
        np.testing.assert_allclose(
            [katz_i.low, katz_i.high, katz_i.log_se], [katz.low[i], katz.high[i], katz.log_se[i]], rtol=1e-13
        )
        assert katz_i.zero_corrected == katz.zero_corrected[i]


# ---------------------------------------------------------------------------------------------------------
# Mantel–Haenszel


def test_mantel_haenszel_single_stratum_equals_katz() -> None:
    for level_field, level in (("ci95", 0.95), ("ci998", 0.998)):
        mh = mantel_haenszel_rr([375], [1500], [160], [1000])
        katz = katz_interval(375, 1500, 160, 1000, level)
        assert mh.estimate == pytest.approx(1.5625, rel=1e-14)
        assert mh.log_se == pytest.approx(float(katz.log_se), rel=1e-12)
        assert getattr(mh, f"{level_field}_low") == pytest.approx(float(katz.low), rel=1e-12)
        assert getattr(mh, f"{level_field}_high") == pytest.approx(float(katz.high), rel=1e-12)
        assert mh.reason is None
        assert mh.strata_used == 1


def test_mantel_haenszel_against_statsmodels_and_direct_formula() -> None:
    a = np.array([10, 20, 0, 4])
    n1 = np.array([100, 50, 0, 30])
    c = np.array([5, 30, 3, 9])
    n2 = np.array([200, 60, 10, 45])
    mh = mantel_haenszel_rr(a, n1, c, n2)
    keep = (n1 > 0) & (n2 > 0)
    tables = [np.array([[a[i], n1[i] - a[i]], [c[i], n2[i] - c[i]]]) for i in np.flatnonzero(keep)]
    assert mh.estimate == pytest.approx(StratifiedTable(tables).riskratio_pooled, rel=1e-14)
    assert mh.strata_used == 3
    # Greenland–Robins variance written out directly (Biometrics 1985; 41:55–68).
    ak, n1k, ck, n2k = (v[keep].astype(float) for v in (a, n1, c, n2))
    big_n = n1k + n2k
    r = np.sum(ak * n2k / big_n)
    s = np.sum(ck * n1k / big_n)
    var = np.sum((ak + ck) * n1k * n2k / big_n**2 - ak * ck / big_n) / (r * s)
    assert mh.estimate == pytest.approx(r / s, rel=1e-14)
    assert mh.log_se == pytest.approx(np.sqrt(var), rel=1e-14)
    for level, lo, hi in ((0.95, mh.ci95_low, mh.ci95_high), (0.998, mh.ci998_low, mh.ci998_high)):
        z = z_for(level)
        assert lo == pytest.approx(r / s * np.exp(-z * np.sqrt(var)), rel=1e-12)
        assert hi == pytest.approx(r / s * np.exp(z * np.sqrt(var)), rel=1e-12)


def test_mantel_haenszel_shows_composition_effect() -> None:
    # Simpson's paradox: equal rates within each band, unequal crude ratio because of the band mix.
    a, n1, c, n2 = [90, 10], [900, 1000], [10, 90], [100, 9000]
    crude, _ = risk_ratio(sum(a), sum(n1), sum(c), sum(n2))
    mh = mantel_haenszel_rr(a, n1, c, n2)
    assert crude > 3.0
    assert mh.estimate == pytest.approx(1.0, rel=1e-12)
    assert mh.ci95_low < 1.0 < mh.ci95_high


@pytest.mark.parametrize(
    ("a", "n1", "c", "n2", "reason"),
    [
        ([1, np.nan], [10, 10], [1, 1], [10, 10], "missing_input"),
        ([1, 11], [10, 10], [1, 1], [10, 10], "invalid_input"),
        ([0, 0], [0, 10], [1, 0], [10, 0], "no_people"),
        ([0, 0], [10, 10], [0, 0], [10, 10], "no_events"),
        ([1, 2], [10, 10], [0, 0], [10, 10], "comparator_rate_zero"),
    ],
)
def test_mantel_haenszel_reasons(a: list[float], n1: list[float], c: list[float], n2: list[float], reason: str) -> None:
    mh = mantel_haenszel_rr(a, n1, c, n2)
    assert mh.reason == reason
    assert np.isnan([mh.estimate, mh.log_se, mh.ci95_low, mh.ci95_high, mh.ci998_low, mh.ci998_high]).all()


def test_mantel_haenszel_zero_numerator_events() -> None:
    mh = mantel_haenszel_rr([0, 0], [10, 20], [3, 1], [10, 20])
    assert mh.estimate == 0.0
    assert mh.reason is None
    assert np.isnan([mh.log_se, mh.ci95_low, mh.ci95_high]).all()
