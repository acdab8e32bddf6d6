"""Headcounts at 31 March: computed once per source and shared by indicators 1, 3, 4 and 9."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from wres.config import WresConfig
from wres.indicators.breakdowns import grouping_for, staff_stratum
from wres.indicators.counts import group_lookup
from wres.indicators.people import category_expr, clinical_expr, snapshots
from wres.indicators.source import Source, execute


def staff_counts(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> pd.DataFrame:
    """In-scope headcount at 31 March per (org, year, category, band, stratum, ethnic category), computed once
    per source and shared by indicators 1, 3, 4 and 9."""

    def build() -> pd.DataFrame:
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
        return execute(agg)

    frame: pd.DataFrame = src.memo(("staff_counts", tuple(sorted(years)), by, id(config)), build)
    return frame.copy()


def headcount(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> pd.DataFrame:
    """Headcount at 31 March per (org, year, stratum, ethnic category): column ``headcount``."""

    def build() -> pd.DataFrame:
        df = staff_counts(src, years, by, config)
        keys = ["org_code", "year", "stratum", "ethnic_category"]
        return df.groupby(keys, observed=True)["headcount"].sum().reset_index()

    frame: pd.DataFrame = src.memo(("headcount", tuple(sorted(years)), by, id(config)), build)
    return frame.copy()


def snapshot_years(src: Source, years: Sequence[int], config: WresConfig) -> set[tuple[str, int]]:
    """(org, year) pairs that have a 31 March snapshot."""
    staff = snapshots(src.table("staff"), years, config)
    df = execute(staff.select("org_code", "year").distinct())
    return {(str(o), int(y)) for o, y in zip(df["org_code"], df["year"], strict=True)}
