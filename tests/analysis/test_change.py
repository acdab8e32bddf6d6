"""Year-on-year change (methods.md §5, wres-domain.md §6.5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep
from tests.analysis.returns import results_from, return_counts, row_of

from wres.analysis.change import (
    BETTER,
    CHANGE_COLUMNS,
    CROSSED_PARITY,
    DECREASED,
    INCREASED,
    LABELS,
    NO_CHANGE,
    NO_SIGNIFICANT_CHANGE,
    NOT_CALCULATED,
    REASONS,
    WORSE,
    better_when,
    comparison_year,
    crosses_series_break,
    difference_reading,
    gap_change,
    p_from_interval,
    parity_reading,
    ratio_change,
    share_change,
    year_on_year,
)
from wres.stats import katz_log_ratio, wilson_interval

# ----------------------------------------------------------------------------------------------------
# ratio_change (§5.1)


def test_ratio_change_reproduces_the_methods_example() -> None:
    before = katz_log_ratio(330, 1450, 120, 900)
    now = katz_log_ratio(375, 1500, 160, 1000)
    assert float(np.exp(before.log_ratio)) == pytest.approx(1.707, abs=5e-4)
    assert float(before.log_se) == pytest.approx(0.0978, abs=5e-5)
    assert float(now.log_se) == pytest.approx(0.0851, abs=5e-5)
    rc = ratio_change(now.log_ratio, now.log_se, before.log_ratio, before.log_se)
    assert float(rc.ratio_of_ratios) == pytest.approx(0.915, abs=5e-4)
    assert float(rc.low) == pytest.approx(0.710, abs=5e-4)
    assert float(rc.high) == pytest.approx(1.180, abs=5e-4)
    assert float(rc.z) == pytest.approx(-0.68, abs=5e-3)
    assert float(rc.p_value) == pytest.approx(0.50, abs=5e-3)


def test_ratio_change_formula_and_level() -> None:
    rc = ratio_change(0.3, 0.1, 0.0, 0.2, level=0.998)
    se = np.hypot(0.1, 0.2)
    z998 = stats.norm.isf(0.001)
    assert float(rc.ratio_of_ratios) == pytest.approx(np.exp(0.3))
    assert float(rc.low) == pytest.approx(np.exp(0.3 - z998 * se))
    assert float(rc.high) == pytest.approx(np.exp(0.3 + z998 * se))
    assert float(rc.p_value) == pytest.approx(2 * stats.norm.sf(0.3 / se))


@pytest.mark.parametrize(
    ("lr", "se", "plr", "pse"),
    [(np.nan, 0.1, 0.2, 0.1), (0.1, np.nan, 0.2, 0.1), (0.1, 0.0, 0.2, 0.0), (np.inf, 0.1, 0.2, 0.1)],
)
def test_ratio_change_not_computable_gives_nan(lr: float, se: float, plr: float, pse: float) -> None:
    rc = ratio_change(lr, se, plr, pse)
    assert all(np.isnan(float(v)) for v in rc)


log_ratios = st.floats(-3, 3, allow_nan=False)
ses = st.floats(0.01, 2, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(log_ratios, ses, log_ratios, ses), min_size=1, max_size=8))
def test_ratio_change_is_vectorised_and_antisymmetric(rows: list[tuple[float, float, float, float]]) -> None:
    lr, se, plr, pse = (np.array(col) for col in zip(*rows, strict=True))
    rc = ratio_change(lr, se, plr, pse)
    back = ratio_change(plr, pse, lr, se)
    for i, row in enumerate(rows):
        one = ratio_change(*row)
        assert float(one.ratio_of_ratios) == pytest.approx(rc.ratio_of_ratios[i])
        assert float(one.p_value) == pytest.approx(rc.p_value[i])
    np.testing.assert_allclose(rc.ratio_of_ratios * back.ratio_of_ratios, 1.0, rtol=1e-9)
    np.testing.assert_allclose(rc.low * back.high, 1.0, rtol=1e-9)
    np.testing.assert_allclose(rc.z, -back.z, atol=1e-12)
    np.testing.assert_allclose(rc.p_value, back.p_value, rtol=1e-9)
    assert np.all((rc.low <= rc.ratio_of_ratios) & (rc.ratio_of_ratios <= rc.high))
    significant = (rc.low > 1) | (rc.high < 1)
    np.testing.assert_array_equal(significant, rc.p_value < 0.05)


# ----------------------------------------------------------------------------------------------------
# gap_change (§5.2), share_change (§5.3), p_from_interval


def test_gap_change_square_and_add() -> None:
    dc = gap_change(5.0, 0.48, 9.88, 2.0, -1.0, 6.0)
    assert float(dc.change) == pytest.approx(3.0)
    assert float(dc.low) == pytest.approx(3.0 - np.hypot(5.0 - 0.48, 6.0 - 2.0))
    assert float(dc.high) == pytest.approx(3.0 + np.hypot(9.88 - 5.0, 2.0 - (-1.0)))
    assert all(np.isnan(float(v)) for v in gap_change(np.nan, 0, 1, 0, -1, 1))


counts = st.integers(1, 3000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@settings(max_examples=60, deadline=None)
@given(counts, counts)
def test_share_change_is_newcombe_and_equals_square_and_add_on_wilson_limits(
    now: tuple[int, int], before: tuple[int, int]
) -> None:
    (x, n), (px, pn) = now, before
    dc = share_change(x, n, px, pn)
    low, high = confint_proportions_2indep(x, n, px, pn, compare="diff", method="newcomb", alpha=0.05)
    assert float(dc.change) == pytest.approx(x / n - px / pn, abs=1e-12)
    assert float(dc.low) == pytest.approx(max(low, -1.0), abs=1e-9)
    assert float(dc.high) == pytest.approx(min(high, 1.0), abs=1e-9)
    w, pw = wilson_interval(x, n), wilson_interval(px, pn)
    via_limits = gap_change(x / n, w.low, w.high, px / pn, pw.low, pw.high)
    assert float(via_limits.low) == pytest.approx(float(dc.low), abs=1e-9)
    assert float(via_limits.high) == pytest.approx(float(dc.high), abs=1e-9)


def test_share_change_without_people_is_nan() -> None:
    dc = share_change([3, 1], [0, 10], [2, 1], [10, 10])
    assert np.isnan(dc.change[0])
    assert np.isnan(dc.low[0])
    assert dc.change[1] == pytest.approx(0.0)


def test_p_from_interval_symmetric_case_is_the_wald_p() -> None:
    se = 2.0
    z = stats.norm.isf(0.025)
    p = p_from_interval(3.0, 3.0 - z * se, 3.0 + z * se)
    assert float(p) == pytest.approx(2 * stats.norm.sf(1.5))


@settings(max_examples=100, deadline=None)
@given(st.floats(-50, 50), st.floats(0.01, 30), st.floats(0.01, 30))
def test_p_from_interval_agrees_with_the_interval(estimate: float, down: float, up: float) -> None:
    low, high = estimate - down, estimate + up
    p = float(p_from_interval(estimate, low, high))
    excludes = low > 0 or high < 0
    if abs(abs(estimate) - (down if estimate >= 0 else up)) > 1e-9:  # not exactly on the boundary
        assert (p < 0.05) == excludes


def test_p_from_interval_missing_or_degenerate() -> None:
    assert np.isnan(float(p_from_interval(np.nan, 0, 1)))
    assert np.isnan(float(p_from_interval(1.0, 1.0, 1.0)))


# ----------------------------------------------------------------------------------------------------
# Readings and rules


@pytest.mark.parametrize(
    ("now", "before", "significant", "label"),
    [
        (1.2, 1.6, True, BETTER),  # above parity, towards 1
        (1.9, 1.6, True, WORSE),  # above parity, away from 1
        (0.9, 0.6, True, BETTER),  # below parity, towards 1
        (0.5, 0.7, True, WORSE),
        (0.7, 1.5, True, CROSSED_PARITY),
        (1.4, 0.8, True, CROSSED_PARITY),
        (1.0, 1.5, True, BETTER),  # reaching parity exactly is not crossing it
        (1.2, 1.6, False, NO_SIGNIFICANT_CHANGE),
        (np.nan, 1.6, True, NOT_CALCULATED),
    ],
)
def test_parity_reading(now: float, before: float, significant: bool, label: str) -> None:
    assert parity_reading(np.log(now), np.log(before), significant) == label


def test_parity_reading_vectorised() -> None:
    out = parity_reading(np.log([1.2, 0.7]), np.log([1.6, 1.5]), [True, True])
    assert list(out) == [BETTER, CROSSED_PARITY]


@pytest.mark.parametrize(
    ("change", "significant", "better", "label"),
    [
        (-3.0, True, "lower", BETTER),
        (3.0, True, "lower", WORSE),
        (3.0, True, "higher", BETTER),
        (-3.0, True, "higher", WORSE),
        (3.0, True, None, INCREASED),
        (-3.0, True, None, DECREASED),
        (3.0, False, "lower", NO_SIGNIFICANT_CHANGE),
        (np.nan, True, "lower", NOT_CALCULATED),
    ],
)
def test_difference_reading(change: float, significant: bool, better: str | None, label: str) -> None:
    assert difference_reading(change, significant, better) == label
    assert difference_reading([change], [significant], [better])[0] == label


@pytest.mark.parametrize(
    ("indicator", "group", "breakdown", "stratum", "expected"),
    [
        ("2", "White", "overall", "all", "parity"),
        ("3", "Black", "band", "5", "parity"),
        ("4", "White", "overall", "all", "parity"),
        ("5", "BME", "overall", "all", "lower"),
        ("7", "White", "overall", "all", "lower"),
        ("1", "BME", "band", "8a", "higher"),
        ("1", "BME", "band", "VSM", "higher"),
        ("1", "Asian", "cluster", "8c-VSM", "higher"),
        ("1", "BME", "band", "MD_CONS", "higher"),
        ("1", "BME", "band", "5", None),
        ("1", "BME", "overall", "all", None),
        ("1", "White", "band", "8a", None),
        ("1", "Unknown", "band", "9", None),
        ("9", "BME", "overall", "all", "higher"),
        ("9", "White", "overall", "all", None),
    ],
)
def test_better_when(indicator: str, group: str, breakdown: str, stratum: str, expected: str | None) -> None:
    assert better_when(indicator, group, breakdown, stratum) == expected


def test_comparison_year_uses_non_overlapping_windows_for_rolling_indicator_3() -> None:
    assert comparison_year("3", "rolling", 2025, 2024) == 2023
    assert comparison_year("3", "rolling", 2025, 2022) == 2022
    assert comparison_year("3", "single_year", 2025, 2024) == 2024
    assert comparison_year("2", "all", 2025, 2024) == 2024


@pytest.mark.parametrize(
    ("indicator", "year", "previous", "expected"),
    [("7", 2022, 2021, True), ("7", 2024, 2019, True), ("7", 2023, 2022, False), ("7", 2021, 2020, False)],
)
def test_series_break(indicator: str, year: int, previous: int, expected: bool) -> None:
    assert crosses_series_break(indicator, year, previous) is expected
    assert crosses_series_break("6", year, previous) is False


# ----------------------------------------------------------------------------------------------------
# year_on_year on result rows


def _two_years(**now_before: tuple[object, object]) -> pd.DataFrame:
    now = {k: v[0] for k, v in now_before.items()}
    before = {k: v[1] for k, v in now_before.items()}
    return results_from(return_counts(2025, **now), return_counts(2024, **before))  # type: ignore[arg-type]


def _change_row(changes: pd.DataFrame, indicator: str, **match: object) -> pd.Series:
    return row_of(changes, 2025, indicator, **match)


def test_year_on_year_methods_example() -> None:
    res = _two_years(i2=({"White": (1500, 375), "BME": (1000, 160)}, {"White": (1450, 330), "BME": (900, 120)}))
    ch = year_on_year(res, 2025)
    assert list(ch.columns) == CHANGE_COLUMNS
    row = _change_row(ch, "2")
    assert row["previous_year"] == 2024
    assert row["previous_estimate"] == pytest.approx((330 / 1450) / (120 / 900))
    assert row["change"] == pytest.approx(0.915, abs=5e-4)
    assert (row["change_ci95_low"], row["change_ci95_high"]) == pytest.approx((0.710, 1.180), abs=5e-4)
    assert row["p_value"] == pytest.approx(0.50, abs=5e-3)
    assert row["label"] == NO_SIGNIFICANT_CHANGE
    assert row["tested"]
    assert not row["significant"]
    assert row["change_type"] == "ratio_of_ratios"
    assert row["better_when"] == "parity"
    assert row["reason"] is None


@pytest.mark.parametrize(
    ("now", "before", "label"),
    [
        ({"White": (2000, 600), "BME": (2000, 500)}, {"White": (2000, 800), "BME": (2000, 400)}, BETTER),
        ({"White": (2000, 800), "BME": (2000, 400)}, {"White": (2000, 600), "BME": (2000, 500)}, WORSE),
        ({"White": (2000, 400), "BME": (2000, 600)}, {"White": (2000, 600), "BME": (2000, 400)}, CROSSED_PARITY),
    ],
)
def test_year_on_year_ratio_readings(
    now: dict[str, tuple[int, int]], before: dict[str, tuple[int, int]], label: str
) -> None:
    ch = year_on_year(_two_years(i2=(now, before)), 2025)
    row = _change_row(ch, "2")
    assert row["label"] == label
    assert row["significant"]
    assert row["p_value"] < 0.05


def test_indicator3_rolling_compares_non_overlapping_windows() -> None:
    def year(y: int, x: int, x_prev: int) -> pd.DataFrame:
        return return_counts(y, i3={"White": (22, 20, 3000), "BME": (x, x_prev, 800)})

    res = results_from(year(2025, 10, 6), year(2024, 6, 4), year(2023, 4, 8))
    ch = year_on_year(res, 2025)
    rolling = _change_row(ch, "3", variant="rolling")
    single = _change_row(ch, "3", variant="single_year")
    assert rolling["previous_year"] == 2023
    assert single["previous_year"] == 2024
    assert rolling["previous_estimate"] == pytest.approx(row_of(res, 2023, "3", variant="rolling")["estimate"])
    lr = katz_log_ratio(16, 1600, 42, 6000)
    plr = katz_log_ratio(12, 1600, 42, 6000)
    expected = ratio_change(lr.log_ratio, lr.log_se, plr.log_ratio, plr.log_se)
    assert rolling["change"] == pytest.approx(float(expected.ratio_of_ratios))
    assert rolling["p_value"] == pytest.approx(float(expected.p_value))
    # without the window two years back, the rolling change is not calculated (never the overlapping one)
    ch2 = year_on_year(results_from(year(2025, 10, 6), year(2024, 6, 4)), 2025)
    row = _change_row(ch2, "3", variant="rolling")
    assert row["label"] == NOT_CALCULATED
    assert row["reason"] == "no_comparison_row"


def test_indicator7_is_not_compared_across_the_2021_survey_break() -> None:
    survey = {ind: {"White": (2000, 1188), "BME": (400, 195)} for ind in ("6", "7")}
    res = results_from(return_counts(2022, survey=survey), return_counts(2021, survey=survey))
    ch = year_on_year(res, 2022)
    seven = row_of(ch, 2022, "7", variant="microdata")
    six = row_of(ch, 2022, "6", variant="microdata")
    assert seven["label"] == NOT_CALCULATED
    assert seven["reason"] == "series_break"
    assert np.isnan(seven["change"])
    assert six["label"] == NO_SIGNIFICANT_CHANGE
    assert six["change"] == pytest.approx(0.0)
    later = year_on_year(results_from(return_counts(2023, survey=survey), return_counts(2022, survey=survey)), 2023)
    assert row_of(later, 2023, "7", variant="microdata")["reason"] is None


def test_survey_gap_change_uses_square_and_add_and_lower_is_better() -> None:
    now = {"8": {"White": (2000, 120), "BME": (400, 30)}}  # gap 1.5 points
    before = {"8": {"White": (2000, 120), "BME": (400, 52)}}  # gap 7.0 points
    res = results_from(return_counts(2025, survey=now), return_counts(2024, survey=before, survey_variant="published"))
    ch = year_on_year(res, 2025)
    row = row_of(ch, 2025, "8", variant="microdata")
    r_now, r_before = row_of(res, 2025, "8"), row_of(res, 2024, "8")
    expected = gap_change(
        r_now["estimate"], r_now["ci95_low"], r_now["ci95_high"],
        r_before["estimate"], r_before["ci95_low"], r_before["ci95_high"],
    )  # fmt: skip
    assert row["change"] == pytest.approx(-5.5)
    assert (row["change_ci95_low"], row["change_ci95_high"]) == pytest.approx(
        (float(expected.low), float(expected.high))
    )
    assert row["label"] == BETTER
    assert row["better_when"] == "lower"
    assert row["p_value"] < 0.05
    assert row["z"] < 0
    assert row["method"] == "newcombe-square-and-add"


def test_indicator1_share_change() -> None:
    strata_now = {("band", "8a"): {"White": (70,), "BME": (30,), "Unknown": (0,)}}
    strata_before = {("band", "8a"): {"White": (90,), "BME": (10,), "Unknown": (0,)}}
    overall = {"White": (5600,), "BME": (2240,), "Unknown": (160,)}
    res = results_from(
        return_counts(2025, i1=overall, i1_strata=strata_now), return_counts(2024, i1=overall, i1_strata=strata_before)
    )
    ch = year_on_year(res, 2025)
    senior = row_of(ch, 2025, "1", breakdown="band", stratum="8a", group_a="BME")
    low, high = confint_proportions_2indep(30, 100, 10, 100, compare="diff", method="newcomb", alpha=0.05)
    assert senior["change"] == pytest.approx(20.0)
    assert (senior["change_ci95_low"], senior["change_ci95_high"]) == pytest.approx((100 * low, 100 * high))
    assert senior["label"] == BETTER
    assert senior["better_when"] == "higher"
    white = row_of(ch, 2025, "1", breakdown="band", stratum="8a", group_a="White")
    assert white["label"] == DECREASED
    assert white["better_when"] is None
    whole = row_of(ch, 2025, "1", group_a="BME")
    assert whole["label"] == NO_SIGNIFICANT_CHANGE
    assert whole["change"] == pytest.approx(0.0)


def test_indicator9_is_descriptive() -> None:
    now = {"voting": {"White": (10, 5600), "BME": (4, 2240)}, "executive": {"White": (5, 5600), "BME": (1, 2240)}}
    before = {"voting": {"White": (11, 5600), "BME": (3, 2240)}, "executive": {"White": (5, 5600), "BME": (1, 2240)}}
    ch = year_on_year(_two_years(i9=(now, before)), 2025)
    voting = row_of(ch, 2025, "9", variant="voting", group_a="BME")
    assert voting["change"] == pytest.approx(100 * (4 / 14 - 3 / 14))
    assert voting["label"] == BETTER
    assert not voting["tested"]
    assert not voting["significant"]
    assert np.isnan(voting["p_value"])
    assert np.isnan(voting["change_ci95_low"])
    assert row_of(ch, 2025, "9", variant="executive", group_a="BME")["label"] == NO_CHANGE
    assert row_of(ch, 2025, "9", variant="voting", group_a="White")["label"] == DECREASED


def test_not_calculated_reasons() -> None:
    i2_now = {"White": (1500, 375), "BME": (1000, 0)}  # comparator_rate_zero this year
    i2_before = {"White": (1500, 375), "BME": (1000, 160)}
    i4_now = {"White": (300, 3000), "BME": (250, 800)}
    i4_before = {"White": (0, 3000), "BME": (0, 800)}  # no_events last year
    res = _two_years(i2=(i2_now, i2_before), i4=(i4_now, i4_before))
    ch = year_on_year(res, 2025)
    assert _change_row(ch, "2")["reason"] == "not_computed_this_year"
    assert _change_row(ch, "4")["reason"] == "not_computed_previous_year"
    assert _change_row(ch, "5", variant="all")["reason"] == "not_computed_this_year"  # missing_input row
    only_now = year_on_year(results_from(return_counts(2025, i4=i4_now)), 2025)
    assert _change_row(only_now, "4")["reason"] == "no_comparison_row"
    for frame in (ch, only_now):
        nc = frame["label"] == NOT_CALCULATED
        assert frame.loc[nc, "reason"].isin(list(REASONS)).all()
        assert frame.loc[~nc, "reason"].isna().all()


def test_suppressed_and_blanked_inputs() -> None:
    res = _two_years(
        i2=({"White": (1500, 375), "BME": (1000, 160)}, {"White": (1450, 330), "BME": (900, 120)}),
        i4=({"White": (1200, 3000), "BME": (250, 800)}, {"White": (1100, 3000), "BME": (240, 800)}),
    )
    public = res.astype(object)
    last_i2 = (public["year"] == 2024) & (public["indicator"] == "2")
    for col in ("a", "n1", "c", "n2", "estimate", "ci95_low", "ci95_high", "log_se"):
        public.loc[last_i2, col] = None
    public.loc[last_i2, ["status", "reason"]] = ["not_computed", "suppressed"]
    last_i4 = (public["year"] == 2024) & (public["indicator"] == "4")
    public.loc[last_i4, ["a", "n1", "c", "n2"]] = None  # counts blanked, estimate and log SE kept
    ch = year_on_year(public, 2025)
    assert _change_row(ch, "2")["reason"] == "suppressed"
    full = year_on_year(res, 2025)
    assert _change_row(ch, "4")["change"] == pytest.approx(_change_row(full, "4")["change"])
    # an estimate blanked without a reason (status kept) is suppressed too
    public.loc[(public["year"] == 2025) & (public["indicator"] == "4"), "estimate"] = None
    assert _change_row(year_on_year(public, 2025), "4")["reason"] == "suppressed"


def test_year_on_year_validation_and_shape() -> None:
    res = _two_years(i2=({"White": (1500, 375), "BME": (1000, 160)}, {"White": (1450, 330), "BME": (900, 120)}))
    with pytest.raises(ValueError, match="before"):
        year_on_year(res, 2025, 2025)
    with pytest.raises(ValueError, match="share their identifying columns"):
        year_on_year(pd.concat([res, res[res["year"] == 2025]]), 2025)
    with pytest.raises(ValueError, match="lack column"):
        year_on_year(res.drop(columns="group_a"), 2025)
    empty = year_on_year(res, 2030)
    assert empty.empty
    assert list(empty.columns) == CHANGE_COLUMNS
    ch = year_on_year(res, 2025)
    assert list(ch.index) == list(res.index[res["year"] == 2025])
    far = year_on_year(res, 2025, previous=2020)
    assert _change_row(far, "2")["reason"] == "no_comparison_row"
    assert _change_row(far, "2")["previous_year"] == 2020


def test_synthetic_trust_every_row(synthetic_results: pd.DataFrame) -> None:
    for year in (2025, 2026):
        ch = year_on_year(synthetic_results, year)
        now = synthetic_results[synthetic_results["year"] == year]
        assert len(ch) == len(now)
        assert ch["label"].isin(LABELS).all()
        numeric = ch[["change", "change_ci95_low", "change_ci95_high", "z", "p_value"]].to_numpy(dtype=float)
        assert not np.isinf(numeric).any()
        nc = ch["label"] == NOT_CALCULATED
        assert ch.loc[nc, "reason"].isin(list(REASONS)).all()
        assert ch.loc[~nc, "reason"].isna().all()
        assert ch.loc[nc, "change"].isna().all()
        tested = ch[ch["tested"]]
        assert ((tested["p_value"] >= 0) & (tested["p_value"] <= 1)).all()
        inside = (tested["change_ci95_low"] <= tested["change"] + 1e-9) & (
            tested["change"] <= tested["change_ci95_high"] + 1e-9
        )
        assert inside.all()
        headline = ch[ch["headline"]]
        assert set(headline["indicator"]) == {str(i) for i in range(1, 10)}
        rolling = ch[(ch["indicator"] == "3") & (ch["variant"] == "rolling")]
        assert (rolling["previous_year"] == year - 2).all()
