"""Confidence levels and their normal critical values (methods.md §0.2).

Every interval in wres is reported at two levels: 95% (significance, status) and 99.8% ("strong evidence",
outer funnel limits). The critical value is ``z = Φ⁻¹(1 − α/2)`` with ``α = 1 − level``, computed with
``scipy.stats.norm.isf(α / 2)``; rounded constants are never hard-coded.
"""

from __future__ import annotations

from functools import cache
from typing import Final

from scipy import stats

__all__ = ["LEVELS", "alpha_for", "z_for"]

LEVELS: Final[tuple[float, float]] = (0.95, 0.998)
"""The two reported confidence levels: 95% and 99.8%."""


def alpha_for(level: float) -> float:
    """Two-sided significance level ``α = 1 − level`` for a confidence level in (0, 1).

    This is the ``alpha`` passed to statsmodels (``proportion_confint``, ``confint_proportions_2indep``), so
    the critical values used here and inside statsmodels are computed identically.
    """
    level = float(level)
    if not 0.0 < level < 1.0:
        raise ValueError(f"confidence level must lie strictly between 0 and 1, got {level!r}")
    return 1.0 - level


@cache
def z_for(level: float) -> float:
    """Two-sided normal critical value ``z = Φ⁻¹(1 − α/2) = scipy.stats.norm.isf(α/2)``, ``α = 1 − level``.

    ``z_for(0.95) ≈ 1.959964``, ``z_for(0.998) ≈ 3.090232`` (methods.md §0.2).
    """
    return float(stats.norm.isf(alpha_for(level) / 2.0))
