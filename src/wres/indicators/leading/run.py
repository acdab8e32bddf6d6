"""Compute the leading indicators: plans → counts → the indicators' results step (wres-domain.md §7.3).

The counts go through the same roll-up (:func:`wres.indicators.counts.group_counts`) and the same results step as
indicators 2–4 (:func:`wres.indicators.results.results_from_counts`, i.e. ``ratio_results``: rates, ratio,
Koopman and Katz intervals, §6.1 status), so year-on-year change and trend (:mod:`wres.analysis.change`,
:mod:`wres.analysis.trend`) read them as they read indicators 2–4.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.indicators.breakdowns import ETHNIC_BREAKDOWNS, check_breakdown, grouping_for
from wres.indicators.compute import IndicatorResults, _metadata, _sort, missing_headline, restrict
from wres.indicators.counts import COUNT_COLUMNS, GROUPINGS, group_counts, group_lookup
from wres.indicators.fine import FINE_KEY, LEADING_INDICATORS, LEADING_MEASURES
from wres.indicators.leading import appointments, transitions
from wres.indicators.plan import FamilyPlan, Query, distinct_queries, execute_queries
from wres.indicators.results import RESULT_COLUMNS, results_from_counts
from wres.indicators.source import Source

ACTING_UP_NOTE = (
    "L-acting-up not computed (missing_input): no acting-up data recorded; the canonical tables hold no acting-up or "
    "higher-band secondment episodes"
)
HEADLINES: tuple[tuple[str, str, str, str], ...] = (
    ("L-promotion", "afc", "White", "BME"),
    ("L-leaving", "excluding_doctors_in_training", "BME", "White"),
    ("L-internal", "all", "White", "BME"),
    ("L-acting-up", "all", "White", "BME"),
)
"""Each leading indicator's headline row (indicator, variant, numerator group, comparator group): an organisation-
year without it gets a ``not_computed`` / ``missing_input`` row. ``L-appointment-band`` is by band only."""
RECLASSIFICATION_COLUMNS = ["org_code", "year", "from_category", "to_category", "from_group", "to_group", "people"]


@dataclass
class LeadingResults(IndicatorResults):
    """The leading indicators' result rows and counts, with the reclassification table (people in post at both
    snapshots whose ethnic category changed: counted in their Y−1 group, neither leavers nor hires)."""

    reclassifications: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RECLASSIFICATION_COLUMNS))


@dataclass(frozen=True)
class LeadingPlan:
    """The leading plans, each with the groupings its counts roll up to, and the reclassification query."""

    families: tuple[tuple[tuple[str, ...], FamilyPlan], ...]
    transitions: Query | None
    """The transitions query of the overall promotion and leaving rows (also gives the reclassifications)."""
    notes: tuple[str, ...]

    @property
    def plans(self) -> tuple[FamilyPlan, ...]:
        return tuple(plan for _, plan in self.families)


def plan_leading(
    src: Source, years: Sequence[int], by: str | None = None, config: WresConfig = DEFAULT_CONFIG
) -> LeadingPlan:
    """The overall plans (WRES, 5 and 9 groups), indicator 2 by band, and ``by``'s plans when given."""
    check_breakdown(by)
    families: list[tuple[tuple[str, ...], FamilyPlan]] = []
    notes: list[str] = []
    split_by = by if by is not None and by not in ETHNIC_BREAKDOWNS else None
    overall = transitions.plan(src, years, None, config)
    assert overall is not None  # the overall breakdown applies to every table
    families.append((GROUPINGS, overall))
    if split_by is not None:
        split = transitions.plan(src, years, split_by, config)
        if split is None:
            notes.append(f"breakdown {by!r} is not available for promotion and leaving")
        else:
            families.append(((grouping_for(split_by),), split))
    internal = appointments.internal_plan(src, years, None, config)
    if internal is not None:
        families.append((GROUPINGS, internal))
    if split_by is not None:
        split = appointments.internal_plan(src, years, split_by, config)
        if split is None:
            notes.append(f"breakdown {by!r} is not available for internal appointment")
        else:
            families.append(((grouping_for(split_by),), split))
    band = appointments.band_plan(src, years, config)
    if band is not None:
        families.append((("wres",), band))
    notes.append(ACTING_UP_NOTE)
    return LeadingPlan(tuple(families), overall.queries[0], tuple(notes))


