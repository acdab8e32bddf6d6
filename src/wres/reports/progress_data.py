"""What the report's "Is it getting better?" section needs (issue 16; :mod:`wres.reports.sections.progress`).

:func:`gather_progress` runs the queries once, with the rest of :func:`wres.reports.data.gather`: the monthly and
quarterly periodic counts (:func:`wres.indicators.periodic.periodic_counts`) and the leading indicators of the
report year (:func:`wres.indicators.leading.compute_leading`), keeping only the rows the report publishes (the WRES
grouping, overall). :func:`progress_view` then gives one tier's view, inside
:func:`wres.reports.data.tier_view`:

* **SPC**: :func:`wres.analysis.progress.progress_from_counts` with the tier's own rules (``tier="public"``: a chart
  only where every count behind it is 8 or more, recomputed from counts rounded to 5, else a summary without any
  value; :mod:`wres.analysis.progress.public`), series up to 31 March of the report year. The public tier never
  reads the internal summaries.
* **Leading indicators**: the rows as computed (internal) or after :func:`wres.disclosure.protect` (public, with
  the policy the rest of the report uses), protected on their own as ``wres progress leading`` protects them.
* **Detectability** (methods.md §13): :func:`wres.analysis.progress.detectability_for` over the tier's rows: the
  nine indicators' rows of the view (public values in the public tier) and the leading rows above, so that a
  suppressed count gives the reason "suppressed" and never a number.

A store whose staff snapshots are all on 31 March (``monthly_staff`` False) has one staff-in-post point a year: the
staff series (the BME share at band 8a and above, and at VSM) are left out of the SPC summary, and the section says
what monthly extracts would add instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from wres.config import WresConfig

if TYPE_CHECKING:
    from wres.analysis.progress import IndicatorDetectability, Progress
    from wres.indicators.periodic import PeriodicCounts
    from wres.indicators.source import Source

__all__ = ["STAFF_SERIES", "ProgressInputs", "ProgressView", "gather_progress", "progress_view"]

STAFF_SERIES: Final = ("senior_share", "vsm_share")
"""The staff-in-post series: one point per staff snapshot, so monthly only where monthly extracts are imported."""


@dataclass
class ProgressInputs:
    """The counts the section's views are computed from, queried once (internal: exact counts)."""

    org_code: str
    year: int
    counts: PeriodicCounts
    """Monthly periodic counts."""
    quarterly: PeriodicCounts
    monthly_staff: bool
    """Whether the store holds staff snapshots on other days than 31 March (monthly extracts)."""
    leading_frame: pd.DataFrame
    leading_counts: pd.DataFrame
    leading_notes: list[str] = field(default_factory=list)


@dataclass
class ProgressView:
    """One tier's view of the section: SPC summaries, the leading rows, detectability."""

    tier: str
    monthly_staff: bool
    spc: Progress
    leading: pd.DataFrame
    detectability: list[IndicatorDetectability]
    leading_notes: list[str] = field(default_factory=list)
    disclosure: dict[str, Any] = field(default_factory=dict)


def _wres_overall(frame: pd.DataFrame, year: int) -> pd.Series:
    """The leading rows and counts the report publishes: the WRES grouping, overall, the report year."""
    years = pd.to_numeric(frame["year"]).astype("int64")
    return (frame["grouping"] == "wres") & (frame["breakdown"] == "overall") & (years == year)


def _monthly_staff(counts: PeriodicCounts, org: str) -> bool:
    dates = pd.to_datetime(counts.staff.loc[counts.staff["org_code"] == org, "snapshot_date"])
    return bool(((dates.dt.month != 3) | (dates.dt.day != 31)).any())


def gather_progress(src: Source, org: str, year: int, config: WresConfig) -> ProgressInputs:
    """Query what the section needs for ``org`` and WRES ``year`` (module docstring)."""
    from wres.indicators.leading import compute_leading
    from wres.indicators.periodic import periodic_counts

    quarterly = periodic_counts(src, config, "quarter", [org])
    counts = periodic_counts(src, config, "month", [org])
    leading = compute_leading(src, [year], orgs=[org], config=config)
    frame = leading.frame[_wres_overall(leading.frame, year).to_numpy()].reset_index(drop=True)
    lead_counts = leading.counts[_wres_overall(leading.counts, year).to_numpy()].reset_index(drop=True)
    return ProgressInputs(
        org_code=org,
        year=year,
        counts=counts,
        quarterly=quarterly,
        monthly_staff=_monthly_staff(counts, org),
        leading_frame=frame,
        leading_counts=lead_counts,
        leading_notes=[str(n) for n in leading.metadata.get("notes", [])],
    )


def progress_view(inputs: ProgressInputs, tier: str, results: pd.DataFrame, config: WresConfig) -> ProgressView:
    """One tier's view (module docstring); ``results``: the tier's own result rows of the nine indicators (public
    values in the public tier)."""
    from dataclasses import replace

    from wres.analysis.progress import detectability_for, progress_from_counts

    spc = progress_from_counts(inputs.counts, inputs.quarterly, inputs.org_code, config, year=inputs.year, tier=tier)
    if not inputs.monthly_staff:  # one point a year: not a monthly chart (the section says what extracts would add)
        spc = replace(spc, series=tuple(s for s in spc.series if s.key not in STAFF_SERIES))
    disclosure: dict[str, Any] = {}
    if tier == "public":
        from wres.disclosure import DisclosurePolicy, protect

        policy = DisclosurePolicy.from_config(config.disclosure)
        protected = protect(inputs.leading_counts, inputs.leading_frame, policy, config=config)
        leading = protected.results
        disclosure = dict(protected.metadata.get("disclosure", {}))
    else:
        leading = inputs.leading_frame.copy()
    frames = [f for f in (results, leading) if not f.empty]
    rows = (
        detectability_for(pd.concat(frames, ignore_index=True), inputs.org_code, inputs.year, tier=tier)
        if frames
        else []
    )
    return ProgressView(
        tier=tier,
        monthly_staff=inputs.monthly_staff,
        spc=spc,
        leading=leading,
        detectability=rows,
        leading_notes=list(inputs.leading_notes),
        disclosure=disclosure,
    )
