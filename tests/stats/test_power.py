"""Power and detectability (methods.md §13): the spec's worked examples and a simulation of the test's power."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from wres.stats.power import (
    NO_COMPARATOR_EVENTS,
    NOT_DETECTABLE,
    detectability,
    detectable_change_factor,
    minimum_detectable_gap,
    minimum_detectable_ratio,
    power_ratio,
    required_sample_size,
)
from wres.stats.reasons import INVALID_INPUT, MISSING_INPUT, NO_PEOPLE

# --- the §13 table, to its printed precision -------------------------------------------------------------


@pytest.mark.parametrize(("years", "expected"), [(1, 2.69), (3, 1.88), (5, 1.66)])
def test_indicator3_example(years: int, expected: float) -> None:
    """Ind. 3: 800 BME (numerator), 3,000 White staff, White rate 0.7% → 2.69 / 1.88 / 1.66."""
    value = minimum_detectable_ratio(0.007, 800, 3000, years=years)
    assert round(value, 2) == expected


@pytest.mark.parametrize(("years", "expected"), [(1, 1.28), (3, 1.16), (5, 1.12)])
def test_indicator2_example(years: int, expected: float) -> None:
    """Ind. 2: 1,500 White (numerator) and 1,000 BME shortlisted, BME rate 16% → 1.28 / 1.16 / 1.12."""
    value = minimum_detectable_ratio(0.16, 1500, 1000, years=years)
    assert round(value, 2) == expected


def test_indicator6_gap_example() -> None:
    """Ind. 6: 400 BME, 2,000 White respondents, White 22% → +6.6 points."""
    assert round(minimum_detectable_gap(0.22, 400, 2000), 1) == 6.6


def test_year_on_year_factor_example() -> None:
    """Indicator 2's example, SE 0.085: only a change by a factor of about 1.4 is detected with 80% power."""
    assert round(detectable_change_factor(0.085), 1) == 1.4
    # by hand: (1.959964 + 0.841621)·√2·0.085 = 0.33680, e^0.33680 = 1.40046
    assert detectable_change_factor(0.085) == pytest.approx(math.exp(2.801585 * math.sqrt(2) * 0.085), rel=1e-6)


def test_power_at_parity_is_alpha_and_at_the_mdr_is_80_percent() -> None:
    assert power_ratio(1.0, 0.16, 1500, 1000) == pytest.approx(0.05, abs=1e-9)
    r = minimum_detectable_ratio(0.16, 1500, 1000)
    assert power_ratio(r, 0.16, 1500, 1000) == pytest.approx(0.8, abs=1e-9)
    below = minimum_detectable_ratio(0.16, 1500, 1000, side="below")
    assert below < 1 < r
    assert power_ratio(below, 0.16, 1500, 1000) == pytest.approx(0.8, abs=1e-9)


def test_pooling_years_equals_multiplying_denominators() -> None:
    assert minimum_detectable_ratio(0.05, 300, 900, years=3) == pytest.approx(
        minimum_detectable_ratio(0.05, 900, 2700), rel=1e-12
    )


def test_required_sample_size_by_hand_and_round_trip() -> None:
    # p1 = 0.2, p2 = 0.1, equal groups, by hand (pooled SD under the null, unpooled under the alternative):
    # n = (1.959964·√(0.15·0.85·2) + 0.841621·√(0.2·0.8 + 0.1·0.9))² / 0.1² = 198.97
    assert required_sample_size(2.0, 0.1) == pytest.approx(198.97, abs=0.01)
    # The §13 indicator 2 example: at its 1-year detectable ratio the 1,500 White / 1,000 BME are just enough.
    ratio = minimum_detectable_ratio(0.16, 1500, 1000)
    assert required_sample_size(ratio, 0.16, ratio=1000 / 1500) == pytest.approx(1500, abs=1)


# --- simulation: at the reported ratio the z-test rejects in about 80% of replicates --------------------


def _rejection_rate(p1: float, p2: float, n1: int, n2: int, reps: int, seed: int) -> float:
    """Share of replicates in which the two-sided pooled two-proportion z-test rejects at 5% (numpy only)."""
    rng = np.random.default_rng(seed)
    x1 = rng.binomial(n1, p1, reps)
    x2 = rng.binomial(n2, p2, reps)
    pooled = (x1 + x2) / (n1 + n2)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    diff = x1 / n1 - x2 / n2
    z = np.divide(diff, se, out=np.zeros(reps), where=se > 0)
    return float(np.mean(np.abs(z) > stats.norm.isf(0.025)))


