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

# -- "Is it getting better?" (:mod:`wres.reports.sections.progress`) ---------------------------------------------
PROGRESS_INTRO: Final = (
    "One ratio a year moves slowly and jumps with small numbers, so a board cannot easily tell a real change from "
    "noise. This section looks for change in four ways: month by month with the NHS “Making Data Count” "
    "statistical process control charts, year by year with the multi-year trends, through leading indicators that "
    "move before the nine do, and by saying how large a change this organisation's numbers can detect at all."
)
SPC_KEY: Final[tuple[str, ...]] = (
    "Special cause — improvement: a pattern too unlikely to be chance (a point outside the process limits, a run "
    "of seven points above or below the mean, seven rising or falling in a row, or two of three close to a limit), "
    "in the direction that is better for BME staff.",
    "Special cause — concern: such a pattern in the direction that is worse.",
    "Common cause — no significant change: the values vary within their limits; the differences between periods "
    "are the noise any process shows, and no one period should be read as a change.",
    "Trial limits: with fewer than 12 points the limits are provisional and will move as periods arrive.",
)
"""The key to the variation icons, in words (meaning never rests on colour alone: methods.md §8.3)."""
ASSURANCE_KEY: Final = (
    "Assurance (only where a target is set): consistently passing or failing the target when the whole range "
    "between the limits lies on one side of it, hit and miss when the target lies between the limits."
)
MONTHLY_EXTRACTS: Final = (
    "This store holds staff in post on 31 March only, so the staff series — the BME share of staff at band 8a and "
    "above, and at VSM — have one point a year, too few for a control chart. Monthly staff-in-post extracts (from "
    "ESR, imported with `wres import`) would add a point every month: a change in who is appointed or promoted into "
    "senior bands would show within months, instead of in next year's WRES return."
)
NO_SERIES: Final = (
    "The store holds no dated recruitment, disciplinary, training or staff records up to 31 March {year}, so there "
    "is no month-by-month series to chart."
)
SPC_NOT_PUBLISHED: Final = (
    "Numbers too small to publish the chart or any value: the icon and its reading are given, computed on the "
    "unpublished figures."
)
SPC_ROUNDED_NOT_PUBLISHED: Final = "The icon and its reading are computed on the unpublished figures."
"""Beside :data:`wres.analysis.progress.public.ROUNDING_CAUTION`, which already says why the chart is not shown."""
LEADING_INTRO: Final = (
    "Leading indicators show where race disparities build up before they reach the nine indicators: who is promoted "
    "between one 31 March and the next, who leaves, and who is appointed when applying internally. They are read "
    "like indicators 2–4: a ratio above 1 is adverse to BME staff, with its 95% interval and status."
)
ACTING_UP_MISSING: Final = (
    "Acting up: not recorded. The records hold no acting-up or higher-band secondment episodes, so this "
    "indicator cannot be computed."
)
DETECT_INTRO: Final = (
    "How large must a difference be before this organisation's numbers can show it? For each relative likelihood, "
    "the smallest ratio that one, three or five years of data would tell from parity (equal likelihood) 80 times in "
    "100, at the 95% level. A smaller ratio may still be real: these numbers cannot show it, so a small move either "
    "way should not be read as success or failure."
)
DETECT_NOTE: Final = (
    "80% power, 95% level (two-proportion test, methods.md §13). Pooling three or five years assumes the same "
    "numbers each year. Year on year: the factor by which the ratio would have to change between two single years "
    "for the change to be detected."
)

# -- "Where today's rates lead" (:mod:`wres.reports.sections.outlook`) --------------------------------------------
OUTLOOK_INTRO: Final = (
    "Where is this organisation heading? This section sets each senior band's Model Employer target — BME "
    "representation in the band matching the whole workforce's by the target year, along a straight line from a "
    "baseline year — and shows how far each band is from this year's step on that line. It then projects the BME "
    "share of each band ten years ahead from today's rates of hiring, promotion and leaving, says when each band "
    "would reach the workforce share, and whether today's rates would get there by the target year."
)
MODEL_EMPLOYER_INTRO: Final = (
    "A Model Employer (NHS England, 2019) asks each organisation to set targets for BME representation in its senior "
    "bands. This report reads it as: by {target} each band's BME share reaches the organisation's overall BME share "
    "({reference}, at 31 March {reference_year}), on a straight line from the band's share at 31 March {baseline}. "
    "The target in people is the target share of the band's staff this year, rounded up; the gap is the target less "
    "the BME staff in the band; the net gain a year is how many more BME staff the band needs each year, net of "
    "leavers, to reach the workforce share by {target}."
)
NOT_ISSUED_LABEL: Final = "not issued: computed from today's data"
"""The trajectory's label when none was issued (the targets are computed from the store as it is today)."""
PROJECTION_INTRO: Final = (
    "The projection follows staff between bands as a flow model: each year people stay, are promoted, move or leave "
    "with the rates this organisation's staff records show for their ethnic group, and new starters join each band "
    "as they have recently. It is run {runs} times with the uncertainty in those rates, so each year's share is "
    "given as the middle (median) of the runs and a 95% interval. The rates are estimated from the moves between "
    "consecutive 31 March snapshots ({pairs}). The workforce share it aims for is the organisation's overall BME "
    "share at 31 March {year} ({reference})."
)
SCENARIO_MEANINGS: Final[Mapping[str, str]] = {
    "baseline": "At today's rates: hiring, promotion and leaving continue as the recent years show.",
    "equal-promotion": "With equal promotion: BME staff are promoted to each higher band as often as White staff "
    "in the same band; everything else as today.",
    "equal-appointment": "With equal appointment: each band's new starters are BME in the same proportion as the "
    "shortlisted applicants for its posts (the same likelihood of appointment from shortlisting, indicator 2).",
    "equal-leaving": "With equal leaving: BME staff leave each band as often as White staff in the same band.",
    "hiring-mix": "With a different hiring mix: a chosen share of every band's new starters are BME.",
}
"""What each scenario means, one line each."""
PROJECTION_CAVEAT: Final = (
    "A projection is not a forecast: it shows where today's rates lead if nothing changes, and what a change of one "
    "kind would do. Rates estimated from few people are uncertain, and the intervals say how much."
)
