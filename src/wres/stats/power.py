"""Power and detectability: the smallest change an organisation's numbers can reveal (methods.md §13).

A board needs to know, before it reads a small move as success or failure, how large a difference its numbers
can distinguish from parity (or from last year) with 80% power at the 95% level.

* :func:`power_ratio` — power of the two-proportion test against a relative likelihood ``RR``:
  ``statsmodels.stats.proportion.power_proportions_2indep(diff, prop2, nobs1, ratio=n2/n1, alpha=α)`` with
  ``prop2 = p2`` (the comparator's rate) and ``diff = (RR − 1)·p2`` (pooled variance under the null, unpooled
  under the alternative).
* :func:`minimum_detectable_ratio` — solves ``power(RR) = target`` with ``scipy.optimize.brentq``, above parity
  (``RR > 1``) or below it (``RR < 1``); ``years = k`` pools k years by multiplying both denominators by k
  (steady volumes assumed).
* :func:`minimum_detectable_gap` — the same for a survey gap, in percentage points (BME − White).
* :func:`detectable_change_factor` — year on year, on the log scale: a change by a factor of
  ``exp((z_{1−α/2} + z_power)·√2·SE)`` between two single years, SE the Katz log SE of §2.3.
* :func:`required_sample_size` — the numerator group's size needed to detect ``RR`` (``n2 = ratio·n1``):
  ``statsmodels.stats.proportion.samplesize_proportions_2indep_onetail`` (§13, "when asked").
* :func:`detectability` — the 1-, 3- and 5-year values for one relative-likelihood result row
  (:mod:`wres.indicators.results`).

Notation as in :mod:`wres.stats.ratio`: the numerator group has ``a`` events among ``n1`` people, the
comparator ``c`` among ``n2``; ``p2 = c/n2``. A result row already puts the groups the indicator's way round
(indicators 2 and 4 White ÷ BME, indicator 3 BME ÷ White), so ``p2`` is always the comparator's rate.

When a value cannot be computed it is NaN, never infinity and never an exception for data (zero comparator
events, an empty group, or a ratio that no possible rate reaches): :func:`detectability` says why with a reason
code. Invalid arguments (negative sizes, rates outside [0, 1], an unknown side) raise :class:`ValueError`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from scipy import stats
from scipy.optimize import brentq
from statsmodels.stats.proportion import power_proportions_2indep, samplesize_proportions_2indep_onetail

from wres.stats.reasons import INVALID_INPUT, MISSING_INPUT, NO_PEOPLE

__all__ = [
    "DEFAULT_YEARS",
    "NOT_DETECTABLE",
    "NO_COMPARATOR_EVENTS",
    "Detectability",
    "DetectableRatio",
    "detectability",
    "detectable_change_factor",
    "minimum_detectable_gap",
    "minimum_detectable_ratio",
    "power_ratio",
    "required_sample_size",
]

Side = Literal["above", "below"]

DEFAULT_YEARS: Final[tuple[int, ...]] = (1, 3, 5)
"""The pooling horizons shown to a board (methods.md §13)."""
NO_COMPARATOR_EVENTS: Final = "no_comparator_events"
"""The comparator group's rate is 0: the test's power against a ratio is not defined."""
NOT_DETECTABLE: Final = "not_detectable"
"""Even the most extreme possible rate (0 or 1 in the numerator group) is detected with less than the power
(or the comparator's rate is already 1)."""

_EDGE = 1e-9


def _check_sizes(n1: float, n2: float) -> None:
    if not (math.isfinite(n1) and math.isfinite(n2)) or n1 <= 0 or n2 <= 0:
        raise ValueError(f"group sizes must be positive and finite, got n1={n1!r}, n2={n2!r}")


def _check_levels(power: float, alpha: float) -> None:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    if not alpha < power < 1.0:
        raise ValueError(f"power must lie strictly between alpha and 1, got {power!r}")


def _power_diff(diff: float, p2: float, n1: float, n2: float, alpha: float) -> float:
    """Power of the two-sided two-proportion test for ``p1 − p2 = diff`` (statsmodels, methods.md §13)."""
    result = power_proportions_2indep(diff, p2, n1, ratio=n2 / n1, alpha=alpha)
    return float(result.power)


def power_ratio(rr: float, p2: float, n1: float, n2: float, alpha: float = 0.05) -> float:
    """Power of the two-sided two-proportion test to tell a relative likelihood ``rr`` from parity.

    methods.md §13: ``power_proportions_2indep(diff=(rr − 1)·p2, prop2=p2, nobs1=n1, ratio=n2/n1, alpha)``
    (statsmodels; pooled variance under the null, unpooled under the alternative). ``p2`` is the comparator's
    rate, ``n1`` the numerator group's size and ``n2`` the comparator's. Requires ``0 < p2 < 1`` and
    ``0 <= rr·p2 <= 1``.
    """
    _check_sizes(n1, n2)
    if not 0.0 < p2 < 1.0:
        raise ValueError(f"the comparator rate p2 must lie strictly between 0 and 1, got {p2!r}")
    p1 = rr * p2
    if not 0.0 <= p1 <= 1.0:
        raise ValueError(f"rr·p2 = {p1!r} is not a rate: rr must lie between 0 and 1/p2 = {1 / p2!r}")
    return _power_diff(p1 - p2, p2, n1, n2, alpha)


def required_sample_size(rr: float, p2: float, *, ratio: float = 1.0, power: float = 0.8, alpha: float = 0.05) -> float:
    """The numerator group's size ``n1`` (with ``n2 = ratio·n1``) at which the two-sided two-proportion test
    detects a relative likelihood ``rr`` with ``power`` (methods.md §13, "required sample size, when asked").

    ``statsmodels.stats.proportion.samplesize_proportions_2indep_onetail(diff=(rr − 1)·p2, prop2=p2, power,
    ratio, alpha, alternative="two-sided")``; not rounded up. Requires ``0 < p2 < 1``, ``rr ≠ 1`` and
    ``0 <= rr·p2 <= 1``.
    """
    _check_levels(power, alpha)
    if not 0.0 < p2 < 1.0:
        raise ValueError(f"the comparator rate p2 must lie strictly between 0 and 1, got {p2!r}")
    if not (math.isfinite(ratio) and ratio > 0):
        raise ValueError(f"ratio must be positive and finite, got {ratio!r}")
    if rr == 1.0 or not 0.0 <= rr * p2 <= 1.0:
        raise ValueError(f"rr must differ from 1 and lie between 0 and 1/p2 = {1 / p2!r}, got {rr!r}")
    n1 = samplesize_proportions_2indep_onetail(
        (rr - 1.0) * p2, p2, power, ratio=ratio, alpha=alpha, alternative="two-sided"
    )
    return float(n1)


def _solve_diff(p2: float, n1: float, n2: float, power: float, alpha: float, side: Side) -> float:
    """The difference ``p1 − p2`` (signed) detected with ``power``; NaN when no possible ``p1`` reaches it."""
    if side == "above":
        far = 1.0 - p2
    elif side == "below":
        far = -p2
    else:
        raise ValueError(f"side must be 'above' or 'below', got {side!r}")
    if abs(far) < _EDGE or _power_diff(far, p2, n1, n2, alpha) < power:
        return math.nan
    # power(0) = alpha < power <= power(far); power rises monotonically with |diff| on each side.
    root = brentq(lambda d: _power_diff(d, p2, n1, n2, alpha) - power, 0.0, far, xtol=1e-12, rtol=1e-12)
    return float(root)


def minimum_detectable_ratio(
    p2: float,
    n1: float,
    n2: float,
    *,
    power: float = 0.8,
    alpha: float = 0.05,
    years: int = 1,
    side: Side = "above",
) -> float:
    """The relative likelihood detected from parity with ``power`` (methods.md §13), NaN if none can be.

    Solves ``power_ratio(RR, p2, k·n1, k·n2, alpha) = power`` for ``RR > 1`` (``side="above"``) or ``RR < 1``
    (``side="below"``) with ``scipy.optimize.brentq``; ``years = k`` pools k years of steady volumes by
    multiplying both denominators by k. NaN when ``p2`` is 0 or 1 (no comparator events, or all) or when even
    ``p1 = 1`` (above) or ``p1 = 0`` (below) would be detected with less than ``power``.

    Example (§13): indicator 3, 800 BME and 3,000 White staff, White rate 0.7%:
    ``minimum_detectable_ratio(0.007, 800, 3000)`` ≈ 2.69; with ``years=3`` ≈ 1.88, ``years=5`` ≈ 1.66.
    """
    _check_sizes(n1, n2)
    _check_levels(power, alpha)
    if years < 1:
        raise ValueError(f"years must be at least 1, got {years!r}")
    if not 0.0 <= p2 <= 1.0:
        raise ValueError(f"the comparator rate p2 must lie between 0 and 1, got {p2!r}")
    if p2 <= 0.0 or p2 >= 1.0:
        return math.nan
    diff = _solve_diff(p2, n1 * years, n2 * years, power, alpha, side)
    return 1.0 + diff / p2


def minimum_detectable_gap(
    p_white: float,
    n_bme: float,
    n_white: float,
    *,
    power: float = 0.8,
    alpha: float = 0.05,
    years: int = 1,
    side: Side = "above",
) -> float:
    """The survey gap (BME − White, in percentage points) detected from no gap with ``power`` (methods.md §13).

    The same power function as :func:`minimum_detectable_ratio`, on the difference: ``prop2 = p_white``,
    ``nobs1 = n_bme``, ``ratio = n_white/n_bme``; ``side="above"`` gives a positive gap (BME rate higher),
    ``"below"`` a negative one. NaN when ``p_white`` is 0 or 1 or no possible BME rate reaches ``power``.

    Example (§13): indicator 6, 400 BME and 2,000 White respondents, White 22%:
    ``minimum_detectable_gap(0.22, 400, 2000)`` ≈ +6.6 points.
    """
    _check_sizes(n_bme, n_white)
    _check_levels(power, alpha)
    if years < 1:
        raise ValueError(f"years must be at least 1, got {years!r}")
    if not 0.0 <= p_white <= 1.0:
        raise ValueError(f"p_white must lie between 0 and 1, got {p_white!r}")
    if p_white <= 0.0 or p_white >= 1.0:
        return math.nan
    return 100.0 * _solve_diff(p_white, n_bme * years, n_white * years, power, alpha, side)


def detectable_change_factor(se: float, power: float = 0.8, alpha: float = 0.05) -> float:
    """The year-on-year change factor detected with ``power`` between two single years (methods.md §13).

    ``exp((z_{1−α/2} + z_power)·√2·SE)`` with ``z`` from ``scipy.stats.norm.isf``; ``se`` is one year's Katz
    log SE (§2.3) and the other year is assumed to have the same. Example (§13): SE 0.085 gives about 1.4.
    NaN when ``se`` is NaN.
    """
    _check_levels(power, alpha)
    if math.isnan(se):
        return math.nan
    if se < 0 or math.isinf(se):
        raise ValueError(f"se must be a non-negative finite number, got {se!r}")
    z = float(stats.norm.isf(alpha / 2.0)) + float(stats.norm.isf(1.0 - power))
    return math.exp(z * math.sqrt(2.0) * se)


@dataclass(frozen=True)
class DetectableRatio:
    """The smallest ratio detected from parity pooling ``years`` years; ``ratio`` NaN with a ``reason``."""

    years: int
    ratio: float
    reason: str | None


@dataclass(frozen=True)
class Detectability:
    """Detectability of one relative-likelihood result row (methods.md §13).

    ``values`` has one entry per horizon (1, 3 and 5 years by default); ``change_factor`` is the year-on-year
    factor from the row's log SE (NaN when no SE was given); ``reason`` is set when nothing is computable.
    """

    indicator: str
    side: Side
    values: tuple[DetectableRatio, ...]
    change_factor: float
    reason: str | None

    def ratio(self, years: int) -> float:
        """The detectable ratio pooling ``years`` years (KeyError if that horizon was not computed)."""
        for v in self.values:
            if v.years == years:
                return v.ratio
        raise KeyError(years)


RATIO_INDICATORS: Final[frozenset[str]] = frozenset({"2", "3", "4"})


def _row_reason(indicator: str, a: float, n1: float, c: float, n2: float) -> str | None:
    values = (a, n1, c, n2)
    if any(math.isnan(v) for v in values):
        return MISSING_INPUT
    if any(math.isinf(v) or v < 0 for v in values):
        return INVALID_INPUT
    # Indicators 3 and 4 may count leavers, so more people with events than in post; indicator 2 may not.
    if indicator == "2" and (a > n1 or c > n2):
        return INVALID_INPUT
    if n1 == 0 or n2 == 0:
        return NO_PEOPLE
    if c == 0:
        return NO_COMPARATOR_EVENTS
    if c >= n2:  # every comparator has an event: no higher rate exists, and the power is not defined
        return NOT_DETECTABLE
    return None


def detectability(
    a: float,
    n1: float,
    c: float,
    n2: float,
    *,
    indicator: str,
    log_se: float = math.nan,
    years: Sequence[int] = DEFAULT_YEARS,
    row_years: int = 1,
    power: float = 0.8,
    alpha: float = 0.05,
    side: Side = "above",
) -> Detectability:
    """The ratios one result row's numbers can detect from parity over 1, 3 and 5 years (methods.md §13).

    ``a, n1, c, n2`` are the row's counts as in :mod:`wres.indicators.results`: the numerator group first, so
    for indicators 2 and 4 (White ÷ BME) ``c/n2`` is the BME rate and ``n1`` the White count, and for
    indicator 3 (BME ÷ White) ``c/n2`` is the White rate and ``n1`` the BME count. ``a`` is not used by the
    power calculation (only the comparator's current rate and both group sizes matter) but is validated.
    ``row_years`` is how many years the row already pools (2 for indicator 3's rolling form): the yearly
    volumes are ``n/row_years``. ``side="above"`` (default) gives ratios above parity, the adverse direction
    for all three indicators; ``"below"`` ratios below it. ``log_se`` (the row's Katz SE) adds the
    year-on-year factor of :func:`detectable_change_factor`.

    Never raises for data: an empty group, zero comparator events, missing or impossible counts give NaN
    values with a reason (``no_people``, ``no_comparator_events``, ``missing_input``, ``invalid_input``);
    a horizon whose numbers cannot reach ``power`` at any possible rate gives NaN with ``not_detectable``.
    """
    if indicator not in RATIO_INDICATORS:
        raise ValueError(f"detectability applies to indicators 2, 3 and 4, not {indicator!r}")
    if row_years < 1:
        raise ValueError(f"row_years must be at least 1, got {row_years!r}")
    _check_levels(power, alpha)
    a, n1, c, n2 = (math.nan if v is None else float(v) for v in (a, n1, c, n2))
    reason = _row_reason(indicator, a, n1, c, n2)
    change = detectable_change_factor(log_se, power, alpha) if math.isfinite(log_se) else math.nan
    if reason is not None:
        values = tuple(DetectableRatio(k, math.nan, reason) for k in years)
        return Detectability(indicator, side, values, change, reason)
    p2 = c / n2
    out = []
    for k in years:
        ratio = minimum_detectable_ratio(
            p2, n1 / row_years, n2 / row_years, power=power, alpha=alpha, years=k, side=side
        )
        out.append(DetectableRatio(k, ratio, NOT_DETECTABLE if math.isnan(ratio) else None))
    return Detectability(indicator, side, tuple(out), change, None)