@pytest.mark.parametrize(
    ("p2", "n1", "n2", "years", "side"),
    [
        (0.007, 800, 3000, 1, "above"),  # indicator 3, rare events
        (0.007, 800, 3000, 5, "above"),
        (0.16, 1500, 1000, 1, "above"),  # indicator 2
        (0.16, 1500, 1000, 3, "below"),
    ],
)
def test_simulated_power_at_the_minimum_detectable_ratio(p2: float, n1: int, n2: int, years: int, side: str) -> None:
    ratio = minimum_detectable_ratio(p2, n1, n2, years=years, side=side)  # type: ignore[arg-type]
    rate = _rejection_rate(ratio * p2, p2, n1 * years, n2 * years, reps=4000, seed=20261207)
    # 4,000 replicates: binomial SE of the estimate is √(0.8·0.2/4000) ≈ 0.006, well inside the ±5 points.
    assert rate == pytest.approx(0.80, abs=0.05)


def test_simulated_power_at_the_minimum_detectable_gap() -> None:
    gap = minimum_detectable_gap(0.22, 400, 2000)
    rate = _rejection_rate(0.22 + gap / 100, 0.22, 400, 2000, reps=4000, seed=7)
    assert rate == pytest.approx(0.80, abs=0.05)


# --- not computable ----------------------------------------------------------------------------------------


def test_unreachable_ratio_is_nan() -> None:
    """Indicator 3, one year: even p1 = 0 (no BME entrants) is detected with < 80% power at White rate 0.7%."""
    assert power_ratio(0.0, 0.007, 800, 3000) < 0.8
    assert math.isnan(minimum_detectable_ratio(0.007, 800, 3000, side="below"))
    assert math.isnan(minimum_detectable_ratio(0.0, 800, 3000))


def test_detectability_of_a_result_row_follows_the_indicator_orientation() -> None:
    # Indicator 2 row: a/n1 White (numerator) 375/1,500, c/n2 BME 160/1,000 → p2 = 0.16 as in the §13 table.
    d = detectability(375, 1500, 160, 1000, indicator="2", log_se=0.085)
    assert [round(v.ratio, 2) for v in d.values] == [1.28, 1.16, 1.12]
    assert [v.years for v in d.values] == [1, 3, 5]
    assert d.reason is None
    assert all(v.reason is None for v in d.values)
    assert round(d.change_factor, 1) == 1.4
    # Indicator 3 row: a/n1 BME entrants 10/800, c/n2 White 21/3,000 (0.7%).
    d3 = detectability(10, 800, 21, 3000, indicator="3")
    assert round(d3.ratio(1), 2) == 2.69
    assert round(d3.ratio(5), 2) == 1.66
    assert math.isnan(d3.change_factor)
    # The rolling form pools two years already: its counts are halved to yearly volumes.
    rolling = detectability(20, 1600, 42, 6000, indicator="3", row_years=2)
    assert rolling.ratio(3) == pytest.approx(d3.ratio(3), rel=1e-9)


def test_detectability_not_computable_rows() -> None:
    zero = detectability(5, 800, 0, 3000, indicator="3")
    assert zero.reason == NO_COMPARATOR_EVENTS
    assert all(math.isnan(v.ratio) for v in zero.values)
    assert detectability(0, 0, 3, 40, indicator="4").reason == NO_PEOPLE
    assert detectability(float("nan"), 10, 3, 40, indicator="4").reason == MISSING_INPUT
    assert detectability(11, 10, 3, 40, indicator="2").reason == INVALID_INPUT
    # A tiny group: 4 BME shortlisted with 1 appointed; the White numerator group of 6 cannot reach 80% power
    # in one year at any rate, but five years' pooling can.
    tiny = detectability(2, 6, 1, 4, indicator="2")
    assert tiny.reason is None
    assert tiny.values[0].reason == NOT_DETECTABLE
    assert math.isnan(tiny.values[0].ratio)
    assert power_ratio(4.0, 0.25, 6, 4) < 0.8  # the largest possible ratio, p1 = 1, in one year
    assert tiny.values[2].reason is None
    assert tiny.ratio(5) > 1
    all_events = detectability(3, 10, 40, 40, indicator="4")
    assert all_events.reason == NOT_DETECTABLE


def test_invalid_arguments_raise() -> None:
    with pytest.raises(ValueError, match="indicators 2, 3 and 4"):
        detectability(1, 10, 1, 10, indicator="6")
    with pytest.raises(ValueError, match="side"):
        minimum_detectable_ratio(0.1, 100, 100, side="up")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="group sizes"):
        minimum_detectable_ratio(0.1, 0, 100)
    with pytest.raises(ValueError, match="not a rate"):
        power_ratio(20.0, 0.1, 100, 100)
