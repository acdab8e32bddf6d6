"""The ethnicity pay gap (wres-domain.md §7.1, methods.md §14): hand-computed gaps, quartiles with ties at the
boundaries, "no members" and "too few", the band-mix decomposition, and the options. Oracles: arithmetic written
here by hand, and ``scipy.stats.binomtest(...).proportion_ci(method="wilson")`` for the Wilson limits."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from wres.analysis.paygap import (
    NO_MEMBERS,
    OK,
    TOO_FEW,
    NoPayDataError,
    PayGapOptions,
    decompose,
    pay_gap,
    quartile_of,
    quartile_table,
)
from wres.analysis.paygap.gaps import gap_percent
from wres.analysis.paygap.groups import in_population
from wres.errors import WresError

NO_BOOT = {"intervals": False}


def snapshot(rows: list[tuple[str, str, float | None]], contract: str = "substantive") -> pd.DataFrame:
    """Staff rows (ethnic code, band, hourly pay)."""
    return pd.DataFrame(
        {
            "ethnic_category": [r[0] for r in rows],
            "band": [r[1] for r in rows],
            "hourly_pay": [np.nan if r[2] is None else r[2] for r in rows],
            "contract": contract,
            "bank_only": False,
        }
    )


def by_group(result: object, group: str) -> object:
    return next(g for g in result.gaps if g.group == group)  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------------------ the gaps


def test_mean_and_median_gap_by_hand() -> None:
    # White 10, 12, 14, 20: mean 14, median 13. BME 9, 10, 11: mean 10, median 10.
    rows = [("A", "5", 10.0), ("B", "5", 12.0), ("C", "6", 14.0), ("A", "7", 20.0)]
    rows += [("N", "5", 9.0), ("H", "5", 10.0), ("M", "6", 11.0)]
    result = pay_gap(snapshot(rows), PayGapOptions(min_group=3, **NO_BOOT))
    bme = by_group(result, "BME")
    assert bme.status == OK
    assert (bme.n_group, bme.n_reference) == (3, 4)
    assert bme.mean_gap == pytest.approx((14 - 10) / 14 * 100)  # 28.571...
    assert bme.median_gap == pytest.approx((13 - 10) / 13 * 100)  # 23.077...
    assert (bme.mean_reference, bme.mean_group, bme.median_reference, bme.median_group) == (14, 10, 13, 10)


def test_a_negative_gap_means_the_group_is_paid_more() -> None:
    assert gap_percent(np.array([10.0, 10.0]), np.array([12.0, 13.0]), "mean") == pytest.approx(-25.0)


def test_white_british_reference() -> None:
    # White British 20, 20; White Irish 10, 10; BME 15, 15. Against White: mean 15 vs 15 → 0%.
    rows = [("A", "5", 20.0), ("A", "5", 20.0), ("B", "5", 10.0), ("B", "5", 10.0), ("N", "5", 15.0), ("H", "5", 15.0)]
    white = pay_gap(snapshot(rows), PayGapOptions(min_group=2, **NO_BOOT))
    assert by_group(white, "BME").mean_gap == pytest.approx(0.0)
    wb = pay_gap(snapshot(rows), PayGapOptions(min_group=2, reference="white-british", **NO_BOOT))
    assert wb.reference == "White British"
    assert by_group(wb, "BME").mean_gap == pytest.approx(25.0)  # (20 - 15) / 20
    assert by_group(wb, "White other than British").mean_gap == pytest.approx(50.0)  # (20 - 10) / 20


def test_a_group_with_no_members_and_a_group_of_one() -> None:
    rows = [("A", "5", 10.0 + i) for i in range(12)] + [("N", "5", 9.0 + i) for i in range(11)] + [("R", "5", 30.0)]
    result = pay_gap(snapshot(rows), PayGapOptions(grouping="ethnicity9", **NO_BOOT))
    assert [g.group for g in result.gaps] == ["BME", "Mixed", "Asian", "Black", "Chinese", "Other"]
    mixed = by_group(result, "Mixed")
    assert (mixed.status, mixed.n_group, mixed.mean_gap) == (NO_MEMBERS, 0, None)
    chinese = by_group(result, "Chinese")  # one person
    assert (chinese.status, chinese.n_group, chinese.mean_gap, chinese.median_gap) == (TOO_FEW, 1, None, None)
    assert "fewer than 10" in chinese.reason
    black = by_group(result, "Black")
    assert black.status == OK
    assert black.mean_gap == pytest.approx((15.5 - 14.0) / 15.5 * 100)  # 10..21 mean 15.5; 9..19 mean 14


def test_min_group_applies_to_the_reference_too() -> None:
    rows = [("A", "5", 10.0)] * 3 + [("N", "5", 9.0)] * 20
    row = by_group(pay_gap(snapshot(rows), PayGapOptions(**NO_BOOT)), "BME")
    assert row.status == TOO_FEW
    assert "White" in row.reason


def test_disclosure_rate_is_the_share_with_known_ethnicity() -> None:
    rows = [("A", "5", 10.0)] * 10 + [("N", "5", 9.0)] * 10 + [("Z", "5", 9.0)] * 3 + [("99", "5", 9.0)] * 2
    rows += [("BME", "5", 9.0)]  # known as BME only: known for the WRES rows, not known in the 5-group
    wres = pay_gap(snapshot(rows), PayGapOptions(**NO_BOOT))
    assert by_group(wres, "BME").disclosure_rate == pytest.approx(21 / 26)
    five = pay_gap(snapshot(rows), PayGapOptions(grouping="ethnicity5", **NO_BOOT))
    assert by_group(five, "Black").disclosure_rate == pytest.approx(20 / 26)
    assert by_group(five, "BME").n_group == 11


def test_no_pay_at_all_is_a_clear_error() -> None:
    with pytest.raises(NoPayDataError, match="no pay data: import ESR extracts with hourly pay"):
        pay_gap(snapshot([("A", "5", None), ("N", "5", None)]))


def test_bad_options_are_refused() -> None:
    with pytest.raises(WresError, match="grouping must be one of"):
        PayGapOptions(grouping="ethnicity7")
    with pytest.raises(WresError, match="reference must be one of"):
        PayGapOptions(reference="british")


def test_population_rules() -> None:
    frame = pd.DataFrame(
        {
            "ethnic_category": ["A"] * 6,
            "band": ["5"] * 6,
            "hourly_pay": [10.0, 10.0, 10.0, 10.0, np.nan, 0.0],
            "contract": ["substantive", "fixed_term", "bank", "honorary", "substantive", "substantive"],
            "bank_only": [False, False, True, False, False, False],
        }
    )
    assert in_population(frame, "in_post").tolist() == [True, True, True, True, False, False]
    assert in_population(frame, "wres").tolist() == [True, True, False, False, False, False]
    assert in_population(frame, "substantive").tolist() == [True, True, False, False, False, False]


# ------------------------------------------------------------------------------------------------ quartiles


def test_quartile_sizes_differ_by_at_most_one() -> None:
    q = quartile_of(np.arange(10.0), np.array(["W"] * 10, dtype=object), ["W"])
    assert q.tolist() == [1, 1, 2, 2, 2, 3, 3, 4, 4, 4]  # ranks 0-1, 2-4, 5-6, 7-9


def test_ties_at_a_boundary_are_spread_evenly_by_group() -> None:
    # Eight people paid the same, four White listed first: a rule that kept input order would put both White people
    # of the first four in quartile 1 and both BME people of the last four in quartile 4.
    labels = np.array(["W"] * 4 + ["B"] * 4, dtype=object)
    q = quartile_of(np.full(8, 10.0), labels, ["W", "B"])
    for quartile in range(1, 5):
        assert sorted(labels[q == quartile]) == ["B", "W"]
    # Ten paid the same, six White and four BME: sizes 2, 3, 2, 3 and by hand W B | W B W | W B | W B W.
    labels = np.array(["W"] * 6 + ["B"] * 4, dtype=object)
    q = quartile_of(np.full(10, 10.0), labels, ["W", "B"])
    assert [int(np.sum((q == k) & (labels == "W"))) for k in range(1, 5)] == [1, 2, 1, 2]
    assert [int(np.sum((q == k) & (labels == "B"))) for k in range(1, 5)] == [1, 1, 1, 1]


def test_ties_only_move_within_their_pay() -> None:
    # Pay 1, 2, 2, 2, 3 (groups W W B W B): ranks by pay then the tie rule (W at 1/4 and 3/4 of the block, B at
    # 1/2): person 1 rank 1, person 2 rank 2, person 3 rank 3. Sizes for n = 5: 1, 1, 1, 2.
    q = quartile_of(np.array([1.0, 2.0, 2.0, 2.0, 3.0]), np.array(list("WWBWB"), dtype=object), ["W", "B"])
    assert q.tolist() == [1, 2, 3, 4, 4]


def test_quartile_shares_with_wilson_intervals() -> None:
    rng = np.random.default_rng(7)
    pay = rng.uniform(10, 40, 103)
    labels = np.where(rng.random(103) < 0.3, "B", "W").astype(object)
    cells = quartile_table(pay, labels, ["W", "B"])
    assert [c.size for c in cells if c.group == "W"] == [25, 26, 26, 26]  # floor(103 k / 4)
    q = quartile_of(pay, labels, ["W", "B"])
    for c in cells:
        count = int(np.sum((q == c.quartile) & (labels == c.group)))
        assert c.count == count
        assert c.share == pytest.approx(count / c.size)
        ci = stats.binomtest(count, c.size).proportion_ci(0.95, method="wilson")
        assert (c.low, c.high) == (pytest.approx(ci.low), pytest.approx(ci.high))
    top = pay[q == 4]
    assert min(top) >= max(pay[q == 3])


# ------------------------------------------------------------------------------------------------ decomposition


def test_decomposition_by_hand() -> None:
    # Reference: band 5 paid 10, 10; band 7 paid 20, 20 → mean 15. Group: band 5 paid 9, 9, 9; band 7 paid 18
    # → mean 11.25. Counterfactual C = 0.75 × 10 + 0.25 × 20 = 12.5.
    ref_pay, ref_band = np.array([10.0, 10.0, 20.0, 20.0]), np.array(["5", "5", "7", "7"], dtype=object)
    grp_pay, grp_band = np.array([9.0, 9.0, 9.0, 18.0]), np.array(["5", "5", "5", "7"], dtype=object)
    d = decompose(ref_pay, ref_band, grp_pay, grp_band)
    assert d.gap == pytest.approx(25.0)
    assert d.band_mix == pytest.approx((15 - 12.5) / 15 * 100)  # 16.67
    assert d.within_band == pytest.approx((12.5 - 11.25) / 15 * 100)  # 8.33
    assert d.band_mix + d.within_band == pytest.approx(d.gap)
    assert d.bands_without_reference == ()


def test_a_band_without_the_reference_group() -> None:
    d = decompose(
        np.array([10.0, 20.0]),
        np.array(["5", "7"], dtype=object),
        np.array([9.0, 30.0]),
        np.array(["5", "9"], dtype=object),
    )
    # C = 0.5 × 10 + 0.5 × 30 (band 9 at the group's own mean) = 20; M_R = 15, M_G = 19.5.
    assert d.counterfactual_mean == pytest.approx(20.0)
    assert d.band_mix == pytest.approx((15 - 20) / 15 * 100)
    assert d.within_band == pytest.approx((20 - 19.5) / 15 * 100)
    assert d.bands_without_reference == ("9",)


def test_same_pay_in_every_band_is_all_band_mix() -> None:
    rows = [("A", "5", 10.0)] * 10 + [("A", "7", 20.0)] * 10 + [("N", "5", 10.0)] * 15 + [("N", "7", 20.0)] * 5
    bme = by_group(pay_gap(snapshot(rows), PayGapOptions(n_resamples=199)), "BME")
    assert bme.mean_gap == pytest.approx((15 - 12.5) / 15 * 100)
    assert bme.band_mix == pytest.approx(bme.mean_gap)
    assert bme.within_band == pytest.approx(0.0, abs=1e-12)
    assert bme.band_mix_low is not None
    assert bme.band_mix_low <= bme.band_mix <= bme.band_mix_high


def test_bootstrap_is_seeded_and_configurable() -> None:
    rng = np.random.default_rng(3)
    rows = [("A", "5", float(x)) for x in rng.lognormal(3, 0.3, 40)] + [
        ("N", "5", float(x)) for x in rng.lognormal(2.9, 0.3, 30)
    ]
    one = by_group(pay_gap(snapshot(rows), PayGapOptions(n_resamples=299, seed=5)), "BME")
    two = by_group(pay_gap(snapshot(rows), PayGapOptions(n_resamples=299, seed=5)), "BME")
    other = by_group(pay_gap(snapshot(rows), PayGapOptions(n_resamples=299, seed=6)), "BME")
    assert (one.mean_gap_low, one.mean_gap_high) == (two.mean_gap_low, two.mean_gap_high)
    assert (one.mean_gap_low, one.mean_gap_high) != (other.mean_gap_low, other.mean_gap_high)
    assert one.mean_gap_low < one.mean_gap < one.mean_gap_high
    assert one.median_gap_low <= one.median_gap <= one.median_gap_high
    assert math.isfinite(one.band_mix_low)
    assert math.isfinite(one.band_mix_high)
