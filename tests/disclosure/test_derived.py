"""Derived statistics are suppressed when any count they use is (methods.md §11.2 step 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wres.disclosure import derived_mask, result_masks, round_results_for_display


def test_a_statistic_is_suppressed_when_any_input_is() -> None:
    inputs = {"a": np.array([True, False, False]), "n1": np.array([False, False, True])}
    masks = derived_mask(inputs, {"rate": ("a", "n1"), "other": ("c",)})
    assert masks["rate"].tolist() == [True, False, True]
    assert masks["other"].tolist() == [False, False, False]  # an input not named is not suppressed


def test_result_rows_follow_their_estimate_type() -> None:
    kinds = pd.Series(["share", "ratio", "share", None])
    hidden_c = np.array([True, True, False, True])
    masks = result_masks(kinds, {"a": np.zeros(4, dtype=bool), "c": hidden_c})
    # indicator 1's share uses a and n1 only; a ratio uses all four counts
    assert masks["estimate"].tolist() == [False, True, False, True]
    assert masks["rate_a"].tolist() == [False, False, False, True]  # unknown type: everything goes
    assert masks["rate_b"].tolist() == [True, True, False, True]
    assert masks["status"].tolist() == [True, True, False, True]  # a status compares with the benchmark


def test_display_precision() -> None:
    frame = pd.DataFrame(
        {
            "estimate_type": ["ratio", "share", "gap_points"],
            "estimate": [1.23456, 0.123456, 4.5678],
            "ci95_low": [1.0049, 0.1, -1.25],
            "rate_a": [0.33333, 0.123456, 0.2],
            "completeness": [0.98765, np.nan, 1.0],
        }
    )
    out = round_results_for_display(frame)
    assert out["estimate"].tolist() == [1.23, 0.123, 4.6]
    assert out["ci95_low"].tolist() == [1.0, 0.1, -1.2]
    assert out["rate_a"].tolist() == [0.333, 0.123, 0.2]
    assert np.isnan(out["completeness"].iloc[1])


def test_public_ratio_rounds_half_up_like_the_range_test() -> None:
    # wres-domain.md §6.1: an exact 1.255 shows 1.26 and an exact 1.125 shows 1.13 (the range test's rounding);
    # numpy's round gives 1.25 (binary value below the tie) and 1.12 (half to even).
    frame = pd.DataFrame(
        {
            "estimate_type": ["ratio", "ratio", "ratio"],
            "estimate": [1.255, 1.125, 0.795],
            "ci95_low": [1.005, 0.805, np.nan],
        }
    )
    out = round_results_for_display(frame)
    assert out["estimate"].tolist() == [1.26, 1.13, 0.80]
    assert out["ci95_low"].tolist()[:2] == [1.01, 0.81]
