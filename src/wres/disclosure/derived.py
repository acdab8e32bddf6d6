"""Derived statistics under the public policy (methods.md §11.2 step 4).

Shares, rates, ratios, gaps, intervals (and the statuses and flags read from them) are suppressed when **any**
count they use is suppressed, primary or secondary; otherwise they are computed from unrounded counts and shown at
display precision (ratios 2 dp, rounded half-up as the range test reads them, wres-domain.md §6.1;
percentages 1 dp: wres-domain.md conventions).

The functions here are generic: a *dependency table* says which count columns each derived column uses, and
:func:`derived_mask` turns "which inputs are suppressed" into "which derived values are suppressed". The tables
for the WRES result rows (:data:`wres.indicators.results.RESULT_COLUMNS`) are :data:`RESULT_DEPENDENCIES`,
chosen by each row's ``estimate_type``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from wres.stats.rounding import half_up

BoolArray = npt.NDArray[np.bool_]

COUNT_INPUTS = ("a", "n1", "c", "n2", "unknown", "everyone")
"""The counts behind a result row (``everyone`` is every person of the row's base, Unknown included)."""

_INTERVALS = ("ci95_low", "ci95_high", "ci998_low", "ci998_high")
_KATZ = ("katz95_low", "katz95_high", "log_se")
_READINGS = ("status", "side", "strong_evidence", "reason")
_ALL4 = ("a", "n1", "c", "n2")


def _table(estimate_inputs: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {
        "rate_a": ("a", "n1"),
        "rate_b": ("c", "n2"),
        "benchmark": ("c", "n2"),
        "completeness": ("unknown", "everyone"),
        "estimate": estimate_inputs,
        "flags": COUNT_INPUTS,
        "small_numbers": COUNT_INPUTS,
    }
    for col in (*_INTERVALS, *_KATZ):
        table[col] = estimate_inputs
    for col in _READINGS:
        table[col] = _ALL4
    return table


RESULT_DEPENDENCIES: dict[str, dict[str, tuple[str, ...]]] = {
    "share": _table(("a", "n1")),  # indicator 1: the share and its Wilson interval use a and n1 only
    "ratio": _table(_ALL4),
    "gap_points": _table(_ALL4),
    "difference_points": _table(_ALL4),
}
"""Derived result column → the count columns it uses, by ``estimate_type``. Readings (status, side, strong
evidence, reason) use all four counts, because a status compares the estimate with its benchmark or range."""

DISPLAY_DECIMALS: dict[str, dict[str, int]] = {
    "share": {"estimate": 3, **dict.fromkeys(_INTERVALS, 3)},
    "ratio": {"estimate": 2, **dict.fromkeys(_INTERVALS, 2), "katz95_low": 2, "katz95_high": 2, "log_se": 3},
    "gap_points": {"estimate": 1, **dict.fromkeys(_INTERVALS, 1)},
    "difference_points": {"estimate": 1, **dict.fromkeys(_INTERVALS, 1)},
}
"""Display precision of each estimate type: percentages to 1 dp (a proportion to 3 dp), ratios to 2 dp,
percentage-point gaps to 1 dp."""
PROPORTION_COLUMNS = ("rate_a", "rate_b", "benchmark", "completeness")


def derived_mask(
    inputs_suppressed: Mapping[str, BoolArray], dependencies: Mapping[str, Collection[str]]
) -> dict[str, BoolArray]:
    """For each derived column, whether its value is suppressed: any of its inputs is (§11.2 step 4).

    ``inputs_suppressed`` maps a count column to a boolean array (one per row); an input it does not name is
    taken as not suppressed.
    """
    n = len(next(iter(inputs_suppressed.values()))) if inputs_suppressed else 0
    out: dict[str, BoolArray] = {}
    for column, inputs in dependencies.items():
        mask = np.zeros(n, dtype=bool)
        for name in inputs:
            if name in inputs_suppressed:
                mask |= np.asarray(inputs_suppressed[name], dtype=bool)
        out[column] = mask
    return out


def result_masks(estimate_type: pd.Series, inputs_suppressed: Mapping[str, BoolArray]) -> dict[str, BoolArray]:
    """:func:`derived_mask` for result rows of mixed estimate types (rows of an unknown type: every column
    is suppressed as soon as any input is)."""
    n = len(estimate_type)
    kinds = estimate_type.astype(object).to_numpy()
    any_input = np.zeros(n, dtype=bool)
    for mask in inputs_suppressed.values():
        any_input |= np.asarray(mask, dtype=bool)
    columns = {c for table in RESULT_DEPENDENCIES.values() for c in table}
    out = {c: any_input.copy() for c in columns}
    for kind, table in RESULT_DEPENDENCIES.items():
        rows = kinds == kind
        if not rows.any():
            continue
        for column, mask in derived_mask(inputs_suppressed, table).items():
            out[column][rows] = mask[rows]
    return out


def display_round(values: pd.Series, decimals: int) -> pd.Series:
    """Values rounded to display precision (NaN stays NaN)."""
    return pd.to_numeric(values, errors="coerce").round(decimals)


def display_round_half_up(values: pd.Series, decimals: int) -> pd.Series:
    """Ratio values rounded half-up on their decimal text, as the range test and the report's text round them
    (wres-domain.md §6.1: an exact 1.255 shows 1.26; :func:`wres.stats.rounding.half_up`)."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64)
    return pd.Series(half_up(numbers, decimals), index=values.index)


def round_results_for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Derived columns of result rows at display precision (§11.2 step 4), by ``estimate_type``."""
    out = frame.copy()
    for column in PROPORTION_COLUMNS:
        if column in out:
            out[column] = display_round(out[column], 3)
    kinds = out["estimate_type"].astype(object)
    for kind, table in DISPLAY_DECIMALS.items():
        rows = (kinds == kind).to_numpy()
        if not rows.any():
            continue
        rounding = display_round_half_up if kind == "ratio" else display_round
        for column, decimals in table.items():
            if column in out:
                out.loc[rows, column] = rounding(out.loc[rows, column], decimals)
    return out
