"""What the data showed at a review (issue 15): each of the objective's measures at the latest WRES year on or before
the review date, with its 95% interval, status and year-on-year change reading, in one disclosure tier, frozen
into :attr:`wres.web.plan.models.Review.data` when the review is first saved (later imports do not change it).

**Tier.** The figures are the dashboard's own (:func:`wres.web.figures.figures`): the internal tier (unsuppressed)
only when the person saving the review may see unsuppressed figures, else the public tier (after disclosure
control), so a review never freezes figures its author could not see. Each snapshot records its tier
(:attr:`wres.plan.records.MeasureSnapshot.tier`); pages show an internal snapshot only to roles holding
``VIEW_UNSUPPRESSED``. In the internal tier a measure the report does not hold (indicators 2–8 by band, cluster,
directorate…) is read from the breakdown's own results, as the objective page's chart reads it
(:func:`wres.web.plan.pages.internal_points`), its change reading against the year before from
:func:`wres.plan.progress.change_since_baseline`. A measure the public tier does not publish (a breakdown the
report leaves out, a suppressed row) is frozen without a value, with the status saying so.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from wres.analysis.change import NOT_CALCULATED
from wres.errors import WresError
from wres.plan import records as r
from wres.plan.progress import Point, change_since_baseline
from wres.plan.series import points_from_results, row_group
from wres.web import figures
from wres.web.roles import Capability, Role, can

NOT_SHOWN = "not shown in this tier"


def snapshot_tier(role: Role | str) -> str:
    """The tier a review saved by ``role`` freezes."""
    return "internal" if can(role, Capability.VIEW_UNSUPPRESSED) else "public"


def wres_year(org: str, held: date) -> int | None:
    """The latest WRES year the warehouse holds for ``org`` whose 31 March snapshot is on or before ``held``."""
    years = [y for y in figures.years(org) if date(y, 3, 31) <= held]
    return years[-1] if years else None


def _change(changes: pd.DataFrame, measure: r.Measure, variant: str) -> str:
    if changes.empty or "label" not in changes:
        return ""
    rows = changes[
        (changes["indicator"].astype(str) == measure.indicator)
        & (changes["breakdown"] == measure.breakdown)
        & (changes["stratum"].astype(str) == measure.stratum)
        & (changes["category"] == measure.category)
        & (changes["grouping"] == measure.grouping)
        & (changes["variant"].astype(str) == variant)
    ]
    for a, b, label in zip(rows["group_a"], rows["group_b"], rows["label"], strict=True):
        if row_group(str(a), str(b)) == measure.group:
            return str(label) if isinstance(label, str) else ""
    return ""


def snapshot(org: str, measures: list[r.Measure], held: date, tier: str) -> list[r.MeasureSnapshot]:
    """Each measure's value at the WRES year of ``held`` in ``tier`` (empty when the warehouse holds no year
    before the review)."""
    year = wres_year(org, held)
    if year is None:
        return []
    try:
        view = figures.figures(org, year, tier).view
    except WresError:
        return [r.MeasureSnapshot(m, year, None, None, None, "no data", tier=tier) for m in measures]
    out = []
    for m in measures:
        point = next((p for p in points_from_results(view.results, org, m) if p.year == year), None)
        change = _change(view.changes, m, point.variant) if point is not None else ""
        if point is None and tier == "internal":
            point, change = _from_breakdown(org, m, year)
        if point is None:
            out.append(r.MeasureSnapshot(m, year, None, None, None, NOT_SHOWN, tier=tier))
            continue
        out.append(
            r.MeasureSnapshot(
                measure=m,
                year=year,
                estimate=point.estimate,
                low=point.low,
                high=point.high,
                status=point.status,
                change=change,
                tier=tier,
            )
        )
    return out


def _from_breakdown(org: str, m: r.Measure, year: int) -> tuple[Point | None, str]:
    """The internal point of ``m`` in ``year`` from its breakdown's own results, and its change reading against the
    year before (empty when that year has no value)."""
    from wres.web.plan.pages import internal_points

    try:
        points = {p.year: p for p in internal_points(org, m)}
    except WresError:
        return None, ""
    point = points.get(year)
    if point is None or point.estimate is None:
        return None, ""
    before = points.get(year - 1)
    if before is None or before.estimate is None:
        return point, ""
    reading = change_since_baseline(m, before, point).reading
    return point, reading if reading and reading != NOT_CALCULATED else ""
