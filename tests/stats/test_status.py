"""Status, side, strong evidence and reliability flags (wres-domain.md §6.1–6.3; methods.md §4, §7)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wres.stats import (
    FLAG_ORDER,
    excludes,
    gap_status,
    katz_interval,
    koopman_interval,
    newcombe_diff_interval,
    ratio_status,
    reliability_flags,
    representation_status,
    risk_ratio,
    wilson_interval,
)

# ---------------------------------------------------------------------------------------------------------
# Ratio status: range boundaries (ratio rounded to 2 dp half-up as displayed, §6.1)


def shown(ratio: float) -> float:
    """A bare ratio as a person reads it: its decimal text rounded half-up to 2 dp."""
    return float(Decimal(repr(ratio)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize(
    ("ratio", "status", "side"),
    [
        (1.25, "within_range", None),
        (1.2549, "within_range", None),  # displays 1.25
        (1.255, "insufficient_evidence", "above"),  # 1.255 rounds half-up to 1.26 (not 1.25 from its binary value)
        (1.2551, "insufficient_evidence", "above"),  # displays 1.26
        (1.26, "insufficient_evidence", "above"),
        (0.80, "within_range", None),
        (0.795, "within_range", None),  # 0.795 rounds half-up to 0.80
        (0.7949, "insufficient_evidence", "below"),  # displays 0.79
        (0.79, "insufficient_evidence", "below"),
        (1.0, "within_range", None),
        (0.0, "insufficient_evidence", "below"),
    ],
)
def test_ratio_status_range_boundaries(ratio: float, status: str, side: str | None) -> None:
    # A wide interval that includes 1: outside the range means insufficient evidence.
    result = ratio_status(ratio, 0.0, 5.0, 0.0, 9.0)
    assert (0.80 <= shown(ratio) <= 1.25) == (status == "within_range")
    assert result.status == status
    assert result.side.item() == side
    assert not result.strong_evidence


def test_ratio_status_evidence_and_strong_evidence() -> None:
    ratio = [1.26, 1.26, 1.26, 0.79, 0.79, 1.10, 1.10]
    lo95 = [1.01, 1.01, 0.99, 0.50, 0.70, 1.05, 0.90]
    hi95 = [1.60, 1.60, 1.50, 0.99, 1.01, 1.15, 1.30]
    lo998 = [1.001, 0.95, 0.90, 0.40, 0.60, 1.01, 0.80]
    hi998 = [1.80, 1.70, 1.60, 0.999, 1.20, 1.20, 1.40]
    status, side, strong = ratio_status(ratio, lo95, hi95, lo998, hi998)
    assert list(status) == [
        "adverse_evidence",
        "adverse_evidence",
        "insufficient_evidence",
        "adverse_evidence",  # named as in the domain document, even when the side is "below"
        "insufficient_evidence",
        "within_range",
        "within_range",
    ]
    assert list(side) == ["above", "above", "above", "below", "below", None, None]
    assert list(strong) == [True, False, False, True, False, True, False]


def test_ratio_status_interval_touching_one_is_not_evidence() -> None:
    status, _, strong = ratio_status([1.5, 0.5], [1.0, 0.2], [2.0, 1.0], [1.0, 0.1], [3.0, 1.0])
    assert list(status) == ["insufficient_evidence", "insufficient_evidence"]
    assert not strong.any()


@pytest.mark.parametrize(
    "reason",
    ["no_people", "comparator_rate_zero", "no_events", "missing_input", "suppressed", "invalid_input"],
)
def test_ratio_status_each_reason_is_not_computed(reason: str) -> None:
    # Even with a (stale) ratio and interval present, a reason code means not computed.
    status, side, strong = ratio_status([1.5, 1.5], 1.2, 1.9, 1.1, 2.0, [reason, None])
    assert status[0] == "not_computed"
    assert side[0] is None
    assert not strong[0]
    assert status[1] == "adverse_evidence"


def test_ratio_status_nan_ratio_without_reason_is_not_computed() -> None:
    status, side, strong = ratio_status([np.nan, 1.0], np.nan, np.nan, np.nan, np.nan, [None, ""])
    assert list(status) == ["not_computed", "within_range"]
    assert side[0] is None
    assert not strong.any()


def test_ratio_status_custom_range() -> None:
    status, side, _ = ratio_status([1.15, 0.85], 0.5, 2.0, 0.4, 3.0, low=0.90, high=1.10)
    assert list(status) == ["insufficient_evidence", "insufficient_evidence"]
    assert list(side) == ["above", "below"]


def test_ratio_status_full_pipeline_on_methods_2_4() -> None:
    a = np.array([375, 1200, 10, 16, 0, 6])
    n1 = np.array([1500, 3000, 800, 1600, 150, 150])
    c = np.array([160, 250, 22, 42, 12, 0])
    n2 = np.array([1000, 800, 3000, 6000, 2400, 2400])
    estimate, reason = risk_ratio(a, n1, c, n2)
    lo95, hi95 = koopman_interval(a, n1, c, n2, 0.95)
    lo998, hi998 = koopman_interval(a, n1, c, n2, 0.998)
    status, side, strong = ratio_status(estimate, lo95, hi95, lo998, hi998, reason)
    assert list(status) == [
        "adverse_evidence",
        "adverse_evidence",
        "insufficient_evidence",
        "insufficient_evidence",
        "insufficient_evidence",
        "not_computed",
    ]
    assert list(side) == ["above", "above", "above", "above", "below", None]
    # 99.8% intervals: 1.2049–2.0364 and 1.0787–1.5333 exclude 1.
    assert list(strong) == [True, True, False, False, False, False]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=10.0), min_size=1, max_size=30))
def test_ratio_status_vectorised_equals_scalar_loop(ratios: list[float]) -> None:
    r = np.array(ratios)
    vector = ratio_status(r, r * 0.9, r * 1.1, r * 0.8, r * 1.2)
    for i, ri in enumerate(ratios):
        scalar = ratio_status(ri, ri * 0.9, ri * 1.1, ri * 0.8, ri * 1.2)
        assert scalar.status == vector.status[i]
        assert scalar.side.item() == vector.side[i]
        assert scalar.strong_evidence == vector.strong_evidence[i]
        inside = 0.80 <= shown(ri) <= 1.25
        assert (vector.status[i] == "within_range") == inside


@pytest.mark.parametrize(
    ("counts", "status", "side"),
    [
        ((159, 1000, 1, 5), "within_range", None),  # exactly 0.795 → 0.80
        ((251, 400, 1, 2), "insufficient_evidence", "above"),  # exactly 1.255 → 1.26
    ],
)
def test_ratio_status_range_test_uses_the_exact_ratio_of_the_counts(
    counts: tuple[int, int, int, int], status: str, side: str | None
) -> None:
    a, n1, c, n2 = counts
    binary = (a / n1) / (c / n2)  # 0.7949999999999999 and 1.255 (the double below the tie)
    result = ratio_status([binary, 1.0], 0.0, 5.0, 0.0, 9.0, counts=([a, 1], [n1, 1], [c, 1], [n2, 1]))
    assert list(result.status) == [status, "within_range"]
    assert result.side[0] == side


# ---------------------------------------------------------------------------------------------------------
# Survey gaps


def test_gap_status_worked_examples() -> None:
    # Indicators 5, 6, 8 (BME − White) and 7 (White − BME); wres-domain.md §5.5–5.8, methods.md §3.
    x1 = np.array([120, 108, 52, 1188])
    n1 = np.array([400, 400, 400, 2000])
    x2 = np.array([536, 440, 120, 195])
    n2 = np.array([2000, 2000, 2000, 400])
    gap = x1 / n1 - x2 / n2
    lo95, hi95 = newcombe_diff_interval(x1, n1, x2, n2, 0.95)
    lo998, hi998 = newcombe_diff_interval(x1, n1, x2, n2, 0.998)
    assert list(gap_status(gap, lo95, hi95)) == [
        "no_evidence",
        "bme_worse_evidence",
        "bme_worse_evidence",
        "bme_worse_evidence",
    ]
    # Indicator 8: strong evidence (99.8% +2.3 to +13.2); indicator 6: not (99.8% −1.9 to +12.8).
    assert list(excludes(lo998, hi998, 0.0)) == [False, False, True, True]


def test_gap_status_better_and_not_computed() -> None:
    status = gap_status(
        [-0.05, 0.0, np.nan, 0.02, 0.02],
        [-0.09, 0.0, np.nan, 0.01, np.nan],
        [-0.01, 0.1, np.nan, 0.03, 0.04],
        [None, None, None, "no_people", None],
    )
    assert list(status) == [
        "bme_better_evidence",
        "no_evidence",  # an interval touching 0 is not evidence
        "not_computed",
        "not_computed",
        "not_computed",
    ]


# ---------------------------------------------------------------------------------------------------------
# Representation (indicator 1)


def test_representation_status_worked_example_and_cases() -> None:
    # Cluster 8c–VSM: 6 of 60 BME, Wilson 95% 4.7%–20.1%, wholly below the overall 28.0%.
    low, high = wilson_interval(6, 60)
    assert representation_status(low, high, 2240 / 8000) == "under_represented_evidence"
    low, high = wilson_interval([500, 300, 0], [1000, 1000, 0])
    assert list(representation_status(low, high, 0.28)) == [
        "over_represented_evidence",
        "no_evidence",
        "not_computed",
    ]
    # Percent scale works the same when both are percentages; a reason wins.
    assert representation_status(4.66, 20.15, 28.0) == "under_represented_evidence"
    assert representation_status(4.66, 20.15, 28.0, "suppressed") == "not_computed"


# ---------------------------------------------------------------------------------------------------------
# Reliability flags


def test_reliability_flags_rules_and_order() -> None:
    a = np.array([5, 50, 50, 0, 9, 50])
    n1 = np.array([100, 29, 100, 150, 20, 100])
    c = np.array([50, 50, 50, 12, 50, 50])
    n2 = np.array([100, 100, 100, 2400, 100, 100])
    katz = katz_interval(a, n1, c, n2)
    flags = reliability_flags(
        [a, c],
        [n1, n2],
        zero_corrected=katz.zero_corrected,
        reconstructed=[False, False, True, False, True, False],
        unknown_share=[0.02, 0.10, 0.11, 0.0, 0.5, np.nan],
    )
    assert list(flags) == [
        "low_count",
        "small_base",
        "reconstructed,completeness",
        "low_count,zero_corrected",
        "low_count,small_base,reconstructed,completeness",
        "",
    ]
    assert FLAG_ORDER == ("low_count", "small_base", "zero_corrected", "reconstructed", "completeness")


def test_reliability_flags_thresholds_scalars_and_missing() -> None:
    assert reliability_flags([9], [30]) == "low_count"
    assert reliability_flags([10], [29]) == "small_base"
    assert reliability_flags([10], [30]) == ""
    assert reliability_flags([np.nan], [np.nan]) == ""
    assert reliability_flags([15], [40], low_count_below=20, small_base_below=50) == "low_count,small_base"
    assert reliability_flags(unknown_share=0.2, completeness_above=0.25) == ""
    assert reliability_flags(unknown_share=[0.2, 0.3], completeness_above=0.25).tolist() == ["", "completeness"]
    flags = reliability_flags([[1, 20], [30, 40]], [100])
    assert flags.shape == (2,)
    assert flags.tolist() == ["low_count", ""]
