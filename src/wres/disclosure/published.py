"""Public statistics computed from the published, rounded counts (``public-v2``, methods.md §11.2 step 3).

Under ``public-v2`` every public share, rate, ratio, gap, interval and status is computed from the counts the same
row publishes (``a``, ``n1``, ``c``, ``n2``, ``unknown`` and the row's whole base, each rounded to 5 from its own
true value), so that nothing public says more than the public counts: an exact share beside a rounded count would
give the count back. Changes, trends and chart points read these rows, so they follow.

The formulas are the internal tier's own, one function per estimate type in :mod:`wres.indicators.statistics`
(which :mod:`wres.indicators.results` calls too), so the tiers cannot compute a statistic differently:

* ``share`` (indicator 1): share ``a/n1`` with Wilson intervals (Wilson 1927), benchmark ``c/n2``, the
  representation status of wres-domain.md §6.3 (overall rows and the Unknown group descriptive);
* ``ratio`` (indicators 2–4): ``(a/n1) ÷ (c/n2)`` with Koopman score and Katz log intervals and the range status of
  §6.1 (the configured ``[ranges]``); indicator 3, and indicator 4 with leavers, may count more people with events
  than in post: then the ratio is shown without an interval, as in the internal tier;
* ``gap_points`` (indicators 5–8): ``100·(a/n1 − c/n2)`` with Newcombe's hybrid score interval (Newcombe 1998,
  method 10) and the §6.2 status; strong evidence when the 99.8% interval excludes 0;
* ``difference_points`` (indicator 9): ``100·(a/n1 − c/n2)``, descriptive.

A row any of whose inputs is suppressed is left for :mod:`wres.disclosure.derived` to suppress.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wres.config import WresConfig
from wres.indicators.statistics import (
    completeness_of,
    difference_statistics,
    gap_statistics,
    ratio_statistics,
    share_statistics,
)

EVERYONE = "_everyone"
"""Column of the row's whole base as published (the base of ``completeness``), added by the caller."""
RECONSTRUCTED_FLAG = "reconstructed"


def _floats(df: pd.DataFrame, col: str) -> np.ndarray:
    if col not in df:
        return np.full(len(df), np.nan)
    return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)


def _counts(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    a, n1, c, n2 = (_floats(df, k) for k in ("a", "n1", "c", "n2"))
    return a, n1, c, n2


def _share(df: pd.DataFrame, config: WresConfig) -> dict[str, np.ndarray]:
    a, n1, c, n2 = _counts(df)
    descriptive = (df["breakdown"] == "overall").to_numpy() | (df["group_a"] == "Unknown").to_numpy()
    completeness = completeness_of(_floats(df, "unknown"), n1)
    return share_statistics(a, n1, c, n2, completeness, descriptive, config)


def _ratio(df: pd.DataFrame, config: WresConfig) -> dict[str, np.ndarray]:
    a, n1, c, n2 = _counts(df)
    indicator = df["indicator"].astype(str).to_numpy()
    leavers = (indicator == "3") | ((indicator == "4") & config.indicator4.include_leavers)
    completeness = completeness_of(_floats(df, "unknown"), _floats(df, EVERYONE))
    return ratio_statistics(a, n1, c, n2, completeness, leavers, config)


def _gap(df: pd.DataFrame, config: WresConfig) -> dict[str, np.ndarray]:
    a, n1, c, n2 = _counts(df)
    completeness = completeness_of(_floats(df, "unknown"), _floats(df, EVERYONE))
    reconstructed = df["flags"].astype(str).str.contains(RECONSTRUCTED_FLAG).to_numpy()
    return gap_statistics(a, n1, c, n2, completeness, reconstructed, config)


def _difference(df: pd.DataFrame, config: WresConfig) -> dict[str, np.ndarray]:
    return difference_statistics(*_counts(df), config)


_BY_TYPE = {"share": _share, "ratio": _ratio, "gap_points": _gap, "difference_points": _difference}


def statistics_from_counts(rows: pd.DataFrame, config: WresConfig) -> pd.DataFrame:
    """``rows`` (result rows whose count columns hold the published counts, NaN where suppressed, and
    :data:`EVERYONE`) with every derived column recomputed from those counts (see the module docstring).

    Rows of another ``estimate_type`` are returned unchanged."""
    out = rows.copy()
    for column in ("status", "side", "reason", "flags"):
        if column in out:
            out[column] = out[column].astype(object)
    kinds = out["estimate_type"].astype(object).to_numpy()
    for kind, compute in _BY_TYPE.items():
        where = kinds == kind
        if not where.any():
            continue
        part = out.loc[where]
        for column, values in compute(part, config).items():
            if column not in out:
                continue
            out.loc[where, column] = pd.Series(list(np.asarray(values, dtype=object)), index=part.index)
    for column in ("rate_a", "rate_b", "estimate", "benchmark", "completeness", "ci95_low", "ci95_high"):
        if column in out:
            out[column] = pd.to_numeric(out[column], errors="coerce")
    for column in ("ci998_low", "ci998_high", "katz95_low", "katz95_high", "log_se"):
        if column in out:
            out[column] = pd.to_numeric(out[column], errors="coerce")
    not_computed = (out["status"] == "not_computed").to_numpy()
    out["flags"] = np.where(not_computed, "", out["flags"].fillna("").astype(str))
    out["strong_evidence"] = out["strong_evidence"].fillna(False).astype(bool)
    out["small_numbers"] = out["flags"].str.contains("low_count|small_base", regex=True)
    for column in ("reason", "side"):
        kept = out[column].astype(object)
        out[column] = kept.where(kept.notna(), None)
    return out
