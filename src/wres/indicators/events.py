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
from wres.indicators.calendar import is_snapshot_expr, wres_year_expr
from wres.indicators.people import NOT_RECORDED
from wres.indicators.source import Source, execute

PROFILE_COLUMNS = ("band", "staff_group", "occupation_code", "directorate", "site", "gender", "contract")
FLAG_COLUMNS = ("clinical", "bank_only")
SCOPE_COLUMNS = ("contract", "bank_only")  # enough to apply the scope rules when there is no breakdown


def latest_profile(staff: ir.Table, columns: Sequence[str]) -> ir.Table:
    """One row per person: ethnic category and ``columns`` of their latest snapshot (prefixed ``l_``)."""
    last = staff.group_by(["org_code", "person_id"]).aggregate(last_date=staff.snapshot_date.max())
    j = staff.inner_join(
        last,
        [staff.org_code == last.org_code, staff.person_id == last.person_id, staff.snapshot_date == last.last_date],
    )
    return j.select(
        l_org=j.org_code,
        l_person=j.person_id,
        l_ethnic_category=j.ethnic_category,
        **{f"l_{c}": j[c] for c in columns},
    )


def people_with_events(
    src: Source, events: ir.Table, date_col: str, years: Sequence[int], by: str | None, config: WresConfig
) -> pd.DataFrame:
    """Distinct people with at least one event per (org, year, stratum, ethnic category): column ``people``.

    Attributes (band, staff group, bank-only, ...) come from the person's 31 March snapshot of the event's
    year when they are in it, else from their latest snapshot; ethnicity always from the latest snapshot.
    """
    staff = src.table("staff")
    ev = events.mutate(year=wres_year_expr(events[date_col]))
    ev = ev.filter(ev.year.isin(list(years))).select("org_code", "person_id", "year").distinct()
    columns = SCOPE_COLUMNS if by is None else (*PROFILE_COLUMNS, *FLAG_COLUMNS)
    snap = staff.filter(is_snapshot_expr(staff.snapshot_date) & staff.snapshot_date.year().isin(list(years)))
    snap = snap.select(
        s_org=snap.org_code,
        s_person=snap.person_id,
        s_year=snap.snapshot_date.year().cast("int64"),
        s_found=ibis.literal(True),
        **{f"s_{c}": snap[c] for c in columns},
    )
    at_year = ev.left_join(snap, [ev.org_code == snap.s_org, ev.person_id == snap.s_person, ev.year == snap.s_year])
    name = "latest_scope" if by is None else "latest_profile"
    latest = src.materialise(name, latest_profile(staff, columns))
    j = at_year.left_join(latest, [at_year.org_code == latest.l_org, at_year.person_id == latest.l_person])
    in_snapshot = ibis.coalesce(j.s_found, False)
    merged = j.select(
        "org_code",
        "person_id",
        "year",
        ethnic_category=ibis.coalesce(j.l_ethnic_category, ibis.literal("99")),
        known=j.l_org.notnull(),
        **{c: ibis.ifelse(in_snapshot, j[f"s_{c}"], j[f"l_{c}"]) for c in columns},
    )
    keep = ~ibis.coalesce(merged.bank_only, False)
    if config.staff.exclude_honorary:
        keep = keep & (ibis.coalesce(merged.contract, "") != "honorary")
    prof = merged.filter(keep)
    stratum = staff_stratum(prof, by, config)
    assert stratum is not None
    if by is not None:  # a person never seen in a snapshot has no band, staff group, ...
        stratum = ibis.ifelse(prof.known, stratum, NOT_RECORDED)
    prof = prof.mutate(stratum=stratum)
    agg = prof.group_by(["org_code", "year", "stratum", "ethnic_category"]).aggregate(people=prof.count())
    return execute(agg)
