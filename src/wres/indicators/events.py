"""Linking staff events (disciplinary cases, learning) to people, for indicators 3 and 4.

An event belongs to the WRES year whose activity year contains its date. The person is counted once per
activity year (distinct people), with the ethnic category of their latest snapshot and the band, staff group
and other attributes of their latest snapshot on or before 31 March of that year. Bank-only people are out
of scope. People never seen in a staff snapshot count as Unknown ethnicity (the data-quality report lists
them).
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir
import pandas as pd

from wres.config import WresConfig
from wres.indicators.breakdowns import staff_stratum
from wres.indicators.calendar import wres_year_expr
from wres.indicators.people import NOT_RECORDED, latest_ethnicity, snapshots
from wres.indicators.source import Source, execute


def people_with_events(
    src: Source, events: ir.Table, date_col: str, years: Sequence[int], by: str | None, config: WresConfig
) -> pd.DataFrame:
    """Distinct people with at least one event per (org, year, stratum, ethnic category): column ``people``."""
    staff = src.table("staff")
    ev = events.mutate(year=wres_year_expr(events[date_col]))
    ev = ev.filter(ev.year.isin(list(years))).select("org_code", "person_id", "year").distinct()
    # attributes as at the latest snapshot on or before 31 March of the event's year
    joined = ev.left_join(
        staff,
        [
            ev.org_code == staff.org_code,
            ev.person_id == staff.person_id,
            staff.snapshot_date <= ibis.date(ev.year.cast("int32"), 3, 31),
        ],
    )
    w = ibis.window(group_by=[joined.org_code, joined.person_id, joined.year], order_by=ibis.desc(joined.snapshot_date))
    ranked = joined.mutate(_rank=ibis.row_number().over(w))
    prof = ranked.filter(ranked._rank == 0)
    keep = ~ibis.coalesce(prof.bank_only, False)
    if config.staff.exclude_honorary:
        keep = keep & (ibis.coalesce(prof.contract, "") != "honorary")
    prof = prof.filter(keep)
    stratum = staff_stratum(prof, by, config)
    assert stratum is not None
    if by is not None:  # a person never seen in a snapshot has no band, staff group, ...
        stratum = ibis.ifelse(prof.snapshot_date.isnull(), NOT_RECORDED, stratum)
    prof = prof.mutate(stratum=stratum)
    prof = prof.select("org_code", "person_id", "year", "stratum")
    eth = latest_ethnicity(staff)
    linked = prof.left_join(eth, [prof.org_code == eth.org_code, prof.person_id == eth.person_id])
    linked = linked.mutate(ethnic_category=ibis.coalesce(linked.ethnic_category, ibis.literal("99")))
    agg = linked.group_by(["org_code", "year", "stratum", "ethnic_category"]).aggregate(people=linked.count())
    return execute(agg)


def headcount(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> pd.DataFrame:
    """Headcount at 31 March per (org, year, stratum, ethnic category): column ``headcount``."""
    staff = snapshots(src.table("staff"), years, config)
    stratum = staff_stratum(staff, by, config)
    assert stratum is not None
    t = staff.mutate(stratum=stratum)
    agg = t.group_by(["org_code", "year", "stratum", "ethnic_category"]).aggregate(headcount=t.count())
    return execute(agg)


def snapshot_years(src: Source, years: Sequence[int], config: WresConfig) -> set[tuple[str, int]]:
    """(org, year) pairs that have a 31 March snapshot."""
    staff = snapshots(src.table("staff"), years, config)
    df = execute(staff.select("org_code", "year").distinct())
    return {(str(o), int(y)) for o, y in zip(df["org_code"], df["year"], strict=True)}
