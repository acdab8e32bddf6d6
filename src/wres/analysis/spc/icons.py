"""The variation and assurance icons, by NHSRplotthedots' file name and with the text label that always goes with
them so that meaning never rests on colour or shape alone (methods.md §8.3).

Sources: NHSRplotthedots ``R/geom_ptd_icon.R`` (``ptd_get_icons``: the icon files under ``inst/icons/``) and
``R/ptd_calculate_assurance_type.R`` (tests/reference/spc/README.md §1.5–1.6). Point colours are
``R/ptd_spc_colours.R``.
"""

from __future__ import annotations

import math
from typing import Final

from wres.analysis.spc.point_types import COMMON, CONCERN, IMPROVEMENT, NEUTRAL_HIGH, NEUTRAL_LOW, direction_sign

__all__ = [
    "ASSURANCE_ICONS",
    "ASSURANCE_LABELS",
    "CONSISTENT_FAIL",
    "CONSISTENT_PASS",
    "INCONSISTENT",
    "POINT_COLOURS",
    "assurance_icon",
    "assurance_label",
    "assurance_type",
    "variation_icon",
    "variation_label",
]

CONSISTENT_PASS: Final = "consistent_pass"
CONSISTENT_FAIL: Final = "consistent_fail"
INCONSISTENT: Final = "inconsistent"

ASSURANCE_ICONS: Final[dict[str, str]] = {
    CONSISTENT_PASS: "assurance/pass.svg",
    CONSISTENT_FAIL: "assurance/fail.svg",
    INCONSISTENT: "assurance/inconsistent.svg",
}
ASSURANCE_LABELS: Final[dict[str, str]] = {
    CONSISTENT_PASS: "Consistently passing target",
    CONSISTENT_FAIL: "Consistently failing target",
    INCONSISTENT: "Hit and miss target: may pass or fail by chance",
}

_VARIATION_ICONS: Final[dict[tuple[str, int], str]] = {
    (IMPROVEMENT, 1): "variation/improvement_high.svg",
    (IMPROVEMENT, -1): "variation/improvement_low.svg",
    (CONCERN, 1): "variation/concern_low.svg",
    (CONCERN, -1): "variation/concern_high.svg",
    (NEUTRAL_HIGH, 0): "variation/neutral_high.svg",
    (NEUTRAL_LOW, 0): "variation/neutral_low.svg",
}
_VARIATION_LABELS: Final[dict[str, str]] = {
    "variation/common_cause.svg": "Common cause: no significant change",
    "variation/improvement_high.svg": "Special cause: improvement (higher values)",
    "variation/improvement_low.svg": "Special cause: improvement (lower values)",
    "variation/concern_high.svg": "Special cause: concern (higher values)",
    "variation/concern_low.svg": "Special cause: concern (lower values)",
    "variation/neutral_high.svg": "Special cause: higher values, neither improvement nor concern",
    "variation/neutral_low.svg": "Special cause: lower values, neither improvement nor concern",
}

POINT_COLOURS: Final[dict[str, str]] = {
    COMMON: "#a6a6a6",
    IMPROVEMENT: "#00b0f0",
    CONCERN: "#e46c0a",
    NEUTRAL_HIGH: "#490092",
    NEUTRAL_LOW: "#490092",
}
"""Point colours by point type (``R/ptd_spc_colours.R``): grey, blue, orange, purple."""


def variation_icon(latest_point_type: str, improvement_direction: str) -> str:
    """The variation icon from the point type of the latest point (``ptd_get_icons``): a concern is *high* when
    lower is better and *low* when higher is better; an improvement the other way round."""
    if latest_point_type == COMMON:
        return "variation/common_cause.svg"
    key = (latest_point_type, direction_sign(improvement_direction))
    try:
        return _VARIATION_ICONS[key]
    except KeyError:
        raise ValueError(
            f"point type {latest_point_type!r} cannot occur with improvement direction {improvement_direction!r}"
        ) from None


def variation_label(icon: str) -> str:
    """The words that go with a variation icon."""
    return _VARIATION_LABELS[icon]


def assurance_type(target: float | None, lpl: float, upl: float, improvement_direction: str) -> str | None:
    """Whether the process will meet ``target``, from the latest limits (``ptd_calculate_assurance_type``): None
    without a target, with a neutral direction or without limits; a target beyond a limit is consistently passed
    or failed by the direction; a target between the limits, or exactly on one, is hit and miss."""
    d = direction_sign(improvement_direction)
    if target is None or d == 0 or math.isnan(target) or math.isnan(lpl) or math.isnan(upl):
        return None
    if target > upl:
        return CONSISTENT_FAIL if d > 0 else CONSISTENT_PASS
    if target < lpl:
        return CONSISTENT_PASS if d > 0 else CONSISTENT_FAIL
    return INCONSISTENT


def assurance_icon(kind: str | None) -> str | None:
    """The assurance icon of an :func:`assurance_type` (None when there is none)."""
    return None if kind is None else ASSURANCE_ICONS[kind]


def assurance_label(kind: str | None) -> str | None:
    """The words that go with an assurance type (None when there is none)."""
    return None if kind is None else ASSURANCE_LABELS[kind]
