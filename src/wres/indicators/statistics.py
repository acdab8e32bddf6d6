"""The statistics of result rows from their counts: one function per estimate type, array in, columns out.

Used by the results step (:mod:`wres.indicators.results`, the exact counts: the internal tier and the return) and by
the public tier (:mod:`wres.disclosure.published`, the same formulas on the published, rounded counts under
``public-v2``), so the two can never compute a statistic differently.

Each function takes a row's counts ``a`` of ``n1`` (the numerator group) and ``c`` of ``n2`` (the comparator) as
float arrays (NaN: not available, giving ``missing_input``) and returns the derived columns:

* :func:`share_statistics` (indicator 1): share ``a/n1`` with Wilson score intervals (Wilson 1927), benchmark
  ``c/n2``, the representation status of wres-domain.md §6.3 (``descriptive`` rows: overall and Unknown);
* :func:`ratio_statistics` (indicators 2–4): ``(a/n1) ÷ (c/n2)`` as the double nearest the exact ratio of the counts
  (§6.1's range test rounds it), Koopman score (Koopman 1984) and Katz log (Katz et al. 1978) intervals and the
  range status of §6.1; where leavers count (indicator 3; 4 with ``indicator4.include_leavers``) a group may have
  more people with events than in post: reasons and intervals then use the counts capped at the base, the
  estimate the true counts, no interval, flagged ``events_exceed_people``;
* :func:`gap_statistics` (indicators 5–8): ``100·(a/n1 − c/n2)`` with Newcombe's hybrid score interval (Newcombe
  1998, method 10) and the §6.2 status; strong evidence when the 99.8% interval excludes 0 (methods.md §4);
* :func:`difference_statistics` (indicator 9): ``100·(a/n1 − c/n2)``, descriptive (the board is a whole population).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

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

__all__ = [
    "EXCEED_FLAG",
    "completeness_of",
    "difference_statistics",
    "gap_statistics",
    "ratio_statistics",
    "share_statistics",
]

Floats = npt.NDArray[np.float64]
Columns = dict[str, np.ndarray]

EXCEED_FLAG = "events_exceed_people"
"""The flag of a ratio row where a group has more people with events than in post (leavers counted)."""


def rates(a: Floats, n1: Floats, c: Floats, n2: Floats) -> tuple[Floats, Floats]:
    """``a/n1`` and ``c/n2``, NaN where the base is 0 or missing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n1 > 0, a / n1, np.nan), np.where(n2 > 0, c / n2, np.nan)


def completeness_of(unknown: Floats, everyone: Floats) -> Floats:
    """The known-ethnicity share of a row's whole base: ``1 − unknown / everyone`` (NaN for an empty base)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(everyone > 0, 1 - unknown / everyone, np.nan)


def _flags(config: WresConfig, events: Sequence[Floats], bases: Sequence[Floats], **kw: object) -> np.ndarray:
    return reliability_flags(
        events=list(events),
        bases=list(bases),
        low_count_below=config.quality.low_count,
        small_base_below=config.quality.small_base,
        completeness_above=config.quality.unknown_warning,
        **kw,  # type: ignore[arg-type]
    )


def _missing(*counts: Floats) -> npt.NDArray[np.bool_]:
    out = np.zeros(len(counts[0]), dtype=bool)
    for x in counts:
        out |= np.isnan(x)
    return out


def share_statistics(
    a: Floats,
    n1: Floats,
    c: Floats,
    n2: Floats,
    completeness: Floats,
    descriptive: npt.NDArray[np.bool_],
    config: WresConfig,
) -> Columns:
    """Indicator 1's columns (see the module docstring); ``descriptive``: rows read as description, not tested."""
    rate_a, rate_b = rates(a, n1, c, n2)
    missing = _missing(a, n1)
    reason = np.array(
        ["missing_input" if m else (None if n > 0 else "no_people") for m, n in zip(missing, n1, strict=True)],
        dtype=object,
    )
    computed = np.array([r is None for r in reason], dtype=bool)
    out: Columns = {"rate_a": rate_a, "rate_b": rate_b, "estimate": rate_a, "benchmark": rate_b}
    for level, lo, hi in ((0.95, "ci95_low", "ci95_high"), (0.998, "ci998_low", "ci998_high")):
        iv = wilson_interval(np.where(computed, a, 0), np.where(computed, n1, 1), level)
        out[lo], out[hi] = np.where(computed, iv.low, np.nan), np.where(computed, iv.high, np.nan)
    status = representation_status(out["ci95_low"], out["ci95_high"], rate_b, reason)
    out["status"] = np.where(descriptive & computed, "descriptive", status)
    out["reason"] = reason
    out["side"] = np.full(len(a), None, dtype=object)
    out["strong_evidence"] = np.zeros(len(a), dtype=bool)
    out["completeness"] = completeness
    out["flags"] = _flags(config, [a], [n1], unknown_share=1 - completeness)
    return out


