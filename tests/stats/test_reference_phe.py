"""Wilson intervals against the PHEindicatormethods reference data (tests/reference/phe/README.md).

The expected values are loaded from the reference CSVs (never copied by hand) and compared element-wise with
the README's suggested tolerance for the xlsx-derived files: ``rtol=1e-12``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wres.stats import LEVELS, proportion_reason, wilson_interval

from ._helpers import reference_dir

PHE = reference_dir()
RTOL = 1e-12  # README: xlsx sheets / their CSVs, full double precision


def test_reference_data_is_present() -> None:
    """The reference data is part of the repository (tests/reference); its absence is a failure, not a skip."""
    assert PHE.is_dir(), f"PHE reference data not found at {PHE}"


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(PHE / name, encoding="utf-8-sig")


def test_proportion_sheet_multiplier_1_both_levels() -> None:
    prop = load("testdata_Proportion__testdata_Prop.csv")
    rows = prop.iloc[0:8]  # data rows 1–8: multiplier 1
    assert (rows["multiplier"] == 1).all()
    x, n = rows["Numerator"].to_numpy(), rows["Denominator"].to_numpy()
    np.testing.assert_allclose(x / n, rows["value"], rtol=RTOL)
    for level, lo_col, hi_col in zip(
        LEVELS, ("lower95_0cl", "lower99_8cl"), ("upper95_0cl", "upper99_8cl"), strict=True
    ):
        low, high = wilson_interval(x, n, level)
        np.testing.assert_allclose(low, rows[lo_col], rtol=RTOL)
        np.testing.assert_allclose(high, rows[hi_col], rtol=RTOL)


def test_proportion_sheet_percentages() -> None:
    prop = load("testdata_Proportion__testdata_Prop.csv")
    rows = prop.iloc[8:16]  # data rows 9–16: the same inputs, multiplier 100
    assert (rows["multiplier"] == 100).all()
    assert (rows["statistic"] == "percentage").all()
    x, n = rows["Numerator"].to_numpy(), rows["Denominator"].to_numpy()
    for level, lo_col, hi_col in zip(
        LEVELS, ("lower95_0cl", "lower99_8cl"), ("upper95_0cl", "upper99_8cl"), strict=True
    ):
        low, high = wilson_interval(x, n, level)
        np.testing.assert_allclose(100 * low, rows[lo_col], rtol=RTOL)
        np.testing.assert_allclose(100 * high, rows[hi_col], rtol=RTOL)


def test_proportion_sheet_missing_inputs_give_nan_with_reason() -> None:
    prop = load("testdata_Proportion__testdata_Prop.csv")
    rows = prop.iloc[16:19]  # data rows 17–19: NA numerator and/or denominator → all outputs NA
    assert rows[["value", "lower95_0cl", "upper95_0cl"]].isna().all().all()
    low, high = wilson_interval(rows["Numerator"], rows["Denominator"])
    assert np.isnan(low).all()
    assert np.isnan(high).all()
    assert list(proportion_reason(rows["Numerator"], rows["Denominator"])) == ["missing_input"] * 3


def test_proportion_grouped_sheet() -> None:
    prop = load("testdata_Proportion__testdata_Prop.csv")
    grouped = load("testdata_Proportion__testdata_Prop_g.csv")
    # The grouped sheet sums the two rows (multiplier 1 and 100) of each Area1–Area8.
    sums = prop.iloc[0:16].groupby("Area")[["Numerator", "Denominator"]].sum()
    rows = grouped.iloc[0:8]
    np.testing.assert_array_equal(sums.loc[rows["Area"], "Numerator"], rows["Numerator"])
    np.testing.assert_array_equal(sums.loc[rows["Area"], "Denominator"], rows["Denominator"])
    assert (rows["confidence"] == "95%").all()
    low, high = wilson_interval(rows["Numerator"], rows["Denominator"], 0.95)
    np.testing.assert_allclose(low, rows["lowercl"], rtol=RTOL)
    np.testing.assert_allclose(high, rows["uppercl"], rtol=RTOL)
    na_rows = grouped.iloc[8:11]
    assert np.isnan(wilson_interval(na_rows["Numerator"], na_rows["Denominator"]).low).all()


def test_byars_wilson_sheet_wilson_rows() -> None:
    bw = load("testdata_Byars_Wilson__testdata_B_W.csv")
    rows = bw[bw["method"] == "Wilson"]
    assert len(rows) == 6  # data rows 7–12, including the fractional x = 0.445 of n = 1
    levels = rows["confidence"].map({"95%": 0.95, "99.8%": 0.998})
    assert levels.notna().all()
    for level in LEVELS:
        subset = rows[levels == level]
        assert len(subset) == 3
        low, high = wilson_interval(subset["x"], subset["n"], level)
        np.testing.assert_allclose(low, subset["lowercl"], rtol=RTOL)
        np.testing.assert_allclose(high, subset["uppercl"], rtol=RTOL)
