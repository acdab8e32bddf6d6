"""wres.stats — the pure statistics layer (methods.md §0–4, §7).

Small, vectorised functions over numpy arrays (scalars accepted), each a thin wrapper around statsmodels /
SciPy where they implement the method, with the formula and its source in the docstring:

* :mod:`wres.stats.levels` — ``LEVELS = (0.95, 0.998)``, :func:`z_for`;
* :mod:`wres.stats.proportion` — Wilson interval, Newcombe interval for a difference, reason codes;
* :mod:`wres.stats.ratio` — risk ratio with reason codes, Koopman score and Katz log intervals,
  Mantel–Haenszel pooling;
* :mod:`wres.stats.status` — status / side / strong evidence, gap and representation statuses,
  reliability flags;
* :mod:`wres.stats.rounding` — exact half-up rounding of a ratio of counts (the range test, wres-domain.md §6.1)
  and the matching display rounding;
* :mod:`wres.stats.reasons` — the reason codes of wres-domain.md §5.0.
"""

from wres.stats.levels import LEVELS, alpha_for, z_for
from wres.stats.proportion import (
    Interval,
    difference_reason,
    newcombe_diff_interval,
    proportion_reason,
    wilson_interval,
)
from wres.stats.ratio import (
    KatzInterval,
    KatzLogRatio,
    MantelHaenszelResult,
    RatioEstimate,
    katz_interval,
    katz_log_ratio,
    koopman_interval,
    mantel_haenszel_rr,
    risk_ratio,
)
from wres.stats.reasons import (
    COMPARATOR_RATE_ZERO,
    INVALID_INPUT,
    MISSING_INPUT,
    NO_EVENTS,
    NO_PEOPLE,
    REASON_CODES,
    SUPPRESSED,
)
from wres.stats.status import (
    FLAG_ORDER,
    RatioStatus,
    excludes,
    gap_status,
    ratio_status,
    reliability_flags,
    representation_status,
)

__all__ = [
    "COMPARATOR_RATE_ZERO",
    "FLAG_ORDER",
    "INVALID_INPUT",
    "LEVELS",
    "MISSING_INPUT",
    "NO_EVENTS",
    "NO_PEOPLE",
    "REASON_CODES",
    "SUPPRESSED",
    "Interval",
    "KatzInterval",
    "KatzLogRatio",
    "MantelHaenszelResult",
    "RatioEstimate",
    "RatioStatus",
    "alpha_for",
    "difference_reason",
    "excludes",
    "gap_status",
    "katz_interval",
    "katz_log_ratio",
    "koopman_interval",
    "mantel_haenszel_rr",
    "newcombe_diff_interval",
    "proportion_reason",
    "ratio_status",
    "reliability_flags",
    "representation_status",
    "risk_ratio",
    "wilson_interval",
    "z_for",
]
