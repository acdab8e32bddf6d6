"""Indicator 3: relative likelihood of entering the formal disciplinary process (wres-domain.md §5.3).

Entrants are distinct people entering at least one formal disciplinary investigation in the activity year
(leavers included, bank-only excluded); the denominator is headcount at 31 March Y. RL3 = L_BME ÷ L_White.
Each entrant is classified (ethnicity, band, ...) by the 31 March snapshot of the WRES year of their entry, or
their latest snapshot before it (:mod:`wres.indicators.events`; §5.0 "Stable history").

The counts carry both years (``entrants`` for Y, ``entrants_prev`` for Y−1, the entrants of WRES year Y−1) so
that the two-year rolling form (default) and the single-year form are both computed from them. A measure is
missing (NaN, so ``missing_input``), never zero, when its activity year is not covered (§5.0 "Coverage per
activity year"): ``entrants`` when the disciplinary table holds no case of the organisation starting in
activity year Y (both forms not computed); ``entrants_prev`` when it holds none in Y−1, or the organisation has
no 31 March Y−1 snapshot (the rolling form is not computed; the single-year form still is).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from wres.config import WresConfig
from wres.indicators.events import activity_years, people_with_events
from wres.indicators.fine import breakdown_name, finish
from wres.indicators.headcounts import headcount, snapshot_years, staff_counts
from wres.indicators.plan import FamilyPlan, Query, org_years, query_name
from wres.indicators.source import Source

KEYS = ["org_code", "year", "stratum", "ethnic_category"]


def plan(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> FamilyPlan | None:
    """Four queries: ``disciplinary_entrants[by=...]`` (entrants per WRES year, Y and Y−1), the 31 March staff
    counts (shared with indicators 1, 4 and 9), the previous years' snapshots and the disciplinary table's activity
    years; None for a breakdown that does not apply."""
    if by in ("internal",):
        return None
    wanted = sorted(set(years) | {y - 1 for y in years})
    entrants = Query(
        query_name("disciplinary_entrants", by),
        people_with_events(src, src.table("disciplinary"), "investigation_start", wanted, by, config),
    )
    staff = staff_counts(src, years, by, config)
    previous = snapshot_years(src, [y - 1 for y in years], config)
    coverage = activity_years(src, "disciplinary", "investigation_start")

    def assemble_plan(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        heads = headcount(frames[staff.name])
        have_prev = org_years(frames[previous.name])
        return assemble(heads, frames[entrants.name], have_prev, years, org_years(frames[coverage.name]), by)

    return FamilyPlan("disciplinary", ("3",), (entrants, staff, previous, coverage), assemble_plan)


def assemble(
    heads: pd.DataFrame,
    entrants: pd.DataFrame,
    have_prev: set[tuple[str, int]],
    years: Sequence[int],
    covered: set[tuple[str, int]],
    by: str | None,
) -> pd.DataFrame:
    """Headcount at Y with entrants in Y and Y−1 (``entrants`` has a ``people`` column per event year).

    ``have_prev``: (org, Y−1) pairs with a 31 March Y−1 snapshot; ``covered``: (org, year) pairs whose activity
    year holds at least one disciplinary case.
    """
    current = entrants.rename(columns={"people": "entrants"})
    previous = entrants.assign(year=entrants["year"] + 1).rename(columns={"people": "entrants_prev"})
    df = heads.merge(current, on=KEYS, how="outer").merge(previous, on=KEYS, how="outer")
    df = df[df["year"].isin(list(years))].copy()
    df[["headcount", "entrants", "entrants_prev"]] = df[["headcount", "entrants", "entrants_prev"]].fillna(0)
    pairs = list(zip(df["org_code"], df["year"], strict=True))
    this_ok = np.array([(o, y) in covered for o, y in pairs], dtype=bool)
    prev_ok = np.array([(o, y - 1) in have_prev and (o, y - 1) in covered for o, y in pairs], dtype=bool)
    df.loc[~this_ok, "entrants"] = np.nan
    df.loc[~prev_ok, "entrants_prev"] = np.nan
    return finish(df, "3", "all", breakdown_name(by))
