"""The parity year and the projection's sentences (methods.md §12 outputs).

The **parity year** of a run is the first year (the latest snapshot's year included) in which the band's projected
BME share reaches the reference share ``S``; a run that never does within the horizon has none ("not within ten
years"). Across runs: the median and the 2.5% and 97.5% quantiles of the parity year (a run without one counts as
later than any year, so an upper quantile may be "later than <last year>"), and ``P(parity by the target year)``,
the share of runs whose parity year is at or before it (not given for a target year before the latest snapshot's).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wres.analysis.projection.estimate import FloatArray

NUMBER_WORDS = {5: "five", 10: "ten", 15: "fifteen", 20: "twenty"}


@dataclass(frozen=True)
class Parity:
    """The parity-year distribution of one band set under one scenario; years are None when not within the
    horizon (``last_year``)."""

    median: int | None
    low: int | None
    high: int | None
    p_by_target: float
    target_year: int
    last_year: int
    already: bool
    """The share is already at or above the reference at the latest snapshot."""
    horizon: int
    """Years projected."""

    def text(self) -> str:
        """The year, e.g. "2037 (95% interval 2033–2045)", "not within ten years"."""
        if self.already:
            return "already there"
        if self.median is None:
            return f"not within {_years(self)}"
        if self.high is None:
            return f"{self.median} (95% interval {self.low} to later than {self.last_year})"
        return f"{self.median} (95% interval {self.low}–{self.high})"

    def short(self) -> str:
        if self.already:
            return "already there"
        return str(self.median) if self.median is not None else f"not within {_years(self)}"


def _years(p: Parity) -> str:
    return f"{NUMBER_WORDS.get(p.horizon, str(p.horizon))} years"


def parity_years(shares: FloatArray, reference: float, first_year: int) -> FloatArray:
    """Each run's parity year (runs, years + 1 shares → runs); ``inf`` when never within the horizon."""
    reached = shares >= reference - 1e-12
    any_ = reached.any(axis=1)
    first = np.argmax(reached, axis=1)
    return np.where(any_, first_year + first, np.inf)


def _quantile(values: FloatArray, q: float) -> float:
    return float(np.quantile(values, q, method="inverted_cdf"))


def summarise(shares: FloatArray, reference: float, first_year: int, target_year: int) -> Parity:
    """The :class:`Parity` of ``shares`` (runs, years + 1) against ``reference``."""
    years = parity_years(shares, reference, first_year)
    last = first_year + shares.shape[1] - 1

    def year(q: float) -> int | None:
        v = _quantile(years, q)
        return int(v) if math.isfinite(v) else None

    return Parity(
        median=year(0.5),
        low=year(0.025),
        high=year(0.975),
        p_by_target=float(np.mean(years <= target_year)) if target_year >= first_year else float("nan"),
        target_year=target_year,
        last_year=last,
        already=bool(np.median(years) <= first_year),
        horizon=shares.shape[1] - 1,
    )
