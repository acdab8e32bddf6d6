"""Every word of the return workbook that names an indicator, a variant, a status or the non-adverse range.

One module, so that the workbook's wording can be pointed at the shared wording of the reports in one place. The
non-adverse range is never written here as numbers: :func:`range_text` formats the configured ``[ranges]``
(:class:`wres.config.RangeConfig`, read from the computation's metadata by :func:`configured_range`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from wres.config import DEFAULT_CONFIG
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
    ("2", "all"): "All posts",
    ("2", "excluding_international"): "Excluding internationally recruited applicants",
    ("3", "rolling"): "Two-year rolling form",
    ("3", "single_year"): "Single-year form",
    ("4", "all"): "All staff",
}
SURVEY_VARIANTS: Final = {"microdata": "Survey microdata", "published": "Published summary (counts reconstructed)"}
BOARD_VARIANTS: Final = {
    "voting": "Voting members",
    "executive": "Executive members",
    "voting_known_only": "Voting members, known ethnicity only",
    "executive_known_only": "Executive members, known ethnicity only",
}
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
STATUS_LABELS: Final = {
    "adverse_evidence": "Outside the non-adverse range; statistically significant",
    "insufficient_evidence": "Outside the range, but the numbers are too small to be sure",
    "within_range": "Within the non-adverse range",
    "bme_worse_evidence": "BME staff fare worse, with evidence",
    "bme_better_evidence": "BME staff fare better, with evidence",
    "no_evidence": "No evidence of a difference",
    "under_represented_evidence": "Under-represented, with evidence",
    "over_represented_evidence": "Over-represented, with evidence",
    "descriptive": "Descriptive (whole population)",
    "not_computed": "Not computed",
}
"""Each status's short label (wres-domain.md §6)."""
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
    config = metadata.get("config")
    ranges = config.get("ranges") if isinstance(config, Mapping) else None
    if isinstance(ranges, Mapping):
        low, high = ranges.get("low"), ranges.get("high")
        if isinstance(low, int | float) and isinstance(high, int | float):
            return float(low), float(high)
    return DEFAULT_CONFIG.ranges.low, DEFAULT_CONFIG.ranges.high


def range_text(low: float, high: float) -> str:
    """The non-adverse range as printed: ``0.80 to 1.25``."""
    return f"{low:.2f} to {high:.2f}"


RANGED_TEMPLATES: Final = {
    "adverse_evidence": "Outside the non-adverse range {range}{side}; statistically significant",
    "insufficient_evidence": "Outside the non-adverse range {range}{side}, but the numbers are too small to be sure",
    "within_range": "Within the non-adverse range {range}",
}
"""The statuses of indicators 2–4, which name the configured range and the side of it."""


def status_text(status: str, reason: Any, side: Any, low: float, high: float) -> str:
    """A result's status as the workbook prints it: the label, the reason when not computed, and for the statuses
    of indicators 2–4 the configured range and the side of it (``above`` or ``below``)."""
    if status == "not_computed" and isinstance(reason, str) and reason:
        return f"{STATUS_LABELS[status]}: {REASON_LABELS.get(reason, reason)}"
    template = RANGED_TEMPLATES.get(status)
    if template is None:
        return STATUS_LABELS.get(status, status)
    where = f", {side} it" if isinstance(side, str) and side else ""
    return template.format(range=range_text(low, high), side=where)