def _reclassifications(df: pd.DataFrame, config: WresConfig) -> pd.DataFrame:
    lookup = group_lookup("wres", config)
    out = df.assign(
        from_group=df["from_category"].map(lookup).fillna("Unknown"),
        to_group=df["to_category"].map(lookup).fillna("Unknown"),
    )
    out = out[RECLASSIFICATION_COLUMNS].sort_values(["org_code", "year", "from_category", "to_category"])
    return out.reset_index(drop=True)


def _missing_headlines(frame: pd.DataFrame, orgs: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """A ``not_computed`` / ``missing_input`` headline row for each leading headline an organisation-year lacks
    (acting up always: no acting-up data are recorded)."""
    head = frame[frame["headline"].astype(bool)] if not frame.empty else frame
    have = {(str(o), int(y), i) for o, y, i in zip(head["org_code"], head["year"], head["indicator"], strict=True)}
    rows = [
        missing_headline(org, int(year), ind, variant, group_a, group_b)
        for org in orgs
        for year in years
        for ind, variant, group_a, group_b in HEADLINES
        if (org, int(year), ind) not in have
    ]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def compute_leading(
    src: Source,
    years: Sequence[int],
    orgs: Sequence[str] | None = None,
    by: str | None = None,
    config: WresConfig = DEFAULT_CONFIG,
) -> LeadingResults:
    """The leading indicators from record-level tables for ``years`` (and ``orgs``; default all): overall by WRES,
    5 and 9 groups, indicator 2 by band, and by ``by`` when given. The nine indicators are not computed."""
    src = restrict(src, orgs)
    all_orgs = list(src.organisations()["org_code"].astype(str))
    run = plan_leading(src, years, by, config)
    frames = execute_queries(distinct_queries(run.plans))
    parts = []
    for groupings, plan in run.families:
        fine = plan.assemble({q.name: frames[q.name].copy() for q in plan.queries})
        for indicator, rows in fine.groupby("indicator", sort=False):
            # each indicator's own measures only (a family's frame holds the others' columns, empty)
            own = rows[[*FINE_KEY, *(m for m in LEADING_MEASURES[str(indicator)] if m in rows.columns)]]
            parts += [group_counts(own, g, config) for g in groupings]
    found = [p for p in parts if not p.empty]
    counts = pd.concat(found, ignore_index=True)[COUNT_COLUMNS] if found else pd.DataFrame(columns=COUNT_COLUMNS)
    keep = counts["year"].isin(list(years)) & counts["org_code"].isin(all_orgs)
    counts = counts[keep].reset_index(drop=True)
    notes = list(run.notes)
    moves = frames[run.transitions.name] if run.transitions is not None else None
    excluded = transitions.excluded_bands(moves) if moves is not None else 0
    if excluded:
        notes.append(f"L-promotion: {excluded} people with an UNMAPPED or OTHER_PAY band at either snapshot left out")
    frame = results_from_counts(counts, config)
    frame = frame[frame["indicator"].isin(LEADING_INDICATORS)]
    missing = _missing_headlines(frame, all_orgs, years)
    if not missing.empty:
        frame = pd.concat([frame, missing], ignore_index=True) if not frame.empty else missing
    for col in ("reason", "side"):
        values = frame[col].astype(object)
        frame[col] = values.where(values.notna(), None)
    frame["flags"] = frame["flags"].fillna("").astype(str)
    frame = _sort(frame.reset_index(drop=True))
    reclass = (
        _reclassifications(transitions.reclassifications(moves), config)
        if moves is not None
        else pd.DataFrame(columns=RECLASSIFICATION_COLUMNS)
    )
    return LeadingResults(frame, counts, _metadata(config, src.engine, "records", notes), reclass)