def ratio_statistics(
    a: Floats,
    n1: Floats,
    c: Floats,
    n2: Floats,
    completeness: Floats,
    leavers: npt.NDArray[np.bool_],
    config: WresConfig,
) -> Columns:
    """Indicators 2–4's columns (see the module docstring); ``leavers``: rows whose events may include leavers."""
    missing = _missing(a, n1, c, n2)
    a0, n10, c0, n20 = (np.nan_to_num(x) for x in (a, n1, c, n2))
    over = leavers & ~missing & ((a0 > n10) | (c0 > n20))
    a_cap, c_cap = np.where(over, np.minimum(a0, n10), a0), np.where(over, np.minimum(c0, n20), c0)
    est = risk_ratio(a_cap, n10, c_cap, n20)
    reason = np.asarray(est.reason, dtype=object).copy()
    reason[missing] = "missing_input"
    computed = np.array([r is None for r in reason], dtype=bool)
    # the double nearest the exact ratio of the counts, so its 2-dp display rounds as the range test does (§6.1)
    estimate = np.where(computed, exact_ratio(a0, n10, c0, n20), np.nan)
    k95 = koopman_interval(a_cap, n10, c_cap, n20, 0.95)
    k998 = koopman_interval(a_cap, n10, c_cap, n20, 0.998)
    katz = katz_interval(a_cap, n10, c_cap, n20, 0.95)
    with_interval = computed & ~over
    rate_a, rate_b = rates(a, n1, c, n2)
    out: Columns = {"rate_a": rate_a, "rate_b": rate_b, "estimate": estimate}
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
        out["ci95_low"],
        out["ci95_high"],
        out["ci998_low"],
        out["ci998_high"],
        reason,
        low=config.ranges.low,
        high=config.ranges.high,
        counts=(a0, n10, c0, n20),  # §6.1: the range test rounds the exact ratio of the counts
    )
    out["status"], out["side"], out["strong_evidence"] = st.status, st.side, st.strong_evidence
    out["reason"] = reason
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


def gap_statistics(
    a: Floats,
    n1: Floats,
    c: Floats,
    n2: Floats,
    completeness: Floats,
    reconstructed: npt.NDArray[np.bool_],
    config: WresConfig,
) -> Columns:
    """Indicators 5–8's columns (see the module docstring); ``reconstructed``: counts rebuilt from published
    percentages (flagged)."""
    a0, n10, c0, n20 = (np.nan_to_num(x) for x in (a, n1, c, n2))
    reason = difference_reason(a, n1, c, n2)
    computed = np.array([r is None for r in reason], dtype=bool)
    rate_a, rate_b = rates(a, n1, c, n2)
    out: Columns = {"rate_a": rate_a, "rate_b": rate_b}
    out["estimate"] = np.where(computed, 100 * (rate_a - rate_b), np.nan)
    safe_n1, safe_n2 = np.where(computed, n10, 1), np.where(computed, n20, 1)
    safe_a, safe_c = np.where(computed, a0, 0), np.where(computed, c0, 0)
    for level, lo, hi in ((0.95, "ci95_low", "ci95_high"), (0.998, "ci998_low", "ci998_high")):
        iv = newcombe_diff_interval(safe_a, safe_n1, safe_c, safe_n2, level)
        out[lo], out[hi] = np.where(computed, 100 * iv.low, np.nan), np.where(computed, 100 * iv.high, np.nan)
    out["status"] = gap_status(out["estimate"], out["ci95_low"], out["ci95_high"], reason)
    # methods.md §4: strong evidence when the 99.8% interval excludes 0 too (wres-domain.md §5.8's worked example)
    out["strong_evidence"] = computed & excludes(out["ci998_low"], out["ci998_high"], 0.0)
    out["side"] = np.full(len(a), None, dtype=object)
    out["reason"] = reason
    out["completeness"] = completeness
    out["flags"] = _flags(config, [a, c], [n1, n2], reconstructed=reconstructed, unknown_share=1 - completeness)
    return out


def difference_statistics(a: Floats, n1: Floats, c: Floats, n2: Floats, config: WresConfig) -> Columns:
    """Indicator 9's columns (see the module docstring): descriptive, no interval."""
    rate_a, rate_b = rates(a, n1, c, n2)
    missing = _missing(a, n1, c, n2)
    reason = np.array(
        [
            "missing_input" if m else (None if x > 0 and y > 0 else "no_people")
            for m, x, y in zip(missing, n1, n2, strict=True)
        ],
        dtype=object,
    )
    computed = np.array([r is None for r in reason], dtype=bool)
    return {
        "rate_a": rate_a,
        "rate_b": rate_b,
        "estimate": np.where(computed, 100 * (rate_a - rate_b), np.nan),
        "benchmark": rate_b,
        "status": np.where(computed, "descriptive", "not_computed"),
        "side": np.full(len(a), None, dtype=object),
        "strong_evidence": np.zeros(len(a), dtype=bool),
        "reason": reason,
        "flags": _flags(config, [], [n1]),
    }
