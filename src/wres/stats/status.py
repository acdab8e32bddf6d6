"""Interpretation rules: status, side and strong evidence; reliability flags.

wres-domain.md §6.1 (ratio indicators 2–4), §6.2 (survey gaps 5–8), §6.3 (indicator 1 representation) and
methods.md §4 (which interval drives which reading), §7 (reliability flags).

All functions are vectorised over rows. String outputs are numpy object arrays (str or None) of the broadcast
input shape, ready to become pandas / Arrow string columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from wres.stats._arrays import (
    BoolArray,
    ObjectArray,
    ReasonLike,
    flat_bool,
    flat_float,
    flat_object,
    present,
)
from wres.stats.rounding import half_up, ratio_half_up

__all__ = [
    "ABOVE",
    "ADVERSE_EVIDENCE",
    "BELOW",
    "BME_BETTER_EVIDENCE",
    "BME_WORSE_EVIDENCE",
    "FLAG_ORDER",
    "INSUFFICIENT_EVIDENCE",
    "NOT_COMPUTED",
    "NO_EVIDENCE",
    "OVER_REPRESENTED_EVIDENCE",
    "UNDER_REPRESENTED_EVIDENCE",
    "WITHIN_RANGE",
    "RatioStatus",
    "excludes",
    "gap_status",
    "ratio_status",
    "reliability_flags",
    "representation_status",
]

ADVERSE_EVIDENCE: Final = "adverse_evidence"
INSUFFICIENT_EVIDENCE: Final = "insufficient_evidence"
WITHIN_RANGE: Final = "within_range"
NOT_COMPUTED: Final = "not_computed"
ABOVE: Final = "above"
BELOW: Final = "below"
BME_WORSE_EVIDENCE: Final = "bme_worse_evidence"
BME_BETTER_EVIDENCE: Final = "bme_better_evidence"
NO_EVIDENCE: Final = "no_evidence"
UNDER_REPRESENTED_EVIDENCE: Final = "under_represented_evidence"
OVER_REPRESENTED_EVIDENCE: Final = "over_represented_evidence"

FLAG_ORDER: Final[tuple[str, ...]] = (
    "low_count",
    "small_base",
    "zero_corrected",
    "reconstructed",
    "completeness",
)
"""Order of the flags inside a :func:`reliability_flags` string."""


class RatioStatus(NamedTuple):
    """Per-row ratio reading: ``status`` and ``side`` (object arrays), ``strong_evidence`` (bool array)."""

    status: ObjectArray
    side: ObjectArray
    strong_evidence: BoolArray


def excludes(low: ArrayLike, high: ArrayLike, value: ArrayLike) -> BoolArray:
    """Element-wise "the interval ``[low, high]`` excludes ``value``" (``low > value`` or ``high < value``).

    NaN limits give False. Use for ``strong_evidence`` of gaps: ``excludes(low998, high998, 0.0)``.
    """
    shape, (lo, hi, v) = flat_float(low, high, value)
    out: BoolArray = ((lo > v) | (hi < v)).reshape(shape)
    return out


def ratio_status(
    ratio: ArrayLike,
    ci95_low: ArrayLike,
    ci95_high: ArrayLike,
    ci998_low: ArrayLike,
    ci998_high: ArrayLike,
    reason: ReasonLike = None,
    low: float = 0.80,
    high: float = 1.25,
    *,
    counts: tuple[ArrayLike, ArrayLike, ArrayLike, ArrayLike] | None = None,
) -> RatioStatus:
    """Status of a ratio indicator (2, 3, 4 and the leading indicators), wres-domain.md §6.1.

    The range test uses the ratio rounded to 2 dp half-up, as displayed (1.25 inside, 1.26 outside; 0.80
    inside, 0.79 outside). With ``counts = (a, n_a, b, n_b)`` it is the exact ratio of the counts
    ``(a/n_a) / (b/n_b)`` that is rounded (rational arithmetic, :func:`wres.stats.rounding.ratio_half_up`: an
    exact 0.795 is 0.80, inside; an exact 1.255 is 1.26, outside), as §6.1 requires; without counts, or where
    the counts give no ratio, the float ``ratio`` is rounded half-up on its decimal text
    (:func:`wres.stats.rounding.half_up`). Interval tests use the unrounded Koopman limits:

    * ``not_computed``: ``reason`` is a non-empty string, or the ratio is NaN;
    * ``within_range``: ``low ≤ ratio to 2 dp ≤ high``;
    * ``adverse_evidence``: outside the range and the 95% interval excludes 1 (also when the side is
      ``below``: the name follows the domain document);
    * ``insufficient_evidence``: outside the range and the 95% interval includes 1.

    ``side`` is ``"above"`` (rounded ratio > ``high``), ``"below"`` (< ``low``) or None (within range or not
    computed). ``strong_evidence`` is True for every computed row whose 99.8% interval excludes 1,
    independent of the status (a ``within_range`` row can carry it; the report adds a note), and False
    otherwise.

    Returns :class:`RatioStatus` ``(status, side, strong_evidence)``.
    """
    shape, (r, lo95, hi95, lo998, hi998) = flat_float(ratio, ci95_low, ci95_high, ci998_low, ci998_high)
    reasons = flat_object(reason, shape)
    computed = ~present(reasons) & np.isfinite(r)
    r2 = np.full(r.size, np.nan)
    if counts is not None:
        a, n_a, b, n_b = (np.broadcast_to(np.asarray(c, dtype=np.float64), shape) for c in counts)
        r2 = ratio_half_up(a, n_a, b, n_b).reshape(-1)
    fallback = computed & ~np.isfinite(r2)
    r2[fallback] = half_up(r[fallback], 2)
    above = computed & (r2 > high)
    below = computed & (r2 < low)
    outside = above | below
    significant = (lo95 > 1.0) | (hi95 < 1.0)
    status = np.full(r.size, NOT_COMPUTED, dtype=object)
    status[computed & ~outside] = WITHIN_RANGE
    status[outside & significant] = ADVERSE_EVIDENCE
    status[outside & ~significant] = INSUFFICIENT_EVIDENCE
    side = np.full(r.size, None, dtype=object)
    side[above] = ABOVE
    side[below] = BELOW
    strong = computed & ((lo998 > 1.0) | (hi998 < 1.0))
    return RatioStatus(status.reshape(shape), side.reshape(shape), strong.reshape(shape))


def gap_status(gap: ArrayLike, low95: ArrayLike, high95: ArrayLike, reason: ReasonLike = None) -> ObjectArray:
    """Status of an adverse survey gap (indicators 5–8), wres-domain.md §6.2, from its Newcombe 95% interval.

    The gap is oriented so that positive means BME staff fare worse (wres-domain.md §5.5–5.8):
    ``bme_worse_evidence`` (interval wholly above 0), ``bme_better_evidence`` (wholly below 0),
    ``no_evidence`` (includes 0), ``not_computed`` (a reason code, or any of gap / limits NaN).
    """
    shape, (g, lo, hi) = flat_float(gap, low95, high95)
    reasons = flat_object(reason, shape)
    computed = ~present(reasons) & np.isfinite(g) & np.isfinite(lo) & np.isfinite(hi)
    status = np.full(g.size, NOT_COMPUTED, dtype=object)
    status[computed] = NO_EVIDENCE
    status[computed & (lo > 0.0)] = BME_WORSE_EVIDENCE
    status[computed & (hi < 0.0)] = BME_BETTER_EVIDENCE
    return status.reshape(shape)


def representation_status(
    share_low95: ArrayLike, share_high95: ArrayLike, benchmark: ArrayLike, reason: ReasonLike = None
) -> ObjectArray:
    """Representation status of the BME share in a band (indicator 1), wres-domain.md §6.3.

    The band share's Wilson 95% interval is compared with the benchmark (the organisation's overall BME share,
    on the same scale: both proportions or both percentages): ``under_represented_evidence`` (upper limit
    below the benchmark), ``over_represented_evidence`` (lower limit above it), ``no_evidence`` (interval
    contains it), ``not_computed`` (a reason code, or a NaN input).
    """
    shape, (lo, hi, bench) = flat_float(share_low95, share_high95, benchmark)
    reasons = flat_object(reason, shape)
    computed = ~present(reasons) & np.isfinite(lo) & np.isfinite(hi) & np.isfinite(bench)
    status = np.full(lo.size, NOT_COMPUTED, dtype=object)
    status[computed] = NO_EVIDENCE
    status[computed & (hi < bench)] = UNDER_REPRESENTED_EVIDENCE
    status[computed & (lo > bench)] = OVER_REPRESENTED_EVIDENCE
    return status.reshape(shape)


def reliability_flags(
    events: Sequence[ArrayLike] = (),
    bases: Sequence[ArrayLike] = (),
    *,
    zero_corrected: ArrayLike | None = None,
    reconstructed: ArrayLike | None = None,
    unknown_share: ArrayLike | None = None,
    low_count_below: float = 10,
    small_base_below: float = 30,
    completeness_above: float = 0.10,
) -> ObjectArray:
    """Reliability flags per row (methods.md §7), as a comma-joined string (``""`` when none).

    * ``low_count``: any of the event-count columns in ``events`` (``a``, ``c``, survey adverse counts) is
      ``< low_count_below`` (default 10);
    * ``small_base``: any of the denominator columns in ``bases`` is ``< small_base_below`` (default 30);
    * ``zero_corrected``: the Katz 0.5 correction was used (pass ``katz_interval(...).zero_corrected``);
    * ``reconstructed``: counts rebuilt from published percentages and bases;
    * ``completeness``: the Unknown-ethnicity share (a proportion, 0–1) is ``> completeness_above`` (default
      0.10).

    Flags appear in :data:`FLAG_ORDER` order, e.g. ``"low_count,small_base"``; split with ``s.split(",")`` (an
    empty string means no flag). Missing (NaN) counts or shares raise no flag. ``trial_limits`` and
    ``short_series`` belong to SPC and trends and are set there. The thresholds are configuration values.

    Returns an object array of str with the broadcast shape of all inputs.
    """
    inputs: list[ArrayLike] = [*events, *bases]
    for extra in (zero_corrected, reconstructed, unknown_share):
        if extra is not None:
            inputs.append(np.zeros(np.shape(extra)))
    shape, _ = flat_float(*inputs) if inputs else ((), [])
    size = int(np.prod(shape, dtype=np.int64))

    def any_below(columns: Sequence[ArrayLike], threshold: float) -> BoolArray:
        hit = np.zeros(size, dtype=np.bool_)
        for column in columns:
            _, (values, _b) = flat_float(column, np.zeros(shape))
            hit |= values < threshold
        return hit

    masks: dict[str, BoolArray] = {
        "low_count": any_below(events, low_count_below),
        "small_base": any_below(bases, small_base_below),
        "zero_corrected": flat_bool(zero_corrected, shape),
        "reconstructed": flat_bool(reconstructed, shape),
        "completeness": np.zeros(size, dtype=np.bool_),
    }
    if unknown_share is not None:
        _, (share, _b) = flat_float(unknown_share, np.zeros(shape))
        masks["completeness"] = share > completeness_above
    flags = np.full(size, "", dtype=object)
    for name in FLAG_ORDER:
        mask = masks[name]
        flags[mask] = [f"{f},{name}" if f else name for f in flags[mask]]
    return flags.reshape(shape)
