"""The report's fixed wording: each indicator's name and NHS England wording, the column heads over a
group's counts, staff-category titles and the known limitations (statuses and variants are
:mod:`wres.analysis.wording`'s).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from wres.analysis.wording import (
    INDICATOR_NAMES,
)

INDICATOR_TITLES: Final[Mapping[str, str]] = INDICATOR_NAMES
"""Each indicator's name (:data:`wres.analysis.wording.INDICATOR_NAMES`)."""
WORDING: Final[Mapping[str, str]] = {
    "1": "Percentage of staff in each of the Agenda for Change bands 1–9 and VSM (including executive board members) "
    "compared with the percentage of staff in the overall workforce, for clinical and non-clinical staff.",
    "2": "Relative likelihood of staff being appointed from shortlisting across all posts.",
    "3": "Relative likelihood of staff entering the formal disciplinary process, as measured by entry into a formal "
    "disciplinary investigation.",
    "4": "Relative likelihood of staff accessing non-mandatory training and CPD.",
    "5": "Percentage of staff experiencing harassment, bullying or abuse from patients, relatives or the public in the "
    "last 12 months (NHS Staff Survey).",
    "6": "Percentage of staff experiencing harassment, bullying or abuse from staff in the last 12 months (NHS Staff "
    "Survey).",
    "7": "Percentage of staff believing that the organisation provides equal opportunities for career progression or "
    "promotion (NHS Staff Survey).",
    "8": "Percentage of staff who personally experienced discrimination at work from a manager, team leader or other "
    "colleagues in the last 12 months (NHS Staff Survey).",
    "9": "Percentage difference between the board's voting membership and its overall workforce, and the same for "
    "executive board members.",
}
COUNT_HEADS: Final[Mapping[str, str]] = {
    "2": "{group}: appointed of shortlisted",
    "3": "{group}: entrants of staff",
    "4": "{group}: accessed of staff",
    "5": "{group}: experienced it of those answering",
    "6": "{group}: experienced it of those answering",
    "7": "{group}: said yes of those answering",
    "8": "{group}: experienced it of those answering",
}
"""The column head over a group's "x of n" counts (the group is the row's own where the rows differ)."""
CATEGORY_TITLES: Final[Mapping[str, str]] = {
    "non_clinical": "Non-clinical staff",
    "clinical": "Clinical staff (Agenda for Change bands)",
    "medical_dental": "Medical and dental staff",
    "all": "All staff",
}

LIMITATIONS: Final[tuple[str, ...]] = (
    "“BME” hides large differences between ethnic groups; the disaggregated section shows each group against White "
    "staff.",
    "International recruitment moves the aggregates: indicator 2 is also shown excluding internationally recruited "
    "applicants.",
    "Modest ratios compound across promotion steps; the band profile shows where representation falls away.",
    "Small numbers make ratios jump: every figure has a confidence interval, and a ratio outside the range but with "
    "an interval that includes 1 is reported as “too few to be sure”, not as adverse.",
    "Aggregate ratios ignore composition (for example by band or staff group) and can hide or reverse differences "
    "within groups.",
    "Ethnicity that is not recorded can bias comparisons; completeness is reported in this appendix.",
    "Survey indicators depend on who responds; their bases are always shown. Indicator 7 is not compared across the "
    "2021 survey redesign.",
    "Board figures rest on very few people: one appointment moves indicator 9 by several points.",
    "Some definitions are not confirmed by NHS England; the choices this report used are listed under “Intervals, "
    "statuses and ranges” above, so that results can be recomputed.",
)
