"""Multi-year trend (methods.md §6)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from tests.analysis.returns import results_from, return_counts, row_of

from wres.analysis.change import (
    BETTER,
    CROSSED_PARITY,
    LABELS,
    NO_CHANGE,
    NO_SIGNIFICANT_CHANGE,
    NOT_CALCULATED,
    WORSE,
)
from wres.analysis.trend import TREND_COLUMNS, binomial_trend, trend, wls_trend
from wres.stats import katz_log_ratio

YEARS = np.array([2021.0, 2022.0, 2023.0, 2024.0])


def test_wls_trend_with_known_variances() -> None:
    y = np.array([0.50, 0.46, 0.40, 0.33])
    v = np.array([0.01, 0.012, 0.009, 0.011])
    fit = wls_trend(YEARS, y, v)
    w = 1 / v
    tw = np.sum(w * YEARS) / w.sum()
    slope = np.sum(w * (YEARS - tw) * y) / np.sum(w * (YEARS - tw) ** 2)
    se = np.sqrt(1 / np.sum(w * (YEARS - tw) ** 2))
    assert fit.scale == 1.0  # residual scale below 1: variances taken as known
    assert fit.slope == pytest.approx(slope)
    z = stats.norm.isf(0.025)
    assert (fit.low, fit.high) == pytest.approx((slope - z * se, slope + z * se))
    assert fit.p_value == pytest.approx(2 * stats.norm.sf(abs(slope / se)))


def test_wls_trend_overdispersed_keeps_the_ordinary_fit() -> None:
    y = np.array([0.5, 0.1, 0.6, 0.0])
    v = np.full(4, 0.001)
    fit = wls_trend(YEARS, y, v)
    ordinary = sm.WLS(y, sm.add_constant(YEARS), weights=1 / v).fit()
    assert fit.scale == pytest.approx(ordinary.scale)
    assert fit.scale > 1
    assert fit.slope == pytest.approx(ordinary.params[1])
    assert (fit.low, fit.high) == pytest.approx(tuple(ordinary.conf_int(0.05)[1]))


@pytest.mark.parametrize(
    ("years", "y", "v"),
    [
        (YEARS[:2], [0.1, 0.2], [0.01, 0.01]),
        (YEARS, [0.1, 0.2, 0.3, 0.4], [0.01, 0.0, 0.01, 0.01]),
        (YEARS, [0.1, np.nan, 0.3, 0.4], [0.01, 0.01, 0.01, 0.01]),
    ],
)
def test_wls_trend_not_computable(years: np.ndarray, y: list[float], v: list[float]) -> None:
    assert np.isnan(wls_trend(years, y, v).slope)


def test_binomial_trend_matches_statsmodels_with_scale_floor() -> None:
    x, n = np.array([5, 8, 10, 14]), np.array([60, 62, 61, 65])
    fit = binomial_trend(YEARS, x, n)
    glm = sm.GLM(np.column_stack([x, n - x]), sm.add_constant(YEARS - YEARS.mean()), family=sm.families.Binomial())
    assert glm.fit(scale="X2").scale < 1  # underdispersed: the interval uses scale 1
    ref = glm.fit(scale=1.0)
    assert fit.scale == 1.0
    assert fit.slope == pytest.approx(ref.params[1])
    assert (fit.low, fit.high) == pytest.approx(tuple(ref.conf_int(0.05)[1]))
    x2, n2 = np.array([5.0, 30, 4, 40]), np.array([100.0, 120, 90, 100])
    over = binomial_trend(YEARS, x2, n2)
    glm2 = sm.GLM(np.column_stack([x2, n2 - x2]), sm.add_constant(YEARS - YEARS.mean()), family=sm.families.Binomial())
    mu = glm2.fit().fittedvalues
    phi = np.sum((x2 - n2 * mu) ** 2 / (n2 * mu * (1 - mu))) / 2
    assert over.scale == pytest.approx(phi)
    same = sm.GLM(x2 / n2, sm.add_constant(YEARS - YEARS.mean()), family=sm.families.Binomial(), var_weights=n2)
    ref2 = same.fit(scale="X2")
    assert ref2.scale == pytest.approx(phi)
    assert (over.low, over.high) == pytest.approx(tuple(ref2.conf_int(0.05)[1]))


@pytest.mark.parametrize(
    ("x", "n"),
    [
        ([0, 0, 0, 0], [10, 10, 10, 10]),
        ([0, 0, 5, 5], [5, 5, 5, 5]),
        ([1, 2], [10, 10]),
        ([1, 2, 3, 4], [10, 0, 10, 10]),
    ],
)
def test_binomial_trend_not_computable(x: list[int], n: list[int]) -> None:
    assert np.isnan(binomial_trend(YEARS[: len(x)], x, n).slope)


def _i2(white_rate: float, bme_rate: float) -> dict[str, tuple[int, int]]:
    return {"White": (4000, round(4000 * white_rate)), "BME": (4000, round(4000 * bme_rate))}


def test_trend_ratio_towards_parity_is_better() -> None:
    rates = {2021: (0.40, 0.20), 2022: (0.38, 0.24), 2023: (0.36, 0.28), 2024: (0.34, 0.30)}
    res = results_from(*(return_counts(y, i2=_i2(*r)) for y, r in rates.items()))
    table = trend(res)
    assert list(table.columns) == TREND_COLUMNS
    row = row_of(table.assign(year=2024, headline=True), 2024, "2")
    assert row["label"] == BETTER
    assert row["n_points"] == 4
    assert row["short_series"]
    assert row["model"] == "wls-log-ratio"
    assert row["annual_pct_change"] == pytest.approx(100 * np.expm1(row["slope"]))
    katz = katz_log_ratio(*zip(*[(r[0] * 4000, 4000, r[1] * 4000, 4000) for r in rates.values()], strict=True))
    expected = wls_trend(list(rates), katz.log_ratio, np.square(katz.log_se))
    assert row["slope"] == pytest.approx(expected.slope)


def test_trend_ratio_readings_away_and_across_parity() -> None:
    away = {2021: (0.30, 0.28), 2022: (0.33, 0.26), 2023: (0.36, 0.24), 2024: (0.40, 0.20)}
    across = {2021: (0.40, 0.20), 2022: (0.33, 0.27), 2023: (0.27, 0.33), 2024: (0.20, 0.40)}
    for rates, label in ((away, WORSE), (across, CROSSED_PARITY)):
        res = results_from(*(return_counts(y, i2=_i2(*r)) for y, r in rates.items()))
        assert trend(res).query("indicator == '2'")["label"].iloc[0] == label


def test_trend_rules_for_indicators_3_7_and_9() -> None:
    tables = []
    for i, year in enumerate(range(2020, 2025)):
        survey = {"7": {"White": (2000, 1200), "BME": (400, 280 - 40 * i)}}  # gap widens every year
        i3 = {"White": (20, 20, 3000), "BME": (8, 8, 800)}
        board = {"voting": {"White": (10, 5000), "BME": (2 + i, 2000)}}
        tables.append(return_counts(year, survey=survey, i3=i3, i9=board))
    table = trend(results_from(*tables)).set_index(["indicator", "variant", "group_a"])
    seven = table.loc[("7", "microdata", "White")]
    assert seven["first_year"] == 2022  # after the 2021 survey series break
    assert seven["n_points"] == 3
    assert seven["label"] == WORSE
    assert table.loc[("3", "rolling", "BME")]["reason"] == "rolling_form"
    assert table.loc[("3", "single_year", "BME")]["label"] == NO_SIGNIFICANT_CHANGE
    board = table.loc[("9", "voting", "BME")]
    assert board["model"] == "ols-descriptive"
    assert board["label"] == BETTER
    assert not board["tested"]
    assert np.isnan(board["slope_ci95_low"])


def test_trend_too_few_points_and_flat_board() -> None:
    board = {"voting": {"White": (10, 5000), "BME": (3, 2000)}}
    res = results_from(*(return_counts(y, i2=_i2(0.3, 0.2), i9=board) for y in (2023, 2024)))
    table = trend(res)
    two = table.query("indicator == '2'").iloc[0]
    assert two["label"] == NOT_CALCULATED
    assert two["reason"] == "too_few_points"
    flat = trend(results_from(*(return_counts(y, i9=board) for y in (2022, 2023, 2024))))
    assert flat.query("indicator == '9' and variant == 'voting' and group_a == 'BME'")["label"].iloc[0] == NO_CHANGE
    assert trend(res, years=[2030]).empty


def test_trend_on_a_synthetic_trust(synthetic_results: pd.DataFrame) -> None:
    table = trend(synthetic_results)
    assert table["label"].isin(LABELS).all()
    nc = table["label"] == NOT_CALCULATED
    assert table.loc[nc, "reason"].isin(["too_few_points", "rolling_form", "not_estimable"]).all()
    assert table.loc[~nc, "reason"].isna().all()
    numeric = table[["slope", "slope_ci95_low", "slope_ci95_high", "p_value"]].to_numpy(dtype=float)
    assert not np.isinf(numeric).any()
    tested = table[table["tested"]]
    assert ((tested["slope_ci95_low"] <= tested["slope"]) & (tested["slope"] <= tested["slope_ci95_high"])).all()
    headline = table[(table["breakdown"] == "overall") & (table["category"] == "all") & (table["grouping"] == "wres")]
    assert {"1", "2", "4", "5", "6", "7", "8"} <= set(headline.loc[headline["tested"], "indicator"])
