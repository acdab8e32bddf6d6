"""Mean and median pay gaps with bootstrap intervals (wres-domain.md §7.1; methods.md §14).

Definitions (§7.1, mirroring the gender pay gap metrics): with ``h`` the hourly pay of each person,

* mean gap % = ``(mean(h_R) − mean(h_G)) / mean(h_R) × 100``;
* median gap % = ``(median(h_R) − median(h_G)) / median(h_R) × 100``;

``R`` the reference group (White, or White British) and ``G`` the group compared with it: positive means the
reference group is paid more.

Intervals (methods.md §14): ``scipy.stats.bootstrap((h_R, h_G), statistic, paired=False, vectorized=True,
n_resamples=9999, method="percentile", confidence_level=0.95)`` with a seeded generator: each group is resampled
independently, with replacement, at its own size (https://docs.scipy.org/doc/scipy/reference/generated/
scipy.stats.bootstrap.html). Resamples are drawn in batches so that memory stays bounded for large groups.
"""

from __future__ import annotations

import warnings
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray
from scipy import stats

__all__ = ["BATCH_CELLS", "GapKind", "bootstrap_gap", "gap_percent", "mean_gap_statistic", "median_gap_statistic"]

GapKind = Literal["mean", "median"]
BATCH_CELLS: Final = 4_000_000
"""At most this many resampled values (both groups) are held at once: the bootstrap's ``batch``."""

F64 = NDArray[np.float64]


def mean_gap_statistic(reference: F64, group: F64, axis: int = -1) -> F64:
    """``(mean(reference) − mean(group)) / mean(reference) × 100`` along ``axis`` (vectorised for the bootstrap)."""
    ref = np.mean(reference, axis=axis)
    return np.asarray((ref - np.mean(group, axis=axis)) / ref * 100.0)


def median_gap_statistic(reference: F64, group: F64, axis: int = -1) -> F64:
    """``(median(reference) − median(group)) / median(reference) × 100`` along ``axis``."""
    ref = np.median(reference, axis=axis)
    return np.asarray((ref - np.median(group, axis=axis)) / ref * 100.0)


STATISTICS: Final = {"mean": mean_gap_statistic, "median": median_gap_statistic}


def gap_percent(reference: F64, group: F64, kind: GapKind) -> float:
    """The mean or median gap % of ``group`` against ``reference`` (both non-empty)."""
    return float(STATISTICS[kind](np.asarray(reference, float), np.asarray(group, float)))


def bootstrap_gap(
    reference: F64,
    group: F64,
    kind: GapKind,
    *,
    n_resamples: int = 9999,
    confidence_level: float = 0.95,
    rng: np.random.Generator | None = None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the gap % (methods.md §14), each group resampled independently.

    Returns ``(low, high)``; when every resample gives the same value (e.g. everyone paid the same) scipy cannot form
    percentiles of a degenerate distribution and the interval is that value at both ends.
    """
    ref = np.asarray(reference, dtype=np.float64)
    grp = np.asarray(group, dtype=np.float64)
    batch = max(1, BATCH_CELLS // max(len(ref) + len(grp), 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.DegenerateDataWarning)
        res = stats.bootstrap(
            (ref, grp),
            STATISTICS[kind],
            paired=False,
            vectorized=True,
            n_resamples=n_resamples,
            batch=batch,
            method="percentile",
            confidence_level=confidence_level,
            rng=rng if rng is not None else np.random.default_rng(),
        )
    low, high = float(res.confidence_interval.low), float(res.confidence_interval.high)
    if not (np.isfinite(low) and np.isfinite(high)):
        value = gap_percent(ref, grp, kind)
        return value, value
    return low, high
