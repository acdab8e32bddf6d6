"""Synthetic pay: an hourly rate, contracted hours and a whole-time equivalent for everyone, with a known ethnic gap
within band (issue 17; ADR 0018).

**Pay by band.** Each band has a range of annual basic pay, roughly the 2025/26 pay points (England):

* Agenda for Change bands 2–9: the bottom and top pay points of the 2025/26 pay scales (NHS Employers, "Pay
  scales for 2025/26", https://www.nhsemployers.org/articles/pay-scales-202526; band 1 is closed to new entrants and
  paid as band 2); "under band 1" (apprentices and similar) is an illustrative range below band 2;
* medical and dental: consultants (2003 contract), specialty doctors (2021 contract), resident doctors in training
  (foundation year 1 to the top of specialty registrar) per the 2025/26 pay award
  (https://www.nhsemployers.org/articles/pay-and-conditions-circulars-medical-and-dental-staff); other medical
  grades (trust grades, clinical fellows) an illustrative range between the two; very senior managers an
  illustrative 110,000–200,000 pounds.

The figures are approximate: the generator needs realistic relativities between bands, not a payroll. Hourly pay is
annual pay ÷ (weekly hours × 365/7), with 37.5 hours a week under Agenda for Change and 40 for doctors.

**Who gets what.** Everyone has a position ``u`` in their band's range, uniform on 0–1 and fixed for life, drawn
with their whole-time equivalent from a random stream of its own (so every other table is exactly what it was
before pay existed). White and Unknown staff are paid ``low + u × (high − low)``; BME staff ``(1 − g)`` times that,
``g = SynthConfig.pay_gap_within`` (default 0.02). So, in expectation:

* within every band, the BME mean and median are ``(1 − g)`` times the White ones: a within-band gap of ``100 g`` %;
* the overall White − BME mean gap is ``100 × (Σ_b s_W,b m_b − (1 − g) Σ_b s_B,b m_b) / Σ_b s_W,b m_b`` with
  ``m_b`` the band's mid-range hourly rate (:func:`band_mid_hourly`) and ``s_·,b`` the realised band mix: a band-mix
  part ``100 × Σ_b (s_W,b − s_B,b) m_b / Σ_b s_W,b m_b`` and a within-band part ``100 g Σ_b s_B,b m_b /
  Σ_b s_W,b m_b`` (:func:`known_gap_parts`), which :func:`wres.analysis.paygap.decompose` recovers.

Rates are rounded to the penny; hours to two decimals (``fte × 37.5`` or ``× 40``); bank-only workers have no
contracted hours (0 hours, FTE 0) but an hourly rate for their band.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from wres.synth import profiles as pf

__all__ = [
    "ANNUAL_PAY_2025_26",
    "FTE_CHOICES",
    "band_hourly_range",
    "band_mid_hourly",
    "hourly_rates",
    "known_gap_parts",
    "weekly_hours",
]

ANNUAL_PAY_2025_26: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "U1": (20_000.0, 24_000.0),
        "1": (24_465.0, 24_465.0),
        "2": (24_465.0, 24_465.0),
        "3": (24_937.0, 26_598.0),
        "4": (27_485.0, 30_162.0),
        "5": (29_970.0, 36_483.0),
        "6": (37_338.0, 44_962.0),
        "7": (46_148.0, 52_809.0),
        "8a": (53_755.0, 60_504.0),
        "8b": (62_215.0, 72_293.0),
        "8c": (74_290.0, 85_601.0),
        "8d": (88_168.0, 101_677.0),
        "9": (105_385.0, 121_271.0),
        "VSM": (110_000.0, 200_000.0),
        "MD_CONS": (109_725.0, 145_478.0),
        "MD_NCCG": (61_542.0, 96_192.0),
        "MD_TRAIN": (38_831.0, 73_992.0),
        "MD_OTHER": (44_000.0, 80_000.0),
    }
)
"""Annual basic pay range (bottom, top) in pounds per synthetic band, roughly 2025/26 (see the module docstring)."""

AFC_HOURS, MEDICAL_HOURS = 37.5, 40.0
WEEKS_PER_YEAR = 365.0 / 7.0
FTE_CHOICES: tuple[tuple[float, float], ...] = ((1.0, 0.72), (0.8, 0.1), (0.6, 0.08), (0.5, 0.06), (0.4, 0.04))
"""(whole-time equivalent, probability) of a non-bank person."""

_MEDICAL = frozenset({"MD_CONS", "MD_NCCG", "MD_TRAIN", "MD_OTHER"})


def weekly_hours(band: str) -> float:
    """Full-time hours a week in ``band``: 40 for doctors, 37.5 otherwise."""
    return MEDICAL_HOURS if band in _MEDICAL else AFC_HOURS


def band_hourly_range(band: str) -> tuple[float, float]:
    """The (bottom, top) hourly rate of ``band``: annual pay ÷ (weekly hours × 365/7)."""
    low, high = ANNUAL_PAY_2025_26[band]
    per_year = weekly_hours(band) * WEEKS_PER_YEAR
    return low / per_year, high / per_year


def band_mid_hourly(band: str) -> float:
    """The mean White hourly rate in ``band`` under the generator's model (mid-range: ``u`` is uniform)."""
    low, high = band_hourly_range(band)
    return (low + high) / 2.0


