"""Rebase segments and trial limits (methods.md §8.4).

NHSRplotthedots ``R/ptd_add_rebase_column.R`` (a rebase date is the **first** point of a new segment; dates not in
the series have no effect), ``R/ptd_spc_standard.R`` (``rebase_group`` = cumulative sum of the rebase column) and
``R/ptd_add_short_group_warnings.R`` (a segment of fewer than ``threshold`` points has trial limits; NHSRplotthedots'
threshold is 13, wres's 12; tests/reference/spc/README.md §1.1, §1.2, §1.4).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, Final

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

__all__ = ["TRIAL_THRESHOLD", "rebase_flags", "rebase_groups", "to_dates", "trial_limits"]

TRIAL_THRESHOLD: Final = 12
"""A segment with fewer points than this has trial limits (methods.md §8.4, §8.5)."""


def to_dates(values: Iterable[object]) -> pd.DatetimeIndex:
    """Dates (ISO strings, ``date``, ``datetime`` or timestamps) as a ``DatetimeIndex``."""
    listed: Any = list(values)
    return pd.DatetimeIndex(pd.to_datetime(listed))


def rebase_flags(dates: Iterable[object], rebase: Iterable[object] = ()) -> NDArray[np.int64]:
    """1 on the points whose date is one of the ``rebase`` dates, else 0."""
    return np.asarray(to_dates(dates).isin(to_dates(rebase)), dtype=np.int64)


def rebase_groups(flags: ArrayLike) -> NDArray[np.int64]:
    """The segment of each point (0, 1, …): the cumulative sum of the rebase flags, points in date order."""
    return np.cumsum(np.asarray(flags, dtype=np.int64))


def trial_limits(groups: ArrayLike | Iterable[object], threshold: int = TRIAL_THRESHOLD) -> NDArray[np.bool_]:
    """True on every point of a segment with fewer than ``threshold`` points (strict ``<``). ``groups`` labels each
    point's segment (any hashable labels, e.g. ``(facet, rebase_group)`` pairs)."""
    labels = [tuple(g) if isinstance(g, list | tuple) else g for g in np.asarray(groups).tolist()]
    sizes = Counter(labels)
    return np.array([sizes[g] < threshold for g in labels], dtype=bool)
