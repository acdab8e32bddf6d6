"""Indicator 2: relative likelihood of appointment from shortlisting (wres-domain.md §5.2).

``L_g = appointed_g / shortlisted_g`` over shortlisted applications whose shortlisting date falls in the
activity year (1 April Y−1 to 31 March Y); RL2 = L_White ÷ L_BME. Counting unit: applications. Variants:
``all`` and ``excluding_international`` (Kline; computed only where the international-recruit flag exists,
otherwise not computed with a note).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ibis
import numpy as np
import pandas as pd

from wres.config import WresConfig
from wres.indicators.breakdowns import recruitment_stratum
from wres.indicators.calendar import wres_year_expr
from wres.indicators.fine import breakdown_name, finish
from wres.indicators.plan import FamilyPlan, Query, query_name
from wres.indicators.source import Source

KEYS = ["org_code", "year", "stratum", "ethnic_category"]


def plan(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> FamilyPlan | None:
    """One query, ``recruitment_counts[by=...]``, assembled into both variants; None for a breakdown that does not
    apply."""
    apps = src.table("recruitment")
    stratum = recruitment_stratum(apps, by, config)
    if stratum is None:
        return None
    t = apps.filter(apps.shortlisted).mutate(year=wres_year_expr(apps.shortlisting_date), stratum=stratum)
    t = t.filter(t.year.isin(list(years)))
    if config.indicator2.exclude_bank_posts:
        t = t.filter(~ibis.coalesce(t.bank_post, False))
    international = ibis.coalesce(t.international, False)
    agg = t.group_by(KEYS).aggregate(
        shortlisted=t.count(),
        appointed=t.appointed.cast("int64").sum(),
        shortlisted_excl=(~international).cast("int64").sum(),
        appointed_excl=(t.appointed & ~international).cast("int64").sum(),
        flag_known=t.international.notnull().cast("int64").sum(),
    )
    counts = Query(query_name("recruitment_counts", by), agg)

    def assemble_plan(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        return assemble(frames[counts.name], by)

    return FamilyPlan("appointment", ("2",), (counts,), assemble_plan)


def assemble(df: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """Both variants from counts per (org, year, stratum, ethnic category) with and without international."""
    name = breakdown_name(by)
    every = finish(df, "2", "all", name)
    known = df.groupby(["org_code", "year"])["flag_known"].transform("sum") > 0
    excl = df.assign(shortlisted=df["shortlisted_excl"], appointed=df["appointed_excl"])
    excl.loc[~known, ["shortlisted", "appointed"]] = np.nan
    return pd.concat([every, finish(excl, "2", "excluding_international", name)], ignore_index=True)
