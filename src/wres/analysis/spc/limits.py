"""XmR process limits of one segment: mean, screened mean moving range, process limits and near-limit lines.

Methods.md §8.1; the algorithm is NHSRplotthedots ``R/ptd_spc_standard.R`` (tests/reference/spc/README.md §1.2):

* over the baseline points ``y_1 … y_N`` (the first ``fix_after_n_points`` values of the segment, or all):
  ``mean = mean(y)``, ``MR_i = |y_i − y_{i−1}|``, ``MRbar₀ = mean(MR)``;
* outlier screening (on by default): keep ``MR_i`` only if ``MR_i < 3.267·MRbar₀`` (strict), and
  ``MRbar = mean`` of those kept, once (no iteration); off: ``MRbar = MRbar₀``;
* process limits ``mean ± 2.66·MRbar``; near-limit ("2-sigma") lines ``mean ± (2/3)·2.66·MRbar``;
* every point of the segment, after the baseline too, is then judged against them: *outside* strictly beyond a
  process limit, *close* strictly beyond a near-limit line but not outside, and its side of the mean (−1, 0, +1).

A segment with one point has no moving range, so no limits (NaN); neither has a segment whose moving ranges are all
screened out (a constant series: every ``MR_i = 0`` is not ``< 0``), as in NHSRplotthedots.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "LIMIT_FACTOR",
    "NEAR_LIMIT_FACTOR",
    "SCREEN_FACTOR",
    "Limits",
    "close_to_limits",
    "moving_ranges",
    "outside_limits",
    "process_limits",
    "relative_to_mean",
    "screened_mean_moving_range",
]

LIMIT_FACTOR: Final = 2.66
"""``3/d2`` with ``d2 = 1.128`` (moving ranges of two points), rounded as Making Data Count and NHSRplotthedots do."""
NEAR_LIMIT_FACTOR: Final = 2 * 2.66 / 3
"""The "2-sigma" lines: two thirds of :data:`LIMIT_FACTOR`."""
SCREEN_FACTOR: Final = 3.267
"""``D4`` for moving ranges of two points: a moving range at or above ``3.267·MRbar`` is screened out."""


@dataclass(frozen=True)
class Limits:
    """The limits of one segment (NaN when there are none) and what went into them."""

    mean: float
    mean_moving_range: float
    mean_moving_range_before_screening: float
    lpl: float
    upl: float
    near_lpl: float
    near_upl: float
    screened_out_at: tuple[int, ...]
    """Positions ``i`` (0-based within the segment) whose moving range ``|y_i − y_{i−1}|`` was screened out."""


def moving_ranges(y: ArrayLike) -> NDArray[np.float64]:
    """``MR_i = |y_i − y_{i−1}|`` for ``i ≥ 1`` (one fewer than the points; empty for fewer than two)."""
    values = np.asarray(y, dtype=float)
    return np.abs(np.diff(values)) if values.size > 1 else np.empty(0)


def screened_mean_moving_range(
    mr: ArrayLike, *, screen_outliers: bool = True
) -> tuple[float, float, NDArray[np.bool_]]:
    """``(MRbar, MRbar₀, kept)``: the mean moving range after one screening pass, before it, and which moving
    ranges were kept (``MR_i < 3.267·MRbar₀``, strict; all of them when ``screen_outliers`` is off).
    NaN when there is nothing to average (NHSRplotthedots ``R/ptd_spc_standard.R``)."""
    ranges = np.asarray(mr, dtype=float)
    if ranges.size == 0:
        return float("nan"), float("nan"), np.zeros(0, dtype=bool)
    before = float(ranges.mean())
    kept = ranges < SCREEN_FACTOR * before if screen_outliers else np.ones(ranges.size, dtype=bool)
    after = float(ranges[kept].mean()) if kept.any() else float("nan")
    return after, before, kept


def process_limits(y: ArrayLike, *, fix_after_n_points: int | None = None, screen_outliers: bool = True) -> Limits:
    """The limits of one segment from its baseline (the first ``fix_after_n_points`` values, or all)."""
    values = np.asarray(y, dtype=float)
    base = values if fix_after_n_points is None else values[:fix_after_n_points]
    mean = float(base.mean()) if base.size else float("nan")
    amr, amr0, kept = screened_mean_moving_range(moving_ranges(base), screen_outliers=screen_outliers)
    half, near = LIMIT_FACTOR * amr, NEAR_LIMIT_FACTOR * amr
    return Limits(
        mean=mean,
        mean_moving_range=amr,
        mean_moving_range_before_screening=amr0,
        lpl=mean - half,
        upl=mean + half,
        near_lpl=mean - near,
        near_upl=mean + near,
        screened_out_at=tuple(int(i) + 1 for i in np.flatnonzero(~kept)),
    )


def relative_to_mean(y: ArrayLike, mean: float) -> NDArray[np.int64]:
    """``sign(y − mean)``: −1 below, 0 exactly on the mean, +1 above (0 when there is no mean)."""
    diff = np.asarray(y, dtype=float) - mean
    return np.where(np.isnan(diff), 0, np.sign(diff)).astype(np.int64)


def outside_limits(y: ArrayLike, limits: Limits) -> NDArray[np.bool_]:
    """``y > UPL or y < LPL``, strict: a point on a limit is inside (False when there are no limits)."""
    values = np.asarray(y, dtype=float)
    return np.asarray((values > limits.upl) | (values < limits.lpl))


def close_to_limits(y: ArrayLike, limits: Limits) -> NDArray[np.bool_]:
    """Strictly beyond a near-limit line and not outside the process limits (an outside point is never close)."""
    values = np.asarray(y, dtype=float)
    beyond = (values > limits.near_upl) | (values < limits.near_lpl)
    return np.asarray(beyond & ~outside_limits(values, limits))
