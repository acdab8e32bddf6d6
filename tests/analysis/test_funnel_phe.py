"""PHEindicatormethods' funnel test data (tests/reference/phe/testdata_funnel_prop_* and testdata_funnel_ratio_*,
PHEindicatormethods 2.1.0) reproduced by wres.analysis.funnel.phe (methods.md §9.4), loaded from the files, within
the element-wise tolerances the README beside them states."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wres.analysis.funnel.phe import (
    axis_grid,
    proportion_funnel_limits,
    proportion_significance,
    ratio_funnel_limits,
    ratio_significance,
)

PHE = Path(__file__).resolve().parents[1] / "reference" / "phe"
PROP_COLUMNS = ["population", "lower_2s", "upper_2s", "lower_3s", "upper_3s", "baseline"]


def read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(PHE / name, encoding="utf-8-sig")
    return frame.rename(columns={"Observed_events\n": "Observed_events"})


PROP_INPUTS = read("testdata_funnel_prop_inputs.csv")
RATIO_INPUTS = read("testdata_funnel_ratio_inputs.csv")


@pytest.mark.parametrize(
    ("rows", "outputs", "atol"),
    [
        pytest.param(slice(None), "testdata_funnel_prop_outputs.csv", 1e-6, id="all-rows"),
        pytest.param("small", "testdata_funnel_prop_outputs_with_axis_variation.csv", 1e-7, id="axis-variation"),
    ],
)
def test_proportion_limits(rows: object, outputs: str, atol: float) -> None:
    data = PROP_INPUTS if rows != "small" else PROP_INPUTS[PROP_INPUTS["denominator"] < 31000]
    want = read(outputs)
    got = proportion_funnel_limits(data["numerator"], data["denominator"], multiplier=100)
    assert len(got) == len(want) == 100
    # columns by position, as the R test compares them (ignore_attr = TRUE)
    np.testing.assert_array_equal(got["population"], want.iloc[:, 0])
    for position, column in enumerate(PROP_COLUMNS[1:], start=1):
        np.testing.assert_allclose(got[column], want.iloc[:, position], rtol=0, atol=atol, err_msg=column)


def test_proportion_significance() -> None:
    got = proportion_significance(PROP_INPUTS["numerator"], PROP_INPUTS["denominator"])
    assert got.tolist() == PROP_INPUTS["significance"].tolist()
    assert len(set(PROP_INPUTS["significance"])) == 5  # every level occurs, so the order of the tests matters


def test_ratio_limits() -> None:
    want = read("testdata_funnel_ratio_outputs.csv")
    got = ratio_funnel_limits(RATIO_INPUTS["obs"], RATIO_INPUTS["expected"])
    assert len(got) == len(want)
    np.testing.assert_array_equal(got["observed_events"], want["Observed_events"])
    for column in want.columns[1:]:
        np.testing.assert_allclose(got[column], want[column], rtol=1e-7, atol=1e-6, err_msg=column)


def test_ratio_significance() -> None:
    got = ratio_significance(RATIO_INPUTS["obs"], RATIO_INPUTS["expected"])
    assert got.tolist() == RATIO_INPUTS["significance"].tolist()


def test_axis_uses_r_character_widths() -> None:
    """The proportion axis of all rows ends at signif_ceiling(max): 1.05·max rounded up at R's width of "1e+05"."""
    grid = axis_grid(PROP_INPUTS["denominator"], "proportion")
    assert grid[0] == 1
    assert grid[-1] == read("testdata_funnel_prop_outputs.csv").iloc[-1, 0]
    assert np.all(np.diff(grid) >= 1)


def test_proportion_funnel_phe_method_labels_match_phe_significance() -> None:
    """``funnel.method = "phe"``: the wres funnel's labels are PHE's significance column of the input file."""
    from wres.analysis.funnel import proportion_funnel

    f = proportion_funnel(PROP_INPUTS["numerator"], PROP_INPUTS["denominator"], method="phe")
    words = {
        "High (0.001)": "high_998",
        "High (0.025)": "high_95",
        "Low (0.001)": "low_998",
        "Low (0.025)": "low_95",
        "Not significant": "within_95",
    }
    assert f.points["label"].tolist() == PROP_INPUTS["significance"].map(words).tolist()
    assert f.method == "phe-wilson"
    assert f.overdispersion.tau2 == 0.0
