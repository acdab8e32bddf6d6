"""Ranks with uncertainty intervals (methods.md §9.6).

Draw ``draws`` values per unit from ``N(Y_i, s_i² + τ²)`` with a seeded ``numpy.random.Generator``, rank each
draw (rank 1 = the highest value, or the lowest with ``descending=False``), and report each unit's rank of its
point value with the 2.5th and 97.5th percentile ranks of the draws (Marshall and Spiegelhalter 1998, BMJ
316:1701–1704, https://doi.org/10.1136/bmj.316.7146.1701; Goldstein and Spiegelhalter 1996). The percentile ranks
are taken with numpy's ``"lower"`` / ``"higher"`` methods, so the interval is whole ranks and never narrower than
the draws show.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = ["rank_intervals"]


def _ranks(values: np.ndarray, descending: bool) -> np.ndarray:
    """Ranks 1..k along the last axis (1 = highest when descending); ties broken by position (draws have none)."""
    keyed = -values if descending else values
    order = np.argsort(keyed, axis=-1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, values.shape[-1] + 1), axis=-1)
    return ranks


def rank_intervals(
    y: ArrayLike,
    s: ArrayLike,
    *,
    tau2: float = 0.0,
    units: Sequence[object] | None = None,
    draws: int = 1000,
    seed: int = 20261207,
    descending: bool = True,
    level: float = 0.95,
) -> pd.DataFrame:
    """Each unit's rank with its ``level`` uncertainty interval: columns ``unit, value, rank, rank_low, rank_high``.

    ``y``: the units' values on the scale they are compared on (e.g. ``ln RR``, or a proportion's angle), ``s``:
    their standard errors, ``tau2``: the funnel's overdispersion (§9.5). Units with a missing value are left out.
    The same seed gives the same intervals.
    """
    yf = np.asarray(y, dtype=np.float64)
    sf = np.asarray(s, dtype=np.float64)
    if yf.shape != sf.shape or yf.ndim != 1:
        raise ValueError("y and s must be 1-d arrays of the same length")
    names = list(range(yf.size)) if units is None else list(units)
    if len(names) != yf.size:
        raise ValueError(f"{len(names)} unit names for {yf.size} units")
    if draws < 1:
        raise ValueError("draws must be at least 1")
    ok = np.isfinite(yf) & np.isfinite(sf) & (sf >= 0)
    kept = [n for n, k in zip(names, ok, strict=True) if k]
    y_ok, sd = yf[ok], np.sqrt(sf[ok] ** 2 + tau2)
    rng = np.random.default_rng(seed)
    sample = y_ok + rng.standard_normal((draws, y_ok.size)) * sd
    ranks = _ranks(sample, descending)
    alpha = (1.0 - level) / 2.0
    low = np.quantile(ranks, alpha, axis=0, method="lower")
    high = np.quantile(ranks, 1.0 - alpha, axis=0, method="higher")
    return pd.DataFrame(
        {
            "unit": kept,
            "value": y_ok,
            "rank": _ranks(y_ok, descending),
            "rank_low": low.astype(np.int64),
            "rank_high": high.astype(np.int64),
        }
    )
