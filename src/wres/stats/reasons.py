"""Reason codes for results that are not computed (wres-domain.md §5.0).

A statistic that cannot be computed is reported as NaN *together with* one of these codes, never as infinity
and never as an unexplained NaN. Reason arrays are ``numpy`` object arrays holding one of the strings below or
``None`` (computed).

Precedence when several apply to one row: ``missing_input`` > ``invalid_input`` > ``no_people`` >
``no_events`` > ``comparator_rate_zero``. ``suppressed`` is assigned by the disclosure layer, not here.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "COMPARATOR_RATE_ZERO",
    "INVALID_INPUT",
    "MISSING_INPUT",
    "NO_EVENTS",
    "NO_PEOPLE",
    "REASON_CODES",
    "SUPPRESSED",
]

NO_PEOPLE: Final = "no_people"
"""A group's denominator is 0."""
COMPARATOR_RATE_ZERO: Final = "comparator_rate_zero"
"""The ratio's denominator rate is 0 while the numerator rate is positive."""
NO_EVENTS: Final = "no_events"
"""Both groups have 0 events."""
MISSING_INPUT: Final = "missing_input"
"""A required input is absent (NaN / None / pandas NA)."""
SUPPRESSED: Final = "suppressed"
"""Public tier only: an input was suppressed (set by ``wres.disclosure``)."""
INVALID_INPUT: Final = "invalid_input"
"""Events > people, negative or infinite counts, or a base strictly between 0 and 1: a data error."""

REASON_CODES: Final[tuple[str, ...]] = (
    NO_PEOPLE,
    COMPARATOR_RATE_ZERO,
    NO_EVENTS,
    MISSING_INPUT,
    SUPPRESSED,
    INVALID_INPUT,
)
