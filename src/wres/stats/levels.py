"""Confidence levels and their normal critical values (methods.md §0.2).

Every interval in wres is reported at two levels: 95% (significance, status) and 99.8% ("strong evidence",
outer funnel limits). The critical value is ``z = Φ⁻¹(1 − α/2)`` with ``α = 1 − level``. For the two reported
levels it is a constant written to full double precision (the value ``scipy.stats.norm.isf(α/2)`` returns, which a
test checks against ``scipy.stats.norm.ppf`` and ``isf``), so computing the indicators never imports SciPy (its
import costs more than half a second of every process's start). Any other level is computed with
``scipy.stats.norm.isf(α/2)``, imported only then.
"""

from __future__ import annotations

from functools import cache
from typing import Final

__all__ = ["LEVELS", "Z_95", "Z_998", "alpha_for", "z_for"]

LEVELS: Final[tuple[float, float]] = (0.95, 0.998)
"""The two reported confidence levels: 95% and 99.8%."""

Z_95: Final[float] = 1.959963984540054
"""``Φ⁻¹(1 − 0.05/2)``, exactly ``float(scipy.stats.norm.isf((1 − 0.95) / 2))`` (tested)."""

Z_998: Final[float] = 3.090232306167813
"""``Φ⁻¹(1 − 0.002/2)``, exactly ``float(scipy.stats.norm.isf((1 − 0.998) / 2))`` (tested)."""

_KNOWN: Final[dict[float, float]] = {0.95: Z_95, 0.998: Z_998}


def alpha_for(level: float) -> float:
    """Two-sided significance level ``α = 1 − level`` for a confidence level in (0, 1).

    The closed-form intervals of :mod:`wres.stats` use ``z_for(level)``; ``alpha_for`` is what statsmodels takes
    (``proportion_confint``, ``confint_proportions_2indep``), with which the tests compare them.
    """
    level = float(level)
    if not 0.0 < level < 1.0:
        raise ValueError(f"confidence level must lie strictly between 0 and 1, got {level!r}")
    return 1.0 - level


@cache
def z_for(level: float) -> float:
    """Two-sided normal critical value ``z = Φ⁻¹(1 − α/2) = scipy.stats.norm.isf(α/2)``, ``α = 1 − level``.

    ``z_for(0.95) = 1.959963984540054``, ``z_for(0.998) = 3.090232306167813`` (methods.md §0.2): constants, no
    SciPy import. Another level imports ``scipy.stats`` and returns ``norm.isf(α/2)``.
    """
    alpha = alpha_for(level)
    known = _KNOWN.get(float(level))
    if known is not None:
        return known
    from scipy import stats  # only for a level other than the two reported ones

    return float(stats.norm.isf(alpha / 2.0))
