"""Headcounts at 31 March: one query per breakdown, executed once per run and shared by indicators 1, 3, 4 and 9
(:mod:`wres.indicators.plan`; wres-domain.md §3.5, §5.1)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from wres.config import WresConfig
from wres.indicators.breakdowns import grouping_for, staff_stratum
from wres.indicators.counts import group_lookup
from wres.indicators.people import category_expr, clinical_expr, snapshots
from wres.indicators.plan import Query, query_name
from wres.indicators.source import Source


def staff_counts(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> Query:
    """``staff_counts[by=...]``: in-scope headcount at 31 March per (org, year, category, band, stratum, ethnic
    category), column ``headcount``; by WRES group instead of ethnic category when the run groups by WRES group."""
    staff = snapshots(src.table("staff"), years, config)
    stratum = staff_stratum(staff, by, config)
    assert stratum is not None
    clinical = clinical_expr(staff, sg_config=config.staff.staff_group_config())
    t = staff.mutate(category=category_expr(staff.band, clinical), stratum=stratum)
    if grouping_for(by) == "wres":
        # count by WRES group rather than by category code: the same sums on far fewer rows
        lookup = group_lookup("wres", config)
        t = t.mutate(ethnic_category=t.ethnic_category.substitute(lookup, else_="Unknown"))
    agg = t.group_by(["org_code", "year", "category", "band", "stratum", "ethnic_category"]).aggregate(
        headcount=t.count()
    )
    return Query(query_name("staff_counts", by), agg)


def headcount(staff: pd.DataFrame) -> pd.DataFrame:
    """Headcount at 31 March per (org, year, stratum, ethnic category) from an executed :func:`staff_counts`."""
    keys = ["org_code", "year", "stratum", "ethnic_category"]
    return staff.groupby(keys, observed=True)["headcount"].sum().reset_index()


def snapshot_years(src: Source, years: Sequence[int], config: WresConfig) -> Query:
    """``snapshot_years[years=...]``: the (org_code, year) pairs of ``years`` that have a 31 March snapshot."""
    staff = snapshots(src.table("staff"), years, config)
    return Query(query_name("snapshot_years", years=sorted(years)), staff.select("org_code", "year").distinct())
