"""Better / Similar / Worse against a benchmark, Fingertips style (methods.md §10).

The unit's 95% interval (99.8% as an option) is compared with the benchmark **value** (England's, a region's, a
peer group's or an ICS's, each recomputed from pooled counts by :mod:`wres.analysis.rollup`):

| result | indicator with polarity | without polarity |
|---|---|---|
| the whole interval on the favourable side | Better | Higher / Lower |
| the interval contains the benchmark (touching it counts) | Similar | Similar |
| the whole interval on the adverse side | Worse | Higher / Lower |
| value not computed or suppressed, or benchmark missing | Not compared | Not compared |

Each indicator's polarity comes from one table, :data:`POLARITY` (§10): ratios 2–4 and the leading-indicator ratios,
lower is better; survey adverse gaps 5–8, lower is better; indicator 1, a BME (or other non-White group's) share,
higher is better (White and Unknown shares have no polarity); indicator 9, higher is better up to 0 (parity with
the workforce): values, limits and benchmark are capped at 0 before comparing, so two boards at or above parity are
Similar. Indicator 9 describes whole boards, so it has no interval: its value stands for its interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = [
    "BETTER",
    "HIGHER",
    "LOWER",
    "NOT_COMPARED",
    "POLARITY",
    "SIMILAR",
    "WORSE",
    "compare",
    "compare_results",
    "polarity_of",
]

Polarity = Literal["lower", "higher", "higher_to_zero"]

BETTER: Final = "Better"
SIMILAR: Final = "Similar"
WORSE: Final = "Worse"
HIGHER: Final = "Higher"
LOWER: Final = "Lower"
NOT_COMPARED: Final = "Not compared"

POLARITY: Final[dict[str, Polarity]] = {
    "1": "higher",
    "2": "lower",
    "3": "lower",
    "4": "lower",
    "5": "lower",
    "6": "lower",
    "7": "lower",
    "8": "lower",
    "9": "higher_to_zero",
    "L-promotion": "lower",
    "L-leaving": "lower",
    "L-internal": "lower",
    "L-appointment-band": "lower",
    "L-acting-up": "lower",
}
"""Which way is better for each indicator (methods.md §10); an indicator not listed has no polarity."""
NO_POLARITY_GROUPS: Final = frozenset({"White", "White British", "White Irish", "White Other", "Unknown"})
"""Indicator 1 and 9 rows of these groups describe, they are not judged: Higher / Similar / Lower."""
KEY: Final = ("year", "indicator", "variant", "category", "breakdown", "stratum", "grouping", "group_a", "group_b")
"""The result-row key without ``org_code``: a unit's row and its benchmark's row share it."""


def polarity_of(indicator: str, group_a: str | None = None) -> Polarity | None:
    """The polarity of an indicator's row; indicators 1 and 9 only for a BME or other non-White group."""
    polarity = POLARITY.get(str(indicator))
    if str(indicator) in ("1", "9") and group_a in NO_POLARITY_GROUPS:
        return None
    return polarity


def compare(
    low: ArrayLike,
    high: ArrayLike,
    benchmark: ArrayLike,
    polarity: Polarity | None,
    *,
    not_compared: ArrayLike | None = None,
) -> np.ndarray:
    """The §10 label of each interval ``[low, high]`` against ``benchmark`` (object array of str).

    An interval touching the benchmark is Similar. ``not_compared``: rows to leave Not compared (suppressed, not
    computed); any missing limit or benchmark is Not compared too.
    """
    lo, hi, b = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (low, high, benchmark)))
    skip = np.zeros(lo.shape, dtype=bool) if not_compared is None else np.asarray(not_compared, dtype=bool)
    skip = skip | np.isnan(lo) | np.isnan(hi) | np.isnan(b)
    if polarity == "higher_to_zero":
        lo, hi, b = np.minimum(lo, 0.0), np.minimum(hi, 0.0), np.minimum(b, 0.0)
    if polarity in ("higher", "higher_to_zero"):
        above, below = BETTER, WORSE
    elif polarity == "lower":
        above, below = WORSE, BETTER
    elif polarity is None:
        above, below = HIGHER, LOWER
    else:
        raise ValueError(f"polarity must be 'lower', 'higher', 'higher_to_zero' or None, got {polarity!r}")
    with np.errstate(invalid="ignore"):
        out = np.select([skip, lo > b, hi < b], [NOT_COMPARED, above, below], default=SIMILAR)
    return out.astype(object)


