"""The shape every indicator family's Ibis expression produces: counts by ethnic category ("fine counts").

Families aggregate record-level tables to one row per organisation, WRES year, variant, category,
breakdown, stratum and canonical ethnic category, with one column per measure. :mod:`wres.indicators.counts`
then rolls ethnic categories up to the WRES, 5- or 9-group grouping, in plain pandas, so the same rules
serve the record-level path and the aggregated-counts path.
"""

from __future__ import annotations

import pandas as pd

FINE_KEY = ["org_code", "year", "indicator", "variant", "category", "breakdown", "stratum", "ethnic_category"]

# The measures each indicator needs, per group (wres-domain.md §5.0, "two input paths").
MEASURES: dict[str, tuple[str, ...]] = {
    "1": ("headcount",),
    "2": ("shortlisted", "appointed"),
    "3": ("entrants", "entrants_prev", "headcount"),
    "4": ("accessed", "headcount"),
    "5": ("respondents", "adverse"),
    "6": ("respondents", "adverse"),
    "7": ("respondents", "adverse"),
    "8": ("respondents", "adverse"),
    "9": ("members", "workforce"),
}
INDICATORS = tuple(MEASURES)

# --- leading indicators (wres-domain.md §7.3; wres.indicators.leading) -----------------------------------------
# Not among the nine: INDICATORS, the counts file and the missing-row rules stay those of indicators 1-9.
LEADING_MEASURES: dict[str, tuple[str, ...]] = {
    "L-promotion": ("promoted", "promotion_base"),
    "L-leaving": ("left", "in_post"),
    "L-internal": ("shortlisted", "appointed"),
    "L-appointment-band": ("shortlisted", "appointed"),
    "L-acting-up": ("acting_up", "headcount"),
}
"""The measures of each leading indicator, per group (events first, then people)."""
LEADING_INDICATORS = tuple(LEADING_MEASURES)


def finish(df: pd.DataFrame, indicator: str, variant: str, breakdown: str, category: str = "all") -> pd.DataFrame:
    """Add the constant key columns to an aggregated frame and order the columns."""
    out = df.copy()
    out["indicator"] = indicator
    if "variant" not in out:
        out["variant"] = variant
    if "category" not in out:
        out["category"] = category
    out["breakdown"] = breakdown
    out["year"] = out["year"].astype("int64")
    measures = [m for m in MEASURES.get(indicator) or LEADING_MEASURES[indicator] if m in out.columns]
    return out[[*FINE_KEY, *measures]]


def breakdown_name(by: str | None) -> str:
    """The breakdown label stored with results: ``overall`` when there is no stratifying breakdown."""
    from wres.indicators.breakdowns import ETHNIC_BREAKDOWNS

    return "overall" if by is None or by in ETHNIC_BREAKDOWNS else by
