"""Public statistics computed from the published, rounded counts (``public-v2``, methods.md §11.2 step 3).

Under ``public-v2`` every public share, rate, ratio, gap, interval and status is computed from the counts the same
row publishes (``a``, ``n1``, ``c``, ``n2``, ``unknown`` and the row's whole base, each rounded to 5 from its own
true value), so that nothing public says more than the public counts: an exact share beside a rounded count would
give the count back. Changes, trends and chart points read these rows, so they follow.

The formulas are those of :mod:`wres.indicators.results` (which computes the internal tier's rows), row by row:

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
from wres.stats import (
    difference_reason,
    excludes,
    gap_status,
    katz_interval,
    koopman_interval,
    newcombe_diff_interval,
    ratio_status,
    reliability_flags,
    representation_status,
    risk_ratio,
    wilson_interval,
)
from wres.stats.rounding import exact_ratio

EVERYONE = "_everyone"
"""Column of the row's whole base as published (the base of ``completeness``), added by the caller."""
EXCEED_FLAG = "events_exceed_people"
RECONSTRUCTED_FLAG = "reconstructed"
STATISTIC_COLUMNS = (
    "rate_a",
    "rate_b",
    "estimate",
    "ci95_low",
    "ci95_high",
    "ci998_low",
    "ci998_high",
    "katz95_low",
    "katz95_high",
    "log_se",
    "benchmark",
    "status",
    "side",
    "strong_evidence",
    "reason",
    "flags",
    "completeness",
    "small_numbers",
)
"""The result columns this module recomputes (everything derived from the counts)."""


def _floats(df: pd.DataFrame, col: str) -> np.ndarray:
    if col not in df:
        return np.full(len(df), np.nan)
    return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)


def _rates(a: np.ndarray, n1: np.ndarray, c: np.ndarray, n2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n1 > 0, a / n1, np.nan), np.where(n2 > 0, c / n2, np.nan)


def _flags(
    config: WresConfig, events: list[np.ndarray], bases: list[np.ndarray], **kw: np.ndarray | None
) -> np.ndarray:
    return reliability_flags(
        events=events,
        bases=bases,
        low_count_below=config.quality.low_count,
        small_base_below=config.quality.small_base,
        completeness_above=config.quality.unknown_warning,
        **kw,  # type: ignore[arg-type]
    )


