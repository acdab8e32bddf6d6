"""Funnel labels (methods.md §9.6): where a unit lies against its own 95% and 99.8% limits, and what that means
given the indicator's polarity.

A unit on a limit counts as inside (FunnelPlotR ``outliers_func`` compares inclusively).

Labels, from high to low: ``high_998`` (above the 99.8% upper limit), ``high_95`` (above the 95% upper limit but
within 99.8%), ``within_95``, ``low_95``, ``low_998``; ``not_computed`` where the value or a limit is missing.
With a polarity (``"lower"``: lower is better, ``"higher"``: higher is better) high and low become better or
worse: ``better_998``, ``better_95``, ``within_95``, ``worse_95``, ``worse_998``.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["LABELS", "POLARISED", "funnel_labels", "polarise"]

LABELS: Final = ("high_998", "high_95", "within_95", "low_95", "low_998", "not_computed")
POLARISED: Final = ("better_998", "better_95", "within_95", "worse_95", "worse_998", "not_computed")


def funnel_labels(
    value: ArrayLike, lower95: ArrayLike, upper95: ArrayLike, lower998: ArrayLike, upper998: ArrayLike
) -> np.ndarray:
    """Each unit's label (object array of :data:`LABELS`); the limits are inclusive (on a limit is inside)."""
    v, l95, u95, l998, u998 = (np.asarray(x, dtype=np.float64) for x in (value, lower95, upper95, lower998, upper998))
    v, l95, u95, l998, u998 = np.broadcast_arrays(v, l95, u95, l998, u998)
    missing = ~(np.isfinite(v) & ~np.isnan(l95) & ~np.isnan(u95) & ~np.isnan(l998) & ~np.isnan(u998))
    with np.errstate(invalid="ignore"):
        conditions = [missing, v > u998, v > u95, v < l998, v < l95]
    choices = ["not_computed", "high_998", "high_95", "low_998", "low_95"]
    return np.select(conditions, choices, default="within_95").astype(object)


def polarise(labels: ArrayLike, polarity: str | None) -> np.ndarray:
    """Map high / low labels to better / worse: ``polarity`` ``"lower"`` (lower is better), ``"higher"``, or None
    (labels unchanged)."""
    out = np.asarray(labels, dtype=object).copy()
    if polarity is None:
        return out
    if polarity not in ("lower", "higher"):
        raise ValueError(f"polarity must be 'lower', 'higher' or None, got {polarity!r}")
    high, low = ("worse", "better") if polarity == "lower" else ("better", "worse")
    mapping = {"high_998": f"{high}_998", "high_95": f"{high}_95", "low_998": f"{low}_998", "low_95": f"{low}_95"}
    return np.array([mapping.get(x, x) for x in out], dtype=object)
