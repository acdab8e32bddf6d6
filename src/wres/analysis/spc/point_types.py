"""Improvement direction and point types: what a special cause means for this measure (methods.md §8.3).

NHSRplotthedots ``R/ptd_spc_options.R`` (direction → ``d``) and ``R/ptd_calculate_point_type.R``
(``ptd_point_type``; tests/reference/spc/README.md §1.3 (g)): a special cause's sign ``v`` (+1 for Above /
Increasing, −1 for Below / Decreasing) times the direction ``d`` (increase +1, decrease −1) is improvement when
positive and concern when negative; with ``neutral`` a special cause is only high or low.
"""

from __future__ import annotations

from typing import Final, Literal

from wres.errors import UsageError

__all__ = [
    "COMMON",
    "CONCERN",
    "DIRECTIONS",
    "IMPROVEMENT",
    "NEUTRAL_HIGH",
    "NEUTRAL_LOW",
    "POINT_TYPES",
    "Direction",
    "direction_sign",
    "point_type",
    "signal_sign",
]

Direction = Literal["increase", "decrease", "neutral"]
DIRECTIONS: Final[dict[str, int]] = {"increase": 1, "neutral": 0, "decrease": -1}

COMMON: Final = "common_cause"
IMPROVEMENT: Final = "special_cause_improvement"
CONCERN: Final = "special_cause_concern"
NEUTRAL_HIGH: Final = "special_cause_neutral_high"
NEUTRAL_LOW: Final = "special_cause_neutral_low"
POINT_TYPES: Final = (COMMON, IMPROVEMENT, CONCERN, NEUTRAL_HIGH, NEUTRAL_LOW)


def direction_sign(improvement_direction: str) -> int:
    """``increase`` → +1, ``neutral`` → 0, ``decrease`` → −1; anything else is a usage error."""
    try:
        return DIRECTIONS[improvement_direction]
    except KeyError:
        choices = ", ".join(DIRECTIONS)
        raise UsageError(f"SPC improvement direction {improvement_direction!r} is not one of: {choices}") from None


def signal_sign(special_cause_type: str) -> int:
    """+1 if the type contains "Above" or "Increasing", −1 if "Below" or "Decreasing", else 0."""
    if "Above" in special_cause_type or "Increasing" in special_cause_type:
        return 1
    if "Below" in special_cause_type or "Decreasing" in special_cause_type:
        return -1
    return 0


def point_type(special_cause_type: str, improvement_direction: str) -> str:
    """The point type of one point (``ptd_point_type``)."""
    v = signal_sign(special_cause_type)
    d = direction_sign(improvement_direction)
    if d == 0:
        return NEUTRAL_HIGH if v > 0 else NEUTRAL_LOW if v < 0 else COMMON
    s = v * d
    return IMPROVEMENT if s > 0 else CONCERN if s < 0 else COMMON