def _suppressed(frame: pd.DataFrame) -> np.ndarray:
    """Rows not to compare: suppressed (reason or disclosure status) or not computed."""
    hidden = np.zeros(len(frame), dtype=bool)
    for column, value in (("reason", "suppressed"), ("disclosure", "suppressed"), ("status", "not_computed")):
        if column in frame:
            hidden = hidden | (frame[column].astype(object) == value).to_numpy(dtype=bool)
    return hidden


def _interval(frame: pd.DataFrame, level: float, prefix: str = "") -> tuple[np.ndarray, np.ndarray]:
    lo_col, hi_col = ("ci95_low", "ci95_high") if level == 0.95 else ("ci998_low", "ci998_high")
    est = pd.to_numeric(frame[f"{prefix}estimate"], errors="coerce").to_numpy(dtype=float)
    lo = pd.to_numeric(frame[f"{prefix}{lo_col}"], errors="coerce").to_numpy(dtype=float)
    hi = pd.to_numeric(frame[f"{prefix}{hi_col}"], errors="coerce").to_numpy(dtype=float)
    whole = (frame["indicator"].astype(str) == "9").to_numpy()  # whole boards: the value is the interval
    return np.where(whole & np.isnan(lo), est, lo), np.where(whole & np.isnan(hi), est, hi)


def compare_results(
    results: pd.DataFrame,
    benchmark: pd.DataFrame,
    *,
    mapping: Mapping[str, str] | pd.Series | None = None,
    level: float = 0.95,
    name: str | None = None,
) -> pd.DataFrame:
    """Each result row judged against its benchmark row (§10): the rows with ``benchmark_code``,
    ``benchmark_value``, ``comparison``, ``comparison_level`` and ``polarity`` added.

    ``benchmark``: result rows of the benchmark (a roll-up's ``results``: England, or one row set per region or peer
    group). With ``mapping`` (organisation → benchmark code) each organisation is compared with its own group's row;
    without it ``benchmark`` must hold one ``org_code``. ``level``: 0.95 (default) or 0.998.
    """
    if level not in (0.95, 0.998):
        raise ValueError(f"level must be 0.95 or 0.998, got {level!r}")
    codes = benchmark["org_code"].astype(str).unique()
    out = results.copy()
    if mapping is None:
        if len(codes) > 1:
            raise ValueError(f"benchmark holds {len(codes)} organisations or groups; give a mapping to choose")
        out["benchmark_code"] = codes[0] if len(codes) else None
    else:
        out["benchmark_code"] = out["org_code"].astype(str).map(dict(mapping.items()))
    key = [k for k in KEY if k in out.columns and k in benchmark.columns]
    bench = benchmark[["org_code", *key, "estimate"]].rename(
        columns={"org_code": "benchmark_code", "estimate": "benchmark_value"}
    )
    bench = bench.drop_duplicates(["benchmark_code", *key])
    out = out.merge(bench, on=["benchmark_code", *key], how="left")
    lo, hi = _interval(out, level)
    hidden = _suppressed(out)
    benchmark_value = pd.to_numeric(out["benchmark_value"], errors="coerce").to_numpy(dtype=float)
    groups = out["group_a"].astype(object) if "group_a" in out else pd.Series(None, index=out.index, dtype=object)
    pairs = pd.MultiIndex.from_arrays([out["indicator"].astype(str), groups.where(groups.notna(), None)])
    codes, uniques = pd.factorize(pairs)
    polarity_by_code = [polarity_of(i, g) for i, g in uniques]
    polarities = np.array(polarity_by_code, dtype=object)[codes]
    comparison = np.full(len(out), NOT_COMPARED, dtype=object)
    for polarity in set(polarity_by_code):
        rows = np.isin(codes, [k for k, p in enumerate(polarity_by_code) if p == polarity])
        comparison[rows] = compare(lo[rows], hi[rows], benchmark_value[rows], polarity, not_compared=hidden[rows])
    out["comparison"] = comparison
    out["comparison_level"] = level
    out["polarity"] = pd.Series(polarities, index=out.index, dtype=object)
    if name is not None:
        out["benchmark_name"] = name
    return out
