"""Every word of the return workbook that names an indicator, a variant, a status or the non-adverse range.

Variant labels, status wording and the non-adverse range come from the shared wording of the report, the CLI and
the web (:mod:`wres.analysis.wording`), so the workbook says what they say; what is the workbook's own is the
return's national wording of each indicator, its sheet titles and the trust's narrative columns. The non-adverse
range is never written here as numbers: :func:`range_text` formats the configured ``[ranges]``
(:class:`wres.config.RangeConfig`, read from the computation's metadata by :func:`configured_range`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from wres.analysis import wording
from wres.disclosure.policy import MARKER

__all__ = [
    "BOARD_VARIANTS",
    "BREAKDOWN_TITLES",
    "CATEGORY_TITLES",
    "NARRATIVE_HEADERS",
    "REASON_LABELS",
    "STATUS_LABELS",
    "SUMMARY_MEASURES",
    "SURVEY_VARIANTS",
    "VARIANT_TITLES",
    "WORDING",
    "configured_range",
    "range_text",
    "status_text",
]

WORDING: Final = {
    "1": "Percentage of staff in each of the AfC bands 1–9 and VSM (including executive board members) compared "
    "with the percentage of staff in the overall workforce",
    "2": "Relative likelihood of staff being appointed from shortlisting across all posts",
    "3": "Relative likelihood of staff entering the formal disciplinary process, as measured by entry into a formal "
    "disciplinary investigation",
    "4": "Relative likelihood of staff accessing non-mandatory training and CPD",
    "5": "Percentage of staff experiencing harassment, bullying or abuse from patients, relatives or the public in "
    "last 12 months",
    "6": "Percentage of staff experiencing harassment, bullying or abuse from staff in last 12 months",
    "7": "Percentage believing that trust provides equal opportunities for career progression or promotion",
    "8": "In the last 12 months have you personally experienced discrimination at work from a manager, team leader "
    "or other colleagues",
    "9": "Percentage difference between the organisation's board voting membership and its overall workforce",
}
"""The national wording of each indicator."""

CATEGORY_TITLES: Final = {
    "non_clinical": "Non-clinical staff",
    "clinical": "Clinical staff (Agenda for Change bands and VSM)",
    "medical_dental": "Medical and dental staff",
    "unclassified": "Staff not classified as clinical or non-clinical",
    "all": "All staff",
}
VARIANT_TITLES: Final = {
    (ind, variant): wording.variant_label(ind, variant)
    for ind, variant in (("2", "all"), ("2", "excluding_international"), ("3", "rolling"), ("3", "single_year"))
} | {("4", "all"): wording.variant_label("4", "all")}
SURVEY_VARIANTS: Final = {v: wording.variant_label("5", v) for v in ("microdata", "published")}
BOARD_VARIANTS: Final = {
    v: wording.variant_label("9", v)
    for v in (
        "board",
        "voting",
        "non_voting",
        "executive",
        "non_executive",
        "voting_known_only",
        "executive_known_only",
    )
}
"""Indicator 9's fixed rows, as the return asks: the whole board, voting and non-voting, executive and
non-executive members, then the standard's two with known ethnicity only."""
BREAKDOWN_TITLES: Final = {
    "band": "band",
    "cluster": "cluster",
    "staff_group": "staff group",
    "clinical": "staff category",
    "directorate": "directorate",
    "site": "site",
    "gender": "gender",
    "internal": "internal or external post",
}
STATUS_LABELS: Final = {status: wording.status_text(status) for status in wording.STATUSES}
"""Each status in full at the default range (the key of statuses; rows use :func:`status_text`, wres-domain.md §6)."""
REASON_LABELS: Final = {
    "no_people": "a group has nobody",
    "comparator_rate_zero": "the comparator rate is 0",
    "no_events": "neither group has any events",
    "missing_input": "an input is missing",
    "suppressed": f"an input is suppressed {MARKER}",
    "invalid_input": "invalid input",
}
SUMMARY_MEASURES: Final = {
    "1": "BME share of the overall workforce",
    "2": "Relative likelihood of appointment from shortlisting (White ÷ BME)",
    "3": "Relative likelihood of entering the formal disciplinary process (BME ÷ White)",
    "4": "Relative likelihood of accessing non-mandatory training and CPD (White ÷ BME)",
    "5": "Harassment, bullying or abuse from patients, relatives or the public: adverse gap (points)",
    "6": "Harassment, bullying or abuse from staff: adverse gap (points)",
    "7": "Equal opportunities for career progression or promotion: adverse gap (points)",
    "8": "Discrimination from a manager, team leader or colleagues: adverse gap (points)",
    "9": "Board share minus workforce share, BME (points)",
}
NARRATIVE_HEADERS: Final = (
    "Narrative: what the figure shows (for the trust to complete)",
    "Action: what the trust will do (for the trust to complete)",
)
"""The two columns the trust fills in on the Summary sheet, one row per headline figure."""
COMPLETENESS_LABEL: Final = "Staff with ethnicity recorded"


def configured_range(metadata: Mapping[str, Any]) -> tuple[float, float]:
    """The non-adverse range the figures were computed with: ``metadata['config']['ranges']`` (the computation's
    :class:`wres.config.RangeConfig`), else the default range."""
    return wording.range_from_metadata(metadata)


def range_text(low: float, high: float) -> str:
    """The non-adverse range as printed: ``0.80 to 1.25``."""
    return wording.range_words(low, high)


def status_text(
    status: str, reason: Any, side: Any, low: float, high: float, indicator: Any = None, group: Any = None
) -> str:
    """A result's status as the workbook prints it: the shared full wording (:func:`wres.analysis.wording.status_text`,
    naming the configured range and the side of it) and, when not computed, the reason."""
    if status == "not_computed" and isinstance(reason, str) and reason:
        return f"{STATUS_LABELS[status]}: {REASON_LABELS.get(reason, reason)}"
    return wording.status_text(
        status or None,
        low=low,
        high=high,
        side=side if isinstance(side, str) else None,
        indicator=str(indicator) if indicator is not None else None,
        group=group if isinstance(group, str) else None,
    )