def _completeness(unknown: np.ndarray, everyone: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(everyone > 0, 1 - unknown / everyone, np.nan)


def _share(df: pd.DataFrame, config: WresConfig) -> dict[str, object]:
    a, n1, c, n2 = (_floats(df, k) for k in ("a", "n1", "c", "n2"))
    rate_a, rate_b = _rates(a, n1, c, n2)
    missing = np.isnan(a) | np.isnan(n1)
    reason = np.array(
        ["missing_input" if m else (None if n > 0 else "no_people") for m, n in zip(missing, n1, strict=True)],
        dtype=object,
    )
    computed = np.array([r is None for r in reason])
    out: dict[str, object] = {"rate_a": rate_a, "rate_b": rate_b, "estimate": rate_a, "benchmark": rate_b}
    for level, lo, hi in ((0.95, "ci95_low", "ci95_high"), (0.998, "ci998_low", "ci998_high")):
        iv = wilson_interval(np.where(computed, a, 0), np.where(computed, n1, 1), level)
        out[lo], out[hi] = np.where(computed, iv.low, np.nan), np.where(computed, iv.high, np.nan)
    status = representation_status(out["ci95_low"], out["ci95_high"], rate_b, reason)  # type: ignore[arg-type]
    descriptive = (df["breakdown"] == "overall").to_numpy() | (df["group_a"] == "Unknown").to_numpy()
    out["status"] = np.where(descriptive & computed, "descriptive", status)
    out["reason"] = reason
    out["side"] = np.full(len(df), None, dtype=object)
    out["strong_evidence"] = np.zeros(len(df), dtype=bool)
    completeness = _completeness(_floats(df, "unknown"), n1)
    out["completeness"] = completeness
    out["flags"] = _flags(config, [a], [n1], unknown_share=1 - completeness)
    return out


def _ratio(df: pd.DataFrame, config: WresConfig) -> dict[str, object]:
    a, n1, c, n2 = (_floats(df, k) for k in ("a", "n1", "c", "n2"))
    missing = np.isnan(a) | np.isnan(n1) | np.isnan(c) | np.isnan(n2)
    a0, n10, c0, n20 = (np.nan_to_num(x) for x in (a, n1, c, n2))
    indicator = df["indicator"].astype(str).to_numpy()
    leavers = (indicator == "3") | ((indicator == "4") & config.indicator4.include_leavers)
    over = leavers & ~missing & ((a0 > n10) | (c0 > n20))
    a_cap, c_cap = np.where(over, np.minimum(a0, n10), a0), np.where(over, np.minimum(c0, n20), c0)
    est = risk_ratio(a_cap, n10, c_cap, n20)
    reason = np.asarray(est.reason, dtype=object).copy()
    reason[missing] = "missing_input"
    computed = np.array([r is None for r in reason])
    estimate = np.where(computed, exact_ratio(a0, n10, c0, n20), np.nan)
    k95 = koopman_interval(a_cap, n10, c_cap, n20, 0.95)
    k998 = koopman_interval(a_cap, n10, c_cap, n20, 0.998)
    katz = katz_interval(a_cap, n10, c_cap, n20, 0.95)
    with_interval = computed & ~over
    rate_a, rate_b = _rates(a, n1, c, n2)
    out: dict[str, object] = {"rate_a": rate_a, "rate_b": rate_b, "estimate": estimate}
    for name, values in (
        ("ci95_low", k95.low),
        ("ci95_high", k95.high),
        ("ci998_low", k998.low),
        ("ci998_high", k998.high),
        ("katz95_low", katz.low),
        ("katz95_high", katz.high),
        ("log_se", katz.log_se),
    ):
        out[name] = np.where(with_interval, values, np.nan)
    st = ratio_status(
        estimate,
        out["ci95_low"],  # type: ignore[arg-type]
        out["ci95_high"],  # type: ignore[arg-type]
        out["ci998_low"],  # type: ignore[arg-type]
        out["ci998_high"],  # type: ignore[arg-type]
        reason,
        low=config.ranges.low,
        high=config.ranges.high,
        counts=(a0, n10, c0, n20),
    )
    out["status"], out["side"], out["strong_evidence"] = st.status, st.side, st.strong_evidence
    out["reason"] = reason
    completeness = _completeness(_floats(df, "unknown"), _floats(df, EVERYONE))
    out["completeness"] = completeness
    flags = _flags(
        config,
        [a, c],
        [n1, n2],
        zero_corrected=np.where(with_interval, katz.zero_corrected, False),
        unknown_share=1 - completeness,
    )
    out["flags"] = np.where(over, [f"{f},{EXCEED_FLAG}" if f else EXCEED_FLAG for f in flags], flags)
    return out


def _gap(df: pd.DataFrame, config: WresConfig) -> dict[str, object]:
    a, n1, c, n2 = (_floats(df, k) for k in ("a", "n1", "c", "n2"))
    a0, n10, c0, n20 = (np.nan_to_num(x) for x in (a, n1, c, n2))
    reason = difference_reason(a, n1, c, n2)
    computed = np.array([r is None for r in reason])
    rate_a, rate_b = _rates(a, n1, c, n2)
    out: dict[str, object] = {"rate_a": rate_a, "rate_b": rate_b}
    out["estimate"] = np.where(computed, 100 * (rate_a - rate_b), np.nan)
    safe_n1, safe_n2 = np.where(computed, n10, 1), np.where(computed, n20, 1)
    safe_a, safe_c = np.where(computed, a0, 0), np.where(computed, c0, 0)
    for level, lo, hi in ((0.95, "ci95_low", "ci95_high"), (0.998, "ci998_low", "ci998_high")):
        iv = newcombe_diff_interval(safe_a, safe_n1, safe_c, safe_n2, level)
        out[lo], out[hi] = np.where(computed, 100 * iv.low, np.nan), np.where(computed, 100 * iv.high, np.nan)
    out["status"] = gap_status(out["estimate"], out["ci95_low"], out["ci95_high"], reason)  # type: ignore[arg-type]
    out["strong_evidence"] = computed & excludes(out["ci998_low"], out["ci998_high"], 0.0)  # type: ignore[arg-type]
    out["side"] = np.full(len(df), None, dtype=object)
    out["reason"] = reason
    completeness = _completeness(_floats(df, "unknown"), _floats(df, EVERYONE))
    out["completeness"] = completeness
    reconstructed = df["flags"].astype(str).str.contains(RECONSTRUCTED_FLAG).to_numpy()
    out["flags"] = _flags(config, [a, c], [n1, n2], reconstructed=reconstructed, unknown_share=1 - completeness)
    return out


def _difference(df: pd.DataFrame, config: WresConfig) -> dict[str, object]:
    a, n1, c, n2 = (_floats(df, k) for k in ("a", "n1", "c", "n2"))
    rate_a, rate_b = _rates(a, n1, c, n2)
    missing = np.isnan(a) | np.isnan(n1) | np.isnan(c) | np.isnan(n2)
    reason = np.array(
        [
            "missing_input" if m else (None if x > 0 and y > 0 else "no_people")
            for m, x, y in zip(missing, n1, n2, strict=True)
        ],
        dtype=object,
    )
    computed = np.array([r is None for r in reason])
    return {
        "rate_a": rate_a,
        "rate_b": rate_b,
        "estimate": np.where(computed, 100 * (rate_a - rate_b), np.nan),
        "benchmark": rate_b,
        "status": np.where(computed, "descriptive", "not_computed"),
        "side": np.full(len(df), None, dtype=object),
        "strong_evidence": np.zeros(len(df), dtype=bool),
        "reason": reason,
        "flags": _flags(config, [], [n1]),
    }


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
        values = out[column].astype(object)
        out[column] = values.where(values.notna(), None)
    return out