_LOW = np.array([band_hourly_range(b)[0] for b in pf.BANDS])
_HIGH = np.array([band_hourly_range(b)[1] for b in pf.BANDS])
_HOURS = np.array([weekly_hours(b) for b in pf.BANDS])


def hourly_rates(
    band: NDArray[np.int64], position: NDArray[np.float64], bme: NDArray[np.bool_], gap: float
) -> NDArray[np.float64]:
    """Hourly rates in pounds, rounded to the penny: ``(low + u (high − low)) × (1 − gap if BME else 1)``.

    ``band`` indexes :data:`wres.synth.profiles.BANDS`. The penny rounding is ``rint(100 x) / 100``, which gives the
    same double as reading the two-decimal text back (both are the correctly rounded value of an integer ÷ 100).
    """
    base = _LOW[band] + position * (_HIGH[band] - _LOW[band])
    rate = base * np.where(bme, 1.0 - gap, 1.0)
    return np.asarray(np.rint(rate * 100.0) / 100.0, dtype=np.float64)


def contracted_hours(band: NDArray[np.int64], fte: NDArray[np.float64]) -> NDArray[np.float64]:
    """Contracted hours a week: ``fte ×`` the band's full-time hours, to two decimals."""
    return np.asarray(np.rint(fte * _HOURS[band] * 100.0) / 100.0, dtype=np.float64)


def draw_positions(
    n: int, bank: NDArray[np.bool_], seed: np.random.SeedSequence
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per person: the position in the band's range (uniform 0–1) and the whole-time equivalent (0 for bank-only
    workers, else from :data:`FTE_CHOICES`).

    Each comes from its own child stream of ``seed``, and person ``i`` gets the ``i``-th draw of each: a run with
    more people (a known effect adds hires) gives everyone already there the same pay."""
    position_rng, fte_rng = (np.random.default_rng(s) for s in seed.spawn(2))
    position = position_rng.random(n)
    values = np.array([v for v, _ in FTE_CHOICES])
    probs = np.array([p for _, p in FTE_CHOICES])
    fte = values[fte_rng.choice(len(values), size=n, p=probs / probs.sum())]
    return position, np.where(bank, 0.0, fte)


def known_gap_parts(white_bands: NDArray[np.int64], bme_bands: NDArray[np.int64], gap: float) -> tuple[float, float]:
    """The expected (band-mix part, within-band part) of the White − BME mean gap %, for people in these bands
    (indexes of :data:`wres.synth.profiles.BANDS`), under the generator's model (see the module docstring)."""
    mid = np.array([band_mid_hourly(b) for b in pf.BANDS])
    white = float(mid[white_bands].mean())
    bme = float(mid[bme_bands].mean())
    return 100.0 * (white - bme) / white, 100.0 * gap * bme / white
